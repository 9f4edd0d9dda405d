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
# one pass over the reports (a jq per cell took minutes at 243 scenarios x 15 targets)
exec python3 - "$@" <<'EOF'
import json, os, sys
reps = []
for f in sys.argv[1:]:
    with open(f) as fh:
        reps.append({r["id"]: r for r in json.load(fh)["results"]})
names = [os.path.basename(f)[:-5] if f.endswith(".json") else os.path.basename(f) for f in sys.argv[1:]]
print("%-34s" % "scenario" + "".join(" %-24s" % n for n in names))
differ = repaired = warned = undeclared = 0
with open(sys.argv[1]) as fh:
    ids = [r["id"] for r in json.load(fh)["results"]]
for sid in ids:
    base = reps[0][sid]["outcome"]
    line = "%-34s" % sid
    for rep in reps:
        r = rep.get(sid)
        o = r["outcome"] if r else "-"
        mark = ""
        if o != base:
            if (base == "FAIL" and o in ("PASS", "WARN")) or (base == "WARN" and o == "PASS"):
                mark = "+"; repaired += 1
            elif o == "SKIP" and (r.get("reason") or "").startswith("the target does not declare feature"):
                mark = "-"; undeclared += 1
            elif base == "PASS" and o == "WARN":
                mark = "~"; warned += 1
            else:
                mark = "*"; differ += 1
        line += " %-24s" % (o + mark)
    print(line)
print("variants: %d cell(s) differ from local (marked *); %d pass where local fails a listed "
      "deviation (marked +); %d only warn where local passes (marked ~); %d skipped for a feature "
      "the variant does not declare (marked -)" % (differ, repaired, warned, undeclared))
EOF
