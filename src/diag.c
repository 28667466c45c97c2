/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diag.c - the diagnostics sink: one entry point, templates from the catalogue, sorting. */
#include <stdlib.h>
#include <string.h>

#include "sink.h"

/* Appends `n` bytes to the arena; returns the offset or SIZE_MAX when out of memory. */
static size_t arena_put(sl_arena *a, const char *s, size_t n)
{
	/* room for the string and its NUL: byte len + n is the last one written */
	if (!sl_grow((void **)&a->buf, &a->cap, a->len + n, 1))
		return SIZE_MAX;
	size_t at = a->len;
	memcpy(a->buf + at, s, n);
	a->len += n;
	a->buf[a->len] = '\0';
	return at;
}

const char *sl_shorten(char *out, const char *s, size_t len)
{
	if (len <= SL_ARG_MAX) {
		memcpy(out, s, len);
		out[len] = '\0';
		return out;
	}
	size_t cut = SL_ARG_MAX;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--; /* never split a UTF-8 sequence */
	memcpy(out, s, cut);
	memcpy(out + cut, "...", 4);
	return out;
}

/* Renders `tmpl` with %1..%3 replaced by args into the arena as one NUL-terminated
 * string; returns its offset or SIZE_MAX. */
static size_t render(sl_arena *a, const char *tmpl, const char *const args[3])
{
	size_t start = a->len;
	if (arena_put(a, "", 0) == SIZE_MAX)
		return SIZE_MAX;
	for (const char *p = tmpl; *p; p++) {
		const char *piece = p;
		size_t n = 1;
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '3') {
			piece = args[p[1] - '1'] ? args[p[1] - '1'] : "";
			n = strlen(piece);
			p++;
		}
		if (arena_put(a, piece, n) == SIZE_MAX)
			return SIZE_MAX;
	}
	a->len++; /* keep the terminating NUL between strings */
	return start;
}

void sl_sink_emit(sl_sink *sink, sl_rule rule, sl_pos pos, const char *hint, const char *a1,
                  const char *a2, const char *a3)
{
	if (sink->nraw >= SL_MAX_DIAGS && !sink->closed) {
		sink->dropped++;
		return;
	}
	if (!sl_grow((void **)&sink->raw, &sink->capraw, sink->nraw, sizeof *sink->raw)) {
		sink->dropped++;
		return;
	}
	const char *args[3] = {a1, a2, a3};
	sl_raw_diag *d = &sink->raw[sink->nraw];
	d->rule = rule;
	d->pos = pos;
	d->seq = sink->nraw;
	d->msg = render(&sink->strings, sl_rule_get(rule)->tmpl, args);
	d->hint = hint ? render(&sink->strings, "%1", (const char *const[3]){hint, 0, 0}) : SIZE_MAX;
	if (d->msg == SIZE_MAX) {
		sink->dropped++;
		return;
	}
	sink->nraw++;
}

void sl_sink_reword(sl_sink *sink, size_t i, const char *prefix)
{
	if (i >= sink->nraw || sink->rendered)
		return;
	char *old = strdup(sink->strings.buf + sink->raw[i].msg);
	if (!old)
		return; /* out of memory: the finding keeps its plain message */
	size_t at = render(&sink->strings, "%1%2", (const char *const[3]){prefix, old, 0});
	if (at != SIZE_MAX)
		sink->raw[i].msg = at;
	free(old);
}

static int by_position(const void *pa, const void *pb)
{
	const sl_raw_diag *a = pa, *b = pb;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void sl_sink_render(sl_sink *sink)
{
	if (sink->rendered)
		return;
	sink->rendered = true;
	if (sink->nraw)
		qsort(sink->raw, sink->nraw, sizeof *sink->raw, by_position);
	sink->diags = calloc(sink->nraw ? sink->nraw : 1, sizeof *sink->diags);
	if (!sink->diags)
		return;
	for (size_t i = 0; i < sink->nraw; i++) {
		const sl_raw_diag *r = &sink->raw[i];
		sl_diag *d = &sink->diags[i];
		d->rule = r->rule;
		d->severity = sl_rule_get(r->rule)->severity;
		d->line = r->pos.line;
		d->column = r->pos.col;
		d->message = sink->strings.buf + r->msg;
		d->hint = r->hint == SIZE_MAX ? NULL : sink->strings.buf + r->hint;
	}
	sink->ndiags = sink->nraw;
}

void sl_sink_free(sl_sink *sink)
{
	free(sink->raw);
	free(sink->diags);
	free(sink->strings.buf);
	memset(sink, 0, sizeof *sink);
}
