#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# golden.sh - runs the snaplint binary over every fixture and compares its text output
# and exit status with fixtures/**/NAME.expected (the output of `snaplint -q NAME.xml`
# followed by a line "exit N").  REGENERATE=1 rewrites the expected files instead:
# review the diff before committing it.
# Usage: tests/golden.sh path/to/snaplint
set -u
bin=$1
pass=0 fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# fixtures/tree/CASE/ are directories checked as a whole (CASE.expected beside them);
# every other fixture is one file
for xml in $(find fixtures -name '*.xml' -not -path 'fixtures/tree/*' | LC_ALL=C sort) \
	$(find fixtures/tree -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort); do
	want=${xml%.xml}.expected
	# a fixture that needs options says so on its first line: <!-- ...; options: ... -->
	# (XML comments cannot hold "--": the options are written without their dashes)
	opts=$(head -n 1 "$xml" 2>/dev/null | sed -n 's/.*; options: \(.*\) -->.*/\1/p' | sed 's/[^ ][^ ]*/--&/g')
	# shellcheck disable=SC2086
	"$bin" -q $opts "$xml" >"$tmp" 2>&1
	echo "exit $?" >>"$tmp"
	if [ "${REGENERATE:-}" = 1 ]; then
		cp "$tmp" "$want"
		continue
	fi
	if diff -u "$want" "$tmp" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $xml"
		diff -u "$want" "$tmp" | head -40
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
