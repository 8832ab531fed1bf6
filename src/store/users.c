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

int store_user_attempt(struct db_conn *c, long long id, int max, long long now, int *blocked, long long *nth)
{
	/* Counting before the (slow) password check is what bounds the guesses:
	 * however many sign-ins run at once, at most max of them get a check. */
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = failures + 1"
		" WHERE id = $1 AND blocked_at IS NULL AND failures < $2 RETURNING failures");
	long long n;
	int rc;

	*blocked = 0;
	*nth = 0;
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, max);
	}
	rc = row_int(st, &n);
	if (rc == STORE_OK)
		*nth = n;
	if (rc != STORE_NOT_FOUND)
		return rc;
	/* Nothing counted: blocked already, or the count stands at max (the
	 * maximum was lowered): block now. */
	st = db_prepare(c, "UPDATE app_user SET blocked_at = $2 WHERE id = $1 AND blocked_at IS NULL");
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
	}
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c, "SELECT 1 FROM app_user WHERE id = $1");
	if (st)
		db_bind_int(st, 1, id);
	rc = row_int(st, &n);
	if (rc == STORE_OK)
		*blocked = 1;
	return rc;
}

int store_user_fail(struct db_conn *c, long long id, long long nth, int max, long long now, int *blocked)
{
	/* Only the attempt that took the count to max blocks, whenever its check
	 * ends: an earlier attempt whose check ends later does not, and a
	 * refused attempt may have set blocked_at already (kept). */
	struct db_stmt *st;
	int rc;

	*blocked = 0;
	if (nth < max)
		return STORE_OK;
	st = db_prepare(c, "UPDATE app_user SET blocked_at = COALESCE(blocked_at, $2) WHERE id = $1");
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now);
	}
	rc = row_changed(c, st);
	if (rc != STORE_OK)
		return rc;
	*blocked = 1;
	return STORE_OK;
}

int store_user_succeed(struct db_conn *c, long long id)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = 0 WHERE id = $1 AND blocked_at IS NULL");

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
