/*
 * signin.h — signing in an operator's user or a customs officer: the whole flow, from finding
 * the account to the new session, with its audit rows.
 *
 * It checks a password (Argon2id, ~50 ms): run it on a worker thread, never
 * on an I/O thread.  Order of checks: the user (an unknown one still spends
 * a dummy hash, so timing does not tell); an expired block is lifted
 * (account_unblock); a check is reserved BEFORE the password is checked
 * (store_user_attempt), so at most max_failures checks fail between two
 * successes, and a reservation a crash left behind expires after
 * lease_seconds without counting as a failure; a blocked account is refused
 * without checking (so is one whose remaining checks are all in flight:
 * SIGNIN_BUSY); a wrong
 * password may block it; a disabled account is told so only after a right
 * password; a success ends the caller's old session (if any), creates the
 * new one and resets the count in one transaction, and is refused if the
 * account got blocked meanwhile.
 */
#ifndef ADUANA_SERVICE_SIGNIN_H
#define ADUANA_SERVICE_SIGNIN_H

#include "auth/token.h"
#include "db/db.h"

struct signin_policy {
	int max_failures;       /* failed attempts that block the account */
	long lock_seconds;      /* automatic unblock after it; 0 = never */
	const char *brand;      /* for the unblock notice */
	long lease_seconds;     /* a check in flight longer than this no longer counts */
};

struct signin_request {
	const char *ruc;        /* 13-digit RUC or 10-digit cédula, digits only;
	                           NULL: a customs officer, found by usuario alone */
	const char *usuario;
	const char *clave;
	const char *old_session;/* the hash of the caller's current session token, or NULL */
	const char *addr;       /* client address, for the audit trail */
	long long now;
};

enum signin_outcome {
	SIGNIN_OK = 0,
	SIGNIN_REFUSED,         /* wrong RUC, usuario or password: one answer for all */
	SIGNIN_BLOCKED,         /* blocked (now or before): see blocked_at */
	SIGNIN_DISABLED,        /* right password, disabled account */
	SIGNIN_PENDING,         /* right password, an employee not approved yet */
	SIGNIN_REJECTED,        /* right password, an employee the representative refused */
	SIGNIN_BUSY,            /* checks in flight for the account take every remaining
	                           attempt: nothing checked, try again in a moment */
};

struct signin_result {
	enum signin_outcome outcome;
	long long blocked_at;   /* SIGNIN_BLOCKED: since when */
	char token[TOKEN_HEX];  /* SIGNIN_OK: the new session's token (for the cookie) */
};

/* 0 with out filled, or a negative error (store unavailable: nothing was
 * changed by the failing step). */
int signin_run(struct db_conn *c, const struct signin_policy *p, const struct signin_request *r,
	       struct signin_result *out);

#endif
