/*
 * password.c — see password.h.
 */
#include "auth/password.h"

#include <sodium.h>
#include <string.h>

/* Set once by password_init, read-only afterwards. */
static char dummy_hash[crypto_pwhash_STRBYTES];

_Static_assert(PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES, "hash buffer size");

int password_init(void)
{
	static const char pw[] = "aduana-dummy-password";

	if (sodium_init() < 0)
		return -1;
	if (dummy_hash[0])
		return 0;
	return password_hash(pw, sizeof(pw) - 1, dummy_hash);
}

int password_hash(const char *pw, size_t n, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw, size_t n)
{
	if (hash == NULL || memchr(hash, '\0', PASSWORD_HASH_MAX) == NULL)
		return -1;
	return crypto_pwhash_str_verify(hash, pw, n) == 0 ? 0 : -1;
}

int password_verify_dummy(const char *pw, size_t n)
{
	/* The result is meaningless: only the time spent matters. */
	if (crypto_pwhash_str_verify(dummy_hash, pw, n) == 0)
		return -1;
	return -1;
}
