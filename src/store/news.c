/*
 * news.c — see news.h.
 */
#include "store/news.h"

#include "store/row.h"

int store_news_add(struct db_conn *c, const char *title, const char *body, long long at)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO news (title, body, published_at) VALUES ($1, $2, $3)");

	if (st) {
		db_bind_text(st, 1, title);
		db_bind_text(st, 2, body);
		db_bind_int(st, 3, at);
	}
	return row_exec(st);
}

static void read_news(struct db_stmt *st, struct arena *a, void *out)
{
	struct news_rec *r = out;

	r->id = db_col_int(st, 0);
	r->title = row_dup(a, st, 1);
	r->body = row_dup(a, st, 2);
	r->published_at = db_col_int(st, 3);
}

int store_news_latest(struct db_conn *c, size_t limit, struct arena *a,
		      struct news_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c,
		"SELECT id, title, body, published_at FROM news ORDER BY published_at DESC, id DESC LIMIT $1");

	if (st)
		db_bind_int(st, 1, (long long)limit);
	return row_list(st, read_news, a, limit, sizeof(**out), (void **)out, n);
}
