/*
 * dispatch.c — from a request to a handler: the server's callbacks of
 * web/app.h.
 *
 * Once the headers are read (app_body_policy): the language cookie, the
 * route (404 / 405 are answered later, with the body drained), and what
 * body the route takes: the wrong content type is 415, too large 413.
 * Once the request is complete (app_handle), in this order, all before any
 * page code runs:
 *   1. parameters: parsed within limits (413 / 400), undeclared ones dropped,
 *      one given twice is 400;
 *   2. the session from the cookie (expired after the idle timeout), which
 *      gives the caller's role;
 *   3. the role may call the route: otherwise to the sign-in page, to the
 *      OCE choice, or 401/403 for JSON and SOAP;
 *   4. on state-changing routes (POST), a request another site made the
 *      browser send is refused (403), then the CSRF token is checked (403);
 *   5. parameter validation: messages in c->errs; a 400 unless the route
 *      shows them itself (ROUTE_FORM_ERRORS);
 *   6. the handler — for a slow route, the whole of it on a worker thread.
 */
#include <string.h>
#include <time.h>

#include "core/limits.h"
#include "core/log.h"
#include "domain/account.h"
#include "http/cookie.h"
#include "http/multipart.h"
#include "http/router.h"
#include "service/sessions.h"
#include "store/users.h"
#include "web/i18n.h"
#include "web/page.h"

size_t route_body_max(const struct route *r)
{
	if (r->body_max)
		return r->body_max;
	switch (r->body) {
	case BODY_NONE: return 0;
	case BODY_FORM: return LIMIT_BODY_BYTES;
	case BODY_MULTIPART: case BODY_XML: return LIMIT_UPLOAD_BYTES;
	case BODY_JSON: return LIMIT_JSON_BYTES;
	}
	return 0;
}

static int lang_of(const char *cookie_header)
{
	struct str v;

	if (cookie_get(cookie_header, COOKIE_LANG, &v) == 0 && str_eq_cstr(v, "en"))
		return LANG_EN;
	return LANG_ES;
}

/* Finds the route for the request: 0, 404 or 405 (with the Allow header). */
static int match(struct web_ctx *c)
{
	enum http_method m = c->req->method;
	bool get = false, post = false;
	struct str tail;

	for (size_t t = 0; t < web_route_tables_count; t++) {
		const struct route_table *rt = web_route_tables[t];
		for (size_t i = 0; i < rt->n; i++) {
			const struct route *r = &rt->routes[i];
			if (!router_path_match(r->path, c->req->path, &tail))
				continue;
			if (r->method == m || (r->method == HTTP_GET && m == HTTP_HEAD)) {
				c->route = r;
				c->tail = tail;
				return 0;
			}
			get |= r->method == HTTP_GET;
			post |= r->method == HTTP_POST;
		}
	}
	if (!get && !post)
		return 404;
	http_response_header(c->res, "Allow", get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST");
	return 405;
}

/* The media type of a Content-Type value, without parameters, trimmed. */
static struct str media_type(const char *ct)
{
	struct str type;

	str_cut(str_from(ct), ';', &type);
	return str_trim(type);
}

static bool type_fits(enum route_body body, const char *ct)
{
	struct str t;

	if (ct == NULL)
		return false;
	t = media_type(ct);
	switch (body) {
	case BODY_NONE: return false;
	case BODY_FORM: return str_ieq_cstr(t, "application/x-www-form-urlencoded");
	case BODY_MULTIPART: return str_ieq_cstr(t, "multipart/form-data");
	case BODY_XML:
		return str_ieq_cstr(t, "application/xml") || str_ieq_cstr(t, "text/xml") ||
		       str_ieq_cstr(t, "application/soap+xml");
	case BODY_JSON: return str_ieq_cstr(t, "application/json");
	}
	return false;
}

void app_body_policy(struct http_request *req, void *app, struct http_body_policy *out)
{
	struct web_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *cookies, *cl, *te;
	struct str pre;

	out->max = LIMIT_BODY_BYTES;
	out->refuse = 0;
	if (c == NULL) {
		out->refuse = 500;
		return;
	}
	req->state = c;
	c->app = app;
	c->req = req;
	c->now = (long long)time(NULL);
	cookies = http_request_header(req, "Cookie");
	c->lang = lang_of(cookies);
	if (cookies) {
		struct cookie all[LIMIT_COOKIES];
		if (cookie_parse(cookies, strlen(cookies), all, LIMIT_COOKIES) < 0) {
			out->refuse = 431;   /* never read as "no cookies" */
			return;
		}
	}
	/* The sign-in form's token counts only when this server signed it: a
	 * pair an attacker invented (a planted cookie and the same field) is
	 * refused like a missing one. */
	if (cookie_get(cookies, cookie_name(c->app->cfg, COOKIE_PRE), &pre) == 0 &&
	    token_signed_valid(c->app->csrf_key, pre.p, pre.n))
		c->pre_token = arena_strndup(&req->arena, pre.p, pre.n);
	c->fetch_site = http_request_header(req, "Sec-Fetch-Site");
	/* Matched here with a scratch response for the Allow header; the real
	 * response gets it again in app_handle. */
	{
		struct http_response scratch;
		memset(&scratch, 0, sizeof(scratch));
		c->res = &scratch;
		c->route_status = match(c);
		c->res = NULL;
	}
	if (c->route == NULL)
		return;   /* 404 / 405, answered once the body is read */
	out->max = route_body_max(c->route);
	cl = http_request_header(req, "Content-Length");
	te = http_request_header(req, "Transfer-Encoding");
	if (c->route->body != BODY_NONE && req->method == HTTP_POST &&
	    !type_fits(c->route->body, http_request_header(req, "Content-Type")))
		out->refuse = 415;
	else if (out->max == 0 && ((cl && strcmp(cl, "0") != 0) || te))
		out->refuse = 413;
}

/* Text parts of a multipart body become parameters like a form's fields;
 * file parts are the handler's (c->req->body, reparsed where used). */
static int parse_multipart(struct web_ctx *c, struct form *all)
{
	struct str boundary;
	struct multipart *mp = arena_alloc(&c->req->arena, sizeof(*mp));
	int rc;

	all->fields = NULL;
	all->n = 0;
	if (mp == NULL)
		return 500;
	if (multipart_boundary(http_request_header(c->req, "Content-Type"), &boundary) != 0)
		return 400;
	rc = multipart_parse(&c->req->arena, c->req->body.data ? c->req->body.data : "", c->req->body.len,
			     boundary, mp);
	if (rc == MP_ERR_TOO_MANY || rc == MP_ERR_HEADER_TOO_LONG)
		return 413;
	if (rc != MP_OK)
		return 400;
	c->upload = mp;
	all->fields = arena_alloc(&c->req->arena, (mp->n + 1) * sizeof(*all->fields));
	if (all->fields == NULL)
		return 500;
	for (size_t i = 0; i < mp->n; i++) {
		const struct mp_part *p = &mp->parts[i];
		if (p->filename)
			continue;
		if (p->data.n > LIMIT_FIELD_BYTES)
			return 413;
		if (!utf8_valid(p->data.p, p->data.n))
			return 400;
		all->fields[all->n].name = p->name;
		all->fields[all->n].value = arena_strndup(&c->req->arena, p->data.p, p->data.n);
		all->fields[all->n].len = p->data.n;
		if (all->fields[all->n].value == NULL)
			return 500;
		all->n++;
	}
	return 0;
}

static int parse_params(struct web_ctx *c)
{
	struct http_request *req = c->req;
	const struct route *r = c->route;
	struct form all;
	size_t max_fields = r->max_fields ? r->max_fields : LIMIT_FORM_FIELDS;
	int rc = FORM_OK;

	if (req->method == HTTP_POST && r->body == BODY_FORM)
		rc = form_parse_max(&req->arena, req->body.data ? req->body.data : "", req->body.len,
				    max_fields, &all);
	else if (req->method == HTTP_POST && r->body == BODY_MULTIPART)
		rc = parse_multipart(c, &all);
	else
		rc = form_parse(&req->arena, req->query.p, req->query.n, &all);
	if (r->body == BODY_MULTIPART && req->method == HTTP_POST && rc != 0)
		return rc;   /* already a status */
	if (rc == FORM_ERR_NOMEM)
		return 500;
	if (rc != FORM_OK)
		return rc == FORM_ERR_TOO_MANY || rc == FORM_ERR_TOO_LONG ? 413 : 400;
	/* The CSRF token is declared by the route's flags, not its list. */
	if (r->flags & (ROUTE_CSRF | ROUTE_CSRF_PRE)) {
		size_t seen = 0;
		for (size_t i = 0; i < all.n; i++)
			if (strcmp(all.fields[i].name, "csrf") == 0) {
				c->sent_csrf = all.fields[i].value;
				seen++;
			}
		/* Twice, or longer than any token: malformed, not merely wrong. */
		if (seen > 1 || (c->sent_csrf && strlen(c->sent_csrf) > TOKEN_HEX - 1))
			return 400;
	}
	if (params_filter(r->params, &all, &c->params) != 0)
		return 400;
	return 0;
}

static unsigned role_of(const struct web_ctx *c)
{
	if (!c->has_session)
		return ROLE_ANON;
	if (strcmp(c->sess.kind, USER_OFFICER) == 0) {
		struct str roles = str_from(c->sess.roles), item;
		unsigned r = ROLE_OFFICER;
		while (roles.p != NULL && roles.n > 0) {
			roles = str_cut(roles, ',', &item);
			if (str_eq_cstr(str_trim(item), "admin"))
				r |= ROLE_ADMIN;
		}
		return r;
	}
	return c->sess.oce_code[0] ? ROLE_OPERATOR : ROLE_SIGNED;
}

/* The caller's role may not call the route: where to send them. */
static int refuse_access(struct web_ctx *c)
{
	bool html = c->route->answer == ANSWER_HTML;

	if (!c->has_session)
		return html ? page_redirect(c, c->expired == 2 ? "/?expirada=2" : c->expired ? "/?expirada=1" : "/")
			    : page_error(c, 401);
	if (html && c->role == ROLE_SIGNED && (c->route->roles & ROLE_OPERATOR))
		return page_redirect(c, "/oce");
	return page_error(c, 403);
}

static bool csrf_ok(struct web_ctx *c)
{
	const char *sent = c->sent_csrf;
	const char *want = (c->route->flags & ROUTE_CSRF_PRE) ? c->pre_token
			 : c->has_session ? c->sess.csrf : NULL;

	if (sent == NULL || want == NULL)
		return false;
	return token_equal(sent, strlen(sent), want, strlen(want));
}

/* The authority of an Origin or Host value without a default port
 * (browsers leave ":443" and ":80" out of Origin; a client may put them in
 * Host). */
static struct str authority(struct str a)
{
	if (a.n > 4 && memcmp(a.p + a.n - 4, ":443", 4) == 0)
		a.n -= 4;
	else if (a.n > 3 && memcmp(a.p + a.n - 3, ":80", 3) == 0)
		a.n -= 3;
	return a;
}

/* True when another site made the browser send this request: Sec-Fetch-Site
 * says cross-site or same-site (a sibling host, perhaps someone else's), or
 * an Origin is present ("null" included) whose host and port are not this
 * request's Host.  Refused on state-changing routes even with a valid token,
 * beside the token and SameSite cookies.  Only host and port are compared,
 * not the scheme: behind the TLS proxy (deploy/nginx.conf) the browser's
 * origin is https while aduana speaks http, and the proxy passes the public
 * Host on.  A request with neither header (an older browser, curl) is left
 * to the token. */
static bool foreign_origin(const struct web_ctx *c)
{
	const char *site = c->fetch_site;
	const char *origin = http_request_header(c->req, "Origin");
	const char *host = http_request_header(c->req, "Host");
	const char *sep;
	struct str o, h;

	if (site && (strcmp(site, "cross-site") == 0 || strcmp(site, "same-site") == 0))
		return true;
	if (origin == NULL)
		return false;
	sep = strstr(origin, "://");
	if (sep == NULL || host == NULL)
		return true;   /* "null", or nothing to compare with */
	o = authority(str_trim(str_from(sep + 3)));
	h = authority(str_trim(str_from(host)));
	if (o.n == 0 || memchr(o.p, '/', o.n) != NULL || o.n != h.n)
		return true;
	for (size_t i = 0; i < o.n; i++) {
		char a = o.p[i], b = h.p[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return true;
	}
	return false;
}

static void load_session(struct web_ctx *c)
{
	const char *cookies = http_request_header(c->req, "Cookie");
	enum session_state state;
	struct str tok;

	if (cookie_get(cookies, cookie_name(c->app->cfg, COOKIE_SESSION), &tok) != 0 ||
	    token_hash(tok.p, tok.n, c->token_hash) != 0)
		return;
	if (session_resume(c->conn, c->token_hash, c->app->cfg->idle_seconds, c->app->cfg->session_seconds,
			   c->now, c->req->addr,
			   &c->sess, &state) != 0) {
		log_err("the session could not be read");
		return;
	}
	if (state == SESSION_EXPIRED || state == SESSION_TOO_OLD) {
		c->expired = state == SESSION_TOO_OLD ? 2 : 1;
		set_cookie(c, COOKIE_SESSION, "", -1, "Lax");
	}
	c->has_session = state == SESSION_ACTIVE;
}

/* An employee calls a route of a menu option the representative did not
 * grant it: refused with the real system's message (3.2.3). */
static int check_option(struct web_ctx *c)
{
	int has = 0;

	if (c->route->option == NULL || !(c->role & (ROLE_SIGNED | ROLE_OPERATOR)) ||
	    strcmp(c->sess.clase, CLASE_EMPLOYEE) != 0)
		return 0;
	if (store_perm_has(c->conn, c->sess.user_id, c->route->option, &has) != STORE_OK)
		return page_error(c, 500);
	if (account_may_use(c->sess.clase, has != 0))
		return 0;
	c->error_detail = i18n_tr(c->lang, "No está asignado el permiso al usuario");
	return page_error(c, 403);
}

/* The yearly update: an operator's user whose data is due for
 * confirmation is sent to confirm it before anything else (its own
 * screens, signing out and static files excepted). */
static int check_review(struct web_ctx *c)
{
	const char *p = c->route->path;

	if (!(c->role & (ROLE_SIGNED | ROLE_OPERATOR)) || c->route->answer != ANSWER_HTML ||
	    !account_review_due(c->sess.confirmed_at, c->now, c->app->cfg->review_days))
		return 0;
	if (strncmp(p, "/cuenta", 7) == 0 || strcmp(p, "/logout") == 0 || strcmp(p, "/idioma") == 0 ||
	    strcmp(p, "/guia") == 0)
		return 0;
	if (c->req->method != HTTP_GET)
		return page_error(c, 403);
	return page_redirect(c, "/cuenta/actualizar");
}

/* Everything before the handler; 0 to run it, or the status answered. */
static int prepare(struct web_ctx *c)
{
	int st;

	if (c->route_status) {
		if (c->route_status == 405)
			match(c);   /* sets Allow on the real response */
		return page_error(c, c->route_status);
	}
	st = parse_params(c);
	if (st)
		return page_error(c, st);
	if (c->route->flags & ROUTE_STATIC)
		return 0;   /* static files: no session, no store */
	c->conn = db_acquire(c->app->db);
	load_session(c);
	c->role = role_of(c);
	if ((c->route->roles & c->role) == 0)
		return refuse_access(c);
	if ((c->req->method == HTTP_POST || (c->route->flags & (ROUTE_CSRF | ROUTE_CSRF_PRE))) &&
	    foreign_origin(c)) {
		log_warn("cross-site %.*s refused from %s", (int)c->req->path.n, c->req->path.p, c->req->addr);
		return page_error(c, 403);
	}
	if ((c->route->flags & (ROUTE_CSRF | ROUTE_CSRF_PRE)) && !csrf_ok(c)) {
		log_warn("CSRF token refused for %.*s from %s", (int)c->req->path.n, c->req->path.p, c->req->addr);
		return page_error(c, 403);
	}
	st = check_option(c);
	if (st)
		return st;
	st = check_review(c);
	if (st)
		return st;
	if (params_validate(c->route->params, &c->params, c->lang, &c->req->arena, &c->errs) &&
	    !(c->route->flags & ROUTE_FORM_ERRORS))
		return page_error(c, 400);
	return 0;
}

enum http_action app_handle(struct http_request *req, struct http_response *res, void *app)
{
	struct web_ctx *c = req->state;
	int st;

	if (c == NULL) {
		app_error_page(500, req, res, app);
		return HTTP_RESPOND;
	}
	c->res = res;
	st = prepare(c);
	if (st == 0 && (c->route->flags & ROUTE_SLOW) && c->route->admit)
		st = c->route->admit(c);
	if (st == 0 && (c->route->flags & ROUTE_SLOW)) {
		db_release(c->app->db, c->conn);
		c->conn = NULL;
		return HTTP_DEFER;
	}
	if (st == 0)
		st = c->route->handler(c);
	res->status = st;
	db_release(c->app->db, c->conn);
	c->conn = NULL;
	return HTTP_RESPOND;
}

void app_deferred(struct http_request *req, struct http_response *res, void *app)
{
	struct web_ctx *c = req->state;

	(void)app;
	c->res = res;
	c->conn = db_acquire(c->app->db);
	res->status = c->route->handler(c);
	db_release(c->app->db, c->conn);
	c->conn = NULL;
}

void app_error_page(int status, struct http_request *req, struct http_response *res, void *app)
{
	struct web_ctx *c = req->state, local;

	if (c == NULL) {
		memset(&local, 0, sizeof(local));
		local.app = app;
		local.req = req;
		local.lang = req->on_worker ? LANG_ES : lang_of(http_request_header(req, "Cookie"));
		c = &local;
	}
	c->res = res;
	c->conn = NULL;
	c->has_session = false;   /* an error the server decides shows no identity */
	page_error(c, status);
}
