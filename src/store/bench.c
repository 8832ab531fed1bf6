/*
 * bench.c — see bench.h.
 */
#include "store/bench.h"

#include "store/row.h"

/* The OCE code of index k: "7" and k in 7 digits. */
#define OCE_OF(k) "'7' || substr(CAST(10000000 + " k " AS TEXT), 2)"

int store_bench_oces(struct db_conn *c, long long m, const char *pw_hash, long long now,
		     long long *first_user)
{
	struct db_stmt *st;
	long long last = 0;
	int rc;

	st = db_prepare(c,
		"INSERT INTO oce (code, ruc, type_code)"
		" WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < CAST($1 AS BIGINT))"
		" SELECT " OCE_OF("i") ", CAST($2 AS TEXT),"
		" CASE i % 3 WHEN 0 THEN '04' WHEN 1 THEN '02' ELSE '01' END FROM k");
	if (st) {
		db_bind_int(st, 1, m);
		db_bind_text(st, 2, BENCH_RUC);
	}
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c,
		"INSERT INTO app_user (ruc, usuario, nombre, email, pw_hash, created_at, confirmed_at)"
		" WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < CAST($1 AS BIGINT))"
		" SELECT CAST($2 AS TEXT), 'bench' || CAST(i AS TEXT), 'Operador de prueba ' || CAST(i AS TEXT),"
		" 'bench' || CAST(i AS TEXT) || '@bench.example', CAST($3 AS TEXT), CAST($4 AS BIGINT),"
		" CAST($4 AS BIGINT) FROM k ORDER BY i");
	if (st) {
		db_bind_int(st, 1, m);
		db_bind_text(st, 2, BENCH_RUC);
		db_bind_text(st, 3, pw_hash);
		db_bind_int(st, 4, now);
	}
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c, "SELECT id FROM app_user WHERE ruc = $1 AND usuario = 'bench1'");
	if (st)
		db_bind_text(st, 1, BENCH_RUC);
	rc = row_int(st, first_user);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? DB_ERR : rc;
	st = db_prepare(c, "SELECT id FROM app_user WHERE ruc = $1 AND usuario = 'bench' || CAST(CAST($2 AS BIGINT) AS TEXT)");
	if (st) {
		db_bind_text(st, 1, BENCH_RUC);
		db_bind_int(st, 2, m);
	}
	rc = row_int(st, &last);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? DB_ERR : rc;
	if (last - *first_user != m - 1)
		return DB_ERR;   /* not consecutive: documents could not name their user */
	st = db_prepare(c,
		"INSERT INTO user_oce (user_id, oce_code)"
		" WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < CAST($1 AS BIGINT))"
		" SELECT CAST($2 AS BIGINT) + i, " OCE_OF("i") " FROM k");
	if (st) {
		db_bind_int(st, 1, m);
		db_bind_int(st, 2, *first_user);
	}
	return row_exec(st);
}

/* Document i: OCE k = i % m, type by the OCE's type, one in 20 refused,
 * states spread as customs would leave them, a date in [year_start, now). */
int store_bench_documents(struct db_conn *c, long long lo, long long hi, long long m, long long first_user,
			  long long year_start, long long now, int year)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document (numero, doc_type, oce_code, user_id, channel, transmission, state, district,"
		" xml, created_at, updated_at)"
		" WITH RECURSIVE p(lo, hi, m, u, y0, now, yr) AS (SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT),"
		"   CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($7 AS BIGINT)),"
		" k(i) AS (SELECT lo FROM p UNION ALL SELECT i + 1 FROM k, p WHERE i + 1 < hi),"
		" g(i, o, t, err, st, at) AS (SELECT i, i % m,"
		"   CASE (i % m) % 3 WHEN 0 THEN CASE WHEN i % 5 < 3 THEN 'DAI' ELSE 'DAE' END"
		"                     WHEN 1 THEN CASE WHEN i % 4 = 0 THEN 'MANIFIESTO' ELSE 'DOCTRANSPORTE' END"
		"                     ELSE 'DAI' END,"
		"   i % 20 = 7,"
		"   CASE WHEN (i * 31) % 100 < 30 THEN 'Registrado' WHEN (i * 31) % 100 < 65 THEN 'Aceptado'"
		"        WHEN (i * 31) % 100 < 85 THEN 'Aprobado' WHEN (i * 31) % 100 < 90 THEN 'Rechazado'"
		"        WHEN (i * 31) % 100 < 95 THEN 'Subsanación' WHEN (i * 31) % 100 < 98 THEN 'Negado'"
		"        ELSE 'Anulado' END,"
		"   y0 + (i * 7919) % (now - y0) FROM k, p)"
		" SELECT CASE WHEN err THEN NULL ELSE " OCE_OF("o") " || CAST(yr AS TEXT)"
		"          || substr(CAST(100000000 + i / m + 1 AS TEXT), 2) || 'P' END,"
		" t, " OCE_OF("o") ", u + o, CASE WHEN i % 10 = 3 THEN 'S' ELSE 'P' END,"
		" CASE WHEN err THEN 'Error' ELSE 'Recibido' END, CASE WHEN err THEN NULL ELSE st END,"
		" CASE WHEN t IN ('DAI', 'DAE') THEN '028' ELSE NULL END,"
		" '<?xml version=\"1.0\" encoding=\"UTF-8\"?><' ||"
		"   CASE t WHEN 'MANIFIESTO' THEN 'Manifiesto' WHEN 'DOCTRANSPORTE' THEN 'DocumentoTransporte'"
		"   ELSE t END || ' xmlns=\"urn:wco:datamodel:EC:' || t || ':1:0:0\"/>',"
		" at, at FROM g, p");
	long long before = 0;
	int rc = row_int(db_prepare(c, "SELECT COALESCE(max(id), 0) FROM document"), &before);

	if (rc != STORE_OK)
		return rc;
	if (st) {
		db_bind_int(st, 1, lo);
		db_bind_int(st, 2, hi);
		db_bind_int(st, 3, m);
		db_bind_int(st, 4, first_user);
		db_bind_int(st, 5, year_start);
		db_bind_int(st, 6, now);
		db_bind_int(st, 7, year);
	}
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	/* The first event of each, and the error of the refused ones. */
	st = db_prepare(c,
		"INSERT INTO document_event (document_id, at, user_id, from_state, to_state, reason, oce_code,"
		" search_fold)"
		" SELECT id, created_at, user_id, NULL, CASE WHEN transmission = 'Error' THEN 'Error' ELSE 'Registrado' END,"
		" '', oce_code, lower(COALESCE(numero, '') || ' ' || doc_type || ' ' ||"
		"   CASE WHEN transmission = 'Error' THEN 'error' ELSE 'registrado' END)"
		" FROM document WHERE id > CAST($1 AS BIGINT)");
	if (st)
		db_bind_int(st, 1, before);
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	st = db_prepare(c,
		"INSERT INTO document_error (document_id, n, path, field, line, message)"
		" SELECT id, 1, '/' || doc_type, '', 1, 'Documento de prueba rechazado (aduana bench-data).'"
		" FROM document WHERE transmission = 'Error' AND id > CAST($1 AS BIGINT)");
	if (st)
		db_bind_int(st, 1, before);
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	/* The day counters (document_day), as store_document_add keeps them. */
	st = db_prepare(c,
		"INSERT INTO document_day (oce_code, day, n)"
		" SELECT oce_code, (created_at - 18000) / 86400, count(*) FROM document WHERE id > CAST($1 AS BIGINT)"
		" GROUP BY oce_code, (created_at - 18000) / 86400"
		" ON CONFLICT (oce_code, day) DO UPDATE SET n = document_day.n + excluded.n");
	if (st)
		db_bind_int(st, 1, before);
	return row_exec(st);
}

int store_bench_events(struct db_conn *c, long long lo, long long hi)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO document_event (document_id, at, user_id, from_state, to_state, reason, oce_code,"
		" search_fold)"
		" SELECT id, created_at + 3600 * (1 + id % 48), NULL, 'Registrado', state, '', oce_code,"
		" lower(numero || ' ' || doc_type || ' ' || state)"
		" FROM document WHERE id >= CAST($1 AS BIGINT) AND id < CAST($2 AS BIGINT) AND state IS NOT NULL AND state <> 'Registrado'");

	if (st) {
		db_bind_int(st, 1, lo);
		db_bind_int(st, 2, hi);
	}
	return row_exec(st);
}

int store_bench_finish(struct db_conn *c, int year)
{
	struct db_stmt *st = db_prepare(c,
		"INSERT INTO entrega_seq (oce_code, year, last)"
		" SELECT oce_code, CAST($1 AS BIGINT), max(CAST(substr(numero, 13, 8) AS BIGINT)) FROM document"
		" WHERE numero IS NOT NULL AND substr(numero, 9, 4) = CAST(CAST($1 AS BIGINT) AS TEXT)"
		" GROUP BY oce_code"
		" ON CONFLICT (oce_code, year) DO UPDATE SET last = excluded.last");
	int rc;

	if (st)
		db_bind_int(st, 1, year);
	rc = row_exec(st);
	if (rc != STORE_OK)
		return rc;
	/* Fresh statistics; on PostgreSQL the visibility map too, so that the
	 * lists' index-only scans need not visit the table. */
	return row_exec(db_prepare(c, db_conn_engine(c) == DB_POSTGRES ? "VACUUM ANALYZE" : "ANALYZE"));
}

int store_bench_id_range(struct db_conn *c, long long *lo, long long *hi)
{
	int rc = row_int(db_prepare(c, "SELECT COALESCE(min(id), 0) FROM document"), lo);

	if (rc == STORE_OK)
		rc = row_int(db_prepare(c, "SELECT COALESCE(max(id), 0) + 1 FROM document"), hi);
	return rc;
}
