/*
 * fuzz_multipart.c — libFuzzer target for src/http/multipart.c.
 *
 * The input is split at its first NUL byte: what comes before is a
 * Content-Type header value, given to multipart_boundary as a C string;
 * what comes after is the body.  Without a NUL the whole input is the body.
 * When the header gives no boundary, the body is parsed with "AaB03x", so
 * every input exercises the body parser.  The body is copied into a buffer
 * of its exact size, so AddressSanitizer catches a read past either end.
 *
 * The target aborts when a result breaks a promise of multipart.h:
 *   - multipart_boundary returns 0 or MP_ERR_CONTENT_TYPE; on failure the
 *     view is empty; on success it lies inside the header string and is
 *     1..LIMIT_BOUNDARY_BYTES bchars, not ending in a space;
 *   - multipart_parse returns MP_OK or an enum mp_err (never MP_ERR_NOMEM
 *     with a full-size arena); on failure the result is empty; MP_ERR_TOO_MANY
 *     only when the body holds more than LIMIT_MULTIPART_PARTS delimiters;
 *   - on success: n <= LIMIT_MULTIPART_PARTS; every name is 1..
 *     LIMIT_FIELD_NAME_BYTES bytes of UTF-8 without control characters;
 *     every filename is NULL or 1..LIMIT_FILENAME_BYTES such bytes, without
 *     '/' or '\' and not "." or ".."; every content type is printable ASCII;
 *     every data view lies inside the body, after the previous one, holds
 *     no CRLF "--" boundary and is followed by one; the last is followed by
 *     the close delimiter;
 *   - the body cut just after its close delimiter gives the same parts, and
 *     cut anywhere before it (two places tried) fails: a truncated upload
 *     never parses;
 *   - the parts written out again in canonical form parse to the same parts;
 *   - with a tiny arena the parse fails with MP_ERR_NOMEM or gives the same
 *     result.
 * Arenas and copies are freed after each run, so leaks show up under
 * LeakSanitizer.  A quadratic search would show up as libFuzzer timeouts.
 *
 * Seeds: fuzz/corpus/multipart/ (each a Content-Type, a NUL, a body).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/str.h"
#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT ((size_t)1024 * 1024)

static void require(int ok)
{
	if (!ok)
		abort();
}

/* ---- references -------------------------------------------------------- */

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

/* A name as multipart.h promises: UTF-8, no C0, DEL or C1 (U+0080..U+009F). */
static int ref_name(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!ref_utf8(u, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (u[i] < 0x20 || u[i] == 0x7F)
			return 0;
		if (u[i] == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
			return 0;
	}
	return 1;
}

static int ref_bchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != 0 && strchr("'()+_,-./:=? ", c) != NULL);
}

/* CRLF "--" b at s[i]? */
static int delim_at(const char *s, size_t n, size_t i, struct str b)
{
	return n - i >= 4 + b.n && memcmp(s + i, "\r\n--", 4) == 0 &&
	       memcmp(s + i + 4, b.p, b.n) == 0;
}

/* The first CRLF "--" b in s[from..n), naively; n when none. */
static size_t ref_find(const char *s, size_t n, size_t from, struct str b)
{
	for (size_t i = from; i < n; i++)
		if (delim_at(s, n, i, b))
			return i;
	return n;
}

/* Delimiters of any kind in s[0..n): "--" b at 0, CRLF "--" b anywhere. */
static size_t ref_count(const char *s, size_t n, struct str b)
{
	size_t c = n >= 2 + b.n && memcmp(s, "--", 2) == 0 && memcmp(s + 2, b.p, b.n) == 0;

	for (size_t i = 0; i < n; i++)
		if (delim_at(s, n, i, b))
			c++;
	return c;
}

/* ---- checks ------------------------------------------------------------ */

static int is_mp_rc(int rc)
{
	return rc == MP_OK || rc == MP_ERR_CONTENT_TYPE || rc == MP_ERR_FORMAT ||
	       rc == MP_ERR_TOO_MANY || rc == MP_ERR_HEADER_TOO_LONG || rc == MP_ERR_NAME ||
	       rc == MP_ERR_NOMEM;
}

static void check_boundary(const char *ct, size_t ctn, int rc, struct str b)
{
	require(rc == MP_OK || rc == MP_ERR_CONTENT_TYPE);
	if (rc != MP_OK) {
		require(b.p == NULL && b.n == 0);
		return;
	}
	require(b.p != NULL && b.p >= ct && b.p + b.n <= ct + ctn);
	require(b.n >= 1 && b.n <= LIMIT_BOUNDARY_BYTES && b.p[b.n - 1] != ' ');
	for (size_t i = 0; i < b.n; i++)
		require(ref_bchar((unsigned char)b.p[i]));
}

/* Where the close delimiter's "--" ends; the result must have parsed. */
static size_t close_end(const char *body, size_t n, struct str b, const struct multipart *m)
{
	size_t at;

	if (m->n > 0) {
		const struct mp_part *last = &m->parts[m->n - 1];
		at = (size_t)(last->data.p - body) + last->data.n;
		require(delim_at(body, n, at, b));
		at += 4 + b.n;
	} else if (n >= 2 + b.n && memcmp(body, "--", 2) == 0 && memcmp(body + 2, b.p, b.n) == 0) {
		at = 2 + b.n;
	} else {
		at = ref_find(body, n, 0, b);
		require(at < n);
		at += 4 + b.n;
	}
	require(n - at >= 2 && body[at] == '-' && body[at + 1] == '-');
	return at + 2;
}

static void check_result(const char *body, size_t n, struct str b, const struct multipart *m)
{
	const char *prev = body;
	size_t end;

	require(m->n <= LIMIT_MULTIPART_PARTS);
	require(m->parts != NULL);
	for (size_t i = 0; i < m->n; i++) {
		const struct mp_part *p = &m->parts[i];
		size_t len, off;

		require(p->name != NULL && p->content_type != NULL && p->data.p != NULL);
		len = strlen(p->name);
		require(len >= 1 && len <= LIMIT_FIELD_NAME_BYTES && ref_name(p->name, len));
		if (p->filename != NULL) {
			len = strlen(p->filename);
			require(len >= 1 && len <= LIMIT_FILENAME_BYTES);
			require(ref_name(p->filename, len));
			require(strchr(p->filename, '/') == NULL && strchr(p->filename, '\\') == NULL);
			require(strcmp(p->filename, ".") != 0 && strcmp(p->filename, "..") != 0);
		}
		for (const char *c = p->content_type; *c; c++)
			require((*c >= 0x20 && *c < 0x7F) || *c == '\t');
		/* Inside the body, in order, delimited. */
		require(p->data.p >= prev && p->data.p <= body + n);
		require(p->data.n <= (size_t)(body + n - p->data.p));
		off = (size_t)(p->data.p - body);
		require(ref_find(body, n, off, b) == off + p->data.n);
		require(delim_at(body, n, off + p->data.n, b));
		prev = p->data.p + p->data.n;
	}
	end = close_end(body, n, b, m);
	/* After the close delimiter: padding, then the end or CRLF. */
	while (end < n && (body[end] == ' ' || body[end] == '\t'))
		end++;
	require(end == n || (n - end >= 2 && body[end] == '\r' && body[end + 1] == '\n'));
}

static int same_result(const struct multipart *x, const struct multipart *y)
{
	if (x->n != y->n)
		return 0;
	for (size_t i = 0; i < x->n; i++) {
		const struct mp_part *p = &x->parts[i], *q = &y->parts[i];
		if (strcmp(p->name, q->name) != 0 || strcmp(p->content_type, q->content_type) != 0)
			return 0;
		if ((p->filename == NULL) != (q->filename == NULL))
			return 0;
		if (p->filename != NULL && strcmp(p->filename, q->filename) != 0)
			return 0;
		if (p->data.n != q->data.n ||
		    (p->data.n > 0 && memcmp(p->data.p, q->data.p, p->data.n) != 0))
			return 0;
	}
	return 1;
}

/* ---- the canonical form ------------------------------------------------ */

struct out {
	char *p;
	size_t n, cap;
};

static void put(struct out *o, const void *s, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 64;
		o->p = realloc(o->p, o->cap);
		require(o->p != NULL);
	}
	if (n > 0)
		memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A quoted string, '"' and '\' escaped. */
static void put_quoted(struct out *o, const char *s)
{
	put(o, "\"", 1);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			put(o, "\\", 1);
		put(o, s, 1);
	}
	put(o, "\"", 1);
}

/* Writes m back as a browser would; 0 when a header block would pass the
 * limit (the canonical form may be longer than what was sent). */
static int canonical(struct out *o, struct str b, const struct multipart *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mp_part *p = &m->parts[i];
		size_t start;

		put(o, "--", 2);
		put(o, b.p, b.n);
		put_str(o, "\r\n");
		start = o->n;
		put_str(o, "Content-Disposition: form-data; name=");
		put_quoted(o, p->name);
		if (p->filename != NULL) {
			put_str(o, "; filename=");
			put_quoted(o, p->filename);
		}
		put_str(o, "\r\n");
		if (p->content_type[0] != '\0') {
			put_str(o, "Content-Type: ");
			put_str(o, p->content_type);
			put_str(o, "\r\n");
		}
		if (o->n - start > LIMIT_PART_HEADER_BYTES)
			return 0;
		put_str(o, "\r\n");
		put(o, p->data.p, p->data.n);
		put_str(o, "\r\n");
	}
	put(o, "--", 2);
	put(o, b.p, b.n);
	put_str(o, "--\r\n");
	return 1;
}

/* ---- the target -------------------------------------------------------- */

/* Parses body[0..n) into a's result; checks the promises of a failure. */
static int parse(struct arena *a, const char *body, size_t n, struct str b, struct multipart *m)
{
	int rc;

	m->parts = (struct mp_part *)m;   /* garbage the parser must overwrite */
	m->n = 12345;
	rc = multipart_parse(a, body, n, b, m);
	require(is_mp_rc(rc));
	if (rc != MP_OK)
		require(m->parts == NULL && m->n == 0);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	char *ct = NULL, *body;
	size_t ctn = 0, n;
	struct str b;
	struct arena a, small, again;
	struct multipart m, m2;
	struct out o = { NULL, 0, 0 };
	int rc, rc2;

	if (size > MAX_INPUT)
		return 0;
	if (nul != NULL) {
		ctn = (size_t)(nul - data);
		ct = malloc(ctn + 1);
		require(ct != NULL);
		memcpy(ct, data, ctn);
		ct[ctn] = '\0';
		data = nul + 1;
		size -= ctn + 1;
	}
	n = size;
	body = malloc(n ? n : 1);
	require(body != NULL);
	if (n > 0)
		memcpy(body, data, n);

	b = (struct str){ "junk", 4 };
	rc = multipart_boundary(ct, &b);
	check_boundary(ct, ctn, rc, b);
	if (rc != MP_OK)
		b = STR_LIT("AaB03x");

	arena_init(&a, LIMIT_ARENA_BYTES);
	arena_init(&small, 1024);
	arena_init(&again, LIMIT_ARENA_BYTES);
	rc = parse(&a, body, n, b, &m);
	require(rc != MP_ERR_NOMEM && rc != MP_ERR_CONTENT_TYPE);
	if (rc == MP_ERR_TOO_MANY)
		require(ref_count(body, n, b) > LIMIT_MULTIPART_PARTS);

	if (rc == MP_OK) {
		size_t ce;

		check_result(body, n, b, &m);
		/* Cut after the close delimiter: the same; before: a failure. */
		ce = close_end(body, n, b, &m);
		require(parse(&again, body, ce, b, &m2) == MP_OK && same_result(&m, &m2));
		require(parse(&again, body, ce - 1, b, &m2) != MP_OK);
		require(parse(&again, body, (n * 7919) % ce, b, &m2) != MP_OK);
		/* The canonical form reads back the same. */
		if (canonical(&o, b, &m)) {
			require(parse(&again, o.p, o.n, b, &m2) == MP_OK);
			require(same_result(&m, &m2));
		}
	}

	/* A tiny arena: a clean failure or the very same result. */
	rc2 = parse(&small, body, n, b, &m2);
	if (rc2 != MP_OK)
		require(rc2 == MP_ERR_NOMEM || rc2 == rc);
	else
		require(rc == MP_OK && same_result(&m, &m2));
	require(small.used <= 1024);

	arena_free(&again);
	arena_free(&small);
	arena_free(&a);
	free(o.p);
	free(body);
	free(ct);
	return 0;
}
