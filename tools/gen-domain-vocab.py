#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""gen-domain-vocab.py - derives snaplint's domain vocabulary tables (src/domvocab_table.c)
from libvirt's RELAX NG schemas.

Usage: tools/gen-domain-vocab.py [--libvirt-version X.Y.Z] [-o OUTPUT] SCHEMA_DIR

SCHEMA_DIR holds domain.rng and everything it includes (libvirt's src/conf/schemas).
OUTPUT defaults to src/domvocab_table.c beside this script's tools/ directory. The
libvirt version written into the header defaults to the one in SCHEMA_DIR's name
(".../libvirt-12.8.0"). A summary of what was found goes to stderr.

The script is run by hand when the schemas move; its output is committed so the build
never needs Python. Standard library only.

What it computes, by walking the grammar reachable from the `domain` define of domain.rng
(refs followed, combine="choice"/"interleave" contributions of every included file
merged, <include> overrides applied):
  (a) every no-namespace element name that can occur in <domain>, at any depth;
  (b) the names of elements whose content holds an anyName/nsName element pattern
      (free-form content such as <metadata>), plus every place a foreign-namespace child
      is allowed (reported in the header comment and on stderr);
  (c) the value enumerations of <domain type>, <devices>/<disk> type/device/snapshot and
      the disk <driver type>. If one of them stops being a fixed enumeration the script
      fails, because src/domvocab.c relies on it.
"""

import argparse
import hashlib
import os
import re
import sys
import xml.etree.ElementTree as ET

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_SPACE = re.compile(r"[ \t\r\n]+")

# Patterns the walker steps through transparently when collecting an element's content.
CONTAINERS = {"group", "interleave", "choice", "optional", "zeroOrMore", "oneOrMore",
              "mixed", "list"}
# Leaf patterns that contribute neither elements nor attributes.
LEAVES = {"empty", "text", "value", "data", "notAllowed"}


class SchemaError(Exception):
	"""A construct this script does not handle; better to stop than to guess."""


def local(node):
	"""The local name of a RELAX NG node, or None for annotations in other namespaces."""
	if not isinstance(node.tag, str) or not node.tag.startswith("{" + RNG_NS + "}"):
		return None
	return node.tag[len(RNG_NS) + 2:]


def rng_children(node):
	return [c for c in node if local(c) is not None]


def tokenize(value):
	"""RELAX NG token normalisation: collapse XML whitespace, strip the ends."""
	return XML_SPACE.sub(" ", value).strip(" ")


class Define:
	"""One <define> contribution: its node, combine mode and source file."""

	def __init__(self, node, combine, path):
		self.node, self.combine, self.path = node, combine, path


class Grammar:
	"""The defines of one grammar with its includes resolved and combined."""

	def __init__(self, schema_dir):
		self.schema_dir = schema_dir
		self.defines = {}   # name -> [Define]
		self.ns = {}        # node -> effective ns (for element, attribute, name, nsName)
		self.files = []     # every file read, in include order

	def load(self, href, inherited_ns=""):
		"""Reads a grammar file; returns its defines (name -> [Define]) with includes merged."""
		path = os.path.join(self.schema_dir, href)
		self.files.append(path)
		root = ET.parse(path).getroot()
		if local(root) != "grammar":
			raise SchemaError(f"{href}: root is not <grammar>")
		ns = root.get("ns", inherited_ns)
		self.annotate(root, ns)
		defs = {}
		self.grammar_content(root, href, ns, defs)
		return defs

	def annotate(self, node, ns):
		"""Records the effective ns (the nearest ns attribute, lexically) of each node."""
		ns = node.get("ns", ns)
		self.ns[node] = ns
		for c in rng_children(node):
			self.annotate(c, ns)

	def grammar_content(self, node, href, ns, defs):
		for c in rng_children(node):
			kind = local(c)
			if kind == "div":
				self.grammar_content(c, href, ns, defs)
			elif kind == "define":
				defs.setdefault(c.get("name"), []).append(Define(c, c.get("combine"), href))
			elif kind == "include":
				self.include(c, href, ns, defs)
			elif kind != "start":
				raise SchemaError(f"{href}: unexpected <{kind}> in grammar")

	def include(self, node, href, ns, defs):
		"""<include>: the included defines, minus those the include element overrides."""
		sub = self.load(node.get("href"), node.get("ns", ns))
		overrides = {}
		self.grammar_content(node, href, ns, overrides)
		for name, contribs in overrides.items():
			if name not in sub:
				raise SchemaError(f"{href}: include overrides unknown define {name}")
			sub[name] = contribs
		for name, contribs in sub.items():
			defs.setdefault(name, []).extend(contribs)

	def finish(self, defs):
		"""Checks the combine rules and keeps the merged defines."""
		for name, contribs in defs.items():
			plain = [d for d in contribs if d.combine is None]
			modes = {d.combine for d in contribs if d.combine}
			if len(plain) > 1 or len(modes) > 1:
				raise SchemaError(f"define {name}: conflicting contributions")
		self.defines = defs

	def bodies(self, name):
		if name not in self.defines:
			raise SchemaError(f"ref to undefined {name}")
		return self.defines[name]


class Walker:
	"""Walks element patterns: their names, direct child elements and attributes."""

	def __init__(self, g):
		self.g = g
		self._items = {}

	def name_class(self, node):
		"""(fixed names as (ns, local), wildcard descriptions) of an element/attribute."""
		attr_ns = "" if local(node) == "attribute" else self.g.ns[node]
		if node.get("name") is not None:
			name = node.get("name").strip()
			if ":" in name:
				raise SchemaError(f"QName {name} not supported")
			return {(node.get("ns", attr_ns), name)}, []
		return self.name_class_node(rng_children(node)[0], attr_ns)

	def name_class_node(self, nc, ns):
		kind = local(nc)
		if kind == "name":
			return {(nc.get("ns", ns), nc.text.strip())}, []
		if kind == "anyName":
			return set(), ["anyName"]
		if kind == "nsName":
			return set(), ["nsName " + repr(nc.get("ns", ns))]
		if kind == "choice":
			names, wild = set(), []
			for c in rng_children(nc):
				n, w = self.name_class_node(c, ns)
				names |= n
				wild += w
			return names, wild
		raise SchemaError(f"unknown name class <{kind}>")

	def content(self, node):
		"""The content patterns of an element/attribute (its name class left out)."""
		kids = rng_children(node)
		if node.get("name") is None:
			kids = kids[1:]
		return kids

	def items(self, node):
		"""Element and attribute patterns directly inside element `node` (refs followed)."""
		if node not in self._items:
			out = []
			self.collect(self.content(node), out, set())
			self._items[node] = out
		return self._items[node]

	def collect(self, patterns, out, seen):
		for p in patterns:
			kind = local(p)
			if kind in ("element", "attribute"):
				out.append(p)
			elif kind in CONTAINERS:
				self.collect(rng_children(p), out, seen)
			elif kind == "ref":
				if p.get("name") not in seen:
					seen.add(p.get("name"))
					for d in self.g.bodies(p.get("name")):
						self.collect(rng_children(d.node), out, seen)
			elif kind not in LEAVES:
				raise SchemaError(f"<{kind}> not supported in content")

	def elements(self, node):
		return [p for p in self.items(node) if local(p) == "element"]

	def define_elements(self, name):
		out = []
		self.collect([ET.Element("{%s}ref" % RNG_NS, name=name)], out, set())
		return [p for p in out if local(p) == "element"]

	def reachable(self, roots, enter=lambda p: True):
		"""Every element pattern reachable from `roots` (roots included, walk order),
		descending only into the patterns for which `enter` is true."""
		seen, order, todo = set(), [], list(roots)
		while todo:
			p = todo.pop()
			if p in seen:
				continue
			seen.add(p)
			order.append(p)
			if enter(p):
				todo.extend(reversed(self.elements(p)))
		return order

	def values(self, patterns, where, seen=None):
		"""(values, non-enumeration reasons) of the content of an attribute."""
		seen = set() if seen is None else seen
		vals, why = set(), []
		if not patterns:
			why.append("free text")
		for p in patterns:
			kind = local(p)
			if kind == "value":
				t = p.get("type", "token")
				vals.add((p.text or "") if t == "string" else tokenize(p.text or ""))
				if t not in ("token", "string"):
					why.append(f"value of type {t}")
			elif kind == "choice":
				for c in rng_children(p):
					v, w = self.values([c], where, seen)
					vals |= v
					why += w
			elif kind == "ref" and p.get("name") not in seen:
				seen.add(p.get("name"))
				for d in self.g.bodies(p.get("name")):
					if d.combine == "interleave":
						raise SchemaError(f"{where}: interleave-combined value define")
					v, w = self.values(rng_children(d.node), where, seen)
					vals |= v
					why += w
			elif kind == "data":
				why.append(f"datatype {p.get('type')}")
			elif kind == "text":
				why.append("free text")
			elif kind == "empty":
				vals.add("")
			elif kind not in ("notAllowed", "ref"):
				why.append(f"<{kind}> pattern")
		return vals, why

	def attr_enum(self, elems, attr):
		"""The union of the enumerations of attribute `attr` over element patterns `elems`."""
		vals, why, found = set(), [], False
		for e in elems:
			for a in self.items(e):
				if local(a) == "attribute" and ("", attr) in self.name_class(a)[0]:
					found = True
					v, w = self.values(self.content(a), attr)
					vals |= v
					why += w
		if not found:
			raise SchemaError(f"attribute {attr} not found")
		return sorted(vals), sorted(set(why))


def fixed_names(w, p):
	return w.name_class(p)[0]


def is_plain(w, p, name):
	return ("", name) in fixed_names(w, p)


def children_named(w, parents, name):
	out = []
	for p in parents:
		out += [c for c in w.elements(p) if is_plain(w, c, name)]
	return out


def label(w, p):
	"""How a report names an element pattern: <name>, <{ns}name> or <*>."""
	fixed, _ = w.name_class(p)
	parts = [f"{{{ns}}}{n}" if ns else n for ns, n in sorted(fixed)]
	return "<" + ("|".join(parts) or "*") + ">"


def foreign_children(w, pats):
	"""Where a no-namespace element allows a namespaced or wildcard child."""
	out = []
	for p in pats:
		if not any(ns == "" for ns, _ in fixed_names(w, p)):
			continue
		for c in w.elements(p):
			cfixed, cwild = w.name_class(c)
			out += [f"{label(w, p)} allows <{{{ns}}}{n}>" for ns, n in sorted(cfixed) if ns]
			out += [f"{label(w, p)} allows any element ({d})" for d in cwild]
	return list(dict.fromkeys(out))


def plain_names(w, pats):
	return {n for p in pats for ns, n in fixed_names(w, p) if ns == ""}


def has_plain_name(w, p):
	return any(ns == "" for ns, _ in fixed_names(w, p))


def vocabulary(w, roots):
	"""(a) and (b): the element names, the opaque ones, and what is worth reporting."""
	pats = w.reachable(roots)
	opaque_pats = [p for p in pats if any(w.name_class(c)[1] for c in w.elements(p))]
	names = plain_names(w, pats)
	checked = plain_names(w, [p for p in pats if p not in opaque_pats])
	plain = plain_names(w, w.reachable(roots, lambda p: has_plain_name(w, p)))
	inactive = plain_names(w, w.reachable(w.define_elements("inactiveDomain")))
	return pats, {
		"names": sorted(names),
		"opaque": sorted(plain_names(w, opaque_pats)),
		# an opaque name that some other pattern gives checked content (skipped anyway)
		"mixed": sorted(plain_names(w, opaque_pats) & checked),
		"foreign": foreign_children(w, pats),
		# no-namespace names found only inside namespaced or wildcard elements
		"only_nested": sorted(names - plain),
		"inactive_diff": sorted(inactive ^ names),
		"patterns": len(pats),
	}


def enumerations(w, pats, roots):
	"""(c): the attribute enumerations, each as (label, (values, non-enum reasons))."""
	devices = [p for p in pats if is_plain(w, p, "devices")]
	disks = children_named(w, devices, "disk")
	drivers = children_named(w, disks, "driver")
	return (len(devices), len(disks), len(drivers)), {
		"domain_type": ("<domain type>", w.attr_enum(roots, "type")),
		"disk_type": ("<disk type>", w.attr_enum(disks, "type")),
		"disk_device": ("<disk device>", w.attr_enum(disks, "device")),
		"disk_snapshot": ("<disk snapshot>", w.attr_enum(disks, "snapshot")),
		"driver_type": ("<disk><driver type>", w.attr_enum(drivers, "type")),
	}


def analyse(w):
	"""Computes every table and report; returns them as a dict."""
	roots = w.define_elements("domain")
	pats, res = vocabulary(w, roots)
	res["counts"], res["enums"] = enumerations(w, pats, roots)
	return res


def c_string(s):
	if not re.fullmatch(r"[\x20-\x7e]*", s) or '"' in s or "\\" in s:
		raise SchemaError(f"name {s!r} needs escaping")
	return '"' + s + '"'


def c_set(var, comment, values):
	"""One sorted string array and its sl_domvocab_set."""
	lines = [f"/* {comment} */", f"static const char *const {var}_v[] = {{"]
	lines += [f"\t{c_string(v)}," for v in values]
	lines += ["};", f"const sl_domvocab_set sl_domvocab_tbl_{var} = {{",
	          f"\t{var}_v, sizeof {var}_v / sizeof {var}_v[0]}};", ""]
	return lines


def sha256_prefix(path):
	with open(path, "rb") as f:
		return hashlib.sha256(f.read()).hexdigest()[:16]


def render(res, version, files):
	hashes = [f" *   {os.path.basename(f)} {sha256_prefix(f)}" for f in sorted(set(files))]
	out = [
		f"/* domvocab_table.c - GENERATED from the libvirt {version} RELAX NG schemas; do not edit.",
		" * SPDX-License-Identifier: LGPL-2.1-or-later (generated from libvirt's LGPL schemas)",
		" *",
		" * Regenerate with the schema directory as argument, e.g.",
		f" *   python3 tools/gen-domain-vocab.py .../schemas/libvirt-{version}",
		" * Sources read (domain.rng and its includes), sha256 prefixes:",
		*hashes,
		" *",
		" * <domain> is the root; <inactiveDomain> has the same content. Foreign-namespace",
		" * children the grammar allows (snaplint skips every namespaced element and the",
		" * content of every opaque element):",
		*[f" *   {f}" for f in res["foreign"]],
		" *",
		" * How to add one: not by hand. Update the schemas, re-run the script, review the diff.",
		" */",
		'#include "domvocab.h"',
		"",
	]
	out += c_set("names", f"All {len(res['names'])} no-namespace element names that occur "
	             "in <domain>, strcmp order.", res["names"])
	out += c_set("opaque", "Elements whose content holds anyName/nsName elements: "
	             "free-form, not checked.", res["opaque"])
	for key, (what, (vals, why)) in res["enums"].items():
		if why:
			raise SchemaError(f"{what} is no longer an enumeration ({', '.join(why)}); "
			                  "update src/domvocab.c")
		out += c_set(key, f"Values of {what} (token-normalised), strcmp order.", vals)
	return "\n".join(out).rstrip("\n") + "\n"


def report(res, out_path):
	p = lambda *a: print(*a, file=sys.stderr)
	p(f"wrote {out_path}")
	p(f"element patterns reachable from <domain>: {res['patterns']}; "
	  f"devices/disk/driver patterns: {res['counts']}")
	p(f"element names: {len(res['names'])}")
	p(f"opaque: {' '.join(res['opaque'])}")
	for f in res["foreign"]:
		p(f"foreign: {f}")
	p(f"opaque names also used with checked content: {res['mixed'] or 'none'}")
	p(f"names reachable only under namespaced elements: {res['only_nested'] or 'none'}")
	p(f"names differing between <domain> and <inactiveDomain>: {res['inactive_diff']}")
	for what, (vals, why) in res["enums"].values():
		p(f"{what}: {' '.join(repr(v) for v in vals)}" + (f"  NOT ENUM: {why}" if why else ""))


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("schema_dir")
	ap.add_argument("-o", "--output", default=os.path.join(
		os.path.dirname(os.path.abspath(__file__)), "..", "src", "domvocab_table.c"))
	ap.add_argument("--libvirt-version")
	args = ap.parse_args()
	version = args.libvirt_version
	if not version:
		m = re.search(r"libvirt-(\d+\.\d+\.\d+)", os.path.abspath(args.schema_dir))
		if not m:
			ap.error("cannot tell the libvirt version from the directory; use --libvirt-version")
		version = m.group(1)
	g = Grammar(args.schema_dir)
	try:
		g.finish(g.load("domain.rng"))
		res = analyse(Walker(g))
		text = render(res, version, g.files)
	except (SchemaError, OSError, ET.ParseError) as e:
		print(f"gen-domain-vocab: {e}", file=sys.stderr)
		return 1
	with open(args.output, "w") as f:
		f.write(text)
	report(res, os.path.normpath(args.output))
	return 0


if __name__ == "__main__":
	sys.exit(main())
