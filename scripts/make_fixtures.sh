#!/usr/bin/env bash
# Regenerates the gradient fixtures in tests/data/fixtures with GNU Octave (see the README there).
set -euo pipefail
cd "$(dirname "$0")/../tests/data/fixtures"
octave-cli make_fixtures.m
