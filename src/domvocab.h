/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* domvocab.h - libvirt's domain vocabulary: the element names and the few attribute
 * enumerations snaplint checks inside an embedded <domain> or <inactiveDomain>.
 *
 * The tables come from the libvirt RELAX NG schemas (domain.rng and its includes) via
 * tools/gen-domain-vocab.py, which writes src/domvocab_table.c; see that file's header
 * for the schema version.  Every lookup is a binary search over a sorted table.
 *
 * Names are no-namespace local names (namespaced elements such as <qemu:commandline>
 * are not in the table; callers skip them).  Attribute values must be passed already
 * token-normalised (leading and trailing XML whitespace removed, inner runs collapsed
 * to one space), because RELAX NG compares <value> patterns as tokens: " kvm " is a
 * valid domain type.  Comparisons are case-sensitive, as in the schema.
 *
 * Ownership: every string returned points into static tables; nothing to free.
 */
#ifndef SL_DOMVOCAB_H
#define SL_DOMVOCAB_H

#include <stdbool.h>
#include <stddef.h>

/* True when `name` (`len` bytes, no NUL needed) is an element name of the domain grammar. */
bool sl_domvocab_has(const char *name, size_t len);

/* True when the element's content is free-form (anyName children, e.g. <metadata>):
 * nothing inside it may be checked against the vocabulary. */
bool sl_domvocab_opaque(const char *name, size_t len);

/* The known element name closest to `name` (a likely typo), or NULL; see sl_suggest(). */
const char *sl_domvocab_suggest(const char *name, size_t len);

/* Enumerated attribute values; `v` is NUL-terminated and token-normalised. */
bool sl_domvocab_domain_type(const char *v);   /* <domain type> */
bool sl_domvocab_disk_type(const char *v);     /* <devices><disk type> */
bool sl_domvocab_disk_device(const char *v);   /* <devices><disk device> */
bool sl_domvocab_disk_snapshot(const char *v); /* <devices><disk snapshot> */
bool sl_domvocab_driver_type(const char *v);   /* <devices><disk><driver type> */

/* A sorted (strcmp order) table of strings, defined in the generated
 * domvocab_table.c.  Read it through the functions above; the tables are exported
 * only so the tests and messages can list them. */
typedef struct sl_domvocab_set {
	const char *const *v;
	size_t n;
} sl_domvocab_set;

extern const sl_domvocab_set sl_domvocab_tbl_names;         /* every element name */
extern const sl_domvocab_set sl_domvocab_tbl_opaque;        /* free-form content */
extern const sl_domvocab_set sl_domvocab_tbl_domain_type;   /* <domain type> */
extern const sl_domvocab_set sl_domvocab_tbl_disk_type;     /* <disk type> */
extern const sl_domvocab_set sl_domvocab_tbl_disk_device;   /* <disk device> */
extern const sl_domvocab_set sl_domvocab_tbl_disk_snapshot; /* <disk snapshot> */
extern const sl_domvocab_set sl_domvocab_tbl_driver_type;   /* <driver type> */

#endif
