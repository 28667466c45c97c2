/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dgrammar.h - the generated tier: validates a <domain> or <inactiveDomain> subtree
 * exactly against one libvirt version's domain RELAX NG grammar (src/dg/ tables).
 *
 * The engine is James Clark's derivative algorithm with one pattern state per open
 * element, hash-consed run-time patterns above the static table ids and memoised
 * transitions (../shared/design/domain-grammar.md section 5.3).  It is fed the events of
 * one entry element's subtree, like SAX: dg_begin, then dg_start/dg_text/dg_end until
 * dg_end returns true.  Findings go to the caller's emit function with the schema rules
 * SL201..SL213 (and SL106 when the memory cap is reached); one pass reports every
 * deviation, skipping the subtree of an element that is not allowed.
 *
 * Memory: the arena, memo tables and frame stack together never exceed the cap given to
 * dg_new(); they are kept across documents of the same grammar (the transitions are
 * pure functions of their keys) and dropped when the cap was reached or the grammar
 * changes.  Ownership: the engine owns everything it allocates; dg_free(NULL) is a no-op.
 * Strings passed to the event functions are only read during the call.
 */
#ifndef SL_DGRAMMAR_H
#define SL_DGRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

typedef struct dg_grammar dg_grammar; /* one version's tables */

/* libvirt 12.8.0's grammar, the default. */
const dg_grammar *dg_grammar_default(void);
/* The grammar of libvirt `version` ("9.0.0" ... "12.8.0"), or NULL if none is built in. */
const dg_grammar *dg_grammar_find(const char *version);
const char *dg_grammar_version(const dg_grammar *g);
/* The i-th built-in grammar, oldest first, or NULL past the last. */
const dg_grammar *dg_grammar_at(size_t i);

typedef enum {
	DG_ENTRY_DOMAIN,          /* domain.rng's root <domain> (--domain-xml) */
	DG_ENTRY_INACTIVE_DOMAIN, /* <inactiveDomain> of a snapshot */
	DG_ENTRY_SNAPSHOT_DOMAIN, /* <domain> of a snapshot: legacy uuid-only or full */
	DG_ENTRY_CHECKPOINT_DOMAIN
} dg_entry;

typedef struct dg_engine dg_engine;
/* A finding: rule, position, hint (or NULL) and the template's arguments (or NULL). */
typedef void dg_emit_fn(void *ctx, sl_rule rule, unsigned long line, unsigned long col,
                        const char *hint, const char *a1, const char *a2, const char *a3);

/* The default memory cap: 4 MiB, so that with the rest of snaplint (about 3 MiB) a
 * document that reaches it still peaks under SPEC's 8 MiB (6.9 MiB measured: tests/hostile.sh
 * domain-disk-orders-25k); libvirt's own domains need under 1 MiB (tests/dg-bench.sh). */
#define DG_CAP_DEFAULT ((size_t)4 << 20)

/* A new engine whose memory stays under cap_bytes (0: DG_CAP_DEFAULT); NULL when out of
 * memory. */
dg_engine *dg_new(size_t cap_bytes, dg_emit_fn *emit, void *ctx);
void dg_free(dg_engine *e);
/* Where the next findings go (an engine kept warm across documents gets each
 * document's own). */
void dg_set_emit(dg_engine *e, dg_emit_fn *emit, void *ctx);

/* Starts an entry element's subtree.  The start tag of the entry element itself is the
 * first dg_start() call. */
void dg_begin(dg_engine *e, const dg_grammar *g, dg_entry entry);

/* names: namespace URI ("" for none) and local name; attrs: n of them.  llen is
 * strlen(local) when the caller has it at hand (0: the engine measures it). */
typedef struct dg_attr {
	const char *ns, *local, *value;
	size_t llen;
} dg_attr;

/* A start tag at line:col (its '<').  llen is strlen(local); lhash is a hash of `local`
 * (any function, the same for every call on an engine: the adapter's sl_start.hash), by
 * which the engine finds the name's symbol without hashing it again.  attr_pos gives the
 * position of attribute i; it is called only when a finding names that attribute. */
void dg_start(dg_engine *e, const char *ns, const char *local, size_t llen, uint32_t lhash,
              const dg_attr *attrs,
              size_t nattrs, unsigned long line, unsigned long col,
              void (*attr_pos)(void *pctx, size_t i, unsigned long *line, unsigned long *col),
              void *pctx);
/* Where the current text piece or end tag is (line, column of its first character).
 * Asked only when the engine needs it: once per run of text, at its first piece with a
 * non-whitespace character, and when a finding names an end tag; so a caller whose
 * positions cost something (expat's are counted on demand) pays only then. */
typedef void dg_pos_fn(void *pctx, unsigned long *line, unsigned long *col);

/* Character data, split anywhere; pos(pctx) gives the position of this piece's start.
 * Findings about whitespace-only text name the element's start tag. */
void dg_text(dg_engine *e, const char *s, size_t len, dg_pos_fn *pos, void *pctx);
/* An end tag, at pos(pctx); returns true when it closes the entry element (delegation
 * over). */
bool dg_end(dg_engine *e, dg_pos_fn *pos, void *pctx);

/* The local name of the open element `up` levels out from the innermost (0: the
 * innermost; "" for the entry's parent and past): where a finding is, for its callers. */
const char *dg_open_name(const dg_engine *e, size_t up);

/* Counters for tests and benchmarks. */
typedef struct dg_stats {
	size_t nodes;     /* run-time arena nodes */
	size_t memo;      /* memo entries */
	size_t bytes;     /* memory in use */
	size_t misses;    /* transitions computed, not found in the memo */
	size_t findings;  /* findings emitted since dg_new */
} dg_stats;
void dg_get_stats(const dg_engine *e, dg_stats *st);

#endif
