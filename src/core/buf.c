/*
 * buf.c — see buf.h.
 *
 * Invariants: len <= max; when data is not NULL, len < cap <= max + 1 (room
 * for the NUL), so "n < cap - len" alone proves that n more bytes fit both the
 * allocation and the cap.  That one comparison (and the sticky error) is the
 * whole fast path of an append; growth doubles the capacity, so a run of
 * appends costs amortised O(1) reallocations.
 */
#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keeps a slow path out of line so that the fast path around it needs no
 * saved registers (GCC and Clang; elsewhere it is only a hint lost). */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->err = BUF_OK;
}

/* The slow half of reserve(): sets the sticky error when n bytes would cross
 * the cap, else grows the allocation (doubling) to hold len + n and the NUL. */
static int reserve_slow(struct buf *b, size_t n)
{
	size_t need, cap;
	char *d;

	if (b->err)
		return -1;
	if (n > b->max - b->len) {
		b->err = BUF_ERR_FULL;
		return -1;
	}
	need = b->len + n;   /* <= max: cannot overflow */
	if (need < b->cap)
		return 0;
	if (need == SIZE_MAX) {   /* only with max == SIZE_MAX: no room for the NUL */
		b->err = BUF_ERR_NOMEM;
		return -1;
	}
	cap = b->cap ? b->cap : 256;
	while (cap <= need)
		cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
	if (cap - 1 > b->max)
		cap = b->max + 1;    /* max < SIZE_MAX here, and need + 1 <= max + 1 */
	d = realloc(b->data, cap);
	if (d == NULL) {
		b->err = BUF_ERR_NOMEM;
		return -1;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

/* Makes room for n more bytes plus the NUL; 0 on success, -1 with b->err set
 * (or already set) otherwise. */
static inline int reserve(struct buf *b, size_t n)
{
	if (n < b->cap - b->len && b->err == BUF_OK)
		return 0;
	return reserve_slow(b, n);
}

/* buf_put when the fast path does not apply: grows the allocation, or sets
 * (or finds) the sticky error and appends nothing. */
NOINLINE static void put_slow(struct buf *b, const char *s, size_t n)
{
	if (reserve_slow(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_put(struct buf *b, const char *s, size_t n)
{
	size_t len = b->len;

	/* Most appends are a few bytes into a buffer that has room: one
	 * comparison, then the copy last so that it can be a tail call.  The NUL
	 * goes after where the copy ends, so s (even inside data[0..len)) is
	 * not touched before it is read. */
	if (n < b->cap - len && b->err == BUF_OK) {
		char *d = b->data + len;

		b->len = len + n;
		d[n] = '\0';
		if (n)
			memcpy(d, s, n);
		return;
	}
	put_slow(b, s, n);
}

void buf_put_str(struct buf *b, const char *s)
{
	if (s)
		buf_put(b, s, strlen(s));
}

void buf_put_char(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void buf_put_int(struct buf *b, long long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	/* By hand: numbers are written on every row of a page, and printf's
	 * machinery costs more than the digits. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	buf_put(b, tmp + i, sizeof(tmp) - i);
}

void buf_reserve(struct buf *b, size_t n)
{
	if (b->err != BUF_OK)
		return;
	if (n > b->max)
		n = b->max;
	if (n > b->len && reserve(b, n - b->len) != 0)
		b->err = BUF_OK;   /* a failed hint loses nothing: realloc kept the old block */
}

/*
 * HTML escaping.  Text is mostly runs of safe bytes with an occasional
 * special, so the escaper finds the next special eight bytes at a time (SWAR
 * on a uint64_t loaded with memcpy: portable, any alignment, either byte
 * order) and copies each run with the same loads.
 */

/* 1 + the index in html_ent of the bytes that must be escaped, 0 for the rest. */
static const unsigned char html_class[256] = {
	['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5,
};

static const struct {
	char   s[7];
	size_t n;
} html_ent[5] = {
	{ "&amp;", 5 }, { "&lt;", 4 }, { "&gt;", 4 }, { "&quot;", 6 }, { "&#39;", 5 },
};

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Nonzero exactly when one of the 8 bytes of w is & < > " or '.
 *
 * Three byte-wise tests cover the five: (c | 1) ^ 0x27 is zero for & (0x26)
 * and ' (0x27), (c | 2) ^ 0x3E for < (0x3C) and > (0x3E), c ^ 0x22 for ".
 * A zero byte t shows as the high bit of t - 1 with the high bit of t clear
 * (the classic "has a zero byte" test).  The specials are ASCII, so each t
 * has its high bits where w has them and one ~w serves all three.  A borrow
 * can flag a byte above a real zero as well, never a word without one, so the
 * yes/no answer is exact. */
static inline uint64_t html_word_special(uint64_t w)
{
	uint64_t amp_apos = (w | ONES) ^ (ONES * 0x27);
	uint64_t lt_gt = (w | ONES * 0x02) ^ (ONES * 0x3E);
	uint64_t quot = w ^ (ONES * 0x22);

	return ((amp_apos - ONES) | (lt_gt - ONES) | (quot - ONES)) & ~w & HIGHS;
}

/* Copies the safe bytes at the start of p[0..end) to out and returns the
 * first special (or end).  out has room for end - p bytes. */
static const unsigned char *html_copy_run(const unsigned char *p, const unsigned char *end,
					  char *out)
{
	const unsigned char *start = p;
	uint64_t w0, w1;

	while (end - p >= 16) {
		uint64_t s0, s1;

		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		s0 = html_word_special(w0);
		s1 = html_word_special(w1);
		if (s0 | s1) {
			if (s0 == 0) {
				memcpy(out, &w0, 8);
				p += 8;
				out += 8;
			}
			goto bytewise;
		}
		memcpy(out, &w0, 8);
		memcpy(out + 8, &w1, 8);
		p += 16;
		out += 16;
	}
	if (end - p >= 8) {
		memcpy(&w0, p, 8);
		if (html_word_special(w0))
			goto bytewise;
		memcpy(out, &w0, 8);
		p += 8;
		out += 8;
	}
	if (p < end && end - start >= 8) {
		/* A tail of 1..7 bytes: test the last 8 bytes of the run instead.
		 * The ones before p were copied already and are rewritten as they
		 * are. */
		size_t back = 8 - (size_t)(end - p);

		memcpy(&w0, end - 8, 8);
		if (!html_word_special(w0)) {
			memcpy(out - back, &w0, 8);
			return end;
		}
	}
bytewise:
	/* At most 8 bytes: up to the special in the word that has it, or a
	 * short tail. */
	while (p < end && html_class[*p] == 0)
		*out++ = (char)*p++;
	return p;
}

/* The input does not fit under the cap: appends it piece by piece (each run
 * of safe bytes, each entity) until the first piece that crosses the cap sets
 * the sticky error, so what was written ends at a piece boundary, as with
 * separate buf_put calls. */
static void html_put_pieces(struct buf *b, const unsigned char *p, const unsigned char *end)
{
	while (b->err == BUF_OK) {
		const unsigned char *q = p;
		unsigned k;

		while (q < end && html_class[*q] == 0)
			q++;
		buf_put(b, (const char *)p, (size_t)(q - p));
		if (q == end)
			return;
		k = html_class[*q] - 1u;
		buf_put(b, html_ent[k].s, html_ent[k].n);
		p = q + 1;
	}
}

void buf_put_html_n(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p, *end;
	size_t len, room;

	if (b->err)
		return;
	if (n == 0) {   /* s may be NULL; what buf_put(b, s, 0) does */
		buf_put(b, s, 0);
		return;
	}
	p = (const unsigned char *)s;
	end = p + n;
	if (n > b->max - b->len) {
		/* Every input byte gives at least one output byte: it cannot fit. */
		html_put_pieces(b, p, end);
		return;
	}
	/* Room for the input byte for byte; entities grow it as they come. */
	if (reserve(b, n))
		return;
	len = b->len;
	room = b->cap - 1 - len;   /* invariant: room >= end - p */
	for (;;) {
		const unsigned char *q = html_copy_run(p, end, b->data + len);
		size_t run = (size_t)(q - p), left;
		unsigned k;

		len += run;
		room -= run;
		p = q;
		if (p == end)
			break;
		k = html_class[*p] - 1u;
		left = (size_t)(end - p) - 1;   /* input after this special */
		if (html_ent[k].n + left > room) {
			size_t need = html_ent[k].n + left;   /* at least this much output to come */

			b->len = len;
			b->data[len] = '\0';
			if (need > b->max - len) {
				html_put_pieces(b, p, end);
				return;
			}
			if (reserve(b, need))
				return;
			room = b->cap - 1 - len;
		}
		memcpy(b->data + len, html_ent[k].s, html_ent[k].n);
		len += html_ent[k].n;
		room -= html_ent[k].n;
		p++;
	}
	b->len = len;
	b->data[len] = '\0';
}

void buf_put_html(struct buf *b, const char *s)
{
	if (s)
		buf_put_html_n(b, s, strlen(s));
}

void buf_put_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (s == NULL)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_put_char(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_put(b, e, 3);
		}
	}
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = BUF_ERR_NOMEM;
		return;
	}
	if (reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_take(struct buf *b, size_t *len)
{
	char *d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = BUF_OK;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
