/*
 * server.c — libmicrohttpd glue; see server.h.
 *
 * Life of a connection context (struct exchange), one per request:
 *   uri_log callback  -> allocated, raw target copied (MHD gives us the query
 *                        string only here)
 *   1st access call   -> checks method, target size, Content-Length; nothing
 *                        is queued here unless the request is refused, since a
 *                        response queued on the first call makes MHD close
 *                        the connection (docs/stack.md)
 *   body calls        -> body appended, 413 past the limit
 *   last call         -> handler runs; HTTP_SLOW suspends and hands the
 *                        exchange to a worker, which resumes the connection
 *   completed callback-> freed
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/log.h"
#include "http/workers.h"

#define SLOW_SLOTS LIMIT_JOB_QUEUE

/* Slow jobs in flight per client address (n == 0: a free slot). */
struct slow_slot {
	char addr[64];
	unsigned n;
};

struct http_server {
	struct MHD_Daemon *d;
	struct workers *w;
	struct http_server_opts o;
	unsigned port;
	pthread_mutex_t slow_mu;
	struct slow_slot slow[SLOW_SLOTS];
};

/* PH_DRAIN: the body outgrew its limit mid-way; the rest is read and dropped
 * and the 413 goes out on the last call (MHD 0.9.75 refuses a response queued
 * while a body is still arriving, and would drop the connection instead). */
enum phase { PH_NEW, PH_BODY, PH_DRAIN, PH_SLOW, PH_READY, PH_SENT };

struct exchange {
	struct http_server *srv;
	enum phase phase;
	size_t drained;            /* body bytes dropped in PH_DRAIN */
	bool counted;              /* holds a slot in srv->slow */
	struct http_request req;
	struct http_response res;
};

static const struct http_header security_headers[] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
};

int http_response_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders == HTTP_MAX_RESP_HEADERS)
		return -1;
	res->headers[res->nheaders].name = name;
	res->headers[res->nheaders].value = value;
	res->nheaders++;
	return 0;
}

int http_response_take(struct http_response *res, int status, struct buf *b)
{
	if (b->err) {
		log_err("response of %zu bytes overflowed its buffer", b->len);
		buf_free(b);
		return 500;
	}
	if (res->owned)
		free((void *)res->body);
	res->body = buf_take(b, &res->len);
	res->owned = true;
	if (res->content_type == NULL)
		res->content_type = "text/html; charset=utf-8";
	res->status = status;
	return status;
}

const char *http_request_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct exchange *x = calloc(1, sizeof(*x));
	size_t n = strlen(uri);

	(void)c;
	if (x == NULL)
		return NULL;
	x->srv = cls;
	arena_init(&x->req.arena, LIMIT_ARENA_BYTES);
	buf_init(&x->req.body, LIMIT_BODY_BYTES);
	if (n <= LIMIT_URL_BYTES) {
		char *t = arena_strndup(&x->req.arena, uri, n);
		if (t) {
			struct str all = { t, n };
			x->req.target = t;
			x->req.query = str_cut(all, '?', &x->req.path);
			if (x->req.query.p == NULL)
				x->req.query = (struct str){ "", 0 };
		}
	}
	return x;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct exchange *x = *con_cls;

	(void)cls; (void)c; (void)toe;
	if (x == NULL)
		return;
	if (x->res.owned)
		free((void *)x->res.body);
	buf_free(&x->req.body);
	arena_free(&x->req.arena);
	free(x);
	*con_cls = NULL;
}

static enum MHD_Result send_response(struct exchange *x, struct MHD_Connection *c)
{
	struct http_response *r = &x->res;
	struct MHD_Response *m;
	enum MHD_Result ok;

	if (r->status == 0 || (r->body == NULL && r->status != 304 && r->status != 303)) {
		if (r->owned)
			free((void *)r->body);
		memset(r, 0, sizeof(*r));
		x->srv->o.error_page(500, &x->req, r, x->srv->o.app);
	}
	m = MHD_create_response_from_buffer(r->len, (void *)(r->body ? r->body : ""),
					    r->owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (m == NULL)
		return MHD_NO;
	r->owned = false;  /* MHD frees it now */
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		MHD_add_response_header(m, security_headers[i].name, security_headers[i].value);
	if (r->content_type)
		MHD_add_response_header(m, "Content-Type", r->content_type);
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(m, r->headers[i].name, r->headers[i].value);
	ok = MHD_queue_response(c, (unsigned)r->status, m);
	MHD_destroy_response(m);
	x->phase = PH_SENT;
	return ok;
}

static enum MHD_Result refuse(struct exchange *x, struct MHD_Connection *c, int status)
{
	x->srv->o.error_page(status, &x->req, &x->res, x->srv->o.app);
	x->res.status = status;
	http_response_header(&x->res, "Connection", "close");
	return send_response(x, c);
}

/* Takes a slow-job slot for addr; -1 when the client has its share already
 * (or every slot is taken).  A linear scan: slow jobs take ~50 ms each. */
static int slow_enter(struct http_server *s, const char *addr)
{
	struct slow_slot *free_slot = NULL;
	int rc = -1;

	if (s->o.slow_per_client == 0)
		return 0;
	pthread_mutex_lock(&s->slow_mu);
	for (size_t i = 0; i < SLOW_SLOTS; i++) {
		struct slow_slot *e = &s->slow[i];
		if (e->n == 0) {
			if (free_slot == NULL)
				free_slot = e;
		} else if (strcmp(e->addr, addr) == 0) {
			if (e->n < s->o.slow_per_client) {
				e->n++;
				rc = 0;
			}
			goto out;
		}
	}
	if (free_slot) {
		str_lcpy(free_slot->addr, addr, sizeof(free_slot->addr));
		free_slot->n = 1;
		rc = 0;
	}
out:
	pthread_mutex_unlock(&s->slow_mu);
	return rc;
}

static void slow_leave(struct http_server *s, const char *addr)
{
	if (s->o.slow_per_client == 0)
		return;
	pthread_mutex_lock(&s->slow_mu);
	for (size_t i = 0; i < SLOW_SLOTS; i++) {
		if (s->slow[i].n && strcmp(s->slow[i].addr, addr) == 0) {
			s->slow[i].n--;
			break;
		}
	}
	pthread_mutex_unlock(&s->slow_mu);
}

static void run_slow(void *arg)
{
	struct exchange *x = arg;
	int st;

	x->req.on_worker = true;
	st = x->srv->o.handle(&x->req, &x->res, x->srv->o.app);
	if (st == HTTP_SLOW)
		st = 500;
	x->res.status = st;
	if (x->counted) {
		slow_leave(x->srv, x->req.addr);
		x->counted = false;
	}
	x->phase = PH_READY;
	MHD_resume_connection(x->req.conn);
}

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	size_t *n = cls;
	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;   /* ": " and CRLF */
	return MHD_YES;
}

/* Bytes of the request's header fields, as sent. */
static size_t header_bytes(struct MHD_Connection *c)
{
	size_t n = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_len, &n);
	return n;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
				 const char *method, const char *version,
				 const char *upload, size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct exchange *x = *con_cls;
	int st;

	(void)url; (void)version;
	if (x == NULL)
		return MHD_NO;  /* out of memory in on_uri */
	switch (x->phase) {
	case PH_NEW: {
		const char *cl;
		const union MHD_ConnectionInfo *ci;

		x->phase = PH_BODY;
		x->req.conn = c;
		if (strcmp(method, "GET") == 0)
			x->req.method = HTTP_GET;
		else if (strcmp(method, "HEAD") == 0)
			x->req.method = HTTP_HEAD;
		else if (strcmp(method, "POST") == 0)
			x->req.method = HTTP_POST;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
				  x->req.addr, sizeof(x->req.addr));
		else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
				  x->req.addr, sizeof(x->req.addr));
		if (x->req.target == NULL)
			return refuse(x, c, 414);
		if (header_bytes(c) > LIMIT_HEADER_BYTES)
			return refuse(x, c, 431);
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			long long v;
			if (str_to_ll(str_from(cl), 0, INT64_MAX, &v) != 0)
				return refuse(x, c, 400);
			if ((unsigned long long)v > LIMIT_BODY_BYTES)
				return refuse(x, c, 413);
		}
		return MHD_YES;
	}
	case PH_DRAIN:
		if (*upload_size) {
			x->drained += *upload_size;
			*upload_size = 0;
			/* A client that keeps sending after its body was refused is
			 * cut off rather than read to the end. */
			return x->drained > LIMIT_DRAIN_BYTES ? MHD_NO : MHD_YES;
		}
		return refuse(x, c, 413);
	case PH_BODY:
		if (*upload_size) {
			if (*upload_size > LIMIT_BODY_BYTES - x->req.body.len) {
				*upload_size = 0;
				x->phase = PH_DRAIN;
				return MHD_YES;
			}
			buf_put(&x->req.body, upload, *upload_size);
			*upload_size = 0;
			return MHD_YES;
		}
		st = s->o.handle(&x->req, &x->res, s->o.app);
		if (st != HTTP_SLOW) {
			x->res.status = st;
			return send_response(x, c);
		}
		if (slow_enter(s, x->req.addr) != 0) {
			memset(&x->res, 0, sizeof(x->res));
			http_response_header(&x->res, "Retry-After", "5");
			return refuse(x, c, 429);
		}
		x->counted = true;
		x->phase = PH_SLOW;
		MHD_suspend_connection(c);
		if (workers_submit(s->w, run_slow, x) != 0) {
			MHD_resume_connection(c);
			slow_leave(s, x->req.addr);
			x->counted = false;
			x->phase = PH_BODY;
			return refuse(x, c, 503);
		}
		return MHD_YES;
	case PH_SLOW:
		return MHD_YES;   /* spurious call while the worker runs */
	case PH_READY:
		return send_response(x, c);
	case PH_SENT:
		*upload_size = 0;
		return MHD_YES;
	}
	return MHD_NO;
}

struct http_server *http_server_start(const struct http_server_opts *o)
{
	struct http_server *s = calloc(1, sizeof(*s));
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *di;

	if (s == NULL)
		return NULL;
	s->o = *o;
	pthread_mutex_init(&s->slow_mu, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->host, &sa.sin_addr) != 1) {
		log_err("listen address %s is not a numeric IPv4 address", o->host);
		free(s);
		return NULL;
	}
	s->w = workers_start(o->workers ? o->workers : 2, LIMIT_JOB_QUEUE);
	if (s->w == NULL) {
		free(s);
		return NULL;
	}
	s->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
				0, NULL, NULL, on_access, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 2),
				MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LIMIT_CONN_TIMEOUT_S,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIMIT_CONNECTIONS,
				/* Twice the header limit: the pool also holds the
				 * response headers; our own check answers 431 past
				 * LIMIT_HEADER_BYTES, MHD's only past twice that. */
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(2 * LIMIT_HEADER_BYTES),
				MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
				MHD_OPTION_END);
	if (s->d == NULL) {
		log_err("cannot listen on %s:%u", o->host, o->port);
		workers_stop(s->w);
		free(s);
		return NULL;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	return s;
}

unsigned http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	/* Drain the workers first: their jobs resume connections the daemon
	 * still owns.  The pool stays allocated (refusing jobs: those requests
	 * get 503) until the daemon's threads are gone. */
	MHD_quiesce_daemon(s->d);
	workers_drain(s->w);
	MHD_stop_daemon(s->d);
	workers_free(s->w);
	pthread_mutex_destroy(&s->slow_mu);
	free(s);
}
