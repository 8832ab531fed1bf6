/*
 * test_edoc.c — unit tests of src/domain/edoc*.c: the e-document validation
 * path (secure parse, XSD, extraction, business rules).
 *
 * The four samples in schemas/samples/ must pass with no error and no
 * warning.  Broken variants are made by replacing one piece of a sample's
 * text (tables below), and each must give the expected error: its code, XML
 * path, form field key and a piece of its Spanish message.  Then: several
 * errors at once; the refusals before any expansion (DOCTYPE in every form,
 * entities, billion laughs), XInclude left unprocessed, the size, depth and
 * node caps, namespaces, encodings; every business rule with a document
 * that breaks only it; the limits; and four threads validating at once.
 *
 * Tests run from the repository root (make unit does), where schemas/ is.
 * The schemas come from the binary (edoc_init, build/gen/schemas.c).  "Now"
 * is fixed at 2026-12-01 12:00 UTC, so date rules do not depend on the day
 * the tests run; the code lists are a small fake (fake_in_list).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/edoc.h"

#define NOW 1796126400LL   /* 2026-12-01T12:00:00Z = 07:00 in Ecuador */
#define ARENA_MAX ((size_t)256 * 1024 * 1024)

static struct arena A;

/* ---- helpers --------------------------------------------------------------- */

static const char *const sample_paths[] = {
	[EDOC_DAI] = "schemas/samples/DAI.xml",
	[EDOC_DAE] = "schemas/samples/DAE.xml",
	[EDOC_MANIFIESTO] = "schemas/samples/MANIFIESTO.xml",
	[EDOC_DOCTRANSPORTE] = "schemas/samples/DOCTRANSPORTE.xml",
};

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long len;

	cr_assert_not_null(f, "cannot open %s (run the tests from the repository root)", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	cr_assert(len > 0);
	rewind(f);
	b = malloc((size_t)len + 1);
	cr_assert_not_null(b);
	cr_assert_eq(fread(b, 1, (size_t)len, f), (size_t)len);
	b[len] = '\0';
	fclose(f);
	if (n != NULL)
		*n = (size_t)len;
	return b;
}

/* The sample of a type, in memory owned by the arena (freed with it). */
static char *sample(enum edoc_type t)
{
	size_t n;
	char *s = slurp(sample_paths[t], &n), *c = arena_strndup(&A, s, n);

	free(s);
	cr_assert_not_null(c);
	return c;
}

/* s with the nth (1-based) occurrence of from replaced by to, in the arena. */
static char *subst_nth(const char *s, const char *from, const char *to, int nth)
{
	const char *p = s;
	size_t fl = strlen(from), tl = strlen(to), sl = strlen(s);
	char *out;

	for (int i = 1;; i++) {
		p = strstr(p, from);
		cr_assert_not_null(p, "\"%s\" (occurrence %d) not in the text", from, nth);
		if (i == nth)
			break;
		p += fl;
	}
	out = arena_alloc(&A, sl - fl + tl + 1);
	cr_assert_not_null(out);
	memcpy(out, s, (size_t)(p - s));
	memcpy(out + (p - s), to, tl);
	memcpy(out + (p - s) + tl, p + fl, sl - (size_t)(p - s) - fl + 1);
	return out;
}

static char *subst(const char *s, const char *from, const char *to)
{
	return subst_nth(s, from, to, 1);
}

/* A repeated string, in the arena. */
static char *repeat(const char *unit, size_t times)
{
	size_t ul = strlen(unit);
	char *out = arena_alloc(&A, ul * times + 1);

	cr_assert_not_null(out);
	for (size_t i = 0; i < times; i++)
		memcpy(out + i * ul, unit, ul);
	out[ul * times] = '\0';
	return out;
}

static int parse(const char *xml, struct edoc_doc *d, struct edoc_errors *e)
{
	memset(e, 0, sizeof(*e));
	return edoc_parse(xml, strlen(xml), &A, d, e);
}

/* The fake code lists: enough for the samples, and 7 left out of the
 * transport modes so that the rule can be seen to work. */
static bool fake_in_list(void *ctx, const char *list, const char *code)
{
	static const struct { const char *list, *codes; } lists[] = {
		{ "hs", " 847130 851713 392310 080390 030617 871410 " },
		{ "locode", " ECGYE ECPSJ ECUIO ECMEC " },
		{ "country", " CN VN US EC DE " },
		{ "currency", " USD EUR " },
		{ "unit", " KGM C62 LTR " },
		{ "package", " CT PK BX " },
		{ "transport", " 0 1 2 3 4 5 6 8 9 " },
		{ "incoterm", " EXW FCA CPT CIP DAP DPU DDP FAS FOB CFR CIF " },
		{ "district", " 019 028 055 " },
	};
	char key[32];

	if (ctx != NULL)
		(*(int *)ctx)++;
	if (strlen(code) + 3 > sizeof(key))
		return false;
	snprintf(key, sizeof(key), " %s ", code);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(lists[i].list, list) == 0)
			return strstr(lists[i].codes, key) != NULL;
	cr_assert_fail("unknown list %s", list);
	return false;
}

static const struct edoc_lookup LK = { fake_in_list, NULL, NOW };

static void dump(const struct edoc_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		cr_log_info("%s %s line %d %s [%s] %s", e->v[i].severity ? "W" : "E",
			    edoc_code_name(e->v[i].code), e->v[i].line, e->v[i].path, e->v[i].field,
			    e->v[i].message);
}

static const struct edoc_error *find(const struct edoc_errors *e, enum edoc_code code,
				     const char *path)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].code == code && (path == NULL || strcmp(e->v[i].path, path) == 0))
			return &e->v[i];
	return NULL;
}

static void expect(const struct edoc_errors *e, enum edoc_code code, const char *path,
		   const char *field, const char *msg)
{
	const struct edoc_error *x = find(e, code, path);

	if (x == NULL)
		dump(e);
	cr_assert_not_null(x, "no %s error at %s", edoc_code_name(code), path);
	if (field != NULL)
		cr_assert_str_eq(x->field, field);
	if (msg != NULL)
		cr_assert(strstr(x->message, msg) != NULL, "message \"%s\" lacks \"%s\"", x->message,
			  msg);
}

/* Parses (must succeed) then checks the rules; the rules' return value. */
static int rules(const char *xml, struct edoc_errors *e)
{
	struct edoc_doc d;
	int rc = parse(xml, &d, e);

	if (rc != EDOC_OK)
		dump(e);
	cr_assert_eq(rc, EDOC_OK, "the variant must pass the schema");
	return edoc_check_rules(&d, &LK, &A, e);
}

/* Only one error (of this code, here), no other error. */
static void expect_only(const struct edoc_errors *e, enum edoc_code code, const char *path,
			const char *field, const char *msg)
{
	expect(e, code, path, field, msg);
	if (e->errors != 1)
		dump(e);
	cr_assert_eq(e->errors, 1, "one error expected, %zu found", e->errors);
}

static void setup(void)
{
	arena_init(&A, ARENA_MAX);
	cr_assert_eq(edoc_init(), 0);
}

static void teardown(void)
{
	arena_free(&A);
	edoc_free();
}

TestSuite(edoc, .init = setup, .fini = teardown);

/* ---- the samples ------------------------------------------------------------------- */

Test(edoc, samples_valid)
{
	for (int t = 1; t <= EDOC_NTYPES; t++) {
		struct edoc_doc d;
		struct edoc_errors e;
		int rc = parse(sample((enum edoc_type)t), &d, &e);

		if (rc != EDOC_OK)
			dump(&e);
		cr_assert_eq(rc, EDOC_OK, "sample %s", edoc_type_code((enum edoc_type)t));
		cr_assert_eq(e.n, 0);
		cr_assert_eq(d.type, (enum edoc_type)t);
		rc = edoc_check_rules(&d, &LK, &A, &e);
		if (e.n != 0)
			dump(&e);
		cr_assert_eq(rc, EDOC_OK, "rules of sample %s", edoc_type_code((enum edoc_type)t));
		cr_assert_eq(e.errors + e.warnings, 0);
	}
}

Test(edoc, sample_dai_values)
{
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(sample(EDOC_DAI), &d, &e), EDOC_OK);
	cr_assert_str_eq(d.declarant_oce, "23902040");
	cr_assert_str_eq(d.declarant_ruc, "1790011674001");
	cr_assert_str_eq(d.party_ruc, "1710034065001");
	cr_assert_str_eq(d.party_name, "María Fernanda Quishpe");
	cr_assert_str_eq(d.issue_date, "2026-11-20");
	cr_assert_eq(d.issue_day, 20777);   /* 2026-11-20 */
	cr_assert_str_eq(d.customs_district, "028");
	cr_assert_str_eq(d.regime, "10");
	cr_assert_str_eq(d.transport_mode, "1");
	cr_assert_str_eq(d.loading_port, "CNSHA");
	cr_assert_str_eq(d.discharge_port, "ECGYE");
	cr_assert_str_eq(d.country, "CN");
	cr_assert_str_eq(d.currency, "USD");
	cr_assert_str_eq(d.incoterm, "FOB");
	cr_assert_eq(d.fob_cents, 12812563);
	cr_assert_eq(d.freight_cents, 350000);
	cr_assert_eq(d.insurance_cents, 64063);
	cr_assert_eq(d.total_packages, 47);
	cr_assert_eq(d.total_gross_milli, 1470750);
	cr_assert_eq(d.total_net_milli, 1315250);
	cr_assert_eq(d.nitems, 3);
	cr_assert_eq(d.items[0].sequence, 1);
	cr_assert_str_eq(d.items[0].subpartida, "8471300000");
	cr_assert_eq(d.items[0].quantity_milli, 120000);
	cr_assert_eq(d.items[0].net_milli, 360000);
	cr_assert_eq(d.items[1].gross_milli, 150250);
	cr_assert_str_eq(d.items[2].unit, "KGM");
	cr_assert_eq(d.items[2].quantity_milli, 850250);
	cr_assert_str_eq(d.items[2].origin_country, "VN");
	cr_assert_eq(d.items[2].fob_cents, 212563);
	cr_assert_eq(d.lines[EDOC_D_FOB], 24);
	cr_assert_eq(d.items[0].line, 31);
	cr_assert_eq(d.items[0].lines[EDOC_I_SUBPARTIDA], 33);
	cr_assert_null(d.tdocs);
}

Test(edoc, sample_dae_values)
{
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(sample(EDOC_DAE), &d, &e), EDOC_OK);
	cr_assert_eq(d.type, EDOC_DAE);
	cr_assert_str_eq(d.party_ruc, "0990017514001");
	cr_assert_str_eq(d.country, "US");
	cr_assert_null(d.manifest_ref);   /* optional in a DAE, absent */
	cr_assert_eq(d.lines[EDOC_D_MANIFEST_REF], 0);
	cr_assert_str_eq(d.transport_doc_number, "HLCUGYE2611045");
	cr_assert_eq(d.nitems, 2);
	cr_assert_eq(d.items[1].quantity_milli, 20488800);
	cr_assert_eq(d.fob_cents, 6828000);
}

Test(edoc, sample_manifest_values)
{
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(sample(EDOC_MANIFIESTO), &d, &e), EDOC_OK);
	cr_assert_str_eq(d.carrier_code, "MSCU");
	cr_assert_str_eq(d.vessel, "MSC ANNA");
	cr_assert_str_eq(d.voyage, "FA612E");
	cr_assert_str_eq(d.arrival_date, "2026-11-28");
	cr_assert_eq(d.ntdocs, 2);
	cr_assert_str_eq(d.tdocs[0].number, "MSCUSH2600123");
	cr_assert_str_eq(d.tdocs[0].level, "MASTER");
	cr_assert_null(d.tdocs[0].master_number);
	cr_assert_null(d.tdocs[0].kind);
	cr_assert_eq(d.tdocs[0].ncontainers, 2);
	cr_assert_str_eq(d.tdocs[0].containers[1].number, "MEDU3001127");
	cr_assert_str_eq(d.tdocs[1].master_number, "MSCUSH2600124");
	cr_assert_eq(d.tdocs[1].gross_milli, 385400);
	cr_assert_str_eq(d.tdocs[1].consignee_name, "Comercializadora Andina de Repuestos Cía. Ltda.");
	cr_assert_eq(d.total_gross_milli, 1856150);
	cr_assert_null(d.items);
}

Test(edoc, sample_doctransporte_values)
{
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(sample(EDOC_DOCTRANSPORTE), &d, &e), EDOC_OK);
	cr_assert_str_eq(d.declarant_oce, "05909027");
	cr_assert_str_eq(d.tdoc.kind, "BL");
	cr_assert_str_eq(d.tdoc.level, "HOUSE");
	cr_assert_str_eq(d.tdoc.shipper_name, "Ningbo Moto Parts Co., Ltd.");
	cr_assert_str_eq(d.tdoc.shipper_country, "CN");
	cr_assert_str_eq(d.tdoc.issue_date, "2026-10-30");
	cr_assert_str_eq(d.tdoc.manifest_ref, "CEC2026MSCU0481");
	cr_assert_eq(d.tdoc.ncontainers, 1);
	cr_assert_eq(d.tdoc.gross_milli, 385400);
}

Test(edoc, whitespace_collapsed_and_cdata)
{
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<Name>María Fernanda Quishpe</Name>",
			"<Name>\n   María   <![CDATA[Fernanda]]>\tQuishpe &amp; Cía.  </Name>");

	cr_assert_eq(parse(x, &d, &e), EDOC_OK);
	cr_assert_str_eq(d.party_name, "María Fernanda Quishpe & Cía.");
	x = subst(sample(EDOC_DAI), "<FOBValueCents>12812563</FOBValueCents>",
		  "<FOBValueCents> 12812563 </FOBValueCents>");
	cr_assert_eq(parse(x, &d, &e), EDOC_OK);
	cr_assert_eq(d.fob_cents, 12812563);
}

Test(edoc, prefixed_namespace_accepted)
{
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = sample(EDOC_DOCTRANSPORTE);

	/* the same document with a prefix instead of a default namespace */
	x = subst(x, "<DocumentoTransporte xmlns=", "<dt:DocumentoTransporte xmlns:dt=");
	x = subst(x, "</DocumentoTransporte>", "</dt:DocumentoTransporte>");
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);   /* children are then in no namespace */
	expect(&e, EDOC_E_UNEXPECTED, "/DocumentoTransporte/Declarant", "declarant",
	       "está en otro espacio de nombres («»)");
}

/* ---- broken variants: the schema ------------------------------------------------------ */

struct broken {
	enum edoc_type type;
	const char *from, *to;
	enum edoc_code code;
	const char *path, *field, *msg;
};

#define X10 "XXXXXXXXXX"
#define NAME201 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 "X"

static const struct broken broken[] = {
	/* DAI */
	{ EDOC_DAI, "<Subpartida>8517130000</Subpartida>", "", EDOC_E_MISSING,
	  "/DAI/Items/Item[2]/Subpartida", "items.2.subpartida",
	  "Falta el dato obligatorio «Subpartida arancelaria» (elemento Subpartida): agréguelo "
	  "antes de «Description»" },
	{ EDOC_DAI, "<Subpartida>8471300000", "<Subpartida>84713", EDOC_E_FORMAT,
	  "/DAI/Items/Item[1]/Subpartida", "items.1.subpartida",
	  "formato no válido («84713»): debe ser de 6 a 10 dígitos" },
	{ EDOC_DAI, "<FOBValueCents>7200000", "<FOBValueCents>72000.00", EDOC_E_VALUE,
	  "/DAI/Items/Item[1]/FOBValueCents", "items.1.fob_value_cents",
	  "no es válido («72000.00»): debe ser un número entero de centavos, sin punto" },
	{ EDOC_DAI, "<Regime>10", "<Regime>99", EDOC_E_ENUM, "/DAI/Regime", "regime",
	  "no admite el valor «99»: los valores admitidos son 10, 20, 21, 70" },
	{ EDOC_DAI, "María Fernanda Quishpe", NAME201, EDOC_E_LENGTH, "/DAI/Importer/Name",
	  "importer.name", "El valor de «Nombre o razón social» es demasiado largo" },
	{ EDOC_DAI, "<SequenceNumber>3", "<SequenceNumber>1000", EDOC_E_RANGE,
	  "/DAI/Items/Item[3]/SequenceNumber", "items.3.sequence_number",
	  "fuera del rango permitido («1000»): debe ser un número entero de 1 a 999" },
	{ EDOC_DAI, "<Unit>C62</Unit>", "<Unit>C62</Unit><Color>rojo</Color>", EDOC_E_UNEXPECTED,
	  "/DAI/Items/Item[1]/Color", "items.1.color", "«Color» no es parte del documento: quítelo" },
	{ EDOC_DAI, "<CustomsDistrict>028</CustomsDistrict>\n  <Regime>10</Regime>",
	  "<Regime>10</Regime>\n  <CustomsDistrict>028</CustomsDistrict>", EDOC_E_UNEXPECTED,
	  "/DAI/Regime", "regime", "no corresponde en esta posición: aquí se esperaba CustomsDistrict" },
	{ EDOC_DAI, "<Items>", "<Items>texto suelto", EDOC_E_TEXT, "/DAI/Items", "items",
	  "«Ítems» no admite texto" },
	{ EDOC_DAI, "<TotalPackages>47</TotalPackages>", "", EDOC_E_MISSING, "/DAI/TotalPackages",
	  "total_packages", "Falta el dato obligatorio «Total de bultos» (elemento TotalPackages): agréguelo "
	  "antes de «TotalGrossWeightKg»" },
	{ EDOC_DAI, "<IssueDate>2026-11-20", "<IssueDate>2026-02-30", EDOC_E_VALUE, "/DAI/IssueDate",
	  "issue_date", "una fecha real con el formato AAAA-MM-DD" },
	{ EDOC_DAI, "<TotalGrossWeightKg>1470.750", "<TotalGrossWeightKg>1470.7505", EDOC_E_FORMAT,
	  "/DAI/TotalGrossWeightKg", "total_gross_weight_kg", "hasta 3 decimales" },
	{ EDOC_DAI, "<NetWeightKg>360", "<NetWeightKg>-360", EDOC_E_FORMAT,
	  "/DAI/Items/Item[1]/NetWeightKg", "items.1.net_weight_kg", "sin signo" },
	{ EDOC_DAI, "<Currency>USD", "<Currency>usd", EDOC_E_FORMAT, "/DAI/Currency", "currency",
	  "ISO 4217 de 3 letras mayúsculas" },
	{ EDOC_DAI, "<Declarant>", "<Declarant origen=\"x\">", EDOC_E_UNEXPECTED, "/DAI/Declarant",
	  "declarant", "«Declarante» no admite atributos: quite el atributo «origen»" },
	{ EDOC_DAI, "<Name>María", "<Name><b>negrita</b>María", EDOC_E_UNEXPECTED,
	  "/DAI/Importer/Name", "importer.name", "debe contener solo su valor" },
	/* DAE */
	{ EDOC_DAE, "<Regime>40", "<Regime>10", EDOC_E_ENUM, "/DAE/Regime", "regime",
	  "los valores admitidos son 40, 50, 51" },
	{ EDOC_DAE, "<RUC>0990017514001</RUC>", "", EDOC_E_MISSING, "/DAE/Exporter/RUC",
	  "exporter.ruc", "Falta el dato obligatorio «RUC» (elemento RUC)" },
	{ EDOC_DAE, "<DestinationCountry>US", "<DestinationCountry>USA", EDOC_E_FORMAT,
	  "/DAE/DestinationCountry", "destination_country", "ISO 3166-1 de 2 letras mayúsculas" },
	{ EDOC_DAE, "<LoadingPort>ECGYE", "<LoadingPort>ecgye", EDOC_E_FORMAT, "/DAE/LoadingPort",
	  "loading_port", "UN/LOCODE de 5 caracteres" },
	{ EDOC_DAE, "<Quantity>19591.200", "<Quantity>19591,2", EDOC_E_VALUE,
	  "/DAE/Items/Item[1]/Quantity", "items.1.quantity", "con punto decimal" },
	{ EDOC_DAE, "<Unit>KGM</Unit>", "<Unit>KILO</Unit>", EDOC_E_FORMAT, "/DAE/Items/Item[1]/Unit",
	  "items.1.unit", "UNECE Rec. 20" },
	{ EDOC_DAE, "<PackageType>CT</PackageType>\n      <GrossWeightKg>22728",
	  "<PackageType>C</PackageType>\n      <GrossWeightKg>22728", EDOC_E_FORMAT,
	  "/DAE/Items/Item[2]/PackageType", "items.2.package_type", "UNECE Rec. 21" },
	{ EDOC_DAE, "<Description>Banano fresco tipo Cavendish Valery, cajas de 18,14 kg</Description>",
	  "<Description>   </Description>", EDOC_E_LENGTH, "/DAE/Items/Item[1]/Description",
	  "items.1.description", "está vacío" },
	{ EDOC_DAE, "<OCECode>23902040", "<OCECode>2390204", EDOC_E_FORMAT,
	  "/DAE/Declarant/OCECode", "declarant.oce_code", "8 dígitos" },
	{ EDOC_DAE, "<Incoterm>FOB</Incoterm>", "", EDOC_E_MISSING, "/DAE/Incoterm", "incoterm",
	  "Falta el dato obligatorio «Incoterm»" },
	{ EDOC_DAE, "<InsuranceCents>0", "<InsuranceCents>-5", EDOC_E_VALUE, "/DAE/InsuranceCents",
	  "insurance_cents", "sin punto ni coma ni signo" },
	{ EDOC_DAE, "<Items>\n    <Item>", "<Items>\n    <Item><Extra/>", EDOC_E_UNEXPECTED,
	  "/DAE/Items/Item[1]/Extra", "items.1.extra",
	  "El elemento «Extra» no es parte del documento: quítelo (aquí se esperaba SequenceNumber)" },
	{ EDOC_DAE, "<SequenceNumber>1</SequenceNumber>", "<Extra/>", EDOC_E_MISSING,
	  "/DAE/Items/Item[1]/SequenceNumber", "items.1.sequence_number",
	  "En su lugar hay un elemento «Extra» que no es parte del documento" },
	/* MANIFIESTO */
	{ EDOC_MANIFIESTO, "<Container>MSCU1234566", "<Container>MSCU123456", EDOC_E_FORMAT,
	  "/Manifiesto/TransportDocuments/TransportDocument[1]/Containers/Container[1]",
	  "transport_documents.1.containers.1", "ISO 6346" },
	{ EDOC_MANIFIESTO, "<Level>MASTER", "<Level>PRINCIPAL", EDOC_E_ENUM,
	  "/Manifiesto/TransportDocuments/TransportDocument[1]/Level", "transport_documents.1.level",
	  "los valores admitidos son MASTER, HOUSE" },
	{ EDOC_MANIFIESTO, "<ArrivalDate>2026-11-28", "<ArrivalDate>28/11/2026", EDOC_E_VALUE,
	  "/Manifiesto/ArrivalDate", "arrival_date", "AAAA-MM-DD" },
	{ EDOC_MANIFIESTO, "<Voyage>FA612E</Voyage>", "", EDOC_E_MISSING, "/Manifiesto/Voyage",
	  "voyage", "Falta el dato obligatorio «Número de viaje»" },
	{ EDOC_MANIFIESTO, "<Code>MSCU", "<Code>M", EDOC_E_FORMAT, "/Manifiesto/Carrier/Code",
	  "carrier.code", "de 2 a 4 letras" },
	{ EDOC_MANIFIESTO, "<VesselOrFlight>MSC ANNA", "<VesselOrFlight>MSC ANNA MSC ANNA MSC ANNA MSC ANNA X",
	  EDOC_E_LENGTH, "/Manifiesto/VesselOrFlight", "vessel_or_flight", "demasiado largo" },
	{ EDOC_MANIFIESTO, "<Name>Comercializadora Andina de Repuestos Cía. Ltda.</Name>", "",
	  EDOC_E_MISSING, "/Manifiesto/TransportDocuments/TransportDocument[2]/Consignee/Name",
	  "transport_documents.2.consignee.name", "Falta el dato obligatorio «Nombre o razón social»" },
	{ EDOC_MANIFIESTO, "<Packages>18", "<Packages>1.5", EDOC_E_VALUE,
	  "/Manifiesto/TransportDocuments/TransportDocument[2]/Packages",
	  "transport_documents.2.packages", "número entero sin signo" },
	{ EDOC_MANIFIESTO, "<Containers>\n        <Container>TGHU9876542</Container>\n      </Containers>",
	  "<Containers/>", EDOC_E_MISSING,
	  "/Manifiesto/TransportDocuments/TransportDocument[2]/Containers/Container[1]",
	  "transport_documents.2.containers.1", "Falta el dato obligatorio «Número de contenedor»" },
	{ EDOC_MANIFIESTO, "</TransportDocuments>", "</TransportDocuments><Observaciones/>",
	  EDOC_E_UNEXPECTED, "/Manifiesto/Observaciones", "observaciones", "no es parte del documento" },
	{ EDOC_MANIFIESTO, "<TotalGrossWeightKg>1856.150", "<TotalGrossWeightKg>abc", EDOC_E_VALUE,
	  "/Manifiesto/TotalGrossWeightKg", "total_gross_weight_kg", "kilogramos" },
	{ EDOC_MANIFIESTO, "<Level>HOUSE</Level>", "<Level>HOUSE</Level><Level>HOUSE</Level>",
	  EDOC_E_UNEXPECTED, "/Manifiesto/TransportDocuments/TransportDocument[2]/Level[2]",
	  "transport_documents.2.level", "no corresponde en esta posición" },
	/* DOCTRANSPORTE */
	{ EDOC_DOCTRANSPORTE, "<Kind>BL", "<Kind>XX", EDOC_E_ENUM, "/DocumentoTransporte/Kind",
	  "kind", "BL, AWB, CP" },
	{ EDOC_DOCTRANSPORTE, "<Country>CN", "<Country>China", EDOC_E_FORMAT,
	  "/DocumentoTransporte/Shipper/Country", "shipper.country", "ISO 3166-1" },
	{ EDOC_DOCTRANSPORTE, "<IssueDate>2026-10-30</IssueDate>", "", EDOC_E_MISSING,
	  "/DocumentoTransporte/IssueDate", "issue_date", "Falta el dato obligatorio «Fecha de emisión»" },
	{ EDOC_DOCTRANSPORTE, "<MasterNumber>MSCUSH2600124", "<MasterNumber>MSCU SH2600124",
	  EDOC_E_FORMAT, "/DocumentoTransporte/MasterNumber", "master_number", "sin espacios" },
	{ EDOC_DOCTRANSPORTE, "<Number>SHAGYE26000781", "<Number>shagye26000781", EDOC_E_FORMAT,
	  "/DocumentoTransporte/Number", "number", "letras mayúsculas" },
	{ EDOC_DOCTRANSPORTE, "<RUC>1791251237001", "<RUC>179125123700", EDOC_E_FORMAT,
	  "/DocumentoTransporte/Consignee/RUC", "consignee.ruc", "13 dígitos" },
	{ EDOC_DOCTRANSPORTE, "<GrossWeightKg>385.400</GrossWeightKg>", "<GrossWeightKg></GrossWeightKg>",
	  EDOC_E_VALUE, "/DocumentoTransporte/GrossWeightKg", "gross_weight_kg", "kilogramos" },
	{ EDOC_DOCTRANSPORTE, "<TransportMode>1", "<TransportMode>10", EDOC_E_FORMAT,
	  "/DocumentoTransporte/TransportMode", "transport_mode", "UNECE Rec. 19" },
	{ EDOC_DOCTRANSPORTE, "<RUC>0992339411001</RUC>", "", EDOC_E_MISSING,
	  "/DocumentoTransporte/Declarant/RUC", "declarant.ruc", "Falta el dato obligatorio «RUC»" },
	{ EDOC_DOCTRANSPORTE, "<Number>SHAGYE26000781</Number>",
	  "<x:Number xmlns:x=\"urn:otro\">SHAGYE26000781</x:Number>", EDOC_E_UNEXPECTED,
	  "/DocumentoTransporte/Number", "number",
	  "está en otro espacio de nombres («urn:otro»): use el del documento, "
	  "urn:wco:datamodel:EC:DOCTRANSPORTE:1:0:0" },
	{ EDOC_DOCTRANSPORTE, "<Level>HOUSE</Level>", "", EDOC_E_MISSING, "/DocumentoTransporte/Level",
	  "level", "Falta el dato obligatorio «Nivel del documento»" },
	{ EDOC_DOCTRANSPORTE, "<PackageType>PK", "<PackageType>PK<!-- comentario -->X", EDOC_E_FORMAT,
	  "/DocumentoTransporte/PackageType", "package_type", "«PKX»" },
};

#define NBROKEN (sizeof(broken) / sizeof(broken[0]))

ParameterizedTestParameters(edoc, broken)
{
	static int ix[NBROKEN];

	for (size_t i = 0; i < NBROKEN; i++)
		ix[i] = (int)i;
	return cr_make_param_array(int, ix, NBROKEN);
}

ParameterizedTest(int *i, edoc, broken)
{
	const struct broken *b = &broken[*i];
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = subst(sample(b->type), b->from, b->to);
	int rc = parse(x, &d, &e);

	cr_log_info("case %d: %s -> %s", *i, b->from, b->to);
	dump(&e);
	cr_assert_eq(rc, EDOC_INVALID, "case %d", *i);
	cr_assert_eq(d.type, b->type, "the type is known even when invalid");
	cr_assert_null(d.declarant_ruc, "nothing extracted from an invalid document");
	cr_assert(e.n >= 1 && e.errors == e.n);
	expect(&e, b->code, b->path, b->field, b->msg);
	for (size_t k = 0; k < e.n; k++) {
		cr_assert(e.v[k].line > 0, "every schema error has a line");
		cr_assert_eq(e.v[k].severity, EDOC_SEV_ERROR);
	}
}

Test(edoc, several_errors_at_once)
{
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = sample(EDOC_DAI);

	x = subst(x, "<Subpartida>8471300000", "<Subpartida>84713");
	x = subst(x, "<Regime>10", "<Regime>99");
	x = subst(x, "María Fernanda Quishpe", NAME201);
	x = subst(x, "<IssueDate>2026-11-20", "<IssueDate>2026-02-30");
	x = subst(x, "<Unit>KGM", "<Unit>kgm");
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	cr_assert_eq(e.errors, 5);
	cr_assert_eq(e.n, 5);
	expect(&e, EDOC_E_FORMAT, "/DAI/Items/Item[1]/Subpartida", "items.1.subpartida", NULL);
	expect(&e, EDOC_E_ENUM, "/DAI/Regime", "regime", NULL);
	expect(&e, EDOC_E_LENGTH, "/DAI/Importer/Name", "importer.name", NULL);
	expect(&e, EDOC_E_VALUE, "/DAI/IssueDate", "issue_date", NULL);
	expect(&e, EDOC_E_FORMAT, "/DAI/Items/Item[3]/Unit", "items.3.unit", NULL);
	/* in document order, with their lines */
	cr_assert_str_eq(e.v[0].path, "/DAI/IssueDate");
	cr_assert_eq(e.v[0].line, 5);
	cr_assert_str_eq(e.v[4].path, "/DAI/Items/Item[3]/Unit");
	cr_assert_eq(e.v[4].line, 62);
}

/* ---- refusals before any expansion ------------------------------------------------------- */

static void expect_refused(const char *xml, size_t n, enum edoc_code code, const char *msg)
{
	struct edoc_doc d;
	struct edoc_errors e = { 0 };
	int rc = edoc_parse(xml, n, &A, &d, &e);

	cr_assert_eq(rc, code == EDOC_E_TOO_LARGE ? EDOC_ERR_TOO_LARGE : EDOC_INVALID);
	cr_assert_eq(d.type, EDOC_NONE);
	expect(&e, code, "", "", msg);
	for (size_t i = 0; i < e.n; i++)
		cr_assert_null(strstr(e.v[i].message, "root:"), "a file was read");
}

Test(edoc, doctype_internal_subset)
{
	char *x = subst(sample(EDOC_DAI), "<DAI xmlns",
			"<!DOCTYPE DAI [<!ELEMENT DAI ANY>]>\n<DAI xmlns");

	expect_refused(x, strlen(x), EDOC_E_DOCTYPE, "no se admiten DTD ni entidades");
}

Test(edoc, doctype_external_system)
{
	char *x = subst(sample(EDOC_DAI), "<DAI xmlns",
			"<!DOCTYPE DAI SYSTEM \"file:///etc/passwd\">\n<DAI xmlns");

	expect_refused(x, strlen(x), EDOC_E_DOCTYPE, "DOCTYPE");
}

Test(edoc, doctype_external_entity)
{
	char *x = subst(sample(EDOC_DAI), "<DAI xmlns",
			"<!DOCTYPE DAI [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<DAI xmlns");
	struct edoc_errors e = { 0 };
	struct edoc_doc d;

	x = subst(x, "María Fernanda Quishpe", "&xxe;");
	expect_refused(x, strlen(x), EDOC_E_DOCTYPE, "DOCTYPE");
	cr_assert_eq(edoc_parse(x, strlen(x), &A, &d, &e), EDOC_INVALID);
	cr_assert_eq(e.v[0].line, 4);   /* the DOCTYPE's line */
}

Test(edoc, billion_laughs, .timeout = 5)
{
	static const char lol[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE lolz [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\">&lol9;</DAI>\n";

	expect_refused(lol, sizeof(lol) - 1, EDOC_E_DOCTYPE, "DOCTYPE");
	cr_assert(A.used < 64 * 1024, "nothing was expanded into the arena");
}

Test(edoc, undeclared_entity_is_malformed)
{
	char *x = subst(sample(EDOC_DAI), "María Fernanda Quishpe", "&xxe;");

	expect_refused(x, strlen(x), EDOC_E_MALFORMED, "La entidad «&xxe;» no existe");
}

Test(edoc, declared_encoding_ignored)
{
	/* A UTF-7 declaration would turn "+ADw-" into "<": the document is read
	 * as the UTF-8 it is, so the DOCTYPE below is only text. */
	static const char x[] =
		"<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n"
		"+ADw-+ACE-DOCTYPE DAI SYSTEM +ACI-file:///etc/passwd+ACI-+AD4-\n"
		"<DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\"/>\n";
	struct edoc_doc d;
	struct edoc_errors e = { 0 };

	cr_assert_eq(edoc_parse(x, sizeof(x) - 1, &A, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_MALFORMED, "", "", NULL);
}

Test(edoc, xinclude_not_processed)
{
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<Name>María Fernanda Quishpe</Name>",
			"<Name><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
			"href=\"/etc/passwd\" parse=\"text\"/></Name>");

	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_UNEXPECTED, "/DAI/Importer/Name", "importer.name", NULL);
	for (size_t i = 0; i < e.n; i++)
		cr_assert_null(strstr(e.v[i].message, "root:"));
	/* in place of an element */
	x = subst(sample(EDOC_DAI), "<Importer>",
		  "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/>"
		  "<Importer>");
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_UNEXPECTED, "/DAI/include", "include",
	       "«include» está en otro espacio de nombres («http://www.w3.org/2001/XInclude»)");
}

Test(edoc, xsi_hints_not_followed)
{
	struct edoc_doc d;
	struct edoc_errors e;
	/* a schema location is a hint libxml2 follows only without a schema of
	 * ours: a missing file here changes nothing */
	char *x = subst(sample(EDOC_DAI), "<DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\">",
			"<DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\" "
			"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
			"xsi:schemaLocation=\"urn:wco:datamodel:EC:DAI:1:0:0 /nonexistent/otro.xsd\">");

	cr_assert_eq(parse(x, &d, &e), EDOC_OK);
	/* xsi:type cannot swap a type for a looser one */
	x = subst(x, "<Regime>10</Regime>",
		  "<Regime xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xsi:type=\"xs:string\">99"
		  "</Regime>");
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	cr_assert_str_eq(e.v[0].field, "regime");
}

Test(edoc, too_large)
{
	size_t n = EDOC_MAX_BYTES + 1;
	char *x = arena_alloc(&A, n);
	char *s = sample(EDOC_DAI);

	cr_assert_not_null(x);
	memset(x, ' ', n);
	memcpy(x, s, strlen(s));
	expect_refused(x, n, EDOC_E_TOO_LARGE, "el máximo es 10000000 bytes");
}

Test(edoc, exactly_the_limit_passes, .timeout = 30)
{
	size_t n = EDOC_MAX_BYTES;
	char *x = arena_alloc(&A, n);
	char *s = sample(EDOC_DAI);
	struct edoc_doc d;
	struct edoc_errors e = { 0 };

	cr_assert_not_null(x);
	memset(x, '\n', n);    /* whitespace after the root element is allowed */
	memcpy(x, s, strlen(s));
	cr_assert_eq(edoc_parse(x, n, &A, &d, &e), EDOC_OK);
	cr_assert_eq(d.nitems, 3);
}

Test(edoc, deep_nesting_refused, .timeout = 10)
{
	char *deep = repeat("<a>", 100000);
	char *x = subst(sample(EDOC_DAI), "<Items>", deep);
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_TOO_DEEP, "", "", "más de 16 niveles");
	cr_assert_eq(e.n, 1);
	/* just past the cap */
	x = subst(sample(EDOC_DAI), "<Items>", repeat("<a>", EDOC_MAX_DEPTH));
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_TOO_DEEP, "", "", NULL);
}

Test(edoc, too_many_nodes_refused, .timeout = 20)
{
	char *x = subst(sample(EDOC_DAI), "<Items>",
			repeat("<!---->", EDOC_MAX_NODES + 1));
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_TOO_MANY_NODES, "", "", "demasiados nodos");
}

Test(edoc, unknown_namespace)
{
	char *x = subst(sample(EDOC_DAI), "urn:wco:datamodel:EC:DAI:1:0:0",
			"urn:wco:datamodel:EC:DAI:2:0:0");

	expect_refused(x, strlen(x), EDOC_E_UNKNOWN_TYPE,
		       "El espacio de nombres «urn:wco:datamodel:EC:DAI:2:0:0» del elemento raíz «DAI»");
	x = subst(sample(EDOC_DAI), " xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\"", "");
	expect_refused(x, strlen(x), EDOC_E_UNKNOWN_TYPE, "no tiene espacio de nombres");
	x = "<Factura xmlns=\"urn:example:factura\"><Total>1</Total></Factura>";
	expect_refused(x, strlen(x), EDOC_E_UNKNOWN_TYPE, "«Factura»");
}

Test(edoc, root_does_not_match_namespace)
{
	char *x = subst(sample(EDOC_DAI), "<DAI xmlns", "<DAE xmlns");

	x = subst(x, "</DAI>", "</DAE>");
	expect_refused(x, strlen(x), EDOC_E_UNKNOWN_TYPE, "el elemento raíz debe ser «DAI»");
}

Test(edoc, invalid_utf8)
{
	char *x = subst(sample(EDOC_DAI), "María", "Mar\xE9" "a");   /* Latin-1 é */

	expect_refused(x, strlen(x), EDOC_E_ENCODING, "no está en UTF-8 o contiene un byte nulo (línea 12)");
	x = subst(sample(EDOC_DAI), "María", "Mar\xC0\xA1" "a");      /* overlong */
	expect_refused(x, strlen(x), EDOC_E_ENCODING, NULL);
	x = subst(sample(EDOC_DAI), "María", "Mar\xED\xA0\x80" "a"); /* surrogate */
	expect_refused(x, strlen(x), EDOC_E_ENCODING, NULL);
	x = sample(EDOC_DAI);
	x[200] = '\0';
	expect_refused(x, strlen(x + 201) + 201, EDOC_E_ENCODING, NULL);   /* a NUL inside */
	/* UTF-16 (a BOM and NULs) */
	expect_refused("\xFF\xFE<\0D\0A\0I\0/\0>\0", 14, EDOC_E_ENCODING, NULL);
}

Test(edoc, malformed)
{
	char *x = subst(sample(EDOC_DAI), "</Importer>", "</Importador>");

	expect_refused(x, strlen(x), EDOC_E_MALFORMED, "La etiqueta de cierre no corresponde");
	x = subst(sample(EDOC_DAI), "</DAI>", "");
	expect_refused(x, strlen(x), EDOC_E_MALFORMED, "termina sin cerrar el elemento «DAI»");
	x = subst(sample(EDOC_DAI), "</DAI>", "</DAI><DAI/>");
	expect_refused(x, strlen(x), EDOC_E_MALFORMED, "después del cierre del elemento raíz");
	x = subst(sample(EDOC_DAI), "<Declarant>", "<p:Declarant>");
	expect_refused(x, strlen(x), EDOC_E_MALFORMED, NULL);
	expect_refused(" \n ", 3, EDOC_E_MALFORMED, "vacío");
	expect_refused("", 0, EDOC_E_EMPTY, "vacío");
	x = subst(sample(EDOC_DAI), "María", "Mar\x01" "a");   /* a control character */
	expect_refused(x, strlen(x), EDOC_E_MALFORMED, "carácter que XML no admite");
}

Test(edoc, messages_are_one_line_of_utf8)
{
	/* libxml2 cuts characters in its own messages (a fuzzer find): the
	 * errors kept are sanitised */
	size_t n;
	char *x = slurp("fuzz/corpus/edoc/regress_libxml2_message_cut_utf8.xml", &n);
	struct edoc_doc d;
	struct edoc_errors e = { 0 };

	cr_assert_eq(edoc_parse(x, n, &A, &d, &e), EDOC_INVALID);
	cr_assert(e.n > 0);
	for (size_t i = 0; i < e.n; i++) {
		cr_assert(utf8_valid(e.v[i].message, strlen(e.v[i].message)), "%s", e.v[i].message);
		cr_assert_null(strchr(e.v[i].message, '\n'));
	}
	free(x);
}

/* ---- limits ----------------------------------------------------------------------------- */

/* A DAI with n copies of an item (numbers 1..n) and matching totals. */
static char *dai_with_items(size_t n)
{
	static const char item[] =
		"<Item><SequenceNumber>%zu</SequenceNumber><Subpartida>8471300000</Subpartida>"
		"<Description>Computadora</Description><Quantity>1</Quantity><Unit>C62</Unit>"
		"<Packages>1</Packages><PackageType>CT</PackageType><GrossWeightKg>2.5</GrossWeightKg>"
		"<NetWeightKg>2</NetWeightKg><FOBValueCents>60000</FOBValueCents>"
		"<OriginCountry>CN</OriginCountry></Item>\n";
	char *s = sample(EDOC_DAI), *items, *tail, *out, buf[1024];
	size_t cap = n * sizeof(item) + 64, len = 0;
	char totals[256];

	items = arena_alloc(&A, cap);
	cr_assert_not_null(items);
	for (size_t i = 1; i <= n; i++) {
		int k = snprintf(buf, sizeof(buf), item, i);
		memcpy(items + len, buf, (size_t)k);
		len += (size_t)k;
	}
	items[len] = '\0';
	/* keep the header, replace the items and the totals */
	tail = strstr(s, "<FOBValueCents>");
	*tail = '\0';
	snprintf(totals, sizeof(totals),
		 "<FOBValueCents>%zu</FOBValueCents><FreightCents>0</FreightCents>"
		 "<InsuranceCents>0</InsuranceCents><TotalPackages>%zu</TotalPackages>"
		 "<TotalGrossWeightKg>%zu.%03zu</TotalGrossWeightKg>"
		 "<TotalNetWeightKg>%zu</TotalNetWeightKg><Items>\n",
		 n * 60000, n, n * 2500 / 1000, n * 2500 % 1000, n * 2);
	out = arena_alloc(&A, strlen(s) + strlen(totals) + len + 32);
	cr_assert_not_null(out);
	snprintf(out, strlen(s) + strlen(totals) + len + 32, "%s%s%s</Items></DAI>", s, totals, items);
	return out;
}

Test(edoc, max_items)
{
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = dai_with_items(EDOC_MAX_ITEMS);

	cr_assert_eq(parse(x, &d, &e), EDOC_OK);
	cr_assert_eq(d.nitems, EDOC_MAX_ITEMS);
	cr_assert_eq(edoc_check_rules(&d, &LK, &A, &e), EDOC_OK);
	cr_assert_eq(e.errors, 0);
	x = dai_with_items(EDOC_MAX_ITEMS + 1);
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_UNEXPECTED, "/DAI/Items/Item[1000]", "items.1000", NULL);
}

Test(edoc, errors_bounded)
{
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = dai_with_items(EDOC_MAX_ITEMS);

	/* every item's description blank: 999 errors, 100 kept */
	for (char *p = x; (p = strstr(p, "<Description>Computadora<")) != NULL; p++)
		memcpy(p + 13, "           ", 11);
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	cr_assert_eq(e.n, EDOC_MAX_ERRORS);
	cr_assert_eq(e.errors, EDOC_MAX_ITEMS);
	cr_assert_str_eq(e.v[99].field, "items.100.description");
}

Test(edoc, manifest_container_cap)
{
	/* 21 transport documents of 999 containers: over the manifest's cap */
	char *s = sample(EDOC_MANIFIESTO), *c = repeat("<Container>CSQU3054383</Container>", 999);
	char *td, *tds, *x;
	size_t ntd = EDOC_MAX_MANIFEST_CONTAINERS / 999 + 1;
	struct edoc_doc d;
	struct edoc_errors e;

	td = arena_printf(&A, "<TransportDocument><Number>X</Number><Level>MASTER</Level>"
			  "<Consignee><Name>N</Name></Consignee><GoodsDescription>G</GoodsDescription>"
			  "<Packages>1</Packages><PackageType>CT</PackageType>"
			  "<GrossWeightKg>1</GrossWeightKg><Containers>%s</Containers>"
			  "</TransportDocument>", c);
	tds = repeat(td, ntd);
	x = subst(s, "<TransportDocument>", arena_printf(&A, "%s<TransportDocument>", tds));
	cr_assert_eq(parse(x, &d, &e), EDOC_INVALID);
	expect(&e, EDOC_E_LIMIT, "/Manifiesto/TransportDocuments/TransportDocument[21]/Containers/Container[21]",
	       "transport_documents.21.containers.21", "más de 20000 contenedores");
}

Test(edoc, schemas_say_the_limits)
{
	char *dai = slurp("schemas/DAI.xsd", NULL), *dae = slurp("schemas/DAE.xsd", NULL);
	char *man = slurp("schemas/MANIFIESTO.xsd", NULL), *dt = slurp("schemas/DOCTRANSPORTE.xsd", NULL);
	char want[128];

	snprintf(want, sizeof(want), "name=\"Item\" type=\"ItemType\" minOccurs=\"1\" maxOccurs=\"%d\"",
		 EDOC_MAX_ITEMS);
	cr_assert_not_null(strstr(dai, want));
	cr_assert_not_null(strstr(dae, want));
	snprintf(want, sizeof(want), "maxOccurs=\"%d\"", EDOC_MAX_TDOCS);
	cr_assert_not_null(strstr(man, want));
	snprintf(want, sizeof(want), "name=\"Container\" type=\"ContainerNumberType\" minOccurs=\"1\" "
		 "maxOccurs=\"%d\"", EDOC_MAX_CONTAINERS);
	cr_assert_not_null(strstr(man, want));
	cr_assert_not_null(strstr(dt, want));
	/* every element documented in Spanish */
	for (char *const *p = (char *const[]){ dai, dae, man, dt, NULL }; *p != NULL; p++) {
		size_t elems = 0, docs = 0;
		for (char *q = *p; (q = strstr(q, "<xs:element ")) != NULL; q++)
			elems++;
		for (char *q = *p; (q = strstr(q, "<xs:documentation>")) != NULL; q++)
			docs++;
		cr_assert(docs >= elems, "%zu elements, %zu documentations", elems, docs);
	}
	free(dai);
	free(dae);
	free(man);
	free(dt);
}

Test(edoc, arena_exhausted)
{
	struct arena small;
	struct edoc_doc d;
	struct edoc_errors e = { 0 };
	char *x = sample(EDOC_MANIFIESTO);
	int rc;

	arena_init(&small, 512);
	rc = edoc_parse(x, strlen(x), &small, &d, &e);
	cr_assert_eq(rc, EDOC_ERR_NOMEM);
	cr_assert(small.used <= 512);
	arena_free(&small);
	/* with the errors list not fitting either */
	arena_init(&small, 64);
	memset(&e, 0, sizeof(e));
	rc = edoc_parse("<x/>", 4, &small, &d, &e);
	cr_assert_eq(rc, EDOC_ERR_NOMEM);
	arena_free(&small);
}

/* ---- business rules --------------------------------------------------------------------- */

Test(edoc, rule_ruc_warning)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<RUC>1790011674001", "<RUC>1790011675001");

	cr_assert_eq(rules(x, &e), EDOC_OK, "a warning does not refuse");
	cr_assert_eq(e.errors, 0);
	cr_assert_eq(e.warnings, 1);
	cr_assert_eq(e.v[0].severity, EDOC_SEV_WARNING);
	expect(&e, EDOC_W_RUC_CHECK_DIGIT, "/DAI/Declarant/RUC", "declarant.ruc",
	       "El RUC del declarante (1790011675001) no cumple el dígito verificador");
	cr_assert_eq(e.v[0].line, 8);
}

Test(edoc, rule_ruc_invalid)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<RUC>1710034065001", "<RUC>1710034066001");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_RUC, "/DAI/Importer/RUC", "importer.ruc",
		    "El RUC del importador (1710034066001) no es válido: El dígito verificador");
	x = subst(sample(EDOC_DAE), "<RUC>0990017514001", "<RUC>0970017514001");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_RUC, "/DAE/Exporter/RUC", "exporter.ruc", "tercer dígito");
	x = subst(sample(EDOC_MANIFIESTO), "<RUC>1791251237001", "<RUC>9991251237001");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_RUC, "/Manifiesto/TransportDocuments/TransportDocument[2]/Consignee/RUC",
		    "transport_documents.2.consignee.ruc", "provincia");
}

Test(edoc, rule_codes)
{
	static const struct { const char *from, *to, *path, *field, *msg; } c[] = {
		{ "<Currency>USD", "<Currency>XXX", "/DAI/Currency", "currency", "monedas (ISO 4217)" },
		{ "<Unit>C62", "<Unit>ZZZ", "/DAI/Items/Item[1]/Unit", "items.1.unit", "UNECE Rec. 20" },
		{ "<PackageType>PK", "<PackageType>ZZ", "/DAI/Items/Item[3]/PackageType",
		  "items.3.package_type", "tipos de embalaje" },
		{ "<ExportCountry>CN", "<ExportCountry>ZZ", "/DAI/ExportCountry", "export_country",
		  "países" },
		{ "<OriginCountry>VN", "<OriginCountry>XX", "/DAI/Items/Item[3]/OriginCountry",
		  "items.3.origin_country", "el código XX no está en el catálogo de países" },
		{ "<Incoterm>FOB", "<Incoterm>ABC", "/DAI/Incoterm", "incoterm", "Incoterms 2020" },
		{ "<CustomsDistrict>028", "<CustomsDistrict>999", "/DAI/CustomsDistrict", "customs_district",
		  "el código 999 no está en el catálogo de distritos aduaneros" },
		{ "<TransportMode>1", "<TransportMode>7", "/DAI/TransportMode", "transport_mode",
		  "modos de transporte" },
		{ "<DischargePort>ECGYE", "<DischargePort>ECXXX", "/DAI/DischargePort", "discharge_port",
		  "ECXXX no es un lugar del Ecuador" },
		{ "<LoadingPort>CNSHA", "<LoadingPort>ZZSHA", "/DAI/LoadingPort", "loading_port",
		  "sus dos primeras letras (ZZ) no son un país" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct edoc_errors e;
		char *x = subst(sample(EDOC_DAI), c[i].from, c[i].to);

		cr_assert_eq(rules(x, &e), EDOC_INVALID, "case %zu", i);
		expect_only(&e, EDOC_E_CODE, c[i].path, c[i].field, c[i].msg);
	}
}

Test(edoc, rule_foreign_port_by_country)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<LoadingPort>CNSHA", "<LoadingPort>DEHAM");

	cr_assert_eq(rules(x, &e), EDOC_OK);   /* DE is a country: Hamburg accepted */
}

Test(edoc, rule_hs)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<Subpartida>8517130000", "<Subpartida>99999900");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_HS, "/DAI/Items/Item[2]/Subpartida", "items.2.subpartida",
		    "sus 6 primeros dígitos (999999) no son una subpartida del Sistema Armonizado");
	x = subst(sample(EDOC_DAI), "<Subpartida>8517130000", "<Subpartida>851713");
	cr_assert_eq(rules(x, &e), EDOC_OK, "6 digits are enough");
}

Test(edoc, rule_totals)
{
	static const struct { const char *from, *to, *path, *field, *msg; } c[] = {
		{ "<FOBValueCents>12812563", "<FOBValueCents>12812564", "/DAI/FOBValueCents",
		  "fob_value_cents", "es 12812564, pero la suma de los ítems es 12812563" },
		{ "<TotalPackages>47", "<TotalPackages>46", "/DAI/TotalPackages", "total_packages",
		  "es 46, pero la suma de los ítems es 47" },
		{ "<TotalGrossWeightKg>1470.750", "<TotalGrossWeightKg>1470.751",
		  "/DAI/TotalGrossWeightKg", "total_gross_weight_kg",
		  "es 1470.751, pero la suma de los ítems es 1470.750" },
		{ "<TotalNetWeightKg>1315.250", "<TotalNetWeightKg>1315.2",
		  "/DAI/TotalNetWeightKg", "total_net_weight_kg", "la suma de los ítems es 1315.250" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct edoc_errors e;
		char *x = subst(sample(EDOC_DAI), c[i].from, c[i].to);

		cr_assert_eq(rules(x, &e), EDOC_INVALID, "case %zu", i);
		expect_only(&e, EDOC_E_TOTAL, c[i].path, c[i].field, c[i].msg);
	}
}

Test(edoc, rule_manifest_totals)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_MANIFIESTO), "<TotalPackages>65", "<TotalPackages>64");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_TOTAL, "/Manifiesto/TotalPackages", "total_packages",
		    "la suma de los documentos de transporte es 65");
	x = subst(sample(EDOC_MANIFIESTO), "<TotalGrossWeightKg>1856.150", "<TotalGrossWeightKg>1856");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_TOTAL, "/Manifiesto/TotalGrossWeightKg", "total_gross_weight_kg",
		    "es 1856.000, pero la suma de los documentos de transporte es 1856.150");
}

Test(edoc, rule_net_over_gross)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<NetWeightKg>360<", "<NetWeightKg>430.5<");

	x = subst(x, "<TotalNetWeightKg>1315.250", "<TotalNetWeightKg>1385.750");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_WEIGHT, "/DAI/Items/Item[1]/NetWeightKg", "items.1.net_weight_kg",
		    "(430.500 kg) es mayor que el peso bruto (420.500 kg)");
	/* in total: only possible with a total that is not the sum as well */
	x = subst(sample(EDOC_DAI), "<TotalNetWeightKg>1315.250", "<TotalNetWeightKg>1500");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect(&e, EDOC_E_WEIGHT, "/DAI/TotalNetWeightKg", "total_net_weight_kg", NULL);
	expect(&e, EDOC_E_TOTAL, "/DAI/TotalNetWeightKg", "total_net_weight_kg", NULL);
	cr_assert_eq(e.errors, 2);
}

Test(edoc, rule_dates)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<IssueDate>2026-11-20", "<IssueDate>2026-12-02");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DATE, "/DAI/IssueDate", "issue_date",
		    "(2026-12-02) es posterior a hoy (2026-12-01): no puede ser una fecha futura");
	x = subst(sample(EDOC_DAI), "<IssueDate>2026-11-20", "<IssueDate>2026-12-01");
	cr_assert_eq(rules(x, &e), EDOC_OK, "today is fine");
	x = subst(sample(EDOC_DAE), "<IssueDate>2026-11-25", "<IssueDate>1999-12-31");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DATE, "/DAE/IssueDate", "issue_date", "anterior al año 2000");
	x = subst(sample(EDOC_MANIFIESTO), "<ArrivalDate>2026-11-28", "<ArrivalDate>2027-03-01");
	cr_assert_eq(rules(x, &e), EDOC_OK, "90 days ahead at most: 2027-03-01 is day 90");
	x = subst(sample(EDOC_MANIFIESTO), "<ArrivalDate>2026-11-28", "<ArrivalDate>2027-03-02");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DATE, "/Manifiesto/ArrivalDate", "arrival_date",
		    "está a más de 90 días de hoy (2026-12-01)");
	x = subst(sample(EDOC_DOCTRANSPORTE), "<IssueDate>2026-10-30", "<IssueDate>2030-01-01");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DATE, "/DocumentoTransporte/IssueDate", "issue_date", "futura");
}

Test(edoc, rule_today_is_ecuadors)
{
	/* At 2026-12-02 03:00 UTC it is still 1 December in Ecuador. */
	struct edoc_lookup lk = { fake_in_list, NULL, NOW + 15 * 3600 };
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<IssueDate>2026-11-20", "<IssueDate>2026-12-02");

	cr_assert_eq(parse(x, &d, &e), EDOC_OK);
	cr_assert_eq(edoc_check_rules(&d, &lk, &A, &e), EDOC_INVALID);
	lk.now = NOW + 18 * 3600;   /* 2026-12-02 01:00 in Ecuador */
	memset(&e, 0, sizeof(e));
	cr_assert_eq(edoc_check_rules(&d, &lk, &A, &e), EDOC_OK);
}

Test(edoc, rule_duplicate_items)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<SequenceNumber>3", "<SequenceNumber>1");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DUPLICATE, "/DAI/Items/Item[3]/SequenceNumber",
		    "items.3.sequence_number",
		    "El número de ítem 1 está repetido (también en el ítem de la posición 1)");
}

Test(edoc, rule_ports)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<DischargePort>ECGYE", "<DischargePort>USMIA");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_PORT, "/DAI/DischargePort", "discharge_port",
		    "el puerto de descarga debe estar en Ecuador");
	x = subst(sample(EDOC_DAE), "<LoadingPort>ECGYE", "<LoadingPort>CNSHA");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_PORT, "/DAE/LoadingPort", "loading_port",
		    "el puerto de embarque debe estar en Ecuador");
	x = subst(sample(EDOC_MANIFIESTO), "<DischargePort>ECGYE", "<DischargePort>USMIA");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_PORT, "/Manifiesto/DischargePort", "discharge_port",
		    "Ni el puerto de embarque (CNSHA) ni el de descarga (USMIA)");
	x = subst(sample(EDOC_DOCTRANSPORTE), "<LoadingPort>CNSHA", "<LoadingPort>ECGYE");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_PORT, "/DocumentoTransporte/DischargePort", "discharge_port",
		    "el mismo que el de embarque (ECGYE)");
}

Test(edoc, rule_containers)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_MANIFIESTO), "<Container>MSCU1234566", "<Container>MSCU1234565");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_CONTAINER,
		    "/Manifiesto/TransportDocuments/TransportDocument[1]/Containers/Container[1]",
		    "transport_documents.1.containers.1",
		    "El contenedor MSCU1234565 tiene el dígito de control 5, pero según ISO 6346 "
		    "debe ser 6");
	cr_assert_eq(e.v[0].line, 35);
	x = subst(sample(EDOC_MANIFIESTO), "<Container>MEDU3001127", "<Container>MSCU1234566");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DUPLICATE,
		    "/Manifiesto/TransportDocuments/TransportDocument[1]/Containers/Container[2]",
		    "transport_documents.1.containers.2", "también en la posición 1");
	/* the same container in two transport documents (consolidated cargo) is fine */
	x = subst(sample(EDOC_MANIFIESTO), "<Container>TGHU9876542", "<Container>MSCU1234566");
	cr_assert_eq(rules(x, &e), EDOC_OK);
	x = subst(sample(EDOC_DOCTRANSPORTE), "<Container>TGHU9876542", "<Container>TGHU9876543");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_CONTAINER, "/DocumentoTransporte/Containers/Container[1]",
		    "containers.1", "debe ser 2");
}

Test(edoc, rule_duplicate_tdocs)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_MANIFIESTO), "<Number>SHAGYE26000781", "<Number>MSCUSH2600123");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_DUPLICATE, "/Manifiesto/TransportDocuments/TransportDocument[2]/Number",
		    "transport_documents.2.number",
		    "El documento de transporte MSCUSH2600123 está repetido en el manifiesto");
}

Test(edoc, rule_master_house)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_MANIFIESTO), "<MasterNumber>MSCUSH2600124</MasterNumber>", "");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_MASTER,
		    "/Manifiesto/TransportDocuments/TransportDocument[2]/MasterNumber",
		    "transport_documents.2.master_number", "Un documento HOUSE debe indicar");
	x = subst(sample(EDOC_MANIFIESTO), "<Level>MASTER</Level>",
		  "<Level>MASTER</Level><MasterNumber>ABC</MasterNumber>");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_MASTER,
		    "/Manifiesto/TransportDocuments/TransportDocument[1]/MasterNumber",
		    "transport_documents.1.master_number", "Un documento MASTER no lleva");
	x = subst(sample(EDOC_DOCTRANSPORTE), "<MasterNumber>MSCUSH2600124",
		  "<MasterNumber>SHAGYE26000781");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_MASTER, "/DocumentoTransporte/MasterNumber", "master_number",
		    "es el del mismo documento");
}

Test(edoc, rule_kind_and_mode)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DOCTRANSPORTE), "<Kind>BL", "<Kind>AWB");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_KIND, "/DocumentoTransporte/TransportMode", "transport_mode",
		    "Un documento AWB corresponde al modo de transporte 4 (aéreo), no al 1");
	x = subst(sample(EDOC_DOCTRANSPORTE), "<TransportMode>1", "<TransportMode>8");
	cr_assert_eq(rules(x, &e), EDOC_OK, "a BL by inland waterway");
}

Test(edoc, rule_doctransporte_codes)
{
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DOCTRANSPORTE), "<Country>CN", "<Country>ZZ");

	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_CODE, "/DocumentoTransporte/Shipper/Country", "shipper.country", NULL);
	x = subst(sample(EDOC_DOCTRANSPORTE), "<PackageType>PK", "<PackageType>QQ");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_CODE, "/DocumentoTransporte/PackageType", "package_type", NULL);
	x = subst(sample(EDOC_DOCTRANSPORTE), "<RUC>1791251237001", "<RUC>1791251237000");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	expect_only(&e, EDOC_E_RUC, "/DocumentoTransporte/Consignee/RUC", "consignee.ruc",
		    "establecimiento");
}

Test(edoc, rules_all_at_once)
{
	struct edoc_errors e;
	char *x = sample(EDOC_DAI);

	x = subst(x, "<RUC>1710034065001", "<RUC>1710034066001");
	x = subst(x, "<Currency>USD", "<Currency>XXX");
	x = subst(x, "<FOBValueCents>12812563", "<FOBValueCents>1");
	x = subst(x, "<SequenceNumber>3", "<SequenceNumber>2");
	x = subst(x, "<IssueDate>2026-11-20", "<IssueDate>2027-01-01");
	x = subst(x, "<Subpartida>3923100000", "<Subpartida>3923990000");
	x = subst(x, "<RUC>1790011674001", "<RUC>1790011675001");
	cr_assert_eq(rules(x, &e), EDOC_INVALID);
	cr_assert_eq(e.errors, 6);
	cr_assert_eq(e.warnings, 1);
	expect(&e, EDOC_E_RUC, "/DAI/Importer/RUC", NULL, NULL);
	expect(&e, EDOC_E_CODE, "/DAI/Currency", NULL, NULL);
	expect(&e, EDOC_E_TOTAL, "/DAI/FOBValueCents", NULL, NULL);
	expect(&e, EDOC_E_DUPLICATE, "/DAI/Items/Item[3]/SequenceNumber", NULL, NULL);
	expect(&e, EDOC_E_DATE, "/DAI/IssueDate", NULL, NULL);
	expect(&e, EDOC_E_HS, "/DAI/Items/Item[3]/Subpartida", NULL, NULL);
	expect(&e, EDOC_W_RUC_CHECK_DIGIT, "/DAI/Declarant/RUC", NULL, NULL);
}

Test(edoc, rules_without_lists_or_clock)
{
	struct edoc_lookup lk = { NULL, NULL, 0 };
	struct edoc_doc d;
	struct edoc_errors e;
	char *x = subst(sample(EDOC_DAI), "<Currency>USD", "<Currency>XXX");

	x = subst(x, "<IssueDate>2026-11-20", "<IssueDate>2099-01-01");
	cr_assert_eq(parse(x, &d, &e), EDOC_OK);
	cr_assert_eq(edoc_check_rules(&d, &lk, &A, &e), EDOC_OK);
	cr_assert_eq(edoc_check_rules(&d, NULL, &A, &e), EDOC_OK);
}

Test(edoc, rules_ask_the_lists)
{
	int calls = 0;
	struct edoc_lookup lk = { fake_in_list, &calls, NOW };
	struct edoc_doc d;
	struct edoc_errors e;

	cr_assert_eq(parse(sample(EDOC_DAI), &d, &e), EDOC_OK);
	cr_assert_eq(edoc_check_rules(&d, &lk, &A, &e), EDOC_OK);
	/* district, mode, 2 ports (+1 country for CNSHA), country, currency,
	 * incoterm, and per item HS, unit, package type, origin */
	cr_assert_eq(calls, 1 + 1 + 3 + 1 + 1 + 1 + 3 * 4);
}

/* ---- helpers of the header ------------------------------------------------------------- */

Test(edoc, field_keys)
{
	static const char *const c[][2] = {
		{ "/DAI/Items/Item[3]/Subpartida", "items.3.subpartida" },
		{ "/DAI/FOBValueCents", "fob_value_cents" },
		{ "/DAI/Declarant/OCECode", "declarant.oce_code" },
		{ "/DAI/Declarant/RUC", "declarant.ruc" },
		{ "/DAI/TotalGrossWeightKg", "total_gross_weight_kg" },
		{ "/Manifiesto/TransportDocuments/TransportDocument[2]/Containers/Container[10]",
		  "transport_documents.2.containers.10" },
		{ "/Manifiesto/VesselOrFlight", "vessel_or_flight" },
		{ "/DAI/Importer[2]/Name", "importer.name" },
		{ "/DAI", "" },
		{ "/", "" },
		{ "", "" },
		{ "/DAI/a-b.c", "a_b_c" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		cr_assert_str_eq(edoc_field_key(&A, c[i][0]), c[i][1]);
	cr_assert_str_eq(edoc_field_key(&A, NULL), "");
}

Test(edoc, containers_iso6346)
{
	cr_assert(edoc_container_valid("CSQU3054383"));
	cr_assert(edoc_container_valid("MSCU1234566"));
	cr_assert(edoc_container_valid("TGHU9876542"));
	cr_assert(edoc_container_valid("HLXU2003459"));
	cr_assert_not(edoc_container_valid("CSQU3054384"));
	cr_assert_not(edoc_container_valid("CSQX3054383"));   /* category X */
	cr_assert_not(edoc_container_valid("CSQU305438"));
	cr_assert_not(edoc_container_valid("CSQU30543833"));
	cr_assert_not(edoc_container_valid("csqu3054383"));
	cr_assert_not(edoc_container_valid(""));
	cr_assert_not(edoc_container_valid(NULL));
}

Test(edoc, type_names)
{
	cr_assert_str_eq(edoc_type_code(EDOC_MANIFIESTO), "MANIFIESTO");
	cr_assert_str_eq(edoc_type_root(EDOC_DOCTRANSPORTE), "DocumentoTransporte");
	cr_assert_str_eq(edoc_type_namespace(EDOC_DAE), "urn:wco:datamodel:EC:DAE:1:0:0");
	cr_assert_str_eq(edoc_type_title(EDOC_DAI), "Declaración Aduanera de Importación");
	cr_assert_eq(edoc_type_from_code("DOCTRANSPORTE"), EDOC_DOCTRANSPORTE);
	cr_assert_eq(edoc_type_from_code("dai"), EDOC_NONE);
	cr_assert_eq(edoc_type_from_code(NULL), EDOC_NONE);
	cr_assert_eq(edoc_type_from_namespace("urn:wco:datamodel:EC:MANIFIESTO:1:0:0"), EDOC_MANIFIESTO);
	cr_assert_str_eq(edoc_type_code((enum edoc_type)99), "");
	cr_assert_str_eq(edoc_code_name(EDOC_E_MISSING), "schema.missing");
	cr_assert_str_eq(edoc_code_name(EDOC_W_RUC_CHECK_DIGIT), "rule.ruc_check_digit");
	cr_assert_str_eq(edoc_code_name((enum edoc_code)0), "unknown");
	cr_assert_str_eq(edoc_code_name((enum edoc_code)999), "unknown");
}

/* ---- init --------------------------------------------------------------------------------- */

Test(edoc_init, not_initialised)
{
	struct arena a;
	struct edoc_doc d;
	struct edoc_errors e = { 0 };

	arena_init(&a, 1 << 20);
	cr_assert_eq(edoc_parse("<x/>", 4, &a, &d, &e), EDOC_ERR_INIT);
	arena_free(&a);
}

Test(edoc_init, from_texts_and_broken_schema)
{
	const char *names[EDOC_NTYPES] = { "schemas/DAI.xsd", "schemas/DAE.xsd",
					   "schemas/MANIFIESTO.xsd", "schemas/DOCTRANSPORTE.xsd" };
	const char *xsd[EDOC_NTYPES];
	size_t len[EDOC_NTYPES];
	char err[256], *texts[EDOC_NTYPES], *bad;

	for (int i = 0; i < EDOC_NTYPES; i++) {
		texts[i] = slurp(names[i], &len[i]);
		xsd[i] = texts[i];
	}
	/* a schema that does not compile */
	bad = strdup(texts[1]);
	cr_assert_not_null(bad);
	memcpy(strstr(bad, "type=\"DAEType\""), "type=\"DAXType\"", 14);
	xsd[1] = bad;
	cr_assert_eq(edoc_init_schemas(xsd, len, err, sizeof(err)), -1);
	cr_assert(strstr(err, "DAXType") != NULL, "%s", err);
	cr_assert_null(strchr(err, '\n'));
	xsd[1] = "<not xml";
	len[1] = 8;
	cr_assert_eq(edoc_init_schemas(xsd, len, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "schema DAE is not well-formed XML");
	xsd[1] = NULL;
	cr_assert_eq(edoc_init_schemas(xsd, len, err, sizeof(err)), -1);
	/* the real ones, twice (the second is a no-op) */
	xsd[1] = texts[1];
	len[1] = strlen(texts[1]);
	cr_assert_eq(edoc_init_schemas(xsd, len, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(edoc_init_schemas(xsd, len, NULL, 0), 0);
	edoc_free();
	edoc_free();
	for (int i = 0; i < EDOC_NTYPES; i++)
		free(texts[i]);
	free(bad);
}

/* ---- threads -------------------------------------------------------------------------------- */

struct worker {
	char *xml[EDOC_NTYPES + 1];
	int failures;
};

static void *work(void *p)
{
	struct worker *w = p;

	for (int round = 0; round < 25; round++) {
		for (int t = 1; t <= EDOC_NTYPES; t++) {
			struct arena a;
			struct edoc_doc d;
			struct edoc_errors e = { 0 };
			/* a broken copy every other round: errors collected per thread */
			bool broken_round = round % 2 == 1;
			const char *x = w->xml[t];
			size_t n = strlen(x);
			int rc;

			arena_init(&a, 16 << 20);
			if (broken_round) {
				char *c = arena_strndup(&a, x, n);
				char *p2 = strstr(c, "<OCECode>");
				p2[9] = 'X';
				x = c;
			}
			rc = edoc_parse(x, n, &a, &d, &e);
			if (broken_round) {
				if (rc != EDOC_INVALID || e.n == 0 ||
				    strstr(e.v[0].path, "/Declarant/OCECode") == NULL)
					w->failures++;
			} else if (rc != EDOC_OK || d.type != (enum edoc_type)t ||
				   edoc_check_rules(&d, &LK, &a, &e) != EDOC_OK) {
				w->failures++;
			}
			arena_free(&a);
		}
	}
	return NULL;
}

Test(edoc, four_threads)
{
	pthread_t th[4];
	struct worker w[4];

	for (int i = 0; i < 4; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		for (int t = 1; t <= EDOC_NTYPES; t++)
			w[i].xml[t] = sample((enum edoc_type)t);
		cr_assert_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pthread_join(th[i], NULL), 0);
		cr_assert_eq(w[i].failures, 0, "thread %d", i);
	}
}
