/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* expat-baseline.c - the benchmark's reference point: expat alone, with counting
 * handlers, fed the way snaplint feeds it (64 KiB read() chunks into XML_Parse, a
 * namespace-aware parser with triplets).  Prints the number of elements.
 *
 * Usage: expat-baseline [FILE]   (stdin without an argument)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#define BL_READ_CHUNK 65536
#define BL_NS_SEP '\x01' /* the separator snaplint passes to XML_ParserCreateNS */

typedef struct {
	unsigned long elements;
	unsigned long long text_bytes;
} bl_counts;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)name, (void)atts;
	((bl_counts *)ud)->elements++;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	(void)s;
	((bl_counts *)ud)->text_bytes += (unsigned long long)len;
}

/* Streams fd through p; returns 0 on success, 1 on a parse or read error. */
static int parse_fd(XML_Parser p, int fd, const char *name)
{
	static char buf[BL_READ_CHUNK];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "expat-baseline: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
			fprintf(stderr, "expat-baseline: %s:%lu:%lu: %s\n", name,
			        (unsigned long)XML_GetErrorLineNumber(p),
			        (unsigned long)XML_GetErrorColumnNumber(p) + 1,
			        XML_ErrorString(XML_GetErrorCode(p)));
			return 1;
		}
		if (n == 0)
			return 0;
	}
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "-";
	int fd = argc > 1 ? open(argv[1], O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0) {
		fprintf(stderr, "expat-baseline: %s: %s\n", name, strerror(errno));
		return 3;
	}
	bl_counts c = {0, 0};
	XML_Parser p = XML_ParserCreateNS(NULL, BL_NS_SEP);
	if (!p) {
		fputs("expat-baseline: out of memory\n", stderr);
		return 3;
	}
	XML_SetReturnNSTriplet(p, 1);
	XML_SetUserData(p, &c);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	int rc = parse_fd(p, fd, name);
	XML_ParserFree(p);
	if (fd > 0)
		close(fd);
	printf("%lu\n", c.elements);
	return rc;
}
