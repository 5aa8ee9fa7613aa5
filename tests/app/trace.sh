#!/usr/bin/env bash
# --trace has one row per iteration the solver reports in its summary; --snapshots writes an estimate
# and a kernel every snapshots.every iterations.
source "$(dirname "$0")/lib.sh"

run in/case_blurred.png -o out.png --kernel-size 9 --trace trace.csv --snapshots snaps --set snapshots.every=1
iterations=$(printf '%s\n' "$ERR" | sed -n 's/.*; \([0-9]*\) iterations over.*/\1/p')
echo "summary: $ERR"
[ "$RC" -eq 0 ] && [ -n "$iterations" ] && pass "run reports $iterations iterations" || fail "no iteration count (rc $RC)"
rows=0
if [ -f trace.csv ]; then
  rows=$(($(wc -l < trace.csv) - 1))
  header=$(head -1 trace.csv)
  [ "$header" = "scale,num_scales,iteration,objective,data_term,prior_term,step_x,step_h,kernel_change,seconds" ] \
    && pass "trace header" || fail "trace header: $header"
  awk -F, 'NR > 1 && NF != 10 {bad = 1} NR > 1 && ($1 < s || $10 < t) {bad = 1} NR > 1 {s = $1; t = $10} END {exit bad}' trace.csv \
    && pass "rows have 10 fields, scales and seconds never go back" || fail "malformed trace rows"
fi
# The file is created at the first iteration: no iterations, no file.
[ "$rows" = "${iterations:-x}" ] && pass "--trace has $rows rows = $iterations iterations" \
  || fail "trace rows $rows, iterations '$iterations'"
estimates=$(find snaps -name '*_estimate.png' | wc -l); kernels=$(find snaps -name '*_kernel.png' | wc -l)
# Iteration numbers are counted per scale; with every=1 each iteration writes one pair.
[ "$estimates" = "$rows" ] && [ "$kernels" = "$rows" ] && pass "--snapshots: $estimates estimate/kernel pairs" \
  || fail "--snapshots: $estimates estimates, $kernels kernels for $rows iterations"
finish
