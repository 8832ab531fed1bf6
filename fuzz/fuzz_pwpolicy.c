/*
 * fuzz_pwpolicy.c — libFuzzer target for src/domain/pwpolicy.c.
 *
 * Feeds arbitrary bytes to pw_policy_check, exactly as sized by libFuzzer (no
 * NUL terminator, so AddressSanitizer catches any read past n), and aborts
 * when a verdict breaks what pwpolicy.h promises:
 *   - the verdict is one of the enum, and the same on a second call;
 *   - input over LIMIT_PASSWORD_BYTES bytes is PW_TOO_LONG;
 *   - PW_OK only for valid UTF-8 of at least PW_MIN_CHARS code points and
 *     no control character;
 *   - upper-casing the ASCII letters changes nothing (the list is compared
 *     folded);
 *   - personal data (the first half of the input, as a datum) can only turn
 *     PW_OK into PW_PERSONAL, never change another verdict;
 *   - pw_policy_message never returns NULL, "" only for PW_OK;
 *   - pw_policy_listed reads within its view.
 *
 * Build and run: scripts/fuzz.sh pwpolicy.  Seeds: fuzz/corpus/pwpolicy/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "domain/pwpolicy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int ok)
{
	if (!ok)
		abort();
}

static int
has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20u || c == 0x7fu ||
		    (c == 0xc2u && i + 1 < n && (unsigned char)s[i + 1] <= 0x9fu))
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	enum pw_verdict v, again, with;
	char *upper, *datum;
	const char *personal[2];
	const char *m;

	v = pw_policy_check(s, size, NULL);
	require(v >= PW_OK && v <= PW_BAD_TEXT);
	again = pw_policy_check(s, size, NULL);
	require(again == v);
	if (size > LIMIT_PASSWORD_BYTES)
		require(v == PW_TOO_LONG);
	if (v == PW_OK) {
		require(utf8_valid(s, size));
		require(!has_control(s, size));
		require(utf8_len(s, size) >= PW_MIN_CHARS);
	}
	m = pw_policy_message(v);
	require(m != NULL && (m[0] == '\0') == (v == PW_OK));
	(void)pw_policy_listed(s, size);

	upper = malloc(size ? size : 1);
	if (upper == NULL)
		return 0;
	for (size_t i = 0; i < size; i++)
		upper[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	require(pw_policy_check(upper, size, NULL) == v);
	free(upper);

	datum = malloc(size / 2 + 1);
	if (datum == NULL)
		return 0;
	memcpy(datum, s, size / 2);
	datum[size / 2] = '\0';
	personal[0] = datum;
	personal[1] = NULL;
	with = pw_policy_check(s, size, personal);
	require(with == v || (v == PW_OK && with == PW_PERSONAL));
	free(datum);
	return 0;
}
