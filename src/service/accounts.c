/*
 * accounts.c — see accounts.h.
 */
#include "service/accounts.h"

#include "core/buf.h"
#include "core/timefmt.h"
#include "domain/notice.h"
#include "service/mail.h"
#include "service/tx.h"
#include "store/audit.h"
#include "store/notices.h"
#include "store/sessions.h"

int account_add(struct db_conn *c, const struct user_rec *u, const struct oce_assign *oce,
		size_t n_oce, long long now, long long *id)
{
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_user_insert(c, u, now, id);
	for (size_t i = 0; i < n_oce && rc == STORE_OK; i++)
		rc = store_user_grant_oce(c, *id, u->ruc, &oce[i]);
	return tx_end(c, rc);
}

int account_unblock(struct db_conn *c, const char *brand, const struct user_rec *u, long long now,
		    bool by_admin, const char *addr)
{
	struct buf subj, body;
	char date[TIMEFMT_LEN];
	int rc = DB_ERR;

	timefmt_ec(now, date);
	buf_init(&subj, 512);
	buf_init(&body, 4096);
	notice_unblock_subject(&subj, brand);
	notice_unblock_body(&body, brand, u->nombre, u->usuario, u->ruc, date, by_admin);
	if (subj.err || body.err || db_begin(c) != DB_OK)
		goto out;
	rc = store_user_clear_block(c, u->id);
	if (rc == STORE_OK)
		rc = store_notice_add(c, u->id, "SENAE", "BUZON PERSONAL", subj.data, body.data, now);
	if (rc == STORE_OK && u->email[0]) {
		/* By e-mail too (issue 9): the user may not be able to sign in to read it. */
		struct mail_out m = { u->email, subj.data, body.data };
		rc = mail_queue(c, brand, &m, now);
		if (rc == STORE_INVALID)
			rc = STORE_OK;   /* an address the old data let in: the notice is enough */
	}
	if (rc == STORE_OK)
		rc = store_audit_user(c, "unblock", u->id, NULL, addr, by_admin ? "administrador" : "automático", now);
	rc = tx_end(c, rc);
out:
	buf_free(&subj);
	buf_free(&body);
	return rc;
}

int account_set_disabled(struct db_conn *c, long long id, bool disabled, const char *addr,
			 long long now)
{
	int rc;

	if (db_begin(c) != DB_OK)
		return DB_ERR;
	rc = store_user_set_disabled(c, id, disabled);
	if (rc == STORE_OK && disabled)
		rc = store_session_delete_user(c, id);
	if (rc == STORE_OK)
		rc = store_audit_user(c, disabled ? "disable" : "enable", id, NULL, addr, "administrador", now);
	return tx_end(c, rc);
}
