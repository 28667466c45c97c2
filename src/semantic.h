/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* semantic.h - the semantic stage: what libvirt's C code checks once the schema has
 * passed (SPEC §3), fed by the events the grammar stage annotated with a role (a handler
 * per role, semantic.c) and, at the end, by the facts.  It writes to a sink and never
 * calls an earlier stage.
 *
 * Memory: a few fields, plus 8 to 16 bytes per disk name (hash sets for uniqueness; a
 * 64-bit hash collision would read as a duplicate) and a bounded list of checkpoint
 * bitmaps.  Ownership: embedded in sl_doc, freed with it.
 */
#ifndef SL_SEMANTIC_H
#define SL_SEMANTIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "facts.h"
#include "grammar.h"
#include "sink.h"
#include "snaplint.h"

/* The most checkpoint disks whose bitmap names are compared with the checkpoint's. */
#define SL_SEM_BITMAPS 256

typedef struct sl_sem_bitmap {
	sl_pos pos;
	uint64_t hash;
	size_t len;
	char bitmap[48], disk[48]; /* shortened copies, for the message */
} sl_sem_bitmap;

/* One of the hash sets the disk names are spread over (by their hash's top byte), so
 * that growing one never holds two copies of a big table: about 8-16 bytes per disk. */
typedef struct sl_hset {
	uint64_t *slots; /* open addressing, 0 = empty */
	uint32_t cap, n;
} sl_hset;

#define SL_SEM_BUCKETS 256

/* The most domain disks and disk requests matched against each other; documents with
 * more skip the matching (libvirt's domains have tens of disks). */
#define SL_SEM_MATCH 1024

/* Snapshot locations (virDomainSnapshotLocation): a disk's or memory's mode. */
typedef enum {
	SL_LOC_DEFAULT = 0, SL_LOC_NO, SL_LOC_INTERNAL, SL_LOC_EXTERNAL, SL_LOC_MANUAL
} sl_loc;

/* A disk of the embedded domain. */
typedef struct sl_sem_ddisk {
	char target[32];
	uint64_t path;  /* FNV-1a of the source path, 0 when the disk has none */
	bool readonly;
	bool cdrom;             /* device='cdrom': read-only to libvirt, <readonly/> or not */
	bool vhostuser;         /* type='vhostuser': libvirt gives it snapshot='no' */
	unsigned char snapshot; /* its snapshot='...' default (sl_loc) */
	char type[12];          /* file, block, network, dir, volume... ("" = file) */
	char format[16];        /* <driver type>, "" when not given */
	bool shareable, lun;    /* <shareable/>; device='lun' (SCSI passthrough) */
	char protocol[12];      /* a network disk's <source protocol> */
} sl_sem_ddisk;

/* A <disk> of the document's <disks>. */
typedef struct sl_sem_req {
	char name[48];
	uint64_t hash;  /* FNV-1a of the whole name */
	bool listed;    /* checkpoint: takes part (checkpoint != 'no') */
	unsigned char mode; /* snapshot: its snapshot='...' (sl_loc) */
	bool implied;   /* snapshot: mode external only because a source or driver is given */
	bool has_path;  /* snapshot: a source file, device or network name is given */
	char format[16]; /* snapshot: its <driver type>, "" when none */
	sl_pos fmt_pos;
	sl_pos pos;
	bool net_overlay;  /* snapshot: type='network' (an overlay on a network disk) */
	bool mdcache;      /* snapshot: <metadata_cache><max_size> above 0 */
	sl_pos mdcache_pos;
} sl_sem_req;

/* The <disks> or <revertDisks> being read, as a number: tested per disk. */
typedef enum { SL_SCOPE_NONE = 0, SL_SCOPE_DISKS, SL_SCOPE_REVERT } sl_scope;

typedef struct sl_sem {
	/* disk names of the current <disks>: 64-bit hashes */
	sl_hset *buckets;
	const char *scope; /* "disks" or "revertDisks", for messages */
	sl_scope scope_id; /* the same */
	/* <memory> */
	bool memory, memory_saves; /* present; saves memory (internal or external) */
	unsigned char memory_mode; /* sl_loc */
	bool memory_conflict; /* a file with snapshot='no'|'internal': libvirt stops there */
	bool in_snapdisk;
	sl_pos memory_pos;
	/* <domain> and <inactiveDomain> */
	bool domain, domain_full, inactive;
	sl_pos domain_pos, inactive_pos;
	/* matching the <disks> against the embedded domain's disks */
	bool in_domain, domain_disks_known, match_overflow;
	sl_sem_ddisk *ddisks;
	size_t nddisks, capddisks;
	sl_sem_req *reqs;
	size_t nreqs, capreqs;
	/* checkpoint bitmaps */
	sl_sem_bitmap *bitmaps;
	size_t nbitmaps;
	/* the qemu driver's per-disk facts: the <disk> being read has a request (reqs[nreqs-1]),
	 * the embedded domain's firmware (<os><loader>, <os><nvram>) */
	bool snapdisk_req, nvram;
	bool loader_pflash; /* <loader type='pflash'>: libvirt 9.0 to 10.8 refuse internal snapshots */
	char loader_format[16], nvram_format[16];
} sl_sem;

/* What the document-level rules read besides the stage's own records. */
typedef struct sl_sem_env {
	const sl_options *opt;
	sl_kind kind;
	sl_pos root;             /* the root's start tag */
	bool stopped;            /* the parse stopped early: the facts are incomplete */
	const sl_facts *facts;
	const struct sl_sem *live;      /* the live domain's records (--domain-xml), or NULL */
	const sl_facts *live_facts;     /* ... and its facts */
} sl_sem_env;

/* Takes one grammar-annotated event (skipped ones never arrive): the start of an element
 * with a role goes to that role's handler. */
void sl_sem_event(sl_sem *sem, const sl_event *ev, sl_sink *sink);
/* The roles whose end tag the stage reads (semantic.c, sem_end[]): bit r for role r. */
#define SL_SEM_END_ROLES \
	(1u << SL_ROLE_SNAPMDCACHE | 1u << SL_ROLE_DOMAIN | 1u << SL_ROLE_SNAPDISK)
/* `type` is ev->type, passed by the driver as a constant, so that the test folds. */
static inline void sl_sem_step(sl_sem *sem, const sl_event *ev, sl_sink *sink, sl_ev_type type)
{
	/* the tests are inline: most events have no role, most end tags no end handler */
	if (ev->role && (type != SL_EV_END || (ev->role < 32 && (SL_SEM_END_ROLES >> ev->role & 1))))
		sl_sem_event(sem, ev, sink);
}
/* Whether the stage has an end handler for the role (what SL_SEM_END_ROLES must name). */
bool sl_sem_reads_end(unsigned role);
/* Runs the document-level rules after the parse; returns the mode used. */
sl_mode sl_sem_finish(const sl_sem *sem, const sl_sem_env *env, sl_sink *sink);
/* Frees what only the parse needs; the domain's disks stay until sl_sem_free(). */
void sl_sem_release(sl_sem *sem);
void sl_sem_free(sl_sem *sem);

/* cparser.c: what libvirt's C parser refuses although the schema accepts it; a part of
 * the semantic stage, called by it. */
/* Checks the values of a start tag with a role. */
void sl_cparser_start(const sl_sem *sem, sl_sink *sink, unsigned role, const sl_start *st);
/* Checks <state> and <active> as libvirt reads them in `mode`. */
void sl_cparser_finish(const sl_facts *facts, sl_kind kind, sl_sink *sink, sl_mode mode);
/* Stored metadata: says in each libvirt error whether libvirtd cannot load the file or
 * the snapshot cannot be redefined from it. */
void sl_cparser_stored(sl_sink *sink);

#endif
