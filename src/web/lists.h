/*
 * lists.h — what the document lists share (Estado de Trámite Integral, 1.3,
 * 1.8): the period filter, the número de entrega filter, and the address of
 * a list with its filters (for paging and downloads).
 */
#ifndef ADUANA_WEB_LISTS_H
#define ADUANA_WEB_LISTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#include "service/edocs.h"
#include "web/page.h"

/* The period of a list: periodo "hoy" (default), "semana" (the last 7 days,
 * today included), "mes" (the last 31), "rango" (desde..hasta, both days
 * included, in dd/mm/aaaa or aaaa-mm-dd; no hasta: up to today).  Days are
 * Ecuador's.  [from, to) in Unix seconds; a bad date adds its message to
 * c->errs (fields "desde", "hasta"). */
struct period {
	const char *periodo, *desde, *hasta;   /* as typed, never NULL */
	long long from, to;
};
void period_read(struct web_ctx *c, struct period *p);
/* The same with another default period than "hoy". */
void period_read_or(struct web_ctx *c, struct period *p, const char *def);

/* The parameter name when it is "" or a well-formed número de entrega;
 * otherwise adds the message to c->errs (field name).  Returns the value,
 * never NULL. */
const char *numero_read(struct web_ctx *c, const char *name);

/* path?name=value&... for the non-empty values, then extra ("despues=..."
 * or NULL), in the request's arena; path alone when the arena runs out. */
const char *list_href(struct web_ctx *c, const char *path, const char *const *names,
		      const char *const *values, size_t n, const char *extra);

/* Appends one CSV field (RFC 4180): quoted when it holds a comma, a quote
 * or a line break; then "," or, for the last of a record, CRLF. */
void csv_put_field(struct buf *b, const char *s, bool last);

/* A value of a parameter, or "". */
const char *param_or_empty(struct web_ctx *c, const char *name);

/* The operator of this request as the sender of e-documents (portal channel
 * P), with the state machine for the electronic acceptance. */
void sender_of(struct web_ctx *c, struct edoc_sender *s);

/* An officer's scope: their district, or NULL when one of their roles is
 * "nacional" (every district). */
const char *officer_district(const struct web_ctx *c);
/* The officer of this request as customs_act's actor. */
void officer_of(struct web_ctx *c, struct customs_actor *who);

#endif
