/*
** store.h: the SQLite database. The store owns the connection and every
** prepared statement; all SQL in the program goes through store_prepare
** with bound parameters.
**
** The public worker opens the store read-only (one connection per
** thread); the admin CGI and the CLI open it read-write.
*/
#ifndef RC_STORE_H
#define RC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* The schema version this program works with (PRAGMA user_version):
** sql/schema.sql makes version 1, sql/migrate-N.sql each step after. */
#define STORE_SCHEMA_VERSION 4

enum store_mode { STORE_READONLY, STORE_READWRITE };

struct store;

void store_configure_threads(void);
struct store *store_open(const char *path, enum store_mode mode, char *err, size_t errlen);
void store_close(struct store *s);
sqlite3 *store_db(struct store *s);
sqlite3_stmt *store_prepare(struct store *s, const char *sql);
bool store_step_done(struct store *s, sqlite3_stmt *st);
char *store_column_text(sqlite3_stmt *st, int col);
bool store_read_begin(struct store *s);
void store_read_end(struct store *s);
bool store_may_have_changed(struct store *s);

#endif
