/*
 * tx.h — the one way services end a transaction (private to src/service).
 *
 *   if (db_begin(c) != DB_OK) return DB_ERR;
 *   rc = step one; if (rc == STORE_OK) rc = step two; ...
 *   return tx_end(c, rc);
 *
 * tx_end commits when rc is STORE_OK and rolls back otherwise; a commit that
 * fails is an error (DB_ERR or DB_BUSY) and leaves nothing behind.
 */
#ifndef ADUANA_SERVICE_TX_H
#define ADUANA_SERVICE_TX_H

#include "db/db.h"
#include "store/store.h"

static inline int tx_end(struct db_conn *c, int rc)
{
	int crc;

	if (rc != STORE_OK) {
		db_rollback(c);
		return rc;
	}
	crc = db_commit(c);
	return crc == DB_OK ? STORE_OK : crc < 0 ? crc : DB_ERR;
}

#endif
