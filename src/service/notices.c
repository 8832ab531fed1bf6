/*
 * notices.c — see notices.h.
 *
 * Which rows make page p of P (per_page rows each, newest first):
 *   p = 1                the newest per_page (NOTICE_FIRST);
 *   a key from a link    per_page rows older (or newer) than it;
 *   p = P                the oldest total - (P-1)*per_page (NOTICE_LAST), so
 *                        the last page is always the tail;
 *   a number typed       the key of the row just before the page, read from
 *                        the index (store_notice_key_at), then as above.
 * The first two — nearly every page — are one statement that also reads
 * the totals: no transaction, one round trip.  The others need the totals
 * first, and run in one read snapshot.
 */
#include "service/notices.h"

#include "service/tx.h"

static void set_pages(struct notices_page *out, long long per, long long p)
{
	out->paginas = out->total > 0 ? (out->total + per - 1) / per : 1;
	out->pagina = p < 1 ? 1 : p > out->paginas ? out->paginas : p;
}

static void set_keys(struct notices_page *out)
{
	if (out->n > 0) {
		out->first = (struct notice_key){ out->rows[0].created_at, out->rows[0].id };
		out->last = (struct notice_key){ out->rows[out->n - 1].created_at, out->rows[out->n - 1].id };
	}
}

/* One statement: the first page, or the page next to a key. */
static int page_direct(struct db_conn *c, long long user_id, const struct notices_query *q,
		       enum notice_dir dir, struct arena *a, struct notices_page *out)
{
	struct notice_totals tot;
	int rc = store_notice_page(c, user_id, q->q, dir, &q->key, q->per_page, a, &out->rows, &out->n, &tot);

	if (rc != STORE_OK || !tot.known)
		return rc == STORE_OK ? STORE_NOT_FOUND : rc;   /* no rows: the other way */
	out->total = tot.total;
	out->unread = tot.unread;
	set_pages(out, (long long)q->per_page, dir == NOTICE_FIRST ? 1 : q->pagina);
	set_keys(out);
	return STORE_OK;
}

int notices_page(struct db_conn *c, long long user_id, const struct notices_query *q,
		 struct arena *a, struct notices_page *out)
{
	long long per = (long long)q->per_page, p = q->pagina;
	enum notice_dir dir = q->dir;
	struct notice_key key = q->key;
	size_t limit = q->per_page;
	int rc;

	out->rows = NULL;
	out->n = 0;
	out->total = out->unread = 0;
	if (p <= 1 || dir == NOTICE_OLDER || dir == NOTICE_NEWER) {
		rc = page_direct(c, user_id, q, p <= 1 ? NOTICE_FIRST : dir, a, out);
		if (rc != STORE_NOT_FOUND)
			return rc;
		/* Nothing there (an empty mailbox, or a key past the end): the
		 * counts decide which page to show. */
	}
	if (db_begin_read(c) != DB_OK)
		return DB_ERR;
	rc = store_notice_counts(c, user_id, q->q, a, &out->total, &out->unread);
	if (rc != STORE_OK)
		goto out;
	set_pages(out, per, p);
	p = out->pagina;
	if (p == 1) {
		dir = NOTICE_FIRST;
	} else if (p == out->paginas) {
		dir = NOTICE_LAST;
		limit = (size_t)(out->total - (p - 1) * per);
	} else {
		rc = store_notice_key_at(c, user_id, q->q, (p - 1) * per - 1, a, &key);
		if (rc != STORE_OK)
			goto out;
		dir = NOTICE_OLDER;
	}
	rc = store_notice_page(c, user_id, q->q, dir, &key, limit, a, &out->rows, &out->n, NULL);
	set_keys(out);
out:
	/* A read snapshot has nothing to keep: commit ends it either way. */
	return tx_end(c, rc);
}

int notice_read(struct db_conn *c, long long user_id, long long id, bool mark, long long now,
		struct arena *a, struct notice_rec *out)
{
	return mark ? store_notice_open(c, user_id, id, now, a, out)
		    : store_notice_get(c, user_id, id, a, out);
}
