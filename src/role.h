/*
** role.h: what each role of a user may do. The admin's route table
** (admin-dispatch.c) names the least role of each address; the record
** engine (record.c) asks role_may_change before any change, so a screen
** that forgot a check still cannot change what the role may not.
**
**   contributor     creates pages, unpublished; saves drafts of pages,
**                   programs and menu entries, and discards the drafts
**                   they saved; reads the rest
**   editor          pages, programs and menu entries: saves, publishes,
**                   deletes, moves, restores
**   administrator   everything: also redirects, users, the audit log
*/
#ifndef RC_ROLE_H
#define RC_ROLE_H

#include <stdbool.h>

struct kind;	/* record.h */

/* Ordered: each role may do what the ones before it may. */
enum role { ROLE_NONE, ROLE_CONTRIBUTOR, ROLE_EDITOR, ROLE_ADMINISTRATOR };

enum role role_from_name(const char *name);
const char *role_name(enum role r);
const char *role_title(enum role r);
bool role_may_edit_kind(enum role r, const struct kind *k);

#endif
