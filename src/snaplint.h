/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* snaplint.h - the public API of the snaplint core: feed bytes, get findings.
 *
 * The core does no I/O.  A caller creates one sl_doc per document, feeds it bytes in
 * chunks of any size, calls sl_doc_finish(), reads the findings, and frees it.  The
 * findings are identical whatever the chunking.
 *
 * Ownership: every object returned by an sl_*_new() function belongs to the caller and
 * is released with the matching sl_*_free(), which accepts NULL.  Pointers returned by
 * accessors stay valid until the owning object is freed.
 */
#ifndef SNAPLINT_H
#define SNAPLINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

#define SL_VERSION "0.1.0"
/* The libvirt release whose snapshot and checkpoint schemas the grammar follows. */
#define SL_LIBVIRT_SCHEMA_VERSION "12.8.0"

/* The libvirt releases whose schemas the grammar knows, oldest first (the schema sets of
 * ../shared/schemas/libvirt-*); a table's `since` field holds one of these. */
enum { SL_LV_9_0, SL_LV_9_8, SL_LV_10_4, SL_LV_10_7, SL_LV_11_3, SL_LV_12_8, SL_LV_COUNT };
extern const char *const sl_libvirt_schemas[SL_LV_COUNT]; /* "9.0.0" ... "12.8.0" */
/* A release number, MAJOR.MINOR or MAJOR.MINOR.MICRO, mapped to the newest known schema
 * set not newer than it: its SL_LV_ index; -1 when it is not a release number, -2 when
 * it is older than 9.0.0, -3 when it is newer than the 12.8 releases. */
int sl_libvirt_resolve(const char *version);
/* A release number as MAJOR * 1000000 + MINOR * 1000 + MICRO ("10.9" is 10009000), for the
 * rules whose libvirt behaviour changed below the schema sets' granularity
 * (rules/releases.def); NULL or what is not a release number: the newest, 12.8.0. */
long sl_libvirt_release(const char *version);
/* The range of `rule` (rules/releases.def) that `release` (sl_libvirt_release()) is in,
 * or SL_RANGE_COUNT for a rule without ranges or a release outside them. */
sl_range sl_rule_range_at(sl_rule rule, long release);
/* The index of a schema set named exactly ("9.0.0"); SL_LV_COUNT - 1 for NULL or an
 * unknown name. */
unsigned sl_libvirt_index(const char *schema);

/* What the root element says the document is. */
typedef enum {
	SL_KIND_UNKNOWN = 0, /* not parsed yet, or not well-formed before the root */
	SL_KIND_SNAPSHOT,    /* <domainsnapshot> */
	SL_KIND_CHECKPOINT,  /* <domaincheckpoint> */
	SL_KIND_OTHER,       /* another root element */
	SL_KIND_DOMAIN       /* <domain>, when sl_options.domain_root allows it */
} sl_kind;

/* Limits that bound memory and time; 0 means the default. */
typedef struct sl_limits {
	unsigned max_depth; /* element nesting, default 256 (libvirt's parser limit) */
	/* The most bytes fed without a parse event, i.e. the longest single tag (with its
	 * attributes), name, attribute value, comment or processing instruction; expat
	 * buffers a token whole, so this bounds its memory.  Default SL_MAX_TOKEN_DEFAULT,
	 * 10,000,000 bytes: libxml2's limit for one text node or attribute value without
	 * XML_PARSE_HUGE, so nothing libvirt (which parses with libxml2) reads is refused.
	 * Text content is streamed and not limited. */
	size_t max_token;
} sl_limits;
#define SL_MAX_TOKEN_DEFAULT ((size_t)10000000)

/* Which libvirt operation the document is meant for (SPEC §3). */
typedef enum {
	SL_MODE_AUTO = 0, /* infer: <active> -> stored; <creationTime> or a full <domain> ->
	                     redefine; otherwise create */
	SL_MODE_CREATE,   /* virsh snapshot-create / checkpoint-create input */
	SL_MODE_REDEFINE, /* ... --redefine input */
	SL_MODE_STORED    /* libvirt's own metadata files */
} sl_mode;

/* The state the domain will be in when the document is used (--domain-state). */
typedef enum {
	SL_STATE_UNKNOWN = 0, /* not given: checks that need it are skipped */
	SL_STATE_RUNNING,
	SL_STATE_PAUSED,
	SL_STATE_SHUTOFF
} sl_domain_state;

typedef struct sl_options {
	sl_limits limits;
	bool other_root_is_error; /* report SL105 for a foreign root (named files) */
	sl_mode mode;
	long long now;            /* seconds since the epoch for "in the future"; 0: unchecked */
	bool domain_root;         /* accept a <domain> root: a live domain definition */
	/* The live domain (a finished document with a <domain> root): create documents'
	 * disks are matched against its disks.  Owned by the caller; NULL for none. */
	const struct sl_doc *live;
	/* expat's hash salt; 0 (default) lets expat pick a random one.  The fuzzer fixes it
	 * so that runs are reproducible. */
	unsigned long hash_salt;
	/* Create documents: the domain's state and virsh's --disk-only flag, for the qemu
	 * driver's rules on what a snapshot may combine (the seeds' validity table). */
	sl_domain_state domain_state;
	bool disk_only;
	/* Ignore `<!-- snaplint-... -->` suppression comments (--no-inline-config). */
	bool no_inline_config;
	/* The libvirt release the documents are checked for (--target-libvirt): the
	 * release as given ("10.5") and the schema set it selects ("10.4.0", one of
	 * sl_libvirt_schemas); NULL for both: the newest.  Constructs newer than the
	 * target are reported (SL214).  Static strings or owned by the caller. */
	const char *target_libvirt, *target_schema;
	/* The libvirt version whose domain grammar checks the embedded domain and a domain
	 * root (dgrammar.h: dg_grammar_find()); NULL: the target's (`target_schema`), or
	 * without a target dg_grammar_default(), 12.8.0. */
	const struct dg_grammar *dg_grammar;
	/* An engine of the generated tier to borrow (dg_new(); owned by the caller, used by
	 * one document's parse at a time), so that it stays warm across documents; NULL:
	 * each document makes its own. */
	struct dg_engine *dg_engine;
} sl_options;

/* One finding.  Strings are owned by the sl_doc. */
typedef struct sl_diag {
	sl_rule rule;
	sl_severity severity;
	unsigned long line;   /* 1-based */
	unsigned long column; /* 1-based, in characters */
	const char *message;  /* rendered from the catalogue template */
	const char *hint;     /* did-you-mean or fix, may be NULL */
} sl_diag;

/* The values the semantic and cross-document stages read, captured while validating.
 * The first occurrence of an element wins, as in libvirt's parser. */
typedef enum {
	SL_FACT_NONE = 0,
	SL_FACT_NAME,          /* <name> */
	SL_FACT_PARENT,        /* <parent><name> */
	SL_FACT_STATE,         /* <state> (snapshots) */
	SL_FACT_CREATION_TIME, /* <creationTime> */
	SL_FACT_ACTIVE,        /* <active> (stored snapshots) */
	SL_FACT_DOMAIN_NAME,   /* <domain><name> */
	SL_FACT_DOMAIN_UUID,   /* <domain><uuid> (also the legacy form) */
	SL_FACT_COUNT
} sl_fact;

/* A captured text value.  At most SL_FACT_TEXT_MAX bytes are kept; `len` and `hash`
 * (FNV-1a, 64 bits) cover the whole text, so long values still compare exactly. */
#define SL_FACT_TEXT_MAX 255
typedef struct sl_fact_value {
	const char *text; /* NUL-terminated, owned by the sl_doc */
	size_t len;
	bool truncated;
	uint64_t hash;
	unsigned long line, column; /* of the element's start tag (<parent> for the parent) */
} sl_fact_value;

typedef struct sl_doc sl_doc;

/* Creates a validator for one document.  `opt` may be NULL. Returns NULL only when
 * memory is exhausted. */
sl_doc *sl_doc_new(const sl_options *opt);
/* Feeds the next chunk.  Returns false once the document cannot be parsed further
 * (a well-formedness error or a limit); feeding more is then harmless and ignored. */
bool sl_doc_feed(sl_doc *doc, const char *buf, size_t len);
/* Ends the input and runs the end-of-document checks.  Idempotent. */
void sl_doc_finish(sl_doc *doc);
void sl_doc_free(sl_doc *doc);

sl_kind sl_doc_kind(const sl_doc *doc);
/* The root element's name as written (NULL before the root). */
const char *sl_doc_root(const sl_doc *doc);
/* True when a limit stopped the parse (exit status 3 territory). */
bool sl_doc_hit_limit(const sl_doc *doc);
/* Findings, sorted by line then column, after sl_doc_finish(). */
size_t sl_doc_ndiags(const sl_doc *doc);
const sl_diag *sl_doc_diag(const sl_doc *doc, size_t i);

/* Inline suppressions, after sl_doc_finish().  True when a suppression comment of the
 * document covers a finding of `rule` at that position (the comment is then marked as
 * used).  Ask about every finding that would be reported, the document's and the
 * cross-document stage's; SL101, SL106 and SL506 are never suppressed. */
bool sl_doc_suppresses(sl_doc *doc, sl_rule rule, unsigned long line, unsigned long col);
/* Then: one SL505 finding per suppression that covered nothing asked about, in position
 * order (owned by the document, valid until the next call).  Resets the marks, so the
 * document can be reported again. */
size_t sl_doc_unused_suppressions(sl_doc *doc, const sl_diag **out);

/* After sl_doc_finish(): the fact, or false when the document has no such element. */
bool sl_doc_fact(const sl_doc *doc, sl_fact fact, sl_fact_value *out);

/* The expat protections every parser of the core gets, as bits: the ones the build
 * found in expat (tools/probe-expat.sh) and that expat accepted on a new parser.  The
 * limits: billion laughs, amplification 2.0 (entity expansion over input); allocation
 * tracker, amplification 100.0 (memory over input); reparse deferral on. */
enum {
	SL_PROTECT_BILLION_LAUGHS = 1u << 0,
	SL_PROTECT_ALLOC_TRACKER = 1u << 1,
	SL_PROTECT_REPARSE_DEFERRAL = 1u << 2
};
unsigned sl_parser_protections(void);

const char *sl_kind_name(sl_kind kind);
/* The mode the document was checked in (inferred when the options said auto). */
sl_mode sl_doc_mode(const sl_doc *doc);
const char *sl_mode_name(sl_mode mode);

/* The cross-document stage: the documents of a metadata directory, grouped by kind,
 * directory and domain, checked together (unique names, file names, parents, cycles,
 * the current snapshot, domain UUIDs, creation times, checkpoint leaves).  It copies the
 * few facts it needs from each document, never the document. */
typedef struct sl_tree sl_tree;

sl_tree *sl_tree_new(void);
void sl_tree_free(sl_tree *tree);
/* Adds a finished document read from `path` ("dir/file.xml": the directory groups it,
 * the file name is checked against its name).  Returns its index, or SIZE_MAX when it
 * is not a snapshot or checkpoint, is a create document (libvirt never stores those, so
 * the cross-document checks do not apply to them), or memory ran out. */
size_t sl_tree_add(sl_tree *tree, const char *path, const sl_doc *doc);
/* Runs the checks over everything added.  Call once. */
void sl_tree_check(sl_tree *tree);
/* Findings about document `index`, sorted by position. */
size_t sl_tree_ndiags(const sl_tree *tree, size_t index);
const sl_diag *sl_tree_diag(const sl_tree *tree, size_t index, size_t i);

/* ---- the one findings path (findings.c): raw findings to reported ones ---- */

/* One checked input, as the reporters see it. */
typedef struct sl_result {
	const char *path;    /* as given or as found by the walk; "-" or --stdin-filename */
	sl_doc *doc;         /* NULL when the input could not be read at all */
	const char *error;   /* why it could not be read, or NULL */
	const sl_tree *tree; /* cross-document findings, or NULL */
	size_t tree_index;
	const char *special; /* a FIFO, device or socket found by the walk: skipped */
	/* The findings to report, in position order: filled by the caller (the CLI's main.c) from
	 * sl_result_findings() before any reporter sees the result; the core never reads them. */
	const sl_diag *const *findings;
	size_t nfindings;
} sl_result;

/* The document's and the cross-document stage's findings of `r`, merged by position
 * (the document's first at equal positions).  The caller frees the array (not the
 * findings); NULL with *count 0 when there are none or memory ran out. */
const sl_diag **sl_result_collect(const sl_result *r, size_t *count);

/* The rule settings every finding goes through: the part of the configuration that
 * decides what is reported (the CLI's config.c fills it; the core only applies it). */
typedef struct sl_policy {
	bool off[SL_RULE_COUNT];        /* disabled rules */
	signed char sev[SL_RULE_COUNT]; /* severity override, or -1 */
	bool no_inline_config;          /* suppression comments ignored */
} sl_policy;

/* Rules that say an input could not be read or parsed (SL101 not well-formed, SL106
 * a limit, SL107 unreadable): never turned off and never reported below error,
 * whatever the policy says, so that nothing silences a document that does not parse. */
bool sl_rule_protected(sl_rule rule);

/* The findings of one input as reported: copies, owned by the caller. */
typedef struct sl_findings {
	sl_diag *d;
	size_t n;
	char *text; /* the message of an input-level finding (SL107, SL108), owned */
} sl_findings;

/* The one path from raw findings to reported ones, for every input: an unreadable input
 * gives one SL107 finding and a special file one SL108 (line 0); a document gives its
 * own and its cross-document findings.  Each goes through the policy (rule off,
 * severity, inline suppressions); unused suppressions are added (SL505).  False when
 * memory ran out (out is then empty). */
bool sl_result_findings(const sl_result *r, const sl_policy *p, sl_findings *out);
void sl_findings_free(sl_findings *f);

#endif
