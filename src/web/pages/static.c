/*
 * static.c — the embedded static files (app.css, app.js, logo.svg).
 *
 *   GET /static/{name}   ?v=HASH (the fingerprinted link pages use):
 *                        cached for a year; without it, five minutes.
 *                        If-None-Match with the ETag: 304.
 */
#include <string.h>

#include "web/page.h"

static int page_static(struct web_ctx *c)
{
	const struct static_entry *e = app_static(c->app, c->tail.p, c->tail.n);
	const char *inm;

	if (e == NULL)
		return page_error(c, 404);
	http_response_header(c->res, "ETag", e->etag);
	http_response_header(c->res, "Cache-Control", param(c, "v") ? "public, max-age=31536000, immutable"
								   : "public, max-age=300");
	inm = http_request_header(c->req, "If-None-Match");
	if (inm && strcmp(inm, e->etag) == 0) {
		c->res->body = "";
		c->res->len = 0;
		return 304;
	}
	c->res->content_type = e->type;
	c->res->body = (const char *)e->f->data;
	c->res->len = e->f->len;
	c->res->owned = false;
	return 200;
}

/* Any v is accepted (an old page's link still gets the current file). */
static const struct param_spec p_static[] = { P_TEXT("v", 16), P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/static/{}", page_static, ROLES_ANY, ROUTE_STATIC, .params = p_static },
};
ROUTE_TABLE(static_routes, routes);
