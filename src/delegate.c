/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* delegate.c - feeds a delegated subtree to the generated domain tier (dgrammar.c) and
 * turns its findings into the document's: same sink, same positions, so severities and
 * suppressions apply to them as to every finding, except that a refusal of what a newer
 * release allows there becomes SL214 (dg_since.h).  Also the one lint rule of the
 * embedded domain that no schema states: a password attribute (SL503).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delegate.h"
#include "dg_since.h"
#include "grammar.h"

void sl_deleg_init(sl_deleg *d, sl_sink *sink, const dg_grammar *grammar, dg_engine *engine)
{
	memset(d, 0, sizeof *d);
	d->sink = sink;
	d->grammar = grammar ? grammar : dg_grammar_default();
	d->engine = engine;
}

void sl_deleg_set_ns(sl_deleg *d, const char *ns, size_t nslen)
{
	d->root_ns = ns;
	d->root_nslen = ns ? nslen : 0;
}

void sl_deleg_set_target(sl_deleg *d, const char *name)
{
	d->target_name = name;
}

void sl_deleg_free(sl_deleg *d)
{
	if (d->owned)
		dg_free(d->engine);
	free(d->attrs);
	free(d->names);
	memset(d, 0, sizeof *d);
}

/* ---- the finding path: SL214, a construct newer than the target ----------------- */

/* The first release (index in dg_grammar_at()) whose grammar allows `item` in an
 * <owner> inside a <context>, or -1 (dg_since.h; binary search, rows sorted by strcmp). */
static int since(const char *owner, const char *context, const char *item)
{
	size_t lo = 0, hi = dg_nsince;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const dg_since_row *r = &dg_since_rows[mid];
		int c = strcmp(r->owner, owner);
		c = c ? c : strcmp(r->context, context);
		c = c ? c : strcmp(r->item, item);
		if (!c)
			return r->since;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The index of the delegate's grammar among the built-in ones. */
static int grammar_index(const dg_grammar *g)
{
	for (size_t i = 0; dg_grammar_at(i); i++)
		if (dg_grammar_at(i) == g)
			return (int)i;
	return -1;
}

/* What an engine finding refuses, if it is a refusal of a name or a value: the item as
 * dg_since.h keys it, its owner element, how far out the owner's parent is open
 * (dg_open_name), and the construct for SL214's %1.  The refusals and their arguments
 * (dgrammar.c): SL201 child a1 in a2 (the innermost open element), SL205 attribute a1 and
 * SL207 its value a3 on a2 (not open yet), SL208 text a2 of a1 (the innermost). */
typedef struct refused {
	char item[200], what[240];
	const char *owner;
	size_t up;
} refused;

static bool refusal(sl_rule rule, const char *a1, const char *a2, const char *a3, refused *r)
{
	r->owner = a2, r->up = 0;
	if (!a1 || !a2)
		return false;
	if (rule == SL_R_UNKNOWN_ELEMENT && !strchr(a1, '{')) {
		snprintf(r->item, sizeof r->item, "<%s", a1), r->up = 1;
		snprintf(r->what, sizeof r->what, "<%s> in <%s>", a1, a2);
	} else if (rule == SL_R_UNKNOWN_ATTRIBUTE && !strchr(a1, '{')) {
		snprintf(r->item, sizeof r->item, "@%s", a1);
		snprintf(r->what, sizeof r->what, "attribute '%s' of <%s>", a1, a2);
	} else if (rule == SL_R_INVALID_ATTRIBUTE_VALUE && a3 && *a3) {
		snprintf(r->item, sizeof r->item, "@%s=%s", a1, a3);
		snprintf(r->what, sizeof r->what, "<%s %s='%s'>", a2, a1, a3);
	} else if (rule == SL_R_INVALID_TEXT && *a2) {
		snprintf(r->item, sizeof r->item, "=%s", a2), r->owner = a1, r->up = 1;
		snprintf(r->what, sizeof r->what, "<%s>%s</%s>", a1, a2, a1);
	} else {
		return false;
	}
	return true;
}

/* A refusal of what a newer release's grammar allows in that place becomes SL214 (the
 * construct, that release, the target's schemas); true when it did. */
static bool newer(sl_deleg *d, sl_rule rule, sl_pos at, const char *a1, const char *a2,
                  const char *a3)
{
	refused r;
	if (!refusal(rule, a1, a2, a3, &r))
		return false;
	int first = since(r.owner, dg_open_name(d->engine, r.up), r.item);
	int target = grammar_index(d->grammar);
	if (first < 0 || target < 0 || first <= target)
		return false;
	const char *have = dg_grammar_version(d->grammar);
	char hint[200];
	snprintf(hint, sizeof hint, "libvirt %s's schemas, used for the target, do not have it; "
	         "remove it or raise --target-libvirt", have);
	sl_sink_emit(d->sink, SL_R_NEWER_THAN_TARGET, at, hint, r.what,
	             dg_grammar_version(dg_grammar_at((size_t)first)),
	             d->target_name ? d->target_name : have);
	return true;
}

/* The engine's findings, into the document's sink. */
static void on_finding(void *ctx, sl_rule rule, unsigned long line, unsigned long col,
                       const char *hint, const char *a1, const char *a2, const char *a3)
{
	sl_deleg *d = ctx;
	if (rule == SL_R_LIMIT)
		d->hit_limit = true;
	if (!newer(d, rule, (sl_pos){line, col}, a1, a2, a3))
		sl_sink_emit(d->sink, rule, (sl_pos){line, col}, hint, a1, a2, a3);
}

static void attr_pos(void *pctx, size_t i, unsigned long *line, unsigned long *col)
{
	const sl_deleg *d = pctx;
	sl_pos p = sl_start_attr_pos(d->st, i);
	*line = p.line, *col = p.col;
}

/* Is the namespace of a name the document's own (none, or the root's wrong one)? */
static bool own_ns(const sl_deleg *d, const char *ns, size_t nslen)
{
	return !nslen || (nslen == d->root_nslen && !memcmp(ns, d->root_ns, nslen));
}

/* Room for `n` bytes of names; false when memory ran out. */
static bool name_room(sl_deleg *d, size_t n)
{
	return !n || sl_grow((void **)&d->names, &d->namecap, n - 1, 1);
}

/* split_tag when a name has a namespace: "uri\1local" names are copied into d->names as
 * "uri\0local\0" (the element's namespace first).  Each name is searched for the
 * separator once: the first pass keeps what it found in the attribute's `local` until
 * the second fills it in. */
static bool split_tag_ns(sl_deleg *d, const sl_start *st, const char **ns)
{
	size_t need = st->nslen + 1;
	for (size_t i = 0; i < st->nattrs; i++) {
		const char *sep = strchr(st->atts[2 * i], SL_NS_SEP);
		d->attrs[i].local = sep;
		if (sep)
			need += strlen(st->atts[2 * i]) + 1;
	}
	if (!name_room(d, need))
		return false;
	size_t used = 0;
	if (own_ns(d, st->ns, st->nslen))
		d->names[used++] = '\0';
	else
		memcpy(d->names, st->ns, st->nslen), d->names[st->nslen] = '\0', used = st->nslen + 1;
	*ns = d->names;
	for (size_t i = 0; i < st->nattrs; i++) {
		const char *name = st->atts[2 * i];
		dg_attr *a = &d->attrs[i];
		const char *sep = a->local;
		a->value = st->atts[2 * i + 1];
		a->llen = 0;
		if (!sep) {
			a->ns = "", a->local = name;
			continue;
		}
		const char *local = sep + 1, *end = strchr(local, SL_NS_SEP);
		size_t nl = (size_t)(sep - name), ll = end ? (size_t)(end - local) : strlen(local);
		char *p = d->names + used;
		memcpy(p, name, nl), p[nl] = '\0';
		memcpy(p + nl + 1, local, ll), p[nl + 1 + ll] = '\0';
		a->ns = own_ns(d, name, nl) ? "" : p;
		a->local = p + nl + 1;
		used += nl + ll + 2;
	}
	return true;
}

/* What split_tag() found besides the split. */
enum { SPLIT_FAILED, SPLIT_DONE, SPLIT_MAYBE_PASSWORD };

/* Splits the start tag's element namespace and attributes for the engine.  The common
 * case, no namespace anywhere, is one strchrnul() per attribute name (a vector scan for
 * the separator or the end, without a branch per byte) and no copy; the same pass notes
 * whether a name starts with 'p', the only names password() must look at.  Returns
 * SPLIT_FAILED when memory ran out, SPLIT_MAYBE_PASSWORD when password() must run (a
 * name with a 'p' or a namespace), else SPLIT_DONE. */
static int split_tag(sl_deleg *d, const sl_start *st, const char **ns)
{
	if (st->nattrs > d->attrcap &&
	    !sl_grow_to((void **)&d->attrs, &d->attrcap, st->nattrs - 1, sizeof *d->attrs))
		return SPLIT_FAILED;
	if (!own_ns(d, st->ns, st->nslen))
		return split_tag_ns(d, st, ns) ? SPLIT_MAYBE_PASSWORD : SPLIT_FAILED;
	bool p = false;
	dg_attr *a = d->attrs; /* NULL until a tag has attributes: no arithmetic on it then */
	const char **at = st->atts;
	for (size_t n = st->nattrs; n; n--, a++, at += 2) {
		const char *name = at[0], *end = strchrnul(name, SL_NS_SEP);
		if (*end)
			return split_tag_ns(d, st, ns) ? SPLIT_MAYBE_PASSWORD : SPLIT_FAILED;
		p |= name[0] == 'p';
		*a = (dg_attr){ "", name, at[1], (size_t)(end - name) };
	}
	*ns = "";
	return p ? SPLIT_MAYBE_PASSWORD : SPLIT_DONE;
}

/* SL503: a password in the embedded domain (only secure dumps carry one). */
static void password(sl_deleg *d, const sl_start *st)
{
	for (size_t i = 0; i < st->nattrs; i++)
		if (st->atts[2 * i][0] == 'p' && !strcmp(st->atts[2 * i], "passwd")) {
			char name[SL_ARG_MAX + 4];
			sl_sink_emit(d->sink, SL_R_DOMAIN_PASSWORD, sl_start_attr_pos(st, i),
			             "keep secrets out of files headed for version control: dump without --security-info",
			             "passwd", sl_shorten(name, st->local, strlen(st->local)), NULL);
		}
}

/* The delegated element's start tag: a warm engine, the entry begun. */
static bool begin(sl_deleg *d, unsigned kind)
{
	if (!d->engine) {
		d->engine = dg_new(0, on_finding, d);
		d->owned = d->engine != NULL;
	}
	if (!d->engine) {
		d->hit_limit = true;
		return false;
	}
	dg_set_emit(d->engine, on_finding, d);
	dg_begin(d->engine, d->grammar, (dg_entry)sl_kinds[kind].entry);
	return true;
}

/* Kept out of line (GCC and clang): the text and end-tag paths of sl_deleg_step, most
 * of the delegated events, then save no registers for it. */
#if defined(__GNUC__)
#define SL_NOINLINE __attribute__((noinline))
#else
#define SL_NOINLINE
#endif
static SL_NOINLINE void start(sl_deleg *d, const sl_event *ev)
{
	const sl_start *st = ev->start;
	const char *ns;
	if (ev->kind && !d->active)
		d->active = begin(d, ev->kind); /* emits nothing: password() may come after it */
	if (!d->active) {
		password(d, st);
		return;
	}
	int split = split_tag(d, st, &ns);
	if (split != SPLIT_DONE) /* its findings before the engine's, as always */
		password(d, st);
	if (split == SPLIT_FAILED) {
		sl_sink_emit(d->sink, SL_R_LIMIT, st->pos, NULL, "out of memory", NULL, NULL);
		d->hit_limit = true, d->active = false;
		return;
	}
	d->st = st;
	dg_start(d->engine, ns, st->local, st->llen, st->hash, d->attrs, st->nattrs, st->pos.line, st->pos.col,
	         attr_pos, d);
}

/* The position of the text or end tag being fed, asked by the engine only when it needs
 * it (the adapter counts lines and columns on demand). */
static void event_pos(void *pctx, unsigned long *line, unsigned long *col)
{
	const sl_deleg *d = pctx;
	sl_pos at;
	d->ev->locate(d->ev->pos_ctx, &at);
	*line = at.line, *col = at.col;
}

/* An end tag while a subtree is open: the engine's, and the end of the delegation when
 * it closes the entry element.  Out of line, as start(): sl_deleg_step keeps no register
 * across a call and saves none. */
static SL_NOINLINE void end(sl_deleg *d)
{
	if (dg_end(d->engine, event_pos, d))
		d->active = false;
}

/* One delegated event: a start tag to start(), a text or end tag to the engine while a
 * subtree is open; each ends in a tail call (no frame of its own here). */
void sl_deleg_step(sl_deleg *d, const sl_event *ev)
{
	if (ev->type == SL_EV_START) {
		start(d, ev);
		return;
	}
	if (!d->active)
		return;
	d->ev = ev;
	if (ev->type == SL_EV_TEXT)
		dg_text(d->engine, ev->text, ev->len, event_pos, d);
	else if (ev->type == SL_EV_END)
		end(d);
}
