/*
 * test_entrega.c — the número de entrega (src/domain/entrega.c).
 */
#include <criterion/criterion.h>
#ifndef TestSuite
#define TestSuite(...)
#endif

#include <string.h>

#include "domain/entrega.h"

Test(entrega, the_example_of_the_domain)
{
	char out[ENTREGA_LEN + 1];

	cr_assert_eq(entrega_format("29000001", 2019, 42, 'S', out), 0);
	cr_assert_str_eq(out, "29000001201900000042S");
	cr_assert_eq(strlen(out), ENTREGA_LEN);
}

Test(entrega, bounds_of_the_sequence_and_the_channel)
{
	char out[ENTREGA_LEN + 1];

	cr_assert_eq(entrega_format("05909025", 2026, 1, 'P', out), 0);
	cr_assert_str_eq(out, "05909025202600000001P");
	cr_assert_eq(entrega_format("05909025", 2026, ENTREGA_MAX_SEQ, 'P', out), 0);
	cr_assert_str_eq(out, "05909025202699999999P");
	cr_assert_eq(entrega_format("05909025", 2026, ENTREGA_MAX_SEQ + 1, 'P', out), -1);
	cr_assert_str_eq(out, "");
	cr_assert_eq(entrega_format("05909025", 2026, 0, 'P', out), -1);
	cr_assert_eq(entrega_format("05909025", 2026, 1, 'X', out), -1);
	cr_assert_eq(entrega_format("0590902", 2026, 1, 'P', out), -1);
	cr_assert_eq(entrega_format("0590902A", 2026, 1, 'P', out), -1);
	cr_assert_eq(entrega_format(NULL, 2026, 1, 'P', out), -1);
	cr_assert_eq(entrega_format("05909025", 999, 1, 'P', out), -1);
	cr_assert_eq(entrega_format("05909025", 10000, 1, 'P', out), -1);
}

Test(entrega, parse_round_trips_and_refuses)
{
	char out[ENTREGA_LEN + 1], oce[9], ch;
	int year;
	long long seq;

	cr_assert_eq(entrega_format("23902040", 2027, 12345678, 'S', out), 0);
	cr_assert(entrega_parse(out, oce, &year, &seq, &ch));
	cr_assert_str_eq(oce, "23902040");
	cr_assert_eq(year, 2027);
	cr_assert_eq(seq, 12345678);
	cr_assert_eq(ch, 'S');
	cr_assert(entrega_parse(out, NULL, NULL, NULL, NULL));
	cr_assert_not(entrega_parse("2390204020270000000S", NULL, NULL, NULL, NULL), "20 characters");
	cr_assert_not(entrega_parse("239020402027000000001X", NULL, NULL, NULL, NULL), "22 characters");
	cr_assert_not(entrega_parse("23902040202700000001X", NULL, NULL, NULL, NULL), "channel X");
	cr_assert_not(entrega_parse("2390204020270000000AP", NULL, NULL, NULL, NULL), "a letter");
	cr_assert_not(entrega_parse("23902040202700000000P", NULL, NULL, NULL, NULL), "sequence 0");
	cr_assert_not(entrega_parse(NULL, NULL, NULL, NULL, NULL));
}
