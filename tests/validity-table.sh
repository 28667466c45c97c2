#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# validity-table.sh - the modern validity table (seeds/000, as libvirt's qemu driver
# applies it today): for every row of tests/validity-table.tsv (domain state x
# --disk-only x <memory> x the modes of disks vda and vdb), snaplint must report exactly
# the libvirt rule the row names, or no libvirt finding for '-'.  The table is written
# by tests/validity-model.py, a transcription of the driver kept apart from snaplint.
# snaplint reports every disk a rule applies to where libvirt stops at the first, so a
# rule is compared once.
# Usage: tests/validity-table.sh path/to/snaplint
set -u
bin=$1
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/vm.xml" <<'X'
<domain type='kvm'>
  <name>vm</name>
  <uuid>6c6f2b8e-1f2e-4c1a-9d5e-0a1b2c3d4e5f</uuid>
  <memory>1048576</memory>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/vda.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/vdb.qcow2'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
  </devices>
</domain>
X
disk() { [ "$2" = omit ] || printf "<disk name='%s' snapshot='%s'/>" "$1" "$2"; }
grep -v '^#' tests/validity-table.tsv | while IFS='	' read -r state disk_only memory vda vdb want; do
	{
		printf '<domainsnapshot><name>s1</name>'
		case $memory in
		omit) ;;
		external) printf "<memory snapshot='external' file='/var/lib/libvirt/qemu/s1.mem'/>" ;;
		*) printf "<memory snapshot='%s'/>" "$memory" ;;
		esac
		if [ "$vda$vdb" != omitomit ]; then printf '<disks>%s%s</disks>' "$(disk vda "$vda")" "$(disk vdb "$vdb")"; fi
		printf '</domainsnapshot>\n'
	} > "$tmp/s.xml"
	flag=
	[ "$disk_only" = yes ] && flag=--disk-only
	got=$("$bin" -q --no-config --format=gcc --mode=create --domain-xml="$tmp/vm.xml" \
		--domain-state="$state" $flag "$tmp/s.xml" | sed -n 's/.*\[\(SL3[0-9][0-9]\) .*/\1/p' | sort -u | tr '\n' ' ')
	[ -n "$got" ] || got=-
	got=${got% }
	if [ "$got" = "$want" ]; then
		echo pass
	else
		echo "FAIL: $state disk-only=$disk_only memory=$memory vda=$vda vdb=$vdb: got $got, want $want" >&2
		cat "$tmp/s.xml" >&2
		echo fail
	fi
done > "$tmp/results"
pass=$(grep -c '^pass' "$tmp/results")
fail=$(grep -c '^fail' "$tmp/results")
echo "validity table: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 300 ]
