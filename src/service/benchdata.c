/*
 * benchdata.c — see benchdata.h.
 */
#include "service/benchdata.h"

#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "core/timefmt.h"
#include "service/tx.h"
#include "store/bench.h"

#define CHUNK 100000LL   /* documents per transaction */

/* 00:00 of 1 January of the year now falls in, in Ecuador; and that year. */
static long long year_start(long long now, int *year)
{
	char d[TIMEFMT_LEN];
	char jan[16];
	long long t = 0;

	timefmt_ec(now, d);   /* dd/mm/yyyy hh:mm:ss */
	*year = (d[6] - '0') * 1000 + (d[7] - '0') * 100 + (d[8] - '0') * 10 + (d[9] - '0');
	snprintf(jan, sizeof(jan), "01/01/%04d", *year);
	(void)timefmt_ec_day_start(jan, &t);
	return t;
}

int bench_fill(struct db_conn *c, long long n, long long m, long long now, bench_progress_fn *progress,
	       void *arg, char *err, size_t errsz)
{
	char hash[PASSWORD_HASH_MAX];
	long long first = 0, y0, lo, hi;
	int year, rc;

	err[0] = '\0';
	if (n < 1 || n > BENCH_MAX_DOCUMENTS || m < 1 || m > BENCH_MAX_OCES) {
		snprintf(err, errsz, "--documents must be 1..%lld and --oces 1..%lld", BENCH_MAX_DOCUMENTS,
			 BENCH_MAX_OCES);
		return -1;
	}
	y0 = year_start(now, &year);
	if (now - y0 < 86400)
		y0 = now - 86400;   /* on 1 January: the last day */
	if (password_init() != 0 || password_hash(BENCH_PASSWORD, strlen(BENCH_PASSWORD), hash) != 0) {
		snprintf(err, errsz, "cannot hash the bench password");
		return -1;
	}
	if (db_begin(c) != DB_OK) {
		snprintf(err, errsz, "cannot begin a transaction");
		return -1;
	}
	rc = tx_end(c, store_bench_oces(c, m, hash, now, &first));
	if (rc != STORE_OK) {
		snprintf(err, errsz, "cannot add the OCE codes and users (is there bench data already?)");
		return -1;
	}
	if (progress)
		progress(arg, "oces", m, m);
	for (long long i = 0; i < n; i += CHUNK) {
		long long end = i + CHUNK < n ? i + CHUNK : n;

		if (db_begin(c) != DB_OK ||
		    tx_end(c, store_bench_documents(c, i, end, m, first, y0, now, year)) != STORE_OK) {
			snprintf(err, errsz, "cannot add documents %lld..%lld", i, end - 1);
			return -1;
		}
		if (progress)
			progress(arg, "documents", end, n);
	}
	if (store_bench_id_range(c, &lo, &hi) != STORE_OK) {
		snprintf(err, errsz, "cannot read the documents' ids");
		return -1;
	}
	for (long long i = lo; i < hi; i += CHUNK) {
		long long end = i + CHUNK < hi ? i + CHUNK : hi;

		if (db_begin(c) != DB_OK || tx_end(c, store_bench_events(c, i, end)) != STORE_OK) {
			snprintf(err, errsz, "cannot add the events of documents %lld..%lld", i, end - 1);
			return -1;
		}
		if (progress)
			progress(arg, "events", end - lo, hi - lo);
	}
	if (store_bench_finish(c, year) != STORE_OK) {
		snprintf(err, errsz, "cannot set the sequences or analyze");
		return -1;
	}
	return 0;
}
