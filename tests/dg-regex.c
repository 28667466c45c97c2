/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg-regex.c - test-only runner for tests/dg-regex.sh: matches values against the DFAs
 * that tools/dg_regex.py emitted (linked in as dgt_dfas[]) through src/dg_regex.h.
 *
 * Reads lines INDEX<TAB>HEXVALUE and prints, per line, 1 (match) or 0.  Each value is
 * run whole and again one byte per dg_dfa_run() call (every split point of a streamed
 * value passes through those states); if the two verdicts differ it prints S.
 */
#include "dg_regex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const dg_dfa dgt_dfas[];

static char line[1 << 20];
static char value[1 << 19];

static int run(const dg_dfa *d, const char *v, size_t n, size_t step)
{
	uint16_t s = d->start;
	for (size_t i = 0; i < n; i += step)
		s = dg_dfa_run(d, s, v + i, n - i < step ? n - i : step);
	return dg_dfa_accepts(d, s);
}

int main(void)
{
	while (fgets(line, sizeof line, stdin) != NULL) {
		char *tab = strchr(line, '\t');
		size_t n = 0;
		unsigned int b;
		if (tab == NULL)
			return 2;
		for (char *h = tab + 1; sscanf(h, "%2x", &b) == 1 && n < sizeof value; h += 2)
			value[n++] = (char)b;
		const dg_dfa *d = &dgt_dfas[strtoul(line, NULL, 10)];
		int whole = run(d, value, n, n ? n : 1), bytewise = run(d, value, n, 1);
		puts(whole != bytewise ? "S" : whole ? "1" : "0");
	}
	return 0;
}
