#!/usr/bin/env bash
# Installs the Debian 12 packages chipwire needs to build and test, only those missing.
# Safe to run again: it does nothing when all are present.
# usage: scripts/install-deps.sh [EXTRA-PACKAGE...]  (scripts/fuzz.sh adds clang libclang-rt-14-dev)
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config make python3
  libcurl4-openssl-dev   # fetching
  libpugixml-dev         # XML
  libboost-regex-dev     # pattern rules
  librocksdb-dev         # the store
  catch2                 # tests (v2.13)
  libtomlplusplus-dev    # the TOML config
  nlohmann-json3-dev     # JSON in and out
  libxxhash-dev          # stable ids and fingerprints
  libzstd-dev            # compressing kept bodies
  libcpp-httplib-dev     # review serve's HTTP server
  libjemalloc-dev        # the allocator of the chipwire binary (threads freeing each other's memory)
  chromium chromium-driver  # the review page's headless-browser test
  "$@"                   # extras asked for by the caller
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
