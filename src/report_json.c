/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report_json.c - the JSON report: one object, structure documented in the README
 * ("JSON output") and stable: fields are only ever added.
 */
#include <stdio.h>

#include "cli.h"

/* Writes `s` as a JSON string literal. */
void sl_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void sl_json_begin(sl_reporter *rep)
{
	fprintf(rep->out, "{\n  \"tool\": {\"name\": \"snaplint\", \"version\": \"%s\"},\n",
	        SL_VERSION);
	/* the libvirt release checked for (--target-libvirt) and the schemas it selects */
	fputs("  \"target\": {\"libvirt\": ", rep->out);
	sl_json_str(rep->out, rep->target_libvirt ? rep->target_libvirt : SL_LIBVIRT_SCHEMA_VERSION);
	fputs(", \"schemas\": ", rep->out);
	sl_json_str(rep->out, rep->target_schema ? rep->target_schema : SL_LIBVIRT_SCHEMA_VERSION);
	fputs("},\n  \"files\": [", rep->out);
}

static void json_finding(FILE *out, const sl_diag *d, bool first)
{
	const sl_rule_info *ri = sl_rule_get(d->rule);
	fprintf(out, "%s\n        {\"rule\": \"%s\", \"name\": \"%s\", \"category\": \"%s\", "
	             "\"severity\": \"%s\", \"line\": %lu, \"column\": %lu, \"message\": ",
	        first ? "" : ",", ri->id, ri->name, sl_category_name(ri->category),
	        sl_severity_name(d->severity), d->line, d->column);
	sl_json_str(out, d->message);
	if (d->hint) {
		fputs(", \"hint\": ", out);
		sl_json_str(out, d->hint);
	}
	fputc('}', out);
}

void sl_json_result(sl_reporter *rep, const sl_result *r)
{
	const sl_diag *const *all = r->findings;
	size_t n = r->nfindings;
	FILE *out = rep->out;
	fprintf(out, "%s\n    {\"path\": ", rep->nresults ? "," : "");
	sl_json_str(out, r->path);
	sl_kind kind = r->doc && !r->error && !r->special ? sl_doc_kind(r->doc) : SL_KIND_UNKNOWN;
	fprintf(out, ", \"kind\": \"%s\"", sl_kind_name(kind));
	if (kind == SL_KIND_SNAPSHOT || kind == SL_KIND_CHECKPOINT)
		fprintf(out, ", \"mode\": \"%s\"", sl_mode_name(sl_doc_mode(r->doc)));
	if (r->error && !r->special) {
		fputs(", \"error\": ", out);
		sl_json_str(out, r->error);
	}
	fputs(", \"findings\": [", out);
	for (size_t i = 0; i < n; i++)
		json_finding(out, all[i], i == 0);
	fputs(n ? "\n      ]}" : "]}", out);
}

void sl_json_end(sl_reporter *rep, size_t skipped)
{
	fprintf(rep->out,
	        "%s],\n  \"summary\": {\"files\": %zu, \"skipped\": %zu, \"errors\": %zu, "
	        "\"warnings\": %zu, \"notes\": %zu}\n}\n",
	        rep->nresults ? "\n  " : "", rep->files, skipped, rep->counts[SL_SEV_ERROR],
	        rep->counts[SL_SEV_WARNING], rep->counts[SL_SEV_NOTE]);
}
