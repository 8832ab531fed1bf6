/*
 * db.h — the storage interface: connections, prepared statements, rows.
 *
 * The back end is opaque.  SQL is written once with $1..$n placeholders, the
 * PostgreSQL form; the SQLite back end binds them by name ("$1"), so the same
 * query text can later run on a PostgreSQL back end implementing this header.
 * Only prepared statements exist: there is no call that takes values spliced
 * into SQL.  Schema changes (DDL) live in numbered migrations per engine.
 *
 * Threads: a struct db is a pool; each thread takes a connection with
 * db_acquire and gives it back with db_release.  A connection and its
 * statements are used by one thread at a time.
 */
#ifndef ADUANA_DB_H
#define ADUANA_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_conn;
struct db_stmt;

enum db_rc { DB_OK = 0, DB_ROW = 1, DB_DONE = 2, DB_ERR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

/* Opens (creating if needed) the store at path with a pool of n connections. */
int db_open(struct db **out, const char *path, size_t n);
void db_close(struct db *db);

/* Blocks until a connection is free. */
struct db_conn *db_acquire(struct db *db);
void db_release(struct db *db, struct db_conn *c);

/* Prepares sql (cached per connection by text); NULL on error (logged).  The
 * statement is reset and unbound; it belongs to the connection. */
struct db_stmt *db_prepare(struct db_conn *c, const char *sql);
int db_bind_text(struct db_stmt *st, int n, const char *s);   /* $n; NULL binds NULL */
int db_bind_int(struct db_stmt *st, int n, long long v);
int db_bind_null(struct db_stmt *st, int n);
/* DB_ROW, DB_DONE or an error (DB_CONSTRAINT for a unique/foreign key breach). */
int db_step(struct db_stmt *st);
/* Columns of the current row, from 0.  Text is valid until the next step/reset. */
const char *db_col_text(struct db_stmt *st, int i);   /* "" for NULL */
long long db_col_int(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* Steps a statement that returns no rows; DB_DONE or an error. Resets it. */
int db_run(struct db_stmt *st);
void db_reset(struct db_stmt *st);
/* Rows changed by the last statement on c. */
long long db_changes(struct db_conn *c);

int db_begin(struct db_conn *c);     /* BEGIN IMMEDIATE: take the write lock now */
/* A read-only transaction: the queries inside see one snapshot, and share
 * one set of locks.  End it with db_commit.  Never write inside it. */
int db_begin_read(struct db_conn *c);
int db_commit(struct db_conn *c);
int db_rollback(struct db_conn *c);

/* Brings the schema up to date with the embedded migrations; logs each one. */
int db_migrate(struct db *db);
/* The schema version the store is at (0 for a new store). */
int db_schema_version(struct db_conn *c);

#endif
