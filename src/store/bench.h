/*
 * bench.h — generated data for measurements (`aduana bench-data`): OCE codes
 * with one user each, and documents spread over types, states, channels and
 * the days of the current year, with their events and errors.  The rows are
 * made by the database itself (a recursive WITH, the same text on both
 * engines), a range of numbers at a time, so a caller can show progress and
 * keep transactions bounded.
 *
 * Document i (0-based) belongs to OCE code i mod M; its sequence is i div M
 * + 1, so números are unique and every OCE's are consecutive; one in twenty
 * is a refused sending (no número, one error kept).  See docs/decisions.md.
 */
#ifndef ADUANA_STORE_BENCH_H
#define ADUANA_STORE_BENCH_H

#include "db/db.h"
#include "store/store.h"

#define BENCH_RUC "0991000003001"   /* a valid company RUC, every bench user's */

/* M OCE codes 7000000..7(M-1) (types 04, 02 and 01 in turn) and users
 * bench1..benchM (one OCE code each, password hash pw_hash).  *first_user
 * gets the id of bench1; the ids are consecutive (checked). */
int store_bench_oces(struct db_conn *c, long long m, const char *pw_hash, long long now,
		     long long *first_user);
/* Documents lo..hi-1 (and their first events and errors) of m OCE codes
 * dated between year_start and now, numbered in year. */
int store_bench_documents(struct db_conn *c, long long lo, long long hi, long long m, long long first_user,
			  long long year_start, long long now, int year);
/* The second event of every document in id range [lo, hi) that customs has
 * acted on (Registrado → its state). */
int store_bench_events(struct db_conn *c, long long lo, long long hi);
/* The número de entrega sequences after the documents, and fresh statistics
 * for the planner. */
int store_bench_finish(struct db_conn *c, int year);
/* The documents' id range, [*lo, *hi). */
int store_bench_id_range(struct db_conn *c, long long *lo, long long *hi);

#endif
