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

#endif
