/*
 * customs.c — see customs.h.
 */
#include "store/customs.h"

#include <string.h>

#include "core/limits.h"
#include "store/row.h"

/* ---- the state machine's rules ------------------------------------------ */

struct wf_text {
	struct wf_rule r;
	int bad;
};

static void read_wf(struct db_stmt *st, struct arena *a, void *out)
{
	struct wf_text *w = out;
	int actor = wf_actor_from(db_col_text(st, 3));

	(void)a;
	w->r.action = wf_action_from(db_col_text(st, 0));
	w->r.from = wf_state_from(db_col_text(st, 1));
	w->r.to = wf_state_from(db_col_text(st, 2));
	w->r.actor = actor < 0 ? WF_DECLARANTE : (enum wf_actor)actor;
	w->bad = actor < 0;
}

int store_workflow_rules(struct db_conn *c, struct arena *a, struct wf_rule **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT action, from_state, to_state, actor FROM workflow_rule ORDER BY action, from_state, actor");
	struct wf_text *rows;
	size_t bad;
	int rc = row_list(st, read_wf, a, 1000, sizeof(*rows), (void **)&rows, n);

	if (rc != STORE_OK)
		return rc;
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	if (*out == NULL)
		return DB_ERR;
	for (size_t i = 0; i < *n; i++) {
		if (rows[i].bad)
			return DB_ERR;
		(*out)[i] = rows[i].r;
	}
	return wf_table_check(*out, *n, &bad) == 0 ? STORE_OK : DB_ERR;
}

/* ---- rule sets ------------------------------------------------------------ */

static void read_set(struct db_stmt *st, struct arena *a, void *out)
{
	struct risk_set *s = out;
	int canal = risk_canal_from(db_col_text(st, 2));

	(void)a;
	s->version = db_col_int(st, 0);
	s->auto_accept = db_col_int(st, 1) != 0;
	s->default_canal = canal < 0 ? RISK_FISICO_INTRUSIVO : (enum risk_canal)canal;
}

struct rule_row {
	struct risk_rule r;
	int bad;
};

static void read_rule(struct db_stmt *st, struct arena *a, void *out)
{
	struct rule_row *w = out;
	int kind = risk_kind_from(db_col_text(st, 0));
	int canal = risk_canal_from(db_col_text(st, 4));

	w->r.kind = kind < 0 ? RISK_HS : (enum risk_kind)kind;
	w->r.doc_type = row_dup(a, st, 1);
	w->r.code = row_dup(a, st, 2);
	w->r.amount = db_col_int(st, 3);
	w->r.canal = canal < 0 ? RISK_FISICO_INTRUSIVO : (enum risk_canal)canal;
	w->r.note = row_dup(a, st, 5);
	w->bad = kind < 0 || canal < 0 || !w->r.doc_type || !w->r.code || !w->r.note;
}

int store_risk_current(struct db_conn *c, struct arena *a, struct risk_set *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT version, auto_accept, default_canal FROM risk_ruleset ORDER BY version DESC LIMIT 1");
	struct rule_row *rows;
	struct risk_rule *rules;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = row_one(st, read_set, a, out);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? DB_ERR : rc;   /* migration 015 ships version 1 */
	st = db_prepare(c, "SELECT kind, doc_type, code, amount, canal, note FROM risk_rule"
			   " WHERE version = $1 ORDER BY position");
	if (st)
		db_bind_int(st, 1, out->version);
	rc = row_list(st, read_rule, a, LIMIT_RISK_RULES, sizeof(*rows), (void **)&rows, &n);
	if (rc != STORE_OK)
		return rc;
	rules = arena_alloc(a, (n + 1) * sizeof(*rules));
	if (rules == NULL)
		return DB_ERR;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].bad)
			return DB_ERR;
		rules[i] = rows[i].r;
	}
	out->rules = rules;
	out->n = n;
	return STORE_OK;
}

int store_risk_add(struct db_conn *c, const struct risk_set *set, long long user_id, const char *note,
		   long long now)
{
	/* Only the next version: a concurrent save took it first otherwise. */
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO risk_ruleset (version, created_at, created_by, auto_accept, default_canal, note)"
		" SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS INTEGER),"
		" CAST($5 AS TEXT), CAST($6 AS TEXT)"
		" WHERE (SELECT max(version) FROM risk_ruleset) = CAST($1 AS BIGINT) - 1");
	int rc;

	if (st) {
		db_bind_int(st, 1, set->version);
		db_bind_int(st, 2, now);
		if (user_id)
			db_bind_int(st, 3, user_id);
		else
			db_bind_null(st, 3);
		db_bind_int(st, 4, set->auto_accept ? 1 : 0);
		db_bind_text(st, 5, risk_canal_code(set->default_canal));
		db_bind_text(st, 6, note ? note : "");
	}
	rc = row_changed(c, st);
	for (size_t i = 0; rc == STORE_OK && i < set->n; i++) {
		const struct risk_rule *r = &set->rules[i];
		st = db_prepare(c, "INSERT INTO risk_rule (version, position, kind, doc_type, code, amount, canal, note)"
				   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
		if (st) {
			db_bind_int(st, 1, set->version);
			db_bind_int(st, 2, (long long)i + 1);
			db_bind_text(st, 3, risk_kind_code(r->kind));
			db_bind_text(st, 4, r->doc_type ? r->doc_type : "");
			db_bind_text(st, 5, r->code ? r->code : "");
			db_bind_int(st, 6, r->amount);
			db_bind_text(st, 7, risk_canal_code(r->canal));
			db_bind_text(st, 8, r->note ? r->note : "");
		}
		rc = row_exec(st);
	}
	return rc;
}

static void read_version(struct db_stmt *st, struct arena *a, void *out)
{
	struct risk_version_row *v = out;

	v->version = db_col_int(st, 0);
	v->created_at = db_col_int(st, 1);
	v->usuario = row_dup(a, st, 2);
	v->note = row_dup(a, st, 3);
	v->auto_accept = (int)db_col_int(st, 4);
	v->default_canal = row_dup(a, st, 5);
	v->nrules = db_col_int(st, 6);
}

int store_risk_versions(struct db_conn *c, size_t limit, struct arena *a, struct risk_version_row **out,
			size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT s.version, s.created_at, COALESCE(u.usuario, ''), s.note, s.auto_accept, s.default_canal,"
		" (SELECT count(*) FROM risk_rule r WHERE r.version = s.version)"
		" FROM risk_ruleset s LEFT JOIN app_user u ON u.id = s.created_by"
		" ORDER BY s.version DESC LIMIT $1");

	if (st)
		db_bind_int(st, 1, (long long)limit);
	return row_list(st, read_version, a, limit, sizeof(**out), (void **)out, n);
}

/* ---- tariff rates ------------------------------------------------------------ */

static void read_rate(struct db_stmt *st, struct arena *a, void *out)
{
	struct liq_rate *r = out;

	r->prefix = row_dup(a, st, 0);
	r->advalorem_bp = (int)db_col_int(st, 1);
	r->ice_bp = (int)db_col_int(st, 2);
	if (r->prefix == NULL)
		r->prefix = "";
}

int store_tariff_rates(struct db_conn *c, struct arena *a, struct liq_rate **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT prefix, advalorem_bp, ice_bp FROM tariff_rate ORDER BY prefix");

	return row_list(st, read_rate, a, LIMIT_TARIFF_RATES, sizeof(**out), (void **)out, n);
}

/* ---- numbers ------------------------------------------------------------------- */

int store_declaration_next(struct db_conn *c, const char *district, int year, const char *regime,
			   long long *seq)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO declaration_seq (district, year, regime, last) VALUES ($1, $2, $3, 1)"
		" ON CONFLICT (district, year, regime) DO UPDATE SET last = declaration_seq.last + 1 RETURNING last");
	int rc;

	if (st) {
		db_bind_text(st, 1, district);
		db_bind_int(st, 2, year);
		db_bind_text(st, 3, regime);
	}
	rc = row_int(st, seq);
	return rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_liquidation_next(struct db_conn *c, const char *district, int year, long long *seq)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO liquidation_seq (district, year, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (district, year) DO UPDATE SET last = liquidation_seq.last + 1 RETURNING last");
	int rc;

	if (st) {
		db_bind_text(st, 1, district);
		db_bind_int(st, 2, year);
	}
	rc = row_int(st, seq);
	return rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_operator_record(struct db_conn *c, const char *oce_code, long long since, long long *accepted,
			  long long *bad)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT count(*) FROM document d JOIN document_customs k ON k.document_id = d.id"
		" WHERE d.oce_code = $1");
	int rc;

	if (st)
		db_bind_text(st, 1, oce_code);
	rc = row_int(st, accepted);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c, "SELECT count(*) FROM document_event WHERE oce_code = $1 AND at >= $2"
			   " AND to_state IN ('Rechazado', 'Negado')");
	if (st) {
		db_bind_text(st, 1, oce_code);
		db_bind_int(st, 2, since);
	}
	return row_int(st, bad);
}

/* ---- acceptance ---------------------------------------------------------------- */

int store_customs_add(struct db_conn *c, const struct customs_rec *r)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document_customs (document_id, declaration, accepted_at, accepted_by, risk_version,"
		" risk_rule, risk_why, liquidation, customs_value, insurance, insurance_presumed, advalorem,"
		" fodinfa, ice, iva, total)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)");

	if (st) {
		db_bind_int(st, 1, r->document_id);
		db_bind_text(st, 2, r->declaration);
		db_bind_int(st, 3, r->accepted_at);
		if (r->accepted_by)
			db_bind_int(st, 4, r->accepted_by);
		else
			db_bind_null(st, 4);
		db_bind_int(st, 5, r->risk_version);
		db_bind_int(st, 6, r->risk_rule);
		db_bind_text(st, 7, r->risk_why ? r->risk_why : "");
		db_bind_text(st, 8, r->liquidation && r->liquidation[0] ? r->liquidation : NULL);
		db_bind_int(st, 9, r->liq.customs_value);
		db_bind_int(st, 10, r->liq.insurance);
		db_bind_int(st, 11, r->liq.insurance_presumed ? 1 : 0);
		db_bind_int(st, 12, r->liq.advalorem);
		db_bind_int(st, 13, r->liq.fodinfa);
		db_bind_int(st, 14, r->liq.ice);
		db_bind_int(st, 15, r->liq.iva);
		db_bind_int(st, 16, r->liq.total);
	}
	return row_exec(st);
}

static void read_customs(struct db_stmt *st, struct arena *a, void *out)
{
	struct customs_rec *r = out;

	r->document_id = db_col_int(st, 0);
	r->declaration = row_dup(a, st, 1);
	r->accepted_at = db_col_int(st, 2);
	r->accepted_by = db_col_int(st, 3);
	r->accepted_usuario = row_dup(a, st, 4);
	r->risk_version = db_col_int(st, 5);
	r->risk_rule = (int)db_col_int(st, 6);
	r->risk_why = row_dup(a, st, 7);
	r->liquidation = row_dup(a, st, 8);
	r->liq.customs_value = db_col_int(st, 9);
	r->liq.insurance = db_col_int(st, 10);
	r->liq.insurance_presumed = db_col_int(st, 11) != 0;
	r->liq.advalorem = db_col_int(st, 12);
	r->liq.fodinfa = db_col_int(st, 13);
	r->liq.ice = db_col_int(st, 14);
	r->liq.iva = db_col_int(st, 15);
	r->liq.total = db_col_int(st, 16);
}

int store_customs_get(struct db_conn *c, long long document_id, struct arena *a, struct customs_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT k.document_id, k.declaration, k.accepted_at, COALESCE(k.accepted_by, 0),"
		" COALESCE(u.usuario, ''), COALESCE(k.risk_version, 0), COALESCE(k.risk_rule, 0), k.risk_why,"
		" COALESCE(k.liquidation, ''), k.customs_value, k.insurance, k.insurance_presumed, k.advalorem,"
		" k.fodinfa, k.ice, k.iva, k.total"
		" FROM document_customs k LEFT JOIN app_user u ON u.id = k.accepted_by WHERE k.document_id = $1");

	memset(out, 0, sizeof(*out));
	if (st)
		db_bind_int(st, 1, document_id);
	return row_one(st, read_customs, a, out);
}

int store_document_move(struct db_conn *c, long long id, long long version, const char *from, const char *to,
			const char *canal, const char *district, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE document SET state = $4, version = version + 1, updated_at = $5,"
		" canal = COALESCE($6, canal), district = COALESCE($7, district)"
		" WHERE id = $1 AND version = $2 AND state = $3");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, version);
		db_bind_text(st, 3, from);
		db_bind_text(st, 4, to);
		db_bind_int(st, 5, now);
		db_bind_text(st, 6, canal);
		db_bind_text(st, 7, district);
	}
	return row_changed(c, st);
}

/* ---- the queue -------------------------------------------------------------------- */

/* $1 district ('*' any), $2 type, $3 state, $4 canal ("" any), [$5, $6),
 * $7 1: only with a pending request. */
#define QUEUE_WHERE \
	" WHERE d.transmission <> 'Error' AND ($1 = '*' OR COALESCE(d.district, '') = $1)" \
	" AND ($2 = '' OR d.doc_type = $2) AND ($3 = '' OR d.state = $3)" \
	" AND ($4 = '' OR COALESCE(d.canal, '') = $4) AND d.created_at >= $5 AND d.created_at < $6" \
	" AND ($7 = 0 OR EXISTS (SELECT 1 FROM canal_request r WHERE r.document_id = d.id" \
	" AND r.state = 'Pendiente'))"

static void bind_queue(struct db_stmt *st, const struct queue_filter *f)
{
	db_bind_text(st, 1, f->district ? f->district : "*");
	db_bind_text(st, 2, f->doc_type ? f->doc_type : "");
	db_bind_text(st, 3, f->state ? f->state : "");
	db_bind_text(st, 4, f->canal ? f->canal : "");
	db_bind_int(st, 5, f->from);
	db_bind_int(st, 6, f->to);
	db_bind_int(st, 7, f->pending_canal ? 1 : 0);
}

int store_queue_count(struct db_conn *c, const struct queue_filter *f, long long *total)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM document d" QUEUE_WHERE);

	if (st)
		bind_queue(st, f);
	return row_int(st, total);
}

static void read_queue(struct db_stmt *st, struct arena *a, void *out)
{
	struct queue_row *r = out;

	r->id = db_col_int(st, 0);
	r->created_at = db_col_int(st, 1);
	r->version = db_col_int(st, 2);
	r->numero = row_dup(a, st, 3);
	r->doc_type = row_dup(a, st, 4);
	r->oce_code = row_dup(a, st, 5);
	r->state = row_dup(a, st, 6);
	r->canal = row_dup(a, st, 7);
	r->district = row_dup(a, st, 8);
}

int store_queue_page(struct db_conn *c, const struct queue_filter *f, const struct document_key *key,
		     size_t limit, struct arena *a, struct queue_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT d.id, d.created_at, d.version, d.numero, d.doc_type, d.oce_code, d.state,"
		" COALESCE(d.canal, ''), COALESCE(d.district, '') FROM document d" QUEUE_WHERE
		" AND (d.created_at > $8 OR (d.created_at = $8 AND d.id > $9))"
		" ORDER BY d.created_at, d.id LIMIT $10");

	if (st) {
		bind_queue(st, f);
		db_bind_int(st, 8, key ? key->at : -1);
		db_bind_int(st, 9, key ? key->id : 0);
		db_bind_int(st, 10, (long long)limit);
	}
	return row_list(st, read_queue, a, limit, sizeof(**out), (void **)out, n);
}

/* ---- requests to change the channel ------------------------------------------------ */

int store_canal_request_add(struct db_conn *c, long long document_id, long long user_id, const char *canal,
			    const char *reason, long long now, long long *id)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO canal_request (document_id, requested_by, requested_at, canal, reason)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id");
	int rc;

	if (st) {
		db_bind_int(st, 1, document_id);
		db_bind_int(st, 2, user_id);
		db_bind_int(st, 3, now);
		db_bind_text(st, 4, canal);
		db_bind_text(st, 5, reason);
	}
	rc = row_int(st, id);
	return rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

static void read_request(struct db_stmt *st, struct arena *a, void *out)
{
	struct canal_request_rec *r = out;

	r->id = db_col_int(st, 0);
	r->document_id = db_col_int(st, 1);
	r->requested_by = db_col_int(st, 2);
	r->requested_at = db_col_int(st, 3);
	r->usuario = row_dup(a, st, 4);
	r->canal = row_dup(a, st, 5);
	r->reason = row_dup(a, st, 6);
	r->state = row_dup(a, st, 7);
	r->decision = row_dup(a, st, 8);
	r->decided_usuario = row_dup(a, st, 9);
	r->decided_at = db_col_int(st, 10);
}

int store_canal_requests(struct db_conn *c, long long document_id, struct arena *a,
			 struct canal_request_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT r.id, r.document_id, r.requested_by, r.requested_at, u.usuario, r.canal, r.reason, r.state,"
		" r.decision, COALESCE(v.usuario, ''), COALESCE(r.decided_at, 0)"
		" FROM canal_request r JOIN app_user u ON u.id = r.requested_by"
		" LEFT JOIN app_user v ON v.id = r.decided_by"
		" WHERE r.document_id = $1 ORDER BY r.requested_at, r.id");

	if (st)
		db_bind_int(st, 1, document_id);
	return row_list(st, read_request, a, LIMIT_CANAL_REQUESTS, sizeof(**out), (void **)out, n);
}

int store_canal_request_decide(struct db_conn *c, long long id, long long document_id, const char *state,
			       long long user_id, const char *decision, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE canal_request SET state = $3, decided_by = $4, decision = $5, decided_at = $6"
		" WHERE id = $1 AND document_id = $2 AND state = 'Pendiente'");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, document_id);
		db_bind_text(st, 3, state);
		db_bind_int(st, 4, user_id);
		db_bind_text(st, 5, decision);
		db_bind_int(st, 6, now);
	}
	return row_changed(c, st);
}
