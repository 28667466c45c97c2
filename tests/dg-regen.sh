#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-regen.sh - the committed domain-grammar tables (src/dg/*.c) must be exactly what
# tools/gen-domain-grammar.py writes for the schemas in ../shared/schemas/libvirt-*/
# (make regen SCHEMAS="..." rewrites them).  Without ../shared it prints one SKIP line;
# in CI it fails.
# Usage: tests/dg-regen.sh
set -u
. tests/lib.sh
require dg-regen python3 python3
dirs=$(ls -d ../shared/schemas/libvirt-*/ 2>/dev/null)
[ -n "$dirs" ] || no_schemas dg-regen "needs libvirt's schemas in ../shared/schemas/libvirt-X.Y.Z/"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
if ! python3 tools/gen-domain-grammar.py -o "$tmp" $dirs 2>"$tmp/log"; then
	cat "$tmp/log"
	echo "dg-regen: 0 passed, 1 failed"
	exit 1
fi
ls src/dg/*.c | sed 's|.*/||' | LC_ALL=C sort > "$tmp/committed"
ls "$tmp"/*.c | sed 's|.*/||' | LC_ALL=C sort > "$tmp/made"
fail=0
if ! cmp -s "$tmp/committed" "$tmp/made"; then
	echo "FAIL: dg-regen: the generated file set differs from src/dg/:"
	diff "$tmp/committed" "$tmp/made"
	fail=1
fi
for f in $(cat "$tmp/made"); do
	if ! cmp -s "$tmp/$f" "src/dg/$f"; then
		echo "FAIL: dg-regen: src/dg/$f is not what the generator writes (make regen SCHEMAS=...):"
		diff -u "src/dg/$f" "$tmp/$f" | head -20
		fail=1
	fi
done
echo "dg-regen: $(wc -l < "$tmp/made") files from $(echo $dirs | wc -w) schema versions, $( [ $fail = 0 ] && echo identical || echo DIFFERENT)"
echo "dg-regen: $((1 - fail)) passed, $fail failed"
exit $fail
