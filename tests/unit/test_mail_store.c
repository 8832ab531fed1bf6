/*
 * test_mail_store.c — the mail outbox (store/mail.c) and queueing
 * (service/mail.c), on SQLite, and on PostgreSQL when ADUANA_TEST_PG is set
 * (make unit runs it both ways; see db_fixture.h).
 *
 * What the sender and the admin's list rely on: mail_queue writes both
 * bodies and refuses a malformed address or subject; the row lands or not
 * with the caller's transaction; a due message is claimed by one sender only
 * (two connections racing), and again once the lease is over; retry, fail,
 * sent and requeue move it between the states; the list is newest first,
 * filtered and paged; mail test and mail retry write their audit rows.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/log.h"
#include "db/db.h"
#include "service/mail.h"
#include "store/mail.h"
#include "db_fixture.h"

static struct db *db;
static struct db_conn *conn;
static struct arena A;

static void setup(void)
{
	log_set_level(LOG_WARN);
	db = fixture_open(2);
	conn = db_acquire(db);
	arena_init(&A, LIMIT_ARENA_BYTES);
}

static void teardown(void)
{
	arena_free(&A);
	if (conn)
		db_release(db, conn);
	fixture_close(db);
}

TestSuite(mail, .init = setup, .fini = teardown, .timeout = 60);

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

static long long queue(const char *to, long long now)
{
	struct mail_out m = { to, "Código de verificación", "Su código es 123456.\n\nhttps://aduana.example/x" };

	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(mail_queue(conn, "ADUANA", &m, now), STORE_OK);
	cr_assert_eq(db_commit(conn), DB_OK);
	return q_int("SELECT max(id) FROM mail_outbox");
}

Test(mail, queue_stores_both_parts)
{
	struct mail_rec r;
	long long id = queue("ana@example.test", 1000);

	cr_assert_eq(store_mail_get(conn, id, &A, &r), STORE_OK);
	cr_assert_str_eq(r.to, "ana@example.test");
	cr_assert_str_eq(r.subject, "Código de verificación");
	cr_assert_not_null(strstr(r.body_text, "Su código es 123456.\n\nhttps://aduana.example/x\n\n-- \nADUANA\n"));
	cr_assert_not_null(strstr(r.body_html, "<a href=\"https://aduana.example/x\""));
	cr_assert_not_null(strstr(r.body_html, ">ADUANA</div>"));
	cr_assert_eq(r.created_at, 1000);
	cr_assert_eq(r.next_at, 1000);
	cr_assert_eq(r.attempts, 0);
	cr_assert_eq(r.state, MAIL_PENDING);
	cr_assert_str_eq(r.last_error, "");
}

Test(mail, queue_refuses_malformed)
{
	struct mail_out bad[] = {
		{ "nadie", "Asunto", "texto" },
		{ "a@example.test\r\nBcc: b@example.test", "Asunto", "texto" },
		{ "a@example.test", "Asunto\r\nBcc: b@example.test", "texto" },
		{ "a@example.test", "Asunto\n", "texto" },
		{ "a@example.test", "", "texto" },
		{ "a@example.test", "Asunto", "\xff\xfe" },
		{ NULL, "Asunto", "texto" },
	};

	cr_assert_eq(db_begin(conn), DB_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(mail_queue(conn, "ADUANA", &bad[i], 1), STORE_INVALID, "case %zu", i);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox"), 0);
}

Test(mail, row_goes_with_the_callers_transaction)
{
	struct mail_out m = { "ana@example.test", "Asunto", "texto" };

	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(mail_queue(conn, "ADUANA", &m, 5), STORE_OK);
	cr_assert_eq(db_rollback(conn), DB_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox"), 0, "rolled back with the event");
}

Test(mail, claim_is_exclusive_and_leased)
{
	struct db_conn *other = db_acquire(db);
	struct mail_rec *got;
	size_t n;
	long long id = queue("ana@example.test", 100);

	queue("bea@example.test", 100);
	/* Not due before next_at. */
	cr_assert_eq(store_mail_claim_due(conn, 99, 200, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 0);
	cr_assert_eq(store_mail_claim_due(conn, 100, 200, 1, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(got[0].id, id, "oldest due first");
	cr_assert_not_null(strstr(got[0].body_text, "123456"), "with its bodies");
	/* The other sender cannot take the claimed one, only the other message. */
	cr_assert_eq(store_mail_claim(other, id, 150, 300), STORE_NOT_FOUND);
	cr_assert_eq(store_mail_claim_due(other, 150, 300, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_neq(got[0].id, id);
	cr_assert_eq(store_mail_claim_due(other, 199, 300, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 0, "everything is leased");
	/* The first lease runs out at 200: the message can be taken again. */
	cr_assert_eq(store_mail_claim_due(other, 201, 400, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(got[0].id, id);
	/* Released: free at once. */
	cr_assert_eq(store_mail_release(other, id), STORE_OK);
	cr_assert_eq(store_mail_claim(conn, id, 202, 500), STORE_OK);
	db_release(db, other);
}

Test(mail, retry_fail_sent_requeue)
{
	struct mail_rec r, *got;
	size_t n;
	long long id = queue("ana@example.test", 100);

	cr_assert_eq(store_mail_claim(conn, id, 100, 200), STORE_OK);
	cr_assert_eq(store_mail_retry(conn, id, 130, "451 4.3.0 Intente más tarde"), STORE_OK);
	cr_assert_eq(store_mail_get(conn, id, &A, &r), STORE_OK);
	cr_assert_eq(r.attempts, 1);
	cr_assert_eq(r.next_at, 130);
	cr_assert_eq(r.state, MAIL_PENDING);
	cr_assert_str_eq(r.last_error, "451 4.3.0 Intente más tarde");
	cr_assert_eq(store_mail_claim_due(conn, 129, 300, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 0, "not due before its backoff, lease released");
	cr_assert_eq(store_mail_claim_due(conn, 130, 300, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(store_mail_fail(conn, id, 131, "550 rechazado"), STORE_OK);
	cr_assert_eq(store_mail_get(conn, id, &A, &r), STORE_OK);
	cr_assert_eq(r.state, MAIL_FAILED);
	cr_assert_eq(r.failed_at, 131);
	cr_assert_eq(r.attempts, 2);
	cr_assert_eq(store_mail_claim_due(conn, 9999, 10000, 8, &A, &got, &n), STORE_OK);
	cr_assert_eq(n, 0, "a failed message is never claimed");
	cr_assert_eq(store_mail_retry(conn, id, 1, "x"), STORE_NOT_FOUND);
	/* Back in the queue (audited), then delivered. */
	cr_assert_eq(mail_requeue(conn, id, "cli", 140), STORE_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'mail_retry'"), 1);
	cr_assert_eq(mail_requeue(conn, id, "cli", 141), STORE_NOT_FOUND, "only a failed one");
	cr_assert_eq(store_mail_get(conn, id, &A, &r), STORE_OK);
	cr_assert_eq(r.state, MAIL_PENDING);
	cr_assert_eq(r.attempts, 0);
	cr_assert_eq(r.next_at, 140);
	cr_assert_eq(store_mail_claim(conn, id, 140, 200), STORE_OK);
	cr_assert_eq(store_mail_sent(conn, id, 142), STORE_OK);
	cr_assert_eq(store_mail_get(conn, id, &A, &r), STORE_OK);
	cr_assert_eq(r.state, MAIL_SENT);
	cr_assert_eq(r.sent_at, 142);
	cr_assert_eq(r.attempts, 1);
	cr_assert_eq(store_mail_claim(conn, id, 9999, 10000), STORE_NOT_FOUND, "a sent message is never claimed");
}

Test(mail, list_newest_first_filtered_and_paged)
{
	struct mail_rec *r;
	size_t n;
	long long total, ids[5];

	for (int i = 0; i < 5; i++)
		ids[i] = queue("ana@example.test", 100 + i);
	cr_assert_eq(store_mail_sent(conn, ids[1], 200), STORE_OK);
	cr_assert_eq(store_mail_fail(conn, ids[3], 200, "550"), STORE_OK);
	cr_assert_eq(store_mail_list(conn, MAIL_ANY, 0, 3, &A, &r, &n, &total), STORE_OK);
	cr_assert_eq(total, 5);
	cr_assert_eq(n, 3);
	cr_assert_eq(r[0].id, ids[4]);
	cr_assert_eq(r[1].id, ids[3]);
	cr_assert_eq(r[1].state, MAIL_FAILED);
	cr_assert_str_eq(r[1].last_error, "550");
	cr_assert_str_eq(r[0].body_text, "", "lists carry no bodies");
	cr_assert_eq(store_mail_list(conn, MAIL_ANY, r[2].id, 3, &A, &r, &n, &total), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(r[0].id, ids[1]);
	cr_assert_eq(r[1].id, ids[0]);
	cr_assert_eq(store_mail_list(conn, MAIL_PENDING, 0, 10, &A, &r, &n, &total), STORE_OK);
	cr_assert_eq(total, 3);
	cr_assert_eq(n, 3);
	cr_assert_eq(store_mail_list(conn, MAIL_SENT, 0, 10, &A, &r, &n, &total), STORE_OK);
	cr_assert_eq(total, 1);
	cr_assert_eq(r[0].id, ids[1]);
	cr_assert_eq(store_mail_list(conn, MAIL_FAILED, 0, 10, &A, &r, &n, &total), STORE_OK);
	cr_assert_eq(total, 1);
	cr_assert_eq(r[0].id, ids[3]);
}

Test(mail, test_message_with_its_audit_row)
{
	struct mail_rec r;
	long long id = 0;

	cr_assert_eq(mail_queue_test(conn, "ADUANA", "https://aduana.example", "ana@example.test", "cli", 50, &id),
		     STORE_OK);
	cr_assert_gt(id, 0);
	cr_assert_eq(store_mail_get(conn, id, &A, &r), STORE_OK);
	cr_assert_str_eq(r.subject, "Prueba de correo de ADUANA");
	cr_assert_not_null(strstr(r.body_html, "<a href=\"https://aduana.example\""));
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'mail_test'"), 1);
	cr_assert_eq(mail_queue_test(conn, "ADUANA", "https://aduana.example", "mal", "cli", 50, &id), STORE_INVALID);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'mail_test'"), 1, "nothing for a refusal");
}

Test(mail, largest_text_with_the_most_markup_is_queued)
{
	static char text[LIMIT_MAIL_BODY_BYTES + 1];
	struct mail_out m = { "ana@example.test", "Asunto", text };
	struct mail_rec r;

	/* "a\n\n" again and again: a paragraph of markup per three bytes; and '"' (an entity). */
	for (size_t i = 0; i < LIMIT_MAIL_BODY_BYTES; i++)
		text[i] = i < LIMIT_MAIL_BODY_BYTES / 2 ? "a\n\n"[i % 3] : '"';
	text[LIMIT_MAIL_BODY_BYTES] = '\0';
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(mail_queue(conn, "ADUANA", &m, 1), STORE_OK);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(store_mail_get(conn, q_int("SELECT max(id) FROM mail_outbox"), &A, &r), STORE_OK);
	cr_assert_gt(strlen(r.body_html), 6 * LIMIT_MAIL_BODY_BYTES / 2);
	/* One byte more is refused. */
	{
		static char more[LIMIT_MAIL_BODY_BYTES + 2];
		struct mail_out m2 = { "ana@example.test", "Asunto", more };

		memset(more, 'a', LIMIT_MAIL_BODY_BYTES + 1);
		cr_assert_eq(db_begin(conn), DB_OK);
		cr_assert_eq(mail_queue(conn, "ADUANA", &m2, 1), STORE_INVALID);
		cr_assert_eq(db_rollback(conn), DB_OK);
	}
}
