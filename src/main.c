/*
 * main.c — the aduana command: serve, migrate, seed-demo, user, ruc, routes.
 *
 * Every subcommand takes --db PATH (or ADUANA_DB); serve also takes
 * --listen HOST:PORT (or ADUANA_LISTEN).  Exit status: 0 success, 1 a
 * failure the message explains, 2 a usage error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/password.h"
#include "core/config.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timefmt.h"
#include "db/db.h"
#include "domain/pwpolicy.h"
#include "domain/email.h"
#include "domain/ruc.h"
#include "http/server.h"
#include "service/accounts.h"
#include "service/benchdata.h"
#include "service/catalogs.h"
#include "service/lifecycle.h"
#include "service/mail.h"
#include "service/mailer.h"
#include "store/audit.h"
#include "store/documents.h"
#include "store/mail.h"
#include "store/news.h"
#include "store/notices.h"
#include "store/sessions.h"
#include "store/users.h"
#include "web/app.h"
#include "web/i18n.h"
#include "web/routedump.h"

static const char usage[] =
	"usage: aduana COMMAND [OPTIONS]\n"
	"\n"
	"Commands:\n"
	"  serve       [--listen HOST:PORT] [--db STORE]  run the portal (migrates the store first)\n"
	"  migrate     [--db STORE]                       create or update the store's schema\n"
	"  seed-demo   [--db STORE]                       add the demo operators, users and notices\n"
	"  user add    --ruc RUC --usuario ID --nombre NAME --email EMAIL --oce CODE:TYPE[,CODE:TYPE...]\n"
	"                                                 add a user; the password is read from standard input\n"
	"                                                 (12 characters or more, not a common one, not the user's\n"
	"                                                 own name or ID)\n"
	"  user unlock --ruc RUC --usuario ID              unblock a user (puts the unblock notice in its mailbox)\n"
	"  user disable --ruc RUC --usuario ID             disable a user and end its sessions (the user is notified)\n"
	"  user enable --ruc RUC --usuario ID              enable it again (the user is notified)\n"
	"  user list   [--buscar TEXT]                     every account (or those whose RUC, ID, names or e-mail\n"
	"                                                 contain TEXT): class, state, block\n"
	"  user audit  --ruc RUC --usuario ID              the account's audit trail, newest first\n"
	"  operator rep --ruc RUC --cedula CEDULA [--razon NAME]\n"
	"                                                 record an operator's legal representative (who may\n"
	"                                                 register as its representante legal)\n"
	"  officer add --usuario ID --nombre NAME --email EMAIL --distrito CODE --rol ROLE[,ROLE...]\n"
	"                                                 add a customs officer (roles: recepcion aforo supervisor\n"
	"                                                 admin nacional); the password is read from standard input,\n"
	"                                                 as for user add\n"
	"  ruc NUMBER...                                  check RUCs or cédulas (spaces and dashes allowed)\n"
	"  catalog import [LIST...] [--data DIR] [--iso-codes DIR] [--locale DIR] [--db STORE]\n"
	"                                                 load the code lists (all: hs locode country currency\n"
	"                                                 unit package) from DIR (default data) and Debian's iso-codes\n"
	"  bench-data  --documents N --oces M [--db STORE] generated OCE codes (users bench1..benchM, password\n"
	"                                                 Bench.2026) and N documents, for the benchmarks\n"
	"  explain     --oce CODE [--db STORE]            the query plans of Estado de Trámite Integral (last\n"
	"                                                 month, every state) for that OCE code\n"
	"  routes                                         the route table as JSON: method, path, roles, CSRF,\n"
	"                                                 body, answer and parameters (for the security suite)\n"
	"  mail list   [--failed|--pending|--sent] [--db STORE]  the outbox, newest first: id, created, to,\n"
	"                                                 subject, attempts, state, last error\n"
	"  mail test   --to ADDR [--db STORE]             queue a test message (checks the relay)\n"
	"  mail retry  ID [--db STORE]                    put a failed message back in the queue\n"
	"\n"
	"STORE is a SQLite file (default aduana.db) or a PostgreSQL URL (postgresql://USER@HOST/DB).\n"
	"--ruc takes the operator's RUC (13 digits) or, for a user without a RUC, a cédula (10).\n"
	"Environment: ADUANA_LISTEN, ADUANA_DB, ADUANA_BRAND, ADUANA_TAGLINE, ADUANA_ORG,\n"
	"ADUANA_MAX_FAILURES, ADUANA_LOCK_MINUTES, ADUANA_IDLE_MINUTES (or _SECONDS), ADUANA_SESSION_HOURS,\n"
	"ADUANA_SECURE_COOKIES, "
	"ADUANA_THREADS, ADUANA_WORKERS, ADUANA_SLOW_PER_CLIENT, ADUANA_ACCESS_LOG, ADUANA_TRUSTED_PROXIES,\n"
	"ADUANA_CONN_PER_ADDR, ADUANA_HEADER_SECONDS, ADUANA_BODY_SECONDS, ADUANA_SIGNIN_ADDR_FAILURES,\n"
	"ADUANA_SIGNIN_LEASE_SECONDS, ADUANA_PUBLIC_URL, ADUANA_SMTP_URL, ADUANA_SMTP_USER,\n"
	"ADUANA_SMTP_PASSWORD, ADUANA_SMTP_CA, ADUANA_SMTP_STARTTLS, ADUANA_MAIL_FROM, ADUANA_DATA_DIR,\n"
	"ADUANA_MAIL_POLL_MS, ADUANA_MAIL_RETRY_SECONDS (see README.md).\n";

struct opts {
	const char *listen, *db, *ruc, *usuario, *nombre, *email, *oce, *data, *iso, *locale, *documents, *oces;
	const char *distrito, *rol, *to, *q, *cedula, *razon;
};

/* Reads --name value pairs from argv[i..]; 0 or -1 (message printed). */
static int parse_opts(int argc, char **argv, int i, struct opts *o)
{
	for (; i < argc; i += 2) {
		const char **slot = NULL;
		if (strcmp(argv[i], "--listen") == 0) slot = &o->listen;
		else if (strcmp(argv[i], "--db") == 0) slot = &o->db;
		else if (strcmp(argv[i], "--ruc") == 0) slot = &o->ruc;
		else if (strcmp(argv[i], "--usuario") == 0) slot = &o->usuario;
		else if (strcmp(argv[i], "--nombre") == 0) slot = &o->nombre;
		else if (strcmp(argv[i], "--email") == 0) slot = &o->email;
		else if (strcmp(argv[i], "--oce") == 0) slot = &o->oce;
		else if (strcmp(argv[i], "--data") == 0) slot = &o->data;
		else if (strcmp(argv[i], "--iso-codes") == 0) slot = &o->iso;
		else if (strcmp(argv[i], "--locale") == 0) slot = &o->locale;
		else if (strcmp(argv[i], "--documents") == 0) slot = &o->documents;
		else if (strcmp(argv[i], "--oces") == 0) slot = &o->oces;
		else if (strcmp(argv[i], "--distrito") == 0) slot = &o->distrito;
		else if (strcmp(argv[i], "--rol") == 0) slot = &o->rol;
		else if (strcmp(argv[i], "--to") == 0) slot = &o->to;
		else if (strcmp(argv[i], "--buscar") == 0) slot = &o->q;
		else if (strcmp(argv[i], "--cedula") == 0) slot = &o->cedula;
		else if (strcmp(argv[i], "--razon") == 0) slot = &o->razon;
		if (slot == NULL) {
			fprintf(stderr, "aduana: unknown option %s\n%s", argv[i], usage);
			return -1;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "aduana: %s needs a value\n", argv[i]);
			return -1;
		}
		*slot = argv[i + 1];
	}
	return 0;
}

/* The store's address as it may be printed: a URL's password is masked. */
static const char *shown_store(const char *addr)
{
	static char out[sizeof(((struct config *)0)->db_path)];
	const char *scheme = strstr(addr, "://"), *at, *colon;

	if (!db_addr_is_postgres(addr) || scheme == NULL)
		return addr;
	at = strchr(scheme + 3, '@');
	colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	if (colon == NULL)
		return addr;
	snprintf(out, sizeof(out), "%.*s:***%s", (int)(colon - addr), addr, at);
	return out;
}

static int open_store(struct config *cfg, const struct opts *o, struct db **db, size_t pool)
{
	if (o->db && str_lcpy(cfg->db_path, o->db, sizeof(cfg->db_path)) >= sizeof(cfg->db_path)) {
		fprintf(stderr, "aduana: --db is too long (at most %zu bytes)\n", sizeof(cfg->db_path) - 1);
		return -1;
	}
	if (db_open(db, cfg->db_path, pool) != DB_OK) {
		fprintf(stderr, "aduana: cannot open the store %s\n", shown_store(cfg->db_path));
		return -1;
	}
	if (db_migrate(*db) != DB_OK) {
		fprintf(stderr, "aduana: the store %s could not be migrated\n", shown_store(cfg->db_path));
		db_close(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

/* ---- ruc ---------------------------------------------------------------- */

/* Digits in s, or -1 when s holds anything but digits, spaces and dashes. */
static int digit_count(const char *s)
{
	int n = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			n++;
		else if (*s != ' ' && *s != '-')
			return -1;
	}
	return n;
}

static int check_one(const char *shown, const char *num)
{
	struct ruc_result r;

	ruc_check(num, strlen(num), &r);
	if (r.status == RUC_INVALID) {
		printf("%s: inválido: %s\n", shown, ruc_reason_text(r.reason, 0));
		return 1;
	}
	if (r.status == RUC_VALID_WARNING)
		printf("%s: válido con advertencia (%s %s): %s\n", shown, ruc_kind_text(r.kind, 0),
		       r.digits, ruc_reason_text(r.reason, 0));
	else
		printf("%s: válido (%s %s)\n", shown, ruc_kind_text(r.kind, 0), r.digits);
	return 0;
}

/* Checks each argument as a number; but when every argument is a short group
 * of digits ("1790 011674 001" typed without quotes), they are one number. */
static int cmd_ruc(int argc, char **argv)
{
	char joined[LIMIT_RUC_INPUT + 1];
	size_t len = 0;
	bool groups = argc > 3;
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: aduana ruc NUMBER...\n");
		return 2;
	}
	for (int i = 2; i < argc && groups; i++) {
		int d = digit_count(argv[i]);
		size_t n = strlen(argv[i]);
		if (d < 0 || d >= 10 || len + n + 1 > sizeof(joined) - 1)
			groups = false;
		else {
			if (len)
				joined[len++] = ' ';
			memcpy(joined + len, argv[i], n);
			len += n;
		}
	}
	if (groups) {
		joined[len] = '\0';
		return check_one(joined, joined);
	}
	for (int i = 2; i < argc; i++)
		rc |= check_one(argv[i], argv[i]);
	return rc;
}

/* ---- user ----------------------------------------------------------------- */

/* The number an operator's user signs in with: the operator's RUC (13
 * digits) or, for a user registered without a RUC, a cédula (10); valid by
 * the RUC rules (a warning is accepted).  docs/decisions.md. */
static int account_ruc(const char *in, char out[14])
{
	struct ruc_result r;

	if (in == NULL) {
		fprintf(stderr, "aduana: --ruc is required\n");
		return -1;
	}
	ruc_check(in, strlen(in), &r);
	if (r.status == RUC_INVALID) {
		fprintf(stderr, "aduana: el RUC %s no es válido: %s\n", in, ruc_reason_text(r.reason, 0));
		return -1;
	}
	if (r.status == RUC_VALID_WARNING)
		fprintf(stderr, "aduana: aviso: %s\n", ruc_reason_text(r.reason, 0));
	str_lcpy(out, r.digits, 14);
	return 0;
}

/* Parses "CODE:TYPE[,CODE:TYPE...]" (8-digit code, 2-digit type). */
static int parse_oce(const char *s, struct oce_assign *out, size_t max, size_t *n)
{
	struct str rest = str_from(s);

	*n = 0;
	while (rest.p != NULL && rest.n > 0) {
		struct str item, code, type;
		rest = str_cut(rest, ',', &item);
		type = str_cut(str_trim(item), ':', &code);
		if (code.n != 8 || type.p == NULL || type.n != 2 || *n == max)
			return -1;
		for (size_t i = 0; i < 8; i++)
			if (code.p[i] < '0' || code.p[i] > '9')
				return -1;
		if (type.p[0] < '0' || type.p[0] > '9' || type.p[1] < '0' || type.p[1] > '9')
			return -1;
		memcpy(out[*n].code, code.p, 8);
		out[*n].code[8] = '\0';
		memcpy(out[*n].type, type.p, 2);
		out[*n].type[2] = '\0';
		(*n)++;
	}
	return *n ? 0 : -1;
}

/*
 * Reads the new password: one line of standard input, without its line end,
 * and checks it against the password policy (domain/pwpolicy.h) with the
 * user's own data, personal (NULL-terminated).  0, or -1 with the reason
 * printed (in English, the policy's message through the i18n catalogue).
 */
static int read_password(char *pw, size_t size, const char *const *personal)
{
	enum pw_verdict v;
	size_t n;

	if (fgets(pw, (int)size, stdin) == NULL) {
		fprintf(stderr, "aduana: type the password on standard input\n");
		return -1;
	}
	n = strlen(pw);
	if (n && pw[n - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, "aduana: the password is longer than %d bytes\n", LIMIT_PASSWORD_BYTES);
		return -1;
	}
	while (n && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	v = pw_policy_check(pw, n, personal);
	if (v != PW_OK) {
		fprintf(stderr, "aduana: %s\n", i18n_tr(LANG_EN, pw_policy_message(v)));
		return -1;
	}
	return 0;
}

static int add_user(struct db *db, const char *ruc, const char *usuario, const char *nombre,
		    const char *email, const struct oce_assign *oce, size_t n_oce, const char *pw,
		    long long *id)
{
	struct user_rec u;
	struct db_conn *c;
	int rc;

	memset(&u, 0, sizeof(u));
	str_lcpy(u.kind, USER_OPERATOR, sizeof(u.kind));
	str_lcpy(u.ruc, ruc, sizeof(u.ruc));
	if (str_lcpy(u.usuario, usuario, sizeof(u.usuario)) >= sizeof(u.usuario) ||
	    str_lcpy(u.nombre, nombre, sizeof(u.nombre)) >= sizeof(u.nombre) ||
	    str_lcpy(u.email, email, sizeof(u.email)) >= sizeof(u.email)) {
		fprintf(stderr, "aduana: --usuario, --nombre or --email is too long\n");
		return -1;
	}
	if (password_hash(pw, strlen(pw), u.pw_hash) != 0) {
		fprintf(stderr, "aduana: could not hash the password (out of memory?)\n");
		return -1;
	}
	c = db_acquire(db);
	rc = account_add(c, &u, oce, n_oce, (long long)time(NULL), id);
	db_release(db, c);
	if (rc == STORE_EXISTS)
		fprintf(stderr, "aduana: the user %s of RUC %s already exists\n", usuario, ruc);
	else if (rc == STORE_CONFLICT)
		fprintf(stderr, "aduana: an OCE code belongs to another RUC, has another type, or the type is unknown\n");
	else if (rc != 0)
		fprintf(stderr, "aduana: the user could not be stored; nothing was changed\n");
	return rc;
}

static bool valid_usuario(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	if (n == 0 || n > LIMIT_USUARIO_BYTES)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = u[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/* The lifecycle's environment for an administrator at the command line. */
static struct acct_env cli_env(struct config *cfg)
{
	static const unsigned char no_key[TOKEN_KEY_BYTES];
	struct acct_env e;

	config_public_url(cfg, cfg->port);
	e.brand = cfg->brand;
	e.public_url = cfg->public_url;
	e.key = no_key;   /* the command line issues no codes */
	e.code_ttl = cfg->code_seconds;
	e.addr = "cli";
	e.now = (long long)time(NULL);
	return e;
}

/* aduana user list [--buscar TEXT]: every account (or those matching). */
static int user_list(struct config *cfg, const struct opts *o)
{
	struct db *db = NULL;
	struct db_conn *c;
	struct arena a;
	struct user_rec *u;
	size_t n = 0, offset = 0;
	int rc = 0;

	if (open_store(cfg, o, &db, 1) != 0)
		return 1;
	c = db_acquire(db);
	printf("%-13s  %-20s  %-14s  %-10s  %-10s  %s\n", "RUC", "USUARIO", "CLASE", "ESTADO", "BLOQUEO", "NOMBRE <CORREO>");
	do {
		arena_init(&a, (size_t)1024 * 1024);
		if (store_users_list(c, NULL, o->q, offset, LIMIT_USERS_PAGE, &a, &u, &n) != STORE_OK) {
			fprintf(stderr, "aduana: the store could not be read\n");
			rc = 1;
			n = 0;
		}
		for (size_t i = 0; i < n; i++) {
			bool officer = strcmp(u[i].kind, USER_OFFICER) == 0;
			printf("%-13s  %-20s  %-14s  %-10s  %-10s  %s <%s>\n", officer ? "(funcionario)" : u[i].ruc,
			       u[i].usuario, officer ? u[i].roles : u[i].clase,
			       u[i].disabled ? "deshabilit." : u[i].estado, u[i].blocked_at ? "bloqueado" : "-",
			       u[i].nombre, u[i].email);
		}
		arena_free(&a);
		offset += n;
	} while (n == LIMIT_USERS_PAGE);
	db_release(db, c);
	db_close(db);
	return rc;
}

/* aduana user audit / enable --ruc RUC --usuario ID. */
static int user_audit_or_enable(struct config *cfg, const struct opts *o, const char *ruc, bool enable)
{
	struct db *db = NULL;
	struct db_conn *c;
	struct user_rec u;
	int rc = 1, found;

	if (open_store(cfg, o, &db, 1) != 0)
		return 1;
	c = db_acquire(db);
	found = store_user_find(c, ruc, o->usuario, &u);
	if (found == STORE_NOT_FOUND) {
		fprintf(stderr, "aduana: no user %s of RUC %s\n", o->usuario, ruc);
	} else if (found != STORE_OK) {
		fprintf(stderr, "aduana: the store could not be read\n");
	} else if (enable) {
		struct acct_env e = cli_env(cfg);
		int erc = admin_set_disabled(c, &e, u.id, false, "administrador (cli)");
		if (erc == STORE_OK || erc == STORE_NOT_FOUND) {
			printf(erc == STORE_OK ? "user %s of RUC %s enabled; it was notified\n"
					       : "user %s of RUC %s is not disabled\n", o->usuario, ruc);
			rc = 0;
		} else {
			fprintf(stderr, "aduana: the user could not be enabled; nothing was changed\n");
		}
	} else {
		struct arena a;
		struct audit_rec *r;
		size_t n;
		arena_init(&a, (size_t)1024 * 1024);
		if (store_audit_of_user(c, u.id, LIMIT_AUDIT_PAGE, &a, &r, &n) == STORE_OK) {
			for (size_t i = 0; i < n; i++) {
				char when[TIMEFMT_LEN];
				timefmt_ec(r[i].at, when);
				printf("%s  %-22s  %-15s  %s\n", when, r[i].event, r[i].addr, r[i].detail);
			}
			rc = 0;
		} else {
			fprintf(stderr, "aduana: the store could not be read\n");
		}
		arena_free(&a);
	}
	db_release(db, c);
	db_close(db);
	return rc;
}

static int cmd_user(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	char ruc[14];
	int rc = 1;

	if (argc < 3) {
		fputs(usage, stderr);
		return 2;
	}
	if (parse_opts(argc, argv, 3, &o) != 0)
		return 2;
	if (strcmp(argv[2], "list") == 0)
		return user_list(cfg, &o);
	if (account_ruc(o.ruc, ruc) != 0)
		return 1;
	if (!valid_usuario(o.usuario)) {
		fprintf(stderr, "aduana: --usuario must be 1 to %d letters, digits, '.', '_' or '-'\n",
			LIMIT_USUARIO_BYTES);
		return 1;
	}
	if (strcmp(argv[2], "add") == 0) {
		struct oce_assign oce[LIMIT_OCE_PER_USER];
		size_t n_oce;
		char pw[LIMIT_PASSWORD_BYTES + 2];
		long long id;

		if (o.nombre == NULL || o.email == NULL || o.oce == NULL) {
			fprintf(stderr, "aduana: user add needs --nombre, --email and --oce\n");
			return 2;
		}
		if (o.nombre[0] == '\0' || !utf8_valid(o.nombre, strlen(o.nombre)) ||
		    strchr(o.email, '@') == NULL) {
			fprintf(stderr, "aduana: --nombre must be non-empty UTF-8 and --email an address\n");
			return 1;
		}
		if (parse_oce(o.oce, oce, LIMIT_OCE_PER_USER, &n_oce) != 0) {
			fprintf(stderr, "aduana: --oce must look like 05909025:02,05909026:02 (8-digit code, 2-digit type)\n");
			return 1;
		}
		{
			const char *personal[] = { o.usuario, ruc, o.nombre, o.email, NULL };

			if (read_password(pw, sizeof(pw), personal) != 0 || password_init() != 0)
				return 1;
		}
		if (open_store(cfg, &o, &db, 1) != 0)
			return 1;
		if (add_user(db, ruc, o.usuario, o.nombre, o.email, oce, n_oce, pw, &id) == 0) {
			printf("user %s of RUC %s added (id %lld)\n", o.usuario, ruc, id);
			rc = 0;
		}
	} else if (strcmp(argv[2], "audit") == 0 || strcmp(argv[2], "enable") == 0) {
		rc = user_audit_or_enable(cfg, &o, ruc, strcmp(argv[2], "enable") == 0);
	} else if (strcmp(argv[2], "unlock") == 0 || strcmp(argv[2], "disable") == 0) {
		struct user_rec u;
		struct db_conn *c;
		int found;

		if (open_store(cfg, &o, &db, 1) != 0)
			return 1;
		c = db_acquire(db);
		found = store_user_find(c, ruc, o.usuario, &u);
		if (found == STORE_NOT_FOUND) {
			fprintf(stderr, "aduana: no user %s of RUC %s\n", o.usuario, ruc);
		} else if (found != 0) {
			fprintf(stderr, "aduana: the store could not be read\n");
		} else if (strcmp(argv[2], "unlock") == 0) {
			if (!u.blocked_at) {
				printf("user %s of RUC %s is not blocked\n", o.usuario, ruc);
				rc = 0;
			} else if (account_unblock(c, cfg->brand, &u, (long long)time(NULL), true, "cli") == STORE_OK) {
				printf("user %s of RUC %s unblocked; the notice is in its mailbox\n", o.usuario, ruc);
				rc = 0;
			} else {
				fprintf(stderr, "aduana: the user could not be unblocked; nothing was changed\n");
			}
		} else {
			struct acct_env e = cli_env(cfg);
			int drc = admin_set_disabled(c, &e, u.id, true, "administrador (cli)");
			if (drc == STORE_NOT_FOUND) {
				printf("user %s of RUC %s is already disabled\n", o.usuario, ruc);
				rc = 0;
			} else if (drc == STORE_OK) {
				printf("user %s of RUC %s disabled; its sessions ended; it was notified\n", o.usuario, ruc);
				rc = 0;
			} else {
				fprintf(stderr, "aduana: the user could not be disabled\n");
			}
		}
		db_release(db, c);
	} else {
		fputs(usage, stderr);
		return 2;
	}
	db_close(db);
	return rc;
}

/* ---- officer --------------------------------------------------------------- */

/* "recepcion,aforo": every role known, none twice; 0 or -1 (message printed). */
static int check_roles(const char *roles)
{
	static const char *const known[] = { "recepcion", "aforo", "supervisor", "admin", "nacional" };
	struct str rest = str_from(roles), item;
	unsigned seen = 0;

	if (roles == NULL || roles[0] == '\0' || strlen(roles) > LIMIT_ROLES_BYTES)
		goto bad;
	while (rest.p != NULL && rest.n > 0) {
		size_t k;
		rest = str_cut(rest, ',', &item);
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (str_eq_cstr(item, known[k]))
				break;
		if (k == sizeof(known) / sizeof(known[0]) || (seen & (1u << k)))
			goto bad;
		seen |= 1u << k;
	}
	return 0;
bad:
	fprintf(stderr, "aduana: --rol must be one or more of recepcion,aforo,supervisor,admin,nacional "
		"separated by commas, each once\n");
	return -1;
}

static int add_officer(struct db *db, const char *usuario, const char *nombre, const char *email,
		       const char *distrito, const char *roles, const char *pw, long long *id)
{
	struct db_conn *c = db_acquire(db);
	struct user_rec u;
	int rc;

	if (store_catalog_has(c, "district", distrito) != STORE_OK) {
		fprintf(stderr, "aduana: --distrito %s is not a customs district (the list \"district\", 2.6 Catálogos)\n",
			distrito);
		db_release(db, c);
		return -1;
	}
	memset(&u, 0, sizeof(u));
	str_lcpy(u.kind, USER_OFFICER, sizeof(u.kind));
	str_lcpy(u.usuario, usuario, sizeof(u.usuario));
	str_lcpy(u.nombre, nombre, sizeof(u.nombre));
	str_lcpy(u.email, email, sizeof(u.email));
	str_lcpy(u.distrito, distrito, sizeof(u.distrito));
	str_lcpy(u.roles, roles, sizeof(u.roles));
	if (password_hash(pw, strlen(pw), u.pw_hash) != 0) {
		fprintf(stderr, "aduana: could not hash the password (out of memory?)\n");
		db_release(db, c);
		return -1;
	}
	rc = account_add(c, &u, NULL, 0, (long long)time(NULL), id);
	if (rc == STORE_EXISTS)
		fprintf(stderr, "aduana: the officer %s already exists\n", usuario);
	else if (rc != 0)
		fprintf(stderr, "aduana: the officer could not be stored; nothing was changed\n");
	db_release(db, c);
	return rc;
}

/* aduana operator rep --ruc RUC --cedula CEDULA [--razon NAME] */
static int cmd_operator(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	struct db_conn *c;
	struct ruc_result rr, rc2;
	int exists = 0, rc = 1;
	char rep[11];

	if (argc < 3 || strcmp(argv[2], "rep") != 0 || parse_opts(argc, argv, 3, &o) != 0 ||
	    o.ruc == NULL || o.cedula == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	if (ruc_check(o.ruc, strlen(o.ruc), &rr) == RUC_INVALID || strlen(rr.digits) != 13 ||
	    ruc_check(o.cedula, strlen(o.cedula), &rc2) == RUC_INVALID || rc2.kind != RUC_KIND_CEDULA) {
		fprintf(stderr, "aduana: --ruc must be a valid 13-digit RUC and --cedula a valid cédula\n");
		return 1;
	}
	if (open_store(cfg, &o, &db, 1) != 0)
		return 1;
	c = db_acquire(db);
	if (store_operator_find(c, rr.digits, &exists, rep) != STORE_OK) {
		fprintf(stderr, "aduana: the store could not be read\n");
	} else if (!exists) {
		fprintf(stderr, "aduana: RUC %s holds no OCE code: it is not a registered operator\n", rr.digits);
	} else if (store_operator_set_rep(c, rr.digits, o.razon, rc2.digits) != STORE_OK ||
		   store_audit(c, "operator_rep", rr.digits, "", 0, NULL, "cli", rc2.digits, (long long)time(NULL)) != STORE_OK) {
		fprintf(stderr, "aduana: the representative could not be stored\n");
	} else {
		printf("RUC %s: legal representative %s recorded\n", rr.digits, rc2.digits);
		rc = 0;
	}
	db_release(db, c);
	db_close(db);
	return rc;
}

static int cmd_officer(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	char pw[LIMIT_PASSWORD_BYTES + 2];
	long long id;
	int rc;

	if (argc < 3 || strcmp(argv[2], "add") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (parse_opts(argc, argv, 3, &o) != 0)
		return 2;
	if (o.usuario == NULL || o.nombre == NULL || o.email == NULL || o.distrito == NULL || o.rol == NULL) {
		fprintf(stderr, "aduana: officer add needs --usuario, --nombre, --email, --distrito and --rol\n");
		return 2;
	}
	if (!valid_usuario(o.usuario)) {
		fprintf(stderr, "aduana: --usuario must be 1 to %d letters, digits, '.', '_' or '-'\n",
			LIMIT_USUARIO_BYTES);
		return 1;
	}
	if (o.nombre[0] == '\0' || !utf8_valid(o.nombre, strlen(o.nombre)) || strchr(o.email, '@') == NULL ||
	    strlen(o.nombre) > LIMIT_NAME_BYTES || strlen(o.email) > LIMIT_EMAIL_BYTES) {
		fprintf(stderr, "aduana: --nombre must be non-empty UTF-8 and --email an address\n");
		return 1;
	}
	if (check_roles(o.rol) != 0)
		return 1;
	{
		const char *personal[] = { o.usuario, o.nombre, o.email, NULL };

		if (read_password(pw, sizeof(pw), personal) != 0 || password_init() != 0)
			return 1;
	}
	if (open_store(cfg, &o, &db, 1) != 0)
		return 1;
	rc = add_officer(db, o.usuario, o.nombre, o.email, o.distrito, o.rol, pw, &id);
	if (rc == 0)
		printf("officer %s of district %s added (id %lld), roles %s\n", o.usuario, o.distrito, id, o.rol);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

/* ---- catalog ---------------------------------------------------------------- */

/* A bar on a terminal, nothing on a pipe (the final line says it all). */
static void show_progress(void *arg, const char *catalog, size_t done, size_t total)
{
	const bool *tty = arg;
	char bar[31];
	size_t fill = total ? done * 30 / total : 30;

	if (!*tty)
		return;
	for (size_t i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[30] = '\0';
	fprintf(stderr, "\r  %-9s [%s] %3zu %%", catalog, bar, total ? done * 100 / total : 100);
	fflush(stderr);
}

static int cmd_catalog(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct catalog_sources src;
	const char *lists[16];
	size_t nlists = 0;
	struct db *db = NULL;
	struct db_conn *c;
	bool tty = isatty(2) != 0;
	int first = 3, rc = 0;

	if (argc < 3 || strcmp(argv[2], "import") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	while (first < argc && strncmp(argv[first], "--", 2) != 0) {
		bool known = false;
		for (size_t i = 0; catalog_importable[i]; i++)
			known |= strcmp(argv[first], catalog_importable[i]) == 0;
		if (!known || nlists == sizeof(lists) / sizeof(lists[0])) {
			fprintf(stderr, "aduana: %s is not a list catalog import knows (hs locode country currency unit package)\n",
				argv[first]);
			return 2;
		}
		lists[nlists++] = argv[first++];
	}
	if (parse_opts(argc, argv, first, &o) != 0)
		return 2;
	for (size_t i = 0; nlists == 0 && catalog_importable[i]; i++)
		lists[i] = catalog_importable[i];
	if (nlists == 0)
		while (catalog_importable[nlists])
			nlists++;
	src.data_dir = o.data ? o.data : "data";
	src.iso_dir = o.iso ? o.iso : "/usr/share/iso-codes/json";
	src.locale_dir = o.locale ? o.locale : "/usr/share/locale";
	if (open_store(cfg, &o, &db, 1) != 0)
		return 1;
	c = db_acquire(db);
	for (size_t i = 0; i < nlists && rc == 0; i++) {
		struct catalog_result res = { 0 };
		char err[512] = "";

		if (catalog_import(c, &src, lists[i], (long long)time(NULL), show_progress, &tty, &res, err,
				   sizeof(err)) != 0) {
			fprintf(stderr, "%saduana: %s was not imported (it is as it was): %s\n", tty ? "\n" : "",
				lists[i], err);
			rc = 1;
			break;
		}
		fprintf(stderr, "%s", tty ? "\n" : "");
		printf("%s: %lld entries imported", lists[i], res.entries);
		if (res.skipped)
			printf(" (%lld rows skipped: marked deleted in the source, or not entries)", res.skipped);
		printf("\n");
		if (err[0])
			fprintf(stderr, "aduana: warning: %s\n", err);
	}
	db_release(db, c);
	db_close(db);
	return rc;
}

/* ---- bench-data ------------------------------------------------------------ */

static void show_bench_progress(void *arg, const char *what, long long done, long long total)
{
	const bool *tty = arg;
	char bar[31];
	long long fill = total ? done * 30 / total : 30;

	if (!*tty)
		return;
	for (long long i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[30] = '\0';
	fprintf(stderr, "\r  %-9s [%s] %3lld %% (%lld of %lld)", what, bar, total ? done * 100 / total : 100, done,
		total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int cmd_bench_data(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	struct db_conn *c;
	long long n = 0, m = 0;
	bool tty = isatty(2) != 0;
	char err[256];
	struct timespec t0, t1;
	int rc;

	if (parse_opts(argc, argv, 2, &o) != 0)
		return 2;
	if (o.documents == NULL || o.oces == NULL ||
	    str_to_ll(str_from(o.documents), 1, BENCH_MAX_DOCUMENTS, &n) != 0 ||
	    str_to_ll(str_from(o.oces), 1, BENCH_MAX_OCES, &m) != 0) {
		fprintf(stderr, "aduana: bench-data needs --documents 1..%lld and --oces 1..%lld\n", BENCH_MAX_DOCUMENTS,
			BENCH_MAX_OCES);
		return 2;
	}
	if (open_store(cfg, &o, &db, 1) != 0)
		return 1;
	c = db_acquire(db);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = bench_fill(c, n, m, (long long)time(NULL), show_bench_progress, &tty, err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_release(db, c);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "%saduana: bench-data: %s\n", tty ? "\n" : "", err);
		return 1;
	}
	printf("bench-data: %lld documents of %lld OCE codes added to %s in %.1f s (users bench1..bench%lld, "
	       "password %s)\n", n, m, shown_store(cfg->db_path),
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, m, BENCH_PASSWORD);
	return 0;
}

/* The plans of the list's statements, for the benchmark (it checks that
 * none reads the documents table whole). */
static int cmd_explain(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	struct db_conn *c;
	struct document_filter f;
	long long day = timefmt_ec_midnight((long long)time(NULL));
	struct buf b;
	int rc;

	if (parse_opts(argc, argv, 2, &o) != 0)
		return 2;
	if (o.oce == NULL || strlen(o.oce) != 8) {
		fprintf(stderr, "aduana: explain needs --oce CODE (8 digits)\n");
		return 2;
	}
	if (open_store(cfg, &o, &db, 1) != 0)
		return 1;
	memset(&f, 0, sizeof(f));
	f.oce_code = o.oce;
	f.from = day - 30 * 86400LL;   /* as "Último mes" */
	f.to = day + 86400;
	buf_init(&b, (size_t)64 * 1024);
	c = db_acquire(db);
	rc = store_documents_plan(c, &f, &b);
	db_release(db, c);
	db_close(db);
	if (rc != STORE_OK || b.data == NULL) {
		fprintf(stderr, "aduana: the plans could not be read\n");
		buf_free(&b);
		return 1;
	}
	fputs(b.data, stdout);
	buf_free(&b);
	return 0;
}

/* ---- seed-demo -------------------------------------------------------------- */

struct demo_user {
	const char *ruc, *usuario, *nombre, *email, *oce, *password;
	const char *rep_cedula;   /* the company's legal representative (issue 9) */
};

/* Documented in README.md: keep them in step. */
static const struct demo_user demo_users[] = {
	{ "0992339411001", "naviera", "Naviera del Pacífico S.A.", "operaciones@naviera.example",
	  "05909025:02,05909026:02,05909027:06", "Naviera.2026", "0912345675" },
	{ "1790011674001", "agente", "Agencia Aduanera Andina Cía. Ltda.", "agente@andina.example",
	  "23902040:04", "Agente.2026", "1712345675" },
	{ "1710034065001", "importador", "María Fernanda Quishpe", "mfquishpe@correo.example",
	  "29000001:01", "Importador.2026", "1710034065" },
};

struct demo_officer {
	const char *usuario, *nombre, *distrito, *roles, *password;
};

static const struct demo_officer demo_officers[] = {
	{ "recepcion", "Rosa Recalde (recepción)", "028", "recepcion", "Recepcion.2026" },
	{ "aforo", "Andrés Orellana (aforo)", "028", "aforo", "Aforo.2026" },
	{ "supervisor", "Sofía Paredes (supervisión)", "028", "supervisor,recepcion,aforo", "Supervisor.2026" },
	{ "admin", "Alberto Ibarra (administración)", "055", "admin,nacional", "Admin.2026" },
};

static int seed_notices(struct db_conn *c, long long uid, const char *brand, const char *oce,
			long long now, int many)
{
	char subj[256], body[1024];
	int rc = 0;

	snprintf(subj, sizeof(subj), "COMUNICADO DE %s - ALERTA DE DESBLOQUEO", brand);
	snprintf(body, sizeof(body),
		 "Estimado usuario:\n\nSu usuario fue desbloqueado. Ya puede iniciar sesión en %s con su "
		 "contraseña.\n\nAtentamente,\nServicio Nacional de Aduana del Ecuador (SENAE)", brand);
	rc |= store_notice_add(c, uid, "SENAE", "BUZON PERSONAL", subj, body, now - 40LL * 86400);
	for (int i = 0; i < many; i++) {
		snprintf(subj, sizeof(subj), "Notificación de Aceptado - e-Doc %s2026%08dP", oce, 41 + i);
		snprintf(body, sizeof(body),
			 "El documento electrónico con número de entrega %s2026%08dP fue aceptado.\n"
			 "Número de trámite: 028-2026-%02d-%08d.\nConsulte su estado en 1.3 Integración de "
			 "estados del trámite.", oce, 41 + i, 10, 1200 + i);
		rc |= store_notice_add(c, uid, "SENAE", "BUZON PERSONAL", subj, body,
				       now - (long long)(many - i) * 3600 * 7);
	}
	snprintf(subj, sizeof(subj), "Notificación de Canal de Aforo - 028-2026-10-00001271");
	snprintf(body, sizeof(body),
		 "La declaración 028-2026-10-00001271 fue asignada al canal de aforo AUTOMÁTICO.\n"
		 "La salida de las mercancías está autorizada.");
	rc |= store_notice_add(c, uid, "SENAE", "BUZON PERSONAL", subj, body, now - 1800);
	return rc ? -1 : 0;
}

static int cmd_seed_demo(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	struct db_conn *c;
	long long now = (long long)time(NULL);
	int rc = 0, added = 0;

	if (parse_opts(argc, argv, 2, &o) != 0)
		return 2;
	if (password_init() != 0 || open_store(cfg, &o, &db, 1) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]) && rc == 0; i++) {
		const struct demo_user *d = &demo_users[i];
		struct oce_assign oce[8];
		struct user_rec u;
		size_t n;
		long long id;

		c = db_acquire(db);
		int found = store_user_find(c, d->ruc, d->usuario, &u);
		db_release(db, c);
		if (found == 0)
			continue;
		if (parse_oce(d->oce, oce, 8, &n) != 0 ||
		    add_user(db, d->ruc, d->usuario, d->nombre, d->email, oce, n, d->password, &id) != 0) {
			rc = 1;
			break;
		}
		c = db_acquire(db);
		if (seed_notices(c, id, cfg->brand, oce[0].code, now, i == 0 ? 24 : 2) != 0 ||
		    store_operator_set_rep(c, d->ruc, d->nombre, d->ruc[2] <= '5' ? NULL : d->rep_cedula) != 0 ||
		    store_user_set_cedula(c, id, d->rep_cedula) != 0)
			rc = 1;
		db_release(db, c);
		added++;
	}
	for (size_t i = 0; i < sizeof(demo_officers) / sizeof(demo_officers[0]) && rc == 0; i++) {
		const struct demo_officer *d = &demo_officers[i];
		struct user_rec u;
		long long id;
		int found;

		c = db_acquire(db);
		found = store_officer_find(c, d->usuario, &u);
		db_release(db, c);
		if (found == 0)
			continue;
		if (add_officer(db, d->usuario, d->nombre, "funcionario@aduana.example", d->distrito, d->roles,
				d->password, &id) != 0)
			rc = 1;
	}
	if (rc == 0 && added) {
		char title[128], body[512];
		snprintf(title, sizeof(title), "HOMOLOGACIÓN EN %s CON RUC", cfg->brand);
		snprintf(body, sizeof(body),
			 "Los importadores y exportadores deberán realizar el proceso de homologación de su "
			 "registro en el portal %s con la información de su RUC, para seguir operando como OCE.",
			 cfg->brand);
		c = db_acquire(db);
		rc = store_news_add(c, title, body, now) == 0 ? 0 : 1;
		db_release(db, c);
	}
	if (rc == 0)
		printf(added ? "demo data added to %s (users: naviera, agente, importador; officers: recepcion, aforo,"
			       " supervisor, admin; see README.md)\n"
			     : "demo data already present in %s\n", cfg->db_path);
	else
		fprintf(stderr, "aduana: the demo data could not be stored\n");
	db_close(db);
	return rc;
}

/* ---- mail ------------------------------------------------------------------- */

static const char *mail_state_word(enum mail_state s)
{
	return s == MAIL_SENT ? "sent" : s == MAIL_FAILED ? "failed" : "pending";
}

static int mail_list(struct db *db, enum mail_state state)
{
	struct db_conn *c = db_acquire(db);
	long long before = 0, total = 0;
	int rc = 0;

	printf("%-6s %-19s %-32s %-40s %8s %-8s %s\n", "id", "created", "to", "subject", "attempts", "state",
	       "last error");
	for (;;) {
		struct arena a;
		struct mail_rec *r;
		size_t n;

		arena_init(&a, LIMIT_ARENA_BYTES);
		if (store_mail_list(c, state, before, LIMIT_MAIL_ROWS, &a, &r, &n, &total) != STORE_OK) {
			fprintf(stderr, "aduana: the outbox could not be read\n");
			arena_free(&a);
			rc = 1;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			char date[TIMEFMT_LEN];

			timefmt_ec(r[i].created_at, date);
			printf("%-6lld %-19s %-32s %-40s %8lld %-8s %s\n", r[i].id, date, r[i].to, r[i].subject,
			       r[i].attempts, mail_state_word(r[i].state), r[i].last_error);
			before = r[i].id;
		}
		arena_free(&a);
		if (n < LIMIT_MAIL_ROWS)
			break;
	}
	if (rc == 0)
		printf("%lld message(s)\n", total);
	db_release(db, c);
	return rc;
}

static int cmd_mail(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	enum mail_state state = MAIL_ANY;
	const char *idarg = NULL;
	char *rest[16];
	int nrest = 0, rc = 1;
	struct db *db = NULL;

	if (argc < 3) {
		fputs(usage, stderr);
		return 2;
	}
	/* Flags without values and the retry's ID apart; the rest are --name value pairs. */
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[2], "list") == 0 && strcmp(argv[i], "--failed") == 0)
			state = MAIL_FAILED;
		else if (strcmp(argv[2], "list") == 0 && strcmp(argv[i], "--pending") == 0)
			state = MAIL_PENDING;
		else if (strcmp(argv[2], "list") == 0 && strcmp(argv[i], "--sent") == 0)
			state = MAIL_SENT;
		else if (strcmp(argv[2], "retry") == 0 && idarg == NULL && argv[i][0] != '-')
			idarg = argv[i];
		else if (nrest < 15)
			rest[nrest++] = argv[i];
		else
			return fputs(usage, stderr), 2;
	}
	rest[nrest] = NULL;
	if (parse_opts(nrest, rest, 0, &o) != 0)
		return 2;
	if (strcmp(argv[2], "list") == 0) {
		if (o.to) {
			fputs(usage, stderr);
			return 2;
		}
		if (open_store(cfg, &o, &db, 1) != 0)
			return 1;
		rc = mail_list(db, state);
	} else if (strcmp(argv[2], "test") == 0) {
		struct db_conn *c;
		long long id = 0;
		int r;

		if (o.to == NULL) {
			fprintf(stderr, "aduana: mail test needs --to ADDR\n");
			return 2;
		}
		if (!email_valid(o.to, strlen(o.to))) {
			fprintf(stderr, "aduana: --to must be an e-mail address (name@domain.example)\n");
			return 1;
		}
		if (open_store(cfg, &o, &db, 1) != 0)
			return 1;
		config_public_url(cfg, cfg->port);
		c = db_acquire(db);
		r = mail_queue_test(c, cfg->brand, cfg->public_url, o.to, "cli", (long long)time(NULL), &id);
		db_release(db, c);
		if (r == STORE_OK) {
			printf("test message %lld to %s queued; a running `aduana serve` delivers it "
			       "(see `aduana mail list`)\n", id, o.to);
			rc = 0;
		} else {
			fprintf(stderr, "aduana: the test message could not be queued\n");
		}
	} else if (strcmp(argv[2], "retry") == 0) {
		long long id;
		struct db_conn *c;
		int r;

		if (idarg == NULL || str_to_ll(str_from(idarg), 1, INT64_MAX, &id) != 0 || o.to) {
			fprintf(stderr, "usage: aduana mail retry ID [--db STORE]\n");
			return 2;
		}
		if (open_store(cfg, &o, &db, 1) != 0)
			return 1;
		c = db_acquire(db);
		r = mail_requeue(c, id, "cli", (long long)time(NULL));
		db_release(db, c);
		if (r == STORE_OK) {
			printf("message %lld is back in the queue\n", id);
			rc = 0;
		} else if (r == STORE_NOT_FOUND) {
			fprintf(stderr, "aduana: no failed message %lld\n", id);
		} else {
			fprintf(stderr, "aduana: the message could not be put back in the queue\n");
		}
	} else {
		fputs(usage, stderr);
		return 2;
	}
	db_close(db);
	return rc;
}

/* ---- serve, migrate ---------------------------------------------------------- */

static int cmd_migrate(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db;
	struct db_conn *c;

	if (parse_opts(argc, argv, 2, &o) != 0)
		return 2;
	if (open_store(cfg, &o, &db, 1) != 0)
		return 1;
	c = db_acquire(db);
	printf("store %s (%s) at schema version %d\n", shown_store(cfg->db_path),
	       db_engine(db) == DB_POSTGRES ? "postgresql" : "sqlite", db_schema_version(c));
	db_release(db, c);
	db_close(db);
	return 0;
}

static int cmd_serve(struct config *cfg, int argc, char **argv)
{
	struct opts o = { 0 };
	struct db *db = NULL;
	struct app app;
	struct http_server *srv;
	struct http_server_opts so;
	struct mailer *mailer = NULL;
	sigset_t set;
	int sig = 0;

	if (parse_opts(argc, argv, 2, &o) != 0)
		return 2;
	if (o.listen && config_set_listen(cfg, o.listen) != 0) {
		fprintf(stderr, "aduana: --listen must look like 127.0.0.1:8080\n");
		return 2;
	}
	if (password_init() != 0) {
		fprintf(stderr, "aduana: libsodium could not start\n");
		return 1;
	}
	/* A connection each for the I/O threads, the workers, this thread and
	 * the mail sender. */
	if (open_store(cfg, &o, &db, cfg->threads + cfg->workers + 2) != 0)
		return 1;
	if (app_init(&app, cfg, db) != 0) {
		app_free(&app);
		db_close(db);
		return 1;
	}
	/* Signals are taken by this thread alone, with sigtimedwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&so, 0, sizeof(so));
	so.host = cfg->host;
	so.port = cfg->port;
	so.threads = cfg->threads;
	so.workers = cfg->workers;
	so.slow_per_client = cfg->slow_per_client;
	so.conn_per_addr = cfg->conn_per_addr;
	so.header_seconds = cfg->header_seconds;
	so.body_seconds = cfg->body_seconds;
	so.trusted_proxies = cfg->trusted_proxies[0] ? cfg->trusted_proxies : NULL;
	so.access_log = cfg->access_log;
	so.body_policy = app_body_policy;
	so.handle = app_handle;
	so.deferred = app_deferred;
	so.error_page = app_error_page;
	so.app = &app;
	srv = http_server_start(&so);
	if (srv == NULL) {
		app_free(&app);
		db_close(db);
		return 1;
	}
	config_public_url(cfg, http_server_port(srv));
	if (mailer_start(&mailer, db, cfg) != 0) {
		fprintf(stderr, "aduana: the mail sender could not start (see the log above)\n");
		http_server_stop(srv);
		app_free(&app);
		db_close(db);
		return 1;
	}
	printf("aduana: listening on http://%s:%u/\n", cfg->host, http_server_port(srv));
	fflush(stdout);
	for (;;) {
		struct timespec ts = { 60, 0 };
		struct db_conn *c;

		sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (sig < 0 && errno != EAGAIN && errno != EINTR)
			break;
		c = db_acquire(db);
		store_session_purge(c, (long long)time(NULL) - cfg->idle_seconds);
		db_release(db, c);
	}
	log_info("stopping on signal %d", sig);
	mailer_stop(mailer);
	http_server_stop(srv);
	app_free(&app);
	db_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	char err[256];

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (config_load(&cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "aduana: %s\n", err);
		return 2;
	}
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(&cfg, argc, argv);
	if (strcmp(argv[1], "migrate") == 0)
		return cmd_migrate(&cfg, argc, argv);
	if (strcmp(argv[1], "explain") == 0)
		return cmd_explain(&cfg, argc, argv);
	if (strcmp(argv[1], "bench-data") == 0)
		return cmd_bench_data(&cfg, argc, argv);
	if (strcmp(argv[1], "seed-demo") == 0)
		return cmd_seed_demo(&cfg, argc, argv);
	if (strcmp(argv[1], "officer") == 0)
		return cmd_officer(&cfg, argc, argv);
	if (strcmp(argv[1], "operator") == 0)
		return cmd_operator(&cfg, argc, argv);
	if (strcmp(argv[1], "user") == 0)
		return cmd_user(&cfg, argc, argv);
	if (strcmp(argv[1], "catalog") == 0)
		return cmd_catalog(&cfg, argc, argv);
	if (strcmp(argv[1], "ruc") == 0)
		return cmd_ruc(argc, argv);
	if (strcmp(argv[1], "mail") == 0)
		return cmd_mail(&cfg, argc, argv);
	if (strcmp(argv[1], "routes") == 0) {
		if (argc != 2) {
			fputs(usage, stderr);
			return 2;
		}
		if (web_routes_dump(stdout) != 0 || fflush(stdout) != 0) {
			fprintf(stderr, "aduana: the route table could not be written\n");
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "aduana: unknown command %s\n%s", argv[1], usage);
	return 2;
}
