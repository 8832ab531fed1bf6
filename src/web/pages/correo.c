/*
 * correo.c — "Correo saliente": the mail outbox for officers with the admin
 * role (back office), so that delivery failures are seen: every message,
 * newest first, with its state, attempts and last error, filtered by state
 * and paged.  `aduana mail retry ID` puts a failed one back in the queue.
 *
 *   GET /correo   ?estado=pendiente|enviado|fallido [&despues=ID&inicio=N]
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "store/mail.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

static enum mail_state state_of(const char *estado)
{
	if (strcmp(estado, "pendiente") == 0)
		return MAIL_PENDING;
	if (strcmp(estado, "enviado") == 0)
		return MAIL_SENT;
	if (strcmp(estado, "fallido") == 0)
		return MAIL_FAILED;
	return MAIL_ANY;
}

static const char *state_label(enum mail_state s)
{
	return s == MAIL_SENT ? "Enviado" : s == MAIL_FAILED ? "Fallido" : "Pendiente";
}

static const char *href(struct web_ctx *c, const char *estado, long long after, long long inicio)
{
	const char *names[] = { "estado" };
	const char *values[] = { estado };
	const char *extra = after ? ctx_printf(c, "despues=%lld&inicio=%lld", after, inicio) : NULL;

	return list_href(c, "/correo", names, values, 1, extra);
}

static int page_correo(struct web_ctx *c)
{
	struct view_correo *v = arena_alloc(&c->req->arena, sizeof(*v));
	const char *estado = param_or_empty(c, "estado");
	long long after = 0, skipped = 0;
	struct mail_rec *rows = NULL;
	size_t n = 0;
	struct buf b;

	if (v == NULL)
		return page_error(c, 500);
	memset(v, 0, sizeof(*v));
	if (param(c, "despues")) {
		str_to_ll(str_from(param(c, "despues")), 1, INT64_MAX, &after);
		if (param(c, "inicio"))
			str_to_ll(str_from(param(c, "inicio")), 0, 1000000000, &skipped);
	}
	if (store_mail_list(c->conn, state_of(estado), after, LIMIT_MAIL_ROWS, &c->req->arena, &rows, &n,
			    &v->total) != STORE_OK)
		return page_error(c, 500);
	page_init(c, "Correo saliente");
	v->pg = &c->pg;
	v->estado = estado;
	for (size_t i = 0; i < n; i++) {
		struct correo_row *r = &v->rows[v->n++];

		r->no = skipped + (long long)i + 1;
		r->id = rows[i].id;
		timefmt_ec(rows[i].created_at, r->date);
		r->to = rows[i].to[0] ? ctx_printf(c, "%s", rows[i].to) : "";
		r->subject = rows[i].subject;
		r->attempts = rows[i].attempts;
		r->state = state_label(rows[i].state);
		r->failed = rows[i].state == MAIL_FAILED;
		r->error = rows[i].last_error[0] ? rows[i].last_error : "—";
	}
	if (after)
		v->first_href = href(c, estado, 0, 0);
	if (n == LIMIT_MAIL_ROWS && skipped + (long long)n < v->total)
		v->next_href = href(c, estado, rows[n - 1].id, skipped + (long long)n);
	page_buf(&b);
	tmpl_correo(&b, c->lang, v);
	return page_send(c, 200, &b);
}

static const char *const estados[] = { "", "pendiente", "enviado", "fallido", NULL };

static const struct param_spec p_correo[] = {
	P_ONE_OF("estado", estados, .label = "Estado"),
	P_INT("despues", 1, INT64_MAX, .label = "Página"),
	P_INT("inicio", 0, 1000000000, .label = "Página"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/correo", page_correo, ROLE_ADMIN, 0, .params = p_correo },
};
ROUTE_TABLE(correo_routes, routes);
