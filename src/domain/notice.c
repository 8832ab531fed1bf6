/*
 * notice.c — see notice.h.
 */
#include "domain/notice.h"

void notice_unblock_subject(struct buf *b, const char *brand)
{
	buf_printf(b, "COMUNICADO DE %s - ALERTA DE DESBLOQUEO", brand);
}

void notice_unblock_body(struct buf *b, const char *brand, const char *nombre,
			 const char *usuario, const char *ruc, const char *date, int by_admin)
{
	buf_printf(b,
		   "Estimado(a) %s:\n\n"
		   "Su usuario %s del RUC %s fue desbloqueado el %s %s.\n\n"
		   "Ya puede iniciar sesión en %s con su contraseña. Si usted no intentó ingresar "
		   "ni solicitó el desbloqueo, cambie su contraseña y comuníquese con la mesa de "
		   "servicios de la Aduana.\n\n"
		   "Atentamente,\nServicio Nacional de Aduana del Ecuador (SENAE)",
		   nombre, usuario, ruc, date,
		   by_admin ? "por un administrador" : "al cumplirse el tiempo de bloqueo",
		   brand);
}
