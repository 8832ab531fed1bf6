/*
 * router.h — the declarative route table.
 *
 * One table lists every route: method, path, handler, who may call it, its
 * flags (CSRF token required, slow work) and the parameters it accepts with
 * their maximum lengths.  The router matches and filters; what "who may call
 * it" means is the application's business (the access field is opaque here).
 *
 * Paths are exact ("/principal") or end in "/{}" for one trailing segment
 * ("/notificaciones/{}"), which is handed to the handler as the tail.
 */
#ifndef ADUANA_ROUTER_H
#define ADUANA_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "http/form.h"
#include "http/server.h"

enum route_flag {
	ROUTE_CSRF = 1u << 0,   /* POST must carry the session's CSRF token */
	ROUTE_SLOW = 1u << 1,   /* handler may hand its slow part to a worker thread */
	ROUTE_CSRF_PRE = 1u << 2, /* POST must carry the pre-session token (sign-in form) */
	ROUTE_STATIC = 1u << 3, /* a static file: no session, no store */
};

struct route_param {
	const char *name;
	size_t max;             /* bytes, decoded */
};

struct route {
	enum http_method method;        /* HTTP_GET also answers HEAD */
	const char *path;
	void (*handler)(void);          /* the application's function; cast back by it */
	unsigned access;                /* opaque: the application's access level */
	unsigned flags;                 /* enum route_flag */
	const struct route_param *params;  /* terminated by { NULL, 0 }; NULL = none */
};

enum router_result { ROUTER_FOUND = 0, ROUTER_NOT_FOUND = -1, ROUTER_BAD_METHOD = -2 };

/* Finds the route for m and path.  On ROUTER_FOUND *out is set and *tail is
 * the trailing segment of a "/{}" route (empty otherwise).  A path that
 * exists under another method gives ROUTER_BAD_METHOD. */
int router_match(const struct route *table, size_t n, enum http_method m, struct str path,
		 const struct route **out, struct str *tail);

/* The methods the table has for path, as an "Allow" header value ("GET, HEAD",
 * "POST", ...); a static string. */
const char *router_allow(const struct route *table, size_t n, struct str path);

/* Keeps from in only the fields the route declares; 0 on success, -1 when a
 * declared field is longer than its max or is given twice (400). */
int router_filter(const struct route *r, const struct form *in, struct form *out);

#endif
