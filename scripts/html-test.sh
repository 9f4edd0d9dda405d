#!/usr/bin/env bash
# The HTML report in a real browser (Debian's headless Chromium), run by scripts/test.sh:
#   scripts/html-test.sh PAGE.html JUNIT.xml REPORT.json
# PAGE is `regsuite run --html` of the run that wrote JUNIT and REPORT (against `local`, which
# must still be up: one more short run makes a page with --html-compare). Checks the file, then
# the DOM after the page's script ran (--dump-dom), takes a screenshot (OUT/html.png), and reads
# Chromium's net log for any request the page made. Every check is shown failing on a doctored
# page. Prints ok/FAIL lines. Env: BIN (regsuite's dir), T (target files), OUT (scratch dir).
set -u
cd "$(dirname "$0")/.."
page=$1 junit=$2 json=$3
BIN=${BIN:-build/san/bin} T=${T:-build/targets} OUT=${OUT:-reports/test}
ok() { echo "ok   $*"; }
ko() { echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

if ! command -v chromium >/dev/null || ! command -v xmllint >/dev/null; then
    ko "html: chromium and xmllint are installed (scripts/deps.sh)"
    exit 1
fi
prof=$(mktemp -d /tmp/rs-chromium-XXXXXX)
trap 'rm -rf "$prof"' EXIT
# chrome NAME URL [ARGS...]: the page's DOM after its script ran in OUT/NAME.dom, the net log in
# OUT/NAME.netlog. Every request the browser makes goes to a dead loopback proxy: nothing leaves
# the machine, and the net log still records what was asked for.
chrome() {
    local name=$1 url=$2
    shift 2
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --disable-extensions --proxy-server=socks5://127.0.0.1:9 \
        --proxy-bypass-list='<-loopback>' --user-data-dir="$prof/$name" \
        --log-net-log="$OUT/$name.netlog" "$@" --dump-dom "$url" >"$OUT/$name.dom" 2>>"$OUT/chromium.log"
}
# page_requests NAME: the URLs the page (a file:// document) asked for, other than file: ones
page_requests() {
    jq -r '.constants.logEventTypes.URL_REQUEST_START_JOB as $t | .events[]
           | select(.type == $t) | .params
           | select((.network_isolation_key // "") | startswith("file://"))
           | .url | select(startswith("file:") | not)' "$OUT/$1.netlog"
}
# xp NAME XPATH: an XPath expression's value on the DOM of NAME
xp() { xmllint --html --xpath "$2" "$OUT/$1.dom" 2>/dev/null; }

echo "-- the file: one self-contained page, data that cannot break out of its element"
check "html: the page is written (--html)" test -s "$page"
check "html: no external reference (no link, img, iframe, object, src=, @import, url())" \
    bash -c "! grep -qiE '<(link|img|iframe|object|embed|base)[ >]|[[:space:]](src|href)=|@import|url\\(' '$page'"
check "html: exactly three script elements (data, previous report, code), each closed once" \
    bash -c "[ \$(grep -oi '<script' '$page' | wc -l) -eq 3 ] && [ \$(grep -oi '</script' '$page' | wc -l) -eq 3 ]"
check "html: a Content-Security-Policy meta: default-src 'none', the style and script by hash" \
    grep -qE "http-equiv=\"Content-Security-Policy\" content=\"default-src &apos;none&apos;; style-src &apos;sha256-[A-Za-z0-9+/=]{44}&apos;; script-src &apos;sha256-" "$page"

echo "-- the DOM in headless Chromium (its script ran), a screenshot, the net log"
start=$(date +%s)
chrome main "file://$(abs "$page")" --screenshot="$OUT/html.png" --window-size=1280,1600
rc=$?
check "html: Chromium ran the page's script (data-ready=1, no error; exit $rc, $(($(date +%s) - start)) s)" \
    bash -c "[ $rc -eq 0 ] && grep -q '<body data-ready=\"1\"' '$OUT/main.dom' && ! grep -q 'data-error=' '$OUT/main.dom'"
check "html: a screenshot of the page (reports/test/html.png, a PNG over 20 kB)" \
    bash -c "[ \$(stat -c %s '$OUT/html.png' 2>/dev/null || echo 0) -gt 20000 ] && [ \"\$(head -c 4 '$OUT/html.png' | tail -c 3)\" = PNG ]"
nclass=$(xmllint --xpath '//testcase/@classname' "$junit" 2>/dev/null | sort -u | wc -l)
nrows=$(xp main 'count(//details[@class="sc"])')
check "html: one scenario row per JUnit scenario ($nrows rows, $nclass distinct classnames)" \
    bash -c "[ '$nrows' -gt 0 ] && [ '$nrows' -eq '$nclass' ] && [ '$nrows' -eq \$(jq '.results | length' '$json') ]"
# the first failed check of the JSON report: its row must be visible with expected and actual
read -r fid fstep fcheck fline fcol < <(jq -r '[.results[] | .id as $id | .checks[]? | select(.verdict == "fail")
    | [$id, .step, .check, .line, .col]] | first | @tsv' "$json")
file=$(jq -r --arg id "$fid" '.results[] | select(.id == $id) | .file // empty' "$json")
[ -n "$file" ] || file=$(grep -l "^id: $fid\$" -r suites | head -1)
want_exp=$(sed -n "${fline}p" "$file" | cut -c"$fcol"- | grep -oE '^("[^"]*"|[^],}[:space:]]+)' | tr -d '"')
first_line='.results[] | select(.id == $id) | [.checks[] | select(.step == $s and .check == $c
    and .verdict == "fail")][0].message | split("\n")[0] | sub("^.*? check .[^ ]*.: "; "")'
want_act=$(jq -r --arg id "$fid" --argjson s "$fstep" --arg c "$fcheck" "$first_line" "$json")
row="//details[@data-id='$fid' and @open and not(@hidden)]//tr[@data-step='$fstep' and @data-check='$fcheck' and contains(@class,'fail')]"
got_exp=$(xp main "string($row/td[@class='exp'])")
got_act=$(xp main "string($row/td[@class='act'])")
row_ok() {
    [ -n "$fid" ] && [ -n "$want_exp" ] && [[ "$got_exp" == *"$want_exp"* ]] && [ -n "$want_act" ] &&
        [[ "$got_act" == *"$want_act"* ]]
}
check "html: the failed check $fid step $fstep $fcheck is open and visible: expected '$got_exp' (the scenario's '$want_exp'), actual '$got_act'" \
    row_ok
secrets=$(cat build/env/secrets/* 2>/dev/null | grep -c .)
check "html: no password ($secrets from build/env/secrets) and no token in the page or its DOM; the traces are there" \
    bash -c "[ $secrets -gt 0 ] && ! grep -qF -f <(cat build/env/secrets/*) '$page' '$OUT/main.dom' && ! grep -qE 'eyJ[A-Za-z0-9_-]{10,}\\.' '$page' '$OUT/main.dom' && grep -q 'Authorization: \\[redacted\\]' '$page'"
page_requests main >"$OUT/main.requests"
check "html: the page made no network request (Chromium's net log: $(wc -l <"$OUT/main.requests") request(s))" \
    bash -c "[ -s '$OUT/main.netlog' ] && [ ! -s '$OUT/main.requests' ]"

echo "-- the same checks fail on doctored pages"
leak='<img src="http://127.0.0.1:9/leak.png">'
sed -e '/Content-Security-Policy/d' -e "s|<body data-ready=\"0\">|&$leak|" "$page" >"$OUT/leak.html"
sed -e "s|<body data-ready=\"0\">|&$leak|" "$page" >"$OUT/leak-csp.html"
sed "s/script-src &apos;sha256-./script-src \&apos;sha256-!/" "$page" >"$OUT/badhash.html"
chrome leak "file://$(abs "$OUT/leak.html")"
chrome leak-csp "file://$(abs "$OUT/leak-csp.html")"
chrome badhash "file://$(abs "$OUT/badhash.html")"
leaked=$(page_requests leak | tr '\n' ' ')
check "html: control: without the CSP an injected image is requested, and the net log shows it ($leaked)" \
    [ "$leaked" = "http://127.0.0.1:9/leak.png " ]
check "html: control: with the page's CSP the injected image is not requested" \
    bash -c "[ -s '$OUT/leak-csp.netlog' ] && [ -z '$(page_requests leak-csp)' ] && grep -q '<body data-ready=\"1\"' '$OUT/leak-csp.dom'"
check "html: control: a script whose hash the CSP does not allow never runs (data-ready stays 0)" \
    bash -c "grep -q 'sha256-!' '$OUT/badhash.html' && grep -q '<body data-ready=\"0\"' '$OUT/badhash.dom'"

echo "-- the diff against a previous report, computed in the page; filters from the address"
# the previous report: the failed scenario passed then, the first passing one did not exist, and
# one exists no more
pid=$(jq -r '[.results[] | select(.outcome == "PASS")][0].id' "$json")
flevel=$(jq -r --arg f "$fid" '.results[] | select(.id == $f) | .level' "$json")
jq --arg f "$fid" '.results |= ([.[] | select(.id == $f) | .outcome = "PASS" | .checks = []]
    + [{"id": "gone-scenario", "suite": "push", "level": "MUST", "outcome": "PASS"}])' "$json" >"$OUT/old.json"
"$BIN/regsuite" run --target "$T/local.yaml" --filter "$fid,$pid" --html "$OUT/compare.html" \
    --html-compare "$OUT/old.json" suites >"$OUT/compare.out" 2>&1
chrome compare "file://$(abs "$OUT/compare.html")#outcome=FAIL,ERROR&level=$flevel"
found=$(xp compare "count(//tr[@data-kind='new failure'][td[2]='$fid']) + count(//tr[@data-kind='new scenario'][td[2]='$pid']) + count(//tr[@data-kind='removed scenario'][td[2]='gone-scenario']) + count(//tr[contains(@class,'diff-row')])")
check "html: the diff rows are exactly $fid new failure, $pid new scenario, gone-scenario removed" \
    [ "$found" = 6 ]
summary=$(xp compare 'string(//p[@id="diff-summary"])')
check "html: the diff counts 3 differences, 2 of them regressions ('$summary')" \
    [ "$summary" = "3 difference(s), 2 regression(s)" ]
vis=$(xp compare 'count(//details[@class="sc" and not(@hidden)])')
visid=$(xp compare 'string(//details[@class="sc" and not(@hidden)]/@data-id)')
check "html: #outcome=FAIL,ERROR&level=$flevel shows only the failing scenario ($vis shown: $visid)" \
    bash -c "[ '$vis' = 1 ] && [ '$visid' = '$fid' ]"
