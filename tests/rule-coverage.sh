#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# rule-coverage.sh - every rule of the catalogue has its documentation, fires in at
# least one golden fixture, and has a named silent case in fixtures/silent.list: a
# fixture the golden suite runs whose expected output does not mention the rule.  The
# rules no fixture can trigger name the test file that asserts them instead, for both.
# The list names no unknown rule and each rule once.
# Usage: tests/rule-coverage.sh [catalogue [silent-list]]  (arguments for its own tests)
set -u
catalogue=${1:-rules/catalogue.def}
list=${2:-fixtures/silent.list}
pass=0 fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
rules=$(sed -n 's/^RULE(\(SL[0-9]*\), *[A-Z_0-9]*, *\([a-z0-9-]*\),.*/\1 \2/p' "$catalogue")
entries=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")

# A golden case: NAME.xml outside fixtures/tree/, or a directory fixtures/tree/CASE,
# with its .expected beside it ($1 the path; prints the .expected file).
golden_case() {
	case $1 in
	fixtures/tree/*/*) return 1 ;;
	fixtures/tree/*) [ -d "$1" ] && [ -f "$1.expected" ] && echo "$1.expected" ;;
	fixtures/*.xml) [ -f "$1" ] && [ -f "${1%.xml}.expected" ] && echo "${1%.xml}.expected" ;;
	*) return 1 ;;
	esac
}

# $1 id, $2 name, $3 the silent case named in the list
check_silent() {
	case $3 in
	tests/*)
		if grep -qF "[$1 $2]" "$3" 2>/dev/null; then
			pass=$((pass + 1))
		else
			bad "$1: $3 asserts no '[$1 $2]'"
		fi
		return ;;
	esac
	if ! want=$(golden_case "$3"); then
		bad "$1: $3 is not a fixture the golden suite runs (NAME.xml or fixtures/tree/CASE with its .expected)"
	elif grep -q "\[$1 " "$want"; then
		bad "$1: its silent case $3 reports it ($want)"
	else
		pass=$((pass + 1))
	fi
}

for id in $(echo "$rules" | cut -d' ' -f1); do
	name=$(echo "$rules" | sed -n "s/^$id //p")
	if [ ! -s "rules/doc/$id.md" ] || grep -qx 'TODO' "rules/doc/$id.md"; then
		bad "$id has no documentation in rules/doc/$id.md"; continue
	fi
	silent=$(echo "$entries" | awk -v id="$id" '$1 == id { print $2 }')
	case $(echo "$silent" | grep -c .) in
	0) bad "$id has no silent case in $list"; continue ;;
	1) ;;
	*) bad "$id has more than one silent case in $list"; continue ;;
	esac
	case $silent in
	tests/*) check_silent "$id" "$name" "$silent"; continue ;; # fires there too
	esac
	fires=$(grep -rl "\[$id " fixtures --include='*.expected' | wc -l)
	if [ "$fires" -eq 0 ]; then
		bad "$id fires in no fixture"; continue
	fi
	check_silent "$id" "$name" "$silent"
done
for id in $(echo "$entries" | awk '{ print $1 }'); do
	echo "$rules" | grep -q "^$id " || bad "$list names $id, which is not in $catalogue"
done

# The check itself can fail: a broken copy of the list gives exactly these failures.
if [ $# -eq 0 ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	sed -e '/^SL301 /d' \
		-e 's|^SL202 .*|SL202 fixtures/schema/duplicate-name.xml|' \
		-e 's|^SL203 .*|SL203 fixtures/tree/clean-chain/s1.xml|' \
		-e 's|^SL106 .*|SL106 tests/licence.sh|' "$list" >"$tmp/list"
	grep '^SL204 ' "$list" >>"$tmp/list"
	echo 'SL999 fixtures/valid/minimal-empty.xml  # no such rule' >>"$tmp/list"
	sh "$0" "$catalogue" "$tmp/list" >"$tmp/out"
	echo "exit $?" >>"$tmp/out"
	cat >"$tmp/want" <<-WANT
	FAIL: SL106: tests/licence.sh asserts no '[SL106 xml-limit]'
	FAIL: SL202: its silent case fixtures/schema/duplicate-name.xml reports it (fixtures/schema/duplicate-name.expected)
	FAIL: SL203: fixtures/tree/clean-chain/s1.xml is not a fixture the golden suite runs (NAME.xml or fixtures/tree/CASE with its .expected)
	FAIL: SL204 has more than one silent case in $tmp/list
	FAIL: SL301 has no silent case in $tmp/list
	FAIL: $tmp/list names SL999, which is not in $catalogue
	rule coverage: $(($(echo "$rules" | wc -l) - 5)) passed, 6 failed
	exit 1
	WANT
	if diff -u "$tmp/want" "$tmp/out"; then
		pass=$((pass + 1))
	else
		bad "a broken silent list is not reported as expected (diff above)"
	fi
fi
# The version-dependent rules (rules/releases.def): each rule's ranges are in order,
# do not overlap and cover 9.0 to 12.8; its rules/doc page names every range; and two
# fixtures that differ only in --target-libvirt (same document, same other options) show
# the rule firing at one target and silent at the other.  $1: the releases file; prints
# one FAIL line per problem and the number of rules checked.
check_releases() {
	sed -n 's/^RANGE(\(SL[0-9]*\), *[A-Z_0-9]*, *"\([0-9.]*\)", *"\([0-9.]*\)".*/\1 \2 \3/p' "$1" | awk '
		function num(v,  p) { split(v, p, "."); return p[1] * 1000 + p[2] }
		$1 != id { if (id != "" && last != 12008) print "FAIL: " id "'"'"'s ranges end at " to " (not 12.8)"
		           id = $1; to = ""; if (num($2) != 9000) print "FAIL: " id "'"'"'s ranges start at " $2 " (not 9.0)"
		           print "RULE " id }
		id == $1 && to != "" && num($2) <= num(to) { print "FAIL: " id ": range " $2 "-" $3 " overlaps or precedes " to }
		num($3) < num($2) { print "FAIL: " id ": range " $2 "-" $3 " ends before it starts" }
		{ to = $3; last = num($3); print "RANGE " id " " $2 "-" $3 }
		END { if (id != "" && last != 12008) print "FAIL: " id "'"'"'s ranges end at " to " (not 12.8)" }'
}
if [ $# -eq 0 ]; then
	ranged=$(check_releases rules/releases.def)
	echo "$ranged" | sed -n 's/^FAIL: /FAIL: rules\/releases.def: /p'
	fail=$((fail + $(echo "$ranged" | grep -c '^FAIL:')))
	for range in $(echo "$ranged" | sed -n 's/^RANGE \(SL[0-9]*\) \(.*\)/\1:\2/p'); do
		id=${range%%:*}
		if grep -qF -- "${range#*:}" "rules/doc/$id.md"; then pass=$((pass + 1)); else bad "rules/doc/$id.md does not name its range ${range#*:}"; fi
	done
	for id in $(echo "$ranged" | sed -n 's/^RULE //p'); do
		pair=
		for f in $(grep -rl --include='*.options' -e '--target-libvirt=' fixtures); do
			grep -q "\[$id " "${f%.options}.expected" 2>/dev/null || continue
			for g in "$(dirname "$f")"/*.options; do
				[ "$g" != "$f" ] && grep -q -- '--target-libvirt=' "$g" || continue
				grep -q "\[$id " "${g%.options}.expected" 2>/dev/null && continue
				[ "$(grep -v -- '--target-libvirt=' "$f")" = "$(grep -v -- '--target-libvirt=' "$g")" ] || continue
				[ "$(sed 1d "${f%.options}.xml")" = "$(sed 1d "${g%.options}.xml")" ] || continue
				pair="$f $g" && break 2
			done
		done
		if [ -n "$pair" ]; then pass=$((pass + 1)); else bad "$id: no two fixtures differing only in --target-libvirt, one where it fires and one where it is silent"; fi
	done
	# ... and the check can fail: a range that overlaps, a gap at the end.
	printf '%s\n' 'RANGE(SL999, A, "9.0", "9.8", "", "")' 'RANGE(SL999, B, "9.5", "11.2", "", "")' \
		'RANGE(SL998, C, "9.1", "12.8", "", "")' >"$tmp/releases"
	want="FAIL: SL999: range 9.5-11.2 overlaps or precedes 9.8
FAIL: SL999's ranges end at 11.2 (not 12.8)
FAIL: SL998's ranges start at 9.1 (not 9.0)"
	if [ "$(check_releases "$tmp/releases" | grep '^FAIL')" = "$want" ]; then pass=$((pass + 1)); else bad "a broken release table is not reported as expected"; fi
fi
echo "rule coverage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
