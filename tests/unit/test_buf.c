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

/* ---- the escaper against a reference ------------------------------------
 *
 * buf_put_html_n scans eight bytes at a time, so the cases below aim at what
 * that can get wrong: every byte value, specials at every offset of a word
 * and across word boundaries, tails of 0..7 bytes, unaligned input, input
 * that is not NUL-terminated (each input is copied into a block of exactly
 * its size, so a sanitizer build sees any read past it), growth in the middle
 * of an escape, and the cap.
 *
 * The reference is the obvious byte loop.  It also lists the piece
 * boundaries of its output (before and after each entity): a buffer whose cap
 * is crossed keeps the output up to the last boundary that fits (as separate
 * buf_put calls of each run and each entity would), never half an entity.
 */

struct ref {
	char   *out;      /* the escaped bytes */
	size_t  len;
	size_t *bound;    /* piece boundaries, increasing, the last is len */
	size_t  nbound;
};

static void ref_html(const unsigned char *s, size_t n, struct ref *r)
{
	r->out = malloc(6 * n + 1);
	r->bound = malloc((2 * n + 1) * sizeof(*r->bound));
	cr_assert(r->out != NULL && r->bound != NULL);
	r->len = 0;
	r->nbound = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e;
		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default:
			r->out[r->len++] = (char)s[i];
			continue;
		}
		r->bound[r->nbound++] = r->len;
		memcpy(r->out + r->len, e, strlen(e));
		r->len += strlen(e);
		r->bound[r->nbound++] = r->len;
	}
	r->bound[r->nbound++] = r->len;
}

static void ref_free(struct ref *r)
{
	free(r->out);
	free(r->bound);
}

/* Tiny fixed-seed generator, so every run tests the same strings. */
static unsigned long long rng_state;

static void rng_seed(unsigned long long seed)
{
	rng_state = seed;
}

static unsigned rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 32);
}

/* Escapes s[0..n) after `pre` bytes already in a buffer of cap max, the input
 * starting `off` bytes into an exact-size block; checks the result against
 * the reference: the whole output when it fits, else the sticky error with
 * the output cut at the last piece boundary that fits. */
static void check_escape_at(const unsigned char *s, size_t n, size_t pre, size_t max, size_t off)
{
	struct ref r;
	struct buf b;
	unsigned char *in = malloc(off + n + 1);   /* + 1: malloc(0) may be NULL */
	size_t room, want;

	cr_assert_not_null(in);
	cr_assert_leq(pre, max);
	memcpy(in + off, s, n);
	ref_html(s, n, &r);
	buf_init(&b, max);
	for (size_t i = 0; i < pre; i++)
		buf_put_char(&b, (char)('0' + i % 10));
	cr_assert_eq(b.err, BUF_OK);

	buf_put_html_n(&b, (const char *)in + off, n);

	room = max - pre;
	if (r.len <= room) {
		cr_assert_eq(b.err, BUF_OK, "n %zu pre %zu max %zu: err %d although %zu bytes fit",
			     n, pre, max, b.err, r.len);
		want = r.len;
	} else {
		cr_assert_eq(b.err, BUF_ERR_FULL, "n %zu pre %zu max %zu: %zu bytes past the cap, err %d",
			     n, pre, max, r.len, b.err);
		want = 0;
		for (size_t i = 0; i < r.nbound && r.bound[i] <= room; i++)
			want = r.bound[i];
	}
	cr_assert_leq(b.len, max);
	cr_assert_eq(b.len, pre + want, "n %zu pre %zu max %zu: len %zu, want %zu",
		     n, pre, max, b.len, pre + want);
	if (b.data != NULL) {
		cr_assert_leq(b.cap, max + 1);
		for (size_t i = 0; i < pre; i++)
			cr_assert_eq(b.data[i], (char)('0' + i % 10), "prefix byte %zu clobbered", i);
		cr_assert_eq(memcmp(b.data + pre, r.out, want), 0,
			     "n %zu pre %zu off %zu: output differs from the reference", n, pre, off);
		cr_assert_eq(b.data[b.len], '\0', "not NUL-terminated");
	} else {
		cr_assert_eq(b.len, 0);
	}
	buf_free(&b);
	ref_free(&r);
	free(in);
}

/* With plenty of room, from an empty buffer, at an aligned and an odd offset. */
static void check_escape(const unsigned char *s, size_t n)
{
	check_escape_at(s, n, 0, 8 * n + 64, 0);
	check_escape_at(s, n, 0, 8 * n + 64, 3);
}

Test(buf_html, every_byte_alone)
{
	for (unsigned c = 0; c < 256; c++) {
		unsigned char s[1] = { (unsigned char)c };
		check_escape(s, 1);
	}
}

Test(buf_html, every_byte_in_every_word_position)
{
	/* Byte c at position i of a 24-byte safe run, and at the end of runs of
	 * 1..24: the word holding it, the tail, and the last-8-bytes tail test. */
	unsigned char s[24];

	for (unsigned c = 0; c < 256; c++) {
		for (size_t i = 0; i < sizeof(s); i++) {
			memset(s, 'x', sizeof(s));
			s[i] = (unsigned char)c;
			check_escape(s, sizeof(s));
			check_escape(s, i + 1);
		}
	}
}

Test(buf_html, one_and_two_specials_at_every_offset)
{
	static const unsigned char sp[] = "&<>\"'";
	unsigned char s[40];

	for (size_t n = 1; n <= sizeof(s); n++) {
		for (size_t i = 0; i < n; i++) {
			memset(s, 'a', n);
			s[i] = sp[i % 5];
			check_escape(s, n);
			for (size_t j = i + 1; j < n; j++) {
				s[j] = sp[(i + j) % 5];
				check_escape(s, n);
				s[j] = 'a';
			}
		}
	}
}

Test(buf_html, only_specials)
{
	static const unsigned char sp[] = "&<>\"'";
	unsigned char s[200];

	for (size_t n = 0; n <= sizeof(s); n++) {
		for (size_t i = 0; i < n; i++)
			s[i] = sp[(i * 7 + n) % 5];
		check_escape(s, n);
		memset(s, '"', n);   /* the longest entity, over and over */
		check_escape(s, n);
	}
}

/* Fills s[0..n) from one of several mixes: any byte; text with rare specials
 * (long safe runs); a small alphabet dense in specials; UTF-8-ish high bytes
 * around the specials. */
static void random_text(unsigned char *s, size_t n, unsigned mix)
{
	static const unsigned char dense[] = "&<>\"'a b\x00\xff";
	static const unsigned char high[] = "\xc3\xa1\xc3\xb1\xe2\x82\xac&<\x80\xbf\xa6\xa7\xbc\xbe";

	for (size_t i = 0; i < n; i++) {
		unsigned x = rng();
		switch (mix) {
		case 0: s[i] = (unsigned char)x; break;
		case 1: s[i] = x % 97 == 0 ? dense[x % 5] : (unsigned char)(' ' + x % 95); break;
		case 2: s[i] = dense[x % (sizeof(dense) - 1)]; break;
		default: s[i] = high[x % (sizeof(high) - 1)]; break;
		}
	}
}

Test(buf_html, random_strings)
{
	unsigned char s[200];

	rng_seed(0x9e3779b97f4a7c15ULL);
	for (size_t n = 0; n <= sizeof(s); n++) {
		for (unsigned mix = 0; mix < 4; mix++) {
			for (int rep = 0; rep < 8; rep++) {
				random_text(s, n, mix);
				check_escape_at(s, n, 0, 8 * n + 64, rng() % 8);
			}
		}
	}
}

Test(buf_html, long_safe_runs)
{
	size_t n = 5000;
	unsigned char *s = malloc(n);

	cr_assert_not_null(s);
	rng_seed(42);
	for (int rep = 0; rep < 40; rep++) {
		random_text(s, n, 1);
		if (rep % 4 == 0)   /* some without any special at all */
			for (size_t i = 0; i < n; i++)
				if (s[i] != '\0' && strchr("&<>\"'", s[i]))
					s[i] = 'z';
		check_escape_at(s, n, rng() % 300, 1 << 16, rng() % 8);
	}
	free(s);
}

Test(buf_html, growth_in_the_middle_of_an_escape)
{
	/* Room is reserved for the input byte for byte; entities then need
	 * more, after a prefix that leaves the buffer nearly full. */
	unsigned char s[300];

	rng_seed(7);
	for (size_t pre = 0; pre < 300; pre += 13) {
		for (size_t n = 1; n <= sizeof(s); n += 11) {
			random_text(s, n, 2);
			check_escape_at(s, n, pre, 1 << 16, 0);
		}
	}
}

Test(buf_html, the_cap_exactly)
{
	/* For each input: max at every value around where the output ends, and
	 * with a prefix already in the buffer.  The error is set exactly when
	 * the reference output does not fit, and len never passes max. */
	unsigned char s[120];

	rng_seed(2026);
	for (int rep = 0; rep < 60; rep++) {
		size_t n = 1 + rng() % sizeof(s);
		size_t pre = rep % 3 == 0 ? 0 : rng() % 40;
		struct ref r;

		random_text(s, n, (unsigned)rep % 4);
		ref_html(s, n, &r);
		for (size_t max = pre; max <= pre + r.len + 2; max++)
			check_escape_at(s, n, pre, max, (size_t)rep % 8);
		ref_free(&r);
	}
}

Test(buf_html, the_cap_at_entity_edges)
{
	/* "ab&cd": boundaries 0, 2, 7 (and 2 before the entity); at max 6 the
	 * entity does not fit and the output stops after "ab". */
	static const struct { const char *s; size_t max; const char *want; int err; } t[] = {
		{ "ab&cd", 9, "ab&amp;cd", BUF_OK },
		{ "ab&cd", 8, "ab&amp;", BUF_ERR_FULL },
		{ "ab&cd", 7, "ab&amp;", BUF_ERR_FULL },
		{ "ab&cd", 6, "ab", BUF_ERR_FULL },
		{ "ab&cd", 2, "ab", BUF_ERR_FULL },
		{ "ab&cd", 1, "", BUF_ERR_FULL },
		{ "\"\"", 12, "&quot;&quot;", BUF_OK },
		{ "\"\"", 11, "&quot;", BUF_ERR_FULL },
		{ "abcdefghij", 10, "abcdefghij", BUF_OK },
		{ "abcdefghij", 9, "", BUF_ERR_FULL },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct buf b;
		size_t n = strlen(t[i].want);

		buf_init(&b, t[i].max);
		buf_put_html(&b, t[i].s);
		cr_assert_eq(b.err, t[i].err, "case %zu: err %d", i, b.err);
		cr_assert_eq(b.len, n, "case %zu: len %zu", i, b.len);
		if (n)
			cr_assert_eq(memcmp(b.data, t[i].want, n), 0, "case %zu", i);
		/* Sticky: a later escape that would fit changes nothing. */
		if (t[i].err) {
			buf_put_html(&b, "");
			buf_put_html(&b, "&");
			cr_assert_eq(b.len, n);
		}
		buf_free(&b);
	}
}

Test(buf_html, error_already_set_appends_nothing)
{
	struct buf b;

	buf_init(&b, 4);
	buf_put_str(&b, "abcde");
	cr_assert_eq(b.err, BUF_ERR_FULL);
	buf_put_html_n(&b, "x", 1);
	buf_put_html_n(&b, "&", 1);
	buf_put_html_n(&b, NULL, 0);
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}

Test(buf_html, empty_input)
{
	struct buf b;

	buf_init(&b, 16);
	buf_put_html_n(&b, NULL, 0);
	buf_put_html_n(&b, "", 0);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, 0);
	buf_free(&b);

	buf_init(&b, 0);
	buf_put_html_n(&b, "", 0);
	cr_assert_eq(b.err, BUF_OK, "zero bytes fit even under max 0");
	buf_put_html_n(&b, "a", 1);
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}

Test(buf_html, many_escapes_into_one_buffer)
{
	/* A page: thousands of short values escaped into one buffer, compared
	 * with the concatenation of the reference outputs. */
	struct buf b;
	char *want = malloc(1 << 20);
	size_t wlen = 0;
	unsigned char s[64];

	cr_assert_not_null(want);
	rng_seed(99);
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 3000; i++) {
		size_t n = rng() % sizeof(s);
		struct ref r;

		random_text(s, n, (unsigned)i % 4);
		ref_html(s, n, &r);
		buf_put_html_n(&b, (const char *)s, n);
		buf_put(&b, "|", 1);
		memcpy(want + wlen, r.out, r.len);
		wlen += r.len;
		want[wlen++] = '|';
		ref_free(&r);
	}
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, wlen);
	cr_assert_eq(memcmp(b.data, want, wlen), 0);
	cr_assert_eq(b.data[b.len], '\0');
	buf_free(&b);
	free(want);
}

/* ---- buf_put's fast path and growth -------------------------------------- */

Test(buf, random_appends_match_a_reference)
{
	/* Appends of 0..40 bytes (and now and then a large one) under caps of
	 * many sizes, so appends land exactly at, under and over both the
	 * allocation and the cap. */
	static char src[600];
	char *want = malloc(4096);

	cr_assert_not_null(want);
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (char)('A' + i % 53);
	rng_seed(31337);
	for (size_t max = 0; max < 2100; max += 7) {
		struct buf b;
		size_t wlen = 0;
		int full = 0;

		buf_init(&b, max);
		for (int k = 0; k < 200; k++) {
			size_t n = rng() % 16 == 0 ? rng() % sizeof(src) : rng() % 41;
			const char *p = src + rng() % (sizeof(src) - n + 1);

			buf_put(&b, p, n);
			if (!full && n <= max - wlen) {
				memcpy(want + wlen, p, n);
				wlen += n;
			} else {
				full = 1;
			}
			cr_assert_eq(b.err, full ? BUF_ERR_FULL : BUF_OK, "max %zu step %d", max, k);
			cr_assert_eq(b.len, wlen, "max %zu step %d", max, k);
			cr_assert_leq(b.len, max);
			if (b.data) {
				cr_assert_lt(b.len, b.cap);
				cr_assert_leq(b.cap, max + 1);
				cr_assert_eq(b.data[b.len], '\0');
			}
		}
		if (wlen)
			cr_assert_eq(memcmp(b.data, want, wlen), 0, "max %zu", max);
		buf_free(&b);
	}
	free(want);
}

Test(buf, fill_to_the_allocation_then_past_it)
{
	/* The first allocation is 256 bytes: 255 data bytes and the NUL.  The
	 * 256th byte must grow it, not land on the NUL's place. */
	struct buf b;
	char s[256];

	memset(s, 'm', sizeof(s));
	buf_init(&b, 1000);
	buf_put(&b, s, 255);
	cr_assert_eq(b.len, 255);
	buf_put(&b, "!", 1);
	cr_assert_eq(b.err, BUF_OK);
	cr_assert_eq(b.len, 256);
	cr_assert_geq(b.cap, 257);
	cr_assert_eq(b.data[255], '!');
	cr_assert_eq(b.data[256], '\0');
	buf_free(&b);
}

Test(buf, max_size_max_is_unbounded)
{
	struct buf b;

	buf_init(&b, (size_t)-1);
	buf_put_str(&b, "ab");
	buf_put_html(&b, "<c>");
	buf_printf(&b, "%d", 5);
	expect_buf(&b, "ab&lt;c&gt;5");
	buf_free(&b);
}
