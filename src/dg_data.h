/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg_data.h - the XSD datatypes and facets of libvirt's domain schemas, judged as
 * libxml2 2.9.14 judges them under `xmllint --relaxng`, on values fed in pieces.
 *
 * A dg_datatype is one `<data type=...>` with its `<param>`s, as the domain-grammar
 * generator writes it.  dg_data_begin/feed/end judge one value streamed in any split;
 * dg_data_valid judges a whole value.  libxml2's rules, all checked against libxml2 by
 * tests/dg-data.sh:
 *   - every type but `string` is whitespace-collapsed before its lexical check, so
 *     " 12 " is an int but "1 2" is not; `pattern` facets see the RAW value (NCName:
 *     the collapsed one), the other facets the collapsed one;
 *   - integers: an optional sign (none at all for the unsigned types), leading zeros,
 *     at most 24 significant digits, then the type's range; positiveInteger > 0;
 *   - min/max Inclusive/Exclusive compare numerically at any length (-0 equals 0);
 *   - length/minLength/maxLength count characters (string: of the raw value);
 *   - dateTime: [-]CCYY[Y...]-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm] with libxml2's range
 *     checks (year not 0, the month's days, 24:00:00, zone within 14:00);
 *   - NCName: XML 1.0 (4th edition) letters, digits, combining chars and extenders.
 * Memory: a dg_dscan is a fixed-size struct, no heap; time linear in the value.
 * Ownership: the caller owns the dg_dscan; dg_datatype and dg_dfa are static tables.
 */
#ifndef DG_DATA_H
#define DG_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dg_regex.h"

/* How to add a type: a line here (its XSD name, its description for messages), then its
 * lexical rule in dg_data.c (kind_of) and values in tests/dg-data.py. */
#define DG_XSD_TYPES(X)                                               \
	X(STRING, "string", "a string")                                   \
	X(NCNAME, "NCName", "a name (NCName)")                            \
	X(INT, "int", "an integer")                                       \
	X(LONG, "long", "an integer")                                     \
	X(SHORT, "short", "an integer")                                   \
	X(INTEGER, "integer", "an integer")                               \
	X(POSITIVE_INTEGER, "positiveInteger", "a positive integer")      \
	X(UNSIGNED_LONG, "unsignedLong", "an unsigned integer")           \
	X(UNSIGNED_INT, "unsignedInt", "an unsigned integer")             \
	X(UNSIGNED_SHORT, "unsignedShort", "an unsigned integer")         \
	X(DATETIME, "dateTime", "a date and time (CCYY-MM-DDThh:mm:ss)")  \
	X(BYTE, "byte", "an integer")                                     \
	X(UNSIGNED_BYTE, "unsignedByte", "an unsigned integer")           \
	X(NON_NEGATIVE_INTEGER, "nonNegativeInteger", "an unsigned integer") \
	X(NON_POSITIVE_INTEGER, "nonPositiveInteger", "an integer of at most 0") \
	X(NEGATIVE_INTEGER, "negativeInteger", "a negative integer")

typedef enum {
#define DG_XSD_ENUM(id, name, desc) DG_XSD_##id,
	DG_XSD_TYPES(DG_XSD_ENUM)
#undef DG_XSD_ENUM
	DG_XSD_COUNT
} dg_xsd;

/* At most this many pattern facets on one <data> (the schemas have at most one). */
#define DG_DATA_MAX_PATTERNS 4

typedef struct dg_datatype {
	uint8_t type;                 /* dg_xsd */
	uint8_t npatterns;            /* pattern facets: all must match the RAW value */
	const uint16_t *patterns;     /* indices into the grammar's dg_dfa array */
	const char *min_incl, *max_incl, *min_excl, *max_excl; /* as written, or NULL */
	int32_t length, min_length, max_length;                /* -1 when absent */
	/* Optional, for messages: the npatterns patterns' source text, or NULL.  Added after
	 * the agreed fields, so initialise dg_datatype with designated initialisers. */
	const char *const *pattern_text;
} dg_datatype;

/* Significant digits kept for a number: one more than libxml2 accepts (24). */
#define DG_DATA_DIGITS 25

/* Scanner state.  Fields are private to dg_data.c. */
typedef struct dg_dscan {
	const dg_datatype *dt;
	const dg_dfa *dfas;
	uint16_t pstate[DG_DATA_MAX_PATTERNS]; /* DFA states, one per pattern facet */
	uint64_t nchars;       /* characters of the raw value, saturating */
	uint64_t ntoken;       /* characters of the collapsed token */
	uint8_t phase;         /* leading blanks, token, trailing blanks */
	bool bad;              /* the lexical check has failed */
	/* numbers */
	uint8_t sign;          /* 0, '+' or '-' */
	bool digit;            /* a digit was seen */
	uint8_t ndigits;       /* significant digits in digits[] (saturates past 24) */
	char digits[DG_DATA_DIGITS];
	/* NCName: a character split across pieces */
	uint8_t u8need;
	uint32_t u8cp;
	/* dateTime */
	uint8_t pos;           /* position in the lexical form */
	uint8_t ylen;          /* year digits */
	bool yneg, yzero_lead, ybig;
	int64_t year;
	int mon, day, hour, min, tzh, tzm, tzsign;
	double sec, mult;
} dg_dscan;

void dg_data_begin(dg_dscan *s, const dg_datatype *dt, const dg_dfa *dfas);
/* Feeds the next n bytes of the value (UTF-8 as expat delivers it; a piece may end in
 * the middle of a character). */
void dg_data_feed(dg_dscan *s, const char *p, size_t n);
/* Whether the value fed since dg_data_begin is valid. */
bool dg_data_end(dg_dscan *s);
/* Whether a value of dt is valid exactly when each of its patterns' DFAs matches the
 * whole value (a string type with patterns and no length facet): dg_data_valid then
 * runs only those, and a caller may run them its own way. */
static inline bool dg_data_patterns_only(const dg_datatype *dt)
{
	return dt->type == DG_XSD_STRING && dt->npatterns <= DG_DATA_MAX_PATTERNS && dt->length < 0 &&
	       dt->min_length < 0 && dt->max_length < 0;
}
/* Whole-value convenience: the verdict of begin, feed, end (dg_data.c takes the common
 * forms, patterns alone and digits alone, without the scanner). */
bool dg_data_valid(const dg_datatype *dt, const dg_dfa *dfas, const char *v, size_t n);

/* A short description for messages, written into buf and returned: "an unsigned
 * integer from 0 to 65535", "a string matching [a-zA-Z0-9_\.\+\-]+" (with
 * pattern_text), "a string of at most 255 characters"... */
const char *dg_data_describe(const dg_datatype *dt, char *buf, size_t size);
/* The XSD name of a dg_xsd ("unsignedInt"), or "?" out of range. */
const char *dg_xsd_name(unsigned type);

#endif
