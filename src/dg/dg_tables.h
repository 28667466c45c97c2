/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg_tables.h - the layout of the generated domain-grammar tables (src/dg/dg_*.c, written
 * by tools/gen-domain-grammar.py) that src/dgrammar.c runs.
 *
 * One node array holds the simplified RELAX NG patterns of every generated libvirt
 * version (identical patterns stored once); a version is a set of entry node ids into it.
 * Node ids 0, 1 and 2 are empty, notAllowed and text.  Choice operands are sorted by id
 * and distinct, so a choice is in the engine's canonical form.  Everything is const.
 *
 * The rows hold their strings inline (char arrays, not pointers), so that the tables are
 * position-independent: they stay in .rodata, and the dynamic loader writes nothing into
 * them at every start (pointers in a PIE are relocated, page by page, as the process
 * starts).  An array still reads as a `const char *`.  The generator refuses a longer
 * string; raise the limit here and in the generator (DG_*_MAX there) together.
 */
#ifndef DG_TABLES_H
#define DG_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "../dg_data.h"

#define DG_NONE 0xFFFFFFFFu
enum { DG_ID_EMPTY = 0, DG_ID_NOTALLOWED = 1, DG_ID_TEXT = 2 };

/* Pattern kinds.  AFTER only occurs in the engine's run-time arena. */
typedef enum {
	DG_EMPTY, DG_NOTALLOWED, DG_TEXT,
	DG_CHOICE,      /* a = first operand in dg_choice_ops, b = count */
	DG_GROUP,       /* a, b */
	DG_INTERLEAVE,  /* a, b */
	DG_ONEORMORE,   /* a */
	DG_ELEMENT,     /* a = name class, b = content */
	DG_ATTRIBUTE,   /* a = name class, b = value pattern */
	DG_VALUE,       /* a = dg_values index */
	DG_DATA,        /* a = dg_dtypes index, b = except pattern or DG_NONE */
	DG_AFTER        /* a, b (run time only) */
} dg_op;

typedef struct dg_node {
	uint8_t op, nullable;
	uint16_t starts; /* DG_STARTS_ATT and the DG_STARTS_ELEM bits, below */
	uint32_t a, b;
} dg_node;

/* What a pattern can meet first, as a superset, so that the engine skips the subpatterns
 * where a derivative has nothing to do (the content model of <domain> is an interleave
 * of a hundred children; a start tag concerns one of them): DG_STARTS_ELEM(sym) for the
 * name of every element it can start with (all of them for a wildcard name class),
 * DG_STARTS_ATT when an attribute pattern is reachable without entering an element, and
 * DG_STARTS_VAL when a value or data pattern can come first (text meets it).
 * ELEMENT: its names; ATTRIBUTE: DG_STARTS_ATT; VALUE, DATA: DG_STARTS_VAL; CHOICE,
 * INTERLEAVE: the union; GROUP: its first's, and its second's when the first is nullable
 * (DG_STARTS_ATT from both); ONEORMORE, AFTER: their first operand's; the rest: 0.  The
 * generator and the engine's mk() compute it the same way. */
#define DG_STARTS_ATT 0x8000u
#define DG_STARTS_VAL 0x4000u
#define DG_STARTS_ANY 0x3FFFu
#define DG_STARTS_ELEM(sym) ((uint16_t)(1u << ((sym) % 14u)))

/* Name classes: NAME matches one symbol; ANY every name but its members; NS every name
 * of namespace `sym` but its members; CHOICE any of its members. */
typedef enum { DG_NC_NAME, DG_NC_ANY, DG_NC_NS, DG_NC_CHOICE } dg_nc_kind;
typedef struct dg_nameclass {
	uint8_t kind;
	uint32_t sym, first, count;
} dg_nameclass;

#define DG_LOCAL_MAX 32 /* bytes of a symbol's local name, its NUL included */
#define DG_VALUE_MAX 40 /* bytes of a <value>'s text, its NUL included */
#define DG_NS_MAX 64    /* bytes of a namespace URI, its NUL included */

typedef struct dg_symbol {
	char local[DG_LOCAL_MAX];
	uint32_t ns; /* index into the namespace list */
} dg_symbol;

/* Datatypes: RELAX NG's builtin token and string, then the XSD types libvirt uses (the
 * order of XSD_TYPES in the generator). */
typedef enum {
	DG_T_BUILTIN_TOKEN, DG_T_BUILTIN_STRING,
	DG_T_STRING, DG_T_NCNAME, DG_T_INT, DG_T_LONG, DG_T_SHORT, DG_T_INTEGER,
	DG_T_POSITIVEINTEGER, DG_T_UNSIGNEDLONG, DG_T_UNSIGNEDINT, DG_T_UNSIGNEDSHORT,
	DG_T_DATETIME
} dg_type;

typedef struct dg_value {
	uint8_t type;
	char text[DG_VALUE_MAX];
	uint32_t len;
} dg_value;

/* A <data> pattern: its type and, for an XSD type, its datatype record (src/dg_data.h;
 * NULL for RELAX NG's builtin token and string, which take any value). */
typedef struct dg_dtype {
	uint8_t type;
	const dg_datatype *xsd;
} dg_dtype;

/* libxml2's interleave order behaviour: an element content (by id) whose interleave has
 * members {names, nested interleave?} in schema order (../shared/design/domain-grammar.md
 * section 6). */
typedef struct dg_ipart {
	uint32_t content, first, count;
} dg_ipart;
typedef struct dg_imember {
	uint32_t first, count, nested;
} dg_imember;

typedef struct dg_tables {
	const dg_node *nodes;
	uint32_t nnodes;
	const uint32_t *choice_ops;
	const char (*nss)[DG_NS_MAX];
	uint32_t nnss;
	const dg_symbol *syms;
	uint32_t nsyms;
	const uint16_t *sym_hash; /* symbol + 1; 0 = empty */
	uint32_t hash_size;       /* a power of two */
	const dg_nameclass *ncs;
	const uint32_t *nc_members;
	const dg_value *values;
	const dg_dtype *dtypes;
	const dg_dfa *dfas; /* pattern facets */
	const dg_ipart *iparts; /* sorted by content */
	uint32_t niparts;
	const dg_imember *imembers;
	const uint32_t *imember_syms;
	const uint16_t *node_hash; /* every node by its hash (the engine's node_hash): id + 1 */
	uint32_t node_hash_size;   /* a power of two */
} dg_tables;

/* One libvirt version: its entry patterns (dg_entry order) into the shared tables. */
typedef struct dg_grammar dg_grammar;
struct dg_grammar {
	const char *version;
	const dg_tables *t;
	uint32_t entry[4];
	uint32_t legacy; /* the snapshot's uuid-only <domain> element pattern, or DG_NONE */
};

extern const dg_tables dg_tables_all;
extern const struct dg_grammar *const dg_grammars[];
extern const size_t dg_ngrammars;
extern const struct dg_grammar *const dg_grammar_dflt;

#endif
