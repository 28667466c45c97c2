/* report.c - the reporters: text (with hint lines), gcc (first line only) and JSON.
 *
 * The JSON structure is documented in the README ("JSON output") and is stable:
 * fields are only ever added.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Writes `s` as a JSON string literal. */
static void json_str(FILE *out, const char *s)
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

void sl_report_begin(sl_reporter *rep)
{
	if (rep->format == SL_FMT_JSON)
		fprintf(rep->out, "{\n  \"tool\": {\"name\": \"snaplint\", \"version\": \"%s\"},\n"
		                  "  \"files\": [",
		        SL_VERSION);
}

static void count(sl_reporter *rep, const sl_diag *d)
{
	rep->counts[d->severity]++;
	if (d->severity >= rep->fail_level)
		rep->failed = true;
}

static void text_result(sl_reporter *rep, const sl_result *r, const sl_diag *const *all, size_t n)
{
	if (r->special) {
		fprintf(rep->out, "%s: note: not a regular file (%s); skipped [SL108 xml-special-file]\n",
		        r->path, r->special);
		return;
	}
	if (r->error) {
		fprintf(rep->out, "%s: error: cannot read input: %s [SL107 xml-unreadable]\n", r->path,
		        r->error);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const sl_diag *d = all[i];
		const sl_rule_info *ri = sl_rule_get(d->rule);
		fprintf(rep->out, "%s:%lu:%lu: %s: %s [%s %s]\n", r->path, d->line, d->column,
		        sl_severity_name(d->severity), d->message, ri->id, ri->name);
		if (d->hint && rep->format == SL_FMT_TEXT)
			fprintf(rep->out, "  hint: %s\n", d->hint);
	}
}

static void json_finding(FILE *out, const sl_diag *d, bool first)
{
	const sl_rule_info *ri = sl_rule_get(d->rule);
	fprintf(out, "%s\n        {\"rule\": \"%s\", \"name\": \"%s\", \"category\": \"%s\", "
	             "\"severity\": \"%s\", \"line\": %lu, \"column\": %lu, \"message\": ",
	        first ? "" : ",", ri->id, ri->name, sl_category_name(ri->category),
	        sl_severity_name(d->severity), d->line, d->column);
	json_str(out, d->message);
	if (d->hint) {
		fputs(", \"hint\": ", out);
		json_str(out, d->hint);
	}
	fputc('}', out);
}

static void json_result(sl_reporter *rep, const sl_result *r, const sl_diag *const *all, size_t n)
{
	FILE *out = rep->out;
	fprintf(out, "%s\n    {\"path\": ", rep->nresults ? "," : "");
	json_str(out, r->path);
	if (r->special) {
		char msg[200];
		snprintf(msg, sizeof msg, "not a regular file (%s); skipped", r->special);
		fputs(", \"kind\": \"unknown\", \"findings\": [\n        {\"rule\": \"SL108\", "
		      "\"name\": \"xml-special-file\", \"category\": \"xml\", \"severity\": \"note\", "
		      "\"line\": 0, \"column\": 0, \"message\": ",
		      out);
		json_str(out, msg);
		fputs("}\n      ]}", out);
		return;
	}
	if (r->error) {
		fputs(", \"kind\": \"unknown\", \"error\": ", out);
		json_str(out, r->error);
		fputs(", \"findings\": [\n        {\"rule\": \"SL107\", \"name\": \"xml-unreadable\", "
		      "\"category\": \"xml\", \"severity\": \"error\", \"line\": 0, \"column\": 0, "
		      "\"message\": ",
		      out);
		char msg[600];
		snprintf(msg, sizeof msg, "cannot read input: %s", r->error);
		json_str(out, msg);
		fputs("}\n      ]}", out);
		return;
	}
	sl_kind kind = sl_doc_kind(r->doc);
	fprintf(out, ", \"kind\": \"%s\"", sl_kind_name(kind));
	if (kind == SL_KIND_SNAPSHOT || kind == SL_KIND_CHECKPOINT)
		fprintf(out, ", \"mode\": \"%s\"", sl_mode_name(sl_doc_mode(r->doc)));
	fputs(", \"findings\": [", out);
	for (size_t i = 0; i < n; i++)
		json_finding(out, all[i], i == 0);
	fputs(n ? "\n      ]}" : "]}", out);
}

void sl_report_result(sl_reporter *rep, const sl_result *r)
{
	size_t n = r->nfindings;
	const sl_diag *const *all = r->findings;
	rep->files++;
	if (r->special) {
		rep->counts[SL_SEV_NOTE]++;
		rep->failed |= rep->fail_level == SL_SEV_NOTE;
	} else if (r->error) {
		rep->counts[SL_SEV_ERROR]++;
		rep->failed = true;
	}
	for (size_t i = 0; i < n; i++)
		count(rep, all[i]);
	if (rep->format == SL_FMT_JSON)
		json_result(rep, r, all, n);
	else
		text_result(rep, r, all, n);
	rep->nresults++;
}

void sl_report_end(sl_reporter *rep, size_t skipped)
{
	if (rep->format == SL_FMT_JSON)
		fprintf(rep->out,
		        "%s],\n  \"summary\": {\"files\": %zu, \"skipped\": %zu, \"errors\": %zu, "
		        "\"warnings\": %zu, \"notes\": %zu}\n}\n",
		        rep->nresults ? "\n  " : "", rep->files, skipped, rep->counts[SL_SEV_ERROR],
		        rep->counts[SL_SEV_WARNING], rep->counts[SL_SEV_NOTE]);
	if (!rep->quiet)
	{
		fprintf(stderr, "%zu error%s, %zu warning%s, %zu note%s in %zu file%s",
		        rep->counts[SL_SEV_ERROR], rep->counts[SL_SEV_ERROR] == 1 ? "" : "s",
		        rep->counts[SL_SEV_WARNING], rep->counts[SL_SEV_WARNING] == 1 ? "" : "s",
		        rep->counts[SL_SEV_NOTE], rep->counts[SL_SEV_NOTE] == 1 ? "" : "s", rep->files,
		        rep->files == 1 ? "" : "s");
		if (skipped)
			fprintf(stderr, " (%zu other XML file%s skipped)", skipped, skipped == 1 ? "" : "s");
		fputc('\n', stderr);
	}
}
