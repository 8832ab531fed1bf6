/*
 * workers.h — a small fixed pool of threads for slow jobs.
 *
 * Password hashing takes ~50 ms; it must never run on the server's I/O
 * threads, or one sign-in would stall every page served by that thread.
 * Jobs wait in a bounded queue (LIMIT_JOB_QUEUE).  Each job has a priority
 * (lower runs first: the server gives a sign-in from an address or for an
 * account with recent failures a higher number) and a lane (the client's
 * address): among jobs of equal priority, lanes take turns, so one client
 * with many jobs waiting does not hold back another's one.  When the queue
 * is full a job refuses, unless one waiting has a worse priority and can be
 * evicted (its evict function is called, on the submitting thread, and the
 * caller answers it 503).  With two threads or more, one thread is kept
 * for priority-0 jobs: the others run the rest.  Jobs submitted with
 * workers_submit all share one lane and priority 0: first in, first out.
 */
#ifndef ADUANA_WORKERS_H
#define ADUANA_WORKERS_H

#include <stddef.h>
#include <stdint.h>

struct workers;

typedef void (*workers_fn)(void *arg);

struct workers_job {
	workers_fn fn;
	void *arg;
	unsigned prio;             /* lower runs first */
	uint64_t lane;             /* e.g. a hash of the client's address */
	workers_fn evict;          /* NULL: never evicted; else called with arg
	                              when a more urgent job takes its place */
};

/* Starts n threads; NULL on failure. */
struct workers *workers_start(size_t n, size_t queue_max);
/* Queues fn(arg); 0 on success, -1 when the queue is full or stopping. */
int workers_submit(struct workers *w, workers_fn fn, void *arg);
/* Queues *j; 0 on success, -1 when full (and nothing could give way) or
 * stopping. */
int workers_submit_job(struct workers *w, const struct workers_job *j);
/* Refuses new jobs, runs every queued one and joins the threads; the pool
 * itself stays valid (workers_submit keeps refusing) until workers_free. */
void workers_drain(struct workers *w);
void workers_free(struct workers *w);
/* workers_drain then workers_free. */
void workers_stop(struct workers *w);

#endif
