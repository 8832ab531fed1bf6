/*
 * Helpers for the template unit tests: a NUL-terminated copy of a rendered
 * buffer, and expected HTML built the way the runtime builds it. Header-only
 * and for tests only; every returned string is malloc'd and the caller frees
 * it. An allocation failure aborts the test.
 */
#ifndef TMPL_SUPPORT_H
#define TMPL_SUPPORT_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "web/tmpl_rt.h"

static inline char *tmpl_test_alloc(size_t n)
{
	char *p = malloc(n);

	if (p == NULL)
		abort();
	return p;
}

/* The content of b, which need not be NUL-terminated, as a C string. */
static inline char *tmpl_test_str(const struct buf *b)
{
	char *s = tmpl_test_alloc(b->len + 1);

	if (b->len > 0)
		memcpy(s, b->data, b->len);
	s[b->len] = '\0';
	return s;
}

/* s escaped as buf_put_html() escapes: & < > " ' only. */
static inline char *tmpl_test_escape(const char *s)
{
	char *r = tmpl_test_alloc(strlen(s) * 6 + 1), *p = r;

	for (; *s; s++) {
		const char *e = NULL;

		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: *p++ = *s; continue;
		}
		memcpy(p, e, strlen(e));
		p += strlen(e);
	}
	*p = '\0';
	return r;
}

/* The concatenation of its arguments, a list ended by NULL. */
static inline char *tmpl_test_cat(const char *first, ...)
{
	va_list ap;
	size_t n = 0;
	char *r, *p;

	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
		n += strlen(s);
	va_end(ap);
	r = p = tmpl_test_alloc(n + 1);
	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
		memcpy(p, s, strlen(s));
		p += strlen(s);
	}
	va_end(ap);
	*p = '\0';
	return r;
}

#endif
