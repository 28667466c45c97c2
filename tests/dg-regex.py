#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""dg-regex.py - holds tools/dg_regex.py to libxml2: every XSD `pattern` of libvirt's
schemas (and hand-made patterns for libxml2's quirks) against boundary and seeded random
strings, judged three ways that must agree: the Python DFA (dfa_matches), the emitted C
tables through src/dg_regex.h (tests/dg-regex.c, whole and byte by byte), and libxml2's
xmlRegexpExec (tests/xmlregex_ref.c).

Usage: dg-regex.py --ref XMLREGEX_REF --cc "CC CFLAGS" --work DIR [SCHEMA_DIR...]
Each SCHEMA_DIR is a libvirt schema directory; its *.rng `pattern` params are collected.
Without one, only the hand-made patterns run.  Exit status 1 on any disagreement.
"""

import argparse
import glob
import os
import random
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import dg_regex  # noqa: E402

RNG = "{http://relaxng.org/ns/structure/1.0}"

# Patterns of our own: libxml2's reading where it is surprising, and each construct.
HAND = [
    "[a-c-e]", "[^a-c-e]", "[\\.-z]", "[-a]", "[a-]", "[^-a]", "[a\\-z]", "[\\--/]",
    "a{2,}", "a{3,0}", "(ab|a)*b", "\\s+\\S", ".*", "[^\\s]", "x|", "(|a)b", "[\\n\\r\\t]+",
    "\u00e9{2}", "[\u03b1-\u03c9]+", "[^\u00e9]", "\\^$", "$^", "a?b+c*", "(a|b){2,3}c",
    "[\\-]", "[^\\]]+", "\\.\\?\\*\\+\\{\\}\\(\\)\\|\\\\", "[ -~]{2}", "[^a]{3}",
    ".{2,3}", "[\u20ac-\U0001F600]", "[^\\n]", "((a|b)c){1,2}|d", "([0-9]{0,2}:){2,3}",
    "a{1,3}b{2}", "[^/]+/[^/]*", "{a}", "a}", "(a)(b)(c)", "[]", "(a{1,3}b)?a{1,3}",
    "a{2,3}b|a{1,3}c", "(a|ab)(c|bcd)", "((ab){1,2}|a){2}", "(a{1,2}){2,3}b",
]
# libxml2 refuses these; dg_regex must too.
REFUSED = ["\\$", "a**", "(a", "[a", "a{,2}", "\\q", "[z-a]", "a)", "*a", "a{2"]
# libxml2 compiles these, dg_regex deliberately does not (not in any libvirt schema).
UNSUPPORTED = ["\\d", "\\w+", "\\i\\c*", "\\p{L}", "\\P{Nd}", "[a-[b]]", "a{0}", "\\D",
               "[\\d]"]

SPECIALS = [0x9, 0xA, 0xD, 0x20, 0x2D, 0x7E, 0x7F, 0x80, 0xA0, 0xE9, 0x7FF, 0x800,
            0x20AC, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF]


def schema_patterns(dirs):
    pats = set()
    for d in dirs:
        for f in sorted(glob.glob(os.path.join(d, "*.rng"))):
            for data in ET.parse(f).iter(RNG + "data"):
                for p in data.findall(RNG + "param"):
                    if p.get("name") == "pattern":
                        pats.add(p.text)
    return sorted(pats)


def xml_char(c):
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or \
        0x10000 <= c <= 0x10FFFF


def sets_of(node, out):
    if node[0] == "set":
        out.append(node[1])
    elif node[0] in ("seq", "alt"):
        for sub in node[1]:
            sets_of(sub, out)
    else:
        sets_of(node[1], out)
    return out


def alphabet(tree):
    """Boundary characters of every class, one random member each, and SPECIALS."""
    chars = set(SPECIALS)
    for ivs in sets_of(tree, []):
        for lo, hi in ivs:
            chars.update((lo - 1, lo, lo + 1, hi - 1, hi, hi + 1))
    return sorted(c for c in chars if xml_char(c))


class Sampler:
    """Strings from the pattern's language, with off-by-one repeat counts now and then."""

    def __init__(self, rng, sloppy):
        self.rng = rng
        self.sloppy = sloppy

    def gen(self, node):
        r = self.rng
        kind = node[0]
        if kind == "set":
            lo, hi = r.choice(node[1]) if node[1] else (0x21, 0x21)
            return chr(r.choice([lo, hi, r.randint(lo, hi)]))
        if kind == "seq":
            return "".join(self.gen(sub) for sub in node[1])
        if kind == "alt":
            return self.gen(r.choice(node[1]))
        _, sub, lo, hi = node
        top = hi if hi is not None else lo + 3
        n = r.choice([lo, top, r.randint(lo, top)])
        if self.sloppy and r.random() < 0.3:
            n = max(0, r.choice([lo - 1, top + 1]))
        return "".join(self.gen(sub) for _ in range(n))


def mutate(rng, s, alpha):
    ops = rng.randint(0, 5)
    c = chr(rng.choice(alpha))
    i = rng.randint(0, len(s))
    if ops == 0 and s:
        return s[:i] + s[i + 1:]
    if ops == 1:
        return s[:i] + c + s[i:]
    if ops == 2 and s:
        return s[:max(i - 1, 0)] + c + s[i:]
    if ops == 3:
        return rng.choice(" \t\n\r") + s
    if ops == 4:
        return s + rng.choice(" \t\n\r")
    return s + s


def values_for(pattern, tree, count):
    """Deterministic test strings for one pattern: boundaries, samples, mutations, noise."""
    rng = random.Random(zlib.crc32(pattern.encode("utf-8")))
    alpha = alphabet(tree)
    vals = {"", " ", "\n", "\r", "\t"}
    vals.update(chr(c) for c in alpha)
    good = Sampler(rng, False)
    near = Sampler(rng, True)
    for _ in range(count // 3):
        s = good.gen(tree)
        vals.update((s, " " + s, s + " ", "\n" + s, s + "\r"))
        vals.add(near.gen(tree))
        vals.add(mutate(rng, s, alpha))
    while len(vals) < count:
        vals.add("".join(chr(rng.choice(alpha)) for _ in range(rng.randint(0, 12))))
    return sorted(vals)


def run(cmd, lines):
    out = subprocess.run(cmd, input="".join(lines).encode(), stdout=subprocess.PIPE,
                         check=True).stdout.decode().split()
    if len(out) != len(lines):
        raise SystemExit("%s: %d verdicts for %d lines" % (cmd[0], len(out), len(lines)))
    return out


def check_refused(ref):
    """REFUSED: libxml2 and dg_regex both refuse; UNSUPPORTED: dg_regex refuses."""
    bad = []
    verdicts = run([ref, "regex"], ["%s\t\n" % p for p in REFUSED])
    for p, v in zip(REFUSED, verdicts):
        try:
            dg_regex.compile_xsd_regex(p)
            bad.append("%r: libxml2 %s, dg_regex compiles it" % (p, v))
        except ValueError:
            if v != "E":
                bad.append("%r: dg_regex refuses it, libxml2 compiles it" % p)
    for p in UNSUPPORTED:
        try:
            dg_regex.compile_xsd_regex(p)
            bad.append("%r: expected ValueError" % p)
        except ValueError:
            pass
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--per-pattern", type=int, default=400)
    ap.add_argument("schemas", nargs="*")
    a = ap.parse_args()

    from_schemas = schema_patterns(a.schemas)
    pats = from_schemas + [p for p in HAND if p not in from_schemas]
    t0 = time.time()
    dfas = [dg_regex.compile_xsd_regex(p) for p in pats]
    t_compile = time.time() - t0
    csrc = os.path.join(a.work, "dgt_dfas.c")
    with open(csrc, "w") as f:
        f.write(dg_regex.emit_c_dfas(dfas, "dgt"))
    runner = os.path.join(a.work, "dg-regex")
    subprocess.run(a.cc.split() + ["-Isrc", "-o", runner, os.path.join(HERE, "dg-regex.c"),
                                    csrc], check=True)

    cases, ref_lines, c_lines, py = [], [], [], []
    for k, (p, d) in enumerate(zip(pats, dfas)):
        for v in values_for(p, dg_regex.parse(p), a.per_pattern):
            b = v.encode("utf-8")
            cases.append((p, v))
            ref_lines.append("%s\t%s\n" % (p, b.hex()))
            c_lines.append("%d\t%s\n" % (k, b.hex()))
            py.append("1" if dg_regex.dfa_matches(d, b) else "0")
    lib = run([a.ref, "regex"], ref_lines)
    cv = run([runner], c_lines)

    bad = check_refused(a.ref)
    for (p, v), x, y, z in zip(cases, py, cv, lib):
        if not x == y == z:
            bad.append("%r on %r: python %s, C %s, libxml2 %s" % (p, v, x, y, z))
    states = sorted(((len(d.accept), p) for p, d in zip(pats, dfas)), reverse=True)
    nmatch = sum(1 for z in lib if z == "1")
    print("dg-regex: %d schema patterns + %d hand-made, %d values (%d match): "
          "%d disagreements between the Python DFA, the C tables and libxml2"
          % (len(from_schemas), len(pats) - len(from_schemas), len(cases), nmatch, len(bad)))
    print("dg-regex: %d refused and %d unsupported patterns checked; DFA states: %d in "
          "all, largest %d (%s), compiled in %.1f s"
          % (len(REFUSED), len(UNSUPPORTED), sum(n for n, _ in states), states[0][0],
             states[0][1][:40], t_compile))
    differ = [p for p, d in zip(from_schemas, dfas) if d.key() != dg_regex.compile_clean(p).key()]
    print("dg-regex: libxml2 accepts another language than the XSD specification for %d "
          "schema patterns: %s" % (len(differ), ", ".join(p[:40] for p in differ)))
    for line in bad[:30]:
        print("FAIL: " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
