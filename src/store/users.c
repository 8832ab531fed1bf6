/*
 * users.c — see users.h.  Every query is a prepared statement with $n
 * placeholders; none is built from input.
 */
#include "store/users.h"

#include <stdbool.h>
#include <string.h>

#include "store/row.h"

#define USER_COLS "id, kind, coalesce(ruc, ''), usuario, nombre, email, pw_hash, failures," \
		  " coalesce(blocked_at, 0), disabled, coalesce(distrito, ''), roles"

static void read_user(struct db_stmt *st, struct arena *a, void *out)
{
	struct user_rec *u = out;

	(void)a;
	u->id = db_col_int(st, 0);
	row_copy(u->kind, sizeof(u->kind), st, 1);
	row_copy(u->ruc, sizeof(u->ruc), st, 2);
	row_copy(u->usuario, sizeof(u->usuario), st, 3);
	row_copy(u->nombre, sizeof(u->nombre), st, 4);
	row_copy(u->email, sizeof(u->email), st, 5);
	row_copy(u->pw_hash, sizeof(u->pw_hash), st, 6);
	u->failures = (int)db_col_int(st, 7);
	u->blocked_at = db_col_int(st, 8);
	u->disabled = (int)db_col_int(st, 9);
	row_copy(u->distrito, sizeof(u->distrito), st, 10);
	row_copy(u->roles, sizeof(u->roles), st, 11);
}

int store_user_find(struct db_conn *c, const char *ruc, const char *usuario, struct user_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT " USER_COLS " FROM app_user WHERE ruc = $1 AND usuario = $2 AND kind = 'operador'");

	if (st) {
		db_bind_text(st, 1, ruc);
		db_bind_text(st, 2, usuario);
	}
	return row_one(st, read_user, NULL, out);
}

int store_officer_find(struct db_conn *c, const char *usuario, struct user_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT " USER_COLS " FROM app_user WHERE usuario = $1 AND kind = 'funcionario'");

	if (st)
		db_bind_text(st, 1, usuario);
	return row_one(st, read_user, NULL, out);
}

int store_user_insert(struct db_conn *c, const struct user_rec *u, long long now, long long *id)
{
	bool officer = strcmp(u->kind, USER_OFFICER) == 0;
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO app_user (kind, ruc, usuario, nombre, email, pw_hash, created_at, distrito, roles)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	int rc;

	if (st) {
		db_bind_text(st, 1, officer ? USER_OFFICER : USER_OPERATOR);
		db_bind_text(st, 2, officer ? NULL : u->ruc);
		db_bind_text(st, 3, u->usuario);
		db_bind_text(st, 4, u->nombre);
		db_bind_text(st, 5, u->email);
		db_bind_text(st, 6, u->pw_hash);
		db_bind_int(st, 7, now);
		db_bind_text(st, 8, officer && u->distrito[0] ? u->distrito : NULL);
		db_bind_text(st, 9, officer ? u->roles : "");
	}
	rc = row_int(st, id);
	return rc == DB_CONSTRAINT ? STORE_EXISTS : rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_user_grant_oce(struct db_conn *c, long long user_id, const char *ruc,
			 const struct oce_assign *a)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO oce (code, ruc, type_code) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING");
	long long one;
	int rc;

	if (st) {
		db_bind_text(st, 1, a->code);
		db_bind_text(st, 2, ruc);
		db_bind_text(st, 3, a->type);
	}
	rc = row_exec(st);
	if (rc == DB_CONSTRAINT)
		return STORE_CONFLICT;   /* unknown OCE type */
	if (rc != STORE_OK)
		return rc;
	/* The code existed already: it must be this RUC's, with this type. */
	st = db_prepare(c, "SELECT 1 FROM oce WHERE code = $1 AND ruc = $2 AND type_code = $3");
	if (st) {
		db_bind_text(st, 1, a->code);
		db_bind_text(st, 2, ruc);
		db_bind_text(st, 3, a->type);
	}
	rc = row_int(st, &one);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? STORE_CONFLICT : rc;
	st = db_prepare(c, "INSERT INTO user_oce (user_id, oce_code) VALUES ($1, $2) ON CONFLICT DO NOTHING");
	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, a->code);
	}
	rc = row_exec(st);
	return rc == DB_CONSTRAINT ? STORE_CONFLICT : rc;
}

static void read_oce(struct db_stmt *st, struct arena *a, void *out)
{
	struct oce_rec *o = out;

	row_copy(o->code, sizeof(o->code), st, 0);
	row_copy(o->type, sizeof(o->type), st, 1);
	o->type_name = row_dup(a, st, 2);
}

int store_user_oces(struct db_conn *c, long long user_id, struct arena *a,
		    struct oce_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT o.code, o.type_code, t.name FROM user_oce u"
		" JOIN oce o ON o.code = u.oce_code JOIN oce_type t ON t.code = o.type_code"
		" WHERE u.user_id = $1 ORDER BY o.type_code, o.code LIMIT $2");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_int(st, 2, LIMIT_OCE_PER_USER);
	}
	return row_list(st, read_oce, a, LIMIT_OCE_PER_USER, sizeof(**out), (void **)out, n);
}

int store_user_attempt(struct db_conn *c, long long id, int max, long long lease, long long now,
		       int *state, long long *nth)
{
	/* Reserving before the (slow) password check is what bounds the
	 * guesses: however many sign-ins run at once, confirmed failures plus
	 * checks in flight stay below max.  A reservation older than the lease
	 * (its server died mid-check) no longer counts, and never became a
	 * failure. */
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET inflight = (CASE WHEN inflight_at > CAST($3 AS BIGINT) - CAST($4 AS BIGINT) THEN inflight ELSE 0 END) + 1,"
		" inflight_at = $3"
		" WHERE id = $1 AND blocked_at IS NULL"
		" AND failures + (CASE WHEN inflight_at > CAST($3 AS BIGINT) - CAST($4 AS BIGINT) THEN inflight ELSE 0 END) < $2"
		" RETURNING failures + inflight");
	long long n;
	int rc;

	*state = STORE_ATTEMPT_OK;
	*nth = 0;
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, max);
		db_bind_int(st, 3, now);
		db_bind_int(st, 4, lease);
	}
	rc = row_int(st, &n);
	if (rc == STORE_OK)
		*nth = n;
	if (rc != STORE_NOT_FOUND)
		return rc;
	/* Nothing reserved: blocked already; or the failures stand at max (the
	 * maximum was lowered): block now; or checks in flight fill the rest. */
	st = db_prepare(c, "UPDATE app_user SET blocked_at = $2 WHERE id = $1 AND blocked_at IS NULL"
			   " AND failures >= $3");
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
		db_bind_int(st, 3, max);
	}
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c, "SELECT CASE WHEN blocked_at IS NULL THEN 0 ELSE 1 END FROM app_user WHERE id = $1");
	if (st)
		db_bind_int(st, 1, id);
	rc = row_int(st, &n);
	if (rc == STORE_OK)
		*state = n ? STORE_ATTEMPT_BLOCKED : STORE_ATTEMPT_BUSY;
	return rc;
}

int store_user_fail(struct db_conn *c, long long id, int max, long long now, int *blocked)
{
	/* The failure that takes the count to max blocks (keeping a block time
	 * set meanwhile) and is the one that reports it. */
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = failures + 1,"
		" inflight = CASE WHEN inflight > 0 THEN inflight - 1 ELSE 0 END,"
		" blocked_at = CASE WHEN failures + 1 >= $2 THEN COALESCE(blocked_at, $3) ELSE blocked_at END"
		" WHERE id = $1 RETURNING failures");
	long long n = 0;
	int rc;

	*blocked = 0;
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, max);
		db_bind_int(st, 3, now);
	}
	rc = row_int(st, &n);
	if (rc == STORE_OK && n == max)
		*blocked = 1;
	return rc;
}

int store_user_succeed(struct db_conn *c, long long id)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = 0, inflight = CASE WHEN inflight > 0 THEN inflight - 1 ELSE 0 END"
		" WHERE id = $1 AND blocked_at IS NULL");

	if (st)
		db_bind_int(st, 1, id);
	return row_changed(c, st);
}

int store_user_clear_block(struct db_conn *c, long long id)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = 0, blocked_at = NULL WHERE id = $1 AND blocked_at IS NOT NULL");

	if (st)
		db_bind_int(st, 1, id);
	return row_changed(c, st);
}

int store_user_set_disabled(struct db_conn *c, long long id, int disabled)
{
	struct db_stmt *st = db_prepare(c, "UPDATE app_user SET disabled = $2 WHERE id = $1");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, disabled ? 1 : 0);
	}
	return row_changed(c, st);
}
