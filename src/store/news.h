/*
 * news.h — the news shown on the public pages (Noticias).
 */
#ifndef ADUANA_STORE_NEWS_H
#define ADUANA_STORE_NEWS_H

#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/store.h"

struct news_rec {
	long long id;
	const char *title, *body;   /* arena */
	long long published_at;
};

int store_news_add(struct db_conn *c, const char *title, const char *body, long long at);
/* The newest limit items, newest first. */
int store_news_latest(struct db_conn *c, size_t limit, struct arena *a,
		      struct news_rec **out, size_t *n);

#endif
