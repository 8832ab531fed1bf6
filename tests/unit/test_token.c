/*
 * test_token.c — unit tests of src/auth/token.c, session and CSRF tokens.
 *
 * What the session code relies on: a new token is 64 lowercase hex digits and
 * never repeats; token_valid accepts exactly that shape; token_hash is a
 * deterministic function of the token, different from it (the database never
 * holds a live token) and refuses malformed input; token_equal is true only
 * for equal, non-empty byte strings of the same length.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"

static void setup(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(token, .init = setup);

static int is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

Test(token, new_has_the_shape)
{
	char t[TOKEN_HEX];

	memset(t, 'Z', sizeof(t));
	token_new(t);
	cr_assert_eq(strlen(t), 64);
	cr_assert(is_lower_hex(t, 64), "%s", t);
	cr_assert(token_valid(t, strlen(t)));
}

Test(token, new_is_unique)
{
	enum { N = 500 };
	static char t[N][TOKEN_HEX];

	for (size_t i = 0; i < N; i++) {
		token_new(t[i]);
		for (size_t j = 0; j < i; j++)
			cr_assert_str_neq(t[i], t[j], "token %zu repeats token %zu", i, j);
	}
}

Test(token, new_uses_all_hex_digits)
{
	/* 50 tokens = 3200 digits: each of the 16 should appear (p of missing one ~ 0). */
	int seen[16] = { 0 };
	char t[TOKEN_HEX];

	for (int k = 0; k < 50; k++) {
		token_new(t);
		for (size_t i = 0; i < 64; i++)
			seen[t[i] <= '9' ? t[i] - '0' : t[i] - 'a' + 10] = 1;
	}
	for (int d = 0; d < 16; d++)
		cr_assert(seen[d], "hex digit %x never produced", d);
}

Test(token, valid_shape)
{
	char t[TOKEN_HEX];
	char u[TOKEN_HEX + 1];

	token_new(t);
	cr_assert(token_valid(t, 64));
	cr_assert_not(token_valid(t, 63));
	cr_assert_not(token_valid(t, 0));
	cr_assert_not(token_valid(NULL, 64));
	cr_assert_not(token_valid("", 0));
	memcpy(u, t, 64);
	u[64] = 'a';
	u[65] = '\0';
	cr_assert_not(token_valid(u, 65));
	/* Not NUL-terminated at 64: only the first 64 bytes are looked at. */
	cr_assert(token_valid(u, 64));

	memcpy(u, t, TOKEN_HEX);
	u[10] = 'A';
	cr_assert_not(token_valid(u, 64), "uppercase refused");
	u[10] = 'g';
	cr_assert_not(token_valid(u, 64));
	u[10] = ' ';
	cr_assert_not(token_valid(u, 64));
	u[10] = '\0';
	cr_assert_not(token_valid(u, 64));
	u[10] = '0';
	u[63] = 'F';
	cr_assert_not(token_valid(u, 64));
}

Test(token, hash_is_deterministic_and_differs)
{
	char t[TOKEN_HEX], h1[TOKEN_HEX], h2[TOKEN_HEX];

	token_new(t);
	cr_assert_eq(token_hash(t, 64, h1), 0);
	cr_assert_eq(token_hash(t, 64, h2), 0);
	cr_assert_str_eq(h1, h2);
	cr_assert_str_neq(h1, t);
	cr_assert_eq(strlen(h1), 64);
	cr_assert(token_valid(h1, 64), "the hash is stored as hex: %s", h1);
}

Test(token, hash_known_value)
{
	/* BLAKE2b-256 of 64 '0' characters, so a stored hash stays readable
	 * across versions (computed with libsodium crypto_generichash). */
	static const char zeros[] = "0000000000000000000000000000000000000000000000000000000000000000";
	unsigned char raw[32];
	char want[TOKEN_HEX], h[TOKEN_HEX];

	crypto_generichash(raw, sizeof(raw), (const unsigned char *)zeros, 64, NULL, 0);
	sodium_bin2hex(want, sizeof(want), raw, sizeof(raw));
	cr_assert_eq(token_hash(zeros, 64, h), 0);
	cr_assert_str_eq(h, want);
}

Test(token, different_tokens_different_hashes)
{
	char a[TOKEN_HEX], b[TOKEN_HEX], ha[TOKEN_HEX], hb[TOKEN_HEX];

	token_new(a);
	memcpy(b, a, TOKEN_HEX);
	b[0] = b[0] == '0' ? '1' : '0';   /* one digit apart */
	cr_assert_eq(token_hash(a, 64, ha), 0);
	cr_assert_eq(token_hash(b, 64, hb), 0);
	cr_assert_str_neq(ha, hb);
}

Test(token, hash_refuses_bad_shape)
{
	char h[TOKEN_HEX];

	cr_assert_eq(token_hash("abc", 3, h), -1);
	cr_assert_eq(token_hash(NULL, 64, h), -1);
	cr_assert_eq(token_hash("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", 64, h), -1);
}

Test(token, equal)
{
	char a[TOKEN_HEX], b[TOKEN_HEX];

	token_new(a);
	memcpy(b, a, TOKEN_HEX);
	cr_assert(token_equal(a, 64, b, 64));
	cr_assert(token_equal(a, 64, a, 64));
	b[63] = b[63] == 'a' ? 'b' : 'a';
	cr_assert_not(token_equal(a, 64, b, 64));
	cr_assert_not(token_equal(a, 64, a, 63), "lengths differ");
	cr_assert_not(token_equal(a, 63, a, 64));
	cr_assert_not(token_equal("", 0, "", 0), "empty tokens are never equal");
	cr_assert_not(token_equal(NULL, 0, NULL, 0));
	cr_assert_not(token_equal(a, 64, NULL, 64));
	cr_assert_not(token_equal(NULL, 64, a, 64));
	cr_assert(token_equal("x", 1, "xy", 1), "only n bytes compared");
}

Test(token, signed_tokens_verify_only_under_their_key)
{
	unsigned char k1[TOKEN_KEY_BYTES], k2[TOKEN_KEY_BYTES];
	char t[TOKEN_HEX], u[TOKEN_HEX], kh[TOKEN_HEX];

	token_new(kh);
	cr_assert_eq(token_key_from_hex(kh, k1), 0);
	token_new(kh);
	cr_assert_eq(token_key_from_hex(kh, k2), 0);
	token_signed_new(k1, t);
	token_signed_new(k1, u);
	cr_assert(token_valid(t, strlen(t)), "shaped like any token");
	cr_assert_str_neq(t, u);
	cr_assert(token_signed_valid(k1, t, strlen(t)));
	cr_assert_not(token_signed_valid(k2, t, strlen(t)), "another server's key");
	t[63] = t[63] == 'a' ? 'b' : 'a';
	cr_assert_not(token_signed_valid(k1, t, strlen(t)), "one character changed");
	cr_assert_not(token_signed_valid(k1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 64), "invented");
	cr_assert_not(token_signed_valid(k1, u, 63));
	cr_assert_not(token_signed_valid(k1, NULL, 0));
	cr_assert_eq(token_key_from_hex("abc", k1), -1);
	cr_assert_eq(token_key_from_hex(NULL, k1), -1);
}
