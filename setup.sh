#!/usr/bin/env bash
# Installs every Debian 12 package icnmesh needs to build, test and run.
# Idempotent and non-interactive; run as root (or through sudo).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  # toolchain
  build-essential cmake ninja-build ccache git pkg-config clang lld
  # protocol core
  libprotobuf-dev protobuf-compiler libsodium-dev libssl-dev openssl
  # actors, node
  libcaf-dev libsqlite3-dev sqlite3 libboost-program-options-dev nlohmann-json3-dev
  # runtimes
  wabt wasi-libc libclang-rt-14-dev-wasm32 libseccomp-dev libcurl4-openssl-dev busybox-static
  docker.io curl
  # tests and benchmarks
  libexpected-dev
  # tests and benchmarks (libclang-rt-14-dev: libFuzzer for tests/fuzz/)
  doctest-dev libbenchmark-dev python3 procps libclang-rt-14-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "setup: done"
