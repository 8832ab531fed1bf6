/*
 * workers.c — see workers.h.  A mutex, a condition variable and an array of
 * waiting jobs, scanned to pick the next one (at most LIMIT_JOB_QUEUE, and
 * each job is a password hash of ~50 ms: the scan costs nothing beside it).
 *
 * Order: start-time fair queuing per lane.  A job's rank is the virtual time
 * (the rank of the last job started) or, when its lane already has jobs
 * waiting, one past the last of them; the next job is the one of lowest
 * priority value, then lowest rank, then oldest.  So lanes take turns: a
 * lane with 16 jobs waiting does not delay a newcomer's first one by 16.
 * With two threads or more, jobs of priority > 0 never take the last free
 * thread: a priority-0 job (a sign-in from a clean address for a clean
 * account) starts at once, never behind a flood's hashes.
 */
#include "http/workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

struct job {
	struct workers_job j;
	uint64_t rank, seq;
};

struct workers {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *q;
	size_t cap, count;
	uint64_t vtime, seq;
	size_t busy_urgent_not;    /* threads running a job of priority > 0 */
	size_t size;               /* threads started (set before they start) */
	bool stopping;
	size_t nthreads;
	pthread_t threads[];
};

/* Is a to run before b? */
static bool before(const struct job *a, const struct job *b)
{
	if (a->j.prio != b->j.prio)
		return a->j.prio < b->j.prio;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	return a->seq < b->seq;
}

static void *run(void *p)
{
	struct workers *w = p;

	for (;;) {
		struct workers_job j;
		size_t best = 0;
		pthread_mutex_lock(&w->mu);
		for (;;) {
			if (w->count == 0 && w->stopping) {
				pthread_mutex_unlock(&w->mu);
				return NULL;
			}
			if (w->count) {
				best = 0;
				for (size_t i = 1; i < w->count; i++)
					if (before(&w->q[i], &w->q[best]))
						best = i;
				/* The last free thread is kept for a priority-0 job
				 * (while stopping, everything runs). */
				if (w->q[best].j.prio == 0 || w->stopping || w->size < 2 ||
				    w->busy_urgent_not + 1 < w->size)
					break;
			}
			pthread_cond_wait(&w->cv, &w->mu);
		}
		j = w->q[best].j;
		w->vtime = w->q[best].rank;
		w->q[best] = w->q[--w->count];
		if (j.prio)
			w->busy_urgent_not++;
		pthread_mutex_unlock(&w->mu);
		j.fn(j.arg);
		if (j.prio) {
			pthread_mutex_lock(&w->mu);
			w->busy_urgent_not--;
			pthread_cond_broadcast(&w->cv);
			pthread_mutex_unlock(&w->mu);
		}
	}
}

struct workers *workers_start(size_t n, size_t queue_max)
{
	struct workers *w = calloc(1, sizeof(*w) + n * sizeof(pthread_t));

	if (w == NULL)
		return NULL;
	w->q = calloc(queue_max ? queue_max : 1, sizeof(*w->q));
	if (w->q == NULL) {
		free(w);
		return NULL;
	}
	w->cap = queue_max;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->size = n;
	for (size_t i = 0; i < n; i++) {
		if (pthread_create(&w->threads[i], NULL, run, w) != 0) {
			w->nthreads = i;
			workers_stop(w);
			return NULL;
		}
	}
	w->nthreads = n;
	return w;
}

int workers_submit(struct workers *w, workers_fn fn, void *arg)
{
	struct workers_job j = { fn, arg, 0, 0, NULL };

	return workers_submit_job(w, &j);
}

int workers_submit_job(struct workers *w, const struct workers_job *j)
{
	struct workers_job out = { NULL, NULL, 0, 0, NULL };
	int rc = -1;

	pthread_mutex_lock(&w->mu);
	if (!w->stopping && w->count == w->cap && w->cap) {
		/* Full: the job that would run last gives way to a more urgent one. */
		size_t worst = 0;
		for (size_t i = 1; i < w->count; i++)
			if (before(&w->q[worst], &w->q[i]))
				worst = i;
		if (w->q[worst].j.prio > j->prio && w->q[worst].j.evict) {
			out = w->q[worst].j;
			w->q[worst] = w->q[--w->count];
		}
	}
	if (!w->stopping && w->count < w->cap) {
		uint64_t rank = w->vtime;
		for (size_t i = 0; i < w->count; i++)
			if (w->q[i].j.lane == j->lane && w->q[i].rank + 1 > rank)
				rank = w->q[i].rank + 1;
		w->q[w->count++] = (struct job){ *j, rank, w->seq++ };
		pthread_cond_signal(&w->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&w->mu);
	if (out.evict)
		out.evict(out.arg);
	return rc;
}

void workers_drain(struct workers *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	for (size_t i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	w->nthreads = 0;
}

void workers_stop(struct workers *w)
{
	workers_drain(w);
	workers_free(w);
}

void workers_free(struct workers *w)
{
	if (w == NULL)
		return;
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->q);
	free(w);
}
