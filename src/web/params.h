/*
 * params.h — declared parameters, their validators, and the field→message
 * map every form renders the same way.
 *
 * A route declares each parameter it accepts with a validator; the
 * dispatcher keeps only declared ones (a parameter sent twice is a 400),
 * then validates each and fills one struct form_errors: at most one message
 * per field, in the user's language, saying what to fix.  Pages show each
 * message next to its field and all of them in the summary at the top.
 * Values reach the handler as sent (trimmed of surrounding blanks for the
 * kinds that say so), so a form can show back what was typed.
 *
 * Declare with the P_* macros:
 *   static const struct param_spec p_login[] = {
 *           P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
 *           P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED,
 *                  .missing = "Ingrese su ID. Usuario."),
 *           P_END };
 */
#ifndef ADUANA_PARAMS_H
#define ADUANA_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/limits.h"
#include "http/form.h"

enum param_kind {
	PARAM_TEXT,       /* free text: at most max characters, valid UTF-8, no control
	                     characters (line breaks and tabs too with P_MULTILINE) */
	PARAM_DIGITS,     /* lo..max ASCII digits (blanks around are trimmed) */
	PARAM_INT,        /* a base-10 integer in [lo, hi] */
	PARAM_ONE_OF,     /* exactly one of the strings in one_of */
	PARAM_RUC,        /* a RUC (13 digits) or a cédula (10), by the RUC rules
	                     (domain/ruc.h); spaces and dashes allowed */
	PARAM_DATE,       /* a date: dd/mm/aaaa or aaaa-mm-dd, a real day */
	PARAM_TOKEN,      /* a token of auth/token.h: 64 lowercase hex digits */
	PARAM_KEY,        /* a list position "<number>.<number>" (keyset paging) */
};

enum param_flag {
	P_REQUIRED  = 1u << 0,    /* missing or empty is an error */
	P_MULTILINE = 1u << 1,    /* TEXT: line breaks and tabs allowed */
	P_RAW       = 1u << 2,    /* TEXT: opaque (passwords, return paths): neither trimmed
	                             nor checked for control characters; the length is */
	P_PREFIX    = 1u << 3,    /* TEXT: name is a prefix ("f."): every parameter whose name
	                             starts with it is kept and checked alike, under its own
	                             name; the handler decides which names it knows (the
	                             dispatcher does not refuse one sent twice) */
};

struct param_spec {
	const char *name;
	enum param_kind kind;
	size_t max;                    /* TEXT: characters; DIGITS: digits */
	long long lo, hi;              /* DIGITS: lo = fewest digits; INT: range */
	const char *const *one_of;     /* ONE_OF: NULL-terminated */
	unsigned flags;                /* enum param_flag */
	const char *label;             /* the field's label, for the generic messages (Spanish) */
	const char *missing;           /* the message when required and missing (Spanish);
	                                  default "<label>: ingrese este dato." */
	const char *msg;               /* the message when invalid (Spanish); default: the
	                                  kind's own, which says what is wrong */
};

#define P_TEXT(n, mx, ...)     { .name = (n), .kind = PARAM_TEXT, .max = (mx), __VA_ARGS__ }
#define P_DIGITS(n, a, b, ...) { .name = (n), .kind = PARAM_DIGITS, .lo = (a), .max = (b), __VA_ARGS__ }
#define P_INT(n, a, b, ...)    { .name = (n), .kind = PARAM_INT, .lo = (a), .hi = (b), __VA_ARGS__ }
#define P_ONE_OF(n, list, ...) { .name = (n), .kind = PARAM_ONE_OF, .one_of = (list), __VA_ARGS__ }
#define P_RUC(n, ...)          { .name = (n), .kind = PARAM_RUC, __VA_ARGS__ }
#define P_DATE(n, ...)         { .name = (n), .kind = PARAM_DATE, __VA_ARGS__ }
#define P_TOKEN(n, ...)        { .name = (n), .kind = PARAM_TOKEN, __VA_ARGS__ }
#define P_KEY(n, ...)          { .name = (n), .kind = PARAM_KEY, __VA_ARGS__ }
#define P_END                  { .name = NULL }

struct form_error {
	const char *field;             /* a parameter's name; "" for the form as a whole */
	const char *msg;               /* in the page's language */
};

struct form_errors {
	struct form_error e[LIMIT_FORM_ERRORS];
	size_t n;
};

/* Keeps from in only the parameters specs declares (moving them down in
 * place); -1 when one is given twice. */
int params_filter(const struct param_spec *specs, const struct form *in, struct form *out);
/* Validates every declared parameter of f, adding a message to errs for each
 * invalid one (lang: enum lang of web/i18n.h).  Values of kinds that trim
 * are replaced in f by their trimmed form.  Returns the number of errors. */
size_t params_validate(const struct param_spec *specs, struct form *f, int lang, struct arena *a,
		       struct form_errors *errs);
/* Checks one value against a spec: NULL when valid, else the message (in
 * lang; arena memory or static).  v may be NULL (absent). */
const char *param_check(const struct param_spec *s, const char *v, int lang, struct arena *a);

/* Adds (or, for a field that has one, keeps the first) message. */
void form_errors_add(struct form_errors *errs, const char *field, const char *msg);
/* The message of field, or NULL.  errs may be NULL. */
const char *form_errors_get(const struct form_errors *errs, const char *field);

/* "1234.56" → (1234, 56); -1 when malformed. */
int param_key(const char *v, long long *a, long long *b);

#endif
