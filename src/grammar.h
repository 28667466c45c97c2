/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* grammar.h - the grammar machine: libvirt's RELAX NG content models as tables.
 *
 * Each element context is a "kind" (gtables.c): its attributes with datatypes, its
 * children as particles, its text datatype.  A content model is an interleave of
 * ordered lanes: children in the same lane must appear in table order (a RELAX NG
 * <group>), children in different lanes in any order (<interleave>).  Attribute and
 * element choices, "requires" links and attribute-dependent variants cover the rest.
 * The machine keeps an explicit frame stack with a depth cap; it never recurses.
 *
 * As a stage (driver.c): it takes each start tag, text and end tag, reports what breaks
 * the content model into its sink, and annotates the event with the element's kind,
 * role, fact and whether its subtree is checked at all; it never calls a later stage.
 */
#ifndef SL_GRAMMAR_H
#define SL_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "datatype.h"
#include "event.h"
#include "sink.h"

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
	const char *requires;       /* an attribute that must be present too, by name, or NULL */
	const char *const *values;  /* SL_DT_TOKEN: NULL-terminated enumeration */
	uint8_t since;              /* the first known libvirt schemas with it (SL_LV_*) */
} sl_attr_spec;

#define SL_UNBOUNDED 255
#define SL_LANE_FREE 255 /* an <interleave> member: no order */

typedef struct sl_child_spec {
	const char *name;
	uint16_t kind;     /* kind of the child (may be a resolver kind) */
	uint8_t lane;      /* interleave branch; order within a lane is table order */
	uint8_t min, max;  /* occurrences: 0/1, 1/1, 0/SL_UNBOUNDED, 1/SL_UNBOUNDED */
	uint8_t group;     /* children sharing a group > 0 exclude each other */
	const char *const *requires; /* children that must be present too, by name (in table
	                              * order), NULL-terminated; NULL for none */
	uint8_t since;     /* the first known libvirt schemas with it (SL_LV_*) */
} sl_child_spec;

/* A value newer than the oldest known schemas: an enumerated one (the list it is in, an
 * attribute's `values`, and the value) or a part of a datatype (the type and a test of
 * the part: the value is valid, is it in that part?); the first known schemas with it. */
typedef struct sl_value_since {
	const char *const *values;
	const char *value;
	uint8_t since;
	uint8_t dt;                     /* with `match`, for a datatype's part */
	bool (*match)(const char *v);
} sl_value_since;
extern const sl_value_since sl_values_since[];
extern const unsigned sl_nvalues_since;

/* Kind flags. */
enum {
	SL_K_DELEGATE = 1,      /* the element and its subtree belong to the generated domain
	                           tier (driver.c); `entry` says which of its entries */
	SL_K_SKIP = 4,          /* accept anything below, check nothing */
	SL_K_REQ_GROUP = 16,    /* attribute group 1 must have a member present */
	SL_K_ANY_CHILDREN = 32  /* any element may appear as a child, unchecked (cookie) */
};

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
	/* The element's role for the semantic stage (sl_role), 0 for none. */
	uint8_t role;
	/* SL_K_DELEGATE: the generated tier's entry (dg_entry, dgrammar.h). */
	uint8_t entry;
} sl_kind_spec;


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
	SL_KIND_ID_DOMAIN = 3 /* a domain definition as the root (--domain-xml) */
};

/* What the machine's arrays hold: kinds in sl_kinds[], attributes and children of one
 * kind.  gtables.c checks the first at compile time, tests/check_tables.c the others. */
#define SL_KINDS_MAX 256
#define SL_KIND_ATTRS_MAX 32
#define SL_KIND_KIDS_MAX 16 /* sl_frame's count[] */

/* The links of one kind that its tables write as names, resolved to indices once per
 * process (at the name index's build), so that the per-event path reads only indices. */
typedef struct sl_kind_links {
	int8_t partner[SL_KIND_ATTRS_MAX]; /* attribute i's `requires`: its index, -1 none */
	uint8_t since[SL_KIND_ATTRS_MAX];  /* the newest SL_LV_* of the sl_values_since
	                                    * entries that can apply to attribute i, 0 none */
	uint16_t needs[SL_KIND_KIDS_MAX];  /* child i's `requires`: bit j for child j */
	/* The older kind of a variant (sl_kind_variants): bit i of changed[SL_CH_*] when
	 * that part of child i's rule differs from the newest kind's child of that name (a
	 * child the newest kind lacks differs in all), and the variant's hint; zeros and
	 * NULL for every other kind. */
	uint16_t changed[3];
	const char *changed_hint;
	/* For the end tag's fast path: bit i when child i is required (min 1), when it
	 * requires others; `end_scan` when a rule needs the full check (min above 1). */
	uint16_t required, needy;
	bool end_scan;
	/* For the start tag's fast path, bit i for attribute i: required; in group 1 (one
	 * of which SL_K_REQ_GROUP asks for); in a group or with a `requires` partner. */
	uint32_t attr_required, attr_group1, attr_linked;
} sl_kind_links;
enum {
	SL_CH_OCCURS, /* min or max: a repeated or missing child */
	SL_CH_ORDER,  /* lane: a child out of order */
	SL_CH_LINKS   /* group or requires: an exclusion, a required partner */
};

/* An older content model of a kind: what libvirt changed otherwise than by adding a
 * construct (`since`), such as a child that became repeatable or optional.  Targets whose
 * schema set is `until` or older use kind `older` wherever the tables give `kind` (after
 * a resolver, if any); `older` is the same element (name, context, attributes, text,
 * role) with the older children.  A finding about a child that comes from a part of
 * its rule that differs between the two (occurrences, lane, group or requires) takes the
 * hint "libvirt X's schemas, used for the target, " followed by `hint`, X the target's
 * schema set.  Resolved once per
 * process into a map per target (grammar.c); the newest target has none.
 * How to add one: the older kind in gtables.c (not reached by any table), a row in
 * sl_kind_variants[], fixtures failing at `until` and passing after it. */
typedef struct sl_kind_variant {
	uint16_t kind;     /* the newest content model's kind */
	uint8_t until;     /* the newest schema set (SL_LV_*) with the older model */
	uint16_t older;    /* the kind with the older model */
	const char *hint;  /* names the next schema set, which has the newer model */
} sl_kind_variant;
extern const sl_kind_variant sl_kind_variants[];
extern const unsigned sl_nkind_variants;

/* The kind the machine uses for `kind` at the schema set `target` (SL_LV_*): the older
 * kind of the variant with the smallest `until` not older than the target, or `kind`. */
unsigned sl_grammar_kind_at(unsigned kind, unsigned target);

/* Kind `kind`'s resolved links (NULL past sl_kinds[]); a name that names no entry
 * resolves to nothing (-1, no bit), which tests/check_tables.c reports. */
const sl_kind_links *sl_grammar_links(unsigned kind);

/* One open element. */
typedef struct sl_frame {
	uint16_t kind;
	uint8_t flags;           /* SL_F_* in grammar.c */
	uint8_t nchild;          /* children seen, saturating */
	uint8_t text_mode;       /* how its text is taken (SL_TM_*) */
	sl_pos pos;              /* start tag */
	uint8_t count[SL_KIND_KIDS_MAX]; /* occurrences per particle, saturating at 2 */
	uint16_t seen;           /* bit i: particle i occurred (count[i] > 0) */
	int8_t last[8];          /* last particle index seen per lane, -1 none */
} sl_frame;

/* How the text of the innermost open element is taken (sl_grammar.text_mode): kept
 * current at every start and end tag, so that a text event costs a test or two. */
enum {
	SL_TM_NONE = 0,  /* no element open: nothing to check */
	SL_TM_DELEGATED, /* the generated tier's */
	SL_TM_SKIP,      /* an unchecked subtree */
	SL_TM_SPACE,     /* element-only or empty content: whitespace only */
	SL_TM_REPORTED,  /* ... where non-whitespace was reported already */
	/* the data modes last: one test (>= SL_TM_DATA) takes both, in sl_grammar_text() */
	SL_TM_DATA,      /* a data element's typed text */
	SL_TM_FREE       /* a data element's free text (SL_DT_TEXT: any string, nothing to
	                  * scan, so sl_dt_feed is not called for it) */
};

typedef struct sl_grammar {
	sl_sink *sink;       /* where its findings go */
	sl_frame *stack;
	unsigned depth, max_depth;
	size_t cap;          /* frames allocated (sl_grow); the depth cap is max_depth */
	uint16_t root_kind;  /* the kind the driver recognised the root as */
	const char *root_ns; /* namespace of the root, treated as "none" below it */
	size_t root_nslen;
	sl_dtscan scan;      /* text of the innermost data element */
	sl_pos text_pos;     /* first text of the current element */
	bool text_seen;
	uint8_t text_mode;   /* SL_TM_* */
	/* The target libvirt (sl_options): its schema set (SL_LV_*) and the release as
	 * given, for SL214; `newer_depth` is the depth of the open element that is newer
	 * than the target (0: none), inside which SL214 is not repeated. */
	uint8_t target;
	const char *target_name;
	unsigned newer_depth;
	/* The target's kinds by kind (sl_kind_variants), NULL when no variant applies (the
	 * newest target): a start tag then pays one test for it. */
	const uint16_t *kind_map;
	/* The depth of the open delegated element (its frame is the last one pushed), 0
	 * none: the elements below it have no frame, only a depth. */
	unsigned delegated;
} sl_grammar;

bool sl_grammar_init(sl_grammar *g, sl_sink *sink, unsigned max_depth);
void sl_grammar_free(sl_grammar *g);
/* The root's kind and namespace (the namespace stays owned by the caller); before the
 * root's start tag. */
void sl_grammar_set_root(sl_grammar *g, unsigned kind, const char *ns, size_t nslen);
/* The libvirt release the document is checked for: `schema` one of sl_libvirt_schemas
 * (NULL: the newest), `name` the release as given (NULL: the schema's name); both
 * outlive the grammar.  Before the first event. */
void sl_grammar_set_target(sl_grammar *g, const char *schema, const char *name);
/* Validate one event each and annotate it (kind, role, fact, data, skip, delegated: the
 * events of a delegated subtree, its element's start and end included, are not checked
 * here; only the delegated element itself gets its kind and role).  One function per
 * event type, so that the driver calls each directly.  A start tag returns false when
 * a limit stops the parse (the depth cap, memory). */
bool sl_grammar_start_rest(sl_grammar *g, sl_event *ev);
void sl_grammar_end_rest(sl_grammar *g, sl_event *ev);
/* The entries: below a delegated element (most tags of a document with a domain) a tag
 * only moves the depth, inline; every other case in the functions above. */
static inline bool sl_grammar_start(sl_grammar *g, sl_event *ev)
{
	if (g->delegated && g->depth < g->max_depth) {
		g->depth++;
		ev->delegated = true;
		return true;
	}
	return sl_grammar_start_rest(g, ev);
}
static inline void sl_grammar_end(sl_grammar *g, sl_event *ev)
{
	if (g->delegated && g->depth > g->delegated) {
		g->depth--;
		ev->delegated = true;
		return;
	}
	sl_grammar_end_rest(g, ev);
}
/* Every case of a text event; sl_grammar_text() is the entry. */
void sl_grammar_text_rest(sl_grammar *g, sl_event *ev);

/* True when s[0..n) is XML whitespace only.  Indentation, most of a document's text,
 * is blanks: those go four at a time. */
static inline bool sl_grammar_spaces(const char *s, size_t n)
{
	size_t i = 0;
	for (uint32_t w; i + 4 <= n; i += 4) {
		memcpy(&w, s + i, 4);
		if (w != UINT32_C(0x20202020))
			break;
	}
	for (; i < n; i++)
		if (!sl_is_space(s[i]))
			return false;
	return true;
}

/* A text event: whitespace where only elements may be, and the further text of a data
 * element, are taken here, inline (most events of a document are one or the other);
 * the rest, and any finding, in sl_grammar_text_rest().  False when the event carries
 * nothing for a later stage (neither a data element's text nor a delegated one).  The
 * modes are tested in the order of their share of a document's text (a domain's, the
 * indentation between elements, a data element's), a compare each: fewer instructions
 * than a jump table for the first three, and the mode rarely changes between events. */
static inline bool sl_grammar_text(sl_grammar *g, sl_event *ev)
{
	uint8_t mode = g->text_mode;
	if (mode == SL_TM_DELEGATED) { /* set only while g->delegated: the generated tier's */
		ev->delegated = true;
		return true;
	}
	if (mode == SL_TM_SPACE) {
		if (sl_grammar_spaces(ev->text, ev->len))
			return false;
	} else if (mode >= SL_TM_DATA) {
		if (g->text_seen) { /* else its position is taken first */
			ev->data = true;
			if (mode == SL_TM_DATA)
				sl_dt_feed(&g->scan, ev->text, ev->len);
			return true;
		}
	} else if (mode == SL_TM_NONE || mode == SL_TM_REPORTED) {
		return false;
	}
	sl_grammar_text_rest(g, ev);
	return ev->data || ev->delegated;
}
/* Open elements. */
static inline unsigned sl_grammar_depth(const sl_grammar *g)
{
	return g->depth;
}

#endif
