/*
** menu-cache.c: the main and footer menus, kept in memory.
**
** Reading the menus is most of the database work of a render, and they
** rarely change. The process keeps the last menus it read together with
** the 'menus' change mark they were read under (sql/migrate-3.sql); a
** render compares the mark, read in its own transaction, and rereads the
** menus only when it differs. Menus in use stay alive, by reference
** count, after newer ones replace them.
**
** Renders also keep here HTML they made from the menus (render.c: the
** menus expanded for one set of current entries), so that it lives and
** dies with the menus it came from. There is room for MENUS_FRAGMENTS
** of them, MENUS_FRAGMENT_BYTES in all: enough for the sections of a
** site of usual size, while the memory stays bounded for any.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "menu-cache.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct menus *latest;	/* holds one reference */

/*
** Drop one reference to ch (NULL is fine); the last one frees it.
*/
void menus_release(const struct menus *ch)
{
	struct menus *mine = (struct menus *)ch;
	bool last;

	if (mine == NULL)
		return;
	pthread_mutex_lock(&lock);
	last = --mine->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last) {
		while (mine->n_fragments--) {
			free(mine->fragments[mine->n_fragments].key);
			free(mine->fragments[mine->n_fragments].html);
		}
		link_list_free(&mine->main);
		link_list_free(&mine->footer);
		free(mine);
	}
}

/*
** The menus as the open read transaction on s sees them: the ones kept
** when the mark is theirs, else read now (and kept). A reference, or
** NULL (logged).
*/
static const struct menus *read_menus(struct store *s)
{
	struct menus *ch, *replaced = NULL;
	int64_t mark;
	int marked = public_change_mark(s, "menus", &mark);

	if (marked < 0)
		return NULL;
	pthread_mutex_lock(&lock);
	ch = latest;
	if (marked && ch && ch->mark == mark)
		ch->refs++;
	else
		ch = NULL;
	pthread_mutex_unlock(&lock);
	if (ch)
		return ch;

	ch = xmalloc(sizeof *ch);
	memset(ch, 0, sizeof *ch);
	ch->mark = mark;
	ch->refs = 1;
	if (public_menu(s, MENU_MAIN, &ch->main) < 0 ||
	    public_menu(s, MENU_FOOTER, &ch->footer) < 0) {
		menus_release(ch);
		return NULL;
	}
	if (marked) {
		pthread_mutex_lock(&lock);
		replaced = latest;
		latest = ch;
		ch->refs++;
		pthread_mutex_unlock(&lock);
		menus_release(replaced);
	}
	return ch;
}

/*
** The menus as the database shows them now: in the caller's read
** transaction on s, else in one of their own, so that the mark and the
** menus are one state. A reference the caller drops with
** menus_release; NULL when the database fails (logged). A database
** without the mark is read every time.
*/
const struct menus *menus_get(struct store *s)
{
	bool own = !store_in_transaction(s);
	const struct menus *ch;

	if (own && !store_read_begin(s))
		return NULL;
	ch = read_menus(s);
	if (own)
		store_read_end(s);
	return ch;
}

/*
** Drop the menus kept so far, with their HTML: after the templates were
** reloaded, the next render makes them again.
*/
void menus_forget(void)
{
	struct menus *dropped;

	pthread_mutex_lock(&lock);
	dropped = latest;
	latest = NULL;
	pthread_mutex_unlock(&lock);
	menus_release(dropped);
}

/*
** The HTML kept under key for ch, or NULL. It stays valid while the
** caller holds its reference to ch.
*/
const char *menus_fragment(const struct menus *ch, const char *key)
{
	const char *html = NULL;
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < ch->n_fragments && html == NULL; i++)
		if (strcmp(ch->fragments[i].key, key) == 0)
			html = ch->fragments[i].html;
	pthread_mutex_unlock(&lock);
	return html;
}

/*
** Keep html (allocated by the caller) under key for ch. Returns true
** when ch took html; false, with html still the caller's, when ch has
** no room left or already holds key (another thread made it meanwhile).
*/
bool menus_keep_fragment(const struct menus *ch, const char *key, char *html)
{
	struct menus *mine = (struct menus *)ch;
	bool kept = false;
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < mine->n_fragments; i++)
		if (strcmp(mine->fragments[i].key, key) == 0)
			break;
	if (i == mine->n_fragments && i < MENUS_FRAGMENTS &&
	    mine->fragment_bytes + strlen(html) <= MENUS_FRAGMENT_BYTES) {
		mine->fragments[i].key = xstrdup(key);
		mine->fragments[i].html = html;
		mine->n_fragments++;
		mine->fragment_bytes += strlen(html);
		kept = true;
	}
	pthread_mutex_unlock(&lock);
	return kept;
}
