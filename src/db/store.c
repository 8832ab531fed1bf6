/*
 * store.c — see store.h.  Every query is a prepared statement with $n
 * placeholders; none is built from input.
 */
#include "db/store.h"

#include <string.h>

#include "core/str.h"

#define TRY(x) do { int rc_ = (x); if (rc_ < 0) { rc = rc_; goto out; } } while (0)

static void copy(char *dst, size_t n, const char *src)
{
	str_lcpy(dst, src, n);
}

static const char *dup_col(struct arena *a, struct db_stmt *st, int i)
{
	return arena_strdup(a, db_col_text(st, i));
}

/* Runs a one-row, no-result statement and maps "nothing changed" to NOT_FOUND. */
static int run_changed(struct db_conn *c, struct db_stmt *st)
{
	int rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	return db_changes(c) > 0 ? 0 : STORE_NOT_FOUND;
}

int store_user_find(struct db_conn *c, const char *ruc, const char *usuario, struct user_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT id, ruc, usuario, nombre, email, pw_hash, failures, coalesce(blocked_at, 0), disabled"
		" FROM app_user WHERE ruc = $1 AND usuario = $2");
	int rc;

	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, ruc);
	db_bind_text(st, 2, usuario);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		copy(out->ruc, sizeof(out->ruc), db_col_text(st, 1));
		copy(out->usuario, sizeof(out->usuario), db_col_text(st, 2));
		copy(out->nombre, sizeof(out->nombre), db_col_text(st, 3));
		copy(out->email, sizeof(out->email), db_col_text(st, 4));
		copy(out->pw_hash, sizeof(out->pw_hash), db_col_text(st, 5));
		out->failures = (int)db_col_int(st, 6);
		out->blocked_at = db_col_int(st, 7);
		out->disabled = (int)db_col_int(st, 8);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = STORE_NOT_FOUND;
	}
	db_reset(st);
	return rc;
}

int store_user_attempt(struct db_conn *c, long long id, int max, long long now, int *blocked)
{
	/* Counting before the (slow) password check is what bounds the guesses:
	 * however many sign-ins run at once, at most max of them get a check. */
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = failures + 1"
		" WHERE id = $1 AND blocked_at IS NULL AND failures < $2 RETURNING failures");
	int rc;

	*blocked = 0;
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, max);
	rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return rc;
	/* Nothing counted: blocked already, or the count stands at max (the
	 * maximum was lowered): block now. */
	st = db_prepare(c, "UPDATE app_user SET blocked_at = $2 WHERE id = $1 AND blocked_at IS NULL");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	rc = run_changed(c, st);
	if (rc < 0)
		return rc;
	st = db_prepare(c, "SELECT 1 FROM app_user WHERE id = $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	db_reset(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? STORE_NOT_FOUND : rc;
	*blocked = 1;
	return 0;
}

int store_user_fail(struct db_conn *c, long long id, int max, long long now, int *blocked)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET blocked_at = $3"
		" WHERE id = $1 AND blocked_at IS NULL AND failures >= $2");
	int rc;

	*blocked = 0;
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, max);
	db_bind_int(st, 3, now);
	rc = run_changed(c, st);
	if (rc < 0)
		return rc;
	*blocked = rc == 0;
	return 0;
}

int store_user_succeed(struct db_conn *c, long long id)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE app_user SET failures = 0 WHERE id = $1 AND blocked_at IS NULL");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, id);
	return run_changed(c, st);
}

int store_user_unblock(struct db_conn *c, long long id, const char *subject, const char *body,
		       long long now, const char *addr, const char *detail)
{
	struct db_stmt *st;
	int rc = 0;

	TRY(db_begin(c));
	st = db_prepare(c, "UPDATE app_user SET failures = 0, blocked_at = NULL"
			   " WHERE id = $1 AND blocked_at IS NOT NULL");
	if (st == NULL) {
		rc = DB_ERR;
		goto out;
	}
	db_bind_int(st, 1, id);
	TRY(rc = run_changed(c, st));
	if (rc == STORE_NOT_FOUND)
		goto out;
	TRY(store_notice_add(c, id, "SENAE", "BUZON PERSONAL", subject, body, now));
	TRY(store_audit_user(c, "unblock", id, NULL, addr, detail, now));
	TRY(db_commit(c));
	return 0;
out:
	db_rollback(c);
	return rc;
}

/* Makes sure OCE code a exists for ruc with its type. */
static int ensure_oce(struct db_conn *c, const char *ruc, const struct oce_assign *a)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO oce (code, ruc, type_code) VALUES ($1, $2, $3)"
		" ON CONFLICT (code) DO NOTHING");
	int rc;

	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, a->code);
	db_bind_text(st, 2, ruc);
	db_bind_text(st, 3, a->type);
	rc = db_run(st);
	if (rc == DB_CONSTRAINT)
		return STORE_CONFLICT;   /* unknown OCE type */
	if (rc != DB_DONE)
		return rc;
	st = db_prepare(c, "SELECT 1 FROM oce WHERE code = $1 AND ruc = $2 AND type_code = $3");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, a->code);
	db_bind_text(st, 2, ruc);
	db_bind_text(st, 3, a->type);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? STORE_CONFLICT : rc;
}

int store_user_add(struct db_conn *c, const struct user_rec *u, const struct oce_assign *oce,
		   size_t n_oce, long long now, long long *id)
{
	struct db_stmt *st;
	int rc = 0;

	TRY(db_begin(c));
	st = db_prepare(c, "INSERT INTO app_user (ruc, usuario, nombre, email, pw_hash, created_at)"
			   " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	if (st == NULL) {
		rc = DB_ERR;
		goto out;
	}
	db_bind_text(st, 1, u->ruc);
	db_bind_text(st, 2, u->usuario);
	db_bind_text(st, 3, u->nombre);
	db_bind_text(st, 4, u->email);
	db_bind_text(st, 5, u->pw_hash);
	db_bind_int(st, 6, now);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	if (rc == DB_CONSTRAINT) {
		rc = STORE_EXISTS;
		goto out;
	}
	if (rc != DB_ROW) {
		rc = rc < 0 ? rc : DB_ERR;
		goto out;
	}
	for (size_t i = 0; i < n_oce; i++) {
		TRY(ensure_oce(c, u->ruc, &oce[i]));
		st = db_prepare(c, "INSERT INTO user_oce (user_id, oce_code) VALUES ($1, $2)"
				   " ON CONFLICT DO NOTHING");
		if (st == NULL) {
			rc = DB_ERR;
			goto out;
		}
		db_bind_int(st, 1, *id);
		db_bind_text(st, 2, oce[i].code);
		if (db_run(st) != DB_DONE) {
			rc = DB_ERR;
			goto out;
		}
	}
	TRY(db_commit(c));
	return 0;
out:
	db_rollback(c);
	return rc;
}

int store_user_set_disabled(struct db_conn *c, long long id, int disabled, const char *addr,
			    long long now)
{
	struct db_stmt *st;
	int rc = 0;

	TRY(db_begin(c));
	st = db_prepare(c, "UPDATE app_user SET disabled = $2 WHERE id = $1");
	if (st == NULL) {
		rc = DB_ERR;
		goto out;
	}
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, disabled);
	TRY(rc = run_changed(c, st));
	if (rc == STORE_NOT_FOUND)
		goto out;
	if (disabled) {
		st = db_prepare(c, "DELETE FROM session WHERE user_id = $1");
		if (st == NULL) {
			rc = DB_ERR;
			goto out;
		}
		db_bind_int(st, 1, id);
		TRY(db_run(st));
	}
	TRY(store_audit_user(c, disabled ? "disable" : "enable", id, NULL, addr, "administrador", now));
	TRY(db_commit(c));
	return 0;
out:
	db_rollback(c);
	return rc;
}

int store_user_oces(struct db_conn *c, long long user_id, struct arena *a,
		    struct oce_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT o.code, o.type_code, t.name FROM user_oce u"
		" JOIN oce o ON o.code = u.oce_code JOIN oce_type t ON t.code = o.type_code"
		" WHERE u.user_id = $1 ORDER BY o.type_code, o.code LIMIT $2");
	struct oce_rec *v;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERR;
	v = arena_alloc(a, LIMIT_OCE_PER_USER * sizeof(*v));
	if (v == NULL)
		return DB_ERR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, LIMIT_OCE_PER_USER);
	while ((rc = db_step(st)) == DB_ROW) {
		copy(v[k].code, sizeof(v[k].code), db_col_text(st, 0));
		copy(v[k].type, sizeof(v[k].type), db_col_text(st, 1));
		v[k].type_name = dup_col(a, st, 2);
		k++;
	}
	db_reset(st);
	if (rc != DB_DONE)
		return rc;
	*out = v;
	*n = k;
	return 0;
}

int store_session_create(struct db_conn *c, const char *token_hash, long long user_id,
			 const char *csrf, long long now, const char *addr)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen, addr)"
		" VALUES ($1, $2, $3, $4, $4, $5)");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, now);
	db_bind_text(st, 5, addr);
	return db_run(st) == DB_DONE ? 0 : DB_ERR;
}

int store_session_find(struct db_conn *c, const char *token_hash, struct session_rec *out)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT s.user_id, u.ruc, u.usuario, u.nombre, coalesce(s.oce_code, ''),"
		" coalesce(o.type_code, ''), coalesce(t.name, ''), s.csrf, s.created_at, s.last_seen,"
		" u.disabled"
		" FROM session s JOIN app_user u ON u.id = s.user_id"
		" LEFT JOIN oce o ON o.code = s.oce_code LEFT JOIN oce_type t ON t.code = o.type_code"
		" WHERE s.token_hash = $1");
	int rc;

	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, token_hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->user_id = db_col_int(st, 0);
		copy(out->ruc, sizeof(out->ruc), db_col_text(st, 1));
		copy(out->usuario, sizeof(out->usuario), db_col_text(st, 2));
		copy(out->nombre, sizeof(out->nombre), db_col_text(st, 3));
		copy(out->oce_code, sizeof(out->oce_code), db_col_text(st, 4));
		copy(out->oce_type, sizeof(out->oce_type), db_col_text(st, 5));
		copy(out->oce_type_name, sizeof(out->oce_type_name), db_col_text(st, 6));
		copy(out->csrf, sizeof(out->csrf), db_col_text(st, 7));
		out->created_at = db_col_int(st, 8);
		out->last_seen = db_col_int(st, 9);
		out->disabled = (int)db_col_int(st, 10);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = STORE_NOT_FOUND;
	}
	db_reset(st);
	return rc;
}

int store_session_touch(struct db_conn *c, const char *token_hash, long long now)
{
	struct db_stmt *st = db_prepare(c, "UPDATE session SET last_seen = $2 WHERE token_hash = $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	return db_run(st) == DB_DONE ? 0 : DB_ERR;
}

int store_session_rotate(struct db_conn *c, const char *old_hash, const char *new_hash,
			 const char *oce_code, const char *csrf, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE session SET token_hash = $2, oce_code = coalesce($3, oce_code), csrf = $4,"
		" last_seen = $5 WHERE token_hash = $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, old_hash);
	db_bind_text(st, 2, new_hash);
	db_bind_text(st, 3, oce_code);
	db_bind_text(st, 4, csrf);
	db_bind_int(st, 5, now);
	return run_changed(c, st);
}

int store_session_delete(struct db_conn *c, const char *token_hash)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE token_hash = $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, token_hash);
	return run_changed(c, st);
}

long long store_session_purge(struct db_conn *c, long long cutoff)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE last_seen < $1");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, cutoff);
	if (db_run(st) != DB_DONE)
		return DB_ERR;
	return db_changes(c);
}

int store_notice_add(struct db_conn *c, long long user_id, const char *sender,
		     const char *recipient, const char *subject, const char *body, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO notice (user_id, sender, recipient, subject, body, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6)");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, sender);
	db_bind_text(st, 3, recipient);
	db_bind_text(st, 4, subject);
	db_bind_text(st, 5, body);
	db_bind_int(st, 6, now);
	return db_run(st) == DB_DONE ? 0 : DB_ERR;
}

/* Turns q into a LIKE pattern %q% with \ escaping % _ and \ ; "" for no filter. */
static const char *like_pattern(struct arena *a, const char *q)
{
	size_t n = q ? strlen(q) : 0, o = 0;
	char *p;

	if (n == 0)
		return "%";
	p = arena_alloc(a, 2 * n + 3);
	if (p == NULL)
		return NULL;
	p[o++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[o++] = '\\';
		p[o++] = q[i];
	}
	p[o++] = '%';
	p[o] = '\0';
	return p;
}

static void read_notice(struct db_stmt *st, struct arena *a, struct notice_rec *r)
{
	r->id = db_col_int(st, 0);
	r->sender = dup_col(a, st, 1);
	r->recipient = dup_col(a, st, 2);
	r->subject = dup_col(a, st, 3);
	r->created_at = db_col_int(st, 4);
	r->read_at = db_col_int(st, 5);
	r->body = dup_col(a, st, 6);
}

int store_notice_counts(struct db_conn *c, long long user_id, const char *q, struct arena *a,
			long long *total, long long *unread)
{
	const char *pat = q && q[0] ? like_pattern(a, q) : NULL;
	struct db_stmt *st;
	int rc;

	*total = *unread = 0;
	if (q && q[0] && pat == NULL)
		return DB_ERR;
	/* One pass gives both numbers; sum() over no rows is NULL. */
	if (pat)
		st = db_prepare(c,
			"SELECT coalesce(sum(CASE WHEN subject LIKE $2 ESCAPE '\\' THEN 1 ELSE 0 END), 0),"
			" coalesce(sum(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0)"
			" FROM notice WHERE user_id = $1");
	else
		st = db_prepare(c,
			"SELECT count(*), coalesce(sum(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0)"
			" FROM notice WHERE user_id = $1");
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
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERR;
}

int store_notice_list(struct db_conn *c, long long user_id, const char *q, long long offset,
		      long long limit, struct arena *a, struct notice_rec **out, size_t *n,
		      long long *total)
{
	const char *pat = q && q[0] ? like_pattern(a, q) : NULL;
	struct db_stmt *st;
	struct notice_rec *v;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q && q[0] && pat == NULL)
		return DB_ERR;
	if (total) {
		long long unread;
		rc = store_notice_counts(c, user_id, q, a, total, &unread);
		if (rc != 0)
			return rc;
	}
	v = arena_alloc(a, (size_t)limit * sizeof(*v) + 1);
	if (v == NULL)
		return DB_ERR;
	/* Without a search the query has no LIKE at all: the common case stays
	 * one cached statement (docs/decisions.md, "LIKE and re-preparing"). */
	if (pat)
		st = db_prepare(c,
			"SELECT id, sender, recipient, subject, created_at, coalesce(read_at, 0), ''"
			" FROM notice WHERE user_id = $1 AND subject LIKE $2 ESCAPE '\\'"
			" ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4");
	else
		st = db_prepare(c,
			"SELECT id, sender, recipient, subject, created_at, coalesce(read_at, 0), ''"
			" FROM notice WHERE user_id = $1"
			" ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4");
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, user_id);
	if (pat)
		db_bind_text(st, 2, pat);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	while ((rc = db_step(st)) == DB_ROW && (long long)k < limit)
		read_notice(st, a, &v[k++]);
	db_reset(st);
	if (rc < 0)
		return rc;
	*out = v;
	*n = k;
	return 0;
}

long long store_notice_unread(struct db_conn *c, long long user_id)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM notice WHERE user_id = $1 AND read_at IS NULL");
	long long v = 0;
	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, user_id);
	if (db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

/* Reads one notice of the user's with sql ($1 user, $2 id, $3 now if now > 0). */
static int notice_one(struct db_conn *c, const char *sql, long long user_id, long long id,
		      long long now, struct arena *a, struct notice_rec *out)
{
	struct db_stmt *st = db_prepare(c, sql);
	int rc;

	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, id);
	if (now > 0)
		db_bind_int(st, 3, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		read_notice(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = STORE_NOT_FOUND;
	}
	db_reset(st);
	return rc;
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

int store_news_add(struct db_conn *c, const char *title, const char *body, long long at)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO news (title, body, published_at) VALUES ($1, $2, $3)");
	if (st == NULL)
		return DB_ERR;
	db_bind_text(st, 1, title);
	db_bind_text(st, 2, body);
	db_bind_int(st, 3, at);
	return db_run(st) == DB_DONE ? 0 : DB_ERR;
}

int store_news_latest(struct db_conn *c, long long limit, struct arena *a,
		      struct news_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT id, title, body, published_at FROM news ORDER BY published_at DESC, id DESC LIMIT $1");
	struct news_rec *v;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERR;
	v = arena_alloc(a, (size_t)limit * sizeof(*v) + 1);
	if (v == NULL)
		return DB_ERR;
	db_bind_int(st, 1, limit);
	while ((rc = db_step(st)) == DB_ROW && (long long)k < limit) {
		v[k].id = db_col_int(st, 0);
		v[k].title = dup_col(a, st, 1);
		v[k].body = dup_col(a, st, 2);
		v[k].published_at = db_col_int(st, 3);
		k++;
	}
	db_reset(st);
	if (rc < 0)
		return rc;
	*out = v;
	*n = k;
	return 0;
}

int store_menu(struct db_conn *c, const char *oce_type, struct arena *a,
	       struct menu_rec **out, size_t *n)
{
	const size_t max = LIMIT_MENU_OPTIONS;
	struct db_stmt *st;
	struct menu_rec *v;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (oce_type)
		st = db_prepare(c,
			"SELECT o.menu, o.id, o.number, o.title, o.title_en, o.screen FROM menu_option o"
			" JOIN menu_access m ON m.option_id = o.id AND m.oce_type = $1"
			" ORDER BY o.menu = 'VU', o.menu = 'SC', o.menu = 'SI', o.position");
	else
		st = db_prepare(c,
			"SELECT o.menu, o.id, o.number, o.title, o.title_en, o.screen FROM menu_option o"
			" WHERE o.public = 1 ORDER BY o.menu = 'VU', o.menu = 'SC', o.menu = 'SI', o.position");
	if (st == NULL)
		return DB_ERR;
	v = arena_alloc(a, max * sizeof(*v));
	if (v == NULL)
		return DB_ERR;
	if (oce_type)
		db_bind_text(st, 1, oce_type);
	while ((rc = db_step(st)) == DB_ROW && k < max) {
		copy(v[k].menu, sizeof(v[k].menu), db_col_text(st, 0));
		v[k].id = dup_col(a, st, 1);
		v[k].number = dup_col(a, st, 2);
		v[k].title = dup_col(a, st, 3);
		v[k].title_en = dup_col(a, st, 4);
		v[k].screen = db_col_null(st, 5) ? NULL : dup_col(a, st, 5);
		k++;
	}
	db_reset(st);
	if (rc < 0)
		return rc;
	*out = v;
	*n = k;
	return 0;
}

int store_audit_user(struct db_conn *c, const char *event, long long user_id, const char *oce_code,
		     const char *addr, const char *detail, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO audit (at, event, ruc, usuario, user_id, oce_code, addr, detail)"
		" SELECT $1, $2, ruc, usuario, id, $4, $5, $6 FROM app_user WHERE id = $3");
	int rc;

	if (st == NULL)
		return DB_ERR;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, event);
	db_bind_int(st, 3, user_id);
	db_bind_text(st, 4, oce_code && *oce_code ? oce_code : NULL);
	db_bind_text(st, 5, addr ? addr : "");
	db_bind_text(st, 6, detail ? detail : "");
	rc = run_changed(c, st);
	return rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_audit(struct db_conn *c, const char *event, const char *ruc, const char *usuario,
		long long user_id, const char *oce_code, const char *addr, const char *detail,
		long long now)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO audit (at, event, ruc, usuario, user_id, oce_code, addr, detail)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
	if (st == NULL)
		return DB_ERR;
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
	return db_run(st) == DB_DONE ? 0 : DB_ERR;
}
