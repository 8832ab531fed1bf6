/*
 * fold.h — text folded for searching: lower case, without accents.
 *
 * "Notificación", "NOTIFICACION" and "notificacion" all fold to
 * "notificacion", so a search finds a subject however either was typed.
 * The store keeps the folded copy of a searchable text beside it and folds
 * the query the same way; the fold is done here, in C, so that both engines
 * (SQLite and PostgreSQL) agree byte for byte.
 */
#ifndef ADUANA_FOLD_H
#define ADUANA_FOLD_H

#include <stddef.h>

/* Folds s[0..n) (UTF-8) into out, which has room for n + 1 bytes; the result
 * is never longer than the input.  ASCII letters become lower case; the
 * Latin-1 letters with accents, cedilla or tilde (À..ÿ) become their base
 * letter in lower case (ñ → n, ç → c, ß → ss, æ → ae, ø → o); every other
 * byte is copied.  Returns the folded length; out is NUL-terminated. */
size_t fold_text(const char *s, size_t n, char *out);

#endif
