/*
 * lifecycle_int.h — what the lifecycle's files share (private to
 * src/service: registration.c, recovery.c, profile.c).
 */
#ifndef ADUANA_SERVICE_LIFECYCLE_INT_H
#define ADUANA_SERVICE_LIFECYCLE_INT_H

#include "service/lifecycle.h"
#include "store/verify.h"

/* Queues an e-mail to `to` (in the caller's transaction). */
int lc_mail(struct db_conn *c, const struct acct_env *e, const char *to, const char *subject,
	    const char *text);
/* A notice in u's mailbox and the same text by e-mail to u->email. */
int lc_notify(struct db_conn *c, const struct acct_env *e, const struct user_rec *u,
	      const char *subject, const char *text);
/* A new code or link of purpose (in the caller's transaction): a fresh
 * handle (out->handle), and a code (out->code) when with_code. */
int lc_issue(struct db_conn *c, const struct acct_env *e, const char *purpose, long long user_id,
	     const char *email, const char *payload, bool with_code, struct acct_out *out);
/* Whether more codes of purpose may be sent now to user_id (or, with
 * user_id 0, to email): ACCT_OK or ACCT_TOO_MANY (or a store error). */
int lc_budget(struct db_conn *c, const struct acct_env *e, const char *purpose, long long user_id,
	      const char *email);
/* v's state, and when live, the code typed against it: ACCT_OK (right and
 * live: not yet marked used), ACCT_WRONG (one more attempt counted), or
 * ACCT_EXPIRED / ACCT_USED / ACCT_SPENT. */
int lc_check_code(struct db_conn *c, const struct acct_env *e, const struct verify_rec *v,
		  const char *code, struct acct_out *out);
/* The state of v without a code (a link): ACCT_OK or why not. */
int lc_state(const struct acct_env *e, const struct verify_rec *v);
/* Notices (and e-mails) to the active representatives of ruc. */
int lc_tell_representatives(struct db_conn *c, const struct acct_env *e, const char *ruc,
			    const char *subject, const char *text);

#endif
