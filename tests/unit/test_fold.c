/*
 * test_fold.c — unit tests of src/core/fold.c, the fold of text for search.
 *
 * What the store relies on (core/fold.h): ASCII letters become lower case;
 * each Latin-1 letter À..ÿ (U+00C0..U+00FF, two bytes C3 80..C3 BF) becomes
 * its base letter in lower case, ß, æ and þ two letters; × and ÷ and every
 * other byte are copied as they are, so other UTF-8 and broken UTF-8 pass
 * through; the output is never longer than the input and is NUL-terminated;
 * folding is idempotent, so a folded query matches a folded column.  The
 * expected letters below are written out here, not taken from fold.c, and
 * random inputs are checked against a reference built from code points.
 */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "core/fold.h"

/* Folds s[0..n) into a block with 8 canary bytes past the n + 1 the contract
 * asks for; checks the length bound, the NUL and that nothing past the NUL
 * was written.  Returns the block (the caller frees it), *len the length. */
static char *fold_checked(const char *s, size_t n, size_t *len)
{
	char *out = malloc(n + 1 + 8);
	size_t r;

	cr_assert_not_null(out);
	memset(out, 0xAA, n + 1 + 8);
	r = fold_text(s, n, out);
	cr_assert_leq(r, n, "folded %zu bytes into %zu", n, r);
	cr_assert_eq(out[r], '\0', "not NUL-terminated");
	for (size_t i = r + 1; i < n + 1 + 8; i++)
		cr_assert_eq((unsigned char)out[i], 0xAA, "byte %zu past the NUL written", i);
	*len = r;
	return out;
}

/* fold(s) must be exactly want (both C strings). */
static void expect_fold(const char *s, const char *want)
{
	size_t len;
	char *out = fold_checked(s, strlen(s), &len);

	cr_assert_eq(len, strlen(want), "\"%s\" folded to \"%s\", want \"%s\"", s, out, want);
	cr_assert_eq(memcmp(out, want, len), 0, "\"%s\" folded to \"%s\", want \"%s\"", s, out,
		     want);
	free(out);
}

/* fold(s[0..n)) must be exactly want[0..wn). */
static void expect_fold_n(const char *s, size_t n, const char *want, size_t wn)
{
	size_t len;
	char *out = fold_checked(s, n, &len);

	cr_assert_eq(len, wn, "%zu bytes folded to %zu, want %zu", n, len, wn);
	cr_assert_eq(memcmp(out, want, wn), 0);
	free(out);
}

#define FOLD_N(lit, want) expect_fold_n((lit), sizeof(lit) - 1, (want), sizeof(want) - 1)

/* Folding the result again changes nothing. */
static void expect_idempotent(const char *s, size_t n)
{
	size_t l1, l2;
	char *once = fold_checked(s, n, &l1);
	char *twice = fold_checked(once, l1, &l2);

	cr_assert_eq(l2, l1, "fold(fold(x)) is %zu bytes, fold(x) %zu", l2, l1);
	cr_assert_eq(memcmp(once, twice, l1), 0, "fold(fold(x)) != fold(x)");
	free(once);
	free(twice);
}

/* ---- ASCII ---------------------------------------------------------------- */

Test(fold, ascii_letters_to_lower_case)
{
	expect_fold("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz");
	expect_fold("abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz");
	expect_fold("Aviso De LLEGADA 2026", "aviso de llegada 2026");
}

Test(fold, every_ascii_byte)
{
	/* Each byte 0..127 alone: only A..Z change; NUL is data, not the end. */
	for (unsigned c = 0; c < 128; c++) {
		char s[1] = { (char)c };
		char want[1] = { (char)(c >= 'A' && c <= 'Z' ? c + 32 : c) };

		expect_fold_n(s, 1, want, 1);
	}
	/* '@' and '[' are the neighbours of 'A' and 'Z'. */
	expect_fold("@[`{", "@[`{");
}

Test(fold, empty_input)
{
	char out[1] = { 'x' };

	cr_assert_eq(fold_text("", 0, out), 0);
	cr_assert_eq(out[0], '\0');
	cr_assert_eq(fold_text(NULL, 0, out), 0, "n == 0 does not read s");
	cr_assert_eq(out[0], '\0');
}

Test(fold, stops_at_n)
{
	FOLD_N("ABC", "abc");
	expect_fold_n("ABCDEF", 3, "abc", 3);
	/* n cuts a two-byte letter in half: its lead byte is copied alone. */
	expect_fold_n("A\xc3\x89", 2, "a\xc3", 2);
}

/* ---- Latin-1 letters ------------------------------------------------------ */

/* U+00C0..U+00FF in order, with the fold.h result for each. */
static const struct {
	const char *ch;
	const char *want;
} latin1[64] = {
	{ "À", "a" }, { "Á", "a" }, { "Â", "a" }, { "Ã", "a" },
	{ "Ä", "a" }, { "Å", "a" }, { "Æ", "ae" }, { "Ç", "c" },
	{ "È", "e" }, { "É", "e" }, { "Ê", "e" }, { "Ë", "e" },
	{ "Ì", "i" }, { "Í", "i" }, { "Î", "i" }, { "Ï", "i" },
	{ "Ð", "d" }, { "Ñ", "n" }, { "Ò", "o" }, { "Ó", "o" },
	{ "Ô", "o" }, { "Õ", "o" }, { "Ö", "o" }, { "×", "×" },
	{ "Ø", "o" }, { "Ù", "u" }, { "Ú", "u" }, { "Û", "u" },
	{ "Ü", "u" }, { "Ý", "y" }, { "Þ", "th" }, { "ß", "ss" },
	{ "à", "a" }, { "á", "a" }, { "â", "a" }, { "ã", "a" },
	{ "ä", "a" }, { "å", "a" }, { "æ", "ae" }, { "ç", "c" },
	{ "è", "e" }, { "é", "e" }, { "ê", "e" }, { "ë", "e" },
	{ "ì", "i" }, { "í", "i" }, { "î", "i" }, { "ï", "i" },
	{ "ð", "d" }, { "ñ", "n" }, { "ò", "o" }, { "ó", "o" },
	{ "ô", "o" }, { "õ", "o" }, { "ö", "o" }, { "÷", "÷" },
	{ "ø", "o" }, { "ù", "u" }, { "ú", "u" }, { "û", "u" },
	{ "ü", "u" }, { "ý", "y" }, { "þ", "th" }, { "ÿ", "y" },
};

Test(fold, every_latin1_letter)
{
	for (unsigned i = 0; i < 64; i++) {
		const unsigned char *u = (const unsigned char *)latin1[i].ch;

		/* The table above is really U+00C0 + i. */
		cr_assert(u[0] == 0xC3 && u[1] == 0x80 + i && u[2] == 0, "entry %u", i);
		expect_fold(latin1[i].ch, latin1[i].want);
	}
}

Test(fold, spanish_letters)
{
	expect_fold("áéíóúüñ", "aeiouun");
	expect_fold("ÁÉÍÓÚÜÑ", "aeiouun");
	expect_fold("¿Añadió el cónyuge la garantía?", "¿anadio el conyuge la garantia?");
	expect_fold("PINGÜINO", "pinguino");
	expect_fold("Contraseña", "contrasena");
	expect_fold("Notificación", "notificacion");
	expect_fold("NOTIFICACIÓN", "notificacion");
	expect_fold("notificacion", "notificacion");
	expect_fold("HOMOLOGACIÓN EN ADUANA CON RUC", "homologacion en aduana con ruc");
}

Test(fold, other_latin_letters)
{
	expect_fold("Ça", "ca");
	expect_fold("garçon", "garcon");
	expect_fold("Straße", "strasse");
	expect_fold("STRAẞE", "stra\xe1\xba\x9e" "e");   /* capital ẞ (U+1E9E) is not Latin-1 */
	expect_fold("Æble æble", "aeble aeble");
	expect_fold("Øresund", "oresund");
	expect_fold("Þórr", "thorr");
	expect_fold("ÿ", "y");
}

Test(fold, times_and_divide_are_copied)
{
	expect_fold("×", "×");
	expect_fold("÷", "÷");
	expect_fold("2×3÷4", "2×3÷4");
	expect_fold("A×B", "a×b");
}

/* ---- everything else is copied -------------------------------------------- */

Test(fold, other_utf8_copied_byte_for_byte)
{
	static const char *const same[] = {
		"€", "ŝ", "Ŝ", "😀", "𝄞", "Ÿ",        /* Ÿ is U+0178: not Latin-1 */
		"ª º µ ¡ ¿ « » ° ± ¬ ¶",             /* C2 80..C2 BF: not letters here */
		"\xc2\xa0",                          /* no-break space */
		"Ελλάδα", "Москва", "中文", "ﬁ",
		"\xef\xbb\xbf",                      /* a BOM */
		"\xf4\x8f\xbf\xbf",                  /* U+10FFFF */
	};

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		expect_fold(same[i], same[i]);
	expect_fold("USD 400 €", "usd 400 €");
	expect_fold("Ŝ€Ñ😀É", "Ŝ€n😀e");
}

Test(fold, broken_utf8_copied)
{
	FOLD_N("\xc3", "\xc3");                     /* a lone C3 at the end */
	FOLD_N("ABC\xc3", "abc\xc3");
	FOLD_N("\xc3" "A", "\xc3" "a");             /* C3 before a non-continuation */
	FOLD_N("\xc3\xc3\x89", "\xc3" "e");         /* C3 before a real É */
	FOLD_N("\xc3\xc0", "\xc3\xc0");             /* C0: not a continuation byte */
	FOLD_N("\x89\xa9", "\x89\xa9");             /* continuation bytes alone */
	FOLD_N("\xe2\x82", "\xe2\x82");             /* a truncated € */
	FOLD_N("\xe2\xc3\xa9", "\xe2" "e");
	FOLD_N("\xff\xfe" "A", "\xff\xfe" "a");
	FOLD_N("\xc3\x00\xc3\x80", "\xc3\x00" "a");   /* NUL is not a continuation */
	FOLD_N("a\0B", "a\0b");                     /* NUL in the middle is data */
}

Test(fold, every_two_byte_pair)
{
	/* Every pair of bytes: never longer, NUL-terminated, idempotent; only
	 * C3 xx and the ASCII capitals change anything. */
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned c = 0; c < 256; c++) {
			char s[2] = { (char)a, (char)c };
			size_t len;
			char *out = fold_checked(s, 2, &len);

			if (a == 0xC3 && c >= 0x80 && c <= 0xBF) {
				const char *w = latin1[c - 0x80].want;
				cr_assert_eq(len, strlen(w));
				cr_assert_eq(memcmp(out, w, len), 0, "C3 %02X", c);
			} else {
				cr_assert_eq(len, 2);
				cr_assert_eq((unsigned char)out[0],
					     a >= 'A' && a <= 'Z' ? a + 32 : a, "%02X %02X", a, c);
				cr_assert_eq((unsigned char)out[1],
					     c >= 'A' && c <= 'Z' ? c + 32 : c, "%02X %02X", a, c);
			}
			free(out);
			expect_idempotent(s, 2);
		}
	}
}

/* ---- properties over random text ------------------------------------------ */

static unsigned long long rng_state;

static unsigned rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 32);
}

/* A random code point, weighted towards what subjects contain. */
static unsigned long random_cp(void)
{
	unsigned k = rng() % 10;
	unsigned long cp;

	switch (k) {
	case 0: case 1: case 2: case 3:
		return 0x20 + rng() % 0x5F;                      /* printable ASCII */
	case 4:
		return rng() % 0x80;                             /* any ASCII, NUL too */
	case 5: case 6:
		return 0xC0 + rng() % 0x40;                      /* Latin-1 letters, × ÷ */
	case 7:
		return 0x80 + rng() % 0x40;                      /* C2 80..C2 BF */
	case 8:
		cp = 0x100 + rng() % (0x10000 - 0x100);          /* the rest of the BMP */
		return cp >= 0xD800 && cp <= 0xDFFF ? 0x20AC : cp;
	default:
		return 0x10000 + rng() % 0x100000;               /* astral */
	}
}

static size_t utf8_put(unsigned long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

Test(fold, random_valid_utf8_against_a_reference)
{
	/* Up to 300 code points (1..1200 bytes); the expected output is built
	 * from the code points, with the table at the top of this file. */
	enum { MAXCP = 300 };
	static unsigned char in[4 * MAXCP], want[4 * MAXCP];

	rng_state = 0x243f6a8885a308d3ULL;
	for (int rep = 0; rep < 3000; rep++) {
		size_t ncp = (size_t)rng() % (MAXCP + 1), n = 0, wn = 0, len;
		char *out;

		for (size_t i = 0; i < ncp; i++) {
			unsigned long cp = random_cp();
			size_t k = utf8_put(cp, in + n);

			if (cp >= 'A' && cp <= 'Z') {
				want[wn++] = (unsigned char)(cp + 32);
			} else if (cp >= 0xC0 && cp <= 0xFF) {
				const char *w = latin1[cp - 0xC0].want;
				memcpy(want + wn, w, strlen(w));
				wn += strlen(w);
			} else {
				memcpy(want + wn, in + n, k);
				wn += k;
			}
			n += k;
		}
		out = fold_checked((const char *)in, n, &len);
		cr_assert_eq(len, wn, "rep %d: %zu bytes, want %zu", rep, len, wn);
		cr_assert_eq(memcmp(out, want, wn), 0, "rep %d: differs from the reference", rep);
		free(out);
		expect_idempotent((const char *)in, n);
	}
}

Test(fold, random_bytes_properties)
{
	/* Any bytes at all, broken UTF-8 included: never longer, terminated,
	 * nothing written past the NUL (fold_checked), and idempotent. */
	static unsigned char in[512];
	static const unsigned char pool[] = "\xc3\xc3\xc3\x80\x97\xb7\xbf\xc0\xc2\xe2\x82\xac" "AZaz \0\xff";

	rng_state = 0x13198a2e03707344ULL;
	for (int rep = 0; rep < 20000; rep++) {
		size_t n = (size_t)rng() % sizeof(in);
		int dense = rep % 2;

		for (size_t i = 0; i < n; i++)
			in[i] = dense ? pool[rng() % (sizeof(pool) - 1)] : (unsigned char)rng();
		expect_idempotent((const char *)in, n);
	}
}

Test(fold, output_may_be_as_long_as_input)
{
	/* ß, æ and þ are the letters that keep their two bytes. */
	FOLD_N("ßÆþ", "ssaeth");
	FOLD_N("ßßßß", "ssssssss");
}
