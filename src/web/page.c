/*
 * page.c — what every page shares (see page.h): the frame, sending,
 * redirects, cookies, and the error answers in the three kinds of answer a
 * route can give.
 */
#include "web/page.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/limits.h"
#include "http/cookie.h"
#include "web/i18n.h"
#include "templates.h"

const char *param(const struct web_ctx *c, const char *name)
{
	return form_get(&c->params, name);
}

const char *cookie_name(const struct config *cfg, const char *name)
{
	if (!cfg->secure_cookies)
		return name;
	if (strcmp(name, COOKIE_SESSION) == 0)
		return "__Host-" COOKIE_SESSION;
	if (strcmp(name, COOKIE_PRE) == 0)
		return "__Host-" COOKIE_PRE;
	return name;
}

void set_cookie(struct web_ctx *c, const char *name, const char *value, long max_age,
		const char *same_site)
{
	struct buf b;
	struct cookie_opts o = { true, c->app->cfg->secure_cookies, same_site, max_age };

	buf_init(&b, 512);
	cookie_format(&b, cookie_name(c->app->cfg, name), value, &o);
	if (!b.err && b.data)
		http_response_header(c->res, "Set-Cookie", arena_strdup(&c->req->arena, b.data));
	buf_free(&b);
}

/* The language switch link: /idioma?l=xx&volver=<this page>. */
static const char *lang_href(struct web_ctx *c)
{
	struct buf b;
	const char *r;

	buf_init(&b, LIMIT_URL_BYTES * 3 + 64);
	buf_put_str(&b, c->lang == LANG_EN ? "/idioma?l=es&volver=" : "/idioma?l=en&volver=");
	if (c->req->method == HTTP_GET && c->req->target)
		buf_put_url(&b, c->req->target);
	else
		buf_put_url(&b, "/");
	r = b.err ? "/idioma?l=es" : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r;
}

void page_init(struct web_ctx *c, const char *title)
{
	struct page *pg = &c->pg;
	const struct config *cfg = c->app->cfg;

	pg->lang = c->lang;
	pg->title = i18n_tr(c->lang, title);
	pg->brand = cfg->brand;
	pg->tagline = i18n_tr(c->lang, cfg->tagline);
	pg->org = cfg->org;
	pg->css = c->app->css;
	pg->logo = c->app->logo;
	pg->lang_href = lang_href(c);
	pg->errs = &c->errs;
	if (c->has_session) {
		pg->signed_in = true;
		pg->csrf = c->sess.csrf;
		pg->oce_chosen = c->sess.oce_code[0] != '\0';
		pg->usuario = c->sess.usuario;
		pg->ruc = c->sess.ruc;
		pg->oce_code = c->sess.oce_code;
		pg->oce_type = c->sess.oce_type;
		pg->operator_user = strcmp(c->sess.kind, USER_OPERATOR) == 0;
		pg->admin = (c->role & ROLE_ADMIN) != 0;
	}
}

const char *page_pre_token(struct web_ctx *c)
{
	if (c->pre_token == NULL) {
		char tok[TOKEN_HEX];
		token_signed_new(c->app->csrf_key, tok);   /* only this server's tokens verify */
		c->pre_token = arena_strdup(&c->req->arena, tok);
		set_cookie(c, COOKIE_PRE, c->pre_token, 0, "Strict");
	}
	return c->pre_token;
}

void page_buf(struct buf *b)
{
	buf_init(b, LIMIT_PAGE_BYTES);
	buf_reserve(b, PAGE_INITIAL_BYTES);
}

const char *ctx_path_id(struct web_ctx *c, const char *prefix, long long id)
{
	size_t n = strlen(prefix);
	char *p = arena_alloc(&c->req->arena, n + 24);
	char digits[24];
	size_t i = sizeof(digits);
	unsigned long long u = id < 0 ? 0 : (unsigned long long)id;

	if (p == NULL)
		return prefix;
	do {
		digits[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	memcpy(p, prefix, n);
	memcpy(p + n, digits + i, sizeof(digits) - i);
	p[n + sizeof(digits) - i] = '\0';
	return p;
}

int page_send(struct web_ctx *c, int status, struct buf *b)
{
	http_response_header(c->res, "Cache-Control", "no-store");
	return http_response_take(c->res, status, b);
}

int page_json(struct web_ctx *c, int status, struct buf *b)
{
	http_response_header(c->res, "Cache-Control", "no-store");
	c->res->content_type = "application/json";
	return http_response_take(c->res, status, b);
}

int page_redirect(struct web_ctx *c, const char *location)
{
	http_response_header(c->res, "Location", location);
	http_response_header(c->res, "Cache-Control", "no-store");
	c->res->body = "";
	c->res->len = 0;
	c->res->status = 303;
	return 303;
}

/* ---- error answers ------------------------------------------------------ */

struct error_text {
	int status;
	const char *title, *message;
};

static const struct error_text error_texts[] = {
	{ 400, "Solicitud no válida",
	  "Los datos enviados no tienen el formato esperado. Vuelva a la página anterior y revíselos." },
	{ 401, "Sesión requerida",
	  "Esta operación necesita una sesión iniciada. Inicie sesión e inténtelo de nuevo." },
	{ 403, "Solicitud rechazada",
	  "El formulario caducó o no proviene de este portal. Vuelva a cargar la página e inténtelo de nuevo." },
	{ 404, "Página no encontrada", "La dirección solicitada no existe en el portal." },
	{ 405, "Método no permitido", "Esta dirección no admite esa operación." },
	{ 413, "Solicitud demasiado grande",
	  "Los datos enviados superan el tamaño permitido. Envíe menos datos e inténtelo de nuevo." },
	{ 414, "Dirección demasiado larga", "La dirección solicitada supera el largo permitido." },
	{ 415, "Formato no admitido",
	  "El portal no acepta datos en ese formato en esta dirección. Envíelos desde el formulario del portal." },
	{ 429, "Demasiadas solicitudes",
	  "Hay demasiados inicios de sesión en curso desde su dirección. Espere unos segundos e inténtelo de nuevo." },
	{ 431, "Encabezados demasiado grandes",
	  "La solicitud lleva demasiados datos en sus encabezados (por ejemplo, cookies). Borre las cookies del portal e inténtelo de nuevo." },
	{ 503, "Servicio ocupado",
	  "El portal está atendiendo muchas solicitudes. Espere unos segundos e inténtelo de nuevo." },
	{ 500, "Error interno",
	  "Ocurrió un error al procesar su solicitud. No se guardó ningún cambio parcial; inténtelo de nuevo." },
};

/* The texts of status (500's for a status without its own). */
static const struct error_text *error_text(int status)
{
	const size_t n = sizeof(error_texts) / sizeof(error_texts[0]);

	for (size_t i = 0; i < n; i++)
		if (error_texts[i].status == status)
			return &error_texts[i];
	return &error_texts[n - 1];
}

/* What kind of answer c's request gets: its route's, or, when no route
 * matched, the kind of the path's family (/api/: JSON, /soap/: SOAP). */
static enum route_answer answer_kind(const struct web_ctx *c)
{
	if (c->route)
		return c->route->answer;
	if (str_starts(c->req->path, "/api/"))
		return ANSWER_JSON;
	if (str_starts(c->req->path, "/soap/"))
		return ANSWER_SOAP;
	return ANSWER_HTML;
}

static int error_html(struct web_ctx *c, int status, const struct error_text *t)
{
	struct view_error v;
	struct buf b;

	memset(&c->pg, 0, sizeof(c->pg));
	page_init(c, t->title);
	/* An error page never echoes the request, not even in the language link. */
	c->pg.lang_href = c->lang == LANG_EN ? "/idioma?l=es&volver=%2F" : "/idioma?l=en&volver=%2F";
	c->pg.errs = NULL;
	memset(&v, 0, sizeof(v));
	v.pg = &c->pg;
	v.status = status;
	v.message = c->error_detail ? c->error_detail : i18n_tr(c->lang, t->message);
	v.back_href = c->pg.oce_chosen ? "/principal" : "/";
	v.back_label = i18n_tr(c->lang, c->pg.oce_chosen ? "Ir a la página principal" : "Ir a la página de inicio");
	page_buf(&b);
	tmpl_error(&b, c->lang, &v);
	return page_send(c, status, &b);
}

/* RFC 9457 problem details, with the field messages when there are any. */
static int error_json(struct web_ctx *c, int status, const struct error_text *t)
{
	struct buf b;

	buf_init(&b, (size_t)64 * 1024);
	buf_put_str(&b, "{\"type\":\"about:blank\",\"title\":");
	json_put_str(&b, i18n_tr(c->lang, t->title));
	buf_printf(&b, ",\"status\":%d,\"detail\":", status);
	json_put_str(&b, c->error_detail ? c->error_detail : i18n_tr(c->lang, t->message));
	if (c->errs.n) {
		buf_put_str(&b, ",\"errors\":[");
		for (size_t i = 0; i < c->errs.n; i++) {
			buf_put_str(&b, i ? ",{\"field\":" : "{\"field\":");
			json_put_str(&b, c->errs.e[i].field);
			buf_put_str(&b, ",\"message\":");
			json_put_str(&b, c->errs.e[i].msg);
			buf_put_char(&b, '}');
		}
		buf_put_char(&b, ']');
	}
	buf_put_str(&b, "}\n");
	http_response_header(c->res, "Cache-Control", "no-store");
	http_response_header(c->res, "Content-Language", c->lang == LANG_EN ? "en" : "es");
	c->res->content_type = "application/problem+json";
	return http_response_take(c->res, status, &b);
}

/* A SOAP 1.1 fault: Client for the caller's mistakes (4xx), Server else.
 * The HTTP status stays the one decided (413, 415...), so a caller that
 * does not parse the envelope still knows what happened. */
static int error_soap(struct web_ctx *c, int status, const struct error_text *t)
{
	struct buf b;

	buf_init(&b, (size_t)64 * 1024);
	buf_put_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
		    "<soap:Body><soap:Fault><faultcode>");
	buf_put_str(&b, status < 500 ? "soap:Client" : "soap:Server");
	buf_put_str(&b, "</faultcode><faultstring xml:lang=\"");
	buf_put_str(&b, c->lang == LANG_EN ? "en" : "es");
	buf_put_str(&b, "\">");
	buf_put_html(&b, i18n_tr(c->lang, t->title));
	buf_put_str(&b, ": ");
	buf_put_html(&b, i18n_tr(c->lang, t->message));
	buf_printf(&b, "</faultstring><detail><estado>%d</estado>", status);
	for (size_t i = 0; i < c->errs.n; i++) {
		buf_put_str(&b, "<error campo=\"");
		buf_put_html(&b, c->errs.e[i].field);
		buf_put_str(&b, "\">");
		buf_put_html(&b, c->errs.e[i].msg);
		buf_put_str(&b, "</error>");
	}
	buf_put_str(&b, "</detail></soap:Fault></soap:Body></soap:Envelope>\n");
	http_response_header(c->res, "Cache-Control", "no-store");
	c->res->content_type = "text/xml; charset=utf-8";
	return http_response_take(c->res, status, &b);
}

int page_error(struct web_ctx *c, int status)
{
	const struct error_text *t = error_text(status);

	switch (answer_kind(c)) {
	case ANSWER_JSON:
		return error_json(c, status, t);
	case ANSWER_SOAP:
		return error_soap(c, status, t);
	case ANSWER_HTML:
		break;
	}
	return error_html(c, status, t);
}
