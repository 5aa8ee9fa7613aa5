#!/usr/bin/env bash
# The whole test suite, twice: on build/ (Release, made by scripts/setup.sh), then on build-asan/
# (AddressSanitizer + UndefinedBehaviorSanitizer, -O1 -g: quicker to build than -O2, still fast enough to
# run), which this script configures and builds.
# Usage: bash scripts/setup.sh && bash scripts/test.sh      (README; what .ci/run runs)
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j 2
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DDEBLUR_SANITIZE=ON >/dev/null
cmake --build build-asan -j 2
ctest --test-dir build-asan --output-on-failure -j 2
