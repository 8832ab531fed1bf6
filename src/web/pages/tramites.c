/*
 * tramites.c — Estado de Trámite Integral (Ventanilla Única menu), as the
 * seed shows it: filters Tipo de Operación, Título de documento, Número de
 * entrega, Estado (--Todo-- first) and Periodo (Hoy, última semana, último
 * mes, or between two dates), "Resultado : N", and the table No, Nombre del
 * Documento, Número de entrega, Fecha-hora de entrega, Estado de
 * Transmisión, Estado del Documento — newest first, paged by key, and the
 * whole result as CSV.  Only the documents of the OCE code the user acts
 * under: another OCE's, even of the same RUC, are never listed.
 *
 *   GET /tramites   ?operacion=&titulo=&numero=&estado=&periodo=&desde=&hasta=
 *                   [&despues=AT.ID] [&formato=csv]
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "store/documents.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

/* The filters of the query string, with defaults. */
struct tramites_query {
	const char *operacion, *titulo, *numero, *estado;
	struct period p;
	struct document_filter f;
	bool none;                 /* a filter that matches nothing (VUE: no such documents yet) */
};

/* Reads and checks the filters; a message per bad field in c->errs. */
static void read_query(struct web_ctx *c, struct tramites_query *q)
{
	q->operacion = param_or_empty(c, "operacion");
	q->titulo = param_or_empty(c, "titulo");
	q->numero = numero_read(c, "numero");
	q->estado = param_or_empty(c, "estado");
	period_read(c, &q->p);
	memset(&q->f, 0, sizeof(q->f));
	q->f.oce_code = c->sess.oce_code;
	q->f.doc_type = q->titulo;
	q->f.state = q->estado;
	q->f.numero = q->numero;
	q->f.from = q->p.from;
	q->f.to = q->p.to;
	/* Every document type sent today is an operational e-document; the
	 * single window's documents (VUE) do not exist yet. */
	q->none = strcmp(q->operacion, "VUE") == 0;
}

/* /tramites?<the filters>[&despues=KEY][&formato=csv] */
static const char *query_href(struct web_ctx *c, const struct tramites_query *q, const struct document_key *after,
			      long long inicio, bool csv)
{
	const char *names[] = { "operacion", "titulo", "numero", "estado", "periodo", "desde", "hasta" };
	const char *values[] = { q->operacion, q->titulo, q->numero, q->estado, q->p.periodo, q->p.desde, q->p.hasta };
	const char *extra = NULL;

	if (after)
		extra = ctx_printf(c, "despues=%lld.%lld&inicio=%lld", after->at, after->id, inicio);
	else if (csv)
		extra = "formato=csv";
	return list_href(c, "/tramites", names, values, sizeof(names) / sizeof(names[0]), extra);
}

/* The whole result (at most LIMIT_CSV_ROWS rows), in the table's columns. */
static int send_csv(struct web_ctx *c, const struct tramites_query *q)
{
	struct document_key key = { INT64_MAX, INT64_MAX };
	struct buf b;
	long long no = 0;

	buf_init(&b, (size_t)LIMIT_CSV_ROWS * 160);
	buf_put_str(&b, "\xEF\xBB\xBF");   /* a BOM: spreadsheets then read the file as UTF-8 */
	csv_put_field(&b, i18n_tr(c->lang, "No"), false);
	csv_put_field(&b, i18n_tr(c->lang, "Nombre del Documento"), false);
	csv_put_field(&b, i18n_tr(c->lang, "Número de entrega"), false);
	csv_put_field(&b, i18n_tr(c->lang, "Fecha-hora de entrega"), false);
	csv_put_field(&b, i18n_tr(c->lang, "Estado de Transmisión"), false);
	csv_put_field(&b, i18n_tr(c->lang, "Estado del Documento"), true);
	while (!q->none && no < LIMIT_CSV_ROWS) {
		struct document_row *rows;
		size_t n;
		struct arena a;

		arena_init(&a, LIMIT_ARENA_BYTES);
		if (store_documents_page(c->conn, &q->f, &key, 500, &a, &rows, &n) != STORE_OK) {
			arena_free(&a);
			buf_free(&b);
			return page_error(c, 500);
		}
		for (size_t i = 0; i < n && no < LIMIT_CSV_ROWS; i++) {
			char date[TIMEFMT_LEN], num[24];
			timefmt_ec(rows[i].created_at, date);
			snprintf(num, sizeof(num), "%lld", ++no);
			csv_put_field(&b, num, false);
			csv_put_field(&b, app_doc_type_name(c->app, rows[i].doc_type, c->lang), false);
			csv_put_field(&b, rows[i].numero, false);
			csv_put_field(&b, date, false);
			csv_put_field(&b, i18n_tr(c->lang, rows[i].transmission), false);
			csv_put_field(&b, i18n_tr(c->lang, rows[i].state), true);
		}
		if (n > 0)
			key = (struct document_key){ rows[n - 1].created_at, rows[n - 1].id };
		arena_free(&a);
		if (n < 500)
			break;
	}
	if (b.err) {   /* longer than the cap: never sent cut short */
		buf_free(&b);
		return page_error(c, 500);
	}
	http_response_header(c->res, "Cache-Control", "no-store");
	http_response_header(c->res, "Content-Disposition", "attachment; filename=\"estado-de-tramite.csv\"");
	c->res->content_type = "text/csv; charset=utf-8";
	return http_response_take(c->res, 200, &b);
}

static int page_tramites(struct web_ctx *c)
{
	struct view_tramites *v = arena_alloc(&c->req->arena, sizeof(*v));
	const char *after_s = param(c, "despues");
	struct tramites_query q;
	struct document_key after, *ap = NULL;
	struct document_row *rows = NULL;
	struct doc_type_rec *types;
	size_t n = 0, nt;
	long long skipped = 0;   /* rows before this page: "No" counts from the newest */
	struct buf b;
	int status = 200;
	bool bad;   /* a filter is wrong: nothing is looked up */

	if (v == NULL)
		return page_error(c, 500);
	read_query(c, &q);
	if (after_s && param_key(after_s, &after.at, &after.id) == 0) {
		ap = &after;
		if (param(c, "inicio"))
			str_to_ll(str_from(param(c, "inicio")), 0, 1000000000, &skipped);
	}
	bad = c->errs.n > 0;
	/* The usual request, a first page: the rows and their total in one
	 * statement.  A later page or the CSV counts on its own. */
	if (!bad && !q.none && ap == NULL && !param(c, "formato")) {
		if (store_documents_first_page(c->conn, &q.f, LIMIT_PAGE_ROWS, &c->req->arena, &rows, &n,
					       &v->total) != STORE_OK)
			return page_error(c, 500);
	} else if (!bad && !q.none && store_documents_count(c->conn, &q.f, &v->total) != STORE_OK) {
		return page_error(c, 500);
	}
	if (!bad && param(c, "formato")) {
		if (v->total <= LIMIT_CSV_ROWS)
			return send_csv(c, &q);
		/* Refused, never cut short: the user narrows the query. */
		form_errors_add(&c->errs, "",
				i18n_tr(c->lang, "El resultado es demasiado grande para descargarlo; acote el periodo o los filtros."));
	}
	types = c->app->doc_types;   /* read once at start-up */
	nt = c->app->ndoc_types;
	if (c->errs.n)
		status = 400;
	if (!bad && !q.none && (ap != NULL || param(c, "formato"))) {
		if (store_documents_page(c->conn, &q.f, ap, LIMIT_PAGE_ROWS, &c->req->arena, &rows, &n) != STORE_OK)
			return page_error(c, 500);
	}
	page_init(c, "Estado de Trámite Integral");
	v->pg = &c->pg;
	v->operacion = q.operacion;
	v->titulo = q.titulo;
	v->numero = q.numero;
	v->estado = q.estado;
	v->periodo = q.p.periodo;
	v->desde = q.p.desde;
	v->hasta = q.p.hasta;
	for (size_t i = 0; i < nt && v->ntitulos < sizeof(v->titulos) / sizeof(v->titulos[0]); i++) {
		v->titulos[v->ntitulos].value = types[i].code;
		v->titulos[v->ntitulos].label = c->lang == LANG_EN ? types[i].name_en : types[i].name;
		v->ntitulos++;
	}
	for (size_t i = 0; i < n; i++) {
		struct tramite_row *r = &v->rows[v->n++];
		r->no = skipped + (long long)i + 1;
		r->href = ctx_printf(c, "/tramites/%lld", rows[i].id);
		r->name = app_doc_type_name(c->app, rows[i].doc_type, c->lang);
		r->numero = rows[i].numero;
		r->transmission = rows[i].transmission;
		r->state = rows[i].state;
		timefmt_ec(rows[i].created_at, r->date);
	}
	v->csv_href = query_href(c, &q, NULL, 0, true);
	if (ap)
		v->first_href = query_href(c, &q, NULL, 0, false);
	if (n == LIMIT_PAGE_ROWS && skipped + (long long)n < v->total) {
		struct document_key last = { rows[n - 1].created_at, rows[n - 1].id };
		v->next_href = query_href(c, &q, &last, skipped + (long long)n, false);
	}
	page_buf(&b);
	tmpl_tramites(&b, c->lang, v);
	return page_send(c, status, &b);
}

static const char *const operaciones[] = { "", "EDOC", "VUE", NULL };
static const char *const titulos[] = { "", "DAI", "DAE", "MANIFIESTO", "DOCTRANSPORTE", NULL };
static const char *const estados[] = { "", "Registrado", "Aceptado", "Rechazado", "Aprobado", "Negado",
				       "Subsanación", "Anulado", "Error", NULL };
static const char *const periodos[] = { "hoy", "semana", "mes", "rango", NULL };
static const char *const formatos[] = { "csv", NULL };

static const struct param_spec p_tramites[] = {
	P_ONE_OF("operacion", operaciones, .label = "Tipo de Operación"),
	P_ONE_OF("titulo", titulos, .label = "Título de documento"),
	P_TEXT("numero", 21, .label = "Número de entrega"),
	P_ONE_OF("estado", estados, .label = "Estado"),
	P_ONE_OF("periodo", periodos, .label = "Periodo"),
	P_TEXT("desde", 10, .label = "Desde"),
	P_TEXT("hasta", 10, .label = "Hasta"),
	P_KEY("despues", .label = "Página"),
	P_INT("inicio", 0, 1000000000, .label = "Página"),
	P_ONE_OF("formato", formatos, .label = "Formato"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/tramites", page_tramites, ROLE_OPERATOR, 0, .params = p_tramites, .option = "VU-EST" },
};
ROUTE_TABLE(tramites_routes, routes);
