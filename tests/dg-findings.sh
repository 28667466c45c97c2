#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-findings.sh - the generated tier's findings, exactly: build/dg_validate --findings on
# tests/dg-findings/*.xml (our own small documents) must print tests/dg-findings.expected
# (rule, line:column of the start tag, attribute or text, message, hint; exit status per
# file), the same at chunk sizes 1 and 3; under a small memory cap one SL106 where it is
# reached and nothing after it (tests/dg-findings-cap.expected); text over the 1 MiB value
# limit at its first non-whitespace character, or at its element when it is all whitespace;
# the version switch changes verdicts (<pstore>
# is new since 9.0.0) and refuses an unknown version.  When ../shared holds the 12.8.0
# schemas and xmllint is installed, each document's verdict must also equal xmllint's.
# REGENERATE=1 rewrites the expected file (review the diff).
# Usage: tests/dg-findings.sh path/to/dg_validate
set -u
bin=$1
dir=tests/dg-findings
expected=tests/dg-findings.expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
run_all() {
	for f in "$dir"/*.xml; do
		"$bin" --findings "$@" "$f"
		echo "$f: exit $?"
	done
}
run_all > "$tmp/out"
# the memory cap: one SL106 where it is reached, nothing after it in that document
cap_run() {
	"$bin" --findings --cap=61400 "$dir/mixed-errors.xml" "$dir/pstore-12.xml" "$dir/checkpoint-ok.xml"
	echo "exit $?"
}
cap_run > "$tmp/cap"
if [ "${REGENERATE:-}" = 1 ]; then
	cp "$tmp/out" "$expected"
	cp "$tmp/cap" tests/dg-findings-cap.expected
	echo "dg-findings: $expected and tests/dg-findings-cap.expected rewritten"
fi
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: dg-findings: $1"; }
if diff -u "$expected" "$tmp/out"; then ok; else ko "findings differ from $expected"; fi
if diff -u tests/dg-findings-cap.expected "$tmp/cap"; then ok; else ko "findings under --cap=61400 differ"; fi
for c in 1 3; do
	run_all --chunk=$c > "$tmp/chunk"
	if cmp -s "$tmp/out" "$tmp/chunk"; then ok; else ko "findings differ at chunk size $c"; diff "$tmp/out" "$tmp/chunk" | head; fi
done
# every element name with one hash: the engine's name slots must check the name itself
run_all --same-hash > "$tmp/same"
if cmp -s "$tmp/out" "$tmp/same"; then ok; else ko "findings differ with --same-hash"; diff "$tmp/out" "$tmp/same" | head; fi
out=$("$bin" --version=9.0.0 "$dir/pstore-12.xml"); st=$?
[ $st = 1 ] && [ "$out" = "$dir/pstore-12.xml: invalid: 8:5: element <pstore> is not allowed in <devices>" ] && ok || ko "9.0.0 pstore: $st $out"
out=$("$bin" --version=12.8.0 "$dir/pstore-12.xml"); st=$?
[ $st = 0 ] && [ "$out" = "$dir/pstore-12.xml: valid" ] && ok || ko "12.8.0 pstore: $st $out"
out=$("$bin" --version=1.2.3 "$dir/pstore-12.xml" 2>&1); st=$?
[ $st = 2 ] && [ "$out" = "dg_validate: no grammar for libvirt 1.2.3" ] && ok || ko "unknown version: $st $out"
# text over the 1 MiB value limit: its position is its first non-whitespace character,
# or, when it is all whitespace, the element's start tag (the engine asks for a text's
# position only when non-whitespace text comes); the same at chunk size 7
bigtext() { # bigtext FILE TAIL: <name> holding 1,100,000 spaces, then TAIL
	{ printf "<domain type='kvm'>\n  <name>"; head -c 1100000 /dev/zero | tr '\0' ' '
	  printf "%s</name>\n  <memory>1024</memory>\n  <os><type>hvm</type></os>\n</domain>\n" "$2"; } > "$1"
}
bigtext "$tmp/ws.xml" ""
bigtext "$tmp/wsx.xml" "x"
lim="SL106 text longer than 1 MiB in a value or datatype of the domain; not checked"
for c in 65536 7; do
	out=$("$bin" --findings --chunk=$c "$tmp/ws.xml"); st=$?
	[ $st = 1 ] && [ "$out" = "$tmp/ws.xml:2:3: $lim" ] && ok || ko "all-whitespace text over the limit (chunk $c): $st $out"
	out=$("$bin" --findings --chunk=$c "$tmp/wsx.xml" | head -n 1)
	[ "$out" = "$tmp/wsx.xml:2:1100009: $lim" ] && ok || ko "text over the limit (chunk $c): $out"
done
schemas=../shared/schemas/libvirt-12.8.0
if [ -f "$schemas/domain.rng" ] && command -v xmllint >/dev/null; then
	for f in "$dir"/*.xml; do
		root=$(sed -n 's/.*<\(domainsnapshot\|domaincheckpoint\)[ >].*/\1/p' "$f" | head -1)
		if xmllint --noout --nonet --relaxng "$schemas/${root:-domain}.rng" "$f" >/dev/null 2>&1; then ref=valid; else ref=invalid; fi
		ours=$("$bin" "$f" | sed 's/^[^ ]*: \(valid\|invalid\).*/\1/')
		[ "$ref" = "$ours" ] && ok || ko "$f: xmllint says $ref, dg_validate $ours"
	done
elif [ "${CI:-}" = true ]; then
	ko "CI needs ../shared/schemas/libvirt-12.8.0 and xmllint for the verdict comparison"
else
	echo "SKIP: dg-findings: verdicts against xmllint need ../shared/schemas/libvirt-12.8.0 and xmllint"
fi
echo "dg-findings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
