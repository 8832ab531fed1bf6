/*
 * edocs.c — 1.6 e-Documentos: sending a document as an XML file, and the
 * download area of the real system (each type's schema and a valid sample).
 *
 *   GET  /edocumentos                      the types, the downloads (public);
 *                                          the sending form for an operator
 *   POST /edocumentos                      multipart: the file "archivo" →
 *                                          service/edocs.c → the receipt (with
 *                                          its número de entrega) or the errors
 *   GET  /edocumentos/esquemas/{TYPE.xsd}  a schema (public)
 *   GET  /edocumentos/ejemplos/{TYPE.xml}  a sample document (public)
 *   GET  /edocumentos/catalogos/{LIST.csv} a code list (public)
 */
#include <stdio.h>
#include <string.h>

#include "core/embed.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "domain/edoc.h"
#include "domain/risk.h"
#include "domain/workflow.h"
#include "service/edocs.h"
#include "store/catalogs.h"
#include "store/documents.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

extern const struct embedded_file edoc_schemas[];
extern const size_t edoc_schemas_count;
extern const struct embedded_file edoc_samples[];
extern const size_t edoc_samples_count;

static int render_edocs(struct web_ctx *c, int status)
{
	struct view_edocs *v = arena_alloc(&c->req->arena, sizeof(*v));
	bool operator = c->role == ROLE_OPERATOR;
	struct doc_type_rec *t;
	struct catalog_rec *cats;
	size_t n, ncats;
	struct buf b;

	if (v == NULL || store_doc_types(c->conn, operator ? c->sess.oce_type : NULL, &c->req->arena, &t, &n) !=
				 STORE_OK)
		return page_error(c, 500);
	if (store_catalogs(c->conn, &c->req->arena, &cats, &ncats) != STORE_OK)
		return page_error(c, 500);
	page_init(c, "e-Documentos");
	v->pg = &c->pg;
	for (size_t i = 0; i < ncats && v->nlists < sizeof(v->lists) / sizeof(v->lists[0]); i++) {
		struct edoc_list_row *r = &v->lists[v->nlists++];
		r->code = cats[i].code;
		r->name = c->lang == LANG_EN ? cats[i].name_en : cats[i].name;
		r->entries = cats[i].entries;
		r->href = ctx_printf(c, "/edocumentos/catalogos/%s.csv", cats[i].code);
	}
	v->operator = operator;
	for (size_t i = 0; i < n && v->ntypes < sizeof(v->types) / sizeof(v->types[0]); i++) {
		struct edoc_type_row *r = &v->types[v->ntypes++];
		r->code = t[i].code;
		r->name = c->lang == LANG_EN ? t[i].name_en : t[i].name;
		r->xsd_href = ctx_printf(c, "/edocumentos/esquemas/%s.xsd", t[i].code);
		r->sample_href = ctx_printf(c, "/edocumentos/ejemplos/%s.xml", t[i].code);
		r->may_send = t[i].may_send != 0;
		v->any_allowed |= r->may_send;
	}
	page_buf(&b);
	tmpl_edocs(&b, c->lang, v);
	return page_send(c, status, &b);
}

static int page_edocs(struct web_ctx *c)
{
	return render_edocs(c, 200);
}

/* Where an error is: "/DAI/Items/Item[3]/Subpartida, línea 40". */
static const char *where(struct web_ctx *c, const struct edoc_error *e)
{
	if (e->path[0] && e->line > 0)
		return ctx_printf(c, "%s, %s %d", e->path, i18n_tr(c->lang, "línea"), e->line);
	if (e->line > 0)
		return ctx_printf(c, "%s %d", i18n_tr(c->lang, "línea"), e->line);
	return e->path;
}

static int page_send_edoc(struct web_ctx *c)
{
	const struct mp_part *file = NULL;
	struct view_edoc_result *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct edoc_sender s;
	struct edoc_receipt r;
	struct arena ea;       /* the document's: larger than a request's, freed once rendered */
	struct buf b;
	size_t k = 0;
	int status;

	if (v == NULL)
		return page_error(c, 500);
	for (size_t i = 0; c->upload && i < c->upload->n; i++)
		if (strcmp(c->upload->parts[i].name, "archivo") == 0 && c->upload->parts[i].filename)
			file = &c->upload->parts[i];
	if (file == NULL || file->data.n == 0) {
		form_errors_add(&c->errs, "archivo", i18n_tr(c->lang, "Elija el archivo XML del documento."));
		return render_edocs(c, 400);
	}
	sender_of(c, &s);
	arena_init(&ea, LIMIT_EDOC_ARENA_BYTES);
	if (edoc_send(c->conn, &s, file->data.p, file->data.n, &ea, &r) != 0) {
		arena_free(&ea);
		return page_error(c, 500);
	}
	page_init(c, r.received ? "Documento recibido" : "Documento con errores");
	v->pg = &c->pg;
	v->received = r.received;
	v->type_name = r.type == EDOC_NONE ? "" : edoc_type_title(r.type);
	v->numero = r.numero;
	v->file_name = file->filename;
	timefmt_ec(c->now, v->date);
	v->state = "Registrado";
	if (r.received && r.accepted.result == CUSTOMS_DONE) {
		v->state = wf_state_name(r.accepted.to);
		v->declaration = r.accepted.declaration;
		if (r.accepted.has_canal)
			v->canal = i18n_tr(c->lang, risk_canal_label(r.accepted.canal));
	}
	if (r.received)
		v->detail_href = ctx_printf(c, "/tramites/%lld", r.id);
	v->rows = arena_alloc(&ea, (r.errs.n + 1) * sizeof(*v->rows));
	if (v->rows == NULL) {
		arena_free(&ea);
		return page_error(c, 500);
	}
	/* Errors first, then warnings. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r.errs.n; i++) {
			const struct edoc_error *e = &r.errs.v[i];
			if ((e->severity == EDOC_SEV_WARNING) != (pass == 1))
				continue;
			v->rows[k].where = where(c, e);
			v->rows[k].message = e->message;
			v->rows[k].warning = e->severity == EDOC_SEV_WARNING;
			k++;
		}
	v->nrows = k;
	v->more = r.errs.errors + r.errs.warnings > r.errs.n ? r.errs.errors + r.errs.warnings - r.errs.n : 0;
	page_buf(&b);
	tmpl_edoc_result(&b, c->lang, v);
	/* A refused document is the sender's error to fix: 422, with the page. */
	status = page_send(c, r.received ? 200 : 422, &b);
	arena_free(&ea);   /* the page is rendered: nothing points into it any more */
	return status;
}

static int send_file(struct web_ctx *c, const struct embedded_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!str_eq_cstr(c->tail, files[i].name))
			continue;
		http_response_header(c->res, "Cache-Control", "public, max-age=3600");
		http_response_header(c->res, "Content-Disposition",
				     ctx_printf(c, "attachment; filename=\"%s\"", files[i].name));
		c->res->content_type = "application/xml";
		c->res->body = (const char *)files[i].data;
		c->res->len = files[i].len;
		c->res->owned = false;
		return 200;
	}
	return page_error(c, 404);
}

static int page_schema(struct web_ctx *c)
{
	return send_file(c, edoc_schemas, edoc_schemas_count);
}

static int page_sample(struct web_ctx *c)
{
	return send_file(c, edoc_samples, edoc_samples_count);
}

/* A code list as CSV: code, name, name_en, parent, extra (UTF-8, no BOM: it
 * is read by operators' software; the header says the columns). */
static int page_catalog_csv(struct web_ctx *c)
{
	char code[32];
	struct catalog_rec cat;
	const char *after = NULL;
	struct buf b;
	size_t len = c->tail.n;
	int rc;

	if (len <= 4 || len - 4 >= sizeof(code) || memcmp(c->tail.p + len - 4, ".csv", 4) != 0)
		return page_error(c, 404);
	memcpy(code, c->tail.p, len - 4);
	code[len - 4] = '\0';
	rc = store_catalog_get(c->conn, code, &c->req->arena, &cat);
	if (rc == STORE_NOT_FOUND)
		return page_error(c, 404);
	if (rc != STORE_OK)
		return page_error(c, 500);
	buf_init(&b, LIMIT_CATALOG_FILE_BYTES);
	buf_put_str(&b, "code,name,name_en,parent,extra\r\n");
	for (;;) {
		struct catalog_entry *e;
		size_t n;
		long long total;
		struct arena a;

		arena_init(&a, LIMIT_ARENA_BYTES);
		if (store_catalog_search(c->conn, code, NULL, after, 1000, &a, &e, &n, &total) != STORE_OK) {
			arena_free(&a);
			buf_free(&b);
			return page_error(c, 500);
		}
		for (size_t i = 0; i < n; i++) {
			csv_put_field(&b, e[i].code, false);
			csv_put_field(&b, e[i].name, false);
			csv_put_field(&b, e[i].name_en, false);
			csv_put_field(&b, e[i].parent, false);
			csv_put_field(&b, e[i].extra, true);
		}
		after = n > 0 ? ctx_printf(c, "%s", e[n - 1].code) : NULL;
		arena_free(&a);
		if (n < 1000 || after == NULL)
			break;
	}
	if (b.err != BUF_OK) {
		buf_free(&b);
		return page_error(c, 500);
	}
	http_response_header(c->res, "Cache-Control", "public, max-age=300");
	http_response_header(c->res, "Content-Disposition", ctx_printf(c, "attachment; filename=\"%s.csv\"", code));
	c->res->content_type = "text/csv; charset=utf-8";
	return http_response_take(c->res, 200, &b);
}

static const struct route routes[] = {
	{ HTTP_GET,  "/edocumentos/catalogos/{}", page_catalog_csv, ROLES_ANY, 0, .body = BODY_NONE },
	{ HTTP_GET,  "/edocumentos", page_edocs, ROLES_ANY, 0, .body = BODY_NONE },
	{ HTTP_POST, "/edocumentos", page_send_edoc, ROLE_OPERATOR, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  .body = BODY_MULTIPART, .body_max = LIMIT_UPLOAD_BYTES + (size_t)64 * 1024, .option = "1.6" },
	{ HTTP_GET,  "/edocumentos/esquemas/{}", page_schema, ROLES_ANY, ROUTE_STATIC, .body = BODY_NONE },
	{ HTTP_GET,  "/edocumentos/ejemplos/{}", page_sample, ROLES_ANY, ROUTE_STATIC, .body = BODY_NONE },
};
ROUTE_TABLE(edocs_routes, routes);
