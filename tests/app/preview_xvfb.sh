#!/usr/bin/env bash
# The preview window for real, under a virtual X display: run with --preview, screenshot the window
# by its title, and check the picture is not blank. Usage: SCRIPT DEBLUR TESTKIT WORKDIR
source "$(dirname "$0")/lib.sh"
command -v xvfb-run >/dev/null && command -v import >/dev/null || { fail "xvfb-run and import (imagemagick) are needed"; finish; }

cat > inner.sh <<INNER
#!/usr/bin/env bash
"$DEBLUR" in/case_blurred.png -o out.png --kernel-size 9 --preview --set preview.linger=8 2> deblur.log &
pid=\$!
for _ in \$(seq 600); do grep -q "deblur: wrote" deblur.log && break; kill -0 \$pid 2>/dev/null || break; sleep 0.2; done
sleep 0.5
import -window "deblur preview" shot.png 2> import.log || echo "import failed: \$(cat import.log)"
wait \$pid
echo "deblur exit \$?"
INNER
xvfb-run -a -s "-screen 0 1280x800x24" bash inner.sh > inner.log 2>&1
cat inner.log deblur.log
grep -q "deblur exit 0" inner.log && pass "deblur --preview exits 0 under Xvfb" || fail "deblur --preview did not exit 0"
grep -q "no preview window" deblur.log && fail "the window was not opened under Xvfb"
[ -f out.png ] && pass "output written" || fail "no output"
if [ -f shot.png ]; then
  stats=$("$TESTKIT" nonblank shot.png); blank=$?
  [ $blank -eq 0 ] && pass "screenshot is not blank ($stats)" || fail "screenshot is blank ($stats)"
  read -r w h < <("$TESTKIT" info shot.png | sed 's/x/ /; s/ [0-9]* [0-9]*$//')
  [ "$w" -gt "$h" ] && pass "four panels side by side (${w}x$h)" || fail "window ${w}x$h"
else
  fail "no screenshot"
fi
finish
