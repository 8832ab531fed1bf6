/*
 * test_params.c — unit tests of src/web/params.c: declared parameters, their
 * validators and the field→message map.
 *
 * What handlers and pages rely on:
 *   - param_check gives NULL for a valid value and otherwise the message the
 *     page shows, exactly as written here, in Spanish or (LANG_EN) English;
 *     a spec's .msg / .missing replace the kind's own message;
 *   - absent, empty or blank values are fine unless P_REQUIRED, and then
 *     give .missing or "<label>: ingrese este dato." (a RUC: the RUC rules'
 *     sentence for an empty number);
 *   - TEXT counts characters (not bytes) of the value as sent, so blanks
 *     around it count and a value past its limit is refused, never cut; it
 *     refuses control characters (P_MULTILINE lets \n \r \t through), and
 *     P_RAW neither trims nor looks for control characters;
 *   - DIGITS, INT, ONE_OF, RUC, DATE, TOKEN and KEY accept exactly their
 *     format, blanks around it aside;
 *   - params_validate trims the values of trimming kinds in place, adds one
 *     message per invalid field in declaration order (keeping a message a
 *     field already has) and returns how many it added;
 *   - params_filter keeps declared fields only, and refuses one given twice;
 *   - form_errors holds at most LIMIT_FORM_ERRORS messages, one per field;
 *   - memory running out never turns an invalid value into a valid one.
 */
#include <criterion/criterion.h>
#ifndef TestSuite   /* only when criterion.h is not read (cppcheck): a no-op */
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/str.h"
#include "domain/ruc.h"
#include "http/form.h"
#include "web/i18n.h"
#include "web/params.h"

static struct arena A;

static void setup(void)
{
	i18n_init();
	arena_init(&A, LIMIT_ARENA_BYTES);
}

static void teardown(void)
{
	arena_free(&A);
}

TestSuite(text, .init = setup, .fini = teardown);
TestSuite(required, .init = setup, .fini = teardown);
TestSuite(digits, .init = setup, .fini = teardown);
TestSuite(integer, .init = setup, .fini = teardown);
TestSuite(one_of, .init = setup, .fini = teardown);
TestSuite(ruc, .init = setup, .fini = teardown);
TestSuite(date, .init = setup, .fini = teardown);
TestSuite(token, .init = setup, .fini = teardown);
TestSuite(key, .init = setup, .fini = teardown);
TestSuite(english, .init = setup, .fini = teardown);
TestSuite(validate, .init = setup, .fini = teardown);
TestSuite(filter, .init = setup, .fini = teardown);
TestSuite(form_errors, .init = setup, .fini = teardown);
TestSuite(no_memory, .init = setup, .fini = teardown);

/* ---- helpers ----------------------------------------------------------- */

static void expect_ok(const struct param_spec *s, const char *v)
{
	const char *m = param_check(s, v, LANG_ES, &A);

	cr_assert_null(m, "%s = \"%s\" refused: %s", s->name, v ? v : "(null)", m);
}

static void expect_msg_lang(const struct param_spec *s, const char *v, int lang, const char *want)
{
	const char *m = param_check(s, v, lang, &A);

	cr_assert_not_null(m, "%s = \"%s\" accepted", s->name, v ? v : "(null)");
	cr_assert_str_eq(m, want, "%s = \"%s\"", s->name, v ? v : "(null)");
}

static void expect_msg(const struct param_spec *s, const char *v, const char *want)
{
	expect_msg_lang(s, v, LANG_ES, want);
}

static void expect_bad(const struct param_spec *s, const char *v)
{
	cr_assert_not_null(param_check(s, v, LANG_ES, &A), "%s = \"%s\" accepted", s->name, v);
}

/* A malloc'ed string: prefix, then n copies of unit, then suffix. */
static char *repeat(const char *prefix, const char *unit, size_t n, const char *suffix)
{
	size_t lp = strlen(prefix), lu = strlen(unit), ls = strlen(suffix);
	char *s = malloc(lp + lu * n + ls + 1);
	char *o = s;

	cr_assert_not_null(s);
	memcpy(o, prefix, lp);
	o += lp;
	for (size_t i = 0; i < n; i++, o += lu)
		memcpy(o, unit, lu);
	memcpy(o, suffix, ls + 1);
	return s;
}

static struct form form_of(const char *s)
{
	struct form f;

	cr_assert_eq(form_parse(&A, s, strlen(s), &f), FORM_OK, "\"%s\"", s);
	return f;
}

static const struct form_field *field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

static const char *const langs[] = { "es", "en", NULL };

/* ---- TEXT -------------------------------------------------------------- */

static const struct param_spec s_nombre = P_TEXT("nombre", 5, .label = "Nombre");
static const struct param_spec s_usuario = P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED,
						  .label = "ID. Usuario", .missing = "Ingrese su ID. Usuario.");
static const struct param_spec s_obs = P_TEXT("obs", 20, .flags = P_MULTILINE, .label = "Observaciones");
static const struct param_spec s_clave = P_TEXT("clave", 8, .flags = P_REQUIRED | P_RAW, .label = "Contraseña",
						.missing = "Ingrese su Contraseña.");

Test(text, within_the_limit)
{
	expect_ok(&s_nombre, "a");
	expect_ok(&s_nombre, "abcde");
	expect_ok(&s_nombre, "a b c");
	expect_ok(&s_nombre, " abc ");   /* 5 characters as sent */
	expect_ok(&s_nombre, "<&\"'>");
}

Test(text, over_the_limit)
{
	expect_msg(&s_nombre, "abcdef", "Nombre: admite como máximo 5 caracteres; tiene 6.");
	expect_msg(&s_nombre, "abcdefghij", "Nombre: admite como máximo 5 caracteres; tiene 10.");
}

Test(text, limit_counts_characters_not_bytes)
{
	/* "ñ" is 2 bytes, "€" 3, "😀" 4: each one character. */
	expect_ok(&s_nombre, "ñññññ");
	expect_ok(&s_nombre, "€€€€€");
	expect_ok(&s_nombre, "😀😀😀😀😀");
	expect_ok(&s_nombre, "Peña!");
	expect_msg(&s_nombre, "ññññññ", "Nombre: admite como máximo 5 caracteres; tiene 6.");
	expect_msg(&s_nombre, "😀😀😀😀😀😀", "Nombre: admite como máximo 5 caracteres; tiene 6.");
}

Test(text, limit_measured_before_trimming)
{
	/* Never cut down to fit: blanks around a full value push it over. */
	expect_msg(&s_nombre, "abcde ", "Nombre: admite como máximo 5 caracteres; tiene 6.");
	expect_msg(&s_nombre, "  abcde  ", "Nombre: admite como máximo 5 caracteres; tiene 9.");
	expect_msg(&s_nombre, "\tabcde", "Nombre: admite como máximo 5 caracteres; tiene 6.");
	/* Only blanks is no value at all, however many: an optional field is
	 * fine, a required one is missing. */
	expect_ok(&s_nombre, "      ");
}

Test(text, limit_exact_at_a_real_limit)
{
	char *ok = repeat("", "a", LIMIT_USUARIO_BYTES, "");
	char *over = repeat("", "a", LIMIT_USUARIO_BYTES + 1, "");
	char *padded = repeat(" ", "a", LIMIT_USUARIO_BYTES, "");

	expect_ok(&s_usuario, ok);
	expect_msg(&s_usuario, over, "ID. Usuario: admite como máximo 64 caracteres; tiene 65.");
	expect_msg(&s_usuario, padded, "ID. Usuario: admite como máximo 64 caracteres; tiene 65.");
	free(ok);
	free(over);
	free(padded);
}

Test(text, control_characters_refused)
{
	static const char *const bad[] = { "a\001b", "a\nb", "a\rb", "a\tb", "\x1f", "a\x7f",
					   "\x1b[0m", "a\x0b", "a\x0c", "\n", "ab\n" };
	const char *want = "Nombre: contiene caracteres de control que no se admiten.";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_msg(&s_nombre, bad[i], want);
}

Test(text, multiline_allows_line_breaks_and_tabs_only)
{
	const char *want = "Observaciones: contiene caracteres de control que no se admiten.";

	expect_ok(&s_obs, "línea 1\r\nlínea 2");
	expect_ok(&s_obs, "a\nb\tc\rd");
	expect_ok(&s_obs, "\n\n");
	expect_msg(&s_obs, "a\x01", want);
	expect_msg(&s_obs, "a\013b", want);
	expect_msg(&s_obs, "a\014b", want);
	expect_msg(&s_obs, "a\x7f", want);
	expect_msg(&s_obs, "a\x1b", want);
	expect_msg(&s_obs, "\x1b\n", want);
}

Test(text, raw_is_neither_trimmed_nor_checked)
{
	expect_ok(&s_clave, "  pw  ");
	expect_ok(&s_clave, "a\x01\x7f\n\t");
	expect_ok(&s_clave, "ññññññññ");
	/* Blanks are a value when nothing is trimmed. */
	expect_ok(&s_clave, "   ");
	/* The length still counts, as sent. */
	expect_msg(&s_clave, "123456789", "Contraseña: admite como máximo 8 caracteres; tiene 9.");
	expect_msg(&s_clave, " 1234567 ", "Contraseña: admite como máximo 8 caracteres; tiene 9.");
	expect_msg(&s_clave, "", "Ingrese su Contraseña.");
	expect_msg(&s_clave, NULL, "Ingrese su Contraseña.");
}

Test(text, own_message)
{
	static const struct param_spec s = P_TEXT("x", 3, .label = "X", .msg = "Ingrese su ID. Usuario.");

	expect_msg(&s, "abcd", "Ingrese su ID. Usuario.");
	expect_msg(&s, "a\x01", "Ingrese su ID. Usuario.");
	expect_msg_lang(&s, "abcd", LANG_EN, "Enter your user ID.");
}

Test(text, label_defaults_to_the_name)
{
	static const struct param_spec s = P_TEXT("q", 2);

	expect_msg(&s, "abc", "q: admite como máximo 2 caracteres; tiene 3.");
}

/* ---- required, missing, empty ----------------------------------------- */

Test(required, own_missing_message)
{
	expect_msg(&s_usuario, NULL, "Ingrese su ID. Usuario.");
	expect_msg(&s_usuario, "", "Ingrese su ID. Usuario.");
	expect_msg(&s_usuario, "   ", "Ingrese su ID. Usuario.");
	expect_msg(&s_usuario, " \t ", "Ingrese su ID. Usuario.");
	expect_msg_lang(&s_usuario, NULL, LANG_EN, "Enter your user ID.");
	expect_msg_lang(&s_usuario, "  ", LANG_EN, "Enter your user ID.");
}

Test(required, default_missing_message)
{
	static const struct param_spec specs[] = {
		P_TEXT("nombre", 10, .flags = P_REQUIRED, .label = "Nombre"),
		P_DIGITS("pagina", 1, 7, .flags = P_REQUIRED, .label = "Página"),
		P_INT("n", 1, 9, .flags = P_REQUIRED, .label = "Cantidad"),
		P_ONE_OF("l", langs, .flags = P_REQUIRED, .label = "Idioma"),
		P_DATE("desde", .flags = P_REQUIRED, .label = "Fecha"),
		P_TOKEN("t", .flags = P_REQUIRED, .label = "Enlace"),
		P_KEY("despues", .flags = P_REQUIRED, .label = "Posición"),
		P_TEXT("clave", 10, .flags = P_REQUIRED | P_RAW, .label = "Contraseña"),
		P_END };

	for (const struct param_spec *s = specs; s->name; s++) {
		char want[128];
		snprintf(want, sizeof(want), "%s: ingrese este dato.", s->label);
		expect_msg(s, NULL, want);
		expect_msg(s, "", want);
		if (!(s->flags & P_RAW)) {
			expect_msg(s, "  ", want);
			expect_msg(s, "\t", want);
		}
	}
}

Test(required, name_when_no_label)
{
	static const struct param_spec s = P_DIGITS("pagina", 1, 7, .flags = P_REQUIRED);

	expect_msg(&s, "", "pagina: ingrese este dato.");
}

Test(required, optional_absent_or_blank_is_fine)
{
	static const struct param_spec specs[] = {
		P_TEXT("nombre", 3), P_TEXT("obs", 3, .flags = P_MULTILINE), P_TEXT("clave", 3, .flags = P_RAW),
		P_DIGITS("pagina", 2, 2), P_INT("n", 1, 9), P_ONE_OF("l", langs), P_RUC("ruc"), P_DATE("d"),
		P_TOKEN("t"), P_KEY("k"), P_END };

	for (const struct param_spec *s = specs; s->name; s++) {
		expect_ok(s, NULL);
		expect_ok(s, "");
		if (!(s->flags & P_RAW))
			expect_ok(s, "   ");
	}
}

/* ---- DIGITS ------------------------------------------------------------ */

static const struct param_spec s_pagina = P_DIGITS("pagina", 1, 7, .label = "Página");
static const struct param_spec s_tipo = P_DIGITS("tipo", 2, 2, .label = "Tipo de OCE");

Test(digits, range_of_lengths)
{
	const char *want = "Página: ingrese de 1 a 7 dígitos.";

	expect_ok(&s_pagina, "1");
	expect_ok(&s_pagina, "0");
	expect_ok(&s_pagina, "1234567");
	expect_ok(&s_pagina, "0000001");
	expect_ok(&s_pagina, " 12 ");
	expect_msg(&s_pagina, "12345678", want);
	expect_msg(&s_pagina, "1a", want);
	expect_msg(&s_pagina, "a", want);
	expect_msg(&s_pagina, "-1", want);
	expect_msg(&s_pagina, "+1", want);
	expect_msg(&s_pagina, "1 2", want);
	expect_msg(&s_pagina, "1.0", want);
	expect_msg(&s_pagina, "١٢", want);   /* Arabic-Indic digits are not ASCII digits */
}

Test(digits, exact_length)
{
	const char *want = "Tipo de OCE: ingrese 2 dígitos.";

	expect_ok(&s_tipo, "02");
	expect_ok(&s_tipo, "99");
	expect_ok(&s_tipo, " 04\t");
	expect_msg(&s_tipo, "2", want);
	expect_msg(&s_tipo, "002", want);
	expect_msg(&s_tipo, "0x", want);
	expect_msg(&s_tipo, "0 2", want);
}

Test(digits, own_message)
{
	static const struct param_spec s = P_DIGITS("tipo", 2, 2, .msg = "Seleccione un Tipo de OCE de la lista.");

	expect_ok(&s, "05");
	expect_msg(&s, "5", "Seleccione un Tipo de OCE de la lista.");
	expect_msg_lang(&s, "x", LANG_EN, "Choose an OCE type from the list.");
}

/* ---- INT --------------------------------------------------------------- */

static const struct param_spec s_cantidad = P_INT("n", -5, 100, .label = "Cantidad");

Test(integer, range)
{
	const char *want = "Cantidad: ingrese un número entero de -5 a 100.";

	expect_ok(&s_cantidad, "-5");
	expect_ok(&s_cantidad, "0");
	expect_ok(&s_cantidad, "100");
	expect_ok(&s_cantidad, "007");
	expect_ok(&s_cantidad, " 42 ");
	expect_msg(&s_cantidad, "101", want);
	expect_msg(&s_cantidad, "-6", want);
	expect_msg(&s_cantidad, "99999999999999999999", want);
	expect_msg(&s_cantidad, "-99999999999999999999", want);
}

Test(integer, junk)
{
	static const char *const junk[] = { "abc", "12abc", "1.5", "1,5", "0x10", "1e2", "-", "+", "1 2",
					    "--1", "５" };
	const char *want = "Cantidad: ingrese un número entero de -5 a 100.";

	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		expect_msg(&s_cantidad, junk[i], want);
}

Test(integer, full_range)
{
	static const struct param_spec s = P_INT("n", -9223372036854775807LL - 1, 9223372036854775807LL);

	expect_ok(&s, "9223372036854775807");
	expect_ok(&s, "-9223372036854775808");
	expect_bad(&s, "9223372036854775808");
	expect_bad(&s, "-9223372036854775809");
}

/* ---- ONE_OF ------------------------------------------------------------ */

static const struct param_spec s_idioma = P_ONE_OF("l", langs, .label = "Idioma");

Test(one_of, listed_values_only)
{
	const char *want = "Idioma: elija una de las opciones de la lista.";

	expect_ok(&s_idioma, "es");
	expect_ok(&s_idioma, "en");
	expect_ok(&s_idioma, " en ");
	expect_msg(&s_idioma, "ES", want);
	expect_msg(&s_idioma, "fr", want);
	expect_msg(&s_idioma, "e", want);
	expect_msg(&s_idioma, "ess", want);
	expect_msg(&s_idioma, "es,en", want);
}

Test(one_of, empty_list_accepts_nothing)
{
	static const char *const none[] = { NULL };
	static const struct param_spec s1 = P_ONE_OF("a", none, .label = "A");
	static const struct param_spec s2 = P_ONE_OF("a", NULL, .label = "A");

	expect_bad(&s1, "x");
	expect_bad(&s2, "x");
	expect_ok(&s1, "");
}

/* ---- RUC --------------------------------------------------------------- */

static const struct param_spec s_ruc = P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC");
static const struct param_spec s_ruc_opt = P_RUC("ruc", .label = "RUC");

static void expect_ruc_reason(const char *v, enum ruc_reason r)
{
	char want[512];

	snprintf(want, sizeof(want), "El RUC ingresado no es válido: %s", ruc_reason_text(r, 0));
	expect_msg(&s_ruc, v, want);
	snprintf(want, sizeof(want), "The RUC entered is not valid: %s", ruc_reason_text(r, 1));
	expect_msg_lang(&s_ruc, v, LANG_EN, want);
}

Test(ruc, valid_numbers)
{
	expect_ok(&s_ruc, "1790011674001");   /* company */
	expect_ok(&s_ruc, "1710034065001");   /* natural person */
	expect_ok(&s_ruc, "0992339411001");
	expect_ok(&s_ruc, "1710034065");      /* cédula */
	expect_ok(&s_ruc, "1790-0116-74001");
	expect_ok(&s_ruc, "17 9001 1674 001");
	expect_ok(&s_ruc, "  1790011674001  ");
}

Test(ruc, company_check_digit_is_only_a_warning)
{
	expect_ok(&s_ruc, "1790011675001");
	expect_ok(&s_ruc, "1760000008001");   /* public entity */
}

Test(ruc, invalid_numbers_say_why)
{
	expect_msg(&s_ruc, "1710034064",
		   "El RUC ingresado no es válido: El dígito verificador no corresponde: revise que haya "
		   "escrito bien el número.");
	expect_ruc_reason("1710034064", RUC_ERR_CHECK_DIGIT);
	expect_ruc_reason("17900116740", RUC_ERR_LENGTH);
	expect_ruc_reason("179001167400123", RUC_ERR_LENGTH);
	expect_ruc_reason("1790O11674001", RUC_ERR_CHAR);
	expect_ruc_reason("1790011674001\t", RUC_ERR_CHAR);
	expect_ruc_reason("9990011674001", RUC_ERR_PROVINCE);
	expect_ruc_reason("1780000000", RUC_ERR_THIRD_DIGIT);
	expect_ruc_reason("1710034065000", RUC_ERR_ESTABLISHMENT);
	expect_ruc_reason("- -", RUC_ERR_EMPTY);
	expect_ruc_reason("-", RUC_ERR_EMPTY);
}

Test(ruc, empty_required_gives_the_rules_sentence)
{
	const char *want = "El RUC ingresado no es válido: Escriba el número de cédula (10 dígitos) o de "
			   "RUC (13 dígitos).";

	expect_msg(&s_ruc, NULL, want);
	expect_msg(&s_ruc, "", want);
	expect_msg(&s_ruc, "   ", want);
	expect_ruc_reason("", RUC_ERR_EMPTY);
	expect_ok(&s_ruc_opt, "");
	expect_ok(&s_ruc_opt, NULL);
}

Test(ruc, missing_message_wins_when_given)
{
	static const struct param_spec s = P_RUC("ruc", .flags = P_REQUIRED, .missing = "Ingrese su ID. Usuario.");

	expect_msg(&s, "", "Ingrese su ID. Usuario.");
}

Test(ruc, padded_past_the_input_limit_is_refused)
{
	/* 13 digits + 51 spaces = LIMIT_RUC_INPUT: fine; one more space: not. */
	char *fits = repeat("1790011674001", " ", LIMIT_RUC_INPUT - 13, "");
	char *over = repeat("1790011674001", " ", LIMIT_RUC_INPUT - 12, "");
	char *lead = repeat("", " ", LIMIT_RUC_INPUT / 2, "1790011674001");
	char *both = repeat(lead, " ", LIMIT_RUC_INPUT / 2, "");

	cr_assert_eq(strlen(fits), LIMIT_RUC_INPUT);
	expect_ok(&s_ruc, fits);
	expect_ruc_reason(over, RUC_ERR_LENGTH);
	expect_ok(&s_ruc, lead);
	expect_ruc_reason(both, RUC_ERR_LENGTH);
	free(lead);
	free(fits);
	free(over);
	free(both);
}

Test(ruc, own_message)
{
	static const struct param_spec s = P_RUC("ruc", .label = "RUC", .msg = "Seleccione un Código de OCE.");

	expect_msg(&s, "123", "Seleccione un Código de OCE.");
	expect_msg_lang(&s, "123", LANG_EN, "Choose an OCE code.");
}

/* ---- DATE -------------------------------------------------------------- */

static const struct param_spec s_fecha = P_DATE("desde", .label = "Fecha");
#define DATE_MSG "Fecha: ingrese una fecha válida (dd/mm/aaaa)."

Test(date, both_forms)
{
	expect_ok(&s_fecha, "15/08/2024");
	expect_ok(&s_fecha, "2024-08-15");
	expect_ok(&s_fecha, "31/01/2024");
	expect_ok(&s_fecha, "30/04/2024");
	expect_ok(&s_fecha, "2024-12-31");
	expect_ok(&s_fecha, " 15/08/2024 ");
	expect_msg(&s_fecha, "2024/08/15", DATE_MSG);
	expect_msg(&s_fecha, "15-08-2024", DATE_MSG);
	expect_msg(&s_fecha, "15.08.2024", DATE_MSG);
	expect_msg(&s_fecha, "1/8/2024", DATE_MSG);
	expect_msg(&s_fecha, "2024-8-15", DATE_MSG);
	expect_msg(&s_fecha, "15/08/24", DATE_MSG);
	expect_msg(&s_fecha, "15/08/2024x", DATE_MSG);
	expect_msg(&s_fecha, "15/08/2024 00:00", DATE_MSG);
	expect_msg(&s_fecha, "aa/bb/cccc", DATE_MSG);
	expect_msg(&s_fecha, "hoy", DATE_MSG);
}

Test(date, february_29)
{
	expect_ok(&s_fecha, "29/02/2024");
	expect_ok(&s_fecha, "2024-02-29");
	expect_ok(&s_fecha, "29/02/2000");   /* divisible by 400 */
	expect_ok(&s_fecha, "2000-02-29");
	expect_msg(&s_fecha, "29/02/2023", DATE_MSG);
	expect_msg(&s_fecha, "2023-02-29", DATE_MSG);
	expect_msg(&s_fecha, "29/02/1900", DATE_MSG);   /* divisible by 100 */
	expect_msg(&s_fecha, "2100-02-29", DATE_MSG);
	expect_msg(&s_fecha, "30/02/2024", DATE_MSG);
}

Test(date, days_that_do_not_exist)
{
	expect_msg(&s_fecha, "31/04/2024", DATE_MSG);
	expect_msg(&s_fecha, "2024-04-31", DATE_MSG);
	expect_msg(&s_fecha, "31/06/2024", DATE_MSG);
	expect_msg(&s_fecha, "31/09/2024", DATE_MSG);
	expect_msg(&s_fecha, "31/11/2024", DATE_MSG);
	expect_msg(&s_fecha, "00/01/2024", DATE_MSG);
	expect_msg(&s_fecha, "32/01/2024", DATE_MSG);
	expect_msg(&s_fecha, "01/00/2024", DATE_MSG);
	expect_msg(&s_fecha, "01/13/2024", DATE_MSG);
	expect_msg(&s_fecha, "2024-00-10", DATE_MSG);
	expect_msg(&s_fecha, "2024-13-10", DATE_MSG);
	expect_msg(&s_fecha, "2024-01-00", DATE_MSG);
}

Test(date, year_bounds)
{
	expect_ok(&s_fecha, "01/01/1900");
	expect_ok(&s_fecha, "1900-01-01");
	expect_ok(&s_fecha, "31/12/2999");
	expect_ok(&s_fecha, "2999-12-31");
	expect_msg(&s_fecha, "31/12/1899", DATE_MSG);
	expect_msg(&s_fecha, "1899-12-31", DATE_MSG);
	expect_msg(&s_fecha, "01/01/3000", DATE_MSG);
	expect_msg(&s_fecha, "3000-01-01", DATE_MSG);
	expect_msg(&s_fecha, "01/01/0000", DATE_MSG);
}

Test(date, every_field_is_digits_only)
{
	/* str_to_ll takes a sign, so a field of two or four characters must be
	 * checked for digits too. */
	static const char *const bad[] = { "+1/02/2024", "-1/02/2024", "01/ 2/2024", "01/+2/2024", "2024-+2-01",
					   "2024-02-+1", "+024-02-01", "1+24-02-01" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *m = param_check(&s_fecha, bad[i], LANG_ES, &A);
		cr_expect(m != NULL && strcmp(m, DATE_MSG) == 0, "desde = \"%s\" accepted", bad[i]);
	}
}

Test(date, own_message)
{
	static const struct param_spec s = P_DATE("d", .msg = "Seleccione un Código de OCE.");

	expect_msg(&s, "31/02/2024", "Seleccione un Código de OCE.");
}

/* ---- TOKEN ------------------------------------------------------------- */

static const struct param_spec s_token = P_TOKEN("t", .label = "Enlace");
#define TOKEN_MSG "Enlace: el valor no es válido; vuelva a cargar la página."
#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

Test(token, sixty_four_lowercase_hex_digits)
{
	expect_ok(&s_token, HEX64);
	expect_ok(&s_token, " " HEX64 " ");
	expect_ok(&s_token, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
	expect_msg(&s_token, "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", TOKEN_MSG);
	expect_msg(&s_token, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", TOKEN_MSG);
	expect_msg(&s_token, HEX64 "0", TOKEN_MSG);
	expect_msg(&s_token, "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TOKEN_MSG);
	expect_msg(&s_token, "0123456789abcdef0123456789abcdef 123456789abcdef0123456789abcdef", TOKEN_MSG);
	expect_msg(&s_token, "abc", TOKEN_MSG);
}

/* ---- KEY --------------------------------------------------------------- */

static const struct param_spec s_key = P_KEY("despues");
#define KEY_MSG "despues: el valor no es válido; vuelva a cargar la página."

Test(key, param_key_parses)
{
	long long a = 0, b = 0;

	cr_assert_eq(param_key("123.45", &a, &b), 0);
	cr_assert_eq(a, 123);
	cr_assert_eq(b, 45);
	cr_assert_eq(param_key("-7.0", &a, &b), 0);
	cr_assert_eq(a, -7);
	cr_assert_eq(b, 0);
	cr_assert_eq(param_key("1700000000.9223372036854775807", &a, &b), 0);
	cr_assert_eq(a, 1700000000);
	cr_assert_eq(b, 9223372036854775807LL);
}

Test(key, param_key_refuses)
{
	static const char *const bad[] = { "", "123", "123.", ".45", "1.-2", "1.2.3", "a.1", "1.a", "1,2",
					   " 1.2", "1.2 ", "9223372036854775808.1", "1.9223372036854775808",
					   "." };
	long long a, b;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(param_key(bad[i], &a, &b), -1, "\"%s\" accepted", bad[i]);
}

Test(key, as_a_parameter)
{
	expect_ok(&s_key, "123.45");
	expect_ok(&s_key, "-123.45");
	expect_ok(&s_key, " 123.45 ");
	expect_msg(&s_key, "123", KEY_MSG);
	expect_msg(&s_key, "123.-45", KEY_MSG);
	expect_msg(&s_key, "x.1", KEY_MSG);
	expect_msg(&s_key, "1.2.3", KEY_MSG);
	expect_msg(&s_key, "123 .45", KEY_MSG);
}

/* ---- English ----------------------------------------------------------- */

/* The kind's own message for an invalid value, in Spanish and English: the
 * English one must exist, differ, and not carry the Spanish sentence. */
static void expect_english(const struct param_spec *s, const char *v, const char *spanish_part)
{
	const char *es = param_check(s, v, LANG_ES, &A);
	const char *en = param_check(s, v, LANG_EN, &A);

	cr_assert_not_null(es, "%s = \"%s\" accepted", s->name, v ? v : "(null)");
	cr_assert_not_null(en, "%s = \"%s\" accepted in English", s->name, v ? v : "(null)");
	cr_assert(strstr(es, spanish_part) != NULL, "\"%s\" lacks \"%s\"", es, spanish_part);
	cr_expect_str_neq(en, es, "%s: no English for \"%s\"", s->name, es);
	cr_expect(strstr(en, spanish_part) == NULL, "%s: English \"%s\" is still Spanish", s->name, en);
}

Test(english, generic_messages_are_translated)
{
	static const struct param_spec req = P_TEXT("apellido", 5, .flags = P_REQUIRED, .label = "Apellido");

	expect_english(&req, "", "ingrese este dato");
	expect_english(&s_nombre, "abcdef", "admite como máximo");
	expect_english(&s_nombre, "a\x01", "caracteres de control");
	expect_english(&s_pagina, "x", "ingrese de 1 a 7 dígitos");
	expect_english(&s_tipo, "x", "ingrese 2 dígitos");
	expect_english(&s_cantidad, "x", "número entero");
	expect_english(&s_idioma, "fr", "elija una de las opciones");
	expect_english(&s_fecha, "31/02/2024", "fecha válida");
	expect_english(&s_token, "x", "vuelva a cargar la página");
	expect_english(&s_key, "x", "vuelva a cargar la página");
}

Test(english, exact_generic_messages)
{
	/* "Página", "Idioma" and "Nombre" have English. */
	expect_msg_lang(&s_pagina, "x", LANG_EN, "Page: enter 1 to 7 digits.");
	expect_msg_lang(&s_idioma, "fr", LANG_EN, "Language: choose one of the options in the list.");
	expect_msg_lang(&s_nombre, "abcdef", LANG_EN, "Name: at most 5 characters are allowed; it has 6.");
	expect_msg_lang(&s_fecha, "x", LANG_EN, "Date: enter a valid date (dd/mm/yyyy).");
}

Test(english, labels_are_translated)
{
	/* "Contraseña" and "ID. Usuario" are in the catalogue. */
	const char *en = param_check(&s_clave, "123456789", LANG_EN, &A);

	cr_assert_not_null(en);
	cr_assert(strncmp(en, "Password: ", 10) == 0, "\"%s\"", en);
	cr_assert(strstr(en, "8") != NULL && strstr(en, "9") != NULL, "\"%s\"", en);
}

Test(english, ruc_messages)
{
	expect_ruc_reason("1710034064", RUC_ERR_CHECK_DIGIT);
	expect_msg_lang(&s_ruc, "", LANG_EN,
			"The RUC entered is not valid: Enter the cédula number (10 digits) or the RUC number "
			"(13 digits).");
}

/* ---- params_validate --------------------------------------------------- */

static const struct param_spec p_mixed[] = {
	P_TEXT("nombre", 10, .label = "Nombre"),
	P_DIGITS("pagina", 1, 7, .label = "Página"),
	P_RUC("ruc", .label = "RUC"),
	P_TEXT("clave", 10, .flags = P_RAW, .label = "Contraseña"),
	P_ONE_OF("l", langs, .label = "Idioma"),
	P_DATE("desde", .label = "Fecha"),
	P_TOKEN("t", .label = "Enlace"),
	P_KEY("despues"),
	P_INT("n", 1, 9, .label = "Cantidad"),
	P_END };

Test(validate, trims_in_place)
{
	struct form f = form_of("nombre=++Ana++&pagina=%092+&ruc=+1790011674001+&clave=++pw++&l=+en"
				"&desde=+01/02/2024+&t=+" HEX64 "&despues=+1.2+&n=+3+");
	struct form_errors errs = { .n = 0 };

	cr_assert_eq(params_validate(p_mixed, &f, LANG_ES, &A, &errs), 0, "%s", errs.n ? errs.e[0].msg : "");
	cr_assert_eq(errs.n, 0);
	cr_assert_str_eq(field(&f, "nombre")->value, "Ana");
	cr_assert_eq(field(&f, "nombre")->len, 3);
	cr_assert_str_eq(field(&f, "pagina")->value, "2");
	cr_assert_eq(field(&f, "pagina")->len, 1);
	cr_assert_str_eq(field(&f, "ruc")->value, "1790011674001");
	cr_assert_eq(field(&f, "ruc")->len, 13);
	cr_assert_str_eq(field(&f, "clave")->value, "  pw  ", "P_RAW is not trimmed");
	cr_assert_eq(field(&f, "clave")->len, 6);
	cr_assert_str_eq(field(&f, "l")->value, "en");
	cr_assert_str_eq(field(&f, "desde")->value, "01/02/2024");
	cr_assert_str_eq(field(&f, "t")->value, HEX64);
	cr_assert_str_eq(field(&f, "despues")->value, "1.2");
	cr_assert_str_eq(field(&f, "n")->value, "3");
	cr_assert_eq(field(&f, "n")->len, 1);
}

Test(validate, untrimmed_values_stay_put)
{
	struct form f = form_of("nombre=Ana&pagina=2");
	const char *before = field(&f, "nombre")->value;
	struct form_errors errs = { .n = 0 };

	cr_assert_eq(params_validate(p_mixed, &f, LANG_ES, &A, &errs), 0);
	cr_assert_eq(field(&f, "nombre")->value, before);
}

Test(validate, one_message_per_field_in_declaration_order)
{
	/* The form lists them in another order; messages follow the specs. */
	struct form f = form_of("n=0&despues=x&t=x&desde=x&l=x&ruc=1&pagina=x&nombre=%01&clave=12345678901");
	struct form_errors errs = { .n = 0 };
	static const char *const order[] = { "nombre", "pagina", "ruc", "clave", "l", "desde", "t", "despues",
					     "n" };

	cr_assert_eq(params_validate(p_mixed, &f, LANG_ES, &A, &errs), 9);
	cr_assert_eq(errs.n, 9);
	for (size_t i = 0; i < 9; i++) {
		cr_assert_str_eq(errs.e[i].field, order[i]);
		cr_assert_not_null(errs.e[i].msg);
	}
	cr_assert_str_eq(form_errors_get(&errs, "pagina"), "Página: ingrese de 1 a 7 dígitos.");
	cr_assert_str_eq(form_errors_get(&errs, "nombre"), "Nombre: contiene caracteres de control que no se admiten.");
	cr_assert_str_eq(form_errors_get(&errs, "n"), "Cantidad: ingrese un número entero de 1 a 9.");
	cr_assert_str_eq(form_errors_get(&errs, "ruc"),
			 "El RUC ingresado no es válido: Debe tener 13 dígitos (RUC) o 10 dígitos (cédula).");
}

Test(validate, missing_required_and_absent_optional)
{
	static const struct param_spec specs[] = {
		P_TEXT("usuario", 10, .flags = P_REQUIRED, .label = "ID. Usuario", .missing = "Ingrese su ID. Usuario."),
		P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
		P_DIGITS("pagina", 1, 7),
		P_TEXT("clave", 10, .flags = P_REQUIRED | P_RAW, .label = "Contraseña"),
		P_END };
	struct form f = form_of("usuario=+++&otro=1");
	struct form_errors errs = { .n = 0 };

	cr_assert_eq(params_validate(specs, &f, LANG_ES, &A, &errs), 3);
	cr_assert_str_eq(errs.e[0].field, "usuario");
	cr_assert_str_eq(errs.e[0].msg, "Ingrese su ID. Usuario.");
	cr_assert_str_eq(errs.e[1].field, "ruc");
	cr_assert_str_eq(errs.e[1].msg, "El RUC ingresado no es válido: Escriba el número de cédula (10 "
			 "dígitos) o de RUC (13 dígitos).");
	cr_assert_str_eq(errs.e[2].field, "clave");
	cr_assert_str_eq(errs.e[2].msg, "Contraseña: ingrese este dato.");
	cr_assert_null(form_errors_get(&errs, "pagina"));
	cr_assert_null(form_errors_get(&errs, "otro"));
}

Test(validate, keeps_the_first_message_of_a_field)
{
	struct form f = form_of("pagina=x&n=x");
	struct form_errors errs = { .n = 0 };

	form_errors_add(&errs, "pagina", "ya tenía uno");
	form_errors_add(&errs, "", "del formulario");
	/* Only the message it adds counts: n's. */
	cr_assert_eq(params_validate(p_mixed, &f, LANG_ES, &A, &errs), 1);
	cr_assert_eq(errs.n, 3);
	cr_assert_str_eq(form_errors_get(&errs, "pagina"), "ya tenía uno");
	cr_assert_str_eq(form_errors_get(&errs, ""), "del formulario");
	cr_assert_str_eq(errs.e[2].field, "n");
}

Test(validate, in_english)
{
	struct form f = form_of("ruc=1710034064");
	struct form_errors errs = { .n = 0 };

	cr_assert_eq(params_validate(p_mixed, &f, LANG_EN, &A, &errs), 1);
	cr_assert_str_eq(errs.e[0].msg, "The RUC entered is not valid: The check digit does not match: check "
			 "that the number is typed correctly.");
}

Test(validate, no_specs)
{
	struct form f = form_of("a=1");
	struct form_errors errs = { .n = 0 };
	static const struct param_spec none[] = { P_END };

	cr_assert_eq(params_validate(NULL, &f, LANG_ES, &A, &errs), 0);
	cr_assert_eq(params_validate(none, &f, LANG_ES, &A, &errs), 0);
	cr_assert_eq(errs.n, 0);
	cr_assert_str_eq(f.fields[0].value, "1");
}

/* ---- params_filter ----------------------------------------------------- */

static const struct param_spec p_login[] = {
	P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
	P_TEXT("usuario", LIMIT_USUARIO_BYTES, .flags = P_REQUIRED, .label = "ID. Usuario"),
	P_TEXT("clave", LIMIT_PASSWORD_BYTES, .flags = P_REQUIRED | P_RAW, .label = "Contraseña"),
	P_END };

Test(filter, keeps_declared_fields_only)
{
	struct form in = form_of("x=1&clave=s3cr3t&csrf=t&usuario=ana&ruc=1790011674001&y=2");
	struct form out;

	cr_assert_eq(params_filter(p_login, &in, &out), 0);
	cr_assert_eq(out.n, 3);
	/* In the order sent. */
	cr_assert_str_eq(out.fields[0].name, "clave");
	cr_assert_str_eq(out.fields[1].name, "usuario");
	cr_assert_str_eq(out.fields[2].name, "ruc");
	cr_assert_str_eq(form_get(&out, "clave"), "s3cr3t");
	cr_assert_eq(out.fields[0].len, 6);
	cr_assert_str_eq(form_get(&out, "ruc"), "1790011674001");
	cr_assert_null(form_get(&out, "x"));
	cr_assert_null(form_get(&out, "csrf"));
	cr_assert_null(form_get(&out, "y"));
}

Test(filter, missing_declared_fields_are_fine)
{
	struct form in = form_of("usuario=ana");
	struct form out;

	cr_assert_eq(params_filter(p_login, &in, &out), 0);
	cr_assert_eq(out.n, 1);
	cr_assert_null(form_get(&out, "ruc"));
}

Test(filter, no_specs_drops_everything)
{
	struct form in = form_of("a=1&b=2");
	struct form out;
	static const struct param_spec none[] = { P_END };

	cr_assert_eq(params_filter(NULL, &in, &out), 0);
	cr_assert_eq(out.n, 0);
	in = form_of("a=1&b=2");
	cr_assert_eq(params_filter(none, &in, &out), 0);
	cr_assert_eq(out.n, 0);
}

Test(filter, empty_form)
{
	struct form in = form_of("");
	struct form out;

	cr_assert_eq(params_filter(p_login, &in, &out), 0);
	cr_assert_eq(out.n, 0);
}

Test(filter, declared_field_given_twice_is_refused)
{
	struct form in = form_of("usuario=ana&ruc=1&usuario=eve");
	struct form out;

	cr_assert_eq(params_filter(p_login, &in, &out), -1);
	in = form_of("usuario&usuario=eve");
	cr_assert_eq(params_filter(p_login, &in, &out), -1);
	in = form_of("clave=a&clave=a");
	cr_assert_eq(params_filter(p_login, &in, &out), -1);
}

Test(filter, undeclared_field_twice_is_dropped)
{
	struct form in = form_of("x=1&usuario=ana&x=2&csrf=a&csrf=b");
	struct form out;

	cr_assert_eq(params_filter(p_login, &in, &out), 0);
	cr_assert_eq(out.n, 1);
	cr_assert_str_eq(form_get(&out, "usuario"), "ana");
}

Test(filter, names_are_exact)
{
	struct form in = form_of("Usuario=a&usuario+=b&ruc2=c&ru=d");
	struct form out;

	cr_assert_eq(params_filter(p_login, &in, &out), 0);
	cr_assert_eq(out.n, 0);
}

/* ---- form_errors ------------------------------------------------------- */

Test(form_errors, add_and_get)
{
	struct form_errors errs = { .n = 0 };

	form_errors_add(&errs, "ruc", "uno");
	form_errors_add(&errs, "clave", "dos");
	form_errors_add(&errs, "ruc", "tres");
	form_errors_add(&errs, "", "del formulario");
	cr_assert_eq(errs.n, 3);
	cr_assert_str_eq(form_errors_get(&errs, "ruc"), "uno");
	cr_assert_str_eq(form_errors_get(&errs, "clave"), "dos");
	cr_assert_str_eq(form_errors_get(&errs, ""), "del formulario");
	cr_assert_null(form_errors_get(&errs, "usuario"));
	cr_assert_null(form_errors_get(&errs, "RUC"));
}

Test(form_errors, stops_at_the_limit)
{
	static char names[LIMIT_FORM_ERRORS + 8][16];
	struct form_errors errs = { .n = 0 };

	for (size_t i = 0; i < LIMIT_FORM_ERRORS + 8; i++) {
		snprintf(names[i], sizeof(names[i]), "f%zu", i);
		form_errors_add(&errs, names[i], names[i]);
		cr_assert_eq(errs.n, i < LIMIT_FORM_ERRORS ? i + 1 : LIMIT_FORM_ERRORS);
	}
	cr_assert_str_eq(form_errors_get(&errs, "f0"), "f0");
	cr_assert_str_eq(form_errors_get(&errs, names[LIMIT_FORM_ERRORS - 1]), names[LIMIT_FORM_ERRORS - 1]);
	cr_assert_null(form_errors_get(&errs, names[LIMIT_FORM_ERRORS]));
	/* A field already there keeps its message; nothing is overwritten. */
	form_errors_add(&errs, "f0", "otro");
	cr_assert_str_eq(form_errors_get(&errs, "f0"), "f0");
	cr_assert_eq(errs.n, LIMIT_FORM_ERRORS);
}

Test(form_errors, get_on_null)
{
	cr_assert_null(form_errors_get(NULL, "ruc"));
	cr_assert_null(form_errors_get(NULL, ""));
}

/* ---- running out of memory --------------------------------------------- */

/* Messages are built in the arena; when it is full, an invalid value must
 * still be refused (with a static message), never passed as valid. */
Test(no_memory, an_invalid_value_is_never_valid)
{
	static const struct param_spec specs[] = {
		P_TEXT("nombre", 3, .flags = P_REQUIRED, .label = "Nombre"),
		P_DIGITS("pagina", 1, 7, .label = "Página"),
		P_INT("n", 1, 9, .label = "Cantidad"),
		P_ONE_OF("l", langs, .label = "Idioma"),
		P_RUC("ruc", .flags = P_REQUIRED, .label = "RUC"),
		P_DATE("desde", .label = "Fecha"),
		P_TOKEN("t", .label = "Enlace"),
		P_KEY("despues"),
		P_END };
	static const char *const bad[] = { "abcdef", "x", "x", "x", "1", "x", "x", "x" };
	struct arena full;

	arena_init(&full, 0);
	for (size_t i = 0; specs[i].name; i++) {
		cr_expect_not_null(param_check(&specs[i], bad[i], LANG_ES, &full), "%s = \"%s\" accepted",
				   specs[i].name, bad[i]);
		if (specs[i].flags & P_REQUIRED)
			cr_expect_not_null(param_check(&specs[i], NULL, LANG_ES, &full), "%s missing accepted",
					   specs[i].name);
	}
	{
		/* nombre too long, pagina junk, ruc missing. */
		struct form f = form_of("nombre=abcdef&pagina=x");
		struct form_errors errs = { .n = 0 };
		cr_expect_eq(params_validate(specs, &f, LANG_ES, &full, &errs), 3);
	}
	arena_free(&full);
}

/* A prefix parameter (the e-document form's "f." inputs): every name that
 * starts with it is kept, in order, twice too (the handler decides), each
 * checked under its own name. */
static const struct param_spec p_prefix[] = {
	P_TEXT("accion", 16, .label = "Acción"),
	P_TEXT("f.", 10, .flags = P_PREFIX | P_MULTILINE, .label = "Campo"),
	P_END };

Test(filter, a_prefix_keeps_every_name_it_starts)
{
	struct form in = form_of("f.a=1&x=2&f.items.1.b=%20tres%20&f.a=4&accion=enviar&g.a=5&f=6");
	struct form out;
	struct form_errors errs = { .n = 0 };

	cr_assert_eq(params_filter(p_prefix, &in, &out), 0);
	cr_assert_eq(out.n, 4);
	cr_assert_str_eq(out.fields[0].name, "f.a");
	cr_assert_str_eq(out.fields[1].name, "f.items.1.b");
	cr_assert_str_eq(out.fields[2].name, "f.a", "a prefix name twice is the handler's to judge");
	cr_assert_str_eq(out.fields[3].name, "accion");
	cr_assert_eq(params_validate(p_prefix, &out, LANG_ES, &A, &errs), 0);
	cr_assert_str_eq(out.fields[1].value, "tres", "trimmed like any text");
	in = form_of("accion=a&accion=b");
	cr_assert_eq(params_filter(p_prefix, &in, &out), -1, "a plain name twice is still refused");
}

Test(validate, a_prefix_checks_each_under_its_own_name)
{
	struct form in = form_of("f.a=ok&f.b=12345678901&f.c=l%C3%ADnea%0Aotra&f.d=a%07b");
	struct form out;
	struct form_errors errs = { .n = 0 };

	cr_assert_eq(params_filter(p_prefix, &in, &out), 0);
	cr_assert_eq(params_validate(p_prefix, &out, LANG_ES, &A, &errs), 2);
	cr_assert_str_eq(errs.e[0].field, "f.b", "too long");
	cr_assert_str_eq(errs.e[1].field, "f.d", "a control character");
	cr_assert_null(form_errors_get(&errs, "f.c"), "line breaks allowed (P_MULTILINE)");
}
