/*
 * route.h — how a feature declares its routes.
 *
 * Each feature file (web/pages/NAME.c) owns a table of routes and exports it
 * as a struct route_table; web/routes.c joins the tables.  A route says:
 * method and path, its handler (typed: a handler of any other signature does
 * not compile), who may call it (a set of roles), its flags (CSRF token,
 * slow), the body it accepts and how large, the kind of answer it gives
 * (which decides the shape of its error answers too), and the parameters
 * it accepts with their validators.  The dispatcher (web/dispatch.c) does
 * every check a route declares before its handler runs; undeclared
 * parameters never reach a handler.
 *
 * Paths are exact ("/principal") or end in "/{}" for one trailing segment
 * ("/notificaciones/{}"), handed to the handler as c->tail.
 */
#ifndef ADUANA_ROUTE_H
#define ADUANA_ROUTE_H

#include <stddef.h>

#include "http/server.h"
#include "web/params.h"

struct web_ctx;

/* Returns the HTTP status it answered with (the response is filled). */
typedef int route_handler(struct web_ctx *c);

/* Who is asking.  A request has exactly one of ROLE_ANON, ROLE_SIGNED,
 * ROLE_OPERATOR and ROLE_OFFICER (plus ROLE_ADMIN for an officer with the
 * admin role); a route lists every role that may call it. */
enum role {
	ROLE_ANON     = 1u << 0,   /* no session */
	ROLE_SIGNED   = 1u << 1,   /* an operator's user, OCE not chosen yet */
	ROLE_OPERATOR = 1u << 2,   /* an operator's user acting under an OCE code */
	ROLE_OFFICER  = 1u << 3,   /* a customs officer */
	ROLE_ADMIN    = 1u << 4,   /* an officer with the admin role */
};
#define ROLES_ANY     (ROLE_ANON | ROLE_SIGNED | ROLE_OPERATOR | ROLE_OFFICER | ROLE_ADMIN)
#define ROLES_SESSION (ROLE_SIGNED | ROLE_OPERATOR | ROLE_OFFICER | ROLE_ADMIN)

enum route_flag {
	ROUTE_CSRF     = 1u << 0,  /* must carry the session's CSRF token (field "csrf") */
	ROUTE_CSRF_PRE = 1u << 1,  /* must carry the pre-session token (the sign-in form) */
	ROUTE_SLOW     = 1u << 2,  /* the whole handler runs on a worker thread */
	ROUTE_STATIC   = 1u << 3,  /* a static file: no session, no store */
	ROUTE_FORM_ERRORS = 1u << 4, /* the handler shows parameter errors itself (a form
	                              re-rendered with its messages); otherwise any
	                              invalid parameter is answered 400 by the dispatcher */
};

enum route_body {
	BODY_NONE = 0,             /* no body (GET) */
	BODY_FORM,                 /* application/x-www-form-urlencoded */
	BODY_MULTIPART,            /* multipart/form-data (file uploads) */
	BODY_XML,                  /* application/xml, text/xml, application/soap+xml */
	BODY_JSON,                 /* application/json */
};

enum route_answer {
	ANSWER_HTML = 0,           /* pages; errors as an error page */
	ANSWER_JSON,               /* errors as application/problem+json (RFC 9457) */
	ANSWER_SOAP,               /* errors as SOAP 1.1 faults */
};

struct route {
	enum http_method method;   /* HTTP_GET also answers HEAD */
	const char *path;
	route_handler *handler;
	unsigned roles;            /* enum role: who may call it */
	unsigned flags;            /* enum route_flag */
	enum route_body body;
	size_t body_max;           /* bytes; 0: the kind's default (limits.h) */
	size_t max_fields;         /* fields of a form or query; 0: LIMIT_FORM_FIELDS */
	enum route_answer answer;
	const struct param_spec *params;   /* terminated by { NULL }; NULL = none */
	route_handler *admit;      /* ROUTE_SLOW only, may be NULL: runs on the I/O thread
	                              before the hop to a worker; 0 to go on (it may set
	                              the job's priority, c->req->defer_prio), else the
	                              status it answered with (a cheap refusal) */
	const char *option;        /* the menu option (menu_option.id) the route belongs to, or
	                              NULL: an employee may call it only when the company's
	                              representative granted it that option (3.2.3); anyone
	                              else is refused "No está asignado el permiso al usuario" */
};

struct route_table {
	const struct route *routes;
	size_t n;
};

#define ROUTE_TABLE(name, arr) \
	const struct route_table name = { arr, sizeof(arr) / sizeof(arr[0]) }

/* The tables of every feature, joined (web/routes.c). */
extern const struct route_table *const web_route_tables[];
extern const size_t web_route_tables_count;

/* The body limit a route takes: its own, or the default of its body kind. */
size_t route_body_max(const struct route *r);

#endif
