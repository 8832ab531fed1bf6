/*
 * estados.c — 1.3 Integración de estados del trámite: the state changes of
 * the documents of the OCE code in use, by registration date (a day, or the
 * week up to it) and número de entrega, with a search over the results
 * (número, type, state, reason; without regard to accents or case), newest
 * first, paged by key.
 *
 *   GET /estados  ?fecha=&alcance=dia|semana&numero=&q=[&despues=AT.ID&inicio=N]
 */
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "core/timefmt.h"
#include "store/documents.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

static int page_estados(struct web_ctx *c)
{
	struct view_estados *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct event_filter f;
	struct document_key after, *ap = NULL;
	struct event_row *rows = NULL;
	size_t n = 0;
	long long day = timefmt_ec_midnight(c->now), skipped = 0;
	const char *names[] = { "fecha", "alcance", "numero", "q" };
	const char *values[4];
	struct buf b;

	if (v == NULL)
		return page_error(c, 500);
	memset(v, 0, sizeof(v[0]));
	v->fecha = param_or_empty(c, "fecha");
	v->alcance = param(c, "alcance") ? param(c, "alcance") : "dia";
	v->numero = numero_read(c, "numero");
	v->q = param_or_empty(c, "q");
	if (v->fecha[0] && timefmt_ec_day_start(v->fecha, &day) != 0)
		form_errors_add(&c->errs, "fecha", i18n_tr(c->lang, "Fecha de registro: ingrese una fecha válida (dd/mm/aaaa)."));
	memset(&f, 0, sizeof(f));
	f.oce_code = c->sess.oce_code;
	f.to = day + 86400;
	f.from = strcmp(v->alcance, "semana") == 0 ? day - 6 * 86400LL : day;
	f.numero = v->numero;
	f.q = v->q;
	if (param(c, "despues") && param_key(param(c, "despues"), &after.at, &after.id) == 0) {
		ap = &after;
		if (param(c, "inicio"))
			(void)str_to_ll(str_from(param(c, "inicio")), 0, 1000000000, &skipped);
	}
	if (c->errs.n == 0 &&
	    (store_events_count(c->conn, &f, &c->req->arena, &v->total) != STORE_OK ||
	     store_events_page(c->conn, &f, ap, LIMIT_PAGE_ROWS, &c->req->arena, &rows, &n) != STORE_OK))
		return page_error(c, 500);
	page_init(c, "Integración de estados del trámite");
	v->pg = &c->pg;
	for (size_t i = 0; i < n; i++) {
		struct estado_row *r = &v->rows[v->n++];
		timefmt_ec(rows[i].at, r->at);
		r->href = ctx_printf(c, "/tramites/%lld", rows[i].document_id);
		r->numero = rows[i].numero;
		r->doc_name = c->lang == LANG_EN ? rows[i].doc_name_en : rows[i].doc_name;
		r->from = rows[i].from_state;
		r->to = rows[i].to_state;
		r->reason = rows[i].reason;
		r->usuario = rows[i].usuario[0] ? rows[i].usuario : i18n_tr(c->lang, "Sistema");
	}
	values[0] = v->fecha;
	values[1] = v->alcance;
	values[2] = v->numero;
	values[3] = v->q;
	if (ap)
		v->first_href = list_href(c, "/estados", names, values, 4, NULL);
	if (n == LIMIT_PAGE_ROWS && skipped + (long long)n < v->total)
		v->next_href = list_href(c, "/estados", names, values, 4,
					 ctx_printf(c, "despues=%lld.%lld&inicio=%lld", rows[n - 1].at, rows[n - 1].id,
						    skipped + (long long)n));
	page_buf(&b);
	tmpl_estados(&b, c->lang, v);
	return page_send(c, c->errs.n ? 400 : 200, &b);
}

static const char *const alcances[] = { "dia", "semana", NULL };

static const struct param_spec p_estados[] = {
	P_TEXT("fecha", 10, .label = "Fecha de registro"),
	P_ONE_OF("alcance", alcances, .label = "Consultar por"),
	P_TEXT("numero", 21, .label = "Número de entrega"),
	P_TEXT("q", LIMIT_SEARCH_BYTES, .label = "Buscar en los resultados"),
	P_KEY("despues", .label = "Página"),
	P_INT("inicio", 0, 1000000000, .label = "Página"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/estados", page_estados, ROLE_OPERATOR, 0, .params = p_estados, .option = "1.3" },
};
ROUTE_TABLE(estados_routes, routes);
