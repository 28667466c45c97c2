/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* same-output-feed.c - prints what the core library says about one input at one chunk
 * size (findings, facts, kind, mode, tree findings), for tests/same-output.sh to diff
 * between two builds of the library.
 *
 * Usage: same-output-feed CHUNK FILE [mode=M] [domain-xml=F] [domain-state=S] [disk-only]
 *        same-output-feed fuzz FILE   (a fuzz corpus input: fuzz/fuzz_core.c's layout)
 * CHUNK 0 feeds the whole input at once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snaplint.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, got;
	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			char *t = realloc(s, cap = (n + 65536) * 2);
			if (!t)
				abort();
			s = t;
		}
		got = fread(s + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return s;
}

static void print_doc(sl_doc *doc)
{
	printf("kind %s root %s mode %s limit %d\n", sl_kind_name(sl_doc_kind(doc)),
	       sl_doc_root(doc) ? sl_doc_root(doc) : "-", sl_mode_name(sl_doc_mode(doc)),
	       sl_doc_hit_limit(doc));
	for (size_t i = 0; i < sl_doc_ndiags(doc); i++) {
		const sl_diag *d = sl_doc_diag(doc, i);
		printf("%lu:%lu: %d %d %s | %s\n", d->line, d->column, (int)d->rule,
		       (int)d->severity, d->message, d->hint ? d->hint : "-");
	}
	for (int f = SL_FACT_NONE + 1; f < SL_FACT_COUNT; f++) {
		sl_fact_value v;
		if (sl_doc_fact(doc, (sl_fact)f, &v))
			printf("fact %d %lu:%lu len %zu trunc %d hash %llx '%s'\n", f, v.line, v.column,
			       v.len, v.truncated, (unsigned long long)v.hash, v.text);
	}
	sl_tree *tree = sl_tree_new();
	size_t a = sl_tree_add(tree, "vm/a.xml", doc), b = sl_tree_add(tree, "vm/b.xml", doc);
	sl_tree_check(tree);
	for (size_t k = 0; k < 2; k++) {
		size_t at = k ? b : a;
		for (size_t i = 0; at != SIZE_MAX && i < sl_tree_ndiags(tree, at); i++) {
			const sl_diag *d = sl_tree_diag(tree, at, i);
			printf("tree %zu %lu:%lu: %d %s\n", k, d->line, d->column, (int)d->rule, d->message);
		}
	}
	sl_tree_free(tree);
	for (size_t i = 0; i < sl_doc_ndiags(doc); i++) {
		const sl_diag *d = sl_doc_diag(doc, i);
		if (sl_doc_suppresses(doc, d->rule, d->line, d->column))
			printf("suppressed %zu\n", i);
	}
	const sl_diag *u = NULL;
	size_t nu = sl_doc_unused_suppressions(doc, &u);
	for (size_t i = 0; i < nu; i++)
		printf("unused %lu:%lu: %s\n", u[i].line, u[i].column, u[i].message);
}

static sl_doc *run(const sl_options *opt, const char *data, size_t len, size_t chunk)
{
	sl_doc *doc = sl_doc_new(opt);
	size_t step = chunk ? chunk : (len ? len : 1);
	for (size_t at = 0; at < len; at += step)
		if (!sl_doc_feed(doc, data + at, at + step <= len ? step : len - at))
			break;
	sl_doc_finish(doc);
	return doc;
}

/* A fuzz input: byte 0 options, byte 1 cuts, two bytes per cut, then the document. */
static int fuzz(const char *data, size_t size)
{
	if (size < 2)
		return 0;
	const unsigned char *u = (const unsigned char *)data;
	sl_options opt = {.mode = (sl_mode)(u[0] & 3), .domain_root = u[0] & 4,
	                  .other_root_is_error = u[0] & 8, .hash_salt = 0x5eed, .now = 1700000000};
	if (u[0] & 16)
		opt.limits.max_depth = 8;
	size_t ncuts = u[1] & 15, head = 2 + 2 * ncuts;
	if (size < head)
		return 0;
	size_t len = size - head, at = 0;
	sl_doc *doc = sl_doc_new(&opt);
	for (size_t i = 0; i <= ncuts; i++) {
		size_t cut = i < ncuts && len ? ((size_t)u[2 + 2 * i] << 8 | u[3 + 2 * i]) % (len + 1)
		                              : len;
		size_t end = cut < at ? at : cut;
		sl_doc_feed(doc, data + head + at, end - at);
		at = end;
	}
	sl_doc_finish(doc);
	print_doc(doc);
	sl_doc_free(doc);
	return 0;
}

int main(int argc, char **argv)
{
	size_t len, llen;
	if (argc < 3)
		return 2;
	char *data = slurp(argv[2], &len);
	if (!data)
		return 2;
	if (!strcmp(argv[1], "fuzz"))
		return fuzz(data, len);
	sl_options opt = {.hash_salt = 0x5eed, .now = 1700000000, .other_root_is_error = true};
	sl_doc *live = NULL;
	for (int i = 3; i < argc; i++) {
		const char *v = strchr(argv[i], '=') ? strchr(argv[i], '=') + 1 : "";
		if (!strncmp(argv[i], "mode=", 5))
			opt.mode = !strcmp(v, "create") ? SL_MODE_CREATE : !strcmp(v, "redefine")
			           ? SL_MODE_REDEFINE : !strcmp(v, "stored") ? SL_MODE_STORED : SL_MODE_AUTO;
		else if (!strncmp(argv[i], "domain-state=", 13))
			opt.domain_state = !strcmp(v, "running") ? SL_STATE_RUNNING
			                   : !strcmp(v, "paused") ? SL_STATE_PAUSED : SL_STATE_SHUTOFF;
		else if (!strcmp(argv[i], "disk-only"))
			opt.disk_only = true;
		else if (!strncmp(argv[i], "domain-xml=", 11)) {
			char *ld = slurp(v, &llen);
			sl_options lo = {.domain_root = true, .other_root_is_error = true};
			live = run(&lo, ld ? ld : "", ld ? llen : 0, 0);
			free(ld);
			opt.live = live;
		}
	}
	sl_doc *doc = run(&opt, data, len, (size_t)strtoul(argv[1], NULL, 10));
	print_doc(doc);
	sl_doc_free(doc);
	sl_doc_free(live);
	free(data);
	return 0;
}
