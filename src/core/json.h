/*
 * json.h — writing JSON text into a bounded buffer (reading JSON is
 * jansson's, when a route takes JSON).
 */
#ifndef ADUANA_JSON_H
#define ADUANA_JSON_H

#include "core/buf.h"

/* Appends s as a JSON string, quotes included: " \ and control characters
 * escaped, other bytes (valid UTF-8 is the caller's) as they are; NULL
 * appends null. */
void json_put_str(struct buf *b, const char *s);

#endif
