/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rules.c - the rule catalogue table, built from rules/catalogue.def and the docs. */
#include "rules.h"

#include <string.h>
#include <strings.h>

/* One string per rule, generated from rules/doc/ID.md by tools/gen-rule-docs.sh; a
 * rule without its documentation does not link. */
#define RULE(id, cname, name, cat, sev, tmpl, mirrors) extern const char sl_doc_##id[];
#include "../rules/catalogue.def"
#undef RULE

#define SL_CAT_(c) SL_CAT_##c
#define SL_SEV_(s) SL_SEV_##s

static const sl_rule_info rules[SL_RULE_COUNT] = {
#define RULE(id, cname, name, cat, sev, tmpl, mirrors) \
	{#id, #name, SL_CAT_(cat), SL_SEV_(sev), tmpl, mirrors, sl_doc_##id},
#include "../rules/catalogue.def"
#undef RULE
};

const sl_rule_info *sl_rule_get(sl_rule rule)
{
	return (unsigned)rule < SL_RULE_COUNT ? &rules[rule] : NULL;
}

sl_rule sl_rule_find(const char *key)
{
	for (unsigned i = 0; i < SL_RULE_COUNT; i++)
		if (!strcasecmp(key, rules[i].id) || !strcmp(key, rules[i].name))
			return (sl_rule)i;
	return SL_RULE_COUNT;
}

/* How to retire a rule: take its RULE() line out of the catalogue (leave a comment
 * there), add it here, and keep rules/doc/ID.md saying what replaced it. */
extern const char sl_doc_SL212[];
static const sl_retired_rule retired[] = {
	{"SL212", "schema-domain-unknown-element", SL_R_UNKNOWN_ELEMENT,
	 "the embedded domain is checked exactly by its RELAX NG grammar: an unknown "
	 "element there is an SL201 error",
	 sl_doc_SL212},
};

const sl_retired_rule *sl_rule_retired(const char *key)
{
	for (size_t i = 0; i < sizeof retired / sizeof retired[0]; i++)
		if (!strcasecmp(key, retired[i].id) || !strcmp(key, retired[i].name))
			return &retired[i];
	return NULL;
}

/* The rules by id, for the release table. */
enum {
#define RULE(id, cname, name, cat, sev, tmpl, mirrors) SL_R_BY_ID_##id = SL_R_##cname,
#include "../rules/catalogue.def"
#undef RULE
};

static const sl_rule_range ranges[SL_RANGE_COUNT] = {
#define RANGE(id, tag, from, to, behaviour, source) {(sl_rule)SL_R_BY_ID_##id, from, to, behaviour, source},
#include "../rules/releases.def"
#undef RANGE
};

const sl_rule_range *sl_rule_ranges(sl_rule rule, size_t *n)
{
	size_t i = 0;
	while (i < SL_RANGE_COUNT && ranges[i].rule != rule)
		i++;
	*n = 0;
	while (i + *n < SL_RANGE_COUNT && ranges[i + *n].rule == rule)
		(*n)++;
	return *n ? &ranges[i] : NULL;
}

const sl_rule_range *sl_range_get(sl_range range)
{
	return &ranges[range];
}

const char *sl_severity_name(sl_severity sev)
{
	static const char *const names[] = {"note", "warning", "error"};
	return names[sev];
}

const char *sl_category_name(sl_category cat)
{
	static const char *const names[] = {"xml", "schema", "libvirt", "tree", "lint"};
	return names[cat];
}
