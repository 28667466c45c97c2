/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* findings.c - the one findings path (core): what one checked input reports, in position
 * order, after the rule settings and inline suppressions (every finding takes it, also
 * for unreadable inputs and special files); the CLI and the unit tests both call it.
 */
#include <stdlib.h>
#include <string.h>

#include "snaplint.h"

const sl_diag **sl_result_collect(const sl_result *r, size_t *count)
{
	size_t na = r->doc ? sl_doc_ndiags(r->doc) : 0;
	size_t nb = r->tree ? sl_tree_ndiags(r->tree, r->tree_index) : 0;
	const sl_diag **all = malloc((na + nb + 1) * sizeof *all);
	size_t a = 0, b = 0, n = 0;
	if (!all) {
		*count = 0;
		return NULL;
	}
	while (a < na || b < nb) {
		const sl_diag *x = a < na ? sl_doc_diag(r->doc, a) : NULL;
		const sl_diag *y = b < nb ? sl_tree_diag(r->tree, r->tree_index, b) : NULL;
		bool take_x = x && (!y || x->line < y->line ||
		                    (x->line == y->line && x->column <= y->column));
		all[n++] = take_x ? x : y;
		take_x ? a++ : b++;
	}
	*count = n;
	return all;
}

bool sl_rule_protected(sl_rule rule)
{
	return rule == SL_R_NOT_WELL_FORMED || rule == SL_R_LIMIT || rule == SL_R_UNREADABLE;
}

/* The severity a finding is reported at: the policy's, but a protected rule is never
 * lowered. */
static sl_severity level(const sl_policy *p, const sl_diag *d)
{
	int sev = p->sev[d->rule];
	if (sev < 0 || (sl_rule_protected(d->rule) && sev < (int)d->severity))
		return d->severity;
	return (sl_severity)sev;
}

/* Is the finding reported: its rule on (protected ones always) and no suppression
 * comment covering it. */
static bool kept(const sl_policy *p, sl_doc *doc, const sl_diag *d)
{
	if (sl_rule_protected(d->rule))
		return true;
	if (p->off[d->rule])
		return false;
	return !doc || p->no_inline_config || !sl_doc_suppresses(doc, d->rule, d->line, d->column);
}

/* Appends `d` as the policy reports it, when it is reported; out->d has room. */
static void add(sl_findings *out, const sl_policy *p, sl_doc *doc, const sl_diag *d)
{
	if (!kept(p, doc, d))
		return;
	out->d[out->n] = *d;
	out->d[out->n++].severity = level(p, d);
}

/* The one finding of an input that was not checked: SL107 (unreadable) or SL108 (a
 * special file), its message rendered from the catalogue template (one %1). */
static bool input_finding(const sl_result *r, const sl_policy *p, sl_findings *out)
{
	sl_rule rule = r->special ? SL_R_SPECIAL_FILE : SL_R_UNREADABLE;
	const char *arg = r->special ? r->special : r->error ? r->error : "out of memory";
	const char *tmpl = sl_rule_get(rule)->tmpl, *at = strstr(tmpl, "%1");
	size_t before = at ? (size_t)(at - tmpl) : strlen(tmpl);
	out->d = malloc(sizeof *out->d);
	out->text = malloc(strlen(tmpl) + strlen(arg) + 1);
	if (!out->d || !out->text)
		return false;
	memcpy(out->text, tmpl, before);
	strcpy(out->text + before, at ? arg : "");
	if (at)
		strcat(out->text, at + 2);
	sl_diag d = {.rule = rule, .severity = sl_rule_get(rule)->severity, .message = out->text};
	add(out, p, NULL, &d);
	return true;
}

/* Unused suppressions (SL505), merged into out->d by position, the earlier findings
 * first at equal positions. */
static bool add_unused(sl_findings *out, const sl_policy *p, sl_doc *doc)
{
	const sl_diag *u = NULL;
	size_t nu = sl_doc_unused_suppressions(doc, &u);
	if (!nu || p->off[SL_R_UNUSED_SUPPRESSION])
		return true;
	/* one exact growth for a one-time merge, not an array that keeps growing: no sl_grow */
	sl_diag *more = realloc(out->d, (out->n + nu) * sizeof *more);
	if (!more)
		return false;
	out->d = more;
	size_t i = out->n, j = nu, w = out->n + nu;
	while (j > 0) {
		const sl_diag *a = i ? &out->d[i - 1] : NULL, *b = &u[j - 1];
		bool take_b = !a || b->line > a->line || (b->line == a->line && b->column >= a->column);
		out->d[--w] = take_b ? u[--j] : out->d[--i];
		out->d[w].severity = level(p, &out->d[w]);
	}
	out->n += nu;
	return true;
}

bool sl_result_findings(const sl_result *r, const sl_policy *p, sl_findings *out)
{
	memset(out, 0, sizeof *out);
	bool ok;
	if (r->special || r->error || !r->doc) {
		ok = input_finding(r, p, out);
	} else {
		size_t n = 0;
		const sl_diag **all = sl_result_collect(r, &n);
		out->d = malloc((n + 1) * sizeof *out->d);
		ok = all && out->d;
		for (size_t i = 0; ok && i < n; i++)
			add(out, p, r->doc, all[i]);
		free(all);
		if (ok && !p->no_inline_config)
			ok = add_unused(out, p, r->doc);
	}
	if (!ok)
		sl_findings_free(out);
	return ok;
}

void sl_findings_free(sl_findings *f)
{
	free(f->d);
	free(f->text);
	memset(f, 0, sizeof *f);
}
