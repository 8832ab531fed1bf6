/*
 * lifecycle.c — what the lifecycle shares (lifecycle_int.h) and Nuevo
 * registro; see lifecycle.h.
 */
#include "service/lifecycle_int.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "service/mail.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/notices.h"

/* ---- shared --------------------------------------------------------------- */

int lc_mail(struct db_conn *c, const struct acct_env *e, const char *to, const char *subject,
	    const char *text)
{
	struct mail_out m = { to, subject, text };

	return mail_queue(c, e->brand, &m, e->now);
}

int lc_notify(struct db_conn *c, const struct acct_env *e, const struct user_rec *u,
	      const char *subject, const char *text)
{
	int rc = store_notice_add(c, u->id, "SENAE", "BUZON PERSONAL", subject, text, e->now);

	if (rc == STORE_OK && u->email[0])
		rc = lc_mail(c, e, u->email, subject, text);
	return rc;
}

int lc_issue(struct db_conn *c, const struct acct_env *e, const char *purpose, long long user_id,
	     const char *email, const char *payload, bool with_code, struct acct_out *out)
{
	struct verify_rec v;
	unsigned char rnd[32];
	long long id;

	memset(&v, 0, sizeof(v));
	token_new(out->handle);
	if (token_hash(out->handle, strlen(out->handle), v.handle_hash) != 0)
		return DB_ERR;
	out->code[0] = '\0';
	if (with_code) {
		do
			token_random(rnd, sizeof(rnd));
		while (vcode_from_random(rnd, sizeof(rnd), out->code) != 0);
		token_code_hash(e->key, v.handle_hash, out->code, v.code_hash);
	}
	snprintf(v.purpose, sizeof(v.purpose), "%s", purpose);
	v.user_id = user_id;
	snprintf(v.email, sizeof(v.email), "%s", email);
	v.payload = payload;
	v.created_at = e->now;
	v.expires_at = e->now + e->code_ttl;
	return store_verify_insert(c, &v, e->addr, &id);
}

int lc_budget(struct db_conn *c, const struct acct_env *e, const char *purpose, long long user_id,
	      const char *email)
{
	long long n = 0;
	int rc = store_verify_count(c, purpose, user_id, email, e->now - e->code_ttl, &n);

	if (rc != STORE_OK)
		return rc;
	return n >= LIMIT_CODES_PER_WINDOW ? ACCT_TOO_MANY : ACCT_OK;
}

static int state_result(enum vcode_state s)
{
	switch (s) {
	case VCODE_LIVE:
		return ACCT_OK;
	case VCODE_EXPIRED:
		return ACCT_EXPIRED;
	case VCODE_USED:
		return ACCT_USED;
	case VCODE_SPENT:
		return ACCT_SPENT;
	}
	return ACCT_UNKNOWN;
}

int lc_state(const struct acct_env *e, const struct verify_rec *v)
{
	return state_result(vcode_state(e->now, v->expires_at, v->used_at, v->attempts,
					LIMIT_CODE_ATTEMPTS));
}

int lc_check_code(struct db_conn *c, const struct acct_env *e, const struct verify_rec *v,
		  const char *code, struct acct_out *out)
{
	char norm[LIMIT_CODE_DIGITS + 1], h[TOKEN_HEX];
	int rc = lc_state(e, v), attempts = 0;

	if (rc != ACCT_OK)
		return rc;
	if (vcode_normalize(code, norm) == 0) {
		token_code_hash(e->key, v->handle_hash, norm, h);
		if (token_equal(h, strlen(h), v->code_hash, strlen(v->code_hash)))
			return ACCT_OK;
	}
	rc = store_verify_wrong(c, v->id, LIMIT_CODE_ATTEMPTS, &attempts);
	if (rc == STORE_NOT_FOUND)
		return ACCT_SPENT;   /* spent or used by a concurrent request */
	if (rc != STORE_OK)
		return rc;
	out->remaining = LIMIT_CODE_ATTEMPTS - attempts;
	return out->remaining > 0 ? ACCT_WRONG : ACCT_SPENT;
}

int lc_tell_representatives(struct db_conn *c, const struct acct_env *e, const char *ruc,
			    const char *subject, const char *text)
{
	struct arena a;
	struct user_rec *u;
	size_t n = 0;
	int rc;

	arena_init(&a, (size_t)64 * 1024);
	rc = store_users_list(c, ruc, NULL, 0, LIMIT_USERS_PAGE, &a, &u, &n);
	for (size_t i = 0; i < n && rc == STORE_OK; i++)
		if (strcmp(u[i].clase, CLASE_REP) == 0 && strcmp(u[i].estado, ESTADO_ACTIVE) == 0 &&
		    !u[i].disabled)
			rc = lc_notify(c, e, &u[i], subject, text);
	arena_free(&a);
	return rc;
}

/* ---- Nuevo registro --------------------------------------------------------- */

/* The pending registration is kept as its fields joined by US (0x1f):
 * written and read only here, from fields that cannot hold control
 * characters (the form refuses them). */
#define SEP "\x1f"
enum { PF_CLASE, PF_RUC, PF_CEDULA, PF_NOMBRE, PF_EMAIL, PF_TELEFONO, PF_USUARIO, PF_HASH,
       PF_ESTADO, PF_IDENTITY, PF_COUNT };

static int split_payload(char *p, char *f[PF_COUNT])
{
	size_t k = 0;

	f[k++] = p;
	for (; *p; p++)
		if (*p == '\x1f') {
			if (k == PF_COUNT)
				return -1;
			*p = '\0';
			f[k++] = p + 1;
		}
	return k == PF_COUNT ? 0 : -1;
}

static const char *clase_label(const char *clase)
{
	return strcmp(clase, CLASE_REP) == 0 ? "representante legal"
	     : strcmp(clase, CLASE_EMPLOYEE) == 0 ? "empleado" : "usuario general";
}

int registration_start(struct db_conn *c, const struct acct_env *e, const struct registration *r,
		       struct acct_out *out)
{
	char rep[11] = "", payload[LIMIT_PAYLOAD_BYTES];
	const char *estado, *identity;
	int exists = 0, taken = 0, rc, n;
	struct buf text;

	memset(out, 0, sizeof(*out));
	if (r->ruc[0]) {
		rc = store_operator_find(c, r->ruc, &exists, rep);
		if (rc != STORE_OK)
			return rc;
	}
	out->verdict = account_register_rule(r->clase, r->ruc, r->cedula, exists, rep, &estado, &identity);
	if (out->verdict != REG_OK)
		return ACCT_RULE;
	rc = store_user_taken(c, identity, r->usuario, &taken);
	if (rc != STORE_OK)
		return rc;
	if (taken)
		return ACCT_TAKEN;
	rc = lc_budget(c, e, VERIFY_REGISTRO, 0, r->email);
	if (rc != ACCT_OK)
		return rc;
	n = snprintf(payload, sizeof(payload), "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP
		     "%s" SEP "%s" SEP "%s" SEP "%s", r->clase, r->ruc, r->cedula, r->nombre, r->email,
		     r->telefono, r->usuario, r->pw_hash, estado, identity);
	if (n < 0 || (size_t)n >= sizeof(payload))
		return DB_ERR;
	buf_init(&text, 2048);
	if (db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	rc = lc_issue(c, e, VERIFY_REGISTRO, 0, r->email, payload, true, out);
	buf_printf(&text,
		   "Estimado(a) %s:\n\n"
		   "Su código de seguridad para completar el registro en %s es:\n\n"
		   "%s\n\n"
		   "Ingréselo en la página de registro dentro de los próximos %ld minutos. "
		   "Después de %d intentos fallidos el código queda anulado y debe registrarse de nuevo.\n\n"
		   "Si usted no pidió este registro, ignore este mensaje: sin el código no se crea ninguna cuenta.",
		   r->nombre, e->brand, out->code, e->code_ttl / 60, LIMIT_CODE_ATTEMPTS);
	if (rc == STORE_OK)
		rc = text.err ? DB_ERR : lc_mail(c, e, r->email, "Código de seguridad para su registro", text.data);
	if (rc == STORE_OK)
		rc = store_audit(c, "register_start", identity, r->usuario, 0, NULL, e->addr,
				 clase_label(r->clase), e->now);
	buf_free(&text);
	return tx_end(c, rc);
}

int registration_pending(struct db_conn *c, const struct acct_env *e, const char *handle, char *email)
{
	struct verify_rec v;
	char hh[TOKEN_HEX];
	int rc;

	email[0] = '\0';
	if (token_hash(handle, strlen(handle), hh) != 0)
		return ACCT_UNKNOWN;
	rc = store_verify_by_handle(c, VERIFY_REGISTRO, hh, NULL, &v);
	if (rc == STORE_NOT_FOUND)
		return ACCT_UNKNOWN;
	if (rc != STORE_OK)
		return rc;
	memcpy(email, v.email, strlen(v.email) + 1);
	return lc_state(e, &v);
}

/* The welcome, and for an employee the word to its representatives. */
static int registration_tell(struct db_conn *c, const struct acct_env *e, const struct user_rec *u)
{
	struct buf text;
	int rc;

	buf_init(&text, 2048);
	if (strcmp(u->estado, ESTADO_PENDING) == 0)
		buf_printf(&text,
			   "Estimado(a) %s:\n\nSu registro como empleado del RUC %s con el ID de usuario %s fue recibido. "
			   "Podrá ingresar cuando el representante legal de la empresa apruebe su cuenta; "
			   "le avisaremos por este medio.", u->nombre, u->ruc, u->usuario);
	else
		buf_printf(&text,
			   "Estimado(a) %s:\n\nSu cuenta en %s fue creada. Ingrese con su %s %s, el ID de usuario %s "
			   "y la contraseña que eligió.\n\nSi usted no hizo este registro, comuníquese con la Aduana.",
			   u->nombre, e->brand, strlen(u->ruc) == 13 ? "RUC" : "cédula", u->ruc, u->usuario);
	rc = text.err ? DB_ERR : lc_notify(c, e, u, "BIENVENIDO AL PORTAL", text.data);
	if (rc == STORE_OK && strcmp(u->estado, ESTADO_PENDING) == 0) {
		buf_reset(&text);
		buf_printf(&text,
			   "%s (cédula %s, ID de usuario %s, correo %s) se registró como empleado de su empresa "
			   "(RUC %s). Apruebe o rechace la cuenta y asígnele las opciones que puede usar en "
			   "3.2.3 Modificar información del uso.", u->nombre, u->cedula, u->usuario, u->email, u->ruc);
		rc = text.err ? DB_ERR
		   : lc_tell_representatives(c, e, u->ruc, "SOLICITUD DE APROBACIÓN DE EMPLEADO", text.data);
	}
	buf_free(&text);
	return rc;
}

int registration_confirm(struct db_conn *c, const struct acct_env *e, const char *handle,
			 const char *code, struct acct_out *out)
{
	struct verify_rec v;
	struct user_rec u;
	struct arena a;
	char hh[TOKEN_HEX], *f[PF_COUNT], *payload;
	int rc;

	memset(out, 0, sizeof(*out));
	if (token_hash(handle, strlen(handle), hh) != 0)
		return ACCT_UNKNOWN;
	arena_init(&a, (size_t)16 * 1024);
	rc = store_verify_by_handle(c, VERIFY_REGISTRO, hh, &a, &v);
	if (rc == STORE_NOT_FOUND)
		rc = ACCT_UNKNOWN;
	if (rc == STORE_OK)
		rc = lc_check_code(c, e, &v, code, out);
	if (rc != ACCT_OK)
		goto out;
	payload = arena_strdup(&a, v.payload ? v.payload : "");
	if (payload == NULL || split_payload(payload, f) != 0) {
		rc = DB_ERR;
		goto out;
	}
	memset(&u, 0, sizeof(u));
	snprintf(u.kind, sizeof(u.kind), "%s", USER_OPERATOR);
	snprintf(u.ruc, sizeof(u.ruc), "%s", f[PF_IDENTITY]);
	snprintf(u.usuario, sizeof(u.usuario), "%s", f[PF_USUARIO]);
	snprintf(u.nombre, sizeof(u.nombre), "%s", f[PF_NOMBRE]);
	snprintf(u.email, sizeof(u.email), "%s", f[PF_EMAIL]);
	snprintf(u.pw_hash, sizeof(u.pw_hash), "%s", f[PF_HASH]);
	snprintf(u.clase, sizeof(u.clase), "%s", f[PF_CLASE]);
	snprintf(u.cedula, sizeof(u.cedula), "%s", f[PF_CEDULA]);
	snprintf(u.telefono, sizeof(u.telefono), "%s", f[PF_TELEFONO]);
	snprintf(u.estado, sizeof(u.estado), "%s", f[PF_ESTADO]);
	if (db_begin(c) != DB_OK) {
		rc = DB_ERR;
		goto out;
	}
	rc = store_verify_use(c, v.id, LIMIT_CODE_ATTEMPTS, e->now);
	if (rc == STORE_NOT_FOUND)
		rc = ACCT_USED;   /* the same code, confirmed by a concurrent request */
	if (rc == STORE_OK) {
		rc = store_user_insert(c, &u, e->now, &u.id);
		if (rc == STORE_EXISTS)
			rc = ACCT_TAKEN;   /* someone took the ID while the code travelled */
	}
	if (rc == STORE_OK && strcmp(u.clase, CLASE_REP) == 0)
		rc = store_user_grant_ruc_oces(c, u.id, u.ruc);
	if (rc == STORE_OK)
		rc = registration_tell(c, e, &u);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "register", u.id, NULL, e->addr, clase_label(u.clase), e->now);
	rc = tx_end(c, rc);
	if (rc == STORE_OK) {
		out->user_id = u.id;
		snprintf(out->estado, sizeof(out->estado), "%s", u.estado);
		snprintf(out->clase, sizeof(out->clase), "%s", u.clase);
		snprintf(out->identity, sizeof(out->identity), "%s", u.ruc);
		snprintf(out->usuario, sizeof(out->usuario), "%s", u.usuario);
	}
out:
	arena_free(&a);
	return rc;
}
