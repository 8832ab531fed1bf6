/*
 * info.c — pages about the portal itself.
 *
 *   GET /guia     Guía del uso
 *   GET /idioma   ?l=es|en&volver=PATH: sets the language cookie and goes
 *                 back to PATH (a local path only)
 */
#include <stdbool.h>
#include <string.h>

#include "core/limits.h"
#include "web/page.h"
#include "templates.h"

static int page_guia(struct web_ctx *c)
{
	struct buf b;

	page_init(c, "Guía del uso");
	page_buf(&b);
	tmpl_guia(&b, c->lang, &c->pg);
	return page_send(c, 200, &b);
}

/* A local path to go back to: starts with one '/', no backslash or control byte. */
static bool local_path(const char *p)
{
	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\' || *p == 0x7f)
			return false;
	return true;
}

static int page_idioma(struct web_ctx *c)
{
	const char *l = param(c, "l"), *back = param(c, "volver");

	set_cookie(c, COOKIE_LANG, l, 365L * 24 * 3600, "Lax");
	return page_redirect(c, local_path(back) ? back : "/");
}

static const char *const langs[] = { "es", "en", NULL };
static const struct param_spec p_idioma[] = {
	P_ONE_OF("l", langs, .flags = P_REQUIRED, .label = "Idioma"),
	/* Opaque: anything that is not a local path just goes home. */
	P_TEXT("volver", LIMIT_URL_BYTES, .flags = P_RAW, .label = "Volver"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/guia",   page_guia,   ROLES_ANY, 0, .body = BODY_NONE },
	{ HTTP_GET, "/idioma", page_idioma, ROLES_ANY, 0, .params = p_idioma },
};
ROUTE_TABLE(info_routes, routes);
