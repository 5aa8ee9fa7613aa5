#!/usr/bin/env bash
# assets/default.toml is exactly what `deblur --print-config` prints, so it can never go stale.
DEBLUR=$1 SOURCE_DIR=$2
if diff -u "$SOURCE_DIR/assets/default.toml" <("$DEBLUR" --print-config); then
  echo "assets/default.toml is up to date"
else
  echo "FAIL: assets/default.toml differs from deblur --print-config; regenerate it with:"
  echo "  build/deblur --print-config > assets/default.toml"
  exit 1
fi
