#!/usr/bin/env bash
# Ctrl-C while the solver runs: the first stops it early and the result is still written (exit 0);
# two in a row end the process at once, leaving neither the output nor a temporary file behind.
source "$(dirname "$0")/lib.sh"
# Real camera shake, iterating until interrupted.
cp "$(dirname "$0")/../../assets/clock_motion.png" in/clock.png
rows() { echo $(($(wc -l < "$1" 2>/dev/null || echo 1) - 1)); }

# interrupted NAME SIGNALS: runs deblur, sends SIGINT SIGNALS times once it iterates; sets RC, ERR.
interrupted() {
  local name=$1 signals=$2
  "$DEBLUR" in/clock.png "${UNTIL_STOPPED[@]}" -o "$name.png" --trace "$name.csv" 2> "$name.log" &
  local pid=$!
  for _ in $(seq 300); do [ "$(rows "$name.csv")" -ge 3 ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  ITERATED=$(rows "$name.csv")
  for _ in $(seq "$signals"); do kill -INT $pid 2>/dev/null; sleep 0.05; done
  wait $pid; RC=$?
  ERR=$(cat "$name.log")
  echo "$name: exit $RC after $ITERATED rows; $ERR"
}

interrupted once 1
[ "$ITERATED" -ge 3 ] && pass "solver iterating ($ITERATED rows)" || fail "no iterations to interrupt"
[ "$RC" -eq 0 ] && [ -f once.png ] && [[ "$ERR" == *"interrupted: finishing with the current estimate"* ]] \
  && [[ "$ERR" == *"(stopped early)"* ]] && pass "one Ctrl-C stops early and writes the result" || fail "one Ctrl-C"

interrupted twice 2
[ "$ITERATED" -ge 3 ] && [ "$RC" -eq 130 ] && [ ! -f twice.png ] && pass "two Ctrl-C end the run (exit 130), no output" \
  || fail "two Ctrl-C: exit $RC"
leftovers=$(find . -name '.*deblur-*')
[ -z "$leftovers" ] && pass "no temporary files left" || fail "temporary files left: $leftovers"
finish
