/*
 * db_pg.c — the PostgreSQL engine of db.h (see db_impl.h), over libpq.
 *
 * The pool holds n sessions opened with PQconnectdb on the libpq URI given
 * to db_open; each runs in UTC, UTF-8 and READ COMMITTED.  Each connection
 * keeps a cache of LIMIT_STMT_CACHE statements keyed by SQL text, prepared
 * on the server (PQprepare) under a name unique in the session ("s<N>"),
 * with the parameter types left to the server to infer.  Evicting a slot
 * deallocates its server statement; a held statement is never evicted.
 *
 * Parameters ($1..$n, n <= PG_MAX_PARAMS) are kept as text in the statement
 * itself: an integer is formatted into the parameter's inline storage, a
 * text is copied (inline when short, else on the heap), so the caller's
 * pointer need not outlive the bind.  Unbound parameters are sent as NULL.
 * The first db_step runs the statement (text results, fetched whole) and
 * the following ones walk its rows.
 *
 * Errors map by SQLSTATE: class 23 (integrity) is DB_CONSTRAINT and is not
 * logged (callers expect it); serialization failure, deadlock and lock not
 * available are DB_BUSY.  PostgreSQL answers a COMMIT of a failed (aborted)
 * transaction with success and the tag "ROLLBACK": that COMMIT is DB_ERR.
 *
 * Evicting a slot inside a failed transaction (where the server refuses
 * everything but the transaction's end) puts the DEALLOCATE off until the
 * connection is released, so the server never keeps more than the cache.
 *
 * libpq learns that a session is lost when it next uses it: that statement
 * fails (DB_ERR), and the next db_acquire of the connection resets it and
 * drops its statement cache (server statements die with the session).
 * libpq's notices (e.g. "relation already exists, skipping") go to the log
 * instead of standard error.  Never log the address: it may hold a password.
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/log.h"
#include "db/db_impl.h"
#include "db/migrations.h"

#define PG_MAX_PARAMS   32          /* placeholders of one statement */
#define PG_INLINE_BYTES 24          /* "-9223372036854775808" and a NUL fit */
#define PG_NAME_BYTES   24          /* "s" and a 64-bit counter */
#define PG_PENDING      8           /* deallocations put off by an aborted transaction */
#define PG_MSG_BYTES    512         /* a connection error, once redacted */
#define PG_BOOL_OID     16          /* the type boolean (catalog/pg_type.dat) */

/* The advisory lock key of the migration runner: "aduanamg" as 8 bytes. */
#define PG_MIGRATE_KEY  "7017863180674231655"

struct pg_param {
	char inline_buf[PG_INLINE_BYTES];
	char *heap;                 /* a long text's copy, freed at reset */
};

struct pg_stmt {
	struct db_stmt base;        /* base.sql NULL: the slot is free */
	char name[PG_NAME_BYTES];
	int nparams;                /* placeholders of the prepared statement */
	bool ran;                   /* executed since the last reset */
	int rc;                     /* the run's outcome, DB_OK or an error */
	PGresult *res;              /* the rows, NULL when none */
	int nrows;
	int cur;                    /* the current row; -1 before the first */
	const char *vals[PG_MAX_PARAMS];   /* NULL: SQL NULL */
	struct pg_param params[PG_MAX_PARAMS];
};

struct pg_conn {
	struct db_conn base;
	PGconn *h;
	size_t nstmt;               /* slots used from the start of stmts */
	size_t evict;               /* where the next eviction scan starts */
	unsigned long long next_name;
	long long changes;          /* rows changed by the last INSERT/UPDATE/DELETE */
	size_t npending;
	char pending[PG_PENDING][PG_NAME_BYTES];
	struct pg_stmt stmts[LIMIT_STMT_CACHE];
};

struct pg_db {
	struct db base;
	struct pg_conn *conns;
};

#define CONN(c) DB_OF(struct pg_conn, c)
#define STMT(s) DB_OF(struct pg_stmt, s)

/* The length of the first line of libpq message m, for "%.*s": logs are
 * one line, and libpq's further lines are hints ("Is the server running
 * locally...?"). */
static int msg_len(const char *m)
{
	size_t n = strcspn(m, "\r\n");

	while (n > 0 && m[n - 1] == ' ')
		n--;
	return n > 4096 ? 4096 : (int)n;
}

/* The primary message of res, or the connection's last error. */
static const char *res_msg(PGconn *h, const PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	return m ? m : PQerrorMessage(h);
}

static void notice_fn(void *arg, const PGresult *res)
{
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *m = PQresultErrorMessage(res);

	(void)arg;
	if (sev && strcmp(sev, "WARNING") == 0)
		log_warn("postgresql: %.*s", msg_len(m), m);
	else
		log_msg(LOG_DEBUG, "postgresql: %.*s", msg_len(m), m);
}

/* True when sql's first keyword is word (case-insensitive). */
static bool first_word_is(const char *sql, const char *word)
{
	size_t n = strlen(word);

	while (isspace((unsigned char)*sql))
		sql++;
	return strncasecmp(sql, word, n) == 0 && !isalnum((unsigned char)sql[n]) && sql[n] != '_';
}

/* A COMMIT (or END) that PostgreSQL turned into a rollback: the
 * transaction had failed before. */
static bool commit_rolled_back(const char *sql, PGresult *res)
{
	return strcmp(PQcmdStatus(res), "ROLLBACK") == 0 &&
	       (first_word_is(sql, "COMMIT") || first_word_is(sql, "END"));
}

/* Runs sql (one or more statements, no parameters).  DB_OK or DB_ERR. */
static int exec_sql(PGconn *h, const char *sql)
{
	PGresult *res = PQexec(h, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = DB_OK;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		const char *m = res_msg(h, res);
		log_err("postgresql: %.*s: %.200s", msg_len(m), m, sql);
		rc = DB_ERR;
	} else if (commit_rolled_back(sql, res)) {
		log_err("postgresql: COMMIT of a failed transaction (rolled back): %.200s", sql);
		rc = DB_ERR;
	}
	PQclear(res);
	return rc;
}

/* Copies msg into out with every non-empty secret replaced by "***". */
static void redact(const char *msg, const char *const *secrets, size_t nsecrets, char *out,
		   size_t outsz)
{
	size_t o = 0;

	while (*msg && o + 4 < outsz) {
		size_t hit = 0;
		for (size_t k = 0; k < nsecrets && hit == 0; k++) {
			size_t n = secrets[k] ? strlen(secrets[k]) : 0;
			if (n > 0 && strncmp(msg, secrets[k], n) == 0)
				hit = n;
		}
		if (hit) {
			memcpy(out + o, "***", 3);
			o += 3;
			msg += hit;
		} else {
			out[o++] = *msg++;
		}
	}
	out[o] = '\0';
}

/* Copies into out (outsz bytes) the text from start up to the first of the
 * characters stops, cut to fit; "" when start is NULL. */
static void copy_until(const char *start, const char *stops, char *out, size_t outsz)
{
	size_t n = start ? strcspn(start, stops) : 0;

	if (n >= outsz)
		n = outsz - 1;
	if (n > 0)
		memcpy(out, start, n);
	out[n] = '\0';
}

/* Logs why connecting to url failed, without the password: the message is
 * cleared of the password as written in the URI (user:PASSWORD@ or
 * ?password=PASSWORD, which libpq may quote when it cannot decode it) and
 * as libpq decoded it. */
static void log_connect_error(const char *url, PGconn *h)
{
	char raw_user[256], raw_query[256], decoded[256], out[PG_MSG_BYTES];
	const char *secrets[3] = { raw_user, raw_query, decoded };
	const char *m = h ? PQerrorMessage(h) : "out of memory";
	const char *auth = strstr(url, "://");
	const char *p = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, NULL);

	raw_user[0] = raw_query[0] = decoded[0] = '\0';
	if (auth) {
		const char *end = auth + 3 + strcspn(auth + 3, "/?");
		const char *at = NULL;
		for (const char *q = auth + 3; q < end; q++)
			if (*q == '@')
				at = q;
		for (const char *q = auth + 3; at && q < at && p == NULL; q++)
			if (*q == ':')
				p = q + 1;
		if (p)
			copy_until(p, "@", raw_user, sizeof(raw_user));
	}
	p = strstr(url, "password=");
	copy_until(p ? p + 9 : NULL, "&", raw_query, sizeof(raw_query));
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0)
			copy_until(o->val, "", decoded, sizeof(decoded));
	PQconninfoFree(opts);
	redact(m, secrets, 3, out, sizeof(out));
	log_err("cannot connect to PostgreSQL (database %s): %.*s",
		h && PQdb(h) ? PQdb(h) : "?", msg_len(out), out);
}

/* The session settings; run again after a reset. */
static int conn_setup(struct pg_conn *c)
{
	PQsetNoticeReceiver(c->h, notice_fn, NULL);
	/* synchronous_commit on: a commit is acknowledged once its WAL is
	 * flushed, whatever the server's default (docs/decisions.md). */
	return exec_sql(c->h, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8';"
			      " SET default_transaction_isolation = 'read committed'; SET synchronous_commit = on");
}

static void clear_params(struct pg_stmt *st)
{
	for (int i = 0; i < PG_MAX_PARAMS; i++) {
		free(st->params[i].heap);
		st->params[i].heap = NULL;
		st->vals[i] = NULL;
	}
}

/* Back to "prepared, nothing bound, not run". */
static void clear_stmt(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->ran = false;
	st->rc = DB_OK;
	st->nrows = 0;
	st->cur = -1;
	clear_params(st);
}

/* Drops the server statement name.  Inside an aborted transaction the
 * server refuses everything but its end, so it is put off to the release
 * of the connection. */
static void deallocate(struct pg_conn *c, const char *name)
{
	char sql[PG_NAME_BYTES + 16];

	if (PQtransactionStatus(c->h) == PQTRANS_INERROR) {
		if (c->npending < PG_PENDING)
			memmove(c->pending[c->npending++], name, PG_NAME_BYTES);   /* may be itself */
		else
			log_warn("postgresql: statement %s kept until the session ends", name);
		return;
	}
	snprintf(sql, sizeof(sql), "DEALLOCATE %s", name);
	if (exec_sql(c->h, sql) != DB_OK)
		log_warn("postgresql: statement %s kept until the session ends", name);
}

static void flush_pending(struct pg_conn *c)
{
	size_t n = c->npending;

	c->npending = 0;
	for (size_t i = 0; i < n; i++)
		deallocate(c, c->pending[i]);
}

/* Forgets every cached statement (the session that held them is gone). */
static void drop_cache(struct pg_conn *c)
{
	for (size_t i = 0; i < c->nstmt; i++) {
		clear_stmt(&c->stmts[i]);
		c->stmts[i].base.sql = NULL;
		c->stmts[i].base.held = false;
	}
	c->nstmt = 0;
	c->evict = 0;
	c->npending = 0;
}

static int open_one(struct pg_conn *c, const char *url)
{
	c->base.ops = &db_pg_ops;
	c->h = PQconnectdb(url);
	if (c->h == NULL || PQstatus(c->h) != CONNECTION_OK) {
		log_connect_error(url, c->h);
		return -1;
	}
	return conn_setup(c) == DB_OK ? 0 : -1;
}

static void pg_close(struct db *d)
{
	struct pg_db *db = DB_OF(struct pg_db, d);

	for (size_t i = 0; i < db->base.n; i++) {
		struct pg_conn *c = &db->conns[i];
		for (size_t j = 0; j < c->nstmt; j++)
			clear_stmt(&c->stmts[j]);
		PQfinish(c->h);   /* NULL is fine */
	}
	db_pool_free(&db->base);
	free(db->conns);
	free(db);
}

static int pg_open(struct db **out, const char *url, size_t n)
{
	struct pg_db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		return DB_ERR;
	db->conns = calloc(n, sizeof(*db->conns));
	if (db->conns == NULL || db_pool_init(&db->base, &db_pg_ops, n) != 0) {
		free(db->conns);
		free(db);
		return DB_ERR;
	}
	for (size_t i = 0; i < n; i++) {
		db->base.conns[i] = &db->conns[i].base;
		db->base.n = i + 1;
		if (open_one(&db->conns[i], url) != 0) {
			pg_close(&db->base);
			return DB_ERR;
		}
	}
	*out = &db->base;
	return DB_OK;
}

/* Makes c's session usable: reconnects a broken one, ends a transaction
 * left open (db_release rolls back, so only after a failed ROLLBACK). */
static void check_conn(struct pg_conn *c)
{
	PGTransactionStatusType ts;

	if (PQstatus(c->h) != CONNECTION_OK) {
		log_warn("postgresql: connection lost, reconnecting");
		drop_cache(c);
		c->base.in_tx = false;
		PQreset(c->h);
		if (PQstatus(c->h) != CONNECTION_OK) {
			const char *m = PQerrorMessage(c->h);
			log_err("postgresql: cannot reconnect: %.*s", msg_len(m), m);
			return;
		}
		conn_setup(c);
		return;
	}
	ts = PQtransactionStatus(c->h);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
		log_warn("postgresql: connection acquired inside a transaction: rolling back");
		exec_sql(c->h, "ROLLBACK");
	}
}

static void pg_on_acquire(struct db_conn *dc)
{
	check_conn(CONN(dc));
}

static void pg_on_release(struct db_conn *dc)
{
	struct pg_conn *c = CONN(dc);

	for (size_t i = 0; i < c->nstmt; i++) {
		if (c->stmts[i].base.held) {
			clear_stmt(&c->stmts[i]);
			c->stmts[i].base.held = false;
		}
	}
	if (c->npending > 0 && PQtransactionStatus(c->h) == PQTRANS_IDLE)
		flush_pending(c);
}

/* Prepares sql on the server as name and learns its placeholders. */
static int prepare_server(struct pg_conn *c, const char *name, const char *sql, int *nparams)
{
	PGresult *res = PQprepare(c->h, name, sql, 0, NULL);
	int rc = -1;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *m = res_msg(c->h, res);
		log_err("prepare failed: %.*s: %s", msg_len(m), m, sql);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	res = PQdescribePrepared(c->h, name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *m = res_msg(c->h, res);
		log_err("describe failed: %.*s: %s", msg_len(m), m, sql);
		goto out;
	}
	*nparams = PQnparams(res);
	if (*nparams > PG_MAX_PARAMS) {
		log_err("more than %d placeholders: %s", PG_MAX_PARAMS, sql);
		goto out;
	}
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		deallocate(c, name);
	return rc;
}

/* A slot for a new statement: a free one, else the next one no caller
 * holds (round robin; slots never move, so a held statement stays valid). */
static struct pg_stmt *pick_slot(struct pg_conn *c)
{
	if (c->nstmt < LIMIT_STMT_CACHE)
		return &c->stmts[c->nstmt];
	for (size_t k = 0; k < LIMIT_STMT_CACHE; k++) {
		struct pg_stmt *cand = &c->stmts[(c->evict + k) % LIMIT_STMT_CACHE];
		if (!cand->base.held) {
			c->evict = (c->evict + k + 1) % LIMIT_STMT_CACHE;
			return cand;
		}
	}
	return NULL;
}

static struct db_stmt *pg_prepare(struct db_conn *dc, const char *sql)
{
	struct pg_conn *c = CONN(dc);
	struct pg_stmt *e;
	char name[PG_NAME_BYTES];
	int nparams = 0;

	for (size_t i = 0; i < c->nstmt; i++) {
		e = &c->stmts[i];
		if (e->base.sql == sql || strcmp(e->base.sql, sql) == 0) {
			if (e->base.held) {
				log_err("statement prepared again while held: %s", sql);
				return NULL;
			}
			clear_stmt(e);
			return &e->base;
		}
	}
	e = pick_slot(c);
	if (e == NULL) {
		log_err("statement cache full of held statements (%d): %s", LIMIT_STMT_CACHE, sql);
		return NULL;
	}
	snprintf(name, sizeof(name), "s%llu", c->next_name++);
	if (prepare_server(c, name, sql, &nparams) != 0)
		return NULL;   /* the slot keeps what it had */
	if (e == &c->stmts[c->nstmt]) {
		c->nstmt++;
	} else {
		clear_stmt(e);
		deallocate(c, e->name);
	}
	memcpy(e->name, name, sizeof(name));
	e->nparams = nparams;
	e->cur = -1;
	e->base.conn = dc;
	e->base.sql = sql;
	return &e->base;
}

/* The parameter slot of $n, or NULL (logged) when the statement has no $n. */
static struct pg_param *param(struct pg_stmt *st, int n)
{
	if (n < 1 || n > st->nparams) {
		log_err("no placeholder $%d in: %s", n, st->base.sql);
		return NULL;
	}
	free(st->params[n - 1].heap);
	st->params[n - 1].heap = NULL;
	return &st->params[n - 1];
}

static int pg_bind_text(struct db_stmt *s, int n, const char *v)
{
	struct pg_stmt *st = STMT(s);
	struct pg_param *p = param(st, n);
	size_t len;
	char *dst;

	if (p == NULL)
		return DB_MISUSE;
	len = strlen(v);
	dst = p->inline_buf;
	if (len >= sizeof(p->inline_buf)) {
		dst = p->heap = malloc(len + 1);
		if (dst == NULL) {
			log_err("out of memory binding $%d (%zu bytes): %s", n, len, s->sql);
			st->vals[n - 1] = NULL;
			return DB_ERR;
		}
	}
	memcpy(dst, v, len + 1);
	st->vals[n - 1] = dst;
	return DB_OK;
}

static int pg_bind_int(struct db_stmt *s, int n, long long v)
{
	struct pg_stmt *st = STMT(s);
	struct pg_param *p = param(st, n);

	if (p == NULL)
		return DB_MISUSE;
	snprintf(p->inline_buf, sizeof(p->inline_buf), "%lld", v);
	st->vals[n - 1] = p->inline_buf;
	return DB_OK;
}

static int pg_bind_null(struct db_stmt *s, int n)
{
	struct pg_stmt *st = STMT(s);

	if (param(st, n) == NULL)
		return DB_MISUSE;
	st->vals[n - 1] = NULL;
	return DB_OK;
}

/* Keeps the row count of a statement that changes rows (like SQLite's
 * changes(): SELECT, BEGIN and COMMIT leave it alone). */
static void note_changes(struct pg_conn *c, PGresult *res)
{
	const char *tag = PQcmdStatus(res);

	if (first_word_is(tag, "INSERT") || first_word_is(tag, "UPDATE") ||
	    first_word_is(tag, "DELETE") || first_word_is(tag, "MERGE"))
		c->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

static int map_error(struct pg_conn *c, const PGresult *res, const char *sql)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *m = res_msg(c->h, res);
	int rc = DB_ERR;

	if (state && strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		      strcmp(state, "55P03") == 0))
		rc = DB_BUSY;
	log_err("step failed: %.*s (SQLSTATE %s): %s", msg_len(m), m, state ? state : "none", sql);
	return rc;
}

/* Runs the statement once; DB_OK (rows or not) or an error. */
static int run(struct pg_stmt *st)
{
	struct pg_conn *c = CONN(st->base.conn);
	PGresult *res = PQexecPrepared(c->h, st->name, st->nparams, st->vals, NULL, NULL, 0);
	int rc = DB_OK;

	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		note_changes(c, res);
		st->res = res;
		st->nrows = PQntuples(res);
		return DB_OK;
	case PGRES_COMMAND_OK:
		if (commit_rolled_back(st->base.sql, res)) {
			log_err("COMMIT of a failed transaction (rolled back): %s", st->base.sql);
			rc = DB_ERR;
		} else {
			note_changes(c, res);
		}
		break;
	case PGRES_EMPTY_QUERY:
		break;
	default:
		rc = map_error(c, res, st->base.sql);
		break;
	}
	PQclear(res);
	return rc;
}

static int pg_step(struct db_stmt *s)
{
	struct pg_stmt *st = STMT(s);

	if (!st->ran) {
		st->ran = true;
		st->rc = run(st);
	}
	if (st->rc != DB_OK)
		return st->rc;
	if (st->cur + 1 < st->nrows) {
		st->cur++;
		return DB_ROW;
	}
	st->cur = st->nrows;
	return DB_DONE;
}

/* True when column i of the current row exists. */
static bool has_col(const struct pg_stmt *st, int i)
{
	return st->res && st->cur >= 0 && st->cur < st->nrows && i >= 0 && i < PQnfields(st->res);
}

static const char *pg_col_text(struct db_stmt *s, int i)
{
	struct pg_stmt *st = STMT(s);

	return has_col(st, i) ? PQgetvalue(st->res, st->cur, i) : "";
}

static size_t pg_col_bytes(struct db_stmt *s, int i)
{
	struct pg_stmt *st = STMT(s);

	return has_col(st, i) ? (size_t)PQgetlength(st->res, st->cur, i) : 0;
}

static long long pg_col_int(struct db_stmt *s, int i)
{
	struct pg_stmt *st = STMT(s);
	const char *v;

	if (!has_col(st, i) || PQgetisnull(st->res, st->cur, i))
		return 0;
	v = PQgetvalue(st->res, st->cur, i);
	if (PQftype(st->res, i) == PG_BOOL_OID)
		return v[0] == 't';   /* "t" or "f"; SQLite gives 1 and 0 */
	return strtoll(v, NULL, 10);
}

static bool pg_col_null(struct db_stmt *s, int i)
{
	struct pg_stmt *st = STMT(s);

	return !has_col(st, i) || PQgetisnull(st->res, st->cur, i);
}

static void pg_reset(struct db_stmt *s)
{
	clear_stmt(STMT(s));
}

static long long pg_changes(struct db_conn *c)
{
	return CONN(c)->changes;
}

static int pg_exec(struct db_conn *c, const char *sql)
{
	return exec_sql(CONN(c)->h, sql);
}

static int pg_rollback(struct db_conn *c)
{
	if (PQtransactionStatus(CONN(c)->h) == PQTRANS_IDLE)
		return DB_OK;   /* already ended, e.g. by a COMMIT of a failed transaction */
	return pg_exec(c, "ROLLBACK");
}

/* One node migrates at a time: the others wait here for the lock (held by
 * the session, released by migrate_end or when the session ends). */
static int pg_migrate_start(struct db_conn *c)
{
	return pg_exec(c, "SELECT pg_advisory_lock(" PG_MIGRATE_KEY ")");
}

static void pg_migrate_end(struct db_conn *c)
{
	pg_exec(c, "SELECT pg_advisory_unlock(" PG_MIGRATE_KEY ")");
}

const struct db_ops db_pg_ops = {
	.engine = DB_POSTGRES,
	.name = "postgresql",
	.migrations = db_migrations_pg,
	.nmigrations = &db_migrations_pg_count,
	.open = pg_open,
	.close = pg_close,
	.on_acquire = pg_on_acquire,
	.on_release = pg_on_release,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_text = pg_col_text,
	.col_bytes = pg_col_bytes,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.exec = pg_exec,
	.rollback = pg_rollback,
	.begin_sql = "BEGIN",
	.begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	.migrate_start = pg_migrate_start,
	.migrate_check = NULL,
	.migrate_end = pg_migrate_end,
};
