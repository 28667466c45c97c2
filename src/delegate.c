/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* delegate.c - feeds a delegated subtree to the generated domain tier (dgrammar.c) and
 * turns its findings into the document's: same sink, same positions, so severities and
 * suppressions apply to them as to every finding.  Also the one lint rule of the
 * embedded domain that no schema states: a password attribute (SL503).
 */
#include <stdlib.h>
#include <string.h>

#include "delegate.h"
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

void sl_deleg_free(sl_deleg *d)
{
	if (d->owned)
		dg_free(d->engine);
	free(d->attrs);
	free(d->names);
	memset(d, 0, sizeof *d);
}

/* The engine's findings, into the document's sink. */
static void on_finding(void *ctx, sl_rule rule, unsigned long line, unsigned long col,
                       const char *hint, const char *a1, const char *a2, const char *a3)
{
	sl_deleg *d = ctx;
	if (rule == SL_R_LIMIT)
		d->hit_limit = true;
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
	if (n <= d->namecap)
		return true;
	char *p = realloc(d->names, n);
	if (!p)
		return false;
	d->names = p, d->namecap = n;
	return true;
}

/* Splits the start tag's element namespace and attributes for the engine: "uri\1local"
 * names are copied into d->names as "uri\0local\0" (the element's namespace first).
 * Each name is searched for the separator once: the first pass keeps what it found in
 * the attribute's `local` until the second fills it in. */
static bool split_tag(sl_deleg *d, const sl_start *st, const char **ns)
{
	while (st->nattrs > d->attrcap)
		if (!sl_grow((void **)&d->attrs, &d->attrcap, d->attrcap, sizeof *d->attrs))
			return false;
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

static void start(sl_deleg *d, const sl_event *ev)
{
	const sl_start *st = ev->start;
	const char *ns;
	password(d, st);
	if (ev->kind && !d->active)
		d->active = begin(d, ev->kind);
	if (!d->active)
		return;
	if (!split_tag(d, st, &ns)) {
		sl_sink_emit(d->sink, SL_R_LIMIT, st->pos, NULL, "out of memory", NULL, NULL);
		d->hit_limit = true, d->active = false;
		return;
	}
	d->st = st;
	dg_start(d->engine, ns, st->local, d->attrs, st->nattrs, st->pos.line, st->pos.col,
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

void sl_deleg_step(sl_deleg *d, const sl_event *ev)
{
	if (ev->type == SL_EV_START) {
		start(d, ev);
	} else if (ev->type == SL_EV_TEXT && d->active) {
		d->ev = ev;
		dg_text(d->engine, ev->text, ev->len, event_pos, d);
	} else if (ev->type == SL_EV_END && d->active) {
		d->ev = ev;
		if (dg_end(d->engine, event_pos, d))
			d->active = false;
	}
}
