#!/usr/bin/env bash
# Interop with an independent real client: regsuite pushes an image, skopeo copies it to another
# repository, regsuite verifies the copy; skopeo pushes an image (converted to Docker v2 schema 2)
# and regsuite reads and verifies it. Needs the local environment up; BIN names regsuite's folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/bin}
OUT=${OUT:-reports/test}
T=build/targets/local.yaml
ns="alice/interop-$(openssl rand -hex 4)"
mkdir -p "$OUT/interop-certs" build/interop
# two real gzip'd tar layers (skopeo would recompress bytes that only claim to be gzip)
for i in 1 2; do
    d=$(mktemp -d)
    printf 'interop layer %s: regsuite wrote these bytes\n' "$i" >"$d/file$i.txt"
    tar -C "$d" --owner=0 --group=0 --mtime=@0 -cf - "file$i.txt" | gzip -n >"build/interop/layer$i.tar.gz"
    rm -rf "$d"
done
cp build/env/tls/ca.crt "$OUT/interop-certs/ca.crt"
# the same target, keeping what it pushes (skopeo reads it) and naming the interop namespace
sed -e 's/^  delete: true/  delete: false/' -e "s|^namespaces:|namespaces:\n  interop: $ns|" "$T" >"$OUT/interop-target.yaml"
chmod 600 "$OUT/interop-target.yaml"
host=$(sed -n 's|^url: https://||p' "$T")
creds="alice:$(cat build/env/secrets/alice)"
skopeo_copy() {
    skopeo --command-timeout 60s copy --quiet --src-cert-dir "$OUT/interop-certs" --dest-cert-dir "$OUT/interop-certs" \
        --src-creds "$creds" --dest-creds "$creds" "$@"
}
"$BIN/regsuite" run --target "$OUT/interop-target.yaml" harness/tests/interop/push.yaml
skopeo_copy "docker://$host/$ns/src:v1" "docker://$host/$ns/copy:v1"
"$BIN/regsuite" run --target "$OUT/interop-target.yaml" harness/tests/interop/verify-copy.yaml
skopeo_copy --format v2s2 "docker://$host/$ns/src:v1" "docker://$host/$ns/fromskopeo:v1"
"$BIN/regsuite" run --target "$OUT/interop-target.yaml" harness/tests/interop/verify-skopeo.yaml
rm -f "$OUT/interop-target.yaml"
