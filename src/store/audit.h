/*
 * audit.h — the audit trail: who did what, when, from where.  Rows are only
 * ever added.  A service writes the row in the same transaction as the
 * change it records, so a change never lands without its row.
 */
#ifndef ADUANA_STORE_AUDIT_H
#define ADUANA_STORE_AUDIT_H

#include "core/arena.h"
#include "db/db.h"
#include "store/store.h"

/* An event of a known user: RUC and usuario are taken from the user's row.
 * STORE_NOT_FOUND when there is no such user. */
int store_audit_user(struct db_conn *c, const char *event, long long user_id, const char *oce_code,
		     const char *addr, const char *detail, long long now);
/* An event with the identity as given (e.g. a sign-in for an unknown user:
 * user_id 0 stores NULL). */
int store_audit(struct db_conn *c, const char *event, const char *ruc, const char *usuario,
		long long user_id, const char *oce_code, const char *addr, const char *detail,
		long long now);

struct audit_rec {
	long long at;
	const char *event, *addr, *detail, *oce_code;   /* arena */
};

/* The latest rows (at most max) of a user, newest first. */
int store_audit_of_user(struct db_conn *c, long long user_id, size_t max, struct arena *a,
			struct audit_rec **out, size_t *n);

#endif
