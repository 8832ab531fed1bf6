/*
 * test_edoc_form.c — unit tests of src/domain/edoc_form.c and edoc_values:
 * the forms of the e-document types, the XML they write, and the flat values
 * of a document.
 *
 * The strongest one is the round trip: each sample read into flat values,
 * turned into the form's text (edoc_form_text), written back as XML by the
 * form (edoc_form_xml), must be a valid document (schema and extraction)
 * with exactly the same values: so every element of every sample has its
 * input in the model, in the schema's order.  Then the conversions a person
 * relies on (money in units, decimal commas, dd/mm/aaaa, lower-case codes,
 * containers as lines, totals left blank), the errors a form gets before the
 * schema, escaping, and the refusals of edoc_values.
 * Tests run from the repository root (make unit does).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/edoc.h"
#include "domain/edoc_form.h"

static struct arena A;

static void setup(void)
{
	arena_init(&A, (size_t)64 * 1024 * 1024);
	cr_assert_eq(edoc_init(), 0);
}

static void teardown(void)
{
	arena_free(&A);
}

TestSuite(edoc_form, .init = setup, .fini = teardown);

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long len;

	cr_assert_not_null(f, "cannot open %s (run the tests from the repository root)", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	b = arena_alloc(&A, (size_t)len + 1);
	cr_assert_not_null(b);
	cr_assert_eq(fread(b, 1, (size_t)len, f), (size_t)len);
	b[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return b;
}

/* ---- a form's values: a small name → text table ------------------------------------ */

#define MAXF 4096
struct fv {
	const char *name[MAXF];
	const char *text[MAXF];
	size_t n;
};

static const char *fv_get(void *ctx, const char *name)
{
	struct fv *f = ctx;

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->text[i];
	return NULL;
}

static void fv_set(struct fv *f, const char *key, const char *text)
{
	char *name = arena_printf(&A, "f.%s", key);

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0) {
			f->text[i] = text;
			return;
		}
	cr_assert_lt(f->n, (size_t)MAXF);
	f->name[f->n] = name;
	f->text[f->n++] = text;
}

/* The form of a document's values, as the page fills it to correct it. */
static size_t fill_from(const struct edoc_form *form, const struct edoc_values *vs, struct fv *f)
{
	size_t rows = form->rows_key ? edoc_values_rows(vs, form->rows_key) : 0;

	f->n = 0;
	for (size_t i = 0; i < form->nhead; i++)
		fv_set(f, form->head[i].key, edoc_form_text(&form->head[i], vs, NULL, 0, &A));
	for (size_t r = 1; r <= rows; r++)
		for (size_t i = 0; i < form->nrow; i++)
			fv_set(f, edoc_form_key(&form->row[i], form->rows_key, r, &A),
			       edoc_form_text(&form->row[i], vs, form->rows_key, r, &A));
	return rows;
}

/* Writes the XML of the form f (nrows rows) as OCE code oce / RUC ruc. */
static int write_xml(enum edoc_type t, struct fv *f, size_t nrows, const char *oce, const char *ruc,
		     struct buf *out, struct edoc_errors *errs)
{
	struct edoc_form_in in = { fv_get, f, nrows, oce, ruc };

	buf_init(out, (size_t)16 * 1024 * 1024);
	return edoc_form_xml(edoc_form_of(t), &in, &A, out, errs);
}

static void values_of(const char *xml, size_t n, enum edoc_type want, struct edoc_values *vs)
{
	struct edoc_errors errs = { 0 };
	enum edoc_type t;

	cr_assert_eq(edoc_values(xml, n, &A, &t, vs, &errs), EDOC_OK);
	cr_assert_eq(t, want);
	cr_assert_eq(errs.n, 0);
}

static const char *const samples[] = {
	[EDOC_DAI] = "schemas/samples/DAI.xml",
	[EDOC_DAE] = "schemas/samples/DAE.xml",
	[EDOC_MANIFIESTO] = "schemas/samples/MANIFIESTO.xml",
	[EDOC_DOCTRANSPORTE] = "schemas/samples/DOCTRANSPORTE.xml",
};

static const char *declarant_of[] = {
	[EDOC_DAI] = "23902040", [EDOC_DAE] = "23902040", [EDOC_MANIFIESTO] = "05909025",
	[EDOC_DOCTRANSPORTE] = "05909027",
};

/* ---- the round trip ----------------------------------------------------------------------- */

Test(edoc_form, every_sample_round_trips_through_the_form)
{
	for (enum edoc_type t = EDOC_DAI; t <= EDOC_DOCTRANSPORTE; t++) {
		size_t n, rows;
		char *xml = slurp(samples[t], &n);
		struct edoc_values vs, back;
		struct edoc_errors errs = { 0 };
		struct edoc_doc d;
		struct buf out;
		static struct fv f;

		values_of(xml, n, t, &vs);
		cr_assert_gt(vs.n, 10);
		rows = fill_from(edoc_form_of(t), &vs, &f);
		cr_assert_eq(write_xml(t, &f, rows, declarant_of[t], "0992339411001", &out, &errs), EDOC_OK);
		/* the declarant's RUC comes from the sender: the sample's for the comparison */
		cr_assert_eq(edoc_parse(out.data, out.len, &A, &d, &errs), EDOC_OK, "%s: %s\n%s",
			     edoc_type_code(t), errs.n ? errs.v[0].message : "", out.data);
		values_of(out.data, out.len, t, &back);
		for (size_t i = 0; i < vs.n; i++) {
			const char *b = edoc_values_get(&back, vs.v[i].key);
			if (strcmp(vs.v[i].key, "declarant.ruc") == 0)
				continue;
			cr_assert_not_null(b, "%s: %s lost by the form", edoc_type_code(t), vs.v[i].key);
			cr_assert_str_eq(b, vs.v[i].text, "%s: %s", edoc_type_code(t), vs.v[i].key);
		}
		cr_assert_eq(back.n, vs.n, "%s: the form wrote %zu values, the sample has %zu",
			     edoc_type_code(t), back.n, vs.n);
		buf_free(&out);
	}
}

Test(edoc_form, models_follow_the_conventions)
{
	for (enum edoc_type t = EDOC_DAI; t <= EDOC_DOCTRANSPORTE; t++) {
		const struct edoc_form *f = edoc_form_of(t);

		cr_assert_not_null(f);
		cr_assert_eq(f->type, t);
		cr_assert_not_null(f->head[0].section, "the first field opens a group");
		cr_assert_eq((f->rows_path == NULL), (f->nrow == 0));
		for (size_t i = 0; i < f->nhead; i++) {
			const struct edoc_input_def *d = &f->head[i];
			cr_assert_lt(strlen(d->key) + 2 + 24, (size_t)EDOC_FORM_KEY_BYTES);
			if (d->flags & EDOC_F_TOTAL)
				cr_assert_not_null(d->sum_of);
			if (d->in == EDOC_IN_CHOICE) {
				size_t n;
				cr_assert_not_null(edoc_choices(d->list, &n), "%s", d->key);
				cr_assert_gt(n, 0);
			}
		}
	}
	cr_assert_null(edoc_form_of(EDOC_NONE));
	cr_assert_str_eq(edoc_choice_label("regime_import", "10"), "10 Importación para el consumo");
	cr_assert_null(edoc_choice_label("regime_import", "40"));
	cr_assert_null(edoc_choice_label("nada", "10"));
}

/* ---- conversions -------------------------------------------------------------------------- */

Test(edoc_form, money)
{
	long long c;
	char t[32];
	static const char *const bad[] = { "", "1.234", "1.", ".5", "-1", "1 000", "72,000.00", "1e3",
					   "123456789012345", "12a" };

	cr_assert_eq(edoc_money_cents("72000", &c), 0);
	cr_assert_eq(c, 7200000);
	cr_assert_eq(edoc_money_cents("72000.5", &c), 0);
	cr_assert_eq(c, 7200050);
	cr_assert_eq(edoc_money_cents("72000,50", &c), 0);
	cr_assert_eq(c, 7200050);
	cr_assert_eq(edoc_money_cents("0.01", &c), 0);
	cr_assert_eq(c, 1);
	cr_assert_eq(edoc_money_cents("999999999999.99", &c), 0, "14 digits of cents");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(edoc_money_cents(bad[i], &c), -1, "%s", bad[i]);
	edoc_cents_text(7200050, t);
	cr_assert_str_eq(t, "72000.50");
	edoc_cents_text(5, t);
	cr_assert_str_eq(t, "0.05");
	edoc_cents_text(0, t);
	cr_assert_str_eq(t, "0.00");
}

/* A DAI form with two items, filled the way a person types. */
static void typed_dai(struct fv *f)
{
	f->n = 0;
	fv_set(f, "issue_date", "28/11/2026");
	fv_set(f, "importer.ruc", "1710034065001");
	fv_set(f, "importer.name", "María Fernanda Quishpe & Hijos <Cía>");
	fv_set(f, "customs_district", "028");
	fv_set(f, "regime", "10");
	fv_set(f, "transport_mode", "1");
	fv_set(f, "transport_document_number", "mscush2600123");
	fv_set(f, "manifest_reference", "CEC2026MSCU0481");
	fv_set(f, "loading_port", "cnsha");
	fv_set(f, "discharge_port", " ecgye ");
	fv_set(f, "export_country", "cn");
	fv_set(f, "currency", "usd");
	fv_set(f, "incoterm", "fob");
	fv_set(f, "fob_value_cents", "");
	fv_set(f, "freight_cents", "3500");
	fv_set(f, "insurance_cents", "640,63");
	fv_set(f, "total_packages", "");
	fv_set(f, "total_gross_weight_kg", "");
	fv_set(f, "total_net_weight_kg", "");
	fv_set(f, "items.1.subpartida", "8471300000");
	fv_set(f, "items.1.description", "Computadoras portátiles");
	fv_set(f, "items.1.quantity", "120");
	fv_set(f, "items.1.unit", "c62");
	fv_set(f, "items.1.packages", "12");
	fv_set(f, "items.1.package_type", "ct");
	fv_set(f, "items.1.gross_weight_kg", "420,5");
	fv_set(f, "items.1.net_weight_kg", "360");
	fv_set(f, "items.1.fob_value_cents", "72000");
	fv_set(f, "items.1.origin_country", "CN");
	fv_set(f, "items.2.subpartida", "8517130000");
	fv_set(f, "items.2.description", "Teléfonos");
	fv_set(f, "items.2.quantity", "300");
	fv_set(f, "items.2.unit", "C62");
	fv_set(f, "items.2.packages", "15");
	fv_set(f, "items.2.package_type", "CT");
	fv_set(f, "items.2.gross_weight_kg", "150.25");
	fv_set(f, "items.2.net_weight_kg", "105");
	fv_set(f, "items.2.fob_value_cents", "54000.5");
	fv_set(f, "items.2.origin_country", "CN");
}

Test(edoc_form, a_typed_dai_becomes_a_valid_document)
{
	static struct fv f;
	struct edoc_errors errs = { 0 };
	struct edoc_doc d;
	struct buf out;

	typed_dai(&f);
	cr_assert_eq(write_xml(EDOC_DAI, &f, 2, "23902040", "1790011674001", &out, &errs), EDOC_OK);
	cr_assert_eq(edoc_parse(out.data, out.len, &A, &d, &errs), EDOC_OK, "%s\n%s",
		     errs.n ? errs.v[0].message : "", out.data);
	cr_assert_str_eq(d.issue_date, "2026-11-28", "dd/mm/aaaa written as the schema's date");
	cr_assert_str_eq(d.declarant_oce, "23902040", "the declarant is the sender");
	cr_assert_str_eq(d.declarant_ruc, "1790011674001");
	cr_assert_str_eq(d.party_name, "María Fernanda Quishpe & Hijos <Cía>", "escaped and read back");
	cr_assert_str_eq(d.loading_port, "CNSHA", "codes upper-cased");
	cr_assert_str_eq(d.discharge_port, "ECGYE", "and trimmed");
	cr_assert_str_eq(d.currency, "USD");
	cr_assert_str_eq(d.transport_doc_number, "MSCUSH2600123", "document numbers upper-cased too");
	cr_assert_eq(d.freight_cents, 350000, "money typed in units");
	cr_assert_eq(d.insurance_cents, 64063, "a decimal comma");
	cr_assert_eq(d.fob_cents, 12600050, "a blank total is the sum of the items");
	cr_assert_eq(d.total_packages, 27);
	cr_assert_eq(d.total_gross_milli, 570750);
	cr_assert_eq(d.total_net_milli, 465000);
	cr_assert_eq(d.nitems, 2);
	cr_assert_eq(d.items[0].sequence, 1, "items numbered by their place");
	cr_assert_eq(d.items[1].sequence, 2);
	cr_assert_eq(d.items[0].gross_milli, 420500);
	cr_assert_str_eq(d.items[0].unit, "C62");
	cr_assert_eq(d.items[1].fob_cents, 5400050);
	buf_free(&out);
}

Test(edoc_form, a_typed_total_is_kept_as_typed)
{
	static struct fv f;
	struct edoc_errors errs = { 0 };
	struct edoc_doc d;
	struct buf out;

	typed_dai(&f);
	fv_set(&f, "total_packages", "30");
	cr_assert_eq(write_xml(EDOC_DAI, &f, 2, "23902040", "1790011674001", &out, &errs), EDOC_OK);
	cr_assert_eq(edoc_parse(out.data, out.len, &A, &d, &errs), EDOC_OK);
	cr_assert_eq(d.total_packages, 30, "the rules, not the form, compare it with the sum");
	buf_free(&out);
}

Test(edoc_form, money_that_is_not_money_is_the_forms_error)
{
	static struct fv f;
	struct edoc_errors errs = { 0 };
	struct buf out;

	typed_dai(&f);
	fv_set(&f, "items.2.fob_value_cents", "54.000,50");
	fv_set(&f, "freight_cents", "3500.123");
	cr_assert_eq(write_xml(EDOC_DAI, &f, 2, "23902040", "1790011674001", &out, &errs), EDOC_INVALID);
	cr_assert_eq(errs.n, 2);
	cr_assert_str_eq(errs.v[0].field, "freight_cents");
	cr_assert_str_eq(errs.v[0].path, "/DAI/FreightCents");
	cr_assert(strstr(errs.v[0].message, "«Flete»: ingrese un valor con hasta 2 decimales") != NULL,
		  "%s", errs.v[0].message);
	cr_assert_str_eq(errs.v[1].field, "items.2.fob_value_cents");
	buf_free(&out);
}

Test(edoc_form, blank_required_is_missing_blank_optional_is_left_out)
{
	static struct fv f;
	struct edoc_errors errs = { 0 };
	struct edoc_doc d;
	struct buf out;

	typed_dai(&f);
	fv_set(&f, "items.2.subpartida", "");
	fv_set(&f, "issue_date", " ");
	fv_set(&f, "importer.name", "");
	cr_assert_eq(write_xml(EDOC_DAI, &f, 2, "23902040", "1790011674001", &out, &errs), EDOC_INVALID);
	cr_assert_eq(errs.n, 3, "every blank required input at once");
	cr_assert_str_eq(errs.v[0].field, "issue_date");
	cr_assert_eq(errs.v[0].code, EDOC_E_MISSING);
	cr_assert_str_eq(errs.v[0].message, "«Fecha de emisión»: ingrese este dato.");
	cr_assert_str_eq(errs.v[1].field, "importer.name");
	cr_assert_str_eq(errs.v[2].field, "items.2.subpartida");
	buf_free(&out);

	/* a DAE without its optional transport references */
	memset(&errs, 0, sizeof(errs));
	{
		size_t n, rows;
		char *xml = slurp("schemas/samples/DAE.xml", &n);
		struct edoc_values vs;

		values_of(xml, n, EDOC_DAE, &vs);
		rows = fill_from(edoc_form_of(EDOC_DAE), &vs, &f);
		fv_set(&f, "transport_document_number", " ");
		fv_set(&f, "manifest_reference", "");
		cr_assert_eq(write_xml(EDOC_DAE, &f, rows, "23902040", "1790011674001", &out, &errs), EDOC_OK);
		cr_assert_null(strstr(out.data, "ManifestReference"));
		cr_assert_eq(edoc_parse(out.data, out.len, &A, &d, &errs), EDOC_OK, "%s",
			     errs.n ? errs.v[0].message : "");
		cr_assert_null(d.manifest_ref);
		buf_free(&out);
	}
}

Test(edoc_form, containers_one_per_line_or_separated)
{
	static struct fv f;
	struct edoc_errors errs = { 0 };
	struct edoc_doc d;
	struct edoc_values vs;
	struct buf out;
	size_t n, rows;
	char *xml = slurp("schemas/samples/MANIFIESTO.xml", &n);

	values_of(xml, n, EDOC_MANIFIESTO, &vs);
	cr_assert_str_eq(edoc_form_text(&edoc_form_of(EDOC_MANIFIESTO)->row[9], &vs, "transport_documents", 1, &A),
			 "MSCU1234566\nMEDU3001127", "the containers of a row, one per line");
	rows = fill_from(edoc_form_of(EDOC_MANIFIESTO), &vs, &f);
	cr_assert_eq(rows, 2);
	fv_set(&f, "transport_documents.1.containers", "mscu1234566, MEDU3001127;\r\n  TGHU9876542 ");
	fv_set(&f, "transport_documents.2.containers", "");
	cr_assert_eq(write_xml(EDOC_MANIFIESTO, &f, rows, "05909025", "0992339411001", &out, &errs), EDOC_OK);
	cr_assert_eq(edoc_parse(out.data, out.len, &A, &d, &errs), EDOC_OK, "%s\n%s",
		     errs.n ? errs.v[0].message : "", out.data);
	cr_assert_eq(d.tdocs[0].ncontainers, 3);
	cr_assert_str_eq(d.tdocs[0].containers[0].number, "MSCU1234566");
	cr_assert_str_eq(d.tdocs[0].containers[2].number, "TGHU9876542");
	cr_assert_eq(d.tdocs[1].ncontainers, 0, "no containers: the element is left out");
	cr_assert_eq(d.total_packages, 65, "the manifest's totals summed from its documents");
	buf_free(&out);
}

Test(edoc_form, the_form_fits_its_limits)
{
	for (enum edoc_type t = EDOC_DAI; t <= EDOC_DOCTRANSPORTE; t++) {
		const struct edoc_form *f = edoc_form_of(t);
		size_t fields = f->nhead + EDOC_FORM_MAX_ROWS * f->nrow + 3;   /* + csrf, filas, accion */

		cr_assert_leq(fields, (size_t)LIMIT_EDOC_FORM_FIELDS, "%s", edoc_type_code(t));
	}
	cr_assert_leq(EDOC_FORM_LIST_CHARS, LIMIT_FIELD_BYTES);
}

Test(edoc_form, no_rows_is_the_schemas_error)
{
	static struct fv f;
	struct edoc_errors errs = { 0 };
	struct edoc_doc d;
	struct buf out;

	typed_dai(&f);
	cr_assert_eq(write_xml(EDOC_DAI, &f, 0, "23902040", "1790011674001", &out, &errs), EDOC_OK);
	cr_assert_eq(edoc_parse(out.data, out.len, &A, &d, &errs), EDOC_INVALID);
	buf_free(&out);
}

/* ---- flat values ------------------------------------------------------------------------------ */

Test(edoc_form, values_keys_and_rows)
{
	size_t n;
	char *xml = slurp("schemas/samples/MANIFIESTO.xml", &n);
	struct edoc_values vs;

	values_of(xml, n, EDOC_MANIFIESTO, &vs);
	cr_assert_str_eq(edoc_values_get(&vs, "declarant.oce_code"), "05909025");
	cr_assert_str_eq(edoc_values_get(&vs, "transport_documents.2.master_number"), "MSCUSH2600124");
	cr_assert_str_eq(edoc_values_get(&vs, "transport_documents.1.containers.2"), "MEDU3001127");
	cr_assert_str_eq(edoc_values_get(&vs, "transport_documents.1.goods_description"),
			 "Computadoras portátiles, teléfonos inteligentes y cajas plásticas");
	cr_assert_null(edoc_values_get(&vs, "transport_documents.3.number"));
	cr_assert_null(edoc_values_get(&vs, "transport_documents"), "groups have no value");
	cr_assert_eq(edoc_values_rows(&vs, "transport_documents"), 2);
	cr_assert_eq(edoc_values_rows(&vs, "items"), 0);
	for (size_t i = 1; i < vs.n; i++)
		cr_assert_lt(strcmp(vs.v[i - 1].key, vs.v[i].key), 0, "sorted, no key twice");
}

Test(edoc_form, values_keep_the_first_of_a_key_twice_and_collapse_spaces)
{
	static const char xml[] =
		"<DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\"><Regime>10</Regime><Regime>20</Regime>"
		"<Importer><Name>  Ana \n  Pérez </Name></Importer></DAI>";
	struct edoc_values vs;

	values_of(xml, sizeof(xml) - 1, EDOC_DAI, &vs);
	cr_assert_str_eq(edoc_values_get(&vs, "regime"), "10");
	cr_assert_str_eq(edoc_values_get(&vs, "importer.name"), "Ana Pérez");
	cr_assert_eq(vs.n, 2);
}

Test(edoc_form, values_refuse_what_the_parse_refuses)
{
	static const char doctype[] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>";
	static const char unknown[] = "<Factura xmlns=\"urn:x\"><A>1</A></Factura>";
	static const char broken[] = "<DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\"><Regime>";
	struct edoc_values vs;
	struct edoc_errors errs = { 0 };
	enum edoc_type t;

	cr_assert_eq(edoc_values(doctype, sizeof(doctype) - 1, &A, &t, &vs, &errs), EDOC_INVALID);
	cr_assert_eq(errs.v[0].code, EDOC_E_DOCTYPE);
	cr_assert_eq(vs.n, 0);
	memset(&errs, 0, sizeof(errs));
	cr_assert_eq(edoc_values(unknown, sizeof(unknown) - 1, &A, &t, &vs, &errs), EDOC_INVALID);
	cr_assert_eq(t, EDOC_NONE);
	memset(&errs, 0, sizeof(errs));
	cr_assert_eq(edoc_values(broken, sizeof(broken) - 1, &A, &t, &vs, &errs), EDOC_INVALID);
	cr_assert_eq(errs.v[0].code, EDOC_E_MALFORMED);
	memset(&errs, 0, sizeof(errs));
	cr_assert_eq(edoc_values("", 0, &A, &t, &vs, &errs), EDOC_INVALID);
}
