/*
 * edoc_embed.c — edoc_init: the schemas compiled into the binary.
 *
 * The build turns schemas/DAI.xsd, DAE.xsd, MANIFIESTO.xsd and
 * DOCTRANSPORTE.xsd into build/gen/schemas.c (tools/embed, symbol
 * edoc_schemas); this file finds each by name and hands the texts to
 * edoc_init_schemas.  It is apart from edoc.c so that a program (or test)
 * that compiles its schemas from elsewhere need not link the generated file.
 */
#include "domain/edoc.h"

#include <string.h>

#include "core/embed.h"
#include "core/log.h"

extern const struct embedded_file edoc_schemas[];
extern const size_t edoc_schemas_count;

int edoc_init(void)
{
	const char *xsd[EDOC_NTYPES] = { NULL };
	size_t len[EDOC_NTYPES] = { 0 };
	char name[32], err[256];

	for (int t = 1; t <= EDOC_NTYPES; t++) {
		size_t n = strlen(edoc_type_code((enum edoc_type)t));

		if (n + 5 > sizeof(name))
			return -1;
		memcpy(name, edoc_type_code((enum edoc_type)t), n);
		memcpy(name + n, ".xsd", 5);
		for (size_t i = 0; i < edoc_schemas_count; i++) {
			if (strcmp(edoc_schemas[i].name, name) == 0) {
				xsd[t - 1] = (const char *)edoc_schemas[i].data;
				len[t - 1] = edoc_schemas[i].len;
			}
		}
	}
	if (edoc_init_schemas(xsd, len, err, sizeof(err)) != 0) {
		log_err("edoc: the embedded schemas do not compile: %s", err);
		return -1;
	}
	return 0;
}
