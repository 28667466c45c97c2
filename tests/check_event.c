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

/* The name indexes' key: the name hash of an unprefixed name; none for a name that
 * carries expat's namespace separator. */
START_TEST(name_hash_is_the_hash_of_unprefixed_names)
{
	uint32_t h = 0;
	size_t len = 99;
	char name[16] = "snapshot"; /* room for every load GCC sees in the dead branches */
	ck_assert(sl_name_hash(name, &h, &len));
	ck_assert_uint_eq(h, sl_name_hash_len("snapshot", 8));
	ck_assert_uint_eq(len, 8);
	name[0] = '\0';
	ck_assert(sl_name_hash(name, &h, &len));
	ck_assert_uint_eq(h, sl_name_hash_len(name, 0));
	ck_assert_uint_eq(len, 0);
	h = 7, len = 99;
	ck_assert(!sl_name_hash("urn:x\001name", &h, &len));
	ck_assert(!sl_name_hash("urn:x\001name\001p", &h, NULL));
	ck_assert_uint_eq(h, 7); /* unset */
	ck_assert_uint_eq(len, 99);
}
END_TEST

/* The name hash reads exactly `len` bytes, whatever follows them, and every one of them
 * and the length count: at every length from 0 to 40 (each branch of its loads: 1 to 3
 * bytes, 4 to 7, 8 to 16, longer), changing any one byte or dropping the last changes
 * it (for these names; a 32-bit hash may collide in general, and its users compare). */
START_TEST(name_hash_reads_every_byte_and_no_more)
{
	char a[48], b[48];
	for (size_t len = 0; len <= 40; len++) {
		for (size_t i = 0; i < sizeof a; i++)
			a[i] = (char)('a' + (i * 7 + len) % 26);
		memcpy(b, a, sizeof b);
		b[len] = 'Z', a[len] = '\0'; /* beyond the name: not read */
		uint32_t h = sl_name_hash_len(a, len), ah = 0;
		ck_assert_uint_eq(sl_name_hash_len(b, len), h);
		ck_assert(sl_name_hash(a, &ah, NULL));
		ck_assert_uint_eq(ah, h);
		if (len)
			ck_assert_uint_ne(sl_name_hash_len(a, len - 1), h);
		for (size_t i = 0; i < len; i++) {
			memcpy(b, a, sizeof b);
			b[i] = (char)(b[i] ^ 0x20);
			ck_assert_msg(sl_name_hash_len(b, len) != h, "length %zu, byte %zu", len, i);
		}
	}
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
	tcase_add_test(tc, name_hash_reads_every_byte_and_no_more);
	tcase_add_test(tc, attribute_by_exact_name);
	suite_add_tcase(s, tc);
	return s;
}
