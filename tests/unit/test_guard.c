/*
 * test_guard.c — unit tests of src/http/guard.c: connection slots and the
 * client's address behind a trusted proxy.
 *
 * What the server relies on: an address is refused past its cap, and may
 * connect again once its connections close; a trusted proxy is never
 * capped; a connection past its deadline (headers, or body) is shut down,
 * one with nothing awaited is not; the per-address counts stay right when
 * many addresses come and go; and the client address is read only from the
 * proxy's headers, rightmost untrusted entry first, refusing what is not an
 * address.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <arpa/inet.h>
#include <stdio.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/guard.h"

#define S 1000000000ull

static struct sockaddr_in v4(const char *a)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	inet_pton(AF_INET, a, &sa.sin_addr);
	return sa;
}

#define SA(x) ((const struct sockaddr *)(const void *)&(x))

static struct guard *mk(unsigned max, unsigned per, const char *trusted)
{
	char err[160] = "";
	struct guard_opts o = { max, per, 10, 60, trusted };
	struct guard *g = guard_new(&o, err, sizeof(err));

	cr_assert_not_null(g, "%s", err);
	return g;
}

TestSuite(guard, .timeout = 10);

Test(guard, an_address_is_capped_and_freed)
{
	struct guard *g = mk(64, 3, NULL);
	struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
	int h[3];

	for (int i = 0; i < 3; i++) {
		cr_assert(guard_admit(g, SA(a)));
		h[i] = guard_open(g, 10 + i, SA(a), 0);
		cr_assert_geq(h[i], 0);
	}
	cr_assert_not(guard_admit(g, SA(a)), "the fourth from one address is refused");
	cr_assert(guard_admit(g, SA(b)), "another address is not");
	cr_assert_eq(guard_held(g, SA(a)), 3);
	guard_close(g, h[1]);
	cr_assert(guard_admit(g, SA(a)), "room again once one closes");
	struct guard_counts c = { 0, 0, 0 };
	guard_sweep(g, 0, &c);
	cr_assert_eq(c.refused, 1);
	guard_free(g);
}

Test(guard, a_trusted_proxy_is_not_capped)
{
	struct guard *g = mk(64, 1, "10.0.0.1, 2001:db8::1");
	struct sockaddr_in p = v4("10.0.0.1");

	for (int i = 0; i < 10; i++) {
		cr_assert(guard_admit(g, SA(p)));
		cr_assert_geq(guard_open(g, 10 + i, SA(p), 0), 0);
	}
	cr_assert(guard_trusted(g, SA(p)));
	guard_free(g);
}

Test(guard, bad_trusted_lists_are_refused_with_a_reason)
{
	char err[160] = "";
	struct guard_opts o = { 8, 1, 10, 60, "10.0.0.1, proxy.example" };

	cr_assert_null(guard_new(&o, err, sizeof(err)));
	cr_assert(strstr(err, "proxy.example") != NULL, "%s", err);
}

Test(guard, entries_run_out_and_come_back)
{
	struct guard *g = mk(4, 0, NULL);
	struct sockaddr_in a = v4("192.0.2.1");
	int h[4];

	for (int i = 0; i < 4; i++)
		cr_assert_geq(h[i] = guard_open(g, 10 + i, SA(a), 0), 0);
	cr_assert_eq(guard_open(g, 20, SA(a), 0), -1);
	guard_close(g, h[2]);
	cr_assert_geq(guard_open(g, 21, SA(a), 0), 0);
	guard_free(g);
}

/* Is the other end of a socketpair at its end (the guard shut it down)? */
static bool shut(int fd)
{
	char c;

	return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

Test(guard, deadlines_shut_down_late_connections_only)
{
	struct guard *g = mk(16, 0, NULL);
	struct sockaddr_in a = v4("192.0.2.1");
	int hdr[2], body[2], busy[2];
	struct guard_counts c = { 0, 0, 0 };

	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, hdr), 0);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, body), 0);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, busy), 0);
	int h1 = guard_open(g, hdr[0], SA(a), 0);
	int h2 = guard_open(g, body[0], SA(a), 0);
	int h3 = guard_open(g, busy[0], SA(a), 0);
	guard_expect(g, h2, GUARD_BODY, 5 * S);     /* headers in at 5 s: 60 s for the body */
	guard_expect(g, h3, GUARD_NONE, 1 * S);     /* a request being answered */

	guard_sweep(g, 9 * S, &c);
	cr_assert_not(shut(hdr[1]), "not yet");
	guard_sweep(g, 10 * S, &c);
	cr_assert(shut(hdr[1]), "headers not in 10 s after the start");
	cr_assert_eq(c.header_late, 1);
	guard_sweep(g, 64 * S, &c);
	cr_assert_not(shut(body[1]));
	guard_sweep(g, 65 * S, &c);
	cr_assert(shut(body[1]), "body not in 60 s after the headers");
	cr_assert_eq(c.body_late, 1);
	guard_sweep(g, 1000 * S, &c);
	cr_assert_not(shut(busy[1]), "nothing awaited: never cut");
	cr_assert_eq(c.header_late + c.body_late, 2, "each cut counted once");
	/* Back to waiting for headers (kept alive): the deadline runs again. */
	guard_expect(g, h3, GUARD_HEADERS, 1000 * S);
	guard_sweep(g, 1010 * S, &c);
	cr_assert(shut(busy[1]));
	guard_close(g, h1);
	guard_close(g, h2);
	guard_close(g, h3);
	for (int i = 0; i < 2; i++) {
		close(hdr[i]);
		close(body[i]);
		close(busy[i]);
	}
	guard_free(g);
}

Test(guard, counts_stay_right_as_many_addresses_come_and_go)
{
	struct guard *g = mk(32, 2, NULL);
	char text[32];

	/* Far more distinct addresses than the count table holds at once. */
	for (int round = 0; round < 200; round++) {
		int h[32];
		for (int i = 0; i < 32; i++) {
			snprintf(text, sizeof(text), "10.%d.%d.1", round, i);
			struct sockaddr_in a = v4(text);
			cr_assert(guard_admit(g, SA(a)));
			h[i] = guard_open(g, 100 + i, SA(a), 0);
			cr_assert_geq(h[i], 0);
		}
		for (int i = 0; i < 32; i++)
			guard_close(g, h[i]);
	}
	struct sockaddr_in a = v4("10.0.0.1");
	cr_assert_geq(guard_open(g, 1, SA(a), 0), 0);
	cr_assert_geq(guard_open(g, 2, SA(a), 0), 0);
	cr_assert_not(guard_admit(g, SA(a)));
	guard_free(g);
}

static const char *client(const struct guard *g, const char *fwd, const char *xff)
{
	static char out[64];

	if (guard_client_addr(g, fwd, xff, out, sizeof(out)) != 0)
		return "-";
	return out;
}

Test(guard, the_client_address_from_the_proxy_headers)
{
	struct guard *g = mk(8, 0, "127.0.0.1,10.0.0.2");

	cr_assert_str_eq(client(g, NULL, "203.0.113.7"), "203.0.113.7");
	cr_assert_str_eq(client(g, NULL, "198.51.100.1, 203.0.113.7"), "203.0.113.7", "the last one: the client could write the first");
	cr_assert_str_eq(client(g, NULL, "203.0.113.7, 10.0.0.2"), "203.0.113.7", "trusted hops are skipped");
	cr_assert_str_eq(client(g, NULL, "203.0.113.7:5555"), "203.0.113.7");
	cr_assert_str_eq(client(g, NULL, "2001:db8::5"), "2001:db8::5");
	cr_assert_str_eq(client(g, NULL, "[2001:db8::5]:80"), "2001:db8::5");
	cr_assert_str_eq(client(g, NULL, "::ffff:203.0.113.7"), "203.0.113.7", "one text per IPv4 client");
	cr_assert_str_eq(client(g, "for=192.0.2.60;proto=http;by=203.0.113.43", "198.51.100.9"), "192.0.2.60",
			 "Forwarded wins");
	cr_assert_str_eq(client(g, "for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\"", NULL), "2001:db8:cafe::17");
	cr_assert_str_eq(client(g, "For=\"192.0.2.1\"", NULL), "192.0.2.1", "names are case-insensitive");
	/* What is not an address is refused, never guessed around. */
	cr_assert_str_eq(client(g, NULL, "unknown"), "-");
	cr_assert_str_eq(client(g, NULL, "203.0.113.7, garbage"), "-");
	cr_assert_str_eq(client(g, "for=_hidden", NULL), "-");
	cr_assert_str_eq(client(g, "proto=https", NULL), "-");
	cr_assert_str_eq(client(g, NULL, ""), "-");
	cr_assert_str_eq(client(g, NULL, " , "), "-");
	cr_assert_str_eq(client(g, NULL, "10.0.0.2"), "-", "only proxies: no client");
	cr_assert_str_eq(client(g, NULL, NULL), "-");
	cr_assert_str_eq(client(g, NULL, "[2001:db8::5"), "-");
	guard_free(g);
}
