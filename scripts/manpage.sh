#!/usr/bin/env bash
# manpage.sh REGSUITE TEMPLATE: prints the man page: TEMPLATE with @VERSION@ replaced by the
# binary's version and the line `.\" @RUN_OPTIONS@` by its run option table (cli.c).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 REGSUITE TEMPLATE" >&2; exit 2; }
version=$("$1" --version | sed 's/^regsuite //')
opts=$(mktemp); trap 'rm -f "$opts"' EXIT
"$1" reference --man-options >"$opts"
[ -s "$opts" ] || { echo "manpage: $1 printed no options" >&2; exit 1; }
awk -v opts="$opts" -v version="$version" '
    /^\.\\" @RUN_OPTIONS@$/ { while ((getline l < opts) > 0) print l; next }
    { gsub(/@VERSION@/, version); print }' "$2"
