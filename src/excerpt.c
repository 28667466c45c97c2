/* SPDX-License-Identifier: LGPL-2.1-or-later */
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

/* Moves the reader to the start of `line` (the mark is kept while the line is the same). */
static bool seek_line(sl_excerpt *x, unsigned long line)
{
	if (line == x->line)
		return true;
	x->mark_index = 0;
	if (line < x->line)
		x->line = 1, x->line_start = 0;
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

/* East Asian Wide and Fullwidth characters (two terminal columns), as ranges of code
 * points.  Made with Python 3's unicodedata (Unicode 14.0): assigned characters whose
 * east_asian_width is W or F, merged across unassigned gaps, plus planes 2 and 3.  A table
 * rather than wcwidth(3), so the caret does not depend on the locale. */
static const struct { unsigned lo, hi; } wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
	{0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4C6}, {0xA960, 0xA97C},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAD9}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6B},
	{0xFF01, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x1B2FB}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F320},
	{0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
	{0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
	{0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
	{0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
	{0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
	{0x1F6D5, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7F0},
	{0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAF6},
	{0x20000, 0x3FFFD},
};

/* The code point of one UTF-8 sequence as read_char returns it. */
static unsigned code_point(const char *ch, int len)
{
	const unsigned char *u = (const unsigned char *)ch;
	if (len == 1)
		return u[0];
	unsigned cp = u[0] & (0x7F >> len);
	for (int i = 1; i < len; i++)
		cp = cp << 6 | (u[i] & 0x3F);
	return cp;
}

static bool is_wide(unsigned cp)
{
	size_t lo = 0, hi = sizeof wide / sizeof wide[0];
	if (cp < wide[0].lo)
		return false;
	while (lo < hi) { /* binary search for the last range starting at or before cp */
		size_t mid = (lo + hi) / 2;
		if (wide[mid].lo <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp <= wide[lo - 1].hi;
}

/* What goes in the caret line under one character: a tab stays a tab (the terminal's
 * tab stops), a wide character takes two columns, anything else one. */
static void put_under(char *caret, size_t *n, const char *ch, int len)
{
	if (ch[0] == '\t')
		put(caret, n, "\t", 1);
	else
		put(caret, n, "  ", len > 1 && is_wide(code_point(ch, len)) ? 2 : 1);
}

/* Positions the reader just before character `lo` of the current line: from the mark
 * when it is not past `lo` (findings come in column order, so a long line is read once
 * for all its findings, not once per finding), else from the line's start.  Sets
 * *index to the characters passed; false when the line ends before `lo`. */
static bool skip_to(sl_excerpt *x, unsigned long lo, unsigned long *index)
{
	long at = x->line_start;
	*index = 0;
	if (x->mark_index && x->mark_index <= lo)
		*index = x->mark_index - 1, at = x->mark_offset;
	if (fseek(x->f, at, SEEK_SET) != 0)
		return false;
	char ch[4];
	for (; *index + 1 < lo; ++*index)
		if (read_char(x->f, ch) == 0)
			return false;
	x->mark_index = lo;
	x->mark_offset = ftell(x->f);
	return x->mark_offset >= 0;
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
	bool more = false, any = false, reached = skip_to(x, lo, &index);
	any = index > 0;
	char ch[4];
	for (int len; reached && (len = read_char(x->f, ch)) > 0;) {
		any = true;
		if (++index > hi) {
			more = true;
			break;
		}
		put(text, &nt, ch, len);
		if (index < col)
			put_under(caret, &nc, ch, len);
	}
	if (more)
		put(text, &nt, "...", 3);
	put(caret, &nc, "^", 1);
	text[nt] = caret[nc] = '\0';
	return any || col <= 1;
}
