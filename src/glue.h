/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* glue.h - the XML adapter: expat's callbacks turned into sl_events with 1-based
 * positions, plus the XML hygiene rules (not well-formed, DOCTYPE, encoding, byte order
 * mark, the token limit).  Nothing else: it knows no stage.
 *
 * It hands every event to the driver's handler for its type and never looks at what the
 * handler did with it, except that a false return stops the parse.  Ownership: the
 * caller owns the adapter (sl_glue_free) and the sink it writes to.
 */
#ifndef SL_GLUE_H
#define SL_GLUE_H

#include "event.h"
#include "sink.h"
#include "snaplint.h"

typedef struct sl_glue sl_glue;

/* Takes one event; returns false to stop the parse. */
typedef bool sl_glue_handler(void *ctx, sl_event *ev);

/* The handler of each event type (indexed by sl_ev_type): one indirect call per event,
 * straight to the code for its type. */
typedef struct sl_glue_handlers {
	sl_glue_handler *on[4];
} sl_glue_handlers;

/* A new adapter handing events to `h` (copied) with `ctx`; NULL when memory is exhausted. */
sl_glue *sl_glue_new(const sl_options *opt, sl_sink *sink, const sl_glue_handlers *h, void *ctx);
/* Parses the next chunk; false once the document cannot be parsed further. */
bool sl_glue_feed(sl_glue *x, const char *buf, size_t len);
/* Ends the input (expat's final parse). */
void sl_glue_finish(sl_glue *x);
void sl_glue_free(sl_glue *x);
/* The parse stopped early: not well-formed, refused, or a limit. */
bool sl_glue_stopped(const sl_glue *x);
/* The token limit stopped it. */
bool sl_glue_hit_limit(const sl_glue *x);

#endif
