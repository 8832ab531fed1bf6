/*
 * tmpl_rt.h — what generated templates (tools/tmplc) see: the output buffer,
 * translation, and the view structures they render.
 */
#ifndef ADUANA_TMPL_RT_H
#define ADUANA_TMPL_RT_H

#include <stddef.h>
#include <string.h>

#include "core/buf.h"
#include "web/i18n.h"
#include "web/views.h"

/* Every template's prototype (generated), so templates can call each other. */
#include "templates.h"

#endif
