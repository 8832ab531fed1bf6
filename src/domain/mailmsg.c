/*
 * mailmsg.c — see mailmsg.h.
 */
#include "domain/mailmsg.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "core/limits.h"
#include "core/str.h"

long long mailmsg_backoff(long long attempts, long long base)
{
	long long d = base < 1 ? 1 : base;

	for (long long i = 1; i < attempts && d < LIMIT_MAIL_BACKOFF_MAX_S; i++)
		d *= 2;
	return d > LIMIT_MAIL_BACKOFF_MAX_S ? LIMIT_MAIL_BACKOFF_MAX_S : d;
}

/* ---- bodies ------------------------------------------------------------------ */

void mailmsg_text(struct buf *out, const char *brand, const char *text)
{
	size_t n = strlen(text);

	buf_put(out, text, n);
	if (n == 0 || text[n - 1] != '\n')
		buf_put_char(out, '\n');
	buf_put_str(out, "\n-- \n");
	buf_put_str(out, brand);
	buf_put_str(out, "\nMensaje automático; por favor no responda a este correo.\n");
}

static bool blank_line(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

/* A paragraph that is one http(s) URL and nothing else. */
static bool only_url(const char *p, size_t n)
{
	struct str s = str_trim((struct str){ p, n });

	if (!str_starts(s, "http://") && !str_starts(s, "https://"))
		return false;
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] <= ' ' || s.p[i] == 0x7f)
			return false;
	return true;
}

#define P_STYLE "margin:0 0 16px 0"
#define A_STYLE "color:#0b3d6e;text-decoration:underline"

static void paragraph(struct buf *out, const char *p, size_t n)
{
	const char *end = p + n, *line = p;

	/* Drop the paragraph's trailing line breaks. */
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (end == p)
		return;
	if (only_url(p, (size_t)(end - p))) {
		struct str u = str_trim((struct str){ p, (size_t)(end - p) });
		buf_put_str(out, "<p style=\"" P_STYLE "\"><a href=\"");
		buf_put_html_n(out, u.p, u.n);
		buf_put_str(out, "\" style=\"" A_STYLE "\">");
		buf_put_html_n(out, u.p, u.n);
		buf_put_str(out, "</a></p>\n");
		return;
	}
	buf_put_str(out, "<p style=\"" P_STYLE "\">");
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;

		if (le > line && le[-1] == '\r')
			le--;
		if (line != p)
			buf_put_str(out, "<br>\n");
		buf_put_html_n(out, line, (size_t)(le - line));
		line = nl ? nl + 1 : end;
	}
	buf_put_str(out, "</p>\n");
}

void mailmsg_html(struct buf *out, const char *brand, const char *subject, const char *text)
{
	const char *p = text, *end = text + strlen(text), *para = text;

	buf_put_str(out, "<!doctype html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	buf_put_html(out, subject);
	buf_put_str(out, "</title>\n</head>\n"
		    "<body style=\"margin:0;padding:0;background:#f2f4f7;color:#1a1a1a;"
		    "font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5\">\n"
		    "<div role=\"article\" aria-label=\"");
	buf_put_html(out, subject);
	buf_put_str(out, "\" style=\"max-width:600px;margin:0 auto;background:#ffffff\">\n"
		    "<div style=\"background:#0b3d6e;color:#ffffff;padding:16px 24px;font-size:20px;"
		    "font-weight:bold\">");
	buf_put_html(out, brand);
	buf_put_str(out, "</div>\n<div style=\"padding:24px\">\n");
	/* Paragraphs: runs of lines between blank lines. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (blank_line(p, le)) {
			paragraph(out, para, (size_t)(p - para));
			para = nl ? nl + 1 : end;
		}
		p = nl ? nl + 1 : end;
	}
	paragraph(out, para, (size_t)(end - para));
	buf_put_str(out, "</div>\n<div style=\"padding:16px 24px;border-top:1px solid #d0d5dd;"
		    "color:#4a4a4a;font-size:13px\">");
	buf_put_html(out, brand);
	buf_put_str(out, " · Mensaje automático; por favor no responda a este correo.</div>\n"
		    "</div>\n</body>\n</html>\n");
}

/* ---- encodings --------------------------------------------------------------- */

static const char hex[] = "0123456789ABCDEF";

void mailmsg_qp(struct buf *out, const char *s, size_t n)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool eol = i + 1 == n || s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n');
		char enc[3];
		size_t k;

		if (ch == '\n') {
			buf_put_str(out, "\r\n");
			col = 0;
			continue;
		}
		if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if ((ch >= 33 && ch <= 126 && ch != '=') || ((ch == ' ' || ch == '\t') && !eol)) {
			enc[0] = (char)ch;
			k = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[ch >> 4];
			enc[2] = hex[ch & 15];
			k = 3;
		}
		/* A soft break ("=" at the end) keeps every line within 76 bytes;
		 * the last piece of a line may use the 76th byte itself. */
		if (col + k > (eol ? 76u : 75u)) {
			buf_put_str(out, "=\r\n");
			col = 0;
		}
		buf_put(out, enc, k);
		col += k;
	}
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = (char)(i + 1 < n ? b64[(v >> 6) & 63] : '=');
		q[3] = (char)(i + 2 < n ? b64[v & 63] : '=');
		buf_put(out, q, 4);
	}
}

#define WORD_BYTES 45   /* 60 base64 characters: an encoded word of 72 ≤ 75 */

void mailmsg_header_value(struct buf *out, const char *s, size_t name_len)
{
	size_t n = strlen(s), i = 0;
	bool plain = name_len + n <= 78 && strstr(s, "=?") == NULL;

	for (size_t k = 0; k < n && plain; k++)
		if ((unsigned char)s[k] < 0x20 || (unsigned char)s[k] > 0x7e)
			plain = false;
	if (plain) {
		buf_put(out, s, n);
		return;
	}
	while (i < n) {
		size_t take = n - i > WORD_BYTES ? WORD_BYTES : n - i;

		/* Never end a word inside a UTF-8 character. */
		if (i + take < n)
			while (take > 1 && ((unsigned char)s[i + take] & 0xc0) == 0x80)
				take--;
		if (i > 0)
			buf_put_str(out, "\r\n ");
		buf_put_str(out, "=?UTF-8?B?");
		base64(out, (const unsigned char *)s + i, take);
		buf_put_str(out, "?=");
		i += take;
	}
}

void mailmsg_date(long long t, char out[MAILMSG_DATE_LEN])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	struct buf b;

	out[0] = '\0';
	if (gmtime_r(&tt, &tm) == NULL)
		return;
	buf_init(&b, MAILMSG_DATE_LEN - 1);
	buf_printf(&b, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
		   months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (b.err == 0 && b.data)
		str_lcpy(out, b.data, MAILMSG_DATE_LEN);
	buf_free(&b);
}

static bool has_crlf(const char *s)
{
	return s == NULL || strpbrk(s, "\r\n") != NULL;
}

int mailmsg_parse_mailbox(const char *s, char *name, size_t name_sz, char *addr, size_t addr_sz)
{
	const char *lt = strchr(s, '<'), *gt;
	struct str nm;

	if (has_crlf(s))
		return -1;
	if (lt == NULL) {
		struct str a = str_trim(str_from(s));
		if (a.n == 0 || a.n >= addr_sz || name_sz == 0)
			return -1;
		memcpy(addr, a.p, a.n);
		addr[a.n] = '\0';
		name[0] = '\0';
		return 0;
	}
	gt = strchr(lt, '>');
	if (gt == NULL || gt[1] != '\0' || (size_t)(gt - lt - 1) >= addr_sz || gt == lt + 1)
		return -1;
	memcpy(addr, lt + 1, (size_t)(gt - lt - 1));
	addr[gt - lt - 1] = '\0';
	nm = str_trim((struct str){ s, (size_t)(lt - s) });
	if (nm.n >= 2 && nm.p[0] == '"' && nm.p[nm.n - 1] == '"') {
		nm.p++;
		nm.n -= 2;
	}
	if (nm.n >= name_sz || memchr(nm.p, '"', nm.n) || memchr(nm.p, '\\', nm.n))
		return -1;
	memcpy(name, nm.p, nm.n);
	name[nm.n] = '\0';
	return 0;
}

/* The sender: a plain display name quoted, any other one encoded. */
static void put_from(struct buf *out, const char *name, const char *addr)
{
	bool ascii = true;

	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '"' || *p == '\\')
			ascii = false;
	if (name[0] == '\0') {
		buf_put_str(out, addr);
		return;
	}
	if (ascii && strlen(name) < 60) {
		buf_put_char(out, '"');
		buf_put_str(out, name);
		buf_put_char(out, '"');
	} else {
		mailmsg_header_value(out, name, 78);   /* always encoded words */
	}
	buf_put_str(out, " <");
	buf_put_str(out, addr);
	buf_put_char(out, '>');
}

static void part(struct buf *out, const char *boundary, const char *type, const char *body)
{
	buf_put_str(out, "--");
	buf_put_str(out, boundary);
	buf_put_str(out, "\r\nContent-Type: ");
	buf_put_str(out, type);
	buf_put_str(out, "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
	mailmsg_qp(out, body, strlen(body));
	buf_put_str(out, "\r\n");
}

int mailmsg_build(struct buf *out, const struct mailmsg *m)
{
	char date[MAILMSG_DATE_LEN];

	if (has_crlf(m->from_name) || has_crlf(m->from_addr) || has_crlf(m->to) || has_crlf(m->subject) ||
	    has_crlf(m->message_id) || has_crlf(m->boundary) || strstr(m->boundary, "=_") == NULL ||
	    strchr(m->boundary, '"') || strlen(m->boundary) > 70 || m->text == NULL || m->html == NULL)
		return -1;
	mailmsg_date(m->date, date);
	buf_put_str(out, "Date: ");
	buf_put_str(out, date);
	buf_put_str(out, "\r\nFrom: ");
	put_from(out, m->from_name, m->from_addr);
	buf_put_str(out, "\r\nTo: ");
	buf_put_str(out, m->to);
	buf_put_str(out, "\r\nSubject: ");
	mailmsg_header_value(out, m->subject, strlen("Subject: "));
	buf_put_str(out, "\r\nMessage-ID: ");
	buf_put_str(out, m->message_id);
	buf_put_str(out, "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"");
	buf_put_str(out, m->boundary);
	buf_put_str(out, "\"\r\n\r\n");
	part(out, m->boundary, "text/plain", m->text);
	part(out, m->boundary, "text/html", m->html);
	buf_put_str(out, "--");
	buf_put_str(out, m->boundary);
	buf_put_str(out, "--\r\n");
	return 0;
}
