/*
 * test_pwpolicy.c — unit tests of src/domain/pwpolicy.c (the password policy
 * of issue 9).
 *
 * Each rule of pw_policy_check has cases on both sides of its line: length in
 * code points (not bytes), the byte limit, UTF-8 and control characters, the
 * common list in any case and with digits and symbols around it, repetition,
 * the user's own data, and passphrases that must pass.  The whole embedded
 * list is walked too: it is sorted and unique (the lookup's binary search
 * needs it), and every entry, and every entry a core can match with digits
 * added, is refused.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "domain/pwpolicy.h"
#include "web/i18n.h"

static enum pw_verdict
check(const char *pw)
{
	return pw_policy_check(pw, strlen(pw), NULL);
}

static enum pw_verdict
check_as(const char *pw, const char *const *personal)
{
	return pw_policy_check(pw, strlen(pw), personal);
}

Test(pwpolicy, empty_and_null)
{
	cr_assert_eq(pw_policy_check("", 0, NULL), PW_TOO_SHORT);
	cr_assert_eq(pw_policy_check(NULL, 0, NULL), PW_TOO_SHORT);
}

Test(pwpolicy, length_in_code_points)
{
	/* 11 accented characters (22 bytes): too short; 12: enough. */
	cr_assert_eq(check("ñáéíóúñáéíó"), PW_TOO_SHORT);
	cr_assert_eq(strlen("ñáéíóúñáéíó"), 22u);
	cr_assert_eq(check("ñáéíóúüñáéíó"), PW_OK);
	/* 12 bytes, 6 characters. */
	cr_assert_eq(check("ñáéíóú"), PW_TOO_SHORT);
	cr_assert_eq(strlen("ñáéíóú"), 12u);
	/* Four-byte characters count once each. */
	cr_assert_eq(check("🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢"), PW_TOO_SHORT);
	/* 11 and 12 ASCII characters. */
	cr_assert_eq(check("marzo lluvi"), PW_TOO_SHORT);
	cr_assert_eq(check("marzo lluvio"), PW_OK);
	/* Spaces count. */
	cr_assert_eq(check("  gato  azul"), PW_OK);
}

Test(pwpolicy, byte_limit)
{
	char pw[LIMIT_PASSWORD_BYTES + 2];
	size_t i;

	/* A passphrase of exactly LIMIT_PASSWORD_BYTES bytes passes, one more does not. */
	for (i = 0; i < LIMIT_PASSWORD_BYTES; i++)
		pw[i] = "la garza blanca vuela sobre el estero salado "[i % 45];
	cr_assert_eq(pw_policy_check(pw, LIMIT_PASSWORD_BYTES, NULL), PW_OK);
	pw[LIMIT_PASSWORD_BYTES] = 'x';
	cr_assert_eq(pw_policy_check(pw, LIMIT_PASSWORD_BYTES + 1, NULL), PW_TOO_LONG);
	/* Checked before anything else: bad bytes past the limit are not read. */
	memset(pw, 0xff, sizeof(pw));
	cr_assert_eq(pw_policy_check(pw, sizeof(pw), NULL), PW_TOO_LONG);
}

Test(pwpolicy, bad_text)
{
	static const char *const bad[] = {
		"una clave\xff larga de prueba",        /* not UTF-8 */
		"una clave \xc3\x28 larga de prueba",   /* broken sequence */
		"una clave \xc0\xaf larga de prueba",   /* overlong '/' */
		"una clave \xed\xa0\x80 larga prueba",  /* surrogate */
		"una clave\tcon tabulador",
		"una clave con salto\n",
		"una clave con retorno\r",
		"una clave con DEL \x7f aqui",
		"una clave con C1 \xc2\x85 aqui",
		"una clave con ESC \x1b aqui",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(check(bad[i]), PW_BAD_TEXT, "case %zu", i);
	/* NUL inside the view. */
	cr_assert_eq(pw_policy_check("una clave\0 con nulo", 19, NULL), PW_BAD_TEXT);
	/* Bad text wins over too short. */
	cr_assert_eq(check("a\tb"), PW_BAD_TEXT);
	/* U+00A0 (C2 A0) is not a control character. */
	cr_assert_eq(check("gato\xc2\xa0" "azul verde"), PW_OK);
}

Test(pwpolicy, common_any_case)
{
	static const char *const common[] = {
		"password1234", "PASSWORD1234", "PassWord1234", "qwertyuiopas", "QWERTYUIOPAS",
		"123456789012", "1234567890123", "qwerty123456", "1qaz2wsx3edc",
		"ecuador12345", "ECUADOR12345", "aduana123456", "Aduana.123456",
		"contraseña123", "CONTRASEÑA123", "Contrasena123", "contraseña 123",
		"Viva Ecuador!", "vivaecuador2026", "Guayaquil2026",
	};

	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		cr_assert_eq(check(common[i]), PW_COMMON, "%s", common[i]);
}

Test(pwpolicy, common_with_digits_and_symbols)
{
	cr_assert_eq(check("Password2026!!"), PW_COMMON);
	cr_assert_eq(check("password.2026"), PW_COMMON);
	cr_assert_eq(check("2026.Password"), PW_COMMON);
	cr_assert_eq(check("!!Password2026!!"), PW_COMMON);
	cr_assert_eq(check("  Password2026!!  "), PW_COMMON);    /* spaces around */
	cr_assert_eq(check("superman12345"), PW_COMMON);
	cr_assert_eq(check("Barcelona.1925"), PW_COMMON);
	/* A core under 6 characters is not looked up... */
	cr_assert_eq(check("tigre1234567"), PW_OK);
	/* ...nor is a word in the middle of a phrase. */
	cr_assert_eq(check("mi password favorito es largo"), PW_OK);
	cr_assert_eq(check("password de mi abuela"), PW_OK);
}

Test(pwpolicy, repetition)
{
	cr_assert_eq(check("aaaaaaaaaaaa"), PW_COMMON);
	cr_assert_eq(check("            "), PW_COMMON);           /* nothing but spaces */
	cr_assert_eq(check("holaholahola"), PW_COMMON);
	cr_assert_eq(check("HolaHolaHola"), PW_COMMON);
	cr_assert_eq(check("123123123123"), PW_COMMON);
	cr_assert_eq(check("202620262026"), PW_COMMON);
	cr_assert_eq(check("gatogato2026"), PW_COMMON);           /* a repeated core */
	cr_assert_eq(check("ñuñoñuñoñuño"), PW_COMMON);
	/* A unit of 12 characters or more may be repeated. */
	cr_assert_eq(check("garza blanca y garza blanca y "), PW_OK);
	/* Almost a repetition. */
	cr_assert_eq(check("holaholaholo"), PW_OK);
}

Test(pwpolicy, passphrases_pass)
{
	static const char *const ok[] = {
		"caballo batería grapa correcto",
		"correct horse battery staple",
		"el río guayas crece en marzo",
		"Tortuga.Gigante.2026",
		"mi perro se llama Firulais",
		"Mi-perro-se-llama-Firulais-2",
		"zq8#Lm2!vR0p",
		"   espacios al principio",
		"ΚαλημέραΚόσμε",
		"日本語のパスワードですよ",
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		cr_assert_eq(check(ok[i]), PW_OK, "%s", ok[i]);
	/* No composition rule: only lower-case letters, only digits of no pattern. */
	cr_assert_eq(check("tres tristes tigres"), PW_OK);
	cr_assert_eq(check("839201746501"), PW_OK);
}

Test(pwpolicy, personal_data)
{
	static const char *const juan[] = { "juanperez", "1790011674001", "Juan Pérez",
		"jperez@example.test", NULL };
	static const char *const ana[] = { "ana", "1710034065", "Ana María Ortiz Benítez",
		"ana.ortiz@correo.example", NULL };

	cr_assert_eq(check_as("juanperez2026", juan), PW_PERSONAL);
	cr_assert_eq(check_as("JuanPerez.2026", juan), PW_PERSONAL);
	cr_assert_eq(check_as("Perez.Juan.1990", juan), PW_PERSONAL);
	cr_assert_eq(check_as("juan pérez 2026!", juan), PW_PERSONAL);
	cr_assert_eq(check_as("1790011674001abc", juan), PW_PERSONAL);
	cr_assert_eq(check_as("jperez.jperez.01", juan), PW_PERSONAL);
	/* Personal data are a part, not most: accepted. */
	cr_assert_eq(check_as("juan toma café en la playa", juan), PW_OK);
	cr_assert_eq(check_as("juanperez y las tortugas marinas", juan), PW_OK);
	/* Words under 4 characters are not looked for ("ana", "ana" of the e-mail). */
	cr_assert_eq(check_as("ana y el mar de plata", ana), PW_OK);
	cr_assert_eq(check_as("OrtizBenitez.1985", ana), PW_PERSONAL);
	cr_assert_eq(check_as("MariaOrtiz2026", ana), PW_PERSONAL);
	cr_assert_eq(check_as("1710034065.casa", ana), PW_PERSONAL);
	/* Without personal data, or with an empty list, the same passwords pass. */
	cr_assert_eq(check("juanperez2026"), PW_OK);
	{
		static const char *const none[] = { NULL };
		static const char *const empties[] = { "", "@", "   ", NULL };

		cr_assert_eq(check_as("juanperez2026", none), PW_OK);
		cr_assert_eq(check_as("juanperez2026", empties), PW_OK);
	}
	/* The common list is checked first. */
	cr_assert_eq(check_as("password1234", juan), PW_COMMON);
}

Test(pwpolicy, messages)
{
	for (int v = PW_OK; v <= PW_BAD_TEXT; v++) {
		const char *m = pw_policy_message((enum pw_verdict)v);

		cr_assert_not_null(m);
		cr_assert_eq(m[0] == '\0', v == PW_OK);
		if (v != PW_OK)
			cr_assert(i18n_has(m), "no English for \"%s\"", m);
	}
	cr_assert_not_null(pw_policy_message((enum pw_verdict)99));
	cr_assert(i18n_has(pw_policy_message((enum pw_verdict)99)));
	cr_assert_str_eq(pw_policy_message(PW_TOO_SHORT), "La contraseña debe tener al menos 12 caracteres.");
	cr_assert_str_eq(i18n_tr(LANG_EN, pw_policy_message(PW_TOO_SHORT)),
	    "The password must have at least 12 characters.");
}

/* The list is sorted bytewise, unique, every line ends in '\n', holds only
 * printable ASCII without spaces and upper case (folded), and every entry is
 * one a password can match: 12 characters or more, or 6–11 ending in a letter. */
Test(pwpolicy, list_shape)
{
	size_t len, n = 0;
	const char *d = pw_policy_list(&len), *prev = NULL;
	size_t prevn = 0;

	cr_assert_gt(len, 100000u);
	cr_assert_eq(d[len - 1], '\n');
	for (size_t i = 0; i < len;) {
		const char *e = memchr(d + i, '\n', len - i);
		size_t k = (size_t)(e - (d + i));

		cr_assert_gt(k, 0u, "empty line at %zu", i);
		for (size_t j = 0; j < k; j++) {
			char c = d[i + j];

			cr_assert(c > ' ' && c < 0x7f && !(c >= 'A' && c <= 'Z'), "line at %zu", i);
		}
		cr_assert(k >= 12 || (k >= 6 && d[i + k - 1] >= 'a' && d[i + k - 1] <= 'z'),
		    "%.*s cannot be matched", (int)k, d + i);
		if (prev != NULL) {
			size_t m = prevn < k ? prevn : k;
			int c = memcmp(prev, d + i, m);

			cr_assert(c < 0 || (c == 0 && prevn < k), "%.*s then %.*s", (int)prevn, prev,
			    (int)k, d + i);
		}
		prev = d + i;
		prevn = k;
		n++;
		i += k + 1;
	}
	cr_assert_gt(n, 20000u);
}

/* Every entry is found by the lookup, and refused as a password: whole when
 * 12 characters or more, else as the core of itself with digits and symbols
 * added, in upper case too.  Strings just beside an entry are not found. */
Test(pwpolicy, every_entry_refused)
{
	size_t len;
	const char *d = pw_policy_list(&len);
	char pw[64];

	for (size_t i = 0; i < len;) {
		const char *e = memchr(d + i, '\n', len - i);
		size_t k = (size_t)(e - (d + i));

		cr_assert(pw_policy_listed(d + i, k), "%.*s not found", (int)k, d + i);
		cr_assert_lt(k + 7, sizeof(pw));
		memcpy(pw, d + i, k);
		if (k < 12) {
			memcpy(pw + k, "2026!!", 6);
			k += 6;
		}
		cr_assert_eq(pw_policy_check(pw, k, NULL), PW_COMMON, "%.*s", (int)k, pw);
		for (size_t j = 0; j < k; j++)
			if (pw[j] >= 'a' && pw[j] <= 'z')
				pw[j] = (char)(pw[j] - 'a' + 'A');
		cr_assert_eq(pw_policy_check(pw, k, NULL), PW_COMMON, "%.*s", (int)k, pw);
		i = (size_t)(e - d) + 1;
	}
	cr_assert(!pw_policy_listed("", 0));
	cr_assert(!pw_policy_listed("zzqqxxwwvvuu", 12));
	cr_assert(pw_policy_listed("password", 8));
	cr_assert(!pw_policy_listed("password\n", 9));
	cr_assert(!pw_policy_listed("~~~~~~~~~~~~~~", 14));   /* past the last line */
	cr_assert(!pw_policy_listed("!", 1));                 /* before the first */
}
