/*
 * ruc.c — validation of Ecuadorian cédulas (10 digits) and RUCs (13 digits).
 *
 * What this module is for: deciding whether a number typed by a person is a
 * well-formed identification number, and if not, which rule it breaks, so a
 * form can say what to fix.  It does not ask the SRI whether the number is
 * registered.
 *
 * Invariants: pure code, no I/O, no allocation, no global mutable state (the
 * only statics are constant message tables).  Input is read through a
 * pointer+length view and never past len; nothing is written past
 * out->digits[13].  The rules and their order are in ruc.h.
 */
#include "domain/ruc.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/limits.h"

/* The normalised number must fit in struct ruc_result.digits. */
_Static_assert(LIMIT_RUC_INPUT >= 13, "LIMIT_RUC_INPUT must admit a 13-digit RUC");

#define CEDULA_DIGITS 10
#define RUC_DIGITS    13

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
digit_value(char c)
{
	return c - '0';
}

/*
 * Copies the digits of s[0..len) into digits[], skipping spaces and dashes.
 * On success returns RUC_OK, stores the digit count (10 or 13) in *count and
 * NUL-terminates digits (all 14 bytes are written: the tail is NULs);
 * otherwise returns the reason and leaves digits "".
 */
static enum ruc_reason
normalise(const char *s, size_t len, char digits[14], size_t *count)
{
	size_t i, n = 0;

	memset(digits, 0, 14);
	if (len > LIMIT_RUC_INPUT)
		return RUC_ERR_LENGTH;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '-')
			continue;
		if (!is_digit(c)) {
			digits[0] = '\0';
			return RUC_ERR_CHAR;
		}
		if (n < RUC_DIGITS)
			digits[n] = c;
		n++;   /* counted beyond 13 only to report the length */
	}
	if (n == 0)
		return RUC_ERR_EMPTY;
	if (n != CEDULA_DIGITS && n != RUC_DIGITS) {
		digits[0] = '\0';
		return RUC_ERR_LENGTH;
	}
	digits[n] = '\0';
	*count = n;
	return RUC_OK;
}

/* Province codes: 01–24, 30 (abroad, foreigners) and 50 (some registries). */
static bool
province_ok(const char *d)
{
	int p = digit_value(d[0]) * 10 + digit_value(d[1]);

	return (p >= 1 && p <= 24) || p == 30 || p == 50;
}

/*
 * The cédula check: weights 2,1,2,1,2,1,2,1,2 over the first 9 digits, a
 * product over 9 loses 9, and the 10th digit must be (10 - sum mod 10) mod 10.
 */
static bool
cedula_check_ok(const char *d)
{
	int i, sum = 0;

	for (i = 0; i < 9; i++) {
		int p = digit_value(d[i]) * (i % 2 == 0 ? 2 : 1);

		if (p > 9)
			p -= 9;
		sum += p;
	}
	return (10 - sum % 10) % 10 == digit_value(d[9]);
}

/*
 * The mod-11 check of public and company RUCs: weights w[0..n) over d[0..n),
 * check = 11 - sum mod 11, where 11 means 0 and 10 means that no digit can be
 * right (the number fails).  The check digit is d[n].
 */
static bool
mod11_check_ok(const char *d, const int *w, int n)
{
	int i, sum = 0, check;

	for (i = 0; i < n; i++)
		sum += digit_value(d[i]) * w[i];
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10)
		return false;
	return check == digit_value(d[n]);
}

/* True when d[0..n) are all '0'. */
static bool
all_zero(const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i] != '0')
			return false;
	return true;
}

/* Applies the rules to a normalised 10- or 13-digit number. */
static enum ruc_reason
classify(const char *d, size_t n, enum ruc_kind *kind)
{
	static const int public_w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
	static const int company_w[9] = { 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int third;

	if (!province_ok(d))
		return RUC_ERR_PROVINCE;
	third = digit_value(d[2]);

	if (n == CEDULA_DIGITS) {
		*kind = RUC_KIND_CEDULA;
		if (third > 6)
			return RUC_ERR_THIRD_DIGIT;
		return cedula_check_ok(d) ? RUC_OK : RUC_ERR_CHECK_DIGIT;
	}

	if (third <= 5) {
		/* Natural person: a cédula, then a 3-digit establishment. */
		*kind = RUC_KIND_NATURAL;
		if (all_zero(d + 10, 3))
			return RUC_ERR_ESTABLISHMENT;
		return cedula_check_ok(d) ? RUC_OK : RUC_ERR_CHECK_DIGIT;
	}
	if (third == 6) {
		/* Public entity: check digit at d[8], 4-digit establishment. */
		*kind = RUC_KIND_PUBLIC;
		if (all_zero(d + 9, 4))
			return RUC_ERR_ESTABLISHMENT;
		return mod11_check_ok(d, public_w, 8) ? RUC_OK : RUC_WARN_CHECK_DIGIT;
	}
	if (third == 9) {
		/* Private company: check digit at d[9], 3-digit establishment. */
		*kind = RUC_KIND_COMPANY;
		if (all_zero(d + 10, 3))
			return RUC_ERR_ESTABLISHMENT;
		return mod11_check_ok(d, company_w, 9) ? RUC_OK : RUC_WARN_CHECK_DIGIT;
	}
	return RUC_ERR_THIRD_DIGIT;   /* 7 or 8 */
}

enum ruc_status
ruc_check(const char *s, size_t len, struct ruc_result *out)
{
	enum ruc_kind kind = RUC_KIND_NONE;
	enum ruc_reason reason;
	size_t n = 0;

	if (s == NULL)
		len = 0;
	reason = normalise(s, len, out->digits, &n);
	if (reason == RUC_OK)
		reason = classify(out->digits, n, &kind);

	/* The status follows from the reason; only an accepted number has a kind. */
	if (reason == RUC_OK) {
		out->status = RUC_VALID;
	} else if (reason == RUC_WARN_CHECK_DIGIT) {
		out->status = RUC_VALID_WARNING;
	} else {
		out->status = RUC_INVALID;
		kind = RUC_KIND_NONE;
	}
	out->reason = reason;
	out->kind = kind;
	return out->status;
}

struct bilingual {
	const char *es;
	const char *en;
};

static const struct bilingual reason_texts[] = {
	[RUC_OK] = { "", "" },
	[RUC_ERR_EMPTY] = {
		"Escriba el número de cédula (10 dígitos) o de RUC (13 dígitos).",
		"Enter the cédula number (10 digits) or the RUC number (13 digits)."
	},
	[RUC_ERR_CHAR] = {
		"Solo se admiten dígitos, espacios y guiones.",
		"Only digits, spaces and hyphens are allowed."
	},
	[RUC_ERR_LENGTH] = {
		"Debe tener 13 dígitos (RUC) o 10 dígitos (cédula).",
		"It must have 13 digits (RUC) or 10 digits (cédula)."
	},
	[RUC_ERR_PROVINCE] = {
		"Los dos primeros dígitos deben ser un código de provincia "
		"(01 a 24, 30 o 50): revise el comienzo del número.",
		"The first two digits must be a province code (01 to 24, 30 or 50): "
		"check the start of the number."
	},
	[RUC_ERR_THIRD_DIGIT] = {
		"El tercer dígito no es válido (de 0 a 6 en una cédula; de 0 a 6 "
		"o 9 en un RUC): revise que haya escrito bien el número.",
		"The third digit is not valid (0 to 6 in a cédula; 0 to 6 or 9 in a "
		"RUC): check that the number is typed correctly."
	},
	[RUC_ERR_CHECK_DIGIT] = {
		"El dígito verificador no corresponde: revise que haya escrito "
		"bien el número.",
		"The check digit does not match: check that the number is typed "
		"correctly."
	},
	[RUC_ERR_ESTABLISHMENT] = {
		"El número de establecimiento (los últimos dígitos del RUC) no "
		"puede ser cero: el establecimiento principal es 001.",
		"The establishment number (the last digits of the RUC) cannot be "
		"zero: the main establishment is 001."
	},
	[RUC_WARN_CHECK_DIGIT] = {
		"El dígito verificador no corresponde, aunque el SRI ha emitido "
		"RUC así: confirme el número con el certificado del RUC.",
		"The check digit does not match, although the SRI has issued such "
		"RUCs: confirm the number against the RUC certificate."
	},
};

static const struct bilingual reason_unknown = {
	"El número no es válido: revise que haya escrito bien el número.",
	"The number is not valid: check that it is typed correctly."
};

static const struct bilingual kind_texts[] = {
	[RUC_KIND_NONE] = { "", "" },
	[RUC_KIND_CEDULA] = { "cédula", "cédula (national identity card)" },
	[RUC_KIND_NATURAL] = { "RUC de persona natural", "RUC of a natural person" },
	[RUC_KIND_PUBLIC] = { "RUC de entidad pública", "RUC of a public entity" },
	[RUC_KIND_COMPANY] = { "RUC de sociedad privada", "RUC of a private company" },
};

const char *
ruc_reason_text(enum ruc_reason r, int english)
{
	const struct bilingual *t = &reason_unknown;

	/* The cast makes a negative value forced into the enum out of range. */
	if ((unsigned)r < sizeof(reason_texts) / sizeof(reason_texts[0]))
		t = &reason_texts[r];
	return english ? t->en : t->es;
}

const char *
ruc_kind_text(enum ruc_kind k, int english)
{
	const struct bilingual *t = &kind_texts[RUC_KIND_NONE];

	if ((unsigned)k < sizeof(kind_texts) / sizeof(kind_texts[0]))
		t = &kind_texts[k];
	return english ? t->en : t->es;
}
