#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""dg-data.py - holds src/dg_data.c to libxml2: every (XSD type, facets) combination of
libvirt's schemas, every type dg_data knows and a few facet combinations of our own,
against values at and around each boundary (whitespace, signs, leading zeros, huge digit
strings, dates, names, lengths, pattern samples) and seeded random strings.  The C side
(tests/dg-data.c) judges each value whole, byte by byte and split at every position;
libxml2 judges it through a RELAX NG schema in memory (tests/xmlregex_ref.c data), the
way `xmllint --relaxng` does.

Usage: dg-data.py --ref XMLREGEX_REF --cc "CC CFLAGS" --work DIR [SCHEMA_DIR...]
Exit status 1 on any disagreement.
"""

import argparse
import glob
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import dg_regex  # noqa: E402

RNG = "{http://relaxng.org/ns/structure/1.0}"
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
BOUND = ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive")
LENGTHS = ("length", "minLength", "maxLength")

# Integer types: (lowest, highest) as libxml2 checks them (None: 24 digits).
INTS = {
    "integer": (None, None), "positiveInteger": (1, None), "long": (-2**63, 2**63 - 1),
    "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1), "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
    "nonNegativeInteger": (0, None), "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
}
TYPES = sorted(INTS) + ["string", "NCName", "dateTime"]

# Facet combinations of our own, beyond the schemas'.
EXTRA = [
    ("integer", (("minExclusive", "-5"), ("maxExclusive", "5"))),
    ("int", (("minInclusive", " -0010 "), ("maxInclusive", "+20"))),
    ("unsignedLong", (("maxExclusive", "18446744073709551615"),)),
    ("long", (("minInclusive", "-9223372036854775808"),)),
    ("string", (("length", "3"),)),
    ("string", (("minLength", "2"), ("maxLength", "4"))),
    ("string", (("pattern", "[a-c]{2}"), ("maxLength", "3"))),
    ("NCName", (("maxLength", "3"),)),
    ("NCName", (("pattern", "a.*"),)),
    ("positiveInteger", (("maxInclusive", "100000000000000000000000"),)),
    # libxml2 counts no characters in a number or a date: minLength fails, maxLength holds
    ("int", (("minLength", "3"),)),
    ("dateTime", (("maxLength", "0"),)),
]

WS = [" ", "\t", "\n", "\r", "  "]


def schema_combos(dirs):
    combos = set()
    for d in dirs:
        for f in sorted(glob.glob(os.path.join(d, "*.rng"))):
            for data in ET.parse(f).iter(RNG + "data"):
                t = data.get("type")
                params = tuple((p.get("name"), p.text) for p in data.findall(RNG + "param"))
                if t in TYPES:
                    combos.add((t, params))
    return combos


def with_space(rng, v):
    return [v, " " + v, v + " ", "\t" + v + "\n", "\r" + v + " ", v[:1] + " " + v[1:]]


def integer_values(t, params):
    lo, hi = INTS[t]
    nums = {0, 1, -1, 2, 9, 10, 100, 65535, 65536, 2**31, 2**32, 2**63, 2**64, 10**23,
            10**24 - 1, 10**24, 10**25}
    for b in (lo, hi):
        if b is not None:
            nums.update((b - 1, b, b + 1))
    for name, v in params:
        if name in BOUND:
            n = int(v.strip())
            nums.update((n - 1, n, n + 1))
    vals = set()
    for n in nums:
        for s in (str(n), str(-n)):
            vals.update((s, "+" + s, "000" + s.lstrip("-"), "-000" + s.lstrip("-"),
                         "0" * 30 + s.lstrip("-")))
    vals.update(("", " ", "+", "-", "+-1", "--1", "-0", "+0", "0x10", "1.0", "1e3", "1 2",
                 "\u0663", "12a", "a12", "\u00a012", "1" * 24, "1" * 25, "9" * 40))
    return vals


def datetime_values():
    base = ["2024-01-31T12:34:56", "2024-02-29T00:00:00", "2023-02-29T00:00:00",
            "1900-02-29T00:00:00", "2000-02-29T00:00:00", "2023-04-31T00:00:00",
            "2023-04-30T23:59:59", "2023-13-01T00:00:00", "2023-00-01T00:00:00",
            "2023-01-00T00:00:00", "-0001-01-01T00:00:00", "0000-01-01T00:00:00",
            "12024-01-01T00:00:00", "02024-01-01T00:00:00", "202-01-01T00:00:00",
            "2024-01-01T24:00:00", "2024-01-01T24:00:01", "2024-01-01T24:00:00.0",
            "2024-01-01T24:01:00", "2024-01-01T23:59:60", "2024-01-01T23:60:00",
            "2024-01-01T25:00:00", "2024-01-01T23:59:59.999",
            "2024-01-01T23:59:59.99999999999999999999", "2024-01-01T23:59:59.",
            "2024-01-01T00:00:00Z", "2024-01-01T00:00:00+14:00",
            "2024-01-01T00:00:00+14:01", "2024-01-01T00:00:00-14:00",
            "2024-01-01T00:00:00+23:59", "2024-01-01T00:00:00+05:30",
            "2024-01-01T00:00:00+5:30", "2024-01-01T00:00:00+05:60",
            "2024-01-01T00:00:00Z ", "2024-01-01t00:00:00", "2024-01-01T00:00:00z",
            "2024-01-01 00:00:00", "2024-01-01", "2024-01-01T00:00", "12:00:00",
            "9223372036854775807-01-01T00:00:00", "9223372036854775808-01-01T00:00:00",
            "-9223372036854775807-01-01T00:00:00", "+2024-01-01T00:00:00",
            "2024-1-01T00:00:00", "2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00ZZ",
            "2024-01-01T00:00:00+05:30x", "2024-02-30T00:00:00", "2400-02-29T00:00:00",
            "2100-02-29T00:00:00", "-0004-02-29T00:00:00", "-0100-02-29T00:00:00",
            "2024-01-01T00:00:00-00:00", "", "T"]
    vals = set()
    for v in base:
        vals.update(with_space(None, v))
    return vals


def ncname_values():
    base = ["a", "_a", "a-b.c", "1a", "-a", ".a", "a:b", "\u00e9", "a\u00e9", "a\u00b7",
            "\u01c5", "\u4e2d\u6587", "a\u0301", "\u0301a", "a\u0663", "\u0663",
            "\U00010000", "a\U00010000", "\u00d7", "a\u00d7", "A9_-.", "a b", "",
            "\u3007", "a\u3005", "\u0e01\u0e33"]
    vals = set()
    for v in base:
        vals.update(with_space(None, v))
    return vals


def string_values(params, rng):
    vals = {"", " ", "a", "\u00e9", "\u20ac\U0001F600", "a b", " a", "a\n"}
    for name, v in params:
        if name in LENGTHS:
            n = int(v)
            for k in (n - 1, n, n + 1):
                if k >= 0:
                    vals.update(("x" * k, "\u00e9" * k, "\U0001F600" * k, " " * k))
        if name == "pattern":
            tree = dg_regex.parse(v)
            sampler = __import__("dg_regex_sampler").Sampler(rng, False)
            for _ in range(40):
                s = sampler.gen(tree)
                vals.update((s, " " + s, s + "\n", s + s))
    return vals


def values_for(t, params):
    rng = random.Random(zlib.crc32(repr((t, params)).encode()))
    if t in INTS:
        vals = integer_values(t, params)
        alpha = "0123456789+- \t"
    elif t == "dateTime":
        vals = datetime_values()
        alpha = "0123456789-:TZ+. "
    elif t == "NCName":
        vals = ncname_values()
        alpha = "ab1_-.:\u00e9 "
    else:
        vals = set()
        alpha = "ab1 \u00e9"
    vals |= string_values(params, rng)
    for _ in range(60):
        vals.add("".join(rng.choice(alpha) for _ in range(rng.randint(0, 8))))
    return sorted(vals)


def run(cmd, lines):
    out = subprocess.run(cmd, input="".join(lines).encode(), stdout=subprocess.PIPE,
                         check=True).stdout.decode().split("\n")[:-1]
    if len(out) != len(lines):
        raise SystemExit("%s: %d verdicts for %d lines" % (cmd[0], len(out), len(lines)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("schemas", nargs="*")
    a = ap.parse_args()
    sys.path.insert(0, HERE)
    import importlib.util
    spec = importlib.util.spec_from_file_location("dg_regex_sampler",
                                                  os.path.join(HERE, "dg-regex.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules["dg_regex_sampler"] = mod

    from_schemas = schema_combos(a.schemas)
    combos = sorted(from_schemas | set(EXTRA) | {(t, ()) for t in TYPES})
    patterns = sorted({v for _, ps in combos for n, v in ps if n == "pattern"})
    csrc = os.path.join(a.work, "dgt_dfas.c")
    with open(csrc, "w") as f:
        f.write(dg_regex.emit_c_dfas([dg_regex.compile_xsd_regex(p) for p in patterns], "dgt"))
    runner = os.path.join(a.work, "dg-data")
    subprocess.run(a.cc.split() + ["-o", runner, os.path.join(HERE, "dg-data.c"), csrc,
                                    os.path.join(HERE, "..", "src", "dg_data.c")], check=True)

    cases, ref_lines, c_lines = [], [], []
    for t, params in combos:
        if sum(1 for n, _ in params if n == "pattern") > 1:
            raise SystemExit("dg-data: more than one pattern on %s" % t)
        p = dict(params)
        hexo = lambda k: p[k].encode().hex() if k in p else "-"  # noqa: E731
        ref_params = ",".join("%s=%s" % (n, v.encode().hex()) for n, v in params) or "-"
        fields = [t] + [hexo(k) for k in BOUND] + \
            [p[k].strip() if k in p else "-1" for k in LENGTHS] + \
            [str(patterns.index(p["pattern"])) if "pattern" in p else "-1"]
        for v in values_for(t, params):
            h = v.encode().hex()
            cases.append((t, params, v))
            ref_lines.append("%s\t%s\t%s\n" % (t, ref_params, h))
            c_lines.append("\t".join(fields + [h or "-"]) + "\n")
    # an empty value is '-' for the C runner's hex decoder as for the bounds
    lib = run([a.ref, "data"], ref_lines)
    got = run([runner], c_lines)
    bad = ["%s %r on %r: dg_data %s, libxml2 %s" % (t, params, v, g, r)
           for (t, params, v), g, r in zip(cases, got, lib) if g != r]

    ok_tables = check_nctables(a.ref)
    nvalid = sum(1 for r in lib if r == "1")
    print("dg-data: %d (type, facets) combinations (%d from the schemas), %d values (%d "
          "valid), each whole, byte by byte and split at every position: %d disagreements "
          "with libxml2" % (len(combos), len(from_schemas), len(cases), nvalid, len(bad)))
    print("dg-data: NCName tables in src/dg_data.c %s libxml2's"
          % ("match" if ok_tables else "DIFFER FROM"))
    for line in bad[:40]:
        print("FAIL: " + line)
    return 1 if bad or not ok_tables else 0


def check_nctables(ref):
    """src/dg_data.c's NCName block must be what `xmlregex_ref nctables` prints."""
    want = subprocess.run([ref, "nctables"], stdout=subprocess.PIPE, check=True).stdout.decode()
    with open(os.path.join(HERE, "..", "src", "dg_data.c")) as f:
        src = f.read()
    a = src.index("/* BEGIN nctables */\n") + len("/* BEGIN nctables */\n")
    b = src.index("/* END nctables */")
    return src[a:b] == want


if __name__ == "__main__":
    sys.exit(main())
