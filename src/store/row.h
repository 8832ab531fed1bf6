/*
 * row.h — the shapes every store file repeats, in one place (private to
 * src/store): one row into a record, a list of rows into an arena array, a
 * statement run for its effect, and "did it change anything".
 *
 * Each takes a statement from db_prepare (NULL is accepted and reported as
 * DB_ERR, so callers need not check it) and always resets it.
 */
#ifndef ADUANA_STORE_ROW_H
#define ADUANA_STORE_ROW_H

#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/store.h"

/* Reads the current row of st into out (one record); strings go to a. */
typedef void row_reader(struct db_stmt *st, struct arena *a, void *out);

/* Steps st once: STORE_OK (and read() fills out), STORE_NOT_FOUND when there
 * is no row, or the error. */
int row_one(struct db_stmt *st, row_reader *read, struct arena *a, void *out);
/* Steps every row of st, at most max, into a new arena array of elements of
 * size sz: *out and *n.  STORE_OK or the error (DB_ERR when the arena is full). */
int row_list(struct db_stmt *st, row_reader *read, struct arena *a, size_t max, size_t sz,
	     void **out, size_t *n);
/* Steps st once for its effect: STORE_OK or the error (DB_CONSTRAINT kept). */
int row_exec(struct db_stmt *st);
/* Like row_exec, but STORE_NOT_FOUND when no row changed. */
int row_changed(struct db_conn *c, struct db_stmt *st);
/* Steps a statement that yields one integer (count(*), RETURNING id...). */
int row_int(struct db_stmt *st, long long *v);

/* q folded (core/fold.h) as a LIKE pattern "%q%", with \ escaping % _ and
 * \ (use ESCAPE '\'): for searching a folded column.  NULL for no search (q
 * NULL or ""), or when the arena is full (*err set). */
const char *row_like_folded(struct arena *a, const char *q, int *err);

/* Column i copied into a fixed field (cut at n-1 bytes; fields are sized
 * by limits.h so nothing stored is longer), or into the arena. */
void row_copy(char *dst, size_t n, struct db_stmt *st, int i);
const char *row_dup(struct arena *a, struct db_stmt *st, int i);

#endif
