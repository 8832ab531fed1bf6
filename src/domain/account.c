/*
 * account.c — see account.h.
 */
#include "domain/account.h"

#include <string.h>

#include "core/timefmt.h"

#define CLASE_REP      "representante"
#define CLASE_EMPLOYEE "empleado"
#define CLASE_GENERAL  "general"

static bool is_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A natural person's RUC (third digit 0-5) starts with the owner's cédula. */
static bool natural_ruc(const char *ruc)
{
	return ruc[2] >= '0' && ruc[2] <= '5';
}

/* Who ruc's representative is: the owner of a natural person's RUC, else the
 * cédula on record. */
static enum reg_verdict check_representative(const char *ruc, const char *cedula,
					     const char *rep_cedula)
{
	if (natural_ruc(ruc))
		return strncmp(ruc, cedula, 10) == 0 ? REG_OK : REG_CEDULA_MISMATCH;
	if (rep_cedula == NULL || rep_cedula[0] == '\0')
		return REG_NO_REPRESENTATIVE;
	return strcmp(rep_cedula, cedula) == 0 ? REG_OK : REG_NOT_REPRESENTATIVE;
}

enum reg_verdict account_register_rule(const char *clase, const char *ruc, const char *cedula,
				       bool operator_exists, const char *rep_cedula,
				       const char **estado, const char **identity)
{
	bool has_ruc = ruc && is_digits(ruc, 13);
	enum reg_verdict v;

	*estado = "activo";
	*identity = has_ruc ? ruc : cedula;
	if (strcmp(clase, CLASE_GENERAL) == 0) {
		/* A person: with a RUC, it must be their own (a natural person's
		 * RUC on their cédula); without one, they sign in with the cédula. */
		if (has_ruc && !natural_ruc(ruc))
			return REG_CEDULA_MISMATCH;
		if (has_ruc && strncmp(ruc, cedula, 10) != 0)
			return REG_CEDULA_MISMATCH;
		return REG_OK;
	}
	if (!has_ruc)
		return REG_NEED_RUC;
	if (!operator_exists)
		return REG_NOT_OPERATOR;
	if (strcmp(clase, CLASE_EMPLOYEE) == 0) {
		*estado = "pendiente";
		return REG_OK;
	}
	v = check_representative(ruc, cedula, rep_cedula);
	return v;
}

enum reg_verdict account_link_rule(const char *ruc, const char *cedula, bool operator_exists,
				   const char *rep_cedula, const char **clase, const char **estado)
{
	*clase = CLASE_EMPLOYEE;
	*estado = "pendiente";
	if (ruc == NULL || !is_digits(ruc, 13))
		return REG_NEED_RUC;
	if (!operator_exists)
		return REG_NOT_OPERATOR;
	/* The representative (or the owner of a natural person's RUC) acts for
	 * the company at once; anyone else as an employee, once approved. */
	if (check_representative(ruc, cedula, rep_cedula) == REG_OK) {
		*clase = CLASE_REP;
		*estado = "activo";
	}
	return REG_OK;
}

const char *account_reg_message(enum reg_verdict v)
{
	switch (v) {
	case REG_OK:
		return NULL;
	case REG_NEED_RUC:
		return "Ingrese el RUC de la empresa: un representante legal o un empleado se registra con el RUC del operador.";
	case REG_NOT_OPERATOR:
		return "El RUC no corresponde a un operador de comercio exterior registrado. Revise el número o regístrese como usuario general.";
	case REG_NOT_REPRESENTATIVE:
		return "La cédula no corresponde al representante legal registrado para ese RUC. Si usted es empleado, elija la clase Empleado.";
	case REG_NO_REPRESENTATIVE:
		return "Ese RUC no tiene un representante legal registrado en la Aduana. Actualice los datos del operador con la Aduana o regístrese como empleado.";
	case REG_CEDULA_MISMATCH:
		return "El RUC de una persona natural empieza con su cédula: revise el RUC y la cédula.";
	}
	return NULL;
}

bool account_usuario_normalize(const char *in, char out[LIMIT_USUARIO_BYTES + 1])
{
	size_t n = strlen(in);

	out[0] = '\0';
	if (n < 4 || n > LIMIT_USUARIO_BYTES)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = in[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      (i > 0 && (ch == '.' || ch == '_' || ch == '-')))) {
			out[0] = '\0';
			return false;
		}
		out[i] = ch;
	}
	out[n] = '\0';
	return true;
}

bool account_phone_valid(const char *s)
{
	size_t n = strlen(s), digits = 0;

	if (n == 0 || n > LIMIT_PHONE_BYTES)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9')
			digits++;
		else if (ch == '+' && i == 0)
			continue;
		else if (ch != ' ' && ch != '-' && ch != '(' && ch != ')')
			return false;
	}
	return digits >= 7 && digits <= 15;
}

int vcode_from_random(const unsigned char *rnd, size_t n, char out[LIMIT_CODE_DIGITS + 1])
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < LIMIT_CODE_DIGITS; i++)
		if (rnd[i] < 250)
			out[k++] = (char)('0' + rnd[i] % 10);
	out[k] = '\0';
	return k == LIMIT_CODE_DIGITS ? 0 : -1;
}

int vcode_normalize(const char *in, char out[LIMIT_CODE_DIGITS + 1])
{
	size_t k = 0;

	out[0] = '\0';
	for (; *in; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (*in < '0' || *in > '9' || k == LIMIT_CODE_DIGITS) {
			out[0] = '\0';
			return -1;
		}
		out[k++] = *in;
	}
	out[k] = '\0';
	if (k != LIMIT_CODE_DIGITS) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

enum vcode_state vcode_state(long long now, long long expires_at, long long used_at, int attempts,
			     int max_attempts)
{
	if (used_at > 0)
		return VCODE_USED;
	if (attempts >= max_attempts)
		return VCODE_SPENT;
	if (now >= expires_at)
		return VCODE_EXPIRED;
	return VCODE_LIVE;
}

bool account_review_due(long long confirmed_at, long long now, long period_days)
{
	if (period_days < 0)
		return false;
	if (period_days > 0)
		return now - confirmed_at > (long long)period_days * 86400;
	return confirmed_at < timefmt_ec_year_start(now);
}

bool account_may_use(const char *clase, bool granted)
{
	return strcmp(clase, CLASE_EMPLOYEE) != 0 || granted;
}
