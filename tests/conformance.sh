#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# conformance.sh - snaplint's grammar verdict must equal `xmllint --relaxng` with
# libvirt's schemas for every fixture.  The grammar verdict is "invalid" when snaplint
# reports any finding of category xml or schema other than SL103 (encoding advice).
# Fixtures listed in fixtures/conformance-exceptions.txt differ on purpose (each line
# says why) and are compared the other way round: they must differ.
#
# Three runs, each where its schemas are:
#  - libvirt 12.8.0 (the default target), every fixture: $SL_SCHEMA_DIR, else
#    ../shared/schemas/libvirt-12.8.0 (checked against tests/schemas-libvirt-12.8.0.sha256);
#  - the installed libvirt (/usr/share/libvirt/schemas, the release `virsh --version`
#    prints: 9.0.0 on Debian 12) with snaplint --target-libvirt=that release, so that a
#    fresh clone without ../shared runs a real check;
#  - every release in ../shared/schemas/libvirt-*, with --target-libvirt=that release,
#    and the table of xmllint's verdicts per release compared with
#    fixtures/conformance-matrix.txt (REGENERATE=1 rewrites it: review the diff).
# The per-release runs take every snapshot and checkpoint fixture, embedded domains
# included (the domain tier follows the target).  fixtures/conformance-target-exceptions.txt
# lists the differences known per release, with the reason; they must differ.
# Outside CI, a run whose schemas or xmllint are missing prints one SKIP line; in CI the
# 12.8.0 and per-release runs are required.
# Usage: tests/conformance.sh path/to/snaplint
set -u
bin=$1
. tests/lib.sh
require conformance xmllint libxml2-utils
exceptions=fixtures/conformance-exceptions.txt
target_exceptions=fixtures/conformance-target-exceptions.txt
matrix=fixtures/conformance-matrix.txt
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# root FILE: domainsnapshot, domaincheckpoint or nothing
root_of() {
	sed -n 's/.*<\(domainsnapshot\|domaincheckpoint\)[ >\/].*/\1/p' "$1" | head -1
}

# verdict REF OURS EXPECTED_SAME FILE LABEL: counts a comparison
verdict() {
	if { [ "$1" = "$2" ] && $3; } || { [ "$1" != "$2" ] && ! $3; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "MISMATCH$5: $4: xmllint says $1, snaplint says $2$($3 || echo ' (listed as an exception)')"
	fi
}

# The 12.8.0 run: every fixture, one by one.
run_default() {
	for xml in $(find fixtures -name '*.xml' | LC_ALL=C sort); do
		case $(root_of "$xml") in
		domainsnapshot) rng=$schemas/domainsnapshot.rng ;;
		domaincheckpoint) rng=$schemas/domaincheckpoint.rng ;;
		*) continue ;;
		esac
		if xmllint --noout --nonet --relaxng "$rng" "$xml" >/dev/null 2>&1; then ref=valid; else ref=invalid; fi
		if "$bin" -q --no-config --no-inline-config --format=gcc "$xml" 2>/dev/null | grep -E '\[SL[12][0-9][0-9] ' | grep -vq '\[SL103 '; then
			ours=invalid
		else
			ours=valid
		fi
		expected_same=true
		grep -q "^${xml#fixtures/} " "$exceptions" 2>/dev/null && expected_same=false
		verdict "$ref" "$ours" "$expected_same" "$xml" ""
	done
}

# The fixtures of the per-release runs, per root.
for xml in $(find fixtures -name '*.xml' | LC_ALL=C sort); do
	r=$(root_of "$xml")
	[ -n "$r" ] || continue
	echo "$xml" >>"$tmp/$r.list"
done

# run_target RELEASE DIR: the per-release run; xmllint's verdicts go to $tmp/ref.RELEASE.
run_target() {
	: >"$tmp/ref.$1"
	for r in domainsnapshot domaincheckpoint; do
		files=$(cat "$tmp/$r.list")
		# xmllint prints "FILE validates" for each valid file (nothing for one that is
		# not well-formed); snaplint's gcc lines start with FILE:
		xmllint --noout --nonet --relaxng "$2/$r.rng" $files 2>&1 | sed -n 's/ validates$//p' >"$tmp/valid"
		"$bin" -q --no-config --no-inline-config --format=gcc --target-libvirt="$1" $files 2>/dev/null |
			grep -E '\[SL[12][0-9][0-9] ' | grep -v '\[SL103 ' | cut -d: -f1 | sort -u >"$tmp/invalid"
		# one awk pass: each file's two verdicts, whether an exception lists it, the counts
		sed -n 's/^\([^# ][^ ]*\) .*/fixtures\/\1/p' "$exceptions" >"$tmp/except"
		sed -n "s/^$1 \\([^ ]*\\) .*/fixtures\\/\\1/p" "$target_exceptions" >>"$tmp/except"
		awk -v at=" at $1" -v out="$tmp/ref.$1" '
			FILENAME == ARGV[1] { valid[$0] = 1; next }
			FILENAME == ARGV[2] { invalid[$0] = 1; next }
			FILENAME == ARGV[3] { except[$0] = 1; next }
			{
				ref = ($0 in valid) ? "valid" : "invalid"
				ours = ($0 in invalid) ? "invalid" : "valid"
				print $0, ref >> out
				if ((ref == ours) != ($0 in except)) { pass++; next }
				fail++
				printf "MISMATCH%s: %s: xmllint says %s, snaplint says %s%s\n", at, $0, ref, ours,
					($0 in except) ? " (listed as an exception)" : ""
			}
			END { print pass + 0, fail + 0 > "/dev/stderr" }' \
			"$tmp/valid" "$tmp/invalid" "$tmp/except" "$tmp/$r.list" 2>"$tmp/counts"
		read -r p f <"$tmp/counts"
		pass=$((pass + p)) fail=$((fail + f))
	done
}

# 1. libvirt 12.8.0, as the README's test command finds it
schemas=${SL_SCHEMA_DIR:-}
[ -n "$schemas" ] || { [ -d ../shared/schemas/libvirt-12.8.0 ] && schemas=../shared/schemas/libvirt-12.8.0; }
how="set SL_SCHEMA_DIR to libvirt 12.8.0's src/conf/schemas (or put it in ../shared/schemas/libvirt-12.8.0) and run make check"
if [ -n "$schemas" ] && [ -d "$schemas" ] && (cd "$schemas" && grep -v '^#' "$OLDPWD/tests/schemas-libvirt-12.8.0.sha256" |
	sha256sum -c --quiet --status - 2>/dev/null); then
	schemas=$(cd "$schemas" && pwd)
	echo "conformance: libvirt 12.8.0 schemas from $schemas"
	run_default
elif [ "${CI:-}" = true ]; then
	echo "conformance: FAIL: no libvirt 12.8.0 schemas: $how (CI must run this test)" >&2
	fail=$((fail + 1))
else
	echo "SKIP: conformance (12.8.0): needs libvirt 12.8.0's RELAX NG schemas, which are not here: $how"
fi

# 2. the installed libvirt's schemas, with snaplint targeting that release
installed=/usr/share/libvirt/schemas
release=$(virsh --version 2>/dev/null)
if [ -f "$installed/domainsnapshot.rng" ] && [ -n "$release" ] &&
	"$bin" --no-config --target-libvirt="$release" --print-config x.xml >/dev/null 2>&1; then
	echo "conformance: the installed libvirt $release's schemas from $installed, --target-libvirt=$release"
	run_target "$release" "$installed"
else
	echo "SKIP: conformance (installed): no libvirt schemas in $installed, or virsh --version ('$release') is not a release snaplint knows (install libvirt-daemon and libvirt-clients)"
fi

# 3. every release in ../shared/schemas, and the verdict matrix
releases=
for dir in $(ls -d ../shared/schemas/libvirt-* 2>/dev/null | sort -t- -k2 -V); do
	v=${dir##*/libvirt-}
	echo "conformance: libvirt $v's schemas from $dir, --target-libvirt=$v"
	run_target "$v" "$dir"
	releases="$releases $v"
done
if [ -z "$releases" ]; then
	[ "${CI:-}" = true ] && { echo "conformance: FAIL: no ../shared/schemas/libvirt-* (CI must run the per-release runs)" >&2; fail=$((fail + 1)); }
	[ "${CI:-}" = true ] || echo "SKIP: conformance (per release): no ../shared/schemas/libvirt-* here"
else
	{
		echo "# xmllint's verdict per release (V valid, I invalid) for the per-release runs of"
		echo "# tests/conformance.sh; snaplint --target-libvirt=RELEASE agrees, except where"
		echo "# fixtures/conformance-target-exceptions.txt says.  REGENERATE=1 rewrites it."
		echo "# fixture$releases"
		cat "$tmp/domainsnapshot.list" "$tmp/domaincheckpoint.list" | LC_ALL=C sort >"$tmp/all.list"
		awk -v releases="$releases" -v dir="$tmp" '
			BEGIN { n = split(releases, rel, " ")
				for (i = 1; i <= n; i++)
					while ((getline line < (dir "/ref." rel[i])) > 0) {
						split(line, f, " "); v[i, f[1]] = (f[2] == "valid") ? "V" : "I" } }
			{ line = substr($0, 10)
			  for (i = 1; i <= n; i++) line = line " " v[i, $0]
			  print line }' "$tmp/all.list"
	} >"$tmp/matrix"
	if [ "${REGENERATE:-}" = 1 ]; then
		cp "$tmp/matrix" "$matrix"
	elif diff -u "$matrix" "$tmp/matrix" >"$tmp/matrix.diff"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "MISMATCH: the verdict matrix differs from $matrix (REGENERATE=1 rewrites it):"
		head -40 "$tmp/matrix.diff"
	fi
fi
echo "conformance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
