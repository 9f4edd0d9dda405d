#!/usr/bin/env bash
# make bench: push a generated 1 GiB layer to local-open through regsuite and the same bytes through
# curl -T, in one run; print the throughput ratio and regsuite's peak RSS.
# Goals: regsuite >= 0.95x curl's throughput, peak RSS <= 16 MB. A benchmark, not a timed test.
# Both sides include one hash pass over the bytes (regsuite: its digest; curl: sha256sum), since a
# registry upload needs the digest before the final PUT.
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x
cd "$(dirname "$0")/.."
SIZE=${BENCH_SIZE:-1073741824}
B=build/bench; mkdir -p $B
trap 'fixtures/env/env.sh down >/dev/null 2>&1; rm -f $B/layer.bin' EXIT
AUTHD=$PWD/build/bin/authd fixtures/env/env.sh up >/dev/null 2>&1
T=$B/target.yaml   # local-open, with cleanup off so curl can fetch the bytes back
sed "s/^  delete: true/  delete: false/" build/targets/local-open.yaml >$T
URL=$(sed -n 's/^url: //p' $T); CA=build/env/tls/ca.crt
cat >$B/bench-push.yaml <<YAML
id: bench-push
title: push one generated layer of $SIZE bytes, streamed from the generator
level: MUST
refs: [bench]
blobs:
  big: {size: $SIZE, seed: 7}
steps:
  - push_image: {as: owner, repo: "bench/regsuite", tag: bench, layers: [big]}
    expect: {status: 201, uploaded_bytes: $SIZE}
YAML
/usr/bin/time -f '%e %M' -o $B/time.txt build/bin/regsuite run --target $T $B/bench-push.yaml >$B/regsuite.out
read -r rs_s rs_kb <$B/time.txt
# the same bytes, fetched back, pushed by curl: hash, POST, PUT -T
D=$(curl -sf --cacert $CA -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "$URL/v2/bench/regsuite/manifests/bench" | grep -o '"layers":\[{[^]]*' | grep -o 'sha256:[0-9a-f]*')
curl -sf --cacert $CA -o $B/layer.bin "$URL/v2/bench/regsuite/blobs/$D"
curl_push() {
    local d loc
    d=sha256:$(sha256sum $B/layer.bin | cut -d' ' -f1)
    loc=$(curl -sf --cacert $CA -X POST -D - -o /dev/null "$URL/v2/bench/curl/blobs/uploads/" |
        tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    curl -sf --cacert $CA -T $B/layer.bin -H 'Content-Type: application/octet-stream' \
        -o /dev/null "$loc&digest=$d"
}
start=$(date +%s.%N); curl_push; end=$(date +%s.%N)
curl_s=$(echo "$end - $start" | bc -l)
mib=$(echo "$SIZE / 1048576" | bc -l)
printf 'bench: %d bytes; regsuite %.2f s (%.0f MiB/s), curl -T %.2f s (%.0f MiB/s)\n' \
    "$SIZE" "$rs_s" "$(echo "$mib / $rs_s" | bc -l)" "$curl_s" "$(echo "$mib / $curl_s" | bc -l)"
printf 'bench: throughput ratio regsuite/curl = %.2f (goal >= 0.95)\n' "$(echo "$curl_s / $rs_s" | bc -l)"
printf 'bench: regsuite peak RSS = %.1f MB (goal <= 16)\n' "$(echo "$rs_kb / 1024" | bc -l)"
