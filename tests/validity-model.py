#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""validity-model.py - writes tests/validity-table.tsv: the qemu driver's verdict on a
`virsh snapshot-create` document for combinations of the domain, its state, --disk-only,
<memory> mode and the snapshot modes of four of the domain's disks.

The domains are fixtures/validity/table.domain and table-cdrom-rw.domain: two writable
qcow2 disks (vda, vdb), a read-only qcow2 disk (vdc, <readonly/>), an empty cdrom (sda,
never listed) and a cdrom holding an ISO (sdb, raw; with <readonly/> in table.domain,
without it in table-cdrom-rw.domain).

The model is a plain transcription of libvirt's create path as of libvirt 11.3 (the
newest code read; NEWS up to 12.5 announces no change to it), kept apart from snaplint's
C code on purpose: tests/validity-table.sh checks that snaplint reports exactly the rule
each row names, or nothing ('-').  Sources: the issue-11 research notes on libvirt's
source (libvirt-facts.md, sections 1, 2 and 5) and libvirt's src/qemu/qemu_snapshot.c
(qemuSnapshotCreateAlignDisks, qemuSnapshotCreateUseExternal, qemuSnapshotPrepare),
src/conf/snapshot_conf.c (virDomainSnapshotDefParse, virDomainSnapshotAlignDisks),
src/conf/domain_postparse.c (virDomainDiskDefPostParse) and the qemu driver's disk
post-parse.  Where libvirt 9.0 differs, a comment says so.

Modes in the table: omit (the disk is not listed), listed (<disk name='X'/> without
snapshot=), no, internal, external."""
import itertools
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DOMAINS = ["table", "table-cdrom-rw"]
STATES = ["running", "paused", "shutoff"]
MEMORY = ["omit", "no", "internal", "external"]
WRITABLE = ["omit", "no", "internal", "external"]
NEW = ["omit", "listed", "no", "internal", "external"]
LISTED = ["vda", "vdb", "vdc", "sdb"]  # the table's disk columns, in document order


class Unmodelled(Exception):
    """A path of libvirt's code the table was designed never to reach."""


def domain_disks(name):
    """The domain's disks as libvirt holds them after parsing the domain XML: the
    generic post-parse (virDomainDiskDefPostParse) makes every cdrom read-only and
    gives every read-only disk without snapshot= the mode 'no'; the qemu driver's
    disk post-parse gives a disk without a driver format the format raw."""
    root = ET.parse(os.path.join(HERE, "..", "fixtures", "validity", name + ".domain")).getroot()
    disks = []
    for d in root.iter("disk"):
        source = d.find("source")
        driver = d.find("driver")
        readonly = d.find("readonly") is not None or d.get("device") == "cdrom"
        snapshot = d.get("snapshot") or ("no" if readonly else "default")
        disks.append({
            "target": d.find("target").get("dev"),
            # virStorageSourceIsEmpty: a local disk without a path has no medium
            "empty": source is None or not source.get("file"),
            "readonly": readonly,
            "snapshot": snapshot,
            "format": (driver.get("type") if driver is not None else None) or "raw",
        })
    return disks


def parse(state, disk_only, memory):
    """virDomainSnapshotDefParse: a create document is parsed as offline when the
    domain is shut off or the snapshot is disk-only; then a memory mode that saves
    memory is refused ("memory state cannot be saved with offline or disk-only
    snapshot").  An absent <memory> stays 'default' on create."""
    if (disk_only or state == "shutoff") and memory in ("internal", "external"):
        return "SL308", None
    return None, ("default" if memory == "omit" else memory)


def align_location(active, disk_only, memory, requests):
    """qemuSnapshotCreateAlignDisks with qemuSnapshotCreateUseExternal: the location
    unlisted and unstated disks get, the memory mode, and whether the snapshot is a
    running disk-only one (state disk-snapshot).  Returns (error, align, memory,
    disk_snapshot)."""
    # libvirt >= 10.x (present in 11.3): a shut-off domain whose document lists any
    # disk as external takes an external snapshot.  libvirt 9.0 has only the first
    # two conditions, so there such a document fails alignment with "disk 'X' must
    # use snapshot mode 'internal'" (SL318).
    external = disk_only or memory == "external" or \
        (not active and "external" in requests.values())
    if external:
        # disk-only and offline external snapshots keep no memory; an external
        # memory file stays (only reachable on a running domain, see parse()).
        return None, "external", ("external" if memory == "external" else "no"), \
            disk_only and active
    if active and memory == "no":
        return "SL317", None, None, False  # "internal snapshot of a running VM must include the memory state"
    return None, "internal", ("internal" if active else "no"), False


def align_disks(disks, align, requests):
    """virDomainSnapshotAlignDisks with uniform_internal_snapshot (require_match when
    the location is internal).  Listed disks, in document order: no snapshot= takes
    the domain disk's own mode when that is set and either the location is not
    internal or the domain mode is 'no', else the location; an explicit mode must be
    the location when it is internal, except 'no' on a domain disk whose mode is 'no'
    ("disk 'X' must use snapshot mode 'internal'").  Unlisted disks: empty ones 'no',
    then the domain disk's mode, then the location.  Returns (error, modes by target)."""
    require_match = align == "internal"
    by_target = {d["target"]: d for d in disks}
    modes = {}
    for target, mode in requests.items():
        d = by_target[target]
        if mode == "default":
            own = d["snapshot"]
            mode = own if own != "default" and (not require_match or own == "no") else align
        elif require_match and mode != align and not (mode == "no" and d["snapshot"] == "no"):
            return "SL318", None
        modes[target] = mode
    for d in disks:
        if d["target"] not in modes:
            modes[d["target"]] = "no" if d["empty"] else \
                d["snapshot"] if d["snapshot"] != "default" else align
    # virDomainSnapshotDefAssignExternalNames: an external disk listed without a
    # <source> needs a domain source to derive the overlay's name from.  Every disk
    # with a medium here is a regular file with a distinct name, so only an empty
    # disk could fail; the table never makes one external.
    for d in disks:
        if modes[d["target"]] == "external" and d["empty"]:
            raise Unmodelled("external name for an empty disk")
    return None, modes


def prepare(disks, modes, memory, disk_snapshot):
    """qemuSnapshotPrepare, over the domain's disks in domain order; the first error
    wins.  The disk checks it makes on external disks (overlay format, bus, existing
    files) all pass for these domains and documents."""
    found_internal = forbid_internal = False
    external = 0
    for d in disks:
        mode = modes[d["target"]]
        if mode == "internal":
            found_internal = True
            if disk_snapshot:
                return "SL322"  # "active qemu domains require external disk snapshots; disk %s requested internal"
            if d["format"] != "qcow2":
                return "SL323"  # "internal snapshot for disk %s unsupported for storage type %s"
        elif mode == "external":
            external += 1
        elif mode == "no" and not d["empty"] and not d["readonly"]:
            forbid_internal = True  # a writable disk with a medium is left out
    if not found_internal and not external and memory == "no":
        return "SL319"  # "nothing selected for snapshot"
    if (memory == "internal" and not found_internal) or (found_internal and forbid_internal):
        return "SL320"  # "internal and full system snapshots require all disks to be selected ..."
    if disk_snapshot and not external:
        # "disk-only snapshots require at least one disk ...": a running disk-only
        # snapshot without an external disk has either an internal one (refused in
        # the loop) or nothing at all (refused just above).
        raise Unmodelled("disk-only snapshot without an external disk")
    if (found_internal and external) or (memory == "internal" and external) or \
            (memory == "external" and found_internal):
        return "SL321"  # "mixing internal and external targets for a snapshot is not yet supported"
    return "-"


def verdict(disks, state, disk_only, memory, columns):
    """The first libvirt error for one row, as the snaplint rule that models it."""
    active = state != "shutoff"
    error, memory = parse(state, disk_only, memory)
    if error:
        return error
    # the document's <disk> elements: 'listed' has no snapshot= (and no <source> or
    # <driver>), so its parsed mode is 'default'
    requests = {t: ("default" if m == "listed" else m)
                for t, m in zip(LISTED, columns) if m != "omit"}
    error, align, memory, disk_snapshot = align_location(active, disk_only, memory, requests)
    if error:
        return error
    error, modes = align_disks(disks, align, requests)
    if error:
        return error
    return prepare(disks, modes, memory, disk_snapshot)


def kept(domain, vda, vdb, vdc, sdb):
    """Bounds the table (a few thousand rows, not the 19200 of the full product): the
    two writable disks in all 16 combinations while the new disks are unlisted; with
    a new disk listed, vdb is unlisted or 'no' (enough for "nothing selected" and a
    left-out writable disk) and the two new disks are listed one at a time or both in
    the same mode; the cdrom without <readonly/> is varied alone."""
    if domain == "table" and vdc == "omit" and sdb == "omit":
        return True
    if vdb not in ("omit", "no"):
        return False
    if domain == "table-cdrom-rw":
        return vdc == "omit"
    return vdc == "omit" or sdb == "omit" or vdc == sdb


def main():
    print("# generated by tests/validity-model.py; domain, state, --disk-only, <memory>, "
          "vda, vdb, vdc, sdb, expected rule")
    for domain in DOMAINS:
        disks = domain_disks(domain)
        for state, disk_only, memory, vda, vdb, vdc, sdb in itertools.product(
                STATES, ["no", "yes"], MEMORY, WRITABLE, WRITABLE, NEW, NEW):
            if not kept(domain, vda, vdb, vdc, sdb):
                continue
            want = verdict(disks, state, disk_only == "yes", memory, [vda, vdb, vdc, sdb])
            print("\t".join([domain, state, disk_only, memory, vda, vdb, vdc, sdb, want]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
