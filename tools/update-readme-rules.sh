#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# update-readme-rules.sh - regenerates the rule table between the rules-table markers of
# README.md from the catalogue (`snaplint --list-rules=markdown`).  With --check, only
# reports (exit 1) whether the README is out of date.
# Usage: tools/update-readme-rules.sh path/to/snaplint [--check]
set -eu
bin=$1
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.table"' EXIT
"$bin" --list-rules=markdown > "$tmp.table"
awk -v table="$tmp.table" '
	/<!-- rules-table:begin/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
	/<!-- rules-table:end/ { skip = 0 }
	!skip { print }
' README.md > "$tmp"
if [ "${2:-}" = --check ]; then
	if cmp -s "$tmp" README.md; then
		echo "readme: 1 passed, 0 failed"
	else
		echo "README.md's rule table is out of date: run 'make readme'"
		echo "readme: 0 passed, 1 failed"
		exit 1
	fi
else
	cp "$tmp" README.md
fi
