#!/usr/bin/env bash
# Every bad input gives exit 2, exactly one stderr line naming the problem, no file created, nothing changed.
source "$(dirname "$0")/lib.sh"

cp in/grey8.png in/existing.png
ln in/grey8.png in/hardlink.png
printf '[pyramid]\nfactor = 0.8\nbogus = 1\n' > in/unknown_key.toml
printf '[pyramid]\nfactor = 0.8\n[nonsense]\nx = 1\n' > in/unknown_section.toml
printf '[pyramid]\nfactor = = 0.8\n' > in/malformed.toml
printf '[pyramid]\n\nfactor = "big"\n' > in/wrong_type.toml
printf '[image_step]\nstep = nan\n' > in/nan.toml
printf '[pyramid]\nfactor = 7.5\n' > in/out_of_range.toml
printf '[pyramid]\ncoarsest_kernel = 3.5\n' > in/not_integer.toml

# expect_bad "WHAT THE LINE MUST SAY" ARGS...: exit 2, one stderr line containing it, nothing changed.
expect_bad() {
  local expected=$1; shift
  local before after
  before=$(snapshot)
  run "$@"
  after=$(snapshot)
  echo "\$ deblur $*"
  echo "  stderr: $ERR"
  echo "  exit:   $RC"
  local lines
  lines=$(printf '%s\n' "$ERR" | grep -c .)
  if [ "$RC" -ne 2 ]; then fail "exit $RC, expected 2: $*"
  elif [ "$lines" -ne 1 ]; then fail "$lines stderr lines, expected 1: $*"
  elif [[ "$ERR" != "deblur: error: "* ]]; then fail "stderr does not start with 'deblur: error: ': $*"
  elif [[ "$ERR" != *"$expected"* ]]; then fail "stderr lacks '$expected': $*"
  elif [ "$before" != "$after" ]; then fail "files changed or created: $*"; diff <(echo "$before") <(echo "$after")
  else pass "$*"; fi
}

expect_bad "missing.png: no such file"              in/missing.png -o out.png
expect_bad "empty.png: empty file"                  in/empty.png -o out.png
expect_bad "truncated.png: corrupt or truncated"    in/truncated.png -o out.png
expect_bad "text.png: not an image"                 in/text.png -o out.png
expect_bad "nan.tiff: holds NaN or infinite values" in/nan.tiff -o out.tiff
expect_bad "tiny.png: image is 1x1"                 in/tiny.png -o out.png
expect_bad "not smaller than the image"             in/small32.png -o out.png --kernel-size 33
expect_bad "must be odd"                            in/grey8.png -o out.png --kernel-size 4
expect_bad "must be positive"                       in/grey8.png -o out.png --kernel-size -3
expect_bad "must be positive"                       in/grey8.png -o out.png --kernel-size=0
expect_bad "expected an odd number"                 in/grey8.png -o out.png --kernel-size big
expect_bad "error: --kernel-size 503: outside [0, 501]" in/grey8.png -o out.png --kernel-size 503
expect_bad "error: --threads 300: outside [0, 256]"  in/grey8.png -o out.png --threads 300
expect_bad "-vv: there is no level above -v"        in/grey8.png -o out.png -vv
expect_bad "must be odd"                            in/grey8.png -o out.png --set kernel.size=6
expect_bad "image_step.step = -1 is out of range"   in/grey8.png -o out.png --set image_step.step=-1
expect_bad "image_step.step = nan is not finite"    in/grey8.png -o out.png --set image_step.step=nan
expect_bad "image_step.step = inf is not finite"    in/grey8.png -o out.png --set image_step.step=inf
expect_bad "image_step.step = fast is not a number" in/grey8.png -o out.png --set image_step.step=fast
expect_bad "unknown key image_step.bogus"           in/grey8.png -o out.png --set image_step.bogus=1
expect_bad "unknown section [bogus]"                in/grey8.png -o out.png --set bogus.step=1
expect_bad "expected section.key=value"             in/grey8.png -o out.png --set step
expect_bad "unknown_key.toml:3: unknown key pyramid.bogus"   in/grey8.png -o out.png --config in/unknown_key.toml
expect_bad "unknown_section.toml:3: unknown section [nonsense]" in/grey8.png -o out.png --config in/unknown_section.toml
expect_bad "malformed.toml:2"                       in/grey8.png -o out.png --config in/malformed.toml
expect_bad "wrong_type.toml:3: pyramid.factor = \"big\" is not a number" in/grey8.png -o out.png --config in/wrong_type.toml
expect_bad "nan.toml:2: image_step.step = nan is not finite" in/grey8.png -o out.png --config in/nan.toml
expect_bad "out_of_range.toml:2: pyramid.factor = 7.5 is out of range; allowed: a number in" in/grey8.png -o out.png --config in/out_of_range.toml
expect_bad "not_integer.toml:2: pyramid.coarsest_kernel = 3.5 is not an integer" in/grey8.png -o out.png --config in/not_integer.toml
expect_bad "missing.toml"                           in/grey8.png -o out.png --config in/missing.toml
expect_bad "output folder"                          in/grey8.png -o no/such/folder/out.png
expect_bad "cannot write in folder /proc: the folder takes no new files" in/grey8.png -o /proc/out.png
if [ "$(id -u)" -ne 0 ]; then  # root writes anywhere: /proc above stands in for it
  mkdir -p locked && chmod 555 locked
  expect_bad "cannot write in folder"               in/grey8.png -o locked/out.png
fi
expect_bad "output is the input file"               in/grey8.png -o in/grey8.png
expect_bad "output is the input file"               in/grey8.png -o in/../in/./grey8.png
expect_bad "output is the input file"               in/grey8.png -o in/hardlink.png
expect_bad "unknown output format"                  in/grey8.png -o out.xyz
# The pixel limit is applied from the header, before decoding, in every format.
for f in grey8.png grey8.jpg grey8.tif colour16.tif colour8.webp grey8.bmp grey8.pgm colour16.ppm; do
  expect_bad "64x48 is 0.003072 megapixels, above the limit of 0.003" in/$f -o out.png --set input.max_megapixels=0.003
done
expect_bad "40000x40000 is 1600 megapixels, above the limit of 100" in/huge.png -o out.png
expect_bad "40000x40000 is 1600 megapixels, above the limit of 100" in/huge.pgm -o out.png
expect_bad "10001x10000 is 100.01 megapixels, above the limit of 100" in/over.png -o out.png
expect_bad "missing -o OUTPUT or --output-dir DIR"  in/grey8.png
expect_bad "missing INPUT"                          -o out.png
expect_bad "bogus"                                  in/grey8.png -o out.png --bogus
expect_bad "sides must be odd"                      in/grey8.png -o out.png --kernel in/kernel_even.csv
expect_bad "negative values"                        in/grey8.png -o out.png --kernel in/kernel_negative.csv
expect_bad "truncated.png: corrupt or truncated"    in/grey8.png -o out.png --kernel in/truncated.png
expect_bad "NaN"                                    in/grey8.png -o out.png --kernel in/kernel_nan.csv
expect_bad "empty kernel"                           in/grey8.png -o out.png --kernel in/kernel_empty.csv
expect_bad "kernel_ragged.csv:2"                    in/grey8.png -o out.png --kernel in/kernel_ragged.csv
expect_bad "no such kernel file"                    in/grey8.png -o out.png --kernel in/missing.csv
expect_bad "kernel 99x99 is not smaller than the image" in/grey8.png -o out.png --kernel in/kernel_large.tiff
expect_bad "exclude each other"                     in/grey8.png -o out.png --kernel in/case_kernel.csv --kernel-size 9
expect_bad "kernel is saved as"                     in/grey8.png -o out.png --save-kernel kernel.jpg
expect_bad "would overwrite"                        in/grey8.png -o out.png --save-kernel out.png
expect_bad "cannot write in folder /proc"           in/grey8.png -o out.png --trace /proc/trace.csv
expect_bad "cannot create the snapshots folder"     in/grey8.png -o out.png --snapshots in/grey8.png/snaps
# --roi: malformed, outside the photo (64x48), smaller than 3x the kernel, or meaningless.
expect_bad "--roi 1,2,3: expected X,Y,W,H"          in/grey8.png -o out.png --roi 1,2,3
expect_bad "--roi is empty"                         in/grey8.png -o out.png --roi ""
expect_bad "--roi 1,2,3,4,5: expected X,Y,W,H"      in/grey8.png -o out.png --roi 1,2,3,4,5
expect_bad "--roi a,b,c,d: expected X,Y,W,H"        in/grey8.png -o out.png --roi a,b,c,d
expect_bad "--roi 0,0,+30,30: expected X,Y,W,H"     in/grey8.png -o out.png --roi 0,0,+30,30
expect_bad "--roi -1,0,30,30: X and Y must not be negative" in/grey8.png -o out.png --roi -1,0,30,30
expect_bad "--roi 0,0,0,30: W and H must be positive" in/grey8.png -o out.png --roi 0,0,0,30
expect_bad "grey8.png: region 30x30 at 40,0 is not inside the image 64x48" in/grey8.png -o out.png --roi 40,0,30,30 --kernel-size 5
expect_bad "grey8.png: region 20x40 at 0,0 is smaller than 3x the kernel 9x9: it needs at least 27x27" \
                                                    in/grey8.png -o out.png --roi 0,0,20,40 --kernel-size 9
expect_bad "with --kernel there is no estimation"   in/grey8.png -o out.png --roi 0,0,30,30 --kernel in/case_kernel.csv
# Several inputs.
expect_bad "-o names one output but 2 inputs were given; use --output-dir DIR" in/grey8.png in/colour8.png -o out.png
expect_bad "-o and --output-dir exclude each other" in/grey8.png -o out.png --output-dir .
expect_bad "--suffix needs --output-dir"            in/grey8.png -o out.png --suffix _sharp
expect_bad "--kernel and --kernel-from exclude each other" in/grey8.png -o out.png --kernel in/case_kernel.csv --kernel-from in/grey8.png
expect_bad "--save-kernel follows one kernel estimation" in/grey8.png in/colour8.png --output-dir . --save-kernel k.tiff
expect_bad "--roi select picks the region on one photo" in/grey8.png in/colour8.png --output-dir . --roi select
expect_bad "output is the input file"               in/grey8.png in/colour8.png --output-dir in
expect_bad "written twice"                          in/grey8.png in/../in/grey8.png --output-dir .
expect_bad "--jobs 0: must be 1 or more"            in/grey8.png in/colour8.png --output-dir . --jobs 0
expect_bad "--summary writes .csv or .json"         in/grey8.png -o out.png --summary run.txt
expect_bad "--summary would overwrite"              in/grey8.png -o out.png --trace run.csv --summary run.csv
expect_bad "missing.png: no such file"              in/missing.png -o out.png --kernel-from in/missing.png
# An existing output survives a failed run untouched (the snapshot compares its bytes).
expect_bad "unknown key"                            in/grey8.png -o in/existing.png --set pyramid.bogus=1
finish
