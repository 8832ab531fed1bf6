/*
 * mail.c — see mail.h.
 */
#include "service/mail.h"

#include <string.h>

#include "core/buf.h"
#include "core/limits.h"
#include "core/str.h"
#include "domain/email.h"
#include "domain/mailmsg.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/mail.h"

static int queue(struct db_conn *c, const char *brand, const struct mail_out *m, long long now,
		 long long *id)
{
	struct buf text, html;
	size_t ns, nt;
	int rc = DB_ERR;

	if (m == NULL || m->to == NULL || m->subject == NULL || m->text == NULL)
		return STORE_INVALID;
	ns = strlen(m->subject);
	nt = strlen(m->text);
	if (!email_valid(m->to, strlen(m->to)) || ns == 0 || ns > LIMIT_MAIL_SUBJECT_BYTES ||
	    strpbrk(m->subject, "\r\n") != NULL || !utf8_valid(m->subject, ns) ||
	    nt > LIMIT_MAIL_BODY_BYTES || !utf8_valid(m->text, nt))
		return STORE_INVALID;
	/* The HTML is a bounded multiple of the text: at worst a paragraph
	 * markup of 36 bytes per 3 bytes of text ("a\n\n"), an entity of 6 per
	 * byte, a link's URL twice; the buffers grow as needed. */
	buf_init(&text, nt + 1024);
	buf_init(&html, 16 * nt + 4096);
	mailmsg_text(&text, brand, m->text);
	mailmsg_html(&html, brand, m->subject, m->text);
	if (text.err == 0 && html.err == 0)
		rc = store_mail_add(c, m->to, m->subject, text.data, html.data, now, id);
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int mail_queue(struct db_conn *c, const char *brand, const struct mail_out *m, long long now)
{
	return queue(c, brand, m, now, NULL);
}

int mail_queue_test(struct db_conn *c, const char *brand, const char *public_url, const char *to,
		    const char *addr, long long now, long long *id)
{
	struct buf subj, text;
	struct mail_out m;
	int rc = DB_ERR;

	if (!email_valid(to, strlen(to)))
		return STORE_INVALID;
	buf_init(&subj, 512);
	buf_init(&text, 4096);
	buf_printf(&subj, "Prueba de correo de %s", brand);
	buf_printf(&text,
		   "Estimado usuario:\n\n"
		   "Este es un mensaje de prueba enviado por un administrador de %s para comprobar "
		   "que el correo electrónico del portal llega a su destino.\n\n"
		   "Puede ingresar al portal en:\n\n%s\n\n"
		   "Atentamente,\nServicio Nacional de Aduana del Ecuador (SENAE)", brand, public_url);
	if (subj.err || text.err || db_begin(c) != DB_OK)
		goto out;
	m = (struct mail_out){ to, subj.data, text.data };
	rc = queue(c, brand, &m, now, id);
	if (rc == STORE_OK)
		rc = store_audit(c, "mail_test", "", "", 0, NULL, addr, to, now);
	rc = tx_end(c, rc);
out:
	buf_free(&subj);
	buf_free(&text);
	return rc;
}

int mail_requeue(struct db_conn *c, long long id, const char *addr, long long now)
{
	char detail[32];
	struct buf d;
	int rc;

	buf_init(&d, sizeof(detail) - 1);
	buf_printf(&d, "mensaje %lld", id);
	str_lcpy(detail, d.err == 0 && d.data ? d.data : "", sizeof(detail));
	buf_free(&d);
	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_mail_requeue(c, id, now);
	if (rc == STORE_OK)
		rc = store_audit(c, "mail_retry", "", "", 0, NULL, addr, detail, now);
	return tx_end(c, rc);
}
