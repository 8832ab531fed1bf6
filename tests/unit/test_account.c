/*
 * test_account.c — the account lifecycle's pure rules (domain/account.h):
 * who may register as what, IDs and phones as the forms take them, security
 * codes (uniform digits, as typed, expiry, single use, attempt limit), the
 * yearly update, and an employee's options.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/timefmt.h"
#include "domain/account.h"

#define NAVIERA "0992339411001"     /* a company: representative on record */
#define NATURAL "1710034065001"     /* a natural person: owner 1710034065 */

Test(account, representative_of_a_company_must_be_the_cedula_on_record)
{
	const char *estado, *identity;

	cr_assert_eq(account_register_rule("representante", NAVIERA, "0912345675", true, "0912345675",
					   &estado, &identity), REG_OK);
	cr_assert_str_eq(estado, "activo");
	cr_assert_str_eq(identity, NAVIERA);
	cr_assert_eq(account_register_rule("representante", NAVIERA, "1804567897", true, "0912345675",
					   &estado, &identity), REG_NOT_REPRESENTATIVE);
	cr_assert_eq(account_register_rule("representante", NAVIERA, "0912345675", true, "",
					   &estado, &identity), REG_NO_REPRESENTATIVE);
	cr_assert_eq(account_register_rule("representante", NAVIERA, "0912345675", false, "",
					   &estado, &identity), REG_NOT_OPERATOR);
}

Test(account, the_owner_of_a_natural_ruc_is_its_representative)
{
	const char *estado, *identity;

	cr_assert_eq(account_register_rule("representante", NATURAL, "1710034065", true, "",
					   &estado, &identity), REG_OK);
	cr_assert_eq(account_register_rule("representante", NATURAL, "1804567897", true, "",
					   &estado, &identity), REG_CEDULA_MISMATCH);
}

Test(account, an_employee_needs_an_operator_and_waits_for_approval)
{
	const char *estado, *identity;

	cr_assert_eq(account_register_rule("empleado", NAVIERA, "1804567897", true, "0912345675",
					   &estado, &identity), REG_OK);
	cr_assert_str_eq(estado, "pendiente");
	cr_assert_eq(account_register_rule("empleado", "", "1804567897", true, "", &estado, &identity),
		     REG_NEED_RUC);
	cr_assert_eq(account_register_rule("empleado", "1791234567001", "1804567897", false, "",
					   &estado, &identity), REG_NOT_OPERATOR);
}

Test(account, a_general_user_signs_in_with_its_cedula_or_its_own_natural_ruc)
{
	const char *estado, *identity;

	cr_assert_eq(account_register_rule("general", "", "1804567897", false, "", &estado, &identity), REG_OK);
	cr_assert_str_eq(identity, "1804567897");
	cr_assert_str_eq(estado, "activo");
	cr_assert_eq(account_register_rule("general", NATURAL, "1710034065", true, "", &estado, &identity), REG_OK);
	cr_assert_str_eq(identity, NATURAL);
	cr_assert_eq(account_register_rule("general", NATURAL, "1804567897", true, "", &estado, &identity),
		     REG_CEDULA_MISMATCH);
	cr_assert_eq(account_register_rule("general", NAVIERA, "1804567897", true, "", &estado, &identity),
		     REG_CEDULA_MISMATCH, "a company's RUC is not a person's");
}

Test(account, homologacion_makes_a_representative_or_a_pending_employee)
{
	const char *clase, *estado;

	cr_assert_eq(account_link_rule(NATURAL, "1710034065", true, "", &clase, &estado), REG_OK);
	cr_assert_str_eq(clase, "representante");
	cr_assert_str_eq(estado, "activo");
	cr_assert_eq(account_link_rule(NAVIERA, "1804567897", true, "0912345675", &clase, &estado), REG_OK);
	cr_assert_str_eq(clase, "empleado");
	cr_assert_str_eq(estado, "pendiente");
	cr_assert_eq(account_link_rule(NAVIERA, "1804567897", false, "", &clase, &estado), REG_NOT_OPERATOR);
	cr_assert_eq(account_link_rule("1804567897", "1804567897", true, "", &clase, &estado), REG_NEED_RUC);
	for (int v = REG_NEED_RUC; v <= REG_CEDULA_MISMATCH; v++)
		cr_assert_not_null(account_reg_message((enum reg_verdict)v));
	cr_assert_null(account_reg_message(REG_OK));
}

Test(account, usuario_is_lowered_and_limited)
{
	char out[LIMIT_USUARIO_BYTES + 1];
	char longer[LIMIT_USUARIO_BYTES + 2];

	cr_assert(account_usuario_normalize("Juan.Perez-2", out));
	cr_assert_str_eq(out, "juan.perez-2");
	cr_assert_not(account_usuario_normalize("abc", out), "3 characters are too few");
	cr_assert_str_eq(out, "");
	cr_assert_not(account_usuario_normalize(".abcd", out), "must start with a letter or digit");
	cr_assert_not(account_usuario_normalize("juan perez", out));
	cr_assert_not(account_usuario_normalize("juañito", out));
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	cr_assert_not(account_usuario_normalize(longer, out));
	longer[LIMIT_USUARIO_BYTES] = '\0';
	cr_assert(account_usuario_normalize(longer, out));
}

Test(account, phones)
{
	cr_assert(account_phone_valid("099 123 4567"));
	cr_assert(account_phone_valid("+593 (2) 245-6789"));
	cr_assert_not(account_phone_valid("123456"), "6 digits are too few");
	cr_assert_not(account_phone_valid("1234567890123456"), "16 digits are too many");
	cr_assert_not(account_phone_valid("099+1234567"), "+ only at the start");
	cr_assert_not(account_phone_valid("099 123 4567 ext"));
	cr_assert_not(account_phone_valid(""));
}

Test(account, codes_are_uniform_digits_and_skip_biased_bytes)
{
	unsigned char rnd[32];
	char code[LIMIT_CODE_DIGITS + 1];
	unsigned counts[10] = { 0 };

	memset(rnd, 255, sizeof(rnd));
	cr_assert_eq(vcode_from_random(rnd, sizeof(rnd), code), -1, "bytes 250..255 are never used");
	for (size_t i = 0; i < sizeof(rnd); i++)
		rnd[i] = (unsigned char)(i % 2 ? 253 : 17 + i);
	cr_assert_eq(vcode_from_random(rnd, sizeof(rnd), code), 0);
	cr_assert_eq(strlen(code), LIMIT_CODE_DIGITS);
	/* Every byte value below 250 maps to each digit exactly 25 times. */
	for (unsigned b = 0; b < 250; b++) {
		unsigned char one[LIMIT_CODE_DIGITS];
		memset(one, (int)b, sizeof(one));
		cr_assert_eq(vcode_from_random(one, sizeof(one), code), 0);
		counts[code[0] - '0']++;
	}
	for (int d = 0; d < 10; d++)
		cr_assert_eq(counts[d], 25);
}

Test(account, codes_as_typed)
{
	char out[LIMIT_CODE_DIGITS + 1];

	cr_assert_eq(vcode_normalize("123 456", out), 0);
	cr_assert_str_eq(out, "123456");
	cr_assert_eq(vcode_normalize("12-34-56", out), 0);
	cr_assert_eq(vcode_normalize("12345", out), -1);
	cr_assert_eq(vcode_normalize("1234567", out), -1);
	cr_assert_eq(vcode_normalize("12345a", out), -1);
	cr_assert_str_eq(out, "");
	cr_assert_eq(vcode_normalize("", out), -1);
}

Test(account, a_code_is_live_until_it_expires_is_used_or_runs_out_of_attempts)
{
	cr_assert_eq(vcode_state(100, 200, 0, 0, 5), VCODE_LIVE);
	cr_assert_eq(vcode_state(199, 200, 0, 4, 5), VCODE_LIVE);
	cr_assert_eq(vcode_state(200, 200, 0, 0, 5), VCODE_EXPIRED, "expires at its time exactly");
	cr_assert_eq(vcode_state(100, 200, 0, 5, 5), VCODE_SPENT);
	cr_assert_eq(vcode_state(100, 200, 150, 0, 5), VCODE_USED);
	cr_assert_eq(vcode_state(300, 200, 150, 5, 5), VCODE_USED, "used wins over the rest");
}

Test(account, the_yearly_update_is_due_from_the_first_of_january_in_ecuador)
{
	long long jan1, dec31;

	cr_assert_eq(timefmt_ec_day_start("2027-01-01", &jan1), 0);
	cr_assert_eq(timefmt_ec_day_start("2026-12-31", &dec31), 0);
	cr_assert(account_review_due(dec31 + 3600, jan1 + 60, 0), "confirmed last year: due");
	cr_assert_not(account_review_due(jan1 + 1, jan1 + 86400 * 200, 0), "confirmed this year: not due");
	cr_assert_not(account_review_due(jan1 - 1, jan1 - 1, 0), "31 Dec at 23:59:59 in Ecuador is still last year");
	cr_assert(account_review_due(0, jan1, 30));
	cr_assert_not(account_review_due(jan1 - 86400 * 29, jan1, 30));
	cr_assert_not(account_review_due(0, jan1, -1), "never asked");
}

Test(account, an_employee_uses_only_what_was_granted)
{
	cr_assert(account_may_use("representante", false));
	cr_assert(account_may_use("general", false));
	cr_assert_not(account_may_use("empleado", false));
	cr_assert(account_may_use("empleado", true));
}
