/*
 * throttle.h — budgets of failed sign-ins, per client address and per account.
 *
 * Each key (an address, or an account) has a count of recent failures, one
 * of which is forgiven every forgive_s seconds.  Below its budget a key's
 * sign-ins go on to the password check (with the count as their priority:
 * the worker queue serves a clean key first).  At or past its budget they
 * are spaced out: one attempt per (failures past the budget + 1) seconds,
 * at most delay_max_s apart; an attempt inside that delay is refused before
 * any hashing (the caller answers 429 with the wait).  The state is in
 * memory, per node, for at most `keys` keys: when full, the key with the
 * fewest failures near the new one's place gives way.  Thread-safe.
 */
#ifndef ADUANA_THROTTLE_H
#define ADUANA_THROTTLE_H

#include <stddef.h>

struct throttle;

struct throttle_opts {
	unsigned budget;           /* failures before the delay; 0: never throttled */
	unsigned forgive_s;        /* one failure forgiven per this many seconds */
	unsigned delay_max_s;
	unsigned keys;             /* remembered; rounded up to a power of two */
};

struct throttle *throttle_new(const struct throttle_opts *o);
void throttle_free(struct throttle *t);

/* May an attempt for key go on now?  0: yes, with *score its recent
 * failures; otherwise the seconds to wait (at least 1). */
long throttle_check(struct throttle *t, const char *key, long long now_ms, unsigned *score);
/* An attempt for key failed. */
void throttle_fail(struct throttle *t, const char *key, long long now_ms);
/* key's failures are forgotten (an account signed in). */
void throttle_forget(struct throttle *t, const char *key);

/* The key of a client address: the address itself, or for IPv6 its /64
 * (one subscriber's network), as text in out. */
void throttle_addr_key(const char *addr, char *out, size_t outsz);

#endif
