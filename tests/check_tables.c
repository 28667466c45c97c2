/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_tables.c - the hand-written grammar tables (gtables.c) within the limits the
 * machine (grammar.c) relies on: a kind's children fit the per-frame counters, lanes
 * fit the lane array, and every link between entries (child kinds, required children
 * and attributes by name, the legacy domain's <uuid>, attribute groups) points at an
 * entry that exists.  A table edit that
 * breaks one fails here instead of writing past an array at run time.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "dgrammar.h"
#include "grammar.h"
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

Suite *sl_tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("limits");
	tcase_add_test(tc, every_kind_within_the_machine_limits);
	tcase_add_test(tc, every_domain_entry_delegated_once);
	suite_add_tcase(s, tc);
	return s;
}
