#!/usr/bin/env bash
# The .deb that `cpack -G DEB` makes passes lintian without errors or warnings, and installs no file
# that looks read but is not (the default configuration goes to the documentation's examples).
#   package.sh BUILD_DIR WORKDIR
set -uo pipefail
build=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 3
cpack -G DEB -B "$work" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$work"/*.deb)
failures=0
report=$(lintian "$deb" 2>&1 | grep -E '^[EW]: ')
if [ -z "$report" ]; then echo "ok: lintian: no errors or warnings"; else echo "FAIL: lintian:"; echo "$report"; failures=$((failures + 1)); fi
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for want in ./usr/bin/deblur ./usr/share/man/man1/deblur.1.gz ./usr/share/doc/deblur/copyright ./usr/share/doc/deblur/examples/config.toml; do
  grep -qxF "$want" <<<"$files" && echo "ok: $want" || { echo "FAIL: missing $want"; failures=$((failures + 1)); }
done
! grep -q '^./usr/share/deblur/' <<<"$files" && echo "ok: nothing in /usr/share/deblur" || { echo "FAIL: /usr/share/deblur installed"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] && echo "all passed" || { echo "$failures failure(s)"; exit 1; }
