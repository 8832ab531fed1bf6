/*
 * ruc.h — validation of Ecuadorian identification numbers: the cédula
 * (10 digits, natural persons) and the RUC (13 digits, taxpayers).
 *
 * The module is pure: no I/O, no allocation, no global mutable state, so it can
 * be called from any thread and tested without a server.  The rules are those
 * of docs/domain.md, "Identification numbers":
 *
 *   - a cédula is strict: province 01–24, 30 or 50; third digit 0–6; mod-10
 *     check digit with weights 2,1,2,1,...;
 *   - a RUC whose third digit is 0–5 (natural person) is a valid cédula plus an
 *     establishment number that is not 000, all strict;
 *   - a RUC whose third digit is 6 (public entity) or 9 (private company) has a
 *     strictly checked structure (province, establishment), but a failed mod-11
 *     check digit is only a warning, because the SRI has issued such RUCs;
 *   - third digit 7 or 8 is never valid.
 *
 * Invariants of a struct ruc_result filled by ruc_check():
 *   status == RUC_VALID          <=> reason == RUC_OK
 *   status == RUC_VALID_WARNING  <=> reason == RUC_WARN_CHECK_DIGIT
 *   status == RUC_INVALID        <=> reason is one of RUC_ERR_*
 *   kind != RUC_KIND_NONE        <=> status != RUC_INVALID
 *   digits holds 10 digits for RUC_KIND_CEDULA, 13 for the RUC kinds, and ""
 *   when the reason is RUC_ERR_EMPTY, RUC_ERR_CHAR or RUC_ERR_LENGTH.
 */
#ifndef ADUANA_RUC_H
#define ADUANA_RUC_H

#include <stddef.h>

/* What the number identifies; RUC_KIND_NONE whenever the number is invalid. */
enum ruc_kind {
	RUC_KIND_NONE = 0,
	RUC_KIND_CEDULA,        /* 10 digits */
	RUC_KIND_NATURAL,       /* 13 digits, third digit 0–5 */
	RUC_KIND_PUBLIC,        /* 13 digits, third digit 6 */
	RUC_KIND_COMPANY        /* 13 digits, third digit 9 */
};

/* Overall verdict; a warning is still an acceptable number. */
enum ruc_status {
	RUC_VALID = 0,
	RUC_VALID_WARNING = 1,
	RUC_INVALID = -1
};

/* Why: the first rule the number breaks (see ruc_check for the order). */
enum ruc_reason {
	RUC_OK = 0,
	RUC_ERR_EMPTY,          /* no digits at all */
	RUC_ERR_CHAR,           /* a character other than a digit, space or '-' */
	RUC_ERR_LENGTH,         /* not 10 or 13 digits, or input over the size limit */
	RUC_ERR_PROVINCE,       /* first two digits not 01–24, 30 or 50 */
	RUC_ERR_THIRD_DIGIT,    /* 7, 8 (or 9 in a cédula) */
	RUC_ERR_CHECK_DIGIT,    /* cédula or natural-person RUC fails mod-10 */
	RUC_ERR_ESTABLISHMENT,  /* establishment number is all zeros */
	RUC_WARN_CHECK_DIGIT    /* public or company RUC fails mod-11 (accepted) */
};

struct ruc_result {
	enum ruc_status status;
	enum ruc_kind kind;
	enum ruc_reason reason;
	/* The digits with spaces and dashes removed, NUL-terminated; "" when the
	 * input is empty, has a bad character or has the wrong length. */
	char digits[14];
};

/*
 * Checks s[0..len), which need not be NUL-terminated (s may be NULL only when
 * len is 0).  Spaces and '-' anywhere are ignored, so "1790-0123-45001" and
 * "17 9001 2345 001" are accepted as written; any other byte (tabs, letters,
 * NUL) gives RUC_ERR_CHAR.  Input longer than LIMIT_RUC_INPUT (64) bytes gives
 * RUC_ERR_LENGTH without being read.  Fills *out (which must not be NULL)
 * completely, and returns out->status.
 *
 * Rules are checked in this order and the first one broken is reported:
 * input size, characters, digit count (empty, then 10 or 13), province,
 * third digit, establishment, check digit.  Structure comes before the check
 * digit so that a public or company RUC is only ever given the check-digit
 * warning once everything strict about it has passed.
 */
enum ruc_status ruc_check(const char *s, size_t len, struct ruc_result *out);

/*
 * One sentence, in Spanish (english == 0) or English (otherwise), saying what
 * is wrong and what to fix.  Returns "" for RUC_OK and a generic sentence for a
 * value outside the enum; never NULL.  The string is static: do not free it.
 * The text never echoes the input, so it is safe to place in a page.
 */
const char *ruc_reason_text(enum ruc_reason r, int english);

/*
 * The name of a kind of number ("cédula", "RUC de persona natural", ...) in
 * Spanish (english == 0) or English.  Returns "" for RUC_KIND_NONE or a value
 * outside the enum; never NULL.  Static string: do not free it.
 */
const char *ruc_kind_text(enum ruc_kind k, int english);

#endif
