/*
 * csv.h — RFC 4180 records read from a byte range in memory.
 *
 * For the open code lists that `aduana catalog import` loads (HS, UN/LOCODE,
 * UNECE recommendations): files of the project, but parsed as untrusted input
 * all the same, so every limit of core/limits.h applies and a record past one
 * is an error, never a shortened field.
 *
 * The grammar, and the choices RFC 4180 leaves open:
 *   - fields are separated by ',' and records end at LF or CR LF; a CR at the
 *     very end of the input ends the record too.  A CR anywhere else in an
 *     unquoted field is an ordinary byte of it;
 *   - a field that starts with '"' is quoted: it ends at the next lone '"',
 *     holds commas, line breaks (a record may span lines) and '""' for one
 *     '"', and must be followed by ',', a line end or the end of the input
 *     (anything else is CSV_ERR_QUOTE, as is a missing closing quote);
 *   - a '"' inside an unquoted field (`12" pipe`, ` "a"`) is an ordinary byte;
 *   - blank lines (nothing at all between two line ends) are skipped, so a
 *     record is never empty; a one-column file writes an empty value as "";
 *     a line of spaces is a record of one field of spaces (nothing is trimmed);
 *   - "a," is two fields, the second empty; "," is two empty fields;
 *   - a UTF-8 byte order mark at the very start is skipped; every field must
 *     be valid UTF-8 without NUL (CSV_ERR_UTF8);
 *   - the last record is read whether or not a line end follows it.
 *
 * Unquoted fields, and quoted ones without a '""', are views into the input
 * (nothing copied); a quoted field with '""' is unescaped into the reader's
 * scratch buffer, which grows as needed.  One pass over the input: linear time.
 */
#ifndef ADUANA_CSV_H
#define ADUANA_CSV_H

#include <stddef.h>

#include "core/str.h"

enum csv_err {
	CSV_ERR_QUOTE = -1,     /* unterminated quoted field, or text after a closing quote */
	CSV_ERR_TOO_MANY = -2,  /* more than max (or LIMIT_CSV_FIELDS) fields */
	CSV_ERR_FIELD = -3,     /* a field, unescaped, past LIMIT_CSV_FIELD_BYTES */
	CSV_ERR_UTF8 = -4,      /* a field that is not valid UTF-8 (or holds a NUL) */
	CSV_ERR_NOMEM = -5,     /* the scratch buffer could not grow */
};

/* The reader's state.  Read-only for callers (the fuzz target checks views
 * against data and scratch). */
struct csv {
	const char *data;        /* the input, past a BOM; not owned, must outlive the reader */
	size_t n;                /* bytes at data */
	size_t pos;              /* next byte to read */
	unsigned long line;      /* the line of data[pos], from 1 (counts every LF) */
	unsigned long rec_line;  /* where the last record began; 0 before the first */
	char *scratch;           /* unescaped quoted fields of the current record;
	                            malloc'ed, owned by the reader */
	size_t cap;              /* bytes allocated at scratch, at most
	                            LIMIT_CSV_FIELDS * LIMIT_CSV_FIELD_BYTES */
	size_t used;             /* bytes of the current record in scratch */
	int err;                 /* 0, or the sticky enum csv_err */
};

/* Starts reading data[0..n), skipping a leading UTF-8 BOM.  Allocates nothing. */
void csv_init(struct csv *r, const char *data, size_t n);

/* Reads the next record into f[0..max): the number of fields (>= 1), 0 at the
 * end of the input (blank lines before it skipped), or a negative enum csv_err.
 * An error is sticky: every later call returns it again.  max is capped at
 * LIMIT_CSV_FIELDS; a record with more fields is CSV_ERR_TOO_MANY (so max 0
 * refuses every record).  The views f[i] (never with p == NULL) point into the
 * input or into the reader's scratch and are valid until the next call or
 * csv_free; after an error f holds nothing meaningful. */
int csv_next(struct csv *r, struct str *f, size_t max);

/* The line (from 1) where the last record read — or refused — began; 0 before
 * the first call.  For error messages: "hs2022.csv:42: unterminated quote". */
unsigned long csv_line(const struct csv *r);

/* Frees the scratch buffer; the reader may be started again with csv_init. */
void csv_free(struct csv *r);

#endif
