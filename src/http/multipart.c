/*
 * multipart.c — see multipart.h.
 *
 * The body is read as RFC 2046 §5.1.1 frames it:
 *
 *   [preamble CRLF] "--" boundary padding CRLF part
 *   *( CRLF "--" boundary padding CRLF part )
 *   CRLF "--" boundary "--" padding [CRLF epilogue]
 *
 * where padding is spaces and tabs, and a part is header lines (each ending
 * in CRLF), then an empty line, then the data.  Invariants of the code:
 *
 *   - A part's extent is found first, by searching for the next delimiter,
 *     and only then are its headers read, inside that extent.  So a header
 *     block can never swallow a delimiter (every parser agrees where parts
 *     end), and the data of a part never contains CRLF "--" boundary.
 *   - Every byte of the body is looked at by the delimiter search at most
 *     once, plus at most LIMIT_BOUNDARY_BYTES + 3 comparisons at each CR
 *     (delim_find); a part's headers cost at most LIMIT_PART_HEADER_BYTES
 *     more.  The whole parse is linear in n, whatever the body holds.
 *   - "--" boundary followed by anything but padding and CRLF, or "--", is
 *     an error, not data: RFC 2046 matches a boundary as a prefix of a line,
 *     and a sender must not let its data look like one.
 *   - Nothing is accepted twice: a second Content-Disposition or
 *     Content-Type in a part, or a second name or filename parameter, is
 *     MP_ERR_FORMAT, so no reading of the body is left to taste.
 *   - Lines end in CRLF, never bare LF.  Browsers, curl and every HTTP
 *     client library send CRLF; a lenient reading of LF would let one body
 *     mean different parts to this parser and to a proxy in front of it.
 *   - The parse is all or nothing; out is written only on success.
 */
#include "http/multipart.h"

#include <stdbool.h>
#include <string.h>

#include "core/limits.h"

/* CRLF "--" comes before the boundary in every delimiter but one at offset 0. */
#define DELIM_PREFIX 4

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 9110 tchar: what a header name, a parameter name or a token is made of. */
static bool is_tchar(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 bchars: what a boundary is made of. */
static bool is_bchar(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* s without its first k bytes (k <= s.n; never called on a NULL view). */
static struct str advance(struct str s, size_t k)
{
	s.p += k;
	s.n -= k;
	return s;
}

static struct str skip_ows(struct str s)
{
	while (s.n > 0 && is_ows(s.p[0]))
		s = advance(s, 1);
	return s;
}

static bool is_token(struct str s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!is_tchar((unsigned char)s.p[i]))
			return false;
	return true;
}

/* 1..LIMIT_BOUNDARY_BYTES bchars, the last not a space (RFC 2046 §5.1.1). */
static bool boundary_ok(struct str b)
{
	if (b.p == NULL || b.n == 0 || b.n > LIMIT_BOUNDARY_BYTES || b.p[b.n - 1] == ' ')
		return false;
	for (size_t i = 0; i < b.n; i++)
		if (!is_bchar((unsigned char)b.p[i]))
			return false;
	return true;
}

/* ---- header parameters (RFC 9110 §5.6.6) ------------------------------ */

struct param {
	struct str name;
	struct str raw;   /* a token, or what is inside the quotes, escapes undone not yet */
	bool quoted;
};

/* In a quoted string, a backslash escapes only '"' and '\'.  Any other
 * backslash is itself: old browsers send Windows paths ("C:\dir\f.xml")
 * unescaped, and their base name must survive (Go's mime package does the
 * same). */
static bool is_escape(struct str s, size_t i)
{
	return s.p[i] == '\\' && i + 1 < s.n && (s.p[i + 1] == '"' || s.p[i + 1] == '\\');
}

/* Reads one "name=value" at the start of *s (which follows a ';'), then the
 * spaces and the ';' after it, and moves *s past them.  1 and *p when a
 * parameter was read, 0 when only spaces are left, -1 when malformed. */
static int param_next(struct str *s, struct param *p)
{
	struct str t = skip_ows(*s);
	size_t i = 0;

	if (t.n == 0)
		return 0;
	while (i < t.n && is_tchar((unsigned char)t.p[i]))
		i++;
	if (i == 0)
		return -1;
	p->name = (struct str){ t.p, i };
	t = skip_ows(advance(t, i));
	if (t.n == 0 || t.p[0] != '=')
		return -1;
	t = skip_ows(advance(t, 1));
	if (t.n > 0 && t.p[0] == '"') {
		for (i = 1; i < t.n && t.p[i] != '"'; i++)
			if (is_escape(t, i))
				i++;
		if (i >= t.n)
			return -1;   /* no closing quote */
		p->raw = (struct str){ t.p + 1, i - 1 };
		p->quoted = true;
		t = advance(t, i + 1);
	} else {
		i = 0;
		while (i < t.n && is_tchar((unsigned char)t.p[i]))
			i++;
		if (i == 0)
			return -1;
		p->raw = (struct str){ t.p, i };
		p->quoted = false;
		t = advance(t, i);
	}
	t = skip_ows(t);
	if (t.n > 0) {
		if (t.p[0] != ';')
			return -1;
		t = advance(t, 1);
	}
	*s = t;
	return 1;
}

/* The parameter's value, escapes undone, NUL-terminated in the arena; NULL
 * when the arena is full. */
static char *param_value(struct arena *a, const struct param *p, size_t *len)
{
	char *d = arena_alloc(a, p->raw.n + 1);
	size_t o = 0;

	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < p->raw.n; i++) {
		if (p->quoted && is_escape(p->raw, i))
			i++;
		d[o++] = p->raw.p[i];
	}
	d[o] = '\0';
	*len = o;
	return d;
}

int multipart_boundary(const char *content_type, struct str *boundary)
{
	struct str type, rest, found = { NULL, 0 };
	struct param p;
	int r;

	boundary->p = NULL;
	boundary->n = 0;
	if (content_type == NULL)
		return MP_ERR_CONTENT_TYPE;
	rest = str_cut(str_from(content_type), ';', &type);
	if (!str_ieq_cstr(str_trim(type), "multipart/form-data"))
		return MP_ERR_CONTENT_TYPE;
	while ((r = param_next(&rest, &p)) > 0) {
		if (!str_ieq_cstr(p.name, "boundary"))
			continue;
		if (found.p != NULL)
			return MP_ERR_CONTENT_TYPE;   /* two boundaries: which one? */
		found = p.raw;
	}
	/* A quoted boundary is taken as written: '\' is no bchar, so an escape
	 * inside it fails boundary_ok. */
	if (r < 0 || !boundary_ok(found))
		return MP_ERR_CONTENT_TYPE;
	*boundary = found;
	return MP_OK;
}

/* ---- one part --------------------------------------------------------- */

/* What a part's header lines said, before it is checked and kept. */
struct part_hdr {
	bool disposition, content_type;   /* header seen */
	char *name, *filename;            /* parameters, escapes undone; NULL if absent */
	size_t name_n, filename_n;
};

/* UTF-8 without control characters: C0, DEL, or C1 (U+0080..U+009F). */
static bool name_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return false;
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0)
			return false;
	}
	return utf8_valid(s, n);
}

/* A header value as RFC 9110 allows: visible ASCII, spaces, tabs, and bytes
 * from 0x80 (obs-text).  ascii_only refuses the last. */
static bool value_ok(struct str v, bool ascii_only)
{
	for (size_t i = 0; i < v.n; i++) {
		unsigned char c = (unsigned char)v.p[i];
		if ((c < 0x20 && c != '\t') || c == 0x7F || (ascii_only && c >= 0x80))
			return false;
	}
	return true;
}

/* Reads "form-data; name=...; filename=..." (RFC 7578 §4.2).  Control bytes
 * inside the quoted values are left for the name checks (MP_ERR_NAME);
 * outside them, they are malformed. */
static int disposition_parse(struct arena *a, struct str v, struct part_hdr *h)
{
	struct str type, rest;
	struct param p;
	int r;

	rest = str_cut(v, ';', &type);
	if (!str_ieq_cstr(str_trim(type), "form-data"))
		return MP_ERR_FORMAT;
	while ((r = param_next(&rest, &p)) > 0) {
		char **dst;
		size_t *len;

		if (str_ieq_cstr(p.name, "name")) {
			dst = &h->name;
			len = &h->name_n;
		} else if (str_ieq_cstr(p.name, "filename")) {
			dst = &h->filename;
			len = &h->filename_n;
		} else {
			continue;   /* filename* (RFC 7578 §4.2: not to be used) and the rest */
		}
		if (*dst != NULL)
			return MP_ERR_FORMAT;
		*dst = param_value(a, &p, len);
		if (*dst == NULL)
			return MP_ERR_NOMEM;
	}
	return r < 0 ? MP_ERR_FORMAT : MP_OK;
}

/* One header line, without its CRLF (never empty). */
static int header_line(struct arena *a, struct str line, struct part_hdr *h, struct mp_part *part)
{
	const char *colon;
	struct str name, value;

	/* A bare CR would end the line for some readers and not for others. */
	if (memchr(line.p, '\r', line.n) != NULL)
		return MP_ERR_FORMAT;
	/* A line starting with a blank continues the previous one (obs-fold,
	 * refused by RFC 9112 §5.2 and RFC 7578 alike). */
	if (is_ows(line.p[0]))
		return MP_ERR_FORMAT;
	colon = memchr(line.p, ':', line.n);
	if (colon == NULL)
		return MP_ERR_FORMAT;
	name = (struct str){ line.p, (size_t)(colon - line.p) };
	if (!is_token(name))   /* also refuses a blank before the colon */
		return MP_ERR_FORMAT;
	value = str_trim((struct str){ colon + 1, line.n - name.n - 1 });
	if (str_ieq_cstr(name, "Content-Disposition")) {
		if (h->disposition)
			return MP_ERR_FORMAT;
		h->disposition = true;
		return disposition_parse(a, value, h);
	}
	if (str_ieq_cstr(name, "Content-Type")) {
		if (h->content_type || !value_ok(value, true))
			return MP_ERR_FORMAT;
		h->content_type = true;
		part->content_type = arena_strndup(a, value.p, value.n);
		return part->content_type == NULL ? MP_ERR_NOMEM : MP_OK;
	}
	return value_ok(value, false) ? MP_OK : MP_ERR_FORMAT;
}

/* Checks the name and filename parameters and fills part->name and
 * part->filename (see multipart.h for what is promised). */
static int names_check(const struct part_hdr *h, struct mp_part *part)
{
	size_t i;

	if (h->name == NULL || h->name_n == 0 || h->name_n > LIMIT_FIELD_NAME_BYTES ||
	    !name_ok(h->name, h->name_n))
		return MP_ERR_NAME;
	part->name = h->name;
	part->filename = NULL;
	if (h->filename == NULL)
		return MP_OK;
	if (h->filename_n == 0) {
		/* What a browser sends for a file input left empty (HTML: "a new
		 * File object with an empty name ... and an empty body"): no file.
		 * Refusing it would refuse every form with an optional upload. */
		return part->data.n == 0 ? MP_OK : MP_ERR_NAME;
	}
	for (i = h->filename_n; i > 0; i--)
		if (h->filename[i - 1] == '/' || h->filename[i - 1] == '\\')
			break;
	part->filename = h->filename + i;
	i = h->filename_n - i;
	if (i == 0 || i > LIMIT_FILENAME_BYTES || !name_ok(part->filename, i) ||
	    strcmp(part->filename, ".") == 0 || strcmp(part->filename, "..") == 0) {
		part->filename = NULL;
		return MP_ERR_NAME;
	}
	return MP_OK;
}

/* Parses the part p[0..end), the bytes between a delimiter line's CRLF and
 * the CRLF of the next delimiter: header lines, an empty line, the data.
 * RFC 2046 lets a part end right after its header lines (no empty line, no
 * data); its data is then empty. */
static int part_parse(struct arena *a, const char *p, const char *end, struct mp_part *part)
{
	struct part_hdr h = { false, false, NULL, NULL, 0, 0 };
	const char *q = p;
	/* Header lines must end within the limit; reading stops there. */
	const char *cap = (size_t)(end - p) > LIMIT_PART_HEADER_BYTES ? p + LIMIT_PART_HEADER_BYTES : end;
	int rc;

	part->content_type = "";
	for (;;) {
		const char *lf;

		if (q == end) {
			part->data = (struct str){ end, 0 };
			break;
		}
		if (end - q >= 2 && q[0] == '\r' && q[1] == '\n') {
			part->data = (struct str){ q + 2, (size_t)(end - q - 2) };
			break;
		}
		lf = memchr(q, '\n', (size_t)(cap - q));
		if (lf == NULL)
			return cap < end ? MP_ERR_HEADER_TOO_LONG : MP_ERR_FORMAT;
		if (lf == q || lf[-1] != '\r')
			return MP_ERR_FORMAT;   /* bare LF */
		rc = header_line(a, (struct str){ q, (size_t)(lf - 1 - q) }, &h, part);
		if (rc != MP_OK)
			return rc;
		q = lf + 1;
	}
	if (!h.disposition)
		return MP_ERR_FORMAT;
	return names_check(&h, part);
}

/* ---- framing ---------------------------------------------------------- */

/* The first CRLF "--" boundary in [p, end), or NULL.  Linear: memchr passes
 * each byte once, and each CR costs at most DELIM_PREFIX + b.n comparisons,
 * b.n being at most LIMIT_BOUNDARY_BYTES. */
static const char *delim_find(const char *p, const char *end, struct str b)
{
	size_t dn = DELIM_PREFIX + b.n;

	while ((size_t)(end - p) >= dn) {
		const char *cr = memchr(p, '\r', (size_t)(end - p) - dn + 1);

		if (cr == NULL)
			return NULL;
		if (cr[1] == '\n' && cr[2] == '-' && cr[3] == '-' &&
		    memcmp(cr + DELIM_PREFIX, b.p, b.n) == 0)
			return cr;
		p = cr + 1;
	}
	return NULL;
}

static const char *skip_padding(const char *p, const char *end)
{
	while (p < end && is_ows(*p))
		p++;
	return p;
}

static bool at_crlf(const char *p, const char *end)
{
	return end - p >= 2 && p[0] == '\r' && p[1] == '\n';
}

int multipart_parse(struct arena *a, const char *body, size_t n, struct str boundary,
		    struct multipart *out)
{
	struct mp_part *parts;
	const char *end, *p, *d;
	size_t count = 0;
	int rc;

	out->parts = NULL;
	out->n = 0;
	if (!boundary_ok(boundary))
		return MP_ERR_CONTENT_TYPE;
	if (body == NULL || n == 0)
		return MP_ERR_FORMAT;
	end = body + n;
	parts = arena_alloc(a, LIMIT_MULTIPART_PARTS * sizeof(*parts));
	if (parts == NULL)
		return MP_ERR_NOMEM;

	/* The first delimiter opens the body, or follows a preamble and CRLF. */
	if (n >= 2 + boundary.n && body[0] == '-' && body[1] == '-' &&
	    memcmp(body + 2, boundary.p, boundary.n) == 0) {
		p = body + 2 + boundary.n;
	} else {
		d = delim_find(body, end, boundary);
		if (d == NULL)
			return MP_ERR_FORMAT;
		p = d + DELIM_PREFIX + boundary.n;
	}
	/* Here p is just past a "--" boundary. */
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			/* The close delimiter; padding, then the end or CRLF and
			 * an epilogue, which is ignored. */
			p = skip_padding(p + 2, end);
			if (p != end && !at_crlf(p, end))
				return MP_ERR_FORMAT;
			break;
		}
		p = skip_padding(p, end);
		if (!at_crlf(p, end))
			return MP_ERR_FORMAT;
		p += 2;
		if (count == LIMIT_MULTIPART_PARTS)
			return MP_ERR_TOO_MANY;
		d = delim_find(p, end, boundary);
		if (d == NULL)
			return MP_ERR_FORMAT;   /* no close delimiter: truncated */
		rc = part_parse(a, p, d, &parts[count]);
		if (rc != MP_OK)
			return rc;
		count++;
		p = d + DELIM_PREFIX + boundary.n;
	}
	out->parts = parts;
	out->n = count;
	return MP_OK;
}
