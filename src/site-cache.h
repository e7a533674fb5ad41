/*
** site-cache.h: rendered public pages kept in memory, shared by the worker's
** threads. An entry is valid only for the generation it was rendered in;
** a thread that sees what visitors see change (site_store) starts a
** new generation, which drops every entry at once. Memory is bounded:
** the least recently used entries go first.
*/
#ifndef RC_CACHE_H
#define RC_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "http-validators.h"
#include "store.h"

void cache_init(size_t max_bytes);
unsigned cache_generation(void);
void cache_new_generation(void);
void cache_note_content_mark(int64_t mark, unsigned seen_generation);
void cache_follow_database(struct store *s, bool reopened);
time_t cache_last_modified(const char *path, const char *etag);
bool cache_get(const char *path, unsigned generation, struct buf *body,
	       struct page_validators *v);
void cache_put(const char *path, unsigned generation, const struct buf *body,
	       const struct page_validators *v);
unsigned long cache_drops(void);

#endif
