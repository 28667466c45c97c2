#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""dg_regex.py - compiles XSD `pattern` facets into minimised DFAs over UTF-8 bytes, the
way libxml2 2.9.14 (xmlregexp.c, the engine behind `xmllint --relaxng`) reads them.

Importable by the domain-grammar generator (`sys.path` insert of tools/):

    dfa = compile_xsd_regex("[a-zA-Z0-9_\\-]+")   # ValueError if unsupported
    dfa_matches(dfa, b"vda")                       # whole-value match
    emit_c_dfas([dfa, ...], "dg_v12")              # C source: const dg_dfa dg_v12_dfas[]

Run as a script: `dg_regex.py PATTERN [VALUE...]` prints the DFA's size and verdicts.

Pipeline: pattern -> syntax tree (a port of libxml2's *grammar*, quirks included) ->
character sets as code-point intervals -> Thompson NFA whose character edges are expanded
into UTF-8 byte paths -> subset construction over bytes -> Moore minimisation -> byte
classes.  Standard library only; deterministic output.

libxml2's reading, where it differs from the XSD specification (each checked against
xmlRegexpExec by tests/dg-regex.sh):
  - the whole value must match; `^` and `$` are ordinary characters;
  - `.` is any character except `\\n` and `\\r`;
  - `\\s` is exactly space, tab, newline, carriage return; `\\S` its complement;
  - only XML characters (#x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF) ever
    match; a negated class or `.` matches every such character (1-4 UTF-8 bytes);
  - in a character class, a backslash escape is one character and never starts a range;
  - an unescaped `-` that neither follows `[` or `[^` nor precedes `]`, and does not
    close a range, is silently dropped (`[a-c-e]` is `[a-ce]`, `[\\.-z]` is `[.z]`);
  - `[^...]` negates only the characters up to the first `-` that ends a range group;
    later ones are positive again (libxml2's `ctxt->neg` is reset);
  - `{n,0}` means `{n}`; `{n,}` is unbounded.
Unsupported (ValueError): `\\p{..}`, `\\P{..}`, `\\d \\D \\w \\W \\i \\I \\c \\C` (their
meaning depends on libxml2's Unicode 4.01 and XML 1.0 tables; no libvirt schema uses
them), class subtraction `-[..]`, `{0}`/`{0,0}`, bounded repeats above 1000, and
anything libxml2 itself refuses to compile.
"""

import sys

MAX_REPEAT = 1000
MAX_STATES = 65535
MAX_DEPTH = 50          # libxml2's own nesting limit for groups

# The characters xmlRegCheckCharacter accepts at all (libxml2's IS_CHAR).
XML_CHARS = ((0x9, 0xA), (0xD, 0xD), (0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))
SPACE = ((0x9, 0xA), (0xD, 0xD), (0x20, 0x20))
NOT_NL = ((0x9, 0x9), (0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))
SINGLE_ESCAPES = {"n": 0xA, "r": 0xD, "t": 0x9}
SINGLE_ESCAPE_CHARS = set("\\|.?*+(){}-[]^")
UNSUPPORTED_ESCAPES = set("pPiIcCdDwW")


# ---------------------------------------------------------------------------------
# Interval sets: sorted, disjoint, non-adjacent tuples (lo, hi) of code points.

def iv_norm(ivs):
    """Sorts and merges intervals."""
    out = []
    for lo, hi in sorted(ivs):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def iv_and(a, b):
    """Intersection of two normalised interval sets."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def iv_minus(a, b):
    """a without b, both normalised."""
    out = []
    for lo, hi in a:
        cur = lo
        for blo, bhi in b:
            if bhi < cur or blo > hi:
                continue
            if blo > cur:
                out.append((cur, blo - 1))
            cur = max(cur, bhi + 1)
        if cur <= hi:
            out.append((cur, hi))
    return tuple(out)


def iv_chars(ivs):
    """Restricts to XML characters (nothing else ever matches in libxml2)."""
    return iv_and(iv_norm(ivs), XML_CHARS)


# ---------------------------------------------------------------------------------
# Parser: a port of the *grammar* xmlregexp.c accepts (xmlFAParseRegExp and callees).
# Nodes: ("set", ivs) | ("seq", [nodes]) | ("alt", [nodes]) | ("rep", node, min, max)
# with max None for unbounded.

class _Parser:
    def __init__(self, pattern):
        self.s = pattern
        self.i = 0
        self.depth = 0

    def cur(self, k=0):
        j = self.i + k
        return self.s[j] if 0 <= j < len(self.s) else "\0"

    def prev(self):
        return self.s[self.i - 1] if self.i > 0 else "\0"

    def fail(self, why):
        raise ValueError("pattern %r: %s at offset %d" % (self.s, why, self.i))

    def regexp(self):
        branches = [self.branch()]
        while self.cur() == "|":
            self.i += 1
            branches.append(self.branch())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def branch(self):
        pieces = []
        while True:
            p = self.piece()
            if p is None:
                break
            pieces.append(p)
        return pieces[0] if len(pieces) == 1 else ("seq", pieces)

    def piece(self):
        atom = self.atom()
        if atom is None:
            return None
        return self.quantifier(atom)

    def atom(self):
        c = self.cur()
        if c not in ".\\?*+()|[]\0":
            self.i += 1
            return ("set", iv_chars([(ord(c), ord(c))]))
        if c in "|)\0":
            return None
        if c == "(":
            self.i += 1
            if self.depth >= MAX_DEPTH:
                self.fail("nesting deeper than libxml2 allows")
            self.depth += 1
            node = self.regexp()
            self.depth -= 1
            if self.cur() != ")":
                self.fail("expecting ')'")
            self.i += 1
            return node
        if c in "[\\.":
            return self.char_class()
        return None      # '?', '*', '+', ']': libxml2 then fails with "extra characters"

    def quant_exact(self):
        start = self.i
        while "0" <= self.cur() <= "9":
            self.i += 1
        if self.i == start:
            self.fail("improper quantifier")
        return int(self.s[start:self.i])

    def quantifier(self, atom):
        c = self.cur()
        if c in "?*+":
            self.i += 1
            return ("rep", atom, 0 if c != "+" else 1, 1 if c == "?" else None)
        if c != "{":
            return atom
        self.i += 1
        lo, hi = self.quant_exact(), 0
        if self.cur() == ",":
            self.i += 1
            hi = None if self.cur() == "}" else self.quant_exact()
        if self.cur() != "}":
            self.fail("unterminated quantifier")
        self.i += 1
        if hi == 0:
            hi = lo           # libxml2: max 0 means max = min
        if hi == 0 or (hi is not None and hi < lo):
            self.fail("unsupported quantifier {%d,%s}" % (lo, hi))
        if max(lo, hi or 0) > MAX_REPEAT:
            self.fail("repeat count above %d" % MAX_REPEAT)
        return ("rep", atom, lo, hi)

    def char_class(self):
        if self.cur() != "[":
            return ("set", self.class_escape())
        self.i += 1
        ranges = []                     # (negated, interval set)
        self.char_group(ranges, False)
        if self.cur() != "]":
            self.fail("expecting ']'")
        self.i += 1
        reject = iv_norm([iv for neg, s in ranges if neg for iv in s])
        accept = XML_CHARS if any(neg for neg, _ in ranges) else \
            iv_norm([iv for neg, s in ranges if not neg for iv in s])
        return ("set", iv_minus(iv_chars(accept), reject))

    def class_escape(self):
        """xmlFAParseCharClassEsc: '.' or a backslash escape -> interval set."""
        if self.cur() == ".":
            self.i += 1
            return NOT_NL
        if self.cur() != "\\":
            self.fail("expecting '\\'")
        self.i += 1
        c = self.cur()
        self.i += 1
        if c in SINGLE_ESCAPES:
            return iv_chars([(SINGLE_ESCAPES[c],) * 2])
        if c in SINGLE_ESCAPE_CHARS:
            return iv_chars([(ord(c), ord(c))])
        if c == "s":
            return SPACE
        if c == "S":
            return iv_minus(XML_CHARS, SPACE)
        if c in UNSUPPORTED_ESCAPES:
            self.fail("unsupported escape \\%s" % c)
        self.fail("invalid escape \\%s" % c)

    def char_group(self, ranges, neg):
        """xmlFAParseCharGroup: '^'? then range groups until ']'."""
        if self.cur() == "^":
            self.i += 1
            self.pos_char_group(ranges, not neg)
        while self.cur() != "]":
            if self.cur() == "\0":
                self.fail("expecting ']'")
            if self.cur() == "-" and self.cur(1) == "[":
                self.fail("class subtraction is not supported")
            self.pos_char_group(ranges, neg)

    def pos_char_group(self, ranges, neg):
        while True:
            if self.cur() == "\\":
                ranges.append((neg, self.class_escape()))
            else:
                self.char_range(ranges, neg)
            if self.cur() in "]-\0":
                return

    def range_end_escape(self):
        c = self.cur()
        if c in SINGLE_ESCAPES:
            return SINGLE_ESCAPES[c]
        if c in SINGLE_ESCAPE_CHARS:
            return ord(c)
        self.fail("invalid escape in range")

    def char_range(self, ranges, neg):
        """xmlFAParseCharRange, including its handling of '-'."""
        c = self.cur()
        if c == "\0":
            self.fail("expecting ']'")
        if c in "[]":
            self.fail("expecting a char range")
        start = ord(c)
        if start == ord("-") and self.cur(1) != "]" and self.prev() not in "[^":
            self.i += 1              # libxml2 drops a lone '-' here
            return
        self.i += 1
        if self.cur() != "-" or self.cur(1) in "[]":
            ranges.append((neg, iv_chars([(start, start)])))
            return
        self.i += 1
        c = self.cur()
        if c == "\\":
            self.i += 1
            end = self.range_end_escape()
        elif c not in "\0[]":
            end = ord(c)
        else:
            self.fail("expecting the end of a char range")
        if end < start:
            self.fail("end of range before its start")
        self.i += 1
        ranges.append((neg, iv_chars([(start, end)])))


def parse(pattern):
    """Pattern -> syntax tree; ValueError where libxml2 fails or we do not follow."""
    p = _Parser(pattern)
    node = p.regexp()
    if p.i != len(pattern):
        p.fail("extra characters")
    return node


# ---------------------------------------------------------------------------------
# UTF-8: a code-point interval as byte-range sequences (the utf8-ranges split).

def _utf8(cp):
    return list(chr(cp).encode("utf-8", "surrogatepass"))


def utf8_sequences(lo, hi):
    """[lo, hi] -> list of sequences [(b0lo, b0hi), (b1lo, b1hi), ...]."""
    for m in (0x7F, 0x7FF, 0xFFFF):
        if lo <= m < hi:
            return utf8_sequences(lo, m) + utf8_sequences(m + 1, hi)
    if hi <= 0x7F:
        return [[(lo, hi)]]
    n = len(_utf8(lo))
    for k in range(1, n):
        m = (1 << (6 * k)) - 1
        if lo & ~m != hi & ~m:
            if lo & m:
                return utf8_sequences(lo, lo | m) + utf8_sequences((lo | m) + 1, hi)
            if hi & m != m:
                return utf8_sequences(lo, (hi & ~m) - 1) + utf8_sequences(hi & ~m, hi)
    return [list(zip(_utf8(lo), _utf8(hi)))]


# ---------------------------------------------------------------------------------
# Thompson NFA over bytes.

class _Nfa:
    def __init__(self):
        self.eps = []       # state -> [state]
        self.edges = []     # state -> [(lo, hi, state)]

    def new(self):
        self.eps.append([])
        self.edges.append([])
        return len(self.eps) - 1

    def build(self, node, a, b):
        """Adds node as a path from state a to state b."""
        kind = node[0]
        if kind == "set":
            for lo, hi in node[1]:
                for seq in utf8_sequences(lo, hi):
                    cur = a
                    for k, (blo, bhi) in enumerate(seq):
                        nxt = b if k == len(seq) - 1 else self.new()
                        self.edges[cur].append((blo, bhi, nxt))
                        cur = nxt
        elif kind == "seq":
            cur = a
            for k, sub in enumerate(node[1]):
                nxt = b if k == len(node[1]) - 1 else self.new()
                self.build(sub, cur, nxt)
                cur = nxt
            if not node[1]:
                self.eps[a].append(b)
        elif kind == "alt":
            for sub in node[1]:
                s, e = self.new(), self.new()
                self.eps[a].append(s)
                self.eps[e].append(b)
                self.build(sub, s, e)
        else:
            self.build_rep(node, a, b)

    def build_rep(self, node, a, b):
        _, sub, lo, hi = node
        cur = a
        for _k in range(lo):
            nxt = self.new()
            self.build(sub, cur, nxt)
            cur = nxt
        if hi is None:
            s, e = self.new(), self.new()
            self.eps[cur].append(s)
            self.build(sub, s, e)
            self.eps[e].append(s)
            self.eps[cur].append(b)
            self.eps[e].append(b)
            return
        for _k in range(hi - lo):
            nxt = self.new()
            self.eps[cur].append(b)
            self.build(sub, cur, nxt)
            cur = nxt
        self.eps[cur].append(b)

    def closure(self, states):
        seen = set(states)
        todo = list(states)
        while todo:
            for t in self.eps[todo.pop()]:
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        return frozenset(seen)


# ---------------------------------------------------------------------------------
# DFA

class Dfa:
    """Minimised DFA over UTF-8 bytes, whole-value match; state 0 is the dead state."""

    def __init__(self, classmap, nclasses, trans, start, accept, pattern=None):
        self.classmap = classmap
        self.nclasses = nclasses
        self.trans = trans
        self.start = start
        self.accept = accept
        self.pattern = pattern

    def key(self):
        return (tuple(self.classmap), tuple(map(tuple, self.trans)), self.start,
                tuple(self.accept))


def _subset(nfa, start, final):
    """Subset construction -> (table[state][byte], accept) with state 0 dead."""
    table, accept = [[0] * 256], [False]
    index = {frozenset(): 0}
    s0 = nfa.closure([start])
    index[s0] = 1
    table.append(None)
    accept.append(final in s0)
    order = [s0]
    k = 0
    while k < len(order):
        cur = order[k]
        k += 1
        row = [0] * 256
        moves = {}
        for st in cur:
            for lo, hi, to in nfa.edges[st]:
                for byte in range(lo, hi + 1):
                    moves.setdefault(byte, set()).add(to)
        cache = {}
        for byte, tos in moves.items():
            key = frozenset(tos)
            if key not in cache:
                tgt = nfa.closure(tos)
                if tgt not in index:
                    index[tgt] = len(table)
                    table.append(None)
                    accept.append(final in tgt)
                    order.append(tgt)
                cache[key] = index[tgt]
            row[byte] = cache[key]
        table[index[cur]] = row
        if len(table) > 20 * MAX_STATES:
            raise ValueError("DFA too large")
    return table, accept


def _minimise(table, accept, start):
    """Moore refinement; returns (rows over bytes, accept, start) renumbered from the
    start state breadth-first, the dead state first (0)."""
    n = len(table)
    cols = sorted(set(tuple(table[s][b] for s in range(n)) for b in range(256)))
    reps = []
    seen = set()
    for b in range(256):
        col = tuple(table[s][b] for s in range(n))
        if col not in seen:
            seen.add(col)
            reps.append(b)
    del cols
    block = [1 if accept[s] else 0 for s in range(n)]
    while True:
        sigs = {}
        new = []
        for s in range(n):
            sig = (block[s],) + tuple(block[table[s][b]] for b in reps)
            new.append(sigs.setdefault(sig, len(sigs)))
        if len(sigs) == len(set(block)):
            break
        block = new
    # renumber: dead block 0, then breadth-first from the start
    dead = block[0]
    number = {dead: 0}
    queue = [block[start]]
    if queue[0] not in number:
        number[queue[0]] = 1
    member = {}
    for s in range(n):
        member.setdefault(block[s], s)
    k = 0
    while k < len(queue):
        blk = queue[k]
        k += 1
        row = table[member[blk]]
        for b in range(256):
            t = block[row[b]]
            if t not in number:
                number[t] = len(number)
                queue.append(t)
    rows = [None] * len(number)
    acc = [False] * len(number)
    for blk, num in number.items():
        s = member[blk]
        rows[num] = [number[block[t]] for t in table[s]]
        acc[num] = accept[s]
    return rows, acc, number[block[start]]


def _classes(rows):
    """Byte classes: bytes whose columns are equal share a class, numbered by first byte."""
    classmap, ids, reps = [], {}, []
    for b in range(256):
        col = tuple(r[b] for r in rows)
        if col not in ids:
            ids[col] = len(ids)
            reps.append(b)
        classmap.append(ids[col])
    return classmap, len(ids), [[r[b] for b in reps] for r in rows]


def compile_xsd_regex(pattern):
    """XSD pattern (libxml2's reading) -> minimised Dfa; ValueError if unsupported."""
    tree = parse(pattern)
    nfa = _Nfa()
    start, final = nfa.new(), nfa.new()
    nfa.build(tree, start, final)
    table, accept = _subset(nfa, start, final)
    rows, acc, s0 = _minimise(table, accept, 1)
    if len(rows) > MAX_STATES:
        raise ValueError("pattern %r: %d DFA states, more than %d" %
                         (pattern, len(rows), MAX_STATES))
    classmap, ncls, trans = _classes(rows)
    return Dfa(classmap, ncls, trans, s0, acc, pattern)


def dfa_matches(dfa, value):
    """Whole-value match of bytes against the DFA."""
    s = dfa.start
    for byte in value:
        if s == 0:
            return False
        s = dfa.trans[s][dfa.classmap[byte]]
    return dfa.accept[s]


# ---------------------------------------------------------------------------------
# C output

def _c_comment(text):
    return text.replace("*/", "*\\/").replace("??", "?\\?").replace("\n", "\\n")


def _c_array(ctype, name, values, per_line=16):
    lines = ["static const %s %s[%d] = {" % (ctype, name, len(values))]
    for k in range(0, len(values), per_line):
        lines.append("\t" + ", ".join(str(v) for v in values[k:k + per_line]) + ",")
    lines.append("};")
    return lines


def emit_c_dfas(dfas, prefix):
    """C source defining `const dg_dfa <prefix>_dfas[]` (one entry per input DFA, in
    order); identical class maps, transition tables and accept vectors are shared."""
    out = ["/* DFAs of XSD pattern facets, from tools/dg_regex.py (generated). */",
           '#include "dg_regex.h"', ""]
    arrays = {}

    def share(kind, ctype, values):
        key = (kind, tuple(values))
        if key not in arrays:
            name = "%s_%s%d" % (prefix, kind, sum(1 for k in arrays if k[0] == kind))
            arrays[key] = name
            out.extend(_c_array(ctype, name, list(values)))
        return arrays[key]

    entries = []
    for d in dfas:
        if len(d.accept) > MAX_STATES:
            raise ValueError("DFA too large for uint16_t state numbers")
        cm = share("cm", "uint8_t", d.classmap)
        tr = share("tr", "uint16_t", [t for row in d.trans for t in row])
        ac = share("ac", "uint8_t", [1 if a else 0 for a in d.accept])
        note = " /* %s */" % _c_comment(d.pattern) if d.pattern is not None else ""
        entries.append("\t{ %s, %s, %s, %d, %d, %d },%s" %
                       (cm, tr, ac, d.nclasses, len(d.accept), d.start, note))
    out.append("")
    out.append("const dg_dfa %s_dfas[%d] = {" % (prefix, max(len(dfas), 1)))
    out.extend(entries or ["\t{ 0 },"])
    out.append("};")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: dg_regex.py PATTERN [VALUE...]\n")
        return 2
    dfa = compile_xsd_regex(argv[1])
    print("states %d classes %d start %d" % (len(dfa.accept), dfa.nclasses, dfa.start))
    for v in argv[2:]:
        print("%s\t%s" % (v, "match" if dfa_matches(dfa, v.encode("utf-8")) else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
