/*
 * test_notice.c — unit tests of src/domain/notice.c, the texts of the notices
 * the portal sends itself.
 *
 * The unblock notice is what a user finds in the mailbox after an unblock:
 * its subject is fixed ("COMUNICADO DE <BRAND> - ALERTA DE DESBLOQUEO"), and
 * its body names the person, the user, the RUC, the date, and who unblocked
 * (an administrator or the lock timer).  Both go through the bounded buffer.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "core/buf.h"
#include "domain/notice.h"

static char *body(const char *brand, const char *nombre, const char *usuario, const char *ruc,
		  const char *date, int by_admin, struct buf *b)
{
	buf_init(b, 1 << 16);
	notice_unblock_body(b, brand, nombre, usuario, ruc, date, by_admin);
	cr_assert_eq(b->err, BUF_OK);
	cr_assert_not_null(b->data);
	return b->data;
}

Test(notice, subject)
{
	struct buf b;

	buf_init(&b, 1024);
	notice_unblock_subject(&b, "ADUANA");
	cr_assert_str_eq(b.data, "COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO");
	buf_free(&b);

	buf_init(&b, 1024);
	notice_unblock_subject(&b, "SENAE");
	cr_assert_str_eq(b.data, "COMUNICADO DE SENAE - ALERTA DE DESBLOQUEO");
	buf_free(&b);
}

Test(notice, body_names_user_ruc_and_date)
{
	struct buf b;
	const char *s = body("ADUANA", "María Pérez", "mperez", "1790011674001",
			     "05/03/2024 14:30:00", 1, &b);

	cr_assert_not_null(strstr(s, "María Pérez"), "%s", s);
	cr_assert_not_null(strstr(s, "mperez"));
	cr_assert_not_null(strstr(s, "1790011674001"));
	cr_assert_not_null(strstr(s, "05/03/2024 14:30:00"));
	cr_assert_not_null(strstr(s, "ADUANA"));
	cr_assert_not_null(strstr(s, "desbloqueado"));
	buf_free(&b);
}

Test(notice, body_says_who_unblocked)
{
	struct buf b;
	const char *s;

	s = body("ADUANA", "Ana", "ana", "1790011674001", "01/01/2024 00:00:00", 1, &b);
	cr_assert_not_null(strstr(s, "por un administrador"));
	cr_assert_null(strstr(s, "tiempo de bloqueo"));
	buf_free(&b);

	s = body("ADUANA", "Ana", "ana", "1790011674001", "01/01/2024 00:00:00", 0, &b);
	cr_assert_not_null(strstr(s, "al cumplirse el tiempo de bloqueo"));
	cr_assert_null(strstr(s, "por un administrador"));
	buf_free(&b);
}

Test(notice, body_order_reads_naturally)
{
	struct buf b;
	const char *s = body("ADUANA", "Ana", "USR-ana", "RUC-1790011674001", "DATE-01/01/2024", 1, &b);
	const char *u = strstr(s, "USR-ana"), *r = strstr(s, "RUC-1790011674001"),
		   *d = strstr(s, "DATE-01/01/2024");

	cr_assert(u && r && d);
	cr_assert(u < r && r < d, "user, then RUC, then date: %s", s);
	cr_assert_eq(strncmp(s, "Estimado(a) Ana:", 16), 0, "%s", s);
	buf_free(&b);
}

Test(notice, texts_respect_the_buffer_cap)
{
	struct buf b;

	buf_init(&b, 20);
	notice_unblock_subject(&b, "ADUANA");
	cr_assert_eq(b.err, BUF_ERR_FULL);
	cr_assert_eq(b.len, 0);
	buf_free(&b);

	buf_init(&b, 40);
	notice_unblock_body(&b, "ADUANA", "Ana", "ana", "1790011674001", "01/01/2024 00:00:00", 0);
	cr_assert_eq(b.err, BUF_ERR_FULL);
	buf_free(&b);
}
