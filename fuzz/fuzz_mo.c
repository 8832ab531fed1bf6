/*
 * fuzz_mo.c — libFuzzer target for src/core/mo.c.
 *
 * Feeds arbitrary bytes, exactly as sized by libFuzzer (so AddressSanitizer
 * catches any read past them), to mo_open, and aborts when a result breaks a
 * promise of mo.h:
 *   - mo_open accepts exactly what a validator written here accepts (magic in
 *     either byte order, major revision 0 or 1, both tables inside the bytes,
 *     every string inside them and NUL-terminated at its length); on refusal
 *     the catalogue is empty and every lookup misses;
 *   - when it accepts, every original string is looked up, and so are some
 *     misses (the original with a byte added or one removed, and fixed keys):
 *     each result is NULL exactly when a linear reference finds nothing, is
 *     the reference's own pointer otherwise (the first entry with that key as
 *     a C string, its first form), lies inside the bytes and is NUL-terminated
 *     at *len;
 *   - a catalogue that claims to be sorted is strictly ascending (strcmp).
 *
 * Seeds: fuzz/corpus/mo/ (msgfmt output in both byte orders, with context and
 * plural entries, and truncated copies).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

/* ---- the reference ----------------------------------------------------- */

static uint32_t rd(const uint8_t *d, size_t at, bool big)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)d[at + (size_t)i] << (big ? 24 - 8 * i : 8 * i);
	return v;
}

struct ref {
	const uint8_t *d;
	size_t n;
	bool big;
	uint32_t count, orig, trans;
};

static bool ref_open(struct ref *r, const uint8_t *d, size_t n)
{
	r->d = d;
	r->n = n;
	if (n < 28)
		return false;
	if (rd(d, 0, false) == 0x950412deU)
		r->big = false;
	else if (rd(d, 0, true) == 0x950412deU)
		r->big = true;
	else
		return false;
	if (rd(d, 4, r->big) >= 0x20000U)
		return false;
	r->count = rd(d, 8, r->big);
	r->orig = rd(d, 12, r->big);
	r->trans = rd(d, 16, r->big);
	for (int t = 0; t < 2; t++) {
		uint64_t tab = t ? r->trans : r->orig;

		if (tab > n || (uint64_t)r->count * 8 > n - tab)
			return false;
		for (uint32_t i = 0; i < r->count; i++) {
			uint64_t len = rd(d, (size_t)(tab + 8 * (uint64_t)i), r->big);
			uint64_t off = rd(d, (size_t)(tab + 8 * (uint64_t)i + 4), r->big);

			if (off >= n || len >= n - off || d[off + len] != 0)
				return false;
		}
	}
	return true;
}

static const char *ref_str(const struct ref *r, uint32_t tab, uint32_t i)
{
	return (const char *)r->d + rd(r->d, (size_t)tab + 8 * (size_t)i + 4, r->big);
}

/* The first entry whose original equals key as a C string: its translation. */
static const char *ref_lookup(const struct ref *r, const char *key)
{
	for (uint32_t i = 0; i < r->count; i++)
		if (strcmp(ref_str(r, r->orig, i), key) == 0)
			return ref_str(r, r->trans, i);
	return NULL;
}

/* ---- the checks -------------------------------------------------------- */

static void check_lookup(const struct mo *m, const struct ref *r, const char *key)
{
	size_t len = (size_t)-1;
	const char *got = mo_lookup(m, key, &len), *want = ref_lookup(r, key);

	require(got == want);
	if (got == NULL) {
		require(len == (size_t)-1);
		return;
	}
	require((const uint8_t *)got >= r->d && (const uint8_t *)got < r->d + r->n);
	require(len < r->n - (size_t)((const uint8_t *)got - r->d));
	require(got[len] == '\0');
	require(memchr(got, '\0', len) == NULL);
	require(mo_lookup(m, key, NULL) == got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = { "", "Spain", "Ecuador", "\xff", "zzzz", "menu\4File" };
	struct mo m;
	struct ref r;
	bool ok;
	int rc;

	if (size > (size_t)1024 * 1024)
		return 0;
	memset(&m, 0xA5, sizeof(m));   /* garbage mo_open must overwrite */
	rc = mo_open(&m, data, size);
	ok = ref_open(&r, data, size);
	require(rc == 0 || rc == -1);
	require((rc == 0) == ok);
	if (rc != 0) {
		require(m.count == 0);
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			require(mo_lookup(&m, fixed[i], NULL) == NULL);
		return 0;
	}
	require(m.data == data && m.n == size && m.count == r.count && m.big == r.big);
	require(m.orig == r.orig && m.trans == r.trans);
	if (m.sorted)
		for (uint32_t i = 1; i < r.count; i++)
			require(strcmp(ref_str(&r, r.orig, i - 1), ref_str(&r, r.orig, i)) < 0);

	for (uint32_t i = 0; i < r.count; i++) {
		const char *key = ref_str(&r, r.orig, i);
		size_t kl = strlen(key);
		char *k2 = malloc(kl + 2);

		require(k2 != NULL);
		check_lookup(&m, &r, key);
		require(mo_lookup(&m, key, NULL) != NULL);
		memcpy(k2, key, kl);
		k2[kl] = 'x';
		k2[kl + 1] = '\0';
		check_lookup(&m, &r, k2);      /* one byte more */
		if (kl > 0) {
			k2[kl - 1] = '\0';
			check_lookup(&m, &r, k2);  /* one byte less */
		}
		free(k2);
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_lookup(&m, &r, fixed[i]);
	require(mo_lookup(&m, NULL, NULL) == NULL);
	return 0;
}
