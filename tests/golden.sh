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
	# a fixture that needs options has them in NAME.options beside it, one a line as on
	# the command line (empty lines and lines starting with # ignored); check_core.c
	# reads the same file
	set --
	if [ -f "${xml%.xml}.options" ]; then
		while IFS= read -r opt || [ -n "$opt" ]; do
			case $opt in '' | '#'*) continue ;; esac
			set -- "$@" "$opt"
		done <"${xml%.xml}.options"
	fi
	"$bin" -q "$@" "$xml" >"$tmp" 2>&1
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
# every sidecar belongs to a fixture, and no fixture keeps options on its first line,
# where nothing reads them any more
for side in $(find fixtures -name '*.options' | LC_ALL=C sort); do
	if [ -f "${side%.options}.xml" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $side has no ${side%.options}.xml beside it"
	fi
done
for xml in $(grep -rl --include='*.xml' '; options: ' fixtures | LC_ALL=C sort); do
	fail=$((fail + 1))
	echo "FAIL: $xml has options on its first line; move them to ${xml%.xml}.options"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
