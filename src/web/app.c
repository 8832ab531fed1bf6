/*
 * app.c — what the application keeps for its whole life; see app.h.
 */
#include "web/app.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth/throttle.h"
#include "auth/token.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/str.h"
#include "domain/edoc.h"
#include "store/catalogs.h"
#include "store/customs.h"
#include "store/sessions.h"
#include "web/i18n.h"

extern const struct embedded_file static_files[];
extern const size_t static_files_count;

static const char *content_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".xsd", "application/xml" },
		{ ".xml", "application/xml" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static const char *const menu_titles[4] = {
	"Trámites Operativos", "Servicios Informativos", "Soporte al Cliente", "Ventanilla Única",
};
static const char *const menu_codes[4] = { "TO", "SI", "SC", "VU" };

static bool in_list(const char *id, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

/* The four menus of m[0..n) in lang (only the options in only[0..nonly)
 * when only is not NULL); items in the arena ar. */
static int build_views(struct arena *ar, const struct menu_rec *m, size_t n, int lang,
		       const char *const *only, size_t nonly, struct menu_view out[4])
{
	for (size_t k = 0; k < 4; k++) {
		struct menu_item *items = arena_alloc(ar, (n + 1) * sizeof(*items));
		if (items == NULL)
			return -1;
		out[k].menu_title = i18n_tr(lang, menu_titles[k]);
		out[k].items = items;
		out[k].n = 0;
		out[k].withheld = false;
		for (size_t i = 0; i < n; i++) {
			struct menu_item *it;
			if (strcmp(m[i].menu, menu_codes[k]) != 0)
				continue;
			if (only && !in_list(m[i].id, only, nonly)) {
				out[k].withheld = true;
				continue;
			}
			it = &items[out[k].n++];
			it->number = m[i].number;
			it->title = lang == LANG_EN ? m[i].title_en : m[i].title;
			it->href = m[i].screen;
		}
	}
	return 0;
}

const struct menu_view *app_menu_views_only(const struct app *a, const char *type, int lang,
					    const char *const *only, size_t nonly, struct arena *ar)
{
	const struct menu_rec *m;
	size_t n;
	struct menu_view *out = arena_alloc(ar, 4 * sizeof(*out));

	if (out == NULL)
		return app_menu_views(a, NULL, lang);
	app_menu(a, type, &m, &n);
	if (build_views(ar, m, n, lang, only, nonly, out) != 0)
		return app_menu_views(a, NULL, lang);
	return out;
}

const struct menu_view *app_menu_views(const struct app *a, const char *type, int lang)
{
	static const struct menu_view none[4];
	const char *want = type ? type : "";

	for (size_t i = 0; i < a->nmenus; i++)
		if (strcmp(a->menus[i].type, want) == 0)
			return a->menus[i].views[lang == LANG_EN ? 1 : 0];
	return none;
}

/* Reads the menus of every OCE type (and the public ones) into the cache. */
static int load_menus(struct app *a)
{
	struct db_conn *c = db_acquire(a->db);
	const char **types;
	size_t nt;
	int rc = store_oce_types(c, &a->cache, APP_MAX_OCE_TYPES, &types, &nt);

	for (size_t i = 0; i <= nt && rc == STORE_OK; i++) {
		struct menu_cache *mc = &a->menus[a->nmenus++];
		str_lcpy(mc->type, i < nt ? types[i] : "", sizeof(mc->type));
		rc = store_menu(c, i < nt ? types[i] : NULL, &a->cache, &mc->m, &mc->n);
		if (rc == STORE_OK && (build_views(&a->cache, mc->m, mc->n, LANG_ES, NULL, 0, mc->views[0]) != 0 ||
				       build_views(&a->cache, mc->m, mc->n, LANG_EN, NULL, 0, mc->views[1]) != 0))
			rc = DB_ERR;
	}
	db_release(a->db, c);
	return rc;
}

const char *app_district_label(const struct app *a, const char *code, struct arena *ar)
{
	if (code == NULL || code[0] == '\0')
		return "";
	for (size_t i = 0; i < a->ndistricts; i++)
		if (strcmp(a->districts[i].code, code) == 0) {
			const char *l = arena_printf(ar, "%s — %s", code, a->districts[i].name);
			return l ? l : code;
		}
	return code;
}

const char *app_doc_type_name(const struct app *a, const char *code, int lang)
{
	for (size_t i = 0; i < a->ndoc_types; i++)
		if (strcmp(a->doc_types[i].code, code) == 0)
			return lang == LANG_EN ? a->doc_types[i].name_en : a->doc_types[i].name;
	return code;
}

void app_menu(const struct app *a, const char *type, const struct menu_rec **m, size_t *n)
{
	const char *want = type ? type : "";

	*m = NULL;
	*n = 0;
	for (size_t i = 0; i < a->nmenus; i++) {
		if (strcmp(a->menus[i].type, want) == 0) {
			*m = a->menus[i].m;
			*n = a->menus[i].n;
			return;
		}
	}
}

const struct static_entry *app_static(const struct app *a, const char *name, size_t n)
{
	for (size_t i = 0; i < a->nstatics; i++)
		if (str_eq_cstr((struct str){ name, n }, a->statics[i].f->name))
			return &a->statics[i];
	return NULL;
}

void app_free(struct app *a)
{
	throttle_free(a->signin_addr);
	throttle_free(a->signin_account);
	arena_free(&a->cache);
	edoc_free();
}

int app_init(struct app *a, const struct config *cfg, struct db *db)
{
	memset(a, 0, sizeof(*a));
	a->cfg = cfg;
	a->db = db;
	arena_init(&a->cache, LIMIT_ARENA_BYTES);
	i18n_init();
	{
		struct throttle_opts by_addr = { cfg->signin_addr_failures, LIMIT_SIGNIN_FORGIVE_S,
						 LIMIT_SIGNIN_DELAY_MAX_S, LIMIT_THROTTLE_KEYS };
		struct throttle_opts by_account = { LIMIT_SIGNIN_ACCOUNT_FAILURES, LIMIT_SIGNIN_FORGIVE_S,
						    LIMIT_SIGNIN_DELAY_MAX_S, LIMIT_THROTTLE_KEYS };
		a->signin_addr = throttle_new(&by_addr);
		a->signin_account = throttle_new(&by_account);
		if (a->signin_addr == NULL || a->signin_account == NULL) {
			log_err("out of memory");
			return -1;
		}
	}
	if (edoc_init() != 0) {
		log_err("the e-document schemas could not be compiled");
		return -1;
	}
	if (load_menus(a) != 0) {
		log_err("the menu catalogue could not be read");
		return -1;
	}
	{
		struct db_conn *c = db_acquire(a->db);
		int rc = store_doc_types(c, NULL, &a->cache, &a->doc_types, &a->ndoc_types);
		int wrc = rc == STORE_OK ? store_workflow_rules(c, &a->cache, &a->wf_rules, &a->wf.n) : rc;
		long long nd;
		char cand[TOKEN_HEX], key[TOKEN_HEX];

		if (wrc == STORE_OK)
			wrc = store_catalog_search(c, "district", NULL, NULL, APP_MAX_DISTRICTS, &a->cache,
						   &a->districts, &a->ndistricts, &nd);
		token_new(cand);
		if (wrc == STORE_OK && (store_server_key(c, "csrf", cand, key) != STORE_OK ||
					token_key_from_hex(key, a->csrf_key) != 0)) {
			log_err("the server's key could not be read or stored");
			wrc = DB_ERR;
		}
		token_new(cand);
		if (wrc == STORE_OK && (store_server_key(c, "codes", cand, key) != STORE_OK ||
					token_key_from_hex(key, a->code_key) != 0)) {
			log_err("the server's key for codes could not be read or stored");
			wrc = DB_ERR;
		}

		db_release(a->db, c);
		if (rc != STORE_OK) {
			log_err("the document types could not be read");
			return -1;
		}
		if (wrc != STORE_OK) {
			log_err("the state machine's rules (workflow_rule) or the districts could not be read, "
				"or the rules are not valid");
			return -1;
		}
		a->wf.rules = a->wf_rules;
	}
	for (size_t i = 0; i < static_files_count && a->nstatics < APP_MAX_STATICS; i++) {
		struct static_entry *e = &a->statics[a->nstatics++];
		uint64_t h = hash_bytes(static_files[i].data, static_files[i].len);
		e->f = &static_files[i];
		e->type = content_type(e->f->name);
		snprintf(e->etag, sizeof(e->etag), "\"%016llx\"", (unsigned long long)h);
		snprintf(e->href, sizeof(e->href), "/static/%s?v=%016llx", e->f->name,
			 (unsigned long long)h);
		if (strcmp(e->f->name, "app.css") == 0)
			a->css = e->href;
		else if (strcmp(e->f->name, "app.js") == 0)
			a->js = e->href;
		else if (strcmp(e->f->name, "logo.svg") == 0)
			a->logo = e->href;
	}
	if (a->css == NULL || a->js == NULL || a->logo == NULL) {
		log_err("static files app.css, app.js and logo.svg must be embedded");
		return -1;
	}
	return 0;
}
