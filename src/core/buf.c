/*
 * buf.c — see buf.h.
 */
#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->err = BUF_OK;
}

/* Makes room for n more bytes plus the NUL; 0 on success. */
static int reserve(struct buf *b, size_t n)
{
	if (b->err)
		return -1;
	if (n > b->max - b->len) {
		b->err = BUF_ERR_FULL;
		return -1;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > b->max + 1)
			cap = b->max + 1;
		char *d = realloc(b->data, cap);
		if (d == NULL) {
			b->err = BUF_ERR_NOMEM;
			return -1;
		}
		b->data = d;
		b->cap = cap;
	}
	return 0;
}

void buf_put(struct buf *b, const char *s, size_t n)
{
	if (reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
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
	int n = snprintf(tmp, sizeof(tmp), "%lld", v);
	buf_put(b, tmp, (size_t)n);
}

void buf_put_html_n(struct buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *ent;
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + run, i - run);
		buf_put_str(b, ent);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
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
