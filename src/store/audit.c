/*
 * audit.c — see audit.h.
 */
#include "store/audit.h"

#include "store/row.h"

int store_audit_user(struct db_conn *c, const char *event, long long user_id, const char *oce_code,
		     const char *addr, const char *detail, long long now)
{
	/* Typed casts: PostgreSQL infers a SELECT list's parameters as text. */
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO audit (at, event, ruc, usuario, user_id, oce_code, addr, detail)"
		" SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), coalesce(ruc, ''), usuario, id,"
		" CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT) FROM app_user WHERE id = $3");

	if (st) {
		db_bind_int(st, 1, now);
		db_bind_text(st, 2, event);
		db_bind_int(st, 3, user_id);
		db_bind_text(st, 4, oce_code && *oce_code ? oce_code : NULL);
		db_bind_text(st, 5, addr ? addr : "");
		db_bind_text(st, 6, detail ? detail : "");
	}
	return row_changed(c, st);
}

int store_audit(struct db_conn *c, const char *event, const char *ruc, const char *usuario,
		long long user_id, const char *oce_code, const char *addr, const char *detail,
		long long now)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO audit (at, event, ruc, usuario, user_id, oce_code, addr, detail)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");

	if (st) {
		db_bind_int(st, 1, now);
		db_bind_text(st, 2, event);
		db_bind_text(st, 3, ruc ? ruc : "");
		db_bind_text(st, 4, usuario ? usuario : "");
		if (user_id > 0)
			db_bind_int(st, 5, user_id);
		else
			db_bind_null(st, 5);
		db_bind_text(st, 6, oce_code && *oce_code ? oce_code : NULL);
		db_bind_text(st, 7, addr ? addr : "");
		db_bind_text(st, 8, detail ? detail : "");
	}
	return row_exec(st);
}

static void read_audit(struct db_stmt *st, struct arena *a, void *out)
{
	struct audit_rec *r = out;

	r->at = db_col_int(st, 0);
	r->event = row_dup(a, st, 1);
	r->addr = row_dup(a, st, 2);
	r->detail = row_dup(a, st, 3);
	r->oce_code = row_dup(a, st, 4);
}

int store_audit_of_user(struct db_conn *c, long long user_id, size_t max, struct arena *a,
			struct audit_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT at, event, addr, detail, coalesce(oce_code, '') FROM audit WHERE user_id = $1"
		" ORDER BY at DESC, id DESC LIMIT $2");

	if (st) {
		db_bind_int(st, 1, user_id);
		db_bind_int(st, 2, (long long)max);
	}
	return row_list(st, read_audit, a, max, sizeof(**out), (void **)out, n);
}
