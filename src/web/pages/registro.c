/*
 * registro.c — Nuevo registro (linked from the sign-in page as NUEVO
 * REGISTRO): the form, Comprobar disponibilidad, the convenio, and the
 * security code sent by e-mail.
 *
 *   GET  /registro                  the form
 *   POST /registro                  accion=comprobar: is the ID de usuario free under
 *                                   that RUC (or cédula)?  accion=enviar: checks
 *                                   everything, hashes the password (a worker
 *                                   thread), keeps the registration and sends the
 *                                   code; 303 to its confirmation page
 *   GET  /registro/confirmar/{}     the code's form (the handle in the address is
 *   POST /registro/confirmar/{}     the registration's; it alone is not enough)
 *
 * The account exists only once the code is right: a representante legal's
 * active, an empleado's waiting for the representative's approval.
 */
#include <string.h>

#include "auth/password.h"
#include "domain/email.h"
#include "domain/ruc.h"
#include "web/acct.h"
#include "web/i18n.h"
#include "web/page.h"
#include "templates.h"

#define CONVENIO \
	"CONVENIO DE USO DEL PORTAL ELECTRÓNICO DE LA ADUANA\n\n" \
	"1. Objeto. Este convenio regula el uso del portal por el que los operadores de comercio exterior y las personas que actúan por ellos envían documentos electrónicos a la Aduana, siguen su estado y reciben sus notificaciones.\n\n" \
	"2. Identidad y credenciales. El usuario es responsable de su ID de usuario y su contraseña, que son personales e intransferibles. Toda transmisión hecha con ellas se tiene por hecha por el usuario y, cuando actúa por un operador, por ese operador.\n\n" \
	"3. Veracidad. El usuario declara que los datos de este registro son verdaderos y se obliga a mantenerlos actualizados; la Aduana le pedirá confirmarlos cada año.\n\n" \
	"4. Notificaciones. El usuario acepta el buzón electrónico del portal y el correo registrado como medios de notificación. Las notificaciones se tienen por hechas cuando están disponibles en el buzón.\n\n" \
	"5. Empleados. El representante legal asigna a cada empleado las opciones del portal que puede usar y responde por su uso; puede retirarlas o deshabilitar al empleado en cualquier momento.\n\n" \
	"6. Seguridad. El usuario no intentará acceder a información de otros ni afectar el funcionamiento del portal, y avisará a la Aduana de inmediato si sospecha que sus credenciales fueron conocidas por otra persona.\n\n" \
	"7. Datos personales. La Aduana trata los datos de este registro solo para los fines del servicio aduanero, conforme a la ley.\n\n" \
	"8. Suspensión. La Aduana puede deshabilitar una cuenta que incumpla este convenio, con aviso al usuario."

static const char *const clases[] = { CLASE_REP, CLASE_EMPLOYEE, CLASE_GENERAL, NULL };
static const char *const acciones[] = { "comprobar", "enviar", NULL };

/* The form's fields, with what was typed. */
static void registro_fields(struct web_ctx *c, struct field_view *f, size_t *n)
{
	struct select_opt *opts = arena_alloc(&c->req->arena, 3 * sizeof(*opts));
	size_t k = 0;

	if (opts) {
		opts[0] = (struct select_opt){ CLASE_REP, i18n_tr(c->lang, "Representante legal") };
		opts[1] = (struct select_opt){ CLASE_EMPLOYEE, i18n_tr(c->lang, "Empleado") };
		opts[2] = (struct select_opt){ CLASE_GENERAL, i18n_tr(c->lang, "Usuario general") };
	}
	f[k++] = (struct field_view){ .name = "clase", .label = i18n_tr(c->lang, "Clase de usuario"),
		.type = "radio", .value = param(c, "clase"), .opts = opts, .nopts = opts ? 3 : 0,
		.required = true,
		.hint = i18n_tr(c->lang, "El representante legal actúa por la empresa y asigna las opciones de sus empleados; el empleado usa las opciones que el representante le asigne, cuando apruebe su cuenta; el usuario general es una persona que actúa por sí misma.") };
	f[k++] = (struct field_view){ .name = "ruc", .label = "RUC", .type = "text", .value = param(c, "ruc"),
		.inputmode = "numeric", .maxlength = LIMIT_RUC_INPUT, .autocomplete = "off",
		.hint = i18n_tr(c->lang, "El RUC de la empresa (13 dígitos). Un usuario general sin RUC lo deja vacío e ingresará con su cédula.") };
	f[k++] = (struct field_view){ .name = "cedula", .label = i18n_tr(c->lang, "Cédula"), .type = "text",
		.value = param(c, "cedula"), .inputmode = "numeric", .maxlength = LIMIT_RUC_INPUT, .required = true,
		.autocomplete = "off" };
	f[k++] = (struct field_view){ .name = "nombre", .label = i18n_tr(c->lang, "Nombres y apellidos"),
		.type = "text", .value = param(c, "nombre"), .maxlength = LIMIT_NAME_BYTES, .required = true,
		.autocomplete = "name" };
	f[k++] = (struct field_view){ .name = "email", .label = i18n_tr(c->lang, "Correo electrónico"),
		.type = "email", .value = param(c, "email"), .maxlength = LIMIT_EMAIL_BYTES, .required = true,
		.autocomplete = "email",
		.hint = i18n_tr(c->lang, "Le enviaremos un código de seguridad a esta dirección.") };
	f[k++] = (struct field_view){ .name = "telefono", .label = i18n_tr(c->lang, "Teléfono"), .type = "tel",
		.value = param(c, "telefono"), .maxlength = LIMIT_PHONE_BYTES, .required = true,
		.autocomplete = "tel" };
	f[k++] = (struct field_view){ .name = "usuario", .label = i18n_tr(c->lang, "ID de usuario"),
		.type = "text", .value = param(c, "usuario"), .maxlength = LIMIT_USUARIO_BYTES, .required = true,
		.autocomplete = "username",
		.hint = i18n_tr(c->lang, "De 4 a 64 caracteres: letras, números, punto, guion o guion bajo.") };
	*n = k;
}

static void password_fields(struct web_ctx *c, struct field_view *f, size_t *n)
{
	f[(*n)++] = (struct field_view){ .name = "clave", .label = i18n_tr(c->lang, "Contraseña"),
		.type = "password", .maxlength = LIMIT_PASSWORD_BYTES, .required = true,
		.autocomplete = "new-password",
		.hint = i18n_tr(c->lang, "Al menos 12 caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar; evite contraseñas comunes y sus propios datos.") };
	f[(*n)++] = (struct field_view){ .name = "clave2", .label = i18n_tr(c->lang, "Repita la contraseña"),
		.type = "password", .maxlength = LIMIT_PASSWORD_BYTES, .required = true,
		.autocomplete = "new-password" };
}

static int render_registro(struct web_ctx *c, int status, const char *check, bool free)
{
	struct view_acct_form v;
	struct field_view *f = arena_alloc(&c->req->arena, 12 * sizeof(*f));
	size_t n = 0;
	struct buf b;

	if (f == NULL)
		return page_error(c, 500);
	memset(&v, 0, sizeof(v));
	page_init(c, "Nuevo registro");
	registro_fields(c, f, &n);
	v.ncheck = n;   /* Comprobar disponibilidad right under the ID de usuario */
	password_fields(c, f, &n);
	v.pg = &c->pg;
	v.heading_id = "t-registro";
	v.intro = i18n_tr(c->lang, "Complete sus datos, elija su ID de usuario y su contraseña, y acepte el convenio de uso. Le enviaremos un código de seguridad por correo para confirmar el registro.");
	v.action = "/registro";
	v.csrf = page_pre_token(c);
	v.fields = f;
	v.nfields = n;
	v.check_label = i18n_tr(c->lang, "Comprobar disponibilidad");
	v.check_result = check;
	v.check_free = free;
	v.convenio = i18n_tr(c->lang, CONVENIO);
	v.convenio_ok = param(c, "convenio") != NULL;
	v.submit = i18n_tr(c->lang, "Registrarse");
	v.back_href = "/";
	v.back_label = i18n_tr(c->lang, "Volver a Iniciar sesión");
	page_buf(&b);
	tmpl_acct_form(&b, c->lang, &v);
	return page_send(c, status, &b);
}

static int page_registro(struct web_ctx *c)
{
	if (c->has_session)
		return page_redirect(c, "/");
	return render_registro(c, 200, NULL, false);
}

/* The RUC (13 digits, or "" when none was typed) and the cédula (10), as
 * digits; messages to c->errs when they are not that. */
static bool read_ids(struct web_ctx *c, char ruc[14], char cedula[11])
{
	const char *r = param(c, "ruc"), *ced = param(c, "cedula");
	struct ruc_result rr;
	bool ok = true;

	ruc[0] = cedula[0] = '\0';
	if (r && r[0] && !form_errors_get(&c->errs, "ruc")) {
		ruc_check(r, strlen(r), &rr);
		if (rr.kind == RUC_KIND_CEDULA) {
			form_errors_add(&c->errs, "ruc", i18n_tr(c->lang, "RUC: ingrese los 13 dígitos del RUC (una cédula va en el campo Cédula)."));
			ok = false;
		} else {
			memcpy(ruc, rr.digits, 14);
		}
	}
	if (ced && ced[0] && !form_errors_get(&c->errs, "cedula")) {
		ruc_check(ced, strlen(ced), &rr);
		if (rr.kind != RUC_KIND_CEDULA) {
			form_errors_add(&c->errs, "cedula", i18n_tr(c->lang, "Cédula: ingrese los 10 dígitos de la cédula."));
			ok = false;
		} else {
			memcpy(cedula, rr.digits, 11);
		}
	}
	return ok && !form_errors_get(&c->errs, "ruc") && !form_errors_get(&c->errs, "cedula");
}

/* accion=comprobar: whether the ID is free under the RUC (or, without one,
 * the cédula).  Says nothing else about the accounts. */
static int registro_check(struct web_ctx *c)
{
	char ruc[14], cedula[11], usuario[LIMIT_USUARIO_BYTES + 1];
	const char *u = param(c, "usuario");
	int taken = 0;

	/* Only the fields the check needs are judged here. */
	c->errs.n = 0;
	if (!read_ids(c, ruc, cedula) || (ruc[0] == '\0' && cedula[0] == '\0')) {
		if (!form_errors_get(&c->errs, "ruc"))
			form_errors_add(&c->errs, "ruc", i18n_tr(c->lang, "Ingrese el RUC (o, para un usuario general sin RUC, la cédula) para comprobar el ID de usuario."));
		return render_registro(c, 400, NULL, false);
	}
	if (u == NULL || !account_usuario_normalize(u, usuario)) {
		form_errors_add(&c->errs, "usuario", i18n_tr(c->lang, "ID de usuario: de 4 a 64 caracteres: letras, números, punto, guion o guion bajo, empezando por una letra o un número."));
		return render_registro(c, 400, NULL, false);
	}
	if (store_user_taken(c->conn, ruc[0] ? ruc : cedula, usuario, &taken) != STORE_OK)
		return page_error(c, 500);
	return render_registro(c, 200,
		ctx_printf(c, i18n_tr(c->lang, taken ? "El ID de usuario %s no está disponible. Elija otro."
						     : "El ID de usuario %s está disponible."), usuario),
		!taken);
}

/* POST /registro — on a worker thread (the password is hashed). */
static int page_registro_post(struct web_ctx *c)
{
	char ruc[14], cedula[11], usuario[LIMIT_USUARIO_BYTES + 1], hash[PASSWORD_HASH_MAX];
	const char *email = param(c, "email"), *tel = param(c, "telefono"), *u = param(c, "usuario");
	const char *clave = param(c, "clave");
	struct acct_env e = acct_env_of(c);
	struct registration r;
	struct acct_out out;
	int rc;

	if (c->has_session)
		return page_redirect(c, "/");
	if (param(c, "accion") && strcmp(param(c, "accion"), "comprobar") == 0)
		return registro_check(c);
	read_ids(c, ruc, cedula);
	usuario[0] = '\0';
	if (u && !form_errors_get(&c->errs, "usuario") && !account_usuario_normalize(u, usuario))
		form_errors_add(&c->errs, "usuario", i18n_tr(c->lang, "ID de usuario: de 4 a 64 caracteres: letras, números, punto, guion o guion bajo, empezando por una letra o un número."));
	if (email && !form_errors_get(&c->errs, "email") && !email_valid(email, strlen(email)))
		form_errors_add(&c->errs, "email", i18n_tr(c->lang, "Correo electrónico: escriba una dirección como nombre@empresa.com.ec."));
	if (tel && !form_errors_get(&c->errs, "telefono") && !account_phone_valid(tel))
		form_errors_add(&c->errs, "telefono", i18n_tr(c->lang, "Teléfono: de 7 a 15 dígitos; se admiten espacios, guiones, paréntesis y un + al inicio."));
	{
		const char *personal[] = { usuario, ruc, cedula, param(c, "nombre"), email, NULL };
		for (size_t i = 0; i < 5; i++)
			if (personal[i] == NULL)
				personal[i] = "";
		acct_password_ok(c, "clave", "clave2", personal);
	}
	if (param(c, "convenio") == NULL)
		form_errors_add(&c->errs, "convenio", i18n_tr(c->lang, "Para registrarse debe aceptar el convenio de uso."));
	if (c->errs.n)
		return render_registro(c, 400, NULL, false);
	if (password_hash(clave, strlen(clave), hash) != 0)
		return page_error(c, 500);
	memset(&r, 0, sizeof(r));
	r.clase = param(c, "clase");
	r.ruc = ruc;
	r.cedula = cedula;
	r.nombre = param(c, "nombre");
	r.email = email;
	r.telefono = tel;
	r.usuario = usuario;
	r.pw_hash = hash;
	rc = registration_start(c->conn, &e, &r, &out);
	switch (rc) {
	case ACCT_OK:
		return page_redirect(c, ctx_printf(c, "/registro/confirmar/%s", out.handle));
	case ACCT_RULE:
		form_errors_add(&c->errs, out.verdict == REG_NOT_REPRESENTATIVE || out.verdict == REG_CEDULA_MISMATCH
					  ? "cedula" : "ruc", acct_message(c, rc, &out));
		return render_registro(c, 400, NULL, false);
	case ACCT_TAKEN:
		form_errors_add(&c->errs, "usuario", acct_message(c, rc, &out));
		return render_registro(c, 409, NULL, false);
	case ACCT_TOO_MANY:
		form_errors_add(&c->errs, "", acct_message(c, rc, &out));
		return render_registro(c, 429, NULL, false);
	default:
		return page_error(c, 500);
	}
}

/* ---- the security code ------------------------------------------------------ */

static int render_confirm(struct web_ctx *c, int status, const char *handle, const char *email,
			  const char *message, bool form)
{
	struct view_acct_form v;
	struct field_view f[1];
	struct buf b;

	memset(&v, 0, sizeof(v));
	page_init(c, "Código de seguridad");
	f[0] = (struct field_view){ .name = "codigo", .label = i18n_tr(c->lang, "Código de seguridad"),
		.type = "text", .inputmode = "numeric", .autocomplete = "one-time-code", .maxlength = 16,
		.required = true,
		.hint = ctx_printf(c, i18n_tr(c->lang, "Los %d dígitos del correo. Vence a los %ld minutos de enviado; después de %d intentos fallidos queda anulado."),
				   LIMIT_CODE_DIGITS, c->app->cfg->code_seconds / 60, LIMIT_CODE_ATTEMPTS) };
	v.pg = &c->pg;
	v.heading_id = "t-codigo";
	v.message = message;
	if (form) {
		v.intro = ctx_printf(c, i18n_tr(c->lang, "Enviamos un código de seguridad a %s. Ingréselo para completar su registro."), email);
		v.action = ctx_printf(c, "/registro/confirmar/%s", handle);
		v.csrf = page_pre_token(c);
		v.fields = f;
		v.nfields = 1;
		v.submit = i18n_tr(c->lang, "Confirmar registro");
		v.back_href = "/registro";
		v.back_label = i18n_tr(c->lang, "Empezar de nuevo");
	} else {
		v.back_href = "/";
		v.back_label = i18n_tr(c->lang, "Ir a Iniciar sesión");
	}
	page_buf(&b);
	tmpl_acct_form(&b, c->lang, &v);
	return page_send(c, status, &b);
}

/* The registration of the address, still waiting for its code: 0 with its
 * handle and e-mail, else the status of the page that said why not. */
static int pending(struct web_ctx *c, const struct acct_env *e, const char **h, char *email)
{
	struct acct_out o;
	int rc;

	memset(&o, 0, sizeof(o));
	*h = acct_handle_of(c);
	rc = *h ? registration_pending(c->conn, e, *h, email) : ACCT_UNKNOWN;
	if (rc < 0)
		return page_error(c, 500);
	if (rc != ACCT_OK)
		return render_confirm(c, rc == ACCT_UNKNOWN ? 404 : 410, NULL, NULL, acct_message(c, rc, &o), false);
	return 0;
}

static int page_confirm(struct web_ctx *c)
{
	struct acct_env e = acct_env_of(c);
	char email[LIMIT_EMAIL_BYTES + 1];
	const char *h;
	int st = pending(c, &e, &h, email);

	return st ? st : render_confirm(c, 200, h, email, NULL, true);
}

static int page_confirm_post(struct web_ctx *c)
{
	const char *h = acct_handle_of(c), *code = param(c, "codigo");
	char email[LIMIT_EMAIL_BYTES + 1];
	struct acct_env e = acct_env_of(c);
	struct acct_out o;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = c->errs.n ? ACCT_WRONG : h ? registration_confirm(c->conn, &e, h, code, &o) : ACCT_UNKNOWN;
	if (rc == ACCT_WRONG) {
		/* The code's form again, with what was wrong (the registration
		 * read only now: a right code needs no second read). */
		int st = pending(c, &e, &h, email);
		if (st)
			return st;
		if (!c->errs.n)
			form_errors_add(&c->errs, "codigo", acct_message(c, rc, &o));
		return render_confirm(c, 400, h, email, NULL, true);
	}
	if (rc == ACCT_OK && strcmp(o.estado, ESTADO_PENDING) == 0)
		return render_confirm(c, 200, NULL, NULL, ctx_printf(c, i18n_tr(c->lang,
			"Su registro como empleado quedó hecho (ID de usuario %s). El representante legal de la empresa debe aprobar su cuenta; le avisaremos por correo."),
			o.usuario), false);
	if (rc == ACCT_OK)
		return render_confirm(c, 200, NULL, NULL, ctx_printf(c, i18n_tr(c->lang,
			"Su cuenta fue creada. Ingrese con su %s %s, el ID de usuario %s y su contraseña."),
			strlen(o.identity) == 13 ? "RUC" : i18n_tr(c->lang, "cédula"), o.identity, o.usuario), false);
	if (rc < 0)
		return page_error(c, 500);
	return render_confirm(c, rc == ACCT_TAKEN ? 409 : rc == ACCT_UNKNOWN ? 404 : 410, NULL, NULL,
			      acct_message(c, rc, &o), false);
}

static const struct param_spec p_registro[] = {
	P_ONE_OF("clase", clases, .flags = P_REQUIRED, .label = "Clase de usuario",
		 .missing = "Elija la clase de usuario: representante legal, empleado o usuario general."),
	P_RUC("ruc", .label = "RUC"),
	P_RUC("cedula", .flags = P_REQUIRED, .label = "Cédula", .missing = "Ingrese su cédula (10 dígitos)."),
	P_TEXT("nombre", LIMIT_NAME_BYTES, .flags = P_REQUIRED, .label = "Nombres y apellidos"),
	P_TEXT("email", LIMIT_EMAIL_BYTES, .flags = P_REQUIRED, .label = "Correo electrónico"),
	P_TEXT("telefono", LIMIT_PHONE_BYTES, .flags = P_REQUIRED, .label = "Teléfono"),
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID de usuario"),
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña"),
	P_TEXT("clave2", LIMIT_PASSWORD_BYTES, .flags = P_RAW, .label = "Repita la contraseña"),
	P_DIGITS("convenio", 1, 1, .label = "Convenio de uso"),
	P_ONE_OF("accion", acciones, .label = "Acción"),
	P_END };
static const struct param_spec p_codigo[] = {
	P_TEXT("codigo", 16, .flags = P_REQUIRED, .label = "Código de seguridad",
	       .missing = "Ingrese el código de seguridad que le enviamos por correo."),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET,  "/registro", page_registro, ROLES_ANY, 0, .params = NULL },
	{ HTTP_POST, "/registro", page_registro_post, ROLES_ANY,
	  ROUTE_CSRF_PRE | ROUTE_SLOW | ROUTE_FORM_ERRORS, BODY_FORM, .params = p_registro },
	{ HTTP_GET,  "/registro/confirmar/{}", page_confirm, ROLES_ANY, 0, .params = NULL },
	{ HTTP_POST, "/registro/confirmar/{}", page_confirm_post, ROLES_ANY,
	  ROUTE_CSRF_PRE | ROUTE_FORM_ERRORS, BODY_FORM, .params = p_codigo },
};
ROUTE_TABLE(registro_routes, routes);
