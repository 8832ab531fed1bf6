/*
 * menus.c — see menus.h.
 */
#include "web/menus.h"

#include <string.h>

#include "store/news.h"
#include "store/users.h"
#include "web/i18n.h"

const struct menu_view *menus_view(const struct web_ctx *c, const char *oce_type)
{
	return app_menu_views(c->app, oce_type, c->lang);
}

const struct menu_view *menus_view_user(struct web_ctx *c)
{
	static const char *none[1];
	const char **ids = none;
	size_t n = 0;

	if (strcmp(c->sess.clase, CLASE_EMPLOYEE) != 0)
		return menus_view(c, c->sess.oce_type);
	const char **with;

	if (store_perm_list(c->conn, c->sess.user_id, &c->req->arena, &ids, &n) != STORE_OK)
		ids = none, n = 0;   /* a read that failed shows no option rather than every one */
	/* 3.2 (Datos del usuario) is every user's own, granted or not. */
	with = arena_alloc(&c->req->arena, (n + 1) * sizeof(*with));
	if (with == NULL)
		return app_menu_views_only(c->app, c->sess.oce_type, c->lang, ids, n, &c->req->arena);
	memcpy(with, ids, n * sizeof(*with));
	with[n] = "3.2";
	return app_menu_views_only(c->app, c->sess.oce_type, c->lang, with, n + 1, &c->req->arena);
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
