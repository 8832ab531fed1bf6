/*
 * documento.c — one document of Estado de Trámite Integral: its data, its
 * content rendered readable (the fields of its form, with the names of its
 * codes), its errors when it was refused, its history, the XML it was sent
 * as, and anular while customs has not acted on it.
 *
 *   GET  /tramites/{ID}        the detail  [?filas=N: page N of its rows]
 *   GET  /tramites/{ID}.xml    the XML as it was sent (a download)
 *   POST /tramites/{ID}        accion=anular (motivo) or solicitar_canal (canal,
 *                              motivo), csrf → 303 to the detail
 *
 * Only a document of the OCE code the session acts under is found; any other
 * (another OCE's, of the same RUC or not) is 404 exactly as one that does
 * not exist, so ids reveal nothing.
 *
 * The same detail is the customs officers' view of a document (back
 * office), with what customs decided (the rule that chose the channel, too)
 * and the acts their roles allow:
 *
 *   GET  /bandeja/{ID}         the detail, for officers of its district
 *   GET  /bandeja/{ID}.xml     the XML
 *   POST /bandeja/{ID}         accion (aceptar, rechazar, observar, aprobar,
 *                              negar, anular, reasignar, cambiar_canal,
 *                              conceder, negar_solicitud), version, motivo,
 *                              canal, distrito, solicitud → 303 to the detail
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "core/timefmt.h"
#include "domain/edoc.h"
#include "domain/edoc_form.h"
#include "domain/risk.h"
#include "domain/workflow.h"
#include "service/customs.h"
#include "service/edocs.h"
#include "store/catalogs.h"
#include "store/customs.h"
#include "store/documents.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

#define ROWS_PER_PAGE 50      /* rows (items, transport documents) of the detail per page */
#define NAME_CACHE 64         /* code names looked up once per page */

/* "123" or "123.xml" → 123 (and *xml); -1 when neither. */
static long long tail_id(struct str tail, bool *xml)
{
	long long id;
	const char *dot = tail.p ? memchr(tail.p, '.', tail.n) : NULL;
	struct str s = tail;

	*xml = false;
	if (tail.p == NULL)
		return -1;
	if (dot) {
		if ((size_t)(tail.p + tail.n - dot) != 4 || memcmp(dot, ".xml", 4) != 0)
			return -1;
		*xml = true;
		s.n = (size_t)(dot - tail.p);
	}
	if (s.n == 0 || s.n > 18 || s.p[0] == '0' || str_to_ll(s, 1, INT64_MAX, &id) != 0)
		return -1;
	return id;
}

/* ---- formatting ------------------------------------------------------------------------- */

/* A decimal text ("1470.750", "47") as the language writes it: groups of
 * three and its decimal mark (es 1.470,750; en 1,470.750). */
static const char *fmt_number(struct web_ctx *c, const char *text)
{
	const char *dot = strchr(text, '.');
	size_t ilen = dot ? (size_t)(dot - text) : strlen(text);
	char group = c->lang == LANG_EN ? ',' : '.', mark = c->lang == LANG_EN ? '.' : ',';
	struct buf b;
	const char *r;

	for (const char *p = text; *p; p++)
		if ((*p < '0' || *p > '9') && *p != '.')
			return text;   /* not a number (a refused document): as it is */
	buf_init(&b, strlen(text) * 2 + 8);
	for (size_t i = 0; i < ilen; i++) {
		if (i > 0 && (ilen - i) % 3 == 0)
			buf_put_char(&b, group);
		buf_put_char(&b, text[i]);
	}
	if (dot) {
		buf_put_char(&b, mark);
		buf_put_str(&b, dot + 1);
	}
	r = b.err == BUF_OK && b.data ? arena_strdup(&c->req->arena, b.data) : text;
	buf_free(&b);
	return r ? r : text;
}

struct names {
	const char *list[NAME_CACHE], *code[NAME_CACHE], *name[NAME_CACHE];
	size_t n;
};

/* The name of code in list, in the page's language; "" when unknown. */
static const char *code_name(struct web_ctx *c, struct names *nc, const char *list, const char *code)
{
	const char *name = "", *name_en = "", *key = code;
	char hs6[7];

	for (size_t i = 0; i < nc->n; i++)
		if (strcmp(nc->list[i], list) == 0 && strcmp(nc->code[i], code) == 0)
			return nc->name[i];
	if (strcmp(list, "hs") == 0) {   /* a subpartida is named by its HS subheading */
		if (strlen(code) < 6)
			return "";
		memcpy(hs6, code, 6);
		hs6[6] = '\0';
		key = hs6;
	}
	if (store_catalog_name(c->conn, list, key, &c->req->arena, &name, &name_en) != STORE_OK)
		name = "";
	else if (c->lang == LANG_EN && name_en[0])
		name = name_en;
	if (nc->n < NAME_CACHE) {
		nc->list[nc->n] = list;
		nc->code[nc->n] = code;
		nc->name[nc->n++] = name;
	}
	return name;
}

/* The value of input d (key: its full key) as the detail shows it, or NULL
 * when the document has none. */
static const char *fmt_value(struct web_ctx *c, struct names *nc, const struct edoc_input_def *d,
			     const char *key, const struct edoc_values *vs)
{
	const char *v = edoc_values_get(vs, key), *name;

	if (d->in == EDOC_IN_LIST) {
		struct buf b;
		const char *r = NULL;

		buf_init(&b, (size_t)LIMIT_FIELD_BYTES * 4);
		for (size_t i = 1; i <= EDOC_MAX_CONTAINERS; i++) {
			const char *x = edoc_values_get(vs, ctx_printf(c, "%s.%zu", key, i));
			if (x == NULL)
				break;
			if (i > 1)
				buf_put_str(&b, ", ");
			buf_put_str(&b, x);
		}
		if (b.err == BUF_OK && b.data)
			r = arena_strdup(&c->req->arena, b.data);
		buf_free(&b);
		return r;
	}
	if (v == NULL)
		return NULL;
	switch (d->in) {
	case EDOC_IN_MONEY: {
		long long cents;
		char t[32];
		const char *cur = edoc_values_get(vs, "currency"), *units;

		if (str_to_ll(str_from(v), 0, INT64_MAX, &cents) != 0)
			return v;
		edoc_cents_text(cents, t);
		units = arena_strdup(&c->req->arena, t);
		if (units == NULL)
			return v;
		return cur ? ctx_printf(c, "%s %s", fmt_number(c, units), cur) : fmt_number(c, units);
	}
	case EDOC_IN_DECIMAL:
	case EDOC_IN_COUNT:
		return fmt_number(c, v);
	case EDOC_IN_DATE:
		if (strlen(v) == 10 && v[4] == '-' && v[7] == '-')
			return ctx_printf(c, "%.2s/%.2s/%.4s", v + 8, v + 5, v);
		return v;
	case EDOC_IN_CHOICE:
		name = edoc_choice_label(d->list, v);
		return name ? i18n_tr(c->lang, name) : v;
	default:
		if (d->list == NULL)
			return v;
		name = code_name(c, nc, d->list, v);
		return name[0] ? ctx_printf(c, "%s — %s", v, name) : v;
	}
}

/* ---- the content ------------------------------------------------------------------------- */

/* The sections of the head fields, and the page of rows asked for. */
static int fill_content(struct web_ctx *c, struct view_documento *v, enum edoc_type type,
			const struct edoc_values *vs)
{
	const struct edoc_form *f = edoc_form_of(type);
	struct names *nc = arena_alloc(&c->req->arena, sizeof(*nc));
	struct doc_section_view *sec = NULL;
	long long page = 1;

	if (f == NULL || nc == NULL)
		return -1;
	nc->n = 0;
	v->sections = arena_alloc(&c->req->arena, f->nhead * sizeof(*v->sections));
	if (v->sections == NULL)
		return -1;
	for (size_t i = 0; i < f->nhead; i++) {
		const struct edoc_input_def *d = &f->head[i];
		const char *val = fmt_value(c, nc, d, d->key, vs);

		if (d->section || sec == NULL) {
			sec = &v->sections[v->nsections++];
			sec->title = i18n_tr(c->lang, d->section ? d->section : "Datos generales");
			sec->f = arena_alloc(&c->req->arena, f->nhead * sizeof(*sec->f));
			sec->n = 0;
			if (sec->f == NULL)
				return -1;
		}
		if (val == NULL)
			continue;
		sec->f[sec->n].label = i18n_tr(c->lang, d->label);
		sec->f[sec->n].value = val;
		sec->n++;
	}
	if (f->rows_key == NULL)
		return 0;
	v->rows_title = i18n_tr(c->lang, f->rows_title);
	v->rows_total = (long long)edoc_values_rows(vs, f->rows_key);
	if (param(c, "filas"))
		(void)str_to_ll(str_from(param(c, "filas")), 1, 1000000, &page);
	v->row_from = (page - 1) * ROWS_PER_PAGE + 1;
	v->cols = arena_alloc(&c->req->arena, f->nrow * sizeof(*v->cols));
	v->cells = arena_alloc(&c->req->arena, (size_t)ROWS_PER_PAGE * f->nrow * sizeof(*v->cells));
	if (v->cols == NULL || v->cells == NULL)
		return -1;
	for (size_t k = 0; k < f->nrow; k++)
		if (f->row[k].in != EDOC_IN_SEQ)
			v->cols[v->ncols++] = i18n_tr(c->lang, f->row[k].label);
	for (long long r = v->row_from; r <= v->rows_total && v->nrows < ROWS_PER_PAGE; r++) {
		for (size_t k = 0, col = 0; k < f->nrow; k++) {
			const char *key, *val;

			if (f->row[k].in == EDOC_IN_SEQ)
				continue;
			key = edoc_form_key(&f->row[k], f->rows_key, (size_t)r, &c->req->arena);
			val = key ? fmt_value(c, nc, &f->row[k], key, vs) : NULL;
			v->cells[v->nrows * v->ncols + col++] = val ? val : "—";
		}
		v->nrows++;
	}
	if (page > 1)
		v->rows_prev = ctx_printf(c, "%s/%lld?filas=%lld#filas", v->base, v->id, page - 1);
	if (v->row_from + ROWS_PER_PAGE <= v->rows_total)
		v->rows_next = ctx_printf(c, "%s/%lld?filas=%lld#filas", v->base, v->id, page + 1);
	return 0;
}

/* The message after an act (?hecho=...), or NULL. */
static const char *hecho_flash(struct web_ctx *c, const char *hecho, const char *numero)
{
	static const char *const msgs[][2] = {
		{ "anulado", "El documento fue anulado." },
		{ "aceptado", "El documento fue aceptado." },
		{ "rechazado", "El documento fue rechazado." },
		{ "observado", "Se solicitó la subsanación del documento." },
		{ "aprobado", "El documento fue aprobado: salida autorizada." },
		{ "negado", "El documento fue negado." },
		{ "reasignado", "El documento fue reasignado a otro distrito." },
		{ "canal", "El canal de aforo fue cambiado." },
		{ "solicitud", "Su solicitud de cambio de canal fue registrada." },
		{ "resuelta", "La solicitud de cambio de canal fue resuelta." },
		{ "corregido", "El documento corregido fue recibido." },
	};

	if (hecho == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (strcmp(hecho, msgs[i][0]) == 0)
			return i18n_tr(c->lang, msgs[i][1]);
	if (numero[0])   /* recibido */
		return ctx_printf(c, "%s %s", i18n_tr(c->lang, "Documento recibido con el número de entrega"), numero);
	return NULL;
}

/* ---- customs ------------------------------------------------------------------------------ */

static bool is_officer(const struct web_ctx *c)
{
	return (c->role & (ROLE_OFFICER | ROLE_ADMIN)) != 0;
}

/* The document as this caller may see it: the OCE code's (operators) or the
 * district's (officers). */
static int load_doc(struct web_ctx *c, long long id, struct document_full *d)
{
	if (is_officer(c))
		return store_document_get_in(c->conn, id, officer_district(c), &c->req->arena, d);
	return store_document_get(c->conn, id, c->sess.oce_code, &c->req->arena, d);
}

static int load_xml(struct web_ctx *c, long long id, struct arena *a, const char **xml, size_t *n)
{
	if (is_officer(c))
		return store_document_xml_any(c->conn, id, a, xml, n);   /* load_doc checked the district */
	return store_document_xml(c->conn, id, c->sess.oce_code, a, xml, n);
}

/* cents as the language writes money: "1.234,56" (es), "1,234.56" (en). */
static const char *fmt_money(struct web_ctx *c, long long cents)
{
	char t[32];

	edoc_cents_text(cents, t);
	return fmt_number(c, ctx_printf(c, "%s", t));
}

static const char *canal_label(struct web_ctx *c, const char *code)
{
	int k = risk_canal_from(code);

	return k < 0 ? "" : i18n_tr(c->lang, risk_canal_label((enum risk_canal)k));
}

/* The channels offered: an officer changing it (every one but automático
 * and the current), or the declarant asking (the physical ones more severe
 * than the current). */
static void fill_canales(struct web_ctx *c, struct view_documento *v, const char *current, bool declarant)
{
	int cur = risk_canal_from(current);

	v->canales = arena_alloc(&c->req->arena, RISK_NCANALES * sizeof(*v->canales));
	if (v->canales == NULL)
		return;
	for (int k = RISK_ELECTRONICO; k < RISK_NCANALES; k++) {
		if (k == cur || (declarant && (k < RISK_FISICO_NO_INTRUSIVO || k <= cur)))
			continue;
		v->canales[v->ncanales].value = risk_canal_code((enum risk_canal)k);
		v->canales[v->ncanales++].label = i18n_tr(c->lang, risk_canal_label((enum risk_canal)k));
	}
}

static int fill_requests(struct web_ctx *c, struct view_documento *v, long long id, bool *pending)
{
	struct canal_request_rec *r;
	size_t n;

	*pending = false;
	if (store_canal_requests(c->conn, id, &c->req->arena, &r, &n) != STORE_OK)
		return -1;
	v->requests = arena_alloc(&c->req->arena, (n + 1) * sizeof(*v->requests));
	if (v->requests == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct doc_request_view *q = &v->requests[i];
		q->id = r[i].id;
		timefmt_ec(r[i].requested_at, q->at);
		q->usuario = r[i].usuario;
		q->canal = canal_label(c, r[i].canal);
		q->reason = r[i].reason;
		q->state = i18n_tr(c->lang, r[i].state);
		q->decision = r[i].decision;
		q->decided_by = r[i].decided_usuario;
		q->pending = strcmp(r[i].state, "Pendiente") == 0;
		*pending |= q->pending;
	}
	v->nrequests = n;
	return 0;
}

/* What customs decided, and what this caller may do next. */
static int fill_customs(struct web_ctx *c, struct view_documento *v, const struct document_full *d)
{
	struct customs_rec k;
	enum wf_state st = wf_state_from(d->state);
	bool pending;
	int rc;

	v->oce_code = d->oce_code;
	v->version = d->version;
	v->district = app_district_label(c->app, d->district, &c->req->arena);
	v->canal = canal_label(c, d->canal);
	v->declaration = v->liquidation = "";
	rc = store_customs_get(c->conn, d->id, &c->req->arena, &k);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return -1;
	if (rc == STORE_OK) {
		v->declaration = k.declaration;
		v->liquidation = k.liquidation;
		v->customs_value = fmt_money(c, k.liq.customs_value);
		v->insurance = fmt_money(c, k.liq.insurance);
		v->insurance_presumed = k.liq.insurance_presumed;
		v->advalorem = fmt_money(c, k.liq.advalorem);
		v->fodinfa = fmt_money(c, k.liq.fodinfa);
		v->ice = fmt_money(c, k.liq.ice);
		v->iva = fmt_money(c, k.liq.iva);
		v->total = fmt_money(c, k.liq.total);
		v->accepted_by = k.accepted_usuario[0] ? k.accepted_usuario : i18n_tr(c->lang, "Sistema");
		timefmt_ec(k.accepted_at, v->accepted_at);
		if (v->officer)
			v->risk_why = k.risk_why;
	}
	if (fill_requests(c, v, d->id, &pending) != 0)
		return -1;
	if (v->officer) {
		unsigned acts = wf_actions(c->app->wf.rules, c->app->wf.n, st, wf_actors_of_roles(c->sess.roles));
		v->actions = arena_alloc(&c->req->arena, WF_NACTIONS * sizeof(*v->actions));
		if (v->actions == NULL)
			return -1;
		for (int a = 1; a < WF_NACTIONS; a++) {
			if (!(acts & WF_BIT(a)) || (a == WF_CAMBIAR_CANAL && d->canal[0] == '\0'))
				continue;
			v->actions[v->nactions].value = wf_action_name((enum wf_action)a);
			v->actions[v->nactions++].label = i18n_tr(c->lang, wf_action_label((enum wf_action)a));
		}
		if ((acts & WF_BIT(WF_CAMBIAR_CANAL)) && d->canal[0])
			fill_canales(c, v, d->canal, false);
		if (acts & WF_BIT(WF_REASIGNAR)) {
			v->districts = arena_alloc(&c->req->arena, (c->app->ndistricts + 1) * sizeof(*v->districts));
			for (size_t i = 0; v->districts && i < c->app->ndistricts; i++)
				if (strcmp(c->app->districts[i].code, d->district) != 0) {
					v->districts[v->ndistricts].value = c->app->districts[i].code;
					v->districts[v->ndistricts++].label =
						app_district_label(c->app, c->app->districts[i].code, &c->req->arena);
				}
		}
		v->can_decide = pending && (acts & WF_BIT(WF_CAMBIAR_CANAL));
		v->accion = param_or_empty(c, "accion");
		v->canal_sel = param_or_empty(c, "canal");
		v->district_sel = param_or_empty(c, "distrito");
		return 0;
	}
	v->can_request = st == WF_ACEPTADO && d->canal[0] && !pending &&
			 risk_canal_from(d->canal) < RISK_FISICO_INTRUSIVO;
	if (v->can_request)
		fill_canales(c, v, d->canal, true);
	v->canal_sel = param_or_empty(c, "canal");
	return 0;
}

static int render(struct web_ctx *c, long long id, int status)
{
	struct view_documento *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct document_full d;
	struct document_error_rec *errs = NULL;
	struct document_event_rec *ev = NULL;
	struct edoc_errors perr = { 0 };
	struct edoc_values vs = { NULL, 0 };
	enum edoc_type type = EDOC_NONE;
	struct arena xa;   /* the document's text and values: larger than a request's */
	const char *xml;
	size_t nerr = 0, nev = 0, xn;
	struct buf b;
	int rc;

	if (v == NULL)
		return page_error(c, 500);
	memset(v, 0, sizeof(*v));
	rc = load_doc(c, id, &d);
	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK ||
	    store_document_errors(c->conn, id, &c->req->arena, &errs, &nerr) != STORE_OK ||
	    store_document_events(c->conn, id, &c->req->arena, &ev, &nev) != STORE_OK)
		return page_error(c, 500);
	page_init(c, c->lang == LANG_EN ? d.doc_name_en : d.doc_name);
	v->pg = &c->pg;
	v->id = id;
	v->officer = is_officer(c);
	v->base = v->officer ? "/bandeja" : "/tramites";
	v->back_href = v->base;
	v->back_label = i18n_tr(c->lang, v->officer ? "« Volver a la bandeja de trabajo"
						    : "« Volver a Estado de Trámite Integral");
	if (fill_customs(c, v, &d) != 0)
		return page_error(c, 500);
	v->title = c->lang == LANG_EN ? d.doc_name_en : d.doc_name;
	v->numero = d.numero;
	v->doc_type = d.doc_type;
	v->usuario = d.usuario;
	v->channel = i18n_tr(c->lang, d.channel == 'S' ? "Sistema del operador" : "Portal");
	v->transmission = d.transmission;
	v->state = d.state;
	timefmt_ec(d.created_at, v->created);
	v->xml_href = ctx_printf(c, "%s/%lld.xml", v->base, id);
	v->errors = errs;
	v->nerrors = nerr;
	{
		enum wf_state to;
		v->can_annul = !v->officer && wf_allowed(c->app->wf.rules, c->app->wf.n, wf_state_from(d.state),
							 WF_ANULAR, WF_BIT(WF_DECLARANTE), &to);
	}
	v->motivo = param_or_empty(c, "motivo");
	v->flash = hecho_flash(c, param(c, "hecho"), d.numero);
	v->events = arena_alloc(&c->req->arena, (nev + 1) * sizeof(*v->events));
	if (v->events == NULL)
		return page_error(c, 500);
	for (size_t i = 0; i < nev; i++) {
		timefmt_ec(ev[i].at, v->events[i].at);
		v->events[i].usuario = ev[i].usuario[0] ? ev[i].usuario : i18n_tr(c->lang, "Sistema");
		v->events[i].from = ev[i].from_state;
		v->events[i].to = ev[i].to_state;
		v->events[i].reason = ev[i].reason;
	}
	v->nevents = nev;

	arena_init(&xa, LIMIT_EDOC_ARENA_BYTES);
	rc = load_xml(c, id, &xa, &xml, &xn);
	if (rc != STORE_OK) {
		arena_free(&xa);
		return page_error(c, 500);
	}
	if (edoc_values(xml, xn, &xa, &type, &vs, &perr) != EDOC_OK || type == EDOC_NONE) {
		v->content_note = i18n_tr(
			c->lang,
			"El contenido no se puede mostrar: lo enviado no es un documento XML legible. Descargue el XML para revisarlo.");
	} else if (fill_content(c, v, type, &vs) != 0) {
		arena_free(&xa);
		return page_error(c, 500);
	} else if (!v->officer && store_doc_type_sender(c->conn, d.doc_type, c->sess.oce_type) == STORE_OK) {
		v->form_href = ctx_printf(c, "/elaboracion/%s?desde=%lld", d.doc_type, id);
		v->form_label = i18n_tr(c->lang, strcmp(d.transmission, "Error") == 0 ? "Corregir en el formulario"
										   : "Nuevo documento a partir de este");
		if (strcmp(d.state, "Subsanación") == 0)
			v->correct_href = ctx_printf(c, "/elaboracion/%s?desde=%lld&corrige=%lld", d.doc_type, id, id);
	}
	page_buf(&b);
	tmpl_documento(&b, c->lang, v);
	rc = page_send(c, status, &b);
	arena_free(&xa);   /* rendered: nothing points into it any more */
	return rc;
}

static int send_xml(struct web_ctx *c, long long id)
{
	struct document_full d;
	struct arena xa;
	const char *xml;
	size_t n;
	struct buf b;
	int rc = load_doc(c, id, &d);

	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK)
		return page_error(c, 500);
	arena_init(&xa, LIMIT_EDOC_ARENA_BYTES);
	rc = load_xml(c, id, &xa, &xml, &n);
	if (rc != STORE_OK) {
		arena_free(&xa);
		return page_error(c, rc == STORE_NOT_FOUND ? 404 : 500);
	}
	buf_init(&b, n + 1);
	buf_put(&b, xml, n);
	arena_free(&xa);
	if (b.err != BUF_OK) {
		buf_free(&b);
		return page_error(c, 500);
	}
	http_response_header(c->res, "Cache-Control", "no-store");
	http_response_header(c->res, "Content-Disposition",
			     ctx_printf(c, "attachment; filename=\"%s-%s.xml\"", d.doc_type,
					d.numero[0] ? d.numero : ctx_printf(c, "error-%lld", id)));
	c->res->content_type = "application/xml";
	return http_response_take(c->res, 200, &b);
}

static int page_documento(struct web_ctx *c)
{
	bool xml;
	long long id = tail_id(c->tail, &xml);

	if (id < 0)
		return page_error(c, 404);
	return xml ? send_xml(c, id) : render(c, id, 200);
}

/* The operator's acts: anular (the default), solicitar_canal. */
static int post_operator(struct web_ctx *c)
{
	bool xml;
	long long id = tail_id(c->tail, &xml);
	const char *accion = param_or_empty(c, "accion");
	enum edoc_annul_result result;
	struct edoc_sender s;

	if (id < 0 || xml)
		return page_error(c, 404);
	if (c->errs.n)
		return render(c, id, 400);
	sender_of(c, &s);
	if (strcmp(accion, "solicitar_canal") == 0) {
		struct customs_declarant me = { s.user_id, s.oce_code, s.addr, s.now };
		enum customs_result r;

		if (customs_request_canal(c->conn, &me, id, param_or_empty(c, "canal"), param_or_empty(c, "motivo"),
					  &c->req->arena, &r) != 0)
			return page_error(c, 500);
		switch (r) {
		case CUSTOMS_DONE:
			return page_redirect(c, ctx_printf(c, "/tramites/%lld?hecho=solicitud", id));
		case CUSTOMS_NOT_FOUND:
			return page_error(c, 404);
		case CUSTOMS_NEED_REASON:
			form_errors_add(&c->errs, "motivo", i18n_tr(c->lang, "Escriba el motivo de la solicitud."));
			return render(c, id, 400);
		case CUSTOMS_BAD_VALUE:
			form_errors_add(&c->errs, "canal", i18n_tr(c->lang, "Elija un canal físico, más exigente que el actual."));
			return render(c, id, 400);
		default:
			form_errors_add(&c->errs, "", i18n_tr(c->lang, "No se puede solicitar un cambio de canal ahora: el documento no está Aceptado, o ya hay una solicitud pendiente."));
			return render(c, id, 409);
		}
	}
	if (param_or_empty(c, "motivo")[0] == '\0') {
		form_errors_add(&c->errs, "motivo", i18n_tr(c->lang, "Motivo de la anulación: ingrese este dato."));
		return render(c, id, 400);
	}
	if (edoc_annul(c->conn, &s, id, param(c, "motivo"), &c->req->arena, &result) != 0)
		return page_error(c, 500);
	if (result == EDOC_ANNUL_NOT_FOUND)
		return page_error(c, 404);
	if (result == EDOC_ANNUL_TOO_LATE) {
		form_errors_add(&c->errs, "",
				i18n_tr(c->lang, "El documento ya no puede anularse: la Aduana actuó sobre él o no fue recibido."));
		return render(c, id, 409);
	}
	return page_redirect(c, ctx_printf(c, "/tramites/%lld?hecho=anulado", id));
}

/* What each officer's act is called in ?hecho=. */
static const char *hecho_of(enum wf_action a, bool request)
{
	switch (a) {
	case WF_ACEPTAR: return "aceptado";
	case WF_RECHAZAR: return "rechazado";
	case WF_OBSERVAR: return "observado";
	case WF_APROBAR: return "aprobado";
	case WF_NEGAR: return "negado";
	case WF_ANULAR: return "anulado";
	case WF_REASIGNAR: return "reasignado";
	case WF_CAMBIAR_CANAL: return request ? "resuelta" : "canal";
	default: return "aceptado";
	}
}

/* An officer's act on the document. */
static int post_officer(struct web_ctx *c)
{
	bool xml;
	long long id = tail_id(c->tail, &xml), version = 0, req = 0;
	const char *accion = param_or_empty(c, "accion");
	struct customs_actor who;
	struct customs_act act;
	struct customs_outcome o;

	if (id < 0 || xml)
		return page_error(c, 404);
	if (c->errs.n)
		return render(c, id, 400);
	(void)str_to_ll(str_from(param_or_empty(c, "version")), 1, INT64_MAX, &version);
	(void)str_to_ll(str_from(param_or_empty(c, "solicitud")), 1, INT64_MAX, &req);
	memset(&act, 0, sizeof(act));
	act.id = id;
	act.version = version;
	act.reason = param_or_empty(c, "motivo");
	act.canal = param(c, "canal");
	act.district = param(c, "distrito");
	if (strcmp(accion, "conceder") == 0 || strcmp(accion, "negar_solicitud") == 0) {
		act.action = WF_CAMBIAR_CANAL;
		act.request_id = req;
		act.deny_request = strcmp(accion, "negar_solicitud") == 0;
		if (req == 0)
			return page_error(c, 400);
	} else {
		act.action = wf_action_from(accion);
	}
	if (act.action == WF_A_NONE) {
		form_errors_add(&c->errs, "accion", i18n_tr(c->lang, "Elija la acción que va a registrar."));
		return render(c, id, 400);
	}
	officer_of(c, &who);
	if (customs_act(c->conn, &c->app->wf, &who, &act, &c->req->arena, &o) != 0)
		return page_error(c, 500);
	switch (o.result) {
	case CUSTOMS_DONE:
		return page_redirect(c, ctx_printf(c, "/bandeja/%lld?hecho=%s", id, hecho_of(act.action, act.request_id != 0)));
	case CUSTOMS_NOT_FOUND:
		return page_error(c, 404);
	case CUSTOMS_CHANGED:
		form_errors_add(&c->errs, "", i18n_tr(c->lang, "El documento cambió mientras usted lo revisaba: otro funcionario actuó sobre él. Revise su estado actual y vuelva a intentarlo."));
		return render(c, id, 409);
	case CUSTOMS_NOT_ALLOWED:
		form_errors_add(&c->errs, "", i18n_tr(c->lang, "Su rol no permite esa acción en el estado actual del documento."));
		return render(c, id, 403);
	case CUSTOMS_NEED_REASON:
		form_errors_add(&c->errs, "motivo", i18n_tr(c->lang, act.action == WF_APROBAR ? "Escriba el resultado del aforo." : "Escriba el motivo."));
		return render(c, id, 400);
	case CUSTOMS_BAD_VALUE:
		if (act.action == WF_REASIGNAR)
			form_errors_add(&c->errs, "distrito", i18n_tr(c->lang, "Elija otro distrito aduanero de la lista."));
		else if (act.request_id)
			form_errors_add(&c->errs, "", i18n_tr(c->lang, "La solicitud ya no está pendiente."));
		else
			form_errors_add(&c->errs, "canal", i18n_tr(c->lang, "Elija un canal de aforo distinto del actual."));
		return render(c, id, 400);
	}
	return page_error(c, 500);
}

static const char *const hechos[] = { "anulado", "recibido", "aceptado", "rechazado", "observado", "aprobado",
				      "negado", "reasignado", "canal", "solicitud", "resuelta", "corregido", NULL };
static const char *const operator_acts[] = { "anular", "solicitar_canal", NULL };
static const char *const officer_acts[] = { "aceptar", "rechazar", "observar", "aprobar", "negar", "anular",
					    "reasignar", "cambiar_canal", "conceder", "negar_solicitud", NULL };
static const char *const canal_codes[] = { "automatico", "electronico", "documental", "fisico_no_intrusivo",
					   "fisico_intrusivo", NULL };

static const struct param_spec p_documento[] = {
	P_INT("filas", 1, 1000000, .label = "Página"),
	P_ONE_OF("hecho", hechos, .label = "Página"),
	P_END };

static const struct param_spec p_operator[] = {
	P_ONE_OF("accion", operator_acts, .label = "Acción"),
	P_TEXT("motivo", 500, .flags = P_MULTILINE, .label = "Motivo"),
	P_ONE_OF("canal", canal_codes, .label = "Canal de aforo"),
	P_END };

static const struct param_spec p_officer[] = {
	P_ONE_OF("accion", officer_acts, .label = "Acción"),
	P_INT("version", 1, INT64_MAX, .flags = P_REQUIRED, .label = "Versión"),
	P_TEXT("motivo", LIMIT_REASON_CHARS, .flags = P_MULTILINE, .label = "Motivo"),
	P_ONE_OF("canal", canal_codes, .label = "Canal de aforo"),
	P_DIGITS("distrito", 3, 3, .label = "Distrito aduanero"),
	P_INT("solicitud", 1, INT64_MAX, .label = "Solicitud"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/tramites/{}", page_documento, ROLE_OPERATOR, 0, .params = p_documento },
	{ HTTP_POST, "/tramites/{}", post_operator, ROLE_OPERATOR, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  .body = BODY_FORM, .params = p_operator },
	{ HTTP_GET, "/bandeja/{}", page_documento, ROLE_OFFICER | ROLE_ADMIN, 0, .params = p_documento },
	{ HTTP_POST, "/bandeja/{}", post_officer, ROLE_OFFICER | ROLE_ADMIN, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  .body = BODY_FORM, .params = p_officer },
};
ROUTE_TABLE(documento_routes, routes);
