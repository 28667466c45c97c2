/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* measure.c - the benchmark's stopwatch: runs a command N times, one after another,
 * and prints one line on stdout when all runs are done:
 *
 *   measure: runs N best-s S avg-s S rss-kib K status X
 *
 * best/avg are wall-clock seconds per run (fork to wait4), rss-kib is the highest
 * peak resident set size of any run (wait4's rusage, so the measured process alone,
 * not this wrapper), status is the last run's exit status.  The command's stdout and
 * stderr go to /dev/null unless -k is given, so that output volume does not skew times.
 *
 * Usage: measure [-n N] [-k] COMMAND [ARG]...
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	double seconds;
	long rss_kib;
	int status;
} me_run;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Child side: optionally silences stdout/stderr, then becomes the command. */
static void child(char **cmd, int keep)
{
	if (!keep) {
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		close(null);
	}
	execvp(cmd[0], cmd);
	perror("measure: exec");
	_exit(127);
}

/* Runs cmd once; returns false if it could not be started or waited for. */
static int run_once(char **cmd, int keep, me_run *r)
{
	fflush(stdout);
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0)
		child(cmd, keep);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 0;
	r->seconds = now() - t0;
	r->rss_kib = ru.ru_maxrss;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 1;
}

int main(int argc, char **argv)
{
	long n = 1;
	int keep = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-k"))
			keep = 1;
		else
			break;
	}
	if (i >= argc || n < 1) {
		fputs("usage: measure [-n N] [-k] COMMAND [ARG]...\n", stderr);
		return 2;
	}
	double best = 0, total = 0;
	long rss = 0;
	me_run r = {0, 0, 0};
	for (long k = 0; k < n; k++) {
		if (!run_once(argv + i, keep, &r)) {
			perror("measure");
			return 125;
		}
		best = (k == 0 || r.seconds < best) ? r.seconds : best;
		total += r.seconds;
		rss = r.rss_kib > rss ? r.rss_kib : rss;
	}
	printf("measure: runs %ld best-s %.6f avg-s %.6f rss-kib %ld status %d\n", n, best,
	       total / (double)n, rss, r.status);
	return 0;
}
