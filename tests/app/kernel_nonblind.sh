#!/usr/bin/env bash
# --kernel with the true kernel of a synthetic blur (valid model, noise σ = 0.002) must beat the
# blurred input by a clear PSNR margin against the sharp truth. Needs the real non-blind solver.
source "$(dirname "$0")/lib.sh"
MARGIN=3

for form in tiff csv; do
  run in/case_blurred.png -o deblurred_$form.png --kernel in/case_kernel.$form -q
  [ "$RC" -eq 0 ] || { fail "--kernel .$form: exit $RC: $ERR"; continue; }
  before=$("$TESTKIT" psnr in/case_blurred.png in/case_truth.png)
  after=$("$TESTKIT" psnr deblurred_$form.png in/case_truth.png)
  echo "PSNR blurred $before dB, deblurred with the true kernel (.$form) $after dB"
  awk -v a="$after" -v b="$before" -v m=$MARGIN 'BEGIN {exit !(a > b + m)}' \
    && pass "true kernel .$form gains more than $MARGIN dB" || fail "gain $before -> $after dB is below $MARGIN dB"
done
finish
