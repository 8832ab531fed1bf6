/*
 * fuzz_csv.c — libFuzzer target for src/core/csv.c.
 *
 * The low four bits of the first byte choose max: 0 to 9 fields, 10 to 15
 * past LIMIT_CSV_FIELDS (so a seed starting with a digit reads that many, one
 * starting with '?' as many as the reader allows).  The rest, exactly as sized by libFuzzer (no NUL after it, so AddressSanitizer
 * catches any read past the input), is read record by record until the end or
 * the first error, and the run aborts when a result breaks a promise of csv.h:
 *   - csv_next returns 0, a field count in [1, min(max, LIMIT_CSV_FIELDS)], or
 *     one enum csv_err;
 *   - every view has p != NULL, lies inside the input (past a BOM) or inside
 *     the reader's scratch, is at most LIMIT_CSV_FIELD_BYTES long and is
 *     valid UTF-8 without NUL (by a checker written here);
 *   - csv_line never decreases, grows with every record, and never passes one
 *     more than the line feeds of the input;
 *   - an error is sticky (same result, same line, whatever max), and so is
 *     the end of the input;
 *   - records, fields and errors agree with a small independent reference
 *     written here, byte by byte, from the grammar in csv.h's comment.
 * The reader is freed after each run, so leaks show up under LeakSanitizer.
 *
 * Seeds: fuzz/corpus/csv/ (lines of the real code lists, and each error).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/limits.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

/* Well-formed UTF-8 by Table 3-7 of the Unicode standard, without NUL. */
static int ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t k;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return 0;
		}
		if (n - i - 1 < k)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xBF)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* ---- the reference ----------------------------------------------------- */

struct ref {
	const unsigned char *in;
	size_t n, pos;
	unsigned long line, rec_line;
	unsigned char *buf;            /* fields of the current record, back to back */
	size_t len[LIMIT_CSV_FIELDS];  /* their lengths */
};

/* CR LF, LF, or a CR that ends the input: its length, else 0. */
static size_t ref_eol(const struct ref *r, size_t i)
{
	if (i < r->n && r->in[i] == '\n')
		return 1;
	if (i < r->n && r->in[i] == '\r' && (i + 1 == r->n || r->in[i + 1] == '\n'))
		return i + 1 == r->n ? 1 : 2;
	return 0;
}

/* The next record: its field count, 0 at the end, or an enum csv_err. */
static int ref_next(struct ref *r, size_t max)
{
	size_t count = 0, o = 0, e;

	if (max > LIMIT_CSV_FIELDS)
		max = LIMIT_CSV_FIELDS;
	while ((e = ref_eol(r, r->pos)) != 0) {
		if (r->in[r->pos + e - 1] == '\n')
			r->line++;
		r->pos += e;
	}
	if (r->pos == r->n)
		return 0;
	r->rec_line = r->line;
	for (;;) {
		size_t start = o;

		if (count == max)
			return CSV_ERR_TOO_MANY;
		if (r->pos < r->n && r->in[r->pos] == '"') {
			r->pos++;
			for (;;) {
				if (r->pos == r->n)
					return CSV_ERR_QUOTE;
				if (r->in[r->pos] == '"') {
					if (r->pos + 1 < r->n && r->in[r->pos + 1] == '"') {
						r->buf[o++] = '"';
						r->pos += 2;
						continue;
					}
					r->pos++;
					break;
				}
				if (r->in[r->pos] == '\n')
					r->line++;
				r->buf[o++] = r->in[r->pos++];
			}
		} else {
			while (r->pos < r->n && r->in[r->pos] != ',' && ref_eol(r, r->pos) == 0)
				r->buf[o++] = r->in[r->pos++];
		}
		if (o - start > LIMIT_CSV_FIELD_BYTES)
			return CSV_ERR_FIELD;
		if (!ref_utf8(r->buf + start, o - start))
			return CSV_ERR_UTF8;
		r->len[count++] = o - start;
		if (r->pos == r->n)
			return (int)count;
		if (r->in[r->pos] == ',') {
			r->pos++;
			continue;
		}
		e = ref_eol(r, r->pos);
		if (e == 0)
			return CSV_ERR_QUOTE;
		if (r->in[r->pos + e - 1] == '\n')
			r->line++;
		r->pos += e;
		return (int)count;
	}
}

/* ---- the checks -------------------------------------------------------- */

static int is_err(int rc)
{
	return rc == CSV_ERR_QUOTE || rc == CSV_ERR_TOO_MANY || rc == CSV_ERR_FIELD ||
	       rc == CSV_ERR_UTF8 || rc == CSV_ERR_NOMEM;
}

static int inside(const char *p, size_t n, const char *base, size_t len)
{
	return base != NULL && p >= base && p <= base + len && n <= (size_t)(base + len - p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct str f[LIMIT_CSV_FIELDS + 4];
	struct csv r;
	struct ref ref;
	const char *in;
	size_t n, max, lf = 0, records = 0;
	unsigned long prev = 0;
	int rc, want;

	if (size == 0 || size > (size_t)1024 * 1024)
		return 0;
	max = data[0] & 15;
	if (max > 9)
		max = LIMIT_CSV_FIELDS + 4;
	in = (const char *)data + 1;
	n = size - 1;
	for (size_t i = 0; i < n; i++)
		lf += in[i] == '\n';

	csv_init(&r, in, n);
	require(r.data == in || (n >= 3 && r.data == in + 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0));
	require(csv_line(&r) == 0);
	memset(&ref, 0, sizeof(ref));
	ref.in = (const unsigned char *)r.data;
	ref.n = r.n;
	ref.line = 1;
	ref.buf = malloc(n + 1);
	require(ref.buf != NULL);

	for (;;) {
		rc = csv_next(&r, f, max);
		want = ref_next(&ref, max);
		require(rc == 0 || is_err(rc) || (rc >= 1 && (size_t)rc <= max && rc <= LIMIT_CSV_FIELDS));
		require(rc != CSV_ERR_NOMEM);
		/* The order of two errors in one field past the limit may differ. */
		if (rc == CSV_ERR_FIELD || want == CSV_ERR_FIELD)
			require(rc < 0 && want < 0);
		else
			require(rc == want);
		require(csv_line(&r) >= prev);
		require(csv_line(&r) <= lf + 1);
		if (rc == 0)
			break;
		require(csv_line(&r) > prev);   /* a record starts past the last one's line end */
		require(csv_line(&r) == ref.rec_line);
		prev = csv_line(&r);
		if (rc < 0)
			break;
		records++;
		require(records <= n);   /* every record takes at least one byte */
		{
			size_t o = 0;

			for (int i = 0; i < rc; i++) {
				require(f[i].p != NULL);
				require(inside(f[i].p, f[i].n, r.data, r.n) ||
					inside(f[i].p, f[i].n, r.scratch, r.used));
				require(r.used <= r.cap);
				require(f[i].n <= LIMIT_CSV_FIELD_BYTES);
				require(ref_utf8((const unsigned char *)f[i].p, f[i].n));
				require(utf8_valid(f[i].p, f[i].n));
				require(f[i].n == ref.len[i]);
				require(memcmp(f[i].p, ref.buf + o, f[i].n) == 0);
				o += f[i].n;
			}
		}
	}
	/* Sticky: the end stays the end, an error stays that error. */
	for (size_t k = 0; k < 2; k++) {
		require(csv_next(&r, f, k ? LIMIT_CSV_FIELDS : max) == rc);
		require(csv_line(&r) == prev);
	}
	require(r.cap <= (size_t)LIMIT_CSV_FIELDS * LIMIT_CSV_FIELD_BYTES);
	csv_free(&r);
	free(ref.buf);
	return 0;
}
