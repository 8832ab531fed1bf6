/*
 * mail.c — see mail.h.
 *
 * The state filter of the list is one statement for every state (the state
 * a text parameter compared in SQL), so the admin's page is one cached
 * statement; the sender's question has its own partial index
 * (mail_outbox_due).
 */
#include "store/mail.h"

#include <stdint.h>
#include <string.h>

#include "store/row.h"

int store_mail_add(struct db_conn *c, const char *to, const char *subject, const char *text,
		   const char *html, long long now, long long *id)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO mail_outbox (to_addr, subject, body_text, body_html, created_at, next_at)"
		" VALUES ($1, $2, $3, $4, $5, $5) RETURNING id");
	long long scratch;

	if (st) {
		db_bind_text(st, 1, to);
		db_bind_text(st, 2, subject);
		db_bind_text(st, 3, text);
		db_bind_text(st, 4, html);
		db_bind_int(st, 5, now);
	}
	return row_int(st, id ? id : &scratch);
}

#define REC_COLS "SELECT id, to_addr, subject, body_text, body_html, created_at, attempts, next_at," \
		 " coalesce(sent_at, 0), coalesce(failed_at, 0), last_error"
#define LIST_COLS "SELECT id, to_addr, subject, '', '', created_at, attempts, next_at," \
		  " coalesce(sent_at, 0), coalesce(failed_at, 0), last_error"

static void read_rec(struct db_stmt *st, struct arena *a, void *out)
{
	struct mail_rec *r = out;

	r->id = db_col_int(st, 0);
	row_copy(r->to, sizeof(r->to), st, 1);
	r->subject = row_dup(a, st, 2);
	r->body_text = row_dup(a, st, 3);
	r->body_html = row_dup(a, st, 4);
	r->created_at = db_col_int(st, 5);
	r->attempts = db_col_int(st, 6);
	r->next_at = db_col_int(st, 7);
	r->sent_at = db_col_int(st, 8);
	r->failed_at = db_col_int(st, 9);
	r->last_error = row_dup(a, st, 10);
	r->state = r->sent_at ? MAIL_SENT : r->failed_at ? MAIL_FAILED : MAIL_PENDING;
}

int store_mail_claim(struct db_conn *c, long long id, long long now, long long lease_until)
{
	/* One statement: whoever's UPDATE changes the row holds the claim. */
	struct db_stmt *st = db_prepare(c,
		"UPDATE mail_outbox SET claimed_until = $3 WHERE id = $1 AND claimed_until < $2"
		" AND sent_at IS NULL AND failed_at IS NULL");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
		db_bind_int(st, 3, lease_until);
	}
	return row_changed(c, st);
}

struct due {
	long long id;
};

static void read_due(struct db_stmt *st, struct arena *a, void *out)
{
	(void)a;
	((struct due *)out)->id = db_col_int(st, 0);
}

int store_mail_claim_due(struct db_conn *c, long long now, long long lease_until, size_t max,
			 struct arena *a, struct mail_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= $1"
		" AND claimed_until < $1 ORDER BY next_at, id LIMIT $2");
	struct due *ids = NULL;
	struct mail_rec *v;
	size_t k = 0, nid = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st) {
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, (long long)max);
	}
	rc = row_list(st, read_due, a, max, sizeof(*ids), (void **)&ids, &nid);
	if (rc != STORE_OK)
		return rc;
	v = arena_alloc(a, (nid + 1) * sizeof(*v));
	if (v == NULL)
		return DB_ERR;
	for (size_t i = 0; i < nid; i++) {
		rc = store_mail_claim(c, ids[i].id, now, lease_until);
		if (rc == STORE_NOT_FOUND)
			continue;                   /* another sender took it */
		if (rc == STORE_OK)
			rc = store_mail_get(c, ids[i].id, a, &v[k]);
		if (rc == STORE_OK)
			k++;
		else if (rc != STORE_NOT_FOUND)
			break;
	}
	*out = v;
	*n = k;
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

int store_mail_get(struct db_conn *c, long long id, struct arena *a, struct mail_rec *out)
{
	struct db_stmt *st = db_prepare(c, REC_COLS " FROM mail_outbox WHERE id = $1");

	if (st)
		db_bind_int(st, 1, id);
	return row_one(st, read_rec, a, out);
}

int store_mail_sent(struct db_conn *c, long long id, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE mail_outbox SET sent_at = $2, claimed_until = 0, attempts = attempts + 1"
		" WHERE id = $1 AND sent_at IS NULL");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
	}
	return row_changed(c, st);
}

int store_mail_retry(struct db_conn *c, long long id, long long next_at, const char *error)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE mail_outbox SET attempts = attempts + 1, next_at = $2, claimed_until = 0,"
		" last_error = $3 WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, next_at);
		db_bind_text(st, 3, error ? error : "");
	}
	return row_changed(c, st);
}

int store_mail_fail(struct db_conn *c, long long id, long long now, const char *error)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE mail_outbox SET attempts = attempts + 1, failed_at = $2, claimed_until = 0,"
		" last_error = $3 WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, error ? error : "");
	}
	return row_changed(c, st);
}

int store_mail_release(struct db_conn *c, long long id)
{
	struct db_stmt *st = db_prepare(c, "UPDATE mail_outbox SET claimed_until = 0 WHERE id = $1");

	if (st)
		db_bind_int(st, 1, id);
	return row_changed(c, st);
}

int store_mail_requeue(struct db_conn *c, long long id, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE mail_outbox SET failed_at = NULL, attempts = 0, next_at = $2, claimed_until = 0"
		" WHERE id = $1 AND failed_at IS NOT NULL");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
	}
	return row_changed(c, st);
}

static const char *state_word(enum mail_state s)
{
	switch (s) {
	case MAIL_PENDING:
		return "pending";
	case MAIL_SENT:
		return "sent";
	case MAIL_FAILED:
		return "failed";
	case MAIL_ANY:
		break;
	}
	return "";
}

#define STATE_WHERE "(CAST($1 AS TEXT) = ''" \
	" OR (CAST($1 AS TEXT) = 'pending' AND sent_at IS NULL AND failed_at IS NULL)" \
	" OR (CAST($1 AS TEXT) = 'sent' AND sent_at IS NOT NULL)" \
	" OR (CAST($1 AS TEXT) = 'failed' AND failed_at IS NOT NULL))"

int store_mail_list(struct db_conn *c, enum mail_state state, long long before, size_t limit,
		    struct arena *a, struct mail_rec **out, size_t *n, long long *total)
{
	struct db_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	st = db_prepare(c, "SELECT count(*) FROM mail_outbox WHERE " STATE_WHERE);
	if (st)
		db_bind_text(st, 1, state_word(state));
	rc = row_int(st, total);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c, LIST_COLS " FROM mail_outbox WHERE " STATE_WHERE
			   " AND id < $2 ORDER BY id DESC LIMIT $3");
	if (st) {
		db_bind_text(st, 1, state_word(state));
		db_bind_int(st, 2, before > 0 ? before : INT64_MAX);
		db_bind_int(st, 3, (long long)limit);
	}
	return row_list(st, read_rec, a, limit, sizeof(**out), (void **)out, n);
}
