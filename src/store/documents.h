/*
 * documents.h — e-documents operators send: the types and who may send
 * them, the número de entrega's sequence, the documents with their errors
 * and their events (state changes).
 */
#ifndef ADUANA_STORE_DOCUMENTS_H
#define ADUANA_STORE_DOCUMENTS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "store/store.h"

/* The next número de entrega sequence of an OCE code and year (1 for the
 * first), in one statement.  Call it inside the transaction that stores the
 * document: a rollback gives the number back, so the sequence has no gaps. */
int store_entrega_next(struct db_conn *c, const char *oce_code, int year, long long *seq);
/* STORE_OK when OCE type oce_type may send doc_type, STORE_NOT_FOUND if not. */
int store_doc_type_sender(struct db_conn *c, const char *doc_type, const char *oce_type);

struct doc_type_rec {
	const char *code, *name, *name_en, *ns;   /* arena */
	int may_send;            /* the OCE type asked about may send it */
};

/* Every document type, in order, with whether oce_type (NULL: none) may
 * send it. */
int store_doc_types(struct db_conn *c, const char *oce_type, struct arena *a,
		    struct doc_type_rec **out, size_t *n);

struct document_new {
	const char *numero;          /* NULL for a refused sending */
	const char *doc_type, *oce_code;
	long long user_id;
	char channel;                /* 'P' portal, 'S' the operator's software */
	const char *transmission;    /* "Recibido" or "Error" */
	const char *state;           /* "Registrado", or NULL for a refused sending */
	const char *district;        /* NULL when the document has none */
	const char *xml;
	long long now;
};

int store_document_add(struct db_conn *c, const struct document_new *d, long long *id);
int store_document_add_error(struct db_conn *c, long long id, int n, const char *path,
			     const char *field, long line, const char *message);
/* A state change of a document (its first state too: from_state NULL). */
struct document_event_new {
	long long document_id;
	const char *oce_code;        /* the document's */
	const char *numero;          /* the document's; NULL or "" when refused */
	const char *doc_type;
	long long at;
	long long user_id;           /* 0: the system */
	const char *from_state, *to_state;
	const char *reason;          /* NULL: none */
};
int store_document_add_event(struct db_conn *c, const struct document_event_new *e);

/* A row of the lists (Estado de Trámite Integral, 1.8). */
struct document_row {
	long long id;
	const char *numero;          /* "" for a refused sending */
	const char *doc_type;        /* arena; its names are in doc_type (store_doc_types) */
	const char *transmission;
	const char *state;           /* "" for a refused sending */
	long long created_at;
	char channel;                /* 'P' portal, 'S' the operator's software (store_sendings_page) */
	long long nerrors;           /* errors kept, of a refused sending (store_sendings_page) */
};

/* What a list shows: one OCE code's documents sent in [from, to), optionally
 * of one type, in one state ("Error" for refused transmissions), with one
 * número de entrega.  Empty strings mean "any". */
struct document_filter {
	const char *oce_code;
	const char *doc_type;
	const char *state;
	const char *numero;
	long long from, to;
	const char *transmission;    /* "Recibido", "Error"; "" or NULL: any */
};

struct document_key {
	long long at, id;
};

/* How many documents match. */
int store_documents_count(struct db_conn *c, const struct document_filter *f, long long *total);
/* Up to limit matching documents, newest first, older than key (NULL: from
 * the newest): read from the index alone.  store_sendings_page also gives
 * each one's channel and count of errors (1.8). */
int store_sendings_page(struct db_conn *c, const struct document_filter *f,
			const struct document_key *key, size_t limit, struct arena *a,
			struct document_row **out, size_t *n);
int store_documents_page(struct db_conn *c, const struct document_filter *f,
			 const struct document_key *key, size_t limit, struct arena *a,
			 struct document_row **out, size_t *n);

/* The first page and the total in one statement (the list's usual request:
 * one round trip fewer than count + page). */
int store_documents_first_page(struct db_conn *c, const struct document_filter *f, size_t limit,
			       struct arena *a, struct document_row **out, size_t *n, long long *total);

/* The engine's plan of the first page with its total of f, one line per
 * plan row, appended to out (the benchmarks print it). */
int store_documents_plan(struct db_conn *c, const struct document_filter *f, struct buf *out);

/* One document as its detail shows it. */
struct document_full {
	long long id;
	const char *numero;          /* "" for a refused sending */
	const char *doc_type, *doc_name, *doc_name_en;
	const char *oce_code;
	const char *usuario;         /* who sent it */
	char channel;                /* 'P' or 'S' */
	const char *transmission, *state;   /* state "" for a refused sending */
	long long version;
	long long created_at, updated_at;
	size_t xml_len;              /* bytes of the document sent */
	long long user_id;           /* who sent it */
	const char *district;        /* "" when it has none */
	const char *canal;           /* its canal de aforo (risk.h codes), "" when none */
};

/* Document id when it belongs to oce_code (STORE_NOT_FOUND otherwise: the
 * same answer for another OCE's document as for none). */
int store_document_get(struct db_conn *c, long long id, const char *oce_code, struct arena *a,
		       struct document_full *out);
/* The same for customs: a received document (not a refused sending) of
 * district ("" for the documents with none), or of any district when
 * district is NULL. */
int store_document_get_in(struct db_conn *c, long long id, const char *district, struct arena *a,
			  struct document_full *out);
/* Its XML (NUL-terminated, in a; *n bytes), under the same condition. */
int store_document_xml(struct db_conn *c, long long id, const char *oce_code, struct arena *a,
		       const char **xml, size_t *n);
/* Its XML whoever sent it: for a caller that has checked access first
 * (store_document_get_in), and for the services. */
int store_document_xml_any(struct db_conn *c, long long id, struct arena *a, const char **xml, size_t *n);

struct document_error_rec {
	int n;
	const char *path, *field, *message;
	long line;
};
int store_document_errors(struct db_conn *c, long long id, struct arena *a,
			  struct document_error_rec **out, size_t *n);

struct document_event_rec {
	long long at;
	const char *usuario;         /* "" for the system */
	const char *from_state;      /* "" for the first event */
	const char *to_state, *reason;
};
/* Its events, oldest first. */
int store_document_events(struct db_conn *c, long long id, struct arena *a,
			  struct document_event_rec **out, size_t *n);

/* Moves document id of oce_code from state from to state to (version + 1):
 * STORE_OK, or STORE_NOT_FOUND when it is not in state from (any more). */
int store_document_set_state(struct db_conn *c, long long id, const char *oce_code,
			     const char *from, const char *to, long long now);

/* A corrected document: its XML and district replaced and its state set to
 * `to`, only while it is at `version` (STORE_NOT_FOUND otherwise). */
int store_document_replace(struct db_conn *c, long long id, const char *oce_code, long long version,
			   const char *xml, const char *district, const char *to, long long now);

/* 1.3: the state changes of one OCE code's documents in [from, to), newest
 * first, optionally of one número and matching a search (folded). */
struct event_filter {
	const char *oce_code;
	long long from, to;
	const char *numero;          /* "" or NULL: any */
	const char *q;               /* "" or NULL: no search */
};
struct event_row {
	long long id, document_id, at;
	const char *numero, *doc_type, *doc_name, *doc_name_en, *from_state, *to_state, *reason, *usuario;
};
int store_events_count(struct db_conn *c, const struct event_filter *f, struct arena *a, long long *total);
/* Up to limit events older than key (NULL: from the newest). */
int store_events_page(struct db_conn *c, const struct event_filter *f, const struct document_key *key,
		      size_t limit, struct arena *a, struct event_row **out, size_t *n);

#endif
