#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# licence.sh - the licence is stated: COPYING is the LGPL 2.1, and every source file
# the project tracks (C, headers, the catalogue, scripts, the Makefile, the man page)
# carries an SPDX line in its first three lines.
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0
if grep -q "GNU LESSER GENERAL PUBLIC LICENSE" COPYING 2>/dev/null &&
	grep -q "Version 2.1, February 1999" COPYING; then
	pass=$((pass + 1))
else
	echo "FAIL: COPYING is not the LGPL 2.1"; fail=$((fail + 1))
fi
tag="SPDX-License-Identifier: LGPL-2.1-or-later"
for f in $(git ls-files -- '*.c' '*.h' '*.def' '*.sh' '*.py' '*.yaml' '*.1' Makefile .ci/run tools/ 2>/dev/null); do
	case $f in fixtures/* | examples/* | fuzz/corpus/* | tests/libvirt-diff/docs/*) continue ;; esac
	if head -n 3 "$f" | grep -q "$tag"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $f has no '$tag' in its first three lines"; fail=$((fail + 1))
	fi
done
git rev-parse --git-dir >/dev/null 2>&1 || echo "SKIP: licence: not a git checkout, only COPYING checked"
echo "licence: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
