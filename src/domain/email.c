/*
 * email.c — see email.h.
 */
#include "domain/email.h"

#include <string.h>

#include "core/limits.h"

/* Printable ASCII allowed in a local part (RFC 5322 atext and '.'), minus
 * what would need quoting. */
static bool local_char(unsigned char ch)
{
	if (ch >= 'a' && ch <= 'z')
		return true;
	if (ch >= 'A' && ch <= 'Z')
		return true;
	if (ch >= '0' && ch <= '9')
		return true;
	return ch != '\0' && strchr(".!#$%&'*+-/=?^_`{|}~", ch) != NULL;
}

static bool domain_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch >= 0x80;
}

/* Bytes 0x80.. must form valid UTF-8 (a label of an internationalised name). */
static bool utf8_ok(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return false;
		for (size_t j = 1; j <= k; j++)
			if (i + j >= n || (p[i + j] & 0xc0) != 0x80)
				return false;
		/* Overlong three-byte forms, surrogates, past U+10FFFF. */
		if ((c == 0xe0 && p[i + 1] < 0xa0) || (c == 0xed && p[i + 1] > 0x9f) ||
		    (c == 0xf0 && p[i + 1] < 0x90) || (c == 0xf4 && p[i + 1] > 0x8f))
			return false;
		i += k + 1;
	}
	return true;
}

bool email_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *at;
	size_t nl, nd, label = 0, dots = 0;

	if (s == NULL || n == 0 || n > LIMIT_EMAIL_BYTES)
		return false;
	at = memchr(p, '@', n);
	if (at == NULL)
		return false;
	nl = (size_t)(at - p);
	nd = n - nl - 1;
	if (nl == 0 || nl > 64 || nd == 0 || nd > 253)
		return false;
	/* Local part. */
	if (p[0] == '.' || p[nl - 1] == '.')
		return false;
	for (size_t i = 0; i < nl; i++) {
		if (!local_char(p[i]))
			return false;
		if (p[i] == '.' && p[i + 1] == '.')
			return false;
	}
	/* Domain: labels, at least two. */
	at++;
	if (!utf8_ok(at, nd))
		return false;
	for (size_t i = 0; i < nd; i++) {
		unsigned char ch = at[i];

		if (ch == '.') {
			if (label == 0 || at[i - 1] == '-')
				return false;
			label = 0;
			dots++;
			continue;
		}
		if (!domain_char(ch))
			return false;
		if (label == 0 && ch == '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && at[nd - 1] != '-' && dots > 0;
}
