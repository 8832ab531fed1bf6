/*
 * sessions.c — see sessions.h.
 */
#include "store/sessions.h"

#include "store/row.h"

int store_session_create(struct db_conn *c, const char *token_hash, long long user_id,
			 const char *csrf, long long now, const char *addr)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen, addr)"
		" VALUES ($1, $2, $3, $4, $4, $5)");

	if (st) {
		db_bind_text(st, 1, token_hash);
		db_bind_int(st, 2, user_id);
		db_bind_text(st, 3, csrf);
		db_bind_int(st, 4, now);
		db_bind_text(st, 5, addr);
	}
	return row_exec(st);
}

static void read_session(struct db_stmt *st, struct arena *a, void *out)
{
	struct session_rec *s = out;

	(void)a;
	s->user_id = db_col_int(st, 0);
	row_copy(s->kind, sizeof(s->kind), st, 1);
	row_copy(s->ruc, sizeof(s->ruc), st, 2);
	row_copy(s->usuario, sizeof(s->usuario), st, 3);
	row_copy(s->nombre, sizeof(s->nombre), st, 4);
	row_copy(s->roles, sizeof(s->roles), st, 5);
	row_copy(s->oce_code, sizeof(s->oce_code), st, 6);
	row_copy(s->oce_type, sizeof(s->oce_type), st, 7);
	row_copy(s->csrf, sizeof(s->csrf), st, 8);
	s->created_at = db_col_int(st, 9);
	s->last_seen = db_col_int(st, 10);
	s->disabled = (int)db_col_int(st, 11);
	row_copy(s->distrito, sizeof(s->distrito), st, 12);
	row_copy(s->clase, sizeof(s->clase), st, 13);
	row_copy(s->email, sizeof(s->email), st, 14);
	s->confirmed_at = db_col_int(st, 15);
}

int store_session_find(struct db_conn *c, const char *token_hash, struct session_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT s.user_id, u.kind, coalesce(u.ruc, ''), u.usuario, u.nombre, u.roles,"
		" coalesce(s.oce_code, ''), coalesce(o.type_code, ''), s.csrf,"
		" s.created_at, s.last_seen, u.disabled, coalesce(u.distrito, ''), u.clase, u.email,"
		" u.confirmed_at"
		" FROM session s JOIN app_user u ON u.id = s.user_id"
		" LEFT JOIN oce o ON o.code = s.oce_code"
		" WHERE s.token_hash = $1");

	if (st)
		db_bind_text(st, 1, token_hash);
	return row_one(st, read_session, NULL, out);
}

int store_session_touch(struct db_conn *c, const char *token_hash, long long now)
{
	struct db_stmt *st = db_prepare(c, "UPDATE session SET last_seen = $2 WHERE token_hash = $1");

	if (st) {
		db_bind_text(st, 1, token_hash);
		db_bind_int(st, 2, now);
	}
	return row_exec(st);
}

int store_session_rotate(struct db_conn *c, const char *old_hash, const char *new_hash,
			 const char *oce_code, const char *csrf, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE session SET token_hash = $2, oce_code = coalesce($3, oce_code), csrf = $4,"
		" last_seen = $5 WHERE token_hash = $1");

	if (st) {
		db_bind_text(st, 1, old_hash);
		db_bind_text(st, 2, new_hash);
		db_bind_text(st, 3, oce_code);
		db_bind_text(st, 4, csrf);
		db_bind_int(st, 5, now);
	}
	return row_changed(c, st);
}

int store_session_delete(struct db_conn *c, const char *token_hash)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE token_hash = $1");

	if (st)
		db_bind_text(st, 1, token_hash);
	return row_changed(c, st);
}

int store_session_delete_user(struct db_conn *c, long long user_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE user_id = $1");

	if (st)
		db_bind_int(st, 1, user_id);
	return row_exec(st);
}

int store_session_delete_others(struct db_conn *c, long long user_id, const char *keep_hash)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE user_id = $1 AND token_hash <> $2");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, keep_hash);
	}
	return row_exec(st);
}

long long store_session_purge(struct db_conn *c, long long cutoff)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE last_seen < $1");
	int rc;

	if (st)
		db_bind_int(st, 1, cutoff);
	rc = row_exec(st);
	return rc == STORE_OK ? db_changes(c) : rc;
}

int store_server_key(struct db_conn *c, const char *name, const char *candidate, char out[65])
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO server_key (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
	int rc;

	if (st) {
		db_bind_text(st, 1, name);
		db_bind_text(st, 2, candidate);
	}
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c, "SELECT key FROM server_key WHERE name = $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, name);
	rc = db_step(st);
	if (rc == DB_ROW) {
		row_copy(out, 65, st, 0);
		rc = STORE_OK;
	} else {
		rc = rc == DB_DONE ? DB_ERR : rc;
	}
	db_reset(st);
	return rc;
}
