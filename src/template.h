/*
** template.h: the C interface to ctemplate, the only C++ in the program.
**
** A dictionary tree holds the values one expansion needs. The root is
** made with tpl_dict_new and freed with tpl_dict_free; sections and
** includes added below it are owned by their parent and die with it.
** Templates escape every value by position ({{%AUTOESCAPE context="HTML"}}
** at the top of each file); only tpl_set_trusted_html bypasses that.
*/
#ifndef RC_TEMPLATE_H
#define RC_TEMPLATE_H

#include <stdbool.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tpl_dict;

bool tpl_set_root(const char *dir);
void tpl_reload(void);
struct tpl_dict *tpl_dict_new(void);
void tpl_dict_free(struct tpl_dict *d);
void tpl_set(struct tpl_dict *d, const char *key, const char *value);
void tpl_set_int(struct tpl_dict *d, const char *key, long value);
void tpl_set_global(struct tpl_dict *d, const char *key, const char *value);
void tpl_set_trusted_html(struct tpl_dict *d, const char *key, const char *html);
void tpl_show(struct tpl_dict *d, const char *section);
struct tpl_dict *tpl_add_section(struct tpl_dict *d, const char *section);
struct tpl_dict *tpl_add_include(struct tpl_dict *d, const char *name, const char *file);
bool tpl_expand(const char *file, struct tpl_dict *d, struct buf *out);

#ifdef __cplusplus
}
#endif

#endif
