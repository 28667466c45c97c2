/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_core.c - the core through its public API: every golden fixture at chunk sizes
 * 1..7 and whole (with the options of its sidecar NAME.options) must give exactly
 * its expected findings; positions, limits and XML hygiene cases are checked directly.
 */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sl_expat_features.h" /* what tools/probe-expat.sh found in this expat */
#include "cli.h" /* sl_result_findings (snaplint.h): the findings path the CLI takes */
#include "dgrammar.h"
#include "snaplint.h"
#include "suites.h"

/* A growable string for rendered findings. */
typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		ck_assert_ptr_nonnull(b->s);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void putf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Runs `data` through a new document in chunks of `chunk` bytes (0: whole) and renders
 * the findings the way the CLI's text format does. */
static char *run(const char *path, const char *data, size_t len, size_t chunk,
                 const sl_options *opt)
{
	sl_doc *doc = sl_doc_new(opt);
	ck_assert_ptr_nonnull(doc);
	size_t step = chunk ? chunk : (len ? len : 1);
	for (size_t at = 0; at < len; at += step)
		if (!sl_doc_feed(doc, data + at, at + step <= len ? step : len - at))
			break;
	sl_doc_finish(doc);
	buf b = {0};
	put(&b, "", 0);
	/* the findings as the CLI reports them with no configuration: the one findings path
	 * (findings.c), inline suppressions applied and unused ones added */
	sl_policy p = {.no_inline_config = opt && opt->no_inline_config};
	memset(p.sev, -1, sizeof p.sev);
	sl_result r = {.path = path, .doc = doc};
	sl_findings f;
	ck_assert(sl_result_findings(&r, &p, &f));
	for (size_t i = 0; i < f.n; i++) {
		const sl_diag *d = &f.d[i];
		const sl_rule_info *ri = sl_rule_get(d->rule);
		putf(&b, "%s:%lu:%lu: %s: %s [%s %s]\n", path, d->line, d->column,
		     sl_severity_name(d->severity), d->message, ri->id, ri->name);
		if (d->hint)
			putf(&b, "  hint: %s\n", d->hint);
	}
	sl_findings_free(&f);
	sl_doc_free(doc);
	return b.s;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b = {0};
	char tmp[65536];
	size_t n;
	put(&b, "", 0);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		put(&b, tmp, n);
	fclose(f);
	*len = b.len;
	return b.s;
}

/* ---- golden fixtures through the library ---- */

/* The expected findings: the .expected file without its final "exit N" line. */
static char *expected_findings(const char *xml_path)
{
	char path[4096];
	size_t len;
	snprintf(path, sizeof path, "%.*s.expected", (int)(strlen(xml_path) - 4), xml_path);
	char *want = slurp(path, &len);
	ck_assert_msg(want != NULL, "missing %s", path);
	char *exit_line = strstr(want, "exit ");
	while (exit_line && exit_line != want && exit_line[-1] != '\n')
		exit_line = strstr(exit_line + 1, "exit ");
	ck_assert_msg(exit_line != NULL, "%s has no final 'exit N' line", path);
	*exit_line = '\0';
	/* the source excerpts ("   12 | ..." and "      | ^") are the CLI's, not the library's */
	char *w = want;
	for (char *line = want; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		size_t sp = strspn(line, " "), dg = strspn(line + sp, "0123456789");
		bool excerpt = (dg && sp + dg >= 5 && !strncmp(line + sp + dg, " | ", 3)) ||
		               (!dg && sp == 6 && line[6] == '|');
		if (!excerpt)
			memmove(w, line, n), w += n;
		line += n;
	}
	*w = '\0';
	return want;
}

/* Reads a whole domain file through the core as --domain-xml does; NULL if unusable. */
static sl_doc *load_live(const char *path)
{
	size_t len;
	char *data = slurp(path, &len);
	ck_assert_msg(data != NULL, "cannot read %s", path);
	sl_options opt = {.domain_root = true, .other_root_is_error = true};
	sl_doc *doc = sl_doc_new(&opt);
	sl_doc_feed(doc, data, len);
	sl_doc_finish(doc);
	free(data);
	return doc;
}

/* One option of a fixture's sidecar ("--mode=create", "--domain-xml=FILE",
 * "--domain-state=running", "--disk-only", "--target-libvirt=9.0") applied to `opt`; a --domain-xml's live domain
 * in *live (caller frees). */
static void fixture_option(const char *word, sl_options *opt, sl_doc **live)
{
	const char *eq = strchr(word, '=');
	const char *v = eq ? eq + 1 : "";
	if (!strncmp(word, "--mode=", 7))
		opt->mode = !strcmp(v, "create") ? SL_MODE_CREATE
		            : !strcmp(v, "redefine") ? SL_MODE_REDEFINE
		            : !strcmp(v, "stored") ? SL_MODE_STORED : SL_MODE_AUTO;
	else if (!strncmp(word, "--domain-xml=", 13)) {
		sl_doc_free(*live); /* the last one applies, as on the command line */
		opt->live = *live = load_live(v);
	}
	else if (!strncmp(word, "--domain-state=", 15))
		opt->domain_state = !strcmp(v, "running") ? SL_STATE_RUNNING
		                    : !strcmp(v, "paused") ? SL_STATE_PAUSED : SL_STATE_SHUTOFF;
	else if (!strcmp(word, "--disk-only"))
		opt->disk_only = true;
	else if (!strncmp(word, "--target-libvirt=", 17)) {
		static char target[16]; /* the fixture's; the next fixture sets its own */
		int i = sl_libvirt_resolve(v);
		ck_assert_msg(i >= 0 && strlen(v) < sizeof target, "bad fixture target '%s'", v);
		snprintf(target, sizeof target, "%s", v);
		opt->target_libvirt = target;
		opt->target_schema = sl_libvirt_schemas[i];
	}
	else
		ck_abort_msg("unknown fixture option '%s'", word);
}

/* The options in the fixture's sidecar NAME.options (one a line, as on the command line;
 * empty lines and lines starting with '#' ignored), as tests/golden.sh reads them. */
static void fixture_options(const char *xml_path, sl_options *opt, sl_doc **live)
{
	char path[4096], line[4096];
	snprintf(path, sizeof path, "%.*s.options", (int)(strlen(xml_path) - 4), xml_path);
	*live = NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] && line[0] != '#')
			fixture_option(line, opt, live);
	}
	fclose(f);
}

/* Keeps the lines about `path` (a finding and its hint): the golden output also holds
 * the --domain-xml file's own findings, reported under its name. */
static void only_this_file(char *want, const char *path)
{
	size_t pl = strlen(path);
	bool keep = false;
	char *w = want;
	for (char *line = want; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		if (strncmp(line, "  hint: ", 8))
			keep = !strncmp(line, path, pl) && line[pl] == ':';
		if (keep)
			memmove(w, line, n), w += n;
		line += n;
	}
	*w = '\0';
}

static void check_fixture(const char *path)
{
	size_t len;
	char *data = slurp(path, &len);
	ck_assert_ptr_nonnull(data);
	char *want = expected_findings(path);
	sl_options opt = {.other_root_is_error = true, .now = (long long)time(NULL)}; /* as the CLI */
	sl_doc *live;
	fixture_options(path, &opt, &live);
	only_this_file(want, path);
	for (size_t chunk = 0; chunk <= 7; chunk++) {
		char *got = run(path, data, len, chunk, &opt);
		ck_assert_msg(!strcmp(got, want), "%s at chunk size %zu:\n--- expected\n%s--- got\n%s",
		              path, chunk, want, got);
		free(got);
	}
	sl_doc_free(live);
	free(want);
	free(data);
}

/* The fixtures, found once when the suite is made: one test case each, so that a
 * failure names its fixture and the others still run. */
static char **fixture_paths;
static size_t nfixture_paths, capfixture_paths;

static void add_fixture(const char *path)
{
	if (nfixture_paths == capfixture_paths) {
		size_t cap = capfixture_paths ? 2 * capfixture_paths : 256;
		char **p = realloc(fixture_paths, cap * sizeof *p);
		if (!p)
			return; /* the count test below then fails */
		fixture_paths = p, capfixture_paths = cap;
	}
	char *copy = strdup(path);
	if (copy)
		fixture_paths[nfixture_paths++] = copy;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_fixtures(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		char path[4096];
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0)
			continue;
		size_t n = strlen(e->d_name);
		if (S_ISDIR(sb.st_mode) && strcmp(path, "fixtures/tree"))
			collect_fixtures(path); /* fixtures/tree/: directory cases, see check_tree.c */
		else if (n > 4 && !strcmp(e->d_name + n - 4, ".xml"))
			add_fixture(path);
	}
	closedir(d);
}

static void free_fixtures(void)
{
	for (size_t i = 0; i < nfixture_paths; i++)
		free(fixture_paths[i]);
	free(fixture_paths);
	fixture_paths = NULL, nfixture_paths = capfixture_paths = 0;
}

START_TEST(fixture_at_every_chunk_size)
{
	check_fixture(fixture_paths[_i]);
}
END_TEST

START_TEST(fixtures_found)
{
	ck_assert_uint_gt(nfixture_paths, 250); /* every fixture, those with options too */
}
END_TEST

/* ---- direct cases ---- */

static char *run_str(const char *xml, size_t chunk)
{
	return run("t.xml", xml, strlen(xml), chunk, NULL);
}

static void expect(const char *xml, const char *want)
{
	for (size_t chunk = 0; chunk <= 7; chunk++) {
		char *got = run_str(xml, chunk);
		ck_assert_msg(!strcmp(got, want), "chunk %zu:\n--- expected\n%s--- got\n%s", chunk,
		              want, got);
		free(got);
	}
}

START_TEST(attribute_positions_across_lines_tabs_and_utf8)
{
	expect("<domainsnapshot>\n<name>é</name><memory\n\tsnapshot='x' é='1'\n  file='rel'/>"
	       "</domainsnapshot>",
	       "t.xml:3:2: error: attribute 'snapshot' of <memory> has the invalid value 'x' "
	       "[SL207 schema-invalid-attribute-value]\n"
	       "  hint: expected 'no', 'internal' or 'external'\n"
	       "t.xml:3:15: error: attribute 'é' is not allowed on <memory> "
	       "[SL205 schema-unknown-attribute]\n"
	       "  hint: allowed here: 'snapshot', 'file'\n"
	       "t.xml:4:3: error: attribute 'file' of <memory> has the invalid value 'rel' "
	       "[SL207 schema-invalid-attribute-value]\n"
	       "  hint: expected an absolute path\n");
}
END_TEST

START_TEST(doctype_is_refused_before_entities)
{
	expect("<!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
	       "<domainsnapshot><name>&b;</name></domainsnapshot>",
	       "t.xml:1:1: error: a DOCTYPE declaration is not allowed; libvirt never writes one "
	       "[SL102 xml-doctype]\n"
	       "  hint: delete the <!DOCTYPE ...> declaration\n");
}
END_TEST

/* Every hardening function the build probe found must be set on the core's parsers and
 * accepted by expat: a probe result that does not reach src/xmlglue.c (as when it once
 * included the CLI's config.h instead) leaves the bit off. */
START_TEST(every_probed_protection_is_on)
{
	unsigned want = 0;
#ifdef HAVE_XML_SETBILLIONLAUGHSATTACKPROTECTIONMAXIMUMAMPLIFICATION
	want |= SL_PROTECT_BILLION_LAUGHS;
#endif
#ifdef HAVE_XML_SETALLOCTRACKERMAXIMUMAMPLIFICATION
	want |= SL_PROTECT_ALLOC_TRACKER;
#endif
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
	want |= SL_PROTECT_REPARSE_DEFERRAL;
#endif
	ck_assert_uint_eq(sl_parser_protections(), want);
}
END_TEST

/* A token that ended within the limit is never called too long, however it was fed:
 * expat defers reparsing an unfinished token until its buffer has about doubled, so the
 * end of a 5,800-byte value is seen only about 8 KiB on; the limit (6,000 here) must not
 * fire meanwhile.
 * One longer than the limit still stops the document, when it is fed in pieces smaller
 * than the 64 KiB the limit is checked at. */
START_TEST(token_limit_waits_for_deferred_tokens)
{
	sl_options opt = {.limits.max_token = 6000};
	buf b = {0};
	put(&b, "<domainsnapshot><name>s</name><memory snapshot='external' file='/", 65);
	for (int i = 0; i < 5800; i++)
		put(&b, "a", 1);
	put(&b, "'/><description>", 16);
	for (int i = 0; i < 20000; i++)
		put(&b, "t", 1);
	put(&b, "</description></domainsnapshot>", 31);
	for (size_t chunk = 0; chunk <= 7; chunk++) {
		char *got = run("t.xml", b.s, b.len, chunk, &opt);
		ck_assert_msg(!strcmp(got, ""), "chunk %zu: %s", chunk, got);
		free(got);
	}
	opt.limits.max_token = 3000;
	for (size_t chunk = 1; chunk <= 7; chunk++) {
		char *got = run("t.xml", b.s, b.len, chunk, &opt);
		ck_assert_msg(strstr(got, "t.xml:1:31: error: a single tag, name, attribute value or "
		                          "comment is longer than 3000 bytes [SL106 xml-limit]\n"),
		              "chunk %zu: %s", chunk, got);
		free(got);
	}
	free(b.s);
}
END_TEST

START_TEST(depth_limit_stops_with_a_finding)
{
	buf b = {0};
	put(&b, "<domainsnapshot><cookie>", 24);
	for (int i = 0; i < 300; i++)
		put(&b, "<a>", 3);
	sl_doc *doc = sl_doc_new(NULL);
	sl_doc_feed(doc, b.s, b.len);
	sl_doc_finish(doc);
	ck_assert(sl_doc_hit_limit(doc));
	ck_assert_uint_eq(sl_doc_ndiags(doc), 1);
	const sl_diag *d = sl_doc_diag(doc, 0);
	ck_assert_int_eq(d->rule, SL_R_LIMIT);
	ck_assert_uint_eq(d->column, 24 + 254 * 3 + 1);
	sl_doc_free(doc);
	free(b.s);
}
END_TEST

START_TEST(foreign_root_is_reported_only_when_asked)
{
	sl_options named = {.other_root_is_error = true};
	char *got = run("t.xml", "<domain type='kvm'/>", 20, 0, NULL);
	ck_assert_str_eq(got, "");
	free(got);
	got = run("t.xml", "<domain type='kvm'/>", 20, 0, &named);
	ck_assert_str_eq(got, "t.xml:1:1: error: root element <domain> is neither <domainsnapshot> "
	                      "nor <domaincheckpoint> [SL105 xml-unknown-root]\n"
	                      "  hint: snaplint checks libvirt snapshot and checkpoint XML only\n");
	free(got);
}
END_TEST

START_TEST(text_split_by_comments_cdata_and_references)
{
	expect("<domainsnapshot><active>1<!---->0</active><state>run<!-- c -->n<![CDATA[in]]>"
	       "&#103;</state><name>x</name><creationTime>1</creationTime><domain type='kvm'>"
	       "<name>vm</name></domain></domainsnapshot>",
	       "t.xml:1:25: error: element <active> has the invalid content '10' "
	       "[SL208 schema-invalid-text]\n"
	       "  hint: expected '0' or '1'\n");
}
END_TEST

START_TEST(kind_and_root_are_exposed)
{
	sl_doc *doc = sl_doc_new(NULL);
	sl_doc_feed(doc, "<domaincheckpoint/>", 19);
	sl_doc_finish(doc);
	ck_assert_int_eq(sl_doc_kind(doc), SL_KIND_CHECKPOINT);
	ck_assert_str_eq(sl_doc_root(doc), "domaincheckpoint");
	ck_assert_uint_eq(sl_doc_ndiags(doc), 0);
	sl_doc_free(doc);
	sl_doc_free(NULL);
}
END_TEST

/* A finished document fed `xml` in pieces of `chunk` bytes (0: whole), default options. */
static sl_doc *feed_chunked(const char *xml, size_t chunk)
{
	sl_doc *doc = sl_doc_new(NULL);
	size_t len = strlen(xml), step = chunk ? chunk : len;
	for (size_t at = 0; at < len; at += step)
		sl_doc_feed(doc, xml + at, at + step <= len ? step : len - at);
	sl_doc_finish(doc);
	return doc;
}

/* The embedded domain's roles and facts come from the path table (domroles.c): a <name>
 * below another element is not the domain's name, the domain's own is, at its start. */
START_TEST(domain_facts_from_the_path_table)
{
	static const char xml[] =
		"<domainsnapshot><name>s</name><state>running</state><creationTime>1</creationTime>\n"
		"  <domain type='kvm'><metadata><name xmlns='urn:x'>m</name></metadata>\n"
		"    <name>vm</name><memory>1</memory><os><type>hvm</type></os>\n"
		"    <uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid></domain>\n"
		"</domainsnapshot>\n";
	for (size_t chunk = 0; chunk <= 7; chunk++) {
		sl_doc *doc = feed_chunked(xml, chunk);
		sl_fact_value v;
		ck_assert(sl_doc_fact(doc, SL_FACT_DOMAIN_NAME, &v));
		ck_assert_str_eq(v.text, "vm");
		ck_assert_uint_eq(v.line, 3);
		ck_assert_uint_eq(v.column, 5);
		ck_assert(sl_doc_fact(doc, SL_FACT_DOMAIN_UUID, &v));
		ck_assert_str_eq(v.text, "c7a5fdbd-cdaf-9455-926a-d65c16db1809");
		ck_assert_uint_eq(v.line, 4);
		ck_assert(sl_doc_fact(doc, SL_FACT_NAME, &v)); /* the snapshot's own */
		ck_assert_str_eq(v.text, "s");
		ck_assert_uint_eq(sl_doc_ndiags(doc), 0);
		sl_doc_free(doc);
	}
}
END_TEST

/* A domain with <throttlegroups> (libvirt 11.2) under the default grammar (12.8.0) and
 * under 9.0.0's, chosen in the options (SL214: the first known schemas with it are
 * 11.3.0's); one engine borrowed by every document, its findings always in the document
 * being checked. */
START_TEST(domain_grammar_and_engine_from_the_options)
{
	static const char xml[] =
		"<domainsnapshot><name>s</name><state>running</state><creationTime>1</creationTime>"
		"<domain type='kvm'><name>vm</name><memory>1</memory>\n"
		"<os><type>hvm</type></os><throttlegroups/></domain></domainsnapshot>\n";
	static const char old[] =
		"t.xml:2:26: error: <throttlegroups> in <domain> needs libvirt 11.3.0 or later; the target is 9.0.0 [SL214 schema-newer-than-target]\n"
		"  hint: libvirt 9.0.0's schemas, used for the target, do not have it; remove it or raise --target-libvirt\n";
	dg_engine *e = dg_new(0, NULL, NULL);
	ck_assert_ptr_nonnull(e);
	sl_options now = {.dg_engine = e}, then = {.dg_engine = e, .dg_grammar = dg_grammar_find("9.0.0")};
	ck_assert_ptr_nonnull(then.dg_grammar);
	for (size_t chunk = 0; chunk <= 7; chunk++) {
		char *a = run("t.xml", xml, strlen(xml), chunk, &then);
		char *b = run("t.xml", xml, strlen(xml), chunk, &now);
		char *c = run("t.xml", xml, strlen(xml), chunk, &then);
		ck_assert_str_eq(a, old);
		ck_assert_str_eq(b, "");
		ck_assert_str_eq(c, old);
		free(a), free(b), free(c);
	}
	char *d = run("t.xml", xml, strlen(xml), 0, &(sl_options){.dg_grammar = then.dg_grammar});
	ck_assert_str_eq(d, old); /* the document's own engine: the same findings */
	free(d);
	dg_free(e);
}
END_TEST

/* A password anywhere in the delegated domain is SL503, at the attribute. */
START_TEST(domain_password_is_noted)
{
	expect("<domainsnapshot><name>s</name><state>running</state><creationTime>1</creationTime>"
	       "<domain type='kvm'><name>vm</name><memory>1</memory><os><type>hvm</type></os>\n"
	       "<devices><graphics type='vnc' passwd='x'/></devices></domain></domainsnapshot>",
	       "t.xml:2:31: warning: the embedded domain carries a password ('passwd' on <graphics>) "
	       "[SL503 lint-domain-password]\n"
	       "  hint: keep secrets out of files headed for version control: dump without --security-info\n");
}
END_TEST

START_TEST(facts_are_captured_first_wins_and_bounded)
{
	char *xml = malloc(2000);
	strcpy(xml, "<domainsnapshot>\n  <name>s<!-- split -->1</name><name>s2</name>\n"
	            "  <parent><name>s0</name></parent><active>1</active>\n"
	            "  <domain type='kvm'><name>vm</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
	            "</domain><description>");
	size_t n = strlen(xml);
	memset(xml + n, 'x', 600);
	strcpy(xml + n + 600, "</description><creationTime>");
	n = strlen(xml);
	memset(xml + n, '7', 300);
	strcpy(xml + n + 300, "</creationTime></domainsnapshot>");
	for (size_t chunk = 0; chunk <= 7; chunk++) {
		sl_doc *doc = feed_chunked(xml, chunk);
		sl_fact_value v;
		ck_assert(sl_doc_fact(doc, SL_FACT_NAME, &v));
		ck_assert_str_eq(v.text, "s1");
		ck_assert_uint_eq(v.line, 2);
		ck_assert_uint_eq(v.column, 3);
		ck_assert(!v.truncated);
		ck_assert(sl_doc_fact(doc, SL_FACT_PARENT, &v));
		ck_assert_str_eq(v.text, "s0");
		ck_assert(sl_doc_fact(doc, SL_FACT_ACTIVE, &v));
		ck_assert_str_eq(v.text, "1");
		ck_assert(sl_doc_fact(doc, SL_FACT_DOMAIN_NAME, &v));
		ck_assert_str_eq(v.text, "vm");
		ck_assert(sl_doc_fact(doc, SL_FACT_DOMAIN_UUID, &v));
		ck_assert_str_eq(v.text, "c7a5fdbd-cdaf-9455-926a-d65c16db1809");
		ck_assert(sl_doc_fact(doc, SL_FACT_CREATION_TIME, &v));
		ck_assert(v.truncated);
		ck_assert_uint_eq(v.len, 300);
		ck_assert_uint_eq(strlen(v.text), SL_FACT_TEXT_MAX);
		ck_assert(!sl_doc_fact(doc, SL_FACT_STATE, &v));
		sl_doc_free(doc);
	}
	free(xml);
}
END_TEST

Suite *sl_core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, attribute_positions_across_lines_tabs_and_utf8);
	tcase_add_test(tc, doctype_is_refused_before_entities);
	tcase_add_test(tc, every_probed_protection_is_on);
	tcase_add_test(tc, token_limit_waits_for_deferred_tokens);
	tcase_add_test(tc, depth_limit_stops_with_a_finding);
	tcase_add_test(tc, foreign_root_is_reported_only_when_asked);
	tcase_add_test(tc, text_split_by_comments_cdata_and_references);
	tcase_add_test(tc, kind_and_root_are_exposed);
	tcase_add_test(tc, facts_are_captured_first_wins_and_bounded);
	tcase_add_test(tc, domain_facts_from_the_path_table);
	tcase_add_test(tc, domain_grammar_and_engine_from_the_options);
	tcase_add_test(tc, domain_password_is_noted);
	suite_add_tcase(s, tc);
	const char *root = getenv("SL_FIXTURES");
	collect_fixtures(root ? root : "fixtures");
	if (nfixture_paths)
		qsort(fixture_paths, nfixture_paths, sizeof *fixture_paths, by_path);
	TCase *fx = tcase_create("fixtures");
	tcase_add_unchecked_fixture(fx, NULL, free_fixtures);
	tcase_add_test(fx, fixtures_found);
	tcase_add_loop_test(fx, fixture_at_every_chunk_size, 0, (int)nfixture_paths);
	suite_add_tcase(s, fx);
	return s;
}
