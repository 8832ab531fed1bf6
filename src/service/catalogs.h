/*
 * catalogs.h — loading the code lists into the store (`aduana catalog
 * import`).
 *
 * Each list is read whole from its file, parsed as untrusted input (a bad
 * line names the file and the line), and replaces the list's entries in one
 * transaction: a failure leaves the list as it was.  The lists and their
 * files:
 *   hs        DATA/hs2022.csv            (HS 2022; the synthetic TOTAL row is dropped)
 *   locode    DATA/unlocode_ec_2014.csv  (rows marked for deletion are skipped)
 *   unit      DATA/rec20_units.csv       (codes marked deleted, X, are skipped)
 *   package   DATA/rec21_package_types.csv
 *   country   ISO/iso_3166-1.json + LOCALE/es/LC_MESSAGES/iso_3166-1.mo (Spanish names)
 *   currency  ISO/iso_4217.json   + LOCALE/es/LC_MESSAGES/iso_4217.mo
 * (transport modes and Incoterms come with migration 005).
 */
#ifndef ADUANA_SERVICE_CATALOGS_H
#define ADUANA_SERVICE_CATALOGS_H

#include <stddef.h>

#include "db/db.h"

struct catalog_sources {
	const char *data_dir;     /* the project's data/ */
	const char *iso_dir;      /* /usr/share/iso-codes/json */
	const char *locale_dir;   /* /usr/share/locale */
};

/* Told how far an import has gone: done of total bytes of the list's file
 * (called at the start, every few hundred entries, and at the end). */
typedef void catalog_progress_fn(void *arg, const char *catalog, size_t done, size_t total);

struct catalog_result {
	const char *catalog;
	long long entries;        /* imported */
	long long skipped;        /* rows the source marks deleted, or not codes at all */
};

/* Imports one list (catalog: one of the codes above).  0, or -1 with the
 * reason in err (the file and line for bad data); the list is unchanged on
 * failure.  On success err may still hold a warning (e.g. the Spanish
 * translations are not installed: names stay in English). */
int catalog_import(struct db_conn *c, const struct catalog_sources *src, const char *catalog,
		   long long now, catalog_progress_fn *progress, void *arg,
		   struct catalog_result *out, char *err, size_t errsz);

/* The lists catalog_import knows, in import order, NULL-terminated. */
extern const char *const catalog_importable[];

#endif
