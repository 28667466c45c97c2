/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rules.h - the rule catalogue (rules/catalogue.def) as C enums and lookups. */
#ifndef SL_RULES_H
#define SL_RULES_H

#include <stddef.h>

typedef enum { SL_SEV_NOTE = 0, SL_SEV_WARNING = 1, SL_SEV_ERROR = 2 } sl_severity;

typedef enum {
	SL_CAT_XML,
	SL_CAT_SCHEMA,
	SL_CAT_LIBVIRT,
	SL_CAT_TREE,
	SL_CAT_LINT
} sl_category;

typedef enum {
#define RULE(id, cname, name, cat, sev, tmpl, mirrors) SL_R_##cname,
#include "../rules/catalogue.def"
#undef RULE
	SL_RULE_COUNT
} sl_rule;

typedef struct sl_rule_info {
	const char *id;       /* "SL201" */
	const char *name;     /* "schema-unknown-element" */
	sl_category category;
	sl_severity severity; /* default */
	const char *tmpl;     /* message template with %1..%4 */
	const char *mirrors;  /* the libvirt behaviour it mirrors */
	const char *doc;      /* rules/doc/NAME.md, or "" */
} sl_rule_info;

const sl_rule_info *sl_rule_get(sl_rule rule);
/* Finds a rule by id ("SL201", case-insensitive) or name; returns SL_RULE_COUNT if none. */
sl_rule sl_rule_find(const char *key);
/* A rule taken out of the catalogue: its id is never reused, and naming it in a
 * setting or a suppression is no error (the callers say so, or apply its successor). */
typedef struct sl_retired_rule {
	const char *id, *name;
	sl_rule successor; /* what reports its findings now */
	const char *why;   /* one line: since when and why */
	const char *doc;   /* rules/doc/ID.md */
} sl_retired_rule;
/* The retired rule named by `key` (id, case-insensitive, or name), or NULL. */
const sl_retired_rule *sl_rule_retired(const char *key);
/* The ranges of libvirt releases of the rules whose behaviour changed between 9.0 and
 * 12.8 (rules/releases.def), one constant each, in table order. */
typedef enum {
#define RANGE(id, tag, from, to, behaviour, source) SL_RANGE_##tag,
#include "../rules/releases.def"
#undef RANGE
	SL_RANGE_COUNT
} sl_range;
typedef struct sl_rule_range {
	sl_rule rule;
	const char *from, *to;       /* "9.3", "10.8": first and last release, inclusive */
	const char *behaviour, *source;
} sl_rule_range;
/* The release ranges of `rule` in order, *n of them; NULL and 0 for a rule whose libvirt
 * behaviour is the same in every release snaplint knows. */
const sl_rule_range *sl_rule_ranges(sl_rule rule, size_t *n);
/* The row of one range (an SL_RANGE_ constant below SL_RANGE_COUNT). */
const sl_rule_range *sl_range_get(sl_range range);
const char *sl_severity_name(sl_severity sev);
const char *sl_category_name(sl_category cat);

#endif
