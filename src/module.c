/*
** module.c: loading a module (module.h) with dlopen.
*/
#include <dlfcn.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "module.h"

#ifndef RC_DEFAULT_MODULES
#define RC_DEFAULT_MODULES "/usr/libexec/runningcode"
#endif

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
** The interface symbol of module file (runningcode-NAME.so), loaded on
** first use, when its first member (an unsigned) is abi. A module beside
** the program is the one taken, loadable or not; RC_DEFAULT_MODULES is
** looked in only when there is none. Returns the interface (owned by the
** module, which stays loaded), or NULL, logged, when the module cannot be
** found or loaded or is of another build.
*/
const void *module_interface(const char *file, const char *symbol, unsigned abi)
{
	struct buf path = BUF_INIT;
	const unsigned *interface = NULL;
	void *handle;

	if (beside_program(file, &path) < 0 || access(path.data, F_OK) != 0) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", RC_DEFAULT_MODULES, file);
	}
	handle = dlopen(path.data, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL)
		log_error("module %s cannot be loaded: %s", file, dlerror());
	else if ((interface = dlsym(handle, symbol)) == NULL || *interface != abi)
		log_error("module %s is not of this build (%s %s)", path.data, symbol,
			  interface ? "of another version" : "missing");
	buf_free(&path);
	return interface && *interface == abi ? interface : NULL;
}
