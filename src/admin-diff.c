/*
** admin-diff.c: the word differences between two states of a record as
** the admin shows them (admin-diff.tpl): every changed field (or every
** field) with its text whole, deletions and insertions marked, long
** unchanged stretches collapsed around them (text-diff.h). Used by the
** history, the comparison of two versions and the restore confirmation.
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "text-diff.h"

/*
** Set key in d to the len bytes at text.
*/
static void set_bytes(struct tpl_dict *d, const char *key, const char *text, size_t len)
{
	struct buf b = BUF_INIT;

	buf_append(&b, text, len);
	buf_puts(&b, "");
	tpl_set(d, key, b.data);
	buf_free(&b);
}

/*
** Add one RUN section to field for run i of diff: an unchanged stretch
** (collapsed when long: the words next to a change kept), a deletion or
** an insertion.
*/
static void add_run(struct tpl_dict *field, const struct text_diff *diff, size_t i)
{
	static const char *const section[] = {
		[TEXT_EQUAL] = "EQUAL", [TEXT_DELETED] = "DELETED", [TEXT_INSERTED] = "INSERTED",
	};
	const struct text_diff_run *run = &diff->runs[i];
	struct tpl_dict *r = tpl_add_section(tpl_add_section(field, "RUN"), section[run->op]);
	struct text_diff_collapsed c;

	if (!text_diff_collapse(run, i > 0, i + 1 < diff->nruns, &c)) {
		set_bytes(r, "TEXT", run->text, run->len);
		return;
	}
	tpl_show(r, "COLLAPSED");
	set_bytes(r, "HEAD", run->text, c.head_len);
	tpl_set_int(r, "WORDS", (long)c.hidden_words);
	set_bytes(r, "TAIL", c.tail, c.tail_len);
}

/*
** Add to d a {{>DIFF}} (admin-diff.tpl) with the differences from from
** to to, records of kind k (either NULL: a record that does not exist,
** its fields empty), their values as an editor reads them
** (admin_field_text): a FIELD for each field that differs, or with
** all_fields for every field (the same ones marked SAME). Returns the
** number of fields that differ.
*/
int admin_diff_record(struct admin *a, struct tpl_dict *d, const struct kind *k,
		      const struct record *from, const struct record *to, bool all_fields)
{
	struct tpl_dict *list = tpl_add_include(d, "DIFF", "admin-diff.tpl");
	int i, changed = 0;
	size_t r;

	for (i = 0; i < k->nfields; i++) {
		const char *was = from ? from->values[i] : "", *now = to ? to->values[i] : "";
		bool same = strcmp(was, now) == 0;
		char *was_text = NULL, *now_text = NULL;
		struct tpl_dict *field;
		struct text_diff diff;

		changed += !same;
		if (same && !all_fields)
			continue;
		field = tpl_add_section(list, "FIELD");
		tpl_set(field, "LABEL", k->fields[i].label);
		if (same)
			tpl_show(field, "SAME");
		/* A page that cannot be named is shown by its id. */
		admin_field_text(a, &k->fields[i], was, &was_text);
		admin_field_text(a, &k->fields[i], now, &now_text);
		text_diff(from ? was_text : "", to ? now_text : "", &diff);
		if (diff.whole)
			tpl_show(field, "WHOLE");
		for (r = 0; r < diff.nruns; r++)
			add_run(field, &diff, r);
		text_diff_free(&diff);
		free(was_text);
		free(now_text);
	}
	return changed;
}
