/*
** file-library.h: the folder of uploaded files (runningcode.conf: files)
** follows the database. The web server serves every file in it at
** /files/NAME, so the bytes of a file deleted from the library move
** aside, into <files>.deleted beside it, which no web server serves,
** and move back when the file is restored from Recently deleted.
**
** The bytes move after the change commits, under the publishing lock.
** A save killed between the two leaves the published folder set aside
** (publish.h), and the next change, finding it so, follows every file,
** as `runningcode publish` does. With publishing off, nothing marks such
** a save, and no lock orders two admins' moves: `runningcode publish`
** mends what they leave. `runningcode check` compares the folder with
** the library.
*/
#ifndef RC_FILE_LIBRARY_H
#define RC_FILE_LIBRARY_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "publish.h"
#include "store.h"

/* The address below which the web server serves the library. */
#define FILE_LIBRARY_PREFIX "/files/"

/* <files> with this after it: the folder of deleted files' bytes. */
#define FILE_LIBRARY_DELETED ".deleted"

int file_library_follow(const struct config *c, struct store *s,
			const struct publish_scope *scope, bool every_file);
int file_library_differences(const struct config *c, struct store *s, FILE *report);

#endif
