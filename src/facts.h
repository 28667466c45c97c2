/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* facts.h - the facts stage: the values later stages read (sl_fact in snaplint.h),
 * captured from the text of the elements the grammar stage marks with a fact.
 *
 * The first occurrence of an element wins, as in libvirt's parser.  At most
 * SL_FACT_TEXT_MAX bytes are kept; the length and hash cover the whole text.
 * Ownership: embedded in the document, no heap memory.
 */
#ifndef SL_FACTS_H
#define SL_FACTS_H

#include "event.h"
#include "snaplint.h"

#define SL_FACT_KEEP (SL_FACT_TEXT_MAX + 1)

typedef struct sl_facts {
	char text[SL_FACT_COUNT][SL_FACT_KEEP]; /* bounded copies, NUL-terminated at the end */
	size_t kept[SL_FACT_COUNT];             /* bytes kept */
	size_t total[SL_FACT_COUNT];            /* bytes seen */
	uint64_t hash[SL_FACT_COUNT];
	sl_pos pos[SL_FACT_COUNT];
	bool present[SL_FACT_COUNT];
	uint8_t capturing; /* the fact of the data element being read, 0 none */
} sl_facts;

/* Takes one grammar-annotated event of type `type` (ev->type, passed by the driver as a
 * constant, so that the inline test folds; skipped events never arrive); only a data
 * element's events matter (its text only while capturing), and the test is inline
 * because every text event passes here. */
void sl_facts_event(sl_facts *f, const sl_event *ev);
static inline void sl_facts_step(sl_facts *f, const sl_event *ev, sl_ev_type type)
{
	if (ev->data && (type != SL_EV_TEXT || f->capturing))
		sl_facts_event(f, ev);
}
/* sl_facts_step() for a text event, which matters only while a fact is captured. */
static inline void sl_facts_text(sl_facts *f, const sl_event *ev)
{
	if (f->capturing && ev->data)
		sl_facts_event(f, ev);
}
/* The fact, or false when the document has no such element. */
bool sl_facts_get(const sl_facts *f, sl_fact fact, sl_fact_value *out);

#endif
