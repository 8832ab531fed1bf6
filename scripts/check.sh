#!/usr/bin/env bash
# make check: every stage in order, stopping at the first failure, with a
# log in build/check.log and one closing line that counts every test run:
# "check: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
log=build/check.log
: > "$log"

stages=(all lint unit http security browser fuzz asan)
rc=0
for s in "${stages[@]}"; do
  echo "=== make $s" | tee -a "$log"
  if ! make --no-print-directory "$s" 2>&1 | tee -a "$log"; then
    echo "check: stage '$s' failed (see $log)"
    rc=1
    break
  fi
done

# Criterion: "Synthesis: Tested: T | Passing: P | Failing: F | Crashing: C"
# node --test: "# pass N" / "# fail N"
read -r passed failed < <(awk '
  /Synthesis: Tested:/ { for (i = 1; i <= NF; i++) { if ($i == "Passing:") p += $(i+1); if ($i == "Failing:" || $i == "Crashing:") f += $(i+1) } }
  /^# pass / { p += $3 }
  /^# fail / { f += $3 }
  END { print p + 0, f + 0 }' "$log")
[ "$rc" = 0 ] && [ "$failed" != 0 ] && rc=1
echo "check: $passed passed, $failed failed"
exit $rc
