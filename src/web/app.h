/*
 * app.h — the web application: the route table, the dispatcher (sessions,
 * access, CSRF, declared parameters) and the pages of the portal.
 *
 * Requests arrive from http/server.c through app_handle.  The dispatcher
 * matches the route, parses and filters its parameters, loads the session,
 * checks who may call the route and its CSRF token, and then calls the page
 * handler — on a worker thread for routes marked ROUTE_SLOW.
 */
#ifndef ADUANA_APP_H
#define ADUANA_APP_H

#include <stdbool.h>

#include "auth/token.h"
#include "core/config.h"
#include "core/embed.h"
#include "db/db.h"
#include "db/store.h"
#include "http/form.h"
#include "http/router.h"
#include "http/server.h"
#include "web/views.h"

struct static_entry {
	const struct embedded_file *f;
	const char *type;
	char etag[20];          /* "\"<16 hex>\"" */
	char href[96];          /* /static/NAME?v=<16 hex> */
};

/* The menu catalogue of one OCE type (type "" = the public options). */
struct menu_cache {
	char type[3];
	struct menu_rec *m;
	size_t n;
};

struct app {
	const struct config *cfg;
	struct db *db;
	/* The menu catalogue is reference data that only migrations change, and
	 * migrations run before the server starts: it is read once, here. */
	struct arena cache;
	struct menu_cache menus[64];
	size_t nmenus;
	struct static_entry statics[16];
	size_t nstatics;
	const char *css, *js, *logo;   /* hrefs */
};

enum access { ACC_PUBLIC = 0, ACC_SIGNED = 1, ACC_OCE = 2 };

/* Everything a page handler gets: one per request, in the request's arena. */
struct web_ctx {
	struct app *app;
	struct http_request *req;
	struct http_response *res;
	const struct route *route;
	struct str tail;             /* the {} segment of the path */
	struct form params;          /* declared parameters only */
	struct db_conn *conn;        /* acquired by the dispatcher */
	int lang;
	bool has_session, expired;
	struct session_rec sess;
	char token_hash[TOKEN_HEX];
	const char *pre_token;       /* the pre-session CSRF cookie, if any */
	struct page pg;
	long long now;
	void *slow;                  /* what a slow page hands its worker half */
};

typedef int (*page_fn)(struct web_ctx *c);

int app_init(struct app *a, const struct config *cfg, struct db *db);
void app_free(struct app *a);
/* The menu options of an OCE type (NULL: the public ones); empty if unknown. */
void app_menu(const struct app *a, const char *type, const struct menu_rec **m, size_t *n);
int app_handle(struct http_request *req, struct http_response *res, void *app);
void app_error_page(int status, struct http_request *req, struct http_response *res, void *app);

/* Shared by the pages (pages.c) and the dispatcher (app.c). */
extern const struct route app_routes[];
extern const size_t app_routes_count;
void page_init(struct web_ctx *c, const char *title);
int page_error(struct web_ctx *c, int status);
int page_redirect(struct web_ctx *c, const char *location);
void set_cookie(struct web_ctx *c, const char *name, const char *value, long max_age,
		const char *same_site);
const char *param(const struct web_ctx *c, const char *name);
/* Unblocks u, puts the unblock notice in its mailbox and writes the audit
 * row, in one transaction (by an administrator, or automatically when the
 * lock time has passed).  STORE_NOT_FOUND when it was not blocked. */
int app_unblock_user(struct db_conn *conn, const char *brand, const struct user_rec *u,
		     long long now, int by_admin, const char *addr);
/* Renders with a template function into the response; returns status. */
int page_send(struct web_ctx *c, int status, struct buf *b);

#define COOKIE_SESSION "aduana_s"
#define COOKIE_PRE     "aduana_pre"
#define COOKIE_LANG    "aduana_lang"

#endif
