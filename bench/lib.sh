# shellcheck shell=bash disable=SC2034
# lib.sh — what the bench scripts share: a temp dir and a cleanup trap,
# starting and watching a throwaway aduana server, signing in with curl,
# parsing the summary line of bench/summary.lua, medians, CPU accounting,
# nginx serving the same bytes, and checked wrk runs.
#
# Sourced, never run.  The caller has `set -euo pipefail`.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BIN=${ADUANA_BIN:-$ROOT/build/aduana}
DURATION=${BENCH_DURATION:-10}     # seconds of each measured wrk run
ROUNDS=${BENCH_ROUNDS:-3}          # measured runs of each kind

# Demo user of `aduana seed-demo` and its OCE (used by the sourcing scripts).
DEMO_RUC=0992339411001
DEMO_USER=naviera
DEMO_PASS=Naviera.2026
DEMO_OCE=05909025
DEMO_OCE_TYPE=02

PIDS=()          # processes this script started, killed on exit
SERVER_PID=""
SERVER_PORT=""

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || die "$t is missing: run scripts/deps.sh bench"
	done
}

[ -x "$BIN" ] || die "$BIN not found: run 'make all' first (or set ADUANA_BIN)"
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 1 && "$DURATION" -le 120 ]] ||
	die "BENCH_DURATION must be 1..120 seconds"
[[ "$ROUNDS" =~ ^[0-9]+$ && "$ROUNDS" -ge 1 && "$ROUNDS" -le 20 ]] ||
	die "BENCH_ROUNDS must be 1..20"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/aduana-bench.XXXXXX")

# Stops what we started, by pid: TERM, then KILL after 5 s.
stop_pid() {
	local p=$1 i
	kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
	kill -TERM "$p" 2>/dev/null || true
	for i in $(seq 50); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}

# Forgets a pid already waited for (so cleanup never signals a reused pid).
untrack() {
	local keep=() p
	for p in "${PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	PIDS=("${keep[@]}")
}

cleanup() {
	local rc=$? i
	trap - EXIT INT TERM
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
		stop_pid "${PIDS[i]}"
	done
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'log "bench: interrupted"; exit 130' INT
trap 'log "bench: terminated"; exit 143' TERM

# start_server DB: serves DB on a free loopback port (port 0, read back from
# the "listening on" line).  Sets SERVER_PID and SERVER_PORT.
start_server() {
	local db=$1 out="$TMP/server.log" i
	"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$out" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for i in $(seq 100); do
		SERVER_PORT=$(sed -n 's#^aduana: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/$#\1#p' "$out")
		[ -n "$SERVER_PORT" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 20 "$out" >&2 || true
	die "the server did not start"
}

# Fails the script when the server has died (a crash under load).
server_alive() {
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		tail -n 20 "$TMP/server.log" >&2 || true
		die "the server (pid $SERVER_PID) died"
	fi
}

server_url() { printf 'http://127.0.0.1:%s' "$SERVER_PORT"; }

# A cookie's value from a curl cookie jar.
jar_get() { awk -v n="$2" -F'\t' 'NF >= 7 && $6 == n { v = $7 } END { print v }' "$1"; }

# The hidden csrf field of an HTML page.
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -n 1 | sed 's/.*value="//; s/"$//'; }

# sign_in RUC USUARIO CLAVE [OCE TYPE]: the whole sign-in a browser does (GET
# /, POST /login, GET /oce, POST /oce with the OCE code, the demo one by
# default); prints the final session token (rotated by POST /oce).
sign_in() {
	local ruc=$1 usuario=$2 clave=$3 oce=${4:-$DEMO_OCE} oce_type=${5:-$DEMO_OCE_TYPE}
	local base jar="$TMP/jar.$$" page="$TMP/page.$$" st csrf
	base=$(server_url)
	rm -f "$jar"
	st=$(curl -sS -m 10 -c "$jar" -o "$page" -w '%{http_code}' "$base/")
	[ "$st" = 200 ] || die "GET / answered $st"
	csrf=$(csrf_of "$page")
	[ "$csrf" = "$(jar_get "$jar" aduana_pre)" ] || die "GET /: the csrf field does not match the aduana_pre cookie"
	st=$(curl -sS -m 10 -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
		--data-urlencode "ruc=$ruc" --data-urlencode "usuario=$usuario" \
		--data-urlencode "clave=$clave" --data-urlencode "csrf=$csrf" "$base/login")
	[ "$st" = "303 $base/oce" ] || die "POST /login as $usuario answered '$st' (want 303 to /oce)"
	st=$(curl -sS -m 10 -b "$jar" -c "$jar" -o "$page" -w '%{http_code}' "$base/oce")
	[ "$st" = 200 ] || die "GET /oce answered $st"
	csrf=$(csrf_of "$page")
	[ -n "$csrf" ] || die "GET /oce has no csrf field"
	st=$(curl -sS -m 10 -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
		--data "codigo=$oce&tipo=$oce_type&accion=ingresar&csrf=$csrf" "$base/oce")
	[ "$st" = "303 $base/principal" ] || die "POST /oce answered '$st' (want 303 to /principal)"
	jar_get "$jar" aduana_s
	rm -f "$jar" "$page"
}

# check_main TOKEN [FILE]: GET /principal must be the 200 main page with the
# notices table; saves the exact body to FILE when given.
check_main() {
	local tok=$1 file=${2:-$TMP/principal.check} st
	st=$(curl -sS -m 10 -H "Cookie: aduana_s=$tok" -o "$file" -w '%{http_code}' "$(server_url)/principal")
	[ "$st" = 200 ] || die "GET /principal answered $st, not 200 (signed out?)"
	grep -q '<table class="notices"' "$file" || die "GET /principal has no notices table"
}

# Fields of the "BENCH ..." line printed by bench/summary.lua: field FILE KEY.
field() { sed -n "s/^BENCH .*\\b$2=\\([^ ]*\\).*/\\1/p" "$1" | tail -n 1; }

# median N...: the median of the arguments (mean of the two middle ones when
# the count is even).
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A/B with 3 decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f\n", a / b; else print "nan" }'; }

# lt A B: succeeds when A < B (decimal numbers).
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# CPU seconds used so far by a process (utime + stime).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# tree_ticks PID: CPU ticks of PID and of its children (nginx's workers).
tree_ticks() {
	local t c kids=()
	t=$(cpu_ticks "$1")
	read -ra kids <"/proc/$1/task/$1/children" 2>/dev/null || true
	for c in "${kids[@]}"; do
		t=$((t + $(cpu_ticks "$c")))
	done
	echo "$t"
}

# box_ticks: busy CPU ticks of the whole machine so far (all cores).
box_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# times_ticks FILE: the children's user + system time in the output of the
# `times` builtin (second line, "0m1.250s 0m3.500s"), in clock ticks.
times_ticks() {
	awk -v hz="$(getconf CLK_TCK)" 'NR == 2 {
		t = 0
		for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
		printf "%d\n", t * hz + 0.5 }' "$1"
}

# us_per_req TICKS REQUESTS: CPU microseconds per request.
us_per_req() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { if (n > 0) printf "%.1f\n", t / hz * 1e6 / n; else print "nan" }'; }

# cpu_pct TICKS SECONDS: CPU use in % of one core.
cpu_pct() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v s="$2" 'BEGIN { printf "%.0f\n", t / hz / s * 100 }'; }

# wait_idle PID: waits (at most 15 s) until PID uses under 10 % of one CPU over
# half a second, so that queued work of the previous run does not leak into
# the next.
wait_idle() {
	local p=$1 hz a b i
	hz=$(getconf CLK_TCK)
	for i in $(seq 30); do
		a=$(cpu_ticks "$p")
		sleep 0.5
		b=$(cpu_ticks "$p")
		lt "$(awk -v d=$((b - a)) -v hz="$hz" 'BEGIN { print d / hz / 0.5 }')" 0.10 && return 0
	done
	log "bench: warning: pid $p still busy after 15 s"
}

# ---- nginx serving the same bytes (page.sh, tramites.sh) -------------------
# Set NGX_PATH (the URL path, "/principal") and NGX_FILE (its body, saved in
# $TMP/www) and PAGE_BYTES (its size), then start_nginx_same_bytes: nginx
# from a throwaway config (2 workers, keep-alive without a request limit, no
# access log, sendfile) serves that file with aduana's security and
# Cache-Control headers.  Sets NGINX_PID and NGINX_PORT.

free_port() {
	local p i
	for i in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		[ "$p" = "$SERVER_PORT" ] && continue
		if command -v ss >/dev/null 2>&1; then
			[ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return 0; }
		elif ! (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"; return 0
		fi
	done
	die "no free port found"
}

NGX_USER_LINE=""
[ "$(id -u)" = 0 ] && NGX_USER_LINE="user nobody $(id -gn nobody 2>/dev/null || echo nogroup);"

start_nginx() {
	local port=$1
	cat >"$NGX/nginx.conf" <<EOF
$NGX_USER_LINE
worker_processes 2;
daemon off;
master_process on;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NGX/body;
    proxy_temp_path $NGX/proxy;
    fastcgi_temp_path $NGX/fastcgi;
    uwsgi_temp_path $NGX/uwsgi;
    scgi_temp_path $NGX/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000000;
    default_type text/html;
    charset utf-8;
    server {
        listen 127.0.0.1:$port;
        root $TMP/www;
        location = $NGX_PATH {
            try_files /$NGX_FILE =404;
            add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
            add_header X-Frame-Options DENY;
            add_header Referrer-Policy same-origin;
            add_header X-Content-Type-Options nosniff;
            add_header Cross-Origin-Opener-Policy same-origin;
            add_header Permissions-Policy "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
            add_header Cache-Control no-store;
        }
    }
}
EOF
	nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" >"$NGX/stdout.log" 2>&1 &
	NGINX_PID=$!
	PIDS+=("$NGINX_PID")
	for i in $(seq 50); do
		kill -0 "$NGINX_PID" 2>/dev/null || return 1
		curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port$NGX_PATH" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

start_nginx_same_bytes() {
	NGX="$TMP/nginx"
	mkdir -p "$NGX"
	# nginx workers run as nobody when we are root: they must reach the file.
	chmod 711 "$TMP"
	chmod 755 "$TMP/www"
	chmod 644 "$TMP/www/$NGX_FILE"

	NGINX_PID=""
	NGINX_PORT=""
	for _ in 1 2 3 4 5; do
		NGINX_PORT=$(free_port)
		start_nginx "$NGINX_PORT" && break
		stop_pid "$NGINX_PID"; untrack "$NGINX_PID"
		NGINX_PORT=""
	done
	if [ -z "$NGINX_PORT" ]; then
		cat "$NGX/error.log" "$NGX/stdout.log" >&2 2>/dev/null || true
		die "nginx did not start"
	fi
	curl -sS -m 10 -o "$TMP/nginx.check" "http://127.0.0.1:$NGINX_PORT$NGX_PATH"
	cmp -s "$TMP/nginx.check" "$TMP/www/$NGX_FILE" || die "nginx does not serve the same bytes"
	log "nginx: pid $NGINX_PID on http://127.0.0.1:$NGINX_PORT/ serves the same $PAGE_BYTES bytes"
}

# ---- wrk runs --------------------------------------------------------------
# run_wrk NAME PID URL OUT [extra wrk args]: one wrk run; checks it; writes
# the CPU ticks used by the server PID (with its children) to OUT.srv, by
# wrk to OUT.wrk and by the whole machine to OUT.box.
run_wrk() {
	local name=$1 pid=$2 url=$3 out=$4 bytes errs t0 b0
	shift 4
	t0=$(tree_ticks "$pid")
	b0=$(box_ticks)
	# `times` in the subshell: the CPU time of its only child, wrk.
	(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s -s "$BENCH_DIR/summary.lua" "$@" "$url" \
		>"$out" 2>&1 && times >"$out.times") || { cat "$out" >&2; die "wrk failed against $name"; }
	echo $(($(tree_ticks "$pid") - t0)) >"$out.srv"
	echo $(($(box_ticks) - b0)) >"$out.box"
	times_ticks "$out.times" >"$out.wrk"
	server_alive
	kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died"
	grep -q '^BENCH ' "$out" || { cat "$out" >&2; die "no summary from wrk against $name"; }
	bytes=$(field "$out" avg_bytes)
	errs=$(field "$out" errors)
	[ "$errs" = 0 ] || { cat "$out" >&2; die "$name: $errs errors during the run"; }
	# Every answer must be the whole page (a 303 to / would be ~500 bytes).
	[ "$bytes" -ge "$PAGE_BYTES" ] || die "$name: $bytes bytes per answer, less than the $PAGE_BYTES-byte page"
}

# pct RUN KIND: CPU use of KIND (srv, wrk, box) during RUN, in % of one core.
pct() { cpu_pct "$(cat "$1.$2")" "$DURATION"; }

