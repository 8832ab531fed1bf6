/*
 * notices.h — the electronic mailbox (Notificaciones electrónicas).
 *
 * A user's notices are listed newest first, by (created_at, id).  Lists are
 * paged by key, never by OFFSET: a page starts after (or before) the key of
 * the last (or first) row of the page the user came from.  Searching
 * matches the subject without regard to case or accents ("notificacion"
 * finds "Notificación") on both engines: the store keeps the subject folded
 * (core/fold.h) beside it and folds the query the same way.
 */
#ifndef ADUANA_STORE_NOTICES_H
#define ADUANA_STORE_NOTICES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/store.h"

struct notice_rec {
	long long id;
	const char *sender, *recipient, *subject, *body;   /* arena; body "" in lists */
	long long created_at;
	long long read_at;      /* 0 = unread */
};

/* A position in a user's mailbox (newest first). */
struct notice_key {
	long long at, id;
};

enum notice_dir {
	NOTICE_FIRST,   /* the newest rows */
	NOTICE_OLDER,   /* the rows just older than key */
	NOTICE_NEWER,   /* the rows just newer than key */
	NOTICE_LAST,    /* the oldest rows */
};

int store_notice_add(struct db_conn *c, long long user_id, const char *sender,
		     const char *recipient, const char *subject, const char *body, long long now);
/* How many of the user's notices have a subject containing q (all when q is
 * NULL or ""), and how many of all are unread; one query. */
int store_notice_counts(struct db_conn *c, long long user_id, const char *q, struct arena *a,
			long long *total, long long *unread);
/* The counts that go with a page, read by the same statement as its rows
 * (so they agree); known only when the page has rows. */
struct notice_totals {
	bool known;
	long long total;        /* notices whose subject contains q (all without q) */
	long long unread;       /* unread notices, of all */
};

/* Up to limit of the user's notices whose subject contains q (NULL or "":
 * all), in direction dir from key (ignored for FIRST and LAST), returned
 * newest first whatever the direction; one statement, which also reads the
 * totals (tot may be NULL). */
int store_notice_page(struct db_conn *c, long long user_id, const char *q, enum notice_dir dir,
		      const struct notice_key *key, size_t limit, struct arena *a,
		      struct notice_rec **out, size_t *n, struct notice_totals *tot);
/* The key of the index-th (0 = newest) matching notice: where a page typed
 * by number, without a key to start from, begins.  Reads the index only. */
int store_notice_key_at(struct db_conn *c, long long user_id, const char *q, long long index,
			struct arena *a, struct notice_key *out);
long long store_notice_unread(struct db_conn *c, long long user_id);
/* One notice of the user's, marked read (first reading time kept). */
int store_notice_open(struct db_conn *c, long long user_id, long long id, long long now,
		      struct arena *a, struct notice_rec *out);
/* One notice of the user's, read_at untouched (0 when unread). */
int store_notice_get(struct db_conn *c, long long user_id, long long id, struct arena *a,
		     struct notice_rec *out);

#endif
