#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-regex.sh - tools/dg_regex.py's DFAs, run in Python and through src/dg_regex.h, must
# give libxml2's verdict (xmlRegexpExec) on every string tests/dg-regex.py makes for every
# `pattern` of libvirt's schemas in ../shared/schemas/libvirt-* (all versions) and for
# hand-made patterns.  Without those schemas only the hand-made patterns run and one
# SKIP line says so; without python3 or libxml2's headers the test is skipped.  In CI
# (CI=true) each of these is a failure instead.
# Usage: tests/dg-regex.sh [BUILD_DIR] [CC and CFLAGS]
set -u
build=${1:-build}
cc=${2:-cc -std=c11 -O2}
root=${DG_SCHEMAS:-../shared/schemas}
. tests/lib.sh
require "dg-regex" python3 python3
libxml2_reference dg-regex "the schemas' patterns are not checked, only the hand-made ones"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
python3 tests/dg-regex.py --ref "$build/xmlregex_ref" --cc "$cc" --work "$tmp" $dirs
