/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report_github.c - GitHub Actions workflow commands, one annotation per finding:
 *   ::error file=PATH,line=L,col=C,title=ID NAME::MESSAGE
 * Values are escaped as the runner parses them: in the message '%', CR and LF; in
 * properties also ':' and ','.
 */
#include <stdio.h>

#include "cli.h"

static void escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': property ? fputs("%3A", out) : fputc(':', out); break;
		case ',': property ? fputs("%2C", out) : fputc(',', out); break;
		default: fputc(*s, out);
		}
	}
}

static const char *command(sl_severity sev)
{
	return sev == SL_SEV_ERROR ? "error" : sev == SL_SEV_WARNING ? "warning" : "notice";
}

/* One annotation; line 0 means the whole file (no line, no column). */
static void annotate(FILE *out, sl_severity sev, const char *path, unsigned long line,
                     unsigned long col, const char *id, const char *name, const char *msg,
                     const char *hint)
{
	fprintf(out, "::%s file=", command(sev));
	escaped(out, path, true);
	if (line)
		fprintf(out, ",line=%lu,col=%lu", line, col);
	fputs(",title=", out);
	escaped(out, id, true);
	fputc(' ', out);
	escaped(out, name, true);
	fputs("::", out);
	escaped(out, msg, false);
	if (hint) {
		fputs("%0Ahint: ", out);
		escaped(out, hint, false);
	}
	fputc('\n', out);
}

void sl_github_result(sl_reporter *rep, const sl_result *r)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const sl_diag *d = r->findings[i];
		const sl_rule_info *ri = sl_rule_get(d->rule);
		annotate(rep->out, d->severity, r->path, d->line, d->column, ri->id, ri->name,
		         d->message, d->hint);
	}
}
