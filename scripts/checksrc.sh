#!/usr/bin/env bash
# checksrc: the functions docs/style.md does not use, and the layers.
#
# Layers, from the ground up (README.md, "Architecture"):
#   core                       nothing of the project below it
#   http, auth, db, domain     core only; domain is pure (no I/O layers at all)
#   store                      SQL over db.h; never a transaction
#   service                    transactions and audit over store; never SQL
#   web                        pages, API, SOAP over service and store; never SQL,
#                              never a transaction
set -u
cd "$(dirname "$0")/.."
rc=0
fail() { echo "checksrc: $1"; rc=1; }

if grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|gets|atoi|atol|strtok)[[:space:]]*\(' src tools; then
  fail "banned function (see docs/style.md habit 6)"
fi

# includes: "layer/file.h" of a layer the directory may not use
check_includes() {   # DIR FORBIDDEN-LAYERS-REGEX WHY
  local hits
  hits=$(grep -rnE "#include \"($2)/" "$1" 2>/dev/null)
  [ -n "$hits" ] && { echo "$hits"; fail "$1 $3"; }
}
check_includes src/core   'http|auth|db|domain|store|service|web' "is the ground layer: it includes only core"
check_includes src/http   'auth|db|domain|store|service|web'      "knows nothing of customs or storage"
check_includes src/auth   'http|db|domain|store|service|web'      "includes only core"
check_includes src/db     'http|auth|domain|store|service|web'    "is the storage interface: core only"
check_includes src/domain 'http|auth|db|store|service|web'        "must stay pure: no I/O layer"
check_includes src/store  'http|auth|service|web'                 "is SQL over db.h only"
check_includes src/service 'http|web'                             "sits below web"

# calls: who may run SQL and who owns transactions
calls() { grep -rnE "\b($1)[[:space:]]*\(" "${@:2}" 2>/dev/null; }
hits=$(calls 'db_begin|db_begin_read|db_commit|db_rollback' src/store src/web)
[ -n "$hits" ] && { echo "$hits"; fail "transactions belong to src/service (store and web never open one)"; }
hits=$(calls 'db_prepare|db_bind_text|db_bind_int|db_bind_null|db_step|db_run' src/service src/web src/main.c)
[ -n "$hits" ] && { echo "$hits"; fail "SQL belongs to src/store (service, web and main hold none)"; }
hits=$(grep -rnE '"(SELECT|INSERT|UPDATE|DELETE) ' src/service src/web src/main.c 2>/dev/null)
[ -n "$hits" ] && { echo "$hits"; fail "an SQL text outside src/store and src/db"; }
exit $rc
