/*
 * oce.c — the choice of OCE (seed step 2): Tipo de OCE, Código de OCE,
 * Ingresar.  Also reached from the main page ("Cambiar OCE") to act under
 * another code of the same user without signing out.
 *
 *   GET  /oce   the form (?tipo=NN shows the codes of that type: the
 *               no-JavaScript way to refresh the list)
 *   POST /oce   accion=tipo: the same, by the form's button;
 *               accion=ingresar: moves the session to the code chosen
 */
#include <string.h>

#include "core/limits.h"
#include "service/sessions.h"
#include "store/users.h"
#include "web/i18n.h"
#include "web/menus.h"
#include "web/page.h"
#include "templates.h"

static int render_oce(struct web_ctx *c, int status, const char *want_type)
{
	struct view_oce *v = arena_alloc(&c->req->arena, sizeof(*v));
	struct oce_rec *o;
	size_t n;
	struct buf b;

	if (v == NULL || store_user_oces(c->conn, c->sess.user_id, &c->req->arena, &o, &n) != STORE_OK)
		return page_error(c, 500);
	page_init(c, "Seleccione el Tipo de OCE");
	c->pg.js = c->app->js;   /* only this screen has something to enhance */
	v->pg = &c->pg;
	v->ruc = c->sess.ruc;
	v->usuario = c->sess.usuario;
	for (size_t i = 0; i < n; i++) {
		if (v->ntypes == 0 || strcmp(v->types[v->ntypes - 1].code, o[i].type) != 0) {
			struct oce_type_opt *t = &v->types[v->ntypes++];
			t->code = o[i].type;
			t->label = ctx_printf(c, "[%s] %s", o[i].type, o[i].type_name);
		}
	}
	for (size_t i = 0; i < v->ntypes && v->sel_type == NULL; i++)
		if (want_type && strcmp(want_type, v->types[i].code) == 0)
			v->sel_type = v->types[i].code;
	for (size_t i = 0; i < v->ntypes && v->sel_type == NULL; i++)
		if (strcmp(c->sess.oce_type, v->types[i].code) == 0)
			v->sel_type = v->types[i].code;
	if (v->sel_type == NULL && v->ntypes)
		v->sel_type = v->types[0].code;
	for (size_t i = 0; i < n; i++)
		if (v->sel_type && strcmp(o[i].type, v->sel_type) == 0)
			v->codes[v->ncodes++] = o[i].code;
	v->sel_code = c->sess.oce_code[0] ? c->sess.oce_code : NULL;
	if (news_view(c, &v->news, &v->nnews) != 0)
		return page_error(c, 500);
	v->menus = menus_view(c, NULL);
	page_buf(&b);
	tmpl_oce(&b, c->lang, v);
	return page_send(c, status, &b);
}

static int page_oce(struct web_ctx *c)
{
	return render_oce(c, 200, param(c, "tipo"));
}

static int page_oce_post(struct web_ctx *c)
{
	const char *tipo = param(c, "tipo"), *codigo = param(c, "codigo"), *accion = param(c, "accion");
	char tok[TOKEN_HEX];
	int rc;

	if (c->errs.n)
		return render_oce(c, 400, NULL);
	if (accion && strcmp(accion, "tipo") == 0) {
		if (tipo == NULL || tipo[0] == '\0') {
			form_errors_add(&c->errs, "tipo", i18n_tr(c->lang, "Seleccione un Tipo de OCE de la lista."));
			return render_oce(c, 400, NULL);
		}
		return page_redirect(c, ctx_printf(c, "/oce?tipo=%s", tipo));
	}
	if (codigo == NULL || codigo[0] == '\0') {
		form_errors_add(&c->errs, "codigo", i18n_tr(c->lang, "Seleccione un Código de OCE."));
		return render_oce(c, 400, tipo);
	}
	rc = session_choose_oce(c->conn, &c->sess, c->token_hash, codigo, tipo, c->req->addr, c->now, tok);
	if (rc == STORE_NOT_FOUND) {
		form_errors_add(&c->errs, "codigo",
				i18n_tr(c->lang, "El Código de OCE seleccionado no corresponde a su usuario o al Tipo de OCE elegido."));
		return render_oce(c, 400, tipo);
	}
	if (rc != STORE_OK)
		return page_error(c, 500);
	set_cookie(c, COOKIE_SESSION, tok, 0, "Lax");
	return page_redirect(c, "/principal");
}

static const struct param_spec p_oce_get[] = {
	P_DIGITS("tipo", 2, 2, .label = "Tipo de OCE"), P_END };
static const char *const acciones[] = { "tipo", "ingresar", NULL };
static const struct param_spec p_oce_post[] = {
	P_DIGITS("tipo", 2, 2, .msg = "Seleccione un Tipo de OCE de la lista."),
	P_DIGITS("codigo", 8, 8, .msg = "El Código de OCE seleccionado no corresponde a su usuario o al Tipo de OCE elegido."),
	P_ONE_OF("accion", acciones, .label = "Acción"),
	P_END };

#define OCE_ROLES (ROLE_SIGNED | ROLE_OPERATOR)

static const struct route routes[] = {
	{ HTTP_GET,  "/oce", page_oce,      OCE_ROLES, 0, .params = p_oce_get },
	{ HTTP_POST, "/oce", page_oce_post, OCE_ROLES, ROUTE_CSRF | ROUTE_FORM_ERRORS, BODY_FORM,
	  .params = p_oce_post },
};
ROUTE_TABLE(oce_routes, routes);
