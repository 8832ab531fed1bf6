/*
 * store.h — the queries of aduana, over the db.h interface.
 *
 * Every function takes a connection the caller acquired and returns 0 on
 * success, STORE_NOT_FOUND when the row does not exist, or a negative db_rc.
 * Strings in records are copied into fixed fields (short, bounded by
 * core/limits.h) or into the caller's arena (lists), never left pointing into
 * SQLite's memory.  Functions that change several rows run in one transaction:
 * a failure half-way leaves the store as it was.
 */
#ifndef ADUANA_STORE_H
#define ADUANA_STORE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/limits.h"
#include "db/db.h"

#define STORE_NOT_FOUND 1
#define STORE_EXISTS (-10)    /* a unique key is taken */
#define STORE_CONFLICT (-11)  /* an OCE code belongs to another RUC or type */

struct user_rec {
	long long id;
	char ruc[14];
	char usuario[LIMIT_USUARIO_BYTES + 1];
	char nombre[LIMIT_NAME_BYTES + 1];
	char email[LIMIT_EMAIL_BYTES + 1];
	char pw_hash[128];
	int failures;
	long long blocked_at;   /* 0 when not blocked */
	int disabled;
};

struct oce_rec {
	char code[9];
	char type[3];
	const char *type_name;  /* arena */
};

struct oce_assign {          /* for store_user_add */
	char code[9];
	char type[3];
};

struct session_rec {
	long long user_id;
	char ruc[14];
	char usuario[LIMIT_USUARIO_BYTES + 1];
	char nombre[LIMIT_NAME_BYTES + 1];
	char oce_code[9];       /* "" until chosen */
	char oce_type[3];
	char oce_type_name[64];
	char csrf[65];
	long long created_at, last_seen;
	int disabled;
};

struct notice_rec {
	long long id;
	const char *sender, *recipient, *subject, *body;   /* arena */
	long long created_at;
	long long read_at;      /* 0 = unread */
};

struct news_rec {
	long long id;
	const char *title, *body;   /* arena */
	long long published_at;
};

struct menu_rec {
	char menu[3];           /* TO, SI, SC, VU */
	const char *id, *number, *title, *title_en, *screen;  /* arena; screen NULL = not yet */
};

/* Users */
int store_user_find(struct db_conn *c, const char *ruc, const char *usuario, struct user_rec *out);
/* Sign-in attempts.  An attempt is counted BEFORE its password is checked,
 * so that at most max checks happen between two successes however many
 * sign-ins run at once:
 *   store_user_attempt  reserves one; *blocked = 1 when the account is
 *                       blocked (nothing counted, no password check allowed);
 *   store_user_fail     after a wrong password: blocks the account if its
 *                       count reached max; *blocked = 1 when this call did;
 *   store_user_succeed  after a right password: resets the count;
 *                       STORE_NOT_FOUND when the account was blocked in the
 *                       meantime (the sign-in must then be refused).
 * Each returns STORE_NOT_FOUND for an unknown id. */
int store_user_attempt(struct db_conn *c, long long id, int max, long long now, int *blocked);
int store_user_fail(struct db_conn *c, long long id, int max, long long now, int *blocked);
int store_user_succeed(struct db_conn *c, long long id);
/* Clears the block and the failure count, puts the unblock notice in the
 * user's mailbox and writes the "unblock" audit row, in one transaction.
 * STORE_NOT_FOUND when not blocked (e.g. unblocked by a concurrent call). */
int store_user_unblock(struct db_conn *c, long long id, const char *subject, const char *body,
		       long long now, const char *addr, const char *detail);
/* Creates a user with its OCE codes (created when new; an existing code must
 * belong to the same RUC and type), in one transaction.  *id gets the new id. */
int store_user_add(struct db_conn *c, const struct user_rec *u, const struct oce_assign *oce,
		   size_t n_oce, long long now, long long *id);
/* Disables (1) or enables (0) a user; disabling ends the user's sessions.
 * The "disable"/"enable" audit row is written in the same transaction. */
int store_user_set_disabled(struct db_conn *c, long long id, int disabled, const char *addr,
			    long long now);
/* The OCE codes a user may act under, ordered by type then code. */
int store_user_oces(struct db_conn *c, long long user_id, struct arena *a,
		    struct oce_rec **out, size_t *n);

/* Sessions (token_hash is the hex hash of the cookie's token) */
int store_session_create(struct db_conn *c, const char *token_hash, long long user_id,
			 const char *csrf, long long now, const char *addr);
int store_session_find(struct db_conn *c, const char *token_hash, struct session_rec *out);
int store_session_touch(struct db_conn *c, const char *token_hash, long long now);
/* Replaces a session's token (and sets its OCE, if oce_code is not NULL). */
int store_session_rotate(struct db_conn *c, const char *old_hash, const char *new_hash,
			 const char *oce_code, const char *csrf, long long now);
int store_session_delete(struct db_conn *c, const char *token_hash);
/* Removes sessions idle since before cutoff; returns how many or <0. */
long long store_session_purge(struct db_conn *c, long long cutoff);

/* Notices */
int store_notice_add(struct db_conn *c, long long user_id, const char *sender,
		     const char *recipient, const char *subject, const char *body, long long now);
/* How many of the user's notices have a subject containing q (all when q is
 * NULL or ""), and how many of all are unread; one query. */
int store_notice_counts(struct db_conn *c, long long user_id, const char *q, struct arena *a,
			long long *total, long long *unread);
/* A page of the user's notices, newest first, optionally only those whose
 * subject contains q (NULL or "" for all).  *total gets the count of matching
 * notices unless total is NULL. */
int store_notice_list(struct db_conn *c, long long user_id, const char *q, long long offset,
		      long long limit, struct arena *a, struct notice_rec **out, size_t *n,
		      long long *total);
long long store_notice_unread(struct db_conn *c, long long user_id);
/* One notice of the user's, marked read. */
int store_notice_open(struct db_conn *c, long long user_id, long long id, long long now,
		      struct arena *a, struct notice_rec *out);

/* One notice of the user's, read_at untouched (0 when unread). */
int store_notice_get(struct db_conn *c, long long user_id, long long id, struct arena *a,
		     struct notice_rec *out);

/* News */
int store_news_add(struct db_conn *c, const char *title, const char *body, long long at);
int store_news_latest(struct db_conn *c, long long limit, struct arena *a,
		      struct news_rec **out, size_t *n);

/* Menus: the options an OCE type may use (type NULL: the public options). */
int store_menu(struct db_conn *c, const char *oce_type, struct arena *a,
	       struct menu_rec **out, size_t *n);

/* Audit trail: who did what, when, from where.  store_audit_user takes the
 * RUC and user from the user's row (for use inside a transaction). */
int store_audit_user(struct db_conn *c, const char *event, long long user_id, const char *oce_code,
		     const char *addr, const char *detail, long long now);
int store_audit(struct db_conn *c, const char *event, const char *ruc, const char *usuario,
		long long user_id, const char *oce_code, const char *addr, const char *detail,
		long long now);

#endif
