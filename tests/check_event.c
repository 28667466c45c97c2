/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_event.c - the helpers every stage shares (src/event.h): the one growth helper,
 * the one hash and the name hash the adapter computes once, attribute access.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "suites.h"

/* Capacity doubles from 4, as often as one call needs, and keeps what the array held. */
START_TEST(grow_doubles_from_four_in_one_call)
{
	int *a = NULL;
	size_t cap = 0;
	ck_assert(sl_grow((void **)&a, &cap, 0, sizeof *a));
	ck_assert_uint_eq(cap, 4);
	for (int i = 0; i < 4; i++)
		a[i] = i;
	int *before = a;
	ck_assert(sl_grow((void **)&a, &cap, 3, sizeof *a)); /* room already: untouched */
	ck_assert_uint_eq(cap, 4);
	ck_assert_ptr_eq(a, before);
	ck_assert(sl_grow((void **)&a, &cap, 4, sizeof *a));
	ck_assert_uint_eq(cap, 8);
	ck_assert(sl_grow((void **)&a, &cap, 100, sizeof *a)); /* 8 -> 128 at once */
	ck_assert_uint_eq(cap, 128);
	a[100] = 100;
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(a[i], i);
	free(a);
}
END_TEST

/* A size that would overflow is refused and leaves the array as it was. */
START_TEST(grow_refuses_an_overflowing_size)
{
	char *a = NULL;
	size_t cap = 0;
	ck_assert(sl_grow((void **)&a, &cap, 10, 1));
	ck_assert_uint_eq(cap, 16);
	char *before = a;
	ck_assert(!sl_grow((void **)&a, &cap, SIZE_MAX / 2, 4));
	ck_assert_ptr_eq(a, before);
	ck_assert_uint_eq(cap, 16);
	free(a);
}
END_TEST

/* FNV-1a, 64 bits, the same through every entry point. */
START_TEST(one_hash_every_entry_point)
{
	ck_assert(sl_hash(SL_HASH_INIT, "abc", 3) == UINT64_C(0xe71fa2190541574b));
	ck_assert(sl_hash_cstr(SL_HASH_INIT, "abc") == UINT64_C(0xe71fa2190541574b));
	ck_assert(sl_hash_str("abc") == UINT64_C(0xe71fa2190541574b));
	ck_assert(sl_hash(sl_hash(SL_HASH_INIT, "a", 1), "bc", 2) == sl_hash_str("abc"));
	ck_assert(sl_hash_str("") == SL_HASH_INIT);
}
END_TEST

/* The name index's key: the hash of an unprefixed name cut to 32 bits; none for a name
 * that carries expat's namespace separator. */
START_TEST(name_hash_is_the_hash_of_unprefixed_names)
{
	uint32_t h = 0;
	ck_assert(sl_name_hash("snapshot", &h));
	ck_assert_uint_eq(h, (uint32_t)sl_hash_str("snapshot"));
	ck_assert(sl_name_hash("", &h));
	ck_assert_uint_eq(h, (uint32_t)SL_HASH_INIT);
	h = 7;
	ck_assert(!sl_name_hash("urn:x\001name", &h));
	ck_assert(!sl_name_hash("urn:x\001name\001p", &h));
	ck_assert_uint_eq(h, 7); /* unset */
}
END_TEST

/* An attribute by name: exact names only (the first byte is tested before the rest). */
START_TEST(attribute_by_exact_name)
{
	const char *atts[] = {"names", "a", "nam", "b", "name", "c", "urn:x\001name", "d", NULL};
	sl_start st = {.ns = "", .local = "disk", .atts = atts, .nattrs = 4};
	ck_assert_str_eq(sl_start_attr(&st, "name"), "c");
	ck_assert_str_eq(sl_start_attr(&st, "names"), "a");
	ck_assert_str_eq(sl_start_attr(&st, "nam"), "b");
	ck_assert_ptr_null(sl_start_attr(&st, "n"));
	ck_assert_ptr_null(sl_start_attr(&st, "type"));
	ck_assert_ptr_null(sl_start_attr(&st, ""));
}
END_TEST

Suite *sl_event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("helpers");
	tcase_add_test(tc, grow_doubles_from_four_in_one_call);
	tcase_add_test(tc, grow_refuses_an_overflowing_size);
	tcase_add_test(tc, one_hash_every_entry_point);
	tcase_add_test(tc, name_hash_is_the_hash_of_unprefixed_names);
	tcase_add_test(tc, attribute_by_exact_name);
	suite_add_tcase(s, tc);
	return s;
}
