/*
 * test_router.c — unit tests of src/http/router.c.
 *
 * What the application relies on: exact paths match only themselves; a
 * "/{}" route matches one non-empty trailing segment that never contains a
 * '/', handed over as the tail; HEAD is answered by a GET route; a path known
 * under another method is ROUTER_BAD_METHOD (405), an unknown one
 * ROUTER_NOT_FOUND (404).  router_filter lets through only the fields a route
 * declares, and refuses (-1, a 400) a declared field over its max or given
 * twice.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "http/form.h"
#include "http/router.h"

static void h_home(void) {}
static void h_login(void) {}
static void h_login_post(void) {}
static void h_notice(void) {}
static void h_static(void) {}
static void h_logout(void) {}
static void h_any(void) {}

static const struct route_param login_params[] = {
	{ "ruc", LIMIT_RUC_INPUT },
	{ "usuario", LIMIT_USUARIO_BYTES },
	{ "clave", 8 },
	{ NULL, 0 },
};

static const struct route table[] = {
	{ HTTP_GET, "/", h_home, 0, 0, NULL },
	{ HTTP_GET, "/login", h_login, 0, 0, NULL },
	{ HTTP_POST, "/login", h_login_post, 0, ROUTE_CSRF_PRE | ROUTE_SLOW, login_params },
	{ HTTP_GET, "/notificaciones/{}", h_notice, 1, 0, NULL },
	{ HTTP_GET, "/static/{}", h_static, 0, ROUTE_STATIC, NULL },
	{ HTTP_POST, "/salir", h_logout, 1, ROUTE_CSRF, NULL },
	{ HTTP_GET, "/{}", h_any, 0, 0, NULL },
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

/* The table without the catch-all "/{}", for 404 checks. */
#define NTABLE_NO_CATCHALL (NTABLE - 1)

static int match(size_t n, enum http_method m, const char *path, const struct route **r,
		 struct str *tail)
{
	*r = NULL;
	tail->p = "unset";
	tail->n = 5;
	return router_match(table, n, m, str_from(path), r, tail);
}

static void expect_found(size_t n, enum http_method m, const char *path, void (*h)(void),
			 const char *want_tail)
{
	const struct route *r;
	struct str tail;
	int rc = match(n, m, path, &r, &tail);

	cr_assert_eq(rc, ROUTER_FOUND, "%s: rc %d", path, rc);
	cr_assert_not_null(r);
	cr_assert_eq(r->handler, h, "%s: wrong route %s", path, r->path);
	cr_assert(str_eq_cstr(tail, want_tail), "%s: tail \"%.*s\", want \"%s\"", path,
		  (int)tail.n, tail.p, want_tail);
	cr_assert_null(memchr(tail.p, '/', tail.n));
}

static void expect_rc(size_t n, enum http_method m, const char *path, int want)
{
	const struct route *r;
	struct str tail;
	int rc = match(n, m, path, &r, &tail);

	cr_assert_eq(rc, want, "%s: rc %d, want %d", path, rc, want);
}

/* ---- matching ---------------------------------------------------------- */

Test(router_match, exact_routes)
{
	expect_found(NTABLE, HTTP_GET, "/", h_home, "");
	expect_found(NTABLE, HTTP_GET, "/login", h_login, "");
	expect_found(NTABLE, HTTP_POST, "/login", h_login_post, "");
	expect_found(NTABLE, HTTP_POST, "/salir", h_logout, "");
}

Test(router_match, exact_means_exact)
{
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/login/", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/loginx", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/logi", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/LOGIN", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "//login", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "", ROUTER_NOT_FOUND);
}

Test(router_match, tail_routes)
{
	expect_found(NTABLE, HTTP_GET, "/notificaciones/42", h_notice, "42");
	expect_found(NTABLE, HTTP_GET, "/notificaciones/a.b-c", h_notice, "a.b-c");
	expect_found(NTABLE, HTTP_GET, "/static/app.css", h_static, "app.css");
	expect_found(NTABLE, HTTP_GET, "/principal", h_any, "principal");
}

Test(router_match, tail_never_holds_a_slash)
{
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/notificaciones/4/2", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/notificaciones/42/", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/static/../app.db", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/static//x", ROUTER_NOT_FOUND);
	/* Even with the catch-all, a deeper path finds nothing. */
	expect_rc(NTABLE, HTTP_GET, "/a/b", ROUTER_NOT_FOUND);
	expect_rc(NTABLE, HTTP_GET, "/static/x/y", ROUTER_NOT_FOUND);
}

Test(router_match, tail_must_not_be_empty)
{
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/notificaciones/", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/notificaciones", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/notificacionesX", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/notificacionesX/1", ROUTER_NOT_FOUND);
}

Test(router_match, first_route_wins)
{
	/* "/login" is exact and declared before "/{}": not the catch-all. */
	expect_found(NTABLE, HTTP_GET, "/login", h_login, "");
}

Test(router_match, head_matches_get)
{
	expect_found(NTABLE, HTTP_HEAD, "/", h_home, "");
	expect_found(NTABLE, HTTP_HEAD, "/login", h_login, "");
	expect_found(NTABLE, HTTP_HEAD, "/static/app.js", h_static, "app.js");
}

Test(router_match, head_does_not_match_post)
{
	expect_rc(NTABLE_NO_CATCHALL, HTTP_HEAD, "/salir", ROUTER_BAD_METHOD);
}

Test(router_match, bad_method_vs_not_found)
{
	expect_rc(NTABLE, HTTP_POST, "/", ROUTER_BAD_METHOD);
	expect_rc(NTABLE, HTTP_POST, "/notificaciones/1", ROUTER_BAD_METHOD);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_GET, "/salir", ROUTER_BAD_METHOD);
	expect_rc(NTABLE, HTTP_OTHER, "/login", ROUTER_BAD_METHOD);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_POST, "/nowhere", ROUTER_NOT_FOUND);
	expect_rc(NTABLE_NO_CATCHALL, HTTP_OTHER, "/nowhere", ROUTER_NOT_FOUND);
}

Test(router_match, later_route_with_right_method_wins_over_405)
{
	/* GET /login is declared first; a POST must still find the POST route. */
	expect_found(NTABLE, HTTP_POST, "/login", h_login_post, "");
}

Test(router_match, path_is_a_view)
{
	static const char target[] = "/login?next=/x";
	const struct route *r = NULL;
	struct str tail;

	cr_assert_eq(router_match(table, NTABLE, HTTP_GET, (struct str){ target, 6 }, &r, &tail),
		     ROUTER_FOUND);
	cr_assert_eq(r->handler, h_login);
	cr_assert_eq(router_match(table, NTABLE, HTTP_GET, (struct str){ "/notificaciones/7x", 17 },
				  &r, &tail), ROUTER_FOUND);
	cr_assert(str_eq_cstr(tail, "7"));
}

Test(router_match, empty_table)
{
	expect_rc(0, HTTP_GET, "/", ROUTER_NOT_FOUND);
}

/* ---- filtering --------------------------------------------------------- */

static struct arena A;

static void fsetup(void)
{
	arena_init(&A, LIMIT_ARENA_BYTES);
}

static void fteardown(void)
{
	arena_free(&A);
}

TestSuite(router_filter, .init = fsetup, .fini = fteardown);

static const struct route *login_post(void)
{
	return &table[2];
}

static struct form form_of(const char *s)
{
	struct form f;

	cr_assert_eq(form_parse(&A, s, strlen(s), &f), FORM_OK);
	return f;
}

Test(router_filter, keeps_declared_drops_the_rest)
{
	struct form in = form_of("x=1&ruc=1790011674001&csrf=t&usuario=ana&clave=12345678&y=2");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), 0);
	cr_assert_eq(out.n, 3);
	cr_assert_str_eq(out.fields[0].name, "ruc");
	cr_assert_str_eq(out.fields[1].name, "usuario");
	cr_assert_str_eq(out.fields[2].name, "clave");
	cr_assert_str_eq(form_get(&out, "ruc"), "1790011674001");
	cr_assert_str_eq(form_get(&out, "clave"), "12345678");
	cr_assert_null(form_get(&out, "x"));
	cr_assert_null(form_get(&out, "csrf"));
	cr_assert_null(form_get(&out, "y"));
}

Test(router_filter, missing_declared_fields_are_fine)
{
	struct form in = form_of("usuario=ana");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), 0);
	cr_assert_eq(out.n, 1);
	cr_assert_null(form_get(&out, "ruc"));
}

Test(router_filter, no_params_drops_everything)
{
	struct form in = form_of("a=1&b=2");
	struct form out;

	cr_assert_eq(router_filter(&table[0], &in, &out), 0);
	cr_assert_eq(out.n, 0);
	cr_assert_null(form_get(&out, "a"));
}

Test(router_filter, empty_form)
{
	struct form in = form_of("");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), 0);
	cr_assert_eq(out.n, 0);
}

Test(router_filter, max_is_inclusive)
{
	struct form in = form_of("clave=12345678");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), 0);
	cr_assert_eq(out.n, 1);
}

Test(router_filter, over_max_refused)
{
	struct form in = form_of("usuario=ana&clave=123456789");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), -1);
}

Test(router_filter, max_counts_bytes_not_characters)
{
	/* Four "ñ" are 8 bytes (fits), five are 10 (does not). */
	struct form ok = form_of("clave=%C3%B1%C3%B1%C3%B1%C3%B1");
	struct form bad = form_of("clave=%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &ok, &out), 0);
	cr_assert_eq(router_filter(login_post(), &bad, &out), -1);
}

Test(router_filter, duplicate_declared_refused)
{
	struct form in = form_of("usuario=ana&ruc=1&usuario=eve");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), -1);
}

Test(router_filter, duplicate_declared_even_if_empty)
{
	struct form in = form_of("usuario&usuario=eve");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), -1);
}

Test(router_filter, duplicate_undeclared_ignored)
{
	struct form in = form_of("x=1&usuario=ana&x=2");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), 0);
	cr_assert_eq(out.n, 1);
	cr_assert_str_eq(form_get(&out, "usuario"), "ana");
}

Test(router_filter, undeclared_over_any_max_is_dropped_not_refused)
{
	struct form in = form_of("comment=0123456789012345678901234567890123456789&usuario=a");
	struct form out;

	cr_assert_eq(router_filter(login_post(), &in, &out), 0);
	cr_assert_eq(out.n, 1);
}
