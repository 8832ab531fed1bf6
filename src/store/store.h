/*
 * store.h — what every store file shares: its result codes.
 *
 * The store is one file per aggregate (users, sessions, notices, news,
 * menus, audit), each with its own header, over db.h.  Every function takes
 * a connection the caller acquired and returns STORE_OK, STORE_NOT_FOUND
 * when the row does not exist (or a conditional change matched nothing), or
 * a negative code: a db_rc error or one of the STORE_* conflicts below.
 * Outcomes never share a value with DB_ROW or DB_DONE.
 *
 * Store functions never open, commit or roll back a transaction: that is
 * the service layer's (src/service), which also writes the audit rows that
 * must go with a change.  Strings in records are copied into fixed fields
 * (short, bounded by core/limits.h) or into the caller's arena, never left
 * pointing into the engine's memory.
 */
#ifndef ADUANA_STORE_H
#define ADUANA_STORE_H

#include "db/db.h"

enum store_rc {
	STORE_OK = 0,
	STORE_NOT_FOUND = 3,      /* positive: not an error, but not DB_ROW (1) or DB_DONE (2) */
	STORE_EXISTS = -10,       /* a unique key is taken */
	STORE_CONFLICT = -11,     /* a reference breaks a rule (an OCE code of another RUC...) */
	STORE_INVALID = -12,      /* a value refused before it reached the store (a malformed
	                             e-mail address, a subject with a line break) */
};

#endif
