/*
 * declnum.h — the numbers customs gives an accepted declaration (pure).
 *
 * The declaration number (docs/domain.md): district (3) - year (4) - regime
 * (2) - sequence (8), e.g. "055-2019-10-00271175"; gapless per district, year
 * and regime (the store allocates the sequence in the transaction that
 * accepts).  The liquidation number, the project's own format [I]: district
 * (3) - year (4) - "L" - sequence (8), e.g. "028-2026-L-00000001"; gapless per
 * district and year.
 */
#ifndef ADUANA_DECLNUM_H
#define ADUANA_DECLNUM_H

#include <stdbool.h>

#define DECLNUM_LEN 20          /* "055-2019-10-00271175" */
#define LIQNUM_LEN  19          /* "028-2026-L-00000001" */
#define DECLNUM_MAX_SEQ 99999999LL

/* -1 (out "") when district is not 3 digits, regime not 2, year not
 * 1000..9999 or seq not 1..DECLNUM_MAX_SEQ. */
int declnum_format(const char *district, int year, const char *regime, long long seq,
		   char out[DECLNUM_LEN + 1]);
int liqnum_format(const char *district, int year, long long seq, char out[LIQNUM_LEN + 1]);

/* True when s is a declaration number (shape and digits). */
bool declnum_valid(const char *s);

#endif
