/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dg_data.c - XSD datatype and facet checks with libxml2 2.9.14's rules, streaming and
 * without allocation (see dg_data.h for the rules; tests/dg-data.sh holds them to libxml2).
 */
#include "dg_data.h"

#include <stdio.h>
#include <string.h>

/* What the lexical check of a type is. */
enum kind { K_STRING, K_NCNAME, K_NUMBER, K_DATETIME };

/* The lexical rule of each integer type: the sign it takes, the bound of its magnitude
 * for each sign (NULL: 24 digits), and whether zero is excluded.
 * How to add one: a line, in dg_xsd order from DG_XSD_INT (see number_rule()). */
typedef struct num_rule {
	dg_xsd type;
	bool plus, minus;         /* signs accepted syntactically */
	const char *max_pos;      /* largest magnitude without '-', NULL: unbounded */
	const char *max_neg;      /* largest magnitude with '-' */
	bool nonzero;             /* zero is not a value */
	bool need_minus;          /* the value must carry '-' (negativeInteger) */
	bool zero_if_plus;        /* without '-' only zero (nonPositiveInteger) */
} num_rule;

static const num_rule num_rules[] = {
	{DG_XSD_INT, true, true, "2147483647", "2147483648", false, false, false},
	{DG_XSD_LONG, true, true, "9223372036854775807", "9223372036854775808", false, false, false},
	{DG_XSD_SHORT, true, true, "32767", "32768", false, false, false},
	{DG_XSD_INTEGER, true, true, NULL, NULL, false, false, false},
	{DG_XSD_POSITIVE_INTEGER, true, false, NULL, NULL, true, false, false},
	{DG_XSD_UNSIGNED_LONG, false, false, "18446744073709551615", NULL, false, false, false},
	{DG_XSD_UNSIGNED_INT, false, false, "4294967295", NULL, false, false, false},
	{DG_XSD_UNSIGNED_SHORT, false, false, "65535", NULL, false, false, false},
	{DG_XSD_BYTE, true, true, "127", "128", false, false, false},
	{DG_XSD_UNSIGNED_BYTE, false, false, "255", NULL, false, false, false},
	/* nonNegativeInteger takes '-' only on zero: "-0" */
	{DG_XSD_NON_NEGATIVE_INTEGER, true, true, NULL, "0", false, false, false},
	{DG_XSD_NON_POSITIVE_INTEGER, true, true, NULL, NULL, false, false, true},
	{DG_XSD_NEGATIVE_INTEGER, true, true, NULL, NULL, true, true, false},
};

/* Non-ASCII NCName characters as libxml2 2.9.14 classifies them (its XML 1.0 fourth
 * edition tables: letters for the first character; letters, digits, combining
 * characters and extenders after it).  Printed by `tests/xmlregex_ref nctables`;
 * tests/dg-data.sh checks that this block is still what libxml2 prints. */
/* BEGIN nctables */
static const uint32_t nc_start[][2] = {
	{0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x131}, {0x134, 0x13E},
	{0x141, 0x148}, {0x14A, 0x17E}, {0x180, 0x1C3}, {0x1CD, 0x1F0},
	{0x1F4, 0x1F5}, {0x1FA, 0x217}, {0x250, 0x2A8}, {0x2BB, 0x2C1},
	{0x386, 0x386}, {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1},
	{0x3A3, 0x3CE}, {0x3D0, 0x3D6}, {0x3DA, 0x3DA}, {0x3DC, 0x3DC},
	{0x3DE, 0x3DE}, {0x3E0, 0x3E0}, {0x3E2, 0x3F3}, {0x401, 0x40C},
	{0x40E, 0x44F}, {0x451, 0x45C}, {0x45E, 0x481}, {0x490, 0x4C4},
	{0x4C7, 0x4C8}, {0x4CB, 0x4CC}, {0x4D0, 0x4EB}, {0x4EE, 0x4F5},
	{0x4F8, 0x4F9}, {0x531, 0x556}, {0x559, 0x559}, {0x561, 0x586},
	{0x5D0, 0x5EA}, {0x5F0, 0x5F2}, {0x621, 0x63A}, {0x641, 0x64A},
	{0x671, 0x6B7}, {0x6BA, 0x6BE}, {0x6C0, 0x6CE}, {0x6D0, 0x6D3},
	{0x6D5, 0x6D5}, {0x6E5, 0x6E6}, {0x905, 0x939}, {0x93D, 0x93D},
	{0x958, 0x961}, {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8},
	{0x9AA, 0x9B0}, {0x9B2, 0x9B2}, {0x9B6, 0x9B9}, {0x9DC, 0x9DD},
	{0x9DF, 0x9E1}, {0x9F0, 0x9F1}, {0xA05, 0xA0A}, {0xA0F, 0xA10},
	{0xA13, 0xA28}, {0xA2A, 0xA30}, {0xA32, 0xA33}, {0xA35, 0xA36},
	{0xA38, 0xA39}, {0xA59, 0xA5C}, {0xA5E, 0xA5E}, {0xA72, 0xA74},
	{0xA85, 0xA8B}, {0xA8D, 0xA8D}, {0xA8F, 0xA91}, {0xA93, 0xAA8},
	{0xAAA, 0xAB0}, {0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xABD, 0xABD},
	{0xAE0, 0xAE0}, {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28},
	{0xB2A, 0xB30}, {0xB32, 0xB33}, {0xB36, 0xB39}, {0xB3D, 0xB3D},
	{0xB5C, 0xB5D}, {0xB5F, 0xB61}, {0xB85, 0xB8A}, {0xB8E, 0xB90},
	{0xB92, 0xB95}, {0xB99, 0xB9A}, {0xB9C, 0xB9C}, {0xB9E, 0xB9F},
	{0xBA3, 0xBA4}, {0xBA8, 0xBAA}, {0xBAE, 0xBB5}, {0xBB7, 0xBB9},
	{0xC05, 0xC0C}, {0xC0E, 0xC10}, {0xC12, 0xC28}, {0xC2A, 0xC33},
	{0xC35, 0xC39}, {0xC60, 0xC61}, {0xC85, 0xC8C}, {0xC8E, 0xC90},
	{0xC92, 0xCA8}, {0xCAA, 0xCB3}, {0xCB5, 0xCB9}, {0xCDE, 0xCDE},
	{0xCE0, 0xCE1}, {0xD05, 0xD0C}, {0xD0E, 0xD10}, {0xD12, 0xD28},
	{0xD2A, 0xD39}, {0xD60, 0xD61}, {0xE01, 0xE2E}, {0xE30, 0xE30},
	{0xE32, 0xE33}, {0xE40, 0xE45}, {0xE81, 0xE82}, {0xE84, 0xE84},
	{0xE87, 0xE88}, {0xE8A, 0xE8A}, {0xE8D, 0xE8D}, {0xE94, 0xE97},
	{0xE99, 0xE9F}, {0xEA1, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEA7},
	{0xEAA, 0xEAB}, {0xEAD, 0xEAE}, {0xEB0, 0xEB0}, {0xEB2, 0xEB3},
	{0xEBD, 0xEBD}, {0xEC0, 0xEC4}, {0xF40, 0xF47}, {0xF49, 0xF69},
	{0x10A0, 0x10C5}, {0x10D0, 0x10F6}, {0x1100, 0x1100}, {0x1102, 0x1103},
	{0x1105, 0x1107}, {0x1109, 0x1109}, {0x110B, 0x110C}, {0x110E, 0x1112},
	{0x113C, 0x113C}, {0x113E, 0x113E}, {0x1140, 0x1140}, {0x114C, 0x114C},
	{0x114E, 0x114E}, {0x1150, 0x1150}, {0x1154, 0x1155}, {0x1159, 0x1159},
	{0x115F, 0x1161}, {0x1163, 0x1163}, {0x1165, 0x1165}, {0x1167, 0x1167},
	{0x1169, 0x1169}, {0x116D, 0x116E}, {0x1172, 0x1173}, {0x1175, 0x1175},
	{0x119E, 0x119E}, {0x11A8, 0x11A8}, {0x11AB, 0x11AB}, {0x11AE, 0x11AF},
	{0x11B7, 0x11B8}, {0x11BA, 0x11BA}, {0x11BC, 0x11C2}, {0x11EB, 0x11EB},
	{0x11F0, 0x11F0}, {0x11F9, 0x11F9}, {0x1E00, 0x1E9B}, {0x1EA0, 0x1EF9},
	{0x1F00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D},
	{0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D},
	{0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE},
	{0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB},
	{0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2126, 0x2126},
	{0x212A, 0x212B}, {0x212E, 0x212E}, {0x2180, 0x2182}, {0x3007, 0x3007},
	{0x3021, 0x3029}, {0x3041, 0x3094}, {0x30A1, 0x30FA}, {0x3105, 0x312C},
	{0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
};
static const uint32_t nc_name[][2] = {
	{0xB7, 0xB7}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x131},
	{0x134, 0x13E}, {0x141, 0x148}, {0x14A, 0x17E}, {0x180, 0x1C3},
	{0x1CD, 0x1F0}, {0x1F4, 0x1F5}, {0x1FA, 0x217}, {0x250, 0x2A8},
	{0x2BB, 0x2C1}, {0x2D0, 0x2D1}, {0x300, 0x345}, {0x360, 0x361},
	{0x386, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3CE},
	{0x3D0, 0x3D6}, {0x3DA, 0x3DA}, {0x3DC, 0x3DC}, {0x3DE, 0x3DE},
	{0x3E0, 0x3E0}, {0x3E2, 0x3F3}, {0x401, 0x40C}, {0x40E, 0x44F},
	{0x451, 0x45C}, {0x45E, 0x481}, {0x483, 0x486}, {0x490, 0x4C4},
	{0x4C7, 0x4C8}, {0x4CB, 0x4CC}, {0x4D0, 0x4EB}, {0x4EE, 0x4F5},
	{0x4F8, 0x4F9}, {0x531, 0x556}, {0x559, 0x559}, {0x561, 0x586},
	{0x591, 0x5A1}, {0x5A3, 0x5B9}, {0x5BB, 0x5BD}, {0x5BF, 0x5BF},
	{0x5C1, 0x5C2}, {0x5C4, 0x5C4}, {0x5D0, 0x5EA}, {0x5F0, 0x5F2},
	{0x621, 0x63A}, {0x640, 0x652}, {0x660, 0x669}, {0x670, 0x6B7},
	{0x6BA, 0x6BE}, {0x6C0, 0x6CE}, {0x6D0, 0x6D3}, {0x6D5, 0x6E8},
	{0x6EA, 0x6ED}, {0x6F0, 0x6F9}, {0x901, 0x903}, {0x905, 0x939},
	{0x93C, 0x94D}, {0x951, 0x954}, {0x958, 0x963}, {0x966, 0x96F},
	{0x981, 0x983}, {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8},
	{0x9AA, 0x9B0}, {0x9B2, 0x9B2}, {0x9B6, 0x9B9}, {0x9BC, 0x9BC},
	{0x9BE, 0x9C4}, {0x9C7, 0x9C8}, {0x9CB, 0x9CD}, {0x9D7, 0x9D7},
	{0x9DC, 0x9DD}, {0x9DF, 0x9E3}, {0x9E6, 0x9F1}, {0xA02, 0xA02},
	{0xA05, 0xA0A}, {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30},
	{0xA32, 0xA33}, {0xA35, 0xA36}, {0xA38, 0xA39}, {0xA3C, 0xA3C},
	{0xA3E, 0xA42}, {0xA47, 0xA48}, {0xA4B, 0xA4D}, {0xA59, 0xA5C},
	{0xA5E, 0xA5E}, {0xA66, 0xA74}, {0xA81, 0xA83}, {0xA85, 0xA8B},
	{0xA8D, 0xA8D}, {0xA8F, 0xA91}, {0xA93, 0xAA8}, {0xAAA, 0xAB0},
	{0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xABC, 0xAC5}, {0xAC7, 0xAC9},
	{0xACB, 0xACD}, {0xAE0, 0xAE0}, {0xAE6, 0xAEF}, {0xB01, 0xB03},
	{0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28}, {0xB2A, 0xB30},
	{0xB32, 0xB33}, {0xB36, 0xB39}, {0xB3C, 0xB43}, {0xB47, 0xB48},
	{0xB4B, 0xB4D}, {0xB56, 0xB57}, {0xB5C, 0xB5D}, {0xB5F, 0xB61},
	{0xB66, 0xB6F}, {0xB82, 0xB83}, {0xB85, 0xB8A}, {0xB8E, 0xB90},
	{0xB92, 0xB95}, {0xB99, 0xB9A}, {0xB9C, 0xB9C}, {0xB9E, 0xB9F},
	{0xBA3, 0xBA4}, {0xBA8, 0xBAA}, {0xBAE, 0xBB5}, {0xBB7, 0xBB9},
	{0xBBE, 0xBC2}, {0xBC6, 0xBC8}, {0xBCA, 0xBCD}, {0xBD7, 0xBD7},
	{0xBE7, 0xBEF}, {0xC01, 0xC03}, {0xC05, 0xC0C}, {0xC0E, 0xC10},
	{0xC12, 0xC28}, {0xC2A, 0xC33}, {0xC35, 0xC39}, {0xC3E, 0xC44},
	{0xC46, 0xC48}, {0xC4A, 0xC4D}, {0xC55, 0xC56}, {0xC60, 0xC61},
	{0xC66, 0xC6F}, {0xC82, 0xC83}, {0xC85, 0xC8C}, {0xC8E, 0xC90},
	{0xC92, 0xCA8}, {0xCAA, 0xCB3}, {0xCB5, 0xCB9}, {0xCBE, 0xCC4},
	{0xCC6, 0xCC8}, {0xCCA, 0xCCD}, {0xCD5, 0xCD6}, {0xCDE, 0xCDE},
	{0xCE0, 0xCE1}, {0xCE6, 0xCEF}, {0xD02, 0xD03}, {0xD05, 0xD0C},
	{0xD0E, 0xD10}, {0xD12, 0xD28}, {0xD2A, 0xD39}, {0xD3E, 0xD43},
	{0xD46, 0xD48}, {0xD4A, 0xD4D}, {0xD57, 0xD57}, {0xD60, 0xD61},
	{0xD66, 0xD6F}, {0xE01, 0xE2E}, {0xE30, 0xE3A}, {0xE40, 0xE4E},
	{0xE50, 0xE59}, {0xE81, 0xE82}, {0xE84, 0xE84}, {0xE87, 0xE88},
	{0xE8A, 0xE8A}, {0xE8D, 0xE8D}, {0xE94, 0xE97}, {0xE99, 0xE9F},
	{0xEA1, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEA7}, {0xEAA, 0xEAB},
	{0xEAD, 0xEAE}, {0xEB0, 0xEB9}, {0xEBB, 0xEBD}, {0xEC0, 0xEC4},
	{0xEC6, 0xEC6}, {0xEC8, 0xECD}, {0xED0, 0xED9}, {0xF18, 0xF19},
	{0xF20, 0xF29}, {0xF35, 0xF35}, {0xF37, 0xF37}, {0xF39, 0xF39},
	{0xF3E, 0xF47}, {0xF49, 0xF69}, {0xF71, 0xF84}, {0xF86, 0xF8B},
	{0xF90, 0xF95}, {0xF97, 0xF97}, {0xF99, 0xFAD}, {0xFB1, 0xFB7},
	{0xFB9, 0xFB9}, {0x10A0, 0x10C5}, {0x10D0, 0x10F6}, {0x1100, 0x1100},
	{0x1102, 0x1103}, {0x1105, 0x1107}, {0x1109, 0x1109}, {0x110B, 0x110C},
	{0x110E, 0x1112}, {0x113C, 0x113C}, {0x113E, 0x113E}, {0x1140, 0x1140},
	{0x114C, 0x114C}, {0x114E, 0x114E}, {0x1150, 0x1150}, {0x1154, 0x1155},
	{0x1159, 0x1159}, {0x115F, 0x1161}, {0x1163, 0x1163}, {0x1165, 0x1165},
	{0x1167, 0x1167}, {0x1169, 0x1169}, {0x116D, 0x116E}, {0x1172, 0x1173},
	{0x1175, 0x1175}, {0x119E, 0x119E}, {0x11A8, 0x11A8}, {0x11AB, 0x11AB},
	{0x11AE, 0x11AF}, {0x11B7, 0x11B8}, {0x11BA, 0x11BA}, {0x11BC, 0x11C2},
	{0x11EB, 0x11EB}, {0x11F0, 0x11F0}, {0x11F9, 0x11F9}, {0x1E00, 0x1E9B},
	{0x1EA0, 0x1EF9}, {0x1F00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45},
	{0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B},
	{0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC},
	{0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3},
	{0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC},
	{0x20D0, 0x20DC}, {0x20E1, 0x20E1}, {0x2126, 0x2126}, {0x212A, 0x212B},
	{0x212E, 0x212E}, {0x2180, 0x2182}, {0x3005, 0x3005}, {0x3007, 0x3007},
	{0x3021, 0x302F}, {0x3031, 0x3035}, {0x3041, 0x3094}, {0x3099, 0x309A},
	{0x309D, 0x309E}, {0x30A1, 0x30FA}, {0x30FC, 0x30FE}, {0x3105, 0x312C},
	{0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
};
/* END nctables */

static const struct {
	const char *name, *desc;
} xsd_info[DG_XSD_COUNT] = {
#define DG_XSD_INFO(id, name, desc) [DG_XSD_##id] = {name, desc},
	DG_XSD_TYPES(DG_XSD_INFO)
#undef DG_XSD_INFO
};

const char *dg_xsd_name(unsigned type)
{
	return type < DG_XSD_COUNT ? xsd_info[type].name : "?";
}

static enum kind kind_of(unsigned type)
{
	switch (type) {
	case DG_XSD_STRING:
		return K_STRING;
	case DG_XSD_NCNAME:
		return K_NCNAME;
	case DG_XSD_DATETIME:
		return K_DATETIME;
	default:
		return K_NUMBER;
	}
}

static const num_rule *number_rule(unsigned type)
{
	for (size_t i = 0; i < sizeof num_rules / sizeof num_rules[0]; i++)
		if (num_rules[i].type == type)
			return &num_rules[i];
	return NULL;
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool in_ranges(const uint32_t (*r)[2], size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < r[mid][0])
			hi = mid;
		else if (c > r[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* ---- numbers ------------------------------------------------------------------ */

static void number_byte(dg_dscan *s, unsigned char c)
{
	if (!s->digit && s->sign == 0 && s->ntoken == 1 && (c == '+' || c == '-')) {
		const num_rule *r = number_rule(s->dt->type);
		if (!(c == '+' ? r->plus : r->minus))
			s->bad = true;
		s->sign = c;
		return;
	}
	if (!is_digit(c)) {
		s->bad = true;
		return;
	}
	s->digit = true;
	if (c == '0' && s->ndigits == 0)
		return; /* a leading zero */
	if (s->ndigits < DG_DATA_DIGITS)
		s->digits[s->ndigits++] = (char)c;
	else
		s->bad = true; /* more than 24 significant digits */
}

/* Compares magnitudes given as significant digits (no leading zeros). */
static int mag_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return na < nb ? -1 : 1;
	int c = memcmp(a, b, na);
	return (c > 0) - (c < 0);
}

/* A facet bound as written ("  -0012 ") -> sign and significant digits; false if it is
 * not an integer. */
static bool parse_bound(const char *t, bool *neg, const char **d, size_t *n)
{
	while (is_blank((unsigned char)*t))
		t++;
	*neg = *t == '-';
	if (*t == '-' || *t == '+')
		t++;
	if (!is_digit((unsigned char)*t))
		return false;
	while (*t == '0')
		t++;
	*d = t;
	while (is_digit((unsigned char)*t))
		t++;
	*n = (size_t)(t - *d);
	while (is_blank((unsigned char)*t))
		t++;
	return *t == '\0';
}

/* Numeric comparison of the scanned value with a bound: -1, 0, 1; 2 if the bound is
 * not a number (the facet then fails, as libxml2's comparison does). */
static int value_cmp(const dg_dscan *s, const char *bound)
{
	bool bneg;
	const char *bd;
	size_t bn;
	if (!parse_bound(bound, &bneg, &bd, &bn))
		return 2;
	bool vneg = s->sign == '-' && s->ndigits > 0;
	bneg = bneg && bn > 0;
	if (vneg != bneg)
		return vneg ? -1 : 1;
	int m = mag_cmp(s->digits, s->ndigits, bd, bn);
	return vneg ? -m : m;
}

static bool number_facets(const dg_dscan *s)
{
	const dg_datatype *dt = s->dt;
	int c;
	if (dt->min_incl && ((c = value_cmp(s, dt->min_incl)) == 2 || c < 0))
		return false;
	if (dt->max_incl && ((c = value_cmp(s, dt->max_incl)) == 2 || c > 0))
		return false;
	if (dt->min_excl && ((c = value_cmp(s, dt->min_excl)) == 2 || c <= 0))
		return false;
	if (dt->max_excl && ((c = value_cmp(s, dt->max_excl)) == 2 || c >= 0))
		return false;
	return true;
}

static bool number_end(const dg_dscan *s)
{
	const num_rule *r = number_rule(s->dt->type);
	bool zero = s->ndigits == 0, minus = s->sign == '-';
	if (!s->digit || s->ndigits > 24)
		return false;
	if ((r->nonzero && zero) || (r->need_minus && !minus) || (r->zero_if_plus && !minus && !zero))
		return false;
	const char *max = minus ? r->max_neg : r->max_pos;
	if (max != NULL && mag_cmp(s->digits, s->ndigits, max, strlen(max)) > 0)
		return false;
	return number_facets(s);
}

/* ---- NCName ------------------------------------------------------------------- */

static bool ncname_char(uint32_t c, bool first)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
	if (first)
		return in_ranges(nc_start, sizeof nc_start / sizeof nc_start[0], c);
	return in_ranges(nc_name, sizeof nc_name / sizeof nc_name[0], c);
}

static void ncname_byte(dg_dscan *s, unsigned char c)
{
	if (s->u8need > 0) {
		s->u8cp = (s->u8cp << 6) | (c & 0x3F);
		if (--s->u8need > 0)
			return;
	} else if (c >= 0xC0) {
		s->u8need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
		s->u8cp = c & (c >= 0xF0 ? 0x07 : c >= 0xE0 ? 0x0F : 0x1F);
		return;
	} else {
		s->u8cp = c;
	}
	if (!ncname_char(s->u8cp, s->ntoken == 1))
		s->bad = true;
}

/* ---- dateTime ----------------------------------------------------------------- */

/* After the year comes the fixed form below ('d' a digit): positions 1..15 are its
 * characters, then the states after the seconds. */
static const char dt_form[] = "-dd-ddTdd:dd:dd";
enum {
	DT_YEAR = 0,
	DT_SECONDS_DONE = 16, /* "...:ss" read */
	DT_FRACTION,          /* '.' read, a digit must follow */
	DT_FRACTION_DIGIT,    /* a fraction digit read */
	DT_ZONE_Z,            /* 'Z' read: nothing may follow */
	DT_ZONE               /* '+' or '-' read; DT_ZONE + k: k characters of "hh:mm" */
};

/* Stores a digit at index idx of dt_form: month, day, hour, minute or second. */
static void dt_digit(dg_dscan *s, int idx, int d)
{
	int *field[] = {&s->mon, &s->day, &s->hour, &s->min};
	if (idx / 3 == 4)
		s->sec = s->sec * 10 + d;
	else
		*field[idx / 3] = *field[idx / 3] * 10 + d;
}

/* [-]digits up to the '-' that starts dt_form: at least 4 digits, no leading zero
 * beyond 4, within a C long (libxml2 parses the year into one). */
static void dt_year(dg_dscan *s, unsigned char c)
{
	if (s->ylen == 0 && !s->yneg && c == '-' && s->ntoken == 1) {
		s->yneg = true;
		return;
	}
	if (is_digit(c)) {
		if (s->ylen == 0)
			s->yzero_lead = c == '0';
		if (s->year > (INT64_MAX - (c - '0')) / 10)
			s->ybig = true;
		else
			s->year = s->year * 10 + (c - '0');
		if (s->ylen < 255)
			s->ylen++;
		return;
	}
	if (c != '-' || s->ylen < 4 || (s->ylen > 4 && s->yzero_lead) || s->ybig)
		s->bad = true;
	s->pos = 2; /* the '-' was dt_form[0] */
}

static void dt_zone(dg_dscan *s, unsigned char c)
{
	static const char form[] = "dd:dd";
	int k = s->pos - DT_ZONE;
	if (k >= 5 || (form[k] == 'd' ? !is_digit(c) : c != ':')) {
		s->bad = true;
		return;
	}
	if (k < 2)
		s->tzh = s->tzh * 10 + (c - '0');
	else if (k > 2)
		s->tzm = s->tzm * 10 + (c - '0');
	s->pos++;
}

static void dt_after_seconds(dg_dscan *s, unsigned char c)
{
	bool may_end = s->pos == DT_SECONDS_DONE || s->pos == DT_FRACTION_DIGIT;
	if (s->pos == DT_SECONDS_DONE && c == '.') {
		s->pos = DT_FRACTION;
		s->mult = 1;
	} else if ((s->pos == DT_FRACTION || s->pos == DT_FRACTION_DIGIT) && is_digit(c)) {
		s->mult /= 10;
		s->sec += (c - '0') * s->mult; /* libxml2's own arithmetic, for its rounding */
		s->pos = DT_FRACTION_DIGIT;
	} else if (may_end && c == 'Z') {
		s->pos = DT_ZONE_Z;
	} else if (may_end && (c == '+' || c == '-')) {
		s->pos = DT_ZONE;
	} else if (s->pos >= DT_ZONE) {
		dt_zone(s, c);
	} else {
		s->bad = true;
	}
}

static void datetime_byte(dg_dscan *s, unsigned char c)
{
	if (s->pos == DT_YEAR) {
		dt_year(s, c);
	} else if (s->pos < DT_SECONDS_DONE) {
		int idx = s->pos - 1;
		char want = dt_form[idx];
		if (want == 'd' ? !is_digit(c) : c != (unsigned char)want)
			s->bad = true;
		else if (want == 'd')
			dt_digit(s, idx, c - '0');
		s->pos++;
	} else {
		dt_after_seconds(s, c);
	}
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool datetime_end(const dg_dscan *s)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t year = s->yneg ? -s->year : s->year;
	bool end_of_day = s->hour == 24 && s->min == 0 && s->sec == 0;
	if (s->pos != DT_SECONDS_DONE && s->pos != DT_FRACTION_DIGIT && s->pos != DT_ZONE_Z &&
	    s->pos != DT_ZONE + 5)
		return false;
	if (year == 0 || s->mon < 1 || s->mon > 12 || s->day < 1 ||
	    s->day > mdays[s->mon - 1] + (s->mon == 2 && leap(year)))
		return false;
	if (!(s->hour <= 23 || end_of_day) || s->min > 59 || !(s->sec < 60 || end_of_day))
		return false;
	if (s->pos == DT_ZONE + 5 && (s->tzh > 23 || s->tzm > 59 || s->tzh * 60 + s->tzm > 840))
		return false;
	return true;
}

/* ---- the scanner ---------------------------------------------------------------- */

enum { PH_LEAD, PH_TOKEN, PH_TRAIL };

void dg_data_begin(dg_dscan *s, const dg_datatype *dt, const dg_dfa *dfas)
{
	memset(s, 0, sizeof *s);
	s->dt = dt;
	s->dfas = dfas;
	if (dt->npatterns > DG_DATA_MAX_PATTERNS || dt->type >= DG_XSD_COUNT)
		s->bad = true; /* a table this code cannot judge is never valid */
	for (unsigned i = 0; i < dt->npatterns && i < DG_DATA_MAX_PATTERNS; i++)
		s->pstate[i] = dfas[dt->patterns[i]].start;
}

/* One byte of a collapsed type (everything but string). */
static void token_byte(dg_dscan *s, unsigned char c, enum kind k)
{
	if (is_blank(c)) {
		if (s->phase == PH_TOKEN)
			s->phase = PH_TRAIL;
		return;
	}
	if (s->phase == PH_TRAIL)
		s->bad = true; /* blanks inside the collapsed value */
	s->phase = PH_TOKEN;
	if ((c & 0xC0) != 0x80 && s->ntoken < UINT64_MAX)
		s->ntoken++;
	if (k == K_NCNAME)
		for (unsigned i = 0; i < s->dt->npatterns && i < DG_DATA_MAX_PATTERNS; i++)
			s->pstate[i] = dg_dfa_run(&s->dfas[s->dt->patterns[i]], s->pstate[i],
				(const char *)&c, 1);
	if (s->bad)
		return;
	if (k == K_NUMBER)
		number_byte(s, c);
	else if (k == K_NCNAME)
		ncname_byte(s, c);
	else
		datetime_byte(s, c);
}

/* Characters (UTF-8 lead bytes) in p[0..n). */
static uint64_t count_chars(const char *p, size_t n)
{
	uint64_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)p[i] & 0xC0) != 0x80;
	return k;
}

void dg_data_feed(dg_dscan *s, const char *p, size_t n)
{
	enum kind k = kind_of(s->dt->type);
	if (k != K_NCNAME) /* pattern facets see the raw value */
		for (unsigned i = 0; i < s->dt->npatterns && i < DG_DATA_MAX_PATTERNS; i++)
			s->pstate[i] = dg_dfa_run(&s->dfas[s->dt->patterns[i]], s->pstate[i], p, n);
	if (k == K_STRING) {
		const dg_datatype *dt = s->dt;
		if (dt->length < 0 && dt->min_length < 0 && dt->max_length < 0)
			return; /* nothing needs the length */
		uint64_t c = count_chars(p, n);
		s->nchars = s->nchars > UINT64_MAX - c ? UINT64_MAX : s->nchars + c;
		return;
	}
	for (size_t i = 0; i < n; i++)
		token_byte(s, (unsigned char)p[i], k);
}

/* length, minLength, maxLength: characters of the raw string, of the collapsed NCName;
 * libxml2 counts 0 for the other types. */
static bool length_facets(const dg_dscan *s, enum kind k)
{
	const dg_datatype *dt = s->dt;
	uint64_t len = k == K_STRING ? s->nchars : k == K_NCNAME ? s->ntoken : 0;
	if (dt->length >= 0 && len != (uint64_t)dt->length)
		return false;
	if (dt->min_length >= 0 && len < (uint64_t)dt->min_length)
		return false;
	if (dt->max_length >= 0 && len > (uint64_t)dt->max_length)
		return false;
	return true;
}

bool dg_data_end(dg_dscan *s)
{
	enum kind k = kind_of(s->dt->type);
	bool ok = !s->bad;
	if (ok && k == K_NUMBER)
		ok = number_end(s);
	else if (ok && k == K_NCNAME)
		ok = s->ntoken > 0 && s->u8need == 0;
	else if (ok && k == K_DATETIME)
		ok = datetime_end(s);
	for (unsigned i = 0; ok && i < s->dt->npatterns; i++)
		ok = dg_dfa_accepts(&s->dfas[s->dt->patterns[i]], s->pstate[i]);
	return ok && length_facets(s, k);
}

/* Whether each pattern facet's DFA matches the whole value. */
static bool patterns_match(const dg_datatype *dt, const dg_dfa *dfas, const char *v, size_t n)
{
	for (unsigned i = 0; i < dt->npatterns; i++) {
		const dg_dfa *d = &dfas[dt->patterns[i]];
		if (!dg_dfa_accepts(d, dg_dfa_run(d, d->start, v, n)))
			return false;
	}
	return true;
}

/* A number written as digits alone (an index, a size), short enough for the scanner to
 * keep every digit: its significant digits are what the scanner would collect. */
static bool digits_only(const dg_datatype *dt, const char *v, size_t n)
{
	if (!n || n > DG_DATA_DIGITS || dt->npatterns > DG_DATA_MAX_PATTERNS || dt->type >= DG_XSD_COUNT ||
	    kind_of(dt->type) != K_NUMBER)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)v[i]))
			return false;
	return true;
}

/* The scanner's verdict on a value digits_only() accepts. */
static bool digits_valid(const dg_datatype *dt, const char *v, size_t n)
{
	dg_dscan s;
	size_t z = 0;
	while (z + 1 < n && v[z] == '0')
		z++; /* leading zeros, but a lone "0" */
	s.dt = dt, s.sign = 0, s.digit = true;
	s.ndigits = (uint8_t)(v[z] == '0' ? 0 : n - z);
	memcpy(s.digits, v + z, s.ndigits);
	return number_end(&s) && length_facets(&s, K_NUMBER);
}

/* The scanner's verdict on a whole value, taken without it for the two common forms: a
 * string with pattern facets and no length facet (most of libvirt's patterns) is its
 * patterns' DFAs alone; a number of digits alone (a sign or a blank takes the scanner)
 * is its patterns and its significant digits. */
bool dg_data_valid(const dg_datatype *dt, const dg_dfa *dfas, const char *v, size_t n)
{
	if (dg_data_patterns_only(dt))
		return patterns_match(dt, dfas, v, n);
	if (digits_only(dt, v, n))
		return patterns_match(dt, dfas, v, n) && digits_valid(dt, v, n);
	dg_dscan s;
	dg_data_begin(&s, dt, dfas);
	dg_data_feed(&s, v, n);
	return dg_data_end(&s);
}

/* ---- messages ------------------------------------------------------------------- */

/* Appends up to three strings (NULL: none) to buf; bounded, always terminated. */
static void put(char *buf, size_t size, size_t *at, const char *a, const char *b,
	const char *c)
{
	const char *part[3] = {a, b, c};
	for (int i = 0; i < 3; i++)
		for (const char *t = part[i]; t != NULL && *t != '\0' && *at + 1 < size; t++)
			buf[(*at)++] = *t;
	buf[*at] = '\0';
}

/* A bound as written, without its surrounding blanks, in a small buffer. */
static const char *trimmed(const char *t, char *tmp, size_t size)
{
	while (is_blank((unsigned char)*t))
		t++;
	size_t n = strlen(t);
	while (n > 0 && is_blank((unsigned char)t[n - 1]))
		n--;
	snprintf(tmp, size, "%.*s", (int)(n < size ? n : size - 1), t);
	return tmp;
}

static void describe_range(const dg_datatype *dt, char *buf, size_t size, size_t *at)
{
	char a[64], b[64];
	const char *lo = dt->min_incl ? dt->min_incl : dt->min_excl;
	const char *hi = dt->max_incl ? dt->max_incl : dt->max_excl;
	if (dt->min_incl && dt->max_incl) {
		put(buf, size, at, " from ", trimmed(lo, a, sizeof a), " to ");
		put(buf, size, at, trimmed(hi, b, sizeof b), NULL, NULL);
	} else {
		if (lo)
			put(buf, size, at, dt->min_incl ? " of at least " : " greater than ",
			    trimmed(lo, a, sizeof a), NULL);
		if (lo && hi)
			put(buf, size, at, " and", NULL, NULL);
		if (hi)
			put(buf, size, at, dt->max_incl ? " of at most " : " less than ",
			    trimmed(hi, b, sizeof b), NULL);
	}
}

static void describe_length(const dg_datatype *dt, char *buf, size_t size, size_t *at)
{
	char a[24], b[24];
	if (dt->length >= 0) {
		snprintf(a, sizeof a, "%ld", (long)dt->length);
		put(buf, size, at, " of exactly ", a, " characters");
		return;
	}
	if (dt->min_length >= 0)
		snprintf(a, sizeof a, "%ld", (long)dt->min_length);
	if (dt->max_length >= 0)
		snprintf(b, sizeof b, "%ld", (long)dt->max_length);
	if (dt->min_length >= 0 && dt->max_length >= 0) {
		put(buf, size, at, " of ", a, " to ");
		put(buf, size, at, b, " characters", NULL);
	} else if (dt->min_length >= 0)
		put(buf, size, at, " of at least ", a, " characters");
	else if (dt->max_length >= 0)
		put(buf, size, at, " of at most ", b, " characters");
}

const char *dg_data_describe(const dg_datatype *dt, char *buf, size_t size)
{
	size_t at = 0;
	if (size == 0)
		return buf;
	buf[0] = '\0';
	put(buf, size, &at, dt->type < DG_XSD_COUNT ? xsd_info[dt->type].desc : "a value", NULL,
	    NULL);
	describe_range(dt, buf, size, &at);
	describe_length(dt, buf, size, &at);
	for (unsigned i = 0; i < dt->npatterns; i++) {
		if (dt->pattern_text != NULL && dt->pattern_text[i] != NULL)
			put(buf, size, &at, i ? " and " : " matching ", dt->pattern_text[i], NULL);
		else if (i == 0)
			put(buf, size, &at, " of a restricted form", NULL, NULL);
	}
	return buf;
}
