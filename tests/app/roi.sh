#!/usr/bin/env bash
# --roi X,Y,W,H: the kernel is estimated on that region and the summary line says so; without one,
# the line names the automatic region; --roi select without a display refuses in one line naming
# the typed form, and writes nothing.
source "$(dirname "$0")/lib.sh"

run in/case_blurred.png -o roi.png --roi 10,12,60,54 --kernel-size 9
echo "$ERR"
[ "$RC" -eq 0 ] && [[ "$ERR" == *"kernel 9x9 on 60x54 at 10,12;"* ]] && [ -f roi.png ] \
  && pass "--roi: estimated on the region, said in the summary line" || fail "--roi: rc $RC, $ERR"
run in/case_blurred.png -o auto.png --kernel-size 9
[ "$RC" -eq 0 ] && [[ "$ERR" == *"on automatic region 88x88 at 0,0;"* ]] \
  && pass "no --roi: the automatic region is named" || fail "automatic region: rc $RC, $ERR"

before=$(snapshot)
ERR=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$DEBLUR" in/grey8.png -o select.png --roi select 2>&1); RC=$?
echo "$ERR"
[ "$RC" -eq 2 ] && [ "$(printf '%s\n' "$ERR" | grep -c .)" -eq 1 ] && [[ "$ERR" == *"DISPLAY is not set"*"--roi X,Y,W,H"* ]] \
  && [ "$before" = "$(snapshot)" ] && pass "--roi select without a display: one line naming --roi X,Y,W,H, nothing written" \
  || fail "--roi select without a display: rc $RC, $ERR"
finish
