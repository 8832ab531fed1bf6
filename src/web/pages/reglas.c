/*
 * reglas.c — the canal de aforo's rules, managed by officers with the admin
 * role (back office): the version in force (electronic acceptance on or off,
 * the default channel, the rules in order) and the versions before it.
 * Every change saves a new version (service/customs.h, customs_rules_save);
 * a change made from a page that showed an older version is refused.
 *
 *   GET  /reglas
 *   POST /reglas   version, accion = agregar (tipo, documento, codigo, valor,
 *                  canal, nota) | quitar.N | ajustes (automatica, omision)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "core/timefmt.h"
#include "domain/edoc_form.h"
#include "domain/risk.h"
#include "service/customs.h"
#include "store/customs.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

#define VERSIONS_SHOWN 20

/* A rule's condition as a person reads it. */
static const char *condition(struct web_ctx *c, const struct risk_rule *r)
{
	char t[32];

	switch (r->kind) {
	case RISK_HS:
		return ctx_printf(c, "%s %s", i18n_tr(c->lang, "subpartida que empieza con"), r->code);
	case RISK_ORIGIN:
		return ctx_printf(c, "%s %s", i18n_tr(c->lang, "origen"), r->code);
	case RISK_VALUE:
		edoc_cents_text(r->amount, t);
		return ctx_printf(c, "%s USD %s", i18n_tr(c->lang, "valor en aduana desde"), t);
	case RISK_NEW:
		return ctx_printf(c, "%s %lld %s", i18n_tr(c->lang, "menos de"), r->amount,
				  i18n_tr(c->lang, "declaraciones aceptadas antes"));
	case RISK_HISTORY:
		return ctx_printf(c, "%lld %s", r->amount, i18n_tr(c->lang, "o más rechazos o negativas en el último año"));
	case RISK_SAMPLE:
		edoc_cents_text(r->amount, t);
		return ctx_printf(c, "%s %s %%", i18n_tr(c->lang, "muestreo del"), t);
	}
	return "";
}

static int render(struct web_ctx *c, int status)
{
	struct view_reglas *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct risk_set set;
	struct risk_version_row *vers;
	size_t nv;
	struct buf b;

	if (v == NULL || store_risk_current(c->conn, &c->req->arena, &set) != STORE_OK ||
	    store_risk_versions(c->conn, VERSIONS_SHOWN, &c->req->arena, &vers, &nv) != STORE_OK)
		return page_error(c, 500);
	memset(v, 0, sizeof(*v));
	page_init(c, "Reglas del canal de aforo");
	v->pg = &c->pg;
	v->version = set.version;
	v->auto_accept = set.auto_accept;
	v->default_canal = risk_canal_code(set.default_canal);
	v->rules = arena_alloc(&c->req->arena, (set.n + 1) * sizeof(*v->rules));
	v->versions = arena_alloc(&c->req->arena, (nv + 1) * sizeof(*v->versions));
	v->kinds = arena_alloc(&c->req->arena, RISK_NKINDS * sizeof(*v->kinds));
	v->canales = arena_alloc(&c->req->arena, RISK_NCANALES * sizeof(*v->canales));
	if (v->rules == NULL || v->versions == NULL || v->kinds == NULL || v->canales == NULL)
		return page_error(c, 500);
	for (size_t i = 0; i < set.n; i++) {
		const struct risk_rule *r = &set.rules[i];
		struct regla_row *w = &v->rules[v->nrules++];
		w->position = (long long)i + 1;
		w->kind = i18n_tr(c->lang, risk_kind_label(r->kind));
		w->doc_type = r->doc_type[0] ? r->doc_type : i18n_tr(c->lang, "DAI y DAE");
		w->condition = condition(c, r);
		w->canal = i18n_tr(c->lang, risk_canal_label(r->canal));
		w->note = r->note;
	}
	for (size_t i = 0; i < nv; i++) {
		struct regla_version *w = &v->versions[v->nversions++];
		w->version = vers[i].version;
		timefmt_ec(vers[i].created_at, w->at);
		w->usuario = vers[i].usuario[0] ? vers[i].usuario : i18n_tr(c->lang, "Sistema");
		w->note = vers[i].note;
		w->nrules = vers[i].nrules;
		w->auto_accept = vers[i].auto_accept != 0;
		w->default_canal = i18n_tr(c->lang, risk_canal_label((enum risk_canal)risk_canal_from(vers[i].default_canal)));
	}
	for (int k = 0; k < RISK_NKINDS; k++) {
		v->kinds[k].value = risk_kind_code((enum risk_kind)k);
		v->kinds[k].label = i18n_tr(c->lang, risk_kind_label((enum risk_kind)k));
	}
	v->nkinds = RISK_NKINDS;
	for (int k = 0; k < RISK_NCANALES; k++) {
		v->canales[k].value = risk_canal_code((enum risk_canal)k);
		v->canales[k].label = i18n_tr(c->lang, risk_canal_label((enum risk_canal)k));
	}
	v->ncanales = RISK_NCANALES;
	v->tipo = param_or_empty(c, "tipo");
	v->documento = param_or_empty(c, "documento");
	v->codigo = param_or_empty(c, "codigo");
	v->valor = param_or_empty(c, "valor");
	v->canal = param_or_empty(c, "canal");
	v->nota = param_or_empty(c, "nota");
	if (param(c, "hecho"))
		v->flash = i18n_tr(c->lang, "Se guardó una nueva versión de las reglas; rige desde ahora.");
	page_buf(&b);
	tmpl_reglas(&b, c->lang, v);
	return page_send(c, status, &b);
}

static int page_reglas(struct web_ctx *c)
{
	return render(c, 200);
}

/* The rule typed in the form, or an error at its field. */
static int read_rule(struct web_ctx *c, struct risk_rule *r)
{
	int kind = risk_kind_from(param_or_empty(c, "tipo")), canal = risk_canal_from(param_or_empty(c, "canal"));
	const char *valor = param_or_empty(c, "valor"), *err;
	long long cents = 0;

	memset(r, 0, sizeof(*r));
	if (kind < 0) {
		form_errors_add(&c->errs, "tipo", i18n_tr(c->lang, "Elija un tipo de regla de la lista."));
		return -1;
	}
	if (canal < 0) {
		form_errors_add(&c->errs, "canal", i18n_tr(c->lang, "Elija un canal de aforo de la lista."));
		return -1;
	}
	r->kind = (enum risk_kind)kind;
	r->canal = (enum risk_canal)canal;
	r->doc_type = param_or_empty(c, "documento");
	r->code = param_or_empty(c, "codigo");
	r->note = param_or_empty(c, "nota");
	if (r->kind == RISK_VALUE || r->kind == RISK_SAMPLE || r->kind == RISK_NEW || r->kind == RISK_HISTORY) {
		if (edoc_money_cents(valor, &cents) != 0) {
			form_errors_add(&c->errs, "valor", i18n_tr(c->lang, "Escriba un número (use coma o punto para los decimales)."));
			return -1;
		}
		/* valor: USD (to cents), a percentage (to hundredths) or a count */
		r->amount = (r->kind == RISK_NEW || r->kind == RISK_HISTORY) ? cents / 100 : cents;
		if ((r->kind == RISK_NEW || r->kind == RISK_HISTORY) && cents % 100 != 0) {
			form_errors_add(&c->errs, "valor", i18n_tr(c->lang, "Escriba un número entero de declaraciones."));
			return -1;
		}
		r->code = "";
	}
	err = risk_rule_error(r);
	if (err) {
		const char *field = (r->kind == RISK_HS || r->kind == RISK_ORIGIN) && strstr(err, "tipo de documento") == NULL
					    ? "codigo" : strstr(err, "tipo de documento") ? "documento" : "valor";
		form_errors_add(&c->errs, field, i18n_tr(c->lang, err));
		return -1;
	}
	return 0;
}

static int post_reglas(struct web_ctx *c)
{
	const char *accion = param_or_empty(c, "accion");
	long long seen = 0;
	struct risk_set cur, next;
	struct risk_rule *rules, added;
	enum customs_result result;
	const char *note;

	if (c->errs.n)
		return render(c, 400);
	(void)str_to_ll(str_from(param_or_empty(c, "version")), 1, INT64_MAX, &seen);
	if (store_risk_current(c->conn, &c->req->arena, &cur) != STORE_OK)
		return page_error(c, 500);
	rules = arena_alloc(&c->req->arena, (cur.n + 2) * sizeof(*rules));
	if (rules == NULL)
		return page_error(c, 500);
	memcpy(rules, cur.rules, cur.n * sizeof(*rules));
	next = cur;
	next.version = seen + 1;
	next.rules = rules;
	if (strcmp(accion, "agregar") == 0) {
		if (read_rule(c, &added) != 0)
			return render(c, 400);
		if (cur.n >= LIMIT_RISK_RULES) {
			form_errors_add(&c->errs, "", i18n_tr(c->lang, "La versión ya tiene el máximo de reglas (200)."));
			return render(c, 400);
		}
		rules[next.n++] = added;
		note = ctx_printf(c, "Regla agregada: %s", risk_kind_label(added.kind));
	} else if (strncmp(accion, "quitar.", 7) == 0) {
		long long k;
		if (str_to_ll(str_from(accion + 7), 1, (long long)cur.n, &k) != 0)
			return page_error(c, 400);
		memmove(&rules[k - 1], &rules[k], (cur.n - (size_t)k) * sizeof(*rules));
		next.n--;
		note = ctx_printf(c, "Regla %lld quitada", k);
	} else if (strcmp(accion, "ajustes") == 0) {
		int canal = risk_canal_from(param_or_empty(c, "omision"));
		if (canal < 0) {
			form_errors_add(&c->errs, "omision", i18n_tr(c->lang, "Elija un canal de aforo de la lista."));
			return render(c, 400);
		}
		next.auto_accept = param(c, "automatica") != NULL;
		next.default_canal = (enum risk_canal)canal;
		note = "Aceptación electrónica y canal por omisión";
	} else {
		return page_error(c, 400);
	}
	if (customs_rules_save(c->conn, c->sess.user_id, c->req->addr, c->now, &next, note, &result) != 0)
		return page_error(c, 500);
	if (result == CUSTOMS_CHANGED) {
		form_errors_add(&c->errs, "", i18n_tr(c->lang, "Otro administrador guardó una versión de las reglas mientras usted editaba. Revise la versión vigente y repita el cambio."));
		return render(c, 409);
	}
	if (result != CUSTOMS_DONE)
		return page_error(c, 400);
	return page_redirect(c, "/reglas?hecho=1");
}

static const char *const kinds[] = { "hs", "origen", "valor", "nuevo", "historial", "muestreo", NULL };
static const char *const docs[] = { "", "DAI", "DAE", NULL };
static const char *const canal_codes[] = { "automatico", "electronico", "documental", "fisico_no_intrusivo",
					   "fisico_intrusivo", NULL };
static const char *const sies[] = { "1", NULL };

static const struct param_spec p_get[] = {
	P_ONE_OF("hecho", sies, .label = "Página"),
	P_END };

static const struct param_spec p_post[] = {
	P_TEXT("accion", 16, .flags = P_REQUIRED, .label = "Acción"),
	P_INT("version", 1, INT64_MAX, .flags = P_REQUIRED, .label = "Versión"),
	P_ONE_OF("tipo", kinds, .label = "Tipo de regla"),
	P_ONE_OF("documento", docs, .label = "Documento"),
	P_TEXT("codigo", RISK_CODE_MAX, .label = "Código"),
	P_TEXT("valor", 20, .label = "Valor"),
	P_ONE_OF("canal", canal_codes, .label = "Canal de aforo"),
	P_TEXT("nota", RISK_NOTE_MAX, .label = "Nota"),
	P_ONE_OF("automatica", sies, .label = "Aceptación electrónica"),
	P_ONE_OF("omision", canal_codes, .label = "Canal por omisión"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/reglas", page_reglas, ROLE_ADMIN, 0, .params = p_get },
	{ HTTP_POST, "/reglas", post_reglas, ROLE_ADMIN, ROUTE_CSRF | ROUTE_FORM_ERRORS, .body = BODY_FORM,
	  .params = p_post },
};
ROUTE_TABLE(reglas_routes, routes);
