/*
** file.h: files written whole (published and exported pages).
*/
#ifndef RC_FILE_H
#define RC_FILE_H

#include <stddef.h>

int file_make_dirs(const char *dir);
int file_write_atomic(const char *path, const char *data, size_t len);

#endif
