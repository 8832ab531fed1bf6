/*
 * edoc.h — the electronic documents operators send to customs (DAI, DAE,
 * manifiesto de carga, documento de transporte): one validation path for both
 * channels, the XML upload and the web form (which builds the same XML).
 *
 *   bytes --edoc_parse--> secure parse --> XSD of the type --> struct edoc_doc
 *         --edoc_check_rules--> business rules (RUCs, code lists, totals, ...)
 *
 * The module is pure: it touches nothing but memory (libxml2 parses and
 * validates in memory; the code lists are reached through a callback the
 * caller supplies, struct edoc_lookup), so it can be tested without a server
 * and called from any thread once edoc_init has returned.
 *
 * Security of the parse (docs/stack.md): a document is refused before libxml2
 * sees it when it is larger than EDOC_MAX_BYTES (the upload limit), is not
 * well-formed UTF-8 (or holds a NUL), or contains "<!DOCTYPE" anywhere; the
 * parser itself runs without network (XML_PARSE_NONET), without entity
 * substitution, DTD loading, DTD attributes or DTD validation, ignores the
 * encoding the document declares (it is read as the UTF-8 it was checked to
 * be), stops at a DOCTYPE or entity declaration should one ever reach it, and
 * caps the nesting depth (EDOC_MAX_DEPTH) and the number of nodes
 * (EDOC_MAX_NODES).  XInclude is never processed: an xi:include element is
 * just an element the schema does not allow.  XML_PARSE_HUGE stays off.
 *
 * Schemas: schemas/<DOC>.xsd, namespace urn:wco:datamodel:EC:<DOC>:1:0:0,
 * compiled once by edoc_init (the build embeds them, build/gen/schemas.c) and
 * shared read-only afterwards; every parse has its own parser and validation
 * contexts, and its errors go to its own collector (no global handler).
 *
 * Field keys.  Every error names the element it is about three ways:
 *   path   the XML path, root included, with a 1-based position on repeating
 *          elements: "/DAI/Items/Item[3]/Subpartida";
 *   line   the line of that element in the document (0 when unknown; libxml2
 *          caps stored lines at 65535);
 *   field  a key for forms, derived from the path by edoc_field_key: the root
 *          is dropped, each element name becomes lower snake case
 *          (FOBValueCents -> fob_value_cents, OCECode -> oce_code), and a
 *          repeating element (Item, TransportDocument, Container) is replaced
 *          by its position: "items.3.subpartida",
 *          "transport_documents.2.containers.1", "declarant.ruc",
 *          "fob_value_cents".  The position is the element's place among its
 *          siblings (what a form row is), not its SequenceNumber.  Errors about
 *          the document as a whole (not XML, too large, DOCTYPE, unknown type)
 *          have path "" and field "".
 *
 * Units: money in integer cents (long long, never a double); weights in
 * thousandths of a kilogram (grams) and quantities in thousandths of their
 * unit, both long long, read from decimal text with up to 3 decimals
 * ("1470.75" -> 1470750).  Dates are "YYYY-MM-DD" and, beside each, the day
 * number since 1970-01-01.
 */
#ifndef ADUANA_EDOC_H
#define ADUANA_EDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/limits.h"

/* ---- limits (the XSDs' maxOccurs say the same; a unit test checks it) ---- */
#define EDOC_MAX_BYTES        LIMIT_UPLOAD_BYTES /* one document, as uploaded */
#define EDOC_MAX_ITEMS        999     /* items of a DAI or DAE */
#define EDOC_MAX_TDOCS        5000    /* transport documents of a manifest */
#define EDOC_MAX_CONTAINERS   999     /* containers of one transport document */
#define EDOC_MAX_MANIFEST_CONTAINERS 20000 /* containers of a whole manifest */
#define EDOC_MAX_ERRORS       100     /* errors and warnings kept per document */
#define EDOC_MAX_DEPTH        16      /* element nesting (the schemas need 5) */
#define EDOC_MAX_NODES        200000  /* elements + attributes + comments + PIs */
#define EDOC_MAX_ARRIVAL_DAYS 90      /* an arrival date at most this far ahead */
#define EDOC_MIN_YEAR         2000    /* no date before 1 January of this year */
#define EDOC_UTC_OFFSET_S     (-5LL * 3600) /* "today" is Ecuador's (UTC-5, no DST) */

/* ---- document types -------------------------------------------------- */
enum edoc_type {
	EDOC_NONE = 0,
	EDOC_DAI,             /* declaración aduanera de importación */
	EDOC_DAE,             /* declaración aduanera de exportación */
	EDOC_MANIFIESTO,      /* manifiesto de carga, with its transport documents */
	EDOC_DOCTRANSPORTE    /* BL / AWB / carta de porte, master or house */
};
#define EDOC_NTYPES 4

/* "DAI", "DAE", "MANIFIESTO", "DOCTRANSPORTE"; "" for EDOC_NONE or out of range. */
const char *edoc_type_code(enum edoc_type t);
/* The root element: "DAI", "DAE", "Manifiesto", "DocumentoTransporte"; "". */
const char *edoc_type_root(enum edoc_type t);
/* "urn:wco:datamodel:EC:DAI:1:0:0" ...; "" for EDOC_NONE. */
const char *edoc_type_namespace(enum edoc_type t);
/* Spanish title: "Declaración Aduanera de Importación" ...; "". */
const char *edoc_type_title(enum edoc_type t);
/* The type whose code (edoc_type_code) is s, or EDOC_NONE. */
enum edoc_type edoc_type_from_code(const char *s);
/* The type whose namespace is ns (exact match), or EDOC_NONE. */
enum edoc_type edoc_type_from_namespace(const char *ns);

/* ---- errors ------------------------------------------------------------ */
enum edoc_severity { EDOC_SEV_ERROR = 0, EDOC_SEV_WARNING = 1 };

/* What kind of problem; edoc_code_name gives a stable text ("schema.missing"). */
enum edoc_code {
	/* the document as a whole (refused before or while parsing) */
	EDOC_E_EMPTY = 1,       /* no bytes */
	EDOC_E_TOO_LARGE,       /* over EDOC_MAX_BYTES */
	EDOC_E_ENCODING,        /* not UTF-8, or a NUL byte */
	EDOC_E_DOCTYPE,         /* a DOCTYPE (DTD, entities): never accepted */
	EDOC_E_MALFORMED,       /* not well-formed XML */
	EDOC_E_TOO_DEEP,        /* nesting over EDOC_MAX_DEPTH */
	EDOC_E_TOO_MANY_NODES,  /* over EDOC_MAX_NODES */
	EDOC_E_UNKNOWN_TYPE,    /* root element / namespace of no known type */
	/* the schema */
	EDOC_E_MISSING,         /* a required element is absent */
	EDOC_E_UNEXPECTED,      /* an element not allowed there (unknown, extra, out of order) */
	EDOC_E_TEXT,            /* text where only elements are allowed */
	EDOC_E_FORMAT,          /* a value does not match its pattern */
	EDOC_E_LENGTH,          /* a text too short or too long */
	EDOC_E_RANGE,           /* a number out of its range */
	EDOC_E_VALUE,           /* not a number / not a date / not of its type */
	EDOC_E_ENUM,            /* not one of the allowed values */
	EDOC_E_SCHEMA,          /* any other schema error (libxml2's detail kept) */
	EDOC_E_LIMIT,           /* a count over a limit of this header */
	/* the business rules */
	EDOC_E_RUC,             /* a RUC that breaks the rules of domain/ruc.h */
	EDOC_W_RUC_CHECK_DIGIT, /* a company/public RUC failing mod-11 (a warning) */
	EDOC_E_CODE,            /* a code absent from its list (port, country, unit...) */
	EDOC_E_HS,              /* subpartida whose first 6 digits are no HS 2022 subheading */
	EDOC_E_TOTAL,           /* a total differs from the sum of its parts */
	EDOC_E_WEIGHT,          /* net weight over gross weight */
	EDOC_E_DATE,            /* a date in the future, too far ahead or before EDOC_MIN_YEAR */
	EDOC_E_CONTAINER,       /* a container number with a wrong ISO 6346 check digit */
	EDOC_E_DUPLICATE,       /* an item number, document number or container twice */
	EDOC_E_PORT,            /* ports: same twice, or none in Ecuador where one must be */
	EDOC_E_MASTER,          /* HOUSE without its master number, MASTER with one, or itself */
	EDOC_E_KIND             /* document kind and transport mode disagree (BL by air...) */
};
/* "document.too_large", "schema.missing", "rule.total"...; "unknown" otherwise. */
const char *edoc_code_name(enum edoc_code c);

struct edoc_error {
	enum edoc_severity severity;
	enum edoc_code code;
	int line;               /* 1-based line in the XML; 0 when unknown */
	const char *path;       /* "/DAI/Items/Item[3]/Subpartida"; "" = the whole document */
	const char *field;      /* "items.3.subpartida"; "" = the whole document */
	const char *message;    /* Spanish: what is wrong and what to fix; may quote the
	                           value (at most 40 characters of it) */
};

/*
 * The errors and warnings of one document, in the order found.  Zero it
 * (struct edoc_errors e = {0}) before the first call; edoc_parse and
 * edoc_check_rules append to it.  At most EDOC_MAX_ERRORS are kept (v is
 * allocated from the arena on the first one); past that only the counts grow.
 * All strings live in the arena passed to the call that added them.
 */
struct edoc_errors {
	struct edoc_error *v;   /* arena; n entries */
	size_t n;               /* kept, <= EDOC_MAX_ERRORS */
	size_t errors;          /* errors found, kept or not */
	size_t warnings;        /* warnings found, kept or not */
};

/* ---- the typed document ------------------------------------------------- */
/*
 * Field indexes, for the source lines kept beside the values (lines[f], 0 when
 * the element was absent): a rule that finds a bad value reports its line.
 * The element each one reads, per type, is in the tables of edoc_xml.c.
 */
enum edoc_doc_field {
	EDOC_D_ISSUE_DATE,       /* IssueDate (DAI, DAE) */
	EDOC_D_DECLARANT_OCE,    /* Declarant/OCECode */
	EDOC_D_DECLARANT_RUC,    /* Declarant/RUC */
	EDOC_D_PARTY_RUC,        /* Importer/RUC (DAI), Exporter/RUC (DAE) */
	EDOC_D_PARTY_NAME,       /* Importer/Name, Exporter/Name */
	EDOC_D_DISTRICT,         /* CustomsDistrict */
	EDOC_D_REGIME,           /* Regime */
	EDOC_D_MODE,             /* TransportMode */
	EDOC_D_TDOC_NUMBER,      /* TransportDocumentNumber */
	EDOC_D_MANIFEST_REF,     /* ManifestReference */
	EDOC_D_LOADING_PORT,     /* LoadingPort */
	EDOC_D_DISCHARGE_PORT,   /* DischargePort */
	EDOC_D_COUNTRY,          /* ExportCountry (DAI), DestinationCountry (DAE) */
	EDOC_D_CURRENCY,         /* Currency */
	EDOC_D_INCOTERM,         /* Incoterm */
	EDOC_D_FOB,              /* FOBValueCents */
	EDOC_D_FREIGHT,          /* FreightCents */
	EDOC_D_INSURANCE,        /* InsuranceCents */
	EDOC_D_TOTAL_PACKAGES,   /* TotalPackages */
	EDOC_D_TOTAL_GROSS,      /* TotalGrossWeightKg */
	EDOC_D_TOTAL_NET,        /* TotalNetWeightKg */
	EDOC_D_CARRIER_CODE,     /* Carrier/Code (MANIFIESTO) */
	EDOC_D_CARRIER_NAME,     /* Carrier/Name */
	EDOC_D_VESSEL,           /* VesselOrFlight */
	EDOC_D_VOYAGE,           /* Voyage */
	EDOC_D_ARRIVAL_DATE,     /* ArrivalDate */
	EDOC_D_COUNT
};

enum edoc_item_field {
	EDOC_I_SEQUENCE,         /* SequenceNumber */
	EDOC_I_SUBPARTIDA,       /* Subpartida */
	EDOC_I_DESCRIPTION,      /* Description */
	EDOC_I_QUANTITY,         /* Quantity */
	EDOC_I_UNIT,             /* Unit */
	EDOC_I_PACKAGES,         /* Packages */
	EDOC_I_PACKAGE_TYPE,     /* PackageType */
	EDOC_I_GROSS,            /* GrossWeightKg */
	EDOC_I_NET,              /* NetWeightKg */
	EDOC_I_FOB,              /* FOBValueCents */
	EDOC_I_ORIGIN,           /* OriginCountry */
	EDOC_I_COUNT
};

enum edoc_tdoc_field {
	EDOC_T_NUMBER,           /* Number */
	EDOC_T_KIND,             /* Kind (DOCTRANSPORTE) */
	EDOC_T_LEVEL,            /* Level */
	EDOC_T_MASTER,           /* MasterNumber */
	EDOC_T_MANIFEST_REF,     /* ManifestReference (DOCTRANSPORTE) */
	EDOC_T_ISSUE_DATE,       /* IssueDate (DOCTRANSPORTE) */
	EDOC_T_MODE,             /* TransportMode (DOCTRANSPORTE) */
	EDOC_T_SHIPPER_NAME,     /* Shipper/Name (DOCTRANSPORTE) */
	EDOC_T_SHIPPER_COUNTRY,  /* Shipper/Country (DOCTRANSPORTE) */
	EDOC_T_CONSIGNEE_RUC,    /* Consignee/RUC (optional) */
	EDOC_T_CONSIGNEE_NAME,   /* Consignee/Name */
	EDOC_T_LOADING_PORT,     /* LoadingPort (DOCTRANSPORTE) */
	EDOC_T_DISCHARGE_PORT,   /* DischargePort (DOCTRANSPORTE) */
	EDOC_T_DESCRIPTION,      /* GoodsDescription */
	EDOC_T_PACKAGES,         /* Packages */
	EDOC_T_PACKAGE_TYPE,     /* PackageType */
	EDOC_T_GROSS,            /* GrossWeightKg */
	EDOC_T_COUNT
};

/* An item of a DAI or DAE. */
struct edoc_item {
	long long sequence;          /* SequenceNumber, 1..999 */
	const char *subpartida;      /* 6 to 10 digits; the first 6 are the HS subheading */
	const char *description;
	long long quantity_milli;    /* quantity x 1000 */
	const char *unit;            /* UNECE Rec 20 */
	long long packages;
	const char *package_type;    /* UNECE Rec 21 */
	long long gross_milli;       /* kg x 1000 */
	long long net_milli;         /* kg x 1000 */
	long long fob_cents;
	const char *origin_country;  /* ISO 3166-1 alpha-2 */
	int line;                    /* line of <Item> */
	int lines[EDOC_I_COUNT];
};

struct edoc_container {
	const char *number;          /* ISO 6346: 4 letters, 7 digits */
	int line;
};

/* A transport document: one of a manifest's, or a DOCTRANSPORTE itself.
 * Fields marked DOCTRANSPORTE are NULL (0) in a manifest's documents. */
struct edoc_tdoc {
	const char *number;
	const char *kind;            /* "BL", "AWB", "CP" (DOCTRANSPORTE) */
	const char *level;           /* "MASTER" or "HOUSE" */
	const char *master_number;   /* NULL when absent */
	const char *manifest_ref;    /* NULL when absent (DOCTRANSPORTE) */
	const char *issue_date;      /* DOCTRANSPORTE */
	long long issue_day;
	const char *transport_mode;  /* DOCTRANSPORTE */
	const char *shipper_name;    /* DOCTRANSPORTE */
	const char *shipper_country; /* DOCTRANSPORTE */
	const char *consignee_ruc;   /* NULL when absent */
	const char *consignee_name;
	const char *loading_port;    /* DOCTRANSPORTE */
	const char *discharge_port;  /* DOCTRANSPORTE */
	const char *description;
	long long packages;
	const char *package_type;
	long long gross_milli;
	struct edoc_container *containers;  /* arena; NULL when none */
	size_t ncontainers;          /* <= EDOC_MAX_CONTAINERS */
	int line;                    /* line of <TransportDocument> (of the root for DOCTRANSPORTE) */
	int lines[EDOC_T_COUNT];
};

/*
 * A parsed, schema-valid document.  Which fields are set depends on the type:
 *   all          declarant_oce, declarant_ruc
 *   DAI, DAE     issue_date, party (importer / exporter), customs_district,
 *                regime, transport_mode, transport_doc_number and
 *                manifest_ref (optional in a DAE: NULL), ports, country
 *                (DAI: ExportCountry, procedencia; DAE: DestinationCountry),
 *                currency, incoterm, money, totals, items
 *   MANIFIESTO   carrier, customs_district, transport_mode, vessel, voyage,
 *                ports, arrival date, total_packages, total_gross_milli, tdocs
 *   DOCTRANSPORTE  tdoc (the document itself)
 * Every string is NUL-terminated, in the arena, with XML whitespace collapsed
 * (trimmed, inner runs made one space).  Owned by the arena: do not free.
 */
struct edoc_doc {
	enum edoc_type type;
	const char *declarant_oce;
	const char *declarant_ruc;
	const char *issue_date;
	long long issue_day;
	const char *party_ruc, *party_name;
	const char *customs_district;
	const char *regime;
	const char *transport_mode;
	const char *transport_doc_number;
	const char *manifest_ref;
	const char *loading_port, *discharge_port;
	const char *country;
	const char *currency;
	const char *incoterm;
	long long fob_cents, freight_cents, insurance_cents;
	long long total_packages;
	long long total_gross_milli, total_net_milli;
	struct edoc_item *items;     /* DAI, DAE: 1..EDOC_MAX_ITEMS */
	size_t nitems;
	const char *carrier_code, *carrier_name;
	const char *vessel;          /* VesselOrFlight */
	const char *voyage;
	const char *arrival_date;
	long long arrival_day;
	struct edoc_tdoc *tdocs;     /* MANIFIESTO: 1..EDOC_MAX_TDOCS */
	size_t ntdocs;
	struct edoc_tdoc tdoc;       /* DOCTRANSPORTE */
	int lines[EDOC_D_COUNT];
};

/* ---- return values ------------------------------------------------------- */
enum edoc_rc {
	EDOC_OK = 0,
	EDOC_INVALID = -1,        /* errors were added to errs (the document is refused) */
	EDOC_ERR_TOO_LARGE = -2,  /* over EDOC_MAX_BYTES; an error was added too (HTTP 413) */
	EDOC_ERR_NOMEM = -3,      /* the arena or libxml2 ran out of memory (errs may be partial) */
	EDOC_ERR_INIT = -4        /* edoc_init has not succeeded */
};

/* ---- schemas ------------------------------------------------------------ */
/*
 * Compiles the four schemas embedded in the binary (edoc_schemas[], generated
 * from schemas/<DOC>.xsd by tools/embed) and initialises libxml2.  Call once at
 * start-up, before threads use the module; calling it again is a no-op.
 * Returns 0, or -1 when a schema is missing or does not compile.
 */
int edoc_init(void);

/*
 * The same from the XSD texts given, xsd[i] / len[i] for the type i + 1
 * (DAI, DAE, MANIFIESTO, DOCTRANSPORTE).  On failure returns -1 and, when err
 * is not NULL, writes a one-line reason (English, for the log) into
 * err[0..errsz).  Used by edoc_init and by tests.
 */
int edoc_init_schemas(const char *const xsd[EDOC_NTYPES], const size_t len[EDOC_NTYPES],
		      char *err, size_t errsz);

/* Frees the compiled schemas (at exit, once no parse runs).  It does not call
 * xmlCleanupParser: other modules may still use libxml2. */
void edoc_free(void);

/* ---- the validation path -------------------------------------------------- */
/*
 * Parses xml[0..n) (need not be NUL-terminated) securely (see the top of this
 * file), detects its type from the root element's namespace, validates it
 * against that type's schema and fills *out.  Returns EDOC_OK with *out
 * complete and no error added, or EDOC_INVALID with every problem found added
 * to errs (*out then holds only its type, EDOC_NONE if unknown), or one of the
 * other enum edoc_rc values.  libxml2's memory is released before returning;
 * everything kept is in the arena a.
 */
int edoc_parse(const char *xml, size_t n, struct arena *a, struct edoc_doc *out,
	       struct edoc_errors *errs);

/*
 * Code lists, supplied by the caller (the store), so that this module stays
 * pure.  in_list returns true when code is in the list named list: "hs"
 * (6-digit subheadings are asked), "locode", "country", "currency", "unit",
 * "package", "transport", "incoterm".  now is the current time (Unix seconds):
 * date rules count days in Ecuador's time from it; now <= 0 skips the checks
 * against today (the EDOC_MIN_YEAR floor stays).
 */
struct edoc_lookup {
	bool (*in_list)(void *ctx, const char *list, const char *code);
	void *ctx;
	long long now;
};

/*
 * The business rules, on a document edoc_parse accepted:
 *   - every RUC by domain/ruc.h: invalid -> error; a company or public RUC
 *     failing only its check digit -> warning (EDOC_W_RUC_CHECK_DIGIT);
 *   - every code in its list: ports (locode; a foreign port, whose country
 *     is not EC, is accepted when its first two letters are in "country",
 *     because the bundled UN/LOCODE holds only Ecuador), countries,
 *     currency, units, package types, transport mode, Incoterm, and the first
 *     6 digits of each subpartida in "hs";
 *   - totals equal to the sums: FOB, packages, gross and net weight of the
 *     items (DAI, DAE); packages and gross weight of the transport documents
 *     (MANIFIESTO);
 *   - net weight <= gross weight, per item and in total;
 *   - dates: not before EDOC_MIN_YEAR; issue dates not after today; an
 *     arrival date not more than EDOC_MAX_ARRIVAL_DAYS after today;
 *   - ports: loading and discharge differ; a DAI discharges in Ecuador, a DAE
 *     loads in Ecuador, a manifest or transport document touches Ecuador;
 *   - transport documents: HOUSE has a MasterNumber different from its own
 *     number, MASTER has none; BL goes by sea (1), AWB by air (4), CP by
 *     road (3);
 *   - container numbers with their ISO 6346 check digit; no item number,
 *     transport document number (in a manifest) or container (in one
 *     transport document) twice.
 * Returns EDOC_OK when no error was added (warnings may have been),
 * EDOC_INVALID when one was, EDOC_ERR_NOMEM when the arena ran out.
 * lk->in_list may be NULL: the code-list rules are then skipped.
 */
int edoc_check_rules(const struct edoc_doc *d, const struct edoc_lookup *lk, struct arena *a,
		     struct edoc_errors *errs);

/* ---- helpers ---------------------------------------------------------------- */
/* The form key of an XML path (see "Field keys" above), in the arena; NULL
 * when the arena runs out.  "" for "" or "/". */
char *edoc_field_key(struct arena *a, const char *path);

/* True when s is an ISO 6346 container number (3 letters, U/J/Z, 6 digits)
 * whose 11th character is its check digit. */
bool edoc_container_valid(const char *s);

#endif
