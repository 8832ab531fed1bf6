/*
 * token.c — see token.h.
 */
#include "auth/token.h"

#include <sodium.h>

static void to_hex(const unsigned char *p, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, p, n);
}

void token_new(char out[TOKEN_HEX])
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	to_hex(raw, sizeof(raw), out);
	sodium_memzero(raw, sizeof(raw));
}

bool token_valid(const char *s, size_t n)
{
	if (s == NULL || n != TOKEN_HEX - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int token_hash(const char *s, size_t n, char out[TOKEN_HEX])
{
	unsigned char h[TOKEN_BYTES];

	if (!token_valid(s, n))
		return -1;
	crypto_generichash(h, sizeof(h), (const unsigned char *)s, n, NULL, 0);
	to_hex(h, sizeof(h), out);
	return 0;
}

bool token_equal(const char *a, size_t an, const char *b, size_t bn)
{
	if (a == NULL || b == NULL || an != bn || an == 0)
		return false;
	return sodium_memcmp(a, b, an) == 0;
}
