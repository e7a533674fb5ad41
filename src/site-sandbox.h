/*
** site-sandbox.h: the worker's system-call filter.
*/
#ifndef RC_SANDBOX_H
#define RC_SANDBOX_H

int sandbox_enter(void);

#endif
