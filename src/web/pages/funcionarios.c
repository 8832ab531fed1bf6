/*
 * funcionarios.c — the customs officers' own sign-in page: ID. Usuario and
 * Contraseña (officers have no RUC), with the operators' lockout and audit
 * (service/signin.c); it leads to the back office (/bandeja).
 *
 *   GET  /funcionarios   the form
 *   POST /funcionarios   signs in, on a worker thread (Argon2id)
 */
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "service/signin.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

#define MSG_GENERIC "ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo."

static int render(struct web_ctx *c, int status, const char *usuario, const char *err_form)
{
	struct view_funcionarios v;
	struct buf b;

	memset(&v, 0, sizeof(v));
	page_init(c, "Ingreso de funcionarios");
	v.pg = &c->pg;
	v.usuario = usuario;
	v.err_form = err_form;
	if (err_form)
		form_errors_add(&c->errs, "", err_form);
	if (c->pre_token == NULL) {
		char tok[TOKEN_HEX];
		token_new(tok);
		c->pre_token = arena_strdup(&c->req->arena, tok);
		set_cookie(c, COOKIE_PRE, c->pre_token, 0, "Strict");
	}
	v.pre_csrf = c->pre_token;
	page_buf(&b);
	tmpl_funcionarios(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_form(struct web_ctx *c)
{
	if (c->role & (ROLE_OFFICER | ROLE_ADMIN))
		return page_redirect(c, "/bandeja");
	return render(c, 200, NULL, NULL);
}

static int page_signin(struct web_ctx *c)
{
	const struct config *cfg = c->app->cfg;
	const char *usuario = param(c, "usuario"), *clave = param(c, "clave");
	struct signin_policy pol = { cfg->max_failures, cfg->lock_seconds, cfg->brand };
	struct signin_request r;
	struct signin_result out;
	char when[TIMEFMT_LEN];

	if (c->errs.n)
		return render(c, 400, usuario, NULL);
	memset(&r, 0, sizeof(r));
	r.ruc = NULL;   /* an officer */
	r.usuario = usuario;
	r.clave = clave;
	r.old_session = c->has_session ? c->token_hash : NULL;
	r.addr = c->req->addr;
	r.now = c->now;
	if (signin_run(c->conn, &pol, &r, &out) != 0)
		return page_error(c, 500);
	switch (out.outcome) {
	case SIGNIN_OK:
		set_cookie(c, COOKIE_SESSION, out.token, 0, "Lax");
		set_cookie(c, COOKIE_PRE, "", -1, "Strict");
		return page_redirect(c, "/bandeja");
	case SIGNIN_BLOCKED:
		if (cfg->lock_seconds <= 0)
			return render(c, 403, usuario, i18n_tr(c->lang, "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador."));
		timefmt_ec(out.blocked_at + cfg->lock_seconds, when);
		return render(c, 403, usuario,
			      ctx_printf(c, "%s %s.", i18n_tr(c->lang, "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador o vuelva a intentarlo después de"), when));
	case SIGNIN_DISABLED:
		return render(c, 403, usuario,
			      i18n_tr(c->lang, "Su usuario está deshabilitado. Comuníquese con el administrador del portal."));
	case SIGNIN_REFUSED:
		break;
	}
	return render(c, 401, usuario, i18n_tr(c->lang, MSG_GENERIC));
}

static const struct param_spec p_signin[] = {
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID. Usuario",
	       .missing = "Ingrese su ID. Usuario."),
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña",
	       .missing = "Ingrese su Contraseña."),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/funcionarios", page_form,   ROLES_ANY, 0, .params = NULL },
	{ HTTP_POST, "/funcionarios", page_signin, ROLES_ANY, ROUTE_CSRF_PRE | ROUTE_SLOW | ROUTE_FORM_ERRORS,
	  BODY_FORM, .params = p_signin },
};
ROUTE_TABLE(funcionarios_routes, routes);
