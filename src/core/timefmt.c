/*
 * timefmt.c — see timefmt.h.
 */
#include "core/timefmt.h"

#include <limits.h>
#include <time.h>

static void put2(char *p, int v)
{
	p[0] = (char)('0' + (v / 10) % 10);
	p[1] = (char)('0' + v % 10);
}

void timefmt_ec(long long t, char out[TIMEFMT_LEN])
{
	time_t local;
	struct tm tm;

	if (t < LLONG_MIN - TIMEFMT_EC_OFFSET) {   /* the offset would overflow */
		out[0] = '\0';
		return;
	}
	local = (time_t)(t + TIMEFMT_EC_OFFSET);
	if (gmtime_r(&local, &tm) == NULL) {
		out[0] = '\0';
		return;
	}
	if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		out[0] = '\0';
		return;
	}
	/* By hand rather than snprintf: twenty of these render on every main page. */
	put2(out, tm.tm_mday);
	out[2] = '/';
	put2(out + 3, tm.tm_mon + 1);
	out[5] = '/';
	put2(out + 6, (tm.tm_year + 1900) / 100);
	put2(out + 8, (tm.tm_year + 1900) % 100);
	out[10] = ' ';
	put2(out + 11, tm.tm_hour);
	out[13] = ':';
	put2(out + 14, tm.tm_min);
	out[16] = ':';
	put2(out + 17, tm.tm_sec);
	out[19] = '\0';
}
