#!/usr/bin/env bash
# assets/default.toml is exactly what `deblur --print-config` prints, so it can never go stale; every
# key docs/tuning.md gives evidence for (`section.key` in bold) is one deblur has.
DEBLUR=$1 SOURCE_DIR=$2
failures=0
if diff -u "$SOURCE_DIR/assets/default.toml" <("$DEBLUR" --print-config); then
  echo "assets/default.toml is up to date"
else
  echo "FAIL: assets/default.toml differs from deblur --print-config; regenerate it with:"
  echo "  build/deblur --print-config > assets/default.toml"
  failures=1
fi
keys=$("$DEBLUR" --print-config | awk '/^\[/ { section = substr($1, 2, length($1) - 2) } /^[a-z_]+ = / { print section "." $1 }')
documented=$(grep -o '\*\*`[^`]*`\*\*' "$SOURCE_DIR/docs/tuning.md" | tr -d '*`')
[ -n "$documented" ] || { echo "FAIL: no keys found in docs/tuning.md"; failures=1; }
for key in $documented; do
  grep -qxF "$key" <<<"$keys" || { echo "FAIL: docs/tuning.md names $key, which deblur does not have"; failures=1; }
done
[ "$failures" -eq 0 ] && echo "docs/tuning.md names $(wc -w <<<"$documented") keys, all current" || exit 1
