/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report.c - the reporters' common part (counting, the summary line, dispatch by
 * format) and the line formats: text (first line, source excerpt with a caret, hint)
 * and gcc (first line only).  JSON, SARIF and GitHub annotations have their own files.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ANSI SGR sequences, used only when rep->color. */
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

static const char *sev_color(sl_severity sev)
{
	return sev == SL_SEV_ERROR ? C_RED : sev == SL_SEV_WARNING ? C_MAGENTA : C_CYAN;
}

void sl_report_begin(sl_reporter *rep)
{
	if (rep->format == SL_FMT_JSON)
		sl_json_begin(rep);
	else if (rep->format == SL_FMT_SARIF)
		sl_sarif_begin(rep);
}

static void count(sl_reporter *rep, const sl_diag *d)
{
	rep->counts[d->severity]++;
	if (d->severity >= rep->fail_level)
		rep->failed = true;
	if (d->rule == SL_R_NOT_WELL_FORMED)
		rep->unparsed = true;
}

/* `path:line:col: severity: message [id name]`, coloured on request; line 0 (an input
 * that was not checked) has no line and column. */
static void first_line(sl_reporter *rep, const char *path, const sl_diag *d)
{
	const sl_rule_info *ri = sl_rule_get(d->rule);
	bool c = rep->color;
	char at[48] = "";
	if (d->line)
		snprintf(at, sizeof at, ":%lu:%lu", d->line, d->column);
	fprintf(rep->out, "%s%s%s:%s %s%s:%s %s %s[%s %s]%s\n", c ? C_BOLD : "", path, at,
	        c ? C_OFF : "", c ? sev_color(d->severity) : "", sl_severity_name(d->severity),
	        c ? C_OFF : "", d->message, c ? C_DIM : "", ri->id, ri->name, c ? C_OFF : "");
}

/* The excerpt: gutter with the line number, the line, then the caret under the column. */
static void excerpt(sl_reporter *rep, sl_excerpt *x, const sl_diag *d)
{
	char text[SL_EXCERPT_MAX], caret[SL_EXCERPT_MAX];
	if (!sl_excerpt_get(x, d->line, d->column, text, caret))
		return;
	bool c = rep->color;
	fprintf(rep->out, "%5lu | %s\n      | %s%s%s\n", d->line, text, c ? C_GREEN : "", caret,
	        c ? C_OFF : "");
}

static void text_result(sl_reporter *rep, const sl_result *r)
{
	sl_excerpt x = {0};
	if (rep->format == SL_FMT_TEXT && r->nfindings && r->doc && !r->error && !r->special)
		sl_excerpt_open(&x, r->path);
	for (size_t i = 0; i < r->nfindings; i++) {
		const sl_diag *d = r->findings[i];
		first_line(rep, r->path, d);
		if (rep->format != SL_FMT_TEXT)
			continue;
		excerpt(rep, &x, d);
		if (d->hint)
			fprintf(rep->out, "  %shint:%s %s\n", rep->color ? C_CYAN : "",
			        rep->color ? C_OFF : "", d->hint);
	}
	sl_excerpt_close(&x);
}

void sl_report_result(sl_reporter *rep, const sl_result *r)
{
	rep->files++;
	if (r->error && !r->special)
		rep->input_error = true;
	for (size_t i = 0; i < r->nfindings; i++)
		count(rep, r->findings[i]);
	switch (rep->format) {
	case SL_FMT_JSON: sl_json_result(rep, r); break;
	case SL_FMT_SARIF: sl_sarif_result(rep, r); break;
	case SL_FMT_GITHUB: sl_github_result(rep, r); break;
	default: text_result(rep, r);
	}
	rep->nresults++;
}

void sl_report_end(sl_reporter *rep, size_t skipped)
{
	if (rep->format == SL_FMT_JSON)
		sl_json_end(rep, skipped);
	else if (rep->format == SL_FMT_SARIF)
		sl_sarif_end(rep);
}

void sl_report_summary(const sl_reporter *rep, size_t skipped)
{
	fprintf(stderr, "%zu error%s, %zu warning%s, %zu note%s in %zu file%s",
	        rep->counts[SL_SEV_ERROR], rep->counts[SL_SEV_ERROR] == 1 ? "" : "s",
	        rep->counts[SL_SEV_WARNING], rep->counts[SL_SEV_WARNING] == 1 ? "" : "s",
	        rep->counts[SL_SEV_NOTE], rep->counts[SL_SEV_NOTE] == 1 ? "" : "s", rep->files,
	        rep->files == 1 ? "" : "s");
	if (skipped)
		fprintf(stderr, " (%zu other XML file%s skipped)", skipped, skipped == 1 ? "" : "s");
	if (rep->files == 0) /* an empty directory, everything excluded or skipped */
		fputs(": nothing was checked", stderr);
	fputc('\n', stderr);
}
