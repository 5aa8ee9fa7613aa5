#!/usr/bin/env bash
# --roi select under Xvfb, driven by xdotool: a drag and Enter give the same output, bit for bit, as
# the same region typed; Esc cancels with exit 2 and nothing written.
source "$(dirname "$0")/lib.sh"
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null || { fail "xvfb-run and xdotool are needed"; finish; }
cp "$(dirname "$0")/../../assets/clock_motion.png" in/clock.png  # 400x300: shown unscaled

cat > inner.sh <<INNER
# Waits for the selection window of the deblur started last; prints its id.
window() {
  for _ in \$(seq 200); do
    w=\$(xdotool search --onlyvisible --name "deblur: select the region" 2>/dev/null | head -1)
    [ -n "\$w" ] && { sleep 1; echo "\$w"; return; }
    sleep 0.1
  done
}
"$DEBLUR" in/clock.png -o selected.png --roi select --kernel-size 15 2> selected.log &
pid=\$!
w=\$(window)
xdotool windowfocus --sync "\$w" mousemove --window "\$w" 60 40 mousedown 1 mousemove --window "\$w" 180 130 \
  mousemove --window "\$w" 300 220 mouseup 1
sleep 0.5; xdotool key Return
wait \$pid; echo "selected exit \$?"
"$DEBLUR" in/clock.png -o cancelled.png --roi select --kernel-size 15 2> cancelled.log &
pid=\$!
w=\$(window)
xdotool windowfocus --sync "\$w" key Escape
wait \$pid; echo "cancelled exit \$?"
INNER
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash inner.sh > inner.log 2>&1
cat inner.log selected.log cancelled.log
run in/clock.png -o typed.png --roi 60,40,240,180 --kernel-size 15
grep -q "selected exit 0" inner.log && grep -q "on 240x180 at 60,40;" selected.log \
  && pass "drag from (60,40) to (300,220) and Enter: region 240x180 at 60,40" || fail "selection"
[ "$RC" -eq 0 ] && cmp -s selected.png typed.png && pass "same output as --roi 60,40,240,180" || fail "outputs differ"
grep -q "cancelled exit 2" inner.log && [ ! -e cancelled.png ] && [ "$(grep -c . cancelled.log)" -eq 1 ] \
  && grep -q "deblur: error: in/clock.png: region selection cancelled" cancelled.log \
  && pass "Esc cancels: exit 2, one line, nothing written" || fail "cancel"
finish
