#!/usr/bin/env bash
# Builds (Release) and scores the blind deconvolution on the shared benchmark cases.
#   scripts/score_bench.sh [--probe] [--auto] [extra arguments for the command...]
# Default command: build/deblur (the app). --probe scores build/bench/probe/solver_probe instead (the
# solvers layer alone). --auto leaves the kernel size to the solver (no --kernel-size). Extra arguments are appended to the command (e.g. --set image_step.lambda=1e-3).
# Needs ../shared beside the checkout and Debian's python3-scipy and python3-skimage (/usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$(cd "$root/../shared" 2>/dev/null && pwd)" || { echo "score_bench: $root/../shared not found" >&2; exit 1; }
exe="$root/build/deblur"
if [[ "${1:-}" == "--probe" ]]; then
  exe="$root/build/bench/probe/solver_probe"
  shift
fi
size="--kernel-size {ksize}"
if [[ "${1:-}" == "--auto" ]]; then
  size=""
  shift
fi
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j 2 >/dev/null
cd "$root"
exec /usr/bin/python3 "$shared/tools/score.py" "$shared/data/bench" \
  --cmd "$exe {blurred} -o {out} $size --save-kernel {kernel} $*"
