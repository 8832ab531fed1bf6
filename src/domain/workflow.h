/*
 * workflow.h — the states of a document and who may move it (pure).
 *
 * One state machine for every document customs receives:
 *
 *   Registrado --aceptar--> Aceptado --aprobar--> Aprobado
 *       |                       \----negar-----> Negado
 *       |--rechazar--> Rechazado
 *       |--observar--> Subsanación --corregir--> Registrado (the operator re-sends)
 *       \--anular----> Anulado (the operator before acceptance, a supervisor later)
 *
 * plus two acts that keep the state: "reasignar" (another district or
 * officer) and "cambiar_canal" (a new canal de aforo).
 *
 * Which actor may do which transition is data: a table of rules (action,
 * from, to, actor), kept in the store (table workflow_rule, migration 015)
 * and read once at start-up.  This module only answers questions about a
 * table it is given, so the rules can change without a new binary, and the
 * unit tests check every pair of states and actors against the table the
 * store ships.
 *
 * Actors: the declarant (the operator who sent the document), the system
 * (the risk engine and the electronic acceptance) and the officers' roles.
 */
#ifndef ADUANA_WORKFLOW_H
#define ADUANA_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

enum wf_state {
	WF_NONE = 0,          /* no state: a refused sending, or unknown text */
	WF_REGISTRADO,
	WF_ACEPTADO,
	WF_RECHAZADO,
	WF_APROBADO,
	WF_NEGADO,
	WF_SUBSANACION,
	WF_ANULADO
};
#define WF_NSTATES 8

enum wf_action {
	WF_A_NONE = 0,
	WF_ACEPTAR,           /* Registrado → Aceptado (declaration number, channel, liquidation) */
	WF_RECHAZAR,          /* → Rechazado, with a reason */
	WF_OBSERVAR,          /* → Subsanación, with the observations */
	WF_CORREGIR,          /* Subsanación → Registrado: the declarant re-sends */
	WF_APROBAR,           /* Aceptado → Aprobado: release (with the inspection result) */
	WF_NEGAR,             /* Aceptado → Negado, with a reason */
	WF_ANULAR,            /* → Anulado, with a reason */
	WF_REASIGNAR,         /* the same state, another district or officer */
	WF_CAMBIAR_CANAL      /* the same state (Aceptado), another canal de aforo */
};
#define WF_NACTIONS 10

enum wf_actor {
	WF_DECLARANTE = 0,    /* the operator whose OCE code sent the document */
	WF_SISTEMA,           /* the portal itself (electronic acceptance, canal automático) */
	WF_RECEPCION,         /* officer: accepts, rejects, observes */
	WF_AFORO,             /* officer: inspects, approves, denies */
	WF_SUPERVISOR,        /* officer: reassigns, annuls, changes a channel */
	WF_ADMIN              /* officer: users and rules */
};
#define WF_NACTORS 6

/* One row of the table: actor may do action from state from, which leads to
 * state to (to == from for the acts that keep the state). */
struct wf_rule {
	enum wf_action action;
	enum wf_state from, to;
	enum wf_actor actor;
};

/* Texts as the store and the pages spell them: "Registrado", "Subsanación"...
 * ("" for WF_NONE); "aceptar", "cambiar_canal"...; "declarante",
 * "sistema", "recepcion", "aforo", "supervisor", "admin". */
const char *wf_state_name(enum wf_state s);
const char *wf_action_name(enum wf_action a);
const char *wf_actor_name(enum wf_actor a);
/* The reverse: WF_NONE / WF_A_NONE / -1 when s is none of them. */
enum wf_state wf_state_from(const char *s);
enum wf_action wf_action_from(const char *s);
int wf_actor_from(const char *s);

/* The action's label on its button, in Spanish: "Aceptar", "Solicitar
 * subsanación"... */
const char *wf_action_label(enum wf_action a);

/* Whether the action must carry a reason (rechazar, observar, negar,
 * anular, reasignar, cambiar_canal; aprobar when the channel needs an
 * inspection: the reason is then its result). */
bool wf_needs_reason(enum wf_action a, bool inspected);

/* The set of actors an officer's roles give ("recepcion,aforo" → the bits of
 * WF_RECEPCION and WF_AFORO); unknown roles give nothing. */
unsigned wf_actors_of_roles(const char *roles);
#define WF_BIT(actor) (1u << (unsigned)(actor))

/*
 * May one of the actors in the set `actors` (WF_BIT ORed) do action on a
 * document in state from?  True with *to set when a rule of the table says
 * so; false (and *to = WF_NONE) otherwise.
 */
bool wf_allowed(const struct wf_rule *rules, size_t n, enum wf_state from, enum wf_action action,
		unsigned actors, enum wf_state *to);

/* The actions any of `actors` may do from state from, as WF_BIT(action)
 * bits (what the page offers). */
unsigned wf_actions(const struct wf_rule *rules, size_t n, enum wf_state from, unsigned actors);

/* Checks a table read from the store: every rule's action, states and
 * actor known; to == from exactly for the acts that keep the state; the
 * same (action, from, actor) never leading to two states.  -1 with the
 * index of the first bad rule in *bad, or 0. */
int wf_table_check(const struct wf_rule *rules, size_t n, size_t *bad);

#endif
