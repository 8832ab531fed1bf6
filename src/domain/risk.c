/*
 * risk.c — see risk.h.
 */
#include "domain/risk.h"

#include <stdio.h>
#include <string.h>

static const char *const canal_codes[RISK_NCANALES] = {
	"automatico", "electronico", "documental", "fisico_no_intrusivo", "fisico_intrusivo",
};
static const char *const canal_labels[RISK_NCANALES] = {
	"Automático", "Electrónico", "Documental", "Físico no intrusivo", "Físico intrusivo",
};
static const char *const kind_codes[RISK_NKINDS] = {
	"hs", "origen", "valor", "nuevo", "historial", "muestreo",
};
static const char *const kind_labels[RISK_NKINDS] = {
	"Subpartida o capítulo", "País de origen", "Valor en aduana desde", "Operador nuevo",
	"Historial de rechazos", "Muestreo aleatorio",
};

const char *risk_canal_code(enum risk_canal c)
{
	return (unsigned)c < RISK_NCANALES ? canal_codes[c] : "";
}

const char *risk_canal_label(enum risk_canal c)
{
	return (unsigned)c < RISK_NCANALES ? canal_labels[c] : "";
}

int risk_canal_from(const char *code)
{
	for (int i = 0; code && i < RISK_NCANALES; i++)
		if (strcmp(code, canal_codes[i]) == 0)
			return i;
	return -1;
}

const char *risk_kind_code(enum risk_kind k)
{
	return (unsigned)k < RISK_NKINDS ? kind_codes[k] : "";
}

const char *risk_kind_label(enum risk_kind k)
{
	return (unsigned)k < RISK_NKINDS ? kind_labels[k] : "";
}

int risk_kind_from(const char *code)
{
	for (int i = 0; code && i < RISK_NKINDS; i++)
		if (strcmp(code, kind_codes[i]) == 0)
			return i;
	return -1;
}

void risk_money_text(long long cents, char out[32])
{
	char digits[24];
	int n, o = 0;

	if (cents < 0)
		cents = 0;
	n = snprintf(digits, sizeof(digits), "%lld", cents / 100);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	snprintf(out + o, (size_t)(32 - o), ",%02lld", cents % 100);
}

/* Does rule r match the facts?  If so, writes why into why. */
static bool matches(const struct risk_rule *r, const struct risk_facts *f, char *why, size_t whysz)
{
	char a[32], b[32];

	if (r->doc_type && r->doc_type[0] && (f->doc_type == NULL || strcmp(r->doc_type, f->doc_type) != 0))
		return false;
	switch (r->kind) {
	case RISK_HS:
		for (size_t i = 0; i < f->nitems; i++) {
			const char *s = f->items[i].subpartida;
			size_t n = strlen(r->code);
			if (s && n > 0 && strncmp(s, r->code, n) == 0) {
				snprintf(why, whysz, "la subpartida %s del ítem %zu empieza con %s", s, i + 1, r->code);
				return true;
			}
		}
		return false;
	case RISK_ORIGIN:
		for (size_t i = 0; i < f->nitems; i++) {
			const char *s = f->items[i].origin;
			if (s && r->code[0] && strcmp(s, r->code) == 0) {
				snprintf(why, whysz, "el ítem %zu tiene origen %s", i + 1, s);
				return true;
			}
		}
		return false;
	case RISK_VALUE:
		if (f->customs_value_cents < r->amount)
			return false;
		risk_money_text(f->customs_value_cents, a);
		risk_money_text(r->amount, b);
		snprintf(why, whysz, "el valor en aduana USD %s llega al umbral de USD %s", a, b);
		return true;
	case RISK_NEW:
		if (f->accepted_before >= r->amount)
			return false;
		snprintf(why, whysz, "el operador tiene %lld declaraciones aceptadas antes (menos de %lld)",
			 f->accepted_before, r->amount);
		return true;
	case RISK_HISTORY:
		if (f->bad_last_year < r->amount)
			return false;
		snprintf(why, whysz, "el operador tiene %lld declaraciones rechazadas o negadas en el último año "
			 "(umbral %lld)", f->bad_last_year, r->amount);
		return true;
	case RISK_SAMPLE:
		if (f->draw < 0 || f->draw >= r->amount)
			return false;
		snprintf(why, whysz, "muestreo aleatorio del %lld,%02lld %% (sorteo %d de %d)", r->amount / 100,
			 r->amount % 100, f->draw, RISK_DRAW_RANGE);
		return true;
	}
	return false;
}

void risk_decide(const struct risk_set *set, const struct risk_facts *f, struct risk_decision *out)
{
	char why[160];   /* a fact is short: a subpartida, a country, two amounts */

	out->canal = set->default_canal;
	out->rule = -1;
	snprintf(out->why, sizeof(out->why), "ninguna regla aplica: canal por omisión de la versión %lld",
		 set->version);
	for (size_t i = 0; i < set->n; i++) {
		const struct risk_rule *r = &set->rules[i];
		if ((out->rule >= 0 && r->canal <= out->canal) || !matches(r, f, why, sizeof(why)))
			continue;
		out->canal = r->canal;
		out->rule = (int)i;
		snprintf(out->why, sizeof(out->why), "Regla %zu (%s) de la versión %lld: %s", i + 1,
			 kind_labels[r->kind], set->version, why);
	}
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

const char *risk_rule_error(const struct risk_rule *r)
{
	size_t n = r->code ? strlen(r->code) : 0;

	if (r->doc_type && r->doc_type[0] && strcmp(r->doc_type, "DAI") != 0 && strcmp(r->doc_type, "DAE") != 0)
		return "El tipo de documento debe ser DAI, DAE o ambos.";
	if ((unsigned)r->canal >= RISK_NCANALES)
		return "Elija un canal de aforo de la lista.";
	if (r->note && strlen(r->note) > RISK_NOTE_MAX)
		return "La nota admite hasta 200 caracteres.";
	switch (r->kind) {
	case RISK_HS:
		if (!(n == 2 || n == 4 || n == 6 || n == 8 || n == 10) || !digits(r->code, n))
			return "Escriba un capítulo (2 dígitos) o una subpartida de 4, 6, 8 o 10 dígitos.";
		return NULL;
	case RISK_ORIGIN:
		if (n != 2 || r->code[0] < 'A' || r->code[0] > 'Z' || r->code[1] < 'A' || r->code[1] > 'Z')
			return "Escriba el país de origen con su código de dos letras (ISO 3166), p. ej. CN.";
		return NULL;
	case RISK_VALUE:
		if (r->amount <= 0)
			return "Escriba un valor en aduana mayor que cero.";
		return NULL;
	case RISK_NEW:
	case RISK_HISTORY:
		if (r->amount < 1 || r->amount > 1000000)
			return "Escriba un número de declaraciones entre 1 y 1000000.";
		return NULL;
	case RISK_SAMPLE:
		if (r->amount < 1 || r->amount > RISK_DRAW_RANGE)
			return "Escriba un porcentaje de muestreo mayor que 0 y hasta 100.";
		return NULL;
	}
	return "Elija un tipo de regla de la lista.";
}
