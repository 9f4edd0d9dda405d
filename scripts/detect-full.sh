#!/usr/bin/env bash
# make detect-full: finds, for every broken target, scenarios that fail on it, and writes them to
# suites/expected/detection.tsv (the pairs make test runs and requires to fail), with the detection
# table of these runs in reports/detection-full.txt. Needs the environment (make env-up).
#   DETECT_ALL=1: every suite against every broken target (the full cross product; about an hour
#   on 2 cores). Default, the greedy search: each broken target runs its own regressions
#   (reproduced_by) and every scenario no earlier target has caught yet, the targets that catch
#   the most first; a target that catches nothing that way then runs every suite. Either way the
#   map keeps, per target, the scenarios detect-map.py picks (every scenario, target, regression and
#   check kind covered), and make test checks each pair again, at -j 1 in plan order. A catch that
#   rested on this run's order (-j 4: a blob an earlier scenario left in another repository) may
#   not hold there: make test names the scenario that then catches nothing; give it a target that
#   catches it for its own reason (a line of the map may be edited by hand; run make test again).
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-build/bin}
T=build/targets
OUT=reports/detect-full
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.out
# the broad bugs first: they catch many scenarios at once, and the rest runs less
FIRST="bug-basic-claims-acl bug-token-any bug-oracle bug-mount-any bug-first-action bug-missing-401
 bug-blob-any bug-digest-any bug-no-digest-header bug-html-errors bug-upload-any bug-delete-any
 bug-tag-overwrite bug-manifest-any bug-catalog-leak bug-no-dedup bug-no-mount"
targets=()
for t in $FIRST; do [ -f "$T/$t.yaml" ] && targets+=("$t"); done
for f in "$T"/bug-*.yaml; do
    t=$(basename "$f" .yaml)
    [[ " ${targets[*]} " == *" $t "* ]] || targets+=("$t")
done
"$BIN/regsuite" run -j 4 --strict --target "$T/local.yaml" --json "$OUT/local.json" suites >"$OUT/local.out" 2>&1
"$BIN/regsuite" list --tsv suites >"$OUT/list.tsv"
cut -f1 "$OUT/list.tsv" | sort >"$OUT/remaining.txt"
# caught JSON: the ids failing in JSON where they do not fail (the same way) on local
caught() {
    jq -r --slurpfile b "$OUT/local.json" '.results[] | select(.outcome == "FAIL" or .outcome == "WARN")
        | . as $r | ($b[0].results[] | select(.id == $r.id)) as $l
        | select(($l.outcome != "FAIL" and $l.outcome != "WARN") or $l.actual != $r.actual) | .id' "$1"
}
run_target() { # run_target TARGET [FILTER]: its report in $OUT/TARGET.json
    local sel=(suites)
    [ -n "${2:-}" ] && sel=(--filter "$2" suites)
    "$BIN/regsuite" run -j 4 --strict --target "$T/$1.yaml" --json "$OUT/$1.json" "${sel[@]}" >"$OUT/$1.out" 2>&1
    [ $? -le 1 ] || echo "detect-full: $1: the run did not complete (see $OUT/$1.out)" >&2
}
for t in "${targets[@]}"; do
    own=$(awk -F'\t' -v t="$t" '(" " $5 " ") ~ (" " t " ") {print $1}' "$OUT/list.tsv")
    # test.sh reads these two whole: a mount- scenario regressing, a non-JSON error body named
    if [ "${DETECT_ALL:-0}" = 1 ] || [ "$t" = bug-mount-any ] || [ "$t" = bug-html-errors ]; then
        run_target "$t"
    else
        ids=$(sort -u <(echo "$own") "$OUT/remaining.txt" | grep -v '^$' | paste -sd, -)
        [ -n "$ids" ] && run_target "$t" "$ids"
        if [ -z "$ids" ] || [ -z "$(caught "$OUT/$t.json")" ]; then
            run_target "$t" # caught nothing yet: every suite
        fi
    fi
    caught "$OUT/$t.json" | sort | comm -23 "$OUT/remaining.txt" - >"$OUT/remaining.new"
    mv "$OUT/remaining.new" "$OUT/remaining.txt"
    echo "detect-full: $t: $(caught "$OUT/$t.json" | wc -l) caught, $(wc -l <"$OUT/remaining.txt") scenario(s) not caught yet"
done
broken=()
for t in "${targets[@]}"; do broken+=("$OUT/$t.json"); done
scripts/detect-map.py "$OUT/local.json" "${broken[@]}" >suites/expected/detection.tsv || exit 2
"$BIN/regsuite" detect --justified suites/expected/undetected-checks.txt --out reports/detection-full.txt \
    "$OUT/local.json" "${broken[@]}" | tail -1
rc=${PIPESTATUS[0]}
echo "detect-full: reports/detection-full.txt; suites/expected/detection.tsv rewritten ($(grep -vc '^#' suites/expected/detection.tsv) broken targets); not caught: $(tr '\n' ' ' <"$OUT/remaining.txt")"
exit "$rc"
