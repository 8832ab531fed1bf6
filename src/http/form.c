/*
 * form.c — see form.h.
 */
#include "http/form.h"

#include <string.h>

#include "core/limits.h"
#include "core/str.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long form_decode(const char *s, size_t n, char *dst)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			dst[o++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			dst[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dst[o++] = s[i];
		}
	}
	dst[o] = '\0';
	return (long)o;
}

/* Decodes one part into the arena, checking length and UTF-8. */
static int decode_part(struct arena *a, struct str in, size_t max, const char **out, size_t *len)
{
	char *d;
	long n;

	/* A value decodes to at most its encoded length and at least a third of it. */
	if (in.n / 3 > max)
		return FORM_ERR_TOO_LONG;
	d = arena_alloc(a, in.n + 1);
	if (d == NULL)
		return FORM_ERR_NOMEM;
	n = form_decode(in.p, in.n, d);
	if (n < 0)
		return FORM_ERR_ENCODING;
	if ((size_t)n > max)
		return FORM_ERR_TOO_LONG;
	if (!utf8_valid(d, (size_t)n))
		return FORM_ERR_UTF8;
	*out = d;
	*len = (size_t)n;
	return FORM_OK;
}

int form_parse(struct arena *a, const char *s, size_t n, struct form *out)
{
	return form_parse_max(a, s, n, LIMIT_FORM_FIELDS, out);
}

int form_parse_max(struct arena *a, const char *s, size_t n, size_t max_fields, struct form *out)
{
	struct str rest = { s, n };
	struct form_field *fields;
	size_t count = 0;
	int rc;

	out->fields = NULL;
	out->n = 0;
	fields = arena_alloc(a, max_fields * sizeof(*fields));
	if (fields == NULL)
		return FORM_ERR_NOMEM;
	while (rest.p != NULL && rest.n > 0) {
		struct str pair, name, value;
		size_t nlen;

		rest = str_cut(rest, '&', &pair);
		if (pair.n == 0)
			continue;
		value = str_cut(pair, '=', &name);
		if (count == max_fields)
			return FORM_ERR_TOO_MANY;
		rc = decode_part(a, name, LIMIT_FIELD_NAME_BYTES, &fields[count].name, &nlen);
		if (rc)
			return rc;
		if (value.p == NULL)
			value = (struct str){ "", 0 };
		rc = decode_part(a, value, LIMIT_FIELD_BYTES, &fields[count].value, &fields[count].len);
		if (rc)
			return rc;
		count++;
	}
	out->fields = fields;
	out->n = count;
	return FORM_OK;
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}
