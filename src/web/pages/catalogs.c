/*
 * catalogs.c — 2.6 Catálogos: the code lists documents are made and checked
 * with, for everyone (public, like the real portal's informative menu).
 *
 *   GET /catalogos          the lists: how many codes, origin, licence, when
 *                           they were imported
 *   GET /catalogos/{list}   ?q= a code's beginning or part of a name (no
 *                           case, no accents); ?despues=CODE continues after
 *                           the last code shown (paging by key)
 */
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "store/catalogs.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

static int page_catalogs(struct web_ctx *c)
{
	struct view_catalogs *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct catalog_rec *r;
	size_t n;
	struct buf b;

	if (v == NULL || store_catalogs(c->conn, &c->req->arena, &r, &n) != STORE_OK)
		return page_error(c, 500);
	page_init(c, "Catálogos");
	v->pg = &c->pg;
	for (size_t i = 0; i < n && v->n < LIMIT_CATALOGS; i++) {
		struct catalog_row *row = &v->rows[v->n++];
		row->href = ctx_printf(c, "/catalogos/%s", r[i].code);
		row->name = c->lang == LANG_EN ? r[i].name_en : r[i].name;
		row->origin = r[i].origin;
		row->licence = r[i].licence;
		row->entries = r[i].entries;
		if (r[i].imported_at)
			timefmt_ec(r[i].imported_at, row->date);
	}
	page_buf(&b);
	tmpl_catalogs(&b, c->lang, v);
	return page_send(c, 200, &b);
}

/* /catalogos/LIST[?q=Q][&despues=AFTER] */
static const char *list_href(struct web_ctx *c, const char *list, const char *q, const char *after)
{
	struct buf b;
	const char *r;
	char sep = '?';

	buf_init(&b, LIMIT_URL_BYTES * 3 + 64);
	buf_put_str(&b, "/catalogos/");
	buf_put_str(&b, list);
	if (q && q[0]) {
		buf_put_str(&b, "?q=");
		buf_put_url(&b, q);
		sep = '&';
	}
	if (after) {
		buf_put_char(&b, sep);
		buf_put_str(&b, "despues=");
		buf_put_url(&b, after);
	}
	r = b.err ? "/catalogos" : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r;
}

/* What the third column shows, per list (NULL: none). */
static const char *detail_label(const char *list)
{
	static const struct { const char *list, *label; } labels[] = {
		{ "hs", "Sección" }, { "locode", "Funciones" }, { "country", "Alfa-3" },
		{ "currency", "Número" }, { "unit", "Símbolo" },
	};

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].list, list) == 0)
			return labels[i].label;
	return NULL;
}

static int page_catalog(struct web_ctx *c)
{
	struct view_catalog *v = arena_alloc(&c->req->arena, sizeof(*v));
	const char *q = param(c, "q"), *after = param(c, "despues"), *label;
	struct catalog_rec cat;
	struct catalog_entry *e;
	char list[16];
	size_t n;
	struct buf b;
	int rc;

	if (v == NULL)
		return page_error(c, 500);
	if (c->tail.n == 0 || c->tail.n >= sizeof(list))
		return page_error(c, 404);
	memcpy(list, c->tail.p, c->tail.n);
	list[c->tail.n] = '\0';
	rc = store_catalog_get(c->conn, list, &c->req->arena, &cat);
	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK)
		return page_error(c, 500);
	if (store_catalog_search(c->conn, list, q, after, LIMIT_CATALOG_ROWS, &c->req->arena, &e, &n,
				 &v->total) != STORE_OK)
		return page_error(c, 500);
	page_init(c, c->lang == LANG_EN ? cat.name_en : cat.name);
	v->pg = &c->pg;
	v->code = cat.code;
	v->name = c->lang == LANG_EN ? cat.name_en : cat.name;
	v->origin = cat.origin;
	v->licence = cat.licence;
	v->q = q;
	label = detail_label(list);
	v->detail_label = label ? i18n_tr(c->lang, label) : NULL;
	for (size_t i = 0; i < n; i++) {
		struct entry_row *r = &v->rows[v->n++];
		bool two = e[i].name_en[0] && strcmp(e[i].name, e[i].name_en) != 0;
		r->code = e[i].code;
		r->name = e[i].name;
		r->other_name = two ? e[i].name_en : "";
		r->detail = e[i].extra;
	}
	v->first_href = list_href(c, list, NULL, NULL);
	if (after && after[0])
		v->restart_href = list_href(c, list, q, NULL);
	if (n == LIMIT_CATALOG_ROWS)
		v->next_href = list_href(c, list, q, e[n - 1].code);
	page_buf(&b);
	tmpl_catalog(&b, c->lang, v);
	return page_send(c, 200, &b);
}

static const struct param_spec p_catalog[] = {
	P_TEXT("q", 100, .label = "Código o nombre"),
	P_TEXT("despues", 32, .label = "Página"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/catalogos",    page_catalogs, ROLES_ANY, 0, .body = BODY_NONE },
	{ HTTP_GET, "/catalogos/{}", page_catalog,  ROLES_ANY, 0, .params = p_catalog },
};
ROUTE_TABLE(catalogs_routes, routes);
