#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# validity-table.sh - the modern validity table (seeds/000, as libvirt's qemu driver
# applies it today, extended with a read-only disk and cdroms): for every row of
# tests/validity-table.tsv (domain x state x --disk-only x <memory> x the modes of disks
# vda, vdb, vdc and sdb of fixtures/validity/DOMAIN.domain), snaplint must report exactly
# the libvirt rule the row names, or no libvirt finding for '-'.  The table is written
# by tests/validity-model.py, a transcription of the driver kept apart from snaplint;
# this test first checks that the committed table is what the model writes.
# snaplint reports every disk a rule applies to where libvirt stops at the first, so a
# rule is compared once.
#
# tests/validity-table.known lists the rows where snaplint disagrees today, one row key
# (the row's first eight fields joined by ',') and a one-line reason per line.  A
# disagreeing row that is not listed fails, and so does a listed row that agrees (or is
# not in the table): the list only shrinks.  REGENERATE=1 drops the listed rows that
# agree now (or left the table); it never adds one.  Each disagreeing row is printed,
# one line per row: the known ones on stdout, the others (and their documents) on stderr.
# Usage: tests/validity-table.sh path/to/snaplint
set -u
bin=$1
table=tests/validity-table.tsv
known=tests/validity-table.known
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! python3 tests/validity-model.py > "$tmp/model.tsv"; then
	echo "FAIL: tests/validity-model.py did not run" >&2
	exit 1
fi
if ! cmp -s "$tmp/model.tsv" "$table"; then
	echo "FAIL: $table is not what tests/validity-model.py writes:" >&2
	diff -u "$table" "$tmp/model.tsv" | head -20 >&2
	echo "regenerate it: python3 tests/validity-model.py > $table" >&2
	exit 1
fi

# One document per row ($tmp/d/N.xml, N the row's number) and one list of documents
# per snaplint invocation (domain, state, --disk-only).
mkdir "$tmp/d" "$tmp/g"
grep -v '^#' "$table" | awk -F'\t' -v dir="$tmp" '
function disk(name, mode) {
	if (mode == "omit") return ""
	if (mode == "listed") return "<disk name=\x27" name "\x27/>"
	return "<disk name=\x27" name "\x27 snapshot=\x27" mode "\x27/>"
}
{
	f = dir "/d/" NR ".xml"
	mem = $4 == "omit" ? "" : "<memory snapshot=\x27" $4 "\x27/>"
	if ($4 == "external")
		mem = "<memory snapshot=\x27external\x27 file=\x27/var/lib/libvirt/qemu/s1.mem\x27/>"
	disks = disk("vda", $5) disk("vdb", $6) disk("vdc", $7) disk("sdb", $8)
	if (disks != "") disks = "<disks>" disks "</disks>"
	print "<domainsnapshot><name>s1</name>" mem disks "</domainsnapshot>" > f
	close(f)
	g = dir "/g/" $1 " " $2 " " $3
	print f >> g
	close(g)
}'

# snaplint over each list; findings as "N RULE" lines (libvirt rules only).
for g in "$tmp"/g/*; do
	set -- $(basename "$g")
	flag=
	[ "$3" = yes ] && flag=--disk-only
	xargs "$bin" -q --no-config --format=gcc --mode=create \
		--domain-xml="fixtures/validity/$1.domain" --domain-state="$2" $flag < "$g" \
		2>> "$tmp/stderr" >> "$tmp/out"
	rc=$?
	# 123: some snaplint exited 1..125 (1 is findings; 2 and 3 write to stderr)
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 123 ]; then
		echo "FAIL: snaplint over $(basename "$g") stopped with status $rc" >&2
		exit 1
	fi
done
if [ -s "$tmp/stderr" ]; then
	echo "FAIL: snaplint wrote to stderr:" >&2
	head -5 "$tmp/stderr" >&2
	exit 1
fi
sed -n 's|^.*/d/\([0-9]*\)\.xml:.*\[\(SL3[0-9][0-9]\) .*|\1 \2|p' "$tmp/out" | sort -u -k1,1n -k2,2 > "$tmp/got"

# Compare: one result line per row, and the known rows that are not in the table.
grep -v '^#' "$table" | awk -F'\t' -v got="$tmp/got" -v known="$known" -v dir="$tmp" '
BEGIN {
	while ((getline line < got) > 0) {
		split(line, p, " ")
		prev = (p[1] in rules) ? rules[p[1]] " " : ""
		rules[p[1]] = prev p[2]
	}
	while ((getline line < known) > 0) {
		if (line ~ /^#/ || line ~ /^[ \t]*$/) continue
		k = line; sub(/ .*/, "", k)
		r = line; sub(/^[^ ]* */, "", r)
		reason[k] = r
	}
}
{
	key = $1 "," $2 "," $3 "," $4 "," $5 "," $6 "," $7 "," $8
	seen[key] = 1
	have = (NR in rules) ? rules[NR] : "-"
	if (have == $9 && !(key in reason)) {
		print "pass"
	} else if (have == $9) {
		print "fail listed in " known " but agrees now: " key
	} else if (key in reason) {
		print "known disagrees: " key ": snaplint " have ", the driver " $9 " (" reason[key] ")"
	} else {
		doc = dir "/d/" NR ".xml"
		getline text < doc
		close(doc)
		print "fail disagrees: " key ": snaplint " have ", the driver " $9 "; document " text
	}
}
END {
	for (k in reason)
		if (!(k in seen))
			print "fail listed in " known " but not in the table: " k
}' > "$tmp/results"

grep '^known' "$tmp/results"
grep '^fail' "$tmp/results" | sed 's/^fail /FAIL: /' >&2
if [ "${REGENERATE:-}" = 1 ]; then
	sed -n "s|^fail listed in $known but [a-z ]*: ||p" "$tmp/results" > "$tmp/drop"
	awk -v drop="$tmp/drop" 'BEGIN { while ((getline k < drop) > 0) gone[k] = 1 } !($1 in gone)' \
		"$known" > "$tmp/known"
	cp "$tmp/known" "$known"
	echo "validity table: $(wc -l < "$tmp/drop") rows dropped from $known"
fi
rows=$(grep -vc '^#' "$table")
pass=$(grep -c '^pass' "$tmp/results")
knowns=$(grep -c '^known' "$tmp/results")
fail=$(grep -c '^fail' "$tmp/results")
echo "validity table: $pass agree, $knowns known disagreements, $fail failed ($rows rows)"
[ "$fail" -eq 0 ] && [ "$((pass + knowns))" -gt 3000 ]
