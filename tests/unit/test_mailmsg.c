/*
 * test_mailmsg.c — unit tests of src/domain/mailmsg.c: the bodies made from
 * a text, quoted-printable, RFC 2047 headers, the whole message (headers,
 * MIME parts, CRLF, line lengths, no header injection), the sender parser,
 * and the retry schedule.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/limits.h"
#include "domain/mailmsg.h"

/* out as a string (the buf freed by the caller). */
static const char *s_of(struct buf *b)
{
	cr_assert_eq(b->err, 0);
	return b->data ? b->data : "";
}

static char *qp(const char *in)
{
	struct buf b;

	buf_init(&b, 1 << 20);
	mailmsg_qp(&b, in, strlen(in));
	cr_assert_eq(b.err, 0);
	return b.data ? b.data : strdup("");
}

/* Decodes quoted-printable (for round trips). */
static char *unqp(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	for (const char *p = s; *p;) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 3;
		} else if (p[0] == '=') {
			unsigned v;
			sscanf(p + 1, "%2X", &v);
			*o++ = (char)v;
			p += 3;
		} else if (p[0] == '\r' && p[1] == '\n') {
			*o++ = '\n';
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static void lines_at_most(const char *s, size_t max)
{
	size_t col = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			cr_assert_eq(p[1], '\n', "a CR without LF");
			continue;
		}
		if (*p == '\n') {
			cr_assert(p > s && p[-1] == '\r', "a LF without CR");
			col = 0;
			continue;
		}
		cr_assert(++col <= max, "a line past %zu bytes", max);
	}
}

Test(mailmsg, qp_plain_equals_and_non_ascii)
{
	char *e = qp("Hola = mundo");
	cr_assert_str_eq(e, "Hola =3D mundo");
	free(e);
	e = qp("Señoría");
	cr_assert_str_eq(e, "Se=C3=B1or=C3=ADa");
	free(e);
	e = qp("línea uno\nlínea dos\r\ntres");
	cr_assert_str_eq(e, "l=C3=ADnea uno\r\nl=C3=ADnea dos\r\ntres");
	free(e);
	e = qp("espacio al final \nfin\t");
	cr_assert_str_eq(e, "espacio al final=20\r\nfin=09", "a space or tab before a line end is encoded");
	free(e);
	e = qp("ctl\x01\x7f");
	cr_assert_str_eq(e, "ctl=01=7F");
	free(e);
}

Test(mailmsg, qp_long_lines_soft_break_and_round_trip)
{
	char in[1000], *e, *d;

	for (size_t i = 0; i < sizeof(in) - 1; i++)
		in[i] = "abcdefghij=ñ"[i % 12];
	in[sizeof(in) - 1] = '\0';
	/* "ñ" is two bytes: the text stays valid UTF-8 only by chance; bytes are bytes here. */
	e = qp(in);
	lines_at_most(e, 76);
	cr_assert_not_null(strstr(e, "=\r\n"), "soft breaks");
	d = unqp(e);
	cr_assert_str_eq(d, in, "round trip");
	free(d);
	free(e);
	/* An =XX triple is never split by a soft break. */
	memset(in, '=', 300);
	in[300] = '\0';
	e = qp(in);
	lines_at_most(e, 76);
	d = unqp(e);
	cr_assert_str_eq(d, in);
	free(d);
	free(e);
	/* Exactly 76 plain bytes fit on one line; 77 do not. */
	memset(in, 'x', 76);
	in[76] = '\0';
	e = qp(in);
	cr_assert_str_eq(e, in);
	free(e);
	in[76] = 'x';
	in[77] = '\0';
	e = qp(in);
	cr_assert_not_null(strstr(e, "=\r\n"));
	lines_at_most(e, 76);
	free(e);
}

Test(mailmsg, header_value_ascii_kept_else_rfc2047)
{
	struct buf b;

	buf_init(&b, 4096);
	mailmsg_header_value(&b, "Prueba de correo", 9);
	cr_assert_str_eq(s_of(&b), "Prueba de correo");
	buf_reset(&b);
	/* "Contraseña" → UTF-8 base64. */
	mailmsg_header_value(&b, "Contraseña", 9);
	cr_assert_str_eq(s_of(&b), "=?UTF-8?B?Q29udHJhc2XDsWE=?=");
	buf_reset(&b);
	/* "=?" in a plain subject would be read as an encoded word: encoded. */
	mailmsg_header_value(&b, "a =?x?= b", 9);
	cr_assert(strncmp(s_of(&b), "=?UTF-8?B?", 10) == 0);
	buf_reset(&b);
	/* Long: several words of at most 45 bytes, folded, never splitting a character. */
	mailmsg_header_value(&b, "Notificación de código de verificación para su cuenta de ADUANA — ñandú áéíóú", 9);
	{
		const char *s = s_of(&b);
		char *copy = strdup(s), *save = NULL, *w;
		size_t words = 0;

		lines_at_most(s, 76);
		for (w = strtok_r(copy, "\r\n ", &save); w; w = strtok_r(NULL, "\r\n ", &save)) {
			size_t n = strlen(w);
			cr_assert(n <= 75, "an encoded word past 75 bytes");
			cr_assert(strncmp(w, "=?UTF-8?B?", 10) == 0 && strcmp(w + n - 2, "?=") == 0, "%s", w);
			words++;
		}
		cr_assert_gt(words, 1);
		free(copy);
	}
	buf_free(&b);
}

Test(mailmsg, date_rfc5322)
{
	char d[MAILMSG_DATE_LEN];

	mailmsg_date(0, d);
	cr_assert_str_eq(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mailmsg_date(1796157159, d);
	cr_assert_str_eq(d, "Tue, 01 Dec 2026 20:32:39 +0000");
}

Test(mailmsg, parse_mailbox)
{
	char name[64], addr[64];

	cr_assert_eq(mailmsg_parse_mailbox("no-responder@aduana.example", name, sizeof(name), addr, sizeof(addr)), 0);
	cr_assert_str_eq(name, "");
	cr_assert_str_eq(addr, "no-responder@aduana.example");
	cr_assert_eq(mailmsg_parse_mailbox("\"ADUANA\" <no-responder@localhost>", name, sizeof(name), addr, sizeof(addr)), 0);
	cr_assert_str_eq(name, "ADUANA");
	cr_assert_str_eq(addr, "no-responder@localhost");
	cr_assert_eq(mailmsg_parse_mailbox("Aduana Señoría <a@b.ec>", name, sizeof(name), addr, sizeof(addr)), 0);
	cr_assert_str_eq(name, "Aduana Señoría");
	cr_assert_eq(mailmsg_parse_mailbox("x <a@b.ec> y", name, sizeof(name), addr, sizeof(addr)), -1);
	cr_assert_eq(mailmsg_parse_mailbox("x <a@b.ec", name, sizeof(name), addr, sizeof(addr)), -1);
	cr_assert_eq(mailmsg_parse_mailbox("x <>", name, sizeof(name), addr, sizeof(addr)), -1);
	cr_assert_eq(mailmsg_parse_mailbox("a@b.ec\r\nBcc: c@d.ec", name, sizeof(name), addr, sizeof(addr)), -1);
	cr_assert_eq(mailmsg_parse_mailbox("\"a\"b\" <a@b.ec>", name, sizeof(name), addr, sizeof(addr)), -1);
}

Test(mailmsg, backoff_schedule)
{
	cr_assert_eq(mailmsg_backoff(1, 30), 30);
	cr_assert_eq(mailmsg_backoff(2, 30), 60);
	cr_assert_eq(mailmsg_backoff(3, 30), 120);
	cr_assert_eq(mailmsg_backoff(4, 30), 240);
	cr_assert_eq(mailmsg_backoff(7, 30), 1920);
	cr_assert_eq(mailmsg_backoff(8, 30), LIMIT_MAIL_BACKOFF_MAX_S, "capped at an hour");
	cr_assert_eq(mailmsg_backoff(100000, 30), LIMIT_MAIL_BACKOFF_MAX_S);
	cr_assert_eq(mailmsg_backoff(1, 1), 1);
	cr_assert_eq(mailmsg_backoff(2, 1), 2);
	cr_assert_eq(mailmsg_backoff(0, 0), 1);
}

Test(mailmsg, text_and_html_bodies)
{
	struct buf t, h;
	const char *s;

	buf_init(&t, 1 << 16);
	buf_init(&h, 1 << 16);
	mailmsg_text(&t, "ADUANA", "Hola <Ana> & co.\n\nSu código: 123456");
	cr_assert_str_eq(s_of(&t), "Hola <Ana> & co.\n\nSu código: 123456\n\n-- \nADUANA\n"
				   "Mensaje automático; por favor no responda a este correo.\n");
	mailmsg_html(&h, "ADUANA <b>", "Asunto \"x\"",
		     "Hola <Ana> & co.\nsegunda línea\n\n  https://aduana.example/activar?t=a&b=\"c\"  \n\n"
		     "no es enlace https://x.example\n\njavascript:alert(1)\n\n\n");
	s = s_of(&h);
	cr_assert_not_null(strstr(s, "<html lang=\"es\">"));
	cr_assert_not_null(strstr(s, "<title>Asunto &quot;x&quot;</title>"));
	cr_assert_not_null(strstr(s, ">ADUANA &lt;b&gt;</div>"), "the brand, escaped, in the header");
	cr_assert_not_null(strstr(s, ">Hola &lt;Ana&gt; &amp; co.<br>\nsegunda línea</p>"));
	cr_assert_not_null(strstr(s, "<a href=\"https://aduana.example/activar?t=a&amp;b=&quot;c&quot;\""),
			   "a URL paragraph is a link, escaped");
	cr_assert_not_null(strstr(s, ">no es enlace https://x.example</p>"), "a URL inside text stays text");
	cr_assert_not_null(strstr(s, ">javascript:alert(1)</p>"), "only http(s) becomes a link");
	cr_assert_null(strstr(s, "<p style=\"margin:0 0 16px 0\"></p>"), "no empty paragraph");
	cr_assert_null(strstr(s, "<Ana>"));
	cr_assert_not_null(strstr(s, "color:#1a1a1a"));
	buf_free(&t);
	buf_free(&h);
}

static struct mailmsg sample(void)
{
	return (struct mailmsg){ "Aduana Señoría", "no-responder@aduana.example", "ana@example.test",
				 "Código de verificación: ñandú", "Línea = uno\n", "<p>Hola</p>\n",
				 "<aduana.1.2@aduana.example>", "=_aduana_1_abc", 1796157159 };
}

Test(mailmsg, build_whole_message)
{
	struct mailmsg m = sample();
	struct buf b;
	const char *s;

	buf_init(&b, 1 << 20);
	cr_assert_eq(mailmsg_build(&b, &m), 0);
	s = s_of(&b);
	lines_at_most(s, 998);
	cr_assert(strncmp(s, "Date: Tue, 01 Dec 2026 20:32:39 +0000\r\n", 39) == 0, "%s", s);
	cr_assert_not_null(strstr(s, "\r\nFrom: =?UTF-8?B?"), "a non-ASCII display name is encoded");
	cr_assert_not_null(strstr(s, "?= <no-responder@aduana.example>\r\n"));
	cr_assert_not_null(strstr(s, "\r\nTo: ana@example.test\r\n"));
	cr_assert_not_null(strstr(s, "\r\nSubject: =?UTF-8?B?"));
	cr_assert_not_null(strstr(s, "\r\nMessage-ID: <aduana.1.2@aduana.example>\r\n"));
	cr_assert_not_null(strstr(s, "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; "
				     "boundary=\"=_aduana_1_abc\"\r\n\r\n--=_aduana_1_abc\r\n"
				     "Content-Type: text/plain; charset=UTF-8\r\n"
				     "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
				     "L=C3=ADnea =3D uno\r\n\r\n--=_aduana_1_abc\r\n"
				     "Content-Type: text/html; charset=UTF-8\r\n"
				     "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
				     "<p>Hola</p>\r\n\r\n--=_aduana_1_abc--\r\n"));
	buf_reset(&b);
	m.from_name = "ADUANA";
	cr_assert_eq(mailmsg_build(&b, &m), 0);
	cr_assert_not_null(strstr(s_of(&b), "\r\nFrom: \"ADUANA\" <no-responder@aduana.example>\r\n"));
	buf_free(&b);
}

Test(mailmsg, no_header_injection)
{
	struct mailmsg m;
	struct buf b;

	buf_init(&b, 1 << 20);
	m = sample();
	m.subject = "Hola\r\nBcc: x@example.test";
	cr_assert_eq(mailmsg_build(&b, &m), -1);
	m = sample();
	m.to = "ana@example.test\nBcc: x@example.test";
	cr_assert_eq(mailmsg_build(&b, &m), -1);
	m = sample();
	m.from_name = "X\rY";
	cr_assert_eq(mailmsg_build(&b, &m), -1);
	m = sample();
	m.message_id = "<a@b>\r\nX: y";
	cr_assert_eq(mailmsg_build(&b, &m), -1);
	m = sample();
	m.boundary = "plain";
	cr_assert_eq(mailmsg_build(&b, &m), -1, "a boundary QP output could contain");
	/* A body line that looks like the boundary cannot end the part: QP
	 * writes its "=" as "=3D". */
	m = sample();
	m.text = "--=_aduana_1_abc--\n";
	buf_reset(&b);
	cr_assert_eq(mailmsg_build(&b, &m), 0);
	cr_assert_not_null(strstr(s_of(&b), "\r\n--=3D_aduana_1_abc--\r\n"));
	buf_free(&b);
}
