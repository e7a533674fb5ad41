/*
** store.c: opening the database and caching prepared statements.
**
** Statements are cached by the address of their SQL text, which is
** always a string constant: each query is prepared once per connection
** and reused, and store_close finalizes them all in one place.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "store.h"

#define STORE_STMT_MAX 96

/* The WAL index (the -shm file) is mapped in regions of 32 KiB; the
** first begins with the index header, two copies of 12 32-bit words
** (https://www.sqlite.org/walformat.html, "The WAL-Index Header"). */
#define WAL_INDEX_REGION 32768
#define WAL_HEADER_WORDS 12

struct store {
	sqlite3 *db;
	int nstmt;
	struct {
		const char *sql;	/* the constant it was prepared from */
		sqlite3_stmt *stmt;
	} stmt[STORE_STMT_MAX];
	/* The WAL index header in memory shared with every connection to
	** the file, mapped by SQLite while db is open; NULL: not mapped. */
	const volatile uint32_t *wal_header;
	uint32_t wal_header_seen[WAL_HEADER_WORDS];	/* at the last look */
};

/*
** Run a fixed PRAGMA or statement with no result rows that matter.
*/
static int store_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/*
** Set SQLite up for a process whose threads each open a store: call
** before any other SQLite call. It turns off SQLite's count of the
** memory it holds (sqlite3_memory_used, which nothing here reads): the
** count takes a lock shared by all connections at each of the forty or
** so allocations of a page's queries (Debian builds SQLite without its
** per-connection lookaside allocator). Called later, SQLite refuses,
** and only that saving is lost.
*/
void store_configure_threads(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
** Open the database at path. Read-only stores refuse every write (the
** file is opened read-only and query_only is set). Read-write stores
** create nothing: the file must exist (see cli-init.c for creation).
** Checks that the schema version is the one this build knows.
** Returns the store (release with store_close), or NULL with a one-line
** message in err.
*/
struct store *store_open(const char *path, enum store_mode mode, char *err,
			 size_t errlen)
{
	int flags = SQLITE_OPEN_NOMUTEX;
	struct store *s;
	sqlite3_stmt *st;
	int version = -1;

	flags |= mode == STORE_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	s = xmalloc(sizeof *s);
	memset(s, 0, sizeof *s);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (mode == STORE_READWRITE) {
		/* Keep the -wal and -shm files when the last writer closes: a
		** worker on a read-only file system (systemd's ProtectSystem)
		** cannot create them, only use them. */
		int persist = 1;

		sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
		/* A restored backup comes in rollback-journal mode. */
		if (store_exec(s->db, "PRAGMA journal_mode=WAL") != SQLITE_OK) {
			snprintf(err, errlen, "cannot use database %s: %s", path, sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	/* A read-only store is one of the worker's threads: a small page
	** cache each (256 KiB), as every commit by the admin empties it and
	** the system's file cache holds the database anyway. */
	if (store_exec(s->db, "PRAGMA foreign_keys=ON") != SQLITE_OK ||
	    (mode == STORE_READONLY &&
	     store_exec(s->db, "PRAGMA query_only=ON; PRAGMA cache_size=-256") != SQLITE_OK) ||
	    sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot use database %s: %s", path, sqlite3_errmsg(s->db));
		goto fail;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version != STORE_SCHEMA_VERSION) {
		if (version < 0)
			snprintf(err, errlen, "cannot read database %s: %s", path,
				 sqlite3_errmsg(s->db));
		else
			snprintf(err, errlen, "database %s has schema version %d, this program needs %d%s",
				 path, version, STORE_SCHEMA_VERSION,
				 version < STORE_SCHEMA_VERSION ? " (run 'runningcode migrate')" : "");
		goto fail;
	}
	return s;
fail:
	sqlite3_close(s->db);
	free(s);
	return NULL;
}

/*
** Finalize every cached statement, close the connection, free s.
** s may be NULL.
*/
void store_close(struct store *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nstmt; i++)
		sqlite3_finalize(s->stmt[i].stmt);
	sqlite3_close(s->db);
	free(s);
}

/*
** The connection, for transactions and error messages. Owned by s.
*/
sqlite3 *store_db(struct store *s)
{
	return s->db;
}

/*
** Return the statement for the constant SQL text sql, prepared on first
** use and reset with its bindings cleared on every later one. The
** statement is owned by s. Returns NULL (logged) when the database
** cannot prepare it, for example because the file went away.
** SQL with trailing text (a second statement) is a programming error.
*/
sqlite3_stmt *store_prepare(struct store *s, const char *sql)
{
	const char *tail = NULL;
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < s->nstmt; i++) {
		if (s->stmt[i].sql == sql) {
			sqlite3_reset(s->stmt[i].stmt);
			sqlite3_clear_bindings(s->stmt[i].stmt);
			return s->stmt[i].stmt;
		}
	}
	if (s->nstmt == STORE_STMT_MAX)
		log_fatal("too many distinct statements (raise STORE_STMT_MAX)");
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail) != SQLITE_OK) {
		log_error("database: %s", sqlite3_errmsg(s->db));
		return NULL;
	}
	if (tail && tail[strspn(tail, " \t\r\n")] != '\0')
		log_fatal("SQL with trailing text: %s", sql);
	s->stmt[s->nstmt].sql = sql;
	s->stmt[s->nstmt].stmt = st;
	s->nstmt++;
	return st;
}

/*
** Step st to completion of a write and reset it. Return true on
** success; on failure log the database's message and return false.
*/
bool store_step_done(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return true;
	log_error("database: %s", sqlite3_errmsg(s->db));
	return false;
}

/*
** Copy column col of the current row as a string ("" for NULL). The
** caller owns the result.
*/
char *store_column_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return xstrdup(t ? (const char *)t : "");
}

/*
** Step the statement for the constant SQL text sql once, to its end.
** Returns whether it ran without error.
*/
static bool store_run(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql);
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;

	if (st)
		sqlite3_reset(st);
	return rc == SQLITE_DONE;
}

/*
** Begin a read transaction, so that the queries of one page see one
** state of the database. Returns false (logged) on failure.
*/
bool store_read_begin(struct store *s)
{
	static const char sql[] = "BEGIN";

	if (store_run(s, sql))
		return true;
	log_error("database: %s", sqlite3_errmsg(s->db));
	return false;
}

/*
** End the read transaction store_read_begin began.
*/
void store_read_end(struct store *s)
{
	static const char sql[] = "COMMIT";

	store_run(s, sql);
}

/*
** The WAL index header of s's database, or NULL when the database is not
** in WAL mode. Points into the shared memory SQLite maps for the
** connection (through the VFS's xShmMap, which returns the region it
** has mapped already), so it is valid while s is open.
*/
static const volatile uint32_t *map_wal_header(struct store *s)
{
	static const char sql[] = "PRAGMA journal_mode";
	sqlite3_stmt *st = store_prepare(s, sql);
	sqlite3_file *file = NULL;
	volatile void *region = NULL;
	bool wal;

	/* Asking the mode also opens the index, as any read does. */
	wal = st && sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	if (st)
		sqlite3_reset(st);
	if (!wal || sqlite3_file_control(s->db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
	    file == NULL || file->pMethods == NULL || file->pMethods->iVersion < 2 ||
	    file->pMethods->xShmMap(file, 0, WAL_INDEX_REGION, 0, &region) != SQLITE_OK)
		return NULL;
	return region;
}

/*
** Whether another connection may have committed since the last call on
** s: false only when the database's WAL index header is the same word
** for word. Every commit rewrites that header (its change counter, its
** frame count, its checksum), before the commit returns, and its layout
** is fixed because every version of SQLite that opens the file at once
** shares it. So a thread can tell "nothing changed" from memory, where
** any query takes a read transaction (two fcntl locks).
** True when it cannot tell (the database is not in WAL mode): ask the
** database (site_store reads the 'content' change mark).
*/
bool store_may_have_changed(struct store *s)
{
	uint32_t now[WAL_HEADER_WORDS];
	bool changed;
	size_t i;

	if (s->wal_header == NULL)
		s->wal_header = map_wal_header(s);
	if (s->wal_header == NULL)
		return true;
	/* Another process writes it: word by word, each read from memory.
	** A torn read differs from the last, and costs one query. */
	for (i = 0; i < WAL_HEADER_WORDS; i++)
		now[i] = s->wal_header[i];
	changed = memcmp(now, s->wal_header_seen, sizeof now) != 0;
	memcpy(s->wal_header_seen, now, sizeof now);
	return changed;
}
