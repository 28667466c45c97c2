/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suggest.h - "did you mean": the closest of a list of names to a misspelt one.
 *
 * Distance is Damerau-Levenshtein in its optimal string alignment form (insertion,
 * deletion, substitution, transposition of two adjacent bytes), compared without
 * regard to ASCII case; a case difference costs far less than an edit, so it only
 * breaks ties (all case differences together never outweigh one edit).
 *
 * A candidate is suggested only when its edit count is small for the name's length:
 * at most 1 for names of up to 4 bytes, 2 up to 8 bytes, 3 beyond, and always less
 * than the name's length (a one-letter name gets only case variants).  Names and
 * candidates longer than SL_SUGGEST_MAX bytes are never matched, which bounds the time
 * to O(n * SL_SUGGEST_MAX^2).  No allocation; fixed stack buffers.
 *
 * Ownership: the result is one of the caller's `candidates` pointers, or NULL.
 */
#ifndef SL_SUGGEST_H
#define SL_SUGGEST_H

#include <stddef.h>

#define SL_SUGGEST_MAX 64

/* The closest of `candidates[0..n)` to the `len` bytes at `name` (no NUL needed), the
 * earliest one on a tie; NULL when none is close enough.  NULL entries are skipped. */
const char *sl_suggest(const char *name, size_t len, const char *const *candidates, size_t n);

#endif
