/*
** site-dbwatch.h: whether the database file was replaced, moved or deleted,
** told by inotify on its folder (see site-dbwatch.c).
*/
#ifndef RC_WATCH_H
#define RC_WATCH_H

#include <stdbool.h>

bool watch_init(void);
void watch_file(const char *path);
bool watch_changes(unsigned long *count);

#endif
