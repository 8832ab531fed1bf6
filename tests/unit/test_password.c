/*
 * test_password.c — unit tests of src/auth/password.c (Argon2id).
 *
 * Each hash or verification costs ~60 ms, so the cases are few: a hash is a
 * self-describing $argon2id$ string that verifies with its password and only
 * with it (all n bytes count, embedded NULs included); two hashes of one
 * password differ (random salt); malformed or unterminated hashes are -1
 * without crashing; the dummy verification always says -1.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <string.h>

#include "auth/password.h"

static void setup(void)
{
	cr_assert_eq(password_init(), 0);
}

TestSuite(password, .init = setup, .timeout = 30);

Test(password, hash_then_verify)
{
	static const char pw[] = "Clave-Segura.2024";
	char h[PASSWORD_HASH_MAX];

	memset(h, 'Z', sizeof(h));
	cr_assert_eq(password_hash(pw, strlen(pw), h), 0);
	cr_assert_not_null(memchr(h, '\0', sizeof(h)), "hash is NUL-terminated");
	cr_assert_eq(strncmp(h, "$argon2id$", 10), 0, "%s", h);
	cr_assert_null(strstr(h, pw), "the password is not in the hash");
	cr_assert_eq(password_verify(h, pw, strlen(pw)), 0);
	cr_assert_eq(password_verify(h, "Clave-Segura.2025", strlen(pw)), -1, "wrong password");
}

Test(password, every_byte_counts)
{
	/* "abc\0def": a NUL does not end the password, and a prefix is not it. */
	static const char pw[] = "abc\0def";
	char h[PASSWORD_HASH_MAX];

	cr_assert_eq(password_hash(pw, 7, h), 0);
	cr_assert_eq(password_verify(h, pw, 7), 0);
	cr_assert_eq(password_verify(h, pw, 3), -1);
}

Test(password, salted)
{
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];

	cr_assert_eq(password_hash("same", 4, h1), 0);
	cr_assert_eq(password_hash("same", 4, h2), 0);
	cr_assert_str_neq(h1, h2);
}

Test(password, malformed_hash)
{
	char junk[PASSWORD_HASH_MAX];

	cr_assert_eq(password_verify(NULL, "x", 1), -1);
	cr_assert_eq(password_verify("", "x", 1), -1);
	cr_assert_eq(password_verify("plaintext", "plaintext", 9), -1);
	cr_assert_eq(password_verify("$argon2id$v=19$m=65536,t=2,p=1$garbage", "x", 1), -1);
	cr_assert_eq(password_verify("$2b$10$abcdefghijklmnopqrstuu", "x", 1), -1);
	/* No NUL within PASSWORD_HASH_MAX bytes: refused, not read past. */
	memset(junk, '$', sizeof(junk));
	cr_assert_eq(password_verify(junk, "x", 1), -1);
}

Test(password, dummy_always_fails)
{
	cr_assert_eq(password_verify_dummy("aduana-dummy-password", 21), -1);
	cr_assert_eq(password_verify_dummy("anything", 8), -1);
}
