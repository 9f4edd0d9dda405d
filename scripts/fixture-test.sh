#!/usr/bin/env bash
# Run-level fixtures (`fixture: NAME`, harness/fixture.h), run by scripts/test.sh with the
# environment up. Against local-open, counted from the registry's access log: three scenarios
# reading suites/conformance/eight-tags.fixture.yaml at -j 3 push its eight tags once and delete
# them once, after the last; one of them alone makes and deletes it itself, with the outcome it
# had among the three; a fixture whose step fails fails every scenario reading it, at the
# fixture's file:line. Prints ok/FAIL lines. Env: BIN, T, OUT as in test.sh.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-build/san/bin} T=${T:-build/targets} OUT=${OUT:-reports/test}
LOG=build/env/local-open/registry.log
ok() { echo "ok   $*"; }
ko() { echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
mark=0
start() { mark=$(wc -l <"$LOG"); }
# since REGEX: lines the registry logged after start that match
since() { sleep 0.3; tail -n +$((mark + 1)) "$LOG" | grep -cE "$1"; }
three=(suites/conformance/discovery-tags.yaml suites/conformance/discovery-tags-pagination.yaml
    suites/conformance/discovery-tags-sorted.yaml)
# run NAME ARGS...: one run against local-open, its traces in $OUT/fx-NAME/; prints the one
# fixture repository the traces name (alice/tags-<run>f0), or nothing
run() {
    local name=$1
    shift
    rm -rf "$OUT/fx-$name"
    "$BIN/regsuite" run --target "$T/local-open.yaml" --trace-dir "$OUT/fx-$name" \
        --json "$OUT/fx-$name.json" "$@" >"$OUT/fx-$name.out" 2>&1
    grep -ohE '/v2/[a-z]+/tags-r[0-9a-f]+f[0-9]+/' "$OUT/fx-$name"/*.trace 2>/dev/null |
        sed 's|^/v2/||; s|/$||' | sort -u
}
# made_once REPO WHAT: REPO got 8 manifest PUTs, then 1 manifest and 2 blob DELETEs
made_once() {
    [ -n "$1" ] && [ "$(wc -l <<<"$1")" -eq 1 ] &&
        [ "$(since "\"PUT /v2/$1/manifests/[^ ]* ")" -eq 8 ] &&
        [ "$(since "\"DELETE /v2/$1/manifests/")" -eq 1 ] &&
        [ "$(since "\"DELETE /v2/$1/blobs/")" -eq 2 ]
}

echo "-- three scenarios reading eight-tags at -j 3"
start
repo=$(run j3 -j 3 "${three[@]}")
check "fixture: one repository for the three scenarios ($repo), its 8 tags put once and deleted once (1 manifest, 2 blobs), by the registry's log" \
    made_once "$repo"
check "fixture: each of the three counts the fixture's 10 steps' checks as its own, all passed" \
    bash -c "[ \$(jq '[.results[] | [.checks[] | select(.step <= 10 and .verdict == \"pass\")] | length] | unique | length' '$OUT/fx-j3.json') -eq 1 ] && [ \$(jq '[.results[] | [.checks[] | select(.step <= 10)] | length] | min' '$OUT/fx-j3.json') -ge 10 ]"

echo "-- one of them alone"
start
repo1=$(run alone suites/conformance/discovery-tags.yaml)
check "fixture: discovery-tags alone makes eight-tags itself ($repo1) and deletes it after" made_once "$repo1"
check "fixture: discovery-tags alone has the outcome and check verdicts it had among the three" \
    bash -c "diff <(jq -c '.results[] | select(.id == \"discovery-tags\") | [.outcome, [.checks[].verdict]]' '$OUT/fx-j3.json') <(jq -c '.results[0] | [.outcome, [.checks[].verdict]]' '$OUT/fx-alone.json')"

start
for f in "${three[@]}"; do run separate "$f" >/dev/null; done
n=$(since '"PUT /v2/[a-z]+/tags-r[0-9a-f]+f0/manifests/[^ ]* ')
check "fixture: control: the three as three runs put the eight tags three times ($n PUTs), so the count above can fail" \
    [ "$n" -eq 24 ]

echo "-- a fixture whose step fails"
d=build/tmp/fixture-fails
rm -rf "$d" && mkdir -p "$d"
cat >"$d/teapot.fixture.yaml" <<'EOF'
fixture: teapot
title: a fixture expecting an answer no registry gives
blobs:
  b: {size: 64, seed: 7}
steps:
  - push_blob: {as: owner, repo: "${ns.owner}/teapot-${fixture}", blob: b}
    expect: {status: 418}
EOF
for i in 1 2; do
    cat >"$d/reads-$i.yaml" <<EOF
id: reads-$i
title: reads the teapot fixture
level: MUST
refs: ["regsuite fixtures"]
fixture: teapot
steps:
  - head_blob: {as: owner, repo: "\${ns.owner}/teapot-\${fixture}", blob: b}
    expect: {status: 200}
EOF
done
"$BIN/regsuite" run -j 2 --target "$T/local-open.yaml" "$d" >"$OUT/fx-fails.out" 2>&1
rc=$?
check "fixture: its failed step fails both scenarios reading it (exit 1), each failure at the fixture's file:line" \
    bash -c "[ $rc -eq 1 ] && [ \$(grep -cE '^FAIL +MUST +reads-[12] ' '$OUT/fx-fails.out') -eq 2 ] && [ \$(grep -cF '$d/teapot.fixture.yaml:7:' '$OUT/fx-fails.out') -ge 2 ]"
