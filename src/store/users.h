/*
 * users.h — accounts and the OCE codes they may act under.
 *
 * A user is an operator's (kind "operador": signs in with the operator's
 * RUC, or with a cédula when registered without a RUC, and acts under OCE
 * codes) or a customs officer (kind "funcionario": no RUC, no OCE; a
 * district and roles).  Sign-in attempts are counted here (see
 * store_user_attempt); the sign-in flow itself is service/signin.c.
 */
#ifndef ADUANA_STORE_USERS_H
#define ADUANA_STORE_USERS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/limits.h"
#include "db/db.h"
#include "store/store.h"

#define USER_OPERATOR "operador"
#define USER_OFFICER  "funcionario"

struct user_rec {
	long long id;
	char kind[12];          /* USER_OPERATOR or USER_OFFICER */
	char ruc[14];           /* 13-digit RUC or 10-digit cédula; "" for officers */
	char usuario[LIMIT_USUARIO_BYTES + 1];
	char nombre[LIMIT_NAME_BYTES + 1];
	char email[LIMIT_EMAIL_BYTES + 1];
	char pw_hash[128];
	char distrito[4];       /* officers: customs district, e.g. "028" */
	char roles[LIMIT_ROLES_BYTES + 1];   /* officers: "recepcion,aforo" */
	int failures;
	long long blocked_at;   /* 0 when not blocked */
	int disabled;
};

struct oce_rec {
	char code[9];
	char type[3];
	const char *type_name;  /* arena */
};

struct oce_assign {
	char code[9];
	char type[3];
};

/* An operator's user by RUC (or cédula) and ID. Usuario. */
int store_user_find(struct db_conn *c, const char *ruc, const char *usuario, struct user_rec *out);
/* A customs officer by ID. Usuario (officers have no RUC). */
int store_officer_find(struct db_conn *c, const char *usuario, struct user_rec *out);
/* Inserts u (its kind, ruc...; id ignored) with now as its creation time;
 * *id gets the new id.  STORE_EXISTS when the RUC and usuario are taken
 * (or, for an officer, the usuario). */
int store_user_insert(struct db_conn *c, const struct user_rec *u, long long now, long long *id);
/* Lets user_id act under OCE code a->code of a->type, creating the code
 * for ruc when it is new.  STORE_CONFLICT when the code belongs to another
 * RUC or type, or the type is unknown. */
int store_user_grant_oce(struct db_conn *c, long long user_id, const char *ruc,
			 const struct oce_assign *a);
/* The OCE codes a user may act under, ordered by type then code. */
int store_user_oces(struct db_conn *c, long long user_id, struct arena *a,
		    struct oce_rec **out, size_t *n);

/* Sign-in attempts.  A check is reserved BEFORE its password is checked,
 * so that at most max checks fail between two successes however many
 * sign-ins run at once:
 *   store_user_attempt  reserves one while confirmed failures plus checks
 *                       in flight stay below max: *state STORE_ATTEMPT_OK
 *                       and *nth = failures + checks in flight (1..max);
 *                       STORE_ATTEMPT_BLOCKED when the account is blocked
 *                       (or the failures stand at max: it blocks it now);
 *                       STORE_ATTEMPT_BUSY when checks in flight take the
 *                       rest (nothing counted; try again shortly).  A
 *                       reservation older than lease seconds (its server
 *                       died mid-check) no longer counts: a crash never
 *                       counts as a failure;
 *   store_user_fail     after a wrong password: one more failure, the
 *                       reservation released; the failure that takes the
 *                       count to max blocks the account (keeping a block time
 *                       set meanwhile) and reports it (*blocked = 1) —
 *                       exactly one failure reports a block;
 *   store_user_succeed  after a right password: resets the count, releases
 *                       the reservation; STORE_NOT_FOUND when the account
 *                       was blocked in the meantime (the sign-in must then
 *                       be refused).
 * Each returns STORE_NOT_FOUND for an unknown id.  Each is one statement
 * (or, for a refused attempt, two idempotent ones and a read): atomic on
 * both engines without a transaction. */
enum { STORE_ATTEMPT_OK = 0, STORE_ATTEMPT_BLOCKED = 1, STORE_ATTEMPT_BUSY = 2 };
int store_user_attempt(struct db_conn *c, long long id, int max, long long lease, long long now,
		       int *state, long long *nth);
int store_user_fail(struct db_conn *c, long long id, int max, long long now, int *blocked);
int store_user_succeed(struct db_conn *c, long long id);
/* Clears the block and the failure count.  STORE_NOT_FOUND when it was not
 * blocked (e.g. unblocked by a concurrent call). */
int store_user_clear_block(struct db_conn *c, long long id);
/* Disables (1) or enables (0) a user.  STORE_NOT_FOUND for an unknown id. */
int store_user_set_disabled(struct db_conn *c, long long id, int disabled);

#endif
