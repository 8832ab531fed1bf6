/*
 * signin.c — see signin.h.
 */
#include "service/signin.h"

#include <string.h>

#include "auth/password.h"
#include "service/accounts.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "store/users.h"

/* A wrong password: the failure (and maybe the block) with its audit row. */
static int record_failure(struct db_conn *c, const struct signin_policy *p,
			  const struct signin_request *r, const struct user_rec *u, int *blocked)
{
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_user_fail(c, u->id, p->max_failures, r->now, blocked);
	if (rc == STORE_OK)
		rc = store_audit_user(c, *blocked ? "block" : "login_failed", u->id, NULL, r->addr,
				      *blocked ? "intentos fallidos" : "contraseña", r->now);
	return tx_end(c, rc);
}

/* The session, the reset of the failure count and the audit row: all or
 * none.  STORE_NOT_FOUND when the account was blocked while its password
 * was being checked. */
static int record_success(struct db_conn *c, const struct signin_request *r,
			  const struct user_rec *u, const char *hash, const char *csrf)
{
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_user_succeed(c, u->id);
	if (rc == STORE_OK && r->old_session) {
		/* Signing in again replaces the old session. */
		rc = store_session_delete(c, r->old_session);
		if (rc == STORE_NOT_FOUND)
			rc = STORE_OK;
	}
	if (rc == STORE_OK)
		rc = store_session_create(c, hash, u->id, csrf, r->now, r->addr);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "login", u->id, NULL, r->addr, "", r->now);
	return tx_end(c, rc);
}

int signin_run(struct db_conn *c, const struct signin_policy *p, const struct signin_request *r,
	       struct signin_result *out)
{
	size_t pwlen = strlen(r->clave);
	char hash[TOKEN_HEX], csrf[TOKEN_HEX];
	struct user_rec u;
	long long nth;
	int rc, blocked, state;

	memset(out, 0, sizeof(*out));
	rc = r->ruc ? store_user_find(c, r->ruc, r->usuario, &u) : store_officer_find(c, r->usuario, &u);
	if (rc < 0)
		return rc;
	if (rc == STORE_NOT_FOUND) {
		password_verify_dummy(r->clave, pwlen);
		out->outcome = SIGNIN_REFUSED;
		return store_audit(c, "login_failed", r->ruc ? r->ruc : "", r->usuario, 0, NULL, r->addr,
				   "usuario desconocido", r->now);
	}
	if (u.blocked_at && p->lock_seconds > 0 && r->now >= u.blocked_at + p->lock_seconds) {
		/* STORE_NOT_FOUND: a concurrent sign-in unblocked it first. */
		rc = account_unblock(c, p->brand, &u, r->now, false, r->addr);
		if (rc < 0)
			return rc;
		u.blocked_at = 0;
	}
	rc = store_user_attempt(c, u.id, p->max_failures, p->lease_seconds, r->now, &state, &nth);
	if (rc != STORE_OK)
		return rc < 0 ? rc : DB_ERR;
	if (state == STORE_ATTEMPT_BUSY) {
		out->outcome = SIGNIN_BUSY;
		return store_audit(c, "login_busy", u.ruc, u.usuario, u.id, NULL, r->addr,
				   "verificaciones en curso", r->now);
	}
	if (state == STORE_ATTEMPT_BLOCKED) {
		password_verify_dummy(r->clave, pwlen);
		out->outcome = SIGNIN_BLOCKED;
		out->blocked_at = u.blocked_at ? u.blocked_at : r->now;
		return store_audit(c, "login_blocked", u.ruc, u.usuario, u.id, NULL, r->addr, "", r->now);
	}
	if (password_verify(u.pw_hash, r->clave, pwlen) != 0) {
		rc = record_failure(c, p, r, &u, &blocked);
		if (rc != STORE_OK)
			return rc < 0 ? rc : DB_ERR;
		out->outcome = blocked ? SIGNIN_BLOCKED : SIGNIN_REFUSED;
		out->blocked_at = r->now;
		return 0;
	}
	if (u.disabled) {
		out->outcome = SIGNIN_DISABLED;
		return store_audit(c, "login_disabled", u.ruc, u.usuario, u.id, NULL, r->addr, "", r->now);
	}
	if (strcmp(u.estado, ESTADO_PENDING) == 0 || strcmp(u.estado, ESTADO_REJECTED) == 0) {
		/* An employee the representative has not approved (or refused):
		 * told so only after the right password, like a disabled account. */
		out->outcome = strcmp(u.estado, ESTADO_PENDING) == 0 ? SIGNIN_PENDING : SIGNIN_REJECTED;
		store_user_succeed(c, u.id);   /* the check in flight is over */
		return store_audit(c, "login_pending", u.ruc, u.usuario, u.id, NULL, r->addr, u.estado, r->now);
	}
	token_new(out->token);
	token_new(csrf);
	if (token_hash(out->token, strlen(out->token), hash) != 0)
		return DB_ERR;
	rc = record_success(c, r, &u, hash, csrf);
	if (rc == STORE_NOT_FOUND) {
		memset(out->token, 0, sizeof(out->token));
		out->outcome = SIGNIN_BLOCKED;
		out->blocked_at = r->now;
		return store_audit(c, "login_blocked", u.ruc, u.usuario, u.id, NULL, r->addr,
				   "bloqueada durante la verificación", r->now);
	}
	if (rc != STORE_OK)
		return rc < 0 ? rc : DB_ERR;
	out->outcome = SIGNIN_OK;
	return 0;
}
