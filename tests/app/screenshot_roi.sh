#!/usr/bin/env bash
# Screenshot of the --roi select window under a virtual X display, a rectangle dragged from (X0,Y0) to
# (X1,Y1) in window pixels; the selection is then cancelled (nothing is written).
# Usage: screenshot_roi.sh DEBLUR INPUT SHOT.png X0 Y0 X1 Y1
# Regenerate the README's picture:
#   bash tests/app/screenshot_roi.sh build/deblur assets/clock_motion.png docs/roi_select.png 110 60 300 225
set -uo pipefail
deblur=$(realpath "$1") input=$2 shot=$3 x0=$4 y0=$5 x1=$6 y1=$7
command -v xvfb-run >/dev/null && command -v import >/dev/null && command -v xdotool >/dev/null \
  || { echo "screenshot_roi.sh: needs xvfb-run, import (imagemagick) and xdotool"; exit 3; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cat > "$scratch/inner.sh" <<INNER
"$deblur" "$input" -o "$scratch/out.png" --roi select 2> "$scratch/deblur.log" &
pid=\$!
for _ in \$(seq 200); do w=\$(xdotool search --name "deblur: select the region" | head -1); [ -n "\$w" ] && break; sleep 0.1; done
sleep 0.5
xdotool windowfocus --sync "\$w" mousemove --window "\$w" $x0 $y0 mousedown 1 mousemove --window "\$w" $x1 $y1 mouseup 1
sleep 0.5
timeout 20 import -window "deblur: select the region" "$shot" 2> "$scratch/import.log" || { echo "no screenshot:"; cat "$scratch/import.log"; }
xdotool key Escape
wait \$pid
INNER
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash "$scratch/inner.sh"
cat "$scratch/deblur.log"
[ -f "$shot" ] || exit 3
