/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg_regex.h - runs the minimised byte DFAs that tools/dg_regex.py compiles from XSD
 * `pattern` facets (libxml2 2.9.14's reading of them) over UTF-8 values.
 *
 * Header-only and dependency-free so the generated tables and any test program can use
 * it.  A DFA matches the whole value: start at `start`, run every byte of the value
 * through dg_dfa_run() (in as many pieces as the value arrives in), then ask
 * dg_dfa_accepts().  State 0 is the dead state: once there, no input can match, so a
 * caller may stop feeding.  Memory: none beyond the caller's uint16_t state.  The tables
 * are static data owned by the generated file.
 */
#ifndef DG_REGEX_H
#define DG_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dg_dfa {
	const uint8_t *classmap; /* 256 entries: byte -> class id */
	const uint16_t *trans;   /* nstates * nclasses; trans[s * nclasses + c]; state 0 dead */
	const uint8_t *accept;   /* nstates: 1 where the value may end */
	uint16_t nclasses, nstates, start;
} dg_dfa;

/* Runs the n bytes at p from state s; returns the new state (0 once dead).  Pieces may
 * split a multi-byte character anywhere: the state carries the partial character. */
static inline uint16_t dg_dfa_run(const dg_dfa *d, uint16_t s, const char *p, size_t n)
{
	for (size_t i = 0; i < n && s != 0; i++)
		s = d->trans[(size_t)s * d->nclasses + d->classmap[(unsigned char)p[i]]];
	return s;
}

/* Whether a value that brought the DFA to state s matches. */
static inline bool dg_dfa_accepts(const dg_dfa *d, uint16_t s)
{
	return d->accept[s] != 0;
}

#endif
