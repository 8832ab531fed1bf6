/*
 * pwpolicy.c — the password policy; the rules and their order are in
 * pwpolicy.h, the reasons in docs/decisions.md ("Issue 9 — password policy").
 *
 * The list of common passwords is data/common_passwords.txt, compiled in by
 * the build as build/gen/common_passwords.c (tools/embed, symbol
 * pw_common_files): one folded entry a line, unique, sorted bytewise, every
 * line ending in '\n' (scripts/common_passwords.mjs makes it so, and
 * tests/unit/test_pwpolicy.c checks it).  It is searched in place by binary
 * search over the lines: nothing is built at start-up, nothing is written, so
 * the lookup needs neither a lock nor an initialisation call.
 *
 * Invariants: pure code; the only statics are constants.  The password is
 * read through its pointer+length view and never past n; every working copy
 * is on the stack and bounded by LIMIT_PASSWORD_BYTES (checked first).
 */
#include "domain/pwpolicy.h"

#include <string.h>

#include "core/embed.h"
#include "core/fold.h"
#include "core/str.h"

extern const struct embedded_file pw_common_files[];
extern const size_t pw_common_files_count;

/* The messages below say "12". */
_Static_assert(LIMIT_PASSWORD_MIN_CHARS == 12, "update pw_policy_message and web/i18n.c");
_Static_assert(LIMIT_PASSWORD_BYTES == 256, "update pw_policy_message and web/i18n.c");

#define CORE_MIN_CHARS     6     /* a core shorter than this is not looked up */
#define DATUM_MIN_CHARS    4     /* a personal datum shorter than this is ignored */
#define DATUM_MAX_BYTES    512   /* a personal datum is read up to this many bytes */

/* Code points of s[0..n): the bytes that do not continue a sequence. */
static size_t
chars(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0u) != 0x80u)
			k++;
	return k;
}

/* An ASCII byte that is not a lower-case letter (digits, symbols, spaces): what
 * is stripped around a core.  A byte of a multi-byte character counts as a
 * letter. */
static bool
is_symbol_or_digit(char c)
{
	unsigned char u = (unsigned char)c;

	return u < 0x80u && !(u >= 'a' && u <= 'z');
}

static bool
is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Valid UTF-8 (core/str.c) without C0 controls, DEL or C1 controls. */
static bool
text_ok(const char *s, size_t n)
{
	if (!utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20u || c == 0x7Fu)
			return false;
		/* U+0080..U+009F are C2 80..C2 9F. */
		if (c == 0xC2u && i + 1 < n && (unsigned char)s[i + 1] <= 0x9Fu)
			return false;
	}
	return true;
}

static const char *
list_data(size_t *len)
{
	if (pw_common_files_count == 0) {
		*len = 0;
		return "";
	}
	*len = pw_common_files[0].len;
	return (const char *)pw_common_files[0].data;
}

const char *
pw_policy_list(size_t *len)
{
	return list_data(len);
}

/* Bytewise comparison of two views, as the list is sorted. */
static int
compare(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn ? 1 : 0;
}

/*
 * Binary search over the lines of the list.  lo and hi are always the start
 * of a line (or the end of the data); the line holding the middle byte is
 * compared and the half that cannot hold s is dropped with it.
 */
bool
pw_policy_listed(const char *s, size_t n)
{
	size_t len, lo = 0, hi;
	const char *d = list_data(&len);

	if (n == 0)
		return false;
	hi = len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, b = mid, e = mid;
		int c;

		while (b > lo && d[b - 1] != '\n')
			b--;
		while (e < hi && d[e] != '\n')
			e++;
		c = compare(s, n, d + b, e - b);
		if (c == 0)
			return true;
		if (c < 0)
			hi = b;
		else
			lo = e + 1;
	}
	return false;
}

/* True when s[0..n) is one unit of fewer than PW_MIN_CHARS characters written
 * twice or more.  The smallest period is the unit with the fewest characters;
 * it starts where s starts, on a character boundary. */
static bool
repeated(const char *s, size_t n)
{
	for (size_t p = 1; p <= n / 2; p++) {
		size_t i;

		if (n % p != 0)
			continue;
		for (i = p; i < n && s[i] == s[i - p]; i++)
			;
		if (i == n)
			return chars(s, p) < PW_MIN_CHARS;
	}
	return false;
}

static bool
weak(const char *s, size_t n)
{
	return pw_policy_listed(s, n) || repeated(s, n);
}

/* Rule 4 on the folded password f[0..n) (no spaces). */
static bool
common(const char *f, size_t n)
{
	size_t b = 0, e = n;

	if (n == 0 || weak(f, n))   /* n == 0: nothing but spaces */
		return true;
	while (e > 0 && is_symbol_or_digit(f[e - 1]))
		e--;
	if (e < n && chars(f, e) >= CORE_MIN_CHARS && weak(f, e))
		return true;
	while (b < e && is_symbol_or_digit(f[b]))
		b++;
	if (b > 0 && chars(f + b, e - b) >= CORE_MIN_CHARS && weak(f + b, e - b))
		return true;
	return false;
}

/* Marks in mark[] every occurrence of d[0..dn) in g[0..gn), when d has at
 * least DATUM_MIN_CHARS characters. */
static void
mark_datum(const char *g, size_t gn, const char *d, size_t dn, unsigned char *mark)
{
	if (dn == 0 || dn > gn || chars(d, dn) < DATUM_MIN_CHARS)
		return;
	for (size_t i = 0; i + dn <= gn; i++)
		if (memcmp(g + i, d, dn) == 0)
			memset(mark + i, 1, dn);
}

/* Drops the ASCII bytes that are neither letters nor digits from s[0..n)
 * (already folded), in place; returns the new length. */
static size_t
keep_alnum(char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80u || is_ascii_alnum(s[i]))
			s[o++] = s[i];
	return o;
}

/* Marks one personal datum, whole and word by word, in g[0..gn). */
static void
mark_item(const char *g, size_t gn, const char *item, unsigned char *mark)
{
	char buf[DATUM_MAX_BYTES + 1], whole[DATUM_MAX_BYTES + 1];
	size_t n = strnlen(item, DATUM_MAX_BYTES), wn, start = 0;
	const char *at = memchr(item, '@', n);

	if (at != NULL)
		n = (size_t)(at - item);
	n = fold_text(item, n, buf);
	memcpy(whole, buf, n);
	wn = keep_alnum(whole, n);
	mark_datum(g, gn, whole, wn, mark);
	/* The words: runs of letters and digits (and non-ASCII bytes). */
	for (size_t i = 0; i <= n; i++) {
		if (i < n && ((unsigned char)buf[i] >= 0x80u || is_ascii_alnum(buf[i])))
			continue;
		if (i > start && i - start < wn)
			mark_datum(g, gn, buf + start, i - start, mark);
		start = i + 1;
	}
}

/* Rule 5 on the folded password f[0..n) (no spaces). */
static bool
personal_data(const char *f, size_t n, const char *const *personal)
{
	char g[LIMIT_PASSWORD_BYTES + 1];
	unsigned char mark[LIMIT_PASSWORD_BYTES + 1] = { 0 };
	size_t gn, covered = 0, letters = 0;

	if (personal == NULL)
		return false;
	memcpy(g, f, n);
	gn = keep_alnum(g, n);
	for (size_t k = 0; personal[k] != NULL; k++)
		mark_item(g, gn, personal[k], mark);
	for (size_t i = 0; i < gn; i++) {
		if (((unsigned char)g[i] & 0xC0u) == 0x80u)
			continue;
		if (mark[i])
			covered++;
		else if (!(g[i] >= '0' && g[i] <= '9'))
			letters++;
	}
	return covered > 0 && covered >= letters;
}

enum pw_verdict
pw_policy_check(const char *pw, size_t n, const char *const *personal)
{
	char f[LIMIT_PASSWORD_BYTES + 1];
	size_t fn, o = 0;

	if (n > LIMIT_PASSWORD_BYTES)
		return PW_TOO_LONG;
	if (n == 0 || pw == NULL)
		return PW_TOO_SHORT;
	if (!text_ok(pw, n))
		return PW_BAD_TEXT;
	if (chars(pw, n) < PW_MIN_CHARS)
		return PW_TOO_SHORT;
	fn = fold_text(pw, n, f);
	for (size_t i = 0; i < fn; i++)
		if (f[i] != ' ')
			f[o++] = f[i];
	fn = o;
	if (common(f, fn))
		return PW_COMMON;
	if (personal_data(f, fn, personal))
		return PW_PERSONAL;
	return PW_OK;
}

const char *
pw_policy_message(enum pw_verdict v)
{
	switch (v) {
	case PW_OK:
		return "";
	case PW_TOO_SHORT:
		return "La contraseña debe tener al menos 12 caracteres.";
	case PW_TOO_LONG:
		return "La contraseña es demasiado larga: admite hasta 256 bytes (cada letra con tilde ocupa dos).";
	case PW_COMMON:
		return "Esa contraseña es demasiado común: elija otra, por ejemplo una frase de varias palabras.";
	case PW_PERSONAL:
		return "La contraseña no debe basarse en sus datos (ID. Usuario, RUC, cédula, nombre o correo): elija otra.";
	case PW_BAD_TEXT:
		return "La contraseña contiene caracteres no válidos (por ejemplo, saltos de línea o tabuladores).";
	}
	return "La contraseña no cumple la política de contraseñas.";
}
