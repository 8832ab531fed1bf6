/*
 * fuzz_email.c — libFuzzer target for src/domain/email.c and the header
 * encoders of src/domain/mailmsg.c.
 *
 * Feeds arbitrary bytes to email_valid exactly as sized (no NUL terminator,
 * so AddressSanitizer catches a read past n) and aborts when an accepted
 * address breaks what email.h promises: at most LIMIT_EMAIL_BYTES, exactly
 * one '@' with a non-empty local part and a domain holding a dot, and no
 * byte that could end or split a header or an SMTP command (CR, LF, NUL,
 * other controls, space, '<', '>', '"', ',').  Then the input (cut at its
 * first NUL) goes through the RFC 2047 header encoder and quoted-printable:
 * their output must never hold a bare CR or LF (only CRLF, followed by a
 * space in a folded header) nor a line past 76 bytes, and a whole message
 * built with it as the subject must be refused exactly when it holds CR or LF.
 *
 * Seeds: fuzz/corpus/email/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/limits.h"
#include "domain/email.h"
#include "domain/mailmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

static void check_address(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	require(n <= LIMIT_EMAIL_BYTES);
	require(at != NULL && at != s);
	require(memchr(at + 1, '@', n - (size_t)(at - s) - 1) == NULL);
	require(memchr(at + 1, '.', n - (size_t)(at - s) - 1) != NULL);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		require(c >= 0x21 && c != 0x7f);
		require(c != '<' && c != '>' && c != '"' && c != ',');
	}
}

/* CR only before LF, LF only after CR; lines at most max bytes; a line
 * after a fold starts with a space when folded is set. */
static void check_lines(const char *s, size_t n, size_t max, int folded)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			require(i + 1 < n && s[i + 1] == '\n');
			continue;
		}
		if (s[i] == '\n') {
			require(i > 0 && s[i - 1] == '\r');
			if (folded)
				require(i + 1 < n && s[i + 1] == ' ');
			col = 0;
			continue;
		}
		require(++col <= max);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct mailmsg m;
	struct buf b;
	char *z;
	size_t zn;
	int rc;

	if (email_valid(s, size))
		check_address(s, size);
	if (size > 4096)
		return 0;
	z = malloc(size + 1);
	require(z != NULL);
	memcpy(z, data, size);
	z[size] = '\0';
	zn = strlen(z);

	buf_init(&b, 1 << 20);
	mailmsg_header_value(&b, z, 9);
	require(b.err == 0);
	if (b.len)
		check_lines(b.data, b.len, 998, 1);
	buf_reset(&b);
	mailmsg_qp(&b, z, zn);
	require(b.err == 0);
	if (b.len)
		check_lines(b.data, b.len, 76, 0);
	buf_reset(&b);
	m = (struct mailmsg){ "ADUANA", "no-responder@localhost", "ana@example.test", z, z, z,
			      "<a.1@localhost>", "=_aduana_1_x", 0 };
	rc = mailmsg_build(&b, &m);
	require((rc == 0) == (strpbrk(z, "\r\n") == NULL));
	if (rc == 0) {
		require(b.err == 0);
		check_lines(b.data, b.len, 998, 0);
	}
	buf_free(&b);
	free(z);
	return 0;
}
