/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dump_tables.c - prints what the grammar tables (sl_kinds[], gtables.c) accept outside
 * the embedded domain, one fact a line, for tests/schema-reach.sh to compare with what
 * libvirt's schemas reach (tests/schema-reach.py prints the same lines):
 *   DOC child PARENT CHILD          an element PARENT may contain (PARENT "-": the root)
 *   DOC attr PARENT/ELEM NAME       an attribute of ELEM under PARENT
 *   DOC value PARENT/ELEM NAME V    an enumerated value of that attribute
 *   DOC text PARENT/ELEM V          an enumerated text value of ELEM
 * DOC is snapshot or checkpoint.  Kinds that mark the embedded domain (SL_K_DELEGATE: the
 * generated tier's; SL_K_SKIP) are reported as a child and not entered; a kind whose
 * children are anything (SL_K_ANY_CHILDREN) has the child "*".  A resolver kind stands
 * for the variants its resolver returns for any start tag built from the attribute
 * values the tables enumerate.  Output unsorted, with repeats (the test sorts it).
 * With an argument, a schema set ("9.0.0"): only what the tables accept at that target
 * (children, attributes and values whose `since` is not newer), walking the older kinds
 * that target uses (sl_kind_variants) as the machine does.
 */
#include <stdio.h>
#include <string.h>

#include "grammar.h"

#define DOMAIN_MARK (SL_K_DELEGATE | SL_K_SKIP)
#define MAX_KINDS 1024 /* above sl_nkinds; main() checks */

/* Every (attribute, value) the tables enumerate, for the resolvers' probe tags. */
typedef struct probe {
	const char *name, *value;
} probe;
static probe probes[4096];
static size_t nprobes;
static unsigned target = SL_LV_COUNT - 1; /* the schema set printed */

/* Is value `v` of the list `values` newer than the target? */
static bool newer_value(const char *const *values, const char *v)
{
	for (unsigned i = 0; i < sl_nvalues_since; i++)
		if (sl_values_since[i].values == values && !strcmp(sl_values_since[i].value, v))
			return sl_values_since[i].since > target;
	return false;
}

static void add_probe(const char *name, const char *value)
{
	for (size_t i = 0; i < nprobes; i++)
		if (!strcmp(probes[i].name, name) && !strcmp(probes[i].value, value))
			return;
	if (nprobes < sizeof probes / sizeof *probes)
		probes[nprobes++] = (probe){name, value};
}

static void collect_probes(void)
{
	for (unsigned k = 0; k < sl_nkinds; k++)
		for (unsigned a = 0; a < sl_kinds[k].nattrs; a++) {
			const sl_attr_spec *s = &sl_kinds[k].attrs[a];
			add_probe(s->name, "x"); /* presence alone (labelskip) */
			for (const char *const *v = s->values; v && *v; v++)
				if (!newer_value(s->values, *v))
					add_probe(s->name, *v);
		}
}

/* Marks in `out` the kinds `kind`'s resolver returns for a tag with the attributes
 * atts[0..n) (name/value pairs). */
static void resolve_with(unsigned kind, const char **atts, size_t n, bool *out)
{
	sl_start st = {.ns = "", .local = sl_kinds[kind].name, .atts = atts, .nattrs = n};
	out[sl_kinds[kind].resolve(&st)] = true;
}

/* The variants of a resolver kind: no attribute, one, or two of the probes. */
static void variants(unsigned kind, bool *out)
{
	const char *atts[4];
	resolve_with(kind, atts, 0, out);
	for (size_t i = 0; i < nprobes; i++) {
		atts[0] = probes[i].name, atts[1] = probes[i].value;
		resolve_with(kind, atts, 1, out);
		for (size_t j = 0; j < nprobes; j++) {
			if (!strcmp(probes[j].name, probes[i].name))
				continue;
			atts[2] = probes[j].name, atts[3] = probes[j].value;
			resolve_with(kind, atts, 2, out);
		}
	}
}

/* Visited (kind, parent name) pairs, so that shared kinds are printed once per parent. */
typedef struct visit {
	unsigned kind;
	const char *parent;
} visit;
static visit seen[8192];
static size_t nseen;

static bool first_visit(unsigned kind, const char *parent)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].kind == kind && !strcmp(seen[i].parent, parent))
			return false;
	if (nseen < sizeof seen / sizeof *seen)
		seen[nseen++] = (visit){kind, parent};
	return true;
}

static void walk(const char *doc, unsigned kind, const char *parent);

/* The attributes and text values of a concrete kind under `parent`. */
static void print_content(const char *doc, const sl_kind_spec *k, const char *parent)
{
	for (unsigned a = 0; a < k->nattrs; a++) {
		const sl_attr_spec *s = &k->attrs[a];
		if (s->since > target)
			continue;
		printf("%s attr %s/%s %s\n", doc, parent, k->name, s->name);
		for (const char *const *v = s->values; v && *v; v++)
			if (!newer_value(s->values, *v))
				printf("%s value %s/%s %s %s\n", doc, parent, k->name, s->name, *v);
	}
	for (const char *const *v = k->values; v && *v; v++)
		printf("%s text %s/%s %s\n", doc, parent, k->name, *v);
}

/* One child of `k`: printed, then entered unless it marks the domain. */
static void walk_child(const char *doc, const sl_kind_spec *k, const sl_child_spec *c)
{
	if (c->since > target)
		return;
	printf("%s child %s %s\n", doc, k->name, c->name);
	if (!(sl_kinds[c->kind].flags & DOMAIN_MARK))
		walk(doc, c->kind, k->name);
}

static void walk(const char *doc, unsigned kind, const char *parent)
{
	kind = sl_grammar_kind_at(kind, target); /* the target's older content model, if any */
	if (!first_visit(kind, parent))
		return;
	const sl_kind_spec *k = &sl_kinds[kind];
	if (k->resolve) {
		bool out[MAX_KINDS] = {false};
		variants(kind, out);
		for (unsigned v = 0; v < sl_nkinds; v++)
			if (out[v] && !(sl_kinds[v].flags & DOMAIN_MARK))
				walk(doc, v, parent);
		return;
	}
	print_content(doc, k, parent);
	if (k->flags & SL_K_ANY_CHILDREN)
		printf("%s child %s *\n", doc, k->name);
	for (unsigned c = 0; c < k->nkids; c++)
		walk_child(doc, k, &k->kids[c]);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		target = sl_libvirt_index(argv[1]);
	if (argc > 1 && strcmp(sl_libvirt_schemas[target], argv[1])) {
		fprintf(stderr, "dump_tables: no schema set %s\n", argv[1]);
		return 1;
	}
	if (sl_nkinds > MAX_KINDS) {
		fprintf(stderr, "dump_tables: %u kinds, raise MAX_KINDS\n", sl_nkinds);
		return 1;
	}
	collect_probes();
	printf("snapshot child - %s\n", sl_kinds[SL_KIND_ID_SNAPSHOT].name);
	walk("snapshot", SL_KIND_ID_SNAPSHOT, "-");
	nseen = 0;
	printf("checkpoint child - %s\n", sl_kinds[SL_KIND_ID_CHECKPOINT].name);
	walk("checkpoint", SL_KIND_ID_CHECKPOINT, "-");
	return 0;
}
