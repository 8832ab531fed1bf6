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

/* An operator's user's class (clase) and an employee's approval (estado). */
#define CLASE_REP      "representante"   /* representante legal */
#define CLASE_EMPLOYEE "empleado"
#define CLASE_GENERAL  "general"         /* usuario general */
#define ESTADO_ACTIVE   "activo"
#define ESTADO_PENDING  "pendiente"      /* an employee waiting for the representative */
#define ESTADO_REJECTED "rechazado"

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
	char clase[16];         /* operators: CLASE_REP, CLASE_EMPLOYEE or CLASE_GENERAL */
	char cedula[11];        /* operators: the person's cédula ("" when not given) */
	char telefono[LIMIT_PHONE_BYTES + 1];
	char estado[12];        /* ESTADO_ACTIVE, ESTADO_PENDING or ESTADO_REJECTED */
	long long confirmed_at; /* when the user last confirmed their data */
	long long created_at;
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

/* ---- the account lifecycle (issue 9) ------------------------------------ */

/* A user by id (either kind). */
int store_user_by_id(struct db_conn *c, long long id, struct user_rec *out);
/* Whether the ID de usuario is taken under ruc, whatever its case. */
int store_user_taken(struct db_conn *c, const char *ruc, const char *usuario, int *taken);
/* A new password hash: also clears the failures, a block and the checks
 * in flight (a reset lifts a lockout).  STORE_NOT_FOUND for an unknown id. */
int store_user_set_password(struct db_conn *c, long long id, const char *pw_hash);
int store_user_set_email(struct db_conn *c, long long id, const char *email);
int store_user_set_cedula(struct db_conn *c, long long id, const char *cedula);
int store_user_set_estado(struct db_conn *c, long long id, const char *estado);
/* The yearly update: names and phone as confirmed, confirmed_at = now. */
int store_user_confirm(struct db_conn *c, long long id, const char *nombre, const char *telefono,
		       long long now);
/* Homologación: the user now signs in with ruc, as clase, in estado.
 * STORE_EXISTS when that RUC already has a user with this ID de usuario. */
int store_user_move(struct db_conn *c, long long id, const char *ruc, const char *clase,
		    const char *estado);
/* Lets the user act under every OCE code of its RUC. */
int store_user_grant_ruc_oces(struct db_conn *c, long long user_id, const char *ruc);
/* Whether ruc is a registered operator (holds an OCE code) and the cédula
 * of its legal representative on record ("" when none). */
int store_operator_find(struct db_conn *c, const char *ruc, int *exists, char rep_cedula[11]);
/* Records (or changes) an operator's legal representative. */
int store_operator_set_rep(struct db_conn *c, const char *ruc, const char *razon_social,
			   const char *rep_cedula);

/* A page of users: an operator's (ruc not NULL: that RUC's users, officers
 * never) or everyone (q: a text searched in RUC, ID de usuario, names and
 * e-mail, case-insensitively; NULL or "" for all), ordered by RUC and ID. */
int store_users_list(struct db_conn *c, const char *ruc, const char *q, size_t offset,
		     size_t limit, struct arena *a, struct user_rec **out, size_t *n);

/* ---- an employee's options (3.2.3) -------------------------------------- */
int store_perm_has(struct db_conn *c, long long user_id, const char *option_id, int *has);
/* The option ids granted to user_id (at most LIMIT_MENU_OPTIONS). */
int store_perm_list(struct db_conn *c, long long user_id, struct arena *a, const char ***ids,
		    size_t *n);
int store_perm_grant(struct db_conn *c, long long user_id, const char *option_id, long long by,
		     long long now);
/* STORE_NOT_FOUND when it was not granted. */
int store_perm_revoke(struct db_conn *c, long long user_id, const char *option_id);

#endif
