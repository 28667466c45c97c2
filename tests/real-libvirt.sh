#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# real-libvirt.sh - documents produced now by libvirt itself (the test driver of
# `virsh -c test:///default`, see tests/libvirt-docs.sh) must come out of snaplint with
# no error and no grammar-layer warning.  Outside CI a missing virsh skips the test (and says so).
# Usage: tests/real-libvirt.sh path/to/snaplint
set -u
bin=$1
. tests/lib.sh
require real-libvirt virsh "libvirt-clients libvirt-daemon"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! bash tests/libvirt-docs.sh "$out" >"$out.log" 2>&1; then
	cat "$out.log"; rm -f "$out.log"
	echo "real-libvirt: generating documents with virsh failed" >&2
	exit 1
fi
rm -f "$out.log"
n=$(find "$out" -name '*.xml' | wc -l)
if [ "$n" -lt 5 ]; then
	echo "real-libvirt: only $n documents were produced" >&2
	exit 1
fi
# No error at all, and not even a warning from the grammar layers (xml, schema: a
# false positive of the domain grammar would show there); libvirt-level advice is allowed, e.g.
# SL311 for a checkpoint dumped with --no-domain.
pass=0 fail=0
for f in $(find "$out" -name '*.xml' | LC_ALL=C sort); do
	report=$("$bin" -q --format=gcc "$f" 2>&1); status=$?
	if [ "$status" -eq 0 ] && ! printf '%s\n' "$report" | grep -q ': error: \|\[SL[12][0-9][0-9] '; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL (exit $status): $(basename "$f")"; echo "$report" | head -20
	fi
done
echo "real-libvirt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
