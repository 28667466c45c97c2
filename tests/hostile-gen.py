#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""hostile-gen.py - writes one hostile input to stdout, streamed (never held whole in
memory), for tests/hostile.sh.  Usage: hostile-gen.py CASE"""
import sys

out = sys.stdout.buffer
HEAD = b"<domainsnapshot><name>s</name>"
TAIL = b"</domainsnapshot>\n"


def repeat(chunk, count):
    """Writes chunk count times, in blocks of about a megabyte."""
    per = max(1, (1 << 20) // max(1, len(chunk)))
    block = chunk * per
    while count >= per:
        out.write(block)
        count -= per
    out.write(chunk * count)


def big_value(size):
    repeat(b"a", size)


def doctype(subset):
    out.write(b'<?xml version="1.0"?>\n<!DOCTYPE domainsnapshot [\n' + subset + b"\n]>\n")


def laughs():
    doctype(b'<!ENTITY l0 "ha">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10)))
    out.write(b"<domainsnapshot><name>&l9;</name></domainsnapshot>\n")


def quadratic():
    doctype(b'<!ENTITY a "' + b"x" * 100000 + b'">')
    out.write(b"<domainsnapshot><name>s</name><description>")
    repeat(b"&a;", 50000)
    out.write(b"</description></domainsnapshot>\n")


def nested(depth, inside_cookie):
    out.write(HEAD + (b"<cookie>" if inside_cookie else b"<description>"))
    repeat(b"<a>", depth)
    repeat(b"</a>", depth)
    out.write((b"</cookie>" if inside_cookie else b"</description>") + TAIL)


def disks(count, pad=0):
    out.write(HEAD + b"<disks>")
    repeat(b'<disk name="vda" snapshot="no"' + b" " * pad + b"/>", count)
    out.write(b"</disks>" + TAIL)


DOM_HEAD = (b"<domainsnapshot><name>s</name><state>shutoff</state>"
            b"<creationTime>1</creationTime><memory snapshot='no'/>"
            b"<domain type='kvm'><name>vm</name><memory>1048576</memory>"
            b"<os><type>hvm</type></os>")
DOM_TAIL = b"</domain></domainsnapshot>\n"


def domain_devices(count):
    """The generated domain tier on many distinct values: interfaces with their own MAC
    and PCI address each, so no value repeats (the value cache and memo must stay within
    the engine's cap, the document valid)."""
    out.write(DOM_HEAD + b"<devices>")
    for i in range(count):
        out.write(b"<interface type='network'><mac address='52:54:%02x:%02x:%02x:%02x'/>"
                  b"<source network='n%d'/><address type='pci' domain='0x0000' bus='0x%02x'"
                  b" slot='0x%02x' function='0x%x'/></interface>"
                  % (i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255, i,
                     1 + i // 256 % 254, i // 8 % 32, i % 8))
    out.write(b"</devices>" + DOM_TAIL)


# Optional children of a file <disk>, each valid once in any order ({n}: the disk's number).
DISK_KIDS = (b"<driver name='qemu' type='raw'/>", b"<readonly/>", b"<shareable/>",
             b"<transient/>", b"<serial>s1</serial>", b"<wwn>0x5000c50015ea71ad</wwn>",
             b"<vendor>v</vendor>", b"<product>p</product>", b"<boot order='{n}'/>",
             b"<alias name='ua-d{n}'/>", b"<blockio logical_block_size='512'/>",
             b"<geometry cyls='16383' heads='16' secs='63'/>",
             b"<iotune><total_bytes_sec>1000</total_bytes_sec></iotune>",
             b"<address type='drive' controller='0' bus='0' target='0' unit='{n}'/>")


def domain_disk_orders(count):
    """A valid domain whose disks each hold a different subset of their optional children
    in a different order (a fixed linear congruential sequence, so every run writes the
    same bytes): every disk leads the derivative engine through states no earlier disk
    reached, until the arena meets its cap."""
    out.write(DOM_HEAD + b"<devices>\n")
    x = 12345
    for i in range(count):
        kids = [k.replace(b"{n}", b"%d" % (i + 1)) for k in DISK_KIDS]
        kids += [b"<source file='/d%d'/>" % i, b"<target dev='sd%d' bus='scsi'/>" % i]
        for j in range(len(kids) - 1, 0, -1):  # Fisher-Yates with the sequence
            x = (x * 1103515245 + 12345) % (1 << 31)
            k = x % (j + 1)
            kids[j], kids[k] = kids[k], kids[j]
        x = (x * 1103515245 + 12345) % (1 << 31)
        drop = x % 12  # leave out some optional children, never the required two
        kids = [k for k in kids if not any(k == DISK_KIDS[d].replace(b"{n}", b"%d" % (i + 1))
                                           for d in range(drop))]
        out.write(b"<disk type='file' device='disk'>" + b"".join(kids) + b"</disk>\n")
    out.write(b"</devices>" + DOM_TAIL)


def domain_deep(depth):
    """Nesting inside <metadata>, where the domain grammar takes any element."""
    out.write(DOM_HEAD + b"<metadata>")
    repeat(b"<a>", depth)
    repeat(b"</a>", depth)
    out.write(b"</metadata>" + DOM_TAIL)


LIMIT = 10000000  # snaplint's default token limit, libxml2's for one value


def tag_at_limit(unit):
    """A start tag of units (attributes, declarations) of exactly LIMIT bytes or just
    under, from '<' to '>'."""
    head = b"<domainsnapshot"
    out.write(head)
    size, i = len(head), 0
    while True:
        u = unit(i)
        if size + len(u) + 1 > LIMIT:
            break
        out.write(u)
        size, i = size + len(u), i + 1
    out.write(b"><name>s</name>" + TAIL)


def value(size):
    """A <memory file='...'> value of exactly size bytes."""
    out.write(HEAD + b'<memory snapshot="external" file="/')
    big_value(size - 1)
    out.write(b'"/>')


CASES = {
    "domain-200k-interfaces": lambda: domain_devices(200000),
    "domain-deep-1e5-metadata": lambda: domain_deep(100000),
    "domain-disk-orders-25k": lambda: domain_disk_orders(25000),
    "laughs": laughs,
    "quadratic": quadratic,
    "external-dtd": lambda: out.write(
        b'<!DOCTYPE domainsnapshot SYSTEM "http://127.0.0.1:9/x.dtd">\n' + HEAD + TAIL),
    "external-entity": lambda: (doctype(b'<!ENTITY e SYSTEM "file:///etc/passwd">'),
                                out.write(b"<domainsnapshot><name>&e;</name>" + TAIL)),
    "attr-default": lambda: (doctype(b'<!ATTLIST memory snapshot CDATA "external">'),
                             out.write(HEAD + b"<memory/>" + TAIL)),
    "entity-chain": lambda: (doctype(b"".join(b'<!ENTITY e%d "&e%d;">' % (i, i + 1)
                                              for i in range(10000)) + b'<!ENTITY e10000 "x">'),
                             out.write(b"<domainsnapshot><name>&e0;</name>" + TAIL)),
    "deep-1e5-cookie": lambda: nested(100000, True),
    "deep-1e6-cookie": lambda: nested(1000000, True),
    "deep-1e5-description": lambda: nested(100000, False),
    "deep-1e6-description": lambda: nested(1000000, False),
    "attr-4MiB": lambda: (out.write(HEAD + b'<memory snapshot="external" file="/'),
                          big_value(4 << 20), out.write(b'"/>' + TAIL)),
    "attr-100MiB": lambda: (out.write(HEAD + b'<memory snapshot="external" file="/'),
                            big_value(100 << 20), out.write(b'"/>' + TAIL)),
    "text-4MiB": lambda: (out.write(HEAD + b"<description>"), big_value(4 << 20),
                          out.write(b"</description>" + TAIL)),
    "text-100MiB": lambda: (out.write(HEAD + b"<description>"), big_value(100 << 20),
                            out.write(b"</description>" + TAIL)),
    "name-4MiB": lambda: (out.write(HEAD + b"<"), big_value(4 << 20), out.write(b"/>" + TAIL)),
    "name-100MiB": lambda: (out.write(HEAD + b"<"), big_value(100 << 20), out.write(b"/>" + TAIL)),
    "attrs-200k": lambda: (out.write(b"<domainsnapshot"),
                           out.write(b"".join(b' a%d="1"' % i for i in range(200000))),
                           out.write(b"><name>s</name>" + TAIL)),
    "attrs-60k": lambda: (out.write(b"<domainsnapshot"),
                          out.write(b"".join(b' a%d="1"' % i for i in range(60000))),
                          out.write(b"><name>s</name>" + TAIL)),
    "xmlns-200k": lambda: (out.write(b"<domainsnapshot"),
                           out.write(b"".join(b' xmlns:n%d="urn:x:%d"' % (i, i) for i in range(200000))),
                           out.write(b"><name>s</name>" + TAIL)),
    "xmlns-500k": lambda: (out.write(b"<domainsnapshot"),
                           out.write(b"".join(b' xmlns:n%d="urn:x:%d"' % (i, i) for i in range(500000))),
                           out.write(b"><name>s</name>" + TAIL)),
    # tokens right at the default limit, which libvirt (libxml2) reads
    "attr-10MB": lambda: (value(LIMIT), out.write(TAIL)),
    "attr-10MB-and-128KiB": lambda: (value(LIMIT + (128 << 10)), out.write(TAIL)),
    "attr-8500kB-then-text": lambda: (value(8500000), out.write(b"<description>"),
                                      big_value(5000000), out.write(b"</description>" + TAIL)),
    "comment-10MB": lambda: (out.write(HEAD + b"<!--"), big_value(LIMIT), out.write(b"-->" + TAIL)),
    "xmlns-10MB": lambda: tag_at_limit(lambda i: b' xmlns:n%d="urn:x:%d"' % (i, i)),
    "xattrs-10MB": lambda: tag_at_limit(lambda i: b' xmlns:n%d="u:%d" n%d:a="1"' % (i, i, i)),
    # not run by hostile.sh, measured for BENCHMARKS.md (peak RSS at the limit)
    "attrs-10MB": lambda: tag_at_limit(lambda i: b' a%d="1"' % i),
    "name-10MB": lambda: (out.write(HEAD + b"<"), big_value(LIMIT), out.write(b"/>" + TAIL)),
    "disks-2M-same-name": lambda: disks(2000000),
    "disks-20k-padded": lambda: disks(20000, 300),
    "utf8-invalid": lambda: out.write(HEAD + b"<description>\xff\xfe</description>" + TAIL),
    "utf8-overlong": lambda: out.write(HEAD + b"<description>\xc0\xaf</description>" + TAIL),
    "nul-byte": lambda: out.write(HEAD + b"<description>a\x00b</description>" + TAIL),
    "charref-forbidden": lambda: out.write(HEAD + b"<description>&#0;</description>" + TAIL),
    "encoding-unknown": lambda: out.write(b'<?xml version="1.0" encoding="x-klingon"?>' + HEAD + TAIL),
    "utf16-bom": lambda: out.write(b"\xff\xfe" + ("<domainsnapshot><name>s</name></domainsnapshot>\n").encode("utf-16-le")),
    "empty": lambda: None,
    "whitespace": lambda: out.write(b"  \n\t\n"),
    "two-roots": lambda: out.write(HEAD + b"</domainsnapshot><domainsnapshot/>\n"),
    "truncated": lambda: out.write(HEAD + b"<description>cut he"),
    "split-cdata-comment": lambda: out.write(
        HEAD + b"<state>shut<![CDATA[o]]>f<!-- x -->f</state>" + TAIL),
    "split-cdata-comment-bad": lambda: out.write(
        HEAD + b"<state>shut<![CDATA[o]]>f<!-- x -->x</state>" + TAIL),
    "ulong-max": lambda: out.write(b"<domaincheckpoint><name>c</name><disks><disk name='vda' "
                                   b"checkpoint='bitmap' size='18446744073709551615'/></disks></domaincheckpoint>\n"),
    "ulong-overflow": lambda: out.write(b"<domaincheckpoint><name>c</name><disks><disk name='vda' "
                                        b"checkpoint='bitmap' size='18446744073709551616'/></disks></domaincheckpoint>\n"),
    "stream-2GiB": lambda: (out.write(HEAD + b"<description>"), big_value((2 << 30) + (1 << 20)),
                            out.write(b"</description>" + TAIL)),
}

if __name__ == "__main__":
    try:
        CASES[sys.argv[1]]()
        out.flush()
    except BrokenPipeError:
        pass
