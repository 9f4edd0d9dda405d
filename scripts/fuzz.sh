#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build` (build/fuzz/bin/fuzz_<target>):
# each for FUZZ_SECONDS (default 60), or until FUZZ_RUNS executions when that is set (then
# FUZZ_SECONDS, default 7200 there, is only the bound; the count printed includes the seed
# corpus' replay), from its seed corpus harness/fuzz/corpus/<target>/ (new inputs go to
# build/fuzz/corpus/<target>/, the seeds are not changed), then every input that once crashed
# it, harness/fuzz/regressions/<target>/*, once. A crash, leak or UB report keeps the input in
# build/fuzz/artifacts/<target>/ and the log in build/fuzz/logs/<target>.log. FUZZ_SECONDS,
# FUZZ_RUNS and FUZZ_JOBS are whole numbers from 1 (anything else: exit 2).
#
# usage: scripts/fuzz.sh [TARGET...]      (default: every target; FUZZ_JOBS targets at a time)
# Prints "ok   fuzz: <target> (N executions in S s)" or "FAIL fuzz: <target> ..." per target and
# "ok   fuzz regressions: <target> (N inputs)" per target with regression inputs; exits 1 if any
# failed.
set -u
cd "$(dirname "$0")/.."
# whole numbers from 1 (libFuzzer reads 0 or a word in -max_total_time as "no limit")
for v in FUZZ_RUNS FUZZ_SECONDS FUZZ_JOBS; do
    [[ -z ${!v:-} || ${!v} =~ ^[1-9][0-9]*$ ]] && continue
    echo "fuzz.sh: $v must be a whole number from 1, not '${!v}'" >&2
    exit 2
done
RUNS=${FUZZ_RUNS:-}
if [ -n "$RUNS" ]; then SECONDS_EACH=${FUZZ_SECONDS:-7200}; else SECONDS_EACH=${FUZZ_SECONDS:-60}; fi
JOBS=${FUZZ_JOBS:-1}
B=build/fuzz
# the largest input worth trying, per target (bytes)
max_len() {
    case $1 in
        scenario | acl | errbody | matrix | fixture) echo 8192 ;;
        proxyreq) echo 4096 ;;
        target | dockercfg | challenge | tokenreq) echo 4096 ;;
        url) echo 2048 ;;
        *) echo 1024 ;;
    esac
}
# fuzz_one TARGET: fuzzes, then replays the regressions; one result line each
fuzz_one() {
    local t=$1 bin=$B/bin/fuzz_$1 log=$B/logs/$1.log rc n
    mkdir -p "$B/corpus/$t" "$B/artifacts/$t" "$B/logs"
    if [ ! -f "harness/fuzz/fuzz_$t.c" ]; then
        echo "FAIL fuzz: no target '$t' (the targets: $(cd harness/fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | tr '\n' ' '))"
        return
    fi
    if [ ! -x "$bin" ]; then echo "FAIL fuzz: $t (no $bin: make fuzz-build)"; return; fi
    local t0=$SECONDS
    "$bin" -max_total_time="$SECONDS_EACH" ${RUNS:+-runs="$RUNS"} -max_len="$(max_len "$t")" -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$B/artifacts/$t/" \
        "$B/corpus/$t" "harness/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$rc" -eq 0 ] && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
        echo "ok   fuzz: $t (${n:-?} executions in $((SECONDS - t0)) s)"
    else
        echo "FAIL fuzz: $t (exit $rc; $log, input in $B/artifacts/$t/)"
        grep -m3 -E 'ERROR:|runtime error:|SUMMARY' "$log" | sed 's/^/    /'
    fi
    local regs=(harness/fuzz/regressions/"$t"/*)
    [ -e "${regs[0]}" ] || return 0
    "$bin" "${regs[@]}" >"$B/logs/$t-regressions.log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && ! grep -qE 'ERROR: |runtime error:' "$B/logs/$t-regressions.log"; then
        echo "ok   fuzz regressions: $t (${#regs[@]} inputs)"
    else
        echo "FAIL fuzz regressions: $t (exit $rc; $B/logs/$t-regressions.log)"
        grep -m3 -E 'ERROR:|runtime error:|SUMMARY|Running: ' "$B/logs/$t-regressions.log" | sed 's/^/    /'
    fi
}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in harness/fuzz/fuzz_*.c; do t=${f##*/fuzz_}; targets+=("${t%.c}"); done
fi
mkdir -p "$B/logs"
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    fuzz_one "$t" >"$B/logs/$t.result" &
done
wait
fail=0 nok=0 nko=0
for t in "${targets[@]}"; do
    cat "$B/logs/$t.result"
    if grep -q '^FAIL' "$B/logs/$t.result"; then fail=1 nko=$((nko + 1)); else nok=$((nok + 1)); fi
done
echo "fuzz: ${#targets[@]} target(s): $nok clean, $nko with a finding (logs: $B/logs/)"
[ $fail -eq 0 ] || echo "fuzz: to replay a finding: $B/bin/fuzz_<target> $B/artifacts/<target>/<file>" \
    "(a failed regression: harness/fuzz/regressions/<target>/<file>; keep a fixed finding there)"
exit $fail
