/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.h - settings: built-in defaults, configuration files (.snaplintrc) and the
 * command line, applied in that order as `key = value` pairs; and the per-file policy
 * (rules on or off, severities) the CLI applies to findings.  CLI only.
 */
#ifndef SL_CONFIG_H
#define SL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

typedef enum { SL_COLOR_AUTO, SL_COLOR_ALWAYS, SL_COLOR_NEVER } sl_color;

/* One exclude pattern: relative to the directory of the file that sets it (as a
 * .gitignore pattern is), or to the working directory on the command line. */
typedef struct sl_exclude_rule {
	char *glob;  /* as written */
	char *base;  /* that directory, absolute with symlinks resolved */
	char *where; /* "FILE:LINE" or "--exclude" */
} sl_exclude_rule;

/* Everything a configuration can set. */
typedef struct sl_settings {
	sl_policy rules; /* rules on or off, severities, inline suppressions */
	sl_mode mode;
	unsigned max_depth;
	size_t max_token;
	/* --target-libvirt: the release as given and the schema set it selects (an index
	 * into sl_libvirt_schemas); run-wide like fail-level */
	char target_libvirt[16];
	int target;
	/* run-wide: taken from the settings of the working directory */
	sl_severity fail_level;
	bool exit_zero;
	sl_color color;
	bool group, skip_other;
	sl_exclude_rule *exclude; /* owned */
	size_t nexclude;
	/* While a file or the command line is applied: the directory its exclude patterns
	 * are relative to and where they are written (for the note on unused ones). */
	const char *ctx_base, *ctx_where;
	char *source;   /* the project configuration file applied, or NULL (owned) */
	/* A setting tried to turn off or lower a protected rule (SL101, SL106, SL107): it
	 * was ignored for those rules; `note` says where, "FILE:LINE" or "--OPTION VALUE"
	 * (owned, the first one only). */
	bool kept_protected;
	char *note;
	/* A setting named a retired rule (rules.h): accepted, selecting nothing; the CLI
	 * notes it.  Static, the first one only. */
	const sl_retired_rule *retired;
} sl_settings;

/* One `key = value` from the command line, in order. */
typedef struct sl_setting_arg {
	const char *key, *value;
} sl_setting_arg;

/* How configuration files are found. */
typedef struct sl_config_opts {
	const char *explicit_file; /* --config FILE: only this one */
	bool none;                 /* --no-config */
	const sl_setting_arg *args; /* command-line settings, applied last */
	size_t nargs;
} sl_config_opts;

/* The settings for files in directory `dir` (".": the working directory): built-in
 * defaults, the user's configuration, the nearest .snaplintrc (searched from `dir`
 * upward, stopping after the directory that contains .git), then the command line.
 * Returns NULL and sets *error (malloc'ed, "FILE:LINE: ...") on a configuration error. */
sl_settings *sl_settings_for(const sl_config_opts *o, const char *dir, char **error);
void sl_settings_free(sl_settings *s);
/* Applies one pair; returns NULL or a static message describing what is wrong. */
const char *sl_settings_apply(sl_settings *s, const char *key, const char *value);
/* Did you mean: the rule id, name, category or "all" (only ids and names when
 * `rules_only`) closest to a misspelt `key`, or NULL. */
const char *sl_rule_suggest(const char *key, bool rules_only);
/* Prints the settings as a configuration file would write them. */
void sl_settings_print(const sl_settings *s, FILE *out);

#endif
