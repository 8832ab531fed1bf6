/*
 * csv.c — see csv.h.
 *
 * Invariants: pos <= n, and every byte before pos has been counted into line.
 * Scratch holds only the current record: used <= (fields so far) *
 * LIMIT_CSV_FIELD_BYTES, so it never grows past LIMIT_CSV_FIELDS times the
 * field limit.  Since growing may move it, a field in scratch is remembered by
 * its offset and turned into a view only when the record is complete.
 *
 * Every byte is looked at a bounded number of times (memchr for the closing
 * quote, one count of line feeds, one UTF-8 check, at most one copy), so a
 * record costs time linear in its bytes.
 */
#include "core/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"

#define NOT_SCRATCH SIZE_MAX   /* off[] of a field that is a view into the input */
#define SCRATCH_MAX (LIMIT_CSV_FIELDS * LIMIT_CSV_FIELD_BYTES)

void csv_init(struct csv *r, const char *data, size_t n)
{
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		n -= 3;
	}
	r->data = data;
	r->n = n;
	r->pos = 0;
	r->line = 1;
	r->rec_line = 0;
	r->scratch = NULL;
	r->cap = 0;
	r->used = 0;
	r->err = 0;
}

void csv_free(struct csv *r)
{
	free(r->scratch);
	r->scratch = NULL;
	r->cap = 0;
	r->used = 0;
}

unsigned long csv_line(const struct csv *r)
{
	return r->rec_line;
}

static int fail(struct csv *r, int err)
{
	r->err = err;
	return err;
}

/* Length of the line end at data[i]: 1 for LF, 2 for CR LF, 1 for a CR that
 * ends the input, 0 for anything else. */
static size_t line_end(const struct csv *r, size_t i)
{
	if (i >= r->n)
		return 0;
	if (r->data[i] == '\n')
		return 1;
	if (r->data[i] == '\r') {
		if (i + 1 == r->n)
			return 1;
		if (r->data[i + 1] == '\n')
			return 2;
	}
	return 0;
}

static unsigned long count_lf(const char *s, size_t n)
{
	unsigned long k = 0;
	const char *end = s + n;

	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

/* Appends s[0..k) to scratch; the caller has checked the field limit, so
 * used + k <= SCRATCH_MAX. */
static int put(struct csv *r, const char *s, size_t k)
{
	if (k == 0)
		return 0;   /* scratch may still be NULL */
	if (k > r->cap - r->used) {
		size_t need = r->used + k, cap = r->cap ? r->cap : 256;
		char *d;

		while (cap < need)
			cap *= 2;
		if (cap > SCRATCH_MAX)
			cap = SCRATCH_MAX;
		d = realloc(r->scratch, cap);
		if (d == NULL)
			return CSV_ERR_NOMEM;
		r->scratch = d;
		r->cap = cap;
	}
	memcpy(r->scratch + r->used, s, k);
	r->used += k;
	return 0;
}

/* A checked field: not past the limit, valid UTF-8 without NUL. */
static int check(const char *s, size_t k)
{
	if (k > LIMIT_CSV_FIELD_BYTES)
		return CSV_ERR_FIELD;
	if (!utf8_valid(s, k))
		return CSV_ERR_UTF8;
	return 0;
}

/* An unquoted field from pos up to ',' or a line end (or the end). */
static int read_plain(struct csv *r, struct str *v)
{
	size_t i = r->pos;

	while (i < r->n && r->data[i] != ',' && r->data[i] != '\n' &&
	       !(r->data[i] == '\r' && line_end(r, i)))
		i++;
	v->p = r->data + r->pos;
	v->n = i - r->pos;
	r->pos = i;
	return check(v->p, v->n);
}

/* A quoted field, pos at its opening quote; leaves pos after the closing one.
 * Without a '""' the field is a view into the input (*off = NOT_SCRATCH);
 * with one it is unescaped into scratch from offset *off. */
static int read_quoted(struct csv *r, struct str *v, size_t *off)
{
	size_t start = r->pos + 1, i = start, len;
	int copying = 0, rc;

	*off = NOT_SCRATCH;
	for (;;) {
		const char *q = i < r->n ? memchr(r->data + i, '"', r->n - i) : NULL;
		size_t qi, k;

		if (q == NULL)
			return CSV_ERR_QUOTE;   /* unterminated: the error names the record's line */
		qi = (size_t)(q - r->data);
		r->line += count_lf(r->data + i, qi - i);
		k = qi - i;
		if (copying) {
			if (k > LIMIT_CSV_FIELD_BYTES - (r->used - *off))
				return CSV_ERR_FIELD;
			if ((rc = put(r, r->data + i, k)) != 0)
				return rc;
		}
		if (qi + 1 < r->n && r->data[qi + 1] == '"') {   /* "" stands for one " */
			if (!copying) {
				copying = 1;
				*off = r->used;
				if (qi - start >= LIMIT_CSV_FIELD_BYTES)
					return CSV_ERR_FIELD;
				if ((rc = put(r, r->data + start, qi - start)) != 0)
					return rc;
			} else if (r->used - *off >= LIMIT_CSV_FIELD_BYTES) {
				return CSV_ERR_FIELD;
			}
			if ((rc = put(r, "\"", 1)) != 0)
				return rc;
			i = qi + 2;
			continue;
		}
		r->pos = qi + 1;
		if (copying) {
			v->p = NULL;             /* resolved from *off when the record is done */
			len = r->used - *off;
			v->n = len;
			return check(r->scratch + *off, len);
		}
		v->p = r->data + start;
		v->n = qi - start;
		return check(v->p, v->n);
	}
}

int csv_next(struct csv *r, struct str *f, size_t max)
{
	size_t off[LIMIT_CSV_FIELDS];
	size_t count = 0, e;
	int rc;

	if (r->err)
		return r->err;
	if (max > LIMIT_CSV_FIELDS)
		max = LIMIT_CSV_FIELDS;
	/* Blank lines are skipped. */
	while ((e = line_end(r, r->pos)) != 0) {
		r->pos += e;
		if (r->data[r->pos - 1] == '\n')
			r->line++;
	}
	if (r->pos == r->n)
		return 0;
	r->rec_line = r->line;
	r->used = 0;
	for (;;) {
		if (count == max)
			return fail(r, CSV_ERR_TOO_MANY);
		if (r->pos < r->n && r->data[r->pos] == '"') {
			rc = read_quoted(r, &f[count], &off[count]);
		} else {
			off[count] = NOT_SCRATCH;
			rc = read_plain(r, &f[count]);
		}
		if (rc)
			return fail(r, rc);
		count++;
		if (r->pos == r->n)
			break;
		if (r->data[r->pos] == ',') {   /* then another field, maybe empty */
			r->pos++;
			continue;
		}
		e = line_end(r, r->pos);
		if (e == 0)   /* only after a closing quote: "a"b */
			return fail(r, CSV_ERR_QUOTE);
		r->pos += e;
		if (r->data[r->pos - 1] == '\n')
			r->line++;
		break;
	}
	for (size_t i = 0; i < count; i++)
		if (off[i] != NOT_SCRATCH)
			f[i].p = r->scratch + off[i];
	return (int)count;
}
