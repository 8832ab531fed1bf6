# aduana — build, run and test.  `make run` and `make check` do everything,
# installing what is missing first (scripts/deps.sh).  See README.md.

CC      ?= gcc
OUT     ?= build
OPT     ?= -O2
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS  ?= $(OPT) -g
PKGS     = libmicrohttpd libsodium sqlite3 libpq jansson libxml-2.0 libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  := $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-lmicrohttpd -lsodium -lsqlite3 -lpq -ljansson -lxml2 -lcurl) -lpthread
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) \
             -fstack-protector-strong -Isrc -I$(OUT)/gen $(PKG_CFLAGS) $(CFLAGS) $(SAN)

# The layers, from the ground up (docs/style.md; scripts/checksrc.sh enforces them).
LAYERS   = core http auth db domain store service web web/pages
LIB_SRC  = $(sort $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.c)))
TMPL     = $(sort $(wildcard src/web/tmpl/*.html))
STATIC   = $(sort $(wildcard static/*))
MIGR_SQLITE = $(sort $(wildcard src/db/migrations/sqlite/*.sql))
MIGR_PG     = $(sort $(wildcard src/db/migrations/pg/*.sql))
SCHEMAS     = $(sort $(wildcard schemas/*.xsd))
SAMPLES     = $(sort $(wildcard schemas/samples/*.xml))
GEN_SRC  = $(patsubst src/web/tmpl/%.html,$(OUT)/gen/tmpl_%.c,$(TMPL)) \
           $(OUT)/gen/static_files.c $(OUT)/gen/migrations_sqlite.c $(OUT)/gen/migrations_pg.c \
           $(OUT)/gen/schemas.c $(OUT)/gen/samples.c $(OUT)/gen/common_passwords.c
LIB_OBJ  = $(patsubst %.c,$(OUT)/obj/%.o,$(LIB_SRC)) $(patsubst %.c,%.o,$(GEN_SRC))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNIT_SRC))

.PHONY: all run check deps deps-check build unit unit-pg http http-sqlite http-pg browser fuzz \
        fuzz-long security security-long asan lint bench bench-docs bench-attack bench-accounts clean
.DEFAULT_GOAL := all

all: $(OUT)/aduana

# ---- generated sources -------------------------------------------------
$(OUT)/tools/%: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O1 -o $@ $<

$(OUT)/gen/tmpl_%.c: src/web/tmpl/%.html $(OUT)/tools/tmplc
	@mkdir -p $(dir $@)
	$(OUT)/tools/tmplc -o $@ $<

# Rewritten only when a template's signature changes (tmplc keeps an
# unchanged file), so editing a template's body rebuilds that template alone.
$(OUT)/gen/templates.h: $(TMPL) $(OUT)/tools/tmplc
	@mkdir -p $(dir $@)
	$(Q)$(OUT)/tools/tmplc -H $@ $(TMPL)

$(OUT)/gen/static_files.c: $(STATIC) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ static_files $(STATIC)

$(OUT)/gen/migrations_sqlite.c: $(MIGR_SQLITE) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ db_migrations_sqlite $(MIGR_SQLITE)

# The e-document schemas (compiled at start-up by domain/edoc.c) and their
# samples (offered for download in 1.6 e-Documentos).
$(OUT)/gen/schemas.c: $(SCHEMAS) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ edoc_schemas $(SCHEMAS)

$(OUT)/gen/samples.c: $(SAMPLES) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ edoc_samples $(SAMPLES)

# The list of common passwords the password policy refuses (domain/pwpolicy.c;
# data/README.md says where it comes from).
$(OUT)/gen/common_passwords.c: data/common_passwords.txt $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ pw_common_files data/common_passwords.txt

$(OUT)/gen/migrations_pg.c: $(MIGR_PG) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ db_migrations_pg $(MIGR_PG)

# ---- the program -------------------------------------------------------
# V=1 shows the full commands.  Objects depend on the headers they include
# (-MMD); templates.h only has to exist before the first compile.
Q = $(if $(V),,@)

$(OUT)/obj/%.o: %.c | $(OUT)/gen/templates.h
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/gen/%.o: $(OUT)/gen/%.c | $(OUT)/gen/templates.h
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-unused-parameter -MMD -MP -c -o $@ $<

$(OUT)/libaduana.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(OUT)/aduana: $(OUT)/obj/src/main.o $(OUT)/libaduana.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

-include $(shell find $(OUT)/obj $(OUT)/gen $(OUT)/tests -name '*.d' 2>/dev/null)

build: deps all

deps:
	@scripts/deps.sh build

deps-check:
	@scripts/deps.sh check

# ---- running -----------------------------------------------------------
DB ?= aduana.db
LISTEN = $(or $(ADUANA_LISTEN),127.0.0.1:8080)
run: build
	$(OUT)/aduana migrate --db $(DB)
	$(OUT)/aduana seed-demo --db $(DB)
	$(OUT)/aduana catalog import --db $(DB)
	@echo "aduana: serving http://$(LISTEN)/ with the store $(DB); press Ctrl+C to stop"
	$(OUT)/aduana serve --db $(DB) --listen $(LISTEN)

# ---- tests -------------------------------------------------------------
# Test binaries track the headers they include (-MMD), like the program.
$(OUT)/tests/test_tmpl: tests/unit/test_tmpl.c $(OUT)/gen/tmpl_fixture.o $(OUT)/libaduana.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -I$(OUT)/gen -o $@ $(filter %.c %.o %.a,$^) -lcriterion $(LDLIBS)

$(OUT)/gen/tmpl_fixture.c: tests/unit/tmpl_fixture.html $(OUT)/tools/tmplc
	$(OUT)/tools/tmplc -o $@ $< && $(OUT)/tools/tmplc -H $(OUT)/gen/tmpl_fixture.h $<

$(OUT)/tests/%: tests/unit/%.c $(OUT)/libaduana.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $(filter %.c %.a,$^) -lcriterion $(LDLIBS)

# Unit tests; the store's run again on a throwaway PostgreSQL (scripts/pg.sh).
unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t --jobs 2; done
	@scripts/pg.sh run sh -c '$(OUT)/tests/test_db --jobs 2 && $(OUT)/tests/test_store --jobs 2 && $(OUT)/tests/test_catalogs --jobs 2 && $(OUT)/tests/test_documents --jobs 2 && $(OUT)/tests/test_customs --jobs 2 && $(OUT)/tests/test_mail_store --jobs 2'

# The HTTP suite against `aduana serve`, on SQLite and then on PostgreSQL.
http: http-sqlite http-pg
http-sqlite: $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana ADUANA_TEST_ENGINE=sqlite node --test tests/http/
http-pg: $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana ADUANA_TEST_ENGINE=postgresql scripts/pg.sh run node --test tests/http/

browser: $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana node --test --test-concurrency=1 tests/browser/

# The security stage (tests/security/README.md): sqlmap, XSS in Chromium, CSRF,
# traversal and open redirects over every route of `aduana routes`, and the
# framing cases of the HTTP suite.  SQLite only: the SQL is the engines' shared
# text.  `make check` runs the bounded sweep; security-long the full one
# (sqlmap --level 3 --risk 2 with every technique, every XSS payload, every field).
SECURITY_TESTS = tests/security/ tests/http/framing.test.mjs
security: deps-check $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana node --test --test-concurrency=2 $(SECURITY_TESTS)
security-long: deps-check $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana SECURITY_LONG=1 node --test --test-concurrency=2 $(SECURITY_TESTS)

# Each libFuzzer target for FUZZ_TIME seconds on its corpus (scripts/fuzz.sh);
# fuzz-long: ten minutes each.
FUZZ_TIME ?= 15
fuzz:
	@FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz.sh
fuzz-long:
	@FUZZ_TIME=600 scripts/fuzz.sh

asan:
	$(MAKE) OUT=build/asan CC=clang OPT=-O1 SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit http

lint: $(OUT)/gen/templates.h
	scripts/checksrc.sh
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --inline-suppr -Isrc -I$(OUT)/gen src tools
	clang-tidy --quiet $(LIB_SRC) src/main.c tools/*.c -- -std=c11 -D_DEFAULT_SOURCE \
	  -D_POSIX_C_SOURCE=200809L -Isrc -I$(OUT)/gen $(PKG_CFLAGS) 2>&1 | { ! grep -E 'error:|warning:' ; }

check: deps-check
	@scripts/check.sh

bench: all
	@scripts/deps.sh bench
	bench/page.sh
	BENCH_ENGINE=postgresql bench/page.sh
	bench/login.sh
	bench/aforo.sh
	BENCH_ENGINE=postgresql bench/aforo.sh

# Estado de Trámite Integral on 10 million documents of 1,000 OCE codes, on
# both engines (about 20 minutes; BENCH_DOCS and BENCH_OCES scale it).
bench-docs: all
	@scripts/deps.sh bench
	bench/tramites.sh
	BENCH_ENGINE=postgresql bench/tramites.sh

# Under attack (issue 8): a legitimate client while 2,000 slow connections
# hold slots, and real sign-ins while 20 addresses flood the sign-in (about
# 6 minutes).
bench-attack: all
	@scripts/deps.sh bench
	bench/slowloris.sh
	bench/signin_flood.sh

# The account lifecycle (issue 9): Reiniciar clave for a known and an unknown
# user (no enumeration by time), Nuevo registro's page and its sending.
bench-accounts: all
	ADUANA_BIN=$(OUT)/aduana node bench/accounts.mjs

clean:
	rm -rf build
.SECONDARY:
