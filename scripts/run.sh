#!/usr/bin/env bash
# The main job (make run): build, start the local environment, run every suite against `local`
# with its list of expected failures (suites/expected/local.yaml: the deviations of the local
# registry itself, XFAIL in the console and skipped testcases in JUnit), write reports/junit.xml,
# local.json, deviations.txt and one trace per scenario in reports/traces/, stop the environment.
# Exit: regsuite's status -- 0 exactly when the run completed, its reports are written and the only
# failures are listed ones failing as listed (--strict-expected: a listed one that passes fails).
set -u
cd "$(dirname "$0")/.."
make -s all || exit 2
trap 'fixtures/env/env.sh down' EXIT
AUTHD=$PWD/build/bin/authd PROXY=none fixtures/env/env.sh up || exit 3
mkdir -p reports
rm -rf reports/traces
build/bin/regsuite run --target build/targets/local.yaml --expected suites/expected/local.yaml \
    --strict-expected --junit reports/junit.xml --json reports/local.json --trace-dir reports/traces \
    suites
rc=$?
if [ -f reports/local.json ]; then
    # the same comparison as make test's, for reading: every listed deviation and how it failed
    build/bin/regsuite expect --list suites/expected/local.yaml reports/local.json >reports/deviations.txt
    [ "$rc" -eq 0 ] || cat reports/deviations.txt
fi
echo "run: reports written: reports/junit.xml reports/local.json reports/deviations.txt reports/traces/ (exit $rc)"
exit "$rc"
