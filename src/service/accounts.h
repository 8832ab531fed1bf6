/*
 * accounts.h — changes to accounts, each with its audit row and notice in
 * one transaction: all of it lands, or none.
 */
#ifndef ADUANA_SERVICE_ACCOUNTS_H
#define ADUANA_SERVICE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "store/users.h"

/* Creates user u with its OCE codes (an existing code must belong to the
 * same RUC and type).  *id gets the new id.  STORE_EXISTS when the RUC and
 * usuario are taken, STORE_CONFLICT for an OCE code that is another's. */
int account_add(struct db_conn *c, const struct user_rec *u, const struct oce_assign *oce,
		size_t n_oce, long long now, long long *id);
/* Unblocks u, puts "COMUNICADO DE <BRAND> - ALERTA DE DESBLOQUEO" in its
 * mailbox (and the same by e-mail) and writes the "unblock" audit row (by an administrator, or
 * automatically when the lock time has passed).  STORE_NOT_FOUND when it
 * was not blocked (e.g. unblocked by a concurrent call). */
int account_unblock(struct db_conn *c, const char *brand, const struct user_rec *u, long long now,
		    bool by_admin, const char *addr);
/* Disables (and ends every session of) or enables a user, with its
 * "disable"/"enable" audit row.  STORE_NOT_FOUND for an unknown id. */
int account_set_disabled(struct db_conn *c, long long id, bool disabled, const char *addr,
			 long long now);

#endif
