/* result.c - what one checked input reports: its findings in position order. */
#include <stdlib.h>

#include "cli.h"

const sl_diag **sl_result_collect(const sl_result *r, size_t *count)
{
	size_t na = r->doc ? sl_doc_ndiags(r->doc) : 0;
	size_t nb = r->tree ? sl_tree_ndiags(r->tree, r->tree_index) : 0;
	const sl_diag **all = malloc((na + nb + 1) * sizeof *all);
	size_t a = 0, b = 0, n = 0;
	if (!all) {
		*count = 0;
		return NULL;
	}
	while (a < na || b < nb) {
		const sl_diag *x = a < na ? sl_doc_diag(r->doc, a) : NULL;
		const sl_diag *y = b < nb ? sl_tree_diag(r->tree, r->tree_index, b) : NULL;
		bool take_x = x && (!y || x->line < y->line ||
		                    (x->line == y->line && x->column <= y->column));
		all[n++] = take_x ? x : y;
		take_x ? a++ : b++;
	}
	*count = n;
	return all;
}
