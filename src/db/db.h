/*
 * db.h — the storage interface: connections, prepared statements, rows.
 *
 * Two engines sit behind it, chosen by the address given to db_open: a
 * SQLite file (the default, embedded) or a PostgreSQL server
 * ("postgresql://..." or "postgres://...", for several nodes).  SQL is
 * written once, with $1..$n placeholders, and runs unchanged on both; only
 * the schema (DDL) has a migration set per engine.  Only prepared statements
 * exist: there is no call that takes values spliced into SQL.
 *
 * Threads: a struct db is a pool; each thread takes a connection with
 * db_acquire and gives it back with db_release.  A connection and its
 * statements are used by one thread at a time.
 *
 * Statements.  db_prepare hands out a statement from the connection's cache
 * (LIMIT_STMT_CACHE entries, keyed by SQL text) and marks it held; it stays
 * held until db_reset (or db_run, which resets).  The cache never evicts a
 * held statement.  A statement keeps a sticky error: a failed bind (unknown
 * placeholder, out of memory) is remembered and returned by the next
 * db_step, so a half-bound statement never runs.
 */
#ifndef ADUANA_DB_H
#define ADUANA_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_conn;
struct db_stmt;

/* Results.  Rows and "done" are positive; every failure is negative.  Store
 * functions add their own outcomes (store/store.h) that never collide. */
enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,
	DB_DONE = 2,
	DB_ERR = -1,           /* anything else; logged where it happened */
	DB_CONSTRAINT = -2,    /* unique, foreign key or check constraint breached */
	DB_BUSY = -3,          /* lock timeout, serialization failure, deadlock */
	DB_MISUSE = -4,        /* a bind to a placeholder the SQL does not have, a
	                          transaction begun inside another */
};

enum db_engine { DB_SQLITE = 1, DB_POSTGRES = 2 };

/* True when addr names a PostgreSQL server rather than a SQLite file. */
bool db_addr_is_postgres(const char *addr);

/* Opens the store at addr with a pool of n connections: a SQLite file
 * (created if needed) or a postgresql:// URL.  DB_OK or DB_ERR (logged). */
int db_open(struct db **out, const char *addr, size_t n);
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);
/* The engine of a connection (for the few texts that must differ: EXPLAIN). */
enum db_engine db_conn_engine(const struct db_conn *c);

/* Blocks until a connection is free. */
struct db_conn *db_acquire(struct db *db);
/* Gives c back; a transaction left open is rolled back (and logged), held
 * statements are reset. */
void db_release(struct db *db, struct db_conn *c);

/* Prepares sql (cached per connection by its text, kept by pointer: sql
 * must outlive the connection — pass a string literal); the statement is
 * reset, unbound and held.  NULL on error (logged), also when every cache
 * slot is held. */
struct db_stmt *db_prepare(struct db_conn *c, const char *sql);
/* $n.  s NULL binds NULL.  Each returns DB_OK or the statement's sticky error. */
int db_bind_text(struct db_stmt *st, int n, const char *s);
int db_bind_int(struct db_stmt *st, int n, long long v);
int db_bind_null(struct db_stmt *st, int n);
/* DB_ROW, DB_DONE or an error (the sticky bind error first). */
int db_step(struct db_stmt *st);
/* Columns of the current row, from 0.  Text is valid until the next step/reset. */
const char *db_col_text(struct db_stmt *st, int i);   /* "" for NULL */
size_t db_col_bytes(struct db_stmt *st, int i);       /* the length of db_col_text's, without the NUL */
long long db_col_int(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* Steps a statement that returns no rows, then resets it: DB_DONE or an error. */
int db_run(struct db_stmt *st);
/* Ends the statement's use: clears its row, bindings and error; no longer held. */
void db_reset(struct db_stmt *st);
/* Rows changed by the last statement run on c. */
long long db_changes(struct db_conn *c);

/* A write transaction.  If any statement inside it fails, db_commit refuses
 * (rolls back, DB_ERR) on both engines: a transaction is all or nothing.
 * SQLite: BEGIN IMMEDIATE (takes the write lock now).
 * PostgreSQL: READ COMMITTED; statements that must not race are written as
 * single conditional UPDATEs, which both engines run atomically. */
int db_begin(struct db_conn *c);
/* A read-only transaction: the queries inside see one snapshot.  End it with
 * db_commit.  Never write inside it. */
int db_begin_read(struct db_conn *c);
int db_commit(struct db_conn *c);
int db_rollback(struct db_conn *c);
bool db_in_transaction(struct db_conn *c);

/* Brings the schema up to date with the engine's embedded migrations, each
 * in its own transaction (one node at a time on PostgreSQL); logs each one. */
int db_migrate(struct db *db);
/* The schema version the store is at (0 for a new store). */
int db_schema_version(struct db_conn *c);

#endif
