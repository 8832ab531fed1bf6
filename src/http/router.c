/*
 * router.c — see router.h.  A linear scan: the table has tens of routes and
 * the comparison is a length check and a memcmp.
 */
#include "http/router.h"

#include <string.h>

static bool path_match(const char *pattern, struct str path, struct str *tail)
{
	size_t n = strlen(pattern);

	if (n >= 3 && strcmp(pattern + n - 3, "/{}") == 0) {
		size_t pre = n - 2;   /* keep the slash */
		if (path.n <= pre || memcmp(path.p, pattern, pre) != 0)
			return false;
		if (memchr(path.p + pre, '/', path.n - pre) != NULL)
			return false;
		tail->p = path.p + pre;
		tail->n = path.n - pre;
		return true;
	}
	if (path.n != n || memcmp(path.p, pattern, n) != 0)
		return false;
	tail->p = "";
	tail->n = 0;
	return true;
}

int router_match(const struct route *table, size_t n, enum http_method m, struct str path,
		 const struct route **out, struct str *tail)
{
	int res = ROUTER_NOT_FOUND;

	for (size_t i = 0; i < n; i++) {
		const struct route *r = &table[i];
		if (!path_match(r->path, path, tail))
			continue;
		if (r->method == m || (r->method == HTTP_GET && m == HTTP_HEAD)) {
			*out = r;
			return ROUTER_FOUND;
		}
		res = ROUTER_BAD_METHOD;
	}
	return res;
}

const char *router_allow(const struct route *table, size_t n, struct str path)
{
	bool get = false, post = false;
	struct str tail;

	for (size_t i = 0; i < n; i++) {
		if (!path_match(table[i].path, path, &tail))
			continue;
		get |= table[i].method == HTTP_GET || table[i].method == HTTP_HEAD;
		post |= table[i].method == HTTP_POST;
	}
	return get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : post ? "POST" : "";
}

int router_filter(const struct route *r, const struct form *in, struct form *out)
{
	out->n = 0;
	out->fields = in->fields;   /* filtered in place: kept fields move down */
	for (size_t i = 0; i < in->n; i++) {
		const struct route_param *p = r->params;
		for (; p && p->name; p++)
			if (strcmp(p->name, in->fields[i].name) == 0)
				break;
		if (p == NULL || p->name == NULL)
			continue;
		if (in->fields[i].len > p->max)
			return -1;
		for (size_t j = 0; j < out->n; j++)
			if (strcmp(out->fields[j].name, p->name) == 0)
				return -1;
		out->fields[out->n++] = in->fields[i];
	}
	return 0;
}
