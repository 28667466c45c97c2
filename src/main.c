/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* main.c - the command line: options, inputs, reporters, exit status.  The only file
 * that knows about argv and the only caller of exit().
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "cli.h"
#include "event.h" /* sl_grow */
#include "config.h"
#include "dgrammar.h"
#include "grammar.h"

static const char usage_text[] =
	"usage: snaplint [OPTIONS] [FILE|DIR|-]...\n"
	"\n"
	"Validates libvirt <domainsnapshot> and <domaincheckpoint> XML against libvirt's\n"
	"schemas.  Directories are searched recursively for *.xml; documents with another\n"
	"root element found there are skipped.  With no operand and a piped stdin, reads\n"
	"stdin.\n"
	"\n"
	"options:\n";

/* After the options (printed from settings.def by print_usage). */
static const char usage_tail[] =
	"\n"
	"exit status:\n"
	"  0  no finding at or above the fail level\n"
	"  1  findings at or above the fail level\n"
	"  2  usage or configuration error (a bad option, configuration file or\n"
	"     --domain-xml; an -o FILE that is an input)\n"
	"  3  an input could not be read, or a limit stopped the run; or an -o report\n"
	"     could not be written\n"
	"\n"
	"Settings come from built-in defaults, then $XDG_CONFIG_HOME/snaplint/snaplintrc\n"
	"(or ~/.config/snaplint/snaplintrc), then the nearest .snaplintrc above each file\n"
	"(up to the directory holding .git), then the command line.\n";

/* The options column of --help: "  -f, --format=FORMAT" padded to this width (at
 * least two spaces before the text); continuation lines are indented to it. */
enum { HELP_COLUMN = 26 };

static void print_option_help(FILE *out, char shortopt, const char *longopt, const char *arg,
                              const char *help)
{
	char left[80];
	int n = shortopt ? snprintf(left, sizeof left, "  -%c, --%s%s", shortopt, longopt, arg)
	                 : snprintf(left, sizeof left, "      --%s%s", longopt, arg);
	fprintf(out, "%s%*s", left, n + 2 > HELP_COLUMN ? 2 : HELP_COLUMN - n, "");
	for (const char *p = help; *p; p++) {
		fputc(*p, out);
		if (*p == '\n')
			fprintf(out, "%*s", HELP_COLUMN, "");
	}
	fputc('\n', out);
}

/* --help: the text around the options, the options from settings.def. */
static void print_usage(FILE *out)
{
	fputs(usage_text, out);
#define SETTING(ID, SHORT, LONG, ARG, KEY, HANDLER, VALUE, DEFAULT, PRINT, HELP) \
	print_option_help(out, SHORT, LONG, ARG, HELP);
#include "settings.def"
#undef SETTING
	fputs(usage_tail, out);
}

/* One report: a format written to stdout or, atomically, to a file. */
typedef struct sl_output {
	sl_reporter rep;
	const char *path; /* -o FILE; NULL: stdout */
	char *dest;       /* the file replaced: path with its symlinks followed */
	char *tmp;        /* the temporary file written, renamed to dest at the end */
} sl_output;

enum { SL_MAX_OUTPUTS = 16 };

typedef struct cli {
	sl_output outs[SL_MAX_OUTPUTS];
	size_t nouts;
	bool pending;          /* a --format not yet taken by an -o */
	sl_format pending_format;
	sl_setting_arg *args;  /* settings from the command line, in order */
	size_t nargs;
	sl_config_opts config;
	const char *print_config;
	sl_settings *run;      /* the working directory's settings: run-wide ones */
	sl_settings *dir_settings; /* the settings of the last directory asked about */
	char *dir;
	bool quiet;
	bool noted;            /* the note on protected rules was written */
	bool noted_retired;    /* the note on a retired rule was written */
	char **patterns;       /* exclude patterns consulted, "WHERE\0GLOB" */
	bool *matched;         /* ... and whether each matched something */
	size_t npatterns, cappatterns, capmatched; /* in use; allocated (sl_grow) */
	sl_options core;
	const char *stdin_name;
	bool group;
	bool skip_other;
	const char *domain_xml;
	bool config_failed;    /* a configuration error met during the walk: exit 2 */
	sl_walk_opts *walk;    /* the walk under way, stopped on a configuration error */
	bool list;             /* --list-rules[=HOW] */
	const char *list_how;
	const char *explain;   /* --explain RULE */
	bool version;          /* --version: printed once the settings are known */
} cli;

static void usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "snaplint: %s%s%s\nTry 'snaplint --help'.\n", msg, arg ? ": " : "",
	        arg ? arg : "");
	exit(SL_EXIT_USAGE);
}

/* --version: snaplint's version, the libvirt schemas it follows (those of the target,
 * --target-libvirt, and the sets it knows), the expat it runs with (not the one it was
 * built against) and which of expat's protections are on. */
static void print_version(const sl_settings *run) /* run: NULL for the defaults */
{
	static const struct {
		unsigned bit;
		const char *name;
	} prot[] = {
		{SL_PROTECT_BILLION_LAUGHS, "billion-laughs"},
		{SL_PROTECT_ALLOC_TRACKER, "allocation-tracker"},
		{SL_PROTECT_REPARSE_DEFERRAL, "reparse-deferral"},
	};
	const char *expat = XML_ExpatVersion();
	if (strncmp(expat, "expat_", 6) == 0)
		expat += 6;
	unsigned on = sl_parser_protections();
	const char *newest = sl_libvirt_schemas[SL_LV_COUNT - 1];
	printf("snaplint %s\nlibvirt schemas: %s (target libvirt %s; known:", SL_VERSION,
	       run ? sl_libvirt_schemas[run->target] : newest, run ? run->target_libvirt : newest);
	for (int i = 0; i < SL_LV_COUNT; i++)
		printf(" %s", sl_libvirt_schemas[i]);
	printf(")\nexpat: %s\nexpat protections:", expat);
	for (size_t i = 0; i < sizeof prot / sizeof prot[0]; i++)
		printf("%s %s %s", i ? "," : "", prot[i].name, on & prot[i].bit ? "on" : "off");
	putchar('\n');
}

/* Prints the catalogue as a table, or as the README's markdown table. */
static void list_rules(const char *how)
{
	bool md = how && !strcmp(how, "markdown");
	if (how && !md && strcmp(how, "text"))
		usage_error("--list-rules takes text or markdown", how);
	if (md)
		puts("| id | name | category | severity | message |\n|---|---|---|---|---|");
	else
		printf("%-6s %-32s %-8s %-8s %s\n", "ID", "NAME", "CATEGORY", "SEVERITY", "MESSAGE");
	for (unsigned i = 0; i < SL_RULE_COUNT; i++) {
		const sl_rule_info *r = sl_rule_get((sl_rule)i);
		printf(md ? "| %s | `%s` | %s | %s | %s |\n" : "%-6s %-32s %-8s %-8s %s\n", r->id,
		       r->name, sl_category_name(r->category), sl_severity_name(r->severity), r->tmpl);
	}
}

/* The message template; one that is a bare %1 says nothing, so the documentation's
 * "Messages:" paragraph, which lists the real texts, is printed (on one line). */
static void print_message(const sl_rule_info *r)
{
	static const char tag[] = "Messages: ";
	const char *m = strcmp(r->tmpl, "%1") ? NULL : strstr(r->doc, tag);
	if (!m) {
		fputs(r->tmpl, stdout);
		return;
	}
	for (m += strlen(tag); *m && !(m[0] == '\n' && (m[1] == '\n' || !m[1])); m++)
		putchar(*m == '\n' ? ' ' : *m);
}

/* The release table (`--explain=releases`, the README's "What differs by libvirt
 * release"): the constructs of the snapshot and checkpoint grammar newer than 9.0.0 (the
 * `since` fields of gtables.c), then the rules of rules/releases.def, range by range. */
typedef struct since_row {
	unsigned since, order; /* order: table order, among rows of the same release */
	char text[120];
} since_row;

static void add_row(since_row *rows, size_t *n, size_t max, unsigned since, const char *text)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(rows[i].text, text))
			return; /* the same construct in another variant of its element */
	if (*n < max) {
		rows[*n].since = since;
		rows[*n].order = (unsigned)*n;
		snprintf(rows[(*n)++].text, sizeof rows->text, "%s", text);
	}
}

/* What a value of sl_values_since is: `attribute='value'` on the elements that take it,
 * or, for a part of a datatype, its description. */
static void value_rows(since_row *rows, size_t *n, size_t max, const sl_value_since *v)
{
	char text[120];
	if (!v->values) {
		add_row(rows, n, max, v->since, "`nvme` disk names (`<disk name='nvme0n1'>`)");
		return;
	}
	for (unsigned k = 0; k < sl_nkinds; k++)
		for (unsigned a = 0; a < sl_kinds[k].nattrs; a++)
			if (sl_kinds[k].attrs[a].values == v->values) {
				snprintf(text, sizeof text, "`%s='%s'` on `<%s>`", sl_kinds[k].attrs[a].name, v->value,
				         sl_kinds[k].name);
				add_row(rows, n, max, v->since, text);
			}
}

static int by_since(const void *a, const void *b)
{
	const since_row *x = a, *y = b;
	if (x->since != y->since)
		return (x->since > y->since) - (x->since < y->since);
	return (x->order > y->order) - (x->order < y->order);
}

/* Text with each <name> in backticks, for a Markdown table cell. */
static void print_code_names(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char *close = s[i] == '<' ? memchr(s + i, '>', len - i) : NULL;
		if (close) {
			printf("`%.*s`", (int)(close - (s + i) + 1), s + i);
			i = (size_t)(close - s);
		} else {
			putchar(s[i]);
		}
	}
}

/* The content models an older target takes otherwise than by additions
 * (sl_kind_variants): the element, the schema sets that have the older model, and what
 * it takes (the variant's hint up to its advice). */
static void variant_rows(void)
{
	puts("\n| content model | schemas | what they take (older targets: SL202, SL203 or SL204) |\n|---|---|---|");
	for (unsigned i = 0; i < sl_nkind_variants; i++) {
		const sl_kind_variant *v = &sl_kind_variants[i];
		const char *end = strchr(v->hint, ';');
		printf("| `<%s>` | up to %s | ", sl_kinds[v->kind].name, sl_libvirt_schemas[v->until]);
		print_code_names(v->hint, end ? (size_t)(end - v->hint) : strlen(v->hint));
		puts(" |");
	}
}

static void explain_releases(void)
{
	since_row rows[64];
	size_t n = 0;
	char text[120];
	for (unsigned k = 0; k < sl_nkinds; k++) {
		const sl_kind_spec *ks = &sl_kinds[k];
		for (unsigned i = 0; ks->name && i < ks->nkids; i++)
			if (ks->kids[i].since) {
				snprintf(text, sizeof text, "`<%s>` in `<%s>`", ks->kids[i].name, ks->name);
				add_row(rows, &n, 64, ks->kids[i].since, text);
			}
		for (unsigned i = 0; ks->name && i < ks->nattrs; i++)
			if (ks->attrs[i].since) {
				snprintf(text, sizeof text, "`%s` on `<%s>`", ks->attrs[i].name, ks->name);
				add_row(rows, &n, 64, ks->attrs[i].since, text);
			}
	}
	for (unsigned i = 0; i < sl_nvalues_since; i++)
		value_rows(rows, &n, 64, &sl_values_since[i]);
	qsort(rows, n, sizeof *rows, by_since);
	puts("| grammar (outside the embedded `<domain>`) | first known schemas; older targets: SL214 |\n|---|---|");
	for (size_t i = 0; i < n; i++)
		printf("| %s | %s |\n", rows[i].text, sl_libvirt_schemas[rows[i].since]);
	variant_rows();
	puts("\n| rule | releases | what libvirt does there | known from |\n|---|---|---|---|");
	for (unsigned i = 0; i < SL_RULE_COUNT; i++) {
		size_t nr;
		const sl_rule_info *r = sl_rule_get((sl_rule)i);
		const sl_rule_range *rr = sl_rule_ranges((sl_rule)i, &nr);
		for (size_t j = 0; j < nr; j++)
			printf("| %s `%s` | %s-%s | %s | %s |\n", r->id, r->name, rr[j].from, rr[j].to,
			       rr[j].behaviour, rr[j].source);
	}
}

/* A rule whose libvirt behaviour changed: each range of releases and what it does there. */
static void explain_ranges(sl_rule rule)
{
	size_t n;
	const sl_rule_range *r = sl_rule_ranges(rule, &n);
	if (n)
		puts("libvirt releases (--target-libvirt; default 12.8):");
	for (size_t i = 0; i < n; i++)
		printf("  %s-%s: %s (%s)\n", r[i].from, r[i].to, r[i].behaviour, r[i].source);
}

static void explain(const char *key)
{
	if (!strcmp(key, "releases")) {
		explain_releases();
		return;
	}
	sl_rule rule = sl_rule_find(key);
	const sl_retired_rule *old = rule == SL_RULE_COUNT ? sl_rule_retired(key) : NULL;
	if (old) {
		printf("%s %s\nretired: %s\nreplaced by: %s\n\n%s", old->id, old->name, old->why,
		       sl_rule_get(old->successor)->id, old->doc);
		return;
	}
	if (rule == SL_RULE_COUNT) {
		const char *near = sl_rule_suggest(key, true);
		char msg[200];
		snprintf(msg, sizeof msg, "%.100s; did you mean '%s'?", key, near ? near : "");
		usage_error("unknown rule", near ? msg : key);
	}
	const sl_rule_info *r = sl_rule_get(rule);
	printf("%s %s\ncategory: %s\nseverity: %s\nmessage: ", r->id, r->name,
	       sl_category_name(r->category), sl_severity_name(r->severity));
	print_message(r);
	printf("\nmirrors: %s\n", r->mirrors);
	explain_ranges(rule);
	printf("\n%s", r->doc);
}

static sl_format parse_format(const char *s)
{
	if (!strcmp(s, "text"))
		return SL_FMT_TEXT;
	if (!strcmp(s, "gcc"))
		return SL_FMT_GCC;
	if (!strcmp(s, "json"))
		return SL_FMT_JSON;
	if (!strcmp(s, "sarif"))
		return SL_FMT_SARIF;
	if (!strcmp(s, "github"))
		return SL_FMT_GITHUB;
	usage_error("--format must be text, gcc, json, sarif or github", s);
	return SL_FMT_TEXT;
}

/* Adds a report: `path` NULL for stdout, of which there is at most one. */
static void add_output(cli *c, sl_format format, const char *path)
{
	if (c->nouts == SL_MAX_OUTPUTS)
		usage_error("too many reports (at most 16 --format/-o pairs)", NULL);
	for (size_t i = 0; !path && i < c->nouts; i++)
		if (!c->outs[i].path)
			usage_error("only one report can go to stdout; give -o FILE after each other --format",
			            NULL);
	c->outs[c->nouts++] = (sl_output){.rep = {.format = format}, .path = path};
}

/* --format: a format that no -o took yet goes to stdout. */
static void on_format(cli *c, const char *arg)
{
	if (c->pending)
		add_output(c, c->pending_format, NULL);
	c->pending = true;
	c->pending_format = parse_format(arg);
}

static void on_output(cli *c, const char *path)
{
	if (!*path)
		usage_error("-o needs a file name", NULL);
	/* `-o -` is stdout, as `-` is stdin among the operands */
	add_output(c, c->pending ? c->pending_format : SL_FMT_TEXT, strcmp(path, "-") ? path : NULL);
	c->pending = false;
}

static sl_domain_state parse_state(const char *s)
{
	if (!strcmp(s, "running"))
		return SL_STATE_RUNNING;
	if (!strcmp(s, "paused"))
		return SL_STATE_PAUSED;
	if (!strcmp(s, "shutoff"))
		return SL_STATE_SHUTOFF;
	usage_error("--domain-state must be running, paused or shutoff", s);
	return SL_STATE_UNKNOWN;
}

/* A setting from the command line, applied after the configuration files. */
static void setting(cli *c, const char *key, const char *value)
{
	c->args[c->nargs++] = (sl_setting_arg){key, value};
}

/* getopt's codes: an option's short letter, else a number above every character. */
enum {
	OPT_BASE = 255,
#define SETTING(ID, SHORT, LONG, ARG, KEY, HANDLER, VALUE, DEFAULT, PRINT, HELP) \
	OPT_##ID##_N,
#include "settings.def"
#undef SETTING
};
enum {
#define SETTING(ID, SHORT, LONG, ARG, KEY, HANDLER, VALUE, DEFAULT, PRINT, HELP) \
	OPT_##ID = SHORT ? SHORT : OPT_##ID##_N,
#include "settings.def"
#undef SETTING
};

/* getopt's table and short options string, from settings.def: an ARG "=X" is a
 * required argument, "[=X]" an optional one, "" none. */
typedef struct option_def {
	int code, letter;
	const char *name, *arg;
} option_def;

static const option_def option_defs[] = {
#define SETTING(ID, SHORT, LONG, ARG, KEY, HANDLER, VALUE, DEFAULT, PRINT, HELP) \
	{OPT_##ID, SHORT, LONG, ARG},
#include "settings.def"
#undef SETTING
};
enum { NOPTIONS = sizeof option_defs / sizeof *option_defs };

static int has_arg(const char *arg)
{
	return !*arg ? no_argument : *arg == '[' ? optional_argument : required_argument;
}

static void getopt_tables(struct option *longs, char *shorts)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		const option_def *o = &option_defs[i];
		longs[i] = (struct option){o->name, has_arg(o->arg), NULL, o->code};
		if (!o->letter)
			continue;
		*shorts++ = (char)o->letter;
		if (has_arg(o->arg) != no_argument) /* "f:" required, "f::" optional */
			*shorts++ = ':';
		if (has_arg(o->arg) == optional_argument)
			*shorts++ = ':';
	}
	longs[NOPTIONS] = (struct option){NULL, 0, NULL, 0};
	*shorts = '\0';
}

/* An option that sets a configuration key: the key and its value (the flag's VALUE, or
 * the argument); false for the command-line-only options. */
static bool option_setting(int ch, const char *arg, const char **key, const char **value)
{
	switch (ch) {
#define SETTING(ID, SHORT, LONG, ARG, KEY, HANDLER, VALUE, DEFAULT, PRINT, HELP) \
	case OPT_##ID:                                                           \
		*key = KEY, *value = VALUE ? VALUE : arg;                       \
		return KEY != NULL;
#include "settings.def"
#undef SETTING
	}
	return false;
}

/* Parses options; returns the index of the first operand. */
static int parse_args(cli *c, int argc, char **argv)
{
	int ch;
	struct option longs[NOPTIONS + 1];
	char shorts[3 * NOPTIONS + 1];
	const char *key, *value;
	getopt_tables(longs, shorts);
	while ((ch = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (option_setting(ch, optarg, &key, &value)) {
			setting(c, key, value);
			continue;
		}
		switch (ch) {
		case OPT_FORMAT: on_format(c, optarg); break;
		case OPT_OUTPUT: on_output(c, optarg); break;
		/* --config and --no-config: the last one given wins */
		case OPT_CONFIG: c->config.explicit_file = optarg, c->config.none = false; break;
		case OPT_NO_CONFIG: c->config.none = true, c->config.explicit_file = NULL; break;
		case OPT_PRINT_CONFIG: c->print_config = optarg; break;
		case OPT_STDIN_NAME: c->stdin_name = optarg; break;
		case OPT_DOMAIN_XML: c->domain_xml = optarg; break;
		case OPT_STATE: c->core.domain_state = parse_state(optarg); break;
		case OPT_DISK_ONLY: c->core.disk_only = true; break;
		case OPT_LIST: c->list = true, c->list_how = optarg; break;
		case OPT_EXPLAIN: c->explain = optarg; break;
		case OPT_QUIET: c->quiet = true; break;
		case OPT_VERSION: c->version = true; break;
		case OPT_HELP: print_usage(stdout); exit(SL_EXIT_OK);
		default: fputs("Try 'snaplint --help'.\n", stderr); exit(SL_EXIT_USAGE);
		}
	}
	/* The catalogue options print and exit, after every option is read. */
	if (c->list && c->explain)
		usage_error("--list-rules and --explain cannot be combined", NULL);
	if (c->list || c->explain) {
		if (c->list)
			list_rules(c->list_how);
		else
			explain(c->explain);
		exit(SL_EXIT_OK);
	}
	if (c->pending || !c->nouts)
		add_output(c, c->pending ? c->pending_format : SL_FMT_TEXT, NULL);
	return optind;
}

/* Reads --domain-xml: a well-formed <domain> or a configuration error (exit 2) listing
 * what is wrong with it.  It is checked as an embedded domain is, by the same domain
 * grammar; its schema findings (a misspelt <devices>...: libvirt's parser ignores what
 * it does not know) and the others are reported as its own result. */
static sl_doc *load_domain(const char *path, const sl_options *core)
{
	sl_options opt = {.domain_root = true, .other_root_is_error = true,
	                  .dg_grammar = core->dg_grammar, .dg_engine = core->dg_engine,
	                  .target_libvirt = core->target_libvirt,
	                  .target_schema = core->target_schema};
	sl_doc *doc = sl_load_file(path, &opt);
	if (!doc) {
		fprintf(stderr, "snaplint: --domain-xml %s: cannot read it\n", path);
		exit(SL_EXIT_INPUT);
	}
	bool bad = sl_doc_kind(doc) != SL_KIND_DOMAIN;
	for (size_t i = 0; i < sl_doc_ndiags(doc); i++) {
		const sl_diag *d = sl_doc_diag(doc, i);
		if (d->severity == SL_SEV_ERROR && sl_rule_get(d->rule)->category != SL_CAT_SCHEMA) {
			fprintf(stderr, "%s:%lu:%lu: error: %s [%s]\n", path, d->line, d->column, d->message,
			        sl_rule_get(d->rule)->id);
			bad = true;
		}
	}
	if (bad) {
		fprintf(stderr, "snaplint: --domain-xml %s is not a usable <domain> definition\n", path);
		exit(SL_EXIT_USAGE);
	}
	return doc;
}

/* Settings that tried to silence the rules of inputs that do not parse were ignored
 * for them: says so once per run, on stderr. */
static void note_protected(cli *c, const sl_settings *s)
{
	if (s && s->retired && !c->noted_retired) {
		c->noted_retired = true;
		fprintf(stderr, "snaplint: note: %s (%s) is retired and the setting naming it is ignored: %s\n",
		        s->retired->id, s->retired->name, s->retired->why);
	}
	if (c->noted || !s || !s->note)
		return;
	c->noted = true;
	fprintf(stderr, "snaplint: note: %s: SL101, SL106 and SL107 cannot be disabled or lowered "
	                "(an input that cannot be read or parsed always fails the run)\n",
	        s->note);
}

/* The settings for a file: those of its directory, computed once per directory in a
 * row.  NULL after a configuration error (said on stderr): the run ends with exit 2. */
static const sl_settings *settings_for(cli *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + (slash == path) : 1;
	const char *dir = slash ? path : ".";
	if (!strcmp(path, "-") && !c->stdin_name)
		dir = ".", n = 1;
	if (c->dir && strlen(c->dir) == n && !strncmp(c->dir, dir, n))
		return c->dir_settings;
	free(c->dir);
	sl_settings_free(c->dir_settings);
	c->dir = strndup(dir, n);
	char *error = NULL;
	c->dir_settings = c->dir ? sl_settings_for(&c->config, c->dir, &error) : NULL;
	if (!c->dir_settings) {
		fprintf(stderr, "snaplint: %s\n", error ? error : "out of memory");
		free(error);
		c->config_failed = true;
	}
	note_protected(c, c->dir_settings);
	return c->dir_settings;
}

/* The walker asks before each document: the options its directory's settings give
 * (false, and the walk stops, after a configuration error). */
static bool options_for(void *ctx, const char *path, sl_options *opt)
{
	const sl_settings *s = settings_for(ctx, path);
	if (!s)
		return false;
	opt->mode = s->mode;
	opt->limits.max_depth = s->max_depth;
	opt->limits.max_token = s->max_token;
	opt->no_inline_config = s->rules.no_inline_config;
	return true;
}

/* The index of an exclude pattern in the run's list (added when new), or SIZE_MAX. */
static size_t pattern_index(cli *c, const sl_exclude_rule *x)
{
	size_t lw = strlen(x->where), lg = strlen(x->glob);
	for (size_t i = 0; i < c->npatterns; i++)
		if (!strcmp(c->patterns[i], x->where) && !strcmp(c->patterns[i] + lw + 1, x->glob))
			return i;
	bool grown = sl_grow((void **)&c->patterns, &c->cappatterns, c->npatterns, sizeof *c->patterns) &&
	             sl_grow((void **)&c->matched, &c->capmatched, c->npatterns, sizeof *c->matched);
	char *key = grown ? malloc(lw + lg + 2) : NULL;
	if (!key)
		return SIZE_MAX;
	memcpy(key, x->where, lw + 1);
	memcpy(key + lw + 1, x->glob, lg + 1);
	c->patterns[c->npatterns] = key;
	c->matched[c->npatterns] = false;
	return c->npatterns++;
}

/* The walker asks about each operand and entry: the exclude patterns of the settings
 * that apply there (the nearest .snaplintrc's, the user's, the command line's). */
static bool excluded(void *ctx, const char *path, const char *name, const char *abs)
{
	cli *c = ctx;
	const sl_settings *s = settings_for(c, path);
	if (!s) { /* a configuration error: the walk stops */
		c->walk->stop = true;
		return true;
	}
	bool any = false;
	for (size_t i = 0; i < s->nexclude; i++) {
		const sl_exclude_rule *x = &s->exclude[i];
		size_t k = pattern_index(c, x);
		if (!sl_exclude_match(x->glob, x->base, name, abs))
			continue;
		any = true;
		if (k != SIZE_MAX)
			c->matched[k] = true;
	}
	return any;
}

/* A pattern that matched nothing in this run is probably a mistake: a note each (when
 * `say`: not after a configuration error).  Frees the list. */
static void note_unused_patterns(cli *c, bool say)
{
	for (size_t i = 0; i < c->npatterns; i++) {
		const char *where = c->patterns[i], *glob = where + strlen(where) + 1;
		if (say && !c->matched[i])
			fprintf(stderr, "snaplint: note: %s: exclude pattern '%s' matched nothing\n",
			        where, glob);
		free(c->patterns[i]);
	}
	free(c->patterns);
	free(c->matched);
}

/* Every input's findings go through its directory's rule settings (the core's findings.c), then to
 * every report. */
static void on_result(void *ctx, const sl_result *r)
{
	cli *c = ctx;
	sl_result full = *r;
	sl_findings f;
	const sl_diag **ptrs = NULL;
	full.nfindings = 0;
	const sl_settings *s = settings_for(c, r->path);
	if (!s) { /* no settings for this file: the run ends here */
		c->walk->stop = true;
		return;
	}
	if (sl_result_findings(r, &s->rules, &f)) {
		ptrs = malloc((f.n + 1) * sizeof *ptrs);
		for (size_t i = 0; ptrs && i < f.n; i++)
			ptrs[i] = &f.d[i];
		full.nfindings = ptrs ? f.n : 0;
	}
	full.findings = ptrs;
	for (size_t i = 0; i < c->nouts; i++)
		sl_report_result(&c->outs[i].rep, &full);
	sl_findings_free(&f);
	free(ptrs);
}

/* Colour for the text formats: --color, else a terminal without NO_COLOR or TERM=dumb. */
static bool want_color(const cli *c, const sl_output *o)
{
	if (o->rep.format != SL_FMT_TEXT && o->rep.format != SL_FMT_GCC)
		return false;
	if (c->run->color != SL_COLOR_AUTO)
		return c->run->color == SL_COLOR_ALWAYS;
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	return !o->path && isatty(STDOUT_FILENO) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

/* The temporary report files, for the signal handler.  Changed only with the signals
 * blocked (outputs_lock), so the handler always sees a consistent list. */
static char *temps[SL_MAX_OUTPUTS];
static volatile sig_atomic_t ntemps;
static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

/* SIGINT, SIGTERM, SIGHUP, SIGPIPE: the temporary files are removed, then the signal
 * takes its default course (SA_RESETHAND), so the caller sees how the run ended. */
static void on_fatal_signal(int sig)
{
	for (sig_atomic_t i = 0; i < ntemps; i++)
		unlink(temps[i]);
	raise(sig);
}

/* Installs the handler for the signals not ignored on entry (nohup keeps its meaning). */
static void catch_signals(void)
{
	struct sigaction sa = {.sa_handler = on_fatal_signal, .sa_flags = SA_RESETHAND};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
		struct sigaction old;
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(fatal_signals[i], &sa, NULL);
	}
}

/* Blocks (true) or unblocks (false) the fatal signals around changes to `temps`. */
static void outputs_lock(bool lock)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(lock ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* Removes `tmp` from the handler's list; called with the signals blocked. */
static void forget_temp(const char *tmp)
{
	for (sig_atomic_t i = 0; i < ntemps; i++)
		if (temps[i] == tmp) {
			temps[i] = temps[ntemps - 1];
			ntemps--;
			return;
		}
}

/* The file a report path names, its symlinks followed (a dangling one too), so that
 * the report replaces the link's target and the link stays.  Caller frees; NULL with
 * errno set when it cannot be resolved. */
static char *follow_links(const char *path)
{
	char *p = strdup(path);
	for (int hops = 0; p && hops < 40; hops++) {
		struct stat sb;
		char target[PATH_MAX];
		ssize_t n;
		if (lstat(p, &sb) != 0 || !S_ISLNK(sb.st_mode))
			return p;
		if ((n = readlink(p, target, sizeof target - 1)) < 0)
			break;
		target[n] = '\0';
		const char *slash = strrchr(p, '/');
		size_t dirlen = target[0] == '/' || !slash ? 0 : (size_t)(slash - p) + 1;
		char *next = malloc(dirlen + (size_t)n + 1);
		if (next) {
			memcpy(next, p, dirlen);
			memcpy(next + dirlen, target, (size_t)n + 1);
		}
		free(p);
		p = next;
	}
	if (p)
		errno = ELOOP;
	free(p);
	return NULL;
}

/* Is the report path written in place rather than replaced: a FIFO, a terminal, a
 * device, or anything under /dev or /proc (/dev/stdout may lead to a file the shell
 * opened for appending: never replaced)? */
static bool in_place(const char *path)
{
	struct stat sb;
	if (!strncmp(path, "/dev/", 5) || !strncmp(path, "/proc/", 6))
		return true;
	return stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
}

/* Creates the temporary file beside `o->dest`: the mode of the file it replaces, else
 * 0666 less the umask (mkstemp alone would give 0600). */
static int make_temp(sl_output *o, mode_t umask_bits)
{
	const char *slash = strrchr(o->dest, '/');
	int dirlen = slash ? (int)(slash - o->dest + 1) : 0;
	size_t size = strlen(o->dest) + 16;
	struct stat sb;
	if (!(o->tmp = malloc(size)))
		return -1;
	snprintf(o->tmp, size, "%.*s.%s.XXXXXX", dirlen, o->dest, o->dest + dirlen);
	outputs_lock(true);
	int fd = mkstemp(o->tmp);
	if (fd >= 0)
		temps[ntemps++] = o->tmp;
	outputs_lock(false);
	if (fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	bool exists = stat(o->dest, &sb) == 0 && S_ISREG(sb.st_mode);
	(void)fchmod(fd, exists ? sb.st_mode & 07777 : 0666 & ~umask_bits);
	return fd;
}

/* Opens one report file; false (errno set) when it cannot be. */
static bool open_report(sl_output *o, mode_t umask_bits)
{
	if (in_place(o->path)) /* written in place, never replaced */
		return (o->rep.out = fopen(o->path, "w")) != NULL;
	int fd = (o->dest = follow_links(o->path)) ? make_temp(o, umask_bits) : -1;
	if (fd >= 0 && !(o->rep.out = fdopen(fd, "w")))
		close(fd);
	return o->rep.out != NULL;
}

/* Opens every report: stdout, or a temporary file beside its destination.  False when
 * one cannot be opened (said on stderr); the caller then discards them all. */
static bool open_outputs(cli *c, mode_t umask_bits)
{
	for (size_t i = 0; i < c->nouts; i++) {
		sl_output *o = &c->outs[i];
		o->rep.fail_level = c->run->fail_level;
		o->rep.color = want_color(c, o);
		if (!o->path) {
			o->rep.out = stdout;
			continue;
		}
		if (!open_report(o, umask_bits)) {
			fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
			return false;
		}
	}
	return true;
}

/* Closes and removes the temporary files of a run that ends early: nothing is renamed
 * into place, nothing is left behind. */
static void discard_outputs(cli *c)
{
	for (size_t i = 0; i < c->nouts; i++) {
		sl_output *o = &c->outs[i];
		if (o->rep.out && o->rep.out != stdout)
			fclose(o->rep.out);
		if (o->tmp) {
			outputs_lock(true);
			unlink(o->tmp);
			forget_temp(o->tmp);
			outputs_lock(false);
		}
		free(o->tmp);
		free(o->dest);
		o->tmp = o->dest = NULL;
		o->rep.out = NULL;
	}
}

/* Finishes every report; files are renamed into place only when completely written.
 * Returns false when one could not be written. */
static bool close_outputs(cli *c, size_t skipped)
{
	bool ok = true;
	for (size_t i = 0; i < c->nouts; i++) {
		sl_output *o = &c->outs[i];
		sl_report_end(&o->rep, skipped);
		if (!o->path) {
			if (fflush(stdout) != 0 || ferror(stdout)) {
				perror("snaplint: writing the report");
				ok = false;
			}
			continue;
		}
		bool written = fflush(o->rep.out) == 0 && !ferror(o->rep.out);
		written &= fclose(o->rep.out) == 0;
		o->rep.out = NULL;
		if (!o->tmp) {
			if (!written) {
				fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
				ok = false;
			}
			continue;
		}
		outputs_lock(true);
		if (!written || rename(o->tmp, o->dest) != 0) {
			fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
			unlink(o->tmp);
			ok = false;
		}
		forget_temp(o->tmp);
		outputs_lock(false);
		free(o->tmp);
		free(o->dest);
		o->tmp = o->dest = NULL;
	}
	return ok;
}

/* Is `path` the file sb describes (after following symlinks)? */
static bool same_file(const char *path, const struct stat *sb)
{
	struct stat other;
	return path && stat(path, &other) == 0 && other.st_dev == sb->st_dev &&
	       other.st_ino == sb->st_ino;
}

/* A report file that is also an input would replace it: which input, or NULL; *how
 * says how it is read (words before the input's name).  Compared by device and
 * inode after following symlinks, before anything is opened. */
static const char *output_input(const cli *c, const sl_walk_opts *w, const sl_output *o,
                                char **operands, int n, const char **how)
{
	struct stat sb, op;
	*how = "the input ";
	if (!o->path || stat(o->path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return NULL; /* a new file, or one written in place */
	for (int i = 0; i < n; i++) {
		if (!sl_walk_reads(w, operands[i], sb.st_dev, sb.st_ino))
			continue;
		if (!strcmp(operands[i], "-")) {
			*how = "";
			return "standard input";
		}
		if (stat(operands[i], &op) == 0 && S_ISDIR(op.st_mode))
			*how = "a document read from ";
		else if (!same_file(operands[i], &sb))
			*how = "a document read with --group beside ";
		return operands[i];
	}
	if (n == 0 && sl_walk_reads(w, "-", sb.st_dev, sb.st_ino)) {
		*how = "";
		return "standard input";
	}
	if (same_file(c->domain_xml, &sb))
		return c->domain_xml;
	if (same_file(c->config.explicit_file, &sb))
		return c->config.explicit_file;
	return NULL;
}

/* Refuses (false, said on stderr) reports that would replace an input. */
static bool outputs_safe(const cli *c, const sl_walk_opts *w, char **operands, int n)
{
	for (size_t i = 0; i < c->nouts; i++) {
		const char *how, *input = output_input(c, w, &c->outs[i], operands, n, &how);
		if (input) {
			fprintf(stderr, "snaplint: -o %s would replace %s%s; nothing was written\n",
			        c->outs[i].path, how, input);
			return false;
		}
	}
	return true;
}

/* Operands that cannot be right: an empty name, standard input twice. */
static void check_operands(char **operands, int n)
{
	int stdin_count = 0;
	for (int i = 0; i < n; i++) {
		if (!*operands[i])
			usage_error("an empty operand ('') names no file", NULL);
		stdin_count += !strcmp(operands[i], "-");
	}
	if (stdin_count > 1)
		usage_error("standard input ('-') can be read only once", NULL);
}

/* Checks every operand into the reports: none is opened when one would replace an
 * input; none is left half-written when the run stops early.  Returns the exit status. */
static int run(cli *c, sl_walk_opts *w, sl_doc *live, char **operands, int n,
               mode_t umask_bits)
{
	if (!outputs_safe(c, w, operands, n))
		return SL_EXIT_USAGE;
	catch_signals();
	if (!open_outputs(c, umask_bits)) {
		discard_outputs(c);
		return SL_EXIT_INPUT;
	}
	for (size_t i = 0; i < c->nouts; i++)
		sl_report_begin(&c->outs[i].rep);
	if (live) /* the --domain-xml file's own findings come first */
		sl_walk_checked(w, c->domain_xml, live);
	if (n == 0)
		sl_walk_operand(w, "-");
	for (int i = 0; i < n && !w->stop; i++)
		sl_walk_operand(w, operands[i]);
	sl_walk_done(w);
	note_unused_patterns(c, !c->config_failed);
	if (c->config_failed) {
		discard_outputs(c);
		return SL_EXIT_USAGE;
	}
	bool written = close_outputs(c, w->skipped);
	if (!c->quiet)
		sl_report_summary(&c->outs[0].rep, w->skipped);
	if (!written || w->status == SL_EXIT_INPUT)
		return SL_EXIT_INPUT;
	if (c->run->exit_zero && c->outs[0].rep.unparsed) {
		fputs("snaplint: note: --exit-zero does not apply: an input is not well-formed\n", stderr);
		return SL_EXIT_FINDINGS;
	}
	return c->outs[0].rep.failed && !c->run->exit_zero ? SL_EXIT_FINDINGS : SL_EXIT_OK;
}

/* The run's target libvirt (a run-wide setting) for the core and every report. */
static void set_target(cli *c)
{
	c->core.target_libvirt = c->run->target_libvirt;
	c->core.target_schema = sl_libvirt_schemas[c->run->target];
	for (size_t i = 0; i < c->nouts; i++) {
		c->outs[i].rep.target_libvirt = c->core.target_libvirt;
		c->outs[i].rep.target_schema = c->core.target_schema;
	}
}

int main(int argc, char **argv)
{
	cli c = {0};
	mode_t umask_bits = umask(0);
	umask(umask_bits);
	c.args = calloc((size_t)argc, sizeof *c.args); /* at most one per argument */
	if (!c.args) {
		perror("snaplint");
		return SL_EXIT_INPUT;
	}
	c.core.now = (long long)time(NULL);
	int first = parse_args(&c, argc, argv);
	check_operands(argv + first, argc - first);
	c.config.args = c.args, c.config.nargs = c.nargs;
	char *error = NULL;
	c.run = sl_settings_for(&c.config, ".", &error);
	if (!c.run && c.version && error) {
		/* --version still answers; it says what it could not read */
		fprintf(stderr, "snaplint: warning: %s; the version shows the default target\n",
		        error);
		free(error);
		print_version(NULL);
		free(c.args);
		return SL_EXIT_OK;
	}
	if (!c.run) {
		fprintf(stderr, "snaplint: %s\n", error ? error : "out of memory");
		free(error);
		free(c.args);
		return SL_EXIT_USAGE;
	}
	note_protected(&c, c.run);
	set_target(&c);
	int status = -1;
	if (c.version) {
		print_version(c.run);
		status = SL_EXIT_OK;
	} else if (c.print_config) {
		const sl_settings *s = settings_for(&c, c.print_config);
		if (s)
			sl_settings_print(s, stdout);
		status = s ? SL_EXIT_OK : SL_EXIT_USAGE;
	} else if (first == argc && isatty(STDIN_FILENO)) {
		print_usage(stderr);
		status = SL_EXIT_USAGE;
	}
	if (status < 0) {
		/* one engine of the generated tier for every document: it stays warm */
		c.core.dg_engine = dg_new(0, NULL, NULL);
		sl_doc *live = c.domain_xml ? load_domain(c.domain_xml, &c.core) : NULL;
		c.core.live = live;
		sl_walk_opts w = {.core = &c.core, .stdin_name = c.stdin_name, .group = c.run->group,
		                  .skip_other = c.run->skip_other,
		                  .excluded = excluded,
		                  .on_result = on_result, .options_for = options_for, .ctx = &c};
		c.walk = &w;
		status = run(&c, &w, live, argv + first, argc - first, umask_bits);
		sl_doc_free(live);
		dg_free(c.core.dg_engine);
	}
	sl_settings_free(c.run);
	sl_settings_free(c.dir_settings);
	free(c.dir);
	free(c.args);
	return status;
}
