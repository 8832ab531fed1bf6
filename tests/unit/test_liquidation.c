/*
 * test_liquidation.c — the taxes of a DAI against worked examples
 * (src/domain/liquidation.c) and the numbers of an accepted declaration
 * (src/domain/declnum.c).
 */
#include <criterion/criterion.h>
#ifndef TestSuite
#define TestSuite(...)
#endif

#include <string.h>

#include "domain/declnum.h"
#include "domain/liquidation.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct liq_input input(long long fob, long long freight, long long ins, const struct liq_item *it, size_t n)
{
	return (struct liq_input){ fob, freight, ins, it, n, LIQ_FODINFA_BP, LIQ_IVA_BP, LIQ_INSURANCE_BP };
}

/* FOB 10.000,00, freight 500,00, no insurance declared, 10 % ad-valorem:
 *   insurance presumed 1 % of FOB = 100,00; customs value 10.600,00;
 *   ad-valorem 1.060,00; FODINFA 0,5 % = 53,00; IVA 15 % of 11.713,00 =
 *   1.756,95; total 2.869,95. */
Test(liquidation, worked_example_one_item_presumed_insurance)
{
	struct liq_item it[] = { { 1000000, 1000, 0 } };
	struct liq_input in = input(1000000, 50000, 0, it, 1);
	struct liq_line l[1];
	struct liq_result r;

	cr_assert_eq(liq_compute(&in, l, &r), 0);
	cr_assert(r.insurance_presumed);
	cr_assert_eq(r.insurance, 10000);
	cr_assert_eq(r.customs_value, 1060000);
	cr_assert_eq(r.advalorem, 106000);
	cr_assert_eq(r.fodinfa, 5300);
	cr_assert_eq(r.ice, 0);
	cr_assert_eq(r.iva, 175695);
	cr_assert_eq(r.total, 286995);
	cr_assert_eq(l[0].customs_value, 1060000);
}

/* Two items, FOB 33,34 + 66,67 = 100,01, freight 10,00, insurance 1,00:
 *   freight + insurance 11,00 shared by FOB: 3,66 r 7034 and 7,33 r 2967 of
 *   10001, the cent left to the first (largest remainder): 3,67 and 7,33;
 *   customs values 37,01 and 74,00 (sum 111,01);
 *   ad-valorem 12,5 % of 37,01 = 4,62625 → 4,63; 5 % of 74,00 = 3,70;
 *   ICE 10 % of (74,00 + 3,70) = 7,77 on the second;
 *   FODINFA 0,5 % of 111,01 = 0,55505 → 0,56;
 *   IVA 15 % of (111,01 + 8,33 + 0,56 + 7,77 = 127,67) = 19,1505 → 19,15;
 *   total 8,33 + 0,56 + 7,77 + 19,15 = 35,81. */
Test(liquidation, worked_example_two_items_rounding_and_ice)
{
	struct liq_item it[] = { { 3334, 1250, 0 }, { 6667, 500, 1000 } };
	struct liq_input in = input(10001, 1000, 100, it, 2);
	struct liq_line l[2];
	struct liq_result r;

	cr_assert_eq(liq_compute(&in, l, &r), 0);
	cr_assert_not(r.insurance_presumed);
	cr_assert_eq(l[0].customs_value, 3701);
	cr_assert_eq(l[1].customs_value, 7400);
	cr_assert_eq(l[0].customs_value + l[1].customs_value, r.customs_value);
	cr_assert_eq(l[0].advalorem, 463);
	cr_assert_eq(l[1].advalorem, 370);
	cr_assert_eq(l[0].ice, 0);
	cr_assert_eq(l[1].ice, 777);
	cr_assert_eq(r.customs_value, 11101);
	cr_assert_eq(r.advalorem, 833);
	cr_assert_eq(r.fodinfa, 56);
	cr_assert_eq(r.ice, 777);
	cr_assert_eq(r.iva, 1915);
	cr_assert_eq(r.total, 3581);
}

Test(liquidation, shares_always_add_up_to_the_customs_value)
{
	struct liq_item it[7];
	struct liq_line l[7];
	struct liq_result r;

	for (long long fr = 0; fr < 200; fr += 7)
		for (size_t n = 1; n <= N(it); n++) {
			long long fob = 0, sum = 0;
			for (size_t i = 0; i < n; i++) {
				it[i] = (struct liq_item){ (long long)(i * 37 + 1), 0, 0 };
				fob += it[i].fob_cents;
			}
			struct liq_input in = input(fob, fr, 3, it, n);
			cr_assert_eq(liq_compute(&in, l, &r), 0);
			for (size_t i = 0; i < n; i++)
				sum += l[i].customs_value;
			cr_assert_eq(sum, r.customs_value, "freight %lld, %zu items", fr, n);
		}
}

Test(liquidation, zero_fob_items_share_equally)
{
	struct liq_item it[] = { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
	struct liq_input in = input(0, 100, 1, it, 3);
	struct liq_line l[3];
	struct liq_result r;

	cr_assert_eq(liq_compute(&in, l, &r), 0);
	cr_assert_eq(r.insurance, 1);
	cr_assert_eq(l[0].customs_value + l[1].customs_value + l[2].customs_value, 101);
	cr_assert_eq(l[0].customs_value, 34);   /* 33 each, the 2 cents left to the first two */
	cr_assert_eq(l[1].customs_value, 34);
	cr_assert_eq(l[2].customs_value, 33);
}

Test(liquidation, half_up_rounding_and_large_amounts)
{
	long long rem;

	cr_assert_eq(liq_apply(5, 1000), 1);      /* 0,5 cent → 1 */
	cr_assert_eq(liq_apply(4, 1000), 0);      /* 0,4 cent → 0 */
	cr_assert_eq(liq_apply(15, 1000), 2);     /* 1,5 → 2 */
	cr_assert_eq(liq_apply(0, LIQ_BP_MAX), 0);
	cr_assert_eq(liq_apply(LIQ_MAX_CENTS, LIQ_BP_MAX), LIQ_MAX_CENTS * 10);
	cr_assert_eq(liq_apply(LIQ_MAX_CENTS - 1, 1500), 150000000000000LL);   /* ...,85 → up */
	cr_assert_eq(liq_muldiv(LIQ_MAX_CENTS, LIQ_MAX_CENTS - 1, LIQ_MAX_CENTS, &rem), LIQ_MAX_CENTS - 1);
	cr_assert_eq(rem, 0);
	cr_assert_eq(liq_muldiv(999999999999999LL, 999999999999998LL, 1000000000000000LL, &rem),
		     999999999999997LL);
	cr_assert_eq(rem, 2);
	cr_assert_eq(liq_muldiv(1100, 3334, 10001, &rem), 366);
	cr_assert_eq(rem, 7034);
}

Test(liquidation, out_of_range_inputs_are_refused)
{
	struct liq_item ok[] = { { 100, 1000, 0 } };
	struct liq_item neg[] = { { -1, 1000, 0 } };
	struct liq_item rate[] = { { 100, LIQ_BP_MAX + 1, 0 } };
	struct liq_line l[1];
	struct liq_result r;
	struct liq_input in;

	in = input(100, 0, 0, ok, 0);
	cr_assert_eq(liq_compute(&in, l, &r), -1);
	in = input(100, 0, 0, neg, 1);
	cr_assert_eq(liq_compute(&in, l, &r), -1);
	in = input(100, 0, 0, rate, 1);
	cr_assert_eq(liq_compute(&in, l, &r), -1);
	in = input(LIQ_MAX_CENTS + 1, 0, 0, ok, 1);
	cr_assert_eq(liq_compute(&in, l, &r), -1);
	in = input(LIQ_MAX_CENTS, LIQ_MAX_CENTS, 0, ok, 1);
	cr_assert_eq(liq_compute(&in, l, &r), -1);   /* the customs value passes the limit */
	in = input(100, -5, 0, ok, 1);
	cr_assert_eq(liq_compute(&in, l, &r), -1);
	in = input(100, 0, 0, ok, 1);
	cr_assert_eq(liq_compute(&in, NULL, &r), -1);
}

Test(liquidation, the_longest_prefix_rate_applies)
{
	static const struct liq_rate rates[] = {
		{ "", 1000, 0 }, { "85", 1500, 0 }, { "8703", 3500, 1500 }, { "870321", 4000, 0 },
	};
	cr_assert_eq(liq_rate_pick(rates, N(rates), "8703239010")->advalorem_bp, 3500);
	cr_assert_eq(liq_rate_pick(rates, N(rates), "8703210000")->advalorem_bp, 4000);
	cr_assert_eq(liq_rate_pick(rates, N(rates), "8517130000")->advalorem_bp, 1500);
	cr_assert_eq(liq_rate_pick(rates, N(rates), "0901110000")->advalorem_bp, 1000);   /* the general one */
	cr_assert_null(liq_rate_pick(rates + 1, N(rates) - 1, "0901110000"));
	cr_assert_null(liq_rate_pick(rates, N(rates), NULL));
}

Test(declnum, formats_of_the_domain)
{
	char d[DECLNUM_LEN + 1], l[LIQNUM_LEN + 1];

	cr_assert_eq(declnum_format("055", 2019, "10", 271175, d), 0);
	cr_assert_str_eq(d, "055-2019-10-00271175");
	cr_assert(declnum_valid(d));
	cr_assert_eq(liqnum_format("028", 2026, 1, l), 0);
	cr_assert_str_eq(l, "028-2026-L-00000001");
	cr_assert_eq(declnum_format("055", 2019, "10", DECLNUM_MAX_SEQ + 1, d), -1);
	cr_assert_str_eq(d, "");
	cr_assert_eq(declnum_format("55", 2019, "10", 1, d), -1);
	cr_assert_eq(declnum_format("055", 2019, "1A", 1, d), -1);
	cr_assert_eq(declnum_format("055", 999, "10", 1, d), -1);
	cr_assert_eq(declnum_format(NULL, 2019, "10", 1, d), -1);
	cr_assert_eq(liqnum_format("028", 2026, 0, l), -1);
	cr_assert_not(declnum_valid("055-2019-10-0027117"));
	cr_assert_not(declnum_valid("055/2019-10-00271175"));
	cr_assert_not(declnum_valid(NULL));
}
