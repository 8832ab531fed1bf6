/*
 * edocs.c — see edocs.h.
 */
#include "service/edocs.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "core/timefmt.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/catalogs.h"
#include "store/documents.h"
#include "store/notices.h"

/* The store's code lists, for the rules of domain/edoc.c. */
static bool in_list(void *ctx, const char *list, const char *code)
{
	return store_catalog_has(ctx, list, code) == STORE_OK;
}

/* Adds an error the domain does not know (the sender's), in the arena. */
static void add_error(struct arena *a, struct edoc_errors *e, enum edoc_code code, const char *path,
		      const char *field, const char *message)
{
	struct edoc_error *v = arena_alloc(a, (e->n + 1) * sizeof(*v));

	e->errors++;
	if (v == NULL || e->n >= EDOC_MAX_ERRORS)
		return;
	if (e->n)
		memcpy(v, e->v, e->n * sizeof(*v));
	v[e->n] = (struct edoc_error){ EDOC_SEV_ERROR, code, 0, path, field, message };
	e->v = v;
	e->n++;
}

/* The sender may send this document: its OCE code is the declarant's, and
 * its OCE type may send the type. */
static int check_sender(struct db_conn *c, const struct edoc_sender *s, const struct edoc_doc *d,
			struct arena *a, struct edoc_errors *errs)
{
	const char *code = edoc_type_code(d->type);
	int rc = store_doc_type_sender(c, code, s->oce_type);

	if (rc < 0)
		return rc;
	if (rc == STORE_NOT_FOUND)
		add_error(a, errs, EDOC_E_VALUE, "", "",
			  arena_printf(a, "Su tipo de OCE [%s] no puede enviar documentos %s (%s).",
				       s->oce_type, code, edoc_type_title(d->type)));
	if (d->declarant_oce && strcmp(d->declarant_oce, s->oce_code) != 0)
		add_error(a, errs, EDOC_E_VALUE, "/Declarant/OCECode", "declarant.oce_code",
			  arena_printf(a, "El código de OCE del declarante (%s) no es el código con el que "
				       "usted opera (%s): corríjalo o ingrese con ese código.",
				       d->declarant_oce, s->oce_code));
	return 0;
}

/* The document and what goes with it, for a received sending. */
static int store_received(struct db_conn *c, const struct edoc_sender *s, const struct edoc_doc *d,
			  const char *xml, struct edoc_receipt *out)
{
	struct document_new nd = { 0 };
	char subject[128], body[512], date[TIMEFMT_LEN];
	long long seq;
	int year, rc;

	timefmt_ec(s->now, date);
	year = timefmt_ec_year(s->now);
	rc = store_entrega_next(c, s->oce_code, year, &seq);
	if (rc != STORE_OK)
		return rc;
	if (entrega_format(s->oce_code, year, seq, s->channel, out->numero) != 0)
		return DB_ERR;   /* the sequence ran past 99,999,999 this year */
	nd.numero = out->numero;
	nd.doc_type = edoc_type_code(d->type);
	nd.oce_code = s->oce_code;
	nd.user_id = s->user_id;
	nd.channel = s->channel;
	nd.transmission = "Recibido";
	nd.state = "Registrado";
	nd.district = d->customs_district;
	nd.xml = xml;
	nd.now = s->now;
	rc = store_document_add(c, &nd, &out->id);
	if (rc == STORE_OK)
		rc = store_document_add_event(c, &(struct document_event_new){
			out->id, s->oce_code, out->numero, nd.doc_type, s->now, s->user_id, NULL, "Registrado", NULL });
	snprintf(subject, sizeof(subject), "Recepción de e-Doc. %s %s", nd.doc_type, out->numero);
	snprintf(body, sizeof(body),
		 "El documento electrónico %s (%s) fue recibido el %s con el número de entrega %s.\n"
		 "Estado de Transmisión: Recibido. Estado del Documento: Registrado.\n"
		 "Consulte su estado en Estado de Trámite Integral.",
		 nd.doc_type, edoc_type_title(d->type), date, out->numero);
	if (rc == STORE_OK)
		rc = store_notice_add(c, s->user_id, "SENAE", "BUZON PERSONAL", subject, body, s->now);
	if (rc == STORE_OK)
		rc = store_audit_user(c, "edoc_recibido", s->user_id, s->oce_code, s->addr, out->numero, s->now);
	return rc;
}

/* A refused sending of a known type: kept with its errors. */
static int store_refused(struct db_conn *c, const struct edoc_sender *s, enum edoc_type type,
			 const char *xml, size_t n, struct edoc_receipt *out)
{
	struct document_new nd = { 0 };
	int rc;

	nd.doc_type = edoc_type_code(type);
	nd.oce_code = s->oce_code;
	nd.user_id = s->user_id;
	nd.channel = s->channel;
	nd.transmission = "Error";
	/* What was sent is kept when it is text the store can hold. */
	nd.xml = utf8_valid(xml, n) ? xml : "";
	nd.now = s->now;
	rc = store_document_add(c, &nd, &out->id);
	for (size_t i = 0; rc == STORE_OK && i < out->errs.n; i++) {
		const struct edoc_error *e = &out->errs.v[i];
		if (e->severity == EDOC_SEV_ERROR)
			rc = store_document_add_error(c, out->id, (int)i + 1, e->path, e->field, e->line,
						      e->message);
	}
	if (rc == STORE_OK)
		rc = store_document_add_event(c, &(struct document_event_new){
			out->id, s->oce_code, NULL, nd.doc_type, s->now, s->user_id, NULL, "Error", NULL });
	if (rc == STORE_OK)
		rc = store_audit_user(c, "edoc_error", s->user_id, s->oce_code, s->addr, nd.doc_type, s->now);
	return rc;
}

/* The validation path and the sender's checks; out->received tells. 0, or
 * DB_ERR when memory or the store failed. */
static int validate(struct db_conn *c, const struct edoc_sender *s, const char *xml, size_t n,
		    struct arena *a, struct edoc_receipt *out, struct edoc_doc *d)
{
	struct edoc_lookup lk = { in_list, c, s->now };
	int prc;

	memset(out, 0, sizeof(*out));
	out->accepted.result = CUSTOMS_NOT_ALLOWED;   /* not accepted at once (yet) */
	memset(d, 0, sizeof(*d));
	prc = edoc_parse(xml, n, a, d, &out->errs);
	if (prc == EDOC_ERR_NOMEM || prc == EDOC_ERR_INIT)
		return DB_ERR;
	out->type = d->type;
	if (prc == EDOC_OK && edoc_check_rules(d, &lk, a, &out->errs) == EDOC_ERR_NOMEM)
		return DB_ERR;
	if (prc == EDOC_OK && check_sender(c, s, d, a, &out->errs) != 0)
		return DB_ERR;
	out->received = prc == EDOC_OK && out->errs.errors == 0;
	return 0;
}

int edoc_check(struct db_conn *c, const struct edoc_sender *s, const char *xml, size_t n,
	       struct arena *a, struct edoc_receipt *out)
{
	struct edoc_doc d;

	return validate(c, s, xml, n, a, out, &d);
}

int edoc_send(struct db_conn *c, const struct edoc_sender *s, const char *xml, size_t n,
	      struct arena *a, struct edoc_receipt *out)
{
	struct edoc_doc d;
	char *text;
	int rc;

	if (validate(c, s, xml, n, a, out, &d) != 0)
		return DB_ERR;
	if (!out->received && d.type == EDOC_NONE)
		return 0;   /* nothing to keep: not a document of any known type */
	/* The store holds text: a NUL-terminated copy of what was sent. */
	text = arena_strndup(a, xml, n);
	if (text == NULL)
		return DB_ERR;
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = out->received ? store_received(c, s, &d, text, out) : store_refused(c, s, d.type, text, n, out);
	out->accepted.result = CUSTOMS_NOT_ALLOWED;
	if (rc == STORE_OK && out->received && s->customs)
		rc = customs_auto_accept(c, s->customs, out->id, s->now, a, &out->accepted);
	rc = tx_end(c, rc);
	if (rc != STORE_OK) {
		out->numero[0] = '\0';
		out->id = 0;
		memset(&out->accepted, 0, sizeof(out->accepted));
		out->accepted.result = CUSTOMS_NOT_ALLOWED;
		return rc < 0 ? rc : DB_ERR;
	}
	return 0;
}

int edoc_annul(struct db_conn *c, const struct edoc_sender *s, long long id, const char *reason,
	       struct arena *a, enum edoc_annul_result *result)
{
	struct document_full d;
	char subject[128], date[TIMEFMT_LEN];
	int rc;

	*result = EDOC_ANNUL_NOT_FOUND;
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_document_get(c, id, s->oce_code, a, &d);
	if (rc == STORE_NOT_FOUND) {
		(void)tx_end(c, STORE_NOT_FOUND);   /* rolls back: nothing was written */
		return 0;
	}
	if (rc == STORE_OK) {
		/* From a state the table lets the declarant annul from (Registrado
		 * alone when no table is given); only if it is still in it. */
		enum wf_state to;
		bool may = s->customs ? wf_allowed(s->customs->rules, s->customs->n, wf_state_from(d.state), WF_ANULAR,
						   WF_BIT(WF_DECLARANTE), &to)
				      : strcmp(d.state, "Registrado") == 0;
		rc = may ? store_document_set_state(c, id, s->oce_code, d.state, "Anulado", s->now) : STORE_NOT_FOUND;
		if (rc == STORE_NOT_FOUND) {
			*result = EDOC_ANNUL_TOO_LATE;
			(void)tx_end(c, STORE_NOT_FOUND);
			return 0;
		}
	}
	if (rc == STORE_OK)
		rc = store_document_add_event(c, &(struct document_event_new){
			id, s->oce_code, d.numero, d.doc_type, s->now, s->user_id, d.state, "Anulado", reason });
	timefmt_ec(s->now, date);
	if (rc == STORE_OK) {
		/* Whole, in the arena: the reason is never cut inside a character. */
		const char *body = arena_printf(a,
			"El documento electrónico %s con número de entrega %s fue anulado el %s a pedido "
			"del operador.\nMotivo: %s", d.doc_type, d.numero, date, reason);
		snprintf(subject, sizeof(subject), "Anulación de e-Doc. %s %s", d.doc_type, d.numero);
		rc = body ? store_notice_add(c, s->user_id, "SENAE", "BUZON PERSONAL", subject, body, s->now) : DB_ERR;
	}
	if (rc == STORE_OK)
		rc = store_audit_user(c, "edoc_anulado", s->user_id, s->oce_code, s->addr, d.numero, s->now);
	rc = tx_end(c, rc);
	if (rc != STORE_OK)
		return rc < 0 ? rc : DB_ERR;
	*result = EDOC_ANNULLED;
	return 0;
}

int edoc_resend(struct db_conn *c, const struct edoc_sender *s, long long id, const char *xml, size_t n,
		struct arena *a, struct edoc_receipt *out, enum customs_result *result)
{
	struct document_full d;
	struct edoc_doc x;
	char subject[160], body[512];
	enum wf_state to;
	char *text;
	int rc;

	*result = CUSTOMS_NOT_FOUND;
	memset(&d, 0, sizeof(d));
	if (validate(c, s, xml, n, a, out, &x) != 0)
		return DB_ERR;
	if (!out->received)
		return 0;   /* the errors are in out; the document stays as it was */
	text = arena_strndup(a, xml, n);
	if (text == NULL || db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_document_get(c, id, s->oce_code, a, &d);
	if (rc == STORE_OK && strcmp(d.doc_type, edoc_type_code(x.type)) != 0)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK &&
	    (s->customs == NULL || !wf_allowed(s->customs->rules, s->customs->n, wf_state_from(d.state), WF_CORREGIR,
					       WF_BIT(WF_DECLARANTE), &to))) {
		*result = CUSTOMS_NOT_ALLOWED;
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_OK)
		rc = store_document_replace(c, id, s->oce_code, d.version, text, x.customs_district, wf_state_name(to),
					    s->now);
	if (rc == STORE_NOT_FOUND && *result == CUSTOMS_NOT_FOUND && d.id == id && d.numero &&
	    strcmp(d.doc_type, edoc_type_code(x.type)) == 0)
		*result = CUSTOMS_NOT_ALLOWED;   /* changed meanwhile */
	if (rc == STORE_OK)
		rc = store_document_add_event(c, &(struct document_event_new){
			id, s->oce_code, d.numero, d.doc_type, s->now, s->user_id, d.state, wf_state_name(to),
			"Documento corregido y reenviado" });
	if (rc == STORE_OK) {
		snprintf(subject, sizeof(subject), "Recepción de corrección de e-Doc. %s %s", d.doc_type, d.numero);
		snprintf(body, sizeof(body),
			 "El documento electrónico %s corregido fue recibido con el mismo número de entrega %s.\n"
			 "Estado del Documento: Registrado.", d.doc_type, d.numero);
		rc = store_notice_add(c, s->user_id, "SENAE", "BUZON PERSONAL", subject, body, s->now);
	}
	if (rc == STORE_OK)
		rc = store_audit_user(c, "edoc_corregido", s->user_id, s->oce_code, s->addr, d.numero, s->now);
	if (rc == STORE_OK)
		rc = customs_auto_accept(c, s->customs, id, s->now, a, &out->accepted);
	rc = tx_end(c, rc);
	if (rc == STORE_NOT_FOUND)
		return 0;
	if (rc != STORE_OK) {
		out->accepted.result = CUSTOMS_NOT_ALLOWED;
		return rc < 0 ? rc : DB_ERR;
	}
	snprintf(out->numero, sizeof(out->numero), "%s", d.numero);
	out->id = id;
	*result = CUSTOMS_DONE;
	return 0;
}
