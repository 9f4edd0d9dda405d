#!/usr/bin/env bash
# Installs the Debian packages regsuite needs, only those missing. Run as root (or it says what to run).
set -euo pipefail
pkgs=(build-essential pkg-config libcurl4-openssl-dev libssl-dev libcjson-dev libyaml-dev libcunit1-dev
      libmicrohttpd-dev libcrypt-dev docker-registry skopeo apache2-utils openssl curl ca-certificates time bc jq
      clang libclang-rt-14-dev valgrind libxml2-utils python3-jsonschema python3-junitparser man-db
      chromium fonts-dejavu-core yamllint)  # the HTML report in a browser; ci/ lint
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing packages: ${missing[*]}" >&2
    echo "deps: run as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
