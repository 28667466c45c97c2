/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cli.h - what the command-line stages share: inputs, results, reporters.
 * Only the CLI (main.c, walk.c, report.c) includes it; the core never does I/O.
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stdio.h>
#include <sys/types.h>

#include "snaplint.h"

/* Exit statuses, documented in --help and the README. */
enum {
	SL_EXIT_OK = 0,       /* no finding at or above the fail level */
	SL_EXIT_FINDINGS = 1, /* findings at or above the fail level */
	SL_EXIT_USAGE = 2,    /* usage or configuration error */
	SL_EXIT_INPUT = 3     /* an input could not be read, or a limit stopped the run */
};

typedef enum { SL_FMT_TEXT, SL_FMT_GCC, SL_FMT_JSON, SL_FMT_SARIF, SL_FMT_GITHUB } sl_format;

/* One checked input, as the reporters see it. */
typedef struct sl_result {
	const char *path;    /* as given or as found by the walk; "-" or --stdin-filename */
	sl_doc *doc;         /* NULL when the input could not be read at all */
	const char *error;   /* why it could not be read, or NULL */
	const sl_tree *tree; /* cross-document findings, or NULL */
	size_t tree_index;
	const char *special; /* a FIFO, device or socket found by the walk: skipped */
	/* The findings to report, in position order: filled by the CLI (main.c) from the
	 * document's and the tree's findings before any reporter sees the result. */
	const sl_diag *const *findings;
	size_t nfindings;
} sl_result;

/* The document's and the cross-document stage's findings of `r`, merged by position
 * (the document's first at equal positions).  The caller frees the array (not the
 * findings); NULL with *count 0 when there are none or memory ran out. */
const sl_diag **sl_result_collect(const sl_result *r, size_t *count);

/* The rule settings every finding goes through: the part of the configuration
 * (config.h) that decides what is reported. */
typedef struct sl_policy {
	bool off[SL_RULE_COUNT];        /* disabled rules */
	signed char sev[SL_RULE_COUNT]; /* severity override, or -1 */
	bool no_inline_config;          /* suppression comments ignored */
} sl_policy;

/* Rules that say an input could not be read or parsed (SL101 not well-formed, SL106
 * a limit, SL107 unreadable): never turned off and never reported below error,
 * whatever the policy says, so that nothing silences a document that does not parse. */
bool sl_rule_protected(sl_rule rule);

/* The findings of one input as reported: copies, owned by the caller. */
typedef struct sl_findings {
	sl_diag *d;
	size_t n;
	char *text; /* the message of an input-level finding (SL107, SL108), owned */
} sl_findings;

/* The one path from raw findings to reported ones, for every input: an unreadable input
 * gives one SL107 finding and a special file one SL108 (line 0); a document gives its
 * own and its cross-document findings.  Each goes through the policy (rule off,
 * severity, inline suppressions); unused suppressions are added (SL505).  False when
 * memory ran out (out is then empty). */
bool sl_result_findings(const sl_result *r, const sl_policy *p, sl_findings *out);
void sl_findings_free(sl_findings *f);

typedef struct sl_walk_opts {
	const sl_options *core;
	const char *stdin_name;
	bool group;     /* --group: check named files with their directory's documents */
	bool skip_other; /* --skip-other: named files with another root are skipped too */
	/* Is this operand or walked entry excluded (may be NULL)?  `path` as given or found,
	 * `name` its last component, `abs` its absolute path (directory symlinks resolved,
	 * the name kept). */
	bool (*excluded)(void *ctx, const char *path, const char *name, const char *abs);
	/* Called before each document is read (may be NULL): adjusts the options for it.
	 * False when there are none (a configuration error): the walk stops. */
	bool (*options_for)(void *ctx, const char *path, sl_options *opt);
	/* Called for every document; owns nothing past the call. */
	void (*on_result)(void *ctx, const sl_result *r);
	void *ctx;
	size_t skipped; /* other root elements found by the walk */
	size_t files;   /* documents reported */
	int status;     /* SL_EXIT_INPUT when some input could not be read */
	bool stop;      /* set to end the walk early: no further document is read */
	struct sl_dirscan *cache; /* --group: the last directory scanned */
} sl_walk_opts;

/* Does an exclude pattern match?  A pattern without '/' matches a name at any depth; one
 * with '/' (a leading "/" or "./" is dropped, a trailing "/" ignored) matches the path
 * relative to `base`, its directory (absolute), like a .gitignore pattern; an absolute
 * pattern also matches the absolute path. */
bool sl_exclude_match(const char *glob, const char *base, const char *name, const char *abs);

/* Reads and checks one file with the given options; NULL when it cannot be opened. */
sl_doc *sl_load_file(const char *path, const sl_options *opt);

/* Checks one command-line operand: a file, a directory (recursively, *.xml, with the
 * cross-document checks per directory), or "-". */
void sl_walk_operand(sl_walk_opts *w, const char *operand);
/* Would checking `operand` read the file (dev, ino) (stdin for "-"; a walked directory's
 * documents; with --group, the named file's directory)?  Reads nothing. */
bool sl_walk_reads(const sl_walk_opts *w, const char *operand, dev_t dev, ino_t ino);
/* Reports a document checked elsewhere (the --domain-xml file) as a result of its own,
 * like a named file; `doc` stays the caller's. */
void sl_walk_checked(sl_walk_opts *w, const char *path, sl_doc *doc);
/* Releases what --group keeps between operands of one directory. */
void sl_walk_done(sl_walk_opts *w);

/* The source line under a finding (text format), read back from a regular file. */
#define SL_EXCERPT_MAX 512
typedef struct sl_excerpt {
	FILE *f;            /* NULL: no excerpts for this input (stdin, a pipe...) */
	unsigned long line; /* the line the reader is at */
	long line_start;    /* its byte offset */
	unsigned long mark_index; /* a character of that line already passed (0: none)... */
	long mark_offset;   /* ...and its byte offset, where the next excerpt can start */
} sl_excerpt;

bool sl_excerpt_open(sl_excerpt *x, const char *path);
void sl_excerpt_close(sl_excerpt *x);
/* The text of `line` around column `col` (tabs kept, control bytes as '?', "..." where
 * cut) and a caret line whose '^' sits under the column; both SL_EXCERPT_MAX bytes.
 * False when the line cannot be read. */
bool sl_excerpt_get(sl_excerpt *x, unsigned long line, unsigned long col, char *text,
                    char *caret);

/* Reporters: begin once, one call per result, end once.  One per report: several
 * formats may be written in one run (--format/-o pairs). */
typedef struct sl_sarif_note sl_sarif_note;
typedef struct sl_reporter {
	sl_format format;
	FILE *out;
	sl_severity fail_level;
	bool quiet;       /* the summary line is written by the first reporter unless quiet */
	bool color;       /* ANSI colours (text and gcc formats) */
	size_t counts[3]; /* per severity */
	size_t files;
	size_t nresults;  /* results written (JSON separators) */
	bool failed;      /* a finding at or above the fail level */
	bool unparsed;    /* an SL101 finding: a document is not well-formed */
	bool input_error; /* an input could not be read (SARIF executionSuccessful) */
	sl_sarif_note *notes; /* SARIF: unreadable and skipped inputs, for the invocation */
	size_t nnotes, capnotes;
	size_t sarif_results; /* SARIF results written (separators) */
} sl_reporter;

void sl_report_begin(sl_reporter *rep);
void sl_report_result(sl_reporter *rep, const sl_result *r);
void sl_report_end(sl_reporter *rep, size_t skipped);
/* Writes the one-line summary on stderr. */
void sl_report_summary(const sl_reporter *rep, size_t skipped);

/* The format-specific writers (report_json.c, report_sarif.c, report_github.c). */
void sl_json_str(FILE *out, const char *s);
void sl_json_begin(sl_reporter *rep);
void sl_json_result(sl_reporter *rep, const sl_result *r);
void sl_json_end(sl_reporter *rep, size_t skipped);
void sl_sarif_begin(sl_reporter *rep);
void sl_sarif_result(sl_reporter *rep, const sl_result *r);
void sl_sarif_end(sl_reporter *rep);
void sl_github_result(sl_reporter *rep, const sl_result *r);

#endif
