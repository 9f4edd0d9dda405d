#!/usr/bin/env bash
# variants-table.sh LOCAL.json VARIANT.json...: the scenario x target table of outcomes (PASS, FAIL,
# WARN, SKIP, ERROR) for local and each spec-legal variant; a cell that differs from local's is
# marked with "*" (a scenario that fails only on a variant is a regsuite bug, never the variant's).
# A cell where local FAILs (one of local's listed deviations, checked by make test) and the variant
# PASSes or only WARNs is marked "+" and not counted: that variant lacks local's deviation (e.g.
# variant-tags-sorted sorts and pages the tags list, which distribution 2.8.2 does not); so is a
# cell where local only WARNs and the variant PASSes (variant-tag-delete-unsupported answers a tag
# DELETE with UNSUPPORTED, where distribution says DIGEST_INVALID: OCI check 56).
# A cell where local PASSes and the variant only WARNs (a SHOULD or MAY check the variant legally
# does not meet, e.g. no API-version header) is marked "~" and counted apart; no MUST failed there.
# A cell where the variant SKIPs what local runs because its target declares a feature false
# (variant-mount-unsupported: mount) is marked "-" and counted apart.
set -u
[ $# -ge 2 ] || { echo "usage: $0 LOCAL.json VARIANT.json..." >&2; exit 2; }
names=(); for f in "$@"; do names+=("$(basename "$f" .json)"); done
printf '%-34s' scenario; printf ' %-24s' "${names[@]}"; printf '\n'
differ=0; repaired=0; warned=0; undeclared=0
while read -r id; do
    printf '%-34s' "$id"
    base=$(jq -r --arg id "$id" '.results[] | select(.id == $id) | .outcome' "$1")
    for f in "$@"; do
        o=$(jq -r --arg id "$id" '[.results[] | select(.id == $id) | .outcome][0] // "-"' "$f")
        mark=""
        if [ "$o" != "$base" ]; then
            if { [ "$base" = FAIL ] && { [ "$o" = PASS ] || [ "$o" = WARN ]; }; } ||
                { [ "$base" = WARN ] && [ "$o" = PASS ]; }; then
                mark="+"; repaired=$((repaired + 1))
            elif [ "$o" = SKIP ] && jq -e --arg id "$id" '.results[] | select(.id == $id) | .reason | startswith("the target does not declare feature")' "$f" >/dev/null; then
                mark="-"; undeclared=$((undeclared + 1))
            elif [ "$base" = PASS ] && [ "$o" = WARN ]; then
                mark="~"; warned=$((warned + 1))
            else
                mark="*"; differ=$((differ + 1))
            fi
        fi
        printf ' %-24s' "$o$mark"
    done
    printf '\n'
done < <(jq -r '.results[].id' "$1")
echo "variants: $differ cell(s) differ from local (marked *); $repaired pass where local fails a listed deviation (marked +); $warned only warn where local passes (marked ~); $undeclared skipped for a feature the variant does not declare (marked -)"
