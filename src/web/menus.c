/*
 * menus.c — see menus.h.
 */
#include "web/menus.h"

#include <string.h>

#include "store/news.h"
#include "web/i18n.h"

const struct menu_view *menus_view(const struct web_ctx *c, const char *oce_type)
{
	return app_menu_views(c->app, oce_type, c->lang);
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
