/*
 * bandeja.c — the customs officers' work queue (back office): the received
 * documents of the officer's district (every district for the "nacional"
 * role), oldest first, filtered by district, document type, state, canal de
 * aforo, period and pending requests to change the channel; each row opens
 * the document (documento.c, /bandeja/{ID}) with the acts the officer's
 * roles allow.
 *
 *   GET /bandeja   ?distrito=&titulo=&estado=&canal=&solicitud=1&periodo=&desde=&hasta=
 *                  [&despues=AT.ID&inicio=N]
 *
 * The state's default follows the roles: Registrado for recepción (what waits
 * to be accepted), Aceptado for aforo alone (what waits to be inspected).
 * Operators never reach it (403); an officer asking for another district
 * gets their own (the filter offers only theirs).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "domain/risk.h"
#include "domain/workflow.h"
#include "store/customs.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

struct bandeja_query {
	const char *distrito, *titulo, *estado, *canal, *solicitud;
	struct period p;
	struct queue_filter f;
};

static void read_query(struct web_ctx *c, struct bandeja_query *q)
{
	const char *own = officer_district(c);
	unsigned actors = wf_actors_of_roles(c->sess.roles);

	q->distrito = param_or_empty(c, "distrito");
	q->titulo = param_or_empty(c, "titulo");
	q->canal = param_or_empty(c, "canal");
	q->solicitud = param_or_empty(c, "solicitud");
	if (param(c, "estado"))
		q->estado = param(c, "estado");
	else if (actors & WF_BIT(WF_RECEPCION))
		q->estado = "Registrado";
	else if (actors & WF_BIT(WF_AFORO))
		q->estado = "Aceptado";
	else
		q->estado = "";
	period_read_or(c, &q->p, "mes");
	memset(&q->f, 0, sizeof(q->f));
	if (own) {                       /* one district: theirs, whatever was asked */
		q->distrito = own;
		q->f.district = own;
	} else if (strcmp(q->distrito, "-") == 0) {
		q->f.district = "";      /* the documents with no district */
	} else {
		q->f.district = q->distrito[0] ? q->distrito : NULL;
	}
	q->f.doc_type = q->titulo;
	q->f.state = q->estado;
	q->f.canal = q->canal;
	q->f.from = q->p.from;
	q->f.to = q->p.to;
	q->f.pending_canal = q->solicitud[0] != '\0';
}

static const char *query_href(struct web_ctx *c, const struct bandeja_query *q, const struct document_key *after,
			      long long inicio)
{
	const char *names[] = { "distrito", "titulo", "estado", "canal", "solicitud", "periodo", "desde", "hasta" };
	const char *values[] = { q->distrito, q->titulo, q->estado, q->canal, q->solicitud, q->p.periodo, q->p.desde,
				 q->p.hasta };
	const char *extra = after ? ctx_printf(c, "despues=%lld.%lld&inicio=%lld", after->at, after->id, inicio) : NULL;

	return list_href(c, "/bandeja", names, values, sizeof(names) / sizeof(names[0]), extra);
}

static int page_bandeja(struct web_ctx *c)
{
	struct view_bandeja *v = arena_alloc(&c->req->arena, sizeof(*v));
	const char *after_s = param(c, "despues");
	struct bandeja_query q;
	struct document_key after, *ap = NULL;
	struct queue_row *rows = NULL;
	size_t n = 0;
	long long skipped = 0;
	struct buf b;
	bool bad;

	if (v == NULL)
		return page_error(c, 500);
	memset(v, 0, sizeof(*v));
	read_query(c, &q);
	if (after_s && param_key(after_s, &after.at, &after.id) == 0) {
		ap = &after;
		if (param(c, "inicio"))
			str_to_ll(str_from(param(c, "inicio")), 0, 1000000000, &skipped);
	}
	bad = c->errs.n > 0;
	if (!bad && (store_queue_count(c->conn, &q.f, &v->total) != STORE_OK ||
		     store_queue_page(c->conn, &q.f, ap, LIMIT_PAGE_ROWS, &c->req->arena, &rows, &n) != STORE_OK))
		return page_error(c, 500);
	page_init(c, "Bandeja de trabajo");
	v->pg = &c->pg;
	v->national = officer_district(c) == NULL;
	v->own = app_district_label(c->app, c->sess.distrito, &c->req->arena);
	v->distrito = q.distrito;
	v->titulo = q.titulo;
	v->estado = q.estado;
	v->canal = q.canal;
	v->solicitud = q.solicitud[0] != '\0';
	v->periodo = q.p.periodo;
	v->desde = q.p.desde;
	v->hasta = q.p.hasta;
	v->roles = c->sess.roles;
	v->is_admin = (c->role & ROLE_ADMIN) != 0;
	v->districts = arena_alloc(&c->req->arena, (c->app->ndistricts + 1) * sizeof(*v->districts));
	v->titulos = arena_alloc(&c->req->arena, (c->app->ndoc_types + 1) * sizeof(*v->titulos));
	v->canales = arena_alloc(&c->req->arena, RISK_NCANALES * sizeof(*v->canales));
	if (v->districts == NULL || v->titulos == NULL || v->canales == NULL)
		return page_error(c, 500);
	for (size_t i = 0; i < c->app->ndistricts; i++) {
		v->districts[i].value = c->app->districts[i].code;
		v->districts[i].label = app_district_label(c->app, c->app->districts[i].code, &c->req->arena);
	}
	v->ndistricts = c->app->ndistricts;
	for (size_t i = 0; i < c->app->ndoc_types; i++) {
		v->titulos[i].value = c->app->doc_types[i].code;
		v->titulos[i].label = c->lang == LANG_EN ? c->app->doc_types[i].name_en : c->app->doc_types[i].name;
	}
	v->ntitulos = c->app->ndoc_types;
	for (int k = 0; k < RISK_NCANALES; k++) {
		v->canales[k].value = risk_canal_code((enum risk_canal)k);
		v->canales[k].label = i18n_tr(c->lang, risk_canal_label((enum risk_canal)k));
	}
	v->ncanales = RISK_NCANALES;
	for (size_t i = 0; i < n; i++) {
		struct bandeja_row *r = &v->rows[v->n++];
		int k = risk_canal_from(rows[i].canal);
		r->no = skipped + (long long)i + 1;
		r->href = ctx_printf(c, "/bandeja/%lld", rows[i].id);
		r->name = app_doc_type_name(c->app, rows[i].doc_type, c->lang);
		r->numero = rows[i].numero;
		r->oce_code = rows[i].oce_code;
		r->district = rows[i].district[0] ? rows[i].district : "—";
		r->state = rows[i].state;
		r->canal = k < 0 ? "—" : i18n_tr(c->lang, risk_canal_label((enum risk_canal)k));
		timefmt_ec(rows[i].created_at, r->date);
	}
	if (ap)
		v->first_href = query_href(c, &q, NULL, 0);
	if (n == LIMIT_PAGE_ROWS && skipped + (long long)n < v->total) {
		struct document_key last = { rows[n - 1].created_at, rows[n - 1].id };
		v->next_href = query_href(c, &q, &last, skipped + (long long)n);
	}
	page_buf(&b);
	tmpl_bandeja(&b, c->lang, v);
	return page_send(c, bad ? 400 : 200, &b);
}

static const char *const titulos[] = { "", "DAI", "DAE", "MANIFIESTO", "DOCTRANSPORTE", NULL };
static const char *const estados[] = { "", "Registrado", "Aceptado", "Rechazado", "Aprobado", "Negado",
				       "Subsanación", "Anulado", NULL };
static const char *const canales[] = { "", "automatico", "electronico", "documental", "fisico_no_intrusivo",
				       "fisico_intrusivo", NULL };
static const char *const periodos[] = { "hoy", "semana", "mes", "rango", NULL };
static const char *const unos[] = { "1", NULL };

static const struct param_spec p_bandeja[] = {
	P_TEXT("distrito", 3, .label = "Distrito aduanero"),
	P_ONE_OF("titulo", titulos, .label = "Título de documento"),
	P_ONE_OF("estado", estados, .label = "Estado"),
	P_ONE_OF("canal", canales, .label = "Canal de aforo"),
	P_ONE_OF("solicitud", unos, .label = "Con solicitud de cambio de canal pendiente"),
	P_ONE_OF("periodo", periodos, .label = "Periodo"),
	P_TEXT("desde", 10, .label = "Desde"),
	P_TEXT("hasta", 10, .label = "Hasta"),
	P_KEY("despues", .label = "Página"),
	P_INT("inicio", 0, 1000000000, .label = "Página"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/bandeja", page_bandeja, ROLE_OFFICER | ROLE_ADMIN, 0, .params = p_bandeja },
};
ROUTE_TABLE(bandeja_routes, routes);
