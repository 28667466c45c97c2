#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-data.sh - src/dg_data.c (XSD datatypes and facets) must give libxml2's verdict, as
# `xmllint --relaxng` reaches it, on every value tests/dg-data.py makes for every (type,
# facets) combination of the schemas in ../shared/schemas/libvirt-*, every type dg_data
# knows and combinations of our own, fed whole, byte by byte and split at every
# position; and its NCName tables must be what libxml2 prints.  Without those schemas
# the schemas' combinations are left out and one SKIP line says so; without python3 or
# libxml2's headers the test is skipped.  In CI (CI=true) each is a failure instead.
# Usage: tests/dg-data.sh [BUILD_DIR] [CC and CFLAGS]
set -u
build=${1:-build}
cc=${2:-cc -std=c11 -O2 -Isrc}
root=${DG_SCHEMAS:-../shared/schemas}
. tests/lib.sh
require "dg-data" python3 python3
libxml2_reference dg-data "only dg_data's own types and facet combinations are checked"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
python3 tests/dg-data.py --ref "$build/xmlregex_ref" --cc "$cc" --work "$tmp" $dirs
