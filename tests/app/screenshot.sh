#!/usr/bin/env bash
# Screenshot of the --preview window under a virtual X display, taken once the result is written.
# Usage: screenshot.sh DEBLUR INPUT SHOT.png [deblur options...]
# Prints deblur's stderr; exits with deblur's status (3 if no screenshot was taken).
# Regenerate the README's picture: bash tests/app/screenshot.sh build/deblur assets/clock_motion.png docs/preview.png
set -uo pipefail
deblur=$(realpath "$1") input=$2 shot=$3
shift 3
command -v xvfb-run >/dev/null && command -v import >/dev/null || { echo "screenshot.sh: needs xvfb-run and import (imagemagick)"; exit 3; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cat > "$scratch/inner.sh" <<INNER
"$deblur" "$input" -o "$scratch/out.png" --preview --set preview.linger=8 $* 2> "$scratch/deblur.log" &
pid=\$!
for _ in \$(seq 1500); do grep -q "deblur: wrote" "$scratch/deblur.log" && break; kill -0 \$pid 2>/dev/null || break; sleep 0.2; done
sleep 0.5
# import waits forever for a window that never appears: bound it.
timeout 20 import -window "deblur preview" "$shot" 2> "$scratch/import.log" || { echo "no screenshot:"; cat "$scratch/import.log"; }
wait \$pid
INNER
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash "$scratch/inner.sh"
status=$?
cat "$scratch/deblur.log"
[ -f "$shot" ] || exit 3
exit $status
