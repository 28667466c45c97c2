/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suppress.h - the suppressions stage: reads `<!-- snaplint-... -->` comments while
 * parsing and marks the regions they cover; asked about every finding at report time.
 *
 * Ownership: the records belong to the embedding document, freed by sl_supps_free().
 */
#ifndef SL_SUPPRESS_H
#define SL_SUPPRESS_H

#include "event.h"
#include "sink.h"
#include "snaplint.h"

/* One record per rule named in a directive. */
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

/* Takes every event, skipped or not (a disable-next covers an unchecked subtree too):
 * comments are read, start and end tags delimit disable-next regions.  Directives that
 * cannot be followed are reported into `sink` (SL506). */
void sl_supps_event(sl_supps *s, const sl_event *ev, sl_sink *sink);
/* `type` is ev->type, passed by the driver as a constant, so that the test folds. */
static inline void sl_supps_step(sl_supps *s, const sl_event *ev, sl_sink *sink, sl_ev_type type)
{
	/* inline: text never matters, and tags only while a disable-next is waiting or open */
	if (type == SL_EV_COMMENT || (type == SL_EV_START && s->pending_next) ||
	    (type == SL_EV_END && s->open_next))
		sl_supps_event(s, ev, sink);
}
/* True when a record covers a finding of `rule` at `p` (the record is marked used). */
bool sl_supps_covers(sl_supps *s, sl_rule rule, sl_pos p);
/* One SL505 finding per record that covered nothing asked about, rendered into `late`
 * (emptied first); resets the marks. */
size_t sl_supps_unused(sl_supps *s, sl_sink *late, const sl_diag **out);
void sl_supps_free(sl_supps *s);

#endif
