/*
 * test_i18n.c — unit tests of src/web/i18n.c, and the completeness check of
 * the English catalogue.
 *
 * i18n_tr returns its argument itself for Spanish and for any text without a
 * translation (so a page never shows a blank), and the English otherwise,
 * before and after i18n_init sorts the catalogue.  The completeness test asks
 * the template compiler for every {{_ "..."}} literal of the templates in src/web/tmpl
 * (`tmplc -m`, one C string literal a line) and requires an English entry
 * for each: a new Spanish string in a template without a translation fails
 * here, not in front of an English-speaking user.  Tests run from the repo
 * root (make unit), after the build made build/tools/tmplc.
 */
#include <criterion/criterion.h>
#include <dirent.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/edoc_form.h"
#include "web/i18n.h"

/* Finds the tmplc of the build this test belongs to: the test is
 * $(OUT)/tests/test_i18n and the tool $(OUT)/tools/tmplc (OUT is build or
 * build/asan); build/tools/tmplc otherwise.  Writes the path into out. */
static void find_tmplc(char *out, size_t n)
{
	char exe[1024];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (k > 0) {
		char *slash;
		exe[k] = '\0';
		slash = strrchr(exe, '/');                 /* .../tests/test_i18n */
		if (slash) {
			*slash = '\0';
			slash = strrchr(exe, '/');         /* .../tests */
			if (slash) {
				*slash = '\0';
				snprintf(out, n, "%s/tools/tmplc", exe);
				if (access(out, X_OK) == 0)
					return;
			}
		}
	}
	snprintf(out, n, "build/tools/tmplc");
}

Test(i18n, spanish_is_the_key)
{
	static const char es[] = "Iniciar sesión";
	static const char unknown[] = "no existe";

	cr_assert_eq(i18n_tr(LANG_ES, es), es, "Spanish returns the very same pointer");
	cr_assert_eq(i18n_tr(LANG_ES, unknown), unknown);
	i18n_init();
	cr_assert_eq(i18n_tr(LANG_ES, es), es);
}

Test(i18n, english_before_init)
{
	cr_assert_str_eq(i18n_tr(LANG_EN, "Iniciar sesión"), "Sign in");
	cr_assert_str_eq(i18n_tr(LANG_EN, "Contraseña"), "Password");
	cr_assert(i18n_has("Cerrar sesión"));
}

Test(i18n, english_after_init)
{
	i18n_init();
	i18n_init();   /* idempotent */
	cr_assert_str_eq(i18n_tr(LANG_EN, "Iniciar sesión"), "Sign in");
	cr_assert_str_eq(i18n_tr(LANG_EN, "Cerrar sesión"), "Sign out");
	cr_assert_str_eq(i18n_tr(LANG_EN, "Página no encontrada"), "Page not found");
	cr_assert_str_eq(i18n_tr(LANG_EN, "de"), "of");
	cr_assert_str_eq(i18n_tr(LANG_EN, "De"), "From", "keys are case-sensitive");
	cr_assert(i18n_has("Ingresar"));
	cr_assert_not(i18n_has("Ingresar "));
}

Test(i18n, unknown_text_is_returned_as_is)
{
	static const char unknown[] = "Texto sin traducción";

	cr_assert_eq(i18n_tr(LANG_EN, unknown), unknown);
	i18n_init();
	cr_assert_eq(i18n_tr(LANG_EN, unknown), unknown);
	cr_assert_not(i18n_has(unknown));
	cr_assert_not(i18n_has(""));
}

Test(i18n, null_and_other_languages)
{
	static const char es[] = "Contraseña";

	cr_assert_null(i18n_tr(LANG_EN, NULL));
	cr_assert_null(i18n_tr(LANG_ES, NULL));
	/* Anything but LANG_EN is Spanish. */
	cr_assert_eq(i18n_tr(7, es), es);
	cr_assert_eq(i18n_tr(-1, es), es);
}

Test(i18n, english_is_never_empty)
{
	static const char *const keys[] = { "Iniciar sesión", "ID. Usuario", "Contraseña", "Ingresar",
					    "Consultar", "Noticias" };

	i18n_init();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *en = i18n_tr(LANG_EN, keys[i]);
		cr_assert_not_null(en);
		cr_assert_neq(en[0], '\0', "%s", keys[i]);
		cr_assert_str_neq(en, keys[i], "%s is not translated", keys[i]);
	}
}

/* ---- completeness ------------------------------------------------------ */

/* Decodes the C string literal at the start of line (after blanks) into out;
 * returns 0, or -1 when the line is not exactly one such literal. */
static int parse_literal(const char *line, char *out, size_t outsz)
{
	const char *p = line;
	size_t o = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '"')
		return -1;
	for (; *p && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			p++;
			switch (*p) {
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			case '\'': c = '\''; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			default: return -1;   /* not used by templates; refuse rather than guess */
			}
		}
		if (o + 1 >= outsz)
			return -1;
		out[o++] = c;
	}
	if (*p != '"')
		return -1;
	p++;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '\0')
		return -1;
	out[o] = '\0';
	return 0;
}

Test(i18n, literal_parser)
{
	char s[64];

	cr_assert_eq(parse_literal("\"a\\\"b\\\\c\"\n", s, sizeof(s)), 0);
	cr_assert_str_eq(s, "a\"b\\c");
	cr_assert_eq(parse_literal("\"«Página»\"", s, sizeof(s)), 0);
	cr_assert_str_eq(s, "«Página»");
	cr_assert_eq(parse_literal("\"open", s, sizeof(s)), -1);
	cr_assert_eq(parse_literal("x\"a\"", s, sizeof(s)), -1);
	cr_assert_eq(parse_literal("\"a\" \"b\"", s, sizeof(s)), -1);
}

Test(i18n, every_template_string_has_english)
{
	FILE *f;
	char tool[1100], cmd[1200], line[4096], text[4096], first[4096] = "";
	size_t count = 0, missing = 0;
	int status;

	find_tmplc(tool, sizeof(tool));
	cr_assert_eq(access(tool, X_OK), 0, "%s not built (make unit builds it)", tool);
	cr_assert_eq(access("src/web/tmpl", R_OK), 0, "run the tests from the repo root");
	cr_assert_null(strpbrk(tool, "'\"$`\\"), "unexpected characters in %s", tool);
	snprintf(cmd, sizeof(cmd), "'%s' -m src/web/tmpl/*.html", tool);
	f = popen(cmd, "r");
	cr_assert_not_null(f, "popen failed");
	i18n_init();
	while (fgets(line, sizeof(line), f) != NULL) {
		cr_assert_not_null(strchr(line, '\n'), "line too long: %.80s", line);
		cr_assert_eq(parse_literal(line, text, sizeof(text)), 0, "not a C string literal: %s",
			     line);
		count++;
		if (!i18n_has(text)) {
			cr_log_error("no English for \"%s\"", text);
			if (missing++ == 0)
				snprintf(first, sizeof(first), "%s", text);
		}
	}
	status = pclose(f);
	cr_assert_eq(status, 0, "tmplc -m failed (status %d)", status);
	cr_assert_gt(count, 20, "tmplc -m gave only %zu strings", count);
	cr_assert_eq(missing, 0, "%zu of %zu template strings have no English in src/web/i18n.c, "
		     "the first: \"%s\"", missing, count, first);
}

/* ---- strings in C code --------------------------------------------------- */

/* Reads a whole source file into a NUL-terminated malloc'ed buffer. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "cannot open %s (run the tests from the repo root)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Decodes the literal starting at *pp ('"'), advancing past it; -1 if none. */
static int take_literal(const char **pp, char *out, size_t outsz)
{
	const char *p = *pp, *end;
	char tmp[4096];

	if (*p != '"')
		return -1;
	end = p + 1;
	while (*end && *end != '"')
		end += (*end == '\\' && end[1]) ? 2 : 1;
	if (*end != '"' || (size_t)(end - p + 2) > sizeof(tmp))
		return -1;
	memcpy(tmp, p, (size_t)(end - p + 1));
	tmp[end - p + 1] = '\0';
	*pp = end + 1;
	return parse_literal(tmp, out, outsz);
}

/* For each marker, the literal(s) right after it (past digits, commas and
 * blanks) must have an English translation.  Returns how many were checked. */
static size_t check_markers(const char *src, const char *file, const char *marker, int nlits)
{
	size_t checked = 0;
	char text[4096];

	for (const char *p = strstr(src, marker); p; p = strstr(p + 1, marker)) {
		const char *q = p + strlen(marker);
		for (int k = 0; k < nlits; k++) {
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == ',' || (*q >= '0' && *q <= '9'))
				q++;
			if (*q != '"')
				break;   /* a variable, not a literal: checked where it is defined */
			cr_assert_eq(take_literal(&q, text, sizeof(text)), 0, "%s: bad literal after %s", file, marker);
			cr_assert(i18n_has(text), "%s: no English in src/web/i18n.c for \"%s\"", file, text);
			checked++;
		}
	}
	return checked;
}

Test(i18n, every_code_string_shown_to_users_has_english)
{
	static const char *const dirs[] = { "src/web", "src/web/pages" };
	static const char *const markers[] = {
		"i18n_tr(c->lang, ", "i18n_tr(c.lang, ", "i18n_tr(lang, ", "page_init(c, ",
		"#define MSG_GENERIC ", ".missing = ", ".msg = ", ".label = ", "say(s, lang, a, ",
		"menu_titles[4] = {",
	};
	size_t checked = 0, files = 0;

	i18n_init();
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;

		cr_assert_not_null(dir, "cannot open %s (run the tests from the repo root)", dirs[d]);
		while ((e = readdir(dir)) != NULL) {
			char path[512];
			size_t n = strlen(e->d_name);
			char *src;

			if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
			src = slurp(path);
			for (size_t m = 0; m < sizeof(markers) / sizeof(markers[0]); m++)
				checked += check_markers(src, path, markers[m], 1);
			checked += check_markers(src, path, "\t{ 4", 2);   /* error_texts: title, message */
			checked += check_markers(src, path, "\t{ 5", 2);
			free(src);
			files++;
		}
		closedir(dir);
	}
	cr_assert_gt(files, 8, "only %zu files read", files);
	cr_assert_gt(checked, 60, "only %zu strings found: did the code's shape change?", checked);
}

/* The e-document forms' words (domain/edoc_form.c) are shown in both
 * languages too: every label, group title, choice and row title. */
Test(i18n, edoc_forms_are_translated)
{
	static const char *const choice_lists[] = { "regime_import", "regime_export", "level", "kind" };

	for (enum edoc_type t = EDOC_DAI; t <= EDOC_DOCTRANSPORTE; t++) {
		const struct edoc_form *f = edoc_form_of(t);

		for (size_t i = 0; i < f->nhead; i++) {
			cr_expect(i18n_has(f->head[i].label), "no English for \"%s\"", f->head[i].label);
			if (f->head[i].section)
				cr_expect(i18n_has(f->head[i].section), "no English for \"%s\"", f->head[i].section);
		}
		for (size_t i = 0; i < f->nrow; i++)
			cr_expect(i18n_has(f->row[i].label), "no English for \"%s\"", f->row[i].label);
		cr_expect(i18n_has(edoc_type_title(t)), "no English for \"%s\"", edoc_type_title(t));
		if (f->rows_title) {
			cr_expect(i18n_has(f->rows_title));
			cr_expect(i18n_has(f->row_title));
			cr_expect(i18n_has(f->row_noun));
		}
	}
	for (size_t l = 0; l < sizeof(choice_lists) / sizeof(choice_lists[0]); l++) {
		size_t n;
		const struct edoc_choice *c = edoc_choices(choice_lists[l], &n);

		for (size_t i = 0; i < n; i++)
			cr_expect(i18n_has(c[i].label), "no English for \"%s\"", c[i].label);
	}
}
