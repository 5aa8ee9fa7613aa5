#!/usr/bin/env bash
# The man page (help2man, from --help) shows each example command of --help on a line of its own,
# whole: help2man joins lines that share a paragraph.
#   man_page.sh DEBLUR MAN_PAGE
set -uo pipefail
deblur=$1 page=$2
rendered=$(MANWIDTH=300 man -l "$page" 2>/dev/null | sed 's/^ *//; s/ *$//')
[ -n "$rendered" ] || { echo "FAIL: man -l $page rendered nothing"; exit 1; }
failures=0 examples=0
while IFS= read -r line; do
  examples=$((examples + 1))
  if grep -qxF -- "$line" <<<"$rendered"; then echo "ok: $line"
  else echo "FAIL: not a line of its own in the man page: $line"; failures=$((failures + 1)); fi
done < <("$deblur" --help | sed -n '/^Examples:/,/^Precedence/p' | sed -n 's/^  \(deblur .*\)$/\1/p')
[ "$examples" -ge 5 ] || { echo "FAIL: only $examples examples found in --help"; exit 1; }
[ "$failures" -eq 0 ] && echo "all passed" || { echo "$failures failure(s)"; exit 1; }
