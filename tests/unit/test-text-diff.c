/*
** test-text-diff.c: the word-level differences of text-diff.c: words
** inserted, deleted and changed, a change joined across whitespace,
** UTF-8 text, identical and empty texts, a 200 KB text with one change
** (found quickly, exactly), texts with nothing in common, and the rule
** that collapses long unchanged stretches without cutting a change.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "text-diff.h"
#include "tap.h"

/* The search itself (its static functions), for test_shortest. */
#include "text-diff.c"

/*
** The runs of the differences from a to b as one string, each run
** written "=text", "-text" or "+text" and separated by "|" (owned by the
** caller).
*/
static char *runs_of(const char *a, const char *b)
{
	static const char sign[] = { [TEXT_EQUAL] = '=', [TEXT_DELETED] = '-', [TEXT_INSERTED] = '+' };
	struct text_diff d;
	struct buf out = BUF_INIT;
	size_t i;

	text_diff(a, b, &d);
	for (i = 0; i < d.nruns; i++) {
		if (i)
			buf_puts(&out, "|");
		buf_printf(&out, "%c%.*s", sign[d.runs[i].op], (int)d.runs[i].len, d.runs[i].text);
	}
	text_diff_free(&d);
	buf_puts(&out, "");
	return buf_detach(&out);
}

/*
** Check that the differences from a to b read as want.
*/
static void check_runs(const char *a, const char *b, const char *want, const char *what)
{
	char *got = runs_of(a, b);

	is_str(got, want, "%s", what);
	free(got);
}

/*
** Put the texts back together from the runs of d: the old text from
** equal and deleted runs, the new one from equal and inserted runs.
*/
static void rebuild(const struct text_diff *d, struct buf *old_text, struct buf *new_text)
{
	size_t i;

	for (i = 0; i < d->nruns; i++) {
		if (d->runs[i].op != TEXT_INSERTED)
			buf_append(old_text, d->runs[i].text, d->runs[i].len);
		if (d->runs[i].op != TEXT_DELETED)
			buf_append(new_text, d->runs[i].text, d->runs[i].len);
	}
	buf_puts(old_text, "");
	buf_puts(new_text, "");
}

/*
** A text of words words ("w0 w1 ..."), owned by the caller; the word at
** change (if below words) is "CHANGED".
*/
static char *long_text(size_t words, size_t change)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < words; i++) {
		if (i == change)
			buf_printf(&b, "%sCHANGED", i ? " " : "");
		else
			buf_printf(&b, "%sw%zu", i ? " " : "", i);
		if (i % 12 == 11)
			buf_puts(&b, ".\n");
	}
	return buf_detach(&b);
}

/*
** The seconds since t0 (CLOCK_MONOTONIC).
*/
static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
** Words inserted, deleted and changed; changes joined across whitespace
** alone; whitespace and punctuation.
*/
static void test_words(void)
{
	check_runs("the quick fox", "the quick brown fox", "=the quick |+brown |=fox", "a word inserted");
	check_runs("the quick brown fox", "the quick fox", "=the quick |-brown |=fox", "a word deleted");
	check_runs("the quick brown fox", "the quick red fox", "=the quick |-brown|+red|= fox",
		   "a word changed: deleted then inserted");
	check_runs("a b c", "x y z", "-a b c|+x y z", "changes across whitespace alone read as one");
	check_runs("one two three four", "one 2 three 4", "=one |-two|+2|= three |-four|+4",
		   "changes apart stay apart");
	check_runs("line one\nline two", "line one\n\nline two", "=line one|-\n|+\n\n|=line two",
		   "whitespace changes are changes");
	check_runs("end.", "end!", "-end.|+end!", "punctuation belongs to its word");
}

/*
** UTF-8 text: words are never cut inside a character.
*/
static void test_unicode(void)
{
	check_runs("Grüße aus Köln", "Grüße aus Zürich", "=Grüße aus |-Köln|+Zürich", "accented words whole");
	check_runs("日本語 テキスト", "日本語 文章", "=日本語 |-テキスト|+文章", "CJK words whole");
	check_runs("café", "cafe\xcc\x81", "-café|+cafe\xcc\x81", "precomposed and combining differ, whole");
	check_runs("a\xc2\xa0" "b c", "a\xc2\xa0" "b d", "=a\xc2\xa0" "b |-c|+d",
		   "a no-break space belongs to its word (no UTF-8 cut)");
}

/*
** Identical texts, and empty ones.
*/
static void test_edges(void)
{
	struct text_diff d;

	check_runs("same text here", "same text here", "=same text here", "identical: one equal run");
	check_runs("", "", "", "both empty: no runs");
	check_runs("", "new words", "+new words", "from empty: one insertion");
	check_runs("old words", "", "-old words", "to empty: one deletion");
	text_diff("", "", &d);
	is_int((long long)d.nruns, 0, "empty texts: nothing");
	ok(!d.whole, "and not given up");
	text_diff_free(&d);
}

/*
** A 200 KB text with one word changed: found quickly and exactly.
*/
static void test_long(void)
{
	char *a = long_text(30000, (size_t)-1), *b = long_text(30000, 15000);
	struct text_diff d;
	struct buf old_text = BUF_INIT, new_text = BUF_INIT;
	struct timespec t0;
	double took;
	size_t i, changed = 0;

	ok(strlen(a) > 200000, "a text of %zu bytes", strlen(a));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	text_diff(a, b, &d);
	took = seconds_since(&t0);
	ok(took < 0.5, "one change in 200 KB found in %.3f s", took);
	is_int((long long)d.nruns, 4, "equal, deleted, inserted, equal");
	for (i = 0; i < d.nruns; i++)
		if (d.runs[i].op != TEXT_EQUAL)
			changed += d.runs[i].len;
	is_int((long long)changed, (long long)(strlen("w15000") + strlen("CHANGED")), "only the word changed");
	ok(!d.whole, "exact");
	rebuild(&d, &old_text, &new_text);
	ok(strcmp(old_text.data, a) == 0 && strcmp(new_text.data, b) == 0, "the runs rebuild both texts, nothing cut");
	text_diff_free(&d);
	buf_free(&old_text);
	buf_free(&new_text);
	free(a);
	free(b);
}

/*
** Long texts with little in common: the search gives up in time, and
** the runs still say everything.
*/
static void test_nothing_in_common(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT, old_text = BUF_INIT, new_text = BUF_INIT;
	struct text_diff d;
	struct timespec t0;
	double took;
	size_t i;

	for (i = 0; i < 25000; i++) {
		buf_printf(&a, "a%zu b%zu ", i, i % 7);
		buf_printf(&b, "b%zu a%zu ", i % 5, i);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	text_diff(a.data, b.data, &d);
	took = seconds_since(&t0);
	ok(took < 3.0, "texts of %zu and %zu bytes with little in common: %.3f s", a.len, b.len, took);
	rebuild(&d, &old_text, &new_text);
	ok(strcmp(old_text.data, a.data) == 0 && strcmp(new_text.data, b.data) == 0,
	   "the runs still rebuild both texts (whole=%d)", d.whole);
	text_diff_free(&d);
	buf_free(&a);
	buf_free(&b);
	buf_free(&old_text);
	buf_free(&new_text);
}

/*
** The length of the longest common subsequence of the tokens of a and b
** (single letters and single spaces), by dynamic programming.
*/
static size_t lcs_length(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j, best;
	size_t *row = calloc((n + 1) * (m + 1), sizeof *row);

	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++)
			row[i * (m + 1) + j] = a[i - 1] == b[j - 1]
				? row[(i - 1) * (m + 1) + j - 1] + 1
				: row[(i - 1) * (m + 1) + j] > row[i * (m + 1) + j - 1]
				? row[(i - 1) * (m + 1) + j] : row[i * (m + 1) + j - 1];
	best = row[n * (m + 1) + m];
	free(row);
	return best;
}

/*
** Random texts of a few letters: the runs rebuild both texts, and the
** search keeps as many tokens as the longest common subsequence (the
** shortest edit script).
*/
/*
** The number of tokens of a the search keeps (does not delete) on the
** way to b.
*/
static size_t kept_tokens(const char *a, const char *b)
{
	struct differ d;
	size_t kept = 0;
	int i;

	memset(&d, 0, sizeof d);
	tokenize(a, &d.a);
	tokenize(b, &d.b);
	d.v1 = xmalloc(((size_t)(d.a.n + d.b.n) + 4) * sizeof *d.v1);
	d.v2 = xmalloc(((size_t)(d.a.n + d.b.n) + 4) * sizeof *d.v2);
	diff_range(&d, 0, d.a.n, 0, d.b.n);
	for (i = 0; i < d.a.n; i++)
		kept += !d.a.changed[i];
	free(d.v1);
	free(d.v2);
	free_tokens(&d.a);
	free_tokens(&d.b);
	return kept;
}

static void test_shortest(void)
{
	char a[80], b[80];
	int round, failures = 0;
	size_t i, n, m;

	srand(17);
	for (round = 0; round < 500; round++) {
		struct text_diff d;
		struct buf old_text = BUF_INIT, new_text = BUF_INIT;
		size_t kept = 0;

		n = (size_t)(rand() % 30);
		m = (size_t)(rand() % 30);
		for (i = 0; i < n; i++)
			a[2 * i] = (char)('a' + rand() % 3), a[2 * i + 1] = ' ';
		for (i = 0; i < m; i++)
			b[2 * i] = (char)('a' + rand() % 3), b[2 * i + 1] = ' ';
		a[n ? 2 * n - 1 : 0] = '\0';
		b[m ? 2 * m - 1 : 0] = '\0';
		text_diff(a, b, &d);
		rebuild(&d, &old_text, &new_text);
		kept = kept_tokens(a, b);
		if (strcmp(old_text.data, a) || strcmp(new_text.data, b) || kept != lcs_length(a, b)) {
			if (failures++ == 0)
				diag("\"%s\" -> \"%s\": kept %zu of %zu", a, b, kept, lcs_length(a, b));
		}
		text_diff_free(&d);
		buf_free(&old_text);
		buf_free(&new_text);
	}
	is_int(failures, 0, "500 random texts: rebuilt, and the shortest edit script");
}

/*
** The collapse rule: long equal runs only, the words next to a change
** kept, the rest counted.
*/
static void test_collapse(void)
{
	char *text = long_text(40, (size_t)-1);
	struct text_diff_run run = { TEXT_EQUAL, text, strlen(text) };
	struct text_diff_run short_run = { TEXT_EQUAL, "a few words only", 16 };
	struct text_diff_run deleted = { TEXT_DELETED, text, strlen(text) };
	struct text_diff_collapsed c;

	is_int((long long)text_diff_words(text, strlen(text)), 40, "40 words");
	ok(!text_diff_collapse(&short_run, true, true, &c), "a short equal run stays whole");
	ok(!text_diff_collapse(&deleted, true, true, &c), "a changed run is never collapsed");
	ok(text_diff_collapse(&run, true, true, &c), "40 unchanged words between changes collapse");
	is_int((long long)c.hidden_words, 40 - 2 * TEXT_DIFF_CONTEXT_WORDS, "all but the words kept each side");
	is_int((long long)text_diff_words(text, c.head_len), TEXT_DIFF_CONTEXT_WORDS, "head: the first words");
	is_int((long long)text_diff_words(c.tail, c.tail_len), TEXT_DIFF_CONTEXT_WORDS, "tail: the last words");
	ok(c.tail + c.tail_len == text + strlen(text), "the tail ends where the run ends");
	ok(text_diff_collapse(&run, false, true, &c), "at the start: only a tail");
	is_int((long long)c.head_len, 0, "no head");
	is_int((long long)c.hidden_words, 40 - TEXT_DIFF_CONTEXT_WORDS, "the rest hidden");
	ok(text_diff_collapse(&run, true, false, &c), "at the end: only a head");
	is_int((long long)c.tail_len, 0, "no tail");
	free(text);
}

/*
** Run every test; TAP on stdout.
*/
int main(void)
{
	test_words();
	test_unicode();
	test_edges();
	test_long();
	test_nothing_in_common();
	test_shortest();
	test_collapse();
	return tap_done();
}
