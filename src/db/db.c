/*
 * db.c — db.h over the engines of db_impl.h: picks the engine by address,
 * keeps each statement's sticky error and "held" mark, tracks the open
 * transaction, and runs the migrations the same way on both engines.
 */
#include "db/db.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "db/db_impl.h"

bool db_addr_is_postgres(const char *addr)
{
	return addr && (strncmp(addr, "postgresql://", 13) == 0 || strncmp(addr, "postgres://", 11) == 0);
}

int db_open(struct db **out, const char *addr, size_t n)
{
	const struct db_ops *ops = db_addr_is_postgres(addr) ? &db_pg_ops : &db_sqlite_ops;

	*out = NULL;
	if (n == 0)
		n = 1;
	return ops->open(out, addr, n);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

enum db_engine db_engine(const struct db *db)
{
	return db->ops->engine;
}

enum db_engine db_conn_engine(const struct db_conn *c)
{
	return c->ops->engine;
}

int db_pool_init(struct db *db, const struct db_ops *ops, size_t n)
{
	db->ops = ops;
	db->n = 0;
	db->conns = calloc(n ? n : 1, sizeof(struct db_conn *));   /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	if (db->conns == NULL)
		return -1;
	pthread_mutex_init(&db->mu, NULL);
	pthread_cond_init(&db->cv, NULL);
	return 0;
}

void db_pool_free(struct db *db)
{
	if (db->conns == NULL)
		return;
	pthread_mutex_destroy(&db->mu);
	pthread_cond_destroy(&db->cv);
	free(db->conns);
	db->conns = NULL;
}

struct db_conn *db_acquire(struct db *db)
{
	struct db_conn *c = NULL;

	pthread_mutex_lock(&db->mu);
	for (;;) {
		for (size_t i = 0; i < db->n && c == NULL; i++) {
			if (!db->conns[i]->busy) {
				c = db->conns[i];
				c->busy = true;
			}
		}
		if (c)
			break;
		pthread_cond_wait(&db->cv, &db->mu);
	}
	pthread_mutex_unlock(&db->mu);
	if (db->ops->on_acquire)
		db->ops->on_acquire(c);   /* c is ours now: no lock needed */
	return c;
}

void db_release(struct db *db, struct db_conn *c)
{
	if (c == NULL)
		return;
	if (c->in_tx) {
		log_warn("connection released inside a transaction: rolling back");
		db_rollback(c);
	}
	if (db->ops->on_release)
		db->ops->on_release(c);
	pthread_mutex_lock(&db->mu);
	c->busy = false;
	pthread_cond_signal(&db->cv);
	pthread_mutex_unlock(&db->mu);
}

struct db_stmt *db_prepare(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = c->ops->prepare(c, sql);

	if (st == NULL)
		return NULL;
	st->err = DB_OK;
	st->held = true;
	return st;
}

/* Records the first failure; later binds are skipped. */
static int bind_result(struct db_stmt *st, int rc)
{
	if (rc != DB_OK && st->err == DB_OK)
		st->err = rc;
	return st->err;
}

int db_bind_text(struct db_stmt *st, int n, const char *s)
{
	if (st->err)
		return st->err;
	return bind_result(st, s ? st->conn->ops->bind_text(st, n, s) : st->conn->ops->bind_null(st, n));
}

int db_bind_int(struct db_stmt *st, int n, long long v)
{
	if (st->err)
		return st->err;
	return bind_result(st, st->conn->ops->bind_int(st, n, v));
}

int db_bind_null(struct db_stmt *st, int n)
{
	if (st->err)
		return st->err;
	return bind_result(st, st->conn->ops->bind_null(st, n));
}

int db_step(struct db_stmt *st)
{
	int rc;

	if (st->err) {
		log_err("statement not run: a bind failed (%d): %s", st->err, st->sql);
		rc = st->err;
	} else {
		rc = st->conn->ops->step(st);
	}
	/* PostgreSQL aborts a transaction at its first failed statement; SQLite
	 * only undoes that statement.  db_commit refuses both alike, so a
	 * transaction is all or nothing on either engine. */
	if (rc < 0 && st->conn->in_tx)
		st->conn->tx_failed = true;
	return rc;
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return st->conn->ops->col_text(st, i);
}

size_t db_col_bytes(struct db_stmt *st, int i)
{
	return st->conn->ops->col_bytes(st, i);
}

long long db_col_int(struct db_stmt *st, int i)
{
	return st->conn->ops->col_int(st, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return st->conn->ops->col_null(st, i);
}

int db_run(struct db_stmt *st)
{
	int rc = db_step(st);

	db_reset(st);
	return rc == DB_ROW ? DB_DONE : rc;
}

void db_reset(struct db_stmt *st)
{
	st->conn->ops->reset(st);
	st->err = DB_OK;
	st->held = false;
}

long long db_changes(struct db_conn *c)
{
	return c->ops->changes(c);
}

/* Transaction control runs through the statement cache: parsed once. */
static int run_sql(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);

	return st && db_run(st) == DB_DONE ? DB_OK : DB_ERR;
}

static int begin_with(struct db_conn *c, const char *sql)
{
	int rc;

	if (c->in_tx) {
		log_err("a transaction begun inside another");
		return DB_MISUSE;
	}
	rc = run_sql(c, sql);
	c->in_tx = rc == DB_OK;
	c->tx_failed = false;
	return rc;
}

int db_begin(struct db_conn *c)
{
	return begin_with(c, c->ops->begin_sql);
}

int db_begin_read(struct db_conn *c)
{
	return begin_with(c, c->ops->begin_read_sql);
}

int db_commit(struct db_conn *c)
{
	int rc;

	if (c->tx_failed) {
		log_err("commit refused: a statement of the transaction failed; rolled back");
		db_rollback(c);
		return DB_ERR;
	}
	rc = run_sql(c, "COMMIT");

	/* A failed COMMIT leaves the transaction open on SQLite (e.g. busy):
	 * roll it back so the connection is usable and nothing half-done stays. */
	if (rc != DB_OK)
		db_rollback(c);
	c->in_tx = false;
	return rc;
}

int db_rollback(struct db_conn *c)
{
	int rc = DB_OK;

	if (c->in_tx)
		rc = c->ops->rollback(c);
	c->in_tx = false;
	c->tx_failed = false;
	return rc;
}

bool db_in_transaction(struct db_conn *c)
{
	return c->in_tx;
}

int db_schema_version(struct db_conn *c)
{
	struct db_stmt *st;
	int v = 0;

	/* The table exists once db_migrate ran (it creates it first). */
	st = db_prepare(c, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (st == NULL)
		return 0;
	if (db_step(st) == DB_ROW)
		v = (int)db_col_int(st, 0);
	db_reset(st);
	return v;
}

/* Applies one migration in its own transaction; DB_OK when applied or
 * already there. */
static int migrate_one(struct db_conn *c, const struct embedded_file *m)
{
	struct db_stmt *st;
	struct str num;
	long long version;

	str_cut(str_from(m->name), '_', &num);
	if (str_to_ll(num, 1, 9999, &version) != 0) {
		log_err("migration file %s does not start with its number", m->name);
		return DB_ERR;
	}
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	if (version <= db_schema_version(c)) {
		db_rollback(c);
		return DB_OK;
	}
	if (c->ops->exec(c, (const char *)m->data) != DB_OK)
		goto fail;
	st = db_prepare(c, "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, version);
	db_bind_text(st, 2, m->name);
	db_bind_int(st, 3, (long long)time(NULL));
	if (db_run(st) != DB_DONE)
		goto fail;
	if (c->ops->migrate_check && c->ops->migrate_check(c) != DB_OK)
		goto fail;
	if (db_commit(c) != DB_OK)
		goto fail;
	log_info("migration %s applied (%s)", m->name, c->ops->name);
	return DB_OK;
fail:
	log_err("migration %s failed (%s); nothing of it was applied", m->name, c->ops->name);
	db_rollback(c);
	return DB_ERR;
}

int db_migrate(struct db *db)
{
	struct db_conn *c = db_acquire(db);
	const struct db_ops *ops = db->ops;
	int rc = DB_OK;

	if (ops->migrate_start && ops->migrate_start(c) != DB_OK) {
		db_release(db, c);
		return DB_ERR;
	}
	if (ops->exec(c, "CREATE TABLE IF NOT EXISTS schema_version ("
			 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)") != DB_OK)
		rc = DB_ERR;
	for (size_t i = 0; i < *ops->nmigrations && rc == DB_OK; i++)
		rc = migrate_one(c, &ops->migrations[i]);
	if (ops->migrate_end)
		ops->migrate_end(c);
	db_release(db, c);
	return rc;
}
