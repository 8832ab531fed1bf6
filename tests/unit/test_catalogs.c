/*
 * test_catalogs.c — the code lists: the store (src/store/catalogs.c) and
 * their import (src/service/catalogs.c), on SQLite and, with ADUANA_TEST_PG
 * set, on PostgreSQL (db_fixture.h).
 *
 * Imports run on small files written by the test into a temporary data
 * directory (and the real data/ when the tests run from the repository):
 * counts, skipped rows, Spanish names, search without accents, paging by
 * code, and a bad file that leaves the list as it was.
 */
#include <criterion/criterion.h>
#ifndef TestSuite
#define TestSuite(...)
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/limits.h"
#include "core/log.h"
#include "db/db.h"
#include "service/catalogs.h"
#include "store/catalogs.h"
#include "db_fixture.h"

static struct db *db;
static struct db_conn *conn;
static struct arena A;
static char dir[64];

static void setup(void)
{
	log_set_level(LOG_WARN);
	db = fixture_open(1);
	conn = db_acquire(db);
	arena_init(&A, LIMIT_ARENA_BYTES);
	snprintf(dir, sizeof(dir), "/tmp/aduana-test-cat-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void rm_dir(void)
{
	static const char *const files[] = { "hs2022.csv", "unlocode_ec_2014.csv", "rec20_units.csv",
					     "rec21_package_types.csv", NULL };
	char p[128];

	for (size_t i = 0; files[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void teardown(void)
{
	rm_dir();
	arena_free(&A);
	db_release(db, conn);
	fixture_close(db);
}

TestSuite(catalogs, .init = setup, .fini = teardown, .timeout = 60);

static void write_file(const char *name, const char *text)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
}

static struct catalog_sources sources(const char *data)
{
	struct catalog_sources s = { data, "/usr/share/iso-codes/json", "/usr/share/locale" };
	return s;
}

static long long entries(const char *list)
{
	struct catalog_rec r;

	cr_assert_eq(store_catalog_get(conn, list, &A, &r), STORE_OK, "%s", list);
	return r.entries;
}

static const char HS[] =
	"section,hscode,description,parent,level\n"
	"I,01,Animals; live,TOTAL,2\n"
	"I,0101,\"Horses, asses, mules and hinnies; live\",01,4\n"
	"I,010121,\"Horses; live, pure-bred breeding animals\",0101,6\n"
	"I,010129,\"Horses; live, other than pure-bred breeding animals\",0101,6\n"
	"XXI,TOTAL,Total of all HS commodities,,5\n";

Test(catalogs, hs_import_counts_and_drops_the_synthetic_total)
{
	struct catalog_sources src = sources(dir);
	struct catalog_result res;
	struct catalog_entry *e;
	char err[256];
	long long total;
	size_t n;

	write_file("hs2022.csv", HS);
	cr_assert_eq(catalog_import(conn, &src, "hs", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(res.entries, 4);
	cr_assert_eq(res.skipped, 1, "the TOTAL row");
	cr_assert_eq(entries("hs"), 4);
	cr_assert_eq(store_catalog_has(conn, "hs", "010121"), STORE_OK);
	cr_assert_eq(store_catalog_has(conn, "hs", "TOTAL"), STORE_NOT_FOUND);
	cr_assert_eq(store_catalog_search(conn, "hs", "0101", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 3, "the code's beginning: 0101, 010121, 010129");
	cr_assert_str_eq(e[0].code, "0101");
	cr_assert_str_eq(e[0].parent, "01");
	cr_assert_eq(e[0].level, 4);
	cr_assert_str_eq(e[0].extra, "I");
	cr_assert_eq(store_catalog_search(conn, "hs", "PURE-BRED", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 2, "any case, in the name: 010121 and 010129 (\"other than pure-bred\")");
}

Test(catalogs, a_bad_line_names_file_and_line_and_leaves_the_list_as_it_was)
{
	struct catalog_sources src = sources(dir);
	struct catalog_result res;
	char err[256];

	write_file("hs2022.csv", HS);
	cr_assert_eq(catalog_import(conn, &src, "hs", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	write_file("hs2022.csv",
		   "section,hscode,description,parent,level\n"
		   "I,02,Meat,TOTAL,2\n"
		   "I,02X1,Not a code,02,4\n");
	cr_assert_eq(catalog_import(conn, &src, "hs", 2000, NULL, NULL, &res, err, sizeof(err)), -1);
	cr_assert(strstr(err, "hs2022.csv:3:") != NULL, "err: %s", err);
	cr_assert_eq(entries("hs"), 4, "the earlier import stands");
	cr_assert_eq(store_catalog_has(conn, "hs", "02"), STORE_NOT_FOUND, "nothing of the failed one");
	cr_assert(!db_in_transaction(conn));
	/* A code twice, a missing column, a missing file. */
	write_file("hs2022.csv", "section,hscode,description,parent,level\nI,01,A,TOTAL,2\nI,01,B,TOTAL,2\n");
	cr_assert_eq(catalog_import(conn, &src, "hs", 2000, NULL, NULL, &res, err, sizeof(err)), -1);
	cr_assert(strstr(err, "appears twice") != NULL, "err: %s", err);
	write_file("hs2022.csv", "section,code,description,parent,level\n");
	cr_assert_eq(catalog_import(conn, &src, "hs", 2000, NULL, NULL, &res, err, sizeof(err)), -1);
	cr_assert(strstr(err, "no column hscode") != NULL, "err: %s", err);
	cr_assert_eq(catalog_import(conn, &src, "locode", 2000, NULL, NULL, &res, err, sizeof(err)), -1);
	cr_assert(strstr(err, "unlocode_ec_2014.csv") != NULL, "err: %s", err);
	cr_assert_eq(entries("hs"), 4);
}

Test(catalogs, locode_skips_deleted_and_reference_rows)
{
	struct catalog_sources src = sources(dir);
	struct catalog_result res;
	struct catalog_entry *e;
	char err[256];
	long long total;
	size_t n;

	write_file("unlocode_ec_2014.csv",
		   "ISO 3166-1,Country Name,Ch,LOCODE,Name,NameWoDiacritics,SubDiv,Function,Status,Date,IATA,Coordinates,Remarks\n"
		   "EC,Ecuador,,EC GYE,Guayaquil,Guayaquil,G,1234----,AI,0207,,0216S 07953W,\n"
		   "EC,Ecuador,,EC BHA,Bahía de Caráquez,Bahia de Caraquez,M,1--4----,AI,212,,0033S 08030W,\n"
		   "EC,Ecuador,=,EC,Empalme = Velasco Ibarra,Empalme = Velasco Ibarra,,,,,,,\n"
		   "EC,Ecuador,X,EC OLD,Viejo,Viejo,,1-------,RL,9501,,,\n");
	cr_assert_eq(catalog_import(conn, &src, "locode", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(res.entries, 2);
	cr_assert_eq(res.skipped, 2);
	cr_assert_eq(store_catalog_has(conn, "locode", "ECGYE"), STORE_OK, "five characters, no space");
	cr_assert_eq(store_catalog_search(conn, "locode", "caraquez", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 1, "found without the accents");
	cr_assert_str_eq(e[0].name, "Bahía de Caráquez");
	cr_assert_str_eq(e[0].extra, "1--4----");
}

Test(catalogs, units_skip_deleted_codes_and_keep_the_symbol)
{
	struct catalog_sources src = sources(dir);
	struct catalog_result res;
	struct catalog_entry *e;
	char err[256];
	long long total;
	size_t n;

	write_file("rec20_units.csv",
		   "Status,CommonCode,Name,Description,LevelAndCategory,Symbol,ConversionFactor\n"
		   "X,05,lift,,3.9,,\n"
		   ",KGM,kilogram,\"A unit of mass equal to one thousand grams.\",1,kg,10⁻³ kg\n"
		   ",MTR,metre,,1,m,\n");
	cr_assert_eq(catalog_import(conn, &src, "unit", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(res.entries, 2);
	cr_assert_eq(store_catalog_has(conn, "unit", "05"), STORE_NOT_FOUND);
	cr_assert_eq(store_catalog_search(conn, "unit", "kgm", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 1, "a code's beginning in any case");
	cr_assert_str_eq(e[0].extra, "kg");
}

Test(catalogs, paging_by_code_walks_every_entry_once)
{
	struct catalog_entry *e, x = { 0 };
	char code[8], name[32];
	long long total;
	size_t n, seen = 0;
	const char *after = NULL;

	cr_assert_eq(db_begin(conn), DB_OK);
	for (int i = 0; i < 123; i++) {
		snprintf(code, sizeof(code), "P%03d", i);
		snprintf(name, sizeof(name), "Embalaje número %d", i);
		x.code = code;
		x.name = name;
		cr_assert_eq(store_catalog_add(conn, "package", &x), STORE_OK);
	}
	cr_assert_eq(store_catalog_add(conn, "package", &x), STORE_EXISTS, "a code twice");
	cr_assert_eq(db_rollback(conn), DB_OK);
	cr_assert_eq(db_begin(conn), DB_OK);
	for (int i = 0; i < 123; i++) {
		snprintf(code, sizeof(code), "P%03d", i);
		snprintf(name, sizeof(name), "Embalaje número %d", i);
		x.code = code;
		x.name = name;
		cr_assert_eq(store_catalog_add(conn, "package", &x), STORE_OK);
	}
	cr_assert_eq(store_catalog_imported(conn, "package", 1234), STORE_OK);
	cr_assert_eq(db_commit(conn), DB_OK);
	cr_assert_eq(entries("package"), 123);
	do {
		cr_assert_eq(store_catalog_search(conn, "package", "NUMERO", after, 50, &A, &e, &n, &total), STORE_OK);
		cr_assert_eq(total, 123);
		for (size_t i = 0; i < n; i++) {
			snprintf(code, sizeof(code), "P%03zu", seen + i);
			cr_assert_str_eq(e[i].code, code);
		}
		seen += n;
		after = n ? e[n - 1].code : after;
	} while (n == 50);
	cr_assert_eq(seen, 123);
}

Test(catalogs, wildcards_in_a_search_are_literal)
{
	struct catalog_entry *e, x = { 0 };
	long long total;
	size_t n;

	x.code = "A1";
	x.name = "Caja 100% cartón";
	cr_assert_eq(store_catalog_add(conn, "package", &x), STORE_OK);
	x.code = "A2";
	x.name = "Caja 1000 cartón";
	cr_assert_eq(store_catalog_add(conn, "package", &x), STORE_OK);
	cr_assert_eq(store_catalog_search(conn, "package", "100%", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 1);
	cr_assert_eq(store_catalog_search(conn, "package", "_", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 0);
}

Test(catalogs, countries_and_currencies_with_spanish_names)
{
	struct catalog_sources src = sources(dir);
	struct catalog_result res;
	struct catalog_entry *e;
	char err[256];
	long long total;
	size_t n;

	if (access("/usr/share/iso-codes/json/iso_3166-1.json", R_OK) != 0)
		cr_skip_test("Debian's iso-codes is not installed");
	cr_assert_eq(catalog_import(conn, &src, "country", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_geq(res.entries, 240);
	cr_assert_eq(store_catalog_search(conn, "country", "alemania", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 1);
	cr_assert_str_eq(e[0].code, "DE");
	cr_assert_str_eq(e[0].name_en, "Germany");
	cr_assert_str_eq(e[0].extra, "DEU");
	cr_assert_eq(store_catalog_search(conn, "country", "germany", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 1, "the English name finds it too");
	cr_assert_eq(catalog_import(conn, &src, "currency", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_catalog_search(conn, "currency", "USD", NULL, 10, &A, &e, &n, &total), STORE_OK);
	cr_assert_eq(total, 1);
	cr_assert_str_eq(e[0].name, "Dólar estadounidense");
	cr_assert_str_eq(e[0].extra, "840");
}

Test(catalogs, the_real_files_import_on_both_engines)
{
	struct catalog_sources src = sources("data");
	struct catalog_result res;
	char err[256];

	if (access("data/hs2022.csv", R_OK) != 0)
		cr_skip_test("run from the repository root (make unit does)");
	cr_assert_eq(catalog_import(conn, &src, "hs", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(res.entries, 96 + 1228 + 5612, "chapters, headings, subheadings; not 99 'not specified'");
	cr_assert_eq(store_catalog_has(conn, "hs", "999999"), STORE_NOT_FOUND);
	cr_assert_eq(store_catalog_has(conn, "hs", "847130"), STORE_OK);
	cr_assert_eq(catalog_import(conn, &src, "locode", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_catalog_has(conn, "locode", "ECGYE"), STORE_OK);
	cr_assert_eq(catalog_import(conn, &src, "package", 1000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(res.entries, 378);
	cr_assert_eq(store_catalog_has(conn, "transport", "1"), STORE_OK, "carried by migration 005");
	cr_assert_eq(store_catalog_has(conn, "incoterm", "FOB"), STORE_OK);
	/* Importing again replaces, it does not add. */
	cr_assert_eq(catalog_import(conn, &src, "package", 2000, NULL, NULL, &res, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(entries("package"), 378);
}
