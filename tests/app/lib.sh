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
