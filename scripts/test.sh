#!/usr/bin/env bash
# make test: sanitizer builds, CUnit unit tests, a short run of every fuzz target and its regression
# inputs, golden tests of the CLI, a valgrind smoke run, every suite against the local environment
# (compared with suites/expected/local.yaml), every suite against the spec-legal variant targets
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
finish() {
    fixtures/env/env.sh down >/dev/null 2>&1
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$OUT"; rm -f "$OUT"/*

echo "== build (-fsanitize=address,undefined; the plain build for valgrind; the fuzz targets)"
if ! make -s SAN=1 all build/san/bin/unit_tests >"$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; ko "sanitizer build"; finish
fi
ok "sanitizer build"
if ! { make -s all && make -s -j2 fuzz-build; } >>"$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; ko "plain and fuzz builds (build/bin, build/fuzz/bin)"; finish
fi
ok "plain and fuzz builds (build/bin, build/fuzz/bin)"

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
check "golden: list shows every scenario" [ "$(wc -l <"$OUT/list.out")" -eq "$(find suites -name '*.yaml' -not -path '*/expected/*' | wc -l)" ]

echo "== local environment"
fixtures/env/env.sh down >/dev/null 2>&1   # start clean, with the sanitizer builds
if ! AUTHD=$BIN/authd PROXY=$BIN/bugproxy fixtures/env/env.sh up >"$OUT/env.log" 2>&1; then
    cat "$OUT/env.log"; ko "environment starts"; finish
fi
ok "environment starts"
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
"$BIN/authd" --config harness/tests/golden/bad-users.yaml --check >/dev/null 2>"$OUT/authd-bad.err"
check "authd refuses a malformed users file with file:line" grep -q 'bad-users.yaml:5:' "$OUT/authd-bad.err"
scripts/authd-robustness.sh >"$OUT/authd-robust.log" 2>&1
check "authd: 400 JSON on malformed requests, survives garbage, oversized and slow clients" [ $? -eq 0 ]

echo "== every suite against local"
"$BIN/regsuite" run --target "$T/local.yaml" --junit "$OUT/local.xml" --json "$OUT/local.json" suites | tee "$OUT/local.out"
"$BIN/regsuite" expect --list suites/expected/local.yaml "$OUT/local.json" | tee "$OUT/expect.out"
check "local: no failure beyond suites/expected/local.yaml" [ "${PIPESTATUS[0]}" -eq 0 ]
check "local: JUnit written with a testsuite per folder" grep -q '<testsuite name="security"' "$OUT/local.xml"
check "reports hold no password" bash -c "! grep -qF -f <(cat build/env/secrets/*) '$OUT'/*.xml '$OUT'/*.json '$OUT'/*.out"
check "reports hold no token (the traces were there: JUnit carries them for failures)" \
    bash -c "grep -q 'Authorization: \[redacted\]' '$OUT/local.xml' && ! grep -qE 'eyJ[A-Za-z0-9_-]{10,}\.' '$OUT'/*.xml '$OUT'/*.json"

echo "== -j 4 and --shard + merge give every scenario and check the verdicts of -j 1"
# per scenario: id, outcome and the verdict of each check in order (from the JSON reports)
verdicts() { jq -r '.results[] | .id + " " + .outcome + " " + ([.checks[].verdict] | join(","))' "$1"; }
"$BIN/regsuite" run -j 4 --target "$T/local.yaml" --json "$OUT/local-j4.json" suites >"$OUT/local-j4.out" 2>&1
check "-j 4: the same verdicts as -j 1 on every suite against local (reports/test/local-j4.*)" \
    bash -c "$(declare -f verdicts); [ -s '$OUT/local-j4.json' ] && diff <(verdicts '$OUT/local.json') <(verdicts '$OUT/local-j4.json')"
check "-j 4: console lines in plan order, one per scenario, none cut" \
    bash -c "diff <(grep -E '^(PASS|FAIL|WARN|SKIP|ERROR) ' '$OUT/local.out' | awk '{print \$1, \$3}') <(grep -E '^(PASS|FAIL|WARN|SKIP|ERROR) ' '$OUT/local-j4.out' | awk '{print \$1, \$3}')"
for i in 1 2 3; do
    "$BIN/regsuite" run -j 2 --shard $i/3 --target "$T/local.yaml" --json "$OUT/shard$i.json" suites >"$OUT/shard$i.out" 2>&1
done
"$BIN/regsuite" merge --json "$OUT/merged.json" --junit "$OUT/merged.xml" "$OUT"/shard3.json "$OUT"/shard1.json "$OUT"/shard2.json >"$OUT/merge.out" 2>&1
check "--shard 1/3, 2/3, 3/3 + merge: the verdicts of -j 1, in plan order, one JUnit testcase per check" \
    bash -c "$(declare -f verdicts); diff <(verdicts '$OUT/local.json') <(verdicts '$OUT/merged.json') && tail -1 '$OUT/merged.xml' | grep -q '^</testsuites>' && [ \$(grep -c '<testcase' '$OUT/merged.xml') -eq \$(grep -c '<testcase' '$OUT/local.xml') ]"
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
    "$BIN/regsuite" run "${PAR[@]}" --target "$f" --json "$OUT/$t.json" suites >"$OUT/$t.out" 2>&1
    "$BIN/regsuite" expect --repaired-ok --list suites/expected/local.yaml "$OUT/$t.json" >"$OUT/$t-expect.out" 2>&1
    check "$t: no MUST failure and no error beyond local's (reports/test/$t-expect.out)" [ $? -eq 0 ]
    variants+=("$OUT/$t.json")
done
check "variants: bugproxy's legal modes gave variant targets" [ ${#variants[@]} -ge 3 ]
mkdir -p reports
scripts/variants-table.sh "$OUT/local.json" "${variants[@]}" >reports/variants.txt
check "variants: every scenario has local's outcome on every variant (reports/variants.txt)" \
    grep -q '^variants: 0 cell(s) differ' reports/variants.txt
outcome() { jq -r --arg id "$2" '.results[] | select(.id == $id) | .outcome' "$OUT/$1.json"; }
check "variant-tags-sorted: the tags scenarios pass on a sorted, paged list with Link" \
    bash -c "[ '$(outcome variant-tags-sorted discovery-tags-pagination)' = PASS ] && [ '$(outcome variant-tags-sorted discovery-tags-sorted)' = PASS ]"
check "variant-tags-no-link: without Link only the MAY step warns; pages: all pages with last=" \
    bash -c "[ '$(outcome variant-tags-no-link discovery-tags-pagination)' = WARN ] && [ '$(outcome variant-tags-no-link discovery-tags-sorted)' = PASS ]"
grep -q '/storage/.* -> 403' build/env/proxy-redirect-blobs/proxy.log
check "variant-redirect-blobs: the storage origin never saw the registry's Authorization" [ $? -ne 0 ]
check "variant-redirect-blobs: blobs were read through the storage origin" \
    grep -q '/storage/.* -> 200' build/env/proxy-redirect-blobs/proxy.log

echo "== conformance: levels, and every scenario alone gives what it gave in the full run"
"$BIN/regsuite" run --target "$T/local.yaml" --filter blob-range suites >"$OUT/should.out" 2>&1; rc1=$?
"$BIN/regsuite" run --strict --target "$T/local.yaml" --filter blob-range suites >"$OUT/strict.out" 2>&1; rc2=$?
check "a failed SHOULD is a warning (exit 0), and fails the run under --strict (exit 1)" \
    bash -c "[ $rc1 -eq 0 ] && grep -q '^WARN  SHOULD blob-range' '$OUT/should.out' && [ $rc2 -eq 1 ] && grep -q '^FAIL  SHOULD blob-range' '$OUT/strict.out'"
alone_ok=1
for f in suites/conformance/*.yaml; do
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
sed "s|^ca_file: .*|ca_file: $ROOT/build/env/tls/token-ca.crt|" "$T/local.yaml" >"$OUT/wrong-ca.yaml"
"$BIN/regsuite" run --target "$OUT/wrong-ca.yaml" suites/push/push-first.yaml >"$OUT/wrong-ca.out" 2>&1; rc=$?
check "TLS verification failure: exit 3 with a TLS error and a hint" \
    bash -c "[ $rc -eq 3 ] && grep -q 'TLS error' '$OUT/wrong-ca.out' && grep -q -- '--insecure' '$OUT/wrong-ca.out'"
"$BIN/regsuite" run --insecure --target "$OUT/wrong-ca.yaml" suites/push/push-first.yaml >"$OUT/insecure.out" 2>&1
check "--insecure opts out of verification" [ $? -eq 0 ]
mkdir -p "$OUT/docker"
url=$(sed -n 's|^url: https://||p' "$T/local.yaml")
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$url" "$(printf 'alice:%s' "$(cat build/env/secrets/alice)" | base64 -w0)" >"$OUT/docker/config.json"
awk '/^  owner:/ {print; getline; print; getline; next} {print}' "$T/local.yaml" >"$OUT/no-password.yaml"
DOCKER_CONFIG=$OUT/docker "$BIN/regsuite" run --target "$OUT/no-password.yaml" suites/push/push-first.yaml >"$OUT/docker.out" 2>&1; rc=$?
check "credentials from ~/.docker/config.json when the target file has none" \
    bash -c "[ $rc -eq 0 ] && ! grep -q 'password' <(sed -n '/^  owner:/,/^  other:/p' '$OUT/no-password.yaml')"
mkdir -p "$OUT/oci"
OCI_ROOT_URL=$(sed -n 's/^url: //p' "$T/local-open.yaml") OCI_NAMESPACE=oci/regsuite OCI_USERNAME=ignored \
    OCI_PASSWORD=ignored OCI_REPORT_DIR=$OUT/oci "$BIN/regsuite" run --json "$OUT/oci.json" \
    suites/push suites/conformance >"$OUT/oci.out" 2>&1; rc=$?
check "OCI environment variables alone run push + conformance against local-open, junit in OCI_REPORT_DIR" \
    bash -c "[ $rc -le 1 ] && grep -q '<testsuite name=\"conformance\"' '$OUT/oci/junit.xml'"
"$BIN/regsuite" expect --only-ran --list suites/expected/local.yaml "$OUT/oci.json" >"$OUT/oci-expect.out"
check "OCI environment variables: no failure beyond distribution 2.8.2's listed deviations" [ $? -eq 0 ]

echo "== pre-flight, run limits, signals, skipped MUSTs"
sed 's/^    password: .*/    password: "wrong-Pa55word-h1"/' "$T/local.yaml" >"$OUT/bad-password.yaml"
"$BIN/regsuite" run --target "$OUT/bad-password.yaml" --json "$OUT/badpw.json" suites/push >"$OUT/badpw.out" 2>&1; rc=$?
check "a wrong password: exit 2, one message naming the actor, the user and the realm, no password" \
    bash -c "[ $rc -eq 2 ] && [ \$(grep -c \"actor 'owner' (user alice): the credentials were refused by realm https://\" '$OUT/badpw.out') -eq 1 ] && ! grep -q 'wrong-Pa55word-h1' '$OUT/badpw.out' '$OUT/badpw.json' && [ \$(grep -c '\"outcome\":.*\"ERROR\"' '$OUT/badpw.json') -eq $(ls suites/push/*.yaml | wc -l) ]"
for shape in '{"auths": [1, 2]}' '{"auths": {"HOST": "str"}}' '{"auths": {"HOST": {"auth": "%%%not base64"}}}' '[1]' 'garbage{'; do
    mkdir -p "$OUT/docker-bad"
    echo "${shape//HOST/$url}" >"$OUT/docker-bad/config.json"
    DOCKER_CONFIG=$OUT/docker-bad "$BIN/regsuite" run --target "$OUT/no-password.yaml" suites/push/push-first.yaml >"$OUT/docker-bad.out" 2>&1; rc=$?
    check "docker config.json '$shape': no crash; the actor without a password is a config error (exit 2)" \
        bash -c "[ $rc -eq 2 ] && grep -q \"actor 'owner' (user alice) has no password\" '$OUT/docker-bad.out'"
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
for sig in INT TERM; do
    want=$([ $sig = INT ] && echo 130 || echo 143)
    "$BIN/regsuite" run --target "$T/harness-stall.yaml" --junit "$OUT/sig$sig.xml" --json "$OUT/sig$sig.json" suites/push >"$OUT/sig$sig.out" 2>&1 &
    pid=$!; sleep 2; kill -$sig $pid; wait $pid; rc=$?
    check "SIG$sig during a run: exit $want, reports written and marked partial, every scenario accounted" \
        bash -c "[ $rc -eq $want ] && grep -q '^PARTIAL run' '$OUT/sig$sig.out' && grep -q 'property name=\"partial\"' '$OUT/sig$sig.xml' && $(declare -f accounted); npush=$npush accounted '$OUT/sig$sig.json'"
done
"$BIN/regsuite" run --target "$T/local.yaml" --filter referrers suites >"$OUT/skip.out" 2>&1; rc1=$?
"$BIN/regsuite" run --fail-on-skip --target "$T/local.yaml" --filter referrers suites >"$OUT/fail-skip.out" 2>&1; rc2=$?
check "a skipped MUST is listed by reason; --fail-on-skip makes it fail the run (exit 1)" \
    bash -c "[ $rc1 -eq 0 ] && grep -q '^skipped MUST scenarios' '$OUT/skip.out' && grep -qE '^[0-9]+ scenarios: [0-9]+ passed, 0 failed, 0 warned, [1-9][0-9]* skipped, 0 errors' '$OUT/skip.out' && [ $rc2 -eq 1 ]"

echo "== every check must fail on a target that has its bug (detection table)"
# --strict everywhere here: a SHOULD or MAY check must be shown failing too
"$BIN/regsuite" run --strict --target "$T/local.yaml" --json "$OUT/local-strict.json" suites >"$OUT/local-strict.out" 2>&1
broken=()
for f in "$T"/bug-*.yaml "$T/local-basic.yaml" "$T/local-open.yaml"; do
    t=$(basename "$f" .yaml)
    "$BIN/regsuite" run "${PAR[@]}" --strict --target "$f" --json "$OUT/$t.json" suites >"$OUT/$t.out" 2>&1
    check "$t: the run completes (exit 0 or 1, reports written)" \
        bash -c "[ $? -le 1 ] && [ -s '$OUT/$t.json' ]"
    broken+=("$OUT/$t.json")
done
for t in local-basic local-open; do
    for id in mount-leaked-digest upload-session-foreign catalog-private; do
        check "$t: $id FAILS (authentication without authorization is caught)" \
            grep -q "^FAIL  MUST   $id " "$OUT/$t.out"
    done
done
check "bug-html-errors: a non-JSON error body is a failed check with a clear message, not a crash" \
    grep -q 'no errors\[\] in the body' "$OUT/bug-html-errors.out"
"$BIN/regsuite" detect --out "$ROOT/reports/detection.txt" "$OUT/local-strict.json" "${broken[@]}"
check "detection table: every scenario catches a broken target, every broken target is caught" [ $? -eq 0 ]

echo "== sanitizer reports from the fixtures"
fixtures/env/env.sh down >/dev/null 2>&1
check "no sanitizer report in the authd/proxy logs" \
    bash -c "! grep -l -E 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:' build/env/*.log build/env/*/*.log 2>/dev/null"
finish
