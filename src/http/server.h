/*
 * server.h — the HTTP server: libmicrohttpd underneath, one handler on top.
 *
 * The server owns connections, request bodies and limits; it knows nothing of
 * customs.  For each complete request it calls one application handler on an
 * I/O thread.  A handler that has slow work to do (password hashing) returns
 * HTTP_SLOW: the server then suspends the connection, runs the same handler
 * again on a worker thread (req->on_worker is true), and resumes the
 * connection to send what the worker produced.
 *
 * Limits (core/limits.h): bodies past LIMIT_BODY_BYTES get 413 (by
 * Content-Length, or once a chunked body outgrows it), request targets past
 * LIMIT_URL_BYTES get 414, header fields past LIMIT_HEADER_BYTES get 431.
 * One client address may have at most slow_per_client slow jobs in flight
 * (429 past it), so one client cannot fill the queue that every sign-in shares.
 * Every response carries the security headers (CSP without inline script,
 * frame-ancestors 'none', X-Frame-Options, Referrer-Policy, nosniff).
 */
#ifndef ADUANA_SERVER_H
#define ADUANA_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

enum http_method { HTTP_OTHER = 0, HTTP_GET, HTTP_HEAD, HTTP_POST };

#define HTTP_SLOW 0              /* handler return: run me again on a worker */
#define HTTP_MAX_RESP_HEADERS 12

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	struct arena arena;        /* request-scoped memory; freed when the request ends */
	enum http_method method;
	const char *target;        /* raw request target (path + query); owned by the arena */
	struct str path;           /* view into target, before '?' */
	struct str query;          /* view into target, after '?'; empty if none */
	struct buf body;           /* the request body, at most LIMIT_BODY_BYTES */
	char addr[64];             /* client address, text */
	void *conn;                /* the MHD connection; the server's */
	void *state;               /* the application's, kept across the worker hop */
	bool on_worker;            /* true on the second, slow call */
};

struct http_response {
	int status;
	const char *content_type;
	const char *body;          /* see owned */
	size_t len;
	bool owned;                /* true: malloc'ed, the server frees it */
	struct http_header headers[HTTP_MAX_RESP_HEADERS];
	size_t nheaders;
};

typedef int (*http_handler)(struct http_request *req, struct http_response *res, void *app);
/* Fills res for a status the server decides itself (400, 413, 414, 431, 500, 503). */
typedef void (*http_error_page)(int status, struct http_request *req, struct http_response *res, void *app);

struct http_server_opts {
	const char *host;          /* numeric IPv4 address to bind */
	unsigned port;             /* 0 picks a free port: see http_server_port */
	unsigned threads;          /* I/O threads */
	unsigned workers;          /* slow-job threads */
	unsigned slow_per_client;  /* slow jobs in flight per client address; 0 = no cap */
	http_handler handle;
	http_error_page error_page;
	void *app;
};

struct http_server;

struct http_server *http_server_start(const struct http_server_opts *o);
unsigned http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);

/* A request header's value, or NULL.  Only on the I/O thread (not on_worker). */
const char *http_request_header(struct http_request *req, const char *name);
/* Adds a response header; name and value must outlive the request (literals
 * or arena memory).  Returns -1 when the header table is full. */
int http_response_header(struct http_response *res, const char *name, const char *value);
/* Sets res to an owned copy of the buf's bytes (taking them); 500 if the buf
 * overflowed.  Content type defaults to text/html. */
int http_response_take(struct http_response *res, int status, struct buf *b);

#endif
