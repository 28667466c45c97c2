/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tree.c - the cross-document stage: groups the documents of a metadata directory and
 * checks what libvirt checks when it reloads them (names, parents, cycles, the current
 * snapshot) plus what a reload silently gets wrong (file names, UUIDs, times, leaves).
 *
 * Only stored and redefine documents take part: libvirt never stores a create document
 * (virsh snapshot-create input, a template), so its name, file name, <parent>, <active>,
 * domain and creationTime mean nothing to a reload, and no SL4xx rule applies to it; it
 * does not count as a parent or a namesake of the documents that do take part.
 *
 * Memory is a few small facts per document (at most SL_FACT_TEXT_MAX bytes each), never
 * its bytes; the checks sort, so a group of n documents costs O(n log n).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datatype.h"
#include "event.h"
#include "sink.h"
#include "snaplint.h"

/* The facts the checks read. */
enum { F_NAME, F_PARENT, F_ACTIVE, F_CTIME, F_DOMNAME, F_UUID, F_COUNT };
static const sl_fact fact_of[F_COUNT] = {SL_FACT_NAME, SL_FACT_PARENT, SL_FACT_ACTIVE,
                                         SL_FACT_CREATION_TIME, SL_FACT_DOMAIN_NAME,
                                         SL_FACT_DOMAIN_UUID};

typedef struct tfact {
	bool has;
	char *text; /* bounded copy */
	size_t len;
	uint64_t hash;
	sl_pos pos;
} tfact;

typedef struct tdoc {
	char *path;
	size_t dirlen; /* path[0..dirlen) is the directory, with its final '/' */
	sl_kind kind;
	tfact f[F_COUNT];
	size_t parent; /* index of the parent in the tree, SIZE_MAX none */
	bool in_cycle; /* reported as part of a parent cycle: no time or leaf advice */
	sl_sink sink;
} tdoc;

struct sl_tree {
	tdoc *docs;
	size_t n, cap;
};

sl_tree *sl_tree_new(void)
{
	return calloc(1, sizeof(sl_tree));
}

void sl_tree_free(sl_tree *tree)
{
	if (!tree)
		return;
	for (size_t i = 0; i < tree->n; i++) {
		free(tree->docs[i].path);
		for (int f = 0; f < F_COUNT; f++)
			free(tree->docs[i].f[f].text);
		sl_sink_free(&tree->docs[i].sink);
	}
	free(tree->docs);
	free(tree);
}

static bool copy_fact(tfact *t, const sl_doc *doc, sl_fact fact)
{
	sl_fact_value v;
	if (!sl_doc_fact(doc, fact, &v))
		return true;
	t->text = strdup(v.text);
	t->has = t->text != NULL;
	t->len = v.len;
	t->hash = v.hash;
	t->pos = (sl_pos){v.line, v.column};
	return t->has;
}

size_t sl_tree_add(sl_tree *tree, const char *path, const sl_doc *doc)
{
	sl_kind kind = sl_doc_kind(doc);
	if ((kind != SL_KIND_SNAPSHOT && kind != SL_KIND_CHECKPOINT) ||
	    sl_doc_mode(doc) == SL_MODE_CREATE)
		return SIZE_MAX;
	if (!sl_grow((void **)&tree->docs, &tree->cap, tree->n, sizeof *tree->docs))
		return SIZE_MAX;
	tdoc *d = &tree->docs[tree->n];
	memset(d, 0, sizeof *d);
	d->path = strdup(path);
	if (!d->path)
		return SIZE_MAX;
	const char *slash = strrchr(path, '/');
	d->dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	d->kind = kind;
	d->parent = SIZE_MAX;
	bool ok = true;
	for (int f = 0; f < F_COUNT; f++)
		ok &= copy_fact(&d->f[f], doc, fact_of[f]);
	tree->n++;
	return ok ? tree->n - 1 : SIZE_MAX;
}

/* ---- comparisons ---- */

static bool fact_eq(const tfact *a, const tfact *b)
{
	return a->has && b->has && a->len == b->len && a->hash == b->hash &&
	       !strcmp(a->text, b->text);
}

static int dir_cmp(const tdoc *a, const tdoc *b)
{
	size_t n = a->dirlen < b->dirlen ? a->dirlen : b->dirlen;
	int c = memcmp(a->path, b->path, n);
	return c ? c : (a->dirlen > b->dirlen) - (a->dirlen < b->dirlen);
}

/* The domain a document belongs to: its embedded domain's name, or none. */
static const tfact *domain_key(const tdoc *d)
{
	return d->f[F_DOMNAME].has ? &d->f[F_DOMNAME] : NULL;
}

static int key_cmp(const tfact *a, const tfact *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a->text, b->text) ? strcmp(a->text, b->text)
	                                 : (a->len > b->len) - (a->len < b->len);
}

static const sl_tree *sort_tree; /* qsort has no context argument */

static int by_group(const void *pa, const void *pb)
{
	const tdoc *a = &sort_tree->docs[*(const size_t *)pa], *b = &sort_tree->docs[*(const size_t *)pb];
	int c = dir_cmp(a, b);
	if (!c)
		c = (int)a->kind - (int)b->kind;
	if (!c)
		c = key_cmp(domain_key(a), domain_key(b));
	return c ? c : strcmp(a->path, b->path);
}

static int by_path(const void *pa, const void *pb)
{
	return strcmp(sort_tree->docs[*(const size_t *)pa].path, sort_tree->docs[*(const size_t *)pb].path);
}

static int by_name(const void *pa, const void *pb)
{
	const tdoc *a = &sort_tree->docs[*(const size_t *)pa], *b = &sort_tree->docs[*(const size_t *)pb];
	if (a->f[F_NAME].hash != b->f[F_NAME].hash)
		return a->f[F_NAME].hash < b->f[F_NAME].hash ? -1 : 1;
	return strcmp(a->path, b->path);
}

static const char *kind_word(const tdoc *d)
{
	return d->kind == SL_KIND_SNAPSHOT ? "snapshot" : "checkpoint";
}

static const char *base_name(const tdoc *d)
{
	return d->path + d->dirlen;
}

static void emit(tdoc *d, sl_rule rule, sl_pos pos, const char *hint, const char *a1,
                 const char *a2, const char *a3)
{
	if (!pos.line)
		pos = (sl_pos){1, 1};
	sl_sink_emit(&d->sink, rule, pos, hint, a1, a2, a3);
}

/* ---- the checks of one group: docs[g[0..n)] in path order ---- */

/* Finds the document named like `name` in the name-sorted index; SIZE_MAX if none. */
static size_t find_name(const sl_tree *t, const size_t *sorted, size_t n, const tfact *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->docs[sorted[mid]].f[F_NAME].hash < name->hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && t->docs[sorted[lo]].f[F_NAME].hash == name->hash; lo++)
		if (fact_eq(&t->docs[sorted[lo]].f[F_NAME], name))
			return sorted[lo];
	return SIZE_MAX;
}

static void check_names(sl_tree *t, const size_t *sorted, size_t n)
{
	char shown[SL_ARG_MAX + 4];
	for (size_t i = 1; i < n; i++) {
		tdoc *d = &t->docs[sorted[i]];
		for (size_t j = i; j-- > 0 && t->docs[sorted[j]].f[F_NAME].hash == d->f[F_NAME].hash;)
			if (fact_eq(&t->docs[sorted[j]].f[F_NAME], &d->f[F_NAME])) {
				emit(d, SL_R_DUPLICATE_NAME, d->f[F_NAME].pos,
				     "rename or remove one of them: libvirt keeps whichever file it reads first",
				     kind_word(d), sl_shorten(shown, d->f[F_NAME].text, strlen(d->f[F_NAME].text)),
				     base_name(&t->docs[sorted[j]]));
				break;
			}
	}
}

/* The file name must be NAME.xml. */
static void check_file_name(tdoc *d)
{
	const tfact *name = &d->f[F_NAME];
	const char *base = base_name(d);
	size_t len = strlen(base), stem = len > 4 ? len - 4 : 0;
	uint64_t h = sl_hash(SL_HASH_INIT, base, stem);
	bool same = len > 4 && !strcmp(base + len - 4, ".xml") && name->len == len - 4 &&
	            name->hash == h && !strncmp(base, name->text, strlen(name->text));
	if (!same) {
		char shown[SL_ARG_MAX + 4];
		emit(d, SL_R_FILE_NAME, name->pos, "rename the file, or expect libvirt to write a second one",
		     base, kind_word(d), sl_shorten(shown, name->text, strlen(name->text)));
	}
}

static void link_parents(sl_tree *t, const size_t *g, const size_t *sorted, size_t n)
{
	char shown[SL_ARG_MAX + 4];
	for (size_t i = 0; i < n; i++) {
		tdoc *d = &t->docs[g[i]];
		if (!d->f[F_PARENT].has)
			continue;
		d->parent = find_name(t, sorted, n, &d->f[F_PARENT]);
		if (d->parent == SIZE_MAX)
			emit(d, SL_R_MISSING_PARENT, d->f[F_PARENT].pos,
			     d->kind == SL_KIND_SNAPSHOT
			             ? "restore the parent's file or fix <parent>; on reload libvirt makes this "
			               "snapshot a root and forgets the current snapshot"
			             : "restore the parent's file or fix <parent>; on reload libvirt makes this "
			               "checkpoint a root",
			     sl_shorten(shown, d->f[F_PARENT].text, strlen(d->f[F_PARENT].text)),
			     kind_word(d), NULL);
	}
}

/* Reports the cycle through `member` on its member that comes first in path order. */
static void report_cycle(sl_tree *t, size_t member)
{
	size_t first = member;
	for (size_t m = t->docs[member].parent; m != member; m = t->docs[m].parent)
		if (strcmp(t->docs[m].path, t->docs[first].path) < 0)
			first = m;
	char chain[400];
	size_t len = (size_t)snprintf(chain, sizeof chain, "%s", t->docs[first].f[F_NAME].text);
	size_t m = first;
	do {
		t->docs[m].in_cycle = true;
		m = t->docs[m].parent;
		if (len < sizeof chain)
			len += (size_t)snprintf(chain + len, sizeof chain - len, " -> %s",
			                        t->docs[m].f[F_NAME].text);
	} while (m != first);
	emit(&t->docs[first], SL_R_PARENT_CYCLE, t->docs[first].f[F_PARENT].pos,
	     "point one <parent> of the cycle elsewhere, or remove it", chain, NULL, NULL);
}

/* Reports each parent cycle once, on its first member in path order.  Each document
 * is walked once: mark[] holds the walk that reached it, or DONE. */
#define DONE SIZE_MAX
static void check_cycles(sl_tree *t, const size_t *g, size_t n, size_t *mark)
{
	for (size_t i = 0; i < n; i++)
		mark[g[i]] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t walk = i + 1, at = g[i];
		while (at != SIZE_MAX && mark[at] == 0) {
			mark[at] = walk;
			at = t->docs[at].parent;
		}
		if (at != SIZE_MAX && mark[at] == walk)
			report_cycle(t, at);
		for (at = g[i]; at != SIZE_MAX && mark[at] == walk; at = t->docs[at].parent)
			mark[at] = DONE;
	}
}

static void check_current(sl_tree *t, const size_t *g, size_t n)
{
	size_t first = SIZE_MAX, stored = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		tdoc *d = &t->docs[g[i]];
		if (d->kind != SL_KIND_SNAPSHOT || !d->f[F_ACTIVE].has)
			continue;
		if (stored == SIZE_MAX)
			stored = g[i];
		if (!sl_token_eq(d->f[F_ACTIVE].text, "1"))
			continue;
		if (first == SIZE_MAX)
			first = g[i];
		else
			emit(d, SL_R_MULTIPLE_CURRENT, d->f[F_ACTIVE].pos,
			     "keep <active>1</active> on one snapshot; libvirt takes the last one it reads",
			     base_name(&t->docs[first]), NULL, NULL);
	}
	if (stored != SIZE_MAX && first == SIZE_MAX)
		emit(&t->docs[stored], SL_R_NO_CURRENT, t->docs[stored].f[F_ACTIVE].pos,
		     "mark the current snapshot with <active>1</active> if there should be one", NULL,
		     NULL, NULL);
}

static void check_uuids(sl_tree *t, const size_t *g, size_t n)
{
	size_t ref = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		tdoc *d = &t->docs[g[i]];
		if (!d->f[F_UUID].has || !d->f[F_DOMNAME].has ||
		    !sl_dt_check(SL_DT_UUID, d->f[F_UUID].text, strlen(d->f[F_UUID].text)))
			continue; /* an invalid UUID is the schema's finding, not a second domain */
		if (ref == SIZE_MAX)
			ref = g[i];
		else if (!sl_uuid_eq(d->f[F_UUID].text, t->docs[ref].f[F_UUID].text)) {
			char msg[300];
			snprintf(msg, sizeof msg, "%.80s in %s", t->docs[ref].f[F_UUID].text,
			         base_name(&t->docs[ref]));
			char name[SL_ARG_MAX + 4];
			emit(d, SL_R_DOMAIN_UUID_MISMATCH, d->f[F_UUID].pos,
			     "the directory mixes two domains of the same name; move one domain's files away",
			     sl_shorten(name, d->f[F_DOMNAME].text, strlen(d->f[F_DOMNAME].text)),
			     d->f[F_UUID].text, msg);
		}
	}
}

/* creationTime as a number, when it is plain digits that fit. */
static bool time_of(const tdoc *d, unsigned long long *out)
{
	const tfact *f = &d->f[F_CTIME];
	if (!f->has || !f->text[0] || f->len > 19)
		return false;
	*out = 0;
	for (const char *p = f->text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		*out = *out * 10 + (unsigned)(*p - '0');
	}
	return true;
}

static void check_times(sl_tree *t, const size_t *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tdoc *d = &t->docs[g[i]];
		unsigned long long mine, theirs;
		if (d->parent == SIZE_MAX || d->in_cycle || !time_of(d, &mine) ||
		    !time_of(&t->docs[d->parent], &theirs) ||
		    mine >= theirs)
			continue;
		char who[SL_ARG_MAX + 20], times[64], parent[SL_ARG_MAX + 4], name[SL_ARG_MAX + 4];
		snprintf(who, sizeof who, "%s '%s'", kind_word(d),
		         sl_shorten(name, d->f[F_NAME].text, strlen(d->f[F_NAME].text)));
		snprintf(times, sizeof times, "%llu < %llu", mine, theirs);
		const tfact *pn = &t->docs[d->parent].f[F_NAME];
		emit(d, SL_R_CHILD_OLDER, d->f[F_CTIME].pos, "check <creationTime> and <parent>", who,
		     sl_shorten(parent, pn->text, strlen(pn->text)), times);
	}
}

/* Checkpoints: libvirt infers the current one only from a single leaf. */
static void check_leaves(sl_tree *t, const size_t *g, size_t n, size_t *mark)
{
	if (!n || t->docs[g[0]].kind != SL_KIND_CHECKPOINT)
		return;
	for (size_t i = 0; i < n; i++)
		mark[g[i]] = 0;
	for (size_t i = 0; i < n; i++)
		if (t->docs[g[i]].parent != SIZE_MAX)
			mark[t->docs[g[i]].parent] = 1; /* has a child */
	size_t leaves = 0, len = 0;
	char list[300] = "";
	for (size_t i = 0; i < n; i++) {
		if (mark[g[i]])
			continue;
		if (len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", leaves ? ", " : "",
			                        base_name(&t->docs[g[i]]));
		leaves++;
	}
	if (leaves == 1)
		return;
	char msg[400];
	if (leaves)
		snprintf(msg, sizeof msg, "%zu leaves (%s)", leaves, list);
	else
		snprintf(msg, sizeof msg, "no leaf: every checkpoint is another's parent");
	emit(&t->docs[g[0]], SL_R_CHECKPOINT_LEAVES, t->docs[g[0]].f[F_NAME].pos,
	     "the next checkpoint will have no parent; fix <parent> so the tree is one chain", msg,
	     NULL, NULL);
}

static void check_group(sl_tree *t, const size_t *g, size_t n, size_t *mark)
{
	size_t *sorted = malloc(n * sizeof *sorted), named = 0;
	if (!sorted)
		return;
	for (size_t i = 0; i < n; i++)
		if (t->docs[g[i]].f[F_NAME].has)
			sorted[named++] = g[i];
	sort_tree = t;
	qsort(sorted, named, sizeof *sorted, by_name);
	check_names(t, sorted, named);
	for (size_t i = 0; i < named; i++)
		check_file_name(&t->docs[sorted[i]]);
	link_parents(t, g, sorted, named);
	check_cycles(t, g, n, mark);
	check_current(t, g, n);
	check_uuids(t, g, n);
	check_times(t, g, n);
	check_leaves(t, g, n, mark);
	free(sorted);
}

/* Documents without a domain join their directory's group when it has one domain. */
static bool same_group(const sl_tree *t, size_t a, size_t b, bool one_domain)
{
	const tdoc *x = &t->docs[a], *y = &t->docs[b];
	if (dir_cmp(x, y) || x->kind != y->kind)
		return false;
	return one_domain || !key_cmp(domain_key(x), domain_key(y));
}

void sl_tree_check(sl_tree *t)
{
	size_t *order = malloc((t->n ? t->n : 1) * sizeof *order);
	size_t *mark = malloc((t->n ? t->n : 1) * sizeof *mark);
	if (!order || !mark) {
		free(order);
		free(mark);
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		order[i] = i;
	sort_tree = t;
	qsort(order, t->n, sizeof *order, by_group);
	for (size_t start = 0, end; start < t->n; start = end) {
		/* the run of one directory and kind; does it hold a single domain? */
		size_t run = start, domains = 0;
		const tfact *last = NULL;
		while (run < t->n && same_group(t, order[start], order[run], true)) {
			const tfact *k = domain_key(&t->docs[order[run]]);
			if (k && (!last || key_cmp(k, last)))
				domains++, last = k;
			run++;
		}
		bool one = domains <= 1;
		for (end = start + 1; end < run && same_group(t, order[start], order[end], one);)
			end++;
		/* path order inside the group */
		size_t *g = malloc((end - start) * sizeof *g);
		if (!g)
			break;
		memcpy(g, order + start, (end - start) * sizeof *g);
		sort_tree = t;
		qsort(g, end - start, sizeof *g, by_path);
		check_group(t, g, end - start, mark);
		free(g);
	}
	free(order);
	free(mark);
	for (size_t i = 0; i < t->n; i++) {
		t->docs[i].sink.closed = true;
		sl_sink_render(&t->docs[i].sink);
	}
}

size_t sl_tree_ndiags(const sl_tree *tree, size_t index)
{
	return index < tree->n ? tree->docs[index].sink.ndiags : 0;
}

const sl_diag *sl_tree_diag(const sl_tree *tree, size_t index, size_t i)
{
	if (index >= tree->n || i >= tree->docs[index].sink.ndiags)
		return NULL;
	return &tree->docs[index].sink.diags[i];
}
