#!/usr/bin/env bash
# make test: sanitizer builds, CUnit unit tests, a short run of every fuzz target and its regression
# inputs, golden tests of the CLI, a valgrind smoke run, allocation torture, every suite against the local environment
# (compared with suites/expected/local.yaml), its HTML report in headless Chromium, the ci/ pipelines
# (lint; ci/nightly.sh twice, the diff empty), every suite against the spec-legal variant targets
# (nothing beyond local's own failures; reports/variants.txt), the security suite against the
# broken targets (it must fail there), the detection table, and a sanitizer-log check.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/build/san/bin
OUT=$ROOT/reports/test
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
# golden GROUP: runs scripts/golden.sh --needs GROUP, counting each case into the totals
golden() {
    BIN=$BIN scripts/golden.sh --needs "$1" | tee "$OUT/golden-$1.out"
    local rc=${PIPESTATUS[0]} p f
    p=$(grep -c '^ok   golden:' "$OUT/golden-$1.out")
    f=$(grep -c '^FAIL golden:' "$OUT/golden-$1.out")
    pass=$((pass + p)); fail=$((fail + f))
    [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || ko "golden runner (--needs $1) exit $rc"
    [ $((p + f)) -gt 0 ] || ko "golden: no case in group $1"
}
# sub NAME SCRIPT [ARG...]: a test script printing ok/FAIL lines, each counted into the totals
sub() {
    local name=$1
    shift
    BIN=$BIN T=$T OUT=$OUT "$@" | tee "$OUT/$name.out"
    local rc=${PIPESTATUS[0]} p f
    p=$(grep -c '^ok   ' "$OUT/$name.out"); f=$(grep -c '^FAIL ' "$OUT/$name.out")
    pass=$((pass + p)); fail=$((fail + f))
    [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || ko "$name: exit $rc"
    [ "$p" -gt 0 ] || ko "$name: no check ran"
}
finish() {
    fixtures/env/env.sh down >/dev/null 2>&1
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$OUT" "$ROOT/build/tmp"; rm -f "$OUT"/*   # files holding credentials go to build/tmp, never reports/

echo "== build (-fsanitize=address,undefined; the plain build for valgrind; the fuzz targets)"
if ! make -s SAN=1 all build/san/bin/unit_tests >"$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; ko "sanitizer build"; finish
fi
ok "sanitizer build"
if ! { make -s all && make -s -j2 fuzz-build && make -s TORTURE=1 build/torture/bin/regsuite; } >>"$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; ko "plain, fuzz and torture builds (build/bin, build/fuzz/bin, build/torture/bin)"; finish
fi
ok "plain, fuzz and torture builds (build/bin, build/fuzz/bin, build/torture/bin)"

echo "== the bug proxy's table of modes"
"$BIN/bugproxy" --list-modes --markdown >"$OUT/modes.md" 2>&1
sed -n '/^<!-- modes:begin/,/^<!-- modes:end/p' fixtures/README.md | sed '1d;$d' >"$OUT/modes-readme.md"
check "fixtures/README.md's mode table is bugproxy --list-modes --markdown (see reports/test/modes*.md)" \
    bash -c "[ -s '$OUT/modes.md' ] && cmp -s '$OUT/modes.md' '$OUT/modes-readme.md'"
"$BIN/bugproxy" --mode no-such-mode --port 1 >/dev/null 2>"$OUT/mode-unknown.err"; rc=$?
check "bugproxy: an unknown --mode exits 2 listing the valid modes" \
    bash -c "[ $rc -eq 2 ] && grep -q 'valid modes:.* mount-any .* slow' '$OUT/mode-unknown.err'"

echo "== unit tests (CUnit)"
"$BIN/unit_tests" >"$OUT/unit.log" 2>&1; urc=$?
cat "$OUT/unit.log"
read -r _ _ _ upass ufail _ < <(grep -E '^ +tests ' "$OUT/unit.log") || true
pass=$((pass + ${upass:-0})); fail=$((fail + ${ufail:-0}))
[ "$urc" -eq 0 ] || ko "unit test binary exit $urc (sanitizer report?)"

echo "== fuzz targets (libFuzzer: 10 s each from the seed corpora, then every regression input)"
FUZZ_SECONDS=10 FUZZ_JOBS=2 scripts/fuzz.sh | tee "$OUT/fuzz.out"
frc=${PIPESTATUS[0]}
fp=$(grep -c '^ok   fuzz' "$OUT/fuzz.out"); ff=$(grep -c '^FAIL fuzz' "$OUT/fuzz.out")
pass=$((pass + fp)); fail=$((fail + ff))
[ "$frc" -eq 0 ] || [ "$ff" -gt 0 ] || ko "fuzz runner exit $frc"
[ "$fp" -ge "$(ls harness/fuzz/fuzz_*.c | wc -l)" ] || ko "fuzz: a target did not report"

echo "== golden tests of the CLI (scripts/golden.sh; cases needing nothing running)"
golden none
G=harness/tests/golden
"$BIN/regsuite" run --target "$G/target-unreachable.yaml" --junit "$OUT/unreach.xml" suites/push >"$OUT/unreach.out" 2>&1; rc=$?
check "golden: an unreachable registry exits 3 and still writes its report" \
    bash -c "[ $rc -eq 3 ] && grep -q '<error' '$OUT/unreach.xml' && grep -q 'errors' '$OUT/unreach.out'"
for f in "$G"/config/*.yaml; do
    want=$(sed -n 's/^# expect-error: //p' "$f"); [ -n "$want" ] || continue
    "$BIN/regsuite" run --target "$f" suites/push >"$OUT/config.out" 2>"$OUT/config.err"; rc=$?
    check "config: $(basename "$f") is refused (exit 2) naming '$want'" \
        bash -c "[ $rc -eq 2 ] && grep -qF -- \"$want\" '$OUT/config.err'"
done
"$BIN/regsuite" run --target "$G/config/good.yaml" --filter no-such-scenario suites/push >"$OUT/empty.out" 2>&1; rc=$?
check "an empty selection exits 2 naming the filter and how many scenarios were loaded" \
    bash -c "[ $rc -eq 2 ] && grep -q \"no scenario selected: --filter 'no-such-scenario' matches none of the $(ls suites/push/*.yaml | wc -l) scenario\" '$OUT/empty.out'"
bad_values_ok=1
for o in "--timeout abc" "--deadline -1" "--max-timeouts x" "--timeout 0" "--deadline"; do
    # shellcheck disable=SC2086
    "$BIN/regsuite" run $o --target "$G/config/good.yaml" suites/push >/dev/null 2>&1
    [ $? -eq 2 ] || { echo "  $o: not a usage error"; bad_values_ok=0; }
done
check "bad option values (--timeout abc, --deadline -1, --max-timeouts x) are usage errors (exit 2)" [ "$bad_values_ok" -eq 1 ]
"$BIN/regsuite" list suites >"$OUT/list.out" 2>&1
check "list shows every scenario and the counts: $(tail -1 "$OUT/list.out")" \
    bash -c "[ \$(grep -c . '$OUT/list.out') -eq \$((\$(find suites -name '*.yaml' -not -name '*.matrix.yaml' -not -name '*.fixture.yaml' -not -path '*/expected/*' | wc -l) + \$(cat suites/*/*.matrix.yaml | grep -c '^    needs:') * \$(grep -c '^    as: ' suites/authz/authz.matrix.yaml) + 1)) ] && tail -1 '$OUT/list.out' | grep -qE '^[0-9]+ scenarios: [0-9]+ with two or more actors, [0-9]+ regressions'"
read -r nsc nmulti < <(tail -1 "$OUT/list.out" | sed -E 's/^([0-9]+) scenarios: ([0-9]+) with two or more actors.*/\1 \2/')
nregr=$("$BIN/regsuite" list --tsv suites/regressions | awk -F'\t' '$5 ~ /^bug-/ && $6 != "-"' | wc -l)
check "the suites: $nsc scenarios (>= 150), $nmulti with two or more actors (>= 100), $nregr in suites/regressions, each with affects and reproduced_by (>= 40)" \
    bash -c "[ '${nsc:-0}' -ge 150 ] && [ '${nmulti:-0}' -ge 100 ] && [ '$nregr' -ge 40 ] && [ \$(ls suites/regressions/*.yaml | wc -l) -eq '$nregr' ]"

echo "== man page and make install"
make -s SAN=1 man >>"$OUT/build.log" 2>&1
LC_ALL=C MANWIDTH=200 man --warnings -l build/san/regsuite.1 >"$OUT/man.txt" 2>"$OUT/man.err"
check "man page: man -l renders regsuite(1) without warnings (reports/test/man.err)" \
    bash -c "grep -q '^REGSUITE(1)' '$OUT/man.txt' && grep -q 'RUN OPTIONS' '$OUT/man.txt' && [ ! -s '$OUT/man.err' ]"
# man_missing MANTEXT: the options 'regsuite help' names that the rendered page lacks
man_missing() {
    "$BIN/regsuite" help | grep -oE '(^|[ [(])--?[a-z][a-z-]*' | tr -d ' [(' | sort -u |
        while read -r o; do grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$1" || echo "$o"; done
}
missing=$(man_missing "$OUT/man.txt" | tr '\n' ' ')
grep -v -- '--trace-dir' "$OUT/man.txt" >"$OUT/man-cut.txt"
check "man page: every option of 'regsuite help' is in it${missing:+ (missing: $missing)}; one cut out is found missing" \
    bash -c "[ -z '$missing' ] && $(declare -f man_missing); BIN='$BIN' man_missing '$OUT/man-cut.txt' | grep -qx -- --trace-dir"
rm -rf "$OUT/inst"
make -s SAN=1 install DESTDIR="$OUT/inst" PREFIX=/usr >>"$OUT/build.log" 2>&1
check "make install DESTDIR=... PREFIX=/usr: the binary (--version), regsuite(1), the suites, the report formats" \
    bash -c "'$OUT/inst/usr/bin/regsuite' --version | grep -qx 'regsuite [0-9]*\.[0-9]*\.[0-9]*' && LC_ALL=C man -l '$OUT/inst/usr/share/man/man1/regsuite.1' | grep -q '^REGSUITE(1)' && [ -f '$OUT/inst/usr/share/regsuite/suites/expected/local.yaml' ] && [ -f '$OUT/inst/usr/share/regsuite/report.schema.json' ] && [ -f '$OUT/inst/usr/share/regsuite/junit.xsd' ]"

echo "== local environment"
fixtures/env/env.sh down >/dev/null 2>&1   # start clean, with the sanitizer builds
fixtures/env/env.sh status >"$OUT/env-status-down.out" 2>&1; rc=$?
check "env.sh status after down: exit 1, 'not up' (make bench then starts the environment itself)" \
    bash -c "[ $rc -eq 1 ] && grep -q '^not up' '$OUT/env-status-down.out'"
if ! AUTHD=$BIN/authd PROXY=$BIN/bugproxy FAULTD=$BIN/faultd fixtures/env/env.sh up >"$OUT/env.log" 2>&1; then
    cat "$OUT/env.log"; ko "environment starts"; finish
fi
ok "environment starts"
fixtures/env/env.sh status >"$OUT/env-status-up.out" 2>&1; rc=$?
check "env.sh status after up: exit 0, every service running" \
    bash -c "[ $rc -eq 0 ] && ! grep -qv '^running ' '$OUT/env-status-up.out'"
T=$ROOT/build/targets
golden env
vg_ok=1
for sc in suites/push/push-first.yaml suites/push/push-repush.yaml; do
    valgrind --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \
        build/bin/regsuite run --target "$T/local-open.yaml" "$sc" >"$OUT/valgrind.log" 2>&1 || vg_ok=0
    grep -q 'ERROR SUMMARY: 0 errors' "$OUT/valgrind.log" || vg_ok=0
    ! grep -qE 'definitely lost: [1-9]' "$OUT/valgrind.log" || vg_ok=0
    [ "$vg_ok" -eq 1 ] || { cp "$OUT/valgrind.log" "$OUT/valgrind-$(basename "$sc" .yaml).log"; break; }
done
check "valgrind memcheck of build/bin/regsuite (push-first, push-repush against local-open): 0 errors, 0 bytes definitely lost" \
    [ "$vg_ok" -eq 1 ]
echo "== allocation torture (scripts/torture.sh: the Nth allocation fails, sampled N, against local-open)"
scripts/torture.sh | tee "$OUT/torture.out"
trc=${PIPESTATUS[0]}
tp=$(grep -c '^ok   torture' "$OUT/torture.out"); tf=$(grep -c '^FAIL torture' "$OUT/torture.out")
pass=$((pass + tp)); fail=$((fail + tf))
[ "$trc" -eq 0 ] || [ "$tf" -gt 0 ] || ko "torture runner exit $trc"
grep -q '^torture: [0-9]* runs of [0-9]* allocations, 0 crashes, 0 leaks$' "$OUT/torture.out" || ko "torture: no clean summary line"
"$BIN/authd" --config harness/tests/golden/bad-users.yaml --check >/dev/null 2>"$OUT/authd-bad.err"
check "authd refuses a malformed users file with file:line" grep -q 'bad-users.yaml:5:' "$OUT/authd-bad.err"
scripts/authd-robustness.sh >"$OUT/authd-robust.log" 2>&1
check "authd: 400 JSON on malformed requests, survives garbage, oversized and slow clients" [ $? -eq 0 ]

echo "== every suite against local"
"$BIN/regsuite" run --target "$T/local.yaml" --junit "$OUT/local.xml" --json "$OUT/local.json" \
    --html "$OUT/local.html" suites | tee "$OUT/local.out"
"$BIN/regsuite" expect --list suites/expected/local.yaml "$OUT/local.json" | tee "$OUT/expect.out"
check "local: no failure beyond suites/expected/local.yaml" [ "${PIPESTATUS[0]}" -eq 0 ]
check "local: JUnit written with a testsuite per folder, named target.folder" grep -q '<testsuite name="local.security"' "$OUT/local.xml"
check "reports hold no password" bash -c "! grep -qF -f <(cat build/env/secrets/*) '$OUT'/*.xml '$OUT'/*.json '$OUT'/*.out"
check "reports hold no token (the traces were there: JUnit carries them for failures)" \
    bash -c "grep -q 'Authorization: \[redacted\]' '$OUT/local.xml' && ! grep -qE 'eyJ[A-Za-z0-9_-]{10,}\.' '$OUT'/*.xml '$OUT'/*.json"

echo "== report formats: JSON Schema, Jenkins' JUnit schema, a packaged JUnit reader"
scripts/report-check.py json docs/report.schema.json "$OUT/local.json" >"$OUT/schema.out" 2>&1
check "JSON report validates against docs/report.schema.json (python3-jsonschema; reports/test/schema.out)" [ $? -eq 0 ]
jq '.results[0].outcome = "GREEN" | del(.run_id) | .results[1].refs = "one"' "$OUT/local.json" >"$OUT/bad-report.json"
scripts/report-check.py json docs/report.schema.json "$OUT/bad-report.json" >"$OUT/schema-bad.out" 2>&1
check "the schema refuses an unknown outcome, a missing run_id and refs that are not an array" \
    bash -c "[ \$(grep -c . '$OUT/schema-bad.out') -ge 3 ]"
xmllint --noout --schema docs/junit.xsd "$OUT/local.xml" 2>"$OUT/xsd.err"
check "JUnit validates against docs/junit.xsd (xmllint; Jenkins' rules)" [ $? -eq 0 ]
sed 's/<testcase /<testcase file="x.yaml" /' "$OUT/local.xml" >"$OUT/bad-junit.xml"
xmllint --noout --schema docs/junit.xsd "$OUT/bad-junit.xml" >/dev/null 2>&1
check "docs/junit.xsd refuses an attribute Jenkins' schema rejects (testcase file=)" [ $? -ne 0 ]
check "JUnit: timestamp, hostname, time on each suite; SHOULD warnings in system-out and a warnings property" \
    bash -c "! grep '<testsuite ' '$OUT/local.xml' | grep -v 'timestamp=\"[0-9T:-]*\" hostname=\"[^\"]*\" .*time=\"[0-9.]*\"' && grep -q 'WARNING (a SHOULD or MAY check not met' '$OUT/local.xml' && grep -q '<property name=\"warnings\" value=\"[1-9]' '$OUT/local.xml'"

echo "== baselines in the run (--expected), traces, diff"
"$BIN/regsuite" run --target "$T/local.yaml" --expected suites/expected/local.yaml --strict-expected \
    --junit "$OUT/local-x.xml" --json "$OUT/local-x.json" --trace-dir "$OUT/traces" suites >"$OUT/local-x.out" 2>&1; rc=$?
nlisted=$(grep -c '^  - id:' suites/expected/local.yaml)
check "--expected: exit 0, each of the $nlisted listed deviations XFAIL, JUnit failures=0 with them as skipped testcases" \
    bash -c "[ $rc -eq 0 ] && [ \$(grep -c '^XFAIL ' '$OUT/local-x.out') -eq $nlisted ] && grep -q '<testsuites [^>]*failures=\"0\" errors=\"0\"' '$OUT/local-x.xml' && [ \$(grep -c '<skipped message=\"expected failure' '$OUT/local-x.xml') -ge $nlisted ]"
xmllint --noout --schema docs/junit.xsd "$OUT/local-x.xml" 2>>"$OUT/xsd.err" &&
    scripts/report-check.py json docs/report.schema.json "$OUT/local-x.json" >>"$OUT/schema.out" 2>&1
check "--expected: its JUnit and JSON validate too" [ $? -eq 0 ]
nres=$(jq '.results | length' "$OUT/local-x.json")
check "--trace-dir: one trace per scenario ($nres, passing ones too), no password or token; a failure names its trace" \
    bash -c "[ \$(ls '$OUT/traces' | grep -c '\.trace$') -eq $nres ] && ! grep -qF -f <(cat build/env/secrets/*) -r '$OUT/traces' && ! grep -qrE 'eyJ[A-Za-z0-9_-]{10,}\.' '$OUT/traces' && grep -q '^  trace: $OUT/traces/upload-out-of-order.trace' '$OUT/local-x.out'"
"$BIN/regsuite" diff --json "$OUT/diff-local.json" "$OUT/local.json" "$OUT/local-x.json" >"$OUT/diff-local.out" 2>&1
check "diff of two runs against local: exit 0, nothing regressed or changed (reports/test/diff-local.out)" \
    bash -c "[ $? -eq 0 ] && grep -q '^diff: 0 regressed, 0 changed' '$OUT/diff-local.out' && jq -e '.regressed == false' '$OUT/diff-local.json' >/dev/null"
scripts/report-check.py json docs/diff.schema.json "$OUT/diff-local.json" >"$OUT/diff-schema.out" 2>&1
check "diff --json validates against docs/diff.schema.json" [ $? -eq 0 ]
echo "== the HTML report of that run in headless Chromium (scripts/html-test.sh; reports/test/html.png)"
sub html scripts/html-test.sh "$OUT/local.html" "$OUT/local.xml" "$OUT/local.json"

echo "== ci/: the pipelines lint; ci/nightly.sh against local twice, the diff empty (scripts/ci-test.sh)"
sub ci scripts/ci-test.sh

echo "== -j 4 and --shard + merge give every scenario and check the verdicts of -j 1"
# per scenario: id, outcome and the verdict of each check in order (from the JSON reports)
verdicts() { jq -r '.results[] | .id + " " + .outcome + " " + ([.checks[].verdict] | join(","))' "$1"; }
EXP=suites/expected/local.yaml
"$BIN/regsuite" run -j 4 --target "$T/local.yaml" --json "$OUT/local-j4.json" suites >"$OUT/local-j4.out" 2>&1
check "-j 4: the same verdicts as -j 1 on every suite against local (reports/test/local-j4.*)" \
    bash -c "$(declare -f verdicts); [ -s '$OUT/local-j4.json' ] && diff <(verdicts '$OUT/local.json') <(verdicts '$OUT/local-j4.json')"
check "-j 4: console lines in plan order, one per scenario, none cut" \
    bash -c "diff <(grep -E '^(PASS|FAIL|WARN|SKIP|ERROR) ' '$OUT/local.out' | awk '{print \$1, \$3}') <(grep -E '^(PASS|FAIL|WARN|SKIP|ERROR) ' '$OUT/local-j4.out' | awk '{print \$1, \$3}')"
for i in 1 2 3; do
    "$BIN/regsuite" run -j 2 --shard $i/3 --expected $EXP --target "$T/local.yaml" --json "$OUT/shard$i.json" suites >"$OUT/shard$i.out" 2>&1
done
"$BIN/regsuite" merge --json "$OUT/merged.json" --junit "$OUT/merged.xml" "$OUT"/shard3.json "$OUT"/shard1.json "$OUT"/shard2.json >"$OUT/merge.out" 2>&1
check "--shard 1/3, 2/3, 3/3 + merge: the verdicts of -j 1, in plan order, one JUnit testcase per check" \
    bash -c "$(declare -f verdicts); diff <(verdicts '$OUT/local.json') <(verdicts '$OUT/merged.json') && tail -1 '$OUT/merged.xml' | grep -q '^</testsuites>' && [ \$(grep -c '<testcase' '$OUT/merged.xml') -eq \$(grep -c '<testcase' '$OUT/local.xml') ]"
# with --expected: the merged report keeps the list and each XFAIL/XPASS mark, as one run writes them
marks() { jq -r '.expected_list, (.results[] | .id + " " + .expected + " " + .expected_note)' "$1"; }
check "--shard + merge with --expected: the list and every XFAIL mark of the --expected run above ($(jq .summary.XFAIL "$OUT/merged.json" 2>/dev/null) XFAIL)" \
    bash -c "$(declare -f marks); diff <(marks '$OUT/local-x.json') <(marks '$OUT/merged.json') && [ \$(jq .summary.XFAIL '$OUT/merged.json') -ge 1 ]"

# distribution answers a manifest over its 4 MiB limit before reading it all and resets the HTTP/2
# stream (legal); libcurl can lose that answer: the PUT then goes again alone over HTTP/1.1. Eight
# copies of manifest-size at once, six times, make it happen (about 1 run in 3 here): no ERROR.
mkdir -p "$OUT/msize"
for i in 1 2 3 4 5 6 7 8; do
    sed "s/^id: manifest-size/id: manifest-size-$i/" suites/manifests/manifest-size.yaml >"$OUT/msize/manifest-size-$i.yaml"
done
msize_err=0 msize_again=0 msize_bad=0
for k in 1 2 3 4 5 6; do
    rm -rf "$OUT/msize-traces"
    "$BIN/regsuite" run -j 8 --target "$T/local.yaml" --trace-dir "$OUT/msize-traces" "$OUT/msize" >"$OUT/msize-$k.out" 2>&1
    rc=$?
    # each run ran: exit 0 or 1, a result line for each of the 8
    { [ $rc -le 1 ] && [ "$(grep -cE '^(PASS|FAIL|WARN|SKIP|ERROR) ' "$OUT/msize-$k.out")" -eq 8 ]; } || msize_bad=$((msize_bad + 1))
    msize_err=$((msize_err + $(grep -cE '^(ERROR|FAIL) ' "$OUT/msize-$k.out")))
    msize_again=$((msize_again + $(cat "$OUT"/msize-traces/*.trace | grep -c 'over HTTP/1.1')))
done
check "an oversize manifest PUT whose answer an HTTP/2 reset lost is sent again over HTTP/1.1: 48 runs of manifest-size at -j 8, none an error ($msize_again sent again)" \
    bash -c "[ $msize_err -eq 0 ] && [ $msize_bad -eq 0 ]"
"$BIN/regsuite" run -v -j 4 --target "$T/local.yaml" suites/conformance suites/push >"$OUT/mux.out" 2>&1
"$BIN/regsuite" run -v -j 4 --target "$T/variant-http1.yaml" suites/conformance suites/push >"$OUT/mux-h1.out" 2>&1
# owner FILE: "<HTTP/2 requests> <their connections> <HTTP/1 requests> <their connections> <most at once>"
owner() { sed -nE 's/^connections \(owner\): ([0-9]+) request\(s\) over HTTP\/2 on ([0-9]+) connection\(s\), ([0-9]+) over HTTP\/1 on ([0-9]+); at most ([0-9]+) at once$/\1 \2 \3 \4 \5/p' "$1"; }
read -r m2 c2 m1 c1 most < <(owner "$OUT/mux.out"; echo)
read -r v2 _ v1 w1 vmost < <(owner "$OUT/mux-h1.out"; echo)
check "HTTP/2 multiplexing at -j 4: the owner's ${m2:-?} registry requests over HTTP/2 share ${c2:-?} connection(s) with up to ${most:-?} in flight (token fetches: ${m1:-?} over HTTP/1 on ${c1:-?})" \
    bash -c "[ '${m2:-0}' -ge 100 ] && [ '${c2:-9}' -le 2 ] && [ '${most:-0}' -ge 3 ]"
check "HTTP/2 multiplexing: control: against variant-http1 the same requests need ${w1:-?} HTTP/1.1 connections (${v1:-?} requests, none over HTTP/2)" \
    bash -c "[ '${v2:-1}' -eq 0 ] && [ '${v1:-0}' -ge 100 ] && [ '${w1:-0}' -ge 3 ]"
# a body from 4 MiB goes over HTTP/1.1 (http.h RS_HTTP_BIG_BODY: HTTP/2's 16 KiB frames under flow
# control were a quarter slower for 1 GiB), the mux keeping that connection for the next big one
mkdir -p "$OUT/bigbody"
cat >"$OUT/bigbody/big-body-h1.yaml" <<'YAML'
id: big-body-h1
title: request bodies from 4 MiB go over HTTP/1.1, smaller ones over HTTP/2
level: MUST
refs: [http.h RS_HTTP_BIG_BODY]
blobs:
  big: {size: 6291456, seed: 5}
  small: {size: 70000, seed: 6}
steps:
  - push_blob: {as: owner, repo: "bigbody/mono-${run}", blob: big}
    expect: {status: 201}
  - push_blob: {as: owner, repo: "bigbody/chunk-${run}", blob: big, method: chunked, chunk_size: 4194304}
    expect: {status: 201}
  - push_blob: {as: owner, repo: "bigbody/mono-${run}", blob: small}
    expect: {status: 201}
  - get_blob: {as: owner, repo: "bigbody/chunk-${run}", blob: big}
    expect: {status: 200, body_digest: big}
YAML
"$BIN/regsuite" run -v --target "$T/local-open.yaml" "$OUT/bigbody" >"$OUT/bigbody.out" 2>&1
read -r b2 bc2 b1 bc1 _ < <(owner "$OUT/bigbody.out"; echo)
# over HTTP/2: 3 POSTs, the 2 MiB PATCH, 2 closing PUTs, the GET, and cleanup's 3 blob DELETEs
check "a 6 MiB PUT and a 4 MiB PATCH go over HTTP/1.1 on one connection (${b1:-?} requests on ${bc1:-?}), the 2 MiB PATCH and the rest over HTTP/2 (${b2:-?} on ${bc2:-?})" \
    bash -c "grep -q '^PASS ' '$OUT/bigbody.out' && [ '${b1:-0}' -eq 2 ] && [ '${bc1:-0}' -eq 1 ] && [ '${b2:-0}' -eq 10 ] && [ '${bc2:-0}' -eq 1 ]"
# at -j 4 beside suites/push: only the big bodies leave HTTP/2 (libcurl 7.88 marks a host "cannot
# multiplex" in a cache holding an HTTP/1.1 connection: they have a cache of their own, mux.c)
for i in 2 3; do sed "s/^id: big-body-h1/id: big-body-h1-$i/" "$OUT/bigbody/big-body-h1.yaml" >"$OUT/bigbody/big-body-h1-$i.yaml"; done
"$BIN/regsuite" run -v -j 4 --target "$T/local-open.yaml" "$OUT/bigbody" suites/push >"$OUT/bigbody-j4.out" 2>&1
read -r j2 jc2 j1 _ < <(owner "$OUT/bigbody-j4.out"; echo)
check "at -j 4, three such scenarios beside suites/push: 6 requests over HTTP/1.1 (${j1:-?}), the owner's ${j2:-?} others over HTTP/2 on ${jc2:-?} connection(s)" \
    bash -c "[ \$(grep -c '^PASS  MUST   big-body-h1' '$OUT/bigbody-j4.out') -eq 3 ] && [ '${j1:-0}' -eq 6 ] && [ '${j2:-0}' -ge 50 ] && [ '${jc2:-9}' -le 2 ]"
echo "== run-level fixtures: made once per run, read by every scenario naming them (scripts/fixture-test.sh)"
sub fixture scripts/fixture-test.sh
PAR=(-j 4) # the loops below run in parallel only when the two checks above hold
diff <(verdicts "$OUT/local.json") <(verdicts "$OUT/local-j4.json") >/dev/null 2>&1 || PAR=()
"$BIN/regsuite" run -j 4 --target "$T/harness-stall.yaml" --junit "$OUT/sigj4.xml" --json "$OUT/sigj4.json" suites/push >"$OUT/sigj4.out" 2>&1 &
pid=$!; sleep 2; kill -INT $pid; wait $pid; rc=$?
check "SIGINT during a -j 4 run: exit 130, reports written and marked partial, every scenario accounted" \
    bash -c "[ $rc -eq 130 ] && grep -q '^PARTIAL run' '$OUT/sigj4.out' && grep -q 'property name=\"partial\"' '$OUT/sigj4.xml' && [ \$(jq '.results | length' '$OUT/sigj4.json') -eq $(ls suites/push/*.yaml | wc -l) ]"

echo "== spec-legal variants: every suite, no failure or error beyond local's own (reports/variants.txt)"
variants=()
for f in "$T"/variant-*.yaml; do
    [ -e "$f" ] || continue
    t=$(basename "$f" .yaml)
    "$BIN/regsuite" run "${PAR[@]}" --target "$f" --json "$OUT/$t.json" --junit "$OUT/$t.xml" --trace-dir "$OUT/traces-$t" suites >"$OUT/$t.out" 2>&1
    "$BIN/regsuite" expect --repaired-ok --list suites/expected/local.yaml "$OUT/$t.json" >"$OUT/$t-expect.out" 2>&1
    check "$t: no MUST failure and no error beyond local's (reports/test/$t-expect.out)" [ $? -eq 0 ]
    variants+=("$OUT/$t.json")
done
check "variants: bugproxy's legal modes gave variant targets" [ ${#variants[@]} -ge 3 ]
scripts/report-check.py junit "$OUT/local.xml" "${variants[@]/%.json/.xml}" >"$OUT/junitparser.out" 2>&1
check "JUnit of local and every variant, merged and read by junitparser: counts agree, no suite name collides" [ $? -eq 0 ]
mkdir -p reports
scripts/variants-table.sh "$OUT/local.json" "${variants[@]}" >reports/variants.txt
check "variants: every scenario has local's outcome on every variant (reports/variants.txt)" \
    grep -q '^variants: 0 cell(s) differ' reports/variants.txt
warned=$(for j in "${variants[@]}"; do jq -r --slurpfile l "$OUT/local.json" --arg t "$(basename "$j" .json)" \
    '.results[] | select(.outcome == "WARN") | .id as $id | select(any($l[0].results[]; .id == $id and .outcome == "PASS")) | "\($t) \($id)"' "$j"; done)
check "variants: the only warning beyond local's is variant-plain-headers' missing API-version header (a SHOULD) [got: ${warned//$'\n'/, }]" \
    bash -c "[ '$warned' = 'variant-plain-headers api-base' ] && grep -q \"Docker-Distribution-API-Version: expected 'registry/2.0', got no such header\" '$OUT/variant-plain-headers.out'"
outcome() { jq -r --arg id "$2" '.results[] | select(.id == $id) | .outcome' "$OUT/$1.json"; }
check "variant-tags-sorted: the tags scenarios pass on a sorted, paged list with Link" \
    bash -c "[ '$(outcome variant-tags-sorted discovery-tags-pagination)' = PASS ] && [ '$(outcome variant-tags-sorted discovery-tags-sorted)' = PASS ]"
check "variant-tags-no-link: without Link only the MAY step warns; pages: all pages with last=" \
    bash -c "[ '$(outcome variant-tags-no-link discovery-tags-pagination)' = WARN ] && [ '$(outcome variant-tags-no-link discovery-tags-sorted)' = PASS ]"
reason() { jq -r --arg id "$2" '.results[] | select(.id == $id) | .reason' "$OUT/$1.json"; }
mount_gated() { # the scenarios needing a 201 mount skip, the steps needing one skip, both naming mount
    local v=variant-mount-unsupported id
    for id in mount-public-base mount-delete-stays-gone; do
        [ "$(outcome $v $id)" = SKIP ] && [ "$(reason $v $id)" = "the target does not declare feature 'mount'" ] || return 1
    done
    for id in push-mount token-scopes; do
        [ "$(outcome $v $id)" = PASS ] && [[ "$(reason $v $id)" == *"skipped: the target does not declare feature 'mount'" ]] || return 1
    done
}
check "variant-mount-unsupported (mount: false): scenarios and steps needing a 201 mount are skipped naming the feature, the rest pass" mount_gated
check "OCI check 56 both ways: management-delete PASSes on variant-tag-delete-unsupported (400 UNSUPPORTED) and WARNs on local (400 DIGEST_INVALID)" \
    bash -c "[ '$(outcome variant-tag-delete-unsupported management-delete)' = PASS ] && [ '$(jq -r '.results[] | select(.id == "management-delete") | .outcome' "$OUT/local.json")' = WARN ] && grep -q \"check 'error_code'.*DIGEST_INVALID\" '$OUT/local.out'"
check "variant-upload-other-host: uploads continued on https://localhost (another origin): no upload completed through the proxy" \
    bash -c "grep -qE 'POST /v2/[^ ]*/blobs/uploads/ -> 202' build/env/proxy-upload-other-host/proxy.log && ! grep -qE 'PUT /v2/[^ ]*/blobs/uploads/[^ ]* -> 201' build/env/proxy-upload-other-host/proxy.log"
ntok=$(grep -c 'GET /token' build/env/proxy-token-short/proxy.log)
nmin=$(grep -c 'GET /token' build/env/proxy-token-minimal/proxy.log)
check "variant-token-short: 2 s tokens renewed mid-run ($ntok token requests, $nmin with 60 s tokens; $(grep -c 'refused as invalid_token' build/env/proxy-token-short/proxy.log) token(s) refused, forged expired ones included)" \
    [ "$ntok" -gt "$nmin" ]
check "variant-token-minimal: tokens from {\"access_token\"} only were used (the proxy served them)" \
    grep -q 'GET /token -> 200' build/env/proxy-token-minimal/proxy.log
grep -q '/storage/.* -> 403' build/env/proxy-redirect-blobs/proxy.log
check "variant-redirect-blobs: the storage origin never saw the registry's Authorization" [ $? -ne 0 ]
check "variant-redirect-blobs: blobs were read through the storage origin" \
    grep -q '/storage/.* -> 200' build/env/proxy-redirect-blobs/proxy.log

rl=$OUT/traces-variant-rate-limit bz=$OUT/traces-variant-busy
check "variant-rate-limit: 429s retried as told (Retry-After 0, 1 and an HTTP-date), every PATCH re-checked and re-sent, no retry ran out" \
    bash -c "grep -qh 'retry 1 of 3 after 0 s (Retry-After: 0)' $rl/*.trace && grep -qh 'retry 1 of 3 after 1 s (Retry-After: 1)' $rl/*.trace && grep -qh 'retry 1 of 3 after [01] s (Retry-After: [A-Z][a-z][a-z], ' $rl/*.trace && grep -q 'PATCH .* -> 429' build/env/proxy-rate-limit/proxy.log && ! grep -qh 'still refused\|not retried' $rl/*.trace"
check "variant-busy: 503s retried (Retry-After, and the backoff without one), no retry ran out" \
    bash -c "grep -qh '503 Service Unavailable: retry 1 of 3 after 0 s (Retry-After: 0)' $bz/*.trace && grep -qh 'retry 1 of 3 after 1 s (no Retry-After: backoff)' $bz/*.trace && ! grep -qh 'still refused\|not retried' $bz/*.trace"
start=$(date +%s)
"$BIN/regsuite" run -j 4 --target "$T/harness-rate-limit-forever.yaml" --json "$OUT/rlf.json" suites >"$OUT/rlf.out" 2>&1; rc=$?
check "harness-rate-limit-forever: exit 3 within 15 s, the run stopped naming the retries that ran out, every scenario in the report" \
    bash -c "[ $rc -eq 3 ] && [ \$(( \$(date +%s) - $start )) -lt 15 ] && grep -q '^PARTIAL run: the target is unresponsive: .* still refused (429/503) when their retries ran out' '$OUT/rlf.out' && [ \$(jq '.results | length' '$OUT/rlf.json') -eq \$(jq '.results | length' '$OUT/local.json') ]"
"$BIN/regsuite" run --retries 1 --max-timeouts 0 --target "$T/harness-rate-limit-forever.yaml" suites/push/push-single-post.yaml >"$OUT/rlf1.out" 2>&1; rc=$?
check "harness-rate-limit-forever, --retries 1 --max-timeouts 0: the failed check names the retries (exit 1)" \
    bash -c "[ $rc -eq 1 ] && grep -q 'got 429 (429 Too Many Requests: still refused after 1 retry: the answer stands)' '$OUT/rlf1.out'"

echo "== conformance: levels, and every scenario alone gives what it gave in the full run"
"$BIN/regsuite" run --target "$T/local.yaml" --filter blob-range suites >"$OUT/should.out" 2>&1; rc1=$?
"$BIN/regsuite" run --strict --target "$T/local.yaml" --filter blob-range suites >"$OUT/strict.out" 2>&1; rc2=$?
check "a failed SHOULD is a warning (exit 0), and fails the run under --strict (exit 1)" \
    bash -c "[ $rc1 -eq 0 ] && grep -q '^WARN  SHOULD blob-range' '$OUT/should.out' && [ $rc2 -eq 1 ] && grep -q '^FAIL  SHOULD blob-range' '$OUT/strict.out'"
alone_ok=1
for f in suites/conformance/*.yaml; do
    case $f in *.fixture.yaml) continue ;; esac # read by the scenarios naming it
    id=$(basename "$f" .yaml)
    full=$(grep -E "^[A-Z]+ +[A-Z]+ +$id " "$OUT/local.out" | awk '{print $1}')
    one=$("$BIN/regsuite" run --target "$T/local.yaml" "$f" 2>/dev/null | grep -E "^[A-Z]+ +[A-Z]+ +$id " | awk '{print $1}')
    [ -n "$full" ] && [ "$full" = "$one" ] || { echo "  $id: full run $full, alone $one"; alone_ok=0; }
done
check "each conformance scenario alone has the outcome it has in the full run" [ "$alone_ok" -eq 1 ]

echo "== interop with skopeo (an independent real client)"
BIN=$BIN OUT=$OUT scripts/interop.sh >"$OUT/interop.out" 2>&1; rc=$?
check "skopeo copies what regsuite pushed, byte for byte; regsuite reads what skopeo pushed" \
    bash -c "[ $rc -eq 0 ] && [ \$(grep -c '^PASS' '$OUT/interop.out') -eq 3 ]"

echo "== the harness against broken servers and other ways of configuring a target"
"$BIN/regsuite" run --target "$T/harness-garbage.yaml" --junit "$OUT/garbage.xml" suites/push >"$OUT/garbage.out" 2>&1; rc=$?
check "malformed challenge and non-JSON body: a runtime error per scenario, run goes on, report written" \
    bash -c "[ $rc -eq 1 ] && [ \$(grep -c '^ERROR .*without a usable WWW-Authenticate' '$OUT/garbage.out') -eq \$(ls suites/push/*.yaml | wc -l) ] && grep -q '<error' '$OUT/garbage.xml'"
start=$(date +%s)
"$BIN/regsuite" run --timeout 2 --target "$T/harness-slow.yaml" --junit "$OUT/slow.xml" suites/push/push-first.yaml >"$OUT/slow.out" 2>&1; rc=$?
check "a server that never answers: timeout error (exit 3) within the limit, report written" \
    bash -c "[ $rc -eq 3 ] && [ \$(( \$(date +%s) - $start )) -lt 20 ] && grep -q 'timeout' '$OUT/slow.out' && grep -q '<error' '$OUT/slow.xml'"
sed "s|^ca_file: .*|ca_file: $ROOT/build/env/tls/token-ca.crt|" "$T/local.yaml" >"$ROOT/build/tmp/wrong-ca.yaml"
"$BIN/regsuite" run --target "$ROOT/build/tmp/wrong-ca.yaml" suites/push/push-first.yaml >"$OUT/wrong-ca.out" 2>&1; rc=$?
check "TLS verification failure: exit 3 with a TLS error and a hint" \
    bash -c "[ $rc -eq 3 ] && grep -q 'TLS error' '$OUT/wrong-ca.out' && grep -q -- '--insecure' '$OUT/wrong-ca.out'"
"$BIN/regsuite" run --insecure --target "$ROOT/build/tmp/wrong-ca.yaml" suites/push/push-first.yaml >"$OUT/insecure.out" 2>&1
check "--insecure opts out of verification" [ $? -eq 0 ]
mkdir -p "$ROOT/build/tmp/docker"
url=$(sed -n 's|^url: https://||p' "$T/local.yaml")
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$url" "$(printf 'alice:%s' "$(cat build/env/secrets/alice)" | base64 -w0)" >"$ROOT/build/tmp/docker/config.json"
awk '/^  owner:/ {print; getline; print; getline; next} {print}' "$T/local.yaml" >"$ROOT/build/tmp/no-password.yaml"
DOCKER_CONFIG=$ROOT/build/tmp/docker "$BIN/regsuite" run --target "$ROOT/build/tmp/no-password.yaml" suites/push/push-first.yaml >"$OUT/docker.out" 2>&1; rc=$?
check "credentials from ~/.docker/config.json when the target file has none" \
    bash -c "[ $rc -eq 0 ] && ! grep -q 'password' <(sed -n '/^  owner:/,/^  other:/p' '$ROOT/build/tmp/no-password.yaml')"
mkdir -p "$OUT/oci"
OCI_ROOT_URL=$(sed -n 's/^url: //p' "$T/local-open.yaml") OCI_NAMESPACE=oci/regsuite "$BIN/regsuite" run \
    suites/push/push-first.yaml >"$OUT/oci-noca.out" 2>&1; rc=$?
check "OCI environment variables: TLS is verified by default (local's CA is not the system's: exit 3, naming --insecure)" \
    bash -c "[ $rc -eq 3 ] && grep -q 'TLS error' '$OUT/oci-noca.out' && grep -q -- '--insecure' '$OUT/oci-noca.out'"
OCI_ROOT_URL=$(sed -n 's/^url: //p' "$T/local-open.yaml") OCI_NAMESPACE=oci/regsuite OCI_USERNAME=ignored \
    OCI_CA_FILE=$ROOT/build/env/tls/ca.crt OCI_PASSWORD=ignored OCI_REPORT_DIR=$OUT/oci "$BIN/regsuite" run --json "$OUT/oci.json" \
    suites/push suites/conformance >"$OUT/oci.out" 2>&1; rc=$?
check "OCI environment variables alone run push + conformance against local-open, junit in OCI_REPORT_DIR" \
    bash -c "[ $rc -le 1 ] && grep -q '<testsuite name=\"oci-env.conformance\"' '$OUT/oci/junit.xml'"
"$BIN/regsuite" expect --only-ran --list suites/expected/local.yaml "$OUT/oci.json" >"$OUT/oci-expect.out"
check "OCI environment variables: no failure beyond distribution 2.8.2's listed deviations" [ $? -eq 0 ]

echo "== pre-flight, run limits, signals, skipped MUSTs"
sed 's/^    password: .*/    password: "wrong-Pa55word-h1"/' "$T/local.yaml" >"$OUT/bad-password.yaml"
"$BIN/regsuite" run --target "$OUT/bad-password.yaml" --json "$OUT/badpw.json" suites/push >"$OUT/badpw.out" 2>&1; rc=$?
check "a wrong password: exit 2, one message naming the actor, the user and the realm, no password" \
    bash -c "[ $rc -eq 2 ] && [ \$(grep -c \"actor 'owner' (user alice): the credentials were refused by realm https://\" '$OUT/badpw.out') -eq 1 ] && ! grep -q 'wrong-Pa55word-h1' '$OUT/badpw.out' '$OUT/badpw.json' && [ \$(grep -c '\"outcome\":.*\"ERROR\"' '$OUT/badpw.json') -eq $(ls suites/push/*.yaml | wc -l) ]"
for shape in '{"auths": [1, 2]}' '{"auths": {"HOST": "str"}}' '{"auths": {"HOST": {"auth": "%%%not base64"}}}' '[1]' 'garbage{'; do
    mkdir -p "$ROOT/build/tmp/docker-bad"
    echo "${shape//HOST/$url}" >"$ROOT/build/tmp/docker-bad/config.json"
    DOCKER_CONFIG=$ROOT/build/tmp/docker-bad "$BIN/regsuite" run --target "$ROOT/build/tmp/no-password.yaml" suites/push/push-first.yaml >"$ROOT/build/tmp/docker-bad.out" 2>&1; rc=$?
    check "docker config.json '$shape': no crash; the actor without a password is a config error (exit 2)" \
        bash -c "[ $rc -eq 2 ] && grep -q \"actor 'owner' (user alice) has no password\" '$ROOT/build/tmp/docker-bad.out'"
done
npush=$(ls suites/push/*.yaml | wc -l)
accounted() { # accounted JSON: every selected scenario is in the report
    [ "$(grep -c '"outcome":' "$1")" -eq "$npush" ] && grep -q '"partial":.*true' "$1"
}
start=$(date +%s)
"$BIN/regsuite" run --timeout 30 --deadline 3 --target "$T/harness-stall.yaml" --junit "$OUT/deadline.xml" --json "$OUT/deadline.json" suites/push >"$OUT/deadline.out" 2>&1; rc=$?
check "--deadline 3 against a stalling target: exit 3 within 10 s, every scenario in the reports, marked partial" \
    bash -c "[ $rc -eq 3 ] && [ \$(( \$(date +%s) - $start )) -lt 10 ] && grep -q 'deadline' '$OUT/deadline.out' && grep -q 'property name=\"partial\"' '$OUT/deadline.xml' && $(declare -f accounted); npush=$npush accounted '$OUT/deadline.json'"
start=$(date +%s)
"$BIN/regsuite" run --timeout 1 --max-timeouts 2 --target "$T/harness-stall.yaml" --json "$OUT/maxto.json" suites/push >"$OUT/maxto.out" 2>&1; rc=$?
check "--max-timeouts 2: the target is declared unresponsive, exit 3 within 10 s, the rest are errors" \
    bash -c "[ $rc -eq 3 ] && [ \$(( \$(date +%s) - $start )) -lt 10 ] && grep -q '^ERROR .*not run: the target is unresponsive' '$OUT/maxto.out' && $(declare -f accounted); npush=$npush accounted '$OUT/maxto.json'"
start=$(date +%s)
"$BIN/regsuite" run --timeout 2 --target "$T/fault-slow-body.yaml" --json "$OUT/trickle.json" suites/conformance >"$OUT/trickle.out" 2>&1; rc=$?
check "a server trickling its bodies (fault-slow-body, 20 bytes/s), no --deadline: each request times out after --timeout 2 s under 1 KiB/s, the run ends unresponsive (exit 3) within 30 s" \
    bash -c "[ $rc -eq 3 ] && [ \$(( \$(date +%s) - $start )) -lt 30 ] && grep -q 'unresponsive' '$OUT/trickle.out' && [ -s '$OUT/trickle.json' ]"
# a 1 TiB generated blob takes minutes to hash before its push: the deadline and a signal stop that
mkdir -p "$OUT/huge"
cat >"$OUT/huge/huge-blob.yaml" <<'YAML'
id: huge-blob
title: a 1 TiB generated blob, hashed before its push
level: MUST
refs: [issue 12]
blobs:
  huge: {size: 1099511627776, seed: 3}
steps:
  - push_blob: {as: owner, repo: "huge/b-${run}", blob: huge}
    expect: {status: 201}
YAML
start=$(date +%s)
# (KILLed after 60 s, exit 137, should the stop not work: the hashing would take an hour)
timeout -s KILL 60 "$BIN/regsuite" run --deadline 3 --target "$T/local-open.yaml" --json "$OUT/huge-deadline.json" "$OUT/huge" >"$OUT/huge-deadline.out" 2>&1; rc=$?
check "--deadline 3 while a 1 TiB blob is being hashed: exit 3 within 10 s, 'stopped while hashing blob huge', the report written" \
    bash -c "[ $rc -eq 3 ] && [ \$(( \$(date +%s) - $start )) -lt 10 ] && grep -q 'stopped while hashing blob huge: the run.s deadline' '$OUT/huge-deadline.out' && [ -s '$OUT/huge-deadline.json' ]"
"$BIN/regsuite" run --target "$T/local-open.yaml" "$OUT/huge" >"$OUT/huge-term.out" 2>&1 &
pid=$!; (sleep 60; kill -KILL $pid 2>/dev/null) & watchdog=$!
sleep 2; start=$(date +%s); kill -TERM $pid; wait $pid; rc=$?; kill $watchdog 2>/dev/null
check "SIGTERM while a 1 TiB blob is being hashed: exit 143 within 5 s, the PARTIAL line" \
    bash -c "[ $rc -eq 143 ] && [ \$(( \$(date +%s) - $start )) -lt 5 ] && grep -q '^PARTIAL run' '$OUT/huge-term.out' && grep -q 'stopped while hashing blob huge' '$OUT/huge-term.out'"
for sig in INT TERM; do
    want=$([ $sig = INT ] && echo 130 || echo 143)
    "$BIN/regsuite" run --target "$T/harness-stall.yaml" --junit "$OUT/sig$sig.xml" --json "$OUT/sig$sig.json" suites/push >"$OUT/sig$sig.out" 2>&1 &
    pid=$!; sleep 2; kill -$sig $pid; wait $pid; rc=$?
    check "SIG$sig during a run: exit $want, reports written and marked partial, every scenario accounted" \
        bash -c "[ $rc -eq $want ] && grep -q '^PARTIAL run' '$OUT/sig$sig.out' && grep -q 'property name=\"partial\"' '$OUT/sig$sig.xml' && $(declare -f accounted); npush=$npush accounted '$OUT/sig$sig.json'"
done
# timeout(1) signals the process and then its group: the same stop, twice (0.3 s apart here, so
# that the signal thread has taken the first: two pending ones would merge into one)
"$BIN/regsuite" run --target "$T/harness-stall.yaml" --json "$OUT/sig2.json" suites/push >"$OUT/sig2.out" 2>&1 &
pid=$!; sleep 2; kill -TERM $pid; sleep 0.3; kill -TERM $pid; wait $pid; rc=$?
check "SIGTERM delivered twice, 0.3 s apart: one stop (exit 143), reports written, every scenario accounted" \
    bash -c "[ $rc -eq 143 ] && grep -q '^PARTIAL run' '$OUT/sig2.out' && $(declare -f accounted); npush=$npush accounted '$OUT/sig2.json'"
"$BIN/regsuite" run --target "$T/local.yaml" --filter referrers suites >"$OUT/skip.out" 2>&1; rc1=$?
"$BIN/regsuite" run --fail-on-skip --target "$T/local.yaml" --filter referrers suites >"$OUT/fail-skip.out" 2>&1; rc2=$?
check "a skipped MUST is listed by reason; --fail-on-skip makes it fail the run (exit 1)" \
    bash -c "[ $rc1 -eq 0 ] && grep -q '^skipped MUST scenarios' '$OUT/skip.out' && grep -qE '^[0-9]+ scenarios: [0-9]+ passed, 0 failed, 0 warned, [1-9][0-9]* skipped, 0 errors' '$OUT/skip.out' && [ $rc2 -eq 1 ]"

echo "== every check must fail on a target that has its bug (detection table)"
# --strict everywhere here: a SHOULD or MAY check must be shown failing too
"$BIN/regsuite" run "${PAR[@]}" --strict --target "$T/local.yaml" --json "$OUT/local-strict.json" suites >"$OUT/local-strict.out" 2>&1
# Each broken target runs the scenarios suites/expected/detection.tsv names for it (chosen from a full
# run of every suite against every broken target, make detect-full); DETECT_FULL=1 runs them all.
MAP=suites/expected/detection.tsv
"$BIN/regsuite" list --tsv suites | cut -f1 | sort >"$OUT/ids.txt"
stale=$(grep -v '^#' "$MAP" | cut -f2 | tr ',' '\n' | grep -vx -- - | sort -u | comm -23 - "$OUT/ids.txt" | tr '\n' ' ')
unknown=$(grep -v '^#' "$MAP" | cut -f1 | while read -r t; do [ -f "$T/$t.yaml" ] || echo "$t"; done | tr '\n' ' ')
check "$MAP names only scenarios and broken targets that exist${stale:+ (unknown scenarios: $stale)}${unknown:+ (unknown targets: $unknown)}" \
    bash -c "[ -z '$stale' ] && [ -z '$unknown' ]"
broken=()
for f in "$T"/bug-*.yaml; do
    t=$(basename "$f" .yaml)
    sel=(suites)
    if [ "${DETECT_FULL:-0}" != 1 ]; then
        ids=$(awk -F'\t' -v t="$t" '$1 == t {print $2}' "$MAP")
        if [ -z "$ids" ] || [ "$ids" = - ]; then ko "$t: no scenario for it in $MAP (run make detect-full)"; continue; fi
        sel=(--filter "$ids" suites)
    fi
    # -j 1: in plan order, so a catch that rests on what an earlier scenario left (a blob the
    # proxy saw in another repository) is the same every run
    "$BIN/regsuite" run --strict --target "$f" --json "$OUT/$t.json" "${sel[@]}" >"$OUT/$t.out" 2>&1; rc=$?
    check "$t: the run completes (exit 0 or 1, reports written; $(grep -cE '^(PASS|FAIL|WARN|SKIP|ERROR) ' "$OUT/$t.out") scenarios)" \
        bash -c "[ $rc -le 1 ] && [ -s '$OUT/$t.json' ]"
    broken+=("$OUT/$t.json")
done
for t in local-basic local-open; do # authentication without authorization, honestly declared
    "$BIN/regsuite" run "${PAR[@]}" --strict --target "$T/$t.yaml" --json "$OUT/$t.json" suites >"$OUT/$t.out" 2>&1
    for id in mount-leaked-digest upload-session-foreign catalog-private oracle-private-vs-missing; do
        check "$t (access_control: false): $id is skipped naming the feature" \
            grep -q "^SKIP  MUST   $id .*the target does not declare feature 'access_control'" "$OUT/$t.out"
        check "bug-${t#local-}-claims-acl (the same registry claiming access_control): $id FAILS" \
            grep -q "^FAIL  MUST   $id " "$OUT/bug-${t#local-}-claims-acl.out"
    done
done
check "bug-html-errors: a non-JSON error body is a failed check with a clear message, not a crash" \
    grep -q 'no errors\[\] in the body' "$OUT/bug-html-errors.out"
"$BIN/regsuite" detect --justified suites/expected/undetected-checks.txt --out "$ROOT/reports/detection.txt" \
    "$OUT/local-strict.json" "${broken[@]}" | tail -1; rc=${PIPESTATUS[0]}
check "detection table (reports/detection.txt): every scenario catches a broken target, every broken target is caught, every regression fails on its own reproduced_by target, every check kind fails on a broken target (or is justified)" [ "$rc" -eq 0 ]
nreg=$("$BIN/regsuite" list --tsv suites | awk -F'\t' '$5 != "-"' | wc -l)
check "detection: the $nreg regression scenarios (reproduced_by) are rows of the table, each R on its own target" \
    bash -c "[ $nreg -ge 1 ] && grep -q '^detection: .* 0 of $nreg regression(s) not failing on their own target' '$ROOT/reports/detection.txt'"
"$BIN/regsuite" diff "$OUT/local-strict.json" "$OUT/bug-mount-any.json" >"$ROOT/reports/diff-local-bug-mount-any.txt" 2>&1; rc=$?
check "diff local -> bug-mount-any: exit 1 with the regressed scenarios (reports/diff-local-bug-mount-any.txt)" \
    bash -c "[ $rc -eq 1 ] && grep -q '^REGRESSED  mount-' '$ROOT/reports/diff-local-bug-mount-any.txt'"
"$BIN/regsuite" diff --json "$OUT/diff-bug.json" "$OUT/local-strict.json" "$OUT/bug-mount-any.json" >/dev/null 2>&1
scripts/report-check.py json docs/diff.schema.json "$OUT/diff-bug.json" >"$OUT/diff-bug-schema.out" 2>&1
check "diff --json local -> bug-mount-any validates against docs/diff.schema.json, regressed: true" \
    bash -c "[ $? -eq 0 ] && jq -e '.regressed == true and .summary.regressed > 0' '$OUT/diff-bug.json' >/dev/null"

echo "== fault targets: every suite through each fixtures/faultd mode (scripts/faults.sh; reports/faults.txt)"
fstart=$(date +%s)
BIN=$BIN OUT=$OUT/faults scripts/faults.sh | tee "$OUT/faults.log"
frc=${PIPESTATUS[0]}
fp=$(grep -c '^ok   faults:' "$OUT/faults.log"); ff=$(grep -c '^FAIL faults:' "$OUT/faults.log")
pass=$((pass + fp)); fail=$((fail + ff))
[ "$frc" -eq 0 ] || [ "$ff" -gt 0 ] || ko "faults runner exit $frc"
check "faults: every faultd mode ran (reports/faults.txt), in $(( $(date +%s) - fstart )) s" \
    [ "$(grep -cE '^ok   faults: fault-[a-z0-9-]+: exit [0-9]' "$OUT/faults.log")" -eq "$("$BIN/faultd" --list-modes | wc -l)" ]
"$BIN/faultd" --list-modes --markdown >"$OUT/faults.md" 2>&1
sed -n '/^<!-- faults:begin/,/^<!-- faults:end/p' fixtures/README.md | sed '1d;$d' >"$OUT/faults-readme.md"
check "fixtures/README.md's fault table is faultd --list-modes --markdown" \
    bash -c "[ -s '$OUT/faults.md' ] && cmp -s '$OUT/faults.md' '$OUT/faults-readme.md'"

echo "== secrets under every path: no password, no issued token (by its SHA-256) in any output"
plant=$(mktemp -d)
url=$(sed -n 's/^url: //p' "$T/local.yaml")
realm=$(curl -s --cacert build/env/tls/ca.crt -i "$url/v2/" | sed -n 's|.*realm="\([^"]*\)".*|\1|p')
curl -s --cacert build/env/tls/ca.crt -u "bob:$(cat build/env/secrets/bob)" \
    "$realm?service=regsuite-local&scope=repository:bob/x:pull" | sed 's/.*"token":"\([^"]*\)".*/Bearer \1 end/' >"$plant/token.txt"
scripts/secrets-scan.sh "$plant" >"$OUT/secrets-plant.out" 2>&1; rc=$?
rm -f "$plant/token.txt"; echo "pw $(cat build/env/secrets/bob) x" >"$plant/pw.txt"
scripts/secrets-scan.sh "$plant" >>"$OUT/secrets-plant.out" 2>&1; rc2=$?
rm -rf "$plant"
check "secret scan can fail: a planted token (found by its logged hash) and a planted password are found" \
    bash -c "[ $rc -eq 1 ] && [ $rc2 -eq 1 ] && grep -q 'an issued token (sha256 ' '$OUT/secrets-plant.out' && grep -q 'a password is in' '$OUT/secrets-plant.out'"
scripts/secrets-scan.sh reports/ >"$OUT/secrets.out" 2>&1; rc=$?
cat "$OUT/secrets.out"
check "no password and no issued token in reports/ (JUnit, JSON, traces, console outputs, tables)" [ $rc -eq 0 ]

echo "== sanitizer reports from the fixtures"
fixtures/env/env.sh down >/dev/null 2>&1
check "no sanitizer report in the authd/proxy logs" \
    bash -c "! grep -l -E 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:' build/env/*.log build/env/*/*.log 2>/dev/null"
finish
