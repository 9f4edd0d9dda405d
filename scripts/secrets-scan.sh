#!/usr/bin/env bash
# Looks for every password and every issued token in files: the passwords of build/env/secrets/*
# literally; the tokens by hash: every token-shaped string (a JWT, or a run of 64+ base64url
# characters: refresh tokens, opaque tokens) is hashed (SHA-256) and compared with the hashes authd
# and faultd logged for each token they issued (build/env/tokens.sha256). Prints where a secret
# was found (file and hash, never the secret) and exits 1; 0 when none is found.
# usage: scripts/secrets-scan.sh PATH...      (files or directories, searched recursively)
set -u
cd "$(dirname "$0")/.."
ENV=${RS_ENV:-build/env}
LOG=$ENV/tokens.sha256
[ $# -gt 0 ] || { echo "usage: $0 PATH..." >&2; exit 2; }
[ -s "$LOG" ] || { echo "secrets: $LOG is empty or missing: no token was logged, the scan could not fail" >&2; exit 2; }
ls "$ENV"/secrets/* >/dev/null 2>&1 || { echo "secrets: no password in $ENV/secrets" >&2; exit 2; }
found=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# passwords, literally (the file names only)
grep -rlF -f <(cat "$ENV"/secrets/*) "$@" >"$tmp/pw" 2>/dev/null
while read -r f; do
    echo "secrets: a password is in $f"; found=1
done <"$tmp/pw"

# tokens: each distinct candidate into a file of its own, hashed in one sha256sum call
grep -rhoaE 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]{64,}' "$@" 2>/dev/null |
    sort -u >"$tmp/cand"
mkdir "$tmp/c"
awk -v d="$tmp/c" '{ f = d "/" NR; printf "%s", $0 > f; close(f) }' "$tmp/cand"
n=$(wc -l <"$tmp/cand")
if [ "$n" -gt 0 ]; then
    (cd "$tmp/c" && find . -type f -print0 | xargs -0 sha256sum) | sed 's| \*\?\./| |' >"$tmp/hashes"
    sort -u "$LOG" >"$tmp/log"
    awk 'NR == FNR { issued[$1] = 1; next } ($1 in issued)' "$tmp/log" "$tmp/hashes" >"$tmp/hits"
    while read -r h idx; do
        found=1
        files=$(grep -rlF -f "$tmp/c/$idx" "$@" 2>/dev/null | tr '\n' ' ')
        echo "secrets: an issued token (sha256 $h) is in ${files:-?}"
    done <"$tmp/hits"
fi
echo "secrets: searched $(grep -rlI '' "$@" 2>/dev/null | wc -l) text file(s) for $(ls "$ENV"/secrets | wc -l) password(s) and $(sort -u "$LOG" | wc -l) issued token(s) ($n token-shaped string(s) hashed): $([ $found -eq 0 ] && echo none found || echo FOUND)"
exit $found
