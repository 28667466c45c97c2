#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-mutate.py - the mutation corpus of the domain-grammar exactness test: deterministic,
# seeded changes to libvirt's own domain documents, each wrapped in a stored snapshot.
"""Usage: dg-mutate.py [--seed=N] [--per-kind=N] [--skip=LIST] SCHEMA_DIR OUTDIR CORPUS_FILE...

Reads the domain documents among CORPUS_FILE (root <domain>; others are ignored), learns
from SCHEMA_DIR/domain.rng (through ../shared/design/rng_prototype.py's loader) which
attributes, values, datatypes and children each element takes, and writes about
--per-kind (default 400) mutated documents per kind of change to OUTDIR, each holding
exactly one change and wrapped by tests/dg-wrap.py, plus OUTDIR/MANIFEST.tsv:
    file  kind  source  path-of-the-changed-element  detail
The kind is also the file name's prefix.  bad_data covers every datatype (XSD type and
facets, pattern included) that the documents' elements can carry, several values each.
--skip names corpus files (dg-wrap.py's output names, one a line) not to mutate: the
documents that are already invalid.  The same arguments always give the same files.

The change need not make the document invalid: the reference verdict is xmllint's, and
the harness (tests/dg-exact.sh) counts per kind how many xmllint rejects.
"""
import copy
import importlib.util
import os
import random
import re
import sys
import threading
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.environ.get("DG_PROTOTYPE_DIR",
                           os.path.join(HERE, "..", "..", "shared", "design"))
FOREIGN = "http://example.org/snaplint/foreign"
QEMU = "http://libvirt.org/schemas/domain/qemu/1.0"
KINDS = ["unknown_element", "unknown_attr", "bad_enum", "bad_data", "drop_attr",
         "drop_child", "dup", "swap", "reorder", "move", "text_in_empty", "empty_text",
         "remove_branch", "wrong_ns", "ws_value", "trailing_text"]


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------------
# What the schema allows, per (parent name, element name), from the simplified patterns


class Info:
    """What one element pattern's content allows, without entering child elements.
    attrs/kids: qname -> [required, multi, datatypes, values]; text: same for content
    text; order: (a, b) pairs a group puts a before b; choices: for each choice that
    needs one of its branches, the names (children, '@attribute') of each branch."""

    def __init__(self):
        self.attrs, self.kids, self.pats = {}, {}, {}
        self.text = [False, False, set(), set()]
        self.has_text = False
        self.order, self.choices = set(), []

    def names(self):
        return set(self.kids) | {("@",) + a for a in self.attrs}


def _merge_slot(a, b, required):
    return [required, a[1] or b[1], a[2] | b[2], a[3] | b[3]]


def seq(i1, i2):
    """Both parts (group or interleave): required if either part requires it."""
    r = Info()
    for field in ("attrs", "kids"):
        d1, d2, out = getattr(i1, field), getattr(i2, field), getattr(r, field)
        for k in set(d1) | set(d2):
            if k in d1 and k in d2:
                out[k] = _merge_slot(d1[k], d2[k], True)
                out[k][1] = True
            else:
                out[k] = list(d1.get(k) or d2[k])
    for k in set(i1.pats) | set(i2.pats):
        r.pats[k] = i1.pats.get(k, set()) | i2.pats.get(k, set())
    r.text = _merge_slot(i1.text, i2.text, False)
    r.has_text = i1.has_text or i2.has_text
    r.order = i1.order | i2.order
    r.choices = i1.choices + i2.choices
    return r


def alt(infos, nullable):
    """One of the branches: required only if every branch requires it."""
    r = Info()
    for field in ("attrs", "kids"):
        keys = set().union(*(getattr(i, field).keys() for i in infos))
        for k in keys:
            slots = [getattr(i, field).get(k) for i in infos]
            acc = [all(s is not None and s[0] for s in slots), False, set(), set()]
            for s in slots:
                if s is not None:
                    acc = _merge_slot(acc, s, acc[0])
            getattr(r, field)[k] = acc
    for i in infos:
        for k, v in i.pats.items():
            r.pats.setdefault(k, set()).update(v)
        r.text = _merge_slot(r.text, i.text, False)
        r.has_text = r.has_text or i.has_text
        r.order |= i.order
        r.choices += i.choices
    branches = [i.names() for i in infos if i.names()]
    if not nullable and len(branches) >= 2:
        r.choices.append(branches)
    return r


class Schema:
    """Index of domain.rng: (parent qname, qname) -> merged Info of its patterns."""

    def __init__(self, schema_dir):
        proto = load_module("rng_prototype", os.path.join(PROTO_DIR, "rng_prototype.py"))
        self.proto = proto
        _, _, self.S, _, start = proto.build(schema_dir, "domain.rng")
        self.D = proto.Deriv(self.S)
        self.memo = {}
        self.index = {}
        self.values = set()
        self.walk(start)

    def info(self, p):
        r = self.memo.get(p.id)
        if r is None:
            r = self.memo[p.id] = self._info(p)
        return r

    def _info(self, p):
        S, k, r = self.S, p.kind, Info()
        if k == "ref":
            return self.info(S.deref(p))
        if k in ("group", "interleave"):
            r = seq(self.info(p.a), self.info(p.b))
            if k == "group":
                r.order = r.order | {(x, y) for x in self.info(p.a).kids
                                     for y in self.info(p.b).kids if x != y}
            return r
        if k == "choice":
            live = [x for x in p.a if x.kind != "notAllowed"]
            return alt([self.info(x) for x in live], self.D.nullable(p))
        if k == "oneOrMore":
            r = seq(Info(), self.info(p.a))
            for slot in list(r.kids.values()) + list(r.attrs.values()):
                slot[1] = True
            return r
        if k == "element" and p.a[0] == "name":
            q = (p.a[1], p.a[2])
            r.kids[q] = [True, False, set(), set()]
            r.pats[q] = {p}
        elif k == "attribute" and p.a[0] == "name":
            r.attrs[(p.a[1], p.a[2])] = [True, False] + self.value_types(p.b)
        elif k in ("value", "data", "text"):
            r.text = [False, False] + self.value_types(p)
            r.has_text = True
        return r

    def value_types(self, p):
        """[datatypes, values] a text or attribute value pattern accepts."""
        dts, vals, todo, seen = set(), set(), [p], set()
        while todo:
            x = self.S.deref(todo.pop())
            if x.id in seen:
                continue
            seen.add(x.id)
            if x.kind == "choice":
                todo.extend(x.a)
            elif x.kind == "value":
                vals.add(x.b)
            elif x.kind == "data" and x.a[0]:
                dts.add((x.a[1], x.a[2]))
            elif x.kind in ("group", "interleave", "oneOrMore"):
                todo.extend([x.a] if x.kind == "oneOrMore" else [x.a, x.b])
        self.values |= vals
        return [dts, vals]

    def walk(self, start):
        # sorted, not in set order: the merge order decides the order of the choices,
        # and so the sampling (string hashes differ between Python runs)
        todo = [(None, q, p) for q, ps in sorted(self.info(start).pats.items())
                for p in sorted(ps, key=lambda x: x.id)]
        seen = set()
        while todo:
            parent, q, p = todo.pop()
            if (parent, p.id) in seen:
                continue
            seen.add((parent, p.id))
            i = self.info(self.S.deref(p.b))
            old = self.index.get((parent, q))
            self.index[(parent, q)] = i if old is None else alt([old, i], True)
            for cq, cps in sorted(i.pats.items(), reverse=True):
                todo.extend((q, cq, cp) for cp in sorted(cps, key=lambda x: x.id))

    def get(self, parent, q):
        return self.index.get((parent, q))


# ---------------------------------------------------------------------------------
# Values for the mutations

INT_LIMITS = {
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "positiveInteger": (1, None), "integer": (None, None),
}


def int_values(t, params):
    lo, hi = INT_LIMITS[t]
    p = dict(params)
    lo = int(p["minInclusive"]) if "minInclusive" in p else lo
    hi = int(p["maxInclusive"]) if "maxInclusive" in p else hi
    out = ["", "abc", "1.5", "-1", "+1", "-0", " 7 ", "0x1f", "1e3", "12a", "\u0663",
           "\uff11", "9" * 25, "1" + "0" * 24, "007", "- 1", "+-1"]
    for b in (lo, hi):
        if b is not None:
            out += [str(b), str(b - 1), str(b + 1)]
    return out


def perturb(orig, rng):
    """Strings near a valid value: one character changed, added, removed."""
    o = orig or "x"
    i = rng.randrange(len(o))
    return [o + "!", o[:-1], "", " " + o, o + " ", o.upper(), o + "\u00e9", "\u20ac" + o,
            o[:i] + "\U0001d11e" + o[i + 1:], o + o, o + "\n", o[:i] + "-" + o[i + 1:],
            o[:i] + o[i] * 3 + o[i + 1:], "a" * 200]


def data_values(dt, orig, rng):
    t, params = dt
    p = dict(params)
    if t in INT_LIMITS:
        out = int_values(t, params)
    elif t == "NCName":
        out = ["1a", "a:b", "", "a b", "-a", "\u00e9t\u00e9", "_x", "a.b-c"]
    elif t == "dateTime":
        out = ["2020-13-01T00:00:00", "2020-01-01", "yesterday", "2020-01-01T25:00:00Z",
               "2020-01-01T00:00:00", " 2020-01-01T00:00:00Z "]
    else:
        out = []
    if "maxLength" in p:
        n = int(p["maxLength"])
        out += ["a" * n, "a" * (n + 1), "\u00e9" * n, "\u00e9" * (n + 1)]
    if "pattern" in p or t == "string" and not out:
        out += perturb(orig, rng)
    return out


def typo(name, rng):
    """A misspelling: one letter doubled, dropped or swapped."""
    i = rng.randrange(len(name))
    return rng.choice([name[:i] + name[i] * 2 + name[i + 1:], name[:i] + name[i + 1:],
                       name[:i] + name[i + 1:i + 2] + name[i:i + 1] + name[i + 2:],
                       name + "s"]) or "x"


# ---------------------------------------------------------------------------------
# Sites: where in one document each kind of change can go


def qn(tag):
    if tag[0] == "{":
        ns, local = tag[1:].split("}", 1)
        return (ns, local)
    return ("", tag)


def tag(q):
    return "{%s}%s" % q if q[0] else q[1]


def elements(root):
    """[(element, parent, section, path)] in document order; section groups the
    domain's top-level parts (devices by device kind) so that sampling spreads over them."""
    out = [(root, None, "domain", "domain")]
    i = 0
    while i < len(out):
        e, _, sec, path = out[i]
        for c in e:
            if isinstance(c.tag, str):
                name = qn(c.tag)[1]
                csec = name if e is root else ("devices/" + name if sec == "devices" else sec)
                out.append((c, e, csec, path + "/" + name))
        i += 1
    return out


def sites(schema, root):
    """{kind: [(element index, section, detail)]} for one document."""
    els = elements(root)
    idx = {id(e): n for n, (e, *_) in enumerate(els)}
    out = {k: [] for k in KINDS}
    for n, (e, parent, sec, _) in enumerate(els):
        q = qn(e.tag)
        info = schema.get(qn(parent.tag) if parent is not None else None, q)
        if info is None:
            continue
        kids = [c for c in e if isinstance(c.tag, str)]
        leaf_text = not kids and (e.text or "").strip()

        def add(kind, detail):
            out[kind].append((n, sec, detail))
        add("unknown_element", None)
        add("unknown_attr", None)
        for a in sorted(e.attrib):
            aq = qn(a)
            slot = info.attrs.get(aq)
            add("wrong_ns", "@" + a)
            add("ws_value", "@" + a)
            if slot and slot[3]:
                add("bad_enum", "@" + a)
            if slot and slot[0]:
                add("drop_attr", "@" + a)
        for aq, slot in sorted(info.attrs.items()):
            for dt in sorted(slot[2], key=repr):
                add("bad_data", ("@" + tag(aq), dt))
        if not kids:
            for dt in sorted(info.text[2], key=repr):
                add("bad_data", ("#text", dt))
            if leaf_text:
                add("ws_value", "#text")
                if info.text[3]:
                    add("bad_enum", "#text")
                if info.text[2] or info.text[3]:
                    add("empty_text", None)
            if not info.has_text and not info.kids and not (e.text or "").strip():
                add("text_in_empty", None)
        if parent is not None:
            add("wrong_ns", None)
            add("move", None)
        for j, c in enumerate(kids):
            slot = info.kids.get(qn(c.tag))
            if slot and slot[0]:
                add("drop_child", j)
            if slot and not slot[1]:
                add("dup", j)
            for k in range(j + 1, len(kids)):
                if (qn(c.tag), qn(kids[k].tag)) in info.order:
                    add("swap", (j, k))
        for j in range(len(kids) if len(kids) >= 3 else 0):
            if any(c.tag != kids[j].tag for c in kids):
                add("reorder", j)
        if kids:
            add("trailing_text", None)
        present = {qn(c.tag) for c in kids} | {("@",) + qn(a) for a in e.attrib}
        for ci, branches in enumerate(info.choices):
            for bi, names in enumerate(branches):
                others = set().union(*(b for k, b in enumerate(branches) if k != bi))
                own = (names - others) & present
                if own and not (present & others - names):
                    add("remove_branch", tuple(sorted(own)))
    return out, els, idx


# ---------------------------------------------------------------------------------
# Applying one change


def apply(kind, schema, els, n, detail, rng):
    """Changes the document in place; returns a one-line description."""
    e, parent, _, _ = els[n]
    info = schema.get(qn(parent.tag) if parent is not None else None, qn(e.tag))
    kids = [c for c in e if isinstance(c.tag, str)]
    if kind == "unknown_element":
        names = sorted(tag(q) for q in info.kids) or [qn(e.tag)[1]]
        name = typo(rng.choice(names), rng) if rng.random() < 0.6 else "frobnicate"
        pos = rng.randrange(len(e) + 1)
        e.insert(pos, ET.Element(name))
        return "<%s> at %d" % (name, pos)
    if kind == "unknown_attr":
        names = sorted(tag(q) for q in info.attrs) or ["type"]
        name = typo(rng.choice(names), rng) if rng.random() < 0.6 else "frobnicate"
        if name in e.attrib:
            name = "frobnicate"
        e.set(name, rng.choice(["1", "yes", ""]))
        return "@%s" % name
    if kind == "bad_enum":
        vals = sorted((info.attrs[qn(detail[1:])] if detail[0] == "@" else info.text)[3])
        old = e.get(detail[1:]) if detail[0] == "@" else e.text
        new = rng.choice([typo(old.strip() or "x", rng), old.upper(), old.strip() + "x",
                          rng.choice(sorted(schema.values)), "", rng.choice(vals) + "-"])
        return set_value(e, detail, new)
    if kind == "bad_data":
        where, dt = detail
        old = (e.get(where[1:]) if where[0] == "@" else e.text) or ""
        new = rng.choice(data_values(dt, old.strip(), rng))
        return "%s %s: %s" % (dt[0], dict(dt[1]).get("pattern", ""),
                              set_value(e, where, new))
    if kind == "drop_attr":
        del e.attrib[detail[1:]]
        return detail
    if kind == "reorder":
        a = kids[detail]
        b = rng.choice([c for c in kids if c.tag != a.tag])
        ia, ib = list(e).index(a), list(e).index(b)
        e[ia], e[ib] = b, a
        a.tail, b.tail = b.tail, a.tail
        return "<%s> and <%s>" % (qn(a.tag)[1], qn(b.tag)[1])
    if kind == "swap":
        a, b = kids[detail[0]], kids[detail[1]]
        e.remove(b)
        e.insert(list(e).index(a), b)
        return "<%s> before <%s>" % (qn(b.tag)[1], qn(a.tag)[1])
    if kind in ("drop_child", "dup"):
        c = kids[detail]
        i = list(e).index(c)
        if kind == "drop_child":
            e.remove(c)
        else:
            e.insert(i + 1, copy.deepcopy(c))
        return "<%s>" % qn(c.tag)[1]
    if kind == "move":
        targets = [x for x, *_ in els if x is not parent and not is_inside(x, e)]
        dest = rng.choice(targets)
        parent.remove(e)
        dest.insert(rng.randrange(len(dest) + 1), e)
        return "into <%s>" % qn(dest.tag)[1]
    if kind == "text_in_empty":
        e.text = rng.choice(["x", "0", " text "])
        return repr(e.text)
    if kind == "empty_text":
        e.text = rng.choice(["", " ", "\n  "])
        return repr(e.text)
    if kind == "remove_branch":
        for name in detail:
            if name[0] == "@":
                del e.attrib[tag(name[1:])]
            else:
                for c in [c for c in kids if qn(c.tag) == name]:
                    e.remove(c)
        return " ".join(n[0] + n[2] if n[0] == "@" else n[1] for n in detail)
    if kind == "wrong_ns":
        ns = rng.choice([FOREIGN, QEMU])
        if detail is None:
            e.tag = tag((ns, qn(e.tag)[1]))
            return "<%s> in %s" % (qn(e.tag)[1], ns)
        v = e.attrib.pop(detail[1:])
        e.set(tag((ns, qn(detail[1:])[1])), v)
        return "%s in %s" % (detail, ns)
    if kind == "ws_value":
        old = e.get(detail[1:]) if detail[0] == "@" else e.text
        pad = rng.choice([" %s", "%s ", " %s ", "\t%s\n", "\n%s"])
        return set_value(e, detail, pad % old)
    if kind == "trailing_text":
        last = kids[-1]
        last.tail = (last.tail or "") + rng.choice(["junk", "0", "\u00e9"]) + "\n"
        return "after <%s>" % qn(last.tag)[1]
    raise ValueError(kind)


def set_value(e, where, value):
    if where[0] == "@":
        e.set(where[1:], value)
    else:
        e.text = value
    return "%s=%r" % (where, value)


def is_inside(x, e):
    return any(y is x for y in e.iter())


# ---------------------------------------------------------------------------------
# Sampling and writing


def pick(rng, cands, count):
    """count sites: half spread evenly over sections, half uniformly; no repeats."""
    by_sec = {}
    for c in cands:
        by_sec.setdefault(c[1], []).append(c)
    chosen, used = [], set()
    while len(chosen) < count and len(used) < len(cands):
        if len(chosen) % 2 == 0:
            pool = by_sec[rng.choice(sorted(by_sec))]
        else:
            pool = cands
        c = rng.choice(pool)
        if id(c) not in used:
            used.add(id(c))
            chosen.append(c)
    return chosen


def plan(schema, docs, rng, per_kind):
    """[(kind, doc number, element index, detail)]: the changes to make."""
    cands = {k: [] for k in KINDS}
    for d, (_, data) in enumerate(docs):
        found, _, _ = sites(schema, ET.fromstring(data))
        for k, lst in found.items():
            cands[k].extend((d, sec, n, detail) for (n, sec, detail) in lst)
    out = []
    for k in KINDS:
        if k == "bad_data":
            # every datatype, each at up to 8 places (fewer for a small --per-kind)
            by_dt = {}
            for c in cands[k]:
                by_dt.setdefault(repr(c[3][1]), []).append(c)
            each = max(min(8, max(1, per_kind // 50)), per_kind // max(1, len(by_dt)))
            for key in sorted(by_dt):
                out += [(k, c) for c in pick(rng, by_dt[key], each)]
        else:
            out += [(k, c) for c in pick(rng, cands[k], per_kind)]
    return out


def main(argv):
    opts = {"seed": "13", "per-kind": "400", "skip": None}
    while argv and argv[0].startswith("--"):
        name, _, value = argv.pop(0)[2:].partition("=")
        if name not in opts:
            print(__doc__.split("\n\n")[0], file=sys.stderr)
            return 2
        opts[name] = value
    if len(argv) < 3:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    schema_dir, outdir, files = argv[0], argv[1], argv[2:]
    wrapper = load_module("dg_wrap", os.path.join(HERE, "dg-wrap.py"))
    skip = set()
    if opts["skip"]:
        with open(opts["skip"]) as f:
            skip = {line.strip() for line in f if line.strip()}
    docs = []
    for path in sorted(files):
        with open(path, "rb") as f:
            data = f.read()
        name = wrapper.out_name(path)
        if wrapper.root_name(data) == "domain" and name not in skip:
            docs.append((name, data))
    for prefix, uri in sorted(namespaces(docs).items()):
        if not re.match(r"ns\d+$", prefix):  # ElementTree's own prefixes
            ET.register_namespace(prefix, uri)
    ET.register_namespace("foreign", FOREIGN)
    schema = Schema(schema_dir)
    rng = random.Random(int(opts["seed"]))
    changes = plan(schema, docs, rng, int(opts["per-kind"]))
    write(schema, docs, changes, rng, outdir, wrapper)
    print("dg-mutate.py: %d documents from %d domains" % (len(changes), len(docs)),
          file=sys.stderr)
    return 0


def namespaces(docs):
    """prefix -> URI declared in the documents, so that the output keeps the prefixes."""
    out = {}
    for _, data in docs:
        for m in re.finditer(rb'xmlns:([A-Za-z_][\w.-]*)=["\']([^"\']*)["\']', data):
            out.setdefault(m.group(1).decode(), m.group(2).decode())
    return out


def write(schema, docs, changes, rng, outdir, wrapper):
    with open(os.path.join(outdir, "MANIFEST.tsv"), "w") as man:
        for seq_no, (kind, (d, sec, n, detail)) in enumerate(changes):
            name, data = docs[d]
            root = ET.fromstring(data)
            els = elements(root)
            what = apply(kind, schema, els, n, detail, rng)
            fname = "%s-%05d.xml" % (kind, seq_no)
            body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
            with open(os.path.join(outdir, fname), "wb") as f:
                f.write(wrapper.wrap(body))
            man.write("%s\t%s\t%s\t%s\t%s\n" % (fname, kind, name, els[n][3],
                                              what.replace("\t", "\\t").replace("\n", "\\n")))


if __name__ == "__main__":
    # the prototype's loader recurses deeply: run on a thread with a large stack
    sys.setrecursionlimit(50000)
    threading.stack_size(512 * 1024 * 1024)
    result = []
    t = threading.Thread(target=lambda: result.append(main(sys.argv[1:])))
    t.start()
    t.join()
    sys.exit(result[0] if result else 2)
