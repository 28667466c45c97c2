#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# domain-pipeline.sh - the embedded domain's event path before the generated tier
# (issue 13, bench line b2): the delegate's attribute split and password check, the path
# table's roles, the grammar's depth-only tags and the names' hash, each on the cases
# its fast path must not change (namespaces, 'p' names, skipped subtrees, name lengths).
# Exact findings (gcc format), positions and exit statuses.
# Usage: tests/domain-pipeline.sh path/to/snaplint
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# check NAME FILE WANT_EXIT WANT_OUTPUT [OPTION...]: snaplint -f gcc FILE, its stdout and
# status
check() {
	name=$1 file=$2 want_exit=$3 want=$4
	shift 4
	got=$("$bin" -f gcc --color=never "$@" "$file" 2>/dev/null)
	status=$?
	if [ "$got" = "$want" ] && [ "$status" = "$want_exit" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL: %s (exit %s, want %s)\n' "$name" "$status" "$want_exit"
		printf 'got:\n%s\nwant:\n%s\n' "$got" "$want" | sed 's/^/  | /'
	fi
}

# A snapshot around a domain's <devices> children ($1) and the domain's other children ($2).
snapshot() {
	printf '<domainsnapshot>\n  <name>s1</name>\n  <state>running</state>\n'
	printf '  <creationTime>1700000000</creationTime>\n%s  <domain type='"'kvm'"'>\n' "${3:-}"
	printf '    <name>vm</name>\n    <memory unit='"'KiB'"'>1048576</memory>\n'
	printf '    <os>\n      <type arch='"'x86_64'"'>hvm</type>\n    </os>\n'
	printf '    <devices>\n%s    </devices>\n%s  </domain>\n</domainsnapshot>\n' "$1" "${2:-}"
}

# --- SL503: every passwd attribute, whatever else the tag has ---
snapshot "      <graphics type='vnc' port='-1' passwd='a'/>
      <graphics passwd='b' type='spice' xml:lang='en'/>
      <graphics type='vnc' passwdx='c' p='d'/>
      <x:graphics xmlns:x='urn:x' passwd='e'/>
      <bogus><graphics passwd='f'/></bogus>
      <graphics type='vnc' autoport='yes'/>
" > pw.xml
want="pw.xml:12:38: warning: the embedded domain carries a password ('passwd' on <graphics>) [SL503 lint-domain-password]
pw.xml:13:17: warning: the embedded domain carries a password ('passwd' on <graphics>) [SL503 lint-domain-password]
pw.xml:13:41: error: attribute '{http://www.w3.org/XML/1998/namespace}lang' is not allowed on <graphics> [SL205 schema-unknown-attribute]
pw.xml:14:28: error: attribute 'passwdx' is not allowed on <graphics> [SL205 schema-unknown-attribute]
pw.xml:14:40: error: attribute 'p' is not allowed on <graphics> [SL205 schema-unknown-attribute]
pw.xml:15:7: error: element <{urn:x}graphics> is not allowed in <devices> [SL201 schema-unknown-element]
pw.xml:15:35: warning: the embedded domain carries a password ('passwd' on <graphics>) [SL503 lint-domain-password]
pw.xml:16:7: error: element <bogus> is not allowed in <devices> [SL201 schema-unknown-element]
pw.xml:16:24: warning: the embedded domain carries a password ('passwd' on <graphics>) [SL503 lint-domain-password]"
check "passwd after a 'p' name, beside a prefixed name, in a foreign or refused element" pw.xml 1 "$want"
sed "s|<domainsnapshot>|<domainsnapshot xmlns='urn:wrong'>|" pw.xml > pwns.xml
check "the same below a root in the wrong namespace" pwns.xml 1 \
"pwns.xml:1:1: error: root element <domainsnapshot> is in namespace 'urn:wrong'; libvirt expects no namespace [SL104 xml-root-namespace]
$(echo "$want" | sed 's/^pw\.xml/pwns.xml/')"
snapshot "      <graphics type='vnc' port='-1' autoport='no' listen='0.0.0.0'/>
" > nopw.xml
check "'p' names alone are no password" nopw.xml 0 ""

# --- the path table: only <devices><disk> of the domain itself is a domain disk ---
snapshot "      <disk type='file' device='disk'>
        <target dev='vda' bus='virtio'/>
      </disk>
      <x:disk xmlns:x='urn:x'><target dev='vdx'/></x:disk>
      <hub><disk><target dev='vdh'/></disk></hub>
      <interface type='network'><source network='default'/><target dev='vnet0'/></interface>
      <disk type='file' device='disk'>
        <driver name='qemu'/>
        <address type='drive'/>
        <target dev='vdb' bus='virtio'/>
      </disk>
" "    <disk><target dev='vdo'/></disk>
" "  <disks>
    <disk name='vdz' snapshot='internal'/>
  </disks>
" > roles.xml
check "domain disks by their path" roles.xml 1 \
"roles.xml:6:5: error: no disk named 'vdz' in the domain [SL313 libvirt-no-such-disk]
roles.xml:18:7: error: element <{urn:x}disk> is not allowed in <devices> [SL201 schema-unknown-element]
roles.xml:19:7: error: element <hub> is missing the required attribute 'type' [SL206 schema-missing-attribute]
roles.xml:19:12: error: element <disk> is not allowed in <hub> [SL201 schema-unknown-element]
roles.xml:27:5: error: element <disk> is not allowed in <domain> [SL201 schema-unknown-element]"
got=$("$bin" --color=never roles.xml 2>/dev/null | sed -n 's/^  hint: the domain/the domain/p')
if [ "$got" = "the domain's disks: vda, vdb" ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); printf 'FAIL: the domain disks found by the path table: %s\n' "$got"; fi

# --- the grammar below a delegated element: depth only, the cap included ---
printf "<domainsnapshot><domain type='kvm'><name>vm</name><devices><hub type='usb'><address type='usb' bus='0'/></hub></devices></domain><nmae/></domainsnapshot>\n" > depth.xml
check "the depth cap, reached inside the domain" depth.xml 3 \
"depth.xml:1:76: error: elements are nested deeper than 4 levels [SL106 xml-limit]" --max-depth=4
check "the depth cap not passed, and the snapshot checked again after </domain>" depth.xml 1 \
"depth.xml:1:1: error: a redefined snapshot document needs a non-empty <name> [SL302 libvirt-name-required]
depth.xml:1:1: error: a redefined snapshot document needs <creationTime> [SL303 libvirt-creation-time]
depth.xml:1:1: error: a redefined snapshot document needs <state> [SL304 libvirt-state-required]
depth.xml:1:130: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]" --max-depth=5

# --- the name hash: known and unknown names of every length class (1-3, 4-7, 8-16 and
# longer bytes, differing at the start, middle or end), elements and attributes, in the
# snapshot grammar's name index and in the generated tier's ---
cat > names.xml <<'XML'
<domainsnapshot>
  <name>s1</name>
  <descriptio>x</descriptio>
  <description>d</description>
  <state>running</state>
  <creationTime>1700000000</creationTime>
  <memory snapshot='no' fil='/x' snapshots='no'/>
  <domain type='kvm'>
    <name>vm</name>
    <memory unit='KiB'>1048576</memory>
    <oz/>
    <os>
      <type arch='x86_64'>hvm</type>
    </os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/a.qcow2'/>
        <target dev='vda' bus='virtio'/>
        <iotune>
          <total_bytes_sec>1000</total_bytes_sec>
          <total_bytes_sec_max>2000</total_bytes_sec_max>
          <total_bytes_sec_max_length>5</total_bytes_sec_max_length>
          <total_bytes_sec_max_lengtx>5</total_bytes_sec_max_lengtx>
          <xotal_bytes_sec_max_length>5</xotal_bytes_sec_max_length>
          <total_bytes_sec_xax_length>5</total_bytes_sec_xax_length>
        </iotune>
      </disk>
      <x/>
    </devices>
  </domain>
</domainsnapshot>
XML
check "names of every length, known or not" names.xml 1 \
"names.xml:3:3: error: element <descriptio> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]
names.xml:7:25: error: attribute 'fil' is not allowed on <memory snapshot='no'> [SL205 schema-unknown-attribute]
names.xml:7:34: error: attribute 'snapshots' is not allowed on <memory snapshot='no'> [SL205 schema-unknown-attribute]
names.xml:11:5: error: element <oz> is not allowed in <domain> [SL201 schema-unknown-element]
names.xml:23:11: error: element <total_bytes_sec_max_lengtx> is not allowed in <iotune> [SL201 schema-unknown-element]
names.xml:24:11: error: element <xotal_bytes_sec_max_length> is not allowed in <iotune> [SL201 schema-unknown-element]
names.xml:25:11: error: element <total_bytes_sec_xax_length> is not allowed in <iotune> [SL201 schema-unknown-element]
names.xml:28:7: error: element <x> is not allowed in <devices> [SL201 schema-unknown-element]"
got=$("$bin" --color=never names.xml 2>/dev/null | grep -c 'hint: did you mean')
if [ "$got" = 3 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); printf 'FAIL: did-you-mean hints for the name classes: %s, want 3\n' "$got"; fi

# --- text below the entry: the facts the path table marks are captured across the pieces
# expat splits a text into (a character reference ends one), whitespace goes to the
# generated tier alone ---
cat > live.xml <<'XML'
<domain type='kvm'>
  <name>vm</name>
  <uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
</domain>
XML
for digit in 0 1; do
	cat > uuid$digit.xml <<XML
<domainsnapshot>
  <name>s1</name>
  <state>running</state>
  <creationTime>1700000000</creationTime>
  <domain type='kvm'>
    <name>v&#x6d;</name>
    <uuid>c7a5fdbd-cdaf-9455-&#x39;26a-d65c16db18&#x3$digit;9</uuid>
    <memory unit='KiB'>1048576</memory>
    <os>
      <type arch='x86_64'>hvm</type>
    </os>
  </domain>
</domainsnapshot>
XML
done
check "a uuid captured in pieces, equal to the live one" uuid0.xml 0 "" --mode=redefine --domain-xml=live.xml
check "a uuid captured in pieces, not the live one" uuid1.xml 1 \
"uuid1.xml:7:5: error: the embedded domain's uuid c7a5fdbd-cdaf-9455-926a-d65c16db1819 differs from the uuid of the domain given with --domain-xml, c7a5fdbd-cdaf-9455-926a-d65c16db1809 [SL326 libvirt-redefine-uuid]" \
	--mode=redefine --domain-xml=live.xml

echo "domain-pipeline: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
