/*
 * usuarios.c — the administrators' accounts screen (back office, officers
 * with the admin role): list and search every account, open one to see its
 * audit trail, unlock, disable and enable it.  Every act is audited and the
 * user notified (service/lifecycle.h admin_set_disabled, accounts.h
 * account_unblock).
 *
 *   GET  /usuarios       the list (?q= search, ?desde= offset)
 *   GET  /usuarios/{}    one account and its audit trail
 *   POST /usuarios/{}    accion=desbloquear|deshabilitar|habilitar
 */
#include <stdint.h>
#include <string.h>

#include "core/timefmt.h"
#include "service/accounts.h"
#include "store/audit.h"
#include "web/acct.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

/* /usuarios?q=Q&desde=OFFSET */
static const char *list_href(struct web_ctx *c, const char *q, size_t offset)
{
	struct buf b;
	const char *r;

	buf_init(&b, (size_t)LIMIT_SEARCH_BYTES * 3 + 64);
	buf_put_str(&b, "/usuarios?q=");
	buf_put_url(&b, q ? q : "");
	buf_printf(&b, "&desde=%zu", offset);
	r = b.err ? "/usuarios" : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r;
}

static void to_row(struct web_ctx *c, const struct user_rec *u, struct uso_row *r)
{
	bool officer = strcmp(u->kind, USER_OFFICER) == 0;

	memset(r, 0, sizeof(*r));
	r->id = u->id;
	r->ruc = officer ? i18n_tr(c->lang, "Funcionario") : ctx_printf(c, "%s", u->ruc);
	r->usuario = ctx_printf(c, "%s", u->usuario);
	r->nombre = ctx_printf(c, "%s", u->nombre);
	r->email = ctx_printf(c, "%s", u->email);
	r->clase_label = officer ? ctx_printf(c, "%s", u->roles) : acct_clase_label(c->lang, u->clase);
	r->estado_label = u->blocked_at ? i18n_tr(c->lang, "Bloqueado")
			: acct_estado_label(c->lang, u->estado, u->disabled);
	r->href = ctx_path_id(c, "/usuarios/", u->id);
}

static int page_list(struct web_ctx *c)
{
	const char *q = param(c, "q"), *desde = param(c, "desde");
	long long from = 0;
	size_t offset;
	struct view_usuarios v;
	struct user_rec *u;
	struct uso_row *rows;
	size_t n;
	struct buf b;

	if (desde)
		str_to_ll(str_from(desde), 0, 999999999, &from);   /* declared: 1 to 9 digits */
	offset = (size_t)from;
	memset(&v, 0, sizeof(v));
	/* One more than a page: whether there is a next one. */
	if (store_users_list(c->conn, NULL, q, offset, LIMIT_USERS_PAGE + 1, &c->req->arena, &u, &n) != STORE_OK)
		return page_error(c, 500);
	rows = arena_alloc(&c->req->arena, (n + 1) * sizeof(*rows));
	if (rows == NULL)
		return page_error(c, 500);
	v.nrows = n > LIMIT_USERS_PAGE ? LIMIT_USERS_PAGE : n;
	for (size_t i = 0; i < v.nrows; i++)
		to_row(c, &u[i], &rows[i]);
	page_init(c, "Cuentas de usuario");
	v.pg = &c->pg;
	v.q = q;
	v.rows = rows;
	if (n > LIMIT_USERS_PAGE)
		v.next_href = list_href(c, q, offset + LIMIT_USERS_PAGE);
	if (offset > 0)
		v.prev_href = list_href(c, q, offset > LIMIT_USERS_PAGE ? offset - LIMIT_USERS_PAGE : 0);
	page_buf(&b);
	tmpl_usuarios(&b, c->lang, &v);
	return page_send(c, 200, &b);
}

static int load(struct web_ctx *c, struct user_rec *u)
{
	long long id;

	if (str_to_ll(c->tail, 1, INT64_MAX, &id) != 0)
		return STORE_NOT_FOUND;
	return store_user_by_id(c->conn, id, u);
}

static int render_one(struct web_ctx *c, int status, const struct user_rec *u, const char *flash)
{
	struct view_usuarios v;
	struct audit_rec *a;
	struct audit_row *rows;
	size_t n;
	struct buf b;

	memset(&v, 0, sizeof(v));
	if (store_audit_of_user(c->conn, u->id, LIMIT_AUDIT_PAGE, &c->req->arena, &a, &n) != STORE_OK)
		return page_error(c, 500);
	rows = arena_alloc(&c->req->arena, (n + 1) * sizeof(*rows));
	if (rows == NULL)
		return page_error(c, 500);
	for (size_t i = 0; i < n; i++) {
		char when[TIMEFMT_LEN];
		timefmt_ec(a[i].at, when);
		rows[i].at = ctx_printf(c, "%s", when);
		rows[i].event = a[i].event;
		rows[i].addr = a[i].addr;
		rows[i].detail = a[i].detail;
	}
	page_init(c, "Cuenta de usuario");
	c->pg.title = ctx_printf(c, "%s: %s", i18n_tr(c->lang, "Cuenta de usuario"), u->usuario);
	v.pg = &c->pg;
	v.flash = flash;
	v.u = u;
	v.kind_label = strcmp(u->kind, USER_OFFICER) == 0 ? i18n_tr(c->lang, "Funcionario")
		     : acct_clase_label(c->lang, u->clase);
	v.state_label = u->blocked_at ? i18n_tr(c->lang, "Bloqueado") : acct_estado_label(c->lang, u->estado, u->disabled);
	v.blocked = u->blocked_at != 0;
	v.self_href = ctx_path_id(c, "/usuarios/", u->id);
	v.audit = rows;
	v.naudit = n;
	page_buf(&b);
	tmpl_usuarios(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_one(struct web_ctx *c)
{
	struct user_rec u;

	if (load(c, &u) != STORE_OK)
		return page_error(c, 404);
	return render_one(c, 200, &u, NULL);
}

static int page_act(struct web_ctx *c)
{
	const char *accion = param(c, "accion");
	struct acct_env e = acct_env_of(c);
	struct user_rec u;
	const char *done;
	int rc;

	if (load(c, &u) != STORE_OK)
		return page_error(c, 404);
	if (strcmp(accion, "desbloquear") == 0) {
		rc = account_unblock(c->conn, c->app->cfg->brand, &u, c->now, true, c->req->addr);
		done = "La cuenta fue desbloqueada; avisamos al usuario.";
	} else {
		bool off = strcmp(accion, "deshabilitar") == 0;
		rc = admin_set_disabled(c->conn, &e, u.id, off, c->sess.usuario);
		done = off ? "La cuenta fue deshabilitada y sus sesiones se cerraron; avisamos al usuario."
			   : "La cuenta fue habilitada; avisamos al usuario.";
	}
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return page_error(c, 500);
	if (store_user_by_id(c->conn, u.id, &u) != STORE_OK)
		return page_error(c, 500);
	return render_one(c, 200, &u, rc == STORE_NOT_FOUND ? i18n_tr(c->lang, "No hubo nada que cambiar.")
						       : i18n_tr(c->lang, done));
}

static const char *const acciones[] = { "desbloquear", "deshabilitar", "habilitar", NULL };
static const struct param_spec p_list[] = {
	P_TEXT("q", LIMIT_SEARCH_BYTES, .label = "Buscar"),
	P_DIGITS("desde", 1, 9, .label = "Página"),
	P_END };
static const struct param_spec p_act[] = {
	P_ONE_OF("accion", acciones, .flags = P_REQUIRED, .label = "Acción"), P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/usuarios", page_list, ROLE_ADMIN, 0, .params = p_list },
	{ HTTP_GET,  "/usuarios/{}", page_one, ROLE_ADMIN, 0, .params = NULL },
	{ HTTP_POST, "/usuarios/{}", page_act, ROLE_ADMIN, ROUTE_CSRF, BODY_FORM, .params = p_act },
};
ROUTE_TABLE(usuarios_routes, routes);
