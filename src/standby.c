/*
** standby.c: whether this node is a standby, and whose (see standby.h).
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "standby.h"

/*
** True when the database of c is a standby's copy (its mark exists);
** then writer (len bytes, the caller's) holds the first line of the
** mark, printable characters only, or "unknown" when it names none or
** cannot be read (a mark that exists always counts).
** False, writer untouched, on a writer.
*/
bool standby_writer(const struct config *c, char *writer, size_t len)
{
	struct buf path = BUF_INIT, mark = BUF_INIT;
	size_t i, n = 0;
	bool standby;

	buf_printf(&path, "%s" STANDBY_SUFFIX, c->database);
	standby = access(path.data, F_OK) == 0;
	if (standby && len > 0) {
		if (buf_read_file(&mark, path.data, STANDBY_WRITER_MAX) < 0)
			buf_reset(&mark);
		for (i = 0; i < mark.len && mark.data[i] != '\n' && n + 1 < len; i++)
			if (isprint((unsigned char)mark.data[i]))
				writer[n++] = mark.data[i];
		writer[n] = '\0';
		if (n == 0)
			snprintf(writer, len, "unknown");
	}
	buf_free(&mark);
	buf_free(&path);
	return standby;
}

/*
** Whether dest is a DEST that rsync takes as its destination, by its
** form alone: returns NULL and sets *kind (may be NULL), or a sentence
** (static) saying what is wrong with it.
*/
const char *standby_dest_problem(const char *dest, enum standby_dest_kind *kind)
{
	static const char form[] = "HOST:PATH (through ssh), rsync://HOST[:PORT]/MODULE/PATH "
				   "(an rsync daemon) or a folder on this machine";
	const char *colon = strchr(dest, ':'), *slash = strchr(dest, '/'), *p, *module, *space;
	enum standby_dest_kind k = STANDBY_DEST_LOCAL;

	if (*dest == '\0')
		return "it is empty; give HOST:PATH, rsync://HOST[:PORT]/MODULE/PATH or a folder";
	if (strlen(dest) > STANDBY_DEST_MAX)
		return "it is too long (at most 1000 bytes)";
	for (p = dest; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "it holds a control character";
	if (*dest == '-')
		return "it begins with '-', which rsync would take for an option";
	if (strstr(dest, "://")) {
		if (strncmp(dest, "rsync://", 8) != 0)
			return form;
		module = strchr(dest + 8, '/');
		if (module == NULL || module == dest + 8 || dest[8] == ':' || module[1] == '\0' ||
		    module[1] == '/')
			return "an rsync:// address names a host and a module: "
			       "rsync://HOST[:PORT]/MODULE/PATH";
		k = STANDBY_DEST_DAEMON;
	} else if (colon && (slash == NULL || colon < slash)) {
		space = strpbrk(dest, " \t");
		if (colon == dest || (space && space < colon))
			return form;
		k = colon[1] == ':' ? STANDBY_DEST_DAEMON : STANDBY_DEST_SSH;
	}
	if (kind)
		*kind = k;
	return NULL;
}
