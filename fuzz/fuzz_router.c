/*
 * fuzz_router.c — libFuzzer target for router_match (src/http/router.c).
 *
 * Input: the first byte picks the method (GET, HEAD, POST, other), the rest
 * is the path, as a view with no terminator.  A small table like the
 * application's is matched, and the target aborts when:
 *   - the result is not one of enum router_result;
 *   - ROUTER_FOUND gives a route outside the table or of another method
 *     (HEAD may take a GET route), or a tail that is not inside the path;
 *   - an exact route is found for a different path, or with a tail;
 *   - a "/{}" route is found for a path that is not its prefix plus a
 *     non-empty tail without '/';
 *   - the result differs from an independent reference matcher (first route
 *     whose path and method fit; otherwise 405 if the path fits any route).
 *
 * Seeds: fuzz/corpus/router/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

static void h(void) {}

static const struct route table[] = {
	{ HTTP_GET, "/", h, 0, 0, NULL },
	{ HTTP_GET, "/login", h, 0, 0, NULL },
	{ HTTP_POST, "/login", h, 0, ROUTE_CSRF_PRE, NULL },
	{ HTTP_GET, "/principal", h, 1, 0, NULL },
	{ HTTP_GET, "/notificaciones", h, 1, 0, NULL },
	{ HTTP_GET, "/notificaciones/{}", h, 1, 0, NULL },
	{ HTTP_POST, "/salir", h, 1, ROUTE_CSRF, NULL },
	{ HTTP_GET, "/static/{}", h, 0, ROUTE_STATIC, NULL },
	{ HTTP_POST, "/oce/{}", h, 1, ROUTE_CSRF, NULL },
	{ HTTP_GET, "/{}", h, 0, 0, NULL },
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static const enum http_method methods[] = { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_OTHER };

/* Does pattern fit p[0..n)?  Written apart from router.c on purpose. */
static int ref_fits(const char *pattern, const char *p, size_t n)
{
	size_t len = strlen(pattern);

	if (len >= 3 && memcmp(pattern + len - 3, "/{}", 3) == 0) {
		size_t pre = len - 2;   /* up to and with the '/' */
		if (n < pre + 1 || memcmp(p, pattern, pre) != 0)
			return 0;
		for (size_t i = pre; i < n; i++)
			if (p[i] == '/')
				return 0;
		return 1;
	}
	return n == len && memcmp(p, pattern, n) == 0;
}

static int method_fits(enum http_method route, enum http_method m)
{
	return route == m || (route == HTTP_GET && m == HTTP_HEAD);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct route *r = NULL;
	struct str path, tail;
	enum http_method m;
	int rc, want = ROUTER_NOT_FOUND;
	size_t want_i = NTABLE;

	if (size == 0)
		return 0;
	m = methods[data[0] % 4];
	path.p = (const char *)data + 1;
	path.n = size - 1;

	for (size_t i = 0; i < NTABLE; i++) {
		if (!ref_fits(table[i].path, path.p, path.n))
			continue;
		if (method_fits(table[i].method, m)) {
			want = ROUTER_FOUND;
			want_i = i;
			break;
		}
		want = ROUTER_BAD_METHOD;
	}

	tail.p = NULL;
	tail.n = 0;
	rc = router_match(table, NTABLE, m, path, &r, &tail);
	require(rc == ROUTER_FOUND || rc == ROUTER_NOT_FOUND || rc == ROUTER_BAD_METHOD);
	require(rc == want);
	if (rc != ROUTER_FOUND)
		return 0;

	require(r == &table[want_i]);
	require(method_fits(r->method, m));
	{
		size_t len = strlen(r->path);
		if (len >= 3 && strcmp(r->path + len - 3, "/{}") == 0) {
			size_t pre = len - 2;
			require(tail.n > 0);
			require(tail.p == path.p + pre);
			require(tail.n == path.n - pre);
			require(memchr(tail.p, '/', tail.n) == NULL);
			require(memcmp(path.p, r->path, pre) == 0);
		} else {
			require(tail.n == 0 && tail.p != NULL);
			require(path.n == len && memcmp(path.p, r->path, len) == 0);
		}
	}
	return 0;
}
