/*
 * notices.c — see notices.h.
 *
 * Two query shapes serve every page: "older than a key, newest first" and
 * "newer than a key, oldest first" (reversed here), each with and without
 * the subject search, so the common case — no search — has no LIKE at all
 * and stays one cached statement.  The first page is "older than the
 * largest key", the last "newer than the smallest".  Both walk the index
 * notice_user (user_id, created_at DESC, id DESC, and the listed columns)
 * from the key, and read the page's totals in the same statement: one
 * statement — one round trip on PostgreSQL — for the usual page.
 */
#include "store/notices.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/fold.h"
#include "store/row.h"

int store_notice_add(struct db_conn *c, long long user_id, const char *sender,
		     const char *recipient, const char *subject, const char *body, long long now)
{
	struct db_stmt *st;
	struct arena a;
	char *folded;
	size_t n = strlen(subject);
	int rc;

	arena_init(&a, n + 64);
	folded = arena_alloc(&a, n + 1);
	if (folded == NULL) {
		arena_free(&a);
		return DB_ERR;
	}
	fold_text(subject, n, folded);
	st = db_prepare(c,
		"INSERT INTO notice (user_id, sender, recipient, subject, subject_fold, body, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)");
	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, sender);
		db_bind_text(st, 3, recipient);
		db_bind_text(st, 4, subject);
		db_bind_text(st, 5, folded);
		db_bind_text(st, 6, body);
		db_bind_int(st, 7, now);
	}
	rc = row_exec(st);
	arena_free(&a);
	return rc;
}

static void read_notice(struct db_stmt *st, struct arena *a, void *out)
{
	struct notice_rec *r = out;

	r->id = db_col_int(st, 0);
	r->sender = row_dup(a, st, 1);
	r->recipient = row_dup(a, st, 2);
	r->subject = row_dup(a, st, 3);
	r->created_at = db_col_int(st, 4);
	r->read_at = db_col_int(st, 5);
	r->body = row_dup(a, st, 6);
}

int store_notice_counts(struct db_conn *c, long long user_id, const char *q, struct arena *a,
			long long *total, long long *unread)
{
	int err;
	const char *pat = row_like_folded(a, q, &err);
	struct db_stmt *st;
	int rc;

	*total = *unread = 0;
	if (err)
		return DB_ERR;
	/* The user's row carries both totals (kept by triggers, migration 004);
	 * a search counts its matches, over the user's part of the index. */
	if (pat)
		st = db_prepare(c,
			"SELECT (SELECT count(*) FROM notice WHERE user_id = $1 AND subject_fold LIKE $2 ESCAPE '\\'),"
			" notices_unread FROM app_user WHERE id = $1");
	else
		st = db_prepare(c, "SELECT notices, notices_unread FROM app_user WHERE id = $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, user_id);
	if (pat)
		db_bind_text(st, 2, pat);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*total = db_col_int(st, 0);
		*unread = db_col_int(st, 1);
	}
	db_reset(st);
	/* No such user: no notices. */
	return rc == DB_ROW || rc == DB_DONE ? STORE_OK : rc < 0 ? rc : DB_ERR;
}

/* A row of a page: the notice, then the totals (the same on every row:
 * scalar subqueries, evaluated once per statement on both engines). */
#define PAGE_COLS "SELECT id, sender, recipient, subject, created_at, coalesce(read_at, 0), '',"
#define PAGE_ALL  PAGE_COLS " (SELECT notices FROM app_user WHERE id = $1)," \
		  " (SELECT notices_unread FROM app_user WHERE id = $1) FROM notice WHERE user_id = $1"
#define PAGE_LIKE PAGE_COLS " (SELECT count(*) FROM notice WHERE user_id = $1 AND subject_fold LIKE $2 ESCAPE '\\')," \
		  " (SELECT notices_unread FROM app_user WHERE id = $1)" \
		  " FROM notice WHERE user_id = $1 AND subject_fold LIKE $2 ESCAPE '\\'"

int store_notice_page(struct db_conn *c, long long user_id, const char *q, enum notice_dir dir,
		      const struct notice_key *key, size_t limit, struct arena *a,
		      struct notice_rec **out, size_t *n, struct notice_totals *tot)
{
	int err;
	const char *pat = row_like_folded(a, q, &err);
	bool newer = dir == NOTICE_NEWER || dir == NOTICE_LAST;
	struct notice_key kk = { INT64_MAX, INT64_MAX };
	struct notice_totals scratch;
	struct notice_rec *v;
	struct db_stmt *st;
	size_t k = 0;
	int rc = DB_DONE;

	*out = NULL;
	*n = 0;
	if (tot == NULL)
		tot = &scratch;
	tot->known = false;
	if (err)
		return DB_ERR;
	if (dir == NOTICE_LAST)
		kk = (struct notice_key){ INT64_MIN, INT64_MIN };
	else if (dir != NOTICE_FIRST && key)
		kk = *key;
	/* Placeholders are numbered densely (PostgreSQL must see each one):
	 * $1 user, [$2 pattern,] then the key and the limit. */
	if (newer)
		st = db_prepare(c, pat
			? PAGE_LIKE " AND (created_at, id) > ($3, $4) ORDER BY created_at, id LIMIT $5"
			: PAGE_ALL " AND (created_at, id) > ($2, $3) ORDER BY created_at, id LIMIT $4");
	else
		st = db_prepare(c, pat
			? PAGE_LIKE " AND (created_at, id) < ($3, $4) ORDER BY created_at DESC, id DESC LIMIT $5"
			: PAGE_ALL " AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4");
	v = arena_alloc(a, limit * sizeof(*v) + 1);
	if (st == NULL || v == NULL) {
		if (st)
			db_reset(st);
		return DB_ERR;
	}
	{
		int p = pat ? 3 : 2;
		db_bind_int(st, 1, user_id);
		if (pat)
			db_bind_text(st, 2, pat);
		db_bind_int(st, p, kk.at);
		db_bind_int(st, p + 1, kk.id);
		db_bind_int(st, p + 2, (long long)limit);
	}
	while (k < limit && (rc = db_step(st)) == DB_ROW) {
		read_notice(st, a, &v[k++]);
		if (!tot->known) {
			tot->total = db_col_int(st, 7);
			tot->unread = db_col_int(st, 8);
			tot->known = true;
		}
	}
	if (k == limit)
		rc = DB_DONE;
	db_reset(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;
	if (newer) {
		for (size_t i = 0, j = k; i + 1 < j; i++, j--) {
			struct notice_rec t = v[i];
			v[i] = v[j - 1];
			v[j - 1] = t;
		}
	}
	*out = v;
	*n = k;
	return STORE_OK;
}

static void read_key(struct db_stmt *st, struct arena *a, void *out)
{
	struct notice_key *k = out;

	(void)a;
	k->at = db_col_int(st, 0);
	k->id = db_col_int(st, 1);
}

int store_notice_key_at(struct db_conn *c, long long user_id, const char *q, long long index,
			struct arena *a, struct notice_key *out)
{
	int err;
	const char *pat = row_like_folded(a, q, &err);
	struct db_stmt *st;

	if (err)
		return DB_ERR;
	st = db_prepare(c, pat
		? "SELECT created_at, id FROM notice WHERE user_id = $1 AND subject_fold LIKE $2 ESCAPE '\\'"
		  " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET $3"
		: "SELECT created_at, id FROM notice WHERE user_id = $1"
		  " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET $2");
	if (st) {
		db_bind_int(st, 1, user_id);
		if (pat)
			db_bind_text(st, 2, pat);
		db_bind_int(st, pat ? 3 : 2, index);
	}
	return row_one(st, read_key, NULL, out);
}

long long store_notice_unread(struct db_conn *c, long long user_id)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM notice WHERE user_id = $1 AND read_at IS NULL");
	long long v = 0;
	int rc;

	if (st)
		db_bind_int(st, 1, user_id);
	rc = row_int(st, &v);
	return rc == STORE_OK ? v : rc;
}

/* One notice of the user's through sql ($1 user, $2 id, $3 now when now > 0). */
static int notice_one(struct db_conn *c, const char *sql, long long user_id, long long id,
		      long long now, struct arena *a, struct notice_rec *out)
{
	struct db_stmt *st = db_prepare(c, sql);

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_int(st, 2, id);
		if (now > 0)
			db_bind_int(st, 3, now);
	}
	return row_one(st, read_notice, a, out);
}

int store_notice_open(struct db_conn *c, long long user_id, long long id, long long now,
		      struct arena *a, struct notice_rec *out)
{
	return notice_one(c,
		"UPDATE notice SET read_at = coalesce(read_at, $3) WHERE id = $2 AND user_id = $1"
		" RETURNING id, sender, recipient, subject, created_at, read_at, body",
		user_id, id, now > 0 ? now : 1, a, out);
}

int store_notice_get(struct db_conn *c, long long user_id, long long id, struct arena *a,
		     struct notice_rec *out)
{
	return notice_one(c,
		"SELECT id, sender, recipient, subject, created_at, coalesce(read_at, 0), body"
		" FROM notice WHERE id = $2 AND user_id = $1",
		user_id, id, 0, a, out);
}
