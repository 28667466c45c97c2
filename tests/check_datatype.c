/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_datatype.c - every value of tests/datatype-values.tsv (whose verdicts
 * tests/conformance-datatypes.sh holds to xmllint's) through the scanners, fed whole
 * and in pieces of 1..7 bytes and through sl_dt_check(); plus the token normalisation.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datatype.h"
#include "suites.h"

static const char *const type_names[] = {
#define SL_DT_NAME(id, rng, desc) #id,
	SL_DATATYPES(SL_DT_NAME)
#undef SL_DT_NAME
};

static int type_of(const char *name)
{
	for (int i = 0; i < SL_DT_COUNT; i++)
		if (!strcmp(type_names[i], name))
			return i;
	return -1;
}

/* Undoes the table's C-style escapes (\n \t \r \\ \xNN) in place; returns the length. */
static size_t unescape(char *s)
{
	size_t n = 0;
	for (char *p = s; *p; p++) {
		if (*p != '\\' || !p[1]) {
			s[n++] = *p;
			continue;
		}
		p++;
		if (*p == 'n') s[n++] = '\n';
		else if (*p == 't') s[n++] = '\t';
		else if (*p == 'r') s[n++] = '\r';
		else if (*p == 'x') {
			unsigned v;
			sscanf(p + 1, "%2x", &v);
			s[n++] = (char)v;
			p += 2;
		} else s[n++] = *p;
	}
	return n;
}

static bool scan(sl_dt dt, const char *v, size_t n, size_t piece)
{
	sl_dtscan s;
	sl_dt_begin(&s, dt);
	if (!piece)
		sl_dt_feed(&s, v, n);
	for (size_t at = 0; piece && at < n; at += piece)
		sl_dt_feed(&s, v + at, at + piece <= n ? piece : n - at);
	return sl_dt_end(&s);
}

START_TEST(table_values_at_every_piece_size)
{
	const char *path = getenv("SL_DATATYPE_VALUES");
	FILE *f = fopen(path ? path : "tests/datatype-values.tsv", "r");
	ck_assert_msg(f != NULL, "cannot open the datatype table");
	char line[4096];
	unsigned cases = 0, lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		/* a fourth column documents a deliberate divergence from libxml2 */
		char *diverges = strstr(line, "\tdiverges: ");
		if (diverges)
			*diverges = '\0';
		char *tab1 = strchr(line, '\t'), *tab2 = strrchr(line, '\t');
		ck_assert_msg(tab1 && tab2 && tab1 != tab2, "line %u: bad format", lineno);
		*tab1 = *tab2 = '\0';
		int dt = type_of(line);
		ck_assert_msg(dt >= 0, "line %u: unknown type %s", lineno, line);
		bool want = !strcmp(tab2 + 1, "valid") != (diverges != NULL);
		size_t n = unescape(tab1 + 1);
		for (size_t piece = 0; piece <= 7; piece++)
			ck_assert_msg(scan((sl_dt)dt, tab1 + 1, n, piece) == want,
			              "line %u: %s [%s] should be %s (pieces of %zu)", lineno, line,
			              tab1 + 1, want ? "valid" : "invalid", piece);
		/* the one-shot check takes shortcuts for common types (quick_check) */
		ck_assert_msg(sl_dt_check((sl_dt)dt, tab1 + 1, n) == want, "line %u: %s [%s] should be %s (sl_dt_check)",
		              lineno, line, tab1 + 1, want ? "valid" : "invalid");
		cases++;
	}
	fclose(f);
	ck_assert_uint_gt(cases, 250);
}
END_TEST

START_TEST(long_values_stream_in_constant_space)
{
	/* a megabyte path, a million leading zeros: judged without holding them */
	sl_dtscan s;
	char chunk[4096];
	memset(chunk, 'a', sizeof chunk);
	sl_dt_begin(&s, SL_DT_ABS_FILE_PATH);
	sl_dt_feed(&s, "/", 1);
	for (int i = 0; i < 256; i++)
		sl_dt_feed(&s, chunk, sizeof chunk);
	ck_assert(sl_dt_end(&s));
	ck_assert(s.overflow);
	memset(chunk, '0', sizeof chunk);
	sl_dt_begin(&s, SL_DT_UNSIGNED_LONG);
	for (int i = 0; i < 256; i++)
		sl_dt_feed(&s, chunk, sizeof chunk);
	sl_dt_feed(&s, "18446744073709551615", 20);
	ck_assert(sl_dt_end(&s));
	sl_dt_begin(&s, SL_DT_UUID);
	for (int i = 0; i < 4; i++)
		sl_dt_feed(&s, "c7a5fdbdcdaf9455926ad65c16db1809", 32);
	ck_assert(!sl_dt_end(&s));
}
END_TEST

START_TEST(token_normalisation)
{
	static const struct {
		const char *in, *out;
	} cases[] = {{" running ", "running"}, {"\n\tdisk-snapshot\r\n", "disk-snapshot"},
	             {"a  \t b", "a b"}, {"", ""}, {"   ", ""}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (size_t piece = 1; piece <= 3; piece++) {
			sl_dtscan s;
			sl_dt_begin(&s, SL_DT_TOKEN);
			size_t n = strlen(cases[i].in);
			for (size_t at = 0; at < n; at += piece)
				sl_dt_feed(&s, cases[i].in + at, at + piece <= n ? piece : n - at);
			ck_assert(sl_dt_end(&s));
			ck_assert_str_eq(sl_dt_token(&s), cases[i].out);
		}
	}
	sl_dtscan s;
	sl_dt_begin(&s, SL_DT_TOKEN);
	for (int i = 0; i < 100; i++)
		sl_dt_feed(&s, "x", 1);
	sl_dt_end(&s);
	ck_assert_ptr_null(sl_dt_token(&s));
}
END_TEST

/* sl_dt_check() decides common values without a scanner (datatype.c, quick_check): on
 * the edges of each shortcut it must give the scanner's verdict, for every type. */
START_TEST(one_shot_check_agrees_with_the_scanner)
{
	static const char *const values[] = {
		"/", "//", "/a", "/\xc3\xa9", "/a\nb", "/a\rb", "/a b", "/\t", "/var/lib/x.qcow2",
		"vd", "vda", "vd_", "vda1", "sdb", "hdc", "fdd", "xvda", "ubda", "vd-a", "vdé", "nvme0n1",
		"vdaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"0", "00", "1", "7", "8", "31", "32", "255", "256", "000000255", "999999999",
		"1000000000", "4294967295", "4294967296", " 5", "5 ", "+5", "-0", "0x1f", "", "a"};
	size_t checked = 0;
	for (int dt = 0; dt < SL_DT_COUNT; dt++)
		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
			char v[128];
			snprintf(v, sizeof v, "%s", values[i]);
			size_t n = unescape(v);
			ck_assert_msg(sl_dt_check((sl_dt)dt, v, n) == scan((sl_dt)dt, v, n, 1),
			              "%s [%s]: sl_dt_check differs from the scanner", type_names[dt],
			              values[i]);
			checked++;
		}
	ck_assert_uint_gt(checked, 1000);
}
END_TEST

START_TEST(descriptions_exist)
{
	for (int i = 0; i < SL_DT_COUNT; i++) {
		ck_assert(sl_dt_describe((sl_dt)i)[0] != '\0');
		ck_assert(sl_dt_rng_name((sl_dt)i)[0] != '\0');
	}
}
END_TEST

Suite *sl_datatype_suite(void)
{
	Suite *s = suite_create("datatype");
	TCase *tc = tcase_create("datatype");
	tcase_add_test(tc, table_values_at_every_piece_size);
	tcase_add_test(tc, long_values_stream_in_constant_space);
	tcase_add_test(tc, token_normalisation);
	tcase_add_test(tc, one_shot_check_agrees_with_the_scanner);
	tcase_add_test(tc, descriptions_exist);
	suite_add_tcase(s, tc);
	return s;
}
