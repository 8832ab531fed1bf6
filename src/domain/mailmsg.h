/*
 * mailmsg.h — the e-mail messages the portal sends, built as bytes: the
 * plain-text and HTML bodies made from one text, and the whole RFC 5322
 * message (headers, MIME multipart/alternative, RFC 2047 subject,
 * quoted-printable parts, CRLF line ends, no line past 76 bytes in the
 * bodies nor past 998 anywhere), and the retry schedule.
 *
 * Pure: no I/O, no clock, no randomness (the caller passes the date, the
 * Message-ID and the MIME boundary), so every byte is testable.  Output goes
 * to a struct buf (sticky error: check out->err once).
 */
#ifndef ADUANA_MAILMSG_H
#define ADUANA_MAILMSG_H

#include <stddef.h>

#include "core/buf.h"

/* Seconds to wait after the attempts-th failed delivery (1 for the first):
 * base, 2·base, 4·base … capped at LIMIT_MAIL_BACKOFF_MAX_S.  base ≥ 1. */
long long mailmsg_backoff(long long attempts, long long base);

/* The plain-text body: text, then the signature with the brand. */
void mailmsg_text(struct buf *out, const char *brand, const char *text);
/* The HTML body: a simple branded page (inline styles, contrast ≥ 4.5:1)
 * with text's paragraphs (separated by a blank line; single line breaks
 * kept as <br>), every byte HTML-escaped; a paragraph that is only an
 * http:// or https:// URL becomes a link.  subject is the page's title. */
void mailmsg_html(struct buf *out, const char *brand, const char *subject, const char *text);

/* s[0..n) as quoted-printable (RFC 2045 §6.7): '\n' (or "\r\n") becomes a
 * hard CRLF line break, lines are soft-broken at 76 bytes, '=', control
 * bytes, bytes ≥ 0x80 and a space or tab before a line end are encoded. */
void mailmsg_qp(struct buf *out, const char *s, size_t n);
/* A header's value: as is when it is printable ASCII that fits, else as
 * RFC 2047 encoded words ("=?UTF-8?B?…?="), at most 45 bytes of s each,
 * never splitting a UTF-8 character, folded with CRLF SP.  name_len is the
 * length of "Name: " before it on the first line. */
void mailmsg_header_value(struct buf *out, const char *s, size_t name_len);
/* t (Unix seconds) as an RFC 5322 date in UTC: "Tue, 01 Dec 2026 20:29:29 +0000". */
#define MAILMSG_DATE_LEN 40
void mailmsg_date(long long t, char out[MAILMSG_DATE_LEN]);

/* Splits a sender as configured, "addr@host" or "Name <addr@host>", into
 * its display name ("" when none, quotes removed) and address.  0, or -1
 * when malformed or a part does not fit. */
int mailmsg_parse_mailbox(const char *s, char *name, size_t name_sz, char *addr, size_t addr_sz);

struct mailmsg {
	const char *from_name;   /* display name, UTF-8; "" for none */
	const char *from_addr;   /* the sender's address */
	const char *to;          /* one address */
	const char *subject;     /* UTF-8, one line */
	const char *text;        /* the text/plain part, UTF-8 ('\n' line ends) */
	const char *html;        /* the text/html part, UTF-8 */
	const char *message_id;  /* "<…@…>" */
	const char *boundary;    /* the MIME boundary: must hold "=_", which
	                            quoted-printable output never does */
	long long date;          /* Unix seconds */
};

/* The whole message (RFC 5322 + MIME), CRLF line ends.  0, or -1 when a
 * header field holds CR or LF (header injection) or the boundary lacks "=_"
 * (nothing useful is in out then). */
int mailmsg_build(struct buf *out, const struct mailmsg *m);

#endif
