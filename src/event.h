/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* event.h - what every stage shares and nothing else: positions, the start tag with its
 * attribute access, RELAX NG token comparison, the one hash (and the name hash the name
 * indexes key element and attribute names by), the one growth helper, and the parse
 * event the driver hands from stage to stage.
 *
 * It depends on the C library only, so any stage can include it without pulling in
 * another stage.  Ownership: an event and everything it points to belong to the caller
 * (the XML adapter) and are valid only during the call that passes them.
 */
#ifndef SL_EVENT_H
#define SL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A position in the document: 1-based line and column (characters).  A start tag's
 * position is its '<', an attribute's its first character; line 0 is the whole input. */
typedef struct sl_pos {
	unsigned long line, col;
} sl_pos;

/* expat's separator between namespace URI, local name and prefix (XML_ParserCreateNS
 * with XML_SetReturnNSTriplet); it cannot occur in XML names or URIs. */
#define SL_NS_SEP '\x01'

/* A qualified name split out of expat's "uri SEP local SEP prefix" form.  `local` and
 * `prefix` point into `buf` when the name had a namespace. */
typedef struct sl_attr {
	const char *ns;   /* "" when none */
	size_t nslen;
	const char *local;
	const char *prefix; /* NULL when none */
	const char *value;
	char buf[256];
} sl_attr;

/* A start tag as the stages see it. */
typedef struct sl_start {
	const char *ns; /* "" when none */
	size_t nslen;
	const char *local;
	const char *prefix;
	uint32_t hash;     /* sl_name_hash_len of `local`: the adapter hashes the name once,
	                    * the name indexes read it */
	size_t llen;       /* strlen(local) */
	const char **atts; /* expat's name/value pairs */
	size_t nattrs;
	sl_pos pos;        /* of the '<' */
	/* Position of attribute i (computed lazily from the raw tag by the adapter). */
	void (*attr_pos)(void *ctx, size_t i, sl_pos *out);
	void *ctx;
} sl_start;

/* Splits attribute i of the start tag. */
void sl_start_attr_at(const sl_start *st, size_t i, sl_attr *out);
/* Returns the value of attribute `name` (no namespace) or NULL.  Inline, with the first
 * byte tested before a call: the resolvers and the semantic stage ask several times per
 * start tag, and most names differ at their first byte. */
static inline const char *sl_start_attr(const sl_start *st, const char *name)
{
	for (size_t i = 0; i < st->nattrs; i++) {
		const char *a = st->atts[2 * i]; /* unprefixed: no separator */
		if (a[0] == name[0] && !strcmp(a, name))
			return st->atts[2 * i + 1];
	}
	return NULL;
}
/* The position of attribute i (the tag's own when the adapter cannot tell). */
sl_pos sl_start_attr_pos(const sl_start *st, size_t i);
/* XML whitespace. */
static inline bool sl_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
/* sl_token_eq() past its first byte's test. */
bool sl_token_eq_rest(const char *v, const char *want);
/* RELAX NG token comparison: `v` equals `want` once whitespace is normalised.  A value
 * that starts with neither whitespace nor `want`'s first byte is not `want`: most
 * comparisons end inline, without a call. */
static inline bool sl_token_eq(const char *v, const char *want)
{
	return (*v == *want || sl_is_space(*v)) && sl_token_eq_rest(v, want);
}

/* The one hash: FNV-1a, 64 bits.  Start with SL_HASH_INIT and feed any number of
 * pieces; the facts, the disk names and the cross-document stage all use it. */
#define SL_HASH_INIT UINT64_C(0xcbf29ce484222325)
/* One byte into the hash: the definition every function below shares. */
static inline uint64_t sl_hash_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * UINT64_C(0x100000001b3);
}
uint64_t sl_hash(uint64_t h, const char *s, size_t len);
/* sl_hash() over a NUL-terminated string. */
uint64_t sl_hash_cstr(uint64_t h, const char *s);
/* The hash of a NUL-terminated string: sl_hash(SL_HASH_INIT, s, strlen(s)). */
uint64_t sl_hash_str(const char *s);
/* Unaligned loads (memcpy: any address, no alignment asked). */
static inline uint64_t sl_load64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}
static inline uint32_t sl_load32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* The hash of the `len` bytes of an XML name as the name indexes key it (sl_start.hash,
 * the grammar's name index, the domain roles, the generated tier's symbol cache): every
 * start tag hashes its name, so it takes whole words, not a multiply per byte.  Names of
 * up to 16 bytes are read whole by two loads that may overlap (1 to 3 bytes: the first,
 * middle and last), longer ones word by word; the length is mixed in, so every byte and
 * the length count.  Not sl_hash: a key for lookups that compare the names whose hashes
 * are equal, never stored or compared across processes (it differs by byte order). */
#define SL_NAME_MIX1 UINT64_C(0x9e3779b97f4a7c15)
#define SL_NAME_MIX2 UINT64_C(0xc2b2ae3d27d4eb4f)
static inline uint32_t sl_name_hash_len(const char *s, size_t len)
{
	uint64_t a, b;
	if (len >= 8) {
		a = sl_load64(s);
		for (size_t i = 8; i + 8 < len; i += 8)
			a = (a ^ sl_load64(s + i)) * SL_NAME_MIX1;
		b = sl_load64(s + len - 8);
	} else if (len >= 4) {
		a = sl_load32(s);
		b = sl_load32(s + len - 4);
	} else {
		a = len ? (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[len / 2] << 8 |
		          (unsigned char)s[len - 1]
		        : 0;
		b = 0;
	}
	uint64_t h = (a ^ len) * SL_NAME_MIX1;
	h = (h ^ (h >> 29) ^ b) * SL_NAME_MIX2;
	return (uint32_t)(h ^ (h >> 32));
}
/* The name hash of an unprefixed XML name into *out, and its length into *len unless
 * len is NULL, in the same pass that looks for expat's namespace separator (strchrnul:
 * a vector scan for it or the end, with no branch per byte; GNU, also in the BSDs and
 * musl, declared under _GNU_SOURCE, which the Makefile defines): false, *out and *len
 * unset, when the name has a namespace. */
static inline bool sl_name_hash(const char *name, uint32_t *out, size_t *len)
{
	const char *end = strchrnul(name, SL_NS_SEP);
	if (*end)
		return false;
	if (len)
		*len = (size_t)(end - name);
	*out = sl_name_hash_len(name, (size_t)(end - name));
	return true;
}

/* The one growth helper for dynamic arrays: makes room for element `n` of *array
 * (capacity *cap, in elements of `size` bytes), doubling from 4 as often as that takes,
 * with one realloc.  False when memory ran out or the size would overflow (the array is
 * then unchanged). */
bool sl_grow_to(void **array, size_t *cap, size_t n, size_t size);
static inline bool sl_grow(void **array, size_t *cap, size_t n, size_t size)
{
	return n < *cap || sl_grow_to(array, cap, n, size); /* inline: most calls have room */
}

/* What an element is to the semantic stage: the grammar tables give each kind its role,
 * the semantic stage dispatches on it (semantic.c, sem_start[]).  One role per element
 * name and context, so that no handler tells elements apart by their name. */
typedef enum {
	SL_ROLE_NONE = 0,
	SL_ROLE_DISKS,    /* <disks>: a new scope of unique disk names */
	SL_ROLE_SNAPDISK, /* a snapshot <disk> */
	SL_ROLE_CPDISK,   /* a checkpoint <disk> */
	SL_ROLE_MEMORY,   /* <memory> */
	SL_ROLE_DOMAIN,   /* <domain> (full or legacy) */
	SL_ROLE_INACTIVE, /* <inactiveDomain> */
	SL_ROLE_DOMDISK,  /* <domain>/<devices>/<disk> */
	SL_ROLE_DOMTARGET,   /* ... its <target dev> */
	SL_ROLE_DOMSOURCE,   /* ... its <source> */
	SL_ROLE_DOMREADONLY, /* ... its <readonly/> */
	SL_ROLE_DOMDRIVER,   /* ... its <driver> */
	SL_ROLE_SNAPSOURCE,  /* a snapshot <disk>'s <source> */
	SL_ROLE_SNAPMDCACHE, /* ... its <driver><metadata_cache><max_size> */
	SL_ROLE_DOMSHAREABLE, /* a domain disk's <shareable/> */
	SL_ROLE_DOMLOADER,   /* <domain><os><loader> */
	SL_ROLE_DOMNVRAM,    /* <domain><os><nvram> */
	SL_ROLE_REVERTDISKS, /* <revertDisks>: a new scope of unique disk names */
	SL_ROLE_SNAPDRIVER,  /* a snapshot <disk>'s <driver> */
	SL_ROLE_COUNT
} sl_role;

/* ---- the parse event: one per expat callback, annotated as it goes down the stages ---- */

typedef enum { SL_EV_START, SL_EV_TEXT, SL_EV_END, SL_EV_COMMENT } sl_ev_type;

struct sl_dtscan;

typedef struct sl_event {
	sl_ev_type type;
	unsigned depth;        /* open elements before a START, or including the ending one
	                        * (START, END, COMMENT: set by the driver) */
	/* ---- written by the grammar stage, read by the later ones; the adapter clears them
	 * with one store of `annotations`, which covers them all ---- */
	union {
		struct {
			uint16_t kind;  /* START, END: the element's grammar kind */
			uint8_t role;   /* START, END: its semantic role (sl_role), 0 none */
			uint8_t fact;   /* START: the fact its text gives (sl_fact), 0 none */
			bool data;      /* START, END: a data element (typed text); TEXT: its text */
			bool skip;      /* an unchecked subtree: later stages ignore the event */
			bool delegated; /* the subtree belongs to a delegate grammar (driver.c) */
		};
		uint64_t annotations;
	};
	/* ---- what the adapter gives; each field only for the types it names ---- */
	sl_pos pos;            /* START: where expat reports it (others: locate) */
	const sl_start *start; /* START */
	const char *text;      /* TEXT (not terminated), COMMENT (NUL-terminated) */
	size_t len;            /* TEXT, COMMENT */
	/* TEXT, END, COMMENT: the position (of a text's first byte), asked only when needed:
	 * it costs expat a rescan. */
	void (*locate)(void *ctx, sl_pos *out);
	void *pos_ctx;
	sl_pos fact_pos;       /* START with a fact (grammar): where that fact is reported */
	const struct sl_dtscan *value; /* END of a data element (grammar): its text, scanned;
	                                * NULL otherwise */
} sl_event;

#endif
