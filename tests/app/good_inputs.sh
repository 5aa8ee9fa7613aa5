#!/usr/bin/env bash
# Good inputs: colour stays colour, 16-bit stays 16-bit, alpha passes through, size is preserved,
# kernels are saved in their three forms, nothing temporary is left behind.
source "$(dirname "$0")/lib.sh"

# expect_image OUT "WxH channels bits" ARGS...
expect_image() {
  local out=$1 want=$2; shift 2
  run "$@" -o "$out" -q
  local got
  got=$("$TESTKIT" info "$out" 2>/dev/null)
  if [ "$RC" -ne 0 ]; then fail "exit $RC ($ERR): $*"
  elif [ "$got" != "$want" ]; then fail "$out is '$got', expected '$want'"
  else pass "$* -o $out -> $got"; fi
}

expect_image grey.png       "64x48 1 8"  in/grey8.png
expect_image colour.png     "64x48 3 8"  in/colour8.png
expect_image colour16.png   "64x48 3 16" in/colour16.png
expect_image colour16.tif   "64x48 3 16" in/colour16.png
expect_image rgba.png       "64x48 4 8"  in/rgba8.png
expect_image grey.pgm       "64x48 1 8"  in/grey8.png
expect_image colour.bmp     "64x48 3 8"  in/colour8.png
expect_image colour.webp    "64x48 3 8"  in/colour8.png
expect_image from_jpg.png   "64x48 1 8"  in/grey8.jpg
expect_image rotated.png    "48x64 1 8"  in/rotated.jpg
expect_image from_tif.tif   "64x48 3 16" in/colour16.tif
expect_image from_webp.png  "64x48 3 8"  in/colour8.webp
expect_image from_bmp.png   "64x48 1 8"  in/grey8.bmp
expect_image from_pgm.pgm   "64x48 1 8"  in/grey8.pgm
expect_image from_ppm.ppm   "64x48 3 16" in/colour16.ppm
"$TESTKIT" alpha-same in/rgba8.png rgba.png && pass "alpha passed through untouched" || fail "alpha changed"

# 16-bit into JPEG: 8-bit written, and said so.
run in/colour16.png -o colour16.jpg
if [ "$RC" -eq 0 ] && [[ "$ERR" == *"JPEG holds no 16-bit pixels: writing 8-bit"* ]] && [ "$("$TESTKIT" info colour16.jpg)" = "64x48 3 8" ]; then
  pass "16-bit into JPEG warns and writes 8-bit"
else fail "16-bit into JPEG: rc $RC, stderr: $ERR"; fi
run in/rgba8.png -o rgba.jpg
[ "$RC" -eq 0 ] && [[ "$ERR" == *"alpha dropped"* ]] && pass "alpha into JPEG warns" || fail "alpha into JPEG: $ERR"

# An existing output is replaced whole.
cp in/colour8.png replaced.png
expect_image replaced.png   "64x48 1 8"  in/grey8.png

# Kernels: .tiff float32 summing to 1, .csv numbers, .png for viewing.
run in/grey8.png -o k.png --kernel-size 5 --save-kernel kernel.tiff -q
read -r sum bits sign < <("$TESTKIT" kernel-sum kernel.tiff)
if [ "$RC" -eq 0 ] && [ "$bits" = 32 ] && [ "$sign" = nonnegative ] && awk -v s="$sum" 'BEGIN{exit !(s > 0.99999 && s < 1.00001)}'; then
  pass "--save-kernel .tiff: float32, sum $sum"
else fail "--save-kernel .tiff: rc $RC sum $sum bits $bits $sign"; fi
[ "$("$TESTKIT" info kernel.tiff)" = "5x5 1 32" ] && pass "kernel.tiff is 5x5" || fail "kernel.tiff is $("$TESTKIT" info kernel.tiff)"
run in/grey8.png -o k.png --kernel-size 5 --save-kernel kernel.csv -q
rows=$(grep -c . kernel.csv); cols=$(head -1 kernel.csv | tr ',' '\n' | grep -c .)
[ "$RC" -eq 0 ] && [ "$rows" = 5 ] && [ "$cols" = 5 ] && pass "--save-kernel .csv: 5x5" || fail "--save-kernel .csv: rc $RC, ${rows}x$cols"
awk -F, '{for (i = 1; i <= NF; i++) s += $i} END {exit !(s > 0.9999 && s < 1.0001)}' kernel.csv && pass "kernel.csv sums to 1" || fail "kernel.csv sum"
run in/grey8.png -o k.png --kernel-size 5 --save-kernel kernel.png -q
[ "$RC" -eq 0 ] && [ "$("$TESTKIT" info kernel.png)" = "5x5 1 16" ] && pass "--save-kernel .png: 16-bit view" || fail "--save-kernel .png"
# A saved kernel read back with --kernel gives the same result in all three forms (.csv is exact too).
run in/grey8.png -o via_tiff.png --kernel kernel.tiff -q
run in/grey8.png -o via_csv.png --kernel kernel.csv -q
"$TESTKIT" same via_tiff.png via_csv.png && pass "--kernel .tiff and .csv agree" || fail "--kernel .tiff and .csv differ"
run in/grey8.png -o via_png.png --kernel kernel.png -q
[ "$RC" -eq 0 ] && pass "--kernel .png read" || fail "--kernel .png: $ERR"

# The one-line summary, and quiet meaning quiet.
run in/grey8.png -o summary.png
[ "$RC" -eq 0 ] && [ "$(printf '%s\n' "$ERR" | grep -c .)" = 1 ] && [[ "$ERR" == "deblur: wrote summary.png"* ]] \
  && pass "one summary line: $ERR" || fail "summary: $ERR"
run in/grey8.png -o quiet.png -q
[ "$RC" -eq 0 ] && [ -z "$ERR" ] && pass "-q prints nothing" || fail "-q printed: $ERR"
run --version
[ "$RC" -eq 0 ] && [[ "$OUT" == "deblur "*"(git "*"OpenCV "*"FFTW "*"Eigen "* ]] && pass "--version: $OUT" || fail "--version: $OUT"
run --help
[ "$RC" -eq 0 ] && [[ "$OUT" == *"Exit status"* ]] && [[ "$OUT" == *"Examples"* ]] && pass "--help has examples and exit status" || fail "--help"

# On a terminal, the progress line says the fraction of the estimation done and the time left, rising
# to 100 %. `script` gives deblur a terminal.
script -qc "'$DEBLUR' in/case_blurred.png -o progress.png --kernel-size 9" /dev/null > progress.txt 2>&1
done_values=$(tr '\r' '\n' < progress.txt | sed -n 's/^estimating the blur: *\([0-9]*\) % done, about [0-9]* s left (scale .*/\1/p')
if [ "$(wc -l <<<"$done_values")" -ge 2 ] && [ "$(tail -1 <<<"$done_values")" = 100 ] && sort -n -c <<<"$done_values" 2>/dev/null; then
  pass "progress line: $(tr '\n' ' ' <<<"$done_values")% done"
else fail "progress line: $(tr '\r' '\n' < progress.txt | head -5)"; fi

# Colour float TIFF is written exactly (OpenCV's default for it, LogLuv, was off by 0.021): the same run
# into a 16-bit PNG differs by its quantisation alone.
run in/colour32.tiff -o colour32.tiff --kernel in/case_kernel.tiff -q
run in/colour32.tiff -o colour32_16.png --kernel in/case_kernel.tiff -q
diff=$("$TESTKIT" max-diff colour32.tiff colour32_16.png)
[ "$("$TESTKIT" info colour32.tiff)" = "64x48 3 32" ] && awk -v d="$diff" 'BEGIN{exit !(d < 1e-5)}' \
  && pass "colour float TIFF exact: max difference $diff against the 16-bit PNG" || fail "colour float TIFF: max difference $diff"

# WebP keeps its kind: lossy in, lossy out at about the input's quality (the header's quantiser); lossless
# in, lossless out.
webp_kind() { head -c 16 "$1" | tail -c 4; }
for q in 50 90; do
  run in/lossy$q.webp -o lossy$q.webp -v
  got=$(printf '%s
' "$ERR" | sed -n 's/.*: lossy WebP at quality \([0-9]*\), like .*/\1/p')
  if [ "$RC" -eq 0 ] && [ "$(webp_kind lossy$q.webp)" = "VP8 " ] && [ -n "$got" ] && [ $((got - q)) -le 5 ] && [ $((q - got)) -le 5 ]; then
    pass "lossy WebP quality $q in: lossy out at quality $got, $(stat -c %s lossy$q.webp) bytes from $(stat -c %s in/lossy$q.webp)"
  else fail "lossy WebP quality $q: rc $RC kind '$(webp_kind lossy$q.webp)' quality '$got'"; fi
done
[ "$(webp_kind colour.webp)" = "VP8L" ] && pass "lossless WebP stays lossless" || fail "lossless WebP became '$(webp_kind colour.webp)'"

# A killed run's temporary file (named with its pid, a process gone) is removed by the next write of the
# same target; a running process's, and another target's, are left alone.
sleep 0 & gone=$!; wait $gone
touch ".stale.deblur-$gone-abcdef.png" ".stale.deblur-$$-abcdef.png" ".other.deblur-$gone-abcdef.png"
run in/grey8.png -o stale.png -q
if [ "$RC" -eq 0 ] && [ ! -e ".stale.deblur-$gone-abcdef.png" ] && [ -e ".stale.deblur-$$-abcdef.png" ] && [ -e ".other.deblur-$gone-abcdef.png" ]; then
  pass "a killed run's temporary file is removed by the next write"
else fail "stale temporary files: $(ls -a | grep deblur-)"; fi
rm -f ".stale.deblur-$$-abcdef.png" ".other.deblur-$gone-abcdef.png"

# A full disk is said in one line (not libpng's own lines), and nothing is left there. Needs a small
# file system: a tmpfs, mounted where root may.
mkdir -p full
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  dd if=/dev/zero of=full/filler bs=4k count=100 2>/dev/null
  run in/colour16.png -o full/out.png
  if [ "$RC" -eq 1 ] && [ "$ERR" = "deblur: error: full/out.png: cannot write: the disk is full (folder full)" ] && [ "$(ls -A full)" = filler ]; then
    pass "full disk: $ERR"
  else fail "full disk: rc $RC, stderr: $ERR, left: $(ls -A full)"; fi
  umount full
fi

leftovers=$(find . -name '.*deblur-*')
[ -z "$leftovers" ] && pass "no temporary files left" || fail "temporary files left: $leftovers"
finish
