/*
 * timefmt.h — dates as the portal shows them: dd/mm/yyyy hh:mm:ss in
 * Ecuador's mainland time (UTC−5 all year; Ecuador has no daylight saving).
 */
#ifndef ADUANA_TIMEFMT_H
#define ADUANA_TIMEFMT_H

#define TIMEFMT_EC_OFFSET (-5LL * 3600)
#define TIMEFMT_LEN 20   /* "dd/mm/yyyy hh:mm:ss" + NUL */

/* Writes the Unix time t as dd/mm/yyyy hh:mm:ss in Ecuador's time. */
void timefmt_ec(long long t, char out[TIMEFMT_LEN]);

/* The Unix time of 00:00 in Ecuador of the date in s: "dd/mm/aaaa" or
 * "aaaa-mm-dd" (a day that exists, years 1900..2999).  0, or -1 when s is
 * not such a date. */
int timefmt_ec_day_start(const char *s, long long *out);
/* The Unix time of 00:00 in Ecuador of the day t falls on. */
long long timefmt_ec_midnight(long long t);
/* The year in Ecuador at t (the year of a número de entrega or a declaration). */
int timefmt_ec_year(long long t);
/* The Unix time of 1 January, 00:00 in Ecuador, of the year t falls in. */
long long timefmt_ec_year_start(long long t);

#endif
