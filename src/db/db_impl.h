/*
 * db_impl.h — what a storage engine implements behind db.h.  Only db.c and
 * the engines (db_sqlite.c, db_pg.c) include it.
 *
 * Each engine embeds the base structs below as the FIRST member of its own
 * (struct sqlite_conn { struct db_conn base; sqlite3 *h; ... }), so db.c can
 * keep what is common to both engines in one place: the sticky statement
 * error, the "held" mark, the migration runner and the pool's bookkeeping
 * of held statements.  Engines cast back with the DB_OF macro.
 */
#ifndef ADUANA_DB_IMPL_H
#define ADUANA_DB_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/embed.h"
#include "db/db.h"

#define DB_OF(type, ptr) ((type *)(void *)(ptr))

struct db_ops;

/* The pool is common to both engines (db.c): an engine's open fills
 * conns[0..n) with its connections' bases after db_pool_init. */
struct db {
	const struct db_ops *ops;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n;
	struct db_conn **conns;
};

struct db_conn {
	const struct db_ops *ops;
	bool busy;                /* handed out by db_acquire */
	bool in_tx;
	bool tx_failed;           /* a statement failed since db_begin: the commit is refused */
};

/* For an engine's open: sets db's ops and room for n connections (none yet:
 * the engine adds them, raising n).  0, or -1 out of memory. */
int db_pool_init(struct db *db, const struct db_ops *ops, size_t n);
/* For an engine's close, after its connections are closed. */
void db_pool_free(struct db *db);

struct db_stmt {
	struct db_conn *conn;
	const char *sql;          /* the caller's text (cache key) */
	int err;                  /* sticky: first failed bind, DB_OK otherwise */
	bool held;                /* handed out by db_prepare, not yet reset */
};

struct db_ops {
	enum db_engine engine;
	const char *name;                        /* "sqlite", "postgresql" */
	const struct embedded_file *migrations;  /* NNN_name.sql, in order */
	const size_t *nmigrations;

	int  (*open)(struct db **out, const char *addr, size_t n);
	void (*close)(struct db *db);
	/* Called with a connection just taken from the pool (NULL: nothing to
	 * do) and with one about to go back: reset its held statements. */
	void (*on_acquire)(struct db_conn *c);
	void (*on_release)(struct db_conn *c);

	/* Finds or prepares sql in c's cache.  Never returns a held statement;
	 * NULL when preparing failed (logged) or every slot is held. */
	struct db_stmt *(*prepare)(struct db_conn *c, const char *sql);
	int  (*bind_text)(struct db_stmt *st, int n, const char *s);
	int  (*bind_int)(struct db_stmt *st, int n, long long v);
	int  (*bind_null)(struct db_stmt *st, int n);
	int  (*step)(struct db_stmt *st);
	const char *(*col_text)(struct db_stmt *st, int i);
	size_t (*col_bytes)(struct db_stmt *st, int i);
	long long (*col_int)(struct db_stmt *st, int i);
	bool (*col_null)(struct db_stmt *st, int i);
	void (*reset)(struct db_stmt *st);       /* clears the row and the bindings */
	long long (*changes)(struct db_conn *c);

	/* Runs SQL text holding one or more statements, no parameters (DDL of
	 * migrations, BEGIN/COMMIT).  DB_OK or an error (logged). */
	int  (*exec)(struct db_conn *c, const char *sql);
	/* Ends the open transaction; DB_OK also when the engine already ended
	 * it by itself (SQLite does after some errors). */
	int  (*rollback)(struct db_conn *c);
	const char *begin_sql, *begin_read_sql;

	/* Migrations: migrate_start runs before anything else of the runner
	 * (PostgreSQL: a session advisory lock, so two nodes never migrate at
	 * once; SQLite: foreign keys off, so a migration may rebuild a table),
	 * migrate_check before each migration's commit (SQLite:
	 * foreign_key_check must find nothing), migrate_end after the last one. */
	int  (*migrate_start)(struct db_conn *c);
	int  (*migrate_check)(struct db_conn *c);
	void (*migrate_end)(struct db_conn *c);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

#endif
