#!/usr/bin/env bash
# Installs the Debian packages deblur needs (only those missing), then configures and builds into build/.
# Usage: bash scripts/setup.sh        (as root, or a user with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  help2man  # the man page, made from deblur --help at build time
  libopencv-dev libeigen3-dev libspdlog-dev doctest-dev libfftw3-dev libcli11-dev libtomlplusplus-dev
  # tests: the preview window under a virtual display, its screenshot, and the benchmark scorer
  xvfb xauth imagemagick python3-numpy python3-scipy python3-skimage time xdotool libx11-dev
  man-db lintian parallel  # the man page rendered, the .deb checked, the GNU parallel example run
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
