#!/usr/bin/env bash
# tramites.sh — Estado de Trámite Integral on a large store: one OCE code's
# documents of the last month, every state, first page (GET
# /tramites?periodo=mes), against nginx serving the very same bytes.
#
# A fresh store filled by `aduana bench-data` (BENCH_DOCS documents of
# BENCH_OCES OCE codes, default 10 million and 1,000; the time it took is
# printed), the query plans of the list's two statements (they must read
# the day counters and the index by OCE code and date, never a table whole:
# the script fails otherwise), a server, bench1 signed in under OCE
# 70000000, the exact page saved; nginx serves it on another port; `wrk -t2
# -c64` alternates both BENCH_ROUNDS times.  Goal: aduana/nginx >= 0.25 and
# aduana's p99 under 10 ms.
#
#   bench/tramites.sh                                  # 10M documents, SQLite
#   BENCH_ENGINE=postgresql bench/tramites.sh          # the same on PostgreSQL
#   BENCH_DOCS=200000 BENCH_OCES=100 bench/tramites.sh # a quick try
#   BENCH_STORE=/tmp/b.db bench/tramites.sh            # a store bench-data made before
set -euo pipefail
ENGINE=${BENCH_ENGINE:-sqlite}
case "$ENGINE" in
  sqlite) ;;
  postgresql)
    [ -n "${ADUANA_TEST_PG:-}" ] || exec "$(dirname "${BASH_SOURCE[0]}")/../scripts/pg.sh" run "$0" "$@" ;;
  *) echo "bench: BENCH_ENGINE must be sqlite or postgresql" >&2; exit 2 ;;
esac
export BENCH_ROUNDS=${BENCH_ROUNDS:-5}
DOCS=${BENCH_DOCS:-10000000}
OCES=${BENCH_OCES:-1000}
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need curl wrk nginx awk sed grep
[[ "$DOCS" =~ ^[0-9]+$ && "$OCES" =~ ^[0-9]+$ && "$OCES" -ge 1 && "$DOCS" -ge "$OCES" ]] ||
	die "BENCH_DOCS and BENCH_OCES must be numbers, with at least one document per OCE code"

CONNS=64
THREADS=2
GOAL=0.25
P99_GOAL_MS=10
OCE=70000000          # bench1's OCE code, type 04
OCE_TYPE=04
PAGE_PATH="/tramites"
QUERY="?periodo=mes"

# ---- the store -----------------------------------------------------------
STORE="$TMP/aduana.db"
if [ "$ENGINE" = postgresql ]; then
	need psql
	psql -X -q -d "$ADUANA_TEST_PG" -c "CREATE DATABASE bench_tramites" || die "cannot create the database"
	STORE=$(printf '%s' "$ADUANA_TEST_PG" | sed 's#/postgres?#/bench_tramites?#')
fi
if [ -n "${BENCH_STORE:-}" ]; then
	# An existing bench store (SQLite file or URL) made by bench-data with the same counts.
	STORE=$BENCH_STORE
	"$BIN" migrate --db "$STORE" >/dev/null || die "cannot migrate $STORE"
	GEN_S="(not measured: BENCH_STORE)"
else
	log "bench-data: $DOCS documents of $OCES OCE codes ($ENGINE)..."
	GEN_T0=$(date +%s.%N)
	"$BIN" bench-data --documents "$DOCS" --oces "$OCES" --db "$STORE" >"$TMP/gen.log" 2>"$TMP/gen.err" ||
		{ cat "$TMP/gen.err" >&2; die "bench-data failed"; }
	GEN_S=$(awk -v a="$GEN_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	log "$(cat "$TMP/gen.log")"
fi
if [ "$ENGINE" = sqlite ]; then
	STORE_BYTES=$({ du -cb "$STORE" "$STORE"-wal 2>/dev/null || true; } | tail -n 1 | cut -f1)
else
	STORE_BYTES=$(psql -X -At -d "$STORE" -c "SELECT pg_database_size(current_database())")
fi

"$BIN" explain --oce "$OCE" --db "$STORE" >"$TMP/plan.txt" 2>"$TMP/plan.err" ||
	{ cat "$TMP/plan.err" >&2; die "explain failed"; }
# A plan that reads a table whole: SQLite "SCAN ..." (no index), PostgreSQL
# "Seq Scan on ...".
if grep -Eq '^SCAN |Seq Scan' "$TMP/plan.txt"; then
	cat "$TMP/plan.txt" >&2
	die "a plan scans the documents table"
fi

# ---- aduana --------------------------------------------------------------
start_server "$STORE"
log "aduana: pid $SERVER_PID on $(server_url)/, store: $ENGINE"
TOKEN=$(sign_in 0991000003001 bench1 Bench.2026 "$OCE" "$OCE_TYPE")
[ -n "$TOKEN" ] || die "no session cookie after sign-in"
mkdir -p "$TMP/www"
check_page() {
	local file=$1 st
	st=$(curl -sS -m 10 -H "Cookie: aduana_s=$TOKEN" -o "$file" -w '%{http_code}' "$(server_url)$PAGE_PATH$QUERY")
	[ "$st" = 200 ] || die "GET $PAGE_PATH$QUERY answered $st"
	grep -q 'Resultado : [1-9]' "$file" || die "GET $PAGE_PATH$QUERY found no documents"
	[ "$(grep -c '<td data-label="No" class="num">' "$file")" -eq 20 ] || die "GET $PAGE_PATH$QUERY does not show a page of 20"
}
check_page "$TMP/www/tramites.html"
PAGE_BYTES=$(wc -c <"$TMP/www/tramites.html")
FOUND=$(grep -o 'Resultado : [0-9]*' "$TMP/www/tramites.html" | grep -o '[0-9]*$')
log "aduana: GET $PAGE_PATH$QUERY is 200: $FOUND documents of OCE $OCE last month, first page $PAGE_BYTES bytes"

NGX_PATH=$PAGE_PATH
NGX_FILE=tramites.html
start_nginx_same_bytes

# pct RUN KIND: CPU use of KIND (srv, wrk, box) during RUN, in % of one core.
AD_URL="$(server_url)$PAGE_PATH$QUERY"
NG_URL="http://127.0.0.1:$NGINX_PORT$PAGE_PATH$QUERY"
COOKIE="Cookie: aduana_s=$TOKEN"

log "warm-up: 2 s each"
(DURATION=2 run_wrk aduana "$SERVER_PID" "$AD_URL" "$TMP/warm.a" -H "$COOKIE")
(DURATION=2 run_wrk nginx "$NGINX_PID" "$NG_URL" "$TMP/warm.n")

echo "== GET $PAGE_PATH$QUERY ($ENGINE, $DOCS documents of $OCES OCE codes), wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS rounds, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "bench-data took $GEN_S s; the store takes $((STORE_BYTES / 1024 / 1024)) MiB; the page lists $FOUND documents (20 shown)"
echo "query plans (aduana explain --oce $OCE):"
sed 's/^/    /' "$TMP/plan.txt"
printf '%-6s %11s %11s %7s %10s %10s\n' round aduana_rps nginx_rps ratio aduana_p99 nginx_p99
A=() N=() R=() P=() AU=()
for r in $(seq "$ROUNDS"); do
	run_wrk aduana "$SERVER_PID" "$AD_URL" "$TMP/a.$r" -H "$COOKIE"
	run_wrk nginx "$NGINX_PID" "$NG_URL" "$TMP/n.$r"
	a=$(field "$TMP/a.$r" rps)
	n=$(field "$TMP/n.$r" rps)
	A+=("$a") N+=("$n") R+=("$(ratio "$a" "$n")") P+=("$(field "$TMP/a.$r" p99_ms)")
	AU+=("$(us_per_req "$(cat "$TMP/a.$r.srv")" "$(field "$TMP/a.$r" requests)")")
	printf '%-6s %11s %11s %7s %8sms %8sms\n' "$r" "$a" "$n" "${R[-1]}" \
		"$(field "$TMP/a.$r" p99_ms)" "$(field "$TMP/n.$r" p99_ms)"
done
check_page "$TMP/after.html"   # still signed in: the runs measured the real page

ma=$(median "${A[@]}")
mn=$(median "${N[@]}")
mr=$(ratio "$ma" "$mn")
mp=$(median "${P[@]}")
printf '%-6s %11s %11s %7s %8sms\n' median "$ma" "$mn" "$mr" "$mp"
echo "median of the per-round ratios: $(median "${R[@]}"); aduana's CPU time per request: $(median "${AU[@]}") µs"
if lt "$mr" "$GOAL"; then echo "goal aduana/nginx >= $GOAL: NOT met ($mr)"; else echo "goal aduana/nginx >= $GOAL: met ($mr)"; fi
if lt "$mp" "$P99_GOAL_MS"; then echo "goal p99 < $P99_GOAL_MS ms: met ($mp ms)"; else echo "goal p99 < $P99_GOAL_MS ms: NOT met ($mp ms)"; fi
