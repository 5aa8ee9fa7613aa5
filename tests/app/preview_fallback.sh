#!/usr/bin/env bash
# Without a reachable display, --preview warns in one line and the run still succeeds (Qt would abort).
source "$(dirname "$0")/lib.sh"

check() {
  local what=$1 expected=$2; shift 2
  OUT=$(env "$@" "$DEBLUR" in/grey8.png -o "out_$what.png" --preview 2>stderr.txt); RC=$?
  ERR=$(cat stderr.txt)
  echo "$what: exit $RC; $ERR"
  if [ "$RC" -eq 0 ] && [ -f "out_$what.png" ] && [[ "$ERR" == *"no preview window ($expected"* ]] \
    && [ "$(grep -c 'no preview window' stderr.txt)" = 1 ]; then pass "$what"; else fail "$what"; fi
}
check no_display "DISPLAY is not set" -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM
check unreachable "cannot open a window on display ':1234'" -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM DISPLAY=:1234
finish
