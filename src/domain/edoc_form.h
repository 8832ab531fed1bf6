/*
 * edoc_form.h — the web form of each e-document type, and the flat values a
 * document has on both channels.
 *
 * One model per type (struct edoc_form) lists the fields a person fills in,
 * in the schema's order: the document's own ("head") and, for a DAI, a DAE
 * or a manifest, the fields of each row (an item, a transport document).
 * The same model serves three ends:
 *
 *   form values --edoc_form_xml--> XML --edoc_parse / edoc_check_rules--> ...
 *        the form builds the XML the upload would carry, so both channels go
 *        through the one validation path, and every error's field key
 *        (edoc.h) names the form input to show it beside;
 *   XML --edoc_values--> flat values --edoc_form_values--> form values
 *        a document sent (or refused) read back into the form, to correct it;
 *   flat values + the model --> the readable detail of a document.
 *
 * Flat values are (key, text) pairs: the key is the field key of edoc.h
 * ("declarant.ruc", "items.3.subpartida",
 * "transport_documents.2.containers.1"), the text the element's, whitespace
 * collapsed.  A form input's name is "f." and the key, row fields carrying
 * their row ("f.items.3.subpartida"); a list input (the containers of a
 * transport document) holds all its values, one per line.
 *
 * The form's text differs from the XML's only where a person writes it
 * otherwise: money in units with up to two decimals ("72000.50", "72000,5")
 * where the XML has cents; a decimal comma; dd/mm/aaaa dates; codes in lower
 * case; the containers as lines.  Everything else is copied as typed and
 * judged by the schema.
 */
#ifndef ADUANA_EDOC_FORM_H
#define ADUANA_EDOC_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/edoc.h"

#define EDOC_FORM_MAX_ROWS 100    /* rows of one form; longer documents go as an XML file */
#define EDOC_FORM_LIST_CHARS 4000 /* a list input (containers): one form field (LIMIT_FIELD_BYTES);
                                     more containers go as an XML file */
#define EDOC_FORM_KEY_BYTES 64    /* of an input's name, "f." included */

enum edoc_input {
	EDOC_IN_TEXT,      /* one line of text */
	EDOC_IN_LONG,      /* a description: a text area */
	EDOC_IN_DATE,      /* aaaa-mm-dd (dd/mm/aaaa accepted) */
	EDOC_IN_MONEY,     /* units with up to 2 decimals; cents in the XML */
	EDOC_IN_DECIMAL,   /* kilograms or a quantity: up to 3 decimals */
	EDOC_IN_COUNT,     /* a whole number */
	EDOC_IN_CODE,      /* a code of the list named by list; upper-cased */
	EDOC_IN_CHOICE,    /* one of the options named by list (edoc_choices) */
	EDOC_IN_LIST,      /* several codes (containers): one per line */
	EDOC_IN_SEQ,       /* the row's position: written by the form, not typed */
	EDOC_IN_SENDER_OCE,/* the OCE code the sender acts under: not typed */
	EDOC_IN_SENDER_RUC /* the sender's RUC: not typed */
};

enum edoc_input_flag {
	EDOC_F_OPTIONAL = 1u << 0,  /* an element the schema lets out: blank leaves it out */
	EDOC_F_TOTAL    = 1u << 1,  /* blank: the sum of sum_of over the rows */
	EDOC_F_UPPER    = 1u << 2,  /* TEXT: a code-like text (document numbers): upper-cased */
};

struct edoc_input_def {
	const char *path;      /* the element, relative to the root or the row: "Declarant/RUC" */
	const char *key;       /* its field key, likewise relative: "declarant.ruc" */
	const char *label;     /* Spanish, as the form shows it */
	enum edoc_input in;
	const char *list;      /* CODE: the code list ("locode", "country", ...); TEXT: a
	                          list its value may be named from ("hs": by the first 6
	                          digits), or NULL; CHOICE: the options (edoc_choices);
	                          LIST: the element of each value ("Container") */
	unsigned max;          /* characters a person may type */
	unsigned flags;        /* enum edoc_input_flag */
	const char *sum_of;    /* TOTAL: the row field summed */
	const char *section;   /* not NULL: a group of fields starts here, titled so */
};

struct edoc_form {
	enum edoc_type type;
	const struct edoc_input_def *head;
	size_t nhead;
	const char *rows_path;   /* "Items/Item"; NULL: the type has no rows */
	const char *rows_key;    /* "items" */
	const char *rows_title;  /* "Ítems" */
	const char *row_title;   /* "Ítem" */
	const char *row_noun;    /* "ítem": in "Agregar ítem" */
	const struct edoc_input_def *row;
	size_t nrow;
};

/* The form of a type; NULL for EDOC_NONE. */
const struct edoc_form *edoc_form_of(enum edoc_type t);

/* An option of a CHOICE input: its value and its Spanish label. */
struct edoc_choice {
	const char *value;
	const char *label;
};
/* The options named list ("regime_import", "regime_export", "transport",
 * "incoterm", "level", "kind"), *n of them; NULL when unknown. */
const struct edoc_choice *edoc_choices(const char *list, size_t *n);
/* The label of value among the options of list, or NULL. */
const char *edoc_choice_label(const char *list, const char *value);

/* ---- flat values ------------------------------------------------------------- */
struct edoc_value {
	const char *key;
	const char *text;
};
struct edoc_values {
	struct edoc_value *v;   /* arena; sorted by key (strcmp), no key twice */
	size_t n;
};

/* The text of key, or NULL. */
const char *edoc_values_get(const struct edoc_values *vs, const char *key);
/* How many rows of rows_key ("items") there are: the highest position
 * having a value. */
size_t edoc_values_rows(const struct edoc_values *vs, const char *rows_key);

/*
 * The values of an XML document: parsed as securely as edoc_parse does
 * (same refusals; no schema), every element without element children giving
 * one value.  A key met twice keeps its first text.  Sets *type from the
 * root (EDOC_NONE when unknown).  EDOC_OK, EDOC_INVALID (errs says why: not
 * XML, DOCTYPE...), or EDOC_ERR_NOMEM.
 */
int edoc_values(const char *xml, size_t n, struct arena *a, enum edoc_type *type,
		struct edoc_values *out, struct edoc_errors *errs);

/* ---- the form --------------------------------------------------------------------- */
/* A form value by its input's name ("f.items.2.subpartida"); NULL when absent. */
typedef const char *edoc_form_get(void *ctx, const char *name);

struct edoc_form_in {
	edoc_form_get *get;
	void *ctx;
	size_t nrows;            /* rows of the form, 0..EDOC_FORM_MAX_ROWS */
	const char *oce_code;    /* the sender's, for EDOC_IN_SENDER_OCE */
	const char *ruc;         /* the sender's, for EDOC_IN_SENDER_RUC */
};

/*
 * Writes the XML of a filled form into out.  What a person writes otherwise
 * than the XML is converted (see the top of this file); a value that cannot
 * be (money with three decimals, a list with a code too long...) is an error
 * added to errs with the input's field key, and the result is EDOC_INVALID
 * (out then holds nothing useful).  A blank optional input leaves its
 * element out; a blank required one is an error of the form (EDOC_E_MISSING),
 * so that all of them are reported at once — the schema stops at the first
 * missing element of a group.
 * EDOC_OK, EDOC_INVALID or EDOC_ERR_NOMEM.
 */
int edoc_form_xml(const struct edoc_form *f, const struct edoc_form_in *in, struct arena *a,
		  struct buf *out, struct edoc_errors *errs);

/*
 * The form's text of a value read from the XML (cents as units, the
 * containers of a row joined by lines), for input d of row (0: the head);
 * in the arena, "" when absent.
 */
const char *edoc_form_text(const struct edoc_input_def *d, const struct edoc_values *vs,
			   const char *rows_key, size_t row, struct arena *a);

/* "items.3.subpartida" of input d in row (0: head); in the arena. */
const char *edoc_form_key(const struct edoc_input_def *d, const char *rows_key, size_t row,
			  struct arena *a);

/* Cents as the form writes them: 7200000 -> "72000.00" (no grouping). */
void edoc_cents_text(long long cents, char out[32]);
/* The form's money text to cents: "72000", "72000.5", "72000,50" ->
 * 7200000; -1 when it is not such a number (or over 14 digits of cents). */
int edoc_money_cents(const char *s, long long *cents);

#endif
