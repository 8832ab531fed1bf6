/*
 * cookie.h — reading the Cookie request header and writing Set-Cookie.
 *
 * The parser is strict about size (LIMIT_COOKIE_BYTES, LIMIT_COOKIES) and
 * lenient about form: pairs without '=' are skipped, surrounding spaces and
 * one pair of double quotes around a value are removed.  Views point into the
 * header; nothing is copied.
 */
#ifndef ADUANA_COOKIE_H
#define ADUANA_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

struct cookie {
	struct str name;
	struct str value;
};

/* Splits h[0..n) into at most max cookies; returns the count, or -1 when the
 * header is longer than LIMIT_COOKIE_BYTES or holds more than max cookies. */
int cookie_parse(const char *h, size_t n, struct cookie *out, size_t max);
/* Finds name in the header; 0 and *value when found, -1 when absent or the
 * header is malformed. */
int cookie_get(const char *h, const char *name, struct str *value);

struct cookie_opts {
	bool http_only;
	bool secure;
	const char *same_site;   /* "Lax", "Strict" */
	long max_age;            /* seconds; 0 = session cookie; <0 = delete */
};
/* Writes a Set-Cookie header value for name=value (value must be a token:
 * letters, digits, '-', '_' — callers only set tokens they generated). */
void cookie_format(struct buf *b, const char *name, const char *value,
		   const struct cookie_opts *o);

#endif
