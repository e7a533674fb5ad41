/*
** store.h: the SQLite database and the small vocabulary every query is
** written in. The store owns the connection and every prepared
** statement; SQL text lives only in the store and model files (see the
** README's file map), always with bound parameters.
**
** A query is one call:
**
**     store_int(s, "SELECT count(*) FROM page WHERE published", NO_ARGS, &n)
**     store_run(s, "DELETE FROM session WHERE token_hash = ?1", ARGS(SV_TEXT(hash)))
**     store_each(s, sql, ARGS(SV_INT(page_id)), add_program, &list)
**
** and every statement is reset, its bindings cleared, on every path out
** of the call. Results are 1 (a row), 0 (none) or -1 (a database error,
** logged unless it is a constraint the caller expects to meet); a failed
** call leaves its reason in store_failure().
**
** The public worker opens the store read-only (one connection per
** thread); the admin CGI and the CLI open it read-write.
*/
#ifndef RC_STORE_H
#define RC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The schema version this program works with (PRAGMA user_version):
** sql/schema.sql makes version 1, sql/migrate-N.sql each step after. */
#define STORE_SCHEMA_VERSION 16

enum store_mode { STORE_READONLY, STORE_READWRITE };

/* Why the last call on a store failed. */
enum store_failure {
	STORE_OK,
	STORE_BUSY,		/* locked past the busy timeout */
	STORE_FULL,		/* the disk is full */
	STORE_READONLY_FILE,	/* the file or its folder cannot be written */
	STORE_DUPLICATE,	/* a UNIQUE or PRIMARY KEY constraint */
	STORE_CONSTRAINT,	/* another constraint: a foreign key, a CHECK */
	STORE_FAILED,		/* anything else (logged) */
};

/* A value bound to a parameter: by position (?1, ?2 ... in the order
** given) or, when name is set, to the parameter of that name (":path").
** Text is borrowed for the duration of the call; number is an integer's
** value, or the bytes of text to bind (-1: up to its NUL). */
struct store_value {
	const char *name;
	enum { STORE_VALUE_TEXT, STORE_VALUE_INT, STORE_VALUE_NULL } type;
	const char *text;
	int64_t number;
};

struct store_args {
	const struct store_value *values;
	int n;
};

#define SV_TEXT(t) ((struct store_value){ NULL, STORE_VALUE_TEXT, (t), -1 })
#define SV_TEXT_PREFIX(t, n) ((struct store_value){ NULL, STORE_VALUE_TEXT, (t), (n) })
#define SV_INT(i) ((struct store_value){ NULL, STORE_VALUE_INT, NULL, (i) })
#define SV_NULL ((struct store_value){ NULL, STORE_VALUE_NULL, NULL, 0 })
#define SV_NAMED_TEXT(name, t) ((struct store_value){ (name), STORE_VALUE_TEXT, (t), -1 })
#define SV_NAMED_INT(name, i) ((struct store_value){ (name), STORE_VALUE_INT, NULL, (i) })
#define ARGS(...) ((struct store_args){ (const struct store_value[]){ __VA_ARGS__ }, \
	(int)(sizeof((const struct store_value[]){ __VA_ARGS__ }) / sizeof(struct store_value)) })
#define NO_ARGS ((struct store_args){ NULL, 0 })

/* ORDER BY key (SQL) ascending, or descending when ?N is true: a
** direction bound like any other value (the admin's sorted lists). */
#define STORE_ORDERED(key, n) \
	" CASE WHEN NOT ?" n " THEN " key " END, CASE WHEN ?" n " THEN " key " END DESC"

/* The current row of a query, valid only inside the row function. */
struct store_row;

/* Called for each row; return true to go on, false to stop there. */
typedef bool (*store_row_fn)(void *ctx, const struct store_row *row);

/* Called for each member of a JSON object, its value as text ("" for
** null); return true to go on. */
typedef bool (*store_member_fn)(void *ctx, const char *key, const char *value);

struct store;

void store_configure_threads(void);
struct store *store_open(const char *path, enum store_mode mode, char *err, size_t errlen);
void store_close(struct store *s);

int store_each(struct store *s, const char *sql, struct store_args args,
	       store_row_fn fn, void *ctx);
int store_one(struct store *s, const char *sql, struct store_args args,
	      store_row_fn fn, void *ctx);
int store_exists(struct store *s, const char *sql, struct store_args args);
int store_int(struct store *s, const char *sql, struct store_args args, int64_t *out);
int store_text(struct store *s, const char *sql, struct store_args args, char **out);
int store_run(struct store *s, const char *sql, struct store_args args);
int store_json_members(struct store *s, const char *json, store_member_fn fn, void *ctx);
int store_json_set(struct store *s, char **json, const char *key, const char *value);
enum store_failure store_failure(const struct store *s);
int64_t store_last_rowid(struct store *s);

const char *row_text(const struct store_row *row, int col);
char *row_text_copy(const struct store_row *row, int col);
int64_t row_int(const struct store_row *row, int col);
bool row_is_null(const struct store_row *row, int col);

bool store_write_begin(struct store *s);
bool store_commit(struct store *s);
void store_rollback(struct store *s);
bool store_read_begin(struct store *s);
void store_read_end(struct store *s);
bool store_in_transaction(struct store *s);

char *store_like_pattern(const char *text);

bool store_may_have_changed(struct store *s);
bool store_file_moved(struct store *s);

#endif
