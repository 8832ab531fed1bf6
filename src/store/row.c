/*
 * row.c — see row.h.
 */
#include "store/row.h"

#include <string.h>

#include "core/fold.h"
#include "core/str.h"

int row_one(struct db_stmt *st, row_reader *read, struct arena *a, void *out)
{
	int rc;

	if (st == NULL)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		read(st, a, out);
		rc = STORE_OK;
	} else if (rc == DB_DONE) {
		rc = STORE_NOT_FOUND;
	}
	db_reset(st);
	return rc;
}

int row_list(struct db_stmt *st, row_reader *read, struct arena *a, size_t max, size_t sz,
	     void **out, size_t *n)
{
	char *v;
	size_t k = 0;
	int rc = DB_DONE;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERR;
	v = arena_alloc(a, max * sz + 1);
	if (v == NULL) {
		db_reset(st);
		return DB_ERR;
	}
	while (k < max && (rc = db_step(st)) == DB_ROW)
		read(st, a, v + sz * k++);
	if (k == max)
		rc = DB_DONE;   /* the caller's LIMIT bounds the rows; more are not read */
	db_reset(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERR;
	*out = v;
	*n = k;
	return STORE_OK;
}

int row_exec(struct db_stmt *st)
{
	int rc;

	if (st == NULL)
		return DB_ERR;
	rc = db_run(st);
	return rc == DB_DONE ? STORE_OK : rc < 0 ? rc : DB_ERR;
}

int row_changed(struct db_conn *c, struct db_stmt *st)
{
	int rc = row_exec(st);

	if (rc != STORE_OK)
		return rc;
	return db_changes(c) > 0 ? STORE_OK : STORE_NOT_FOUND;
}

int row_int(struct db_stmt *st, long long *v)
{
	int rc;

	if (st == NULL)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_ROW)
		*v = db_col_int(st, 0);
	db_reset(st);
	return rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_NOT_FOUND : rc;
}

void row_copy(char *dst, size_t n, struct db_stmt *st, int i)
{
	str_lcpy(dst, db_col_text(st, i), n);
}

const char *row_dup(struct arena *a, struct db_stmt *st, int i)
{
	const char *t = db_col_text(st, i);

	return arena_strndup(a, t, db_col_bytes(st, i));
}

const char *row_like_folded(struct arena *a, const char *q, int *err)
{
	size_t n = q ? strlen(q) : 0, o = 0, fn;
	char *folded, *p;

	*err = 0;
	if (n == 0)
		return NULL;
	folded = arena_alloc(a, n + 1);
	p = arena_alloc(a, 2 * n + 3);
	if (folded == NULL || p == NULL) {
		*err = 1;
		return NULL;
	}
	fn = fold_text(q, n, folded);
	p[o++] = '%';
	for (size_t i = 0; i < fn; i++) {
		if (folded[i] == '%' || folded[i] == '_' || folded[i] == '\\')
			p[o++] = '\\';
		p[o++] = folded[i];
	}
	p[o++] = '%';
	p[o] = '\0';
	return p;
}
