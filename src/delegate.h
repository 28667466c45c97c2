/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* delegate.h - the second grammar tier as a stage: feeds the events of a delegated
 * subtree (<domain>, <inactiveDomain>, a domain root; ev->delegated) to the generated
 * domain grammar engine (dgrammar.h) and writes its findings to the document's sink.
 *
 * The engine is the caller's (sl_options.dg_engine, kept warm across documents) or,
 * when none is given, the delegate's own, made at the first delegated element and freed
 * with it.  Ownership: embedded in sl_doc; sl_deleg_free() releases what it owns.
 */
#ifndef SL_DELEGATE_H
#define SL_DELEGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "dgrammar.h"
#include "event.h"
#include "sink.h"

typedef struct sl_deleg {
	const dg_grammar *grammar; /* the domain grammar (never NULL after init) */
	dg_engine *engine;         /* borrowed or owned (owned), NULL before the first use */
	bool owned;
	bool active;               /* the engine has a subtree open */
	bool hit_limit;            /* the engine reported a limit (SL106) or memory ran out */
	sl_sink *sink;
	const sl_start *st;        /* the start tag being fed, for attribute positions */
	const sl_event *ev;        /* the text or end tag being fed, for its position */
	const char *root_ns;       /* the root's wrong namespace, read as none below it */
	size_t root_nslen;
	dg_attr *attrs;            /* scratch: the start tag's attributes, split */
	size_t attrcap;
	char *names;               /* scratch: their namespaces and local names */
	size_t namecap;
	const char *target_name;   /* --target-libvirt as given, for SL214; NULL: the schemas' */
} sl_deleg;

/* grammar NULL: dg_grammar_default(); engine NULL: the delegate makes its own. */
void sl_deleg_init(sl_deleg *d, sl_sink *sink, const dg_grammar *grammar, dg_engine *engine);
void sl_deleg_set_ns(sl_deleg *d, const char *ns, size_t nslen);
/* The target as the user named it (--target-libvirt=9.8), for SL214's message; NULL:
 * the release of the grammar's schemas.  Not copied. */
void sl_deleg_set_target(sl_deleg *d, const char *name);
/* One delegated event (start, text or end). */
void sl_deleg_step(sl_deleg *d, const sl_event *ev);
void sl_deleg_free(sl_deleg *d);

#endif
