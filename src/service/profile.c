/*
 * profile.c — the user's own data (3.2), a representative's employees
 * (3.2.3) and the administrators' acts; see lifecycle.h.
 */
#include "service/lifecycle_int.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/timefmt.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/notices.h"
#include "store/sessions.h"

/* The notice (and e-mail) `subject` / text to u, then the audit row (in
 * the caller's transaction). */
static int notify_and_audit(struct db_conn *c, const struct acct_env *e, const struct user_rec *u,
			    const char *subject, struct buf *text, const char *event, const char *detail)
{
	int rc = text->err ? DB_ERR : lc_notify(c, e, u, subject, text->data);

	if (rc == STORE_OK)
		rc = store_audit_user(c, event, u->id, NULL, e->addr, detail, e->now);
	return rc;
}

/* ---- e-mail address ---------------------------------------------------------- */

int profile_email_start(struct db_conn *c, const struct acct_env *e, long long user_id,
			const char *new_email, struct acct_out *out)
{
	struct user_rec u;
	struct buf text;
	int rc = store_user_by_id(c, user_id, &u);

	memset(out, 0, sizeof(*out));
	if (rc != STORE_OK)
		return rc;
	rc = lc_budget(c, e, VERIFY_CORREO, user_id, NULL);
	if (rc != ACCT_OK)
		return rc;
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	buf_init(&text, 2048);
	rc = store_verify_void_user(c, user_id, VERIFY_CORREO, e->now);   /* the newest code counts */
	if (rc == STORE_OK)
		rc = lc_issue(c, e, VERIFY_CORREO, user_id, new_email, "", true, out);
	buf_printf(&text,
		   "Estimado(a) %s:\n\nPara confirmar esta dirección como su correo en %s ingrese este código "
		   "de seguridad en la página Datos del usuario dentro de los próximos %ld minutos:\n\n%s\n\n"
		   "Si usted no lo pidió, ignore este mensaje.",
		   u.nombre, e->brand, e->code_ttl / 60, out->code);
	if (rc == STORE_OK)
		rc = text.err ? DB_ERR : lc_mail(c, e, new_email, "Código de seguridad para confirmar su correo", text.data);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "email_change_start", user_id, NULL, e->addr, "", e->now);
	buf_free(&text);
	return tx_end(c, rc);
}

int profile_email_confirm(struct db_conn *c, const struct acct_env *e, long long user_id,
			  const char *code, struct acct_out *out)
{
	struct verify_rec v;
	struct user_rec u;
	struct buf text;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_verify_latest(c, user_id, VERIFY_CORREO, NULL, &v);
	if (rc == STORE_NOT_FOUND)
		return ACCT_UNKNOWN;
	if (rc == STORE_OK)
		rc = lc_check_code(c, e, &v, code, out);
	if (rc != ACCT_OK)
		return rc;
	if (store_user_by_id(c, user_id, &u) != STORE_OK)
		return DB_ERR;
	buf_init(&text, 2048);
	buf_printf(&text,
		   "Estimado(a) %s:\n\nEl correo de su ID de usuario %s cambió de %s a %s. Los avisos del portal "
		   "llegarán a la dirección nueva.\n\nSi usted no hizo este cambio, comuníquese de inmediato con la Aduana.",
		   u.nombre, u.usuario, u.email, v.email);
	if (text.err || db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	rc = store_verify_use(c, v.id, LIMIT_CODE_ATTEMPTS, e->now);
	if (rc == STORE_NOT_FOUND)
		rc = ACCT_USED;
	/* The old address is told too: a stolen session cannot quietly move
	 * the account's mail (and with it, Reiniciar clave) elsewhere. */
	if (rc == STORE_OK)
		rc = lc_mail(c, e, u.email, "COMUNICADO - CAMBIO DE CORREO", text.data);
	if (rc == STORE_OK)
		rc = store_user_set_email(c, user_id, v.email);
	if (rc == STORE_OK) {
		snprintf(u.email, sizeof(u.email), "%s", v.email);
		rc = notify_and_audit(c, e, &u, "COMUNICADO - CAMBIO DE CORREO", &text, "email_change", "");
	}
	buf_free(&text);
	return tx_end(c, rc);
}

/* ---- password ------------------------------------------------------------------ */

int profile_password(struct db_conn *c, const struct acct_env *e, long long user_id,
		     const char *keep_session_hash, const char *pw_hash)
{
	struct user_rec u;
	struct buf text;
	char date[TIMEFMT_LEN];
	int rc = store_user_by_id(c, user_id, &u);

	if (rc != STORE_OK)
		return rc;
	timefmt_ec(e->now, date);
	buf_init(&text, 2048);
	buf_printf(&text,
		   "Estimado(a) %s:\n\nLa contraseña del ID de usuario %s se cambió el %s. Sus otras sesiones "
		   "abiertas se cerraron.\n\nSi usted no hizo este cambio, use Reiniciar clave en la página de "
		   "ingreso y comuníquese con la Aduana.", u.nombre, u.usuario, date);
	if (db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	rc = store_user_set_password(c, user_id, pw_hash);
	if (rc == STORE_OK)
		rc = store_session_delete_others(c, user_id, keep_session_hash ? keep_session_hash : "");
	if (rc == STORE_OK)
		rc = notify_and_audit(c, e, &u, "COMUNICADO - CAMBIO DE CONTRASEÑA", &text, "password_change", "");
	buf_free(&text);
	return tx_end(c, rc);
}

/* ---- homologación con RUC -------------------------------------------------- */

int profile_link_ruc(struct db_conn *c, const struct acct_env *e, long long user_id, const char *ruc,
		     struct acct_out *out)
{
	struct user_rec u;
	struct buf text;
	char rep[11] = "";
	const char *clase, *estado, *cedula;
	int exists = 0, rc = store_user_by_id(c, user_id, &u);

	memset(out, 0, sizeof(*out));
	if (rc != STORE_OK)
		return rc;
	if (strlen(u.ruc) != 10)
		return ACCT_NOT_CEDULA;
	cedula = u.cedula[0] ? u.cedula : u.ruc;
	rc = store_operator_find(c, ruc, &exists, rep);
	if (rc != STORE_OK)
		return rc;
	out->verdict = account_link_rule(ruc, cedula, exists, rep, &clase, &estado);
	if (out->verdict != REG_OK)
		return ACCT_RULE;
	buf_init(&text, 2048);
	if (strcmp(estado, ESTADO_PENDING) == 0)
		buf_printf(&text,
			   "Estimado(a) %s:\n\nSu cuenta (ID de usuario %s) quedó homologada con el RUC %s como empleado. "
			   "Desde ahora ingresa con ese RUC; podrá usar el portal cuando el representante legal de la "
			   "empresa apruebe su cuenta.", u.nombre, u.usuario, ruc);
	else
		buf_printf(&text,
			   "Estimado(a) %s:\n\nSu cuenta (ID de usuario %s) quedó homologada con el RUC %s como "
			   "representante legal. Desde ahora ingresa con ese RUC en lugar de su cédula %s.",
			   u.nombre, u.usuario, ruc, u.ruc);
	if (db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	rc = store_user_move(c, user_id, ruc, clase, estado);
	if (rc == STORE_EXISTS)
		rc = ACCT_TAKEN;
	if (rc == STORE_OK && strcmp(clase, CLASE_REP) == 0)
		rc = store_user_grant_ruc_oces(c, user_id, ruc);
	/* The identity changed: every session ends, the next sign-in uses the RUC. */
	if (rc == STORE_OK)
		rc = store_session_delete_user(c, user_id);
	if (rc == STORE_OK)
		rc = notify_and_audit(c, e, &u, "COMUNICADO - HOMOLOGACIÓN CON RUC", &text, "homologacion", ruc);
	if (rc == STORE_OK && strcmp(estado, ESTADO_PENDING) == 0) {
		buf_reset(&text);
		buf_printf(&text,
			   "%s (cédula %s, ID de usuario %s) homologó su cuenta con el RUC de su empresa (%s) como "
			   "empleado. Apruebe o rechace la cuenta en 3.2.3 Modificar información del uso.",
			   u.nombre, cedula, u.usuario, ruc);
		rc = text.err ? DB_ERR
		   : lc_tell_representatives(c, e, ruc, "SOLICITUD DE APROBACIÓN DE EMPLEADO", text.data);
	}
	buf_free(&text);
	rc = tx_end(c, rc);
	if (rc == STORE_OK) {
		snprintf(out->clase, sizeof(out->clase), "%s", clase);
		snprintf(out->estado, sizeof(out->estado), "%s", estado);
		snprintf(out->identity, sizeof(out->identity), "%s", ruc);
		snprintf(out->usuario, sizeof(out->usuario), "%s", u.usuario);
	}
	return rc;
}

/* ---- the yearly update --------------------------------------------------------- */

int profile_confirm(struct db_conn *c, const struct acct_env *e, long long user_id,
		    const char *nombre, const char *telefono)
{
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_user_confirm(c, user_id, nombre, telefono, e->now);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "data_confirm", user_id, NULL, e->addr, "", e->now);
	return tx_end(c, rc);
}

/* ---- a representative's employees ----------------------------------------- */

static const char *const uso_events[] = {
	[USO_APPROVE] = "employee_approve", [USO_REJECT] = "employee_reject",
	[USO_GRANT] = "permission_grant", [USO_REVOKE] = "permission_revoke",
	[USO_DISABLE] = "employee_disable", [USO_ENABLE] = "employee_enable",
};

static void uso_text(struct buf *t, enum uso_action a, const struct user_rec *emp,
		     const struct user_rec *rep, const char *option)
{
	buf_printf(t, "Estimado(a) %s:\n\n", emp->nombre);
	switch (a) {
	case USO_APPROVE:
		buf_printf(t, "%s, representante legal del RUC %s, aprobó su cuenta (ID de usuario %s). Ya puede "
			   "ingresar al portal y usar las opciones que le asigne.", rep->nombre, rep->ruc, emp->usuario);
		break;
	case USO_REJECT:
		buf_printf(t, "%s, representante legal del RUC %s, no aprobó su cuenta (ID de usuario %s).",
			   rep->nombre, rep->ruc, emp->usuario);
		break;
	case USO_GRANT:
		buf_printf(t, "Se le asignó la opción %s del portal.", option);
		break;
	case USO_REVOKE:
		buf_printf(t, "Se le retiró la opción %s del portal.", option);
		break;
	case USO_DISABLE:
		buf_printf(t, "El representante legal deshabilitó su usuario %s: ya no puede ingresar al portal "
			   "con el RUC %s.", emp->usuario, emp->ruc);
		break;
	case USO_ENABLE:
		buf_printf(t, "El representante legal habilitó de nuevo su usuario %s.", emp->usuario);
		break;
	}
}

int uso_act(struct db_conn *c, const struct acct_env *e, long long rep_id, long long employee_id,
	    enum uso_action a, const char *option)
{
	struct user_rec rep, emp;
	struct buf text;
	int rc = store_user_by_id(c, rep_id, &rep);

	if (rc == STORE_OK)
		rc = store_user_by_id(c, employee_id, &emp);
	if (rc == STORE_NOT_FOUND)
		return ACCT_DENIED;
	if (rc != STORE_OK)
		return rc;
	if (strcmp(rep.clase, CLASE_REP) != 0 || strcmp(emp.clase, CLASE_EMPLOYEE) != 0 ||
	    strcmp(rep.kind, USER_OPERATOR) != 0 || strcmp(emp.kind, USER_OPERATOR) != 0 ||
	    strcmp(rep.ruc, emp.ruc) != 0)
		return ACCT_DENIED;
	buf_init(&text, 2048);
	uso_text(&text, a, &emp, &rep, option ? option : "");
	if (db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	switch (a) {
	case USO_APPROVE:
		rc = strcmp(emp.estado, ESTADO_ACTIVE) == 0 ? STORE_NOT_FOUND
		   : store_user_set_estado(c, emp.id, ESTADO_ACTIVE);
		if (rc == STORE_OK)
			rc = store_user_grant_ruc_oces(c, emp.id, emp.ruc);
		break;
	case USO_REJECT:
		rc = strcmp(emp.estado, ESTADO_PENDING) != 0 ? STORE_NOT_FOUND
		   : store_user_set_estado(c, emp.id, ESTADO_REJECTED);
		break;
	case USO_GRANT:
		rc = store_perm_grant(c, emp.id, option, rep.id, e->now);
		break;
	case USO_REVOKE:
		rc = store_perm_revoke(c, emp.id, option);
		break;
	case USO_DISABLE:
	case USO_ENABLE:
		rc = store_user_set_disabled(c, emp.id, a == USO_DISABLE);
		if (rc == STORE_OK && a == USO_DISABLE)
			rc = store_session_delete_user(c, emp.id);
		break;
	}
	/* A grant or a withdrawal goes to the mailbox only; the rest by e-mail too. */
	if (rc == STORE_OK && (a == USO_GRANT || a == USO_REVOKE))
		rc = text.err ? DB_ERR : store_notice_add(c, emp.id, "SENAE", "BUZON PERSONAL",
							   "COMUNICADO - USO DEL PORTAL", text.data, e->now);
	else if (rc == STORE_OK)
		rc = text.err ? DB_ERR : lc_notify(c, e, &emp, "COMUNICADO - USO DEL PORTAL", text.data);
	if (rc == STORE_OK)
		rc = store_audit_user(c, uso_events[a], emp.id, NULL, e->addr,
				      option ? option : rep.usuario, e->now);
	buf_free(&text);
	return tx_end(c, rc);
}

/* ---- administrators ---------------------------------------------------------- */

int admin_set_disabled(struct db_conn *c, const struct acct_env *e, long long user_id, bool disabled,
		       const char *by)
{
	struct user_rec u;
	struct buf text;
	int rc = store_user_by_id(c, user_id, &u);

	if (rc != STORE_OK)
		return rc;
	buf_init(&text, 1024);
	if (disabled)
		buf_printf(&text, "Estimado(a) %s:\n\nUn administrador de la Aduana deshabilitó su usuario %s. "
			   "Si cree que es un error, comuníquese con la Aduana.", u.nombre, u.usuario);
	else
		buf_printf(&text, "Estimado(a) %s:\n\nUn administrador de la Aduana habilitó de nuevo su usuario %s.",
			   u.nombre, u.usuario);
	if (db_begin(c) != DB_OK) {
		buf_free(&text);
		return DB_ERR;
	}
	rc = (u.disabled != 0) == disabled ? STORE_NOT_FOUND : store_user_set_disabled(c, user_id, disabled);
	if (rc == STORE_OK && disabled)
		rc = store_session_delete_user(c, user_id);
	if (rc == STORE_OK)
		rc = notify_and_audit(c, e, &u, "COMUNICADO - USO DEL PORTAL", &text,
				      disabled ? "disable" : "enable", by);
	buf_free(&text);
	return tx_end(c, rc);
}
