/*
 * customs.h — customs processes what operators send: the officers' acts on a
 * document, the electronic acceptance by the system, the canal de aforo,
 * the liquidation, and the declarant's request to change the channel.
 *
 * Every act is one transaction: the state (only when the document is still
 * at the version the officer saw: a concurrent change wins and the other is
 * told), the history row (who, when, from, to, reason), a notice in the
 * mailbox of the user who sent the document with the número de entrega in
 * its subject, and the audit row.  Who may do what is the table of
 * domain/workflow.h, read from the store at start-up.
 *
 * Accepting a DAI or DAE also: allocates the declaration number (gapless per
 * district, year and regime), decides the canal de aforo with the rule set
 * in force (domain/risk.h; the decision keeps the rule and why), computes
 * the liquidation of a DAI (domain/liquidation.h, demonstration rates) with
 * its number, and sends the "Notificación de Aceptado" and the "Notificación
 * de Canal de Aforo".  With the automatic channel the release is authorised
 * at once by the system: the document goes on to Aprobado in the same
 * transaction.
 */
#ifndef ADUANA_SERVICE_CUSTOMS_H
#define ADUANA_SERVICE_CUSTOMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/declnum.h"
#include "domain/risk.h"
#include "domain/workflow.h"

/* The state machine's table (read once at start-up). */
struct customs_tables {
	const struct wf_rule *rules;
	size_t n;
};

/* Who acts: an officer (their roles as WF_BIT actors, their district: NULL
 * for an officer who sees every district), or the system (user_id 0,
 * actors WF_BIT(WF_SISTEMA)). */
struct customs_actor {
	long long user_id;
	unsigned actors;
	const char *district;
	const char *addr;
	long long now;
};

struct customs_act {
	long long id;
	long long version;         /* the version the officer saw */
	enum wf_action action;
	const char *reason;        /* "" or NULL: none */
	const char *canal;         /* cambiar_canal: the new channel (risk.h code) */
	const char *district;      /* reasignar: the new district */
	long long request_id;      /* cambiar_canal answering a request: its id (0: none) */
	bool deny_request;         /* with request_id: deny it instead (the channel stays) */
};

enum customs_result {
	CUSTOMS_DONE = 0,
	CUSTOMS_NOT_FOUND,         /* no such document for this actor (or district) */
	CUSTOMS_CHANGED,           /* someone changed it since the version given */
	CUSTOMS_NOT_ALLOWED,       /* the table does not let this actor do it from this state */
	CUSTOMS_NEED_REASON,       /* this act must say why */
	CUSTOMS_BAD_VALUE,         /* an unknown channel or district, the same one, or no request pending */
};

struct customs_outcome {
	enum customs_result result;
	enum wf_state to;          /* the state it ends in */
	char declaration[DECLNUM_LEN + 1];   /* accepted DAI / DAE */
	bool has_canal;
	enum risk_canal canal;
	bool released;             /* the automatic channel took it to Aprobado */
};

/* 0 with out->result set, or a negative store error (nothing changed). */
int customs_act(struct db_conn *c, const struct customs_tables *t, const struct customs_actor *who,
		const struct customs_act *act, struct arena *a, struct customs_outcome *out);

/*
 * The electronic acceptance, inside the caller's transaction (edoc_send and
 * the re-sending of a corrected document call it right after storing): when
 * the rule set in force says so and the table lets the system accept, a
 * DAI or DAE is accepted (and maybe released) as customs_act would.  0 (out
 * says whether it was), or a store error (the caller rolls back).
 */
int customs_auto_accept(struct db_conn *c, const struct customs_tables *t, long long id, long long now,
			struct arena *a, struct customs_outcome *out);

/* The declarant's side of a document: its OCE code and user. */
struct customs_declarant {
	long long user_id;
	const char *oce_code;
	const char *addr;
	long long now;
};

/*
 * The declarant asks for another channel, a physical one (canal
 * "fisico_no_intrusivo" or "fisico_intrusivo", more severe than the one it
 * has) for an Aceptado DAI or DAE of its OCE code, with a reason; a
 * supervisor decides (customs_act with request_id).  One request pending at
 * a time.  0 with *result: CUSTOMS_DONE, CUSTOMS_NOT_FOUND, CUSTOMS_NOT_ALLOWED
 * (not Aceptado, no channel, or a request already pending), CUSTOMS_BAD_VALUE
 * (not a physical channel more severe than the current), CUSTOMS_NEED_REASON.
 */
int customs_request_canal(struct db_conn *c, const struct customs_declarant *d, long long id,
			  const char *canal, const char *reason, struct arena *a, enum customs_result *result);

/*
 * An admin saves a new version of the canal de aforo's rules: `next` with
 * next->version = the version the admin saw + 1.  CUSTOMS_CHANGED when
 * another admin saved one meanwhile (nothing written), CUSTOMS_BAD_VALUE
 * when a rule is not valid (risk_rule_error), else CUSTOMS_DONE with the
 * audit row.
 */
int customs_rules_save(struct db_conn *c, long long user_id, const char *addr, long long now,
		       const struct risk_set *next, const char *note, enum customs_result *result);

#endif
