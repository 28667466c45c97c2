/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* domroles.h - the roles and facts of the delegated domain's elements: a path table
 * (domroles.c) that annotates the events the generated tier validates, so that the facts
 * and semantic stages see a domain's <disk>, <target>, <uuid>, ... as they would any
 * other element with a role.
 *
 * As a stage (driver.c): it reads the delegated events (ev->delegated; the entry
 * element's own start has ev->kind set) and writes ev->role, ev->fact, ev->fact_pos and
 * ev->data; it emits nothing.  Ownership: embedded in sl_doc, no allocation.
 */
#ifndef SL_DOMROLES_H
#define SL_DOMROLES_H

#include <stddef.h>

#include "event.h"

/* The deepest path of the table (devices/disk/target). */
#define SL_DOMROLES_DEPTH 3

typedef struct sl_domroles {
	int8_t at[SL_DOMROLES_DEPTH + 1];  /* row of each open table element, [0] the entry */
	uint8_t role[SL_DOMROLES_DEPTH + 1]; /* ... its role, and whether its text gives a */
	bool data[SL_DOMROLES_DEPTH + 1];    /* fact: what its end tag and text are annotated
	                                      * with, inline ([0] unused) */
	unsigned depth;                    /* open table elements below the entry */
	unsigned outside;                  /* open elements below one not in the table */
	const char *root_ns;               /* the root's namespace, "none" below it */
	size_t root_nslen;
} sl_domroles;

/* The document root's wrong namespace (owned by the caller), read as none below it. */
void sl_domroles_set_ns(sl_domroles *r, const char *ns, size_t nslen);
/* Annotates the entry element's start or end (ev->kind set: the state is reset) or a
 * start tag below it: the table's lookup, out of line. */
void sl_domroles_event(sl_domroles *r, sl_event *ev);
/* Annotates one delegated event of type `type` (the caller's, a constant where it is
 * inlined).  Inline but for sl_domroles_event(): below an element the table does not
 * have (most of a domain) a tag only counts and a text has nothing to annotate, and an
 * end tag or text inside a table element reads what its start tag stored. */
static inline void sl_domroles_step(sl_domroles *r, sl_event *ev, sl_ev_type type)
{
	if (ev->kind) {
		sl_domroles_event(r, ev);
	} else if (type == SL_EV_START) {
		if (r->outside)
			r->outside++;
		else
			sl_domroles_event(r, ev);
	} else if (type == SL_EV_END) {
		if (r->outside) {
			r->outside--;
		} else {
			ev->role = r->role[r->depth];
			ev->data = r->data[r->depth];
			r->depth--;
		}
	} else if (type == SL_EV_TEXT && !r->outside && r->depth) {
		ev->data = r->data[r->depth];
	}
}

#endif
