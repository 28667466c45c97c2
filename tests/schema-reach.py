#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""schema-reach.py - what libvirt's snapshot and checkpoint schemas reach outside the
embedded domain, in the lines tests/dump_tables.c prints for the grammar tables:

  DOC child PARENT CHILD          an element PARENT may contain (PARENT "-": the root)
  DOC attr PARENT/ELEM NAME       an attribute of ELEM under PARENT
  DOC value PARENT/ELEM NAME V    an enumerated value of that attribute
  DOC text PARENT/ELEM V          an enumerated text value of ELEM

A small RELAX NG walker of its own (Python 3 stdlib only): include with overrides,
define/ref with combine, div, element/attribute/value/choice/group/interleave/optional/
zeroOrMore/oneOrMore/mixed/list/empty/data/text/notAllowed.  A pattern that can never
match (notAllowed, reached through a group, an element or an attribute) reaches nothing.
The walk stops at the embedded <domain> and <inactiveDomain> (an element of that name or
a nested grammar, whose start element is reported as the child) and at elements of any
name (reported as the child "*").

Usage: tests/schema-reach.py SCHEMA_DIR   (prints the lines sorted)
"""
import os
import sys
import xml.etree.ElementTree as ET

RNG = "{http://relaxng.org/ns/structure/1.0}"
STOP = {"domain", "inactiveDomain"}


def tag(node):
    return node.tag[len(RNG):] if node.tag.startswith(RNG) else node.tag


class Grammar:
    """The defines and start of one grammar, its includes merged in."""

    def __init__(self):
        self.defines = {}  # name -> [(combine, [patterns])]
        self.starts = []

    def add_define(self, node):
        self.defines.setdefault(node.get("name"), []).append(
            (node.get("combine"), list(node)))

    def load_children(self, node, base, overridden):
        for child in node:
            t = tag(child)
            if t == "div":
                self.load_children(child, base, overridden)
            elif t == "start" and "#start" not in overridden:
                self.starts.append((child.get("combine"), list(child)))
            elif t == "define" and child.get("name") not in overridden:
                self.add_define(child)
            elif t == "include":
                self.load_include(child, base, overridden)

    def load_include(self, node, base, overridden):
        # The include's own defines (and start) replace the included file's.
        own = set()
        for child in node.iter():
            if tag(child) == "define":
                own.add(child.get("name"))
            elif tag(child) == "start":
                own.add("#start")
        self.load_file(os.path.join(base, node.get("href")), overridden | own)
        self.load_children(node, base, overridden)

    def load_file(self, path, overridden=frozenset()):
        root = ET.parse(path).getroot()
        self.load_children(root, os.path.dirname(path), overridden)

    def define(self, name):
        """A define as one pattern: its parts combined as their combine= says."""
        parts = self.defines.get(name)
        if parts is None:
            raise SystemExit("schema-reach.py: no define named %s" % name)
        combine = next((c for c, _ in parts if c), "group")
        node = ET.Element(RNG + (combine if len(parts) > 1 else "group"))
        for _, patterns in parts:
            group = ET.SubElement(node, RNG + "group")
            group.extend(patterns)
        return node


def element_names(node):
    """The name(s) of an element or attribute pattern, "*" for any name, and its
    content patterns."""
    if node.get("name") is not None:
        return [node.get("name").strip()], list(node)
    names, content = [], list(node)
    first = content.pop(0)
    stack = [first]
    while stack:
        n = stack.pop()
        if tag(n) == "name":
            names.append(n.text.strip())
        elif tag(n) in ("anyName", "nsName"):
            names.append("*")
        elif tag(n) == "choice":
            stack.extend(n)
    return names, content


class Walker:
    def __init__(self, grammar, schema_dir, doc):
        self.g = grammar
        self.dir = schema_dir
        self.doc = doc
        self.out = set()
        self.allowed_memo = {}
        self.seen = set()

    # ---- can a pattern match at all? ----
    def allowed(self, node):
        key = id(node)
        if key in self.allowed_memo:
            return self.allowed_memo[key]
        self.allowed_memo[key] = True  # recursion: assume it can
        result = self.compute_allowed(node)
        self.allowed_memo[key] = result
        return result

    def compute_allowed(self, node):
        t = tag(node)
        if t == "notAllowed":
            return False
        if t in ("optional", "zeroOrMore", "grammar", "parentRef", "externalRef", "empty",
                 "text", "data", "value"):
            return True
        if t == "ref":
            return self.allowed(self.ref(node))
        if t == "choice":
            return any(self.allowed(c) for c in node)
        if t in ("element", "attribute"):
            _, content = element_names(node)
            return all(self.allowed(c) for c in content)
        # group, interleave, oneOrMore, mixed, list, define bodies
        return all(self.allowed(c) for c in node)

    def ref(self, node):
        name = node.get("name")
        if not hasattr(self, "_defs"):
            self._defs = {}
        if name not in self._defs:
            self._defs[name] = self.g.define(name)
        return self._defs[name]

    # ---- the walk ----
    def emit(self, *fields):
        self.out.add(" ".join((self.doc,) + fields))

    def walk(self, node, parent, elem):
        """Patterns inside the content of `elem` (whose parent is `parent`)."""
        if not self.allowed(node):
            return
        t = tag(node)
        if t == "element":
            self.walk_element(node, elem)
        elif t == "attribute":
            names, content = element_names(node)
            for name in names:
                where = "%s/%s" % (parent, elem)
                self.emit("attr", where, name)
                for v in self.values(content, set()):
                    self.emit("value", where, name, v)
        elif t == "value":
            self.emit("text", "%s/%s" % (parent, elem), node.text.strip() if node.text else "")
        elif t == "ref":
            key = (node.get("name"), parent, elem)
            if key not in self.seen:
                self.seen.add(key)
                self.walk(self.ref(node), parent, elem)
        elif t == "grammar":
            for name in self.nested_start(node):
                self.emit("child", elem, name)
        elif t in ("data", "text", "empty", "notAllowed", "parentRef", "externalRef"):
            return
        else:
            for child in node:
                self.walk(child, parent, elem)

    def walk_element(self, node, elem):
        names, content = element_names(node)
        for name in names:
            self.emit("child", elem, name)
            if name in STOP or name == "*":
                continue
            key = (id(node), elem)
            if key in self.seen:
                continue
            self.seen.add(key)
            for child in content:
                self.walk(child, elem, name)

    def values(self, patterns, refs):
        """The <value>s an attribute's content enumerates."""
        found = []
        for node in patterns:
            if not self.allowed(node):
                continue
            t = tag(node)
            if t == "value":
                found.append(node.text.strip() if node.text else "")
            elif t == "ref" and node.get("name") not in refs:
                found += self.values([self.ref(node)], refs | {node.get("name")})
            elif t in ("choice", "group", "interleave", "optional", "zeroOrMore",
                       "oneOrMore", "list"):
                found += self.values(list(node), refs)
        return found

    def nested_start(self, node):
        """The names of the elements a nested grammar starts with."""
        inner = Grammar()
        inner.load_children(node, self.dir, frozenset())
        walker = Walker(inner, self.dir, self.doc)
        names = []
        for _, patterns in inner.starts:
            names += walker.first_elements(patterns, set())
        return names

    def first_elements(self, patterns, refs):
        names = []
        for node in patterns:
            t = tag(node)
            if t == "element":
                names += element_names(node)[0]
            elif t == "ref" and node.get("name") not in refs:
                names += self.first_elements([self.ref(node)], refs | {node.get("name")})
            elif t not in ("attribute", "data", "text", "value"):
                names += self.first_elements(list(node), refs)
        return names


def reach(schema_dir, rng, doc):
    g = Grammar()
    g.load_file(os.path.join(schema_dir, rng))
    w = Walker(g, schema_dir, doc)
    for _, patterns in g.starts:
        for p in patterns:
            w.walk(p, "", "-")
    return w.out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: schema-reach.py SCHEMA_DIR")
    lines = reach(sys.argv[1], "domainsnapshot.rng", "snapshot")
    lines |= reach(sys.argv[1], "domaincheckpoint.rng", "checkpoint")
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
