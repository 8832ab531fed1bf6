/*
 * edoc_rules.c — edoc_check_rules: the business rules a schema cannot say
 * (see edoc.h for the list), on a document edoc_parse accepted.
 *
 * Every rule reports on the element that must change, with the path, line
 * and field key edoc_parse would have used (the field tables of edoc_xml.c
 * give the element names), and a Spanish message quoting the values that
 * disagree.  Rules are independent: one broken rule never hides another, so
 * all the problems of a document come back at once (up to EDOC_MAX_ERRORS).
 *
 * Invariants: reads the document only; the code lists are reached only
 * through lk->in_list; sums are computed with overflow checks (an overflow
 * is reported as a total that does not match); nothing is allocated but
 * error entries in the arena.
 */
#include "domain/edoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/edoc_int.h"
#include "domain/ruc.h"

#define PREFIX_BYTES 128
#define SECONDS_PER_DAY 86400LL

struct rctx {
	const struct edoc_doc *d;
	const struct edoc_lookup *lk;
	struct arena *a;
	struct edoc_errors *errs;
	int nomem;
	bool dated;           /* lk->now was given: checks against today run */
	long long today;      /* day number, Ecuador's calendar */
};

/* A record of the document: where it is and which table names its fields. */
struct rec {
	char prefix[PREFIX_BYTES];       /* "/DAI", "/DAI/Items/Item[3]" */
	const struct edoc_fdesc *tab;
	const int *lines;
	int line;                        /* of the record itself */
};

/* Reports on field f of record r (f < 0: on the record itself). */
__attribute__((format(printf, 6, 7)))
static void rerr(struct rctx *x, const struct rec *r, int f, enum edoc_severity sev,
		 enum edoc_code code, const char *fmt, ...)
{
	char path[PREFIX_BYTES + 64], msg[1024];
	int line = r->line;
	va_list ap;

	if (f >= 0 && r->tab[f].name != NULL) {
		(void)snprintf(path, sizeof(path), "%s/%s", r->prefix, r->tab[f].name);
		if (r->lines[f] > 0)
			line = r->lines[f];
	} else {
		(void)snprintf(path, sizeof(path), "%s", r->prefix);
	}
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (edoc_err_add(x->errs, x->a, sev, code, line, path, msg) != 0)
		x->nomem = 1;
}

static const char *label(const struct rec *r, int f)
{
	const char *name = r->tab[f].name, *slash;
	const struct edoc_label *l;

	if (name == NULL)
		return "";
	slash = strrchr(name, '/');
	l = edoc_label_of(slash != NULL ? slash + 1 : name);
	return l != NULL ? l->label : name;
}

static void fmt_milli(long long v, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, "%s%lld.%03lld", v < 0 ? "-" : "", llabs(v / 1000),
		       llabs(v % 1000));
}

/* ---- RUCs -------------------------------------------------------------------- */

static void check_ruc(struct rctx *x, const struct rec *r, int f, const char *ruc, const char *who)
{
	struct ruc_result res;

	if (ruc == NULL)
		return;
	switch (ruc_check(ruc, strlen(ruc), &res)) {
	case RUC_INVALID:
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_RUC, "El RUC %s (%s) no es válido: %s", who,
		     ruc, ruc_reason_text(res.reason, 0));
		break;
	case RUC_VALID_WARNING:
		rerr(x, r, f, EDOC_SEV_WARNING, EDOC_W_RUC_CHECK_DIGIT,
		     "El RUC %s (%s) no cumple el dígito verificador (módulo 11). Se acepta porque "
		     "el SRI ha emitido RUC así, pero revise que esté bien escrito.", who, ruc);
		break;
	default:
		break;
	}
}

/* ---- code lists -------------------------------------------------------------------- */

static bool in_list(const struct rctx *x, const char *list, const char *code)
{
	return x->lk->in_list(x->lk->ctx, list, code);
}

static const char *list_title(const char *list)
{
	static const char *const t[][2] = {
		{ "locode", "UN/LOCODE" },
		{ "country", "países (ISO 3166-1)" },
		{ "currency", "monedas (ISO 4217)" },
		{ "unit", "unidades de medida (UNECE Rec. 20)" },
		{ "package", "tipos de embalaje (UNECE Rec. 21)" },
		{ "transport", "modos de transporte (UNECE Rec. 19)" },
		{ "incoterm", "Incoterms 2020" },
		{ "hs", "Sistema Armonizado 2022" },
		{ "district", "distritos aduaneros" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i][0], list) == 0)
			return t[i][1];
	return list;
}

static void check_code(struct rctx *x, const struct rec *r, int f, const char *list,
		       const char *code)
{
	char q[EDOC_QUOTE_BYTES];

	if (x->lk->in_list == NULL || code == NULL || in_list(x, list, code))
		return;
	rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_CODE,
	     "«%s»: el código %s no está en el catálogo de %s. Use un código de la lista "
	     "(menú 2.6 Catálogos).", label(r, f), edoc_quote(code, q, sizeof(q)), list_title(list));
}

/* A port: in UN/LOCODE, or foreign with a known country (the bundled
 * UN/LOCODE holds Ecuador's places only). */
static void check_port(struct rctx *x, const struct rec *r, int f, const char *port)
{
	char country[3];

	if (x->lk->in_list == NULL || port == NULL || in_list(x, "locode", port))
		return;
	memcpy(country, port, 2);
	country[2] = '\0';
	if (strlen(port) == 5 && strcmp(country, "EC") != 0 && in_list(x, "country", country))
		return;
	if (strcmp(country, "EC") == 0)
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_CODE,
		     "«%s»: %s no es un lugar del Ecuador en el catálogo UN/LOCODE. Use un código de "
		     "la lista (menú 2.6 Catálogos), p. ej. ECGYE Guayaquil.", label(r, f), port);
	else
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_CODE,
		     "«%s»: %s no es un UN/LOCODE válido: sus dos primeras letras (%s) no son un "
		     "país del catálogo ISO 3166-1.", label(r, f), port, country);
}

static void check_hs(struct rctx *x, const struct rec *r, int f, const char *subpartida)
{
	char six[7];

	if (x->lk->in_list == NULL || subpartida == NULL || strlen(subpartida) < 6)
		return;
	memcpy(six, subpartida, 6);
	six[6] = '\0';
	if (!in_list(x, "hs", six))
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_HS,
		     "La subpartida %s no existe: sus 6 primeros dígitos (%s) no son una subpartida "
		     "del Sistema Armonizado 2022. Revise la clasificación arancelaria (menú 2.1.1 "
		     "Consulta de arancel).", subpartida, six);
}

/* ---- dates ------------------------------------------------------------------------------ */

static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void check_date(struct rctx *x, const struct rec *r, int f, const char *date, long long day,
		       bool future_ok)
{
	char today[11];

	if (date == NULL)
		return;
	if (day < edoc_days_from_civil(EDOC_MIN_YEAR, 1, 1)) {
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_DATE,
		     "«%s» (%s) es anterior al año %d: revise la fecha.", label(r, f), date,
		     EDOC_MIN_YEAR);
		return;
	}
	if (!x->dated)
		return;
	edoc_civil_from_days(x->today, today);
	if (!future_ok && day > x->today)
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_DATE,
		     "«%s» (%s) es posterior a hoy (%s): no puede ser una fecha futura.",
		     label(r, f), date, today);
	else if (future_ok && day > x->today + EDOC_MAX_ARRIVAL_DAYS)
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_DATE,
		     "«%s» (%s) está a más de %d días de hoy (%s): revise la fecha.", label(r, f),
		     date, EDOC_MAX_ARRIVAL_DAYS, today);
}

/* ---- ports ------------------------------------------------------------------------------ */

static bool in_ecuador(const char *port)
{
	return port != NULL && strncmp(port, "EC", 2) == 0;
}

/* need: 'L' loading in Ecuador, 'D' discharge in Ecuador, 'A' any of both. */
static void check_ports(struct rctx *x, const struct rec *r, int fl, int fd, const char *load,
			const char *disch, char need)
{
	check_port(x, r, fl, load);
	check_port(x, r, fd, disch);
	if (load == NULL || disch == NULL)
		return;
	if (strcmp(load, disch) == 0) {
		rerr(x, r, fd, EDOC_SEV_ERROR, EDOC_E_PORT,
		     "El puerto de descarga es el mismo que el de embarque (%s): revise los puertos.",
		     disch);
		return;
	}
	if (need == 'D' && !in_ecuador(disch))
		rerr(x, r, fd, EDOC_SEV_ERROR, EDOC_E_PORT,
		     "En una importación el puerto de descarga debe estar en Ecuador (un UN/LOCODE "
		     "que empieza por EC, p. ej. ECGYE); %s no lo está.", disch);
	else if (need == 'L' && !in_ecuador(load))
		rerr(x, r, fl, EDOC_SEV_ERROR, EDOC_E_PORT,
		     "En una exportación el puerto de embarque debe estar en Ecuador (un UN/LOCODE "
		     "que empieza por EC, p. ej. ECGYE); %s no lo está.", load);
	else if (need == 'A' && !in_ecuador(load) && !in_ecuador(disch))
		rerr(x, r, fd, EDOC_SEV_ERROR, EDOC_E_PORT,
		     "Ni el puerto de embarque (%s) ni el de descarga (%s) están en Ecuador: la "
		     "carga debe llegar a un puerto ecuatoriano o salir de uno.", load, disch);
}

/* ---- sums -------------------------------------------------------------------------------- */

/* Adds v to *sum; false (sum unusable) on overflow. */
static bool add_to(long long *sum, long long v)
{
	return !__builtin_add_overflow(*sum, v, sum);
}

enum unit_kind { U_CENTS, U_MILLI, U_COUNT };

static void check_total(struct rctx *x, const struct rec *r, int f, long long total, long long sum,
			bool ok, enum unit_kind u, const char *parts)
{
	char t[32], s[32];

	if (ok && total == sum)
		return;
	if (u == U_MILLI) {
		fmt_milli(total, t, sizeof(t));
		fmt_milli(sum, s, sizeof(s));
	} else {
		(void)snprintf(t, sizeof(t), "%lld", total);
		(void)snprintf(s, sizeof(s), "%lld", sum);
	}
	if (!ok)
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_TOTAL,
		     "«%s» no se puede comparar: la suma de %s es demasiado grande.", label(r, f),
		     parts);
	else
		rerr(x, r, f, EDOC_SEV_ERROR, EDOC_E_TOTAL,
		     "«%s» es %s, pero la suma de %s es %s: corrija el total o los valores de %s.",
		     label(r, f), t, parts, s, parts);
}

static void check_net(struct rctx *x, const struct rec *r, int fnet, long long net, long long gross)
{
	char n[32], g[32];

	if (net <= gross)
		return;
	fmt_milli(net, n, sizeof(n));
	fmt_milli(gross, g, sizeof(g));
	rerr(x, r, fnet, EDOC_SEV_ERROR, EDOC_E_WEIGHT,
	     "«%s» (%s kg) es mayor que el peso bruto (%s kg): el peso neto no puede superar "
	     "al bruto.", label(r, fnet), n, g);
}

/* ---- duplicates ---------------------------------------------------------------------------- */

struct key_ix {
	const char *s;        /* a string key, or NULL */
	long long v;          /* else a number key */
	size_t ix;
};

static int cmp_value(const struct key_ix *a, const struct key_ix *b)
{
	if (a->s != NULL && b->s != NULL)
		return strcmp(a->s, b->s);
	return a->v < b->v ? -1 : (a->v > b->v ? 1 : 0);
}

/* By key, then by position: the first of equal keys sorts first. */
static int cmp_key(const void *pa, const void *pb)
{
	const struct key_ix *a = pa, *b = pb;
	int c = cmp_value(a, b);

	if (c != 0)
		return c;
	return a->ix < b->ix ? -1 : (a->ix > b->ix ? 1 : 0);
}

/* first[i] = the index of the first element with key i's key (i itself
 * when it is the first).  keys is sorted in place.  */
static void find_dups(struct key_ix *keys, size_t n, size_t *first)
{
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && cmp_value(&keys[i], &keys[i - 1]) == 0)
			first[keys[i].ix] = first[keys[i - 1].ix];
		else
			first[keys[i].ix] = keys[i].ix;
	}
}

/* ---- per record ---------------------------------------------------------------------------- */

/* Sets the table and lines; the caller writes r->prefix. */
static void rec_init(struct rec *r, const struct edoc_fdesc *tab, const int *lines, int line)
{
	r->tab = tab;
	r->lines = lines;
	r->line = line;
}

static void check_containers(struct rctx *x, const struct rec *tr, const struct edoc_tdoc *t)
{
	struct key_ix *keys;
	size_t *first;
	struct edoc_fdesc cfield[1] = { { "Container", EDOC_FK_STR, 0, 0 } };

	if (t->ncontainers == 0)
		return;
	keys = arena_alloc(x->a, t->ncontainers * sizeof(*keys));
	first = arena_alloc(x->a, t->ncontainers * sizeof(*first));
	if (keys == NULL || first == NULL) {
		x->nomem = 1;
		return;
	}
	for (size_t j = 0; j < t->ncontainers; j++)
		keys[j] = (struct key_ix){ t->containers[j].number, 0, j };
	find_dups(keys, t->ncontainers, first);
	for (size_t j = 0; j < t->ncontainers; j++) {
		const struct edoc_container *c = &t->containers[j];
		struct rec cr;
		int line[1] = { c->line };
		int cd = edoc_container_check_digit(c->number);

		(void)snprintf(cr.prefix, sizeof(cr.prefix), "%.80s/Containers/Container[%zu]",
			       tr->prefix, j + 1);
		cr.tab = cfield;
		cr.lines = line;
		cr.line = c->line;
		if (!edoc_container_valid(c->number))
			rerr(x, &cr, -1, EDOC_SEV_ERROR, EDOC_E_CONTAINER,
			     "El contenedor %s tiene el dígito de control %c, pero según ISO 6346 "
			     "debe ser %d: revise el número.", c->number,
			     strlen(c->number) == 11 ? c->number[10] : '?', cd);
		if (first[j] != j)
			rerr(x, &cr, -1, EDOC_SEV_ERROR, EDOC_E_DUPLICATE,
			     "El contenedor %s está repetido en este documento de transporte "
			     "(también en la posición %zu): declárelo una sola vez.", c->number,
			     first[j] + 1);
	}
}

static void check_tdoc(struct rctx *x, const struct rec *r, const struct edoc_tdoc *t, bool alone)
{
	check_ruc(x, r, EDOC_T_CONSIGNEE_RUC, t->consignee_ruc, "del consignatario");
	check_code(x, r, EDOC_T_PACKAGE_TYPE, "package", t->package_type);
	if (t->level != NULL && strcmp(t->level, "HOUSE") == 0) {
		if (t->master_number == NULL)
			rerr(x, r, EDOC_T_MASTER, EDOC_SEV_ERROR, EDOC_E_MASTER,
			     "Un documento HOUSE debe indicar el número de su documento master "
			     "(MasterNumber): agréguelo después de Level.");
		else if (t->number != NULL && strcmp(t->master_number, t->number) == 0)
			rerr(x, r, EDOC_T_MASTER, EDOC_SEV_ERROR, EDOC_E_MASTER,
			     "El número del documento master (%s) es el del mismo documento: indique "
			     "el número del master que ampara este HOUSE.", t->master_number);
	} else if (t->master_number != NULL) {
		rerr(x, r, EDOC_T_MASTER, EDOC_SEV_ERROR, EDOC_E_MASTER,
		     "Un documento MASTER no lleva número de master (%s): quite MasterNumber o "
		     "cambie el nivel a HOUSE.", t->master_number);
	}
	if (alone) {
		check_date(x, r, EDOC_T_ISSUE_DATE, t->issue_date, t->issue_day, false);
		check_code(x, r, EDOC_T_MODE, "transport", t->transport_mode);
		check_code(x, r, EDOC_T_SHIPPER_COUNTRY, "country", t->shipper_country);
		check_ports(x, r, EDOC_T_LOADING_PORT, EDOC_T_DISCHARGE_PORT, t->loading_port,
			    t->discharge_port, 'A');
		if (t->kind != NULL && t->transport_mode != NULL) {
			static const struct { const char *kind, *modes, *text; } km[] = {
				{ "BL", "18", "1 (marítimo) u 8 (vías navegables interiores)" },
				{ "AWB", "4", "4 (aéreo)" },
				{ "CP", "3", "3 (carretera)" },
			};
			for (size_t i = 0; i < sizeof(km) / sizeof(km[0]); i++)
				if (strcmp(t->kind, km[i].kind) == 0 &&
				    strchr(km[i].modes, t->transport_mode[0]) == NULL)
					rerr(x, r, EDOC_T_MODE, EDOC_SEV_ERROR, EDOC_E_KIND,
					     "Un documento %s corresponde al modo de transporte %s, "
					     "no al %s: corrija la clase de documento o el modo.",
					     t->kind, km[i].text, t->transport_mode);
		}
	}
	check_containers(x, r, t);
}

static void check_declaration(struct rctx *x, const struct rec *dr)
{
	const struct edoc_doc *d = x->d;
	const char *root = edoc_type_root(d->type);
	long long fob = 0, pk = 0, gross = 0, net = 0;
	bool ok_fob = true, ok_pk = true, ok_gross = true, ok_net = true;
	struct key_ix *keys;
	size_t *first;

	check_ruc(x, dr, EDOC_D_PARTY_RUC, d->party_ruc,
		  d->type == EDOC_DAI ? "del importador" : "del exportador");
	check_date(x, dr, EDOC_D_ISSUE_DATE, d->issue_date, d->issue_day, false);
	check_code(x, dr, EDOC_D_DISTRICT, "district", d->customs_district);
	check_code(x, dr, EDOC_D_MODE, "transport", d->transport_mode);
	check_ports(x, dr, EDOC_D_LOADING_PORT, EDOC_D_DISCHARGE_PORT, d->loading_port,
		    d->discharge_port, d->type == EDOC_DAI ? 'D' : 'L');
	check_code(x, dr, EDOC_D_COUNTRY, "country", d->country);
	check_code(x, dr, EDOC_D_CURRENCY, "currency", d->currency);
	check_code(x, dr, EDOC_D_INCOTERM, "incoterm", d->incoterm);

	keys = arena_alloc(x->a, (d->nitems + 1) * sizeof(*keys));
	first = arena_alloc(x->a, (d->nitems + 1) * sizeof(*first));
	if (keys == NULL || first == NULL) {
		x->nomem = 1;
		return;
	}
	for (size_t i = 0; i < d->nitems; i++)
		keys[i] = (struct key_ix){ NULL, d->items[i].sequence, i };
	find_dups(keys, d->nitems, first);

	for (size_t i = 0; i < d->nitems; i++) {
		const struct edoc_item *it = &d->items[i];
		struct rec ir;

		rec_init(&ir, edoc_item_fields(), it->lines, it->line);
		(void)snprintf(ir.prefix, sizeof(ir.prefix), "/%s/Items/Item[%zu]", root, i + 1);
		if (first[i] != i)
			rerr(x, &ir, EDOC_I_SEQUENCE, EDOC_SEV_ERROR, EDOC_E_DUPLICATE,
			     "El número de ítem %lld está repetido (también en el ítem de la posición "
			     "%zu): cada ítem debe tener su propio número.", it->sequence,
			     first[i] + 1);
		check_hs(x, &ir, EDOC_I_SUBPARTIDA, it->subpartida);
		check_code(x, &ir, EDOC_I_UNIT, "unit", it->unit);
		check_code(x, &ir, EDOC_I_PACKAGE_TYPE, "package", it->package_type);
		check_code(x, &ir, EDOC_I_ORIGIN, "country", it->origin_country);
		check_net(x, &ir, EDOC_I_NET, it->net_milli, it->gross_milli);
		ok_fob = ok_fob && add_to(&fob, it->fob_cents);
		ok_pk = ok_pk && add_to(&pk, it->packages);
		ok_gross = ok_gross && add_to(&gross, it->gross_milli);
		ok_net = ok_net && add_to(&net, it->net_milli);
	}
	check_total(x, dr, EDOC_D_FOB, d->fob_cents, fob, ok_fob, U_CENTS, "los ítems");
	check_total(x, dr, EDOC_D_TOTAL_PACKAGES, d->total_packages, pk, ok_pk, U_COUNT, "los ítems");
	check_total(x, dr, EDOC_D_TOTAL_GROSS, d->total_gross_milli, gross, ok_gross, U_MILLI,
		    "los ítems");
	check_total(x, dr, EDOC_D_TOTAL_NET, d->total_net_milli, net, ok_net, U_MILLI, "los ítems");
	check_net(x, dr, EDOC_D_TOTAL_NET, d->total_net_milli, d->total_gross_milli);
}

static void check_manifest(struct rctx *x, const struct rec *dr)
{
	const struct edoc_doc *d = x->d;
	long long pk = 0, gross = 0;
	bool ok_pk = true, ok_gross = true;
	struct key_ix *keys;
	size_t *first;

	check_code(x, dr, EDOC_D_DISTRICT, "district", d->customs_district);
	check_code(x, dr, EDOC_D_MODE, "transport", d->transport_mode);
	check_ports(x, dr, EDOC_D_LOADING_PORT, EDOC_D_DISCHARGE_PORT, d->loading_port,
		    d->discharge_port, 'A');
	check_date(x, dr, EDOC_D_ARRIVAL_DATE, d->arrival_date, d->arrival_day, true);

	keys = arena_alloc(x->a, (d->ntdocs + 1) * sizeof(*keys));
	first = arena_alloc(x->a, (d->ntdocs + 1) * sizeof(*first));
	if (keys == NULL || first == NULL) {
		x->nomem = 1;
		return;
	}
	for (size_t i = 0; i < d->ntdocs; i++)
		keys[i] = (struct key_ix){ d->tdocs[i].number != NULL ? d->tdocs[i].number : "", 0, i };
	find_dups(keys, d->ntdocs, first);

	for (size_t i = 0; i < d->ntdocs; i++) {
		const struct edoc_tdoc *t = &d->tdocs[i];
		struct rec tr;

		rec_init(&tr, edoc_tdoc_fields(EDOC_MANIFIESTO), t->lines, t->line);
		(void)snprintf(tr.prefix, sizeof(tr.prefix),
			       "/%s/TransportDocuments/TransportDocument[%zu]", edoc_type_root(d->type),
			       i + 1);
		if (first[i] != i)
			rerr(x, &tr, EDOC_T_NUMBER, EDOC_SEV_ERROR, EDOC_E_DUPLICATE,
			     "El documento de transporte %s está repetido en el manifiesto (también "
			     "en la posición %zu): declárelo una sola vez.", t->number, first[i] + 1);
		check_tdoc(x, &tr, t, false);
		ok_pk = ok_pk && add_to(&pk, t->packages);
		ok_gross = ok_gross && add_to(&gross, t->gross_milli);
	}
	check_total(x, dr, EDOC_D_TOTAL_PACKAGES, d->total_packages, pk, ok_pk, U_COUNT,
		    "los documentos de transporte");
	check_total(x, dr, EDOC_D_TOTAL_GROSS, d->total_gross_milli, gross, ok_gross, U_MILLI,
		    "los documentos de transporte");
}

int edoc_check_rules(const struct edoc_doc *d, const struct edoc_lookup *lk, struct arena *a,
		     struct edoc_errors *errs)
{
	static const struct edoc_lookup none = { NULL, NULL, 0 };
	struct rctx x;
	struct rec dr;
	size_t before = errs->errors;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.lk = lk != NULL ? lk : &none;
	x.a = a;
	x.errs = errs;
	x.dated = x.lk->now > 0;
	x.today = floor_div(x.lk->now + EDOC_UTC_OFFSET_S, SECONDS_PER_DAY);
	if (d->type == EDOC_NONE || edoc_doc_fields(d->type) == NULL)
		return EDOC_INVALID;
	rec_init(&dr, edoc_doc_fields(d->type), d->lines, 0);
	(void)snprintf(dr.prefix, sizeof(dr.prefix), "/%s", edoc_type_root(d->type));

	check_ruc(&x, &dr, EDOC_D_DECLARANT_RUC, d->declarant_ruc, "del declarante");
	switch (d->type) {
	case EDOC_DAI:
	case EDOC_DAE:
		check_declaration(&x, &dr);
		break;
	case EDOC_MANIFIESTO:
		check_manifest(&x, &dr);
		break;
	case EDOC_DOCTRANSPORTE: {
		struct rec tr;

		rec_init(&tr, edoc_tdoc_fields(EDOC_DOCTRANSPORTE), d->tdoc.lines, d->tdoc.line);
		(void)snprintf(tr.prefix, sizeof(tr.prefix), "/%s", edoc_type_root(d->type));
		check_tdoc(&x, &tr, &d->tdoc, true);
		break;
	}
	default:
		break;
	}
	if (x.nomem)
		return EDOC_ERR_NOMEM;
	return errs->errors > before ? EDOC_INVALID : EDOC_OK;
}
