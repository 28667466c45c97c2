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
echo "rule coverage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
