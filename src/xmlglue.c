/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xmlglue.c - the XML adapter: expat callbacks to events with 1-based positions, and the
 * XML hygiene rules (well-formedness, DOCTYPE, encoding, byte order mark, token limit).
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
#include <expat.h>

#include "glue.h"

struct sl_glue {
	XML_Parser parser;
	sl_sink *sink;
	sl_glue_handlers h;
	void *ctx;
	sl_limits limits;
	char head[2];       /* the first bytes, for the byte order mark check */
	unsigned nhead;
	bool head_checked;
	bool saw_start;     /* a start tag was reported */
	bool stopped;       /* expat cannot go on */
	bool hit_limit;
	unsigned long long fed;      /* bytes fed so far */
	unsigned long long event_at; /* where the latest piece with an event ended */
	bool saw_event;              /* an event in the piece being parsed */
	/* The text and end events, reused: they are most of a document's events, and their
	 * type, locate and context never change, so each one sets only its own fields and
	 * clears the annotations (sl_event: valid only during the call that passes it). */
	sl_event text, end;
};

static sl_pos cur_pos(sl_glue *x)
{
	return (sl_pos){(unsigned long)XML_GetCurrentLineNumber(x->parser),
	                (unsigned long)XML_GetCurrentColumnNumber(x->parser) + 1};
}

/* Notes that expat reported something: the token limit counts from the end of the
 * piece being parsed (see sl_glue_feed), one store per event. */
static inline void mark(sl_glue *x)
{
	x->saw_event = true;
}

/* Stops expat from inside a handler; the resulting XML_ERROR_ABORTED is ours. */
static void stop(sl_glue *x)
{
	x->stopped = true;
	XML_StopParser(x->parser, XML_FALSE);
}

/* ---- attribute positions, recovered from the raw start tag on demand ---- */

typedef struct raw_tag {
	XML_Parser parser;   /* asked for the raw bytes at the first search, still inside the
	                      * start handler: a tag without findings never asks */
	bool fetched;
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

/* Asks expat for the raw tag, at the first position a stage wants (expat keeps the
 * current event's bytes until its handler returns). */
static void fetch_tag(raw_tag *t)
{
	int offset = 0, size = 0;
	const char *ctx = XML_GetInputContext(t->parser, &offset, &size);
	t->p = NULL;
	if (ctx && offset >= 0 && offset < size)
		t->p = ctx + offset, t->end = ctx + size;
	t->fetched = true;
}

/* Finds the position of the i-th attribute expat reported (namespace declarations are
 * not reported, so they are not counted). */
static void attr_pos(void *ctx, size_t want, sl_pos *out)
{
	raw_tag *t = ctx;
	if (!t->fetched)
		fetch_tag(t);
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
			*out = start;
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

/* Splits expat's name into namespace, local name and prefix, and hashes the local name
 * once for every stage (sl_start.hash, with its length); an unprefixed name, the common
 * case, with one scan for the separator or the end and a hash of whole words
 * (sl_name_hash). */
static void split_name(const char *raw, sl_start *st, char *buf, size_t size)
{
	st->prefix = NULL;
	if (sl_name_hash(raw, &st->hash, &st->llen)) {
		st->ns = "", st->nslen = 0, st->local = raw;
		return;
	}
	const char *sep = strchr(raw, SL_NS_SEP);
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
	st->hash = sl_name_hash_len(buf, llen);
	st->llen = llen;
}

/* A new event of `type`: its annotations cleared, the fields of its type left to the
 * caller, the others unset (no stage reads them: see sl_event; no full zeroing of the
 * struct on the per-event path). */
static inline void ev_init(sl_event *ev, sl_ev_type type)
{
	_Static_assert(sizeof ev->annotations >= offsetof(sl_event, delegated) + 1 - offsetof(sl_event, kind),
	               "one store clears every annotation");
	ev->type = type;
	ev->annotations = 0; /* kind, role, fact, data, skip, delegated */
}

/* Hands an event to the handler of its type; stops the parse when it says so. */
static inline void deliver(sl_glue *x, sl_event *ev)
{
	if (!x->h.on[ev->type](x->ctx, ev))
		stop(x);
}

/* The position of a text or end event, asked only when a stage needs it (expat then
 * rescans from its last position). */
static void locate(void *ctx, sl_pos *out)
{
	*out = cur_pos(ctx);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	sl_glue *x = ud;
	char buf[512];
	sl_start st;
	sl_pos pos = cur_pos(x);
	mark(x);
	split_name(name, &st, buf, sizeof buf);
	st.atts = atts;
	/* expat counts what the tag specified (name and value: two each); attributes a DTD
	 * defaults come after them, and there are none (a DOCTYPE stops the parse before
	 * its subset), so the loop only checks, in one test, that atts ends there */
	st.nattrs = (size_t)XML_GetSpecifiedAttributeCount(x->parser) / 2;
	while (atts[2 * st.nattrs])
		st.nattrs++;
	st.pos = pos;
	raw_tag tag; /* what attr_pos() reads before its first search */
	tag.parser = x->parser, tag.fetched = false, tag.at = NULL, tag.pos = pos;
	st.attr_pos = attr_pos;
	st.ctx = &tag;
	x->saw_start = true;
	sl_event ev;
	ev_init(&ev, SL_EV_START);
	ev.pos = pos, ev.start = &st;
	deliver(x, &ev);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	sl_glue *x = ud;
	(void)name;
	mark(x);
	ev_init(&x->end, SL_EV_END);
	x->end.value = NULL;
	deliver(x, &x->end);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	sl_glue *x = ud;
	mark(x);
	ev_init(&x->text, SL_EV_TEXT);
	x->text.text = s, x->text.len = (size_t)len;
	deliver(x, &x->text);
}

/* Comments go on (suppression directives); processing instructions are not checked,
 * they only count as events for the token limit. */
static void XMLCALL on_comment(void *ud, const XML_Char *data)
{
	sl_glue *x = ud;
	mark(x);
	sl_event ev;
	ev_init(&ev, SL_EV_COMMENT);
	ev.text = data, ev.len = strlen(data), ev.locate = locate, ev.pos_ctx = x;
	deliver(x, &ev);
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
	(void)target, (void)data;
	mark(ud);
}

static void XMLCALL on_xmldecl(void *ud, const XML_Char *version, const XML_Char *encoding,
                               int standalone)
{
	sl_glue *x = ud;
	(void)version, (void)standalone;
	mark(x);
	if (encoding && strcasecmp(encoding, "UTF-8") && strcasecmp(encoding, "US-ASCII") &&
	    strcasecmp(encoding, "ASCII")) {
		char enc[SL_ARG_MAX + 4];
		sl_sink_emit(x->sink, SL_R_ENCODING, cur_pos(x), "convert the file to UTF-8 and declare encoding='UTF-8'",
		        sl_shorten(enc, encoding, strlen(encoding)), NULL, NULL);
	}
}

/* expat reports the doctype after its name; the finding belongs at "<!DOCTYPE", found
 * by looking back in expat's buffered context (same line, as libvirt writes them). */
static sl_pos doctype_pos(sl_glue *x)
{
	sl_pos pos = cur_pos(x);
	int offset = 0, size = 0;
	const char *ctx = XML_GetInputContext(x->parser, &offset, &size);
	if (!ctx || offset <= 0 || offset > size)
		return pos;
	for (int i = offset - 1; i >= 0 && ctx[i] != '\n'; i--) {
		if ((ctx[i] & 0xC0) != 0x80 && pos.col > 1)
			pos.col--;
		if (ctx[i] == '<')
			return pos;
	}
	return cur_pos(x);
}

/* Any DOCTYPE is refused before its internal subset is read: no entity is ever
 * declared, expanded or fetched. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	sl_glue *x = ud;
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	sl_sink_emit(x->sink, SL_R_DOCTYPE, doctype_pos(x), "delete the <!DOCTYPE ...> declaration", NULL,
	        NULL, NULL);
	stop(x);
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

sl_glue *sl_glue_new(const sl_options *opt, sl_sink *sink, const sl_glue_handlers *h, void *ctx)
{
	sl_glue *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->sink = sink, x->h = *h, x->ctx = ctx;
	x->text.locate = x->end.locate = locate;
	x->text.pos_ctx = x->end.pos_ctx = x;
	x->limits = opt->limits;
	x->parser = XML_ParserCreateNS(NULL, SL_NS_SEP);
	if (!x->parser) {
		free(x);
		return NULL;
	}
	XML_SetReturnNSTriplet(x->parser, 1);
	if (opt->hash_salt)
		XML_SetHashSalt(x->parser, opt->hash_salt);
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, on_start, on_end);
	XML_SetCharacterDataHandler(x->parser, on_text);
	XML_SetXmlDeclHandler(x->parser, on_xmldecl);
	XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
	XML_SetCommentHandler(x->parser, on_comment);
	XML_SetProcessingInstructionHandler(x->parser, on_pi);
	(void)harden(x->parser);
	return x;
}

/* Reports expat's own error (not the abort we asked for). */
static void parse_error(sl_glue *x)
{
	enum XML_Error code = XML_GetErrorCode(x->parser);
	if (code == XML_ERROR_ABORTED && x->stopped)
		return;
	sl_pos pos = {(unsigned long)XML_GetErrorLineNumber(x->parser),
	              (unsigned long)XML_GetErrorColumnNumber(x->parser) + 1};
	const char *hint = NULL;
	if (code == XML_ERROR_NO_ELEMENTS)
		hint = x->saw_start ? "the document ends before its root element is closed"
		                 : "the input holds no element";
	sl_sink_emit(x->sink, SL_R_NOT_WELL_FORMED, pos, hint, XML_ErrorString(code), NULL, NULL);
	x->stopped = true;
}

/* Notes a UTF-16 byte order mark, which expat accepts but libvirt never writes. */
static void check_bom(sl_glue *x, const char *buf, size_t len)
{
	while (x->nhead < 2 && len > 0)
		x->head[x->nhead++] = *buf++, len--;
	if (x->nhead == 2 && !x->head_checked) {
		x->head_checked = true;
		unsigned char a = (unsigned char)x->head[0], b = (unsigned char)x->head[1];
		if ((a == 0xFE && b == 0xFF) || (a == 0xFF && b == 0xFE))
			sl_sink_emit(x->sink, SL_R_ENCODING, (sl_pos){1, 1}, "convert the file to UTF-8", "UTF-16",
			        NULL, NULL);
	}
}

/* Stops the parse when more than the token limit was fed without a parse event: expat
 * would otherwise buffer an unbounded tag, name, value or comment. */
static bool token_limit(sl_glue *x)
{
	if (x->fed - x->event_at <= x->limits.max_token)
		return false;
	char msg[160];
	snprintf(msg, sizeof msg,
	         "a single tag, name, attribute value or comment is longer than %zu bytes",
	         x->limits.max_token);
	sl_sink_emit(x->sink, SL_R_LIMIT, cur_pos(x),
	        "no libvirt document has a token that long; raise --max-token if this one must",
	        msg, NULL, NULL);
	x->hit_limit = true;
	x->stopped = true;
	return true;
}

/* expat defers reparsing an unfinished token until its buffer has about doubled
 * (reparse deferral), so a token that did end may not have been reported yet: a 9 MB
 * tag would only be seen once 16 MiB were buffered.  Before a token is called too long,
 * expat parses what it holds, once, without deferral. */
static bool flush_deferred(sl_glue *x)
{
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
	XML_SetReparseDeferralEnabled(x->parser, XML_FALSE);
	enum XML_Status st = XML_Parse(x->parser, "", 0, XML_FALSE);
	XML_SetReparseDeferralEnabled(x->parser, XML_TRUE);
	if (st != XML_STATUS_OK) {
		parse_error(x);
		return false;
	}
#else
	(void)x; /* an expat without the function never defers */
#endif
	return true;
}

/* The input goes to expat in pieces of at most SL_FEED_PIECE bytes, so that the token
 * limit is checked at the same points whatever the caller's chunk sizes.  A token is
 * counted from the end of the last piece with an event: the limit may let a token run
 * up to one piece longer, never stop a shorter one. */
#define SL_FEED_PIECE ((size_t)64 << 10)

bool sl_glue_feed(sl_glue *x, const char *buf, size_t len)
{
	if (x->stopped)
		return false;
	if (!x->head_checked)
		check_bom(x, buf, len);
	while (len > 0) {
		size_t n = len > SL_FEED_PIECE ? SL_FEED_PIECE : len;
		if (XML_Parse(x->parser, buf, (int)n, XML_FALSE) != XML_STATUS_OK) {
			parse_error(x);
			return false;
		}
		x->fed += n;
		if (!x->saw_event && x->fed - x->event_at > x->limits.max_token &&
		    !flush_deferred(x))
			return false;
		if (x->saw_event) { /* the token in progress began in this piece or later */
			x->event_at = x->fed;
			x->saw_event = false;
		}
		if (token_limit(x))
			return false;
		buf += n, len -= n;
	}
	return true;
}

void sl_glue_finish(sl_glue *x)
{
	if (!x->stopped && XML_Parse(x->parser, "", 0, XML_TRUE) != XML_STATUS_OK)
		parse_error(x);
}

void sl_glue_free(sl_glue *x)
{
	if (!x)
		return;
	XML_ParserFree(x->parser);
	free(x);
}

bool sl_glue_stopped(const sl_glue *x)
{
	return x->stopped;
}

bool sl_glue_hit_limit(const sl_glue *x)
{
	return x->hit_limit;
}
