/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* internal.h - types shared by the core's stages (never included by the CLI's users).
 *
 * Ownership: everything here belongs to one sl_doc and is released by sl_doc_free().
 */
#ifndef SL_INTERNAL_H
#define SL_INTERNAL_H

#include <expat.h>

#include "datatype.h"
#include "grammar.h"
#include "semantic.h"
#include "snaplint.h"

/* A position in the document: 1-based line and column (characters). */
typedef struct sl_pos {
	unsigned long line, col;
} sl_pos;

/* A finding before rendering. */
typedef struct sl_raw_diag {
	sl_rule rule;
	sl_pos pos;
	size_t seq;   /* emission order, the tie-breaker of the sort */
	size_t msg;   /* offsets into the string arena */
	size_t hint;  /* SIZE_MAX when none */
} sl_raw_diag;

/* A growable byte arena for rendered strings. */
typedef struct sl_arena {
	char *buf;
	size_t len, cap;
} sl_arena;

/* The most findings kept per document; the rest are counted (bounded memory). */
#define SL_MAX_DIAGS 10000

/* The longest argument quoted in a message, in bytes, before it is shortened. */
#define SL_ARG_MAX 72

/* A list of findings: raw while they arrive, rendered and sorted at the end.  The
 * documents and the cross-document stage each own sinks. */
typedef struct sl_sink {
	sl_raw_diag *raw;
	size_t nraw, capraw, dropped;
	sl_arena strings;
	sl_diag *diags;     /* rendered, sorted */
	size_t ndiags;
	bool rendered;
	bool closed;        /* past the cap, only the final summary is taken */
} sl_sink;

/* Inline suppressions (suppress.c): one record per rule named in a directive. */
typedef enum { SL_SUPP_DISABLE, SL_SUPP_ENABLE, SL_SUPP_NEXT, SL_SUPP_FILE } sl_supp_kind;
typedef struct sl_suppression {
	sl_supp_kind kind;
	sl_rule rule;      /* SL_RULE_COUNT: all rules */
	sl_pos at;         /* the comment */
	sl_pos from, to;   /* the region: from <= finding < to (disable-next: <= to) */
	int depth;         /* disable-next: the element's depth once it started, else -1 */
	bool used;
} sl_suppression;

typedef struct sl_supps {
	sl_suppression *r;
	size_t n, cap;
	bool pending_next;  /* a disable-next waits for the next start tag */
	size_t open_next;   /* disable-next records waiting for their end tag */
} sl_supps;

void sl_supp_comment(sl_doc *doc, const char *text, sl_pos at);
void sl_supp_start(sl_doc *doc, sl_pos at, unsigned depth);
void sl_supp_end(sl_doc *doc, sl_pos at, unsigned depth);

struct sl_doc {
	sl_options opt;
	XML_Parser parser;
	sl_grammar g;       /* the grammar machine */
	sl_kind kind;
	char *root;         /* root element name as written */
	unsigned long root_line, root_col;
	sl_sem sem;         /* the semantic stage's records */
	sl_mode mode;       /* as checked (inferred for auto) */
	char *root_ns;      /* its namespace, when it wrongly has one */
	char head[2];       /* the first bytes, for the byte order mark check */
	unsigned nhead;
	bool head_checked;
	bool stopped;       /* expat cannot go on */
	bool finished;
	bool hit_limit;
	unsigned long long fed;      /* bytes fed so far */
	unsigned long long event_at; /* where the latest piece with an event ended */
	bool saw_event;              /* an event in the piece being parsed */
	sl_sink sink;
	sl_supps supps;     /* inline suppressions */
	sl_sink late;       /* unused-suppression findings, made when asked for */
};

/* Reports a finding into a sink.  `a1`..`a3` are NUL-terminated strings (NULL allowed),
 * quoted into the rule's template; `hint` may be NULL. */
void sl_sink_emit(sl_sink *sink, sl_rule rule, sl_pos pos, const char *hint, const char *a1,
                  const char *a2, const char *a3);
/* Puts `prefix` before the message of raw finding `i` (before rendering). */
void sl_sink_reword(sl_sink *sink, size_t i, const char *prefix);
/* Sorts the findings by position and renders them; idempotent. */
void sl_sink_render(sl_sink *sink);
void sl_sink_free(sl_sink *sink);
/* sl_sink_emit() into a document's sink. */
void sl_emit(sl_doc *doc, sl_rule rule, sl_pos pos, const char *hint, const char *a1,
             const char *a2, const char *a3);

/* Shortens `s` (of `len` bytes) for quoting in a message into `out` (SL_ARG_MAX + 4
 * bytes), cutting at a UTF-8 boundary and marking the cut with "...". */
const char *sl_shorten(char *out, const char *s, size_t len);

#endif
