#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# man.sh - the manual page renders without a groff warning, names every long option
# of --help and the version --version prints.
# Usage: tests/man.sh path/to/snaplint
set -u
. tests/lib.sh
require man groff groff-base
bin=$1 page=man/snaplint.1
pass=0 fail=0
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; }

warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
if [ -z "$warnings" ]; then pass=$((pass + 1)); else ko "groff warns: $warnings"; fi

for opt in $("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	if grep -q -- "$esc" "$page"; then pass=$((pass + 1)); else ko "$opt is not in $page"; fi
done

version=$("$bin" --version | sed -n "s/^snaplint //p")
if grep -q "^\.TH SNAPLINT 1 [0-9-]* \"snaplint $version\"" "$page"; then
	pass=$((pass + 1))
else
	ko "the .TH line does not say snaplint $version"
fi

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
