/*
 * fuzz_form.c — libFuzzer target for src/http/form.c.
 *
 * Feeds arbitrary bytes, exactly as sized by libFuzzer (no NUL terminator, so
 * AddressSanitizer catches any read past the input), to form_parse in a fresh
 * arena, and aborts when a result breaks a promise of form.h:
 *   - the return value is FORM_OK or one of enum form_err; on failure the
 *     form is empty; the arena never runs out for inputs this small;
 *   - on success: at most LIMIT_FORM_FIELDS fields; every name and value is
 *     NUL-terminated, holds no NUL, is valid UTF-8, and is at most
 *     LIMIT_FIELD_NAME_BYTES / LIMIT_FIELD_BYTES long; len is the value's
 *     length; form_get finds the first field of each name;
 *   - success and every decoded name and value agree with a small
 *     independent reference parser written here (split on '&' and the first
 *     '=', skip empty pairs, '+' and %XX decoding, its own UTF-8 check);
 *   - with a tiny arena the parse fails cleanly (FORM_ERR_NOMEM or another
 *     error) or gives the same fields.
 * The arena is freed after each run, so leaks show up under LeakSanitizer.
 *
 * Seeds: fuzz/corpus/form/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/str.h"
#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

/* ---- the reference ----------------------------------------------------- */

static int ref_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)(c | 0x20);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes s[0..n) into out (room for n); the decoded length, or -1. */
static long ref_decode(const unsigned char *s, size_t n, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] != '%') {
			out[o++] = s[i];
		} else {
			int hi, lo;
			if (i + 2 >= n)
				return -1;
			hi = ref_hex(s[i + 1]);
			lo = ref_hex(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			out[o++] = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
	}
	return (long)o;
}

/* Well-formed UTF-8 by Table 3-7 of the Unicode standard, without NUL. */
static int ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t k;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return 0;
		}
		if (n - i - 1 < k)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xBF)
				return 0;
		i += k + 1;
	}
	return 1;
}

struct ref_field {
	unsigned char *name, *value;
	size_t nlen, vlen;
};

/* Parses like form.h promises; the field count, or -1 when the whole parse
 * must fail.  fields has room for LIMIT_FORM_FIELDS; buffers are malloc'ed. */
static int ref_parse(const unsigned char *s, size_t n, struct ref_field *fields)
{
	size_t i = 0;
	int count = 0;

	while (i < n) {
		size_t end = i, eq;
		struct ref_field *f;
		long nl, vl;

		while (end < n && s[end] != '&')
			end++;
		if (end == i) {
			i = end + 1;
			continue;
		}
		if (count == LIMIT_FORM_FIELDS)
			return -1;
		for (eq = i; eq < end && s[eq] != '='; eq++)
			;
		f = &fields[count];
		f->name = malloc(eq - i + 1);
		f->value = malloc(end - eq + 1);
		require(f->name != NULL && f->value != NULL);
		count++;
		nl = ref_decode(s + i, eq - i, f->name);
		vl = eq < end ? ref_decode(s + eq + 1, end - eq - 1, f->value) : 0;
		if (nl < 0 || vl < 0)
			return -1;
		f->nlen = (size_t)nl;
		f->vlen = (size_t)vl;
		if (f->nlen > LIMIT_FIELD_NAME_BYTES || f->vlen > LIMIT_FIELD_BYTES)
			return -1;
		if (!ref_utf8(f->name, f->nlen) || !ref_utf8(f->value, f->vlen))
			return -1;
		i = end + 1;
	}
	return count;
}

/* ---- the checks -------------------------------------------------------- */

static int is_form_rc(int rc)
{
	return rc == FORM_OK || rc == FORM_ERR_TOO_MANY || rc == FORM_ERR_TOO_LONG ||
	       rc == FORM_ERR_ENCODING || rc == FORM_ERR_UTF8 || rc == FORM_ERR_NOMEM;
}

static void check_form(const struct form *f)
{
	require(f->n <= LIMIT_FORM_FIELDS);
	require(f->n == 0 || f->fields != NULL);
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *x = &f->fields[i];
		size_t nl;

		require(x->name != NULL && x->value != NULL);
		nl = strlen(x->name);
		require(nl <= LIMIT_FIELD_NAME_BYTES);
		require(utf8_valid(x->name, nl));
		require(strlen(x->value) == x->len);
		require(x->len <= LIMIT_FIELD_BYTES);
		require(utf8_valid(x->value, x->len));
		require(ref_utf8((const unsigned char *)x->value, x->len));
		/* form_get gives the first field of that name. */
		for (size_t j = 0; j <= i; j++) {
			if (strcmp(f->fields[j].name, x->name) == 0) {
				require(form_get(f, x->name) == f->fields[j].value);
				break;
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ref_field ref[LIMIT_FORM_FIELDS];
	struct arena a, small;
	struct form f, g;
	int rc, rc2, nref;

	if (size > LIMIT_BODY_BYTES)
		return 0;
	memset(ref, 0, sizeof(ref));
	arena_init(&a, LIMIT_ARENA_BYTES);
	f.fields = (struct form_field *)&f;   /* garbage the parser must overwrite */
	f.n = 12345;
	rc = form_parse(&a, (const char *)data, size, &f);
	require(is_form_rc(rc));
	require(rc != FORM_ERR_NOMEM);   /* a body this small fits the arena */
	if (rc != FORM_OK) {
		require(f.n == 0 && f.fields == NULL);
	} else {
		check_form(&f);
	}

	nref = ref_parse(data, size, ref);
	require((rc == FORM_OK) == (nref >= 0));
	if (rc == FORM_OK) {
		require(f.n == (size_t)nref);
		for (size_t i = 0; i < f.n; i++) {
			require(strlen(f.fields[i].name) == ref[i].nlen);
			require(memcmp(f.fields[i].name, ref[i].name, ref[i].nlen) == 0);
			require(f.fields[i].len == ref[i].vlen);
			require(memcmp(f.fields[i].value, ref[i].value, ref[i].vlen) == 0);
		}
	}
	if (rc == FORM_ERR_TOO_MANY)
		require(nref < 0);

	/* A tiny arena: a clean failure or the very same fields. */
	arena_init(&small, 1024);
	rc2 = form_parse(&small, (const char *)data, size, &g);
	require(is_form_rc(rc2));
	if (rc2 != FORM_OK) {
		require(g.n == 0 && g.fields == NULL);
		require(rc2 == FORM_ERR_NOMEM || rc2 == rc);
	} else {
		require(rc == FORM_OK && g.n == f.n);
		for (size_t i = 0; i < g.n; i++) {
			require(strcmp(g.fields[i].name, f.fields[i].name) == 0);
			require(g.fields[i].len == f.fields[i].len);
			require(memcmp(g.fields[i].value, f.fields[i].value, f.fields[i].len) == 0);
		}
	}
	require(small.used <= 1024);

	arena_free(&small);
	arena_free(&a);
	for (size_t i = 0; i < LIMIT_FORM_FIELDS; i++) {
		free(ref[i].name);
		free(ref[i].value);
	}
	return 0;
}
