/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* event.c - the helpers every stage shares (event.h): attribute access, token
 * comparison, the hash and the growth helper.
 */
#include <stdlib.h>
#include <string.h>

#include "event.h"

bool sl_token_eq_rest(const char *v, const char *want)
{
	if (!strcmp(v, want)) /* as written, the common case: one vectorised compare */
		return true;
	while (sl_is_space(*v))
		v++;
	while (*want) {
		if (*v == *want) {
			v++, want++;
			continue;
		}
		if (*want == ' ' && sl_is_space(*v)) { /* inner runs collapse to one space */
			while (sl_is_space(*v))
				v++;
			want++;
			continue;
		}
		return false;
	}
	while (sl_is_space(*v))
		v++;
	return *v == '\0';
}

void sl_start_attr_at(const sl_start *st, size_t i, sl_attr *out)
{
	const char *raw = st->atts[2 * i];
	const char *sep = strchr(raw, SL_NS_SEP);
	out->value = st->atts[2 * i + 1];
	out->prefix = NULL;
	if (!sep) {
		out->ns = "", out->nslen = 0, out->local = raw;
		return;
	}
	out->ns = raw, out->nslen = (size_t)(sep - raw);
	const char *local = sep + 1, *sep2 = strchr(local, SL_NS_SEP);
	size_t llen = sep2 ? (size_t)(sep2 - local) : strlen(local);
	size_t room = sizeof out->buf / 2 - 1;
	if (llen > room)
		llen = room;
	memcpy(out->buf, local, llen);
	out->buf[llen] = '\0';
	out->local = out->buf;
	if (sep2) {
		size_t plen = strlen(sep2 + 1);
		if (plen > room)
			plen = room;
		memcpy(out->buf + llen + 1, sep2 + 1, plen);
		out->buf[llen + 1 + plen] = '\0';
		out->prefix = out->buf + llen + 1;
	}
}

sl_pos sl_start_attr_pos(const sl_start *st, size_t i)
{
	sl_pos p = st->pos;
	if (st->attr_pos)
		st->attr_pos(st->ctx, i, &p);
	return p;
}

uint64_t sl_hash(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = sl_hash_byte(h, (unsigned char)s[i]);
	return h;
}

uint64_t sl_hash_cstr(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = sl_hash_byte(h, (unsigned char)*s);
	return h;
}

uint64_t sl_hash_str(const char *s)
{
	return sl_hash_cstr(SL_HASH_INIT, s);
}

/* sl_grow() without room: the realloc. */
bool sl_grow_to(void **array, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap < 4 ? 4 : *cap;
	while (want <= n) {
		if (want > SIZE_MAX / 2 / size)
			return false;
		want *= 2;
	}
	void *p = realloc(*array, want * size);
	if (!p)
		return false;
	*array = p;
	*cap = want;
	return true;
}
