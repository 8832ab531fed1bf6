/*
 * mailer.h — the sender: one thread per `aduana serve` node that delivers
 * the outbox (store/mail.h).
 *
 * Every ADUANA_MAIL_POLL_MS it claims the messages that are due (a lease,
 * so that nodes sharing one PostgreSQL store never deliver a message twice)
 * and delivers each one:
 *
 *   - with ADUANA_SMTP_URL (smtp:// or smtps://) through libcurl to that
 *     relay: STARTTLS when offered (required with ADUANA_SMTP_STARTTLS=1),
 *     AUTH with ADUANA_SMTP_USER / ADUANA_SMTP_PASSWORD, ADUANA_SMTP_CA for a
 *     relay with its own CA, 10 s to connect and 30 s in all.  A 5xx answer
 *     fails the message for good; a 4xx or a connection failure retries it
 *     after mailmsg_backoff(attempts, ADUANA_MAIL_RETRY_SECONDS), and after
 *     LIMIT_MAIL_ATTEMPTS it fails.  One log line per failure, without
 *     secrets;
 *   - with no relay, as a file into the maildir DATA_DIR/mail (written in
 *     tmp/, renamed into new/; directories made 0700).
 *
 * mailer_stop ends the thread: a delivery in flight is aborted and its
 * claim given back (the next node or start takes the message again).
 */
#ifndef ADUANA_SERVICE_MAILER_H
#define ADUANA_SERVICE_MAILER_H

#include "core/config.h"
#include "db/db.h"

struct mailer;

/* Starts the sender over db (it takes one connection of the pool while it
 * works) with cfg, which must outlive it.  0, or -1 (logged: the maildir
 * cannot be made, the sender address is malformed, the thread cannot start). */
int mailer_start(struct mailer **out, struct db *db, const struct config *cfg);
/* Stops the thread, waits for it and frees m.  NULL is accepted. */
void mailer_stop(struct mailer *m);

#endif
