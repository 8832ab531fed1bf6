/*
 * secheaders.h — the security headers of every answer (secheaders.c).
 */
#ifndef ADUANA_SECHEADERS_H
#define ADUANA_SECHEADERS_H

#include <microhttpd.h>

/* Adds the security headers to r unless it has them already. */
void http_secure_response(struct MHD_Response *r);

#endif
