#!/usr/bin/env bash
# page.sh — throughput of the signed-in main page (GET /principal) against
# nginx serving the very same bytes as a static file.
#
# A fresh server on a fresh store (seed-demo), the demo user signed in with
# curl, the exact body of GET /principal saved to a file; nginx (2 workers,
# keep-alive, no access log, the same security and Cache-Control headers)
# serves that file on another loopback port.  Then `wrk -t2 -c64` alternates
# aduana and nginx BENCH_ROUNDS times (default 3) so that noise on this
# shared machine hits both, and prints req/s of each run, the medians and the
# ratio aduana/nginx (goal >= 0.6, median of 5 rounds).
#
# BENCH_ENGINE=postgresql serves the page from a throwaway PostgreSQL
# (scripts/pg.sh, started here) instead of a SQLite file.
#
#   bench/page.sh                      # 5 rounds of 10 s each side, SQLite
#   BENCH_ENGINE=postgresql bench/page.sh
#   BENCH_ROUNDS=3 BENCH_DURATION=5 bench/page.sh
#   ADUANA_THREADS=4 bench/page.sh     # server settings pass through
set -euo pipefail
ENGINE=${BENCH_ENGINE:-sqlite}
case "$ENGINE" in
  sqlite) ;;
  postgresql)
    # Run again inside a throwaway PostgreSQL (which sets ADUANA_TEST_PG).
    [ -n "${ADUANA_TEST_PG:-}" ] || exec "$(dirname "${BASH_SOURCE[0]}")/../scripts/pg.sh" run "$0" "$@" ;;
  *) echo "bench: BENCH_ENGINE must be sqlite or postgresql" >&2; exit 2 ;;
esac
export BENCH_ROUNDS=${BENCH_ROUNDS:-5}
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need curl wrk nginx awk sed

CONNS=64
THREADS=2
GOAL=0.6

# ---- aduana ------------------------------------------------------------
STORE="$TMP/aduana.db"
if [ "$ENGINE" = postgresql ]; then
	need psql
	psql -X -q -d "$ADUANA_TEST_PG" -c "CREATE DATABASE bench_page" || die "cannot create the database"
	STORE=$(printf '%s' "$ADUANA_TEST_PG" | sed 's#/postgres?#/bench_page?#')
fi
"$BIN" seed-demo --db "$STORE" >/dev/null 2>&1 || die "seed-demo failed"
start_server "$STORE"
log "aduana: pid $SERVER_PID on $(server_url)/, store: $ENGINE (ADUANA_THREADS=${ADUANA_THREADS:-default: twice the cores})"
TOKEN=$(sign_in "$DEMO_RUC" "$DEMO_USER" "$DEMO_PASS")
[ -n "$TOKEN" ] || die "no session cookie after sign-in"
mkdir -p "$TMP/www"
check_main "$TOKEN" "$TMP/www/principal.html"
PAGE_BYTES=$(wc -c <"$TMP/www/principal.html")
log "aduana: GET /principal is 200 with the notices table, $PAGE_BYTES bytes"

# ---- nginx ---------------------------------------------------------------
NGX_PATH=/principal
NGX_FILE=principal.html
start_nginx_same_bytes

AD_URL="$(server_url)/principal"
NG_URL="http://127.0.0.1:$NGINX_PORT/principal"
COOKIE="Cookie: aduana_s=$TOKEN"

log "warm-up: 2 s each"
(DURATION=2 run_wrk aduana "$SERVER_PID" "$AD_URL" "$TMP/warm.a" -H "$COOKIE")
(DURATION=2 run_wrk nginx "$NGINX_PID" "$NG_URL" "$TMP/warm.n")

echo "== GET /principal ($ENGINE), wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS rounds, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-6s %11s %11s %7s %10s %10s\n' round aduana_rps nginx_rps ratio aduana_p99 nginx_p99
A=() N=() R=() AU=() NU=() CPU=()
for r in $(seq "$ROUNDS"); do
	run_wrk aduana "$SERVER_PID" "$AD_URL" "$TMP/a.$r" -H "$COOKIE"
	run_wrk nginx "$NGINX_PID" "$NG_URL" "$TMP/n.$r"
	a=$(field "$TMP/a.$r" rps)
	n=$(field "$TMP/n.$r" rps)
	A+=("$a") N+=("$n") R+=("$(ratio "$a" "$n")")
	AU+=("$(us_per_req "$(cat "$TMP/a.$r.srv")" "$(field "$TMP/a.$r" requests)")")
	NU+=("$(us_per_req "$(cat "$TMP/n.$r.srv")" "$(field "$TMP/n.$r" requests)")")
	printf '%-6s %11s %11s %7s %8sms %8sms\n' "$r" "$a" "$n" "${R[-1]}" \
		"$(field "$TMP/a.$r" p99_ms)" "$(field "$TMP/n.$r" p99_ms)"
	CPU+=("$(printf '%-6s %6s %6s %6s %9s   %6s %6s %6s %9s' "$r" \
		"$(pct "$TMP/a.$r" srv)" "$(pct "$TMP/a.$r" wrk)" "$(pct "$TMP/a.$r" box)" "${AU[-1]}" \
		"$(pct "$TMP/n.$r" srv)" "$(pct "$TMP/n.$r" wrk)" "$(pct "$TMP/n.$r" box)" "${NU[-1]}")")
done
check_main "$TOKEN"   # still signed in: the runs measured the real page

ma=$(median "${A[@]}")
mn=$(median "${N[@]}")
mr=$(ratio "$ma" "$mn")
printf '%-6s %11s %11s %7s\n' median "$ma" "$mn" "$mr"
echo "median of the per-round ratios: $(median "${R[@]}")"
echo
echo "CPU during each run, % of one core ($(($(nproc) * 100)) = all busy): the server, wrk, the whole machine;"
echo "and the server's CPU time per request (all its threads or processes):"
printf '%-6s %6s %6s %6s %9s   %6s %6s %6s %9s\n' round a_srv a_wrk a_box a_us/req n_srv n_wrk n_box n_us/req
printf '%s\n' "${CPU[@]}"
printf '%-6s %6s %6s %6s %9s   %6s %6s %6s %9s\n' median "" "" "" "$(median "${AU[@]}")" "" "" "" "$(median "${NU[@]}")"
echo "bytes per response, headers included: aduana $(field "$TMP/a.1" avg_bytes), nginx $(field "$TMP/n.1" avg_bytes)"
if lt "$mr" "$GOAL"; then
	echo "goal aduana/nginx >= $GOAL: NOT met ($mr)"
else
	echo "goal aduana/nginx >= $GOAL: met ($mr)"
fi
