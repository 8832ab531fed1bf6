/*
 * enviados.c — 1.8 Consulta de e-Docs enviados: every sending of the OCE code
 * in use (received or refused, by the portal or by the operator's software),
 * with its transmission state and how many errors it had, newest first,
 * paged by key.
 *
 *   GET /enviados  ?titulo=&transmision=&periodo=&desde=&hasta=[&despues=AT.ID&inicio=N]
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

static int page_enviados(struct web_ctx *c)
{
	struct view_enviados *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct period p;
	struct document_filter f;
	struct document_key after, *ap = NULL;
	struct document_row *rows = NULL;
	struct doc_type_rec *types;
	size_t n = 0, nt;
	long long skipped = 0;
	const char *names[] = { "titulo", "transmision", "periodo", "desde", "hasta" };
	const char *values[5];
	struct buf b;

	if (v == NULL)
		return page_error(c, 500);
	memset(v, 0, sizeof(v[0]));
	v->titulo = param_or_empty(c, "titulo");
	v->transmision = param_or_empty(c, "transmision");
	period_read(c, &p);
	v->periodo = p.periodo;
	v->desde = p.desde;
	v->hasta = p.hasta;
	memset(&f, 0, sizeof(f));
	f.oce_code = c->sess.oce_code;
	f.doc_type = v->titulo;
	f.transmission = v->transmision;
	f.from = p.from;
	f.to = p.to;
	if (param(c, "despues") && param_key(param(c, "despues"), &after.at, &after.id) == 0) {
		ap = &after;
		if (param(c, "inicio"))
			(void)str_to_ll(str_from(param(c, "inicio")), 0, 1000000000, &skipped);
	}
	types = c->app->doc_types;   /* read once at start-up */
	nt = c->app->ndoc_types;
	if (c->errs.n == 0 &&
	    (store_documents_count(c->conn, &f, &v->total) != STORE_OK ||
	     store_sendings_page(c->conn, &f, ap, LIMIT_PAGE_ROWS, &c->req->arena, &rows, &n) != STORE_OK))
		return page_error(c, 500);
	page_init(c, "Consulta de e-Docs enviados");
	v->pg = &c->pg;
	for (size_t i = 0; i < nt && v->ntitulos < sizeof(v->titulos) / sizeof(v->titulos[0]); i++) {
		v->titulos[v->ntitulos].value = types[i].code;
		v->titulos[v->ntitulos].label = c->lang == LANG_EN ? types[i].name_en : types[i].name;
		v->ntitulos++;
	}
	for (size_t i = 0; i < n; i++) {
		struct enviado_row *r = &v->rows[v->n++];
		r->no = skipped + (long long)i + 1;
		timefmt_ec(rows[i].created_at, r->date);
		r->href = ctx_printf(c, "/tramites/%lld", rows[i].id);
		r->name = app_doc_type_name(c->app, rows[i].doc_type, c->lang);
		r->numero = rows[i].numero;
		r->channel = i18n_tr(c->lang, rows[i].channel == 'S' ? "Sistema del operador" : "Portal");
		r->transmission = rows[i].transmission;
		r->nerrors = rows[i].nerrors;
	}
	values[0] = v->titulo;
	values[1] = v->transmision;
	values[2] = p.periodo;
	values[3] = p.desde;
	values[4] = p.hasta;
	if (ap)
		v->first_href = list_href(c, "/enviados", names, values, 5, NULL);
	if (n == LIMIT_PAGE_ROWS && skipped + (long long)n < v->total)
		v->next_href = list_href(c, "/enviados", names, values, 5,
					 ctx_printf(c, "despues=%lld.%lld&inicio=%lld", rows[n - 1].created_at,
						    rows[n - 1].id, skipped + (long long)n));
	page_buf(&b);
	tmpl_enviados(&b, c->lang, v);
	return page_send(c, c->errs.n ? 400 : 200, &b);
}

static const char *const titulos[] = { "", "DAI", "DAE", "MANIFIESTO", "DOCTRANSPORTE", NULL };
static const char *const transmisiones[] = { "", "Recibido", "Error", NULL };
static const char *const periodos[] = { "hoy", "semana", "mes", "rango", NULL };

static const struct param_spec p_enviados[] = {
	P_ONE_OF("titulo", titulos, .label = "Título de documento"),
	P_ONE_OF("transmision", transmisiones, .label = "Estado de Transmisión"),
	P_ONE_OF("periodo", periodos, .label = "Periodo"),
	P_TEXT("desde", 10, .label = "Desde"),
	P_TEXT("hasta", 10, .label = "Hasta"),
	P_KEY("despues", .label = "Página"),
	P_INT("inicio", 0, 1000000000, .label = "Página"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/enviados", page_enviados, ROLE_OPERATOR, 0, .params = p_enviados, .option = "1.8" },
};
ROUTE_TABLE(enviados_routes, routes);
