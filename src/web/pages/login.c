/*
 * login.c — the public home with the sign-in form (seed step 1), signing in
 * and signing out, and the customs officers' sign-in.
 *
 *   GET  /        the home: sign-in form, news, public menus
 *   GET  /login   the same page (where a failed sign-in leaves the address bar)
 *   POST /login   signs in (service/signin.c), on a worker thread: Argon2id
 *   POST /logout  ends the session
 *   GET  /funcionarios   the customs officers' own sign-in: ID. Usuario and
 *   POST /funcionarios   Contraseña (officers have no RUC), the same lockout
 *                        and audit; it leads to the back office (/bandeja)
 *
 * Who signs in: an operator's user, with the operator's RUC (13 digits) or,
 * for a user registered without a RUC, a cédula (10 digits) — the field
 * accepts both and checks them by the RUC rules (docs/decisions.md).
 */
#include <string.h>
#include <time.h>

#include "auth/throttle.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "domain/ruc.h"
#include "service/sessions.h"
#include "service/signin.h"
#include "web/i18n.h"
#include "web/menus.h"
#include "web/page.h"
#include "templates.h"

#define MSG_GENERIC "RUC, ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo."
#define MSG_OFFICERS "ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo."
#define MSG_BUSY "El ingreso está ocupado en este momento. Inténtelo de nuevo en unos segundos."

static int render_home(struct web_ctx *c, int status, const char *ruc, const char *usuario,
		       const char *err_form)
{
	struct view_home v;
	struct buf b;

	memset(&v, 0, sizeof(v));
	page_init(c, "Iniciar sesión");
	v.pg = &c->pg;
	v.ruc = ruc;
	v.usuario = usuario;
	v.err_form = err_form;
	if (err_form)
		form_errors_add(&c->errs, "", err_form);
	v.pre_csrf = page_pre_token(c);
	if (news_view(c, &v.news, &v.nnews) != 0)
		return page_error(c, 500);
	v.menus = menus_view(c, NULL);
	page_buf(&b);
	tmpl_home(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_home(struct web_ctx *c)
{
	if (c->role & (ROLE_OFFICER | ROLE_ADMIN))
		return page_redirect(c, "/bandeja");
	if (c->has_session)
		return page_redirect(c, c->sess.oce_code[0] ? "/principal" : "/oce");
	if (c->expired == 2 || (param(c, "expirada") && strcmp(param(c, "expirada"), "2") == 0))
		c->pg.flash = i18n_tr(c->lang, "Su sesión llegó a su duración máxima. Inicie sesión nuevamente.");
	else if (param(c, "expirada") || c->expired)
		c->pg.flash = i18n_tr(c->lang, "Su sesión expiró por inactividad. Inicie sesión nuevamente.");
	else if (param(c, "homologado"))
		c->pg.flash = i18n_tr(c->lang, "Su cuenta quedó homologada con el RUC. Ingrese con el RUC, su ID. Usuario y su contraseña.");
	else if (param(c, "salida"))
		c->pg.flash = i18n_tr(c->lang, "Su sesión se cerró correctamente.");
	return render_home(c, 200, NULL, NULL, NULL);
}

/* The blocked-account message, with the time it unblocks by itself. */
static const char *blocked_msg(struct web_ctx *c, long long blocked_at)
{
	long secs = c->app->cfg->lock_seconds;
	char when[TIMEFMT_LEN];

	if (secs <= 0)
		return i18n_tr(c->lang, "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador.");
	timefmt_ec(blocked_at + secs, when);
	return ctx_printf(c, "%s %s.",
			  i18n_tr(c->lang, "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador o vuelva a intentarlo después de"),
			  when);
}

/* ---- budgets of failed sign-ins (auth/throttle.h) ------------------------- */

static int render_officers(struct web_ctx *c, int status, const char *usuario, const char *err_form);

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The account's key: "u|RUC|user" for an operator's user, "f|user" for an
 * officer; the user in lower case, as the store finds it whatever its case. */
static void account_key(char *out, size_t outsz, const char *ruc, const char *usuario)
{
	size_t n = 0;
	const char *p = ruc ? ruc : "";

	out[0] = '\0';
	if (outsz < 4)
		return;
	out[n++] = ruc ? 'u' : 'f';
	out[n++] = '|';
	for (; ruc && *p && n + 2 < outsz; p++)
		out[n++] = *p;
	if (ruc)
		out[n++] = '|';
	for (p = usuario ? usuario : ""; *p && n + 1 < outsz; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		out[n++] = ch;
	}
	out[n] = '\0';
}

static void signin_keys(struct web_ctx *c, bool officer, char *akey, size_t asz, char *ukey, size_t usz)
{
	const char *usuario = param(c, "usuario");
	struct ruc_result rr;

	throttle_addr_key(c->req->addr, akey, asz);
	if (officer) {
		account_key(ukey, usz, NULL, usuario);
		return;
	}
	ruc_check(param(c, "ruc"), strlen(param(c, "ruc")), &rr);
	account_key(ukey, usz, rr.digits, usuario);
}

/* Before the hop to a worker (route.admit), on the I/O thread: a sign-in
 * from an address, or for an account, past its budget of failures and
 * inside its delay is refused here, 429, without hashing anything; any
 * other goes on with its recent failures as its place in the queue (a
 * clean one first). */
static int signin_admit(struct web_ctx *c, bool officer)
{
	char akey[80], ukey[LIMIT_USUARIO_BYTES + 32];
	unsigned sa = 0, su = 0;
	long wait;
	long long now = mono_ms();

	if (c->errs.n)
		return 0;   /* the form is shown again with its messages; nothing hashed */
	signin_keys(c, officer, akey, sizeof(akey), ukey, sizeof(ukey));
	wait = throttle_check(c->app->signin_addr, akey, now, &sa);
	if (wait == 0)
		wait = throttle_check(c->app->signin_account, ukey, now, &su);
	if (wait == 0) {
		c->req->defer_prio = sa + su;
		return 0;
	}
	{
		const char *secs = ctx_printf(c, "%ld", wait);
		const char *msg = ctx_printf(c, "%s %s %s",
			i18n_tr(c->lang, "Demasiados intentos fallidos de ingreso. Espere"), secs,
			i18n_tr(c->lang, "segundos e intente de nuevo."));
		http_response_header(c->res, "Retry-After", secs);
		if (officer)
			return render_officers(c, 429, param(c, "usuario"), msg);
		return render_home(c, 429, param(c, "ruc"), param(c, "usuario"), msg);
	}
}

/* After the check, on the worker: failures counted, a success forgiven. */
static void signin_record(struct web_ctx *c, bool officer, enum signin_outcome o)
{
	char akey[80], ukey[LIMIT_USUARIO_BYTES + 32];
	long long now = mono_ms();

	signin_keys(c, officer, akey, sizeof(akey), ukey, sizeof(ukey));
	if (o == SIGNIN_OK) {
		throttle_forget(c->app->signin_account, ukey);
	} else if (o == SIGNIN_REFUSED || o == SIGNIN_BLOCKED) {
		throttle_fail(c->app->signin_addr, akey, now);
		throttle_fail(c->app->signin_account, ukey, now);
	}
}

static int admit_login(struct web_ctx *c)
{
	return signin_admit(c, false);
}

static int admit_officers(struct web_ctx *c)
{
	return signin_admit(c, true);
}

/* POST /login — runs whole on a worker thread (ROUTE_SLOW). */
static int page_login(struct web_ctx *c)
{
	const struct config *cfg = c->app->cfg;
	const char *ruc = param(c, "ruc"), *usuario = param(c, "usuario"), *clave = param(c, "clave");
	struct signin_policy pol = { cfg->max_failures, cfg->lock_seconds, cfg->brand,
				     cfg->signin_lease_seconds };
	struct signin_request r;
	struct signin_result out;
	struct ruc_result rr;

	if (c->errs.n)
		return render_home(c, 400, ruc, usuario, NULL);
	ruc_check(ruc, strlen(ruc), &rr);
	memset(&r, 0, sizeof(r));
	r.ruc = rr.digits;
	r.usuario = usuario;
	r.clave = clave;
	r.old_session = c->has_session ? c->token_hash : NULL;
	r.addr = c->req->addr;
	r.now = c->now;
	if (signin_run(c->conn, &pol, &r, &out) != 0)
		return page_error(c, 500);
	signin_record(c, false, out.outcome);
	switch (out.outcome) {
	case SIGNIN_OK:
		set_cookie(c, COOKIE_SESSION, out.token, 0, "Lax");
		set_cookie(c, COOKIE_PRE, "", -1, "Strict");
		return page_redirect(c, "/oce");
	case SIGNIN_BLOCKED:
		return render_home(c, 403, ruc, usuario, blocked_msg(c, out.blocked_at));
	case SIGNIN_BUSY:
		http_response_header(c->res, "Retry-After", "2");
		return render_home(c, 503, ruc, usuario, i18n_tr(c->lang, MSG_BUSY));
	case SIGNIN_DISABLED:
		return render_home(c, 403, ruc, usuario,
				   i18n_tr(c->lang, "Su usuario está deshabilitado. Comuníquese con el administrador del portal."));
	case SIGNIN_PENDING:
		return render_home(c, 403, ruc, usuario,
				   i18n_tr(c->lang, "Su cuenta espera la aprobación del representante legal de la empresa. Le avisaremos por correo cuando la apruebe."));
	case SIGNIN_REJECTED:
		return render_home(c, 403, ruc, usuario,
				   i18n_tr(c->lang, "El representante legal de la empresa no aprobó su cuenta. Comuníquese con él."));
	case SIGNIN_REFUSED:
		break;
	}
	return render_home(c, 401, ruc, usuario, i18n_tr(c->lang, MSG_GENERIC));
}

static int render_officers(struct web_ctx *c, int status, const char *usuario, const char *err_form)
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
	v.pre_csrf = page_pre_token(c);
	page_buf(&b);
	tmpl_funcionarios(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_officers(struct web_ctx *c)
{
	if (c->role & (ROLE_OFFICER | ROLE_ADMIN))
		return page_redirect(c, "/bandeja");
	return render_officers(c, 200, NULL, NULL);
}

/* POST /funcionarios — on a worker thread, as /login. */
static int page_officers_signin(struct web_ctx *c)
{
	const struct config *cfg = c->app->cfg;
	const char *usuario = param(c, "usuario"), *clave = param(c, "clave");
	struct signin_policy pol = { cfg->max_failures, cfg->lock_seconds, cfg->brand,
				     cfg->signin_lease_seconds };
	struct signin_request r;
	struct signin_result out;

	if (c->errs.n)
		return render_officers(c, 400, usuario, NULL);
	memset(&r, 0, sizeof(r));
	r.ruc = NULL;   /* an officer */
	r.usuario = usuario;
	r.clave = clave;
	r.old_session = c->has_session ? c->token_hash : NULL;
	r.addr = c->req->addr;
	r.now = c->now;
	if (signin_run(c->conn, &pol, &r, &out) != 0)
		return page_error(c, 500);
	signin_record(c, true, out.outcome);
	switch (out.outcome) {
	case SIGNIN_OK:
		set_cookie(c, COOKIE_SESSION, out.token, 0, "Lax");
		set_cookie(c, COOKIE_PRE, "", -1, "Strict");
		return page_redirect(c, "/bandeja");
	case SIGNIN_BLOCKED:
		return render_officers(c, 403, usuario, blocked_msg(c, out.blocked_at));
	case SIGNIN_BUSY:
		http_response_header(c->res, "Retry-After", "2");
		return render_officers(c, 503, usuario, i18n_tr(c->lang, MSG_BUSY));
	case SIGNIN_DISABLED:
	case SIGNIN_PENDING:    /* officers are never pending */
	case SIGNIN_REJECTED:
		return render_officers(c, 403, usuario,
			      i18n_tr(c->lang, "Su usuario está deshabilitado. Comuníquese con el administrador del portal."));
	case SIGNIN_REFUSED:
		break;
	}
	return render_officers(c, 401, usuario, i18n_tr(c->lang, MSG_OFFICERS));
}

static int page_logout(struct web_ctx *c)
{
	/* The session must be gone from the store before the page says so. */
	if (session_end(c->conn, &c->sess, c->token_hash, c->req->addr, c->now) != 0)
		return page_error(c, 500);
	set_cookie(c, COOKIE_SESSION, "", -1, "Lax");
	return page_redirect(c, "/?salida=1");
}

static const char *const expiradas[] = { "1", "2", NULL };
static const struct param_spec p_home[] = {
	P_ONE_OF("expirada", expiradas, .label = "Página"), P_DIGITS("salida", 1, 1),
	P_DIGITS("homologado", 1, 1), P_END };
static const struct param_spec p_login[] = {
	P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID. Usuario",
	       .missing = "Ingrese su ID. Usuario."),
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña",
	       .missing = "Ingrese su Contraseña."),
	P_END };
static const struct param_spec p_officers[] = {
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID. Usuario",
	       .missing = "Ingrese su ID. Usuario."),
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña",
	       .missing = "Ingrese su Contraseña."),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/",       page_home,   ROLES_ANY, 0, .params = p_home },
	{ HTTP_GET,  "/login",  page_home,   ROLES_ANY, 0, .params = p_home },
	{ HTTP_POST, "/login",  page_login,  ROLES_ANY, ROUTE_CSRF_PRE | ROUTE_SLOW | ROUTE_FORM_ERRORS,
	  BODY_FORM, .params = p_login, .admit = admit_login },
	{ HTTP_POST, "/logout", page_logout, ROLES_SESSION, ROUTE_CSRF, .body = BODY_FORM },
	{ HTTP_GET,  "/funcionarios", page_officers, ROLES_ANY, 0, .params = NULL },
	{ HTTP_POST, "/funcionarios", page_officers_signin, ROLES_ANY,
	  ROUTE_CSRF_PRE | ROUTE_SLOW | ROUTE_FORM_ERRORS, BODY_FORM, .params = p_officers,
	  .admit = admit_officers },
};
ROUTE_TABLE(login_routes, routes);
