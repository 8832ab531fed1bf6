/*
 * buf.h — a growing output buffer with a hard cap and a sticky error.
 *
 * Appends past the cap (or a failed allocation) set b->err and are ignored;
 * every later append is a no-op.  The owner checks b->err once, before using
 * the bytes: a page can never eat a worker's memory, and a truncated page is
 * never sent as if it were whole (habit 5 of docs/style.md).
 *
 * The data is always NUL-terminated when err == 0 and len > 0 (or data is NULL).
 */
#ifndef ADUANA_BUF_H
#define ADUANA_BUF_H

#include <stddef.h>

enum buf_err { BUF_OK = 0, BUF_ERR_FULL = -1, BUF_ERR_NOMEM = -2 };

struct buf {
	char  *data;   /* malloc'ed; owned by the buf */
	size_t len;
	size_t cap;
	size_t max;    /* len never exceeds it */
	int    err;    /* enum buf_err, sticky */
};

void buf_init(struct buf *b, size_t max);
void buf_put(struct buf *b, const char *s, size_t n);
void buf_put_str(struct buf *b, const char *s);          /* NULL appends nothing */
void buf_put_char(struct buf *b, char c);
void buf_put_int(struct buf *b, long long v);
/* Makes room for n bytes in all (never past the cap) so that appending up to
 * them does not reallocate; a hint: failure is not an error. */
void buf_reserve(struct buf *b, size_t n);
/* Appends s HTML-escaped: & < > " ' become entities, so the result is safe in
 * element content and in quoted attribute values.  NULL appends nothing. */
void buf_put_html(struct buf *b, const char *s);
void buf_put_html_n(struct buf *b, const char *s, size_t n);
/* Appends s percent-encoded for a URL query value (RFC 3986 unreserved kept). */
void buf_put_url(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the bytes over to the caller (who frees them) and resets the buf. */
char *buf_take(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
