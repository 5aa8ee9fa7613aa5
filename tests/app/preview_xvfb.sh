#!/usr/bin/env bash
# The preview window for real, under a virtual X display: run with --preview, screenshot the window
# by its title, and check the picture is not blank.
source "$(dirname "$0")/lib.sh"

log=$(bash "$(dirname "$0")/screenshot.sh" "$DEBLUR" in/case_blurred.png shot.png --kernel-size 9 2>&1); status=$?
echo "$log"
[ $status -eq 0 ] && pass "deblur --preview exits 0 under Xvfb" || fail "screenshot.sh exit $status"
[[ "$log" == *"no preview window"* ]] && fail "the window was not opened under Xvfb"
[ "$(printf '%s\n' "$log" | grep -c .)" = 1 ] && pass "stderr is the summary line alone" || fail "extra stderr lines"
if [ -f shot.png ]; then
  stats=$("$TESTKIT" nonblank shot.png) && pass "screenshot is not blank ($stats)" || fail "screenshot is blank ($stats)"
  read -r w h < <("$TESTKIT" info shot.png | sed 's/x/ /; s/ [0-9]* [0-9]*$//')
  [ "$w" -gt $((3 * h)) ] && pass "four panels side by side (${w}x$h)" || fail "window ${w}x$h"
else
  fail "no screenshot"
fi
finish
