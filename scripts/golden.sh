#!/usr/bin/env bash
# Golden tests of the regsuite CLI (Hurl-style): one folder per case under
# harness/tests/golden/cases/<case>/ holding
#   cmd      the command, one shell line, run from the worktree root with these variables set:
#            $BIN (the regsuite binaries' dir), $T (build/targets), $G (the case's folder,
#            absolute), $OUT (an empty scratch dir, removed afterwards)
#   stdout   the expected standard output, after normalisation (see normalise below)
#   stderr   the expected standard error, after normalisation
#   exit     the expected exit code
#   needs    optional: "env" when the case runs against the local environment
#            (fixtures/env/env.sh), "none" (the default) when nothing has to be running
# plus any input files the command uses (scenario YAML, target YAML).
#
# usage: scripts/golden.sh [--needs none|env|all] [CASE...]
#        UPDATE=1 scripts/golden.sh ...   rewrites stdout, stderr and exit from the actual run
# BIN defaults to build/san/bin (the sanitizer builds). With --needs env or all, the local
# environment is started (and stopped at the end) when it is not already running.
# Prints "ok   golden: <case>" or "FAIL golden: <case>" (with a unified diff) per case, then
# "golden: N passed, N failed"; exits 1 if a case failed, 2 on a usage error.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
CASES=$ROOT/harness/tests/golden/cases
BIN=${BIN:-$ROOT/build/san/bin}
T=$ROOT/build/targets
UPDATE=${UPDATE:-0}
TIMEOUT=${GOLDEN_TIMEOUT:-120}
pass=0; fail=0
started_env=0; env_tried=0

usage() { echo "usage: $0 [--needs none|env|all] [CASE...]" >&2; exit 2; }

# case_needs DIR: the group a case belongs to
case_needs() { if [ -f "$1/needs" ]; then tr -d ' \n' <"$1/needs"; else echo none; fi; }

# normalise RUN_ID SCRATCH: stdin -> stdout with what varies between runs replaced: the scratch
# dir, the worktree's path, the run id (also inside repository names), ports on loopback,
# durations (padded to their width, so columns stay aligned) and other temp dirs
normalise() {
    GOLDEN_RUN=$1 GOLDEN_SCRATCH=$2 GOLDEN_ROOT=$ROOT perl -pe '
        s/\Q$ENV{GOLDEN_SCRATCH}\E/<OUT>/g;
        s/\Q$ENV{GOLDEN_ROOT}\E/<ROOT>/g;
        s/\Q$ENV{GOLDEN_RUN}\E/<RUN>/g if $ENV{GOLDEN_RUN} ne "";
        s/\brun r[0-9a-f]{6}\b/run <RUN>/g;
        s/(127\.0\.0\.1|localhost|\[::1\]):\d+/$1:<PORT>/g;
        s/( +)(\d+\.\d+)s\b/sprintf("%*s", length($1 . $2), "<DUR>") . "s"/ge;
        s/\b\d+(\.\d+)? seconds\b/<N> seconds/g;
        s{/tmp/[\w.-]+}{<TMP>}g;
    '
}

# the local environment: running when local-open's registry is alive
env_running() { fixtures/env/env.sh status 2>/dev/null | grep -q '^running .*/local-open/pid$'; }

# env_start: starts the local environment unless it runs; tries once; a partial start is stopped
env_start() {
    env_running && return 0
    [ "$env_tried" -eq 0 ] || return 1
    env_tried=1
    echo "golden: starting the local environment (fixtures/env/env.sh up)"
    if AUTHD=$BIN/authd PROXY=$BIN/bugproxy fixtures/env/env.sh up >/dev/null 2>"$ROOT/build/golden-env.log"; then
        started_env=1; return 0
    fi
    sed 's/^/    /' "$ROOT/build/golden-env.log"
    fixtures/env/env.sh down >/dev/null 2>&1
    return 1
}

env_stop() { [ "$started_env" -eq 1 ] && fixtures/env/env.sh down >/dev/null 2>&1; started_env=0; }

# expected_missing DIR: names the expected files a case lacks (a case that asserts nothing fails)
expected_missing() {
    local f missing=""
    for f in cmd stdout stderr exit; do [ -f "$1/$f" ] || missing="$missing $f"; done
    echo "${missing# }"
}

# run_case DIR SCRATCH: runs the case's command; leaves actual.out, actual.err, actual.exit in SCRATCH
run_case() {
    local dir=$1 scratch=$2 rc run
    mkdir -p "$scratch/out"
    (
        export BIN T G=$dir OUT=$scratch/out
        timeout "$TIMEOUT" bash -c "$(grep . "$dir/cmd")" </dev/null
    ) >"$scratch/raw.out" 2>"$scratch/raw.err"
    rc=$?
    run=$(grep -ohE 'run r[0-9a-f]{6}\b' "$scratch/raw.out" "$scratch/raw.err" | head -n 1 | cut -d' ' -f2)
    normalise "$run" "$scratch/out" <"$scratch/raw.out" >"$scratch/actual.out"
    normalise "$run" "$scratch/out" <"$scratch/raw.err" >"$scratch/actual.err"
    echo "$rc" >"$scratch/actual.exit"
}

# compare DIR SCRATCH: 0 when actual equals expected; prints a unified diff otherwise
compare() {
    local dir=$1 scratch=$2 name=$3 same=0
    diff -u --label "$name/stdout (expected)" --label "$name/stdout (actual)" \
        "$dir/stdout" "$scratch/actual.out" || same=1
    diff -u --label "$name/stderr (expected)" --label "$name/stderr (actual)" \
        "$dir/stderr" "$scratch/actual.err" || same=1
    diff -u --label "$name/exit (expected)" --label "$name/exit (actual)" \
        <(tr -d ' \n' <"$dir/exit"; echo) "$scratch/actual.exit" || same=1
    return $same
}

one_case() {
    local dir=$1 name scratch missing
    name=$(basename "$dir")
    if [ ! -f "$dir/cmd" ] || [ "$(grep -c . "$dir/cmd")" -ne 1 ]; then
        fail=$((fail + 1)); echo "FAIL golden: $name (cmd must be one non-empty line)"; return
    fi
    missing=$(expected_missing "$dir")
    if [ -n "$missing" ] && [ "$UPDATE" != 1 ]; then
        fail=$((fail + 1)); echo "FAIL golden: $name (missing $missing; UPDATE=1 writes them)"; return
    fi
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
    run_case "$dir" "$scratch"
    if [ "$UPDATE" = 1 ]; then
        cp "$scratch/actual.out" "$dir/stdout"
        cp "$scratch/actual.err" "$dir/stderr"
        cp "$scratch/actual.exit" "$dir/exit"
        pass=$((pass + 1)); echo "ok   golden: $name (updated, exit $(cat "$dir/exit"))"
    elif compare "$dir" "$scratch" "$name" >"$scratch/diff"; then
        pass=$((pass + 1)); echo "ok   golden: $name"
    else
        fail=$((fail + 1)); echo "FAIL golden: $name"; sed 's/^/    /' "$scratch/diff"
    fi
    rm -rf "$scratch"
}

# select_cases GROUP NAME...: the case folders to run, sorted; a case whose needs file names no
# group is in every group, so that it fails instead of never running
select_cases() {
    local group=$1 dir need; shift
    if [ $# -gt 0 ]; then
        for dir in "$@"; do echo "$CASES/${dir%/}"; done
        return
    fi
    for dir in "$CASES"/*/; do
        dir=${dir%/}
        need=$(case_needs "$dir")
        case $group:$need in all:*|none:none|env:env) echo "$dir" ;; *:none|*:env) ;; *) echo "$dir" ;; esac
    done
}

main() {
    local group=all dir need cases=()
    while [ $# -gt 0 ]; do
        case $1 in
            --needs) [ $# -ge 2 ] || usage; group=$2; shift 2 ;;
            --needs=*) group=${1#--needs=}; shift ;;
            -h|--help) usage ;;
            -*) usage ;;
            *) break ;;
        esac
    done
    case $group in none|env|all) ;; *) usage ;; esac
    [ -x "$BIN/regsuite" ] || { echo "golden: $BIN/regsuite is missing (make SAN=1 all, or set BIN)" >&2; exit 2; }
    for dir in "$@"; do
        [ -d "$CASES/$dir" ] || { echo "golden: no case '$dir' in $CASES" >&2; exit 2; }
    done
    mapfile -t cases < <(select_cases "$group" "$@")
    [ "${#cases[@]}" -gt 0 ] || { echo "golden: no case in group '$group'" >&2; exit 2; }
    trap env_stop EXIT
    for dir in "${cases[@]}"; do
        need=$(case_needs "$dir")
        [ "$need" = none ] || [ "$need" = env ] && continue
        fail=$((fail + 1)); echo "FAIL golden: $(basename "$dir") (needs '$need': none or env)"
    done
    for need in none env; do
        for dir in "${cases[@]}"; do
            [ "$(case_needs "$dir")" = "$need" ] || continue
            if [ "$need" = env ] && ! env_start; then
                fail=$((fail + 1)); echo "FAIL golden: $(basename "$dir") (the local environment did not start)"
                continue
            fi
            one_case "$dir"
        done
    done
    env_stop
    echo "golden: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

main "$@"
