/*
 * tmplc: the build-time template compiler. It turns one HTML template into
 * one C function that appends the page to a bounded `struct buf`.
 *
 * The language (every directive is recognised by its opening characters):
 *
 *   {%! SIGNATURE %}   must be the first non-blank content of the file; it is
 *                      the C function's signature, verbatim. The function must
 *                      have `struct buf *out` and `int lang` in scope.
 *   {% statements %}   C statements copied verbatim into the body, e.g.
 *                      {% for (size_t i = 0; i < v->n; i++) { %} ... {% } %}
 *   {{ expr }}         a `const char *`, HTML-escaped:
 *                          buf_put_html(out, (expr));
 *   {{int expr}}       an integer:  buf_put_int(out, (long long)(expr));
 *   {{raw expr}}       UNESCAPED:   buf_put_str(out, (expr));
 *                      the only unescaped form, so `grep '{{raw '` finds all.
 *   {{_ "Texto"}}      a translated string; exactly one C string literal:
 *                          buf_put_html(out, i18n_tr(lang, "Texto"));
 *   {{# comment }}     dropped.
 *
 * Everything else is literal text, emitted as buf_put(out, "...", length).
 * A line holding only blanks and {% %}, {%! %} or {{# }} directives is removed
 * with its newline, so control flow leaves no blank lines. Every "{{" and "{%"
 * opens a directive; to print one literally write {{raw "{{"}}. Inside {% %}
 * and {{ }} (not comments), C string and character literals are skipped when
 * looking for the closing "%}" or "}}".
 *
 * Usage (exit 0 on success, 1 on a template or I/O error, 2 on bad usage):
 *   tmplc -o OUT.c IN.html         the function, with #line into IN.html
 *   tmplc -H OUT.h IN.html...      one prototype per template
 *   tmplc -m IN.html...            every {{_ "..."}} literal, one a line
 * Errors are printed as `file:line: message`; output files are written under
 * a temporary name and renamed only on success, so a failed run leaves none.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMPLC_MAX_INPUT ((size_t)1 << 20)   /* 1 MiB: a template past it is refused */
#define TMPLC_MAX_CALL   4000          /* bytes of text in one buf_put() */
#define TMPLC_LINE_COLS  180           /* generated columns before a break */

enum tok_kind {
	TOK_TEXT,     /* literal text; every other token is a directive */
	TOK_SIG,      /* {%! %} */
	TOK_STMT,     /* {% %} */
	TOK_COMMENT,  /* {{# }} */
	TOK_HTML,     /* {{ }} */
	TOK_INT,      /* {{int }} */
	TOK_RAW,      /* {{raw }} */
	TOK_TR        /* {{_ }} */
};

/* A view into the template source; `line` is where `p` starts. */
struct tok {
	enum tok_kind kind;
	const char *p;
	size_t len;
	unsigned long line;
};

/*
 * One parsed template. Tokens alternate text, directive, text, ... text,
 * with possibly empty texts, so toks[0] and toks[ntoks - 1] are texts.
 * toks[1] is the signature.
 */
struct tmpl {
	const char *path;
	char *src;
	size_t len;
	struct tok *toks;
	size_t ntoks, cap;
};

/*
 * The generated C, tracking which template line the compiler will believe
 * the current output line is, so that #line is written only when needed.
 */
struct out {
	FILE *f;
	const char *path;        /* template path, for #line */
	unsigned long line;      /* template line of this output line; 0: unknown */
	size_t col;              /* characters on this output line so far */
};

/* Set only by fuzz/fuzz_tmplc.c, which includes this file: errors unprinted. */
static int errf_quiet;

static void errf(const char *path, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (errf_quiet)
		return;
	if (line > 0)
		fprintf(stderr, "%s:%lu: ", path, line);
	else
		fprintf(stderr, "%s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static unsigned long count_nl(const char *p, size_t n)
{
	unsigned long c = 0;
	const char *e = p + n;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		c++;
		p++;
	}
	return c;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Only blanks within a line: the newline itself is handled by the caller. */
static int is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/* Only whitespace of any kind, newlines included. */
static int is_blank_all(const struct tok *tk)
{
	for (size_t i = 0; i < tk->len; i++)
		if (!is_space(tk->p[i]))
			return 0;
	return 1;
}

static int is_control(enum tok_kind k)
{
	return k == TOK_SIG || k == TOK_STMT || k == TOK_COMMENT;
}

/* Reads at most TMPLC_MAX_INPUT bytes; refuses bigger files and NUL bytes. */
static int read_file(struct tmpl *t)
{
	FILE *f = NULL;
	char *buf = NULL;
	const char *nul;
	size_t n;
	int rc = -1;

	f = fopen(t->path, "rb");
	if (f == NULL) {
		errf(t->path, 0, "%s", strerror(errno));
		goto out;
	}
	buf = malloc(TMPLC_MAX_INPUT + 1);
	if (buf == NULL) {
		errf(t->path, 0, "out of memory");
		goto out;
	}
	n = fread(buf, 1, TMPLC_MAX_INPUT + 1, f);
	if (ferror(f)) {
		errf(t->path, 0, "read error");
		goto out;
	}
	if (n > TMPLC_MAX_INPUT) {
		errf(t->path, 0, "larger than %zu bytes", TMPLC_MAX_INPUT);
		goto out;
	}
	nul = memchr(buf, '\0', n);
	if (nul != NULL) {
		errf(t->path, 1 + count_nl(buf, (size_t)(nul - buf)),
		    "NUL byte in template");
		goto out;
	}
	t->src = buf;
	t->len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

static int push(struct tmpl *t, enum tok_kind k, const char *p, size_t len,
    unsigned long line)
{
	if (t->ntoks == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct tok *n = realloc(t->toks, cap * sizeof *n);

		if (n == NULL) {
			errf(t->path, 0, "out of memory");
			return -1;
		}
		t->toks = n;
		t->cap = cap;
	}
	t->toks[t->ntoks].kind = k;
	t->toks[t->ntoks].p = p;
	t->toks[t->ntoks].len = len;
	t->toks[t->ntoks].line = line;
	t->ntoks++;
	return 0;
}

/* The next "{{" or "{%" at or after p, or end. */
static const char *find_open(const char *p, const char *end)
{
	while ((p = memchr(p, '{', (size_t)(end - p))) != NULL) {
		if (p + 1 < end && (p[1] == '{' || p[1] == '%'))
			return p;
		p++;
	}
	return end;
}

/*
 * The closing two-character marker c1 c2 at or after p, or NULL. With
 * `lits`, C string and character literals are stepped over; one that
 * reaches a newline or the end sets *bad_lit to where it started.
 */
static const char *find_close(const char *p, const char *end, char c1,
    char c2, int lits, const char **bad_lit)
{
	for (; p + 1 < end; p++) {
		if (lits && (*p == '"' || *p == '\'')) {
			const char *q = p + 1;

			while (q < end && *q != *p && *q != '\n')
				q += (*q == '\\' && q + 1 < end) ? 2 : 1;
			if (q >= end || *q != *p) {
				*bad_lit = p;
				return NULL;
			}
			p = q;
			continue;
		}
		if (p[0] == c1 && p[1] == c2)
			return p;
	}
	return NULL;
}

/* Does the directive body start with keyword `kw` followed by a blank? */
static int has_kw(const char *p, const char *end, const char *kw)
{
	size_t n = strlen(kw);

	return (size_t)(end - p) > n && memcmp(p, kw, n) == 0 &&
	    is_space(p[n]);
}

/* Exactly one C string literal, on one line. */
static int is_one_literal(const char *p, size_t n)
{
	size_t i = 1;

	if (n < 2 || p[0] != '"')
		return 0;
	while (i < n && p[i] != '"') {
		if (p[i] == '\n')
			return 0;
		if (p[i] == '\\') {
			if (i + 1 >= n || p[i + 1] == '\n')
				return 0;
			i++;
		}
		i++;
	}
	return i == n - 1;
}

/* Splits the source into alternating text and directive tokens. */
static int tokenize(struct tmpl *t)
{
	const char *p = t->src, *end = t->src + t->len;
	unsigned long line = 1;

	for (;;) {
		const char *d = find_open(p, end), *body, *close, *bad = NULL;
		enum tok_kind k;
		unsigned long dline;

		if (push(t, TOK_TEXT, p, (size_t)(d - p), line) < 0)
			return -1;
		line += count_nl(p, (size_t)(d - p));
		if (d == end)
			return 0;
		dline = line;
		body = d + 2;
		if (d[1] == '%') {
			k = TOK_STMT;
			if (body < end && *body == '!') {
				k = TOK_SIG;
				body++;
			}
			close = find_close(body, end, '%', '}', 1, &bad);
		} else if (body < end && *body == '#') {
			k = TOK_COMMENT;
			close = find_close(body + 1, end, '}', '}', 0, &bad);
		} else {
			k = TOK_HTML;
			if (has_kw(body, end, "int")) {
				k = TOK_INT;
				body += 3;
			} else if (has_kw(body, end, "raw")) {
				k = TOK_RAW;
				body += 3;
			} else if (body + 1 < end && body[0] == '_' &&
			    (is_space(body[1]) || body[1] == '"')) {
				k = TOK_TR;
				body += 1;
			}
			close = find_close(body, end, '}', '}', 1, &bad);
		}
		if (close == NULL) {
			if (bad != NULL)
				errf(t->path, line + count_nl(d,
				    (size_t)(bad - d)),
				    "unterminated literal in directive");
			else
				errf(t->path, dline, "unterminated %s",
				    d[1] == '%' ? "{%" : "{{");
			return -1;
		}
		line += count_nl(d, (size_t)(close - d));
		p = close + 2;
		if (k == TOK_COMMENT) {
			if (push(t, k, body, 0, dline) < 0)
				return -1;
			continue;
		}
		/* Trim blanks, keeping the line where the content starts. */
		while (body < close && is_space(*body)) {
			if (*body == '\n')
				dline++;
			body++;
		}
		while (close > body && is_space(close[-1]))
			close--;
		if (body == close) {
			errf(t->path, dline, "empty directive");
			return -1;
		}
		if (k == TOK_TR && !is_one_literal(body, (size_t)(close - body))) {
			errf(t->path, dline,
			    "{{_ }} takes exactly one C string literal");
			return -1;
		}
		if (push(t, k, body, (size_t)(close - body), dline) < 0)
			return -1;
	}
}

/*
 * Removes lines holding only blanks and control directives. A group is a
 * run of directives joined by texts without a newline; it sits alone on its
 * line when the text before it is blank back to a newline (or the start of
 * the file) and the text after it is blank up to a newline (or the end).
 */
static void trim_control_lines(struct tmpl *t)
{
	struct tok *tk = t->toks;
	size_t i = 1;

	while (i < t->ntoks) {
		size_t j = i, before_len, after_len;
		struct tok *before = &tk[i - 1], *after;
		const char *nl;
		int ok;

		while (j + 3 < t->ntoks && memchr(tk[j + 1].p, '\n',
		    tk[j + 1].len) == NULL)
			j += 2;
		after = &tk[j + 1];

		/* Text before: from its last newline (if any) to the end. */
		before_len = before->len;
		while (before_len > 0 && before->p[before_len - 1] != '\n')
			before_len--;
		ok = is_blank(before->p + before_len, before->len - before_len);
		for (size_t k = i; ok && k <= j; k += 2)
			ok = is_control(tk[k].kind) &&
			    (k == j || is_blank(tk[k + 1].p, tk[k + 1].len));
		nl = memchr(after->p, '\n', after->len);
		after_len = nl ? (size_t)(nl - after->p) : after->len;
		ok = ok && is_blank(after->p, after_len);

		if (ok) {
			before->len = before_len;
			for (size_t k = i + 1; k < j; k += 2)
				tk[k].len = 0;
			if (nl != NULL) {
				after->p = nl + 1;
				after->len -= after_len + 1;
				after->line++;
			} else {
				after->p += after->len;
				after->len = 0;
			}
		}
		i = j + 2;
	}
}

static int tmpl_load(struct tmpl *t, const char *path)
{
	const struct tok *tk;

	memset(t, 0, sizeof *t);
	t->path = path;
	if (read_file(t) < 0 || tokenize(t) < 0)
		return -1;
	tk = t->toks;
	if (t->ntoks < 2 || tk[1].kind != TOK_SIG || !is_blank_all(&tk[0])) {
		const char *p = tk[0].p, *e = tk[0].p + tk[0].len;
		unsigned long line = tk[0].line;
		size_t i = 1;

		/* Report at the first non-blank content. */
		while (p < e && is_space(*p))
			line += *p++ == '\n';
		while (i < t->ntoks && tk[i].kind != TOK_SIG)
			i += 2;
		errf(path, line, i < t->ntoks ? "{%%! signature %%} must come "
		    "first" : "missing {%%! signature %%}");
		return -1;
	}
	for (size_t i = 3; i < t->ntoks; i += 2) {
		if (tk[i].kind == TOK_SIG) {
			errf(path, tk[i].line, "second {%%! signature %%}");
			return -1;
		}
	}
	trim_control_lines(t);
	return 0;
}

static void tmpl_free(struct tmpl *t)
{
	free(t->toks);
	free(t->src);
	memset(t, 0, sizeof *t);
}

/* Writes s, which may hold newlines, on the current output line. */
static void out_put(struct out *o, const char *s, size_t n)
{
	const char *nl = NULL;

	fwrite(s, 1, n, o->f);
	for (size_t i = n; i > 0 && nl == NULL; i--)
		if (s[i - 1] == '\n')
			nl = s + i - 1;
	if (nl == NULL) {
		o->col += n;
		return;
	}
	if (o->line > 0)
		o->line += count_nl(s, n);
	o->col = (size_t)(s + n - nl - 1);
}

static void out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/*
 * Writes the byte as the inside of a C string literal. A '?' after a '?' is
 * escaped so that no trigraph forms; other control bytes become 3-digit
 * octal escapes, which cannot swallow a following digit. Bytes from 0x80 up
 * (UTF-8) pass unchanged.
 */
static void out_escaped(struct out *o, unsigned char c, unsigned char prev)
{
	char e[5] = { '\\', (char)c, 0, 0, 0 };

	if (c == '\\' || c == '"' || (c == '?' && prev == '?')) {
		out_put(o, e, 2);
	} else if (c == '\n') {
		out_str(o, "\\n");
	} else if (c < 0x20 || c == 0x7f) {
		e[1] = (char)('0' + (c >> 6));
		e[2] = (char)('0' + ((c >> 3) & 7));
		e[3] = (char)('0' + (c & 7));
		out_put(o, e, 4);
	} else {
		out_put(o, e + 1, 1);
	}
}

/* A path inside a C comment: no "*" followed by "/", no control bytes. */
static void put_comment_path(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		fputc(c < 0x20 || c == 0x7f ? '?' : c, f);
		if (c == '*' && s[1] == '/')
			fputc(' ', f);
	}
}

/*
 * Moves the output to template line `line`: stays on the current output
 * line when it is that line and not too long, steps down when it is a few
 * lines above, and otherwise writes a #line directive. With `indent`, a new
 * output line starts with a tab.
 */
static void out_goto(struct out *o, unsigned long line, int indent)
{
	unsigned char prev = 0;

	if (o->line == line && o->col < TMPLC_LINE_COLS) {
		if (o->col > 0)
			out_str(o, " ");
	} else if (o->line > 0 && line > o->line && line - o->line <= 3) {
		while (o->line < line)
			out_str(o, "\n");
	} else {
		if (o->col > 0)
			out_str(o, "\n");
		fprintf(o->f, "#line %lu \"", line);
		for (const char *s = o->path; *s; s++) {
			out_escaped(o, (unsigned char)*s, prev);
			prev = (unsigned char)*s;
		}
		out_str(o, "\"\n");
		o->line = line;
	}
	if (o->col == 0 && indent)
		out_str(o, "\t");
}

/*
 * Literal text as buf_put() calls of at most TMPLC_MAX_CALL bytes. The
 * literal is broken after each newline, so that template lines and output
 * lines stay in step, and past TMPLC_LINE_COLS (but not inside a UTF-8
 * sequence nor before a newline), which puts them out of step until the
 * next #line.
 */
static void emit_text(struct out *o, const struct tok *tk)
{
	size_t off = 0;
	unsigned long line = tk->line;

	while (off < tk->len) {
		size_t n = tk->len - off;
		unsigned char prev = 0;     /* 0 at the start of a literal */
		char num[32];

		if (n > TMPLC_MAX_CALL)
			n = TMPLC_MAX_CALL;
		out_goto(o, line, 1);
		out_str(o, "buf_put(out, \"");
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)tk->p[off + i];

			if (o->col >= TMPLC_LINE_COLS && prev != 0 &&
			    c != '\n' && (c & 0xc0) != 0x80) {
				out_str(o, "\"\n\t    \"");
				o->line = 0;
				prev = 0;
			}
			out_escaped(o, c, prev);
			prev = c;   /* never 0: NUL bytes were refused */
			if (c == '\n') {
				line++;
				if (i + 1 < n) {
					out_str(o, "\"\n\t    \"");
					prev = 0;
				}
			}
		}
		snprintf(num, sizeof num, "\", %zu);", n);
		out_str(o, num);
		off += n;
	}
}

/* True when p[0..n) is one string literal (blanks around allowed) whose text
 * has no escape sequence and none of the characters HTML escaping changes. */
static int literal_is_plain(const char *p, size_t n)
{
	size_t i = 0, e = n;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	if (e - i < 2 || p[i] != '"' || p[e - 1] != '"')
		return 0;
	for (size_t k = i + 1; k + 1 < e; k++)
		if (p[k] == '\\' || p[k] == '"' || p[k] == '&' || p[k] == '<' || p[k] == '>' || p[k] == '\'')
			return 0;
	return 1;
}

static void emit_directive(struct out *o, const struct tok *tk)
{
	static const char *const pre[] = {
		[TOK_HTML] = "buf_put_html(out, (",
		[TOK_INT] = "buf_put_int(out, (long long)(",
		[TOK_RAW] = "buf_put_str(out, (",
		[TOK_TR] = "buf_put_html(out, i18n_tr(lang, ",
	};

	if (tk->kind == TOK_COMMENT)
		return;
	if (tk->kind == TOK_STMT) {
		/* A preprocessor line must start its line. */
		if (tk->p[0] == '#' && o->col > 0) {
			out_str(o, "\n");
			o->line = 0;
		}
		out_goto(o, tk->line, 1);
		out_put(o, tk->p, tk->len);
		/* Ends the line, in case the statement ends in a // comment. */
		out_str(o, "\n");
		return;
	}
	out_goto(o, tk->line, 1);
	if (tk->kind == TOK_TR && literal_is_plain(tk->p, tk->len)) {
		/* Nothing in the Spanish text needs escaping: it is written as it
		 * is, its length known here; a translation is still escaped. */
		out_str(o, "tmpl_put_tr(out, lang, ");
		out_put(o, tk->p, tk->len);
		out_str(o, ", sizeof(");
		out_put(o, tk->p, tk->len);
		out_str(o, ") - 1);");
		return;
	}
	out_str(o, pre[tk->kind]);
	out_put(o, tk->p, tk->len);
	out_str(o, "));");
}

static int emit_c(FILE *f, const void *arg)
{
	const struct tmpl *t = arg;
	const struct tok *sig = &t->toks[1];
	struct out o = { f, t->path, 0, 0 };

	fputs("/* generated by tools/tmplc from ", f);
	put_comment_path(f, t->path);
	fputs(" \xe2\x80\x94 do not edit */\n#include \"web/tmpl_rt.h\"\n\n",
	    f);
	/* The prototype keeps -Wmissing-prototypes quiet. */
	out_goto(&o, sig->line, 0);
	out_put(&o, sig->p, sig->len);
	out_str(&o, ";\n\n");
	o.line = 0;
	out_goto(&o, sig->line, 0);
	out_put(&o, sig->p, sig->len);
	/* This fails to compile where `out` or `lang` is not in scope. */
	out_str(&o, " { (void)out; (void)lang;\n");
	for (size_t i = 2; i < t->ntoks; i++) {
		if (t->toks[i].kind == TOK_TEXT) {
			if (t->toks[i].len > 0)
				emit_text(&o, &t->toks[i]);
		} else {
			emit_directive(&o, &t->toks[i]);
		}
	}
	fputs(o.col > 0 ? "\n}\n" : "}\n", f);
	return ferror(f) ? -1 : 0;
}

struct header {
	const char *out_path;
	const struct tmpl *ts;
	size_t n;
};

/* Include guard from the file name: tmpl_pages.h -> TMPL_PAGES_H. */
static void put_guard(FILE *f, const char *base)
{
	if (!(*base >= 'A' && *base <= 'Z') && !(*base >= 'a' && *base <= 'z'))
		fputs("TMPL_", f);
	for (const char *s = base; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
			c = '_';
		fputc(c, f);
	}
}

static int is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

/* The identifier after each "struct " in sig (n bytes): calls fn on each. */
static void each_struct(const char *p, size_t n, void (*fn)(const char *, size_t, void *),
    void *arg)
{
	for (size_t i = 0; i + 7 <= n; i++) {
		size_t k;

		if (memcmp(p + i, "struct", 6) != 0 || (i > 0 && is_ident(p[i - 1])) ||
		    (p[i + 6] != ' ' && p[i + 6] != '\t'))
			continue;
		k = i + 7;
		while (k < n && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < n && is_ident(p[k])) {
			size_t e = k;

			while (e < n && is_ident(p[e]))
				e++;
			fn(p + k, e - k, arg);
			i = e;
		}
	}
}

struct seen {
	const char *p;
	size_t n;
	int found;
};

static void find_struct(const char *p, size_t n, void *arg)
{
	struct seen *s = arg;

	if (n == s->n && memcmp(p, s->p, n) == 0)
		s->found = 1;
}

struct decl_ctx {
	FILE *f;
	const struct tmpl *ts;
	size_t upto;   /* template index whose signature is being read */
	const char *sig;
};

/* Writes "struct NAME;" unless an earlier signature (or an earlier place in
 * this one) named it already. */
static void decl_struct(const char *p, size_t n, void *arg)
{
	struct decl_ctx *d = arg;
	struct seen s = { p, n, 0 };

	for (size_t j = 0; j < d->upto && !s.found; j++)
		each_struct(d->ts[j].toks[1].p, d->ts[j].toks[1].len, find_struct, &s);
	if (!s.found)
		each_struct(d->sig, (size_t)(p - d->sig) > 7 ? (size_t)(p - d->sig) - 7 : 0,
		    find_struct, &s);
	if (s.found)
		return;
	fputs("struct ", d->f);
	fwrite(p, 1, n, d->f);
	fputs(";\n", d->f);
}

static void put_struct_decls(FILE *f, const struct tmpl *ts, size_t i)
{
	struct decl_ctx d = { f, ts, i, ts[i].toks[1].p };

	each_struct(ts[i].toks[1].p, ts[i].toks[1].len, decl_struct, &d);
}

static int emit_h(FILE *f, const void *arg)
{
	const struct header *h = arg;
	const char *base = strrchr(h->out_path, '/');

	base = base ? base + 1 : h->out_path;
	fputs("/* generated by tools/tmplc \xe2\x80\x94 do not edit */\n", f);
	fputs("#ifndef ", f);
	put_guard(f, base);
	fputs("\n#define ", f);
	put_guard(f, base);
	/* The header needs no definitions: every struct the signatures name is
	 * declared here, so including it costs nothing and changes only when a
	 * signature does. */
	fputs("\n\n", f);
	for (size_t i = 0; i < h->n; i++)
		put_struct_decls(f, h->ts, i);
	for (size_t i = 0; i < h->n; i++) {
		const struct tok *sig = &h->ts[i].toks[1];

		fputs("\n/* ", f);
		put_comment_path(f, h->ts[i].path);
		fputs(" */\n", f);
		fwrite(sig->p, 1, sig->len, f);
		fputs(";\n", f);
	}
	fputs("\n#endif\n", f);
	return ferror(f) ? -1 : 0;
}

/* Every {{_ }} literal as written, one a line, on stdout. */
static int emit_messages(const struct tmpl *ts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 1; k < ts[i].ntoks; k += 2)
			if (ts[i].toks[k].kind == TOK_TR) {
				fwrite(ts[i].toks[k].p, 1, ts[i].toks[k].len,
				    stdout);
				fputc('\n', stdout);
			}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		errf("tmplc", 0, "error writing standard output");
		return -1;
	}
	return 0;
}

/* True when files a and b exist and hold the same bytes. */
static int same_content(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa != NULL && fb != NULL;

	while (same) {
		int ca = fgetc(fa), cb = fgetc(fb);

		if (ca != cb)
			same = 0;
		else if (ca == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* Writes path through gen() under a temporary name, then renames it; with
 * keep_same, a path that already holds the same bytes is left alone (so
 * that what depends on it is not rebuilt). */
static int write_atomic(const char *path, int (*gen)(FILE *, const void *),
    const void *arg, int keep_same)
{
	static const char suffix[] = ".tmp.XXXXXX";
	size_t n = strlen(path);
	char *tmp = NULL;
	FILE *f = NULL;
	int fd = -1, made = 0, rc = -1;

	tmp = malloc(n + sizeof suffix);
	if (tmp == NULL) {
		errf(path, 0, "out of memory");
		goto out;
	}
	memcpy(tmp, path, n);
	memcpy(tmp + n, suffix, sizeof suffix);
	fd = mkstemp(tmp);
	if (fd < 0) {
		errf(tmp, 0, "%s", strerror(errno));
		goto out;
	}
	made = 1;
	if (fchmod(fd, 0644) != 0 || (f = fdopen(fd, "w")) == NULL) {
		errf(tmp, 0, "%s", strerror(errno));
		goto out;
	}
	fd = -1;
	if (gen(f, arg) < 0) {
		errf(tmp, 0, "write error");
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		errf(tmp, 0, "%s", strerror(errno));
		goto out;
	}
	f = NULL;
	if (keep_same && same_content(tmp, path)) {
		/* Unchanged: keep the old file and its time, so that what
		 * depends on it is not rebuilt. */
		unlink(tmp);
		made = 0;
		rc = 0;
		goto out;
	}
	if (rename(tmp, path) != 0) {
		errf(path, 0, "%s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (rc != 0 && made)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int usage(void)
{
	fputs("usage: tmplc -o OUT.c IN.html\n"
	    "       tmplc -H OUT.h IN.html...\n"
	    "       tmplc -m IN.html...\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct tmpl *ts = NULL;
	const char *mode, *out_path = NULL;
	char **in;
	size_t nin, loaded = 0;
	int rc = 1;

	if (argc < 3 || argv[1][0] != '-' || argv[1][1] == '\0' ||
	    argv[1][2] != '\0')
		return usage();
	mode = argv[1];
	if (mode[1] == 'o' || mode[1] == 'H') {
		if (argc < 4)
			return usage();
		out_path = argv[2];
		in = argv + 3;
		nin = (size_t)(argc - 3);
		if (mode[1] == 'o' && nin != 1)
			return usage();
	} else if (mode[1] == 'm') {
		in = argv + 2;
		nin = (size_t)(argc - 2);
	} else {
		return usage();
	}

	ts = calloc(nin, sizeof *ts);
	if (ts == NULL) {
		errf("tmplc", 0, "out of memory");
		goto out;
	}
	for (; loaded < nin; loaded++)
		if (tmpl_load(&ts[loaded], in[loaded]) < 0) {
			loaded++;
			goto out;
		}

	if (mode[1] == 'o') {
		if (write_atomic(out_path, emit_c, &ts[0], 0) < 0)
			goto out;
	} else if (mode[1] == 'H') {
		struct header h = { out_path, ts, nin };

		if (write_atomic(out_path, emit_h, &h, 1) < 0)
			goto out;
	} else if (emit_messages(ts, nin) < 0) {
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < loaded; i++)
		tmpl_free(&ts[i]);
	free(ts);
	return rc;
}
