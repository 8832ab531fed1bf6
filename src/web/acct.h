/*
 * acct.h — what the pages of the account lifecycle share (issue 9):
 * the service's environment from a request, the message of each outcome
 * in the user's language, and the checks of a new password.
 */
#ifndef ADUANA_WEB_ACCT_H
#define ADUANA_WEB_ACCT_H

#include "service/lifecycle.h"
#include "web/page.h"

/* The lifecycle's environment for this request (brand, public address,
 * the codes' key, their lifetime, the client's address, now). */
struct acct_env acct_env_of(const struct web_ctx *c);
/* The message for an outcome of service/lifecycle.h (not ACCT_OK), in
 * the request's language. */
const char *acct_message(struct web_ctx *c, int rc, const struct acct_out *o);
/* Checks a new password (field pw) and its repetition (field pw2) by the
 * policy (domain/pwpolicy.h), with the user's own data (personal, NULL-
 * terminated); the messages go to c->errs.  true when both are right. */
bool acct_password_ok(struct web_ctx *c, const char *pw_field, const char *pw2_field,
		      const char *const *personal);
/* The handle in the address ("/registro/confirmar/{}", "/clave/nueva/{}"):
 * a token of 64 hex digits, or NULL. */
const char *acct_handle_of(struct web_ctx *c);
/* The label of a user class (CLASE_*) and of an account's state, translated. */
const char *acct_clase_label(int lang, const char *clase);
const char *acct_estado_label(int lang, const char *estado, int disabled);

#endif
