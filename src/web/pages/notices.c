/*
 * notices.c — the main page with the electronic notifications and the four
 * menus (seed step 3), and one notice.
 *
 *   GET /principal            ?q= subject search (no case, no accents),
 *                             ?pagina=N (0 and 1: the first; past the end:
 *                             the last), ?despues= / ?antes= the key of the
 *                             row the page continues from (the pager's links)
 *   GET /notificaciones/{id}  the notice, marked read when opened from the
 *                             portal itself
 */
#include <stdint.h>
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "service/notices.h"
#include "web/i18n.h"
#include "web/menus.h"
#include "web/page.h"
#include "templates.h"

/* /principal?pagina=N[&despues=|&antes=KEY][&q=Q] */
static const char *main_href(struct web_ctx *c, const char *q, long long pagina, const char *dir,
			     const struct notice_key *k)
{
	struct buf b;
	const char *r;

	buf_init(&b, LIMIT_URL_BYTES * 3 + 64);
	buf_put_str(&b, "/principal?pagina=");
	buf_put_int(&b, pagina);
	if (dir) {
		buf_put_char(&b, '&');
		buf_put_str(&b, dir);
		buf_put_char(&b, '=');
		buf_put_int(&b, k->at);
		buf_put_char(&b, '.');
		buf_put_int(&b, k->id);
	}
	if (q && q[0]) {
		buf_put_str(&b, "&q=");
		buf_put_url(&b, q);
	}
	r = b.err ? "/principal" : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r;
}

static int page_main(struct web_ctx *c)
{
	struct view_main *v = arena_alloc(&c->req->arena, sizeof(*v));
	const char *q = param(c, "q"), *pg_s = param(c, "pagina");
	const char *after = param(c, "despues"), *before = param(c, "antes");
	struct notices_query nq;
	struct notices_page np;
	long long pagina = 1;
	struct buf b;

	if (v == NULL)
		return page_error(c, 500);
	memset(&nq, 0, sizeof(nq));
	if (pg_s && str_to_ll(str_from(pg_s), 0, 9999999, &pagina) != 0)
		return page_error(c, 400);
	nq.q = q;
	nq.pagina = pagina;
	nq.per_page = LIMIT_PAGE_ROWS;
	nq.dir = NOTICE_FIRST;
	if (after && param_key(after, &nq.key.at, &nq.key.id) == 0)
		nq.dir = NOTICE_OLDER;
	else if (before && param_key(before, &nq.key.at, &nq.key.id) == 0)
		nq.dir = NOTICE_NEWER;
	if (notices_page(c->conn, c->sess.user_id, &nq, &c->req->arena, &np) != STORE_OK)
		return page_error(c, 500);
	page_init(c, "Notificaciones electrónicas");
	c->pg.q = q;
	v->pg = &c->pg;
	v->q = q;
	v->total = np.total;
	v->unread = np.unread;
	v->pagina = np.pagina;
	v->paginas = np.paginas;
	if (np.pagina > 1) {
		v->first_href = main_href(c, q, 1, NULL, NULL);
		v->prev_href = main_href(c, q, np.pagina - 1, "antes", &np.first);
	}
	if (np.pagina < np.paginas) {
		v->next_href = main_href(c, q, np.pagina + 1, "despues", &np.last);
		v->last_href = main_href(c, q, np.paginas, NULL, NULL);
	}
	for (size_t i = 0; i < np.n && i < LIMIT_PAGE_ROWS; i++) {
		struct notice_row *r = &v->rows[i];
		r->unread = np.rows[i].read_at == 0;
		r->sender = np.rows[i].sender;
		r->recipient = np.rows[i].recipient;
		r->subject = np.rows[i].subject;
		timefmt_ec(np.rows[i].created_at, r->date);
		r->href = ctx_path_id(c, "/notificaciones/", np.rows[i].id);
		v->nrows++;
	}
	v->menus = menus_view_user(c);
	page_buf(&b);
	tmpl_main(&b, c->lang, v);
	return page_send(c, 200, &b);
}

static int page_notice(struct web_ctx *c)
{
	struct view_notice *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct notice_rec nr;
	const char *sfs = c->fetch_site;
	long long id;
	bool mark;
	struct buf b;
	int rc;

	if (v == NULL)
		return page_error(c, 500);
	if (str_to_ll(c->tail, 1, INT64_MAX, &id) != 0)
		return page_error(c, 404);
	/* Reading marks the notice read, but only when the user opened it from
	 * the portal or typed the address: a link on another site must not be
	 * able to mark someone's notices read (Fetch Metadata; browsers that
	 * send no Sec-Fetch-Site are treated as same-origin). */
	mark = sfs == NULL || strcmp(sfs, "same-origin") == 0 || strcmp(sfs, "none") == 0;
	rc = notice_read(c->conn, c->sess.user_id, id, mark, c->now, &c->req->arena, &nr);
	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK)
		return page_error(c, 500);
	page_init(c, "Notificación electrónica");
	v->pg = &c->pg;
	v->sender = nr.sender;
	v->recipient = nr.recipient;
	v->subject = nr.subject;
	v->body = nr.body;
	timefmt_ec(nr.created_at, v->date);
	if (nr.read_at)
		timefmt_ec(nr.read_at, v->read_date);
	page_buf(&b);
	tmpl_notice(&b, c->lang, v);
	return page_send(c, 200, &b);
}

static const struct param_spec p_main[] = {
	P_TEXT("q", LIMIT_SEARCH_BYTES, .label = "Buscar notificaciones por asunto"),
	P_DIGITS("pagina", 1, 7, .label = "Página"),
	P_KEY("despues", .label = "Página"), P_KEY("antes", .label = "Página"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/principal",         page_main,   ROLE_OPERATOR, 0, .params = p_main },
	{ HTTP_GET, "/notificaciones/{}", page_notice, ROLE_OPERATOR, 0, .body = BODY_NONE },
};
ROUTE_TABLE(notices_routes, routes);
