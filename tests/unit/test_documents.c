/*
 * test_documents.c — the documents' store (src/store/documents.c) on SQLite
 * and, with ADUANA_TEST_PG set, PostgreSQL: the número de entrega's
 * sequence is gapless and never doubled, also with eight threads sending at
 * once, and a rolled-back sending gives its number back; a refused sending
 * has no número; who may send which type is data.
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
	cr_assert_eq(store_document_add_event(conn, &(struct document_event_new){ id, "23902040", NULL, "DAI", 1000, uid,
										 NULL, "Error", NULL }), STORE_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM document_error"), 1);
	/* A received document without a número, or a refused one with a state, is refused by the schema. */
	d.state = "Registrado";
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_CONFLICT);
	d.transmission = "Recibido";
	cr_assert_eq(store_document_add(conn, &d, &id), STORE_CONFLICT);
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
