/*
 * router.h — matching request paths against route patterns.
 *
 * A pattern is exact ("/principal") or ends in "/{}" for one trailing
 * segment ("/notificaciones/{}": "/notificaciones/42" matches with tail
 * "42"; "/notificaciones/", "/notificaciones/4/2" do not).  What a route
 * is beyond its pattern is the application's (web/route.h).
 */
#ifndef ADUANA_ROUTER_H
#define ADUANA_ROUTER_H

#include <stdbool.h>

#include "core/str.h"

/* True when path matches pattern; *tail gets the {} segment ("" for an
 * exact pattern). */
bool router_path_match(const char *pattern, struct str path, struct str *tail);

#endif
