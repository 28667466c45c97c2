/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* domvocab.c - lookups over the generated domain vocabulary tables (domvocab_table.c). */
#include "domvocab.h"

#include <string.h>

#include "suggest.h"

/* strcmp() of the `len` bytes at `name` (no NUL needed) against the string `s`. */
static int cmp_len(const char *name, size_t len, const char *s)
{
	int c = strncmp(name, s, len);
	if (c)
		return c;
	return s[len] ? -1 : 0; /* equal prefix: the shorter one sorts first */
}

/* Binary search of a sorted table; the name may hold any byte but NUL compares short. */
static bool set_has(const sl_domvocab_set *set, const char *name, size_t len)
{
	if (memchr(name, '\0', len))
		return false;
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_len(name, len, set->v[mid]);
		if (!c)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

bool sl_domvocab_has(const char *name, size_t len)
{
	return set_has(&sl_domvocab_tbl_names, name, len);
}

bool sl_domvocab_opaque(const char *name, size_t len)
{
	return set_has(&sl_domvocab_tbl_opaque, name, len);
}

const char *sl_domvocab_suggest(const char *name, size_t len)
{
	return sl_suggest(name, len, sl_domvocab_tbl_names.v, sl_domvocab_tbl_names.n);
}

bool sl_domvocab_domain_type(const char *v)
{
	return set_has(&sl_domvocab_tbl_domain_type, v, strlen(v));
}

bool sl_domvocab_disk_type(const char *v)
{
	return set_has(&sl_domvocab_tbl_disk_type, v, strlen(v));
}

bool sl_domvocab_disk_device(const char *v)
{
	return set_has(&sl_domvocab_tbl_disk_device, v, strlen(v));
}

bool sl_domvocab_disk_snapshot(const char *v)
{
	return set_has(&sl_domvocab_tbl_disk_snapshot, v, strlen(v));
}

bool sl_domvocab_driver_type(const char *v)
{
	return set_has(&sl_domvocab_tbl_driver_type, v, strlen(v));
}
