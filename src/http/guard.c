/*
 * guard.c — connection slots held against slow clients; see guard.h.
 *
 * Entries: a fixed array (one per possible connection), a free one found by
 * scanning from a hint.  Per-address counts: an open-addressed table four
 * times as large, probed linearly; an address whose count falls to zero
 * keeps its cell until the table is three-quarters used, when it is rebuilt
 * from the live entries (so it never fills with departed addresses).
 */
#include "http/guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/str.h"

#define GUARD_MAX_TRUSTED 16
#define NS_PER_S 1000000000ull

struct addr16 {
	unsigned char b[16];
};

struct entry {
	int fd;                    /* -1: free */
	bool trusted;
	enum guard_wait wait;
	uint64_t deadline;
	struct addr16 a;
};

struct count {
	struct addr16 a;
	unsigned n;
	bool used;
};

struct guard {
	pthread_mutex_t mu;
	struct guard_opts o;
	struct addr16 trusted[GUARD_MAX_TRUSTED];
	size_t ntrusted;
	struct entry *e;
	unsigned ne, hint;
	struct count *c;
	unsigned nc, used;         /* nc: a power of two */
	unsigned long refused;
};

static bool to16(const struct sockaddr *sa, struct addr16 *out)
{
	memset(out, 0, sizeof(*out));
	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		out->b[10] = 0xff;
		out->b[11] = 0xff;
		memcpy(out->b + 12, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(out->b, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
		return true;
	}
	return false;
}

/* A numeric IPv4 or IPv6 address, nothing else. */
static bool parse16(const char *text, struct addr16 *out)
{
	struct in_addr v4;

	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, text, &v4) == 1) {
		out->b[10] = 0xff;
		out->b[11] = 0xff;
		memcpy(out->b + 12, &v4, 4);
		return true;
	}
	return inet_pton(AF_INET6, text, out->b) == 1;
}

static bool is_trusted(const struct guard *g, const struct addr16 *a)
{
	for (size_t i = 0; i < g->ntrusted; i++)
		if (memcmp(g->trusted[i].b, a->b, 16) == 0)
			return true;
	return false;
}

static void rebuild(struct guard *g);

/* The cell of a's count; with create, a new one (count 0) when absent.
 * -1: absent (and not created). */
static int cell(struct guard *g, const struct addr16 *a, bool create)
{
	unsigned i = (unsigned)hash_bytes(a->b, sizeof(a->b)) & (g->nc - 1);

	for (;;) {
		struct count *c = &g->c[i];
		if (!c->used)
			break;
		if (memcmp(c->a.b, a->b, 16) == 0)
			return (int)i;
		i = (i + 1) & (g->nc - 1);
	}
	if (!create)
		return -1;
	if (g->used + 1 > g->nc / 4 * 3) {
		rebuild(g);
		return cell(g, a, true);
	}
	g->c[i].used = true;
	g->c[i].a = *a;
	g->c[i].n = 0;
	g->used++;
	return (int)i;
}

static void rebuild(struct guard *g)
{
	memset(g->c, 0, (size_t)g->nc * sizeof(*g->c));
	g->used = 0;
	for (unsigned i = 0; i < g->ne; i++)
		if (g->e[i].fd >= 0 && !g->e[i].trusted)
			g->c[cell(g, &g->e[i].a, true)].n++;
}

static int parse_trusted(struct guard *g, const char *list, char *err, size_t errsz)
{
	struct str rest = str_from(list);

	while (rest.n) {
		struct str item;
		char text[64];

		rest = str_cut(rest, ',', &item);
		item = str_trim(item);
		if (item.n == 0)
			continue;
		if (g->ntrusted == GUARD_MAX_TRUSTED) {
			snprintf(err, errsz, "ADUANA_TRUSTED_PROXIES: at most %d addresses", GUARD_MAX_TRUSTED);
			return -1;
		}
		if (item.n >= sizeof(text)) {
			snprintf(err, errsz, "ADUANA_TRUSTED_PROXIES: an address is too long");
			return -1;
		}
		memcpy(text, item.p, item.n);
		text[item.n] = '\0';
		if (!parse16(text, &g->trusted[g->ntrusted])) {
			snprintf(err, errsz, "ADUANA_TRUSTED_PROXIES: \"%s\" is not a numeric IPv4 or IPv6 "
				 "address (give the proxies' addresses, comma-separated)", text);
			return -1;
		}
		g->ntrusted++;
	}
	return 0;
}

struct guard *guard_new(const struct guard_opts *o, char *err, size_t errsz)
{
	struct guard *g = calloc(1, sizeof(*g));

	if (g == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	g->o = *o;
	g->ne = o->max_conns ? o->max_conns : 1;
	for (g->nc = 16; g->nc < 4 * g->ne; g->nc *= 2)
		;
	g->e = calloc(g->ne, sizeof(*g->e));
	g->c = calloc(g->nc, sizeof(*g->c));
	if (g->e == NULL || g->c == NULL) {
		snprintf(err, errsz, "out of memory");
		guard_free(g);
		return NULL;
	}
	for (unsigned i = 0; i < g->ne; i++)
		g->e[i].fd = -1;
	if (o->trusted && parse_trusted(g, o->trusted, err, errsz) != 0) {
		guard_free(g);
		return NULL;
	}
	g->o.trusted = NULL;
	pthread_mutex_init(&g->mu, NULL);
	return g;
}

void guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	if (g->e && g->c)
		pthread_mutex_destroy(&g->mu);
	free(g->e);
	free(g->c);
	free(g);
}

bool guard_trusted(const struct guard *g, const struct sockaddr *sa)
{
	struct addr16 a;

	return to16(sa, &a) && is_trusted(g, &a);
}

bool guard_admit(struct guard *g, const struct sockaddr *sa)
{
	struct addr16 a;
	bool ok = true;

	if (g->o.per_addr == 0 || !to16(sa, &a) || is_trusted(g, &a))
		return true;
	pthread_mutex_lock(&g->mu);
	int i = cell(g, &a, false);
	if (i >= 0 && g->c[i].n >= g->o.per_addr) {
		ok = false;
		g->refused++;
	}
	pthread_mutex_unlock(&g->mu);
	return ok;
}

int guard_open(struct guard *g, int fd, const struct sockaddr *sa, uint64_t now_ns)
{
	struct addr16 a;
	int h = -1;

	if (fd < 0)
		return -1;
	to16(sa, &a);
	pthread_mutex_lock(&g->mu);
	for (unsigned k = 0; k < g->ne; k++) {
		unsigned i = (g->hint + k) % g->ne;
		if (g->e[i].fd < 0) {
			h = (int)i;
			break;
		}
	}
	if (h >= 0) {
		struct entry *e = &g->e[h];
		e->fd = fd;
		e->a = a;
		e->trusted = is_trusted(g, &a);
		e->wait = GUARD_HEADERS;
		e->deadline = now_ns + (uint64_t)g->o.header_s * NS_PER_S;
		if (!e->trusted)
			g->c[cell(g, &a, true)].n++;
		g->hint = ((unsigned)h + 1) % g->ne;
	}
	pthread_mutex_unlock(&g->mu);
	return h;
}

void guard_close(struct guard *g, int h)
{
	if (h < 0 || (unsigned)h >= g->ne)
		return;
	pthread_mutex_lock(&g->mu);
	struct entry *e = &g->e[h];
	if (e->fd >= 0) {
		if (!e->trusted) {
			int i = cell(g, &e->a, false);
			if (i >= 0 && g->c[i].n > 0)
				g->c[i].n--;
		}
		e->fd = -1;
		e->wait = GUARD_NONE;
	}
	pthread_mutex_unlock(&g->mu);
}

void guard_expect(struct guard *g, int h, enum guard_wait what, uint64_t now_ns)
{
	if (h < 0 || (unsigned)h >= g->ne)
		return;
	pthread_mutex_lock(&g->mu);
	struct entry *e = &g->e[h];
	if (e->fd >= 0) {
		e->wait = what;
		e->deadline = now_ns + (uint64_t)(what == GUARD_BODY ? g->o.body_s : g->o.header_s) * NS_PER_S;
	}
	pthread_mutex_unlock(&g->mu);
}

void guard_sweep(struct guard *g, uint64_t now_ns, struct guard_counts *total)
{
	pthread_mutex_lock(&g->mu);
	for (unsigned i = 0; i < g->ne; i++) {
		struct entry *e = &g->e[i];
		if (e->fd < 0 || e->wait == GUARD_NONE || now_ns < e->deadline)
			continue;
		/* Under the lock: the socket is still the connection's (guard_close
		 * comes before the library closes it).  The library sees the end
		 * of the stream and closes the connection itself. */
		shutdown(e->fd, SHUT_RDWR);
		if (e->wait == GUARD_BODY)
			total->body_late++;
		else
			total->header_late++;
		e->wait = GUARD_NONE;
	}
	total->refused += g->refused;
	g->refused = 0;
	pthread_mutex_unlock(&g->mu);
}

unsigned guard_held(struct guard *g, const struct sockaddr *sa)
{
	struct addr16 a;
	unsigned n = 0;

	if (!to16(sa, &a))
		return 0;
	pthread_mutex_lock(&g->mu);
	for (unsigned i = 0; i < g->ne; i++)
		if (g->e[i].fd >= 0 && memcmp(g->e[i].a.b, a.b, 16) == 0)
			n++;
	pthread_mutex_unlock(&g->mu);
	return n;
}

/* ---- the client's address behind a trusted proxy -------------------------- */

/* One node of a Forwarded "for=" or an X-Forwarded-For entry: an address,
 * perhaps quoted, an IPv6 one perhaps in brackets, perhaps with a port. */
static bool node_addr(struct str v, struct addr16 *out)
{
	char text[64];

	v = str_trim(v);
	if (v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"') {
		v.p++;
		v.n -= 2;
	}
	if (v.n && v.p[0] == '[') {
		size_t k = 1;
		while (k < v.n && v.p[k] != ']')
			k++;
		if (k == v.n)
			return false;
		v.p++;
		v.n = k - 1;
	} else {
		/* a.b.c.d:port — one colon only (an IPv6 address has several) */
		size_t colons = 0, at = 0;
		for (size_t k = 0; k < v.n; k++)
			if (v.p[k] == ':') {
				colons++;
				at = k;
			}
		if (colons == 1)
			v.n = at;
	}
	if (v.n == 0 || v.n >= sizeof(text))
		return false;
	memcpy(text, v.p, v.n);
	text[v.n] = '\0';
	return parse16(text, out);
}

/* The "for=" of one Forwarded element ("for=x;proto=https;by=y"). */
static bool element_for(struct str el, struct addr16 *out)
{
	while (el.n) {
		struct str pair, key;
		el = str_cut(el, ';', &pair);
		struct str val = str_cut(pair, '=', &key);
		if (val.p && str_ieq_cstr(str_trim(key), "for"))
			return node_addr(val, out);
	}
	return false;
}

/* Walks the comma-separated list from its end: the last entry that is not a
 * trusted proxy is the client.  An entry that is no address stops the walk. */
static int walk(const struct guard *g, const char *list, bool forwarded, struct addr16 *out)
{
	struct str all = str_from(list);
	size_t end = all.n;

	while (end > 0) {
		size_t start = end;
		while (start > 0 && all.p[start - 1] != ',')
			start--;
		struct str item = { all.p + start, end - start };
		end = start ? start - 1 : 0;
		if (str_trim(item).n == 0) {
			if (start == 0)
				break;
			continue;
		}
		if (!(forwarded ? element_for(item, out) : node_addr(item, out)))
			return -1;
		if (!is_trusted(g, out))
			return 0;
		if (start == 0)
			break;
	}
	return -1;
}

int guard_client_addr(const struct guard *g, const char *forwarded, const char *xff,
		      char *out, size_t outsz)
{
	struct addr16 a;
	static const unsigned char v4[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (!((forwarded && walk(g, forwarded, true, &a) == 0) ||
	      (!forwarded && xff && walk(g, xff, false, &a) == 0)))
		return -1;
	if (memcmp(a.b, v4, 12) == 0)
		return inet_ntop(AF_INET, a.b + 12, out, (socklen_t)outsz) ? 0 : -1;
	return inet_ntop(AF_INET6, a.b, out, (socklen_t)outsz) ? 0 : -1;
}
