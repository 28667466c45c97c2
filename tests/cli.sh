#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# cli.sh - the command line end to end: operands (files, directories, stdin), exit
# statuses and their precedence, the JSON structure, the catalogue options.
# Usage: tests/cli.sh path/to/snaplint
set -u
. tests/lib.sh
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT

good='<domainsnapshot><name>s1</name></domainsnapshot>'
bad='<domainsnapshot><nmae>s1</nmae></domainsnapshot>'
printf '%s\n' "$good" > "$tmp/good.xml"
printf '%s\n' "$bad" > "$tmp/bad.xml"
mkdir -p "$tmp/tree/a" "$tmp/tree/.hidden"
printf '%s\n' "$good" > "$tmp/tree/a/s1.xml"
printf '%s\n' "$bad" > "$tmp/tree/b.xml"
printf '%s\n' "$bad" > "$tmp/tree/.hidden/c.xml"
printf '<domain type="kvm"><name>vm</name></domain>\n' > "$tmp/tree/vm.xml"
printf 'not xml, not checked\n' > "$tmp/tree/notes.txt"
ln -s .. "$tmp/tree/a/loop"
printf '%s\n' "$good" > "$tmp/unreadable.xml"
chmod 000 "$tmp/unreadable.xml"

cd "$tmp"
msg="bad.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"
check "valid file" 0 "" -- "$bin" -q good.xml
check "invalid file, gcc format" 1 "$msg" -- "$bin" -q --format=gcc bad.xml
check "invalid file, text format with excerpt, caret and hint" 1 "$msg
    1 | <domainsnapshot><nmae>s1</nmae></domainsnapshot>
      |                 ^
  hint: did you mean <name>?" -- "$bin" -q bad.xml
check "stdin with -" 1 "-:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]" \
	-- sh -c "'$bin' -q --format=gcc - < bad.xml"
check "piped stdin, no operand, --stdin-filename" 1 "vm/s1.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]" \
	-- sh -c "cat bad.xml | '$bin' -q --format=gcc --stdin-filename=vm/s1.xml"
check "directory walk: sorted, hidden and foreign roots skipped, loop safe" 1 \
	"tree/b.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]" \
	-- "$bin" -q --format=gcc tree
check "walk summary counts skipped files" 1 "2 files, 1 skipped" \
	-- sh -c "'$bin' tree 2>&1 >/dev/null | sed -n 's/^1 error, 0 warnings, 0 notes in \([0-9]*\) files (\([0-9]*\) other XML file skipped)$/\1 files, \2 skipped/p'; '$bin' -q tree >/dev/null"
check "named foreign root is an error" 1 "tree/vm.xml:1:1: error: root element <domain> is neither <domainsnapshot> nor <domaincheckpoint> [SL105 xml-unknown-root]" \
	-- "$bin" -q --format=gcc tree/vm.xml
if [ "$(id -u)" != 0 ]; then
	check "unreadable file: exit 3, others still checked" 3 \
		"$msg
unreadable.xml: error: cannot read input: Permission denied [SL107 xml-unreadable]" \
		-- "$bin" -q --format=gcc bad.xml unreadable.xml
fi
check "missing file: exit 3 wins over findings, whatever the order (1)" 3 \
	"missing.xml: error: cannot read input: No such file or directory [SL107 xml-unreadable]
$msg" -- "$bin" -q --format=gcc missing.xml bad.xml
check "missing file: exit 3 wins over findings, whatever the order (2)" 3 \
	"$msg
missing.xml: error: cannot read input: No such file or directory [SL107 xml-unreadable]" \
	-- "$bin" -q --format=gcc bad.xml missing.xml
check "depth limit: exit 3" 3 "deep.xml:1:28: error: elements are nested deeper than 3 levels [SL106 xml-limit]" \
	-- sh -c "printf '<domainsnapshot><cookie><a><b/></a></cookie></domainsnapshot>' > deep.xml; '$bin' -q --format=gcc --max-depth=3 deep.xml"
check "usage error: unknown option" 2 "" -- "$bin" --no-such-option good.xml
check "usage error: standard input twice" 2 "snaplint: standard input ('-') can be read only once" \
	-- sh -c "'$bin' - good.xml - < good.xml 2>&1 | head -n 1; '$bin' - - < good.xml 2>/dev/null"
check "usage error: an empty operand is named" 2 "snaplint: an empty operand ('') names no file" \
	-- sh -c "'$bin' good.xml '' 2>&1 | head -n 1; '$bin' '' 2>/dev/null"
mkdir -p empty
check "the summary says when nothing was checked (empty directory)" 0 "0 errors, 0 warnings, 0 notes in 0 files: nothing was checked" \
	-- sh -c "'$bin' empty 2>&1"
check "the summary says when nothing was checked (everything excluded)" 0 "0 errors, 0 warnings, 0 notes in 0 files: nothing was checked" \
	-- sh -c "'$bin' --exclude='*.xml' tree 2>&1"
check "the summary says when nothing was checked (only other roots)" 0 "0 errors, 0 warnings, 0 notes in 0 files (1 other XML file skipped): nothing was checked" \
	-- sh -c "'$bin' --exclude=a --exclude=b.xml tree 2>&1"
check "usage error: bad format" 2 "" -- "$bin" --format=xml good.xml
check "usage error: bad fail level" 2 "" -- "$bin" --fail-level=fatal good.xml
check "usage error: unknown rule to explain" 2 "" -- "$bin" --explain=SL999
check "explain by name" 0 "SL202 schema-duplicate-element" -- sh -c "'$bin' --explain=schema-duplicate-element | head -1"
check "explain by id, any case" 0 "category: schema" -- sh -c "'$bin' --explain=sl202 | sed -n 2p"
check "list-rules lists every catalogue entry" 0 "$(grep -c '^RULE(' "$OLDPWD/rules/catalogue.def")" \
	-- sh -c "'$bin' --list-rules | tail -n +2 | wc -l | tr -d ' '"
check "version: snaplint and the libvirt schemas it follows" 0 "snaplint 0.1.0
libvirt schemas: 12.8.0 (target libvirt 12.8.0; known: 9.0.0 9.8.0 10.4.0 10.7.0 11.3.0 12.8.0)" -- sh -c "'$bin' --version | head -n 2"
# The README's first command: exit status 1 on purpose, from the two broken examples only.
check "examples/: exit 1, errors in the two broken examples only" 1 "examples/broken/memory-uuid.xml
examples/broken/typos.xml" -- sh -c "cd '$OLDPWD' && { '$bin' -q --format=gcc examples/ > '$tmp/examples.out'; s=\$?; grep ': error: ' '$tmp/examples.out' | cut -d: -f1 | uniq; exit \$s; }"
check "json: structure" 1 '{
  "tool": {"name": "snaplint", "version": "0.1.0"},
  "target": {"libvirt": "12.8.0", "schemas": "12.8.0"},
  "files": [
    {"path": "bad.xml", "kind": "snapshot", "mode": "create", "findings": [
        {"rule": "SL201", "name": "schema-unknown-element", "category": "schema", "severity": "error", "line": 1, "column": 17, "message": "element <nmae> is not allowed in <domainsnapshot>", "hint": "did you mean <name>?"}
      ]},
    {"path": "good.xml", "kind": "snapshot", "mode": "create", "findings": []}
  ],
  "summary": {"files": 2, "skipped": 0, "errors": 1, "warnings": 0, "notes": 0}
}' -- "$bin" -q --format=json bad.xml good.xml
check "--mode=stored needs <active>" 1 \
	"good.xml:1:1: error: libvirt will not load this file: the snapshot disappears when libvirtd restarts; stored snapshot metadata needs <active> [SL307 libvirt-active-required]" \
	-- sh -c "'$bin' -q --format=gcc --mode=stored good.xml > o.txt; s=\$?; grep SL307 o.txt; exit \$s"
check "--mode=create: read-only fields are advice" 0 \
	"stored.xml:1:54: warning: <creationTime> is read-only: libvirt ignores it when creating a snapshot [SL501 lint-ignored-field]" \
	-- sh -c "printf '<domainsnapshot><name>s1</name><state>running</state><creationTime>5</creationTime></domainsnapshot>' > stored.xml; '$bin' -q --format=gcc --mode=create stored.xml | grep creationTime"
check "usage error: bad mode" 2 "" -- "$bin" --mode=restore good.xml
cat > vm.xml <<'VM'
<domain type='kvm'>
  <name>vm</name>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/vm.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
VM
printf "<domainsnapshot><name>s1</name><disks><disk name='vdz' snapshot='external'/></disks></domainsnapshot>\n" > create.xml
printf "<domainsnapshot><name>s1</name><disks><disk name='/var/lib/libvirt/images/vm.qcow2' snapshot='external'/></disks></domainsnapshot>\n" > create-ok.xml
check "create document without the live domain: disks unchecked" 0 "" -- "$bin" -q create.xml
check "--domain-xml: disks matched against the live domain" 1 \
	"create.xml:1:39: error: no disk named 'vdz' in the domain [SL313 libvirt-no-such-disk]" \
	-- "$bin" -q --format=gcc --domain-xml=vm.xml create.xml
check "--domain-xml: a source path names its disk" 0 "" -- "$bin" -q --domain-xml=vm.xml create-ok.xml
check "--domain-xml that is no domain: configuration error" 2 "" -- "$bin" -q --domain-xml=create.xml create.xml
check "--domain-xml that cannot be read: exit 3" 3 "" -- "$bin" -q --domain-xml=missing.xml create.xml
sed 's/devices>/devcies>/' vm.xml > vm-typo.xml
printf "<domainsnapshot><name>s1</name><disks><disk name='vda'/><disk name='vdb'/></disks></domainsnapshot>\n" > two.xml
typo="vm-typo.xml:3:3: error: element <devcies> is not allowed in <domain> [SL201 schema-unknown-element]"
typohint="did you mean <devices>? allowed here: <blkiotune>, <bootloader>, <bootloader_args>, <clock>, <cpu>, <cputune>, <currentMemory>, <defaultiothread>, <description>, <devices>, <features>, <genid>, ..."
nodisks="two.xml:1:39: error: the domain has no disks, but <disks> lists 2 [SL314 libvirt-too-many-disks]"
check "--domain-xml with <devcies>: reported under its own name, then 'the domain has no disks'" 1 \
	"$typo
$nodisks" -- "$bin" -q --format=gcc --domain-xml=vm-typo.xml two.xml
check "--domain-xml findings: text format, with the hint" 1 "$typo
    3 |   <devcies>
      |   ^
  hint: $typohint" -- "$bin" -q --domain-xml=vm-typo.xml good.xml
check "--domain-xml findings: a result of its own in JSON" 1 \
	'{"path": "vm-typo.xml", "kind": "domain", "findings": [
{"rule": "SL201", "name": "schema-unknown-element", "category": "schema", "severity": "error", "line": 3, "column": 3, "message": "element <devcies> is not allowed in <domain>", "hint": "'"$typohint"'"}
"summary": {"files": 2, "skipped": 0, "errors": 2, "warnings": 0, "notes": 0}' \
	-- sh -c "'$bin' -q --format=json --domain-xml=vm-typo.xml two.xml > o.json; s=\$?; { sed -n '5,6p' o.json; grep summary o.json; } | sed 's/^ *//'; exit \$s"
check "--domain-xml findings: GitHub annotations and SARIF name the domain file" 0 \
	"::error file=vm-typo.xml,line=3,col=3,title=SL201 schema-unknown-element::element <devcies> is not allowed in <domain>%0Ahint: $typohint
\"uri\": \"vm-typo.xml\"" \
	-- sh -c "'$bin' -q --format=github --domain-xml=vm-typo.xml two.xml | grep SL201; '$bin' -q --format=sarif --domain-xml=vm-typo.xml two.xml | grep -o '\"uri\": \"vm-typo.xml\"'"
check "--domain-xml findings go through the rule settings" 0 "" \
	-- "$bin" -q --disable=SL201 --domain-xml=vm-typo.xml good.xml
check "--domain-xml that is well-formed but schema-invalid (libvirt ignores unknown elements): usable" 1 "$typo" \
	-- sh -c "'$bin' -q --format=gcc --domain-xml=vm-typo.xml good.xml 2>&1"
retired="snaplint: note: SL212 (schema-domain-unknown-element) is retired and the setting naming it is ignored: the embedded domain is checked exactly by its RELAX NG grammar: an unknown element there is an SL201 error"
check "retired SL212 in --disable: a note on stderr, no usage error, SL201 still reported" 1 "$retired
$typo" -- sh -c "'$bin' -q --format=gcc --disable=SL212 --domain-xml=vm-typo.xml good.xml 2>&1"
check "retired schema-domain-unknown-element in --severity: the same note" 1 "$retired
$typo" -- sh -c "'$bin' -q --format=gcc --severity=schema-domain-unknown-element=note --domain-xml=vm-typo.xml good.xml 2>&1"
check "retired SL212 in a snaplint-disable-next comment: stands for SL201" 0 "" \
	-- sh -c "sed 's|^  <devcies>|  <!-- snaplint-disable-next SL212 -->\\n  <devcies>|' vm-typo.xml > vm-supp.xml; grep -c snaplint-disable-next vm-supp.xml >/dev/null && '$bin' -q --format=gcc --domain-xml=vm-supp.xml good.xml 2>&1"
check "--explain of a retired rule: what replaced it" 0 "SL212 schema-domain-unknown-element
retired: the embedded domain is checked exactly by its RELAX NG grammar: an unknown element there is an SL201 error
replaced by: SL201" -- sh -c "'$bin' --explain=SL212 | sed -n 1,3p"
check "SL314 with one domain disk: '1 disk', and the disks named in the hint" 0 \
	"two.xml:1:57: error: the domain has 1 disk, but <disks> lists 2 [SL314 libvirt-too-many-disks]
  hint: list each disk at most once; the domain's disks: vda" \
	-- sh -c "'$bin' -q --domain-xml=vm.xml two.xml | grep -v '|'"
mkdir -p grp
# stored metadata, as libvirt keeps it; s3 is the current snapshot
rest="<state>running</state><creationTime>1</creationTime><domain type='kvm'><name>vm</name></domain>"
printf '<domainsnapshot><name>s1</name>%s<active>0</active></domainsnapshot>\n' "$rest" > grp/s1.xml
printf '<domainsnapshot><name>s2</name><parent><name>s1</name></parent>%s<active>0</active></domainsnapshot>\n' "$rest" > grp/s2.xml
printf '<domainsnapshot><name>s3</name><parent><name>s0</name></parent>%s<active>1</active></domainsnapshot>\n' "$rest" > grp/s3.xml
check "a named file alone gets no cross-document checks" 0 "" -- "$bin" -q grp/s3.xml
check "--group: a named file is checked with its directory" 1 \
	"grp/s3.xml:1:32: error: parent 's0' is not a snapshot of this directory [SL403 tree-missing-parent]" \
	-- "$bin" -q --format=gcc --group grp/s3.xml
check "--group: a parent that was not named is still found" 0 "" -- "$bin" -q --group grp/s2.xml
check "--group: only named files are reported, in operand order" 1 \
	"grp/s3.xml:1:32: error: parent 's0' is not a snapshot of this directory [SL403 tree-missing-parent]
grp/s2.xml:1:32: error: parent 's1' is not a snapshot of this directory [SL403 tree-missing-parent]" \
	-- sh -c "mv grp/s1.xml grp/s1.bak; '$bin' -q --format=gcc --group grp/s3.xml grp/s2.xml"
check "a directory operand gets the cross-document checks" 1 \
	"grp/s2.xml:1:32: error: parent 's1' is not a snapshot of this directory [SL403 tree-missing-parent]
grp/s3.xml:1:32: error: parent 's0' is not a snapshot of this directory [SL403 tree-missing-parent]" \
	-- "$bin" -q --format=gcc grp
mkdir -p templates
printf '<domainsnapshot><name>nightly</name><description>%s</description></domainsnapshot>\n' vm1 > templates/vm1-nightly.xml
printf '<domainsnapshot><name>nightly</name><description>%s</description></domainsnapshot>\n' vm2 > templates/vm2-nightly.xml
check "--group: create documents (templates) get no directory checks" 0 "" \
	-- "$bin" -q --format=gcc --group templates/vm1-nightly.xml templates/vm2-nightly.xml
check "--group --mode=redefine: the same files as metadata share a name" 1 \
	"templates/vm2-nightly.xml:1:17: error: snapshot name 'nightly' is also used by vm1-nightly.xml [SL401 tree-duplicate-name]" \
	-- sh -c "'$bin' -q --format=gcc --mode=redefine --disable=libvirt,tree-file-name --group templates/vm2-nightly.xml"
printf '<project><name>x</name></project>\n' > grp/pom.xml
check "a named file with another root is an error" 1 \
	"grp/pom.xml:1:1: error: root element <project> is neither <domainsnapshot> nor <domaincheckpoint> [SL105 xml-unknown-root]" \
	-- "$bin" -q --format=gcc grp/pom.xml
check "--skip-other: named files with another root are skipped" 0 "" \
	-- "$bin" -q --skip-other grp/pom.xml good.xml
check "--skip-other --group: skipped, the rest still checked" 1 \
	"grp/s2.xml:1:32: error: parent 's1' is not a snapshot of this directory [SL403 tree-missing-parent]" \
	-- "$bin" -q --format=gcc --skip-other --group grp/pom.xml grp/s2.xml
check "--skip-other: the summary counts the skipped file" 0 "" \
	-- sh -c "'$bin' --skip-other grp/pom.xml good.xml 2>&1 >/dev/null | grep -qx '0 errors, 0 warnings, 0 notes in 1 file (1 other XML file skipped)'"
mkdir -p ex/old
printf '%s\n' "$bad" > ex/old/b.xml
printf '%s\n' "$bad" > ex/c.bak.xml
printf '%s\n' "$good" > ex/s1.xml
check "--exclude by name and by path, directories not descended" 0 "" \
	-- "$bin" -q --exclude='*.bak.xml' --exclude='ex/old' ex
mkfifo ex/fifo.xml
check "a FIFO found by the walk is noted, never opened" 0 \
	"ex/fifo.xml: note: not a regular file (a FIFO); skipped [SL108 xml-special-file]" \
	-- "$bin" -q --format=gcc --exclude='*.bak.xml' --exclude='ex/old' ex
check "a FIFO note fails only at --fail-level=note" 1 \
	"ex/fifo.xml: note: not a regular file (a FIFO); skipped [SL108 xml-special-file]" \
	-- "$bin" -q --format=gcc --fail-level=note --exclude='*.bak.xml' --exclude='ex/old' ex
rm ex/fifo.xml
if command -v python3 >/dev/null; then
	check "json: parses, with an unreadable input" 3 "3" \
		-- sh -c "'$bin' -q --format=json missing.xml tree > j.json; s=\$?; python3 -c 'import json,sys; print(len(json.load(sys.stdin)[\"files\"]))' < j.json; exit \$s"
fi
# --explain of a version-dependent rule: its release ranges from rules/releases.def, in
# order, between the mirrors line and the documentation; a rule without ranges has none.
check "--explain SL330: its three release ranges" 0 "libvirt releases (--target-libvirt; default 12.8):
  9.0-9.2: every internal snapshot of a domain whose definition has a pflash \`<loader>\` is refused, running or shut off: \"internal snapshots of a VM with pflash based firmware are not supported\" (qemuSnapshotPrepare (virDomainDefHasOldStyleUEFI) in libvirt 9.0.0's source)
  9.3-10.8: the same refusal, for an active domain only; a shut-off domain's internal snapshot is taken (NEWS v9.3.0, \"qemu: Fix inactive internal snapshots of VM with UEFI firmware\")
  10.9-12.8: an active domain's internal snapshot needs a qcow2 NVRAM, which it then includes: \"internal snapshots of a VM with pflash based firmware require QCOW2 nvram format\"; a shut-off domain's is taken (NEWS v10.9.0, \"qemu: internal snapshot improvements\"; qemuSnapshotPrepare in libvirt 11.3.0's source)" \
	-- sh -c "'$bin' --explain SL330 | sed -n 6,9p"
check "--explain SL318: its ranges by release" 0 "  9.0-9.8
  9.9-11.2
  11.3-12.8" -- sh -c "'$bin' --explain=libvirt-internal-disk-mode | sed -n '/^libvirt releases/,/^\$/p' | cut -d: -f1 | sed -n 2,4p"
check "--explain SL301: no release ranges" 1 "" -- sh -c "'$bin' --explain SL301 | grep 'libvirt releases'"
check "--explain=releases: the grammar's table first" 0 "| grammar (outside the embedded \`<domain>\`) | first known schemas; older targets: SL214 |
|---|---|
| \`<revertDisks>\` in \`<domainsnapshot>\` | 9.8.0 |" -- sh -c "'$bin' --explain=releases | sed -n 1,3p"
check "--explain=releases: nine constructs and six rule ranges, ordered by release" 0 "9.8.0 9.8.0 9.8.0 9.8.0 9.8.0 11.3.0 12.8.0 12.8.0 12.8.0
SL318 9.0-9.8 SL318 9.9-11.2 SL318 11.3-12.8 SL330 9.0-9.2 SL330 9.3-10.8 SL330 10.9-12.8" \
	-- sh -c "'$bin' --explain=releases > rel.md; sed -n '3,/^\$/p' rel.md | awk -F'|' 'NF > 3 { gsub(/ /, \"\", \$3); printf \"%s%s\", n++ ? \" \" : \"\", \$3 }'; echo; grep '^| SL' rel.md | awk -F'|' '{ split(\$2, a, \" \"); gsub(/ /, \"\", \$3); printf \"%s%s %s\", n++ ? \" \" : \"\", a[1], \$3 }'; echo"
check "--explain=releases: the older content models, one row each (sl_kind_variants)" 0 "| \`<encryption>\` | up to 9.0.0 | take one \`<secret>\`, and \`<cipher>\` before \`<ivgen>\` (9.8.0's take several, in any order) |
| \`<source>\` | up to 10.7.0 | require \`<identity>\` in an nfs \`<source>\` (11.3.0's do not) |" \
	-- sh -c "'$bin' --explain=releases | sed -n '/^| content model/,/^\$/p' | sed -n '3,4p'"

if command -v python3 >/dev/null; then
	check "sarif: the version-dependent rules carry their ranges (properties.libvirtReleases)" 0 "SL318 9.0-9.8 9.9-11.2 11.3-12.8
SL330 9.0-9.2 9.3-10.8 10.9-12.8" -- sh -c "'$bin' -q --format=sarif good.xml | python3 -c 'import json, sys
for r in json.load(sys.stdin)[\"runs\"][0][\"tool\"][\"driver\"][\"rules\"]:
    ranges = r[\"properties\"].get(\"libvirtReleases\", [])
    if ranges: print(r[\"id\"], \" \".join(x[\"from\"] + \"-\" + x[\"to\"] for x in ranges))'"
fi

# The README's generated tables: current, and a stale release table is caught.
mkdir -p readme && cp "$OLDPWD/README.md" readme/README.md
check "README's release table is current" 0 "readme: 1 passed, 0 failed" \
	-- sh -c "cd readme && sh '$OLDPWD/tools/update-readme-rules.sh' '$bin' --check | tail -1"
sed -i 's/| 9.0-9.2 |/| 9.0-9.3 |/' readme/README.md
check "a stale release table fails the check" 1 "README.md's generated tables are out of date: run 'make readme'
readme: 0 passed, 1 failed" -- sh -c "cd readme && sh '$OLDPWD/tools/update-readme-rules.sh' '$bin' --check"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
