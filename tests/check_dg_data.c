/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_dg_data.c - dg_data's contract: verdicts on boundary values, the same verdict at
 * every chunk size, bounded work on huge values, refusal of tables it cannot judge, and
 * the messages of dg_data_describe (tests/dg-data.sh compares the verdicts with libxml2
 * on many more values).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dg_data.h"
#include "suites.h"

/* A DFA for [0-9]+ by hand: class 1 the digits; state 1 the start, 2 accepting. */
static uint8_t digit_classes[256];
static const uint16_t digit_trans[] = {0, 0, 0, 2, 0, 2};
static const uint8_t digit_accept[] = {0, 0, 1};
static const dg_dfa digit_dfa[] = {{digit_classes, digit_trans, digit_accept, 2, 3, 1}};
static const uint16_t pattern0[] = {0};

static void setup(void)
{
	memset(digit_classes, 0, sizeof digit_classes);
	memset(&digit_classes['0'], 1, 10);
}

static bool valid(const dg_datatype *dt, const char *v)
{
	return dg_data_valid(dt, digit_dfa, v, strlen(v));
}

/* The verdict of v fed in pieces of `step` bytes. */
static bool valid_in_pieces(const dg_datatype *dt, const char *v, size_t step)
{
	dg_dscan s;
	size_t n = strlen(v);
	dg_data_begin(&s, dt, digit_dfa);
	for (size_t i = 0; i < n; i += step)
		dg_data_feed(&s, v + i, n - i < step ? n - i : step);
	return dg_data_end(&s);
}

/* A datatype of the given type without facets. */
static dg_datatype mk(unsigned type)
{
	dg_datatype d = {.type = (uint8_t)type, .length = -1, .min_length = -1, .max_length = -1};
	return d;
}

/* The same with one pattern facet, [0-9]+. */
static dg_datatype mk_pattern(unsigned type)
{
	dg_datatype d = mk(type);
	d.npatterns = 1;
	d.patterns = pattern0;
	return d;
}

START_TEST(integer_boundaries)
{
	const dg_datatype ui = mk(DG_XSD_UNSIGNED_INT), sh = mk(DG_XSD_SHORT);
	const dg_datatype pos = mk(DG_XSD_POSITIVE_INTEGER);
	ck_assert(valid(&ui, "4294967295"));
	ck_assert(!valid(&ui, "4294967296"));
	ck_assert(valid(&ui, " 000004294967295\n"));
	ck_assert(!valid(&ui, "+0"));          /* libxml2: no sign on unsigned types */
	ck_assert(!valid(&ui, "1 2"));
	ck_assert(valid(&sh, "-32768"));
	ck_assert(!valid(&sh, "-32769"));
	ck_assert(valid(&sh, "+32767"));
	ck_assert(!valid(&pos, "0"));
	ck_assert(!valid(&pos, "-1"));
	ck_assert(valid(&pos, "999999999999999999999999"));   /* 24 digits */
	ck_assert(!valid(&pos, "1000000000000000000000000")); /* 25 digits */
}
END_TEST

START_TEST(facets)
{
	dg_datatype r = mk(DG_XSD_INT), x = mk(DG_XSD_INTEGER), len = mk(DG_XSD_STRING);
	const dg_datatype p = mk_pattern(DG_XSD_UNSIGNED_INT);
	r.min_incl = "-5";
	r.max_incl = " 10 ";
	x.min_excl = "0";
	x.max_excl = "3";
	len.min_length = 2;
	len.max_length = 3;
	ck_assert(valid(&r, "-5") && valid(&r, "0010") && !valid(&r, "11") && !valid(&r, "-6"));
	ck_assert(!valid(&x, "-0") && valid(&x, "1") && valid(&x, "2") && !valid(&x, "3"));
	/* the pattern sees the raw value, the type the collapsed one */
	ck_assert(valid(&p, "12") && !valid(&p, " 12"));
	ck_assert(valid(&len, "\xc3\xa9\xe2\x82\xac") && !valid(&len, "a") && !valid(&len, "abcd"));
}
END_TEST

START_TEST(datetime_and_ncname)
{
	const dg_datatype dt = mk(DG_XSD_DATETIME), nc = mk(DG_XSD_NCNAME);
	ck_assert(valid(&dt, " 2024-02-29T24:00:00Z "));
	ck_assert(!valid(&dt, "2023-02-29T00:00:00"));
	ck_assert(!valid(&dt, "2024-01-01T00:00:00+14:01"));
	ck_assert(!valid(&dt, "2024-01-01T23:59:59.99999999999999999999")); /* rounds to 60 */
	ck_assert(valid(&nc, "a\xc2\xb7-1") && !valid(&nc, "1a") && !valid(&nc, "a:b"));
}
END_TEST

/* Every chunk size gives the whole value's verdict. */
START_TEST(chunking)
{
	static const char *const values[] = {" 2024-12-31T23:59:59.5-01:30", "a\xe4\xb8\xad\xcc\x81",
		" -0000000000000000000000000000032768 ", "12x", ""};
	const dg_datatype types[] = {mk(DG_XSD_DATETIME), mk(DG_XSD_NCNAME), mk(DG_XSD_SHORT),
		mk_pattern(DG_XSD_UNSIGNED_LONG), mk(DG_XSD_STRING)};
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
		for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
			for (size_t step = 1; step <= 8; step++)
				ck_assert_int_eq(valid_in_pieces(&types[t], values[v], step),
					valid(&types[t], values[v]));
}
END_TEST

/* A value of digits alone is judged whole without the scanner (dg_data.c): the same
 * verdict as the scanner fed one byte at a time, on zeros, bounds, the digit limit, the
 * facets, a pattern and libxml2's length 0 for numbers. */
START_TEST(digits_as_scanned)
{
	static const char *const values[] = {"0", "000", "0012", "7", "4294967295", "4294967296",
		"000000000000000000000004294967295", "999999999999999999999999",
		"1000000000000000000000000", "0999999999999999999999999"};
	dg_datatype types[] = {mk(DG_XSD_UNSIGNED_INT), mk(DG_XSD_POSITIVE_INTEGER), mk(DG_XSD_INT),
		mk(DG_XSD_INTEGER), mk_pattern(DG_XSD_UNSIGNED_LONG), mk(DG_XSD_INT)};
	types[2].min_incl = "1", types[2].max_incl = "12";
	types[5].min_length = 3; /* never met by a number: libxml2 counts its length as 0 */
	bool some_valid = false, some_invalid = false;
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
		for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
			bool whole = valid(&types[t], values[v]);
			ck_assert_int_eq(whole, valid_in_pieces(&types[t], values[v], 1));
			some_valid |= whole, some_invalid |= !whole;
		}
	ck_assert(some_valid && some_invalid);
	ck_assert(valid(&types[0], "000") && !valid(&types[1], "000") && valid(&types[2], "0012"));
	ck_assert(!valid(&types[5], "7") && !valid(&types[0], "0999999999999999999999999"));
}
END_TEST

/* A megabyte of digits: judged with the fixed-size scanner, invalid past 24 digits. */
START_TEST(huge_values)
{
	size_t n = 1 << 20;
	char *v = malloc(n + 1);
	ck_assert_ptr_nonnull(v);
	memset(v, '7', n);
	v[n] = '\0';
	const dg_datatype i = mk(DG_XSD_INTEGER);
	dg_datatype s = mk(DG_XSD_STRING);
	s.max_length = 1 << 20;
	ck_assert(!valid(&i, v));
	ck_assert(valid(&s, v));
	v[0] = 'x';
	ck_assert(!valid(&i, v));
	free(v);
}
END_TEST

START_TEST(unusable_tables)
{
	static const uint16_t five[5] = {0};
	dg_datatype many = mk(DG_XSD_STRING);
	const dg_datatype bad = mk(DG_XSD_COUNT);
	many.npatterns = 5;
	many.patterns = five;
	ck_assert(!valid(&many, "1"));
	ck_assert(!valid(&bad, "1"));
	ck_assert_str_eq(dg_xsd_name(DG_XSD_COUNT), "?");
	ck_assert_str_eq(dg_xsd_name(DG_XSD_UNSIGNED_SHORT), "unsignedShort");
}
END_TEST

START_TEST(descriptions)
{
	static const char *const pat[] = {"[0-9]+"};
	char buf[128], small[12];
	dg_datatype a = mk(DG_XSD_UNSIGNED_INT), b = mk_pattern(DG_XSD_STRING);
	dg_datatype c = mk(DG_XSD_INT), d = mk(DG_XSD_STRING);
	const dg_datatype e = mk_pattern(DG_XSD_UNSIGNED_LONG);
	a.min_incl = "0";
	a.max_incl = " 65535";
	b.pattern_text = pat;
	c.min_excl = "0";
	d.max_length = 255;
	ck_assert_str_eq(dg_data_describe(&a, buf, sizeof buf), "an unsigned integer from 0 to 65535");
	ck_assert_str_eq(dg_data_describe(&b, buf, sizeof buf), "a string matching [0-9]+");
	ck_assert_str_eq(dg_data_describe(&c, buf, sizeof buf), "an integer greater than 0");
	ck_assert_str_eq(dg_data_describe(&d, buf, sizeof buf), "a string of at most 255 characters");
	ck_assert_str_eq(dg_data_describe(&e, buf, sizeof buf),
		"an unsigned integer of a restricted form");
	ck_assert_str_eq(dg_data_describe(&a, small, sizeof small), "an unsigned");
}
END_TEST

Suite *sl_dg_data_suite(void)
{
	Suite *s = suite_create("dg_data");
	TCase *tc = tcase_create("dg_data");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, integer_boundaries);
	tcase_add_test(tc, facets);
	tcase_add_test(tc, datetime_and_ncname);
	tcase_add_test(tc, chunking);
	tcase_add_test(tc, digits_as_scanned);
	tcase_add_test(tc, huge_values);
	tcase_add_test(tc, unusable_tables);
	tcase_add_test(tc, descriptions);
	suite_add_tcase(s, tc);
	return s;
}
