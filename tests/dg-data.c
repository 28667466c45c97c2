/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg-data.c - test-only runner for tests/dg-data.sh: judges values with src/dg_data.c.
 *
 * Reads lines TYPE<TAB>MININCL<TAB>MAXINCL<TAB>MINEXCL<TAB>MAXEXCL<TAB>LENGTH<TAB>
 * MINLENGTH<TAB>MAXLENGTH<TAB>PATTERN<TAB>HEXVALUE, where TYPE is an XSD name, the bounds
 * are hex ('-' when absent), the lengths decimal (-1 when absent) and PATTERN an index
 * into dgt_dfas[] (the DFAs tools/dg_regex.py emitted, -1 for none).  Prints 1 (valid)
 * or 0 per line; the value is judged whole (dg_data_valid), one byte per dg_data_feed()
 * call, and split in two at every position, and S is printed if these disagree.  With -d
 * it prints dg_data_describe() instead.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#endif
#include "dg_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const dg_dfa dgt_dfas[];

static char line[1 << 20];

/* Decodes hex in place; NULL for '-'. */
static char *unhex(char *s, size_t *n)
{
	size_t i = 0;
	unsigned int b;
	if (strcmp(s, "-") == 0)
		return NULL;
	for (; sscanf(s + 2 * i, "%2x", &b) == 1; i++)
		s[i] = (char)b;
	s[i] = '\0';
	if (n != NULL)
		*n = i;
	return s;
}

static unsigned type_of(const char *name)
{
	for (unsigned t = 0; t < DG_XSD_COUNT; t++)
		if (strcmp(dg_xsd_name(t), name) == 0)
			return t;
	fprintf(stderr, "dg-data: unknown type %s\n", name);
	exit(2);
}

static bool split_run(const dg_datatype *dt, const char *v, size_t n, size_t at, size_t step)
{
	dg_dscan s;
	dg_data_begin(&s, dt, dgt_dfas);
	if (step > 0) {
		for (size_t i = 0; i < n; i += step)
			dg_data_feed(&s, v + i, n - i < step ? n - i : step);
	} else {
		dg_data_feed(&s, v, at);
		dg_data_feed(&s, v + at, n - at);
	}
	return dg_data_end(&s);
}

static int judge(const dg_datatype *dt, const char *v, size_t n)
{
	bool whole = dg_data_valid(dt, dgt_dfas, v, n);
	if (split_run(dt, v, n, 0, 1) != whole)
		return 'S';
	for (size_t at = 0; at <= n; at++)
		if (split_run(dt, v, n, at, 0) != whole)
			return 'S';
	return whole ? '1' : '0';
}

int main(int argc, char **argv)
{
	bool describe = argc > 1 && strcmp(argv[1], "-d") == 0;
	while (fgets(line, sizeof line, stdin) != NULL) {
		char *f[10], *save = NULL;
		int k = 0;
		line[strcspn(line, "\n")] = '\0';
		for (char *p = strtok_r(line, "\t", &save); p != NULL && k < 10; p = strtok_r(NULL, "\t", &save))
			f[k++] = p;
		if (k != 10)
			return 2;
		uint16_t pat = (uint16_t)atoi(f[8]);
		dg_datatype dt = {
			.type = (uint8_t)type_of(f[0]),
			.npatterns = atoi(f[8]) >= 0,
			.patterns = &pat,
			.min_incl = unhex(f[1], NULL),
			.max_incl = unhex(f[2], NULL),
			.min_excl = unhex(f[3], NULL),
			.max_excl = unhex(f[4], NULL),
			.length = atoi(f[5]),
			.min_length = atoi(f[6]),
			.max_length = atoi(f[7]),
		};
		size_t n = 0;
		char *v = unhex(f[9], &n);
		if (describe) {
			char buf[200];
			puts(dg_data_describe(&dt, buf, sizeof buf));
			continue;
		}
		putchar(judge(&dt, v ? v : "", v ? n : 0));
		putchar('\n');
	}
	return 0;
}
