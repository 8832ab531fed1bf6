/*
 * catalogs.c — see catalogs.h.
 *
 * A list is imported in one transaction: clear its entries, add every row,
 * record the count and the time.  A file is read whole (at most
 * LIMIT_CATALOG_FILE_BYTES) and parsed by core/csv.c or jansson; columns
 * are found by their header names, so a reordered file still imports.
 */
#include "service/catalogs.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/csv.h"
#include "core/limits.h"
#include "core/mo.h"
#include "core/str.h"
#include "service/tx.h"
#include "store/catalogs.h"

const char *const catalog_importable[] = { "hs", "locode", "country", "currency", "unit", "package", NULL };

struct job {
	struct db_conn *c;
	const char *catalog;
	catalog_progress_fn *progress;
	void *arg;
	struct catalog_result *out;
	char *err;
	size_t errsz;
	struct arena a;           /* per-row scratch, reset every row */
};

static int fail(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->err, j->errsz, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads path whole into a malloc'ed, NUL-terminated buffer. */
static char *slurp(struct job *j, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL) {
		fail(j, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;
		if (n + 65536 + 1 > cap) {
			char *nb;
			if (cap >= LIMIT_CATALOG_FILE_BYTES + 1) {
				fail(j, "%s: larger than %zu bytes", path, LIMIT_CATALOG_FILE_BYTES);
				goto bad;
			}
			cap = cap ? cap * 2 : 131072;
			if (cap > LIMIT_CATALOG_FILE_BYTES + 1)
				cap = LIMIT_CATALOG_FILE_BYTES + 1;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				fail(j, "%s: out of memory", path);
				goto bad;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fail(j, "%s: %s", path, strerror(errno));
		goto bad;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
bad:
	fclose(f);
	free(buf);
	return NULL;
}

static void tell(struct job *j, size_t done, size_t total)
{
	if (j->progress)
		j->progress(j->arg, j->catalog, done, total);
}

/* Adds one entry; a code given twice is an error of the source. */
static int add(struct job *j, const struct catalog_entry *e, const char *where, unsigned long line)
{
	int rc = store_catalog_add(j->c, j->catalog, e);

	if (rc == STORE_EXISTS)
		return fail(j, "%s:%lu: the code %s appears twice", where, line, e->code);
	if (rc != STORE_OK)
		return fail(j, "the store refused an entry of %s (error %d)", j->catalog, rc);
	j->out->entries++;
	return 0;
}

/* ---- CSV lists ------------------------------------------------------------ */

/* A row of a CSV list to an entry: 1 add it, 0 skip it, -1 bad (j->err set). */
typedef int csv_row_fn(struct job *j, const int *col, const struct str *f, int nf,
		       struct catalog_entry *e, const char *where, unsigned long line);

struct csv_list {
	const char *file;
	const char *const *columns;   /* header names, NULL-terminated */
	csv_row_fn *row;
};

/* Column k of the record, without the blanks some sources leave around
 * their names. */
static const char *field(struct job *j, const int *col, const struct str *f, int nf, int k)
{
	struct str v;

	if (col[k] < 0 || col[k] >= nf)
		return "";
	v = str_trim(f[col[k]]);
	return arena_strndup(&j->a, v.p, v.n);
}

static bool digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum { HS_SECTION, HS_CODE, HS_DESC, HS_PARENT, HS_LEVEL };
static const char *const hs_columns[] = { "section", "hscode", "description", "parent", "level", NULL };

static int hs_row(struct job *j, const int *col, const struct str *f, int nf, struct catalog_entry *e,
		  const char *where, unsigned long line)
{
	const char *code = field(j, col, f, nf, HS_CODE), *level = field(j, col, f, nf, HS_LEVEL);
	long long lv;

	if (strcmp(code, "TOTAL") == 0 || strcmp(field(j, col, f, nf, HS_SECTION), "TOTAL") == 0)
		return 0;   /* the source's synthetic root, and its chapter 99 "not specified according
		               to kind" (statistics, not a classification a declaration may use) */
	if (str_to_ll(str_from(level), 2, 6, &lv) != 0 || lv % 2 != 0 || !digits(code, (size_t)lv))
		return fail(j, "%s:%lu: %s is not an HS code of %s digits", where, line, code, level);
	e->code = code;
	e->name = field(j, col, f, nf, HS_DESC);
	e->name_en = e->name;
	e->parent = field(j, col, f, nf, HS_PARENT);
	if (strcmp(e->parent, "TOTAL") == 0)
		e->parent = "";
	e->extra = field(j, col, f, nf, HS_SECTION);
	e->level = (int)lv;
	return 1;
}

enum { LO_CH, LO_CODE, LO_NAME, LO_PLAIN, LO_SUBDIV, LO_FUNCTION };
static const char *const locode_columns[] = { "Ch", "LOCODE", "Name", "NameWoDiacritics", "SubDiv", "Function", NULL };

static int locode_row(struct job *j, const int *col, const struct str *f, int nf, struct catalog_entry *e,
		      const char *where, unsigned long line)
{
	const char *raw = field(j, col, f, nf, LO_CODE);
	char *code = arena_alloc(&j->a, 6);
	size_t k = 0;

	const char *ch = field(j, col, f, nf, LO_CH);

	/* Marked for deletion (X), a reference to another entry's name (=, with
	 * no place code of its own), or a country's heading row. */
	if (strcmp(ch, "X") == 0 || strcmp(ch, "=") == 0 || raw[0] == '\0')
		return 0;
	for (const char *p = raw; *p && k < 6; p++)
		if (*p != ' ')
			code[k++] = *p;
	if (k != 5)
		return fail(j, "%s:%lu: %s is not a UN/LOCODE (2 letters of country and 3 of place)",
			    where, line, raw);
	code[5] = '\0';
	e->code = code;
	e->name = field(j, col, f, nf, LO_NAME);
	e->name_en = field(j, col, f, nf, LO_PLAIN);
	e->parent = field(j, col, f, nf, LO_SUBDIV);
	e->extra = field(j, col, f, nf, LO_FUNCTION);
	return e->name[0] ? 1 : fail(j, "%s:%lu: %s has no name", where, line, code);
}

enum { U_STATUS, U_CODE, U_NAME, U_SYMBOL };
static const char *const unit_columns[] = { "Status", "CommonCode", "Name", "Symbol", NULL };

static int unit_row(struct job *j, const int *col, const struct str *f, int nf, struct catalog_entry *e,
		    const char *where, unsigned long line)
{
	if (strcmp(field(j, col, f, nf, U_STATUS), "X") == 0)
		return 0;   /* deleted from the recommendation */
	e->code = field(j, col, f, nf, U_CODE);
	e->name = field(j, col, f, nf, U_NAME);
	e->name_en = e->name;
	e->extra = field(j, col, f, nf, U_SYMBOL);
	if (e->code[0] == '\0' || e->name[0] == '\0')
		return fail(j, "%s:%lu: a unit without a code or a name", where, line);
	return 1;
}

enum { P_CODE, P_NAME };
static const char *const package_columns[] = { "Code", "Name", NULL };

static int package_row(struct job *j, const int *col, const struct str *f, int nf, struct catalog_entry *e,
		       const char *where, unsigned long line)
{
	e->code = field(j, col, f, nf, P_CODE);
	e->name = field(j, col, f, nf, P_NAME);
	e->name_en = e->name;
	if (e->code[0] == '\0' || e->name[0] == '\0')
		return fail(j, "%s:%lu: a package type without a code or a name", where, line);
	return 1;
}

static int import_csv(struct job *j, const struct catalog_sources *src, const struct csv_list *l)
{
	char path[1024];
	struct str f[LIMIT_CSV_FIELDS];
	int col[16], nf, rc = -1;
	size_t len, ncols = 0, lines = 0;
	struct csv r;
	char *data;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", src->data_dir, l->file) >= sizeof(path))
		return fail(j, "the data directory's name is too long");
	data = slurp(j, path, &len);
	if (data == NULL)
		return -1;
	for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data))) != NULL; p++)
		lines++;
	csv_init(&r, data, len);
	nf = csv_next(&r, f, LIMIT_CSV_FIELDS);
	if (nf <= 0) {
		fail(j, "%s: no header line", path);
		goto out;
	}
	for (; l->columns[ncols]; ncols++) {
		col[ncols] = -1;
		for (int i = 0; i < nf; i++)
			if (str_eq_cstr(str_trim(f[i]), l->columns[ncols]))
				col[ncols] = i;
		if (col[ncols] < 0) {
			fail(j, "%s: no column %s in the header", path, l->columns[ncols]);
			goto out;
		}
	}
	tell(j, 0, lines);
	for (;;) {
		struct catalog_entry e;
		unsigned long line;
		int keep;

		nf = csv_next(&r, f, LIMIT_CSV_FIELDS);
		line = csv_line(&r);
		if (nf == 0)
			break;
		if (nf < 0) {
			fail(j, "%s:%lu: not a well-formed CSV record (error %d)", path, line, nf);
			goto out;
		}
		memset(&e, 0, sizeof(e));
		arena_free(&j->a);
		arena_init(&j->a, 4 * LIMIT_CSV_FIELD_BYTES);
		keep = l->row(j, col, f, nf, &e, path, line);
		if (keep < 0)
			goto out;
		if (keep == 0) {
			j->out->skipped++;
			continue;
		}
		if (add(j, &e, path, line) != 0)
			goto out;
		if (j->out->entries % 500 == 0)
			tell(j, line, lines);
	}
	tell(j, lines, lines);
	rc = 0;
out:
	csv_free(&r);
	free(data);
	return rc;
}

/* ---- iso-codes lists ---------------------------------------------------- */

struct iso_list {
	const char *json;       /* file in iso_dir */
	const char *key;        /* the array's key in it */
	const char *domain;     /* the gettext domain of the Spanish names */
	const char *code;       /* the member holding the code */
	const char *extra;      /* a member kept as extra, or NULL */
};

static int import_iso(struct job *j, const struct catalog_sources *src, const struct iso_list *l)
{
	char path[1024], mopath[1024];
	json_error_t jerr;
	json_t *root = NULL, *arr;
	char *data = NULL, *mo_data = NULL;
	size_t len, mo_len = 0, total;
	struct mo mo;
	bool have_mo = false;
	int rc = -1;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", src->iso_dir, l->json) >= sizeof(path) ||
	    (size_t)snprintf(mopath, sizeof(mopath), "%s/es/LC_MESSAGES/%s.mo", src->locale_dir, l->domain) >=
		    sizeof(mopath))
		return fail(j, "the iso-codes directory's name is too long");
	data = slurp(j, path, &len);
	if (data == NULL)
		return -1;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		fail(j, "%s:%d: %s", path, jerr.line, jerr.text);
		goto out;
	}
	arr = json_object_get(root, l->key);
	if (!json_is_array(arr)) {
		fail(j, "%s: no \"%s\" list", path, l->key);
		goto out;
	}
	/* Spanish names: from the translations when installed, else English
	 * (the import goes on; the reason stays in err as a warning). */
	mo_data = slurp(j, mopath, &mo_len);
	have_mo = mo_data && mo_open(&mo, mo_data, mo_len) == 0;
	if (mo_data && !have_mo)
		fail(j, "%s: not a gettext catalogue; names stay in English", mopath);
	total = json_array_size(arr);
	tell(j, 0, total);
	for (size_t i = 0; i < total; i++) {
		json_t *o = json_array_get(arr, i);
		const char *code = json_string_value(json_object_get(o, l->code));
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *extra = l->extra ? json_string_value(json_object_get(o, l->extra)) : NULL;
		const char *es = NULL;
		struct catalog_entry e;
		size_t eslen;

		if (code == NULL || name == NULL || code[0] == '\0') {
			fail(j, "%s: entry %zu has no %s or no name", path, i + 1, l->code);
			goto out;
		}
		if (have_mo)
			es = mo_lookup(&mo, name, &eslen);
		memset(&e, 0, sizeof(e));
		e.code = code;
		e.name = es && es[0] ? es : name;
		e.name_en = name;
		e.extra = extra ? extra : "";
		if (add(j, &e, path, (unsigned long)(i + 1)) != 0)
			goto out;
		if ((i + 1) % 50 == 0)
			tell(j, i + 1, total);
	}
	tell(j, total, total);
	rc = 0;
out:
	json_decref(root);
	free(mo_data);
	free(data);
	return rc;
}

/* ---- the lists ------------------------------------------------------------- */

static const struct csv_list csv_lists[] = {
	{ "hs2022.csv", hs_columns, hs_row },
	{ "unlocode_ec_2014.csv", locode_columns, locode_row },
	{ "rec20_units.csv", unit_columns, unit_row },
	{ "rec21_package_types.csv", package_columns, package_row },
};
static const char *const csv_codes[] = { "hs", "locode", "unit", "package" };

static const struct iso_list iso_lists[] = {
	{ "iso_3166-1.json", "3166-1", "iso_3166-1", "alpha_2", "alpha_3" },
	{ "iso_4217.json", "4217", "iso_4217", "alpha_3", "numeric" },
};
static const char *const iso_codes[] = { "country", "currency" };

int catalog_import(struct db_conn *c, const struct catalog_sources *src, const char *catalog,
		   long long now, catalog_progress_fn *progress, void *arg,
		   struct catalog_result *out, char *err, size_t errsz)
{
	struct job j = { c, catalog, progress, arg, out, err, errsz, { 0 } };
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->catalog = catalog;
	err[0] = '\0';
	arena_init(&j.a, 1024);
	if (db_begin(c) != DB_OK) {
		fail(&j, "the store is busy or unavailable");
		goto out;
	}
	if (store_catalog_clear(c, catalog) != STORE_OK) {
		fail(&j, "the entries of %s could not be cleared", catalog);
		db_rollback(c);
		goto out;
	}
	{
		bool known = false;
		for (size_t i = 0; i < sizeof(csv_codes) / sizeof(csv_codes[0]) && !known; i++)
			if (strcmp(catalog, csv_codes[i]) == 0) {
				known = true;
				rc = import_csv(&j, src, &csv_lists[i]);
			}
		for (size_t i = 0; i < sizeof(iso_codes) / sizeof(iso_codes[0]) && !known; i++)
			if (strcmp(catalog, iso_codes[i]) == 0) {
				known = true;
				rc = import_iso(&j, src, &iso_lists[i]);
			}
		if (!known)
			fail(&j, "%s is not a list that is imported from files", catalog);
	}
	if (rc == 0 && store_catalog_imported(c, catalog, now) != STORE_OK) {
		fail(&j, "the import of %s could not be recorded", catalog);
		rc = -1;
	}
	if (tx_end(c, rc == 0 ? STORE_OK : DB_ERR) != STORE_OK && rc == 0) {
		fail(&j, "the import of %s could not be committed", catalog);
		rc = -1;
	}
out:
	arena_free(&j.a);
	return rc;
}
