#!/usr/bin/env bash
# README's "Scenario reference" section is `regsuite reference` verbatim. Without arguments: exit 1
# (with a diff) when it differs; --write: rewrite the section. BIN may name the binary's folder.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-build/bin}
gen=$(mktemp); cur=$(mktemp)
trap 'rm -f "$gen" "$cur"' EXIT
"$BIN/regsuite" reference >"$gen" || exit 2
sed -n '/^<!-- reference:begin -->$/,/^<!-- reference:end -->$/p' README.md | sed '1d;$d' >"$cur"
if [ "${1:-}" = --write ]; then
    awk -v gen="$gen" '/^<!-- reference:begin -->$/ {print; while ((getline l < gen) > 0) print l; skip=1; next}
                       /^<!-- reference:end -->$/ {skip=0} !skip' README.md >README.md.new && mv README.md.new README.md
    exit 0
fi
diff -u "$cur" "$gen" && exit 0
echo "reference: README.md's scenario reference differs from 'regsuite reference': run make reference" >&2
exit 1
