/*
 * entrega.h — the número de entrega: what an operator gets back for every
 * document customs receives (docs/domain.md, "Identifiers of documents").
 *
 * 21 characters: the OCE code (8 digits) + the year (4) + a sequence (8,
 * zero-padded) + the channel: P (sent through the portal) or S (by the
 * operator's own software).  E.g. 29000001 2019 00000042 S →
 * "29000001201900000042S".  The sequence is gapless per OCE code and year;
 * the store allocates it (store/documents.c).  Pure: no I/O.
 */
#ifndef ADUANA_ENTREGA_H
#define ADUANA_ENTREGA_H

#include <stdbool.h>

#define ENTREGA_LEN 21
#define ENTREGA_MAX_SEQ 99999999LL

/* Writes the number into out (ENTREGA_LEN + 1 bytes); -1 (out "") when an
 * argument is out of range: oce not 8 digits, year not 1000..9999, seq not
 * 1..ENTREGA_MAX_SEQ, channel not 'P' or 'S'. */
int entrega_format(const char *oce, int year, long long seq, char channel, char out[ENTREGA_LEN + 1]);

/* Splits a número de entrega; false when s is not one (length, digits,
 * channel).  Any of the outputs may be NULL. */
bool entrega_parse(const char *s, char oce[9], int *year, long long *seq, char *channel);

#endif
