/*
** role.c: the roles' names and the kinds of record each may edit
** (role.h). Which changes a role may make is record.c's rule.
*/
#include <string.h>

#include "record.h"
#include "role.h"

static const char *const names[] = {
	[ROLE_NONE] = "", [ROLE_CONTRIBUTOR] = "contributor", [ROLE_EDITOR] = "editor",
	[ROLE_ADMINISTRATOR] = "administrator",
};

static const char *const titles[] = {
	[ROLE_NONE] = "No role", [ROLE_CONTRIBUTOR] = "Contributor", [ROLE_EDITOR] = "Editor",
	[ROLE_ADMINISTRATOR] = "Administrator",
};

/*
** The role called name (as stored: "editor"), or ROLE_NONE.
*/
enum role role_from_name(const char *name)
{
	int r;

	for (r = ROLE_CONTRIBUTOR; r <= ROLE_ADMINISTRATOR; r++)
		if (name && strcmp(name, names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

/*
** The name of r as stored and typed ("editor"): a static string.
*/
const char *role_name(enum role r)
{
	return names[r];
}

/*
** The name of r as shown ("Editor"): a static string.
*/
const char *role_title(enum role r)
{
	return titles[r];
}

/*
** Whether r may open the forms of records of kind k: a contributor
** those of kinds that take drafts, an editor every kind but those kept
** for administrators, an administrator every kind.
*/
bool role_may_edit_kind(enum role r, const struct kind *k)
{
	switch (r) {
	case ROLE_ADMINISTRATOR:
		return true;
	case ROLE_EDITOR:
		return !k->administrators_only;
	case ROLE_CONTRIBUTOR:
		return k->takes_drafts && !k->administrators_only;
	case ROLE_NONE:
		break;
	}
	return false;
}
