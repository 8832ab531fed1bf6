/*
 * server.h — the HTTP server: libmicrohttpd underneath, an application on top.
 *
 * The server owns connections, request bodies and limits; it knows nothing of
 * customs.  It asks the application three things, through the callbacks of
 * struct http_server_opts:
 *
 *   body_policy  once a request's headers are read: how large a body it may
 *                carry, or a status to refuse it with at once (415 for a
 *                content type the route does not take, 413 past its limit).
 *                Bodies past LIMIT_BODY_MEM_BYTES are kept in an unlinked
 *                temporary file instead of memory; the handler sees one
 *                contiguous read-only byte range either way.
 *   handle       for each complete request, on an I/O thread: it fills the
 *                response and returns HTTP_RESPOND, or returns HTTP_DEFER to
 *                have `deferred` run on a worker thread (slow work: password
 *                hashing) while the connection is suspended.  The two
 *                answers are an enum, not a status code, so they cannot be
 *                confused with one.
 *   error_page   fills a response for a status the server decides itself
 *                (400, 413, 414, 429, 431, 500, 503), in the kind of answer
 *                the request's route gives (HTML, JSON, SOAP).
 *
 * Limits (core/limits.h): request targets past LIMIT_URL_BYTES get 414,
 * header fields past LIMIT_HEADER_BYTES 431, a body past the route's limit
 * 413 (by Content-Length, or once a chunked body outgrows it).  One client
 * address may have at most slow_per_client deferred jobs in flight (429 past
 * it), so one client cannot fill the queue that every sign-in shares.  Every
 * response carries the security headers (CSP without inline script,
 * frame-ancestors 'none', X-Frame-Options, Referrer-Policy, nosniff), and
 * every request gets one access-log line on standard error (time, method,
 * path without the query, status, bytes, microseconds) unless disabled.
 */
#ifndef ADUANA_SERVER_H
#define ADUANA_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

enum http_method { HTTP_OTHER = 0, HTTP_GET, HTTP_HEAD, HTTP_POST };

#define HTTP_MAX_RESP_HEADERS 12

struct http_header {
	const char *name;
	const char *value;
};

/* A request body: in memory up to LIMIT_BODY_MEM_BYTES, past it in an
 * unlinked temporary file mapped read-only once complete. */
struct http_body {
	const char *data;          /* the whole body (NUL-terminated when in memory);
	                              NULL when empty */
	size_t len;
	/* The server's: */
	struct buf mem;
	int fd;                    /* -1 unless spooled to a file */
	void *map;
	size_t max;                /* the route's limit */
};

struct http_request {
	struct arena arena;        /* request-scoped memory; freed when the request ends */
	enum http_method method;
	const char *method_text;   /* as sent (for the access log) */
	const char *target;        /* raw request target (path + query); owned by the arena */
	struct str path;           /* view into target, before '?' */
	struct str query;          /* view into target, after '?'; empty if none */
	struct http_body body;
	char addr[64];             /* client address, text */
	uint64_t started_ns;       /* monotonic, when the request arrived */
	void *conn;                /* the MHD connection; the server's */
	void *state;               /* the application's, kept across the worker hop */
	unsigned defer_prio;       /* for HTTP_DEFER: the job's priority, lower first
	                              (workers.h); the application sets it */
	bool on_worker;            /* true while `deferred` runs */
};

struct http_response {
	int status;
	const char *content_type;
	const char *body;          /* see owned */
	size_t len;
	bool owned;                /* true: malloc'ed, the server frees it */
	bool close;                /* close the connection after this response */
	struct http_header headers[HTTP_MAX_RESP_HEADERS];
	size_t nheaders;
};

enum http_action {
	HTTP_RESPOND = 1,          /* res is filled: send it */
	HTTP_DEFER,                /* run `deferred` on a worker, then send */
};

struct http_body_policy {
	size_t max;                /* bytes the body may have; 0: none */
	int refuse;                /* 0, or a status to answer at once (413, 415, ...) */
};

typedef void http_body_fn(struct http_request *req, void *app, struct http_body_policy *out);
typedef enum http_action http_handler_fn(struct http_request *req, struct http_response *res, void *app);
typedef void http_deferred_fn(struct http_request *req, struct http_response *res, void *app);
typedef void http_error_fn(int status, struct http_request *req, struct http_response *res, void *app);

struct http_server_opts {
	const char *host;          /* numeric IPv4 address to bind */
	unsigned port;             /* 0 picks a free port: see http_server_port */
	unsigned threads;          /* I/O threads */
	unsigned workers;          /* slow-job threads */
	unsigned slow_per_client;  /* deferred jobs in flight per client address; 0 = no cap */
	unsigned conn_per_addr;    /* connections per client address; 0 = no cap */
	unsigned header_seconds;   /* for a request line and headers (guard.h) */
	unsigned body_seconds;     /* for a body */
	const char *trusted_proxies; /* comma-separated addresses whose Forwarded /
	                              X-Forwarded-For name the client; NULL: none */
	bool access_log;           /* one line per request on standard error */
	http_body_fn *body_policy;
	http_handler_fn *handle;
	http_deferred_fn *deferred;
	http_error_fn *error_page;
	void *app;
};

struct http_server;

/* Binds and starts serving; NULL (with the reason logged: e.g. the address
 * is in use by another process) when it cannot. */
struct http_server *http_server_start(const struct http_server_opts *o);
unsigned http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);

/* A request header's value, or NULL.  Only on the I/O thread (not on_worker). */
const char *http_request_header(struct http_request *req, const char *name);
/* Adds a response header; name and value must outlive the request (literals
 * or arena memory).  Returns -1 when the header table is full. */
int http_response_header(struct http_response *res, const char *name, const char *value);
/* Sets res to an owned copy of the buf's bytes (taking them) with status;
 * 500 when the buf overflowed.  Content type defaults to text/html.
 * Returns the status set. */
int http_response_take(struct http_response *res, int status, struct buf *b);

#endif
