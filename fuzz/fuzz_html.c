/*
 * fuzz_html.c — libFuzzer target for buf_put_html (src/core/buf.c), the
 * escaping every template value goes through.
 *
 * The bytes, NULs included, go through buf_put_html_n (and their C-string
 * prefix through buf_put_html) into a buffer big enough for them, and the
 * target aborts when:
 *   - the buffer reports an error, or the output is not NUL-terminated;
 *   - the output holds any of < > " ' (so it is safe in element content and
 *     in quoted attribute values);
 *   - an '&' in the output does not start one of &amp; &lt; &gt; &quot; &#39;;
 *   - the output length is not the input length plus the entities' extra
 *     bytes (nothing else is changed, UTF-8 and NULs pass through);
 *   - unescaping the output does not give back the input exactly;
 *   - buf_put_html on the C string differs from buf_put_html_n on its bytes;
 *   - with a buffer one byte too small the error is not set, or a partial
 *     entity is left at the end.
 *
 * Seeds: fuzz/corpus/html/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

static const struct {
	char c;
	const char *ent;
	size_t len;
} ents[] = {
	{ '&', "&amp;", 5 }, { '<', "&lt;", 4 }, { '>', "&gt;", 4 },
	{ '"', "&quot;", 6 }, { '\'', "&#39;", 5 },
};

/* The entity at p (n bytes left), or -1. */
static int entity_at(const char *p, size_t n)
{
	for (int k = 0; k < 5; k++)
		if (n >= ents[k].len && memcmp(p, ents[k].ent, ents[k].len) == 0)
			return k;
	return -1;
}

/* Checks out[0..n) and unescapes it into back; returns the unescaped length. */
static size_t check_and_unescape(const char *out, size_t n, char *back)
{
	size_t i = 0, o = 0;

	while (i < n) {
		char c = out[i];
		require(c != '<' && c != '>' && c != '"' && c != '\'');
		if (c == '&') {
			int k = entity_at(out + i, n - i);
			require(k >= 0);
			back[o++] = ents[k].c;
			i += ents[k].len;
		} else {
			back[o++] = c;
			i++;
		}
	}
	return o;
}

static size_t escaped_len(const char *s, size_t n)
{
	size_t len = n;

	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 5; k++)
			if (s[i] == ents[k].c)
				len += ents[k].len - 1;
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf b, c, t;
	size_t want, got, cl;
	char *back, *copy;

	if (size > 1 << 16)
		return 0;
	want = escaped_len(s, size);

	buf_init(&b, want);   /* exactly enough: the cap is inclusive */
	buf_put_html_n(&b, s, size);
	buf_put(&b, "", 0);   /* so that data exists for empty output */
	require(b.err == BUF_OK);
	require(b.len == want);
	require(b.data != NULL && b.data[b.len] == '\0');

	back = malloc(b.len + 1);
	require(back != NULL);
	got = check_and_unescape(b.data, b.len, back);
	require(got == size);
	require(size == 0 || memcmp(back, s, size) == 0);
	free(back);

	/* The C-string form escapes the part before the first NUL the same way. */
	copy = malloc(size + 1);
	require(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	copy[size] = '\0';
	cl = strlen(copy);
	buf_init(&c, want + 1);
	buf_put_html(&c, copy);
	buf_put(&c, "", 0);
	require(c.err == BUF_OK);
	require(c.len == escaped_len(copy, cl));
	require(c.len <= b.len && memcmp(c.data, b.data, c.len) == 0);
	buf_free(&c);
	free(copy);

	/* One byte short: the error is set and no half entity is left behind. */
	if (want > 0) {
		buf_init(&t, want - 1);
		buf_put_html_n(&t, s, size);
		require(t.err == BUF_ERR_FULL);
		require(t.len <= want - 1);
		require(t.len == 0 || memcmp(t.data, b.data, t.len) == 0);
		if (t.len > 0) {
			const char *amp = memchr(t.data, '&', t.len);
			while (amp != NULL) {
				require(entity_at(amp, t.len - (size_t)(amp - t.data)) >= 0);
				amp = memchr(amp + 1, '&', t.len - (size_t)(amp + 1 - t.data));
			}
		}
		buf_free(&t);
	}

	buf_free(&b);
	return 0;
}
