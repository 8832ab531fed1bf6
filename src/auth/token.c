/*
 * token.c — see token.h.
 */
#include "auth/token.h"

#include <sodium.h>
#include <string.h>

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

#define SIGNED_RANDOM 16
#define SIGNED_MAC    16

static void mac_of(const unsigned char key[TOKEN_KEY_BYTES], const unsigned char *r, unsigned char mac[SIGNED_MAC])
{
	crypto_generichash(mac, SIGNED_MAC, r, SIGNED_RANDOM, key, TOKEN_KEY_BYTES);
}

void token_signed_new(const unsigned char key[TOKEN_KEY_BYTES], char out[TOKEN_HEX])
{
	unsigned char raw[SIGNED_RANDOM + SIGNED_MAC];

	randombytes_buf(raw, SIGNED_RANDOM);
	mac_of(key, raw, raw + SIGNED_RANDOM);
	to_hex(raw, sizeof(raw), out);
}

bool token_signed_valid(const unsigned char key[TOKEN_KEY_BYTES], const char *s, size_t n)
{
	unsigned char raw[SIGNED_RANDOM + SIGNED_MAC], mac[SIGNED_MAC];
	size_t len;

	if (!token_valid(s, n) || sodium_hex2bin(raw, sizeof(raw), s, n, NULL, &len, NULL) != 0 ||
	    len != sizeof(raw))
		return false;
	mac_of(key, raw, mac);
	return sodium_memcmp(mac, raw + SIGNED_RANDOM, SIGNED_MAC) == 0;
}

int token_key_from_hex(const char *s, unsigned char key[TOKEN_KEY_BYTES])
{
	size_t len;

	if (s == NULL || !token_valid(s, strlen(s)) ||
	    sodium_hex2bin(key, TOKEN_KEY_BYTES, s, strlen(s), NULL, &len, NULL) != 0 || len != TOKEN_KEY_BYTES)
		return -1;
	return 0;
}

void token_code_hash(const unsigned char key[TOKEN_KEY_BYTES], const char *handle, const char *code,
		     char out[TOKEN_HEX])
{
	crypto_generichash_state st;
	unsigned char h[TOKEN_BYTES];

	crypto_generichash_init(&st, key, TOKEN_KEY_BYTES, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)handle, strlen(handle));
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, h, sizeof(h));
	to_hex(h, sizeof(h), out);
}

void token_random(unsigned char *out, size_t n)
{
	randombytes_buf(out, n);
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
