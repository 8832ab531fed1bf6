# aduana — build, run and test.  `make run` and `make check` do everything,
# installing what is missing first (scripts/deps.sh).  See README.md.

CC      ?= gcc
OUT     ?= build
OPT     ?= -O2
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS  ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) \
             -fstack-protector-strong -Isrc -I$(OUT)/gen $(CFLAGS) $(SAN)
LDLIBS   = -lmicrohttpd -lsodium -lsqlite3 -lpthread

LIB_SRC  = $(sort $(wildcard src/core/*.c src/http/*.c src/auth/*.c src/db/*.c src/domain/*.c src/web/*.c))
TMPL     = $(sort $(wildcard src/web/tmpl/*.html))
STATIC   = $(sort $(wildcard static/*))
MIGR     = $(sort $(wildcard src/db/migrations/*.sql))
GEN_SRC  = $(patsubst src/web/tmpl/%.html,$(OUT)/gen/tmpl_%.c,$(TMPL)) \
           $(OUT)/gen/static_files.c $(OUT)/gen/migrations.c
LIB_OBJ  = $(patsubst %.c,$(OUT)/obj/%.o,$(LIB_SRC)) $(patsubst %.c,%.o,$(GEN_SRC))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNIT_SRC))
FUZZ_SRC = $(sort $(wildcard fuzz/fuzz_*.c))

.PHONY: all run check deps deps-check build unit http browser fuzz asan lint bench clean
.DEFAULT_GOAL := all

all: $(OUT)/aduana

# ---- generated sources -------------------------------------------------
$(OUT)/tools/%: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O1 -o $@ $<

$(OUT)/gen/tmpl_%.c: src/web/tmpl/%.html $(OUT)/tools/tmplc
	@mkdir -p $(dir $@)
	$(OUT)/tools/tmplc -o $@ $<

$(OUT)/gen/templates.h: $(TMPL) $(OUT)/tools/tmplc
	@mkdir -p $(dir $@)
	$(OUT)/tools/tmplc -H $@ $(TMPL)

$(OUT)/gen/static_files.c: $(STATIC) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ static_files $(STATIC)

$(OUT)/gen/migrations.c: $(MIGR) $(OUT)/tools/embed
	@mkdir -p $(dir $@)
	$(OUT)/tools/embed $@ db_migrations $(MIGR)

# ---- the program -------------------------------------------------------
# V=1 shows the full commands.
Q = $(if $(V),,@)

$(OUT)/obj/%.o: %.c $(OUT)/gen/templates.h
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/gen/%.o: $(OUT)/gen/%.c $(OUT)/gen/templates.h
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-unused-parameter -MMD -MP -c -o $@ $<

$(OUT)/libaduana.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(OUT)/aduana: $(OUT)/obj/src/main.o $(OUT)/libaduana.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

-include $(shell find $(OUT)/obj $(OUT)/gen -name '*.d' 2>/dev/null)

build: deps all

deps:
	@scripts/deps.sh build

deps-check:
	@scripts/deps.sh check

# ---- running -----------------------------------------------------------
DB ?= aduana.db
run: build
	$(OUT)/aduana migrate --db $(DB)
	$(OUT)/aduana seed-demo --db $(DB)
	$(OUT)/aduana serve --db $(DB) --listen 127.0.0.1:8080

# ---- tests -------------------------------------------------------------
$(OUT)/tests/test_tmpl: tests/unit/test_tmpl.c $(OUT)/gen/tmpl_fixture.o $(OUT)/libaduana.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(OUT)/gen -o $@ $^ -lcriterion $(LDLIBS)

$(OUT)/gen/tmpl_fixture.c: tests/unit/tmpl_fixture.html $(OUT)/tools/tmplc
	$(OUT)/tools/tmplc -o $@ $< && $(OUT)/tools/tmplc -H $(OUT)/gen/tmpl_fixture.h $<

$(OUT)/tests/%: tests/unit/%.c $(OUT)/libaduana.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lcriterion $(LDLIBS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t --jobs 2; done

http: $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana node --test tests/http/

browser: $(OUT)/aduana
	ADUANA_BIN=$(OUT)/aduana node --test --test-concurrency=1 tests/browser/

FUZZ_TIME ?= 15
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
# The library is built once with fuzzer instrumentation; each target links it.
fuzz:
	@$(MAKE) --no-print-directory OUT=build/fuzz CC=clang OPT=-O1 \
	  SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" build/fuzz/libaduana.a
	@set -e; for f in $(FUZZ_SRC); do \
	  n=$$(basename $$f .c); c=$${n#fuzz_}; \
	  echo "== $$n ($(FUZZ_TIME) s)"; \
	  clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) -Isrc -Ibuild/fuzz/gen \
	    -o build/fuzz/$$n $$f build/fuzz/libaduana.a $(LDLIBS); \
	  rm -rf build/fuzz/work-$$c; mkdir -p build/fuzz/work-$$c build/fuzz/tmp; \
	  extra=""; [ $$c = tmplc ] && extra=src/web/tmpl; \
	  TMPDIR=build/fuzz/tmp build/fuzz/$$n -max_total_time=$(FUZZ_TIME) -print_final_stats=1 build/fuzz/work-$$c fuzz/corpus/$$c $$extra \
	    > build/fuzz/$$n.log 2>&1 || { tail -n 40 build/fuzz/$$n.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done" build/fuzz/$$n.log | tail -n 1; \
	done

asan:
	$(MAKE) OUT=build/asan CC=clang OPT=-O1 SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit http

lint: $(OUT)/gen/templates.h
	scripts/checksrc.sh
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --inline-suppr -Isrc -I$(OUT)/gen src tools
	clang-tidy --quiet $(LIB_SRC) src/main.c tools/*.c -- -std=c11 -D_DEFAULT_SOURCE \
	  -D_POSIX_C_SOURCE=200809L -Isrc -I$(OUT)/gen 2>&1 | { ! grep -E 'error:|warning:' ; }

check: deps-check
	@scripts/check.sh

bench: all
	@scripts/deps.sh bench
	bench/page.sh
	bench/login.sh

clean:
	rm -rf build
.SECONDARY:
