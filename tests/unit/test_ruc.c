/*
 * test_ruc.c — unit tests of src/domain/ruc.c (cédula and RUC validation).
 *
 * Every branch of ruc_check has a case here: each kind valid, each error
 * reason, the check-digit warning of public and company RUCs (including the
 * mod-11 remainder that leaves no valid digit), normalisation of spaces and
 * dashes, input that is not NUL-terminated, the input size limit, and the
 * message tables in both languages.  The valid numbers were worked out by hand
 * (the arithmetic is in the comments) and cross-checked with a separate script.
 */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "domain/ruc.h"

/* Checks the invariants that hold for every result (see ruc.h). */
static void
assert_invariants(const struct ruc_result *r, enum ruc_status ret)
{
	const char *nul = memchr(r->digits, '\0', sizeof(r->digits));
	size_t n;

	cr_assert_eq(ret, r->status);
	cr_assert_not_null(nul, "digits not NUL-terminated");
	n = (size_t)(nul - r->digits);
	switch (r->status) {
	case RUC_VALID:
		cr_assert_eq(r->reason, RUC_OK);
		break;
	case RUC_VALID_WARNING:
		cr_assert_eq(r->reason, RUC_WARN_CHECK_DIGIT);
		break;
	case RUC_INVALID:
		cr_assert_neq(r->reason, RUC_OK);
		cr_assert_neq(r->reason, RUC_WARN_CHECK_DIGIT);
		cr_assert_eq(r->kind, RUC_KIND_NONE);
		break;
	default:
		cr_assert_fail("status out of range: %d", (int)r->status);
	}
	if (r->status != RUC_INVALID) {
		cr_assert_neq(r->kind, RUC_KIND_NONE);
		cr_assert_eq(n, r->kind == RUC_KIND_CEDULA ? 10u : 13u);
	}
	if (r->reason == RUC_ERR_EMPTY || r->reason == RUC_ERR_CHAR ||
	    r->reason == RUC_ERR_LENGTH)
		cr_assert_eq(n, 0u);
}

/* Runs ruc_check on the NUL-terminated s, over a result full of garbage. */
static struct ruc_result
check(const char *s)
{
	struct ruc_result r;
	enum ruc_status ret;

	memset(&r, 0x5a, sizeof(r));
	ret = ruc_check(s, strlen(s), &r);
	assert_invariants(&r, ret);
	return r;
}

static void
expect(const char *s, enum ruc_status status, enum ruc_kind kind,
    enum ruc_reason reason, const char *digits)
{
	struct ruc_result r = check(s);

	cr_assert_eq(r.status, status, "\"%s\": status %d, want %d", s,
	    (int)r.status, (int)status);
	cr_assert_eq(r.reason, reason, "\"%s\": reason %d, want %d", s,
	    (int)r.reason, (int)reason);
	cr_assert_eq(r.kind, kind, "\"%s\": kind %d, want %d", s,
	    (int)r.kind, (int)kind);
	cr_assert_str_eq(r.digits, digits, "\"%s\": digits \"%s\", want \"%s\"",
	    s, r.digits, digits);
}

static void
expect_valid(const char *s, enum ruc_kind kind)
{
	expect(s, RUC_VALID, kind, RUC_OK, s);
}

static void
expect_warning(const char *s, enum ruc_kind kind)
{
	expect(s, RUC_VALID_WARNING, kind, RUC_WARN_CHECK_DIGIT, s);
}

/* For an invalid number that is all digits: digits echo it. */
static void
expect_error(const char *s, enum ruc_reason reason)
{
	expect(s, RUC_INVALID, RUC_KIND_NONE, reason, s);
}

/* For input rejected before normalisation completes: digits is "". */
static void
expect_rejected(const char *s, enum ruc_reason reason)
{
	expect(s, RUC_INVALID, RUC_KIND_NONE, reason, "");
}

/* ---- cédula ---------------------------------------------------------- */

Test(cedula, valid)
{
	/* 1 7 1 0 0 3 4 0 6 x 2 1 2 1 2 1 2 1 2 = 2 7 2 0 0 3 8 0 12->3,
	 * sum 25, (10 - 5) mod 10 = 5. */
	expect_valid("1710034065", RUC_KIND_CEDULA);
	/* 0 1 0 2 0 3 0 4 0: 0+1+0+2+0+3+0+4+0 = 10, check (10-0) mod 10 = 0. */
	expect_valid("0102030400", RUC_KIND_CEDULA);
	/* 0 9 1 2 3 4 5 6 7: 0+9+2+2+6+4+10->1+6+14->5 = 35, check 5. */
	expect_valid("0912345675", RUC_KIND_CEDULA);
	/* Province 24: 4+4 = 8, check 2. */
	expect_valid("2400000002", RUC_KIND_CEDULA);
}

Test(cedula, provinces_30_and_50)
{
	/* 3 0 5 -> 6+0+10->1 = 7, check 3. */
	expect_valid("3050000003", RUC_KIND_CEDULA);
	/* 5 0 5 -> 10->1+0+10->1 = 2, check 8. */
	expect_valid("5050000008", RUC_KIND_CEDULA);
}

Test(cedula, third_digit_6_allowed)
{
	/* 1 7 6 -> 2+7+12->3 = 12, check 8. */
	expect_valid("1760000008", RUC_KIND_CEDULA);
}

Test(cedula, third_digit_7_8_9_rejected)
{
	expect_error("1770000000", RUC_ERR_THIRD_DIGIT);
	expect_error("1780000000", RUC_ERR_THIRD_DIGIT);
	/* 9 is a company RUC's third digit, never a cédula's. */
	expect_error("1790011674", RUC_ERR_THIRD_DIGIT);
}

Test(cedula, check_digit_strict)
{
	expect_error("1710034064", RUC_ERR_CHECK_DIGIT);
	expect_error("1710034066", RUC_ERR_CHECK_DIGIT);
	expect_error("0102030405", RUC_ERR_CHECK_DIGIT);
	/* Swapping two digits is caught: 2+7+0+1+0+3+8+0+3 = 24, check 6. */
	expect_error("1701034065", RUC_ERR_CHECK_DIGIT);
}

Test(cedula, exactly_one_check_digit_fits)
{
	char buf[11] = "171003406x";
	int d, valid = 0;

	for (d = 0; d <= 9; d++) {
		struct ruc_result r;

		buf[9] = (char)('0' + d);
		r = check(buf);
		if (r.status == RUC_VALID) {
			valid++;
			cr_assert_eq(d, 5);
		} else {
			cr_assert_eq(r.reason, RUC_ERR_CHECK_DIGIT);
		}
	}
	cr_assert_eq(valid, 1);
}

/* ---- RUC of a natural person (third digit 0-5) ------------------------ */

Test(natural, valid)
{
	expect_valid("1710034065001", RUC_KIND_NATURAL);
	expect_valid("1710034065002", RUC_KIND_NATURAL);
	expect_valid("1710034065100", RUC_KIND_NATURAL);
	expect_valid("0912345675001", RUC_KIND_NATURAL);
	expect_valid("3050000003001", RUC_KIND_NATURAL);
	expect_valid("5050000008001", RUC_KIND_NATURAL);
}

Test(natural, check_digit_strict)
{
	expect_error("1710034064001", RUC_ERR_CHECK_DIGIT);
	expect_error("0912345670001", RUC_ERR_CHECK_DIGIT);
}

Test(natural, establishment_000)
{
	expect_error("1710034065000", RUC_ERR_ESTABLISHMENT);
	/* Structure is reported before the check digit. */
	expect_error("1710034064000", RUC_ERR_ESTABLISHMENT);
}

Test(natural, third_digit_0_to_5)
{
	/* Third digits 0..5 are all natural persons. */
	expect_valid("0102030400001", RUC_KIND_NATURAL);   /* 0 */
	expect_valid("1710034065001", RUC_KIND_NATURAL);   /* 1 */
	expect_valid("1720000007001", RUC_KIND_NATURAL);   /* 2: 2+7+4 = 13 */
	expect_valid("1730000005001", RUC_KIND_NATURAL);   /* 3: 2+7+6 = 15 */
	expect_valid("1740000003001", RUC_KIND_NATURAL);   /* 4: 2+7+8 = 17 */
	expect_valid("3050000003001", RUC_KIND_NATURAL);   /* 5 */
}

Test(natural, cedula_with_third_digit_6_reads_as_public)
{
	/* A 13-digit number with third digit 6 is a public entity's RUC, even
	 * when its first ten digits are a valid cédula (1760000008): here the
	 * mod-11 check (3+14+42 = 59, mod 11 = 4, check 7) fails on the 0. */
	expect_warning("1760000008001", RUC_KIND_PUBLIC);
}

/* ---- RUC of a public entity (third digit 6) --------------------------- */

Test(public, valid)
{
	/* 1 7 6 0 0 1 3 2 x 3 2 7 6 5 4 3 2 = 3+14+42+0+0+4+9+4 = 76,
	 * 76 mod 11 = 10, 11 - 10 = 1 = ninth digit. */
	expect_valid("1760013210001", RUC_KIND_PUBLIC);
	/* Establishment is 4 digits (10-13): any nonzero one is fine. */
	expect_valid("1760013210002", RUC_KIND_PUBLIC);
	expect_valid("1760013211000", RUC_KIND_PUBLIC);
	expect_valid("1760013210010", RUC_KIND_PUBLIC);
	/* Province 30: 9+0+42 = 51, 51 mod 11 = 7, check 4. */
	expect_valid("3060000040001", RUC_KIND_PUBLIC);
}

Test(public, remainder_0_gives_check_0)
{
	/* 3+14+42+0+0+0+0+18 = 77, 77 mod 11 = 0, 11 -> 0. */
	expect_valid("1760000900001", RUC_KIND_PUBLIC);
}

Test(public, bad_check_digit_is_warning)
{
	expect_warning("1760013220001", RUC_KIND_PUBLIC);
	expect_warning("1760013200001", RUC_KIND_PUBLIC);
}

Test(public, remainder_1_leaves_no_valid_digit)
{
	/* 1 7 6 0 0 0 0 4: 3+14+42+0+0+0+0+8 = 67, 67 mod 11 = 1, check
	 * would be 10: every ninth digit gives the warning. */
	char buf[14] = "17600004x0001";
	int d;

	for (d = 0; d <= 9; d++) {
		buf[8] = (char)('0' + d);
		expect_warning(buf, RUC_KIND_PUBLIC);
	}
}

Test(public, establishment_0000)
{
	expect_error("1760013210000", RUC_ERR_ESTABLISHMENT);
	/* Strict even when the check digit is also wrong. */
	expect_error("1760013220000", RUC_ERR_ESTABLISHMENT);
}

/* ---- RUC of a private company (third digit 9) ------------------------- */

Test(company, valid)
{
	/* 1 7 9 0 0 1 1 6 7 x 4 3 2 7 6 5 4 3 2 = 4+21+18+0+0+5+4+18+14 = 84,
	 * 84 mod 11 = 7, 11 - 7 = 4 = tenth digit. */
	expect_valid("1790011674001", RUC_KIND_COMPANY);
	/* 0 9 9 2 3 3 9 4 1: 0+27+18+14+18+15+36+12+2 = 142, mod 11 = 10,
	 * check 1. */
	expect_valid("0992339411001", RUC_KIND_COMPANY);
	/* 1 7 9 0 0 1 6 9 1: 4+21+18+0+0+5+24+27+2 = 101, mod 11 = 2,
	 * check 9. */
	expect_valid("1790016919001", RUC_KIND_COMPANY);
	/* Province 50: 20+0+18+7+12+15+16+15+12 = 115, mod 11 = 5, check 6. */
	expect_valid("5091234566001", RUC_KIND_COMPANY);
	expect_valid("1790011674002", RUC_KIND_COMPANY);
}

Test(company, remainder_0_gives_check_0)
{
	/* 4+21+18+0+0+0+0+0+12 = 55, 55 mod 11 = 0, 11 -> 0. */
	expect_valid("1790000060001", RUC_KIND_COMPANY);
}

Test(company, bad_check_digit_is_warning)
{
	expect_warning("1790011675001", RUC_KIND_COMPANY);
	expect_warning("1790011670001", RUC_KIND_COMPANY);
}

Test(company, exactly_one_check_digit_fits)
{
	char buf[14] = "179001167x001";
	int d;

	for (d = 0; d <= 9; d++) {
		buf[9] = (char)('0' + d);
		if (d == 4)
			expect_valid(buf, RUC_KIND_COMPANY);
		else
			expect_warning(buf, RUC_KIND_COMPANY);
	}
}

Test(company, remainder_1_leaves_no_valid_digit)
{
	/* 1 7 9 0 0 0 0 0 1: 4+21+18+0+0+0+0+0+2 = 45, 45 mod 11 = 1. */
	char buf[14] = "179000001x001";
	int d;

	for (d = 0; d <= 9; d++) {
		buf[9] = (char)('0' + d);
		expect_warning(buf, RUC_KIND_COMPANY);
	}
}

Test(company, establishment_000)
{
	expect_error("1790011674000", RUC_ERR_ESTABLISHMENT);
	expect_error("1790011675000", RUC_ERR_ESTABLISHMENT);
}

/* ---- third digit 7 and 8 ---------------------------------------------- */

Test(ruc, third_digit_7_8_rejected)
{
	expect_error("1770000000001", RUC_ERR_THIRD_DIGIT);
	expect_error("1780000000001", RUC_ERR_THIRD_DIGIT);
	expect_error("0170000000000", RUC_ERR_THIRD_DIGIT);
}

/* ---- province --------------------------------------------------------- */

Test(province, out_of_range_rejected)
{
	static const char *const bad[] = {
		"0010034065", "2510034065", "2910034065", "3110034065",
		"4910034065", "5110034065", "9910034065",
		"0010034065001", "2510034065001", "2560000000001",
		"2590011674001", "9990011674001",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(bad[i], RUC_ERR_PROVINCE);
}

Test(province, checked_before_third_digit)
{
	expect_error("2570000000", RUC_ERR_PROVINCE);
	expect_error("0080000000001", RUC_ERR_PROVINCE);
}

/* ---- empty, characters, length ---------------------------------------- */

Test(input, empty)
{
	struct ruc_result r;

	expect_rejected("", RUC_ERR_EMPTY);
	expect_rejected(" ", RUC_ERR_EMPTY);
	expect_rejected(" - -- ", RUC_ERR_EMPTY);
	cr_assert_eq(ruc_check(NULL, 0, &r), RUC_INVALID);
	cr_assert_eq(r.reason, RUC_ERR_EMPTY);
	cr_assert_str_eq(r.digits, "");
}

Test(input, bad_characters)
{
	expect_rejected("17100340a5", RUC_ERR_CHAR);
	expect_rejected("1710034065\t", RUC_ERR_CHAR);
	expect_rejected("1710034065\n", RUC_ERR_CHAR);
	expect_rejected("+1710034065", RUC_ERR_CHAR);
	expect_rejected("1710.034.065", RUC_ERR_CHAR);
	expect_rejected("1710034065_001", RUC_ERR_CHAR);
	expect_rejected("1710034065\xc3\xa9", RUC_ERR_CHAR);
	expect_rejected("x", RUC_ERR_CHAR);
	/* A bad character wins over a wrong digit count. */
	expect_rejected("1a", RUC_ERR_CHAR);
}

Test(input, embedded_nul)
{
	static const char s[] = "17100\00034065";   /* 11 bytes */
	struct ruc_result r;

	cr_assert_eq(ruc_check(s, sizeof(s) - 1, &r), RUC_INVALID);
	cr_assert_eq(r.reason, RUC_ERR_CHAR);
	cr_assert_str_eq(r.digits, "");
}

Test(input, wrong_digit_count)
{
	expect_rejected("1", RUC_ERR_LENGTH);
	expect_rejected("171003406", RUC_ERR_LENGTH);          /* 9 */
	expect_rejected("17100340650", RUC_ERR_LENGTH);        /* 11 */
	expect_rejected("171003406500", RUC_ERR_LENGTH);       /* 12 */
	expect_rejected("17100340650010", RUC_ERR_LENGTH);     /* 14 */
	expect_rejected("1710-0340-6500-1000", RUC_ERR_LENGTH); /* 16 */
}

Test(input, size_limit)
{
	char buf[LIMIT_RUC_INPUT + 2];
	struct ruc_result r;

	/* Exactly at the limit: a valid RUC padded with spaces passes. */
	memset(buf, ' ', sizeof(buf));
	memcpy(buf, "1790011674001", 13);
	cr_assert_eq(ruc_check(buf, LIMIT_RUC_INPUT, &r), RUC_VALID);
	cr_assert_str_eq(r.digits, "1790011674001");
	/* One byte more is refused, even though it is only a space. */
	cr_assert_eq(ruc_check(buf, LIMIT_RUC_INPUT + 1, &r), RUC_INVALID);
	cr_assert_eq(r.reason, RUC_ERR_LENGTH);
	cr_assert_str_eq(r.digits, "");
	/* The size limit is checked before the characters. */
	memset(buf, 'x', sizeof(buf));
	cr_assert_eq(ruc_check(buf, LIMIT_RUC_INPUT + 1, &r), RUC_INVALID);
	cr_assert_eq(r.reason, RUC_ERR_LENGTH);
	/* 64 digits: within the size limit, wrong count. */
	memset(buf, '1', sizeof(buf));
	cr_assert_eq(ruc_check(buf, LIMIT_RUC_INPUT, &r), RUC_INVALID);
	cr_assert_eq(r.reason, RUC_ERR_LENGTH);
	cr_assert_str_eq(r.digits, "");
}

/* ---- normalisation ---------------------------------------------------- */

Test(normalise, dashes_and_spaces)
{
	expect("1790-0116-74001", RUC_VALID, RUC_KIND_COMPANY, RUC_OK,
	    "1790011674001");
	expect("17 9001 1674 001", RUC_VALID, RUC_KIND_COMPANY, RUC_OK,
	    "1790011674001");
	expect("171003406-5", RUC_VALID, RUC_KIND_CEDULA, RUC_OK,
	    "1710034065");
	expect("  1710034065  ", RUC_VALID, RUC_KIND_CEDULA, RUC_OK,
	    "1710034065");
	expect("--1710034065001--", RUC_VALID, RUC_KIND_NATURAL, RUC_OK,
	    "1710034065001");
	expect("1 7 6 0 0 1 3 2 1 0 0 0 1", RUC_VALID, RUC_KIND_PUBLIC,
	    RUC_OK, "1760013210001");
	expect("1790-0116-75001", RUC_VALID_WARNING, RUC_KIND_COMPANY,
	    RUC_WARN_CHECK_DIGIT, "1790011675001");
	/* Errors found after normalisation still report the digits. */
	expect("1710-034-064", RUC_INVALID, RUC_KIND_NONE,
	    RUC_ERR_CHECK_DIGIT, "1710034064");
}

/* ---- input that is not NUL-terminated --------------------------------- */

Test(view, reads_only_len_bytes)
{
	static const char text[] = "1710034065001";
	char *exact;
	struct ruc_result r;

	/* A heap copy with no terminator: a read past len is caught by ASan. */
	exact = malloc(13);
	cr_assert_not_null(exact);
	memcpy(exact, text, 13);
	cr_assert_eq(ruc_check(exact, 13, &r), RUC_VALID);
	cr_assert_eq(r.kind, RUC_KIND_NATURAL);
	cr_assert_str_eq(r.digits, "1710034065001");

	/* len shorter than the buffer: only the first 10 digits are seen. */
	cr_assert_eq(ruc_check(exact, 10, &r), RUC_VALID);
	cr_assert_eq(r.kind, RUC_KIND_CEDULA);
	cr_assert_str_eq(r.digits, "1710034065");
	free(exact);

	/* What follows len, even garbage, is ignored. */
	cr_assert_eq(ruc_check("1710034065 garbage", 10, &r), RUC_VALID);
	cr_assert_str_eq(r.digits, "1710034065");
	cr_assert_eq(ruc_check("1710034065", 9, &r), RUC_INVALID);
	cr_assert_eq(r.reason, RUC_ERR_LENGTH);
}

Test(view, result_fully_overwritten)
{
	struct ruc_result r;

	/* A valid result followed by an invalid one leaves no stale data. */
	cr_assert_eq(ruc_check("1790011674001", 13, &r), RUC_VALID);
	cr_assert_eq(ruc_check("17a", 3, &r), RUC_INVALID);
	cr_assert_eq(r.kind, RUC_KIND_NONE);
	cr_assert_str_eq(r.digits, "");
	cr_assert_eq(ruc_check("1710034065", 10, &r), RUC_VALID);
	cr_assert_str_eq(r.digits, "1710034065");
}

/* ---- messages --------------------------------------------------------- */

Test(text, reasons_in_both_languages)
{
	int r, lang;

	cr_assert_str_eq(ruc_reason_text(RUC_OK, 0), "");
	cr_assert_str_eq(ruc_reason_text(RUC_OK, 1), "");
	for (r = RUC_ERR_EMPTY; r <= RUC_WARN_CHECK_DIGIT; r++) {
		for (lang = 0; lang <= 1; lang++) {
			const char *t = ruc_reason_text((enum ruc_reason)r, lang);
			int q;

			cr_assert_not_null(t);
			cr_assert_gt(strlen(t), 10u, "reason %d lang %d", r, lang);
			cr_assert_eq(t[strlen(t) - 1], '.', "reason %d lang %d: a sentence", r, lang);
			/* Each reason has its own sentence. */
			for (q = RUC_ERR_EMPTY; q < r; q++)
				cr_assert_str_neq(t, ruc_reason_text((enum ruc_reason)q, lang));
		}
		cr_assert_str_neq(ruc_reason_text((enum ruc_reason)r, 0),
		    ruc_reason_text((enum ruc_reason)r, 1));
	}
	/* Any nonzero value of english means English. */
	cr_assert_str_eq(ruc_reason_text(RUC_ERR_CHAR, 7),
	    ruc_reason_text(RUC_ERR_CHAR, 1));
}

Test(text, spanish_wording)
{
	cr_assert_str_eq(ruc_reason_text(RUC_ERR_CHECK_DIGIT, 0),
	    "El dígito verificador no corresponde: revise que haya escrito "
	    "bien el número.");
	cr_assert_str_eq(ruc_reason_text(RUC_ERR_LENGTH, 0),
	    "Debe tener 13 dígitos (RUC) o 10 dígitos (cédula).");
	cr_assert_str_eq(ruc_reason_text(RUC_ERR_CHAR, 0),
	    "Solo se admiten dígitos, espacios y guiones.");
}

Test(text, unknown_reason_never_null)
{
	const char *t;

	t = ruc_reason_text((enum ruc_reason)99, 0);
	cr_assert_not_null(t);
	cr_assert_gt(strlen(t), 0u);
	t = ruc_reason_text((enum ruc_reason)-1, 1);
	cr_assert_not_null(t);
	cr_assert_gt(strlen(t), 0u);
}

Test(text, kinds)
{
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_CEDULA, 0), "cédula");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_NATURAL, 0), "RUC de persona natural");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_PUBLIC, 0), "RUC de entidad pública");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_COMPANY, 0), "RUC de sociedad privada");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_NATURAL, 1), "RUC of a natural person");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_PUBLIC, 1), "RUC of a public entity");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_COMPANY, 1), "RUC of a private company");
	cr_assert_gt(strlen(ruc_kind_text(RUC_KIND_CEDULA, 1)), 0u);
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_NONE, 0), "");
	cr_assert_str_eq(ruc_kind_text(RUC_KIND_NONE, 1), "");
	cr_assert_not_null(ruc_kind_text((enum ruc_kind)42, 0));
	cr_assert_str_eq(ruc_kind_text((enum ruc_kind)-1, 1), "");
}
