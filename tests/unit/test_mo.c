/*
 * test_mo.c — unit tests of src/core/mo.c, GNU gettext .mo catalogues.
 *
 * Catalogues are built here, in memory, in both byte orders, sorted and not:
 * lookups find exact keys (context entries by "ctxt\4id", plural entries by
 * their msgid, giving the first form), the empty msgid gives the header, and
 * everything else misses.  mo_open refuses what could make a lookup read
 * outside the bytes: a bad magic or revision, a short header, tables or
 * strings out of bounds (with 32-bit sums that would wrap), a string without
 * its NUL, an N too large for the file.  Then Debian's iso-codes
 * translations, when installed, give the Spanish names import expects.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mo.h"

#define LOCALE_DIR "/usr/share/locale/es/LC_MESSAGES/"
#define MAGIC 0x950412deU

struct ent {
	const char *id, *str;
	size_t idn, strn;   /* 0: strlen (an explicit length may hold NULs) */
};

struct img {
	unsigned char *d;
	size_t n;
	int big;
};

static void put32(struct img *m, size_t at, uint32_t v)
{
	cr_assert_leq(at + 4, m->n);
	if (m->big) {
		m->d[at] = (unsigned char)(v >> 24);
		m->d[at + 1] = (unsigned char)(v >> 16);
		m->d[at + 2] = (unsigned char)(v >> 8);
		m->d[at + 3] = (unsigned char)v;
	} else {
		m->d[at] = (unsigned char)v;
		m->d[at + 1] = (unsigned char)(v >> 8);
		m->d[at + 2] = (unsigned char)(v >> 16);
		m->d[at + 3] = (unsigned char)(v >> 24);
	}
}

static size_t len_of(const char *s, size_t n)
{
	return n ? n : strlen(s);
}

/* A .mo image of e[0..k) in the order given (msgfmt would sort them): the
 * header, the table of originals at 28, the translations after it, an empty
 * hash table, then the strings, each with its NUL.  Freed with free(img.d). */
static struct img build(const struct ent *e, size_t k, int big)
{
	struct img m = { NULL, 28 + 16 * k, big };
	size_t at;

	for (size_t i = 0; i < k; i++)
		m.n += len_of(e[i].id, e[i].idn) + 1 + len_of(e[i].str, e[i].strn) + 1;
	m.d = calloc(1, m.n);
	cr_assert_not_null(m.d);
	put32(&m, 0, MAGIC);
	put32(&m, 4, 0);
	put32(&m, 8, (uint32_t)k);
	put32(&m, 12, 28);
	put32(&m, 16, (uint32_t)(28 + 8 * k));
	put32(&m, 20, 0);
	put32(&m, 24, (uint32_t)(28 + 16 * k));
	at = 28 + 16 * k;
	for (int t = 0; t < 2; t++) {
		for (size_t i = 0; i < k; i++) {
			const char *s = t ? e[i].str : e[i].id;
			size_t n = t ? len_of(e[i].str, e[i].strn) : len_of(e[i].id, e[i].idn);

			put32(&m, 28 + 8 * k * (size_t)t + 8 * i, (uint32_t)n);
			put32(&m, 28 + 8 * k * (size_t)t + 8 * i + 4, (uint32_t)at);
			memcpy(m.d + at, s, n);
			at += n + 1;
		}
	}
	cr_assert_eq(at, m.n);
	return m;
}

static void expect(const struct mo *m, const char *id, const char *want)
{
	size_t len = 12345;
	const char *got = mo_lookup(m, id, &len);

	if (want == NULL) {
		cr_assert_null(got, "\"%s\" found \"%s\"", id, got);
		cr_assert_eq(len, 12345, "\"%s\": *len written on a miss", id);
		return;
	}
	cr_assert_not_null(got, "\"%s\" not found", id);
	cr_assert_str_eq(got, want);
	cr_assert_eq(len, strlen(want));
}

/* The header words an entry's table position: entry i of table t (0 the
 * originals, 1 the translations) in an image of k entries. */
static size_t slot(size_t k, int t, size_t i)
{
	return 28 + 8 * k * (size_t)t + 8 * i;
}

#define HEADER "Project-Id-Version: iso_3166-1\nLanguage: es\n" \
	"Content-Type: text/plain; charset=UTF-8\n"

/* Sorted as msgfmt sorts (strcmp, bytes unsigned): "" first, "Ñ" after "Z". */
static const struct ent COUNTRIES[] = {
	{ "", HEADER, 0, 0 },
	{ "Ecuador", "Ecuador", 0, 0 },
	{ "Germany", "Alemania", 0, 0 },
	{ "Spain", "España", 0, 0 },
	{ "United States", "Estados Unidos", 0, 0 },
	{ "Zambia", "Zambia", 0, 0 },
	{ "\xc3\x91uble", "\xc3\x91uble (Chile)", 0, 0 },
};
#define NCOUNTRIES (sizeof(COUNTRIES) / sizeof(COUNTRIES[0]))

static void check_countries(const struct mo *m)
{
	expect(m, "Ecuador", "Ecuador");
	expect(m, "Germany", "Alemania");
	expect(m, "Spain", "España");
	expect(m, "United States", "Estados Unidos");
	expect(m, "Zambia", "Zambia");
	expect(m, "\xc3\x91uble", "\xc3\x91uble (Chile)");
	expect(m, "", HEADER);
	/* Misses: a prefix, an extension, another case, before the first, after the last. */
	expect(m, "Spai", NULL);
	expect(m, "Spainx", NULL);
	expect(m, "germany", NULL);
	expect(m, " ", NULL);
	expect(m, "A", NULL);
	expect(m, "\xff", NULL);
	expect(m, "Ecuador ", NULL);
	cr_assert_null(mo_lookup(m, NULL, NULL));
}

/* ---- lookups ----------------------------------------------------------- */

Test(mo, little_endian_sorted)
{
	struct img im = build(COUNTRIES, NCOUNTRIES, 0);
	struct mo m;

	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	cr_assert(!m.big);
	cr_assert(m.sorted);
	cr_assert_eq(m.count, NCOUNTRIES);
	check_countries(&m);
	free(im.d);
}

Test(mo, big_endian_sorted)
{
	struct img im = build(COUNTRIES, NCOUNTRIES, 1);
	struct mo m;

	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	cr_assert(m.big);
	cr_assert(m.sorted);
	check_countries(&m);
	free(im.d);
}

Test(mo, unsorted_both_orders)
{
	struct ent e[NCOUNTRIES];

	/* Reversed: every lookup must scan. */
	for (size_t i = 0; i < NCOUNTRIES; i++)
		e[i] = COUNTRIES[NCOUNTRIES - 1 - i];
	for (int big = 0; big < 2; big++) {
		struct img im = build(e, NCOUNTRIES, big);
		struct mo m;

		cr_assert_eq(mo_open(&m, im.d, im.n), 0);
		cr_assert(!m.sorted);
		check_countries(&m);
		free(im.d);
	}
}

Test(mo, header_entry)
{
	struct img im = build(COUNTRIES, NCOUNTRIES, 0);
	struct mo m;
	size_t len;
	const char *h;

	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	h = mo_lookup(&m, "", &len);
	cr_assert_not_null(h);
	cr_assert_eq(len, strlen(HEADER));
	cr_assert_not_null(strstr(h, "charset=UTF-8"));
	free(im.d);

	/* Without a header entry the empty msgid misses. */
	im = build(COUNTRIES + 1, NCOUNTRIES - 1, 0);
	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	expect(&m, "", NULL);
	expect(&m, "Spain", "España");
	free(im.d);
}

Test(mo, context_and_plural_entries)
{
	static const struct ent e[] = {
		{ "", "Plural-Forms: nplurals=2; plural=n != 1;\n", 0, 0 },
		{ "File", "Fichero", 0, 0 },
		{ "day\0days", "día\0días", 8, 11 },
		{ "menu\4File", "Archivo", 0, 0 },
		{ "port\0ports", "puerto\0puertos", 10, 14 },
	};
	for (int big = 0; big < 2; big++) {
		struct img im = build(e, 5, big);
		struct mo m;
		size_t len = 0;
		const char *s;

		cr_assert_eq(mo_open(&m, im.d, im.n), 0);
		cr_assert(m.sorted);
		expect(&m, "File", "Fichero");
		expect(&m, "menu\4File", "Archivo");
		expect(&m, "menu", NULL);
		expect(&m, "menu\4", NULL);
		expect(&m, "day", "día");
		expect(&m, "days", NULL);
		expect(&m, "port", "puerto");
		expect(&m, "ports", NULL);
		s = mo_lookup(&m, "port", &len);
		cr_assert_eq(len, 6);
		cr_assert_eq(memcmp(s + len + 1, "puertos", 8), 0);   /* the other form follows */
		free(im.d);
	}
}

Test(mo, empty_catalogue)
{
	struct img im = build(NULL, 0, 0);
	struct mo m;

	cr_assert_eq(im.n, 28);
	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	expect(&m, "", NULL);
	expect(&m, "Spain", NULL);
	free(im.d);
}

Test(mo, duplicates_give_the_first)
{
	static const struct ent e[] = {
		{ "a", "first", 0, 0 },
		{ "a", "second", 0, 0 },
		{ "a\0as", "plural", 4, 0 },   /* the same key as C strings */
		{ "b", "bee", 0, 0 },
	};
	struct img im = build(e, 4, 0);
	struct mo m;

	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	cr_assert(!m.sorted);   /* not strictly ascending: scanned */
	expect(&m, "a", "first");
	expect(&m, "b", "bee");
	free(im.d);
}

Test(mo, many_sorted_entries)
{
	enum { K = 600 };
	static char ids[K][8], strs[K][12];
	struct ent *e = calloc(K, sizeof(*e));
	struct img im;
	struct mo m;

	cr_assert_not_null(e);
	for (int i = 0; i < K; i++) {
		snprintf(ids[i], sizeof(ids[i]), "k%04d", i * 2);
		snprintf(strs[i], sizeof(strs[i]), "v%04d", i * 2);
		e[i] = (struct ent){ ids[i], strs[i], 0, 0 };
	}
	im = build(e, K, 1);
	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	cr_assert(m.sorted);
	for (int i = 0; i < 2 * K + 1; i++) {
		char id[8], want[12];

		snprintf(id, sizeof(id), "k%04d", i);
		snprintf(want, sizeof(want), "v%04d", i);
		expect(&m, id, i % 2 == 0 && i < 2 * K ? want : NULL);
	}
	free(im.d);
	free(e);
}

Test(mo, revisions)
{
	static const uint32_t ok[] = { 0, 1, 0x00010000, 0x00010001, 0x0001ffff };
	static const uint32_t bad[] = { 0x00020000, 0xffff0000, 0x80000000 };

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct img im = build(COUNTRIES, NCOUNTRIES, (int)i % 2);
		struct mo m;

		put32(&im, 4, ok[i]);
		cr_assert_eq(mo_open(&m, im.d, im.n), 0, "revision %#x", ok[i]);
		expect(&m, "Spain", "España");
		free(im.d);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct img im = build(COUNTRIES, NCOUNTRIES, (int)i % 2);
		struct mo m;

		put32(&im, 4, bad[i]);
		cr_assert_eq(mo_open(&m, im.d, im.n), -1, "revision %#x", bad[i]);
		free(im.d);
	}
}

/* ---- refusals ---------------------------------------------------------- */

/* mo_open must refuse im, and leave a catalogue in which everything misses. */
static void refused(struct img *im, const char *why)
{
	struct mo m;

	cr_assert_eq(mo_open(&m, im->d, im->n), -1, "accepted: %s", why);
	cr_assert_eq(m.count, 0, "%s", why);
	cr_assert_null(mo_lookup(&m, "Spain", NULL), "%s", why);
	cr_assert_null(mo_lookup(&m, "", NULL), "%s", why);
	free(im->d);
}

Test(mo, bad_magic_and_short_header)
{
	struct img im;
	struct mo m;

	im = build(COUNTRIES, NCOUNTRIES, 0);
	im.d[0] ^= 1;
	refused(&im, "bad magic");
	im = build(COUNTRIES, NCOUNTRIES, 0);
	put32(&im, 0, 0x0412de95);   /* the magic's halves swapped (PDP order): neither */
	refused(&im, "magic in a mixed byte order");
	im = build(COUNTRIES, NCOUNTRIES, 1);
	put32(&im, 0, 0);
	refused(&im, "no magic");
	im = build(COUNTRIES, NCOUNTRIES, 0);
	memcpy(im.d, "\xde\x12\x04\x95", 4);   /* is 0x950412de little-endian: accepted */
	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	free(im.d);
	for (size_t n = 0; n < 28; n++) {
		im = build(NULL, 0, (int)(n % 2));
		im.n = n;
		refused(&im, "short header");
	}
	cr_assert_eq(mo_open(&m, NULL, 0), -1);
}

Test(mo, tables_out_of_bounds)
{
	const size_t k = NCOUNTRIES;
	struct img im;

	for (int big = 0; big < 2; big++) {
		im = build(COUNTRIES, k, big);
		put32(&im, 12, (uint32_t)(im.n - 8 * k + 1));
		refused(&im, "originals one byte past the end");
		im = build(COUNTRIES, k, big);
		put32(&im, 16, (uint32_t)(im.n - 8 * k + 1));
		refused(&im, "translations one byte past the end");
		im = build(COUNTRIES, k, big);
		put32(&im, 16, 0xfffffff8);
		refused(&im, "translations at 2^32 - 8");
		im = build(COUNTRIES, k, big);
		put32(&im, 12, (uint32_t)(im.n - 8 * k));   /* exactly at the end: in bounds */
		{
			struct mo m;
			/* The words there are string bytes: whatever they say, no crash. */
			(void)mo_open(&m, im.d, im.n);
		}
		free(im.d);
	}
}

Test(mo, n_overflowing)
{
	static const uint32_t ns[] = { 8, 0x20000000, 0x20000001, 0x1fffffff, 0xffffffff };

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		for (int big = 0; big < 2; big++) {
			struct img im = build(COUNTRIES, NCOUNTRIES, big);

			put32(&im, 8, ns[i]);   /* N * 8 wraps to 0 or 8 in 32 bits for some */
			refused(&im, "N too large");
		}
	}
}

Test(mo, strings_out_of_bounds)
{
	const size_t k = NCOUNTRIES;

	for (int big = 0; big < 2; big++) {
		struct img im;

		im = build(COUNTRIES, k, big);
		put32(&im, slot(k, 0, 3) + 4, (uint32_t)im.n);
		refused(&im, "original at the end");
		im = build(COUNTRIES, k, big);
		put32(&im, slot(k, 1, k - 1), 2 + (uint32_t)strlen("\xc3\x91uble (Chile)"));
		refused(&im, "last translation's length past the end");
		im = build(COUNTRIES, k, big);
		put32(&im, slot(k, 1, 2) + 4, 0xfffffff0);
		put32(&im, slot(k, 1, 2), 0x20);   /* offset + length wraps in 32 bits */
		refused(&im, "offset + length wrapping");
		im = build(COUNTRIES, k, big);
		put32(&im, slot(k, 0, 1), 0xffffffff);
		refused(&im, "length 2^32 - 1");
		im = build(COUNTRIES, k, big);
		im.n--;   /* the last translation's NUL cut off */
		refused(&im, "truncated by one byte");
	}
}

Test(mo, missing_nul)
{
	const size_t k = NCOUNTRIES;

	for (int big = 0; big < 2; big++) {
		struct img im = build(COUNTRIES, k, big);
		struct mo m;

		/* "Spain" stored with length 4: "Spai" then 'n', not NUL. */
		put32(&im, slot(k, 0, 3), 4);
		refused(&im, "original without its NUL");
		im = build(COUNTRIES, k, big);
		put32(&im, slot(k, 1, 1), 3);
		refused(&im, "translation without its NUL");
		im = build(COUNTRIES, k, big);
		put32(&im, slot(k, 1, 3), 20);   /* España is 7 bytes: byte 20 is not NUL */
		refused(&im, "translation length past its NUL");
		im = build(COUNTRIES, k, big);
		cr_assert_eq(mo_open(&m, im.d, im.n), 0);
		free(im.d);
	}
}

/* Offsets into one shared string: well-formed.  The originals are suffixes of
 * "aaa...a", shortest first (strictly ascending), so checking the order would
 * compare ~2000 bytes per pair; past its budget mo_open calls the catalogue
 * unsorted instead, and lookups scan — still right. */
Test(mo, shared_string_bytes)
{
	enum { K = 2000, L = 4000, BASE = 28 + 16 * K };
	struct img im = { NULL, BASE + L + 1, 0 };
	char *key = malloc(L + 1);
	struct mo m;

	cr_assert_not_null(key);
	im.d = calloc(1, im.n);
	cr_assert_not_null(im.d);
	put32(&im, 0, MAGIC);
	put32(&im, 8, K);
	put32(&im, 12, 28);
	put32(&im, 16, 28 + 8 * K);
	memset(im.d + BASE, 'a', L);
	for (uint32_t i = 0; i < K; i++) {
		uint32_t len = L - K + 1 + i;

		for (int t = 0; t < 2; t++) {
			put32(&im, slot(K, t, i), len);
			put32(&im, slot(K, t, i) + 4, BASE + L - len);
		}
	}
	cr_assert_eq(mo_open(&m, im.d, im.n), 0);
	cr_assert(!m.sorted);
	memset(key, 'a', L);
	for (size_t len = L - K - 1; len <= L; len += 7) {
		const char *s;
		size_t got = 0;

		key[len] = '\0';
		s = mo_lookup(&m, key, &got);
		if (len < L - K + 1) {
			cr_assert_null(s);
		} else {
			cr_assert_eq(s, (const char *)im.d + BASE + L - len);
			cr_assert_eq(got, len);
		}
		key[len] = 'a';
	}
	free(key);
	free(im.d);
}

/* ---- Debian's iso-codes ------------------------------------------------ */

static unsigned char *slurp(const char *name, size_t *n)
{
	FILE *fp = fopen(name, "rb");
	unsigned char *d;
	long len;

	if (fp == NULL)
		return NULL;
	cr_assert_eq(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	cr_assert_gt(len, 0);
	rewind(fp);
	d = malloc((size_t)len);
	cr_assert_not_null(d);
	cr_assert_eq(fread(d, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return d;
}

/* Every original found, and the same by bisection and by scan. */
static void check_all(const struct mo *m)
{
	struct mo scan = *m;

	scan.sorted = false;
	for (uint32_t i = 0; i < m->count; i++) {
		const unsigned char *w = m->data + m->orig + 8 * (size_t)i + 4;
		uint32_t off = m->big ? (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3]
				      : (uint32_t)w[3] << 24 | (uint32_t)w[2] << 16 | (uint32_t)w[1] << 8 | w[0];
		const char *id = (const char *)m->data + off;
		size_t l1 = 0, l2 = 0;
		const char *a = mo_lookup(m, id, &l1), *b = mo_lookup(&scan, id, &l2);

		cr_assert_not_null(a, "\"%s\" not found", id);
		cr_assert_eq(a, b);
		cr_assert_eq(l1, l2);
	}
}

Test(mo_files, iso_3166_1)
{
	size_t n;
	unsigned char *d = slurp(LOCALE_DIR "iso_3166-1.mo", &n);
	struct mo m;
	const char *h;

	if (d == NULL)
		cr_skip_test("iso-codes' Spanish translations are not installed");
	cr_assert_eq(mo_open(&m, d, n), 0);
	cr_assert(m.sorted);
	cr_assert_geq(m.count, 400);   /* 419 in iso-codes 4.15 */
	expect(&m, "Ecuador", "Ecuador");
	expect(&m, "Germany", "Alemania");
	expect(&m, "Spain", "España");
	expect(&m, "Republic of Ecuador", "República del Ecuador");
	expect(&m, "Ecuadorian", NULL);
	h = mo_lookup(&m, "", NULL);
	cr_assert_not_null(h);
	cr_assert_not_null(strstr(h, "Language: es\n"));
	cr_assert_not_null(strstr(h, "charset=UTF-8"));
	check_all(&m);
	/* Strings come last in msgfmt's layout: every truncation cuts a NUL. */
	for (size_t k = 0; k < n; k += 7)
		cr_assert_eq(mo_open(&m, d, k), -1, "truncated at %zu accepted", k);
	free(d);
}

Test(mo_files, iso_4217)
{
	size_t n;
	unsigned char *d = slurp(LOCALE_DIR "iso_4217.mo", &n);
	struct mo m;

	if (d == NULL)
		cr_skip_test("iso-codes' Spanish translations are not installed");
	cr_assert_eq(mo_open(&m, d, n), 0);
	cr_assert(m.sorted);
	expect(&m, "US Dollar", "Dólar estadounidense");
	expect(&m, "Euro", "Euro");
	expect(&m, "US dollar", NULL);
	check_all(&m);
	for (size_t k = 0; k < n; k++)
		cr_assert_eq(mo_open(&m, d, k), -1, "truncated at %zu accepted", k);
	free(d);
}
