/*
 * timefmt.c — see timefmt.h.
 */
#include "core/timefmt.h"

#include <limits.h>

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
