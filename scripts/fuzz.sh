#!/usr/bin/env bash
# fuzz.sh — builds the library once with libFuzzer instrumentation (clang,
# ASan + UBSan), then runs each fuzz/fuzz_*.c target for FUZZ_TIME seconds
# (default 15) on a scratch copy of its committed corpus fuzz/corpus/NAME.
# A crash stops the run and prints the end of the target's log; the input
# that crashed is left in build/fuzz/ as crash-<sha1> (or leak-, timeout-,
# oom-).
#
# Regression cases: once the bug is fixed, commit that input to the target's
# corpus, fuzz/corpus/NAME/, named for what it caught (e.g.
# fuzz/corpus/form/crash-percent-at-end).  Every run, `make fuzz` included,
# starts by replaying the whole corpus, so a case that crashed once is run
# again each time; libFuzzer's new finds go to the scratch copy, never to the
# committed corpus.
#
#   scripts/fuzz.sh                 # every target (make fuzz: FUZZ_TIME=15)
#   FUZZ_TIME=300 scripts/fuzz.sh form multipart   # longer, some targets
#   make fuzz-long                  # every target for 10 minutes (FUZZ_TIME=600)
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_TIME=${FUZZ_TIME:-15}
OUT=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
LDLIBS="$(pkg-config --libs libmicrohttpd libsodium sqlite3 libpq jansson libxml-2.0 libcurl) -lpthread"

make --no-print-directory OUT=$OUT CC=clang OPT=-O1 SAN="-fsanitize=fuzzer-no-link $SAN" $OUT/libaduana.a

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.c; do n=$(basename "$f" .c); targets+=("${n#fuzz_}"); done
fi

mkdir -p $OUT/tmp
for c in "${targets[@]}"; do
  n=fuzz_$c
  echo "== $n ($FUZZ_TIME s)"
  # shellcheck disable=SC2086
  clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer $SAN -Isrc -I$OUT/gen \
    -o $OUT/$n fuzz/$n.c $OUT/libaduana.a $LDLIBS
  rm -rf $OUT/work-$c
  mkdir -p $OUT/work-$c
  extra=()
  [ "$c" = tmplc ] && extra=(src/web/tmpl)
  if ! (cd $OUT && TMPDIR=tmp ./$n -max_total_time="$FUZZ_TIME" -print_final_stats=1 \
          work-$c ../../fuzz/corpus/$c "${extra[@]/#/../../}" > $n.log 2>&1); then
    tail -n 40 $OUT/$n.log
    exit 1
  fi
  grep -E "stat::number_of_executed_units|Done" $OUT/$n.log | tail -n 1
done
