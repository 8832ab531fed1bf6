/*
 * sessions.h — signed-in sessions, found by the hash of their cookie token
 * (auth/token.h): the token itself is never stored.
 */
#ifndef ADUANA_STORE_SESSIONS_H
#define ADUANA_STORE_SESSIONS_H

#include "core/limits.h"
#include "db/db.h"
#include "store/store.h"

struct session_rec {
	long long user_id;
	char kind[12];          /* the user's: USER_OPERATOR or USER_OFFICER */
	char ruc[14];
	char usuario[LIMIT_USUARIO_BYTES + 1];
	char nombre[LIMIT_NAME_BYTES + 1];
	char roles[LIMIT_ROLES_BYTES + 1];
	char distrito[4];       /* officers: their customs district */
	char oce_code[9];       /* "" until chosen */
	char oce_type[3];
	char csrf[65];
	long long created_at, last_seen;
	int disabled;
	char clase[16];         /* operators: the user's class (store/users.h CLASE_*) */
	char email[LIMIT_EMAIL_BYTES + 1];
	long long confirmed_at; /* when the user last confirmed their data */
};

int store_session_create(struct db_conn *c, const char *token_hash, long long user_id,
			 const char *csrf, long long now, const char *addr);
int store_session_find(struct db_conn *c, const char *token_hash, struct session_rec *out);
int store_session_touch(struct db_conn *c, const char *token_hash, long long now);
/* Replaces a session's token and CSRF token (and sets its OCE, when oce_code
 * is not NULL).  STORE_NOT_FOUND when the session is gone. */
int store_session_rotate(struct db_conn *c, const char *old_hash, const char *new_hash,
			 const char *oce_code, const char *csrf, long long now);
int store_session_delete(struct db_conn *c, const char *token_hash);
/* Ends every session of a user. */
int store_session_delete_user(struct db_conn *c, long long user_id);
/* Ends every session of a user but keep_hash's (a password changed there). */
int store_session_delete_others(struct db_conn *c, long long user_id, const char *keep_hash);
/* The server key `name` (64 hex): the one stored, or candidate when there
 * was none yet (stored now; a concurrent first start keeps the first). */
int store_server_key(struct db_conn *c, const char *name, const char *candidate, char out[65]);
/* Removes sessions idle since before cutoff; returns how many, or <0. */
long long store_session_purge(struct db_conn *c, long long cutoff);

#endif
