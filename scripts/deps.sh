#!/usr/bin/env bash
# Installs what aduana needs on Debian 12 and is not there yet: the build and
# test packages from apt (with sudo when not root) and the pinned npm packages
# of the browser tests (package-lock.json).  Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs="gcc make pkg-config libmicrohttpd-dev libsodium-dev libsqlite3-dev libpq-dev libjansson-dev libxml2-dev libcurl4-openssl-dev iso-codes"
test_pkgs="libcriterion-dev clang clang-tidy libclang-rt-14-dev llvm cppcheck chromium nodejs npm curl sqlite3 postgresql sqlmap nginx-light openssl python3-aiosmtpd"
bench_pkgs="wrk nginx-light curl postgresql linux-perf"

want="$build_pkgs"
case "${1:-build}" in
  check) want="$build_pkgs $test_pkgs" ;;
  bench) want="$build_pkgs $bench_pkgs" ;;
esac

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node and npm may come from elsewhere than Debian: accept the commands.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "deps: installing$missing"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing
fi

if [ "${1:-build}" = check ]; then
  if [ ! -d tests/browser/node_modules ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
