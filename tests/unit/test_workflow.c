/*
 * test_workflow.c — the state machine (src/domain/workflow.c), on the table
 * the store ships (migration 015; test_customs.c checks the store holds
 * exactly wf_shipped below).
 */
#include <criterion/criterion.h>
#ifndef TestSuite
#define TestSuite(...)
#endif

#include <string.h>

#include "domain/workflow.h"
#include "wf_shipped.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What the shipped table must allow: for each state and action, the actors
 * that may and the state it leads to.  Everything not listed is refused. */
struct expect {
	enum wf_state from;
	enum wf_action action;
	unsigned actors;
	enum wf_state to;
};

#define A(x) WF_BIT(WF_##x)
static const struct expect allowed[] = {
	{ WF_REGISTRADO, WF_ACEPTAR, A(SISTEMA) | A(RECEPCION) | A(SUPERVISOR), WF_ACEPTADO },
	{ WF_REGISTRADO, WF_RECHAZAR, A(RECEPCION) | A(SUPERVISOR), WF_RECHAZADO },
	{ WF_REGISTRADO, WF_OBSERVAR, A(RECEPCION) | A(SUPERVISOR), WF_SUBSANACION },
	{ WF_REGISTRADO, WF_ANULAR, A(DECLARANTE) | A(SUPERVISOR), WF_ANULADO },
	{ WF_REGISTRADO, WF_REASIGNAR, A(SUPERVISOR), WF_REGISTRADO },
	{ WF_SUBSANACION, WF_CORREGIR, A(DECLARANTE), WF_REGISTRADO },
	{ WF_SUBSANACION, WF_ANULAR, A(DECLARANTE) | A(SUPERVISOR), WF_ANULADO },
	{ WF_ACEPTADO, WF_APROBAR, A(SISTEMA) | A(AFORO) | A(SUPERVISOR), WF_APROBADO },
	{ WF_ACEPTADO, WF_NEGAR, A(AFORO) | A(SUPERVISOR), WF_NEGADO },
	{ WF_ACEPTADO, WF_ANULAR, A(SUPERVISOR), WF_ANULADO },
	{ WF_ACEPTADO, WF_REASIGNAR, A(SUPERVISOR), WF_ACEPTADO },
	{ WF_ACEPTADO, WF_CAMBIAR_CANAL, A(SUPERVISOR), WF_ACEPTADO },
};

static const struct expect *find(enum wf_state s, enum wf_action a)
{
	for (size_t i = 0; i < N(allowed); i++)
		if (allowed[i].from == s && allowed[i].action == a)
			return &allowed[i];
	return NULL;
}

Test(workflow, every_state_action_and_actor_allowed_or_refused_as_shipped)
{
	size_t yes = 0, no = 0;

	for (int s = WF_NONE; s < WF_NSTATES; s++)
		for (int a = WF_A_NONE; a < WF_NACTIONS; a++)
			for (int r = 0; r < WF_NACTORS; r++) {
				const struct expect *e = find((enum wf_state)s, (enum wf_action)a);
				bool want = e && (e->actors & WF_BIT(r));
				enum wf_state to;
				bool got = wf_allowed(wf_shipped, N(wf_shipped), (enum wf_state)s, (enum wf_action)a,
						      WF_BIT(r), &to);
				cr_assert_eq(got, want, "%s --%s--> by %s: %s expected", wf_state_name((enum wf_state)s),
					     wf_action_name((enum wf_action)a), wf_actor_name((enum wf_actor)r),
					     want ? "allowed" : "refused");
				cr_assert_eq(to, want ? e->to : WF_NONE);
				if (want)
					yes++;
				else
					no++;
			}
	cr_assert_eq(yes, N(wf_shipped));   /* one shipped rule per allowed (state, action, actor) */
	cr_assert_eq(yes + no, (size_t)WF_NSTATES * WF_NACTIONS * WF_NACTORS);
}

Test(workflow, final_states_allow_nothing_to_anyone)
{
	static const enum wf_state finals[] = { WF_RECHAZADO, WF_APROBADO, WF_NEGADO, WF_ANULADO, WF_NONE };
	unsigned everyone = (1u << WF_NACTORS) - 1;

	for (size_t i = 0; i < N(finals); i++)
		cr_assert_eq(wf_actions(wf_shipped, N(wf_shipped), finals[i], everyone), 0u, "%s",
			     wf_state_name(finals[i]));
}

Test(workflow, a_set_of_actors_gets_the_union_of_their_actions)
{
	unsigned rec = wf_actions(wf_shipped, N(wf_shipped), WF_REGISTRADO, WF_BIT(WF_RECEPCION));
	unsigned afo = wf_actions(wf_shipped, N(wf_shipped), WF_REGISTRADO, WF_BIT(WF_AFORO));
	unsigned both = wf_actions(wf_shipped, N(wf_shipped), WF_REGISTRADO,
				   WF_BIT(WF_RECEPCION) | WF_BIT(WF_AFORO));
	enum wf_state to;

	cr_assert_eq(rec, WF_BIT(WF_ACEPTAR) | WF_BIT(WF_RECHAZAR) | WF_BIT(WF_OBSERVAR));
	cr_assert_eq(afo, 0u);   /* aforo does nothing to a document not yet accepted */
	cr_assert_eq(both, rec);
	cr_assert(wf_allowed(wf_shipped, N(wf_shipped), WF_ACEPTADO, WF_APROBAR,
			     WF_BIT(WF_RECEPCION) | WF_BIT(WF_AFORO), &to));
	cr_assert_eq(to, WF_APROBADO);
	cr_assert_not(wf_allowed(wf_shipped, N(wf_shipped), WF_ACEPTADO, WF_APROBAR, 0, &to));
}

Test(workflow, roles_text_gives_officer_actors_only)
{
	cr_assert_eq(wf_actors_of_roles("recepcion,aforo"), WF_BIT(WF_RECEPCION) | WF_BIT(WF_AFORO));
	cr_assert_eq(wf_actors_of_roles(" supervisor , admin "), WF_BIT(WF_SUPERVISOR) | WF_BIT(WF_ADMIN));
	/* An officer can never pass for the declarant or the system. */
	cr_assert_eq(wf_actors_of_roles("declarante,sistema,jefe,"), 0u);
	cr_assert_eq(wf_actors_of_roles(""), 0u);
	cr_assert_eq(wf_actors_of_roles(NULL), 0u);
	cr_assert_eq(wf_actors_of_roles("recepcionxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), 0u);
}

Test(workflow, names_round_trip)
{
	for (int s = 1; s < WF_NSTATES; s++)
		cr_assert_eq((int)wf_state_from(wf_state_name((enum wf_state)s)), s);
	for (int a = 1; a < WF_NACTIONS; a++) {
		cr_assert_eq((int)wf_action_from(wf_action_name((enum wf_action)a)), a);
		cr_assert_neq(wf_action_label((enum wf_action)a)[0], '\0');
	}
	for (int r = 0; r < WF_NACTORS; r++)
		cr_assert_eq(wf_actor_from(wf_actor_name((enum wf_actor)r)), r);
	cr_assert_eq(wf_state_from("Subsanacion"), WF_NONE);   /* spelled as stored, with its accent */
	cr_assert_eq(wf_state_from(NULL), WF_NONE);
	cr_assert_eq(wf_action_from("ACEPTAR"), WF_A_NONE);
	cr_assert_eq(wf_actor_from("x"), -1);
	cr_assert_str_eq(wf_state_name((enum wf_state)99), "");
}

Test(workflow, reasons_required_where_a_person_must_say_why)
{
	cr_assert(wf_needs_reason(WF_RECHAZAR, false));
	cr_assert(wf_needs_reason(WF_OBSERVAR, false));
	cr_assert(wf_needs_reason(WF_NEGAR, false));
	cr_assert(wf_needs_reason(WF_ANULAR, false));
	cr_assert(wf_needs_reason(WF_CAMBIAR_CANAL, false));
	cr_assert(wf_needs_reason(WF_REASIGNAR, false));
	cr_assert_not(wf_needs_reason(WF_ACEPTAR, false));
	cr_assert_not(wf_needs_reason(WF_APROBAR, false));   /* automático: nothing was inspected */
	cr_assert(wf_needs_reason(WF_APROBAR, true));        /* the inspection's result */
	cr_assert_not(wf_needs_reason(WF_CORREGIR, false));
}

Test(workflow, table_check_catches_bad_rows)
{
	struct wf_rule bad1[] = { { WF_ACEPTAR, WF_REGISTRADO, WF_REGISTRADO, WF_RECEPCION } };
	struct wf_rule bad2[] = { { WF_REASIGNAR, WF_REGISTRADO, WF_ACEPTADO, WF_SUPERVISOR } };
	struct wf_rule bad3[] = { { WF_ACEPTAR, WF_REGISTRADO, WF_ACEPTADO, WF_RECEPCION },
				  { WF_ACEPTAR, WF_REGISTRADO, WF_APROBADO, WF_SUPERVISOR } };
	struct wf_rule bad4[] = { { WF_A_NONE, WF_REGISTRADO, WF_ACEPTADO, WF_RECEPCION } };
	size_t at = 99;

	cr_assert_eq(wf_table_check(wf_shipped, N(wf_shipped), &at), 0);
	cr_assert_eq(wf_table_check(bad1, N(bad1), &at), -1);
	cr_assert_eq(at, 0u);
	cr_assert_eq(wf_table_check(bad2, N(bad2), &at), -1);
	cr_assert_eq(wf_table_check(bad3, N(bad3), &at), -1);
	cr_assert_eq(at, 1u);
	cr_assert_eq(wf_table_check(bad4, N(bad4), &at), -1);
}
