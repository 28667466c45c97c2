#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# libvirt-rules.sh - rules confirmed by real libvirt: each case is a document given to
# `virsh -c test:///default snapshot-create test FILE [--redefine]` (libvirt's own parser
# and generic checks, from Debian's libvirt-daemon) and to snaplint with the test
# domain's definition (--domain-xml) and state (running).  Each case states the rule
# snaplint must report (or none) and whether virsh must refuse the document; the two
# always agree, except where the case is marked qemu-only: those are the qemu driver's
# rules, which the test driver does not apply (it accepts what qemu would refuse).
# Usage: tests/libvirt-rules.sh path/to/snaplint
set -u
. tests/lib.sh
require libvirt-rules virsh "libvirt-clients libvirt-daemon"
bin=$1
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LIBVIRT_DEBUG=error
uri=test:///default
virsh -q -c "$uri" dumpxml test > "$tmp/vm.xml" 2>/dev/null || { echo "libvirt-rules: virsh cannot dump the test domain"; exit 1; }
dom=$(sed -n '/<domain/,/<\/domain>/p' "$tmp/vm.xml")
other=$(printf '%s' "$dom" | sed 's/<uuid>[^<]*</<uuid>00000000-0000-0000-0000-000000000001</')
r='<state>running</state><creationTime>1700000000</creationTime>'

# case NAME VIRSH-FLAGS MODE WANT-RULES VIRSH(refuse|accept) DOCUMENT
case_() {
	name=$1 flags=$2 mode=$3 want=$4 verdict=$5 doc=$6
	printf '%s\n' "$doc" > "$tmp/s.xml"
	# every case on a fresh connection: the test driver starts from its default state
	if virsh -q -c "$uri" "snapshot-create test $tmp/s.xml $flags" >/dev/null 2>"$tmp/err"; then
		got_v=accept
	else
		got_v=refuse
	fi
	got=$("$bin" -q --no-config --format=gcc --domain-xml="$tmp/vm.xml" --domain-state=running \
		--mode="$mode" "$tmp/s.xml" | sed -n 's/.*: error: .*\[\(SL[0-9]*\) .*/\1/p' | sort -u | tr '\n' ' ')
	got=${got% }
	[ -n "$got" ] || got=-
	if [ "$got" = "$want" ] && [ "$got_v" = "$verdict" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL: %s: snaplint %s (want %s), virsh %s (want %s): %s\n' "$name" "$got" "$want" \
			"$got_v" "$verdict" "$(grep '^error' "$tmp/err" | head -n 1)"
	fi
}

case_ plain "" create - accept "<domainsnapshot><name>p1</name></domainsnapshot>"
case_ no-such-disk "" create SL313 refuse "<domainsnapshot><name>p2</name><disks><disk name='vdz' snapshot='internal'/></disks></domainsnapshot>"
case_ too-many-disks "" create SL314 refuse "<domainsnapshot><name>p3</name><disks><disk name='vda' snapshot='internal'/><disk name='vdb' snapshot='internal'/></disks></domainsnapshot>"
# libvirt counts first ("too many disk snapshot requests"); snaplint reports the cause, the duplicate
case_ disk-twice "" create SL301 refuse "<domainsnapshot><name>p4</name><disks><disk name='vda' snapshot='internal'/><disk name='vda' snapshot='internal'/></disks></domainsnapshot>"
case_ internal-disk-mode "" create SL318 refuse "<domainsnapshot><name>p5</name><disks><disk name='vda'><source file='/var/lib/libvirt/images/p5.qcow2'/></disk></disks></domainsnapshot>"
case_ internal-disk-mode-explicit "" create SL318 refuse "<domainsnapshot><name>p6</name><disks><disk name='vda' snapshot='external'/></disks></domainsnapshot>"
case_ internal-disk-ok "" create - accept "<domainsnapshot><name>p7</name><disks><disk name='vda' snapshot='internal'/></disks></domainsnapshot>"
# qemu-only: the qemu driver refuses an internal snapshot of a running domain without memory
case_ qemu-only-running-without-memory "" create SL317 accept "<domainsnapshot><name>p8</name><memory snapshot='no'/></domainsnapshot>"
# qemu-only: qemu stores snapshots under their names
case_ qemu-only-snapshot-name "" create SL309 accept "<domainsnapshot><name>a/b</name></domainsnapshot>"
case_ redefine "--redefine" redefine - accept "<domainsnapshot><name>r1</name>$r$dom</domainsnapshot>"
case_ redefine-other-uuid "--redefine" redefine SL326 refuse "<domainsnapshot><name>r2</name>$r$other</domainsnapshot>"
case_ redefine-without-domain "--redefine" redefine SL305 refuse "<domainsnapshot><name>r3</name>$r</domainsnapshot>"
case_ redefine-own-parent "--redefine" redefine SL306 refuse "<domainsnapshot><name>r4</name><parent><name>r4</name></parent>$r$dom</domainsnapshot>"
case_ redefine-without-state "--redefine" redefine SL304 refuse "<domainsnapshot><name>r5</name><creationTime>1700000000</creationTime>$dom</domainsnapshot>"
case_ redefine-without-time "--redefine" redefine SL303 refuse "<domainsnapshot><name>r6</name><state>running</state>$dom</domainsnapshot>"
case_ redefine-offline-memory "--redefine" redefine SL308 refuse "<domainsnapshot><name>r7</name><state>shutoff</state><creationTime>1700000000</creationTime><memory snapshot='internal'/>$dom</domainsnapshot>"
case_ redefine-no-such-disk "--redefine" redefine SL313 refuse "<domainsnapshot><name>r8</name>$r<disks><disk name='vdz' snapshot='internal'/></disks>$dom</domainsnapshot>"

echo "libvirt-rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
