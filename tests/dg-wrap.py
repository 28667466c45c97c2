#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-wrap.py - wraps libvirt domain documents (root <domain>) into a stored snapshot that
# is valid at the snapshot level at every libvirt version 9.0.0..12.8.0, so that a
# validator's verdict on the result is its verdict on the domain alone.
"""Usage: dg-wrap.py [--root=NAME] OUTDIR FILE...

Each FILE whose root element is <domain> is written to OUTDIR as a <domainsnapshot> that
holds the domain's text unchanged (its namespace declarations included; only the XML
declaration before the root is dropped).  The output name is the input's directory name
and file name joined by "--" (the corpus repeats file names across directories).  Files
with another root are skipped.  With --root=NAME (domainsnapshot, domaincheckpoint) the
files whose root is <NAME> are copied to OUTDIR unchanged instead, under the same names.
Prints the number written and skipped on stderr.
Exit status: 0, or 2 on a usage error or an unreadable or not well-formed input.

As a module (tests/dg-mutate.py): root_name(data) and wrap(data).
"""
import os
import re
import sys
import xml.parsers.expat

# The snapshot around the domain: only elements every version's domainsnapshot.rng
# accepts (name, state, creationTime, memory, active: interleaved, each optional).  The
# domain starts on line 6.
HEAD = (b"<domainsnapshot>\n"
        b"  <name>dg-exact</name>\n"
        b"  <state>shutoff</state>\n"
        b"  <creationTime>1700000000</creationTime>\n"
        b"  <memory snapshot='no'/>\n")
TAIL = b"\n  <active>0</active>\n</domainsnapshot>\n"

XMLDECL = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*\?>[ \t\r\n]*")


class _Root(Exception):
    pass


def root_name(data):
    """The root element's name (as written, with any prefix); ExpatError if the document
    is not well-formed before its root start tag."""
    p = xml.parsers.expat.ParserCreate()

    def start(name, attrs):
        raise _Root(name)
    p.StartElementHandler = start
    try:
        p.Parse(data, True)
    except _Root as r:
        return r.args[0]
    return None


def wrap(data):
    """The stored snapshot holding the domain document `data` (bytes)."""
    return HEAD + XMLDECL.sub(b"", data, count=1).rstrip(b" \t\r\n") + TAIL


def out_name(path):
    return "%s--%s" % (os.path.basename(os.path.dirname(os.path.abspath(path))),
                       os.path.basename(path))


def main(argv):
    want = "domain"
    if argv and argv[0].startswith("--root="):
        want, argv = argv[0][len("--root="):], argv[1:]
    if len(argv) < 2 or argv[0].startswith("-") or not want:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    outdir, written, skipped = argv[0], 0, 0
    for path in argv[1:]:
        try:
            with open(path, "rb") as f:
                data = f.read()
            name = root_name(data)
        except (OSError, xml.parsers.expat.ExpatError) as e:
            print("dg-wrap.py: %s: %s" % (path, e), file=sys.stderr)
            return 2
        if name != want:
            skipped += 1
            continue
        with open(os.path.join(outdir, out_name(path)), "wb") as f:
            f.write(wrap(data) if want == "domain" else data)
        written += 1
    print("dg-wrap.py: %d %s, %d skipped (root not <%s>)" % (
        written, "wrapped" if want == "domain" else "copied", skipped, want), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
