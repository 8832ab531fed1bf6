/*
 * test_customs.c — customs processing (src/service/customs.c over
 * src/store/customs.c) on SQLite and, with ADUANA_TEST_PG set, PostgreSQL:
 * the table of the state machine the store ships, acceptance with its
 * declaration number, channel and liquidation, the electronic acceptance and
 * the automatic release, the optimistic version check, refusals by role,
 * reason and district, requests to change the channel, gapless declaration
 * numbers under concurrent officers, and the rule sets' versions.
 */
#include <criterion/criterion.h>
#ifndef TestSuite
#define TestSuite(...)
#endif

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db.h"
#include "domain/edoc.h"
#include "domain/entrega.h"
#include "service/accounts.h"
#include "service/customs.h"
#include "store/customs.h"
#include "store/documents.h"
#include "store/users.h"
#include "db_fixture.h"
#include "wf_shipped.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NOW 1796000000LL          /* 2026-11-30, Ecuador */
#define THREADS 4
#define PER_THREAD 25

static struct db *db;
static struct db_conn *conn;
static long long broker, rec028, rec055, aforo028, sup;
static struct arena A;
static struct wf_rule *rules;
static struct customs_tables T;
static char *dai_xml;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	long len;
	char *b;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	b = malloc((size_t)len + 1);
	cr_assert_not_null(b);
	cr_assert_eq(fread(b, 1, (size_t)len, f), (size_t)len);
	b[len] = '\0';
	fclose(f);
	return b;
}

static long long officer(const char *usuario, const char *district, const char *roles)
{
	struct user_rec u;
	long long id;

	memset(&u, 0, sizeof(u));
	snprintf(u.kind, sizeof(u.kind), "%s", USER_OFFICER);
	snprintf(u.usuario, sizeof(u.usuario), "%s", usuario);
	snprintf(u.nombre, sizeof(u.nombre), "%s", usuario);
	snprintf(u.email, sizeof(u.email), "%s@aduana.gob.ec", usuario);
	snprintf(u.pw_hash, sizeof(u.pw_hash), "x");
	snprintf(u.distrito, sizeof(u.distrito), "%s", district);
	snprintf(u.roles, sizeof(u.roles), "%s", roles);
	cr_assert_eq(account_add(conn, &u, NULL, 0, NOW, &id), STORE_OK);
	return id;
}

static void setup(void)
{
	struct user_rec u;
	struct oce_assign o[1] = { { "23902040", "04" } };
	size_t n;

	log_set_level(LOG_WARN);
	cr_assert_eq(edoc_init(), 0);
	arena_init(&A, 8 * 1024 * 1024);
	db = fixture_open(THREADS + 1);
	conn = db_acquire(db);
	memset(&u, 0, sizeof(u));
	snprintf(u.kind, sizeof(u.kind), "%s", USER_OPERATOR);
	snprintf(u.ruc, sizeof(u.ruc), "1790011674001");
	snprintf(u.usuario, sizeof(u.usuario), "agente");
	snprintf(u.nombre, sizeof(u.nombre), "Agente");
	snprintf(u.email, sizeof(u.email), "agente@example.ec");
	snprintf(u.pw_hash, sizeof(u.pw_hash), "x");
	cr_assert_eq(account_add(conn, &u, o, 1, NOW, &broker), STORE_OK);
	rec028 = officer("rec028", "028", "recepcion");
	rec055 = officer("rec055", "055", "recepcion");
	aforo028 = officer("afo028", "028", "aforo");
	sup = officer("sup", "028", "supervisor,recepcion,aforo");
	cr_assert_eq(store_workflow_rules(conn, &A, &rules, &n), STORE_OK);
	T = (struct customs_tables){ rules, n };
	dai_xml = slurp("schemas/samples/DAI.xml");
}

static void teardown(void)
{
	free(dai_xml);
	db_release(db, conn);
	fixture_close(db);
	arena_free(&A);
}

TestSuite(customs, .init = setup, .fini = teardown, .timeout = 120);

static long long q_int(const char *sql)
{
	struct db_stmt *st = db_prepare(conn, sql);
	long long v;

	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW, "%s", sql);
	v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

static const char *q_text(const char *sql)
{
	struct db_stmt *st = db_prepare(conn, sql);
	const char *v;

	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW, "%s", sql);
	v = arena_strdup(&A, db_col_text(st, 0));
	db_reset(st);
	return v;
}

static void exec(const char *sql)
{
	struct db_stmt *st = db_prepare(conn, sql);

	cr_assert_not_null(st, "%s", sql);
	cr_assert_eq(db_run(st), DB_DONE, "%s", sql);
}

/* A received document (Registrado), stored as edoc_send stores one. */
static long long add_doc(struct db_conn *c, const char *type, const char *xml)
{
	static const char *oce = "23902040";
	char numero[ENTREGA_LEN + 1];
	struct document_new d = { 0 };
	long long id, seq;

	cr_assert_eq(db_begin(c), DB_OK);
	cr_assert_eq(store_entrega_next(c, oce, 2026, &seq), STORE_OK);
	cr_assert_eq(entrega_format(oce, 2026, seq, 'P', numero), 0);
	d.numero = numero;
	d.doc_type = type;
	d.oce_code = oce;
	d.user_id = broker;
	d.channel = 'P';
	d.transmission = "Recibido";
	d.state = "Registrado";
	d.district = "028";
	d.xml = xml;
	d.now = NOW;
	cr_assert_eq(store_document_add(c, &d, &id), STORE_OK);
	cr_assert_eq(store_document_add_event(c, &(struct document_event_new){
		id, oce, numero, type, NOW, broker, NULL, "Registrado", NULL }), STORE_OK);
	cr_assert_eq(db_commit(c), DB_OK);
	return id;
}

static struct customs_actor as(long long user, const char *roles, const char *district)
{
	return (struct customs_actor){ user, wf_actors_of_roles(roles), district, "127.0.0.1", NOW + 60 };
}

static struct customs_outcome act(const struct customs_actor *who, long long id, long long version,
				  enum wf_action a, const char *reason)
{
	struct customs_act x = { id, version, a, reason, NULL, NULL, 0, false };
	struct customs_outcome o;

	cr_assert_eq(customs_act(conn, &T, who, &x, &A, &o), 0);
	return o;
}

static long long notices(void)
{
	return q_int("SELECT count(*) FROM notice");
}

Test(customs, the_store_ships_the_table_the_domain_tests_check)
{
	cr_assert_eq(T.n, N(wf_shipped));
	for (size_t i = 0; i < N(wf_shipped); i++) {
		bool found = false;
		for (size_t j = 0; j < T.n; j++)
			found |= memcmp(&T.rules[j], &wf_shipped[i], sizeof(wf_shipped[i])) == 0;
		cr_assert(found, "row %zu of wf_shipped.h is not in workflow_rule", i);
	}
}

/* The sample DAI: customs value 128.125,63 + 3.500,00 + 640,63 = 132.266,26,
 * over the shipped value rule (USD 100.000): canal documental, rule 4. */
Test(customs, an_officer_accepts_a_dai_number_channel_liquidation_notices)
{
	long long id = add_doc(conn, "DAI", dai_xml), before = notices();
	struct customs_actor who = as(rec028, "recepcion", "028");
	struct customs_outcome o = act(&who, id, 1, WF_ACEPTAR, NULL);
	struct customs_rec k;

	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_eq(o.to, WF_ACEPTADO);
	cr_assert_str_eq(o.declaration, "028-2026-10-00000001");
	cr_assert(o.has_canal);
	cr_assert_eq(o.canal, RISK_DOCUMENTAL);
	cr_assert_not(o.released);
	cr_assert_str_eq(q_text("SELECT state || ' ' || canal || ' ' || version FROM document WHERE numero IS NOT NULL"),
			 "Aceptado documental 2");
	cr_assert_eq(store_customs_get(conn, id, &A, &k), STORE_OK);
	cr_assert_str_eq(k.declaration, "028-2026-10-00000001");
	cr_assert_str_eq(k.liquidation, "028-2026-L-00000001");
	cr_assert_eq(k.risk_version, 1);
	cr_assert_eq(k.risk_rule, 4);
	cr_assert(strstr(k.risk_why, "Regla 4 (Valor en aduana desde) de la versión 1") != NULL, "%s", k.risk_why);
	cr_assert_str_eq(k.accepted_usuario, "rec028");
	cr_assert_eq(k.liq.customs_value, 13226626);
	cr_assert(k.liq.total > 0);
	cr_assert_eq(k.liq.total, k.liq.advalorem + k.liq.fodinfa + k.liq.ice + k.liq.iva);
	cr_assert_eq(notices() - before, 2);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE subject LIKE 'Notificación de Aceptado - DAI 23902040%'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE subject LIKE 'Notificación de Canal de Aforo - DAI%'"
			   " AND body LIKE '%Documental%'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE body LIKE '%Regla%'"), 0);   /* never the rule */
	cr_assert_eq(q_int("SELECT count(*) FROM document_event WHERE to_state = 'Aceptado' AND user_id IS NOT NULL"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'doc_aceptado'"), 1);

	/* An aforo officer approves, with the inspection's result. */
	who = as(aforo028, "aforo", "028");
	o = act(&who, id, 2, WF_APROBAR, NULL);
	cr_assert_eq(o.result, CUSTOMS_NEED_REASON);
	o = act(&who, id, 2, WF_APROBAR, "Documentos conformes");
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_eq(o.to, WF_APROBADO);
	cr_assert_eq(q_int("SELECT count(*) FROM document_event WHERE to_state = 'Aprobado'"
			   " AND reason = 'Documentos conformes'"), 1);
}

Test(customs, electronic_acceptance_and_automatic_release_in_the_same_transaction)
{
	/* A low value: no rule fires, the default channel is automático. */
	char *xml = strdup(dai_xml);
	long long id, before;
	struct customs_outcome o;

	cr_assert_not_null(strstr(dai_xml, "<FreightCents>350000<"));
	id = add_doc(conn, "DAI", xml);
	exec("DELETE FROM risk_rule WHERE kind = 'valor'");
	before = notices();
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(customs_auto_accept(conn, &T, id, NOW, &A, &o), 0);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert(o.released);
	cr_assert_eq(o.to, WF_APROBADO);
	cr_assert_eq(o.canal, RISK_AUTOMATICO);
	cr_assert_str_eq(q_text("SELECT state || ' ' || canal FROM document WHERE numero IS NOT NULL"),
			 "Aprobado automatico");
	cr_assert_eq(q_int("SELECT count(*) FROM document_event WHERE user_id IS NULL"), 2);   /* the system's */
	cr_assert_eq(notices() - before, 3);   /* aceptado, canal, salida */
	free(xml);

	/* With auto_accept off, nothing happens. */
	id = add_doc(conn, "DAI", dai_xml);
	exec("UPDATE risk_ruleset SET auto_accept = 0");
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(customs_auto_accept(conn, &T, id, NOW, &A, &o), 0);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(o.result, CUSTOMS_NOT_ALLOWED);
	cr_assert_eq(q_int("SELECT count(*) FROM document WHERE state = 'Registrado'"), 1);
}

Test(customs, a_stale_version_is_told_the_document_changed_and_nothing_is_written)
{
	long long id = add_doc(conn, "DAI", dai_xml), before;
	struct customs_actor a1 = as(rec028, "recepcion", "028"), a2 = as(sup, "supervisor", "028");
	struct customs_outcome o;

	o = act(&a1, id, 1, WF_RECHAZAR, "Falta la factura comercial");
	cr_assert_eq(o.result, CUSTOMS_DONE);
	before = notices();
	o = act(&a2, id, 1, WF_ACEPTAR, NULL);   /* saw version 1 too */
	cr_assert_eq(o.result, CUSTOMS_CHANGED);
	cr_assert_eq(notices(), before);
	cr_assert_eq(q_int("SELECT count(*) FROM declaration_seq"), 0);
	cr_assert_str_eq(q_text("SELECT state FROM document WHERE numero IS NOT NULL"), "Rechazado");
}

Test(customs, refusals_by_role_reason_state_and_district)
{
	long long id = add_doc(conn, "MANIFIESTO", "<Manifiesto/>");
	struct customs_actor afo = as(aforo028, "aforo", "028"), other = as(rec055, "recepcion", "055");
	struct customs_actor rec = as(rec028, "recepcion", "028"), national = as(rec055, "recepcion", NULL);
	struct customs_outcome o;

	cr_assert_eq(act(&afo, id, 1, WF_ACEPTAR, NULL).result, CUSTOMS_NOT_ALLOWED);
	cr_assert_eq(act(&other, id, 1, WF_ACEPTAR, NULL).result, CUSTOMS_NOT_FOUND);
	cr_assert_eq(act(&rec, id, 1, WF_RECHAZAR, "").result, CUSTOMS_NEED_REASON);
	cr_assert_eq(act(&rec, id, 1, WF_OBSERVAR, NULL).result, CUSTOMS_NEED_REASON);
	cr_assert_eq(act(&rec, id, 1, WF_ANULAR, "x").result, CUSTOMS_NOT_ALLOWED);   /* supervisors only */
	cr_assert_eq(act(&rec, id, 1, WF_CORREGIR, NULL).result, CUSTOMS_NOT_ALLOWED);  /* the declarant's */
	cr_assert_eq(act(&rec, 999999, 1, WF_ACEPTAR, NULL).result, CUSTOMS_NOT_FOUND);
	/* An officer who sees every district accepts a manifest: no number, no channel. */
	o = act(&national, id, 1, WF_ACEPTAR, NULL);
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_not(o.has_canal);
	cr_assert_str_eq(o.declaration, "");
	cr_assert_eq(q_int("SELECT count(*) FROM document_customs"), 0);
	cr_assert_eq(act(&rec, id, 2, WF_ACEPTAR, NULL).result, CUSTOMS_NOT_ALLOWED);   /* already accepted */
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event LIKE 'doc_%'"), 1);
}

Test(customs, observe_then_reassign_and_annul_by_a_supervisor)
{
	long long id = add_doc(conn, "DAI", dai_xml);
	struct customs_actor rec = as(rec028, "recepcion", "028"), s = as(sup, "supervisor", "028");
	struct customs_act x = { id, 1, WF_REASIGNAR, "Pertenece a Quito", NULL, "055", 0, false };
	struct customs_outcome o;

	cr_assert_eq(customs_act(conn, &T, &s, &x, &A, &o), 0);
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_str_eq(q_text("SELECT district FROM document WHERE id > 0 AND numero IS NOT NULL"), "055");
	cr_assert_eq(act(&rec, id, 2, WF_OBSERVAR, "x").result, CUSTOMS_NOT_FOUND);   /* not 028's any more */
	x.version = 2;
	x.district = "999";
	cr_assert_eq(customs_act(conn, &T, &(struct customs_actor){ sup, WF_BIT(WF_SUPERVISOR), NULL, "", NOW },
				 &x, &A, &o), 0);
	cr_assert_eq(o.result, CUSTOMS_BAD_VALUE);
	rec = as(rec055, "recepcion", "055");
	o = act(&rec, id, 2, WF_OBSERVAR, "Adjunte el certificado de origen");
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_eq(o.to, WF_SUBSANACION);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE subject LIKE 'Notificación de Subsanación%'"
			   " AND body LIKE '%Adjunte el certificado de origen%'"), 1);
	s = as(sup, "supervisor", NULL);
	o = act(&s, id, 3, WF_ANULAR, "Duplicada");
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_eq(o.to, WF_ANULADO);
}

Test(customs, the_declarant_asks_for_a_physical_channel_and_a_supervisor_decides)
{
	long long id = add_doc(conn, "DAI", dai_xml);
	struct customs_actor rec = as(rec028, "recepcion", "028"), s = as(sup, "supervisor", "028");
	struct customs_declarant me = { broker, "23902040", "127.0.0.1", NOW + 100 };
	struct customs_declarant other = { broker, "99999999", "127.0.0.1", NOW + 100 };
	enum customs_result r;
	struct customs_outcome o;
	long long rid;

	cr_assert_eq(customs_request_canal(conn, &me, id, "fisico_intrusivo", "Mercancía frágil", &A, &r), 0);
	cr_assert_eq(r, CUSTOMS_NOT_ALLOWED);   /* not accepted yet */
	cr_assert_eq(act(&rec, id, 1, WF_ACEPTAR, NULL).result, CUSTOMS_DONE);   /* documental */
	cr_assert_eq(customs_request_canal(conn, &me, id, "fisico_intrusivo", "", &A, &r), 0);
	cr_assert_eq(r, CUSTOMS_NEED_REASON);
	cr_assert_eq(customs_request_canal(conn, &me, id, "electronico", "x", &A, &r), 0);
	cr_assert_eq(r, CUSTOMS_BAD_VALUE);
	cr_assert_eq(customs_request_canal(conn, &other, id, "fisico_intrusivo", "x", &A, &r), 0);
	cr_assert_eq(r, CUSTOMS_NOT_FOUND);
	cr_assert_eq(customs_request_canal(conn, &me, id, "fisico_intrusivo", "Mercancía frágil", &A, &r), 0);
	cr_assert_eq(r, CUSTOMS_DONE);
	cr_assert_eq(customs_request_canal(conn, &me, id, "fisico_no_intrusivo", "otra", &A, &r), 0);
	cr_assert_eq(r, CUSTOMS_NOT_ALLOWED);   /* one pending at a time */
	rid = q_int("SELECT id FROM canal_request");

	/* A recepción officer may not decide it; a supervisor grants it. */
	struct customs_act x = { id, 2, WF_CAMBIAR_CANAL, "Concedido", NULL, NULL, rid, false };
	cr_assert_eq(customs_act(conn, &T, &rec, &x, &A, &o), 0);
	cr_assert_eq(o.result, CUSTOMS_NOT_ALLOWED);
	cr_assert_eq(customs_act(conn, &T, &s, &x, &A, &o), 0);
	cr_assert_eq(o.result, CUSTOMS_DONE);
	cr_assert_eq(o.canal, RISK_FISICO_INTRUSIVO);
	cr_assert_str_eq(q_text("SELECT canal FROM document WHERE numero IS NOT NULL"), "fisico_intrusivo");
	cr_assert_str_eq(q_text("SELECT state FROM canal_request"), "Concedida");
	x.version = 3;
	cr_assert_eq(customs_act(conn, &T, &s, &x, &A, &o), 0);
	cr_assert_eq(o.result, CUSTOMS_BAD_VALUE);   /* no longer pending */
}

struct worker {
	long long ids[PER_THREAD];
	int failures;
};

static void *accept_all(void *arg)
{
	struct worker *w = arg;
	struct db_conn *c = db_acquire(db);
	struct arena a;
	struct customs_actor who = { rec028, WF_BIT(WF_RECEPCION), "028", "", NOW };

	arena_init(&a, 4 * 1024 * 1024);
	for (int i = 0; i < PER_THREAD; i++) {
		struct customs_act x = { w->ids[i], 1, WF_ACEPTAR, NULL, NULL, NULL, 0, false };
		struct customs_outcome o;
		int rc;
		do {
			rc = customs_act(c, &T, &who, &x, &a, &o);
		} while (rc == DB_BUSY);
		if (rc != 0 || o.result != CUSTOMS_DONE)
			w->failures++;
		arena_free(&a);
		arena_init(&a, 4 * 1024 * 1024);
	}
	arena_free(&a);
	db_release(db, c);
	return NULL;
}

Test(customs, concurrent_officers_get_gapless_declaration_numbers)
{
	static struct worker w[THREADS];
	pthread_t th[THREADS];

	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < PER_THREAD; i++)
			w[t].ids[i] = add_doc(conn, "DAI", dai_xml);
	for (int t = 0; t < THREADS; t++)
		cr_assert_eq(pthread_create(&th[t], NULL, accept_all, &w[t]), 0);
	for (int t = 0; t < THREADS; t++) {
		pthread_join(th[t], NULL);
		cr_assert_eq(w[t].failures, 0);
	}
	cr_assert_eq(q_int("SELECT count(*) FROM document_customs"), THREADS * PER_THREAD);
	cr_assert_eq(q_int("SELECT count(DISTINCT declaration) FROM document_customs"), THREADS * PER_THREAD);
	cr_assert_eq(q_int("SELECT max(declaration) = '028-2026-10-00000100' FROM document_customs"), 1);
	cr_assert_eq(q_int("SELECT last FROM declaration_seq"), THREADS * PER_THREAD);
	cr_assert_eq(q_int("SELECT last FROM liquidation_seq"), THREADS * PER_THREAD);
}

Test(customs, rule_sets_are_versioned_and_a_stale_save_is_refused)
{
	struct risk_set cur, next;
	struct risk_rule r[] = { { RISK_SAMPLE, "", "", 1000, RISK_FISICO_INTRUSIVO, "muestreo" } };
	struct risk_version_row *v;
	size_t n;

	cr_assert_eq(store_risk_current(conn, &A, &cur), STORE_OK);
	cr_assert_eq(cur.version, 1);
	cr_assert_eq(cur.n, 5);
	cr_assert(cur.auto_accept);
	next = (struct risk_set){ 2, false, RISK_ELECTRONICO, r, 1 };
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(store_risk_add(conn, &next, sup, "Muestreo del 10 %", NOW), STORE_OK);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(store_risk_add(conn, &next, sup, "otra vez", NOW), STORE_NOT_FOUND);   /* 2 is taken */
	db_rollback(conn);
	cr_assert_eq(store_risk_current(conn, &A, &cur), STORE_OK);
	cr_assert_eq(cur.version, 2);
	cr_assert_not(cur.auto_accept);
	cr_assert_eq(cur.default_canal, RISK_ELECTRONICO);
	cr_assert_eq(cur.n, 1);
	cr_assert_eq(cur.rules[0].amount, 1000);
	cr_assert_str_eq(cur.rules[0].note, "muestreo");
	cr_assert_eq(store_risk_versions(conn, 10, &A, &v, &n), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(v[0].version, 2);
	cr_assert_str_eq(v[0].usuario, "sup");
	cr_assert_eq(v[0].nrules, 1);
	cr_assert_str_eq(v[1].usuario, "");
	cr_assert_eq(v[1].nrules, 5);
}

Test(customs, the_queue_filters_by_district_type_state_and_channel)
{
	long long a = add_doc(conn, "DAI", dai_xml);
	struct customs_actor rec = as(rec028, "recepcion", "028");
	struct queue_filter f = { "028", "", "", "", 0, NOW + 1000, 0 };
	struct queue_row *rows;
	long long total;
	size_t n;

	(void)add_doc(conn, "MANIFIESTO", "<Manifiesto/>");
	cr_assert_eq(act(&rec, a, 1, WF_ACEPTAR, NULL).result, CUSTOMS_DONE);
	cr_assert_eq(store_queue_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 2);
	f.state = "Registrado";
	cr_assert_eq(store_queue_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 1);
	f.state = "";
	f.canal = "documental";
	cr_assert_eq(store_queue_page(conn, &f, NULL, 10, &A, &rows, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].id, a);
	cr_assert_str_eq(rows[0].state, "Aceptado");
	f.canal = "";
	f.doc_type = "MANIFIESTO";
	cr_assert_eq(store_queue_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 1);
	f.doc_type = "";
	f.district = "055";
	cr_assert_eq(store_queue_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 0);
	f.district = NULL;
	cr_assert_eq(store_queue_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 2);
}
