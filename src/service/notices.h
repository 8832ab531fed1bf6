/*
 * notices.h — reading the mailbox: a page of notices with its counts, seen
 * in one snapshot, and one notice opened.
 */
#ifndef ADUANA_SERVICE_NOTICES_H
#define ADUANA_SERVICE_NOTICES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/notices.h"

struct notices_query {
	const char *q;          /* subject search; NULL or "" for all */
	long long pagina;       /* asked for: 0 and 1 are the first page; past the end, the last */
	enum notice_dir dir;    /* NOTICE_OLDER / NOTICE_NEWER with key: the page next to a
	                           page the user saw (from its links); else found by number */
	struct notice_key key;
	size_t per_page;
};

struct notices_page {
	struct notice_rec *rows;
	size_t n;
	long long total, unread;    /* matching notices; unread of all */
	long long pagina, paginas;  /* the page shown, of at least 1 */
	struct notice_key first, last;  /* keys of the first and last rows shown */
};

/* Fills out with the page asked for, its counts and keys, all from one read
 * snapshot (the counts and the rows agree even while notices arrive). */
int notices_page(struct db_conn *c, long long user_id, const struct notices_query *q,
		 struct arena *a, struct notices_page *out);
/* One notice of the user's; marked read when mark is true.  STORE_NOT_FOUND
 * when there is none with that id for this user. */
int notice_read(struct db_conn *c, long long user_id, long long id, bool mark, long long now,
		struct arena *a, struct notice_rec *out);

#endif
