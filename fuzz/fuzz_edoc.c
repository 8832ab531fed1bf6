/*
 * fuzz_edoc.c — libFuzzer target for the e-document validation path
 * (src/domain/edoc*.c): edoc_parse, then edoc_check_rules on what it accepts.
 *
 * Feeds arbitrary bytes, exactly as sized by libFuzzer (no NUL terminator, so
 * AddressSanitizer catches any read past the input), and aborts when a result
 * breaks a promise of edoc.h:
 *   - the return value is one of enum edoc_rc, never EDOC_ERR_INIT (the
 *     schemas are compiled once, in LLVMFuzzerInitialize) and never
 *     EDOC_ERR_NOMEM with the large arena;
 *   - EDOC_OK <=> no error was added; EDOC_INVALID => at least one; the list
 *     keeps at most EDOC_MAX_ERRORS entries and its counts cover them; every
 *     entry has a known code, a path, a field equal to edoc_field_key(path)
 *     and a message, all valid UTF-8;
 *   - an accepted document has a known type, its arrays within their caps
 *     (items, transport documents, containers per document and per manifest)
 *     and every field its type requires set; a document holding "<!DOCTYPE"
 *     is never accepted;
 *   - the rules, with a fake lookup, return EDOC_OK or EDOC_INVALID and keep
 *     the list bounded;
 *   - edoc_values (the flat values of edoc_form.h, the same secure parse)
 *     agrees: nothing from a DOCTYPE, sorted unique UTF-8 keys;
 *   - with a tiny arena the parse fails cleanly (EDOC_ERR_NOMEM) or gives the
 *     same verdict, and never uses more than that arena.
 * Arenas are freed after each run, so leaks show up under LeakSanitizer.
 *
 * Seeds: fuzz/corpus/edoc/ (the four samples of schemas/samples and broken
 * variants).  Build by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Ibuild/gen \
 *     $(pkg-config --cflags libxml-2.0) fuzz/fuzz_edoc.c build/fuzz/libaduana.a \
 *     $(pkg-config --libs libxml-2.0) -lpthread
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/edoc.h"
#include "domain/edoc_form.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

static bool fake_in_list(void *ctx, const char *list, const char *code)
{
	(void)ctx;
	require(list != NULL && code != NULL);
	/* half of everything exists: both branches of every rule run */
	return (strlen(code) + strlen(list)) % 2 == 0;
}

static void check_errors(const struct edoc_errors *e, struct arena *a)
{
	require(e->n <= EDOC_MAX_ERRORS);
	require(e->n <= e->errors + e->warnings);
	require(e->n == 0 || e->v != NULL);
	for (size_t i = 0; i < e->n; i++) {
		const struct edoc_error *x = &e->v[i];
		const char *key;

		require(strcmp(edoc_code_name(x->code), "unknown") != 0);
		require(x->severity == EDOC_SEV_ERROR || x->severity == EDOC_SEV_WARNING);
		require(x->line >= 0);
		require(x->path != NULL && x->field != NULL && x->message != NULL);
		require(x->message[0] != '\0');
		require(utf8_valid(x->path, strlen(x->path)));
		require(utf8_valid(x->field, strlen(x->field)));
		require(utf8_valid(x->message, strlen(x->message)));
		key = edoc_field_key(a, x->path);
		require(key != NULL && strcmp(key, x->field) == 0);
	}
}

static bool digits(const char *s, size_t n)
{
	if (s == NULL || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void check_tdoc(const struct edoc_tdoc *t, bool alone, size_t *containers)
{
	require(t->number != NULL && t->level != NULL && t->consignee_name != NULL);
	require(t->description != NULL && t->package_type != NULL);
	require(strcmp(t->level, "MASTER") == 0 || strcmp(t->level, "HOUSE") == 0);
	require(t->packages >= 0 && t->gross_milli >= 0);
	require(t->consignee_ruc == NULL || digits(t->consignee_ruc, 13));
	require(t->ncontainers <= EDOC_MAX_CONTAINERS);
	require(t->ncontainers == 0 || t->containers != NULL);
	for (size_t j = 0; j < t->ncontainers; j++)
		require(t->containers[j].number != NULL && strlen(t->containers[j].number) == 11);
	*containers += t->ncontainers;
	if (alone) {
		require(t->kind != NULL && t->issue_date != NULL && t->transport_mode != NULL);
		require(t->shipper_name != NULL && t->shipper_country != NULL);
		require(t->loading_port != NULL && t->discharge_port != NULL);
	} else {
		require(t->kind == NULL && t->issue_date == NULL && t->loading_port == NULL);
	}
}

static void check_doc(const struct edoc_doc *d)
{
	size_t containers = 0;

	require(d->type >= EDOC_DAI && d->type <= EDOC_DOCTRANSPORTE);
	require(digits(d->declarant_oce, 8) && digits(d->declarant_ruc, 13));
	switch (d->type) {
	case EDOC_DAI:
	case EDOC_DAE:
		require(d->nitems >= 1 && d->nitems <= EDOC_MAX_ITEMS && d->items != NULL);
		require(digits(d->party_ruc, 13) && d->party_name != NULL);
		require(d->issue_date != NULL && d->currency != NULL && d->incoterm != NULL);
		require(d->loading_port != NULL && d->discharge_port != NULL && d->country != NULL);
		require(d->fob_cents >= 0 && d->freight_cents >= 0 && d->insurance_cents >= 0);
		require(d->type == EDOC_DAE || d->manifest_ref != NULL);
		for (size_t i = 0; i < d->nitems; i++) {
			const struct edoc_item *it = &d->items[i];
			size_t sl;

			require(it->subpartida != NULL);
			sl = strlen(it->subpartida);
			require(sl >= 6 && sl <= 10);
			require(it->sequence >= 1 && it->sequence <= 999);
			require(it->unit != NULL && it->package_type != NULL && it->origin_country != NULL);
			require(it->quantity_milli >= 0 && it->gross_milli >= 0 && it->net_milli >= 0);
		}
		require(d->tdocs == NULL && d->ntdocs == 0);
		break;
	case EDOC_MANIFIESTO:
		require(d->ntdocs >= 1 && d->ntdocs <= EDOC_MAX_TDOCS && d->tdocs != NULL);
		require(d->carrier_code != NULL && d->vessel != NULL && d->arrival_date != NULL);
		for (size_t i = 0; i < d->ntdocs; i++)
			check_tdoc(&d->tdocs[i], false, &containers);
		require(containers <= EDOC_MAX_MANIFEST_CONTAINERS);
		require(d->items == NULL && d->nitems == 0);
		break;
	case EDOC_DOCTRANSPORTE:
		check_tdoc(&d->tdoc, true, &containers);
		require(d->items == NULL && d->tdocs == NULL);
		break;
	default:
		abort();
	}
}

static bool has_doctype(const uint8_t *data, size_t size)
{
	static const char pat[] = "<!DOCTYPE";

	for (size_t i = 0; i + sizeof(pat) - 1 <= size; i++)
		if (memcmp(data + i, pat, sizeof(pat) - 1) == 0)
			return true;
	return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	require(edoc_init() == 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a, small;
	struct edoc_doc d, d2;
	struct edoc_errors e = { 0 }, e2 = { 0 };
	struct edoc_lookup lk = { fake_in_list, NULL, 1796126400LL };
	int rc, rc2;

	if (size > (size_t)1 << 20)   /* the caps are tested by the unit tests */
		return 0;
	arena_init(&a, (size_t)256 * 1024 * 1024);
	rc = edoc_parse((const char *)data, size, &a, &d, &e);
	require(rc == EDOC_OK || rc == EDOC_INVALID);
	check_errors(&e, &a);
	if (rc == EDOC_OK) {
		require(e.errors == 0 && e.warnings == 0 && e.n == 0);
		require(!has_doctype(data, size));
		check_doc(&d);
		rc2 = edoc_check_rules(&d, &lk, &a, &e);
		require(rc2 == EDOC_OK || rc2 == EDOC_INVALID);
		require((rc2 == EDOC_INVALID) == (e.errors > 0));
		check_errors(&e, &a);
	} else {
		require(e.errors > 0);
		require(d.items == NULL && d.tdocs == NULL && d.declarant_ruc == NULL);
	}

	/* The flat values (edoc_form.h) through the same secure parse: never a
	 * value from a document with a DOCTYPE; keys sorted and unique, and
	 * every key and text valid UTF-8; the form of an accepted document
	 * reads every value back. */
	{
		struct arena va;
		struct edoc_values vs;
		struct edoc_errors ve = { 0 };
		enum edoc_type vt;
		int vrc;

		arena_init(&va, (size_t)256 * 1024 * 1024);
		vrc = edoc_values((const char *)data, size, &va, &vt, &vs, &ve);
		require(vrc == EDOC_OK || vrc == EDOC_INVALID);
		require(vrc == EDOC_INVALID || vt != EDOC_NONE);
		require(vrc == EDOC_INVALID || !has_doctype(data, size));
		require(vrc == EDOC_OK || (vs.n == 0 && ve.errors > 0));
		if (rc == EDOC_OK)
			require(vrc == EDOC_OK && vt == d.type);
		for (size_t i = 0; i < vs.n; i++) {
			require(utf8_valid(vs.v[i].key, strlen(vs.v[i].key)));
			require(utf8_valid(vs.v[i].text, strlen(vs.v[i].text)));
			require(i == 0 || strcmp(vs.v[i - 1].key, vs.v[i].key) < 0);
			require(edoc_values_get(&vs, vs.v[i].key) == vs.v[i].text);
		}
		arena_free(&va);
	}

	/* A tiny arena: a clean failure or the same verdict. */
	arena_init(&small, 4096);
	rc2 = edoc_parse((const char *)data, size, &small, &d2, &e2);
	require(rc2 == rc || rc2 == EDOC_ERR_NOMEM);
	require(small.used <= 4096);
	require(e2.n <= EDOC_MAX_ERRORS);
	arena_free(&small);
	arena_free(&a);
	return 0;
}
