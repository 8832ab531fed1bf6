/*
 * test_store.c — unit tests of the store (src/store) and the services over
 * it (src/service), on SQLite, and on PostgreSQL when ADUANA_TEST_PG is set
 * (make unit runs it both ways; see db_fixture.h).
 *
 * Each test gets a fresh, migrated store and checks what the pages rely on: the catalogue the
 * migrations load (OCE types, menus per type), users with their OCE codes
 * created in one transaction (a failure half-way leaves no user and no code
 * behind), failed sign-ins blocking at the configured maximum, unblocking
 * that clears the block and leaves exactly one notice, sessions found by
 * token hash and rotated, the mailbox paged newest first with a subject
 * filter in which % and _ are plain characters, and the audit trail.
 *
 * The store's own tables are read back with plain SELECTs through db.h where
 * store.h has no reader (counts, the audit rows).
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrations.h"
#include "service/accounts.h"
#include "service/notices.h"
#include "store/audit.h"
#include "store/menus.h"
#include "store/news.h"
#include "store/notices.h"
#include "store/sessions.h"
#include "store/users.h"
#include "db_fixture.h"

#define RUC1 "1790011674001"
#define RUC2 "0990017514001"

static struct db *db;
static struct db_conn *conn;
static struct arena A;

static void setup(void)
{
	log_set_level(LOG_WARN);   /* no "migration applied" lines for every test */
	db = fixture_open(2);
	conn = db_acquire(db);
	cr_assert_not_null(conn);
	arena_init(&A, LIMIT_ARENA_BYTES);
}

static void teardown(void)
{
	arena_free(&A);
	if (conn)
		db_release(db, conn);
	fixture_close(db);
}

TestSuite(store, .init = setup, .fini = teardown, .timeout = 60);

/* ---- helpers ----------------------------------------------------------- */

/* Runs a one-value SELECT (no parameters) and returns its integer. */
static long long q_int(const char *sql)
{
	struct db_stmt *st = db_prepare(conn, sql);
	long long v;

	cr_assert_not_null(st, "prepare: %s", sql);
	cr_assert_eq(db_step(st), DB_ROW, "no row: %s", sql);
	v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

/* Same with one text parameter $1. */
static long long q_int1(const char *sql, const char *arg)
{
	struct db_stmt *st = db_prepare(conn, sql);
	long long v;

	cr_assert_not_null(st, "prepare: %s", sql);
	cr_assert_eq(db_bind_text(st, 1, arg), DB_OK);
	cr_assert_eq(db_step(st), DB_ROW, "no row: %s", sql);
	v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

static struct user_rec user(const char *ruc, const char *usuario)
{
	struct user_rec u;

	memset(&u, 0, sizeof(u));
	snprintf(u.kind, sizeof(u.kind), "%s", USER_OPERATOR);
	snprintf(u.ruc, sizeof(u.ruc), "%s", ruc);
	snprintf(u.usuario, sizeof(u.usuario), "%s", usuario);
	snprintf(u.nombre, sizeof(u.nombre), "Nombre de %s", usuario);
	snprintf(u.email, sizeof(u.email), "%s@example.ec", usuario);
	snprintf(u.pw_hash, sizeof(u.pw_hash), "$argon2id$fake");
	return u;
}

static struct oce_assign oce(const char *code, const char *type)
{
	struct oce_assign a;

	memset(&a, 0, sizeof(a));
	snprintf(a.code, sizeof(a.code), "%s", code);
	snprintf(a.type, sizeof(a.type), "%s", type);
	return a;
}

/* Adds a user with no OCE code; returns its id. */
static long long add_user(const char *ruc, const char *usuario)
{
	struct user_rec u = user(ruc, usuario);
	long long id = 0;

	cr_assert_eq(account_add(conn, &u, NULL, 0, 1000, &id), 0);
	cr_assert_gt(id, 0);
	return id;
}

static struct user_rec find(const char *ruc, const char *usuario)
{
	struct user_rec u;

	cr_assert_eq(store_user_find(conn, ruc, usuario, &u), 0, "%s/%s not found", ruc, usuario);
	return u;
}

/* Page pagina (20 rows) of a user's notices through the service, as the
 * main page reads them. */
static void list(long long id, const char *q, long long pagina, struct notice_rec **v, size_t *n,
		 long long *total)
{
	struct notices_query nq = { .q = q, .pagina = pagina, .dir = NOTICE_FIRST, .per_page = LIMIT_PAGE_ROWS };
	struct notices_page np;

	cr_assert_eq(notices_page(conn, id, &nq, &A, &np), STORE_OK);
	*v = np.rows;
	*n = np.n;
	*total = np.total;
}

/* A 64-hex-digit fake token hash from a small number. */
static const char *hash_of(int n)
{
	static char h[8][65];
	static int k;
	char *p = h[k++ % 8];

	snprintf(p, 65, "%064x", n);
	return p;
}

static int has_menu(const struct menu_rec *m, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].id, id) == 0)
			return 1;
	return 0;
}

static int menu_rank(const char *menu)
{
	return strcmp(menu, "TO") == 0 ? 0 : strcmp(menu, "SI") == 0 ? 1 :
	       strcmp(menu, "SC") == 0 ? 2 : strcmp(menu, "VU") == 0 ? 3 : 99;
}

/* ---- migrations and catalogue ------------------------------------------ */

Test(store, migrations_are_recorded_and_idempotent)
{
	cr_assert_eq(db_schema_version(conn), (int)db_migrations_sqlite_count);
	db_release(db, conn);
	conn = NULL;
	cr_assert_eq(db_migrate(db), DB_OK, "a second migrate is a no-op");
	conn = db_acquire(db);
	cr_assert_eq(db_schema_version(conn), (int)db_migrations_sqlite_count);
	cr_assert_eq(q_int("SELECT count(*) FROM schema_version"), (long long)db_migrations_sqlite_count);
	cr_assert_eq(q_int("SELECT count(*) FROM oce_type"), 12, "catalogue loaded once");
}

Test(store, oce_type_catalogue)
{
	struct db_stmt *st = db_prepare(conn, "SELECT name FROM oce_type WHERE code = $1");

	cr_assert_not_null(st);
	db_bind_text(st, 1, "02");
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), "LINEA NAVIERA");
	db_reset(st);
	cr_assert_eq(q_int1("SELECT count(*) FROM oce_type WHERE code = $1", "01"), 1);
}

Test(store, public_menu)
{
	struct menu_rec *m;
	size_t n;

	cr_assert_eq(store_menu(conn, NULL, &A, &m, &n), 0);
	cr_assert_eq(n, (size_t)q_int("SELECT count(*) FROM menu_option WHERE public = 1"));
	cr_assert_gt(n, 0);
	cr_assert(has_menu(m, n, "1.3"));
	cr_assert(has_menu(m, n, "2.1.1"));
	cr_assert_not(has_menu(m, n, "1.1"), "1.1 is not public");
	cr_assert_not(has_menu(m, n, "VU-SOP"));
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(q_int1("SELECT public FROM menu_option WHERE id = $1", m[i].id), 1,
			     "%s is not public", m[i].id);
		cr_assert_not_null(m[i].title);
		cr_assert_not_null(m[i].title_en);
		/* A screen exists only for the options built so far. */
		if (strcmp(m[i].id, "2.6") == 0)
			cr_assert_str_eq(m[i].screen, "/catalogos");
		else if (strcmp(m[i].id, "1.6") == 0)
			cr_assert_str_eq(m[i].screen, "/edocumentos");
		else if (strcmp(m[i].id, "1.3") == 0)
			cr_assert_str_eq(m[i].screen, "/estados", "public; it asks for a session");
		else
			cr_assert_null(m[i].screen, "%s has no screen yet", m[i].id);
	}
}

Test(store, making_and_sent_documents_only_for_types_that_send)
{
	struct menu_rec *m;
	size_t n;

	cr_assert_eq(store_menu(conn, "04", &A, &m, &n), 0);
	cr_assert(has_menu(m, n, "1.1"));
	cr_assert(has_menu(m, n, "1.8"));
	cr_assert_eq(store_menu(conn, "08", &A, &m, &n), 0);
	cr_assert_not(has_menu(m, n, "1.1"), "a temporary warehouse sends none of the document types");
	cr_assert_not(has_menu(m, n, "1.8"));
	cr_assert(has_menu(m, n, "1.6"), "the downloads stay");
	cr_assert(has_menu(m, n, "VU-EST"));
}

Test(store, tramites_screen_for_operators)
{
	struct menu_rec *m;
	size_t n;
	bool found = false;

	cr_assert_eq(store_menu(conn, "02", &A, &m, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].id, "VU-EST") == 0) {
			cr_assert_str_eq(m[i].screen, "/tramites");
			found = true;
		}
	cr_assert(found, "Estado de Trámite Integral is in a shipping line's menu");
}

Test(store, menu_order_is_to_si_sc_vu)
{
	struct menu_rec *m;
	size_t n;

	cr_assert_eq(store_menu(conn, "01", &A, &m, &n), 0);
	cr_assert_gt(n, 1);
	for (size_t i = 1; i < n; i++)
		cr_assert_leq(menu_rank(m[i - 1].menu), menu_rank(m[i].menu), "%s (%s) before %s (%s)",
			      m[i - 1].id, m[i - 1].menu, m[i].id, m[i].menu);
	cr_assert_str_eq(m[0].id, "1.1", "positions order each menu");
}

Test(store, menu_for_linea_naviera_as_in_the_guide)
{
	struct menu_rec *m;
	size_t n;

	/* The guide's main page, of a [02] LINEA NAVIERA user, shows Ventanilla
	 * Única with Documentos de Soporte and de Acompañamiento. */
	cr_assert_eq(store_menu(conn, "02", &A, &m, &n), 0);
	cr_assert_gt(n, 0);
	cr_assert(has_menu(m, n, "VU-SOP"));
	cr_assert(has_menu(m, n, "VU-ACO"));
	cr_assert(has_menu(m, n, "1.1"));
	cr_assert_not(has_menu(m, n, "TO-EXO"));
	cr_assert_not(has_menu(m, n, "1.10"));
}

Test(store, menu_for_importer_includes_ventanilla_unica)
{
	struct menu_rec *m;
	size_t n;

	cr_assert_eq(store_menu(conn, "01", &A, &m, &n), 0);
	cr_assert(has_menu(m, n, "VU-SOP"));
	cr_assert(has_menu(m, n, "VU-ACO"));
	cr_assert(has_menu(m, n, "VU-EST"));
	cr_assert(has_menu(m, n, "TO-EXO"));
	cr_assert(has_menu(m, n, "1.1"));
}

Test(store, menu_for_unknown_type_is_empty)
{
	struct menu_rec *m;
	size_t n = 99;

	cr_assert_eq(store_menu(conn, "99", &A, &m, &n), 0);
	cr_assert_eq(n, 0);
}

/* ---- users ------------------------------------------------------------- */

Test(store, user_add_and_find)
{
	struct user_rec u = user(RUC1, "ana");
	struct oce_assign codes[] = { oce("00000001", "02"), oce("00000002", "01") };
	struct user_rec got;
	struct oce_rec *o;
	size_t n;
	long long id = 0;

	cr_assert_eq(account_add(conn, &u, codes, 2, 1000, &id), 0);
	cr_assert_gt(id, 0);
	got = find(RUC1, "ana");
	cr_assert_eq(got.id, id);
	cr_assert_str_eq(got.ruc, RUC1);
	cr_assert_str_eq(got.usuario, "ana");
	cr_assert_str_eq(got.nombre, "Nombre de ana");
	cr_assert_str_eq(got.email, "ana@example.ec");
	cr_assert_str_eq(got.pw_hash, "$argon2id$fake");
	cr_assert_eq(got.failures, 0);
	cr_assert_eq(got.blocked_at, 0);
	cr_assert_eq(got.disabled, 0);

	cr_assert_eq(store_user_oces(conn, id, &A, &o, &n), 0);
	cr_assert_eq(n, 2);
	/* Ordered by type, then code. */
	cr_assert_str_eq(o[0].code, "00000002");
	cr_assert_str_eq(o[0].type, "01");
	cr_assert_str_eq(o[0].type_name, "IMPORTADOR");
	cr_assert_str_eq(o[1].code, "00000001");
	cr_assert_str_eq(o[1].type, "02");
	cr_assert_str_eq(o[1].type_name, "LINEA NAVIERA");
}

Test(store, user_find_missing)
{
	struct user_rec u;

	add_user(RUC1, "ana");
	cr_assert_eq(store_user_find(conn, RUC1, "bob", &u), STORE_NOT_FOUND);
	cr_assert_eq(store_user_find(conn, RUC2, "ana", &u), STORE_NOT_FOUND);
	cr_assert_eq(store_user_find(conn, RUC1, "ANA", &u), STORE_NOT_FOUND);
}

Test(store, user_add_duplicate_is_exists)
{
	struct user_rec u = user(RUC1, "ana");
	struct oce_assign codes[] = { oce("00000003", "01") };
	long long id = 0;

	add_user(RUC1, "ana");
	cr_assert_eq(account_add(conn, &u, codes, 1, 2000, &id), STORE_EXISTS);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM oce WHERE code = '00000003'"), 0);
	/* The same usuario under another RUC is another user. */
	u = user(RUC2, "ana");
	cr_assert_eq(account_add(conn, &u, NULL, 0, 2000, &id), 0);
}

Test(store, user_add_shares_codes_within_a_ruc)
{
	struct user_rec a = user(RUC1, "ana"), b = user(RUC1, "bob");
	struct oce_assign codes[] = { oce("00000001", "02") };
	struct oce_rec *o;
	size_t n;
	long long ida = 0, idb = 0;

	cr_assert_eq(account_add(conn, &a, codes, 1, 1000, &ida), 0);
	cr_assert_eq(account_add(conn, &b, codes, 1, 1000, &idb), 0);
	cr_assert_neq(ida, idb);
	cr_assert_eq(store_user_oces(conn, idb, &A, &o, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(q_int("SELECT count(*) FROM oce"), 1);
}

Test(store, user_add_conflict_leaves_nothing_behind)
{
	struct user_rec a = user(RUC1, "ana"), e = user(RUC2, "eve");
	struct oce_assign mine[] = { oce("00000001", "02") };
	/* A new code first (created inside the transaction), then one of RUC1's. */
	struct oce_assign theirs[] = { oce("00000009", "01"), oce("00000001", "02") };
	struct user_rec got;
	long long id = 0;

	cr_assert_eq(account_add(conn, &a, mine, 1, 1000, &id), 0);
	cr_assert_eq(account_add(conn, &e, theirs, 2, 1000, &id), STORE_CONFLICT);
	cr_assert_eq(store_user_find(conn, RUC2, "eve", &got), STORE_NOT_FOUND,
		     "the failed add left a user row");
	cr_assert_eq(q_int("SELECT count(*) FROM app_user"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM oce WHERE code = '00000009'"), 0,
		     "the failed add left an OCE code");
	cr_assert_eq(q_int("SELECT count(*) FROM user_oce"), 1);
	cr_assert_eq(q_int1("SELECT count(*) FROM oce WHERE code = '00000001' AND ruc = $1", RUC1), 1);
	/* The store is usable afterwards (no transaction left open). */
	cr_assert_eq(account_add(conn, &e, NULL, 0, 1000, &id), 0);
}

Test(store, user_add_conflict_on_type)
{
	struct user_rec a = user(RUC1, "ana"), b = user(RUC1, "bob");
	struct oce_assign t02[] = { oce("00000001", "02") };
	struct oce_assign t01[] = { oce("00000001", "01") };
	struct user_rec got;
	long long id = 0;

	cr_assert_eq(account_add(conn, &a, t02, 1, 1000, &id), 0);
	cr_assert_eq(account_add(conn, &b, t01, 1, 1000, &id), STORE_CONFLICT);
	cr_assert_eq(store_user_find(conn, RUC1, "bob", &got), STORE_NOT_FOUND);
}

Test(store, user_add_unknown_type_is_conflict)
{
	struct user_rec u = user(RUC1, "ana");
	struct oce_assign codes[] = { oce("00000001", "99") };
	struct user_rec got;
	long long id = 0;

	cr_assert_eq(account_add(conn, &u, codes, 1, 1000, &id), STORE_CONFLICT);
	cr_assert_eq(store_user_find(conn, RUC1, "ana", &got), STORE_NOT_FOUND);
	cr_assert_eq(q_int("SELECT count(*) FROM oce"), 0);
}

#define LEASE 60

/* One failed sign-in as the page does it: reserve, then report the failure. */
static int fail_once(long long id, int max, long long now, int *blocked)
{
	long long nth;
	int state;
	int rc = store_user_attempt(conn, id, max, LEASE, now, &state, &nth);
	*blocked = state == STORE_ATTEMPT_BLOCKED;
	if (rc != 0 || state != STORE_ATTEMPT_OK)
		return rc;
	return store_user_fail(conn, id, max, now, blocked);
}

Test(store, user_fail_blocks_at_max)
{
	long long id = add_user(RUC1, "ana"), nth;
	int blocked = -1, state = -1;

	cr_assert_eq(fail_once(id, 3, 100, &blocked), 0);
	cr_assert_eq(blocked, 0);
	cr_assert_eq(fail_once(id, 3, 101, &blocked), 0);
	cr_assert_eq(blocked, 0);
	cr_assert_eq(find(RUC1, "ana").failures, 2);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 0);

	cr_assert_eq(fail_once(id, 3, 102, &blocked), 0);
	cr_assert_eq(blocked, 1, "the third failure blocks");
	cr_assert_eq(find(RUC1, "ana").blocked_at, 102);

	/* Later attempts find the account blocked: nothing is counted, the
	 * time does not move, and no password check is allowed. */
	cr_assert_eq(store_user_attempt(conn, id, 3, LEASE, 200, &state, &nth), 0);
	cr_assert_eq(state, STORE_ATTEMPT_BLOCKED);
	cr_assert_eq(nth, 0);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 102);
	cr_assert_eq(find(RUC1, "ana").failures, 3);
}

Test(store, checks_in_flight_are_bounded_but_are_not_failures)
{
	long long id = add_user(RUC1, "ana"), nth[4];
	int blocked = -1, state = -1;

	/* Three sign-ins at once with max 3: each reserves a check first. */
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(store_user_attempt(conn, id, 3, LEASE, 100, &state, &nth[i]), 0);
		cr_assert_eq(state, STORE_ATTEMPT_OK, "attempt %d may be checked", i + 1);
		cr_assert_eq(nth[i], i + 1);
	}
	/* A fourth one finds every remaining check in flight: refused
	 * unchecked, but the account is not blocked by it. */
	cr_assert_eq(store_user_attempt(conn, id, 3, LEASE, 100, &state, &nth[3]), 0);
	cr_assert_eq(state, STORE_ATTEMPT_BUSY);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 0);
	cr_assert_eq(find(RUC1, "ana").failures, 0);
	/* The three checks fail, in any order: only the third failure reports
	 * the block. */
	cr_assert_eq(store_user_fail(conn, id, 3, 101, &blocked), 0);
	cr_assert_eq(blocked, 0);
	cr_assert_eq(store_user_fail(conn, id, 3, 102, &blocked), 0);
	cr_assert_eq(blocked, 0);
	cr_assert_eq(store_user_fail(conn, id, 3, 103, &blocked), 0);
	cr_assert_eq(blocked, 1);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 103);
	/* Blocked: a right password that was still being checked is refused. */
	cr_assert_eq(store_user_succeed(conn, id), STORE_NOT_FOUND);
}

/* Finding 6 of issue 8: a server that dies mid-check must not count it. */
Test(store, checks_a_crash_left_behind_never_lock_the_account)
{
	long long id = add_user(RUC1, "ana"), nth;
	int state = -1;
	long long now = 1000;

	/* Ten rounds of: max checks reserved, then the server dies (nothing
	 * reported), and the next round comes after the lease. */
	for (int round = 0; round < 10; round++, now += LEASE + 1) {
		for (int i = 0; i < 3; i++) {
			cr_assert_eq(store_user_attempt(conn, id, 3, LEASE, now, &state, &nth), 0);
			cr_assert_eq(state, STORE_ATTEMPT_OK, "round %d check %d", round, i);
		}
		/* Within the lease the orphaned reservations still hold the slots. */
		cr_assert_eq(store_user_attempt(conn, id, 3, LEASE, now + LEASE - 1, &state, &nth), 0);
		cr_assert_eq(state, STORE_ATTEMPT_BUSY);
	}
	cr_assert_eq(find(RUC1, "ana").failures, 0, "crashes are not failures");
	cr_assert_eq(find(RUC1, "ana").blocked_at, 0, "and never block");
	cr_assert_eq(store_user_attempt(conn, id, 3, LEASE, now, &state, &nth), 0);
	cr_assert_eq(state, STORE_ATTEMPT_OK);
	cr_assert_eq(nth, 1, "expired reservations are dropped, not added to");
	cr_assert_eq(store_user_succeed(conn, id), 0);
}

Test(store, user_fail_max_one)
{
	long long id = add_user(RUC1, "ana");
	int blocked = 0;

	cr_assert_eq(fail_once(id, 1, 50, &blocked), 0);
	cr_assert_eq(blocked, 1);
}

Test(store, lowered_maximum_blocks_at_the_next_attempt)
{
	long long id = add_user(RUC1, "ana"), nth;
	int blocked = -1, state = -1;

	cr_assert_eq(fail_once(id, 5, 10, &blocked), 0);
	cr_assert_eq(fail_once(id, 5, 11, &blocked), 0);
	cr_assert_eq(blocked, 0);
	cr_assert_eq(store_user_attempt(conn, id, 2, LEASE, 12, &state, &nth), 0);
	cr_assert_eq(state, STORE_ATTEMPT_BLOCKED);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 12);
}

Test(store, user_fail_unknown_user)
{
	int state = -1;
	long long nth;

	cr_assert_eq(store_user_attempt(conn, 12345, 3, LEASE, 100, &state, &nth), STORE_NOT_FOUND);
	cr_assert_eq(state, STORE_ATTEMPT_OK);
	cr_assert_eq(store_user_succeed(conn, 12345), STORE_NOT_FOUND);
}

Test(store, user_succeed_resets_failures)
{
	long long id = add_user(RUC1, "ana");
	int blocked, state;

	fail_once(id, 5, 100, &blocked);
	fail_once(id, 5, 101, &blocked);
	long long nth;

	cr_assert_eq(store_user_attempt(conn, id, 5, LEASE, 102, &state, &nth), 0);
	cr_assert_eq(nth, 3);
	cr_assert_eq(store_user_succeed(conn, id), 0);
	cr_assert_eq(find(RUC1, "ana").failures, 0);
	cr_assert_eq(store_user_attempt(conn, id, 5, LEASE, 103, &state, &nth), 0);
	cr_assert_eq(nth, 1, "the success released its reservation");
	cr_assert_eq(store_user_succeed(conn, id), 0, "nothing to reset is fine");
}

Test(store, user_unblock_adds_one_notice_and_its_audit_row)
{
	long long id = add_user(RUC1, "ana");
	struct notice_rec *v;
	size_t n;
	long long total;
	int blocked;

	for (int i = 0; i < 3; i++)
		fail_once(id, 3, 100 + i, &blocked);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 102);

	struct user_rec u = find(RUC1, "ana");
	cr_assert_eq(account_unblock(conn, "ADUANA", &u, 500, true, "cli"), STORE_OK);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 0);
	cr_assert_eq(find(RUC1, "ana").failures, 0);
	cr_assert_eq(store_notice_unread(conn, id), 1);
	list(id, NULL, 1, &v, &n, &total);
	cr_assert_eq(total, 1);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].subject, "COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO");
	cr_assert_str_eq(v[0].sender, "SENAE");
	cr_assert_eq(v[0].created_at, 500);
	cr_assert_eq(v[0].read_at, 0);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'unblock' AND addr = 'cli'"
			   " AND detail = 'administrador' AND at = 500 AND usuario = 'ana'"), 1);

	/* A second unblock finds nothing to do and adds no notice. */
	cr_assert_eq(account_unblock(conn, "ADUANA", &u, 600, true, "cli"), STORE_NOT_FOUND);
	cr_assert_eq(q_int("SELECT count(*) FROM notice"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'unblock'"), 1);
}

Test(store, user_unblock_when_not_blocked)
{
	long long id = add_user(RUC1, "ana");
	int blocked;

	struct user_rec u, ghost;

	fail_once(id, 3, 100, &blocked);   /* one failure: not blocked */
	u = find(RUC1, "ana");
	cr_assert_eq(account_unblock(conn, "ADUANA", &u, 500, false, "x"), STORE_NOT_FOUND);
	cr_assert_eq(q_int("SELECT count(*) FROM notice"), 0);
	cr_assert_eq(find(RUC1, "ana").failures, 1, "a refused unblock changes nothing");
	ghost = u;
	ghost.id = 9999;
	cr_assert_eq(account_unblock(conn, "ADUANA", &ghost, 500, false, "x"), STORE_NOT_FOUND);
	/* No transaction was left open. */
	cr_assert_eq(fail_once(id, 3, 101, &blocked), 0);
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(db_rollback(conn), DB_OK);
}

Test(store, user_set_disabled_ends_sessions)
{
	long long id = add_user(RUC1, "ana");
	struct session_rec s;

	cr_assert_eq(store_session_create(conn, hash_of(1), id, "csrf", 100, "127.0.0.1"), 0);
	cr_assert_eq(account_set_disabled(conn, id, true, "cli", 700), 0);
	cr_assert_eq(find(RUC1, "ana").disabled, 1);
	cr_assert_eq(store_session_find(conn, hash_of(1), &s), STORE_NOT_FOUND);
	cr_assert_eq(account_set_disabled(conn, id, false, "cli", 800), 0);
	cr_assert_eq(find(RUC1, "ana").disabled, 0);
	cr_assert_eq(account_set_disabled(conn, 9999, true, "cli", 900), STORE_NOT_FOUND);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'disable' AND at = 700 AND addr = 'cli'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'enable' AND at = 800"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE at = 900"), 0, "nothing for an unknown user");
}

/* ---- sessions ---------------------------------------------------------- */

Test(store, session_create_and_find)
{
	struct user_rec u = user(RUC1, "ana");
	struct oce_assign codes[] = { oce("00000001", "02") };
	struct session_rec s;
	long long id = 0;

	cr_assert_eq(account_add(conn, &u, codes, 1, 1000, &id), 0);
	cr_assert_eq(store_session_create(conn, hash_of(1), id, "csrf-one", 2000, "10.0.0.1"), 0);
	memset(&s, 0x5a, sizeof(s));
	cr_assert_eq(store_session_find(conn, hash_of(1), &s), 0);
	cr_assert_eq(s.user_id, id);
	cr_assert_str_eq(s.ruc, RUC1);
	cr_assert_str_eq(s.usuario, "ana");
	cr_assert_str_eq(s.nombre, "Nombre de ana");
	cr_assert_str_eq(s.oce_code, "", "no OCE until one is chosen");
	cr_assert_str_eq(s.oce_type, "");
	cr_assert_str_eq(s.csrf, "csrf-one");
	cr_assert_eq(s.created_at, 2000);
	cr_assert_eq(s.last_seen, 2000);
	cr_assert_eq(s.disabled, 0);
	cr_assert_eq(store_session_find(conn, hash_of(2), &s), STORE_NOT_FOUND);
}

Test(store, session_touch)
{
	long long id = add_user(RUC1, "ana");
	struct session_rec s;

	cr_assert_eq(store_session_create(conn, hash_of(1), id, "c", 2000, "a"), 0);
	cr_assert_eq(store_session_touch(conn, hash_of(1), 2500), 0);
	cr_assert_eq(store_session_find(conn, hash_of(1), &s), 0);
	cr_assert_eq(s.last_seen, 2500);
	cr_assert_eq(s.created_at, 2000);
}

Test(store, session_rotate)
{
	struct user_rec u = user(RUC1, "ana");
	struct oce_assign codes[] = { oce("00000001", "02") };
	struct session_rec s;
	long long id = 0;

	cr_assert_eq(account_add(conn, &u, codes, 1, 1000, &id), 0);
	cr_assert_eq(store_session_create(conn, hash_of(1), id, "csrf-1", 2000, "a"), 0);

	cr_assert_eq(store_session_rotate(conn, hash_of(1), hash_of(2), "00000001", "csrf-2", 2100), 0);
	cr_assert_eq(store_session_find(conn, hash_of(1), &s), STORE_NOT_FOUND,
		     "the old token must stop working");
	cr_assert_eq(store_session_find(conn, hash_of(2), &s), 0);
	cr_assert_str_eq(s.oce_code, "00000001");
	cr_assert_str_eq(s.oce_type, "02");
	cr_assert_str_eq(s.csrf, "csrf-2");
	cr_assert_eq(s.last_seen, 2100);
	cr_assert_eq(s.created_at, 2000);

	/* Without an OCE code the chosen one is kept. */
	cr_assert_eq(store_session_rotate(conn, hash_of(2), hash_of(3), NULL, "csrf-3", 2200), 0);
	cr_assert_eq(store_session_find(conn, hash_of(3), &s), 0);
	cr_assert_str_eq(s.oce_code, "00000001");
	cr_assert_str_eq(s.csrf, "csrf-3");

	cr_assert_eq(store_session_rotate(conn, hash_of(1), hash_of(4), NULL, "x", 2300),
		     STORE_NOT_FOUND, "rotating a dead token");
}

Test(store, session_delete)
{
	long long id = add_user(RUC1, "ana");
	struct session_rec s;

	cr_assert_eq(store_session_create(conn, hash_of(1), id, "c", 2000, "a"), 0);
	cr_assert_eq(store_session_create(conn, hash_of(2), id, "c", 2000, "a"), 0);
	cr_assert_eq(store_session_delete(conn, hash_of(1)), 0);
	cr_assert_eq(store_session_find(conn, hash_of(1), &s), STORE_NOT_FOUND);
	cr_assert_eq(store_session_find(conn, hash_of(2), &s), 0, "other sessions live on");
	cr_assert_eq(store_session_delete(conn, hash_of(1)), STORE_NOT_FOUND);
}

Test(store, session_purge)
{
	long long id = add_user(RUC1, "ana");
	struct session_rec s;

	cr_assert_eq(store_session_create(conn, hash_of(1), id, "c", 100, "a"), 0);
	cr_assert_eq(store_session_create(conn, hash_of(2), id, "c", 200, "a"), 0);
	cr_assert_eq(store_session_create(conn, hash_of(3), id, "c", 300, "a"), 0);
	cr_assert_eq(store_session_purge(conn, 250), 2);
	cr_assert_eq(store_session_find(conn, hash_of(1), &s), STORE_NOT_FOUND);
	cr_assert_eq(store_session_find(conn, hash_of(2), &s), STORE_NOT_FOUND);
	cr_assert_eq(store_session_find(conn, hash_of(3), &s), 0);
	cr_assert_eq(store_session_purge(conn, 300), 0, "cutoff is exclusive");
	cr_assert_eq(store_session_purge(conn, 301), 1);
}

/* ---- notices ----------------------------------------------------------- */

Test(store, notice_list_pages_newest_first)
{
	long long id = add_user(RUC1, "ana"), other = add_user(RUC1, "bob");
	struct notice_rec *v;
	size_t n;
	long long total;
	char subj[32];

	/* 25 notices; 10 and 11 share a time so the id breaks the tie. */
	for (int i = 0; i < 25; i++) {
		snprintf(subj, sizeof(subj), "Aviso %02d", i);
		cr_assert_eq(store_notice_add(conn, id, "SENAE", "BUZON", subj, "cuerpo",
					      i == 11 ? 1000 + 10 : 1000 + i), 0);
	}
	cr_assert_eq(store_notice_add(conn, other, "SENAE", "BUZON", "Otro", "x", 5000), 0);

	list(id, NULL, 1, &v, &n, &total);
	cr_assert_eq(total, 25);
	cr_assert_eq(n, LIMIT_PAGE_ROWS);
	cr_assert_str_eq(v[0].subject, "Aviso 24");
	cr_assert_eq(v[0].created_at, 1024);
	for (size_t i = 1; i < n; i++)
		cr_assert(v[i - 1].created_at > v[i].created_at ||
			  (v[i - 1].created_at == v[i].created_at && v[i - 1].id > v[i].id),
			  "row %zu out of order", i);
	/* Same time: the later id (Aviso 11) comes first. */
	cr_assert_str_eq(v[13].subject, "Aviso 11");
	cr_assert_str_eq(v[14].subject, "Aviso 10");

	list(id, "", 2, &v, &n, &total);
	cr_assert_eq(total, 25);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(v[4].subject, "Aviso 00");

	list(id, NULL, 3, &v, &n, &total);
	cr_assert_eq(n, 5, "a page past the end shows the last page");
	cr_assert_str_eq(v[4].subject, "Aviso 00");
	cr_assert_eq(total, 25);

	list(other, NULL, 1, &v, &n, &total);
	cr_assert_eq(total, 1, "only the user's own notices");
	cr_assert_str_eq(v[0].subject, "Otro");
}

Test(store, notice_list_filter)
{
	long long id = add_user(RUC1, "ana");
	struct notice_rec *v;
	size_t n;
	long long total;

	store_notice_add(conn, id, "S", "R", "COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO", "b", 1);
	store_notice_add(conn, id, "S", "R", "Liquidación pendiente", "b", 2);
	store_notice_add(conn, id, "S", "R", "Comunicado general", "b", 3);

	list(id, "desbloqueo", 1, &v, &n, &total);
	cr_assert_eq(total, 1);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].subject, "COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO");

	list(id, "comunicado", 1, &v, &n, &total);
	cr_assert_eq(total, 2, "ASCII case does not matter");

	list(id, "no such text", 1, &v, &n, &total);
	cr_assert_eq(total, 0);
	cr_assert_eq(n, 0);
}

Test(store, notice_filter_takes_wildcards_literally)
{
	long long id = add_user(RUC1, "ana");
	struct notice_rec *v;
	size_t n;
	long long total;

	store_notice_add(conn, id, "S", "R", "Descuento 100% aplicado", "b", 1);
	store_notice_add(conn, id, "S", "R", "Descuento 1000 aplicado", "b", 2);
	store_notice_add(conn, id, "S", "R", "codigo a_b", "b", 3);
	store_notice_add(conn, id, "S", "R", "codigo axb", "b", 4);
	store_notice_add(conn, id, "S", "R", "ruta C:\\temp", "b", 5);
	store_notice_add(conn, id, "S", "R", "ruta C:xtemp", "b", 6);

	list(id, "100%", 1, &v, &n, &total);
	cr_assert_eq(total, 1, "'%%' matched more than itself");
	cr_assert_str_eq(v[0].subject, "Descuento 100% aplicado");

	list(id, "a_b", 1, &v, &n, &total);
	cr_assert_eq(total, 1, "'_' matched more than itself");
	cr_assert_str_eq(v[0].subject, "codigo a_b");

	list(id, "%", 1, &v, &n, &total);
	cr_assert_eq(total, 1);

	list(id, "_", 1, &v, &n, &total);
	cr_assert_eq(total, 1);

	list(id, "C:\\t", 1, &v, &n, &total);
	cr_assert_eq(total, 1, "the escape character itself is literal");
	cr_assert_str_eq(v[0].subject, "ruta C:\\temp");
}

Test(store, notice_unread_and_open)
{
	long long id = add_user(RUC1, "ana");
	struct notice_rec *v, r;
	size_t n;
	long long total, nid;

	store_notice_add(conn, id, "SENAE", "BUZON PERSONAL", "Primero", "Cuerpo uno", 100);
	store_notice_add(conn, id, "SENAE", "BUZON PERSONAL", "Segundo", "Cuerpo dos", 200);
	cr_assert_eq(store_notice_unread(conn, id), 2);
	list(id, NULL, 1, &v, &n, &total);
	nid = v[1].id;   /* "Primero" */

	memset(&r, 0, sizeof(r));
	cr_assert_eq(store_notice_open(conn, id, nid, 300, &A, &r), 0);
	cr_assert_eq(r.id, nid);
	cr_assert_str_eq(r.subject, "Primero");
	cr_assert_str_eq(r.body, "Cuerpo uno");
	cr_assert_str_eq(r.sender, "SENAE");
	cr_assert_str_eq(r.recipient, "BUZON PERSONAL");
	cr_assert_eq(r.created_at, 100);
	cr_assert_eq(r.read_at, 300);
	cr_assert_eq(store_notice_unread(conn, id), 1);

	/* Opening again keeps the first reading time. */
	cr_assert_eq(store_notice_open(conn, id, nid, 400, &A, &r), 0);
	cr_assert_eq(r.read_at, 300);
	cr_assert_eq(store_notice_unread(conn, id), 1);

	list(id, NULL, 1, &v, &n, &total);
	cr_assert_eq(v[0].read_at, 0);
	cr_assert_eq(v[1].read_at, 300);
}

Test(store, notice_open_refuses_another_users_notice)
{
	long long ana = add_user(RUC1, "ana"), eve = add_user(RUC2, "eve");
	struct notice_rec *v, r;
	size_t n;
	long long total;

	store_notice_add(conn, ana, "SENAE", "BUZON", "Privado", "secreto", 100);
	list(ana, NULL, 1, &v, &n, &total);
	cr_assert_eq(store_notice_open(conn, eve, v[0].id, 200, &A, &r), STORE_NOT_FOUND);
	cr_assert_eq(store_notice_unread(conn, ana), 1, "eve's attempt marked it read");
	cr_assert_eq(store_notice_open(conn, ana, 99999, 200, &A, &r), STORE_NOT_FOUND);
}

/* ---- news -------------------------------------------------------------- */

Test(store, news_latest)
{
	struct news_rec *v;
	size_t n;

	for (int i = 0; i < 7; i++) {
		char t[16];
		snprintf(t, sizeof(t), "Noticia %d", i);
		cr_assert_eq(store_news_add(conn, t, "cuerpo", 100 + i), 0);
	}
	cr_assert_eq(store_news_latest(conn, LIMIT_NEWS_ITEMS, &A, &v, &n), 0);
	cr_assert_eq(n, LIMIT_NEWS_ITEMS);
	cr_assert_str_eq(v[0].title, "Noticia 6");
	cr_assert_eq(v[0].published_at, 106);
	cr_assert_str_eq(v[4].title, "Noticia 2");
}

/* ---- audit ------------------------------------------------------------- */

Test(store, audit_rows)
{
	long long id = add_user(RUC1, "ana");
	struct db_stmt *st;

	cr_assert_eq(store_audit(conn, "login_ok", RUC1, "ana", id, "00000001", "10.0.0.1",
				 "detalle", 777), 0);
	cr_assert_eq(store_audit(conn, "login_unknown", NULL, NULL, 0, "", NULL, NULL, 778), 0);

	st = db_prepare(conn, "SELECT at, event, ruc, usuario, user_id, oce_code, addr, detail"
			      " FROM audit ORDER BY id");
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_col_int(st, 0), 777);
	cr_assert_str_eq(db_col_text(st, 1), "login_ok");
	cr_assert_str_eq(db_col_text(st, 2), RUC1);
	cr_assert_str_eq(db_col_text(st, 3), "ana");
	cr_assert_eq(db_col_int(st, 4), id);
	cr_assert_str_eq(db_col_text(st, 5), "00000001");
	cr_assert_str_eq(db_col_text(st, 6), "10.0.0.1");
	cr_assert_str_eq(db_col_text(st, 7), "detalle");

	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_col_int(st, 0), 778);
	cr_assert_str_eq(db_col_text(st, 1), "login_unknown");
	cr_assert_str_eq(db_col_text(st, 2), "");
	cr_assert_str_eq(db_col_text(st, 3), "");
	cr_assert(db_col_null(st, 4), "no user id is NULL");
	cr_assert(db_col_null(st, 5), "an empty OCE code is NULL");
	cr_assert_str_eq(db_col_text(st, 6), "");
	cr_assert_str_eq(db_col_text(st, 7), "");
	cr_assert_eq(db_step(st), DB_DONE);
	db_reset(st);
}

Test(store, audit_keeps_hostile_text_verbatim)
{
	static const char evil[] = "'); DROP TABLE app_user; --";
	struct db_stmt *st;

	cr_assert_eq(store_audit(conn, "login_fail", evil, evil, 0, NULL, "a", evil, 1), 0);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user"), 0, "the table is still there");
	st = db_prepare(conn, "SELECT ruc, detail FROM audit");
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), evil);
	cr_assert_str_eq(db_col_text(st, 1), evil);
	db_reset(st);
}

Test(store, notice_counts_total_matching_and_unread_of_all)
{
	long long id = add_user(RUC1, "ana"), total = -1, unread = -1;
	struct notice_rec out;

	cr_assert_eq(store_notice_counts(conn, id, NULL, &A, &total, &unread), 0);
	cr_assert_eq(total, 0);
	cr_assert_eq(unread, 0, "no notices: zero, not NULL");
	store_notice_add(conn, id, "SENAE", "BUZON PERSONAL", "Aviso de desbloqueo", "b", 10);
	store_notice_add(conn, id, "SENAE", "BUZON PERSONAL", "Canal de aforo", "b", 20);
	store_notice_add(conn, id, "SENAE", "BUZON PERSONAL", "Otro aviso", "b", 30);
	cr_assert_eq(store_notice_open(conn, id, q_int("SELECT max(id) FROM notice"), 40, &A, &out), 0);
	cr_assert_eq(store_notice_counts(conn, id, "", &A, &total, &unread), 0);
	cr_assert_eq(total, 3);
	cr_assert_eq(unread, 2);
	cr_assert_eq(store_notice_counts(conn, id, "aviso", &A, &total, &unread), 0);
	cr_assert_eq(total, 2, "case does not matter");
	cr_assert_eq(unread, 2, "unread counts all notices, not only the matching ones");
}

/* ---- results, officers, atomicity ------------------------------------------ */

Test(store, not_found_never_shares_a_value_with_a_row)
{
	cr_assert_neq(STORE_NOT_FOUND, DB_ROW);
	cr_assert_neq(STORE_NOT_FOUND, DB_DONE);
	cr_assert_neq(STORE_NOT_FOUND, STORE_OK);
	cr_assert_gt(STORE_NOT_FOUND, 0, "not found is an outcome, not an error");
	cr_assert_lt(STORE_EXISTS, 0);
	cr_assert_lt(STORE_CONFLICT, 0);
}

Test(store, an_officer_is_a_user_without_ruc_or_oce)
{
	struct user_rec o = user("", "inspector1"), dup;
	long long id = 0, id2 = 0;

	snprintf(o.kind, sizeof(o.kind), "%s", USER_OFFICER);
	snprintf(o.distrito, sizeof(o.distrito), "028");
	snprintf(o.roles, sizeof(o.roles), "recepcion,aforo");
	cr_assert_eq(account_add(conn, &o, NULL, 0, 100, &id), STORE_OK);
	cr_assert_gt(id, 0);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE kind = 'funcionario' AND ruc IS NULL"
			   " AND distrito = '028' AND roles = 'recepcion,aforo'"), 1);
	/* Officers share no RUC: their ID. Usuario alone is unique among them. */
	dup = o;
	cr_assert_eq(account_add(conn, &dup, NULL, 0, 100, &id2), STORE_EXISTS);
	/* An operator's user may have the same ID. Usuario. */
	add_user(RUC1, "inspector1");
	/* An officer is never found as an operator's user. */
	cr_assert_eq(store_user_find(conn, "", "inspector1", &dup), STORE_NOT_FOUND);
}

Test(store, a_cedula_identifies_a_user_without_ruc)
{
	long long id = add_user("1710034065", "sin.ruc");

	cr_assert_gt(id, 0);
	cr_assert_eq(find("1710034065", "sin.ruc").id, id);
	cr_assert_eq(store_user_find(conn, "1710034065001", "sin.ruc", &(struct user_rec){ 0 }), STORE_NOT_FOUND);
}

Test(store, a_failed_audit_row_fails_the_change)
{
	long long id = add_user(RUC1, "ana");
	struct user_rec u = find(RUC1, "ana");
	int blocked;

	for (int i = 0; i < 3; i++)
		fail_once(id, 3, 100 + i, &blocked);
	/* The audit insert will fail (its table is gone): the unblock, the
	 * notice and the audit row must all be absent afterwards. */
	cr_assert_eq(db_begin(conn), DB_OK);
	{
		struct db_stmt *st = db_prepare(conn, "ALTER TABLE audit RENAME TO audit_gone");
		cr_assert_eq(db_run(st), DB_DONE);
	}
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_lt(account_unblock(conn, "ADUANA", &u, 500, true, "cli"), 0);
	cr_assert_eq(find(RUC1, "ana").blocked_at, 102, "still blocked");
	cr_assert_eq(q_int("SELECT count(*) FROM notice"), 0, "no notice without its audit row");
	cr_assert(!db_in_transaction(conn));
}

/* ---- keyset paging and search ----------------------------------------------- */

/* n notices for user id, "Aviso 000".., one a second from t0; every 7th is
 * titled with an accent ("Notificación"). */
static void add_notices(long long id, int n, long long t0)
{
	char subj[64];

	cr_assert_eq(db_begin(conn), DB_OK);
	for (int i = 0; i < n; i++) {
		if (i % 7 == 0)
			snprintf(subj, sizeof(subj), "Notificación %03d", i);
		else
			snprintf(subj, sizeof(subj), "Aviso %03d", i);
		cr_assert_eq(store_notice_add(conn, id, "SENAE", "BUZON", subj, "b", t0 + i), STORE_OK);
	}
	cr_assert_eq(db_commit(conn), DB_OK);
}

static struct notices_page page(long long id, const char *q, long long pagina, enum notice_dir dir,
				struct notice_key key)
{
	struct notices_query nq = { .q = q, .pagina = pagina, .dir = dir, .key = key,
				    .per_page = LIMIT_PAGE_ROWS };
	struct notices_page np;

	cr_assert_eq(notices_page(conn, id, &nq, &A, &np), STORE_OK);
	return np;
}

/* Row i (0 = newest) of 65 notices made by add_notices is number 64 - i. */
static void assert_rows(const struct notices_page *np, int first_number, size_t n, const char *what)
{
	cr_assert_eq(np->n, n, "%s: %zu rows", what, np->n);
	for (size_t i = 0; i < n; i++) {
		char want[32];
		int k = first_number - (int)i;
		snprintf(want, sizeof(want), k % 7 == 0 ? "Notificación %03d" : "Aviso %03d", k);
		cr_assert_str_eq(np->rows[i].subject, want, "%s: row %zu", what, i);
	}
}

Test(store, pages_by_number_by_key_and_at_the_ends)
{
	long long id = add_user(RUC1, "ana");
	struct notices_page p1, p2, p3, p4, back;

	add_notices(id, 65, 1000);   /* 4 pages: 20, 20, 20, 5 */
	p1 = page(id, NULL, 1, NOTICE_FIRST, (struct notice_key){ 0, 0 });
	cr_assert_eq(p1.paginas, 4);
	assert_rows(&p1, 64, 20, "page 1");
	/* Typed by number, without a key: the middle pages are found too. */
	p2 = page(id, NULL, 2, NOTICE_FIRST, (struct notice_key){ 0, 0 });
	assert_rows(&p2, 44, 20, "page 2 by number");
	p3 = page(id, NULL, 3, NOTICE_FIRST, (struct notice_key){ 0, 0 });
	assert_rows(&p3, 24, 20, "page 3 by number");
	p4 = page(id, NULL, 4, NOTICE_FIRST, (struct notice_key){ 0, 0 });
	assert_rows(&p4, 4, 5, "page 4 (the tail)");
	/* Following the pager's keys gives the same pages. */
	assert_rows((struct notices_page[]){ page(id, NULL, 2, NOTICE_OLDER, p1.last) }, 44, 20, "next from 1");
	assert_rows((struct notices_page[]){ page(id, NULL, 3, NOTICE_OLDER, p2.last) }, 24, 20, "next from 2");
	back = page(id, NULL, 2, NOTICE_NEWER, p3.first);
	assert_rows(&back, 44, 20, "previous from 3");
	cr_assert_eq(back.pagina, 2);
	/* The ends: 0 is the first page, past the end is the last. */
	assert_rows((struct notices_page[]){ page(id, NULL, 0, NOTICE_FIRST, p1.first) }, 64, 20, "page 0");
	assert_rows((struct notices_page[]){ page(id, NULL, 99, NOTICE_FIRST, p1.first) }, 4, 5, "page 99");
	cr_assert_eq(page(id, NULL, 99, NOTICE_FIRST, p1.first).pagina, 4);
	/* A key from an older visit still lands on a full page. */
	add_notices(id, 3, 5000);
	assert_rows((struct notices_page[]){ page(id, NULL, 2, NOTICE_OLDER, p1.last) }, 44, 20,
		    "next from 1 after new notices arrived");
}

Test(store, an_empty_mailbox_has_one_empty_page)
{
	long long id = add_user(RUC1, "ana");
	struct notices_page np = page(id, NULL, 5, NOTICE_FIRST, (struct notice_key){ 0, 0 });

	cr_assert_eq(np.n, 0);
	cr_assert_eq(np.total, 0);
	cr_assert_eq(np.pagina, 1);
	cr_assert_eq(np.paginas, 1);
}

Test(store, search_ignores_case_and_accents_both_ways)
{
	long long id = add_user(RUC1, "ana");
	struct notices_page np;

	add_notices(id, 65, 1000);   /* 10 "Notificación NNN" (0, 7, ..., 63) */
	for (const char *const *q = (const char *const[]){ "notificacion", "NOTIFICACIÓN", "Notificación",
							    "notificaciÓn", "TIFICACI", NULL }; *q; q++) {
		np = page(id, *q, 1, NOTICE_FIRST, (struct notice_key){ 0, 0 });
		cr_assert_eq(np.total, 10, "q=%s", *q);
		cr_assert_str_eq(np.rows[0].subject, "Notificación 063", "q=%s", *q);
	}
	np = page(id, "aviso 06", 1, NOTICE_FIRST, (struct notice_key){ 0, 0 });
	cr_assert_eq(np.total, 4, "Aviso 060, 061, 062, 064");
	/* Paging within a search, by number and by key. */
	np = page(id, "aviso", 2, NOTICE_FIRST, (struct notice_key){ 0, 0 });
	cr_assert_eq(np.total, 55);
	cr_assert_eq(np.n, 20);
	cr_assert_str_eq(np.rows[0].subject, "Aviso 040");
	np = page(id, "aviso", 3, NOTICE_OLDER, np.last);
	cr_assert_eq(np.n, 15, "the last page of 55 matches");
	cr_assert_str_eq(np.rows[14].subject, "Aviso 001");
}

/* The mailbox totals kept on the user's row agree with the notices, through
 * inserts, first and repeated openings, and deletions (migration 004). */
Test(store, mailbox_totals_follow_the_notices)
{
	long long ana = add_user(RUC1, "ana"), bob = add_user(RUC2, "bob"), total, unread;
	struct notice_rec r;

	add_notices(ana, 9, 100);
	add_notices(bob, 4, 100);
	cr_assert_eq(store_notice_counts(conn, ana, NULL, &A, &total, &unread), STORE_OK);
	cr_assert_eq(total, 9);
	cr_assert_eq(unread, 9);
	for (int i = 0; i < 3; i++) {
		long long id = q_int("SELECT min(id) FROM notice WHERE read_at IS NULL AND user_id = 1");
		cr_assert_eq(store_notice_open(conn, ana, id, 500, &A, &r), STORE_OK);
		cr_assert_eq(store_notice_open(conn, ana, id, 600, &A, &r), STORE_OK, "again: no change");
	}
	cr_assert_eq(store_notice_counts(conn, ana, NULL, &A, &total, &unread), STORE_OK);
	cr_assert_eq(total, 9);
	cr_assert_eq(unread, 6);
	{
		struct db_stmt *st = db_prepare(conn, "DELETE FROM notice WHERE user_id = $1 AND read_at IS NOT NULL"
					       " AND id = (SELECT min(id) FROM notice WHERE user_id = $1)");
		cr_assert_not_null(st);
		db_bind_int(st, 1, ana);
		cr_assert_eq(db_run(st), DB_DONE);
	}
	cr_assert_eq(store_notice_counts(conn, ana, NULL, &A, &total, &unread), STORE_OK);
	cr_assert_eq(total, 8);
	cr_assert_eq(unread, 6);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE user_id = 1"), total);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE user_id = 1 AND read_at IS NULL"), unread);
	cr_assert_eq(store_notice_counts(conn, bob, NULL, &A, &total, &unread), STORE_OK);
	cr_assert_eq(total, 4, "the other user's totals are untouched");
	cr_assert_eq(unread, 4);
	/* With a search, the total is of the matches; unread stays of all. */
	cr_assert_eq(store_notice_counts(conn, ana, "notificacion", &A, &total, &unread), STORE_OK);
	cr_assert_eq(total, 1, "Notificación 007 is left (000 was deleted)");
	cr_assert_eq(unread, 6);
}
