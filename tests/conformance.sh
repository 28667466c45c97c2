#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# conformance.sh - snaplint's grammar verdict must equal `xmllint --relaxng` with
# libvirt's schemas for every fixture.  The grammar verdict is "invalid" when snaplint
# reports any finding of category xml or schema other than SL103 (encoding advice).
# Fixtures listed in fixtures/conformance-exceptions.txt differ on purpose (each line
# says why) and are compared the other way round: they must differ.
# Schemas: libvirt 12.8.0's, from $SL_SCHEMA_DIR, else ../shared/schemas/libvirt-12.8.0
# (tests/lib.sh: find_schemas).  Outside CI, missing schemas or a missing xmllint skip the
# test with one SKIP line; in CI they fail it.
# Usage: tests/conformance.sh path/to/snaplint
set -u
bin=$1
. tests/lib.sh
require conformance xmllint libxml2-utils
find_schemas conformance
exceptions=fixtures/conformance-exceptions.txt
pass=0 fail=0
for xml in $(find fixtures -name '*.xml' | LC_ALL=C sort); do
	root=$(sed -n 's/.*<\(domainsnapshot\|domaincheckpoint\)[ >\/].*/\1/p' "$xml" | head -1)
	case $root in
	domainsnapshot) rng=$schemas/domainsnapshot.rng ;;
	domaincheckpoint) rng=$schemas/domaincheckpoint.rng ;;
	*) continue ;;
	esac
	if xmllint --noout --nonet --relaxng "$rng" "$xml" >/dev/null 2>&1; then ref=valid; else ref=invalid; fi
	if "$bin" -q --no-config --no-inline-config --format=gcc "$xml" 2>/dev/null | grep -E '\[SL[12][0-9][0-9] ' | grep -vq '\[SL103 '; then
		ours=invalid
	else
		ours=valid
	fi
	expected_same=true
	grep -q "^${xml#fixtures/} " "$exceptions" 2>/dev/null && expected_same=false
	if { [ "$ref" = "$ours" ] && $expected_same; } || { [ "$ref" != "$ours" ] && ! $expected_same; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "MISMATCH: $xml: xmllint says $ref, snaplint says $ours$($expected_same || echo ' (listed as an exception)')"
	fi
done
echo "conformance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
