/*
 * pwpolicy.h — the policy a new password must meet (issue 9): registration,
 * password reset and change, `aduana user add` and `aduana officer add`.
 *
 * The policy follows NIST SP 800-63B (docs/decisions.md, "Issue 9 — password
 * policy"): a minimum length, a list of passwords known to be common, and the
 * user's own data; no composition rules ("must contain a digit").
 *
 * The module is pure: no I/O, no allocation, no global mutable state.  The
 * list (data/common_passwords.txt) is compiled into the binary by the build
 * and searched in place, so every function may be called from any thread.
 *
 * How a password is compared (the "folded" form): lower case with the accents
 * of Latin-1 letters removed, as core/fold.h folds ("CONTRASEÑA" →
 * "contrasena"), and without spaces ("Viva Ecuador" → "vivaecuador").
 */
#ifndef ADUANA_PWPOLICY_H
#define ADUANA_PWPOLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/limits.h"

#define PW_MIN_CHARS LIMIT_PASSWORD_MIN_CHARS

enum pw_verdict {
	PW_OK = 0,
	PW_TOO_SHORT,   /* fewer than PW_MIN_CHARS code points (the empty password too) */
	PW_TOO_LONG,    /* more than LIMIT_PASSWORD_BYTES bytes */
	PW_COMMON,      /* in the list of common passwords, or a variant of one */
	PW_PERSONAL,    /* made mostly of the user's own data */
	PW_BAD_TEXT     /* not UTF-8, or holds a control character */
};

/*
 * Checks the new password pw[0..n), which need not be NUL-terminated (pw may
 * be NULL only when n is 0).  The rules, in the order they are checked (the
 * first one broken is the verdict):
 *
 *   1. PW_TOO_LONG: more than LIMIT_PASSWORD_BYTES bytes (not read further);
 *   2. PW_BAD_TEXT: invalid UTF-8 (overlong forms, surrogates, NUL) or a
 *      control character: U+0000–U+001F (tab and line ends too), U+007F,
 *      U+0080–U+009F;
 *   3. PW_TOO_SHORT: fewer than PW_MIN_CHARS code points, spaces included;
 *   4. PW_COMMON: the folded password (see above), or its "core" — what is
 *      left after stripping the digits and ASCII symbols at its end, or at
 *      both ends, when that is at least 6 characters — is in the list
 *      ("Password2026!!", "2026.Password", "contraseña123"), or is one short
 *      piece repeated: a unit of fewer than PW_MIN_CHARS characters written
 *      twice or more ("holaholahola", "123123123123", "abcabc2026"), or
 *      nothing but spaces;
 *   5. PW_PERSONAL: personal, a NULL-terminated list (or NULL) of the user's
 *      data — ID. Usuario, RUC, cédula, names, e-mail (cut at '@') — makes
 *      up at least half of the password.  Both sides are folded and kept to
 *      letters and digits; each datum, and each word of it, of 4 characters
 *      or more is looked for; then the characters covered by the data found
 *      are counted against the letters left uncovered (digits do not count):
 *      refused when covered >= uncovered letters.  "juanperez2026" for the
 *      usuario "juanperez" (9 covered, 0 letters left), "Perez.Juan.1990" for
 *      the name "Juan Pérez", "1790011674001abc" for that RUC are refused;
 *      "juan toma café en la playa" is not.
 *
 * Returns PW_OK when every rule is met.  No composition rule exists.
 */
enum pw_verdict pw_policy_check(const char *pw, size_t n, const char *const *personal);

/*
 * The Spanish sentence that tells the user what to fix ("" for PW_OK, a
 * generic sentence for a value outside the enum; never NULL).  Each one has an
 * English entry in the i18n catalogue (web/i18n.c).  Static: do not free it.
 * It never echoes the password.
 */
const char *pw_policy_message(enum pw_verdict v);

/*
 * True when s[0..n), taken as it is (not folded), is a line of the embedded
 * list.  For tests and for the fuzz target; pw_policy_check folds first.
 */
bool pw_policy_listed(const char *s, size_t n);

/* The embedded list, one entry a line, sorted bytewise, ending in '\n'
 * (*len bytes; static, never NULL).  For tests. */
const char *pw_policy_list(size_t *len);

#endif
