#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# libvirt-docs.sh [--all] OUTDIR
#
# Produce genuine libvirt <domainsnapshot> and <domaincheckpoint> documents
# with libvirt's in-memory test driver (virsh -c test:///...), no hypervisor
# and no daemon needed.  Each scenario is ONE virsh process (the test
# driver's state lives only as long as that process); its commands are
# chained with ';' and the dumps are separated by 'echo' markers on stdout.
#
# Layout: OUTDIR/<scenario>/<kind>-<scenario>-<name>.xml
#   kind      snapshot          snapshot-dumpxml output
#             checkpoint        checkpoint-dumpxml output
#             snapshotcreate    snapshot-create-as --print-xml (create input)
#             checkpointcreate  checkpoint-create-as --print-xml (create input)
#   scenario  one directory per consistent set of documents (one domain's
#             snapshot or checkpoint tree as libvirt stores it), so that
#             cross-document checks (parents, unique names, one leaf) hold
#             per directory.  Variants of the same dumps (--no-domain,
#             --security-info) get their own scenario directory.
#
# By default only documents that a faithful validator must accept without
# any diagnostic are written.  --all adds genuine libvirt output that is
# expected to draw diagnostics:
#   multi_secinfo/, multi_checkpoints_secinfo/  dumps made with
#       --security-info: the embedded domain carries a VNC passwd (lint
#       warning: secrets in files headed for version control)
#   bitmapname/   a checkpoint whose bitmap name differs from the checkpoint
#       name (libvirt accepts it; qemu needs them equal: warning)
#   schemagap/    a snapshot libvirt accepts and writes back but that
#       libvirt's own RELAX NG schema rejects (grammar error)
#
# Output is deterministic except for <creationTime> of snapshots and
# checkpoints created (not redefined) during the run.
#
# Exit status: 0 success; 77 virsh or libvirt's test driver is unavailable
# (the caller decides whether to skip); 1 any other failure (a virsh command
# failed, or its output was not the expected document).
set -euo pipefail

prog=${0##*/}

all=false
if [ "${1:-}" = --all ]; then
    all=true
    shift
fi
if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $prog [--all] OUTDIR" >&2
    exit 2
fi
outdir=$1

if ! command -v virsh >/dev/null 2>&1; then
    echo "$prog: virsh not found; install libvirt-clients and libvirt-daemon" \
         "(Debian/Ubuntu) to generate real libvirt documents" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/libvirt-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT
work=$(cd "$work" && pwd)

# Keep virsh away from the user's configuration and caches.
export LC_ALL=C
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
unset LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI LIBVIRT_LOG_OUTPUTS LIBVIRT_DEBUG
mkdir -p "$HOME" "$outdir"

if ! virsh -c test:///default version >"$work/probe.out" 2>"$work/probe.err"; then
    echo "$prog: 'virsh -c test:///default' does not work (libvirt's test" \
         "driver is missing?):" >&2
    cat "$work/probe.err" >&2
    exit 77
fi

# ---------------------------------------------------------------------------
# helpers

cmds=()          # virsh commands of the scenario being built
expect=()        # files the scenario must produce

add() { cmds+=("$1"); }

# dump RELPATH VIRSH-COMMAND: capture the command's stdout into OUTDIR/RELPATH
dump() {
    cmds+=("echo @@FILE $1" "$2" "echo @@END")
    expect+=("$1")
}

# run URI SCENARIO: run the accumulated commands in one virsh process
run() {
    local uri=$1 scen=$2 joined="" c f
    for c in "${cmds[@]}"; do
        joined+="$c ; "
    done
    if ! virsh -c "$uri" "$joined" >"$work/$scen.out" 2>"$work/$scen.err" ||
       [ -s "$work/$scen.err" ]; then
        echo "$prog: scenario '$scen' failed:" >&2
        cat "$work/$scen.err" >&2
        exit 1
    fi
    # Split stdout at the markers.  virsh prints the document followed by
    # empty lines; drop them so each file is exactly libvirt's string.
    awk -v dir="$outdir" '
        /^@@FILE / { f = dir "/" substr($0, 8); n = 0; next }
        /^@@END$/  { if (f != "") {
                         while (n > 0 && buf[n] == "") n--
                         printf "" > f
                         for (i = 1; i <= n; i++) print buf[i] > f
                         close(f)
                     }
                     f = ""; next }
        f != ""    { buf[++n] = $0 }
    ' "$work/$scen.out"
    for f in "${expect[@]}"; do
        case $(head -c 18 "$outdir/$f" 2>/dev/null) in
        "<domainsnapshot>"*|"<domaincheckpoint>"*) ;;
        *) echo "$prog: scenario '$scen' did not produce a document in $f" >&2
           exit 1 ;;
        esac
    done
    cmds=()
    expect=()
}

# mkscen NAME...: create (empty) scenario directories
mkscen() {
    local s
    for s in "$@"; do
        rm -rf "${outdir:?}/$s"
        mkdir -p "$outdir/$s"
    done
}

# without --all, leave no stale --all output behind in a reused OUTDIR
if ! $all; then
    rm -rf "${outdir:?}/multi_secinfo" "$outdir/multi_checkpoints_secinfo" \
           "$outdir/bitmapname" "$outdir/schemagap"
fi

# ---------------------------------------------------------------------------
# a custom test-driver node: one domain with several kinds of disks

multi_domain="<domain type='test'>
  <name>multi</name>
  <uuid>0b9b2c1e-5d0a-4c3e-9a51-3f1f6e1d7a01</uuid>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/multi-root.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/multi-data.qcow2'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw'/>
      <source dev='/dev/vg0/multi-lv'/>
      <target dev='vdc' bus='virtio'/>
    </disk>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='nbd' name='export1'>
        <host name='nbd.example.com' port='10809'/>
      </source>
      <target dev='vdd' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/images/multi-ro.img'/>
      <target dev='vde' bus='virtio'/>
      <readonly/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/images/install.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sdb' bus='sata'/>
      <readonly/>
      <address type='drive' controller='0' bus='0' target='0' unit='1'/>
    </disk>
    <controller type='sata' index='0'/>
    <graphics type='vnc' port='-1' autoport='yes' passwd='not-a-real-secret'>
      <listen type='address'/>
    </graphics>
    <video>
      <model type='cirrus' vram='16384' heads='1' primary='yes'/>
    </video>
  </devices>
</domain>"

# indent2: the domain as it appears inside a <domainsnapshot>/<domaincheckpoint>
multi_domain_in=$(printf '%s\n' "$multi_domain" | sed 's/^/  /')

printf '<node>\n%s\n</node>\n' "$multi_domain" >"$work/node.xml"
multi_uri="test://$work/node.xml"
default_uri="test:///default"

# ---------------------------------------------------------------------------
# default domain 'test' (running, one file disk vda without driver type)

# chain s1 -> s2 -> s3 (running, internal), s3 halts the domain, s4 shut off
s=default_chain
mkscen $s
add "snapshot-create-as test s1 --description 'first snapshot'"
add "snapshot-create-as test s2 --live --atomic"
add "snapshot-create-as test s3 --description 'quoting: <tag> & \"double\" '\\''single'\\'' ünïcödé' --halt"
add "snapshot-create-as test s4 --description 'taken while shut off'"
for n in s1 s2 s3 s4; do
    dump "$s/snapshot-$s-$n.xml" "snapshot-dumpxml test $n"
done
run "$default_uri" $s

# external memory + external disk (file given), then an internal child of
# the running domain with explicit memspec/diskspec
s=default_external
mkscen $s
add "snapshot-create-as test ext1 --description 'external memory and disk' --memspec file=/var/lib/libvirt/qemu/snapshot/test/ext1.mem,snapshot=external --diskspec vda,snapshot=external,driver=qcow2,file=/guest/diskimage1.ext1"
add "snapshot-create-as test ext2 --memspec /var/lib/libvirt/qemu/snapshot/test/ext2.mem --diskspec vda,snapshot=external,file=/guest/diskimage1.ext2"
add "snapshot-create-as test int3 --memspec snapshot=internal --diskspec vda,snapshot=internal"
for n in ext1 ext2 int3; do
    dump "$s/snapshot-$s-$n.xml" "snapshot-dumpxml test $n"
done
run "$default_uri" $s

# checkpoints c1 -> c2 -> c3 (a snapshot and a checkpoint cannot coexist in
# the test driver), dumped with the domain, with --no-domain, with --size
s=default_checkpoints
mkscen $s ${s}_nodomain
add "checkpoint-create-as test c1 --description 'first checkpoint'"
add "checkpoint-create-as test c2 --diskspec vda,checkpoint=bitmap,bitmap=c2"
add "checkpoint-create-as test c3 --diskspec vda,checkpoint=no"
for n in c1 c2 c3; do
    dump "$s/checkpoint-$s-$n.xml" "checkpoint-dumpxml test $n --size"
    dump "${s}_nodomain/checkpoint-${s}_nodomain-$n.xml" "checkpoint-dumpxml test $n --no-domain"
done
run "$default_uri" $s

# create-mode input as virsh builds it (--print-xml), never sent to libvirt;
# disk names need not exist in the domain (no domain context).
s=printxml
mkscen $s
dump "$s/snapshotcreate-$s-plain.xml" "snapshot-create-as test plain --print-xml"
dump "$s/snapshotcreate-$s-described.xml" "snapshot-create-as test described --description 'made by virsh --print-xml' --print-xml"
dump "$s/snapshotcreate-$s-diskonly.xml" "snapshot-create-as test diskonly --disk-only --diskspec vda,snapshot=external,driver=qcow2,file=/var/lib/libvirt/images/test.diskonly --print-xml"
dump "$s/snapshotcreate-$s-diskmodes.xml" "snapshot-create-as test diskmodes --diskspec vda,snapshot=external,driver=qcow2,file=/var/lib/libvirt/images/test.diskmodes --diskspec vdb,snapshot=no --diskspec vdc,snapshot=external,stype=block,file=/dev/vg0/test-snap --print-xml"
dump "$s/snapshotcreate-$s-memext.xml" "snapshot-create-as test memext --memspec file=/var/lib/libvirt/qemu/save/test.mem,snapshot=external --diskspec vda,snapshot=external,file=/guest/diskimage1.memext --print-xml"
dump "$s/snapshotcreate-$s-memno.xml" "snapshot-create-as test memno --memspec snapshot=no --diskspec vda --print-xml"
dump "$s/checkpointcreate-$s-cpplain.xml" "checkpoint-create-as test cpplain --print-xml"
dump "$s/checkpointcreate-$s-cpdisks.xml" "checkpoint-create-as test cpdisks --description 'virsh --print-xml' --diskspec vda,checkpoint=bitmap,bitmap=cpdisks --diskspec vdb,checkpoint=no --print-xml"
run "$default_uri" $s

# ---------------------------------------------------------------------------
# domain 'multi': qcow2 file disks, a block disk, an nbd network disk, a
# read-only disk, a cdrom with media and an empty cdrom, a VNC password

# s1 internal (running), s2 external memory + external file/block disks,
# then the domain is destroyed and s3 is an offline internal snapshot.
# With --all also dumped with --security-info (which adds the VNC passwd).
s=multi
mkscen $s
$all && mkscen ${s}_secinfo
add "snapshot-create-as multi s1 --description 'internal, running'"
add "snapshot-create-as multi s2 --description 'external memory and disks' --memspec file=/var/lib/libvirt/qemu/snapshot/multi/s2.mem,snapshot=external --diskspec vda,snapshot=external,driver=qcow2,file=/var/lib/libvirt/images/multi-root.s2 --diskspec vdb,snapshot=external,file=/var/lib/libvirt/images/multi-data.s2 --diskspec vdc,snapshot=external,stype=block,file=/dev/vg0/multi-lv-s2 --diskspec vdd,snapshot=no"
add "destroy multi"
add "snapshot-create-as multi s3 --description 'internal, shut off'"
for n in s1 s2 s3; do
    dump "$s/snapshot-$s-$n.xml" "snapshot-dumpxml multi $n"
    if $all; then
        dump "${s}_secinfo/snapshot-${s}_secinfo-$n.xml" "snapshot-dumpxml multi $n --security-info"
    fi
done
run "$multi_uri" $s

# checkpoints: default disk selection, then per-disk choices
s=multi_checkpoints
mkscen $s ${s}_nodomain
$all && mkscen ${s}_secinfo
add "checkpoint-create-as multi c1 --description 'every checkpointable disk'"
add "checkpoint-create-as multi c2 --diskspec vda --diskspec vdb,checkpoint=bitmap,bitmap=c2 --diskspec vdc,checkpoint=no"
add "checkpoint-create-as multi c3 --diskspec vdd,checkpoint=bitmap"
for n in c1 c2 c3; do
    dump "$s/checkpoint-$s-$n.xml" "checkpoint-dumpxml multi $n"
    dump "${s}_nodomain/checkpoint-${s}_nodomain-$n.xml" "checkpoint-dumpxml multi $n --no-domain"
    if $all; then
        dump "${s}_secinfo/checkpoint-${s}_secinfo-$n.xml" "checkpoint-dumpxml multi $n --security-info"
    fi
done
run "$multi_uri" $s

# redefined snapshots (snapshot-create --redefine): a disk-only snapshot of
# the running domain with external file, block and rbd overlays, then an
# offline external child; fixed creationTime, so fully deterministic.
s=redefine
mkscen $s
cat >"$work/redef-disk1.xml" <<EOF
<domainsnapshot>
  <name>disk1</name>
  <description>disk-only snapshot, external overlays</description>
  <state>disk-snapshot</state>
  <creationTime>1700000000</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='external' type='file'>
      <driver type='qcow2'/>
      <source file='/var/lib/libvirt/images/multi-root.disk1'/>
    </disk>
    <disk name='vdb' snapshot='external' type='file'>
      <driver type='qcow2'/>
      <source file='/var/lib/libvirt/images/multi-data.disk1'/>
    </disk>
    <disk name='vdc' snapshot='external' type='block'>
      <driver type='qcow2'/>
      <source dev='/dev/vg0/multi-lv-disk1'/>
    </disk>
    <disk name='vdd' snapshot='external' type='network'>
      <source protocol='rbd' name='pool/multi-net.disk1'>
        <host name='ceph-mon.example.com' port='6789'/>
      </source>
    </disk>
    <disk name='vde' snapshot='no'/>
    <disk name='sda' snapshot='no'/>
    <disk name='sdb' snapshot='no'/>
  </disks>
$multi_domain_in
</domainsnapshot>
EOF
cat >"$work/redef-off2.xml" <<EOF
<domainsnapshot>
  <name>off2</name>
  <state>shutoff</state>
  <parent>
    <name>disk1</name>
  </parent>
  <creationTime>1700003600</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='external'>
      <driver type='qcow2'/>
      <source file='/var/lib/libvirt/images/multi-root.off2'/>
    </disk>
    <disk name='vdb' snapshot='no'/>
    <disk name='vdc' snapshot='no'/>
    <disk name='vdd' snapshot='no'/>
    <disk name='vde' snapshot='no'/>
    <disk name='sda' snapshot='no'/>
    <disk name='sdb' snapshot='no'/>
  </disks>
$multi_domain_in
</domainsnapshot>
EOF
add "snapshot-create multi '$work/redef-disk1.xml' --redefine --validate"
add "snapshot-create multi '$work/redef-off2.xml' --redefine --current --validate"
for n in disk1 off2; do
    dump "$s/snapshot-$s-$n.xml" "snapshot-dumpxml multi $n"
done
run "$multi_uri" $s

# redefined checkpoints (checkpoint-create --redefine): with and without
# the domain, fixed creationTime
s=redefine_checkpoints
mkscen $s
cat >"$work/redef-base.xml" <<EOF
<domaincheckpoint>
  <name>base</name>
  <description>redefined with its domain</description>
  <creationTime>1700000000</creationTime>
  <disks>
    <disk name='vda' checkpoint='bitmap' bitmap='base'/>
    <disk name='vdb' checkpoint='bitmap' bitmap='base'/>
    <disk name='vdc' checkpoint='no'/>
    <disk name='vdd' checkpoint='no'/>
    <disk name='vde' checkpoint='no'/>
    <disk name='sda' checkpoint='no'/>
    <disk name='sdb' checkpoint='no'/>
  </disks>
$multi_domain_in
</domaincheckpoint>
EOF
cat >"$work/redef-inc1.xml" <<EOF
<domaincheckpoint>
  <name>inc1</name>
  <parent>
    <name>base</name>
  </parent>
  <creationTime>1700086400</creationTime>
  <disks>
    <disk name='vda' checkpoint='bitmap' bitmap='inc1'/>
    <disk name='vdb' checkpoint='no'/>
  </disks>
</domaincheckpoint>
EOF
add "checkpoint-create multi '$work/redef-base.xml' --redefine"
add "checkpoint-create multi '$work/redef-inc1.xml' --redefine"
for n in base inc1; do
    dump "$s/checkpoint-$s-$n.xml" "checkpoint-dumpxml multi $n"
done
run "$multi_uri" $s

# ---------------------------------------------------------------------------
# --all: genuine output that is expected to draw diagnostics

if $all; then

# a bitmap name that differs from the checkpoint name: libvirt accepts it
s=bitmapname
mkscen $s
add "checkpoint-create-as multi b1 --diskspec vda,checkpoint=bitmap,bitmap=b1-other --diskspec vdb,checkpoint=no"
dump "$s/checkpoint-$s-b1.xml" "checkpoint-dumpxml multi b1"
run "$multi_uri" $s

# A document libvirt's C parser accepts and its formatter writes back, but
# libvirt's own RELAX NG schema rejects (both 9.0.0 and 12.8.0): a
# <driver> element in a type='network' snapshot disk (the schema's network
# branch has no disksnapshotdriver).  Kept apart so that the rest of the
# output is schema-valid; --validate would refuse it.
s=schemagap
mkscen $s
cat >"$work/redef-netdrv.xml" <<EOF
<domainsnapshot>
  <name>netdrv</name>
  <state>disk-snapshot</state>
  <creationTime>1700000000</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='no'/>
    <disk name='vdd' snapshot='external' type='network'>
      <driver type='qcow2'/>
      <source protocol='rbd' name='pool/multi-net.netdrv'>
        <host name='ceph-mon.example.com' port='6789'/>
      </source>
    </disk>
    <disk name='vdb' snapshot='no'/>
    <disk name='vdc' snapshot='no'/>
    <disk name='vde' snapshot='no'/>
    <disk name='sda' snapshot='no'/>
    <disk name='sdb' snapshot='no'/>
  </disks>
$multi_domain_in
</domainsnapshot>
EOF
add "snapshot-create multi '$work/redef-netdrv.xml' --redefine"
dump "$s/snapshot-$s-netdrv.xml" "snapshot-dumpxml multi netdrv"
run "$multi_uri" $s

fi

n=$(find "$outdir" -name '*.xml' -type f | wc -l)
echo "$prog: wrote $n documents to $outdir"
