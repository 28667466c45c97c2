#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# rule-coverage.sh - every rule of the catalogue has its documentation, fires in at
# least one golden fixture, and stays silent in at least one fixture (any fixture whose
# expected output does not mention it).  Rules that no file can trigger are covered by
# the unit tests named below instead.
# Usage: tests/rule-coverage.sh
set -u
# SL106: tests/check_core.c depth test; SL107: unreadable input, SL108: a FIFO, and
# SL307: only with --mode=stored, tests/cli.sh
unit_only="SL106 SL107 SL108 SL307"
pass=0 fail=0
for id in $(sed -n 's/^RULE(\(SL[0-9]*\),.*/\1/p' rules/catalogue.def); do
	if [ ! -s "rules/doc/$id.md" ] || grep -qx 'TODO' "rules/doc/$id.md"; then
		echo "FAIL: $id has no documentation in rules/doc/$id.md"; fail=$((fail + 1)); continue
	fi
	case " $unit_only " in *" $id "*) pass=$((pass + 1)); continue ;; esac
	fires=$(grep -rl "\[$id " fixtures --include='*.expected' | wc -l)
	silent=$(grep -rL "\[$id " fixtures --include='*.expected' | wc -l)
	if [ "$fires" -gt 0 ] && [ "$silent" -gt 0 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: $id fires in $fires fixtures and is silent in $silent"; fail=$((fail + 1))
	fi
done
echo "rule coverage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
