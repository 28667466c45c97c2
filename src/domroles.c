/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* domroles.c - the path table: which elements of a delegated domain have a role for the
 * semantic stage or a fact for the facts stage, by their path below the entry element
 * (<domain>, <inactiveDomain> or a domain root).  The generated tier checks the
 * structure; this table only names what libvirt's C checks read.
 */
#include <pthread.h>
#include <string.h>

#include "domroles.h"
#include "snaplint.h"

/* How to add one: a row with the path below the entry ('/' between names), its role
 * (sl_role, with its handler in semantic.c) and its fact (sl_fact) or 0.  Every
 * ancestor of a path needs a row too (role and fact 0), before it; a path is at most
 * SL_DOMROLES_DEPTH names deep. */
static const struct domrole {
	const char *path;
	uint8_t role, fact;
} rows[] = {
	{"uuid", 0, SL_FACT_DOMAIN_UUID},
	{"name", 0, SL_FACT_DOMAIN_NAME},
	{"devices", 0, 0},
	{"devices/disk", SL_ROLE_DOMDISK, 0},
	{"devices/disk/target", SL_ROLE_DOMTARGET, 0},
	{"devices/disk/source", SL_ROLE_DOMSOURCE, 0},
	{"devices/disk/driver", SL_ROLE_DOMDRIVER, 0},
	{"devices/disk/readonly", SL_ROLE_DOMREADONLY, 0},
	{"devices/disk/shareable", SL_ROLE_DOMSHAREABLE, 0},
	{"os", 0, 0},
	{"os/loader", SL_ROLE_DOMLOADER, 0},
	{"os/nvram", SL_ROLE_DOMNVRAM, 0},
};
enum { NROWS = sizeof rows / sizeof rows[0], ENTRY = -1 };

void sl_domroles_set_ns(sl_domroles *r, const char *ns, size_t nslen)
{
	r->root_ns = ns;
	r->root_nslen = ns ? nslen : 0;
}

/* Each row's parent row (ENTRY for the entry's children) and last name, derived from
 * the paths once per process; and a slot table of the rows by their last name's hash
 * (sl_name_hash, as sl_start.hash has it) and their parent, so that a start tag takes a
 * probe or two, and compares a name only where hash and parent are equal. */
static int8_t parent_of[NROWS];
static const char *leaf_of[NROWS];
static uint32_t leaf_hash[NROWS];
static size_t leaf_len[NROWS];
#define SLOTS 64 /* a power of two, over four times NROWS (a test in rows_build): a
                  * name not in the table, most of them, ends its probe at once */
static int8_t slot_row[SLOTS]; /* -1: empty */
static pthread_once_t rows_once = PTHREAD_ONCE_INIT;

static unsigned slot_of(uint32_t h, int parent)
{
	return (h ^ (uint32_t)(parent + 1) * UINT32_C(0x9e3779b1)) & (SLOTS - 1);
}

static void rows_build(void)
{
	_Static_assert(NROWS * 4 <= SLOTS, "the slot table needs room for every row");
	memset(slot_row, -1, sizeof slot_row);
	for (int i = 0; i < NROWS; i++) {
		const char *slash = strrchr(rows[i].path, '/');
		leaf_of[i] = slash ? slash + 1 : rows[i].path;
		(void)sl_name_hash(leaf_of[i], &leaf_hash[i], &leaf_len[i]);
		parent_of[i] = ENTRY;
		size_t plen = slash ? (size_t)(slash - rows[i].path) : 0;
		for (int j = 0; slash && j < i; j++)
			if (strlen(rows[j].path) == plen && !strncmp(rows[j].path, rows[i].path, plen))
				parent_of[i] = (int8_t)j;
		unsigned k = slot_of(leaf_hash[i], parent_of[i]);
		while (slot_row[k] >= 0)
			k = (k + 1) & (SLOTS - 1);
		slot_row[k] = (int8_t)i;
	}
}

/* Whether the n bytes of a and b are equal: names of a few bytes, so a loop, no call. */
static bool same_name(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The row of child `local` (its length `len`, its hash `h`) of row `parent` (ENTRY: of
 * the entry element), or -1. */
static int child_row(int parent, const char *local, size_t len, uint32_t h)
{
	for (unsigned k = slot_of(h, parent);; k = (k + 1) & (SLOTS - 1)) {
		int i = slot_row[k];
		if (i < 0)
			return -1;
		if (leaf_hash[i] == h && parent_of[i] == parent && leaf_len[i] == len &&
		    same_name(leaf_of[i], local, len))
			return i;
	}
}

/* A start tag below the entry, none of its ancestors outside the table: its row, if the
 * table has it. */
static void start(sl_domroles *r, sl_event *ev)
{
	const sl_start *st = ev->start;
	bool own_ns = !st->nslen || (st->nslen == r->root_nslen && !memcmp(st->ns, r->root_ns, st->nslen));
	int row = -1;
	if (r->depth < SL_DOMROLES_DEPTH && own_ns)
		row = child_row(r->at[r->depth], st->local, st->llen, st->hash);
	if (row < 0) {
		r->outside++;
		return;
	}
	r->depth++;
	r->at[r->depth] = (int8_t)row;
	r->role[r->depth] = ev->role = rows[row].role;
	ev->fact = rows[row].fact;
	r->data[r->depth] = ev->data = ev->fact != 0;
	ev->fact_pos = st->pos;
}

void sl_domroles_event(sl_domroles *r, sl_event *ev)
{
	if (ev->kind) { /* the entry element itself: its role is the grammar's */
		pthread_once(&rows_once, rows_build);
		r->depth = r->outside = 0;
		r->at[0] = ENTRY;
		return;
	}
	if (ev->type == SL_EV_START && !r->outside)
		start(r, ev);
}
