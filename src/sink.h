/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sink.h - where every stage writes its findings: a list of raw findings (rule,
 * position, arguments quoted into the catalogue's template), sorted and rendered once.
 *
 * A stage gets the sink, never the document.  Ownership: a sink belongs to whoever
 * embeds it (a document, the cross-document stage) and is released by sl_sink_free().
 */
#ifndef SL_SINK_H
#define SL_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"
#include "snaplint.h"

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

/* A list of findings: raw while they arrive, rendered and sorted at the end. */
typedef struct sl_sink {
	sl_raw_diag *raw;
	size_t nraw, capraw, dropped;
	sl_arena strings;
	sl_diag *diags;     /* rendered, sorted */
	size_t ndiags;
	bool rendered;
	bool closed;        /* past the cap, only the final summary is taken */
} sl_sink;

/* Reports a finding.  `a1`..`a3` are NUL-terminated strings (NULL allowed), quoted into
 * the rule's template; `hint` may be NULL. */
void sl_sink_emit(sl_sink *sink, sl_rule rule, sl_pos pos, const char *hint, const char *a1,
                  const char *a2, const char *a3);
/* Puts `prefix` before the message of raw finding `i` (before rendering). */
void sl_sink_reword(sl_sink *sink, size_t i, const char *prefix);
/* Sorts the findings by position and renders them; idempotent. */
void sl_sink_render(sl_sink *sink);
void sl_sink_free(sl_sink *sink);

/* Shortens `s` (of `len` bytes) for quoting in a message into `out` (SL_ARG_MAX + 4
 * bytes), cutting at a UTF-8 boundary and marking the cut with "...". */
const char *sl_shorten(char *out, const char *s, size_t len);

#endif
