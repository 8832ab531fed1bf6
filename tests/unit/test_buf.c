/*
 * test_buf.c — unit tests of src/core/buf.c, the bounded output buffer.
 *
 * What callers rely on: appends land in order and the bytes stay
 * NUL-terminated; the buffer grows as needed but never past max; the first
 * append that would cross max sets a sticky error and every later append is a
 * no-op (so a page is either whole or flagged); exactly max bytes is not an
 * error; buf_put_html escapes exactly the five HTML specials and nothing else;
 * buf_put_url keeps only the RFC 3986 unreserved bytes; buf_take hands the
 * bytes over and leaves an empty, reusable buffer.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* Asserts that b holds exactly the C string want, NUL-terminated, no error. */
static void expect_buf(const struct buf *b, const char *want)
{
	size_t n = strlen(want);

	cr_assert_eq(b->err, BUF_OK, "err %d", b->err);
	cr_assert_eq(b->len, n, "len %zu, want %zu", b->len, n);
	cr_assert_not_null(b->data);
	cr_assert_eq(memcmp(b->data, want, n), 0, "got \"%.*s\", want \"%s\"",
		     (int)b->len, b->data, want);
	cr_assert_eq(b->data[n], '\0', "not NUL-terminated");
	cr_assert_leq(b->len, b->max);
}

/* buf_put_html of s into a fresh buffer, compared with want. */
static void expect_html(const char *s, const char *want)
{
	struct buf b;

	buf_init(&b, 1024);
	buf_put_html(&b, s);
	buf_put_str(&b, "");   /* makes data non-NULL even for empty output */
	expect_buf(&b, want);
	buf_free(&b);
}

static void expect_url(const char *s, const char *want)
{
	struct buf b;

	buf_init(&b, 1024);
	buf_put_url(&b, s);
	buf_put_str(&b, "");
	expect_buf(&b, want);
	buf_free(&b);
}

Test(buf, init_is_empty)
{
	struct buf b;

	buf_init(&b, 100);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.max, 100);
	cr_assert_eq(b.err, BUF_OK);
	buf_free(&b);
}

Test(buf, appends_in_order)
{
	struct buf b;

	buf_init(&b, 1024);
	buf_put(&b, "abc", 3);
	buf_put_str(&b, "def");
	buf_put_char(&b, '-');
	buf_put_int(&b, 42);
	buf_put_char(&b, ' ');
	buf_put_int(&b, -7);
	buf_put(&b, "xyz", 0);   /* zero bytes: nothing */
	expect_buf(&b, "abcdef-42 -7");
	buf_free(&b);
}

Test(buf, put_int_extremes)
{
	struct buf b;

	buf_init(&b, 1024);
	buf_put_int(&b, LLONG_MIN);
	buf_put_char(&b, ' ');
	buf_put_int(&b, LLONG_MAX);
	buf_put_char(&b, ' ');
	buf_put_int(&b, 0);
	expect_buf(&b, "-9223372036854775808 9223372036854775807 0");
	buf_free(&b);
}

Test(buf, put_str_null_appends_nothing)
{
	struct buf b;

	buf_init(&b, 16);
	buf_put_str(&b, "a");
	buf_put_str(&b, NULL);
	buf_put_html(&b, NULL);
	buf_put_url(&b, NULL);
	expect_buf(&b, "a");
	buf_free(&b);
}

Test(buf, embedded_nul_bytes_kept)
{
	struct buf b;

	buf_init(&b, 16);
	buf_put(&b, "a\0b", 3);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, 3);
	cr_assert_eq(memcmp(b.data, "a\0b", 4), 0);
	buf_free(&b);
}

Test(buf, grows_past_initial_capacity)
{
	struct buf b;
	enum { N = 100000 };

	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < N; i++)
		buf_put_char(&b, (char)('a' + i % 26));
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, N);
	cr_assert_geq(b.cap, (size_t)N + 1);
	cr_assert_eq(b.data[N], '\0');
	for (size_t i = 0; i < N; i++)
		cr_assert_eq(b.data[i], (char)('a' + i % 26), "byte %zu", i);
	buf_free(&b);
}

Test(buf, one_large_append)
{
	struct buf b;
	size_t n = 70000;
	char *s = malloc(n);

	cr_assert_not_null(s);
	memset(s, 'q', n);
	buf_init(&b, n);
	buf_put(&b, s, n);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, n);
	cr_assert_eq(memcmp(b.data, s, n), 0);
	cr_assert_eq(b.data[n], '\0');
	cr_assert_leq(b.cap, n + 1, "cap %zu past max + 1", b.cap);
	buf_free(&b);
	free(s);
}

Test(buf, exactly_max_is_not_an_error)
{
	struct buf b;

	buf_init(&b, 10);
	buf_put_str(&b, "01234");
	buf_put_str(&b, "56789");
	expect_buf(&b, "0123456789");
	cr_assert_leq(b.cap, 11);
	/* An empty append at the cap is still fine. */
	buf_put(&b, "", 0);
	cr_assert_eq(b.err, BUF_OK);
	buf_free(&b);
}

Test(buf, one_past_max_sets_full)
{
	struct buf b;

	buf_init(&b, 10);
	buf_put_str(&b, "0123456789");
	buf_put_char(&b, 'x');
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 10, "a refused append must not write anything");
	cr_assert_eq(memcmp(b.data, "0123456789", 10), 0);
	buf_free(&b);
}

Test(buf, error_is_sticky)
{
	struct buf b;

	buf_init(&b, 10);
	buf_put_str(&b, "12345678");
	buf_put_str(&b, "abcde");          /* 13 > 10: refused whole, not truncated */
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 8);
	/* Each of these would fit, but the buffer is already in error. */
	buf_put_char(&b, 'z');
	buf_put_str(&b, "y");
	buf_put_int(&b, 1);
	buf_put_html(&b, "w");
	buf_put_url(&b, "v");
	buf_printf(&b, "%d", 2);
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 8);
	cr_assert_eq(memcmp(b.data, "12345678", 8), 0);
	buf_free(&b);
}

Test(buf, reset_clears_error_and_bytes)
{
	struct buf b;

	buf_init(&b, 4);
	buf_put_str(&b, "12345");
	cr_assert_eq(b.err, BUF_ERR_FULL);
	buf_reset(&b);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, 0);
	buf_put_str(&b, "abcd");
	expect_buf(&b, "abcd");
	buf_free(&b);
}

Test(buf, max_zero_refuses_everything)
{
	struct buf b;

	buf_init(&b, 0);
	buf_put_char(&b, 'a');
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}

Test(buf, html_escapes_the_five)
{
	expect_html("&", "&amp;");
	expect_html("<", "&lt;");
	expect_html(">", "&gt;");
	expect_html("\"", "&quot;");
	expect_html("'", "&#39;");
	expect_html("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	expect_html("<script>alert('x')</script>",
		    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	/* Already-escaped text is escaped again: no double-decoding shortcuts. */
	expect_html("&amp;", "&amp;amp;");
}

Test(buf, html_leaves_everything_else)
{
	expect_html("", "");
	expect_html("plain text 123", "plain text 123");
	expect_html("`=/\\;:!?#%{}[]()+-*", "`=/\\;:!?#%{}[]()+-*");
	expect_html("\t\r\n", "\t\r\n");
}

Test(buf, html_passes_utf8_through)
{
	expect_html("Contraseña ñandú", "Contraseña ñandú");
	expect_html("€ 𝄞 😀 ü", "€ 𝄞 😀 ü");
	expect_html("«Página» & ‘x’", "«Página» &amp; ‘x’");
}

Test(buf, html_n_stops_at_n)
{
	struct buf b;

	buf_init(&b, 64);
	buf_put_html_n(&b, "<a>&<b>", 3);
	expect_buf(&b, "&lt;a&gt;");
	buf_free(&b);
}

Test(buf, html_entity_crossing_the_cap)
{
	struct buf b;

	/* "&amp;" is 5 bytes: fits exactly, the next entity does not. */
	buf_init(&b, 5);
	buf_put_html(&b, "&");
	expect_buf(&b, "&amp;");
	buf_put_html(&b, "<");
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 5);
	buf_free(&b);

	/* An entity never lands half-written. */
	buf_init(&b, 3);
	buf_put_html(&b, "a<");
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 1);
	cr_assert_eq(b.data[0], 'a');
	buf_free(&b);
}

Test(buf, url_encoding)
{
	expect_url("", "");
	expect_url("AZaz09-_.~", "AZaz09-_.~");
	expect_url("a b", "a%20b");
	expect_url("a+b&c=d/e?f#g%", "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25");
	expect_url("ñ", "%C3%B1");
	expect_url("\x7f\x01", "%7F%01");
	expect_url("<\"'>", "%3C%22%27%3E");
}

Test(buf, printf_formats)
{
	struct buf b;

	buf_init(&b, 64);
	buf_put_str(&b, "x=");
	buf_printf(&b, "%d,%s,%05.1f", 12, "ab", 3.5);
	expect_buf(&b, "x=12,ab,003.5");
	buf_free(&b);
}

Test(buf, printf_exactly_max)
{
	struct buf b;

	buf_init(&b, 10);
	buf_printf(&b, "%s", "0123456789");
	expect_buf(&b, "0123456789");
	buf_free(&b);
}

Test(buf, printf_past_the_cap)
{
	struct buf b;

	buf_init(&b, 10);
	buf_put_str(&b, "abc");
	buf_printf(&b, "%s%d", "defgh", 123);   /* 3 + 8 = 11 > 10 */
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 3);
	cr_assert_eq(memcmp(b.data, "abc", 3), 0);
	buf_printf(&b, "%c", 'z');
	cr_assert_eq(b.len, 3);
	buf_free(&b);
}

Test(buf, printf_large_output_grows)
{
	struct buf b;
	char big[5000];

	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 1 << 16);
	buf_printf(&b, "[%s]", big);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, sizeof(big) + 1);
	cr_assert_eq(b.data[0], '[');
	cr_assert_eq(b.data[b.len - 1], ']');
	cr_assert_eq(b.data[b.len], '\0');
	buf_free(&b);
}

Test(buf, take_hands_over_the_bytes)
{
	struct buf b;
	size_t len = 99;
	char *s;

	buf_init(&b, 64);
	buf_put_str(&b, "hello");
	s = buf_take(&b, &len);
	cr_assert_not_null(s);
	cr_assert_eq(len, 5);
	cr_assert_str_eq(s, "hello");
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.cap, 0);
	/* The buffer is reusable and independent of what was taken. */
	buf_put_str(&b, "world");
	expect_buf(&b, "world");
	cr_assert_str_eq(s, "hello");
	free(s);
	buf_free(&b);
}

Test(buf, take_of_empty_and_null_len)
{
	struct buf b;
	size_t len = 99;
	char *s;

	buf_init(&b, 64);
	s = buf_take(&b, &len);
	cr_assert_null(s);
	cr_assert_eq(len, 0);
	buf_put_str(&b, "x");
	s = buf_take(&b, NULL);
	cr_assert_str_eq(s, "x");
	free(s);
	buf_free(&b);
}

Test(buf, free_twice_is_safe)
{
	struct buf b;

	buf_init(&b, 64);
	buf_put_str(&b, "abc");
	buf_free(&b);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}
