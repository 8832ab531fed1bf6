/*
 * test_config.c — unit tests of src/core/config.c.
 *
 * What start-up relies on: without any ADUANA_* variable the defaults of
 * config.h apply; each variable overrides its setting; the _SECONDS forms win
 * over the _MINUTES ones; a malformed or out-of-range value makes config_load
 * fail with a message that names the variable; "HOST:PORT" parsing refuses
 * anything else and leaves the config untouched when it does.
 *
 * Criterion runs each test in its own process, so setenv here does not leak;
 * the fixture still clears every ADUANA_* variable the runner may have set.
 */
#include <criterion/criterion.h>
#include <unistd.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdlib.h>
#include <string.h>

#include "core/config.h"

static const char *const vars[] = {
	"ADUANA_LISTEN", "ADUANA_DB", "ADUANA_BRAND", "ADUANA_TAGLINE", "ADUANA_ORG",
	"ADUANA_MAX_FAILURES", "ADUANA_LOCK_MINUTES", "ADUANA_IDLE_MINUTES",
	"ADUANA_LOCK_SECONDS", "ADUANA_IDLE_SECONDS", "ADUANA_SECURE_COOKIES",
	"ADUANA_THREADS", "ADUANA_WORKERS", "ADUANA_SESSION_HOURS", "ADUANA_SESSION_SECONDS",
	"ADUANA_PUBLIC_URL", "ADUANA_SMTP_URL", "ADUANA_SMTP_USER", "ADUANA_SMTP_PASSWORD", "ADUANA_SMTP_CA",
	"ADUANA_SMTP_STARTTLS", "ADUANA_MAIL_FROM", "ADUANA_DATA_DIR", "ADUANA_MAIL_POLL_MS",
	"ADUANA_MAIL_RETRY_SECONDS",
};

static void setup(void)
{
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

TestSuite(config, .init = setup);

static struct config load_ok(void)
{
	struct config c;
	char err[256] = "";

	cr_assert_eq(config_load(&c, err, sizeof(err)), 0, "config_load failed: %s", err);
	return c;
}

/* Sets name=value and asserts config_load fails naming the variable. */
static void expect_error(const char *name, const char *value)
{
	struct config c;
	char err[256] = "";

	setenv(name, value, 1);
	cr_assert_eq(config_load(&c, err, sizeof(err)), -1, "%s=\"%s\" accepted", name, value);
	cr_assert_not_null(strstr(err, name), "%s=\"%s\": message \"%s\" does not name it", name,
			   value, err);
	unsetenv(name);
}

Test(config, defaults)
{
	struct config c = load_ok();

	cr_assert_str_eq(c.host, "127.0.0.1");
	cr_assert_eq(c.port, 8080);
	cr_assert_str_eq(c.db_path, "aduana.db");
	cr_assert_str_eq(c.brand, "ADUANA");
	cr_assert_str_eq(c.tagline, "A un clic de la Aduana");
	cr_assert_str_eq(c.org, "ADUANA DEL ECUADOR SENAE");
	cr_assert_eq(c.max_failures, 5);
	cr_assert_eq(c.lock_seconds, 30 * 60);
	cr_assert_eq(c.idle_seconds, 30 * 60);
	cr_assert_eq(c.session_seconds, 12 * 3600);
	cr_assert_eq(c.secure_cookies, false);
	cr_assert_eq(c.threads, (unsigned)(2 * sysconf(_SC_NPROCESSORS_ONLN)), "twice the cores");
	cr_assert_eq(c.workers, 2);
}

Test(config, text_overrides)
{
	struct config c;

	setenv("ADUANA_DB", "/var/lib/aduana/portal.db", 1);
	setenv("ADUANA_BRAND", "SENAE", 1);
	setenv("ADUANA_TAGLINE", "Línea de prueba", 1);
	setenv("ADUANA_ORG", "ORG & CÍA", 1);
	c = load_ok();
	cr_assert_str_eq(c.db_path, "/var/lib/aduana/portal.db");
	cr_assert_str_eq(c.brand, "SENAE");
	cr_assert_str_eq(c.tagline, "Línea de prueba");
	cr_assert_str_eq(c.org, "ORG & CÍA");
}

Test(config, number_overrides)
{
	struct config c;

	setenv("ADUANA_MAX_FAILURES", "3", 1);
	setenv("ADUANA_LOCK_MINUTES", "10", 1);
	setenv("ADUANA_IDLE_MINUTES", "15", 1);
	setenv("ADUANA_SECURE_COOKIES", "1", 1);
	setenv("ADUANA_THREADS", "8", 1);
	setenv("ADUANA_WORKERS", "4", 1);
	c = load_ok();
	cr_assert_eq(c.max_failures, 3);
	cr_assert_eq(c.lock_seconds, 600);
	cr_assert_eq(c.idle_seconds, 900);
	cr_assert_eq(c.secure_cookies, true);
	cr_assert_eq(c.threads, 8);
	cr_assert_eq(c.workers, 4);
}

Test(config, session_lifetime_in_hours_or_seconds_and_bounded)
{
	struct config c;
	char err[128];

	setenv("ADUANA_SESSION_HOURS", "8", 1);
	c = load_ok();
	cr_assert_eq(c.session_seconds, 8 * 3600);
	setenv("ADUANA_SESSION_SECONDS", "90", 1);
	c = load_ok();
	cr_assert_eq(c.session_seconds, 90, "the seconds win");
	unsetenv("ADUANA_SESSION_SECONDS");
	setenv("ADUANA_SESSION_HOURS", "169", 1);
	cr_assert_eq(config_load(&c, err, sizeof(err)), -1, "at most a week");
	setenv("ADUANA_SESSION_HOURS", "0", 1);
	cr_assert_eq(config_load(&c, err, sizeof(err)), -1);
}

Test(config, lock_zero_means_admin_only)
{
	struct config c;

	setenv("ADUANA_LOCK_MINUTES", "0", 1);
	c = load_ok();
	cr_assert_eq(c.lock_seconds, 0);
}

Test(config, seconds_win_over_minutes)
{
	struct config c;

	setenv("ADUANA_LOCK_MINUTES", "10", 1);
	setenv("ADUANA_LOCK_SECONDS", "7", 1);
	setenv("ADUANA_IDLE_MINUTES", "20", 1);
	setenv("ADUANA_IDLE_SECONDS", "3", 1);
	c = load_ok();
	cr_assert_eq(c.lock_seconds, 7);
	cr_assert_eq(c.idle_seconds, 3);
}

Test(config, seconds_alone)
{
	struct config c;

	setenv("ADUANA_LOCK_SECONDS", "0", 1);
	setenv("ADUANA_IDLE_SECONDS", "86400", 1);
	c = load_ok();
	cr_assert_eq(c.lock_seconds, 0);
	cr_assert_eq(c.idle_seconds, 86400);
}

Test(config, listen_override)
{
	struct config c;

	setenv("ADUANA_LISTEN", "0.0.0.0:9090", 1);
	c = load_ok();
	cr_assert_str_eq(c.host, "0.0.0.0");
	cr_assert_eq(c.port, 9090);
}

Test(config, malformed_numbers_named)
{
	expect_error("ADUANA_MAX_FAILURES", "abc");
	expect_error("ADUANA_MAX_FAILURES", "");
	expect_error("ADUANA_MAX_FAILURES", "0");
	expect_error("ADUANA_MAX_FAILURES", "101");
	expect_error("ADUANA_MAX_FAILURES", " 5");
	expect_error("ADUANA_MAX_FAILURES", "5 ");
	expect_error("ADUANA_LOCK_MINUTES", "-1");
	expect_error("ADUANA_LOCK_MINUTES", "100001");
	expect_error("ADUANA_IDLE_MINUTES", "0");
	expect_error("ADUANA_IDLE_MINUTES", "1441");
	expect_error("ADUANA_LOCK_SECONDS", "1.5");
	expect_error("ADUANA_LOCK_SECONDS", "6000001");
	expect_error("ADUANA_IDLE_SECONDS", "0");
	expect_error("ADUANA_IDLE_SECONDS", "86401");
	expect_error("ADUANA_SECURE_COOKIES", "2");
	expect_error("ADUANA_SECURE_COOKIES", "yes");
	expect_error("ADUANA_THREADS", "0");
	expect_error("ADUANA_THREADS", "65");
	expect_error("ADUANA_WORKERS", "0");
	expect_error("ADUANA_WORKERS", "99999999999999999999999");
}

Test(config, malformed_listen_named)
{
	expect_error("ADUANA_LISTEN", "8080");
	expect_error("ADUANA_LISTEN", "localhost");
	expect_error("ADUANA_LISTEN", ":8080");
	expect_error("ADUANA_LISTEN", "127.0.0.1:");
	expect_error("ADUANA_LISTEN", "127.0.0.1:65536");
	expect_error("ADUANA_LISTEN", "127.0.0.1:http");
}

Test(config, too_long_text_named)
{
	char big[600];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_error("ADUANA_DB", big);
	big[64] = '\0';
	expect_error("ADUANA_BRAND", big);   /* 64 bytes: one more than fits */
	big[63] = '\0';
	setenv("ADUANA_BRAND", big, 1);      /* 63 bytes: fits */
	cr_assert_eq(strlen(load_ok().brand), 63);
}

Test(config, error_message_fits_small_buffer)
{
	struct config c;
	char err[8];

	setenv("ADUANA_THREADS", "x", 1);
	cr_assert_eq(config_load(&c, err, sizeof(err)), -1);
	cr_assert_not_null(memchr(err, '\0', sizeof(err)));
}

/* ---- config_set_listen ------------------------------------------------- */

Test(config, set_listen_valid)
{
	struct config c = load_ok();

	cr_assert_eq(config_set_listen(&c, "10.0.0.5:443"), 0);
	cr_assert_str_eq(c.host, "10.0.0.5");
	cr_assert_eq(c.port, 443);
	cr_assert_eq(config_set_listen(&c, "example.org:65535"), 0);
	cr_assert_str_eq(c.host, "example.org");
	cr_assert_eq(c.port, 65535);
	cr_assert_eq(config_set_listen(&c, "127.0.0.1:0"), 0, "port 0 picks a free port");
	cr_assert_eq(c.port, 0);
	/* The last colon separates the port. */
	cr_assert_eq(config_set_listen(&c, "[::1]:8080"), 0);
	cr_assert_str_eq(c.host, "[::1]");
	cr_assert_eq(c.port, 8080);
}

Test(config, set_listen_invalid_leaves_config)
{
	struct config c = load_ok();
	static const char *const bad[] = {
		"", "8080", "host", ":80", "host:", "host:-1", "host:65536", "host:80x",
		"host: 80", "host:+", "host:99999999999999999999",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(config_set_listen(&c, bad[i]), -1, "\"%s\" accepted", bad[i]);
		cr_assert_str_eq(c.host, "127.0.0.1", "\"%s\" changed the host", bad[i]);
		cr_assert_eq(c.port, 8080, "\"%s\" changed the port", bad[i]);
	}
}

Test(config, set_listen_host_length)
{
	struct config c = load_ok();
	char v[80];

	/* 63 bytes of host fit in host[64]; 64 do not. */
	memset(v, 'h', 63);
	memcpy(v + 63, ":1", 3);
	cr_assert_eq(config_set_listen(&c, v), 0);
	cr_assert_eq(strlen(c.host), 63);
	memset(v, 'h', 64);
	memcpy(v + 64, ":1", 3);
	cr_assert_eq(config_set_listen(&c, v), -1);
	cr_assert_eq(strlen(c.host), 63);
}

/* ---- mail (issue 9) ------------------------------------------------------- */

Test(config, mail_defaults)
{
	struct config c = load_ok();

	cr_assert_str_eq(c.smtp_url, "", "no relay: the maildir");
	cr_assert_str_eq(c.smtp_user, "");
	cr_assert_str_eq(c.smtp_password, "");
	cr_assert_str_eq(c.smtp_ca, "");
	cr_assert_eq(c.smtp_starttls, false);
	cr_assert_str_eq(c.mail_from, "", "built from the brand by the sender");
	cr_assert_str_eq(c.data_dir, "var");
	cr_assert_eq(c.mail_poll_ms, 500);
	cr_assert_eq(c.mail_retry_seconds, 30);
	cr_assert_str_eq(c.public_url, "", "filled from the listen address");
	config_public_url(&c, 41234);
	cr_assert_str_eq(c.public_url, "http://127.0.0.1:41234");
}

Test(config, mail_overrides)
{
	struct config c;

	setenv("ADUANA_SMTP_URL", "smtps://relay.example:465", 1);
	setenv("ADUANA_SMTP_USER", "portal", 1);
	setenv("ADUANA_SMTP_PASSWORD", "s3creta", 1);
	setenv("ADUANA_SMTP_CA", "/etc/aduana/relay-ca.pem", 1);
	setenv("ADUANA_SMTP_STARTTLS", "1", 1);
	setenv("ADUANA_MAIL_FROM", "\"SENAE\" <no-responder@aduana.example>", 1);
	setenv("ADUANA_DATA_DIR", "/var/lib/aduana", 1);
	setenv("ADUANA_MAIL_POLL_MS", "100", 1);
	setenv("ADUANA_MAIL_RETRY_SECONDS", "1", 1);
	setenv("ADUANA_PUBLIC_URL", "https://aduana.example/portal//", 1);
	c = load_ok();
	cr_assert_str_eq(c.smtp_url, "smtps://relay.example:465");
	cr_assert_str_eq(c.smtp_user, "portal");
	cr_assert_str_eq(c.smtp_password, "s3creta");
	cr_assert_str_eq(c.smtp_ca, "/etc/aduana/relay-ca.pem");
	cr_assert_eq(c.smtp_starttls, true);
	cr_assert_str_eq(c.mail_from, "\"SENAE\" <no-responder@aduana.example>");
	cr_assert_str_eq(c.data_dir, "/var/lib/aduana");
	cr_assert_eq(c.mail_poll_ms, 100);
	cr_assert_eq(c.mail_retry_seconds, 1);
	cr_assert_str_eq(c.public_url, "https://aduana.example/portal", "trailing slashes dropped");
	config_public_url(&c, 1);
	cr_assert_str_eq(c.public_url, "https://aduana.example/portal", "a configured URL is kept");
	setenv("ADUANA_SMTP_URL", "smtp://127.0.0.1:2525", 1);
	c = load_ok();
	cr_assert_str_eq(c.smtp_url, "smtp://127.0.0.1:2525");
}

Test(config, mail_errors)
{
	expect_error("ADUANA_SMTP_URL", "http://relay.example");
	expect_error("ADUANA_SMTP_URL", "relay.example:25");
	expect_error("ADUANA_SMTP_URL", "smtp://");
	expect_error("ADUANA_SMTP_URL", "smtp://relay.example\r\n:25");
	expect_error("ADUANA_SMTP_STARTTLS", "yes");
	expect_error("ADUANA_MAIL_FROM", "nadie");
	expect_error("ADUANA_MAIL_FROM", "a@example.test\r\nBcc: b@example.test");
	expect_error("ADUANA_PUBLIC_URL", "aduana.example");
	expect_error("ADUANA_PUBLIC_URL", "javascript:alert(1)");
	expect_error("ADUANA_PUBLIC_URL", "https://a.example/\"><script>");
	expect_error("ADUANA_MAIL_POLL_MS", "0");
	expect_error("ADUANA_MAIL_POLL_MS", "600000");
	expect_error("ADUANA_MAIL_RETRY_SECONDS", "0");
	expect_error("ADUANA_DATA_DIR", "");
	setenv("ADUANA_SMTP_URL", "smtp://relay.example:25", 1);
	expect_error("ADUANA_SMTP_PASSWORD", "sin-usuario");
}
