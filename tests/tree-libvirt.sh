#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tree-libvirt.sh - a metadata directory made of real libvirt documents: the snapshot
# chain s1 <- s2 <- s3 <- s4 and the checkpoint chain c1 <- c2 <- c3 dumped by
# `virsh -c test:///default` (tests/libvirt-docs.sh), stored as libvirt names them
# (NAME.xml, with <active> as in libvirt's own metadata), must be clean.  Then one
# parent is deleted, a cycle introduced and a second snapshot marked current: exactly
# those three findings, at their positions, must come out.
# Outside CI a missing virsh skips the test (and says so).
# Usage: tests/tree-libvirt.sh path/to/snaplint
set -u
bin=$1
. tests/lib.sh
require tree-libvirt virsh "libvirt-clients libvirt-daemon"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash tests/libvirt-docs.sh "$tmp/gen" >/dev/null 2>&1 || { echo "tree-libvirt: virsh failed" >&2; exit 1; }
pass=0 fail=0
check() { # name expected-output expected-status actual-output actual-status
	if [ "$2" = "$4" ] && [ "$3" = "$5" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL: %s\n--- expected (exit %s)\n%s\n--- got (exit %s)\n%s\n' "$1" "$3" "$2" "$5" "$4"
	fi
}

# store each document as libvirt does: NAME.xml, the current one with <active>1</active>
store() { # from-dir to-dir kind current-name
	mkdir -p "$2"
	for f in "$1"/"$3"-*.xml; do
		name=$(sed -n 's/^  <name>\(.*\)<\/name>$/\1/p' "$f" | head -1)
		if [ "$3" = snapshot ]; then
			active=0; [ "$name" = "$4" ] && active=1
			sed "s|^  <name>$name</name>$|&\n  <active>$active</active>|" "$f" > "$2/$name.xml"
		else
			cp "$f" "$2/$name.xml"
		fi
	done
}
vm=$tmp/qemu/snapshot/test
cp_dir=$tmp/qemu/checkpoint/test
store "$tmp/gen/default_chain" "$vm" snapshot s4
store "$tmp/gen/default_checkpoints" "$cp_dir" checkpoint ""
n=$(ls "$vm" "$cp_dir" | grep -c '\.xml$')
check "the real tree has its 7 documents" 7 0 "$n" 0
out=$("$bin" -q --format=gcc --fail-level=note "$tmp/qemu"); status=$?
check "real libvirt tree is clean" "" 0 "$out" "$status"

# break it: delete s1 (s2 loses its parent), make s3 and s4 each other's parent, and
# mark s2 current besides s4
rm "$vm/s1.xml"
sed -i 's|<name>s2</name>\(</parent>\)\?$|&|; /<parent>/,/<\/parent>/s|<name>s2</name>|<name>s4</name>|' "$vm/s3.xml"
sed -i 's|<active>0</active>|<active>1</active>|' "$vm/s2.xml"
line() { grep -n "$2" "$1" | head -1 | cut -d: -f1; }
want="$vm/s4.xml:$(line "$vm/s4.xml" '<active>'):3: error: more than one snapshot is marked current (<active>1</active>); also s2.xml [SL405 tree-multiple-current]
$vm/s2.xml:$(line "$vm/s2.xml" '<parent>'):3: error: parent 's1' is not a snapshot of this directory [SL403 tree-missing-parent]
$vm/s3.xml:$(line "$vm/s3.xml" '<parent>'):3: error: the parent chain loops: s3 -> s4 -> s3 [SL404 tree-parent-cycle]"
want=$(printf '%s\n' "$want" | sort -t: -k1,1 -k2,2n)
out=$("$bin" -q --format=gcc "$tmp/qemu"); status=$?
check "deleted parent, cycle, two current snapshots" "$want" 1 "$out" "$status"
echo "tree-libvirt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
