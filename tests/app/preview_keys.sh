#!/usr/bin/env bash
# The preview's keys under Xvfb, typed with xdotool: space pauses the solver and resumes it, q stops
# early and keeps the current result, s saves the window, and once done a key closes it.
source "$(dirname "$0")/lib.sh"
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null || { fail "xvfb-run and xdotool are needed"; finish; }
# Real camera shake, iterating until stopped.
cp "$(dirname "$0")/../../assets/clock_motion.png" in/clock.png

preview_run_prelude > inner.sh
cat >> inner.sh <<INNER
window=\$(xdotool search --name "deblur preview" | head -1)
xdotool windowfocus --sync "\$window"
echo "rows before pause \$(rows)"
xdotool key space; sleep 1; paused=\$(rows); sleep 2
echo "rows paused \$paused -> \$(rows)"
xdotool key space; sleep 2
echo "rows resumed \$(rows)"
xdotool key q
for _ in \$(seq 300); do grep -q "deblur: wrote" deblur.log && break; sleep 0.1; done
sleep 0.5
xdotool windowfocus --sync "\$window"; xdotool key s; sleep 1; xdotool key Escape
for _ in \$(seq 100); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
kill -0 \$pid 2>/dev/null && { echo "still open after Escape"; kill \$pid; }
wait \$pid
echo "deblur exit \$?"
INNER
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash inner.sh > inner.log 2>&1
cat inner.log deblur.log
read -r _ _ _ before < <(grep "rows before pause" inner.log)
read -r _ _ paused _ still < <(grep "rows paused" inner.log)
read -r _ _ resumed < <(grep "rows resumed" inner.log)
[ "${before:-0}" -ge 3 ] && pass "solver iterating under the window ($before rows)" || fail "no iterations to act on"
[ "${paused:-0}" -ge 3 ] && [ "$paused" = "${still:-}" ] && pass "space pauses ($paused rows stay $still)" || fail "not paused: $paused -> ${still:-}"
[ "${resumed:-0}" -gt "${still:-0}" ] && pass "space resumes ($still -> $resumed rows)" || fail "not resumed: ${still:-} -> ${resumed:-}"
grep -q "deblur exit 0" inner.log && pass "exit 0" || fail "exit status"
grep -q "stopped early" deblur.log && [ -f out.png ] && pass "q stops early and the result is written" || fail "q did not stop early"
[ -f out.preview-1.png ] && "$TESTKIT" nonblank out.preview-1.png >/dev/null && pass "s saved the window" || fail "no snapshot from s"
grep -q "still open" inner.log && fail "Escape did not close the finished window"
finish
