/*
 * notices.c — see notices.h.
 *
 * Which rows make page p of P (per_page rows each, newest first):
 *   p = 1                the newest per_page (NOTICE_FIRST);
 *   p = P                the oldest total - (P-1)*per_page (NOTICE_LAST), so
 *                        the last page is always the tail, whatever the key;
 *   a key from a link    per_page rows older (or newer) than it;
 *   a number typed       the key of the row just before the page, read from
 *                        the index (store_notice_key_at), then as above.
 */
#include "service/notices.h"

#include "service/tx.h"

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
	if (db_begin_read(c) != DB_OK)
		return DB_ERR;
	rc = store_notice_counts(c, user_id, q->q, a, &out->total, &out->unread);
	if (rc != STORE_OK)
		goto out;
	out->paginas = out->total > 0 ? (out->total + per - 1) / per : 1;
	if (p < 1)
		p = 1;
	if (p > out->paginas)
		p = out->paginas;
	out->pagina = p;
	if (p == 1) {
		dir = NOTICE_FIRST;
	} else if (p == out->paginas) {
		dir = NOTICE_LAST;
		limit = (size_t)(out->total - (p - 1) * per);
	} else if (dir != NOTICE_OLDER && dir != NOTICE_NEWER) {
		rc = store_notice_key_at(c, user_id, q->q, (p - 1) * per - 1, a, &key);
		if (rc != STORE_OK)
			goto out;
		dir = NOTICE_OLDER;
	}
	rc = store_notice_page(c, user_id, q->q, dir, &key, limit, a, &out->rows, &out->n);
	if (rc == STORE_OK && out->n > 0) {
		out->first = (struct notice_key){ out->rows[0].created_at, out->rows[0].id };
		out->last = (struct notice_key){ out->rows[out->n - 1].created_at, out->rows[out->n - 1].id };
	}
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
