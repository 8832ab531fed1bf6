/*
 * sessions.c — see sessions.h.
 */
#include "service/sessions.h"

#include <stdbool.h>

#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/users.h"

int session_resume(struct db_conn *c, const char *token_hash, long idle_seconds, long max_seconds, long long now,
		   const char *addr, struct session_rec *out, enum session_state *state)
{
	bool too_old;
	int rc;

	*state = SESSION_NONE;
	rc = store_session_find(c, token_hash, out);
	if (rc == STORE_NOT_FOUND)
		return 0;
	if (rc < 0)
		return rc;
	too_old = now - out->created_at > max_seconds;
	if (out->disabled || too_old || now - out->last_seen > idle_seconds) {
		if (db_begin(c) != DB_OK)
			return DB_ERR;
		rc = store_session_delete(c, token_hash);
		if (rc == STORE_NOT_FOUND)
			rc = STORE_OK;   /* a concurrent request expired it */
		if (rc == STORE_OK && !out->disabled)
			rc = store_audit_user(c, "expire", out->user_id, out->oce_code, addr,
					      too_old ? "duración máxima" : "", now);
		rc = tx_end(c, rc);
		if (rc < 0)
			return rc;
		*state = too_old && !out->disabled ? SESSION_TOO_OLD : SESSION_EXPIRED;
		return 0;
	}
	*state = SESSION_ACTIVE;
	/* A failed touch only shortens the session's life: the page goes on. */
	if ((now - out->last_seen >= 60 || idle_seconds < 120) &&
	    store_session_touch(c, token_hash, now) != STORE_OK)
		log_warn("session activity could not be recorded");
	return 0;
}

int session_choose_oce(struct db_conn *c, const struct session_rec *s, const char *old_hash,
		       const char *code, const char *type, const char *addr, long long now,
		       char new_token[TOKEN_HEX])
{
	struct arena a;
	struct oce_rec *o;
	const struct oce_rec *pick = NULL;
	char hash[TOKEN_HEX], csrf[TOKEN_HEX];
	size_t n;
	int rc;

	arena_init(&a, (size_t)64 * 1024);
	rc = store_user_oces(c, s->user_id, &a, &o, &n);
	for (size_t i = 0; rc == STORE_OK && i < n && pick == NULL; i++)
		if (strcmp(o[i].code, code) == 0 && (type == NULL || type[0] == '\0' || strcmp(o[i].type, type) == 0))
			pick = &o[i];
	if (rc == STORE_OK && pick == NULL)
		rc = STORE_NOT_FOUND;
	if (rc != STORE_OK)
		goto out;
	token_new(new_token);
	token_new(csrf);
	if (token_hash(new_token, strlen(new_token), hash) != 0 || db_begin(c) != DB_OK) {
		rc = DB_ERR;
		goto out;
	}
	rc = store_session_rotate(c, old_hash, hash, pick->code, csrf, now);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "oce", s->user_id, pick->code, addr, pick->type, now);
	rc = tx_end(c, rc);
	if (rc == STORE_NOT_FOUND)
		rc = DB_ERR;   /* the session vanished meanwhile: not the user's fault */
out:
	arena_free(&a);
	return rc;
}

int session_end(struct db_conn *c, const struct session_rec *s, const char *token_hash,
		const char *addr, long long now)
{
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_session_delete(c, token_hash);
	if (rc == STORE_NOT_FOUND)
		rc = STORE_OK;
	if (rc == STORE_OK)
		rc = store_audit_user(c, "logout", s->user_id, s->oce_code, addr, "", now);
	return tx_end(c, rc);
}
