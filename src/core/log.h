/*
 * log.h — one-line logs to standard error: time, level, message.
 * Thread-safe (a single write(2) per line).  Never log passwords or tokens.
 */
#ifndef ADUANA_LOG_H
#define ADUANA_LOG_H

#include <stddef.h>

/* LOG_ACCESS: the HTTP server's one line per request (http/server.h). */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_ACCESS, LOG_WARN, LOG_ERR };

/* Set once at start-up; messages below it are dropped. */
void log_set_level(enum log_level lvl);
void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One access line: "TIME access METHOD PATH STATUS BYTES MICROSECONDSus".
 * method and path must be printable (the caller escapes them); they are cut
 * at 16 and 300 bytes. */
void log_access(const char *method, const char *path, int status, size_t bytes,
		unsigned long long us);

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_err(...)  log_msg(LOG_ERR, __VA_ARGS__)

#endif
