/*
 * lifecycle.h — the account lifecycle (issue 9): Nuevo registro with a
 * security code sent by e-mail, Reiniciar clave with a single-use link,
 * the user's own data (e-mail confirmed by a code, password, homologación
 * con RUC, the yearly update), a representative's employees (3.2.3) and
 * the administrators' acts.
 *
 * Each change is one transaction with its audit row, its notice in the
 * mailbox and its e-mail in the outbox (service/mail.h): all of it lands, or
 * none.  Codes and links are stored as hashes (store/verify.h); a code is
 * live for env->code_ttl seconds and void after LIMIT_CODE_ATTEMPTS wrong
 * tries; at most LIMIT_CODES_PER_WINDOW are sent to one account or address
 * per window of code_ttl (more are silently not sent).
 *
 * Passwords arrive hashed (Argon2id is the caller's, on a worker thread)
 * and already checked against the policy.
 */
#ifndef ADUANA_SERVICE_LIFECYCLE_H
#define ADUANA_SERVICE_LIFECYCLE_H

#include <stdbool.h>

#include "auth/token.h"
#include "core/limits.h"
#include "db/db.h"
#include "domain/account.h"
#include "store/users.h"

struct acct_env {
	const char *brand;          /* in notices and e-mails */
	const char *public_url;     /* the portal's address, for links in e-mails */
	const unsigned char *key;   /* TOKEN_KEY_BYTES: keys the codes' hashes */
	long code_ttl;              /* seconds a code or link is live */
	const char *addr;           /* the client's address, for the audit trail */
	long long now;
};

/* The outcome of the lifecycle's operations. */
enum acct_result {
	ACCT_OK = 0,
	ACCT_RULE = 100,        /* account_register_rule refused: see .verdict */
	ACCT_TAKEN,             /* the ID de usuario is taken under that RUC */
	ACCT_TOO_MANY,          /* too many codes sent lately: try later */
	ACCT_UNKNOWN,           /* no such registration, link or code */
	ACCT_EXPIRED,
	ACCT_USED,
	ACCT_SPENT,             /* too many wrong codes: void */
	ACCT_WRONG,             /* a wrong code: .remaining tries left */
	ACCT_DENIED,            /* not allowed (not the user's company, not an employee...) */
	ACCT_NOT_CEDULA,        /* homologación of an account that has a RUC already */
};

struct acct_out {
	enum reg_verdict verdict;   /* ACCT_RULE */
	int remaining;              /* ACCT_WRONG */
	char handle[TOKEN_HEX];     /* registration_start: the handle of the confirmation page */
	char code[LIMIT_CODE_DIGITS + 1]; /* the code sent (for the CLI and tests of the service) */
	char estado[12];            /* registration_confirm, homologación: the account's */
	char clase[16];
	char identity[14];          /* the RUC or cédula it signs in with */
	char usuario[LIMIT_USUARIO_BYTES + 1];
	long long user_id;
};

/* ---- Nuevo registro --------------------------------------------------- */

struct registration {
	const char *clase;      /* CLASE_REP, CLASE_EMPLOYEE, CLASE_GENERAL */
	const char *ruc;        /* 13 digits or "" */
	const char *cedula;     /* 10 digits */
	const char *nombre, *email, *telefono;
	const char *usuario;    /* normalised (account_usuario_normalize) */
	const char *pw_hash;
};

/* Checks the rules and the ID, keeps the registration waiting for its code
 * and sends the code to r->email.  ACCT_OK with out->handle. */
int registration_start(struct db_conn *c, const struct acct_env *e, const struct registration *r,
		       struct acct_out *out);
/* The code typed on the confirmation page of handle: creates the account
 * (a representative's active with the RUC's OCE codes; an employee's
 * pending, its representatives told).  ACCT_OK with out->estado... */
int registration_confirm(struct db_conn *c, const struct acct_env *e, const char *handle,
			 const char *code, struct acct_out *out);
/* ACCT_OK when handle names a registration still waiting for its code;
 * email (LIMIT_EMAIL_BYTES + 1) gets the address the code went to. */
int registration_pending(struct db_conn *c, const struct acct_env *e, const char *handle, char *email);

/* ---- Reiniciar clave ---------------------------------------------------- */

/* Sends a single-use link when identity, usuario and e-mail match an
 * enabled account (an audit row either way, so both take one commit): the
 * caller answers the same whatever happened.  0 or a store error. */
int recovery_request(struct db_conn *c, const struct acct_env *e, const char *identity,
		     const char *usuario, const char *email);
/* ACCT_OK when the link's handle is live (out->usuario, out->identity). */
int recovery_check(struct db_conn *c, const struct acct_env *e, const char *handle, struct acct_out *out);
/* Sets the new password, lifts a block, ends every session, voids the
 * other links, puts a notice in the mailbox and sends an e-mail. */
int recovery_complete(struct db_conn *c, const struct acct_env *e, const char *handle,
		      const char *pw_hash, struct acct_out *out);

/* ---- the user's own data (3.2) ------------------------------------------ */

/* A code to the new address, to confirm it. */
int profile_email_start(struct db_conn *c, const struct acct_env *e, long long user_id,
			const char *new_email, struct acct_out *out);
/* The code typed: the address changes (both addresses are told). */
int profile_email_confirm(struct db_conn *c, const struct acct_env *e, long long user_id,
			  const char *code, struct acct_out *out);
/* The new password (the current one checked by the caller); every other
 * session of the user ends. */
int profile_password(struct db_conn *c, const struct acct_env *e, long long user_id,
		     const char *keep_session_hash, const char *pw_hash);
/* Homologación con RUC of an account registered under a cédula. */
int profile_link_ruc(struct db_conn *c, const struct acct_env *e, long long user_id, const char *ruc,
		     struct acct_out *out);
/* The yearly update: the data confirmed (names and phone as given). */
int profile_confirm(struct db_conn *c, const struct acct_env *e, long long user_id,
		    const char *nombre, const char *telefono);

/* ---- a representative's employees (3.2.3) ------------------------------- */

enum uso_action {
	USO_APPROVE, USO_REJECT, USO_GRANT, USO_REVOKE, USO_DISABLE, USO_ENABLE,
};
/* rep_id (a representative) acts on employee_id of the same RUC; option
 * for USO_GRANT / USO_REVOKE (an existing menu option id, checked by the
 * caller).  ACCT_DENIED when the employee is not one of the
 * representative's company; STORE_NOT_FOUND when nothing changed. */
int uso_act(struct db_conn *c, const struct acct_env *e, long long rep_id, long long employee_id,
	    enum uso_action a, const char *option);

/* ---- administrators ----------------------------------------------------- */

/* Disables or enables an account (its sessions end), with its notice, its
 * e-mail and the audit row naming the administrator (by: "administrador"
 * for the command line, else the officer's ID). */
int admin_set_disabled(struct db_conn *c, const struct acct_env *e, long long user_id, bool disabled,
		       const char *by);

#endif
