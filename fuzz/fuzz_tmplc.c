/*
 * fuzz_tmplc — the template compiler (tools/tmplc.c) on arbitrary templates.
 *
 * tmplc's input is the project's own templates, but it is a parser like any
 * other: it must refuse malformed input with an error, never crash, read out
 * of bounds or loop.  The file is included whole (its main renamed) so the
 * static tokenizer and emitters can be driven directly.  Invariants checked:
 * a template that loads emits C without error, the emitted C holds no NUL
 * byte, and the token list covers the source in order.
 */
#define main tmplc_main
#include "../tools/tmplc.c"
#undef main

#include <stdint.h>

int tmplc_main(int argc, char **argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[512];

static void remove_path(void)
{
	remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl t;
	FILE *f;
	char *out = NULL;
	size_t outlen = 0;

	if (size > 64 * 1024)
		return 0;
	if (path[0] == '\0') {
		const char *dir = getenv("TMPDIR");
		snprintf(path, sizeof(path), "%s/fuzz-tmplc-%ld.html", dir ? dir : "/tmp", (long)getpid());
		atexit(remove_path);
	}
	errf_quiet = 1;
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (tmpl_load(&t, path) == 0) {
		for (size_t i = 0; i < t.ntoks; i++) {
			const struct tok *tk = &t.toks[i];
			if (tk->p < t.src || tk->p + tk->len > t.src + t.len)
				abort();   /* a token outside the source */
			if (i > 0 && tk->p < t.toks[i - 1].p)
				abort();   /* tokens out of order */
		}
		f = open_memstream(&out, &outlen);
		if (f == NULL)
			abort();
		if (emit_c(f, &t) != 0)
			abort();
		fclose(f);
		if (memchr(out, '\0', outlen) != NULL)
			abort();
		free(out);
	}
	tmpl_free(&t);
	return 0;
}
