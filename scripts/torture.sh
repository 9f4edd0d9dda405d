#!/usr/bin/env bash
# Allocation torture, as curl's torture tests do it: build/torture/bin/regsuite (make TORTURE=1)
# fails the Nth allocation of regsuite's own code (RS_TORTURE_FAIL_AT=N; harness/torture/).
# For each case below (a scenario against local-open, reports written), a first run counts the
# allocations (T); then the run is repeated for N in 1..T and each must end cleanly: exit 0 (the
# failure was absorbed) or 1, 2, 3 with a message, no signal, no sanitizer report (ASan, UBSan,
# LeakSanitizer: no leak), within TORTURE_TIMEOUT s.
#
# usage: scripts/torture.sh [CASE...]        (the local environment must be up: env.sh up)
#   TORTURE_ALL=1    every N of every case (make torture)
#   default          per case every N up to TORTURE_FIRST (10), then TORTURE_RUNS (8) more spread
#                    evenly over the rest (make test)
#   TORTURE_JOBS     runs at a time (3: a run mostly waits on the registry)
# Prints "ok   torture: <case> (R runs of T allocations)" or "FAIL torture: <case> ..." per case
# and "torture: K runs of T allocations, C crashes, L leaks"; exits 1 if any run was not clean.
# The logs of runs that were not clean stay in build/torture/logs/.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${TORTURE_BIN:-$ROOT/build/torture/bin/regsuite}
TARGET=$ROOT/build/targets/local-open.yaml
LOGS=${TORTURE_LOGS:-$ROOT/build/torture/logs}
ALL=${TORTURE_ALL:-0}
FIRST=${TORTURE_FIRST:-10}
SPREAD=${TORTURE_RUNS:-8}
JOBS=${TORTURE_JOBS:-3}
TMO=${TORTURE_TIMEOUT:-120}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# name: scenario paths (uploads of every kind, manifests, mounts, tags pages, error bodies)
declare -A CASES=(
    [push-first]=suites/push/push-first.yaml
    [push-upload-methods]=suites/push/push-upload-methods.yaml
    [push-manifests]=suites/conformance/push-manifests.yaml
    [mount-missing-source]=suites/mount/mount-missing-source.yaml
    [tags-pagination]=suites/conformance/discovery-tags-pagination.yaml
    [error-codes]=suites/conformance/error-codes.yaml
)
ORDER=(push-first push-upload-methods push-manifests mount-missing-source tags-pagination error-codes)

[ -x "$BIN" ] || { echo "FAIL torture: no $BIN (make TORTURE=1 build/torture/bin/regsuite)"; exit 1; }
[ -f "$TARGET" ] || { echo "FAIL torture: no $TARGET (fixtures/env/env.sh up)"; exit 1; }

# report_whole FILE RC: the JSON report is whole (one result, a summary), or absent after an
# error exit -- never half a report, and never missing after exit 0
report_whole() {
    if [ ! -e "$1" ]; then [ "$2" -ne 0 ]; return; fi
    jq -e '(.results | length) == 1 and ([.summary | has("PASS", "FAIL", "WARN", "SKIP", "ERROR")] | all) and (.results[0].outcome | type) == "string"' \
        "$1" >/dev/null 2>&1
}

# outcome_fair FILE BASELINE: the scenario's outcome is the one without a failed allocation, or
# ERROR, or a WARN without a failed check (a cleanup that could not be done) -- a failed
# allocation of regsuite's own is never a failed check blamed on the registry
outcome_fair() {
    [ -e "$1" ] || return 0
    local o; o=$(jq -r '.results[0].outcome' "$1")
    [ "$o" = "$2" ] || [ "$o" = ERROR ] ||
        { [ "$o" = WARN ] && jq -e '[.results[0].checks[] | select(.verdict != "pass")] | length == 0' "$1" >/dev/null; }
}

# run_one CASE N: one run failing allocation N (0: none); prints "N verdict" where verdict is
# clean, crash (a signal or an ASan/UBSan report), leak, hang, silent (an error exit without a
# message), partial (a JSON report written but not whole, or none after exit 0) or blamed (see
# outcome_fair)
run_one() {
    local c=$1 n=$2 d log rc v=clean
    d=$(mktemp -d); log=$d/log
    # shellcheck disable=SC2086
    RS_TORTURE_TRACE=1 RS_TORTURE_FAIL_AT=$n timeout -s KILL "$TMO" "$BIN" run --target "$TARGET" \
        --junit "$d/junit.xml" --json "$d/report.json" ${CASES[$c]} >"$log" 2>&1
    rc=$?
    if grep -q 'ERROR: LeakSanitizer' "$log"; then v=leak
    elif grep -qE 'ERROR: AddressSanitizer|runtime error:' "$log"; then v=crash
    elif [ "$rc" -eq 137 ]; then v=hang
    elif [ "$rc" -gt 3 ]; then v=crash
    elif [ "$rc" -ne 0 ] && ! grep -qE '^[0-9]+ scenarios: |^regsuite: [^t]' "$log"; then v=silent
    elif ! report_whole "$d/report.json" "$rc"; then v=partial
    elif [ "$n" -gt 0 ] && ! outcome_fair "$d/report.json" "$(cat "$LOGS/$c.baseline")"; then v=blamed
    fi
    [ "$n" -gt 0 ] || jq -r '.results[0].outcome' "$d/report.json" >"$LOGS/$c.baseline" 2>/dev/null
    if [ "$n" -eq 0 ]; then sed -n 's/^torture: \([0-9]*\) allocations$/\1/p' "$log"; fi
    [ "$v" = clean ] || { mkdir -p "$LOGS"; cp "$log" "$LOGS/$c-$n.log"; }
    [ "$n" -eq 0 ] || echo "$n $v $rc"
    rm -rf "$d"
}

# the N to try for a case of total allocations (plus total+1: none fails)
plan() {
    local total=$1 i step
    if [ "$ALL" = 1 ] || [ "$total" -le $((FIRST + SPREAD)) ]; then seq 1 $((total + 1)); return; fi
    seq 1 "$FIRST"
    step=$(((total - FIRST) / SPREAD)); [ "$step" -ge 1 ] || step=1
    for ((i = FIRST + step; i <= total; i += step)); do echo "$i"; done
    echo $((total + 1))
}

names=("$@"); [ ${#names[@]} -gt 0 ] || names=("${ORDER[@]}")
runs=0; allocs=0; crashes=0; leaks=0; other=0; fail=0
mkdir -p "$LOGS"
for c in "${names[@]}"; do
    [ -n "${CASES[$c]:-}" ] || { echo "FAIL torture: no case $c (${ORDER[*]})"; fail=1; continue; }
    total=$(run_one "$c" 0)
    if ! [ "${total:-0}" -gt 0 ] 2>/dev/null; then
        echo "FAIL torture: $c (the counting run printed no total; $LOGS/$c-0.log)"; fail=1; continue
    fi
    out=$LOGS/$c.results; : >"$out"
    for n in $(plan "$total"); do
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
        run_one "$c" "$n" >>"$out" &
    done
    wait
    r=$(wc -l <"$out"); cr=$(grep -c ' crash \| hang ' "$out"); lk=$(grep -c ' leak ' "$out")
    ot=$(grep -vc ' clean ' "$out"); ot=$((ot - cr - lk))
    runs=$((runs + r)); allocs=$((allocs + total))
    crashes=$((crashes + cr)); leaks=$((leaks + lk)); other=$((other + ot))
    if [ $((cr + lk + ot)) -eq 0 ]; then
        echo "ok   torture: $c ($r runs of $total allocations)"
    else
        fail=1
        echo "FAIL torture: $c ($r runs of $total allocations: $cr crashes, $lk leaks, $ot silent, partial or blamed)"
        grep -v ' clean ' "$out" | sort -n | head -5 | while read -r n v rc; do
            echo "    N=$n: $v (exit $rc; $LOGS/$c-$n.log)"
        done
    fi
done
echo "torture: $runs runs of $allocs allocations, $crashes crashes, $leaks leaks"
exit $fail
