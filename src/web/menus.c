/*
 * menus.c — see menus.h.
 */
#include "web/menus.h"

#include <string.h>

#include "store/news.h"
#include "web/i18n.h"

static const char *const menu_titles[4] = {
	"Trámites Operativos", "Servicios Informativos", "Soporte al Cliente", "Ventanilla Única",
};
static const char *const menu_codes[4] = { "TO", "SI", "SC", "VU" };

void menus_view(const struct web_ctx *c, const char *oce_type, struct menu_view *out, size_t nmenus)
{
	const struct menu_rec *m;
	size_t n;

	app_menu(c->app, oce_type, &m, &n);
	for (size_t k = 0; k < nmenus; k++) {
		out[k].menu_title = i18n_tr(c->lang, menu_titles[k]);
		out[k].n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < nmenus; k++) {
			struct menu_item *it;
			if (strcmp(m[i].menu, menu_codes[k]) != 0 || out[k].n == LIMIT_MENU_OPTIONS)
				continue;
			it = &out[k].items[out[k].n++];
			it->number = m[i].number;
			it->title = c->lang == LANG_EN ? m[i].title_en : m[i].title;
			it->href = m[i].screen;
		}
	}
}

int news_view(struct web_ctx *c, const struct news_item **out, size_t *n)
{
	struct news_rec *r;
	struct news_item *v;

	*out = NULL;
	*n = 0;
	if (store_news_latest(c->conn, LIMIT_NEWS_ITEMS, &c->req->arena, &r, n) != STORE_OK)
		return -1;
	v = arena_alloc(&c->req->arena, (*n + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	for (size_t i = 0; i < *n; i++) {
		v[i].title = r[i].title;
		v[i].body = r[i].body;
	}
	*out = v;
	return 0;
}
