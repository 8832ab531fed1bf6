/*
 * test_workers.c — unit tests of src/http/workers.c, the slow-job pool.
 *
 * What the server relies on: every submitted job runs exactly once; with one
 * thread jobs run in submission order; when queue_max jobs are waiting a
 * further submit is refused (-1, the caller answers 503) without losing any
 * queued job; workers_stop runs every job still queued before it returns, and
 * refuses new jobs once stopping.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "core/limits.h"
#include "http/workers.h"

static atomic_int ran;
static int order[64];          /* order_job's arguments, in the order they ran */
static atomic_int order_n;

static void count_job(void *arg)
{
	(void)arg;
	atomic_fetch_add(&ran, 1);
}

/* A job that blocks until released, so the queue can be filled behind it. */
struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started;
	bool open;
	struct workers *w;      /* for submit-while-stopping */
	int submit_rc;          /* what a submit from inside the job returned */
};

static void gate_init(struct gate *g)
{
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	g->started = 0;
	g->open = false;
	g->w = NULL;
	g->submit_rc = 99;
}

static void gate_job(void *arg)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->mu);
	g->started++;
	pthread_cond_broadcast(&g->cv);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	if (g->w)
		g->submit_rc = workers_submit(g->w, count_job, NULL);
}

static void gate_wait_started(struct gate *g, int n)
{
	pthread_mutex_lock(&g->mu);
	while (g->started < n)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
}

static void gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->open = true;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* A pool whose every thread is held by gate_job (released by gate_open),
 * so that jobs queue up behind it; order_n reset. */
static struct workers *held_pool(size_t threads, size_t queue, struct gate *g)
{
	struct workers *w = workers_start(threads, queue);

	cr_assert_not_null(w);
	gate_init(g);
	atomic_store(&order_n, 0);
	for (size_t i = 0; i < threads; i++)
		cr_assert_eq(workers_submit(w, gate_job, g), 0);
	gate_wait_started(g, (int)threads);
	return w;
}

TestSuite(workers, .timeout = 20);

Test(workers, all_jobs_run)
{
	struct workers *w = workers_start(4, LIMIT_JOB_QUEUE);
	int submitted = 0;

	cr_assert_not_null(w);
	atomic_store(&ran, 0);
	while (submitted < 5000) {
		if (workers_submit(w, count_job, NULL) == 0)
			submitted++;
		else
			sleep_ms(1);   /* the queue is momentarily full: retry */
	}
	workers_stop(w);
	cr_assert_eq(atomic_load(&ran), 5000);
}

static void order_job(void *arg)
{
	order[atomic_fetch_add(&order_n, 1)] = (int)(long)arg;
}

Test(workers, one_thread_keeps_fifo_order)
{
	struct workers *w = workers_start(1, 64);
	struct gate g;

	cr_assert_not_null(w);
	gate_init(&g);
	atomic_store(&order_n, 0);
	/* Hold the thread so that the ring wraps around while jobs wait. */
	cr_assert_eq(workers_submit(w, gate_job, &g), 0);
	gate_wait_started(&g, 1);
	for (long i = 0; i < 64; i++)
		cr_assert_eq(workers_submit(w, order_job, (void *)i), 0);
	gate_open(&g);
	workers_stop(w);
	cr_assert_eq(atomic_load(&order_n), 64);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(order[i], i, "job %d ran at position %d", order[i], i);
}

Test(workers, queue_full_refused)
{
	enum { THREADS = 2, QUEUE = 8 };
	struct workers *w = workers_start(THREADS, QUEUE);
	struct gate g;

	cr_assert_not_null(w);
	gate_init(&g);
	atomic_store(&ran, 0);
	/* Occupy every thread, then fill the queue exactly. */
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(workers_submit(w, gate_job, &g), 0);
	gate_wait_started(&g, THREADS);
	for (int i = 0; i < QUEUE; i++)
		cr_assert_eq(workers_submit(w, count_job, NULL), 0, "job %d of %d refused", i, QUEUE);
	cr_assert_eq(workers_submit(w, count_job, NULL), -1, "queue_max + 1 must be refused");
	cr_assert_eq(workers_submit(w, count_job, NULL), -1);
	gate_open(&g);
	workers_stop(w);
	cr_assert_eq(atomic_load(&ran), QUEUE, "a refusal must not drop queued jobs");
}

Test(workers, room_again_after_draining)
{
	struct workers *w = workers_start(1, 2);
	struct gate g;

	cr_assert_not_null(w);
	gate_init(&g);
	atomic_store(&ran, 0);
	cr_assert_eq(workers_submit(w, gate_job, &g), 0);
	gate_wait_started(&g, 1);
	cr_assert_eq(workers_submit(w, count_job, NULL), 0);
	cr_assert_eq(workers_submit(w, count_job, NULL), 0);
	cr_assert_eq(workers_submit(w, count_job, NULL), -1);
	gate_open(&g);
	while (atomic_load(&ran) < 2)
		sleep_ms(1);
	cr_assert_eq(workers_submit(w, count_job, NULL), 0, "the queue has room again");
	workers_stop(w);
	cr_assert_eq(atomic_load(&ran), 3);
}

/* Opens the gate after a delay, from another thread. */
static void *open_later(void *arg)
{
	sleep_ms(200);
	gate_open(arg);
	return NULL;
}

Test(workers, stop_drains_and_refuses_new_jobs)
{
	struct workers *w = workers_start(1, 32);
	struct gate g;
	pthread_t t;

	cr_assert_not_null(w);
	gate_init(&g);
	g.w = w;
	atomic_store(&ran, 0);
	cr_assert_eq(workers_submit(w, gate_job, &g), 0);
	gate_wait_started(&g, 1);
	for (int i = 0; i < 20; i++)
		cr_assert_eq(workers_submit(w, count_job, NULL), 0);
	/* The gate opens while workers_stop is already waiting: the job then
	 * tries to queue one more, which must be refused, and the 20 queued
	 * jobs must still run before workers_stop returns. */
	cr_assert_eq(pthread_create(&t, NULL, open_later, &g), 0);
	workers_stop(w);
	pthread_join(t, NULL);
	cr_assert_eq(atomic_load(&ran), 20);
	cr_assert_eq(g.submit_rc, -1, "submit while stopping must be refused");
}

Test(workers, stop_idle_pool)
{
	struct workers *w = workers_start(3, 4);

	cr_assert_not_null(w);
	workers_stop(w);
	workers_stop(NULL);
}

/* ---- priority and lanes (the sign-in queue under a flood, issue 8) ------ */

static atomic_int evicted[64];

static void evict_job(void *arg)
{
	atomic_fetch_add(&evicted[(long)arg], 1);
}

static int submit(struct workers *w, long tag, unsigned prio, uint64_t lane)
{
	struct workers_job j = { order_job, (void *)tag, prio, lane, evict_job };

	return workers_submit_job(w, &j);
}

Test(workers, lanes_take_turns)
{
	struct gate g;
	struct workers *w = held_pool(1, 64, &g);
	/* A flooding lane queues 10 jobs (0..9), then a second client one (10). */
	for (long i = 0; i < 10; i++)
		cr_assert_eq(submit(w, i, 0, 7), 0);
	cr_assert_eq(submit(w, 10, 0, 8), 0);
	gate_open(&g);
	workers_stop(w);
	cr_assert_eq(atomic_load(&order_n), 11);
	cr_assert_eq(order[0], 0);
	cr_assert_eq(order[1], 10, "the other lane's job runs second, not eleventh (ran %d)", order[1]);
	for (int i = 2; i < 11; i++)
		cr_assert_eq(order[i], i - 1, "the flooding lane keeps its own order");
}

Test(workers, lower_priority_value_runs_first)
{
	struct gate g;
	struct workers *w = held_pool(1, 64, &g);
	/* Twenty lanes with failures behind them (priority 5), then a clean one. */
	for (long i = 0; i < 20; i++)
		cr_assert_eq(submit(w, i, 5, 100 + (uint64_t)i), 0);
	cr_assert_eq(submit(w, 20, 0, 1), 0);
	gate_open(&g);
	workers_stop(w);
	cr_assert_eq(order[0], 20, "the clean sign-in goes first");
}

Test(workers, a_full_queue_evicts_a_worse_job_for_a_better_one)
{
	struct gate g;
	struct workers *w;

	for (int i = 0; i < 64; i++)
		atomic_store(&evicted[i], 0);
	w = held_pool(1, 4, &g);
	for (long i = 0; i < 4; i++)
		cr_assert_eq(submit(w, i, 3, 9), 0);
	/* Full: a job no more urgent is refused, and nothing is evicted. */
	cr_assert_eq(submit(w, 4, 3, 10), -1);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(atomic_load(&evicted[i]), 0);
	/* A more urgent one takes the place of the one that would run last. */
	cr_assert_eq(submit(w, 5, 0, 11), 0);
	cr_assert_eq(atomic_load(&evicted[3]), 1, "the newest of the worst lane gives way");
	gate_open(&g);
	workers_stop(w);
	cr_assert_eq(atomic_load(&order_n), 4);
	cr_assert_eq(order[0], 5);
	cr_assert_eq(order[1], 0);
	cr_assert_eq(order[2], 1);
	cr_assert_eq(order[3], 2);
}

static void gate_job_prio(struct workers *w, struct gate *g, unsigned prio)
{
	struct workers_job j = { gate_job, g, prio, 42, NULL };

	cr_assert_eq(workers_submit_job(w, &j), 0);
}

Test(workers, one_thread_stays_free_for_a_clean_job)
{
	struct workers *w = workers_start(2, 16);
	struct gate g;

	cr_assert_not_null(w);
	gate_init(&g);
	atomic_store(&ran, 0);
	/* A flood: four blocking jobs with failures behind them (priority 3). */
	for (int i = 0; i < 4; i++)
		gate_job_prio(w, &g, 3);
	gate_wait_started(&g, 1);
	sleep_ms(100);
	pthread_mutex_lock(&g.mu);
	cr_assert_eq(g.started, 1, "only one of two threads runs the flood (%d)", g.started);
	pthread_mutex_unlock(&g.mu);
	/* A clean job runs at once on the thread kept free. */
	cr_assert_eq(workers_submit(w, count_job, NULL), 0);
	for (int i = 0; i < 100 && atomic_load(&ran) == 0; i++)
		sleep_ms(5);
	cr_assert_eq(atomic_load(&ran), 1, "the clean job did not wait for the flood");
	gate_open(&g);
	workers_stop(w);
	pthread_mutex_lock(&g.mu);
	cr_assert_eq(g.started, 4, "the flood's jobs all ran in the end");
	pthread_mutex_unlock(&g.mu);
}
