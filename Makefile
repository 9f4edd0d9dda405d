# regsuite: build, run the suites against the local environment, test, benchmark.
# `make run` is the main job; `make test` is what CI runs (.ci/run).
PKGS      := libcurl openssl libcjson yaml-0.1
CC        ?= cc
BASEFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-format-truncation -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) libmicrohttpd cunit 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SAN       ?= 0
TORTURE   ?= 0
ifeq ($(TORTURE),1)
# allocation torture (harness/torture/torture.c, scripts/torture.sh): the sanitizer build whose
# regsuite fails its Nth own allocation (RS_TORTURE_FAIL_AT=N)
OUT       := build/torture
OPTFLAGS  := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(SAN),1)
OUT       := build/san
OPTFLAGS  := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
OUT       := build
OPTFLAGS  := -O2
endif
CFLAGS    := $(BASEFLAGS) $(OPTFLAGS) $(PKG_CFLAGS)
LDFLAGS   := $(OPTFLAGS)

CORE_SRC  := $(filter-out harness/main.c,$(wildcard harness/*.c))
CORE_OBJ  := $(CORE_SRC:%.c=$(OUT)/obj/%.o)
AUTHD_SRC := $(filter-out fixtures/authd/main.c,$(wildcard fixtures/authd/*.c))
AUTHD_OBJ := $(AUTHD_SRC:%.c=$(OUT)/obj/%.o)
TEST_SRC  := $(wildcard harness/tests/test_*.c)
PROXY_SRC := $(wildcard fixtures/proxy/*.c)
FAULTD_SRC := $(wildcard fixtures/faultd/*.c)

REGSUITE  := $(OUT)/bin/regsuite
AUTHD     := $(OUT)/bin/authd
PROXY     := $(OUT)/bin/bugproxy
UNIT      := $(OUT)/bin/unit_tests
FAULTD    := $(OUT)/bin/faultd

.PHONY: all deps run test unit golden env-up env-down bench format clean reference fuzz fuzz-build \
        man install torture detect-full
all: $(REGSUITE) $(AUTHD) $(if $(wildcard fixtures/proxy/bugproxy.c),$(PROXY)) $(FAULTD)

deps:
	@scripts/deps.sh

$(OUT)/obj/%.o: %.c $(wildcard harness/*.h fixtures/authd/*.h fixtures/proxy/*.h fixtures/faultd/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# the HTML report's template is assembled into report_html.o (.incbin)
$(OUT)/obj/harness/report_html.o build/fuzz/obj/harness/report_html.o: harness/report_html.in

$(REGSUITE): $(OUT)/obj/harness/main.o $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

ifeq ($(TORTURE),1)
$(REGSUITE): $(OUT)/obj/harness/torture/torture.o
$(REGSUITE): LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
endif

$(AUTHD): $(OUT)/obj/fixtures/authd/main.o $(AUTHD_OBJ) $(OUT)/obj/harness/ydoc.o $(OUT)/obj/harness/fileio.o $(OUT)/obj/harness/util.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libmicrohttpd openssl libcjson yaml-0.1 libcrypt) -lpthread

$(PROXY): $(PROXY_SRC:%.c=$(OUT)/obj/%.o) $(OUT)/obj/fixtures/authd/request.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libmicrohttpd libcurl libcjson) -lpthread

# the fault server (fixtures/faultd): raw TCP, broken HTTP and TLS on purpose
$(FAULTD): $(FAULTD_SRC:%.c=$(OUT)/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libcrypto) -lpthread

$(UNIT): $(TEST_SRC:%.c=$(OUT)/obj/%.o) $(CORE_OBJ) $(AUTHD_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs cunit libcrypt)

env-up: deps all
	AUTHD=$(abspath $(AUTHD)) PROXY=$(abspath $(PROXY)) FAULTD=$(abspath $(FAULTD)) fixtures/env/env.sh up

env-down:
	fixtures/env/env.sh down

# The main job: every suite against the local environment; reports in reports/.
run: deps
	@scripts/run.sh

test: deps
	@scripts/test.sh

unit: deps
	$(MAKE) SAN=1 build/san/bin/unit_tests && build/san/bin/unit_tests

# Golden tests of the CLI (scripts/golden.sh), both groups, with the sanitizer builds. The `env`
# cases need the local environment: the runner starts it (and stops it afterwards) when it is not
# running; after `make env-up` it uses the running one. One group: scripts/golden.sh --needs none.
# UPDATE=1 make golden rewrites the expected files from the actual output (review with git diff).
golden: deps
	$(MAKE) -s SAN=1 all
	@BIN=$(abspath build/san/bin) scripts/golden.sh

# libFuzzer targets (harness/fuzz/fuzz_*.c), one per parser of hostile input, linked with the
# harness and authd objects built by clang with the same sanitizers (build/fuzz/). `make fuzz`
# runs each for FUZZ_SECONDS (default 60) or until FUZZ_RUNS executions (scripts/fuzz.sh: seed
# corpora, then the regression inputs).
FUZZ_CC      ?= $(shell command -v clang-14 || echo clang)
FUZZ_SECONDS ?=
FUZZ_RUNS    ?=
FUZZ_JOBS    ?= 1
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link $(PKG_CFLAGS)
FUZZ_LIBOBJ  := $(CORE_SRC:%.c=build/fuzz/obj/%.o) build/fuzz/obj/fixtures/authd/acl.o \
                build/fuzz/obj/fixtures/authd/scope.o \
                build/fuzz/obj/fixtures/authd/request.o build/fuzz/obj/fixtures/proxy/request.o
FUZZ_BINS    := $(patsubst harness/fuzz/%.c,build/fuzz/bin/%,$(wildcard harness/fuzz/fuzz_*.c))

build/fuzz/obj/%.o: %.c $(wildcard harness/*.h harness/fuzz/*.h fixtures/authd/*.h fixtures/proxy/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/bin/fuzz_%: build/fuzz/obj/harness/fuzz/fuzz_%.o $(FUZZ_LIBOBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lcrypt

fuzz-build: $(FUZZ_BINS)

fuzz: deps
	$(MAKE) -s fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_JOBS=$(FUZZ_JOBS) scripts/fuzz.sh

# every allocation of a representative run made to fail in turn, against local-open (all N)
torture: deps
	$(MAKE) -s TORTURE=1 build/torture/bin/regsuite
	@TORTURE_ALL=1 scripts/torture.sh

bench: deps all
	@scripts/bench.sh

# every suite against every broken target: reports/detection-full.txt and the scenarios make test
# runs on each (suites/expected/detection.tsv); the environment is started and left running
detect-full: env-up
	@scripts/detect-full.sh

format:
	clang-format -i harness/*.c harness/*.h harness/tests/*.c fixtures/*/*.c fixtures/*/*.h

clean:
	rm -rf build

# README's scenario reference, regenerated from the step, check and save tables
reference: all
	@scripts/reference.sh --write

# The man page: docs/regsuite.1.in with the version and run's option table filled in.
MANPAGE := $(OUT)/regsuite.1
$(MANPAGE): docs/regsuite.1.in scripts/manpage.sh $(REGSUITE)
	@scripts/manpage.sh $(REGSUITE) docs/regsuite.1.in >$@.tmp && mv $@.tmp $@

man: $(MANPAGE)

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its man page, the suites and the
# report formats under share/regsuite/.
PREFIX ?= /usr/local
install: $(REGSUITE) $(MANPAGE)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/regsuite
	install -m 755 $(REGSUITE) $(DESTDIR)$(PREFIX)/bin/regsuite
	install -m 644 $(MANPAGE) $(DESTDIR)$(PREFIX)/share/man/man1/regsuite.1
	install -m 644 docs/report.schema.json docs/diff.schema.json docs/junit.xsd $(DESTDIR)$(PREFIX)/share/regsuite/
	rm -rf $(DESTDIR)$(PREFIX)/share/regsuite/suites
	cp -R suites $(DESTDIR)$(PREFIX)/share/regsuite/suites
