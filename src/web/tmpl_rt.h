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

/* {{_ "texto"}} for a literal with nothing to escape (tools/tmplc decides
 * when it compiles the template): the Spanish is written as it is; a
 * translation is escaped like any other value. */
static inline void tmpl_put_tr(struct buf *out, int lang, const char *es, size_t n)
{
	if (lang == LANG_ES)
		buf_put(out, es, n);
	else
		buf_put_html(out, i18n_tr(lang, es));
}

/* Every template's prototype (generated), so templates can call each other. */
#include "templates.h"

#endif
