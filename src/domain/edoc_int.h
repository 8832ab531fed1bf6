/*
 * edoc_int.h — what the files of the e-document module share and nobody
 * else uses: the error list's append, the Spanish names of the elements, the
 * field tables (which element each struct field is read from), the compiled
 * schemas.  edoc.c holds the common parts, edoc_xml.c the parse, validation
 * and extraction, edoc_rules.c the business rules, edoc_embed.c edoc_init.
 */
#ifndef ADUANA_EDOC_INT_H
#define ADUANA_EDOC_INT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/edoc.h"

/* At most this many code points of a value are quoted in a message. */
#define EDOC_QUOTE_CHARS 40

/*
 * Appends one error or warning: the field key is derived from path (NULL is
 * taken as ""), every string is copied into the arena.  Past EDOC_MAX_ERRORS
 * only the counts grow.  Returns 0, or EDOC_ERR_NOMEM when the arena ran out.
 */
int edoc_err_add(struct edoc_errors *e, struct arena *a, enum edoc_severity sev,
		 enum edoc_code code, int line, const char *path, const char *message);

/* The same with a printf message. */
int edoc_err_addf(struct edoc_errors *e, struct arena *a, enum edoc_severity sev,
		  enum edoc_code code, int line, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* The Spanish label of an element ("Subpartida arancelaria") and the shape
 * its value must have ("de 6 a 10 dígitos sin puntos, p. ej. 8471300000"; ""
 * for elements that hold elements).  An unknown name gives NULL label. */
struct edoc_label {
	const char *name;
	const char *label;
	const char *hint;
};
const struct edoc_label *edoc_label_of(const char *name);

/* True for the elements that repeat (Item, TransportDocument, Container):
 * their paths always carry a position, their field keys only the position. */
bool edoc_is_repeating(const char *name, size_t n);

/* Appends the snake-case key form of an element name (OCECode -> oce_code). */
void edoc_put_snake(struct buf *b, const char *name, size_t n);

/* Copies s into out (room for outsz >= 8 bytes) cut at EDOC_QUOTE_CHARS code
 * points (whole UTF-8 sequences only), with "…" when cut.  Returns out. */
char *edoc_quote(const char *s, char *out, size_t outsz);
#define EDOC_QUOTE_BYTES (EDOC_QUOTE_CHARS * 4 + 4)

/* Which element a struct field is read from, relative to its record
 * ("Importer/RUC"), and how its text is converted. */
enum edoc_fkind { EDOC_FK_STR, EDOC_FK_CENTS, EDOC_FK_MILLI, EDOC_FK_COUNT, EDOC_FK_DATE };
struct edoc_fdesc {
	const char *name;   /* NULL: this field is not in this record */
	enum edoc_fkind kind;
	size_t off;         /* of the const char * or long long in the record */
	size_t off_day;     /* EDOC_FK_DATE: of the long long day number */
};
/* The tables: doc-level fields of a type (EDOC_D_COUNT entries), an item's
 * (EDOC_I_COUNT), a transport document's in a manifest or as a
 * DOCTRANSPORTE (EDOC_T_COUNT).  NULL for EDOC_NONE. */
const struct edoc_fdesc *edoc_doc_fields(enum edoc_type t);
const struct edoc_fdesc *edoc_item_fields(void);
const struct edoc_fdesc *edoc_tdoc_fields(enum edoc_type t);

/* Days since 1970-01-01 of a proleptic Gregorian date (y >= 1), and back
 * ("YYYY-MM-DD" into out[11]; years outside 0..9999 are clamped). */
long long edoc_days_from_civil(long long y, unsigned m, unsigned d);
void edoc_civil_from_days(long long z, char out[11]);

/* The ISO 6346 check digit (0..9) of the first 10 characters of s (3
 * letters, U/J/Z, 6 digits), or -1 when they are not of that shape. */
int edoc_container_check_digit(const char *s);

/* The compiled schema of a type (an xmlSchemaPtr), NULL before edoc_init. */
void *edoc_schema_of(enum edoc_type t);

#endif
