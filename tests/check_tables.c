/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_tables.c - the hand-written grammar tables (gtables.c) within the limits the
 * machine (grammar.c) relies on: a kind's children fit the per-frame counters, lanes
 * fit the lane array, and every link between entries (child kinds, required children
 * and attributes by name, the legacy domain's <uuid>, attribute groups) points at an
 * entry that exists, and the indices those names resolve to at start (sl_grammar_links)
 * name the same entries; every older content model (sl_kind_variants) is its kind's
 * element with other children, and each target maps to the kinds it should.  A table edit that
 * breaks one fails here instead of writing past an array at run time.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "dgrammar.h"
#include "grammar.h"
#include "semantic.h"
#include "suites.h"

/* What one frame can count (sl_frame in grammar.h): the limits are the arrays' sizes. */
#define MAX_KIDS (sizeof ((sl_frame *)0)->count)
#define MAX_LANES (sizeof ((sl_frame *)0)->last)
#define REPORTED_BITS 32 /* end_children()'s mask of partners reported once */

/* The index of child `name` of kind k, or -1. */
static int child_index(const sl_kind_spec *k, const char *name)
{
	for (unsigned i = 0; i < k->nkids; i++)
		if (!strcmp(k->kids[i].name, name))
			return (int)i;
	return -1;
}

/* The children a child requires: named children of the same kind, not itself, listed
 * in table order. */
static void check_required_children(const sl_kind_spec *k, unsigned i)
{
	const sl_child_spec *c = &k->kids[i];
	int last = -1;
	for (unsigned n = 0; c->requires && c->requires[n]; n++) {
		int j = child_index(k, c->requires[n]);
		ck_assert_msg(j >= 0, "<%s>/<%s> requires <%s>, which <%s> has no entry for", k->name,
		              c->name, c->requires[n], k->name);
		ck_assert_msg(j != (int)i, "<%s>/<%s> requires itself", k->name, c->name);
		ck_assert_msg(j > last, "<%s>/<%s>: list the required children in table order",
		              k->name, c->name);
		last = j;
	}
}

static void check_kids(const sl_kind_spec *k)
{
	ck_assert_msg(k->nkids <= MAX_KIDS && k->nkids <= REPORTED_BITS,
	              "kind <%s> has %u children; a frame counts at most %zu", k->name,
	              (unsigned)k->nkids, (size_t)MAX_KIDS);
	for (unsigned i = 0; i < k->nkids; i++) {
		const sl_child_spec *c = &k->kids[i];
		ck_assert_msg(c->name && *c->name, "kind <%s>: child %u has no name", k->name, i);
		ck_assert_msg(c->kind < sl_nkinds, "<%s>/<%s>: kind %u is not in sl_kinds[]",
		              k->name, c->name, (unsigned)c->kind);
		ck_assert_msg(c->lane == SL_LANE_FREE || c->lane < MAX_LANES,
		              "<%s>/<%s>: lane %u, a frame has %zu", k->name, c->name,
		              (unsigned)c->lane, (size_t)MAX_LANES);
		ck_assert_msg(c->min <= 1 && c->max >= 1 && (c->max == 1 || c->max == SL_UNBOUNDED),
		              "<%s>/<%s>: occurrences %u..%u", k->name, c->name, (unsigned)c->min,
		              (unsigned)c->max);
		check_required_children(k, i);
		for (unsigned j = 0; j < i; j++)
			ck_assert_msg(strcmp(k->kids[j].name, c->name),
			              "<%s> lists child <%s> twice", k->name, c->name);
	}
}

static void check_attrs(const sl_kind_spec *k)
{
	ck_assert_msg(k->nattrs <= SL_KIND_ATTRS_MAX, "kind <%s> has %u attributes; a kind has at most %d",
	              k->name, (unsigned)k->nattrs, SL_KIND_ATTRS_MAX);
	for (unsigned i = 0; i < k->nattrs; i++) {
		const sl_attr_spec *a = &k->attrs[i];
		ck_assert_msg(a->name && *a->name, "kind <%s>: attribute %u has no name", k->name, i);
		bool found = false;
		for (unsigned j = 0; a->requires && j < k->nattrs; j++)
			found = found || (j != i && !strcmp(k->attrs[j].name, a->requires));
		ck_assert_msg(!a->requires || found, "<%s> %s requires attribute '%s', which is not its",
		              k->name, a->name, a->requires);
		for (unsigned j = 0; j < i; j++)
			ck_assert_msg(strcmp(k->attrs[j].name, a->name),
			              "<%s> lists attribute '%s' twice", k->name, a->name);
	}
	if (k->flags & SL_K_REQ_GROUP) {
		bool any = false;
		for (unsigned i = 0; i < k->nattrs; i++)
			any = any || k->attrs[i].group == 1;
		ck_assert_msg(any, "<%s> requires attribute group 1, which has no member", k->name);
	}
}

START_TEST(every_kind_within_the_machine_limits)
{
	ck_assert_uint_gt(sl_nkinds, SL_KIND_ID_DOMAIN);
	for (unsigned i = 0; i < sl_nkinds; i++) {
		const sl_kind_spec *k = &sl_kinds[i];
		ck_assert_msg(k->name != NULL, "sl_kinds[%u] has no name", i);
		ck_assert_msg(!k->nkids || k->kids, "<%s> counts children but lists none", k->name);
		ck_assert_msg(!k->nattrs || k->attrs, "<%s> counts attributes but lists none", k->name);
		check_kids(k);
		check_attrs(k);
	}
}
END_TEST

/* grammar.c's name index (SL_NAME_SLOTS there: 1,024 slots, 16 KB, so that building it
 * touches 4 pages, not 16) holds every attribute and child name of every kind at most
 * half full; past that it is not built and lookups scan the kind's names instead. */
START_TEST(the_name_index_holds_every_name)
{
	unsigned total = 0;
	for (unsigned i = 0; i < sl_nkinds; i++)
		total += sl_kinds[i].nattrs + sl_kinds[i].nkids;
	ck_assert_msg(total * 2 <= 1024, "%u names: raise SL_NAME_SLOTS in grammar.c (and here)", total);
}
END_TEST

/* Attribute i's `requires`, resolved: the index of the attribute of that name, -1 for none. */
static void check_attr_link(const sl_kind_spec *k, const sl_kind_links *l, unsigned i)
{
	const sl_attr_spec *a = &k->attrs[i];
	int p = l->partner[i];
	if (!a->requires) {
		ck_assert_msg(p == -1, "<%s> %s requires nothing but resolves to %d", k->name, a->name, p);
		return;
	}
	ck_assert_msg(p >= 0 && p < k->nattrs && p != (int)i,
	              "<%s> %s requires '%s', resolved to %d: no other attribute of the kind",
	              k->name, a->name, a->requires, p);
	ck_assert_msg(!strcmp(k->attrs[p].name, a->requires),
	              "<%s> %s requires '%s', resolved to '%s'", k->name, a->name, a->requires,
	              k->attrs[p].name);
}

/* Child i's `requires`, resolved: bit j set exactly for the children it names. */
static void check_kid_link(const sl_kind_spec *k, const sl_kind_links *l, unsigned i)
{
	const sl_child_spec *c = &k->kids[i];
	unsigned want = 0, n = 0;
	for (; c->requires && c->requires[n]; n++) {
		int j = child_index(k, c->requires[n]);
		ck_assert_msg(j >= 0, "<%s>/<%s> requires <%s>, which <%s> has no entry for",
		              k->name, c->name, c->requires[n], k->name);
		want |= 1u << j;
	}
	ck_assert_msg(l->needs[i] == want, "<%s>/<%s>: requires resolved to %#x, its names are %#x",
	              k->name, c->name, (unsigned)l->needs[i], want);
	for (unsigned j = 0; j < k->nkids; j++) {
		bool named = false;
		for (unsigned m = 0; m < n; m++)
			named = named || !strcmp(c->requires[m], k->kids[j].name);
		ck_assert_msg(named == (l->needs[i] >> j & 1), "<%s>/<%s>: bit %u resolved, <%s> %s",
		              k->name, c->name, j, k->kids[j].name, named ? "named" : "not named");
	}
}

/* The value entries (sl_values_since) an attribute's values can match, resolved to the
 * newest first-known schemas among them. */
static void check_since_link(const sl_kind_spec *k, const sl_kind_links *l, unsigned i)
{
	const sl_attr_spec *a = &k->attrs[i];
	unsigned since = 0;
	for (unsigned j = 0; j < sl_nvalues_since; j++) {
		const sl_value_since *n = &sl_values_since[j];
		if (((a->values && n->values == a->values) || (n->match && n->dt == a->dt)) &&
		    n->since > since)
			since = n->since;
	}
	ck_assert_msg(l->since[i] == since, "<%s> %s: value entries resolved to %u, expected %u",
	              k->name, a->name, (unsigned)l->since[i], since);
}

/* Every link written as a name is resolved once, at start, to the index that the per-event
 * path reads (grammar.c); a resolved index must name the entry the name does. */
START_TEST(every_link_resolved_to_its_name)
{
	unsigned partners = 0, needs = 0;
	for (unsigned i = 0; i < sl_nkinds; i++) {
		const sl_kind_spec *k = &sl_kinds[i];
		const sl_kind_links *l = sl_grammar_links(i);
		ck_assert_msg(l != NULL, "<%s>: no resolved links", k->name);
		for (unsigned a = 0; a < k->nattrs; a++) {
			check_attr_link(k, l, a);
			check_since_link(k, l, a);
			partners += l->partner[a] >= 0;
		}
		for (unsigned c = 0; c < k->nkids; c++) {
			check_kid_link(k, l, c);
			needs += l->needs[c] != 0;
		}
	}
	ck_assert_ptr_null(sl_grammar_links(sl_nkinds));
	/* the tables have such links today (NEEDS, WITH): the walk above saw them */
	ck_assert_uint_gt(partners, 0);
	ck_assert_uint_gt(needs, 0);
}
END_TEST

/* Every value entry newer than the oldest schemas applies to some attribute: a dangling
 * one would never be reported. */
START_TEST(every_value_entry_reaches_an_attribute)
{
	for (unsigned j = 0; j < sl_nvalues_since; j++) {
		const sl_value_since *n = &sl_values_since[j];
		bool reached = false;
		for (unsigned i = 0; i < sl_nkinds && !reached; i++) {
			const sl_kind_spec *k = &sl_kinds[i];
			const sl_kind_links *l = sl_grammar_links(i);
			for (unsigned a = 0; a < k->nattrs && !reached; a++)
				reached = ((k->attrs[a].values && n->values == k->attrs[a].values) ||
				           (n->match && n->dt == k->attrs[a].dt)) &&
				          l->since[a] >= n->since;
		}
		ck_assert_msg(reached, "value entry %u ('%s') applies to no attribute", j,
		              n->value ? n->value : "(a datatype's part)");
	}
}
END_TEST

/* The delegated kinds (the embedded domain, a domain root): no tables of their own, a
 * role, and each of the generated tier's four entries given to exactly one of them. */
START_TEST(every_domain_entry_delegated_once)
{
	unsigned seen[4] = {0};
	for (unsigned i = 0; i < sl_nkinds; i++) {
		const sl_kind_spec *k = &sl_kinds[i];
		if (!(k->flags & SL_K_DELEGATE))
			continue;
		ck_assert_msg(!k->nkids && !k->nattrs && k->text == SL_TEXT_NONE,
		              "delegated <%s> has tables of its own", k->name);
		ck_assert_msg(k->role == SL_ROLE_DOMAIN || k->role == SL_ROLE_INACTIVE,
		              "delegated <%s> has no domain role", k->name);
		ck_assert_uint_lt(k->entry, 4);
		seen[k->entry]++;
	}
	ck_assert_uint_eq(seen[DG_ENTRY_DOMAIN], 1);
	ck_assert_uint_eq(seen[DG_ENTRY_INACTIVE_DOMAIN], 1);
	ck_assert_uint_eq(seen[DG_ENTRY_SNAPSHOT_DOMAIN], 1);
	ck_assert_uint_eq(seen[DG_ENTRY_CHECKPOINT_DOMAIN], 1);
	ck_assert(sl_kinds[SL_KIND_ID_DOMAIN].flags & SL_K_DELEGATE);
	ck_assert_uint_eq(sl_kinds[SL_KIND_ID_DOMAIN].entry, DG_ENTRY_DOMAIN);
}
END_TEST

/* A variant's older kind is the same element as the newest one, with other children:
 * same name, context, attributes, text, flags, role and fact, no resolver (the map
 * applies to resolved kinds), and no table reaches it but through the variant. */
static void check_variant_kinds(const sl_kind_variant *v)
{
	ck_assert_msg(v->kind < sl_nkinds && v->older < sl_nkinds && v->kind != v->older,
	              "variant %u -> %u: not two kinds of sl_kinds[]", (unsigned)v->kind,
	              (unsigned)v->older);
	const sl_kind_spec *k = &sl_kinds[v->kind], *o = &sl_kinds[v->older];
	ck_assert_msg(!strcmp(k->name, o->name) && !strcmp(k->ctx, o->ctx) && k->attrs == o->attrs &&
	                  k->nattrs == o->nattrs && k->text == o->text && k->values == o->values &&
	                  k->flags == o->flags && k->role == o->role && k->fact == o->fact,
	              "<%s>'s older kind differs in more than its children", k->name);
	ck_assert_msg(!k->resolve && !o->resolve, "<%s>: a variant of a resolver kind", k->name);
	for (unsigned i = 0; i < sl_nkinds; i++)
		for (unsigned c = 0; c < sl_kinds[i].nkids; c++)
			ck_assert_msg(sl_kinds[i].kids[c].kind != v->older,
			              "<%s>/<%s> reaches <%s>'s older kind directly", sl_kinds[i].name,
			              sl_kinds[i].kids[c].name, k->name);
}

/* The children whose rule the older kind changes, recomputed from the tables, per part
 * (SL_CH_*): a child the newest kind lacks changes every part. */
static void changed_children(const sl_kind_spec *k, const sl_kind_spec *o, unsigned *mask)
{
	mask[SL_CH_OCCURS] = mask[SL_CH_ORDER] = mask[SL_CH_LINKS] = 0;
	for (unsigned i = 0; i < o->nkids; i++) {
		const sl_child_spec *c = &o->kids[i];
		int j = child_index(k, c->name);
		if (j < 0) {
			mask[SL_CH_OCCURS] |= 1u << i, mask[SL_CH_ORDER] |= 1u << i, mask[SL_CH_LINKS] |= 1u << i;
			continue;
		}
		const sl_child_spec *n = &k->kids[j];
		char mine[200] = "", theirs[200] = "";
		for (unsigned m = 0; c->requires && c->requires[m]; m++)
			snprintf(mine + strlen(mine), sizeof mine - strlen(mine), "%s ", c->requires[m]);
		for (unsigned m = 0; n->requires && n->requires[m]; m++)
			snprintf(theirs + strlen(theirs), sizeof theirs - strlen(theirs), "%s ", n->requires[m]);
		mask[SL_CH_OCCURS] |= (c->min != n->min || c->max != n->max) ? 1u << i : 0;
		mask[SL_CH_ORDER] |= c->lane != n->lane ? 1u << i : 0;
		mask[SL_CH_LINKS] |= (c->group != n->group || strcmp(mine, theirs)) ? 1u << i : 0;
	}
}

/* Every variant row: its kinds, its range (the newest target never uses one), its hint
 * naming the first schema set with the newer model, the children it changes resolved
 * with that hint, and the kind each target uses. */
START_TEST(every_variant_an_older_model_of_its_kind)
{
	ck_assert_uint_ge(sl_nkind_variants, 2); /* <encryption> 9.0.0, nfs <source> 10.7.0 */
	for (unsigned i = 0; i < sl_nkind_variants; i++) {
		const sl_kind_variant *v = &sl_kind_variants[i];
		check_variant_kinds(v);
		const sl_kind_spec *k = &sl_kinds[v->kind], *o = &sl_kinds[v->older];
		ck_assert_msg(v->until + 1 < SL_LV_COUNT, "<%s>: a variant up to the newest schemas", k->name);
		char next[32];
		snprintf(next, sizeof next, " (%s's ", sl_libvirt_schemas[v->until + 1]);
		ck_assert_msg(v->hint && strstr(v->hint, next), "<%s>'s variant hint names no '%s'",
		              k->name, next);
		unsigned want[3];
		changed_children(k, o, want);
		ck_assert_msg(want[0] | want[1] | want[2], "<%s>'s older kind changes no child", k->name);
		/* the two of today, as the schemas' diff says: 9.0.0's one <secret> and ordered
		 * <cipher>, <ivgen>; 10.7.0's required <identity> (after slices, dataStore, host) */
		if (!strcmp(k->name, "encryption"))
			ck_assert(v->until == SL_LV_9_0 && want[SL_CH_OCCURS] == 1u && want[SL_CH_ORDER] == 6u &&
			          !want[SL_CH_LINKS]);
		else
			ck_assert(!strcmp(k->ctx, "source protocol='nfs'") && v->until == SL_LV_10_7 &&
			          want[SL_CH_OCCURS] == 8u && !want[SL_CH_ORDER] && !want[SL_CH_LINKS]);
		const sl_kind_links *l = sl_grammar_links(v->older);
		ck_assert_ptr_eq(l->changed_hint, v->hint);
		for (int part = 0; part < 3; part++) {
			ck_assert_msg(l->changed[part] == want[part],
			              "<%s>'s older kind: changed children (part %d) resolved to %#x, expected %#x",
			              k->name, part, (unsigned)l->changed[part], want[part]);
			ck_assert_uint_eq(sl_grammar_links(v->kind)->changed[part], 0);
		}
		for (unsigned t = 0; t < SL_LV_COUNT; t++)
			ck_assert_uint_eq(sl_grammar_kind_at(v->kind, t), t <= v->until ? v->older : v->kind);
	}
	/* every other kind is itself at every target, and has no changed children */
	for (unsigned k = 0; k < sl_nkinds; k++) {
		bool variant = false;
		for (unsigned i = 0; i < sl_nkind_variants; i++)
			variant = variant || sl_kind_variants[i].kind == k || sl_kind_variants[i].older == k;
		for (unsigned t = 0; t < SL_LV_COUNT && !variant; t++)
			ck_assert_uint_eq(sl_grammar_kind_at(k, t), k);
		const sl_kind_links *l = sl_grammar_links(k);
		ck_assert(variant || (!l->changed[0] && !l->changed[1] && !l->changed[2] && !l->changed_hint));
	}
}
END_TEST

/* The target picks its map once: none at the newest target (the start tag's one test),
 * one at a target an older model applies to, mapping exactly the variants' kinds. */
START_TEST(the_target_picks_its_kind_map)
{
	sl_grammar g;
	ck_assert(sl_grammar_init(&g, NULL, 8));
	ck_assert_ptr_null(g.kind_map);
	sl_grammar_set_target(&g, NULL, NULL);
	ck_assert_ptr_null(g.kind_map);
	sl_grammar_set_target(&g, "11.3.0", "11.3");
	ck_assert_ptr_null(g.kind_map);
	for (unsigned t = 0; t + 1 < SL_LV_COUNT; t++) {
		sl_grammar_set_target(&g, sl_libvirt_schemas[t], NULL);
		unsigned mapped = 0, want = 0;
		for (unsigned k = 0; g.kind_map && k < sl_nkinds; k++) {
			ck_assert_uint_eq(g.kind_map[k], sl_grammar_kind_at(k, t));
			mapped += g.kind_map[k] != k;
		}
		for (unsigned i = 0; i < sl_nkind_variants; i++)
			want += t <= sl_kind_variants[i].until;
		ck_assert_uint_eq(mapped, want);
		ck_assert(want == 0 || g.kind_map != NULL);
	}
	sl_grammar_free(&g);
}
END_TEST

/* The driver's filter of end tags (SL_SEM_END_ROLES) names exactly the roles whose end
 * the semantic stage reads: one left out would lose a rule silently, one too many costs
 * a call per end tag. */
START_TEST(every_end_role_filtered_as_read)
{
	ck_assert_uint_le(SL_ROLE_COUNT, 32);
	for (unsigned r = 0; r < SL_ROLE_COUNT; r++)
		ck_assert_msg(!!(SL_SEM_END_ROLES >> r & 1) == sl_sem_reads_end(r),
		              "role %u: SL_SEM_END_ROLES and sem_end[] disagree", r);
}
END_TEST

Suite *sl_tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("limits");
	tcase_add_test(tc, every_kind_within_the_machine_limits);
	tcase_add_test(tc, the_name_index_holds_every_name);
	tcase_add_test(tc, every_domain_entry_delegated_once);
	tcase_add_test(tc, every_link_resolved_to_its_name);
	tcase_add_test(tc, every_value_entry_reaches_an_attribute);
	tcase_add_test(tc, every_variant_an_older_model_of_its_kind);
	tcase_add_test(tc, the_target_picks_its_kind_map);
	tcase_add_test(tc, every_end_role_filtered_as_read);
	suite_add_tcase(s, tc);
	return s;
}
