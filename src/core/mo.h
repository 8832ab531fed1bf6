/*
 * mo.h — GNU gettext .mo catalogues, read in place.
 *
 * For the Spanish names of countries and currencies that `aduana catalog
 * import` takes from Debian's iso-codes translations (iso_3166-1.mo,
 * iso_4217.mo).  The format is the GNU gettext manual's "The Format of GNU MO
 * Files": a header of seven 32-bit words — magic 0x950412de (whose byte order
 * gives the file's), revision, N, the offsets of the table of original strings
 * and of the table of translations, the size and offset of a hash table — and
 * each table is N (length, offset) pairs of 32-bit words.  Every string is
 * NUL-terminated at its length (the length does not count the NUL).
 *
 * mo_open checks the whole structure once, so that no later lookup can read
 * outside the bytes: tables and strings inside them, every string terminated
 * where its length says.  It reads the words in the file's byte order, whatever
 * the host's.  The hash table is neither used nor checked; lookups bisect the
 * originals when they are sorted (as msgfmt writes them), else scan them.
 *
 * Keys are compared like gettext's own lookup compares them, as C strings:
 *   - a context entry is stored as "context\4msgid" and is found by that key;
 *   - a plural entry is stored as "msgid\0msgid_plural" and is found by its
 *     msgid; its translation holds the forms separated by NULs, and the first
 *     form (msgstr[0]) is what mo_lookup returns;
 *   - the entry with the empty msgid is the header ("Content-Type: ...").
 */
#ifndef ADUANA_MO_H
#define ADUANA_MO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A view over the file's bytes, which must outlive it; nothing is copied or
 * allocated, so there is nothing to free. */
struct mo {
	const unsigned char *data;
	size_t n;
	uint32_t count;   /* N: entries */
	uint32_t orig;    /* offset of the table of original strings */
	uint32_t trans;   /* offset of the table of translations */
	bool big;         /* the file's words are big-endian */
	bool sorted;      /* originals strictly ascending (strcmp): lookups bisect */
};

/* 0 when data[0..n) is a well-formed .mo catalogue — magic in either byte
 * order, major revision 0 or 1 (any minor), both tables and every string
 * inside the bounds, every string NUL-terminated at its length — and -1
 * otherwise, leaving *m an empty catalogue in which every lookup misses. */
int mo_open(struct mo *m, const void *data, size_t n);

/* The translation of msgid (an exact match of the key, see above), or NULL.
 * The result points into the file's bytes and is NUL-terminated at *len (its
 * length in bytes; len may be NULL).  A plural entry gives its first form.
 * O(log N) comparisons when the originals are sorted, O(N) otherwise. */
const char *mo_lookup(const struct mo *m, const char *msgid, size_t *len);

#endif
