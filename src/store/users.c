/*
 * users.c — see users.h.  Every query is a prepared statement with $n
 * placeholders; none is built from input.
 */
#include "store/users.h"

#include <stdbool.h>
#include <string.h>

#include "store/row.h"

#define USER_COLS "id, kind, coalesce(ruc, ''), usuario, nombre, email, pw_hash, failures," \
		  " coalesce(blocked_at, 0), disabled, coalesce(distrito, ''), roles, clase, cedula," \
		  " telefono, estado, confirmed_at, created_at"

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
	row_copy(u->clase, sizeof(u->clase), st, 12);
	row_copy(u->cedula, sizeof(u->cedula), st, 13);
	row_copy(u->telefono, sizeof(u->telefono), st, 14);
	row_copy(u->estado, sizeof(u->estado), st, 15);
	u->confirmed_at = db_col_int(st, 16);
	u->created_at = db_col_int(st, 17);
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
		"INSERT INTO app_user (kind, ruc, usuario, nombre, email, pw_hash, created_at, distrito, roles,"
		" clase, cedula, telefono, estado, confirmed_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $7) RETURNING id");
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
		db_bind_text(st, 10, u->clase[0] ? u->clase : CLASE_REP);
		db_bind_text(st, 11, u->cedula);
		db_bind_text(st, 12, u->telefono);
		db_bind_text(st, 13, u->estado[0] ? u->estado : ESTADO_ACTIVE);
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

/* ---- the account lifecycle ----------------------------------------------- */

int store_user_by_id(struct db_conn *c, long long id, struct user_rec *out)
{
	struct db_stmt *st = db_prepare(c, "SELECT " USER_COLS " FROM app_user WHERE id = $1");

	if (st)
		db_bind_int(st, 1, id);
	return row_one(st, read_user, NULL, out);
}

int store_user_taken(struct db_conn *c, const char *ruc, const char *usuario, int *taken)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT count(*) FROM app_user WHERE ruc = $1 AND lower(usuario) = lower($2)");
	long long n = 0;
	int rc;

	if (st) {
		db_bind_text(st, 1, ruc);
		db_bind_text(st, 2, usuario);
	}
	rc = row_int(st, &n);
	*taken = n > 0;
	return rc;
}

int store_user_set_password(struct db_conn *c, long long id, const char *pw_hash)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET pw_hash = $2, failures = 0, blocked_at = NULL, inflight = 0"
		" WHERE id = $1");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, pw_hash);
	}
	return row_changed(c, st);
}

int store_user_set_email(struct db_conn *c, long long id, const char *email)
{
	struct db_stmt *st = db_prepare(c, "UPDATE app_user SET email = $2 WHERE id = $1");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, email);
	}
	return row_changed(c, st);
}

int store_user_set_cedula(struct db_conn *c, long long id, const char *cedula)
{
	struct db_stmt *st = db_prepare(c, "UPDATE app_user SET cedula = $2 WHERE id = $1");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, cedula);
	}
	return row_changed(c, st);
}

int store_user_set_estado(struct db_conn *c, long long id, const char *estado)
{
	struct db_stmt *st = db_prepare(c, "UPDATE app_user SET estado = $2 WHERE id = $1");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, estado);
	}
	return row_changed(c, st);
}

int store_user_confirm(struct db_conn *c, long long id, const char *nombre, const char *telefono,
		       long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET nombre = $2, telefono = $3, confirmed_at = $4 WHERE id = $1");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, nombre);
		db_bind_text(st, 3, telefono);
		db_bind_int(st, 4, now);
	}
	return row_changed(c, st);
}

int store_user_move(struct db_conn *c, long long id, const char *ruc, const char *clase,
		    const char *estado)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET ruc = $2, clase = $3, estado = $4 WHERE id = $1 AND kind = 'operador'");
	int rc;

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, ruc);
		db_bind_text(st, 3, clase);
		db_bind_text(st, 4, estado);
	}
	rc = row_changed(c, st);
	return rc == DB_CONSTRAINT ? STORE_EXISTS : rc;
}

int store_user_grant_ruc_oces(struct db_conn *c, long long user_id, const char *ruc)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO user_oce (user_id, oce_code) SELECT $1, code FROM oce WHERE ruc = $2"
		" ON CONFLICT DO NOTHING");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, ruc);
	}
	return row_exec(st);
}

static void read_operator(struct db_stmt *st, struct arena *a, void *out)
{
	(void)a;
	row_copy(out, 11, st, 0);
}

int store_operator_find(struct db_conn *c, const char *ruc, int *exists, char rep_cedula[11])
{
	struct db_stmt *st = db_prepare(c,
		"SELECT coalesce((SELECT rep_cedula FROM operador WHERE ruc = $1), '')"
		" FROM oce WHERE ruc = $1 LIMIT 1");
	int rc;

	rep_cedula[0] = '\0';
	*exists = 0;
	if (st)
		db_bind_text(st, 1, ruc);
	rc = row_one(st, read_operator, NULL, rep_cedula);
	if (rc == STORE_OK)
		*exists = 1;
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

int store_operator_set_rep(struct db_conn *c, const char *ruc, const char *razon_social,
			   const char *rep_cedula)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO operador (ruc, razon_social, rep_cedula) VALUES ($1, $2, $3)"
		" ON CONFLICT (ruc) DO UPDATE SET razon_social = excluded.razon_social,"
		" rep_cedula = excluded.rep_cedula");

	if (st) {
		db_bind_text(st, 1, ruc);
		db_bind_text(st, 2, razon_social ? razon_social : "");
		db_bind_text(st, 3, rep_cedula && rep_cedula[0] ? rep_cedula : NULL);
	}
	return row_exec(st);
}

static void read_user_arena(struct db_stmt *st, struct arena *a, void *out)
{
	read_user(st, a, out);
}

int store_users_list(struct db_conn *c, const char *ruc, const char *q, size_t offset,
		     size_t limit, struct arena *a, struct user_rec **out, size_t *n)
{
	struct db_stmt *st;
	const char *like = NULL;

	if (q && q[0]) {
		like = arena_printf(a, "%%%s%%", q);
		if (like == NULL)
			return DB_ERR;
	}
	/* The search text is matched with instr-free LIKE on lower-cased
	 * columns; its % and _ match as in any LIKE (a search box, not a key). */
	st = db_prepare(c,
		"SELECT " USER_COLS " FROM app_user"
		" WHERE ($1 = '' OR (ruc = $1 AND kind = 'operador'))"
		" AND ($2 = '' OR lower(coalesce(ruc, '') || ' ' || usuario || ' ' || nombre || ' ' || email)"
		"     LIKE lower($2))"
		" ORDER BY kind DESC, ruc, lower(usuario) LIMIT $3 OFFSET $4");
	if (st) {
		db_bind_text(st, 1, ruc ? ruc : "");
		db_bind_text(st, 2, like ? like : "");
		db_bind_int(st, 3, (long long)limit);
		db_bind_int(st, 4, (long long)offset);
	}
	return row_list(st, read_user_arena, a, limit, sizeof(**out), (void **)out, n);
}

/* ---- an employee's options ------------------------------------------------ */

int store_perm_has(struct db_conn *c, long long user_id, const char *option_id, int *has)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT count(*) FROM user_permission WHERE user_id = $1 AND option_id = $2");
	long long n = 0;
	int rc;

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, option_id);
	}
	rc = row_int(st, &n);
	*has = n > 0;
	return rc;
}

static void read_id(struct db_stmt *st, struct arena *a, void *out)
{
	*(const char **)out = row_dup(a, st, 0);
}

int store_perm_list(struct db_conn *c, long long user_id, struct arena *a, const char ***ids,
		    size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT option_id FROM user_permission WHERE user_id = $1 ORDER BY option_id");

	if (st)
		db_bind_int(st, 1, user_id);
	return row_list(st, read_id, a, LIMIT_MENU_OPTIONS, sizeof(**ids), (void **)ids, n);
}

int store_perm_grant(struct db_conn *c, long long user_id, const char *option_id, long long by,
		     long long now)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO user_permission (user_id, option_id, granted_by, granted_at)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
	int rc;

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, option_id);
		db_bind_int(st, 3, by);
		db_bind_int(st, 4, now);
	}
	rc = row_exec(st);
	return rc == DB_CONSTRAINT ? STORE_CONFLICT : rc;
}

int store_perm_revoke(struct db_conn *c, long long user_id, const char *option_id)
{
	struct db_stmt *st = db_prepare(c,
		"DELETE FROM user_permission WHERE user_id = $1 AND option_id = $2");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, option_id);
	}
	return row_changed(c, st);
}
