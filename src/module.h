/*
** module.h: the parts of the programs that need a large library only
** now and then, kept in shared objects of their own and loaded when a
** request first needs one, so that every other request starts without
** them: runningcode-http.so (libcurl, for the purge: http-client.h) and
** runningcode-multipart.so (GMime, for an upload: multipart.h). The
** admin CGI starts once per request, and loading libcurl and GMime with
** their 40 libraries was most of an admin GET's time (issue 15).
**
** A module exports one constant, its interface: a struct of function
** pointers whose first member is the ABI number of its header, so that
** a module left from another build is refused instead of called wrongly.
** A module is taken from beside the running program (the build tree,
** and the admin's /usr/libexec/runningcode/), or when none is there from
** the compiled-in RC_DEFAULT_MODULES (where the CLI in /usr/sbin finds
** it). Loaded by the first call, never unloaded; a request that will
** need one after work of its own can start loading it beside that work
** (module_preload).
*/
#ifndef RC_MODULE_H
#define RC_MODULE_H

void module_preload(const char *file);
void module_preloads_wait(void);
const void *module_interface(const char *file, const char *symbol, unsigned abi);

#endif
