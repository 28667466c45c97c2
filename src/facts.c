/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* facts.c - the facts stage: captures the text of the elements the grammar marks with a
 * fact (<name>, <parent><name>, <state>, ...), for the semantic and cross-document stages.
 */
#include <string.h>

#include "facts.h"

/* A data element starts: the first occurrence of its fact is captured. */
static void begin(sl_facts *f, const sl_event *ev)
{
	uint8_t fact = ev->fact;
	f->capturing = fact && !f->present[fact] ? fact : 0;
	if (!f->capturing)
		return;
	f->present[fact] = true;
	f->kept[fact] = f->total[fact] = 0;
	f->hash[fact] = SL_HASH_INIT;
	f->pos[fact] = ev->fact_pos;
}

/* Appends text: a bounded copy, the full length and its hash. */
static void capture(sl_facts *f, const char *s, size_t len)
{
	uint8_t fact = f->capturing;
	size_t room = SL_FACT_KEEP - 1 - f->kept[fact];
	size_t n = len < room ? len : room;
	memcpy(f->text[fact] + f->kept[fact], s, n);
	f->kept[fact] += n;
	f->total[fact] += len;
	f->hash[fact] = sl_hash(f->hash[fact], s, len);
}

void sl_facts_event(sl_facts *f, const sl_event *ev)
{
	if (ev->type == SL_EV_START)
		begin(f, ev);
	else if (ev->type == SL_EV_TEXT && f->capturing)
		capture(f, ev->text, ev->len);
	else if (ev->type == SL_EV_END) {
		if (f->capturing)
			f->text[f->capturing][f->kept[f->capturing]] = '\0';
		f->capturing = 0;
	}
}

bool sl_facts_get(const sl_facts *f, sl_fact fact, sl_fact_value *out)
{
	if (fact <= SL_FACT_NONE || fact >= SL_FACT_COUNT || !f->present[fact])
		return false;
	out->text = f->text[fact];
	out->len = f->total[fact];
	out->truncated = f->total[fact] > f->kept[fact];
	out->hash = f->hash[fact];
	out->line = f->pos[fact].line;
	out->column = f->pos[fact].col;
	return true;
}
