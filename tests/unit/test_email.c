/*
 * test_email.c — unit tests of src/domain/email.c: the addresses accepted,
 * and everything that could break a header or an SMTP command refused.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <string.h>

#include "core/limits.h"
#include "domain/email.h"

static bool ok(const char *s)
{
	return email_valid(s, strlen(s));
}

Test(email, accepts_ordinary_addresses)
{
	static const char *const good[] = {
		"ana@example.test", "ana.perez@correo.example.ec", "a+b@example.test", "o'brien@example.test",
		"x_y-z@sub-dom.example.com", "1@2.ec", "operaciones@naviera.example", "A@EXAMPLE.TEST",
		"ana@correo.ñandú.ec", "user!#$%&*/=?^`{|}~@example.test",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert(ok(good[i]), "%s refused", good[i]);
}

Test(email, refuses_malformed)
{
	static const char *const bad[] = {
		"", "ana", "@example.test", "ana@", "ana@example", "ana@@example.test", "a@b@example.test",
		"ana @example.test", "ana@exa mple.test", "\"ana\"@example.test", "<ana@example.test>",
		"ana@example.test>", "ana,bea@example.test", "ana;bea@example.test", "ana(x)@example.test",
		".ana@example.test", "ana.@example.test", "an..a@example.test", "ana@.example.test",
		"ana@example..test", "ana@example.test.", "ana@-example.test", "ana@example-.test",
		"ana@exa_mple.test", "ana@[127.0.0.1]", "ana\\b@example.test", "ana:b@example.test",
		"ana@example.test\r\nBcc: x@example.test", "ana@example.test\n", "ana\r@example.test",
		"ana\t@example.test", "ana@example.te\x7fst", "añá@example.test",
		"ana@\xc3\x28.test",         /* invalid UTF-8 */
		"ana@\xe0\x80\x80.test",     /* overlong */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert(!ok(bad[i]), "%s accepted", bad[i]);
}

Test(email, nul_and_length)
{
	char big[LIMIT_EMAIL_BYTES + 16];
	size_t n;

	cr_assert(!email_valid("ana\0x@example.test", 19), "a NUL inside");
	cr_assert(!email_valid(NULL, 0));
	cr_assert(email_valid("ana@example.test and more", 16), "only n bytes are read");
	/* 64-byte local part, and one more. */
	memset(big, 'a', 64);
	memcpy(big + 64, "@example.test", 14);
	cr_assert(ok(big));
	memset(big, 'a', 65);
	memcpy(big + 65, "@example.test", 14);
	cr_assert(!ok(big), "local part past 64 bytes");
	/* Exactly LIMIT_EMAIL_BYTES, then one more: labels of 60 bytes. */
	memcpy(big, "a@", 2);
	n = 2;
	while (n < LIMIT_EMAIL_BYTES) {
		size_t k = LIMIT_EMAIL_BYTES - n > 61 ? 60 : LIMIT_EMAIL_BYTES - n - 1;
		if (n > 2)
			big[n++] = '.';
		memset(big + n, 'b', k);
		n += k;
	}
	cr_assert_eq(n, LIMIT_EMAIL_BYTES);
	cr_assert(email_valid(big, n), "%zu bytes", n);
	big[n] = 'c';
	cr_assert(!email_valid(big, n + 1), "past LIMIT_EMAIL_BYTES");
	/* A label of 64 bytes. */
	memcpy(big, "a@", 2);
	memset(big + 2, 'd', 64);
	memcpy(big + 66, ".test", 6);
	cr_assert(!ok(big), "label past 63 bytes");
}
