/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xmlglue.c - expat events to the grammar machine, with 1-based positions; the sl_doc
 * lifecycle (feed/finish) and the XML hygiene rules (DOCTYPE, encoding, root).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The expat functions found by tools/probe-expat.sh (build/sl_expat_features.h).  Its
 * name is unique: a "config.h" here once picked up the CLI's src/config.h instead, and
 * every protection below was silently compiled out. */
#include "sl_expat_features.h"
#ifndef SL_EXPAT_FEATURES_PROBED
#error "sl_expat_features.h is not the header tools/probe-expat.sh writes"
#endif
#if (defined(HAVE_XML_SETBILLIONLAUGHSATTACKPROTECTIONMAXIMUMAMPLIFICATION) || \
     defined(HAVE_XML_SETALLOCTRACKERMAXIMUMAMPLIFICATION)) && !defined(XML_DTD)
#define XML_DTD 1 /* expat.h declares these protections only under XML_DTD */
#define XML_GE 1
#endif
#include "internal.h"

static sl_pos cur_pos(sl_doc *doc)
{
	return (sl_pos){(unsigned long)XML_GetCurrentLineNumber(doc->parser),
	                (unsigned long)XML_GetCurrentColumnNumber(doc->parser) + 1};
}

/* Notes that expat reported something: the token limit counts from the end of the
 * piece being parsed (see sl_doc_feed), one store per event. */
static inline void mark(sl_doc *doc)
{
	doc->saw_event = true;
}

/* Stops expat from inside a handler; the resulting XML_ERROR_ABORTED is ours. */
static void stop(sl_doc *doc)
{
	doc->stopped = true;
	XML_StopParser(doc->parser, XML_FALSE);
}

/* ---- attribute positions, recovered from the raw start tag on demand ---- */

typedef struct raw_tag {
	sl_doc *doc;
	const char *p, *end; /* the raw bytes from '<' on, as far as expat buffered them */
	sl_pos pos;          /* of '<' */
	/* Where the last search stopped: findings come in attribute order, so each search
	 * resumes there and a tag with n attributes costs O(n), not O(n^2). */
	const char *at;
	sl_pos at_pos;
	size_t seen;
} raw_tag;

static bool name_char(unsigned char c)
{
	return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '=' || c == '>' ||
	         c == '/' || c == '"' || c == '\'');
}

/* Moves over one byte, keeping line and column (in characters) current. */
static void step(const char **p, sl_pos *pos)
{
	unsigned char c = (unsigned char)**p;
	if (c == '\n' || (c == '\r' && !((*p)[1] == '\n')))
		pos->line++, pos->col = 1;
	else if (c != '\r' && (c & 0xC0) != 0x80)
		pos->col++;
	(*p)++;
}

/* Moves over an attribute's ="value" (or as much of it as is there). */
static void skip_value(const char **p, const char *end, sl_pos *pos)
{
	while (*p < end && **p != '"' && **p != '\'')
		step(p, pos);
	if (*p >= end)
		return;
	char q = **p;
	step(p, pos);
	while (*p < end && **p != q)
		step(p, pos);
	if (*p < end)
		step(p, pos);
}

/* Finds the position of the i-th attribute expat reported (namespace declarations are
 * not reported, so they are not counted). */
static void attr_pos(void *ctx, size_t want, unsigned long *line, unsigned long *col)
{
	raw_tag *t = ctx;
	if (!t->p)
		return;
	if (!t->at || want < t->seen) { /* from the start: past the element name */
		t->at = t->p, t->at_pos = t->pos, t->seen = 0;
		step(&t->at, &t->at_pos); /* '<' */
		while (t->at < t->end && name_char((unsigned char)*t->at))
			step(&t->at, &t->at_pos);
	}
	const char *p = t->at, *end = t->end;
	sl_pos pos = t->at_pos;
	while (p < end) {
		while (p < end && !name_char((unsigned char)*p) && *p != '>' && *p != '/')
			step(&p, &pos);
		if (p >= end || *p == '>' || *p == '/')
			break;
		sl_pos start = pos;
		const char *name = p, *before = p;
		sl_pos before_pos = pos;
		while (p < end && name_char((unsigned char)*p))
			step(&p, &pos);
		size_t len = (size_t)(p - name);
		bool xmlns = (len == 5 && !memcmp(name, "xmlns", 5)) ||
		             (len > 6 && !memcmp(name, "xmlns:", 6));
		if (!xmlns && t->seen == want) {
			*line = start.line, *col = start.col;
			t->at = before, t->at_pos = before_pos; /* found again cheaply if asked twice */
			return;
		}
		if (!xmlns)
			t->seen++;
		skip_value(&p, end, &pos);
	}
	t->at = p, t->at_pos = pos;
}

/* ---- element events ---- */

static void split_name(const char *raw, sl_start *st, char *buf, size_t size)
{
	const char *sep = strchr(raw, SL_NS_SEP);
	st->prefix = NULL;
	if (!sep) {
		st->ns = "", st->nslen = 0, st->local = raw;
		return;
	}
	st->ns = raw, st->nslen = (size_t)(sep - raw);
	const char *local = sep + 1, *sep2 = strchr(local, SL_NS_SEP);
	size_t llen = sep2 ? (size_t)(sep2 - local) : strlen(local);
	if (llen >= size / 2)
		llen = size / 2 - 1;
	memcpy(buf, local, llen);
	buf[llen] = '\0';
	st->local = buf;
	if (sep2) {
		size_t plen = strlen(sep2 + 1);
		if (plen >= size / 2)
			plen = size / 2 - 1;
		memcpy(buf + size / 2, sep2 + 1, plen);
		buf[size / 2 + plen] = '\0';
		st->prefix = buf + size / 2;
	}
}

/* Recognises the document by its root element; false to stop. */
static bool start_root(sl_doc *doc, const sl_start *st, unsigned *root_kind)
{
	const char *local = st->local;
	size_t n = strlen(local);
	doc->root = malloc(n + 1);
	if (doc->root)
		memcpy(doc->root, local, n + 1);
	doc->root_line = st->line, doc->root_col = st->col;
	if (!strcmp(local, "domainsnapshot"))
		doc->kind = SL_KIND_SNAPSHOT, *root_kind = SL_KIND_ID_SNAPSHOT;
	else if (!strcmp(local, "domaincheckpoint"))
		doc->kind = SL_KIND_CHECKPOINT, *root_kind = SL_KIND_ID_CHECKPOINT;
	else if (!strcmp(local, "domain") && doc->opt.domain_root)
		doc->kind = SL_KIND_DOMAIN, *root_kind = SL_KIND_ID_DOMAIN;
	else {
		doc->kind = SL_KIND_OTHER;
		if (doc->opt.other_root_is_error) {
			char name[SL_ARG_MAX + 4];
			sl_emit(doc, SL_R_UNKNOWN_ROOT, (sl_pos){st->line, st->col},
			        "snaplint checks libvirt snapshot and checkpoint XML only",
			        sl_shorten(name, local, n), NULL, NULL);
		}
		return false;
	}
	if (st->nslen) {
		char ns[SL_ARG_MAX + 4];
		sl_emit(doc, SL_R_ROOT_NAMESPACE, (sl_pos){st->line, st->col},
		        "remove the xmlns attribute: libvirt's parser ignores every child of a namespaced root",
		        local, sl_shorten(ns, st->ns, st->nslen), NULL);
	}
	return true;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	sl_doc *doc = ud;
	char buf[512];
	sl_start st;
	sl_pos pos = cur_pos(doc);
	mark(doc);
	if (doc->supps.pending_next)
		sl_supp_start(doc, pos, doc->g.depth);
	split_name(name, &st, buf, sizeof buf);
	st.atts = atts;
	st.nattrs = 0;
	while (atts[2 * st.nattrs])
		st.nattrs++;
	st.line = pos.line, st.col = pos.col;
	raw_tag tag = {.doc = doc, .pos = pos};
	int offset = 0, size = 0;
	const char *ctx = XML_GetInputContext(doc->parser, &offset, &size);
	if (ctx && offset >= 0 && offset < size)
		tag.p = ctx + offset, tag.end = ctx + size;
	st.attr_pos = attr_pos;
	st.ctx = &tag;

	unsigned root_kind = 0;
	if (doc->g.depth == 0 && !doc->root) {
		if (!start_root(doc, &st, &root_kind)) {
			stop(doc);
			return;
		}
		if (st.nslen) {
			doc->root_ns = malloc(st.nslen);
			if (doc->root_ns)
				memcpy(doc->root_ns, st.ns, st.nslen);
			doc->g.root_ns = doc->root_ns;
			doc->g.root_nslen = doc->root_ns ? st.nslen : 0;
		}
	}
	if (!sl_grammar_start(&doc->g, &st, root_kind)) {
		doc->hit_limit = true;
		stop(doc);
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	sl_doc *doc = ud;
	(void)name;
	mark(doc);
	if (doc->supps.open_next && doc->g.depth)
		sl_supp_end(doc, cur_pos(doc), doc->g.depth - 1);
	sl_grammar_end(&doc->g);
}

static void text_pos(void *ctx, unsigned long *line, unsigned long *col)
{
	sl_pos pos = cur_pos(ctx);
	*line = pos.line, *col = pos.col;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	sl_doc *doc = ud;
	mark(doc);
	sl_grammar_text(&doc->g, s, (size_t)len, text_pos, doc);
}

/* Comments and processing instructions are not checked; they only count as events for
 * the token limit. */
static void XMLCALL on_comment(void *ud, const XML_Char *data)
{
	sl_doc *doc = ud;
	mark(doc);
	if (!doc->opt.no_inline_config)
		sl_supp_comment(doc, data, cur_pos(doc));
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
	(void)target, (void)data;
	mark(ud);
}

static void XMLCALL on_xmldecl(void *ud, const XML_Char *version, const XML_Char *encoding,
                               int standalone)
{
	sl_doc *doc = ud;
	(void)version, (void)standalone;
	mark(doc);
	if (encoding && strcasecmp(encoding, "UTF-8") && strcasecmp(encoding, "US-ASCII") &&
	    strcasecmp(encoding, "ASCII")) {
		char enc[SL_ARG_MAX + 4];
		sl_emit(doc, SL_R_ENCODING, cur_pos(doc), "convert the file to UTF-8 and declare encoding='UTF-8'",
		        sl_shorten(enc, encoding, strlen(encoding)), NULL, NULL);
	}
}

/* expat reports the doctype after its name; the finding belongs at "<!DOCTYPE", found
 * by looking back in expat's buffered context (same line, as libvirt writes them). */
static sl_pos doctype_pos(sl_doc *doc)
{
	sl_pos pos = cur_pos(doc);
	int offset = 0, size = 0;
	const char *ctx = XML_GetInputContext(doc->parser, &offset, &size);
	if (!ctx || offset <= 0 || offset > size)
		return pos;
	for (int i = offset - 1; i >= 0 && ctx[i] != '\n'; i--) {
		if ((ctx[i] & 0xC0) != 0x80 && pos.col > 1)
			pos.col--;
		if (ctx[i] == '<')
			return pos;
	}
	return cur_pos(doc);
}

/* Any DOCTYPE is refused before its internal subset is read: no entity is ever
 * declared, expanded or fetched. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	sl_doc *doc = ud;
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	sl_emit(doc, SL_R_DOCTYPE, doctype_pos(doc), "delete the <!DOCTYPE ...> declaration", NULL,
	        NULL, NULL);
	stop(doc);
}

/* ---- lifecycle ---- */

/* Sets expat's protections on a new parser; returns the SL_PROTECT_* bits of those
 * this expat has and accepted.  The DOCTYPE is refused before any entity is declared
 * (on_doctype), so these are the second line: they bound what a parser could still
 * expand or allocate. */
static unsigned harden(XML_Parser p)
{
	unsigned on = 0;
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
#ifdef HAVE_XML_SETBILLIONLAUGHSATTACKPROTECTIONMAXIMUMAMPLIFICATION
	if (XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 2.0f))
		on |= SL_PROTECT_BILLION_LAUGHS;
#endif
#ifdef HAVE_XML_SETALLOCTRACKERMAXIMUMAMPLIFICATION
	if (XML_SetAllocTrackerMaximumAmplification(p, 100.0f)) /* expat's default, pinned */
		on |= SL_PROTECT_ALLOC_TRACKER;
#endif
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
	/* expat's default, pinned: a long token is not rescanned from its start each time
	 * more of it arrives (linear, not quadratic, up to the token limit) */
	if (XML_SetReparseDeferralEnabled(p, XML_TRUE))
		on |= SL_PROTECT_REPARSE_DEFERRAL;
#endif
	return on;
}

unsigned sl_parser_protections(void)
{
	XML_Parser p = XML_ParserCreateNS(NULL, SL_NS_SEP);
	if (!p)
		return 0;
	unsigned on = harden(p);
	XML_ParserFree(p);
	return on;
}

sl_doc *sl_doc_new(const sl_options *opt)
{
	sl_doc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	if (opt)
		doc->opt = *opt;
	if (!doc->opt.limits.max_depth)
		doc->opt.limits.max_depth = 256;
	if (!doc->opt.limits.max_token)
		doc->opt.limits.max_token = SL_MAX_TOKEN_DEFAULT;
	doc->parser = XML_ParserCreateNS(NULL, SL_NS_SEP);
	if (!doc->parser || !sl_grammar_init(&doc->g, doc, doc->opt.limits.max_depth)) {
		sl_doc_free(doc);
		return NULL;
	}
	XML_SetReturnNSTriplet(doc->parser, 1);
	if (doc->opt.hash_salt)
		XML_SetHashSalt(doc->parser, doc->opt.hash_salt);
	XML_SetUserData(doc->parser, doc);
	XML_SetElementHandler(doc->parser, on_start, on_end);
	XML_SetCharacterDataHandler(doc->parser, on_text);
	XML_SetXmlDeclHandler(doc->parser, on_xmldecl);
	XML_SetStartDoctypeDeclHandler(doc->parser, on_doctype);
	XML_SetCommentHandler(doc->parser, on_comment);
	XML_SetProcessingInstructionHandler(doc->parser, on_pi);
	(void)harden(doc->parser);
	return doc;
}

/* Reports expat's own error (not the abort we asked for). */
static void parse_error(sl_doc *doc)
{
	enum XML_Error code = XML_GetErrorCode(doc->parser);
	if (code == XML_ERROR_ABORTED && doc->stopped)
		return;
	sl_pos pos = {(unsigned long)XML_GetErrorLineNumber(doc->parser),
	              (unsigned long)XML_GetErrorColumnNumber(doc->parser) + 1};
	const char *hint = NULL;
	if (code == XML_ERROR_NO_ELEMENTS)
		hint = doc->root ? "the document ends before its root element is closed"
		                 : "the input holds no element";
	sl_emit(doc, SL_R_NOT_WELL_FORMED, pos, hint, XML_ErrorString(code), NULL, NULL);
	doc->stopped = true;
}

/* Notes a UTF-16 byte order mark, which expat accepts but libvirt never writes. */
static void check_bom(sl_doc *doc, const char *buf, size_t len)
{
	while (doc->nhead < 2 && len > 0)
		doc->head[doc->nhead++] = *buf++, len--;
	if (doc->nhead == 2 && !doc->head_checked) {
		doc->head_checked = true;
		unsigned char a = (unsigned char)doc->head[0], b = (unsigned char)doc->head[1];
		if ((a == 0xFE && b == 0xFF) || (a == 0xFF && b == 0xFE))
			sl_emit(doc, SL_R_ENCODING, (sl_pos){1, 1}, "convert the file to UTF-8", "UTF-16",
			        NULL, NULL);
	}
}

/* Stops the parse when more than the token limit was fed without a parse event: expat
 * would otherwise buffer an unbounded tag, name, value or comment. */
static bool token_limit(sl_doc *doc)
{
	if (doc->fed - doc->event_at <= doc->opt.limits.max_token)
		return false;
	char msg[160];
	snprintf(msg, sizeof msg,
	         "a single tag, name, attribute value or comment is longer than %zu bytes",
	         doc->opt.limits.max_token);
	sl_emit(doc, SL_R_LIMIT, cur_pos(doc),
	        "no libvirt document has a token that long; raise --max-token if this one must",
	        msg, NULL, NULL);
	doc->hit_limit = true;
	doc->stopped = true;
	return true;
}

/* expat defers reparsing an unfinished token until its buffer has about doubled
 * (reparse deferral), so a token that did end may not have been reported yet: a 9 MB
 * tag would only be seen once 16 MiB were buffered.  Before a token is called too long,
 * expat parses what it holds, once, without deferral. */
static bool flush_deferred(sl_doc *doc)
{
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
	XML_SetReparseDeferralEnabled(doc->parser, XML_FALSE);
	enum XML_Status st = XML_Parse(doc->parser, "", 0, XML_FALSE);
	XML_SetReparseDeferralEnabled(doc->parser, XML_TRUE);
	if (st != XML_STATUS_OK) {
		parse_error(doc);
		return false;
	}
#else
	(void)doc; /* an expat without the function never defers */
#endif
	return true;
}

/* The input goes to expat in pieces of at most SL_FEED_PIECE bytes, so that the token
 * limit is checked at the same points whatever the caller's chunk sizes.  A token is
 * counted from the end of the last piece with an event: the limit may let a token run
 * up to one piece longer, never stop a shorter one. */
#define SL_FEED_PIECE ((size_t)64 << 10)

bool sl_doc_feed(sl_doc *doc, const char *buf, size_t len)
{
	if (doc->stopped || doc->finished)
		return false;
	if (!doc->head_checked)
		check_bom(doc, buf, len);
	while (len > 0) {
		size_t n = len > SL_FEED_PIECE ? SL_FEED_PIECE : len;
		if (XML_Parse(doc->parser, buf, (int)n, XML_FALSE) != XML_STATUS_OK) {
			parse_error(doc);
			return false;
		}
		doc->fed += n;
		if (!doc->saw_event && doc->fed - doc->event_at > doc->opt.limits.max_token &&
		    !flush_deferred(doc))
			return false;
		if (doc->saw_event) { /* the token in progress began in this piece or later */
			doc->event_at = doc->fed;
			doc->saw_event = false;
		}
		if (token_limit(doc))
			return false;
		buf += n, len -= n;
	}
	return true;
}

void sl_doc_finish(sl_doc *doc)
{
	if (doc->finished)
		return;
	if (!doc->stopped && XML_Parse(doc->parser, "", 0, XML_TRUE) != XML_STATUS_OK)
		parse_error(doc);
	doc->finished = true;
	doc->mode = sl_sem_finish(doc);
	sl_sem_release(&doc->sem); /* the domain's disks stay, for use as a live domain */
	doc->sink.closed = true; /* lets the summary below past the cap */
	XML_ParserFree(doc->parser); /* only the findings and facts outlive the parse */
	doc->parser = NULL;
	sl_grammar_free(&doc->g);
	if (doc->sink.dropped) {
		char msg[120];
		snprintf(msg, sizeof msg, "%zu further findings were not kept", doc->sink.dropped);
		sl_emit(doc, SL_R_LIMIT, (sl_pos){1, 1}, NULL, msg, NULL, NULL);
	}
	sl_sink_render(&doc->sink);
}

void sl_doc_free(sl_doc *doc)
{
	if (!doc)
		return;
	if (doc->parser)
		XML_ParserFree(doc->parser);
	sl_grammar_free(&doc->g);
	sl_sink_free(&doc->sink);
	sl_sink_free(&doc->late);
	free(doc->supps.r);
	sl_sem_free(&doc->sem);
	free(doc->root);
	free(doc->root_ns);
	free(doc);
}

sl_kind sl_doc_kind(const sl_doc *doc)
{
	return doc->kind;
}

const char *sl_doc_root(const sl_doc *doc)
{
	return doc->root;
}

bool sl_doc_hit_limit(const sl_doc *doc)
{
	return doc->hit_limit;
}

size_t sl_doc_ndiags(const sl_doc *doc)
{
	return doc->sink.ndiags;
}

const sl_diag *sl_doc_diag(const sl_doc *doc, size_t i)
{
	return i < doc->sink.ndiags ? &doc->sink.diags[i] : NULL;
}

bool sl_doc_fact(const sl_doc *doc, sl_fact fact, sl_fact_value *out)
{
	const sl_grammar *g = &doc->g;
	if (fact <= SL_FACT_NONE || fact >= SL_FACT_COUNT || !g->fact_present[fact])
		return false;
	out->text = g->fact[fact];
	out->len = g->fact_total[fact];
	out->truncated = g->fact_total[fact] > g->fact_len[fact];
	out->hash = g->fact_hash[fact];
	out->line = g->fact_line[fact];
	out->column = g->fact_col[fact];
	return true;
}

sl_mode sl_doc_mode(const sl_doc *doc)
{
	return doc->mode;
}

const char *sl_mode_name(sl_mode mode)
{
	static const char *const names[] = {"auto", "create", "redefine", "stored"};
	return names[mode];
}

const char *sl_kind_name(sl_kind kind)
{
	static const char *const names[] = {"unknown", "snapshot", "checkpoint", "other", "domain"};
	return names[kind];
}
