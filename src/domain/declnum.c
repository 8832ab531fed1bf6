/*
 * declnum.c — see declnum.h.
 */
#include "domain/declnum.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, size_t n)
{
	if (s == NULL || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int declnum_format(const char *district, int year, const char *regime, long long seq,
		   char out[DECLNUM_LEN + 1])
{
	out[0] = '\0';
	if (!digits(district, 3) || !digits(regime, 2) || year < 1000 || year > 9999 || seq < 1 ||
	    seq > DECLNUM_MAX_SEQ)
		return -1;
	snprintf(out, DECLNUM_LEN + 1, "%s-%04d-%s-%08lld", district, year, regime, seq);
	return 0;
}

int liqnum_format(const char *district, int year, long long seq, char out[LIQNUM_LEN + 1])
{
	out[0] = '\0';
	if (!digits(district, 3) || year < 1000 || year > 9999 || seq < 1 || seq > DECLNUM_MAX_SEQ)
		return -1;
	snprintf(out, LIQNUM_LEN + 1, "%s-%04d-L-%08lld", district, year, seq);
	return 0;
}

bool declnum_valid(const char *s)
{
	static const char shape[] = "ddd-dddd-dd-dddddddd";

	if (s == NULL || strlen(s) != DECLNUM_LEN)
		return false;
	for (size_t i = 0; i < DECLNUM_LEN; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return false;
	return true;
}
