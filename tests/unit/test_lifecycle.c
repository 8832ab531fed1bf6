/*
 * test_lifecycle.c — the account lifecycle's services over a real store, on
 * SQLite and (with ADUANA_TEST_PG) PostgreSQL: a registration waits for its
 * code, which works once, within its time and its attempts; the rules and
 * the ID; the e-mail lands in the outbox in the same transaction; a reset
 * link works once, lifts a block and ends the sessions; an unknown request
 * writes only its audit row; a representative acts only on its company's
 * employees; an employee's options.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/log.h"
#include "db/db.h"
#include "service/lifecycle.h"
#include "store/sessions.h"
#include "store/users.h"
#include "store/verify.h"

#include "db_fixture.h"

#define NAVIERA "0992339411001"

static struct db *db;
static struct db_conn *conn;
static const unsigned char key[TOKEN_KEY_BYTES] = { 7, 7, 7 };

static struct acct_env env(long long now)
{
	struct acct_env e = { "ADUANA", "http://portal.example", key, 900, "192.0.2.1", now };

	return e;
}

static long long q_int(const char *sql)
{
	struct db_stmt *st = db_prepare(conn, sql);
	long long v;

	cr_assert_not_null(st, "prepare: %s", sql);
	cr_assert_eq(db_step(st), DB_ROW, "no row: %s", sql);
	v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

/* The demo-like operator: NAVIERA holds an OCE code, its representative on record. */
static long long add_rep(void)
{
	struct user_rec u;
	struct oce_assign o = { "05909025", "02" };
	long long id;

	memset(&u, 0, sizeof(u));
	snprintf(u.kind, sizeof(u.kind), "%s", USER_OPERATOR);
	snprintf(u.ruc, sizeof(u.ruc), "%s", NAVIERA);
	snprintf(u.usuario, sizeof(u.usuario), "naviera");
	snprintf(u.nombre, sizeof(u.nombre), "Naviera");
	snprintf(u.email, sizeof(u.email), "rep@naviera.example");
	snprintf(u.pw_hash, sizeof(u.pw_hash), "$argon2id$fake");
	cr_assert_eq(store_user_insert(conn, &u, 1000, &id), STORE_OK);
	cr_assert_eq(store_user_grant_oce(conn, id, NAVIERA, &o), STORE_OK);
	cr_assert_eq(store_operator_set_rep(conn, NAVIERA, "Naviera", "0912345675"), STORE_OK);
	return id;
}

static void setup(void)
{
	log_set_level(LOG_WARN);
	db = fixture_open(2);
	conn = db_acquire(db);
	cr_assert_not_null(conn);
}

static void teardown(void)
{
	if (conn)
		db_release(db, conn);
	fixture_close(db);
}

TestSuite(lifecycle, .init = setup, .fini = teardown, .timeout = 60);

static struct registration employee(const char *usuario, const char *email)
{
	struct registration r = { "empleado", NAVIERA, "1804567897", "Ana", email, "0991234567", usuario,
				  "$argon2id$fake" };

	return r;
}

Test(lifecycle, a_registration_waits_for_its_code_and_the_mail_is_queued_with_it)
{
	struct acct_env e = env(5000);
	struct registration r = employee("ana", "ana@e.test");
	struct acct_out out, conf;
	char wrong[LIMIT_CODE_DIGITS + 1];

	add_rep();
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_OK);
	cr_assert_eq(strlen(out.code), LIMIT_CODE_DIGITS);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox WHERE to_addr = 'ana@e.test'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE usuario = 'ana'"), 0, "no account before the code");
	memcpy(wrong, out.code, sizeof(wrong));
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);   /* another code */
	cr_assert_eq(registration_confirm(conn, &e, out.handle, wrong, &conf), ACCT_WRONG);
	cr_assert_eq(conf.remaining, LIMIT_CODE_ATTEMPTS - 1);
	cr_assert_eq(registration_confirm(conn, &e, out.handle, out.code, &conf), ACCT_OK);
	cr_assert_str_eq(conf.estado, "pendiente");
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE usuario = 'ana' AND estado = 'pendiente'"), 1);
	cr_assert_eq(registration_confirm(conn, &e, out.handle, out.code, &conf), ACCT_USED, "once only");
	/* The representative was told, in its mailbox and by e-mail. */
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox WHERE to_addr = 'rep@naviera.example'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE subject LIKE 'SOLICITUD%'"), 1);
}

Test(lifecycle, five_wrong_codes_void_it_and_time_expires_it)
{
	struct acct_env e = env(5000), late = env(5000 + 900);
	struct registration r = employee("beto", "beto@e.test");
	struct acct_out out, conf;
	char wrong[LIMIT_CODE_DIGITS + 1];

	add_rep();
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_OK);
	memcpy(wrong, out.code, sizeof(wrong));
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);   /* another code */
	for (int i = 1; i < LIMIT_CODE_ATTEMPTS; i++)
		cr_assert_eq(registration_confirm(conn, &e, out.handle, wrong, &conf), ACCT_WRONG);
	cr_assert_eq(registration_confirm(conn, &e, out.handle, wrong, &conf), ACCT_SPENT);
	cr_assert_eq(registration_confirm(conn, &e, out.handle, out.code, &conf), ACCT_SPENT);
	r = employee("beto2", "beto2@e.test");
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_OK);
	cr_assert_eq(registration_confirm(conn, &late, out.handle, out.code, &conf), ACCT_EXPIRED);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE usuario LIKE 'beto%'"), 0);
}

Test(lifecycle, rules_ids_and_the_budget_of_codes)
{
	struct acct_env e = env(5000);
	struct registration r = employee("naviera", "c@e.test");
	struct acct_out out;

	add_rep();
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_TAKEN);
	r = employee("NAVIERA", "c@e.test");
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_TAKEN, "whatever its case");
	r = employee("nuevo", "c@e.test");
	r.clase = "representante";
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_RULE);
	cr_assert_eq(out.verdict, REG_NOT_REPRESENTATIVE);
	r.clase = "empleado";
	for (int i = 0; i < LIMIT_CODES_PER_WINDOW; i++)
		cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_OK);
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_TOO_MANY);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox WHERE to_addr = 'c@e.test'"), LIMIT_CODES_PER_WINDOW);
}

Test(lifecycle, a_reset_link_works_once_lifts_a_block_and_ends_the_sessions)
{
	struct acct_env e = env(5000);
	struct acct_out out;
	struct verify_rec v;
	long long rep = add_rep();
	int blocked;
	char hh[TOKEN_HEX];

	for (int i = 0; i < 5; i++)
		cr_assert_eq(store_user_fail(conn, rep, 5, 4000, &blocked), STORE_OK);
	cr_assert_eq(store_session_create(conn, "aa", rep, "c", 4000, "x"), STORE_OK);
	cr_assert_eq(recovery_request(conn, &e, NAVIERA, "naviera", "otra@e.test"), STORE_OK);
	cr_assert_eq(recovery_request(conn, &e, NAVIERA, "nadie", "rep@naviera.example"), STORE_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox"), 0, "no mail for a mismatch");
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'reset_request_refused'"), 2);
	cr_assert_eq(recovery_request(conn, &e, NAVIERA, "naviera", "REP@naviera.example"), STORE_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox WHERE body_text LIKE '%/clave/nueva/%'"), 1);
	/* The handle is only in the mail: read the row to find the link's hash,
	 * then prove the service refuses anything but the right handle. */
	cr_assert_eq(recovery_check(conn, &e, "00", &out), ACCT_UNKNOWN);
	{
		struct db_stmt *st = db_prepare(conn, "SELECT body_text FROM mail_outbox");
		const char *body, *p;
		char handle[TOKEN_HEX];
		cr_assert_eq(db_step(st), DB_ROW);
		body = db_col_text(st, 0);
		p = strstr(body, "/clave/nueva/");
		cr_assert_not_null(p);
		memcpy(handle, p + 13, 64);
		handle[64] = '\0';
		db_reset(st);
		cr_assert_eq(token_hash(handle, 64, hh), 0);
		cr_assert_eq(store_verify_by_handle(conn, VERIFY_CLAVE, hh, NULL, &v), STORE_OK);
		cr_assert_eq(recovery_check(conn, &e, handle, &out), ACCT_OK);
		cr_assert_str_eq(out.usuario, "naviera");
		cr_assert_eq(recovery_complete(conn, &e, handle, "$argon2id$new", &out), STORE_OK);
		cr_assert_eq(recovery_complete(conn, &e, handle, "$argon2id$again", &out), ACCT_USED);
	}
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE usuario = 'naviera' AND blocked_at IS NULL"
			   " AND failures = 0 AND pw_hash = '$argon2id$new'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM session"), 0);
	cr_assert_eq(q_int("SELECT count(*) FROM notice WHERE subject LIKE '%CAMBIO DE CONTRASE%'"), 1);
}

Test(lifecycle, a_representative_acts_on_its_own_employees_only)
{
	struct acct_env e = env(5000);
	struct registration r = employee("emp", "emp@e.test");
	struct acct_out out, conf;
	const char **ids;
	size_t n;
	struct arena a;
	long long rep = add_rep(), other;
	int has;

	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_OK);
	cr_assert_eq(registration_confirm(conn, &e, out.handle, out.code, &conf), ACCT_OK);
	cr_assert_eq(uso_act(conn, &e, conf.user_id, rep, USO_DISABLE, NULL), ACCT_DENIED,
		     "an employee cannot act on its representative");
	cr_assert_eq(uso_act(conn, &e, rep, conf.user_id, USO_APPROVE, NULL), STORE_OK);
	cr_assert_eq(uso_act(conn, &e, rep, conf.user_id, USO_APPROVE, NULL), STORE_NOT_FOUND, "already");
	cr_assert_eq(q_int("SELECT count(*) FROM user_oce WHERE oce_code = '05909025'"), 2, "the RUC's codes");
	cr_assert_eq(uso_act(conn, &e, rep, conf.user_id, USO_GRANT, "1.3"), STORE_OK);
	cr_assert_eq(store_perm_has(conn, conf.user_id, "1.3", &has), STORE_OK);
	cr_assert(has);
	arena_init(&a, 64 * 1024);
	cr_assert_eq(store_perm_list(conn, conf.user_id, &a, &ids, &n), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(ids[0], "1.3");
	arena_free(&a);
	cr_assert_eq(uso_act(conn, &e, rep, conf.user_id, USO_REVOKE, "1.3"), STORE_OK);
	cr_assert_eq(uso_act(conn, &e, rep, conf.user_id, USO_REVOKE, "1.3"), STORE_NOT_FOUND);
	cr_assert_eq(uso_act(conn, &e, rep, conf.user_id, USO_GRANT, "no-such"), STORE_CONFLICT,
		     "an unknown option is refused by the store");
	/* Another company's representative. */
	{
		struct user_rec u;
		memset(&u, 0, sizeof(u));
		snprintf(u.kind, sizeof(u.kind), "%s", USER_OPERATOR);
		snprintf(u.ruc, sizeof(u.ruc), "1790011674001");
		snprintf(u.usuario, sizeof(u.usuario), "otro");
		snprintf(u.nombre, sizeof(u.nombre), "Otro");
		snprintf(u.email, sizeof(u.email), "o@e.test");
		snprintf(u.pw_hash, sizeof(u.pw_hash), "x");
		cr_assert_eq(store_user_insert(conn, &u, 1000, &other), STORE_OK);
	}
	cr_assert_eq(uso_act(conn, &e, other, conf.user_id, USO_DISABLE, NULL), ACCT_DENIED);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event IN ('employee_approve', 'permission_grant',"
			   " 'permission_revoke')"), 3);
}

Test(lifecycle, an_email_change_is_confirmed_by_the_code_sent_to_the_new_address)
{
	struct acct_env e = env(5000);
	struct acct_out out, conf;
	long long rep = add_rep();

	cr_assert_eq(profile_email_start(conn, &e, rep, "nuevo@naviera.example", &out), ACCT_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox WHERE to_addr = 'nuevo@naviera.example'"), 1);
	cr_assert_eq(profile_email_confirm(conn, &e, rep, "000000", &conf) == ACCT_WRONG ||
		     strcmp(out.code, "000000") == 0, 1);
	cr_assert_eq(profile_email_confirm(conn, &e, rep, out.code, &conf), ACCT_OK);
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE email = 'nuevo@naviera.example'"), 1);
	cr_assert_eq(q_int("SELECT count(*) FROM mail_outbox WHERE to_addr = 'rep@naviera.example'"), 1,
		     "the old address is told");
	cr_assert_eq(profile_email_confirm(conn, &e, rep, out.code, &conf), ACCT_UNKNOWN, "used");
}

Test(lifecycle, homologacion_moves_a_cedula_account_to_the_ruc)
{
	struct acct_env e = env(5000);
	struct registration r = { "general", "", "0912345675", "Rep", "r@e.test", "0991234567", "persona",
				  "$argon2id$fake" };
	struct acct_out out, conf;

	add_rep();
	cr_assert_eq(registration_start(conn, &e, &r, &out), ACCT_OK);
	cr_assert_eq(registration_confirm(conn, &e, out.handle, out.code, &conf), ACCT_OK);
	cr_assert_str_eq(conf.identity, "0912345675");
	cr_assert_eq(profile_link_ruc(conn, &e, conf.user_id, "1791234567001", &out), ACCT_RULE);
	cr_assert_eq(profile_link_ruc(conn, &e, conf.user_id, NAVIERA, &out), STORE_OK);
	cr_assert_str_eq(out.clase, "representante", "the cédula on record is the representative's");
	cr_assert_eq(q_int("SELECT count(*) FROM app_user WHERE usuario = 'persona' AND ruc = '0992339411001'"), 1);
	cr_assert_eq(profile_link_ruc(conn, &e, conf.user_id, NAVIERA, &out), ACCT_NOT_CEDULA);
	cr_assert_eq(q_int("SELECT count(*) FROM audit WHERE event = 'homologacion'"), 1);
}
