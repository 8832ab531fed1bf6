/*
 * pages.c — the screens of the portal and the route table.
 *
 * Seed steps 1–3 (docs/ui.md): the public home with the sign-in form, the
 * choice of OCE, the main page with the electronic notifications and the four
 * menus; plus the notice view, the user guide, sign-out, the language switch
 * and the static files.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timefmt.h"
#include "domain/notice.h"
#include "domain/ruc.h"
#include "web/app.h"
#include "web/i18n.h"
#include "templates.h"

static const char *const menu_titles[4] = {
	"Trámites Operativos", "Servicios Informativos", "Soporte al Cliente", "Ventanilla Única",
};
static const char *const menu_codes[4] = { "TO", "SI", "SC", "VU" };

/* Sorts menu rows (already ordered) into the four menus. */
static void group_menus(const struct menu_rec *m, size_t n, struct menu_view *out, size_t nmenus)
{
	for (size_t k = 0; k < nmenus; k++) {
		out[k].menu_title = menu_titles[k];
		out[k].n = 0;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nmenus; k++)
			if (strcmp(m[i].menu, menu_codes[k]) == 0 &&
			    out[k].n < sizeof(out[k].items) / sizeof(out[k].items[0]))
				out[k].items[out[k].n++] = &m[i];
}

/* The public menus and the news, shown on the home and OCE screens. */
static int load_public(struct web_ctx *c, struct menu_view menus[2], const struct news_rec **news,
		       size_t *nnews)
{
	const struct menu_rec *m;
	struct news_rec *nw;
	size_t n;

	if (store_news_latest(c->conn, LIMIT_NEWS_ITEMS, &c->req->arena, &nw, nnews) != 0)
		return -1;
	app_menu(c->app, NULL, &m, &n);
	group_menus(m, n, menus, 2);
	*news = nw;
	return 0;
}

/* ---- GET / ------------------------------------------------------------ */

static int render_home(struct web_ctx *c, int status, struct view_home *v)
{
	struct buf b;

	page_init(c, "Iniciar sesión");
	v->pg = &c->pg;
	if (c->pre_token == NULL) {
		char tok[TOKEN_HEX];
		token_new(tok);
		c->pre_token = arena_strdup(&c->req->arena, tok);
		set_cookie(c, COOKIE_PRE, c->pre_token, 0, "Strict");
	}
	v->pre_csrf = c->pre_token;
	if (load_public(c, v->menus, &v->news, &v->nnews) != 0)
		return page_error(c, 500);
	buf_init(&b, LIMIT_PAGE_BYTES);
	tmpl_home(&b, c->lang, v);
	return page_send(c, status, &b);
}

static int page_home(struct web_ctx *c)
{
	struct view_home v;

	if (c->has_session)
		return page_redirect(c, c->sess.oce_code[0] ? "/principal" : "/oce");
	memset(&v, 0, sizeof(v));
	if (param(c, "expirada") || c->expired)
		c->pg.flash = i18n_tr(c->lang, "Su sesión expiró por inactividad. Inicie sesión nuevamente.");
	else if (param(c, "salida"))
		c->pg.flash = i18n_tr(c->lang, "Su sesión se cerró correctamente.");
	return render_home(c, 200, &v);
}

/* ---- POST /login ------------------------------------------------------ */

#define MSG_GENERIC "RUC, ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo."

struct login_state {
	char ruc[14];
	const char *usuario, *clave;
	const char *ruc_typed;
};

static int login_fail(struct web_ctx *c, int status, const char *msg, const struct login_state *ls)
{
	struct view_home v;

	memset(&v, 0, sizeof(v));
	v.ruc = ls->ruc_typed;
	v.usuario = ls->usuario;
	v.err_form = i18n_tr(c->lang, msg);
	c->pg.err_summary = v.err_form;
	return render_home(c, status, &v);
}

/* The blocked-account message, with the time it unblocks by itself. */
static const char *blocked_msg(struct web_ctx *c, long long blocked_at)
{
	long secs = c->app->cfg->lock_seconds;
	char when[TIMEFMT_LEN];

	if (secs <= 0)
		return i18n_tr(c->lang, "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador.");
	timefmt_ec(blocked_at + secs, when);
	return arena_printf(&c->req->arena, "%s %s.",
			    i18n_tr(c->lang, "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador o vuelva a intentarlo después de"),
			    when);
}

int app_unblock_user(struct db_conn *conn, const char *brand, const struct user_rec *u, long long now,
		     int by_admin, const char *addr)
{
	struct buf subj, body;
	char date[TIMEFMT_LEN];
	int rc;

	timefmt_ec(now, date);
	buf_init(&subj, 512);
	buf_init(&body, 4096);
	notice_unblock_subject(&subj, brand);
	notice_unblock_body(&body, brand, u->nombre, u->usuario, u->ruc, date, by_admin);
	rc = subj.err || body.err ? DB_ERR
	     : store_user_unblock(conn, u->id, subj.data, body.data, now, addr,
				  by_admin ? "administrador" : "automático");
	buf_free(&subj);
	buf_free(&body);
	return rc;
}

/* Runs one audit row (and, for a failure, the block) as its own transaction. */
static int record_failure(struct web_ctx *c, const struct user_rec *u, int *blocked)
{
	const char *addr = c->req->addr;
	int rc;

	if (db_begin(c->conn) != DB_OK)
		return DB_ERR;
	rc = store_user_fail(c->conn, u->id, c->app->cfg->max_failures, c->now, blocked);
	if (rc == 0)
		rc = store_audit_user(c->conn, *blocked ? "block" : "login_failed", u->id, NULL, addr,
				      *blocked ? "intentos fallidos" : "contraseña", c->now);
	if (rc == 0 && db_commit(c->conn) == DB_OK)
		return 0;
	db_rollback(c->conn);
	return rc ? rc : DB_ERR;
}

/* The session, the reset of the failure count and the audit row: all or none.
 * STORE_NOT_FOUND when the account was blocked while its password was checked. */
static int record_success(struct web_ctx *c, const struct user_rec *u, const char *hash,
			  const char *csrf)
{
	int rc;

	if (db_begin(c->conn) != DB_OK)
		return DB_ERR;
	rc = store_user_succeed(c->conn, u->id);
	if (rc == 0 && c->has_session)   /* signing in again replaces the old session */
		rc = store_session_delete(c->conn, c->token_hash) < 0 ? DB_ERR : 0;
	if (rc == 0)
		rc = store_session_create(c->conn, hash, u->id, csrf, c->now, c->req->addr);
	if (rc == 0)
		rc = store_audit_user(c->conn, "login", u->id, NULL, c->req->addr, "", c->now);
	if (rc == 0 && db_commit(c->conn) == DB_OK)
		return 0;
	db_rollback(c->conn);
	return rc ? rc : DB_ERR;
}

static int login_slow(struct web_ctx *c, struct login_state *ls)
{
	const struct config *cfg = c->app->cfg;
	struct user_rec u;
	char tok[TOKEN_HEX], hash[TOKEN_HEX], csrf[TOKEN_HEX];
	int rc, blocked;
	const char *addr = c->req->addr;

	rc = store_user_find(c->conn, ls->ruc, ls->usuario, &u);
	if (rc < 0)
		return page_error(c, 500);
	if (rc == STORE_NOT_FOUND) {
		password_verify_dummy(ls->clave, strlen(ls->clave));
		store_audit(c->conn, "login_failed", ls->ruc, ls->usuario, 0, NULL, addr, "usuario desconocido", c->now);
		return login_fail(c, 401, MSG_GENERIC, ls);
	}
	if (u.blocked_at && cfg->lock_seconds > 0 && c->now >= u.blocked_at + cfg->lock_seconds) {
		/* STORE_NOT_FOUND: a concurrent sign-in unblocked it first. */
		if (app_unblock_user(c->conn, cfg->brand, &u, c->now, 0, addr) < 0)
			return page_error(c, 500);
		u.blocked_at = 0;
	}
	/* Counted before the check: see store_user_attempt. */
	if (store_user_attempt(c->conn, u.id, cfg->max_failures, c->now, &blocked) != 0)
		return page_error(c, 500);
	if (blocked) {
		password_verify_dummy(ls->clave, strlen(ls->clave));
		store_audit(c->conn, "login_blocked", u.ruc, u.usuario, u.id, NULL, addr, "", c->now);
		return login_fail(c, 403, blocked_msg(c, u.blocked_at ? u.blocked_at : c->now), ls);
	}
	if (password_verify(u.pw_hash, ls->clave, strlen(ls->clave)) != 0) {
		if (record_failure(c, &u, &blocked) != 0)
			return page_error(c, 500);
		if (blocked)
			return login_fail(c, 403, blocked_msg(c, c->now), ls);
		return login_fail(c, 401, MSG_GENERIC, ls);
	}
	if (u.disabled) {
		store_audit(c->conn, "login_disabled", u.ruc, u.usuario, u.id, NULL, addr, "", c->now);
		return login_fail(c, 403, "Su usuario está deshabilitado. Comuníquese con el administrador del portal.", ls);
	}
	token_new(tok);
	token_new(csrf);
	if (token_hash(tok, strlen(tok), hash) != 0)
		return page_error(c, 500);
	rc = record_success(c, &u, hash, csrf);
	if (rc == STORE_NOT_FOUND) {
		store_audit(c->conn, "login_blocked", u.ruc, u.usuario, u.id, NULL, addr, "bloqueada durante la verificación", c->now);
		return login_fail(c, 403, blocked_msg(c, c->now), ls);
	}
	if (rc != 0)
		return page_error(c, 500);
	set_cookie(c, COOKIE_SESSION, tok, 0, "Lax");
	set_cookie(c, COOKIE_PRE, "", -1, "Strict");
	return page_redirect(c, "/oce");
}

static int page_login(struct web_ctx *c)
{
	struct login_state *ls;
	struct view_home v;
	struct ruc_result rr;
	int english = c->lang == LANG_EN;

	if (c->req->on_worker)
		return login_slow(c, c->slow);

	ls = arena_alloc(&c->req->arena, sizeof(*ls));
	if (ls == NULL)
		return page_error(c, 500);
	memset(&v, 0, sizeof(v));
	ls->ruc_typed = param(c, "ruc");
	ls->usuario = param(c, "usuario");
	ls->clave = param(c, "clave");
	if (ls->ruc_typed == NULL)
		ls->ruc_typed = "";
	if (ls->usuario == NULL)
		ls->usuario = "";
	if (ls->clave == NULL)
		ls->clave = "";
	v.ruc = ls->ruc_typed;
	v.usuario = ls->usuario;

	ruc_check(ls->ruc_typed, strlen(ls->ruc_typed), &rr);
	if (rr.status == RUC_INVALID) {
		v.err_ruc = arena_printf(&c->req->arena, "%s: %s",
					 i18n_tr(c->lang, "El RUC ingresado no es válido"),
					 ruc_reason_text(rr.reason, english));
	} else if (rr.kind == RUC_KIND_CEDULA) {
		v.err_ruc = arena_printf(&c->req->arena, "%s: %s",
					 i18n_tr(c->lang, "El RUC ingresado no es válido"),
					 i18n_tr(c->lang, "tiene 10 dígitos, es una cédula. El RUC tiene 13 dígitos."));
	}
	if (ls->usuario[0] == '\0')
		v.err_usuario = i18n_tr(c->lang, "Ingrese su ID. Usuario.");
	if (ls->clave[0] == '\0')
		v.err_clave = i18n_tr(c->lang, "Ingrese su Contraseña.");
	if (v.err_ruc || v.err_usuario || v.err_clave) {
		c->pg.err_summary = v.err_ruc ? v.err_ruc : v.err_usuario ? v.err_usuario : v.err_clave;
		return render_home(c, 400, &v);
	}
	str_lcpy(ls->ruc, rr.digits, sizeof(ls->ruc));
	c->slow = ls;   /* for the worker half */
	return HTTP_SLOW;
}

/* ---- GET/POST /oce ------------------------------------------------------ */

static bool valid_type(const char *t)
{
	return t && strlen(t) == 2 && t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9';
}

static int render_oce(struct web_ctx *c, int status, const char *want_type, const char *err)
{
	struct view_oce *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct oce_rec *o;
	size_t n;
	struct buf b;

	if (v == NULL || store_user_oces(c->conn, c->sess.user_id, &c->req->arena, &o, &n) != 0)
		return page_error(c, 500);
	page_init(c, "Seleccione el Tipo de OCE");
	c->pg.js = c->app->js;   /* only this screen has something to enhance */
	v->pg = &c->pg;
	v->ruc = c->sess.ruc;
	v->usuario = c->sess.usuario;
	for (size_t i = 0; i < n; i++) {
		if (v->ntypes == 0 || strcmp(v->types[v->ntypes - 1].code, o[i].type) != 0) {
			struct oce_type_opt *t = &v->types[v->ntypes++];
			t->code = o[i].type;
			t->name = o[i].type_name;
			t->label = arena_printf(&c->req->arena, "[%s] %s", o[i].type, o[i].type_name);
		}
	}
	v->sel_type = NULL;
	for (size_t i = 0; i < v->ntypes; i++)
		if (want_type && strcmp(want_type, v->types[i].code) == 0)
			v->sel_type = v->types[i].code;
	if (v->sel_type == NULL)
		for (size_t i = 0; i < v->ntypes; i++)
			if (strcmp(c->sess.oce_type, v->types[i].code) == 0)
				v->sel_type = v->types[i].code;
	if (v->sel_type == NULL && v->ntypes)
		v->sel_type = v->types[0].code;
	for (size_t i = 0; i < n; i++)
		if (v->sel_type && strcmp(o[i].type, v->sel_type) == 0)
			v->codes[v->ncodes++] = o[i].code;
	v->sel_code = c->sess.oce_code[0] ? c->sess.oce_code : NULL;
	v->err = err;
	if (err)
		c->pg.err_summary = err;
	if (load_public(c, v->menus, &v->news, &v->nnews) != 0)
		return page_error(c, 500);
	buf_init(&b, LIMIT_PAGE_BYTES);
	tmpl_oce(&b, c->lang, v);
	return page_send(c, status, &b);
}

static int page_oce(struct web_ctx *c)
{
	return render_oce(c, 200, param(c, "tipo"), NULL);
}

static int page_oce_post(struct web_ctx *c)
{
	const char *tipo = param(c, "tipo"), *codigo = param(c, "codigo"), *accion = param(c, "accion");
	struct oce_rec *o;
	size_t n;
	char tok[TOKEN_HEX], hash[TOKEN_HEX], csrf[TOKEN_HEX];

	if (accion && strcmp(accion, "tipo") == 0) {
		if (!valid_type(tipo))
			return render_oce(c, 400, NULL, i18n_tr(c->lang, "Seleccione un Tipo de OCE de la lista."));
		return page_redirect(c, arena_printf(&c->req->arena, "/oce?tipo=%s", tipo));
	}
	if (codigo == NULL || codigo[0] == '\0')
		return render_oce(c, 400, tipo, i18n_tr(c->lang, "Seleccione un Código de OCE."));
	if (store_user_oces(c->conn, c->sess.user_id, &c->req->arena, &o, &n) != 0)
		return page_error(c, 500);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(o[i].code, codigo) != 0 || (tipo && tipo[0] && strcmp(o[i].type, tipo) != 0))
			continue;
		token_new(tok);
		token_new(csrf);
		if (token_hash(tok, strlen(tok), hash) != 0 || db_begin(c->conn) != DB_OK)
			return page_error(c, 500);
		if (store_session_rotate(c->conn, c->token_hash, hash, o[i].code, csrf, c->now) != 0 ||
		    store_audit_user(c->conn, "oce", c->sess.user_id, o[i].code, c->req->addr, o[i].type,
				     c->now) != 0 ||
		    db_commit(c->conn) != DB_OK) {
			db_rollback(c->conn);
			return page_error(c, 500);
		}
		set_cookie(c, COOKIE_SESSION, tok, 0, "Lax");
		return page_redirect(c, "/principal");
	}
	return render_oce(c, 400, tipo,
			  i18n_tr(c->lang, "El Código de OCE seleccionado no corresponde a su usuario o al Tipo de OCE elegido."));
}

/* ---- GET /principal ----------------------------------------------------- */

static const char *main_href(struct web_ctx *c, const char *q, long long pagina)
{
	struct buf b;
	const char *r;

	buf_init(&b, LIMIT_URL_BYTES * 3 + 64);
	buf_printf(&b, "/principal?pagina=%lld", pagina);
	if (q && q[0]) {
		buf_put_str(&b, "&q=");
		buf_put_url(&b, q);
	}
	r = b.err ? "/principal" : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r;
}

static int page_main(struct web_ctx *c)
{
	struct view_main *v = arena_alloc(&c->req->arena, sizeof(*v));
	const char *q = param(c, "q"), *pg_s = param(c, "pagina");
	long long pagina = 1;
	int rc;
	struct notice_rec *rows;
	const struct menu_rec *m;
	size_t n, nm;
	struct buf b;

	if (v == NULL)
		return page_error(c, 500);
	if (pg_s && pg_s[0] && str_to_ll(str_from(pg_s), 1, 1000000, &pagina) != 0)
		return page_error(c, 400);
	if (q) {
		struct str t = str_trim(str_from(q));
		q = arena_strndup(&c->req->arena, t.p, t.n);
	}
	page_init(c, "Notificaciones electrónicas");
	c->pg.q = q;
	v->pg = &c->pg;
	v->q = q;
	/* One snapshot: the counts and the rows agree even while notices arrive. */
	if (db_begin_read(c->conn) != DB_OK)
		return page_error(c, 500);
	rc = store_notice_counts(c->conn, c->sess.user_id, q, &c->req->arena, &v->total, &v->unread);
	if (rc == 0)
		rc = store_notice_list(c->conn, c->sess.user_id, q, (pagina - 1) * LIMIT_PAGE_ROWS,
				       LIMIT_PAGE_ROWS, &c->req->arena, &rows, &n, NULL);
	if (db_commit(c->conn) != DB_OK || rc != 0)
		return page_error(c, 500);
	v->paginas = (v->total + LIMIT_PAGE_ROWS - 1) / LIMIT_PAGE_ROWS;
	v->pagina = pagina;
	if (pagina > 1)
		v->prev_href = main_href(c, q, pagina - 1);
	if (pagina < v->paginas)
		v->next_href = main_href(c, q, pagina + 1);
	for (size_t i = 0; i < n; i++) {
		v->rows[i].n = &rows[i];
		timefmt_ec(rows[i].created_at, v->rows[i].date);
		v->rows[i].href = arena_printf(&c->req->arena, "/notificaciones/%lld", rows[i].id);
	}
	v->nrows = n;
	app_menu(c->app, c->sess.oce_type, &m, &nm);
	group_menus(m, nm, v->menus, 4);
	buf_init(&b, LIMIT_PAGE_BYTES);
	tmpl_main(&b, c->lang, v);
	return page_send(c, 200, &b);
}

/* ---- GET /notificaciones/{id} ------------------------------------------ */

static int page_notice(struct web_ctx *c)
{
	struct view_notice *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct notice_rec *nr = arena_alloc(&c->req->arena, sizeof(*nr));
	const char *sfs;
	long long id;
	struct buf b;
	int rc;

	if (v == NULL || nr == NULL)
		return page_error(c, 500);
	if (str_to_ll(c->tail, 1, INT64_MAX, &id) != 0)
		return page_error(c, 404);
	/* Reading marks the notice read, but only when the user opened it from
	 * the portal or typed the address: a link on another site must not be
	 * able to mark someone's notices read (Fetch Metadata; browsers that
	 * send no Sec-Fetch-Site are treated as same-origin). */
	sfs = http_request_header(c->req, "Sec-Fetch-Site");
	if (sfs == NULL || strcmp(sfs, "same-origin") == 0 || strcmp(sfs, "none") == 0)
		rc = store_notice_open(c->conn, c->sess.user_id, id, c->now, &c->req->arena, nr);
	else
		rc = store_notice_get(c->conn, c->sess.user_id, id, &c->req->arena, nr);
	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != 0)
		return page_error(c, 500);
	page_init(c, "Notificación electrónica");
	v->pg = &c->pg;
	v->n = nr;
	timefmt_ec(nr->created_at, v->date);
	if (nr->read_at)
		timefmt_ec(nr->read_at, v->read_date);
	buf_init(&b, LIMIT_PAGE_BYTES);
	tmpl_notice(&b, c->lang, v);
	return page_send(c, 200, &b);
}

/* ---- GET /guia, POST /logout, GET /idioma ------------------------------- */

static int page_guia(struct web_ctx *c)
{
	struct buf b;

	page_init(c, "Guía del uso");
	buf_init(&b, LIMIT_PAGE_BYTES);
	tmpl_guia(&b, c->lang, &c->pg);
	return page_send(c, 200, &b);
}

static int page_logout(struct web_ctx *c)
{
	/* The session must be gone from the store before the page says so. */
	if (db_begin(c->conn) != DB_OK)
		return page_error(c, 500);
	if (store_session_delete(c->conn, c->token_hash) < 0 ||
	    store_audit_user(c->conn, "logout", c->sess.user_id, c->sess.oce_code, c->req->addr, "",
			     c->now) != 0 ||
	    db_commit(c->conn) != DB_OK) {
		db_rollback(c->conn);
		return page_error(c, 500);
	}
	set_cookie(c, COOKIE_SESSION, "", -1, "Lax");
	return page_redirect(c, "/?salida=1");
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

	if (l == NULL || (strcmp(l, "es") != 0 && strcmp(l, "en") != 0))
		return page_error(c, 400);
	set_cookie(c, COOKIE_LANG, l, 365L * 24 * 3600, "Lax");
	return page_redirect(c, local_path(back) ? back : "/");
}

/* ---- GET /static/{name} -------------------------------------------------- */

static int page_static(struct web_ctx *c)
{
	const struct static_entry *e = NULL;
	const char *inm;

	for (size_t i = 0; i < c->app->nstatics; i++)
		if (str_eq_cstr(c->tail, c->app->statics[i].f->name))
			e = &c->app->statics[i];
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

/* ---- the route table ------------------------------------------------------ */

static const struct route_param p_none[] = { { NULL, 0 } };
static const struct route_param p_home[] = { { "expirada", 1 }, { "salida", 1 }, { NULL, 0 } };
static const struct route_param p_login[] = {
	{ "ruc", LIMIT_RUC_INPUT }, { "usuario", LIMIT_USUARIO_BYTES },
	{ "clave", LIMIT_PASSWORD_BYTES }, { "csrf", 64 }, { NULL, 0 } };
static const struct route_param p_oce_get[] = { { "tipo", 2 }, { NULL, 0 } };
static const struct route_param p_oce_post[] = {
	{ "tipo", 2 }, { "codigo", 8 }, { "accion", 16 }, { "csrf", 64 }, { NULL, 0 } };
static const struct route_param p_main[] = { { "q", LIMIT_SEARCH_BYTES }, { "pagina", 7 }, { NULL, 0 } };
static const struct route_param p_csrf[] = { { "csrf", 64 }, { NULL, 0 } };
static const struct route_param p_idioma[] = { { "l", 2 }, { "volver", LIMIT_URL_BYTES }, { NULL, 0 } };
static const struct route_param p_static[] = { { "v", 16 }, { NULL, 0 } };

#define H(fn) ((void (*)(void))(fn))

const struct route app_routes[] = {
	{ HTTP_GET,  "/",                   H(page_home),     ACC_PUBLIC, 0, p_home },
	{ HTTP_POST, "/login",              H(page_login),    ACC_PUBLIC, ROUTE_CSRF_PRE | ROUTE_SLOW, p_login },
	{ HTTP_GET,  "/oce",                H(page_oce),      ACC_SIGNED, 0, p_oce_get },
	{ HTTP_POST, "/oce",                H(page_oce_post), ACC_SIGNED, ROUTE_CSRF, p_oce_post },
	{ HTTP_GET,  "/principal",          H(page_main),     ACC_OCE,    0, p_main },
	{ HTTP_GET,  "/notificaciones/{}",  H(page_notice),   ACC_OCE,    0, p_none },
	{ HTTP_GET,  "/guia",               H(page_guia),     ACC_PUBLIC, 0, p_none },
	{ HTTP_POST, "/logout",             H(page_logout),   ACC_SIGNED, ROUTE_CSRF, p_csrf },
	{ HTTP_GET,  "/idioma",             H(page_idioma),   ACC_PUBLIC, 0, p_idioma },
	{ HTTP_GET,  "/static/{}",          H(page_static),   ACC_PUBLIC, ROUTE_STATIC, p_static },
};
const size_t app_routes_count = sizeof(app_routes) / sizeof(app_routes[0]);
