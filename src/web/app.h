/*
 * app.h — the web application: what it keeps for its whole life (the
 * configuration, the store, the menu catalogue and the static files), and
 * the four callbacks the HTTP server calls (http/server.h), implemented by
 * the dispatcher (web/dispatch.c).
 */
#ifndef ADUANA_APP_H
#define ADUANA_APP_H

#include <stddef.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/embed.h"
#include "db/db.h"
#include "http/server.h"
#include "service/customs.h"
#include "store/catalogs.h"
#include "store/documents.h"
#include "store/menus.h"
#include "web/views.h"

struct static_entry {
	const struct embedded_file *f;
	const char *type;
	char etag[20];          /* "\"<16 hex>\"" */
	char href[96];          /* /static/NAME?v=<16 hex> */
};

/* The menu catalogue of one OCE type (type "" = the public options), and
 * its four menus as views, per language. */
struct menu_cache {
	char type[3];
	struct menu_rec *m;
	size_t n;
	struct menu_view views[2][4];   /* [enum lang][TO, SI, SC, VU] */
};

#define APP_MAX_OCE_TYPES 64
#define APP_MAX_STATICS   16
#define APP_MAX_DISTRICTS 100

struct app {
	const struct config *cfg;
	struct db *db;
	/* The menu catalogue is reference data that only migrations change, and
	 * migrations run before the server starts: it is read once, here. */
	struct arena cache;
	struct menu_cache menus[APP_MAX_OCE_TYPES + 1];
	size_t nmenus;
	struct doc_type_rec *doc_types;   /* every document type, in order (reference data too) */
	size_t ndoc_types;
	struct wf_rule *wf_rules;         /* the state machine's table (workflow_rule) */
	struct customs_tables wf;         /* the same, as the services take it */
	unsigned char csrf_key[32];       /* signs the sign-in form's token (server_key 'csrf') */
	unsigned char code_key[32];       /* keys the hashes of codes sent by e-mail ('codes') */
	struct throttle *signin_addr;     /* failed sign-ins per client address (auth/throttle.h) */
	struct throttle *signin_account;  /* ... and per account, over every address */
	struct catalog_entry *districts;  /* the customs districts, by code */
	size_t ndistricts;
	struct static_entry statics[APP_MAX_STATICS];
	size_t nstatics;
	const char *css, *js, *logo;   /* hrefs */
};

int app_init(struct app *a, const struct config *cfg, struct db *db);
void app_free(struct app *a);
/* The menu options of an OCE type (NULL: the public ones); empty if unknown. */
void app_menu(const struct app *a, const char *type, const struct menu_rec **m, size_t *n);
/* The four menus of an OCE type (NULL: the public ones) as views in lang,
 * built once at start-up; four empty menus for an unknown type. */
const struct menu_view *app_menu_views(const struct app *a, const char *type, int lang);
/* The same with only the options whose ids are in only[0..nonly) (an
 * employee's granted options), built in the arena ar. */
const struct menu_view *app_menu_views_only(const struct app *a, const char *type, int lang,
					    const char *const *only, size_t nonly, struct arena *ar);
/* The name of document type code in lang (the code itself when unknown). */
const char *app_doc_type_name(const struct app *a, const char *code, int lang);
/* "028 — Guayaquil Marítimo" for a district code ("" for ""; the code alone
 * when unknown), in the arena. */
const char *app_district_label(const struct app *a, const char *code, struct arena *ar);
/* The embedded static file called name, or NULL. */
const struct static_entry *app_static(const struct app *a, const char *name, size_t n);

/* The HTTP server's callbacks (web/dispatch.c); app is a struct app. */
http_body_fn app_body_policy;
http_handler_fn app_handle;
http_deferred_fn app_deferred;
http_error_fn app_error_page;

#endif
