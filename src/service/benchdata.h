/*
 * benchdata.h — `aduana bench-data`: fills a store with generated documents
 * for the benchmarks (store/bench.h says how they are spread).  Each range
 * of documents is its own transaction; progress is reported after each.
 */
#ifndef ADUANA_SERVICE_BENCHDATA_H
#define ADUANA_SERVICE_BENCHDATA_H

#include "db/db.h"

#define BENCH_PASSWORD "Bench.2026"   /* every bench user's (bench1..benchM) */
#define BENCH_MAX_DOCUMENTS 100000000LL
#define BENCH_MAX_OCES 9999999LL

/* what: "oces", "documents", "events"; done out of total. */
typedef void bench_progress_fn(void *arg, const char *what, long long done, long long total);

/* Adds m OCE codes with their users and n documents dated between 1 January
 * of the current year (in Ecuador) and now.  0, or -1 with a reason in
 * err (English, for the operator).  The store must not hold bench data yet. */
int bench_fill(struct db_conn *c, long long n, long long m, long long now, bench_progress_fn *progress,
	       void *arg, char *err, size_t errsz);

#endif
