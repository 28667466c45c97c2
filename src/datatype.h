/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* datatype.h - streaming value scanners for the RELAX NG datatypes of libvirt's schemas.
 *
 * Each datatype of the snapshot/checkpoint grammar closure (basictypes.rng,
 * storagecommon.rng, domaincommon.rng, domaincheckpoint.rng) has one scanner.  A value
 * is fed in any number of pieces (expat splits text at buffer boundaries, references,
 * CDATA sections and comments) and judged at the end; the verdict equals what
 * `xmllint --relaxng` (libxml2 2.9.x) decides for the same value, quirks included
 * (e.g. libxml2 applies pattern facets to the unnormalised value, so " 12 " is not an
 * unsignedLong).
 *
 * Memory: a scanner is a fixed-size struct; it never allocates.  Time: linear in the
 * value's length.  Ownership: the caller owns the struct; nothing to free.
 */
#ifndef SL_DATATYPE_H
#define SL_DATATYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How to add one: add a line here (ID, the RELAX NG define it mirrors, a short
 * description used in messages as "expected <description>"), then a case in
 * datatype.c's feed and end functions, then values in tests/check_datatype.c. */
#define SL_DATATYPES(X)                                                              \
	X(TEXT, "text", "any text")                                                      \
	X(TOKEN, "value", "a value") /* enumerations: see sl_dt_token() */               \
	X(ABS_FILE_PATH, "absFilePath", "an absolute path")                              \
	X(DISK_TARGET, "diskTargetDev", "a disk target name such as 'vda'")              \
	X(DISK_NAME, "diskTargetDev|absFilePath", "a disk target such as 'vda' or an absolute path") \
	X(UUID, "UUID", "a UUID such as 'c7a5fdbd-cdaf-9455-926a-d65c16db1809'")        \
	X(UNSIGNED_LONG, "unsignedLong", "an unsigned integer (0..18446744073709551615)") \
	X(UNSIGNED_INT, "unsignedInt", "an unsigned integer (0..4294967295)")           \
	X(POSITIVE_INTEGER, "positiveInteger", "a positive integer")                    \
	X(UINT8, "uint8", "0..255 or 0x0..0xff")                                         \
	X(UINT32, "uint32", "0..4294967295 or up to 8 hex digits")                       \
	X(PCI_SLOT, "pciSlot", "a PCI slot (0..31 or 0x0..0x1f)")                        \
	X(PCI_FUNC, "pciFunc", "a PCI function (0..7)")                                  \
	X(CHECKPOINT_NAME, "checkpointName", "a name of letters, digits, '_', '-', '.' not starting with '.'") \
	X(GENERIC_NAME, "genericName", "a name of letters, digits, '_', '+', '-'")       \
	X(OBJECT_NAME, "objectName", "a name without '/' or newline")                    \
	X(VOL_NAME, "volName", "a volume name without '/', not '.' or '..'")            \
	X(DNS_NAME, "dnsName", "a host name")                                            \
	X(IP_ADDR, "ipAddr", "an IPv4 or IPv6 address")                                  \
	X(HOST_NAME, "dnsName|ipAddr", "a host name or IP address")                      \
	X(DEVICE_NAME, "deviceName", "a device name")                                    \
	X(VMWARE_PATH, "vmwarePath", "a VMware path such as '[datastore] dir/disk.vmdk'") \
	X(FILE_PATH, "absFilePath|vmwarePath", "an absolute path or a VMware path")      \
	X(BLOCK_DEV, "absFilePath|deviceName", "an absolute path or a device name")      \
	X(UNIT, "unit", "a unit such as 'KiB', 'M' or 'bytes'")                          \
	X(COOKIE_NAME, "cookie name", "an HTTP cookie name")                             \
	X(COOKIE_VALUE, "cookie value", "an HTTP cookie value")

typedef enum {
#define SL_DT_ENUM(id, rng, desc) SL_DT_##id,
	SL_DATATYPES(SL_DT_ENUM)
#undef SL_DT_ENUM
	SL_DT_COUNT
} sl_dt;

/* The bounded prefix a scanner keeps; values whose verdict needs more are judged
 * by the streaming state alone. */
#define SL_DT_KEEP 64

/* Scanner state.  Fields are private to datatype.c. */
typedef struct sl_dtscan {
	sl_dt type;
	uint32_t state;     /* per-type automaton state */
	uint32_t flags;     /* per-type bits */
	uint64_t count;     /* characters (not bytes) seen, saturating */
	uint64_t acc;       /* numeric accumulator */
	size_t kept;        /* bytes in keep[] */
	bool overflow;      /* more bytes arrived than keep[] holds */
	char keep[SL_DT_KEEP];
} sl_dtscan;

/* Starts scanning a value of type `dt`. */
void sl_dt_begin(sl_dtscan *s, sl_dt dt);
/* Feeds the next `n` bytes (valid UTF-8, as expat delivers it; pieces may split a
 * multi-byte character). */
void sl_dt_feed(sl_dtscan *s, const char *p, size_t n);
/* Ends the value: true when it is valid for the type. */
bool sl_dt_end(sl_dtscan *s);
/* One-shot convenience: begin + feed + end. */
bool sl_dt_check(sl_dt dt, const char *p, size_t n);

/* For SL_DT_TOKEN after sl_dt_end(): the value with RELAX NG `token` whitespace
 * normalisation applied (leading/trailing XML whitespace removed, inner runs collapsed
 * to one space), NUL-terminated, or NULL when the normalised value is longer than
 * SL_DT_KEEP - 1 bytes (then it matches no enumeration value of these schemas). */
const char *sl_dt_token(const sl_dtscan *s);

/* For an integer type, once its text is complete: true when it is valid and above 0. */
bool sl_dt_positive(const sl_dtscan *s);

/* The RELAX NG define and the human description of a datatype. */
const char *sl_dt_rng_name(sl_dt dt);
const char *sl_dt_describe(sl_dt dt);

/* Two UUIDs compare equal without their dashes and case, as libvirt parses them. */
bool sl_uuid_eq(const char *a, const char *b);

#endif
