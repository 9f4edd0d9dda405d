#!/usr/bin/env bash
# The nightly job every pipeline under ci/ calls: build regsuite, run the suites against one
# registry, write JUnit, JSON and HTML, apply the baseline of expected failures, and diff against
# the previous night's JSON report.
#
#   ci/nightly.sh [--target FILE] [--expected FILE] [--previous OLD.json] [--out DIR] [PATH...]
#
#   --target FILE    the registry (fixtures/README.md); without it the OCI_* variables
#                    (OCI_ROOT_URL, OCI_NAMESPACE, OCI_USERNAME, OCI_PASSWORD, ...: see README)
#   --expected FILE  the registry's listed deviations (default: suites/expected/<name>.yaml when
#                    it exists, <name> the target file's base name)
#   --previous FILE  last night's report.json: the diff goes to DIR/diff.txt (and diff.json),
#                    and into the HTML report
#   --out DIR        where the reports go (default reports/nightly)
#   PATH...          scenario files or folders (default suites)
# Every option can also come from the environment: REGSUITE_TARGET, REGSUITE_EXPECTED,
# REGSUITE_PREVIOUS, REGSUITE_OUT, REGSUITE_SUITES (space-separated), REGSUITE_ARGS (more
# options for regsuite run, e.g. "--strict --deadline 3600").
#
# Writes DIR/junit.xml, DIR/report.json, DIR/report.html, DIR/console.txt, and with --previous
# DIR/diff.txt and DIR/diff.json. Exit: 0 the run passed (every failure a listed deviation) and
# nothing regressed since the previous night; 1 a check failed or something regressed; 2 usage or
# configuration; 3 the registry could not be reached; 4 --previous was given but this regsuite
# has no `diff` command.
set -u
cd "$(dirname "$0")/.."
target=${REGSUITE_TARGET:-} expected=${REGSUITE_EXPECTED:-} previous=${REGSUITE_PREVIOUS:-}
out=${REGSUITE_OUT:-reports/nightly}
read -r -a paths <<<"${REGSUITE_SUITES:-}"
read -r -a extra <<<"${REGSUITE_ARGS:-}"
usage() { sed -n '6,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --target | --expected | --previous | --out)
        [ $# -ge 2 ] || { echo "nightly: $1 needs a value" >&2; usage; }
        case $1 in
        --target) target=$2 ;; --expected) expected=$2 ;; --previous) previous=$2 ;; --out) out=$2 ;;
        esac
        shift 2 ;;
    -h | --help) usage ;;
    -*) echo "nightly: unknown option $1" >&2; usage ;;
    *) paths+=("$1"); shift ;;
    esac
done
[ ${#paths[@]} -gt 0 ] || paths=(suites)
if [ -n "$target" ] && [ ! -r "$target" ]; then
    echo "nightly: --target $target: no such file" >&2; exit 2
fi
if [ -z "$target" ] && [ -z "${OCI_ROOT_URL:-}" ]; then
    echo "nightly: give --target FILE or the OCI_* variables (OCI_ROOT_URL, OCI_NAMESPACE, ...)" >&2
    exit 2
fi
if [ -n "$previous" ] && [ ! -r "$previous" ]; then
    echo "nightly: --previous $previous: no such file (no previous night: leave it out)" >&2; exit 2
fi
name=$(basename "${target:-oci}" .yaml)
if [ -z "$expected" ] && [ -f "suites/expected/$name.yaml" ]; then expected=suites/expected/$name.yaml; fi

echo "nightly: building regsuite"
make -s all || exit 2
RS=build/bin/regsuite
mkdir -p "$out"
rm -f "$out"/junit.xml "$out"/report.json "$out"/report.html "$out"/diff.txt "$out"/diff.json

# What this regsuite offers: run --expected (a baseline inside the run) and the diff command.
has_expected=0
"$RS" run --expected /dev/null 2>&1 | grep -q 'unknown option --expected' || has_expected=1
has_diff=0
"$RS" diff 2>&1 | grep -q "unknown command 'diff'" || has_diff=1

args=(--junit "$out/junit.xml" --json "$out/report.json" --html "$out/report.html")
[ -z "$target" ] || args+=(--target "$target")
[ -z "$previous" ] || args+=(--html-compare "$previous")
[ -z "$expected" ] || [ "$has_expected" -eq 0 ] || args+=(--expected "$expected")
echo "nightly: $RS run ${args[*]} ${extra[*]} ${paths[*]}"
"$RS" run "${args[@]}" "${extra[@]}" "${paths[@]}" | tee "$out/console.txt"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 1 ] && [ -n "$expected" ] && [ "$has_expected" -eq 0 ] && [ -s "$out/report.json" ]; then
    # this regsuite has no --expected: the listed deviations are compared after the run instead
    echo "nightly: regsuite run has no --expected here; comparing with 'regsuite expect --list $expected'"
    "$RS" expect --list "$expected" "$out/report.json" | tee "$out/expected.txt"
    [ "${PIPESTATUS[0]}" -ne 0 ] || rc=0
fi

drc=0
if [ -n "$previous" ] && [ -s "$out/report.json" ]; then
    if [ "$has_diff" -eq 1 ]; then
        "$RS" diff "$previous" "$out/report.json" --json "$out/diff.json" | tee "$out/diff.txt"
        drc=${PIPESTATUS[0]}
        echo "nightly: diff against $previous: exit $drc ($out/diff.txt)"
    else
        echo "nightly: cannot diff against $previous: this regsuite has no 'diff' command" \
            "(issue #11 item 2); the HTML report shows the differences ($out/report.html)" >&2
        drc=4
    fi
fi
echo "nightly: reports in $out: junit.xml report.json report.html$([ -s "$out/diff.txt" ] && echo " diff.txt") (run exit $rc)"
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
exit "$drc"
