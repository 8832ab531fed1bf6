/*
 * mail.h — queueing e-mail: the outbox row lands in the caller's
 * transaction, with the event that caused it, or not at all.  The sender
 * (service/mailer.h) delivers it later, on whichever node takes it.
 *
 * Typical use, inside a service's transaction:
 *
 *   struct mail_out m = { u->email, "Código de verificación", text };
 *   rc = store_…(c, …);
 *   if (rc == STORE_OK)
 *           rc = mail_queue(c, cfg->brand, &m, now);
 *   return tx_end(c, rc);
 */
#ifndef ADUANA_SERVICE_MAIL_H
#define ADUANA_SERVICE_MAIL_H

#include "db/db.h"
#include "store/store.h"

struct mail_out {
	const char *to;       /* one address (email_valid) */
	const char *subject;  /* Spanish, UTF-8, one line */
	const char *text;     /* plain-text body: paragraphs separated by a blank line;
	                         a paragraph that is only an http(s):// URL becomes a link in the HTML part */
};

/* Queues m in the caller's transaction (the outbox row lands, or not, with
 * the event that caused it).  brand: the product's name (cfg->brand), shown
 * in the message's header and footer.  Returns 0 or DB_ERR / STORE_… (a
 * malformed address or subject with CR/LF is refused, not queued:
 * STORE_INVALID; so is text that is not UTF-8 or longer than
 * LIMIT_MAIL_BODY_BYTES). */
int mail_queue(struct db_conn *c, const char *brand, const struct mail_out *m, long long now);

/* `aduana mail test`: queues a test message to `to` (with a link to
 * public_url) and its "mail_test" audit row, in one transaction.  *id gets
 * the message's id.  STORE_INVALID for a malformed address. */
int mail_queue_test(struct db_conn *c, const char *brand, const char *public_url, const char *to,
		    const char *addr, long long now, long long *id);

/* `aduana mail retry`: a failed message back in the queue, due now, with
 * its "mail_retry" audit row.  STORE_NOT_FOUND unless it had failed. */
int mail_requeue(struct db_conn *c, long long id, const char *addr, long long now);

#endif
