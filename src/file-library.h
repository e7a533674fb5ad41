/*
** file-library.h: the folder of uploaded files (runningcode.conf: files)
** follows the database. The web server serves every file in it at
** /files/NAME, so the bytes of a file deleted from the library move
** aside, into <files>.deleted beside it, which no web server serves,
** and move back when the file is restored from Recently deleted.
*/
#ifndef RC_FILE_LIBRARY_H
#define RC_FILE_LIBRARY_H

#include "config.h"
#include "publish.h"
#include "store.h"

/* The address below which the web server serves the library. */
#define FILE_LIBRARY_PREFIX "/files/"

/* <files> with this after it: the folder of deleted files' bytes. */
#define FILE_LIBRARY_DELETED ".deleted"

void file_library_follow(const struct config *c, struct store *s,
			 const struct publish_scope *scope);

#endif
