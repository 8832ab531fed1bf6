/*
 * test_multipart.c — unit tests of src/http/multipart.c, multipart/form-data.
 *
 * What upload handlers rely on: the boundary is found in the Content-Type
 * header however a client spells it, and refused when invalid; a body as
 * browsers send it gives its fields and its file (base name only, with its
 * Content-Type), the file's bytes untouched (NULs, CRs, LFs, "--");
 * a body cut anywhere before its close delimiter never parses; every limit
 * of core/limits.h is exact (the limit parses, one more fails); lines end in
 * CRLF only (a bare LF is malformed in headers and plain data elsewhere);
 * and every failure leaves the output empty.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/str.h"
#include "http/multipart.h"

#define BND "AaB03x"
#define DASH "--" BND
#define CRLF "\r\n"
#define CD(name) "Content-Disposition: form-data; name=\"" name "\"" CRLF

static struct arena A;

static void setup(void)
{
	arena_init(&A, LIMIT_ARENA_BYTES);
}

static void teardown(void)
{
	arena_free(&A);
}

TestSuite(multipart, .init = setup, .fini = teardown);

/* ---- helpers ----------------------------------------------------------- */

/* Parses body[0..n) with boundary b; asserts rc, that a failure leaves *out
 * empty, and that a success gives data views inside the body, in order. */
static struct multipart parse_with(const char *body, size_t n, const char *b, int want_rc)
{
	struct multipart m = { (struct mp_part *)1, 99 };   /* garbage to be overwritten */
	int rc = multipart_parse(&A, body, n, str_from(b), &m);
	const char *prev = body;

	cr_assert_eq(rc, want_rc, "\"%.80s\": rc %d, want %d", body ? body : "(null)", rc, want_rc);
	if (rc != MP_OK) {
		cr_assert_null(m.parts);
		cr_assert_eq(m.n, 0);
		return m;
	}
	cr_assert_leq(m.n, LIMIT_MULTIPART_PARTS);
	for (size_t i = 0; i < m.n; i++) {
		const struct mp_part *p = &m.parts[i];
		cr_assert_not_null(p->name);
		cr_assert_not_null(p->content_type);
		cr_assert_not_null(p->data.p);
		cr_assert(p->data.p >= prev && p->data.p + p->data.n <= body + n,
			  "part %zu lies outside the body", i);
		prev = p->data.p + p->data.n;
	}
	return m;
}

static struct multipart parse_n(const char *body, size_t n, int want_rc)
{
	return parse_with(body, n, BND, want_rc);
}

static struct multipart parse(const char *body, int want_rc)
{
	return parse_with(body, strlen(body), BND, want_rc);
}

/* filename NULL: not a file part.  data is a C string. */
static void expect_part(const struct multipart *m, size_t i, const char *name,
			const char *filename, const char *content_type, const char *data)
{
	const struct mp_part *p;

	cr_assert_lt(i, m->n);
	p = &m->parts[i];
	cr_assert_str_eq(p->name, name);
	if (filename == NULL)
		cr_assert_null(p->filename, "part %zu: filename \"%s\"", i, p->filename);
	else
		cr_assert_str_eq(p->filename ? p->filename : "(null)", filename);
	cr_assert_str_eq(p->content_type, content_type);
	cr_assert_eq(p->data.n, strlen(data), "part %zu: %zu data bytes, want %zu", i, p->data.n,
		     strlen(data));
	cr_assert(memcmp(p->data.p, data, p->data.n) == 0, "part %zu: data differs", i);
}

/* The boundary of Content-Type ct, as a malloc'ed string, or NULL when
 * refused (then the view must be empty). */
static char *boundary_of(const char *ct)
{
	struct str b = { "junk", 4 };
	int rc = multipart_boundary(ct, &b);

	if (rc != MP_OK) {
		cr_assert_eq(rc, MP_ERR_CONTENT_TYPE, "\"%s\": rc %d", ct ? ct : "(null)", rc);
		cr_assert_null(b.p);
		cr_assert_eq(b.n, 0);
		return NULL;
	}
	cr_assert_not_null(ct);
	cr_assert_not_null(b.p);
	cr_assert(b.p >= ct && b.p + b.n <= ct + strlen(ct), "the view lies in the header");
	return strndup(b.p, b.n);
}

static void expect_boundary(const char *ct, const char *want)
{
	char *b = boundary_of(ct);

	if (want == NULL) {
		cr_assert_null(b, "\"%s\" gave boundary \"%s\"", ct ? ct : "(null)", b);
		return;
	}
	cr_assert_not_null(b, "\"%s\" refused", ct);
	cr_assert_str_eq(b, want);
	free(b);
}

/* A growing byte string for bodies built by the tests. */
struct sb {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sb *s, const void *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = (s->n + n + 1) * 2;
		s->p = realloc(s->p, s->cap);
		cr_assert_not_null(s->p);
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

static void sb_str(struct sb *s, const char *str)
{
	sb_add(s, str, strlen(str));
}

static void sb_rep(struct sb *s, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_add(s, &c, 1);
}

/* ---- the boundary ------------------------------------------------------ */

Test(multipart, boundary_as_browsers_send_it)
{
	expect_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
			"----WebKitFormBoundary7MA4YWxkTrZu0gW");                       /* Chromium */
	expect_boundary("multipart/form-data; boundary=---------------------------1234567890",
			"---------------------------1234567890");                       /* Firefox */
	expect_boundary("multipart/form-data; boundary=------------------------d74496d66958873e",
			"------------------------d74496d66958873e");                    /* curl */
}

Test(multipart, boundary_spellings)
{
	expect_boundary("Multipart/Form-Data; BOUNDARY=abc", "abc");
	expect_boundary("multipart/form-data;boundary=abc", "abc");
	expect_boundary("  multipart/form-data ;  boundary = abc  ", "abc");
	expect_boundary("multipart/form-data; charset=utf-8; boundary=abc", "abc");
	expect_boundary("multipart/form-data; boundary=abc; charset=\"utf-8\"", "abc");
	expect_boundary("multipart/form-data; boundary=abc;", "abc");
	expect_boundary("multipart/form-data; x=\"a;b=c\"; boundary=abc", "abc");
}

Test(multipart, boundary_quoted)
{
	expect_boundary("multipart/form-data; boundary=\"abc\"", "abc");
	expect_boundary("multipart/form-data; boundary=\"simple boundary\"", "simple boundary");
	/* Every bchar that is no token character needs the quotes. */
	expect_boundary("multipart/form-data; boundary=\"'()+_,-./:=? x\"", "'()+_,-./:=? x");
	expect_boundary("multipart/form-data; boundary=\"gc0p4Jq0M:2Yt08jU534c0p\"",
			"gc0p4Jq0M:2Yt08jU534c0p");
}

Test(multipart, boundary_length)
{
	char ct[200], want[100];

	memset(want, 'b', LIMIT_BOUNDARY_BYTES);
	want[LIMIT_BOUNDARY_BYTES] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", want);
	expect_boundary(ct, want);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%s\"", want);
	expect_boundary(ct, want);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%sb", want);
	expect_boundary(ct, NULL);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%sb\"", want);
	expect_boundary(ct, NULL);
	expect_boundary("multipart/form-data; boundary=b", "b");
}

Test(multipart, boundary_empty_or_absent)
{
	expect_boundary("multipart/form-data; boundary=", NULL);
	expect_boundary("multipart/form-data; boundary=\"\"", NULL);
	expect_boundary("multipart/form-data; boundary= ", NULL);
	expect_boundary("multipart/form-data", NULL);
	expect_boundary("multipart/form-data;", NULL);
	expect_boundary("multipart/form-data; charset=utf-8", NULL);
	expect_boundary("multipart/form-data; boundaryx=abc", NULL);
}

Test(multipart, boundary_invalid)
{
	expect_boundary("multipart/form-data; boundary=\"abc \"", NULL);      /* ends in a space */
	expect_boundary("multipart/form-data; boundary=a:b", NULL);           /* tspecial unquoted */
	expect_boundary("multipart/form-data; boundary=a b", NULL);
	expect_boundary("multipart/form-data; boundary=\"a\\\"b\"", NULL);    /* '"' no bchar */
	expect_boundary("multipart/form-data; boundary=\"a\\b\"", NULL);      /* '\' no bchar */
	expect_boundary("multipart/form-data; boundary=\"abc", NULL);         /* unterminated */
	expect_boundary("multipart/form-data; boundary=a*b", NULL);           /* token, no bchar */
	expect_boundary("multipart/form-data; boundary=\"a\tb\"", NULL);
	expect_boundary("multipart/form-data; boundary=\"a\xc3\xb1\"", NULL);
	expect_boundary("multipart/form-data; boundary=abc; boundary=abc", NULL);  /* twice */
	expect_boundary("multipart/form-data; boundary=abc; =x", NULL);       /* bad parameter */
	expect_boundary("multipart/form-data; boundary=abc; charset", NULL);
	expect_boundary("multipart/form-data; boundary=abc junk", NULL);
}

Test(multipart, content_type_not_multipart_form_data)
{
	expect_boundary(NULL, NULL);
	expect_boundary("", NULL);
	expect_boundary("text/plain; boundary=abc", NULL);
	expect_boundary("application/x-www-form-urlencoded", NULL);
	expect_boundary("multipart/mixed; boundary=abc", NULL);
	expect_boundary("multipart/form-datax; boundary=abc", NULL);
	expect_boundary("multipart/form-data boundary=abc", NULL);
	expect_boundary("multipart/; boundary=abc", NULL);
}

Test(multipart, parse_refuses_a_bad_boundary)
{
	static const char body[] = "--" CRLF CD("a") CRLF "v" CRLF "----" CRLF;
	char big[LIMIT_BOUNDARY_BYTES + 2];

	parse_with(body, strlen(body), "", MP_ERR_CONTENT_TYPE);
	parse_with(body, strlen(body), "abc ", MP_ERR_CONTENT_TYPE);
	parse_with(body, strlen(body), "a\r\nb", MP_ERR_CONTENT_TYPE);
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	parse_with(body, strlen(body), big, MP_ERR_CONTENT_TYPE);
	{
		struct multipart m = { (struct mp_part *)1, 5 };
		cr_assert_eq(multipart_parse(&A, body, strlen(body), (struct str){ NULL, 0 }, &m),
			     MP_ERR_CONTENT_TYPE);
		cr_assert_eq(m.n, 0);
		cr_assert_null(m.parts);
	}
}

/* ---- whole bodies ------------------------------------------------------ */

#define CHROME_B "----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define CHROME_XML "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<dai>\n  <ruc>1790011674001</ruc>\n  <descripcion>Café &amp; té</descripcion>\n</dai>\n"
static const char chrome_body[] =
	"--" CHROME_B CRLF
	"Content-Disposition: form-data; name=\"csrf\"" CRLF
	CRLF
	"0123abcd" CRLF
	"--" CHROME_B CRLF
	"Content-Disposition: form-data; name=\"observaciones\"" CRLF
	CRLF
	"Línea uno" CRLF "línea dos" CRLF
	"--" CHROME_B CRLF
	"Content-Disposition: form-data; name=\"declaracion\"; filename=\"dai-2026.xml\"" CRLF
	"Content-Type: text/xml" CRLF
	CRLF
	CHROME_XML CRLF
	"--" CHROME_B "--" CRLF;

Test(multipart, chromium_body)
{
	char *b = boundary_of("multipart/form-data; boundary=" CHROME_B);
	struct multipart m = parse_with(chrome_body, sizeof(chrome_body) - 1, b, MP_OK);

	cr_assert_eq(m.n, 3);
	expect_part(&m, 0, "csrf", NULL, "", "0123abcd");
	expect_part(&m, 1, "observaciones", NULL, "", "Línea uno" CRLF "línea dos");
	expect_part(&m, 2, "declaracion", "dai-2026.xml", "text/xml", CHROME_XML);
	/* Data is a view into the body, not a copy. */
	cr_assert(m.parts[2].data.p > chrome_body &&
		  m.parts[2].data.p < chrome_body + sizeof(chrome_body));
	free(b);
}

/* Every body cut short of its close delimiter fails: truncated uploads never
 * look complete.  Only the whole body, or the body cut right after "--"
 * (the CRLF after the close delimiter is optional), parses. */
Test(multipart, truncated_anywhere)
{
	size_t n = sizeof(chrome_body) - 1, close_end = n - 2;

	for (size_t k = 0; k <= n; k++) {
		struct multipart m = { (struct mp_part *)1, 99 };
		int rc = multipart_parse(&A, chrome_body, k, STR_LIT(CHROME_B), &m);

		if (k == n || k == close_end) {
			cr_assert_eq(rc, MP_OK, "cut at %zu", k);
			cr_assert_eq(m.n, 3);
		} else {
			cr_assert_neq(rc, MP_OK, "cut at %zu of %zu parses", k, n);
			cr_assert_eq(m.n, 0);
			cr_assert_null(m.parts);
		}
	}
}

Test(multipart, missing_close_delimiter)
{
	parse("", MP_ERR_FORMAT);
	parse(DASH, MP_ERR_FORMAT);
	parse(DASH CRLF, MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF, MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH CRLF, MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH "-", MP_ERR_FORMAT);
	/* The close delimiter must follow a CRLF, like every delimiter. */
	parse(DASH CRLF CD("a") CRLF "v" DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v\n" DASH "--", MP_ERR_FORMAT);
	parse("preamble only", MP_ERR_FORMAT);
	cr_assert_eq(multipart_parse(&A, NULL, 0, STR_LIT(BND), &(struct multipart){ 0 }),
		     MP_ERR_FORMAT);
}

Test(multipart, empty_form)
{
	struct multipart m = parse(DASH "--" CRLF, MP_OK);

	cr_assert_eq(m.n, 0);
	m = parse(DASH "--", MP_OK);
	cr_assert_eq(m.n, 0);
	m = parse("preamble" CRLF DASH "--", MP_OK);
	cr_assert_eq(m.n, 0);
}

Test(multipart, preamble_and_epilogue_ignored)
{
	static const char body[] =
		"This is the preamble.  It may hold --" BND " or" CRLF
		"even LF " "\n" DASH CRLF CD("x") CRLF "not a part" "\n"
		"and is ignored." CRLF
		DASH CRLF
		CD("a") CRLF
		"1" CRLF
		DASH "--" CRLF
		"This is the epilogue, also ignored," CRLF
		DASH CRLF "even this." CRLF DASH "--garbage";
	struct multipart m = parse(body, MP_OK);

	cr_assert_eq(m.n, 1);
	expect_part(&m, 0, "a", NULL, "", "1");
}

Test(multipart, preamble_may_be_empty_line)
{
	struct multipart m = parse(CRLF DASH CRLF CD("a") CRLF "1" CRLF DASH "--" CRLF, MP_OK);

	cr_assert_eq(m.n, 1);
	expect_part(&m, 0, "a", NULL, "", "1");
}

Test(multipart, quoted_boundary_with_odd_bchars)
{
	static const char ct[] = "multipart/form-data; boundary=\"'()+_,-./:=? x\"";
	static const char body[] =
		"--'()+_,-./:=? x" CRLF
		CD("a") CRLF
		"uno" CRLF
		"--'()+_,-./:=? x   " CRLF      /* transport padding */
		CD("b") CRLF
		"--'()+_,-./:=? " CRLF          /* a prefix of the boundary: data */
		"--'()+_,-./:=? x--" CRLF;
	char *b = boundary_of(ct);
	struct multipart m = parse_with(body, sizeof(body) - 1, b, MP_OK);

	cr_assert_eq(m.n, 2);
	expect_part(&m, 0, "a", NULL, "", "uno");
	expect_part(&m, 1, "b", NULL, "", "--'()+_,-./:=? ");
	free(b);
}

Test(multipart, binary_data)
{
	/* NULs, lone CRs and LFs, CRLFs, "--", the boundary without its CRLF
	 * or after a bare LF or CR, a prefix of the delimiter, and data
	 * ending in CR, LF and CRLF: all data. */
	static const char data[] =
		"\0\x01\xff\xfe" "\0\0" "--" "\r" "\n" "\r\n" "\r\n--" "\r\n-" BND
		"--" BND "\n--" BND "\r--" BND "\r\n--AaB03" "\r\n--aab03x" "\r\r\n\n"
		"\x89PNG\r\n\x1a\n" "\r\n\r\n" "\0" "\r\n";
	struct sb s = { 0 };
	struct multipart m;

	sb_str(&s, DASH CRLF CD("bin") "Content-Type: application/octet-stream" CRLF CRLF);
	sb_add(&s, data, sizeof(data) - 1);
	sb_str(&s, CRLF DASH CRLF CD("cr") CRLF "\r" CRLF DASH CRLF CD("lf") CRLF "\n" CRLF);
	sb_str(&s, DASH CRLF CD("crlf") CRLF CRLF CRLF DASH "--" CRLF);
	m = parse_n(s.p, s.n, MP_OK);
	cr_assert_eq(m.n, 4);
	cr_assert_eq(m.parts[0].data.n, sizeof(data) - 1);
	cr_assert(memcmp(m.parts[0].data.p, data, sizeof(data) - 1) == 0);
	cr_assert_str_eq(m.parts[0].content_type, "application/octet-stream");
	expect_part(&m, 1, "cr", NULL, "", "\r");
	expect_part(&m, 2, "lf", NULL, "", "\n");
	expect_part(&m, 3, "crlf", NULL, "", CRLF);
	free(s.p);
}

Test(multipart, boundary_prefix_of_a_line_is_malformed)
{
	/* RFC 2046 matches the boundary as the prefix of a line: a data line
	 * "--AaB03xyz" is a delimiter followed by junk, not data. */
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH "yz" CRLF "w" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH "yz" CRLF CD("a") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH " x" CRLF CD("a") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH "--x", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH "-- x" CRLF, MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH "--\n", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") CRLF "v" CRLF DASH "\n" CD("b") CRLF "w" CRLF DASH "--",
	      MP_ERR_FORMAT);
	/* Even in the preamble. */
	parse("pre" CRLF DASH "yz" CRLF DASH CRLF CD("a") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
}

Test(multipart, transport_padding)
{
	struct multipart m = parse(DASH " \t " CRLF CD("a") CRLF "1" CRLF
				   DASH "\t" CRLF CD("b") CRLF "2" CRLF
				   DASH "-- \t" CRLF "epilogue", MP_OK);

	cr_assert_eq(m.n, 2);
	expect_part(&m, 0, "a", NULL, "", "1");
	expect_part(&m, 1, "b", NULL, "", "2");
	m = parse(DASH CRLF CD("a") CRLF "1" CRLF DASH "--  ", MP_OK);
	cr_assert_eq(m.n, 1);
}

Test(multipart, empty_file_part)
{
	struct multipart m = parse(DASH CRLF
				   "Content-Disposition: form-data; name=\"declaracion\"; filename=\"vacio.xml\"" CRLF
				   "Content-Type: text/xml" CRLF
				   CRLF
				   CRLF
				   DASH "--" CRLF, MP_OK);

	cr_assert_eq(m.n, 1);
	expect_part(&m, 0, "declaracion", "vacio.xml", "text/xml", "");
	cr_assert_not_null(m.parts[0].data.p);
}

Test(multipart, empty_text_value)
{
	struct multipart m = parse(DASH CRLF CD("a") CRLF CRLF DASH "--", MP_OK);

	expect_part(&m, 0, "a", NULL, "", "");
	/* RFC 2046 lets a part end after its headers, without the empty line. */
	m = parse(DASH CRLF CD("a") CRLF DASH CRLF CD("b") "X-A: 1" CRLF CRLF DASH "--", MP_OK);
	cr_assert_eq(m.n, 2);
	expect_part(&m, 0, "a", NULL, "", "");
	expect_part(&m, 1, "b", NULL, "", "");
}

/* What a browser sends for a file input left empty. */
Test(multipart, no_file_chosen)
{
	struct multipart m = parse(DASH CRLF
				   "Content-Disposition: form-data; name=\"declaracion\"; filename=\"\"" CRLF
				   "Content-Type: application/octet-stream" CRLF
				   CRLF
				   CRLF
				   DASH "--" CRLF, MP_OK);

	cr_assert_eq(m.n, 1);
	expect_part(&m, 0, "declaracion", NULL, "application/octet-stream", "");
	/* An empty file name with data is no browser's: refused. */
	parse(DASH CRLF "Content-Disposition: form-data; name=\"f\"; filename=\"\"" CRLF CRLF
	      "x" CRLF DASH "--", MP_ERR_NAME);
}

/* One file part with the given Content-Disposition parameters. */
static struct multipart file_part(const char *params, int want_rc)
{
	struct sb s = { 0 };
	struct multipart m;

	sb_str(&s, DASH CRLF "Content-Disposition: form-data; name=\"f\"; ");
	sb_str(&s, params);
	sb_str(&s, CRLF "Content-Type: text/xml" CRLF CRLF "<a/>" CRLF DASH "--" CRLF);
	m = parse_n(s.p, s.n, want_rc);
	free(s.p);
	return m;
}

static void expect_filename(const char *params, const char *want)
{
	struct multipart m = file_part(params, want ? MP_OK : MP_ERR_NAME);

	if (want != NULL) {
		cr_assert_eq(m.n, 1);
		cr_assert_str_eq(m.parts[0].filename, want, "%s", params);
		cr_assert_null(strchr(m.parts[0].filename, '/'));
		cr_assert_null(strchr(m.parts[0].filename, '\\'));
	}
}

Test(multipart, filename_reduced_to_base_name)
{
	expect_filename("filename=\"C:\\fakepath\\dai.xml\"", "dai.xml");       /* as in JS */
	expect_filename("filename=\"C:\\\\fakepath\\\\dai.xml\"", "dai.xml");   /* escaped */
	expect_filename("filename=\"C:\\Users\\ana\\dai.xml\"", "dai.xml");     /* old IE */
	expect_filename("filename=\"\\\\server\\share\\dai.xml\"", "dai.xml");
	expect_filename("filename=\"a/b/dai.xml\"", "dai.xml");
	expect_filename("filename=\"/etc/passwd\"", "passwd");
	expect_filename("filename=\"../../../etc/passwd\"", "passwd");
	expect_filename("filename=\"..\\..\\x.xml\"", "x.xml");
	expect_filename("filename=\"a/b\\c/d.xml\"", "d.xml");
	expect_filename("filename=dai.xml", "dai.xml");                          /* a token */
	expect_filename("filename=\"declaración 2026.xml\"", "declaración 2026.xml");
	expect_filename("filename=\"a\\\"b.xml\"", "a\"b.xml");
	expect_filename("filename=\"a%22b.xml\"", "a%22b.xml");                  /* verbatim */
	expect_filename("filename=\"..x\"", "..x");
	expect_filename("filename=\".\"", NULL);
	expect_filename("filename=\"..\"", NULL);
	expect_filename("filename=\"a/..\"", NULL);
	expect_filename("filename=\"C:\\fakepath\\..\"", NULL);
	expect_filename("filename=\"dir/\"", NULL);
	expect_filename("filename=\"C:\\fakepath\\\\\"", NULL);
	expect_filename("filename=\"/\"", NULL);
}

Test(multipart, filename_checks)
{
	struct sb s = { 0 };

	expect_filename("filename=\"a\x01.xml\"", NULL);
	expect_filename("filename=\"a\t.xml\"", NULL);
	expect_filename("filename=\"a\x7f.xml\"", NULL);
	expect_filename("filename=\"a\xc2\x85.xml\"", NULL);     /* C1 NEL */
	expect_filename("filename=\"a\xff.xml\"", NULL);
	expect_filename("filename=\"a\xc3.xml\"", NULL);
	expect_filename("filename=\"a\xed\xa0\x80.xml\"", NULL); /* surrogate */
	expect_filename("filename=\"ma\xc3\xb1" "ana.xml\"", "ma\xc3\xb1" "ana.xml");

	/* LIMIT_FILENAME_BYTES exactly, and one more. */
	sb_str(&s, "filename=\"");
	sb_rep(&s, 'n', LIMIT_FILENAME_BYTES);
	sb_str(&s, "\"");
	{
		struct multipart m = file_part(s.p, MP_OK);
		cr_assert_eq(strlen(m.parts[0].filename), LIMIT_FILENAME_BYTES);
	}
	s.n = 0;
	sb_str(&s, "filename=\"");
	sb_rep(&s, 'n', LIMIT_FILENAME_BYTES + 1);
	sb_str(&s, "\"");
	file_part(s.p, MP_ERR_NAME);
	/* The limit applies to the base name: a long path is fine. */
	s.n = 0;
	sb_str(&s, "filename=\"");
	sb_rep(&s, '/', 300);
	sb_rep(&s, 'n', LIMIT_FILENAME_BYTES);
	sb_str(&s, "\"");
	{
		struct multipart m = file_part(s.p, MP_OK);
		cr_assert_eq(strlen(m.parts[0].filename), LIMIT_FILENAME_BYTES);
	}
	free(s.p);
}

Test(multipart, names)
{
	struct sb s = { 0 };
	struct multipart m;

	m = parse(DASH CRLF CD("a\\\"b\\\\c") CRLF "1" CRLF
		  DASH CRLF "Content-Disposition: form-data; name=campo_2" CRLF CRLF "2" CRLF
		  DASH CRLF CD("a\xc3\xb1o") CRLF "3" CRLF
		  DASH CRLF CD("x[]") CRLF "4" CRLF
		  DASH CRLF CD("a b") CRLF "5" CRLF
		  DASH CRLF CD("a") CRLF "6" CRLF        /* duplicates kept, as in form.c */
		  DASH "--", MP_OK);
	cr_assert_eq(m.n, 6);
	expect_part(&m, 0, "a\"b\\c", NULL, "", "1");
	expect_part(&m, 1, "campo_2", NULL, "", "2");
	expect_part(&m, 2, "a\xc3\xb1o", NULL, "", "3");
	expect_part(&m, 3, "x[]", NULL, "", "4");
	expect_part(&m, 4, "a b", NULL, "", "5");
	expect_part(&m, 5, "a", NULL, "", "6");

	/* LIMIT_FIELD_NAME_BYTES exactly, and one more. */
	sb_str(&s, DASH CRLF "Content-Disposition: form-data; name=\"");
	sb_rep(&s, 'n', LIMIT_FIELD_NAME_BYTES);
	sb_str(&s, "\"" CRLF CRLF "v" CRLF DASH "--");
	m = parse_n(s.p, s.n, MP_OK);
	cr_assert_eq(strlen(m.parts[0].name), LIMIT_FIELD_NAME_BYTES);
	s.n = 0;
	sb_str(&s, DASH CRLF "Content-Disposition: form-data; name=\"");
	sb_rep(&s, 'n', LIMIT_FIELD_NAME_BYTES + 1);
	sb_str(&s, "\"" CRLF CRLF "v" CRLF DASH "--");
	parse_n(s.p, s.n, MP_ERR_NAME);
	free(s.p);
}

Test(multipart, part_without_a_name)
{
	parse(DASH CRLF "Content-Disposition: form-data" CRLF CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF "Content-Disposition: form-data; filename=\"a.xml\"" CRLF CRLF "v" CRLF
	      DASH "--", MP_ERR_NAME);
	parse(DASH CRLF CD("") CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF "Content-Disposition: form-data; name*=UTF-8''a" CRLF CRLF "v" CRLF
	      DASH "--", MP_ERR_NAME);
	/* A later part without a name fails the whole body. */
	parse(DASH CRLF CD("a") CRLF "1" CRLF
	      DASH CRLF "Content-Disposition: form-data; nombre=\"b\"" CRLF CRLF "2" CRLF
	      DASH "--", MP_ERR_NAME);
}

Test(multipart, bad_names)
{
	static const char nul_name[] = DASH CRLF "Content-Disposition: form-data; name=\"a\0b\"" CRLF
				       CRLF "v" CRLF DASH "--";

	parse(DASH CRLF CD("a\x01") CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF CD("a\tb") CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF CD("a\x7f") CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF CD("\xff") CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF CD("\xc0\xaf") CRLF "v" CRLF DASH "--", MP_ERR_NAME);
	parse(DASH CRLF CD("\xc2\x9b") CRLF "v" CRLF DASH "--", MP_ERR_NAME);   /* C1 CSI */
	parse_n(nul_name, sizeof(nul_name) - 1, MP_ERR_NAME);
}

Test(multipart, missing_content_disposition)
{
	parse(DASH CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Type: text/plain" CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition-X: form-data; name=\"a\"" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF DASH "--", MP_ERR_FORMAT);
	/* The second part lacks it. */
	parse(DASH CRLF CD("a") CRLF "1" CRLF DASH CRLF "X: y" CRLF CRLF "2" CRLF DASH "--",
	      MP_ERR_FORMAT);
}

Test(multipart, content_disposition_forms)
{
	struct multipart m;

	m = parse(DASH CRLF
		  "content-disposition: FORM-DATA; NAME=\"a\"; FileName=\"f.xml\"" CRLF
		  "CONTENT-TYPE: Text/XML; charset=UTF-8" CRLF
		  "Content-Transfer-Encoding: binary" CRLF
		  "X-Anything: \xc3\xb1 goes" CRLF
		  CRLF "v" CRLF
		  DASH CRLF
		  "Content-Disposition:form-data;name=b;filename*=UTF-8''x.xml;size=3;" CRLF
		  CRLF "w" CRLF
		  DASH CRLF
		  "Content-Disposition:   form-data ;  name = \"c\"  ; foo=\"x;y\\\"\"  " CRLF
		  "Content-Type:" CRLF
		  CRLF "z" CRLF
		  DASH "--", MP_OK);
	cr_assert_eq(m.n, 3);
	expect_part(&m, 0, "a", "f.xml", "Text/XML; charset=UTF-8", "v");
	expect_part(&m, 1, "b", NULL, "", "w");
	expect_part(&m, 2, "c", NULL, "", "z");
}

Test(multipart, malformed_part_headers)
{
	/* Not form-data, or broken parameters. */
	parse(DASH CRLF "Content-Disposition: attachment; name=\"a\"" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: name=\"a\"" CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data name=\"a\"" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name=\"a" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name=\"a\" x" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name=a b" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data;; name=a" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	/* Twice: which one would a handler get? */
	parse(DASH CRLF CD("a") CD("b") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name=a; name=b" CRLF CRLF "v" CRLF
	      DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name=a; filename=x; filename=y" CRLF CRLF
	      "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "Content-Type: text/plain" CRLF "Content-Type: text/xml" CRLF CRLF
	      "v" CRLF DASH "--", MP_ERR_FORMAT);
	/* Header lines. */
	parse(DASH CRLF "Content-Disposition : form-data; name=a" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "no colon" CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") ": empty name" CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "X-A: a\rb" CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "X-A: a\x01" CRLF CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "Content-Type: text/\xc3\xb1" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disposition: form-data; name=\"a\";\x01" CRLF CRLF "v" CRLF
	      DASH "--", MP_ERR_FORMAT);
	/* A header line cut by the next delimiter. */
	parse(DASH CRLF "Content-Disposition: form-data; name=\"a\"" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF "Content-Disp" CRLF DASH CRLF CD("a") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
}

Test(multipart, obs_fold_refused)
{
	parse(DASH CRLF "Content-Disposition: form-data;" CRLF " name=\"a\"" CRLF CRLF "v" CRLF
	      DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "X-A: 1" CRLF "\tcontinued" CRLF CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF " " CD("a") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
}

/* Decision: lines end in CRLF only.  A body written with bare LFs is
 * refused; a bare LF never ends a header line; LF "--" boundary is data. */
Test(multipart, lf_only_refused)
{
	parse("--" BND "\n" "Content-Disposition: form-data; name=\"a\"\n" "\n" "v\n" "--" BND "--\n",
	      MP_ERR_FORMAT);
	parse("pre\n--" BND "\n" "Content-Disposition: form-data; name=\"a\"\n" "\n" "v\n"
	      "--" BND "--\n", MP_ERR_FORMAT);
	/* CRLF delimiters, LF header lines. */
	parse(DASH CRLF "Content-Disposition: form-data; name=\"a\"\n" CRLF "v" CRLF DASH "--",
	      MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "\n" "v" CRLF DASH "--", MP_ERR_FORMAT);
	parse(DASH CRLF CD("a") "X-A: 1\n" CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
	/* LF after the delimiter. */
	parse(DASH "\n" CD("a") CRLF "v" CRLF DASH "--", MP_ERR_FORMAT);
}

Test(multipart, lf_inside_data_is_data)
{
	struct multipart m = parse(DASH CRLF CD("a") CRLF "x\n" "--" BND "\n" "--" BND "--\n" "y"
				   CRLF DASH "--", MP_OK);

	cr_assert_eq(m.n, 1);
	expect_part(&m, 0, "a", NULL, "", "x\n--" BND "\n--" BND "--\ny");
}

/* n parts "fI" with value "vI". */
static struct sb n_parts(size_t n)
{
	struct sb s = { 0 };
	char line[128];

	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), DASH CRLF CD("f%zu") CRLF "v%zu" CRLF, i, i);
		sb_str(&s, line);
	}
	sb_str(&s, DASH "--" CRLF);
	return s;
}

Test(multipart, parts_limit_exact)
{
	struct sb s = n_parts(LIMIT_MULTIPART_PARTS);
	struct multipart m = parse_n(s.p, s.n, MP_OK);

	cr_assert_eq(m.n, LIMIT_MULTIPART_PARTS);
	expect_part(&m, LIMIT_MULTIPART_PARTS - 1, "f15", NULL, "", "v15");
	free(s.p);
}

Test(multipart, too_many_parts)
{
	struct sb s = n_parts(LIMIT_MULTIPART_PARTS + 1);

	parse_n(s.p, s.n, MP_ERR_TOO_MANY);
	free(s.p);
	s = n_parts(1000);
	parse_n(s.p, s.n, MP_ERR_TOO_MANY);
	free(s.p);
}

/* A part whose header block (header lines with their CRLFs, not the empty
 * line) is exactly hdr bytes long. */
static struct sb header_block(size_t hdr)
{
	static const char cd[] = CD("f");
	static const char x[] = "X-Pad: ";
	struct sb s = { 0 };

	cr_assert_geq(hdr, sizeof(cd) - 1 + sizeof(x) - 1 + 2);
	sb_str(&s, DASH CRLF);
	sb_str(&s, cd);
	sb_str(&s, x);
	sb_rep(&s, 'p', hdr - (sizeof(cd) - 1) - (sizeof(x) - 1) - 2);
	sb_str(&s, CRLF CRLF "v" CRLF DASH "--" CRLF);
	return s;
}

Test(multipart, header_block_limit)
{
	struct sb s = header_block(LIMIT_PART_HEADER_BYTES);
	struct multipart m = parse_n(s.p, s.n, MP_OK);

	expect_part(&m, 0, "f", NULL, "", "v");
	free(s.p);
	s = header_block(LIMIT_PART_HEADER_BYTES + 1);
	parse_n(s.p, s.n, MP_ERR_HEADER_TOO_LONG);
	free(s.p);
	s = header_block((size_t)100 * LIMIT_PART_HEADER_BYTES);
	parse_n(s.p, s.n, MP_ERR_HEADER_TOO_LONG);
	free(s.p);
}

Test(multipart, header_block_without_end)
{
	struct sb s = { 0 };

	/* 1 MB of header without a line end, then the close delimiter. */
	sb_str(&s, DASH CRLF CD("f") "X: ");
	sb_rep(&s, 'h', (size_t)1024 * 1024);
	sb_str(&s, CRLF DASH "--");
	parse_n(s.p, s.n, MP_ERR_HEADER_TOO_LONG);
	/* Many short header lines. */
	s.n = 0;
	sb_str(&s, DASH CRLF CD("f"));
	for (int i = 0; i < 1000; i++)
		sb_str(&s, "X: 1" CRLF);
	sb_str(&s, CRLF "v" CRLF DASH "--");
	parse_n(s.p, s.n, MP_ERR_HEADER_TOO_LONG);
	free(s.p);
}

/* 10 MB of pseudo-random bytes (never an 'x', so never the delimiter) with
 * near-delimiters sprinkled in. */
Test(multipart, ten_megabyte_part)
{
	const size_t size = LIMIT_UPLOAD_BYTES;
	struct sb s = { 0 };
	struct multipart m;
	char *data = malloc(size);
	unsigned long long r = 88172645463325252ULL;

	cr_assert_not_null(data);
	for (size_t i = 0; i < size; i++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		data[i] = (char)(r & 0xFF);
		if (data[i] == 'x')
			data[i] = 'y';
	}
	for (size_t i = 0; i + 16 < size; i += 4099)
		memcpy(data + i, "\r\n--AaB03\r\n--AaB", 16);
	sb_str(&s, DASH CRLF CD("a") CRLF "1" CRLF);
	sb_str(&s, DASH CRLF "Content-Disposition: form-data; name=\"f\"; filename=\"big.bin\"" CRLF
		   "Content-Type: application/octet-stream" CRLF CRLF);
	sb_add(&s, data, size);
	sb_str(&s, CRLF DASH "--" CRLF);
	m = parse_n(s.p, s.n, MP_OK);
	cr_assert_eq(m.n, 2);
	expect_part(&m, 0, "a", NULL, "", "1");
	cr_assert_eq(m.parts[1].data.n, size);
	cr_assert(memcmp(m.parts[1].data.p, data, size) == 0);
	/* The same body without its close delimiter. */
	parse_n(s.p, s.n - (sizeof(CRLF DASH "--" CRLF) - 1), MP_ERR_FORMAT);
	free(data);
	free(s.p);
}

/* Inputs made to hurt a naive search: 10 MB of near-delimiters. */
Test(multipart, ten_megabytes_of_near_delimiters)
{
	static const char unit[] = "\r\n--AaB03";   /* the delimiter less its last byte */
	struct sb s = { 0 };
	struct multipart m;
	size_t reps = LIMIT_UPLOAD_BYTES / (sizeof(unit) - 1);

	sb_str(&s, DASH CRLF CD("f") CRLF);
	for (size_t i = 0; i < reps; i++)
		sb_add(&s, unit, sizeof(unit) - 1);
	sb_str(&s, CRLF DASH "--");
	m = parse_n(s.p, s.n, MP_OK);
	cr_assert_eq(m.parts[0].data.n, reps * (sizeof(unit) - 1));
	/* The same with no delimiter at all after the first. */
	s.n = 0;
	for (size_t i = 0; i < reps; i++)
		sb_add(&s, unit, sizeof(unit) - 1);
	parse_n(s.p, s.n, MP_ERR_FORMAT);
	free(s.p);
}

Test(multipart, arena_full)
{
	struct arena small;
	struct multipart m = { (struct mp_part *)1, 7 };
	static const char body[] = DASH CRLF CD("a") CRLF "v" CRLF DASH "--";

	arena_init(&small, 64);
	cr_assert_eq(multipart_parse(&small, body, sizeof(body) - 1, STR_LIT(BND), &m), MP_ERR_NOMEM);
	cr_assert_eq(m.n, 0);
	cr_assert_null(m.parts);
	arena_free(&small);
	/* Room for the table of parts but not for the name. */
	arena_init(&small, LIMIT_MULTIPART_PARTS * sizeof(struct mp_part));
	cr_assert_eq(multipart_parse(&small, body, sizeof(body) - 1, STR_LIT(BND), &m), MP_ERR_NOMEM);
	cr_assert_eq(m.n, 0);
	arena_free(&small);
}

Test(multipart, results_outlive_nothing_but_the_body)
{
	char *ct = strdup("multipart/form-data; boundary=" BND);
	char *body = strdup(DASH CRLF "Content-Disposition: form-data; name=\"a\"; filename=\"f.xml\""
			    CRLF "Content-Type: text/xml" CRLF CRLF "<a/>" CRLF DASH "--");
	struct str b;
	struct multipart m;

	cr_assert_eq(multipart_boundary(ct, &b), MP_OK);
	cr_assert_eq(multipart_parse(&A, body, strlen(body), b, &m), MP_OK);
	/* Names, file names and types are arena copies; data is a view. */
	memset(ct, 'X', strlen(ct));
	memset(body, 'X', 60);
	cr_assert_str_eq(m.parts[0].name, "a");
	cr_assert_str_eq(m.parts[0].filename, "f.xml");
	cr_assert_str_eq(m.parts[0].content_type, "text/xml");
	cr_assert(m.parts[0].data.p > body && m.parts[0].data.p < body + strlen(body));
	free(ct);
	free(body);
}
