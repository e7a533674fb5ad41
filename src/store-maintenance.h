/*
** store-maintenance.h: what an operator does to the database file as a
** whole, through the CLI: create it, migrate it to this build's schema,
** check its integrity and its search index, back it up. Each opens its
** own connection and logs what fails.
*/
#ifndef RC_STORE_MAINTENANCE_H
#define RC_STORE_MAINTENANCE_H

#include <stdbool.h>
#include <stdio.h>

/* The mode of a database made here (and of copies of it): its owner,
** the admin's user, writes; its group, which the worker is in, reads;
** others get nothing (it holds password and session hashes). SQLite
** gives the -wal and -shm files it makes beside it the same mode. */
#define STORE_FILE_MODE 0640

int store_create(const char *path, const char *sql_dir);
int store_migrate(const char *path, const char *sql_dir, int *from);
int store_integrity_problems(const char *path, FILE *report);
int store_search_index_differences(const char *path);
bool store_search_index_rebuild(const char *path);
int store_backup(const char *path, const char *target, bool checked);

#endif
