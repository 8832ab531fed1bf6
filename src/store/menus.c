/*
 * menus.c — see menus.h.
 */
#include "store/menus.h"

#include "core/limits.h"
#include "store/row.h"

static void read_code(struct db_stmt *st, struct arena *a, void *out)
{
	*(const char **)out = row_dup(a, st, 0);
}

int store_oce_types(struct db_conn *c, struct arena *a, size_t max, const char ***codes, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT code FROM oce_type ORDER BY code");

	return row_list(st, read_code, a, max, sizeof(**codes), (void **)codes, n);
}

static void read_menu(struct db_stmt *st, struct arena *a, void *out)
{
	struct menu_rec *m = out;

	row_copy(m->menu, sizeof(m->menu), st, 0);
	m->id = row_dup(a, st, 1);
	m->number = row_dup(a, st, 2);
	m->title = row_dup(a, st, 3);
	m->title_en = row_dup(a, st, 4);
	m->screen = db_col_null(st, 5) ? NULL : row_dup(a, st, 5);
}

int store_menu(struct db_conn *c, const char *oce_type, struct arena *a,
	       struct menu_rec **out, size_t *n)
{
	struct db_stmt *st;

	if (oce_type) {
		st = db_prepare(c,
			"SELECT o.menu, o.id, o.number, o.title, o.title_en, o.screen FROM menu_option o"
			" JOIN menu_access m ON m.option_id = o.id AND m.oce_type = $1"
			" ORDER BY o.menu = 'VU', o.menu = 'SC', o.menu = 'SI', o.position");
		if (st)
			db_bind_text(st, 1, oce_type);
	} else {
		st = db_prepare(c,
			"SELECT o.menu, o.id, o.number, o.title, o.title_en, o.screen FROM menu_option o"
			" WHERE o.public = 1 ORDER BY o.menu = 'VU', o.menu = 'SC', o.menu = 'SI', o.position");
	}
	return row_list(st, read_menu, a, LIMIT_MENU_OPTIONS, sizeof(**out), (void **)out, n);
}
