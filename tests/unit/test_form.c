/*
 * test_form.c — unit tests of src/http/form.c, urlencoded bodies and queries.
 *
 * What handlers rely on: '+' is a space and %XX a byte; empty pairs are
 * skipped, a pair without '=' has an empty value, and form_get returns the
 * first of duplicate names.  Every limit of core/limits.h is exact: the limit
 * itself parses, one more fails the whole parse (never a shortened value), and
 * a bad escape, invalid UTF-8 or a NUL (%00) anywhere fails it too.  On failure
 * the output form is empty.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "http/form.h"

static struct arena A;

static void setup(void)
{
	arena_init(&A, LIMIT_ARENA_BYTES);
}

static void teardown(void)
{
	arena_free(&A);
}

TestSuite(form, .init = setup, .fini = teardown);

/* Parses the C string s; asserts rc and, on failure, that *f is empty. */
static struct form parse(const char *s, int want_rc)
{
	struct form f = { (struct form_field *)1, 99 };
	int rc = form_parse(&A, s, strlen(s), &f);

	cr_assert_eq(rc, want_rc, "\"%.60s\": rc %d, want %d", s, rc, want_rc);
	if (rc != FORM_OK) {
		cr_assert_null(f.fields);
		cr_assert_eq(f.n, 0);
	}
	return f;
}

static void expect_field(const struct form *f, size_t i, const char *name, const char *value)
{
	cr_assert_lt(i, f->n);
	cr_assert_str_eq(f->fields[i].name, name);
	cr_assert_str_eq(f->fields[i].value, value);
	cr_assert_eq(f->fields[i].len, strlen(value));
}

/* A malloc'ed string: prefix, then n copies of unit, then suffix. */
static char *repeat(const char *prefix, const char *unit, size_t n, const char *suffix)
{
	size_t lp = strlen(prefix), lu = strlen(unit), ls = strlen(suffix);
	char *s = malloc(lp + lu * n + ls + 1);
	char *o = s;

	cr_assert_not_null(s);
	memcpy(o, prefix, lp);
	o += lp;
	for (size_t i = 0; i < n; i++, o += lu)
		memcpy(o, unit, lu);
	memcpy(o, suffix, ls + 1);
	return s;
}

/* Parses a malloc'ed string, frees it, checks rc. */
static struct form parse_free(char *s, int want_rc)
{
	struct form f = parse(s, want_rc);
	free(s);
	return f;
}

/* n pairs "fI=v". */
static char *n_fields(size_t n)
{
	char *s = malloc(n * 16 + 1);
	size_t o = 0;

	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, 16, "%sf%zu=v", i ? "&" : "", i);
	s[o] = '\0';
	return s;
}

Test(form, simple_pairs)
{
	struct form f = parse("ruc=1790011674001&usuario=ana&clave=s3cr3t", FORM_OK);

	cr_assert_eq(f.n, 3);
	expect_field(&f, 0, "ruc", "1790011674001");
	expect_field(&f, 1, "usuario", "ana");
	expect_field(&f, 2, "clave", "s3cr3t");
	cr_assert_str_eq(form_get(&f, "usuario"), "ana");
	cr_assert_null(form_get(&f, "nombre"));
	cr_assert_null(form_get(&f, "Usuario"), "names are case-sensitive");
}

Test(form, empty_input)
{
	struct form f = parse("", FORM_OK);

	cr_assert_eq(f.n, 0);
	cr_assert_null(form_get(&f, "a"));
	f = parse("&&&", FORM_OK);
	cr_assert_eq(f.n, 0);
}

Test(form, plus_is_space)
{
	struct form f = parse("q=hola+mundo++x&a+b=c", FORM_OK);

	expect_field(&f, 0, "q", "hola mundo  x");
	expect_field(&f, 1, "a b", "c");
}

Test(form, percent_escapes)
{
	struct form f = parse("a=%41%62%2B%2b&b=%c3%b1%C3%91&c=%26%3D%25&d=%20", FORM_OK);

	expect_field(&f, 0, "a", "Ab++");
	expect_field(&f, 1, "b", "ñÑ");
	expect_field(&f, 2, "c", "&=%");
	expect_field(&f, 3, "d", " ");
	/* An escaped '&' or '=' does not split. */
	cr_assert_eq(f.n, 4);
}

Test(form, escaped_name)
{
	struct form f = parse("n%61me=1&%E2%82%AC=2", FORM_OK);

	expect_field(&f, 0, "name", "1");
	expect_field(&f, 1, "€", "2");
	cr_assert_str_eq(form_get(&f, "name"), "1");
}

Test(form, raw_utf8_passes)
{
	struct form f = parse("nombre=José Ñandú €", FORM_OK);

	expect_field(&f, 0, "nombre", "José Ñandú €");
}

Test(form, bad_escapes)
{
	parse("a=%", FORM_ERR_ENCODING);
	parse("a=%4", FORM_ERR_ENCODING);
	parse("a=%G1", FORM_ERR_ENCODING);
	parse("a=%1G", FORM_ERR_ENCODING);
	parse("a=%%41", FORM_ERR_ENCODING);
	parse("a=% 1", FORM_ERR_ENCODING);
	parse("a=ok&b=%zz", FORM_ERR_ENCODING);
	parse("%zz=1", FORM_ERR_ENCODING);
	parse("a%=1", FORM_ERR_ENCODING);
	/* A trailing '%' split off by '&': still a bad escape. */
	parse("a=%4&b=1", FORM_ERR_ENCODING);
}

Test(form, empty_pairs_skipped)
{
	struct form f = parse("&&a=1&&&b=2&", FORM_OK);

	cr_assert_eq(f.n, 2);
	expect_field(&f, 0, "a", "1");
	expect_field(&f, 1, "b", "2");
}

Test(form, missing_equals_gives_empty_value)
{
	struct form f = parse("flag&x=1&empty=", FORM_OK);

	cr_assert_eq(f.n, 3);
	expect_field(&f, 0, "flag", "");
	expect_field(&f, 1, "x", "1");
	expect_field(&f, 2, "empty", "");
	cr_assert_not_null(form_get(&f, "flag"));
	cr_assert_str_eq(form_get(&f, "flag"), "");
}

Test(form, value_may_hold_equals)
{
	struct form f = parse("a=b=c", FORM_OK);

	expect_field(&f, 0, "a", "b=c");
}

Test(form, duplicates_first_wins)
{
	struct form f = parse("a=1&b=x&a=2&a=3", FORM_OK);

	cr_assert_eq(f.n, 4, "duplicates are kept (the router refuses declared ones)");
	cr_assert_str_eq(form_get(&f, "a"), "1");
	expect_field(&f, 2, "a", "2");
}

Test(form, input_not_terminated)
{
	static const char s[] = "a=1&b=22";
	struct form f;

	/* Only the first 6 bytes: "a=1&b=". */
	cr_assert_eq(form_parse(&A, s, 6, &f), FORM_OK);
	cr_assert_eq(f.n, 2);
	expect_field(&f, 1, "b", "");
}

Test(form, fields_limit_exact)
{
	char *s = n_fields(LIMIT_FORM_FIELDS);
	struct form f = parse_free(s, FORM_OK);

	cr_assert_eq(f.n, LIMIT_FORM_FIELDS);
	expect_field(&f, LIMIT_FORM_FIELDS - 1, "f31", "v");
}

Test(form, fields_limit_plus_one)
{
	parse_free(n_fields(LIMIT_FORM_FIELDS + 1), FORM_ERR_TOO_MANY);
}

Test(form, empty_pairs_do_not_count)
{
	char *base = n_fields(LIMIT_FORM_FIELDS);
	char *s = repeat(base, "&", 50, "");

	free(base);
	parse_free(s, FORM_OK);
}

Test(form, value_limit_exact)
{
	struct form f = parse_free(repeat("v=", "x", LIMIT_FIELD_BYTES, ""), FORM_OK);

	cr_assert_eq(f.fields[0].len, LIMIT_FIELD_BYTES);
	cr_assert_eq(strlen(f.fields[0].value), LIMIT_FIELD_BYTES);
}

Test(form, value_limit_plus_one)
{
	parse_free(repeat("v=", "x", LIMIT_FIELD_BYTES + 1, ""), FORM_ERR_TOO_LONG);
}

Test(form, value_limit_counts_decoded_bytes)
{
	struct form f;

	/* 3 encoded bytes per decoded byte: exactly the limit once decoded. */
	f = parse_free(repeat("v=", "%41", LIMIT_FIELD_BYTES, ""), FORM_OK);
	cr_assert_eq(f.fields[0].len, LIMIT_FIELD_BYTES);
	cr_assert_eq(f.fields[0].value[0], 'A');
	/* One decoded byte too many. */
	parse_free(repeat("v=", "%41", LIMIT_FIELD_BYTES + 1, ""), FORM_ERR_TOO_LONG);
	parse_free(repeat("v=", "x", LIMIT_FIELD_BYTES, "%41"), FORM_ERR_TOO_LONG);
	/* '+' decodes to one byte as well. */
	parse_free(repeat("v=", "+", LIMIT_FIELD_BYTES + 1, ""), FORM_ERR_TOO_LONG);
	/* Multibyte: 2048 × "ñ" is 4096 bytes, fine; one more "ñ" is over. */
	parse_free(repeat("v=", "%C3%B1", LIMIT_FIELD_BYTES / 2, ""), FORM_OK);
	parse_free(repeat("v=", "%C3%B1", LIMIT_FIELD_BYTES / 2 + 1, ""), FORM_ERR_TOO_LONG);
}

Test(form, name_limit)
{
	struct form f;

	f = parse_free(repeat("", "n", LIMIT_FIELD_NAME_BYTES, "=1"), FORM_OK);
	cr_assert_eq(strlen(f.fields[0].name), LIMIT_FIELD_NAME_BYTES);
	parse_free(repeat("", "n", LIMIT_FIELD_NAME_BYTES + 1, "=1"), FORM_ERR_TOO_LONG);
	parse_free(repeat("", "%6E", LIMIT_FIELD_NAME_BYTES, "=1"), FORM_OK);
	parse_free(repeat("", "%6E", LIMIT_FIELD_NAME_BYTES + 1, "=1"), FORM_ERR_TOO_LONG);
	/* A long name without '=' is still a name. */
	parse_free(repeat("", "n", LIMIT_FIELD_NAME_BYTES + 1, ""), FORM_ERR_TOO_LONG);
	/* And a later one fails the whole parse. */
	parse_free(repeat("a=1&", "n", LIMIT_FIELD_NAME_BYTES * 10, "=1"), FORM_ERR_TOO_LONG);
}

Test(form, invalid_utf8_refused)
{
	parse("a=%C3", FORM_ERR_UTF8);            /* truncated */
	parse("a=%C0%80", FORM_ERR_UTF8);         /* overlong NUL */
	parse("a=%ED%A0%80", FORM_ERR_UTF8);      /* surrogate */
	parse("a=%F4%90%80%80", FORM_ERR_UTF8);   /* past U+10FFFF */
	parse("a=%FF", FORM_ERR_UTF8);
	parse("a=\xff", FORM_ERR_UTF8);           /* raw byte, not escaped */
	parse("a=\xc3", FORM_ERR_UTF8);
	parse("%FF=1", FORM_ERR_UTF8);            /* in a name */
	parse("\xc0\xaf=1", FORM_ERR_UTF8);
	parse("ok=1&a=%80", FORM_ERR_UTF8);
}

Test(form, nul_refused)
{
	parse("a=%00", FORM_ERR_UTF8);
	parse("a=x%00y", FORM_ERR_UTF8);
	parse("%00=1", FORM_ERR_UTF8);
	parse("a%00b=1", FORM_ERR_UTF8);
}

Test(form, raw_nul_byte_refused)
{
	struct form f;

	cr_assert_eq(form_parse(&A, "a=x\0y", 5, &f), FORM_ERR_UTF8);
	cr_assert_eq(f.n, 0);
}

Test(form, arena_full)
{
	struct arena small;
	struct form f;

	arena_init(&small, 64);
	cr_assert_eq(form_parse(&small, "a=1", 3, &f), FORM_ERR_NOMEM);
	cr_assert_eq(f.n, 0);
	cr_assert_null(f.fields);
	arena_free(&small);
}

Test(form, values_owned_by_arena)
{
	char *s = strdup("a=one&b=two");
	struct form f;

	cr_assert_eq(form_parse(&A, s, strlen(s), &f), FORM_OK);
	memset(s, 'X', strlen(s));
	free(s);
	expect_field(&f, 0, "a", "one");
	expect_field(&f, 1, "b", "two");
}

Test(form, decode_direct)
{
	char d[32];

	cr_assert_eq(form_decode("a+b%20c", 7, d), 5);
	cr_assert_str_eq(d, "a b c");
	cr_assert_eq(form_decode("", 0, d), 0);
	cr_assert_str_eq(d, "");
	cr_assert_eq(form_decode("%41%4", 5, d), -1);
	cr_assert_eq(form_decode("%", 1, d), -1);
	/* Decoding stops at n, so "%41" cut at 2 is a bad escape. */
	cr_assert_eq(form_decode("%41", 2, d), -1);
	cr_assert_eq(form_decode("%00", 3, d), 1);
	cr_assert_eq(d[0], '\0');
}

Test(form, a_caller_may_take_more_fields)
{
	char *s = n_fields(LIMIT_FORM_FIELDS * 10);
	struct form f;

	cr_assert_eq(form_parse(&A, s, strlen(s), &f), FORM_ERR_TOO_MANY, "the default cap stands");
	cr_assert_eq(form_parse_max(&A, s, strlen(s), LIMIT_FORM_FIELDS * 10, &f), FORM_OK);
	cr_assert_eq(f.n, LIMIT_FORM_FIELDS * 10);
	cr_assert_eq(form_parse_max(&A, s, strlen(s), LIMIT_FORM_FIELDS * 10 - 1, &f), FORM_ERR_TOO_MANY,
		     "one past the caller's cap");
	cr_assert_eq(f.n, 0);
	free(s);
}
