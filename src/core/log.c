/*
 * log.c — see log.h.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level lvl)
{
	min_level = lvl;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "access", "warn", "error" };
	char line[1024];
	struct tm tm;
	time_t now = time(NULL);
	size_t n;
	va_list ap;

	if (lvl < min_level)
		return;
	gmtime_r(&now, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ ", &tm);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "%s ", names[lvl]);
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += (size_t)m;
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	ssize_t w = write(2, line, n);
	(void)w;
}

/* The "2026-12-01T10:59:30Z " prefix, formatted once a second per thread:
 * gmtime and strftime take glibc's time-zone lock, and an access line is
 * written for every request. */
static size_t stamp(char *out)
{
	static _Thread_local time_t last = (time_t)-1;
	static _Thread_local char text[32];
	static _Thread_local size_t len;
	time_t now = time(NULL);

	if (now != last) {
		struct tm tm;
		gmtime_r(&now, &tm);
		len = strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ ", &tm);
		last = now;
	}
	memcpy(out, text, len);
	return len;
}

/* Copies n bytes of a line being built (no NUL: the line is written by
 * length); returns n. */
static size_t put_bytes(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
	return n;
}

static size_t put_u(char *p, unsigned long long v)
{
	char tmp[24];
	size_t i = sizeof(tmp), n;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	n = sizeof(tmp) - i;
	memcpy(p, tmp + i, n);
	return n;
}

void log_access(const char *method, const char *path, int status, size_t bytes,
		unsigned long long us)
{
	char line[512];
	size_t n, m = strlen(method), p = strlen(path);

	if (LOG_ACCESS < min_level)
		return;
	if (m > 16)
		m = 16;
	if (p > 300)
		p = 300;
	n = stamp(line);
	n += put_bytes(line + n, "access ", 7);
	n += put_bytes(line + n, method, m);
	line[n++] = ' ';
	n += put_bytes(line + n, path, p);
	line[n++] = ' ';
	n += put_u(line + n, status > 0 ? (unsigned)status : 0);
	line[n++] = ' ';
	n += put_u(line + n, bytes);
	line[n++] = ' ';
	n += put_u(line + n, us);
	n += put_bytes(line + n, "us\n", 3);
	ssize_t w = write(2, line, n);
	(void)w;
}
