/*
 * throttle.c — see throttle.h.  An open-addressed table of 64-bit key
 * hashes, probed over a window of PROBE cells.
 */
#include "auth/throttle.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

#define PROBE 8

struct cell {
	uint64_t h;                /* 0: empty */
	unsigned fails;
	long long at;              /* ms: when fails was last brought up to date */
	long long next_at;         /* ms: over budget, the earliest next attempt */
};

struct throttle {
	pthread_mutex_t mu;
	struct throttle_opts o;
	struct cell *c;
	unsigned n;                /* a power of two */
};

/* A key's hash; never 0 (an empty cell). */
static uint64_t hash(const char *s)
{
	uint64_t h = hash_bytes(s, strlen(s));

	return h ? h : 1;
}

struct throttle *throttle_new(const struct throttle_opts *o)
{
	struct throttle *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->o = *o;
	if (t->o.forgive_s == 0)
		t->o.forgive_s = 1;
	for (t->n = PROBE; t->n < o->keys; t->n *= 2)
		;
	t->c = calloc(t->n, sizeof(*t->c));
	if (t->c == NULL) {
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

void throttle_free(struct throttle *t)
{
	if (t == NULL)
		return;
	pthread_mutex_destroy(&t->mu);
	free(t->c);
	free(t);
}

/* Forgives what time has forgiven. */
static void decay(const struct throttle *t, struct cell *c, long long now)
{
	long long step = (long long)t->o.forgive_s * 1000;
	long long k;

	if (now <= c->at)
		return;
	k = (now - c->at) / step;
	if (k >= (long long)c->fails) {
		c->fails = 0;
		c->at = now;
	} else {
		c->fails -= (unsigned)k;
		c->at += k * step;
	}
}

/* key's cell; with create, made (taking the place of the weakest cell of
 * the window when it is full).  NULL when absent and not created. */
static struct cell *find(struct throttle *t, uint64_t h, long long now, bool create)
{
	unsigned start = (unsigned)h & (t->n - 1);
	struct cell *empty = NULL, *weakest = NULL, *w;

	for (unsigned k = 0; k < PROBE; k++) {
		struct cell *c = &t->c[(start + k) & (t->n - 1)];
		if (c->h == h)
			return c;
		if (c->h == 0) {
			if (empty == NULL)
				empty = c;
			continue;
		}
		decay(t, c, now);
		if (weakest == NULL || c->fails < weakest->fails)
			weakest = c;
	}
	if (!create)
		return NULL;
	w = empty ? empty : weakest;
	memset(w, 0, sizeof(*w));
	w->h = h;
	w->at = now;
	return w;
}

long throttle_check(struct throttle *t, const char *key, long long now_ms, unsigned *score)
{
	long wait = 0;

	*score = 0;
	pthread_mutex_lock(&t->mu);
	struct cell *c = find(t, hash(key), now_ms, false);
	if (c) {
		decay(t, c, now_ms);
		*score = c->fails;
		if (t->o.budget && c->fails >= t->o.budget) {
			if (now_ms < c->next_at) {
				wait = (long)((c->next_at - now_ms + 999) / 1000);
			} else {
				long long d = (long long)c->fails - (long long)t->o.budget + 1;
				if (d > (long long)t->o.delay_max_s)
					d = t->o.delay_max_s;
				c->next_at = now_ms + d * 1000;
			}
		}
	}
	pthread_mutex_unlock(&t->mu);
	return wait;
}

void throttle_fail(struct throttle *t, const char *key, long long now_ms)
{
	pthread_mutex_lock(&t->mu);
	struct cell *c = find(t, hash(key), now_ms, true);
	decay(t, c, now_ms);
	if (c->fails < 1000000u)
		c->fails++;
	pthread_mutex_unlock(&t->mu);
}

void throttle_forget(struct throttle *t, const char *key)
{
	pthread_mutex_lock(&t->mu);
	struct cell *c = find(t, hash(key), 0, false);
	if (c)
		memset(c, 0, sizeof(*c));
	pthread_mutex_unlock(&t->mu);
}

void throttle_addr_key(const char *addr, char *out, size_t outsz)
{
	unsigned char a[16];

	if (strchr(addr, ':') && inet_pton(AF_INET6, addr, a) == 1) {
		memset(a + 8, 0, 8);
		if (inet_ntop(AF_INET6, a, out, (socklen_t)outsz)) {
			size_t n = strlen(out);
			if (n + 3 < outsz)
				memcpy(out + n, "/64", 4);
			return;
		}
	}
	str_lcpy(out, addr, outsz);
}
