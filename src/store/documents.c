/*
 * documents.c — see documents.h.
 */
#include "store/documents.h"

#include "store/row.h"

int store_entrega_next(struct db_conn *c, const char *oce_code, int year, long long *seq)
{
	/* One statement on both engines: the row is created at 1 or bumped,
	 * under the row's lock (PostgreSQL) or the write lock (SQLite). */
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO entrega_seq (oce_code, year, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (oce_code, year) DO UPDATE SET last = entrega_seq.last + 1 RETURNING last");
	int rc;

	if (st) {
		db_bind_text(st, 1, oce_code);
		db_bind_int(st, 2, year);
	}
	rc = row_int(st, seq);
	return rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_doc_type_sender(struct db_conn *c, const char *doc_type, const char *oce_type)
{
	struct db_stmt *st = db_prepare(c, "SELECT 1 FROM doc_type_sender WHERE doc_type = $1 AND oce_type = $2");
	long long one;

	if (st) {
		db_bind_text(st, 1, doc_type);
		db_bind_text(st, 2, oce_type);
	}
	return row_int(st, &one);
}

static void read_type(struct db_stmt *st, struct arena *a, void *out)
{
	struct doc_type_rec *r = out;

	r->code = row_dup(a, st, 0);
	r->name = row_dup(a, st, 1);
	r->name_en = row_dup(a, st, 2);
	r->ns = row_dup(a, st, 3);
	r->may_send = (int)db_col_int(st, 4);
}

int store_doc_types(struct db_conn *c, const char *oce_type, struct arena *a,
		    struct doc_type_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT t.code, t.name, t.name_en, t.namespace,"
		" (SELECT count(*) FROM doc_type_sender s WHERE s.doc_type = t.code AND s.oce_type = $1)"
		" FROM doc_type t ORDER BY t.position");

	if (st)
		db_bind_text(st, 1, oce_type ? oce_type : "");
	return row_list(st, read_type, a, 16, sizeof(**out), (void **)out, n);
}

int store_document_add(struct db_conn *c, const struct document_new *d, long long *id)
{
	char channel[2] = { d->channel, '\0' };
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document (numero, doc_type, oce_code, user_id, channel, transmission, state,"
		" district, xml, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id");
	int rc;

	if (st) {
		db_bind_text(st, 1, d->numero);
		db_bind_text(st, 2, d->doc_type);
		db_bind_text(st, 3, d->oce_code);
		db_bind_int(st, 4, d->user_id);
		db_bind_text(st, 5, channel);
		db_bind_text(st, 6, d->transmission);
		db_bind_text(st, 7, d->state);
		db_bind_text(st, 8, d->district);
		db_bind_text(st, 9, d->xml);
		db_bind_int(st, 10, d->now);
	}
	rc = row_int(st, id);
	return rc == DB_CONSTRAINT ? STORE_CONFLICT : rc == STORE_NOT_FOUND ? DB_ERR : rc;
}

int store_document_add_error(struct db_conn *c, long long id, int n, const char *path,
			     const char *field, long line, const char *message)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document_error (document_id, n, path, field, line, message)"
		" VALUES ($1, $2, $3, $4, $5, $6)");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, n);
		db_bind_text(st, 3, path ? path : "");
		db_bind_text(st, 4, field ? field : "");
		db_bind_int(st, 5, line);
		db_bind_text(st, 6, message);
	}
	return row_exec(st);
}

int store_document_add_event(struct db_conn *c, long long id, long long at, long long user_id,
			     const char *from_state, const char *to_state, const char *reason)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document_event (document_id, at, user_id, from_state, to_state, reason)"
		" VALUES ($1, $2, $3, $4, $5, $6)");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, at);
		if (user_id > 0)
			db_bind_int(st, 3, user_id);
		else
			db_bind_null(st, 3);
		db_bind_text(st, 4, from_state);
		db_bind_text(st, 5, to_state);
		db_bind_text(st, 6, reason ? reason : "");
	}
	return row_exec(st);
}
