#!/usr/bin/env bash
# checksrc: the functions docs/style.md does not use, and the domain's purity.
set -u
cd "$(dirname "$0")/.."
rc=0
if grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|gets|atoi|atol|strtok)[[:space:]]*\(' src tools; then
  echo "checksrc: banned function (see docs/style.md habit 6)"; rc=1
fi
if grep -rlE '#include "(http|db|web)/' src/domain; then
  echo "checksrc: src/domain must not include http, db or web"; rc=1
fi
if grep -rlE '#include "web/' src/http src/db src/auth src/core; then
  echo "checksrc: lower layers must not include web"; rc=1
fi
exit $rc
