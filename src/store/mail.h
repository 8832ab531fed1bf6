/*
 * mail.h — the mail outbox (table mail_outbox, migration 018).
 *
 * A message is pending (sent_at and failed_at NULL), sent, or failed (given
 * up: too many attempts or a permanent refusal).  Senders on any number of
 * nodes take due messages with a lease: store_mail_claim's conditional
 * UPDATE succeeds for one sender only, on both engines, and a lease that
 * runs out (its node died) lets another take the message again.
 */
#ifndef ADUANA_STORE_MAIL_H
#define ADUANA_STORE_MAIL_H

#include <stddef.h>

#include "core/arena.h"
#include "core/limits.h"
#include "db/db.h"
#include "store/store.h"

enum mail_state {
	MAIL_ANY = 0,
	MAIL_PENDING,
	MAIL_SENT,
	MAIL_FAILED,
};

struct mail_rec {
	long long id;
	char to[LIMIT_EMAIL_BYTES + 1];
	const char *subject;          /* in the caller's arena */
	const char *body_text;        /* "" in lists */
	const char *body_html;        /* "" in lists */
	long long created_at;
	long long attempts;
	long long next_at;
	long long sent_at;            /* 0 when not sent */
	long long failed_at;          /* 0 when not failed */
	const char *last_error;       /* "" when none */
	enum mail_state state;
};

/* Adds a pending message, due now; *id (may be NULL) gets its id. */
int store_mail_add(struct db_conn *c, const char *to, const char *subject, const char *text,
		   const char *html, long long now, long long *id);
/* Claims up to max pending messages due at now (next_at ≤ now) whose lease
 * is free, until lease_until: each is claimed by its own conditional UPDATE,
 * so a message another sender took meanwhile is skipped.  The claimed ones,
 * with their bodies, go to *out (an arena array), *n of them. */
int store_mail_claim_due(struct db_conn *c, long long now, long long lease_until, size_t max,
			 struct arena *a, struct mail_rec **out, size_t *n);
/* Claims message id if pending and its lease is free: STORE_OK, or
 * STORE_NOT_FOUND when someone else holds it (or it is no longer pending). */
int store_mail_claim(struct db_conn *c, long long id, long long now, long long lease_until);
/* Delivered: sent_at, the lease released, attempts + 1. */
int store_mail_sent(struct db_conn *c, long long id, long long now);
/* A temporary failure: attempts + 1, try again at next_at, the lease released. */
int store_mail_retry(struct db_conn *c, long long id, long long next_at, const char *error);
/* Given up: attempts + 1, failed_at, last_error. */
int store_mail_fail(struct db_conn *c, long long id, long long now, const char *error);
/* Gives back a claim without counting an attempt (the sender stopped). */
int store_mail_release(struct db_conn *c, long long id);
/* A failed message back in the queue, due now with its attempts reset
 * (last_error kept until the next try).  STORE_NOT_FOUND unless it failed. */
int store_mail_requeue(struct db_conn *c, long long id, long long now);
/* One message with its bodies.  STORE_NOT_FOUND when there is none. */
int store_mail_get(struct db_conn *c, long long id, struct arena *a, struct mail_rec *out);
/* Newest first: the messages in state (MAIL_ANY: all) with id < before
 * (0: from the newest), at most limit, without their bodies; *total counts
 * every message in that state. */
int store_mail_list(struct db_conn *c, enum mail_state state, long long before, size_t limit,
		    struct arena *a, struct mail_rec **out, size_t *n, long long *total);

#endif
