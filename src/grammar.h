/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* grammar.h - the grammar machine: libvirt's RELAX NG content models as tables.
 *
 * Each element context is a "kind" (gtables.c): its attributes with datatypes, its
 * children as particles, its text datatype.  A content model is an interleave of
 * ordered lanes: children in the same lane must appear in table order (a RELAX NG
 * <group>), children in different lanes in any order (<interleave>).  Attribute and
 * element choices, "requires" links and attribute-dependent variants cover the rest.
 * The machine keeps an explicit frame stack with a depth cap; it never recurses.
 */
#ifndef SL_GRAMMAR_H
#define SL_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datatype.h"
#include "snaplint.h"

struct sl_doc;
struct sl_grammar;
struct sl_domvocab_set;

/* Text content of a kind that has no datatype: element-only or empty content, where
 * only whitespace may appear. */
enum { SL_TEXT_NONE = SL_DT_COUNT };

/* Attribute spec flags. */
enum { SL_A_REQUIRED = 1 };

typedef struct sl_attr_spec {
	const char *name;
	uint8_t dt;                 /* sl_dt */
	uint8_t flags;
	uint8_t group;              /* attributes sharing a group > 0 exclude each other */
	uint8_t requires;           /* 1 + index of an attribute that must be present too */
	const char *const *values;  /* SL_DT_TOKEN: NULL-terminated enumeration */
	bool (*valid)(const char *v); /* SL_DT_TOKEN without a list: normalised value check */
	const struct sl_domvocab_set *set; /* ...and the values it accepts, for hints */
} sl_attr_spec;

#define SL_UNBOUNDED 255
#define SL_LANE_FREE 255 /* an <interleave> member: no order */

typedef struct sl_child_spec {
	const char *name;
	uint16_t kind;     /* kind of the child (may be a resolver kind) */
	uint8_t lane;      /* interleave branch; order within a lane is table order */
	uint8_t min, max;  /* occurrences: 0/1, 1/1, 0/SL_UNBOUNDED, 1/SL_UNBOUNDED */
	uint8_t group;     /* children sharing a group > 0 exclude each other */
	uint16_t requires; /* bit i: child i must be present too */
} sl_child_spec;

/* Kind flags. */
enum {
	SL_K_OPEN_ATTRS = 1,    /* undeclared attributes are accepted (embedded domain) */
	SL_K_DOMAIN_VOCAB = 2,  /* undeclared children: vocabulary check (embedded domain) */
	SL_K_SKIP = 4,          /* accept anything below, check nothing */
	SL_K_LEGACY_DOMAIN = 8, /* <domain>: either <domain><uuid/></domain> or a full domain */
	SL_K_REQ_GROUP = 16,    /* attribute group 1 must have a member present */
	SL_K_ANY_CHILDREN = 32  /* any element may appear as a child, unchecked (cookie) */
};

typedef struct sl_start sl_start;

typedef struct sl_kind_spec {
	const char *name;   /* element name */
	const char *ctx;    /* context shown in messages, e.g. "disk snapshot='no'" */
	const sl_attr_spec *attrs;
	uint8_t nattrs;
	const sl_child_spec *kids;
	uint8_t nkids;
	uint16_t text;               /* sl_dt or SL_TEXT_NONE */
	const char *const *values;   /* enumeration for SL_DT_TOKEN text */
	uint8_t flags;
	/* Picks the real kind from the start tag's attributes (variants), or NULL. */
	uint16_t (*resolve)(const sl_start *st);
	/* A fact to capture from the text (see sl_fact), 0 for none. */
	uint8_t fact;
	/* What the semantic stage records at the start tag (sl_role), 0 for nothing. */
	uint8_t role;
} sl_kind_spec;

/* Start tags the semantic stage (semantic.c) records. */
typedef enum {
	SL_ROLE_NONE = 0,
	SL_ROLE_DISKS,    /* <disks>/<revertDisks>: a new scope of unique disk names */
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
	SL_ROLE_DOMNVRAM     /* <domain><os><nvram> */
} sl_role;

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

/* A start tag as the machine sees it. */
struct sl_start {
	const char *ns; /* "" when none */
	size_t nslen;
	const char *local;
	const char *prefix;
	const char **atts; /* expat's name/value pairs */
	size_t nattrs;
	unsigned long line, col; /* of the '<' */
	/* Position of attribute i (computed lazily from the raw tag). */
	void (*attr_pos)(void *ctx, size_t i, unsigned long *line, unsigned long *col);
	void *ctx;
};

/* Enumerations of the snapshot grammar that the semantic stage also reads (gtables.c):
 * the values the schema accepts, NULL-terminated. */
extern const char *const sl_values_state[];             /* <state> */
extern const char *const sl_values_active[];            /* <active> */
extern const char *const sl_values_memory_snapshot[];   /* <memory snapshot> */
extern const char *const sl_values_disk_snapshot[];     /* <disks><disk snapshot> */
extern const char *const sl_values_snapdisk_type[];     /* <disks><disk type> */
extern const char *const sl_values_overlay_format[];    /* <disks><disk><driver type> */

extern const sl_kind_spec sl_kinds[];
extern const unsigned sl_nkinds; /* entries of sl_kinds[] */
/* Kind ids used by the machine itself (gtables.c defines the rest). */
enum {
	SL_KIND_ID_SKIP = 0,
	SL_KIND_ID_SNAPSHOT = 1,
	SL_KIND_ID_CHECKPOINT = 2,
	SL_KIND_ID_DOMVOCAB = 3,
	SL_KIND_ID_DOMAIN = 4 /* a domain definition as the root (--domain-xml) */
};

/* Splits attribute i of the start tag. */
void sl_start_attr_at(const sl_start *st, size_t i, sl_attr *out);
/* Returns the value of attribute `name` (no namespace) or NULL. */
const char *sl_start_attr(const sl_start *st, const char *name);
/* RELAX NG token comparison: `v` equals `want` once whitespace is normalised. */
bool sl_token_eq(const char *v, const char *want);

/* One open element. */
typedef struct sl_frame {
	uint16_t kind;
	uint8_t flags;           /* SL_F_* in grammar.c */
	uint8_t nchild;          /* children seen, saturating */
	unsigned long line, col; /* start tag */
	uint8_t count[16];       /* occurrences per particle, saturating at 2 */
	int8_t last[8];          /* last particle index seen per lane, -1 none */
	uint8_t first_child;     /* particle of the first child, 255 none */
	bool has_type;           /* legacy <domain>: had a type attribute */
} sl_frame;

#define SL_FACT_KEEP (SL_FACT_TEXT_MAX + 1)

typedef struct sl_grammar {
	struct sl_doc *doc;
	sl_frame *stack;
	unsigned depth, cap, max_depth;
	const char *root_ns; /* namespace of the root, treated as "none" below it */
	size_t root_nslen;
	sl_dtscan scan;      /* text of the innermost data element */
	bool scanning;
	bool text_reported;
	unsigned long text_line, text_col; /* first text of the current element */
	bool text_seen;
	/* captured facts: bounded copies, full length and hash, position */
	char fact[SL_FACT_COUNT][SL_FACT_KEEP];
	size_t fact_len[SL_FACT_COUNT];   /* bytes kept */
	size_t fact_total[SL_FACT_COUNT]; /* bytes seen */
	uint64_t fact_hash[SL_FACT_COUNT];
	unsigned long fact_line[SL_FACT_COUNT], fact_col[SL_FACT_COUNT];
	bool fact_present[SL_FACT_COUNT];
	uint8_t capturing;   /* sl_fact of the innermost element, 0 none */
} sl_grammar;

bool sl_grammar_init(sl_grammar *g, struct sl_doc *doc, unsigned max_depth);
void sl_grammar_free(sl_grammar *g);
/* Returns false when the depth cap stops the parse. */
bool sl_grammar_start(sl_grammar *g, const sl_start *st, unsigned root_kind);
/* Text of the current element; `pos` gives the position of its first byte, and is only
 * called when a position is needed (it costs expat a rescan). */
void sl_grammar_text(sl_grammar *g, const char *s, size_t len,
                     void (*pos)(void *ctx, unsigned long *line, unsigned long *col), void *ctx);
void sl_grammar_end(sl_grammar *g);

#endif
