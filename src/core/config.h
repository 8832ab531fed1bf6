/*
 * config.h — run-time configuration, set once at start-up and read-only after.
 *
 * Each setting has a default, an environment variable, and (for some) a
 * command-line flag; the flag wins over the variable.  See README.md.
 */
#ifndef ADUANA_CONFIG_H
#define ADUANA_CONFIG_H

#include <stdbool.h>

struct config {
	char host[64];          /* ADUANA_LISTEN host part (default 127.0.0.1) */
	unsigned port;          /* ADUANA_LISTEN port part (default 8080) */
	char db_path[512];      /* ADUANA_DB: a SQLite file or a postgresql:// URL (default aduana.db) */
	char brand[64];         /* ADUANA_BRAND (default ADUANA) */
	char tagline[128];      /* ADUANA_TAGLINE (default "A un clic de la Aduana") */
	char org[128];          /* ADUANA_ORG footer (default "ADUANA DEL ECUADOR SENAE") */
	int max_failures;       /* ADUANA_MAX_FAILURES (default 5) */
	long lock_seconds;      /* ADUANA_LOCK_MINUTES (or _SECONDS): automatic unblock after it;
	                           0 = only by an administrator (default 30 min) */
	long idle_seconds;      /* ADUANA_IDLE_MINUTES (or _SECONDS): session idle timeout (default 30 min) */
	long session_seconds;   /* ADUANA_SESSION_HOURS (or _SECONDS): a session's absolute lifetime,
	                           however active (default 12 h) */
	bool secure_cookies;    /* ADUANA_SECURE_COOKIES=1 behind TLS */
	unsigned threads;       /* ADUANA_THREADS: I/O threads (default twice the cores) */
	unsigned workers;       /* ADUANA_WORKERS: password-hashing threads (default 2) */
	unsigned slow_per_client; /* ADUANA_SLOW_PER_CLIENT: sign-ins in flight per client
	                           address, 0 = no cap (default LIMIT_SLOW_PER_CLIENT) */
	bool access_log;        /* ADUANA_ACCESS_LOG: one line per request on standard error (default 1) */
	unsigned conn_per_addr; /* ADUANA_CONN_PER_ADDR: connections from one client address,
	                           0 = no cap (default LIMIT_CONN_PER_ADDR) */
	unsigned header_seconds; /* ADUANA_HEADER_SECONDS: for a request's line and headers
	                           (default LIMIT_HEADER_SECONDS) */
	unsigned body_seconds;  /* ADUANA_BODY_SECONDS: for its body (default LIMIT_BODY_SECONDS) */
	char trusted_proxies[512]; /* ADUANA_TRUSTED_PROXIES: comma-separated addresses of the
	                           reverse proxies whose Forwarded / X-Forwarded-For header names
	                           the client (default: none) */
	unsigned signin_addr_failures; /* ADUANA_SIGNIN_ADDR_FAILURES: failed sign-ins from one
	                           address before it is slowed down, 0 = never (default
	                           LIMIT_SIGNIN_ADDR_FAILURES) */
	long signin_lease_seconds; /* ADUANA_SIGNIN_LEASE_SECONDS: a sign-in attempt not finished
	                           within it (the server died) no longer counts (default
	                           LIMIT_SIGNIN_LEASE_SECONDS) */
	long code_seconds;      /* ADUANA_CODE_MINUTES (or _SECONDS): how long a security code or a
	                           Reiniciar clave link sent by e-mail works (default 15 min) */
	long review_days;       /* ADUANA_REVIEW_DAYS: the yearly update — 0 (the default): an
	                           account confirms its data once each calendar year, from
	                           1 January; N > 0: every N days; -1: never asked */
	/* Mail (issue 9). */
	char public_url[256];   /* ADUANA_PUBLIC_URL: the portal's address as users reach it, for
	                           links in e-mail, without a trailing '/' (default
	                           http://HOST:PORT of the listen address: config_public_url) */
	char smtp_url[256];     /* ADUANA_SMTP_URL: smtp://host:port or smtps://host:port;
	                           "" (the default): no relay, mail goes to the maildir */
	char smtp_user[128];    /* ADUANA_SMTP_USER (default: none, no AUTH) */
	char smtp_password[256]; /* ADUANA_SMTP_PASSWORD */
	char smtp_ca[512];      /* ADUANA_SMTP_CA: a CA file for a relay with its own certificate */
	bool smtp_starttls;     /* ADUANA_SMTP_STARTTLS=1: smtp:// must upgrade with STARTTLS
	                           (default 0: used when offered) */
	char mail_from[320];    /* ADUANA_MAIL_FROM: "addr@host" or "Name <addr@host>" (default
	                           "BRAND" <no-responder@localhost>) */
	char data_dir[512];     /* ADUANA_DATA_DIR (default var): the maildir is DATA_DIR/mail */
	unsigned mail_poll_ms;  /* ADUANA_MAIL_POLL_MS: how often the sender looks (default 500) */
	unsigned mail_retry_seconds; /* ADUANA_MAIL_RETRY_SECONDS: the first retry's wait, doubled
	                           each time up to an hour (default 30) */
};

/* Fills c with defaults, then the environment.  Returns 0, or -1 and a message
 * in err (what is wrong and how to fix it) for a malformed variable. */
int config_load(struct config *c, char *err, unsigned errsz);
/* Parses "HOST:PORT" into c; -1 when malformed. */
int config_set_listen(struct config *c, const char *v);
/* Sets public_url to http://HOST:PORT (port: the one actually listened on)
 * unless ADUANA_PUBLIC_URL gave it. */
void config_public_url(struct config *c, unsigned port);

#endif
