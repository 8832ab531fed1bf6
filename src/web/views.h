/*
 * views.h — what each page template renders.  A view is built by its page
 * (web/pages/NAME.c) from what the services and the store returned; it holds
 * only text, numbers and flags ready to show (dates already formatted,
 * links already built), never a database record.  Every string lives in the
 * request's arena or in configuration; templates only read views.
 */
#ifndef ADUANA_VIEWS_H
#define ADUANA_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/limits.h"
#include "core/timefmt.h"
#include "store/documents.h"
#include "store/users.h"
#include "web/params.h"

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
	bool operator_user;       /* an operator's user: "Datos del usuario" in the header */
	bool admin;               /* an officer with the admin role: the accounts screen */
	const char *q;            /* current search text of the header box */
	const char *flash;        /* one informational message at the top, or NULL */
	const struct form_errors *errs;  /* the form's messages: each at its field, all
	                                    in the summary at the top; NULL or empty: none */
};

/* The message of a field, for the template next to it; NULL when none. */
static inline const char *page_err(const struct page *pg, const char *field)
{
	return form_errors_get(pg->errs, field);
}

/* One menu option as shown. */
struct menu_item {
	const char *number;       /* "1.3"; "" for unnumbered options */
	const char *title;        /* in the page's language */
	const char *href;         /* NULL: the screen does not exist yet */
};

struct menu_view {
	const char *menu_title;
	const struct menu_item *items;
	size_t n;
	bool withheld;                 /* an employee's: the OCE type has options here, none granted */
};

struct news_item {
	const char *title, *body;
};

struct view_home {
	struct page *pg;
	const char *ruc, *usuario;     /* what the user typed, kept on error */
	const char *err_form;          /* the answer to a refused sign-in, or NULL */
	const char *pre_csrf;
	const struct news_item *news;
	size_t nnews;
	const struct menu_view *menus; /* the public Trámites Operativos and Servicios Informativos */
};

struct oce_type_opt {
	const char *code;
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
	const struct news_item *news;
	size_t nnews;
	const struct menu_view *menus; /* the public ones: [0] and [1] */
};

struct notice_row {
	bool unread;
	const char *sender, *recipient, *subject;
	char date[TIMEFMT_LEN];
	const char *href;
};

struct view_main {
	struct page *pg;
	struct notice_row rows[LIMIT_PAGE_ROWS];
	size_t nrows;
	long long total, unread;
	long long pagina, paginas;
	const char *first_href, *prev_href, *next_href, *last_href;
	const char *q;
	const struct menu_view *menus; /* the four, of the OCE type */
};

struct view_notice {
	struct page *pg;
	const char *sender, *recipient, *subject, *body;
	char date[TIMEFMT_LEN];
	char read_date[TIMEFMT_LEN];   /* "" when unread */
};

/* 2.6 Catálogos: the lists, then one list's entries. */
struct catalog_row {
	const char *href, *name, *origin, *licence;
	long long entries;
	char date[TIMEFMT_LEN];   /* "" when it came with the schema */
};

struct view_catalogs {
	struct page *pg;
	struct catalog_row rows[LIMIT_CATALOGS];
	size_t n;
};

struct entry_row {
	const char *code, *name, *other_name, *detail;   /* other_name, detail: "" when none */
};

struct view_catalog {
	struct page *pg;
	const char *code, *name, *origin, *licence, *q;
	const char *detail_label;      /* the column of entry_row.detail, or NULL */
	struct entry_row rows[LIMIT_CATALOG_ROWS];
	size_t n;
	long long total;
	const char *first_href;        /* the list's address, for the search form */
	const char *restart_href;      /* its first page with the same search, when not on it */
	const char *next_href;         /* the next page, when there is one */
};

/* 1.6 e-Documentos: what may be sent, the downloads, and a sending's result. */
struct edoc_type_row {
	const char *code, *name;
	const char *xsd_href, *sample_href;
	bool may_send;
};

struct edoc_list_row {
	const char *code, *name, *href;
	long long entries;
};

struct view_edocs {
	struct page *pg;
	struct edoc_type_row types[8];
	size_t ntypes;
	struct edoc_list_row lists[LIMIT_CATALOGS];
	size_t nlists;
	bool operator;                 /* signed in under an OCE: the sending form is shown */
	bool any_allowed;              /* ... and its type may send at least one type */
};

struct edoc_error_row {
	const char *where;             /* "/DAI/Items/Item[3]/Subpartida, línea 40", or "" */
	const char *href;              /* "#f.items.3.subpartida": the input it is about, or NULL */
	const char *message;
	bool warning;
};

struct view_edoc_result {
	struct page *pg;
	bool received;
	const char *type_name;         /* "" when the type is unknown */
	const char *numero;            /* received: the número de entrega */
	char date[TIMEFMT_LEN];
	const char *state;             /* Registrado, or what the electronic acceptance made it */
	const char *declaration;       /* accepted at once: its number, else NULL */
	const char *canal;             /* ... and its canal de aforo's label */
	const char *detail_href;       /* the document's detail */
	const char *file_name;
	struct edoc_error_row *rows;   /* errors first, then warnings */
	size_t nrows;
	size_t more;                   /* errors found past those kept */
};

/* Estado de Trámite Integral: the filters as typed, and the page of rows. */
struct tramite_row {
	long long no;                  /* position in the whole result, from 1 */
	const char *href;              /* the document's detail */
	const char *name, *numero, *transmission, *state;
	char date[TIMEFMT_LEN];
};

struct select_opt {
	const char *value, *label;
};

struct view_tramites {
	struct page *pg;
	const char *operacion, *titulo, *numero, *estado, *periodo, *desde, *hasta;  /* as typed */
	struct select_opt titulos[8];
	size_t ntitulos;
	long long total;
	struct tramite_row rows[LIMIT_PAGE_ROWS];
	size_t n;
	const char *next_href, *first_href, *csv_href;
};

/* The detail of a document: its content, readable. */
struct doc_field_view {
	const char *label;             /* in the page's language */
	const char *value;             /* formatted: "72.000,00 USD", "CNSHA Shanghai" */
};

struct doc_section_view {
	const char *title;
	struct doc_field_view *f;
	size_t n;
};

struct doc_event_view {
	char at[TIMEFMT_LEN];
	const char *usuario, *from, *to, *reason;   /* from "" for the first */
};

struct view_documento {
	struct page *pg;
	long long id;
	const char *title;             /* the type's name in the page's language */
	const char *numero;            /* "" for a refused sending */
	const char *doc_type, *usuario, *channel, *transmission, *state;
	char created[TIMEFMT_LEN];
	const char *xml_href;
	const char *content_note;      /* why the content is not shown, or NULL */
	struct doc_section_view *sections;
	size_t nsections;
	const char *rows_title;        /* NULL: no rows */
	const char **cols;             /* ncols headers */
	size_t ncols;
	const char **cells;            /* nrows x ncols */
	long long row_from;            /* the number of the first row shown */
	size_t nrows;
	long long rows_total;
	const char *rows_prev, *rows_next;
	const struct document_error_rec *errors;
	size_t nerrors;
	struct doc_event_view *events;
	size_t nevents;
	bool can_annul;                /* still Registrado: the form to anular is shown */
	const char *form_href;         /* open it in the form (1.1), or NULL */
	const char *form_label;        /* "Corregir en el formulario" / "Nuevo documento a partir de este" */
	const char *motivo;            /* as typed */
	const char *flash;
	/* Customs: the same detail serves the operator (/tramites) and the
	 * officers' back office (/bandeja). */
	bool officer;
	const char *base;              /* "/tramites" or "/bandeja" */
	const char *back_href, *back_label;
	const char *oce_code;          /* who sent it (shown to officers) */
	const char *district;          /* "028 — Guayaquil Marítimo", "" when none */
	const char *canal;             /* the canal de aforo's label, "" when none */
	const char *declaration;       /* "" until accepted (DAI, DAE) */
	const char *liquidation;       /* "" when none */
	const char *customs_value, *insurance, *advalorem, *fodinfa, *ice, *iva, *total;   /* "1.234,56" */
	bool insurance_presumed;
	const char *accepted_by;       /* officer's usuario, or "Sistema" */
	char accepted_at[TIMEFMT_LEN];
	const char *risk_why;          /* officers only: the rule that chose the channel */
	long long version;             /* officers act on this version */
	struct select_opt *actions;    /* officers: what their roles allow from this state */
	size_t nactions;
	const char *accion;            /* as chosen */
	struct select_opt *canales;    /* officers: channels for cambiar_canal; operators: physical
	                                  channels they may ask for */
	size_t ncanales;
	const char *canal_sel;
	struct select_opt *districts;  /* officers: districts for reasignar */
	size_t ndistricts;
	const char *district_sel;
	struct doc_request_view *requests;
	size_t nrequests;
	bool can_decide;               /* a supervisor, with a pending request */
	bool can_request;              /* the operator may ask for another channel */
	const char *correct_href;      /* Subsanación: correct and re-send in the form */
};

struct doc_request_view {
	long long id;
	char at[TIMEFMT_LEN];
	const char *usuario, *canal, *reason, *state, *decision, *decided_by;
	bool pending;
};

/* The canal de aforo's rules (admin). */
struct regla_row {
	long long position;
	const char *kind, *doc_type, *condition, *canal, *note;
};
struct regla_version {
	long long version, nrules;
	char at[TIMEFMT_LEN];
	const char *usuario, *note, *default_canal;
	bool auto_accept;
};
struct view_reglas {
	struct page *pg;
	long long version;
	bool auto_accept;
	const char *default_canal;     /* code */
	struct regla_row *rules;
	size_t nrules;
	struct regla_version *versions;
	size_t nversions;
	struct select_opt *kinds, *canales;
	size_t nkinds, ncanales;
	const char *tipo, *documento, *codigo, *valor, *canal, *nota;   /* as typed */
	const char *flash;
};

/* The officers' sign-in. */
struct view_funcionarios {
	struct page *pg;
	const char *usuario;           /* as typed */
	const char *err_form;
	const char *pre_csrf;
};

/* The officers' work queue. */
struct bandeja_row {
	long long no;
	const char *href, *name, *numero, *oce_code, *district, *state, *canal;
	char date[TIMEFMT_LEN];
};

struct view_bandeja {
	struct page *pg;
	bool national;                 /* sees every district */
	bool is_admin;                 /* links the rules */
	const char *own;               /* "028 — Guayaquil Marítimo" */
	const char *roles;
	const char *distrito, *titulo, *estado, *canal, *periodo, *desde, *hasta;   /* as typed */
	bool solicitud;
	struct select_opt *districts, *titulos, *canales;
	size_t ndistricts, ntitulos, ncanales;
	long long total;
	struct bandeja_row rows[LIMIT_PAGE_ROWS];
	size_t n;
	const char *next_href, *first_href;
};

/* Correo saliente: the mail outbox (admin). */
struct correo_row {
	long long no, id, attempts;
	char date[TIMEFMT_LEN];
	const char *to, *subject, *state, *error;
	bool failed;
};

struct view_correo {
	struct page *pg;
	const char *estado;            /* "", pendiente, enviado, fallido */
	long long total;
	struct correo_row rows[LIMIT_MAIL_ROWS];
	size_t n;
	const char *next_href, *first_href;
};

/* 1.1 Elaboración de e-Doc. operativo: the types, then one type's form. */
struct elab_type_view {
	const char *code, *name, *href;
};

struct view_elaboracion_tipos {
	struct page *pg;
	struct elab_type_view types[8];
	size_t ntypes;
};

enum ef_kind { EF_TEXT, EF_DATE, EF_TEXTAREA, EF_SELECT, EF_FIXED };

struct ef_input {
	const char *name;              /* "f.items.2.subpartida": the input's name and id */
	const char *label;             /* in the page's language */
	const char *value;             /* as typed (or read back from a document) */
	const char *error;             /* the messages about it, or NULL */
	const char *hint;              /* or NULL */
	enum ef_kind kind;
	const struct select_opt *opts; /* EF_SELECT */
	size_t nopts;
	const char *datalist;          /* the id of a datalist of codes, or NULL */
	const char *inputmode;         /* "decimal", "numeric" or NULL */
	unsigned max;
	bool wide;                     /* takes a whole line */
};

struct ef_group {
	const char *title;             /* a section's, or "Ítem 3" */
	const char *id;                /* the fieldset's id */
	struct ef_input *in;
	size_t n;
	const char *remove_value;      /* rows: the value of its "Quitar" button */
	const char *remove_label;      /* "Quitar ítem 3" */
};

struct ef_datalist {
	const char *id;
	struct select_opt *opts;
	size_t n;
};

struct view_elaboracion {
	struct page *pg;
	const char *code, *title, *action;
	struct ef_group *head;
	size_t nhead;
	const char *rows_title;        /* NULL: the type has no rows */
	struct ef_group *rows;
	size_t nrows;
	const char *add_label;         /* "Agregar ítem" */
	bool can_add;
	struct ef_datalist *lists;
	size_t nlists;
	struct edoc_error_row *errors; /* the summary (document-wide ones first) */
	size_t nerrors;
	size_t more;                   /* errors found past those shown */
	const char *status;            /* "El documento es válido..." after Revisar */
	const char *note;              /* about what was loaded into the form */
	long long corrige;             /* the document being corrected (Subsanación), 0: none */
};

/* 1.3 Integración de estados del trámite: the state changes, newest first. */
struct estado_row {
	char at[TIMEFMT_LEN];
	const char *href;              /* the document's detail */
	const char *numero, *doc_name, *from, *to, *reason, *usuario;
};

struct view_estados {
	struct page *pg;
	const char *fecha, *alcance, *numero, *q;   /* as typed */
	long long total;
	struct estado_row rows[LIMIT_PAGE_ROWS];
	size_t n;
	const char *next_href, *first_href;
};

/* 1.8 Consulta de e-Docs enviados: every sending, with its transmission. */
struct enviado_row {
	long long no;
	char date[TIMEFMT_LEN];
	const char *href, *name, *numero, *channel, *transmission;
	long long nerrors;
};

struct view_enviados {
	struct page *pg;
	const char *titulo, *transmision, *periodo, *desde, *hasta;   /* as typed */
	struct select_opt titulos[8];
	size_t ntitulos;
	long long total;
	struct enviado_row rows[LIMIT_PAGE_ROWS];
	size_t n;
	const char *next_href, *first_href;
};

struct view_error {
	struct page *pg;
	int status;
	const char *message;
	const char *back_href, *back_label;
};

/* ---- the account lifecycle (issue 9) ------------------------------------ */

/* One field of a form, rendered by tmpl_fields (label tied to the input,
 * its message next to it, hint described by). */
struct field_view {
	const char *name;              /* the input's name and id */
	const char *label;             /* in the page's language */
	const char *type;              /* text, email, tel, password, select, radio */
	const char *value;             /* as typed */
	const char *hint;              /* or NULL */
	const char *autocomplete;      /* or NULL */
	const char *inputmode;         /* or NULL */
	const struct select_opt *opts; /* select, radio */
	size_t nopts;
	int maxlength;
	bool required;
};

/* A page of the lifecycle that is one form (or a message and a form):
 * Nuevo registro, its code, Reiniciar clave, the new password, the
 * yearly update. */
struct view_acct_form {
	struct page *pg;
	const char *heading_id;
	const char *intro;             /* a paragraph before the form, or NULL */
	const char *message;           /* an outcome shown in a status box, or NULL */
	const char *action;            /* the form's path; NULL: no form */
	const char *csrf;              /* the session's or the pre-session token */
	const struct field_view *fields;
	size_t nfields;
	const char *convenio;          /* Nuevo registro: the terms of use, shown in full */
	bool convenio_ok;              /* its box as sent */
	const char *check_label;       /* "Comprobar disponibilidad" (a second submit), or NULL */
	size_t ncheck;                 /* with check_label: the fields before it (the rest follow) */
	const char *check_result;      /* what the check found, or NULL */
	bool check_free;
	const char *submit;            /* the button */
	const char *back_href, *back_label;   /* a link under the form, or NULL */
};

/* 3.2 Datos del usuario: the user's data and its forms. */
struct view_cuenta {
	struct page *pg;
	const char *flash;
	const char *ruc, *usuario, *nombre, *email, *telefono, *cedula, *clase_label;
	bool email_pending;            /* a code was sent to a new address */
	const char *email_pending_to;
	bool can_link;                 /* registered under a cédula: homologación offered */
	const char *new_email, *link_ruc;     /* as typed */
};

/* 3.2.3 Modificar información del uso: the company's users. */
struct uso_row {
	long long id;
	const char *ruc, *usuario, *nombre, *email, *clase_label, *estado_label, *href;
	bool employee, pending, disabled;
};
struct uso_option {
	const char *id, *number, *title;
	bool granted;
};
struct view_uso {
	struct page *pg;
	const char *flash;
	const char *ruc;
	const struct uso_row *rows;
	size_t nrows;
	/* one employee's page (/uso/ID) */
	const struct uso_row *emp;
	const struct uso_option *opts;
	size_t nopts;
};

/* The administrators' accounts screen. */
struct audit_row {
	const char *at, *event, *addr, *detail;
};
struct view_usuarios {
	struct page *pg;
	const char *flash;
	const char *q;
	const struct uso_row *rows;
	size_t nrows;
	const char *prev_href, *next_href;
	/* one account (/usuarios/ID) */
	const struct user_rec *u;
	const char *kind_label, *state_label;
	const char *self_href;         /* /usuarios/ID */
	bool blocked;
	const struct audit_row *audit;
	size_t naudit;
};

#endif
