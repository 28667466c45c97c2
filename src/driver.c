/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* driver.c - the document driver: owns one document's stages and is the only code that
 * knows their order (src/README).  Implements the sl_doc part of the public API.
 *
 * Every event from the XML adapter goes, in this order, through
 *     grammar (validates, annotates kind, role, fact, skip, delegated)
 *  -> for a delegated subtree (the embedded domain): its roles and facts from the path
 *     table (domroles.c), then the generated tier (delegate.c, dgrammar.c)
 *  -> facts (captures the marked text)
 *  -> semantic (a handler per role; cparser.c inside it)
 *  -> suppressions (every tag and comment, skipped or not)
 * and each stage writes its findings to the document's sink.  No stage calls another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delegate.h"
#include "domroles.h"
#include "facts.h"
#include "glue.h"
#include "grammar.h"
#include "semantic.h"
#include "sink.h"
#include "suppress.h"

struct sl_doc {
	sl_options opt;
	sl_glue *glue;       /* the XML adapter; NULL after sl_doc_finish() */
	sl_sink sink;        /* every stage's findings */
	sl_grammar grammar;
	sl_domroles roles;   /* the delegated domain's roles and facts */
	sl_deleg deleg;      /* the generated domain tier */
	sl_facts facts;
	sl_sem sem;
	sl_supps supps;
	sl_sink late;        /* unused-suppression findings, made when asked for */
	sl_kind kind;
	char *root;          /* root element name as written */
	char *root_ns;       /* its namespace, when it wrongly has one */
	sl_pos root_pos;
	sl_mode mode;        /* as checked (inferred for auto) */
	bool stopped;        /* the parse stopped early */
	bool hit_limit;
	bool finished;
};

/* Recognises the document by its root element: its grammar kind, or false to stop. */
static bool start_root(sl_doc *doc, const sl_start *st)
{
	const char *local = st->local;
	size_t n = strlen(local);
	unsigned kind;
	doc->root = malloc(n + 1);
	if (doc->root)
		memcpy(doc->root, local, n + 1);
	doc->root_pos = st->pos;
	if (!strcmp(local, "domainsnapshot"))
		doc->kind = SL_KIND_SNAPSHOT, kind = SL_KIND_ID_SNAPSHOT;
	else if (!strcmp(local, "domaincheckpoint"))
		doc->kind = SL_KIND_CHECKPOINT, kind = SL_KIND_ID_CHECKPOINT;
	else if (!strcmp(local, "domain") && doc->opt.domain_root)
		doc->kind = SL_KIND_DOMAIN, kind = SL_KIND_ID_DOMAIN;
	else {
		doc->kind = SL_KIND_OTHER;
		if (doc->opt.other_root_is_error) {
			char name[SL_ARG_MAX + 4];
			sl_sink_emit(&doc->sink, SL_R_UNKNOWN_ROOT, st->pos,
			             "snaplint checks libvirt snapshot and checkpoint XML only",
			             sl_shorten(name, local, n), NULL, NULL);
		}
		return false;
	}
	if (st->nslen) {
		char ns[SL_ARG_MAX + 4];
		sl_sink_emit(&doc->sink, SL_R_ROOT_NAMESPACE, st->pos,
		             "remove the xmlns attribute: libvirt's parser ignores every child of a namespaced root",
		             local, sl_shorten(ns, st->ns, st->nslen), NULL);
		if ((doc->root_ns = malloc(st->nslen)))
			memcpy(doc->root_ns, st->ns, st->nslen);
	}
	sl_grammar_set_root(&doc->grammar, kind, doc->root_ns, st->nslen);
	sl_domroles_set_ns(&doc->roles, doc->root_ns, st->nslen);
	sl_deleg_set_ns(&doc->deleg, doc->root_ns, st->nslen);
	return true;
}

/* The stages, in their order, per event type; a stage that has nothing to do with a type
 * is not called for it:
 *
 *   type     grammar  domain roles+tier  facts       semantic        suppressions
 *   START    yes      when delegated     not skipped not skipped     yes
 *   TEXT     yes      when delegated     not skipped no (no handler) no (text never matters)
 *                     (roles: only while
 *                     facts capture)
 *   END      yes      when delegated     not skipped not skipped     yes
 *   COMMENT  no       no                 no          no              unless --no-inline-config
 *
 * The adapter calls the handler of the event's type; each stage is a direct call from
 * it, and facts and semantic test inline whether the event concerns them. */

/* The stages after the grammar for a start or end tag (`type`, a constant where it is
 * inlined: the inline stages test it once, at compile time). */
static inline void tag_stages(sl_doc *doc, sl_event *ev, sl_ev_type type)
{
	if (ev->delegated) {
		sl_domroles_step(&doc->roles, ev, type);
		sl_deleg_step(&doc->deleg, ev);
	}
	if (!ev->skip) {
		sl_facts_step(&doc->facts, ev, type);
		sl_sem_step(&doc->sem, ev, &doc->sink, type);
	}
}

/* The handlers the XML adapter calls, one per event type; false stops the parse. */

static bool start_event(void *ctx, sl_event *ev)
{
	sl_doc *doc = ctx;
	bool go = true;
	ev->depth = sl_grammar_depth(&doc->grammar);
	if (!ev->depth && !doc->root)
		go = start_root(doc, ev->start);
	if (go && !(go = sl_grammar_start(&doc->grammar, ev)))
		doc->hit_limit = true; /* the depth cap, or memory */
	if (go)
		tag_stages(doc, ev, SL_EV_START);
	sl_supps_step(&doc->supps, ev, &doc->sink, SL_EV_START);
	return go;
}

static bool text_event(void *ctx, sl_event *ev)
{
	sl_doc *doc = ctx;
	if (!sl_grammar_text(&doc->grammar, ev))
		return true; /* whitespace between elements, or unchecked: nothing for the rest */
	if (ev->delegated) {
		/* a text's role annotation (ev->data) is read by the facts stage only, and only
		 * while it captures a fact: most text (whitespace) goes to the generated tier
		 * alone (a delegated text is never skipped) */
		if (!doc->facts.capturing) {
			sl_deleg_step(&doc->deleg, ev);
			return true;
		}
		sl_domroles_step(&doc->roles, ev, SL_EV_TEXT);
		sl_deleg_step(&doc->deleg, ev);
	}
	if (!ev->skip)
		sl_facts_text(&doc->facts, ev);
	return true;
}

static bool end_event(void *ctx, sl_event *ev)
{
	sl_doc *doc = ctx;
	ev->depth = sl_grammar_depth(&doc->grammar);
	sl_grammar_end(&doc->grammar, ev);
	tag_stages(doc, ev, SL_EV_END);
	sl_supps_step(&doc->supps, ev, &doc->sink, SL_EV_END);
	return true;
}

static bool comment_event(void *ctx, sl_event *ev)
{
	sl_doc *doc = ctx;
	ev->depth = sl_grammar_depth(&doc->grammar);
	if (!doc->opt.no_inline_config)
		sl_supps_step(&doc->supps, ev, &doc->sink, SL_EV_COMMENT);
	return true;
}

static const sl_glue_handlers handlers = {
	.on = {[SL_EV_START] = start_event, [SL_EV_TEXT] = text_event, [SL_EV_END] = end_event,
	       [SL_EV_COMMENT] = comment_event}};

sl_doc *sl_doc_new(const sl_options *opt)
{
	sl_doc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	if (opt)
		doc->opt = *opt;
	if (!doc->opt.limits.max_depth)
		doc->opt.limits.max_depth = 256;
	if (!doc->opt.limits.max_token)
		doc->opt.limits.max_token = SL_MAX_TOKEN_DEFAULT;
	/* the domain tier follows the target (--target-libvirt) unless a grammar is given;
	 * SL214 names the target as given when the domain grammar is the target's */
	const dg_grammar *target = doc->opt.target_schema ? dg_grammar_find(doc->opt.target_schema) : NULL;
	if (!doc->opt.dg_grammar)
		doc->opt.dg_grammar = target;
	sl_deleg_init(&doc->deleg, &doc->sink, doc->opt.dg_grammar, doc->opt.dg_engine);
	if (target && doc->opt.dg_grammar == target)
		sl_deleg_set_target(&doc->deleg, doc->opt.target_libvirt);
	doc->glue = sl_glue_new(&doc->opt, &doc->sink, &handlers, doc);
	if (!doc->glue || !sl_grammar_init(&doc->grammar, &doc->sink, doc->opt.limits.max_depth)) {
		sl_doc_free(doc);
		return NULL;
	}
	sl_grammar_set_target(&doc->grammar, doc->opt.target_schema, doc->opt.target_libvirt);
	return doc;
}

bool sl_doc_feed(sl_doc *doc, const char *buf, size_t len)
{
	if (doc->finished)
		return false;
	return sl_glue_feed(doc->glue, buf, len);
}

/* The document-level rules: what the semantic stage reads besides its own records. */
static void finish_semantic(sl_doc *doc)
{
	const sl_doc *live = doc->opt.live;
	sl_sem_env env = {.opt = &doc->opt, .kind = doc->kind, .root = doc->root_pos,
	                  .stopped = doc->stopped, .facts = &doc->facts,
	                  .live = live ? &live->sem : NULL, .live_facts = live ? &live->facts : NULL};
	doc->mode = sl_sem_finish(&doc->sem, &env, &doc->sink);
	sl_sem_release(&doc->sem); /* the domain's disks stay, for use as a live domain */
}

void sl_doc_finish(sl_doc *doc)
{
	if (doc->finished)
		return;
	sl_glue_finish(doc->glue);
	doc->finished = true;
	doc->stopped = sl_glue_stopped(doc->glue);
	doc->hit_limit |= sl_glue_hit_limit(doc->glue) || doc->deleg.hit_limit;
	sl_deleg_free(&doc->deleg); /* an owned engine is freed, a borrowed one returned */
	finish_semantic(doc);
	doc->sink.closed = true; /* lets the summary below past the cap */
	sl_glue_free(doc->glue); /* only the findings and facts outlive the parse */
	doc->glue = NULL;
	sl_grammar_free(&doc->grammar);
	if (doc->sink.dropped) {
		char msg[120];
		snprintf(msg, sizeof msg, "%zu further findings were not kept", doc->sink.dropped);
		sl_sink_emit(&doc->sink, SL_R_LIMIT, (sl_pos){1, 1}, NULL, msg, NULL, NULL);
	}
	sl_sink_render(&doc->sink);
}

void sl_doc_free(sl_doc *doc)
{
	if (!doc)
		return;
	sl_glue_free(doc->glue);
	sl_grammar_free(&doc->grammar);
	sl_deleg_free(&doc->deleg);
	sl_sink_free(&doc->sink);
	sl_sink_free(&doc->late);
	sl_supps_free(&doc->supps);
	sl_sem_free(&doc->sem);
	free(doc->root);
	free(doc->root_ns);
	free(doc);
}

sl_kind sl_doc_kind(const sl_doc *doc)
{
	return doc->kind;
}

const char *sl_doc_root(const sl_doc *doc)
{
	return doc->root;
}

bool sl_doc_hit_limit(const sl_doc *doc)
{
	return doc->hit_limit || (doc->glue && sl_glue_hit_limit(doc->glue));
}

size_t sl_doc_ndiags(const sl_doc *doc)
{
	return doc->sink.ndiags;
}

const sl_diag *sl_doc_diag(const sl_doc *doc, size_t i)
{
	return i < doc->sink.ndiags ? &doc->sink.diags[i] : NULL;
}

bool sl_doc_fact(const sl_doc *doc, sl_fact fact, sl_fact_value *out)
{
	return sl_facts_get(&doc->facts, fact, out);
}

bool sl_doc_suppresses(sl_doc *doc, sl_rule rule, unsigned long line, unsigned long col)
{
	return doc && sl_supps_covers(&doc->supps, rule, (sl_pos){line, col});
}

size_t sl_doc_unused_suppressions(sl_doc *doc, const sl_diag **out)
{
	return sl_supps_unused(&doc->supps, &doc->late, out);
}

sl_mode sl_doc_mode(const sl_doc *doc)
{
	return doc->mode;
}

const char *sl_mode_name(sl_mode mode)
{
	static const char *const names[] = {"auto", "create", "redefine", "stored"};
	return names[mode];
}

const char *sl_kind_name(sl_kind kind)
{
	static const char *const names[] = {"unknown", "snapshot", "checkpoint", "other", "domain"};
	return names[kind];
}
