/*
 * test_cookie.c — unit tests of src/http/cookie.c.
 *
 * Parsing is strict about size (the whole header at most LIMIT_COOKIE_BYTES,
 * at most max cookies, -1 past either) and lenient about form (spaces around
 * names and values trimmed, one pair of quotes removed, pairs without '=' or
 * without a name skipped).  Views point into the header.  cookie_format
 * writes the exact Set-Cookie values the server sends: a session cookie has
 * no Max-Age, a deletion is an empty value with Max-Age=0.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/limits.h"
#include "http/cookie.h"

static int parse(const char *h, struct cookie *c, size_t max)
{
	return cookie_parse(h, strlen(h), c, max);
}

static void expect_cookie(const struct cookie *c, const char *name, const char *value)
{
	cr_assert(str_eq_cstr(c->name, name), "name \"%.*s\", want \"%s\"", (int)c->name.n,
		  c->name.p, name);
	cr_assert(str_eq_cstr(c->value, value), "value \"%.*s\", want \"%s\"", (int)c->value.n,
		  c->value.p, value);
}

/* Asserts that every view of c[0..n) lies inside h[0..len). */
static void expect_inside(const char *h, size_t len, const struct cookie *c, int n)
{
	for (int i = 0; i < n; i++) {
		cr_assert(c[i].name.p >= h && c[i].name.p + c[i].name.n <= h + len);
		cr_assert(c[i].value.p >= h && c[i].value.p + c[i].value.n <= h + len);
	}
}

/* A malloc'ed header of n cookies "cI=v" joined by "; ". */
static char *n_cookies(size_t n)
{
	char *s = malloc(n * 16 + 1);
	size_t o = 0;

	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, 16, "%sc%zu=v", i ? "; " : "", i);
	s[o] = '\0';
	return s;
}

static void expect_format(const char *name, const char *value, struct cookie_opts o,
			  const char *want)
{
	struct buf b;

	buf_init(&b, 1024);
	cookie_format(&b, name, value, &o);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_not_null(b.data);
	cr_assert_str_eq(b.data, want);
	buf_free(&b);
}

/* ---- parsing ----------------------------------------------------------- */

Test(cookie_parse, pairs)
{
	static const char h[] = "sid=abc123; lang=en;theme=dark";
	struct cookie c[8];
	int n = parse(h, c, 8);

	cr_assert_eq(n, 3);
	expect_cookie(&c[0], "sid", "abc123");
	expect_cookie(&c[1], "lang", "en");
	expect_cookie(&c[2], "theme", "dark");
	expect_inside(h, strlen(h), c, n);
}

Test(cookie_parse, empty_header)
{
	struct cookie c[4];

	cr_assert_eq(parse("", c, 4), 0);
	cr_assert_eq(parse(";;; ;", c, 4), 0);
	cr_assert_eq(parse("   ", c, 4), 0);
}

Test(cookie_parse, spaces_trimmed)
{
	struct cookie c[4];
	int n = parse("  a =  1  ;\tb\t=\t2\t;c= ", c, 4);

	cr_assert_eq(n, 3);
	expect_cookie(&c[0], "a", "1");
	expect_cookie(&c[1], "b", "2");
	expect_cookie(&c[2], "c", "");
}

Test(cookie_parse, quotes_removed_once)
{
	struct cookie c[8];
	int n = parse("a=\"xyz\"; b=\"\"; c=\"; d=\"\"q\"\"; e=\"half; f= \"sp\" ", c, 8);

	cr_assert_eq(n, 6);
	expect_cookie(&c[0], "a", "xyz");
	expect_cookie(&c[1], "b", "");
	expect_cookie(&c[2], "c", "\"");         /* a lone quote stays */
	expect_cookie(&c[3], "d", "\"q\"");      /* only one pair removed */
	expect_cookie(&c[4], "e", "\"half");
	expect_cookie(&c[5], "f", "sp");
}

Test(cookie_parse, no_equals_skipped)
{
	struct cookie c[8];
	int n = parse("junk; a=1; ; =novalue; = ; b=2; flag", c, 8);

	cr_assert_eq(n, 2);
	expect_cookie(&c[0], "a", "1");
	expect_cookie(&c[1], "b", "2");
}

Test(cookie_parse, value_keeps_later_equals)
{
	struct cookie c[2];

	cr_assert_eq(parse("tok=a=b==", c, 2), 1);
	expect_cookie(&c[0], "tok", "a=b==");
}

Test(cookie_parse, header_not_terminated)
{
	static const char h[] = "a=1; b=2; c=3";
	struct cookie c[4];
	int n = cookie_parse(h, 8, c, 4);   /* "a=1; b=2" */

	cr_assert_eq(n, 2);
	expect_cookie(&c[1], "b", "2");
	expect_inside(h, 8, c, n);
}

Test(cookie_parse, count_limit)
{
	struct cookie c[LIMIT_COOKIES + 1];
	char *h;

	h = n_cookies(LIMIT_COOKIES);
	cr_assert_lt(strlen(h), LIMIT_COOKIE_BYTES);
	cr_assert_eq(parse(h, c, LIMIT_COOKIES), LIMIT_COOKIES);
	expect_cookie(&c[LIMIT_COOKIES - 1], "c31", "v");
	free(h);

	h = n_cookies(LIMIT_COOKIES + 1);
	cr_assert_eq(parse(h, c, LIMIT_COOKIES), -1, "one cookie too many");
	free(h);

	/* max is the caller's array size. */
	cr_assert_eq(parse("a=1; b=2; c=3", c, 2), -1);
	cr_assert_eq(parse("a=1; b=2", c, 2), 2);
	cr_assert_eq(parse("a=1; junk; b=2", c, 2), 2, "skipped pairs do not count");
}

Test(cookie_parse, byte_limit)
{
	struct cookie c[4];
	char *h = malloc(LIMIT_COOKIE_BYTES + 2);

	cr_assert_not_null(h);
	/* "a=" then filler up to exactly LIMIT_COOKIE_BYTES. */
	memset(h, 'x', LIMIT_COOKIE_BYTES + 1);
	h[0] = 'a';
	h[1] = '=';
	h[LIMIT_COOKIE_BYTES] = '\0';
	cr_assert_eq(cookie_parse(h, LIMIT_COOKIE_BYTES, c, 4), 1);
	cr_assert_eq(c[0].value.n, LIMIT_COOKIE_BYTES - 2);
	h[LIMIT_COOKIE_BYTES] = 'x';
	h[LIMIT_COOKIE_BYTES + 1] = '\0';
	cr_assert_eq(cookie_parse(h, LIMIT_COOKIE_BYTES + 1, c, 4), -1);
	free(h);
}

/* ---- cookie_get -------------------------------------------------------- */

Test(cookie_get, found_and_absent)
{
	struct str v = { NULL, 0 };
	static const char h[] = "lang=es; sid=0123abcd; x=\"q\"";

	cr_assert_eq(cookie_get(h, "sid", &v), 0);
	cr_assert(str_eq_cstr(v, "0123abcd"));
	cr_assert(v.p >= h && v.p + v.n <= h + sizeof(h) - 1, "view lies in the header");
	cr_assert_eq(cookie_get(h, "x", &v), 0);
	cr_assert(str_eq_cstr(v, "q"));
	cr_assert_eq(cookie_get(h, "nope", &v), -1);
	cr_assert_eq(cookie_get(h, "si", &v), -1, "no prefix match");
	cr_assert_eq(cookie_get(h, "sidx", &v), -1);
	cr_assert_eq(cookie_get(h, "SID", &v), -1, "names are case-sensitive");
}

Test(cookie_get, null_and_empty_header)
{
	struct str v;

	cr_assert_eq(cookie_get(NULL, "sid", &v), -1);
	cr_assert_eq(cookie_get("", "sid", &v), -1);
	cr_assert_eq(cookie_get("sid", "sid", &v), -1, "a name without '=' is no cookie");
}

Test(cookie_get, first_of_duplicates)
{
	struct str v;

	cr_assert_eq(cookie_get("sid=first; sid=second", "sid", &v), 0);
	cr_assert(str_eq_cstr(v, "first"));
}

Test(cookie_get, empty_value)
{
	struct str v = { "x", 1 };

	cr_assert_eq(cookie_get("sid=; a=1", "sid", &v), 0);
	cr_assert_eq(v.n, 0);
}

Test(cookie_get, malformed_headers_refused)
{
	struct str v;
	char *h = n_cookies(LIMIT_COOKIES + 1);

	/* c0 is the first cookie, but the header as a whole is refused. */
	cr_assert_eq(cookie_get(h, "c0", &v), -1);
	free(h);

	h = malloc(LIMIT_COOKIE_BYTES + 2);
	cr_assert_not_null(h);
	memset(h, 'x', LIMIT_COOKIE_BYTES + 1);
	memcpy(h, "sid=1;", 6);
	h[LIMIT_COOKIE_BYTES + 1] = '\0';
	cr_assert_eq(cookie_get(h, "sid", &v), -1, "header past LIMIT_COOKIE_BYTES");
	h[LIMIT_COOKIE_BYTES] = '\0';
	cr_assert_eq(cookie_get(h, "sid", &v), 0, "exactly LIMIT_COOKIE_BYTES is fine");
	free(h);
}

/* ---- cookie_format ----------------------------------------------------- */

Test(cookie_format, session_cookie)
{
	struct cookie_opts o = { .http_only = true, .secure = false, .same_site = "Lax", .max_age = 0 };

	expect_format("sid", "abc", o, "sid=abc; Path=/; HttpOnly; SameSite=Lax");
}

Test(cookie_format, secure_strict_max_age)
{
	struct cookie_opts o = { .http_only = true, .secure = true, .same_site = "Strict",
				 .max_age = 3600 };

	expect_format("sid", "abc", o, "sid=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
}

Test(cookie_format, delete)
{
	struct cookie_opts o = { .http_only = true, .secure = true, .same_site = "Lax", .max_age = -1 };

	/* The value is dropped: a deletion never re-sends the token. */
	expect_format("sid", "secret", o, "sid=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
}

Test(cookie_format, no_flags)
{
	struct cookie_opts o = { .http_only = false, .secure = false, .same_site = NULL, .max_age = 0 };

	expect_format("lang", "en", o, "lang=en; Path=/");
}

Test(cookie_format, appends_after_existing_text)
{
	struct cookie_opts o = { .http_only = true, .same_site = "Lax" };
	struct buf b;

	buf_init(&b, 1024);
	buf_put_str(&b, "X: ");
	cookie_format(&b, "a", "b", &o);
	cr_assert_str_eq(b.data, "X: a=b; Path=/; HttpOnly; SameSite=Lax");
	buf_free(&b);
}

Test(cookie_format, respects_the_buffer_cap)
{
	struct cookie_opts o = { .http_only = true, .secure = true, .same_site = "Strict",
				 .max_age = 60 };
	struct buf b;

	buf_init(&b, 20);
	cookie_format(&b, "sid", "0123456789abcdef", &o);
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_leq(b.len, 20);
	buf_free(&b);
}
