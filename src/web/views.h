/*
 * views.h — the data each page template renders.  Views are filled by the
 * handlers in pages.c from store records; every string they hold lives in
 * the request's arena or in configuration.  Templates only read them.
 */
#ifndef ADUANA_VIEWS_H
#define ADUANA_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/store.h"

/* What every page's frame needs. */
struct page {
	int lang;
	const char *title;        /* the <title> and <h1> */
	const char *brand, *tagline, *org;
	const char *css, *js, *logo;   /* fingerprinted static paths */
	const char *lang_href;    /* the language switch link, back to this page */
	const char *csrf;         /* the session's CSRF token; NULL when signed out */
	bool signed_in;           /* a session exists */
	bool oce_chosen;          /* ... and has its OCE: the full header */
	const char *usuario, *ruc, *oce_code, *oce_type;   /* header identity line */
	const char *q;            /* current search text of the header box */
	const char *flash;        /* one informational message at the top, or NULL */
	const char *err_summary;  /* error summary at the top of a form, or NULL */
};

struct menu_view {
	const char *menu_title;
	const struct menu_rec *items[LIMIT_MENU_OPTIONS];
	size_t n;
};

struct view_home {
	struct page *pg;
	const char *ruc, *usuario;     /* what the user typed, kept on error */
	const char *err_ruc, *err_usuario, *err_clave, *err_form;  /* next to each field */
	const char *pre_csrf;
	const struct news_rec *news;
	size_t nnews;
	struct menu_view menus[2];     /* the public Trámites Operativos and Servicios Informativos */
};

struct oce_type_opt {
	const char *code, *name;
	const char *label;             /* "[02] LINEA NAVIERA" */
};

struct view_oce {
	struct page *pg;
	const char *ruc, *usuario;
	struct oce_type_opt types[LIMIT_OCE_PER_USER];
	size_t ntypes;
	const char *sel_type;
	const char *codes[LIMIT_OCE_PER_USER];
	size_t ncodes;
	const char *sel_code;
	const char *err;
	const struct news_rec *news;
	size_t nnews;
	struct menu_view menus[2];
};

struct notice_row {
	const struct notice_rec *n;
	char date[20];
	const char *href;
};

struct view_main {
	struct page *pg;
	struct notice_row rows[LIMIT_PAGE_ROWS];
	size_t nrows;
	long long total, unread;
	long long pagina, paginas;
	const char *prev_href, *next_href;
	const char *q;
	struct menu_view menus[4];
};

struct view_notice {
	struct page *pg;
	const struct notice_rec *n;
	char date[20];
	char read_date[20];
};

struct view_error {
	struct page *pg;
	int status;
	const char *message;
	const char *back_href, *back_label;
};

#endif
