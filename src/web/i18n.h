/*
 * i18n.h — Spanish first, English available.
 *
 * The Spanish text is the key: templates write {{_ "Iniciar sesión"}} and
 * i18n_tr returns the English when the page is in English and a translation
 * exists.  tests/unit/test_i18n.c checks that every string the templates
 * use has one.
 */
#ifndef ADUANA_I18N_H
#define ADUANA_I18N_H

#include <stddef.h>

enum lang { LANG_ES = 0, LANG_EN = 1 };

/* Sorts the catalogue; call once at start-up (i18n_tr works before it, slower). */
void i18n_init(void);
/* The text for es in lang: es itself for Spanish or when no translation exists. */
const char *i18n_tr(int lang, const char *es);
/* True when es has an English translation. */
int i18n_has(const char *es);

#endif
