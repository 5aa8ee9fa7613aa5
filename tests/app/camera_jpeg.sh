#!/usr/bin/env bash
# A photo as a camera makes it (blurred in linear light, sRGB, JPEG quality 75), deblurred with its
# true kernel: closer to the sharp truth than the input, and no blockier than the input (the pass must
# not amplify JPEG's 8×8 block edges).
source "$(dirname "$0")/lib.sh"

run in/camera_blurred.jpg -o deblurred.png --kernel in/case_kernel.tiff -q
[ "$RC" -eq 0 ] || { fail "exit $RC: $ERR"; finish; }
before=$("$TESTKIT" psnr in/camera_blurred.jpg in/camera_truth.png)
after=$("$TESTKIT" psnr deblurred.png in/camera_truth.png)
echo "PSNR blurred $before dB, deblurred $after dB"
awk -v a="$after" -v b="$before" 'BEGIN {exit !(a > b + 1)}' && pass "gains more than 1 dB" || fail "gain $before -> $after dB"
block_in=$("$TESTKIT" blockiness in/camera_blurred.jpg)
block_out=$("$TESTKIT" blockiness deblurred.png)
echo "blockiness: input $block_in, deblurred $block_out"
awk -v a="$block_out" -v b="$block_in" 'BEGIN {exit !(a <= b)}' && pass "no blockier than the input" \
  || fail "blockiness $block_in -> $block_out"
finish
