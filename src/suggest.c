/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suggest.c - "did you mean": bounded, allocation-free optimal string alignment distance. */
#include "suggest.h"

#include <limits.h>
#include <string.h>

/* Cost units: one edit, and a letter matched in the other case.  SL_SUGGEST_MAX case
 * differences (the most an alignment can hold) stay below one edit. */
enum { EDIT = 128, CASE = 1 };
_Static_assert(SL_SUGGEST_MAX * CASE < EDIT, "case differences must never outweigh an edit");

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Cost of aligning byte a with byte b: 0, CASE, or EDIT. */
static unsigned pair_cost(char a, char b)
{
	if (a == b)
		return 0;
	return fold((unsigned char)a) == fold((unsigned char)b) ? CASE : EDIT;
}

/* Edits allowed for a name of `len` bytes (see suggest.h). */
static size_t edit_limit(size_t len)
{
	size_t tier = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	return tier < len ? tier : len - 1;
}

/* strlen() that stops counting past `max` (C11 has no strnlen). */
static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;
	while (n <= max && s[n])
		n++;
	return n;
}

static unsigned min2(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

/* Row i of the alignment table for a[i-1] against b, from rows i-1 (p) and i-2 (pp);
 * returns the row's minimum. */
static unsigned osa_row(const char *a, size_t i, const char *b, size_t lb,
                        const unsigned *pp, const unsigned *p, unsigned *c)
{
	c[0] = (unsigned)i * EDIT;
	unsigned low = c[0];
	for (size_t j = 1; j <= lb; j++) {
		unsigned v = p[j - 1] + pair_cost(a[i - 1], b[j - 1]);
		v = min2(v, min2(p[j], c[j - 1]) + EDIT);
		if (i > 1 && j > 1 && pair_cost(a[i - 1], b[j - 2]) < EDIT &&
		    pair_cost(a[i - 2], b[j - 1]) < EDIT)
			v = min2(v, pp[j - 2] + EDIT + pair_cost(a[i - 1], b[j - 2]) +
			                    pair_cost(a[i - 2], b[j - 1]));
		c[j] = v;
		low = min2(low, v);
	}
	return low;
}

/* Distance in cost units, or UINT_MAX once it must exceed `max`: every later cell
 * derives from the last two rows plus something, so two rows above `max` end it. */
static unsigned osa(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
	unsigned rows[3][SL_SUGGEST_MAX + 1];
	unsigned *pp = rows[0], *p = rows[1], *c = rows[2];
	unsigned low = 0, prev_low = 0;
	for (size_t j = 0; j <= lb; j++)
		p[j] = (unsigned)j * EDIT;
	for (size_t i = 1; i <= la; i++) {
		low = osa_row(a, i, b, lb, pp, p, c);
		if (low > max && prev_low > max)
			return UINT_MAX;
		prev_low = low;
		unsigned *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb] > max ? UINT_MAX : p[lb];
}

const char *sl_suggest(const char *name, size_t len, const char *const *candidates, size_t n)
{
	if (!name || len == 0 || len > SL_SUGGEST_MAX)
		return NULL;
	size_t limit = edit_limit(len);
	unsigned best_cost = (unsigned)(limit + 1) * EDIT - 1;
	const char *best = NULL;
	for (size_t k = 0; k < n; k++) {
		const char *cand = candidates[k];
		size_t lc = cand ? bounded_len(cand, SL_SUGGEST_MAX) : 0;
		if (!cand || lc > SL_SUGGEST_MAX || (lc > len ? lc - len : len - lc) > limit)
			continue;
		unsigned cost = osa(name, len, cand, lc, best_cost);
		if (cost < best_cost || (cost == best_cost && !best)) {
			best_cost = cost;
			best = cand;
		}
	}
	return best;
}
