/*
 * db_fixture.h — a fresh, migrated store for a unit test, on either engine.
 *
 *   struct db *db = fixture_open(2);   ...   fixture_close(db);
 *
 * With ADUANA_TEST_PG set (a libpq URI to a server's maintenance database,
 * as scripts/pg.sh exports it), fixture_open creates a database of its own
 * on that server, named from the process id, a counter and random bits so
 * that tests running side by side (Criterion forks each test, --jobs 2)
 * never meet, opens it with db_open and migrates it; fixture_close drops it.
 * Otherwise the store is a SQLite file in a new mkdtemp directory, removed
 * with its -wal and -shm files on close.
 *
 * Header-only (static functions): include it in one test file.  Setup
 * failures fail the test through Criterion's asserts.  Up to FIXTURE_MAX
 * stores may be open at once in a process.
 */
#ifndef ADUANA_DB_FIXTURE_H
#define ADUANA_DB_FIXTURE_H

#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"

#define FIXTURE_MAX 4

struct fixture {
	struct db *db;
	char pg_name[64];           /* PostgreSQL: the database created */
	char dir[64];               /* SQLite: the temporary directory */
	char path[128];             /* SQLite: the store's file */
};

static struct fixture fixture_slots[FIXTURE_MAX];
static unsigned fixture_counter;

/* The maintenance URI of the test server, or NULL for SQLite. */
static inline const char *fixture_pg_admin(void)
{
	const char *u = getenv("ADUANA_TEST_PG");

	return u && *u ? u : NULL;
}

/* "postgresql" when the tests run on PostgreSQL, else "sqlite". */
static inline const char *fixture_engine(void)
{
	return fixture_pg_admin() ? "postgresql" : "sqlite";
}

/* Runs one statement on the maintenance database. */
static inline void fixture_pg_admin_exec(const char *sql)
{
	PGconn *h = PQconnectdb(fixture_pg_admin());
	PGresult *r;

	cr_assert(h && PQstatus(h) == CONNECTION_OK, "fixture: cannot connect to ADUANA_TEST_PG: %s",
		  h ? PQerrorMessage(h) : "out of memory");
	r = PQexec(h, sql);
	cr_assert(PQresultStatus(r) == PGRES_COMMAND_OK, "fixture: %s: %s", sql, PQerrorMessage(h));
	PQclear(r);
	PQfinish(h);
}

/* The admin URI with its database (the URI's path) replaced by name. */
static inline void fixture_pg_url(const char *name, char *out, size_t outsz)
{
	const char *admin = fixture_pg_admin();
	const char *auth = strstr(admin, "://");
	const char *rest;
	int n;

	cr_assert_not_null(auth, "fixture: ADUANA_TEST_PG is not a URI: %s", admin);
	auth += 3;
	rest = auth + strcspn(auth, "/?");
	if (*rest == '/')
		rest += strcspn(rest, "?");
	n = snprintf(out, outsz, "%.*s/%s%s", (int)(auth - admin) + (int)strcspn(auth, "/?"), admin,
		     name, rest);
	cr_assert(n > 0 && (size_t)n < outsz, "fixture: URI too long");
}

static inline unsigned fixture_random(void)
{
	unsigned r = 0;
	FILE *f = fopen("/dev/urandom", "rb");
	struct timespec ts;

	if (f == NULL || fread(&r, sizeof(r), 1, f) != 1) {
		clock_gettime(CLOCK_REALTIME, &ts);
		r = (unsigned)ts.tv_nsec;
	}
	if (f)
		fclose(f);
	return r;
}

static inline struct fixture *fixture_slot(const struct db *db)
{
	for (int i = 0; i < FIXTURE_MAX; i++)
		if (fixture_slots[i].db == db)
			return &fixture_slots[i];
	return NULL;
}

/* A new, migrated store with a pool of n connections. */
static inline struct db *fixture_open(size_t n)
{
	struct fixture *f = fixture_slot(NULL);
	char sql[128], url[1024];
	struct db *db;

	cr_assert_not_null(f, "fixture: more than %d stores open", FIXTURE_MAX);
	memset(f, 0, sizeof(*f));
	if (fixture_pg_admin()) {
		snprintf(f->pg_name, sizeof(f->pg_name), "aduana_test_%ld_%u_%08x", (long)getpid(),
			 fixture_counter++, fixture_random());
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", f->pg_name);
		fixture_pg_admin_exec(sql);
		fixture_pg_url(f->pg_name, url, sizeof(url));
	} else {
		snprintf(f->dir, sizeof(f->dir), "/tmp/aduana-test-db-XXXXXX");
		cr_assert_not_null(mkdtemp(f->dir), "fixture: mkdtemp");
		snprintf(f->path, sizeof(f->path), "%s/store.db", f->dir);
		snprintf(url, sizeof(url), "%s", f->path);
	}
	cr_assert_eq(db_open(&db, url, n), DB_OK, "fixture: db_open %s", url);
	f->db = db;
	cr_assert_eq(db_migrate(db), DB_OK, "fixture: db_migrate");
	return db;
}

/* Closes db and deletes its store. */
static inline void fixture_close(struct db *db)
{
	struct fixture *f = db ? fixture_slot(db) : NULL;
	char p[160];

	if (f == NULL)
		return;
	db_close(db);
	f->db = NULL;
	if (f->pg_name[0]) {
		snprintf(p, sizeof(p), "DROP DATABASE \"%s\" WITH (FORCE)", f->pg_name);
		fixture_pg_admin_exec(p);
		return;
	}
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
}

#endif
