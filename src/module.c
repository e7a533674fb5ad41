/*
** module.c: loading a module (module.h) with dlopen.
*/
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "module.h"

#ifndef RC_DEFAULT_MODULES
#define RC_DEFAULT_MODULES "/usr/libexec/runningcode"
#endif

/* A module being loaded by a thread of its own (module_preload). */
struct preload {
	const char *file;	/* borrowed: a constant, HTTP_CLIENT_FILE */
	pthread_t thread;
	void *handle;		/* set by the thread: dlopen's, or NULL */
	char error[512];	/* set by the thread: why not (dlerror is per thread) */
	bool joined;
};

#define PRELOADS_MAX 2	/* one per module */
static struct preload preloads[PRELOADS_MAX];
static size_t npreloads;

/*
** The path of file in the running program's folder into path (the
** caller's). Returns 0, or -1 when the program's path cannot be read.
*/
static int beside_program(const char *file, struct buf *path)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	buf_printf(path, "%s/%s", exe, file);
	return 0;
}

/*
** Whether path (want_dir: a folder) may be trusted with code the program
** runs: of that type, and not writable by everyone. A copy of the
** program in a folder anyone can write to (/tmp) must not load what
** others put beside it.
*/
static bool trusted(const char *path, bool want_dir)
{
	struct stat st;

	return stat(path, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)) &&
	       (st.st_mode & S_IWOTH) == 0;
}

/*
** dlopen module file: the one beside the program, or when there is none
** the one in RC_DEFAULT_MODULES, when it and its folder are trusted.
** Returns the handle, or NULL with why in error (size n).
*/
static void *open_module(const char *file, char *error, size_t n)
{
	struct buf path = BUF_INIT, folder = BUF_INIT;
	void *handle = NULL;

	if (beside_program(file, &path) < 0 || access(path.data, F_OK) != 0) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", RC_DEFAULT_MODULES, file);
	}
	buf_append(&folder, path.data, (size_t)(strrchr(path.data, '/') - path.data));
	if (access(path.data, F_OK) == 0 && (!trusted(folder.data, true) || !trusted(path.data, false)))
		snprintf(error, n, "%s: anyone may write to it or to its folder", path.data);
	else if ((handle = dlopen(path.data, RTLD_NOW | RTLD_LOCAL)) == NULL)
		snprintf(error, n, "%s", dlerror());
	buf_free(&path);
	buf_free(&folder);
	return handle;
}

/* A preload's thread: open its module. */
static void *preload_thread(void *arg)
{
	struct preload *p = arg;

	p->handle = open_module(p->file, p->error, sizeof p->error);
	return NULL;
}

/*
** Start loading module file in a thread of its own, for a request that
** will likely need it after work of its own (a save with caches to
** purge: libcurl's forty libraries take about 12 ms to load, which then
** overlap the save's commit and rendering). Does nothing when already
** started, or when no thread can be made (module_interface then loads
** it itself). file must be a constant.
*/
void module_preload(const char *file)
{
	size_t i;

	for (i = 0; i < npreloads; i++)
		if (strcmp(preloads[i].file, file) == 0)
			return;
	if (npreloads == PRELOADS_MAX)
		return;
	preloads[npreloads].file = file;
	if (pthread_create(&preloads[npreloads].thread, NULL, preload_thread, &preloads[npreloads]) == 0)
		npreloads++;
}

/*
** Wait for module_preload's thread of file, if one was started. Returns
** its preload, or NULL when none was.
*/
static struct preload *preload_wait(const char *file)
{
	size_t i;

	for (i = 0; i < npreloads; i++) {
		if (strcmp(preloads[i].file, file) != 0)
			continue;
		if (!preloads[i].joined) {
			pthread_join(preloads[i].thread, NULL);
			preloads[i].joined = true;
		}
		return &preloads[i];
	}
	return NULL;
}

/*
** Wait for every module_preload thread to end: before the program exits,
** which must not run its destructors while a thread is still loading.
*/
void module_preloads_wait(void)
{
	size_t i;

	for (i = 0; i < npreloads; i++)
		preload_wait(preloads[i].file);
}

/*
** The interface symbol of module file (runningcode-NAME.so), loaded by
** module_preload or now (dlopen maps a module once per process, however
** often it is asked), when its first member (an unsigned) is abi. A module beside the program is the one taken, loadable or not;
** RC_DEFAULT_MODULES is looked in only when there is none. Returns the
** interface (owned by the module, which stays loaded), or NULL, logged,
** when the module cannot be found or loaded or is of another build.
*/
const void *module_interface(const char *file, const char *symbol, unsigned abi)
{
	struct preload *preloaded = preload_wait(file);
	char error[512];
	const unsigned *interface = NULL;
	void *handle;

	if (preloaded)
		snprintf(error, sizeof error, "%s", preloaded->error);
	handle = preloaded ? preloaded->handle : open_module(file, error, sizeof error);
	if (handle == NULL) {
		log_error("module %s cannot be loaded: %s", file, error);
	} else if ((interface = dlsym(handle, symbol)) == NULL || *interface != abi) {
		log_error("module %s is not of this build (%s %s)", file, symbol,
			  interface ? "of another version" : "missing");
		interface = NULL;
		dlclose(handle);
	}
	return interface;
}
