/*
** admin-presence.c: who else has a record's edit form open. admin.js
** posts /admin/presence when an edit form opens and every few minutes
** while it stays open; the edit form of that record, opened by another
** user within 15 minutes, says who and since when (admin-edit.c).
** Without JavaScript nothing is noted: the form still says who saved
** the record lately, from its revisions.
*/
#include <time.h>

#include "admin.h"
#include "model-admin.h"

/*
** POST /admin/presence (type, id): the signed-in user has the edit form
** of that record open. Answers 200 ("noted", as text), or why not.
*/
void admin_presence(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *id = admin_param(a, "id");

	if (k == NULL || !admin_record_id_ok(a, id))
		return;
	if (!presence_note(a->store, k->name, id, a->session.username, (int64_t)time(NULL))) {
		admin_change_failed(a, record_failure(a->store), k->title);
		return;
	}
	a->rep->status = 200;
	reply_header(a->rep, "Content-Type", "text/plain; charset=utf-8");
	buf_puts(&a->rep->body, "noted\n");
}
