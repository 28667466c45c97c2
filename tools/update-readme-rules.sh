#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# update-readme-rules.sh - regenerates the generated tables of README.md from the
# catalogue: the rule table between the rules-table markers (`snaplint
# --list-rules=markdown`) and the table of what differs by libvirt release between the
# releases-table markers (`snaplint --explain=releases`: rules/releases.def and the
# grammar's `since` fields).  With --check, only reports (exit 1) whether the README is
# out of date.
# Usage: tools/update-readme-rules.sh path/to/snaplint [--check]
set -eu
bin=$1
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.rules" "$tmp.releases" "$tmp.step"' EXIT
"$bin" --list-rules=markdown > "$tmp.rules"
"$bin" --explain=releases > "$tmp.releases"
# splice MARKER TABLE IN OUT: the lines between <!-- MARKER:begin and <!-- MARKER:end
# replaced by TABLE
splice() {
	awk -v marker="$1" -v table="$2" '
		index($0, "<!-- " marker ":begin") == 1 { print; while ((getline line < table) > 0) print line; skip = 1; next }
		index($0, "<!-- " marker ":end") == 1 { skip = 0 }
		!skip { print }
	' "$3" > "$4"
}
splice rules-table "$tmp.rules" README.md "$tmp.step"
splice releases-table "$tmp.releases" "$tmp.step" "$tmp"
if [ "${2:-}" = --check ]; then
	for marker in rules-table releases-table; do
		if ! grep -q "^<!-- $marker:begin" README.md; then
			echo "README.md has no $marker markers"
			echo "readme: 0 passed, 1 failed"
			exit 1
		fi
	done
	if cmp -s "$tmp" README.md; then
		echo "readme: 1 passed, 0 failed"
	else
		echo "README.md's generated tables are out of date: run 'make readme'"
		echo "readme: 0 passed, 1 failed"
		exit 1
	fi
else
	cp "$tmp" README.md
fi
