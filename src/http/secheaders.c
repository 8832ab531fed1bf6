/*
 * secheaders.c — the security headers, on every answer libmicrohttpd sends,
 * the ones it makes by itself included.
 *
 * libmicrohttpd 0.9.75 (Debian 12) answers some malformed requests itself,
 * before any callback of ours: a Content-Length that is not a number (400),
 * a header block past its memory pool (431), an HTTP version it does not
 * know (505).  It has no option to add headers to those answers.  It does
 * queue them through its own exported MHD_queue_response, called through
 * its procedure linkage table (objdump shows "call MHD_queue_response@plt"
 * in transmit_error_response); so this file defines MHD_queue_response:
 * the dynamic linker binds every call of that name to the executable's
 * definition first, the library's own calls included (ELF symbol
 * interposition).  Ours adds the security headers to a response that lacks
 * them and calls the library's, found with dlsym(RTLD_NEXT).  If a later
 * version of the library bound its calls internally, tests/http/framing's
 * "answers the library makes itself" test would fail and say so.
 *
 * One answer of that library is also malformed: for a Content-Length that
 * is not a number it writes its status line and headers twice (one call to
 * MHD_queue_response: the bug is in its state machine).  RFC 9112 §6.3 wants
 * a 400 and the connection closed, so for that case ours writes a complete
 * 400 itself on the still-empty socket and declines the library's; the
 * library then closes the connection, sending nothing more.
 *
 * The same table serves the server's own answers (http_secure_response).
 */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include "http/secheaders.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/str.h"

static const struct {
	const char *name, *value;
} headers[] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	/* No page uses a device or a powerful API: deny them all, also to any
	 * frame (there are none: frame-ancestors 'none'). */
	{ "Permissions-Policy",
	  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
	  "payment=(), usb=()" },
};

void http_secure_response(struct MHD_Response *r)
{
	if (r == NULL || MHD_get_response_header(r, headers[0].name) != NULL)
		return;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		MHD_add_response_header(r, headers[i].name, headers[i].value);
}

typedef enum MHD_Result queue_fn(struct MHD_Connection *, unsigned int, struct MHD_Response *);

static queue_fn *library_queue;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_library_queue(void)
{
	library_queue = (queue_fn *)dlsym(RTLD_NEXT, "MHD_queue_response");
}

/* The request's Content-Length, when it has one that is not a number. */
static bool bad_length(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	struct str t = str_trim(str_from(v));
	long long n;

	if (v == NULL)
		return false;
	for (size_t i = 0; i < t.n; i++)
		if (t.p[i] < '0' || t.p[i] > '9')
			return true;   /* a sign, a space, anything but digits */
	return str_to_ll(t, 0, INT64_MAX, &n) != 0;
}

/* The whole 400 written on the connection's socket; MHD_NO either way, so
 * that the library closes the connection without writing anything. */
static enum MHD_Result answer_400(struct MHD_Connection *c)
{
	static const char body[] = "Solicitud mal formada: el encabezado Content-Length no es un número.\n"
				   "Malformed request: the Content-Length header is not a number.\n";
	const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	char msg[2048], date[64] = "";
	size_t n;
	time_t now = time(NULL);
	struct tm tm;
	int k;

	if (gmtime_r(&now, &tm))
		strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	k = snprintf(msg, sizeof(msg), "HTTP/1.1 400 Bad Request\r\nDate: %s\r\nConnection: close\r\n"
		     "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n", date, sizeof(body) - 1);

	if (fd == NULL || k < 0)
		return MHD_NO;
	n = (size_t)k;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]) && n < sizeof(msg); i++) {
		k = snprintf(msg + n, sizeof(msg) - n, "%s: %s\r\n", headers[i].name, headers[i].value);
		if (k < 0)
			return MHD_NO;
		n += (size_t)k;
	}
	k = snprintf(msg + n, n < sizeof(msg) ? sizeof(msg) - n : 0, "\r\n%s", body);
	if (k < 0 || n + (size_t)k >= sizeof(msg))
		return MHD_NO;
	n += (size_t)k;
	/* A new socket's buffer takes these ~1 KB at once; a short write only
	 * means the client gets the connection closed instead. */
	(void)send(fd->connect_fd, msg, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	return MHD_NO;
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
				   struct MHD_Response *response)
{
	pthread_once(&once, find_library_queue);
	if (library_queue == NULL)
		return MHD_NO;
	if (status_code == MHD_HTTP_BAD_REQUEST && bad_length(connection))
		return answer_400(connection);
	http_secure_response(response);
	return library_queue(connection, status_code, response);
}
