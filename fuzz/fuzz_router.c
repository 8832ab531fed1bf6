/*
 * fuzz_router.c — libFuzzer target for what a request goes through before
 * its handler: router_path_match (src/http/router.c), then the declared
 * parameters of src/web/params.c.
 *
 * Input: a path, a NUL, then a query string (no NUL: all path, no query).
 * Each part is copied to a buffer of its exact size, with no terminator, so
 * AddressSanitizer catches any read past it.
 *
 * The path is matched against a small table of patterns like the routes',
 * and the target aborts when router_path_match disagrees with a reference
 * matcher written here, or when a match gives a tail that is not the end of
 * the path (empty for an exact pattern; non-empty and without '/' for "/{}").
 *
 * The query goes through form_parse, params_filter and params_validate with
 * a spec table holding every kind and flag, and the target aborts when:
 *   - params_filter does not keep exactly the declared fields in the order
 *     sent, or does not refuse (-1) a declared field given twice;
 *   - params_validate returns other than the messages it added, more than
 *     the specs declared, a field twice or out of declaration order, a
 *     message that is NULL, empty or not valid UTF-8;
 *   - a field is judged otherwise than by a reference validator written
 *     here (the RUC rules are domain/ruc.h's: fuzz_ruc fuzzes them);
 *   - a value grows, is not what it was (invalid) or its trimmed form
 *     (valid; P_RAW text untouched), or its len disagrees with strlen;
 *   - English judges differently from Spanish; validating again changes
 *     anything;
 *   - the query taken whole as one value, undecoded, is judged otherwise
 *     than by the reference for any spec;
 *   - an arena with no room left lets an invalid value pass, or hands on a
 *     valid one untrimmed without a message (fail closed: never a silent
 *     success).
 * Every allocation is freed, so leaks show up under LeakSanitizer.
 *
 * Seeds: fuzz/corpus/router/ (paths; "params_*": a query after the NUL).
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/str.h"
#include "domain/ruc.h"
#include "http/form.h"
#include "http/router.h"
#include "web/i18n.h"
#include "web/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

/* ---- the router -------------------------------------------------------- */

static const char *const patterns[] = {
	"/", "/principal", "/notificaciones", "/notificaciones/{}", "/static/{}", "/oce", "/oce/{}",
	"/salir", "/idioma", "/a/{}/b", "/x/y/{}", "/{}",
};
#define NPATTERNS (sizeof(patterns) / sizeof(patterns[0]))

/* Does pattern fit p[0..n)?  0: no; 1: exactly; 2: with the tail from
 * p + *tail_at.  Written apart from router.c on purpose: the pattern is
 * split on its last '/'. */
static int ref_fits(const char *pattern, const char *p, size_t n, size_t *tail_at)
{
	size_t len = strlen(pattern), pre;
	const char *slash = strrchr(pattern, '/');
	int tail = slash != NULL && strcmp(slash, "/{}") == 0;

	pre = tail ? (size_t)(slash - pattern) + 1 : len;
	if (tail ? n <= pre : n != len)
		return 0;
	for (size_t i = 0; i < pre; i++)
		if (p[i] != pattern[i])
			return 0;
	for (size_t i = pre; i < n; i++)
		if (p[i] == '/')
			return 0;
	*tail_at = pre;
	return tail ? 2 : 1;
}

static void fuzz_path(const char *p, size_t n)
{
	for (size_t i = 0; i < NPATTERNS; i++) {
		struct str tail = { NULL, 12345 };
		size_t at = 0;
		int want = ref_fits(patterns[i], p, n, &at);
		bool got = router_path_match(patterns[i], (struct str){ p, n }, &tail);

		require(got == (want != 0));
		if (!got)
			continue;
		require(tail.p != NULL);
		require(tail.n == n - at);
		require(want == 1 ? tail.n == 0 : tail.n > 0 && tail.p == p + at);
		require(memchr(tail.p, '/', tail.n) == NULL);
	}
}

/* ---- the parameters ---------------------------------------------------- */

static const char *const langs[] = { "es", "en", NULL };
static const char *const acciones[] = { "ingresar", "cambiar", "", NULL };

static const struct param_spec specs[] = {
	P_TEXT("nombre", 8, .label = "Nombre"),
	P_TEXT("obs", 40, .flags = P_MULTILINE, .label = "Observaciones"),
	P_TEXT("clave", 12, .flags = P_REQUIRED | P_RAW, .label = "Contraseña",
	       .missing = "Ingrese su Contraseña."),
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID. Usuario",
	       .missing = "Ingrese su ID. Usuario."),
	P_DIGITS("pagina", 1, 7, .label = "Página"),
	P_DIGITS("tipo", 2, 2, .msg = "Seleccione un Tipo de OCE de la lista."),
	P_INT("n", -5, 100, .label = "Cantidad"),
	P_ONE_OF("l", langs, .flags = P_REQUIRED, .label = "Idioma"),
	P_ONE_OF("accion", acciones, .label = "Acción"),
	P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
	P_RUC("cedula"),
	P_DATE("desde", .label = "Fecha"),
	P_DATE("hasta", .flags = P_REQUIRED),
	P_TOKEN("t"),
	P_KEY("despues"),
	P_KEY("antes", .flags = P_REQUIRED),
	P_END };
#define NSPECS (sizeof(specs) / sizeof(specs[0]) - 1)

static int spec_index(const char *name)
{
	for (size_t i = 0; i < NSPECS; i++)
		if (strcmp(specs[i].name, name) == 0)
			return (int)i;
	return -1;
}

static struct str ref_trim(const char *v)
{
	struct str t = { v, strlen(v) };

	while (t.n > 0 && (t.p[0] == ' ' || t.p[0] == '\t')) {
		t.p++;
		t.n--;
	}
	while (t.n > 0 && (t.p[t.n - 1] == ' ' || t.p[t.n - 1] == '\t'))
		t.n--;
	return t;
}

static int ref_all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

static long ref_num(const char *p, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* An optional sign and one or more digits, in [lo, hi]. */
static int ref_ll(const char *p, size_t n, long long lo, long long hi)
{
	int neg = 0;
	long long v = 0;

	if (n > 0 && (p[0] == '-' || p[0] == '+')) {
		neg = p[0] == '-';
		p++;
		n--;
	}
	if (n == 0 || !ref_all_digits(p, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		int d = p[i] - '0';
		if (__builtin_mul_overflow(v, 10, &v) ||
		    (neg ? __builtin_sub_overflow(v, d, &v) : __builtin_add_overflow(v, d, &v)))
			return 0;
	}
	return v >= lo && v <= hi;
}

static int ref_date(const char *p, size_t n)
{
	long d, m, y, last;

	if (n != 10)
		return 0;
	if (p[2] == '/' && p[5] == '/' && ref_all_digits(p, 2) && ref_all_digits(p + 3, 2) &&
	    ref_all_digits(p + 6, 4)) {
		d = ref_num(p, 2);
		m = ref_num(p + 3, 2);
		y = ref_num(p + 6, 4);
	} else if (p[4] == '-' && p[7] == '-' && ref_all_digits(p, 4) && ref_all_digits(p + 5, 2) &&
		   ref_all_digits(p + 8, 2)) {
		y = ref_num(p, 4);
		m = ref_num(p + 5, 2);
		d = ref_num(p + 8, 2);
	} else {
		return 0;
	}
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	if (m == 2)
		last = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
	else if (m == 4 || m == 6 || m == 9 || m == 11)
		last = 30;
	else
		last = 31;
	return d <= last;
}

/* Code points of valid UTF-8, by stepping over whole sequences. */
static size_t ref_chars(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; count++) {
		unsigned char c = (unsigned char)s[i];
		i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	}
	return count;
}

/* Is v (NULL: absent) valid for s? */
static int ref_valid(const struct param_spec *s, const char *v)
{
	int raw = s->kind == PARAM_TEXT && (s->flags & P_RAW);
	struct str t;

	if (v == NULL)
		return !(s->flags & P_REQUIRED);
	t = raw ? (struct str){ v, strlen(v) } : ref_trim(v);
	if (t.n == 0)
		return !(s->flags & P_REQUIRED);
	switch (s->kind) {
	case PARAM_TEXT:
		if (ref_chars(v, strlen(v)) > s->max)
			return 0;
		for (size_t i = 0; !raw && i < t.n; i++) {
			unsigned char c = (unsigned char)t.p[i];
			if (c == 0x7f || (c < 0x20 && !((s->flags & P_MULTILINE) &&
							(c == '\n' || c == '\r' || c == '\t'))))
				return 0;
		}
		return 1;
	case PARAM_DIGITS:
		return ref_all_digits(t.p, t.n) && t.n >= (size_t)s->lo && t.n <= s->max;
	case PARAM_INT:
		return ref_ll(t.p, t.n, s->lo, s->hi);
	case PARAM_ONE_OF:
		for (const char *const *o = s->one_of; *o; o++)
			if (strlen(*o) == t.n && memcmp(*o, t.p, t.n) == 0)
				return 1;
		return 0;
	case PARAM_RUC: {
		struct ruc_result rr;
		return ruc_check(v, strlen(v), &rr) != RUC_INVALID;
	}
	case PARAM_DATE:
		return ref_date(t.p, t.n);
	case PARAM_TOKEN:
		if (t.n != 64)
			return 0;
		for (size_t i = 0; i < t.n; i++)
			if (!((t.p[i] >= '0' && t.p[i] <= '9') || (t.p[i] >= 'a' && t.p[i] <= 'f')))
				return 0;
		return 1;
	case PARAM_KEY: {
		const char *dot = memchr(t.p, '.', t.n);
		if (dot == NULL)
			return 0;
		return ref_ll(t.p, (size_t)(dot - t.p), -LLONG_MAX, LLONG_MAX) &&
		       ref_ll(dot + 1, t.n - (size_t)(dot - t.p) - 1, 0, LLONG_MAX);
	}
	}
	return 0;
}

static const char *value_of(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

/* Checks errs as filled from empty by params_validate, which returned n;
 * sets bad[i] for each spec i with a message. */
static void check_errors(const struct form_errors *errs, size_t n, int bad[NSPECS])
{
	int last = -1;

	memset(bad, 0, NSPECS * sizeof(bad[0]));
	require(n == errs->n);
	require(n <= NSPECS && n <= LIMIT_FORM_ERRORS);
	for (size_t i = 0; i < errs->n; i++) {
		int k;
		size_t ml;
		require(errs->e[i].field != NULL && errs->e[i].msg != NULL);
		k = spec_index(errs->e[i].field);
		require(k > last);   /* declared, in order, so never twice */
		last = k;
		bad[k] = 1;
		ml = strlen(errs->e[i].msg);
		require(ml > 0);
		require(utf8_valid(errs->e[i].msg, ml));
		require(form_errors_get(errs, errs->e[i].field) == errs->e[i].msg);
	}
}

/* Checks each field's value after validation against its value before. */
static void check_values(const struct form *before, const struct form *after, const int bad[NSPECS])
{
	require(after->n == before->n);
	for (size_t i = 0; i < after->n; i++) {
		const struct form_field *b = &before->fields[i], *a = &after->fields[i];
		int k = spec_index(a->name);
		const struct param_spec *s;

		require(a->name == b->name && k >= 0);
		s = &specs[k];
		require(a->value != NULL && strlen(a->value) == a->len);
		require(a->len <= b->len);
		if (bad[k] || (s->kind == PARAM_TEXT && (s->flags & P_RAW))) {
			require(a->value == b->value && a->len == b->len);
		} else {
			struct str t = ref_trim(b->value);
			require(a->len == t.n && memcmp(a->value, t.p, t.n) == 0);
		}
	}
}

static struct form copy_form(const struct form *f)
{
	struct form c = { malloc((f->n + 1) * sizeof(*f->fields)), f->n };

	require(c.fields != NULL);
	if (f->n)
		memcpy(c.fields, f->fields, f->n * sizeof(*f->fields));
	return c;
}

static void fuzz_params(const char *q, size_t qn)
{
	struct arena a, none;
	struct form all, orig, kept, es, en, bare;
	struct form_errors e_es = { .n = 0 }, e_en = { .n = 0 }, e_again = { .n = 0 }, e_bare = { .n = 0 };
	int bad_es[NSPECS], bad_en[NSPECS], bad_again[NSPECS], bad_bare[NSPECS];
	size_t seen[NSPECS] = { 0 }, declared = 0, n;
	int twice = 0, rc;

	arena_init(&a, LIMIT_ARENA_BYTES);
	arena_init(&none, 0);
	if (form_parse(&a, q, qn, &all) != FORM_OK)
		goto out;

	/* What params_filter must do, worked out before it moves fields. */
	orig = copy_form(&all);
	for (size_t i = 0; i < all.n; i++) {
		int k = spec_index(all.fields[i].name);
		if (k < 0)
			continue;
		declared++;
		twice |= ++seen[k] > 1;
	}
	rc = params_filter(specs, &all, &kept);
	require(rc == (twice ? -1 : 0));
	if (rc != 0) {
		free(orig.fields);
		goto out;
	}
	require(kept.n == declared);
	for (size_t i = 0, j = 0; i < orig.n; i++) {
		if (spec_index(orig.fields[i].name) < 0)
			continue;
		require(kept.fields[j].name == orig.fields[i].name);
		require(kept.fields[j].value == orig.fields[i].value);
		require(kept.fields[j].len == orig.fields[i].len);
		j++;
	}
	free(orig.fields);

	es = copy_form(&kept);
	en = copy_form(&kept);
	bare = copy_form(&kept);

	/* Spanish: every spec judged like the reference. */
	n = params_validate(specs, &es, LANG_ES, &a, &e_es);
	check_errors(&e_es, n, bad_es);
	for (size_t k = 0; k < NSPECS; k++)
		require(bad_es[k] == !ref_valid(&specs[k], value_of(&kept, specs[k].name)));
	check_values(&kept, &es, bad_es);

	/* English: the same verdicts. */
	n = params_validate(specs, &en, LANG_EN, &a, &e_en);
	check_errors(&e_en, n, bad_en);
	require(memcmp(bad_en, bad_es, sizeof(bad_es)) == 0);
	check_values(&kept, &en, bad_en);

	/* Again on the validated values: nothing changes. */
	{
		struct form again = copy_form(&es);
		n = params_validate(specs, &again, LANG_ES, &a, &e_again);
		check_errors(&e_again, n, bad_again);
		require(memcmp(bad_again, bad_es, sizeof(bad_es)) == 0);
		for (size_t i = 0; i < again.n; i++)
			require(again.fields[i].value == es.fields[i].value);
		free(again.fields);
	}

	/* No memory at all: every invalid value still refused, and a valid one
	 * either trimmed or refused too (never handed on untrimmed). */
	n = params_validate(specs, &bare, LANG_ES, &none, &e_bare);
	check_errors(&e_bare, n, bad_bare);
	for (size_t k = 0; k < NSPECS; k++)
		require(!bad_es[k] || bad_bare[k]);
	check_values(&kept, &bare, bad_bare);

	free(es.fields);
	free(en.fields);
	free(bare.fields);
out:
	arena_free(&none);
	arena_free(&a);
}

/* The query itself as one value (up to a NUL), undecoded: a '+' or a '%'
 * reaches the validators as typed, which the form route makes rare. */
static void fuzz_value(const char *q, size_t qn)
{
	const char *end = memchr(q, 0, qn);
	size_t n = end ? (size_t)(end - q) : qn;
	struct arena a;
	char *v;

	if (!utf8_valid(q, n))
		return;
	v = malloc(n + 1);
	require(v != NULL);
	memcpy(v, q, n);
	v[n] = '\0';
	arena_init(&a, LIMIT_ARENA_BYTES);
	for (size_t k = 0; k < NSPECS; k++) {
		const char *m = param_check(&specs[k], v, LANG_ES, &a);
		require((m == NULL) == ref_valid(&specs[k], v));
		require(m == NULL || (m[0] != '\0' && utf8_valid(m, strlen(m))));
	}
	arena_free(&a);
	free(v);
}

/* ---- the target -------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t pn = nul ? (size_t)(nul - data) : size;
	size_t qn = nul ? size - pn - 1 : 0;
	char *p, *q;

	if (size > LIMIT_BODY_BYTES)
		return 0;
	p = malloc(pn ? pn : 1);
	q = malloc(qn ? qn : 1);
	require(p != NULL && q != NULL);
	memcpy(p, data, pn);
	if (qn)
		memcpy(q, nul + 1, qn);

	fuzz_path(p, pn);
	fuzz_params(q, qn);
	fuzz_value(q, qn);

	free(p);
	free(q);
	return 0;
}
