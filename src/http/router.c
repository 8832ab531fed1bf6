/*
 * router.c — see router.h.  A length check and a memcmp per pattern.
 */
#include "http/router.h"

#include <string.h>

bool router_path_match(const char *pattern, struct str path, struct str *tail)
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
