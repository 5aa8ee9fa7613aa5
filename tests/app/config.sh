#!/usr/bin/env bash
# --print-config is a valid config file that reproduces the run bit for bit; precedence is
# defaults < file < --set < flags.
source "$(dirname "$0")/lib.sh"

run --print-config --set pyramid.factor=0.8 --set image_step.step=0.37 --set kernel.size=7
printf '%s\n' "$OUT" > a.toml
run --print-config --config a.toml
printf '%s\n' "$OUT" > b.toml
[ "$RC" -eq 0 ] && cmp -s a.toml b.toml && pass "--print-config round trip is bit-identical" || fail "round trip differs"
grep -q '^factor = 0.8$' a.toml && grep -q '^size = 7$' a.toml && pass "--set values printed" || fail "--set values not printed"
# Every key carries its documentation, allowed range and default as comments.
keys=$(grep -c '^[a-z_]* = ' a.toml); docs=$(grep -c '^# allowed: .*; default: ' a.toml)
[ "$keys" -gt 0 ] && [ "$keys" = "$docs" ] && pass "$keys keys, each documented" || fail "$keys keys but $docs documented"

run in/grey8.png -o with_set.png --set pyramid.factor=0.8 --set image_step.step=0.37 --set kernel.size=7 -q
run in/grey8.png -o with_file.png --config a.toml -q
[ "$RC" -eq 0 ] && cmp -s with_set.png with_file.png && pass "printed config gives a bit-identical result" \
  || fail "results differ (rc $RC $ERR)"

printf '[kernel]\nsize = 5\n' > five.toml
size_of() { run --print-config "$@"; printf '%s\n' "$OUT" | sed -n '/^\[kernel\]/,/^\[/s/^size = //p'; }
[ "$(size_of)" = 0 ] && pass "default kernel.size 0" || fail "default kernel.size $(size_of)"
[ "$(size_of --config five.toml)" = 5 ] && pass "file wins over default" || fail "file: $(size_of --config five.toml)"
[ "$(size_of --config five.toml --set kernel.size=7)" = 7 ] && pass "--set wins over file" || fail "--set"
[ "$(size_of --config five.toml --set kernel.size=7 --kernel-size 9)" = 9 ] && pass "flag wins over --set" || fail "flag"
[ "$(size_of --config five.toml --kernel-size auto)" = 0 ] && pass "--kernel-size auto wins over file" || fail "auto"
threads=$(run --print-config --set run.threads=3 --threads 2; printf '%s\n' "$OUT" | sed -n '/^\[run\]/,/^\[/s/^threads = //p')
[ "$threads" = 2 ] && pass "--threads wins over --set" || fail "--threads: $threads"
finish
