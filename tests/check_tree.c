/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_tree.c - the cross-document stage through its API: grouping by directory, kind
 * and domain; long names compared exactly; nothing reported across groups.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snaplint.h"
#include "suites.h"

static sl_doc *parse_as(const char *xml, sl_mode mode)
{
	sl_options opt = {.mode = mode};
	sl_doc *doc = sl_doc_new(&opt);
	ck_assert_ptr_nonnull(doc);
	sl_doc_feed(doc, xml, strlen(xml));
	sl_doc_finish(doc);
	return doc;
}

/* The cross-document stage takes stored and redefine documents only. */
static sl_doc *parse(const char *xml)
{
	return parse_as(xml, SL_MODE_REDEFINE);
}

/* A snapshot named `name` with an optional parent and domain name. */
static sl_doc *snap(const char *name, const char *parent, const char *domain)
{
	char xml[2048];
	snprintf(xml, sizeof xml,
	         "<domainsnapshot><name>%s</name>%s%s%s%s%s%s</domainsnapshot>", name,
	         parent ? "<parent><name>" : "", parent ? parent : "", parent ? "</name></parent>" : "",
	         domain ? "<domain type='kvm'><name>" : "", domain ? domain : "",
	         domain ? "</name></domain>" : "");
	return parse(xml);
}

/* The rule ids reported about document i, space-separated. */
static char *rules_of(const sl_tree *t, size_t i)
{
	static char buf[256];
	buf[0] = '\0';
	for (size_t k = 0; k < sl_tree_ndiags(t, i); k++) {
		strcat(buf, k ? " " : "");
		strcat(buf, sl_rule_get(sl_tree_diag(t, i, k)->rule)->id);
	}
	return buf;
}

START_TEST(groups_are_per_directory_kind_and_domain)
{
	sl_tree *t = sl_tree_new();
	sl_doc *docs[6] = {
		snap("s1", NULL, "vm1"), snap("s2", "s1", "vm1"), /* a/: a chain of vm1 */
		snap("s2", "s9", "vm2"),                          /* a/: vm2 is its own group */
		snap("s1", NULL, NULL),                           /* b/: no domain */
		snap("s2", "s1", NULL),                           /* b/ */
		parse("<domaincheckpoint><name>s1</name></domaincheckpoint>")}; /* b/: checkpoints */
	const char *paths[6] = {"a/s1.xml", "a/s2.xml", "a/vm2-s2.xml", "b/s1.xml", "b/s2.xml",
	                        "b/c.xml"};
	for (int i = 0; i < 6; i++)
		ck_assert_uint_eq(sl_tree_add(t, paths[i], docs[i]), (size_t)i);
	sl_tree_check(t);
	ck_assert_str_eq(rules_of(t, 0), "");
	ck_assert_str_eq(rules_of(t, 1), "");
	ck_assert_str_eq(rules_of(t, 2), "SL402 SL403"); /* its file name, and no s9 */
	ck_assert_str_eq(rules_of(t, 3), "");
	ck_assert_str_eq(rules_of(t, 4), "");
	ck_assert_str_eq(rules_of(t, 5), "SL402"); /* c.xml holds checkpoint s1: no clash */
	const sl_diag *d = sl_tree_diag(t, 2, 1);
	ck_assert_str_eq(d->message, "parent 's9' is not a snapshot of this directory");
	ck_assert_uint_eq(d->line, 1);
	ck_assert_uint_eq(d->column, 32);
	sl_tree_free(t);
	for (int i = 0; i < 6; i++)
		sl_doc_free(docs[i]);
}
END_TEST

START_TEST(long_names_compare_exactly)
{
	char a[700], b[700];
	memset(a, 'n', 600);
	a[600] = '\0';
	strcpy(b, a);
	b[599] = 'm'; /* differs after the kept prefix */
	sl_doc *x = snap(a, NULL, "vm"), *y = snap(b, a, "vm"), *z = snap(a, NULL, "vm");
	sl_tree *t = sl_tree_new();
	sl_tree_add(t, "d/x.xml", x);
	sl_tree_add(t, "d/y.xml", y);
	sl_tree_add(t, "d/z.xml", z);
	sl_tree_check(t);
	ck_assert_str_eq(rules_of(t, 0), "SL402");
	ck_assert_str_eq(rules_of(t, 1), "SL402"); /* y's parent x is found: no SL403 */
	ck_assert_str_eq(rules_of(t, 2), "SL401 SL402"); /* z repeats x's name */
	sl_tree_free(t);
	sl_doc_free(x);
	sl_doc_free(y);
	sl_doc_free(z);
}
END_TEST

START_TEST(other_documents_are_not_added)
{
	sl_tree *t = sl_tree_new();
	sl_doc *doc = parse("<domain type='kvm'/>");
	ck_assert_uint_eq(sl_tree_add(t, "d/vm.xml", doc), SIZE_MAX);
	sl_tree_check(t);
	ck_assert_uint_eq(sl_tree_ndiags(t, 0), 0);
	ck_assert_ptr_null(sl_tree_diag(t, 0, 0));
	sl_tree_free(t);
	sl_tree_free(NULL);
	sl_doc_free(doc);
}
END_TEST

/* libvirt never stores create documents: templates that share a name, a file name that
 * is not NAME.xml, a parent that is not there or a loop are nothing to report, and a
 * create document is no parent or namesake of a stored one. */
START_TEST(create_documents_are_not_added)
{
	sl_tree *t = sl_tree_new();
	const char *nightly = "<domainsnapshot><name>nightly</name><parent><name>gone</name></parent>"
	                      "</domainsnapshot>";
	sl_doc *docs[5] = {parse_as(nightly, SL_MODE_AUTO), parse_as(nightly, SL_MODE_CREATE),
	                   parse_as("<domainsnapshot><name>s1</name></domainsnapshot>", SL_MODE_AUTO),
	                   snap("s2", "s1", "vm"), snap("nightly", NULL, "vm")};
	const char *paths[5] = {"t/vm1-nightly.xml", "t/vm2-nightly.xml", "t/s1.xml", "t/s2.xml",
	                        "t/nightly.xml"};
	ck_assert_uint_eq(sl_tree_add(t, paths[0], docs[0]), SIZE_MAX);
	ck_assert_uint_eq(sl_tree_add(t, paths[1], docs[1]), SIZE_MAX);
	ck_assert_uint_eq(sl_tree_add(t, paths[2], docs[2]), SIZE_MAX);
	ck_assert_uint_eq(sl_tree_add(t, paths[3], docs[3]), 0);
	ck_assert_uint_eq(sl_tree_add(t, paths[4], docs[4]), 1);
	sl_tree_check(t);
	ck_assert_str_eq(rules_of(t, 0), "SL403"); /* s1 is only a template */
	ck_assert_str_eq(rules_of(t, 1), "");      /* the templates named nightly do not count */
	sl_tree_free(t);
	for (int i = 0; i < 5; i++)
		sl_doc_free(docs[i]);
}
END_TEST

Suite *sl_tree_suite(void)
{
	Suite *s = suite_create("tree");
	TCase *tc = tcase_create("tree");
	tcase_add_test(tc, groups_are_per_directory_kind_and_domain);
	tcase_add_test(tc, long_names_compare_exactly);
	tcase_add_test(tc, other_documents_are_not_added);
	tcase_add_test(tc, create_documents_are_not_added);
	suite_add_tcase(s, tc);
	return s;
}
