/*
 * acct.c — see acct.h.
 */
#include "web/acct.h"

#include <string.h>

#include "domain/pwpolicy.h"
#include "web/i18n.h"

struct acct_env acct_env_of(const struct web_ctx *c)
{
	struct acct_env e;

	e.brand = c->app->cfg->brand;
	e.public_url = c->app->cfg->public_url;
	e.key = c->app->code_key;
	e.code_ttl = c->app->cfg->code_seconds;
	e.addr = c->req->addr;
	e.now = c->now;
	return e;
}

const char *acct_message(struct web_ctx *c, int rc, const struct acct_out *o)
{
	switch (rc) {
	case ACCT_RULE:
		return i18n_tr(c->lang, account_reg_message(o->verdict));
	case ACCT_TAKEN:
		return i18n_tr(c->lang, "Ese ID de usuario ya está registrado para ese RUC. Elija otro y compruebe su disponibilidad.");
	case ACCT_TOO_MANY:
		return ctx_printf(c, i18n_tr(c->lang, "Ya enviamos varios códigos en los últimos %ld minutos. Revise su correo (también la carpeta de correo no deseado) o espere e inténtelo de nuevo."),
				  c->app->cfg->code_seconds / 60);
	case ACCT_UNKNOWN:
		return i18n_tr(c->lang, "El enlace o el código no es válido. Empiece de nuevo.");
	case ACCT_EXPIRED:
		return i18n_tr(c->lang, "El código o el enlace expiró. Pida uno nuevo.");
	case ACCT_USED:
		return i18n_tr(c->lang, "El código o el enlace ya se usó. Pida uno nuevo si lo necesita.");
	case ACCT_SPENT:
		return i18n_tr(c->lang, "El código quedó anulado por demasiados intentos fallidos. Pida uno nuevo.");
	case ACCT_WRONG:
		return ctx_printf(c, i18n_tr(c->lang, "El código no es correcto. Le quedan %d intentos."), o->remaining);
	case ACCT_DENIED:
		return i18n_tr(c->lang, "No está asignado el permiso al usuario");
	case ACCT_NOT_CEDULA:
		return i18n_tr(c->lang, "Su cuenta ya está homologada con un RUC.");
	default:
		return i18n_tr(c->lang, "No se pudo completar la operación. Inténtelo de nuevo en unos minutos.");
	}
}

bool acct_password_ok(struct web_ctx *c, const char *pw_field, const char *pw2_field,
		      const char *const *personal)
{
	const char *pw = param(c, pw_field), *pw2 = param(c, pw2_field);
	enum pw_verdict v;

	if (form_errors_get(&c->errs, pw_field) || pw == NULL)
		return false;
	v = pw_policy_check(pw, strlen(pw), personal);
	if (v != PW_OK) {
		form_errors_add(&c->errs, pw_field, i18n_tr(c->lang, pw_policy_message(v)));
		return false;
	}
	if (pw2 == NULL || strcmp(pw, pw2) != 0) {
		form_errors_add(&c->errs, pw2_field, i18n_tr(c->lang, "Las contraseñas no coinciden: escriba la misma en los dos campos."));
		return false;
	}
	return true;
}

const char *acct_handle_of(struct web_ctx *c)
{
	const char *h = ctx_printf(c, "%.*s", (int)c->tail.n, c->tail.p);

	return h && token_valid(h, strlen(h)) ? h : NULL;
}

const char *acct_clase_label(int lang, const char *clase)
{
	if (strcmp(clase, CLASE_REP) == 0)
		return i18n_tr(lang, "Representante legal");
	if (strcmp(clase, CLASE_EMPLOYEE) == 0)
		return i18n_tr(lang, "Empleado");
	return i18n_tr(lang, "Usuario general");
}

const char *acct_estado_label(int lang, const char *estado, int disabled)
{
	if (disabled)
		return i18n_tr(lang, "Deshabilitado");
	if (strcmp(estado, ESTADO_PENDING) == 0)
		return i18n_tr(lang, "Pendiente de aprobación");
	if (strcmp(estado, ESTADO_REJECTED) == 0)
		return i18n_tr(lang, "Rechazado");
	return i18n_tr(lang, "Activo");
}
