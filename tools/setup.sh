#!/usr/bin/env bash
# Installs every Debian 12 package stepwise needs to build, test and benchmark.
# Idempotent: packages already present are left alone and apt is not called at all.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config clang clang-format libclang-rt-14-dev ccache
  # libraries
  libsimdjson-dev libfmt-dev libcli11-dev libgmp-dev libsqlite3-dev
  libcpp-httplib-dev libssl-dev libsentencepiece-dev libtomlplusplus-dev zlib1g-dev
  # libtorch with a fast BLAS and c10d's Gloo backend
  libtorch-dev libopenblas0-pthread libgloo-dev
  # oneDNN: its AVX-512 sgemm backs the trainer's CPU matmuls (src/train)
  libdnnl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 python3-torch
  # a real browser for the HTML report checks (headless)
  chromium fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  cat >&2 <<MSG
setup: cannot install packages: not root and no password-less sudo.
Ask an administrator to run, as root:
  apt-get update && apt-get install -y ${missing[*]}
then run this command again.
MSG
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
