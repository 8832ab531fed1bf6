/*
 * uso.c — 3.2.3 Modificar información del uso: a representante legal's
 * screen of the company's users.
 *
 *   GET  /uso        the users registered with the company's RUC
 *   GET  /uso/{}     one employee: approve or reject a pending account,
 *   POST /uso/{}     disable or enable it, grant or withdraw menu options
 *                    (accion=aprobar|rechazar|deshabilitar|habilitar|permisos,
 *                    the options as op.<id>=1)
 *
 * Only a representative uses it; anyone else gets the real system's
 * message, "No está asignado el permiso al usuario".
 */
#include <stdint.h>
#include <string.h>

#include "web/acct.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

#define ROLES_USER (ROLE_SIGNED | ROLE_OPERATOR)
#define MSG_NO_PERMISSION "No está asignado el permiso al usuario"

static bool is_rep(const struct web_ctx *c)
{
	return strcmp(c->sess.clase, CLASE_REP) == 0 && strlen(c->sess.ruc) == 13;
}

static int no_permission(struct web_ctx *c)
{
	c->error_detail = i18n_tr(c->lang, MSG_NO_PERMISSION);
	return page_error(c, 403);
}

static void to_row(struct web_ctx *c, const struct user_rec *u, struct uso_row *r)
{
	r->id = u->id;
	r->usuario = ctx_printf(c, "%s", u->usuario);
	r->nombre = ctx_printf(c, "%s", u->nombre);
	r->email = ctx_printf(c, "%s", u->email);
	r->clase_label = acct_clase_label(c->lang, u->clase);
	r->estado_label = acct_estado_label(c->lang, u->estado, u->disabled);
	r->employee = strcmp(u->clase, CLASE_EMPLOYEE) == 0;
	r->pending = strcmp(u->estado, ESTADO_PENDING) == 0;
	r->disabled = u->disabled != 0;
	r->href = r->employee ? ctx_path_id(c, "/uso/", u->id) : NULL;
}

static int page_uso(struct web_ctx *c)
{
	struct view_uso v;
	struct user_rec *u;
	struct uso_row *rows;
	size_t n;
	struct buf b;

	if (!is_rep(c))
		return no_permission(c);
	memset(&v, 0, sizeof(v));
	if (store_users_list(c->conn, c->sess.ruc, NULL, 0, LIMIT_USERS_PAGE, &c->req->arena, &u, &n) != STORE_OK)
		return page_error(c, 500);
	rows = arena_alloc(&c->req->arena, (n + 1) * sizeof(*rows));
	if (rows == NULL)
		return page_error(c, 500);
	for (size_t i = 0; i < n; i++)
		to_row(c, &u[i], &rows[i]);
	page_init(c, "Modificar información del uso");
	v.pg = &c->pg;
	v.ruc = c->sess.ruc;
	v.rows = rows;
	v.nrows = n;
	page_buf(&b);
	tmpl_uso(&b, c->lang, &v);
	return page_send(c, 200, &b);
}

/* The employee of the address, if it is one of the representative's company. */
static int load_employee(struct web_ctx *c, struct user_rec *u)
{
	long long id;

	if (str_to_ll(c->tail, 1, INT64_MAX, &id) != 0 || store_user_by_id(c->conn, id, u) != STORE_OK)
		return STORE_NOT_FOUND;
	if (strcmp(u->kind, USER_OPERATOR) != 0 || strcmp(u->ruc, c->sess.ruc) != 0 ||
	    strcmp(u->clase, CLASE_EMPLOYEE) != 0)
		return STORE_NOT_FOUND;
	return STORE_OK;
}

/* The options the company's OCE types allow, each once, granted or not. */
static int assignable(struct web_ctx *c, long long emp_id, struct uso_option **out, size_t *n)
{
	struct oce_rec *oces;
	size_t noce, ngr, cap = LIMIT_MENU_OPTIONS;
	const char **granted;
	struct uso_option *o = arena_alloc(&c->req->arena, cap * sizeof(*o));

	*n = 0;
	if (o == NULL || store_user_oces(c->conn, c->sess.user_id, &c->req->arena, &oces, &noce) != STORE_OK ||
	    store_perm_list(c->conn, emp_id, &c->req->arena, &granted, &ngr) != STORE_OK)
		return -1;
	for (size_t i = 0; i < noce; i++) {
		const struct menu_rec *m;
		size_t nm;
		app_menu(c->app, oces[i].type, &m, &nm);
		for (size_t j = 0; j < nm; j++) {
			bool seen = false;
			for (size_t k = 0; k < *n && !seen; k++)
				seen = strcmp(o[k].id, m[j].id) == 0;
			/* 3.2 (the user's own data) is everyone's; 3.2.3 is the
			 * representative's own screen: neither is granted. */
			if (seen || *n == cap || strcmp(m[j].id, "3.2") == 0 || strcmp(m[j].id, "3.2.3") == 0)
				continue;
			o[*n].id = m[j].id;
			o[*n].number = m[j].number;
			o[*n].title = c->lang == LANG_EN ? m[j].title_en : m[j].title;
			o[*n].granted = false;
			for (size_t k = 0; k < ngr; k++)
				if (strcmp(granted[k], m[j].id) == 0)
					o[*n].granted = true;
			(*n)++;
		}
	}
	*out = o;
	return 0;
}

static int render_employee(struct web_ctx *c, int status, const struct user_rec *u, const char *flash)
{
	struct view_uso v;
	struct uso_row *r = arena_alloc(&c->req->arena, sizeof(*r));
	struct uso_option *opts;
	size_t nopts;
	struct buf b;

	if (r == NULL || assignable(c, u->id, &opts, &nopts) != 0)
		return page_error(c, 500);
	to_row(c, u, r);
	memset(&v, 0, sizeof(v));
	page_init(c, "Modificar información del uso");
	c->pg.title = ctx_printf(c, "%s: %s", i18n_tr(c->lang, "Usuario"), u->usuario);
	v.pg = &c->pg;
	v.flash = flash;
	v.ruc = c->sess.ruc;
	v.emp = r;
	v.opts = opts;
	v.nopts = nopts;
	page_buf(&b);
	tmpl_uso(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_employee(struct web_ctx *c)
{
	struct user_rec u;

	if (!is_rep(c))
		return no_permission(c);
	if (load_employee(c, &u) != STORE_OK)
		return page_error(c, 404);
	return render_employee(c, 200, &u, NULL);
}

/* accion=permisos: grants what is checked and not granted, withdraws what
 * is granted and not checked. */
static int save_options(struct web_ctx *c, const struct acct_env *e, const struct user_rec *u)
{
	struct uso_option *opts;
	size_t n;
	int rc = STORE_OK;

	if (assignable(c, u->id, &opts, &n) != 0)
		return DB_ERR;
	for (size_t i = 0; i < n && (rc == STORE_OK || rc == STORE_NOT_FOUND); i++) {
		const char *want = param(c, ctx_printf(c, "op.%s", opts[i].id));
		bool on = want && strcmp(want, "1") == 0;
		if (on != opts[i].granted)
			rc = uso_act(c->conn, e, c->sess.user_id, u->id, on ? USO_GRANT : USO_REVOKE, opts[i].id);
	}
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

static int page_employee_post(struct web_ctx *c)
{
	static const struct { const char *accion; enum uso_action a; const char *done; } acts[] = {
		{ "aprobar", USO_APPROVE, "La cuenta fue aprobada; avisamos al empleado." },
		{ "rechazar", USO_REJECT, "La cuenta fue rechazada; avisamos al empleado." },
		{ "deshabilitar", USO_DISABLE, "El usuario fue deshabilitado y sus sesiones se cerraron." },
		{ "habilitar", USO_ENABLE, "El usuario fue habilitado de nuevo." },
	};
	const char *accion = param(c, "accion");
	struct acct_env e = acct_env_of(c);
	struct user_rec u;
	int rc;

	if (!is_rep(c))
		return no_permission(c);
	if (load_employee(c, &u) != STORE_OK)
		return page_error(c, 404);
	if (c->errs.n || accion == NULL)
		return page_error(c, 400);
	if (strcmp(accion, "permisos") == 0) {
		rc = save_options(c, &e, &u);
		if (rc < 0)
			return page_error(c, rc == ACCT_DENIED ? 403 : 500);
		return render_employee(c, 200, &u, i18n_tr(c->lang, "Las opciones del empleado quedaron guardadas."));
	}
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		if (strcmp(accion, acts[i].accion) != 0)
			continue;
		rc = uso_act(c->conn, &e, c->sess.user_id, u.id, acts[i].a, NULL);
		if (rc == ACCT_DENIED)
			return no_permission(c);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND)
			return page_error(c, 500);
		if (store_user_by_id(c->conn, u.id, &u) != STORE_OK)
			return page_error(c, 500);
		return render_employee(c, 200, &u, rc == STORE_NOT_FOUND
			? i18n_tr(c->lang, "No hubo nada que cambiar.") : i18n_tr(c->lang, acts[i].done));
	}
	return page_error(c, 400);
}

static const char *const acciones[] = { "aprobar", "rechazar", "deshabilitar", "habilitar", "permisos", NULL };
static const struct param_spec p_post[] = {
	P_ONE_OF("accion", acciones, .flags = P_REQUIRED, .label = "Acción"),
	P_TEXT("op.", 1, .flags = P_PREFIX, .label = "Opción"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/uso", page_uso, ROLES_USER, 0, .params = NULL },
	{ HTTP_GET,  "/uso/{}", page_employee, ROLES_USER, 0, .params = NULL },
	{ HTTP_POST, "/uso/{}", page_employee_post, ROLES_USER, ROUTE_CSRF, BODY_FORM, .params = p_post },
};
ROUTE_TABLE(uso_routes, routes);
