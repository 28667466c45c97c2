/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* walk.c - the CLI's input stage: files, directories (recursive, sorted, loop-safe)
 * and stdin, streamed through the core in fixed-size reads; the documents of each
 * directory then go through the cross-document stage before they are reported.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "event.h" /* sl_grow */

#define SL_READ_CHUNK 65536

/* The directories on the current walk path, for symlink loop detection. */
typedef struct dir_chain {
	dev_t dev;
	ino_t ino;
	const struct dir_chain *up;
} dir_chain;

/* One entry of a scanned directory. */
typedef struct entry {
	char *name, *path;
	bool is_dir;
	sl_doc *doc;        /* a checked *.xml file */
	const char *error;  /* or why it could not be read */
	const char *special; /* or what kind of special file it is */
	size_t tree_index;
} entry;

/* A directory's entries, its documents checked, and their cross-document findings. */
typedef struct sl_dirscan {
	char *path;
	entry *e;
	size_t n;
	sl_tree *tree;
	dev_t dev;
	ino_t ino;
} sl_dirscan;

/* Streams an open descriptor through a new sl_doc; `*error` is set when reading failed. */
static sl_doc *parse_fd(sl_walk_opts *w, int fd, const char *path, bool named,
                        const char **error)
{
	static char buf[SL_READ_CHUNK];
	sl_options opt = *w->core;
	if (w->options_for && !w->options_for(w->ctx, path, &opt)) {
		w->stop = true;
		*error = "no settings";
		return NULL;
	}
	opt.other_root_is_error = named && !w->skip_other;
	sl_doc *doc = sl_doc_new(&opt);
	if (!doc) {
		*error = "out of memory";
		return NULL;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*error = strerror(errno);
			break;
		}
		if (n == 0 || !sl_doc_feed(doc, buf, (size_t)n))
			break;
	}
	sl_doc_finish(doc);
	return doc;
}

static sl_doc *parse_file(sl_walk_opts *w, const char *path, bool named, const char **error)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*error = strerror(errno);
		return NULL;
	}
	sl_doc *doc = parse_fd(w, fd, path, named, error);
	close(fd);
	return doc;
}

/* Hands a result on, accounting for exit status and skipped files. */
static void deliver(sl_walk_opts *w, sl_result *r, bool named)
{
	if (w->stop)
		return; /* the run ends: nothing more is reported */
	if (r->special) {
		w->files++;
		w->on_result(w->ctx, r);
		return;
	}
	if (r->error || !r->doc || sl_doc_hit_limit(r->doc))
		w->status = SL_EXIT_INPUT;
	if ((!named || w->skip_other) && r->doc && !r->error && sl_doc_kind(r->doc) == SL_KIND_OTHER) {
		w->skipped++; /* found by the walk, not ours: skipped silently */
		return;
	}
	w->files++;
	w->on_result(w->ctx, r);
}

sl_doc *sl_load_file(const char *path, const sl_options *opt)
{
	sl_walk_opts w = {.core = opt};
	const char *error = NULL;
	sl_doc *doc = parse_file(&w, path, opt->other_root_is_error, &error);
	if (doc && error) {
		sl_doc_free(doc);
		return NULL;
	}
	return doc;
}

static void check_named(sl_walk_opts *w, const char *path)
{
	sl_result r = {.path = path};
	r.doc = parse_file(w, path, true, &r.error);
	deliver(w, &r, true);
	sl_doc_free(r.doc);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static bool is_xml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".xml");
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	bool slash = a > 0 && dir[a - 1] == '/';
	char *p = malloc(a + b + 2);
	if (p) {
		memcpy(p, dir, a);
		if (!slash)
			p[a++] = '/';
		memcpy(p + a, name, b + 1);
	}
	return p;
}

static void dirscan_free(sl_dirscan *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->e[i].name);
		free(d->e[i].path);
		sl_doc_free(d->e[i].doc);
	}
	free(d->e);
	sl_tree_free(d->tree);
	free(d->path);
	free(d);
}

bool sl_exclude_match(const char *glob, const char *base, const char *name, const char *abs)
{
	char pat[4096];
	size_t n = strlen(glob);
	while (n > 1 && glob[n - 1] == '/')
		n--; /* "old/" names the directory old */
	if (n >= sizeof pat)
		return false;
	memcpy(pat, glob, n);
	pat[n] = '\0';
	if (!strchr(pat, '/'))
		return !fnmatch(pat, name, 0);
	if (pat[0] == '/' && !fnmatch(pat, abs, 0))
		return true; /* an absolute path, as a command line may give one */
	const char *rel = pat + (pat[0] == '/') + 2 * (pat[0] == '.' && pat[1] == '/');
	size_t b = strlen(base);
	bool root = b == 1 && base[0] == '/';
	if (strncmp(abs, base, b) || (!root && abs[b] != '/') || !abs[b + !root])
		return false; /* not below the pattern's directory */
	return !fnmatch(rel, abs + b + !root, 0);
}

/* Is an operand or walked entry excluded (asked of the CLI, which knows the settings)? */
static bool excluded(const sl_walk_opts *w, const char *path, const char *name,
                     const char *abs)
{
	return w->excluded && abs && w->excluded(w->ctx, path, name, abs);
}

/* What kind of special file a mode is, or NULL for files and directories. */
static const char *special_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return NULL;
}

/* Reads a directory's names, sorted; hidden and excluded entries are not walked. */
static sl_dirscan *list_dir(const sl_walk_opts *w, const char *path, const char **error)
{
	DIR *dir = opendir(path);
	struct stat sb;
	if (!dir || fstat(dirfd(dir), &sb) != 0) {
		*error = strerror(errno);
		if (dir)
			closedir(dir);
		return NULL;
	}
	sl_dirscan *d = calloc(1, sizeof *d);
	char *abs_dir = realpath(path, NULL);
	size_t cap = 0;
	if (d) {
		d->path = strdup(path);
		d->dev = sb.st_dev, d->ino = sb.st_ino;
	}
	for (struct dirent *de; d && (de = readdir(dir));) {
		if (de->d_name[0] == '.')
			continue;
		if (!sl_grow((void **)&d->e, &cap, d->n, sizeof *d->e))
			break;
		entry *e = &d->e[d->n];
		memset(e, 0, sizeof *e);
		e->tree_index = SIZE_MAX;
		e->name = strdup(de->d_name);
		e->path = e->name ? join(path, de->d_name) : NULL;
		if (!e->path) {
			free(e->name);
			break;
		}
		char *abs = abs_dir ? join(abs_dir, e->name) : NULL;
		bool skip = excluded(w, e->path, e->name, abs);
		free(abs);
		if (skip) {
			free(e->name);
			free(e->path);
			continue;
		}
		d->n++;
	}
	closedir(dir);
	free(abs_dir);
	if (d && d->n) /* an empty directory has no array: qsort(NULL) is undefined */
		qsort(d->e, d->n, sizeof *d->e, by_name);
	if (!d)
		*error = "out of memory";
	return d;
}

/* Checks the *.xml files of a scanned directory and runs the cross-document stage. */
static void check_entries(sl_walk_opts *w, sl_dirscan *d)
{
	d->tree = sl_tree_new();
	for (size_t i = 0; i < d->n && !w->stop; i++) {
		entry *e = &d->e[i];
		struct stat sb;
		if (stat(e->path, &sb) != 0) {
			e->error = strerror(errno);
			continue;
		}
		e->is_dir = S_ISDIR(sb.st_mode);
		if (!is_xml_name(e->name))
			continue;
		e->special = special_kind(sb.st_mode);
		if (!S_ISREG(sb.st_mode))
			continue; /* never opened: a FIFO would block, a device never ends */
		e->doc = parse_file(w, e->path, false, &e->error);
		if (e->doc && d->tree)
			e->tree_index = sl_tree_add(d->tree, e->path, e->doc);
	}
	if (d->tree)
		sl_tree_check(d->tree);
}

static void report_entry(sl_walk_opts *w, const sl_dirscan *d, const entry *e, bool named)
{
	sl_result r = {.path = e->path, .doc = e->doc, .error = e->error, .tree = d->tree,
	               .tree_index = e->tree_index, .special = e->special};
	deliver(w, &r, named);
}

static void walk_dir(sl_walk_opts *w, const char *path, const dir_chain *up);

/* Is the directory `path` already on the walk path (a symlink loop)? */
static bool on_chain(const dir_chain *chain, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return false;
	for (const dir_chain *c = chain; c; c = c->up)
		if (c->dev == sb.st_dev && c->ino == sb.st_ino)
			return true;
	return false;
}

/* Reports a scanned directory in path order, descending into subdirectories. */
static void report_dir(sl_walk_opts *w, const sl_dirscan *d, const dir_chain *up)
{
	dir_chain here = {d->dev, d->ino, up};
	for (size_t i = 0; i < d->n && !w->stop; i++) {
		const entry *e = &d->e[i];
		if (e->doc || e->error || e->special) {
			report_entry(w, d, e, false);
			continue;
		}
		if (e->is_dir && !on_chain(&here, e->path))
			walk_dir(w, e->path, &here);
	}
}

static void walk_dir(sl_walk_opts *w, const char *path, const dir_chain *up)
{
	const char *error = NULL;
	sl_dirscan *d = list_dir(w, path, &error);
	if (!d) {
		sl_result r = {.path = path, .error = error};
		deliver(w, &r, true);
		return;
	}
	check_entries(w, d);
	report_dir(w, d, up);
	dirscan_free(d);
}

/* --group: a named file is checked with its directory's documents (kept for the next
 * operand of the same directory). */
static void check_grouped(sl_walk_opts *w, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	const char *base = slash ? slash + 1 : path;
	if (!dir || !is_xml_name(base)) {
		free(dir);
		check_named(w, path);
		return;
	}
	if (!w->cache || strcmp(w->cache->path, dir)) {
		const char *error = NULL;
		dirscan_free(w->cache);
		w->cache = list_dir(w, dir, &error);
		if (w->cache)
			check_entries(w, w->cache);
	}
	free(dir);
	for (size_t i = 0; w->cache && i < w->cache->n; i++)
		if (!strcmp(w->cache->e[i].name, base) && w->cache->e[i].doc) {
			sl_result r = {.path = path, .doc = w->cache->e[i].doc, .tree = w->cache->tree,
			               .tree_index = w->cache->e[i].tree_index};
			deliver(w, &r, true);
			return;
		}
	check_named(w, path); /* not found in the listing (hidden, unreadable...) */
}

/* An operand is excluded as the walk would exclude it, so that `snaplint *` and
 * `snaplint .` check the same files.  Its directory is resolved, its name kept. */
static bool operand_excluded(sl_walk_opts *w, const char *operand)
{
	size_t n = strlen(operand);
	while (n > 1 && operand[n - 1] == '/')
		n--;
	char *path = strndup(operand, n), *slash = path ? strrchr(path, '/') : NULL;
	const char *name = slash ? slash + 1 : path;
	bool skip = false;
	if (path && strcmp(name, ".") && strcmp(name, "..") && *name) {
		if (slash)
			*slash = '\0';
		char *dir = realpath(slash ? (slash == path ? "/" : path) : ".", NULL);
		char *abs = dir ? join(dir, name) : NULL;
		if (slash)
			*slash = '/';
		skip = excluded(w, operand, name, abs);
		free(dir);
		free(abs);
	}
	free(path);
	return skip;
}

void sl_walk_operand(sl_walk_opts *w, const char *operand)
{
	struct stat sb;
	if (w->stop)
		return;
	if (!strcmp(operand, "-")) {
		sl_result r = {.path = w->stdin_name ? w->stdin_name : "-"};
		r.doc = parse_fd(w, STDIN_FILENO, r.path, true, &r.error);
		deliver(w, &r, true);
		sl_doc_free(r.doc);
		return;
	}
	if (stat(operand, &sb) != 0) {
		sl_result r = {.path = operand, .error = strerror(errno)};
		deliver(w, &r, true);
		return;
	}
	if (operand_excluded(w, operand))
		return;
	if (S_ISDIR(sb.st_mode))
		walk_dir(w, operand, NULL);
	else if (w->group)
		check_grouped(w, operand);
	else
		check_named(w, operand);
}

/* Would walking the directory `path` read the file (dev, ino)?  Lists it as the walk
 * does (hidden and excluded entries skipped, *.xml names, each directory once on a
 * path), descending when `deep`, without parsing anything. */
static bool dir_reads(const sl_walk_opts *w, const char *path, dev_t dev, ino_t ino,
                      const dir_chain *up, bool deep)
{
	const char *error = NULL;
	sl_dirscan *d = list_dir(w, path, &error);
	if (!d)
		return false;
	dir_chain here = {d->dev, d->ino, up};
	bool found = false;
	for (size_t i = 0; i < d->n && !found; i++) {
		struct stat sb;
		if (stat(d->e[i].path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			found = deep && !on_chain(&here, d->e[i].path) &&
			        dir_reads(w, d->e[i].path, dev, ino, &here, true);
		else
			found = is_xml_name(d->e[i].name) && sb.st_dev == dev && sb.st_ino == ino;
	}
	dirscan_free(d);
	return found;
}

bool sl_walk_reads(const sl_walk_opts *w, const char *operand, dev_t dev, ino_t ino)
{
	struct stat sb;
	bool is_stdin = !strcmp(operand, "-");
	if (is_stdin ? fstat(STDIN_FILENO, &sb) != 0 : stat(operand, &sb) != 0)
		return false;
	if (sb.st_dev == dev && sb.st_ino == ino)
		return true;
	if (is_stdin)
		return false;
	if (S_ISDIR(sb.st_mode))
		return dir_reads(w, operand, dev, ino, NULL, true);
	if (!w->group)
		return false;
	const char *slash = strrchr(operand, '/'); /* --group: the file's directory too */
	char *dir = slash ? strndup(operand, (size_t)(slash - operand) + (slash == operand))
	                  : strdup(".");
	bool found = dir && dir_reads(w, dir, dev, ino, NULL, false);
	free(dir);
	return found;
}

void sl_walk_checked(sl_walk_opts *w, const char *path, sl_doc *doc)
{
	sl_result r = {.path = path, .doc = doc};
	deliver(w, &r, true);
}

void sl_walk_done(sl_walk_opts *w)
{
	dirscan_free(w->cache);
	w->cache = NULL;
}
