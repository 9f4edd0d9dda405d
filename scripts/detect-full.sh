#!/usr/bin/env bash
# make detect-full: every suite against every broken target (--strict, -j 4), the full detection
# table (reports/detection-full.txt), and suites/expected/detection.tsv regenerated from it: the
# scenarios make test runs on each broken target. Needs the environment (make env-up).
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-build/bin}
T=build/targets
OUT=reports/detect-full
mkdir -p "$OUT"
rm -f "$OUT"/*.json
"$BIN/regsuite" run --strict --target "$T/local.yaml" --json "$OUT/local.json" suites >"$OUT/local.out" 2>&1
broken=()
for f in "$T"/bug-*.yaml; do
    t=$(basename "$f" .yaml)
    "$BIN/regsuite" run -j 4 --strict --target "$f" --json "$OUT/$t.json" suites >"$OUT/$t.out" 2>&1
    [ $? -le 1 ] || echo "detect-full: $t: the run did not complete (see $OUT/$t.out)" >&2
    broken+=("$OUT/$t.json")
done
"$BIN/regsuite" detect --justified suites/expected/undetected-checks.txt --out reports/detection-full.txt \
    "$OUT/local.json" "${broken[@]}" | tail -1
rc=${PIPESTATUS[0]}
scripts/detect-map.py "$OUT/local.json" "${broken[@]}" >suites/expected/detection.tsv || exit 2
echo "detect-full: reports/detection-full.txt; suites/expected/detection.tsv rewritten ($(grep -vc '^#' suites/expected/detection.tsv) broken targets)"
exit "$rc"
