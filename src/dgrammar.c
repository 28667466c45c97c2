/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dgrammar.c - the generated tier's engine: Clark's RELAX NG derivatives over the
 * src/dg/ tables, one state per open element, memoised, in a capped arena.
 *
 * Pattern ids below the table's node count are static table rows; ids above are run-time
 * nodes in the arena, hash-consed so that equal patterns have equal ids (choices are
 * flattened, deduplicated and sorted by id; empty and notAllowed are absorbed), which is
 * what makes the memo tables hit.  Transitions are memoised by (kind, state, key):
 * start tag (state, symbol), attribute (state, symbol, verdict bits of the candidate value
 * patterns), start-tag close, end tag, text (state, verdict bits).  A value never enters a
 * memo key; only the verdicts of the few value/data patterns it can meet do, so results
 * are exact.  See ../shared/design/domain-grammar.md, sections 5.3 and 5.4.
 */
#include "dgrammar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dg/dg_tables.h"
#include "suggest.h"

/* A rare path kept out of line (GCC and clang), so the hot caller saves no registers;
 * a small helper of the per-attribute path always inlined. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline, cold))
#define INLINE inline __attribute__((always_inline))
#else
#define COLD
#define INLINE inline
#endif

#define NA DG_ID_NOTALLOWED
#define EMPTY DG_ID_EMPTY
#define MAX_CAND 64      /* candidate value patterns a memo key can carry */
#define TEXT_CAP (1u << 20) /* the longest text checked against a value or datatype */
#define TLC_SLOTS 512       /* states whose text-candidate verdict is cached (textless) */
#define NAME_SLOTS 512      /* element names by the caller's hash (elem_sym) */
#define HOT_SLOTS 512       /* start-tag and start-tag-close transitions (hot_start) */
#define LIST_MAX 12      /* names listed in a hint */
#define SYMSET_WORDS 32  /* symbols (with the per-namespace "other" ones) <= 2048 */

enum { M_STO = 1, M_START, M_ATTV, M_ATT, M_STC, M_END, M_TXTV, M_TXT, M_ATT1, M_TXT1 };
/* M_ATT1/M_TXT1 entries: r1 the one candidate value pattern (DG_NONE: none, MULTI: more,
 * take the general path), r2 and r3 the results when it accepts / refuses the value. */
#define MULTI 0xFFFFFFFDu
#define UNSET 0xFFFFFFFEu
enum { AF_GROUP_R, AF_IL_R, AF_IL_L, AF_AFTER_R };

/* The start-tag derivatives of one computation (one event-level miss), by (pattern,
 * symbol): an entry is valid for its generation only.  Shared subpatterns are derived
 * once per computation, as with the memo, but the thousands of intermediate results a
 * small document would leave in the memo (and the pages they touch) are not kept: the
 * event-level memo (M_START) makes them useless once the computation is done.  A
 * computation that fills three quarters of it goes on in the memo (M_STO).  With the
 * DG_STARTS masks and the balanced interleaves a computation takes under 100 entries
 * (libvirt's test domains at most 53), so 256 slots, 4 KB, one page. */
#define STO_SLOTS 256
/* The arena's first size in nodes, taken at once (examples/disk1.xml needs 567,
 * libvirt's test domains at most about 800): the pages of a malloc'd block are touched
 * only where nodes are written, while growing it in steps from 256 copied every step
 * into new pages. */
#define DYN_FIRST 1024
typedef struct sto_ent {
	uint32_t p, sym, r, gen;
} sto_ent;

typedef struct memo_ent {
	uint64_t c;
	uint32_t a, b, r1, r2, r3;
	uint8_t kind;
} memo_ent;

/* Value cache, for values of up to VC_MAX bytes; direct-mapped, a collision overwrites.
 * Values repeat a lot in libvirt XML.  Its entries are transitions: an attribute,
 * (state, attribute symbol, value) -> res the next state, so that a warm attribute
 * costs one hash of its value and one probe (also keyed by name and value, VC_NAMED,
 * and text transitions, VC_TEXT, below).  Verdicts of single value patterns are not
 * kept: a value that repeats meets these first. */
#define VC_MAX 40
#define VC_MIN 128   /* its first size, 8 KB: a small document touches two pages, not 64 */
#define VC_SIZE 4096 /* its largest, reached once it is half full at 2,048 */
typedef struct vc_ent {
	uint64_t h;
	uint32_t id, sym, res; /* id + 1 */
	uint8_t len;
	char v[VC_MAX];
} vc_ent;

/* Each slot also has a 16-bit tag, in an array after the entries (one allocation), small
 * enough to stay in the cache while the entries do not: the key's fingerprint and two
 * bits.  A probe reads an entry only when the tag says it holds that fingerprint, and a
 * key is stored only the second time it misses (the first time, its tag records the
 * sighting), so values that never repeat (a disk's path, a MAC address) neither read nor
 * write entries.  A stored entry that was hit since the last contest for its slot keeps
 * it once more. */
#define VC_STORED 1u /* the entry holds the key of this fingerprint */
#define VC_USED 2u   /* the entry was hit since the slot was last contested */
typedef struct vc_pos {
	uint32_t i;  /* slot */
	uint16_t fp; /* fingerprint: bits 0 and 1 clear, never 0 */
} vc_pos;

/* A premultiplied copy of a DFA's transitions (pm_of). */
#define PM_SLOTS 128
#define PM_AFTER 16 /* uses of a DFA before its copy is made */
typedef struct pm_slot {
	const dg_dfa *d;
	uint32_t *row;  /* nstates * nclasses cells, then `loops` */
	uint8_t *loops; /* by row (state * nclasses): PM_STAYS where every printable ASCII
	                 * byte stays, PM_ACCEPT where the state accepts */
	size_t size;
	uint32_t uses;
	bool any_loop;
} pm_slot;
enum { PM_STAYS = 1, PM_ACCEPT = 2 };

/* An open-addressing memo table.  The per-event transitions live in their own table,
 * small enough to stay in the cache. */
typedef struct memo_tab {
	memo_ent *memo;
	uint32_t msize, mcount;
} memo_tab;

static bool hot_kind(uint8_t kind)
{
	return kind == M_START || kind == M_ATT1 || kind == M_STC || kind == M_TXT1 || kind == M_END;
}

typedef struct frame {
	uint32_t state, init, prev, sym, last_sym;
	unsigned long line, col;
	uint8_t had_child, nondet, errored, legacy;
	uint32_t part;  /* dg_iparts index of its content, or DG_NONE */
	uint32_t kid0;  /* its children's records start here in e->kids */
	uint8_t kids_over;
} frame;

/* A child of a frame with an interleave partition: its member and position. */
typedef struct kid {
	uint32_t sym;
	uint8_t member; /* 0xFF: none */
	unsigned long line, col;
} kid;
#define KIDS_MAX 4096

/* The steady state of a start tag in direct-mapped slots in front of the memo tables,
 * one probe each: the element's symbol by the caller's name hash, the (parent state,
 * symbol) transition, the start-tag close of a state.  Slots hold id + 1 (0: empty) and
 * are copies of memo results, so a collision only costs a memo lookup; they are cleared
 * with the arena, whose ids they name. */
typedef struct name_slot {
	uint32_t h, sym, len; /* the name's hash, symbol + 1 and length */
} name_slot;
typedef struct start_slot {
	uint32_t ps, sym, child, resid, part;
} start_slot;
typedef struct stc_slot {
	uint32_t p, r;
} stc_slot;
/* The last value an attribute name had in a state, and its outcome: most attributes
 * repeat one value in one place (a disk's bus='virtio', an address's type='pci'), and a
 * slot keyed by (state, name) stays in the first-level cache where the value cache's
 * entries, one per (state, name, value), do not.  The key "name\0value" is compared
 * byte for byte, so a hit is exact; a value that changes only costs the slot. */
#define LV_SLOTS 256
#define LV_KEY 54
typedef struct lv_slot {
	uint32_t p;      /* state + 1; 0: empty */
	uint32_t res;
	uint8_t ln, vn;  /* the lengths of the name and the value in kv */
	char kv[LV_KEY]; /* "name\0value" */
} lv_slot;
#define MEMBER_SLOTS 256 /* interleave members by (partition, symbol): member_of */
typedef struct member_slot {
	uint32_t part, sym;
	uint8_t member;
} member_slot;

static uint32_t hot_index(uint32_t a, uint32_t b)
{
	return (a * 0x9E3779B1u + b * 0x85EBCA77u) >> 16 & (HOT_SLOTS - 1);
}

typedef struct visit visit; /* the walks' visited set, below */

typedef struct symset {
	uint64_t w[SYMSET_WORDS];
} symset;

struct dg_engine {
	const dg_grammar *g;
	const dg_tables *t;
	dg_emit_fn *emit;
	void *ctx;
	size_t cap, bytes;
	bool full, dead;
	/* arena */
	dg_node *dyn;
	uint32_t ndyn, dyncap, nstatic;
	uint32_t *pool; /* choice operands and candidate lists */
	uint32_t npool, poolcap;
	uint32_t *nh;   /* run-time nodes by hash: id + 1, 0 empty (the static ones are in
	                 * the tables' dg_node_hash) */
	uint32_t nhsize, nhcount;
	memo_tab mt[2]; /* [1]: the transitions every event takes; [0]: the rest */
	sto_ent *stos;  /* STO_SLOTS, this computation's start-tag derivatives */
	uint32_t sto_gen, sto_fill;
	/* document */
	dg_entry entry;
	frame *fr;
	size_t nfr, frcap, skip;
	kid *kids;      /* children of frames with an interleave partition */
	uint32_t nkids, kidcap;
	char *tb;       /* the top frame's text */
	size_t tlen, tcap;
	bool tnonws, tbuffer, tany, tover, tstarted;
	unsigned long tline, tcol;
	/* the string under test and the verdicts of its leaves */
	const char *s;
	size_t sn;
	uint64_t sh;    /* hash of s when sn <= VC_MAX */
	vc_ent *vc;
	uint32_t vcsize, vcfill; /* slots, slots in use */
	unsigned vcshift;        /* 64 - log2(vcsize): a key's slot is its top bits */
	uint32_t lc_id[MAX_CAND];
	uint8_t lc_bit[MAX_CAND];
	size_t nlc;
	uint32_t *scratch;
	uint8_t *drop;  /* the attributes of the start tag refused so far (dg_start) */
	uint32_t dropcap;
	pm_slot pm[PM_SLOTS]; /* premultiplied DFAs (pm_of), kept across documents */
	size_t pmbytes;
	size_t scratchcap;
	visit *walk;    /* cand_list's visited set, empty between walks */
	unsigned long last_line, last_col;
	size_t misses, findings;
	struct slots {  /* cleared together, when the arena is (not in a fresh engine) */
		uint32_t tlc[TLC_SLOTS]; /* state + 1 | textless << 31 (textless) */
		name_slot names[NAME_SLOTS], anames[NAME_SLOTS]; /* element, attribute names */
		start_slot hot_start[HOT_SLOTS];
		stc_slot hot_stc[HOT_SLOTS];
		member_slot members[MEMBER_SLOTS];
		lv_slot last[LV_SLOTS];
	} slot;
	bool slots_used;
};

/* ---- memory under the cap ----------------------------------------------------- */

/* Grows *p (of *cap elements of size sz) to hold `need`; false (and e->full) over cap. */
static bool grow(dg_engine *e, void **p, uint32_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? (size_t)*cap * 2 : 256;
	while (n < need)
		n *= 2;
	size_t extra = (n - *cap) * sz;
	if (e->full || e->bytes + extra > e->cap || n > UINT32_MAX / 2) {
		e->full = true;
		return false;
	}
	void *q = realloc(*p, n * sz);
	if (!q) {
		e->full = true;
		return false;
	}
	*p = q;
	*cap = (uint32_t)n;
	e->bytes += extra;
	return true;
}

/* ---- nodes -------------------------------------------------------------------- */

static const dg_node *nd(const dg_engine *e, uint32_t id)
{
	return id < e->nstatic ? &e->t->nodes[id] : &e->dyn[id - e->nstatic];
}

static const uint32_t *ops_of(const dg_engine *e, uint32_t id)
{
	const dg_node *n = nd(e, id);
	return id < e->nstatic ? e->t->choice_ops + n->a : e->pool + n->a;
}

static bool nullable(const dg_engine *e, uint32_t id)
{
	return nd(e, id)->nullable;
}

static uint32_t hash3(uint32_t a, uint32_t b, uint64_t c)
{
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (c * 0x165667B19E3779F9ull);
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	return (uint32_t)(h ^ (h >> 32));
}

static uint32_t node_hash(const dg_engine *e, uint8_t op, uint32_t a, uint32_t b, const uint32_t *ops)
{
	if (op != DG_CHOICE)
		return hash3(op, a, b);
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < b; i++)
		h = (h ^ ops[i]) * 16777619u;
	(void)e;
	return hash3(op, h, b);
}

static bool node_eq(const dg_engine *e, uint32_t id, uint8_t op, uint32_t a, uint32_t b, const uint32_t *ops)
{
	const dg_node *n = nd(e, id);
	if (n->op != op || n->b != b)
		return false;
	if (op != DG_CHOICE)
		return n->a == a;
	return memcmp(ops_of(e, id), ops, b * sizeof *ops) == 0;
}

static void nh_insert(dg_engine *e, uint32_t id)
{
	const dg_node *n = nd(e, id);
	uint32_t h = node_hash(e, n->op, n->a, n->b, n->op == DG_CHOICE ? ops_of(e, id) : NULL);
	uint32_t m = e->nhsize - 1;
	for (h &= m; e->nh[h]; h = (h + 1) & m)
		;
	e->nh[h] = id + 1;
	e->nhcount++;
}

static bool nh_grow(dg_engine *e)
{
	/* at most three quarters full, from 2,048 slots (8 KB): a small document's run-time
	 * nodes fit without a rehash, in two pages */
	if ((e->nhcount + 1) * 4 <= e->nhsize * 3)
		return true;
	uint32_t n = e->nhsize ? e->nhsize * 2 : 2048;
	size_t extra = (size_t)(n - e->nhsize) * sizeof *e->nh;
	if (e->bytes + extra > e->cap) {
		e->full = true;
		return false;
	}
	uint32_t *q = calloc(n, sizeof *q);
	if (!q) {
		e->full = true;
		return false;
	}
	uint32_t *old = e->nh, oldsize = e->nhsize;
	e->nh = q;
	e->nhsize = n;
	e->nhcount = 0;
	e->bytes += extra;
	for (uint32_t i = 0; i < oldsize; i++)
		if (old[i])
			nh_insert(e, old[i] - 1);
	free(old);
	return true;
}

static bool compute_nullable(const dg_engine *e, uint8_t op, uint32_t a, uint32_t b, const uint32_t *ops)
{
	switch (op) {
	case DG_EMPTY:
	case DG_TEXT:
		return true;
	case DG_CHOICE:
		for (uint32_t i = 0; i < b; i++)
			if (nullable(e, ops[i]))
				return true;
		return false;
	case DG_GROUP:
	case DG_INTERLEAVE:
		return nullable(e, a) && nullable(e, b);
	case DG_ONEORMORE:
		return nullable(e, a);
	default:
		return false;
	}
}

/* The DG_STARTS_* mask of a run-time node (src/dg/dg_tables.h): derivatives build only
 * choices, groups, interleaves, oneOrMores and afters of existing nodes. */
static uint16_t compute_starts(const dg_engine *e, uint8_t op, uint32_t a, uint32_t b, const uint32_t *ops)
{
	uint16_t r = 0;
	switch (op) {
	case DG_CHOICE:
		for (uint32_t i = 0; i < b; i++)
			r |= nd(e, ops[i])->starts;
		return r;
	case DG_INTERLEAVE:
		return nd(e, a)->starts | nd(e, b)->starts;
	case DG_GROUP:
		r = nd(e, b)->starts;
		return nd(e, a)->starts | (nullable(e, a) ? r : r & DG_STARTS_ATT);
	case DG_ONEORMORE:
	case DG_AFTER:
		return nd(e, a)->starts;
	default:
		return 0xFFFFu; /* not built at run time; no shortcut */
	}
}

/* The static node equal to (op, a, b, ops), or DG_NONE: the generator's hash of the
 * table's nodes, so that no process hashes them itself. */
static uint32_t static_find(const dg_engine *e, uint32_t hash, uint8_t op, uint32_t a, uint32_t b, const uint32_t *ops)
{
	const dg_tables *t = e->t;
	uint32_t m = t->node_hash_size - 1;
	for (uint32_t h = hash & m; t->node_hash[h]; h = (h + 1) & m)
		if (node_eq(e, t->node_hash[h] - 1u, op, a, b, ops))
			return t->node_hash[h] - 1u;
	return DG_NONE;
}

/* The id of the pattern (op, a, b) (choice: b operands at ops, sorted and distinct),
 * created when new; notAllowed when the cap is reached. */
static uint32_t mk(dg_engine *e, uint8_t op, uint32_t a, uint32_t b, const uint32_t *ops)
{
	/* afters occur only at run time: no static node is one */
	uint32_t hash = node_hash(e, op, a, b, ops), id = op == DG_AFTER ? DG_NONE : static_find(e, hash, op, a, b, ops);
	if (id != DG_NONE)
		return id;
	if (e->full || !nh_grow(e))
		return NA;
	uint32_t m = e->nhsize - 1;
	uint32_t h = hash & m;
	for (; e->nh[h]; h = (h + 1) & m)
		if (node_eq(e, e->nh[h] - 1, op, a, b, ops))
			return e->nh[h] - 1;
	if (!grow(e, (void **)&e->dyn, &e->dyncap, (size_t)e->ndyn + 1, sizeof *e->dyn))
		return NA;
	if (op == DG_CHOICE) {
		if (!grow(e, (void **)&e->pool, &e->poolcap, (size_t)e->npool + b, sizeof *e->pool))
			return NA;
		memcpy(e->pool + e->npool, ops, b * sizeof *ops);
		a = e->npool;
		e->npool += b;
	}
	dg_node *n = &e->dyn[e->ndyn];
	n->op = op;
	n->a = a;
	n->b = b;
	n->nullable = compute_nullable(e, op, a, b, op == DG_CHOICE ? e->pool + a : NULL);
	n->starts = compute_starts(e, op, a, b, op == DG_CHOICE ? e->pool + a : NULL);
	id = e->nstatic + e->ndyn++;
	e->nh[h] = id + 1;
	e->nhcount++;
	return id;
}

static bool scratch_need(dg_engine *e, size_t n)
{
	if (n <= e->scratchcap)
		return true;
	uint32_t cap = (uint32_t)e->scratchcap;
	bool ok = grow(e, (void **)&e->scratch, &cap, n, sizeof *e->scratch);
	e->scratchcap = cap;
	return ok;
}

/* Appends the operands of p (a choice: its operands; else p) to out[*n]. */
static const uint32_t *operands(const dg_engine *e, uint32_t p, uint32_t *n)
{
	if (nd(e, p)->op == DG_CHOICE) {
		*n = nd(e, p)->b;
		return ops_of(e, p);
	}
	*n = 1;
	return NULL;
}

static uint32_t choice2(dg_engine *e, uint32_t p1, uint32_t p2)
{
	if (p1 == NA || p1 == p2)
		return p2;
	if (p2 == NA)
		return p1;
	uint32_t n1, n2;
	const uint32_t *o1 = operands(e, p1, &n1), *o2 = operands(e, p2, &n2);
	if (!scratch_need(e, (size_t)n1 + n2))
		return NA;
	uint32_t *s = e->scratch;
	uint32_t i = 0, j = 0, k = 0;
	while (i < n1 || j < n2) {
		uint32_t x = i < n1 ? (o1 ? o1[i] : p1) : UINT32_MAX;
		uint32_t y = j < n2 ? (o2 ? o2[j] : p2) : UINT32_MAX;
		uint32_t v = x < y ? x : y;
		if (x == v)
			i++;
		if (y == v)
			j++;
		s[k++] = v;
	}
	if (k == 1)
		return s[0];
	return mk(e, DG_CHOICE, 0, k, s);
}

static uint32_t pair(dg_engine *e, uint8_t op, uint32_t p1, uint32_t p2)
{
	if (p1 == NA || p2 == NA)
		return NA;
	if (op != DG_AFTER) {
		if (p1 == EMPTY)
			return p2;
		if (p2 == EMPTY)
			return p1;
	}
	return mk(e, op, p1, p2, NULL);
}

static uint32_t one_or_more(dg_engine *e, uint32_t p)
{
	if (p == NA || p == EMPTY)
		return p;
	return mk(e, DG_ONEORMORE, p, 0, NULL);
}

/* ---- memo --------------------------------------------------------------------- */

static memo_ent *memo_find(dg_engine *e, uint8_t kind, uint32_t a, uint32_t b, uint64_t c)
{
	memo_tab *t = &e->mt[hot_kind(kind)];
	if (!t->msize)
		return NULL;
	uint32_t m = t->msize - 1;
	for (uint32_t h = hash3(a ^ ((uint32_t)kind << 27), b, c) & m; t->memo[h].kind; h = (h + 1) & m) {
		memo_ent *x = &t->memo[h];
		if (x->kind == kind && x->a == a && x->b == b && x->c == c)
			return x;
	}
	return NULL;
}

static memo_ent *memo_put(dg_engine *e, uint8_t kind, uint32_t a, uint32_t b, uint64_t c, uint32_t r1, uint32_t r2)
{
	memo_tab *t = &e->mt[hot_kind(kind)];
	if (e->full)
		return NULL;
	if ((t->mcount + 1) * 4 > t->msize * (t == &e->mt[1] ? 2 : 3)) {
		/* small at first, as a small document's pages are its cost (each first touch is
		 * a page fault); the table every event probes at most half full, the other at
		 * most three quarters, each from one or two pages (a small document's event
		 * transitions, ~110: 256 entries; its value candidate lists and attribute
		 * transitions, ~100: 128) */
		uint32_t n = t->msize ? t->msize * 2 : t == &e->mt[1] ? 256 : 128;
		size_t extra = (size_t)(n - t->msize) * sizeof *t->memo;
		memo_ent *q = e->bytes + extra <= e->cap ? calloc(n, sizeof *q) : NULL;
		if (!q) {
			e->full = true;
			return NULL;
		}
		memo_ent *old = t->memo;
		uint32_t oldsize = t->msize;
		t->memo = q;
		t->msize = n;
		e->bytes += extra;
		for (uint32_t i = 0; i < oldsize; i++) {
			if (!old[i].kind)
				continue;
			uint32_t h = hash3(old[i].a ^ ((uint32_t)old[i].kind << 27), old[i].b, old[i].c) & (n - 1);
			while (q[h].kind)
				h = (h + 1) & (n - 1);
			q[h] = old[i];
		}
		free(old);
	}
	uint32_t m = t->msize - 1;
	uint32_t h = hash3(a ^ ((uint32_t)kind << 27), b, c) & m;
	while (t->memo[h].kind)
		h = (h + 1) & m;
	t->memo[h] = (memo_ent){ c, a, b, r1, r2, UNSET, kind };
	t->mcount++;
	return &t->memo[h];
}

/* ---- names -------------------------------------------------------------------- */

static uint32_t fnv(const char *local, const char *ns)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)local; *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0) * 16777619u;
	for (const unsigned char *p = (const unsigned char *)ns; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* The symbol of a QName: a known name, else the "other name" of its namespace (or of
 * a namespace the grammar never names). */
static uint32_t lookup(const dg_tables *t, const char *ns, const char *local)
{
	uint32_t m = t->hash_size - 1;
	for (uint32_t h = fnv(local, ns) & m; t->sym_hash[h]; h = (h + 1) & m) {
		const dg_symbol *s = &t->syms[t->sym_hash[h] - 1];
		const char *sns = t->nss[s->ns];
		if (!strcmp(s->local, local) && (sns[0] == ns[0] && (!ns[0] || !strcmp(sns, ns))))
			return t->sym_hash[h] - 1;
	}
	uint32_t i = 0;
	while (i < t->nnss && strcmp(t->nss[i], ns))
		i++;
	return t->nsyms + i;
}

static uint32_t ns_of(const dg_tables *t, uint32_t sym)
{
	return sym < t->nsyms ? t->syms[sym].ns : sym - t->nsyms;
}

static bool nc_contains(const dg_tables *t, uint32_t nc, uint32_t sym)
{
	const dg_nameclass *c = &t->ncs[nc];
	if (c->kind == DG_NC_NAME)
		return c->sym == sym;
	bool in = false;
	for (uint32_t i = 0; i < c->count && !in; i++)
		in = nc_contains(t, t->nc_members[c->first + i], sym);
	if (c->kind == DG_NC_CHOICE)
		return in;
	if (c->kind == DG_NC_NS && ns_of(t, sym) != c->sym)
		return false;
	return !in;
}

/* ---- values and datatypes (libxml2 2.9.14's behaviour) ---------------------------- */

/* Unaligned loads, for the hashes, comparisons and whitespace tests below. */
static uint64_t load64(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

static uint64_t load32(const char *s)
{
	uint32_t w;
	memcpy(&w, s, 4);
	return w;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Spaces only, for the indentation's common lengths (4 to 16): two overlapping loads. */
static INLINE bool blank_run(const char *s, size_t n)
{
	if (n > 8)
		return n <= 16 && load64(s) == 0x2020202020202020ull &&
		       load64(s + n - 8) == 0x2020202020202020ull;
	return n >= 4 && (uint32_t)load32(s) == 0x20202020u && (uint32_t)load32(s + n - 4) == 0x20202020u;
}

static bool all_ws(const char *s, size_t n)
{
	if (blank_run(s, n))
		return true;
	for (size_t i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return false;
	return true;
}

/* Compares the whitespace-separated tokens of two strings. */
static bool token_eq(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < an && is_ws(a[i]))
			i++;
		while (j < bn && is_ws(b[j]))
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		while (i < an && j < bn && !is_ws(a[i]) && !is_ws(b[j]))
			if (a[i++] != b[j++])
				return false;
		if ((i < an && !is_ws(a[i])) || (j < bn && !is_ws(b[j])))
			return false;
	}
}

/* An integer as sign and digits without leading zeros. */
typedef struct dg_int {
	bool neg;
	const char *d;
	size_t n;
} dg_int;

/* Parses "ws* [+-]? [0-9]+ ws*" (libxml2 collapses whitespace around numbers). */
static bool parse_int(const char *s, size_t n, dg_int *v)
{
	size_t i = 0;
	while (i < n && is_ws(s[i]))
		i++;
	while (n > i && is_ws(s[n - 1]))
		n--;
	v->neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		v->neg = s[i++] == '-';
	if (i == n)
		return false;
	for (size_t j = i; j < n; j++)
		if (s[j] < '0' || s[j] > '9')
			return false;
	while (i + 1 < n && s[i] == '0')
		i++;
	v->d = s + i;
	v->n = n - i;
	if (v->n == 1 && v->d[0] == '0')
		v->neg = false;
	return true;
}

static int int_cmp(const dg_int *a, const dg_int *b)
{
	if (a->neg != b->neg)
		return a->neg ? -1 : 1;
	int r = a->n != b->n ? (a->n < b->n ? -1 : 1) : memcmp(a->d, b->d, a->n);
	r = r < 0 ? -1 : r > 0;
	return a->neg ? -r : r;
}

static bool int_bounds(uint8_t type, const char **lo, const char **hi)
{
	static const struct { uint8_t t; const char *lo, *hi; } b[] = {
		{ DG_T_INT, "-2147483648", "2147483647" },
		{ DG_T_LONG, "-9223372036854775808", "9223372036854775807" },
		{ DG_T_SHORT, "-32768", "32767" },
		{ DG_T_INTEGER, NULL, NULL },
		{ DG_T_POSITIVEINTEGER, "1", NULL },
		{ DG_T_UNSIGNEDLONG, "0", "18446744073709551615" },
		{ DG_T_UNSIGNEDINT, "0", "4294967295" },
		{ DG_T_UNSIGNEDSHORT, "0", "65535" },
	};
	for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
		if (b[i].t == type) {
			*lo = b[i].lo;
			*hi = b[i].hi;
			return true;
		}
	return false;
}

static bool int_in(const dg_int *v, const char *bound, int want)
{
	dg_int b;
	if (!bound || !parse_int(bound, strlen(bound), &b))
		return true;
	int c = int_cmp(v, &b);
	return want < 0 ? c <= 0 : c >= 0;
}

/* The value as an integer of `type`: syntax, sign rule and range. */
static bool int_value(uint8_t type, const char *s, size_t n, dg_int *v)
{
	const char *lo, *hi;
	if (!int_bounds(type, &lo, &hi) || !parse_int(s, n, v))
		return false;
	if (type == DG_T_POSITIVEINTEGER && v->n > 24)
		return false;
	return int_in(v, lo, 1) && int_in(v, hi, -1);
}

/* The transitions of a pattern's DFA with every target premultiplied by its number of
 * classes, so that a byte costs an add and a load (the multiply was on the chain from
 * one byte to the next); kept per engine, by the DFA's index in the tables, made once a
 * DFA has run PM_AFTER times (a small document makes none) and counted against the
 * memory cap (without room: the tables' own form is run). */
static const pm_slot *pm_of(dg_engine *e, const dg_dfa *d)
{
	size_t i = (size_t)(d - e->t->dfas);
	if (i >= PM_SLOTS)
		return NULL;
	pm_slot *x = &e->pm[i];
	if (x->d == d)
		return x;
	if (x->uses++ < PM_AFTER)
		return NULL; /* a few uses: not worth the copy and its pages */
	size_t cells = (size_t)d->nstates * d->nclasses, size = cells * (sizeof *x->row + 1);
	uint32_t *row = e->bytes + size <= e->cap ? malloc(size) : NULL;
	if (!row)
		return NULL;
	uint8_t *loops = (uint8_t *)(row + cells);
	bool any = false;
	for (size_t c = 0; c < cells; c++)
		row[c] = (uint32_t)d->trans[c] * d->nclasses, loops[c] = 0;
	for (uint32_t st = 0; st < d->nstates; st++) {
		bool stays = st != 0; /* not the dead state 0: no use */
		for (unsigned b = 0x20; b <= 0x7E && stays; b++)
			stays = d->trans[(size_t)st * d->nclasses + d->classmap[b]] == st;
		loops[(size_t)st * d->nclasses] = (uint8_t)((stays ? PM_STAYS : 0) |
		                                            (dg_dfa_accepts(d, (uint16_t)st) ? PM_ACCEPT : 0));
		any |= stays;
	}
	if (x->row) {
		e->bytes -= x->size, e->pmbytes -= x->size;
		free(x->row);
	}
	*x = (pm_slot){ d, row, loops, size, x->uses, any };
	e->bytes += size, e->pmbytes += size;
	return x;
}

/* No byte of w is outside printable ASCII (0x20 to 0x7E): no byte below 0x20, none above
 * 0x7E (the word tests of "Bit Twiddling Hacks", exact as a yes or no). */
static INLINE bool printable8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t below = (w - ones * 0x20) & ~w & highs;
	uint64_t above = ((w + ones) | w) & highs;
	return !(below | above);
}

/* Whether DFA d matches all of s. */
static bool dfa_match(dg_engine *e, const dg_dfa *d, const char *s, size_t n)
{
	const pm_slot *x = pm_of(e, d);
	if (!x)
		return dg_dfa_accepts(d, dg_dfa_run(d, d->start, s, n));
	const uint32_t *pm = x->row;
	const uint8_t *cm = d->classmap;
	uint32_t row = (uint32_t)d->start * d->nclasses;
	if (!x->any_loop) {
		for (size_t i = 0; i < n; i++) /* the dead state's row leads back to it */
			row = pm[row + cm[(unsigned char)s[i]]];
	} else {
		/* in a state that any printable ASCII byte leaves as it is (the ".+" of a path),
		 * eight such bytes at a time */
		for (size_t i = 0; i < n; i++) {
			if (x->loops[row] & PM_STAYS)
				while (i + 8 <= n && printable8(load64(s + i)))
					i += 8;
			if (i < n)
				row = pm[row + cm[(unsigned char)s[i]]];
		}
	}
	return x->loops[row] & PM_ACCEPT; /* no division back to the state */
}

/* A <data> pattern's verdict: builtin types take anything; XSD types and their facets
 * are judged by src/dg_data.c as libxml2 2.9.14 does (a type that is only patterns by
 * this engine's copies of their DFAs). */
static bool data_allows(dg_engine *e, const dg_dtype *dt, const char *s, size_t n)
{
	const dg_datatype *x = dt->xsd;
	if (!x)
		return true;
	if (!dg_data_patterns_only(x))
		return dg_data_valid(x, e->t->dfas, s, n);
	for (unsigned i = 0; i < x->npatterns; i++)
		if (!dfa_match(e, &e->t->dfas[x->patterns[i]], s, n))
			return false;
	return true;
}

static bool value_eq(const dg_value *v, const char *s, size_t n)
{
	dg_int a, b;
	switch (v->type) {
	case DG_T_BUILTIN_STRING:
	case DG_T_STRING:
		return n == v->len && !memcmp(s, v->text, n);
	case DG_T_BUILTIN_TOKEN:
	case DG_T_NCNAME:
	case DG_T_DATETIME:
		return token_eq(v->text, v->len, s, n);
	default:
		return int_value(v->type, v->text, v->len, &a) && int_value(v->type, s, n, &b) &&
		       int_cmp(&a, &b) == 0;
	}
}

/* ---- derivatives ---------------------------------------------------------------- */

static uint32_t apply_after(dg_engine *e, uint32_t p, int f, uint32_t arg)
{
	const dg_node *n = nd(e, p);
	if (n->op == DG_AFTER) {
		uint32_t a = n->a, b = n->b, nb;
		switch (f) {
		case AF_GROUP_R: nb = pair(e, DG_GROUP, b, arg); break;
		case AF_IL_R: nb = pair(e, DG_INTERLEAVE, b, arg); break;
		case AF_IL_L: nb = pair(e, DG_INTERLEAVE, arg, b); break;
		default: nb = pair(e, DG_AFTER, b, arg); break;
		}
		return pair(e, DG_AFTER, a, nb);
	}
	if (n->op != DG_CHOICE)
		return NA;
	uint32_t acc = NA, cnt = n->b;
	for (uint32_t i = 0; i < cnt; i++)
		acc = choice2(e, acc, apply_after(e, ops_of(e, p)[i], f, arg));
	return acc;
}

static uint32_t sto(dg_engine *e, uint32_t p, uint32_t sym);

static uint32_t sto_compute(dg_engine *e, uint32_t p, uint32_t sym)
{
	const dg_node n = *nd(e, p);
	uint32_t acc, x;
	switch (n.op) {
	case DG_CHOICE:
		acc = NA;
		for (uint32_t i = 0; i < n.b; i++)
			acc = choice2(e, acc, sto(e, ops_of(e, p)[i], sym));
		return acc;
	case DG_ELEMENT:
		return nc_contains(e->t, n.a, sym) ? pair(e, DG_AFTER, n.b, EMPTY) : NA;
	case DG_INTERLEAVE:
		x = apply_after(e, sto(e, n.a, sym), AF_IL_R, n.b);
		return choice2(e, x, apply_after(e, sto(e, n.b, sym), AF_IL_L, n.a));
	case DG_ONEORMORE:
		return apply_after(e, sto(e, n.a, sym), AF_GROUP_R, choice2(e, p, EMPTY));
	case DG_GROUP:
		x = apply_after(e, sto(e, n.a, sym), AF_GROUP_R, n.b);
		return nullable(e, n.a) ? choice2(e, x, sto(e, n.b, sym)) : x;
	case DG_AFTER:
		return apply_after(e, sto(e, n.a, sym), AF_AFTER_R, n.b);
	default:
		return NA;
	}
}

/* The slot of (p, sym) in this computation's table, or the empty one where it goes. */
static sto_ent *sto_slot(dg_engine *e, uint32_t p, uint32_t sym)
{
	uint32_t m = STO_SLOTS - 1, h = hash3(p, sym, 0) & m;
	for (; e->stos[h].gen == e->sto_gen; h = (h + 1) & m)
		if (e->stos[h].p == p && e->stos[h].sym == sym)
			break;
	return &e->stos[h];
}

/* A new computation: the table's entries are stale at once. */
static void sto_begin(dg_engine *e)
{
	if (!e->stos)
		return;
	if (++e->sto_gen == 0) {
		memset(e->stos, 0, STO_SLOTS * sizeof *e->stos);
		e->sto_gen = 1;
	}
	e->sto_fill = 0;
}

/* Whether the scratch table has room for more of this computation's results. */
static bool scratch_room(const dg_engine *e)
{
	return e->stos && e->sto_fill * 4 < STO_SLOTS * 3;
}

/* Keeps r for (p, sym) in the scratch table (looked up again: the computation filled
 * other slots meanwhile); false when it has no room left, for the memo to take it. */
static bool scratch_put(dg_engine *e, uint32_t p, uint32_t sym, uint32_t r)
{
	if (!scratch_room(e))
		return false;
	*sto_slot(e, p, sym) = (sto_ent){ p, sym, r, e->sto_gen };
	e->sto_fill++;
	return true;
}

/* Start-tag open: a choice of after(child content, residual). */
static uint32_t sto(dg_engine *e, uint32_t p, uint32_t sym)
{
	if (!(nd(e, p)->starts & DG_STARTS_ELEM(sym)))
		return NA; /* p cannot start with that element */
	bool scratch = scratch_room(e);
	if (e->stos) {
		sto_ent *x = sto_slot(e, p, sym);
		if (x->gen == e->sto_gen)
			return x->r;
	}
	memo_ent *m = scratch ? NULL : memo_find(e, M_STO, p, sym, 0);
	if (m)
		return m->r1;
	e->misses++;
	uint32_t r = sto_compute(e, p, sym);
	if (!(scratch && scratch_put(e, p, sym, r)))
		memo_put(e, M_STO, p, sym, 0, r, 0);
	return r;
}

static uint64_t mix64(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

/* A hash of n bytes, eight at a step; the last step (and a value of 4-7 bytes) loads
 * words that may overlap the previous ones, so there is no byte loop.  The value cache
 * checks the bytes themselves, so it only has to spread keys. */
static INLINE uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8)
			h = mix64(h, load64(s + i));
		return mix64(h ^ n, load64(s + n - 8));
	}
	uint64_t w = (uint64_t)n << 56;
	if (n >= 4)
		w ^= load32(s) << 24 ^ load32(s + n - 4);
	else if (n)
		w ^= (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
		     (unsigned char)s[n - 1];
	return mix64(h, w);
}

/* memcmp(a, b, n) == 0 for the short strings of the value cache, with the same
 * overlapping loads. */
static INLINE bool same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8)
			if (load64(a + i) != load64(b + i))
				return false;
		return load64(a + n - 8) == load64(b + n - 8);
	}
	if (n >= 4)
		return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The string the leaves are judged on (e->s), its verdicts forgotten. */
static void set_string(dg_engine *e, const char *s, size_t n)
{
	e->s = s;
	e->sn = n;
	e->nlc = 0;
}

/* set_string, and the hash the value cache keys it by (vc_find, vc_store). */
static void set_key(dg_engine *e, const char *s, size_t n)
{
	set_string(e, s, n);
	if (n <= VC_MAX)
		e->sh = hash_bytes(1469598103934665603ull, s, n);
}

/* The slot (the key's top bits) and fingerprint of a value hash and a key. */
static vc_pos vc_at(const dg_engine *e, uint64_t h, uint32_t id, uint32_t sym)
{
	/* h is mixed already (hash_bytes), so one multiply brings in the state: it is the
	 * only step that waits for the previous attribute's result */
	uint64_t k = (h ^ sym) + id * 0x9E3779B97F4A7C15ull;
	return (vc_pos){ (uint32_t)(k >> e->vcshift), (uint16_t)(((k >> 8) | 4) & ~3u) };
}

static unsigned vc_shift(uint32_t size)
{
	unsigned bits = 0;
	while ((1u << bits) < size)
		bits++;
	return 64u - bits;
}

/* The cache's block: n entries, then their n tags, all zero. */
static vc_ent *vc_alloc(size_t n)
{
	return calloc(1, n * (sizeof(vc_ent) + sizeof(uint16_t)));
}

static uint16_t *vc_tags(const dg_engine *e)
{
	return (uint16_t *)(e->vc + e->vcsize);
}

/* The entry at `at` when its tag says it holds that key's fingerprint (the caller
 * compares the key), else NULL without reading the entry. */
static vc_ent *vc_line(const dg_engine *e, vc_pos at)
{
	uint16_t t = vc_tags(e)[at.i];
	return (t & ~3u) == at.fp && (t & VC_STORED) ? &e->vc[at.i] : NULL;
}

/* The key at `at` was found: its entry keeps the slot at the next contest. */
static void vc_used(dg_engine *e, vc_pos at)
{
	uint16_t *t = &vc_tags(e)[at.i];
	if (!(*t & VC_USED))
		*t |= VC_USED;
}

/* A slot was just taken (vcfill: the slots whose tag is not empty): a half-full cache
 * below VC_SIZE grows twofold, its stored entries moved (a collision drops one; the
 * sightings are forgotten).  Entry pointers taken before are stale afterwards. */
static void vc_filled(dg_engine *e)
{
	if (e->vcfill * 2 <= e->vcsize || e->vcsize >= VC_SIZE)
		return;
	size_t n = (size_t)e->vcsize * 2, extra = (n - e->vcsize) * (sizeof *e->vc + sizeof(uint16_t));
	vc_ent *q = e->bytes + extra <= e->cap ? vc_alloc(n) : NULL;
	if (!q)
		return; /* a full cache only evicts more */
	vc_ent *old = e->vc;
	const uint16_t *otags = vc_tags(e);
	uint32_t oldsize = e->vcsize;
	e->vc = q, e->vcsize = (uint32_t)n, e->vcshift = vc_shift(e->vcsize), e->vcfill = 0;
	e->bytes += extra;
	uint16_t *tags = vc_tags(e);
	for (uint32_t i = 0; i < oldsize; i++)
		if (otags[i] & VC_STORED) {
			vc_pos at = vc_at(e, old[i].h, old[i].id - 1, old[i].sym);
			if (tags[at.i] & VC_STORED)
				continue;
			tags[at.i] = at.fp | VC_STORED;
			e->vc[at.i] = old[i];
			e->vcfill++;
		}
	free(old);
}

/* The key at `at` missed: the entry to store it in when this is its second miss (the
 * caller fills it), else NULL, its sighting recorded unless the slot's entry was hit
 * since its last contest. */
static vc_ent *vc_admit(dg_engine *e, vc_pos at)
{
	uint16_t *t = &vc_tags(e)[at.i];
	if ((*t & ~3u) == at.fp && !(*t & VC_STORED)) {
		*t = at.fp | VC_STORED;
		return &e->vc[at.i];
	}
	if ((*t & (VC_STORED | VC_USED)) == (VC_STORED | VC_USED)) {
		*t &= (uint16_t)~VC_USED;
		return NULL;
	}
	e->vcfill += !*t;
	*t = at.fp;
	vc_filled(e); /* sightings count: the cache grows with the variety it meets */
	return NULL;
}

/* The cached result of (id, sym) on e->s, or UNSET when unknown. */
static uint32_t vc_find(dg_engine *e, uint32_t id, uint32_t sym)
{
	if (!e->vc || e->sn > VC_MAX)
		return UNSET;
	vc_pos at = vc_at(e, e->sh, id, sym);
	vc_ent *v = vc_line(e, at);
	if (v && v->id == id + 1 && v->sym == sym && v->h == e->sh && v->len == e->sn &&
	    same_bytes(v->v, e->s, e->sn)) {
		vc_used(e, at);
		return v->res;
	}
	return UNSET;
}

static void vc_store(dg_engine *e, uint32_t id, uint32_t sym, uint32_t res)
{
	if (!e->vc || e->sn > VC_MAX)
		return;
	vc_ent *v = vc_admit(e, vc_at(e, e->sh, id, sym));
	if (!v)
		return;
	v->id = id + 1;
	v->sym = sym;
	v->h = e->sh;
	v->len = (uint8_t)e->sn;
	v->res = res;
	memcpy(v->v, e->s, e->sn);
}

/* The verdict of a value or data leaf on e->s (once per string: e->lc).  Verdicts are
 * not kept across strings: the value cache keeps whole transitions, by (state, name,
 * value) and (state, text), which is what repeats. */
static uint32_t txt(dg_engine *e, uint32_t p);

static bool leaf_ok(dg_engine *e, uint32_t p)
{
	for (size_t i = 0; i < e->nlc; i++)
		if (e->lc_id[i] == p)
			return e->lc_bit[i];
	const dg_node *n = nd(e, p);
	bool ok;
	if (n->op == DG_VALUE) {
		ok = value_eq(&e->t->values[n->a], e->s, e->sn);
	} else {
		ok = data_allows(e, &e->t->dtypes[n->a], e->s, e->sn);
		if (ok && n->b != DG_NONE)
			ok = !nullable(e, txt(e, n->b));
	}
	if (e->nlc < MAX_CAND) {
		e->lc_id[e->nlc] = p;
		e->lc_bit[e->nlc++] = ok;
	}
	return ok;
}

/* Text derivative of p by the whole string e->s. */
static uint32_t txt(dg_engine *e, uint32_t p)
{
	const dg_node n = *nd(e, p);
	uint32_t acc, x;
	switch (n.op) {
	case DG_CHOICE:
		acc = NA;
		for (uint32_t i = 0; i < n.b; i++)
			acc = choice2(e, acc, txt(e, ops_of(e, p)[i]));
		return acc;
	case DG_INTERLEAVE:
		x = pair(e, DG_INTERLEAVE, txt(e, n.a), n.b);
		return choice2(e, x, pair(e, DG_INTERLEAVE, n.a, txt(e, n.b)));
	case DG_GROUP:
		x = pair(e, DG_GROUP, txt(e, n.a), n.b);
		return nullable(e, n.a) ? choice2(e, x, txt(e, n.b)) : x;
	case DG_AFTER:
		return pair(e, DG_AFTER, txt(e, n.a), n.b);
	case DG_ONEORMORE:
		return pair(e, DG_GROUP, txt(e, n.a), choice2(e, p, EMPTY));
	case DG_TEXT:
		return p;
	case DG_VALUE:
	case DG_DATA:
		return leaf_ok(e, p) ? EMPTY : NA;
	default:
		return NA;
	}
}


/* nullable(txt(p)) without building the derivative, for the shapes nearly every value
 * pattern has (a value, a datatype, text, or a choice of them): 1 or 0, or -1 for any
 * other shape (group, interleave, ...), which takes the general path. */
static int leaves_accept(dg_engine *e, uint32_t p)
{
	const dg_node *n = nd(e, p);
	bool unknown = false;
	switch (n->op) {
	case DG_VALUE:
	case DG_DATA:
		return leaf_ok(e, p);
	case DG_TEXT:
		return 1;
	case DG_EMPTY:
	case DG_NOTALLOWED:
		return 0; /* txt() of them is notAllowed */
	case DG_CHOICE:
		for (uint32_t i = 0; i < n->b; i++) {
			int x = leaves_accept(e, ops_of(e, p)[i]);
			if (x > 0)
				return 1;
			unknown |= x < 0;
		}
		return unknown ? -1 : 0;
	default:
		return -1;
	}
}

/* Whether the value pattern vp (an attribute's content) accepts e->s. */
static bool value_match(dg_engine *e, uint32_t vp)
{
	uint8_t op = nd(e, vp)->op;
	if (op == DG_VALUE || op == DG_DATA)
		return leaf_ok(e, vp); /* never nullable */
	bool ok = nullable(e, vp) && all_ws(e->s, e->sn);
	int fast = ok ? 1 : leaves_accept(e, vp);
	return fast >= 0 ? fast : nullable(e, txt(e, vp));
}

/* A small visited set for the walks below (ids + 1, open addressing), with the slots it
 * filled, so that the engine's own set is cleared for the next walk slot by slot. */
struct visit {
	uint32_t slot[512];
	size_t n;
	uint16_t used[256];
};

static bool visit_first(visit *v, uint32_t id)
{
	if (v->n >= 256)
		return true; /* walks are bounded by the content model; stop deduplicating */
	uint32_t h = (id * 2654435761u) & 511;
	for (; v->slot[h]; h = (h + 1) & 511)
		if (v->slot[h] == id + 1)
			return false;
	v->slot[h] = id + 1;
	v->used[v->n++] = (uint16_t)h;
	return true;
}

static void visit_clear(visit *v)
{
	for (size_t i = 0; i < v->n; i++)
		v->slot[v->used[i]] = 0;
	v->n = 0;
}

typedef struct cand {
	uint32_t id[MAX_CAND];
	size_t n;
	bool over;
} cand;

static void cand_add(cand *c, uint32_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return;
	if (c->n < MAX_CAND)
		c->id[c->n++] = id;
	else
		c->over = true;
}

/* The value patterns of attributes named sym that p can take next. */
static void att_values(dg_engine *e, uint32_t p, uint32_t sym, cand *out, visit *v)
{
	if (!(nd(e, p)->starts & DG_STARTS_ATT) || !visit_first(v, p))
		return;
	const dg_node n = *nd(e, p);
	switch (n.op) {
	case DG_CHOICE:
		for (uint32_t i = 0; i < n.b; i++)
			att_values(e, ops_of(e, p)[i], sym, out, v);
		break;
	case DG_GROUP:
	case DG_INTERLEAVE:
		att_values(e, n.a, sym, out, v);
		att_values(e, n.b, sym, out, v);
		break;
	case DG_ONEORMORE:
	case DG_AFTER:
		att_values(e, n.a, sym, out, v);
		break;
	case DG_ATTRIBUTE:
		if (nc_contains(e->t, n.a, sym))
			cand_add(out, n.b);
		break;
	default:
		break;
	}
}

/* Attribute derivative, the value's verdicts in e->lc (by value pattern id). */
static bool vp_ok(dg_engine *e, uint32_t vp)
{
	for (size_t i = 0; i < e->nlc; i++)
		if (e->lc_id[i] == vp)
			return e->lc_bit[i];
	return value_match(e, vp);
}

static uint32_t att(dg_engine *e, uint32_t p, uint32_t sym)
{
	const dg_node n = *nd(e, p);
	uint32_t acc;
	if (!(n.starts & DG_STARTS_ATT))
		return NA; /* no attribute to take */
	switch (n.op) {
	case DG_AFTER:
		return pair(e, DG_AFTER, att(e, n.a, sym), n.b);
	case DG_CHOICE:
		acc = NA;
		for (uint32_t i = 0; i < n.b; i++)
			acc = choice2(e, acc, att(e, ops_of(e, p)[i], sym));
		return acc;
	case DG_GROUP:
	case DG_INTERLEAVE:
		acc = pair(e, n.op, att(e, n.a, sym), n.b);
		return choice2(e, acc, pair(e, n.op, n.a, att(e, n.b, sym)));
	case DG_ONEORMORE:
		return pair(e, DG_GROUP, att(e, n.a, sym), choice2(e, p, EMPTY));
	case DG_ATTRIBUTE:
		return nc_contains(e->t, n.a, sym) && vp_ok(e, n.b) ? EMPTY : NA;
	default:
		return NA;
	}
}

/* The candidate list of kind (M_ATTV or M_TXTV) for (p, sym), memoised in the pool. */
static const uint32_t *cand_list(dg_engine *e, uint8_t kind, uint32_t p, uint32_t sym, uint32_t *n, bool *over);

/* Attribute `sym`=`v` on state p: memo key (p, sym, verdict bits). */
/* The fast path of att_step and text_step: the entry of (kind, p, sym, c), created from
 * the candidate list when missing; NULL when the cap is reached. */
static memo_ent *fast_entry(dg_engine *e, uint8_t kind, uint32_t p, uint32_t sym, uint64_t c)
{
	memo_ent *f = memo_find(e, kind, p, sym, c);
	if (f)
		return f;
	uint32_t nc;
	bool over;
	const uint32_t *cl = cand_list(e, kind == M_ATT1 ? M_ATTV : M_TXTV, p, sym, &nc, &over);
	uint32_t one = over || nc > 1 ? MULTI : nc ? cl[0] : DG_NONE;
	f = memo_put(e, kind, p, sym, c, one, UNSET);
	if (f)
		f->r3 = UNSET;
	return f;
}

/* One candidate at most: one memo probe, the value's verdict, the stored outcome. */
static bool fast_step(dg_engine *e, memo_ent *f, uint8_t kind, uint32_t p, uint32_t sym, uint64_t c, uint32_t *r)
{
	uint32_t one = f->r1;
	if (one == MULTI)
		return false;
	bool ok = one != DG_NONE && (kind == M_ATT1 ? value_match(e, one) : leaf_ok(e, one));
	uint32_t got = ok ? f->r2 : f->r3;
	if (got != UNSET) {
		*r = got;
		return true;
	}
	e->misses++;
	e->nlc = 0;
	if (one != DG_NONE) {
		e->lc_id[0] = one;
		e->lc_bit[0] = ok;
		e->nlc = 1;
	}
	got = kind == M_ATT1 ? att(e, p, sym) : txt(e, p);
	if (kind == M_TXT1 && (c & 1))
		got = choice2(e, p, got);
	f = memo_find(e, kind, p, sym, c);
	if (f && !e->full)
		*(ok ? &f->r2 : &f->r3) = got;
	*r = got;
	return true;
}

/* Attribute sym=v on state p: the value cache, else the memo (below). */
static uint32_t att_step_memo(dg_engine *e, uint32_t p, uint32_t sym, const char *v, size_t vn);

static uint32_t att_step(dg_engine *e, uint32_t p, uint32_t sym, const char *v, size_t vn)
{
	set_key(e, v, vn);
	uint32_t r = vc_find(e, p, sym);
	if (r != UNSET)
		return r;
	r = att_step_memo(e, p, sym, v, vn);
	if (!e->full) {
		set_key(e, v, vn);
		vc_store(e, p, sym, r);
	}
	return r;
}

/* A no-namespace attribute keyed by its name and value together ("local\0value" in the
 * value cache, as VC_NAMED): a warm attribute needs no symbol lookup either. */
#define VC_NAMED 0xFFFFFFFEu
typedef struct named {
	uint64_t h;
	uint64_t lh;   /* hash of the name alone (attr_sym) */
	size_t ln, vn; /* lengths of the name and the value */
	bool fits;     /* "local\0value" fits in VC_MAX bytes */
} named;

/* Measures the value and hashes "local\0value" when it fits (k->ln and k->lh set). */
static void named_value(const dg_attr *a, named *k)
{
	k->vn = strlen(a->value);
	k->fits = k->ln + 1 + k->vn <= VC_MAX;
	k->h = k->fits ? hash_bytes(k->lh, a->value, k->vn) : 0;
}

/* The last-value slot of an attribute whose name is ln bytes long, in state p: the state
 * and the length, not the name's hash, pick it (the state mostly tells which attribute
 * comes next), so a hit hashes nothing. */
static lv_slot *lv_of(dg_engine *e, uint32_t p, size_t ln)
{
	return &e->slot.last[(p * 0x9E3779B1u + (uint32_t)ln * 0x85EBCA77u) >> 24 & (LV_SLOTS - 1)];
}

/* Whether slot x holds (p, a), its name ln bytes long: the value is compared byte by byte
 * up to its end, so no byte past the end of a shorter value is read (a value holds no
 * NUL byte). */
static bool lv_hit(const lv_slot *x, uint32_t p, size_t ln, const dg_attr *a)
{
	if (x->p != p + 1 || x->ln != ln || !same_bytes(x->kv, a->local, ln))
		return false;
	const char *kv = x->kv + ln + 1, *v = a->value;
	for (size_t i = 0; i < x->vn; i++)
		if (kv[i] != v[i])
			return false;
	return v[x->vn] == '\0';
}

/* Writes the key "name\0value" of a (measured in k) to dst. */
static void named_copy(char *dst, const named *k, const dg_attr *a)
{
	memcpy(dst, a->local, k->ln + 1);
	memcpy(dst + k->ln + 1, a->value, k->vn);
}

/* Slot x now holds (p, a) -> r, when it fits. */
static void lv_put(dg_engine *e, lv_slot *x, uint32_t p, const named *k, const dg_attr *a,
                   uint32_t r)
{
	if (e->full || k->ln + 1 + k->vn > LV_KEY)
		return;
	x->p = p + 1, x->res = r;
	x->ln = (uint8_t)k->ln, x->vn = (uint8_t)k->vn;
	named_copy(x->kv, k, a);
	e->slots_used = true;
}

/* The symbol of a no-namespace attribute name, through its slot by the name's hash. */
static uint32_t attr_sym(dg_engine *e, const char *local, size_t ln, uint64_t lh)
{
	name_slot *x = &e->slot.anames[(uint32_t)(lh >> 32) & (NAME_SLOTS - 1)];
	if (x->sym && x->h == (uint32_t)lh && x->len == ln && same_bytes(e->t->syms[x->sym - 1].local, local, ln))
		return x->sym - 1;
	uint32_t sym = lookup(e->t, "", local);
	if (sym < e->t->nsyms && ln <= UINT32_MAX)
		*x = (name_slot){ (uint32_t)lh, sym + 1, (uint32_t)ln };
	return sym;
}

static vc_pos named_slot(dg_engine *e, uint32_t p, const named *k)
{
	return vc_at(e, k->h, p, VC_NAMED);
}

static uint32_t attr_step_vc(dg_engine *e, uint32_t p, const dg_attr *a, named *k, lv_slot *x);

/* Attribute a on state p: without a namespace, its last-value slot, then the value
 * cache (attr_step_vc), then the memo. */
static uint32_t attr_step(dg_engine *e, uint32_t p, const dg_attr *a)
{
	named k;
	if (a->ns[0] || !e->vc)
		return att_step(e, p, lookup(e->t, a->ns, a->local), a->value, strlen(a->value));
	k.ln = a->llen ? a->llen : strlen(a->local);
	lv_slot *x = lv_of(e, p, k.ln);
	if (lv_hit(x, p, k.ln, a))
		return x->res;
	k.lh = hash_bytes(1469598103934665603ull, a->local, k.ln);
	return attr_step_vc(e, p, a, &k, x);
}

/* attr_step past a last-value slot x that did not hold a. */
static uint32_t attr_step_vc(dg_engine *e, uint32_t p, const dg_attr *a, named *k, lv_slot *x)
{
	named_value(a, k);
	if (k->fits) {
		vc_pos at = named_slot(e, p, k);
		vc_ent *v = vc_line(e, at);
		if (v && v->id == p + 1 && v->sym == VC_NAMED && v->h == k->h &&
		    v->len == k->ln + 1 + k->vn && same_bytes(v->v, a->local, k->ln + 1) &&
		    same_bytes(v->v + k->ln + 1, a->value, k->vn)) {
			vc_used(e, at);
			/* a value seen before: its last-value slot, which the values seen once
			 * (a path, a MAC address) never take */
			lv_put(e, x, p, k, a, v->res);
			return v->res;
		}
	}
	uint32_t r, sym = attr_sym(e, a->local, k->ln, k->lh);
	if (!k->fits)
		return att_step(e, p, sym, a->value, k->vn);
	/* the named entry alone: a (state, symbol, value) one would only crowd it */
	r = att_step_memo(e, p, sym, a->value, k->vn);
	vc_ent *v = e->full ? NULL : vc_admit(e, named_slot(e, p, k)); /* the cache may have grown */
	if (v) {
		*v = (vc_ent){ k->h, p + 1, VC_NAMED, r, (uint8_t)(k->ln + 1 + k->vn), { 0 } };
		named_copy(v->v, k, a);
	}
	return r;
}

static uint32_t att_step_memo(dg_engine *e, uint32_t p, uint32_t sym, const char *v, size_t vn)
{
	uint32_t nc, r;
	bool over;
	memo_ent *f = fast_entry(e, M_ATT1, p, sym, 0);
	set_string(e, v, vn);
	if (f && fast_step(e, f, M_ATT1, p, sym, 0, &r))
		return r;
	const uint32_t *c = cand_list(e, M_ATTV, p, sym, &nc, &over);
	uint64_t bits = 0;
	uint32_t ids[MAX_CAND];
	memcpy(ids, c, nc * sizeof *ids);
	set_string(e, v, vn);
	uint8_t vb[MAX_CAND];
	for (uint32_t i = 0; i < nc; i++) {
		vb[i] = value_match(e, ids[i]);
		bits |= (uint64_t)vb[i] << i;
	}
	/* the verdict cache now holds value patterns, not leaves */
	e->nlc = nc;
	for (uint32_t i = 0; i < nc; i++) {
		e->lc_id[i] = ids[i];
		e->lc_bit[i] = vb[i];
	}
	memo_ent *m = over ? NULL : memo_find(e, M_ATT, p, sym, bits);
	if (m)
		return m->r1;
	e->misses++;
	r = att(e, p, sym);
	if (!over)
		memo_put(e, M_ATT, p, sym, bits, r, 0);
	return r;
}

static uint32_t stc(dg_engine *e, uint32_t p, bool recover);
static uint32_t stc_sub(dg_engine *e, uint32_t p, bool recover);

static uint32_t stc_compute(dg_engine *e, uint32_t p, bool recover)
{
	const dg_node n = *nd(e, p);
	uint32_t acc;
	switch (n.op) {
	case DG_AFTER:
		return pair(e, DG_AFTER, stc_sub(e, n.a, recover), n.b);
	case DG_CHOICE:
		acc = NA;
		for (uint32_t i = 0; i < n.b; i++)
			acc = choice2(e, acc, stc_sub(e, ops_of(e, p)[i], recover));
		return acc;
	case DG_GROUP:
	case DG_INTERLEAVE:
		return pair(e, n.op, stc_sub(e, n.a, recover), stc_sub(e, n.b, recover));
	case DG_ONEORMORE:
		return one_or_more(e, stc_sub(e, n.a, recover));
	case DG_ATTRIBUTE:
		return recover ? EMPTY : NA;
	default:
		return p;
	}
}

/* Start-tag close: attributes still pending are missing (recover: taken as absent). */
static uint32_t stc(dg_engine *e, uint32_t p, bool recover)
{
	if (!(nd(e, p)->starts & DG_STARTS_ATT))
		return p; /* no attribute pending: p rebuilt is p (ids are canonical) */
	if (recover)
		return stc_compute(e, p, true);
	memo_ent *m = memo_find(e, M_STC, p, 0, 0);
	if (m)
		return m->r1;
	e->misses++;
	sto_begin(e); /* the subpatterns' results go to the scratch table (stc_sub) */
	uint32_t r = stc_compute(e, p, false);
	memo_put(e, M_STC, p, 0, 0, r, 0);
	return r;
}

/* A subpattern's start-tag close within one computation: like sto's intermediate
 * results, kept in the scratch table for this computation only (key STC_SYM), not in the
 * memo table every event probes, which they filled two to one (and its pages); a full
 * scratch table leaves them to the memo again. */
#define STC_SYM 0xFFFFFFF0u /* no symbol id comes near it */
static uint32_t stc_sub(dg_engine *e, uint32_t p, bool recover)
{
	if (recover || !(nd(e, p)->starts & DG_STARTS_ATT) || !scratch_room(e))
		return stc(e, p, recover);
	sto_ent *x = sto_slot(e, p, STC_SYM);
	if (x->gen == e->sto_gen)
		return x->r;
	e->misses++;
	uint32_t r = stc_compute(e, p, false);
	if (!scratch_put(e, p, STC_SYM, r))
		memo_put(e, M_STC, p, 0, 0, r, 0);
	return r;
}

/* stc(p, false) through its direct-mapped slot. */
static uint32_t stc_hot(dg_engine *e, uint32_t p)
{
	stc_slot *h = &e->slot.hot_stc[hot_index(p, 0)];
	if (h->p == p + 1)
		return h->r;
	uint32_t r = stc(e, p, false);
	if (!e->full)
		*h = (stc_slot){ p + 1, r };
	return r;
}

/* End tag of a nondeterministic frame: the residuals of the afters whose content is
 * complete (recover: of every after). */
static uint32_t end_tag(dg_engine *e, uint32_t p, bool recover)
{
	const dg_node n = *nd(e, p);
	if (n.op == DG_AFTER)
		return recover || nullable(e, n.a) ? n.b : NA;
	if (n.op != DG_CHOICE)
		return NA;
	memo_ent *m = recover ? NULL : memo_find(e, M_END, p, 0, 0);
	if (m)
		return m->r1;
	uint32_t acc = NA;
	for (uint32_t i = 0; i < n.b; i++)
		acc = choice2(e, acc, end_tag(e, ops_of(e, p)[i], recover));
	if (!recover)
		memo_put(e, M_END, p, 0, 0, acc, 0);
	return acc;
}

/* The value and data leaves text can meet first in p. */
static void text_values(dg_engine *e, uint32_t p, cand *out, visit *v)
{
	if (!(nd(e, p)->starts & DG_STARTS_VAL) || !visit_first(v, p))
		return;
	const dg_node n = *nd(e, p);
	switch (n.op) {
	case DG_CHOICE:
		for (uint32_t i = 0; i < n.b; i++)
			text_values(e, ops_of(e, p)[i], out, v);
		break;
	case DG_GROUP:
		text_values(e, n.a, out, v);
		if (nullable(e, n.a))
			text_values(e, n.b, out, v);
		break;
	case DG_INTERLEAVE:
		text_values(e, n.a, out, v);
		text_values(e, n.b, out, v);
		break;
	case DG_ONEORMORE:
	case DG_AFTER:
		text_values(e, n.a, out, v);
		break;
	case DG_VALUE:
	case DG_DATA:
		cand_add(out, p);
		break;
	default:
		break;
	}
}

static const uint32_t *cand_list(dg_engine *e, uint8_t kind, uint32_t p, uint32_t sym, uint32_t *n, bool *over)
{
	static const uint32_t none[1];
	memo_ent *m = memo_find(e, kind, p, sym, 0);
	if (m) {
		*n = m->r2 & 0x7FFFFFFF;
		*over = m->r2 >> 31;
		return *n ? e->pool + m->r1 : none;
	}
	cand c = { .n = 0 };
	/* one visited set for the engine's life, cleared after each walk (a calloc and a
	 * 2 KB memset per computed list, before) */
	visit *v = e->walk ? e->walk : (e->walk = calloc(1, sizeof *e->walk));
	if (!v) {
		e->full = true;
		*n = 0;
		*over = true;
		return none;
	}
	if (kind == M_ATTV)
		att_values(e, p, sym, &c, v);
	else
		text_values(e, p, &c, v);
	visit_clear(v);
	*n = (uint32_t)c.n;
	*over = c.over;
	if (!grow(e, (void **)&e->pool, &e->poolcap, (size_t)e->npool + c.n, sizeof *e->pool)) {
		*n = 0;
		*over = true;
		return none;
	}
	uint32_t at = e->npool;
	if (c.n) {
		memcpy(e->pool + at, c.id, c.n * sizeof *c.id);
		e->npool += (uint32_t)c.n;
	}
	memo_put(e, kind, p, sym, 0, at, *n | ((uint32_t)c.over << 31));
	return *n ? e->pool + at : none;
}

/* Text derivative of state p by s (whitespace-only s also leaves p as it is when
 * ws_keep): memo key (p, verdict bits of its value/data leaves). */
static uint32_t text_step_memo(dg_engine *e, uint32_t p, const char *s, size_t n, bool ws_keep);

/* Text on a state: the value cache keys (state, VC_TEXT + ws_keep, text) -> next state,
 * so warm short text is one hash and one probe. */
#define VC_TEXT 0xFFFFFFFCu /* and 0xFFFFFFFD */
static uint32_t text_step(dg_engine *e, uint32_t p, const char *s, size_t n, bool ws_keep)
{
	set_key(e, s, n);
	uint32_t r = vc_find(e, p, VC_TEXT + ws_keep);
	if (r != UNSET)
		return r;
	r = text_step_memo(e, p, s, n, ws_keep);
	if (!e->full) {
		set_key(e, s, n);
		vc_store(e, p, VC_TEXT + ws_keep, r);
	}
	return r;
}

static uint32_t text_step_memo(dg_engine *e, uint32_t p, const char *s, size_t n, bool ws_keep)
{
	uint32_t nc, r;
	bool over;
	memo_ent *f = fast_entry(e, M_TXT1, p, 0, ws_keep);
	set_string(e, s, n);
	if (f && fast_step(e, f, M_TXT1, p, 0, ws_keep, &r))
		return r;
	const uint32_t *c = cand_list(e, M_TXTV, p, 0, &nc, &over);
	uint32_t ids[MAX_CAND];
	memcpy(ids, c, nc * sizeof *ids);
	set_string(e, s, n);
	uint64_t bits = 0;
	for (uint32_t i = 0; i < nc; i++)
		bits |= (uint64_t)leaf_ok(e, ids[i]) << i;
	uint64_t key = bits * 2 + ws_keep;
	memo_ent *m = over || nc >= 63 ? NULL : memo_find(e, M_TXT, p, 0, key);
	if (m)
		return m->r1;
	e->misses++;
	r = txt(e, p);
	if (ws_keep)
		r = choice2(e, p, r);
	if (!over && nc < 63)
		memo_put(e, M_TXT, p, 0, key, r, 0);
	return r;
}

/* ---- findings ----------------------------------------------------------------- */

static void emit(dg_engine *e, sl_rule rule, unsigned long line, unsigned long col,
                 const char *hint, const char *a1, const char *a2, const char *a3)
{
	if (line == e->last_line && col == e->last_col)
		return; /* one report per position */
	e->last_line = line;
	e->last_col = col;
	e->findings++;
	e->emit(e->ctx, rule, line, col, hint, a1, a2, a3);
}

static const char *sym_name(const dg_tables *t, uint32_t sym)
{
	return sym < t->nsyms ? t->syms[sym].local : "?";
}

static void set_add(symset *s, uint32_t i)
{
	if (i < SYMSET_WORDS * 64)
		s->w[i / 64] |= 1ull << (i % 64);
}

static bool set_has(const symset *s, uint32_t i)
{
	return i < SYMSET_WORDS * 64 && (s->w[i / 64] >> (i % 64) & 1);
}

/* Adds the symbols of a name class's concrete names. */
static void nc_syms(const dg_tables *t, uint32_t nc, symset *s)
{
	const dg_nameclass *c = &t->ncs[nc];
	if (c->kind == DG_NC_NAME)
		set_add(s, c->sym);
	else if (c->kind == DG_NC_CHOICE)
		for (uint32_t i = 0; i < c->count; i++)
			nc_syms(t, t->nc_members[c->first + i], s);
}

/* Element (or attribute) names p can take: next only (first) or anywhere in it. */
static void names_in(dg_engine *e, uint32_t p, uint8_t op, bool first, symset *s, visit *v)
{
	if (!visit_first(v, p))
		return;
	const dg_node n = *nd(e, p);
	switch (n.op) {
	case DG_CHOICE:
		for (uint32_t i = 0; i < n.b; i++)
			names_in(e, ops_of(e, p)[i], op, first, s, v);
		break;
	case DG_GROUP:
		names_in(e, n.a, op, first, s, v);
		if (!first || nullable(e, n.a) || op == DG_ATTRIBUTE)
			names_in(e, n.b, op, first, s, v);
		break;
	case DG_INTERLEAVE:
		names_in(e, n.a, op, first, s, v);
		names_in(e, n.b, op, first, s, v);
		break;
	case DG_ONEORMORE:
	case DG_AFTER:
		names_in(e, n.a, op, first, s, v);
		break;
	case DG_ELEMENT:
	case DG_ATTRIBUTE:
		if (n.op == op)
			nc_syms(e->t, n.a, s);
		break;
	default:
		break;
	}
}

static void names_of(dg_engine *e, uint32_t p, uint8_t op, bool first, symset *s)
{
	memset(s, 0, sizeof *s);
	visit *v = calloc(1, sizeof *v);
	if (v)
		names_in(e, p, op, first, s, v);
	free(v);
}

/* Names every way through p still needs (choice: intersection, group: union). */
static void required(dg_engine *e, uint32_t p, uint8_t op, symset *s, int depth)
{
	memset(s, 0, sizeof *s);
	const dg_node n = *nd(e, p);
	if (depth > 64)
		return;
	symset x;
	switch (n.op) {
	case DG_CHOICE:
		for (uint32_t i = 0; i < n.b; i++) {
			required(e, ops_of(e, p)[i], op, &x, depth + 1);
			for (int w = 0; w < SYMSET_WORDS; w++)
				s->w[w] = i ? s->w[w] & x.w[w] : x.w[w];
		}
		break;
	case DG_GROUP:
	case DG_INTERLEAVE:
		required(e, n.a, op, s, depth + 1);
		required(e, n.b, op, &x, depth + 1);
		for (int w = 0; w < SYMSET_WORDS; w++)
			s->w[w] |= x.w[w];
		break;
	case DG_ONEORMORE:
	case DG_AFTER:
		required(e, n.a, op, s, depth + 1);
		break;
	case DG_ELEMENT:
	case DG_ATTRIBUTE:
		if (n.op == op && e->t->ncs[n.a].kind == DG_NC_NAME)
			set_add(s, e->t->ncs[n.a].sym);
		break;
	default:
		break;
	}
}

/* Writes the set's names, sorted, at most LIST_MAX, as "<a>, <b>" or "'a', 'b'";
 * returns how many. */
static size_t list_names(const dg_tables *t, const symset *s, bool elem, char *buf, size_t size, const char **near_c, size_t *nnear)
{
	const char *names[SYMSET_WORDS * 64];
	size_t n = 0;
	for (uint32_t i = 0; i < t->nsyms && i < SYMSET_WORDS * 64; i++)
		if (set_has(s, i) && !t->nss[t->syms[i].ns][0]) /* libvirt's own names only */
			names[n++] = t->syms[i].local;
	/* symbols are sorted by (local, ns): names come out sorted */
	size_t m = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n && m < size; i++) {
		if (i == LIST_MAX) {
			snprintf(buf + m, size - m, ", ...");
			break;
		}
		if (i && !strcmp(names[i], names[i - 1]))
			continue;
		m += (size_t)snprintf(buf + m, size - m, elem ? "%s<%s>" : "%s'%s'", m ? ", " : "", names[i]);
	}
	if (near_c) {
		for (size_t i = 0; i < n && i < *nnear; i++)
			near_c[i] = names[i];
		*nnear = n < *nnear ? n : *nnear;
	}
	return n;
}

static void hint_names(const dg_tables *t, const symset *s, bool elem, const char *got, char *hint, size_t size)
{
	char list[400];
	const char *cands[SYMSET_WORDS * 64];
	size_t nc = SYMSET_WORDS * 64;
	size_t n = list_names(t, s, elem, list, sizeof list, cands, &nc);
	const char *near = got ? sl_suggest(got, strlen(got), cands, nc) : NULL;
	if (near)
		snprintf(hint, size, elem ? "did you mean <%s>? allowed here: %s" : "did you mean '%s'? allowed here: %s", near, list);
	else if (n)
		snprintf(hint, size, "allowed here: %s", list);
	else
		snprintf(hint, size, elem ? "no child elements are allowed here" : "no attributes are allowed here");
}

static frame *top(dg_engine *e)
{
	return &e->fr[e->nfr - 1];
}

static const char *frame_name(dg_engine *e, const frame *f)
{
	return f == e->fr ? "(document)" : sym_name(e->t, f->sym);
}

/* An element that the parent's state refuses: unknown, repeated, or out of order. */
static void report_child(dg_engine *e, frame *pf, uint32_t sym, const char *local, unsigned long line, unsigned long col)
{
	char hint[800];
	const char *parent = frame_name(e, pf);
	if (pf->legacy) {
		emit(e, SL_R_LEGACY_DOMAIN, pf->line, pf->col, "add type='kvm' (or the hypervisor's type) for a full domain definition", NULL, NULL, NULL);
		return;
	}
	symset now, all, first;
	names_of(e, pf->state, DG_ELEMENT, false, &now);
	names_of(e, pf->init, DG_ELEMENT, false, &all);
	names_of(e, pf->prev, DG_ELEMENT, true, &first);
	if (pf->last_sym != DG_NONE && pf->last_sym != sym && set_has(&first, sym)) {
		emit(e, SL_R_ELEMENT_ORDER, line, col, NULL, local, sym_name(e->t, pf->last_sym), parent);
		return;
	}
	if (set_has(&all, sym) && !set_has(&now, sym)) {
		emit(e, SL_R_DUPLICATE_ELEMENT, line, col, "remove it, or the earlier element it conflicts with", local, parent, NULL);
		return;
	}
	if (set_has(&now, sym)) {
		symset req;
		char list[400];
		required(e, pf->state, DG_ELEMENT, &req, 0);
		const char *miss = NULL;
		names_of(e, pf->state, DG_ELEMENT, true, &first);
		for (uint32_t i = 0; i < e->t->nsyms && !miss; i++)
			if (set_has(&req, i) || set_has(&first, i))
				miss = e->t->syms[i].local;
		list_names(e->t, &first, true, list, sizeof list, NULL, NULL);
		snprintf(hint, sizeof hint, "<%s> may only follow it; allowed here: %s", local, list);
		emit(e, SL_R_MISSING_ELEMENT, line, col, hint, parent, miss ? miss : "?", NULL);
		return;
	}
	names_of(e, pf->state, DG_ELEMENT, true, &first);
	hint_names(e->t, &first, true, local, hint, sizeof hint);
	emit(e, SL_R_UNKNOWN_ELEMENT, line, col, hint, local, parent, NULL);
}

/* What a person calls the schema's best-known patterns, for hints: a UUID reads better
 * as an example than as its regular expression.  Keyed by the pattern's text, so a
 * schema change of the pattern falls back to the regular expression, never to a wrong
 * name. */
static const struct {
	const char *pattern, *say;
} friendly[] = {
	{"[a-fA-F0-9]{32}", "a UUID such as 'c7a5fdbd-cdaf-9455-926a-d65c16db1809'"},
	{"[a-fA-F0-9]{8}\\-([a-fA-F0-9]{4}\\-){3}[a-fA-F0-9]{12}",
	 "a UUID such as 'c7a5fdbd-cdaf-9455-926a-d65c16db1809'"},
	{"(ioemu:)?(fd|hd|sd|vd|xvd|ubd)[a-zA-Z0-9_]+", "a disk target name such as 'vda'"},
	{"nvme[0-9]+n[0-9]+(p[0-9]+)?", "an NVMe target name such as 'nvme0n1'"},
	{"([bB]([yY][tT][eE][sS]?)?)|([kKmMgGtTpPeE]([iI]?[bB])?)",
	 "a size unit such as 'KiB', 'MiB', 'GiB' or 'bytes'"},
	{"([a-fA-F0-9]{2}:){5}[a-fA-F0-9]{2}", "a MAC address such as '52:54:00:12:34:56'"},
};

static const char *friendly_data(const dg_datatype *dt)
{
	if (dt->npatterns != 1 || !dt->pattern_text || !dt->pattern_text[0])
		return NULL;
	for (size_t i = 0; i < sizeof friendly / sizeof friendly[0]; i++)
		if (!strcmp(dt->pattern_text[0], friendly[i].pattern))
			return friendly[i].say;
	return NULL;
}

/* Describes what a value pattern takes: its enumerated values, else its datatypes. */
static void describe(dg_engine *e, uint32_t vp, char *buf, size_t size, size_t *m, int depth)
{
	const dg_node n = *nd(e, vp);
	if (depth > 16 || *m >= size)
		return;
	const char *sep = *m ? ", " : "";
	switch (n.op) {
	case DG_CHOICE:
		for (uint32_t i = 0; i < n.b; i++)
			describe(e, ops_of(e, vp)[i], buf, size, m, depth + 1);
		break;
	case DG_VALUE:
		*m += (size_t)snprintf(buf + *m, size - *m, "%s'%s'", sep, e->t->values[n.a].text);
		break;
	case DG_DATA: {
		const dg_dtype *dt = &e->t->dtypes[n.a];
		char d[300];
		const char *f = dt->xsd ? friendly_data(dt->xsd) : NULL;
		if (f && strstr(buf, f))
			break; /* the two UUID forms: said once */
		*m += (size_t)snprintf(buf + *m, size - *m, "%s%s", sep,
		                       f ? f : dt->xsd ? dg_data_describe(dt->xsd, d, sizeof d) : "any text");
		break;
	}
	case DG_TEXT:
		*m += (size_t)snprintf(buf + *m, size - *m, "%sany text", sep);
		break;
	case DG_EMPTY:
		*m += (size_t)snprintf(buf + *m, size - *m, "%san empty value", sep);
		break;
	default:
		break;
	}
	if (*m >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "expected ...": the enumerated values sorted (at most LIST_MAX), else each value
 * pattern described (datatypes with their facets); a did-you-mean over the values. */
static void value_hint(dg_engine *e, const uint32_t *vps, size_t n, const char *v, char *hint, size_t size)
{
	char list[400];
	size_t m = 0;
	list[0] = 0;
	const char *vals[128];
	size_t nv = 0, other = 0;
	for (size_t i = 0; i < n; i++) {
		const dg_node x = *nd(e, vps[i]);
		const uint32_t *o = x.op == DG_CHOICE ? ops_of(e, vps[i]) : &vps[i];
		uint32_t cnt = x.op == DG_CHOICE ? x.b : 1;
		for (uint32_t j = 0; j < cnt; j++) {
			if (nd(e, o[j])->op != DG_VALUE)
				other++;
			else if (nv < 128)
				vals[nv++] = e->t->values[nd(e, o[j])->a].text;
		}
	}
	if (other || !nv) {
		for (size_t i = 0; i < n; i++)
			describe(e, vps[i], list, sizeof list, &m, 0);
	} else {
		qsort(vals, nv, sizeof *vals, cmp_str);
		for (size_t i = 0; i < nv && m < sizeof list; i++) {
			if (i && !strcmp(vals[i], vals[i - 1]))
				continue;
			if (i == LIST_MAX) {
				snprintf(list + m, sizeof list - m, ", ...");
				break;
			}
			m += (size_t)snprintf(list + m, sizeof list - m, "%s'%s'", m ? ", " : "", vals[i]);
		}
	}
	const char *near = sl_suggest(v, strlen(v), vals, nv);
	if (near)
		snprintf(hint, size, "did you mean '%s'? expected %s", near, list);
	else
		snprintf(hint, size, "expected %s", list);
}

/* The shown form of a value: at most 60 bytes of it (whole UTF-8 characters), as much as
 * fits in buf, its control characters written \n, \r, \t or \xHH so that a finding stays on
 * one line; "..." when cut. */
static const char *shown(const char *s, size_t n, char *buf, size_t size)
{
	size_t k = n < 60 ? n : 60, o = 0, i = 0;
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	for (; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80 && o + 8 > size)
			break; /* no room for one more character (at most 4 bytes) and "..." */
		if (c == '\n' || c == '\r' || c == '\t') {
			buf[o++] = '\\';
			buf[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (c < 0x20 || c == 0x7F) {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	strcpy(buf + o, i < n ? "..." : "");
	return buf;
}

/* ---- events ------------------------------------------------------------------- */

static void reset_arena(dg_engine *e)
{
	free(e->dyn);
	free(e->pool);
	free(e->nh);
	free(e->mt[0].memo);
	free(e->mt[1].memo);
	memset(e->mt, 0, sizeof e->mt);
	/* run-time ids are about to be reused, and the symbols may be another table's; a
	 * fresh engine's slots are zero already (its pages untouched: a small document
	 * touches only the few it uses) */
	if (e->slots_used)
		memset(&e->slot, 0, sizeof e->slot);
	e->dyn = NULL;
	e->pool = NULL;
	e->nh = NULL;
	e->ndyn = e->dyncap = e->npool = e->poolcap = e->nhsize = e->nhcount = 0;
	e->bytes = (size_t)e->frcap * sizeof *e->fr + e->tcap + e->scratchcap * sizeof *e->scratch +
	           e->dropcap + e->pmbytes;
	e->full = false;
	if (!e->g)
		return;
	/* the arena at its first size at once (DYN_FIRST) */
	if (e->bytes + DYN_FIRST * sizeof *e->dyn <= e->cap && (e->dyn = malloc(DYN_FIRST * sizeof *e->dyn)))
		e->dyncap = DYN_FIRST, e->bytes += DYN_FIRST * sizeof *e->dyn;
	if (!e->vc && e->bytes + VC_MIN * (sizeof *e->vc + sizeof(uint16_t)) <= e->cap)
		e->vc = vc_alloc(VC_MIN), e->vcsize = e->vc ? VC_MIN : 0, e->vcshift = vc_shift(VC_MIN);
	else if (e->vc)
		memset(vc_tags(e), 0, e->vcsize * sizeof(uint16_t)); /* the tags say what is stored */
	e->vcfill = 0;
	e->bytes += (size_t)e->vcsize * (sizeof *e->vc + sizeof(uint16_t));
	if (!e->stos && e->bytes + STO_SLOTS * sizeof *e->stos <= e->cap)
		e->stos = calloc(STO_SLOTS, sizeof *e->stos), e->sto_gen = 1;
	if (e->stos)
		e->bytes += STO_SLOTS * sizeof *e->stos;
}

const dg_grammar *dg_grammar_default(void)
{
	return dg_grammar_dflt;
}

const dg_grammar *dg_grammar_find(const char *version)
{
	for (size_t i = 0; i < dg_ngrammars; i++)
		if (!strcmp(dg_grammars[i]->version, version))
			return dg_grammars[i];
	return NULL;
}

const dg_grammar *dg_grammar_at(size_t i)
{
	return i < dg_ngrammars ? dg_grammars[i] : NULL;
}

const char *dg_grammar_version(const dg_grammar *g)
{
	return g->version;
}

dg_engine *dg_new(size_t cap_bytes, dg_emit_fn *emit_fn, void *ctx)
{
	dg_engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->cap = cap_bytes ? cap_bytes : DG_CAP_DEFAULT;
	e->emit = emit_fn;
	e->ctx = ctx;
	return e;
}

void dg_set_emit(dg_engine *e, dg_emit_fn *emit_fn, void *ctx)
{
	e->emit = emit_fn;
	e->ctx = ctx;
}

void dg_free(dg_engine *e)
{
	if (!e)
		return;
	free(e->dyn);
	free(e->pool);
	free(e->nh);
	free(e->mt[0].memo);
	free(e->mt[1].memo);
	free(e->fr);
	free(e->kids);
	free(e->tb);
	free(e->scratch);
	free(e->drop);
	for (size_t i = 0; i < PM_SLOTS; i++)
		free(e->pm[i].row);
	free(e->walk);
	free(e->vc);
	free(e->stos);
	free(e);
}

void dg_get_stats(const dg_engine *e, dg_stats *st)
{
	st->nodes = e->ndyn;
	st->memo = e->mt[0].mcount + e->mt[1].mcount;
	st->bytes = e->bytes;
	st->misses = e->misses;
	st->findings = e->findings;
}

/* For the finding path (SL214, delegate.c): the local name of the open element `up`
 * levels out from the innermost (0: the innermost), "" for the entry's parent and past. */
const char *dg_open_name(const dg_engine *e, size_t up)
{
	return up + 1 < e->nfr ? sym_name(e->t, e->fr[e->nfr - 1 - up].sym) : "";
}

/* A new frame on top of the stack, for the caller to fill; NULL over the cap. */
static frame *push(dg_engine *e)
{
	uint32_t cap = (uint32_t)e->frcap;
	if (!grow(e, (void **)&e->fr, &cap, e->nfr + 1, sizeof *e->fr))
		return NULL;
	e->frcap = cap;
	return &e->fr[e->nfr++];
}

void dg_begin(dg_engine *e, const dg_grammar *g, dg_entry entry)
{
	/* a fresh half of the cap for every document: history never causes a limit finding */
	if (g != e->g || e->full || e->bytes > e->cap / 2) {
		e->g = g;
		e->t = g->t;
		e->nstatic = g->t->nnodes;
		reset_arena(e);
		e->slots_used = true;
	}
	e->entry = entry;
	e->nfr = 0;
	e->skip = 0;
	e->dead = false;
	e->tlen = 0;
	e->last_line = e->last_col = 0;
	frame *root = push(e);
	e->nkids = 0;
	if (root)
		*root = (frame){ g->entry[entry], g->entry[entry], g->entry[entry], DG_NONE, DG_NONE, 0, 0, 0, 0, 0, 0, DG_NONE, 0, 0 };
	else
		e->dead = true;
}

/* The memory cap was reached: one finding, then the rest of the delegated subtree (the
 * entry element, fr[1], once it is open) is skipped. */
static bool check_full_slow(dg_engine *e, unsigned long line, unsigned long col)
{
	if (!e->full || e->dead)
		return e->dead;
	e->dead = true;
	char msg[200];
	snprintf(msg, sizeof msg, "the domain grammar's memory limit (%zu bytes) was reached; the rest of %s%s%s is not checked",
	         e->cap, e->nfr > 1 ? "<" : "", e->nfr > 1 ? frame_name(e, &e->fr[1]) : "this element",
	         e->nfr > 1 ? ">" : "");
	e->last_line = 0;
	emit(e, SL_R_LIMIT, line, col, "the document has an unusual structure; check it with xmllint --relaxng", msg, NULL, NULL);
	return true;
}

/* check_full_slow, inlined where nothing happened (every event asks several times) */
static inline bool check_full(dg_engine *e, unsigned long line, unsigned long col)
{
	return (e->full || e->dead) && check_full_slow(e, line, col);
}

static void text_reset(dg_engine *e)
{
	e->tlen = 0;
	e->tnonws = false;
	e->tany = false;
	e->tover = false;
	e->tbuffer = false;
	e->tstarted = false;
}

/* The top frame's text meets its state: rejected text is reported and ignored. */
static void text_apply(dg_engine *e, frame *f, bool whole, bool ws_keep)
{
	const char *s = e->tb ? e->tb : "";
	size_t n = e->tlen;
	if (!e->tbuffer && e->tnonws)
		s = "x", n = 1; /* the state takes no value or data: any text is alike */
	if (e->tover) {
		e->last_line = 0;
		emit(e, SL_R_LIMIT, e->tline, e->tcol, NULL, "text longer than 1 MiB in a value or datatype of the domain; not checked", NULL, NULL);
		text_reset(e);
		return;
	}
	uint32_t r = text_step(e, f->state, s, n, ws_keep);
	if (check_full(e, e->tline, e->tcol))
		return;
	if (r == NA && f->state != NA && !f->errored) {
		char hint[500], buf[80];
		uint32_t nc;
		bool over;
		const uint32_t *c = cand_list(e, M_TXTV, f->state, 0, &nc, &over);
		unsigned long line = e->tnonws ? e->tline : f->line, col = e->tnonws ? e->tcol : f->col;
		if (f->legacy)
			emit(e, SL_R_LEGACY_DOMAIN, f->line, f->col, NULL, NULL, NULL, NULL);
		else if (nc) {
			uint32_t ids[MAX_CAND];
			memcpy(ids, c, nc * sizeof *ids);
			char vs[64];
			value_hint(e, ids, nc, shown(s, n, vs, sizeof vs), hint, sizeof hint);
			emit(e, SL_R_INVALID_TEXT, line, col, hint, sym_name(e->t, f->sym), shown(s, n, buf, sizeof buf), NULL);
		} else {
			emit(e, SL_R_TEXT_NOT_ALLOWED, line, col, NULL, sym_name(e->t, f->sym), NULL, NULL);
		}
		f->errored = 1;
		r = f->state;
		if (!whole)
			r = f->state;
	} else if (r != NA || f->state == NA) {
		f->state = r;
	}
	(void)whole;
	text_reset(e);
}

/* Non-whitespace text before a child element or the end tag of a frame with children. */
static void text_flush(dg_engine *e, frame *f)
{
	if (e->tnonws)
		text_apply(e, f, false, false);
	text_reset(e);
}

/* The position pos(pctx) gives, or the top frame's start tag when there is none. */
static void where(dg_engine *e, dg_pos_fn *pos, void *pctx, unsigned long *line, unsigned long *col)
{
	const frame *f = top(e);
	*line = f->line, *col = f->col;
	if (pos)
		pos(pctx, line, col);
}

/* check_full for an event whose position is asked only when the finding is due. */
static inline bool check_full_at(dg_engine *e, dg_pos_fn *pos, void *pctx)
{
	unsigned long line, col;
	if (!e->full && !e->dead)
		return false;
	where(e, pos, pctx, &line, &col);
	return check_full_slow(e, line, col);
}

/* Whether no value or data pattern of state p can meet text (its M_TXTV candidate list
 * is empty): then the text's bytes cannot change a verdict (only whether it has a
 * non-whitespace character does), so they are not buffered.  Cached by state in a small
 * direct-mapped table (ids stay below 2^31: the arena is capped), so the whitespace
 * between elements costs one probe, not a memo lookup. */
static COLD bool textless_fill(dg_engine *e, uint32_t p, uint32_t *slot)
{
	uint32_t nc;
	bool over;
	cand_list(e, M_TXTV, p, 0, &nc, &over);
	bool none = !nc && !over; /* over: the cap was reached, buffer to be safe */
	if (p < 0x7FFFFFFFu)
		*slot = (p + 1) | (uint32_t)none << 31;
	return none;
}

static bool textless(dg_engine *e, uint32_t p)
{
	uint32_t *slot = &e->slot.tlc[(p * 2654435761u) >> 23 & (TLC_SLOTS - 1)];
	if ((*slot & 0x7FFFFFFFu) == p + 1)
		return *slot >> 31;
	return textless_fill(e, p, slot);
}

/* The first piece of a run of text: buffered only when a value or datatype of the state
 * can take it; until a non-whitespace character comes, its findings name the element. */
static void text_start(dg_engine *e, const frame *f)
{
	e->tstarted = true;
	e->tbuffer = !textless(e, f->state);
	e->tline = f->line;
	e->tcol = f->col;
}

/* The position of the first non-whitespace character of s (the first of the run). */
static COLD void text_where(dg_engine *e, const char *s, dg_pos_fn *pos, void *pctx)
{
	unsigned long line, col;
	where(e, pos, pctx, &line, &col);
	for (size_t i = 0; is_ws(s[i]); i++) {
		if (s[i] == '\n')
			line++, col = 1;
		else
			col++;
	}
	e->tline = line;
	e->tcol = col;
}

/* Appends a piece to the buffer (up to TEXT_CAP). */
static COLD void text_keep(dg_engine *e, const char *s, size_t len, dg_pos_fn *pos, void *pctx)
{
	if (e->tlen + len > TEXT_CAP) {
		e->tover = true;
		return;
	}
	size_t need = e->tlen + len + 1;
	if (need > e->tcap) {
		uint32_t cap = (uint32_t)e->tcap;
		if (!grow(e, (void **)&e->tb, &cap, need, 1)) {
			check_full_at(e, pos, pctx);
			return;
		}
		e->tcap = cap;
	}
	memcpy(e->tb + e->tlen, s, len);
	e->tlen += len;
	e->tb[e->tlen] = 0;
}

/* A piece dg_text cannot pass over: its first non-whitespace character, or text the
 * state may take (buffered). */
static COLD void text_more(dg_engine *e, const char *s, size_t len, dg_pos_fn *pos, void *pctx)
{
	bool nonws = !all_ws(s, len);
	if (nonws && !e->tnonws)
		text_where(e, s, pos, pctx);
	e->tnonws |= nonws;
	if (e->tbuffer && !e->tover)
		text_keep(e, s, len, pos, pctx);
}

/* Most pieces are the newline and the indentation between elements: where no text can
 * be (unbuffered), a blank piece, or any piece once the first non-whitespace is known,
 * changes nothing, and returns without a call. */
void dg_text(dg_engine *e, const char *s, size_t len, dg_pos_fn *pos, void *pctx)
{
	if (e->skip || e->dead || e->nfr < 2 || !len)
		return;
	if (!e->tstarted)
		text_start(e, top(e));
	if (!e->tbuffer && (e->tnonws || (len == 1 ? s[0] == '\n' : blank_run(s, len))))
		return;
	text_more(e, s, len, pos, pctx);
}

/* The parent's state takes a child named sym: the child's state (after the start-tag
 * analysis, memoised) and the parent's residual (DG_NONE: the frame is
 * nondeterministic and the child state keeps the afters). */
static uint32_t find_part(const dg_engine *e, uint32_t content);

static void start_step_memo(dg_engine *e, uint32_t ps, uint32_t sym, uint32_t *child, uint32_t *resid, uint32_t *part);

/* Two slots a key (an even one and the odd one after it): the newest in the first, so
 * that two transitions of the same slot in turn (a device and its address) both stay. */
static void start_step(dg_engine *e, uint32_t ps, uint32_t sym, uint32_t *child, uint32_t *resid, uint32_t *part)
{
	start_slot *h = &e->slot.hot_start[hot_index(ps, sym) & ~1u];
	if (h->ps == ps + 1 && h->sym == sym) {
		*child = h->child, *resid = h->resid, *part = h->part;
		return;
	}
	if (h[1].ps == ps + 1 && h[1].sym == sym) {
		*child = h[1].child, *resid = h[1].resid, *part = h[1].part;
		return;
	}
	start_step_memo(e, ps, sym, child, resid, part);
	if (!e->full) {
		h[1] = h[0];
		h[0] = (start_slot){ ps + 1, sym, *child, *resid, *part };
	}
}

static void start_step_memo(dg_engine *e, uint32_t ps, uint32_t sym, uint32_t *child, uint32_t *resid, uint32_t *part)
{
	memo_ent *m = memo_find(e, M_START, ps, sym, 0);
	if (m) {
		*child = m->r1;
		*resid = m->r2;
		*part = m->r3; /* the child content's interleave partition */
		return;
	}
	sto_begin(e);
	uint32_t d = sto(e, ps, sym);
	uint32_t n = 1;
	const uint32_t *o = nd(e, d)->op == DG_CHOICE ? (n = nd(e, d)->b, ops_of(e, d)) : &d;
	uint32_t r = DG_NONE, c = NA;
	bool same = d != NA;
	for (uint32_t i = 0; i < n && same; i++) {
		const dg_node *x = nd(e, o[i]);
		if (x->op != DG_AFTER || (r != DG_NONE && x->b != r))
			same = false;
		else
			r = x->b;
	}
	if (same) {
		for (uint32_t i = 0; i < n; i++) {
			o = nd(e, d)->op == DG_CHOICE ? ops_of(e, d) : &d;
			c = choice2(e, c, nd(e, o[i])->a);
		}
	} else {
		c = d;
		r = d == NA ? NA : DG_NONE;
	}
	*child = c;
	*resid = r;
	*part = c == NA ? DG_NONE : find_part(e, c);
	m = memo_put(e, M_START, ps, sym, 0, c, r);
	if (m)
		m->r3 = *part;
}

static void attr_where(size_t i, void (*attr_pos)(void *, size_t, unsigned long *, unsigned long *), void *pctx,
                       unsigned long line, unsigned long col, unsigned long *l, unsigned long *c)
{
	*l = line;
	*c = col;
	if (attr_pos)
		attr_pos(pctx, i, l, c);
}

/* Why attribute i was refused by `before`: unknown, bad value, or exclusive with an
 * earlier one (found by re-deriving without each earlier attribute). */
static void report_attr(dg_engine *e, uint32_t before, uint32_t start, const dg_attr *attrs, size_t i,
                        const uint8_t *dropped, const char *elem, unsigned long l, unsigned long c)
{
	uint32_t sym = lookup(e->t, attrs[i].ns, attrs[i].local);
	char hint[600], buf[80], an[300];
	snprintf(an, sizeof an, attrs[i].ns[0] ? "{%s}%s" : "%s%s", attrs[i].ns, attrs[i].local);
	uint32_t nc;
	bool over;
	const uint32_t *cl = cand_list(e, M_ATTV, before, sym, &nc, &over);
	uint32_t ids[MAX_CAND];
	memcpy(ids, cl, nc * sizeof *ids);
	if (!nc) {
		symset s;
		names_of(e, before, DG_ATTRIBUTE, false, &s);
		uint32_t sn;
		bool so;
		cand_list(e, M_ATTV, start, sym, &sn, &so);
		if (sn) {
			/* allowed alone: excluded by an earlier attribute */
			for (size_t j = 0; j < i; j++) {
				if (dropped[j])
					continue;
				uint32_t st = start;
				for (size_t k = 0; k < i && st != NA; k++)
					if (k != j && !dropped[k])
						st = att_step(e, st, lookup(e->t, attrs[k].ns, attrs[k].local), attrs[k].value, strlen(attrs[k].value));
				if (st != NA && att_step(e, st, sym, attrs[i].value, strlen(attrs[i].value)) != NA) {
					char x[80], y[80];
					snprintf(x, sizeof x, "'%s'", attrs[i].local);
					snprintf(y, sizeof y, "'%s'", attrs[j].local);
					emit(e, SL_R_EXCLUSIVE, l, c, "keep only one of them", x, y, elem);
					return;
				}
			}
		}
		hint_names(e->t, &s, false, attrs[i].ns[0] ? NULL : attrs[i].local, hint, sizeof hint);
		emit(e, SL_R_UNKNOWN_ATTRIBUTE, l, c, hint, an, elem, NULL);
		return;
	}
	value_hint(e, ids, nc, attrs[i].value, hint, sizeof hint);
	emit(e, SL_R_INVALID_ATTRIBUTE_VALUE, l, c, hint, an, elem,
	     shown(attrs[i].value, strlen(attrs[i].value), buf, sizeof buf));
}

static void report_missing_attr(dg_engine *e, uint32_t unclosed, const char *elem, unsigned long line, unsigned long col)
{
	symset s;
	char list[400], hint[500];
	required(e, unclosed, DG_ATTRIBUTE, &s, 0);
	size_t n = list_names(e->t, &s, false, list, sizeof list, NULL, NULL);
	if (n) {
		const char *first = NULL;
		for (uint32_t i = 0; i < e->t->nsyms && !first; i++)
			if (set_has(&s, i))
				first = e->t->syms[i].local;
		if (n > 1)
			snprintf(hint, sizeof hint, "also missing: %s", list);
		emit(e, SL_R_MISSING_ATTRIBUTE, line, col, n > 1 ? hint : NULL, elem, first, NULL);
		return;
	}
	names_of(e, unclosed, DG_ATTRIBUTE, false, &s);
	list_names(e->t, &s, false, list, sizeof list, NULL, NULL);
	snprintf(hint, sizeof hint, "one of these is needed, in a combination the schema allows: %s", list);
	emit(e, SL_R_MISSING_ATTRIBUTE, line, col, hint, elem, "one of them", NULL);
}

/* The interleave partition of an element content (static id), or DG_NONE; of a choice
 * of contents (a name with several element patterns, e.g. a snapshot's legacy and full
 * <domain>), the first operand's that has one. */
static uint32_t find_part(const dg_engine *e, uint32_t content)
{
	uint32_t lo = 0, hi = e->t->niparts;
	if (nd(e, content)->op == DG_CHOICE) {
		for (uint32_t i = 0; i < nd(e, content)->b; i++) {
			uint32_t r = find_part(e, ops_of(e, content)[i]);
			if (r != DG_NONE)
				return r;
		}
		return DG_NONE;
	}
	if (content >= e->nstatic)
		return DG_NONE;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (e->t->iparts[mid].content < content)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->t->niparts && e->t->iparts[lo].content == content ? lo : DG_NONE;
}

static uint8_t member_scan(const dg_tables *t, uint32_t part, uint32_t sym)
{
	const dg_ipart *p = &t->iparts[part];
	for (uint32_t m = 0; m < p->count && m < 0xFF; m++) {
		const dg_imember *im = &t->imembers[p->first + m];
		for (uint32_t i = 0; i < im->count; i++)
			if (t->imember_syms[im->first + i] == sym)
				return (uint8_t)m;
	}
	return 0xFF;
}

/* member_scan through a direct-mapped slot of (part, sym). */
static uint8_t member_of(dg_engine *e, uint32_t part, uint32_t sym)
{
	member_slot *x = &e->slot.members[hot_index(part, sym) & (MEMBER_SLOTS - 1)];
	if (x->part == part + 1 && x->sym == sym)
		return x->member;
	uint8_t m = member_scan(e->t, part, sym);
	*x = (member_slot){ part + 1, sym, m };
	return m;
}

/* Records a child of a frame whose content has an interleave partition. */
static void record_kid(dg_engine *e, frame *pf, uint32_t sym, unsigned long line, unsigned long col)
{
	if (pf->part == DG_NONE || pf->kids_over)
		return;
	if (e->nkids >= KIDS_MAX || !grow(e, (void **)&e->kids, &e->kidcap, (size_t)e->nkids + 1, sizeof *e->kids)) {
		e->full = false; /* the check is given up, not the document */
		pf->kids_over = 1;
		return;
	}
	e->kids[e->nkids++] = (kid){ sym, member_of(e, pf->part, sym), line, col };
}

/* libxml2 2.9.14 validates an interleave member by member, in schema order; a member g
 * holding a nested interleave restores the document-order sibling links over its span,
 * so an element y of a later member inside that span fails ("Extra element") when y is
 * not its member's last element and the next element is not of y's member
 * (../shared/design/domain-grammar.md section 6).  Reported once per element as SL203. */
static void check_libxml2_order(dg_engine *e, const frame *f)
{
	const dg_ipart *p = &e->t->iparts[f->part];
	uint32_t m = e->nkids - f->kid0;
	if (m < 3)
		return; /* a violation needs an element between two others */
	const kid *k = e->kids + f->kid0;
	uint32_t first[256], last[256];
	for (uint32_t i = 0; i < p->count && i < 256; i++) /* member_of gives < count or 0xFF */
		first[i] = UINT32_MAX, last[i] = 0;
	for (uint32_t j = 0; j < m; j++)
		if (k[j].member != 0xFF) {
			if (first[k[j].member] == UINT32_MAX)
				first[k[j].member] = j;
			last[k[j].member] = j;
		}
	for (uint32_t g = 0; g < p->count && g < 0xFF; g++) {
		if (!e->t->imembers[p->first + g].nested || first[g] == UINT32_MAX)
			continue;
		for (uint32_t j = first[g] + 1; j < last[g]; j++) {
			uint8_t h = k[j].member;
			if (h == 0xFF || h <= g || last[h] <= j || (j + 1 < m && k[j + 1].member == h))
				continue;
			const char *mv = sym_name(e->t, k[last[g]].sym);
			char hint[300];
			snprintf(hint, sizeof hint, "RELAX NG allows this order, but libxml2 (which libvirt validates with) refuses it; move <%s> before <%s>",
			         mv, sym_name(e->t, k[j].sym));
			emit(e, SL_R_ELEMENT_ORDER, k[last[g]].line, k[last[g]].col, hint, mv, sym_name(e->t, k[j].sym), sym_name(e->t, f->sym));
			return;
		}
	}
}

/* The symbol of an element name: a no-namespace name through its slot by the caller's
 * hash (checked by comparing the name), else the symbol table. */
static uint32_t elem_sym(dg_engine *e, const char *ns, const char *local, size_t llen, uint32_t lhash)
{
	if (ns[0])
		return lookup(e->t, ns, local);
	name_slot *x = &e->slot.names[(lhash * 0x9E3779B1u) >> 16 & (NAME_SLOTS - 1)];
	if (x->sym && x->h == lhash && x->len == llen && same_bytes(e->t->syms[x->sym - 1].local, local, llen))
		return x->sym - 1;
	uint32_t sym = lookup(e->t, "", local);
	if (sym < e->t->nsyms && llen <= UINT32_MAX)
		*x = (name_slot){ lhash, sym + 1, (uint32_t)llen };
	return sym;
}

void dg_start(dg_engine *e, const char *ns, const char *local, size_t llen, uint32_t lhash,
              const dg_attr *attrs, size_t nattrs,
              unsigned long line, unsigned long col,
              void (*attr_pos)(void *pctx, size_t i, unsigned long *line, unsigned long *col), void *pctx)
{
	if (e->skip || e->dead) {
		e->skip++;
		return;
	}
	frame *pf = top(e);
	if (e->nfr > 1)
		text_flush(e, pf);
	pf = top(e);
	pf->had_child = 1;
	uint32_t sym = elem_sym(e, ns, local, llen, lhash);
	uint32_t child, resid;
	uint32_t part;
	start_step(e, pf->state, sym, &child, &resid, &part);
	if (check_full(e, line, col)) {
		e->skip++;
		return;
	}
	if (child == NA) {
		if (pf->state != NA) {
			char qn[300];
			snprintf(qn, sizeof qn, ns[0] ? "{%s}%s" : "%s%s", ns, local);
			report_child(e, pf, sym, qn, line, col);
		}
		e->skip = 1;
		return;
	}
	pf->prev = pf->state;
	if (resid != DG_NONE)
		pf->state = resid;
	pf->last_sym = sym;
	bool legacy = e->nfr == 1 && e->entry == DG_ENTRY_SNAPSHOT_DOMAIN && e->g->legacy != DG_NONE;
	uint32_t st = child, start = child;
	bool attr_err = false; /* e->drop[0..nattrs) then says which were refused */
	for (size_t i = 0; i < nattrs; i++) {
		if (attrs[i].ns[0] && !strcmp(attrs[i].ns, "http://www.w3.org/2000/xmlns/"))
			continue;
		uint32_t nx = attr_step(e, st, &attrs[i]);
		if (check_full(e, line, col)) {
			e->skip++;
			return;
		}
		if (nx == NA && st != NA) {
			unsigned long l, c;
			if (!attr_err && !grow(e, (void **)&e->drop, &e->dropcap, nattrs, 1)) {
				check_full(e, line, col);
				e->skip++;
				return;
			}
			if (!attr_err)
				memset(e->drop, 0, nattrs);
			attr_err = true;
			attr_where(i, attr_pos, pctx, line, col, &l, &c);
			report_attr(e, st, start, attrs, i, e->drop, local, l, c);
			e->drop[i] = 1;
			continue; /* recovery: the attribute is dropped */
		}
		st = nx;
	}
	uint32_t closed = stc_hot(e, st), state = closed;
	record_kid(e, pf, sym, line, col);
	if (closed == NA && st != NA && !check_full(e, line, col)) {
		/* a dropped attribute already explains a missing one: no second finding */
		if (!attr_err)
			report_missing_attr(e, st, local, line, col);
		state = stc(e, st, true);
	}
	/* only the uuid-only alternative is left: a snapshot's <domain> without type */
	legacy = legacy && state == nd(e, e->g->legacy)->b;
	frame *f;
	if (check_full(e, line, col) || !(f = push(e))) {
		check_full(e, line, col);
		e->skip++;
		return;
	}
	/* kid0: after its own record in the parent's list */
	*f = (frame){ state, state, closed, sym, DG_NONE, line, col, 0, resid == DG_NONE, 0, legacy,
	              part, e->nkids, 0 };
	text_reset(e);
}

static void report_incomplete(dg_engine *e, frame *f, uint32_t before_text)
{
	symset s;
	char list[400], hint[500];
	const char *name = sym_name(e->t, f->sym);
	if (f->legacy) {
		emit(e, SL_R_LEGACY_DOMAIN, f->line, f->col, NULL, NULL, NULL, NULL);
		return;
	}
	uint32_t nc;
	bool over;
	cand_list(e, M_TXTV, before_text, 0, &nc, &over);
	names_of(e, before_text, DG_ELEMENT, true, &s);
	bool any = false;
	for (int w = 0; w < SYMSET_WORDS; w++)
		any |= s.w[w] != 0;
	if (!f->had_child && nc && !any) {
		uint32_t ids[MAX_CAND];
		memcpy(ids, e->pool + memo_find(e, M_TXTV, before_text, 0, 0)->r1, nc * sizeof *ids);
		value_hint(e, ids, nc, "", hint, sizeof hint);
		emit(e, SL_R_INVALID_TEXT, f->line, f->col, hint, name, "", NULL);
		return;
	}
	required(e, before_text, DG_ELEMENT, &s, 0);
	size_t n = list_names(e->t, &s, true, list, sizeof list, NULL, NULL);
	if (n) {
		const char *first = NULL;
		for (uint32_t i = 0; i < e->t->nsyms && !first; i++)
			if (set_has(&s, i))
				first = e->t->syms[i].local;
		if (n > 1)
			snprintf(hint, sizeof hint, "also missing: %s", list);
		emit(e, SL_R_MISSING_ELEMENT, f->line, f->col, n > 1 ? hint : NULL, name, first, NULL);
		return;
	}
	names_of(e, before_text, DG_ELEMENT, true, &s);
	list_names(e->t, &s, true, list, sizeof list, NULL, NULL);
	snprintf(hint, sizeof hint, "its content is incomplete; allowed next: %s", list);
	emit(e, SL_R_MISSING_ELEMENT, f->line, f->col, hint, name, "one of them", NULL);
}

bool dg_end(dg_engine *e, dg_pos_fn *pos, void *pctx)
{
	if (e->skip) {
		e->skip--;
		text_reset(e);
		return e->nfr <= 1 && !e->skip;
	}
	if (e->dead) {
		if (e->nfr > 1)
			e->nfr--;
		return e->nfr <= 1;
	}
	if (e->nfr <= 1)
		return true;
	frame *f = top(e);
	uint32_t before_text = f->state;
	if (!f->had_child) {
		/* blank content of an element that is already complete (deterministic frames
		 * only ask whether the end state is nullable): nothing to derive */
		bool ws = !e->tnonws;
		if (!(ws && !f->nondet && nullable(e, f->state)))
			text_apply(e, f, true, ws);
	} else {
		text_flush(e, f);
		before_text = f->state;
	}
	if (check_full_at(e, pos, pctx))
		return (e->nfr--, e->nfr <= 1);
	/* the closed frame stays where it is until the next push (nothing below pushes) */
	frame *fc = f;
	if (fc->part != DG_NONE && !fc->kids_over)
		check_libxml2_order(e, fc);
	e->nkids = fc->kid0;
	e->nfr--;
	frame *pf = top(e);
	if (fc->nondet) {
		uint32_t r = end_tag(e, fc->state, false);
		if (r == NA) {
			if (fc->state != NA && !fc->errored)
				report_incomplete(e, fc, before_text);
			r = end_tag(e, fc->state, true);
		}
		pf->state = r;
	} else if (!nullable(e, fc->state) && !fc->errored) {
		report_incomplete(e, fc, before_text);
	}
	check_full_at(e, pos, pctx);
	text_reset(e);
	return e->nfr <= 1;
}
