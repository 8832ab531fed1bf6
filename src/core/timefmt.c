/*
 * timefmt.c — see timefmt.h.
 */
#include "core/timefmt.h"

#include <limits.h>
#include <stdio.h>
#include <time.h>

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
	snprintf(out, TIMEFMT_LEN, "%02u/%02u/%04u %02u:%02u:%02u", (unsigned)tm.tm_mday % 100u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}
