/*
 * documento.c — one document of Estado de Trámite Integral: its data, its
 * content rendered readable (the fields of its form, with the names of its
 * codes), its errors when it was refused, its history, the XML it was sent
 * as, and anular while customs has not acted on it.
 *
 *   GET  /tramites/{ID}        the detail  [?filas=N: page N of its rows]
 *   GET  /tramites/{ID}.xml    the XML as it was sent (a download)
 *   POST /tramites/{ID}        anular: motivo, csrf → 303 to the detail
 *
 * Only a document of the OCE code the session acts under is found; any other
 * (another OCE's, of the same RUC or not) is 404 exactly as one that does
 * not exist, so ids reveal nothing.
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
#include "service/edocs.h"
#include "store/catalogs.h"
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
		v->rows_prev = ctx_printf(c, "/tramites/%lld?filas=%lld#filas", v->id, page - 1);
	if (v->row_from + ROWS_PER_PAGE <= v->rows_total)
		v->rows_next = ctx_printf(c, "/tramites/%lld?filas=%lld#filas", v->id, page + 1);
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
	rc = store_document_get(c->conn, id, c->sess.oce_code, &c->req->arena, &d);
	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK ||
	    store_document_errors(c->conn, id, &c->req->arena, &errs, &nerr) != STORE_OK ||
	    store_document_events(c->conn, id, &c->req->arena, &ev, &nev) != STORE_OK)
		return page_error(c, 500);
	page_init(c, c->lang == LANG_EN ? d.doc_name_en : d.doc_name);
	v->pg = &c->pg;
	v->id = id;
	v->title = c->lang == LANG_EN ? d.doc_name_en : d.doc_name;
	v->numero = d.numero;
	v->doc_type = d.doc_type;
	v->usuario = d.usuario;
	v->channel = i18n_tr(c->lang, d.channel == 'S' ? "Sistema del operador" : "Portal");
	v->transmission = d.transmission;
	v->state = d.state;
	timefmt_ec(d.created_at, v->created);
	v->xml_href = ctx_printf(c, "/tramites/%lld.xml", id);
	v->errors = errs;
	v->nerrors = nerr;
	v->can_annul = strcmp(d.state, "Registrado") == 0;
	v->motivo = param(c, "motivo") ? param(c, "motivo") : "";
	if (param(c, "hecho") && strcmp(param(c, "hecho"), "anulado") == 0)
		v->flash = i18n_tr(c->lang, "El documento fue anulado.");
	else if (param(c, "hecho") && d.numero[0])
		v->flash = ctx_printf(c, "%s %s", i18n_tr(c->lang, "Documento recibido con el número de entrega"),
				      d.numero);
	v->events = arena_alloc(&c->req->arena, (nev + 1) * sizeof(*v->events));
	if (v->events == NULL)
		return page_error(c, 500);
	for (size_t i = 0; i < nev; i++) {
		timefmt_ec(ev[i].at, v->events[i].at);
		v->events[i].usuario = ev[i].usuario;
		v->events[i].from = ev[i].from_state;
		v->events[i].to = ev[i].to_state;
		v->events[i].reason = ev[i].reason;
	}
	v->nevents = nev;

	arena_init(&xa, LIMIT_EDOC_ARENA_BYTES);
	rc = store_document_xml(c->conn, id, c->sess.oce_code, &xa, &xml, &xn);
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
	} else if (store_doc_type_sender(c->conn, d.doc_type, c->sess.oce_type) == STORE_OK) {
		v->form_href = ctx_printf(c, "/elaboracion/%s?desde=%lld", d.doc_type, id);
		v->form_label = i18n_tr(c->lang, strcmp(d.transmission, "Error") == 0 ? "Corregir en el formulario"
										   : "Nuevo documento a partir de este");
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
	int rc = store_document_get(c->conn, id, c->sess.oce_code, &c->req->arena, &d);

	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK)
		return page_error(c, 500);
	arena_init(&xa, LIMIT_EDOC_ARENA_BYTES);
	rc = store_document_xml(c->conn, id, c->sess.oce_code, &xa, &xml, &n);
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

static int post_anular(struct web_ctx *c)
{
	bool xml;
	long long id = tail_id(c->tail, &xml);
	enum edoc_annul_result result;
	struct edoc_sender s;

	if (id < 0 || xml)
		return page_error(c, 404);
	if (c->errs.n)
		return render(c, id, 400);
	sender_of(c, &s);
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

static const char *const hechos[] = { "anulado", "recibido", NULL };

static const struct param_spec p_documento[] = {
	P_INT("filas", 1, 1000000, .label = "Página"),
	P_ONE_OF("hecho", hechos, .label = "Página"),
	P_END };

static const struct param_spec p_anular[] = {
	P_TEXT("motivo", 500, .flags = P_REQUIRED | P_MULTILINE, .label = "Motivo de la anulación"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/tramites/{}", page_documento, ROLE_OPERATOR, 0, .params = p_documento },
	{ HTTP_POST, "/tramites/{}", post_anular, ROLE_OPERATOR, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  .body = BODY_FORM, .params = p_anular },
};
ROUTE_TABLE(documento_routes, routes);
