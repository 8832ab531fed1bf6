/*
 * workers.h — a small fixed pool of threads for slow jobs.
 *
 * Password hashing takes ~50 ms; it must never run on the server's I/O
 * threads, or one sign-in would stall every page served by that thread.
 * Jobs go into a bounded FIFO (LIMIT_JOB_QUEUE); when it is full,
 * workers_submit refuses and the caller answers 503.
 */
#ifndef ADUANA_WORKERS_H
#define ADUANA_WORKERS_H

#include <stddef.h>

struct workers;

typedef void (*workers_fn)(void *arg);

/* Starts n threads; NULL on failure. */
struct workers *workers_start(size_t n, size_t queue_max);
/* Queues fn(arg); 0 on success, -1 when the queue is full or stopping. */
int workers_submit(struct workers *w, workers_fn fn, void *arg);
/* Refuses new jobs, runs every queued one and joins the threads; the pool
 * itself stays valid (workers_submit keeps refusing) until workers_free. */
void workers_drain(struct workers *w);
void workers_free(struct workers *w);
/* workers_drain then workers_free. */
void workers_stop(struct workers *w);

#endif
