-- 018: the mail outbox (issue 9).  A service writes a message here in the
-- same transaction as the event that causes it; the sender of each node
-- (service/mailer.c) delivers what is due.  A row is pending while sent_at
-- and failed_at are both NULL; next_at is when to try again (backoff);
-- claimed_until is the lease of the sender working on it (0: nobody), so
-- that with several nodes a message is taken by one sender only; attempts
-- counts the deliveries tried; last_error is the latest failure, shown to
-- administrators (aduana mail list, /correo).
CREATE TABLE mail_outbox (
    id            INTEGER PRIMARY KEY,
    to_addr       TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body_text     TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    sent_at       BIGINT,
    failed_at     BIGINT,
    last_error    TEXT NOT NULL DEFAULT ''
);
-- The sender's question: what is pending and due, soonest first.
CREATE INDEX mail_outbox_due ON mail_outbox (next_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
