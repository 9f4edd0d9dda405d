#!/usr/bin/env bash
# Probes the running token server (authd) with malformed, garbage, oversized and slow requests and
# checks it answers as documented and keeps serving. Needs `fixtures/env/env.sh up` first.
set -u
cd "$(dirname "$0")/.."
ENV=build/env
A="https://127.0.0.1:$(cat $ENV/ports/AUTHD)"
CA=(--cacert $ENV/tls/ca.crt --max-time 5 -s)
bad=0
t() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; bad=1; fi; }
code() { curl "${CA[@]}" -o /tmp/authd-body.$$ -w '%{http_code}' "$@"; }
S=service=regsuite-local
t "no service: 400 with a JSON error" '[ "$(code "$A/token")" = 400 ] && grep -q "\"error\"" /tmp/authd-body.$$'
t "malformed scope: 400" '[ "$(code "$A/token?$S&scope=repository")" = 400 ]'
t "bad %-escape in the query: 400 naming it" \
  '[ "$(code "$A/token?$S&scope=repository%zz")" = 400 ] && grep -q "escape" /tmp/authd-body.$$'
t "Basic credentials without a colon: 401" \
  '[ "$(code -H "Authorization: Basic YWxpY2U=" "$A/token?$S&scope=repository:alice/x:pull")" = 401 ]'
t "bad credentials: 401" '[ "$(code -u alice:wrong "$A/token?$S&scope=repository:alice/x:pull")" = 401 ]'
t "unknown resource type: 200 granting nothing" '[ "$(code "$A/token?$S&scope=weird:x:pull")" = 200 ]'
t "anonymous push on public: pull only" \
  '[ "$(code "$A/token?$S&scope=repository:public/x:push,pull")" = 200 ] && grep -q "eyJ" /tmp/authd-body.$$'
P=$(cat $ENV/secrets/alice)
t "OAuth2 password grant with refresh token" \
  '[ "$(code -d "grant_type=password&$S&client_id=regsuite&username=alice&password=$P&access_type=offline&scope=repository:alice/x:pull" "$A/token")" = 200 ] && grep -q refresh_token /tmp/authd-body.$$'
R=$(sed -n 's/.*"refresh_token":"\([0-9a-f]*\)".*/\1/p' /tmp/authd-body.$$)
t "OAuth2 refresh_token grant" \
  '[ "$(code -d "grant_type=refresh_token&$S&client_id=regsuite&refresh_token=$R" "$A/token")" = 200 ]'
t "OAuth2 without client_id: 400" '[ "$(code -d "grant_type=password&$S&username=a&password=b" "$A/token")" = 400 ]'
t "oversized URL is refused" \
  '[ "$(code "$A/token?$S&scope=$(head -c 100000 /dev/zero | tr "\0" a)")" != 200 ]'
t "oversized body is refused" \
  '[ "$(code --data-binary @<(head -c 200000 /dev/zero | tr "\0" a) -H "Content-Type: application/x-www-form-urlencoded" "$A/token")" != 200 ]'
port=$(cat $ENV/ports/AUTHD)
for i in 1 2 3; do (exec 3<>/dev/tcp/127.0.0.1/$port; head -c 4096 /dev/urandom >&3; sleep 1) 2>/dev/null & done
for i in 1 2 3 4 5; do (exec 3<>/dev/tcp/127.0.0.1/$port; sleep 3) 2>/dev/null & done   # slow, silent clients
sleep 0.5
t "still serving while garbage and slow clients are connected" '[ "$(code "$A/token?$S&scope=repository:public/x:pull")" = 200 ]'
wait
t "still serving afterwards" '[ "$(code "$A/healthz")" = 200 ]'
rm -f /tmp/authd-body.$$
exit $bad
