/*
 * test_db.c — unit tests of db.h itself, on whichever engine db_fixture.h
 * picks: SQLite by default, PostgreSQL under scripts/pg.sh (ADUANA_TEST_PG).
 * Every test must pass on both: what they check is the contract of db.h,
 * not an engine's habits.
 *
 * Each test gets a fresh migrated store with a pool of two connections and
 * holds the first one (conn).  Covered: the migrations (recorded, the same
 * numbers and names on both engines, idempotent), the shape migration 003
 * gave app_user, binds (by number in any order, NULL, unbound, texts that
 * must come back byte for byte, 64-bit integers), the sticky bind error,
 * changes, RETURNING, transactions (rollback, a COMMIT after a failed
 * statement, nesting refused, a read snapshot against a second connection),
 * the statement cache (more statements than slots, held statements never
 * evicted nor handed out twice, reset by db_release), and the SQL the store
 * writes once for both engines.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/limits.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrations.h"
#include "db_fixture.h"

static struct db *db;
static struct db_conn *conn;
static struct db_conn *conn2;

static void setup(void)
{
	log_set_level(LOG_WARN);   /* no "migration applied" lines for every test */
	db = fixture_open(2);
	conn = db_acquire(db);
	cr_assert_not_null(conn);
}

static void teardown(void)
{
	if (conn2)
		db_release(db, conn2);
	if (conn)
		db_release(db, conn);
	conn = conn2 = NULL;
	fixture_close(db);
	db = NULL;
}

TestSuite(db, .init = setup, .fini = teardown, .timeout = 60);

/* ---- helpers ----------------------------------------------------------- */

/* A one-value SELECT on c with no parameters. */
static long long q_int_on(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	long long v;

	cr_assert_not_null(st, "prepare: %s", sql);
	cr_assert_eq(db_step(st), DB_ROW, "no row: %s", sql);
	v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

static long long q_int(const char *sql)
{
	return q_int_on(conn, sql);
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

static long long news_count(struct db_conn *c)
{
	return q_int_on(c, "SELECT count(*) FROM news");
}

/* Inserts a news item on c; the db_run result. */
static int add_news(struct db_conn *c, const char *title, long long at)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO news (title, body, published_at) VALUES ($1, $2, $3)");

	cr_assert_not_null(st);
	db_bind_text(st, 1, title);
	db_bind_text(st, 2, "cuerpo");
	db_bind_int(st, 3, at);
	return db_run(st);
}

/* Inserts a user (kind NULL: the column's default); the db_run result. */
static int add_user(const char *kind, const char *ruc, const char *usuario)
{
	struct db_stmt *st;

	if (kind == NULL) {
		st = db_prepare(conn, "INSERT INTO app_user (ruc, usuario, nombre, email, pw_hash, created_at)"
				      " VALUES ($1, $2, 'Nombre', 'n@example.ec', 'h', 1)");
		cr_assert_not_null(st);
		db_bind_text(st, 1, ruc);
		db_bind_text(st, 2, usuario);
		return db_run(st);
	}
	st = db_prepare(conn, "INSERT INTO app_user (kind, ruc, usuario, nombre, email, pw_hash, created_at)"
			      " VALUES ($1, $2, $3, 'Nombre', 'n@example.ec', 'h', 1)");
	cr_assert_not_null(st);
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, ruc);
	db_bind_text(st, 3, usuario);
	return db_run(st);
}

/* ---- migrations -------------------------------------------------------- */

Test(db, engine_is_the_fixtures)
{
	cr_assert_str_eq(db_engine(db) == DB_POSTGRES ? "postgresql" : "sqlite", fixture_engine());
}

/* An acknowledged commit survives a power cut: SQLite syncs its log at every
 * commit (synchronous FULL = 2); PostgreSQL's commits wait for the WAL flush
 * (synchronous_commit on in every session aduana opens, whatever the
 * server's default; fsync is the server's own setting — the tests' throwaway
 * server turns it off for speed, a deployment must not). */
Test(db, commits_are_durable_when_acknowledged)
{
	if (db_engine(db) == DB_POSTGRES) {
		struct db_stmt *st = db_prepare(conn, "SELECT current_setting('synchronous_commit')");
		cr_assert_not_null(st);
		cr_assert_eq(db_step(st), DB_ROW);
		cr_assert_str_eq(db_col_text(st, 0), "on");
		db_reset(st);
		return;
	}
	cr_assert_eq(q_int("PRAGMA synchronous"), 2);
	cr_assert_eq(q_int("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

Test(db, migrations_recorded_same_on_both_engines_and_idempotent)
{
	const struct embedded_file *m = db_engine(db) == DB_POSTGRES ? db_migrations_pg : db_migrations_sqlite;
	size_t n = db_engine(db) == DB_POSTGRES ? db_migrations_pg_count : db_migrations_sqlite_count;
	const char *name_sql = "SELECT name FROM schema_version WHERE version = $1";
	long long applied;

	/* Both sets have the same files: same numbers, same names. */
	cr_assert_eq(db_migrations_sqlite_count, db_migrations_pg_count);
	for (size_t i = 0; i < db_migrations_pg_count; i++)
		cr_assert_str_eq(db_migrations_sqlite[i].name, db_migrations_pg[i].name);
	cr_assert_geq(n, 3);

	cr_assert_eq(db_schema_version(conn), (int)n);
	cr_assert_eq(q_int("SELECT count(*) FROM schema_version"), (long long)n);
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prepare(conn, name_sql);
		cr_assert_not_null(st);
		db_bind_int(st, 1, (long long)i + 1);
		cr_assert_eq(db_step(st), DB_ROW, "version %zu not recorded", i + 1);
		cr_assert_str_eq(db_col_text(st, 0), m[i].name);
		db_reset(st);
	}
	cr_assert_eq(q_int("SELECT count(*) FROM oce_type"), 12);
	cr_assert_eq(q_int("SELECT count(*) FROM menu_option"), 21);
	applied = q_int("SELECT sum(applied_at) FROM schema_version");

	/* Again, twice, with conn held (the runner takes the other one). */
	cr_assert_eq(db_migrate(db), DB_OK);
	cr_assert_eq(db_migrate(db), DB_OK);
	cr_assert_eq(db_schema_version(conn), (int)n);
	cr_assert_eq(q_int("SELECT count(*) FROM schema_version"), (long long)n);
	cr_assert_eq(q_int("SELECT sum(applied_at) FROM schema_version"), applied);
	cr_assert_eq(q_int("SELECT count(*) FROM oce_type"), 12);
	cr_assert_eq(q_int("SELECT count(*) FROM menu_option"), 21);
	cr_assert_eq(q_int("SELECT count(*) FROM menu_access"),
		     16 * 12 + 2 * 3 + 3 * 2   /* 002: everyone's, duties, exemptions */
		     - 2 * 4);                 /* 014: no 1.1 or 1.8 for the 4 types that send nothing */
}

Test(db, users_after_003)
{
	struct db_stmt *st;

	/* Operators: a RUC of 13 digits or a cédula of 10; nothing else. */
	cr_assert_eq(add_user("operador", "1790011674001", "ana"), DB_DONE);
	cr_assert_eq(add_user("operador", "1710034065", "ana"), DB_DONE);
	cr_assert_eq(add_user(NULL, "0992339411001", "def"), DB_DONE);
	cr_assert_eq(add_user("operador", "179001167400", "bad"), DB_CONSTRAINT);
	cr_assert_eq(add_user("operador", NULL, "noruc"), DB_CONSTRAINT);
	cr_assert_eq(add_user("operador", "1790011674001", "ana"), DB_CONSTRAINT);   /* (ruc, usuario) */
	cr_assert_eq(q_int1("SELECT count(*) FROM app_user WHERE usuario = $1 AND kind = 'operador'", "def"), 1);

	/* Officers: no RUC; usuario unique among officers only. */
	cr_assert_eq(add_user("funcionario", NULL, "jperez"), DB_DONE);
	cr_assert_eq(add_user("funcionario", "1790011674001", "conruc"), DB_CONSTRAINT);
	cr_assert_eq(add_user("funcionario", NULL, "jperez"), DB_CONSTRAINT);
	cr_assert_eq(add_user("operador", "1790011674001", "jperez"), DB_DONE);
	cr_assert_eq(add_user("funcionario", NULL, "mlopez"), DB_DONE);
	cr_assert_eq(add_user("otro", NULL, "x"), DB_CONSTRAINT);
	cr_assert_eq(add_user("otro", "1790011674001", "x"), DB_CONSTRAINT);

	cr_assert_eq(q_int("SELECT count(*) FROM app_user"), 6);
	st = db_prepare(conn, "SELECT ruc, distrito, roles, failures, disabled FROM app_user WHERE usuario = $1"
			      " AND kind = 'funcionario'");
	cr_assert_not_null(st);
	db_bind_text(st, 1, "jperez");
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert(db_col_null(st, 0));
	cr_assert(db_col_null(st, 1));
	cr_assert_str_eq(db_col_text(st, 1), "");
	cr_assert_not(db_col_null(st, 2));
	cr_assert_str_eq(db_col_text(st, 2), "");
	cr_assert_eq(db_col_int(st, 3), 0);
	cr_assert_eq(db_col_int(st, 4), 0);
	cr_assert_eq(db_step(st), DB_DONE);
	db_reset(st);
}

/* ---- binds ------------------------------------------------------------- */

Test(db, placeholders_bound_by_number_in_any_order)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO news (title, body, published_at) VALUES ($3, $1, $2)");

	cr_assert_not_null(st);
	cr_assert_eq(db_bind_int(st, 2, 1700000000), DB_OK);
	cr_assert_eq(db_bind_text(st, 3, "título"), DB_OK);
	cr_assert_eq(db_bind_text(st, 1, "cuerpo"), DB_OK);
	cr_assert_eq(db_run(st), DB_DONE);

	/* A placeholder used twice, and binding the same one again. */
	st = db_prepare(conn, "SELECT title, body, published_at FROM news WHERE title = $1 OR body = $1");
	cr_assert_not_null(st);
	cr_assert_eq(db_bind_text(st, 1, "nada"), DB_OK);
	cr_assert_eq(db_bind_text(st, 1, "cuerpo"), DB_OK);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), "título");
	cr_assert_str_eq(db_col_text(st, 1), "cuerpo");
	cr_assert_eq(db_col_int(st, 2), 1700000000);
	cr_assert_str_eq(db_col_text(st, 2), "1700000000");
	cr_assert_eq(db_step(st), DB_DONE);
	db_reset(st);

	st = db_prepare(conn, "SELECT coalesce($2, 'dos'), coalesce($1, 'uno')");
	cr_assert_not_null(st);
	db_bind_text(st, 2, "2");
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), "2");
	cr_assert_str_eq(db_col_text(st, 1), "uno");
	db_reset(st);
}

Test(db, integers_round_trip)
{
	static const long long vals[] = { 0, -1, 1, 2147483648LL, -9007199254740993LL, LLONG_MAX, LLONG_MIN };
	struct db_stmt *st;

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		cr_assert_eq(add_news(conn, "n", vals[i]), DB_DONE);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		st = db_prepare(conn, "SELECT published_at FROM news WHERE published_at = $1");
		cr_assert_not_null(st);
		db_bind_int(st, 1, vals[i]);
		cr_assert_eq(db_step(st), DB_ROW, "%lld", vals[i]);
		cr_assert_eq(db_col_int(st, 0), vals[i]);
		db_reset(st);
	}
}

Test(db, null_binds_and_unbound_placeholders)
{
	struct db_stmt *st;

	/* db_bind_null, db_bind_text(NULL) and never bound: all NULL. */
	st = db_prepare(conn, "SELECT coalesce($1, 'a'), coalesce($2, 'b'), coalesce($3, 'c'), coalesce($4, 'd')");
	cr_assert_not_null(st);
	cr_assert_eq(db_bind_null(st, 1), DB_OK);
	cr_assert_eq(db_bind_text(st, 2, NULL), DB_OK);
	cr_assert_eq(db_bind_text(st, 4, "x"), DB_OK);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), "a");
	cr_assert_str_eq(db_col_text(st, 1), "b");
	cr_assert_str_eq(db_col_text(st, 2), "c");
	cr_assert_str_eq(db_col_text(st, 3), "x");
	db_reset(st);

	/* A NULL stored and read back. */
	cr_assert_eq(add_user("funcionario", NULL, "jperez"), DB_DONE);
	st = db_prepare(conn, "UPDATE app_user SET distrito = $1, blocked_at = $2 WHERE usuario = $3");
	cr_assert_not_null(st);
	db_bind_text(st, 1, "GUAYAQUIL");
	db_bind_int(st, 2, 5);
	db_bind_text(st, 3, "jperez");
	cr_assert_eq(db_run(st), DB_DONE);
	st = db_prepare(conn, "UPDATE app_user SET distrito = $1, blocked_at = $2 WHERE usuario = $3");
	cr_assert_not_null(st);
	db_bind_text(st, 1, NULL);
	db_bind_null(st, 2);
	db_bind_text(st, 3, "jperez");
	cr_assert_eq(db_run(st), DB_DONE);
	st = db_prepare(conn, "SELECT distrito, blocked_at, usuario FROM app_user");
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert(db_col_null(st, 0));
	cr_assert(db_col_null(st, 1));
	cr_assert_not(db_col_null(st, 2));
	cr_assert_eq(db_col_int(st, 1), 0);
	cr_assert_str_eq(db_col_text(st, 1), "");
	db_reset(st);
}

Test(db, texts_round_trip_byte_for_byte)
{
	static char longtext[LIMIT_FIELD_BYTES + 1];
	const char *texts[] = {
		"O'Brien said \"hola\" -- '; DROP TABLE news; --",
		"back\\slash \\\\ \\' \\n \\x41 %_ $1 ?",
		"ñandú Ñ á é í ó ú ü ¿¡ 日本語 😀 €",
		"tab\there, newline\nthere, \r\n",
		"",
		"a",
		longtext,
	};
	size_t fill = 0;

	while (fill + 3 < sizeof(longtext)) {   /* "ñx" repeated: multi-byte throughout */
		memcpy(longtext + fill, "ñx", 3);
		fill += 3;
	}
	longtext[fill] = '\0';
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		cr_assert_eq(add_news(conn, texts[i], (long long)i), DB_DONE, "text %zu", i);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct db_stmt *st = db_prepare(conn, "SELECT title, published_at FROM news WHERE title = $1");
		cr_assert_not_null(st);
		db_bind_text(st, 1, texts[i]);
		cr_assert_eq(db_step(st), DB_ROW, "text %zu not found", i);
		cr_assert_str_eq(db_col_text(st, 0), texts[i]);
		cr_assert_eq(db_col_int(st, 1), (long long)i);
		cr_assert_eq(db_step(st), DB_DONE);
		db_reset(st);
	}
}

Test(db, bind_to_missing_placeholder_runs_nothing)
{
	const char *sql = "INSERT INTO news (title, body, published_at) VALUES ($1, $2, $3)";
	struct db_stmt *st = db_prepare(conn, sql);

	cr_assert_not_null(st);
	cr_assert_eq(db_bind_text(st, 1, "t"), DB_OK);
	cr_assert_eq(db_bind_text(st, 2, "b"), DB_OK);
	cr_assert_eq(db_bind_int(st, 3, 1), DB_OK);
	cr_assert_eq(db_bind_text(st, 4, "extra"), DB_MISUSE);
	cr_assert_eq(db_bind_int(st, 1, 7), DB_MISUSE);   /* sticky */
	cr_assert_eq(db_step(st), DB_MISUSE);
	cr_assert_eq(db_step(st), DB_MISUSE);
	db_reset(st);
	cr_assert_eq(news_count(conn), 0);

	/* $0, past the last one, and on a statement without placeholders. */
	st = db_prepare(conn, sql);
	cr_assert_not_null(st);
	cr_assert_eq(db_bind_null(st, 0), DB_MISUSE);
	db_reset(st);
	st = db_prepare(conn, sql);
	cr_assert_not_null(st);
	cr_assert_eq(db_bind_int(st, 33, 1), DB_MISUSE);
	cr_assert_eq(db_run(st), DB_MISUSE);
	st = db_prepare(conn, "SELECT count(*) FROM news");
	cr_assert_not_null(st);
	cr_assert_eq(db_bind_int(st, 1, 1), DB_MISUSE);
	cr_assert_eq(db_step(st), DB_MISUSE);
	db_reset(st);
	cr_assert_eq(news_count(conn), 0);
}

Test(db, reset_clears_the_sticky_error)
{
	const char *sql = "INSERT INTO news (title, body, published_at) VALUES ($1, $2, $3)";
	struct db_stmt *st = db_prepare(conn, sql);

	cr_assert_not_null(st);
	cr_assert_eq(db_bind_text(st, 9, "x"), DB_MISUSE);
	db_reset(st);
	st = db_prepare(conn, sql);
	cr_assert_not_null(st);
	cr_assert_eq(db_bind_text(st, 1, "t"), DB_OK);
	cr_assert_eq(db_bind_text(st, 2, "b"), DB_OK);
	cr_assert_eq(db_bind_int(st, 3, 1), DB_OK);
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(news_count(conn), 1);
}

/* ---- changes, RETURNING ----------------------------------------------- */

Test(db, changes_after_update_and_delete)
{
	struct db_stmt *st;

	cr_assert_eq(add_news(conn, "a", 10), DB_DONE);
	cr_assert_eq(db_changes(conn), 1);
	cr_assert_eq(add_news(conn, "b", 20), DB_DONE);
	cr_assert_eq(add_news(conn, "c", 30), DB_DONE);
	st = db_prepare(conn, "UPDATE news SET body = 'x' WHERE published_at >= $1");
	cr_assert_not_null(st);
	db_bind_int(st, 1, 20);
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(db_changes(conn), 2);
	st = db_prepare(conn, "UPDATE news SET body = 'x' WHERE published_at >= $1");
	cr_assert_not_null(st);
	db_bind_int(st, 1, 1000);
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(db_changes(conn), 0);
	st = db_prepare(conn, "DELETE FROM news WHERE published_at < $1");
	cr_assert_not_null(st);
	db_bind_int(st, 1, 25);
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(db_changes(conn), 2);
	cr_assert_eq(news_count(conn), 1);
}

Test(db, returning)
{
	const char *sql = "INSERT INTO news (title, body, published_at) VALUES ($1, 'b', 1) RETURNING id, title";
	struct db_stmt *st = db_prepare(conn, sql);
	long long id1, id2;

	cr_assert_not_null(st);
	db_bind_text(st, 1, "primera");
	cr_assert_eq(db_step(st), DB_ROW);
	id1 = db_col_int(st, 0);
	cr_assert_gt(id1, 0);
	cr_assert_str_eq(db_col_text(st, 1), "primera");
	cr_assert_eq(db_step(st), DB_DONE);
	db_reset(st);
	st = db_prepare(conn, sql);
	cr_assert_not_null(st);
	db_bind_text(st, 1, "segunda");
	cr_assert_eq(db_step(st), DB_ROW);
	id2 = db_col_int(st, 0);
	db_reset(st);
	cr_assert_gt(id2, id1);

	/* Several rows back from an UPDATE. */
	st = db_prepare(conn, "UPDATE news SET published_at = published_at + 1 RETURNING id");
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_step(st), DB_DONE);
	db_reset(st);
	cr_assert_eq(q_int("SELECT min(published_at) FROM news"), 2);
}

/* ---- transactions ------------------------------------------------------ */

Test(db, rollback_leaves_nothing)
{
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert(db_in_transaction(conn));
	cr_assert_eq(add_news(conn, "a", 1), DB_DONE);
	cr_assert_eq(add_news(conn, "b", 2), DB_DONE);
	cr_assert_eq(news_count(conn), 2);
	cr_assert_eq(db_rollback(conn), DB_OK);
	cr_assert_not(db_in_transaction(conn));
	cr_assert_eq(news_count(conn), 0);
	cr_assert_eq(db_rollback(conn), DB_OK);   /* none open: fine */
}

Test(db, commit_after_a_failed_statement_fails_and_keeps_nothing)
{
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(add_news(conn, "antes", 1), DB_DONE);
	cr_assert_eq(add_user("operador", "123", "corto"), DB_CONSTRAINT);
	cr_assert_neq(db_commit(conn), DB_OK);
	cr_assert_not(db_in_transaction(conn));
	cr_assert_eq(news_count(conn), 0);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user"), 0);

	/* The connection is usable again, in and out of a transaction. */
	cr_assert_eq(add_news(conn, "despues", 2), DB_DONE);
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(add_news(conn, "en tx", 3), DB_DONE);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(news_count(conn), 2);
}

Test(db, begin_inside_a_transaction_is_misuse)
{
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(db_begin(conn), DB_MISUSE);
	cr_assert_eq(db_begin_read(conn), DB_MISUSE);
	cr_assert(db_in_transaction(conn));
	cr_assert_eq(add_news(conn, "a", 1), DB_DONE);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(news_count(conn), 1);
}

Test(db, read_snapshot_does_not_see_a_later_commit)
{
	conn2 = db_acquire(db);
	cr_assert_not_null(conn2);
	cr_assert_neq(conn2, conn);
	cr_assert_eq(add_news(conn2, "antes", 1), DB_DONE);

	cr_assert_eq(db_begin_read(conn), DB_OK);
	cr_assert_eq(news_count(conn), 1);   /* the snapshot is taken here */
	cr_assert_eq(add_news(conn2, "despues", 2), DB_DONE);
	cr_assert_eq(news_count(conn2), 2);
	cr_assert_eq(news_count(conn), 1);
	cr_assert_eq(q_int("SELECT max(published_at) FROM news"), 1);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(news_count(conn), 2);

	/* A write transaction sees committed rows of others (READ COMMITTED on
	 * PostgreSQL; SQLite's BEGIN IMMEDIATE starts from the latest). */
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(news_count(conn), 2);
	cr_assert_eq(db_commit(conn), DB_OK);
}

/* ---- the statement cache ---------------------------------------------- */

/* Distinct SQL texts that live as long as the process (the cache keeps the
 * caller's pointer). */
#define NSQL (LIMIT_STMT_CACHE + 8)
static char sqls[NSQL][48];

static const char *sql_n(int i)
{
	if (sqls[i][0] == '\0')
		snprintf(sqls[i], sizeof(sqls[i]), "SELECT %d", i + 100);
	return sqls[i];
}

static void run_sql_n(int i)
{
	struct db_stmt *st = db_prepare(conn, sql_n(i));

	cr_assert_not_null(st, "prepare %s", sql_n(i));
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_col_int(st, 0), i + 100);
	cr_assert_eq(db_step(st), DB_DONE);
	db_reset(st);
}

Test(db, more_statements_than_cache_slots)
{
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < NSQL; i++)
			run_sql_n(i);
	/* The same texts at other addresses (the key is the text; both must
	 * live as long as the cache may keep them, like literals). */
	for (int i = 0; i < NSQL; i++) {
		static char copies[NSQL][48];
		struct db_stmt *st;

		sql_n(i);
		memcpy(copies[i], sqls[i], sizeof(copies[i]));
		st = db_prepare(conn, copies[i]);
		cr_assert_not_null(st);
		cr_assert_eq(db_step(st), DB_ROW);
		cr_assert_eq(db_col_int(st, 0), i + 100);
		db_reset(st);
		run_sql_n(i);
	}
}

Test(db, held_statement_never_evicted)
{
	const char *held_sql = "SELECT coalesce($1, 'none'), $2 || 'x'";
	struct db_stmt *held = db_prepare(conn, held_sql);
	char buf[64];

	cr_assert_not_null(held);
	/* The bound text is copied: the caller's buffer may change at once. */
	snprintf(buf, sizeof(buf), "held value, longer than any inline buffer");
	cr_assert_eq(db_bind_text(held, 1, buf), DB_OK);
	snprintf(buf, sizeof(buf), "abc");
	cr_assert_eq(db_bind_text(held, 2, buf), DB_OK);
	memset(buf, 'Z', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';

	cr_assert_null(db_prepare(conn, held_sql), "a held statement handed out twice");
	for (int i = 0; i < LIMIT_STMT_CACHE + 5; i++)
		run_sql_n(i);
	cr_assert_null(db_prepare(conn, held_sql));

	cr_assert_eq(db_step(held), DB_ROW);
	cr_assert_str_eq(db_col_text(held, 0), "held value, longer than any inline buffer");
	cr_assert_str_eq(db_col_text(held, 1), "abcx");
	cr_assert_eq(db_step(held), DB_DONE);
	db_reset(held);
	held = db_prepare(conn, held_sql);
	cr_assert_not_null(held);
	cr_assert_eq(db_step(held), DB_ROW);
	cr_assert_str_eq(db_col_text(held, 0), "none");
	cr_assert(db_col_null(held, 1));
	db_reset(held);
}

Test(db, cache_full_of_held_statements)
{
	struct db_stmt *st[LIMIT_STMT_CACHE];

	for (int i = 0; i < LIMIT_STMT_CACHE; i++) {
		st[i] = db_prepare(conn, sql_n(i));
		cr_assert_not_null(st[i], "statement %d", i);
	}
	cr_assert_null(db_prepare(conn, sql_n(LIMIT_STMT_CACHE)));
	cr_assert_eq(db_step(st[0]), DB_ROW);
	cr_assert_eq(db_col_int(st[0], 0), 100);
	db_reset(st[0]);
	run_sql_n(LIMIT_STMT_CACHE);   /* takes st[0]'s slot */
	cr_assert_eq(db_step(st[LIMIT_STMT_CACHE - 1]), DB_ROW);
	cr_assert_eq(db_col_int(st[LIMIT_STMT_CACHE - 1], 0), 100 + LIMIT_STMT_CACHE - 1);

	/* db_release resets every held one: all usable on the next acquire. */
	db_release(db, conn);
	conn = db_acquire(db);
	for (int i = 0; i <= LIMIT_STMT_CACHE; i++)
		run_sql_n(i);
}

Test(db, release_resets_held_statements)
{
	const char *sql = "SELECT coalesce($1, 'unbound')";
	struct db_stmt *st = db_prepare(conn, sql);
	struct db_conn *was = conn;

	cr_assert_not_null(st);
	db_bind_text(st, 1, "bound");
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), "bound");
	db_release(db, conn);   /* neither stepped to the end nor reset */
	conn = db_acquire(db);
	cr_assert_eq(conn, was, "the pool hands out its first free connection");
	st = db_prepare(conn, sql);
	cr_assert_not_null(st, "still held after db_release");
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), "unbound");
	db_reset(st);

	/* A transaction left open is rolled back by db_release. */
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(add_news(conn, "a", 1), DB_DONE);
	db_release(db, conn);
	conn = db_acquire(db);
	cr_assert_not(db_in_transaction(conn));
	cr_assert_eq(news_count(conn), 0);
}

/* ---- SQL written once for both engines -------------------------------- */

Test(db, on_conflict_do_nothing)
{
	const char *sql = "INSERT INTO oce_type (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING";
	struct db_stmt *st = db_prepare(conn, sql);

	cr_assert_not_null(st);
	db_bind_text(st, 1, "01");
	db_bind_text(st, 2, "OTRO");
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(db_changes(conn), 0);
	cr_assert_eq(q_int1("SELECT count(*) FROM oce_type WHERE name = $1", "IMPORTADOR"), 1);
	st = db_prepare(conn, sql);
	cr_assert_not_null(st);
	db_bind_text(st, 1, "99");
	db_bind_text(st, 2, "NUEVO");
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(db_changes(conn), 1);
	/* Without a target, and a constraint that is not the conflict's. */
	st = db_prepare(conn, "INSERT INTO oce_type (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING");
	cr_assert_not_null(st);
	db_bind_text(st, 1, "999");
	db_bind_text(st, 2, "LARGO");
	cr_assert_eq(db_run(st), DB_CONSTRAINT);
	cr_assert_eq(q_int("SELECT count(*) FROM oce_type"), 13);
}

Test(db, coalesce_limit_offset)
{
	struct db_stmt *st;
	int n = 0;

	cr_assert_eq(q_int("SELECT coalesce(max(published_at), 0) FROM news"), 0);
	for (int i = 1; i <= 5; i++)
		cr_assert_eq(add_news(conn, "n", i), DB_DONE);
	cr_assert_eq(q_int("SELECT coalesce(max(published_at), 0) FROM news"), 5);
	st = db_prepare(conn, "SELECT published_at FROM news ORDER BY published_at DESC LIMIT $1 OFFSET $2");
	cr_assert_not_null(st);
	db_bind_int(st, 1, 2);
	db_bind_int(st, 2, 1);
	while (db_step(st) == DB_ROW)
		cr_assert_eq(db_col_int(st, 0), 4 - n++);
	db_reset(st);
	cr_assert_eq(n, 2);
}

/* Adds a notice with its folded subject, as the store does. */
static void add_notice(long long user, const char *subject)
{
	char folded[256];
	struct db_stmt *st = db_prepare(conn,
		"INSERT INTO notice (user_id, sender, recipient, subject, subject_fold, body, created_at)"
		" VALUES ($1, 'SENAE', 'BUZON', $2, $3, 'cuerpo', 1)");

	fold_text(subject, strlen(subject), folded);
	cr_assert_not_null(st);
	db_bind_int(st, 1, user);
	db_bind_text(st, 2, subject);
	db_bind_text(st, 3, folded);
	cr_assert_eq(db_run(st), DB_DONE);
}

static long long like_count(long long user, const char *pattern)
{
	const char *sql = "SELECT count(*) FROM notice WHERE user_id = $1 AND subject_fold LIKE $2 ESCAPE '\\'";
	struct db_stmt *st = db_prepare(conn, sql);
	long long v;

	cr_assert_not_null(st);
	db_bind_int(st, 1, user);
	db_bind_text(st, 2, pattern);
	cr_assert_eq(db_step(st), DB_ROW);
	v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

Test(db, like_escape_on_the_folded_subject)
{
	long long user;

	cr_assert_eq(add_user("operador", "1790011674001", "ana"), DB_DONE);
	user = q_int1("SELECT id FROM app_user WHERE usuario = $1", "ana");
	add_notice(user, "NOTIFICACIÓN de 10% de descuento");
	add_notice(user, "Notificacion de 100 descuentos");
	add_notice(user, "Aviso_especial");
	add_notice(user, "AvisoXespecial");
	add_notice(user, "ruta C:\\temp");
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE subject_fold = ''"), 0);

	cr_assert_eq(like_count(user, "%notificacion%"), 2);
	cr_assert_eq(like_count(user, "%10\\%%"), 1);
	cr_assert_eq(like_count(user, "%10%"), 2);
	cr_assert_eq(like_count(user, "aviso\\_%"), 1);
	cr_assert_eq(like_count(user, "aviso_%"), 2);
	cr_assert_eq(like_count(user, "%\\\\temp"), 1);
	/* The caller folds the pattern too ("%DESCUENTO%" would match on
	 * SQLite, whose LIKE ignores ASCII case, and not on PostgreSQL). */
	cr_assert_eq(like_count(user, "%descuento%"), 2);
	cr_assert_eq(like_count(user + 1, "%"), 0);
}

Test(db, boolean_expressions_order_and_read_as_integers)
{
	static const char *const order = "TOSISCVU";
	struct db_stmt *st;
	size_t rank = 0;
	int rows = 0;

	st = db_prepare(conn, "SELECT 1 = 1, 1 = 0, 2 > 1 AND 1 > 2");
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_col_int(st, 0), 1);
	cr_assert_eq(db_col_int(st, 1), 0);
	cr_assert_eq(db_col_int(st, 2), 0);
	db_reset(st);

	st = db_prepare(conn, "SELECT menu, menu = 'VU', position FROM menu_option"
			      " ORDER BY menu = 'VU', menu = 'SC', menu = 'SI', position");
	cr_assert_not_null(st);
	while (db_step(st) == DB_ROW) {
		const char *menu = db_col_text(st, 0);
		while (rank < 4 && strncmp(order + 2 * rank, menu, 2) != 0)
			rank++;
		cr_assert_lt(rank, (size_t)4, "menu %s out of order", menu);
		cr_assert_eq(db_col_int(st, 1), strcmp(menu, "VU") == 0);
		rows++;
	}
	db_reset(st);
	cr_assert_eq(rows, 21);
	cr_assert_eq(rank, (size_t)3);
	cr_assert_eq(q_int("SELECT count(*) FROM menu_option WHERE public = 1"), 12);
}

/* ---- PostgreSQL only: what SQLite has no counterpart for -------------- */

/* Skips the test on SQLite; the store goes first (a skipped test's .fini
 * does not run). */
static void pg_only(void)
{
	if (db_engine(db) != DB_POSTGRES) {
		teardown();
		cr_skip_test("PostgreSQL only");
	}
}

Test(db, pg_reconnects_after_losing_its_session)
{
	struct db_stmt *st;
	long long pid;

	pg_only();
	cr_assert_eq(add_news(conn, "a", 1), DB_DONE);   /* a cached statement */
	pid = q_int("SELECT pg_backend_pid()");
	conn2 = db_acquire(db);
	st = db_prepare(conn2, "SELECT pg_terminate_backend($1, 5000)");
	cr_assert_not_null(st);
	db_bind_int(st, 1, pid);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(db_col_int(st, 0), 1);
	db_reset(st);

	/* The loss shows on the next use; the next acquire reconnects, and the
	 * statements cached for the old session are prepared again. */
	cr_assert_lt(add_news(conn, "b", 2), 0);
	db_release(db, conn);
	conn = db_acquire(db);
	cr_assert_neq(q_int("SELECT pg_backend_pid()"), pid);
	cr_assert_eq(add_news(conn, "c", 3), DB_DONE);
	cr_assert_eq(news_count(conn), 2);
	cr_assert_eq(q_int("SELECT count(*) FROM pg_settings WHERE name = 'TimeZone' AND setting = 'UTC'"), 1);
}

Test(db, pg_session_settings)
{
	pg_only();
	cr_assert_eq(q_int("SELECT count(*) FROM pg_settings WHERE name = 'TimeZone' AND setting = 'UTC'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM pg_settings WHERE name = 'client_encoding' AND setting = 'UTF8'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM pg_settings"
			   " WHERE name = 'default_transaction_isolation' AND setting = 'read committed'"), 1);
}

Test(db, pg_lock_not_available_is_busy)
{
	struct db_stmt *st;

	pg_only();
	cr_assert_eq(add_news(conn, "a", 1), DB_DONE);
	conn2 = db_acquire(db);
	cr_assert_eq(db_begin(conn2), DB_OK);
	st = db_prepare(conn2, "UPDATE news SET body = 'x'");
	cr_assert_not_null(st);
	cr_assert_eq(db_run(st), DB_DONE);

	cr_assert_eq(db_begin(conn), DB_OK);
	st = db_prepare(conn, "SELECT id FROM news WHERE published_at = $1 FOR UPDATE NOWAIT");
	cr_assert_not_null(st);
	db_bind_int(st, 1, 1);
	cr_assert_eq(db_step(st), DB_BUSY);
	db_reset(st);
	cr_assert_eq(db_rollback(conn), DB_OK);
	cr_assert_eq(db_commit(conn2), DB_OK);
}

/* Evicting a slot deallocates its server statement, also when the
 * eviction happens inside a failed transaction (put off until release). */
Test(db, pg_server_keeps_only_the_cached_statements)
{
	struct db_stmt *st;

	pg_only();
	for (int i = 0; i < NSQL; i++)
		run_sql_n(i);   /* BEGIN and COMMIT are evicted */
	cr_assert_eq(q_int("SELECT count(*) FROM pg_prepared_statements"), LIMIT_STMT_CACHE);
	cr_assert_eq(db_begin(conn), DB_OK);
	cr_assert_eq(add_user("operador", "123", "corto"), DB_CONSTRAINT);
	/* Only a transaction's end may be prepared now: its slot's old
	 * statement cannot be deallocated until the transaction is over. */
	st = db_prepare(conn, "ROLLBACK");
	cr_assert_not_null(st);
	cr_assert_eq(db_run(st), DB_DONE);
	cr_assert_eq(db_rollback(conn), DB_OK);
	db_release(db, conn);
	conn = db_acquire(db);
	cr_assert_eq(q_int("SELECT count(*) FROM pg_prepared_statements"), LIMIT_STMT_CACHE);
}
