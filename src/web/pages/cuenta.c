/*
 * cuenta.c — 3.2 Solicitud del uso: the user's own data (Datos del
 * usuario), for every operator's user, with or without an OCE chosen.
 *
 *   GET  /cuenta                  the data, and the forms below
 *   POST /cuenta/correo           a code to the new address
 *   POST /cuenta/correo/codigo    the code: the address changes
 *   POST /cuenta/clave            the current password and the new one (a worker
 *                                 thread checks and hashes); the other sessions end
 *   POST /cuenta/homologar        Homologación con RUC of an account registered
 *                                 under a cédula; every session ends
 *   GET  /cuenta/actualizar       the yearly update: names and phone confirmed
 *   POST /cuenta/actualizar       (asked at sign-in before anything else, see
 *                                 web/dispatch.c)
 */
#include <string.h>
#include <strings.h>

#include "auth/password.h"
#include "domain/email.h"
#include "domain/ruc.h"
#include "store/verify.h"
#include "web/acct.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

#define ROLES_USER (ROLE_SIGNED | ROLE_OPERATOR)

static int render_cuenta(struct web_ctx *c, int status, const char *flash)
{
	struct view_cuenta v;
	struct user_rec u;
	struct verify_rec pend;
	struct buf b;
	int rc;

	memset(&v, 0, sizeof(v));
	if (store_user_by_id(c->conn, c->sess.user_id, &u) != STORE_OK)
		return page_error(c, 500);
	rc = store_verify_latest(c->conn, u.id, VERIFY_CORREO, NULL, &pend);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return page_error(c, 500);
	page_init(c, "Datos del usuario");
	v.pg = &c->pg;
	v.flash = flash;
	v.ruc = ctx_printf(c, "%s", u.ruc);
	v.usuario = ctx_printf(c, "%s", u.usuario);
	v.nombre = ctx_printf(c, "%s", u.nombre);
	v.email = ctx_printf(c, "%s", u.email);
	v.telefono = ctx_printf(c, "%s", u.telefono);
	v.cedula = ctx_printf(c, "%s", u.cedula[0] ? u.cedula : strlen(u.ruc) == 10 ? u.ruc : "");
	v.clase_label = acct_clase_label(c->lang, u.clase);
	v.email_pending = rc == STORE_OK && pend.expires_at > c->now && pend.attempts < LIMIT_CODE_ATTEMPTS;
	v.email_pending_to = ctx_printf(c, "%s", rc == STORE_OK ? pend.email : "");
	v.can_link = strlen(u.ruc) == 10;
	v.new_email = param(c, "email");
	v.link_ruc = param(c, "ruc");
	page_buf(&b);
	tmpl_cuenta(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_cuenta(struct web_ctx *c)
{
	const char *hecho = param(c, "hecho");
	const char *flash = NULL;

	if (hecho && strcmp(hecho, "codigo") == 0)
		flash = i18n_tr(c->lang, "Le enviamos un código de seguridad al correo nuevo. Ingréselo abajo para confirmar el cambio.");
	else if (hecho && strcmp(hecho, "correo") == 0)
		flash = i18n_tr(c->lang, "Su correo electrónico fue cambiado. Avisamos a la dirección anterior y a la nueva.");
	else if (hecho && strcmp(hecho, "clave") == 0)
		flash = i18n_tr(c->lang, "Su contraseña fue cambiada. Sus otras sesiones se cerraron.");
	else if (hecho && strcmp(hecho, "datos") == 0)
		flash = i18n_tr(c->lang, "Sus datos quedaron confirmados.");
	return render_cuenta(c, 200, flash);
}

static int page_correo(struct web_ctx *c)
{
	const char *email = param(c, "email");
	struct acct_env e = acct_env_of(c);
	struct acct_out o;
	int rc;

	if (email && !form_errors_get(&c->errs, "email") && !email_valid(email, strlen(email)))
		form_errors_add(&c->errs, "email", i18n_tr(c->lang, "Correo electrónico: escriba una dirección como nombre@empresa.com.ec."));
	if (c->errs.n || email == NULL)
		return render_cuenta(c, 400, NULL);
	if (strcasecmp(email, c->sess.email) == 0) {
		form_errors_add(&c->errs, "email", i18n_tr(c->lang, "Ese ya es su correo. Escriba la dirección nueva."));
		return render_cuenta(c, 400, NULL);
	}
	rc = profile_email_start(c->conn, &e, c->sess.user_id, email, &o);
	if (rc == ACCT_OK)
		return page_redirect(c, "/cuenta?hecho=codigo");
	if (rc < 0)
		return page_error(c, 500);
	form_errors_add(&c->errs, "email", acct_message(c, rc, &o));
	return render_cuenta(c, rc == ACCT_TOO_MANY ? 429 : 400, NULL);
}

static int page_correo_codigo(struct web_ctx *c)
{
	struct acct_env e = acct_env_of(c);
	struct acct_out o;
	int rc;

	if (c->errs.n)
		return render_cuenta(c, 400, NULL);
	rc = profile_email_confirm(c->conn, &e, c->sess.user_id, param(c, "codigo"), &o);
	if (rc == ACCT_OK)
		return page_redirect(c, "/cuenta?hecho=correo");
	if (rc < 0)
		return page_error(c, 500);
	form_errors_add(&c->errs, rc == ACCT_WRONG ? "codigo" : "email", acct_message(c, rc, &o));
	return render_cuenta(c, rc == ACCT_WRONG ? 400 : 410, NULL);
}

/* POST /cuenta/clave — on a worker thread: the current password is checked
 * (Argon2id) and the new one hashed. */
static int page_clave(struct web_ctx *c)
{
	struct acct_env e = acct_env_of(c);
	const char *actual = param(c, "actual"), *clave = param(c, "clave");
	char hash[PASSWORD_HASH_MAX];
	struct user_rec u;

	if (store_user_by_id(c->conn, c->sess.user_id, &u) != STORE_OK)
		return page_error(c, 500);
	if (actual && !form_errors_get(&c->errs, "actual") &&
	    password_verify(u.pw_hash, actual, strlen(actual)) != 0)
		form_errors_add(&c->errs, "actual", i18n_tr(c->lang, "La contraseña actual no es correcta."));
	{
		const char *personal[] = { u.usuario, u.ruc, u.cedula, u.nombre, u.email, NULL };
		if (!c->errs.n)
			acct_password_ok(c, "clave", "clave2", personal);
	}
	if (c->errs.n)
		return render_cuenta(c, 400, NULL);
	if (password_hash(clave, strlen(clave), hash) != 0 ||
	    profile_password(c->conn, &e, u.id, c->token_hash, hash) != STORE_OK)
		return page_error(c, 500);
	return page_redirect(c, "/cuenta?hecho=clave");
}

static int page_homologar(struct web_ctx *c)
{
	struct acct_env e = acct_env_of(c);
	struct ruc_result rr;
	struct acct_out o;
	int rc;

	if (c->errs.n)
		return render_cuenta(c, 400, NULL);
	ruc_check(param(c, "ruc"), strlen(param(c, "ruc")), &rr);
	if (rr.kind == RUC_KIND_CEDULA) {
		form_errors_add(&c->errs, "ruc", i18n_tr(c->lang, "RUC: ingrese los 13 dígitos del RUC del operador."));
		return render_cuenta(c, 400, NULL);
	}
	rc = profile_link_ruc(c->conn, &e, c->sess.user_id, rr.digits, &o);
	if (rc < 0)
		return page_error(c, 500);
	if (rc != ACCT_OK) {
		form_errors_add(&c->errs, "ruc", acct_message(c, rc, &o));
		return render_cuenta(c, rc == ACCT_TAKEN ? 409 : 400, NULL);
	}
	/* Every session ended: the next sign-in is with the RUC. */
	set_cookie(c, COOKIE_SESSION, "", -1, "Lax");
	return page_redirect(c, "/?homologado=1");
}

/* ---- the yearly update ------------------------------------------------------------ */

static int render_actualizar(struct web_ctx *c, int status)
{
	struct view_acct_form v;
	struct field_view f[2];
	struct user_rec u;
	struct buf b;

	if (store_user_by_id(c->conn, c->sess.user_id, &u) != STORE_OK)
		return page_error(c, 500);
	memset(&v, 0, sizeof(v));
	page_init(c, "Actualización de datos");
	f[0] = (struct field_view){ .name = "nombre", .label = i18n_tr(c->lang, "Nombres y apellidos"),
		.type = "text", .value = param(c, "nombre") ? param(c, "nombre") : ctx_printf(c, "%s", u.nombre),
		.maxlength = LIMIT_NAME_BYTES, .required = true, .autocomplete = "name" };
	f[1] = (struct field_view){ .name = "telefono", .label = i18n_tr(c->lang, "Teléfono"), .type = "tel",
		.value = param(c, "telefono") ? param(c, "telefono") : ctx_printf(c, "%s", u.telefono),
		.maxlength = LIMIT_PHONE_BYTES, .required = true, .autocomplete = "tel" };
	v.pg = &c->pg;
	v.heading_id = "t-actualizar";
	v.intro = ctx_printf(c, i18n_tr(c->lang, "La Aduana pide confirmar cada año los datos de su cuenta. Revise sus nombres y teléfono y confírmelos. Su correo es %s: si cambió, cámbielo en Datos del usuario."),
			     u.email);
	v.action = "/cuenta/actualizar";
	v.csrf = c->sess.csrf;
	v.fields = f;
	v.nfields = 2;
	v.submit = i18n_tr(c->lang, "Confirmar mis datos");
	page_buf(&b);
	tmpl_acct_form(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_actualizar(struct web_ctx *c)
{
	return render_actualizar(c, 200);
}

static int page_actualizar_post(struct web_ctx *c)
{
	struct acct_env e = acct_env_of(c);
	const char *tel = param(c, "telefono");

	if (tel && !form_errors_get(&c->errs, "telefono") && !account_phone_valid(tel))
		form_errors_add(&c->errs, "telefono", i18n_tr(c->lang, "Teléfono: de 7 a 15 dígitos; se admiten espacios, guiones, paréntesis y un + al inicio."));
	if (c->errs.n)
		return render_actualizar(c, 400);
	if (profile_confirm(c->conn, &e, c->sess.user_id, param(c, "nombre"), tel) != STORE_OK)
		return page_error(c, 500);
	return page_redirect(c, "/cuenta?hecho=datos");
}

static const char *const hechos[] = { "codigo", "correo", "clave", "datos", NULL };
static const struct param_spec p_cuenta[] = { P_ONE_OF("hecho", hechos, .label = "Página"), P_END };
static const struct param_spec p_correo[] = {
	P_TEXT("email", LIMIT_EMAIL_BYTES, .flags = P_REQUIRED, .label = "Correo nuevo"), P_END };
static const struct param_spec p_codigo[] = {
	P_TEXT("codigo", 16, .flags = P_REQUIRED, .label = "Código de seguridad",
	       .missing = "Ingrese el código de seguridad que le enviamos por correo."),
	P_END };
static const struct param_spec p_clave[] = {
	P_TEXT("actual", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña actual"),
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña nueva"),
	P_TEXT("clave2", LIMIT_PASSWORD_BYTES, .flags = P_RAW, .label = "Repita la contraseña"),
	P_END };
static const struct param_spec p_homologar[] = {
	P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC del operador"), P_END };
static const struct param_spec p_actualizar[] = {
	P_TEXT("nombre", LIMIT_NAME_BYTES, .flags = P_REQUIRED, .label = "Nombres y apellidos"),
	P_TEXT("telefono", LIMIT_PHONE_BYTES, .flags = P_REQUIRED, .label = "Teléfono"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/cuenta", page_cuenta, ROLES_USER, 0, .params = p_cuenta },
	{ HTTP_POST, "/cuenta/correo", page_correo, ROLES_USER, ROUTE_CSRF | ROUTE_FORM_ERRORS, BODY_FORM,
	  .params = p_correo },
	{ HTTP_POST, "/cuenta/correo/codigo", page_correo_codigo, ROLES_USER, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  BODY_FORM, .params = p_codigo },
	{ HTTP_POST, "/cuenta/clave", page_clave, ROLES_USER, ROUTE_CSRF | ROUTE_SLOW | ROUTE_FORM_ERRORS,
	  BODY_FORM, .params = p_clave },
	{ HTTP_POST, "/cuenta/homologar", page_homologar, ROLES_USER, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  BODY_FORM, .params = p_homologar },
	{ HTTP_GET,  "/cuenta/actualizar", page_actualizar, ROLES_USER, 0, .params = NULL },
	{ HTTP_POST, "/cuenta/actualizar", page_actualizar_post, ROLES_USER, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  BODY_FORM, .params = p_actualizar },
};
ROUTE_TABLE(cuenta_routes, routes);
