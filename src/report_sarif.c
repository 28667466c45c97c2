/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report_sarif.c - SARIF 2.1.0 for code-scanning tools (GitHub code scanning among
 * them): one run with the whole rule catalogue in tool.driver.rules, one result per
 * finding, and the inputs that could not be read as tool execution notifications.
 * Results are streamed as they come; only those notifications wait for the end.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "event.h" /* sl_grow */

struct sl_sarif_note {
	char *uri;
	char *text;
	sl_rule rule;
	sl_severity sev;
};

static const char *level(sl_severity sev)
{
	return sev == SL_SEV_ERROR ? "error" : sev == SL_SEV_WARNING ? "warning" : "note";
}

/* Writes a path as a URI reference: relative paths stay relative (percent-encoded,
 * "./" dropped), absolute ones become file:// URIs. */
static void uri(FILE *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	fputc('"', out);
	if (path[0] == '/')
		fputs("file://", out);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		             (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
		if (plain)
			fputc(*p, out);
		else
			fprintf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	fputc('"', out);
}

static void artifact(FILE *out, const char *path)
{
	fputs("{\"uri\": ", out);
	uri(out, path);
	if (path[0] != '/')
		fputs(", \"uriBaseId\": \"%SRCROOT%\"", out);
	fputc('}', out);
}

/* The first sentence (short) or paragraph (full) of a rule's documentation. */
static void doc_part(FILE *out, const char *doc, bool sentence)
{
	size_t n = 0;
	while (doc[n] && !(doc[n] == '\n' && doc[n + 1] == '\n') &&
	       !(sentence && doc[n] == '.' && (doc[n + 1] == ' ' || doc[n + 1] == '\n')))
		n++;
	if (sentence && doc[n] == '.')
		n++;
	char *part = strndup(doc, n);
	if (part)
		for (char *p = part; *p; p++)
			if (*p == '\n')
				*p = ' ';
	sl_json_str(out, part ? part : "");
	free(part);
}

static void rule(FILE *out, sl_rule r)
{
	const sl_rule_info *ri = sl_rule_get(r);
	const char *doc = ri->doc && *ri->doc ? ri->doc : ri->tmpl;
	fprintf(out, "%s\n        {\"id\": \"%s\", \"name\": \"%s\", \"shortDescription\": {\"text\": ",
	        r ? "," : "", ri->id, ri->name);
	doc_part(out, doc, true);
	fputs("}, \"fullDescription\": {\"text\": ", out);
	doc_part(out, doc, false);
	fputs("}, \"help\": {\"text\": ", out);
	sl_json_str(out, doc);
	fputs(", \"markdown\": ", out);
	sl_json_str(out, doc);
	fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}, \"properties\": {\"tags\": [\"%s\"], "
	             "\"libvirt\": ",
	        level(ri->severity), sl_category_name(ri->category));
	sl_json_str(out, ri->mirrors);
	size_t n; /* a version-dependent rule's ranges (rules/releases.def) */
	const sl_rule_range *rr = sl_rule_ranges(r, &n);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s{\"from\": \"%s\", \"to\": \"%s\", \"behaviour\": ", i ? ", " : ", \"libvirtReleases\": [",
		        rr[i].from, rr[i].to);
		sl_json_str(out, rr[i].behaviour);
		fputs(", \"source\": ", out);
		sl_json_str(out, rr[i].source);
		fputs(i + 1 < n ? "}" : "}]", out);
	}
	fputs("}}", out);
}

void sl_sarif_begin(sl_reporter *rep)
{
	FILE *out = rep->out;
	fprintf(out, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	             "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {"
	             "\"name\": \"snaplint\", \"version\": \"%s\", \"semanticVersion\": \"%s\", "
	             "\"rules\": [",
	        SL_VERSION, SL_VERSION);
	for (int r = 0; r < SL_RULE_COUNT; r++)
		rule(out, (sl_rule)r);
	fputs("\n    ]}},\n", out);
	char cwd[4096];
	if (getcwd(cwd, sizeof cwd - 1)) {
		size_t n = strlen(cwd);
		if (n == 0 || cwd[n - 1] != '/')
			cwd[n] = '/', cwd[n + 1] = '\0';
		fputs("    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": ", out);
		uri(out, cwd);
		fputs("}},\n", out);
	}
	/* the libvirt release checked for (--target-libvirt), in the run's property bag */
	fputs("    \"properties\": {\"targetLibvirt\": ", out);
	sl_json_str(out, rep->target_libvirt ? rep->target_libvirt : SL_LIBVIRT_SCHEMA_VERSION);
	fputs(", \"libvirtSchemas\": ", out);
	sl_json_str(out, rep->target_schema ? rep->target_schema : SL_LIBVIRT_SCHEMA_VERSION);
	fputs("},\n", out);
	fputs("    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [", out);
}

static void note(sl_reporter *rep, const char *path, const sl_diag *d, const char *text)
{
	if (!sl_grow((void **)&rep->notes, &rep->capnotes, rep->nnotes, sizeof *rep->notes))
		return;
	sl_sarif_note *n = &rep->notes[rep->nnotes];
	n->uri = strdup(path), n->text = strdup(text), n->rule = d->rule, n->sev = d->severity;
	if (n->uri && n->text)
		rep->nnotes++;
	else
		free(n->uri), free(n->text);
}

void sl_sarif_result(sl_reporter *rep, const sl_result *r)
{
	FILE *out = rep->out;
	for (size_t i = 0; i < r->nfindings; i++) {
		const sl_diag *d = r->findings[i];
		const sl_rule_info *ri = sl_rule_get(d->rule);
		if (!d->line) { /* an input not checked (SL107, SL108): a notification */
			note(rep, r->path, d, d->message);
			continue;
		}
		fprintf(out, "%s\n      {\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"%s\", "
		             "\"message\": {\"text\": ",
		        rep->sarif_results ? "," : "", ri->id, (int)d->rule, level(d->severity));
		rep->sarif_results++;
		if (d->hint) {
			char *text = malloc(strlen(d->message) + strlen(d->hint) + 16);
			if (text)
				sprintf(text, "%s\nhint: %s", d->message, d->hint);
			sl_json_str(out, text ? text : d->message);
			free(text);
		} else {
			sl_json_str(out, d->message);
		}
		fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ", out);
		artifact(out, r->path);
		fprintf(out, ", \"region\": {\"startLine\": %lu, \"startColumn\": %lu}}}]}",
		        d->line ? d->line : 1, d->column ? d->column : 1);
	}
}

void sl_sarif_end(sl_reporter *rep)
{
	FILE *out = rep->out;
	fprintf(out, "%s],\n    \"invocations\": [{\"executionSuccessful\": %s, "
	             "\"toolExecutionNotifications\": [",
	        rep->sarif_results ? "\n    " : "", rep->input_error ? "false" : "true");
	for (size_t i = 0; i < rep->nnotes; i++) {
		const sl_sarif_note *n = &rep->notes[i];
		const sl_rule_info *ri = sl_rule_get(n->rule);
		fprintf(out, "%s\n      {\"level\": \"%s\", \"message\": {\"text\": ", i ? "," : "",
		        level(n->sev));
		sl_json_str(out, n->text);
		fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ", out);
		artifact(out, n->uri);
		fprintf(out, "}}], \"associatedRule\": {\"id\": \"%s\", \"index\": %d}}", ri->id,
		        (int)n->rule);
		free(n->uri);
		free(n->text);
	}
	free(rep->notes);
	rep->notes = NULL;
	fprintf(out, "%s]}]\n  }]\n}\n", rep->nnotes ? "\n    " : "");
}
