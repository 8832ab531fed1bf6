/*
 * edoc.c — the common parts of the e-document module (see edoc.h): the types'
 * names and namespaces, the error list, field keys, the Spanish names of the
 * elements, ISO 6346 check digits, dates, and the compiled schemas.
 *
 * Invariants: the only mutable statics are the compiled schemas and their
 * source documents, written under init_lock by edoc_init_schemas and
 * edoc_free and only read in between (edoc_schema_of); every other static is
 * a constant table.  An error list never holds more than EDOC_MAX_ERRORS
 * entries, and each entry's strings are in the arena of the call that added
 * it.
 */
#include "domain/edoc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/edoc_int.h"

/* ---- types ---------------------------------------------------------------- */

struct type_names {
	const char *code, *root, *ns, *title;
};

static const struct type_names type_names[EDOC_NTYPES + 1] = {
	[EDOC_NONE] = { "", "", "", "" },
	[EDOC_DAI] = { "DAI", "DAI", "urn:wco:datamodel:EC:DAI:1:0:0",
		       "Declaración Aduanera de Importación" },
	[EDOC_DAE] = { "DAE", "DAE", "urn:wco:datamodel:EC:DAE:1:0:0",
		       "Declaración Aduanera de Exportación" },
	[EDOC_MANIFIESTO] = { "MANIFIESTO", "Manifiesto", "urn:wco:datamodel:EC:MANIFIESTO:1:0:0",
			      "Manifiesto de carga" },
	[EDOC_DOCTRANSPORTE] = { "DOCTRANSPORTE", "DocumentoTransporte",
				 "urn:wco:datamodel:EC:DOCTRANSPORTE:1:0:0",
				 "Documento de transporte" },
};

static const struct type_names *names_of(enum edoc_type t)
{
	if ((unsigned)t > EDOC_NTYPES)
		t = EDOC_NONE;
	return &type_names[t];
}

const char *edoc_type_code(enum edoc_type t) { return names_of(t)->code; }
const char *edoc_type_root(enum edoc_type t) { return names_of(t)->root; }
const char *edoc_type_namespace(enum edoc_type t) { return names_of(t)->ns; }
const char *edoc_type_title(enum edoc_type t) { return names_of(t)->title; }

enum edoc_type edoc_type_from_code(const char *s)
{
	for (int t = 1; s != NULL && t <= EDOC_NTYPES; t++)
		if (strcmp(s, type_names[t].code) == 0)
			return (enum edoc_type)t;
	return EDOC_NONE;
}

enum edoc_type edoc_type_from_namespace(const char *ns)
{
	for (int t = 1; ns != NULL && t <= EDOC_NTYPES; t++)
		if (strcmp(ns, type_names[t].ns) == 0)
			return (enum edoc_type)t;
	return EDOC_NONE;
}

/* ---- error codes ----------------------------------------------------------- */

static const char *const code_names[] = {
	[EDOC_E_EMPTY] = "document.empty",
	[EDOC_E_TOO_LARGE] = "document.too_large",
	[EDOC_E_ENCODING] = "document.encoding",
	[EDOC_E_DOCTYPE] = "document.doctype",
	[EDOC_E_MALFORMED] = "document.malformed",
	[EDOC_E_TOO_DEEP] = "document.too_deep",
	[EDOC_E_TOO_MANY_NODES] = "document.too_many_nodes",
	[EDOC_E_UNKNOWN_TYPE] = "document.unknown_type",
	[EDOC_E_MISSING] = "schema.missing",
	[EDOC_E_UNEXPECTED] = "schema.unexpected",
	[EDOC_E_TEXT] = "schema.text",
	[EDOC_E_FORMAT] = "schema.format",
	[EDOC_E_LENGTH] = "schema.length",
	[EDOC_E_RANGE] = "schema.range",
	[EDOC_E_VALUE] = "schema.value",
	[EDOC_E_ENUM] = "schema.enum",
	[EDOC_E_SCHEMA] = "schema.other",
	[EDOC_E_LIMIT] = "schema.limit",
	[EDOC_E_RUC] = "rule.ruc",
	[EDOC_W_RUC_CHECK_DIGIT] = "rule.ruc_check_digit",
	[EDOC_E_CODE] = "rule.code",
	[EDOC_E_HS] = "rule.hs",
	[EDOC_E_TOTAL] = "rule.total",
	[EDOC_E_WEIGHT] = "rule.weight",
	[EDOC_E_DATE] = "rule.date",
	[EDOC_E_CONTAINER] = "rule.container",
	[EDOC_E_DUPLICATE] = "rule.duplicate",
	[EDOC_E_PORT] = "rule.port",
	[EDOC_E_MASTER] = "rule.master",
	[EDOC_E_KIND] = "rule.kind",
};

const char *edoc_code_name(enum edoc_code c)
{
	if ((unsigned)c < sizeof(code_names) / sizeof(code_names[0]) && code_names[c] != NULL)
		return code_names[c];
	return "unknown";
}

/* Length of the well-formed UTF-8 sequence at s (Unicode Table 3-7), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 2;
		lo = c == 0xE0 ? 0xA0 : lo;
		hi = c == 0xED ? 0x9F : hi;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 3;
		lo = c == 0xF0 ? 0x90 : lo;
		hi = c == 0xF4 ? 0x8F : hi;
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;     /* also stops at the NUL */
	for (size_t j = 2; j <= k; j++)
		if (s[j] < 0x80 || s[j] > 0xBF)
			return 0;
	return k + 1;
}

/* Makes s one line of valid UTF-8, in place: control characters become
 * spaces and bytes that break UTF-8 (libxml2 may cut a character in its own
 * messages) become '?'.  Texts of errors are shown in pages and logs. */
static void sanitize(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p != '\0') {
		size_t k = utf8_seq(p);

		if (k == 0) {
			*p++ = '?';
		} else if (k == 1) {
			if (*p < 0x20 || *p == 0x7F)
				*p = ' ';
			p++;
		} else {
			p += k;
		}
	}
}

/* ---- the error list ---------------------------------------------------------- */

int edoc_err_add(struct edoc_errors *e, struct arena *a, enum edoc_severity sev,
		 enum edoc_code code, int line, const char *path, const char *message)
{
	struct edoc_error *x;

	if (sev == EDOC_SEV_WARNING)
		e->warnings++;
	else
		e->errors++;
	if (e->n >= EDOC_MAX_ERRORS)
		return 0;
	if (e->v == NULL) {
		e->v = arena_alloc(a, EDOC_MAX_ERRORS * sizeof(*e->v));
		if (e->v == NULL)
			return EDOC_ERR_NOMEM;
	}
	if (path == NULL)
		path = "";
	x = &e->v[e->n];
	x->severity = sev;
	x->code = code;
	x->line = line > 0 ? line : 0;
	x->path = arena_strdup(a, path);
	x->field = edoc_field_key(a, path);
	x->message = arena_strdup(a, message != NULL ? message : "");
	if (x->path == NULL || x->field == NULL || x->message == NULL)
		return EDOC_ERR_NOMEM;
	sanitize((char *)x->path);
	sanitize((char *)x->message);
	e->n++;
	return 0;
}

int edoc_err_addf(struct edoc_errors *e, struct arena *a, enum edoc_severity sev,
		  enum edoc_code code, int line, const char *path, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	/* Messages are made of labels, hints and quoted (bounded) values; a cut
	 * one is still a message, so truncation is acceptable here. */
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return edoc_err_add(e, a, sev, code, line, path, msg);
}

/* ---- field keys --------------------------------------------------------------- */

static const char *const repeating[] = { "Item", "TransportDocument", "Container" };

bool edoc_is_repeating(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(repeating) / sizeof(repeating[0]); i++)
		if (strlen(repeating[i]) == n && memcmp(repeating[i], name, n) == 0)
			return true;
	return false;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* Appends the snake-case form of name[0..n): "_" before an upper-case letter
 * that follows a lower-case letter or digit, or that starts a word after an
 * acronym (the C of OCECode); bytes other than ASCII letters and digits
 * become "_". */
void edoc_put_snake(struct buf *b, const char *name, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (is_upper(c)) {
			if (i > 0 && (is_lower_or_digit(name[i - 1]) ||
				      (is_upper(name[i - 1]) && i + 1 < n && name[i + 1] >= 'a' &&
				       name[i + 1] <= 'z')))
				buf_put_char(b, '_');
			buf_put_char(b, (char)(c - 'A' + 'a'));
		} else if (is_lower_or_digit(c)) {
			buf_put_char(b, c);
		} else {
			buf_put_char(b, '_');
		}
	}
}

char *edoc_field_key(struct arena *a, const char *path)
{
	struct buf b;
	const char *p = path, *end;
	bool root = true;
	char *out;

	if (path == NULL)
		return arena_strdup(a, "");
	buf_init(&b, strlen(path) * 2 + 16);
	while (*p != '\0') {
		const char *seg, *br;
		size_t n;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		seg = p;
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		p = end;
		if (root) {            /* the root names the type: not part of the key */
			root = false;
			continue;
		}
		br = memchr(seg, '[', (size_t)(end - seg));
		n = (size_t)((br != NULL ? br : end) - seg);
		if (b.len > 0)
			buf_put_char(&b, '.');
		if (br != NULL && edoc_is_repeating(seg, n)) {
			/* Item[3] -> 3: the position, digits only */
			for (const char *q = br + 1; q < end && *q >= '0' && *q <= '9'; q++)
				buf_put_char(&b, *q);
		} else {
			edoc_put_snake(&b, seg, n);
		}
	}
	if (b.err != BUF_OK) {
		buf_free(&b);
		return NULL;
	}
	out = arena_strndup(a, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return out;
}

/* ---- labels ---------------------------------------------------------------------- */

#define HINT_DATE "una fecha real con el formato AAAA-MM-DD, p. ej. 2026-11-20"
#define HINT_DOCNO "de 1 a 35 caracteres: letras mayúsculas, dígitos, guion o barra, sin espacios"
#define HINT_PORT "un UN/LOCODE de 5 caracteres en mayúsculas: país y lugar, p. ej. ECGYE o CNSHA"
#define HINT_COUNTRY "un código de país ISO 3166-1 de 2 letras mayúsculas, p. ej. EC, CN o US"
#define HINT_CENTS "un número entero de centavos, sin punto ni coma ni signo, de hasta 14 " \
	"dígitos: USD 1.250,50 se escribe 125050"
#define HINT_KG "un peso en kilogramos con punto decimal y hasta 3 decimales, sin signo, " \
	"p. ej. 1470.750"
#define HINT_COUNT "un número entero sin signo de hasta 8 dígitos"
#define HINT_NAME "un texto de 1 a 200 caracteres"
#define HINT_DESC "un texto de 1 a 500 caracteres"
#define HINT_RUC "13 dígitos, sin espacios ni guiones, p. ej. 1790011674001"

/* Every element of the four schemas; names are unique across them, or mean
 * the same thing wherever they appear (Name, RUC). */
static const struct edoc_label labels[] = {
	{ "DAI", "Declaración Aduanera de Importación", "" },
	{ "DAE", "Declaración Aduanera de Exportación", "" },
	{ "Manifiesto", "Manifiesto de carga", "" },
	{ "DocumentoTransporte", "Documento de transporte", "" },
	{ "IssueDate", "Fecha de emisión", HINT_DATE },
	{ "Declarant", "Declarante", "" },
	{ "OCECode", "Código de OCE", "8 dígitos, p. ej. 23902040" },
	{ "RUC", "RUC", HINT_RUC },
	{ "Importer", "Importador", "" },
	{ "Exporter", "Exportador", "" },
	{ "Name", "Nombre o razón social", HINT_NAME },
	{ "CustomsDistrict", "Distrito aduanero", "3 dígitos, p. ej. 028" },
	{ "Regime", "Régimen aduanero", "2 dígitos, p. ej. 10 (importación para el consumo) "
	  "o 40 (exportación definitiva)" },
	{ "TransportMode", "Modo de transporte", "un dígito de UNECE Rec. 19: 1 marítimo, "
	  "3 carretera, 4 aéreo" },
	{ "TransportDocumentNumber", "Número del documento de transporte", HINT_DOCNO },
	{ "ManifestReference", "Referencia del manifiesto (MRN)", HINT_DOCNO },
	{ "LoadingPort", "Puerto de embarque", HINT_PORT },
	{ "DischargePort", "Puerto de descarga", HINT_PORT },
	{ "ExportCountry", "País de procedencia", HINT_COUNTRY },
	{ "DestinationCountry", "País de destino", HINT_COUNTRY },
	{ "Currency", "Moneda", "un código ISO 4217 de 3 letras mayúsculas, p. ej. USD" },
	{ "Incoterm", "Incoterm", "3 letras mayúsculas de Incoterms 2020, p. ej. FOB o CIF" },
	{ "FOBValueCents", "Valor FOB (en centavos)", HINT_CENTS },
	{ "FreightCents", "Flete (en centavos)", HINT_CENTS },
	{ "InsuranceCents", "Seguro (en centavos)", HINT_CENTS },
	{ "TotalPackages", "Total de bultos", HINT_COUNT },
	{ "TotalGrossWeightKg", "Peso bruto total (kg)", HINT_KG },
	{ "TotalNetWeightKg", "Peso neto total (kg)", HINT_KG },
	{ "Items", "Ítems", "" },
	{ "Item", "Ítem", "" },
	{ "SequenceNumber", "Número de ítem", "un número entero de 1 a 999" },
	{ "Subpartida", "Subpartida arancelaria", "de 6 a 10 dígitos sin puntos, p. ej. 8471300000" },
	{ "Description", "Descripción de la mercancía", HINT_DESC },
	{ "Quantity", "Cantidad", "un número sin signo con punto decimal y hasta 3 decimales, "
	  "p. ej. 120 o 850.250" },
	{ "Unit", "Unidad de medida", "un código UNECE Rec. 20 de 2 o 3 caracteres en mayúsculas, "
	  "p. ej. KGM o C62" },
	{ "Packages", "Bultos", HINT_COUNT },
	{ "PackageType", "Tipo de embalaje", "un código UNECE Rec. 21 de 2 caracteres en mayúsculas, "
	  "p. ej. CT o PK" },
	{ "GrossWeightKg", "Peso bruto (kg)", HINT_KG },
	{ "NetWeightKg", "Peso neto (kg)", HINT_KG },
	{ "OriginCountry", "País de origen", HINT_COUNTRY },
	{ "Carrier", "Transportista", "" },
	{ "Code", "Código del transportista", "de 2 a 4 letras mayúsculas o dígitos (SCAC o IATA), "
	  "p. ej. MSCU" },
	{ "VesselOrFlight", "Nave o vuelo", "un texto de 1 a 35 caracteres" },
	{ "Voyage", "Número de viaje", "de 1 a 17 caracteres: letras mayúsculas, dígitos, guion "
	  "o barra" },
	{ "ArrivalDate", "Fecha de llegada", HINT_DATE },
	{ "TransportDocuments", "Documentos de transporte", "" },
	{ "TransportDocument", "Documento de transporte", "" },
	{ "Number", "Número del documento de transporte", HINT_DOCNO },
	{ "Kind", "Clase de documento", "BL, AWB o CP" },
	{ "Level", "Nivel del documento", "MASTER o HOUSE" },
	{ "MasterNumber", "Número del documento master", HINT_DOCNO },
	{ "Shipper", "Embarcador", "" },
	{ "Consignee", "Consignatario", "" },
	{ "Country", "País del embarcador", HINT_COUNTRY },
	{ "GoodsDescription", "Descripción de la carga", HINT_DESC },
	{ "Containers", "Contenedores", "" },
	{ "Container", "Número de contenedor", "ISO 6346: 3 letras, U, J o Z, y 7 dígitos, "
	  "p. ej. MSCU1234566" },
};

const struct edoc_label *edoc_label_of(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].name, name) == 0)
			return &labels[i];
	return NULL;
}

char *edoc_quote(const char *s, char *out, size_t outsz)
{
	size_t i = 0, o = 0, chars = 0;

	if (outsz < 8) {
		if (outsz > 0)
			out[0] = '\0';
		return out;
	}
	while (s != NULL && s[i] != '\0') {
		size_t k = 1;
		unsigned char c = (unsigned char)s[i];

		if (c >= 0xF0)
			k = 4;
		else if (c >= 0xE0)
			k = 3;
		else if (c >= 0xC0)
			k = 2;
		if (chars == EDOC_QUOTE_CHARS || o + k + 4 > outsz) {
			memcpy(out + o, "\xE2\x80\xA6", 3);   /* … */
			o += 3;
			break;
		}
		for (size_t j = 0; j < k && s[i] != '\0'; j++)
			out[o++] = s[i++];
		chars++;
	}
	out[o] = '\0';
	return out;
}

/* ---- ISO 6346 -------------------------------------------------------------------- */

int edoc_container_check_digit(const char *s)
{
	long sum = 0;

	if (s == NULL)
		return -1;
	for (int i = 0; i < 10; i++) {
		char c = s[i];
		int v;

		if (i < 4) {
			if (!is_upper(c) || (i == 3 && c != 'U' && c != 'J' && c != 'Z'))
				return -1;
			/* A=10, then upward skipping the multiples of 11: B=12,
			 * L=23, V=34, Z=38. */
			v = 10 + (c - 'A');
			v += (v - 1) / 10;
		} else {
			if (c < '0' || c > '9')
				return -1;
			v = c - '0';
		}
		sum += (long)v << i;
	}
	return (int)(sum % 11 % 10);
}

bool edoc_container_valid(const char *s)
{
	int cd;

	if (s == NULL || strlen(s) != 11 || s[10] < '0' || s[10] > '9')
		return false;
	cd = edoc_container_check_digit(s);
	return cd >= 0 && cd == s[10] - '0';
}

/* ---- dates --------------------------------------------------------------------------- */

/* Howard Hinnant's days_from_civil. */
long long edoc_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Howard Hinnant's civil_from_days. */
void edoc_civil_from_days(long long z, char out[11])
{
	long long era, y;
	unsigned doe, yoe, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* ---- schemas ----------------------------------------------------------------------------- */

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static xmlSchemaPtr schemas[EDOC_NTYPES + 1];
static xmlDocPtr schema_docs[EDOC_NTYPES + 1];
static int initialised;

void *edoc_schema_of(enum edoc_type t)
{
	void *s = NULL;

	if ((unsigned)t <= EDOC_NTYPES)
		s = schemas[t];
	return s;
}

/* Keeps the first schema compile error for the log. */
struct init_err {
	char *buf;
	size_t size;
	int set;
};

static void on_schema_error(void *ud, xmlErrorPtr e)
{
	struct init_err *ie = ud;

	if (ie == NULL || ie->set || ie->buf == NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	ie->set = 1;
	(void)snprintf(ie->buf, ie->size, "line %d: %s", e->line,
		       e->message != NULL ? e->message : "schema error");
	/* libxml2 messages end with a newline: keep the reason on one line */
	for (char *p = ie->buf; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
}

__attribute__((format(printf, 3, 4)))
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static void free_locked(void)
{
	for (int t = 0; t <= EDOC_NTYPES; t++) {
		if (schemas[t] != NULL)
			xmlSchemaFree(schemas[t]);
		if (schema_docs[t] != NULL)
			xmlFreeDoc(schema_docs[t]);
		schemas[t] = NULL;
		schema_docs[t] = NULL;
	}
	initialised = 0;
}

int edoc_init_schemas(const char *const xsd[EDOC_NTYPES], const size_t len[EDOC_NTYPES],
		      char *err, size_t errsz)
{
	struct init_err ie = { err, errsz, 0 };
	int rc = 0;

	if (err != NULL && errsz > 0)
		err[0] = '\0';
	pthread_mutex_lock(&init_lock);
	if (initialised)
		goto out;
	xmlInitParser();
	for (int t = 1; t <= EDOC_NTYPES; t++) {
		xmlSchemaParserCtxtPtr pc;

		if (xsd[t - 1] == NULL || len[t - 1] == 0 || len[t - 1] > (size_t)EDOC_MAX_BYTES) {
			set_err(err, errsz, "schema %s missing", edoc_type_code((enum edoc_type)t));
			rc = -1;
			break;
		}
		/* Our own schemas, trusted; parsed without network or DTDs all the same. */
		schema_docs[t] = xmlReadMemory(xsd[t - 1], (int)len[t - 1], NULL, NULL,
					       XML_PARSE_NONET | XML_PARSE_NOERROR |
					       XML_PARSE_NOWARNING);
		if (schema_docs[t] == NULL) {
			set_err(err, errsz, "schema %s is not well-formed XML",
				edoc_type_code((enum edoc_type)t));
			rc = -1;
			break;
		}
		pc = xmlSchemaNewDocParserCtxt(schema_docs[t]);
		if (pc == NULL) {
			set_err(err, errsz, "out of memory");
			rc = -1;
			break;
		}
		xmlSchemaSetParserStructuredErrors(pc, on_schema_error, &ie);
		schemas[t] = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
		if (schemas[t] == NULL) {
			if (!ie.set)
				set_err(err, errsz, "schema %s does not compile",
					edoc_type_code((enum edoc_type)t));
			rc = -1;
			break;
		}
	}
	if (rc == 0)
		initialised = 1;
	else
		free_locked();
out:
	pthread_mutex_unlock(&init_lock);
	return rc;
}

void edoc_free(void)
{
	pthread_mutex_lock(&init_lock);
	free_locked();
	pthread_mutex_unlock(&init_lock);
}
