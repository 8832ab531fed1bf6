/*
 * fuzz_account.c — libFuzzer target for the input readers of
 * src/domain/account.c: the security code as typed (vcode_normalize), the ID
 * de usuario (account_usuario_normalize), the phone (account_phone_valid),
 * and the code drawn from random bytes (vcode_from_random).
 *
 * The input, cut at its first NUL, goes to each; what each promises is
 * checked, and a broken promise aborts: a code accepted is exactly
 * LIMIT_CODE_DIGITS digits and the input's digits in order; an ID accepted
 * is 4..LIMIT_USUARIO_BYTES of a-z 0-9 . _ -, the input lower-cased; a phone
 * accepted is at most LIMIT_PHONE_BYTES with 7..15 digits; a code drawn is
 * LIMIT_CODE_DIGITS digits or refused.
 *
 * Seeds: fuzz/corpus/account/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "domain/account.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char code[LIMIT_CODE_DIGITS + 1], id[LIMIT_USUARIO_BYTES + 1];
	size_t n, digits = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s);

	if (vcode_normalize(s, code) == 0) {
		size_t k = 0;
		require(strlen(code) == LIMIT_CODE_DIGITS);
		for (size_t i = 0; i < n; i++) {
			if (s[i] == ' ' || s[i] == '-')
				continue;
			require(s[i] >= '0' && s[i] <= '9' && code[k++] == s[i]);
		}
		require(k == LIMIT_CODE_DIGITS);
	} else {
		require(code[0] == '\0');
	}

	if (account_usuario_normalize(s, id)) {
		require(strlen(id) == n && n >= 4 && n <= LIMIT_USUARIO_BYTES);
		for (size_t i = 0; i < n; i++) {
			char want = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
			require(id[i] == want);
			require((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
				(i > 0 && (id[i] == '.' || id[i] == '_' || id[i] == '-')));
		}
	} else {
		require(id[0] == '\0');
	}

	if (account_phone_valid(s)) {
		require(n <= LIMIT_PHONE_BYTES);
		for (size_t i = 0; i < n; i++)
			digits += s[i] >= '0' && s[i] <= '9';
		require(digits >= 7 && digits <= 15);
	}

	if (vcode_from_random(data, size, code) == 0) {
		require(strlen(code) == LIMIT_CODE_DIGITS);
		for (size_t i = 0; i < LIMIT_CODE_DIGITS; i++)
			require(code[i] >= '0' && code[i] <= '9');
	}
	free(s);
	return 0;
}
