#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# schema-reach.sh - the grammar tables accept exactly the elements, attributes and
# enumerated values libvirt's snapshot and checkpoint schemas reach outside the embedded
# domain, compared by parent/child pairs: tests/dump_tables.c prints the tables' set,
# tests/schema-reach.py the schemas' (libvirt 12.8.0's, found and checked as
# tests/conformance.sh does), and every difference is printed as what a table lacks or
# has extra, unless tests/schema-reach.known lists it with its reason.  A schema update
# shows this way what to touch in src/gtables.c.
# Usage: tests/schema-reach.sh path/to/dump_tables
set -u
dump=$1
. tests/lib.sh
require schema-reach python3 python3
find_schemas schema-reach
known=tests/schema-reach.known
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# compare SCHEMA TABLES KNOWN: prints each difference KNOWN does not list (what the
# tables lack, then what they have extra), and each line of KNOWN that is no longer a
# difference; its status is 1 when it printed anything.
compare() {
	LC_ALL=C sort -u "$1" >"$tmp/s"
	LC_ALL=C sort -u "$2" >"$tmp/t"
	{
		LC_ALL=C comm -23 "$tmp/s" "$tmp/t" | sed 's/^/lacks /'
		LC_ALL=C comm -13 "$tmp/s" "$tmp/t" | sed 's/^/extra /'
	} >"$tmp/diff"
	sed -e 's/[[:space:]]*#.*//' -e '/^$/d' "$3" >"$tmp/known"
	grep -vxF -f "$tmp/known" "$tmp/diff" | sed -e 's/^lacks /the tables lack: /' \
		-e 's/^extra /the tables have extra: /' >"$tmp/report"
	grep -vxF -f "$tmp/diff" "$tmp/known" | sed "s|^|listed in $3 but no longer different: |" >>"$tmp/report"
	cat "$tmp/report"
	[ ! -s "$tmp/report" ]
}

python3 tests/schema-reach.py "$schemas" >"$tmp/schema.txt" || exit 1
"$dump" >"$tmp/tables.txt" || exit 1
n=$(LC_ALL=C sort -u "$tmp/schema.txt" | wc -l)
if [ "$n" -gt 200 ] && compare "$tmp/schema.txt" "$tmp/tables.txt" "$known"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: the tables and the schemas differ (above), or the schemas reach only $n facts"
fi

# Every release in ../shared/schemas: its reachable set against the tables filtered by
# that target (dump_tables RELEASE), with the differences tests/schema-reach-target.known
# lists for it ("RELEASE lacks|extra LINE  # why").
for dir in $(ls -d ../shared/schemas/libvirt-* 2>/dev/null | sort -t- -k2 -V); do
	v=${dir##*/libvirt-}
	python3 tests/schema-reach.py "$dir" >"$tmp/schema.$v" || exit 1
	"$dump" "$v" >"$tmp/tables.$v" || exit 1
	sed -n "s/^$v //p" tests/schema-reach-target.known >"$tmp/known.$v"
	if compare "$tmp/schema.$v" "$tmp/tables.$v" "$tmp/known.$v"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: at libvirt $v, the tables filtered by the target and the schemas differ (above)"
	fi
done

# The comparison can fail: the schemas' own set without one value and with one attribute too many
# gives exactly these lines; a known difference is not reported, a stale one is.
grep -v '^snapshot value domainsnapshot/memory snapshot external$' "$tmp/schema.txt" >"$tmp/broken.txt"
echo 'snapshot attr domainsnapshot/memory bogus' >>"$tmp/broken.txt"
printf '%s\n' '# a comment' 'extra snapshot attr domainsnapshot/memory bogus   # listed' \
	'lacks checkpoint child - nothing  # stale' >"$tmp/known.txt"
self_test() {
	got=$(compare "$tmp/schema.txt" "$tmp/broken.txt" "$1"; echo "status $?")
	if [ "$got" = "$2" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL: a broken table is not reported as expected:\n%s\n' "$got"
	fi
}
self_test /dev/null "the tables lack: snapshot value domainsnapshot/memory snapshot external
the tables have extra: snapshot attr domainsnapshot/memory bogus
status 1"
self_test "$tmp/known.txt" "the tables lack: snapshot value domainsnapshot/memory snapshot external
listed in $tmp/known.txt but no longer different: lacks checkpoint child - nothing
status 1"
echo "schema-reach: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
