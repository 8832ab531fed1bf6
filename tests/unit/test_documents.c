/*
 * test_documents.c — the documents' store (src/store/documents.c) on SQLite
 * and, with ADUANA_TEST_PG set, PostgreSQL: the número de entrega's
 * sequence is gapless and never doubled, also with eight threads sending at
 * once, and a rolled-back sending gives its number back; a refused sending
 * has no número; who may send which type is data; a document is found only
 * under its OCE code; a state changes only from the state expected; the
 * lists and the events filter as their screens ask.
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
#include "domain/entrega.h"
#include "service/accounts.h"
#include "store/documents.h"
#include "store/users.h"
#include "db_fixture.h"

#define THREADS 8
#define PER_THREAD 1000

static struct db *db;
static struct db_conn *conn;
static long long uid;

static void setup(void)
{
	struct user_rec u;
	struct oce_assign o[2] = { { "29000001", "01" }, { "29000002", "04" } };

	log_set_level(LOG_WARN);
	db = fixture_open(THREADS);
	conn = db_acquire(db);
	memset(&u, 0, sizeof(u));
	snprintf(u.kind, sizeof(u.kind), "%s", USER_OPERATOR);
	snprintf(u.ruc, sizeof(u.ruc), "1710034065001");
	snprintf(u.usuario, sizeof(u.usuario), "ana");
	snprintf(u.nombre, sizeof(u.nombre), "Ana");
	snprintf(u.email, sizeof(u.email), "ana@example.ec");
	snprintf(u.pw_hash, sizeof(u.pw_hash), "x");
	cr_assert_eq(account_add(conn, &u, o, 2, 100, &uid), STORE_OK);
}

static void teardown(void)
{
	db_release(db, conn);
	fixture_close(db);
}

TestSuite(documents, .init = setup, .fini = teardown, .timeout = 120);

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

/* One sending that keeps its number: a document row, in one transaction. */
static int send_one(struct db_conn *c, const char *oce, int year, long long *seq)
{
	char numero[ENTREGA_LEN + 1];
	struct document_new d = { 0 };
	long long id;
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_entrega_next(c, oce, year, seq);
	if (rc == STORE_OK && entrega_format(oce, year, *seq, 'P', numero) != 0)
		rc = DB_ERR;
	d.numero = numero;
	d.doc_type = "DAI";
	d.oce_code = oce;
	d.user_id = uid;
	d.channel = 'P';
	d.transmission = "Recibido";
	d.state = "Registrado";
	d.xml = "<DAI/>";
	d.now = 1000;
	if (rc == STORE_OK)
		rc = store_document_add(c, &d, &id);
	if (rc != STORE_OK) {
		db_rollback(c);
		return rc;
	}
	return db_commit(c) == DB_OK ? STORE_OK : DB_ERR;
}

Test(documents, first_numbers_per_oce_and_year)
{
	long long s;

	cr_assert_eq(send_one(conn, "29000001", 2026, &s), STORE_OK);
	cr_assert_eq(s, 1);
	cr_assert_eq(send_one(conn, "29000001", 2026, &s), STORE_OK);
	cr_assert_eq(s, 2);
	cr_assert_eq(send_one(conn, "29000002", 2026, &s), STORE_OK);
	cr_assert_eq(s, 1, "each OCE code has its own sequence");
	cr_assert_eq(send_one(conn, "29000001", 2027, &s), STORE_OK);
	cr_assert_eq(s, 1, "and each year");
	cr_assert_eq(q_int("SELECT count(*) FROM document WHERE numero = '29000001202600000002P'"), 1);
}

Test(documents, a_rolled_back_sending_gives_its_number_back)
{
	long long s;

	cr_assert_eq(send_one(conn, "29000001", 2026, &s), STORE_OK);
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(store_entrega_next(conn, "29000001", 2026, &s), STORE_OK);
	cr_assert_eq(s, 2);
	cr_assert_eq(db_rollback(conn), DB_OK);
	cr_assert_eq(send_one(conn, "29000001", 2026, &s), STORE_OK);
	cr_assert_eq(s, 2, "no gap");
}

Test(documents, a_refused_sending_has_no_numero_and_keeps_its_errors)
{
	struct document_new d = { 0 };
	long long id;

	d.doc_type = "DAI";
	d.oce_code = "29000001";
	d.user_id = uid;
	d.channel = 'P';
	d.transmission = "Error";
	d.xml = "<DAI>";
	d.now = 1000;
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_OK);
	cr_assert_eq(store_document_add_error(conn, id, 1, "/DAI", "", 1, "El documento no está completo."),
		     STORE_OK);
	cr_assert_eq(store_document_add_event(conn, &(struct document_event_new){ id, "29000001", NULL, "DAI", 1000, uid,
										 NULL, "Error", NULL }), STORE_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM document_error"), 1);
	/* A received document without a número, or a refused one with a state, is refused by the schema. */
	d.state = "Registrado";
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_CONFLICT);
	d.transmission = "Recibido";
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_CONFLICT);
}

/* A received document of oce at time t, with its first event; its id. */
static long long received(const char *oce, long long t, const char **numero_out)
{
	static char numeros[16][ENTREGA_LEN + 1];
	static int k;
	char *numero = numeros[k++ % 16];
	struct document_new d = { 0 };
	long long id, seq;

	cr_assert_eq(store_entrega_next(conn, oce, 2026, &seq), STORE_OK);
	cr_assert_eq(entrega_format(oce, 2026, seq, 'P', numero), 0);
	d.numero = numero;
	d.doc_type = "DAI";
	d.oce_code = oce;
	d.user_id = uid;
	d.channel = 'P';
	d.transmission = "Recibido";
	d.state = "Registrado";
	d.xml = "<DAI>año</DAI>";
	d.now = t;
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_OK);
	cr_assert_eq(store_document_add_event(conn, &(struct document_event_new){ id, oce, numero, "DAI", t, uid, NULL,
										 "Registrado", NULL }), STORE_OK);
	if (numero_out)
		*numero_out = numero;
	return id;
}

Test(documents, a_document_is_found_only_under_its_oce_code)
{
	struct arena a;
	struct document_full d;
	const char *xml;
	size_t n;
	long long id = received("29000001", 5000, NULL);

	arena_init(&a, 1 << 20);
	cr_assert_eq(store_document_get(conn, id, "29000001", &a, &d), STORE_OK);
	cr_assert_str_eq(d.oce_code, "29000001");
	cr_assert_str_eq(d.usuario, "ana");
	cr_assert_str_eq(d.state, "Registrado");
	cr_assert_eq(d.channel, 'P');
	cr_assert_eq(d.version, 1);
	cr_assert_eq(store_document_get(conn, id, "29000002", &a, &d), STORE_NOT_FOUND, "another OCE code of the same RUC");
	cr_assert_eq(store_document_get(conn, id + 1000, "29000001", &a, &d), STORE_NOT_FOUND);
	cr_assert_eq(store_document_xml(conn, id, "29000001", &a, &xml, &n), STORE_OK);
	cr_assert_str_eq(xml, "<DAI>año</DAI>");
	cr_assert_eq(n, strlen("<DAI>año</DAI>"));
	cr_assert_eq(store_document_xml(conn, id, "29000002", &a, &xml, &n), STORE_NOT_FOUND);
	arena_free(&a);
}

Test(documents, a_state_changes_only_from_the_state_expected)
{
	long long id = received("29000001", 5000, NULL);

	cr_assert_eq(store_document_set_state(conn, id, "29000002", "Registrado", "Anulado", 6000), STORE_NOT_FOUND,
		     "not another OCE's");
	cr_assert_eq(store_document_set_state(conn, id, "29000001", "Aceptado", "Anulado", 6000), STORE_NOT_FOUND,
		     "not from a state it is not in");
	cr_assert_eq(store_document_set_state(conn, id, "29000001", "Registrado", "Anulado", 6000), STORE_OK);
	cr_assert_eq(store_document_set_state(conn, id, "29000001", "Registrado", "Anulado", 6001), STORE_NOT_FOUND,
		     "once");
	cr_assert_eq(q_int("SELECT version FROM document WHERE state = 'Anulado'"), 2);
	cr_assert_eq(q_int("SELECT updated_at FROM document WHERE state = 'Anulado'"), 6000);
}

Test(documents, events_by_oce_time_numero_and_a_folded_search)
{
	struct arena a;
	struct event_row *r;
	size_t n;
	long long total;
	const char *num1, *num2;
	long long id1 = received("29000001", 10000, &num1), id2 = received("29000001", 10100, &num2);
	struct event_filter f = { "29000001", 0, 20000, "", "" };

	(void)received("29000002", 10050, NULL);
	cr_assert_eq(store_document_set_state(conn, id2, "29000001", "Registrado", "Anulado", 10200), STORE_OK);
	cr_assert_eq(store_document_add_event(conn, &(struct document_event_new){ id2, "29000001", num2, "DAI", 10200, uid,
										 "Registrado", "Anulado", "Digitación errónea" }),
		     STORE_OK);
	arena_init(&a, 1 << 20);
	cr_assert_eq(store_events_count(conn, &f, &a, &total), STORE_OK);
	cr_assert_eq(total, 3, "only 29000001's");
	cr_assert_eq(store_events_page(conn, &f, NULL, 10, &a, &r, &n), STORE_OK);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(r[0].to_state, "Anulado", "newest first");
	cr_assert_str_eq(r[0].from_state, "Registrado");
	cr_assert_str_eq(r[0].reason, "Digitación errónea");
	cr_assert_str_eq(r[0].usuario, "ana");
	cr_assert_str_eq(r[2].numero, num1);
	cr_assert_eq(r[2].document_id, id1);
	cr_assert_str_eq(r[2].from_state, "");
	/* keyset: after the first */
	cr_assert_eq(store_events_page(conn, &f, &(struct document_key){ r[0].at, r[0].id }, 10, &a, &r, &n), STORE_OK);
	cr_assert_eq(n, 2);
	f.q = "DIGITACION erronea";
	cr_assert_eq(store_events_count(conn, &f, &a, &total), STORE_OK);
	cr_assert_eq(total, 1, "accents and case aside");
	f.q = "100%";
	cr_assert_eq(store_events_count(conn, &f, &a, &total), STORE_OK);
	cr_assert_eq(total, 0, "%% is not a wildcard");
	f.q = "";
	f.numero = num1;
	cr_assert_eq(store_events_count(conn, &f, &a, &total), STORE_OK);
	cr_assert_eq(total, 1);
	f.numero = "";
	f.from = 10100;
	f.to = 10200;
	cr_assert_eq(store_events_count(conn, &f, &a, &total), STORE_OK);
	cr_assert_eq(total, 1, "[from, to)");
	arena_free(&a);
}

Test(documents, lists_filter_by_transmission_and_count_errors)
{
	struct arena a;
	struct document_row *r;
	size_t n;
	long long total, id;
	struct document_new d = { 0 };
	struct document_filter f = { "29000001", "", "", "", 0, 20000, "Error" };

	(void)received("29000001", 10000, NULL);
	d.doc_type = "DAE";
	d.oce_code = "29000001";
	d.user_id = uid;
	d.channel = 'S';
	d.transmission = "Error";
	d.xml = "<DAE>";
	d.now = 10001;
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_OK);
	cr_assert_eq(store_document_add_error(conn, id, 1, "/DAE", "", 1, "uno"), STORE_OK);
	cr_assert_eq(store_document_add_error(conn, id, 2, "/DAE", "", 1, "dos"), STORE_OK);
	arena_init(&a, 1 << 20);
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 1);
	cr_assert_eq(store_sendings_page(conn, &f, NULL, 10, &a, &r, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(r[0].nerrors, 2);
	cr_assert_eq(r[0].channel, 'S');
	cr_assert_str_eq(r[0].numero, "");
	cr_assert_str_eq(r[0].doc_type, "DAE");
	f.transmission = "";
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 2);
	f.state = "Error";
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 1, "the state filter \"Error\" is the refused transmission");
	arena_free(&a);
}

Test(documents, whole_days_are_counted_from_the_day_counters)
{
	/* 2026-12-01 00:00 in Ecuador is 05:00 UTC. */
	long long d0 = 1796101200LL, total;
	struct document_filter f = { "29000001", "", "", "", d0, d0 + 86400, "" };

	(void)received("29000001", d0, NULL);             /* the first second of the day */
	(void)received("29000001", d0 + 86399, NULL);     /* its last */
	(void)received("29000001", d0 + 86400, NULL);     /* the next day */
	(void)received("29000001", d0 - 1, NULL);         /* the day before */
	(void)received("29000002", d0 + 10, NULL);        /* another OCE code */
	cr_assert_eq(q_int("SELECT n FROM document_day WHERE oce_code = '29000001' AND day = 20788"), 2);
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 2, "the day, from the counters");
	f.to = d0 + 2 * 86400;
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 3, "two days");
	f.from = d0 - 86400;
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 4);
	f.from = d0 + 1;   /* not a whole day: the documents themselves are counted */
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 2);
	f.from = d0;
	f.state = "Registrado";   /* a filter: the documents too */
	cr_assert_eq(store_documents_count(conn, &f, &total), STORE_OK);
	cr_assert_eq(total, 3);
}

/* The first page with its total in one statement agrees with count + page
 * in each of its three shapes (day counters, plain, filtered), and an empty
 * first page has a total of 0. */
Test(documents, first_page_and_total_in_one_statement_agree_with_count_and_page)
{
	long long d0 = 1796101200LL;
	struct document_filter fs[] = {
		{ "29000001", "", "", "", d0 - 86400, d0 + 2 * 86400, "" },   /* whole days: the counters */
		{ "29000001", "", "", "", d0 + 1, d0 + 2 * 86400, "" },       /* not whole days: plain */
		{ "29000001", "", "Registrado", "", d0 - 86400, d0 + 2 * 86400, "" },   /* filtered */
		{ "29000001", "DAE", "", "", d0 - 86400, d0 + 2 * 86400, "" },  /* filtered, nothing */
		{ "29000009", "", "", "", d0 - 86400, d0 + 2 * 86400, "" },     /* another OCE: nothing */
	};
	struct arena a;

	for (int i = 0; i < 25; i++)
		(void)received("29000001", d0 - 3600 + i * 7200, NULL);
	arena_init(&a, 1 << 20);
	for (size_t k = 0; k < sizeof(fs) / sizeof(fs[0]); k++) {
		struct document_row *r1, *r2;
		size_t n1, n2;
		long long t1, t2;

		cr_assert_eq(store_documents_first_page(conn, &fs[k], 20, &a, &r1, &n1, &t1), STORE_OK);
		cr_assert_eq(store_documents_count(conn, &fs[k], &t2), STORE_OK);
		cr_assert_eq(store_documents_page(conn, &fs[k], NULL, 20, &a, &r2, &n2), STORE_OK);
		cr_assert_eq(t1, t2, "filter %zu: total", k);
		cr_assert_eq(n1, n2, "filter %zu: rows", k);
		for (size_t i = 0; i < n1; i++)
			cr_assert_eq(r1[i].id, r2[i].id, "filter %zu row %zu", k, i);
	}
	arena_free(&a);
}

Test(documents, who_may_send_which_type_is_data)
{
	cr_assert_eq(store_doc_type_sender(conn, "DAI", "01"), STORE_OK);
	cr_assert_eq(store_doc_type_sender(conn, "DAI", "04"), STORE_OK);
	cr_assert_eq(store_doc_type_sender(conn, "DAI", "02"), STORE_NOT_FOUND);
	cr_assert_eq(store_doc_type_sender(conn, "MANIFIESTO", "02"), STORE_OK);
	cr_assert_eq(store_doc_type_sender(conn, "NADA", "02"), STORE_NOT_FOUND);
}

struct worker {
	long long got[PER_THREAD];
	int failures;
};

static void *sender(void *arg)
{
	struct worker *w = arg;
	struct db_conn *c = db_acquire(db);

	for (int i = 0; i < PER_THREAD; i++) {
		int rc;
		/* A busy store (another thread's transaction) is retried, as a
		 * sending service would; anything else is a failure. */
		while ((rc = send_one(c, "29000001", 2026, &w->got[i])) == DB_BUSY)
			;
		if (rc != STORE_OK)
			w->failures++;
	}
	db_release(db, c);
	return NULL;
}

Test(documents, eight_threads_one_oce_numbers_1_to_8000_none_missing_or_doubled)
{
	static struct worker w[THREADS];
	static unsigned char seen[THREADS * PER_THREAD + 1];
	pthread_t t[THREADS];

	db_release(db, conn);   /* the pool's eight connections go to the threads */
	conn = NULL;
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, sender, &w[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	conn = db_acquire(db);
	for (int i = 0; i < THREADS; i++) {
		cr_assert_eq(w[i].failures, 0, "thread %d: %d sendings failed", i, w[i].failures);
		for (int k = 0; k < PER_THREAD; k++) {
			long long s = w[i].got[k];
			cr_assert(s >= 1 && s <= THREADS * PER_THREAD, "number %lld out of range", s);
			cr_assert_eq(seen[s], 0, "number %lld given twice", s);
			seen[s] = 1;
		}
	}
	cr_assert_eq(q_int("SELECT count(*) FROM document"), THREADS * PER_THREAD);
	cr_assert_eq(q_int("SELECT count(DISTINCT numero) FROM document"), THREADS * PER_THREAD);
	cr_assert_eq(q_int("SELECT last FROM entrega_seq WHERE oce_code = '29000001' AND year = 2026"),
		     THREADS * PER_THREAD);
}
