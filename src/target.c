/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* target.c - the libvirt releases snaplint knows the schemas of, and how a release
 * number given with --target-libvirt maps to one of them.
 */
#include <stdlib.h>
#include <string.h>

#include "snaplint.h"

/* How to add one: a name here (in release order), an SL_LV_ constant in snaplint.h,
 * its schemas in ../shared/schemas/libvirt-X.Y.Z and `since` fields in gtables.c for
 * what it adds. */
const char *const sl_libvirt_schemas[SL_LV_COUNT] = {"9.0.0", "9.8.0", "10.4.0",
                                                     "10.7.0", "11.3.0", "12.8.0"};

/* One decimal component of a release number (no sign, no leading '+', at most 4
 * digits); advances *p past it. */
static bool component(const char **p, unsigned long *out)
{
	const char *s = *p;
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 4)
		return false;
	*out = strtoul(s, NULL, 10);
	*p = s + n;
	return true;
}

/* "MAJOR.MINOR[.MICRO]" as MAJOR * 1000000 + MINOR * 1000 + MICRO, or -1. */
static long parse_release(const char *v)
{
	unsigned long major, minor, micro = 0;
	if (!component(&v, &major) || *v++ != '.' || !component(&v, &minor) || minor > 999)
		return -1;
	if (*v == '.' && (++v, !component(&v, &micro) || micro > 999))
		return -1;
	return *v ? -1 : (long)(major * 1000000 + minor * 1000 + micro);
}

int sl_libvirt_resolve(const char *version)
{
	long want = parse_release(version);
	if (want < 0)
		return -1;
	int found = -2;
	for (int i = 0; i < SL_LV_COUNT; i++)
		if (parse_release(sl_libvirt_schemas[i]) <= want)
			found = i;
	/* Maintenance releases of the newest (12.8.x) keep its schemas; 12.9 is unknown. */
	if (found == SL_LV_COUNT - 1 && want / 1000 > parse_release(sl_libvirt_schemas[found]) / 1000)
		return -3;
	return found;
}

long sl_libvirt_release(const char *version)
{
	long r = version ? parse_release(version) : -1;
	return r >= 0 ? r : parse_release(sl_libvirt_schemas[SL_LV_COUNT - 1]);
}

unsigned sl_libvirt_index(const char *schema)
{
	for (unsigned i = 0; schema && i < SL_LV_COUNT; i++)
		if (!strcmp(schema, sl_libvirt_schemas[i]))
			return i;
	return SL_LV_COUNT - 1;
}

/* rules/releases.def writes a range as "MAJOR.MINOR" to "MAJOR.MINOR", every micro
 * release of both ends included. */
sl_range sl_rule_range_at(sl_rule rule, long release)
{
	size_t n;
	const sl_rule_range *r = sl_rule_ranges(rule, &n);
	for (size_t i = 0; i < n; i++)
		if (release >= sl_libvirt_release(r[i].from) && release <= sl_libvirt_release(r[i].to) + 999)
			return (sl_range)(r + i - sl_range_get((sl_range)0));
	return SL_RANGE_COUNT;
}
