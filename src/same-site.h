/*
** same-site.h: the admin's two checks that what a browser sends stays on
** this site: whether a POST came from a page of this site (Origin and
** Sec-Fetch-Site), and whether the next= address of the login form is
** a path of the admin to go back to. Pure functions of their input
** (admin-dispatch.c and admin-login.c call them; tests/fuzz too).
*/
#ifndef RC_SAME_SITE_H
#define RC_SAME_SITE_H

#include <stdbool.h>

struct request;

bool same_site_post(const struct request *r, const char *trusted_proxies);
bool same_site_admin_path(const char *next);

#endif
