/*
 * db_sqlite.c — the SQLite back end of db.h.
 *
 * Each connection runs in WAL mode with foreign keys on and a busy timeout,
 * and keeps a small cache of prepared statements keyed by SQL text, so a hot
 * query is prepared once per connection.  Placeholders $1..$n are bound by
 * name; SQLite accepts "$1" as a parameter name.
 */
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "db/migrations.h"

#define STMT_CACHE 64

struct db_stmt {
	sqlite3_stmt *st;
	const char *sql;
};

struct db_conn {
	sqlite3 *h;
	bool busy;
	size_t nstmt;
	size_t evict;           /* next slot to reuse once the cache is full */
	struct db_stmt stmts[STMT_CACHE];
};

struct db {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n;
	struct db_conn *conns;
};

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY: case SQLITE_LOCKED: return DB_BUSY;
	default: return DB_ERR;
	}
}

static int open_one(struct db_conn *c, const char *path)
{
	static const char *pragmas =
		"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;";
	int rc = sqlite3_open_v2(path, &c->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_err("cannot open database %s: %s", path, c->h ? sqlite3_errmsg(c->h) : "no memory");
		return -1;
	}
	sqlite3_busy_timeout(c->h, 5000);
	/* Query-planner stability: a statement is planned once, not re-prepared
	 * each time a LIKE pattern is bound (which made the notices query cost
	 * half the main page's CPU). */
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	if (sqlite3_exec(c->h, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		log_err("database %s: %s", path, sqlite3_errmsg(c->h));
		return -1;
	}
	return 0;
}

int db_open(struct db **out, const char *path, size_t n)
{
	struct db *db = calloc(1, sizeof(*db));

	*out = NULL;
	if (db == NULL)
		return DB_ERR;
	db->conns = calloc(n, sizeof(*db->conns));
	if (db->conns == NULL) {
		free(db);
		return DB_ERR;
	}
	db->n = n;
	pthread_mutex_init(&db->mu, NULL);
	pthread_cond_init(&db->cv, NULL);
	for (size_t i = 0; i < n; i++) {
		if (open_one(&db->conns[i], path) != 0) {
			db_close(db);
			return DB_ERR;
		}
	}
	*out = db;
	return DB_OK;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->n; i++) {
		struct db_conn *c = &db->conns[i];
		for (size_t j = 0; j < c->nstmt; j++)
			sqlite3_finalize(c->stmts[j].st);
		sqlite3_close(c->h);
	}
	pthread_mutex_destroy(&db->mu);
	pthread_cond_destroy(&db->cv);
	free(db->conns);
	free(db);
}

struct db_conn *db_acquire(struct db *db)
{
	struct db_conn *c = NULL;

	pthread_mutex_lock(&db->mu);
	for (;;) {
		for (size_t i = 0; i < db->n; i++) {
			if (!db->conns[i].busy) {
				c = &db->conns[i];
				c->busy = true;
				break;
			}
		}
		if (c)
			break;
		pthread_cond_wait(&db->cv, &db->mu);
	}
	pthread_mutex_unlock(&db->mu);
	return c;
}

void db_release(struct db *db, struct db_conn *c)
{
	if (c == NULL)
		return;
	if (!sqlite3_get_autocommit(c->h)) {
		log_warn("connection released inside a transaction: rolling back");
		sqlite3_exec(c->h, "ROLLBACK", NULL, NULL, NULL);
	}
	pthread_mutex_lock(&db->mu);
	c->busy = false;
	pthread_cond_signal(&db->cv);
	pthread_mutex_unlock(&db->mu);
}

struct db_stmt *db_prepare(struct db_conn *c, const char *sql)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < c->nstmt; i++) {
		if (c->stmts[i].sql == sql || strcmp(c->stmts[i].sql, sql) == 0) {
			sqlite3_reset(c->stmts[i].st);
			sqlite3_clear_bindings(c->stmts[i].st);
			return &c->stmts[i];
		}
	}
	if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_err("prepare failed: %s: %s", sqlite3_errmsg(c->h), sql);
		return NULL;
	}
	if (c->nstmt == STMT_CACHE) {
		/* Cache full (the program has fewer distinct queries than slots,
		 * so this is for safety): reuse one slot in place, round robin.
		 * Slots never move, so a statement a caller holds stays itself
		 * unless it is the one replaced — and callers hold a statement
		 * only until their next db_prepare on the same connection. */
		struct db_stmt *e = &c->stmts[c->evict];
		c->evict = (c->evict + 1) % STMT_CACHE;
		sqlite3_finalize(e->st);
		e->st = st;
		e->sql = sql;
		return e;
	}
	c->stmts[c->nstmt].st = st;
	c->stmts[c->nstmt].sql = sql;
	return &c->stmts[c->nstmt++];
}

static int param_index(struct db_stmt *st, int n)
{
	static const char *const names[] = {
		"$0", "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
		"$11", "$12", "$13", "$14", "$15", "$16",
	};
	char name[16];

	if (n >= 0 && n < (int)(sizeof(names) / sizeof(names[0])))
		return sqlite3_bind_parameter_index(st->st, names[n]);
	snprintf(name, sizeof(name), "$%d", n);
	return sqlite3_bind_parameter_index(st->st, name);
}

int db_bind_text(struct db_stmt *st, int n, const char *s)
{
	int i = param_index(st, n);
	if (i == 0)
		return DB_ERR;
	if (s == NULL)
		return map_rc(sqlite3_bind_null(st->st, i));
	return map_rc(sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT));
}

int db_bind_int(struct db_stmt *st, int n, long long v)
{
	int i = param_index(st, n);
	return i == 0 ? DB_ERR : map_rc(sqlite3_bind_int64(st->st, i, v));
}

int db_bind_null(struct db_stmt *st, int n)
{
	int i = param_index(st, n);
	return i == 0 ? DB_ERR : map_rc(sqlite3_bind_null(st->st, i));
}

int db_step(struct db_stmt *st)
{
	int rc = map_rc(sqlite3_step(st->st));
	if (rc < 0 && rc != DB_CONSTRAINT)
		log_err("step failed: %s: %s", sqlite3_errmsg(sqlite3_db_handle(st->st)), st->sql);
	return rc;
}

const char *db_col_text(struct db_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st->st, i);
	return t ? (const char *)t : "";
}

long long db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

int db_run(struct db_stmt *st)
{
	int rc = db_step(st);
	sqlite3_reset(st->st);
	return rc == DB_ROW ? DB_DONE : rc;
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
}

long long db_changes(struct db_conn *c)
{
	return sqlite3_changes64(c->h);
}

static int exec(struct db_conn *c, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(c->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_err("%s: %s", sql, err ? err : "?");
		sqlite3_free(err);
		return DB_ERR;
	}
	return DB_OK;
}

/* Transaction control through the statement cache: parsed once per connection. */
static int run_cached(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	return st && db_run(st) == DB_DONE ? DB_OK : DB_ERR;
}

int db_begin(struct db_conn *c)      { return run_cached(c, "BEGIN IMMEDIATE"); }
int db_begin_read(struct db_conn *c) { return run_cached(c, "BEGIN DEFERRED"); }
int db_commit(struct db_conn *c)     { return run_cached(c, "COMMIT"); }
int db_rollback(struct db_conn *c)
{
	if (sqlite3_get_autocommit(c->h))
		return DB_OK;   /* SQLite already rolled back (e.g. after SQLITE_FULL) */
	return run_cached(c, "ROLLBACK");
}

int db_schema_version(struct db_conn *c)
{
	sqlite3_stmt *st;
	int v = 0;

	if (sqlite3_prepare_v2(c->h, "SELECT max(version) FROM schema_version", -1, &st, NULL) != SQLITE_OK)
		return 0;   /* no table yet: a new store */
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_migrate(struct db *db)
{
	struct db_conn *c = db_acquire(db);
	int rc = DB_OK;

	if (exec(c, "CREATE TABLE IF NOT EXISTS schema_version ("
		    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)") != DB_OK) {
		rc = DB_ERR;
		goto out;
	}
	for (size_t i = 0; i < db_migrations_count; i++) {
		const struct embedded_file *m = &db_migrations[i];
		struct db_stmt *st;
		struct str num;
		long long version;

		str_cut(str_from(m->name), '_', &num);
		if (str_to_ll(num, 1, 9999, &version) != 0) {
			log_err("migration file %s does not start with its number", m->name);
			rc = DB_ERR;
			goto out;
		}
		if (version <= db_schema_version(c))
			continue;
		if (db_begin(c) != DB_OK || exec(c, (const char *)m->data) != DB_OK) {
			log_err("migration %s failed", m->name);
			db_rollback(c);
			rc = DB_ERR;
			goto out;
		}
		st = db_prepare(c, "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)");
		if (st == NULL || db_bind_int(st, 1, version) || db_bind_text(st, 2, m->name) ||
		    db_bind_int(st, 3, (long long)time(NULL)) || db_run(st) != DB_DONE ||
		    db_commit(c) != DB_OK) {
			db_rollback(c);
			rc = DB_ERR;
			goto out;
		}
		log_info("migration %s applied", m->name);
	}
out:
	db_release(db, c);
	return rc;
}
