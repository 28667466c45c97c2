/* internal.h - types shared by the core's stages (never included by the CLI's users).
 *
 * Ownership: everything here belongs to one sl_doc and is released by sl_doc_free().
 */
#ifndef SL_INTERNAL_H
#define SL_INTERNAL_H

#include <expat.h>

#include "datatype.h"
#include "grammar.h"
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

struct sl_doc {
	sl_options opt;
	XML_Parser parser;
	sl_grammar g;       /* the grammar machine */
	sl_kind kind;
	char *root;         /* root element name as written */
	char *root_ns;      /* its namespace, when it wrongly has one */
	char head[2];       /* the first bytes, for the byte order mark check */
	unsigned nhead;
	bool head_checked;
	bool stopped;       /* expat cannot go on */
	bool finished;
	bool hit_limit;
	bool rendered;

	sl_raw_diag *raw;
	size_t nraw, capraw, dropped;
	sl_arena strings;
	sl_diag *diags;     /* rendered, sorted */
	size_t ndiags;
};

/* Reports a finding.  `args` are NUL-terminated strings (NULL entries allowed), quoted
 * into the rule's template; `hint` may be NULL. */
void sl_emit(sl_doc *doc, sl_rule rule, sl_pos pos, const char *hint, const char *a1,
             const char *a2, const char *a3);
/* Renders and sorts the findings (after the parse). */
void sl_diag_render(sl_doc *doc);
void sl_diag_free(sl_doc *doc);

/* Shortens `s` (of `len` bytes) for quoting in a message into `out` (SL_ARG_MAX + 4
 * bytes), cutting at a UTF-8 boundary and marking the cut with "...". */
const char *sl_shorten(char *out, const char *s, size_t len);

#endif
