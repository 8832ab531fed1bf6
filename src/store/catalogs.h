/*
 * catalogs.h — the code lists (catálogos): HS 2022, UN/LOCODE, countries,
 * currencies, units, package types, transport modes, Incoterms.
 *
 * Each list is a row of `catalog` (its names, origin and licence, how many
 * entries and when they were imported) and its entries in `catalog_entry`,
 * keyed by (catalog, code).  Names are searched without regard to case or
 * accents (core/fold.h), like the mailbox.
 */
#ifndef ADUANA_STORE_CATALOGS_H
#define ADUANA_STORE_CATALOGS_H

#include <stddef.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/store.h"

struct catalog_rec {
	const char *code, *name, *name_en, *origin, *licence;   /* arena */
	long long entries;
	long long imported_at;  /* 0: never imported (the lists a migration carries) */
};

struct catalog_entry {
	const char *code;
	const char *name;       /* Spanish where the source has it, else as published */
	const char *name_en;    /* "" when the source has only one name */
	const char *parent;     /* HS: the chapter or heading above; LOCODE: subdivision */
	const char *extra;      /* HS: the section; LOCODE: the functions; unit: symbol... */
	int level;              /* HS: 2, 4 or 6 digits; 0 elsewhere */
};

/* Every list, in their order. */
int store_catalogs(struct db_conn *c, struct arena *a, struct catalog_rec **out, size_t *n);
int store_catalog_get(struct db_conn *c, const char *code, struct arena *a, struct catalog_rec *out);
/* Removes a list's entries (before an import). */
int store_catalog_clear(struct db_conn *c, const char *catalog);
/* Adds one entry.  STORE_EXISTS when the code is already in the list. */
int store_catalog_add(struct db_conn *c, const char *catalog, const struct catalog_entry *e);
/* Records an import: the count of entries and the time. */
int store_catalog_imported(struct db_conn *c, const char *catalog, long long now);
/* STORE_OK when code is in the list, STORE_NOT_FOUND otherwise. */
int store_catalog_has(struct db_conn *c, const char *catalog, const char *code);
/* The names of code in a list (*name Spanish or as published, *name_en ""
 * when the list has one name); STORE_NOT_FOUND when it is not in it. */
int store_catalog_name(struct db_conn *c, const char *catalog, const char *code, struct arena *a,
		       const char **name, const char **name_en);
/* Up to limit entries of a list, by code, after the code `after` (NULL or
 * "": from the first), whose code starts with q or whose names contain q
 * (NULL or "": all).  *total gets how many match in all. */
int store_catalog_search(struct db_conn *c, const char *catalog, const char *q, const char *after,
			 size_t limit, struct arena *a, struct catalog_entry **out, size_t *n,
			 long long *total);

#endif
