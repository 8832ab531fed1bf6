/*
 * edoc_form.c — the forms of the e-document types and the XML they write;
 * see edoc_form.h.  The flat values of an XML document (edoc_values) are read
 * in edoc_xml.c, beside the secure parse they share.
 */
#include "domain/edoc_form.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/edoc_int.h"

/* ---- the models ------------------------------------------------------------------ */

#define IN(p, k, l, kind, ...) { .path = (p), .key = (k), .label = (l), .in = (kind), __VA_ARGS__ }

#define DECLARANT \
	IN("Declarant/OCECode", "declarant.oce_code", "Código de OCE", EDOC_IN_SENDER_OCE, \
	   .section = "Declarante"), \
	IN("Declarant/RUC", "declarant.ruc", "RUC", EDOC_IN_SENDER_RUC)

#define NAME_MAX 200
#define DOCNO_MAX 35
#define DESC_MAX 500

/* NOLINTBEGIN(bugprone-macro-parentheses): string literals joined to the arguments */
/* DAI and DAE: the party, the regimes, the country and whether the
 * transport references are required differ. */
#define DECLARATION(PARTY, PKEY, PTITLE, REGIMES, REFS, COUNTRY, CKEY, CLABEL) \
	IN("IssueDate", "issue_date", "Fecha de emisión", EDOC_IN_DATE, .max = 10, \
	   .section = "Datos generales"), \
	DECLARANT, \
	IN(PARTY "/RUC", PKEY ".ruc", "RUC", EDOC_IN_TEXT, .max = 13, .section = PTITLE), \
	IN(PARTY "/Name", PKEY ".name", "Nombre o razón social", EDOC_IN_TEXT, .max = NAME_MAX), \
	IN("CustomsDistrict", "customs_district", "Distrito aduanero", EDOC_IN_TEXT, .max = 3, \
	   .section = "Despacho y transporte"), \
	IN("Regime", "regime", "Régimen aduanero", EDOC_IN_CHOICE, .list = REGIMES), \
	IN("TransportMode", "transport_mode", "Modo de transporte", EDOC_IN_CODE, .list = "transport", \
	   .max = 1), \
	IN("TransportDocumentNumber", "transport_document_number", \
	   "Número del documento de transporte", EDOC_IN_TEXT, .max = DOCNO_MAX, .flags = REFS | EDOC_F_UPPER), \
	IN("ManifestReference", "manifest_reference", "Referencia del manifiesto (MRN)", \
	   EDOC_IN_TEXT, .max = DOCNO_MAX, .flags = REFS | EDOC_F_UPPER), \
	IN("LoadingPort", "loading_port", "Puerto de embarque", EDOC_IN_CODE, .list = "locode", \
	   .max = 5), \
	IN("DischargePort", "discharge_port", "Puerto de descarga", EDOC_IN_CODE, .list = "locode", \
	   .max = 5), \
	IN(COUNTRY, CKEY, CLABEL, EDOC_IN_CODE, .list = "country", .max = 2), \
	IN("Currency", "currency", "Moneda", EDOC_IN_CODE, .list = "currency", .max = 3, \
	   .section = "Valores"), \
	IN("Incoterm", "incoterm", "Incoterm", EDOC_IN_CODE, .list = "incoterm", .max = 3), \
	IN("FOBValueCents", "fob_value_cents", "Valor FOB total", EDOC_IN_MONEY, .max = 16, \
	   .flags = EDOC_F_TOTAL, .sum_of = "fob_value_cents"), \
	IN("FreightCents", "freight_cents", "Flete", EDOC_IN_MONEY, .max = 16), \
	IN("InsuranceCents", "insurance_cents", "Seguro", EDOC_IN_MONEY, .max = 16), \
	IN("TotalPackages", "total_packages", "Total de bultos", EDOC_IN_COUNT, .max = 8, \
	   .flags = EDOC_F_TOTAL, .sum_of = "packages", .section = "Totales"), \
	IN("TotalGrossWeightKg", "total_gross_weight_kg", "Peso bruto total (kg)", EDOC_IN_DECIMAL, \
	   .max = 16, .flags = EDOC_F_TOTAL, .sum_of = "gross_weight_kg"), \
	IN("TotalNetWeightKg", "total_net_weight_kg", "Peso neto total (kg)", EDOC_IN_DECIMAL, \
	   .max = 16, .flags = EDOC_F_TOTAL, .sum_of = "net_weight_kg")
/* NOLINTEND(bugprone-macro-parentheses) */

static const struct edoc_input_def dai_head[] = {
	DECLARATION("Importer", "importer", "Importador", "regime_import", 0,
		    "ExportCountry", "export_country", "País de procedencia"),
};

static const struct edoc_input_def dae_head[] = {
	DECLARATION("Exporter", "exporter", "Exportador", "regime_export", EDOC_F_OPTIONAL,
		    "DestinationCountry", "destination_country", "País de destino"),
};

static const struct edoc_input_def item_row[] = {
	IN("SequenceNumber", "sequence_number", "Número de ítem", EDOC_IN_SEQ),
	IN("Subpartida", "subpartida", "Subpartida", EDOC_IN_TEXT, .list = "hs", .max = 10),
	IN("Description", "description", "Descripción de la mercancía", EDOC_IN_LONG, .max = DESC_MAX),
	IN("Quantity", "quantity", "Cantidad", EDOC_IN_DECIMAL, .max = 16),
	IN("Unit", "unit", "Unidad de medida", EDOC_IN_CODE, .list = "unit", .max = 3),
	IN("Packages", "packages", "Bultos", EDOC_IN_COUNT, .max = 8),
	IN("PackageType", "package_type", "Tipo de embalaje", EDOC_IN_CODE, .list = "package", .max = 2),
	IN("GrossWeightKg", "gross_weight_kg", "Peso bruto (kg)", EDOC_IN_DECIMAL, .max = 16),
	IN("NetWeightKg", "net_weight_kg", "Peso neto (kg)", EDOC_IN_DECIMAL, .max = 16),
	IN("FOBValueCents", "fob_value_cents", "Valor FOB", EDOC_IN_MONEY, .max = 16),
	IN("OriginCountry", "origin_country", "País de origen", EDOC_IN_CODE, .list = "country", .max = 2),
};

static const struct edoc_input_def manifest_head[] = {
	DECLARANT,
	IN("Carrier/Code", "carrier.code", "Código del transportista", EDOC_IN_TEXT, .max = 4, .flags = EDOC_F_UPPER,
	   .section = "Transportista"),
	IN("Carrier/Name", "carrier.name", "Nombre del transportista", EDOC_IN_TEXT, .max = NAME_MAX),
	IN("CustomsDistrict", "customs_district", "Distrito aduanero", EDOC_IN_TEXT, .max = 3,
	   .section = "Viaje"),
	IN("TransportMode", "transport_mode", "Modo de transporte", EDOC_IN_CODE, .list = "transport",
	   .max = 1),
	IN("VesselOrFlight", "vessel_or_flight", "Nave o vuelo", EDOC_IN_TEXT, .max = 35),
	IN("Voyage", "voyage", "Número de viaje", EDOC_IN_TEXT, .max = 17, .flags = EDOC_F_UPPER),
	IN("LoadingPort", "loading_port", "Puerto de embarque", EDOC_IN_CODE, .list = "locode", .max = 5),
	IN("DischargePort", "discharge_port", "Puerto de descarga", EDOC_IN_CODE, .list = "locode",
	   .max = 5),
	IN("ArrivalDate", "arrival_date", "Fecha de llegada", EDOC_IN_DATE, .max = 10),
	IN("TotalPackages", "total_packages", "Total de bultos", EDOC_IN_COUNT, .max = 8,
	   .flags = EDOC_F_TOTAL, .sum_of = "packages", .section = "Totales"),
	IN("TotalGrossWeightKg", "total_gross_weight_kg", "Peso bruto total (kg)", EDOC_IN_DECIMAL,
	   .max = 16, .flags = EDOC_F_TOTAL, .sum_of = "gross_weight_kg"),
};

#define CONTAINERS \
	IN("Containers", "containers", "Contenedores", EDOC_IN_LIST, .list = "Container", \
	   .max = EDOC_FORM_LIST_CHARS, .flags = EDOC_F_OPTIONAL)

static const struct edoc_input_def tdoc_row[] = {
	IN("Number", "number", "Número del documento de transporte", EDOC_IN_TEXT, .max = DOCNO_MAX,
	   .flags = EDOC_F_UPPER),
	IN("Level", "level", "Nivel", EDOC_IN_CHOICE, .list = "level"),
	IN("MasterNumber", "master_number", "Número del documento master", EDOC_IN_TEXT,
	   .max = DOCNO_MAX, .flags = EDOC_F_OPTIONAL | EDOC_F_UPPER),
	IN("Consignee/RUC", "consignee.ruc", "RUC del consignatario", EDOC_IN_TEXT, .max = 13,
	   .flags = EDOC_F_OPTIONAL),
	IN("Consignee/Name", "consignee.name", "Consignatario", EDOC_IN_TEXT, .max = NAME_MAX),
	IN("GoodsDescription", "goods_description", "Descripción de la carga", EDOC_IN_LONG,
	   .max = DESC_MAX),
	IN("Packages", "packages", "Bultos", EDOC_IN_COUNT, .max = 8),
	IN("PackageType", "package_type", "Tipo de embalaje", EDOC_IN_CODE, .list = "package", .max = 2),
	IN("GrossWeightKg", "gross_weight_kg", "Peso bruto (kg)", EDOC_IN_DECIMAL, .max = 16),
	CONTAINERS,
};

static const struct edoc_input_def doctransporte_head[] = {
	DECLARANT,
	IN("Number", "number", "Número del documento de transporte", EDOC_IN_TEXT, .max = DOCNO_MAX,
	   .flags = EDOC_F_UPPER, .section = "Documento"),
	IN("Kind", "kind", "Clase de documento", EDOC_IN_CHOICE, .list = "kind"),
	IN("Level", "level", "Nivel", EDOC_IN_CHOICE, .list = "level"),
	IN("MasterNumber", "master_number", "Número del documento master", EDOC_IN_TEXT,
	   .max = DOCNO_MAX, .flags = EDOC_F_OPTIONAL | EDOC_F_UPPER),
	IN("ManifestReference", "manifest_reference", "Referencia del manifiesto (MRN)", EDOC_IN_TEXT,
	   .max = DOCNO_MAX, .flags = EDOC_F_OPTIONAL | EDOC_F_UPPER),
	IN("IssueDate", "issue_date", "Fecha de emisión", EDOC_IN_DATE, .max = 10),
	IN("TransportMode", "transport_mode", "Modo de transporte", EDOC_IN_CODE, .list = "transport",
	   .max = 1),
	IN("Shipper/Name", "shipper.name", "Nombre del embarcador", EDOC_IN_TEXT, .max = NAME_MAX,
	   .section = "Embarcador y consignatario"),
	IN("Shipper/Country", "shipper.country", "País del embarcador", EDOC_IN_CODE, .list = "country",
	   .max = 2),
	IN("Consignee/RUC", "consignee.ruc", "RUC del consignatario", EDOC_IN_TEXT, .max = 13,
	   .flags = EDOC_F_OPTIONAL),
	IN("Consignee/Name", "consignee.name", "Consignatario", EDOC_IN_TEXT, .max = NAME_MAX),
	IN("LoadingPort", "loading_port", "Puerto de embarque", EDOC_IN_CODE, .list = "locode", .max = 5,
	   .section = "Carga"),
	IN("DischargePort", "discharge_port", "Puerto de descarga", EDOC_IN_CODE, .list = "locode",
	   .max = 5),
	IN("GoodsDescription", "goods_description", "Descripción de la carga", EDOC_IN_LONG,
	   .max = DESC_MAX),
	IN("Packages", "packages", "Bultos", EDOC_IN_COUNT, .max = 8),
	IN("PackageType", "package_type", "Tipo de embalaje", EDOC_IN_CODE, .list = "package", .max = 2),
	IN("GrossWeightKg", "gross_weight_kg", "Peso bruto (kg)", EDOC_IN_DECIMAL, .max = 16),
	CONTAINERS,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct edoc_form forms[EDOC_NTYPES] = {
	{ EDOC_DAI, dai_head, N(dai_head), "Items/Item", "items", "Ítems", "Ítem", "ítem", item_row, N(item_row) },
	{ EDOC_DAE, dae_head, N(dae_head), "Items/Item", "items", "Ítems", "Ítem", "ítem", item_row, N(item_row) },
	{ EDOC_MANIFIESTO, manifest_head, N(manifest_head), "TransportDocuments/TransportDocument",
	  "transport_documents", "Documentos de transporte", "Documento de transporte",
	  "documento de transporte", tdoc_row,
	  N(tdoc_row) },
	{ EDOC_DOCTRANSPORTE, doctransporte_head, N(doctransporte_head), NULL, NULL, NULL, NULL, NULL, NULL, 0 },
};

const struct edoc_form *edoc_form_of(enum edoc_type t)
{
	return t >= EDOC_DAI && t <= EDOC_DOCTRANSPORTE ? &forms[t - 1] : NULL;
}

/* ---- choices (the schemas' enumerations) ----------------------------------------------- */

static const struct edoc_choice regime_import[] = {
	{ "10", "10 Importación para el consumo" },
	{ "20", "20 Admisión temporal para reexportación en el mismo estado" },
	{ "21", "21 Admisión temporal para perfeccionamiento activo" },
	{ "70", "70 Depósito aduanero" },
};
static const struct edoc_choice regime_export[] = {
	{ "40", "40 Exportación definitiva" },
	{ "50", "50 Exportación temporal para reimportación en el mismo estado" },
	{ "51", "51 Exportación temporal para perfeccionamiento pasivo" },
};
static const struct edoc_choice levels[] = {
	{ "MASTER", "MASTER (documento madre)" },
	{ "HOUSE", "HOUSE (documento hijo)" },
};
static const struct edoc_choice kinds[] = {
	{ "BL", "BL conocimiento de embarque (marítimo)" },
	{ "AWB", "AWB guía aérea" },
	{ "CP", "CP carta de porte (terrestre)" },
};

static const struct {
	const char *name;
	const struct edoc_choice *v;
	size_t n;
} choice_lists[] = {
	{ "regime_import", regime_import, N(regime_import) },
	{ "regime_export", regime_export, N(regime_export) },
	{ "level", levels, N(levels) },
	{ "kind", kinds, N(kinds) },
};

const struct edoc_choice *edoc_choices(const char *list, size_t *n)
{
	for (size_t i = 0; list != NULL && i < N(choice_lists); i++)
		if (strcmp(choice_lists[i].name, list) == 0) {
			*n = choice_lists[i].n;
			return choice_lists[i].v;
		}
	*n = 0;
	return NULL;
}

const char *edoc_choice_label(const char *list, const char *value)
{
	size_t n;
	const struct edoc_choice *c = edoc_choices(list, &n);

	for (size_t i = 0; value != NULL && i < n; i++)
		if (strcmp(c[i].value, value) == 0)
			return c[i].label;
	return NULL;
}

/* ---- flat values ------------------------------------------------------------------------ */

static int cmp_value(const void *a, const void *b)
{
	return strcmp(((const struct edoc_value *)a)->key, ((const struct edoc_value *)b)->key);
}

const char *edoc_values_get(const struct edoc_values *vs, const char *key)
{
	struct edoc_value k = { key, NULL };
	const struct edoc_value *v;

	if (vs == NULL || vs->n == 0 || key == NULL)
		return NULL;
	v = bsearch(&k, vs->v, vs->n, sizeof(*vs->v), cmp_value);
	return v != NULL ? v->text : NULL;
}

size_t edoc_values_rows(const struct edoc_values *vs, const char *rows_key)
{
	size_t len = rows_key != NULL ? strlen(rows_key) : 0, most = 0;

	for (size_t i = 0; len > 0 && vs != NULL && i < vs->n; i++) {
		const char *k = vs->v[i].key;
		char *end;
		unsigned long pos;

		if (strncmp(k, rows_key, len) != 0 || k[len] != '.' || k[len + 1] < '1' || k[len + 1] > '9')
			continue;
		pos = strtoul(k + len + 1, &end, 10);
		if (*end == '.' && pos > most)
			most = pos;
	}
	return most;
}

/* ---- numbers ------------------------------------------------------------------------------ */

void edoc_cents_text(long long cents, char out[32])
{
	bool neg = cents < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;

	(void)snprintf(out, 32, "%s%llu.%02llu", neg ? "-" : "", u / 100, u % 100);
}

/* digits [.,] up to `decimals` digits; the value times 10^decimals in *out.
 * -1 when not of that shape or over max_digits digits in all. */
static int parse_fixed(const char *s, int decimals, int max_digits, long long *out)
{
	long long v = 0;
	int digits = 0, frac = -1;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (frac >= 0 && ++frac > decimals)
				return -1;
			if (++digits > max_digits)
				return -1;
			v = v * 10 + (*s - '0');
		} else if ((*s == '.' || *s == ',') && frac < 0 && digits > 0) {
			frac = 0;
		} else {
			return -1;
		}
	}
	if (frac == 0)
		return -1;   /* "12." */
	for (int i = frac < 0 ? 0 : frac; i < decimals; i++)
		v *= 10;
	*out = v;
	return 0;
}

int edoc_money_cents(const char *s, long long *cents)
{
	return parse_fixed(s, 2, 14, cents);
}

/* ---- writing the XML --------------------------------------------------------------------- */

struct writer {
	const struct edoc_form *f;
	const struct edoc_form_in *in;
	struct arena *a;
	struct buf *out;
	struct edoc_errors *errs;
	char open[4][32];        /* the groups open below the root or the row ("Declarant") */
	size_t nopen;
	int depth;               /* for indentation */
	int bad;                 /* a value could not be converted */
	int nomem;
};

static void indent(struct writer *w)
{
	buf_put_char(w->out, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_put_str(w->out, "  ");
}

static void put_xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_put_str(b, "&amp;"); break;
		case '<': buf_put_str(b, "&lt;"); break;
		case '>': buf_put_str(b, "&gt;"); break;
		default: buf_put_char(b, *s);
		}
	}
}

static void open_el(struct writer *w, const char *name, size_t n)
{
	indent(w);
	buf_put_char(w->out, '<');
	buf_put(w->out, name, n);
	buf_put_char(w->out, '>');
	w->depth++;
}

static void close_el(struct writer *w, const char *name, size_t n, bool inline_text)
{
	w->depth--;
	if (!inline_text)
		indent(w);
	buf_put_str(w->out, "</");
	buf_put(w->out, name, n);
	buf_put_char(w->out, '>');
}

static void close_groups(struct writer *w, size_t keep)
{
	while (w->nopen > keep) {
		w->nopen--;
		close_el(w, w->open[w->nopen], strlen(w->open[w->nopen]), false);
	}
}

/* Opens the groups of path (all its segments but the last) that are not
 * open yet, closing those that differ; returns the leaf's name. */
static const char *enter_groups(struct writer *w, const char *path)
{
	size_t level = 0;
	const char *p = path, *slash;

	while ((slash = strchr(p, '/')) != NULL) {
		size_t n = (size_t)(slash - p);

		if (level < w->nopen && (strlen(w->open[level]) != n || memcmp(w->open[level], p, n) != 0))
			close_groups(w, level);
		if (level >= w->nopen && level < N(w->open) && n < sizeof(w->open[0])) {
			memcpy(w->open[level], p, n);
			w->open[level][n] = '\0';
			w->nopen = level + 1;
			open_el(w, p, n);
		}
		level++;
		p = slash + 1;
	}
	close_groups(w, level);
	return p;
}

static void leaf(struct writer *w, const char *path, const char *text)
{
	const char *name = enter_groups(w, path);
	size_t n = strlen(name);

	indent(w);
	buf_put_char(w->out, '<');
	buf_put(w->out, name, n);
	buf_put_char(w->out, '>');
	put_xml_text(w->out, text);
	buf_put_str(w->out, "</");
	buf_put(w->out, name, n);
	buf_put_char(w->out, '>');
}

static void form_error_code(struct writer *w, enum edoc_code code, const char *xpath, const char *msg)
{
	if (msg == NULL || edoc_err_add(w->errs, w->a, EDOC_SEV_ERROR, code, 0, xpath, msg) != 0)
		w->nomem = 1;
	w->bad = 1;
}

static void form_error(struct writer *w, const char *xpath, const char *msg)
{
	form_error_code(w, EDOC_E_FORMAT, xpath, msg);
}

static const char *get(struct writer *w, const char *key)
{
	char name[EDOC_FORM_KEY_BYTES + 16];
	const char *v;

	(void)snprintf(name, sizeof(name), "f.%s", key);
	v = w->in->get(w->in->ctx, name);
	return v != NULL ? v : "";
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* s trimmed, upper-cased (ASCII), in the arena. */
static char *upper_trim(struct arena *a, const char *s)
{
	size_t n;
	char *o;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	o = arena_strndup(a, s, n);
	for (size_t i = 0; o != NULL && i < n; i++)
		if (o[i] >= 'a' && o[i] <= 'z')
			o[i] = (char)(o[i] - 'a' + 'A');
	return o;
}

/* The sum over the rows of row field sum_of, as the XML writes it; NULL
 * when a row's value is not a number (its own error says so). */
static const char *row_sum(struct writer *w, const struct edoc_input_def *d)
{
	long long sum = 0;
	char *key, out[40];

	for (size_t r = 1; r <= w->in->nrows; r++) {
		long long v = 0;
		const char *t;

		key = arena_printf(w->a, "%s.%zu.%s", w->f->rows_key, r, d->sum_of);
		if (key == NULL) {
			w->nomem = 1;
			return NULL;
		}
		t = get(w, key);
		if ((d->in == EDOC_IN_MONEY && edoc_money_cents(t, &v) != 0) ||
		    (d->in == EDOC_IN_DECIMAL && parse_fixed(t, 3, 15, &v) != 0) ||
		    (d->in == EDOC_IN_COUNT && parse_fixed(t, 0, 8, &v) != 0) ||
		    __builtin_add_overflow(sum, v, &sum))
			return NULL;
	}
	if (d->in == EDOC_IN_DECIMAL)
		(void)snprintf(out, sizeof(out), "%lld.%03lld", sum / 1000, sum % 1000);
	else
		(void)snprintf(out, sizeof(out), "%lld", sum);
	return arena_strdup(w->a, out);
}

/* One input: its value converted and written (or left out). key is its
 * full field key, xpath its full XML path (for errors). */
static void write_input(struct writer *w, const struct edoc_input_def *d, const char *key,
			const char *xpath, size_t row)
{
	const char *v = get(w, key);
	char num[32];

	switch (d->in) {
	case EDOC_IN_SEQ:
		(void)snprintf(num, sizeof(num), "%zu", row);
		leaf(w, d->path, num);
		return;
	case EDOC_IN_SENDER_OCE:
		leaf(w, d->path, w->in->oce_code ? w->in->oce_code : "");
		return;
	case EDOC_IN_SENDER_RUC:
		leaf(w, d->path, w->in->ruc ? w->in->ruc : "");
		return;
	default:
		break;
	}
	if (blank(v)) {
		if (d->flags & EDOC_F_TOTAL) {
			const char *sum = row_sum(w, d);
			if (sum != NULL)
				leaf(w, d->path, sum);
		} else if (!(d->flags & EDOC_F_OPTIONAL)) {
			/* every blank one at once (the schema would stop at the first) */
			form_error_code(w, EDOC_E_MISSING, xpath,
					arena_printf(w->a, "«%s»: ingrese este dato.", d->label));
		}
		return;   /* optional: left out */
	}
	switch (d->in) {
	case EDOC_IN_MONEY: {
		long long cents;
		char *t = upper_trim(w->a, v);

		if (t == NULL || edoc_money_cents(t, &cents) != 0) {
			form_error(w, xpath,
				   arena_printf(w->a, "«%s»: ingrese un valor con hasta 2 decimales, sin "
						"separador de miles (p. ej. 72000.50).", d->label));
			return;
		}
		(void)snprintf(num, sizeof(num), "%lld", cents);
		leaf(w, d->path, num);
		return;
	}
	case EDOC_IN_DECIMAL: {
		char *t = upper_trim(w->a, v);
		for (char *p = t; p != NULL && *p; p++)
			if (*p == ',')
				*p = '.';
		leaf(w, d->path, t != NULL ? t : "");
		return;
	}
	case EDOC_IN_DATE: {
		char *t = upper_trim(w->a, v);
		if (t != NULL && strlen(t) == 10 && t[2] == '/' && t[5] == '/') {
			char iso[11];
			memcpy(iso, t + 6, 4);
			iso[4] = '-';
			memcpy(iso + 5, t + 3, 2);
			iso[7] = '-';
			memcpy(iso + 8, t, 2);
			iso[10] = '\0';
			leaf(w, d->path, iso);
		} else {
			leaf(w, d->path, t != NULL ? t : "");
		}
		return;
	}
	case EDOC_IN_TEXT:
		if (!(d->flags & EDOC_F_UPPER)) {
			leaf(w, d->path, v);
			return;
		}
		/* a code-like text (a document number): as a code */
		__attribute__((fallthrough));
	case EDOC_IN_CODE:
	case EDOC_IN_COUNT: {
		char *t = upper_trim(w->a, v);
		leaf(w, d->path, t != NULL ? t : "");
		return;
	}
	case EDOC_IN_LIST: {
		const char *name = enter_groups(w, d->path);
		char *t = upper_trim(w->a, v);
		size_t count = 0, nlen = strlen(name);

		if (t == NULL) {
			w->nomem = 1;
			return;
		}
		open_el(w, name, nlen);
		for (char *save = NULL, *tok = strtok_r(t, " \t\r\n,;", &save); tok != NULL;
		     tok = strtok_r(NULL, " \t\r\n,;", &save)) {
			if (++count > EDOC_MAX_CONTAINERS) {
				form_error(w, xpath,
					   arena_printf(w->a, "«%s»: admite hasta %d; tiene más.", d->label,
							EDOC_MAX_CONTAINERS));
				break;
			}
			indent(w);
			buf_printf(w->out, "<%s>", d->list);
			put_xml_text(w->out, tok);
			buf_printf(w->out, "</%s>", d->list);
		}
		close_el(w, name, nlen, false);
		return;
	}
	default:
		leaf(w, d->path, v);
		return;
	}
}

static void write_inputs(struct writer *w, const struct edoc_input_def *defs, size_t n, size_t row)
{
	const char *root = edoc_type_root(w->f->type);

	for (size_t i = 0; i < n && !w->nomem; i++) {
		const char *key = edoc_form_key(&defs[i], w->f->rows_key, row, w->a);
		const char *xpath = row == 0 ? arena_printf(w->a, "/%s/%s", root, defs[i].path)
					     : arena_printf(w->a, "/%s/%s[%zu]/%s", root, w->f->rows_path,
							    row, defs[i].path);
		if (key == NULL || xpath == NULL) {
			w->nomem = 1;
			return;
		}
		write_input(w, &defs[i], key, xpath, row);
	}
	close_groups(w, 0);
}

int edoc_form_xml(const struct edoc_form *f, const struct edoc_form_in *in, struct arena *a,
		  struct buf *out, struct edoc_errors *errs)
{
	struct writer w;
	const char *root = edoc_type_root(f->type);

	memset(&w, 0, sizeof(w));
	w.f = f;
	w.in = in;
	w.a = a;
	w.out = out;
	w.errs = errs;
	buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s xmlns=\"%s\">", root,
		   edoc_type_namespace(f->type));
	w.depth = 1;
	write_inputs(&w, f->head, f->nhead, 0);
	if (f->rows_path != NULL) {
		const char *slash = strchr(f->rows_path, '/');
		const char *el = slash + 1;
		size_t glen = (size_t)(slash - f->rows_path);

		open_el(&w, f->rows_path, glen);
		for (size_t r = 1; r <= in->nrows && !w.nomem; r++) {
			open_el(&w, el, strlen(el));
			write_inputs(&w, f->row, f->nrow, r);
			close_el(&w, el, strlen(el), false);
		}
		close_el(&w, f->rows_path, glen, false);
	}
	buf_printf(out, "\n</%s>\n", root);
	if (w.nomem || out->err != BUF_OK)
		return EDOC_ERR_NOMEM;
	return w.bad ? EDOC_INVALID : EDOC_OK;
}

/* ---- the form's text of a value ---------------------------------------------------------- */

const char *edoc_form_key(const struct edoc_input_def *d, const char *rows_key, size_t row,
			  struct arena *a)
{
	if (row == 0)
		return d->key;
	return arena_printf(a, "%s.%zu.%s", rows_key, row, d->key);
}

const char *edoc_form_text(const struct edoc_input_def *d, const struct edoc_values *vs,
			   const char *rows_key, size_t row, struct arena *a)
{
	const char *key = edoc_form_key(d, rows_key, row, a), *v;

	if (key == NULL)
		return "";
	if (d->in == EDOC_IN_LIST) {
		struct buf b;
		const char *r;

		buf_init(&b, (size_t)d->max + 16);
		for (size_t i = 1; i <= EDOC_MAX_CONTAINERS; i++) {
			char *k = arena_printf(a, "%s.%zu", key, i);
			v = k != NULL ? edoc_values_get(vs, k) : NULL;
			if (v == NULL)
				break;
			if (i > 1)
				buf_put_char(&b, '\n');
			buf_put_str(&b, v);
		}
		r = b.err == BUF_OK && b.data != NULL ? arena_strdup(a, b.data) : "";
		buf_free(&b);
		return r != NULL ? r : "";
	}
	v = edoc_values_get(vs, key);
	if (v == NULL)
		return "";
	if (d->in == EDOC_IN_MONEY) {
		long long cents;
		char t[32];

		if (parse_fixed(v, 0, 14, &cents) == 0) {
			edoc_cents_text(cents, t);
			return arena_strdup(a, t);
		}
	}
	return v;
}
