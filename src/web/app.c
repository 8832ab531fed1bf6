/*
 * app.c — the dispatcher and what every page shares; see app.h.
 *
 * Order of checks for each request (all before any page code runs):
 *   1. route (404 / 405), 2. parameters: parsed within limits, undeclared
 *   ones dropped, oversize ones refused (400), 3. session from the cookie,
 *   expired after the idle timeout, 4. access level (redirect to sign-in or
 *   to the OCE choice), 5. CSRF token on state-changing routes (403),
 *   6. the page, on a worker thread when the route is slow.
 */
#include "web/app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/limits.h"
#include "core/log.h"
#include "core/str.h"
#include "http/cookie.h"
#include "web/i18n.h"
#include "templates.h"

extern const struct embedded_file static_files[];
extern const size_t static_files_count;

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static const char *content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".txt") == 0)
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

/* Reads the menus of every OCE type (and the public ones) into the cache. */
static int load_menus(struct app *a)
{
	struct db_conn *c = db_acquire(a->db);
	struct db_stmt *st = db_prepare(c, "SELECT code FROM oce_type ORDER BY code");
	char types[64][3];
	size_t nt = 0;
	int rc = 0;

	if (st == NULL) {
		db_release(a->db, c);
		return -1;
	}
	while (nt < 63 && db_step(st) == DB_ROW)
		str_lcpy(types[nt++], db_col_text(st, 0), sizeof(types[0]));
	db_reset(st);
	for (size_t i = 0; i <= nt && rc == 0; i++) {
		struct menu_cache *mc = &a->menus[a->nmenus++];
		str_lcpy(mc->type, i < nt ? types[i] : "", sizeof(mc->type));
		rc = store_menu(c, i < nt ? types[i] : NULL, &a->cache, &mc->m, &mc->n);
	}
	db_release(a->db, c);
	return rc;
}

void app_menu(const struct app *a, const char *type, const struct menu_rec **m, size_t *n)
{
	const char *want = type ? type : "";

	*m = NULL;
	*n = 0;
	for (size_t i = 0; i < a->nmenus; i++) {
		if (strcmp(a->menus[i].type, want) == 0) {
			*m = a->menus[i].m;
			*n = a->menus[i].n;
			return;
		}
	}
}

void app_free(struct app *a)
{
	arena_free(&a->cache);
}

int app_init(struct app *a, const struct config *cfg, struct db *db)
{
	memset(a, 0, sizeof(*a));
	a->cfg = cfg;
	a->db = db;
	arena_init(&a->cache, LIMIT_ARENA_BYTES);
	i18n_init();
	if (load_menus(a) != 0) {
		log_err("the menu catalogue could not be read");
		return -1;
	}
	for (size_t i = 0; i < static_files_count && a->nstatics < 16; i++) {
		struct static_entry *e = &a->statics[a->nstatics++];
		uint64_t h = fnv1a(static_files[i].data, static_files[i].len);
		e->f = &static_files[i];
		e->type = content_type(e->f->name);
		snprintf(e->etag, sizeof(e->etag), "\"%016llx\"", (unsigned long long)h);
		snprintf(e->href, sizeof(e->href), "/static/%s?v=%016llx", e->f->name,
			 (unsigned long long)h);
		if (strcmp(e->f->name, "app.css") == 0)
			a->css = e->href;
		else if (strcmp(e->f->name, "app.js") == 0)
			a->js = e->href;
		else if (strcmp(e->f->name, "logo.svg") == 0)
			a->logo = e->href;
	}
	if (a->css == NULL || a->js == NULL || a->logo == NULL) {
		log_err("static files app.css, app.js and logo.svg must be embedded");
		return -1;
	}
	return 0;
}

const char *param(const struct web_ctx *c, const char *name)
{
	return form_get(&c->params, name);
}

void set_cookie(struct web_ctx *c, const char *name, const char *value, long max_age,
		const char *same_site)
{
	struct buf b;
	struct cookie_opts o = { true, c->app->cfg->secure_cookies, same_site, max_age };

	buf_init(&b, 512);
	cookie_format(&b, name, value, &o);
	if (!b.err && b.data)
		http_response_header(c->res, "Set-Cookie", arena_strdup(&c->req->arena, b.data));
	buf_free(&b);
}

/* The language switch link: /idioma?l=xx&volver=<this page>. */
static const char *lang_href(struct web_ctx *c)
{
	struct buf b;
	const char *r;

	buf_init(&b, LIMIT_URL_BYTES * 3 + 64);
	buf_put_str(&b, c->lang == LANG_EN ? "/idioma?l=es&volver=" : "/idioma?l=en&volver=");
	if (c->req->method == HTTP_GET && c->req->target)
		buf_put_url(&b, c->req->target);
	else
		buf_put_url(&b, "/");
	r = b.err ? "/idioma?l=es" : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r;
}

void page_init(struct web_ctx *c, const char *title)
{
	struct page *pg = &c->pg;
	const struct config *cfg = c->app->cfg;

	pg->lang = c->lang;
	pg->title = i18n_tr(c->lang, title);
	pg->brand = cfg->brand;
	pg->tagline = i18n_tr(c->lang, cfg->tagline);
	pg->org = cfg->org;
	pg->css = c->app->css;
	pg->logo = c->app->logo;
	pg->lang_href = lang_href(c);
	if (c->has_session) {
		pg->signed_in = true;
		pg->csrf = c->sess.csrf;
		pg->oce_chosen = c->sess.oce_code[0] != '\0';
		pg->usuario = c->sess.usuario;
		pg->ruc = c->sess.ruc;
		pg->oce_code = c->sess.oce_code;
		pg->oce_type = c->sess.oce_type;
	}
}

int page_send(struct web_ctx *c, int status, struct buf *b)
{
	http_response_header(c->res, "Cache-Control", "no-store");
	return http_response_take(c->res, status, b);
}

int page_redirect(struct web_ctx *c, const char *location)
{
	http_response_header(c->res, "Location", location);
	http_response_header(c->res, "Cache-Control", "no-store");
	c->res->body = "";
	c->res->len = 0;
	c->res->status = 303;
	return 303;
}

struct error_text {
	int status;
	const char *title, *message;
};

static const struct error_text error_texts[] = {
	{ 400, "Solicitud no válida",
	  "Los datos enviados no tienen el formato esperado. Vuelva a la página anterior y revíselos." },
	{ 403, "Solicitud rechazada",
	  "El formulario caducó o no proviene de este portal. Vuelva a cargar la página e inténtelo de nuevo." },
	{ 404, "Página no encontrada", "La dirección solicitada no existe en el portal." },
	{ 405, "Método no permitido", "Esta dirección no admite esa operación." },
	{ 413, "Solicitud demasiado grande",
	  "Los datos enviados superan el tamaño permitido. Envíe menos datos e inténtelo de nuevo." },
	{ 414, "Dirección demasiado larga", "La dirección solicitada supera el largo permitido." },
	{ 415, "Formato no admitido", "El portal solo acepta formularios enviados desde sus páginas." },
	{ 429, "Demasiadas solicitudes",
	  "Hay demasiados inicios de sesión en curso desde su dirección. Espere unos segundos e inténtelo de nuevo." },
	{ 431, "Encabezados demasiado grandes",
	  "La solicitud lleva demasiados datos en sus encabezados (por ejemplo, cookies). Borre las cookies del portal e inténtelo de nuevo." },
	{ 503, "Servicio ocupado",
	  "El portal está atendiendo muchas solicitudes. Espere unos segundos e inténtelo de nuevo." },
	{ 500, "Error interno",
	  "Ocurrió un error al procesar su solicitud. No se guardó ningún cambio parcial; inténtelo de nuevo." },
};

static int render_error(struct web_ctx *c, int status)
{
	const struct error_text *t = &error_texts[sizeof(error_texts) / sizeof(error_texts[0]) - 1];
	struct view_error v;
	struct buf b;

	for (size_t i = 0; i < sizeof(error_texts) / sizeof(error_texts[0]); i++)
		if (error_texts[i].status == status)
			t = &error_texts[i];
	memset(&c->pg, 0, sizeof(c->pg));
	page_init(c, t->title);
	/* An error page never echoes the request, not even in the language link. */
	c->pg.lang_href = c->lang == LANG_EN ? "/idioma?l=es&volver=%2F" : "/idioma?l=en&volver=%2F";
	memset(&v, 0, sizeof(v));
	v.pg = &c->pg;
	v.status = status;
	v.message = i18n_tr(c->lang, t->message);
	v.back_href = c->pg.oce_chosen ? "/principal" : "/";
	v.back_label = i18n_tr(c->lang, c->pg.oce_chosen ? "Ir a la página principal" : "Ir a la página de inicio");
	buf_init(&b, LIMIT_PAGE_BYTES);
	tmpl_error(&b, c->lang, &v);
	return page_send(c, status, &b);
}

int page_error(struct web_ctx *c, int status)
{
	return render_error(c, status);
}

static int lang_of(const char *cookie_header)
{
	struct str v;
	if (cookie_get(cookie_header, COOKIE_LANG, &v) == 0 && str_eq_cstr(v, "en"))
		return LANG_EN;
	return LANG_ES;
}

void app_error_page(int status, struct http_request *req, struct http_response *res, void *app)
{
	struct web_ctx c;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.req = req;
	c.res = res;
	c.lang = req->on_worker ? LANG_ES : lang_of(http_request_header(req, "Cookie"));
	render_error(&c, status);
}

/* Looks the session up; expires it after the idle timeout. */
static void load_session(struct web_ctx *c, const char *cookies)
{
	struct str tok;

	if (cookie_get(cookies, COOKIE_SESSION, &tok) != 0)
		return;
	if (token_hash(tok.p, tok.n, c->token_hash) != 0)
		return;
	if (store_session_find(c->conn, c->token_hash, &c->sess) != 0)
		return;
	if (c->sess.disabled || c->now - c->sess.last_seen > c->app->cfg->idle_seconds) {
		store_session_delete(c->conn, c->token_hash);
		if (!c->sess.disabled)
			store_audit(c->conn, "expire", c->sess.ruc, c->sess.usuario, c->sess.user_id,
				    c->sess.oce_code, c->req->addr, "", c->now);
		c->expired = true;
		set_cookie(c, COOKIE_SESSION, "", -1, "Lax");
		return;
	}
	c->has_session = true;
	if (c->now - c->sess.last_seen >= 60 || c->app->cfg->idle_seconds < 120)
		store_session_touch(c->conn, c->token_hash, c->now);
}

static bool csrf_ok(struct web_ctx *c)
{
	const char *sent = param(c, "csrf");
	const char *want = (c->route->flags & ROUTE_CSRF_PRE) ? c->pre_token
			 : c->has_session ? c->sess.csrf : NULL;

	if (sent == NULL || want == NULL)
		return false;
	return token_equal(sent, strlen(sent), want, strlen(want));
}

static int parse_params(struct web_ctx *c)
{
	struct http_request *req = c->req;
	struct form all;
	int rc;

	if (req->method == HTTP_POST) {
		const char *ct = http_request_header(req, "Content-Type");
		struct str type;
		if (ct == NULL)
			return 415;
		str_cut(str_from(ct), ';', &type);
		if (!str_ieq_cstr(str_trim(type), "application/x-www-form-urlencoded"))
			return 415;
		rc = form_parse(&req->arena, req->body.data ? req->body.data : "", req->body.len, &all);
	} else {
		rc = form_parse(&req->arena, req->query.p, req->query.n, &all);
	}
	if (rc == FORM_ERR_NOMEM)
		return 500;
	if (rc != FORM_OK)
		return rc == FORM_ERR_TOO_MANY || rc == FORM_ERR_TOO_LONG ? 413 : 400;
	if (router_filter(c->route, &all, &c->params) != 0)
		return 400;
	return 0;
}

static int run_page(struct web_ctx *c)
{
	int st = ((page_fn)c->route->handler)(c);
	return st;
}

int app_handle(struct http_request *req, struct http_response *res, void *app)
{
	struct app *a = app;
	struct web_ctx *c = req->state;
	const char *cookies;
	struct str pre;
	int st;

	if (req->on_worker) {
		/* The slow half: the dispatcher already checked everything. */
		c->res = res;
		c->conn = db_acquire(a->db);
		st = run_page(c);
		db_release(a->db, c->conn);
		c->conn = NULL;
		return st;
	}

	c = arena_alloc(&req->arena, sizeof(*c));
	if (c == NULL)
		return 500;
	c->app = a;
	c->req = req;
	c->res = res;
	c->now = (long long)time(NULL);
	cookies = http_request_header(req, "Cookie");
	if (cookies) {
		struct cookie all[LIMIT_COOKIES];
		if (cookie_parse(cookies, strlen(cookies), all, LIMIT_COOKIES) < 0)
			return render_error(c, 431);   /* never read as "no cookies" */
	}
	c->lang = lang_of(cookies);
	if (cookie_get(cookies, COOKIE_PRE, &pre) == 0 && token_valid(pre.p, pre.n))
		c->pre_token = arena_strndup(&req->arena, pre.p, pre.n);

	switch (router_match(app_routes, app_routes_count, req->method, req->path, &c->route, &c->tail)) {
	case ROUTER_NOT_FOUND:
		return render_error(c, 404);
	case ROUTER_BAD_METHOD:
		http_response_header(res, "Allow", router_allow(app_routes, app_routes_count, req->path));
		return render_error(c, 405);
	default:
		break;
	}
	st = parse_params(c);
	if (st)
		return render_error(c, st);
	if (c->route->access == ACC_PUBLIC && c->route->flags & ROUTE_STATIC)
		return run_page(c);   /* static files: no session, no store */

	c->conn = db_acquire(a->db);
	load_session(c, cookies);
	if (c->route->access >= ACC_SIGNED && !c->has_session) {
		st = page_redirect(c, c->expired ? "/?expirada=1" : "/");
		goto out;
	}
	if (c->route->access == ACC_OCE && c->sess.oce_code[0] == '\0') {
		st = page_redirect(c, "/oce");
		goto out;
	}
	if ((c->route->flags & (ROUTE_CSRF | ROUTE_CSRF_PRE)) && !csrf_ok(c)) {
		log_warn("CSRF token refused for %.*s from %s", (int)req->path.n, req->path.p, req->addr);
		st = render_error(c, 403);
		goto out;
	}
	if (c->route->flags & ROUTE_SLOW) {
		/* Checks that need no slow work run here; the page says SLOW when
		 * the rest must go to a worker. */
		st = run_page(c);
		if (st == HTTP_SLOW)
			req->state = c;
		goto out;
	}
	st = run_page(c);
out:
	db_release(a->db, c->conn);
	c->conn = NULL;
	return st;
}
