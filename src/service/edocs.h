/*
 * edocs.h — sending an e-document (1.6 e-Documentos): one path for the web
 * form, the upload and, later, the operators' own software.
 *
 * The XML is parsed and checked (domain/edoc.h: schema, then business
 * rules, with the code lists of the store), then the sender is checked: the
 * declarant's OCE code must be the one the user acts under, and the OCE's
 * type must be one that may send the document's type (doc_type_sender).
 *   valid   → in one transaction: the next número de entrega of the OCE
 *             code and year, the document (transmission Recibido, state
 *             Registrado), its first event, a notice "Recepción de e-Doc."
 *             in the sender's mailbox and the audit row;
 *   refused → transmission Error, no número, its errors kept (when the type
 *             is known: a document of no known type is not stored), with its
 *             event and audit row.
 * Nothing is half-stored: a failure of the store rolls the whole sending back
 * (and its número with it: the sequence stays gapless).
 */
#ifndef ADUANA_SERVICE_EDOCS_H
#define ADUANA_SERVICE_EDOCS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/edoc.h"
#include "domain/entrega.h"
#include "service/customs.h"

struct edoc_sender {
	long long user_id;
	const char *oce_code;      /* the OCE code the user acts under */
	const char *oce_type;      /* its type */
	const char *addr;          /* for the audit trail */
	char channel;              /* 'P' portal, 'S' the operator's software */
	long long now;
	const struct customs_tables *customs;   /* the state machine, for the electronic
	                              acceptance of a DAI or DAE (NULL: none) */
};

struct edoc_receipt {
	bool received;             /* Recibido (with a número) or refused */
	enum edoc_type type;       /* EDOC_NONE when not even the type is known */
	char numero[ENTREGA_LEN + 1];   /* "" when refused */
	long long id;              /* the document's row; 0 when not stored */
	struct edoc_errors errs;   /* errors (refused) and warnings (either way), arena */
	struct customs_outcome accepted;   /* .result CUSTOMS_DONE when the system accepted
	                              it at once (its number, channel, maybe released) */
};

/* 0 with *out filled (received or refused: see out->received), or a
 * negative error when the store failed (nothing was stored). */
int edoc_send(struct db_conn *c, const struct edoc_sender *s, const char *xml, size_t n,
	      struct arena *a, struct edoc_receipt *out);

/* The same checks without storing anything ("Revisar" of the form): out
 * says whether the document would be received, and why not. */
int edoc_check(struct db_conn *c, const struct edoc_sender *s, const char *xml, size_t n,
	       struct arena *a, struct edoc_receipt *out);

/* What edoc_annul found. */
enum edoc_annul_result {
	EDOC_ANNULLED = 0,      /* now Anulado, with its event, notice and audit row */
	EDOC_ANNUL_NOT_FOUND,   /* no such document of the sender's OCE code */
	EDOC_ANNUL_TOO_LATE,    /* customs has acted on it (or it was refused): not Registrado */
};

/*
 * Anular: the sender cancels a document of its OCE code while it is still
 * Registrado (customs has not acted on it), giving a reason.  In one
 * transaction: the state (only if it is still Registrado: a change made
 * meanwhile wins), the event with the reason, a notice "Anulación de e-Doc."
 * and the audit row.  0 with *result set, or a negative store error
 * (nothing changed).
 */
int edoc_annul(struct db_conn *c, const struct edoc_sender *s, long long id, const char *reason,
	       struct arena *a, enum edoc_annul_result *result);

/*
 * Corrige: the declarant re-sends a document customs returned for correction
 * (Subsanación), keeping its número de entrega.  The new XML goes through the
 * same validation; when it passes, in one transaction: the document's XML
 * and district are replaced and it goes back to Registrado (only if it is
 * still in Subsanación and the table lets the declarant "corregir"), with
 * its event, a notice and the audit row; then the electronic acceptance may
 * follow, as for a new sending.  When it does not pass, nothing is stored
 * (out->received false, the errors in out).  *result: CUSTOMS_DONE,
 * CUSTOMS_NOT_FOUND (no such document of the sender's OCE code, or of
 * another type), CUSTOMS_NOT_ALLOWED (not in Subsanación any more).
 */
int edoc_resend(struct db_conn *c, const struct edoc_sender *s, long long id, const char *xml, size_t n,
		struct arena *a, struct edoc_receipt *out, enum customs_result *result);

#endif
