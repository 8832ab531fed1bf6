/*
 * entrega.c — see entrega.h.
 */
#include "domain/entrega.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int entrega_format(const char *oce, int year, long long seq, char channel, char out[ENTREGA_LEN + 1])
{
	out[0] = '\0';
	if (oce == NULL || strlen(oce) != 8 || !all_digits(oce, 8) || year < 1000 || year > 9999 ||
	    seq < 1 || seq > ENTREGA_MAX_SEQ || (channel != 'P' && channel != 'S'))
		return -1;
	memcpy(out, oce, 8);
	for (int i = 11; i >= 8; i--, year /= 10)
		out[i] = (char)('0' + year % 10);
	for (int i = 19; i >= 12; i--, seq /= 10)
		out[i] = (char)('0' + seq % 10);
	out[20] = channel;
	out[21] = '\0';
	return 0;
}

bool entrega_parse(const char *s, char oce[9], int *year, long long *seq, char *channel)
{
	int y = 0;
	long long q = 0;

	if (s == NULL || strlen(s) != ENTREGA_LEN || !all_digits(s, 20) || (s[20] != 'P' && s[20] != 'S'))
		return false;
	for (int i = 8; i < 12; i++)
		y = y * 10 + (s[i] - '0');
	for (int i = 12; i < 20; i++)
		q = q * 10 + (s[i] - '0');
	if (y < 1000 || q < 1)
		return false;
	if (oce) {
		memcpy(oce, s, 8);
		oce[8] = '\0';
	}
	if (year)
		*year = y;
	if (seq)
		*seq = q;
	if (channel)
		*channel = s[20];
	return true;
}
