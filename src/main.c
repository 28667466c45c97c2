/* main.c - the command line: options, inputs, reporters, exit status.  The only file
 * that knows about argv and the only caller of exit().
 */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "cli.h"
#include "config.h"

static const char usage_text[] =
	"usage: snaplint [OPTIONS] [FILE|DIR|-]...\n"
	"\n"
	"Validates libvirt <domainsnapshot> and <domaincheckpoint> XML against libvirt's\n"
	"schemas.  Directories are searched recursively for *.xml; documents with another\n"
	"root element found there are skipped.  With no operand and a piped stdin, reads\n"
	"stdin.\n"
	"\n"
	"options:\n"
	"  -f, --format=FORMAT     text (default), gcc, json, sarif or github\n"
	"  -o, --output=FILE       write the report in the --format given before it to\n"
	"                          FILE (atomically); repeat --format/-o for several\n"
	"                          reports; a --format without -o goes to stdout\n"
	"      --color=WHEN        auto (default: on a terminal, unless NO_COLOR is set or\n"
	"                          TERM=dumb), always or never\n"
	"      --fail-level=LEVEL  error (default), warning or note: the lowest severity\n"
	"                          that makes the exit status 1\n"
	"      --exit-zero         findings never make the exit status 1\n"
	"      --enable=RULES      turn rules on: ids, names, categories or all (repeatable)\n"
	"      --disable=RULES     turn rules off (repeatable; later options win)\n"
	"      --severity=RULE=LEVEL  report RULE at LEVEL (repeatable)\n"
	"      --config=FILE       use only this configuration file\n"
	"      --no-config         use no configuration file\n"
	"      --print-config=FILE  print the settings that apply to FILE and exit\n"
	"      --no-inline-config  ignore <!-- snaplint-... --> suppression comments\n"
	"      --mode=MODE         auto (default), create, redefine or stored: the libvirt\n"
	"                          operation the documents are for; auto infers it\n"
	"                          (<active>: stored; <creationTime> or a full <domain>:\n"
	"                          redefine; otherwise create)\n"
	"      --domain-xml=FILE   the live domain definition (virsh dumpxml VM): create\n"
	"                          documents' disks are matched against its disks\n"
	"      --domain-state=STATE  running, paused or shutoff: the domain's state when\n"
	"                          a create document is used (the qemu driver's rules on\n"
	"                          memory, internal and external disks)\n"
	"      --disk-only         the document is for virsh snapshot-create --disk-only\n"
	"      --stdin-filename=NAME  the name reported for stdin\n"
	"      --exclude=GLOB      skip walked files and directories whose name or path\n"
	"                          matches GLOB (repeatable)\n"
	"      --group             check each named file together with the other documents\n"
	"                          of its directory (parents, names, current snapshot);\n"
	"                          directories given as operands always are\n"
	"      --skip-other        named files whose root is neither <domainsnapshot> nor\n"
	"                          <domaincheckpoint> are skipped, as in directories\n"
	"                          (for hooks that pass every *.xml file)\n"
	"      --max-depth=N       element nesting limit (default 256, like libvirt)\n"
	"      --max-token=BYTES   the longest tag, name, attribute value or comment\n"
	"                          (default 10000000); longer ones stop the document (exit 3)\n"
	"      --list-rules[=markdown]  print the rule catalogue\n"
	"      --explain=RULE      print a rule's documentation (id or name)\n"
	"  -q, --quiet             no summary line on stderr\n"
	"      --version           print the version, the libvirt schemas followed, the expat\n"
	"                          it runs with and which of its protections are on\n"
	"  -h, --help              print this help\n"
	"\n"
	"exit status:\n"
	"  0  no finding at or above the fail level\n"
	"  1  findings at or above the fail level\n"
	"  2  usage or configuration error (a bad option, configuration file or\n"
	"     --domain-xml)\n"
	"  3  an input could not be read, or a limit stopped the run\n"
	"\n"
	"Settings come from built-in defaults, then $XDG_CONFIG_HOME/snaplint/snaplintrc\n"
	"(or ~/.config/snaplint/snaplintrc), then the nearest .snaplintrc above each file\n"
	"(up to the directory holding .git), then the command line.\n";

/* One report: a format written to stdout or, atomically, to a file. */
typedef struct sl_output {
	sl_reporter rep;
	const char *path; /* -o FILE; NULL: stdout */
	char *tmp;        /* the temporary file written, renamed to path at the end */
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
	sl_options core;
	const char *stdin_name;
	bool group;
	bool skip_other;
	const char *domain_xml;
} cli;

static void usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "snaplint: %s%s%s\nTry 'snaplint --help'.\n", msg, arg ? ": " : "",
	        arg ? arg : "");
	exit(SL_EXIT_USAGE);
}

/* --version: snaplint's version, the libvirt schemas it follows, the expat it runs with
 * (not the one it was built against) and which of expat's protections are on. */
static void print_version(void)
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
	printf("snaplint %s\nlibvirt schemas: %s\nexpat: %s\nexpat protections:", SL_VERSION,
	       SL_LIBVIRT_SCHEMA_VERSION, expat);
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

static void explain(const char *key)
{
	sl_rule rule = sl_rule_find(key);
	if (rule == SL_RULE_COUNT)
		usage_error("unknown rule", key);
	const sl_rule_info *r = sl_rule_get(rule);
	printf("%s %s\ncategory: %s\nseverity: %s\nmessage: %s\nmirrors: %s\n\n%s", r->id, r->name,
	       sl_category_name(r->category), sl_severity_name(r->severity), r->tmpl, r->mirrors,
	       r->doc);
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
	add_output(c, c->pending ? c->pending_format : SL_FMT_TEXT, path);
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

enum { OPT_FAIL = 256, OPT_STDIN_NAME, OPT_DEPTH, OPT_LIST, OPT_EXPLAIN, OPT_VERSION, OPT_GROUP,
       OPT_EXCLUDE, OPT_MODE, OPT_DOMAIN_XML, OPT_SKIP_OTHER, OPT_TOKEN, OPT_COLOR, OPT_ENABLE, OPT_DISABLE, OPT_SEVERITY,
       OPT_EXIT_ZERO, OPT_CONFIG, OPT_NO_CONFIG, OPT_PRINT_CONFIG, OPT_NO_INLINE,
       OPT_STATE, OPT_DISK_ONLY };

/* Parses options; returns the index of the first operand. */
static int parse_args(cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"color", required_argument, NULL, OPT_COLOR},
		{"enable", required_argument, NULL, OPT_ENABLE},
		{"disable", required_argument, NULL, OPT_DISABLE},
		{"severity", required_argument, NULL, OPT_SEVERITY},
		{"exit-zero", no_argument, NULL, OPT_EXIT_ZERO},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"no-config", no_argument, NULL, OPT_NO_CONFIG},
		{"print-config", required_argument, NULL, OPT_PRINT_CONFIG},
		{"no-inline-config", no_argument, NULL, OPT_NO_INLINE},
		{"fail-level", required_argument, NULL, OPT_FAIL},
		{"stdin-filename", required_argument, NULL, OPT_STDIN_NAME},
		{"group", no_argument, NULL, OPT_GROUP},
		{"skip-other", no_argument, NULL, OPT_SKIP_OTHER},
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"mode", required_argument, NULL, OPT_MODE},
		{"domain-xml", required_argument, NULL, OPT_DOMAIN_XML},
		{"domain-state", required_argument, NULL, OPT_STATE},
		{"disk-only", no_argument, NULL, OPT_DISK_ONLY},
		{"max-depth", required_argument, NULL, OPT_DEPTH},
		{"max-token", required_argument, NULL, OPT_TOKEN},
		{"list-rules", optional_argument, NULL, OPT_LIST},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, OPT_VERSION},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int ch;
	while ((ch = getopt_long(argc, argv, "f:o:qh", longs, NULL)) != -1) {
		switch (ch) {
		case 'f': on_format(c, optarg); break;
		case 'o': on_output(c, optarg); break;
		case OPT_COLOR: setting(c, "color", optarg); break;
		case OPT_FAIL: setting(c, "fail-level", optarg); break;
		case OPT_ENABLE: setting(c, "enable", optarg); break;
		case OPT_DISABLE: setting(c, "disable", optarg); break;
		case OPT_SEVERITY: setting(c, "severity", optarg); break;
		case OPT_EXIT_ZERO: setting(c, "exit-zero", "true"); break;
		case OPT_NO_INLINE: setting(c, "inline-config", "false"); break;
		case OPT_CONFIG: c->config.explicit_file = optarg; break;
		case OPT_NO_CONFIG: c->config.none = true; break;
		case OPT_PRINT_CONFIG: c->print_config = optarg; break;
		case OPT_STDIN_NAME: c->stdin_name = optarg; break;
		case OPT_GROUP: setting(c, "group", "true"); break;
		case OPT_SKIP_OTHER: setting(c, "skip-other", "true"); break;
		case OPT_EXCLUDE: setting(c, "exclude", optarg); break;
		case OPT_MODE: setting(c, "mode", optarg); break;
		case OPT_DOMAIN_XML: c->domain_xml = optarg; break;
		case OPT_STATE: c->core.domain_state = parse_state(optarg); break;
		case OPT_DISK_ONLY: c->core.disk_only = true; break;
		case OPT_DEPTH: setting(c, "max-depth", optarg); break;
		case OPT_TOKEN: setting(c, "max-token", optarg); break;
		case OPT_LIST: list_rules(optarg); exit(SL_EXIT_OK);
		case OPT_EXPLAIN: explain(optarg); exit(SL_EXIT_OK);
		case 'q': c->quiet = true; break;
		case OPT_VERSION: print_version(); exit(SL_EXIT_OK);
		case 'h': fputs(usage_text, stdout); exit(SL_EXIT_OK);
		default: fputs("Try 'snaplint --help'.\n", stderr); exit(SL_EXIT_USAGE);
		}
	}
	if (c->pending || !c->nouts)
		add_output(c, c->pending ? c->pending_format : SL_FMT_TEXT, NULL);
	return optind;
}

/* Reads --domain-xml: a well-formed, valid-enough <domain> or a configuration error
 * (exit 2) listing what is wrong with it. */
static sl_doc *load_domain(const char *path)
{
	sl_options opt = {.domain_root = true, .other_root_is_error = true};
	sl_doc *doc = sl_load_file(path, &opt);
	if (!doc) {
		fprintf(stderr, "snaplint: --domain-xml %s: cannot read it\n", path);
		exit(SL_EXIT_INPUT);
	}
	bool bad = sl_doc_kind(doc) != SL_KIND_DOMAIN;
	for (size_t i = 0; i < sl_doc_ndiags(doc); i++) {
		const sl_diag *d = sl_doc_diag(doc, i);
		if (d->severity == SL_SEV_ERROR) {
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

/* The settings for a file: those of its directory, computed once per directory in a
 * row.  A configuration error ends the run (exit 2). */
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
		exit(SL_EXIT_USAGE);
	}
	return c->dir_settings;
}

/* The walker asks before each document: the options its directory's settings give. */
static void options_for(void *ctx, const char *path, sl_options *opt)
{
	const sl_settings *s = settings_for(ctx, path);
	opt->mode = s->mode;
	opt->limits.max_depth = s->max_depth;
	opt->limits.max_token = s->max_token;
	opt->no_inline_config = s->no_inline_config;
}

/* Merges the unused-suppression findings `u` (sorted) into out[0..k) (sorted), the
 * earlier list first at equal positions; `out` has room for both. */
static size_t merge(sl_diag *out, size_t k, const sl_diag *u, size_t nu)
{
	size_t i = k, j = nu, w = k + nu;
	while (j > 0) {
		const sl_diag *a = i ? &out[i - 1] : NULL, *b = &u[j - 1];
		bool take_b = !a || b->line > a->line || (b->line == a->line && b->column >= a->column);
		out[--w] = take_b ? u[--j] : out[--i];
	}
	return k + nu;
}

/* The findings to report: disabled rules and inline suppressions dropped, severities as
 * configured, unused suppressions added.  Returns copies (caller frees). */
static sl_diag *filter(cli *c, const sl_result *r, const sl_diag *const *all, size_t n,
                       size_t *count)
{
	const sl_settings *s = settings_for(c, r->path);
	const sl_diag *unused = NULL;
	size_t nunused = 0;
	bool inline_ok = r->doc && !s->no_inline_config;
	sl_diag *out = malloc((n + 1) * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; out && i < n; i++) {
		const sl_diag *d = all[i];
		if (s->off[d->rule] ||
		    (inline_ok && sl_doc_suppresses(r->doc, d->rule, d->line, d->column)))
			continue;
		out[k] = *d;
		if (s->sev[d->rule] >= 0)
			out[k].severity = (sl_severity)s->sev[d->rule];
		k++;
	}
	if (inline_ok)
		nunused = sl_doc_unused_suppressions(r->doc, &unused);
	if (out && nunused && !s->off[SL_R_SL505]) {
		sl_diag *more = realloc(out, (k + nunused) * sizeof *out);
		if (more) {
			out = more;
			k = merge(out, k, unused, nunused);
			for (size_t i = 0; i < k && s->sev[SL_R_SL505] >= 0; i++)
				if (out[i].rule == SL_R_SL505)
					out[i].severity = (sl_severity)s->sev[SL_R_SL505];
		}
	}
	*count = out ? k : 0;
	return out;
}

static void on_result(void *ctx, const sl_result *r)
{
	cli *c = ctx;
	sl_result full = *r;
	const sl_diag **all = NULL, **ptrs = NULL;
	sl_diag *kept = NULL;
	size_t n = 0;
	full.nfindings = 0;
	if (!r->error && !r->special) {
		all = sl_result_collect(r, &n);
		kept = filter(c, r, all, n, &full.nfindings);
		ptrs = malloc((full.nfindings + 1) * sizeof *ptrs);
		for (size_t i = 0; ptrs && i < full.nfindings; i++)
			ptrs[i] = &kept[i];
		if (!ptrs)
			full.nfindings = 0;
	}
	full.findings = ptrs;
	for (size_t i = 0; i < c->nouts; i++)
		sl_report_result(&c->outs[i].rep, &full);
	free(all);
	free(kept);
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

/* Opens every report: stdout, or a temporary file beside its destination. */
static void open_outputs(cli *c)
{
	for (size_t i = 0; i < c->nouts; i++) {
		sl_output *o = &c->outs[i];
		o->rep.fail_level = c->run->fail_level;
		o->rep.color = want_color(c, o);
		if (!o->path) {
			o->rep.out = stdout;
			continue;
		}
		struct stat sb;
		if (stat(o->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			/* /dev/stdout, a FIFO, a terminal: written in place, never replaced */
			if (!(o->rep.out = fopen(o->path, "w"))) {
				fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
				exit(SL_EXIT_INPUT);
			}
			continue;
		}
		const char *slash = strrchr(o->path, '/');
		int dirlen = slash ? (int)(slash - o->path + 1) : 0;
		size_t size = strlen(o->path) + 16;
		o->tmp = malloc(size);
		int fd = -1;
		if (o->tmp) {
			snprintf(o->tmp, size, "%.*s.%s.XXXXXX", dirlen, o->path, o->path + dirlen);
			fd = mkstemp(o->tmp);
		}
		if (fd < 0 || !(o->rep.out = fdopen(fd, "w"))) {
			fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
			exit(SL_EXIT_INPUT);
		}
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
		if (!o->tmp) {
			if (!written) {
				fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
				ok = false;
			}
			continue;
		}
		if (!written || rename(o->tmp, o->path) != 0) {
			fprintf(stderr, "snaplint: -o %s: %s\n", o->path, strerror(errno));
			unlink(o->tmp);
			ok = false;
		}
		free(o->tmp);
	}
	return ok;
}

int main(int argc, char **argv)
{
	cli c = {0};
	c.args = calloc((size_t)argc, sizeof *c.args); /* at most one per argument */
	if (!c.args) {
		perror("snaplint");
		return SL_EXIT_INPUT;
	}
	c.core.now = (long long)time(NULL);
	int first = parse_args(&c, argc, argv);
	c.config.args = c.args, c.config.nargs = c.nargs;
	char *error = NULL;
	c.run = sl_settings_for(&c.config, ".", &error);
	if (!c.run) {
		fprintf(stderr, "snaplint: %s\n", error ? error : "out of memory");
		free(error);
		free(c.args);
		return SL_EXIT_USAGE;
	}
	int early = -1;
	if (c.print_config) {
		sl_settings_print(settings_for(&c, c.print_config), stdout);
		early = SL_EXIT_OK;
	} else if (first == argc && isatty(STDIN_FILENO)) {
		fputs(usage_text, stderr);
		early = SL_EXIT_USAGE;
	}
	if (early >= 0) {
		sl_settings_free(c.run);
		sl_settings_free(c.dir_settings);
		free(c.dir);
		free(c.args);
		return early;
	}
	sl_doc *live = c.domain_xml ? load_domain(c.domain_xml) : NULL;
	c.core.live = live;
	sl_walk_opts w = {.core = &c.core, .stdin_name = c.stdin_name, .group = c.run->group,
	                  .skip_other = c.run->skip_other,
	                  .exclude = (const char **)c.run->exclude, .nexclude = c.run->nexclude,
	                  .on_result = on_result, .options_for = options_for, .ctx = &c};
	open_outputs(&c);
	for (size_t i = 0; i < c.nouts; i++)
		sl_report_begin(&c.outs[i].rep);
	if (first == argc)
		sl_walk_operand(&w, "-");
	for (int i = first; i < argc; i++)
		sl_walk_operand(&w, argv[i]);
	sl_walk_done(&w);
	sl_doc_free(live);
	bool written = close_outputs(&c, w.skipped);
	if (!c.quiet)
		sl_report_summary(&c.outs[0].rep, w.skipped);
	bool exit_zero = c.run->exit_zero;
	sl_settings_free(c.run);
	sl_settings_free(c.dir_settings);
	free(c.dir);
	free(c.args);
	if (!written || w.status == SL_EXIT_INPUT)
		return SL_EXIT_INPUT;
	return c.outs[0].rep.failed && !exit_zero ? SL_EXIT_FINDINGS : SL_EXIT_OK;
}
