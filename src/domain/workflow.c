/*
 * workflow.c — see workflow.h.
 */
#include "domain/workflow.h"

#include <string.h>

#include "core/str.h"

static const char *const state_names[WF_NSTATES] = {
	"", "Registrado", "Aceptado", "Rechazado", "Aprobado", "Negado", "Subsanación", "Anulado",
};
static const char *const action_names[WF_NACTIONS] = {
	"", "aceptar", "rechazar", "observar", "corregir", "aprobar", "negar", "anular", "reasignar",
	"cambiar_canal",
};
static const char *const action_labels[WF_NACTIONS] = {
	"", "Aceptar", "Rechazar", "Solicitar subsanación", "Corregir y reenviar", "Aprobar (autorizar salida)",
	"Negar", "Anular", "Reasignar", "Cambiar canal de aforo",
};
static const char *const actor_names[WF_NACTORS] = {
	"declarante", "sistema", "recepcion", "aforo", "supervisor", "admin",
};

const char *wf_state_name(enum wf_state s)
{
	return (unsigned)s < WF_NSTATES ? state_names[s] : "";
}

const char *wf_action_name(enum wf_action a)
{
	return (unsigned)a < WF_NACTIONS ? action_names[a] : "";
}

const char *wf_action_label(enum wf_action a)
{
	return (unsigned)a < WF_NACTIONS ? action_labels[a] : "";
}

const char *wf_actor_name(enum wf_actor a)
{
	return (unsigned)a < WF_NACTORS ? actor_names[a] : "";
}

enum wf_state wf_state_from(const char *s)
{
	for (int i = 1; s && i < WF_NSTATES; i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum wf_state)i;
	return WF_NONE;
}

enum wf_action wf_action_from(const char *s)
{
	for (int i = 1; s && i < WF_NACTIONS; i++)
		if (strcmp(s, action_names[i]) == 0)
			return (enum wf_action)i;
	return WF_A_NONE;
}

int wf_actor_from(const char *s)
{
	for (int i = 0; s && i < WF_NACTORS; i++)
		if (strcmp(s, actor_names[i]) == 0)
			return i;
	return -1;
}

bool wf_needs_reason(enum wf_action a, bool inspected)
{
	switch (a) {
	case WF_RECHAZAR:
	case WF_OBSERVAR:
	case WF_NEGAR:
	case WF_ANULAR:
	case WF_REASIGNAR:
	case WF_CAMBIAR_CANAL:
		return true;
	case WF_APROBAR:
		return inspected;
	default:
		return false;
	}
}

unsigned wf_actors_of_roles(const char *roles)
{
	struct str rest = str_from(roles), item;
	unsigned set = 0;

	while (rest.p != NULL && rest.n > 0) {
		int a;
		char name[32];

		rest = str_cut(rest, ',', &item);
		item = str_trim(item);
		if (item.n == 0 || item.n >= sizeof(name))
			continue;
		memcpy(name, item.p, item.n);
		name[item.n] = '\0';
		a = wf_actor_from(name);
		/* An officer's roles are officers' actors: never the declarant or the system. */
		if (a >= WF_RECEPCION)
			set |= WF_BIT(a);
	}
	return set;
}

bool wf_allowed(const struct wf_rule *rules, size_t n, enum wf_state from, enum wf_action action,
		unsigned actors, enum wf_state *to)
{
	*to = WF_NONE;
	for (size_t i = 0; i < n; i++)
		if (rules[i].action == action && rules[i].from == from && (actors & WF_BIT(rules[i].actor))) {
			*to = rules[i].to;
			return true;
		}
	return false;
}

unsigned wf_actions(const struct wf_rule *rules, size_t n, enum wf_state from, unsigned actors)
{
	unsigned set = 0;

	for (size_t i = 0; i < n; i++)
		if (rules[i].from == from && (actors & WF_BIT(rules[i].actor)))
			set |= WF_BIT(rules[i].action);
	return set;
}

static bool keeps_state(enum wf_action a)
{
	return a == WF_REASIGNAR || a == WF_CAMBIAR_CANAL;
}

int wf_table_check(const struct wf_rule *rules, size_t n, size_t *bad)
{
	for (size_t i = 0; i < n; i++) {
		const struct wf_rule *r = &rules[i];
		bool ok = r->action > WF_A_NONE && (unsigned)r->action < WF_NACTIONS && r->from > WF_NONE &&
			  (unsigned)r->from < WF_NSTATES && r->to > WF_NONE && (unsigned)r->to < WF_NSTATES &&
			  (unsigned)r->actor < WF_NACTORS && (keeps_state(r->action) == (r->from == r->to));
		for (size_t j = 0; ok && j < i; j++)
			if (rules[j].action == r->action && rules[j].from == r->from && rules[j].to != r->to)
				ok = false;   /* one action from one state leads to one state, whoever does it */
		if (!ok) {
			*bad = i;
			return -1;
		}
	}
	return 0;
}
