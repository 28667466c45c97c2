/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.c - settings from configuration files and the command line.
 *
 * A configuration file is lines of `key = value`; `#` starts a comment; list values are
 * comma-separated and list keys accumulate.  The keys, their defaults and their order
 * in --print-config are defined once, with the options that set them, in settings.def.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "suggest.h"


void sl_settings_free(sl_settings *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nexclude; i++)
		free(s->exclude[i].glob), free(s->exclude[i].base), free(s->exclude[i].where);
	free(s->exclude);
	free(s->source);
	free(s->note);
	free(s);
}

static sl_settings *copy(const sl_settings *from)
{
	sl_settings *s = malloc(sizeof *s);
	if (!s)
		return NULL;
	*s = *from;
	s->exclude = s->nexclude ? calloc(s->nexclude, sizeof *s->exclude) : NULL;
	s->source = from->source ? strdup(from->source) : NULL;
	s->note = from->note ? strdup(from->note) : NULL;
	for (size_t i = 0; i < s->nexclude && s->exclude; i++) {
		const sl_exclude_rule *x = &from->exclude[i];
		s->exclude[i] = (sl_exclude_rule){strdup(x->glob), strdup(x->base), strdup(x->where)};
	}
	if (!s->exclude)
		s->nexclude = 0;
	s->ctx_base = s->ctx_where = NULL;
	return s;
}

/* ---- values ---- */

static bool parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		return *out = true, true;
	if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		return *out = false, true;
	return false;
}

static int parse_severity(const char *v)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(v, sl_severity_name((sl_severity)i)))
			return i;
	return -1;
}

static bool parse_number(const char *v, unsigned long long lo, unsigned long long hi,
                         unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

/* A rule selector: an id, a name, a category, or "all".  Sets sel[] and returns true. */
static bool select_rules(const char *v, bool sel[SL_RULE_COUNT])
{
	bool all = !strcasecmp(v, "all"), any = false;
	for (unsigned i = 0; i < SL_RULE_COUNT; i++) {
		const sl_rule_info *r = sl_rule_get((sl_rule)i);
		sel[i] = all || !strcmp(v, sl_category_name(r->category)) || !strcasecmp(v, r->id) ||
		         !strcmp(v, r->name);
		any |= sel[i];
	}
	return any;
}

const char *sl_rule_suggest(const char *key, bool rules_only)
{
	/* An id with a letter O for a zero, or a separator: "SL3O1", "sl-301". */
	char id[8];
	size_t n = 0;
	for (const char *p = key; *p && n < sizeof id - 1; p++) {
		if (*p == '-' || *p == ' ' || *p == '_')
			continue;
		id[n] = n >= 2 && (*p == 'o' || *p == 'O') ? '0' : *p;
		n++;
	}
	id[n] = '\0';
	sl_rule r = sl_rule_find(id);
	if (r != SL_RULE_COUNT && n == 5)
		return sl_rule_get(r)->id;
	/* Otherwise the closest name, category or "all" (ids differ only in digits, where
	 * a near number is no better a guess than any other). */
	const char *cands[SL_RULE_COUNT + 6];
	size_t k = 0;
	for (unsigned i = 0; i < SL_RULE_COUNT; i++)
		cands[k++] = sl_rule_get((sl_rule)i)->name;
	for (int c = 0; !rules_only && c <= SL_CAT_LINT; c++)
		cands[k++] = sl_category_name((sl_category)c);
	if (!rules_only)
		cands[k++] = "all";
	return sl_suggest(key, strlen(key), cands, k);
}

/* "unknown rule 'KEY' (...)", with a did-you-mean when one is close; a static buffer
 * (the CLI is single-threaded; the message is copied before the next one). */
static const char *unknown_rule(const char *key)
{
	static char msg[400];
	const char *near = sl_rule_suggest(key, false);
	snprintf(msg, sizeof msg, "unknown rule '%.100s' (an id, a name, a category or all)%s%s%s",
	         key, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
	return msg;
}

/* Calls one(s, item) for each comma-separated item of `v`. */
static const char *each(sl_settings *s, const char *v,
                        const char *(*one)(sl_settings *, const char *))
{
	char item[256];
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ",");
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		size_t m = n;
		while (m && (p[m - 1] == ' ' || p[m - 1] == '\t'))
			m--;
		if (m >= sizeof item)
			return "a value is too long";
		if (m) {
			memcpy(item, p, m);
			item[m] = '\0';
			const char *err = one(s, item);
			if (err)
				return err;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return NULL;
}

/* A retired rule's id or name: no error, nothing selected, noted once. */
static bool retired(sl_settings *s, const char *v)
{
	const sl_retired_rule *r = sl_rule_retired(v);
	if (r && !s->retired)
		s->retired = r;
	return r != NULL;
}

/* Turns the selected rules on or off. */
static const char *switch_rules(sl_settings *s, const char *v, bool off)
{
	bool sel[SL_RULE_COUNT];
	if (retired(s, v))
		return NULL;
	if (!select_rules(v, sel))
		return unknown_rule(v);
	for (unsigned i = 0; i < SL_RULE_COUNT; i++) {
		if (sel[i] && off && sl_rule_protected((sl_rule)i))
			s->kept_protected = true;
		else if (sel[i])
			s->rules.off[i] = off;
	}
	return NULL;
}

static const char *enable_one(sl_settings *s, const char *v)
{
	return switch_rules(s, v, false);
}

static const char *disable_one(sl_settings *s, const char *v)
{
	return switch_rules(s, v, true);
}

static const char *severity_one(sl_settings *s, const char *v)
{
	const char *eq = strchr(v, '='), *lv = eq ? eq + 1 : NULL;
	char rule[256];
	if (!eq || (size_t)(eq - v) >= sizeof rule)
		return "expected RULE=LEVEL";
	size_t n = (size_t)(eq - v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	memcpy(rule, v, n);
	rule[n] = '\0';
	while (*lv == ' ' || *lv == '\t')
		lv++;
	int level = parse_severity(lv);
	bool sel[SL_RULE_COUNT];
	if (level < 0)
		return "the level must be error, warning or note";
	if (retired(s, rule))
		return NULL;
	if (!select_rules(rule, sel))
		return unknown_rule(rule);
	for (unsigned i = 0; i < SL_RULE_COUNT; i++) {
		if (sel[i] && level < SL_SEV_ERROR && sl_rule_protected((sl_rule)i))
			s->kept_protected = true;
		else if (sel[i])
			s->rules.sev[i] = (signed char)level;
	}
	return NULL;
}

/* The list grows by one entry per pattern, not by doubling (sl_grow): copy() gives every
 * settings object an array of exactly nexclude entries and sl_settings keeps no
 * capacity, and a list holds the few patterns a file or command line names. */
static const char *exclude_one(sl_settings *s, const char *v)
{
	sl_exclude_rule *ex = realloc(s->exclude, (s->nexclude + 1) * sizeof *ex);
	if (!ex)
		return "out of memory";
	s->exclude = ex;
	char *base = s->ctx_base ? strdup(s->ctx_base) : realpath(".", NULL);
	ex[s->nexclude] = (sl_exclude_rule){strdup(v), base,
	                                    strdup(s->ctx_where ? s->ctx_where : "--exclude")};
	if (!ex[s->nexclude].glob || !base || !ex[s->nexclude].where) {
		free(ex[s->nexclude].glob), free(base), free(ex[s->nexclude].where);
		return "out of memory";
	}
	s->nexclude++;
	return NULL;
}

/* ---- keys: one handler pair per key of settings.def ---- */

static const char *set_flag(bool *flag, const char *v)
{
	return parse_bool(v, flag) ? NULL : "expected true or false";
}

static const char *set_enable(sl_settings *s, const char *v)
{
	return each(s, v, enable_one);
}

static const char *set_disable(sl_settings *s, const char *v)
{
	return each(s, v, disable_one);
}

static const char *set_severity(sl_settings *s, const char *v)
{
	return each(s, v, severity_one);
}

static const char *set_exclude(sl_settings *s, const char *v)
{
	return each(s, v, exclude_one);
}

static const char *set_fail_level(sl_settings *s, const char *v)
{
	int lv = parse_severity(v);
	if (lv < 0)
		return "fail-level must be error, warning or note";
	s->fail_level = (sl_severity)lv;
	return NULL;
}

static const char *set_mode(sl_settings *s, const char *v)
{
	for (int m = SL_MODE_AUTO; m <= SL_MODE_STORED; m++)
		if (!strcmp(v, sl_mode_name((sl_mode)m)))
			return s->mode = (sl_mode)m, NULL;
	return "mode must be auto, create, redefine or stored";
}

static const char *set_max_depth(sl_settings *s, const char *v)
{
	unsigned long long n;
	if (!parse_number(v, 1, 1000000, &n))
		return "max-depth takes a number from 1 to 1000000";
	s->max_depth = (unsigned)n;
	return NULL;
}

static const char *set_max_token(sl_settings *s, const char *v)
{
	unsigned long long n;
	if (!parse_number(v, 1024, 1ull << 30, &n))
		return "max-token takes a number of bytes from 1024 to 1073741824";
	s->max_token = (size_t)n;
	return NULL;
}

/* A release from 9.0 to 12.8.x; says the supported range when it is outside. */
static const char *set_target_libvirt(sl_settings *s, const char *v)
{
	int i = sl_libvirt_resolve(v);
	if (i == -1 || strlen(v) >= sizeof s->target_libvirt)
		return "target-libvirt takes a libvirt release number such as 10.4 or 11.3.1";
	if (i < 0)
		return "target-libvirt must be a libvirt release from 9.0.0 to 12.8.x "
		       "(the schemas snaplint knows: 9.0.0, 9.8.0, 10.4.0, 10.7.0, 11.3.0, 12.8.0)";
	strcpy(s->target_libvirt, v);
	s->target = i;
	return NULL;
}

static const char *const colors[] = {"auto", "always", "never"};

static const char *set_color(sl_settings *s, const char *v)
{
	for (int c = SL_COLOR_AUTO; c <= SL_COLOR_NEVER; c++)
		if (!strcmp(v, colors[c]))
			return s->color = (sl_color)c, NULL;
	return "color must be auto, always or never";
}

static const char *set_exit_zero(sl_settings *s, const char *v)
{
	return set_flag(&s->exit_zero, v);
}

static const char *set_group(sl_settings *s, const char *v)
{
	return set_flag(&s->group, v);
}

static const char *set_skip_other(sl_settings *s, const char *v)
{
	return set_flag(&s->skip_other, v);
}

static const char *set_inline_config(sl_settings *s, const char *v)
{
	bool b;
	if (!parse_bool(v, &b))
		return "expected true or false";
	s->rules.no_inline_config = !b;
	return NULL;
}

/* The --print-config lines, "key = value" as a configuration file would set it. */
static void put_str(FILE *out, const char *key, const char *v)
{
	fprintf(out, "%s = %s\n", key, v);
}

static const char *yes(bool b)
{
	return b ? "true" : "false";
}

static void put_mode(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, sl_mode_name(s->mode));
}

static void put_max_depth(const sl_settings *s, const char *key, FILE *out)
{
	fprintf(out, "%s = %u\n", key, s->max_depth);
}

static void put_max_token(const sl_settings *s, const char *key, FILE *out)
{
	fprintf(out, "%s = %zu\n", key, s->max_token);
}

/* "target-libvirt = 10.5   # schemas of 10.4.0": the comment when they differ. */
static void put_target_libvirt(const sl_settings *s, const char *key, FILE *out)
{
	const char *schema = sl_libvirt_schemas[s->target];
	if (strcmp(s->target_libvirt, schema))
		fprintf(out, "%s = %s   # schemas of %s\n", key, s->target_libvirt, schema);
	else
		put_str(out, key, s->target_libvirt);
}

static void put_inline_config(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, yes(!s->rules.no_inline_config));
}

static void put_fail_level(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, sl_severity_name(s->fail_level));
}

static void put_exit_zero(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, yes(s->exit_zero));
}

static void put_color(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, colors[s->color]);
}

static void put_group(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, yes(s->group));
}

static void put_skip_other(const sl_settings *s, const char *key, FILE *out)
{
	put_str(out, key, yes(s->skip_other));
}

/* The rules as enable = all and what is then turned off or set to another severity:
 * every key, also when its list is empty, so that the output always has the same keys. */
static void put_enable(const sl_settings *s, const char *key, FILE *out)
{
	(void)s;
	put_str(out, key, "all");
}

static void put_disable(const sl_settings *s, const char *key, FILE *out)
{
	const char *sep = " ";
	fputs(key, out);
	fputs(" =", out);
	for (unsigned i = 0; i < SL_RULE_COUNT; i++)
		if (s->rules.off[i])
			fprintf(out, "%s%s", sep, sl_rule_get((sl_rule)i)->id), sep = ", ";
	fputc('\n', out);
}

static void put_severity(const sl_settings *s, const char *key, FILE *out)
{
	const char *sep = " ";
	fputs(key, out);
	fputs(" =", out);
	for (unsigned i = 0; i < SL_RULE_COUNT; i++)
		if (s->rules.sev[i] >= 0 && !s->rules.off[i])
			fprintf(out, "%s%s=%s", sep, sl_rule_get((sl_rule)i)->id,
			        sl_severity_name((sl_severity)s->rules.sev[i])),
			        sep = ", ";
	fputc('\n', out);
}

/* One line per pattern, with where it was set and the directory it is relative to. */
static void put_exclude(const sl_settings *s, const char *key, FILE *out)
{
	if (!s->nexclude)
		fprintf(out, "%s =\n", key);
	for (size_t i = 0; i < s->nexclude; i++)
		fprintf(out, "%s = %s   # %s, relative to %s\n", key, s->exclude[i].glob,
		        s->exclude[i].where, s->exclude[i].base);
}

/* settings.def's keys; a NULL key is an option with no configuration key. */
typedef struct key_def {
	const char *key, *dflt;
	int print; /* its line in --print-config, 1 first */
	const char *(*set)(sl_settings *s, const char *v);
	void (*put)(const sl_settings *s, const char *key, FILE *out);
} key_def;

#define set_none NULL
#define put_none NULL
static const key_def key_defs[] = {
#define SETTING(ID, SHORT, LONG, ARG, KEY, HANDLER, VALUE, DEFAULT, PRINT, HELP) \
	{KEY, DEFAULT, PRINT, set_##HANDLER, put_##HANDLER},
#include "settings.def"
#undef SETTING
};
#undef set_none
#undef put_none
enum { NKEY_DEFS = sizeof key_defs / sizeof *key_defs };

/* The built-in settings: every key's DEFAULT, applied as a configuration line is. */
static void defaults(sl_settings *s)
{
	memset(s, 0, sizeof *s);
	memset(s->rules.sev, -1, sizeof s->rules.sev);
	for (size_t i = 0; i < NKEY_DEFS; i++)
		if (key_defs[i].key && key_defs[i].dflt)
			(void)key_defs[i].set(s, key_defs[i].dflt); /* tests/config.sh prints them */
}

const char *sl_settings_apply(sl_settings *s, const char *key, const char *v)
{
	for (size_t i = 0; i < NKEY_DEFS; i++)
		if (key_defs[i].key && !strcmp(key, key_defs[i].key))
			return key_defs[i].set(s, v);
	return "unknown key";
}

/* ---- files ---- */

/* Reads and applies one configuration file; NULL, or an error as FILE:LINE: MESSAGE. */
static char *apply_file(sl_settings *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], *error = NULL;
	if (!f) {
		if (asprintf(&error, "%s: %s", path, strerror(errno)) < 0)
			error = NULL;
		return error ? error : strdup("out of memory");
	}
	char *base = realpath(path, NULL), *slash = base ? strrchr(base, '/') : NULL;
	if (slash)
		slash[slash == base] = '\0'; /* its directory: "/" stays "/" */
	char where[4200];
	s->ctx_base = base;
	s->ctx_where = where;
	for (unsigned long no = 1; !error && fgets(line, sizeof line, f); no++) {
		char *p = line, *hash = strchr(line, '#');
		snprintf(where, sizeof where, "%s:%lu", path, no);
		if (hash)
			*hash = '\0';
		p[strcspn(p, "\r\n")] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		char *eq = strchr(p, '=');
		const char *msg = "expected key = value";
		if (eq) {
			char *k_end = eq, *v = eq + 1;
			while (k_end > p && (k_end[-1] == ' ' || k_end[-1] == '\t'))
				k_end--;
			*k_end = '\0';
			while (*v == ' ' || *v == '\t')
				v++;
			for (size_t m = strlen(v); m && (v[m - 1] == ' ' || v[m - 1] == '\t');)
				v[--m] = '\0';
			msg = sl_settings_apply(s, p, v);
			if (s->kept_protected && !s->note && asprintf(&s->note, "%s:%lu", path, no) < 0)
				s->note = NULL;
			if (msg && !strcmp(msg, "unknown key")) {
				char buf[300];
				snprintf(buf, sizeof buf, "unknown key '%.200s'", p);
				if (asprintf(&error, "%s:%lu: %s", path, no, buf) < 0)
					error = NULL;
				break;
			}
		}
		if (msg && asprintf(&error, "%s:%lu: %s", path, no, msg) < 0)
			error = NULL;
	}
	fclose(f);
	s->ctx_base = s->ctx_where = NULL;
	free(base);
	return error;
}

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* The nearest .snaplintrc from `dir` upward, stopping after a directory with .git;
 * malloc'ed, or NULL. */
static char *find_project(const char *dir)
{
	char *abs = realpath(dir, NULL);
	if (!abs)
		return NULL;
	size_t cap = strlen(abs) + 32;
	char *buf = malloc(cap);
	for (char *end = abs + strlen(abs); buf;) {
		snprintf(buf, cap, "%.*s/.snaplintrc", (int)(end - abs), abs);
		if (is_file(buf))
			break;
		snprintf(buf, cap, "%.*s/.git", (int)(end - abs), abs);
		if (exists(buf) || end == abs) {
			free(buf);
			buf = NULL;
			break;
		}
		while (end > abs && *--end != '/')
			;
	}
	free(abs);
	return buf;
}

/* $XDG_CONFIG_HOME/snaplint/snaplintrc, else ~/.config/snaplint/snaplintrc. */
static char *user_config(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path = NULL;
	if (xdg && *xdg == '/') {
		if (asprintf(&path, "%s/snaplint/snaplintrc", xdg) < 0)
			path = NULL;
	} else if (home && *home) {
		if (asprintf(&path, "%s/.config/snaplint/snaplintrc", home) < 0)
			path = NULL;
	}
	if (path && !is_file(path)) {
		free(path);
		path = NULL;
	}
	return path;
}

sl_settings *sl_settings_for(const sl_config_opts *o, const char *dir, char **error)
{
	sl_settings base;
	defaults(&base);
	sl_settings *s = copy(&base);
	*error = NULL;
	if (!s)
		return NULL;
	char *files[2] = {NULL, NULL};
	if (o->explicit_file)
		files[1] = strdup(o->explicit_file);
	else if (!o->none)
		files[0] = user_config(), files[1] = find_project(dir);
	for (int i = 0; i < 2 && !*error; i++)
		if (files[i])
			*error = apply_file(s, files[i]);
	s->source = files[1];
	free(files[0]);
	for (size_t i = 0; i < o->nargs && !*error; i++) {
		const char *msg = sl_settings_apply(s, o->args[i].key, o->args[i].value);
		if (s->kept_protected && !s->note &&
		    asprintf(&s->note, "--%s %s", o->args[i].key, o->args[i].value) < 0)
			s->note = NULL;
		if (msg && asprintf(error, "--%s %s: %s", o->args[i].key, o->args[i].value, msg) < 0)
			*error = strdup("out of memory");
	}
	if (*error) {
		sl_settings_free(s);
		return NULL;
	}
	return s;
}

void sl_settings_print(const sl_settings *s, FILE *out)
{
	fprintf(out, "# effective configuration%s%s\n", s->source ? " from " : " (built-in defaults",
	        s->source ? s->source : ", no .snaplintrc found)");
	for (int line = 1; line <= NKEY_DEFS; line++)
		for (size_t i = 0; i < NKEY_DEFS; i++)
			if (key_defs[i].key && key_defs[i].print == line)
				key_defs[i].put(s, key_defs[i].key, out);
}
