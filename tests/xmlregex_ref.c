/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xmlregex_ref.c - test-only oracle: libxml2's own verdicts on XSD patterns and datatype
 * values, for tests/dg-regex.sh and tests/dg-data.sh to compare snaplint's DFAs and
 * datatype checker with.
 *
 *   xmlregex_ref regex   lines PATTERN<TAB>HEXVALUE     -> 1 (match), 0, or E (no compile)
 *   xmlregex_ref data    lines TYPE<TAB>PARAMS<TAB>HEXVALUE -> 1 (valid), 0, or E
 *   xmlregex_ref nctables  prints the non-ASCII NCName character ranges of libxml2
 *                          (XML 1.0 4th edition letters, digits, combining chars,
 *                          extenders) as the C tables src/dg_data.c holds
 *
 * `regex` runs xmlRegexpCompile + xmlRegexpExec, what libxml2's datatype layer does for a
 * `pattern` facet.  `data` builds, per (TYPE, PARAMS), the RELAX NG schema
 * <element name="v"><data type="TYPE"><param .../>...</data></element> in memory and
 * validates <v>VALUE</v> with it: the path `xmllint --relaxng` takes.  PARAMS is `-` or
 * NAME=HEX[,NAME=HEX...] (the param's text in hex).  Values are written into the
 * document as character references, so they reach the validator byte for byte.
 * Linked with libxml2 only; never part of snaplint.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#endif
#include <libxml/chvalid.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlregexp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (1 << 20)

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* Decodes hex in place; returns the byte count or -1. */
static long unhex(char *s)
{
	size_t n = strlen(s), i;
	if (n % 2)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int b;
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		s[i] = (char)b;
	}
	s[n / 2] = '\0';
	return (long)(n / 2);
}

/* Appends s to buf as XML character data, every byte outside [A-Za-z0-9] as a
 * character reference (UTF-8 decoded), so nothing is normalised on the way in. */
static size_t put_escaped(char *buf, size_t at, size_t cap, const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n && at + 16 < cap) {
		unsigned int c = s[i], len = 1, k;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			buf[at++] = (char)c;
			i++;
			continue;
		}
		if (c >= 0xF0) {
			c &= 0x07;
			len = 4;
		} else if (c >= 0xE0) {
			c &= 0x0F;
			len = 3;
		} else if (c >= 0xC0) {
			c &= 0x1F;
			len = 2;
		}
		for (k = 1; k < len && i + k < n; k++)
			c = (c << 6) | (s[i + k] & 0x3F);
		i += len;
		at += (size_t)snprintf(buf + at, cap - at, "&#x%X;", c);
	}
	buf[at] = '\0';
	return at;
}

static xmlRegexpPtr re;
static xmlRelaxNGPtr schema;
static xmlRelaxNGValidCtxtPtr vc;

static int regex_mode(char *line)
{
	static char last[LINE_MAX_BYTES];
	static int have;
	char *tab = strchr(line, '\t');
	if (tab == NULL)
		return -1;
	*tab = '\0';
	if (!have || strcmp(last, line) != 0) {
		if (re != NULL)
			xmlRegFreeRegexp(re);
		snprintf(last, sizeof last, "%s", line);
		re = xmlRegexpCompile((const xmlChar *)line);
		have = 1;
	}
	if (unhex(tab + 1) < 0)
		return -1;
	if (re == NULL)
		return 'E';
	return xmlRegexpExec(re, (const xmlChar *)(tab + 1)) == 1 ? '1' : '0';
}

/* Builds the schema for TYPE and PARAMS (modified in place). */
static xmlRelaxNGPtr build_schema(const char *type, char *params)
{
	static char buf[65536];
	size_t at = (size_t)snprintf(buf, sizeof buf,
		"<element name='v' xmlns='http://relaxng.org/ns/structure/1.0' "
		"datatypeLibrary='http://www.w3.org/2001/XMLSchema-datatypes'>"
		"<data type='%s'>", type);
	char *save = NULL;
	for (char *p = strcmp(params, "-") ? strtok_r(params, ",", &save) : NULL; p != NULL;
	     p = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(p, '=');
		long n;
		if (eq == NULL)
			return NULL;
		*eq = '\0';
		if ((n = unhex(eq + 1)) < 0)
			return NULL;
		at += (size_t)snprintf(buf + at, sizeof buf - at, "<param name='%s'>", p);
		at = put_escaped(buf, at, sizeof buf - 64, (const unsigned char *)eq + 1, (size_t)n);
		at += (size_t)snprintf(buf + at, sizeof buf - at, "</param>");
	}
	snprintf(buf + at, sizeof buf - at, "</data></element>");
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(buf, (int)strlen(buf));
	xmlRelaxNGSetParserErrors(pc, quiet, quiet, NULL);
	xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	return rng;
}

static int data_mode(char *line)
{
	static char last[LINE_MAX_BYTES];
	static char doc[8 * LINE_MAX_BYTES];
	char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	long n;
	if (t2 == NULL)
		return -1;
	*t2 = '\0';
	if (vc == NULL || strcmp(last, line) != 0) {
		snprintf(last, sizeof last, "%s", line);
		if (vc != NULL)
			xmlRelaxNGFreeValidCtxt(vc);
		if (schema != NULL)
			xmlRelaxNGFree(schema);
		*t1 = '\0';
		schema = build_schema(line, t1 + 1);
		vc = schema ? xmlRelaxNGNewValidCtxt(schema) : NULL;
		if (vc != NULL)
			xmlRelaxNGSetValidErrors(vc, quiet, quiet, NULL);
	}
	if ((n = unhex(t2 + 1)) < 0)
		return -1;
	if (vc == NULL)
		return 'E';
	size_t at = (size_t)snprintf(doc, sizeof doc, "<v>");
	at = put_escaped(doc, at, sizeof doc - 16, (const unsigned char *)t2 + 1, (size_t)n);
	snprintf(doc + at, sizeof doc - at, "</v>");
	xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "v.xml", NULL, XML_PARSE_NONET);
	if (d == NULL)
		return 'X';
	int ok = xmlRelaxNGValidateDoc(vc, d) == 0;
	xmlFreeDoc(d);
	return ok ? '1' : '0';
}

/* Prints one table of code-point ranges from 0x80 up: name-start characters (letters)
 * or, with `name`, every NCName character. */
static void print_ranges(const char *table, int name)
{
	unsigned int lo = 0, c, n = 0;
	int in = 0;
	printf("static const uint32_t %s[][2] = {", table);
	for (c = 0x80; c <= 0x110000; c++) {
		int v = 0;
		if (c < 0x110000) {
			v = xmlIsBaseChar(c) || xmlIsIdeographic(c);
			if (name)
				v = v || xmlIsDigit(c) || xmlIsCombining(c) || xmlIsExtender(c);
		}
		if (v && !in) {
			lo = c;
			in = 1;
		} else if (!v && in) {
			printf("%s{0x%X, 0x%X},", n % 4 ? " " : "\n\t", lo, c - 1);
			in = 0;
			n++;
		}
	}
	printf("\n};\n");
}

int main(int argc, char **argv)
{
	static char line[LINE_MAX_BYTES];
	int data;
	if (argc == 2 && strcmp(argv[1], "nctables") == 0) {
		print_ranges("nc_start", 0);
		print_ranges("nc_name", 1);
		return 0;
	}
	if (argc != 2 || (strcmp(argv[1], "regex") && strcmp(argv[1], "data"))) {
		fprintf(stderr, "usage: xmlregex_ref regex|data|nctables < lines\n");
		return 2;
	}
	data = strcmp(argv[1], "data") == 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		int r = data ? data_mode(line) : regex_mode(line);
		if (r < 0) {
			fprintf(stderr, "xmlregex_ref: bad line\n");
			return 2;
		}
		putchar(r);
		putchar('\n');
	}
	if (re != NULL)
		xmlRegFreeRegexp(re);
	if (vc != NULL)
		xmlRelaxNGFreeValidCtxt(vc);
	if (schema != NULL)
		xmlRelaxNGFree(schema);
	xmlCleanupParser();
	return 0;
}
