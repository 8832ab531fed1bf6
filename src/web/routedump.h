/*
 * routedump.h — the route table as data, for tools (`aduana routes`).
 *
 * The security suite (tests/security) reads this dump to know every route,
 * who may call it, whether it needs a CSRF token and which parameters it
 * takes, so a route added to a feature's table is covered without editing
 * the suite.
 */
#ifndef ADUANA_ROUTEDUMP_H
#define ADUANA_ROUTEDUMP_H

#include <stdio.h>

/* Writes every route of web_route_tables as one JSON document to out:
 *   {"routes": [{"method": "POST", "path": "/tramites/{}",
 *                "roles": ["operator"], "csrf": "session"|"pre"|"none",
 *                "flags": ["slow", "static", "form_errors"],
 *                "body": "none"|"form"|"multipart"|"xml"|"json",
 *                "body_max": bytes, "answer": "html"|"json"|"soap",
 *                "params": [{"name", "kind", "required", "max"?, "lo"?,
 *                            "hi"?, "one_of"?, "multiline", "raw",
 *                            "prefix"}]}]}
 * "max" is in characters for text and in digits for digits.  Returns 0, or
 * -1 when the document could not be built or written. */
int web_routes_dump(FILE *out);

#endif
