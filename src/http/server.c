/*
 * server.c — libmicrohttpd glue; see server.h.
 *
 * Life of a connection context (struct exchange), one per request:
 *   uri_log callback  -> allocated, raw target copied (MHD gives us the query
 *                        string only here)
 *   1st access call   -> method, target size, header size, then the
 *                        application's body policy and Content-Length;
 *                        nothing is queued here unless the request is
 *                        refused, since a response queued on the first call
 *                        makes MHD close the connection (docs/stack.md)
 *   body calls        -> body appended (to memory, then past
 *                        LIMIT_BODY_MEM_BYTES to an unlinked temporary file);
 *                        past the route's limit the rest is drained and 413
 *                        answered
 *   last call         -> body mapped, handler runs; HTTP_DEFER suspends the
 *                        connection and hands the exchange to a worker, which
 *                        resumes it
 *   completed callback-> access-log line, everything freed
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/log.h"
#include "http/guard.h"
#include "http/secheaders.h"
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
	int listen_fd;
	pthread_mutex_t slow_mu;
	struct slow_slot slow[SLOW_SLOTS];
	/* Connection slots (guard.h), swept by the reaper thread, which also
	 * writes what it did and what was refused as one line per
	 * LOG_EVERY_S instead of one per connection. */
	struct guard *g;
	pthread_t reaper;
	bool reaper_on, stopping;
	pthread_mutex_t stop_mu;
	pthread_cond_t stop_cv;
	/* The HTTP library's own messages, rate-limited (on_mhd_log). */
	pthread_mutex_t log_mu;
	uint64_t log_window;
	unsigned log_lines;
	unsigned long log_dropped;
};

#define LOG_EVERY_S 10u         /* a summary line at most this often */
#define LOG_LINES_PER_WINDOW 5u /* the library's lines per LOG_EVERY_S */

/* PH_DRAIN: the body outgrew its limit (or could not be stored) mid-way;
 * the rest is read and dropped and the refusal goes out on the last call
 * (MHD 0.9.75 refuses a response queued while a body is still arriving,
 * and would drop the connection instead). */
enum phase { PH_NEW, PH_BODY, PH_DRAIN, PH_SLOW, PH_READY, PH_SENT };

struct exchange {
	struct http_server *srv;
	enum phase phase;
	size_t drained;            /* body bytes dropped in PH_DRAIN */
	int drain_status;          /* what PH_DRAIN answers: 413, or 500 */
	bool counted;              /* holds a slot in srv->slow */
	int sent_status;           /* for the access log */
	size_t sent_len;
	struct http_request req;
	struct http_response res;
};


static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

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

/* ---- request bodies ------------------------------------------------------ */

static void body_init(struct http_body *b)
{
	memset(b, 0, sizeof(*b));
	b->fd = -1;
	buf_init(&b->mem, LIMIT_BODY_MEM_BYTES);
}

static void body_free(struct http_body *b)
{
	if (b->map)
		munmap(b->map, b->len);
	if (b->fd >= 0)
		close(b->fd);
	buf_free(&b->mem);
	b->map = NULL;
	b->fd = -1;
	b->data = NULL;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Moves the body to an unlinked temporary file in $TMPDIR (or /tmp). */
static int body_spool(struct http_body *b)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/aduana-body-XXXXXX", dir) >= sizeof(path))
		return -1;
	fd = mkstemp(path);
	if (fd < 0) {
		log_err("cannot create a temporary file for a request body in %s: %s", dir, strerror(errno));
		return -1;
	}
	unlink(path);
	if (write_all(fd, b->mem.data ? b->mem.data : "", b->mem.len) != 0) {
		log_err("cannot write a request body to a temporary file: %s", strerror(errno));
		close(fd);
		return -1;
	}
	b->fd = fd;
	buf_free(&b->mem);
	return 0;
}

/* Appends n bytes; -1 when they could not be stored. */
static int body_append(struct http_body *b, const char *p, size_t n)
{
	if (b->fd < 0 && b->len + n > LIMIT_BODY_MEM_BYTES && body_spool(b) != 0)
		return -1;
	if (b->fd >= 0) {
		if (write_all(b->fd, p, n) != 0) {
			log_err("cannot write a request body to a temporary file: %s", strerror(errno));
			return -1;
		}
	} else {
		buf_put(&b->mem, p, n);
		if (b->mem.err)
			return -1;
	}
	b->len += n;
	return 0;
}

/* Makes the whole body readable as b->data; -1 when it cannot be mapped. */
static int body_finish(struct http_body *b)
{
	if (b->len == 0) {
		b->data = NULL;
		return 0;
	}
	if (b->fd < 0) {
		b->data = b->mem.data;
		return 0;
	}
	b->map = mmap(NULL, b->len, PROT_READ, MAP_PRIVATE, b->fd, 0);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		log_err("cannot map a request body of %zu bytes: %s", b->len, strerror(errno));
		return -1;
	}
	b->data = b->map;
	return 0;
}

/* ---- the access log ------------------------------------------------------- */

/* Copies s[0..n) into out as printable ASCII, every other byte as %XX, up to
 * max bytes written (out holds max + 3); "-" when empty.  Method and path
 * come from the client: nothing they hold may reach a terminal raw. */
static void escape_printable(char *out, size_t max, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (size_t i = 0; i < n && o < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c > 0x20 && c < 0x7f) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o == 0)
		out[o++] = '-';
	out[o] = '\0';
}

/* Secrets in addresses (a Reiniciar clave link, a registration's
 * confirmation page: 64 hex digits) never reach the log: each such run
 * is written as "[token]". */
static void redact_tokens(char *path)
{
	char *w = path;

	for (const char *r = path; *r;) {
		size_t n = 0;
		while ((r[n] >= '0' && r[n] <= '9') || (r[n] >= 'a' && r[n] <= 'f'))
			n++;
		if (n >= 64) {
			memcpy(w, "[token]", 7);
			w += 7;
			r += n;
		} else if (n > 0) {
			memmove(w, r, n);
			w += n;
			r += n;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static void access_line(struct exchange *x)
{
	char path[256], method[64];
	const char *m = x->req.method_text;
	uint64_t us = (now_ns() - x->req.started_ns) / 1000u;

	escape_printable(path, 200, x->req.path.p, x->req.path.n);
	redact_tokens(path);
	escape_printable(method, 16, m ? m : "", m ? strlen(m) : 0);
	log_access(method, path, x->sent_status, x->sent_len, (unsigned long long)us);
}

/* ---- connection slots (guard.h) and the library's log ------------------- */

static int conn_handle(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci && ci->socket_context ? (int)((intptr_t)ci->socket_context - 1) : -1;
}

static void conn_expect(struct http_server *s, struct MHD_Connection *c, enum guard_wait what)
{
	guard_expect(s->g, conn_handle(c), what, now_ns());
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *s = cls;

	(void)addrlen;
	return guard_admit(s->g, addr) ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		int h = guard_open(s->g, fd ? fd->connect_fd : -1, ad ? ad->client_addr : NULL, now_ns());
		*socket_context = h >= 0 ? (void *)(intptr_t)(h + 1) : NULL;
	} else if (*socket_context) {
		/* MHD_CONNECTION_NOTIFY_CLOSED comes before the socket is closed. */
		guard_close(s->g, (int)((intptr_t)*socket_context - 1));
		*socket_context = NULL;
	}
}

/* The library's messages (a connection refused, a malformed request): at
 * most LOG_LINES_PER_WINDOW per LOG_EVERY_S; the rest are counted and the
 * count written by the reaper. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct http_server *s = cls;
	uint64_t window = now_ns() / (LOG_EVERY_S * 1000000000ull);
	bool write;
	char line[256];

	pthread_mutex_lock(&s->log_mu);
	if (window != s->log_window) {
		s->log_window = window;
		s->log_lines = 0;
	}
	write = s->log_lines < LOG_LINES_PER_WINDOW;
	if (write)
		s->log_lines++;
	else
		s->log_dropped++;
	pthread_mutex_unlock(&s->log_mu);
	if (!write)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_warn("http: %s", line);
}

static void *reaper_main(void *arg)
{
	struct http_server *s = arg;
	struct guard_counts total = { 0, 0, 0 }, said = { 0, 0, 0 };
	uint64_t last = now_ns();

	pthread_mutex_lock(&s->stop_mu);
	while (!s->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->stop_cv, &s->stop_mu, &ts);
		pthread_mutex_unlock(&s->stop_mu);
		uint64_t now = now_ns();
		guard_sweep(s->g, now, &total);
		if (now - last >= LOG_EVERY_S * 1000000000ull) {
			unsigned long dropped;
			pthread_mutex_lock(&s->log_mu);
			dropped = s->log_dropped;
			s->log_dropped = 0;
			pthread_mutex_unlock(&s->log_mu);
			if (total.header_late != said.header_late || total.body_late != said.body_late ||
			    total.refused != said.refused || dropped)
				log_warn("http: in the last %u s: %lu connections closed without their headers "
					 "within %u s, %lu without their body within %u s, %lu refused (more "
					 "than %u from one address), %lu messages of the HTTP library not written",
					 LOG_EVERY_S, total.header_late - said.header_late, s->o.header_seconds,
					 total.body_late - said.body_late, s->o.body_seconds,
					 total.refused - said.refused, s->o.conn_per_addr, dropped);
			said = total;
			last = now;
		}
		pthread_mutex_lock(&s->stop_mu);
	}
	pthread_mutex_unlock(&s->stop_mu);
	return NULL;
}

/* ---- MHD callbacks -------------------------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct exchange *x = calloc(1, sizeof(*x));
	size_t n = strlen(uri);

	(void)c;
	if (x == NULL)
		return NULL;
	x->srv = cls;
	x->req.started_ns = now_ns();
	arena_init(&x->req.arena, LIMIT_ARENA_BYTES);
	body_init(&x->req.body);
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

	(void)toe;
	/* A kept-alive connection: the next request's headers are due. */
	conn_expect(cls, c, GUARD_HEADERS);
	if (x == NULL)
		return;
	/* Requests that got no answer (a body cut off past LIMIT_DRAIN_BYTES, a
	 * client gone) are logged too, with status 0. */
	if (x->srv->o.access_log && (x->sent_status || x->req.method_text))
		access_line(x);
	if (x->res.owned)
		free((void *)x->res.body);
	body_free(&x->req.body);
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
		r->status = 500;
	}
	m = MHD_create_response_from_buffer(r->len, (void *)(r->body ? r->body : ""),
					    r->owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (m == NULL)
		return MHD_NO;
	r->owned = false;  /* MHD frees it now */
	http_secure_response(m);
	if (r->content_type)
		MHD_add_response_header(m, "Content-Type", r->content_type);
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(m, r->headers[i].name, r->headers[i].value);
	if (r->close)
		MHD_add_response_header(m, "Connection", "close");
	x->sent_status = r->status;
	x->sent_len = r->len;
	ok = MHD_queue_response(c, (unsigned)r->status, m);
	MHD_destroy_response(m);
	x->phase = PH_SENT;
	return ok;
}

/* Empties a response, freeing an owned body. */
static void response_clear(struct http_response *r)
{
	if (r->owned)
		free((void *)r->body);
	memset(r, 0, sizeof(*r));
}

static enum MHD_Result refuse(struct exchange *x, struct MHD_Connection *c, int status)
{
	struct http_response *r = &x->res;
	struct http_header keep[HTTP_MAX_RESP_HEADERS];
	size_t nkeep = r->nheaders;

	/* Headers set before the refusal (Retry-After, Allow) are kept. */
	memcpy(keep, r->headers, sizeof(keep));
	response_clear(r);
	x->srv->o.error_page(status, &x->req, r, x->srv->o.app);
	for (size_t i = 0; i < nkeep; i++)
		http_response_header(r, keep[i].name, keep[i].value);
	r->status = status;
	r->close = true;
	/* Refused before its body was all read (on_request clears it otherwise):
	 * no deadline while the refusal goes out. */
	conn_expect(x->srv, c, GUARD_NONE);
	return send_response(x, c);
}

/* Takes a slow-job slot for addr: the client's jobs in flight with this one
 * (1 when there is no cap), or -1 when the client has its share already (or
 * every slot is taken).  A linear scan: slow jobs take ~50 ms each. */
static int slow_enter(struct http_server *s, const char *addr)
{
	struct slow_slot *free_slot = NULL;
	int rc = -1;

	if (s->o.slow_per_client == 0)
		return 1;
	pthread_mutex_lock(&s->slow_mu);
	for (size_t i = 0; i < SLOW_SLOTS; i++) {
		struct slow_slot *e = &s->slow[i];
		if (e->n == 0) {
			if (free_slot == NULL)
				free_slot = e;
		} else if (strcmp(e->addr, addr) == 0) {
			if (e->n < s->o.slow_per_client)
				rc = (int)++e->n;
			goto out;
		}
	}
	if (free_slot) {
		str_lcpy(free_slot->addr, addr, sizeof(free_slot->addr));
		free_slot->n = 1;
		rc = 1;
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

/* A deferred job's answer is ready: its slot freed, the connection resumed. */
static void resume_ready(struct exchange *x)
{
	if (x->counted) {
		slow_leave(x->srv, x->req.addr);
		x->counted = false;
	}
	x->phase = PH_READY;
	MHD_resume_connection(x->req.conn);
}

static void run_deferred(void *arg)
{
	struct exchange *x = arg;

	x->req.on_worker = true;
	x->srv->o.deferred(&x->req, &x->res, x->srv->o.app);
	x->req.on_worker = false;
	resume_ready(x);
}

/* A waiting job gave way to a more urgent one (workers.h): answered 503
 * with Retry-After, from the submitting thread. */
static void evict_deferred(void *arg)
{
	struct exchange *x = arg;

	x->req.on_worker = true;    /* no request headers from here */
	response_clear(&x->res);
	x->srv->o.error_page(503, &x->req, &x->res, x->srv->o.app);
	x->res.status = 503;
	http_response_header(&x->res, "Retry-After", "5");
	x->req.on_worker = false;
	resume_ready(x);
}

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	size_t *n = cls;
	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;   /* ": " and CRLF */
	return MHD_YES;
}

struct framing {
	int content_length, transfer_encoding;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		f->content_length++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		f->transfer_encoding++;
	return MHD_YES;
}

/* A request whose body could be delimited two ways — two Content-Length
 * fields (even equal ones), a Content-Length with a Transfer-Encoding, or two
 * Transfer-Encoding fields — is how requests are smuggled past a proxy: RFC
 * 9112 section 6.3 says to treat it as an error and close the connection. */
static bool ambiguous_framing(struct MHD_Connection *c)
{
	struct framing f = { 0, 0 };

	MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
	return f.content_length > 1 || f.transfer_encoding > 1 || (f.content_length && f.transfer_encoding);
}

/* Bytes of the request's header fields, as sent. */
static size_t header_bytes(struct MHD_Connection *c)
{
	size_t n = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_len, &n);
	return n;
}

/* The peer's address; behind a trusted proxy, the client's as the proxy
 * reports it (guard_client_addr), else the proxy's own. */
static void client_addr(struct exchange *x, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	if (ci && ci->client_addr && guard_trusted(x->srv->g, ci->client_addr) &&
	    guard_client_addr(x->srv->g, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Forwarded"),
			      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"),
			      x->req.addr, sizeof(x->req.addr)) == 0)
		return;
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
			  x->req.addr, sizeof(x->req.addr));
	else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
			  x->req.addr, sizeof(x->req.addr));
}

/* The first call: everything that can be decided from the headers. */
static enum MHD_Result on_headers(struct exchange *x, struct MHD_Connection *c, const char *method)
{
	struct http_server *s = x->srv;
	struct http_body_policy pol = { LIMIT_BODY_BYTES, 0 };
	const char *cl;

	x->phase = PH_BODY;
	x->req.conn = c;
	conn_expect(s, c, GUARD_BODY);
	x->req.method_text = arena_strdup(&x->req.arena, method);
	if (strcmp(method, "GET") == 0)
		x->req.method = HTTP_GET;
	else if (strcmp(method, "HEAD") == 0)
		x->req.method = HTTP_HEAD;
	else if (strcmp(method, "POST") == 0)
		x->req.method = HTTP_POST;
	client_addr(x, c);
	if (x->req.target == NULL)
		return refuse(x, c, 414);
	if (header_bytes(c) > LIMIT_HEADER_BYTES)
		return refuse(x, c, 431);
	if (ambiguous_framing(c))
		return refuse(x, c, 400);   /* refuse() closes the connection */
	s->o.body_policy(&x->req, s->o.app, &pol);
	if (pol.refuse)
		return refuse(x, c, pol.refuse);
	x->req.body.max = pol.max;
	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		long long v;
		if (str_to_ll(str_from(cl), 0, INT64_MAX, &v) != 0)
			return refuse(x, c, 400);
		if ((unsigned long long)v > pol.max)
			return refuse(x, c, 413);
	}
	return MHD_YES;
}

/* The last call: the request is complete. */
static enum MHD_Result on_request(struct exchange *x, struct MHD_Connection *c)
{
	struct http_server *s = x->srv;
	struct workers_job job = { run_deferred, NULL, 0, 0, evict_deferred };
	int inflight;

	conn_expect(s, c, GUARD_NONE);   /* the request is complete */
	if (body_finish(&x->req.body) != 0)
		return refuse(x, c, 500);
	if (s->o.handle(&x->req, &x->res, s->o.app) == HTTP_RESPOND)
		return send_response(x, c);
	inflight = slow_enter(s, x->req.addr);
	if (inflight < 0) {
		response_clear(&x->res);
		http_response_header(&x->res, "Retry-After", "5");
		return refuse(x, c, 429);
	}
	x->counted = true;
	x->phase = PH_SLOW;
	MHD_suspend_connection(c);
	job.arg = x;
	/* The application's priority, plus what the client already has in
	 * flight: a client with 16 sign-ins waiting is not a clean one. */
	job.prio = x->req.defer_prio + (unsigned)inflight - 1;
	job.lane = hash_bytes(x->req.addr, strlen(x->req.addr));
	if (workers_submit_job(s->w, &job) != 0) {
		MHD_resume_connection(c);
		slow_leave(s, x->req.addr);
		x->counted = false;
		x->phase = PH_BODY;
		response_clear(&x->res);
		return refuse(x, c, 503);
	}
	return MHD_YES;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
				 const char *method, const char *version,
				 const char *upload, size_t *upload_size, void **con_cls)
{
	struct exchange *x = *con_cls;

	(void)cls; (void)url; (void)version;
	if (x == NULL)
		return MHD_NO;  /* out of memory in on_uri */
	switch (x->phase) {
	case PH_NEW:
		return on_headers(x, c, method);
	case PH_DRAIN:
		if (*upload_size) {
			x->drained += *upload_size;
			*upload_size = 0;
			/* A client that keeps sending after its body was refused is
			 * cut off rather than read to the end. */
			return x->drained > LIMIT_DRAIN_BYTES ? MHD_NO : MHD_YES;
		}
		return refuse(x, c, x->drain_status);
	case PH_BODY:
		if (*upload_size) {
			size_t n = *upload_size;
			*upload_size = 0;
			if (n > x->req.body.max - x->req.body.len) {
				x->phase = PH_DRAIN;
				x->drain_status = 413;
			} else if (body_append(&x->req.body, upload, n) != 0) {
				x->phase = PH_DRAIN;
				x->drain_status = 500;
			}
			return MHD_YES;
		}
		return on_request(x, c);
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

/* Binds host:port ourselves, so that an address in use is a clear error
 * (SO_REUSEADDR lets a restart bind past TIME_WAIT, but never lets two
 * servers share a port). */
static int listen_on(const char *host, unsigned port)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		log_err("listen address %s is not a numeric IPv4 address", host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_err("cannot create a socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (errno == EADDRINUSE)
			log_err("cannot listen on %s:%u: the address is already in use "
				"(is another aduana serve running? stop it or choose another port with --listen)",
				host, port);
		else
			log_err("cannot listen on %s:%u: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	if (listen(fd, 511) != 0) {
		log_err("cannot listen on %s:%u: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Connections the process can hold: LIMIT_CONNECTIONS, with the soft limit
 * on open files raised to the hard one if need be (each connection is a
 * file; LIMIT_SPARE_FILES are kept for the store, temporary bodies and
 * logs). */
static unsigned files_for_connections(void)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)LIMIT_CONNECTIONS + LIMIT_SPARE_FILES;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return LIMIT_CONNECTIONS;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur >= want)
		return LIMIT_CONNECTIONS;
	{
		rlim_t spare = LIMIT_SPARE_FILES;
		rlim_t n = rl.rlim_cur > spare + spare ? rl.rlim_cur - spare : spare;
		log_warn("only %lu open files allowed (ulimit -n): serving at most %lu connections instead of %u",
			 (unsigned long)rl.rlim_cur, (unsigned long)n, (unsigned)LIMIT_CONNECTIONS);
		return (unsigned)n;
	}
}

static void server_free(struct http_server *s)
{
	if (s->reaper_on) {
		pthread_mutex_lock(&s->stop_mu);
		s->stopping = true;
		pthread_cond_signal(&s->stop_cv);
		pthread_mutex_unlock(&s->stop_mu);
		pthread_join(s->reaper, NULL);
	}
	guard_free(s->g);
	pthread_cond_destroy(&s->stop_cv);
	pthread_mutex_destroy(&s->stop_mu);
	pthread_mutex_destroy(&s->log_mu);
	pthread_mutex_destroy(&s->slow_mu);
	free(s);
}

struct http_server *http_server_start(const struct http_server_opts *o)
{
	struct http_server *s = calloc(1, sizeof(*s));
	struct sockaddr_in bound;
	socklen_t blen = sizeof(bound);
	unsigned conn_limit;

	if (s == NULL)
		return NULL;
	s->o = *o;
	pthread_mutex_init(&s->slow_mu, NULL);
	pthread_mutex_init(&s->log_mu, NULL);
	pthread_mutex_init(&s->stop_mu, NULL);
	pthread_cond_init(&s->stop_cv, NULL);
	s->listen_fd = -1;
	conn_limit = files_for_connections();
	{
		char err[160];
		struct guard_opts go = { conn_limit, o->conn_per_addr, o->header_seconds,
					 o->body_seconds, o->trusted_proxies };
		s->g = guard_new(&go, err, sizeof(err));
		if (s->g == NULL) {
			log_err("%s", err);
			goto fail;
		}
	}
	if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0)
		goto fail;
	s->reaper_on = true;
	s->listen_fd = listen_on(o->host, o->port);
	if (s->listen_fd < 0)
		goto fail;
	s->w = workers_start(o->workers ? o->workers : 2, LIMIT_JOB_QUEUE);
	if (s->w == NULL)
		goto fail;
	s->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
				0, on_accept, s, on_access, s,
				MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
				MHD_OPTION_LISTEN_SOCKET, s->listen_fd,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 2),
				MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LIMIT_CONN_TIMEOUT_S,
				MHD_OPTION_CONNECTION_LIMIT, conn_limit,
				/* Twice the header limit: the pool also holds the
				 * response headers; our own check answers 431 past
				 * LIMIT_HEADER_BYTES, MHD's only past twice that. */
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(2 * LIMIT_HEADER_BYTES),
				MHD_OPTION_END);
	if (s->d == NULL) {
		log_err("the HTTP server could not start on %s:%u", o->host, o->port);
		goto fail;
	}
	s->port = o->port;
	if (getsockname(s->listen_fd, (struct sockaddr *)&bound, &blen) == 0)
		s->port = ntohs(bound.sin_port);
	return s;
fail:
	workers_stop(s->w);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	server_free(s);
	return NULL;
}

unsigned http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s)
{
	MHD_socket lfd;

	if (s == NULL)
		return;
	/* Stop accepting, then drain the workers: their jobs resume
	 * connections the daemon still owns.  The pool stays allocated
	 * (refusing jobs: those requests get 503) until the daemon's threads
	 * are gone. */
	lfd = MHD_quiesce_daemon(s->d);
	workers_drain(s->w);
	MHD_stop_daemon(s->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	workers_free(s->w);
	server_free(s);
}
