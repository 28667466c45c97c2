/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz_core.c - libFuzzer target over the core library: one document, fed in chunks at
 * offsets the input chooses, in every mode, then handed to the cross-document stage.
 *
 * Input layout: byte 0 selects the options (bits 0-1 mode, bit 2 a <domain> root is
 * allowed, bit 3 foreign roots are errors, bit 4 a small depth limit); byte 1 is the
 * number of cuts (0..15); then two bytes per cut, each an offset into the rest (modulo
 * its length); the rest is the document.  The invariants checked here are what every
 * caller relies on: findings sorted, positions 1-based (0 only for whole-input
 * findings), messages present, facts NUL-terminated and of the stated length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snaplint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_diags(size_t n, const sl_diag *(*get)(const void *, size_t, size_t),
                        const void *owner, size_t index)
{
	unsigned long line = 0, column = 0;
	for (size_t i = 0; i < n; i++) {
		const sl_diag *d = get(owner, index, i);
		if (!d || !d->message || d->rule >= SL_RULE_COUNT)
			abort();
		if (d->line < line || (d->line == line && d->column < column))
			abort(); /* not sorted */
		if (d->line > 0 && d->column == 0)
			abort();
		line = d->line;
		column = d->column;
	}
}

static const sl_diag *doc_diag(const void *doc, size_t unused, size_t i)
{
	(void)unused;
	return sl_doc_diag(doc, i);
}

static const sl_diag *tree_diag(const void *tree, size_t index, size_t i)
{
	return sl_tree_diag(tree, index, i);
}

static void check_facts(const sl_doc *doc)
{
	for (int f = SL_FACT_NONE + 1; f < SL_FACT_COUNT; f++) {
		sl_fact_value v;
		if (!sl_doc_fact(doc, (sl_fact)f, &v))
			continue;
		size_t kept = strlen(v.text);
		if (kept > SL_FACT_TEXT_MAX || (!v.truncated && kept != v.len))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	sl_options opt = {.mode = (sl_mode)(data[0] & 3), .domain_root = data[0] & 4,
	                  .other_root_is_error = data[0] & 8, .hash_salt = 0x5eed,
	                  .now = 1700000000};
	if (data[0] & 16)
		opt.limits.max_depth = 8;
	size_t ncuts = data[1] & 15, head = 2 + 2 * ncuts;
	if (size < head)
		return 0;
	const char *doc_text = (const char *)data + head;
	size_t len = size - head;
	size_t cuts[17];
	for (size_t i = 0; i < ncuts; i++)
		cuts[i] = len ? ((size_t)data[2 + 2 * i] << 8 | data[3 + 2 * i]) % (len + 1) : 0;
	cuts[ncuts] = len;
	sl_doc *doc = sl_doc_new(&opt);
	if (!doc)
		return 0;
	size_t at = 0;
	for (size_t i = 0; i <= ncuts; i++) {
		size_t end = cuts[i] < at ? at : cuts[i];
		sl_doc_feed(doc, doc_text + at, end - at);
		at = end;
	}
	sl_doc_finish(doc);
	sl_doc_finish(doc); /* idempotent */
	check_diags(sl_doc_ndiags(doc), doc_diag, doc, 0);
	check_facts(doc);
	(void)sl_doc_kind(doc);
	(void)sl_doc_root(doc);
	(void)sl_mode_name(sl_doc_mode(doc));

	sl_tree *tree = sl_tree_new();
	if (tree) {
		size_t a = sl_tree_add(tree, "vm/a.xml", doc);
		size_t b = sl_tree_add(tree, "vm/b.xml", doc);
		sl_tree_check(tree);
		if (a != SIZE_MAX)
			check_diags(sl_tree_ndiags(tree, a), tree_diag, tree, a);
		if (b != SIZE_MAX)
			check_diags(sl_tree_ndiags(tree, b), tree_diag, tree, b);
		sl_tree_free(tree);
	}
	sl_doc_free(doc);
	return 0;
}
