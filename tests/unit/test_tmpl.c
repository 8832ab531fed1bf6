/*
 * Unit tests of tools/tmplc through the code it generates: the build runs
 *   tmplc -o tmpl_fixture.c tests/unit/tmpl_fixture.html
 *   tmplc -H tmpl_fixture.h tests/unit/tmpl_fixture.html
 * and links this file with tmpl_fixture.c and the template runtime. The
 * fixture uses every directive form; these tests check the exact output,
 * that control-only lines leave no blank lines, and that values are escaped
 * unless marked raw. They rely only on buf_init/buf_free, b.data/b.len, the
 * five escapes of buf_put_html and i18n_tr(lang, es) returning es for
 * Spanish (lang 0).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tmpl_fixture.h"
#include "tmpl_support.h"

#define EVIL "<script>&\"'"
#define EVIL_HTML "&lt;script&gt;&amp;&quot;&#39;"

/* The fixture rendered as a C string; the caller frees it. */
static char *render(int lang, const char *name, int n)
{
	struct buf b;
	char *s;

	buf_init(&b, 1 << 20);
	tmpl_fixture(&b, lang, name, n);
	s = tmpl_test_str(&b);
	buf_free(&b);
	return s;
}

Test(tmpl, list_exact_output)
{
	char *s = render(0, EVIL, 2);

	cr_assert_str_eq(s,
	    "<h1>Hola, " EVIL_HTML "!</h1>\n"
	    "<ol>\n"
	    "  <li data-i=\"0\">10</li>\n"
	    "  <li data-i=\"1\">20</li>\n"
	    "</ol>\n"
	    "<p title=\"" EVIL_HTML "\"><b>raw</b> back\\slash \"q\" ?\?= 100% "
	    "Añadir</p>\n"
	    "<pre>a\tb</pre>\n"
	    "<p></p>\n");
	free(s);
}

Test(tmpl, else_branch_and_inline_if)
{
	char *s = render(0, "x", 0);

	cr_assert_str_eq(s,
	    "<h1>Hola, x!</h1>\n"
	    "<p>Sin resultados para &quot;ñandú&quot;</p>\n"
	    "<p title=\"x\"><b>raw</b> back\\slash \"q\" ?\?= 100% Añadir</p>\n"
	    "<pre>a\tb</pre>\n"
	    "<p></p>\n");
	free(s);
	s = render(0, "", 1);
	cr_assert(strstr(s, "<p>one</p>\n") != NULL, "got:\n%s", s);
	free(s);
}

/* English: whatever the catalogue says, escaped like any other value. */
Test(tmpl, translated_strings_are_escaped)
{
	char *hola = tmpl_test_escape(i18n_tr(1, "Hola"));
	char *none = tmpl_test_escape(i18n_tr(1,
	    "Sin resultados para \"ñandú\""));
	char *add = tmpl_test_escape(i18n_tr(1, "Añadir"));
	char *want = tmpl_test_cat(
	    "<h1>", hola, ", " EVIL_HTML "!</h1>\n"
	    "<p>", none, "</p>\n"
	    "<p title=\"" EVIL_HTML "\"><b>raw</b> back\\slash \"q\" ?\?= 100% ",
	    add, "</p>\n"
	    "<pre>a\tb</pre>\n"
	    "<p></p>\n", (const char *)NULL);
	char *s = render(1, EVIL, 0);

	cr_assert_str_eq(s, want);
	free(s);
	free(want);
	free(add);
	free(none);
	free(hola);
}

Test(tmpl, control_lines_leave_no_blank_lines)
{
	for (int lang = 0; lang <= 1; lang++) {
		for (int n = 0; n <= 3; n++) {
			char *s = render(lang, "v", n);
			const char *line = s;

			cr_assert(s[0] != '\0' && s[strlen(s) - 1] == '\n');
			while (*line != '\0') {
				const char *nl = strchr(line, '\n');
				size_t len = strspn(line, " \t");

				cr_assert(nl != NULL);
				cr_assert(line + len != nl,
				    "blank line (lang %d, n %d) in:\n%s",
				    lang, n, s);
				line = nl + 1;
			}
			free(s);
		}
	}
}

Test(tmpl, values_escaped_raw_not)
{
	char *s = render(0, EVIL, 1);
	const char *p = s;
	int count = 0;

	cr_assert(strstr(s, "<script>") == NULL, "unescaped value:\n%s", s);
	cr_assert(strchr(s, '\'') == NULL);
	while ((p = strstr(p, EVIL_HTML)) != NULL) {
		count++;
		p++;
	}
	cr_assert_eq(count, 2);
	cr_assert(strstr(s, "<b>raw</b>") != NULL, "raw output escaped:\n%s",
	    s);
	free(s);
}
