/*
 * menus.h — the menu catalogue: the four menus' numbered options, and which
 * OCE types may use each (reference data that only migrations change).
 */
#ifndef ADUANA_STORE_MENUS_H
#define ADUANA_STORE_MENUS_H

#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/store.h"

struct menu_rec {
	char menu[3];           /* TO, SI, SC, VU */
	const char *id, *number, *title, *title_en;   /* arena */
	const char *screen;     /* arena; NULL = the option's screen does not exist yet */
};

/* The OCE type codes, in order (at most max). */
int store_oce_types(struct db_conn *c, struct arena *a, size_t max, const char ***codes, size_t *n);
/* The options an OCE type may use (oce_type NULL: the public options), in
 * menu order (TO, SI, SC, VU) and position; at most LIMIT_MENU_OPTIONS. */
int store_menu(struct db_conn *c, const char *oce_type, struct arena *a,
	       struct menu_rec **out, size_t *n);

#endif
