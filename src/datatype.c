/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* datatype.c - streaming value scanners for the datatypes of libvirt's schemas, with
 * libxml2 2.9's verdicts (the reference is `xmllint --relaxng`).
 *
 * Three shapes of scanner:
 *  - character-class runs (names, paths, unsigned numbers): a few bits of state per
 *    byte, any length;
 *  - bounded patterns (UUID, IP addresses, units, hex forms): judged at the end on the
 *    kept prefix by a small backtracking matcher of XSD regular expressions; a value
 *    longer than SL_DT_KEEP - 1 bytes can never match them;
 *  - xsd:int / xsd:unsignedInt with range facets and no pattern (uint8, uint32,
 *    pciSlot, pciFunc): libxml2 collapses whitespace and accepts a sign for int, so
 *    they are scanned as [ws][sign]digits[ws] with a saturating value.
 * libxml2 checks pattern facets on the raw value: numbers with a [0-9]+ pattern take no
 * whitespace or sign.  positiveInteger is limited by libxml2 to 24 significant digits.
 */
#include <string.h>

#include "datatype.h"

/* ---- per-type descriptions ---- */

static const char *const rng_names[] = {
#define SL_DT_RNG(id, rng, desc) rng,
	SL_DATATYPES(SL_DT_RNG)
#undef SL_DT_RNG
};

static const char *const descriptions[] = {
#define SL_DT_DESC(id, rng, desc) desc,
	SL_DATATYPES(SL_DT_DESC)
#undef SL_DT_DESC
};

const char *sl_dt_rng_name(sl_dt dt)
{
	return rng_names[dt];
}

const char *sl_dt_describe(sl_dt dt)
{
	return descriptions[dt];
}

/* ---- scanner state bits ---- */

/* flags: one "still possible" bit per sub-machine; a value is valid when a machine
 * that is still possible ends in an accepting state. */
enum {
	M_ABS = 1 << 0,    /* absFilePath */
	M_TARGET = 1 << 1, /* diskTargetDev, first branch (prefix + class run) */
	M_NVME = 1 << 2,   /* diskTargetDev, nvme branch */
	M_CLASS = 1 << 3,  /* a character-class run (names, dnsName, deviceName...) */
	M_VMW = 1 << 4,    /* vmwarePath */
	M_NUM = 1 << 5,    /* a number */
	M_BOUNDED = 1 << 6 /* a bounded pattern on keep[] */
};

/* state: byte fields of the sub-machines */
#define ABS_ST(s) ((s)->state & 0xFF)
#define NVME_ST(s) (((s)->state >> 8) & 0xFF)
#define VMW_ST(s) (((s)->state >> 16) & 0xFF)
#define SET_ST(s, shift, v) ((s)->state = ((s)->state & ~(0xFFu << (shift))) | ((uint32_t)(v) << (shift)))

/* number scanner phases (in NUM_ST) */
enum { N_LEAD, N_SIGN, N_DIGITS, N_TRAIL };
#define NUM_ST(s) (((s)->state >> 24) & 0xFF)

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The character-class run of each class-run type; c is a byte (non-ASCII bytes belong
 * to a class only when the class is negated). */
static bool in_class(sl_dt dt, unsigned char c, bool first)
{
	switch (dt) {
	case SL_DT_CHECKPOINT_NAME:
		return is_alnum(c) || c == '_' || c == '-' || (c == '.' && !first);
	case SL_DT_GENERIC_NAME:
		return is_alnum(c) || c == '_' || c == '+' || c == '-';
	case SL_DT_OBJECT_NAME:
		return c != '/' && c != '\n';
	case SL_DT_VOL_NAME:
		return c != '/';
	case SL_DT_DNS_NAME:
	case SL_DT_HOST_NAME:
		return is_alnum(c) || c == '.' || c == '-';
	case SL_DT_DEVICE_NAME:
	case SL_DT_BLOCK_DEV:
		return is_alnum(c) || c == '_' || c == '.' || c == '-' || c == '\\' || c == ':' ||
		       c == '/';
	case SL_DT_COOKIE_NAME:
		return is_alnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
	default:
		return false;
	}
}

/* Which sub-machines a type runs. */
static uint32_t machines(sl_dt dt)
{
	switch (dt) {
	case SL_DT_ABS_FILE_PATH: return M_ABS;
	case SL_DT_DISK_TARGET: return M_TARGET | M_NVME;
	case SL_DT_DISK_NAME: return M_ABS | M_TARGET | M_NVME;
	case SL_DT_FILE_PATH: return M_ABS | M_VMW;
	case SL_DT_BLOCK_DEV: return M_ABS | M_CLASS;
	case SL_DT_VMWARE_PATH: return M_VMW;
	case SL_DT_CHECKPOINT_NAME:
	case SL_DT_GENERIC_NAME:
	case SL_DT_OBJECT_NAME:
	case SL_DT_VOL_NAME:
	case SL_DT_DNS_NAME:
	case SL_DT_DEVICE_NAME:
	case SL_DT_COOKIE_NAME: return M_CLASS;
	case SL_DT_HOST_NAME: return M_CLASS | M_BOUNDED;
	case SL_DT_UNSIGNED_LONG:
	case SL_DT_UNSIGNED_INT:
	case SL_DT_POSITIVE_INTEGER: return M_NUM;
	case SL_DT_UINT8:
	case SL_DT_UINT32:
	case SL_DT_PCI_SLOT:
	case SL_DT_PCI_FUNC: return M_NUM | M_BOUNDED;
	case SL_DT_UUID:
	case SL_DT_IP_ADDR:
	case SL_DT_UNIT: return M_BOUNDED;
	case SL_DT_COOKIE_VALUE: return M_CLASS; /* see cookie_value() */
	default: return 0;
	}
}

void sl_dt_begin(sl_dtscan *s, sl_dt dt)
{
	s->type = dt;
	s->state = 0;
	s->flags = machines(dt);
	s->count = 0;
	s->acc = 0;
	s->kept = 0;
	s->overflow = false;
	s->keep[0] = '\0';
}

/* ---- sub-machines, one byte at a time ---- */

/* absFilePath: (/|[a-zA-Z]:\\).+ where '.' is any character but \n and \r.
 * States: 0 start, 1 after a drive letter, 2 after ':', 3 prefix done, 4 accepting. */
static void abs_step(sl_dtscan *s, unsigned char c, bool lead)
{
	unsigned st = ABS_ST(s);
	if (c == '\n' || c == '\r') {
		s->flags &= ~(uint32_t)M_ABS;
		return;
	}
	if (!lead) /* continuation byte of a character already counted */
		return;
	switch (st) {
	case 0:
		st = c == '/' ? 3 : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 1 : 99;
		break;
	case 1: st = c == ':' ? 2 : 99; break;
	case 2: st = c == '\\' ? 3 : 99; break;
	default: st = 4; break;
	}
	if (st == 99)
		s->flags &= ~(uint32_t)M_ABS;
	else
		SET_ST(s, 0, st);
}

/* diskTargetDev, nvme branch: nvme[0-9]+n[0-9]+(p[0-9]+)?
 * States: 0-3 inside "nvme", 4 digits expected, 5 digits, 6 after 'n', 7 digits
 * (accepting), 8 after 'p', 9 digits (accepting). */
static void nvme_step(sl_dtscan *s, unsigned char c)
{
	static const char word[] = "nvme";
	unsigned st = NVME_ST(s), next = 99;
	bool digit = c >= '0' && c <= '9';
	if (st < 4)
		next = c == (unsigned char)word[st] ? st + 1 : 99;
	else if (st == 4 || st == 5)
		next = digit ? 5 : (st == 5 && c == 'n') ? 6 : 99;
	else if (st == 6 || st == 7)
		next = digit ? 7 : (st == 7 && c == 'p') ? 8 : 99;
	else if (st == 8 || st == 9)
		next = digit ? 9 : 99;
	if (next == 99)
		s->flags &= ~(uint32_t)M_NVME;
	else
		SET_ST(s, 8, next);
}

/* vmwarePath: \[[^\]]+\] .+  States: 0 '[', 1 first inner char, 2 inner chars or ']',
 * 3 ' ', 4 first '.', 5 accepting. */
static void vmw_step(sl_dtscan *s, unsigned char c, bool lead)
{
	unsigned st = VMW_ST(s), next = 99;
	if (!lead && st != 0 && st != 3)
		return; /* continuation bytes belong to a character already judged */
	switch (st) {
	case 0: next = c == '[' ? 1 : 99; break;
	case 1: next = c != ']' ? 2 : 99; break;
	case 2: next = c == ']' ? 3 : 2; break;
	case 3: next = c == ' ' ? 4 : 99; break;
	default: next = (c == '\n' || c == '\r') ? 99 : 5; break;
	}
	if (next == 99)
		s->flags &= ~(uint32_t)M_VMW;
	else
		SET_ST(s, 16, next);
}

/* The number machines.  Types with a [0-9]+ pattern take digits only; xsd int and
 * unsignedInt with range facets take whitespace around and (int) a sign. */
static bool num_takes_space(sl_dt dt)
{
	return dt == SL_DT_UINT8 || dt == SL_DT_UINT32 || dt == SL_DT_PCI_SLOT ||
	       dt == SL_DT_PCI_FUNC;
}

static bool num_takes_sign(sl_dt dt)
{
	return dt == SL_DT_UINT8 || dt == SL_DT_PCI_SLOT || dt == SL_DT_PCI_FUNC;
}

#define SIG_DIGITS(s) ((s)->count) /* reused: significant digits for numbers */
#define F_NEGATIVE (1u << 30)
#define F_OVERFLOW (1u << 29)

static void num_fail(sl_dtscan *s)
{
	s->flags &= ~(uint32_t)M_NUM;
}

static void num_step(sl_dtscan *s, unsigned char c)
{
	unsigned st = NUM_ST(s);
	bool space = num_takes_space(s->type) && is_space(c);
	bool digit = c >= '0' && c <= '9';
	if (st == N_LEAD && space)
		return;
	if (st == N_LEAD && num_takes_sign(s->type) && (c == '+' || c == '-')) {
		if (c == '-')
			s->flags |= F_NEGATIVE;
		SET_ST(s, 24, N_SIGN);
		return;
	}
	if ((st == N_LEAD || st == N_SIGN || st == N_DIGITS) && digit) {
		SET_ST(s, 24, N_DIGITS);
		if (c == '0' && s->acc == 0 && !(s->flags & F_OVERFLOW))
			return; /* leading zeros */
		unsigned d = (unsigned)(c - '0');
		if (s->acc > (UINT64_MAX - d) / 10)
			s->flags |= F_OVERFLOW;
		else
			s->acc = s->acc * 10 + d;
		if (SIG_DIGITS(s) < UINT64_MAX)
			SIG_DIGITS(s)++;
		return;
	}
	if ((st == N_DIGITS || st == N_TRAIL) && space) {
		SET_ST(s, 24, N_TRAIL);
		return;
	}
	num_fail(s);
}

static bool num_end(const sl_dtscan *s)
{
	if (!(s->flags & M_NUM) || NUM_ST(s) < N_DIGITS)
		return false;
	bool over = s->flags & F_OVERFLOW, neg = s->flags & F_NEGATIVE;
	uint64_t v = s->acc;
	switch (s->type) {
	case SL_DT_UNSIGNED_LONG: return !over;
	case SL_DT_UNSIGNED_INT: return !over && v <= 4294967295u;
	case SL_DT_POSITIVE_INTEGER: return v > 0 || over ? SIG_DIGITS(s) <= 24 : false;
	case SL_DT_UINT32: return !over && v <= 4294967295u;
	case SL_DT_UINT8: return !over && (v == 0 || !neg) && v <= 255;
	case SL_DT_PCI_SLOT: return !over && (v == 0 || !neg) && v <= 31;
	case SL_DT_PCI_FUNC: return !over && (v == 0 || !neg) && v <= 7;
	default: return false;
	}
}

/* ---- bounded patterns: a backtracking matcher for XSD regular expressions ----
 * Supports literals, escapes, [classes] with ranges and ^, '.', (groups), '|',
 * and the quantifiers ? * + {n} {n,m}.  Patterns and subjects are ASCII and short. */

typedef struct re_cont {
	bool (*fn)(const struct re_cont *k, size_t i);
	const char *p, *pe;          /* pattern rest (sequence continuations) */
	const char *atom, *atom_end; /* repeat continuations */
	unsigned count, min, max;
	const struct re_cont *next;
	const char *s;
	size_t n;
} re_cont;

static bool re_seq(const char *p, const char *pe, const char *s, size_t n, size_t i,
                   const re_cont *k);

/* End of the atom at p: a group, a class, an escape or one character. */
static const char *atom_end(const char *p, const char *pe)
{
	if (*p == '\\')
		return p + 2;
	if (*p == '[') {
		const char *q = p + 1;
		if (*q == '^')
			q++;
		for (q++; q < pe && *q != ']'; q++)
			if (*q == '\\')
				q++;
		return q + 1;
	}
	if (*p == '(') {
		int depth = 0;
		for (const char *q = p; q < pe; q++) {
			if (*q == '\\')
				q++;
			else if (*q == '(')
				depth++;
			else if (*q == ')' && --depth == 0)
				return q + 1;
		}
	}
	return p + 1;
}

static char unescape(char c)
{
	return c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
}

static bool class_has(const char *p, const char *pe, unsigned char c)
{
	bool neg = p[1] == '^', in = false;
	for (const char *q = p + 1 + neg; q < pe - 1; q++) {
		char lo = *q == '\\' ? unescape(*++q) : *q;
		char hi = lo;
		if (q + 2 < pe - 1 && q[1] == '-') {
			q += 2;
			hi = *q == '\\' ? unescape(*++q) : *q;
		}
		if (c >= (unsigned char)lo && c <= (unsigned char)hi)
			in = true;
	}
	return in != neg;
}

/* Does the single-character atom [p, pe) match c? */
static bool atom_char(const char *p, const char *pe, unsigned char c)
{
	if (*p == '[')
		return class_has(p, pe, c);
	if (*p == '.')
		return c != '\n' && c != '\r';
	if (*p == '\\')
		return c == (unsigned char)unescape(p[1]);
	return c == (unsigned char)*p;
}

static bool re_alt(const char *p, const char *pe, const char *s, size_t n, size_t i,
                   const re_cont *k)
{
	int depth = 0;
	const char *start = p;
	for (const char *q = p; q <= pe; q++) {
		if (q < pe && *q == '\\') {
			q++;
			continue;
		}
		if (q < pe && *q == '(')
			depth++;
		else if (q < pe && *q == ')')
			depth--;
		else if (q == pe || (*q == '|' && depth == 0)) {
			if (re_seq(start, q, s, n, i, k))
				return true;
			start = q + 1;
		}
	}
	return false;
}


static bool re_repeat(const re_cont *r, size_t i);

static bool cont_repeat(const re_cont *k, size_t i)
{
	return re_repeat(k, i);
}

/* Tries one more occurrence of the atom (greedy), then the rest. */
static bool re_repeat(const re_cont *r, size_t i)
{
	if (r->count < r->max) {
		re_cont more = *r;
		more.count++;
		more.fn = cont_repeat;
		const char *a = r->atom, *ae = r->atom_end;
		if (*a == '(') {
			if (re_alt(a + 1, ae - 1, r->s, r->n, i, &more))
				return true;
		} else if (i < r->n && atom_char(a, ae, (unsigned char)r->s[i])) {
			if (re_repeat(&more, i + 1))
				return true;
		}
	}
	return r->count >= r->min && re_seq(r->p, r->pe, r->s, r->n, i, r->next);
}

static bool re_seq(const char *p, const char *pe, const char *s, size_t n, size_t i,
                   const re_cont *k)
{
	if (p >= pe)
		return k ? k->fn(k, i) : i == n;
	const char *ae = atom_end(p, pe), *q = ae;
	unsigned min = 1, max = 1;
	if (q < pe && (*q == '?' || *q == '*' || *q == '+')) {
		min = *q == '+' ? 1 : 0;
		max = *q == '?' ? 1 : 0xFFFF;
		q++;
	} else if (q < pe && *q == '{') {
		min = max = 0;
		for (q++; *q >= '0' && *q <= '9'; q++)
			min = min * 10 + (unsigned)(*q - '0');
		max = min;
		if (*q == ',')
			for (max = 0, q++; *q >= '0' && *q <= '9'; q++)
				max = max * 10 + (unsigned)(*q - '0');
		q++; /* '}' */
	}
	re_cont r = {NULL, q, pe, p, ae, 0, min, max, k, s, n};
	return re_repeat(&r, i);
}

/* Whole-string match of an XSD pattern. */
static bool re_match(const char *pattern, const char *s, size_t n)
{
	return re_alt(pattern, pattern + strlen(pattern), s, n, 0, NULL);
}

#define V4 "((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([1-9][0-9])|([0-9]))"
#define H "[0-9A-Fa-f]{1,4}"
static const char re_ipv4[] = "(" V4 "\\.){3}" V4;
static const char re_ipv6[] =
	"((" H ":){7}" H ")|((" H ":){6}:" H ")|((" H ":){5}:(" H ":)?" H ")|((" H ":){4}:(" H
	":){0,2}" H ")|((" H ":){3}:(" H ":){0,3}" H ")|((" H ":){2}:(" H ":){0,4}" H ")|((" H
	":){6}(" V4 "\\.){3}" V4 ")|((" H ":){0,5}:(" V4 "\\.){3}" V4 ")|(::(" H ":){0,5}(" V4
	"\\.){3}" V4 ")|(" H "::(" H ":){0,5}" H ")|(::(" H ":){0,6}" H ")|((" H ":){1,7}:)|(::)";

/* The bounded pattern(s) of a type, judged on the whole kept value. */
static bool bounded_match(sl_dt dt, const char *v, size_t n)
{
	switch (dt) {
	case SL_DT_UUID:
		return re_match("[a-fA-F0-9]{32}", v, n) ||
		       re_match("[a-fA-F0-9]{8}\\-([a-fA-F0-9]{4}\\-){3}[a-fA-F0-9]{12}", v, n);
	case SL_DT_IP_ADDR:
	case SL_DT_HOST_NAME:
		return re_match(re_ipv4, v, n) || re_match(re_ipv6, v, n);
	case SL_DT_UNIT:
		return re_match("([bB]([yY][tT][eE][sS]?)?)|([kKmMgGtTpPeE]([iI]?[bB])?)", v, n);
	case SL_DT_UINT8: return re_match("0x[0-9a-fA-F]{1,2}", v, n);
	case SL_DT_UINT32: return re_match("(0x)?[0-9a-fA-F]{1,8}", v, n);
	case SL_DT_PCI_SLOT: return re_match("(0x)?[0-1]?[0-9a-fA-F]", v, n);
	case SL_DT_PCI_FUNC: return re_match("(0x)?[0-7]", v, n);
	default: return false;
	}
}

/* cookie value: "?[class]+"? where class is the cookie-octet set of the schema.  The
 * run may end with one '"' only if it started with one or not (both optional). */
static bool cookie_octet(unsigned char c)
{
	return is_alnum(c) || (c && strchr("!#$%&'()*+-./:>=<?@^_`[]|~", c));
}

/* States in state: 0 start, 1 after the opening quote, 2 in the run (accepting),
 * 3 after the closing quote (accepting). */
static void cookie_step(sl_dtscan *s, unsigned char c)
{
	uint32_t st = s->state;
	if (st == 0 && c == '"')
		st = 1;
	else if ((st <= 2) && cookie_octet(c))
		st = 2;
	else if (st == 2 && c == '"')
		st = 3;
	else {
		s->flags &= ~(uint32_t)M_CLASS;
		return;
	}
	s->state = st;
}

/* volName excludes the <value>s "." and "..", which RELAX NG compares as tokens:
 * " . " is excluded too.  acc: bits 0-7 dots seen, bit 8 whitespace after a dot,
 * bit 9 anything else seen. */
static void vol_step(sl_dtscan *s, unsigned char c)
{
	if (is_space(c)) {
		if (s->acc & 0xFF)
			s->acc |= 1u << 8;
	} else if (c == '.' && !(s->acc & (1u << 8))) {
		if ((s->acc & 0xFF) < 3)
			s->acc++;
	} else {
		s->acc |= 1u << 9;
	}
}

/* ---- feeding ---- */

static void keep_raw(sl_dtscan *s, unsigned char c)
{
	if (s->kept < SL_DT_KEEP - 1) {
		s->keep[s->kept++] = (char)c;
		s->keep[s->kept] = '\0';
	} else {
		s->overflow = true;
	}
}

/* RELAX NG token normalisation into keep[]; flags bit 0 marks a pending space. */
static void keep_token(sl_dtscan *s, unsigned char c)
{
	if (is_space(c)) {
		if (s->kept)
			s->state = 1;
		return;
	}
	if (s->state) {
		keep_raw(s, ' ');
		s->state = 0;
	}
	keep_raw(s, c);
}

/* The sub-machines that can still accept; once none can, the rest is not read. */
#define LIVE (M_ABS | M_TARGET | M_NVME | M_CLASS | M_VMW | M_NUM | M_BOUNDED)

static void feed_byte(sl_dtscan *s, unsigned char c)
{
	bool lead = (c & 0xC0) != 0x80;
	if (s->flags & M_ABS)
		abs_step(s, c, lead);
	if (s->flags & M_NVME)
		nvme_step(s, c);
	if (s->flags & M_VMW)
		vmw_step(s, c, lead);
	if (s->flags & M_NUM)
		num_step(s, c);
	if (s->flags & M_CLASS) {
		if (s->type == SL_DT_COOKIE_VALUE)
			cookie_step(s, c);
		else if (!in_class(s->type, c, s->count == 0))
			s->flags &= ~(uint32_t)M_CLASS;
	}
	if (s->type == SL_DT_VOL_NAME)
		vol_step(s, c);
	if (s->flags & M_TARGET) {
		/* remember the last byte outside [a-zA-Z0-9_]; judged with the prefix at the end */
		if (!(is_alnum(c) || c == '_'))
			s->acc = s->count + 1;
	}
	if (lead && !(s->flags & M_NUM) && s->count < UINT64_MAX)
		s->count++;
}

/* Keeps the value's first bytes, for bounded patterns and messages. */
static void keep_bulk(sl_dtscan *s, const char *p, size_t n)
{
	size_t room = SL_DT_KEEP - 1 - s->kept, take = n < room ? n : room;
	memcpy(s->keep + s->kept, p, take);
	s->kept += take;
	s->keep[s->kept] = '\0';
	if (take < n)
		s->overflow = true;
}

/* Fast path: when only the absolute-path machine is left and its prefix is done, the
 * rest can only fail on a line break.  Returns true when it consumed the bytes. */
static bool abs_tail(sl_dtscan *s, const char *p, size_t n)
{
	if (s->flags != M_ABS || ABS_ST(s) < 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '\n' || p[i] == '\r') {
			s->flags = 0;
			return true;
		}
	if (n)
		SET_ST(s, 0, 4);
	return true;
}

void sl_dt_feed(sl_dtscan *s, const char *p, size_t n)
{
	if (s->type == SL_DT_TEXT)
		return;
	if (s->type == SL_DT_TOKEN) {
		for (size_t i = 0; i < n; i++)
			keep_token(s, (unsigned char)p[i]);
		return;
	}
	keep_bulk(s, p, n);
	for (size_t i = 0; i < n && (s->flags & LIVE); i++) {
		if (abs_tail(s, p + i, n - i))
			return;
		feed_byte(s, (unsigned char)p[i]);
	}
}

/* diskTargetDev's first branch: (ioemu:)?(fd|hd|sd|vd|xvd|ubd)[a-zA-Z0-9_]+ */
static bool target_end(const sl_dtscan *s)
{
	static const char *const buses[] = {"fd", "hd", "sd", "vd", "xvd", "ubd"};
	if (!(s->flags & M_TARGET))
		return false;
	for (size_t io = 0; io <= 6; io += 6) {
		if (io && strncmp(s->keep, "ioemu:", 6))
			continue;
		for (size_t b = 0; b < sizeof buses / sizeof buses[0]; b++) {
			size_t len = strlen(buses[b]), prefix = io + len;
			/* acc: 1 + index of the last byte outside the class, 0 if none */
			if (s->kept >= prefix && !strncmp(s->keep + io, buses[b], len) &&
			    s->count > prefix && s->acc <= prefix)
				return true;
		}
	}
	return false;
}

static bool vol_name_ok(const sl_dtscan *s)
{
	uint64_t dots = s->acc & 0xFF;
	bool excluded = !(s->acc & (1u << 9)) && (dots == 1 || dots == 2);
	return (s->flags & M_CLASS) && s->count > 0 && !excluded;
}

bool sl_dt_end(sl_dtscan *s)
{
	uint32_t f = s->flags;
	bool class_ok = (f & M_CLASS) && s->count > 0;
	switch (s->type) {
	case SL_DT_TEXT:
	case SL_DT_TOKEN: return true;
	case SL_DT_ABS_FILE_PATH: return (f & M_ABS) && ABS_ST(s) == 4;
	case SL_DT_DISK_TARGET:
	case SL_DT_DISK_NAME:
		return ((f & M_ABS) && ABS_ST(s) == 4) || target_end(s) ||
		       ((f & M_NVME) && (NVME_ST(s) == 7 || NVME_ST(s) == 9));
	case SL_DT_FILE_PATH:
		return ((f & M_ABS) && ABS_ST(s) == 4) || ((f & M_VMW) && VMW_ST(s) == 5);
	case SL_DT_VMWARE_PATH: return (f & M_VMW) && VMW_ST(s) == 5;
	case SL_DT_BLOCK_DEV: return ((f & M_ABS) && ABS_ST(s) == 4) || class_ok;
	case SL_DT_VOL_NAME: return vol_name_ok(s);
	case SL_DT_COOKIE_VALUE: return (f & M_CLASS) && s->state >= 2;
	case SL_DT_HOST_NAME:
		return class_ok || (!s->overflow && bounded_match(s->type, s->keep, s->kept));
	case SL_DT_UNSIGNED_LONG:
	case SL_DT_UNSIGNED_INT:
	case SL_DT_POSITIVE_INTEGER: return num_end(s);
	case SL_DT_UINT8:
	case SL_DT_UINT32:
	case SL_DT_PCI_SLOT:
	case SL_DT_PCI_FUNC:
		return num_end(s) || (!s->overflow && bounded_match(s->type, s->keep, s->kept));
	case SL_DT_UUID:
	case SL_DT_IP_ADDR:
	case SL_DT_UNIT: return !s->overflow && bounded_match(s->type, s->keep, s->kept);
	default: return class_ok;
	}
}

bool sl_dt_positive(const sl_dtscan *s)
{
	return num_end(s) && (s->acc > 0 || (s->flags & F_OVERFLOW));
}

/* ---- whole values: verdicts without a scanner for the common cases ---- */

enum { QUICK_NO, QUICK_YES, QUICK_SCAN }; /* QUICK_SCAN: leave it to the scanners */

/* absFilePath for a value that starts with '/': valid when a character follows and no
 * line break occurs (the machine's states 3 and 4, abs_step()). */
static int quick_abs(const char *p, size_t n)
{
	if (n < 2 || ((unsigned char)p[1] & 0xC0) == 0x80)
		return QUICK_SCAN;
	return memchr(p, '\n', n) || memchr(p, '\r', n) ? QUICK_NO : QUICK_YES;
}

/* diskTargetDev's common form, a two-letter bus and [a-zA-Z0-9_]+ ('vda', 'sdb1'):
 * valid for sure (target_end()); anything else goes to the scanners. */
static int quick_target(const char *p, size_t n)
{
	if (n < 3 || p[1] != 'd' || (p[0] != 'v' && p[0] != 's' && p[0] != 'h' && p[0] != 'f'))
		return QUICK_SCAN;
	for (size_t i = 2; i < n; i++)
		if (!is_alnum((unsigned char)p[i]) && p[i] != '_')
			return QUICK_SCAN;
	return QUICK_YES;
}

/* An integer of 1 to 9 plain digits, which no number type's pattern, whitespace or sign
 * rule concerns: valid when in the type's range (num_end()); the rest is scanned. */
static int quick_number(sl_dt dt, const char *p, size_t n)
{
	if (n < 1 || n > 9)
		return QUICK_SCAN;
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return QUICK_SCAN;
		v = v * 10 + (uint32_t)(p[i] - '0');
	}
	uint32_t max = dt == SL_DT_UINT8 ? 255 : dt == SL_DT_PCI_SLOT ? 31 : dt == SL_DT_PCI_FUNC ? 7
	                                                                                       : UINT32_MAX;
	if (dt == SL_DT_POSITIVE_INTEGER && v == 0)
		return QUICK_NO;
	return v <= max ? QUICK_YES : QUICK_SCAN;
}

/* The verdict on a whole value of the types most attributes have, or QUICK_SCAN: paths,
 * disk targets, small integers, free text and enumerations.  Each QUICK_YES or QUICK_NO
 * is the scanners' own verdict (tests/check_datatype.c holds sl_dt_check() to the
 * values table too). */
static int quick_check(sl_dt dt, const char *p, size_t n)
{
	switch (dt) {
	case SL_DT_TEXT:
	case SL_DT_TOKEN: return QUICK_YES;
	case SL_DT_ABS_FILE_PATH:
	case SL_DT_FILE_PATH: /* a vmwarePath starts with '[' */
		return n && p[0] == '/' ? quick_abs(p, n) : QUICK_SCAN;
	case SL_DT_BLOCK_DEV: /* a deviceName may hold what a path may not: only yes is sure */
		return n && p[0] == '/' && quick_abs(p, n) == QUICK_YES ? QUICK_YES : QUICK_SCAN;
	case SL_DT_DISK_NAME:
		if (n && p[0] == '/') /* neither diskTargetDev branch starts with '/' */
			return quick_abs(p, n);
		return quick_target(p, n);
	case SL_DT_DISK_TARGET: return quick_target(p, n);
	case SL_DT_UNSIGNED_LONG:
	case SL_DT_UNSIGNED_INT:
	case SL_DT_POSITIVE_INTEGER:
	case SL_DT_UINT8:
	case SL_DT_UINT32:
	case SL_DT_PCI_SLOT:
	case SL_DT_PCI_FUNC: return quick_number(dt, p, n);
	default: return QUICK_SCAN;
	}
}

bool sl_dt_check(sl_dt dt, const char *p, size_t n)
{
	int quick = quick_check(dt, p, n);
	if (quick != QUICK_SCAN)
		return quick == QUICK_YES;
	sl_dtscan s;
	sl_dt_begin(&s, dt);
	sl_dt_feed(&s, p, n);
	return sl_dt_end(&s);
}

const char *sl_dt_token(const sl_dtscan *s)
{
	return s->overflow ? NULL : s->keep;
}

/* UUIDs compare without dashes and case, as libvirt parses them. */
bool sl_uuid_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if ((*a | 0x20) != (*b | 0x20))
			return false;
		a++, b++;
	}
}
