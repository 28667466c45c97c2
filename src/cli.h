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

/* sl_result, sl_policy, sl_findings and the one findings path, sl_result_findings(),
 * are the core's (snaplint.h, src/findings.c): the CLI and the tests call the same code. */

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
	/* --target-libvirt as given and the schema set it selects (JSON, SARIF) */
	const char *target_libvirt, *target_schema;
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
