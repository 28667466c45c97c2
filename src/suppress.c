/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suppress.c - inline suppressions: `<!-- snaplint-disable RULE[,RULE] -->` and its
 * siblings, read from comments while parsing, and asked about by the caller for every
 * finding it is about to report (the document's and the cross-document stage's).
 *
 * Each rule named in a directive is one record: a region of the document (from the
 * comment to the matching enable, the next element's subtree, or the whole file) in
 * which findings of that rule are suppressed.  Records that suppressed nothing are
 * reported (SL505); directives that cannot be understood are errors (SL506).  Not
 * well-formed input (SL101) and limits (SL106) cannot be suppressed.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suppress.h"

enum { SL_MAX_SUPPRESSIONS = 1024 };

static bool before(sl_pos a, sl_pos b) /* a < b */
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static const sl_pos pos_end = {ULONG_MAX, ULONG_MAX};

static sl_suppression *add_record(sl_supps *s, sl_sink *sink, sl_supp_kind kind, sl_rule rule,
                                  sl_pos at)
{
	if (s->n == SL_MAX_SUPPRESSIONS) {
		sl_sink_emit(sink, SL_R_BAD_SUPPRESSION, at, NULL, "more than 1024 suppressions in one document",
		             NULL, NULL);
		return NULL;
	}
	if (!sl_grow((void **)&s->r, &s->cap, s->n, sizeof *s->r))
		return NULL;
	sl_suppression *r = &s->r[s->n++];
	*r = (sl_suppression){.kind = kind, .rule = rule, .at = at, .from = at, .to = pos_end,
	                      .depth = -1};
	if (kind == SL_SUPP_FILE)
		r->from = (sl_pos){0, 0};
	if (kind == SL_SUPP_NEXT)
		r->from = pos_end, s->pending_next = true; /* set by the next start tag */
	return r;
}

/* snaplint-enable RULE: closes the latest open disable of that rule. */
static void enable(sl_supps *s, sl_sink *sink, sl_rule rule, sl_pos at, const char *name)
{
	for (size_t i = s->n; i-- > 0;) {
		sl_suppression *r = &s->r[i];
		if (r->kind == SL_SUPP_DISABLE && r->rule == rule && r->to.line == ULONG_MAX) {
			r->to = at;
			return;
		}
	}
	char msg[SL_ARG_MAX + 64];
	snprintf(msg, sizeof msg, "snaplint-enable %s has no snaplint-disable before it", name);
	sl_sink_emit(sink, SL_R_BAD_SUPPRESSION, at, "remove it, or add the snaplint-disable it should end", msg,
	        NULL, NULL);
}

/* One rule name of a directive: an id, a name, or "all". */
static void directive_rule(sl_supps *s, sl_sink *sink, sl_supp_kind kind, const char *name, sl_pos at)
{
	sl_rule rule = strcasecmp(name, "all") ? sl_rule_find(name) : SL_RULE_COUNT;
	const sl_retired_rule *old = rule == SL_RULE_COUNT ? sl_rule_retired(name) : NULL;
	if (old) /* a retired rule's findings are its successor's now */
		rule = old->successor;
	if (rule == SL_R_NOT_WELL_FORMED || rule == SL_R_LIMIT || rule == SL_R_BAD_SUPPRESSION) {
		char msg[SL_ARG_MAX + 64];
		snprintf(msg, sizeof msg, "%s cannot be suppressed", sl_rule_get(rule)->id);
		sl_sink_emit(sink, SL_R_BAD_SUPPRESSION, at, "fix the document instead", msg, NULL, NULL);
		return;
	}
	if (rule == SL_RULE_COUNT && strcasecmp(name, "all")) {
		char msg[SL_ARG_MAX + 64], shown[SL_ARG_MAX + 4];
		snprintf(msg, sizeof msg, "unknown rule '%s'",
		         sl_shorten(shown, name, strlen(name)));
		sl_sink_emit(sink, SL_R_BAD_SUPPRESSION, at, "snaplint --list-rules prints every rule id and name",
		        msg, NULL, NULL);
		return;
	}
	if (kind == SL_SUPP_ENABLE)
		enable(s, sink, rule, at, name);
	else
		add_record(s, sink, kind, rule, at);
}

static const struct {
	const char *word;
	sl_supp_kind kind;
} keywords[] = {{"disable-next", SL_SUPP_NEXT}, {"disable-file", SL_SUPP_FILE},
                {"disable", SL_SUPP_DISABLE}, {"enable", SL_SUPP_ENABLE}};

/* Reads a comment: nothing happens unless it starts with "snaplint-". */
static void comment(sl_supps *s, sl_sink *sink, const char *text, sl_pos at)
{
	while (isspace((unsigned char)*text))
		text++;
	if (strncmp(text, "snaplint-", 9))
		return;
	const char *word = text + 9;
	size_t k = 0, nk = sizeof keywords / sizeof *keywords;
	while (k < nk && !(strncmp(word, keywords[k].word, strlen(keywords[k].word)) == 0 &&
	                   (isspace((unsigned char)word[strlen(keywords[k].word)]) ||
	                    !word[strlen(keywords[k].word)])))
		k++;
	if (k == nk) {
		char msg[SL_ARG_MAX + 64], shown[SL_ARG_MAX + 4];
		size_t n = strcspn(text, " \t\r\n");
		snprintf(msg, sizeof msg, "unknown directive '%s'", sl_shorten(shown, text, n));
		sl_sink_emit(sink, SL_R_BAD_SUPPRESSION, at,
		        "use snaplint-disable, snaplint-enable, snaplint-disable-next or snaplint-disable-file",
		        msg, NULL, NULL);
		return;
	}
	const char *p = word + strlen(keywords[k].word);
	const char *end = strstr(p, "reason:");
	if (!end)
		end = p + strlen(p);
	size_t found = 0;
	while (p < end) {
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		size_t n = 0;
		while (p + n < end && !isspace((unsigned char)p[n]) && p[n] != ',')
			n++;
		if (!n)
			break;
		char name[80];
		snprintf(name, sizeof name, "%.*s", (int)(n < 79 ? n : 79), p);
		directive_rule(s, sink, keywords[k].kind, name, at);
		found++;
		p += n;
	}
	if (!found) {
		char msg[SL_ARG_MAX + 64];
		snprintf(msg, sizeof msg, "snaplint-%s names no rule", keywords[k].word);
		sl_sink_emit(sink, SL_R_BAD_SUPPRESSION, at, "name the rules: an id (SL201), a name, or all", msg, NULL,
		        NULL);
	}
}

/* The next start tag: pending disable-next records begin there, at this depth. */
static void start(sl_supps *s, sl_pos at, unsigned depth)
{
	if (!s->pending_next)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->r[i].kind == SL_SUPP_NEXT && s->r[i].depth < 0) {
			s->r[i].from = at;
			s->r[i].depth = (int)depth;
			s->open_next++;
		}
	s->pending_next = false;
}

/* An end tag at `depth` (the element's own): disable-next records of it end here. */
static void end(sl_supps *s, sl_pos at, unsigned depth)
{
	if (!s->open_next)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->r[i].kind == SL_SUPP_NEXT && s->r[i].depth == (int)depth &&
		    s->r[i].to.line == ULONG_MAX) {
			s->r[i].to = at;
			s->open_next--;
		}
}

void sl_supps_event(sl_supps *s, const sl_event *ev, sl_sink *sink)
{
	sl_pos at;
	if (ev->type == SL_EV_COMMENT) {
		ev->locate(ev->pos_ctx, &at);
		comment(s, sink, ev->text, at);
	} else if (ev->type == SL_EV_START && s->pending_next) {
		start(s, ev->pos, ev->depth);
	} else if (ev->type == SL_EV_END && s->open_next && ev->depth) {
		ev->locate(ev->pos_ctx, &at);
		end(s, at, ev->depth - 1);
	}
}

bool sl_supps_covers(sl_supps *s, sl_rule rule, sl_pos p)
{
	if (rule == SL_R_NOT_WELL_FORMED || rule == SL_R_LIMIT || rule == SL_R_BAD_SUPPRESSION)
		return false;
	bool hit = false;
	for (size_t i = 0; i < s->n; i++) {
		sl_suppression *r = &s->r[i];
		if (r->rule != rule && r->rule != SL_RULE_COUNT)
			continue;
		bool in = r->kind == SL_SUPP_FILE ||
		          (!before(p, r->from) && (r->kind == SL_SUPP_NEXT ? !before(r->to, p)
		                                                          : before(p, r->to)));
		if (in)
			r->used = hit = true;
	}
	return hit;
}

size_t sl_supps_unused(sl_supps *s, sl_sink *late, const sl_diag **out)
{
	sl_sink_free(late);
	for (size_t i = 0; i < s->n; i++) {
		sl_suppression *r = &s->r[i];
		if (!r->used) {
			static const char *const names[] = {"disable", "enable", "disable-next",
			                                    "disable-file"};
			const char *rule = r->rule == SL_RULE_COUNT ? "all" : sl_rule_get(r->rule)->id;
			sl_sink_emit(late, SL_R_UNUSED_SUPPRESSION, r->at, "remove the comment, or fix what it names",
			             names[r->kind], rule, NULL);
		}
		r->used = false; /* ready for the next report of this document */
	}
	sl_sink_render(late);
	*out = late->diags;
	return late->ndiags;
}

void sl_supps_free(sl_supps *s)
{
	free(s->r);
	memset(s, 0, sizeof *s);
}
