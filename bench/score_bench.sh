#!/usr/bin/env bash
# Builds (Release), makes the benchmark cases (bench/make_cases.py, into build/bench-cases) and scores
# the blind deconvolution on them: PSNR gain, SSIM, kernel error ratio, time, peak memory.
#   bench/score_bench.sh [--auto] [extra arguments for build/deblur...]
# --auto leaves the kernel size to the solver (no --kernel-size). Extra arguments are appended to the
# command (e.g. --set image_step.lambda=1e-3).
# Needs what scripts/setup.sh installs (python3-scipy, python3-skimage, time); nothing outside the clone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exe="$root/build/deblur"
size="--kernel-size {ksize}"
if [[ "${1:-}" == "--auto" ]]; then
  size=""
  shift
fi
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j 2 >/dev/null
cases="$root/build/bench-cases"
# Remade only when the generator changes: the cases keep the scorer's cached true-kernel reference.
if [[ "$root/bench/make_cases.py" -nt "$cases/.made" ]]; then
  rm -rf "$cases"
  /usr/bin/python3 "$root/bench/make_cases.py" "$cases" >/dev/null
  touch "$cases/.made"
fi
cd "$root"
exec /usr/bin/python3 "$root/bench/score.py" "$cases" --cmd "$exe {blurred} -o {out} $size --save-kernel {kernel} $*"
