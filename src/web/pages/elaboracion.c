/*
 * elaboracion.c — 1.1 Elaboración de e-Doc. operativo: a document made in a
 * web form.  The form (domain/edoc_form.h) writes the XML an upload would
 * carry, so the same validation path judges it, and every error is shown
 * beside the input it is about.
 *
 *   GET  /elaboracion            the types the OCE's type may send
 *   GET  /elaboracion/{TYPE}     an empty form with one row
 *        ?desde=ID               ... filled from a document of this OCE code
 *                                (to correct a refused one, or start from one)
 *        ?desde=ID&corrige=ID    ... to correct a document customs returned
 *                                (Subsanación): sent, it keeps its número
 *                                (service/edocs.h, edoc_resend)
 *   POST /elaboracion/{TYPE}     accion = agregar | quitar.N | revisar | enviar,
 *                                filas = the rows shown, f.<key> = the inputs
 *
 * Without JavaScript: rows are added and removed by the server (the form
 * comes back with every value kept).  The first submit button of the form is
 * a hidden "Revisar", so Enter in a field checks the document rather than
 * removing a row or sending it.  Enviar answers 303 to the document's
 * detail when it is received (a reload cannot send it twice), or the form
 * again with its errors (422); the refused sending is kept, as an upload's is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "domain/edoc.h"
#include "domain/edoc_form.h"
#include "service/edocs.h"
#include "store/catalogs.h"
#include "store/documents.h"
#include "web/i18n.h"
#include "web/lists.h"
#include "web/page.h"
#include "templates.h"

#define SELECT_MAX 20      /* a code list this short is a select */
#define DATALIST_MAX 600   /* ... this short, suggestions (a datalist) */

/* ---- the posted values ------------------------------------------------------------------ */

/* The f.* fields, sorted by name; rows from `removed` on read the next row's
 * values (the row removed is gone). */
struct fields {
	struct form_field *f;      /* copies, sorted */
	size_t n;
	const char *rows_key;
	size_t removed;            /* 0: none */
	const struct edoc_values *vs;   /* a document's values instead of the post (desde) */
	const struct edoc_form *form;
	long long corrige;         /* the document in Subsanación being corrected (0: none) */
};

static int cmp_field(const void *a, const void *b)
{
	return strcmp(((const struct form_field *)a)->name, ((const struct form_field *)b)->name);
}

/* Sorts the posted f.* fields; -1 when a name comes twice. */
static int index_fields(struct web_ctx *c, struct fields *fs)
{
	fs->f = arena_alloc(&c->req->arena, (c->params.n + 1) * sizeof(*fs->f));
	fs->n = 0;
	if (fs->f == NULL)
		return -1;
	for (size_t i = 0; i < c->params.n; i++)
		if (strncmp(c->params.fields[i].name, "f.", 2) == 0)
			fs->f[fs->n++] = c->params.fields[i];
	qsort(fs->f, fs->n, sizeof(*fs->f), cmp_field);
	for (size_t i = 1; i < fs->n; i++)
		if (strcmp(fs->f[i - 1].name, fs->f[i].name) == 0)
			return -1;
	return 0;
}

/* "f.items.3.x" with row 3 → the row it reads from (removal shifts). */
static const char *shifted(struct web_ctx *c, const struct fields *fs, const char *name)
{
	size_t klen;
	char *end;
	unsigned long row;

	if (!fs->removed || fs->rows_key == NULL)
		return name;
	klen = strlen(fs->rows_key);
	if (strncmp(name + 2, fs->rows_key, klen) != 0 || name[2 + klen] != '.')
		return name;
	row = strtoul(name + 3 + klen, &end, 10);
	if (*end != '.' || row < fs->removed)
		return name;
	return ctx_printf(c, "f.%s.%lu%s", fs->rows_key, row + 1, end);
}

struct get_ctx {
	struct web_ctx *c;
	const struct fields *fs;
};

static const char *get_field(void *ctx, const char *name)
{
	struct get_ctx *g = ctx;
	const struct fields *fs = g->fs;
	struct form_field key = { NULL, NULL, 0 };
	const struct form_field *hit;

	key.name = shifted(g->c, fs, name);
	if (key.name == NULL || fs->n == 0)
		return NULL;
	hit = bsearch(&key, fs->f, fs->n, sizeof(*fs->f), cmp_field);
	return hit ? hit->value : NULL;
}

/* Adds an error about input field (a key, "items.2.unit") to e, in a. */
static void add_field_error(struct arena *a, struct edoc_errors *e, const char *field, const char *msg)
{
	struct edoc_error *v = arena_alloc(a, (e->n + 1) * sizeof(*v));

	e->errors++;
	if (v == NULL || e->n >= EDOC_MAX_ERRORS)
		return;
	if (e->n)
		memcpy(v, e->v, e->n * sizeof(*v));
	v[e->n] = (struct edoc_error){ EDOC_SEV_ERROR, EDOC_E_FORMAT, 0, "", field, msg };
	e->v = v;
	e->n++;
}

/* ---- the view ------------------------------------------------------------------------------ */

struct code_list {
	const char *list;
	enum { CL_TEXT, CL_SELECT, CL_DATALIST } as;
	struct select_opt *opts;
	size_t n;
};

/* How list is offered: a select, suggestions, or a plain input. */
static int code_list(struct web_ctx *c, struct view_elaboracion *v, struct code_list *cache, size_t *ncache,
		     const char *list, struct code_list **out)
{
	struct catalog_entry *e;
	size_t n;
	long long total;
	struct code_list *cl;

	for (size_t i = 0; i < *ncache; i++)
		if (strcmp(cache[i].list, list) == 0) {
			*out = &cache[i];
			return 0;
		}
	cl = &cache[(*ncache)++];
	memset(cl, 0, sizeof(*cl));
	cl->list = list;
	*out = cl;
	if (store_catalog_search(c->conn, list, NULL, NULL, DATALIST_MAX + 1, &c->req->arena, &e, &n, &total) !=
	    STORE_OK)
		return -1;
	if (total == 0 || total > DATALIST_MAX)
		return 0;
	cl->opts = arena_alloc(&c->req->arena, n * sizeof(*cl->opts));
	if (cl->opts == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *name = c->lang == LANG_EN && e[i].name_en[0] ? e[i].name_en : e[i].name;
		cl->opts[i].value = e[i].code;
		cl->opts[i].label = total <= SELECT_MAX ? ctx_printf(c, "%s %s", e[i].code, name) : name;
	}
	cl->n = n;
	cl->as = total <= SELECT_MAX ? CL_SELECT : CL_DATALIST;
	if (cl->as == CL_DATALIST) {
		struct ef_datalist *dl = &v->lists[v->nlists++];
		dl->id = ctx_printf(c, "lista-%s", list);
		dl->opts = cl->opts;
		dl->n = n;
	}
	return 0;
}

static const char *hint_of(struct web_ctx *c, const struct edoc_input_def *d)
{
	if (d->flags & EDOC_F_TOTAL)
		return i18n_tr(c->lang, "En blanco: la suma de las filas.");
	switch (d->in) {
	case EDOC_IN_MONEY: return i18n_tr(c->lang, "Con hasta 2 decimales, p. ej. 72000.50");
	case EDOC_IN_LIST: return i18n_tr(c->lang, "Uno por línea, p. ej. MSCU1234566");
	case EDOC_IN_SENDER_OCE:
	case EDOC_IN_SENDER_RUC: return i18n_tr(c->lang, "El de su sesión.");
	default: return NULL;
	}
}

/* The errors about input key (its messages joined), or NULL. */
static const char *errors_of(struct web_ctx *c, const struct edoc_errors *errs, const char *key, bool list,
			     bool *used)
{
	const char *out = NULL;
	size_t klen = strlen(key);

	for (size_t i = 0; errs && i < errs->n; i++) {
		const char *f = errs->v[i].field;
		if (strcmp(f, key) != 0 && !(list && strncmp(f, key, klen) == 0 && f[klen] == '.'))
			continue;
		used[i] = true;
		out = out ? ctx_printf(c, "%s %s", out, errs->v[i].message) : errs->v[i].message;
	}
	return out;
}

struct build {
	struct web_ctx *c;
	struct view_elaboracion *v;
	const struct edoc_form *form;
	struct get_ctx *g;
	const struct edoc_errors *errs;
	bool *used;                /* errs->v[i] shown beside an input */
	struct code_list cache[16];
	size_t ncache;
};

static int fill_input(struct build *b, struct ef_input *in, const struct edoc_input_def *d, size_t row)
{
	struct web_ctx *c = b->c;
	const char *key = edoc_form_key(d, b->form->rows_key, row, &c->req->arena);
	const char *val;

	if (key == NULL)
		return -1;
	memset(in, 0, sizeof(*in));
	in->name = ctx_printf(c, "f.%s", key);
	in->label = i18n_tr(c->lang, d->label);
	in->hint = hint_of(c, d);
	in->max = d->max;
	in->error = errors_of(c, b->errs, key, d->in == EDOC_IN_LIST, b->used);
	if (b->g->fs->vs)   /* read back from a document */
		val = edoc_form_text(d, b->g->fs->vs, b->form->rows_key, row, &c->req->arena);
	else
		val = get_field(b->g, in->name);
	in->value = val ? val : "";
	switch (d->in) {
	case EDOC_IN_SENDER_OCE:
		in->kind = EF_FIXED;
		in->value = c->sess.oce_code;
		break;
	case EDOC_IN_SENDER_RUC:
		in->kind = EF_FIXED;
		in->value = c->sess.ruc;
		break;
	case EDOC_IN_DATE:
		/* a date input shows only aaaa-mm-dd: anything else stays a text */
		in->kind = in->value[0] == '\0' || (strlen(in->value) == 10 && in->value[4] == '-') ? EF_DATE : EF_TEXT;
		break;
	case EDOC_IN_LONG:
	case EDOC_IN_LIST:
		in->kind = EF_TEXTAREA;
		in->wide = true;
		break;
	case EDOC_IN_CHOICE: {
		size_t n;
		const struct edoc_choice *ch = edoc_choices(d->list, &n);
		struct select_opt *o = arena_alloc(&c->req->arena, (n + 1) * sizeof(*o));

		if (o == NULL)
			return -1;
		for (size_t k = 0; k < n; k++) {
			o[k].value = ch[k].value;
			o[k].label = i18n_tr(c->lang, ch[k].label);
		}
		in->kind = EF_SELECT;
		in->opts = o;
		in->nopts = n;
		break;
	}
	case EDOC_IN_CODE: {
		struct code_list *cl;

		if (code_list(c, b->v, b->cache, &b->ncache, d->list, &cl) != 0)
			return -1;
		in->kind = cl->as == CL_SELECT ? EF_SELECT : EF_TEXT;
		in->opts = cl->opts;
		in->nopts = cl->n;
		if (cl->as == CL_DATALIST)
			in->datalist = ctx_printf(c, "lista-%s", d->list);
		break;
	}
	case EDOC_IN_MONEY:
	case EDOC_IN_DECIMAL:
		in->inputmode = "decimal";
		break;
	case EDOC_IN_COUNT:
		in->inputmode = "numeric";
		break;
	default:
		break;
	}
	return 0;
}

static int fill_group(struct build *b, struct ef_group *g, const struct edoc_input_def *defs, size_t n,
		      size_t row)
{
	g->in = arena_alloc(&b->c->req->arena, n * sizeof(*g->in));
	g->n = 0;
	if (g->in == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (defs[i].in == EDOC_IN_SEQ)
			continue;
		if (fill_input(b, &g->in[g->n++], &defs[i], row) != 0)
			return -1;
	}
	return 0;
}

/* Renders the form of type with nrows rows; errs (may be NULL) beside the
 * inputs and in the summary. */
static int render_form(struct web_ctx *c, enum edoc_type type, struct fields *fs, size_t nrows,
		       const struct edoc_errors *errs, const char *status_msg, const char *note, int status)
{
	const struct edoc_form *form = edoc_form_of(type);
	struct view_elaboracion *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct build *b = arena_alloc(&c->req->arena, sizeof(*b));
	struct get_ctx g = { c, fs };
	size_t start = 0, k = 0;
	struct buf out;

	if (v == NULL || b == NULL)
		return page_error(c, 500);
	memset(v, 0, sizeof(*v));
	memset(b, 0, sizeof(*b));
	b->c = c;
	b->v = v;
	b->form = form;
	b->g = &g;
	b->errs = errs;
	b->used = arena_alloc(&c->req->arena, (errs ? errs->n : 0) + 1);
	v->lists = arena_alloc(&c->req->arena, 16 * sizeof(*v->lists));
	v->head = arena_alloc(&c->req->arena, form->nhead * sizeof(*v->head));
	v->rows = arena_alloc(&c->req->arena, (nrows + 1) * sizeof(*v->rows));
	if (b->used == NULL || v->lists == NULL || v->head == NULL || v->rows == NULL)
		return page_error(c, 500);
	memset(b->used, 0, (errs ? errs->n : 0) + 1);
	page_init(c, edoc_type_title(type));
	v->pg = &c->pg;
	v->code = edoc_type_code(type);
	v->title = i18n_tr(c->lang, edoc_type_title(type));
	v->action = ctx_printf(c, "/elaboracion/%s", v->code);
	v->corrige = fs->corrige;
	v->status = status_msg;
	v->note = note;
	/* the head, in its sections */
	for (size_t i = 0; i <= form->nhead; i++) {
		if (i < form->nhead && (i == start || !form->head[i].section))
			continue;
		{
			struct ef_group *grp = &v->head[v->nhead++];
			const char *title = form->head[start].section ? form->head[start].section : "Datos generales";

			grp->title = i18n_tr(c->lang, title);
			grp->id = ctx_printf(c, "grupo-%zu", v->nhead);
			if (fill_group(b, grp, form->head + start, i - start, 0) != 0)
				return page_error(c, 500);
		}
		start = i;
	}
	if (form->rows_key) {
		const char *row_title = i18n_tr(c->lang, form->row_title);
		const char *noun = i18n_tr(c->lang, form->row_noun);

		v->rows_title = i18n_tr(c->lang, form->rows_title);
		for (size_t r = 1; r <= nrows; r++) {
			struct ef_group *grp = &v->rows[v->nrows++];

			grp->title = ctx_printf(c, "%s %zu", row_title, r);
			grp->id = ctx_printf(c, "fila-%zu", r);
			if (nrows > 1) {
				grp->remove_value = ctx_printf(c, "quitar.%zu", r);
				grp->remove_label = ctx_printf(c, "%s %s %zu", i18n_tr(c->lang, "Quitar"), noun, r);
			}
			if (fill_group(b, grp, form->row, form->nrow, r) != 0)
				return page_error(c, 500);
		}
		v->add_label = ctx_printf(c, "%s %s", i18n_tr(c->lang, "Agregar"), noun);
		v->can_add = nrows < EDOC_FORM_MAX_ROWS;
	}
	/* the summary: every error, linked to its input when it has one */
	if (errs && errs->n) {
		v->errors = arena_alloc(&c->req->arena, errs->n * sizeof(*v->errors));
		if (v->errors == NULL)
			return page_error(c, 500);
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < errs->n; i++) {
				const struct edoc_error *e = &errs->v[i];
				if ((e->severity == EDOC_SEV_WARNING) != (pass == 1))
					continue;
				v->errors[k].message = e->message;
				v->errors[k].where = "";
				v->errors[k].href = b->used[i] ? ctx_printf(c, "#f.%s", e->field) : NULL;
				v->errors[k].warning = e->severity == EDOC_SEV_WARNING;
				k++;
			}
		v->nerrors = k;
		v->more = errs->errors + errs->warnings > errs->n ? errs->errors + errs->warnings - errs->n : 0;
	}
	page_buf(&out);
	tmpl_elaboracion(&out, c->lang, v);
	return page_send(c, status, &out);
}

/* ---- handlers ----------------------------------------------------------------------------- */

/* The type of the URL, when the session's OCE type may send it; else an
 * error page's status in *status. */
static enum edoc_type url_type(struct web_ctx *c, int *status)
{
	char code[16];
	enum edoc_type t;

	*status = 404;
	if (c->tail.n == 0 || c->tail.n >= sizeof(code))
		return EDOC_NONE;
	memcpy(code, c->tail.p, c->tail.n);
	code[c->tail.n] = '\0';
	t = edoc_type_from_code(code);
	if (t == EDOC_NONE)
		return EDOC_NONE;
	if (store_doc_type_sender(c->conn, code, c->sess.oce_type) != STORE_OK) {
		*status = 403;
		return EDOC_NONE;
	}
	return t;
}

static int page_tipos(struct web_ctx *c)
{
	struct view_elaboracion_tipos *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct doc_type_rec *t;
	size_t n;
	struct buf b;

	if (v == NULL || store_doc_types(c->conn, c->sess.oce_type, &c->req->arena, &t, &n) != STORE_OK)
		return page_error(c, 500);
	memset(v, 0, sizeof(*v));
	page_init(c, "Elaboración de e-Doc. operativo");
	v->pg = &c->pg;
	for (size_t i = 0; i < n && v->ntypes < sizeof(v->types) / sizeof(v->types[0]); i++) {
		if (!t[i].may_send)
			continue;
		v->types[v->ntypes].code = t[i].code;
		v->types[v->ntypes].name = c->lang == LANG_EN ? t[i].name_en : t[i].name;
		v->types[v->ntypes].href = ctx_printf(c, "/elaboracion/%s", t[i].code);
		v->ntypes++;
	}
	page_buf(&b);
	tmpl_elaboracion_tipos(&b, c->lang, v);
	return page_send(c, 200, &b);
}

static int page_form(struct web_ctx *c)
{
	int status;
	enum edoc_type t = url_type(c, &status);
	struct fields fs;
	long long id = 0;
	const char *note = NULL;
	size_t rows = 1;

	if (t == EDOC_NONE)
		return page_error(c, status);
	memset(&fs, 0, sizeof(fs));
	fs.rows_key = edoc_form_of(t)->rows_key;
	if (param(c, "desde") && str_to_ll(str_from(param(c, "desde")), 1, INT64_MAX, &id) == 0) {
		struct edoc_errors perr = { 0 };
		struct edoc_values *vs = arena_alloc(&c->req->arena, sizeof(*vs));
		enum edoc_type dt = EDOC_NONE;
		const char *xml;
		size_t n;
		int rc = store_document_xml(c->conn, id, c->sess.oce_code, &c->req->arena, &xml, &n);

		if (rc == STORE_NOT_FOUND)
			return page_error(c, 404);
		if (rc != STORE_OK || vs == NULL)
			return page_error(c, 500);
		if (edoc_values(xml, n, &c->req->arena, &dt, vs, &perr) != EDOC_OK || dt != t) {
			note = i18n_tr(c->lang, "El documento no se pudo cargar en el formulario: no es un XML legible de este tipo.");
		} else {
			fs.vs = vs;
			if (fs.rows_key) {
				size_t have = edoc_values_rows(vs, fs.rows_key);
				rows = have < 1 ? 1 : have;
				if (rows > EDOC_FORM_MAX_ROWS) {
					rows = EDOC_FORM_MAX_ROWS;
					note = i18n_tr(c->lang, "El documento tiene más filas de las que admite el formulario (100): se cargaron las primeras. Corríjalo en el XML.");
				}
			}
			if (param(c, "corrige")) {
				(void)str_to_ll(str_from(param(c, "corrige")), 1, INT64_MAX, &fs.corrige);
				if (fs.corrige != id)
					return page_error(c, 404);
				note = i18n_tr(c->lang, "Corrija lo que la Aduana observó y envíe el documento: conservará su número de entrega.");
			}
			if (note == NULL)
				note = i18n_tr(c->lang, "Se cargaron los datos del documento. Revíselos y envíelo: será un documento nuevo, con su propio número de entrega.");
		}
	}
	return render_form(c, t, &fs, rows, NULL, NULL, note, 200);
}

static int post_form(struct web_ctx *c)
{
	int status;
	enum edoc_type t = url_type(c, &status);
	const struct edoc_form *form;
	const char *accion = param(c, "accion");
	struct fields fs;
	struct get_ctx g;
	long long rows = 1;
	struct edoc_form_in in;
	struct edoc_errors ferr = { 0 };
	struct edoc_sender s;
	struct edoc_receipt r;
	struct arena ea;
	struct buf xml;
	int rc;

	if (t == EDOC_NONE)
		return page_error(c, status);
	form = edoc_form_of(t);
	memset(&fs, 0, sizeof(fs));
	fs.rows_key = form->rows_key;
	fs.form = form;
	if (index_fields(c, &fs) != 0)
		return page_error(c, 400);
	if (param(c, "filas"))
		(void)str_to_ll(str_from(param(c, "filas")), 1, EDOC_FORM_MAX_ROWS, &rows);
	if (param(c, "corrige"))
		(void)str_to_ll(str_from(param(c, "corrige")), 1, INT64_MAX, &fs.corrige);
	if (form->rows_key == NULL)
		rows = 0;
	if (c->errs.n) {   /* a value the dispatcher refused (control characters, too long) */
		for (size_t i = 0; i < c->errs.n; i++)
			add_field_error(&c->req->arena, &ferr,
					strncmp(c->errs.e[i].field, "f.", 2) == 0 ? c->errs.e[i].field + 2 : "",
					c->errs.e[i].msg);
		c->errs.n = 0;
		return render_form(c, t, &fs, (size_t)(rows ? rows : 0), &ferr, NULL, NULL, 400);
	}
	if (accion && strcmp(accion, "agregar") == 0 && form->rows_key) {
		if (rows < EDOC_FORM_MAX_ROWS)
			rows++;
		return render_form(c, t, &fs, (size_t)rows, NULL, NULL, NULL, 200);
	}
	if (accion && strncmp(accion, "quitar.", 7) == 0 && form->rows_key) {
		long long gone;
		if (str_to_ll(str_from(accion + 7), 1, rows, &gone) != 0)
			return page_error(c, 400);
		if (rows > 1) {
			fs.removed = (size_t)gone;
			rows--;
		}
		return render_form(c, t, &fs, (size_t)rows, NULL, NULL, NULL, 200);
	}
	/* revisar (also Enter in a field), enviar: the XML, then the path */
	g.c = c;
	g.fs = &fs;
	in.get = get_field;
	in.ctx = &g;
	in.nrows = (size_t)rows;
	in.oce_code = c->sess.oce_code;
	in.ruc = c->sess.ruc;
	buf_init(&xml, LIMIT_UPLOAD_BYTES);
	arena_init(&ea, LIMIT_EDOC_ARENA_BYTES);
	rc = edoc_form_xml(form, &in, &ea, &xml, &ferr);
	if (rc == EDOC_ERR_NOMEM) {
		buf_free(&xml);
		arena_free(&ea);
		return page_error(c, 500);
	}
	if (rc == EDOC_INVALID) {   /* what a person typed that cannot become the document */
		rc = render_form(c, t, &fs, (size_t)rows, &ferr, NULL, NULL, 422);
		buf_free(&xml);
		arena_free(&ea);
		return rc;
	}
	sender_of(c, &s);
	if (accion && strcmp(accion, "enviar") == 0 && fs.corrige) {
		enum customs_result cr;
		rc = edoc_resend(c->conn, &s, fs.corrige, xml.data, xml.len, &ea, &r, &cr);
		buf_free(&xml);
		if (rc != 0 || (r.received && cr == CUSTOMS_NOT_FOUND)) {
			arena_free(&ea);
			return page_error(c, rc != 0 ? 500 : 404);
		}
		if (r.received && cr == CUSTOMS_DONE) {
			arena_free(&ea);
			return page_redirect(c, ctx_printf(c, "/tramites/%lld?hecho=corregido", fs.corrige));
		}
		if (r.received)   /* valid, but no longer in Subsanación */
			form_errors_add(&c->errs, "", i18n_tr(c->lang, "El documento ya no está en Subsanación: no se puede reenviar corregido."));
		rc = render_form(c, t, &fs, (size_t)rows, &r.errs, NULL, NULL, r.received ? 409 : 422);
		arena_free(&ea);
		return rc;
	}
	if (accion && strcmp(accion, "enviar") == 0)
		rc = edoc_send(c->conn, &s, xml.data, xml.len, &ea, &r);
	else
		rc = edoc_check(c->conn, &s, xml.data, xml.len, &ea, &r);
	buf_free(&xml);
	if (rc != 0) {
		arena_free(&ea);
		return page_error(c, 500);
	}
	if (accion && strcmp(accion, "enviar") == 0 && r.received) {
		arena_free(&ea);
		return page_redirect(c, ctx_printf(c, "/tramites/%lld?hecho=recibido", r.id));
	}
	rc = render_form(c, t, &fs, (size_t)rows, &r.errs,
			 r.received ? i18n_tr(c->lang, "El documento es válido: puede enviarlo.") : NULL, NULL,
			 r.received ? 200 : 422);
	arena_free(&ea);   /* rendered: nothing points into it any more */
	return rc;
}

static const struct param_spec p_form_get[] = {
	P_INT("desde", 1, INT64_MAX, .label = "Documento"),
	P_INT("corrige", 1, INT64_MAX, .label = "Documento"),
	P_END };

static const struct param_spec p_form_post[] = {
	P_TEXT("accion", 16, .label = "Acción"),
	P_INT("filas", 1, EDOC_FORM_MAX_ROWS, .label = "Filas"),
	P_INT("corrige", 1, INT64_MAX, .label = "Documento"),
	P_TEXT("f.", EDOC_FORM_LIST_CHARS, .flags = P_PREFIX | P_MULTILINE, .label = "Campo"),
	P_END };

static const struct route routes[] = {
	{ HTTP_GET, "/elaboracion", page_tipos, ROLE_OPERATOR, 0, .params = NULL, .option = "1.1" },
	{ HTTP_GET, "/elaboracion/{}", page_form, ROLE_OPERATOR, 0, .params = p_form_get, .option = "1.1" },
	{ HTTP_POST, "/elaboracion/{}", post_form, ROLE_OPERATOR, ROUTE_CSRF | ROUTE_FORM_ERRORS,
	  .body = BODY_FORM, .body_max = LIMIT_EDOC_FORM_BYTES, .max_fields = LIMIT_EDOC_FORM_FIELDS,
	  .params = p_form_post, .option = "1.1" },
};
ROUTE_TABLE(elaboracion_routes, routes);
