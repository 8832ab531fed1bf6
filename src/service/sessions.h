/*
 * sessions.h — a session's life after sign-in: found again on each
 * request (and expired when idle), moved to an OCE code, ended.
 */
#ifndef ADUANA_SERVICE_SESSIONS_H
#define ADUANA_SERVICE_SESSIONS_H

#include "auth/token.h"
#include "db/db.h"
#include "store/sessions.h"

enum session_state {
	SESSION_NONE,           /* no such session */
	SESSION_ACTIVE,         /* found; *out filled */
	SESSION_EXPIRED,        /* idle too long (or its user disabled): deleted now */
	SESSION_TOO_OLD,        /* past its absolute lifetime, however active: deleted now */
};

/* Finds the session whose token hashes to token_hash.  An idle one (or one
 * whose user was disabled) is deleted with its "expire" audit row; an
 * active one's last_seen is refreshed at most once a minute (always when
 * idle_seconds is under two minutes).  0 or a negative error. */
int session_resume(struct db_conn *c, const char *token_hash, long idle_seconds, long max_seconds, long long now,
		   const char *addr, struct session_rec *out, enum session_state *state);
/* Moves session s (found by token_hash) to OCE code `code` (of type `type`
 * when type is not NULL or ""), under a new token and CSRF token (the old
 * ones stop working), with its "oce" audit row.  STORE_NOT_FOUND when the
 * code is not the user's (or not of that type).  new_token gets the token. */
int session_choose_oce(struct db_conn *c, const struct session_rec *s, const char *token_hash,
		       const char *code, const char *type, const char *addr, long long now,
		       char new_token[TOKEN_HEX]);
/* Ends the session, with its "logout" audit row. */
int session_end(struct db_conn *c, const struct session_rec *s, const char *token_hash,
		const char *addr, long long now);

#endif
