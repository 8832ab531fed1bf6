/*
 * test_timefmt.c — unit tests of src/core/timefmt.c.
 *
 * Dates are shown as dd/mm/yyyy hh:mm:ss in Ecuador's mainland time, a fixed
 * UTC−5 (no daylight saving), whatever the machine's time zone.  Times whose
 * year falls outside 0000..9999 give "" rather than a malformed date.  The
 * expected values were checked with `TZ=UTC0 date -d @T` minus five hours.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/timefmt.h"

static void expect(long long t, const char *want)
{
	char out[TIMEFMT_LEN];

	memset(out, 'Z', sizeof(out));
	timefmt_ec(t, out);
	cr_assert_not_null(memchr(out, '\0', sizeof(out)), "%lld: not NUL-terminated", t);
	cr_assert_str_eq(out, want, "%lld: \"%s\", want \"%s\"", t, out, want);
}

Test(timefmt, epoch)
{
	expect(0, "31/12/1969 19:00:00");
	expect(-1, "31/12/1969 18:59:59");
	expect(18000, "01/01/1970 00:00:00");
	expect(17999, "31/12/1969 23:59:59");
}

Test(timefmt, known_times)
{
	expect(1000000000, "08/09/2001 20:46:40");
	expect(1700000000, "14/11/2023 17:13:20");
}

Test(timefmt, across_midnight_utc)
{
	/* 2024-01-01 04:00:00 UTC is still New Year's Eve in Quito. */
	expect(1704081600, "31/12/2023 23:00:00");
	expect(1704085199, "31/12/2023 23:59:59");
	expect(1704085200, "01/01/2024 00:00:00");
}

Test(timefmt, leap_days)
{
	expect(1709208000, "29/02/2024 07:00:00");
	/* 2000-02-29 00:00 UTC: the evening of the 28th in Ecuador. */
	expect(951782400, "28/02/2000 19:00:00");
}

Test(timefmt, independent_of_tz)
{
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	expect(1700000000, "14/11/2023 17:13:20");
	setenv("TZ", "America/Guayaquil", 1);
	tzset();
	/* Ecuador tried daylight saving in 1992-93; the portal's clock did not. */
	expect(725000000, "21/12/1992 23:53:20");   /* local time then: 00:53:20 -04 */
}

Test(timefmt, before_1970)
{
	expect(-2208988800LL, "31/12/1899 19:00:00");
}

Test(timefmt, four_digit_years_only)
{
	expect(253402300799LL, "31/12/9999 18:59:59");
	expect(253402318799LL, "31/12/9999 23:59:59");
	expect(253402318800LL, "");                     /* 01/01/10000 */
	expect(-62167201200LL, "01/01/0000 00:00:00");
	expect(-62167201201LL, "");                     /* year -1 */
}

Test(timefmt, extremes_give_empty)
{
	/* Out of any calendar: "" and no undefined behaviour on the way. */
	expect(LLONG_MAX, "");
	expect(LLONG_MIN, "");
	expect(LLONG_MIN + 1, "");
}

/* The arithmetic agrees with the C library's calendar, second by second
 * around the edges and at 200 000 spread-out times from 1900 to 9999. */
Test(timefmt, agrees_with_gmtime_everywhere)
{
	unsigned long long x = 88172645463325252ULL;   /* xorshift64: a fixed sequence */
	char got[TIMEFMT_LEN], want[64];

	for (int i = 0; i < 200000; i++) {
		long long t;
		time_t local;
		struct tm tm;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		t = -2208988800LL + (long long)(x % 255485568000ULL);   /* 1900 .. 9999 */
		if (i < 1000)
			t = 951782400LL + i * 97LL;   /* around 29/02/2000 */
		timefmt_ec(t, got);
		local = (time_t)(t + TIMEFMT_EC_OFFSET);
		cr_assert_not_null(gmtime_r(&local, &tm));
		if (tm.tm_year + 1900 > 9999)
			continue;
		snprintf(want, sizeof(want), "%02d/%02d/%04d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1,
			 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		cr_assert_str_eq(got, want, "t=%lld", t);
	}
}

Test(timefmt, day_starts_in_ecuador)
{
	long long t;
	char s[TIMEFMT_LEN];

	cr_assert_eq(timefmt_ec_day_start("01/12/2026", &t), 0);
	timefmt_ec(t, s);
	cr_assert_str_eq(s, "01/12/2026 00:00:00");
	cr_assert_eq(timefmt_ec_day_start("2026-12-01", &t), 0);
	timefmt_ec(t, s);
	cr_assert_str_eq(s, "01/12/2026 00:00:00", "the form of a date input too");
	cr_assert_eq(timefmt_ec_day_start("29/02/2024", &t), 0);
	cr_assert_eq(timefmt_ec_day_start("29/02/2026", &t), -1, "not a leap year");
	for (const char *const *bad = (const char *const[]){ "", "1/12/2026", "01/13/2026", "00/12/2026",
							    "01-12-2026", "2026/12/01", "01/12/202X", "01/12/20261",
							    "31/04/2026", NULL }; *bad; bad++)
		cr_assert_eq(timefmt_ec_day_start(*bad, &t), -1, "%s", *bad);
	cr_assert_eq(timefmt_ec_day_start(NULL, &t), -1);
	/* Midnight of the day a time falls on, in Ecuador (UTC-5). */
	cr_assert_eq(timefmt_ec_day_start("01/12/2026", &t), 0);
	cr_assert_eq(timefmt_ec_midnight(t), t);
	cr_assert_eq(timefmt_ec_midnight(t + 86399), t);
	cr_assert_eq(timefmt_ec_midnight(t + 86400), t + 86400);
	cr_assert_eq(timefmt_ec_midnight(t - 1), t - 86400);
	cr_assert_eq(timefmt_ec_midnight(0), -19 * 3600, "01/01/1970 is still 31/12/1969 19:00 in Ecuador");
}
