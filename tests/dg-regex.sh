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
if ! pkg-config --exists libxml-2.0; then
	[ "${CI:-}" = true ] && { echo "dg-regex: libxml2's headers are missing (libxml2-dev), and CI must run this test" >&2; exit 1; }
	echo "SKIP: dg-regex needs libxml2's headers (install libxml2-dev)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$build"
# shellcheck disable=SC2086
$cc $(pkg-config --cflags libxml-2.0) -o "$build/xmlregex_ref" tests/xmlregex_ref.c \
	$(pkg-config --libs libxml-2.0) || exit 1
dirs=$(ls -d "$root"/libvirt-*/ 2>/dev/null)
if [ -z "$dirs" ]; then
	if [ "${CI:-}" = true ]; then
		echo "dg-regex: FAIL: no libvirt schemas in $root (CI must run this test)" >&2
		exit 1
	fi
	echo "SKIP: dg-regex: no libvirt schemas in $root: the schemas' patterns are not checked, only the hand-made ones"
fi
# shellcheck disable=SC2086
python3 tests/dg-regex.py --ref "$build/xmlregex_ref" --cc "$cc" --work "$tmp" $dirs
