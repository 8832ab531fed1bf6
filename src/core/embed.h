/*
 * embed.h — files compiled into the binary by tools/embed (static assets,
 * SQL migrations).  data is followed by a NUL byte not counted in len, so
 * text files can be used as C strings.
 */
#ifndef ADUANA_EMBED_H
#define ADUANA_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;            /* file name without directories */
	const unsigned char *data;
	size_t len;
};

#endif
