/*
 * workers.c — see workers.h.  A mutex, a condition variable and a ring.
 */
#include "http/workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct job {
	workers_fn fn;
	void *arg;
};

struct workers {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *ring;
	size_t cap, head, count;
	bool stopping;
	size_t nthreads;
	pthread_t threads[];
};

static void *run(void *p)
{
	struct workers *w = p;

	for (;;) {
		struct job j;
		pthread_mutex_lock(&w->mu);
		while (w->count == 0 && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->count == 0) {
			pthread_mutex_unlock(&w->mu);
			return NULL;
		}
		j = w->ring[w->head];
		w->head = (w->head + 1) % w->cap;
		w->count--;
		pthread_mutex_unlock(&w->mu);
		j.fn(j.arg);
	}
}

struct workers *workers_start(size_t n, size_t queue_max)
{
	struct workers *w = calloc(1, sizeof(*w) + n * sizeof(pthread_t));

	if (w == NULL)
		return NULL;
	w->ring = calloc(queue_max, sizeof(*w->ring));
	if (w->ring == NULL) {
		free(w);
		return NULL;
	}
	w->cap = queue_max;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
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
	int rc = -1;

	pthread_mutex_lock(&w->mu);
	if (!w->stopping && w->count < w->cap) {
		w->ring[(w->head + w->count) % w->cap] = (struct job){ fn, arg };
		w->count++;
		pthread_cond_signal(&w->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&w->mu);
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
	free(w->ring);
	free(w);
}
