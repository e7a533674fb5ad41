/*
** text-diff.h: the word-level differences between two texts, for the
** admin's history, comparisons and restore confirmations.
**
** A text is read as a sequence of tokens: runs of ASCII whitespace and
** runs of everything else (words, with their punctuation). Splitting
** only at ASCII bytes never cuts a UTF-8 character. The differences are
** the shortest edit script between the two token sequences (Myers'
** O((N+M)D) algorithm in linear space, after the common start and end
** are set aside), given as runs: equal, deleted (from the old text),
** inserted (from the new one). A change is given as its deleted run
** then its inserted run; whitespace alone between two changes joins
** them, so "a b" -> "x y" reads as one replacement, not four.
**
** Bounded: texts over TEXT_DIFF_BYTES_MAX, or differences that would take
** more than TEXT_DIFF_WORK_MAX steps to find (texts that have little in
** common), are given as one whole replacement of the part that differs
** (the common start and end are still equal runs), and text_diff says
** so. Memory is O(N+M) tokens.
**
** No library does this: Debian packages no C word-diff library (libgit2's
** xdiff is line-based and private; libkomparediff2 is Qt), so it is here.
*/
#ifndef RC_TEXT_DIFF_H
#define RC_TEXT_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#define TEXT_DIFF_BYTES_MAX (1024 * 1024)	/* larger texts: one replacement */
#define TEXT_DIFF_WORK_MAX 20000000L	/* steps of the search before giving up */
#define TEXT_DIFF_COLLAPSE_WORDS 30	/* equal runs of more words are collapsed */
#define TEXT_DIFF_CONTEXT_WORDS 6	/* words kept on each side of a collapsed run */

enum text_diff_op { TEXT_EQUAL, TEXT_DELETED, TEXT_INSERTED };

/* One run: text borrowed from the old text (equal, deleted) or the new
** one (inserted), len bytes, not NUL-terminated. */
struct text_diff_run {
	enum text_diff_op op;
	const char *text;
	size_t len;
};

/* The differences: runs owned by it (text_diff_free), texts borrowed. */
struct text_diff {
	struct text_diff_run *runs;
	size_t nruns;
	bool whole;		/* gave up looking: the differing part is one replacement */
};

/* An equal run as shown collapsed: its first head_len bytes, then
** hidden_words words not shown, then its last tail_len bytes (from
** tail). */
struct text_diff_collapsed {
	size_t head_len;
	size_t hidden_words;
	const char *tail;
	size_t tail_len;
};

void text_diff(const char *old_text, const char *new_text, struct text_diff *out);
void text_diff_free(struct text_diff *d);
size_t text_diff_words(const char *text, size_t len);
bool text_diff_collapse(const struct text_diff_run *run, bool keep_head, bool keep_tail,
			struct text_diff_collapsed *out);

#endif
