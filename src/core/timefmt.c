/*
 * timefmt.c — see timefmt.h.
 */
#include "core/timefmt.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

static void put2(char *p, int v)
{
	p[0] = (char)('0' + (v / 10) % 10);
	p[1] = (char)('0' + v % 10);
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days): pure arithmetic, no locale, no lock.  gmtime_r takes
 * glibc's time-zone lock, which twenty rows a page made a contention point. */
static void civil(long long days, long long *y, int *m, int *d)
{
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;                               /* [0, 146096] */
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* [0, 365] */
	long long mp = (5 * doy + 2) / 153;                             /* [0, 11] */

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void timefmt_ec(long long t, char out[TIMEFMT_LEN])
{
	long long local, days, secs, y;
	int mo, d;

	if (t < LLONG_MIN - TIMEFMT_EC_OFFSET) {   /* the offset would overflow */
		out[0] = '\0';
		return;
	}
	local = t + TIMEFMT_EC_OFFSET;
	days = local / 86400;
	secs = local % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil(days, &y, &mo, &d);
	if (y < 0 || y > 9999) {
		out[0] = '\0';
		return;
	}
	/* By hand rather than snprintf: twenty of these render on every main page. */
	put2(out, d);
	out[2] = '/';
	put2(out + 3, mo);
	out[5] = '/';
	put2(out + 6, (int)(y / 100));
	put2(out + 8, (int)(y % 100));
	out[10] = ' ';
	put2(out + 11, (int)(secs / 3600));
	out[13] = ':';
	put2(out + 14, (int)(secs / 60 % 60));
	out[16] = ':';
	put2(out + 17, (int)(secs % 60));
	out[19] = '\0';
}

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int num(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int timefmt_ec_day_start(const char *s, long long *out)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	bool leap;

	if (s == NULL || strlen(s) != 10)
		return -1;
	if (s[2] == '/' && s[5] == '/') {
		if (num(s, 2, &d) || num(s + 3, 2, &m) || num(s + 6, 4, &y))
			return -1;
	} else if (s[4] == '-' && s[7] == '-') {
		if (num(s, 4, &y) || num(s + 5, 2, &m) || num(s + 8, 2, &d))
			return -1;
	} else {
		return -1;
	}
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*out = days_from_civil(y, m, d) * 86400 - TIMEFMT_EC_OFFSET;
	return 0;
}

long long timefmt_ec_midnight(long long t)
{
	long long local = t + TIMEFMT_EC_OFFSET, days = local / 86400;

	if (local % 86400 < 0)
		days--;
	return days * 86400 - TIMEFMT_EC_OFFSET;
}

int timefmt_ec_year(long long t)
{
	char date[TIMEFMT_LEN] = { 0 };

	timefmt_ec(t, date);   /* "dd/mm/yyyy hh:mm:ss" */
	return (date[6] - '0') * 1000 + (date[7] - '0') * 100 + (date[8] - '0') * 10 + (date[9] - '0');
}

long long timefmt_ec_year_start(long long t)
{
	return days_from_civil(timefmt_ec_year(t), 1, 1) * 86400 - TIMEFMT_EC_OFFSET;
}
