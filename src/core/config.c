/*
 * config.c — see config.h.
 */
#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/str.h"

int config_set_listen(struct config *c, const char *v)
{
	const char *colon = strrchr(v, ':');
	long long port;

	if (colon == NULL || colon == v || (size_t)(colon - v) >= sizeof(c->host))
		return -1;
	if (str_to_ll(str_from(colon + 1), 0, 65535, &port) != 0)
		return -1;
	memcpy(c->host, v, (size_t)(colon - v));
	c->host[colon - v] = '\0';
	c->port = (unsigned)port;
	return 0;
}

void config_public_url(struct config *c, unsigned port)
{
	if (c->public_url[0] == '\0')
		snprintf(c->public_url, sizeof(c->public_url), "http://%s:%u", c->host, port);
}

/* No control bytes (CR, LF...) and no spaces: a value that goes into a URL or a header. */
static int no_controls(const char *name, const char *v, char *err, unsigned errsz)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(err, errsz, "%s must not hold control characters", name);
			return -1;
		}
	}
	return 0;
}

/* The mail settings: each one's form, with a message naming the variable. */
static int check_mail(struct config *c, char *err, unsigned errsz)
{
	size_t n;

	if (no_controls("ADUANA_SMTP_URL", c->smtp_url, err, errsz) ||
	    no_controls("ADUANA_SMTP_USER", c->smtp_user, err, errsz) ||
	    no_controls("ADUANA_SMTP_PASSWORD", c->smtp_password, err, errsz) ||
	    no_controls("ADUANA_MAIL_FROM", c->mail_from, err, errsz) ||
	    no_controls("ADUANA_PUBLIC_URL", c->public_url, err, errsz) ||
	    no_controls("ADUANA_DATA_DIR", c->data_dir, err, errsz) ||
	    no_controls("ADUANA_SMTP_CA", c->smtp_ca, err, errsz))
		return -1;
	if (c->smtp_url[0] && ((strncmp(c->smtp_url, "smtp://", 7) != 0 && strncmp(c->smtp_url, "smtps://", 8) != 0) ||
			       strchr(c->smtp_url, ' ') || strlen(strstr(c->smtp_url, "://") + 3) == 0)) {
		snprintf(err, errsz, "ADUANA_SMTP_URL must look like smtp://relay.example:587 or smtps://relay.example:465");
		return -1;
	}
	if (c->smtp_password[0] && !c->smtp_user[0]) {
		snprintf(err, errsz, "ADUANA_SMTP_PASSWORD needs ADUANA_SMTP_USER");
		return -1;
	}
	if (c->mail_from[0] && (strchr(c->mail_from, '@') == NULL || strlen(c->mail_from) > 300)) {
		snprintf(err, errsz, "ADUANA_MAIL_FROM must be an address, e.g. no-responder@aduana.example "
			 "or \"ADUANA\" <no-responder@aduana.example>");
		return -1;
	}
	n = strlen(c->public_url);
	if (n && ((strncmp(c->public_url, "http://", 7) != 0 && strncmp(c->public_url, "https://", 8) != 0) ||
		  strchr(c->public_url, ' ') || strchr(c->public_url, '"') || strchr(c->public_url, '<'))) {
		snprintf(err, errsz, "ADUANA_PUBLIC_URL must look like https://aduana.example (the portal's "
			 "address as its users reach it)");
		return -1;
	}
	while (n > 0 && c->public_url[n - 1] == '/')
		c->public_url[--n] = '\0';
	if (c->data_dir[0] == '\0') {
		snprintf(err, errsz, "ADUANA_DATA_DIR must not be empty");
		return -1;
	}
	return 0;
}

static int text(const char *name, char *dst, size_t n, char *err, unsigned errsz)
{
	const char *v = getenv(name);
	if (v == NULL)
		return 0;
	if (str_lcpy(dst, v, n) >= n) {
		snprintf(err, errsz, "%s is too long (at most %zu bytes)", name, n - 1);
		return -1;
	}
	return 0;
}

static int number(const char *name, long long min, long long max, long long *out,
		  char *err, unsigned errsz)
{
	const char *v = getenv(name);
	if (v == NULL)
		return 0;
	if (str_to_ll(str_from(v), min, max, out) != 0) {
		snprintf(err, errsz, "%s must be a whole number from %lld to %lld", name, min, max);
		return -1;
	}
	return 0;
}

/* The account lifecycle (issue 9): codes sent by e-mail, the yearly update. */
static int config_load_accounts(struct config *c, char *err, unsigned errsz)
{
	long long code_min = 15, code_s = -1, review = 0;

	if (number("ADUANA_CODE_MINUTES", 1, 1440, &code_min, err, errsz) ||
	    number("ADUANA_CODE_SECONDS", 1, 86400, &code_s, err, errsz) ||
	    number("ADUANA_REVIEW_DAYS", -1, 3660, &review, err, errsz))
		return -1;
	c->code_seconds = (long)(code_s >= 0 ? code_s : code_min * 60);
	c->review_days = (long)review;
	return 0;
}

int config_load(struct config *c, char *err, unsigned errsz)
{
	long long maxf = 5, lock = 30, idle = 30, lock_s = -1, idle_s = -1, secure = 0, alog = 1;
	long long life_h = 12, life_s = -1;
	long long threads, workers = 2, slow = LIMIT_SLOW_PER_CLIENT;
	long long per_addr = LIMIT_CONN_PER_ADDR, head_s = LIMIT_HEADER_SECONDS, body_s = LIMIT_BODY_SECONDS;
	long long addr_fail = LIMIT_SIGNIN_ADDR_FAILURES, lease = LIMIT_SIGNIN_LEASE_SECONDS;
	long long starttls = 0, poll_ms = 500, retry_s = 30;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	const char *listen = getenv("ADUANA_LISTEN");

	/* I/O threads also run the (short) store queries, so a few more threads
	 * than cores keep the cores busy while one waits on SQLite's locks:
	 * bench/page.sh measured 0.31 / 0.44 / 0.52 / 0.54 of nginx's rate with
	 * 1 / 2 / 3 / 4 threads on 2 cores. */
	threads = ncpu > 0 ? 2 * ncpu : 2;
	if (threads > 64)
		threads = 64;
	memset(c, 0, sizeof(*c));
	str_lcpy(c->host, "127.0.0.1", sizeof(c->host));
	c->port = 8080;
	str_lcpy(c->db_path, "aduana.db", sizeof(c->db_path));
	str_lcpy(c->brand, "ADUANA", sizeof(c->brand));
	str_lcpy(c->tagline, "A un clic de la Aduana", sizeof(c->tagline));
	str_lcpy(c->org, "ADUANA DEL ECUADOR SENAE", sizeof(c->org));
	str_lcpy(c->data_dir, "var", sizeof(c->data_dir));
	if (listen && config_set_listen(c, listen) != 0) {
		snprintf(err, errsz, "ADUANA_LISTEN must look like 127.0.0.1:8080");
		return -1;
	}
	if (text("ADUANA_DB", c->db_path, sizeof(c->db_path), err, errsz) ||
	    text("ADUANA_BRAND", c->brand, sizeof(c->brand), err, errsz) ||
	    text("ADUANA_TAGLINE", c->tagline, sizeof(c->tagline), err, errsz) ||
	    text("ADUANA_ORG", c->org, sizeof(c->org), err, errsz) ||
	    number("ADUANA_MAX_FAILURES", 1, 100, &maxf, err, errsz) ||
	    number("ADUANA_LOCK_MINUTES", 0, 100000, &lock, err, errsz) ||
	    number("ADUANA_IDLE_MINUTES", 1, 1440, &idle, err, errsz) ||
	    number("ADUANA_LOCK_SECONDS", 0, 6000000, &lock_s, err, errsz) ||
	    number("ADUANA_IDLE_SECONDS", 1, 86400, &idle_s, err, errsz) ||
	    number("ADUANA_SESSION_HOURS", 1, 168, &life_h, err, errsz) ||
	    number("ADUANA_SESSION_SECONDS", 1, 604800, &life_s, err, errsz) ||
	    number("ADUANA_SECURE_COOKIES", 0, 1, &secure, err, errsz) ||
	    number("ADUANA_THREADS", 1, 64, &threads, err, errsz) ||
	    number("ADUANA_WORKERS", 1, 64, &workers, err, errsz) ||
	    number("ADUANA_SLOW_PER_CLIENT", 0, LIMIT_JOB_QUEUE, &slow, err, errsz) ||
	    number("ADUANA_ACCESS_LOG", 0, 1, &alog, err, errsz) ||
	    number("ADUANA_CONN_PER_ADDR", 0, LIMIT_CONNECTIONS, &per_addr, err, errsz) ||
	    number("ADUANA_HEADER_SECONDS", 1, 600, &head_s, err, errsz) ||
	    number("ADUANA_BODY_SECONDS", 1, 3600, &body_s, err, errsz) ||
	    text("ADUANA_TRUSTED_PROXIES", c->trusted_proxies, sizeof(c->trusted_proxies), err, errsz) ||
	    number("ADUANA_SIGNIN_ADDR_FAILURES", 0, 100000, &addr_fail, err, errsz) ||
	    number("ADUANA_SIGNIN_LEASE_SECONDS", 1, 3600, &lease, err, errsz) ||
	    text("ADUANA_PUBLIC_URL", c->public_url, sizeof(c->public_url), err, errsz) ||
	    text("ADUANA_SMTP_URL", c->smtp_url, sizeof(c->smtp_url), err, errsz) ||
	    text("ADUANA_SMTP_USER", c->smtp_user, sizeof(c->smtp_user), err, errsz) ||
	    text("ADUANA_SMTP_PASSWORD", c->smtp_password, sizeof(c->smtp_password), err, errsz) ||
	    text("ADUANA_SMTP_CA", c->smtp_ca, sizeof(c->smtp_ca), err, errsz) ||
	    number("ADUANA_SMTP_STARTTLS", 0, 1, &starttls, err, errsz) ||
	    text("ADUANA_MAIL_FROM", c->mail_from, sizeof(c->mail_from), err, errsz) ||
	    text("ADUANA_DATA_DIR", c->data_dir, sizeof(c->data_dir), err, errsz) ||
	    number("ADUANA_MAIL_POLL_MS", 10, 60000, &poll_ms, err, errsz) ||
	    number("ADUANA_MAIL_RETRY_SECONDS", 1, 3600, &retry_s, err, errsz) ||
	    check_mail(c, err, errsz))
		return -1;
	c->smtp_starttls = starttls != 0;
	c->mail_poll_ms = (unsigned)poll_ms;
	c->mail_retry_seconds = (unsigned)retry_s;
	c->max_failures = (int)maxf;
	/* The _SECONDS forms exist for tests and win over the _MINUTES ones. */
	c->lock_seconds = (long)(lock_s >= 0 ? lock_s : lock * 60);
	c->idle_seconds = (long)(idle_s >= 0 ? idle_s : idle * 60);
	c->session_seconds = (long)(life_s >= 0 ? life_s : life_h * 3600);
	c->secure_cookies = secure != 0;
	c->threads = (unsigned)threads;
	c->workers = (unsigned)workers;
	c->slow_per_client = (unsigned)slow;
	c->access_log = alog != 0;
	c->conn_per_addr = (unsigned)per_addr;
	c->header_seconds = (unsigned)head_s;
	c->body_seconds = (unsigned)body_s;
	c->signin_addr_failures = (unsigned)addr_fail;
	c->signin_lease_seconds = (long)lease;
	return config_load_accounts(c, err, errsz);
}
