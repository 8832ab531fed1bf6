/*
 * catalogs.c — see catalogs.h.
 */
#include "store/catalogs.h"

#include <string.h>

#include "core/fold.h"
#include "store/row.h"

static void read_catalog(struct db_stmt *st, struct arena *a, void *out)
{
	struct catalog_rec *r = out;

	r->code = row_dup(a, st, 0);
	r->name = row_dup(a, st, 1);
	r->name_en = row_dup(a, st, 2);
	r->origin = row_dup(a, st, 3);
	r->licence = row_dup(a, st, 4);
	r->entries = db_col_int(st, 5);
	r->imported_at = db_col_int(st, 6);
}

#define CATALOG_COLS "SELECT code, name, name_en, origin, licence, entries, coalesce(imported_at, 0) FROM catalog"

int store_catalogs(struct db_conn *c, struct arena *a, struct catalog_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, CATALOG_COLS " ORDER BY position");

	return row_list(st, read_catalog, a, 64, sizeof(**out), (void **)out, n);
}

int store_catalog_get(struct db_conn *c, const char *code, struct arena *a, struct catalog_rec *out)
{
	struct db_stmt *st = db_prepare(c, CATALOG_COLS " WHERE code = $1");

	if (st)
		db_bind_text(st, 1, code);
	return row_one(st, read_catalog, a, out);
}

int store_catalog_clear(struct db_conn *c, const char *catalog)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM catalog_entry WHERE catalog = $1");

	if (st)
		db_bind_text(st, 1, catalog);
	return row_exec(st);
}

int store_catalog_add(struct db_conn *c, const char *catalog, const struct catalog_entry *e)
{
	size_t n = strlen(e->name), m = e->name_en ? strlen(e->name_en) : 0;
	char stack[1024], *fold = n + m + 2 <= sizeof(stack) ? stack : NULL;
	struct arena a;
	struct db_stmt *st;
	size_t k;
	int rc;

	arena_init(&a, n + m + 64);
	if (fold == NULL && (fold = arena_alloc(&a, n + m + 2)) == NULL) {
		arena_free(&a);
		return DB_ERR;
	}
	/* Both names, folded, so either finds the entry. */
	k = fold_text(e->name, n, fold);
	if (m && strcmp(e->name, e->name_en) != 0) {
		fold[k++] = '\n';
		fold_text(e->name_en, m, fold + k);
	}
	st = db_prepare(c,
		"INSERT INTO catalog_entry (catalog, code, name, name_en, parent, level, extra, name_fold)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
	if (st) {
		db_bind_text(st, 1, catalog);
		db_bind_text(st, 2, e->code);
		db_bind_text(st, 3, e->name);
		db_bind_text(st, 4, e->name_en ? e->name_en : "");
		db_bind_text(st, 5, e->parent ? e->parent : "");
		db_bind_int(st, 6, e->level);
		db_bind_text(st, 7, e->extra ? e->extra : "");
		db_bind_text(st, 8, fold);
	}
	rc = row_exec(st);
	arena_free(&a);
	return rc == DB_CONSTRAINT ? STORE_EXISTS : rc;
}

int store_catalog_imported(struct db_conn *c, const char *catalog, long long now)
{
	struct db_stmt *st = db_prepare(c,
		"UPDATE catalog SET entries = (SELECT count(*) FROM catalog_entry WHERE catalog = $1),"
		" imported_at = $2 WHERE code = $1");

	if (st) {
		db_bind_text(st, 1, catalog);
		db_bind_int(st, 2, now);
	}
	return row_changed(c, st);
}

int store_catalog_has(struct db_conn *c, const char *catalog, const char *code)
{
	struct db_stmt *st = db_prepare(c, "SELECT 1 FROM catalog_entry WHERE catalog = $1 AND code = $2");
	long long one;

	if (st) {
		db_bind_text(st, 1, catalog);
		db_bind_text(st, 2, code);
	}
	return row_int(st, &one);
}

struct names {
	const char *name, *name_en;
};

static void read_names(struct db_stmt *st, struct arena *a, void *out)
{
	struct names *n = out;

	n->name = row_dup(a, st, 0);
	n->name_en = row_dup(a, st, 1);
}

int store_catalog_name(struct db_conn *c, const char *catalog, const char *code, struct arena *a,
		       const char **name, const char **name_en)
{
	struct db_stmt *st = db_prepare(c, "SELECT name, name_en FROM catalog_entry WHERE catalog = $1 AND code = $2");
	struct names n = { NULL, NULL };
	int rc;

	if (st) {
		db_bind_text(st, 1, catalog);
		db_bind_text(st, 2, code);
	}
	rc = row_one(st, read_names, a, &n);
	*name = n.name ? n.name : "";
	*name_en = n.name_en ? n.name_en : "";
	return rc;
}

static void read_entry(struct db_stmt *st, struct arena *a, void *out)
{
	struct catalog_entry *e = out;

	e->code = row_dup(a, st, 0);
	e->name = row_dup(a, st, 1);
	e->name_en = row_dup(a, st, 2);
	e->parent = row_dup(a, st, 3);
	e->level = (int)db_col_int(st, 4);
	e->extra = row_dup(a, st, 5);
}

/* The code's beginning, upper case, as a LIKE pattern "q%" (codes are not
 * folded: they are written upper case). */
static const char *code_prefix(struct arena *a, const char *q)
{
	size_t n = strlen(q), k = 0;
	char *pc = arena_alloc(a, 2 * n + 2);

	if (pc == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char ch = q[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - ('a' - 'A'));
		if (ch == '%' || ch == '_' || ch == '\\')
			pc[k++] = '\\';
		pc[k++] = ch;
	}
	pc[k++] = '%';
	pc[k] = '\0';
	return pc;
}

int store_catalog_search(struct db_conn *c, const char *catalog, const char *q, const char *after,
			 size_t limit, struct arena *a, struct catalog_entry **out, size_t *n,
			 long long *total)
{
	int err;
	const char *pn = row_like_folded(a, q, &err), *pc = pn ? code_prefix(a, q) : NULL;
	struct db_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (err || (pn && pc == NULL))
		return DB_ERR;
	if (pn)
		st = db_prepare(c,
			"SELECT count(*) FROM catalog_entry WHERE catalog = $1"
			" AND (name_fold LIKE $2 ESCAPE '\\' OR code LIKE $3 ESCAPE '\\')");
	else
		st = db_prepare(c, "SELECT count(*) FROM catalog_entry WHERE catalog = $1");
	if (st) {
		db_bind_text(st, 1, catalog);
		if (pn) {
			db_bind_text(st, 2, pn);
			db_bind_text(st, 3, pc);
		}
	}
	rc = row_int(st, total);
	if (rc != STORE_OK)
		return rc;
	/* Keyset by code: a page continues after the last code shown. */
	if (pn)
		st = db_prepare(c,
			"SELECT code, name, name_en, parent, level, extra FROM catalog_entry"
			" WHERE catalog = $1 AND (name_fold LIKE $2 ESCAPE '\\' OR code LIKE $3 ESCAPE '\\')"
			" AND code > $4 ORDER BY code LIMIT $5");
	else
		st = db_prepare(c,
			"SELECT code, name, name_en, parent, level, extra FROM catalog_entry"
			" WHERE catalog = $1 AND code > $2 ORDER BY code LIMIT $3");
	if (st) {
		int k = pn ? 4 : 2;
		db_bind_text(st, 1, catalog);
		if (pn) {
			db_bind_text(st, 2, pn);
			db_bind_text(st, 3, pc);
		}
		db_bind_text(st, k, after ? after : "");
		db_bind_int(st, k + 1, (long long)limit);
	}
	return row_list(st, read_entry, a, limit, sizeof(**out), (void **)out, n);
}
