/*
 * risk.h — the canal de aforo of an accepted declaration (pure).
 *
 * A rule set (versioned in the store: risk_ruleset, risk_rule) holds rules
 * of six kinds, each naming the channel it asks for:
 *
 *   RISK_HS        an item's subpartida starts with `code` (2 digits: an HS
 *                  chapter; 4, 6, 8 or 10: a heading or subpartida);
 *   RISK_ORIGIN    an item's origin country is `code` (ISO 3166-1 alpha-2);
 *   RISK_VALUE     the customs value (FOB + freight + insurance) is at
 *                  least `amount` cents;
 *   RISK_NEW       the declarant's OCE code has fewer than `amount`
 *                  declarations accepted before (a new operator);
 *   RISK_HISTORY   the declarant's OCE code has at least `amount`
 *                  declarations rejected or denied in the last 365 days;
 *   RISK_SAMPLE    a random sample: the draw (0..9999, supplied by the
 *                  caller) is below `amount` (a share in hundredths of a
 *                  per cent: 500 = 5 %).
 *
 * A rule may be limited to one document type (DAI or DAE).  Every rule is
 * evaluated; the decision is the most severe channel among the rules that
 * match (automático < electrónico < documental < físico no intrusivo <
 * físico intrusivo), the first such rule in the set's order being the one
 * recorded; when none matches, the set's default channel.  The decision says
 * which rule fired and why, in Spanish, for the officer (the operator is
 * told the channel only).
 *
 * The same module decides the electronic acceptance: a DAI or DAE that
 * passes validation is accepted with no officer when the set says so
 * (auto_accept).  The draw is the caller's (a CSPRNG in the service; a
 * fixed number in tests), so the engine is deterministic.
 */
#ifndef ADUANA_RISK_H
#define ADUANA_RISK_H

#include <stdbool.h>
#include <stddef.h>

enum risk_canal {
	RISK_AUTOMATICO = 0,        /* release at once, no officer */
	RISK_ELECTRONICO,           /* an officer reviews the declaration on screen */
	RISK_DOCUMENTAL,            /* an officer reviews the supporting documents */
	RISK_FISICO_NO_INTRUSIVO,   /* inspection by scanner */
	RISK_FISICO_INTRUSIVO       /* physical inspection, the goods opened */
};
#define RISK_NCANALES 5

enum risk_kind {
	RISK_HS = 0,
	RISK_ORIGIN,
	RISK_VALUE,
	RISK_NEW,
	RISK_HISTORY,
	RISK_SAMPLE
};
#define RISK_NKINDS 6

#define RISK_CODE_MAX   10          /* the longest code of a rule: a 10-digit subpartida */
#define RISK_DRAW_RANGE 10000       /* draws are 0..9999 */
#define RISK_NOTE_MAX   200         /* a rule's note, in bytes */

struct risk_rule {
	enum risk_kind kind;
	const char *doc_type;       /* "DAI", "DAE", or "" for both */
	const char *code;           /* RISK_HS: digits; RISK_ORIGIN: a country; "" otherwise */
	long long amount;           /* RISK_VALUE: cents; RISK_NEW, RISK_HISTORY: a count;
	                               RISK_SAMPLE: hundredths of a per cent (0..10000) */
	enum risk_canal canal;
	const char *note;           /* why the rule exists (the admin's words) */
};

struct risk_set {
	long long version;
	bool auto_accept;           /* DAI and DAE are accepted with no officer */
	enum risk_canal default_canal;
	const struct risk_rule *rules;
	size_t n;
};

/* What the engine looks at. */
struct risk_item {
	const char *subpartida;
	const char *origin;
};
struct risk_facts {
	const char *doc_type;       /* "DAI" or "DAE" */
	const struct risk_item *items;
	size_t nitems;
	long long customs_value_cents;
	long long accepted_before;  /* the OCE code's declarations accepted before this one */
	long long bad_last_year;    /* its declarations rejected or denied in the last 365 days */
	int draw;                   /* 0..RISK_DRAW_RANGE-1 */
};

struct risk_decision {
	enum risk_canal canal;
	int rule;                   /* index of the rule that fired in the set; -1: the default */
	char why[256];              /* Spanish: the rule and the fact that matched it */
};

/* Decides; never fails (a set with no rules gives its default). */
void risk_decide(const struct risk_set *set, const struct risk_facts *f, struct risk_decision *out);

/* "automatico", "electronico", "documental", "fisico_no_intrusivo",
 * "fisico_intrusivo"; and the label "Automático", "Físico intrusivo"...
 * ("" out of range). */
const char *risk_canal_code(enum risk_canal c);
const char *risk_canal_label(enum risk_canal c);
int risk_canal_from(const char *code);      /* -1 when unknown */
/* "hs", "origen", "valor", "nuevo", "historial", "muestreo"; and a label. */
const char *risk_kind_code(enum risk_kind k);
const char *risk_kind_label(enum risk_kind k);
int risk_kind_from(const char *code);       /* -1 when unknown */

/* cents as Ecuador writes money, "12.345,67" (groups of three, a decimal
 * comma; negative amounts as 0): the reasons and the notices use it. */
void risk_money_text(long long cents, char out[32]);

/* Checks one rule as an admin typed it; NULL when valid, else what to fix
 * (Spanish).  HS: 2, 4, 6, 8 or 10 digits; origin: two capital letters;
 * value: > 0; new and history: 1..1000000; sample: 1..10000; doc_type
 * "", "DAI" or "DAE"; note at most RISK_NOTE_MAX bytes. */
const char *risk_rule_error(const struct risk_rule *r);

#endif
