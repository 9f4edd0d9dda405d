#!/usr/bin/env bash
# The main job (make run): build, start the local environment, run every suite against `local`,
# write reports/junit.xml (+ local.json, deviations.txt), stop the environment.
# Exit 0 when the run completed, its reports are written and the only failures are the listed
# deviations of the local registry itself (suites/expected/local.yaml); otherwise regsuite's status.
set -u
cd "$(dirname "$0")/.."
make -s all || exit 2
trap 'fixtures/env/env.sh down' EXIT
AUTHD=$PWD/build/bin/authd PROXY=none fixtures/env/env.sh up || exit 3
mkdir -p reports
build/bin/regsuite run --target build/targets/local.yaml --junit reports/junit.xml \
    --json reports/local.json suites
rc=$?
if [ "$rc" -eq 1 ] && [ -f reports/local.json ]; then
    # a failure is acceptable here only when it is a known, labelled deviation of distribution 2.8.2
    if build/bin/regsuite expect --list suites/expected/local.yaml reports/local.json >reports/deviations.txt; then
        echo "run: every failure is a listed deviation of the local registry (reports/deviations.txt)"
        rc=0
    else
        cat reports/deviations.txt
    fi
fi
echo "run: reports written: reports/junit.xml reports/local.json (exit $rc)"
exit "$rc"
