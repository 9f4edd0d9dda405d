#!/usr/bin/env bash
# The ci/ folder, run by scripts/test.sh with `local` up: the pipelines lint (yamllint, strict;
# the Jenkinsfile's brackets balance -- a full Groovy/declarative check needs a Jenkins controller's
# declarative linter, which this machine has not), each calls ci/nightly.sh, and ci/nightly.sh
# run twice against `local` gives two green nights whose diff (`regsuite diff`) is empty. Each
# lint is shown failing on a broken copy. Prints ok/FAIL lines. Env: BIN, T, OUT as in test.sh.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-build/san/bin} T=${T:-build/targets} OUT=${OUT:-reports/test}
ok() { echo "ok   $*"; }
ko() { echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
yaml=(ci/github/nightly.yml ci/gitlab/.gitlab-ci.yml ci/github/sharded.yml ci/gitlab/sharded.gitlab-ci.yml ci/targets/example-registry.yaml)

echo "-- the pipelines"
command -v yamllint >/dev/null || ko "ci: yamllint is installed (scripts/deps.sh)"
yamllint -s -c ci/yamllint.yaml "${yaml[@]}" >"$OUT/yamllint.out" 2>&1
check "ci: yamllint -s passes the GitHub, GitLab pipelines and the example target (reports/test/yamllint.out)" [ $? -eq 0 ]
sed 's/^  nightly:$/  nightly:\n  nightly:/' ci/github/nightly.yml >"$OUT/dup-key.yml"
yamllint -s -c ci/yamllint.yaml "$OUT/dup-key.yml" >/dev/null 2>&1
check "ci: control: yamllint fails a copy of nightly.yml with a duplicated key" [ $? -ne 0 ]
# balanced FILE: (), [] and {} nest properly outside // comments (strings here hold none unpaired)
balanced() {
    sed 's|^[[:space:]]*//.*||' "$1" | tr -cd '(){}[]' | awk '{
        n = split($0, c, ""); top = 0
        for (i = 1; i <= n; i++) {
            if (c[i] ~ /[({[]/) { st[++top] = c[i]; continue }
            want = c[i] == ")" ? "(" : c[i] == "]" ? "[" : "{"
            if (top == 0 || st[top] != want) exit 1
            top--
        }
        exit top != 0 }'
}
check "ci: the Jenkinsfile's (), [] and {} balance" balanced ci/jenkins/Jenkinsfile
sed '0,/^        }$/{/^        }$/d}' ci/jenkins/Jenkinsfile >"$OUT/Jenkinsfile.broken"
check "ci: control: a Jenkinsfile with one } removed does not balance" \
    bash -c "$(declare -f balanced); ! balanced '$OUT/Jenkinsfile.broken'"
calls_ok=1
for f in ci/github/nightly.yml ci/gitlab/.gitlab-ci.yml ci/jenkins/Jenkinsfile; do
    grep -q 'ci/nightly.sh' "$f" || { echo "  $f does not call ci/nightly.sh"; calls_ok=0; }
done
check "ci: every pipeline calls ci/nightly.sh" [ "$calls_ok" -eq 1 ]
check "ci: GitHub: nightly schedule, a target matrix, JUnit published, reports uploaded, the previous night's artifact downloaded" \
    bash -c "grep -q 'cron:' ci/github/nightly.yml && grep -q 'matrix:' ci/github/nightly.yml && grep -q 'action-junit-report' ci/github/nightly.yml && grep -q 'upload-artifact' ci/github/nightly.yml && grep -q 'download-artifact' ci/github/nightly.yml"
check "ci: GitLab: the JUnit is the jobs' junit report artifact; Jenkins: junit and archiveArtifacts" \
    bash -c "grep -qE '^      junit: reports/nightly/junit.xml' ci/gitlab/.gitlab-ci.yml && grep -q 'junit testResults' ci/jenkins/Jenkinsfile && grep -q 'archiveArtifacts' ci/jenkins/Jenkinsfile"
REGSUITE_OWNER_PASSWORD=x REGSUITE_OTHER_PASSWORD=x REGSUITE_THIRD_PASSWORD=x "$BIN/regsuite" run \
    --target ci/targets/example-registry.yaml --filter no-such-scenario suites >"$OUT/ci-target.out" 2>&1
check "ci: the example target file loads (passwords from password_env; only the empty selection is refused)" \
    grep -q 'no scenario selected' "$OUT/ci-target.out"

echo "-- ci/nightly.sh against local, two nights"
ci/nightly.sh >"$OUT/nightly-none.out" 2>&1; rc1=$?
ci/nightly.sh --target "$T/local.yaml" --previous "$OUT/no-such.json" >"$OUT/nightly-noprev.out" 2>&1; rc2=$?
check "nightly: no target and no OCI_ROOT_URL, or a missing --previous file: exit 2 saying so" \
    bash -c "[ $rc1 -eq 2 ] && grep -q 'give --target FILE or the OCI_\*' '$OUT/nightly-none.out' && [ $rc2 -eq 2 ] && grep -q 'no-such.json: no such file' '$OUT/nightly-noprev.out'"
n1=$OUT/night1 n2=$OUT/night2
REGSUITE_ARGS="-j 4" ci/nightly.sh --target "$T/local.yaml" --out "$n1" suites >"$OUT/night1.out" 2>&1; rc1=$?
check "nightly: night 1 against local: exit 0 (failures only local's listed deviations), junit, json, html written" \
    bash -c "[ $rc1 -eq 0 ] && [ -s '$n1/junit.xml' ] && [ -s '$n1/report.json' ] && [ -s '$n1/report.html' ]"
REGSUITE_ARGS="-j 4" ci/nightly.sh --target "$T/local.yaml" --out "$n2" --previous "$n1/report.json" suites >"$OUT/night2.out" 2>&1; rc2=$?
check "nightly: night 2 with --previous night 1: reports written, the run itself passed" \
    bash -c "[ -s '$n2/report.json' ] && [ -s '$n2/report.html' ] && grep -q '(run exit 0)' '$OUT/night2.out'"
check "nightly: night 2 exits 0: its diff against night 1 (regsuite diff) found no regression (exit $rc2; 4 = no diff command)" \
    [ "$rc2" -eq 0 ]
"$BIN/regsuite" diff "$n1/report.json" "$n2/report.json" >"$OUT/nightly-diff.out" 2>&1; rc=$?
check "nightly: regsuite diff night1 night2: no regression, exit 0 (reports/test/nightly-diff.out)" [ "$rc" -eq 0 ]
prof=$(mktemp -d /tmp/rs-chromium-XXXXXX)
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --proxy-server=socks5://127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
    --user-data-dir="$prof" --dump-dom "file://$(cd "$n2" && pwd)/report.html" >"$OUT/night2.dom" 2>/dev/null
rm -rf "$prof"
summary=$(xmllint --html --xpath 'string(//p[@id="diff-summary"])' "$OUT/night2.dom" 2>/dev/null)
check "nightly: night 2's HTML report (the diff computed in the page, Chromium) says '$summary'" \
    [ "$summary" = "no difference" ]
