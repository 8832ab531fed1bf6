/*
 * verify.h — codes and links sent by e-mail (table verification): a
 * registration waiting for its security code, a password reset's single-use
 * link, a change of e-mail address waiting for the code sent to the new one.
 *
 * Only hashes are stored (handle_hash of the random handle in the link or
 * address, code_hash of the code keyed with a server key), so a copy of the
 * store gives nobody a working code.  Every change is one statement, atomic
 * on both engines without a transaction: two requests racing on one code
 * cannot both use it, nor together pass the limit of wrong attempts.
 */
#ifndef ADUANA_STORE_VERIFY_H
#define ADUANA_STORE_VERIFY_H

#include "core/arena.h"
#include "core/limits.h"
#include "db/db.h"
#include "store/store.h"

#define VERIFY_REGISTRO "registro"
#define VERIFY_CLAVE    "clave"
#define VERIFY_CORREO   "correo"

struct verify_rec {
	long long id;
	char purpose[12];
	char handle_hash[65];
	char code_hash[65];
	long long user_id;      /* 0 for a registration (the account does not exist yet) */
	char email[LIMIT_EMAIL_BYTES + 1];
	const char *payload;    /* arena (the registration's form, as JSON) */
	int attempts;
	long long created_at, expires_at, used_at;   /* used_at 0: not used */
};

int store_verify_insert(struct db_conn *c, const struct verify_rec *v, const char *addr, long long *id);
/* By purpose and handle hash; STORE_NOT_FOUND when there is none. */
int store_verify_by_handle(struct db_conn *c, const char *purpose, const char *handle_hash,
			   struct arena *a, struct verify_rec *out);
/* The latest unused one of a user for a purpose. */
int store_verify_latest(struct db_conn *c, long long user_id, const char *purpose, struct arena *a,
			struct verify_rec *out);
/* Counts one wrong code while fewer than max were counted and it is
 * unused: STORE_OK (*attempts the new count) or STORE_NOT_FOUND when the
 * code is used or its attempts are spent. */
int store_verify_wrong(struct db_conn *c, long long id, int max, int *attempts);
/* Marks it used, once: STORE_NOT_FOUND when it already was (or its
 * attempts are spent): a code or link works one time only. */
int store_verify_use(struct db_conn *c, long long id, int max, long long now);
/* Voids every unused one of a user for a purpose (a newer one supersedes
 * them; a finished reset voids the others). */
int store_verify_void_user(struct db_conn *c, long long user_id, const char *purpose, long long now);
/* How many of a purpose were made since `since` for a user (user_id > 0)
 * or an e-mail address (user_id 0). */
int store_verify_count(struct db_conn *c, const char *purpose, long long user_id, const char *email,
		       long long since, long long *n);

#endif
