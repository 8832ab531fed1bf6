/*
 * account.h — the rules of the account lifecycle (issue 9), pure: no I/O,
 * no allocation, callable from any thread and tested without a store.
 *
 *   - who may register as what: a representante legal or an empleado needs
 *     the RUC of a registered operator; a representante legal must be the
 *     person the tax office records as the company's representative (for a
 *     natural person's RUC, the owner: the RUC's first ten digits); an
 *     empleado's account waits for the representative's approval;
 *   - the ID de usuario and phone number as the forms accept them;
 *   - security codes sent by e-mail: drawn uniformly from random bytes,
 *     normalised as typed, live until they expire, are used, or run out of
 *     attempts;
 *   - the yearly update: when an account must confirm its data again;
 *   - an employee's options: whether a user may use a menu option.
 */
#ifndef ADUANA_DOMAIN_ACCOUNT_H
#define ADUANA_DOMAIN_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/limits.h"

/* ---- registration --------------------------------------------------------- */

enum reg_verdict {
	REG_OK = 0,
	REG_NEED_RUC,           /* a company class without a RUC */
	REG_NOT_OPERATOR,       /* the RUC is not a registered operator's */
	REG_NOT_REPRESENTATIVE, /* the cédula is not the representative's on record */
	REG_NO_REPRESENTATIVE,  /* the operator has no representative on record */
	REG_CEDULA_MISMATCH,    /* a natural person's RUC is not the cédula's */
};

/* clase: "representante", "empleado" or "general"; ruc: 13 digits or "";
 * cedula: 10 digits; operator_exists and rep_cedula as the store knows the
 * RUC ("" when no representative is on record).  On REG_OK *estado is the
 * new account's ("activo" or "pendiente") and *identity the number it signs
 * in with (the RUC, or for a usuario general without one the cédula). */
enum reg_verdict account_register_rule(const char *clase, const char *ruc, const char *cedula,
				       bool operator_exists, const char *rep_cedula,
				       const char **estado, const char **identity);
/* The same rule for a homologación: the user (a cédula identity) links the
 * account to ruc; *clase and *estado as the user becomes. */
enum reg_verdict account_link_rule(const char *ruc, const char *cedula, bool operator_exists,
				   const char *rep_cedula, const char **clase, const char **estado);
/* The Spanish message of a verdict (REG_OK: NULL). */
const char *account_reg_message(enum reg_verdict v);

/* An ID de usuario as chosen at registration: 4..LIMIT_USUARIO_BYTES of
 * a-z 0-9 . _ - (upper case letters accepted and lowered into out),
 * starting with a letter or digit.  false with out "" otherwise. */
bool account_usuario_normalize(const char *in, char out[LIMIT_USUARIO_BYTES + 1]);
/* A phone number: 7..15 digits, with spaces, dashes, parentheses and one
 * leading + allowed; at most LIMIT_PHONE_BYTES. */
bool account_phone_valid(const char *s);

/* ---- security codes ------------------------------------------------------- */

/* Fills out with LIMIT_CODE_DIGITS digits drawn uniformly from rnd (each
 * byte of 250..255 is skipped, so no digit is likelier).  0, or -1 when rnd
 * had too few usable bytes. */
int vcode_from_random(const unsigned char *rnd, size_t n, char out[LIMIT_CODE_DIGITS + 1]);
/* The code as typed (spaces and dashes ignored) into out; -1 unless it is
 * exactly LIMIT_CODE_DIGITS digits. */
int vcode_normalize(const char *in, char out[LIMIT_CODE_DIGITS + 1]);

enum vcode_state {
	VCODE_LIVE = 0,
	VCODE_EXPIRED,          /* past its time */
	VCODE_USED,             /* used already (single use) */
	VCODE_SPENT,            /* max wrong attempts reached: void */
};
enum vcode_state vcode_state(long long now, long long expires_at, long long used_at, int attempts,
			     int max_attempts);

/* ---- the yearly update ---------------------------------------------------- */

/* Whether an account confirmed at confirmed_at must confirm its data again
 * at now.  period_days 0: once per calendar year in Ecuador's time (as SENAE
 * requires each January): due when confirmed before this year's 1 January;
 * period_days > 0: due when confirmed more than that many days ago;
 * period_days < 0: never. */
bool account_review_due(long long confirmed_at, long long now, long period_days);

/* ---- an employee's options ------------------------------------------------ */

/* Whether a user of clase may use a menu option its OCE type allows:
 * representatives and general users use every one; an employee only the
 * options granted (granted: the option is in its user_permission). */
bool account_may_use(const char *clase, bool granted);

#endif
