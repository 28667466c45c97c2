#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""dg_regex.py - compiles XSD `pattern` facets into minimised DFAs over UTF-8 bytes, the
way libxml2 2.9.14 (xmlregexp.c, the engine behind `xmllint --relaxng`) reads them.

Importable by the domain-grammar generator (`sys.path` insert of tools/):

    dfa = compile_xsd_regex("[a-zA-Z0-9_\\-]+")   # ValueError if unsupported
    dfa_matches(dfa, b"vda")                       # whole-value match
    emit_c_dfas([dfa, ...], "dg_v12")              # C source: const dg_dfa dg_v12_dfas[]

Run as a script: `dg_regex.py PATTERN [VALUE...]` prints the DFA's size and verdicts.

Pipeline: pattern -> syntax tree (a port of libxml2's grammar, quirks included) ->
libxml2's own automaton (rebuilt as xmlregexp.c builds it) -> its execution modelled as
a nondeterministic machine over character classes -> subset construction -> each
character class expanded into UTF-8 byte paths -> subset construction over bytes ->
Hopcroft minimisation -> byte classes.  Standard library only; deterministic output.

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
  - `{n,0}` means `{n}`; `{n,}` is unbounded;
  - libxml2 does not always accept the pattern's language: its automaton for an
    alternation can share a state with what follows a group (it accepts "NONE,NEW" for
    ((NEW|ESTABLISHED|RELATED|INVALID)(,(NEW|...))*|NONE)), and its backtracking retries
    the other transitions of a state from the LAST character a counted atom such as
    [0-9a-f]{1,4} matched greedily, not the first (it accepts "5Dab" for
    ((0x)?[0-9a-fA-F]{1,3}\\.){0,3}(0x)?[0-9a-fA-F]{1,3}).  compile_xsd_regex accepts
    exactly what libxml2 accepts; compile_clean gives the pattern's own language.
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
# Parser: a port of the grammar xmlregexp.c accepts (xmlFAParseRegExp and callees), to a
# tree shaped like libxml2's parse so that its automaton can be rebuilt from it:
#   regexp = ("alt", [branch...]), branch = [piece...], piece = (atom, quant, min, max)
#   atom   = ("char", type, data, charset) | ("sub", regexp)
# quant is one of the Q_* names below; max is INT_MAX for {n,}.  A char atom's type is
# libxml2's (T_CHARVAL with data = code point, T_RANGES with data = [(neg, type, lo, hi)],
# T_ANYCHAR, T_ANYSPACE, T_NOTSPACE); charset is the interval set it matches.

INT_MAX = 2 ** 31 - 1
T_EPSILON, T_CHARVAL, T_RANGES, T_SUBREG, T_STRING, T_ANYCHAR, T_ANYSPACE, T_NOTSPACE = \
    1, 2, 3, 4, 5, 6, 7, 8
Q_ONCE, Q_OPT, Q_MULT, Q_PLUS, Q_RANGE = "once", "opt", "mult", "plus", "range"


def range_set(rtype, lo, hi):
    """The characters one class range (not negated) matches."""
    if rtype == T_CHARVAL:
        return iv_chars([(lo, hi)])
    if rtype == T_ANYSPACE:
        return SPACE
    if rtype == T_NOTSPACE:
        return iv_minus(XML_CHARS, SPACE)
    return NOT_NL


def ranges_set(ranges):
    """xmlRegCheckCharacter on a T_RANGES atom: a character matches if no negated range
    holds it and (some range is negated or a positive range holds it)."""
    reject = iv_norm([iv for neg, t, lo, hi in ranges if neg for iv in range_set(t, lo, hi)])
    if any(neg for neg, _t, _lo, _hi in ranges):
        accept = XML_CHARS
    else:
        accept = iv_norm([iv for _n, t, lo, hi in ranges for iv in range_set(t, lo, hi)])
    return iv_minus(iv_chars(accept), reject)


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
        return ("alt", branches)

    def branch(self):
        pieces = []
        while True:
            p = self.piece()
            if p is None:
                return pieces
            pieces.append(p)

    def piece(self):
        atom = self.atom()
        if atom is None:
            return None
        return self.quantifier(atom)

    def atom(self):
        c = self.cur()
        if c not in ".\\?*+()|[]\0":
            self.i += 1
            return ("char", T_CHARVAL, ord(c), iv_chars([(ord(c), ord(c))]))
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
            return ("sub", node)
        if c in "[\\.":
            return self.char_class()
        return None      # '?', '*', '+', ']': libxml2 then fails with "extra characters"

    def quant_exact(self):
        start = self.i
        while "0" <= self.cur() <= "9":
            self.i += 1
        if self.i == start or int(self.s[start:self.i]) > INT_MAX:
            self.fail("improper quantifier")
        return int(self.s[start:self.i])

    def quantifier(self, atom):
        c = self.cur()
        if c in "?*+":
            self.i += 1
            return (atom, {"?": Q_OPT, "*": Q_MULT, "+": Q_PLUS}[c], 0, 0)
        if c != "{":
            return (atom, Q_ONCE, 0, 0)
        self.i += 1
        lo, hi = self.quant_exact(), 0
        if self.cur() == ",":
            self.i += 1
            hi = INT_MAX if self.cur() == "}" else self.quant_exact()
        if self.cur() != "}":
            self.fail("unterminated quantifier")
        self.i += 1
        if hi == 0:
            hi = lo           # libxml2: max 0 means max = min
        if hi == 0 or hi < lo:
            self.fail("unsupported quantifier {%d,%d}" % (lo, hi))
        if min(hi, lo if hi == INT_MAX else hi) > MAX_REPEAT:
            self.fail("repeat count above %d" % MAX_REPEAT)
        return (atom, Q_RANGE, lo, hi)

    def char_class(self):
        if self.cur() != "[":
            return self.class_escape(None)
        self.i += 1
        ranges = []                     # (negated, type, lo, hi), in libxml2's order
        self.char_group(ranges, False)
        if self.cur() != "]":
            self.fail("expecting ']'")
        self.i += 1
        return ("char", T_RANGES, ranges, ranges_set(ranges))

    def class_escape(self, ranges, neg=False):
        """xmlFAParseCharClassEsc: an atom, or (inside a class) a range appended."""
        if self.cur() == ".":
            self.i += 1
            kind, data = T_ANYCHAR, None
        else:
            if self.cur() != "\\":
                self.fail("expecting '\\'")
            self.i += 1
            c = self.cur()
            self.i += 1
            if c in SINGLE_ESCAPES or c in SINGLE_ESCAPE_CHARS:
                kind, data = T_CHARVAL, SINGLE_ESCAPES.get(c, ord(c))
            elif c in "sS":
                kind, data = (T_ANYSPACE if c == "s" else T_NOTSPACE), None
            elif c in UNSUPPORTED_ESCAPES:
                self.fail("unsupported escape \\%s" % c)
            else:
                self.fail("invalid escape \\%s" % c)
        if ranges is not None:
            ranges.append((neg, kind, data or 0, data or 0))
            return None
        if kind == T_CHARVAL:
            return ("char", kind, data, iv_chars([(data, data)]))
        return ("char", kind, data, range_set(kind, 0, 0))

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
                self.class_escape(ranges, neg)
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
            ranges.append((neg, T_CHARVAL, start, start))
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
        ranges.append((neg, T_CHARVAL, start, end))


def parse_libxml(pattern):
    """Pattern -> libxml2-shaped tree; ValueError where libxml2 fails or we do not follow."""
    p = _Parser(pattern)
    node = p.regexp()
    if p.i != len(pattern):
        p.fail("extra characters")
    return node


def _clean(node):
    """libxml2-shaped tree -> the plain regular-expression tree the Thompson construction
    and the tests' samplers use: ("set", ivs) | ("seq", [..]) | ("alt", [..]) |
    ("rep", node, min, max-or-None)."""
    if node[0] == "alt":
        alts = [_clean_branch(b) for b in node[1]]
        return alts[0] if len(alts) == 1 else ("alt", alts)
    if node[0] == "sub":
        return _clean(node[1])
    return ("set", node[3])


def _clean_branch(pieces):
    out = []
    for atom, quant, lo, hi in pieces:
        sub = _clean(atom)
        if quant == Q_ONCE:
            out.append(sub)
        elif quant == Q_OPT:
            out.append(("rep", sub, 0, 1))
        elif quant == Q_MULT:
            out.append(("rep", sub, 0, None))
        elif quant == Q_PLUS:
            out.append(("rep", sub, 1, None))
        else:
            out.append(("rep", sub, lo, None if hi == INT_MAX else hi))
    return out[0] if len(out) == 1 else ("seq", out)


def parse(pattern):
    """Pattern -> plain regular-expression tree (the language the XSD spec means)."""
    return _clean(parse_libxml(pattern))


# ---------------------------------------------------------------------------------
# libxml2's automaton and its execution.  xmlRegexpExec does not always accept the
# regular language of the pattern: its backtracking search resumes some alternatives at
# the wrong input position (after a counted atom such as [0-9a-f]{1,4} has matched
# greedily, the alternative transitions of the same state are retried at the position
# of the LAST character it matched, not the first), so it accepts e.g. "5Dab" for
# ((0x)?[0-9a-fA-F]{1,3}\.){0,3}(0x)?[0-9a-fA-F]{1,3}.  To agree byte for byte, the
# automaton is rebuilt as xmlregexp.c builds it (xmlFAGenerateTransitions,
# xmlFAEliminateEpsilonTransitions, xmlFAComputesDeterminism) and its execution
# (xmlFARegExec) is modelled as a nondeterministic machine over configurations, which the
# subset construction then determinises.  Configurations:
#   ("S", state, next transition, counters)           scanning a state's transitions
#   ("L", state, transition, k, counters, counters+1, c) inside a counted atom's greedy
#        loop after k characters, c the class of the last one
#   ("R", S-configuration, c)                          an alternative resumed one
#        character back: it sees class c again before the input continues

ST_START, ST_FINAL, ST_TRANS, ST_SINK, ST_UNREACH = 1, 2, 3, 4, 5
MARK_NORMAL, MARK_START, MARK_VISITED = 0, 1, 2
MAX_CONFIG_SETS = 200000


class _LAtom:
    def __init__(self, node):
        self.type = T_SUBREG if node[0] == "sub" else node[1]
        self.codepoint = node[2] if self.type == T_CHARVAL else 0
        self.ranges = node[2] if self.type == T_RANGES else []
        self.charset = node[3] if node[0] == "char" else ()
        self.quant, self.min, self.max = Q_ONCE, 0, 0
        self.start = self.start0 = self.stop = None
        self.neg = 0


class _LTrans:
    def __init__(self, atom, to, counter, count):
        self.atom, self.to, self.counter, self.count, self.nd = atom, to, counter, count, 0


class _LState:
    def __init__(self, no):
        self.no = no
        self.type = ST_TRANS
        self.trans = []
        self.trans_to = []
        self.mark = self.markd = self.reached = MARK_NORMAL


def _in(cp, ivs):
    for lo, hi in ivs:
        if lo <= cp <= hi:
            return True
    return False


def _check_range(rtype, cp, start, end):
    """xmlRegCheckCharacterRange for the range types a class can hold."""
    if rtype == T_CHARVAL:
        return start <= cp <= end
    sp = cp in (0x9, 0xA, 0xD, 0x20)
    return sp if rtype == T_ANYSPACE else not sp


def _check_char(atom, cp):
    """xmlRegCheckCharacter: 1, 0, or -1 for a non-XML character."""
    if not _in(cp, XML_CHARS):
        return -1
    if atom.type == T_CHARVAL:
        return cp == atom.codepoint
    return _in(cp, atom.charset)


def _compare_ranges(r1, r2):
    """xmlFACompareRanges (for CHARVAL, ANYSPACE and NOTSPACE ranges)."""
    if r1[1] > r2[1]:
        r1, r2 = r2, r1
    (n1, t1, s1, e1), (n2, t2, s2, e2) = r1, r2
    if t1 == t2:
        ret = 1 if t1 != T_CHARVAL else int(not (e1 < s2 or e2 < s1))
    elif t1 == T_CHARVAL:
        neg = int((n1 == 0) != (n2 == 0))
        for cp in range(s1, e1 + 1):
            r = _check_range(t2, cp, s2, e2)
            if (neg and not r) or (not neg and r):
                return 1
        return 0
    elif t1 == T_ANYSPACE and t2 == T_NOTSPACE:
        ret = 0
    else:
        return 1
    if (n1 == 0) != (n2 == 0):
        ret = int(not ret)
    return ret


def _compare_types(t1, t2):
    """xmlFACompareAtomTypes for the atom types supported here."""
    simple = (T_EPSILON, T_CHARVAL, T_RANGES, T_SUBREG, T_STRING, T_ANYCHAR)
    if t1 in simple or t2 in simple or t1 == t2:
        return 1
    return 0 if (min(t1, t2), max(t1, t2)) == (T_ANYSPACE, T_NOTSPACE) else 1


def _compare_atoms(a1, a2):
    """xmlFACompareAtoms (deep): whether two atoms may match the same character."""
    if a1 is a2:
        return 1
    if a1 is None or a2 is None:
        return 0
    if T_ANYCHAR in (a1.type, a2.type):
        return 1
    if a1.type > a2.type:
        a1, a2 = a2, a1
    ret = 1
    if a1.type != a2.type and _compare_types(a1.type, a2.type) == 0:
        return 0
    if a1.type == T_CHARVAL:
        if a2.type == T_CHARVAL:
            ret = int(a1.codepoint == a2.codepoint)
        else:
            r = _check_char(a2, a1.codepoint)
            ret = 1 if r < 0 else int(r)
    elif a1.type == T_RANGES:
        if a2.type == T_RANGES:
            ret = int(any(_compare_ranges(r1, r2) == 1 for r1 in a1.ranges for r2 in a2.ranges))
    else:
        return 1
    return 0 if ret == 0 else 1


def _equal_atoms(a1, a2):
    """xmlFAEqualAtoms (deep)."""
    if a1 is a2:
        return 1
    if a1 is None or a2 is None or a1.type != a2.type:
        return 0
    return int(a1.type == T_CHARVAL and a1.codepoint == a2.codepoint)


class _Libxml:
    """The automaton xmlRegexpCompile builds for one pattern."""

    def __init__(self, tree):
        self.states, self.counters = [], []
        self.start = self.state = self.new_state()
        self.end = None
        self.regexp(tree, True)
        self.end = self.state
        self.start.type = ST_START
        self.end.type = ST_FINAL
        self.eliminate_epsilon()
        self.determinism()

    # -- construction (xmlFAParseRegExp, xmlFAParseBranch, xmlFAParseAtom) ----------

    def new_state(self):
        st = _LState(len(self.states))
        self.states.append(st)
        return st

    def add_trans(self, frm, atom, to, counter, count):
        if to is None:
            raise ValueError("libxml2 would fail: transition to a removed state")
        for t in reversed(frm.trans):
            if t.atom is atom and t.to == to.no and t.counter == counter and t.count == count:
                return
        frm.trans.append(_LTrans(atom, to.no, counter, count))
        to.trans_to.append(frm.no)

    def eps(self, frm, to, counter=-1, count=-1):
        if to is None:
            to = self.new_state()
            self.state = to
        self.add_trans(frm, None, to, counter, count)

    def regexp(self, node, top):
        start = self.state
        self.end = None
        branches = node[1]
        self.branch(branches[0], None)
        if top:
            self.state.type = ST_FINAL
        if len(branches) == 1:
            self.end = self.state
            return
        end = self.state
        for br in branches[1:]:
            self.state = start
            self.end = None
            self.branch(br, end)
        if not top:
            self.state = end
            self.end = end

    def branch(self, pieces, to):
        previous = self.state
        if not pieces:
            self.eps(previous, to)
            return
        for k, piece in enumerate(pieces):
            atom = self.atom(piece)
            self.transitions(previous, to if k == len(pieces) - 1 else None, atom)
            previous = self.state

    def atom(self, piece):
        node, quant, lo, hi = piece
        if node[0] == "sub":
            self.eps(self.state, None)
            start0 = self.state
            self.eps(self.state, None)
            start = self.state
            oldend = self.end
            self.end = None
            self.regexp(node[1], False)
            atom = _LAtom(node)
            atom.start, atom.start0, atom.stop = start, start0, self.state
            self.end = oldend
        else:
            atom = _LAtom(node)
        atom.quant = quant
        if quant == Q_RANGE:
            atom.min, atom.max = lo, hi
        return atom

    def transitions(self, frm, to, atom):
        """xmlFAGenerateTransitions."""
        if atom.type == T_SUBREG:
            self.sub_transitions(to, atom)
            return
        if atom.min == 0 and atom.max == 0 and atom.quant == Q_RANGE:
            raise ValueError("unsupported quantifier {0}")
        if to is None:
            to = self.new_state()
        end = to
        if atom.quant in (Q_MULT, Q_PLUS):
            tmp = self.new_state()
            self.eps(tmp, to)
            to = tmp
        nullable = False
        if atom.quant == Q_RANGE and atom.min == 0 and atom.max > 0:
            nullable = True
            atom.min = 1
            if atom.max == 1:
                atom.quant = Q_OPT
        self.add_trans(frm, atom, to, -1, -1)
        self.state = end
        if atom.quant == Q_OPT:
            atom.quant = Q_ONCE
            self.eps(frm, to)
        elif atom.quant == Q_MULT:
            atom.quant = Q_ONCE
            self.eps(frm, to)
            self.add_trans(to, atom, to, -1, -1)
        elif atom.quant == Q_PLUS:
            atom.quant = Q_ONCE
            self.add_trans(to, atom, to, -1, -1)
        elif atom.quant == Q_RANGE and nullable:
            self.eps(frm, to)

    def sub_transitions(self, to, atom):
        if to is not None and atom.stop is not to and atom.quant != Q_RANGE:
            self.eps(atom.stop, to)
        if atom.quant == Q_OPT:
            atom.quant = Q_ONCE
            if to is None:
                self.eps(atom.start, None)
                self.eps(atom.stop, self.state)
            else:
                self.eps(atom.start, to)
        elif atom.quant == Q_MULT:
            atom.quant = Q_ONCE
            self.eps(atom.start, atom.stop)
            self.eps(atom.stop, atom.start)
        elif atom.quant == Q_PLUS:
            atom.quant = Q_ONCE
            self.eps(atom.stop, atom.start)
        elif atom.quant == Q_RANGE:
            newstate = to if to is not None else self.new_state()
            counter = len(self.counters)
            self.counters.append((atom.min - 1, atom.max - 1))
            self.eps(atom.stop, newstate, count=counter)
            self.eps(atom.stop, atom.start, counter=counter)
            if atom.min == 0:
                self.eps(atom.start0, newstate)
            atom.min = atom.max = 0
            atom.quant = Q_ONCE
            self.state = newstate

    # -- xmlFAEliminateEpsilonTransitions ----------------------------------------------

    def eliminate_simple(self):
        for nr, st in enumerate(self.states):
            if st is None or len(st.trans) != 1 or st.type in (ST_UNREACH, ST_FINAL):
                continue
            t = st.trans[0]
            if t.atom is not None or t.to < 0 or t.to == nr or t.counter >= 0 or t.count >= 0:
                continue
            if st.type == ST_START:
                continue
            newto = t.to
            i = 0
            while i < len(st.trans_to):
                tmp = self.states[st.trans_to[i]]
                j = 0
                while j < len(tmp.trans):
                    tj = tmp.trans[j]
                    if tj.to == nr:
                        tj.to = -1
                        self.add_trans(tmp, tj.atom, self.states[newto], tj.counter, tj.count)
                    j += 1
                i += 1
            st.trans = []
            st.type = ST_UNREACH

    def reduce(self, fromnr, tonr, counter):
        frm, to = self.states[fromnr], self.states[tonr]
        if frm is None or to is None or to.mark in (MARK_START, MARK_VISITED):
            return
        to.mark = MARK_VISITED
        if to.type == ST_FINAL:
            frm.type = ST_FINAL
        k = 0
        while k < len(to.trans):
            t = to.trans[k]
            k += 1
            if t.to < 0:
                continue
            if t.atom is None:
                if t.to == fromnr:
                    continue
                if t.count >= 0:
                    self.add_trans(frm, None, self.states[t.to], -1, t.count)
                else:
                    self.reduce(fromnr, t.to, t.counter if t.counter >= 0 else counter)
            else:
                self.add_trans(frm, t.atom, self.states[t.to],
                               t.counter if t.counter >= 0 else counter, -1)
        to.mark = MARK_NORMAL

    def eliminate_epsilon(self):
        self.eliminate_simple()
        self.states = [None if st is not None and st.type == ST_UNREACH else st
                       for st in self.states]
        has_eps = False
        for nr in range(len(self.states) - 1, -1, -1):
            st = self.states[nr]
            if st is None:
                continue
            if not st.trans and st.type != ST_FINAL:
                st.type = ST_SINK
            k = 0
            while k < len(st.trans):
                t = st.trans[k]
                k += 1
                if t.atom is not None or t.to < 0:
                    continue
                if t.to == nr:
                    t.to = -1
                elif t.count < 0:
                    newto = t.to
                    has_eps = True
                    t.to = -2
                    st.mark = MARK_START
                    self.reduce(nr, newto, t.counter)
                    st.mark = MARK_NORMAL
        if has_eps:
            for st in self.states:
                for t in (st.trans if st is not None else ()):
                    if t.atom is None and t.count < 0 and t.to >= 0:
                        t.to = -1
        self.remove_unreachable()

    def remove_unreachable(self):
        for st in self.states:
            if st is not None:
                st.reached = MARK_NORMAL
        st = self.states[0]
        if st is not None:
            st.reached = MARK_START
        while st is not None:
            target = None
            st.reached = MARK_VISITED
            for t in st.trans:
                if t.to >= 0 and (t.atom is not None or t.count >= 0):
                    nxt = self.states[t.to]
                    if nxt is not None and nxt.reached == MARK_NORMAL:
                        nxt.reached = MARK_START
                        target = nxt
            if target is None:
                for cand in self.states[1:]:
                    if cand is not None and cand.reached == MARK_START:
                        target = cand
                        break
            st = target
        self.states = [st if st is not None and st.reached != MARK_NORMAL else None
                       for st in self.states]

    # -- xmlFAComputesDeterminism ------------------------------------------------------

    def recurse_determinism(self, st, to, atom):
        ret = 1
        if st is None or st.markd == MARK_VISITED:
            return ret
        for t in st.trans[:len(st.trans)]:
            if t.atom is None:
                if t.to < 0:
                    continue
                st.markd = MARK_VISITED
                if self.recurse_determinism(self.states[t.to], to, atom) == 0:
                    ret = 0
                continue
            if t.to != to:
                continue
            if _compare_atoms(t.atom, atom):
                ret = 0
                t.nd = 1
        return ret

    def finish_recurse(self, st):
        if st is None or st.markd != MARK_VISITED:
            return
        st.markd = 0
        for t in st.trans:
            if t.atom is None and t.to >= 0:
                self.finish_recurse(self.states[t.to])

    def determinism(self):
        live = [st for st in self.states if st is not None and len(st.trans) >= 2]
        for st in live:
            for n1, t1 in enumerate(st.trans):
                if t1.atom is None or t1.to == -1:
                    continue
                for t2 in st.trans[:n1]:
                    if t2.to != -1 and t2.atom is not None and t1.to == t2.to and \
                            _equal_atoms(t1.atom, t2.atom) and t1.counter == t2.counter and \
                            t1.count == t2.count:
                        t2.to = -1
        for st in live:
            last = None
            for n1, t1 in enumerate(st.trans):
                if t1.atom is None or t1.to == -1:
                    continue
                for t2 in st.trans[:n1]:
                    if t2.to == -1:
                        continue
                    if t2.atom is not None:
                        if _compare_atoms(t1.atom, t2.atom):
                            t1.nd = t2.nd = 1
                            last = t1
                    elif t1.to != -1:
                        ret = self.recurse_determinism(self.states[t1.to], t2.to, t2.atom)
                        self.finish_recurse(self.states[t1.to])
                        if ret == 0:
                            t1.nd = 1
                            last = t1
            if last is not None:
                last.nd = 2

    def atoms(self):
        return [t.atom for st in self.states if st is not None for t in st.trans
                if t.atom is not None and t.to >= 0]


class _Exec:
    """xmlFARegExec as a nondeterministic machine over configurations (see above)."""

    def __init__(self, lx, classes):
        self.lx = lx
        self.classes = classes          # class id -> interval set
        self.member = {}                # (atom id, class) -> bool
        self.memo_consume = {}
        self.memo_end = {}
        self.active = set()

    def has(self, atom, c):
        key = (id(atom), c)
        if key not in self.member:
            lo = self.classes[c][0][0]
            self.member[key] = _check_char(atom, lo) == 1
        return self.member[key]

    def bump(self, counts, k, value=None):
        """Counter k incremented (or set to value).  An unbounded counter ({n,}) stops
        at its minimum: beyond it every comparison libxml2 makes has the same result."""
        counts = list(counts)
        counts[k] = counts[k] + 1 if value is None else value
        cmin, cmax = self.lx.counters[k]
        if cmax >= INT_MAX - 1:
            counts[k] = min(counts[k], max(cmin, 0))
        return tuple(counts)

    @staticmethod
    def next_k(atom, k):
        """Characters a greedy loop has taken, k + 1; unbounded loops stop counting at
        their minimum (they never reach their maximum)."""
        return min(k + 1, max(atom.min, 1)) if atom.max >= INT_MAX else k + 1

    def scan(self, sno, tno, counts, c):
        """Successors after a character of class c (None: end of input) reaches the
        scan of state sno from transition tno; at the end, a set holding True when an
        accepting configuration is reached."""
        key = (sno, tno, counts, c)
        if key in self.active:
            raise ValueError("libxml2 would loop on this pattern")
        self.active.add(key)
        try:
            return self._scan(sno, tno, counts, c)
        finally:
            self.active.discard(key)

    def _scan(self, sno, tno, counts, c):
        st = self.lx.states[sno]
        if c is None and st.type == ST_FINAL:
            return {True}
        if c is None and not self.lx.counters:
            return set()
        for idx in range(tno, len(st.trans)):
            t = st.trans[idx]
            if t.to < 0:
                continue
            more = len(st.trans) > idx + 1
            if t.count >= 0:
                cmin, cmax = self.lx.counters[t.count]
                if not cmin <= counts[t.count] <= cmax:
                    continue
                res = set()
                if t.nd == 1 or (cmin != cmax and more):
                    res |= self.scan(sno, idx + 1, counts, c)
                return res | self.scan(t.to, 0, self.bump(counts, t.count, 0), c)
            if t.atom is None:
                raise ValueError("libxml2 would fail: epsilon transition left")
            if c is None or not self.has(t.atom, c):
                continue
            full = t.counter >= 0 and counts[t.counter] >= self.lx.counters[t.counter][1]
            if t.atom.max > 0:
                if full:
                    continue
                res = self.scan(sno, idx + 1, counts, c) if more else set()
                counts1 = self.bump(counts, t.counter) if t.counter >= 0 else counts
                return res | self.resolve(("L", sno, idx, 1, counts, counts1, c))
            res = self.scan(sno, idx + 1, counts, c) if t.nd == 1 else set()
            if full:
                return res | self.scan(sno, idx + 1, counts, c)
            counts1 = self.bump(counts, t.counter) if t.counter >= 0 else counts
            res.add(("S", t.to, 0, counts1))
            return res
        return set()

    def resolve(self, cfg):
        """A greedy loop that has reached its atom's maximum leaves it at once."""
        _, sno, idx, k, counts, counts1, x = cfg
        t = self.lx.states[sno].trans[idx]
        if k < t.atom.max:
            return {cfg}
        res = {("S", t.to, 0, counts1)}
        if t.nd == 1:
            res.add(("R", ("S", sno, idx + 1, counts), x))
        return res

    def consume(self, cfg, c):
        key = (cfg, c)
        if key not in self.memo_consume:
            self.memo_consume[key] = frozenset(self._consume(cfg, c))
        return self.memo_consume[key]

    def _consume(self, cfg, c):
        if cfg[0] == "S":
            return self.scan(cfg[1], cfg[2], cfg[3], c)
        if cfg[0] == "R":
            out = set()
            for mid in self._consume(cfg[1], cfg[2]):
                out |= self.consume(mid, c)
            return out
        _, sno, idx, k, counts, counts1, x = cfg
        t = self.lx.states[sno].trans[idx]
        res = set()
        if k >= t.atom.min:
            res |= self.scan(t.to, 0, counts1, c)
        if self.has(t.atom, c):
            res |= self.resolve(("L", sno, idx, self.next_k(t.atom, k), counts, counts1, c))
        return res

    def accepts(self, cfg):
        if cfg not in self.memo_end:
            self.memo_end[cfg] = self._accepts(cfg)
        return self.memo_end[cfg]

    def _accepts(self, cfg):
        if cfg[0] == "S":
            return True in self.scan(cfg[1], cfg[2], cfg[3], None)
        if cfg[0] == "R":
            return any(self.accepts(m) for m in self._consume(cfg[1], cfg[2]))
        _, sno, idx, k, counts, counts1, x = cfg
        t = self.lx.states[sno].trans[idx]
        if k < t.atom.min:
            return False
        if self.accepts(("S", t.to, 0, counts1)):
            return True
        return t.nd == 1 and self.accepts(("R", ("S", sno, idx + 1, counts), x))


def _char_classes(charsets):
    """Partition of the XML characters by membership in each charset: list of interval
    sets (each non-empty), deterministic order."""
    points = {lo for lo, _ in XML_CHARS} | {hi + 1 for _, hi in XML_CHARS}
    for ivs in charsets:
        for lo, hi in ivs:
            points.update((lo, hi + 1))
    points = sorted(points)
    groups = {}
    for a, b in zip(points, points[1:]):
        if not _in(a, XML_CHARS):
            continue
        sig = tuple(_in(a, ivs) for ivs in charsets)
        groups.setdefault(sig, []).append((a, b - 1))
    return [iv_norm(v) for _, v in sorted(groups.items(), key=lambda kv: kv[1][0])]


def _libxml_char_dfa(tree):
    """(classes, table[state][class] -> state with 0 dead, accept) of xmlRegexpExec."""
    lx = _Libxml(tree)
    atoms = lx.atoms()
    uniq = []
    for a in atoms:
        if a.charset not in uniq:
            uniq.append(a.charset)
    classes = _char_classes(uniq)
    ex = _Exec(lx, classes)
    start = frozenset({("S", 0, 0, (0,) * len(lx.counters))})
    index = {frozenset(): 0, start: 1}
    order = [frozenset(), start]
    table = []
    k = 0
    while k < len(order):
        cur = order[k]
        k += 1
        row = []
        for c in range(len(classes)):
            nxt = set()
            for cfg in cur:
                nxt |= ex.consume(cfg, c)
            nxt = frozenset(nxt)
            if nxt not in index:
                if len(order) >= MAX_CONFIG_SETS:
                    raise ValueError("pattern too large for the libxml2 model")
                index[nxt] = len(order)
                order.append(nxt)
            row.append(index[nxt])
        table.append(row)
    accept = [any(ex.accepts(cfg) for cfg in cur) for cur in order]
    return classes, table, accept


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


def _hopcroft(table, accept, reps):
    """Hopcroft's partition refinement over the byte classes `reps` (one byte each);
    returns block numbers per state."""
    n = len(table)
    inv = [{} for _ in reps]
    for s in range(n):
        row = table[s]
        for c, b in enumerate(reps):
            inv[c].setdefault(row[b], []).append(s)
    blocks = [set(s for s in range(n) if accept[s]), set(s for s in range(n) if not accept[s])]
    blocks = [blk for blk in blocks if blk]
    block_of = [0] * n
    for i, blk in enumerate(blocks):
        for s in blk:
            block_of[s] = i
    work = set((min(range(len(blocks)), key=lambda i: len(blocks[i])), c)
               for c in range(len(reps)))
    while work:
        a, c = work.pop()
        pre = set()
        for t in blocks[a]:
            pre.update(inv[c].get(t, ()))
        touched = {}
        for s in pre:
            touched.setdefault(block_of[s], set()).add(s)
        for y, hit in touched.items():
            if len(hit) == len(blocks[y]):
                continue
            rest = blocks[y] - hit
            blocks[y] = hit
            new = len(blocks)
            blocks.append(rest)
            for s in rest:
                block_of[s] = new
            for k in range(len(reps)):
                if (y, k) in work:
                    work.add((new, k))
                else:
                    work.add((y, k) if len(hit) <= len(rest) else (new, k))
    return block_of


def _minimise(table, accept, start):
    """Minimises (Hopcroft); returns (rows over bytes, accept, start) renumbered from the
    start state breadth-first, the dead state first (0)."""
    n = len(table)
    reps, seen = [], set()
    for b in range(256):
        col = tuple(table[s][b] for s in range(n))
        if col not in seen:
            seen.add(col)
            reps.append(b)
    block = _hopcroft(table, accept, reps)
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


def _finish(nfa, start, final, pattern):
    table, accept = _subset(nfa, start, final)
    rows, acc, s0 = _minimise(table, accept, 1)
    if len(rows) > MAX_STATES:
        raise ValueError("pattern %r: %d DFA states, more than %d" %
                         (pattern, len(rows), MAX_STATES))
    classmap, ncls, trans = _classes(rows)
    return Dfa(classmap, ncls, trans, s0, acc, pattern)


def compile_xsd_regex(pattern):
    """XSD pattern -> minimised Dfa over UTF-8 bytes accepting exactly what libxml2
    2.9.14's xmlRegexpExec accepts; ValueError if unsupported."""
    classes, table, accept = _libxml_char_dfa(parse_libxml(pattern))
    nfa = _Nfa()
    for _ in table:
        nfa.new()
    final = nfa.new()
    for s, row in enumerate(table):
        if accept[s]:
            nfa.eps[s].append(final)
        for c, t in enumerate(row):
            if t != 0:
                nfa.build(("set", classes[c]), s, t)
    return _finish(nfa, 1, final, pattern)


def compile_clean(pattern):
    """The DFA of the pattern's regular language (what the XSD specification means),
    for comparison: it differs from compile_xsd_regex where libxml2 does."""
    nfa = _Nfa()
    start, final = nfa.new(), nfa.new()
    nfa.build(parse(pattern), start, final)
    return _finish(nfa, start, final, pattern)


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
