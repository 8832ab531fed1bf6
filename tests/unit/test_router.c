/*
 * test_router.c — unit tests of src/http/router.c (router_path_match).
 *
 * What the dispatcher relies on: an exact pattern matches only the very same
 * bytes (no prefix, no trailing slash, no case folding), with an empty tail;
 * a "/{}" pattern matches its prefix plus one non-empty trailing segment that
 * never holds a '/', handed over as a tail pointing into the path.  The path
 * is a view: it is matched on its length, never on a terminator, so a view
 * into a longer buffer, or one with no NUL at all, matches as cut.  The
 * empty path matches nothing.  Method, roles and the order of routes are
 * web/dispatch.c's (tested over HTTP), not the router's.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "http/router.h"

/* A copy of s[0..n) with no terminator after it (AddressSanitizer catches a
 * read past n).  The caller frees it. */
static char *unterminated(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	cr_assert_not_null(p);
	memcpy(p, s, n);
	return p;
}

/* Matches pattern against the view path[0..n); asserts the tail when it
 * matches (want_tail NULL: must not match). */
static void expect_view(const char *pattern, const char *path, size_t n, const char *want_tail)
{
	char *copy = unterminated(path, n);
	struct str tail = { "unset", 5 };
	bool ok = router_path_match(pattern, (struct str){ copy, n }, &tail);

	if (want_tail == NULL) {
		cr_assert(!ok, "\"%s\" matched \"%.*s\"", pattern, (int)n, path);
	} else {
		cr_assert(ok, "\"%s\" did not match \"%.*s\"", pattern, (int)n, path);
		cr_assert_not_null(tail.p);
		cr_assert(str_eq_cstr(tail, want_tail), "\"%s\" on \"%.*s\": tail \"%.*s\", want \"%s\"",
			  pattern, (int)n, path, (int)tail.n, tail.p, want_tail);
		cr_assert_null(memchr(tail.p, '/', tail.n));
		if (tail.n > 0) {
			/* The tail is the end of the path itself, not a copy. */
			cr_assert_eq(tail.p, copy + n - tail.n);
		}
	}
	free(copy);
}

static void expect_match(const char *pattern, const char *path, const char *want_tail)
{
	expect_view(pattern, path, strlen(path), want_tail);
}

static void expect_no_match(const char *pattern, const char *path)
{
	expect_view(pattern, path, strlen(path), NULL);
}

/* ---- exact patterns ---------------------------------------------------- */

Test(router_path_match, exact_paths)
{
	expect_match("/principal", "/principal", "");
	expect_match("/notificaciones", "/notificaciones", "");
	expect_match("/oce", "/oce", "");
	expect_match("/salir", "/salir", "");
}

Test(router_path_match, exact_tail_is_empty_not_null)
{
	struct str tail = { NULL, 99 };

	cr_assert(router_path_match("/principal", STR_LIT("/principal"), &tail));
	cr_assert_not_null(tail.p);
	cr_assert_eq(tail.n, 0);
}

Test(router_path_match, exact_means_exact)
{
	expect_no_match("/principal", "/principalx");
	expect_no_match("/principal", "/principal/");
	expect_no_match("/principal", "/principal/1");
	expect_no_match("/principal", "/principa");
	expect_no_match("/principal", "/PRINCIPAL");
	expect_no_match("/principal", "//principal");
	expect_no_match("/principal", "principal");
	expect_no_match("/principal", "/principal?x=1");
	expect_no_match("/principal", " /principal");
	expect_no_match("/principal", "/");
}

Test(router_path_match, root)
{
	expect_match("/", "/", "");
	expect_no_match("/", "//");
	expect_no_match("/", "/x");
	expect_no_match("/", "/principal");
	expect_no_match("/", "x");
	/* Root is exact, not a prefix of every path. */
	expect_no_match("/", "/ ");
}

/* ---- "/{}" patterns ---------------------------------------------------- */

Test(router_path_match, tail_one_segment)
{
	expect_match("/notificaciones/{}", "/notificaciones/42", "42");
	expect_match("/notificaciones/{}", "/notificaciones/a.b-c", "a.b-c");
	expect_match("/notificaciones/{}", "/notificaciones/x", "x");
	expect_match("/static/{}", "/static/app.css", "app.css");
	expect_match("/oce/{}", "/oce/05909025", "05909025");
	/* Whatever the segment holds but a slash: the handler judges it. */
	expect_match("/static/{}", "/static/..", "..");
	expect_match("/notificaciones/{}", "/notificaciones/%2F", "%2F");
	expect_match("/notificaciones/{}", "/notificaciones/{}", "{}");
}

Test(router_path_match, tail_never_holds_a_slash)
{
	expect_no_match("/notificaciones/{}", "/notificaciones/1/2");
	expect_no_match("/notificaciones/{}", "/notificaciones/42/");
	expect_no_match("/notificaciones/{}", "/notificaciones//42");
	expect_no_match("/notificaciones/{}", "/notificaciones//");
	expect_no_match("/static/{}", "/static/../aduana.db");
	expect_no_match("/static/{}", "/static//x");
}

Test(router_path_match, tail_must_not_be_empty)
{
	expect_no_match("/notificaciones/{}", "/notificaciones/");
	expect_no_match("/notificaciones/{}", "/notificaciones");
	expect_no_match("/notificaciones/{}", "/notificacione");
	expect_no_match("/notificaciones/{}", "/");
}

Test(router_path_match, tail_prefix_is_exact)
{
	expect_no_match("/notificaciones/{}", "/notificacionesX");
	expect_no_match("/notificaciones/{}", "/notificacionesX/1");
	expect_no_match("/notificaciones/{}", "/Notificaciones/1");
	expect_no_match("/notificaciones/{}", "//notificaciones/1");
	expect_no_match("/notificaciones/{}", "/static/1");
	expect_no_match("/notificaciones/{}", "notificaciones/1");
}

Test(router_path_match, catch_all)
{
	/* "/{}": any one segment under the root, never the root itself. */
	expect_match("/{}", "/principal", "principal");
	expect_match("/{}", "/x", "x");
	expect_no_match("/{}", "/");
	expect_no_match("/{}", "//");
	expect_no_match("/{}", "/a/b");
	expect_no_match("/{}", "/a/");
	expect_no_match("/{}", "a");
}

Test(router_path_match, braces_only_count_at_the_end)
{
	/* "{}" in the middle is literal text, and so is "{}" without a slash. */
	expect_match("/a/{}/b", "/a/{}/b", "");
	expect_no_match("/a/{}/b", "/a/x/b");
	expect_match("/a{}", "/a{}", "");
	expect_no_match("/a{}", "/ax");
}

/* ---- views ------------------------------------------------------------- */

Test(router_path_match, views_match_on_length)
{
	static const char target[] = "/principal?next=/x";
	static const char notice[] = "/notificaciones/7x/y";
	struct str tail;

	/* A view cut out of a longer buffer matches as cut... */
	cr_assert(router_path_match("/principal", (struct str){ target, 10 }, &tail));
	cr_assert_eq(tail.n, 0);
	cr_assert(router_path_match("/notificaciones/{}", (struct str){ notice, 17 }, &tail));
	cr_assert(str_eq_cstr(tail, "7"));
	cr_assert_eq(tail.p, notice + 16);
	cr_assert(router_path_match("/notificaciones/{}", (struct str){ notice, 18 }, &tail));
	cr_assert(str_eq_cstr(tail, "7x"));
	/* ...and what lies past its end does not count. */
	cr_assert(!router_path_match("/principal", (struct str){ target, 9 }, &tail));
	cr_assert(!router_path_match("/principal", (struct str){ target, 11 }, &tail));
	cr_assert(!router_path_match("/notificaciones/{}", (struct str){ notice, 16 }, &tail));
	cr_assert(!router_path_match("/notificaciones/{}", (struct str){ notice, 19 }, &tail));
}

Test(router_path_match, views_without_a_terminator)
{
	/* Heap copies with nothing after them (an over-read is an ASan error). */
	expect_view("/principal", "/principal", 10, "");
	expect_view("/", "/", 1, "");
	expect_view("/notificaciones/{}", "/notificaciones/42", 18, "42");
	expect_view("/{}", "/x", 2, "x");
	expect_view("/principal", "/principa", 9, NULL);
	expect_view("/notificaciones/{}", "/notificaciones/", 16, NULL);
	expect_view("/notificaciones/{}", "/notif", 6, NULL);
}

Test(router_path_match, a_nul_is_a_byte_not_an_end)
{
	struct str tail;

	cr_assert(!router_path_match("/principal", (struct str){ "/principal\0", 11 }, &tail));
	cr_assert(!router_path_match("/", (struct str){ "/\0", 2 }, &tail));
	cr_assert(!router_path_match("/principal", (struct str){ "/princ\0pal", 10 }, &tail));
}

Test(router_path_match, empty_path)
{
	static const char *const patterns[] = { "/", "/principal", "/{}", "/notificaciones/{}" };
	struct str tail;

	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		cr_assert(!router_path_match(patterns[i], (struct str){ "", 0 }, &tail), "%s", patterns[i]);
		cr_assert(!router_path_match(patterns[i], (struct str){ NULL, 0 }, &tail), "%s",
			  patterns[i]);
	}
	expect_view("/", "", 0, NULL);
	expect_view("/{}", "", 0, NULL);
}
