/*
 * edoc_xml.c — edoc_parse: the secure parse, the schema validation with its
 * errors put into plain Spanish, and the extraction of a valid document into
 * struct edoc_doc (see edoc.h for the contract).
 *
 * Order of the checks, each refusing the document before the next runs:
 *   1. size (EDOC_MAX_BYTES), emptiness, UTF-8 (no NUL), no "<!DOCTYPE";
 *   2. libxml2's parse with our SAX wrappers: DOCTYPE and entity
 *      declarations stop the parser (defence in depth: step 1 has already
 *      refused them), depth and node counts are capped, every well-formedness
 *      error is collected;
 *   3. the root's namespace gives the type, its name must be the type's root;
 *   4. the type's schema; every validity error is collected (libxml2 skips
 *      the rest of an element whose content model failed, so a missing
 *      element hides the errors after it in the same parent);
 *   5. extraction through the field tables; it cannot fail on a valid
 *      document except on the whole-manifest container cap or memory.
 *
 * Invariants: no libxml2 global handler is touched: parse errors reach this
 * parse's state through ctxt->_private (the SAX serror callback), validity
 * errors through the validation context's own callback.  libxml2's memory
 * (parser context, tree, validation context) is released on every path;
 * what is kept lives in the caller's arena.  No value is read from the tree
 * before the schema has accepted it, except names for error messages.
 */
#include "domain/edoc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "domain/edoc_form.h"
#include "domain/edoc_int.h"

#define NAME_MAX_BYTES 64   /* of one element name in a path */
#define PATH_MAX_BYTES 1024
#define DETAIL_MAX_BYTES 200 /* of libxml2's own message, when it is quoted */

/* ---- field tables ---------------------------------------------------------- */

#define FD(n, k, m) { (n), (k), offsetof(struct edoc_doc, m), 0 }
#define FDATE(n, m, day) { (n), EDOC_FK_DATE, offsetof(struct edoc_doc, m), offsetof(struct edoc_doc, day) }

/* DAI and DAE differ only in the party and the country. */
#define DECLARATION_FIELDS(PARTY, COUNTRY) \
	[EDOC_D_ISSUE_DATE] = FDATE("IssueDate", issue_date, issue_day), \
	[EDOC_D_DECLARANT_OCE] = FD("Declarant/OCECode", EDOC_FK_STR, declarant_oce), \
	[EDOC_D_DECLARANT_RUC] = FD("Declarant/RUC", EDOC_FK_STR, declarant_ruc), \
	[EDOC_D_PARTY_RUC] = FD(PARTY "/RUC", EDOC_FK_STR, party_ruc), \
	[EDOC_D_PARTY_NAME] = FD(PARTY "/Name", EDOC_FK_STR, party_name), \
	[EDOC_D_DISTRICT] = FD("CustomsDistrict", EDOC_FK_STR, customs_district), \
	[EDOC_D_REGIME] = FD("Regime", EDOC_FK_STR, regime), \
	[EDOC_D_MODE] = FD("TransportMode", EDOC_FK_STR, transport_mode), \
	[EDOC_D_TDOC_NUMBER] = FD("TransportDocumentNumber", EDOC_FK_STR, transport_doc_number), \
	[EDOC_D_MANIFEST_REF] = FD("ManifestReference", EDOC_FK_STR, manifest_ref), \
	[EDOC_D_LOADING_PORT] = FD("LoadingPort", EDOC_FK_STR, loading_port), \
	[EDOC_D_DISCHARGE_PORT] = FD("DischargePort", EDOC_FK_STR, discharge_port), \
	[EDOC_D_COUNTRY] = FD(COUNTRY, EDOC_FK_STR, country), \
	[EDOC_D_CURRENCY] = FD("Currency", EDOC_FK_STR, currency), \
	[EDOC_D_INCOTERM] = FD("Incoterm", EDOC_FK_STR, incoterm), \
	[EDOC_D_FOB] = FD("FOBValueCents", EDOC_FK_CENTS, fob_cents), \
	[EDOC_D_FREIGHT] = FD("FreightCents", EDOC_FK_CENTS, freight_cents), \
	[EDOC_D_INSURANCE] = FD("InsuranceCents", EDOC_FK_CENTS, insurance_cents), \
	[EDOC_D_TOTAL_PACKAGES] = FD("TotalPackages", EDOC_FK_COUNT, total_packages), \
	[EDOC_D_TOTAL_GROSS] = FD("TotalGrossWeightKg", EDOC_FK_MILLI, total_gross_milli), \
	[EDOC_D_TOTAL_NET] = FD("TotalNetWeightKg", EDOC_FK_MILLI, total_net_milli)

static const struct edoc_fdesc dai_fields[EDOC_D_COUNT] = {
	DECLARATION_FIELDS("Importer", "ExportCountry")
};

static const struct edoc_fdesc dae_fields[EDOC_D_COUNT] = {
	DECLARATION_FIELDS("Exporter", "DestinationCountry")
};

static const struct edoc_fdesc manifest_fields[EDOC_D_COUNT] = {
	[EDOC_D_DECLARANT_OCE] = FD("Declarant/OCECode", EDOC_FK_STR, declarant_oce),
	[EDOC_D_DECLARANT_RUC] = FD("Declarant/RUC", EDOC_FK_STR, declarant_ruc),
	[EDOC_D_CARRIER_CODE] = FD("Carrier/Code", EDOC_FK_STR, carrier_code),
	[EDOC_D_CARRIER_NAME] = FD("Carrier/Name", EDOC_FK_STR, carrier_name),
	[EDOC_D_DISTRICT] = FD("CustomsDistrict", EDOC_FK_STR, customs_district),
	[EDOC_D_MODE] = FD("TransportMode", EDOC_FK_STR, transport_mode),
	[EDOC_D_VESSEL] = FD("VesselOrFlight", EDOC_FK_STR, vessel),
	[EDOC_D_VOYAGE] = FD("Voyage", EDOC_FK_STR, voyage),
	[EDOC_D_LOADING_PORT] = FD("LoadingPort", EDOC_FK_STR, loading_port),
	[EDOC_D_DISCHARGE_PORT] = FD("DischargePort", EDOC_FK_STR, discharge_port),
	[EDOC_D_ARRIVAL_DATE] = FDATE("ArrivalDate", arrival_date, arrival_day),
	[EDOC_D_TOTAL_PACKAGES] = FD("TotalPackages", EDOC_FK_COUNT, total_packages),
	[EDOC_D_TOTAL_GROSS] = FD("TotalGrossWeightKg", EDOC_FK_MILLI, total_gross_milli),
};

static const struct edoc_fdesc doctransporte_fields[EDOC_D_COUNT] = {
	[EDOC_D_DECLARANT_OCE] = FD("Declarant/OCECode", EDOC_FK_STR, declarant_oce),
	[EDOC_D_DECLARANT_RUC] = FD("Declarant/RUC", EDOC_FK_STR, declarant_ruc),
};

#define FI(n, k, m) { (n), (k), offsetof(struct edoc_item, m), 0 }
static const struct edoc_fdesc item_fields[EDOC_I_COUNT] = {
	[EDOC_I_SEQUENCE] = FI("SequenceNumber", EDOC_FK_COUNT, sequence),
	[EDOC_I_SUBPARTIDA] = FI("Subpartida", EDOC_FK_STR, subpartida),
	[EDOC_I_DESCRIPTION] = FI("Description", EDOC_FK_STR, description),
	[EDOC_I_QUANTITY] = FI("Quantity", EDOC_FK_MILLI, quantity_milli),
	[EDOC_I_UNIT] = FI("Unit", EDOC_FK_STR, unit),
	[EDOC_I_PACKAGES] = FI("Packages", EDOC_FK_COUNT, packages),
	[EDOC_I_PACKAGE_TYPE] = FI("PackageType", EDOC_FK_STR, package_type),
	[EDOC_I_GROSS] = FI("GrossWeightKg", EDOC_FK_MILLI, gross_milli),
	[EDOC_I_NET] = FI("NetWeightKg", EDOC_FK_MILLI, net_milli),
	[EDOC_I_FOB] = FI("FOBValueCents", EDOC_FK_CENTS, fob_cents),
	[EDOC_I_ORIGIN] = FI("OriginCountry", EDOC_FK_STR, origin_country),
};

#define FT(n, k, m) { (n), (k), offsetof(struct edoc_tdoc, m), 0 }
#define TDOC_COMMON_FIELDS \
	[EDOC_T_NUMBER] = FT("Number", EDOC_FK_STR, number), \
	[EDOC_T_LEVEL] = FT("Level", EDOC_FK_STR, level), \
	[EDOC_T_MASTER] = FT("MasterNumber", EDOC_FK_STR, master_number), \
	[EDOC_T_CONSIGNEE_RUC] = FT("Consignee/RUC", EDOC_FK_STR, consignee_ruc), \
	[EDOC_T_CONSIGNEE_NAME] = FT("Consignee/Name", EDOC_FK_STR, consignee_name), \
	[EDOC_T_DESCRIPTION] = FT("GoodsDescription", EDOC_FK_STR, description), \
	[EDOC_T_PACKAGES] = FT("Packages", EDOC_FK_COUNT, packages), \
	[EDOC_T_PACKAGE_TYPE] = FT("PackageType", EDOC_FK_STR, package_type), \
	[EDOC_T_GROSS] = FT("GrossWeightKg", EDOC_FK_MILLI, gross_milli)

static const struct edoc_fdesc manifest_tdoc_fields[EDOC_T_COUNT] = {
	TDOC_COMMON_FIELDS
};

static const struct edoc_fdesc doctransporte_tdoc_fields[EDOC_T_COUNT] = {
	TDOC_COMMON_FIELDS,
	[EDOC_T_KIND] = FT("Kind", EDOC_FK_STR, kind),
	[EDOC_T_MANIFEST_REF] = FT("ManifestReference", EDOC_FK_STR, manifest_ref),
	[EDOC_T_ISSUE_DATE] = { "IssueDate", EDOC_FK_DATE, offsetof(struct edoc_tdoc, issue_date),
				offsetof(struct edoc_tdoc, issue_day) },
	[EDOC_T_MODE] = FT("TransportMode", EDOC_FK_STR, transport_mode),
	[EDOC_T_SHIPPER_NAME] = FT("Shipper/Name", EDOC_FK_STR, shipper_name),
	[EDOC_T_SHIPPER_COUNTRY] = FT("Shipper/Country", EDOC_FK_STR, shipper_country),
	[EDOC_T_LOADING_PORT] = FT("LoadingPort", EDOC_FK_STR, loading_port),
	[EDOC_T_DISCHARGE_PORT] = FT("DischargePort", EDOC_FK_STR, discharge_port),
};

const struct edoc_fdesc *edoc_doc_fields(enum edoc_type t)
{
	switch (t) {
	case EDOC_DAI: return dai_fields;
	case EDOC_DAE: return dae_fields;
	case EDOC_MANIFIESTO: return manifest_fields;
	case EDOC_DOCTRANSPORTE: return doctransporte_fields;
	default: return NULL;
	}
}

const struct edoc_fdesc *edoc_item_fields(void)
{
	return item_fields;
}

const struct edoc_fdesc *edoc_tdoc_fields(enum edoc_type t)
{
	switch (t) {
	case EDOC_MANIFIESTO: return manifest_tdoc_fields;
	case EDOC_DOCTRANSPORTE: return doctransporte_tdoc_fields;
	default: return NULL;
	}
}

/* ---- the state of one parse -------------------------------------------------- */

struct pstate {
	struct arena *a;
	struct edoc_errors *errs;
	xmlParserCtxtPtr ctxt;
	enum edoc_type type;
	int nomem;            /* an append ran out of arena */
	int refused;          /* we stopped the parser (DOCTYPE, depth, nodes) */
	int parse_errors;     /* well-formedness errors seen */
	size_t depth, nodes;
	const xmlNode *last_value_node;   /* one value error per element */
};

static void add(struct pstate *st, enum edoc_code code, int line, const char *path, const char *msg)
{
	if (edoc_err_add(st->errs, st->a, EDOC_SEV_ERROR, code, line, path, msg) != 0)
		st->nomem = 1;
}

__attribute__((format(printf, 5, 6)))
static void addf(struct pstate *st, enum edoc_code code, int line, const char *path,
		 const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	add(st, code, line, path, msg);
}

/* Copies libxml2's message without its trailing newline, cut (on a UTF-8
 * boundary) at DETAIL_MAX_BYTES. */
static void detail_of(const xmlError *e, char *out, size_t outsz)
{
	const char *m = e != NULL && e->message != NULL ? e->message : "";
	size_t n;

	/* "Element '{ns}Name': ..." : the element is already in the path */
	if (strncmp(m, "Element '", 9) == 0 && strstr(m, "': ") != NULL)
		m = strstr(m, "': ") + 3;
	str_lcpy(out, m, outsz);
	n = strlen(out);
	if (n > DETAIL_MAX_BYTES && outsz > DETAIL_MAX_BYTES + 4) {
		n = DETAIL_MAX_BYTES;
		while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
			n--;
		memcpy(out + n, "\xE2\x80\xA6", 4);   /* "…" and the NUL */
		return;
	}
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ' || out[n - 1] == '.'))
		out[--n] = '\0';
}

/* ---- paths ----------------------------------------------------------------------- */

static bool same_name(const xmlNode *a, const xmlNode *b)
{
	const xmlChar *na = a->ns != NULL ? a->ns->href : NULL;
	const xmlChar *nb = b->ns != NULL ? b->ns->href : NULL;

	if (!xmlStrEqual(a->name, b->name))
		return false;
	return (na == NULL && nb == NULL) || (na != NULL && nb != NULL && xmlStrEqual(na, nb));
}

/* The element's 1-based place among its same-named siblings; 0 when it has
 * none and does not repeat by nature (no "[n]" in its path). */
static size_t position_of(const xmlNode *n)
{
	size_t before = 0, after = 0;
	const char *name = (const char *)n->name;

	for (const xmlNode *s = n->prev; s != NULL; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && same_name(s, n))
			before++;
	if (before == 0 && !edoc_is_repeating(name, strlen(name))) {
		for (const xmlNode *s = n->next; s != NULL && after == 0; s = s->next)
			if (s->type == XML_ELEMENT_NODE && same_name(s, n))
				after++;
		if (after == 0)
			return 0;
	}
	return before + 1;
}

static void put_name(struct buf *b, const char *name)
{
	size_t n = strlen(name);

	if (n > NAME_MAX_BYTES) {
		n = NAME_MAX_BYTES;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	buf_put(b, name, n);
}

/* "/DAI/Items/Item[3]/Subpartida" of an element, written into out. */
static void path_of(const xmlNode *n, char *out, size_t outsz)
{
	const xmlNode *chain[EDOC_MAX_DEPTH + 2];
	size_t k = 0;
	struct buf b;

	out[0] = '\0';
	if (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->parent;
	for (; n != NULL && n->type == XML_ELEMENT_NODE && k < sizeof(chain) / sizeof(chain[0]);
	     n = n->parent)
		chain[k++] = n;
	buf_init(&b, outsz - 1);
	while (k-- > 0) {
		size_t pos = position_of(chain[k]);

		buf_put_char(&b, '/');
		put_name(&b, (const char *)chain[k]->name);
		if (pos > 0) {
			buf_put_char(&b, '[');
			buf_put_int(&b, (long long)pos);
			buf_put_char(&b, ']');
		}
	}
	if (b.err == BUF_OK && b.data != NULL)
		memcpy(out, b.data, b.len + 1);
	buf_free(&b);
}

static int line_of(const xmlNode *n)
{
	long l = n != NULL ? xmlGetLineNo(n) : 0;

	return l > 0 && l < INT32_MAX ? (int)l : 0;
}

/* ---- the parse: SAX wrappers ------------------------------------------------------- */

static struct pstate *state_of(void *ctx)
{
	xmlParserCtxtPtr c = ctx;

	return c != NULL ? c->_private : NULL;
}

static int cur_line(const struct pstate *st)
{
	return st->ctxt != NULL && st->ctxt->input != NULL ? st->ctxt->input->line : 0;
}

static void refuse(struct pstate *st, enum edoc_code code, const char *msg)
{
	if (!st->refused)
		add(st, code, cur_line(st), "", msg);
	st->refused = 1;
	xmlStopParser(st->ctxt);
}

static void sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
				const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	refuse(state_of(ctx), EDOC_E_DOCTYPE,
	       "El documento tiene una declaración DOCTYPE: no se admiten DTD ni entidades. "
	       "Quite la declaración <!DOCTYPE …>.");
}

static void sax_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
			    const xmlChar *sys, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)pub;
	(void)sys;
	(void)content;
	refuse(state_of(ctx), EDOC_E_DOCTYPE,
	       "El documento declara entidades: no se admiten. Quite la declaración <!DOCTYPE …>.");
}

static bool count_node(struct pstate *st, size_t k)
{
	if (st->refused)
		return false;
	st->nodes += k;
	if (st->nodes > EDOC_MAX_NODES) {
		char msg[256];

		(void)snprintf(msg, sizeof(msg),
			       "El documento tiene demasiados nodos (más de %d elementos, atributos "
			       "y comentarios): divídalo o quite lo que sobra.", EDOC_MAX_NODES);
		refuse(st, EDOC_E_TOO_MANY_NODES, msg);
		return false;
	}
	return true;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct pstate *st = state_of(ctx);

	if (!count_node(st, 1 + (size_t)(nb_attributes > 0 ? nb_attributes : 0)))
		return;
	if (++st->depth > EDOC_MAX_DEPTH) {
		char msg[256];

		(void)snprintf(msg, sizeof(msg),
			       "El documento anida los elementos a más de %d niveles: ningún "
			       "documento aduanero tiene esa forma; revise su estructura.",
			       EDOC_MAX_DEPTH);
		refuse(st, EDOC_E_TOO_DEEP, msg);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
			      nb_attributes, nb_defaulted, attributes);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		    const xmlChar *uri)
{
	struct pstate *st = state_of(ctx);

	if (st->refused)
		return;
	if (st->depth > 0)
		st->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void sax_comment(void *ctx, const xmlChar *value)
{
	if (count_node(state_of(ctx), 1))
		xmlSAX2Comment(ctx, value);
}

static void sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (count_node(state_of(ctx), 1))
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* A well-formedness error, in Spanish where the cause is common. */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
	struct pstate *st = state_of(ctx);
	char detail[DETAIL_MAX_BYTES + 8], q[EDOC_QUOTE_BYTES];
	const char *msg = NULL;

	if (st == NULL || e == NULL || e->level < XML_ERR_ERROR || st->refused)
		return;
	st->parse_errors++;
	if (st->errs->n >= EDOC_MAX_ERRORS) {
		st->errs->errors++;
		return;
	}
	detail_of(e, detail, sizeof(detail));
	switch (e->code) {
	case XML_ERR_DOCUMENT_EMPTY:
		msg = "El documento está vacío: envíe el XML de la declaración o del manifiesto.";
		break;
	case XML_ERR_DOCUMENT_END:
		msg = "Hay contenido después del cierre del elemento raíz: un documento tiene un "
		      "solo elemento raíz; quite lo que sobra al final.";
		break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		addf(st, EDOC_E_MALFORMED, e->line, "",
		     "La entidad «&%s;» no existe: en el texto use solo &amp;amp; &amp;lt; "
		     "&amp;gt; &amp;quot; &amp;apos; o referencias numéricas como &amp;#241;.",
		     edoc_quote(e->str1, q, sizeof(q)));
		return;
	case XML_ERR_TAG_NAME_MISMATCH:
		addf(st, EDOC_E_MALFORMED, e->line, "",
		     "La etiqueta de cierre no corresponde a la de apertura «%s»: revise que cada "
		     "elemento se cierre con su mismo nombre y en orden.",
		     edoc_quote(e->str1, q, sizeof(q)));
		return;
	case XML_ERR_TAG_NOT_FINISHED:
		addf(st, EDOC_E_MALFORMED, e->line, "",
		     "El documento termina sin cerrar el elemento «%s»: complete el documento o "
		     "agregue la etiqueta de cierre.", edoc_quote(e->str1, q, sizeof(q)));
		return;
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_CHARREF:
	case XML_ERR_INVALID_DEC_CHARREF:
	case XML_ERR_INVALID_HEX_CHARREF:
		msg = "El documento contiene un carácter que XML no admite (p. ej. un carácter de "
		      "control): quítelo.";
		break;
	case XML_NS_ERR_UNDEFINED_NAMESPACE:
		addf(st, EDOC_E_MALFORMED, e->line, "",
		     "El prefijo de espacio de nombres «%s» no está declarado: declare el prefijo "
		     "con xmlns:%s=\"…\" o quítelo.", edoc_quote(e->str1, q, sizeof(q)), q);
		return;
	default:
		break;
	}
	if (msg != NULL)
		add(st, EDOC_E_MALFORMED, e->line, "", msg);
	else
		addf(st, EDOC_E_MALFORMED, e->line, "",
		     "El documento no es XML bien formado (%s): revise la sintaxis cerca de esa "
		     "línea.", detail);
}

/* ---- validity errors ----------------------------------------------------------------- */

/* The names of libxml2's "Expected is ( {ns}A, {ns}B )", local parts only. */
#define MAX_EXPECTED 8
struct expected {
	char names[MAX_EXPECTED][NAME_MAX_BYTES + 1];
	size_t n;
};

static void parse_expected(const char *msg, struct expected *x)
{
	const char *p, *end;

	x->n = 0;
	p = msg != NULL ? strstr(msg, "Expected is ") : NULL;
	if (p == NULL)
		return;
	p = strchr(p, '(');
	end = p != NULL ? strstr(p, " )") : NULL;
	if (p == NULL || end == NULL)
		return;
	p++;
	while (p < end && x->n < MAX_EXPECTED) {
		const char *comma, *brace, *s;
		size_t len;

		while (p < end && *p == ' ')
			p++;
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		s = p;
		brace = memchr(p, '}', (size_t)(comma - p));
		if (brace != NULL)
			s = brace + 1;
		len = (size_t)(comma - s);
		if (len > NAME_MAX_BYTES)
			len = NAME_MAX_BYTES;
		memcpy(x->names[x->n], s, len);
		x->names[x->n][len] = '\0';
		if (len > 0)
			x->n++;
		p = comma + 1;
	}
}

static bool has_child(const xmlNode *parent, const char *name)
{
	for (const xmlNode *c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return true;
	return false;
}

/* True when the element is in the namespace of the document's type. */
static bool same_namespace(const xmlNode *n, enum edoc_type t)
{
	const char *ns = n->ns != NULL && n->ns->href != NULL ? (const char *)n->ns->href : "";

	return strcmp(ns, edoc_type_namespace(t)) == 0;
}

/* "«Subpartida arancelaria» (Subpartida)" or "el elemento «Foo»". */
static void describe(const char *name, char *out, size_t outsz)
{
	const struct edoc_label *l = edoc_label_of(name);
	char q[EDOC_QUOTE_BYTES];

	if (l != NULL)
		(void)snprintf(out, outsz, "«%s» (elemento %s)", l->label, name);
	else
		(void)snprintf(out, outsz, "el elemento «%s»", edoc_quote(name, q, sizeof(q)));
}

static void list_expected(const struct expected *x, char *out, size_t outsz)
{
	struct buf b;

	out[0] = '\0';
	buf_init(&b, outsz - 1);
	for (size_t i = 0; i < x->n; i++) {
		if (i > 0)
			buf_put_str(&b, i + 1 == x->n ? " o " : ", ");
		buf_put_str(&b, x->names[i]);
	}
	if (b.err == BUF_OK && b.data != NULL)
		memcpy(out, b.data, b.len + 1);
	buf_free(&b);
}

/* A content-model error: a missing element, or one out of place. */
static void content_error(struct pstate *st, const xmlNode *node, const xmlError *e)
{
	char path[PATH_MAX_BYTES + NAME_MAX_BYTES + 8], what[320], exp[600], q[EDOC_QUOTE_BYTES];
	const char *name = (const char *)node->name;
	struct expected x;
	const char *missing = NULL;
	const xmlNode *parent = node;
	bool missing_child = e->message != NULL && strstr(e->message, "Missing child") != NULL;

	parse_expected(e->message, &x);
	list_expected(&x, exp, sizeof(exp));
	if (!missing_child && !same_namespace(node, st->type)) {
		char q2[EDOC_QUOTE_BYTES];

		path_of(node, path, PATH_MAX_BYTES);
		addf(st, EDOC_E_UNEXPECTED, line_of(node), path,
		     "El elemento «%s» está en otro espacio de nombres («%s»): use el del documento, "
		     "%s, o quítelo.", edoc_quote(name, q, sizeof(q)),
		     edoc_quote(node->ns != NULL ? (const char *)node->ns->href : "", q2, sizeof(q2)),
		     edoc_type_namespace(st->type));
		return;
	}
	if (missing_child) {
		/* node is the parent; the first name expected is what is missing
		 * (later ones, if any, are alternatives) */
		if (x.n == 1)
			missing = x.names[0];
	} else if (x.n > 0 && node->parent != NULL && node->parent->type == XML_ELEMENT_NODE) {
		/* node is where the parser was; the last name expected is the
		 * required one (those before it are optional) */
		parent = node->parent;
		if (!has_child(parent, x.names[x.n - 1]))
			missing = x.names[x.n - 1];
	}
	if (missing != NULL) {
		size_t len;

		path_of(parent, path, PATH_MAX_BYTES);
		len = strlen(path);
		(void)snprintf(path + len, sizeof(path) - len, "/%s%s", missing,
			       edoc_is_repeating(missing, strlen(missing)) ? "[1]" : "");
		describe(missing, what, sizeof(what));
		if (missing_child || edoc_label_of(name) != NULL)
			addf(st, EDOC_E_MISSING, line_of(node), path,
			     "Falta el dato obligatorio %s: agréguelo%s%s%s.", what,
			     missing_child ? "" : " antes de «", missing_child ? "" : name,
			     missing_child ? "" : "»");
		else
			addf(st, EDOC_E_MISSING, line_of(node), path,
			     "Falta el dato obligatorio %s: agréguelo. En su lugar hay un elemento "
			     "«%s» que no es parte del documento: quítelo.", what,
			     edoc_quote(name, q, sizeof(q)));
		return;
	}
	path_of(node, path, PATH_MAX_BYTES);
	if (missing_child) {
		addf(st, EDOC_E_MISSING, line_of(node), path,
		     "Falta un elemento obligatorio dentro de «%s»: agregue %s.", name, exp);
	} else if (edoc_label_of(name) == NULL) {
		addf(st, EDOC_E_UNEXPECTED, line_of(node), path,
		     "El elemento «%s» no es parte del documento: quítelo%s%s%s.",
		     edoc_quote(name, q, sizeof(q)), x.n > 0 ? " (aquí se esperaba " : "",
		     exp, x.n > 0 ? ")" : "");
	} else if (x.n > 0) {
		addf(st, EDOC_E_UNEXPECTED, line_of(node), path,
		     "El elemento %s no corresponde en esta posición: aquí se esperaba %s. Revise "
		     "el orden de los elementos o quite el que sobra.", name, exp);
	} else {
		addf(st, EDOC_E_UNEXPECTED, line_of(node), path,
		     "El elemento %s sobra en esta posición (está repetido o fuera de lugar): "
		     "quítelo o muévalo a donde corresponde.", name);
	}
}

/* The allowed values of "... not an element of the set {'10', '20'}". */
static void enum_set(const char *msg, char *out, size_t outsz)
{
	const char *p = msg != NULL ? strstr(msg, "set {") : NULL;
	struct buf b;

	out[0] = '\0';
	if (p == NULL)
		return;
	buf_init(&b, outsz - 1);
	for (p += 5; *p != '\0' && *p != '}'; p++) {
		if (*p == '\'')
			continue;
		buf_put_char(&b, *p);
	}
	if (b.err == BUF_OK && b.data != NULL)
		memcpy(out, b.data, b.len + 1);
	buf_free(&b);
}

/* The name in "... attribute 'origen': ...", quoted. */
static void attribute_of(const char *msg, char *out, size_t outsz)
{
	const char *p = msg != NULL ? strstr(msg, "attribute '") : NULL;
	const char *end = p != NULL ? strchr(p + 11, '\'') : NULL;
	char name[NAME_MAX_BYTES + 1];
	size_t n;

	out[0] = '\0';
	if (p == NULL || end == NULL)
		return;
	n = (size_t)(end - (p + 11));
	if (n > NAME_MAX_BYTES)
		n = NAME_MAX_BYTES;
	memcpy(name, p + 11, n);
	name[n] = '\0';
	edoc_quote(name, out, outsz);
}

static bool is_value_code(int code)
{
	return (code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 &&
		code <= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3) ||
	       (code >= XML_SCHEMAV_CVC_FACET_VALID && code <= XML_SCHEMAV_CVC_ENUMERATION_VALID);
}

static void on_valid_error(void *ud, xmlErrorPtr e)
{
	struct pstate *st = ud;
	const xmlNode *node;
	const struct edoc_label *l;
	char path[PATH_MAX_BYTES], q[EDOC_QUOTE_BYTES], detail[DETAIL_MAX_BYTES + 8], set[256];
	const char *name, *label, *hint;
	int line;

	if (st == NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	node = e->node;
	if (node != NULL && node->type != XML_ELEMENT_NODE)
		node = node->parent;
	if (node != NULL && node->type != XML_ELEMENT_NODE)
		node = NULL;
	if (is_value_code(e->code)) {
		/* libxml2 may report a value twice (its range and its pattern) */
		if (node != NULL && node == st->last_value_node)
			return;
		st->last_value_node = node;
	}
	if (st->errs->n >= EDOC_MAX_ERRORS) {
		st->errs->errors++;
		return;
	}
	name = node != NULL ? (const char *)node->name : "";
	l = edoc_label_of(name);
	label = l != NULL ? l->label : name;
	hint = l != NULL && l->hint[0] != '\0' ? l->hint : "un valor válido";
	line = node != NULL ? line_of(node) : e->line;
	path_of(node, path, sizeof(path));
	edoc_quote(e->str1, q, sizeof(q));
	detail_of(e, detail, sizeof(detail));

	switch (e->code) {
	case XML_SCHEMAV_ELEMENT_CONTENT:
		if (node != NULL) {
			content_error(st, node, e);
			return;
		}
		break;
	case XML_SCHEMAV_CVC_PATTERN_VALID:
		addf(st, EDOC_E_FORMAT, line, path,
		     "El valor de «%s» tiene un formato no válido («%s»): debe ser %s.", label, q,
		     hint);
		return;
	case XML_SCHEMAV_CVC_LENGTH_VALID:
	case XML_SCHEMAV_CVC_MINLENGTH_VALID:
	case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
		addf(st, EDOC_E_LENGTH, line, path,
		     e->code == XML_SCHEMAV_CVC_MAXLENGTH_VALID
			     ? "El valor de «%s» es demasiado largo: debe ser %s."
			     : "El valor de «%s» está vacío o es demasiado corto: debe ser %s.",
		     label, hint);
		return;
	case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
	case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
		addf(st, EDOC_E_RANGE, line, path,
		     "El valor de «%s» está fuera del rango permitido («%s»): debe ser %s.", label,
		     q, hint);
		return;
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
		addf(st, EDOC_E_VALUE, line, path,
		     "El valor de «%s» no es válido («%s»): debe ser %s.", label, q, hint);
		return;
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
		enum_set(e->message, set, sizeof(set));
		addf(st, EDOC_E_ENUM, line, path,
		     "«%s» no admite el valor «%s»: los valores admitidos son %s.", label, q,
		     set[0] != '\0' ? set : hint);
		return;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
		addf(st, EDOC_E_TEXT, line, path,
		     "«%s» no admite texto, solo los elementos que contiene: quite el texto suelto.",
		     label);
		return;
	case XML_SCHEMAV_CVC_TYPE_3_1_2:
		st->last_value_node = node;   /* its value's own error would add nothing */
		addf(st, EDOC_E_UNEXPECTED, line, path,
		     "«%s» debe contener solo su valor, sin otros elementos dentro: quítelos.",
		     label);
		return;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
		attribute_of(e->message, set, sizeof(set));
		addf(st, EDOC_E_UNEXPECTED, line, path,
		     "«%s» no admite atributos: quite el atributo «%s».", label, set);
		return;
	case XML_SCHEMAV_CVC_ELT_4_1:
	case XML_SCHEMAV_CVC_ELT_4_2:
	case XML_SCHEMAV_CVC_ELT_4_3:
		st->last_value_node = node;   /* its value was checked against no type */
		addf(st, EDOC_E_UNEXPECTED, line, path,
		     "«%s» no admite el atributo xsi:type con ese tipo: quite el atributo xsi:type.",
		     label);
		return;
	case XML_SCHEMAV_CVC_ELT_1:
		addf(st, EDOC_E_UNKNOWN_TYPE, line, path,
		     "El elemento raíz «%s» no corresponde a ningún documento conocido.",
		     edoc_quote(name, q, sizeof(q)));
		return;
	default:
		break;
	}
	addf(st, EDOC_E_SCHEMA, line, path,
	     "El valor de «%s» no es válido según el esquema (%s).", label, detail);
}

/* ---- pre-checks ---------------------------------------------------------------------- */

/* Offset of the first byte that breaks UTF-8 (Unicode Table 3-7) or is NUL,
 * or n when all is well. */
static size_t utf8_bad_offset(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i], lo = 0x80, hi = 0xBF;
		size_t k;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (n - i - 1 < k || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xBF)
				return i;
		i += k + 1;
	}
	return n;
}

/* The first "<!DOCTYPE" in s[0..n), or NULL (memmem is a GNU extension). */
static const char *find_doctype(const char *s, size_t n)
{
	static const char pat[] = "<!DOCTYPE";
	const size_t m = sizeof(pat) - 1;

	for (const char *p = s; n >= m && (size_t)(p - s) <= n - m; p++) {
		p = memchr(p, '<', n - m + 1 - (size_t)(p - s));
		if (p == NULL)
			return NULL;
		if (memcmp(p, pat, m) == 0)
			return p;
	}
	return NULL;
}

static int line_at(const char *s, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line < INT32_MAX ? (int)line : 0;
}

/* ---- extraction -------------------------------------------------------------------------- */

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The element's text (its text children joined), whitespace collapsed as
 * xs:token does, in the arena; NULL when the arena runs out. */
static char *text_of(struct arena *a, const xmlNode *n)
{
	size_t len = 0, o = 0;
	char *out;
	bool space = false;

	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content != NULL)
			len += strlen((const char *)c->content);
	out = arena_alloc(a, len + 1);
	if (out == NULL)
		return NULL;
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) ||
		    c->content == NULL)
			continue;
		for (const char *p = (const char *)c->content; *p != '\0'; p++) {
			if (is_xml_space(*p)) {
				space = o > 0;
				continue;
			}
			if (space)
				out[o++] = ' ';
			space = false;
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

static const xmlNode *child_n(const xmlNode *p, const char *name, size_t n)
{
	for (const xmlNode *c = p != NULL ? p->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strlen((const char *)c->name) == n &&
		    memcmp(c->name, name, n) == 0)
			return c;
	return NULL;
}

/* The element at rel ("A" or "A/B") under p, or NULL. */
static const xmlNode *find_rel(const xmlNode *p, const char *rel)
{
	const char *slash = strchr(rel, '/');

	if (slash == NULL)
		return child_n(p, rel, strlen(rel));
	return find_rel(child_n(p, rel, (size_t)(slash - rel)), slash + 1);
}

/* "1470.75" -> 1470750: [0-9]{1,15} with up to 3 decimals, as the schema allows. */
static int parse_milli(const char *s, long long *out)
{
	long long v = 0;
	int digits = 0, frac = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.' && frac < 0 && digits > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 15 || frac >= 3)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (digits == 0 || frac == 0)
		return -1;
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		v *= 10;
	*out = v;
	return 0;
}

/* "2026-11-20" -> days since 1970-01-01, checking the calendar. */
static int parse_date(const char *s, long long *day)
{
	static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long long y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    str_to_ll((struct str){ s, 4 }, 1, 9999, &y) != 0 ||
	    str_to_ll((struct str){ s + 5, 2 }, 1, 12, &m) != 0 ||
	    str_to_ll((struct str){ s + 8, 2 }, 1, 31, &d) != 0 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	*day = edoc_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* Fills the record at base from the children of rec by the table; lines[]
 * gets each element's line.  Returns 0, EDOC_INVALID (a value the schema
 * should have refused: reported) or EDOC_ERR_NOMEM. */
static int fill(struct pstate *st, const xmlNode *rec, const struct edoc_fdesc *tab, size_t count,
		void *base, int *lines)
{
	for (size_t i = 0; i < count; i++) {
		const xmlNode *n;
		char *txt;
		long long v = 0;
		int bad = 0;

		if (tab[i].name == NULL)
			continue;
		n = find_rel(rec, tab[i].name);
		if (n == NULL)
			continue;      /* optional and absent: NULL / 0 */
		lines[i] = line_of(n);
		txt = text_of(st->a, n);
		if (txt == NULL)
			return EDOC_ERR_NOMEM;
		switch (tab[i].kind) {
		case EDOC_FK_STR:
			memcpy((char *)base + tab[i].off, &txt, sizeof(txt));
			break;
		case EDOC_FK_DATE:
			bad = parse_date(txt, &v);
			memcpy((char *)base + tab[i].off, &txt, sizeof(txt));
			memcpy((char *)base + tab[i].off_day, &v, sizeof(v));
			break;
		case EDOC_FK_CENTS:
		case EDOC_FK_COUNT:
			bad = str_to_ll(str_from(txt), 0, 999999999999999LL, &v);
			memcpy((char *)base + tab[i].off, &v, sizeof(v));
			break;
		case EDOC_FK_MILLI:
			bad = parse_milli(txt, &v);
			memcpy((char *)base + tab[i].off, &v, sizeof(v));
			break;
		}
		if (bad) {
			char path[PATH_MAX_BYTES];

			path_of(n, path, sizeof(path));
			add(st, EDOC_E_VALUE, lines[i], path,
			    "El valor no se pudo leer aunque el esquema lo aceptó: revise su formato.");
			return st->nomem ? EDOC_ERR_NOMEM : EDOC_INVALID;
		}
	}
	return 0;
}

static size_t count_children(const xmlNode *p, const char *name)
{
	size_t k = 0;

	for (const xmlNode *c = p != NULL ? p->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			k++;
	return k;
}

static int fill_containers(struct pstate *st, const xmlNode *rec, struct edoc_tdoc *t,
			   size_t *total)
{
	const xmlNode *cs = find_rel(rec, "Containers");
	size_t k = count_children(cs, "Container"), i = 0;

	if (k == 0)
		return 0;
	if (k > EDOC_MAX_CONTAINERS)
		return EDOC_INVALID;   /* the schema bounds it: never reached */
	t->containers = arena_alloc(st->a, k * sizeof(*t->containers));
	if (t->containers == NULL)
		return EDOC_ERR_NOMEM;
	for (const xmlNode *c = cs->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "Container") != 0)
			continue;
		if (++*total > EDOC_MAX_MANIFEST_CONTAINERS) {
			char path[PATH_MAX_BYTES];

			path_of(c, path, sizeof(path));
			addf(st, EDOC_E_LIMIT, line_of(c), path,
			     "El manifiesto tiene más de %d contenedores: divídalo en varios "
			     "manifiestos.", EDOC_MAX_MANIFEST_CONTAINERS);
			return st->nomem ? EDOC_ERR_NOMEM : EDOC_INVALID;
		}
		t->containers[i].number = text_of(st->a, c);
		t->containers[i].line = line_of(c);
		if (t->containers[i].number == NULL)
			return EDOC_ERR_NOMEM;
		i++;
	}
	t->ncontainers = i;
	return 0;
}

static int extract(struct pstate *st, const xmlNode *root, struct edoc_doc *d)
{
	const struct edoc_fdesc *tab = edoc_doc_fields(d->type);
	size_t total_containers = 0, k, i = 0;
	const xmlNode *list;
	int rc;

	rc = fill(st, root, tab, EDOC_D_COUNT, d, d->lines);
	if (rc != 0)
		return rc;
	switch (d->type) {
	case EDOC_DAI:
	case EDOC_DAE:
		list = find_rel(root, "Items");
		k = count_children(list, "Item");
		if (k == 0 || k > EDOC_MAX_ITEMS)
			return EDOC_INVALID;   /* the schema bounds it: never reached */
		d->items = arena_alloc(st->a, k * sizeof(*d->items));
		if (d->items == NULL)
			return EDOC_ERR_NOMEM;
		for (const xmlNode *c = list->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "Item") != 0)
				continue;
			d->items[i].line = line_of(c);
			rc = fill(st, c, item_fields, EDOC_I_COUNT, &d->items[i], d->items[i].lines);
			if (rc != 0)
				return rc;
			i++;
		}
		d->nitems = i;
		return 0;
	case EDOC_MANIFIESTO:
		list = find_rel(root, "TransportDocuments");
		k = count_children(list, "TransportDocument");
		if (k == 0 || k > EDOC_MAX_TDOCS)
			return EDOC_INVALID;   /* the schema bounds it: never reached */
		d->tdocs = arena_alloc(st->a, k * sizeof(*d->tdocs));
		if (d->tdocs == NULL)
			return EDOC_ERR_NOMEM;
		for (const xmlNode *c = list->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "TransportDocument") != 0)
				continue;
			d->tdocs[i].line = line_of(c);
			rc = fill(st, c, manifest_tdoc_fields, EDOC_T_COUNT, &d->tdocs[i],
				  d->tdocs[i].lines);
			if (rc == 0)
				rc = fill_containers(st, c, &d->tdocs[i], &total_containers);
			if (rc != 0)
				return rc;
			i++;
		}
		d->ntdocs = i;
		return 0;
	case EDOC_DOCTRANSPORTE:
		d->tdoc.line = line_of(root);
		rc = fill(st, root, doctransporte_tdoc_fields, EDOC_T_COUNT, &d->tdoc, d->tdoc.lines);
		if (rc == 0)
			rc = fill_containers(st, root, &d->tdoc, &total_containers);
		return rc;
	default:
		return EDOC_INVALID;
	}
}

/* ---- edoc_parse ------------------------------------------------------------------------------ */

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC | \
		       XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Checks the root and gives the type; reports and returns EDOC_NONE when
 * the document is of no known type. */
static enum edoc_type root_type(struct pstate *st, const xmlNode *root)
{
	char q[EDOC_QUOTE_BYTES], q2[EDOC_QUOTE_BYTES];
	const char *ns = root->ns != NULL && root->ns->href != NULL ? (const char *)root->ns->href : "";
	enum edoc_type t = edoc_type_from_namespace(ns);

	edoc_quote((const char *)root->name, q, sizeof(q));
	if (t == EDOC_NONE) {
		if (ns[0] == '\0')
			addf(st, EDOC_E_UNKNOWN_TYPE, line_of(root), "",
			     "El elemento raíz «%s» no tiene espacio de nombres: el documento debe "
			     "ser una DAI, DAE, Manifiesto o DocumentoTransporte con su espacio de "
			     "nombres, p. ej. <DAI xmlns=\"urn:wco:datamodel:EC:DAI:1:0:0\">.", q);
		else
			addf(st, EDOC_E_UNKNOWN_TYPE, line_of(root), "",
			     "El espacio de nombres «%s» del elemento raíz «%s» no es de ningún "
			     "documento conocido: use urn:wco:datamodel:EC:DAI:1:0:0, …:DAE:…, "
			     "…:MANIFIESTO:… o …:DOCTRANSPORTE:… (versión 1:0:0).",
			     edoc_quote(ns, q2, sizeof(q2)), q);
		return EDOC_NONE;
	}
	if (strcmp((const char *)root->name, edoc_type_root(t)) != 0) {
		addf(st, EDOC_E_UNKNOWN_TYPE, line_of(root), "",
		     "El elemento raíz «%s» no corresponde al espacio de nombres de %s: el elemento "
		     "raíz debe ser «%s».", q, edoc_type_code(t), edoc_type_root(t));
		return EDOC_NONE;
	}
	return t;
}

/* Steps 1 and 2 of a read: the checks before libxml2 sees the bytes, then
 * the secure parse.  EDOC_OK with *docp (the caller frees it), or another
 * enum edoc_rc with the reason added to st->errs. */
static int secure_parse(struct pstate *st, const char *xml, size_t n, xmlDocPtr *docp)
{
	struct edoc_errors *errs = st->errs;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	const char *dt;
	size_t bad, before = errs->errors;
	int rc = EDOC_INVALID;

	*docp = NULL;
	if (edoc_schema_of(EDOC_DAI) == NULL)
		return EDOC_ERR_INIT;

	/* 1. before libxml2 */
	if (n > EDOC_MAX_BYTES) {
		addf(st, EDOC_E_TOO_LARGE, 0, "",
		     "El documento pesa más de %zu MB: el máximo es %zu bytes; divídalo o quite "
		     "contenido innecesario.", EDOC_MAX_BYTES / 1000000, EDOC_MAX_BYTES);
		return st->nomem ? EDOC_ERR_NOMEM : EDOC_ERR_TOO_LARGE;
	}
	if (n == 0 || xml == NULL) {
		add(st, EDOC_E_EMPTY, 0, "",
		    "El documento está vacío: envíe el XML de la declaración o del manifiesto.");
		return st->nomem ? EDOC_ERR_NOMEM : EDOC_INVALID;
	}
	bad = utf8_bad_offset((const unsigned char *)xml, n);
	if (bad < n) {
		addf(st, EDOC_E_ENCODING, line_at(xml, bad), "",
		     "El documento no está en UTF-8 o contiene un byte nulo (línea %d): guárdelo "
		     "con codificación UTF-8.", line_at(xml, bad));
		return st->nomem ? EDOC_ERR_NOMEM : EDOC_INVALID;
	}
	dt = find_doctype(xml, n);
	if (dt != NULL) {
		add(st, EDOC_E_DOCTYPE, line_at(xml, (size_t)(dt - xml)), "",
		    "El documento tiene una declaración DOCTYPE: no se admiten DTD ni entidades. "
		    "Quite la declaración <!DOCTYPE …>.");
		return st->nomem ? EDOC_ERR_NOMEM : EDOC_INVALID;
	}

	/* 2. the parse */
	ctxt = xmlCreateMemoryParserCtxt(xml, (int)n);
	if (ctxt == NULL)
		return EDOC_ERR_NOMEM;
	xmlCtxtUseOptions(ctxt, PARSE_OPTIONS);
	st->ctxt = ctxt;
	ctxt->_private = st;
	ctxt->linenumbers = 1;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = sax_internal_subset;
	ctxt->sax->externalSubset = sax_internal_subset;
	ctxt->sax->entityDecl = sax_entity_decl;
	ctxt->sax->startElementNs = sax_start;
	ctxt->sax->endElementNs = sax_end;
	ctxt->sax->comment = sax_comment;
	ctxt->sax->processingInstruction = sax_pi;
	(void)xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (st->nomem) {
		rc = EDOC_ERR_NOMEM;
	} else if (st->refused || st->parse_errors > 0 || !ctxt->wellFormed || doc == NULL) {
		if (errs->errors == before)
			add(st, EDOC_E_MALFORMED, 0, "", "El documento no es XML bien formado.");
	} else if (doc->intSubset != NULL || doc->extSubset != NULL) {   /* never: step 1 */
		add(st, EDOC_E_DOCTYPE, 0, "", "El documento tiene una declaración DOCTYPE.");
	} else if (xmlDocGetRootElement(doc) == NULL) {
		add(st, EDOC_E_EMPTY, 0, "", "El documento no tiene elemento raíz.");
	} else {
		rc = EDOC_OK;
	}
	st->ctxt = NULL;
	xmlFreeParserCtxt(ctxt);
	if (rc != EDOC_OK) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		return st->nomem ? EDOC_ERR_NOMEM : rc;
	}
	*docp = doc;
	return EDOC_OK;
}

int edoc_parse(const char *xml, size_t n, struct arena *a, struct edoc_doc *out,
	       struct edoc_errors *errs)
{
	struct pstate st;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlDocPtr doc = NULL;
	const xmlNode *root;
	size_t before = errs->errors;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.a = a;
	st.errs = errs;
	rc = secure_parse(&st, xml, n, &doc);
	if (rc != EDOC_OK)
		return rc;
	rc = EDOC_INVALID;
	root = xmlDocGetRootElement(doc);

	/* 3. the type */
	out->type = root_type(&st, root);
	if (out->type == EDOC_NONE)
		goto out;

	/* 4. the schema */
	vctxt = xmlSchemaNewValidCtxt(edoc_schema_of(out->type));
	if (vctxt == NULL) {
		rc = EDOC_ERR_NOMEM;
		goto out;
	}
	st.type = out->type;
	xmlSchemaSetValidStructuredErrors(vctxt, on_valid_error, &st);
	if (xmlSchemaValidateDoc(vctxt, doc) != 0 || errs->errors > before) {
		if (errs->errors == before)
			add(&st, EDOC_E_SCHEMA, 0, "", "El documento no es válido según el esquema.");
		goto out;
	}

	/* 5. the struct */
	rc = extract(&st, root, out);
out:
	if (st.nomem)
		rc = EDOC_ERR_NOMEM;
	if (rc != EDOC_OK) {
		enum edoc_type t = out->type;

		memset(out, 0, sizeof(*out));
		out->type = t;
		if (rc == EDOC_INVALID && errs->errors == before)   /* never leave "invalid" unexplained */
			add(&st, EDOC_E_SCHEMA, 0, "", "El documento no es válido.");
	}
	if (vctxt != NULL)
		xmlSchemaFreeValidCtxt(vctxt);
	xmlFreeDoc(doc);
	return rc;
}

/* ---- flat values (edoc_form.h) ------------------------------------------------------------ */

struct vwalk {
	struct arena *a;
	struct edoc_value *v;
	size_t n, cap;
	int nomem;
};

static bool has_element_child(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/* The values under p, whose key so far is key[0..klen). */
static void walk_values(struct vwalk *w, const xmlNode *p, struct buf *key, size_t depth)
{
	size_t klen = key->len, pos = 0;
	const xmlChar *last = NULL;

	if (depth > EDOC_MAX_DEPTH)
		return;
	for (const xmlNode *c = p->children; c != NULL && !w->nomem; c = c->next) {
		const char *name = (const char *)c->name;
		size_t nlen;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		nlen = strlen(name);
		key->len = klen;
		if (key->data != NULL)
			key->data[klen] = '\0';
		if (klen > 0)
			buf_put_char(key, '.');
		if (edoc_is_repeating(name, nlen)) {
			pos = last != NULL && xmlStrEqual(last, c->name) ? pos + 1 : 1;
			last = c->name;
			buf_put_int(key, (long long)pos);
		} else {
			edoc_put_snake(key, name, nlen);
		}
		if (key->err != BUF_OK) {
			w->nomem = 1;
			break;
		}
		if (has_element_child(c)) {
			walk_values(w, c, key, depth + 1);
			continue;
		}
		if (w->n == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 64;
			struct edoc_value *nv = arena_alloc(w->a, cap * sizeof(*nv));

			if (nv == NULL) {
				w->nomem = 1;
				break;
			}
			if (w->n)
				memcpy(nv, w->v, w->n * sizeof(*nv));
			w->v = nv;
			w->cap = cap;
		}
		w->v[w->n].key = arena_strdup(w->a, key->data);
		w->v[w->n].text = text_of(w->a, c);
		if (w->v[w->n].key == NULL || w->v[w->n].text == NULL)
			w->nomem = 1;
		else
			w->n++;
	}
	key->len = klen;
	if (key->data != NULL)
		key->data[klen] = '\0';
}

struct ranked {
	struct edoc_value v;
	size_t i;              /* order of appearance */
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->v.key, y->v.key);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

int edoc_values(const char *xml, size_t n, struct arena *a, enum edoc_type *type,
		struct edoc_values *out, struct edoc_errors *errs)
{
	struct pstate st;
	struct vwalk w;
	struct buf key;
	xmlDocPtr doc = NULL;
	const xmlNode *root;
	size_t k = 0;
	int rc;

	*type = EDOC_NONE;
	out->v = NULL;
	out->n = 0;
	memset(&st, 0, sizeof(st));
	st.a = a;
	st.errs = errs;
	rc = secure_parse(&st, xml, n, &doc);
	if (rc != EDOC_OK)
		return rc;
	root = xmlDocGetRootElement(doc);
	*type = root_type(&st, root);
	memset(&w, 0, sizeof(w));
	w.a = a;
	buf_init(&key, PATH_MAX_BYTES);
	buf_put_str(&key, "");
	if (*type != EDOC_NONE)
		walk_values(&w, root, &key, 1);
	buf_free(&key);
	xmlFreeDoc(doc);
	if (w.nomem || st.nomem)
		return EDOC_ERR_NOMEM;
	if (*type == EDOC_NONE)
		return EDOC_INVALID;
	/* sorted by key; of a key met twice the first text is kept */
	if (w.n > 0) {
		struct ranked *r = arena_alloc(a, w.n * sizeof(*r));

		if (r == NULL)
			return EDOC_ERR_NOMEM;
		for (size_t i = 0; i < w.n; i++)
			r[i] = (struct ranked){ w.v[i], i };
		qsort(r, w.n, sizeof(*r), cmp_ranked);
		for (size_t i = 0; i < w.n; i++)
			if (k == 0 || strcmp(w.v[k - 1].key, r[i].v.key) != 0)
				w.v[k++] = r[i].v;
	}
	out->v = w.v;
	out->n = k;
	return EDOC_OK;
}
