/*
 * mailer.c — see mailer.h.
 *
 * The thread never holds a store connection while it talks to a relay: it
 * claims a batch (one connection, a few statements), gives the connection
 * back, delivers, and takes one again to record each outcome.  Claims are
 * single conditional UPDATEs outside any transaction (store_mail_claim), so
 * nothing is held open across the network either.
 */
#include "service/mailer.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/str.h"
#include "domain/mailmsg.h"
#include "store/mail.h"

struct mailer {
	struct db *db;
	const struct config *cfg;
	char from_name[128];
	char from_addr[LIMIT_EMAIL_BYTES + 1];
	char maildir[600];            /* DATA_DIR/mail, when there is no relay */
	char host[64];                /* for maildir file names */
	unsigned long long seq;       /* files and Message-IDs made by this process */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_bool stopping;
	bool started;
};

enum outcome { SENT, RETRY, FAILED, STOPPED };

/* ---- maildir -------------------------------------------------------------- */

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	log_err("mail: cannot create the folder %s: %s", path, strerror(errno));
	return -1;
}

static int maildir_init(struct mailer *m)
{
	static const char *const subs[] = { "tmp", "new", "cur" };
	char p[700];

	if (make_dir(m->cfg->data_dir) != 0 || make_dir(m->maildir) != 0)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", m->maildir, subs[i]);
		if (make_dir(p) != 0)
			return -1;
	}
	return 0;
}

/* Writes msg into tmp/ under a unique name, then renames it into new/
 * (the maildir protocol: a reader never sees half a message). */
static enum outcome maildir_deliver(struct mailer *m, const char *msg, size_t n, char *err, size_t errsz)
{
	char name[200], tmp[900], dst[900];
	struct timeval tv;
	size_t off = 0, k = 0;
	char *lf = NULL;
	int fd;

	gettimeofday(&tv, NULL);
	snprintf(name, sizeof(name), "%lld.M%ldP%ldQ%llu.%s", (long long)tv.tv_sec, (long)tv.tv_usec,
		 (long)getpid(), ++m->seq, m->host);
	snprintf(tmp, sizeof(tmp), "%s/tmp/%s", m->maildir, name);
	snprintf(dst, sizeof(dst), "%s/new/%s", m->maildir, name);
	/* Maildir files have LF line ends: the CR of each CRLF is dropped. */
	lf = malloc(n + 1);
	if (lf == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (!(msg[i] == '\r' && i + 1 < n && msg[i + 1] == '\n'))
			lf[k++] = msg[i];
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	while (off < k) {
		ssize_t w = write(fd, lf + off, k - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(tmp);
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, dst) != 0) {
		unlink(tmp);
		goto fail;
	}
	free(lf);
	return SENT;
fail:
	snprintf(err, errsz, "maildir %.150s: %.100s", m->maildir, strerror(errno));
	free(lf);
	return RETRY;
}

/* ---- SMTP through libcurl ------------------------------------------------- */

struct upload {
	const char *p;
	size_t n, off;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nmemb, k = u->n - u->off;

	if (k > room)
		k = room;
	memcpy(dst, u->p + u->off, k);
	u->off += k;
	return k;
}

static int progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct mailer *m = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return atomic_load(&m->stopping) ? 1 : 0;
}

static enum outcome smtp_deliver(struct mailer *m, const char *to, const char *msg, size_t n,
				 char *err, size_t errsz)
{
	const struct config *cfg = m->cfg;
	char ebuf[CURL_ERROR_SIZE] = "", from[LIMIT_EMAIL_BYTES + 3], rcpt_s[LIMIT_EMAIL_BYTES + 3];
	struct upload up = { msg, n, 0 };
	struct curl_slist *rcpt = NULL;
	enum outcome out = RETRY;
	long code = 0;
	CURLcode rc;
	CURL *h;

	h = curl_easy_init();
	snprintf(from, sizeof(from), "<%s>", m->from_addr);
	snprintf(rcpt_s, sizeof(rcpt_s), "<%s>", to);
	rcpt = curl_slist_append(NULL, rcpt_s);
	if (h == NULL || rcpt == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)n);
	if (strncmp(cfg->smtp_url, "smtp://", 7) == 0)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)(cfg->smtp_starttls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	if (cfg->smtp_ca[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->smtp_ca);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, m);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		out = SENT;
	} else if (rc == CURLE_ABORTED_BY_CALLBACK && atomic_load(&m->stopping)) {
		out = STOPPED;
		snprintf(err, errsz, "stopped");
	} else {
		/* A 5xx reply is permanent (RFC 5321 §4.2.1); anything else —
		 * 4xx, no connection, a timeout, TLS — may pass later. */
		out = code >= 500 && code < 600 ? FAILED : RETRY;
		snprintf(err, errsz, "%s%s%s (SMTP %ld)", curl_easy_strerror(rc), ebuf[0] ? ": " : "", ebuf, code);
	}
out:
	curl_slist_free_all(rcpt);
	if (h)
		curl_easy_cleanup(h);
	return out;
}

/* ---- the loop --------------------------------------------------------------- */

static enum outcome deliver(struct mailer *m, const struct mail_rec *r, long long now, char *err, size_t errsz)
{
	char msgid[200], boundary[80];
	const char *domain = strchr(m->from_addr, '@');
	struct timespec ts;
	struct mailmsg mm;
	struct buf b;
	enum outcome out;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(msgid, sizeof(msgid), "<aduana.%lld.%lld.%ld.%llu@%s>", r->id, (long long)ts.tv_sec,
		 (long)ts.tv_nsec, ++m->seq, domain ? domain + 1 : "localhost");
	snprintf(boundary, sizeof(boundary), "=_aduana_%lld_%lx_%llu", r->id, (unsigned long)ts.tv_nsec, m->seq);
	mm = (struct mailmsg){ m->from_name, m->from_addr, r->to, r->subject, r->body_text, r->body_html,
			       msgid, boundary, now };
	buf_init(&b, LIMIT_MAIL_MESSAGE_BYTES);
	if (mailmsg_build(&b, &mm) != 0 || b.err) {
		buf_free(&b);
		snprintf(err, errsz, "the message could not be built (a header with a line break, or too long)");
		return FAILED;
	}
	if (m->cfg->smtp_url[0])
		out = smtp_deliver(m, r->to, b.data, b.len, err, errsz);
	else
		out = maildir_deliver(m, b.data, b.len, err, errsz);
	buf_free(&b);
	return out;
}

/* Records one outcome; logs a failure (the address is the user's; no secret). */
static void record(struct mailer *m, const struct mail_rec *r, enum outcome o, const char *err)
{
	struct db_conn *c = db_acquire(m->db);
	long long now = (long long)time(NULL);
	long long attempts = r->attempts + 1;
	int rc = STORE_OK;

	if (o == RETRY && attempts >= LIMIT_MAIL_ATTEMPTS)
		o = FAILED;               /* too many attempts */
	switch (o) {
	case SENT:
		rc = store_mail_sent(c, r->id, now);
		break;
	case STOPPED:
		rc = store_mail_release(c, r->id);
		break;
	case RETRY: {
		long long wait = mailmsg_backoff(attempts, m->cfg->mail_retry_seconds);
		log_warn("mail: message %lld to %s not delivered (attempt %lld, again in %lld s): %s",
			 r->id, r->to, attempts, wait, err);
		rc = store_mail_retry(c, r->id, now + wait, err);
		break;
	}
	case FAILED:
		log_warn("mail: message %lld to %s failed for good (attempt %lld): %s", r->id, r->to, attempts, err);
		rc = store_mail_fail(c, r->id, now, err);
		break;
	}
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		log_err("mail: the outcome of message %lld could not be stored (%d)", r->id, rc);
	db_release(m->db, c);
}

/* One batch: STORE_OK and *n messages handled. */
static int pass(struct mailer *m, size_t *n)
{
	long long now = (long long)time(NULL);
	struct mail_rec *recs = NULL;
	struct db_conn *c;
	struct arena a;
	int rc;

	*n = 0;
	arena_init(&a, (size_t)LIMIT_MAIL_BATCH * (18 * LIMIT_MAIL_BODY_BYTES + (size_t)64 * 1024));
	c = db_acquire(m->db);
	rc = store_mail_claim_due(c, now, now + LIMIT_MAIL_LEASE_S + 40LL * LIMIT_MAIL_BATCH, LIMIT_MAIL_BATCH,
				  &a, &recs, n);
	db_release(m->db, c);
	if (rc != STORE_OK) {
		log_err("mail: the outbox could not be read (%d)", rc);
		*n = 0;
	}
	for (size_t i = 0; i < *n; i++) {
		char err[LIMIT_MAIL_ERROR_BYTES] = "";
		enum outcome o = atomic_load(&m->stopping) ? STOPPED
				 : deliver(m, &recs[i], (long long)time(NULL), err, sizeof(err));
		record(m, &recs[i], o, err);
	}
	arena_free(&a);
	return rc;
}

static void *run(void *arg)
{
	struct mailer *m = arg;

	while (!atomic_load(&m->stopping)) {
		size_t n = 0;
		struct timespec ts;

		pass(m, &n);
		if (n == LIMIT_MAIL_BATCH)
			continue;             /* more may be due at once */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += m->cfg->mail_poll_ms / 1000;
		ts.tv_nsec += (long)(m->cfg->mail_poll_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&m->mu);
		if (!atomic_load(&m->stopping))
			pthread_cond_timedwait(&m->cv, &m->mu, &ts);
		pthread_mutex_unlock(&m->mu);
	}
	return NULL;
}

int mailer_start(struct mailer **out, struct db *db, const struct config *cfg)
{
	struct mailer *m = calloc(1, sizeof(*m));
	char from[400];

	*out = NULL;
	if (m == NULL)
		return -1;
	m->db = db;
	m->cfg = cfg;
	atomic_init(&m->stopping, false);
	if (cfg->mail_from[0])
		str_lcpy(from, cfg->mail_from, sizeof(from));
	else
		snprintf(from, sizeof(from), "\"%s\" <no-responder@localhost>", cfg->brand);
	if (mailmsg_parse_mailbox(from, m->from_name, sizeof(m->from_name), m->from_addr, sizeof(m->from_addr)) != 0 ||
	    strchr(m->from_addr, '@') == NULL || strpbrk(m->from_addr, " <>\"") != NULL) {
		log_err("mail: ADUANA_MAIL_FROM must be an address, or a name and <address>");
		free(m);
		return -1;
	}
	if (gethostname(m->host, sizeof(m->host)) != 0 || m->host[0] == '\0')
		str_lcpy(m->host, "localhost", sizeof(m->host));
	m->host[sizeof(m->host) - 1] = '\0';
	for (char *p = m->host; *p; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
	snprintf(m->maildir, sizeof(m->maildir), "%s/mail", cfg->data_dir);
	if (!cfg->smtp_url[0] && maildir_init(m) != 0) {
		free(m);
		return -1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("mail: libcurl could not start");
		free(m);
		return -1;
	}
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, run, m) != 0) {
		log_err("mail: the sender thread could not start");
		mailer_stop(m);
		return -1;
	}
	m->started = true;
	log_info("mail: %s%s", cfg->smtp_url[0] ? "delivering through the relay " : "no relay set: delivering to the maildir ",
		 cfg->smtp_url[0] ? (strncmp(cfg->smtp_url, "smtps://", 8) == 0 ? "(smtps)" : "(smtp)") : m->maildir);
	*out = m;
	return 0;
}

void mailer_stop(struct mailer *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	atomic_store(&m->stopping, true);
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	if (m->started)
		pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	curl_global_cleanup();
	free(m);
}
