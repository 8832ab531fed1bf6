/*
 * db_sqlite.c — the SQLite engine of db.h (see db_impl.h).
 *
 * Each connection runs in WAL mode with foreign keys on and a busy timeout,
 * and keeps a cache of LIMIT_STMT_CACHE prepared statements keyed by SQL
 * text, so a hot query is prepared once per connection.  Placeholders
 * $1..$n are bound by name; SQLite accepts "$1" as a parameter name.  The
 * SQL function aduana_fold(text) (core/fold.c) is registered on every
 * connection for migrations that fold stored text.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fold.h"
#include "core/limits.h"
#include "core/log.h"
#include "db/db_impl.h"
#include "db/migrations.h"

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
};

struct sq_conn {
	struct db_conn base;
	sqlite3 *h;
	size_t nstmt;
	size_t evict;           /* where the next eviction scan starts */
	struct sq_stmt stmts[LIMIT_STMT_CACHE];
};

struct sq_db {
	struct db base;
	struct sq_conn *conns;
};

#define CONN(c) DB_OF(struct sq_conn, c)
#define STMT(s) DB_OF(struct sq_stmt, s)

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY: case SQLITE_LOCKED: return DB_BUSY;
	case SQLITE_RANGE: case SQLITE_MISUSE: return DB_MISUSE;
	default: return DB_ERR;
	}
}

static void fold_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s;
	int n;
	char *out;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = (const char *)sqlite3_value_text(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	out = sqlite3_malloc(n + 1);
	if (s == NULL || out == NULL) {
		sqlite3_free(out);
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, out, (int)fold_text(s, (size_t)n, out), sqlite3_free);
}

/* Waiting for another connection's write lock: SQLite's own busy timeout
 * sleeps 1, 2, 5 ... up to 100 ms between tries, so a writer that arrives
 * during a burst of writes (a sign-in flood's audit rows) can wait a
 * hundred times longer than the lock is held.  This one tries again every
 * 200 microseconds, for BUSY_WAIT_MS in all. */
#define BUSY_WAIT_MS 5000
static int on_busy(void *arg, int count)
{
	struct timespec ts = { 0, 200000 };

	(void)arg;
	if ((long long)count * 200 >= (long long)BUSY_WAIT_MS * 1000)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

static int open_one(struct sq_conn *c, const char *path)
{
	/* synchronous=FULL: in WAL mode the log is synced at every commit, so
	 * what a commit acknowledged (a document and its número, an audit row)
	 * survives a power cut, not only a crash of the process (NORMAL).
	 * docs/decisions.md, "Durability". */
	static const char *pragmas =
		"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;";
	int rc = sqlite3_open_v2(path, &c->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

	c->base.ops = &db_sqlite_ops;
	if (rc != SQLITE_OK) {
		log_err("cannot open database %s: %s", path, c->h ? sqlite3_errmsg(c->h) : "no memory");
		return -1;
	}
	sqlite3_busy_handler(c->h, on_busy, NULL);
	/* Query-planner stability: a statement is planned once, not re-prepared
	 * each time a LIKE pattern is bound (which made the notices query cost
	 * half the main page's CPU). */
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	if (sqlite3_exec(c->h, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(c->h, "aduana_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    fold_fn, NULL, NULL) != SQLITE_OK) {
		log_err("database %s: %s", path, sqlite3_errmsg(c->h));
		return -1;
	}
	return 0;
}

static void sq_close(struct db *d)
{
	struct sq_db *db = DB_OF(struct sq_db, d);

	for (size_t i = 0; i < db->base.n; i++) {
		struct sq_conn *c = &db->conns[i];
		for (size_t j = 0; j < c->nstmt; j++)
			sqlite3_finalize(c->stmts[j].st);
		sqlite3_close(c->h);
	}
	db_pool_free(&db->base);
	free(db->conns);
	free(db);
}

/* Process-wide settings, once, before SQLite initialises itself: no memory
 * statistics (they put a global mutex around every allocation, which the
 * I/O threads contended for on every page). */
static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(struct db **out, const char *path, size_t n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sq_db *db;

	pthread_once(&once, sq_configure);
	db = calloc(1, sizeof(*db));

	if (db == NULL)
		return DB_ERR;
	db->conns = calloc(n, sizeof(*db->conns));
	if (db->conns == NULL || db_pool_init(&db->base, &db_sqlite_ops, n) != 0) {
		free(db->conns);
		free(db);
		return DB_ERR;
	}
	for (size_t i = 0; i < n; i++) {
		db->base.conns[i] = &db->conns[i].base;
		db->base.n = i + 1;
		if (open_one(&db->conns[i], path) != 0) {
			sq_close(&db->base);
			return DB_ERR;
		}
	}
	*out = &db->base;
	return DB_OK;
}

static void sq_on_release(struct db_conn *dc)
{
	struct sq_conn *c = CONN(dc);

	for (size_t i = 0; i < c->nstmt; i++) {
		if (c->stmts[i].base.held) {
			sqlite3_reset(c->stmts[i].st);
			sqlite3_clear_bindings(c->stmts[i].st);
			c->stmts[i].base.held = false;
		}
	}
}

static struct db_stmt *sq_prepare(struct db_conn *dc, const char *sql)
{
	struct sq_conn *c = CONN(dc);
	struct sq_stmt *e = NULL;
	sqlite3_stmt *st;

	/* Callers pass literals: the pointer finds a statement almost always;
	 * the texts are compared only when it does not. */
	for (size_t i = 0; i < c->nstmt && e == NULL; i++)
		if (c->stmts[i].base.sql == sql)
			e = &c->stmts[i];
	for (size_t i = 0; i < c->nstmt && e == NULL; i++)
		if (strcmp(c->stmts[i].base.sql, sql) == 0)
			e = &c->stmts[i];
	if (e) {
		if (e->base.held) {
			log_err("statement prepared again while held: %s", sql);
			return NULL;
		}
		return &e->base;   /* db_reset left it reset and unbound */
	}
	if (c->nstmt < LIMIT_STMT_CACHE) {
		e = &c->stmts[c->nstmt];
	} else {
		/* Full: reuse the next slot no caller holds (round robin).  Slots
		 * never move, so a held statement stays valid. */
		for (size_t k = 0; k < LIMIT_STMT_CACHE && e == NULL; k++) {
			struct sq_stmt *cand = &c->stmts[(c->evict + k) % LIMIT_STMT_CACHE];
			if (!cand->base.held) {
				e = cand;
				c->evict = (c->evict + k + 1) % LIMIT_STMT_CACHE;
			}
		}
		if (e == NULL) {
			log_err("statement cache full of held statements (%d): %s", LIMIT_STMT_CACHE, sql);
			return NULL;
		}
	}
	if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_err("prepare failed: %s: %s", sqlite3_errmsg(c->h), sql);
		return NULL;
	}
	if (c->nstmt < LIMIT_STMT_CACHE && e == &c->stmts[c->nstmt])
		c->nstmt++;
	else
		sqlite3_finalize(e->st);
	e->st = st;
	e->base.conn = dc;
	e->base.sql = sql;
	return &e->base;
}

static int param_index(struct sq_stmt *st, int n)
{
	static const char *const names[] = {
		"$0", "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
		"$11", "$12", "$13", "$14", "$15", "$16", "$17", "$18", "$19", "$20",
		"$21", "$22", "$23", "$24", "$25", "$26", "$27", "$28", "$29", "$30", "$31", "$32",
	};

	if (n < 1 || n >= (int)(sizeof(names) / sizeof(names[0])))
		return 0;
	return sqlite3_bind_parameter_index(st->st, names[n]);
}

static int sq_bind_text(struct db_stmt *s, int n, const char *v)
{
	int i = param_index(STMT(s), n);

	if (i == 0) {
		log_err("no placeholder $%d in: %s", n, s->sql);
		return DB_MISUSE;
	}
	return map_rc(sqlite3_bind_text(STMT(s)->st, i, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_int(struct db_stmt *s, int n, long long v)
{
	int i = param_index(STMT(s), n);

	if (i == 0) {
		log_err("no placeholder $%d in: %s", n, s->sql);
		return DB_MISUSE;
	}
	return map_rc(sqlite3_bind_int64(STMT(s)->st, i, v));
}

static int sq_bind_null(struct db_stmt *s, int n)
{
	int i = param_index(STMT(s), n);

	if (i == 0) {
		log_err("no placeholder $%d in: %s", n, s->sql);
		return DB_MISUSE;
	}
	return map_rc(sqlite3_bind_null(STMT(s)->st, i));
}

static int sq_step(struct db_stmt *s)
{
	sqlite3_stmt *st = STMT(s)->st;
	int rc = map_rc(sqlite3_step(st));

	if (rc < 0 && rc != DB_CONSTRAINT)
		log_err("step failed: %s: %s", sqlite3_errmsg(sqlite3_db_handle(st)), s->sql);
	return rc;
}

static const char *sq_col_text(struct db_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(STMT(s)->st, i);
	return t ? (const char *)t : "";
}

static size_t sq_col_bytes(struct db_stmt *s, int i)
{
	return (size_t)sqlite3_column_bytes(STMT(s)->st, i);
}

static long long sq_col_int(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(STMT(s)->st, i);
}

static bool sq_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(STMT(s)->st, i) == SQLITE_NULL;
}

static void sq_reset(struct db_stmt *s)
{
	sqlite3_reset(STMT(s)->st);
	sqlite3_clear_bindings(STMT(s)->st);
}

static long long sq_changes(struct db_conn *c)
{
	return sqlite3_changes64(CONN(c)->h);
}

static int sq_exec(struct db_conn *dc, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(CONN(dc)->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_err("%s: %.200s", err ? err : "?", sql);
		sqlite3_free(err);
		return DB_ERR;
	}
	return DB_OK;
}

static int sq_rollback(struct db_conn *c)
{
	if (sqlite3_get_autocommit(CONN(c)->h))
		return DB_OK;   /* SQLite already rolled back (e.g. after SQLITE_FULL) */
	return sq_exec(c, "ROLLBACK");
}

/* A migration may rebuild a table (drop and rename), which foreign keys
 * would turn into cascading deletes: they are off while migrating (the
 * pragma is a no-op inside a transaction, so it is set around the loop)
 * and each migration must leave no dangling reference before it commits. */
static int sq_migrate_start(struct db_conn *c)
{
	return sq_exec(c, "PRAGMA foreign_keys=OFF");
}

static int sq_migrate_check(struct db_conn *dc)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(CONN(dc)->h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return DB_ERR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		log_err("migration leaves a dangling reference in table %s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? DB_OK : DB_ERR;
}

static void sq_migrate_end(struct db_conn *c)
{
	sq_exec(c, "PRAGMA foreign_keys=ON");
}

const struct db_ops db_sqlite_ops = {
	.engine = DB_SQLITE,
	.name = "sqlite",
	.migrations = db_migrations_sqlite,
	.nmigrations = &db_migrations_sqlite_count,
	.open = sq_open,
	.close = sq_close,
	.on_release = sq_on_release,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_text = sq_col_text,
	.col_bytes = sq_col_bytes,
	.col_int = sq_col_int,
	.col_null = sq_col_null,
	.reset = sq_reset,
	.changes = sq_changes,
	.exec = sq_exec,
	.rollback = sq_rollback,
	.begin_sql = "BEGIN IMMEDIATE",
	.begin_read_sql = "BEGIN DEFERRED",
	.migrate_start = sq_migrate_start,
	.migrate_check = sq_migrate_check,
	.migrate_end = sq_migrate_end,
};


