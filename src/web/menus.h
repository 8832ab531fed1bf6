/*
 * menus.h — the blocks several pages show: the menus of an OCE type (or
 * the public ones) and the news, as views.
 */
#ifndef ADUANA_WEB_MENUS_H
#define ADUANA_WEB_MENUS_H

#include <stddef.h>

#include "web/page.h"

/* The four menus (Trámites Operativos, Servicios Informativos, Soporte al
 * Cliente, Ventanilla Única) with the options of oce_type (NULL: the public
 * options), in the page's language: built once at start-up (app.c). */
const struct menu_view *menus_view(const struct web_ctx *c, const char *oce_type);
/* The menus of the session's OCE type as its user may use them: an
 * employee's only with the options its representative granted (3.2.3). */
const struct menu_view *menus_view_user(struct web_ctx *c);
/* The latest news; -1 when the store could not be read. */
int news_view(struct web_ctx *c, const struct news_item **out, size_t *n);

#endif
