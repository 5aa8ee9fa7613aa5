# Shared by the app's end-to-end tests. Each script is called as: SCRIPT DEBLUR TESTKIT WORKDIR [TOOL]
set -uo pipefail
DEBLUR=$1
TESTKIT=$2
WORK=$3
TOOL=${4:-}  # a further helper program, for the scripts that need one
rm -rf "$WORK" && mkdir -p "$WORK/in" && cd "$WORK" || exit 3
"$TESTKIT" images in || { echo "testkit images failed"; exit 3; }
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi
  echo "all passed"; exit 0
}

# Runs deblur; sets RC and ERR (its stderr) and OUT (its stdout).
run() {
  OUT=$("$DEBLUR" "$@" 2>"$WORK/stderr.txt"); RC=$?
  ERR=$(cat "$WORK/stderr.txt")
}

# Checksums of every file under the work folder (except our own stderr capture).
snapshot() { find "$WORK" -type f ! -name stderr.txt -print0 | sort -z | xargs -0 sha256sum; }

# Solver settings for tests that act on a running solve (keys, window close, Ctrl-C): it iterates
# until stopped, however fast the solver becomes, so those actions always land mid-run.
UNTIL_STOPPED=(--set run.iterations=10000 --set run.tolerance=0)

# Prints the start of a script for xvfb-run: it launches `deblur in/clock.png --preview` iterating
# until stopped (pid in $pid, stderr in deblur.log, trace.csv) and waits until 3 iterations are traced.
# rows() counts them. The caller appends what it does to the running solve.
preview_run_prelude() {
  cat <<PRELUDE
rows() { echo \$((\$(wc -l < trace.csv 2>/dev/null || echo 1) - 1)); }
"$DEBLUR" in/clock.png ${UNTIL_STOPPED[*]} -o out.png --preview --trace trace.csv 2> deblur.log &
pid=\$!
for _ in \$(seq 300); do [ "\$(rows)" -ge 3 ] && break; kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
PRELUDE
}
