/*
 * verify.c — see verify.h.
 */
#include "store/verify.h"

#include "store/row.h"

#define VERIFY_COLS "id, purpose, handle_hash, code_hash, coalesce(user_id, 0), email, payload," \
		    " attempts, created_at, expires_at, coalesce(used_at, 0)"

static void read_verify(struct db_stmt *st, struct arena *a, void *out)
{
	struct verify_rec *v = out;

	v->id = db_col_int(st, 0);
	row_copy(v->purpose, sizeof(v->purpose), st, 1);
	row_copy(v->handle_hash, sizeof(v->handle_hash), st, 2);
	row_copy(v->code_hash, sizeof(v->code_hash), st, 3);
	v->user_id = db_col_int(st, 4);
	row_copy(v->email, sizeof(v->email), st, 5);
	v->payload = a ? row_dup(a, st, 6) : NULL;
	v->attempts = (int)db_col_int(st, 7);
	v->created_at = db_col_int(st, 8);
	v->expires_at = db_col_int(st, 9);
	v->used_at = db_col_int(st, 10);
}

int store_verify_insert(struct db_conn *c, const struct verify_rec *v, const char *addr, long long *id)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO verification (purpose, handle_hash, code_hash, user_id, email, payload,"
		" created_at, expires_at, addr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	int rc;

	if (st) {
		db_bind_text(st, 1, v->purpose);
		db_bind_text(st, 2, v->handle_hash);
		db_bind_text(st, 3, v->code_hash);
		if (v->user_id > 0)
			db_bind_int(st, 4, v->user_id);
		else
			db_bind_text(st, 4, NULL);
		db_bind_text(st, 5, v->email);
		db_bind_text(st, 6, v->payload ? v->payload : "");
		db_bind_int(st, 7, v->created_at);
		db_bind_int(st, 8, v->expires_at);
		db_bind_text(st, 9, addr ? addr : "");
	}
	rc = row_int(st, id);
	return rc == DB_CONSTRAINT ? STORE_EXISTS : rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_verify_by_handle(struct db_conn *c, const char *purpose, const char *handle_hash,
			   struct arena *a, struct verify_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT " VERIFY_COLS " FROM verification WHERE purpose = $1 AND handle_hash = $2");

	if (st) {
		db_bind_text(st, 1, purpose);
		db_bind_text(st, 2, handle_hash);
	}
	return row_one(st, read_verify, a, out);
}

int store_verify_latest(struct db_conn *c, long long user_id, const char *purpose, struct arena *a,
			struct verify_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT " VERIFY_COLS " FROM verification WHERE user_id = $1 AND purpose = $2"
		" AND used_at IS NULL ORDER BY id DESC LIMIT 1");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, purpose);
	}
	return row_one(st, read_verify, a, out);
}

int store_verify_wrong(struct db_conn *c, long long id, int max, int *attempts)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE verification SET attempts = attempts + 1"
		" WHERE id = $1 AND used_at IS NULL AND attempts < $2 RETURNING attempts");
	long long n = 0;
	int rc;

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, max);
	}
	rc = row_int(st, &n);
	*attempts = (int)n;
	return rc;
}

int store_verify_use(struct db_conn *c, long long id, int max, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE verification SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND attempts < $3");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
		db_bind_int(st, 3, max);
	}
	return row_changed(c, st);
}

int store_verify_void_user(struct db_conn *c, long long user_id, const char *purpose, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE verification SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, purpose);
		db_bind_int(st, 3, now);
	}
	return row_exec(st);
}

int store_verify_count(struct db_conn *c, const char *purpose, long long user_id, const char *email,
		       long long since, long long *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT count(*) FROM verification WHERE purpose = $1 AND created_at >= $4"
		" AND ((CAST($2 AS BIGINT) > 0 AND user_id = $2) OR (CAST($2 AS BIGINT) = 0 AND email = $3))");

	if (st) {
		db_bind_int(st, 2, user_id);
		db_bind_text(st, 1, purpose);
		db_bind_text(st, 3, email ? email : "");
		db_bind_int(st, 4, since);
	}
	return row_int(st, n);
}
