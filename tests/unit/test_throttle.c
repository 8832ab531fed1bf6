/*
 * test_throttle.c — unit tests of src/auth/throttle.c, the budgets of
 * failed sign-ins.
 *
 * What the sign-in relies on: below its budget a key always goes on, with
 * its failures as its priority; at the budget its attempts are spaced out by
 * a delay that grows with the failures (to a maximum), and one attempt per
 * delay goes on; failures are forgiven with time; forgetting a key clears
 * it; a table full of other keys does not make an attacker's count vanish
 * faster than the keys that fill it; IPv6 addresses count per /64.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <string.h>

#include "auth/throttle.h"

static struct throttle *mk(unsigned budget)
{
	struct throttle_opts o = { budget, 20, 30, 64 };
	struct throttle *t = throttle_new(&o);

	cr_assert_not_null(t);
	return t;
}

TestSuite(throttle, .timeout = 10);

Test(throttle, below_the_budget_attempts_go_on_with_their_failures_as_priority)
{
	struct throttle *t = mk(3);
	unsigned score = 99;

	cr_assert_eq(throttle_check(t, "a", 0, &score), 0);
	cr_assert_eq(score, 0);
	throttle_fail(t, "a", 0);
	throttle_fail(t, "a", 0);
	cr_assert_eq(throttle_check(t, "a", 0, &score), 0);
	cr_assert_eq(score, 2);
	cr_assert_eq(throttle_check(t, "b", 0, &score), 0);
	cr_assert_eq(score, 0, "another key is untouched");
	throttle_free(t);
}

Test(throttle, at_the_budget_one_attempt_per_growing_delay)
{
	struct throttle *t = mk(3);
	unsigned score;

	for (int i = 0; i < 3; i++)
		throttle_fail(t, "a", 0);
	cr_assert_eq(throttle_check(t, "a", 0, &score), 0, "one goes on");
	cr_assert_eq(throttle_check(t, "a", 0, &score), 1, "the next waits 1 s");
	cr_assert_eq(throttle_check(t, "a", 999, &score), 1);
	cr_assert_eq(throttle_check(t, "a", 1000, &score), 0, "after the delay, one more");
	throttle_fail(t, "a", 1000);
	throttle_fail(t, "a", 1000);   /* 5 failures: 3 past the budget */
	cr_assert_eq(throttle_check(t, "a", 1000, &score), 1, "inside the delay set at 1 s");
	cr_assert_eq(throttle_check(t, "a", 2000, &score), 0);
	cr_assert_eq(throttle_check(t, "a", 2000, &score), 3, "3 failures past the budget: 3 s apart");
	throttle_free(t);
}

Test(throttle, the_delay_grows_to_its_maximum)
{
	struct throttle *t = mk(1);
	unsigned score;
	long long now = 0;

	for (int i = 0; i < 100; i++)
		throttle_fail(t, "a", now);
	cr_assert_eq(throttle_check(t, "a", now, &score), 0);
	cr_assert_eq(throttle_check(t, "a", now, &score), 30, "at most delay_max_s");
	throttle_free(t);
}

Test(throttle, failures_are_forgiven_with_time_and_by_forget)
{
	struct throttle *t = mk(3);
	unsigned score;

	for (int i = 0; i < 3; i++)
		throttle_fail(t, "a", 0);
	cr_assert_eq(throttle_check(t, "a", 19999, &score), 0);
	cr_assert_eq(score, 3);
	cr_assert_eq(throttle_check(t, "a", 20000, &score), 0);
	cr_assert_eq(score, 2, "one forgiven per 20 s");
	cr_assert_eq(throttle_check(t, "a", 60000, &score), 0);
	cr_assert_eq(score, 0);
	throttle_fail(t, "b", 0);
	throttle_forget(t, "b");
	cr_assert_eq(throttle_check(t, "b", 0, &score), 0);
	cr_assert_eq(score, 0);
	throttle_free(t);
}

Test(throttle, a_full_table_evicts_the_weakest_not_the_attacker)
{
	struct throttle *t = mk(3);
	unsigned score;
	char key[32];

	for (int i = 0; i < 10; i++)
		throttle_fail(t, "attacker", 0);
	/* Thousands of keys with one failure each pass through a table of 64. */
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		throttle_fail(t, key, 0);
	}
	cr_assert_eq(throttle_check(t, "attacker", 0, &score), 0);
	cr_assert_eq(score, 10, "a key with more failures outlives keys with fewer");
	throttle_free(t);
}

Test(throttle, budget_zero_never_throttles)
{
	struct throttle *t = mk(0);
	unsigned score;

	for (int i = 0; i < 50; i++)
		throttle_fail(t, "a", 0);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(throttle_check(t, "a", 0, &score), 0);
	throttle_free(t);
}

Test(throttle, ipv6_addresses_count_per_64)
{
	char a[80], b[80], c[80];

	throttle_addr_key("2001:db8:1:2:aaaa::1", a, sizeof(a));
	throttle_addr_key("2001:db8:1:2:bbbb::9", b, sizeof(b));
	throttle_addr_key("2001:db8:1:3::1", c, sizeof(c));
	cr_assert_str_eq(a, b);
	cr_assert_str_eq(a, "2001:db8:1:2::/64");
	cr_assert_str_neq(a, c);
	throttle_addr_key("203.0.113.7", a, sizeof(a));
	cr_assert_str_eq(a, "203.0.113.7");
}
