/*
 * documents.c — see documents.h.
 */
#include "store/documents.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/timefmt.h"
#include "core/str.h"
#include "store/row.h"

/* Ecuador's day number of Unix time t (document_day.day). */
static long long ec_day(long long t)
{
	long long local = t + TIMEFMT_EC_OFFSET;

	return local / 86400 - (local % 86400 < 0);
}

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
	if (rc == STORE_OK) {
		st = db_prepare(c,
			"INSERT INTO document_day (oce_code, day, n) VALUES ($1, $2, 1)"
			" ON CONFLICT (oce_code, day) DO UPDATE SET n = document_day.n + 1");
		if (st) {
			db_bind_text(st, 1, d->oce_code);
			db_bind_int(st, 2, ec_day(d->now));
		}
		rc = row_exec(st);
	}
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

/* Drops an incomplete UTF-8 sequence at the end of s (after a cut). */
static void drop_partial_utf8(char *s)
{
	size_t n = strlen(s), k = n;

	while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
		k--;                     /* continuation bytes */
	if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {
		unsigned char lead = (unsigned char)s[k - 1];
		size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (n - (k - 1) < want)
			s[k - 1] = '\0';
	}
}

int store_document_add_event(struct db_conn *c, const struct document_event_new *e)
{
	char text[2400], fold[2400];   /* a reason is at most 500 characters (2,000 bytes) */
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document_event (document_id, at, user_id, from_state, to_state, reason, oce_code,"
		" search_fold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
	int n = snprintf(text, sizeof(text), "%s %s %s %s", e->numero ? e->numero : "", e->doc_type,
			 e->to_state, e->reason ? e->reason : "");

	/* The search text: cut at a whole character if ever longer. */
	if (n < 0)
		text[0] = '\0';
	drop_partial_utf8(text);
	fold_text(text, strlen(text), fold);
	if (st) {
		db_bind_int(st, 1, e->document_id);
		db_bind_int(st, 2, e->at);
		if (e->user_id > 0)
			db_bind_int(st, 3, e->user_id);
		else
			db_bind_null(st, 3);
		db_bind_text(st, 4, e->from_state);
		db_bind_text(st, 5, e->to_state);
		db_bind_text(st, 6, e->reason ? e->reason : "");
		db_bind_text(st, 7, e->oce_code);
		db_bind_text(st, 8, fold);
	}
	return row_exec(st);
}

/* The filter's conditions, shared by the count and the page: an empty
 * parameter matches every row ($5 "Error" is a refused transmission). */
#define DOC_WHERE " WHERE d.oce_code = $1 AND d.created_at >= $2 AND d.created_at < $3" \
	" AND ($4 = '' OR d.doc_type = $4)" \
	" AND ($5 = '' OR d.state = $5 OR ($5 = 'Error' AND d.transmission = 'Error'))" \
	" AND ($6 = '' OR d.numero = $6) AND ($7 = '' OR d.transmission = $7)"

static void bind_filter(struct db_stmt *st, const struct document_filter *f)
{
	db_bind_text(st, 1, f->oce_code);
	db_bind_int(st, 2, f->from);
	db_bind_int(st, 3, f->to);
	db_bind_text(st, 4, f->doc_type ? f->doc_type : "");
	db_bind_text(st, 5, f->state ? f->state : "");
	db_bind_text(st, 6, f->numero ? f->numero : "");
	db_bind_text(st, 7, f->transmission ? f->transmission : "");
}

/* The same without the optional filters, for a list of every document of the
 * period (the default screen): SQLite evaluates "$4 = ''" on every row, so
 * the plain text is the cheaper one.  Parameters $4..$7 are then unused but
 * bound alike (both statements take the same binding). */
#define DOC_WHERE_PLAIN " WHERE d.oce_code = $1 AND d.created_at >= $2 AND d.created_at < $3" \
	" AND $4 = $4 AND $5 = $5 AND $6 = $6 AND $7 = $7"

#define DOC_COUNT(where) "SELECT count(*) FROM document d" where
/* The page reads only what the index document_oce_list holds (no row of
 * the table); the type's names come from the caller's copy of doc_type. */
#define DOC_PAGE(where) \
	"SELECT d.id, coalesce(d.numero, ''), d.doc_type, d.transmission, coalesce(d.state, ''), d.created_at" \
	" FROM document d" where \
	" AND (d.created_at, d.id) < ($8, $9) ORDER BY d.created_at DESC, d.id DESC LIMIT $10"
/* 1.8's page: also the channel and the errors kept (20 rows of the table). */
#define DOC_SENT_PAGE(where) \
	"SELECT d.id, coalesce(d.numero, ''), d.doc_type, d.transmission, coalesce(d.state, ''), d.created_at," \
	" d.channel, (SELECT count(*) FROM document_error x WHERE x.document_id = d.id)" \
	" FROM document d" where \
	" AND (d.created_at, d.id) < ($8, $9) ORDER BY d.created_at DESC, d.id DESC LIMIT $10"
#define DOC_COUNT_SQL DOC_COUNT(DOC_WHERE)
#define DOC_PAGE_SQL DOC_PAGE(DOC_WHERE)

static bool unfiltered(const struct document_filter *f)
{
	return (f->doc_type == NULL || !f->doc_type[0]) && (f->state == NULL || !f->state[0]) &&
	       (f->numero == NULL || !f->numero[0]) && (f->transmission == NULL || !f->transmission[0]);
}

#define DAY_COUNT_SQL "SELECT COALESCE(sum(n), 0) FROM document_day WHERE oce_code = $1 AND day >= $2 AND day < $3"

/* Whole Ecuador days: the counters answer. */
static bool whole_days(const struct document_filter *f)
{
	return (f->from + TIMEFMT_EC_OFFSET) % 86400 == 0 && (f->to + TIMEFMT_EC_OFFSET) % 86400 == 0;
}

/* The first page with its total in one statement (one round trip fewer on
 * PostgreSQL): the total is an uncorrelated scalar subquery, computed once,
 * in a seventh column of every row.  An empty first page means a total of 0. */
#define DOC_FIRST(total_sql, where) \
	"SELECT d.id, coalesce(d.numero, ''), d.doc_type, d.transmission, coalesce(d.state, ''), d.created_at," \
	" (" total_sql ") FROM document d" where \
	" AND (d.created_at, d.id) < ($8, $9) ORDER BY d.created_at DESC, d.id DESC LIMIT $10"
#define DAY_COUNT_SUB "SELECT COALESCE(sum(n), 0) FROM document_day WHERE oce_code = $1 AND day >= $11 AND day < $12"
#define DOC_FIRST_DAYS DOC_FIRST(DAY_COUNT_SUB, DOC_WHERE_PLAIN)
#define DOC_FIRST_PLAIN DOC_FIRST(DOC_COUNT(DOC_WHERE_PLAIN), DOC_WHERE_PLAIN)
#define DOC_FIRST_SQL DOC_FIRST(DOC_COUNT(DOC_WHERE), DOC_WHERE)

/* Which of the three shapes a filter takes (as count and page choose). */
static const char *first_sql(const struct document_filter *f)
{
	return !unfiltered(f) ? DOC_FIRST_SQL : whole_days(f) ? DOC_FIRST_DAYS : DOC_FIRST_PLAIN;
}

static void bind_first(struct db_stmt *st, const struct document_filter *f, size_t limit)
{
	bind_filter(st, f);
	db_bind_int(st, 8, INT64_MAX);
	db_bind_int(st, 9, INT64_MAX);
	db_bind_int(st, 10, (long long)limit);
	if (unfiltered(f) && whole_days(f)) {
		db_bind_int(st, 11, ec_day(f->from));
		db_bind_int(st, 12, ec_day(f->to));
	}
}

struct first_row {
	struct document_row r;
	long long total;
};

int store_documents_count(struct db_conn *c, const struct document_filter *f, long long *total)
{
	struct db_stmt *st;

	if (unfiltered(f) && whole_days(f)) {
		st = db_prepare(c, DAY_COUNT_SQL);
		if (st) {
			db_bind_text(st, 1, f->oce_code);
			db_bind_int(st, 2, ec_day(f->from));
			db_bind_int(st, 3, ec_day(f->to));
		}
		return row_int(st, total);
	}
	st = db_prepare(c, unfiltered(f) ? DOC_COUNT(DOC_WHERE_PLAIN) : DOC_COUNT_SQL);

	if (st)
		bind_filter(st, f);
	return row_int(st, total);
}

static void read_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct document_row *r = out;

	r->id = db_col_int(st, 0);
	r->numero = row_dup(a, st, 1);
	r->doc_type = row_dup(a, st, 2);
	r->transmission = row_dup(a, st, 3);
	r->state = row_dup(a, st, 4);
	r->created_at = db_col_int(st, 5);
	r->channel = 'P';
	r->nerrors = 0;
}

static void read_sent_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct document_row *r = out;

	read_row(st, a, out);
	if (db_col_text(st, 6)[0])
		r->channel = db_col_text(st, 6)[0];
	r->nerrors = db_col_int(st, 7);
}

static int page(struct db_conn *c, const char *sql, row_reader *read, const struct document_filter *f,
		const struct document_key *key, size_t limit, struct arena *a, struct document_row **out,
		size_t *n)
{
	struct db_stmt *st = db_prepare(c, sql);

	if (st) {
		bind_filter(st, f);
		db_bind_int(st, 8, key ? key->at : INT64_MAX);
		db_bind_int(st, 9, key ? key->id : INT64_MAX);
		db_bind_int(st, 10, (long long)limit);
	}
	return row_list(st, read, a, limit, sizeof(**out), (void **)out, n);
}

int store_documents_page(struct db_conn *c, const struct document_filter *f,
			 const struct document_key *key, size_t limit, struct arena *a,
			 struct document_row **out, size_t *n)
{
	return page(c, unfiltered(f) ? DOC_PAGE(DOC_WHERE_PLAIN) : DOC_PAGE_SQL, read_row, f, key, limit, a, out, n);
}

static void read_first(struct db_stmt *st, struct arena *a, void *out)
{
	struct first_row *r = out;

	read_row(st, a, &r->r);
	r->total = db_col_int(st, 6);
}

int store_documents_first_page(struct db_conn *c, const struct document_filter *f, size_t limit,
			       struct arena *a, struct document_row **out, size_t *n, long long *total)
{
	struct db_stmt *st = db_prepare(c, first_sql(f));
	struct first_row *rows;
	int rc;

	if (st)
		bind_first(st, f, limit);
	rc = row_list(st, read_first, a, limit, sizeof(*rows), (void **)&rows, n);
	if (rc != STORE_OK)
		return rc;
	*total = *n ? rows[0].total : 0;
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	if (*out == NULL)
		return DB_ERR;
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = rows[i].r;
	return STORE_OK;
}

int store_sendings_page(struct db_conn *c, const struct document_filter *f,
			const struct document_key *key, size_t limit, struct arena *a,
			struct document_row **out, size_t *n)
{
	return page(c, unfiltered(f) ? DOC_SENT_PAGE(DOC_WHERE_PLAIN) : DOC_SENT_PAGE(DOC_WHERE), read_sent_row, f,
		    key, limit, a, out, n);
}

#define FULL_SELECT \
	"SELECT d.id, COALESCE(d.numero, ''), d.doc_type, t.name, t.name_en, d.oce_code," \
	" u.usuario, d.channel, d.transmission, COALESCE(d.state, ''), d.version, d.created_at," \
	" d.updated_at, length(d.xml), d.user_id, COALESCE(d.district, ''), COALESCE(d.canal, '')" \
	" FROM document d JOIN doc_type t ON t.code = d.doc_type JOIN app_user u ON u.id = d.user_id"

static void read_full(struct db_stmt *st, struct arena *a, void *out)
{
	struct document_full *r = out;
	const char *ch;

	r->id = db_col_int(st, 0);
	r->numero = row_dup(a, st, 1);
	r->doc_type = row_dup(a, st, 2);
	r->doc_name = row_dup(a, st, 3);
	r->doc_name_en = row_dup(a, st, 4);
	r->oce_code = row_dup(a, st, 5);
	r->usuario = row_dup(a, st, 6);
	ch = db_col_text(st, 7);
	r->channel = 'P';
	if (ch && ch[0])
		r->channel = ch[0];
	r->transmission = row_dup(a, st, 8);
	r->state = row_dup(a, st, 9);
	r->version = db_col_int(st, 10);
	r->created_at = db_col_int(st, 11);
	r->updated_at = db_col_int(st, 12);
	r->xml_len = (size_t)db_col_int(st, 13);
	r->user_id = db_col_int(st, 14);
	r->district = row_dup(a, st, 15);
	r->canal = row_dup(a, st, 16);
}

int store_document_get(struct db_conn *c, long long id, const char *oce_code, struct arena *a,
		       struct document_full *out)
{
	struct db_stmt *st = db_prepare(c, FULL_SELECT " WHERE d.id = $1 AND d.oce_code = $2");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, oce_code);
	}
	return row_one(st, read_full, a, out);
}

int store_document_get_in(struct db_conn *c, long long id, const char *district, struct arena *a,
			  struct document_full *out)
{
	struct db_stmt *st = db_prepare(c, FULL_SELECT
		" WHERE d.id = $1 AND d.transmission <> 'Error' AND ($2 = '*' OR COALESCE(d.district, '') = $2)");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, district ? district : "*");
	}
	return row_one(st, read_full, a, out);
}

struct xml_out {
	const char *xml;
	size_t n;
};

static void read_xml(struct db_stmt *st, struct arena *a, void *out)
{
	struct xml_out *x = out;

	x->xml = row_dup(a, st, 0);
	x->n = x->xml ? strlen(x->xml) : 0;
}

static int xml_row(struct db_stmt *st, struct arena *a, const char **xml, size_t *n)
{
	struct xml_out x = { NULL, 0 };
	int rc = row_one(st, read_xml, a, &x);

	if (rc == STORE_OK && x.xml == NULL)
		rc = DB_ERR;   /* the arena ran out */
	*xml = x.xml;
	*n = x.n;
	return rc;
}

int store_document_xml(struct db_conn *c, long long id, const char *oce_code, struct arena *a,
		       const char **xml, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT xml FROM document WHERE id = $1 AND oce_code = $2");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, oce_code);
	}
	return xml_row(st, a, xml, n);
}

int store_document_xml_any(struct db_conn *c, long long id, struct arena *a, const char **xml, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT xml FROM document WHERE id = $1");

	if (st)
		db_bind_int(st, 1, id);
	return xml_row(st, a, xml, n);
}

static void read_error(struct db_stmt *st, struct arena *a, void *out)
{
	struct document_error_rec *r = out;

	r->n = (int)db_col_int(st, 0);
	r->path = row_dup(a, st, 1);
	r->field = row_dup(a, st, 2);
	r->line = (long)db_col_int(st, 3);
	r->message = row_dup(a, st, 4);
}

int store_document_errors(struct db_conn *c, long long id, struct arena *a,
			  struct document_error_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT n, path, field, line, message FROM document_error WHERE document_id = $1 ORDER BY n");

	if (st)
		db_bind_int(st, 1, id);
	return row_list(st, read_error, a, 1000, sizeof(**out), (void **)out, n);
}

static void read_event(struct db_stmt *st, struct arena *a, void *out)
{
	struct document_event_rec *r = out;

	r->at = db_col_int(st, 0);
	r->usuario = row_dup(a, st, 1);
	r->from_state = row_dup(a, st, 2);
	r->to_state = row_dup(a, st, 3);
	r->reason = row_dup(a, st, 4);
}

int store_document_events(struct db_conn *c, long long id, struct arena *a,
			  struct document_event_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT e.at, COALESCE(u.usuario, ''), COALESCE(e.from_state, ''), e.to_state, e.reason"
		" FROM document_event e LEFT JOIN app_user u ON u.id = e.user_id"
		" WHERE e.document_id = $1 ORDER BY e.at, e.id");

	if (st)
		db_bind_int(st, 1, id);
	return row_list(st, read_event, a, 1000, sizeof(**out), (void **)out, n);
}

int store_document_set_state(struct db_conn *c, long long id, const char *oce_code,
			     const char *from, const char *to, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE document SET state = $4, version = version + 1, updated_at = $5"
		" WHERE id = $1 AND oce_code = $2 AND state = $3");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, oce_code);
		db_bind_text(st, 3, from);
		db_bind_text(st, 4, to);
		db_bind_int(st, 5, now);
	}
	return row_changed(c, st);
}

int store_document_replace(struct db_conn *c, long long id, const char *oce_code, long long version,
			   const char *xml, const char *district, const char *to, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE document SET xml = $4, district = $5, state = $6, version = version + 1, updated_at = $7"
		" WHERE id = $1 AND oce_code = $2 AND version = $3");

	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, oce_code);
		db_bind_int(st, 3, version);
		db_bind_text(st, 4, xml);
		db_bind_text(st, 5, district);
		db_bind_text(st, 6, to);
		db_bind_int(st, 7, now);
	}
	return row_changed(c, st);
}

/* 1.3's conditions: $1 OCE code, [$2, $3), $4 número ("" any), $5 search pattern ("" none). */
#define EVENT_WHERE " WHERE e.oce_code = $1 AND e.at >= $2 AND e.at < $3" \
	" AND ($4 = '' OR d.numero = $4) AND ($5 = '' OR e.search_fold LIKE $5 ESCAPE '\\')"

static int bind_events(struct db_stmt *st, const struct event_filter *f, struct arena *a)
{
	int err = 0;
	const char *like = row_like_folded(a, f->q, &err);

	if (err)
		return DB_ERR;
	if (st) {
		db_bind_text(st, 1, f->oce_code);
		db_bind_int(st, 2, f->from);
		db_bind_int(st, 3, f->to);
		db_bind_text(st, 4, f->numero ? f->numero : "");
		db_bind_text(st, 5, like ? like : "");
	}
	return 0;
}

int store_events_count(struct db_conn *c, const struct event_filter *f, struct arena *a, long long *total)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT count(*) FROM document_event e JOIN document d ON d.id = e.document_id" EVENT_WHERE);

	if (bind_events(st, f, a) != 0) {
		db_reset(st);
		return DB_ERR;
	}
	return row_int(st, total);
}

static void read_event_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_row *r = out;

	r->id = db_col_int(st, 0);
	r->document_id = db_col_int(st, 1);
	r->at = db_col_int(st, 2);
	r->numero = row_dup(a, st, 3);
	r->doc_type = row_dup(a, st, 4);
	r->doc_name = row_dup(a, st, 5);
	r->from_state = row_dup(a, st, 6);
	r->to_state = row_dup(a, st, 7);
	r->reason = row_dup(a, st, 8);
	r->usuario = row_dup(a, st, 9);
	r->doc_name_en = row_dup(a, st, 10);
}

int store_events_page(struct db_conn *c, const struct event_filter *f, const struct document_key *key,
		      size_t limit, struct arena *a, struct event_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT e.id, e.document_id, e.at, COALESCE(d.numero, ''), d.doc_type, t.name,"
		" COALESCE(e.from_state, ''), e.to_state, e.reason, COALESCE(u.usuario, ''), t.name_en"
		" FROM document_event e JOIN document d ON d.id = e.document_id"
		" JOIN doc_type t ON t.code = d.doc_type LEFT JOIN app_user u ON u.id = e.user_id"
		EVENT_WHERE " AND (e.at, e.id) < ($6, $7) ORDER BY e.at DESC, e.id DESC LIMIT $8");

	if (bind_events(st, f, a) != 0) {
		db_reset(st);
		return DB_ERR;
	}
	if (st) {
		db_bind_int(st, 6, key ? key->at : INT64_MAX);
		db_bind_int(st, 7, key ? key->id : INT64_MAX);
		db_bind_int(st, 8, (long long)limit);
	}
	return row_list(st, read_event_row, a, limit, sizeof(**out), (void **)out, n);
}

/* The plans of the list's two statements (count, first page), as the
 * engine's EXPLAIN gives them. */
int store_documents_plan(struct db_conn *c, const struct document_filter *f, struct buf *out)
{
	/* What the first page of the list runs: one statement, the page with its
	 * total (store_documents_first_page). */
	static const char *const texts[2][3] = {
		{ "EXPLAIN QUERY PLAN " DOC_FIRST_SQL, "EXPLAIN QUERY PLAN " DOC_FIRST_PLAIN,
		  "EXPLAIN QUERY PLAN " DOC_FIRST_DAYS },
		{ "EXPLAIN " DOC_FIRST_SQL, "EXPLAIN " DOC_FIRST_PLAIN, "EXPLAIN " DOC_FIRST_DAYS } };
	bool pg = db_conn_engine(c) == DB_POSTGRES;
	int kind = !unfiltered(f) ? 0 : whole_days(f) ? 2 : 1;   /* as first_sql chooses */
	struct db_stmt *st = db_prepare(c, texts[pg][kind]);
	int rc;

	if (st == NULL)
		return DB_ERR;
	bind_first(st, f, 20);
	buf_put_str(out, "-- first page with its total\n");
	while ((rc = db_step(st)) == DB_ROW) {
		buf_put_str(out, db_col_text(st, pg ? 0 : 3));
		buf_put_char(out, '\n');
	}
	db_reset(st);
	if (rc != DB_DONE)
		return rc;
	return out->err == BUF_OK ? STORE_OK : DB_ERR;
}
