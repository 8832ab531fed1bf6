#!/usr/bin/env bash
# slowloris.sh — a legitimate client's latency while slow connections hold
# the server's slots (issue 8, finding 1).
#
# A fresh server (seed-demo, default settings: ADUANA_CONN_PER_ADDR 128,
# ADUANA_HEADER_SECONDS 10).  Each of BENCH_ROUNDS rounds (default 3) runs:
#   baseline  wrk -t1 -c8 --latency GET / (the sign-in page), nothing else;
#   spread    2,000 slow connections from 20 addresses (100 each, under the
#             cap: the server holds them all) that send a request line and a
#             header line every 5 s, never finishing, reopened when closed
#             (bench/attack.mjs slowloris); 6 s into it, the same wrk run;
#   one       1,100 slow connections from ONE address (the original finding:
#             ~1,030 made the portal unreachable); the same wrk run.
# It prints the p50/p99 of each, how many slow connections were held at the
# peak (spread: all 2,000, client side) and how many connections of the one
# address the server closed at once or at their deadline (one_cut), the lines the
# server logged during the attack, and whether the p99 during the spread
# attack is under 100 ms (the goal).  Exits non-zero when the server dies or
# wrk sees errors.
#
#   bench/slowloris.sh
#   BENCH_ROUNDS=5 bench/slowloris.sh
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need curl wrk node awk sed

GOAL_MS=100
LEAD=6
ATTACK_SECS=$((DURATION + LEAD + 2))

DB="$TMP/aduana.db"
"$BIN" seed-demo --db "$DB" >/dev/null 2>&1 || die "seed-demo failed"
start_server "$DB"
log "aduana: pid $SERVER_PID on $(server_url)/"
URL="$(server_url)/"

run() {
	local out=$1 errs
	wrk -t1 -c8 -d"${DURATION}s" --timeout 10s --latency -s "$BENCH_DIR/summary.lua" "$URL" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed"; }
	server_alive
	grep -q '^BENCH ' "$out" || { cat "$out" >&2; die "no summary from wrk"; }
	errs=$(field "$out" errors)
	[ "$errs" = 0 ] || { cat "$out" >&2; die "$errs errors on GET / during $out"; }
}

# attack OUT ADDRS PER FIRST: runs the slow connections, and wrk LEAD s in.
attack() {
	local out=$1 addrs=$2 per=$3 first=$4 lines0 apid
	lines0=$(grep -vc ' access ' "$TMP/server.log" || true)
	node "$BENCH_DIR/attack.mjs" slowloris "$SERVER_PORT" "$addrs" "$per" 5 "$ATTACK_SECS" "$first" >"$out.slow" 2>&1 &
	apid=$!
	PIDS+=("$apid")
	sleep "$LEAD"
	run "$out"
	wait "$apid" || { cat "$out.slow" >&2; die "the slow client failed"; }
	untrack "$apid"
	echo $(($(grep -vc ' access ' "$TMP/server.log" || true) - lines0)) >"$out.lines"
}

sfield() { sed -n "s/^SLOWSUM .*\\b$2=\\([^ ]*\\).*/\\1/p" "$1" | tail -n 1; }

log "warm-up: 2 s"
(DURATION=2 run "$TMP/warm")

echo "== GET / latency (wrk -t1 -c8 -d${DURATION}s) alone, with 2,000 slow connections from 20 addresses, and with 1,100 from one; $ROUNDS rounds, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-6s %9s %9s %9s %9s %9s %9s %11s %11s %9s\n' round base_p50 base_p99 spr_p50 spr_p99 one_p50 one_p99 spr_held one_cut log_lines
B50=() B99=() S50=() S99=() O50=() O99=() SH=() OH=()
for r in $(seq "$ROUNDS"); do
	wait_idle "$SERVER_PID"
	run "$TMP/base.$r"
	wait_idle "$SERVER_PID"
	attack "$TMP/spread.$r" 20 100 127.0.0.10
	sleep 11    # the server closes what the attackers left half-open
	wait_idle "$SERVER_PID"
	attack "$TMP/one.$r" 1 1100 127.0.0.200
	sleep 11
	B50+=("$(field "$TMP/base.$r" p50_ms)") B99+=("$(field "$TMP/base.$r" p99_ms)")
	S50+=("$(field "$TMP/spread.$r" p50_ms)") S99+=("$(field "$TMP/spread.$r" p99_ms)")
	O50+=("$(field "$TMP/one.$r" p50_ms)") O99+=("$(field "$TMP/one.$r" p99_ms)")
	SH+=("$(sfield "$TMP/spread.$r.slow" peak_held)") OH+=("$(sfield "$TMP/one.$r.slow" closed_by_server)")
	printf '%-6s %7sms %7sms %7sms %7sms %7sms %7sms %11s %11s %9s\n' "$r" "${B50[-1]}" "${B99[-1]}" \
		"${S50[-1]}" "${S99[-1]}" "${O50[-1]}" "${O99[-1]}" "${SH[-1]}" "${OH[-1]}" \
		"$(($(cat "$TMP/spread.$r.lines") + $(cat "$TMP/one.$r.lines")))"
	log "   spread: $(grep '^SLOWSUM' "$TMP/spread.$r.slow"); one: $(grep '^SLOWSUM' "$TMP/one.$r.slow")"
done
m_s99=$(median "${S99[@]}")
printf '%-6s %7sms %7sms %7sms %7sms %7sms %7sms %11s %11s\n' median "$(median "${B50[@]}")" "$(median "${B99[@]}")" \
	"$(median "${S50[@]}")" "$m_s99" "$(median "${O50[@]}")" "$(median "${O99[@]}")" \
	"$(median "${SH[@]}")" "$(median "${OH[@]}")"
echo "p99 ratio attack/baseline: spread $(ratio "$m_s99" "$(median "${B99[@]}")"), one address $(ratio "$(median "${O99[@]}")" "$(median "${B99[@]}")")"
echo "server log lines (other than access) during the attacks, last round: $(($(cat "$TMP/spread.$ROUNDS.lines") + $(cat "$TMP/one.$ROUNDS.lines")))"
grep -v ' access ' "$TMP/server.log" | grep 'in the last' | tail -n 2 >&2 || true
if lt "$m_s99" "$GOAL_MS"; then
	echo "goal p99 < ${GOAL_MS} ms with 2,000 slow connections held: met (median p99 ${m_s99} ms)"
else
	echo "goal p99 < ${GOAL_MS} ms with 2,000 slow connections held: NOT met (median p99 ${m_s99} ms)"
fi
