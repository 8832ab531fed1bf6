/*
 * clave.c — Reiniciar clave (linked from the sign-in page as REINICIAR
 * CLAVE): a single-use link by e-mail, then a new password.
 *
 *   GET  /clave              RUC (or cédula), ID de usuario and correo
 *   POST /clave              the same answer whatever was typed: when they
 *                            match an account, the link goes to its e-mail
 *   GET  /clave/nueva/{}     the link: the new password's form
 *   POST /clave/nueva/{}     sets it (a worker thread hashes it): a block is
 *                            lifted, every session ends, a notice and an
 *                            e-mail tell the user
 */
#include <string.h>

#include "auth/password.h"
#include "domain/email.h"
#include "domain/ruc.h"
#include "web/acct.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

#define MSG_SENT "Si los datos corresponden a una cuenta, enviamos al correo registrado un enlace para elegir una contraseña nueva. El enlace vence en %ld minutos y sirve una sola vez. Si no llega, revise la carpeta de correo no deseado y los datos que ingresó."

static int render_request(struct web_ctx *c, int status, const char *message)
{
	struct view_acct_form v;
	struct field_view f[3];
	struct buf b;

	memset(&v, 0, sizeof(v));
	page_init(c, "Reiniciar clave");
	f[0] = (struct field_view){ .name = "ruc", .label = "RUC", .type = "text", .value = param(c, "ruc"),
		.inputmode = "numeric", .maxlength = LIMIT_RUC_INPUT, .required = true, .autocomplete = "off",
		.hint = i18n_tr(c->lang, "El RUC con el que ingresa (o su cédula, si se registró sin RUC).") };
	f[1] = (struct field_view){ .name = "usuario", .label = i18n_tr(c->lang, "ID de usuario"), .type = "text",
		.value = param(c, "usuario"), .maxlength = LIMIT_USUARIO_BYTES, .required = true,
		.autocomplete = "username" };
	f[2] = (struct field_view){ .name = "email", .label = i18n_tr(c->lang, "Correo electrónico"),
		.type = "email", .value = param(c, "email"), .maxlength = LIMIT_EMAIL_BYTES, .required = true,
		.autocomplete = "email",
		.hint = i18n_tr(c->lang, "El correo registrado en su cuenta.") };
	v.pg = &c->pg;
	v.heading_id = "t-clave";
	v.intro = i18n_tr(c->lang, "Ingrese sus datos. Si corresponden a una cuenta, le enviaremos por correo un enlace para elegir una contraseña nueva. Reiniciar la clave también desbloquea una cuenta bloqueada por intentos fallidos.");
	v.message = message;
	v.action = "/clave";
	v.csrf = page_pre_token(c);
	v.fields = f;
	v.nfields = 3;
	v.submit = i18n_tr(c->lang, "Enviar enlace");
	v.back_href = "/";
	v.back_label = i18n_tr(c->lang, "Volver a Iniciar sesión");
	page_buf(&b);
	tmpl_acct_form(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_clave(struct web_ctx *c)
{
	return render_request(c, 200, NULL);
}

/* POST /clave — the answer depends only on the form's shape, never on the
 * accounts (recovery_request spends one commit either way). */
static int page_clave_post(struct web_ctx *c)
{
	const char *email = param(c, "email");
	struct acct_env e = acct_env_of(c);
	struct ruc_result rr;

	if (email && !form_errors_get(&c->errs, "email") && !email_valid(email, strlen(email)))
		form_errors_add(&c->errs, "email", i18n_tr(c->lang, "Correo electrónico: escriba una dirección como nombre@empresa.com.ec."));
	if (c->errs.n)
		return render_request(c, 400, NULL);
	ruc_check(param(c, "ruc"), strlen(param(c, "ruc")), &rr);
	if (recovery_request(c->conn, &e, rr.digits, param(c, "usuario"), email) < 0)
		return page_error(c, 500);
	c->params.n = 0;   /* the form comes back empty */
	return render_request(c, 200, ctx_printf(c, i18n_tr(c->lang, MSG_SENT), c->app->cfg->code_seconds / 60));
}

/* ---- the link -------------------------------------------------------------------- */

static int render_new(struct web_ctx *c, int status, const char *handle, const struct acct_out *o,
		      const char *message)
{
	struct view_acct_form v;
	struct field_view f[2];
	struct buf b;

	memset(&v, 0, sizeof(v));
	page_init(c, "Nueva contraseña");
	v.pg = &c->pg;
	v.heading_id = "t-nueva";
	v.message = message;
	if (handle) {
		f[0] = (struct field_view){ .name = "clave", .label = i18n_tr(c->lang, "Contraseña nueva"),
			.type = "password", .maxlength = LIMIT_PASSWORD_BYTES, .required = true,
			.autocomplete = "new-password",
			.hint = i18n_tr(c->lang, "Al menos 12 caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar; evite contraseñas comunes y sus propios datos.") };
		f[1] = (struct field_view){ .name = "clave2", .label = i18n_tr(c->lang, "Repita la contraseña"),
			.type = "password", .maxlength = LIMIT_PASSWORD_BYTES, .required = true,
			.autocomplete = "new-password" };
		v.intro = ctx_printf(c, i18n_tr(c->lang, "Elija la contraseña nueva del ID de usuario %s (%s %s)."),
				     o->usuario, strlen(o->identity) == 13 ? "RUC" : i18n_tr(c->lang, "cédula"), o->identity);
		v.action = ctx_printf(c, "/clave/nueva/%s", handle);
		v.csrf = page_pre_token(c);
		v.fields = f;
		v.nfields = 2;
		v.submit = i18n_tr(c->lang, "Cambiar contraseña");
	} else {
		v.back_href = "/";
		v.back_label = i18n_tr(c->lang, "Ir a Iniciar sesión");
	}
	page_buf(&b);
	tmpl_acct_form(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int link_refused(struct web_ctx *c, int rc, const struct acct_out *o)
{
	if (rc < 0)
		return page_error(c, 500);
	return render_new(c, rc == ACCT_UNKNOWN ? 404 : 410, NULL, o, acct_message(c, rc, o));
}

static int page_nueva(struct web_ctx *c)
{
	const char *h = acct_handle_of(c);
	struct acct_env e = acct_env_of(c);
	struct acct_out o;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = h ? recovery_check(c->conn, &e, h, &o) : ACCT_UNKNOWN;
	if (rc != ACCT_OK)
		return link_refused(c, rc, &o);
	return render_new(c, 200, h, &o, NULL);
}

/* POST /clave/nueva/{} — on a worker thread (the password is hashed). */
static int page_nueva_post(struct web_ctx *c)
{
	const char *h = acct_handle_of(c), *clave = param(c, "clave");
	struct acct_env e = acct_env_of(c);
	char hash[PASSWORD_HASH_MAX];
	struct acct_out o;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = h ? recovery_check(c->conn, &e, h, &o) : ACCT_UNKNOWN;
	if (rc != ACCT_OK)
		return link_refused(c, rc, &o);
	{
		const char *personal[] = { o.usuario, o.identity, NULL };
		if (!acct_password_ok(c, "clave", "clave2", personal))
			return render_new(c, 400, h, &o, NULL);
	}
	if (password_hash(clave, strlen(clave), hash) != 0)
		return page_error(c, 500);
	rc = recovery_complete(c->conn, &e, h, hash, &o);
	if (rc != ACCT_OK)
		return link_refused(c, rc, &o);
	if (c->has_session)
		set_cookie(c, COOKIE_SESSION, "", -1, "Lax");   /* it ended with the others */
	return render_new(c, 200, NULL, &o, i18n_tr(c->lang, "Su contraseña fue cambiada y todas sus sesiones se cerraron. Ingrese con la contraseña nueva."));
}

static const struct param_spec p_clave[] = {
	P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID de usuario"),
	P_TEXT("email", LIMIT_EMAIL_BYTES, .flags = P_REQUIRED, .label = "Correo electrónico"),
	P_END };
static const struct param_spec p_nueva[] = {
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña nueva"),
	P_TEXT("clave2", LIMIT_PASSWORD_BYTES, .flags = P_RAW, .label = "Repita la contraseña"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/clave", page_clave, ROLES_ANY, 0, .params = NULL },
	{ HTTP_POST, "/clave", page_clave_post, ROLES_ANY, ROUTE_CSRF_PRE | ROUTE_FORM_ERRORS, BODY_FORM,
	  .params = p_clave },
	{ HTTP_GET,  "/clave/nueva/{}", page_nueva, ROLES_ANY, 0, .params = NULL },
	{ HTTP_POST, "/clave/nueva/{}", page_nueva_post, ROLES_ANY,
	  ROUTE_CSRF_PRE | ROUTE_SLOW | ROUTE_FORM_ERRORS, BODY_FORM, .params = p_nueva },
};
ROUTE_TABLE(clave_routes, routes);
