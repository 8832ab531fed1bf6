/*
 * recovery.c — Reiniciar clave: a single-use link by e-mail; see lifecycle.h.
 *
 * The request answers the same whatever was typed (the page says so), and
 * spends about the same time: an unknown or mismatched request writes its
 * audit row in a transaction of its own, as a matching one writes its link,
 * e-mail and audit row in one, so both wait for one commit.
 */
#include "service/lifecycle_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/timefmt.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/sessions.h"

int recovery_request(struct db_conn *c, const struct acct_env *e, const char *identity,
		     const char *usuario, const char *email)
{
	struct user_rec u;
	struct acct_out out;
	struct buf text;
	const char *why = NULL;
	long long uid = 0;
	int rc = store_user_find(c, identity, usuario, &u);

	if (rc == STORE_OK)
		uid = u.id;
	if (rc == STORE_NOT_FOUND)
		why = "desconocido";
	else if (rc != STORE_OK)
		return rc;
	else if (strcasecmp(u.email, email) != 0)
		why = "correo distinto";
	else if (u.disabled)
		why = "deshabilitado";
	else {
		rc = lc_budget(c, e, VERIFY_CLAVE, u.id, NULL);
		if (rc == ACCT_TOO_MANY)
			why = "demasiadas solicitudes";
		else if (rc != ACCT_OK)
			return rc;
	}
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	if (why) {
		rc = store_audit(c, "reset_request_refused", identity, usuario, uid, NULL, e->addr, why, e->now);
		return tx_end(c, rc);
	}
	memset(&out, 0, sizeof(out));
	buf_init(&text, 2048);
	rc = lc_issue(c, e, VERIFY_CLAVE, u.id, u.email, "", false, &out);
	buf_printf(&text,
		   "Estimado(a) %s:\n\n"
		   "Recibimos una solicitud para reiniciar la contraseña del ID de usuario %s (%s %s). "
		   "Para elegir una contraseña nueva abra este enlace dentro de los próximos %ld minutos; "
		   "sirve una sola vez:\n\n"
		   "%s/clave/nueva/%s\n\n"
		   "Al cambiarla se cerrarán todas sus sesiones abiertas y, si su cuenta estaba bloqueada, se desbloqueará.\n\n"
		   "Si usted no lo pidió, ignore este mensaje: su contraseña no cambia.",
		   u.nombre, u.usuario, strlen(u.ruc) == 13 ? "RUC" : "cédula", u.ruc, e->code_ttl / 60,
		   e->public_url, out.handle);
	if (rc == STORE_OK)
		rc = text.err ? DB_ERR : lc_mail(c, e, u.email, "Reinicio de contraseña", text.data);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "reset_request", u.id, NULL, e->addr, "", e->now);
	buf_free(&text);
	return tx_end(c, rc);
}

static int find_link(struct db_conn *c, const char *handle, struct verify_rec *v)
{
	char hh[TOKEN_HEX];
	int rc;

	if (token_hash(handle, strlen(handle), hh) != 0)
		return ACCT_UNKNOWN;
	rc = store_verify_by_handle(c, VERIFY_CLAVE, hh, NULL, v);
	return rc == STORE_NOT_FOUND ? ACCT_UNKNOWN : rc;
}

/* The live link of handle and its user: ACCT_OK, or why not. */
static int live_link(struct db_conn *c, const struct acct_env *e, const char *handle,
		     struct verify_rec *v, struct user_rec *u)
{
	int rc = find_link(c, handle, v);

	if (rc != STORE_OK)
		return rc;
	rc = lc_state(e, v);
	if (rc != ACCT_OK)
		return rc;
	rc = store_user_by_id(c, v->user_id, u);
	return rc == STORE_NOT_FOUND ? ACCT_UNKNOWN : rc;
}

static void fill_out(const struct user_rec *u, struct acct_out *out)
{
	out->user_id = u->id;
	snprintf(out->usuario, sizeof(out->usuario), "%s", u->usuario);
	snprintf(out->identity, sizeof(out->identity), "%s", u->ruc);
}

int recovery_check(struct db_conn *c, const struct acct_env *e, const char *handle, struct acct_out *out)
{
	struct verify_rec v;
	struct user_rec u;
	int rc = live_link(c, e, handle, &v, &u);

	memset(out, 0, sizeof(*out));
	if (rc == ACCT_OK)
		fill_out(&u, out);
	return rc;
}

int recovery_complete(struct db_conn *c, const struct acct_env *e, const char *handle,
		      const char *pw_hash, struct acct_out *out)
{
	struct verify_rec v;
	struct user_rec u;
	struct buf text;
	char date[TIMEFMT_LEN];
	int rc = live_link(c, e, handle, &v, &u);

	memset(out, 0, sizeof(*out));
	if (rc != ACCT_OK)
		return rc;
	fill_out(&u, out);
	timefmt_ec(e->now, date);
	buf_init(&text, 2048);
	buf_printf(&text,
		   "Estimado(a) %s:\n\nLa contraseña del ID de usuario %s se cambió el %s desde la opción "
		   "Reiniciar clave. Todas sus sesiones abiertas se cerraron%s.\n\n"
		   "Si usted no hizo este cambio, comuníquese de inmediato con la Aduana.",
		   u.nombre, u.usuario, date, u.blocked_at ? " y su cuenta fue desbloqueada" : "");
	if (text.err || db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	rc = store_verify_use(c, v.id, LIMIT_CODE_ATTEMPTS, e->now);
	if (rc == STORE_NOT_FOUND)
		rc = ACCT_USED;
	if (rc == STORE_OK)
		rc = store_user_set_password(c, u.id, pw_hash);
	if (rc == STORE_OK)
		rc = store_verify_void_user(c, u.id, VERIFY_CLAVE, e->now);
	if (rc == STORE_OK)
		rc = store_session_delete_user(c, u.id);
	if (rc == STORE_OK)
		rc = lc_notify(c, e, &u, "COMUNICADO - CAMBIO DE CONTRASEÑA", text.data);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "reset", u.id, NULL, e->addr, u.blocked_at ? "desbloqueo" : "", e->now);
	buf_free(&text);
	return tx_end(c, rc);
}
