/*
 * test_str.c — unit tests of src/core/str.c: views, the one number parser and
 * the UTF-8 check.
 *
 * str_to_ll has strtonum semantics: the whole view must be a base-10 number
 * within [min, max]; anything else (empty, a sign alone, junk, spaces,
 * overflow, out of range) is -1 and leaves *out alone.  utf8_valid accepts
 * exactly well-formed UTF-8 without NUL: no overlongs, no surrogates, nothing
 * past U+10FFFF, no truncated sequences.  str_lcpy returns strlen(src) so
 * truncation is detectable.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <string.h>

#include "core/str.h"

static struct str S(const char *s)
{
	return str_from(s);
}

/* Parses s in [min, max]; asserts success with value want. */
static void expect_ll(const char *s, long long min, long long max, long long want)
{
	long long v = 12345;
	int rc = str_to_ll(S(s), min, max, &v);

	cr_assert_eq(rc, 0, "\"%s\" refused", s);
	cr_assert_eq(v, want, "\"%s\" gave %lld, want %lld", s, v, want);
}

/* Asserts that s is refused and *out untouched. */
static void expect_ll_bad(const char *s, long long min, long long max)
{
	long long v = 12345;
	int rc = str_to_ll(S(s), min, max, &v);

	cr_assert_eq(rc, -1, "\"%s\" accepted as %lld", s, v);
	cr_assert_eq(v, 12345, "\"%s\": *out written on failure", s);
}

static void expect_utf8(const char *s, size_t n, bool want)
{
	cr_assert_eq(utf8_valid(s, n), want, "utf8_valid(%zu bytes starting %02x) != %d", n,
		     n ? (unsigned char)s[0] : 0, (int)want);
}

#define U(lit, want) expect_utf8((lit), sizeof(lit) - 1, (want))

/* ---- str_to_ll --------------------------------------------------------- */

Test(str_to_ll, plain_numbers)
{
	expect_ll("0", LLONG_MIN, LLONG_MAX, 0);
	expect_ll("7", LLONG_MIN, LLONG_MAX, 7);
	expect_ll("123456", LLONG_MIN, LLONG_MAX, 123456);
	expect_ll("-42", LLONG_MIN, LLONG_MAX, -42);
	expect_ll("+42", LLONG_MIN, LLONG_MAX, 42);
	expect_ll("007", LLONG_MIN, LLONG_MAX, 7);
	expect_ll("-0", LLONG_MIN, LLONG_MAX, 0);
	expect_ll("00000000000000000000000000000000001", LLONG_MIN, LLONG_MAX, 1);
}

Test(str_to_ll, empty_and_sign_only)
{
	expect_ll_bad("", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("-", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("+", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("--1", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("+-1", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("-+1", LLONG_MIN, LLONG_MAX);
}

Test(str_to_ll, junk_refused)
{
	expect_ll_bad("12a", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("a12", LLONG_MIN, LLONG_MAX);
	expect_ll_bad(" 12", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("12 ", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("1 2", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("0x10", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("1e3", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("1.0", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("1,000", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("\t5", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("5\n", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("٣", LLONG_MIN, LLONG_MAX);   /* Arabic-Indic digit three */
}

Test(str_to_ll, embedded_nul_refused)
{
	long long v = 9;

	cr_assert_eq(str_to_ll((struct str){ "1\0002", 3 }, LLONG_MIN, LLONG_MAX, &v), -1);
	cr_assert_eq(v, 9);
}

Test(str_to_ll, view_need_not_be_terminated)
{
	long long v = 0;

	cr_assert_eq(str_to_ll((struct str){ "123456", 3 }, 0, 1000, &v), 0);
	cr_assert_eq(v, 123);
}

Test(str_to_ll, llong_limits)
{
	expect_ll("9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX);
	expect_ll("+9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX);
	expect_ll("-9223372036854775807", LLONG_MIN, LLONG_MAX, -LLONG_MAX);
	expect_ll("-9223372036854775808", LLONG_MIN, LLONG_MAX, LLONG_MIN);
	expect_ll("0009223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX);
}

Test(str_to_ll, overflow_refused)
{
	expect_ll_bad("9223372036854775808", LLONG_MIN, LLONG_MAX);    /* LLONG_MAX + 1 */
	expect_ll_bad("9223372036854775809", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("9223372036854775810", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("-9223372036854775809", LLONG_MIN, LLONG_MAX);   /* LLONG_MIN - 1 */
	expect_ll_bad("18446744073709551615", LLONG_MIN, LLONG_MAX);   /* ULLONG_MAX */
	expect_ll_bad("18446744073709551616", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("99999999999999999999999999999", LLONG_MIN, LLONG_MAX);
	expect_ll_bad("-99999999999999999999999999999", LLONG_MIN, LLONG_MAX);
}

Test(str_to_ll, bounds_inclusive)
{
	expect_ll("0", 0, 9, 0);
	expect_ll("9", 0, 9, 9);
	expect_ll_bad("10", 0, 9);
	expect_ll_bad("-1", 0, 9);
	expect_ll("65535", 0, 65535, 65535);
	expect_ll_bad("65536", 0, 65535);
	expect_ll("-5", -5, -1, -5);
	expect_ll_bad("-6", -5, -1);
	expect_ll_bad("0", -5, -1);
	expect_ll("3", 3, 3, 3);
	expect_ll_bad("2", 3, 3);
	expect_ll_bad("-9223372036854775808", LLONG_MIN + 1, LLONG_MAX);
	expect_ll_bad("9223372036854775807", LLONG_MIN, LLONG_MAX - 1);
}

/* ---- utf8_valid -------------------------------------------------------- */

Test(utf8, ascii_and_empty)
{
	expect_utf8("", 0, true);
	expect_utf8(NULL, 0, true);
	U("hello, world ~\x7f", true);
	U("\x01", true);
}

Test(utf8, nul_refused)
{
	U("\0", false);
	U("ab\0cd", false);
	U("ñ\0", false);
}

Test(utf8, two_byte)
{
	U("\xc2\x80", true);        /* U+0080, smallest 2-byte */
	U("\xc3\xb1", true);        /* ñ */
	U("\xdf\xbf", true);        /* U+07FF, largest 2-byte */
	U("\xc0\x80", false);       /* overlong NUL */
	U("\xc0\xaf", false);       /* overlong '/' */
	U("\xc1\xbf", false);       /* overlong U+007F */
	U("\xc3", false);           /* truncated */
	U("\xc3" "A", false);       /* continuation is not one */
	U("\xc3\xc3", false);
}

Test(utf8, three_byte)
{
	U("\xe0\xa0\x80", true);    /* U+0800, smallest 3-byte */
	U("\xe2\x82\xac", true);    /* € */
	U("\xed\x9f\xbf", true);    /* U+D7FF, just below the surrogates */
	U("\xee\x80\x80", true);    /* U+E000, just above */
	U("\xef\xbf\xbf", true);    /* U+FFFF */
	U("\xe0\x80\x80", false);   /* overlong NUL */
	U("\xe0\x9f\xbf", false);   /* overlong U+07FF */
	U("\xe2\x82", false);       /* truncated */
	U("\xe2", false);
	U("\xe2\x82" "A", false);
}

Test(utf8, surrogates_refused)
{
	U("\xed\xa0\x80", false);   /* U+D800 */
	U("\xed\xaf\xbf", false);   /* U+DBFF */
	U("\xed\xb0\x80", false);   /* U+DC00 */
	U("\xed\xbf\xbf", false);   /* U+DFFF */
	U("\xed\xa0\xbd\xed\xb8\x80", false);   /* CESU-8 pair for U+1F600 */
}

Test(utf8, four_byte)
{
	U("\xf0\x90\x80\x80", true);   /* U+10000, smallest 4-byte */
	U("\xf0\x9f\x98\x80", true);   /* 😀 */
	U("\xf4\x8f\xbf\xbf", true);   /* U+10FFFF, the largest code point */
	U("\xf4\x90\x80\x80", false);  /* U+110000 */
	U("\xf0\x80\x80\x80", false);  /* overlong NUL */
	U("\xf0\x8f\xbf\xbf", false);  /* overlong U+FFFF */
	U("\xf5\x80\x80\x80", false);
	U("\xf7\xbf\xbf\xbf", false);
	U("\xf0\x9f\x98", false);      /* truncated */
	U("\xf0\x9f", false);
	U("\xf0", false);
}

Test(utf8, stray_bytes_refused)
{
	U("\x80", false);              /* lone continuation */
	U("a\xbf", false);
	U("\xf8\x88\x80\x80\x80", false);   /* old 5-byte form */
	U("\xfc\x84\x80\x80\x80\x80", false);
	U("\xfe", false);
	U("\xff", false);
}

Test(utf8, truncation_judged_by_n_not_nul)
{
	/* "ñ" cut after its first byte by n, although more bytes follow in memory. */
	expect_utf8("\xc3\xb1", 1, false);
	expect_utf8("\xe2\x82\xac", 2, false);
	expect_utf8("ab\xc3\xb1", 4, true);
}

Test(utf8, mixed_text)
{
	U("Contraseña — «Página» 😀 ok", true);
	U("Contraseña \xff", false);
}

Test(utf8, len_counts_code_points)
{
	cr_assert_eq(utf8_len("", 0), 0);
	cr_assert_eq(utf8_len("abc", 3), 3);
	cr_assert_eq(utf8_len("ñandú", strlen("ñandú")), 5);
	cr_assert_eq(utf8_len("€😀", strlen("€😀")), 2);
}

/* ---- views ------------------------------------------------------------- */

Test(str, from_and_eq)
{
	struct str e = str_from(NULL);

	cr_assert_eq(e.n, 0);
	cr_assert_not_null(e.p);
	cr_assert(str_eq(e, S("")));
	cr_assert(str_eq(S("abc"), (struct str){ "abcdef", 3 }));
	cr_assert_not(str_eq(S("abc"), S("abd")));
	cr_assert_not(str_eq(S("abc"), S("ab")));
	cr_assert(str_eq_cstr((struct str){ "abcdef", 2 }, "ab"));
	cr_assert_not(str_eq_cstr((struct str){ "abcdef", 2 }, "abc"));
	cr_assert(str_eq_cstr(STR_LIT("x"), "x"));
}

Test(str, starts_and_ieq)
{
	cr_assert(str_starts(S("/static/app.css"), "/static/"));
	cr_assert(str_starts(S("abc"), ""));
	cr_assert_not(str_starts(S("/stat"), "/static/"));
	cr_assert(str_ieq_cstr(S("Content-Type"), "content-type"));
	cr_assert(str_ieq_cstr(S("GET"), "get"));
	cr_assert_not(str_ieq_cstr(S("GETX"), "get"));
	cr_assert_not(str_ieq_cstr(S("GE"), "get"));
	/* Only ASCII folds. */
	cr_assert_not(str_ieq_cstr(S("Ñ"), "ñ"));
}

Test(str, trim)
{
	struct str t;

	t = str_trim(S("  \t a b \t "));
	cr_assert(str_eq_cstr(t, "a b"));
	t = str_trim(S("   "));
	cr_assert_eq(t.n, 0);
	t = str_trim(S(""));
	cr_assert_eq(t.n, 0);
	t = str_trim(S("x"));
	cr_assert(str_eq_cstr(t, "x"));
	/* Only spaces and tabs. */
	t = str_trim(S("\nx\r"));
	cr_assert(str_eq_cstr(t, "\nx\r"));
}

Test(str, cut_found)
{
	struct str head, rest;

	rest = str_cut(S("name=value=more"), '=', &head);
	cr_assert(str_eq_cstr(head, "name"));
	cr_assert(str_eq_cstr(rest, "value=more"));
	cr_assert_not_null(rest.p);

	rest = str_cut(S("=v"), '=', &head);
	cr_assert_eq(head.n, 0);
	cr_assert(str_eq_cstr(rest, "v"));

	/* c at the end: the rest is empty but present (p != NULL). */
	rest = str_cut(S("k="), '=', &head);
	cr_assert(str_eq_cstr(head, "k"));
	cr_assert_not_null(rest.p);
	cr_assert_eq(rest.n, 0);
}

Test(str, cut_absent)
{
	struct str head, rest;
	struct str s = S("novalue");

	rest = str_cut(s, '=', &head);
	cr_assert_null(rest.p);
	cr_assert_eq(rest.n, 0);
	cr_assert_eq(head.p, s.p);
	cr_assert_eq(head.n, s.n);

	rest = str_cut(S(""), '=', &head);
	cr_assert_null(rest.p);
	cr_assert_eq(head.n, 0);
}

Test(str, cut_respects_the_view_length)
{
	struct str head, rest;

	/* The '=' lies past the view: not found. */
	rest = str_cut((struct str){ "abc=d", 3 }, '=', &head);
	cr_assert_null(rest.p);
	cr_assert(str_eq_cstr(head, "abc"));
}

/* ---- str_lcpy ---------------------------------------------------------- */

Test(str_lcpy, fits)
{
	char d[8];

	cr_assert_eq(str_lcpy(d, "abc", sizeof(d)), 3);
	cr_assert_str_eq(d, "abc");
	cr_assert_eq(str_lcpy(d, "", sizeof(d)), 0);
	cr_assert_str_eq(d, "");
	/* Exactly sizeof - 1 characters: no truncation. */
	cr_assert_eq(str_lcpy(d, "1234567", sizeof(d)), 7);
	cr_assert_str_eq(d, "1234567");
}

Test(str_lcpy, truncates_and_reports)
{
	char d[8];
	size_t r;

	r = str_lcpy(d, "12345678", sizeof(d));
	cr_assert_eq(r, 8);
	cr_assert_geq(r, sizeof(d), "truncation must be detectable");
	cr_assert_str_eq(d, "1234567");
	r = str_lcpy(d, "a much longer string than the buffer", sizeof(d));
	cr_assert_eq(r, strlen("a much longer string than the buffer"));
	cr_assert_str_eq(d, "a much ");
}

Test(str_lcpy, size_one_and_zero)
{
	char d[2] = { 'x', 'y' };

	cr_assert_eq(str_lcpy(d, "abc", 1), 3);
	cr_assert_eq(d[0], '\0');
	cr_assert_eq(d[1], 'y');
	d[0] = 'q';
	cr_assert_eq(str_lcpy(d, "abc", 0), 3);
	cr_assert_eq(d[0], 'q', "size 0 must not write");
}
