/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_domvocab.c - unit tests of the domain vocabulary tables and of "did you mean". */
#include <check.h>
#include <string.h>

#include "domvocab.h"
#include "suggest.h"
#include "suites.h"

static bool has(const char *name)
{
	return sl_domvocab_has(name, strlen(name));
}

static const char *near(const char *name)
{
	return sl_domvocab_suggest(name, strlen(name));
}

static const char *pick(const char *name, const char *const *cands, size_t n)
{
	return sl_suggest(name, strlen(name), cands, n);
}

START_TEST(known_names)
{
	static const char *const names[] = {
		"domain", "devices", "disk", "target", "driver", "source", "metadata",
		"seclabel", "name", "uuid", "os", "memory", "backingStore", "readonly",
		"shareable", "transient", "mirror", "encryption", "interface", "graphics",
		/* elements the qemu driver uses, in no namespace */
		"iothreads", "iothreadids", "memoryBacking", "launchSecurity", "memballoon",
		"throttlefilters", "cputune", "tpm", "iommu", "vsock",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		ck_assert_msg(has(names[i]), "<%s> should be known", names[i]);
}
END_TEST

START_TEST(unknown_names)
{
	static const char *const names[] = {
		"devcies", "Disk", "DOMAIN", "dis", "disks", "foo", "snapshot-disk",
		"inactiveDomain", /* the snapshot's sibling of <domain>, not inside it */
		"commandline",    /* only <qemu:commandline> etc., namespaced: callers skip */
		"processor",      /* host <sysinfo> only (sysinfo.rng), not in a domain */
		"pages",          /* host capabilities' CPU only */
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		ck_assert_msg(!has(names[i]), "<%s> should be unknown", names[i]);
}
END_TEST

START_TEST(lengths)
{
	ck_assert(sl_domvocab_has("diskXYZ", 4));
	ck_assert(!sl_domvocab_has("diskXYZ", 3));
	ck_assert(!sl_domvocab_has("diskXYZ", 5));
	ck_assert(!sl_domvocab_has("disk\0", 5));
	ck_assert(!sl_domvocab_has("", 0));
	ck_assert(!sl_domvocab_has("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", 68));
}
END_TEST

/* The lookups are binary searches: every table must be strictly sorted, and every
 * entry must be found. */
static void assert_sorted(const sl_domvocab_set *set, const char *what)
{
	ck_assert_msg(set->n > 0, "%s is empty", what);
	for (size_t i = 1; i < set->n; i++)
		ck_assert_msg(strcmp(set->v[i - 1], set->v[i]) < 0, "%s: '%s' before '%s'",
		              what, set->v[i - 1], set->v[i]);
}

START_TEST(tables_sorted)
{
	assert_sorted(&sl_domvocab_tbl_names, "names");
	assert_sorted(&sl_domvocab_tbl_opaque, "opaque");
	assert_sorted(&sl_domvocab_tbl_domain_type, "domain type");
	assert_sorted(&sl_domvocab_tbl_disk_type, "disk type");
	assert_sorted(&sl_domvocab_tbl_disk_device, "disk device");
	assert_sorted(&sl_domvocab_tbl_disk_snapshot, "disk snapshot");
	assert_sorted(&sl_domvocab_tbl_driver_type, "driver type");
	ck_assert_uint_ge(sl_domvocab_tbl_names.n, 400);
	for (size_t i = 0; i < sl_domvocab_tbl_names.n; i++)
		ck_assert_msg(has(sl_domvocab_tbl_names.v[i]), "%s", sl_domvocab_tbl_names.v[i]);
	for (size_t i = 0; i < sl_domvocab_tbl_opaque.n; i++)
		ck_assert(has(sl_domvocab_tbl_opaque.v[i])); /* opaque names are names too */
}
END_TEST

START_TEST(opaque)
{
	ck_assert(sl_domvocab_opaque("metadata", 8));
	ck_assert(sl_domvocab_opaque("metadataXYZ", 8));
	ck_assert(!sl_domvocab_opaque("metadata_cache", 14));
	ck_assert(!sl_domvocab_opaque("domain", 6));
	ck_assert(!sl_domvocab_opaque("devices", 7));
	ck_assert(!sl_domvocab_opaque("description", 11)); /* text, not elements */
}
END_TEST

START_TEST(domain_suggestions)
{
	ck_assert_pstr_eq(near("devcies"), "devices");
	ck_assert_pstr_eq(near("tagret"), "target");
	ck_assert_pstr_eq(near("DISK"), "disk");
	ck_assert_pstr_eq(near("Devices"), "devices");
	ck_assert_pstr_eq(near("metdata"), "metadata");
	ck_assert_pstr_eq(near("sourc"), "source");
	ck_assert_pstr_eq(near("backingstore"), "backingStore");
	ck_assert_ptr_null(near("zzzzzzzzzzzz"));
	ck_assert_ptr_null(near("qwertyuiop"));
	ck_assert_ptr_null(near(""));
}
END_TEST

START_TEST(suggest_ranking)
{
	static const char *const animals[] = {"cat", "bat", "hat"};
	static const char *const disks[] = {"disc", "disk"};
	static const char *const cases[] = {"AB", "ab"};
	ck_assert_pstr_eq(pick("rat", animals, 3), "cat");  /* tie: earliest wins */
	ck_assert_pstr_eq(pick("hat", animals, 3), "hat");  /* exact match */
	ck_assert_pstr_eq(pick("Disk", disks, 2), "disk");  /* case is cheaper than an edit */
	ck_assert_pstr_eq(pick("ab", cases, 2), "ab");      /* exact case beats other case */
	ck_assert_pstr_eq(pick("Ab", cases, 2), "AB");      /* one case difference each: tie */
	ck_assert_ptr_null(pick("rat", animals, 0));
}
END_TEST

START_TEST(suggest_limits)
{
	static const char *const four[] = {"abxy", "abcx"};
	static const char *const eight[] = {"abcdefxy"};
	static const char *const nine[] = {"abcdefxyz", "abcdewxyz"};
	static const char *const one[] = {"y", "x"};
	static const char *const swap[] = {"ba"};
	static const char *const with_null[] = {NULL, "target"};
	ck_assert_pstr_eq(pick("abcd", four, 2), "abcx");       /* 1 edit at 4 bytes */
	ck_assert_ptr_null(pick("abcd", four, 1));              /* 2 edits at 4 bytes */
	ck_assert_pstr_eq(pick("abcdefgh", eight, 1), "abcdefxy"); /* 2 at 8 */
	ck_assert_ptr_null(pick("abcdezzz", eight, 1));         /* 3 at 8 */
	ck_assert_pstr_eq(pick("abcdefghi", nine, 2), "abcdefxyz"); /* 3 at 9 */
	ck_assert_ptr_null(pick("abcdefghi", nine + 1, 1));     /* 4 at 9 */
	ck_assert_ptr_null(pick("z", one, 2));                  /* 1 edit = whole name */
	ck_assert_pstr_eq(pick("X", one, 2), "x");              /* case only */
	ck_assert_pstr_eq(pick("ab", swap, 1), "ba");           /* transposition = 1 edit */
	ck_assert_pstr_eq(pick("tagret", with_null, 2), "target");
}
END_TEST

START_TEST(suggest_bounds)
{
	char name[SL_SUGGEST_MAX + 2];
	memset(name, 'a', sizeof name);
	name[sizeof name - 1] = '\0';
	const char *const longer[] = {name};
	ck_assert_ptr_null(pick(name, longer, 1)); /* 65 bytes: never */
	name[SL_SUGGEST_MAX] = '\0';
	ck_assert_pstr_eq(pick(name, longer, 1), name); /* 64 bytes: still bounded */
	char cand[SL_SUGGEST_MAX + 2];
	memcpy(cand, name, SL_SUGGEST_MAX);
	cand[SL_SUGGEST_MAX] = 'a';
	cand[SL_SUGGEST_MAX + 1] = '\0';
	const char *const too_long[] = {cand};
	ck_assert_ptr_null(pick(name, too_long, 1)); /* 65-byte candidate skipped */
	ck_assert_ptr_null(sl_suggest(NULL, 0, longer, 1));
}
END_TEST

START_TEST(domain_type)
{
	static const char *const ok[] = {"kvm", "qemu", "test", "xen", "lxc", "hvf", "bhyve"};
	static const char *const bad[] = {"kvmm", "KVM", "", " kvm", "kvm ", "qemu-kvm"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(sl_domvocab_domain_type(ok[i]), "'%s'", ok[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!sl_domvocab_domain_type(bad[i]), "'%s'", bad[i]);
}
END_TEST

START_TEST(disk_enums)
{
	ck_assert(sl_domvocab_disk_type("file"));
	ck_assert(sl_domvocab_disk_type("block"));
	ck_assert(sl_domvocab_disk_type("network"));
	ck_assert(sl_domvocab_disk_type("volume"));
	ck_assert(sl_domvocab_disk_type("nvme"));
	ck_assert(sl_domvocab_disk_type("vhostuser"));
	ck_assert(!sl_domvocab_disk_type("files"));
	ck_assert(!sl_domvocab_disk_type("File"));
	ck_assert(sl_domvocab_disk_device("disk"));
	ck_assert(sl_domvocab_disk_device("cdrom"));
	ck_assert(sl_domvocab_disk_device("floppy"));
	ck_assert(sl_domvocab_disk_device("lun"));
	ck_assert(!sl_domvocab_disk_device("usb"));
	ck_assert(sl_domvocab_disk_snapshot("no"));
	ck_assert(sl_domvocab_disk_snapshot("internal"));
	ck_assert(sl_domvocab_disk_snapshot("external"));
	ck_assert(sl_domvocab_disk_snapshot("manual"));
	ck_assert(!sl_domvocab_disk_snapshot("yes"));
	ck_assert(!sl_domvocab_disk_snapshot("none"));
}
END_TEST

START_TEST(driver_type)
{
	static const char *const ok[] = {"raw", "qcow2", "qcow", "qed", "vmdk", "luks", "aio", "iso"};
	static const char *const bad[] = {"qcow3", "QCOW2", "", "img", "vhdx"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(sl_domvocab_driver_type(ok[i]), "'%s'", ok[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!sl_domvocab_driver_type(bad[i]), "'%s'", bad[i]);
}
END_TEST

Suite *sl_domvocab_suite(void)
{
	Suite *s = suite_create("domvocab");
	TCase *names = tcase_create("names");
	tcase_add_test(names, known_names);
	tcase_add_test(names, unknown_names);
	tcase_add_test(names, lengths);
	tcase_add_test(names, tables_sorted);
	tcase_add_test(names, opaque);
	suite_add_tcase(s, names);
	TCase *sugg = tcase_create("suggest");
	tcase_add_test(sugg, domain_suggestions);
	tcase_add_test(sugg, suggest_ranking);
	tcase_add_test(sugg, suggest_limits);
	tcase_add_test(sugg, suggest_bounds);
	suite_add_tcase(s, sugg);
	TCase *enums = tcase_create("enumerations");
	tcase_add_test(enums, domain_type);
	tcase_add_test(enums, disk_enums);
	tcase_add_test(enums, driver_type);
	suite_add_tcase(s, enums);
	return s;
}
