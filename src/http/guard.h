/*
 * guard.h — connection slots held against slow clients, and who the client is.
 *
 * Slowloris: a client opens many connections and sends a header line now
 * and then, never finishing; each holds a slot until every slot is taken.
 * The guard keeps one entry per open connection — its socket, its client
 * address and a deadline — and:
 *
 *   - refuses a new connection from an address that already holds per_addr
 *     of them (a trusted proxy, which carries everyone, is not capped: the
 *     proxy caps its own clients — deploy/nginx.conf);
 *   - gives every request header_s seconds for its request line and headers
 *     (counted from the connection's start, or from the end of its previous
 *     request on a kept-alive connection) and body_s seconds for its body
 *     (from the end of the headers); guard_sweep, run by the server twice a
 *     second, shuts down (shutdown(2)) every connection past its deadline,
 *     and the HTTP library then closes it.  A connection whose request is
 *     complete has no deadline (the library's idle timeout still applies).
 *
 * Addresses are kept as 16 bytes (IPv4 as ::ffff:a.b.c.d).  Every function
 * is thread-safe.  The entry of a connection must be closed (guard_close)
 * before its socket is: guard_sweep shuts sockets down under the same lock.
 *
 * Behind a trusted proxy the peer is the proxy; the client's address is the
 * one the proxy reports (guard_client_addr).
 */
#ifndef ADUANA_GUARD_H
#define ADUANA_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;
struct guard;

struct guard_opts {
	unsigned max_conns;        /* entries; guard_open fails past it */
	unsigned per_addr;         /* connections per client address; 0 = no cap */
	unsigned header_s;         /* seconds for the request line and headers */
	unsigned body_s;           /* seconds for a body */
	const char *trusted;       /* comma-separated proxy addresses, or NULL */
};

enum guard_wait {
	GUARD_NONE = 0,            /* nothing awaited from the client */
	GUARD_HEADERS,             /* a request line and its headers */
	GUARD_BODY,                /* the rest of a body */
};

struct guard_counts {
	unsigned long header_late; /* shut down: headers not complete in time */
	unsigned long body_late;   /* shut down: body not complete in time */
	unsigned long refused;     /* refused by the per-address cap (guard_admit) */
};

/* NULL with a message in err (what is wrong with the options). */
struct guard *guard_new(const struct guard_opts *o, char *err, size_t errsz);
void guard_free(struct guard *g);

/* True when sa is one of the trusted proxies. */
bool guard_trusted(const struct guard *g, const struct sockaddr *sa);
/* Accept policy: may this address open one more connection? */
bool guard_admit(struct guard *g, const struct sockaddr *sa);
/* Registers a connection awaiting its headers; a handle (>= 0), or -1 when
 * every entry is taken. */
int guard_open(struct guard *g, int fd, const struct sockaddr *sa, uint64_t now_ns);
/* Forgets it; before its socket is closed. */
void guard_close(struct guard *g, int h);
/* What the connection awaits now, with its deadline counted from now. */
void guard_expect(struct guard *g, int h, enum guard_wait what, uint64_t now_ns);
/* Shuts down every connection past its deadline; adds to *total what it did
 * and what guard_admit refused since the last sweep. */
void guard_sweep(struct guard *g, uint64_t now_ns, struct guard_counts *total);
/* Connections held by sa's address now (for tests and the bench). */
unsigned guard_held(struct guard *g, const struct sockaddr *sa);

/* The client's address as a trusted proxy reports it: the Forwarded header's
 * (RFC 7239) last "for=" that is not itself a trusted proxy, else
 * X-Forwarded-For's last such entry.  Either header may be NULL.  0 with
 * the address as text in out; -1 when neither names a valid address (the
 * caller keeps the peer's). */
int guard_client_addr(const struct guard *g, const char *forwarded, const char *xff,
		      char *out, size_t outsz);

#endif
