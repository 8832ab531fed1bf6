/*
 * test_risk.c — the canal de aforo's rule engine (src/domain/risk.c): every
 * kind of rule, the severity order, the default, the draw's bounds.
 */
#include <criterion/criterion.h>
#ifndef TestSuite
#define TestSuite(...)
#endif

#include <string.h>

#include "domain/risk.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct risk_item items[] = {
	{ "8517130000", "CN" },
	{ "0901110000", "CO" },
};

static struct risk_facts facts(void)
{
	return (struct risk_facts){ "DAI", items, N(items), 500000, 10, 0, 9999 };
}

static struct risk_decision decide(const struct risk_rule *r, size_t n, const struct risk_facts *f)
{
	struct risk_set set = { 7, true, RISK_AUTOMATICO, r, n };
	struct risk_decision d;

	risk_decide(&set, f, &d);
	return d;
}

Test(risk, no_rule_matches_gives_the_default_of_the_set)
{
	struct risk_rule r[] = { { RISK_HS, "", "93", 0, RISK_FISICO_INTRUSIVO, "armas" } };
	struct risk_facts f = facts();
	struct risk_decision d = decide(r, N(r), &f);

	cr_assert_eq(d.canal, RISK_AUTOMATICO);
	cr_assert_eq(d.rule, -1);
	cr_assert(strstr(d.why, "versión 7") != NULL, "%s", d.why);
	d = decide(NULL, 0, &f);
	cr_assert_eq(d.canal, RISK_AUTOMATICO);
}

Test(risk, hs_rules_by_chapter_heading_and_subpartida)
{
	struct risk_rule ch[] = { { RISK_HS, "", "09", 0, RISK_DOCUMENTAL, "" } };
	struct risk_rule sub[] = { { RISK_HS, "", "8517130000", 0, RISK_ELECTRONICO, "" } };
	struct risk_rule miss[] = { { RISK_HS, "", "851713001", 0, RISK_ELECTRONICO, "" } };
	struct risk_facts f = facts();
	struct risk_decision d = decide(ch, 1, &f);

	cr_assert_eq(d.canal, RISK_DOCUMENTAL);
	cr_assert_eq(d.rule, 0);
	cr_assert(strstr(d.why, "0901110000 del ítem 2") != NULL, "%s", d.why);
	d = decide(sub, 1, &f);
	cr_assert_eq(d.canal, RISK_ELECTRONICO);
	d = decide(miss, 1, &f);
	cr_assert_eq(d.rule, -1);
}

Test(risk, origin_rule)
{
	struct risk_rule r[] = { { RISK_ORIGIN, "", "CO", 0, RISK_FISICO_NO_INTRUSIVO, "" } };
	struct risk_rule other[] = { { RISK_ORIGIN, "", "PE", 0, RISK_FISICO_NO_INTRUSIVO, "" } };
	struct risk_facts f = facts();
	struct risk_decision d = decide(r, 1, &f);

	cr_assert_eq(d.canal, RISK_FISICO_NO_INTRUSIVO);
	cr_assert(strstr(d.why, "origen CO") != NULL, "%s", d.why);
	cr_assert_eq(decide(other, 1, &f).rule, -1);
}

Test(risk, value_rule_from_its_threshold_on)
{
	struct risk_rule r[] = { { RISK_VALUE, "", "", 500000, RISK_DOCUMENTAL, "" } };
	struct risk_facts f = facts();

	cr_assert_eq(decide(r, 1, &f).canal, RISK_DOCUMENTAL);   /* equal: reached */
	cr_assert(strstr(decide(r, 1, &f).why, "USD 5.000,00") != NULL, "%s", decide(r, 1, &f).why);
	f.customs_value_cents = 499999;
	cr_assert_eq(decide(r, 1, &f).rule, -1);
}

Test(risk, history_rules_new_operator_and_bad_record)
{
	struct risk_rule fresh[] = { { RISK_NEW, "", "", 3, RISK_ELECTRONICO, "" } };
	struct risk_rule bad[] = { { RISK_HISTORY, "", "", 2, RISK_FISICO_INTRUSIVO, "" } };
	struct risk_facts f = facts();

	f.accepted_before = 2;
	cr_assert_eq(decide(fresh, 1, &f).canal, RISK_ELECTRONICO);
	f.accepted_before = 3;
	cr_assert_eq(decide(fresh, 1, &f).rule, -1);
	f.bad_last_year = 1;
	cr_assert_eq(decide(bad, 1, &f).rule, -1);
	f.bad_last_year = 2;
	cr_assert_eq(decide(bad, 1, &f).canal, RISK_FISICO_INTRUSIVO);
}

Test(risk, sampling_takes_draws_below_its_share)
{
	struct risk_rule r[] = { { RISK_SAMPLE, "", "", 500, RISK_FISICO_INTRUSIVO, "" } };   /* 5 % */
	struct risk_facts f = facts();
	int hit = 0;

	for (int draw = 0; draw < RISK_DRAW_RANGE; draw++) {
		f.draw = draw;
		if (decide(r, 1, &f).rule == 0)
			hit++;
	}
	cr_assert_eq(hit, 500);
	f.draw = 499;
	cr_assert(strstr(decide(r, 1, &f).why, "5,00 %") != NULL, "%s", decide(r, 1, &f).why);
	f.draw = -1;   /* out of range: never a hit */
	cr_assert_eq(decide(r, 1, &f).rule, -1);
}

Test(risk, the_most_severe_channel_wins_and_the_first_such_rule_is_recorded)
{
	struct risk_rule r[] = {
		{ RISK_HS, "", "85", 0, RISK_DOCUMENTAL, "" },
		{ RISK_ORIGIN, "", "CN", 0, RISK_FISICO_INTRUSIVO, "" },
		{ RISK_VALUE, "", "", 1, RISK_FISICO_INTRUSIVO, "" },
		{ RISK_VALUE, "", "", 1, RISK_ELECTRONICO, "" },
	};
	struct risk_facts f = facts();
	struct risk_decision d = decide(r, N(r), &f);

	cr_assert_eq(d.canal, RISK_FISICO_INTRUSIVO);
	cr_assert_eq(d.rule, 1);
	cr_assert(strncmp(d.why, "Regla 2 (País de origen) de la versión 7", 40) == 0, "%s", d.why);
}

Test(risk, rules_limited_to_one_document_type)
{
	struct risk_rule r[] = { { RISK_VALUE, "DAE", "", 1, RISK_DOCUMENTAL, "" } };
	struct risk_facts f = facts();

	cr_assert_eq(decide(r, 1, &f).rule, -1);
	f.doc_type = "DAE";
	cr_assert_eq(decide(r, 1, &f).rule, 0);
}

Test(risk, rule_errors_say_what_to_fix)
{
	struct risk_rule r = { RISK_HS, "", "930", 0, RISK_DOCUMENTAL, "" };

	cr_assert_not_null(risk_rule_error(&r));
	r.code = "93";
	cr_assert_null(risk_rule_error(&r));
	r.code = "9a";
	cr_assert_not_null(risk_rule_error(&r));
	r = (struct risk_rule){ RISK_ORIGIN, "", "cn", 0, RISK_DOCUMENTAL, "" };
	cr_assert_not_null(risk_rule_error(&r));
	r.code = "CN";
	cr_assert_null(risk_rule_error(&r));
	r = (struct risk_rule){ RISK_VALUE, "", "", 0, RISK_DOCUMENTAL, "" };
	cr_assert_not_null(risk_rule_error(&r));
	r = (struct risk_rule){ RISK_SAMPLE, "", "", 10001, RISK_DOCUMENTAL, "" };
	cr_assert_not_null(risk_rule_error(&r));
	r.amount = 10000;
	cr_assert_null(risk_rule_error(&r));
	r.doc_type = "MANIFIESTO";
	cr_assert_not_null(risk_rule_error(&r));
	r = (struct risk_rule){ RISK_NEW, "", "", 0, RISK_DOCUMENTAL, "" };
	cr_assert_not_null(risk_rule_error(&r));
	r = (struct risk_rule){ RISK_NEW, "", "", 5, (enum risk_canal)9, "" };
	cr_assert_not_null(risk_rule_error(&r));
}

Test(risk, codes_round_trip)
{
	for (int c = 0; c < RISK_NCANALES; c++)
		cr_assert_eq(risk_canal_from(risk_canal_code((enum risk_canal)c)), c);
	for (int k = 0; k < RISK_NKINDS; k++)
		cr_assert_eq(risk_kind_from(risk_kind_code((enum risk_kind)k)), k);
	cr_assert_eq(risk_canal_from("rojo"), -1);
	cr_assert_eq(risk_kind_from(NULL), -1);
	cr_assert_str_eq(risk_canal_label(RISK_FISICO_INTRUSIVO), "Físico intrusivo");
}
