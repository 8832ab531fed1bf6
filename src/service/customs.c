/*
 * customs.c — see customs.h.
 */
#include "service/customs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "domain/edoc.h"
#include "domain/liquidation.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/catalogs.h"
#include "store/customs.h"
#include "store/documents.h"
#include "store/notices.h"

#define YEAR_S (365LL * 86400)

static int notify(struct db_conn *c, const struct document_full *d, const char *subject, const char *body,
		  long long now)
{
	return store_notice_add(c, d->user_id, "SENAE", "BUZON PERSONAL", subject, body, now);
}

static int event(struct db_conn *c, const struct document_full *d, long long at, long long user_id,
		 const char *from, const char *to, const char *reason)
{
	return store_document_add_event(c, &(struct document_event_new){
		d->id, d->oce_code, d->numero, d->doc_type, at, user_id, from, to, reason });
}

static int audit(struct db_conn *c, const char *ev, long long user_id, const struct document_full *d,
		 const char *addr, long long now)
{
	if (user_id > 0)
		return store_audit_user(c, ev, user_id, d->oce_code, addr, d->numero, now);
	return store_audit(c, ev, "", "sistema", 0, d->oce_code, addr ? addr : "", d->numero, now);
}

/* ---- acceptance ------------------------------------------------------------- */

/* The risk decision for a parsed declaration. */
static int decide_canal(struct db_conn *c, const struct document_full *d, const struct edoc_doc *x,
			long long customs_value, long long now, struct arena *a, const struct risk_set *set,
			struct risk_decision *dec)
{
	struct risk_item *items = arena_alloc(a, (x->nitems + 1) * sizeof(*items));
	struct risk_facts f = { 0 };
	int rc;

	if (items == NULL)
		return DB_ERR;
	rc = store_operator_record(c, d->oce_code, now - YEAR_S, &f.accepted_before, &f.bad_last_year);
	if (rc != STORE_OK)
		return rc;
	for (size_t i = 0; i < x->nitems; i++)
		items[i] = (struct risk_item){ x->items[i].subpartida, x->items[i].origin_country };
	f.doc_type = d->doc_type;
	f.items = items;
	f.nitems = x->nitems;
	f.customs_value_cents = customs_value;
	f.draw = (int)randombytes_uniform(RISK_DRAW_RANGE);
	risk_decide(set, &f, dec);
	return STORE_OK;
}

/* The liquidation of a DAI (a DAE pays no duties: customs value only). */
static int liquidate(struct db_conn *c, const struct edoc_doc *x, struct arena *a, struct liq_result *out)
{
	struct liq_item *items = arena_alloc(a, (x->nitems + 1) * sizeof(*items));
	struct liq_line *lines = arena_alloc(a, (x->nitems + 1) * sizeof(*lines));
	struct liq_input in = { x->fob_cents, x->freight_cents, x->insurance_cents, items, x->nitems,
				LIQ_FODINFA_BP, LIQ_IVA_BP, LIQ_INSURANCE_BP };
	struct liq_rate *rates;
	size_t nrates;
	int rc;

	if (items == NULL || lines == NULL)
		return DB_ERR;
	rc = store_tariff_rates(c, a, &rates, &nrates);
	if (rc != STORE_OK)
		return rc;
	for (size_t i = 0; i < x->nitems; i++) {
		const struct liq_rate *r = liq_rate_pick(rates, nrates, x->items[i].subpartida);
		items[i] = (struct liq_item){ x->items[i].fob_cents, r ? r->advalorem_bp : 0, r ? r->ice_bp : 0 };
	}
	if (x->type == EDOC_DAE) {
		for (size_t i = 0; i < x->nitems; i++)
			items[i].advalorem_bp = items[i].ice_bp = 0;
		in.fodinfa_bp = in.iva_bp = 0;
	}
	return liq_compute(&in, lines, out) == 0 ? STORE_OK : DB_ERR;
}

/* Registrado → Aceptado of d (version checked), and for a DAI or DAE its
 * number, channel and liquidation, the notices, and the release when the
 * channel is automático.  user_id 0: the system.  set: the rule set in
 * force when the caller has read it already, else NULL. */
static int accept(struct db_conn *c, const struct customs_tables *t, const struct document_full *d,
		  long long version, long long user_id, const char *addr, long long now, struct arena *a,
		  const struct risk_set *in_force, struct customs_outcome *out)
{
	struct customs_rec k = { 0 };
	struct risk_set set;
	struct risk_decision dec;
	struct edoc_doc x;
	struct edoc_errors errs = { 0 };
	char subject[160], body[1024], liqnum[LIQNUM_LEN + 1] = "", cv[32], total[32];
	const char *xml;
	size_t n;
	long long seq;
	int year = timefmt_ec_year(now), rc;
	bool declaration = strcmp(d->doc_type, "DAI") == 0 || strcmp(d->doc_type, "DAE") == 0;
	enum wf_state to;

	out->to = WF_ACEPTADO;
	if (!declaration) {
		rc = store_document_move(c, d->id, version, "Registrado", "Aceptado", NULL, NULL, now);
		if (rc == STORE_OK)
			rc = event(c, d, now, user_id, "Registrado", "Aceptado", NULL);
		snprintf(subject, sizeof(subject), "Notificación de Aceptado - %s %s", d->doc_type, d->numero);
		snprintf(body, sizeof(body), "El documento %s con número de entrega %s fue aceptado por la aduana.",
			 d->doc_type, d->numero);
		if (rc == STORE_OK)
			rc = notify(c, d, subject, body, now);
		if (rc == STORE_OK)
			rc = audit(c, "doc_aceptado", user_id, d, addr, now);
		return rc;
	}
	rc = store_document_xml_any(c, d->id, a, &xml, &n);
	if (rc != STORE_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	if (edoc_parse(xml, n, a, &x, &errs) != EDOC_OK || x.customs_district == NULL || x.regime == NULL)
		return DB_ERR;   /* it was valid when received: the store or memory failed */
	if (liquidate(c, &x, a, &k.liq) != STORE_OK)
		return DB_ERR;
	if (in_force)
		set = *in_force;
	else if ((rc = store_risk_current(c, a, &set)) != STORE_OK)
		return rc;
	rc = decide_canal(c, d, &x, k.liq.customs_value, now, a, &set, &dec);
	if (rc != STORE_OK)
		return rc;
	/* The state first: a concurrent act fails here, before any number is taken. */
	rc = store_document_move(c, d->id, version, "Registrado", "Aceptado", risk_canal_code(dec.canal), NULL, now);
	if (rc != STORE_OK)
		return rc;
	rc = store_declaration_next(c, x.customs_district, year, x.regime, &seq);
	if (rc == STORE_OK && declnum_format(x.customs_district, year, x.regime, seq, out->declaration) != 0)
		rc = DB_ERR;
	if (rc == STORE_OK && x.type == EDOC_DAI) {
		rc = store_liquidation_next(c, x.customs_district, year, &seq);
		if (rc == STORE_OK && liqnum_format(x.customs_district, year, seq, liqnum) != 0)
			rc = DB_ERR;
	}
	if (rc != STORE_OK)
		return rc;
	out->has_canal = true;
	out->canal = dec.canal;
	k.document_id = d->id;
	k.declaration = out->declaration;
	k.accepted_at = now;
	k.accepted_by = user_id;
	k.risk_version = set.version;
	k.risk_rule = dec.rule + 1;
	k.risk_why = dec.why;
	k.liquidation = liqnum;
	rc = store_customs_add(c, &k);
	snprintf(body, sizeof(body), "Declaración %s; canal de aforo %s", out->declaration,
		 risk_canal_label(dec.canal));
	if (rc == STORE_OK)
		rc = event(c, d, now, user_id, "Registrado", "Aceptado", body);

	risk_money_text(k.liq.customs_value, cv);
	risk_money_text(k.liq.total, total);
	snprintf(subject, sizeof(subject), "Notificación de Aceptado - %s %s", d->doc_type, d->numero);
	if (liqnum[0])
		snprintf(body, sizeof(body),
			 "La declaración %s con número de entrega %s fue aceptada.\n"
			 "Número de declaración: %s\nCanal de aforo: %s\n"
			 "Número de liquidación: %s\nValor en aduana: USD %s\nTotal a pagar: USD %s",
			 d->doc_type, d->numero, out->declaration, risk_canal_label(dec.canal), liqnum, cv, total);
	else
		snprintf(body, sizeof(body),
			 "La declaración %s con número de entrega %s fue aceptada.\n"
			 "Número de declaración: %s\nCanal de aforo: %s\nValor en aduana: USD %s",
			 d->doc_type, d->numero, out->declaration, risk_canal_label(dec.canal), cv);
	if (rc == STORE_OK)
		rc = notify(c, d, subject, body, now);
	snprintf(subject, sizeof(subject), "Notificación de Canal de Aforo - %s %s", d->doc_type, d->numero);
	snprintf(body, sizeof(body),
		 "A la declaración %s (número de entrega %s) se le asignó el canal de aforo %s.\n%s",
		 out->declaration, d->numero, risk_canal_label(dec.canal),
		 dec.canal == RISK_AUTOMATICO ? "La salida de las mercancías queda autorizada."
					      : "Un funcionario de aduana revisará la declaración; siga su "
						"estado en Estado de Trámite Integral.");
	if (rc == STORE_OK)
		rc = notify(c, d, subject, body, now);
	if (rc == STORE_OK)
		rc = audit(c, "doc_aceptado", user_id, d, addr, now);
	if (rc != STORE_OK || dec.canal != RISK_AUTOMATICO ||
	    !wf_allowed(t->rules, t->n, WF_ACEPTADO, WF_APROBAR, WF_BIT(WF_SISTEMA), &to))
		return rc;

	/* Automático: the system authorises the release at once. */
	rc = store_document_move(c, d->id, version + 1, "Aceptado", wf_state_name(to), NULL, NULL, now);
	if (rc == STORE_OK)
		rc = event(c, d, now, 0, "Aceptado", wf_state_name(to), "Canal automático: salida autorizada");
	snprintf(subject, sizeof(subject), "Autorización de salida - %s %s", d->doc_type, d->numero);
	snprintf(body, sizeof(body),
		 "La declaración %s (número de entrega %s), con canal automático, quedó Aprobada: la salida "
		 "de las mercancías está autorizada.", out->declaration, d->numero);
	if (rc == STORE_OK)
		rc = notify(c, d, subject, body, now);
	if (rc == STORE_OK)
		rc = audit(c, "doc_aprobado", 0, d, addr, now);
	if (rc == STORE_OK) {
		out->to = to;
		out->released = true;
	}
	return rc;
}

int customs_auto_accept(struct db_conn *c, const struct customs_tables *t, long long id, long long now,
			struct arena *a, struct customs_outcome *out)
{
	struct document_full d;
	struct risk_set set;
	enum wf_state to;
	int rc;

	memset(out, 0, sizeof(*out));
	out->result = CUSTOMS_NOT_ALLOWED;
	if (!wf_allowed(t->rules, t->n, WF_REGISTRADO, WF_ACEPTAR, WF_BIT(WF_SISTEMA), &to))
		return 0;
	rc = store_document_get_in(c, id, NULL, a, &d);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? DB_ERR : rc;
	if (strcmp(d.state, "Registrado") != 0 || (strcmp(d.doc_type, "DAI") != 0 && strcmp(d.doc_type, "DAE") != 0))
		return 0;
	rc = store_risk_current(c, a, &set);
	if (rc != STORE_OK || !set.auto_accept)
		return rc;
	rc = accept(c, t, &d, d.version, 0, NULL, now, a, &set, out);
	if (rc == STORE_OK)
		out->result = CUSTOMS_DONE;
	return rc;
}

/* ---- the other acts --------------------------------------------------------------- */

static const char *act_subject(enum wf_action a)
{
	switch (a) {
	case WF_RECHAZAR: return "Notificación de Rechazo";
	case WF_OBSERVAR: return "Notificación de Subsanación";
	case WF_APROBAR: return "Autorización de salida";
	case WF_NEGAR: return "Notificación de Negación";
	case WF_ANULAR: return "Anulación de e-Doc.";
	case WF_REASIGNAR: return "Reasignación de distrito";
	case WF_CAMBIAR_CANAL: return "Notificación de Canal de Aforo";
	default: return "Cambio de estado";
	}
}

/* The act's notice: what happened, why. */
static int act_notice(struct db_conn *c, const struct document_full *d, const struct customs_act *act,
		      enum wf_state to, const char *extra, long long now, struct arena *a)
{
	char subject[160];
	/* In the arena, whole: the reason (up to LIMIT_REASON_CHARS characters,
	 * four times as many bytes) is never cut, least of all inside a character. */
	const char *body = arena_printf(a, "El documento %s con número de entrega %s está ahora en estado %s.%s%s%s%s",
					d->doc_type, d->numero, wf_state_name(to), extra ? "\n" : "", extra ? extra : "",
					act->reason && act->reason[0] ? "\nMotivo: " : "", act->reason ? act->reason : "");

	if (body == NULL)
		return DB_ERR;
	snprintf(subject, sizeof(subject), "%s - %s %s", act_subject(act->action), d->doc_type, d->numero);
	return notify(c, d, subject, body, now);
}

/* The rest of customs_act, in its transaction, on d as read. */
static int act_on(struct db_conn *c, const struct customs_tables *t, const struct customs_actor *who,
		  const struct customs_act *act, const struct document_full *d, struct arena *a,
		  struct customs_outcome *out)
{
	enum wf_state from = wf_state_from(d->state), to;
	const char *canal = NULL, *district = NULL;
	char extra[200] = "";
	const char *name, *name_en;
	bool reason = act->reason && act->reason[0];
	int rc, cc;

	if (d->version != act->version) {
		out->result = CUSTOMS_CHANGED;
		return STORE_NOT_FOUND;
	}
	if (!wf_allowed(t->rules, t->n, from, act->action, who->actors, &to)) {
		out->result = CUSTOMS_NOT_ALLOWED;
		return STORE_NOT_FOUND;
	}
	if (!reason && wf_needs_reason(act->action, d->canal[0] && strcmp(d->canal, "automatico") != 0)) {
		out->result = CUSTOMS_NEED_REASON;
		return STORE_NOT_FOUND;
	}
	out->to = to;
	if (act->action == WF_ACEPTAR)
		return accept(c, t, d, act->version, who->user_id, who->addr, who->now, a, NULL, out);

	if (act->action == WF_CAMBIAR_CANAL) {
		struct canal_request_rec *reqs;
		size_t nreq;
		const char *asked = act->canal;
		if (act->request_id) {
			rc = store_canal_requests(c, d->id, a, &reqs, &nreq);
			if (rc != STORE_OK)
				return rc;
			asked = NULL;
			for (size_t i = 0; i < nreq; i++)
				if (reqs[i].id == act->request_id && strcmp(reqs[i].state, "Pendiente") == 0)
					asked = reqs[i].canal;
			if (asked == NULL) {
				out->result = CUSTOMS_BAD_VALUE;
				return STORE_NOT_FOUND;
			}
			rc = store_canal_request_decide(c, act->request_id, d->id,
							act->deny_request ? "Negada" : "Concedida", who->user_id,
							act->reason, who->now);
			if (rc != STORE_OK)
				return rc;
			if (act->deny_request) {
				snprintf(extra, sizeof(extra), "Su solicitud de cambio al canal %s fue negada; el canal "
					 "sigue siendo %s.", risk_canal_label(risk_canal_from(asked)),
					 risk_canal_label(risk_canal_from(d->canal)));
				rc = store_document_move(c, d->id, act->version, d->state, d->state, NULL, NULL, who->now);
				if (rc == STORE_OK)
					rc = act_notice(c, d, act, to, extra, who->now, a);
				if (rc == STORE_OK)
					rc = audit(c, "canal_solicitud_negada", who->user_id, d, who->addr, who->now);
				return rc;
			}
		}
		cc = risk_canal_from(asked);
		if (cc < 0 || cc == RISK_AUTOMATICO || strcmp(asked, d->canal) == 0 || d->canal[0] == '\0') {
			out->result = CUSTOMS_BAD_VALUE;
			return STORE_NOT_FOUND;
		}
		canal = asked;
		out->has_canal = true;
		out->canal = (enum risk_canal)cc;
		snprintf(extra, sizeof(extra), "Nuevo canal de aforo: %s (antes %s).", risk_canal_label(out->canal),
			 risk_canal_label(risk_canal_from(d->canal)));
	}
	if (act->action == WF_REASIGNAR) {
		if (act->district == NULL || strcmp(act->district, d->district) == 0 ||
		    store_catalog_name(c, "district", act->district, a, &name, &name_en) != STORE_OK) {
			out->result = CUSTOMS_BAD_VALUE;
			return STORE_NOT_FOUND;
		}
		district = act->district;
		snprintf(extra, sizeof(extra), "Distrito aduanero: %s %s.", district, name);
	}
	rc = store_document_move(c, d->id, act->version, d->state, wf_state_name(to), canal, district, who->now);
	if (rc == STORE_NOT_FOUND)
		out->result = CUSTOMS_CHANGED;
	if (rc == STORE_OK)
		rc = event(c, d, who->now, who->user_id, d->state, wf_state_name(to),
			   extra[0] && reason ? arena_printf(a, "%s %s", extra, act->reason)
			   : extra[0] ? extra : act->reason);
	if (rc == STORE_OK)
		rc = act_notice(c, d, act, to, extra[0] ? extra : NULL, who->now, a);
	if (rc == STORE_OK)
		rc = audit(c, arena_printf(a, "doc_%s", wf_action_name(act->action)), who->user_id, d, who->addr,
			   who->now);
	return rc;
}

int customs_act(struct db_conn *c, const struct customs_tables *t, const struct customs_actor *who,
		const struct customs_act *act, struct arena *a, struct customs_outcome *out)
{
	struct document_full d;
	int rc;

	memset(out, 0, sizeof(*out));
	out->result = CUSTOMS_NOT_FOUND;
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_document_get_in(c, act->id, who->district, a, &d);
	if (rc == STORE_OK) {
		out->result = CUSTOMS_DONE;
		rc = act_on(c, t, who, act, &d, a, out);
	}
	if (rc == STORE_NOT_FOUND && out->result == CUSTOMS_DONE)
		out->result = CUSTOMS_CHANGED;   /* the conditional update found it changed */
	rc = tx_end(c, rc);
	if (rc == STORE_NOT_FOUND)
		return 0;   /* refused: out->result says why; nothing was written */
	if (rc != STORE_OK) {
		memset(out, 0, sizeof(*out));
		return rc < 0 ? rc : DB_ERR;
	}
	out->result = CUSTOMS_DONE;
	return 0;
}

/* ---- the declarant's request ----------------------------------------------------- */

int customs_request_canal(struct db_conn *c, const struct customs_declarant *dc, long long id,
			  const char *canal, const char *reason, struct arena *a, enum customs_result *result)
{
	struct document_full d;
	struct canal_request_rec *reqs;
	size_t nreq;
	long long rid;
	int want = risk_canal_from(canal), rc;
	char subject[160];

	*result = CUSTOMS_NOT_FOUND;
	if (reason == NULL || reason[0] == '\0') {
		*result = CUSTOMS_NEED_REASON;
		return 0;
	}
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_document_get(c, id, dc->oce_code, a, &d);
	if (rc == STORE_OK && (strcmp(d.state, "Aceptado") != 0 || d.canal[0] == '\0')) {
		*result = CUSTOMS_NOT_ALLOWED;
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_OK && (want < RISK_FISICO_NO_INTRUSIVO || want <= risk_canal_from(d.canal))) {
		*result = CUSTOMS_BAD_VALUE;
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_OK)
		rc = store_canal_requests(c, id, a, &reqs, &nreq);
	for (size_t i = 0; rc == STORE_OK && i < nreq; i++)
		if (strcmp(reqs[i].state, "Pendiente") == 0) {
			*result = CUSTOMS_NOT_ALLOWED;
			rc = STORE_NOT_FOUND;
		}
	if (rc == STORE_OK)
		rc = store_canal_request_add(c, id, dc->user_id, canal, reason, dc->now, &rid);
	if (rc == STORE_OK) {
		const char *body = arena_printf(a,
			"Se registró su solicitud de cambio del canal de aforo al canal %s para el documento con "
			"número de entrega %s. Un supervisor de la aduana la resolverá.\nMotivo: %s",
			risk_canal_label((enum risk_canal)want), d.numero, reason);
		snprintf(subject, sizeof(subject), "Solicitud de cambio de canal - %s %s", d.doc_type, d.numero);
		rc = body ? store_notice_add(c, dc->user_id, "SENAE", "BUZON PERSONAL", subject, body, dc->now) : DB_ERR;
	}
	if (rc == STORE_OK)
		rc = store_audit_user(c, "canal_solicitud", dc->user_id, dc->oce_code, dc->addr, d.numero, dc->now);
	rc = tx_end(c, rc);
	if (rc == STORE_NOT_FOUND)
		return 0;
	if (rc != STORE_OK)
		return rc < 0 ? rc : DB_ERR;
	*result = CUSTOMS_DONE;
	return 0;
}

int customs_rules_save(struct db_conn *c, long long user_id, const char *addr, long long now,
		       const struct risk_set *next, const char *note, enum customs_result *result)
{
	char detail[64];
	int rc;

	*result = CUSTOMS_BAD_VALUE;
	for (size_t i = 0; i < next->n; i++)
		if (risk_rule_error(&next->rules[i]) != NULL)
			return 0;
	if (next->n > LIMIT_RISK_RULES || (unsigned)next->default_canal >= RISK_NCANALES)
		return 0;
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_risk_add(c, next, user_id, note, now);
	snprintf(detail, sizeof(detail), "versión %lld", next->version);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "reglas_aforo", user_id, NULL, addr, detail, now);
	rc = tx_end(c, rc);
	if (rc == STORE_NOT_FOUND || rc == DB_CONSTRAINT) {   /* the version was taken */
		*result = CUSTOMS_CHANGED;
		return 0;
	}
	if (rc != STORE_OK)
		return rc < 0 ? rc : DB_ERR;
	*result = CUSTOMS_DONE;
	return 0;
}
