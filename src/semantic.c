/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* semantic.c - libvirt's C-level rules for one document (SPEC §3): unique disks, the
 * fields a redefined or stored document needs, qemu's snapshot names, checkpoint bitmap
 * names, and the advice rules (read-only fields in create documents, passwords in the
 * embedded domain, times in the future).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datatype.h"
#include "semantic.h"

/* A disk name's hash in the sets: 0 marks an empty slot. */
static uint64_t set_hash(uint64_t h)
{
	return h ? h : 1;
}

/* snprintf(dst, size, "%s", src) without the format machinery, for the copies made per
 * element: cut at size - 1 bytes, as snprintf cuts. */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Doubles a set's table (at most 3/4 full). */
static bool hset_grow(sl_hset *b)
{
	uint32_t cap = b->cap ? b->cap * 2 : 16;
	uint64_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	for (uint32_t i = 0; i < b->cap; i++) {
		uint64_t h = b->slots[i];
		if (!h)
			continue;
		uint32_t j = (uint32_t)h & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = h;
	}
	free(b->slots);
	b->slots = slots;
	b->cap = cap;
	return true;
}

/* Inserts a name hash; false when it was there already (a duplicate). */
static bool names_insert(sl_sem *sem, uint64_t h)
{
	if (!sem->buckets && !(sem->buckets = calloc(SL_SEM_BUCKETS, sizeof *sem->buckets)))
		return true; /* out of memory: no uniqueness check, never a false alarm */
	sl_hset *b = &sem->buckets[h >> 56];
	if (4 * (b->n + 1) > 3 * b->cap && !hset_grow(b))
		return true;
	for (uint32_t j = (uint32_t)h & (b->cap - 1);; j = (j + 1) & (b->cap - 1)) {
		if (b->slots[j] == h)
			return false;
		if (!b->slots[j]) {
			b->slots[j] = h;
			b->n++;
			return true;
		}
	}
}

/* A snapshot='...' value as a location; SL_LOC_DEFAULT when absent or unknown. */
static unsigned char loc_of(const char *v)
{
	static const char *const names[] = {"", "no", "internal", "external", "manual"};
	for (unsigned i = 1; v && i < sizeof names / sizeof *names; i++)
		if (sl_token_eq(v, names[i]))
			return (unsigned char)i;
	return SL_LOC_DEFAULT;
}

/* Keeps a <disks> entry (of <disks>, not <revertDisks>) for matching at the end. */
static void record_request(sl_sem *sem, const sl_start *st, const char *name, uint64_t hash,
                           bool checkpoint)
{
	if (sem->scope_id == SL_SCOPE_REVERT)
		return;
	if (sem->nreqs >= SL_SEM_MATCH ||
	    !sl_grow((void **)&sem->reqs, &sem->capreqs, sem->nreqs, sizeof *sem->reqs)) {
		sem->match_overflow = true;
		return;
	}
	sl_sem_req *r = &sem->reqs[sem->nreqs++];
	memset(r, 0, sizeof *r);
	copy_str(r->name, sizeof r->name, name);
	r->hash = hash;
	const char *mode = checkpoint ? sl_start_attr(st, "checkpoint") : NULL;
	r->listed = !(mode && sl_token_eq(mode, "no"));
	r->mode = checkpoint ? SL_LOC_DEFAULT : loc_of(sl_start_attr(st, "snapshot"));
	const char *type = checkpoint ? NULL : sl_start_attr(st, "type");
	r->net_overlay = type && sl_token_eq(type, "network");
	r->has_path = r->net_overlay; /* a network overlay's <source> is required */
	if (r->has_path && r->mode == SL_LOC_DEFAULT)
		r->mode = SL_LOC_EXTERNAL, r->implied = true;
	r->pos = st->pos;
}

static void disk_start(sl_sem *sem, const sl_start *st, sl_sink *sink, bool checkpoint)
{
	const char *name = sl_start_attr(st, "name");
	if (!name)
		return;
	/* libvirt matches only <disks> to the domain ("specified twice"); it stores a
	 * <revertDisks> list as given, repeats included (virDomainSnapshotDefParse, 11.3) */
	bool matched = sem->scope_id != SL_SCOPE_REVERT;
	uint64_t hash = sl_hash_str(name); /* one hash for the set and the request */
	if (matched && !names_insert(sem, set_hash(hash))) {
		char shown[SL_ARG_MAX + 4];
		sl_sink_emit(sink, SL_R_DUPLICATE_DISK, st->pos,
		             "libvirt refuses the document; keep one <disk> per disk",
		             sl_shorten(shown, name, strlen(name)), sem->scope, NULL);
	}
	record_request(sem, st, name, hash, checkpoint);
	const char *bitmap = checkpoint ? sl_start_attr(st, "bitmap") : NULL;
	if (!bitmap || sem->nbitmaps >= SL_SEM_BITMAPS)
		return;
	if (!sem->bitmaps && !(sem->bitmaps = calloc(SL_SEM_BITMAPS, sizeof *sem->bitmaps)))
		return;
	sl_sem_bitmap *b = &sem->bitmaps[sem->nbitmaps++];
	b->pos = st->pos;
	b->hash = sl_hash_str(bitmap);
	b->len = strlen(bitmap);
	copy_str(b->bitmap, sizeof b->bitmap, bitmap);
	copy_str(b->disk, sizeof b->disk, name);
}

/* The disk being read in the embedded domain, for the qemu driver's rules (SL330-SL334),
 * or NULL once the matching overflowed. */
static sl_sem_ddisk *qemu_ddisk(sl_sem *sem)
{
	return sem->in_domain && sem->nddisks && !sem->match_overflow ? &sem->ddisks[sem->nddisks - 1]
	                                                              : NULL;
}

/* The snapshot disk request being read, or NULL. */
static sl_sem_req *last_request(sl_sem *sem)
{
	return sem->nreqs && !sem->match_overflow ? &sem->reqs[sem->nreqs - 1] : NULL;
}

/* ---- one handler per role (sem_start[] below): what each start tag records ---- */

/* <disks> and <revertDisks>: a new scope of unique disk names. */
static void new_scope(sl_sem *sem, const char *scope, sl_scope id)
{
	sem->scope = scope;
	sem->scope_id = id;
	for (size_t i = 0; sem->buckets && i < SL_SEM_BUCKETS; i++)
		if (sem->buckets[i].n) {
			memset(sem->buckets[i].slots, 0, sem->buckets[i].cap * sizeof(uint64_t));
			sem->buckets[i].n = 0;
		}
}

static void on_disks(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)st, (void)sink;
	new_scope(sem, "disks", SL_SCOPE_DISKS);
}

static void on_revert_disks(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)st, (void)sink;
	new_scope(sem, "revertDisks", SL_SCOPE_REVERT);
}

static void on_snapdisk(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	disk_start(sem, st, sink, false);
	sem->in_snapdisk = true;
	sl_sem_req *r = last_request(sem); /* the request is this <disk>'s when it starts here */
	sem->snapdisk_req = r && r->pos.line == st->pos.line && r->pos.col == st->pos.col;
}

static void on_cpdisk(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	disk_start(sem, st, sink, true);
}

/* A snapshot disk's <source> or <driver>: a source path or a driver format makes an
 * unstated mode external (virDomainSnapshotDiskDefParseXML). */
static void overlay(sl_sem *sem, const sl_start *st, bool driver)
{
	if (!sem->in_snapdisk || !sem->nreqs || sem->match_overflow || sem->scope_id != SL_SCOPE_DISKS)
		return;
	sl_sem_req *r = &sem->reqs[sem->nreqs - 1];
	const char *f = sl_start_attr(st, "file"), *dev = sl_start_attr(st, "dev");
	const char *fmt = driver ? sl_start_attr(st, "type") : NULL;
	if ((f && *f) || (dev && *dev))
		r->has_path = true;
	if (r->mode == SL_LOC_DEFAULT && (r->has_path || (fmt && *fmt)))
		r->mode = SL_LOC_EXTERNAL, r->implied = true;
	if (fmt && *fmt) {
		copy_str(r->format, sizeof r->format, fmt);
		r->fmt_pos = st->pos;
	}
}

static void on_snapsource(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	overlay(sem, st, false);
}

static void on_snapdriver(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	overlay(sem, st, true);
}

/* <max_size> of a snapshot disk's metadata cache: where SL335 points. */
static void on_mdcache(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	sl_sem_req *r = last_request(sem);
	if (sem->in_snapdisk && sem->snapdisk_req && r)
		r->mdcache_pos = st->pos;
}

static void on_memory(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	const char *mode = sl_start_attr(st, "snapshot");
	sem->memory = true;
	sem->memory_saves = sl_start_attr(st, "file") ||
	                    (mode && (sl_token_eq(mode, "internal") || sl_token_eq(mode, "external")));
	sem->memory_pos = st->pos;
	sem->memory_mode = sl_start_attr(st, "file") && !mode ? SL_LOC_EXTERNAL : loc_of(mode);
	sem->memory_conflict = sl_start_attr(st, "file") && mode &&
	                       (sl_token_eq(mode, "no") || sl_token_eq(mode, "internal"));
}

static void on_domain(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	sem->in_domain = !sem->domain; /* the first <domain> only */
	sem->domain_disks_known = sem->in_domain && sl_start_attr(st, "type");
	sem->domain = true;
	sem->domain_full = sl_start_attr(st, "type") != NULL;
	sem->domain_pos = st->pos;
}

static void on_inactive(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	sem->inactive = true;
	sem->inactive_pos = st->pos;
}

/* The embedded domain's <disk>: a new disk to match the requests against. */
static void on_domdisk(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	if (!sem->in_domain)
		return;
	if (sem->nddisks >= SL_SEM_MATCH ||
	    !sl_grow((void **)&sem->ddisks, &sem->capddisks, sem->nddisks, sizeof *sem->ddisks)) {
		sem->match_overflow = true;
		return;
	}
	sl_sem_ddisk *d = &sem->ddisks[sem->nddisks++];
	memset(d, 0, sizeof *d);
	const char *type = sl_start_attr(st, "type"), *device = sl_start_attr(st, "device");
	d->snapshot = loc_of(sl_start_attr(st, "snapshot"));
	copy_str(d->type, sizeof d->type, type ? type : "");
	d->cdrom = device && sl_token_eq(device, "cdrom");
	d->vhostuser = type && sl_token_eq(type, "vhostuser");
	if ((d = qemu_ddisk(sem)))
		d->lun = (device = sl_start_attr(st, "device")) && !strcmp(device, "lun");
}

/* The embedded domain's disk being read (its <target>, <source>, ...), or NULL. */
static sl_sem_ddisk *cur_ddisk(sl_sem *sem)
{
	return sem->in_domain && sem->nddisks ? &sem->ddisks[sem->nddisks - 1] : NULL;
}

static void on_domtarget(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	sl_sem_ddisk *d = cur_ddisk(sem);
	const char *dev = sl_start_attr(st, "dev");
	if (d)
		copy_str(d->target, sizeof d->target, dev ? dev : "");
}

static void on_domsource(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	static const char *const attrs[] = {"file", "dev", "dir", "name", "volume"};
	(void)sink;
	sl_sem_ddisk *d = cur_ddisk(sem);
	for (size_t i = 0; d && i < sizeof attrs / sizeof attrs[0] && !d->path; i++) {
		const char *v = sl_start_attr(st, attrs[i]);
		if (v && *v)
			d->path = sl_hash_str(v) | 1; /* never 0: 0 means no source */
	}
	const char *v;
	if ((d = qemu_ddisk(sem)) && (v = sl_start_attr(st, "protocol")))
		copy_str(d->protocol, sizeof d->protocol, v);
}

static void on_domreadonly(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)st, (void)sink;
	sl_sem_ddisk *d = cur_ddisk(sem);
	if (d)
		d->readonly = true;
}

static void on_domdriver(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	sl_sem_ddisk *d = cur_ddisk(sem);
	const char *format = sl_start_attr(st, "type");
	if (d)
		copy_str(d->format, sizeof d->format, format ? format : "");
}

static void on_domshareable(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)st, (void)sink;
	sl_sem_ddisk *d = qemu_ddisk(sem);
	if (d)
		d->shareable = true;
}

/* <os><loader> and <os><nvram>: the firmware's type and formats (SL330). */
static void on_domloader(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	const char *v;
	if (sem->in_domain && (v = sl_start_attr(st, "format")))
		copy_str(sem->loader_format, sizeof sem->loader_format, v);
	if (sem->in_domain && (v = sl_start_attr(st, "type")))
		sem->loader_pflash = sl_token_eq(v, "pflash");
}

static void on_domnvram(sl_sem *sem, const sl_start *st, sl_sink *sink)
{
	(void)sink;
	const char *v;
	sem->nvram = sem->in_domain;
	if (sem->in_domain && (v = sl_start_attr(st, "format")))
		copy_str(sem->nvram_format, sizeof sem->nvram_format, v);
}

/* The handler of each role's start tag, as mandoc's mdoc_valids[]: how to add a role is
 * to add it to sl_role (event.h), give it to its kinds in gtables.c and add its handler
 * here.  A role without a handler records nothing. */
typedef void sem_handler(sl_sem *sem, const sl_start *st, sl_sink *sink);
static sem_handler *const sem_start[SL_ROLE_COUNT] = {
	[SL_ROLE_DISKS] = on_disks,
	[SL_ROLE_REVERTDISKS] = on_revert_disks,
	[SL_ROLE_SNAPDISK] = on_snapdisk,
	[SL_ROLE_CPDISK] = on_cpdisk,
	[SL_ROLE_MEMORY] = on_memory,
	[SL_ROLE_DOMAIN] = on_domain,
	[SL_ROLE_INACTIVE] = on_inactive,
	[SL_ROLE_DOMDISK] = on_domdisk,
	[SL_ROLE_DOMTARGET] = on_domtarget,
	[SL_ROLE_DOMSOURCE] = on_domsource,
	[SL_ROLE_DOMREADONLY] = on_domreadonly,
	[SL_ROLE_DOMDRIVER] = on_domdriver,
	[SL_ROLE_SNAPSOURCE] = on_snapsource,
	[SL_ROLE_SNAPDRIVER] = on_snapdriver,
	[SL_ROLE_SNAPMDCACHE] = on_mdcache,
	[SL_ROLE_DOMSHAREABLE] = on_domshareable,
	[SL_ROLE_DOMLOADER] = on_domloader,
	[SL_ROLE_DOMNVRAM] = on_domnvram,
};

/* ---- one handler per role (sem_end[] below): what an end tag closes ---- */

/* <max_size> ends: the cache is asked for when its size is above 0 (virParseScaledValue) */
static void end_mdcache(sl_sem *sem, const sl_event *ev)
{
	if (sem->in_snapdisk && sem->snapdisk_req && sem->nreqs && !sem->match_overflow &&
	    ev->value && sl_dt_positive(ev->value))
		sem->reqs[sem->nreqs - 1].mdcache = true;
}

static void end_domain(sl_sem *sem, const sl_event *ev)
{
	(void)ev;
	sem->in_domain = false;
}

static void end_snapdisk(sl_sem *sem, const sl_event *ev)
{
	(void)ev;
	sem->in_snapdisk = false;
}

/* The roles whose end tag matters; the driver's filter, SL_SEM_END_ROLES (semantic.h),
 * names the same roles (tests/check_tables.c holds them equal through sl_sem_reads_end). */
typedef void sem_end_handler(sl_sem *sem, const sl_event *ev);
static sem_end_handler *const sem_end[SL_ROLE_COUNT] = {
	[SL_ROLE_SNAPMDCACHE] = end_mdcache,
	[SL_ROLE_DOMAIN] = end_domain,
	[SL_ROLE_SNAPDISK] = end_snapdisk,
};

bool sl_sem_reads_end(unsigned role)
{
	return role < SL_ROLE_COUNT && sem_end[role];
}

void sl_sem_event(sl_sem *sem, const sl_event *ev, sl_sink *sink)
{
	if (ev->role >= SL_ROLE_COUNT)
		return;
	if (ev->type == SL_EV_START) {
		if (sem_start[ev->role])
			sem_start[ev->role](sem, ev->start, sink);
		sl_cparser_start(sem, sink, ev->role, ev->start);
	} else if (ev->type == SL_EV_END && sem_end[ev->role]) {
		sem_end[ev->role](sem, ev);
	}
}

void sl_sem_release(sl_sem *sem)
{
	free(sem->reqs);
	sem->reqs = NULL;
	for (size_t i = 0; sem->buckets && i < SL_SEM_BUCKETS; i++)
		free(sem->buckets[i].slots);
	free(sem->buckets);
	sem->buckets = NULL;
	free(sem->bitmaps);
	sem->bitmaps = NULL;
}

void sl_sem_free(sl_sem *sem)
{
	sl_sem_release(sem);
	free(sem->ddisks);
	free(sem->bitmaps);
	memset(sem, 0, sizeof *sem);
}

/* ---- document-level rules ---- */

typedef struct ctx {
	const sl_sem_env *env; /* the options, facts and live domain it reads */
	const sl_sem *sem;     /* its own records */
	sl_sink *sink;
	bool snapshot;
	sl_mode mode;
	sl_pos root;
	const char *what; /* "redefined snapshot", "stored snapshot", ... */
	long release;     /* the target (sl_libvirt_release), for rules/releases.def's ranges */
} ctx;

static bool fact(const ctx *c, sl_fact f, sl_fact_value *v)
{
	return sl_facts_get(c->env->facts, f, v);
}

static sl_pos at(const sl_fact_value *v)
{
	return (sl_pos){v->line, v->column};
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!sl_is_space(*s))
			return false;
	return true;
}

/* creationTime as libvirt reads it (virXPathLongLong: strtoll over the whole text, so
 * leading blanks and a sign pass, anything after the digits fails): TIME_OK,
 * TIME_NOT_INTEGER, TIME_TRAILING for an integer followed by blanks only, or TIME_RANGE
 * for an integer beyond long long. */
enum { TIME_OK, TIME_NOT_INTEGER, TIME_RANGE, TIME_TRAILING };
static int read_time(const sl_fact_value *v, long long *out)
{
	char *end;
	if (v->truncated || !v->text[0])
		return TIME_NOT_INTEGER;
	errno = 0;
	*out = strtoll(v->text, &end, 10);
	if (end == v->text || (*end != '\0' && !blank(end)))
		return TIME_NOT_INTEGER;
	if (*end != '\0')
		return TIME_TRAILING;
	return errno == ERANGE ? TIME_RANGE : TIME_OK;
}

static bool parse_time(const sl_fact_value *v, long long *out)
{
	return read_time(v, out) == TIME_OK;
}

/* SL303 for a <creationTime> that libvirt cannot read. */
static void bad_time(const ctx *c, const sl_fact_value *v, int why)
{
	char shown[SL_ARG_MAX + 4], msg[160];
	bool negative = v->text[strspn(v->text, " \t\n\r")] == '-';
	snprintf(msg, sizeof msg, "creationTime '%s' %s", sl_shorten(shown, v->text, strlen(v->text)),
	         why == TIME_NOT_INTEGER ? "is not an integer"
	         : why == TIME_TRAILING  ? "has blanks after the number, which libvirt's parser refuses"
	         : negative              ? "is too small for libvirt"
	                                 : "is too large for libvirt");
	sl_sink_emit(c->sink, SL_R_CREATION_TIME, at(v),
	        why == TIME_TRAILING ? "remove the blanks after the number"
	        : why == TIME_NOT_INTEGER
	                ? "libvirt reads it as seconds since the epoch"
	                : "libvirt reads it as seconds since the epoch into a 64-bit signed integer "
	                  "(-9223372036854775808..9223372036854775807)",
	        msg, NULL, NULL);
}

static sl_mode infer_mode(const ctx *c)
{
	sl_fact_value v;
	if (c->env->opt->mode != SL_MODE_AUTO)
		return c->env->opt->mode;
	if (c->snapshot && fact(c, SL_FACT_ACTIVE, &v))
		return SL_MODE_STORED;
	if (fact(c, SL_FACT_CREATION_TIME, &v) || c->sem->domain_full)
		return SL_MODE_REDEFINE;
	return SL_MODE_CREATE;
}

/* A value the schema already refuses (a checkpoint's name and creationTime are typed;
 * libvirt always validates checkpoints): a libvirt finding about it would repeat the
 * schema's finding, so only the cause is reported. */
static bool schema_refuses(const ctx *c, sl_fact f, const sl_fact_value *v)
{
	if (c->snapshot || v->truncated)
		return false;
	if (f == SL_FACT_NAME)
		return !sl_dt_check(SL_DT_CHECKPOINT_NAME, v->text, strlen(v->text));
	return f == SL_FACT_CREATION_TIME && !sl_dt_check(SL_DT_UNSIGNED_LONG, v->text, strlen(v->text));
}

/* What a redefined or stored document must have. */
static void required_fields(const ctx *c)
{
	sl_fact_value v;
	const sl_sem *sem = c->sem;
	char msg[160];
	if (!fact(c, SL_FACT_NAME, &v) || (v.len == 0 && !schema_refuses(c, SL_FACT_NAME, &v)))
		sl_sink_emit(c->sink, SL_R_NAME_REQUIRED, fact(c, SL_FACT_NAME, &v) ? at(&v) : c->root,
		        "libvirt refuses to redefine a snapshot or checkpoint without a name", c->what,
		        NULL, NULL);
	long long t;
	if (!fact(c, SL_FACT_CREATION_TIME, &v)) {
		snprintf(msg, sizeof msg, "a %s document needs <creationTime>", c->what);
		sl_sink_emit(c->sink, SL_R_CREATION_TIME, c->root, "add <creationTime> with the creation time in seconds",
		        msg, NULL, NULL);
	} else {
		int why = read_time(&v, &t);
		if (why != TIME_OK && !schema_refuses(c, SL_FACT_CREATION_TIME, &v))
			bad_time(c, &v, why);
	}
	if (c->snapshot && !fact(c, SL_FACT_STATE, &v)) {
		snprintf(msg, sizeof msg, "a %s document needs <state>", c->what);
		sl_sink_emit(c->sink, SL_R_STATE_REQUIRED, c->root, "add the domain state the snapshot was taken in",
		        msg, NULL, NULL);
	}
	sl_pos dom = sem->domain ? sem->domain_pos : c->root;
	if (c->snapshot && !sem->domain_full && c->mode == SL_MODE_REDEFINE)
		sl_sink_emit(c->sink, SL_R_REDEFINE_REQUIRES_DOMAIN, dom,
		        "libvirt: \"missing domain in snapshot\"; add the domain definition (virsh dumpxml)",
		        c->what, NULL, NULL);
	else if (c->snapshot && !sem->domain_full)
		sl_sink_emit(c->sink, SL_R_STORED_WITHOUT_DOMAIN, dom,
		        "libvirt loads it as an older snapshot, but redefining it says \"missing domain in snapshot\"; add the domain definition (virsh dumpxml)",
		        NULL, NULL, NULL);
	if (!c->snapshot && !sem->domain)
		sl_sink_emit(c->sink, SL_R_CHECKPOINT_NO_DOMAIN, c->root,
		        "add the domain definition (virsh dumpxml) so libvirt can check the disks", NULL,
		        NULL, NULL);
	if (c->snapshot && c->mode == SL_MODE_STORED && !fact(c, SL_FACT_ACTIVE, &v))
		sl_sink_emit(c->sink, SL_R_ACTIVE_REQUIRED, c->root, "add <active>0</active> (or 1 for the current one)",
		        NULL, NULL, NULL);
}

static void own_parent(const ctx *c)
{
	sl_fact_value name, parent;
	if (fact(c, SL_FACT_NAME, &name) && fact(c, SL_FACT_PARENT, &parent) &&
	    name.len == parent.len && name.hash == parent.hash && !strcmp(name.text, parent.text)) {
		char shown[SL_ARG_MAX + 4];
		sl_sink_emit(c->sink, SL_R_OWN_PARENT, at(&parent), "name the real parent, or remove <parent>",
		        sl_shorten(shown, name.text, strlen(name.text)), NULL, NULL);
	}
}

/* An offline or disk-only state cannot come with saved memory. */
static void offline_memory(const ctx *c)
{
	sl_fact_value v;
	const sl_sem *sem = c->sem;
	if (!c->snapshot || !sem->memory_saves || sem->memory_conflict || !fact(c, SL_FACT_STATE, &v))
		return;
	const char *state = sl_token_eq(v.text, "shutoff") ? "shutoff"
	                    : sl_token_eq(v.text, "disk-snapshot") ? "disk-snapshot" : NULL;
	if (state)
		sl_sink_emit(c->sink, SL_R_OFFLINE_MEMORY, sem->memory_pos,
		        "use <memory snapshot='no'/>", state, NULL, NULL);
}

/* qemu refuses snapshot names with '/' or a leading '.' (they name files). */
static void snapshot_name(const ctx *c)
{
	sl_fact_value v;
	if (!c->snapshot || !fact(c, SL_FACT_NAME, &v))
		return;
	const char *why = v.text[0] == '.' ? "starts with '.'" : strchr(v.text, '/') ? "contains '/'" : NULL;
	if (why) {
		char shown[SL_ARG_MAX + 4];
		sl_sink_emit(c->sink, SL_R_SNAPSHOT_NAME, at(&v), "qemu refuses it: choose another name",
		        sl_shorten(shown, v.text, strlen(v.text)), why, NULL);
	}
}

/* A checkpoint <disk>'s bitmap= is the checkpoint's name (v.hash covers the whole name). */
static bool bitmap_matches(const sl_sem_bitmap *b, const sl_fact_value *v)
{
	return b->len == v->len && b->hash == v->hash;
}

/* Creating a checkpoint of an active domain under the qemu rules (--domain-state running
 * or paused): qemuCheckpointPrepare refuses what SL310 only warns about. */
static bool qemu_checkpoint_create(const ctx *c)
{
	return !c->snapshot && c->mode == SL_MODE_CREATE &&
	       c->env->opt->domain_state != SL_STATE_UNKNOWN &&
	       c->env->opt->domain_state != SL_STATE_SHUTOFF;
}

static void bitmap_names(const ctx *c)
{
	sl_fact_value v;
	const sl_sem *sem = c->sem;
	if (c->snapshot || !fact(c, SL_FACT_NAME, &v) || schema_refuses(c, SL_FACT_NAME, &v))
		return;
	for (size_t i = 0; i < sem->nbitmaps; i++) {
		const sl_sem_bitmap *b = &sem->bitmaps[i];
		if (bitmap_matches(b, &v))
			continue;
		char shown[SL_ARG_MAX + 4];
		sl_sink_emit(c->sink, qemu_checkpoint_create(c) ? SL_R_CHECKPOINT_BITMAP_MISMATCH : SL_R_CHECKPOINT_BITMAP_NAME, b->pos,
		        "qemu names the bitmap after the checkpoint; drop the bitmap attribute", b->bitmap,
		        b->disk, sl_shorten(shown, v.text, strlen(v.text)));
	}
}

/* ---- disk alignment: the mode libvirt gives each domain disk, and why ----
 * One model for every rule that depends on a disk's mode (SL315, SL318-SL324): the
 * domain disk as libvirt's domain parser leaves it (virDomainDiskDefPostParse), then a
 * snapshot's <disks> aligned against it (virDomainSnapshotAlignDisks), for create
 * documents against the live domain and for redefined and stored ones against their
 * own <domain> (virDomainSnapshotRedefinePrep). */

/* Why an aligned disk has its mode. */
typedef enum {
	SL_WHY_LOCATION = 0, /* the snapshot's default location (internal or external) */
	SL_WHY_LISTED,       /* its <disk snapshot='...'> */
	SL_WHY_SOURCE,       /* listed with a <source> or <driver type>: external */
	SL_WHY_DOMAIN,       /* the domain disk's own snapshot='...' */
	SL_WHY_READONLY,     /* a read-only disk: 'no' unless asked */
	SL_WHY_CDROM,        /* a cdrom, read-only to libvirt with or without <readonly/> */
	SL_WHY_VHOSTUSER,    /* a vhost-user disk: 'no' */
	SL_WHY_EMPTY         /* no medium: 'no' */
} sl_why;

/* Empty to libvirt (virStorageSourceIsEmpty): a local disk without a path, or type
 * 'none'.  A network disk is never empty, with or without an export name. */
static bool ddisk_empty(const sl_sem_ddisk *d)
{
	bool local = !d->type[0] || !strcmp(d->type, "file") || !strcmp(d->type, "block") ||
	             !strcmp(d->type, "dir");
	return (local && !d->path) || !strcmp(d->type, "none");
}

/* Read-only to libvirt: <readonly/>, or any cdrom (the domain parser marks every cdrom
 * read-only). */
static bool ddisk_readonly(const sl_sem_ddisk *d)
{
	return d->readonly || d->cdrom;
}

/* The domain disk's own snapshot mode after the domain parser's defaults: its
 * snapshot='...', else 'no' for a read-only disk, a cdrom or a vhost-user disk, else
 * SL_LOC_DEFAULT.  `why` (may be NULL) gets the reason. */
static unsigned char ddisk_mode(const sl_sem_ddisk *d, unsigned char *why)
{
	unsigned char w = SL_WHY_DOMAIN, loc = d->snapshot;
	if (!loc && (d->readonly || d->cdrom || d->vhostuser)) {
		loc = SL_LOC_NO;
		w = d->readonly ? SL_WHY_READONLY : d->cdrom ? SL_WHY_CDROM : SL_WHY_VHOSTUSER;
	}
	if (why)
		*why = w;
	return loc;
}

/* The domain disk a <disks> entry names: its target, or the one disk with that source
 * path (libvirt's virDomainDiskByName, ambiguity refused); -1 when none. */
static long find_disk(const sl_sem *sem, const sl_sem_req *r)
{
	size_t found = 0;
	long at = -1;
	for (size_t i = 0; i < sem->nddisks; i++)
		if (sem->ddisks[i].target[0] && !strcmp(sem->ddisks[i].target, r->name))
			return (long)i;
	if (r->name[0] != '/')
		return -1;
	for (size_t i = 0; i < sem->nddisks; i++)
		if (sem->ddisks[i].path == (r->hash | 1))
			found++, at = (long)i;
	return found == 1 ? at : -1;
}

/* SL314: more <disks> entries than the domain has disks.  A domain without disks is
 * said first (often a misspelt <devices>, reported in the domain's own file). */
static void too_many_disks(const ctx *c, const sl_sem *dom, const char *targets)
{
	const sl_sem *sem = c->sem;
	char has[32], listed[32], hint[260];
	if (dom->nddisks)
		snprintf(has, sizeof has, "%zu disk%s", dom->nddisks, dom->nddisks == 1 ? "" : "s");
	else
		snprintf(has, sizeof has, "no disks");
	snprintf(listed, sizeof listed, "%zu", sem->nreqs);
	if (dom->nddisks)
		snprintf(hint, sizeof hint, "list each disk at most once; %s", targets);
	else
		snprintf(hint, sizeof hint, "%s",
		         c->mode == SL_MODE_CREATE
		                 ? "check the <devices> of the file given with --domain-xml: it has no <disk>"
		                 : "check the <devices> of the embedded <domain>: it has no <disk>");
	const sl_sem_req *first = &sem->reqs[dom->nddisks];
	sl_sink_emit(c->sink, SL_R_TOO_MANY_DISKS, first->pos, hint, has, listed, NULL);
}

/* The number of different names among the <disks> entries. */
static size_t distinct_requests(const sl_sem *sem)
{
	size_t n = 0;
	for (size_t i = 0; i < sem->nreqs; i++) {
		size_t j = 0;
		while (j < i && (sem->reqs[j].hash != sem->reqs[i].hash ||
		                 strcmp(sem->reqs[j].name, sem->reqs[i].name)))
			j++;
		n += j == i;
	}
	return n;
}

/* The <disks> against the domain's disks: the embedded domain for redefined and stored
 * documents; for create documents the live domain (--domain-xml), when given. */
static void match_disks(const ctx *c)
{
	const sl_sem *sem = c->sem, *dom = sem;
	if (c->mode == SL_MODE_CREATE)
		dom = c->env->live;
	if (!dom || !dom->domain_disks_known || dom->match_overflow || sem->match_overflow)
		return;
	if (!c->snapshot && dom->nddisks == 0) {
		sl_sink_emit(c->sink, SL_R_CHECKPOINT_NO_DISKS, c->root, "add the domain's disks, or create no checkpoint",
		        NULL, NULL, NULL);
		return;
	}
	char targets[200] = "";
	for (size_t i = 0, n = 0; i < dom->nddisks && n < sizeof targets; i++)
		n += (size_t)snprintf(targets + n, sizeof targets - n, "%s%s", i ? ", " : "the domain's disks: ",
		                      dom->ddisks[i].target);
	if (sem->nreqs > dom->nddisks && distinct_requests(sem) <= dom->nddisks) {
		/* too many only because of a disk listed twice: SL301, the cause, says it */
	} else if (sem->nreqs > dom->nddisks) {
		too_many_disks(c, dom, targets);
		return; /* libvirt stops there */
	}
	long first[SL_SEM_MATCH];
	for (size_t i = 0; i < dom->nddisks; i++)
		first[i] = -1;
	for (size_t i = 0; i < sem->nreqs; i++) {
		const sl_sem_req *r = &sem->reqs[i];
		sl_pos pos = r->pos;
		long d = find_disk(dom, r);
		if (d < 0) {
			sl_sink_emit(c->sink, SL_R_NO_SUCH_DISK, pos, targets, r->name, NULL, NULL);
			continue;
		}
		if (first[d] >= 0 && strcmp(sem->reqs[first[d]].name, r->name))
			sl_sink_emit(c->sink, SL_R_DUPLICATE_DISK, pos, "a target name and a source path of the same disk",
			        r->name, "disks", NULL);
		if (first[d] < 0)
			first[d] = (long)i;
		if (!c->snapshot && r->listed &&
		    (ddisk_readonly(&dom->ddisks[d]) || ddisk_empty(&dom->ddisks[d])))
			sl_sink_emit(c->sink, SL_R_CHECKPOINT_DISK_UNUSABLE, pos, "use checkpoint='no' for this disk", r->name, NULL,
			        NULL);
	}
}

/* ---- the qemu driver's rules on what a new snapshot may combine ----
 * (qemuSnapshotCreateXMLParse, qemuSnapshotCreateAlignDisks, virDomainSnapshotAlignDisks,
 * virDomainSnapshotDefAssignExternalNames, qemuSnapshotPrepare; the seeds' validity
 * table in its modern form).  Needs --domain-state; the disk rules also --domain-xml. */

static const char *const loc_names[] = {"default", "no", "internal", "external", "manual"};

typedef struct aligned {
	unsigned char loc;
	unsigned char why;     /* sl_why: where the mode came from */
	const sl_sem_req *req; /* the <disk> that asked, or NULL */
} aligned;

/* One domain disk's mode and why, `r` the <disk> that names it (NULL when unlisted).  A
 * listed disk keeps the mode it states (or external, implied by a source or driver);
 * without one it takes the domain disk's own mode when that is 'no' or the location is
 * not internal, else the location.  An unlisted disk is 'no' when empty, else the domain
 * disk's own mode, else the location. */
static aligned align_disk(const sl_sem_ddisk *dd, const sl_sem_req *r, unsigned char def_loc)
{
	unsigned char why, own = ddisk_mode(dd, &why);
	if (r && r->mode)
		return (aligned){r->mode, r->implied ? SL_WHY_SOURCE : SL_WHY_LISTED, r};
	if (r && own && (def_loc != SL_LOC_INTERNAL || own == SL_LOC_NO))
		return (aligned){own, why, r};
	if (!r && ddisk_empty(dd))
		return (aligned){SL_LOC_NO, SL_WHY_EMPTY, NULL};
	if (!r && own)
		return (aligned){own, why, NULL};
	return (aligned){def_loc, SL_WHY_LOCATION, r};
}

/* SL318's hint: a shut-off domain's create document that lists an external disk is
 * refused only by the releases of SL_RANGE_OFFLINE_EXTERNAL_REFUSED, which need
 * --disk-only for it. */
static const char *internal_mode_hint(const ctx *c, const sl_sem_req *r, char *hint, size_t size)
{
	const sl_rule_range *old = sl_range_get(SL_RANGE_OFFLINE_EXTERNAL_REFUSED);
	if (c->mode != SL_MODE_CREATE || r->mode != SL_LOC_EXTERNAL ||
	    c->env->opt->domain_state != SL_STATE_SHUTOFF)
		return "an internal snapshot takes every disk: use snapshot='internal', or make the whole snapshot external";
	snprintf(hint, size,
	         "libvirt %s to %s take a shut-off domain's snapshot as internal unless --disk-only is given: use --disk-only",
	         old->from, old->to);
	return hint;
}

/* The disk requests against a domain's disks, as virDomainSnapshotAlignDisks fills them
 * in (see align_disk()); false (and findings) when libvirt would stop there: a mode other
 * than the default location where the location requires it (SL318), an external disk
 * whose overlay libvirt cannot name (SL324, virDomainSnapshotDefAssignExternalNames). */
static bool align(const ctx *c, const sl_sem *dom, unsigned char def_loc, aligned *out)
{
	const sl_sem *sem = c->sem;
	bool require_match = def_loc == SL_LOC_INTERNAL, ok = true;
	for (size_t i = 0; i < dom->nddisks; i++)
		out[i] = (aligned){0, 0, NULL};
	for (size_t i = 0; i < sem->nreqs; i++) {
		const sl_sem_req *r = &sem->reqs[i];
		long d = find_disk(dom, r);
		if (d < 0 || out[d].req)
			return false; /* reported by match_disks */
		out[d] = align_disk(&dom->ddisks[d], r, def_loc);
		unsigned char own = ddisk_mode(&dom->ddisks[d], NULL);
		if (r->mode != SL_LOC_DEFAULT && require_match && r->mode != def_loc &&
		    !(r->mode == SL_LOC_NO && own == SL_LOC_NO)) {
			char hint[160];
			sl_sink_emit(c->sink, SL_R_INTERNAL_DISK_MODE, r->pos,
			        internal_mode_hint(c, r, hint, sizeof hint), r->name, loc_names[r->mode], NULL);
			ok = false;
		}
	}
	for (size_t i = 0; i < dom->nddisks; i++)
		if (!out[i].req)
			out[i] = align_disk(&dom->ddisks[i], NULL, def_loc);
	for (size_t i = 0; ok && i < dom->nddisks; i++) {
		const sl_sem_ddisk *dd = &dom->ddisks[i];
		if (out[i].loc != SL_LOC_EXTERNAL || (out[i].req && out[i].req->has_path))
			continue;
		const char *why = !dd->path ? "the domain disk has no source"
		                  : dd->type[0] && strcmp(dd->type, "file") ? "the domain disk is not a file"
		                                                            : NULL;
		if (why) {
			sl_sink_emit(c->sink, SL_R_EXTERNAL_NAME,
			        out[i].req ? out[i].req->pos : c->root,
			        "give the overlay's path: <source file='/path/overlay.qcow2'/>", dd->target,
			        why, NULL);
			ok = false;
		}
	}
	return ok;
}

/* ---- the qemu driver's create-time rules on single disks, the firmware and checkpoints
 * (issue 11, class 4; qemuSnapshotPrepare and the functions it calls per disk,
 * qemuCheckpointPrepare).  Like the rules above they need --domain-state and
 * --domain-xml. */

/* The disk types a snapshot of a shut-off domain cannot cover, internal or external
 * (qemuSnapshotPrepareDiskInternal, qemuSnapshotPrepareDiskExternalInactive): network
 * disks of every protocol, and dir, nvme and vhost-vdpa disks.  Writes why into `why`
 * and returns it, or NULL for file and block disks (volume disks are left alone: libvirt
 * first translates them into the pool's own type). */
static const char *offline_unsupported(const sl_sem_ddisk *dd, char *why, size_t n)
{
	if (!strcmp(dd->type, "network"))
		snprintf(why, n, "it is a network disk (protocol '%s')", dd->protocol[0] ? dd->protocol : "none");
	else if (!strcmp(dd->type, "dir") || !strcmp(dd->type, "nvme") || !strcmp(dd->type, "vhostvdpa"))
		snprintf(why, n, "it is a '%s' disk", dd->type);
	else
		return NULL;
	return why;
}

static const char *const offline_hint =
        "take the snapshot while the domain runs: offline, libvirt snapshots local images only";

/* An internal disk: offline, only file and block disks (SL334).  False when libvirt
 * stops there. */
static bool qemu_internal_disk(const ctx *c, const sl_sem_ddisk *dd, sl_pos pos)
{
	char why[80];
	if (c->env->opt->domain_state != SL_STATE_SHUTOFF || !offline_unsupported(dd, why, sizeof why))
		return true;
	sl_sink_emit(c->sink, SL_R_OFFLINE_DISK_TYPE, pos, offline_hint, "internal", dd->target, why);
	return false;
}

/* An external disk, after its overlay format (SL327 and SL333, reported on their own):
 * offline, the disk and the overlay are local (SL334); active, no SCSI passthrough
 * (SL332); never a writable shareable disk (SL331), whose overlay would have to be raw
 * (qemuBlockStorageSourceSupportsConcurrentAccess) while qemu makes qcow2 or qed ones.
 * False when libvirt stops there. */
static bool qemu_external_disk(const ctx *c, const sl_sem_ddisk *dd, const sl_sem_req *r, sl_pos pos)
{
	bool active = c->env->opt->domain_state != SL_STATE_SHUTOFF;
	char why[80];
	const char *offline = NULL;
	if (r && r->format[0] && ((strcmp(r->format, "qcow2") && strcmp(r->format, "qed")) ||
	                          (r->mdcache && strcmp(r->format, "qcow2"))))
		return false; /* SL327 or SL333 */
	if (!active) {
		offline = offline_unsupported(dd, why, sizeof why);
		if (!offline && r && r->net_overlay)
			offline = "its overlay is a network disk";
	}
	if (offline) {
		sl_sink_emit(c->sink, SL_R_OFFLINE_DISK_TYPE, pos, offline_hint, "external", dd->target, offline);
		return false;
	}
	if (active && dd->lun) {
		sl_sink_emit(c->sink, SL_R_EXTERNAL_LUN, pos,
		        "leave the disk out with snapshot='no', or take the snapshot while the domain is shut off",
		        dd->target, NULL, NULL);
		return false;
	}
	if (dd->shareable && !ddisk_readonly(dd)) {
		sl_sink_emit(c->sink, SL_R_EXTERNAL_SHAREABLE, pos, "leave the shared disk out with snapshot='no'", dd->target,
		        NULL, NULL);
		return false;
	}
	return true;
}

/* qemuSnapshotPrepare's last check before 10.9 (rules/releases.def): 9.3 to 10.8 refuse
 * any internal snapshot of an active domain with a pflash <loader>, 9.0 to 9.2 of a
 * shut-off one too (virDomainDefHasOldStyleUEFI). */
static void uefi_pflash(const ctx *c, const sl_sem *dom, sl_range range, bool active)
{
	const sl_rule_range *r = sl_range_get(range);
	const char *t = c->env->opt->target_libvirt ? c->env->opt->target_libvirt : "";
	char msg[200], target[SL_ARG_MAX + 4];
	if (!dom->loader_pflash || (!active && range == SL_RANGE_UEFI_ACTIVE))
		return;
	sl_shorten(target, t, strlen(t));
	snprintf(msg, sizeof msg,
	         active ? "libvirt %s to %s refuses an internal snapshot of an active domain with pflash firmware (the target is %s)"
	                : "libvirt %s to %s refuses an internal snapshot of a domain with a pflash loader, even shut off (the target is %s)",
	         r->from, r->to, target);
	sl_sink_emit(c->sink, SL_R_INTERNAL_UEFI_NVRAM, c->root,
	        active ? "take the snapshot while the domain is shut off, or make it external"
	               : "make the snapshot external (--disk-only)",
	        msg, NULL, NULL);
}

/* qemuSnapshotPrepare's last check, which follows the target: in 10.9 and later an
 * active domain's internal snapshot also saves the NVRAM, inside it, so the NVRAM must be
 * qcow2 (its format is <nvram format>, else the loader's, else raw: qemu_firmware.c fills
 * it in that way); older releases refuse pflash firmware (uefi_pflash). */
static void uefi_nvram(const ctx *c, const sl_sem *dom, bool found_internal)
{
	bool active = c->env->opt->domain_state != SL_STATE_SHUTOFF;
	sl_range range = sl_rule_range_at(SL_R_INTERNAL_UEFI_NVRAM, c->release);
	char msg[200];
	if (!found_internal)
		return;
	if (range == SL_RANGE_UEFI_ANY || range == SL_RANGE_UEFI_ACTIVE) {
		uefi_pflash(c, dom, range, active);
		return;
	}
	if (!active || !dom->nvram)
		return;
	const char *format = dom->nvram_format[0]    ? dom->nvram_format
	                     : dom->loader_format[0] ? dom->loader_format
	                                             : "raw";
	if (!strcmp(format, "qcow2"))
		return;
	snprintf(msg, sizeof msg,
	         "an internal snapshot of an active domain with pflash firmware needs a qcow2 NVRAM; its NVRAM is '%s'",
	         format);
	sl_sink_emit(c->sink, SL_R_INTERNAL_UEFI_NVRAM, c->root,
	        "convert the NVRAM to qcow2 (qemu-img convert, then <nvram format='qcow2'>), "
	        "or take the snapshot while the domain is shut off, or make it external",
	        msg, NULL, NULL);
}

/* Empty or read-only, for a checkpoint (virDomainCheckpointAlignDisks): no bitmap. */
static bool cp_unusable(const sl_sem_ddisk *dd)
{
	return ddisk_readonly(dd) || ddisk_empty(dd);
}

/* A checkpoint of an active domain (qemuCheckpointPrepare): each disk that gets a bitmap,
 * in domain order, is named after the checkpoint (SL329, from bitmap_names) and is a
 * qcow2 image (SL328).  Skipped where virDomainCheckpointAlignDisks stops first (SL301,
 * SL313-SL316) and after an SL329, as libvirt stops at the first refusal. */
static void checkpoint_prepare(const ctx *c)
{
	const sl_sem *sem = c->sem, *dom = c->env->live;
	sl_fact_value v;
	if (!dom || !dom->domain_disks_known || dom->match_overflow || sem->match_overflow ||
	    !dom->nddisks || sem->nreqs > dom->nddisks)
		return;
	for (size_t i = 0; fact(c, SL_FACT_NAME, &v) && i < sem->nbitmaps; i++)
		if (!bitmap_matches(&sem->bitmaps[i], &v))
			return;
	long req_of[SL_SEM_MATCH];
	for (size_t i = 0; i < dom->nddisks; i++)
		req_of[i] = -1;
	for (size_t i = 0; i < sem->nreqs; i++) {
		long d = find_disk(dom, &sem->reqs[i]);
		if (d < 0 || req_of[d] >= 0 || (sem->reqs[i].listed && cp_unusable(&dom->ddisks[d])))
			return;
		req_of[d] = (long)i;
	}
	for (size_t i = 0; i < dom->nddisks; i++) {
		const sl_sem_ddisk *dd = &dom->ddisks[i];
		const sl_sem_req *r = req_of[i] >= 0 ? &sem->reqs[req_of[i]] : NULL;
		bool bitmap = sem->nreqs ? r && r->listed : !cp_unusable(dd);
		if (!bitmap || !dd->format[0] || !strcmp(dd->format, "qcow2"))
			continue;
		sl_sink_emit(c->sink, SL_R_CHECKPOINT_FORMAT, r ? r->pos : c->root,
		        "leave the disk out with checkpoint='no', or convert the image to qcow2",
		        dd->target, dd->format, NULL);
		return;
	}
}

/* What qemuSnapshotPrepare refuses, over the aligned disks. */
static void prepare(const ctx *c, const sl_sem *dom, const aligned *al, unsigned char memory,
                    bool disk_snapshot)
{
	bool found_internal = false, forbid_internal = false;
	size_t external = 0;
	const aligned *excluded = NULL; /* the first disk that forbids an internal snapshot */
	const char *excluded_target = "?";
	for (size_t i = 0; i < dom->nddisks; i++) {
		const sl_sem_ddisk *dd = &dom->ddisks[i];
		sl_pos pos = al[i].req ? al[i].req->pos : c->root;
		switch (al[i].loc) {
		case SL_LOC_INTERNAL:
			found_internal = true;
			if (disk_snapshot) {
				sl_sink_emit(c->sink, SL_R_RUNNING_INTERNAL_DISK, pos, "use snapshot='external' for this disk",
				        dd->target, NULL, NULL);
				return;
			}
			if (!qemu_internal_disk(c, dd, pos))
				return;
			if (dd->format[0] && strcmp(dd->format, "qcow2")) {
				sl_sink_emit(c->sink, SL_R_INTERNAL_FORMAT, pos,
				        al[i].why == SL_WHY_LISTED && ddisk_readonly(dd)
				                ? "libvirt leaves a read-only disk or cdrom out unless asked: drop snapshot='internal' for it"
				                : "make this snapshot external, or convert the image to qcow2",
				        dd->target, dd->format, NULL);
				return;
			}
			break;
		case SL_LOC_EXTERNAL:
			if (!qemu_external_disk(c, dd, al[i].req, pos))
				return;
			external++;
			break;
		case SL_LOC_MANUAL:
		case SL_LOC_NO:
			/* an empty or read-only disk left out does not count */
			if (al[i].loc == SL_LOC_MANUAL || (!ddisk_empty(dd) && !ddisk_readonly(dd))) {
				forbid_internal = true;
				if (!excluded)
					excluded = &al[i], excluded_target = dd->target;
			}
			break;
		default: break;
		}
	}
	char why[96];
	if (!found_internal && !external && memory == SL_LOC_NO) {
		sl_sink_emit(c->sink, SL_R_NOTHING_SELECTED, c->root, "snapshot at least one disk, or the memory",
		        NULL, NULL, NULL);
	} else if ((memory == SL_LOC_INTERNAL && !found_internal) ||
	           (found_internal && forbid_internal)) {
		if (found_internal && forbid_internal)
			snprintf(why, sizeof why, "disk '%s' is left out%s", excluded_target,
			         excluded && excluded->why == SL_WHY_DOMAIN
			                 ? " (its domain definition says so)" : "");
		else
			snprintf(why, sizeof why, "no disk is internal");
		sl_sink_emit(c->sink, SL_R_INTERNAL_NEEDS_ALL_DISKS, c->root,
		        "include every writable disk with snapshot='internal', or use an external snapshot",
		        why, NULL, NULL);
	} else if ((found_internal && external) || (memory == SL_LOC_INTERNAL && external) ||
	           (memory == SL_LOC_EXTERNAL && found_internal)) {
		snprintf(why, sizeof why, "%s memory with %s disks",
		         memory == SL_LOC_NO ? "no" : loc_names[memory],
		         found_internal && external ? "internal and external"
		         : external                 ? "external"
		                                    : "internal");
		sl_sink_emit(c->sink, SL_R_MIXED_LOCATIONS, c->root,
		        "make the memory and every disk all internal or all external", why, NULL, NULL);
	} else {
		uefi_nvram(c, dom, found_internal);
	}
}

/* Whether the memory or a listed disk asks for external (virDomainSnapshotDefIsExternal):
 * a redefine then aligns the other disks to external too. */
static bool asks_external(const sl_sem *sem)
{
	if (sem->memory && sem->memory_mode == SL_LOC_EXTERNAL)
		return true;
	for (size_t i = 0; i < sem->nreqs; i++)
		if (sem->reqs[i].mode == SL_LOC_EXTERNAL)
			return true;
	return false;
}

/* A create document against --domain-state (and --domain-xml for the disks). */
static void validity(const ctx *c)
{
	const sl_options *o = c->env->opt;
	const sl_sem *sem = c->sem;
	if (o->domain_state == SL_STATE_UNKNOWN || sem->memory_conflict)
		return; /* a memory file with mode 'no'/'internal': libvirt stops at it */
	bool active = o->domain_state != SL_STATE_SHUTOFF;
	sl_pos mem = sem->memory ? sem->memory_pos : c->root;
	if (!c->snapshot) {
		if (!active)
			sl_sink_emit(c->sink, SL_R_CHECKPOINT_INACTIVE, c->root, "start the domain first", NULL, NULL, NULL);
		else
			checkpoint_prepare(c);
		return;
	}
	unsigned char memory = sem->memory ? sem->memory_mode : SL_LOC_DEFAULT;
	if ((o->disk_only || !active) && (memory == SL_LOC_INTERNAL || memory == SL_LOC_EXTERNAL)) {
		sl_sink_emit(c->sink, SL_R_OFFLINE_MEMORY, mem, "use <memory snapshot='no'/>, or leave <memory> out",
		        o->disk_only && active ? "disk-snapshot" : "shutoff", NULL, NULL);
		return;
	}
	unsigned char def_loc = SL_LOC_INTERNAL;
	if (o->disk_only) {
		def_loc = SL_LOC_EXTERNAL, memory = SL_LOC_NO;
	} else if (memory == SL_LOC_EXTERNAL) {
		def_loc = SL_LOC_EXTERNAL;
	} else if (!active && asks_external(sem) &&
	           sl_rule_range_at(SL_R_INTERNAL_DISK_MODE, c->release) != SL_RANGE_OFFLINE_EXTERNAL_REFUSED) {
		/* newer libvirt (11.3.0 has it: qemuSnapshotCreateUseExternal): a shut-off
		 * domain's snapshot that lists an external disk is an external offline snapshot.
		 * Before 9.9 it was aligned to internal and refused (SL318, rules/releases.def). */
		def_loc = SL_LOC_EXTERNAL, memory = SL_LOC_NO;
	} else {
		if (active && memory == SL_LOC_NO) {
			sl_sink_emit(c->sink, SL_R_RUNNING_WITHOUT_MEMORY, mem,
			        "drop <memory snapshot='no'/> to save the memory too, or use --disk-only with external disks",
			        o->domain_state == SL_STATE_PAUSED ? "paused" : "running", NULL, NULL);
			return;
		}
		memory = active ? SL_LOC_INTERNAL : SL_LOC_NO;
	}
	const sl_sem *dom = c->env->live;
	if (!dom || !dom->domain_disks_known || dom->match_overflow || sem->match_overflow ||
	    sem->nreqs > dom->nddisks)
		return; /* without the domain's disks, the rest would be a guess */
	aligned al[SL_SEM_MATCH];
	if (align(c, dom, def_loc, al))
		prepare(c, dom, al, memory, o->disk_only && active);
}

/* Redefined and stored snapshots: libvirt aligns the <disks> against the document's own
 * <domain> (virDomainSnapshotRedefinePrep, then virDomainSnapshotAlignDisks), to external
 * when <state> is disk-snapshot or anything asks for external, else to internal; so
 * SL318 and SL324 apply as for create documents.  The qemu driver checks nothing more
 * on a redefine (no qcow2 or memory rules). */
static void redefine_align(const ctx *c)
{
	const sl_sem *sem = c->sem;
	sl_fact_value v;
	if (!c->snapshot || !sem->domain_disks_known || sem->match_overflow ||
	    sem->nreqs > sem->nddisks)
		return; /* no domain (SL305, SL312), or reported by match_disks */
	bool disk_state = fact(c, SL_FACT_STATE, &v) && sl_token_eq(v.text, "disk-snapshot");
	aligned al[SL_SEM_MATCH];
	align(c, sem, disk_state || asks_external(sem) ? SL_LOC_EXTERNAL : SL_LOC_INTERNAL, al);
}

/* --domain-state and --disk-only where libvirt does not take them: a redefined snapshot
 * with --disk-only must be a disk-only one (SL338, virDomainSnapshotRedefineValidate);
 * otherwise a note says the option does not apply (SL507) rather than ignoring it. */
static void option_scope(const ctx *c)
{
	const sl_options *o = c->env->opt;
	const char *what = c->mode == SL_MODE_CREATE ? (c->snapshot ? "snapshot" : "checkpoint") : c->what;
	const char *hint = "the option is for create documents (snaplint --mode=create)";
	sl_fact_value v;
	if (o->domain_state != SL_STATE_UNKNOWN && c->mode != SL_MODE_CREATE)
		sl_sink_emit(c->sink, SL_R_OPTION_NOT_APPLIED, c->root, hint, "--domain-state", what,
		        c->snapshot ? "libvirt takes the domain state from its <state>"
		                    : "libvirt redefines a checkpoint in any domain state");
	if (!o->disk_only)
		return;
	if (!c->snapshot)
		sl_sink_emit(c->sink, SL_R_OPTION_NOT_APPLIED, c->root, "leave --disk-only out for checkpoints",
		        "--disk-only", what, "checkpoints have no disk-only form");
	else if (c->mode == SL_MODE_STORED)
		sl_sink_emit(c->sink, SL_R_OPTION_NOT_APPLIED, c->root, hint, "--disk-only", what,
		        "libvirtd loads stored metadata without flags");
	else if (c->mode == SL_MODE_REDEFINE && fact(c, SL_FACT_STATE, &v) &&
	         !sl_token_eq(v.text, "disk-snapshot")) {
		char shown[SL_ARG_MAX + 4];
		sl_sink_emit(c->sink, SL_R_REDEFINE_DISK_ONLY_STATE, at(&v),
		        "drop --disk-only, or redefine a snapshot whose <state> is disk-snapshot",
		        sl_shorten(shown, v.text, strlen(v.text)), NULL, NULL);
	}
}

/* Create documents: qemu creates external overlays as qcow2 or qed only
 * (qemuSnapshotPrepareDiskExternal). */
static void overlay_format(const ctx *c)
{
	const sl_sem *sem = c->sem;
	for (size_t i = 0; c->snapshot && i < sem->nreqs; i++) {
		const sl_sem_req *r = &sem->reqs[i];
		if (r->mode != SL_LOC_EXTERNAL || !r->format[0] || sl_token_eq(r->format, "qcow2") ||
		    sl_token_eq(r->format, "qed"))
			continue; /* blanks around the name are SL336's (the cause), not this rule's */
		sl_sink_emit(c->sink, SL_R_OVERLAY_FORMAT, r->fmt_pos,
		        "use <driver type='qcow2'/> (or leave the driver out: qcow2 is the default)",
		        r->name, r->format, NULL);
	}
}

/* Create documents: qemu sizes the metadata cache of qcow2 overlays only
 * (qemuSnapshotPrepareDiskExternal, right after the format of SL327). */
static void overlay_metadata_cache(const ctx *c)
{
	const sl_sem *sem = c->sem;
	for (size_t i = 0; c->snapshot && i < sem->nreqs; i++) {
		const sl_sem_req *r = &sem->reqs[i];
		if (r->mode == SL_LOC_EXTERNAL && r->mdcache && !strcmp(r->format, "qed"))
			sl_sink_emit(c->sink, SL_R_METADATA_CACHE_FORMAT, r->mdcache_pos,
			        "remove <metadata_cache>, or use <driver type='qcow2'/>", r->name, r->format,
			        NULL);
	}
}

/* Redefined and stored snapshots: the qemu driver checks the <state> of the document
 * (qemuSnapshotCreateXMLValidateDef) and refuses two states its domains never have;
 * libvirtd still loads such a stored file, but it cannot be redefined. */
static void redefine_state(const ctx *c)
{
	sl_fact_value v;
	if (!c->snapshot || !fact(c, SL_FACT_STATE, &v))
		return;
	const char *state = sl_token_eq(v.text, "blocked")       ? "blocked"
	                    : sl_token_eq(v.text, "pmsuspended") ? "pmsuspended"
	                                                         : NULL;
	if (state) /* in stored mode the message says which step fails (sl_sink_reword) */
		sl_sink_emit(c->sink, SL_R_REDEFINE_STATE, at(&v),
		        "write the state the domain was in (running, paused, shutoff...)", state, NULL,
		        NULL);
}

/* Redefined documents with --domain-xml: the embedded domain must be that domain
 * (virDomainSnapshotRedefineValidate, virDomainCheckpointRedefineValidate). */
static void redefine_uuid(const ctx *c)
{
	sl_fact_value mine, live;
	if (!c->env->live_facts || !c->sem->domain_full || !fact(c, SL_FACT_DOMAIN_UUID, &mine) ||
	    !sl_facts_get(c->env->live_facts, SL_FACT_DOMAIN_UUID, &live) || mine.truncated || live.truncated ||
	    sl_uuid_eq(mine.text, live.text))
		return;
	char a[SL_ARG_MAX + 4], b[SL_ARG_MAX + 4];
	sl_sink_emit(c->sink, SL_R_REDEFINE_UUID, at(&mine), "redefine it on the domain it was taken of, or fix <uuid>",
	        sl_shorten(a, mine.text, strlen(mine.text)), sl_shorten(b, live.text, strlen(live.text)),
	        NULL);
}

/* Create documents: the fields libvirt only reads when redefining. */
static void ignored_fields(const ctx *c)
{
	static const struct {
		sl_fact fact;
		const char *name;
	} fields[] = {{SL_FACT_CREATION_TIME, "creationTime"}, {SL_FACT_STATE, "state"},
	              {SL_FACT_PARENT, "parent"}, {SL_FACT_ACTIVE, "active"}};
	const char *what = c->snapshot ? "snapshot" : "checkpoint";
	const char *hint = "remove it, or use --redefine (snaplint --mode=redefine) to restore metadata";
	sl_fact_value v;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fact(c, fields[i].fact, &v))
			sl_sink_emit(c->sink, SL_R_IGNORED_FIELD, at(&v), hint, fields[i].name, what, NULL);
	const sl_sem *sem = c->sem;
	if (sem->domain)
		sl_sink_emit(c->sink, SL_R_IGNORED_FIELD, sem->domain_pos, hint, "domain",
		        what, NULL);
	if (sem->inactive)
		sl_sink_emit(c->sink, SL_R_IGNORED_FIELD, sem->inactive_pos, hint,
		        "inactiveDomain", what, NULL);
	if (c->snapshot && fact(c, SL_FACT_NAME, &v) && v.len == 0) /* blanks are a name */
		sl_sink_emit(c->sink, SL_R_EMPTY_NAME, at(&v), "give the snapshot a name, or remove <name>", NULL,
		        NULL, NULL);
}

static void future_time(const ctx *c)
{
	sl_fact_value v;
	long long t;
	if (c->env->opt->now && fact(c, SL_FACT_CREATION_TIME, &v) && parse_time(&v, &t) &&
	    t > c->env->opt->now + 86400) {
		char shown[32];
		snprintf(shown, sizeof shown, "%lld", t);
		sl_sink_emit(c->sink, SL_R_FUTURE_CREATION_TIME, at(&v), "check the host clock of the machine that wrote it",
		        shown, NULL, NULL);
	}
}

sl_mode sl_sem_finish(const sl_sem *sem, const sl_sem_env *env, sl_sink *sink)
{
	if (env->kind != SL_KIND_SNAPSHOT && env->kind != SL_KIND_CHECKPOINT)
		return env->opt->mode;
	ctx c = {env, sem, sink, env->kind == SL_KIND_SNAPSHOT, SL_MODE_AUTO, env->root, NULL, 0};
	c.mode = infer_mode(&c);
	c.release = sl_libvirt_release(env->opt->target_libvirt);
	if (c.mode == SL_MODE_STORED && !c.snapshot)
		c.mode = SL_MODE_REDEFINE; /* checkpoints have no separate stored form */
	c.what = c.mode == SL_MODE_STORED ? "stored snapshot"
	         : c.snapshot             ? "redefined snapshot"
	                                  : "redefined checkpoint";
	if (env->stopped) /* not well-formed: the facts are incomplete */
		return c.mode;
	if (c.mode == SL_MODE_CREATE) {
		ignored_fields(&c);
		match_disks(&c);
		overlay_format(&c);
		overlay_metadata_cache(&c);
		validity(&c);
	} else {
		required_fields(&c);
		own_parent(&c);
		offline_memory(&c);
		match_disks(&c);
		redefine_align(&c);
		redefine_uuid(&c);
		redefine_state(&c);
	}
	sl_cparser_finish(env->facts, env->kind, sink, c.mode);
	option_scope(&c);
	snapshot_name(&c);
	bitmap_names(&c);
	future_time(&c);
	if (c.mode == SL_MODE_STORED)
		sl_cparser_stored(sink); /* last: every libvirt finding is in the sink */
	return c.mode;
}
