#!/usr/bin/env bash
# Installs every Debian package that building, testing and running mlTrainer needs.
# Idempotent and non-interactive: safe to re-run, and quiet when nothing is missing.
set -euo pipefail

# Build toolchain and libraries (see DESIGN.md "Chosen dependencies").
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git clang-14 libclang-rt-14-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3
  nlohmann-json3-dev libvalijson-dev
  libcpp-httplib-dev libcurl4-openssl-dev libssl-dev
  libfmt-dev libspdlog-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libxgboost-dev liblinear-dev libeigen3-dev libomp-14-dev
  libopencv-ml-dev libtorch-dev libnlopt-cxx-dev libquantlib0-dev libboost-dev
  # An optimised BLAS behind libblas.so.3 (LibTorch's matrix products; without it
  # they run on the reference BLAS, about twice as slow). The OpenMP build follows
  # the thread count each model sets.
  libopenblas0-openmp
  curl procps
  # Peers for side-by-side benchmarks (called as /usr/bin/python3).
  python3 python3-sklearn python3-pandas
)

# The web UI (web/, built by CMake with npm) and its browser tests (Debian's Chromium).
PACKAGES+=(chromium)
# Debian's nodejs/npm only when `node`/`npm` are absent: a Node.js from elsewhere
# (e.g. NodeSource, which bundles npm) may already be on PATH and would conflict.
if ! command -v node >/dev/null 2>&1; then PACKAGES+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
