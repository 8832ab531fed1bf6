/*
 * form.h — application/x-www-form-urlencoded parsing (bodies and query strings).
 *
 * Input is a byte view; output lives in the caller's arena.  Every limit of
 * core/limits.h applies: too many fields, a name or value too long, a bad
 * %-escape, or a decoded value that is not UTF-8 (or holds a NUL) makes the
 * whole parse fail, so a handler never sees a silently shortened value.
 */
#ifndef ADUANA_FORM_H
#define ADUANA_FORM_H

#include <stddef.h>

#include "core/arena.h"

enum form_err {
	FORM_OK = 0,
	FORM_ERR_TOO_MANY = -1,   /* more than LIMIT_FORM_FIELDS pairs (or the caller's cap) */
	FORM_ERR_TOO_LONG = -2,   /* a name or value past its limit */
	FORM_ERR_ENCODING = -3,   /* a % not followed by two hex digits */
	FORM_ERR_UTF8 = -4,       /* decoded bytes not valid UTF-8, or a NUL */
	FORM_ERR_NOMEM = -5,      /* the arena is full */
};

struct form_field {
	const char *name;   /* decoded, NUL-terminated; owned by the arena */
	const char *value;  /* decoded, NUL-terminated; owned by the arena */
	size_t len;         /* bytes in value */
};

struct form {
	struct form_field *fields;  /* owned by the arena */
	size_t n;
};

/* Parses s[0..n); 0 (FORM_OK) or an enum form_err.  On failure *out is empty. */
int form_parse(struct arena *a, const char *s, size_t n, struct form *out);
/* The same with at most max_fields pairs instead of LIMIT_FORM_FIELDS. */
int form_parse_max(struct arena *a, const char *s, size_t n, size_t max_fields, struct form *out);
/* The first value named name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* Decodes %XX and '+' of s[0..n) into dst (room for n+1); returns the decoded
 * length or -1 on a bad escape.  dst is NUL-terminated. */
long form_decode(const char *s, size_t n, char *dst);

#endif
