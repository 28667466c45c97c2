/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg_validate.c - test-only validator: runs the generated tier (src/dgrammar.c) on the
 * <domain>/<inactiveDomain> of XML files, read with expat, and prints verdicts.
 *
 * Usage: dg_validate [--version=X.Y.Z] [--findings] [--chunk=N] [--cap=BYTES] [--same-hash]
 *                    FILE...
 *        dg_validate [--version=X.Y.Z] --bench FILE [REPEAT]
 * The document element <domain> is validated against domain.rng's start; in a
 * <domainsnapshot>, its <domain> and <inactiveDomain> children; in a <domaincheckpoint>,
 * its <domain>.  Each FILE prints "FILE: valid" or "FILE: invalid: LINE:COL: message"
 * (the first finding; the format of ../shared/design/rng_prototype.py, so the exactness
 * harness can run either); --findings prints every finding as
 * "FILE:LINE:COL: SLnnn message" instead.  --chunk=N feeds expat N bytes at a time.
 * --cap sets the engine's memory cap (default DG_CAP_DEFAULT).  --same-hash gives the
 * engine one name hash (0) for every element, so that each name's cached symbol is
 * refused by the name check and looked up again: the output must not change.
 * --bench reports MB/s of expat with empty handlers and of expat plus the engine.
 * Exit status: 0 all valid, 1 one is invalid, 2 usage or I/O error.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

#include "dgrammar.h"
#include "rules.h"

#define NS_SEP '\x01'
#define MAX_ATTRS 256

typedef struct run {
	XML_Parser p;
	dg_engine *e;
	const dg_grammar *g;
	const char *file;
	int depth;     /* element depth in the document */
	int active;    /* the engine has the subtree */
	int root;      /* 0 none, 1 domain, 2 snapshot, 3 checkpoint, 4 other */
	int findings;  /* print every finding */
	int harness_only; /* --bench: the handlers' own work, no engine call */
	int same_hash; /* --same-hash: every element name hashes to 0 */
	int count;
	char first[1024];
	/* the current start tag, for attribute positions */
	const char *tag;
	size_t taglen;
	unsigned long tline, tcol;
	const dg_attr *attrs;
} run;

/* Renders a rule's template with its arguments. */
static void render(char *out, size_t size, sl_rule rule, const char *a1, const char *a2, const char *a3)
{
	const char *t = sl_rule_get(rule)->tmpl;
	const char *args[3] = { a1, a2, a3 };
	size_t m = 0;
	for (; *t && m + 1 < size; t++) {
		if (t[0] == '%' && t[1] >= '1' && t[1] <= '3') {
			const char *a = args[t[1] - '1'] ? args[t[1] - '1'] : "";
			m += (size_t)snprintf(out + m, size - m, "%s", a);
			t++;
			if (m >= size)
				m = size - 1;
		} else {
			out[m++] = *t;
		}
	}
	out[m] = 0;
}

static void on_finding(void *ctx, sl_rule rule, unsigned long line, unsigned long col,
                       const char *hint, const char *a1, const char *a2, const char *a3)
{
	run *r = ctx;
	char msg[900];
	render(msg, sizeof msg, rule, a1, a2, a3);
	if (r->findings)
		printf("%s:%lu:%lu: %s %s%s%s\n", r->file, line, col, sl_rule_get(rule)->id, msg,
		       hint ? "; hint: " : "", hint ? hint : "");
	if (!r->count++)
		snprintf(r->first, sizeof r->first, "%lu:%lu: %s", line, col, msg);
}

/* Splits expat's "URI\1local" name. */
static void split(const char *name, char *ns, size_t size, const char **local)
{
	const char *sep = strchr(name, NS_SEP);
	if (!sep) {
		ns[0] = 0;
		*local = name;
		return;
	}
	size_t n = (size_t)(sep - name) < size - 1 ? (size_t)(sep - name) : size - 1;
	memcpy(ns, name, n);
	ns[n] = 0;
	*local = sep + 1;
}

/* The position of attribute i in the current start tag: its name in the raw text. */
/* A hash of an element's local name for dg_start (FNV-1a; any function would do). */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void attr_pos(void *pctx, size_t i, unsigned long *line, unsigned long *col)
{
	run *r = pctx;
	const char *want = r->attrs[i].local;
	size_t wl = strlen(want);
	unsigned long l = r->tline, c = r->tcol;
	for (size_t k = 0; k < r->taglen; k++) {
		const char *s = r->tag + k;
		if (k && (s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n' || s[-1] == '\r' || s[-1] == ':') &&
		    k + wl < r->taglen && !memcmp(s, want, wl)) {
			size_t j = k + wl;
			while (j < r->taglen && strchr(" \t\r\n", r->tag[j]))
				j++;
			if (j < r->taglen && r->tag[j] == '=') {
				/* back to the prefix, if any */
				while (k && r->tag[k - 1] != ' ' && r->tag[k - 1] != '\t' && r->tag[k - 1] != '\n' && r->tag[k - 1] != '\r')
					k--, c--;
				*line = l;
				*col = c;
				return;
			}
		}
		if (*s == '\n')
			l++, c = 1;
		else if (((unsigned char)*s & 0xC0) != 0x80)
			c++;
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	run *r = ud;
	char ns[512];
	const char *local;
	split(name, ns, sizeof ns, &local);
	r->depth++;
	unsigned long line = XML_GetCurrentLineNumber(r->p), col = XML_GetCurrentColumnNumber(r->p) + 1;
	if (r->depth == 1) {
		r->root = ns[0] ? 4 : !strcmp(local, "domain") ? 1 : !strcmp(local, "domainsnapshot") ? 2
		        : !strcmp(local, "domaincheckpoint") ? 3 : 4;
		if (r->root == 1) {
			dg_begin(r->e, r->g, DG_ENTRY_DOMAIN);
			r->active = 1;
		}
	} else if (r->depth == 2 && !ns[0] && !r->active) {
		if (r->root == 2 && !strcmp(local, "domain"))
			dg_begin(r->e, r->g, DG_ENTRY_SNAPSHOT_DOMAIN), r->active = 1;
		else if (r->root == 2 && !strcmp(local, "inactiveDomain"))
			dg_begin(r->e, r->g, DG_ENTRY_INACTIVE_DOMAIN), r->active = 1;
		else if (r->root == 3 && !strcmp(local, "domain"))
			dg_begin(r->e, r->g, DG_ENTRY_CHECKPOINT_DOMAIN), r->active = 1;
	}
	if (!r->active)
		return;
	static dg_attr a[MAX_ATTRS];
	static char nsbuf[MAX_ATTRS][256];
	size_t n = 0;
	for (size_t i = 0; atts[i] && n < MAX_ATTRS; i += 2, n++) {
		split(atts[i], nsbuf[n], sizeof nsbuf[n], &a[n].local);
		a[n].ns = nsbuf[n];
		a[n].value = atts[i + 1];
	}
	int off, size;
	const char *buf = XML_GetInputContext(r->p, &off, &size);
	r->tag = buf ? buf + off : "";
	r->taglen = buf ? (size_t)(size - off) : 0;
	r->tline = line;
	r->tcol = col;
	r->attrs = a;
	if (!r->harness_only)
		dg_start(r->e, ns, local, strlen(local), r->same_hash ? 0 : name_hash(local), a, n, line, col,
		         attr_pos, r);
}

/* The current event's position, asked by the engine when it needs it. */
static void event_pos(void *pctx, unsigned long *line, unsigned long *col)
{
	const run *r = pctx;
	*line = XML_GetCurrentLineNumber(r->p);
	*col = XML_GetCurrentColumnNumber(r->p) + 1;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	run *r = ud;
	(void)name;
	r->depth--;
	if (r->active && (r->harness_only ? r->depth == 0 : dg_end(r->e, event_pos, r)))
		r->active = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	run *r = ud;
	if (!r->active)
		return;
	if (!r->harness_only)
		dg_text(r->e, s, (size_t)len, event_pos, r);
}

static char *slurp(const char *file, size_t *n)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, len = 0;
	char *b = malloc(cap);
	size_t k;
	while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
		len += k;
		if (len == cap) {
			char *q = realloc(b, cap *= 2);
			if (!q) {
				free(b);
				b = NULL;
			}
			b = q;
		}
	}
	fclose(f);
	*n = len;
	return b;
}

static void XMLCALL empty_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)ud, (void)name, (void)atts;
}

static void XMLCALL empty_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL empty_text(void *ud, const XML_Char *s, int len)
{
	(void)ud, (void)s, (void)len;
}

/* Parses data with the engine attached (engine NULL: empty handlers, the baseline of
 * bench/expat-baseline.c); 0 when well-formed. */
static int parse(run *r, const char *data, size_t n, size_t chunk, char *err, size_t errsize)
{
	r->p = XML_ParserCreateNS(NULL, NS_SEP);
	XML_SetUserData(r->p, r);
	XML_SetElementHandler(r->p, r->e ? on_start : empty_start, r->e ? on_end : empty_end);
	XML_SetCharacterDataHandler(r->p, r->e ? on_text : empty_text);
	r->depth = r->active = r->root = 0;
	int rc = 0;
	if (!chunk)
		chunk = n ? n : 1;
	for (size_t off = 0; off <= n; off += chunk) {
		size_t len = n - off < chunk ? n - off : chunk;
		int last = off + len >= n;
		if (XML_Parse(r->p, data + off, (int)len, last) == XML_STATUS_ERROR) {
			snprintf(err, errsize, "%lu:%lu: not well-formed: %s", XML_GetCurrentLineNumber(r->p),
			         XML_GetCurrentColumnNumber(r->p) + 1, XML_ErrorString(XML_GetErrorCode(r->p)));
			rc = 1;
			break;
		}
		if (last)
			break;
	}
	XML_ParserFree(r->p);
	return rc;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* CPU time: the machine is shared */
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int bench(run *r, const char *file, int repeat)
{
	size_t n;
	char *data = slurp(file, &n);
	char err[256];
	if (!data) {
		fprintf(stderr, "dg_validate: %s: cannot read\n", file);
		return 2;
	}
	dg_engine *e = r->e;
	double best[3] = { 1e9, 1e9, 1e9 };
	dg_stats st;
	size_t cold_misses = 0;
	for (int i = 0; i < repeat; i++) {
		if (i == 1) {
			dg_get_stats(e, &st);
			cold_misses = st.misses;
		}
		for (int k = 0; k < 3; k++) {
			r->e = k ? e : NULL;
			r->harness_only = k == 2;
			double t0 = now();
			parse(r, data, n, 65536, err, sizeof err); /* snaplint's read size */
			double t = now() - t0;
			if (t < best[k])
				best[k] = t;
		}
	}
	dg_get_stats(e, &st);
	double mb = (double)n / 1e6;
	printf("bench %s: %.1f MB, expat %.1f MB/s, expat+engine %.1f MB/s, ratio %.0f%% "
	       "(handlers without the engine: %.1f MB/s, %.0f%%), findings %d, arena %zu nodes, "
	       "memo %zu, %zu bytes, misses %zu cold, %zu warm\n", file, mb, mb / best[0], mb / best[1],
	       100.0 * best[0] / best[1], mb / best[2], 100.0 * best[0] / best[2], r->count,
	       st.nodes, st.memo, st.bytes, repeat > 1 ? cold_misses : st.misses,
	       repeat > 1 ? st.misses - cold_misses : 0);
	free(data);
	return 0;
}

#ifdef DG_FUZZ
/* libFuzzer entry (make fuzz-dg): byte 0 picks the version, byte 1 the chunk size and the
 * memory cap; the rest is the document.  Every finding is rendered, so the error paths
 * run too. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { 0, 450000, 1000000, 3000000 };
	if (size < 2)
		return 0;
	run r;
	memset(&r, 0, sizeof r);
	r.g = dg_grammar_at(data[0] % 6);
	r.file = "fuzz";
	r.e = dg_new(caps[data[1] & 3], on_finding, &r);
	char err[256];
	if (r.e)
		parse(&r, (const char *)data + 2, size - 2, (size_t)(data[1] >> 2), err, sizeof err);
	dg_free(r.e);
	return 0;
}
#else
int main(int argc, char **argv)
{
	run r;
	memset(&r, 0, sizeof r);
	r.g = dg_grammar_default();
	size_t chunk = 0, cap = 0;
	int i = 1, doing_bench = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (!strncmp(argv[i], "--version=", 10)) {
			r.g = dg_grammar_find(argv[i] + 10);
			if (!r.g) {
				fprintf(stderr, "dg_validate: no grammar for libvirt %s\n", argv[i] + 10);
				return 2;
			}
		} else if (!strncmp(argv[i], "--cap=", 6)) {
			cap = (size_t)atol(argv[i] + 6);
		} else if (!strcmp(argv[i], "--findings")) {
			r.findings = 1;
		} else if (!strncmp(argv[i], "--chunk=", 8)) {
			chunk = (size_t)atol(argv[i] + 8);
		} else if (!strcmp(argv[i], "--bench")) {
			doing_bench = 1;
		} else if (!strcmp(argv[i], "--same-hash")) {
			r.same_hash = 1;
		} else {
			fprintf(stderr, "dg_validate: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "usage: dg_validate [--version=X.Y.Z] [--findings] [--chunk=N] FILE...\n"
		                "       dg_validate [--version=X.Y.Z] --bench FILE [REPEAT]\n");
		return 2;
	}
	r.e = dg_new(cap, on_finding, &r);
	if (!r.e)
		return 2;
	int status = 0;
	if (doing_bench) {
		status = bench(&r, argv[i], i + 1 < argc ? atoi(argv[i + 1]) : 3);
		dg_free(r.e);
		return status;
	}
	for (; i < argc; i++) {
		size_t n;
		char *data = slurp(argv[i], &n);
		if (!data) {
			fprintf(stderr, "dg_validate: %s: cannot read\n", argv[i]);
			status = 2;
			continue;
		}
		char err[256];
		r.file = argv[i];
		r.count = 0;
		r.first[0] = 0;
		int bad = parse(&r, data, n, chunk, err, sizeof err);
		free(data);
		if (bad) {
			printf("%s: invalid: %s\n", argv[i], err);
			status = status > 1 ? status : 1;
		} else if (r.count) {
			if (!r.findings)
				printf("%s: invalid: %s\n", argv[i], r.first);
			status = status > 1 ? status : 1;
		} else if (!r.findings) {
			printf("%s: valid\n", argv[i]);
		}
	}
	dg_free(r.e);
	return status;
}
#endif
