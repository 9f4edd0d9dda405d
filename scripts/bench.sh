#!/usr/bin/env bash
# make bench: one run, the figures of issue #12, printed as ratios and written to reports/bench.json:
#  (a) a 1 GiB push through regsuite vs curl -T of the same bytes, both hashing with OpenSSL
#      (regsuite: EVP while generating; curl side: openssl dgst), twice each in the order
#      regsuite, curl, curl --http1.1 (twice), curl, regsuite: ratios of the mean times;
#  (b) regsuite's peak RSS at 64 MiB, 1 GiB and 4 GiB layers: monolithic and chunked upload,
#      verified download (the body hashed as it streams), a Range read past 4 GiB;
#  (c) every suite against local at -j 1 and -j 4, twice each in the order 1, 4, 4, 1: ratio of
#      the mean wall times;
#  (d) registry requests and token fetches for suites/conformance against local-open and local,
#      counted from the registry's access log and the token server's log, per OCI-mapped check:
#      the scenarios mapped to the OCI suite's checks (keyword oci-suite), then the whole folder;
#  (e) each figure against bench/baseline.json: worse by more than 10% is flagged.
# A benchmark, not a timed test: the goals are printed, never an exit status. BENCH_SIZES (bytes,
# space-separated) and BENCH_PUSH override the sizes; BENCH_UPDATE=1 rewrites the baseline.
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x
cd "$(dirname "$0")/.."
PUSH=${BENCH_PUSH:-1073741824}
SIZES=${BENCH_SIZES:-67108864 1073741824 4294967296}
OCI_CHECKS=58 # the OCI conformance suite's checks that suites/conformance maps (its README)
B=build/bench; R=reports; mkdir -p $B $R
BIN=build/bin/regsuite
started=0
cleanup() {
    rm -f $B/layer.bin
    [ $started -eq 1 ] && fixtures/env/env.sh down >/dev/null 2>&1
    return 0
}
trap cleanup EXIT
if ! fixtures/env/env.sh status >/dev/null 2>&1 || [ ! -s build/targets/local.yaml ]; then
    AUTHD=$PWD/build/bin/authd PROXY=$PWD/build/bin/bugproxy fixtures/env/env.sh up >/dev/null 2>&1
    started=1
fi
need=$(( $(echo $SIZES | tr ' ' '\n' | sort -n | tail -1) * 2 / 1048576 + 2048 ))
free=$(df -Pm build | awk 'NR==2 {print $4}')
[ "$free" -gt "$need" ] || { echo "bench: $free MiB free under build/, need $need" >&2; exit 2; }
T=$B/target.yaml # local-open with cleanup off, so curl can fetch the pushed bytes back
sed "s/^  delete: true/  delete: false/" build/targets/local-open.yaml >$T
URL=$(sed -n 's/^url: //p' $T); CA=build/env/tls/ca.crt
t0=$(date +%s.%N)
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
met() { [ "$(echo "$1 $2 $3" | bc -l)" = 1 ] && echo met || echo "NOT met"; } # met VALUE OP GOAL

echo "== (a) push of $PUSH bytes: regsuite vs curl -T (both hash with OpenSSL)"
cat >$B/bench-push.yaml <<YAML
id: bench-push
title: push one generated layer of $PUSH bytes, streamed from the generator
level: MUST
refs: [bench]
blobs:
  big: {size: $PUSH, seed: 7}
steps:
  - push_image: {as: owner, repo: "bench/regsuite", tag: bench, layers: [big]}
    expect: {status: 201, uploaded_bytes: $PUSH}
YAML
rs_push() { # one push through regsuite (a new run: new bytes): rs_last seconds, rs_kb peak RSS
    /usr/bin/time -f '%e %M' -o $B/time.txt $BIN run --target $T $B/bench-push.yaml >$B/push.out || {
        cat $B/push.out; echo "bench: the regsuite push failed" >&2; exit 1; }
    read -r rs_last rs_kb <$B/time.txt
}
rs_push; rs_s1=$rs_last
D=$(curl -sf --cacert $CA -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "$URL/v2/bench/regsuite/manifests/bench" | grep -o '"layers":\[{[^]]*' | grep -o 'sha256:[0-9a-f]*')
curl -sf --cacert $CA -o $B/layer.bin "$URL/v2/bench/regsuite/blobs/$D"
curl_push() { # [--http1.1]: hash (OpenSSL), POST, PUT -T: what a registry upload needs
    local d loc
    d=sha256:$(openssl dgst -sha256 -r $B/layer.bin | cut -d' ' -f1)
    loc=$(curl -sf --cacert $CA -X POST -D - -o /dev/null "$URL/v2/bench/curl/blobs/uploads/" |
        tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    curl "$@" -sf --cacert $CA -T $B/layer.bin -H 'Content-Type: application/octet-stream' \
        -o /dev/null "$loc&digest=$d"
}
# curl as it comes (HTTP/2 over TLS, as ALPN offers it; the issue's `curl -T`), then on HTTP/1.1,
# which regsuite uses for a body this big (http.h RS_HTTP_BIG_BODY): the like-for-like figure.
# Both are printed with the goal and compared with the baseline.
# Order regsuite, curl, curl 1.1, curl 1.1, curl, regsuite: the registry's disk and CPU drift.
s=$(now); curl_push; curl_s1=$(secs $s "$(now)")
s=$(now); curl_push --http1.1; h1_s1=$(secs $s "$(now)")
s=$(now); curl_push --http1.1; h1_s2=$(secs $s "$(now)")
s=$(now); curl_push; curl_s2=$(secs $s "$(now)")
rs_push; rs_s2=$rs_last
rm -f $B/layer.bin
mean() { echo "($1 + $2) / 2" | bc -l; }
rs_s=$(mean $rs_s1 $rs_s2); curl_s=$(mean $curl_s1 $curl_s2); h1_s=$(mean $h1_s1 $h1_s2)
printf 'bench: regsuite %.2f s and %.2f s, curl -T %.2f s and %.2f s, curl -T --http1.1 %.2f s and %.2f s\n' \
    "$rs_s1" "$rs_s2" "$curl_s1" "$curl_s2" "$h1_s1" "$h1_s2"
echo 'bench: (run in the order regsuite, curl, curl --http1.1, curl --http1.1, curl, regsuite)'
push_ratio=$(echo "$curl_s / $rs_s" | bc -l); h1_ratio=$(echo "$h1_s / $rs_s" | bc -l)
mib=$(echo "$PUSH / 1048576" | bc -l)
rate() { echo "$mib / $1" | bc -l; }
printf "bench: regsuite %.2f s (%.0f MiB/s), curl -T %.2f s (%.0f MiB/s) (means); regsuite's speed / curl's %.3f (curl's time / regsuite's; goal >= 1.0: %s)\n" \
    "$rs_s" "$(rate $rs_s)" "$curl_s" "$(rate $curl_s)" "$push_ratio" "$(met "$push_ratio" '>=' 1.0)"
printf "bench: curl -T --http1.1 %.2f s (%.0f MiB/s) (mean); regsuite's speed / curl's on the same protocol %.3f (1.0 is parity)\n" \
    "$h1_s" "$(rate $h1_s)" "$h1_ratio"

echo "== (b) peak RSS: monolithic and chunked upload, verified download, Range past 4 GiB"
rss_json=""; rss_max=0; rss_work=0
for size in $SIZES; do
    off=$(( size > 4294967306 ? 4294967296 : size - 10 )) # past 4 GiB when the blob is that big
    cat >$B/bench-rss.yaml <<YAML
id: bench-rss
title: $size bytes up (monolithic, chunked) and down (hashed), and a Range at offset $off
level: MUST
refs: [bench]
blobs:
  big: {size: $size, seed: 9}
steps:
  - push_blob: {as: owner, repo: "bench/mono-\${run}", blob: big}
    expect: {status: 201}
  - push_blob: {as: owner, repo: "bench/chunk-\${run}", blob: big, method: chunked, chunk_size: 268435456}
    expect: {status: 201}
  - get_blob: {as: owner, repo: "bench/chunk-\${run}", blob: big}
    expect: {status: 200, body_digest: big, body_size: $size}
  - get_blob: {as: owner, repo: "bench/mono-\${run}", blob: big, range: "bytes=$off-$((off + 9))"}
    expect: {status: 206, body_size: 10}
YAML
    s=$(now)
    /usr/bin/time -f '%M' -o $B/rss.txt $BIN run --target build/targets/local-open.yaml $B/bench-rss.yaml >$B/rss-$size.out || {
        cat $B/rss-$size.out; echo "bench: the $size-byte run failed" >&2; exit 1; }
    rss_work=$(echo "$rss_work + $(secs $s "$(now)")" | bc -l)
    kb=$(cat $B/rss.txt); mb=$(echo "$kb / 1024" | bc -l)
    printf 'bench: %11d bytes: peak RSS %.1f MB (goal <= 16: %s)\n' "$size" "$mb" "$(met "$mb" '<=' 16)"
    rss_json+="${rss_json:+,}\"$size\": $(printf '%.1f' "$mb")"
    rss_max=$(echo "if ($mb > $rss_max) $mb else $rss_max" | bc -l)
done

echo "== (c) every suite against local: -j 1 vs -j 4"
wall() { local s; s=$(now); $BIN run "$@" >/dev/null 2>&1 || true; secs $s "$(now)"; }
# in the order -j 1, -j 4, -j 4, -j 1 (ABBA): each run leaves repositories behind (the registry's
# catalog walk grows with them), and the registry's CPU for the same run varies by up to a third;
# the order cancels a steady drift, the pairs halve the noise; the ratio is of the sums
par() { wall -j "$1" --target build/targets/local.yaml suites; }
j1a=$(par 1); j4a=$(par 4); j4b=$(par 4); j1b=$(par 1)
j1=$(echo "($j1a + $j1b) / 2" | bc -l); j4=$(echo "($j4a + $j4b) / 2" | bc -l)
par_ratio=$(echo "$j1 / $j4" | bc -l)
printf 'bench: -j 1 %.1f s and %.1f s, -j 4 %.1f s and %.1f s (run in that order: 1, 4, 4, 1)\n' \
    "$j1a" "$j1b" "$j4a" "$j4b"
printf 'bench: -j 1 %.1f s, -j 4 %.1f s (means): %.2fx (goal >= 1.6: %s)\n' "$j1" "$j4" "$par_ratio" "$(met "$par_ratio" '>=' 1.6)"

echo "== (d) requests and token fetches for suites/conformance, from the servers' logs"
reqs() { grep -c '^127.0.0.1 - - \[' "build/env/$1/registry.log" || true; }
toks() { grep -c '^authd: token for' build/env/authd.log || true; }
count_run() { # TARGET PATH... -> "requests tokens checks"
    local r0 a0 n t=$1
    shift
    r0=$(reqs "$t"); a0=$(toks)
    $BIN run --target "build/targets/$t.yaml" --json $B/count.json "$@" >/dev/null 2>&1 || true
    sleep 0.3 # the registry writes its access log line after answering
    n=$(jq '[.results[].checks | length] | add' $B/count.json)
    echo "$(( $(reqs "$t") - r0 )) $(( $(toks) - a0 )) $n"
}
# the OCI-mapped checks: the scenarios of suites/conformance/README.md's first table (keyword
# oci-suite: checks 1-61, two of them in suites/push and suites/security); the folder adds what
# the 2026 rewrite added (api-base, blob-range, manifest-shapes, error codes, ...)
OCI=(--filter oci-suite suites)
s=$(now)
read -r open_req _ open_checks < <(count_run local-open "${OCI[@]}")
read -r auth_req auth_tok auth_checks < <(count_run local "${OCI[@]}")
read -r dir_open_req _ dir_open_checks < <(count_run local-open suites/conformance)
read -r dir_auth_req dir_auth_tok _ < <(count_run local suites/conformance)
count_work=$(secs $s "$(now)")
req_per=$(echo "$open_req / $OCI_CHECKS" | bc -l); tok_per=$(echo "$auth_tok / $OCI_CHECKS" | bc -l)
dir_tok_per=$(echo "$dir_auth_tok / $OCI_CHECKS" | bc -l)
printf 'bench: local-open: %d registry requests for the %d OCI-mapped checks (--filter oci-suite): %.2f per check (goal <= 140 requests: %s; the OCI suite: 119); %d regsuite checks\n' \
    "$open_req" $OCI_CHECKS "$req_per" "$(met "$open_req" '<=' 140)" "$open_checks"
printf 'bench: local: %d registry requests, %d token fetches for them (3 pre-flight logins included): %.2f per check (goal <= 0.5: %s); %d regsuite checks\n' \
    "$auth_req" "$auth_tok" "$tok_per" "$(met "$tok_per" '<=' 0.5)" "$auth_checks"
printf 'bench: all of suites/conformance (the 2026 additions too): local-open %d registry requests, %d regsuite checks; local %d token fetches, %.2f per OCI check\n' \
    "$dir_open_req" "$dir_open_checks" "$dir_auth_tok" "$dir_tok_per"

cat >$R/bench.json.tmp <<JSON
{
  "push": {"bytes": $PUSH, "regsuite_s": $(printf '%.3f' "$rs_s"), "curl_s": $(printf '%.3f' "$curl_s"), "ratio": $(printf '%.3f' "$push_ratio"),
           "curl_http1_s": $(printf '%.3f' "$h1_s"), "ratio_http1": $(printf '%.3f' "$h1_ratio"), "regsuite_rss_mb": $(printf '%.1f' "$(echo "$rs_kb / 1024" | bc -l)")},
  "rss_mb": {$rss_json},
  "rss_max_mb": $(printf '%.1f' "$rss_max"),
  "parallel": {"j1_s": $(printf '%.2f' "$j1"), "j4_s": $(printf '%.2f' "$j4"), "ratio": $(printf '%.3f' "$par_ratio"),
               "runs_in_order": [$(printf '%.2f, %.2f, %.2f, %.2f' "$j1a" "$j4a" "$j4b" "$j1b")]},
  "conformance": {"oci_checks": $OCI_CHECKS, "open_requests": $open_req, "open_requests_per_check": $(printf '%.3f' "$req_per"),
                  "auth_requests": $auth_req, "token_fetches": $auth_tok, "token_fetches_per_check": $(printf '%.3f' "$tok_per"),
                  "folder_open_requests": $dir_open_req, "folder_token_fetches": $dir_auth_tok}
}
JSON
mv $R/bench.json.tmp $R/bench.json

echo "== (e) against bench/baseline.json (worse by more than 10% is flagged)"
# figure path, and whether higher is better
FIGS='push.ratio:up push.ratio_http1:up rss_max_mb:down parallel.ratio:up conformance.open_requests:down conformance.token_fetches:down'
if [ "${BENCH_UPDATE:-}" = 1 ] || [ ! -s bench/baseline.json ]; then
    mkdir -p bench; cp $R/bench.json bench/baseline.json; echo "bench: baseline written: bench/baseline.json"
fi
worse=0; cmp_json=""
for f in $FIGS; do
    p=${f%%:*}; dir=${f##*:}
    old=$(jq ".$p" bench/baseline.json); new=$(jq ".$p" $R/bench.json)
    if [ "$old" = null ]; then # a figure the baseline predates: shown, compared from the next update
        printf 'bench: %-34s baseline %10s  now %10s  (not in the baseline: BENCH_UPDATE=1 adds it)\n' "$p" - "$new"
        continue
    fi
    change=$(echo "if ($old == 0) 0 else ($new - $old) / $old * 100" | bc -l)
    if [ "$dir" = up ]; then bad=$(echo "$change < -10" | bc -l); else bad=$(echo "$change > 10" | bc -l); fi
    flag=$([ "$bad" = 1 ] && echo "WORSE by more than 10%" || echo ok)
    [ "$bad" = 1 ] && worse=$((worse + 1))
    printf 'bench: %-34s baseline %10s  now %10s  (%+.1f%%, %s is better)  %s\n' "$p" "$old" "$new" "$change" \
        "$([ $dir = up ] && echo higher || echo lower)" "$flag"
    cmp_json+="${cmp_json:+,}\"$p\": {\"baseline\": $old, \"now\": $new, \"worse\": $([ "$bad" = 1 ] && echo true || echo false)}"
done
jq ". + {\"baseline\": {$cmp_json}, \"worse_than_baseline\": $worse}" $R/bench.json >$R/bench.json.tmp && mv $R/bench.json.tmp $R/bench.json
total=$(secs $t0 "$(now)")
work=$(echo "2 * ($rs_s + $curl_s + $h1_s) + $rss_work + 2 * ($j1 + $j4) + $count_work" | bc -l)
printf 'bench: %d figure(s) worse than the baseline; whole bench %.0f s, of which measured work %.0f s (overhead %.0f s, goal < 60: %s%s)\n' \
    $worse "$total" "$work" "$(echo "$total - $work" | bc -l)" "$(met "$(echo "$total - $work" | bc -l)" '<' 60)" \
    "$([ $started = 1 ] && echo '; the environment was started for it' || echo '; the running environment was used')"
echo "bench: reports/bench.json written"
