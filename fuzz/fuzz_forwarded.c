/*
 * fuzz_forwarded.c — libFuzzer target for the proxy-header parser of
 * src/http/guard.c (guard_client_addr).
 *
 * The input is split at its first NUL into a Forwarded and an
 * X-Forwarded-For value (each NUL-terminated copies, as the HTTP library
 * gives them); without a NUL it is tried as each in turn.  The target aborts
 * when:
 *   - an answer is not a numeric IPv4 or IPv6 address (inet_pton reads it
 *     back), or does not fit the buffer;
 *   - the answer is a trusted proxy (those are skipped, never the client);
 *   - the same input gives a different answer the second time.
 *
 * Seeds: fuzz/corpus/forwarded/.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct guard *g;

static void require(int ok)
{
	if (!ok)
		abort();
}

static void check(const char *fwd, const char *xff)
{
	char out[64], again[64];
	unsigned char bin[16];
	int rc = guard_client_addr(g, fwd, xff, out, sizeof(out));

	require(rc == 0 || rc == -1);
	require(guard_client_addr(g, fwd, xff, again, sizeof(again)) == rc);
	if (rc != 0)
		return;
	require(memchr(out, '\0', sizeof(out)) != NULL);
	require(strcmp(out, again) == 0);
	require(inet_pton(AF_INET, out, bin) == 1 || inet_pton(AF_INET6, out, bin) == 1);
	require(strcmp(out, "127.0.0.1") != 0 && strcmp(out, "10.0.0.2") != 0 && strcmp(out, "::1") != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a;
	const uint8_t *nul;

	if (g == NULL) {
		char err[128];
		struct guard_opts o = { 4, 0, 10, 60, "127.0.0.1,10.0.0.2,::1" };
		g = guard_new(&o, err, sizeof(err));
		require(g != NULL);
	}
	if (size > 16384)
		return 0;
	a = malloc(size + 1);
	require(a != NULL);
	memcpy(a, data, size);
	a[size] = '\0';
	nul = memchr(data, '\0', size);
	if (nul) {
		check(a, a + (nul - data) + 1);
	} else {
		check(a, NULL);
		check(NULL, a);
	}
	free(a);
	return 0;
}
