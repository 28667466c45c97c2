/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cparser.c - what libvirt's C parser refuses although the schema accepts it (padded
 * enumeration values, Windows paths), and, for stored metadata, which of libvirt's two
 * steps a finding breaks: loading the file, or redefining the snapshot it describes.
 *
 * RELAX NG compares enumeration values as tokens (blanks around them are ignored) and
 * absFilePath admits 'C:\...'; libvirt's snapshot parser (virDomainSnapshotDefParse,
 * virDomainSnapshotDiskDefParseXML) compares the raw strings and wants POSIX paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semantic.h"

/* The position of attribute `name` of a start tag (the tag's when it cannot tell). */
static sl_pos attr_at(const sl_start *st, const char *name)
{
	sl_pos p = st->pos;
	for (size_t i = 0; i < st->nattrs; i++)
		if (!strcmp(st->atts[2 * i], name))
			p = sl_start_attr_pos(st, i);
	return p;
}

/* One of `values` once blanks are stripped, but not as written: what the schema takes
 * and virEnumFromString (an exact comparison) refuses.  `values` are the schema's own
 * (gtables.c), so a value the schema refuses is left to it.  `trailing_only`: the value is
 * read as an integer (virStrToLong_*), which skips leading blanks. */
static const char *padded(const char *v, const char *const *values, bool trailing_only)
{
	size_t n = strlen(v);
	bool lead = n && sl_is_space(v[0]), trail = n && sl_is_space(v[n - 1]);
	if (!(trailing_only ? trail : lead || trail))
		return NULL;
	for (; *values; values++)
		if (sl_token_eq(v, *values))
			return *values;
	return NULL;
}

/* SL336 for a padded value.  `what` names it ("attribute 'snapshot' of <disk>"); the
 * value is shown with its newlines, tabs and carriage returns as \n, \t and \r, so that
 * the message stays on one line. */
static void report_padded(sl_sink *sink, sl_pos pos, const char *what, const char *v,
                          const char *meant)
{
	char esc[2 * SL_ARG_MAX + 2], shown[SL_ARG_MAX + 4], hint[64];
	snprintf(hint, sizeof hint, "write '%s', without blanks", meant);
	size_t n = 0;
	for (; *v && n + 2 < sizeof esc; v++) {
		const char *e = *v == '\n' ? "\\n" : *v == '\t' ? "\\t" : *v == '\r' ? "\\r" : NULL;
		if (e)
			esc[n++] = e[0], esc[n++] = e[1];
		else
			esc[n++] = *v;
	}
	esc[n] = '\0';
	sl_sink_emit(sink, SL_R_PADDED_VALUE, pos, hint, what,
	        sl_shorten(shown, esc, n), NULL);
}

static void check_attr(sl_sink *sink, const sl_start *st, const char *attr, const char *what,
                       const char *const *values)
{
	const char *v = sl_start_attr(st, attr), *meant = v ? padded(v, values, false) : NULL;
	if (meant)
		report_padded(sink, attr_at(st, attr), what, v, meant);
}

/* 'C:\...': absFilePath's second form, which g_path_is_absolute (memory file) and
 * virStorageSourceIsRelative (file and block overlays) refuse on libvirt's hosts. */
static bool windows_path(const char *v)
{
	return v && ((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z')) &&
	       v[1] == ':' && v[2] == '\\' && v[3];
}

static void check_path(sl_sink *sink, const sl_start *st, const char *attr, const char *what)
{
	const char *v = sl_start_attr(st, attr);
	if (!windows_path(v))
		return;
	char shown[SL_ARG_MAX + 4];
	sl_sink_emit(sink, SL_R_WINDOWS_PATH, attr_at(st, attr),
	        "use the absolute path on the host libvirt runs on, such as /var/lib/libvirt/images/...",
	        what, sl_shorten(shown, v, strlen(v)), NULL);
}

void sl_cparser_start(const sl_sem *sem, sl_sink *sink, unsigned role, const sl_start *st)
{
	bool in_disks = sem->scope_id == SL_SCOPE_DISKS; /* <revertDisks>: redefine only */
	switch ((sl_role)role) {
	case SL_ROLE_SNAPDISK:
		if (!in_disks)
			break;
		check_attr(sink, st, "snapshot", "attribute 'snapshot' of <disk>", sl_values_disk_snapshot);
		check_attr(sink, st, "type", "attribute 'type' of <disk>", sl_values_snapdisk_type);
		break;
	case SL_ROLE_SNAPDRIVER:
		if (in_disks && sem->in_snapdisk)
			check_attr(sink, st, "type", "attribute 'type' of <driver>", sl_values_overlay_format);
		break;
	case SL_ROLE_SNAPSOURCE:
		if (!in_disks || !sem->in_snapdisk)
			break;
		check_path(sink, st, "file", "overlay");
		check_path(sink, st, "dev", "overlay");
		break;
	case SL_ROLE_MEMORY:
		check_attr(sink, st, "snapshot", "attribute 'snapshot' of <memory>",
		           sl_values_memory_snapshot);
		if (!sem->memory_conflict) /* libvirt stops at the mode first */
			check_path(sink, st, "file", "memory file");
		break;
	default: break;
	}
}

/* <state> and <active>, read only when libvirt reads them: the state when redefining
 * (and loading), <active> when loading stored metadata. */
void sl_cparser_finish(const sl_facts *facts, sl_kind kind, sl_sink *sink, sl_mode mode)
{
	sl_fact_value v;
	const char *meant;
	if (kind != SL_KIND_SNAPSHOT || mode == SL_MODE_CREATE)
		return;
	if (sl_facts_get(facts, SL_FACT_STATE, &v) && !v.truncated &&
	    (meant = padded(v.text, sl_values_state, false)))
		report_padded(sink, (sl_pos){v.line, v.column}, "<state>", v.text, meant);
	if (mode == SL_MODE_STORED && sl_facts_get(facts, SL_FACT_ACTIVE, &v) && !v.truncated &&
	    (meant = padded(v.text, sl_values_active, true)))
		report_padded(sink, (sl_pos){v.line, v.column}, "<active>", v.text, meant);
}

/* The libvirt rules a stored file fails while libvirtd loads it: the parse with
 * VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE | _INTERNAL (qemuDomainSnapshotLoad).  Every other
 * libvirt error is found by the redefine (virDomainSnapshotRedefinePrep and what
 * follows), which libvirtd does not run when it loads. */
static bool fails_load(sl_rule rule)
{
	static const sl_rule load[] = {SL_R_NAME_REQUIRED, SL_R_CREATION_TIME, SL_R_STATE_REQUIRED, SL_R_ACTIVE_REQUIRED,
	                               SL_R_OFFLINE_MEMORY, SL_R_PADDED_VALUE, SL_R_WINDOWS_PATH};
	for (size_t i = 0; i < sizeof load / sizeof load[0]; i++)
		if (load[i] == rule)
			return true;
	return false;
}

void sl_cparser_stored(sl_sink *sink)
{
	for (size_t i = 0; i < sink->nraw; i++) {
		sl_rule rule = sink->raw[i].rule;
		const sl_rule_info *info = sl_rule_get(rule);
		if (info->category != SL_CAT_LIBVIRT || info->severity != SL_SEV_ERROR)
			continue;
		sl_sink_reword(sink, i,
		               fails_load(rule)
		                       ? "libvirt will not load this file: the snapshot disappears when libvirtd restarts; "
		                       : "libvirt loads this file, but redefining it fails: ");
	}
}
