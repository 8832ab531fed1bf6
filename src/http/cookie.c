/*
 * cookie.c — see cookie.h.
 */
#include "http/cookie.h"

#include <string.h>

#include "core/limits.h"

int cookie_parse(const char *h, size_t n, struct cookie *out, size_t max)
{
	struct str rest = { h, n };
	size_t count = 0;

	if (n > LIMIT_COOKIE_BYTES)
		return -1;
	while (rest.p != NULL && rest.n > 0) {
		struct str pair, name, value;

		rest = str_cut(rest, ';', &pair);
		value = str_cut(pair, '=', &name);
		if (value.p == NULL)
			continue;
		name = str_trim(name);
		value = str_trim(value);
		if (name.n == 0)
			continue;
		if (value.n >= 2 && value.p[0] == '"' && value.p[value.n - 1] == '"') {
			value.p++;
			value.n -= 2;
		}
		if (count == max)
			return -1;
		out[count].name = name;
		out[count].value = value;
		count++;
	}
	return (int)count;
}

int cookie_get(const char *h, const char *name, struct str *value)
{
	struct cookie c[LIMIT_COOKIES];
	int n;

	if (h == NULL)
		return -1;
	n = cookie_parse(h, strlen(h), c, LIMIT_COOKIES);
	for (int i = 0; i < n; i++) {
		if (str_eq_cstr(c[i].name, name)) {
			*value = c[i].value;
			return 0;
		}
	}
	return -1;
}

void cookie_format(struct buf *b, const char *name, const char *value,
		   const struct cookie_opts *o)
{
	buf_printf(b, "%s=%s; Path=/", name, o->max_age < 0 ? "" : value);
	if (o->max_age < 0)
		buf_put_str(b, "; Max-Age=0");
	else if (o->max_age > 0)
		buf_printf(b, "; Max-Age=%ld", o->max_age);
	if (o->http_only)
		buf_put_str(b, "; HttpOnly");
	if (o->secure)
		buf_put_str(b, "; Secure");
	if (o->same_site)
		buf_printf(b, "; SameSite=%s", o->same_site);
}
