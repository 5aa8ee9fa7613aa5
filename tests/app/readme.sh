#!/usr/bin/env bash
# The README's shown runs stay true: each "$ build/deblur ..." line in its code blocks is run as written
# (on the testkit's in/ images and the bundled assets/) and prints the lines shown under it, times
# aside. Its GNU parallel line and Slurm array script, run as written, give the same files as one
# deblur with --output-dir.
#   readme.sh DEBLUR TESTKIT WORKDIR README
source "$(dirname "$0")/lib.sh"
readme=$TOOL
mkdir -p build bin && ln -s "$DEBLUR" build/deblur && ln -s "$DEBLUR" bin/deblur
ln -s "$(cd "$(dirname "$readme")" && pwd)/assets" assets
cp in/grey8.png photo.png
printf '[pyramid]\nfactor = 7.5\n' > mine.toml  # the README's example of a value out of range, on line 2
# The refusals' configuration files, as bad_inputs.sh makes them.
printf '[pyramid]\nfactor = 0.8\nbogus = 1\n' > in/unknown_key.toml
printf '[pyramid]\nfactor = = 0.8\n' > in/malformed.toml

# Wall times vary: "; 2.5 s" and "took 2.5 s" compare as "; N s".
mask() { sed -E 's/[0-9]+\.[0-9]+ s(\)|;|$)/N s\1/g'; }

# "$ build/deblur" lines of fenced blocks, each with the lines under it up to the next "$ " or the
# fence's end, as records: CMD<tab>command, OUT<tab>line..., END at the fence's end.
records=$(awk '/^```/ { if (fenced && on) print "END\t"; fenced = !fenced; on = 0; next }
               fenced && /^\$ / { on = ($0 ~ /^\$ build\/deblur /); if (on) print "CMD\t" substr($0, 3); next }
               fenced && on { print "OUT\t" $0 }' "$readme")
commands=0
check() {  # runs $command, compares with $expected
  [ -z "$command" ] && return
  commands=$((commands + 1))
  local got
  got=$(env -u DISPLAY bash -c "$command" 2>&1 | mask)  # --roi select refuses without a display
  if [ "$got" = "$(mask <<<"$expected")" ]; then pass "$command"
  else fail "$command"; diff <(mask <<<"$expected") <(echo "$got"); fi
}
command="" expected=""
while IFS=$'\t' read -r kind text; do
  case $kind in
    CMD) check; command=$text expected="" ;;
    OUT) expected+="${expected:+$'\n'}$text" ;;
    END) check; command="" expected="" ;;
  esac
done <<<"$records"
[ "$commands" -ge 3 ] && pass "$commands README commands run" || fail "only $commands README commands found"

# Many photos: GNU parallel's line and the Slurm script against --output-dir.
mkdir -p photos && cp in/grey8.jpg photos/grey.jpg && cp in/rotated.jpg photos/rotated.jpg
"$DEBLUR" photos/*.jpg --output-dir reference -q || fail "--output-dir run"
compare_with_reference() {  # FOLDER WHAT
  local ok=1
  for f in reference/*; do cmp -s "$f" "$1/$(basename "$f")" || ok=0; done
  [ "$(ls "$1" | wc -l)" = "$(ls reference | wc -l)" ] || ok=0
  [ "$ok" = 1 ] && pass "$2 gives the same files as --output-dir" || fail "$2: $(ls "$1" 2>&1)"
}
line=$(grep -m1 '^parallel ' "$readme")
if [ -z "$line" ]; then fail "no GNU parallel line in the README"
elif ! command -v parallel >/dev/null; then fail "GNU parallel is not installed (scripts/setup.sh installs it)"
else
  rm -rf sharp && PATH="$PWD/bin:$PATH" bash -c "$line" || fail "$line: exit $?"
  compare_with_reference sharp "$line"
fi
awk '/^#!\/bin\/bash$/ { on = 1 } on && /^```/ { exit } on' "$readme" > deblur.sbatch
if ! grep -q '^#SBATCH' deblur.sbatch; then fail "no Slurm script in the README"
else
  rm -rf sharp
  for i in 0 1; do
    SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 PATH="$PWD/bin:$PATH" bash deblur.sbatch || fail "array task $i: exit $?"
  done
  compare_with_reference sharp "the Slurm array script (tasks 0 and 1)"
fi
finish
