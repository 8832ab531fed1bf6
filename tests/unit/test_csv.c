/*
 * test_csv.c — unit tests of src/core/csv.c, RFC 4180 records.
 *
 * What `aduana catalog import` relies on: quoted fields hold commas, '""' and
 * line breaks; LF and CR LF end records and the last one needs no line end; a
 * leading BOM is skipped; "a," has an empty last field; blank lines are
 * skipped (the decision of csv.h), and a line of spaces is not blank.  Views
 * point into the input unless the field had a '""' to unescape.  Every error
 * (unterminated quote, text after a closing quote, too many fields, a field
 * past LIMIT_CSV_FIELD_BYTES, invalid UTF-8 or a NUL) names the line where its
 * record began and is sticky.  Then the real code lists of /work/shared/data
 * parse whole, with the shapes and row counts their README gives.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/limits.h"

#define DATA_DIR "/work/shared/data/"

/* Reads every record of in[0..n) with max fields; renders each as "[f1][f2]\n"
 * into *out (malloc'ed, the caller frees it) and returns the last csv_next
 * result (0, or the error).  *lines gets csv_line after each record, up to 16. */
static int render(const char *in, size_t n, size_t max, char **out, unsigned long *lines)
{
	struct str f[LIMIT_CSV_FIELDS + 8];
	struct csv r;
	struct buf b;
	int rc, k = 0;

	buf_init(&b, 1 << 20);
	csv_init(&r, in, n);
	while ((rc = csv_next(&r, f, max)) > 0) {
		cr_assert_leq((size_t)rc, max);
		for (int i = 0; i < rc; i++) {
			cr_assert_not_null(f[i].p);
			buf_put_char(&b, '[');
			buf_put(&b, f[i].p, f[i].n);
			buf_put_char(&b, ']');
		}
		buf_put_char(&b, '\n');
		if (lines != NULL && k < 16)
			lines[k++] = csv_line(&r);
	}
	if (rc < 0 && lines != NULL && k < 16)
		lines[k] = csv_line(&r);
	csv_free(&r);
	cr_assert_eq(b.err, 0);
	*out = b.data ? buf_take(&b, NULL) : strdup("");
	buf_free(&b);
	return rc;
}

/* in[0..n) must render as want, then end with want_rc (0 or an error). */
static void expect_n(const char *in, size_t n, const char *want, int want_rc)
{
	char *got;
	int rc = render(in, n, LIMIT_CSV_FIELDS, &got, NULL);

	cr_assert_str_eq(got, want, "input \"%.40s\"", in);
	cr_assert_eq(rc, want_rc, "input \"%.40s\": rc %d, want %d", in, rc, want_rc);
	free(got);
}

#define EXPECT(lit, want, rc) expect_n((lit), sizeof(lit) - 1, (want), (rc))

/* The error of in (a C string), the records before it, and its line. */
static void expect_err(const char *in, size_t max, const char *want_before, int want_rc,
		       unsigned long want_line)
{
	unsigned long lines[16] = { 0 };
	char *got;
	int rc = render(in, strlen(in), max, &got, lines);
	size_t k = 0;

	for (const char *p = want_before; *p; p++)
		k += *p == '\n';
	cr_assert_str_eq(got, want_before, "input \"%.40s\"", in);
	cr_assert_eq(rc, want_rc, "input \"%.40s\": rc %d, want %d", in, rc, want_rc);
	cr_assert_eq(lines[k], want_line, "input \"%.40s\": line %lu, want %lu", in, lines[k],
		     want_line);
	free(got);
}

/* A malloc'ed string: prefix, n copies of c, suffix. */
static char *fill(const char *prefix, char c, size_t n, const char *suffix)
{
	struct buf b;
	char *s;

	buf_init(&b, strlen(prefix) + n + strlen(suffix));
	buf_put_str(&b, prefix);
	for (size_t i = 0; i < n; i++)
		buf_put_char(&b, c);
	buf_put_str(&b, suffix);
	cr_assert_eq(b.err, 0);
	s = b.data ? buf_take(&b, NULL) : strdup("");
	cr_assert_not_null(s);
	buf_free(&b);
	return s;
}

static int read_one(struct csv *r, const char *s, struct str *f, size_t max)
{
	csv_init(r, s, strlen(s));
	return csv_next(r, f, max);
}

/* ---- the grammar ------------------------------------------------------- */

Test(csv, plain_records)
{
	EXPECT("a,b,c\n1,2,3\n", "[a][b][c]\n[1][2][3]\n", 0);
	EXPECT("one\n", "[one]\n", 0);
	EXPECT("x y , z\n", "[x y ][ z]\n", 0);   /* nothing trimmed */
}

Test(csv, quoted_commas)
{
	EXPECT("\"a,b\",c\n", "[a,b][c]\n", 0);
	EXPECT("I,0101,\"Horses, asses, mules and hinnies; live\",01,4\n",
	       "[I][0101][Horses, asses, mules and hinnies; live][01][4]\n", 0);
	EXPECT("\",\",\",,\"\n", "[,][,,]\n", 0);
}

Test(csv, doubled_quotes)
{
	EXPECT("\"say \"\"hi\"\"\",x\n", "[say \"hi\"][x]\n", 0);
	EXPECT("\"\"\"\"\n", "[\"]\n", 0);
	EXPECT("\"\"\"\"\"\"\n", "[\"\"]\n", 0);
	EXPECT("\"a\"\"\",\"\"\"b\"\n", "[a\"][\"b]\n", 0);
	/* The row of rec20_units.csv with a lone quote as its symbol. */
	EXPECT(",D62,second [unit of angle],,1,\"\"\"\",\"4,848 137 x 10⁻⁶ rad\"\n",
	       "[][D62][second [unit of angle]][][1][\"][4,848 137 x 10⁻⁶ rad]\n", 0);
}

Test(csv, quoted_line_breaks)
{
	unsigned long lines[16] = { 0 };
	char *got;
	const char *in = "\"l1\nl2\",b\nc\n\"x\r\ny\"\nz";
	int rc = render(in, strlen(in), LIMIT_CSV_FIELDS, &got, lines);

	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got, "[l1\nl2][b]\n[c]\n[x\r\ny]\n[z]\n");
	cr_assert_eq(lines[0], 1);
	cr_assert_eq(lines[1], 3);
	cr_assert_eq(lines[2], 4);
	cr_assert_eq(lines[3], 6);
	free(got);
}

Test(csv, empty_quoted_field_is_not_blank)
{
	EXPECT("\"\"\n", "[]\n", 0);
	EXPECT("\"\",\"\"\n", "[][]\n", 0);
	EXPECT("\"\"", "[]\n", 0);
}

Test(csv, crlf_and_lf)
{
	EXPECT("a,b\r\nc,d\ne\r\n", "[a][b]\n[c][d]\n[e]\n", 0);
	EXPECT("\"q\"\r\n\"r\"\n", "[q]\n[r]\n", 0);
	/* A CR alone is a byte of an unquoted field, not a line end... */
	EXPECT("a\rb,c\n", "[a\rb][c]\n", 0);
	/* ...except at the very end of the input. */
	EXPECT("a,b\r", "[a][b]\n", 0);
	EXPECT("\"a\"\r", "[a]\n", 0);
}

Test(csv, missing_final_line_end)
{
	EXPECT("a,b\nc,d", "[a][b]\n[c][d]\n", 0);
	EXPECT("\"q,r\"", "[q,r]\n", 0);
	EXPECT("x", "[x]\n", 0);
}

Test(csv, bom)
{
	EXPECT("\xEF\xBB\xBFsection,name\nI,x", "[section][name]\n[I][x]\n", 0);
	EXPECT("\xEF\xBB\xBF", "", 0);
	EXPECT("\xEF\xBB\xBF\"q\"\n", "[q]\n", 0);
	/* Only at the start: later, U+FEFF is an ordinary character. */
	EXPECT("a\n\xEF\xBB\xBF" "b\n", "[a]\n[\xEF\xBB\xBF" "b]\n", 0);
	/* Half a BOM is not one, and not UTF-8 either. */
	EXPECT("\xEF\xBB" "a\n", "", CSV_ERR_UTF8);
}

Test(csv, empty_fields)
{
	EXPECT(",\n", "[][]\n", 0);
	EXPECT("a,,b\n", "[a][][b]\n", 0);
	EXPECT("a,\n", "[a][]\n", 0);
	EXPECT("a,", "[a][]\n", 0);
	EXPECT(",,", "[][][]\n", 0);
	EXPECT("a,\r\n", "[a][]\n", 0);
	/* rec21_package_types.csv: an empty trailing field and CR LF. */
	EXPECT("Code,Name,Description,Numeric code,\r\n1A,\"Drum, steel\",,34,\r\n",
	       "[Code][Name][Description][Numeric code][]\n[1A][Drum, steel][][34][]\n", 0);
}

Test(csv, blank_lines_are_skipped)
{
	unsigned long lines[16] = { 0 };
	char *got;
	const char *in = "\n\na\n\n\r\nb\n\n";
	int rc = render(in, strlen(in), LIMIT_CSV_FIELDS, &got, lines);

	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got, "[a]\n[b]\n");
	cr_assert_eq(lines[0], 3);
	cr_assert_eq(lines[1], 6);
	free(got);
	EXPECT("", "", 0);
	EXPECT("\n", "", 0);
	EXPECT("\r\n\r\n\n", "", 0);
	EXPECT("\r", "", 0);
	/* Spaces are a field, not a blank line. */
	EXPECT(" \n", "[ ]\n", 0);
}

Test(csv, quotes_inside_unquoted_fields_are_bytes)
{
	EXPECT("12\" pipe,x\n", "[12\" pipe][x]\n", 0);
	EXPECT(" \"a\",b\n", "[ \"a\"][b]\n", 0);
	EXPECT("a\"\"b\n", "[a\"\"b]\n", 0);
}

Test(csv, utf8_fields)
{
	EXPECT("EC,Ecuador,,EC ATF,Ambato,Ambato\nEC,Ecuador,,EC CUE,Cuenca,Cuenca\n",
	       "[EC][Ecuador][][EC ATF][Ambato][Ambato]\n[EC][Ecuador][][EC CUE][Cuenca][Cuenca]\n", 0);
	EXPECT("Galápagos,\"Año \"\"nuevo\"\"\",10⁻²\n", "[Galápagos][Año \"nuevo\"][10⁻²]\n", 0);
}

Test(csv, end_of_input_repeats)
{
	struct str f[4];
	struct csv r;

	csv_init(&r, "a\n", 2);
	cr_assert_eq(csv_line(&r), 0);
	cr_assert_eq(csv_next(&r, f, 4), 1);
	cr_assert_eq(csv_line(&r), 1);
	cr_assert_eq(csv_next(&r, f, 4), 0);
	cr_assert_eq(csv_next(&r, f, 4), 0);
	cr_assert_eq(csv_line(&r), 1);
	csv_free(&r);
	csv_free(&r);   /* twice is harmless */
	csv_init(&r, NULL, 0);
	cr_assert_eq(csv_next(&r, f, 4), 0);
	csv_free(&r);
}

Test(csv, views_into_input_or_scratch)
{
	const char *in = "plain,\"quoted, no escapes\",\"with \"\"escape\"\"\",\"\"\n";
	struct str f[8];
	struct csv r;

	csv_init(&r, in, strlen(in));
	cr_assert_eq(csv_next(&r, f, 8), 4);
	cr_assert_eq(f[0].p, in);
	cr_assert_eq(f[1].p, in + 7);
	cr_assert(f[2].p >= r.scratch && f[2].p + f[2].n <= r.scratch + r.used);
	cr_assert_eq(f[2].n, strlen("with \"escape\""));
	cr_assert_eq(memcmp(f[2].p, "with \"escape\"", f[2].n), 0);
	cr_assert(f[3].p > in && f[3].p < in + strlen(in));
	cr_assert_eq(f[3].n, 0);
	csv_free(&r);
	cr_assert_null(r.scratch);
}

/* Several escaped fields in one record: the scratch grows (and may move) while
 * earlier fields of the record already live in it. */
Test(csv, scratch_growth_keeps_earlier_fields)
{
	char *a = fill("\"\"\"", 'a', 300, "\",");
	char *b = fill("\"\"\"", 'b', 5000, "\",");
	char *c = fill("\"\"\"", 'c', 9000, "\"\n");
	struct buf all;
	struct str f[4];
	struct csv r;
	size_t n;
	char *in;

	buf_init(&all, 1 << 16);
	buf_put_str(&all, a);
	buf_put_str(&all, b);
	buf_put_str(&all, c);
	cr_assert_eq(all.err, 0);
	in = buf_take(&all, &n);
	csv_init(&r, in, n);
	cr_assert_eq(csv_next(&r, f, 4), 3);
	cr_assert_eq(f[0].n, 301);
	cr_assert_eq(f[1].n, 5001);
	cr_assert_eq(f[2].n, 9001);
	cr_assert_eq(f[0].p[0], '"');
	cr_assert_eq(f[0].p[300], 'a');
	cr_assert_eq(f[1].p[0], '"');
	cr_assert_eq(f[1].p[5000], 'b');
	cr_assert_eq(f[2].p[9000], 'c');
	cr_assert_eq(r.used, 301 + 5001 + 9001);
	cr_assert_eq(csv_next(&r, f, 4), 0);
	csv_free(&r);
	buf_free(&all);
	free(in);
	free(a);
	free(b);
	free(c);
}

/* ---- errors ------------------------------------------------------------ */

Test(csv, unterminated_quote)
{
	expect_err("a\nb,\"cd\nef", LIMIT_CSV_FIELDS, "[a]\n", CSV_ERR_QUOTE, 2);
	expect_err("\"", LIMIT_CSV_FIELDS, "", CSV_ERR_QUOTE, 1);
	expect_err("x\n\n\"abc\"\"", LIMIT_CSV_FIELDS, "[x]\n", CSV_ERR_QUOTE, 3);
}

Test(csv, text_after_closing_quote)
{
	expect_err("x\ny\n\"a\"b,c\n", LIMIT_CSV_FIELDS, "[x]\n[y]\n", CSV_ERR_QUOTE, 3);
	expect_err("\"a\" ,b\n", LIMIT_CSV_FIELDS, "", CSV_ERR_QUOTE, 1);
	expect_err("\"a\"\rb\n", LIMIT_CSV_FIELDS, "", CSV_ERR_QUOTE, 1);
	/* A record spanning lines 2 to 4 is reported at line 2. */
	expect_err("ok\n\"a\nb\nc\"x\n", LIMIT_CSV_FIELDS, "[ok]\n", CSV_ERR_QUOTE, 2);
}

Test(csv, too_many_fields)
{
	char *in;

	expect_err("a,b,c\na,b,c,d\n", 3, "[a][b][c]\n", CSV_ERR_TOO_MANY, 2);
	expect_err("a,b,c,\n", 3, "", CSV_ERR_TOO_MANY, 1);
	expect_err("a\n", 0, "", CSV_ERR_TOO_MANY, 1);
	/* max is capped at LIMIT_CSV_FIELDS: 32 fields pass, 33 do not. */
	in = fill("", ',', LIMIT_CSV_FIELDS - 1, "\n");
	{
		struct str f[LIMIT_CSV_FIELDS + 8];
		struct csv r;

		csv_init(&r, in, strlen(in));
		cr_assert_eq(csv_next(&r, f, LIMIT_CSV_FIELDS + 8), LIMIT_CSV_FIELDS);
		csv_free(&r);
	}
	free(in);
	in = fill("", ',', LIMIT_CSV_FIELDS, "\n");
	expect_err(in, LIMIT_CSV_FIELDS + 8, "", CSV_ERR_TOO_MANY, 1);
	free(in);
}

Test(csv, field_limit_unquoted)
{
	struct str f[2];
	struct csv r;
	char *in = fill("", 'x', LIMIT_CSV_FIELD_BYTES, "\n");

	cr_assert_eq(read_one(&r, in, f, 2), 1);
	cr_assert_eq(f[0].n, LIMIT_CSV_FIELD_BYTES);
	csv_free(&r);
	free(in);
	in = fill("a\n", 'x', LIMIT_CSV_FIELD_BYTES + 1, "\n");
	expect_err(in, 2, "[a]\n", CSV_ERR_FIELD, 2);
	free(in);
}

Test(csv, field_limit_quoted)
{
	struct str f[2];
	struct csv r;
	char *in;

	/* Without escapes: a view, limited all the same. */
	in = fill("\"", 'x', LIMIT_CSV_FIELD_BYTES, "\"\n");
	cr_assert_eq(read_one(&r, in, f, 2), 1);
	cr_assert_eq(f[0].n, LIMIT_CSV_FIELD_BYTES);
	csv_free(&r);
	free(in);
	in = fill("\"", 'x', LIMIT_CSV_FIELD_BYTES + 1, "\"\n");
	expect_err(in, 2, "", CSV_ERR_FIELD, 1);
	free(in);

	/* With escapes, counted unescaped: limit - 1 bytes and one '""' fit. */
	in = fill("\"", 'x', LIMIT_CSV_FIELD_BYTES - 1, "\"\"\"\n");
	cr_assert_eq(read_one(&r, in, f, 2), 1);
	cr_assert_eq(f[0].n, LIMIT_CSV_FIELD_BYTES);
	cr_assert_eq(f[0].p[LIMIT_CSV_FIELD_BYTES - 1], '"');
	csv_free(&r);
	free(in);
	in = fill("\"", 'x', LIMIT_CSV_FIELD_BYTES, "\"\"\"\n");
	expect_err(in, 2, "", CSV_ERR_FIELD, 1);
	free(in);
	in = fill("\"\"\"", 'x', LIMIT_CSV_FIELD_BYTES, "\"\n");
	expect_err(in, 2, "", CSV_ERR_FIELD, 1);
	free(in);
	/* Nothing but quotes: 2 * limit input bytes unescape to exactly the limit. */
	in = fill("\"", '"', 2 * LIMIT_CSV_FIELD_BYTES, "\"\n");
	cr_assert_eq(read_one(&r, in, f, 2), 1);
	cr_assert_eq(f[0].n, LIMIT_CSV_FIELD_BYTES);
	csv_free(&r);
	free(in);
	in = fill("\"", '"', 2 * LIMIT_CSV_FIELD_BYTES + 2, "\"\n");
	expect_err(in, 2, "", CSV_ERR_FIELD, 1);
	free(in);
}

/* The largest record: every field escaped and at the limit fills the scratch
 * to its cap, and the reader is still fine. */
Test(csv, largest_record)
{
	struct buf b;
	struct str f[LIMIT_CSV_FIELDS];
	struct csv r;
	char *in;
	size_t n;

	buf_init(&b, (size_t)2 * LIMIT_CSV_FIELDS * (LIMIT_CSV_FIELD_BYTES + 4));
	for (size_t i = 0; i < LIMIT_CSV_FIELDS; i++) {
		char *one = fill("\"\"\"", 'z', LIMIT_CSV_FIELD_BYTES - 1, i + 1 < LIMIT_CSV_FIELDS ? "\"," : "\"\n");
		buf_put_str(&b, one);
		free(one);
	}
	buf_put_str(&b, "tail\n");
	cr_assert_eq(b.err, 0);
	in = buf_take(&b, &n);
	csv_init(&r, in, n);
	cr_assert_eq(csv_next(&r, f, LIMIT_CSV_FIELDS), LIMIT_CSV_FIELDS);
	cr_assert_eq(r.used, LIMIT_CSV_FIELDS * LIMIT_CSV_FIELD_BYTES);
	cr_assert_leq(r.cap, LIMIT_CSV_FIELDS * LIMIT_CSV_FIELD_BYTES);
	for (size_t i = 0; i < LIMIT_CSV_FIELDS; i++) {
		cr_assert_eq(f[i].n, LIMIT_CSV_FIELD_BYTES);
		cr_assert_eq(f[i].p[0], '"');
		cr_assert_eq(f[i].p[LIMIT_CSV_FIELD_BYTES - 1], 'z');
	}
	cr_assert_eq(csv_next(&r, f, LIMIT_CSV_FIELDS), 1);
	cr_assert_eq(f[0].n, 4);
	cr_assert_eq(csv_next(&r, f, LIMIT_CSV_FIELDS), 0);
	csv_free(&r);
	free(in);
	buf_free(&b);
}

Test(csv, invalid_utf8)
{
	expect_err("ok\n\xff,b\n", 4, "[ok]\n", CSV_ERR_UTF8, 2);
	expect_err("a,\"b\xc3\"\n", 4, "", CSV_ERR_UTF8, 1);                  /* truncated */
	expect_err("a\n\n\"x\"\"\xc0\xaf\"\n", 4, "[a]\n", CSV_ERR_UTF8, 3);    /* overlong, escaped */
	expect_err("\xed\xa0\x80\n", 4, "", CSV_ERR_UTF8, 1);                  /* a surrogate */
	/* Latin-1, as an older export of UN/LOCODE would have it. */
	expect_err("EC,Ecuador,,EC LGO,Lago Agrio\nEC,Ecuador,,EC XXX,Pa\xedz\n", 8,
		   "[EC][Ecuador][][EC LGO][Lago Agrio]\n", CSV_ERR_UTF8, 2);
}

Test(csv, nul_is_refused)
{
	static const char plain[] = "a,b\nc\0d,e\n";
	static const char quoted[] = "\"x\ny\",\"c\0d\"\n";
	struct str f[4];
	struct csv r;

	csv_init(&r, plain, sizeof(plain) - 1);
	cr_assert_eq(csv_next(&r, f, 4), 2);
	cr_assert_eq(csv_next(&r, f, 4), CSV_ERR_UTF8);
	cr_assert_eq(csv_line(&r), 2);
	csv_free(&r);
	csv_init(&r, quoted, sizeof(quoted) - 1);
	cr_assert_eq(csv_next(&r, f, 4), CSV_ERR_UTF8);
	cr_assert_eq(csv_line(&r), 1);
	csv_free(&r);
}

Test(csv, errors_are_sticky)
{
	static const struct { const char *in; size_t max; int rc; } cases[] = {
		{ "a\n\"b\n", 4, CSV_ERR_QUOTE },
		{ "a\n\"b\"c\nd\n", 4, CSV_ERR_QUOTE },
		{ "a\nb,c,d\ne\n", 2, CSV_ERR_TOO_MANY },
		{ "a\n\xfe\ne\n", 4, CSV_ERR_UTF8 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct str f[4];
		struct csv r;

		csv_init(&r, cases[i].in, strlen(cases[i].in));
		cr_assert_eq(csv_next(&r, f, cases[i].max), 1);
		for (int k = 0; k < 3; k++) {
			cr_assert_eq(csv_next(&r, f, cases[i].max), cases[i].rc, "case %zu", i);
			cr_assert_eq(csv_line(&r), 2, "case %zu", i);
		}
		/* Even with a max that would have let the record through. */
		cr_assert_eq(csv_next(&r, f, LIMIT_CSV_FIELDS), cases[i].rc);
		csv_free(&r);
	}
	{
		char *in = fill("a\n\"", 'x', LIMIT_CSV_FIELD_BYTES + 1, "\"\nb\n");
		struct str f[2];
		struct csv r;

		csv_init(&r, in, strlen(in));
		cr_assert_eq(csv_next(&r, f, 2), 1);
		cr_assert_eq(csv_next(&r, f, 2), CSV_ERR_FIELD);
		cr_assert_eq(csv_next(&r, f, 2), CSV_ERR_FIELD);
		cr_assert_eq(csv_line(&r), 2);
		csv_free(&r);
		free(in);
	}
}

/* ---- the real code lists ----------------------------------------------- */

/* The whole file, malloc'ed, or NULL when it is not there (the test skips). */
static char *slurp(const char *name, size_t *n)
{
	FILE *fp = fopen(name, "rb");
	char *d;
	long len;

	if (fp == NULL)
		return NULL;
	cr_assert_eq(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	cr_assert_geq(len, 0);
	rewind(fp);
	d = malloc((size_t)len + 1);
	cr_assert_not_null(d);
	cr_assert_eq(fread(d, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return d;
}

struct shape {
	size_t records;          /* header included */
	unsigned long last_line; /* csv_line of the last record */
	int fields;              /* of every record */
	char first[32];          /* the first field of the header */
};

/* Reads a whole file, asserting every record has the same number of fields;
 * calls each (if not NULL) on every record after the header. */
static void read_file(const char *name, const struct shape *want,
		      void (*each)(const struct str *f, void *ctx), void *ctx)
{
	struct str f[LIMIT_CSV_FIELDS];
	struct csv r;
	size_t n, records = 0;
	unsigned long prev = 0;
	char *d = slurp(name, &n);
	int rc;

	if (d == NULL)
		cr_skip_test("%s is not there", name);
	csv_init(&r, d, n);
	while ((rc = csv_next(&r, f, LIMIT_CSV_FIELDS)) > 0) {
		cr_assert_eq(rc, want->fields, "%s:%lu: %d fields", name, csv_line(&r), rc);
		cr_assert_gt(csv_line(&r), prev);
		prev = csv_line(&r);
		if (records++ == 0)
			cr_assert(str_eq_cstr(f[0], want->first), "%s: header %.*s", name,
				  (int)f[0].n, f[0].p);
		else if (each != NULL)
			each(f, ctx);
	}
	cr_assert_eq(rc, 0, "%s:%lu: error %d", name, csv_line(&r), rc);
	cr_assert_eq(records, want->records, "%s: %zu records", name, records);
	cr_assert_eq(csv_line(&r), want->last_line, "%s: last line %lu", name, csv_line(&r));
	csv_free(&r);
	free(d);
}

struct hs_count {
	size_t level[7];
	size_t total;    /* the synthetic TOTAL row */
	size_t other;
};

static void hs_row(const struct str *f, void *ctx)
{
	struct hs_count *c = ctx;
	long long lv;

	if (str_eq_cstr(f[1], "TOTAL")) {
		cr_assert(str_eq_cstr(f[4], "5"));
		c->total++;
		return;
	}
	cr_assert_eq(str_to_ll(f[4], 2, 6, &lv), 0);
	cr_assert_eq(f[1].n, (size_t)lv, "hscode %.*s at level %lld", (int)f[1].n, f[1].p, lv);
	cr_assert_gt(f[2].n, 0);
	c->level[lv]++;
}

Test(csv_files, hs2022)
{
	struct shape s = { 6941, 6941, 5, "section" };
	struct hs_count c = { { 0 }, 0, 0 };

	read_file(DATA_DIR "hs2022.csv", &s, hs_row, &c);
	cr_assert_eq(c.level[6], 5613);
	cr_assert_eq(c.level[4], 1229);
	cr_assert_eq(c.level[2], 97);
	cr_assert_eq(c.level[3] + c.level[5], 0);
	cr_assert_eq(c.total, 1);
}

static void count_row(const struct str *f, void *ctx)
{
	(void)f;
	(*(size_t *)ctx)++;
}

Test(csv_files, hs2022_sections_with_bom)
{
	struct shape s = { 22, 22, 2, "section" };   /* no line end after the last record */
	size_t rows = 0;

	read_file(DATA_DIR "hs2022_sections.csv", &s, count_row, &rows);
	cr_assert_eq(rows, 21);
}

struct locode_count {
	size_t rows, refs;
};

static void locode_row(const struct str *f, void *ctx)
{
	struct locode_count *c = ctx;

	cr_assert(str_eq_cstr(f[0], "EC"));
	cr_assert(str_eq_cstr(f[1], "Ecuador"));
	c->rows++;
	if (str_eq_cstr(f[2], "=")) {
		/* A reference entry ("Empalme = Velasco Ibarra"): no location code
		 * of its own, no function. */
		cr_assert(str_eq_cstr(f[3], "EC"));
		cr_assert_eq(f[7].n, 0);
		c->refs++;
		return;
	}
	cr_assert(str_starts(f[3], "EC ") && f[3].n == 6, "%.*s", (int)f[3].n, f[3].p);
	cr_assert_eq(f[7].n, 8);   /* the function classifier, e.g. "1-3-----" */
}

Test(csv_files, unlocode_ec_2014)
{
	struct shape s = { 132, 132, 13, "ISO 3166-1" };
	struct locode_count c = { 0, 0 };

	read_file(DATA_DIR "unlocode_ec_2014.csv", &s, locode_row, &c);
	cr_assert_eq(c.rows, 131);
	cr_assert_eq(c.refs, 1);
}

static void rec21_row(const struct str *f, void *ctx)
{
	cr_assert_eq(f[4].n, 0);   /* the empty trailing field of every row */
	cr_assert(f[0].n == 2, "code %.*s", (int)f[0].n, f[0].p);
	(*(size_t *)ctx)++;
}

Test(csv_files, rec21_package_types)
{
	struct shape s = { 379, 379, 5, "Code" };   /* CR LF line ends */
	size_t rows = 0;

	read_file(DATA_DIR "rec21_package_types.csv", &s, rec21_row, &rows);
	cr_assert_eq(rows, 378);
}

static void rec20_row(const struct str *f, void *ctx)
{
	if (str_eq_cstr(f[1], "D62")) {   /* the symbol of the second of arc: '"', written """" */
		cr_assert(str_eq_cstr(f[5], "\""));
		(*(size_t *)ctx) += 1000;
	}
	(*(size_t *)ctx)++;
}

Test(csv_files, rec20_units)
{
	struct shape s = { 2137, 2137, 7, "Status" };
	size_t rows = 0;

	read_file(DATA_DIR "rec20_units.csv", &s, rec20_row, &rows);
	cr_assert_eq(rows, 2136 + 1000);
}

Test(csv_files, rec24_and_functions)
{
	struct shape s24 = { 346, 346, 3, "Code" }, sf = { 12, 12, 2, "FunctionCode" };
	size_t rows = 0;

	read_file(DATA_DIR "rec24_status_codes.csv", &s24, count_row, &rows);
	cr_assert_eq(rows, 345);
	rows = 0;
	read_file(DATA_DIR "unlocode_functions.csv", &sf, count_row, &rows);
	cr_assert_eq(rows, 11);
}
