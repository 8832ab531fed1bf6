/*
 * fuzz_ruc.c — libFuzzer target for src/domain/ruc.c.
 *
 * Feeds arbitrary bytes to ruc_check, exactly as sized by libFuzzer (no NUL
 * terminator, so AddressSanitizer catches any read past len), and aborts when
 * a result breaks one of the invariants promised in ruc.h:
 *   - the return value is out->status, and status and reason agree;
 *   - kind is RUC_KIND_NONE exactly when the number is invalid, and only public
 *     and company RUCs can carry the check-digit warning;
 *   - digits is NUL-terminated; an accepted number has 10 digits (cédula) or 13
 *     (RUC), all of them decimal, equal to the input without spaces and dashes;
 *   - digits is "" for RUC_ERR_EMPTY, RUC_ERR_CHAR and RUC_ERR_LENGTH;
 *   - input over LIMIT_RUC_INPUT bytes is RUC_ERR_LENGTH;
 *   - checking the normalised digits again gives the same verdict;
 *   - ruc_reason_text and ruc_kind_text never return NULL.
 *
 * Build: clang -g -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_ruc.c \
 *            src/domain/ruc.c -o fuzz_ruc
 * Seeds: fuzz/corpus/ruc/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "domain/ruc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int ok)
{
	if (!ok)
		abort();
}

static void
check_texts(const struct ruc_result *r)
{
	require(ruc_reason_text(r->reason, 0) != NULL);
	require(ruc_reason_text(r->reason, 1) != NULL);
	require(ruc_kind_text(r->kind, 0) != NULL);
	require(ruc_kind_text(r->kind, 1) != NULL);
	/* Only RUC_OK has an empty message. */
	require((ruc_reason_text(r->reason, 0)[0] == '\0') == (r->reason == RUC_OK));
	require((ruc_reason_text(r->reason, 1)[0] == '\0') == (r->reason == RUC_OK));
}

/* The input with spaces and dashes removed equals digits. */
static void
check_digits_match(const char *s, size_t len, const char *digits)
{
	size_t i, j = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '-')
			continue;
		require(digits[j] == s[i]);
		j++;
	}
	require(digits[j] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ruc_result r, again;
	enum ruc_status ret;
	const char *nul;
	size_t n, i;

	memset(&r, 0xa5, sizeof(r));   /* ruc_check must overwrite all of it */
	ret = ruc_check(s, size, &r);

	require(ret == r.status);
	require(r.status == RUC_VALID || r.status == RUC_VALID_WARNING ||
	    r.status == RUC_INVALID);
	require((r.status == RUC_VALID) == (r.reason == RUC_OK));
	require((r.status == RUC_VALID_WARNING) ==
	    (r.reason == RUC_WARN_CHECK_DIGIT));
	if (r.status == RUC_INVALID)
		require(r.reason >= RUC_ERR_EMPTY && r.reason <= RUC_ERR_ESTABLISHMENT);
	require((r.kind == RUC_KIND_NONE) == (r.status == RUC_INVALID));
	require((unsigned)r.kind <= RUC_KIND_COMPANY);
	if (r.status == RUC_VALID_WARNING)
		require(r.kind == RUC_KIND_PUBLIC || r.kind == RUC_KIND_COMPANY);

	nul = memchr(r.digits, '\0', sizeof(r.digits));
	require(nul != NULL);
	n = (size_t)(nul - r.digits);
	for (i = 0; i < n; i++)
		require(r.digits[i] >= '0' && r.digits[i] <= '9');

	if (r.reason == RUC_ERR_EMPTY || r.reason == RUC_ERR_CHAR ||
	    r.reason == RUC_ERR_LENGTH)
		require(n == 0);
	else
		require(n == 10 || n == 13);
	if (r.status != RUC_INVALID)
		require(n == (r.kind == RUC_KIND_CEDULA ? 10u : 13u));
	if (size > LIMIT_RUC_INPUT)
		require(r.reason == RUC_ERR_LENGTH);
	if (n > 0)
		check_digits_match(s, size, r.digits);

	check_texts(&r);

	/* Normalisation is idempotent and the verdict depends only on digits. */
	if (n > 0) {
		char copy[sizeof(r.digits)];

		memcpy(copy, r.digits, sizeof(copy));
		require(ruc_check(copy, n, &again) == r.status);
		require(again.reason == r.reason);
		require(again.kind == r.kind);
		require(strcmp(again.digits, r.digits) == 0);
	}
	return 0;
}
