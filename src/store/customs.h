/*
 * customs.h — what customs keeps about the documents it processes: the
 * state machine's rules, the canal de aforo's rule sets, the demonstration
 * tariff rates, the numbers of accepted declarations with their risk
 * decision and liquidation, the officers' queue and the requests to change
 * a channel (migration 015).
 */
#ifndef ADUANA_STORE_CUSTOMS_H
#define ADUANA_STORE_CUSTOMS_H

#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/liquidation.h"
#include "domain/risk.h"
#include "domain/workflow.h"
#include "store/documents.h"
#include "store/store.h"

/* Every row of workflow_rule; DB_ERR when a row holds a name the domain does
 * not know (the table was edited wrongly: the server does not start). */
int store_workflow_rules(struct db_conn *c, struct arena *a, struct wf_rule **out, size_t *n);

/* The rule set in force (the highest version), its rules in order. */
int store_risk_current(struct db_conn *c, struct arena *a, struct risk_set *out);
/* A rule set as version `version` (the one in force + 1: STORE_NOT_FOUND when
 * another admin saved one meanwhile, DB_CONSTRAINT from the key). */
int store_risk_add(struct db_conn *c, const struct risk_set *set, long long user_id, const char *note,
		   long long now);
struct risk_version_row {
	long long version, created_at, nrules;
	const char *usuario, *note;     /* usuario "" for the shipped set */
	int auto_accept;
	const char *default_canal;
};
/* The versions, newest first, at most limit. */
int store_risk_versions(struct db_conn *c, size_t limit, struct arena *a, struct risk_version_row **out,
			size_t *n);

/* Every row of tariff_rate. */
int store_tariff_rates(struct db_conn *c, struct arena *a, struct liq_rate **out, size_t *n);

/* Next sequences (1 for the first), inside the accepting transaction. */
int store_declaration_next(struct db_conn *c, const char *district, int year, const char *regime,
			   long long *seq);
int store_liquidation_next(struct db_conn *c, const char *district, int year, long long *seq);

/* The OCE code's record, for the risk rules: declarations accepted before
 * and declarations rejected or denied since `since`. */
int store_operator_record(struct db_conn *c, const char *oce_code, long long since, long long *accepted,
			  long long *bad);

/* What the acceptance of a DAI or DAE decided. */
struct customs_rec {
	long long document_id;
	const char *declaration;
	long long accepted_at;
	long long accepted_by;         /* 0: the system */
	const char *accepted_usuario;  /* read: "" for the system */
	long long risk_version;
	int risk_rule;                 /* 1-based position; 0: the set's default */
	const char *risk_why;
	const char *liquidation;       /* "" when none (a DAE) */
	struct liq_result liq;
};
int store_customs_add(struct db_conn *c, const struct customs_rec *r);
/* STORE_NOT_FOUND when the document was never accepted. */
int store_customs_get(struct db_conn *c, long long document_id, struct arena *a, struct customs_rec *out);

/*
 * Moves a document from state `from` to `to` when its version is still
 * `version` (optimistic check: STORE_NOT_FOUND when another officer changed
 * it meanwhile); canal and district are set when not NULL.  version + 1.
 */
int store_document_move(struct db_conn *c, long long id, long long version, const char *from, const char *to,
			const char *canal, const char *district, long long now);

/* The officers' queue: received documents of a district ("" the ones with
 * none, NULL every district), optionally of a type, state and canal ("" any),
 * sent in [from, to). */
struct queue_filter {
	const char *district;
	const char *doc_type, *state, *canal;
	long long from, to;
	int pending_canal;             /* only those with a pending request to change the channel */
};
struct queue_row {
	long long id, created_at, version;
	const char *numero, *doc_type, *oce_code, *state, *canal, *district;
};
int store_queue_count(struct db_conn *c, const struct queue_filter *f, long long *total);
/* Oldest first (a queue is worked from its head), after key (NULL: from the start). */
int store_queue_page(struct db_conn *c, const struct queue_filter *f, const struct document_key *key,
		     size_t limit, struct arena *a, struct queue_row **out, size_t *n);

/* Requests to change the canal de aforo. */
struct canal_request_rec {
	long long id, document_id, requested_by, requested_at, decided_at;
	const char *usuario;           /* who asked */
	const char *canal, *reason, *state, *decision, *decided_usuario;
};
int store_canal_request_add(struct db_conn *c, long long document_id, long long user_id, const char *canal,
			    const char *reason, long long now, long long *id);
/* The document's requests, oldest first. */
int store_canal_requests(struct db_conn *c, long long document_id, struct arena *a,
			 struct canal_request_rec **out, size_t *n);
/* Decides the pending request id of document_id: STORE_NOT_FOUND when it is
 * not pending (any more). */
int store_canal_request_decide(struct db_conn *c, long long id, long long document_id, const char *state,
			       long long user_id, const char *decision, long long now);

#endif
