/*
 * fuzz_cookie.c — libFuzzer target for src/http/cookie.c.
 *
 * cookie_parse gets the bytes exactly as sized by libFuzzer (no terminator:
 * AddressSanitizer catches any read past them); cookie_get, which takes a C
 * string, gets a NUL-terminated copy.  The target aborts when:
 *   - a header over LIMIT_COOKIE_BYTES is not refused, or the count is not
 *     -1 or 0..LIMIT_COOKIES;
 *   - a view lies outside the input, a name is empty, holds ';' or '=' or
 *     starts or ends with a blank, a value holds ';', or cookies come out of
 *     order;
 *   - the count differs from an independent count of the pairs (a ';'-piece
 *     with '=' and a non-blank name), or -1 is returned for a header within
 *     both limits;
 *   - cookie_get does not find, as the very same view, the first cookie of
 *     each name in the string, or finds anything in a refused header.
 *
 * Seeds: fuzz/corpus/cookie/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

static int inside(const char *h, size_t n, struct str v)
{
	return v.p >= h && v.p <= h + n && v.n <= (size_t)(h + n - v.p);
}

/* Counts the pairs the parser must return, independently of it. */
static size_t ref_count(const char *h, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		size_t end = i, eq;

		while (end < n && h[end] != ';')
			end++;
		for (eq = i; eq < end && h[eq] != '='; eq++)
			;
		if (eq < end) {
			size_t a = i, b = eq;

			while (a < b && blank(h[a]))
				a++;
			while (b > a && blank(h[b - 1]))
				b--;
			if (b > a)
				count++;
		}
		i = end + 1;
	}
	return count;
}

static void check_cookies(const char *h, size_t n, const struct cookie *c, int count)
{
	for (int i = 0; i < count; i++) {
		const struct str nm = c[i].name, v = c[i].value;

		require(inside(h, n, nm) && inside(h, n, v));
		require(nm.n > 0);
		require(!blank(nm.p[0]) && !blank(nm.p[nm.n - 1]));
		require(memchr(nm.p, ';', nm.n) == NULL && memchr(nm.p, '=', nm.n) == NULL);
		require(memchr(v.p, ';', v.n) == NULL);
		require(v.p >= nm.p + nm.n);   /* the value follows its name */
		if (i > 0)   /* in order, without overlap */
			require(nm.p >= c[i - 1].value.p + c[i - 1].value.n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *h = (const char *)data;
	struct cookie c[LIMIT_COOKIES], c2[LIMIT_COOKIES];
	char *copy, name[LIMIT_COOKIE_BYTES + 1];
	struct str v;
	size_t want, len;
	int n, m;

	n = cookie_parse(h, size, c, LIMIT_COOKIES);
	require(n >= -1 && n <= LIMIT_COOKIES);
	want = ref_count(h, size);
	if (size > LIMIT_COOKIE_BYTES)
		require(n == -1);
	else if (want > LIMIT_COOKIES)
		require(n == -1);
	else
		require(n == (int)want);
	if (n > 0)
		check_cookies(h, size, c, n);

	/* A smaller max is honoured the same way. */
	m = cookie_parse(h, size, c2, 2);
	require(m == (n >= 0 && n <= 2 ? n : -1));

	/* cookie_get on a C string: the part before the first NUL. */
	copy = malloc(size + 1);
	require(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	copy[size] = '\0';
	len = strlen(copy);
	m = cookie_parse(copy, len, c2, LIMIT_COOKIES);
	if (m < 0) {
		/* A refused header gives nothing, not even its first cookie. */
		require(cookie_get(copy, "sid", &v) == -1);
		if (len <= LIMIT_COOKIE_BYTES) {
			/* Too many cookies: parse with room for all to learn the
			 * first name, which cookie_get must still not return. */
			static struct cookie all[LIMIT_COOKIE_BYTES / 2 + 1];
			int k = cookie_parse(copy, len, all, sizeof(all) / sizeof(all[0]));
			require(k > LIMIT_COOKIES);
			memcpy(name, all[0].name.p, all[0].name.n);
			name[all[0].name.n] = '\0';
			require(cookie_get(copy, name, &v) == -1);
		}
	} else {
		check_cookies(copy, len, c2, m);
		for (int i = 0; i < m; i++) {
			int first = i;

			memcpy(name, c2[i].name.p, c2[i].name.n);
			name[c2[i].name.n] = '\0';
			for (int j = 0; j < i; j++) {
				if (str_eq(c2[j].name, c2[i].name)) {
					first = j;
					break;
				}
			}
			v.p = NULL;
			v.n = 0;
			require(cookie_get(copy, name, &v) == 0);
			require(v.p == c2[first].value.p && v.n == c2[first].value.n);
			require(inside(copy, len, v));
		}
		/* A name that cannot be in the header is not found. */
		if (memchr(copy, '\x01', len) == NULL)
			require(cookie_get(copy, "\x01", &v) == -1);
	}
	free(copy);
	return 0;
}
