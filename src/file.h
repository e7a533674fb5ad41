/*
** file.h: files written whole (published and exported pages).
*/
#ifndef RC_FILE_H
#define RC_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* The modes of the folders and files written (less the umask). */
struct file_modes {
	mode_t dir;
	mode_t file;
};

/* The published folder: its owner (the admin's user) writes, its group
** (the web server's, passed on by the set-group-ID bit of the folder)
** reads, others get nothing. */
#define FILE_MODES_PUBLISHED ((struct file_modes){ 0750, 0640 })
/* An export, for any web server or CDN: anyone reads. */
#define FILE_MODES_EXPORTED ((struct file_modes){ 0755, 0644 })

int file_make_dirs(const char *dir, mode_t mode);
int file_write_atomic(const char *path, const char *data, size_t len, mode_t mode);
int file_sync(const char *path);

#endif
