#!/usr/bin/env bash
# The fault targets (fixtures/faultd, target fault-<mode>, started by env.sh up): every suite runs
# through each with short limits; each run must end within its printed bound, write its reports
# (JUnit + JSON, every scenario in them), exit 1 or 3, and print no sanitizer report. The hostile
# sizes (tags-100m, pages-forever, catalog-1m, error-10m, token-1m, manifest-100m) are also run with the plain
# build under /usr/bin/time: peak RSS <= RSS_BOUND_KB, and a probe scenario
# (harness/tests/faults/) gives a failed check or error naming the 1 MiB limit.
# Prints ok/FAIL lines and the table (mode x outcome/exit/time/RSS), also into reports/faults.txt.
# usage: [BIN=build/san/bin] [OUT=reports/test/faults] scripts/faults.sh   (the environment runs)
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/build/san/bin}
PLAIN=${PLAIN:-$PWD/build/bin}
OUT=${OUT:-$PWD/reports/test/faults}
T=$PWD/build/targets
TIMEOUT=2 MAXTO=2 DEADLINE=6
BOUND=$((DEADLINE + 12))     # seconds: the deadline, plus start, pre-flight and the reports
RSS_BOUND_KB=65536           # 64 MiB peak RSS for the plain build against a hostile size
LIMIT_TEXT='1 MiB|1048576 bytes'
fail=0
ok() { echo "ok   faults: $*"; }
ko() { fail=$((fail + 1)); echo "FAIL faults: $*"; }
mkdir -p "$OUT" reports
rm -f "$OUT"/*
# every scenario, a matrix file's generated ones included (regsuite list: one line each, then the counts)
NSCEN=$(($("$BIN/regsuite" list suites | wc -l) - 1))

# the probe scenario for a hostile-size mode, or nothing
probe() {
    case "$1" in
        tags-100m) echo tags ;; pages-forever) echo pages ;; catalog-1m) echo catalog ;;
        error-10m) echo error ;;
        token-1m) echo token ;; manifest-100m) echo manifest ;;
    esac
}

# the first reason the run gives: a pre-flight failure, a scenario's error, or a failed check
first_reason() {
    local r
    r=$(grep -m1 -E '^regsuite: the target|^regsuite: .*(refused|pre-flight)' "$1")
    [ -n "$r" ] || r=$(grep -m1 -E '^ERROR ' "$1" | sed -E 's/^ERROR +[A-Z]+ +[^ ]+ +[0-9.]+s +//')
    [ -n "$r" ] || r=$(grep -m1 -E "check '" "$1" | sed -E 's/^[^ ]+ //')
    echo "$r" | sed -E 's|https?://127\.0\.0\.1:[0-9]+|<url>|g' | cut -c1-150
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# run_all MODE: every suite through fault-MODE with the sanitizer build; sets rc, secs
run_all() {
    local m=$1 s
    s=$(now)
    "$BIN/regsuite" run --timeout $TIMEOUT --max-timeouts $MAXTO --deadline $DEADLINE \
        --target "$T/fault-$m.yaml" --junit "$OUT/$m.xml" --json "$OUT/$m.json" suites \
        >"$OUT/$m.out" 2>&1
    rc=$?
    secs=$(elapsed "$s" "$(now)")
}

# verdict MODE: the checks of one all-suites run; prints ok/FAIL lines
verdict() {
    local m=$1 n
    { [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ]; } && ok "fault-$m: exit $rc (1 or 3)" ||
        ko "fault-$m: exit $rc, not 1 or 3 (see $OUT/$m.out)"
    awk -v s="$secs" -v b="$BOUND" 'BEGIN { exit !(s <= b) }' && ok "fault-$m: ended in ${secs} s (bound $BOUND s)" ||
        ko "fault-$m: took ${secs} s, over the bound of $BOUND s"
    n=$(jq '.results | length' "$OUT/$m.json" 2>/dev/null || echo 0)
    [ "$n" -eq "$NSCEN" ] && grep -q '<testsuites' "$OUT/$m.xml" 2>/dev/null &&
        ok "fault-$m: JUnit and JSON written, all $NSCEN scenarios in them" ||
        ko "fault-$m: reports missing or incomplete ($n of $NSCEN scenarios in $OUT/$m.json)"
    ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|^SUMMARY: ' "$OUT/$m.out" &&
        ok "fault-$m: no sanitizer report" || ko "fault-$m: a sanitizer report in $OUT/$m.out"
}

# sizes MODE PROBE: the plain build, peak RSS of the all-suites run and of the probe; sets rss
sizes() {
    local m=$1 p=$2 r1 r2 why
    /usr/bin/time -f '%M' -o "$OUT/$m.rss-all" "$PLAIN/regsuite" run --timeout $TIMEOUT \
        --max-timeouts $MAXTO --deadline 3 --target "$T/fault-$m.yaml" suites >/dev/null 2>&1
    /usr/bin/time -f '%M' -o "$OUT/$m.rss-probe" "$PLAIN/regsuite" run --timeout 5 --deadline 30 \
        --target "$T/fault-$m.yaml" "harness/tests/faults/fault-$p.yaml" >"$OUT/$m.probe.out" 2>&1
    local prc=$?
    r1=$(tail -1 "$OUT/$m.rss-all"); r2=$(tail -1 "$OUT/$m.rss-probe")
    rss=$((r1 > r2 ? r1 : r2))
    [ "$rss" -le "$RSS_BOUND_KB" ] && ok "fault-$m: peak RSS ${rss} KB <= $RSS_BOUND_KB KB (plain build; all suites ${r1} KB, probe ${r2} KB)" ||
        ko "fault-$m: peak RSS ${rss} KB over $RSS_BOUND_KB KB"
    why=$(grep -E "check '|^ERROR " "$OUT/$m.probe.out" | grep -E "$LIMIT_TEXT" | head -1)
    [ "$prc" -eq 1 ] && [ -n "$why" ] && ok "fault-$m: probe fault-$p: exit 1, names the limit: ${why#*: }" ||
        ko "fault-$m: probe fault-$p (exit $prc) gave no failed check or error naming the limit (see $OUT/$m.probe.out)"
}

modes=$("$BIN/faultd" --list-modes | cut -f1)
[ -n "$modes" ] || { ko "faultd --list-modes printed no mode"; exit 1; }
table=$OUT/table.txt
printf '%-14s %-4s %6s %9s  %s\n' mode exit secs peak-rss "outcome (all suites, --timeout $TIMEOUT --max-timeouts $MAXTO --deadline $DEADLINE, bound $BOUND s)" >"$table"
for m in $modes; do
    [ -f "$T/fault-$m.yaml" ] || { ko "fault-$m: no target file (env.sh up starts every faultd mode)"; continue; }
    run_all "$m"
    verdict "$m"
    rss=-
    p=$(probe "$m")
    [ -n "$p" ] && sizes "$m" "$p"
    closing=$(grep -E '^[0-9]+ scenarios: ' "$OUT/$m.out" | tail -1)
    why=$(first_reason "$OUT/$m.out")
    [ "$rss" = - ] || rss="$rss KB"
    printf '%-14s %-4s %6s %9s  %s\n' "$m" "$rc" "$secs" "$rss" \
        "${closing#* scenarios: }" >>"$table"
    printf '%-14s %-4s %6s %9s    first: %s\n' "" "" "" "" "$why" >>"$table"
done
cp "$table" reports/faults.txt
echo "== the fault table (reports/faults.txt)"
cat "$table"
[ "$fail" -eq 0 ]
