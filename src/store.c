/*
** store.c: opening the database, and the query vocabulary of store.h.
**
** Statements are cached by the address of their SQL text, which is
** always a string constant: each query is prepared once per connection
** and reused, and store_close finalizes them all in one place. Every
** call binds, steps and resets in one function here (query), so no
** statement is ever left half-read or holding a caller's strings.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

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
	enum store_failure failure;	/* of the last call */
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

struct store_row {
	sqlite3_stmt *st;
};

/*
** Note why a call on s failed, from SQLite's (extended) result code rc,
** and log it, unless it is a constraint the caller is there to handle.
*/
static void note_failure(struct store *s, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		s->failure = STORE_BUSY;
		break;
	case SQLITE_FULL:
		s->failure = STORE_FULL;
		break;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		s->failure = STORE_READONLY_FILE;
		break;
	case SQLITE_CONSTRAINT:
		s->failure = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ?
			     STORE_DUPLICATE : STORE_CONSTRAINT;
		return;
	default:
		s->failure = STORE_FAILED;
		break;
	}
	log_error("database: %s", sqlite3_errmsg(s->db));
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
	sqlite3_extended_result_codes(s->db, 1);
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
** The statement for the constant SQL text sql, prepared on first use
** and cached by the text's address (always a string constant). Owned
** by s. Returns NULL (logged, the failure noted) when the database
** cannot prepare it, for example because the file went away.
** SQL with trailing text (a second statement) is a programming error.
*/
static sqlite3_stmt *statement(struct store *s, const char *sql)
{
	const char *tail = NULL;
	sqlite3_stmt *st;
	int i, rc;

	for (i = 0; i < s->nstmt; i++)
		if (s->stmt[i].sql == sql)
			return s->stmt[i].stmt;
	if (s->nstmt == STORE_STMT_MAX)
		log_fatal("too many distinct statements (raise STORE_STMT_MAX)");
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
	if (rc != SQLITE_OK) {
		note_failure(s, rc);
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
** Bind args to st: each value to its position, or to the parameter of
** its name (a named value that st does not use is skipped). Returns
** false (noted) when SQLite refuses a value.
*/
static bool bind(struct store *s, sqlite3_stmt *st, struct store_args args)
{
	int i, index, rc = SQLITE_OK;

	for (i = 0; i < args.n && rc == SQLITE_OK; i++) {
		const struct store_value *v = &args.values[i];

		index = v->name ? sqlite3_bind_parameter_index(st, v->name) : i + 1;
		if (index == 0)
			continue;
		switch (v->type) {
		case STORE_VALUE_TEXT:
			rc = sqlite3_bind_text(st, index, v->text, (int)v->number, SQLITE_STATIC);
			break;
		case STORE_VALUE_INT:
			rc = sqlite3_bind_int64(st, index, v->number);
			break;
		case STORE_VALUE_NULL:
			rc = sqlite3_bind_null(st, index);
			break;
		}
	}
	if (rc != SQLITE_OK)
		note_failure(s, rc);
	return rc == SQLITE_OK;
}

/*
** Run sql with args, calling fn (when not NULL) for each row until it
** returns false; with stop_after_one, only the first row is read. The
** statement is reset and its bindings cleared before returning.
** Returns the number of rows read, or -1 (noted).
*/
static int query(struct store *s, const char *sql, struct store_args args, store_row_fn fn,
		 void *ctx, bool stop_after_one)
{
	struct store_row row;
	int rc = SQLITE_DONE, n = 0;
	sqlite3_stmt *st;

	s->failure = STORE_OK;
	st = row.st = statement(s, sql);
	if (st == NULL)
		return -1;
	if (bind(s, st, args)) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			n++;
			if ((fn && !fn(ctx, &row)) || stop_after_one) {
				rc = SQLITE_DONE;
				break;
			}
		}
		if (rc != SQLITE_DONE)
			note_failure(s, rc);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return s->failure == STORE_OK ? n : -1;
}

/*
** Call fn for each row of sql with args (see store.h). Returns the
** number of rows read, or -1.
*/
int store_each(struct store *s, const char *sql, struct store_args args,
	       store_row_fn fn, void *ctx)
{
	return query(s, sql, args, fn, ctx, false);
}

/*
** Call fn for the first row of sql with args. Returns 1, 0 (no row)
** or -1.
*/
int store_one(struct store *s, const char *sql, struct store_args args,
	      store_row_fn fn, void *ctx)
{
	return query(s, sql, args, fn, ctx, true);
}

/*
** Whether sql with args yields a row: 1, 0, or -1.
*/
int store_exists(struct store *s, const char *sql, struct store_args args)
{
	return query(s, sql, args, NULL, NULL, true);
}

static bool read_int(void *ctx, const struct store_row *row)
{
	*(int64_t *)ctx = row_int(row, 0);
	return false;
}

/*
** The first column of the first row of sql as an integer in *out (0
** when there is none). Returns 1, 0 or -1.
*/
int store_int(struct store *s, const char *sql, struct store_args args, int64_t *out)
{
	*out = 0;
	return query(s, sql, args, read_int, out, true);
}

static bool read_text(void *ctx, const struct store_row *row)
{
	*(char **)ctx = row_text_copy(row, 0);
	return false;
}

/*
** The first column of the first row of sql as text in *out, owned by
** the caller ("" for NULL; NULL when there is no row or on error).
** Returns 1, 0 or -1.
*/
int store_text(struct store *s, const char *sql, struct store_args args, char **out)
{
	*out = NULL;
	return query(s, sql, args, read_text, out, true);
}

/*
** Run sql with args to its end (a write, or a PRAGMA that answers).
** Returns the number of rows it changed, or -1.
*/
int store_run(struct store *s, const char *sql, struct store_args args)
{
	return query(s, sql, args, NULL, NULL, false) < 0 ? -1 : sqlite3_changes(s->db);
}

struct json_walk {
	store_member_fn fn;
	void *ctx;
};

static bool call_with_member(void *ctx, const struct store_row *row)
{
	struct json_walk *walk = ctx;

	return walk->fn(walk->ctx, row_text(row, 0), row_text(row, 1));
}

/*
** Call fn for each member of the JSON object json (SQLite parses it).
** Returns the number of members, or -1.
*/
int store_json_members(struct store *s, const char *json, store_member_fn fn, void *ctx)
{
	static const char sql[] = "SELECT key, CAST(value AS TEXT) FROM json_each(?1)";
	struct json_walk walk = { fn, ctx };

	return store_each(s, sql, ARGS(SV_TEXT(json)), call_with_member, &walk);
}

/*
** Set member key of the JSON object *json (owned by the caller, or NULL
** for an empty object) to the text value, SQLite making the JSON: *json
** is replaced by the result, which the caller owns. Returns 1, or -1
** (then *json is as it was).
*/
int store_json_set(struct store *s, char **json, const char *key, const char *value)
{
	static const char sql[] = "SELECT json_set(coalesce(?1, '{}'), '$.' || ?2, ?3)";
	char *out = NULL;

	if (store_text(s, sql, ARGS(*json ? SV_TEXT(*json) : SV_NULL, SV_TEXT(key), SV_TEXT(value)),
		       &out) != 1) {
		free(out);
		return -1;
	}
	free(*json);
	*json = out;
	return 1;
}

/*
** Why the last call on s failed (STORE_OK when it did not).
*/
enum store_failure store_failure(const struct store *s)
{
	return s->failure;
}

/*
** The rowid of the row the last INSERT on s made.
*/
int64_t store_last_rowid(struct store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

/*
** Column col of the row as text: "" for NULL. Borrowed until the row
** function returns.
*/
const char *row_text(const struct store_row *row, int col)
{
	const unsigned char *t = sqlite3_column_text(row->st, col);

	return t ? (const char *)t : "";
}

/*
** Column col of the row as text ("" for NULL), owned by the caller.
*/
char *row_text_copy(const struct store_row *row, int col)
{
	return xstrdup(row_text(row, col));
}

int64_t row_int(const struct store_row *row, int col)
{
	return sqlite3_column_int64(row->st, col);
}

bool row_is_null(const struct store_row *row, int col)
{
	return sqlite3_column_type(row->st, col) == SQLITE_NULL;
}

/*
** Begin a write transaction, taking the write lock now (waiting up to
** the busy timeout): a change reads and writes one state. Returns false
** (noted) when the lock cannot be had.
*/
bool store_write_begin(struct store *s)
{
	static const char sql[] = "BEGIN IMMEDIATE";

	return store_run(s, sql, NO_ARGS) >= 0;
}

/*
** Commit the transaction; when that fails, roll it back. Returns
** whether it committed (the failure noted when not).
*/
bool store_commit(struct store *s)
{
	static const char sql[] = "COMMIT";
	if (store_run(s, sql, NO_ARGS) >= 0)
		return true;
	store_rollback(s);
	return false;
}

/*
** Roll back the transaction, if one is open. store_failure() still
** says why the transaction failed.
*/
void store_rollback(struct store *s)
{
	static const char sql[] = "ROLLBACK";
	enum store_failure why = s->failure;

	if (!sqlite3_get_autocommit(s->db))
		store_run(s, sql, NO_ARGS);
	s->failure = why;
}

/*
** Begin a read transaction, so that the queries of one page see one
** state of the database. Returns false (logged) on failure.
*/
bool store_read_begin(struct store *s)
{
	static const char sql[] = "BEGIN";

	return store_run(s, sql, NO_ARGS) >= 0;
}

/*
** End the read transaction store_read_begin began.
*/
void store_read_end(struct store *s)
{
	static const char sql[] = "COMMIT";

	store_run(s, sql, NO_ARGS);
}

/*
** Whether a transaction is open on s.
*/
bool store_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

/*
** Whether the file s has open is no longer the one at the database's
** path (moved, deleted, replaced by a restored backup).
*/
bool store_file_moved(struct store *s)
{
	int moved = 0;

	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved);
	return moved != 0;
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
	sqlite3_file *file = NULL;
	volatile void *region = NULL;
	char *mode = NULL;
	bool wal;

	/* Asking the mode also opens the index, as any read does. */
	wal = store_text(s, sql, NO_ARGS, &mode) == 1 && sqlite3_stricmp(mode, "wal") == 0;
	free(mode);
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

/*
** A LIKE pattern (ESCAPE '\') that matches text anywhere, its wildcards
** (%, _) and the escape character taken literally: a list's search.
** Owned by the caller.
*/
char *store_like_pattern(const char *text)
{
	struct buf out = BUF_INIT;

	buf_puts(&out, "%");
	for (; *text; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			buf_puts(&out, "\\");
		buf_append(&out, text, 1);
	}
	buf_puts(&out, "%");
	return buf_detach(&out);
}
