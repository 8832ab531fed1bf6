/*
 * params.c — see params.h.
 *
 * Messages are written in Spanish and translated with i18n_tr; the ones that
 * carry a number or a label are format strings whose English has the same
 * conversions (tests/unit/test_i18n.c checks each has a translation).
 */
#include "web/params.h"

#include <string.h>

#include "core/str.h"
#include "domain/ruc.h"
#include "web/i18n.h"

static bool matches(const struct param_spec *p, const char *name)
{
	if (p->flags & P_PREFIX)
		return strncmp(p->name, name, strlen(p->name)) == 0;
	return strcmp(p->name, name) == 0;
}

int params_filter(const struct param_spec *specs, const struct form *in, struct form *out)
{
	out->n = 0;
	out->fields = in->fields;   /* filtered in place: kept fields move down */
	for (size_t i = 0; i < in->n; i++) {
		const struct param_spec *p = specs;
		for (; p && p->name; p++)
			if (matches(p, in->fields[i].name))
				break;
		if (p == NULL || p->name == NULL)
			continue;
		for (size_t j = 0; !(p->flags & P_PREFIX) && j < out->n; j++)
			if (strcmp(out->fields[j].name, p->name) == 0)
				return -1;
		out->fields[out->n++] = in->fields[i];
	}
	return 0;
}

void form_errors_add(struct form_errors *errs, const char *field, const char *msg)
{
	if (form_errors_get(errs, field) || errs->n == LIMIT_FORM_ERRORS)
		return;
	errs->e[errs->n].field = field;
	errs->e[errs->n].msg = msg;
	errs->n++;
}

const char *form_errors_get(const struct form_errors *errs, const char *field)
{
	if (errs == NULL)
		return NULL;
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return errs->e[i].msg;
	return NULL;
}

int param_key(const char *v, long long *a, long long *b)
{
	struct str head, tail = str_cut(str_from(v), '.', &head);

	if (tail.p == NULL || str_to_ll(head, -9223372036854775807LL, 9223372036854775807LL, a) != 0 ||
	    str_to_ll(tail, 0, 9223372036854775807LL, b) != 0)
		return -1;
	return 0;
}

static bool is_digits(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

static bool is_token(struct str s)
{
	if (s.n != 64)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!((s.p[i] >= '0' && s.p[i] <= '9') || (s.p[i] >= 'a' && s.p[i] <= 'f')))
			return false;
	return true;
}

static bool leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* dd/mm/yyyy or yyyy-mm-dd, a day that exists, years 1900..2999. */
static bool valid_date(struct str s)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long long d, m, y;

	if (s.n != 10)
		return false;
	/* str_to_ll takes a sign: every character but the separators is a digit. */
	for (size_t i = 0; i < 10; i++)
		if (!(s.p[2] == '/' ? i == 2 || i == 5 : i == 4 || i == 7) && (s.p[i] < '0' || s.p[i] > '9'))
			return false;
	if (s.p[2] == '/' && s.p[5] == '/') {
		if (str_to_ll((struct str){ s.p, 2 }, 1, 31, &d) || str_to_ll((struct str){ s.p + 3, 2 }, 1, 12, &m) ||
		    str_to_ll((struct str){ s.p + 6, 4 }, 1900, 2999, &y))
			return false;
	} else if (s.p[4] == '-' && s.p[7] == '-') {
		if (str_to_ll((struct str){ s.p, 4 }, 1900, 2999, &y) || str_to_ll((struct str){ s.p + 5, 2 }, 1, 12, &m) ||
		    str_to_ll((struct str){ s.p + 8, 2 }, 1, 31, &d))
			return false;
	} else {
		return false;
	}
	return d <= days[m - 1] + (m == 2 && leap(y));
}

/* When the arena is full a message cannot be built; an invalid value must
 * still be refused, so it gets this static one. */
#define MSG_NOMEM "Los datos enviados no tienen el formato esperado. Vuelva a la página anterior y revíselos."

static const char *or_static(const char *m, int lang)
{
	return m ? m : i18n_tr(lang, MSG_NOMEM);
}

/* "<label>: <problem>", or the spec's own message. */
static const char *say(const struct param_spec *s, int lang, struct arena *a, const char *problem)
{
	if (s->msg)
		return i18n_tr(lang, s->msg);
	return or_static(arena_printf(a, "%s: %s", i18n_tr(lang, s->label ? s->label : s->name),
				      i18n_tr(lang, problem)), lang);
}

/* Text is measured as sent (before trimming: a value past its limit is
 * refused, never cut down to fit). */
static const char *check_text(const struct param_spec *s, struct str raw, struct str t, int lang,
			      struct arena *a)
{
	size_t chars = utf8_len(raw.p, raw.n);

	if (chars > s->max)
		return s->msg ? i18n_tr(lang, s->msg)
		     : or_static(arena_printf(a, i18n_tr(lang, "%s: admite como máximo %zu caracteres; tiene %zu."),
					      i18n_tr(lang, s->label ? s->label : s->name), s->max, chars), lang);
	for (size_t i = 0; !(s->flags & P_RAW) && i < t.n; i++) {
		unsigned char ch = (unsigned char)t.p[i];
		bool ok_ws = (s->flags & P_MULTILINE) && (ch == '\n' || ch == '\r' || ch == '\t');
		if ((ch < 0x20 && !ok_ws) || ch == 0x7f)
			return say(s, lang, a, "contiene caracteres de control que no se admiten.");
	}
	return NULL;
}

const char *param_check(const struct param_spec *s, const char *v, int lang, struct arena *a)
{
	struct str t = str_from(v);

	if (s->kind != PARAM_TEXT || !(s->flags & P_RAW))
		t = str_trim(t);
	if ((v == NULL || t.n == 0) && !(s->flags & P_REQUIRED))
		return NULL;
	if ((v == NULL || t.n == 0) && s->missing)
		return i18n_tr(lang, s->missing);
	if ((v == NULL || t.n == 0) && s->kind == PARAM_RUC)
		return or_static(arena_printf(a, "%s: %s", i18n_tr(lang, "El RUC ingresado no es válido"),
					      ruc_reason_text(RUC_ERR_EMPTY, lang == LANG_EN)), lang);
	if (v == NULL || t.n == 0)
		return or_static(arena_printf(a, "%s: %s", i18n_tr(lang, s->label ? s->label : s->name),
					      i18n_tr(lang, "ingrese este dato.")), lang);
	switch (s->kind) {
	case PARAM_TEXT:
		return check_text(s, str_from(v), t, lang, a);
	case PARAM_DIGITS:
		if (!is_digits(t) || t.n < (size_t)s->lo || t.n > s->max) {
			if (s->msg)
				return i18n_tr(lang, s->msg);
			if ((size_t)s->lo == s->max)
				return or_static(arena_printf(a, i18n_tr(lang, "%s: ingrese %zu dígitos."),
							      i18n_tr(lang, s->label ? s->label : s->name), s->max), lang);
			return or_static(arena_printf(a, i18n_tr(lang, "%s: ingrese de %lld a %zu dígitos."),
						      i18n_tr(lang, s->label ? s->label : s->name), s->lo, s->max), lang);
		}
		return NULL;
	case PARAM_INT: {
		long long x;
		if (str_to_ll(t, s->lo, s->hi, &x) == 0)
			return NULL;
		if (s->msg)
			return i18n_tr(lang, s->msg);
		return or_static(arena_printf(a, i18n_tr(lang, "%s: ingrese un número entero de %lld a %lld."),
					      i18n_tr(lang, s->label ? s->label : s->name), s->lo, s->hi), lang);
	}
	case PARAM_ONE_OF:
		for (const char *const *o = s->one_of; o && *o; o++)
			if (str_eq_cstr(t, *o))
				return NULL;
		return say(s, lang, a, "elija una de las opciones de la lista.");
	case PARAM_RUC: {
		struct ruc_result rr;
		/* As sent: spaces count towards LIMIT_RUC_INPUT (a padded value is refused). */
		if (ruc_check(v, strlen(v), &rr) != RUC_INVALID)
			return NULL;
		if (s->msg)
			return i18n_tr(lang, s->msg);
		return or_static(arena_printf(a, "%s: %s", i18n_tr(lang, "El RUC ingresado no es válido"),
					      ruc_reason_text(rr.reason, lang == LANG_EN)), lang);
	}
	case PARAM_DATE:
		return valid_date(t) ? NULL : say(s, lang, a, "ingrese una fecha válida (dd/mm/aaaa).");
	case PARAM_TOKEN:
		return is_token(t) ? NULL : say(s, lang, a, "el valor no es válido; vuelva a cargar la página.");
	case PARAM_KEY: {
		long long x, y;
		char *z = arena_strndup(a, t.p, t.n);
		return z && param_key(z, &x, &y) == 0 ? NULL
		       : say(s, lang, a, "el valor no es válido; vuelva a cargar la página.");
	}
	}
	return say(s, lang, a, "el valor no es válido.");
}

/* Checks one field (or an absent one: fld NULL) against s, trimming it in
 * place when the kind trims. */
static void validate_one(const struct param_spec *s, const char *name, struct form_field *fld, int lang,
			 struct arena *a, struct form_errors *errs)
{
	const char *msg = param_check(s, fld ? fld->value : NULL, lang, a);

	if (msg) {
		form_errors_add(errs, name, msg);
		return;
	}
	if (fld && !(s->kind == PARAM_TEXT && (s->flags & P_RAW))) {
		struct str t = str_trim((struct str){ fld->value, fld->len });
		if (t.n != fld->len) {
			char *v = arena_strndup(a, t.p, t.n);
			if (v == NULL) {
				form_errors_add(errs, name, i18n_tr(lang, MSG_NOMEM));
				return;
			}
			fld->value = v;
			fld->len = t.n;
		}
	}
}

size_t params_validate(const struct param_spec *specs, struct form *f, int lang, struct arena *a,
		       struct form_errors *errs)
{
	size_t before = errs->n;

	for (const struct param_spec *s = specs; s && s->name; s++) {
		struct form_field *fld = NULL;

		if (s->flags & P_PREFIX) {
			for (size_t i = 0; i < f->n; i++)
				if (matches(s, f->fields[i].name))
					validate_one(s, f->fields[i].name, &f->fields[i], lang, a, errs);
			continue;
		}
		for (size_t i = 0; i < f->n && fld == NULL; i++)
			if (strcmp(f->fields[i].name, s->name) == 0)
				fld = &f->fields[i];
		validate_one(s, s->name, fld, lang, a, errs);
	}
	return errs->n - before;
}
