#!/usr/bin/env bash
# Batches: a corrupt file among good ones is named on its own line and skipped, the others are written
# byte-identical to single runs (in turn or with --jobs 2), the exit status is 2, and --summary
# records every photo. --kernel-from applies one kernel to every photo, as --kernel with it would.
source "$(dirname "$0")/lib.sh"
photos=(grey8 colour8 rgba8 colour16)
mkdir -p single batch jobs suffixed from given
for p in "${photos[@]}"; do run "in/$p.png" -o "single/$p.png" --kernel-size 5 -q; done

for mode in batch jobs; do
  jobs=1; [ "$mode" = jobs ] && jobs=2
  run in/grey8.png in/colour8.png in/truncated.png in/rgba8.png in/colour16.png --output-dir $mode --kernel-size 5 \
    --jobs $jobs --summary $mode/summary.csv
  echo "$ERR"
  [ "$RC" -eq 2 ] && pass "$mode: exit 2" || fail "$mode: exit $RC"
  [ "$(grep -c 'deblur: error: in/truncated.png: corrupt or truncated' <<<"$ERR")" -eq 1 ] && [ ! -e $mode/truncated.png ] \
    && pass "$mode: the corrupt file named on its own line, nothing written for it" || fail "$mode: corrupt file"
  [ "$(grep -c '^deblur: wrote' <<<"$ERR")" -eq 4 ] && pass "$mode: four summary lines" || fail "$mode: summary lines"
  for p in "${photos[@]}"; do cmp -s "single/$p.png" "$mode/$p.png" || fail "$mode/$p.png differs from a single run"; done
  pass "$mode: the others byte-identical to single runs"
  rows=$(grep -c . $mode/summary.csv)
  [ "$rows" -eq 6 ] && grep -q '^in/truncated.png,batch/truncated.png,bad input,,,,,,,,[0-9.]*,"\?in/truncated.png: corrupt' \
    <(sed "s#$mode/#batch/#" $mode/summary.csv) && grep -q '^in/colour8.png,batch/colour8.png,ok,5,5,' <(sed "s#$mode/#batch/#" $mode/summary.csv) \
    && pass "$mode: --summary has a row per photo" || { fail "$mode: summary.csv"; cat $mode/summary.csv; }
done

run in/grey8.png in/colour8.png --output-dir suffixed --suffix _sharp --kernel-size 5 --summary suffixed/summary.json -q
[ "$RC" -eq 0 ] && cmp -s single/grey8.png suffixed/grey8_sharp.png && cmp -s single/colour8.png suffixed/colour8_sharp.png \
  && pass "--suffix _sharp" || fail "--suffix: rc $RC, $ERR"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert [x["status"] for x in r]==["ok","ok"] and r[0]["kernel_width"]==5 and r[0]["region_x"]==0, r' \
  suffixed/summary.json && pass "--summary .json" || fail "summary.json"

# --output-dir is created with its parents, as mkdir -p; a run refused before any photo leaves none.
run in/grey8.png --output-dir new/deeper --kernel-size 5 -q
[ "$RC" -eq 0 ] && cmp -s single/grey8.png new/deeper/grey8.png && pass "--output-dir new/deeper created" || fail "--output-dir new/deeper: rc $RC, $ERR"
run in/grey8.png in/../in/grey8.png --output-dir fresh/deeper --kernel-size 5
[ "$RC" -eq 2 ] && [ ! -e fresh ] && pass "a refused run leaves no --output-dir behind" || fail "refused run: rc $RC, $(ls -d fresh 2>&1)"

# An estimated kernel gets a λ floor that a given one does not (final.estimated_kernel_lambda): both runs
# use a λ of 1e-3 whatever the noise, so they must agree to the bit.
same_lambda=(--set final.lambda=0.001 --set final.lambda_exponent=0 --set final.estimated_kernel_lambda=0.001)
run in/case_blurred.png in/grey8.png in/colour8.png --output-dir from --kernel-from in/case_blurred.png --kernel-size 9 \
  --save-kernel from/kernel.tiff "${same_lambda[@]}"
echo "$ERR"
[ "$RC" -eq 0 ] && [ "$(grep -c 'estimated on' <<<"$ERR")" -eq 1 ] && pass "--kernel-from: one estimation" || fail "--kernel-from: rc $RC"
for p in case_blurred grey8 colour8; do
  run "in/$p.png" -o "given/$p.png" --kernel from/kernel.tiff -q "${same_lambda[@]}"
  cmp -s "given/$p.png" "from/$p.png" || fail "--kernel-from: $p differs from --kernel with the saved kernel"
done
pass "--kernel-from: every photo deblurred with the one kernel"
finish
