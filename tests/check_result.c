/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_result.c - the one path from raw findings to reported ones (src/findings.c, the
 * function the CLI calls): rules off, severities, inline suppressions and unused ones,
 * input-level findings (SL107, SL108), and the rules nothing can silence.
 */
#include <check.h>
#include <string.h>

#include "cli.h"
#include "suites.h"

static sl_doc *parse(const char *xml)
{
	sl_doc *doc = sl_doc_new(NULL);
	ck_assert_ptr_nonnull(doc);
	sl_doc_feed(doc, xml, strlen(xml));
	sl_doc_finish(doc);
	return doc;
}

static void defaults(sl_policy *p)
{
	memset(p, 0, sizeof *p);
	memset(p->sev, -1, sizeof p->sev);
}

/* "ID:severity" of each reported finding, space-separated. */
static const char *summary(const sl_result *r, const sl_policy *p)
{
	static char buf[512];
	sl_findings f;
	ck_assert(sl_result_findings(r, p, &f));
	buf[0] = '\0';
	for (size_t i = 0; i < f.n; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, sl_rule_get(f.d[i].rule)->id);
		strcat(buf, ":");
		strcat(buf, sl_severity_name(f.d[i].severity));
	}
	sl_findings_free(&f);
	return buf;
}

/* SL501 (warning) at 1:32, SL301 (error) at 1:93. */
static const char doc2[] = "<domainsnapshot><name>s1</name><state>shutoff</state><disks>"
                           "<disk name='vda' snapshot='no'/><disk name='vda' snapshot='no'/>"
                           "</disks></domainsnapshot>";

START_TEST(rules_off_and_severities)
{
	sl_policy p;
	defaults(&p);
	sl_result r = {.path = "s.xml", .doc = parse(doc2)};
	ck_assert_str_eq(summary(&r, &p), "SL501:warning SL301:error");
	p.off[SL_R_IGNORED_FIELD] = true;
	p.sev[SL_R_DUPLICATE_DISK] = SL_SEV_NOTE;
	ck_assert_str_eq(summary(&r, &p), "SL301:note");
	sl_doc_free(r.doc);
}
END_TEST

START_TEST(inline_suppressions_and_unused_ones)
{
	sl_policy p;
	defaults(&p);
	sl_result r = {.path = "s.xml",
	               .doc = parse("<domainsnapshot><name>s1</name><!-- snaplint-disable-next "
	                            "SL501 --><state>shutoff</state><!-- snaplint-disable SL301 "
	                            "--></domainsnapshot>")};
	ck_assert_str_eq(summary(&r, &p), "SL505:warning");
	p.sev[SL_R_UNUSED_SUPPRESSION] = SL_SEV_ERROR;
	ck_assert_str_eq(summary(&r, &p), "SL505:error");
	p.no_inline_config = true;
	ck_assert_str_eq(summary(&r, &p), "SL501:warning");
	sl_doc_free(r.doc);
}
END_TEST

START_TEST(special_files_go_through_the_settings)
{
	sl_policy p;
	defaults(&p);
	sl_result r = {.path = "d/f.xml", .special = "a FIFO"};
	sl_findings f;
	ck_assert(sl_result_findings(&r, &p, &f));
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.d[0].message, "not a regular file (a FIFO); skipped");
	ck_assert_uint_eq(f.d[0].line, 0);
	sl_findings_free(&f);
	p.sev[SL_R_SPECIAL_FILE] = SL_SEV_ERROR;
	ck_assert_str_eq(summary(&r, &p), "SL108:error");
	p.off[SL_R_SPECIAL_FILE] = true;
	ck_assert_str_eq(summary(&r, &p), "");
}
END_TEST

START_TEST(inputs_that_do_not_parse_are_never_silenced)
{
	sl_policy p;
	defaults(&p);
	for (int i = 0; i < SL_RULE_COUNT; i++)
		p.off[i] = true, p.sev[i] = SL_SEV_NOTE;
	sl_result bad = {.path = "b.xml", .doc = parse("\x01\x02 random bytes")};
	ck_assert_str_eq(summary(&bad, &p), "SL101:error");
	sl_result gone = {.path = "g.xml", .error = "No such file or directory"};
	sl_findings f;
	ck_assert(sl_result_findings(&gone, &p, &f));
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.d[0].message, "cannot read input: No such file or directory");
	ck_assert_int_eq(f.d[0].severity, SL_SEV_ERROR);
	sl_findings_free(&f);
	sl_options opt = {.limits = {.max_depth = 2}};
	sl_doc *deep = sl_doc_new(&opt);
	const char *xml = "<domainsnapshot><cookie><a/></cookie></domainsnapshot>";
	sl_doc_feed(deep, xml, strlen(xml));
	sl_doc_finish(deep);
	sl_result limit = {.path = "d.xml", .doc = deep};
	ck_assert_str_eq(summary(&limit, &p), "SL106:error");
	sl_doc_free(deep);
	sl_doc_free(bad.doc);
	ck_assert(sl_rule_protected(SL_R_NOT_WELL_FORMED) && sl_rule_protected(SL_R_LIMIT) &&
	          sl_rule_protected(SL_R_UNREADABLE) && !sl_rule_protected(SL_R_SPECIAL_FILE));
}
END_TEST

Suite *sl_result_suite(void)
{
	Suite *s = suite_create("result");
	TCase *tc = tcase_create("findings");
	tcase_add_test(tc, rules_off_and_severities);
	tcase_add_test(tc, inline_suppressions_and_unused_ones);
	tcase_add_test(tc, special_files_go_through_the_settings);
	tcase_add_test(tc, inputs_that_do_not_parse_are_never_silenced);
	suite_add_tcase(s, tc);
	return s;
}
