/*
 * page.h — what a handler gets and the helpers every page uses.
 *
 * One struct web_ctx per request, in the request's arena, built by the
 * dispatcher (web/dispatch.c): by the time a handler runs, the route
 * matched, its parameters are filtered and validated (messages in c->errs),
 * the session is loaded, the caller's role may call the route and its CSRF
 * token checked.  A handler returns the HTTP status it answered with.
 */
#ifndef ADUANA_PAGE_H
#define ADUANA_PAGE_H

#include <stdbool.h>

#include "auth/token.h"
#include "core/buf.h"
#include "core/str.h"
#include "db/db.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/server.h"
#include "store/sessions.h"
#include "web/app.h"
#include "web/params.h"
#include "web/route.h"
#include "web/views.h"

struct web_ctx {
	struct app *app;
	struct http_request *req;
	struct http_response *res;
	const struct route *route;   /* NULL when none matched (see route_status) */
	int route_status;            /* 0, or 404 / 405 when no route matched */
	struct str tail;             /* the {} segment of the path */
	struct form params;          /* declared parameters only, validated */
	struct form_errors errs;     /* their messages (and the handler's own) */
	struct db_conn *conn;        /* acquired by the dispatcher */
	int lang;                    /* enum lang */
	unsigned role;               /* enum role: who is asking */
	bool has_session;
	int expired;               /* the session cookie was stale: 1 idle (or disabled), 2 past its lifetime */
	struct session_rec sess;
	char token_hash[TOKEN_HEX];
	const char *pre_token;       /* the pre-session CSRF cookie, if valid */
	const char *sent_csrf;       /* the "csrf" field the request carried */
	const char *fetch_site;      /* Sec-Fetch-Site, read on the I/O thread */
	const struct multipart *upload;  /* a multipart body's parts (files included), or NULL */
	struct page pg;
	long long now;
	const char *error_detail;    /* set before page_error: its message instead of the
	                                status's own (translated already) */
};

#define COOKIE_SESSION "aduana_s"
#define COOKIE_PRE     "aduana_pre"
/* The cookie's name as sent: with Secure cookies (behind TLS) the session and
 * pre-session cookies carry the __Host- prefix, which a browser accepts only
 * from this very host, over HTTPS, for path / — a sibling subdomain cannot
 * plant them.  set_cookie applies it. */
const char *cookie_name(const struct config *cfg, const char *name);
#define COOKIE_LANG    "aduana_lang"

/* A declared parameter's value (validated), or NULL. */
const char *param(const struct web_ctx *c, const char *name);
/* The frame of a page: title (Spanish, translated here), brand, identity. */
void page_init(struct web_ctx *c, const char *title);
/* The pre-session token of the forms a visitor without a session sends
 * (sign-in, Nuevo registro, Reiniciar clave): issued once, in its cookie. */
const char *page_pre_token(struct web_ctx *c);
/* A page's output buffer: capped at LIMIT_PAGE_BYTES, with room for a
 * usual page from the start (no regrowth while rendering). */
#define PAGE_INITIAL_BYTES ((size_t)16 * 1024)
void page_buf(struct buf *b);
/* prefix followed by id ("/notificaciones/42"), in the request's arena. */
const char *ctx_path_id(struct web_ctx *c, const char *prefix, long long id);
/* Sends b (a rendered page) with status; no caching. */
int page_send(struct web_ctx *c, int status, struct buf *b);
/* 303 to location (a local path). */
int page_redirect(struct web_ctx *c, const char *location);
/* The error answer for status in the route's kind: an HTML page, a JSON
 * problem (RFC 9457) or a SOAP fault.  Never echoes the request. */
int page_error(struct web_ctx *c, int status);
/* Sends a JSON document built in b (application/json). */
int page_json(struct web_ctx *c, int status, struct buf *b);
void set_cookie(struct web_ctx *c, const char *name, const char *value, long max_age,
		const char *same_site);
/* arena_printf into the request's arena. */
#define ctx_printf(c, ...) arena_printf(&(c)->req->arena, __VA_ARGS__)

#endif
