/*
 * notice.h — the texts of the notices the portal itself sends (pure).
 */
#ifndef ADUANA_NOTICE_H
#define ADUANA_NOTICE_H

#include "core/buf.h"

/* "COMUNICADO DE <BRAND> - ALERTA DE DESBLOQUEO" */
void notice_unblock_subject(struct buf *b, const char *brand);
/* The body of the unblock notice: who was unblocked, when (date already
 * formatted as dd/mm/yyyy hh:mm:ss) and what to do if it was not asked for. */
void notice_unblock_body(struct buf *b, const char *brand, const char *nombre,
			 const char *usuario, const char *ruc, const char *date, int by_admin);

#endif
