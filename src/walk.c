/* walk.c - the CLI's input stage: files, directories (recursive, sorted, loop-safe)
 * and stdin, streamed through the core in fixed-size reads.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define SL_READ_CHUNK 65536

/* The directories on the current walk path, for symlink loop detection. */
typedef struct dir_chain {
	dev_t dev;
	ino_t ino;
	const struct dir_chain *up;
} dir_chain;

/* Streams an open descriptor through a new sl_doc and hands the result on. */
static void check_fd(sl_walk_opts *w, int fd, const char *path, bool named)
{
	static char buf[SL_READ_CHUNK];
	sl_options opt = *w->core;
	opt.other_root_is_error = named;
	sl_result r = {path, sl_doc_new(&opt), NULL};
	if (!r.doc) {
		r.error = "out of memory";
		w->status = SL_EXIT_INPUT;
		w->on_result(w->ctx, &r);
		return;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r.error = strerror(errno);
			break;
		}
		if (n == 0 || !sl_doc_feed(r.doc, buf, (size_t)n))
			break;
	}
	sl_doc_finish(r.doc);
	if (r.error || sl_doc_hit_limit(r.doc))
		w->status = SL_EXIT_INPUT;
	if (!named && sl_doc_kind(r.doc) == SL_KIND_OTHER && !r.error)
		w->skipped++; /* found by the walk, not ours: skipped silently */
	else {
		w->files++;
		w->on_result(w->ctx, &r);
	}
	sl_doc_free(r.doc);
}

static void unreadable(sl_walk_opts *w, const char *path, const char *why)
{
	sl_result r = {path, NULL, why};
	w->status = SL_EXIT_INPUT;
	w->files++;
	w->on_result(w->ctx, &r);
}

static void check_file(sl_walk_opts *w, const char *path, bool named)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		unreadable(w, path, strerror(errno));
		return;
	}
	check_fd(w, fd, path, named);
	close(fd);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_xml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".xml");
}

static void walk_dir(sl_walk_opts *w, const char *path, const dir_chain *up);

/* One directory entry: recurse into directories, check regular *.xml files. */
static void walk_entry(sl_walk_opts *w, const char *path, const char *name, const dir_chain *up)
{
	struct stat sb;
	if (name[0] == '.')
		return; /* hidden files and directories are not walked */
	if (stat(path, &sb) != 0) {
		unreadable(w, path, strerror(errno));
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		for (const dir_chain *c = up; c; c = c->up)
			if (c->dev == sb.st_dev && c->ino == sb.st_ino)
				return; /* a symlink loop: already on this path */
		walk_dir(w, path, up);
	} else if (S_ISREG(sb.st_mode) && is_xml_name(name)) {
		check_file(w, path, false);
	}
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

static void walk_dir(sl_walk_opts *w, const char *path, const dir_chain *up)
{
	struct stat sb;
	DIR *d = opendir(path);
	if (!d || fstat(dirfd(d), &sb) != 0) {
		unreadable(w, path, strerror(errno));
		if (d)
			closedir(d);
		return;
	}
	dir_chain here = {sb.st_dev, sb.st_ino, up};
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **grown = realloc(names, cap * sizeof *names);
			if (!grown)
				break;
			names = grown;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char *child = join(path, names[i]);
		if (child)
			walk_entry(w, child, names[i], &here);
		free(child);
		free(names[i]);
	}
	free(names);
}

void sl_walk_operand(sl_walk_opts *w, const char *operand)
{
	struct stat sb;
	if (!strcmp(operand, "-")) {
		check_fd(w, STDIN_FILENO, w->stdin_name ? w->stdin_name : "-", true);
		return;
	}
	if (stat(operand, &sb) != 0) {
		unreadable(w, operand, strerror(errno));
		return;
	}
	if (S_ISDIR(sb.st_mode))
		walk_dir(w, operand, NULL);
	else
		check_file(w, operand, true);
}
