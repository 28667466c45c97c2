/* excerpt.c - the source line under a finding, for the text report: read back from the
 * file at report time, one forward pass per file (findings come in position order), with
 * a bounded window around the column so that a megabyte-long line costs nothing.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

enum { SL_WINDOW_BEFORE = 50, SL_WINDOW_CHARS = 110 };

bool sl_excerpt_open(sl_excerpt *x, const char *path)
{
	struct stat sb;
	memset(x, 0, sizeof *x);
	if (!path || !strcmp(path, "-") || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return false; /* stdin, pipes and devices cannot be read again */
	x->f = fopen(path, "rb");
	x->line = 1;
	return x->f != NULL;
}

void sl_excerpt_close(sl_excerpt *x)
{
	if (x->f)
		fclose(x->f);
	x->f = NULL;
}

/* Reads one byte, treating "\r\n" and a lone "\r" as "\n" like expat. */
static int next(FILE *f)
{
	int c = getc(f);
	if (c == '\r') {
		int d = getc(f);
		if (d != '\n' && d != EOF)
			ungetc(d, f);
		return '\n';
	}
	return c;
}

/* Moves the reader to the start of `line`. */
static bool seek_line(sl_excerpt *x, unsigned long line)
{
	if (line < x->line) {
		if (fseek(x->f, 0, SEEK_SET) != 0)
			return false;
		x->line = 1, x->line_start = 0;
	}
	if (fseek(x->f, x->line_start, SEEK_SET) != 0)
		return false;
	while (x->line < line) {
		int c = next(x->f);
		if (c == EOF)
			return false;
		if (c == '\n') {
			x->line++;
			x->line_start = ftell(x->f);
		}
	}
	return true;
}

/* Appends bytes if there is room (one byte is kept for the NUL). */
static void put(char *buf, size_t *n, const char *bytes, int len)
{
	if (*n + (size_t)len < SL_EXCERPT_MAX)
		memcpy(buf + *n, bytes, (size_t)len), *n += (size_t)len;
}

/* Reads one character of the line into `ch`: a valid UTF-8 sequence as is, anything
 * else (a stray byte, a control byte) as '?'.  Returns its length, 0 at the line's end. */
static int read_char(FILE *f, char ch[4])
{
	int c = next(f);
	if (c == EOF || c == '\n')
		return 0;
	if (c < 0x80) {
		ch[0] = (char)((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c);
		return 1;
	}
	int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	ch[0] = (char)c;
	for (int i = 1; i < len; i++) {
		int d = getc(f);
		if ((d & 0xC0) != 0x80) { /* cut short: put the byte back, show '?' */
			if (d != EOF)
				ungetc(d, f);
			len = 0;
			break;
		}
		ch[i] = (char)d;
	}
	if (len == 0 || c > 0xF4) {
		ch[0] = '?';
		return 1;
	}
	return len;
}

bool sl_excerpt_get(sl_excerpt *x, unsigned long line, unsigned long col, char *text,
                    char *caret)
{
	if (!x->f || line == 0 || !seek_line(x, line))
		return false;
	unsigned long lo = col > SL_WINDOW_BEFORE ? col - SL_WINDOW_BEFORE : 1;
	unsigned long hi = lo + SL_WINDOW_CHARS, index = 0;
	size_t nt = 0, nc = 0;
	if (lo > 1) {
		put(text, &nt, "...", 3);
		put(caret, &nc, "   ", 3);
	}
	bool more = false, any = false;
	char ch[4];
	for (int len; (len = read_char(x->f, ch)) > 0;) {
		any = true;
		if (++index > hi) {
			more = true;
			break;
		}
		if (index < lo)
			continue;
		put(text, &nt, ch, len);
		if (index < col)
			put(caret, &nc, ch[0] == '\t' ? "\t" : " ", 1);
	}
	if (more)
		put(text, &nt, "...", 3);
	put(caret, &nc, "^", 1);
	text[nt] = caret[nc] = '\0';
	fseek(x->f, x->line_start, SEEK_SET); /* the next finding may be on this line too */
	return any || col <= 1;
}
