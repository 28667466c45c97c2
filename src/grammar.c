/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* grammar.c - the grammar machine: drives the kind tables of gtables.c over start tags,
 * text and end tags, reports every deviation, and recovers so one pass finds them all.
 *
 * Recovery: an element that is not allowed is reported once and its subtree is skipped;
 * a bad attribute value or a misplaced child is reported and validation goes on.
 */
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"
#include "suggest.h"

enum { SL_F_TEXT_REPORTED = 1 };

/* ---- the name index: (kind, attribute or child, name) -> the name's place in the kind's
 * table, one hash probe instead of a strcmp over every name the kind allows.  Built once
 * per process from sl_kinds[], read-only afterwards.  It is keyed by the name's own hash
 * (sl_name_hash_len), so that the adapter hashes an element name once for every stage. ---- */

/* A power of two, well over twice the names of all kinds (355 distinct, tests/check_tables.c
 * keeps the count under half): 16 KB, so that building it at start touches 4 pages (each
 * a page fault, the cost of a one-file process), not the 16 of 4,096 slots. */
#define SL_NAME_SLOTS 1024

typedef struct name_slot {
	const char *name; /* NULL: empty */
	uint32_t hash;    /* of the name alone */
	uint16_t kind;
	uint8_t attr;
	uint8_t index;
} name_slot;

static name_slot name_index[SL_NAME_SLOTS];
static bool name_index_ok; /* false: too many names, lookups scan the kind instead */
static sl_kind_links links[SL_KINDS_MAX]; /* the tables' links by name, resolved */
/* Per schema set, the kind used for each kind (sl_kind_variants), and whether any differs. */
static uint16_t kind_maps[SL_LV_COUNT][SL_KINDS_MAX];
static bool kind_map_used[SL_LV_COUNT];
static pthread_once_t name_once = PTHREAD_ONCE_INIT;

/* The name's hash with the kind and the table mixed in: where its probe starts. */
static uint32_t name_home(uint32_t h, unsigned kind, bool attr)
{
	return (h ^ ((kind * 2u + attr) * UINT32_C(0x9e3779b1))) & (SL_NAME_SLOTS - 1);
}

static inline name_slot *name_probe(const char *name, unsigned kind, bool attr, uint32_t h)
{
	for (uint32_t i = name_home(h, kind, attr);; i = (i + 1) & (SL_NAME_SLOTS - 1)) {
		name_slot *slot = &name_index[i];
		if (!slot->name || (slot->hash == h && slot->kind == kind && slot->attr == attr &&
		                    !strcmp(slot->name, name)))
			return slot;
	}
}

/* The index of `local` (its hash `h`) among kind k's attributes (attr) or children, or -1. */
static inline int find_name(const sl_kind_spec *k, bool attr, const char *local, uint32_t h)
{
	if (name_index_ok) {
		const name_slot *slot = name_probe(local, (unsigned)(k - sl_kinds), attr, h);
		return slot->name ? slot->index : -1;
	}
	unsigned n = attr ? k->nattrs : k->nkids;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(attr ? k->attrs[i].name : k->kids[i].name, local))
			return (int)i;
	return -1;
}

/* find_name() for a name that is not hashed yet (the links, at start). */
static int find_cstr(const sl_kind_spec *k, bool attr, const char *name)
{
	return find_name(k, attr, name, sl_name_hash_len(name, strlen(name)));
}

static void index_build(void)
{
	size_t total = 0;
	for (unsigned k = 0; k < sl_nkinds; k++)
		total += sl_kinds[k].nattrs + sl_kinds[k].nkids;
	if (total * 2 > SL_NAME_SLOTS)
		return; /* the scan stays correct, only slower */
	for (unsigned k = 0; k < sl_nkinds; k++)
		for (int attr = 0; attr < 2; attr++) {
			unsigned n = attr ? sl_kinds[k].nattrs : sl_kinds[k].nkids;
			for (unsigned i = 0; i < n; i++) {
				const char *name = attr ? sl_kinds[k].attrs[i].name : sl_kinds[k].kids[i].name;
				uint32_t h = sl_name_hash_len(name, strlen(name));
				name_slot *slot = name_probe(name, k, attr, h);
				if (!slot->name) /* the first of a repeated name wins, as the scan did */
					*slot = (name_slot){name, h, (uint16_t)k, (uint8_t)attr, (uint8_t)i};
			}
		}
	name_index_ok = true;
}

/* The newest first-known schemas among the sl_values_since entries that can apply to a
 * value of attribute `as` (its enumeration, or a part of its datatype), 0 none. */
static uint8_t values_since(const sl_attr_spec *as)
{
	uint8_t since = 0;
	for (unsigned j = 0; j < sl_nvalues_since; j++) {
		const sl_value_since *n = &sl_values_since[j];
		bool applies = (as->values && n->values == as->values) || (n->match && n->dt == as->dt);
		if (applies && n->since > since)
			since = n->since;
	}
	return since;
}

/* Resolves kind k's links by name (an attribute's `requires`, a child's `requires`) to
 * indices; a dangling name resolves to nothing (tests/check_tables.c fails on it). */
static void links_build(unsigned kind)
{
	const sl_kind_spec *k = &sl_kinds[kind];
	sl_kind_links *l = &links[kind];
	for (unsigned i = 0; i < k->nattrs && i < SL_KIND_ATTRS_MAX; i++) {
		const sl_attr_spec *a = &k->attrs[i];
		l->partner[i] = (int8_t)(a->requires ? find_cstr(k, true, a->requires) : -1);
		l->since[i] = values_since(a);
		uint32_t bit = UINT32_C(1) << i;
		if (a->flags & SL_A_REQUIRED)
			l->attr_required |= bit;
		if (a->group == 1)
			l->attr_group1 |= bit;
		if (a->group || a->requires)
			l->attr_linked |= bit;
	}
	for (unsigned i = 0; i < k->nkids && i < SL_KIND_KIDS_MAX; i++) {
		for (unsigned n = 0; k->kids[i].requires && k->kids[i].requires[n]; n++) {
			int j = find_cstr(k, false, k->kids[i].requires[n]);
			if (j >= 0 && j < SL_KIND_KIDS_MAX)
				l->needs[i] |= (uint16_t)(1u << j);
		}
		if (k->kids[i].min)
			l->required |= (uint16_t)(1u << i);
		if (l->needs[i])
			l->needy |= (uint16_t)(1u << i);
		l->end_scan |= k->kids[i].min > 1;
	}
	l->end_scan |= k->nkids > SL_KIND_KIDS_MAX;
}

/* Do two `requires` lists name the same children, in the same order? */
static bool same_names(const char *const *a, const char *const *b)
{
	size_t i = 0;
	for (; a && b && a[i] && b[i]; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return (!a || !a[i]) && (!b || !b[i]);
}

/* A variant's older kind: which part of each child's rule differs from the child of
 * that name in the newest kind (SL_CH_*), and the hint for findings about those. */
static void variant_links(const sl_kind_variant *v)
{
	if (v->older >= sl_nkinds || v->kind >= sl_nkinds || v->older >= SL_KINDS_MAX)
		return; /* tests/check_tables.c reports it */
	const sl_kind_spec *ok = &sl_kinds[v->older], *nk = &sl_kinds[v->kind];
	sl_kind_links *l = &links[v->older];
	for (unsigned i = 0; i < ok->nkids && i < SL_KIND_KIDS_MAX; i++) {
		const sl_child_spec *c = &ok->kids[i];
		int j = find_cstr(nk, false, c->name);
		const sl_child_spec *n = j >= 0 ? &nk->kids[j] : NULL;
		uint16_t bit = (uint16_t)(1u << i);
		if (!n || c->min != n->min || c->max != n->max)
			l->changed[SL_CH_OCCURS] |= bit;
		if (!n || c->lane != n->lane)
			l->changed[SL_CH_ORDER] |= bit;
		if (!n || c->group != n->group || !same_names(c->requires, n->requires))
			l->changed[SL_CH_LINKS] |= bit;
	}
	l->changed_hint = v->hint;
}

unsigned sl_grammar_kind_at(unsigned kind, unsigned target)
{
	const sl_kind_variant *best = NULL;
	for (unsigned i = 0; i < sl_nkind_variants; i++) {
		const sl_kind_variant *v = &sl_kind_variants[i];
		if (v->kind == kind && target <= v->until && (!best || v->until < best->until))
			best = v;
	}
	return best ? best->older : kind;
}

/* Once per process: the name index, then the links (which use it), then the kind map
 * of each schema set. */
static void name_build(void)
{
	index_build();
	for (unsigned k = 0; k < sl_nkinds && k < SL_KINDS_MAX; k++)
		links_build(k);
	for (unsigned i = 0; i < sl_nkind_variants; i++)
		variant_links(&sl_kind_variants[i]);
	for (unsigned t = 0; t < SL_LV_COUNT; t++)
		for (unsigned k = 0; k < sl_nkinds && k < SL_KINDS_MAX; k++) {
			kind_maps[t][k] = (uint16_t)sl_grammar_kind_at(k, t);
			kind_map_used[t] |= kind_maps[t][k] != k;
		}
}

const sl_kind_links *sl_grammar_links(unsigned kind)
{
	pthread_once(&name_once, name_build);
	return kind < sl_nkinds && kind < SL_KINDS_MAX ? &links[kind] : NULL;
}

bool sl_grammar_init(sl_grammar *g, sl_sink *sink, unsigned max_depth)
{
	pthread_once(&name_once, name_build);
	memset(g, 0, sizeof *g);
	g->sink = sink;
	g->max_depth = max_depth;
	g->cap = max_depth < 32 ? max_depth : 32;
	g->stack = malloc(g->cap * sizeof *g->stack);
	return g->stack != NULL;
}

void sl_grammar_set_target(sl_grammar *g, const char *schema, const char *name)
{
	g->target = (uint8_t)sl_libvirt_index(schema);
	g->target_name = name ? name : sl_libvirt_schemas[g->target];
	g->kind_map = kind_map_used[g->target] ? kind_maps[g->target] : NULL;
}

/* The hint of a finding about the children `mask` (bit i: child i) of kind `kind` that
 * comes from the part `part` (SL_CH_*) of their rules: where the target's older content
 * model changed that part for one of them (sl_kind_variants), what that model says,
 * written into buf; otherwise `hint`.  Only findings call it. */
static const char *child_hint(const sl_grammar *g, unsigned kind, int part, unsigned mask,
                              const char *hint, char *buf, size_t size)
{
	const sl_kind_links *l = &links[kind];
	if (!(l->changed[part] & mask))
		return hint;
	snprintf(buf, size, "libvirt %s's schemas, used for the target, %s",
	         sl_libvirt_schemas[g->target], l->changed_hint);
	return buf;
}

/* SL214: `what` (its first known schemas `since`) is newer than the target; said once
 * per subtree, at the outermost newer construct. */
static void newer(sl_grammar *g, sl_pos at, const char *what, uint8_t since)
{
	if (since <= g->target || (g->newer_depth && g->newer_depth <= g->depth))
		return;
	char hint[200];
	snprintf(hint, sizeof hint, "libvirt %s's schemas, used for the target, do not have it; "
	         "remove it or raise --target-libvirt", sl_libvirt_schemas[g->target]);
	sl_sink_emit(g->sink, SL_R_NEWER_THAN_TARGET, at, hint, what, sl_libvirt_schemas[since],
	             g->target_name);
}

/* A value of an enumerated attribute that is newer than the target. */
static void newer_value(sl_grammar *g, const sl_kind_spec *k, const sl_attr_spec *as,
                        const sl_start *st, size_t i, const char *v)
{
	for (unsigned j = 0; j < sl_nvalues_since; j++) {
		const sl_value_since *n = &sl_values_since[j];
		bool enumerated = as->values && n->values == as->values && sl_token_eq(v, n->value);
		if (enumerated || (n->match && n->dt == as->dt && n->match(v))) {
			char what[160], shown[SL_ARG_MAX + 4];
			snprintf(what, sizeof what, "<%s %s='%s'>", k->name, as->name,
			         enumerated ? n->value : sl_shorten(shown, v, strlen(v)));
			newer(g, sl_start_attr_pos(st, i), what, n->since);
		}
	}
}

void sl_grammar_free(sl_grammar *g)
{
	free(g->stack);
	g->stack = NULL;
}

void sl_grammar_set_root(sl_grammar *g, unsigned kind, const char *ns, size_t nslen)
{
	g->root_kind = (uint16_t)kind;
	g->root_ns = ns;
	g->root_nslen = ns ? nslen : 0;
}

/* Writes "a, b or c" of the child names of `k` into buf (for hints). */
static void list_children(char *buf, size_t size, const sl_kind_spec *k)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < k->nkids && n < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == k->nkids ? " or " : ", ";
		n += (size_t)snprintf(buf + n, size - n, "%s<%s>", sep, k->kids[i].name);
	}
}

/* Writes "'a', 'b' or 'c'" of a NULL-terminated value list. */
static void list_values(char *buf, size_t size, const char *const *v)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned i = 0; v[i] && n < size; i++) {
		const char *sep = i == 0 ? "" : v[i + 1] ? ", " : " or ";
		n += (size_t)snprintf(buf + n, size - n, "%s'%s'", sep, v[i]);
	}
}

/* A qualified name for messages: "prefix:local", or "local". */
static const char *qname(char *buf, size_t size, const char *prefix, const char *local)
{
	if (prefix && *prefix)
		snprintf(buf, size, "%s:%s", prefix, local);
	else
		snprintf(buf, size, "%s", local);
	return buf;
}

/* ---- attributes ---- */

/* The fix for an attribute or child that a mode excludes, where libvirt's own message
 * names the cause: a memory file or an overlay <source> asks for an external snapshot
 * (virDomainSnapshotDefParse, virDomainSnapshotAlignDisks).  NULL for the generic hint. */
static const char *mode_hint(const sl_kind_spec *k, const char *name)
{
	if (!strcmp(k->name, "memory") && !strcmp(name, "file"))
		return "a memory file needs snapshot='external' (libvirt: \"memory filename '...' requires "
		       "external snapshot\"); use snapshot='external', or drop file";
	if (!strcmp(k->name, "disk") && !strncmp(k->ctx, "disk snapshot=", 14) && !strcmp(name, "source"))
		return "an overlay needs snapshot='external' (libvirt: \"file '...' for disk '...' requires use "
		       "of external snapshot mode\"); use snapshot='external', or drop <source>";
	return NULL;
}

static void unknown_attr(sl_grammar *g, const sl_kind_spec *k, const sl_start *st, size_t i,
                         const sl_attr *a)
{
	char name[SL_ARG_MAX + 4], hint[512];
	const char *names[32];
	size_t n = 0;
	for (unsigned j = 0; j < k->nattrs && n < 32; j++)
		names[n++] = k->attrs[j].name;
	const char *near = a->nslen ? NULL : sl_suggest(a->local, strlen(a->local), names, n);
	const char *fix = a->nslen ? NULL : mode_hint(k, a->local);
	if (fix)
		snprintf(hint, sizeof hint, "%s", fix);
	else if (near)
		snprintf(hint, sizeof hint, "did you mean '%s'?", near);
	else if (n == 0)
		snprintf(hint, sizeof hint, "<%s> takes no attributes", k->ctx);
	else {
		size_t m = (size_t)snprintf(hint, sizeof hint, "allowed here: ");
		for (size_t j = 0; j < n && m < sizeof hint; j++)
			m += (size_t)snprintf(hint + m, sizeof hint - m, "%s'%s'", j ? ", " : "", names[j]);
	}
	char shown[SL_ARG_MAX * 2];
	sl_shorten(name, a->local, strlen(a->local));
	sl_sink_emit(g->sink, SL_R_UNKNOWN_ATTRIBUTE, sl_start_attr_pos(st, i), hint, qname(shown, sizeof shown, a->prefix, name),
	        k->ctx, NULL);
}

/* Is `v` a valid value of the attribute?  (The hot path: no message work.) */
static bool value_ok(const sl_attr_spec *as, const char *v)
{
	if (as->dt == SL_DT_TOKEN && as->values) {
		/* a value that starts with neither whitespace nor the token's first byte is not
		 * that token: most of an enumeration is ruled out without a call */
		for (unsigned j = 0; as->values[j]; j++)
			if ((v[0] == as->values[j][0] || sl_is_space(v[0])) && sl_token_eq(v, as->values[j]))
				return true;
		return false;
	}
	return sl_dt_check((sl_dt)as->dt, v, strlen(v));
}

/* The hint for an invalid value: a did-you-mean and what is expected. */
static void value_hint(char *hint, size_t size, const sl_attr_spec *as, const char *v)
{
	size_t len = strlen(v);
	const char *near = NULL;
	if (as->dt == SL_DT_TOKEN && as->values) {
		char list[400];
		unsigned nv = 0;
		list_values(list, sizeof list, as->values);
		while (as->values[nv])
			nv++;
		if (len >= 3) /* '10' is no typo of '0' */
			near = sl_suggest(v, len, as->values, nv);
		if (near)
			snprintf(hint, size, "did you mean '%s'? expected %s", near, list);
		else
			snprintf(hint, size, "expected %s", list);
	} else {
		snprintf(hint, size, "expected %s", sl_dt_describe((sl_dt)as->dt));
	}
}

/* Checks one attribute value against its spec; `since` is the newest value entry that
 * can apply to it (sl_kind_links), so a target at least that new skips the search. */
static void check_value(sl_grammar *g, const sl_kind_spec *k, const sl_attr_spec *as,
                        uint8_t since, const sl_start *st, size_t i, const char *v)
{
	if (value_ok(as, v)) {
		if (since > g->target)
			newer_value(g, k, as, st, i, v);
		return;
	}
	char hint[512], shown[SL_ARG_MAX + 4];
	value_hint(hint, sizeof hint, as, v);
	sl_sink_emit(g->sink, SL_R_INVALID_ATTRIBUTE_VALUE, sl_start_attr_pos(st, i), hint, as->name, k->ctx,
	        sl_shorten(shown, v, strlen(v)));
}

/* Group exclusion and "requires" links among the attributes present. */
static void check_attr_links(sl_grammar *g, const sl_kind_spec *k, const sl_kind_links *l,
                             const sl_start *st, const int *where)
{
	for (unsigned i = 0; i < k->nattrs; i++) {
		const sl_attr_spec *a = &k->attrs[i];
		if (where[i] < 0)
			continue;
		for (unsigned j = i + 1; a->group && j < k->nattrs; j++)
			if (k->attrs[j].group == a->group && where[j] >= 0) {
				char x[80], y[80];
				snprintf(x, sizeof x, "attribute '%s'", a->name);
				snprintf(y, sizeof y, "attribute '%s'", k->attrs[j].name);
				sl_sink_emit(g->sink, SL_R_EXCLUSIVE, sl_start_attr_pos(st, (size_t)where[j]),
				        "keep only one of them", x, y, k->ctx);
			}
		int partner = l->partner[i];
		if (partner >= 0 && where[partner] < 0) {
			char x[80], y[80];
			snprintf(x, sizeof x, "attribute '%s'", a->name);
			snprintf(y, sizeof y, "attribute '%s'", a->requires);
			sl_sink_emit(g->sink, SL_R_REQUIRES, sl_start_attr_pos(st, (size_t)where[i]), NULL, x, k->ctx, y);
		}
	}
}

/* Attribute i of the start tag: its index among kind k's attributes, or -1 after
 * reporting it (a namespaced name is never one of them). */
static int place_attr(sl_grammar *g, const sl_kind_spec *k, const sl_start *st, size_t i)
{
	const char *raw = st->atts[2 * i];
	uint32_t h;
	int s = sl_name_hash(raw, &h, NULL) ? find_name(k, true, raw, h) : -1;
	if (s < 0) {
		sl_attr a;
		sl_start_attr_at(st, i, &a);
		unknown_attr(g, k, st, i, &a);
	}
	return s;
}

static void check_attrs(sl_grammar *g, const sl_kind_spec *k, const sl_start *st)
{
	const sl_kind_links *l = &links[k - sl_kinds];
	int where[SL_KIND_ATTRS_MAX];
	uint32_t present = 0; /* bit s: where[s] is set */
	for (size_t i = 0; i < st->nattrs; i++) {
		int s = place_attr(g, k, st, i);
		if (s < 0)
			continue;
		where[s] = (int)i;
		present |= UINT32_C(1) << s;
		if (k->attrs[s].since > g->target) { /* else newer() says nothing */
			char what[160];
			snprintf(what, sizeof what, "attribute '%s' of <%s>", k->attrs[s].name, k->name);
			newer(g, sl_start_attr_pos(st, i), what, k->attrs[s].since);
		}
		check_value(g, k, &k->attrs[s], l->since[s], st, i, st->atts[2 * i + 1]);
	}
	/* most start tags: every required attribute there, a member of a required group
	 * too, and none with an exclusion or a partner: nothing below can report */
	bool group_ok = !(k->flags & SL_K_REQ_GROUP) || (present & l->attr_group1);
	if (!(l->attr_required & ~present) && group_ok && !(present & l->attr_linked))
		return;
	for (unsigned i = 0; i < k->nattrs; i++)
		if (!(present >> i & 1))
			where[i] = -1;
	bool group_seen = false;
	for (unsigned i = 0; i < k->nattrs; i++) {
		if (k->attrs[i].group == 1 && where[i] >= 0)
			group_seen = true;
		if ((k->attrs[i].flags & SL_A_REQUIRED) && where[i] < 0)
			sl_sink_emit(g->sink, SL_R_MISSING_ATTRIBUTE, st->pos, NULL, k->ctx,
			        k->attrs[i].name, NULL);
	}
	if ((k->flags & SL_K_REQ_GROUP) && !group_seen) {
		char both[160] = "";
		size_t n = 0;
		for (unsigned i = 0; i < k->nattrs; i++)
			if (k->attrs[i].group == 1)
				n += (size_t)snprintf(both + n, sizeof both - n, "%s%s", n ? "' or '" : "",
				                      k->attrs[i].name);
		sl_sink_emit(g->sink, SL_R_MISSING_ATTRIBUTE, st->pos, NULL, k->ctx, both, NULL);
	}
	check_attr_links(g, k, l, st, where);
}

/* ---- children ---- */

static void unknown_child(sl_grammar *g, const sl_kind_spec *pk, const sl_start *st)
{
	char hint[600], list[500], name[SL_ARG_MAX + 4], shown[SL_ARG_MAX * 2];
	const char *names[32];
	size_t n = 0;
	for (unsigned j = 0; j < pk->nkids && n < 32; j++)
		names[n++] = pk->kids[j].name;
	const char *near = st->nslen ? NULL : sl_suggest(st->local, strlen(st->local), names, n);
	list_children(list, sizeof list, pk);
	const char *fix = st->nslen ? NULL : mode_hint(pk, st->local);
	if (fix)
		snprintf(hint, sizeof hint, "%s", fix);
	else if (near)
		snprintf(hint, sizeof hint, "did you mean <%s>?", near);
	else if (n == 0)
		snprintf(hint, sizeof hint, "<%s> has no child elements", pk->ctx);
	else if (st->nslen)
		snprintf(hint, sizeof hint, "libvirt's elements have no namespace; allowed here: %s", list);
	else
		snprintf(hint, sizeof hint, "allowed here: %s", list);
	sl_shorten(name, st->local, strlen(st->local));
	sl_sink_emit(g->sink, SL_R_UNKNOWN_ELEMENT, st->pos, hint,
	        qname(shown, sizeof shown, st->prefix, name), pk->ctx, NULL);
}

/* Accounts for child particle `i` of the frame; reports repeats, order and choices. */
static void place_child(sl_grammar *g, sl_frame *f, const sl_kind_spec *pk, int i,
                        const sl_start *st)
{
	const sl_child_spec *c = &pk->kids[i];
	sl_pos at = st->pos;
	char hint[400];
	if (f->count[i] >= 1 && c->max == 1)
		sl_sink_emit(g->sink, SL_R_DUPLICATE_ELEMENT, at,
		             child_hint(g, f->kind, SL_CH_OCCURS, 1u << i,
		                        "libvirt reads only the first one; remove the others", hint,
		                        sizeof hint),
		             c->name, pk->ctx, NULL);
	else if (c->lane != SL_LANE_FREE && f->last[c->lane] > i)
		sl_sink_emit(g->sink, SL_R_ELEMENT_ORDER, at,
		             child_hint(g, f->kind, SL_CH_ORDER, 1u << i | 1u << f->last[c->lane], NULL,
		                        hint, sizeof hint),
		             c->name, pk->kids[f->last[c->lane]].name, pk->ctx);
	for (unsigned j = 0; c->group && j < pk->nkids; j++)
		if ((int)j != i && pk->kids[j].group == c->group && f->count[j]) {
			char x[80], y[80];
			snprintf(x, sizeof x, "<%s>", c->name);
			snprintf(y, sizeof y, "<%s>", pk->kids[j].name);
			sl_sink_emit(g->sink, SL_R_EXCLUSIVE, at,
			             child_hint(g, f->kind, SL_CH_LINKS, 1u << i | 1u << j,
			                        "keep only one of them", hint, sizeof hint),
			             y, x, pk->ctx);
			break;
		}
	if (f->count[i] < 2)
		f->count[i]++;
	f->seen |= (uint16_t)(1u << i);
	if (c->lane != SL_LANE_FREE && f->last[c->lane] < i)
		f->last[c->lane] = (int8_t)i;
}

/* The kind of a new child of frame `f`, with its placement checked. */
static uint16_t child_kind(sl_grammar *g, sl_frame *f, const sl_start *st)
{
	const sl_kind_spec *pk = &sl_kinds[f->kind];
	if (pk->flags & SL_K_SKIP)
		return SL_KIND_ID_SKIP;
	if (f->nchild < 255)
		f->nchild++;
	if (pk->flags & SL_K_ANY_CHILDREN)
		return SL_KIND_ID_SKIP;
	bool own_ns = !st->nslen || (st->nslen == g->root_nslen &&
	                             !memcmp(st->ns, g->root_ns, st->nslen));
	int i = own_ns ? find_name(pk, false, st->local, st->hash) : -1;
	if (i >= 0) {
		place_child(g, f, pk, i, st);
		if (pk->kids[i].since > g->target && !g->newer_depth) {
			char what[SL_ARG_MAX + 4];
			snprintf(what, sizeof what, "<%s>", pk->kids[i].name);
			newer(g, st->pos, what, pk->kids[i].since);
			g->newer_depth = g->depth + 1; /* the child's, once pushed */
		}
		return pk->kids[i].kind;
	}
	unknown_child(g, pk, st);
	return SL_KIND_ID_SKIP;
}

/* ---- text ---- */

/* Advances a position over `n` bytes of text (expat has normalised newlines). */
static void advance(sl_pos *pos, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			pos->line++, pos->col = 1;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			pos->col++;
	}
}

/* Text of the current element: a data element's is scanned (and marked for the facts
 * stage), anything but whitespace elsewhere is reported once per element.  Every case;
 * sl_grammar_text() (grammar.h) takes the common ones inline and leaves the rest here. */
void sl_grammar_text_rest(sl_grammar *g, sl_event *ev)
{
	if (!g->depth)
		return;
	if (g->delegated) {
		ev->delegated = true;
		return;
	}
	sl_frame *f = &g->stack[g->depth - 1];
	const sl_kind_spec *k = &sl_kinds[f->kind];
	ev->skip = k->flags & SL_K_SKIP;
	if (ev->skip)
		return;
	if (k->text != SL_TEXT_NONE) {
		if (!g->text_seen) {
			g->text_seen = true;
			ev->locate(ev->pos_ctx, &g->text_pos);
		}
		sl_dt_feed(&g->scan, ev->text, ev->len);
		ev->data = true;
		return;
	}
	if (f->flags & SL_F_TEXT_REPORTED)
		return;
	for (size_t i = 0; i < ev->len; i++)
		if (!sl_is_space(ev->text[i])) {
			sl_pos at;
			ev->locate(ev->pos_ctx, &at);
			advance(&at, ev->text, i);
			f->flags |= SL_F_TEXT_REPORTED;
			f->text_mode = g->text_mode = SL_TM_REPORTED;
			sl_sink_emit(g->sink, SL_R_TEXT_NOT_ALLOWED, at,
			             k->nkids ? "only child elements and whitespace may appear here"
			                      : "this element must be empty",
			             k->ctx, NULL, NULL);
			return;
		}
}

/* Ends a data element's text: reports an invalid value. */
static void end_text(sl_grammar *g, const sl_frame *f, const sl_kind_spec *k)
{
	bool ok = sl_dt_end(&g->scan);
	char hint[512];
	if (k->text == SL_DT_TOKEN) {
		const char *tok = sl_dt_token(&g->scan);
		ok = false;
		for (unsigned j = 0; tok && k->values[j] && !ok; j++)
			ok = !strcmp(tok, k->values[j]);
		char list[400];
		list_values(list, sizeof list, k->values);
		unsigned nv = 0;
		while (k->values[nv])
			nv++;
		const char *near = tok && strlen(tok) >= 3 ? sl_suggest(tok, strlen(tok), k->values, nv)
		                                           : NULL;
		if (near)
			snprintf(hint, sizeof hint, "did you mean '%s'? expected %s", near, list);
		else
			snprintf(hint, sizeof hint, "expected %s", list);
	} else {
		snprintf(hint, sizeof hint, "expected %s", sl_dt_describe((sl_dt)k->text));
	}
	if (ok)
		return;
	char shown[SL_DT_KEEP + 8];
	size_t n = g->scan.kept;
	memcpy(shown, g->scan.keep, n);
	strcpy(shown + n, g->scan.overflow ? "..." : "");
	sl_pos at = g->text_seen ? g->text_pos : f->pos;
	char arg[SL_ARG_MAX + 4];
	sl_sink_emit(g->sink, SL_R_INVALID_TEXT, at, hint, k->ctx, sl_shorten(arg, shown, strlen(shown)), NULL);
}

/* ---- start and end ---- */

/* How the text of a new element of kind k is taken, for sl_grammar_text(); kept in its
 * frame, so that an end tag restores its parent's with one load. */
static uint8_t text_mode_of(const sl_kind_spec *k)
{
	if (k->flags & SL_K_DELEGATE)
		return SL_TM_DELEGATED;
	if (k->flags & SL_K_SKIP)
		return SL_TM_SKIP;
	if (k->text == SL_DT_TEXT)
		return SL_TM_FREE;
	return k->text != SL_TEXT_NONE ? SL_TM_DATA : SL_TM_SPACE;
}

/* The innermost open element's text mode, after an end tag. */
static void pop_text_mode(sl_grammar *g)
{
	g->text_mode = g->depth ? g->stack[g->depth - 1].text_mode : SL_TM_NONE;
}

/* What the later stages read from a start or end event: the element's kind and role,
 * whether it is a data element and which fact its text gives (shown at the start tag,
 * a parent at its <parent>), and whether its subtree is checked at all. */
static inline void annotate(const sl_grammar *g, sl_event *ev, const sl_kind_spec *k, uint16_t kind)
{
	ev->kind = kind;
	ev->skip = k->flags & SL_K_SKIP;
	ev->role = ev->skip ? 0 : k->role;
	ev->data = !ev->skip && k->text != SL_TEXT_NONE;
	ev->fact = ev->data ? k->fact : 0;
	if (ev->fact)
		ev->fact_pos = g->stack[g->depth - (ev->fact == SL_FACT_PARENT && g->depth >= 2 ? 2 : 1)].pos;
}

static bool push(sl_grammar *g, uint16_t kind, const sl_start *st)
{
	/* the depth cap is sl_grammar_start()'s test before this; the capacity may pass it */
	if (!sl_grow((void **)&g->stack, &g->cap, g->depth, sizeof *g->stack))
		return false;
	sl_frame *f = &g->stack[g->depth++];
	memset(f, 0, sizeof *f);
	memset(f->last, -1, sizeof f->last);
	f->kind = kind;
	f->pos = st->pos;
	return true;
}

/* A start tag: placed among its siblings, its kind resolved and pushed, its attributes
 * checked; the event is annotated for the later stages.  Every case; sl_grammar_start()
 * (grammar.h) takes the common one inline. */
bool sl_grammar_start_rest(sl_grammar *g, sl_event *ev)
{
	const sl_start *st = ev->start;
	if (g->depth >= g->max_depth) {
		char msg[120];
		snprintf(msg, sizeof msg, "elements are nested deeper than %u levels", g->max_depth);
		sl_sink_emit(g->sink, SL_R_LIMIT, st->pos, "libvirt's XML parser refuses such nesting too",
		             msg, NULL, NULL);
		return false;
	}
	if (g->delegated) { /* below a delegated element: no frame, only the depth */
		g->depth++;
		ev->delegated = true;
		return true;
	}
	uint16_t kind = g->depth ? child_kind(g, &g->stack[g->depth - 1], st) : g->root_kind;
	if (sl_kinds[kind].resolve)
		kind = sl_kinds[kind].resolve(st);
	if (g->kind_map) /* an older target: its older content models */
		kind = g->kind_map[kind];
	if (!push(g, kind, st)) {
		sl_sink_emit(g->sink, SL_R_LIMIT, st->pos, NULL, "out of memory", NULL, NULL);
		return false;
	}
	const sl_kind_spec *k = &sl_kinds[kind];
	g->text_seen = false;
	annotate(g, ev, k, kind);
	if (k->flags & SL_K_DELEGATE) { /* the subtree goes to the generated tier */
		g->delegated = g->depth;
		ev->delegated = true;
	}
	g->text_mode = g->stack[g->depth - 1].text_mode = text_mode_of(k);
	if (ev->delegated || ev->skip)
		return true;
	check_attrs(g, k, st);
	if (k->text != SL_TEXT_NONE)
		sl_dt_begin(&g->scan, (sl_dt)k->text);
	return true;
}

/* End-of-element checks of the content model. */
static void end_children(sl_grammar *g, const sl_frame *f, const sl_kind_spec *k)
{
	sl_pos at = f->pos;
	const sl_kind_links *l = &links[f->kind];
	unsigned reported = 0; /* each missing partner is reported once */
	char hint[400];
	for (unsigned i = 0; i < k->nkids; i++) {
		const sl_child_spec *c = &k->kids[i];
		if (f->count[i] < c->min)
			sl_sink_emit(g->sink, SL_R_MISSING_ELEMENT, at,
			             child_hint(g, f->kind, SL_CH_OCCURS, 1u << i, NULL, hint, sizeof hint),
			             k->ctx, c->name, NULL);
		/* the partners in table order, which is the order `requires` lists them in */
		for (unsigned j = 0; f->count[i] && l->needs[i] >> j; j++) {
			if (!(l->needs[i] >> j & 1) || f->count[j] || (reported >> j & 1))
				continue;
			char x[80], y[80];
			reported |= 1u << j;
			snprintf(x, sizeof x, "<%s>", c->name);
			snprintf(y, sizeof y, "<%s>", k->kids[j].name);
			sl_sink_emit(g->sink, SL_R_REQUIRES, at,
			             child_hint(g, f->kind, SL_CH_LINKS, 1u << i | 1u << j, NULL, hint,
			                        sizeof hint),
			             x, k->ctx, y);
		}
	}
}

/* An end tag: the element's text and content model are checked, its frame popped.
 * Every case; sl_grammar_end() (grammar.h) takes the common one inline. */
void sl_grammar_end_rest(sl_grammar *g, sl_event *ev)
{
	if (!g->depth)
		return;
	if (g->delegated) {
		ev->delegated = true;
		if (g->depth-- > g->delegated)
			return; /* below the delegated element */
		g->delegated = 0;
		sl_frame *f = &g->stack[g->depth];
		annotate(g, ev, &sl_kinds[f->kind], f->kind);
		pop_text_mode(g);
		return;
	}
	sl_frame *f = &g->stack[g->depth - 1];
	const sl_kind_spec *k = &sl_kinds[f->kind];
	annotate(g, ev, k, f->kind);
	ev->fact = 0;
	if (!ev->skip) {
		if (ev->data) {
			end_text(g, f, k);
			ev->value = &g->scan;
		}
		/* most elements: every required child there, none that requires another */
		const sl_kind_links *l = &links[f->kind];
		if (l->end_scan || (l->required & ~f->seen) || (l->needy & f->seen))
			end_children(g, f, k);
	}
	g->depth--;
	if (g->depth < g->newer_depth)
		g->newer_depth = 0;
	pop_text_mode(g);
}
