/*
** text-diff.c: word-level differences between two texts (text-diff.h):
** tokens, Myers' middle-snake search in linear space (as in E. Myers,
** "An O(ND) Difference Algorithm and Its Variations", 1986, section 4b,
** in the form of diff-match-patch's bisect), runs, and the collapsing of
** long equal runs.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text-diff.h"

/* One token: a run of ASCII whitespace or of anything else. */
struct token {
	const char *text;
	size_t len;
	uint32_t hash;
};

/* A token sequence and, per token, whether the edit script changes it. */
struct tokens {
	struct token *tok;
	bool *changed;		/* deleted (old text) or inserted (new text) */
	int n;
};

/* The search's state: both texts, two work arrays, the steps taken. */
struct differ {
	struct tokens a, b;
	int *v1, *v2;		/* forward and backward furthest x per diagonal */
	long work;
	bool gave_up;
};

/*
** Whether c is ASCII whitespace (every other byte, UTF-8 ones included,
** belongs to a word).
*/
static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
** Split text into out's tokens (out->tok and out->changed owned by out,
** freed by free_tokens), each with its FNV-1a hash.
*/
static void tokenize(const char *text, struct tokens *out)
{
	size_t len = strlen(text), i = 0, cap = 16;

	out->n = 0;
	out->tok = xmalloc(cap * sizeof *out->tok);
	while (i < len) {
		bool space = is_space((unsigned char)text[i]);
		size_t start = i;
		uint32_t h = 2166136261u;

		while (i < len && is_space((unsigned char)text[i]) == space) {
			h = (h ^ (unsigned char)text[i]) * 16777619u;
			i++;
		}
		if ((size_t)out->n == cap) {
			cap *= 2;
			out->tok = xrealloc(out->tok, cap * sizeof *out->tok);
		}
		out->tok[out->n++] = (struct token){ text + start, i - start, h };
	}
	out->changed = xmalloc((size_t)out->n + 1);
	memset(out->changed, 0, (size_t)out->n + 1);
}

/*
** Free what tokenize allocated in t.
*/
static void free_tokens(struct tokens *t)
{
	free(t->tok);
	free(t->changed);
	memset(t, 0, sizeof *t);
}

/*
** Whether token i of the old text equals token j of the new one.
*/
static bool same(const struct differ *d, int i, int j)
{
	const struct token *x = &d->a.tok[i], *y = &d->b.tok[j];

	return x->hash == y->hash && x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

/*
** Mark old tokens [a0, a1) deleted and new tokens [b0, b1) inserted.
*/
static void mark_replaced(struct differ *d, int a0, int a1, int b0, int b1)
{
	if (a1 > a0)
		memset(d->a.changed + a0, 1, (size_t)(a1 - a0));
	if (b1 > b0)
		memset(d->b.changed + b0, 1, (size_t)(b1 - b0));
}

/*
** Find where a shortest edit script from old [a0, a1) to new [b0, b1)
** crosses its middle (the middle snake): *x, *y, offsets into the two
** ranges. Returns false when the ranges share no token in order, or the
** search ran past TEXT_DIFF_WORK_MAX steps (then d->gave_up).
*/
static bool middle_snake(struct differ *d, int a0, int a1, int b0, int b1, int *x, int *y)
{
	int n = a1 - a0, m = b1 - b0, max_d = (n + m + 1) / 2;
	int v_offset = max_d, v_length = 2 * max_d + 2, delta = n - m;
	bool front = delta % 2 != 0;
	int k1start = 0, k1end = 0, k2start = 0, k2end = 0, i, dd, k1, k2;

	for (i = 0; i < v_length; i++)
		d->v1[i] = d->v2[i] = -1;
	d->v1[v_offset + 1] = d->v2[v_offset + 1] = 0;
	for (dd = 0; dd < max_d; dd++) {
		for (k1 = -dd + k1start; k1 <= dd - k1end; k1 += 2) {
			int k1o = v_offset + k1, x1, y1;

			x1 = (k1 == -dd || (k1 != dd && d->v1[k1o - 1] < d->v1[k1o + 1]))
				? d->v1[k1o + 1] : d->v1[k1o - 1] + 1;
			y1 = x1 - k1;
			while (x1 < n && y1 < m && same(d, a0 + x1, b0 + y1))
				x1++, y1++, d->work++;
			d->v1[k1o] = x1;
			if (++d->work > TEXT_DIFF_WORK_MAX) {
				d->gave_up = true;
				return false;
			}
			if (x1 > n) {
				k1end += 2;
			} else if (y1 > m) {
				k1start += 2;
			} else if (front) {
				int k2o = v_offset + delta - k1;

				if (k2o >= 0 && k2o < v_length && d->v2[k2o] != -1 && x1 >= n - d->v2[k2o]) {
					*x = x1;
					*y = y1;
					return true;
				}
			}
		}
		for (k2 = -dd + k2start; k2 <= dd - k2end; k2 += 2) {
			int k2o = v_offset + k2, x2, y2;

			x2 = (k2 == -dd || (k2 != dd && d->v2[k2o - 1] < d->v2[k2o + 1]))
				? d->v2[k2o + 1] : d->v2[k2o - 1] + 1;
			y2 = x2 - k2;
			while (x2 < n && y2 < m && same(d, a1 - x2 - 1, b1 - y2 - 1))
				x2++, y2++, d->work++;
			d->v2[k2o] = x2;
			if (++d->work > TEXT_DIFF_WORK_MAX) {
				d->gave_up = true;
				return false;
			}
			if (x2 > n) {
				k2end += 2;
			} else if (y2 > m) {
				k2start += 2;
			} else if (!front) {
				int k1o = v_offset + delta - k2;

				if (k1o >= 0 && k1o < v_length && d->v1[k1o] != -1 &&
				    d->v1[k1o] >= n - x2) {
					*x = d->v1[k1o];
					*y = v_offset + d->v1[k1o] - k1o;
					return true;
				}
			}
		}
	}
	return false;
}

/*
** Mark the tokens a shortest edit script from old [a0, a1) to new
** [b0, b1) deletes and inserts (a whole replacement once the search has
** given up).
*/
static void diff_range(struct differ *d, int a0, int a1, int b0, int b1)
{
	int x, y;

	while (a0 < a1 && b0 < b1 && same(d, a0, b0))
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && same(d, a1 - 1, b1 - 1))
		a1--, b1--;
	if (a0 == a1 || b0 == b1 || d->gave_up || !middle_snake(d, a0, a1, b0, b1, &x, &y)) {
		mark_replaced(d, a0, a1, b0, b1);
		return;
	}
	diff_range(d, a0, a0 + x, b0, b0 + y);
	diff_range(d, a0 + x, a1, b0 + y, b1);
}

/*
** Append a run of op over tokens [from, to) of t to out, when not empty.
*/
static void add_run(struct text_diff *out, size_t *cap, enum text_diff_op op,
		    const struct tokens *t, int from, int to)
{
	const struct token *last;

	if (to <= from)
		return;
	if (out->nruns == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		out->runs = xrealloc(out->runs, *cap * sizeof *out->runs);
	}
	last = &t->tok[to - 1];
	out->runs[out->nruns++] = (struct text_diff_run){
		op, t->tok[from].text, (size_t)(last->text + last->len - t->tok[from].text),
	};
}

/*
** Whether token i of t (old or new) is one the edit script changes.
*/
static bool changed_at(const struct tokens *t, int i)
{
	return i < t->n && t->changed[i];
}

/*
** Turn the marked tokens into runs in out: equal stretches, and each
** change as its deleted then its inserted text, a change joined with
** the next one across whitespace alone.
*/
static void make_runs(const struct differ *d, struct text_diff *out)
{
	const struct tokens *a = &d->a, *b = &d->b;
	int i = 0, j = 0, k, ai, bj;
	size_t cap = 0;

	while (i < a->n || j < b->n) {
		ai = i;
		bj = j;
		if (!changed_at(a, i) && !changed_at(b, j)) {
			while (i < a->n && j < b->n && !a->changed[i] && !b->changed[j])
				i++, j++;
			add_run(out, &cap, TEXT_EQUAL, a, ai, i);
			continue;
		}
		for (;;) {
			while (changed_at(a, i))
				i++;
			while (changed_at(b, j))
				j++;
			for (k = 0; i + k < a->n && j + k < b->n && !a->changed[i + k] &&
			     is_space((unsigned char)a->tok[i + k].text[0]); k++)
				;
			if (k == 0 || !(changed_at(a, i + k) || changed_at(b, j + k)))
				break;
			i += k;
			j += k;
		}
		add_run(out, &cap, TEXT_DELETED, a, ai, i);
		add_run(out, &cap, TEXT_INSERTED, b, bj, j);
	}
}

/*
** The differences from old_text to new_text in *out (free it with
** text_diff_free; its runs borrow both texts, which must outlive it).
*/
void text_diff(const char *old_text, const char *new_text, struct text_diff *out)
{
	struct differ d;
	size_t most;

	memset(out, 0, sizeof *out);
	memset(&d, 0, sizeof d);
	tokenize(old_text, &d.a);
	tokenize(new_text, &d.b);
	if (strlen(old_text) > TEXT_DIFF_BYTES_MAX || strlen(new_text) > TEXT_DIFF_BYTES_MAX)
		d.gave_up = true;
	most = (size_t)(d.a.n + d.b.n + 1) / 2 * 2 + 2;
	d.v1 = xmalloc(most * sizeof *d.v1);
	d.v2 = xmalloc(most * sizeof *d.v2);
	diff_range(&d, 0, d.a.n, 0, d.b.n);
	make_runs(&d, out);
	out->whole = d.gave_up;
	free(d.v1);
	free(d.v2);
	free_tokens(&d.a);
	free_tokens(&d.b);
}

/*
** Free what d owns (not the texts its runs borrow).
*/
void text_diff_free(struct text_diff *d)
{
	free(d->runs);
	memset(d, 0, sizeof *d);
}

/*
** The number of words (runs of non-whitespace) in text's len bytes.
*/
size_t text_diff_words(const char *text, size_t len)
{
	size_t i, words = 0;

	for (i = 0; i < len; i++)
		if (!is_space((unsigned char)text[i]) && (i == 0 || is_space((unsigned char)text[i - 1])))
			words++;
	return words;
}

/*
** The length of text's first words words and the whitespace after them.
*/
static size_t first_words(const char *text, size_t len, size_t words)
{
	size_t i = 0;

	while (i < len && is_space((unsigned char)text[i]))
		i++;
	while (i < len && words > 0) {
		while (i < len && !is_space((unsigned char)text[i]))
			i++;
		while (i < len && is_space((unsigned char)text[i]))
			i++;
		words--;
	}
	return i;
}

/*
** Where text's last words words start (with the whitespace before them).
*/
static size_t last_words_start(const char *text, size_t len, size_t words)
{
	size_t i = len;

	while (i > 0 && is_space((unsigned char)text[i - 1]))
		i--;
	while (i > 0 && words > 0) {
		while (i > 0 && !is_space((unsigned char)text[i - 1]))
			i--;
		while (i > 0 && is_space((unsigned char)text[i - 1]))
			i--;
		words--;
	}
	return i;
}

/*
** Whether an equal run of more than TEXT_DIFF_COLLAPSE_WORDS words is
** shown collapsed, and how in *out: its first TEXT_DIFF_CONTEXT_WORDS
** words when keep_head (a change comes before it), its last ones when
** keep_tail (a change follows), the words between counted. Changed runs
** and shorter equal runs are never collapsed.
*/
bool text_diff_collapse(const struct text_diff_run *run, bool keep_head, bool keep_tail,
			struct text_diff_collapsed *out)
{
	size_t words = run->op == TEXT_EQUAL ? text_diff_words(run->text, run->len) : 0;
	size_t head = keep_head ? TEXT_DIFF_CONTEXT_WORDS : 0;
	size_t tail = keep_tail ? TEXT_DIFF_CONTEXT_WORDS : 0;
	size_t tail_start;

	memset(out, 0, sizeof *out);
	if (words <= TEXT_DIFF_COLLAPSE_WORDS)
		return false;
	out->head_len = keep_head ? first_words(run->text, run->len, head) : 0;
	tail_start = last_words_start(run->text, run->len, tail);
	if (!keep_tail)
		tail_start = run->len;
	out->tail = run->text + tail_start;
	out->tail_len = run->len - tail_start;
	out->hidden_words = words - head - tail;
	return true;
}
