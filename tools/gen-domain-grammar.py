#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""gen-domain-grammar.py - compiles libvirt's domain RELAX NG grammar into the C tables of
the generated tier (src/dg/*.c), for one or more libvirt versions at once.

Usage: tools/gen-domain-grammar.py [-o OUTDIR] SCHEMA_DIR...

Each SCHEMA_DIR is libvirt's src/conf/schemas of one release, named ".../libvirt-X.Y.Z"
(the version is read from the name).  OUTDIR defaults to src/dg beside this script's
tools/ directory.  Writes OUTDIR/dg_common.c (every pattern node, name, value and datatype
of all versions, identical patterns stored once) and OUTDIR/dg_<X_Y_Z>.c (a version's entry
points) and OUTDIR/dg_since.c (since which release a place allows a child element, an
attribute or a value, for SL214).  The newest version is the default one.  Run by hand when the schemas move; the
output is committed, so the build never needs Python.  Standard library only.

What it does (the design is ../shared/design/domain-grammar.md; the loader and simplifier
are ported from the prototype ../shared/design/rng_prototype.py):
  1. loads a start file with `include` (and the overrides inside an include), `combine`,
     `div`, nested `grammar` scopes and `ns`/`datatypeLibrary` inheritance;
  2. simplifies (RELAX NG section 4): optional -> choice(p, empty), zeroOrMore ->
     choice(oneOrMore p, empty), mixed -> interleave(p, text); refs resolved; choices
     flattened, deduplicated and sorted (ACI); empty and notAllowed absorbed; hash-consed;
  3. merges the versions' graphs: two nodes are one when they are bisimilar (same kind,
     same name class / value / datatype, equivalent children), so a define body that did
     not change between versions is stored once;
  4. emits stable, deterministic C (node ids by a depth-first walk from the entries).
Entry points per version: domain.rng's start, inactiveDomain.rng's start, the <domain>
child of domainsnapshot.rng's root (legacy uuid-only form or the full domain through its
nested grammar) and the <domain> child of domaincheckpoint.rng's root.
Anything the engine cannot run (list, externalRef, an unknown datatype or facet) stops the
script with an error rather than producing a table that guesses.
"""

import hashlib
import os
import re
import sys
import threading
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dg_regex  # noqa: E402  (tools/dg_regex.py: XSD regex -> minimised UTF-8 DFAs)

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
ENTRIES = ("DOMAIN", "INACTIVE_DOMAIN", "SNAPSHOT_DOMAIN", "CHECKPOINT_DOMAIN")

# XSD types the engine checks (order = the DG_T_* codes of src/dg/dg_tables.h).
XSD_TYPES = ("string", "NCName", "int", "long", "short", "integer", "positiveInteger",
             "unsignedLong", "unsignedInt", "unsignedShort", "dateTime")
# their dg_xsd constants (src/dg_data.h)
XSD_ENUM = {"string": "STRING", "NCName": "NCNAME", "int": "INT", "long": "LONG",
            "short": "SHORT", "integer": "INTEGER", "positiveInteger": "POSITIVE_INTEGER",
            "unsignedLong": "UNSIGNED_LONG", "unsignedInt": "UNSIGNED_INT",
            "unsignedShort": "UNSIGNED_SHORT", "dateTime": "DATETIME"}
FACETS = ("pattern", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
          "length", "minLength", "maxLength")


class SchemaError(Exception):
    """A construct the engine does not handle: stop instead of guessing."""


def lname(n):
    if not isinstance(n.tag, str) or not n.tag.startswith("{" + RNG + "}"):
        return None
    return n.tag[len(RNG) + 2:]


def kids(n):
    return [c for c in n if lname(c) is not None]


# ---------------------------------------------------------------------------------
# Loading: grammar scopes with their defines and starts

class Scope:
    _n = 0

    def __init__(self, parent):
        Scope._n += 1
        self.id = Scope._n
        self.parent = parent
        self.defines = {}  # name -> [(node, combine)]
        self.start = []    # [(node, combine)]


class Loader:
    """Reads grammars; records for every RELAX NG node its inherited ns and
    datatypeLibrary and the scope its refs resolve in."""

    def __init__(self, schema_dir):
        self.dir = schema_dir
        self.scope_of = {}
        self.ns = {}
        self.dtlib = {}
        self.files = set()
        self.scopes = {}
        self.keep = []  # parsed trees stay alive: node ids are dictionary keys

    def parse(self, href):
        self.files.add(href)
        root = ET.parse(os.path.join(self.dir, href)).getroot()
        self.keep.append(root)
        return root

    def annotate(self, node, ns, dtlib):
        ns = node.get("ns", ns)
        dtlib = node.get("datatypeLibrary", dtlib)
        self.ns[id(node)] = ns
        self.dtlib[id(node)] = dtlib
        for c in kids(node):
            self.annotate(c, ns, dtlib)

    def load_file_into(self, href, scope, ns, dtlib, overrides):
        root = self.parse(href)
        if lname(root) != "grammar":
            raise SchemaError("%s: an included file must hold a <grammar>" % href)
        self.annotate(root, ns, dtlib)
        self.grammar_content(root, scope, overrides)

    def grammar_content(self, node, scope, overrides=None):
        for c in kids(node):
            k = lname(c)
            if k == "div":
                self.grammar_content(c, scope, overrides)
            elif k == "define":
                if overrides and c.get("name") in overrides:
                    continue
                self.bind(c, scope)
                scope.defines.setdefault(c.get("name"), []).append((c, c.get("combine")))
            elif k == "start":
                if overrides and "start" in overrides:
                    continue
                self.bind(c, scope)
                scope.start.append((c, c.get("combine")))
            elif k == "include":
                own = set()
                self.collect_names(c, own)
                self.load_file_into(c.get("href"), scope, self.ns[id(c)], self.dtlib[id(c)],
                                    (overrides or set()) | own)
                self.grammar_content(c, scope, overrides)
            else:
                raise SchemaError("unsupported grammar content <%s>" % k)

    def collect_names(self, node, out):
        for c in kids(node):
            if lname(c) == "define":
                out.add(c.get("name"))
            elif lname(c) == "start":
                out.add("start")
            elif lname(c) == "div":
                self.collect_names(c, out)

    def bind(self, node, scope):
        self.scope_of[id(node)] = scope
        for c in kids(node):
            if lname(c) == "grammar":
                inner = Scope(scope)
                self.scope_of[id(c)] = inner
                self.scopes[id(c)] = inner
                self.grammar_content(c, inner)
            else:
                self.bind(c, scope)

    def load(self, href):
        top = Scope(None)
        root = self.parse(href)
        self.annotate(root, "", "")
        self.scope_of[id(root)] = top
        self.grammar_content(root, top)
        return top


def resolve(scope, name):
    if scope is None or name not in scope.defines:
        raise SchemaError("undefined define '%s'" % name)
    return scope.defines[name]


# ---------------------------------------------------------------------------------
# Simplified, hash-consed patterns (P.kind, P.a, P.b)

class P:
    __slots__ = ("kind", "a", "b", "id")


class Store:
    def __init__(self):
        self.table = {}
        self.all = []
        self.defs = {}
        self.def_body = {}
        self.empty = self.mk("empty")
        self.notAllowed = self.mk("notAllowed")
        self.text = self.mk("text")

    def mk(self, kind, a=None, b=None):
        key = (kind, ("P", a.id) if isinstance(a, P) else a, ("P", b.id) if isinstance(b, P) else b)
        p = self.table.get(key)
        if p is None:
            p = P()
            p.kind, p.a, p.b, p.id = kind, a, b, len(self.all)
            self.table[key] = p
            self.all.append(p)
        return p

    def choice(self, p1, p2):
        if p1.kind == "notAllowed":
            return p2
        if p2.kind == "notAllowed" or p1 is p2:
            return p1
        items = set()
        for p in (p1, p2):
            if p.kind == "choice":
                items.update(p.a)
            else:
                items.add(p)
        if len(items) == 1:
            return next(iter(items))
        return self.mk("choice", tuple(sorted(items, key=lambda x: x.id)))

    def pair(self, kind, p1, p2):
        if p1.kind == "notAllowed" or p2.kind == "notAllowed":
            return self.notAllowed
        if p1.kind == "empty":
            return p2
        if p2.kind == "empty":
            return p1
        return self.mk(kind, p1, p2)

    def oneOrMore(self, p):
        if p.kind in ("notAllowed", "empty"):
            return p
        return self.mk("oneOrMore", p)

    def deref(self, p):
        while p.kind == "ref":
            q = self.defs.get(p.a)
            if q is None:
                self.defs[p.a] = None  # a ref cycle outside elements is not RELAX NG
                q = self.def_body[p.a]()
                self.defs[p.a] = q
            p = q
        return p


class Builder:
    """RELAX NG nodes -> simplified patterns; refs stay lazy (ref nodes)."""

    def __init__(self, L, S):
        self.L, self.S = L, S
        self.interleaves = {}  # P id of an <interleave> with >= 2 children -> member Ps

    def define_key(self, scope, name):
        key = (scope.id, name)
        if key not in self.S.def_body:
            contribs = resolve(scope, name)
            self.S.def_body[key] = lambda c=contribs: self.combine(c)
        return key

    def combine(self, contribs):
        modes = {comb for (_, comb) in contribs if comb}
        if len(modes) > 1:
            raise SchemaError("define combined with both choice and interleave")
        if len(contribs) - sum(1 for (_, c) in contribs if c) > 1:
            raise SchemaError("two contributions of one define without combine")
        mode = modes.pop() if modes else None
        acc = None
        for (d, _) in contribs:
            p = self.group_of(kids(d))
            if acc is None:
                acc = p
            elif mode == "choice":
                acc = self.S.choice(acc, p)
            else:
                acc = self.S.pair("interleave", acc, p)
        return acc

    def group_of(self, nodes):
        acc = self.S.empty
        for n in nodes:
            acc = self.S.pair("group", acc, self.pat(n))
        return acc

    def name_class(self, n, is_attr):
        k = lname(n)
        excepts = tuple(self.name_class(c, is_attr) for e in kids(n)
                        if lname(e) == "except" for c in kids(e))
        if k == "name":
            ns = n.get("ns")
            if ns is None:
                ns = "" if is_attr else self.L.ns[id(n)]
            return ("name", ns, n.text.strip())
        if k == "anyName":
            return ("anyName", excepts)
        if k == "nsName":
            return ("nsName", n.get("ns", self.L.ns[id(n)]), excepts)
        if k == "choice":
            return ("ncchoice", tuple(self.name_class(c, is_attr) for c in kids(n)))
        raise SchemaError("unsupported name class <%s>" % k)

    def pat(self, n):
        S, L = self.S, self.L
        k = lname(n)
        if k in ("element", "attribute"):
            is_attr = k == "attribute"
            ch = kids(n)
            if n.get("name") is not None:
                ns = n.get("ns")
                if ns is None:
                    ns = "" if is_attr else L.ns[id(n)]
                nc = ("name", ns, n.get("name").strip())
            else:
                nc = self.name_class(ch[0], is_attr)
                ch = ch[1:]
            if is_attr:
                return S.mk("attribute", nc, self.group_of(ch) if ch else S.text)
            key = ("elem", id(n))
            if key not in S.def_body:
                S.def_body[key] = lambda ch=ch: self.group_of(ch)
            return S.mk("element", nc, S.mk("ref", key))
        if k == "group":
            return self.group_of(kids(n))
        if k in ("interleave", "choice"):
            acc = None
            members = []
            for c in kids(n):
                p = self.pat(c)
                members.append(p)
                if acc is None:
                    acc = p
                else:
                    acc = S.choice(acc, p) if k == "choice" else S.pair("interleave", acc, p)
            if k == "interleave" and len(members) >= 2 and acc.kind == "interleave":
                self.interleaves.setdefault(acc.id, members)
            return acc
        if k == "optional":
            return S.choice(self.group_of(kids(n)), S.empty)
        if k == "zeroOrMore":
            return S.choice(S.oneOrMore(self.group_of(kids(n))), S.empty)
        if k == "oneOrMore":
            return S.oneOrMore(self.group_of(kids(n)))
        if k == "mixed":
            return S.pair("interleave", self.group_of(kids(n)), S.text)
        if k in ("empty", "text", "notAllowed"):
            return {"empty": S.empty, "text": S.text, "notAllowed": S.notAllowed}[k]
        if k == "ref":
            return S.mk("ref", self.define_key(L.scope_of[id(n)], n.get("name")))
        if k == "parentRef":
            return S.mk("ref", self.define_key(L.scope_of[id(n)].parent, n.get("name")))
        if k == "grammar":
            inner = L.scopes[id(n)]
            key = ("start", inner.id)
            if key not in S.def_body:
                S.def_body[key] = lambda inner=inner: self.combine(inner.start)
            return S.mk("ref", key)
        if k == "value":
            t = n.get("type")
            lib = L.dtlib[id(n)] if t else ""
            return S.mk("value", check_type(lib, t or "token", ()), n.text or "")
        if k == "data":
            params = tuple((p.get("name"), p.text or "") for p in kids(n) if lname(p) == "param")
            ex = None
            for e in kids(n):
                if lname(e) == "except":
                    for c in kids(e):
                        p = self.pat(c)
                        ex = p if ex is None else S.choice(ex, p)
            return S.mk("data", check_type(L.dtlib[id(n)], n.get("type"), params), ex)
        raise SchemaError("unsupported pattern <%s>" % k)


def check_type(lib, t, params):
    """The (library, type, params) of a value or data pattern, or an error if the engine
    does not know it."""
    if lib == "":
        if t not in ("token", "string") or params:
            raise SchemaError("builtin datatype '%s' with parameters" % t)
    elif lib == XSD:
        if t not in XSD_TYPES:
            raise SchemaError("unsupported XSD datatype '%s'" % t)
        for (name, _) in params:
            if name not in FACETS:
                raise SchemaError("unsupported facet '%s' on %s" % (name, t))
    else:
        raise SchemaError("unsupported datatype library '%s'" % lib)
    return (lib, t, params)


# ---------------------------------------------------------------------------------
# Normalisation: refs dereferenced and the result re-simplified, element contents lazy

class Normal:
    """Rebuilds the patterns of one version without refs into a store shared by every
    version (element identity: name class + the content's define key)."""

    def __init__(self, S, N, contents, tag, B=None):
        self.S, self.N, self.contents, self.tag = S, N, contents, tag
        self.B = B
        self.memo = {}
        self.todo = []

    def run(self, p):
        r = self.norm(p)
        while self.todo:
            key, body = self.todo.pop()
            if key not in self.contents:
                self.contents[key] = None
                self.contents[key] = self.norm(body)
        return r

    def norm(self, p):
        p = self.S.deref(p)
        r = self.memo.get(p.id)
        if r is not None:
            return r
        N, k = self.N, p.kind
        if k in ("empty", "notAllowed", "text"):
            r = getattr(N, k)
        elif k == "choice":
            r = N.notAllowed
            for x in p.a:
                r = N.choice(r, self.norm(x))
        elif k == "interleave":
            r = self.balanced([self.norm(x) for x in self.members(p)])
        elif k == "group":
            r = N.pair(k, self.norm(p.a), self.norm(p.b))
        elif k == "oneOrMore":
            r = N.oneOrMore(self.norm(p.a))
        elif k == "element":
            key = (self.tag, p.b.a)
            part = interleave_partition(self.S, self.B, p.b) if self.B else None
            r = N.mk("element", (p.a, part), key)
            self.todo.append((key, p.b))
        elif k == "attribute":
            r = N.mk("attribute", p.a, self.norm(p.b))
        elif k == "value":
            r = N.mk("value", p.a, p.b)
        elif k == "data":
            r = N.mk("data", p.a, self.norm(p.b) if p.b is not None else None)
        else:
            raise SchemaError("unsupported pattern kind %s" % k)
        self.memo[p.id] = r
        return r


    def members(self, p):
        """The operands of a nest of interleaves (refs followed), in schema order."""
        out = []
        for x in (p.a, p.b):
            x = self.S.deref(x)
            if x.kind == "interleave":
                out.extend(self.members(x))
            else:
                out.append(x)
        return out

    def balanced(self, ops):
        """Interleave is associative and commutative: a nest of them is rebuilt as a
        balanced tree, so that a derivative rebuilds O(log n) of its nodes, not O(n) (the
        content of <domain> interleaves about a hundred children)."""
        if len(ops) == 1:
            return ops[0]
        half = len(ops) // 2
        return self.N.pair("interleave", self.balanced(ops[:half]), self.balanced(ops[half:]))


def top_walk(S, p, visit, seen):
    """Calls visit(q) on the patterns of p outside child elements (refs followed);
    visit returns True to stop going down."""
    p = S.deref(p)
    if p.id in seen:
        return
    seen.add(p.id)
    if visit(p):
        return
    if p.kind == "choice":
        for x in p.a:
            top_walk(S, x, visit, seen)
    elif p.kind in ("group", "interleave"):
        top_walk(S, p.a, visit, seen)
        top_walk(S, p.b, visit, seen)
    elif p.kind == "oneOrMore":
        top_walk(S, p.a, visit, seen)


def interleave_partition(S, B, content):
    """libxml2 2.9.14 validates an <interleave> member by member, in schema order, and a
    member holding a nested interleave corrupts the sibling chains of later members
    (../shared/design/domain-grammar.md section 6).  For the first such interleave of an
    element's content: per member, its element names and whether it holds an interleave;
    None when no member holds one."""
    found = []

    def visit(q):
        if found or q.kind == "element":
            return True
        if q.id in B.interleaves:
            found.append(B.interleaves[q.id])
            return True
        return False
    top_walk(S, content, visit, set())
    if not found:
        return None
    part = []
    for m in found[0]:
        names, nested = set(), []

        def member(q, names=names, nested=nested):
            if q.kind == "element":
                if q.a[0] == "name":
                    names.add((q.a[1], q.a[2]))
                return True
            if q.kind == "interleave":
                nested.append(q)
            return False
        top_walk(S, m, member, set())
        part.append((tuple(sorted(names)), bool(nested)))
    if not any(n for (_, n) in part):
        return None
    return tuple(part)


def element_children(S, p, local, out, seen):
    """Element patterns named `local` that can be children of the content p (element
    contents are not entered)."""
    p = S.deref(p)
    if p.id in seen:
        return
    seen.add(p.id)
    if p.kind == "element":
        if p.a[0] == "name" and p.a[2] == local:
            out.append(p)
    elif p.kind == "choice":
        for x in p.a:
            element_children(S, x, local, out, seen)
    elif p.kind in ("group", "interleave"):
        element_children(S, p.a, local, out, seen)
        element_children(S, p.b, local, out, seen)
    elif p.kind == "oneOrMore":
        element_children(S, p.a, local, out, seen)


def embedded(S, start, root, child):
    """choice() of the <child> element patterns inside the <root> of start."""
    roots = []
    element_children(S, start, root, roots, set())
    if len(roots) != 1:
        raise SchemaError("expected one <%s> root pattern, found %d" % (root, len(roots)))
    found = []
    element_children(S, roots[0].b, child, found, set())
    if not found:
        raise SchemaError("no <%s> inside <%s>" % (child, root))
    acc = S.notAllowed
    for x in found:
        acc = S.choice(acc, x)
    return acc


def load_version(schema_dir, N, contents, tag):
    """The four entries of one version as nodes of the shared store N, and the files
    read (relative name -> sha256 prefix)."""
    starts = {}
    files = {}
    for entry, rng in (("DOMAIN", "domain.rng"), ("INACTIVE_DOMAIN", "inactiveDomain.rng"),
                       ("SNAPSHOT_DOMAIN", "domainsnapshot.rng"),
                       ("CHECKPOINT_DOMAIN", "domaincheckpoint.rng")):
        L = Loader(schema_dir)
        top = L.load(rng)
        S = Store()
        B = Builder(L, S)
        start = B.combine(top.start)
        if entry == "SNAPSHOT_DOMAIN":
            start = embedded(S, start, "domainsnapshot", "domain")
        elif entry == "CHECKPOINT_DOMAIN":
            start = embedded(S, start, "domaincheckpoint", "domain")
        starts[entry] = Normal(S, N, contents, (tag, entry), B).run(start)
        for f in L.files:
            with open(os.path.join(schema_dir, f), "rb") as fh:
                files[f] = hashlib.sha256(fh.read()).hexdigest()[:16]
    return starts, files


# ---------------------------------------------------------------------------------
# Merging the versions: bisimulation classes (Moore's partition refinement)

def flat_graph(N, contents):
    """Node list of the shared store: (kind, payload, children)."""
    nodes = []
    for p in N.all:
        k = p.kind
        if k == "choice":
            nodes.append((k, None, [x.id for x in p.a]))
        elif k in ("group", "interleave"):
            nodes.append((k, None, [p.a.id, p.b.id]))
        elif k == "oneOrMore":
            nodes.append((k, None, [p.a.id]))
        elif k == "element":
            nodes.append((k, p.a, [contents[p.b].id]))
        elif k == "attribute":
            nodes.append((k, p.a, [p.b.id]))
        elif k == "value":
            nodes.append((k, p.a + (p.b,), []))
        elif k == "data":
            nodes.append((k, p.a, [p.b.id] if p.b is not None else []))
        else:
            nodes.append((k, None, []))
    return nodes


def refine(nodes):
    keys = {}
    cls = [keys.setdefault((k, pl, len(ch) if k != "choice" else -1), len(keys))
           for (k, pl, ch) in nodes]
    count = len(keys)
    while True:
        sigs = {}
        new = []
        for i, (k, pl, ch) in enumerate(nodes):
            cs = [cls[c] for c in ch]
            sig = (cls[i], tuple(sorted(set(cs))) if k == "choice" else tuple(cs))
            new.append(sigs.setdefault(sig, len(sigs)))
        cls = new
        if len(sigs) == count:
            return cls
        count = len(sigs)


# ---------------------------------------------------------------------------------
# Emission

def c_str(s):
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


class Emitter:
    def __init__(self, nodes, cls, entries):
        self.nodes, self.cls = nodes, cls
        self.rep = {}
        for i, c in enumerate(cls):
            self.rep.setdefault(c, i)
        self.alias = {}
        self.final = {}      # class -> final id
        self.order = []      # final id -> class
        self.ncs, self.nc_ids = [], {}
        self.values, self.value_ids = [], {}
        self.dtypes, self.dtype_ids = [], {}
        self.parts = {}      # content final id -> interleave partition
        for f in ("empty", "notAllowed", "text"):
            c = cls[[i for i, n in enumerate(nodes) if n[0] == f][0]]
            self.final[c] = len(self.order)
            self.order.append(c)
        for ver in sorted(entries, key=version_key):
            for e in ENTRIES:
                self.number(cls[entries[ver][e]])

    def canon(self, c):
        """A choice whose operands all became one class is that class."""
        while True:
            k, _, ch = self.nodes[self.rep[c]]
            if k != "choice":
                return c
            ops = {self.cls[x] for x in ch}
            if len(ops) != 1:
                return c
            c = ops.pop()

    def number(self, c):
        stack = [self.canon(c)]
        while stack:
            c = stack.pop()
            if c in self.final:
                continue
            self.final[c] = len(self.order)
            self.order.append(c)
            k, pl, ch = self.nodes[self.rep[c]]
            for x in reversed(ch):
                stack.append(self.canon(self.cls[x]))

    def fid(self, i):
        return self.final[self.canon(self.cls[i])]

    def nc_id(self, nc):
        if nc not in self.nc_ids:
            self.nc_ids[nc] = len(self.ncs)
            self.ncs.append(nc)
        return self.nc_ids[nc]

    def intern(self, table, ids, key):
        if key not in ids:
            ids[key] = len(table)
            table.append(key)
        return ids[key]

    def rows(self):
        """Final node rows (op, a, b) and the choice operand pool."""
        rows, pool = [], []
        for c in self.order:
            k, pl, ch = self.nodes[self.rep[c]]
            if k == "choice":
                ops = sorted({self.fid(x) for x in ch})
                rows.append(("CHOICE", len(pool), len(ops)))
                pool.extend(ops)
            elif k in ("group", "interleave"):
                rows.append((k.upper(), self.fid(ch[0]), self.fid(ch[1])))
            elif k == "oneOrMore":
                rows.append(("ONEORMORE", self.fid(ch[0]), 0))
            elif k == "element":
                rows.append(("ELEMENT", self.nc_id(pl[0]), self.fid(ch[0])))
                if pl[1] is not None:
                    self.parts.setdefault(self.fid(ch[0]), pl[1])
            elif k == "attribute":
                rows.append(("ATTRIBUTE", self.nc_id(pl), self.fid(ch[0])))
            elif k == "value":
                rows.append(("VALUE", self.intern(self.values, self.value_ids, pl), 0))
            elif k == "data":
                rows.append(("DATA", self.intern(self.dtypes, self.dtype_ids, pl),
                             self.fid(ch[0]) if ch else NONE))
            else:
                rows.append(({"empty": "EMPTY", "notAllowed": "NOTALLOWED",
                              "text": "TEXT"}[k], 0, 0))
        return rows, pool


NONE = 0xFFFFFFFF


def nullable_rows(rows, pool):
    memo = {}

    def nl(i):
        if i in memo:
            return memo[i]
        op, a, b = rows[i]
        if op in ("EMPTY", "TEXT"):
            r = True
        elif op == "CHOICE":
            r = any(nl(x) for x in pool[a:a + b])
        elif op in ("GROUP", "INTERLEAVE"):
            r = nl(a) and nl(b)
        elif op == "ONEORMORE":
            r = nl(a)
        else:
            r = False
        memo[i] = r
        return r
    return [nl(i) for i in range(len(rows))]


STARTS_ATT, STARTS_VAL, STARTS_ANY = 0x8000, 0x4000, 0x3FFF  # dg_tables.h's DG_STARTS_*


def starts_rows(rows, pool, nullable, nc_starts):
    """Each row's DG_STARTS_* mask (src/dg/dg_tables.h): the element names (by
    DG_STARTS_ELEM) it can start with, whether an attribute is reachable outside any
    element or a value or data pattern can come first.  nc_starts(i): the mask of name
    class i."""
    memo = {}

    def st(i):
        if i in memo:
            return memo[i]
        op, a, b = rows[i]
        if op == "ELEMENT":
            r = nc_starts(a)
        elif op == "ATTRIBUTE":
            r = STARTS_ATT
        elif op in ("VALUE", "DATA"):
            r = STARTS_VAL
        elif op in ("CHOICE",):
            r = 0
            for x in pool[a:a + b]:
                r |= st(x)
        elif op == "INTERLEAVE":
            r = st(a) | st(b)
        elif op == "GROUP":
            r = st(a) | (st(b) if nullable[a] else st(b) & STARTS_ATT)
        elif op == "ONEORMORE":
            r = st(a)
        else:
            r = 0
        memo[i] = r
        return r
    return [st(i) for i in range(len(rows))]


def version_key(v):
    return tuple(int(x) for x in v.split("."))


def header(what, cmd, files_by_ver):
    out = ["/* SPDX-License-Identifier: LGPL-2.1-or-later */",
           "/* %s - generated by tools/gen-domain-grammar.py, do not edit." % what,
           " * (Translated from libvirt's LGPL-2.1-or-later RELAX NG schemas.)",
           " *",
           " * Command: %s" % cmd,
           " * Sources read, sha256 prefixes:"]
    for ver in sorted(files_by_ver, key=version_key):
        for f in sorted(files_by_ver[ver]):
            out.append(" *   libvirt-%s/%s %s" % (ver, f, files_by_ver[ver][f]))
    out.append(" */")
    return "\n".join(out) + "\n"


def emit_list(out, ctype, name, items, per_line=8, dims=""):
    out.append("const %s %s[]%s = {" % (ctype, name, dims))
    if not items:
        items = ["0"]
    for i in range(0, len(items), per_line):
        out.append("\t" + ", ".join(items[i:i + per_line]) + ",")
    out.append("};")


# The tables hold their strings inline, so that they need no relocation at load time:
# the sizes of those char arrays, NUL included (src/dg/dg_tables.h's DG_*_MAX, and the
# rows of dg_since.c, src/dg_since.h's DG_SINCE_*_MAX).
DG_LOCAL_MAX, DG_VALUE_MAX, DG_NS_MAX = 32, 40, 64
DG_SINCE_NAME_MAX, DG_SINCE_ITEM_MAX = 24, 32


def c_inline(s, size, what):
    """c_str(s) for a char[size] row field; refuses a string that does not fit."""
    if len(s.encode("utf-8")) >= size:
        raise SchemaError("%s %r is %d bytes, its table holds %d: raise the limit in the "
                          "generator and in the header together" % (
                              what, s, len(s.encode("utf-8")), size - 1))
    return c_str(s)


def sym_hash(local, ns):
    """FNV-1a over local, a 0 byte and ns (src/dgrammar.c computes the same)."""
    h = 2166136261
    for b in local.encode() + b"\0" + ns.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


OPS = ["EMPTY", "NOTALLOWED", "TEXT", "CHOICE", "GROUP", "INTERLEAVE", "ONEORMORE",
       "ELEMENT", "ATTRIBUTE", "VALUE", "DATA"]  # dg_op's order (src/dg/dg_tables.h)
M64 = (1 << 64) - 1


def hash3(a, b, c):
    """src/dgrammar.c's hash3: three keys mixed into 32 bits."""
    h = ((a * 0x9E3779B97F4A7C15) ^ (b * 0xC2B2AE3D27D4EB4F) ^ (c * 0x165667B19E3779F9)) & M64
    h ^= h >> 29
    h = (h * 0xBF58476D1CE4E5B9) & M64
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def node_hash(op, a, b, pool):
    """src/dgrammar.c's node_hash: (op, a, b), a choice by its operands."""
    if op != "CHOICE":
        return hash3(OPS.index(op), a, b)
    h = 2166136261
    for x in pool[a:a + b]:
        h = ((h ^ x) * 16777619) & 0xFFFFFFFF
    return hash3(OPS.index(op), h, b)


def node_hash_table(rows, pool):
    """Every node by its hash, so that the engine finds a static node equal to one it
    builds without hashing them all at run time: open addressing, id + 1, 0 = empty."""
    if len(rows) >= 0xFFFF:
        raise SystemExit("gen-domain-grammar: %d nodes do not fit dg_node_hash's uint16_t" % len(rows))
    size = 1
    while size < 2 * len(rows) + 2:
        size *= 2
    slots = [0] * size
    for i, (op, a, b) in enumerate(rows):
        h = node_hash(op, a, b, pool) & (size - 1)
        while slots[h]:
            h = (h + 1) & (size - 1)
        slots[h] = i + 1
    return slots


def emit_common(em, rows, pool, nullable, files_by_ver, cmd, versions, default):
    out = [header("dg_common.c: pattern nodes, names, values and datatypes of every version",
                  cmd, files_by_ver), '#include "dg_tables.h"', ""]
    # names: every concrete QName, then one "other name" symbol per namespace
    names = sorted({(nc[2], nc[1]) for nc in all_names(em.ncs)})
    nss = sorted({ns for (_, ns) in names} | set(all_ns(em.ncs)))
    sym = {n: i for i, n in enumerate(names)}
    starts = starts_rows(rows, pool, nullable, lambda i: nc_starts(em, em.ncs[i], sym))
    out.append("/* Node rows {op, nullable, starts, a, b}; ids 0, 1, 2 are empty, notAllowed,")
    out.append(" * text. */")
    items = ["{DG_%s, %d, 0x%x, %s, %s}" % (op, int(nullable[i]), starts[i], a,
                                            "DG_NONE" if b == NONE else b)
             for i, (op, a, b) in enumerate(rows)]
    emit_list(out, "dg_node", "dg_nodes", items, 4)
    emit_list(out, "uint32_t", "dg_choice_ops", [str(x) for x in pool], 12)
    out.append("")
    out.append("/* Namespaces; a name outside them is symbol DG_NSYMS + nnss. */")
    emit_list(out, "char", "dg_nss", [c_inline(n, DG_NS_MAX, "namespace") for n in nss], 1,
              "[DG_NS_MAX]")
    out.append("/* Symbols: local name and namespace index, sorted by (local, ns). */")
    emit_list(out, "dg_symbol", "dg_syms",
              ["{%s, %d}" % (c_inline(l, DG_LOCAL_MAX, "name"), nss.index(n))
               for (l, n) in names], 4)
    size = 1
    while size < 2 * len(names):
        size *= 2
    slots = [0] * size
    for (l, n), i in sym.items():
        h = sym_hash(l, n) & (size - 1)
        while slots[h]:
            h = (h + 1) & (size - 1)
        slots[h] = i + 1
    out.append("/* Open addressing on FNV-1a(local, 0, ns): symbol + 1, 0 = empty slot. */")
    emit_list(out, "uint16_t", "dg_sym_hash", [str(x) for x in slots], 16)
    out.append("")
    out.append("/* Name classes {kind, sym or ns, first, count} and their member lists. */")
    ncrows, members = [], []
    for nc in em.ncs:
        ncrows.append(nc_row(nc, sym, nss, members, em))
    emit_list(out, "dg_nameclass", "dg_ncs", ncrows, 2)
    emit_list(out, "uint32_t", "dg_nc_members", [str(x) for x in members], 12)
    out.append("")
    out.append("/* <value>s {type, text, length}. */")
    emit_list(out, "dg_value", "dg_values",
              ["{%s, %s, %d}" % (type_code(lib, t), c_inline(v, DG_VALUE_MAX, "value"),
                                 len(v.encode()))
               for (lib, t, _, v) in em.values], 2)
    out.extend(emit_datatypes(em.dtypes))
    out.append("")
    out.append("/* libxml2 2.9.14's interleave order behaviour (design section 6): element")
    out.append(" * contents whose interleave has a member holding a nested interleave, by content")
    out.append(" * id {content, first member, members}; members {first name, names, nested}. */")
    prows, mrows, msyms = [], [], []
    for cid in sorted(em.parts):
        prows.append("{%d, %d, %d}" % (cid, len(mrows), len(em.parts[cid])))
        for (mnames, nested) in em.parts[cid]:
            ids = sorted(sym[(l, n)] for (n, l) in mnames if (l, n) in sym)
            mrows.append("{%d, %d, %d}" % (len(msyms), len(ids), int(nested)))
            msyms.extend(str(i) for i in ids)
    emit_list(out, "dg_ipart", "dg_iparts", prows, 4)
    emit_list(out, "dg_imember", "dg_imembers", mrows, 4)
    emit_list(out, "uint32_t", "dg_imember_syms", msyms, 12)
    out.append("")
    nhash = node_hash_table(rows, pool)
    out.append("/* Open addressing on node_hash(op, a, b) of src/dgrammar.c: node + 1, 0 = empty. */")
    emit_list(out, "uint16_t", "dg_node_hash", [str(x) for x in nhash], 16)
    out.append("")
    out.append("const dg_tables dg_tables_all = {")
    out.append("\tdg_nodes, %d, dg_choice_ops, dg_nss, %d, dg_syms, %d, dg_sym_hash, %d," % (
        len(rows), len(nss), len(names), size))
    out.append("\tdg_ncs, dg_nc_members, dg_values, dg_dtypes, dg_dfas,")
    out.append("\tdg_iparts, %d, dg_imembers, dg_imember_syms," % len(prows))
    out.append("\tdg_node_hash, %d," % len(nhash))
    out.append("};")
    out.append("")
    out.append("/* Every version, oldest first; the default is %s. */" % default)
    for v in versions:
        out.append("extern const dg_grammar dg_grammar_%s;" % v.replace(".", "_"))
    emit_list(out, "dg_grammar *const", "dg_grammars",
              ["&dg_grammar_%s" % v.replace(".", "_") for v in versions], 1)
    out.append("const size_t dg_ngrammars = %d;" % len(versions))
    out.append("const dg_grammar *const dg_grammar_dflt = &dg_grammar_%s;" % default.replace(".", "_"))
    return "\n".join(out) + "\n"


def emit_datatypes(dtypes):
    """The <data> records: {type, XSD datatype record or NULL for a builtin}, the XSD
    records in src/dg_data.h's layout, and the DFAs of every distinct pattern facet."""
    patterns = sorted({v for (_, _, params) in dtypes for (n, v) in params if n == "pattern"})
    try:
        dfas = [dg_regex.compile_xsd_regex(x) for x in patterns]
    except ValueError as e:
        raise SchemaError("pattern facet: %s" % e)
    out = ["/* Pattern facets as minimised DFAs over UTF-8 bytes (tools/dg_regex.py). */"]
    out.extend(l for l in dg_regex.emit_c_dfas(dfas, "dg").split("\n")
               if not l.startswith("#include") and not l.startswith("/* DFAs"))
    out.append("/* Pattern facets of the XSD records: DFA index and source text. */")
    pidx, ptxt, recs, dts = [], [], [], []
    for (lib, t, params) in dtypes:
        if lib == "":
            dts.append("{%s, NULL}" % type_code(lib, t))
            continue
        f = {"min_incl": "NULL", "max_incl": "NULL", "min_excl": "NULL", "max_excl": "NULL",
             "length": "-1", "min_length": "-1", "max_length": "-1"}
        pats = []
        for (n, v) in params:
            key = {"minInclusive": "min_incl", "maxInclusive": "max_incl",
                   "minExclusive": "min_excl", "maxExclusive": "max_excl", "length": "length",
                   "minLength": "min_length", "maxLength": "max_length"}.get(n)
            if n == "pattern":
                pats.append(v)
            elif key in ("length", "min_length", "max_length"):
                f[key] = str(int(v))
            else:
                f[key] = c_str(v.strip())
        first = len(pidx)
        pidx.extend(str(patterns.index(x)) for x in pats)
        ptxt.extend(c_str(x) for x in pats)
        recs.append("{.type = DG_XSD_%s, .npatterns = %d, .patterns = %s, .pattern_text = %s, "
                    ".min_incl = %s, .max_incl = %s, .min_excl = %s, .max_excl = %s, "
                    ".length = %s, .min_length = %s, .max_length = %s}" % (
                        XSD_ENUM[t], len(pats), "dg_dt_patterns + %d" % first if pats else "NULL",
                        "dg_dt_pattern_text + %d" % first if pats else "NULL",
                        f["min_incl"], f["max_incl"], f["min_excl"], f["max_excl"],
                        f["length"], f["min_length"], f["max_length"]))
        dts.append("{%s, &dg_datatypes[%d]}" % (type_code(lib, t), len(recs) - 1))
    emit_list(out, "uint16_t", "dg_dt_patterns", pidx or ["0"], 16)
    emit_list(out, "char *const", "dg_dt_pattern_text", ptxt or ["NULL"], 1)
    out.append("/* XSD datatype records (src/dg_data.h). */")
    emit_list(out, "dg_datatype", "dg_datatypes", recs, 1)
    out.append("/* <data> patterns {type, XSD record or NULL}. */")
    emit_list(out, "dg_dtype", "dg_dtypes", dts, 2)
    return out


def all_names(ncs):
    for nc in ncs:
        yield from nc_names(nc)


def nc_names(nc):
    if nc[0] == "name":
        yield nc
    elif nc[0] == "ncchoice":
        for x in nc[1]:
            yield from nc_names(x)
    else:
        for x in nc[-1]:
            yield from nc_names(x)


def all_ns(ncs):
    for nc in ncs:
        if nc[0] == "nsName":
            yield nc[1]


def nc_starts(em, nc, sym):
    """The DG_STARTS_ELEM bits of the names a name class matches (all for a wildcard)."""
    if nc[0] == "name":
        return 1 << (sym[(nc[2], nc[1])] % 14)
    if nc[0] == "ncchoice":
        r = 0
        for x in nc[1]:
            r |= nc_starts(em, x, sym)
        return r
    return STARTS_ANY


def nc_row(nc, sym, nss, members, em):
    k = nc[0]
    if k == "name":
        return "{DG_NC_NAME, %d, 0, 0}" % sym[(nc[2], nc[1])]
    subs = nc[1] if k == "ncchoice" else nc[-1]
    ids = [em.nc_id(x) for x in subs]
    first = len(members)
    members.extend(ids)
    if k == "ncchoice":
        return "{DG_NC_CHOICE, 0, %d, %d}" % (first, len(ids))
    if k == "anyName":
        return "{DG_NC_ANY, 0, %d, %d}" % (first, len(ids))
    return "{DG_NC_NS, %d, %d, %d}" % (nss.index(nc[1]), first, len(ids))


def type_code(lib, t):
    if lib == "":
        return "DG_T_BUILTIN_" + t.upper()
    return "DG_T_" + t.upper()


def emit_version(ver, entries, em, legacy, files_by_ver, cmd):
    c = ver.replace(".", "_")
    out = [header("dg_%s.c: the entry points of libvirt %s" % (c, ver), cmd,
                  {ver: files_by_ver[ver]}), '#include "dg_tables.h"', ""]
    out.append("const dg_grammar dg_grammar_%s = {" % c)
    out.append("\t%s, &dg_tables_all," % c_str(ver))
    out.append("\t{%s}, /* %s */" % (", ".join(str(em.fid(entries[e])) for e in ENTRIES),
                                     ", ".join(e.lower() for e in ENTRIES)))
    out.append("\t%s, /* the legacy <domain><uuid/></domain> pattern */" % (
        em.fid(legacy) if legacy is not None else "DG_NONE"))
    out.append("};")
    return "\n".join(out) + "\n"


def legacy_node(N, contents, start_id):
    """The snapshot entry's uuid-only <domain> alternative: the element whose content is
    just one <uuid> element."""
    p = N.all[start_id]
    alts = p.a if p.kind == "choice" else (p,)
    for x in alts:
        body = contents[x.b]
        if body.kind == "element" and body.a[0] == ("name", "", "uuid"):
            return x.id
    return None


# ---------------------------------------------------------------------------------
# Since when: the first release that allows a child element, an attribute or a value in
# a place (src/dg/dg_since.c, read on the finding path for SL214)

def _top_items(p, els, attrs, texts, seen):
    """The element, attribute and <value> patterns of a content outside child elements."""
    if p.id in seen:
        return
    seen.add(p.id)
    k = p.kind
    if k == "element":
        els.append(p)
    elif k == "attribute":
        attrs.append(p)
    elif k == "value":
        texts.append(p.b)
    elif k == "choice":
        for x in p.a:
            _top_items(x, els, attrs, texts, seen)
    elif k in ("group", "interleave"):
        _top_items(p.a, els, attrs, texts, seen)
        _top_items(p.b, els, attrs, texts, seen)
    elif k == "oneOrMore":
        _top_items(p.a, els, attrs, texts, seen)


def _local(nc):
    """The local name of a name class that is one name without a namespace, else None."""
    return nc[2] if nc[0] == "name" and nc[1] == "" else None


def allowed_items(N, contents, start_ids):
    """What one version allows, as (context, owner, item) triples: owner is an element's
    name, context its parent's ("" for the entry element), item "<child", "@attribute",
    "@attribute=value" (a literal <value>) or "=value" (the element's text)."""
    out = set()
    roots = []
    for sid in start_ids:
        _top_items(N.all[sid], roots, [], [], set())
    todo, done = [(x, "") for x in roots], set()
    while todo:
        x, ctx = todo.pop()
        name = _local(x.a[0])
        if (x.id, ctx) in done or name is None:
            continue
        done.add((x.id, ctx))
        els, attrs, texts = [], [], []
        _top_items(contents[x.b], els, attrs, texts, set())
        for c in els:
            if _local(c.a[0]) is not None:
                out.add((ctx, name, "<" + _local(c.a[0])))
            todo.append((c, name))
        for a in attrs:
            if _local(a.a) is None:
                continue
            out.add((ctx, name, "@" + _local(a.a)))
            vals = []
            _top_items(a.b, [], [], vals, set())
            out.update((ctx, name, "@%s=%s" % (_local(a.a), v)) for v in vals)
        out.update((ctx, name, "=" + v) for v in texts)
    return out


def emit_since(N, contents, entries, versions, files_by_ver, cmd):
    """dg_since.c: every (context, owner, item) that the oldest version refuses and every
    version from some release on allows, with that release (its index in dg_grammars)."""
    allowed = [allowed_items(N, contents, entries[v].values()) for v in versions]
    rows = []
    for key in set().union(*allowed):
        there = [key in a for a in allowed]
        if there[0] or not there[-1]:
            continue
        i = len(versions) - 1
        while there[i - 1]:
            i -= 1
        rows.append((key[1], key[0], key[2], i))
    rows.sort(key=lambda r: (r[0].encode(), r[1].encode(), r[2].encode()))
    out = [header("dg_since.c: since which release a place allows a child, an attribute or a value",
                  cmd, files_by_ver), '#include "dg_since.h"', ""]
    out.append("/* {owner, context, item, first release (index in dg_grammars)}, sorted by owner,")
    out.append(" * context and item (strcmp); items: \"<child\", \"@attr\", \"@attr=value\", \"=text\". */")
    emit_list(out, "dg_since_row", "dg_since_rows",
              ["{%s, %s, %s, %d}" % (c_inline(o, DG_SINCE_NAME_MAX, "owner"),
                                     c_inline(c, DG_SINCE_NAME_MAX, "context"),
                                     c_inline(it, DG_SINCE_ITEM_MAX, "item"), i)
               for (o, c, it, i) in rows], 1)
    out.append("const size_t dg_nsince = %d;" % len(rows))
    return "\n".join(out) + "\n"


def generate(dirs, outdir, cmd):
    N = Store()
    contents = {}
    entries, files_by_ver, legacy = {}, {}, {}
    for d in dirs:
        m = re.search(r"libvirt-(\d+\.\d+\.\d+)/?$", d)
        if not m:
            raise SchemaError("%s: the directory name must end in libvirt-X.Y.Z" % d)
        ver = m.group(1)
        starts, files = load_version(d, N, contents, ver)
        entries[ver] = {e: starts[e].id for e in ENTRIES}
        files_by_ver[ver] = files
        legacy[ver] = legacy_node(N, contents, starts["SNAPSHOT_DOMAIN"].id)
    nodes = flat_graph(N, contents)
    cls = refine(nodes)
    em = Emitter(nodes, cls, entries)
    rows, pool = em.rows()
    nullable = nullable_rows(rows, pool)
    versions = sorted(entries, key=version_key)
    default = versions[-1]
    os.makedirs(outdir, exist_ok=True)
    outputs = {}
    for v in versions:
        outputs["dg_%s.c" % v.replace(".", "_")] = emit_version(
            v, entries[v], em, legacy[v], files_by_ver, cmd)
    outputs["dg_common.c"] = emit_common(em, rows, pool, nullable, files_by_ver, cmd,
                                         versions, default)
    outputs["dg_since.c"] = emit_since(N, contents, entries, versions, files_by_ver, cmd)
    for name, text in outputs.items():
        with open(os.path.join(outdir, name), "w") as f:
            f.write(text)
    sys.stderr.write("gen-domain-grammar: %d versions, %d nodes (%d before merging), %d names, "
                     "%d values, %d datatypes -> %s\n" % (
                         len(versions), len(rows), len(nodes), len(em.ncs), len(em.values),
                         len(em.dtypes), outdir))


def main(argv):
    args = list(argv)
    outdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "dg")
    if len(args) >= 2 and args[0] == "-o":
        outdir = args[1]
        args = args[2:]
    if not args or any(a.startswith("-") for a in args):
        sys.stderr.write("usage: gen-domain-grammar.py [-o OUTDIR] SCHEMA_DIR...\n")
        return 2
    dirs = [a.rstrip("/") for a in args]
    cmd = "python3 tools/gen-domain-grammar.py " + " ".join(
        ".../" + os.path.basename(d) for d in sorted(dirs, key=lambda d: version_key(
            re.search(r"(\d+\.\d+\.\d+)$", d).group(1)) if re.search(r"(\d+\.\d+\.\d+)$", d) else (0,)))
    try:
        generate(sorted(dirs), outdir, cmd)
    except (OSError, ET.ParseError, SchemaError) as e:
        sys.stderr.write("gen-domain-grammar: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.setrecursionlimit(100000)
    threading.stack_size(512 * 1024 * 1024)
    result = []
    t = threading.Thread(target=lambda: result.append(main(sys.argv[1:])))
    t.start()
    t.join()
    sys.exit(result[0] if result else 1)
