/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* gtables.c - libvirt 12.8.0's snapshot and checkpoint grammar as kind tables.
 *
 * What libvirt added after 9.0.0 (the oldest schemas known) carries the first known
 * schemas with it: `since` on children and attributes, sl_values_since for values
 * (found by diffing ../shared/schemas/libvirt-*; nothing was removed).  The grammar
 * reports those newer than --target-libvirt (SL214).  The two content models that
 * changed otherwise (<encryption>'s secrets, an nfs <source>'s <identity>) have an older
 * kind that older targets use instead (sl_kind_variants, at the end).
 *
 * Each kind mirrors one element context of domainsnapshot.rng, domaincheckpoint.rng and
 * the defines they reach in domaincommon.rng, storagecommon.rng and basictypes.rng; the
 * comment above it names the define.  Notes on the closure as the snapshot grammar sees
 * it (it includes domaincommon.rng, not domainoverrides.rng):
 *  - storageStartupPolicy is notAllowed, so no startupPolicy attribute anywhere;
 *  - privateData (privateDataStorageSource) has notAllowed content, so it never
 *    validates and is left out (reported as not allowed);
 *  - storageSourceExtra is the snapshot <driver>, and only file and block disks have it.
 *
 * The embedded domain (<domain>, <inactiveDomain>) and a domain root are delegated: their
 * kinds carry SL_K_DELEGATE and the generated tier's entry (dgrammar.h), and their
 * subtree is validated by that tier, its roles and facts given by src/domroles.c.
 *
 * How to add one: add an id to the enum (ids 0-3 are fixed, see grammar.h), its
 * attribute and child arrays, and its entry in sl_kinds[] with text set explicitly
 * (NOTEXT or DATA(type)).  Child order within a lane is document order (RELAX NG
 * <group>); use FREE for <interleave> members.  Then add fixtures.
 */
#include <string.h>

#include "dgrammar.h"
#include "grammar.h"

enum {
	K_SKIP = SL_KIND_ID_SKIP,
	K_SNAPSHOT = SL_KIND_ID_SNAPSHOT,
	K_CHECKPOINT = SL_KIND_ID_CHECKPOINT,
	K_DOMAIN_ROOT = SL_KIND_ID_DOMAIN,
	K_TEXT, K_SNAP_NAME, K_SNAP_CTIME, K_STATE, K_ACTIVE, K_CP_NAME, K_CP_CTIME,
	K_SNAP_PARENT, K_SNAP_PARENT_NAME, K_CP_PARENT, K_CP_PARENT_NAME, K_COOKIE,
	K_MEMORY, K_MEMORY_NO, K_MEMORY_INTERNAL, K_MEMORY_FILE,
	K_DISKS, K_REVERT_DISKS, K_SNAPDISK, K_SNAPDISK_NO, K_SNAPDISK_INTERNAL,
	K_SNAPDISK_MANUAL, K_SNAPDISK_FILE, K_SNAPDISK_BLOCK, K_SNAPDISK_NET,
	K_SNAPSRC_FILE, K_SNAPSRC_BLOCK, K_SNAPDRIVER, K_MDCACHE, K_MAXSIZE, K_SDIP,
	K_SECLABEL, K_SECLABEL_NORELABEL, K_SECLABEL_SKIP, K_SECLABEL_LABEL, K_LABEL,
	K_SLICES, K_SLICE,
	K_DATASTORE, K_DS_FILE, K_DS_BLOCK, K_DS_DIR, K_DS_NET, K_DS_VOLUME, K_DS_NVME,
	K_DS_VHOSTUSER, K_DS_VHOSTVDPA, K_DS_CTL, K_FORMAT,
	K_DSRC_FILE, K_DSRC_BLOCK, K_DSRC_DIR, K_DSRC_VOLUME, K_DSRC_NVME, K_PCIADDR,
	K_DSRC_VHOSTUSER, K_DSRC_VHOSTVDPA, K_DSRC_CTL,
	K_RECONNECT, K_ENCRYPTION, K_ENC_SECRET, K_CIPHER, K_IVGEN, K_RESERVATIONS,
	K_UNIXSOCK,
	K_NETSRC, K_NET_NBD, K_NET_GLUSTER, K_NET_RBD, K_NET_ISCSI, K_NET_HTTP, K_NET_HTTPS,
	K_NET_FTPS, K_NET_FTP, K_NET_SSH, K_NET_SIMPLE, K_NET_VXHS, K_NET_NFS, K_NET_ANY,
	K_HOST, K_HOST_INET, K_HOST_UNIX, K_RBDSNAP, K_RBDCONFIG, K_AUTH, K_AUTH_SECRET,
	K_INITIATOR, K_IQN, K_COOKIES, K_HTTPCOOKIE, K_SSL, K_READAHEAD, K_TIMEOUT,
	K_KNOWNHOSTS, K_SSHIDENT, K_NFSIDENT,
	K_CPDISKS, K_CPDISK, K_CPDISK_NO, K_CPDISK_BITMAP,
	K_DOMAIN_SNAP, K_DOMAIN_CP, K_INACTIVE_DOMAIN,
	K_ENCRYPTION_9_0, K_NET_NFS_10_7, /* older content models (sl_kind_variants) */
	K_COUNT
};
_Static_assert(K_COUNT <= SL_KINDS_MAX, "sl_kinds[] outgrows the machine's arrays (grammar.h)");

/* ---- enumerations (RELAX NG <value> choices) ---- */
const char *const sl_values_state[] = {"running", "blocked", "paused", "shutdown", "shutoff",
                                      "crashed", "disk-snapshot", NULL};
const char *const sl_values_active[] = {"0", "1", NULL};
const char *const sl_values_memory_snapshot[] = {"no", "internal", "external", NULL};
const char *const sl_values_disk_snapshot[] = {"no", "internal", "external", "manual", NULL};
const char *const sl_values_snapdisk_type[] = {"file", "block", "network", NULL};
static const char *const v_yesno[] = {"yes", "no", NULL};
static const char *const v_onoff[] = {"on", "off", NULL};
static const char *const v_yes[] = {"yes", NULL};
const char *const sl_values_overlay_format[] = {"cow", "qcow", "qcow2", "qed", "vmdk", NULL};
static const char *const v_format[] = {"raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc",
                                       "vdi", "fat", "vhd", "ploop", "luks", "cow", "qcow",
                                       "qcow2", "qed", "vmdk", NULL};
static const char *const v_enc_format[] = {"default", "qcow", "luks", "luks2", "luks-any", NULL};
static const char *const v_enc_engine[] = {"qemu", "librbd", NULL};
static const char *const v_passphrase[] = {"passphrase", NULL};
static const char *const v_auth_type[] = {"ceph", "iscsi", NULL};
static const char *const v_transport[] = {"tcp", "rdma", "unix", NULL};
/* The network disk protocols (diskSourceNetwork) and the <source> kind that checks each.
 * How to add one: a row here, in the schema's order (it is the order of the values a
 * hint lists); a new K_NET_ kind with its kinds[] entry only when its attributes or
 * children differ from an existing one's. */
#define NET_PROTOCOLS(X)                                                                   \
	X("nbd", K_NET_NBD) X("gluster", K_NET_GLUSTER) X("rbd", K_NET_RBD)                  \
	X("iscsi", K_NET_ISCSI) X("http", K_NET_HTTP) X("https", K_NET_HTTPS)                \
	X("ftps", K_NET_FTPS) X("ftp", K_NET_FTP) X("ssh", K_NET_SSH)                        \
	X("sheepdog", K_NET_SIMPLE) X("tftp", K_NET_SIMPLE) X("vxhs", K_NET_VXHS)            \
	X("nfs", K_NET_NFS)
#define PROTOCOL_NAME(name, kind) name,
static const char *const v_protocol[] = {NET_PROTOCOLS(PROTOCOL_NAME) NULL};
static const char *const v_storage[] = {"storage", NULL};
static const char *const v_unix[] = {"unix", NULL};
static const char *const v_sockmode[] = {"server", "client", NULL};
static const char *const v_volmode[] = {"host", "direct", NULL};
static const char *const v_pci[] = {"pci", NULL};
static const char *const v_ds_type[] = {"file", "block", "dir", "network", "volume", "nvme",
                                        "vhostuser", "vhostvdpa", "ctl", NULL};
static const char *const v_checkpoint[] = {"no", "bitmap", NULL};

/* The enumerated values added after libvirt 9.0.0 (the elements and attributes added
 * carry their own `since`).  How to add one: a row with the list, the value and the
 * first known schemas that accept it; then a fixture with --target-libvirt. */
/* diskTargetDev's second branch, nvme[0-9]+n[0-9]+(p[0-9]+)? (12.8.0), on a value that
 * is a valid disk name already (so it needs no other check) */
static bool nvme_target(const char *v)
{
	return !strncmp(v, "nvme", 4);
}

const sl_value_since sl_values_since[] = {
	{v_enc_format, "luks-any", SL_LV_9_8, 0, NULL}, /* storagecommon.rng encryption format */
	{v_protocol, "ssh", SL_LV_9_8, 0, NULL},        /* diskSourceNetworkProtocolSSH */
	{v_ds_type, "ctl", SL_LV_12_8, 0, NULL},        /* diskSourceCtl, in <dataStore> */
	{NULL, NULL, SL_LV_12_8, SL_DT_DISK_NAME, nvme_target}, /* diskTargetDev, nvme names */
};
const unsigned sl_nvalues_since = sizeof sl_values_since / sizeof sl_values_since[0];

/* ---- spec shorthands ---- */
#define OPT(n, dt) {n, SL_DT_##dt, 0, 0, NULL, NULL, 0}
#define REQ(n, dt) {n, SL_DT_##dt, SL_A_REQUIRED, 0, NULL, NULL, 0}
#define OPTE(n, v) {n, SL_DT_TOKEN, 0, 0, NULL, v, 0}
#define REQE(n, v) {n, SL_DT_TOKEN, SL_A_REQUIRED, 0, NULL, v, 0}
#define CHOICE(n, dt) {n, SL_DT_##dt, 0, 1, NULL, NULL, 0}  /* one of group 1 */
#define CHOICEE(n, v) {n, SL_DT_TOKEN, 0, 1, NULL, v, 0}
/* an attribute that needs attribute `other` (by name) to be present too */
#define NEEDS(n, dt, other) {n, SL_DT_##dt, 0, 0, other, NULL, 0}

#define FREE SL_LANE_FREE
#define UNB SL_UNBOUNDED
#define KID(n, k, lane, min, max) {n, k, lane, min, max, 0, NULL, 0}
/* a child that needs the named children (in table order) to be present too */
#define WITH(...) ((const char *const[]){__VA_ARGS__, NULL})
#define ONE(n, k) KID(n, k, FREE, 1, 1)
#define MAYBE(n, k) KID(n, k, FREE, 0, 1)
#define MANY(n, k) KID(n, k, FREE, 0, UNB)
#define SOME(n, k) KID(n, k, FREE, 1, UNB)
/* diskSourceCommon's ordered group: <slices>? then <dataStore>? (lane 0) */
#define COMMON KID("slices", K_SLICES, 0, 0, 1), {"dataStore", K_DATASTORE, 0, 0, 1, 0, NULL, SL_LV_11_3}

/* newer than libvirt 9.0.0: the first known schemas with it (SL_LV_*, snaplint.h) */
#define MAYBE_SINCE(n, k, since) {n, k, FREE, 0, 1, 0, NULL, since}
#define OPTE_SINCE(n, v, since) {n, SL_DT_TOKEN, 0, 0, NULL, v, since}

#define ATTRS(a) .attrs = a, .nattrs = (uint8_t)(sizeof a / sizeof a[0])
#define KIDS(c) .kids = c, .nkids = (uint8_t)(sizeof c / sizeof c[0])
#define NOTEXT .text = SL_TEXT_NONE
#define DATA(t) .text = SL_DT_##t

/* ---- resolvers: attribute-dependent variants (RELAX NG choices on values) ---- */

static bool attr_is(const sl_start *st, const char *name, const char *value)
{
	const char *v = sl_start_attr(st, name);
	return v && sl_token_eq(v, value);
}

/* memory: snapshot='no'|'internal' versus (snapshot='external'?, file) */
static uint16_t resolve_memory(const sl_start *st)
{
	if (attr_is(st, "snapshot", "no"))
		return K_MEMORY_NO;
	return attr_is(st, "snapshot", "internal") ? K_MEMORY_INTERNAL : K_MEMORY_FILE;
}

/* disksnapshot: snapshot no|internal|manual take nothing else; external by type */
static uint16_t resolve_snapdisk(const sl_start *st)
{
	const char *mode = NULL, *type = NULL; /* both in one pass over the attributes */
	for (size_t i = 0; i < st->nattrs; i++) {
		const char *name = st->atts[2 * i];
		if (name[0] == 's' && !strcmp(name, "snapshot"))
			mode = st->atts[2 * i + 1];
		else if (name[0] == 't' && !strcmp(name, "type"))
			type = st->atts[2 * i + 1];
	}
	if (mode && sl_token_eq(mode, "no"))
		return K_SNAPDISK_NO;
	if (mode && sl_token_eq(mode, "internal"))
		return K_SNAPDISK_INTERNAL;
	if (mode && sl_token_eq(mode, "manual"))
		return K_SNAPDISK_MANUAL;
	if (type && sl_token_eq(type, "block"))
		return K_SNAPDISK_BLOCK;
	if (type && sl_token_eq(type, "network"))
		return K_SNAPDISK_NET;
	return K_SNAPDISK_FILE;
}

/* devSeclabel: relabel='no' | labelskip='yes' | (relabel='yes'?, label+) */
static uint16_t resolve_seclabel(const sl_start *st)
{
	if (attr_is(st, "relabel", "no"))
		return K_SECLABEL_NORELABEL;
	if (sl_start_attr(st, "labelskip"))
		return K_SECLABEL_SKIP;
	return K_SECLABEL_LABEL;
}

/* diskSource on <dataStore>: the type attribute picks the source variant */
static uint16_t resolve_datastore(const sl_start *st)
{
	static const struct {
		const char *type;
		uint16_t kind;
	} map[] = {{"block", K_DS_BLOCK}, {"dir", K_DS_DIR}, {"network", K_DS_NET},
	           {"volume", K_DS_VOLUME}, {"nvme", K_DS_NVME}, {"vhostuser", K_DS_VHOSTUSER},
	           {"vhostvdpa", K_DS_VHOSTVDPA}, {"ctl", K_DS_CTL}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (attr_is(st, "type", map[i].type))
			return map[i].kind;
	return K_DS_FILE;
}

/* diskSourceNetwork: the protocol attribute picks the <source> variant */
static uint16_t resolve_netsrc(const sl_start *st)
{
	static const struct {
		const char *protocol;
		uint16_t kind;
#define PROTOCOL_KIND(name, kind) {name, kind},
	} map[] = {NET_PROTOCOLS(PROTOCOL_KIND)};
#undef PROTOCOL_KIND
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (attr_is(st, "protocol", map[i].protocol))
			return map[i].kind;
	return K_NET_ANY;
}

/* diskSourceNetworkHost: transport='unix' takes a socket, otherwise a name */
static uint16_t resolve_host(const sl_start *st)
{
	return attr_is(st, "transport", "unix") ? K_HOST_UNIX : K_HOST_INET;
}

/* diskcheckpoint: checkpoint='no' takes no bitmap or size */
static uint16_t resolve_cpdisk(const sl_start *st)
{
	return attr_is(st, "checkpoint", "no") ? K_CPDISK_NO : K_CPDISK_BITMAP;
}

/* ---- attribute tables ---- */
static const sl_attr_spec a_memory_nofile[] = {REQE("snapshot", sl_values_memory_snapshot)};
static const sl_attr_spec a_memory_file[] = {OPTE("snapshot", sl_values_memory_snapshot),
                                             REQ("file", ABS_FILE_PATH)};
static const sl_attr_spec a_snapdisk_plain[] = {REQ("name", DISK_NAME),
                                                REQE("snapshot", sl_values_disk_snapshot)};
static const sl_attr_spec a_snapdisk_file[] = {REQ("name", DISK_NAME),
                                               OPTE("snapshot", sl_values_disk_snapshot),
                                               OPTE("type", sl_values_snapdisk_type)};
static const sl_attr_spec a_snapdisk_typed[] = {REQ("name", DISK_NAME),
                                                OPTE("snapshot", sl_values_disk_snapshot),
                                                REQE("type", sl_values_snapdisk_type)};
static const sl_attr_spec a_snapsrc_file[] = {OPT("file", ABS_FILE_PATH),
                                              OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_snapsrc_block[] = {REQ("dev", ABS_FILE_PATH),
                                               OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_snapdriver[] = {OPTE("type", sl_values_overlay_format)};
static const sl_attr_spec a_maxsize[] = {OPT("unit", UNIT)};
static const sl_attr_spec a_seclabel_norelabel[] = {OPT("model", TEXT), REQE("relabel", v_yesno)};
static const sl_attr_spec a_seclabel_skip[] = {OPT("model", TEXT), REQE("labelskip", v_yes)};
static const sl_attr_spec a_seclabel_label[] = {OPT("model", TEXT), OPTE("relabel", v_yesno)};
static const sl_attr_spec a_slice[] = {REQE("type", v_storage), REQ("offset", UNSIGNED_INT),
                                       REQ("size", POSITIVE_INTEGER)};
static const sl_attr_spec a_ds_file[] = {OPTE("type", v_ds_type)};
static const sl_attr_spec a_ds_typed[] = {REQE("type", v_ds_type)};
static const sl_attr_spec a_format[] = {REQE("type", v_format)};
static const sl_attr_spec a_dsrc_file[] = {OPT("file", FILE_PATH), NEEDS("fdgroup", TEXT, "file"),
                                           OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_dsrc_block[] = {OPT("dev", BLOCK_DEV), OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_dsrc_dir[] = {REQ("dir", ABS_FILE_PATH), OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_dsrc_volume[] = {REQ("pool", OBJECT_NAME), REQ("volume", VOL_NAME),
                                             OPTE("mode", v_volmode),
                                             OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_dsrc_nvme[] = {REQE("type", v_pci), REQ("namespace", UINT32),
                                           OPTE("managed", v_yesno),
                                           OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_pciaddr[] = {OPT("domain", UINT32), OPT("bus", UINT8),
                                         OPT("slot", PCI_SLOT), OPT("function", PCI_FUNC),
                                         OPTE("multifunction", v_onoff)};
static const sl_attr_spec a_dsrc_vhostuser[] = {REQE("type", v_unix), REQ("path", ABS_FILE_PATH)};
static const sl_attr_spec a_dev[] = {REQ("dev", ABS_FILE_PATH)};
/* reconnect: (enabled, timeout?) | delay */
static const sl_attr_spec a_reconnect[] = {CHOICEE("enabled", v_yesno), NEEDS("timeout", UNSIGNED_INT, "enabled"),
                                           CHOICE("delay", UNSIGNED_INT)};
static const sl_attr_spec a_encryption[] = {REQE("format", v_enc_format),
                                            OPTE("engine", v_enc_engine)};
static const sl_attr_spec a_enc_secret[] = {REQE("type", v_passphrase), CHOICE("uuid", UUID),
                                            CHOICE("usage", TEXT)};
/* keycipher: name, size, (mode, hash)? */
static const sl_attr_spec a_cipher[] = {REQ("name", TEXT), REQ("size", UNSIGNED_INT),
                                        NEEDS("mode", TEXT, "hash"), NEEDS("hash", TEXT, "mode")};
static const sl_attr_spec a_ivgen[] = {REQ("name", TEXT), OPT("hash", TEXT)};
static const sl_attr_spec a_reservations[] = {OPTE("managed", v_yesno),
                                              OPTE_SINCE("migration", v_yesno, SL_LV_12_8)};
static const sl_attr_spec a_unixsock[] = {REQE("type", v_unix), REQ("path", ABS_FILE_PATH),
                                          REQE("mode", v_sockmode)};
static const sl_attr_spec a_net_nbd[] = {REQE("protocol", v_protocol), OPT("name", TEXT),
                                         OPTE("tls", v_yesno), OPT("tlsHostname", TEXT),
                                         OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_net_named[] = {REQE("protocol", v_protocol), REQ("name", TEXT),
                                           OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_net_rbd[] = {REQE("protocol", v_protocol), OPT("name", TEXT),
                                         OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_net_http[] = {REQE("protocol", v_protocol), REQ("name", TEXT),
                                          OPT("query", TEXT), OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_net_vxhs[] = {REQE("protocol", v_protocol), REQ("name", TEXT),
                                          OPTE("tls", v_yesno), OPT("index", POSITIVE_INTEGER)};
static const sl_attr_spec a_net_any[] = {REQE("protocol", v_protocol), OPT("name", TEXT),
                                         OPT("tls", TEXT), OPT("tlsHostname", TEXT),
                                         OPT("query", TEXT), OPT("index", TEXT)};
static const sl_attr_spec a_host_inet[] = {OPTE("transport", v_transport), REQ("name", HOST_NAME),
                                           OPT("port", UNSIGNED_INT)};
static const sl_attr_spec a_host_unix[] = {REQE("transport", v_transport),
                                           REQ("socket", ABS_FILE_PATH)};
static const sl_attr_spec a_rbdsnap[] = {REQ("name", GENERIC_NAME)};
static const sl_attr_spec a_file[] = {REQ("file", ABS_FILE_PATH)};
static const sl_attr_spec a_auth[] = {REQ("username", GENERIC_NAME)};
static const sl_attr_spec a_auth_secret[] = {REQE("type", v_auth_type), CHOICE("uuid", UUID),
                                             CHOICE("usage", OBJECT_NAME)};
static const sl_attr_spec a_iqn[] = {REQ("name", TEXT)};
static const sl_attr_spec a_httpcookie[] = {REQ("name", COOKIE_NAME)};
static const sl_attr_spec a_ssl[] = {REQE("verify", v_yesno)};
static const sl_attr_spec a_readahead[] = {REQ("size", POSITIVE_INTEGER)};
static const sl_attr_spec a_timeout[] = {REQ("seconds", POSITIVE_INTEGER)};
static const sl_attr_spec a_knownhosts[] = {REQ("path", ABS_FILE_PATH)};
static const sl_attr_spec a_sshident[] = {REQ("username", GENERIC_NAME),
                                          CHOICE("keyfile", ABS_FILE_PATH),
                                          CHOICE("agentsock", ABS_FILE_PATH)};
static const sl_attr_spec a_nfsident[] = {OPT("user", GENERIC_NAME), OPT("group", GENERIC_NAME)};
static const sl_attr_spec a_cpdisk_no[] = {REQ("name", DISK_NAME), REQE("checkpoint", v_checkpoint)};
static const sl_attr_spec a_cpdisk_bitmap[] = {REQ("name", DISK_NAME),
                                               OPTE("checkpoint", v_checkpoint),
                                               OPT("bitmap", TEXT), OPT("size", UNSIGNED_LONG)};

/* ---- child tables ---- */
/* domainsnapshot: an interleave of optional singletons */
static const sl_child_spec c_snapshot[] = {
	MAYBE("name", K_SNAP_NAME), MAYBE("description", K_TEXT), MAYBE("state", K_STATE),
	MAYBE("creationTime", K_SNAP_CTIME), MAYBE("memory", K_MEMORY),
	MAYBE("disks", K_DISKS), MAYBE_SINCE("revertDisks", K_REVERT_DISKS, SL_LV_9_8),
	MAYBE("active", K_ACTIVE), MAYBE("domain", K_DOMAIN_SNAP),
	MAYBE("inactiveDomain", K_INACTIVE_DOMAIN), MAYBE("parent", K_SNAP_PARENT),
	MAYBE("cookie", K_COOKIE)};
/* domaincheckpoint */
static const sl_child_spec c_checkpoint[] = {
	MAYBE("name", K_CP_NAME), MAYBE("description", K_TEXT), MAYBE("creationTime", K_CP_CTIME),
	MAYBE("disks", K_CPDISKS), MAYBE("domain", K_DOMAIN_CP), MAYBE("parent", K_CP_PARENT)};
static const sl_child_spec c_snap_parent[] = {ONE("name", K_SNAP_PARENT_NAME)};
static const sl_child_spec c_cp_parent[] = {ONE("name", K_CP_PARENT_NAME)};
static const sl_child_spec c_disks[] = {MANY("disk", K_SNAPDISK)};
/* disksnapshot, file and block: interleave(source?, driver?, snapshotDeleteInProgress?) */
static const sl_child_spec c_snapdisk_file[] = {MAYBE("source", K_SNAPSRC_FILE),
                                                MAYBE("driver", K_SNAPDRIVER),
                                                MAYBE_SINCE("snapshotDeleteInProgress", K_SDIP, SL_LV_9_8)};
static const sl_child_spec c_snapdisk_block[] = {MAYBE("source", K_SNAPSRC_BLOCK),
                                                 MAYBE("driver", K_SNAPDRIVER),
                                                 MAYBE_SINCE("snapshotDeleteInProgress", K_SDIP, SL_LV_9_8)};
static const sl_child_spec c_snapdisk_net[] = {ONE("source", K_NETSRC)};
/* the snapshot disk <source>: a group, so ordered:
 * seclabel*, slices?, dataStore?, encryption? */
static const sl_child_spec c_snapsrc[] = {KID("seclabel", K_SECLABEL, 0, 0, UNB), COMMON,
                                          KID("encryption", K_ENCRYPTION, 0, 0, 1)};
static const sl_child_spec c_snapdriver[] = {MAYBE("metadata_cache", K_MDCACHE)};
static const sl_child_spec c_mdcache[] = {MAYBE("max_size", K_MAXSIZE)};
static const sl_child_spec c_seclabel_label[] = {SOME("label", K_LABEL)};
static const sl_child_spec c_slices[] = {ONE("slice", K_SLICE)};
/* dataStore: interleave(format, diskSource) */
static const sl_child_spec c_ds_opt_file[] = {ONE("format", K_FORMAT), MAYBE("source", K_DSRC_FILE)};
static const sl_child_spec c_ds_opt_block[] = {ONE("format", K_FORMAT), MAYBE("source", K_DSRC_BLOCK)};
static const sl_child_spec c_ds_opt_dir[] = {ONE("format", K_FORMAT), MAYBE("source", K_DSRC_DIR)};
static const sl_child_spec c_ds_net[] = {ONE("format", K_FORMAT), ONE("source", K_NETSRC)};
static const sl_child_spec c_ds_opt_volume[] = {ONE("format", K_FORMAT), MAYBE("source", K_DSRC_VOLUME)};
static const sl_child_spec c_ds_opt_nvme[] = {ONE("format", K_FORMAT), MAYBE("source", K_DSRC_NVME)};
static const sl_child_spec c_ds_vhostuser[] = {ONE("format", K_FORMAT), ONE("source", K_DSRC_VHOSTUSER)};
static const sl_child_spec c_ds_vhostvdpa[] = {ONE("format", K_FORMAT), ONE("source", K_DSRC_VHOSTVDPA)};
static const sl_child_spec c_ds_ctl[] = {ONE("format", K_FORMAT), ONE("source", K_DSRC_CTL)};
static const sl_child_spec c_format[] = {MAYBE("metadata_cache", K_MDCACHE)};
/* the domain disk sources: interleaves around diskSourceCommon's ordered group */
static const sl_child_spec c_dsrc_file[] = {COMMON, MAYBE("encryption", K_ENCRYPTION),
                                            MANY("seclabel", K_SECLABEL)};
static const sl_child_spec c_dsrc_block[] = {COMMON, MAYBE("encryption", K_ENCRYPTION),
                                             MAYBE("reservations", K_RESERVATIONS),
                                             MANY("seclabel", K_SECLABEL)};
static const sl_child_spec c_dsrc_dir[] = {COMMON, MAYBE("encryption", K_ENCRYPTION)};
static const sl_child_spec c_dsrc_nvme[] = {COMMON, ONE("address", K_PCIADDR),
                                            MAYBE("encryption", K_ENCRYPTION)};
static const sl_child_spec c_reconnect_only[] = {MAYBE("reconnect", K_RECONNECT)};
/* encryption: optional(interleave(secret+, optional(interleave(cipher, ivgen)))) */
static const sl_child_spec c_encryption[] = {
	MANY("secret", K_ENC_SECRET), {"cipher", K_CIPHER, FREE, 0, 1, 0, WITH("secret", "ivgen"), 0},
	{"ivgen", K_IVGEN, FREE, 0, 1, 0, WITH("secret", "cipher"), 0}};
static const sl_child_spec c_reservations[] = {MAYBE("source", K_UNIXSOCK)};
static const sl_child_spec c_net_nbd[] = {COMMON, ONE("host", K_HOST),
                                          MAYBE_SINCE("reconnect", K_RECONNECT, SL_LV_9_8),
                                          MAYBE("encryption", K_ENCRYPTION)};
static const sl_child_spec c_net_gluster[] = {COMMON, SOME("host", K_HOST),
                                              MAYBE("encryption", K_ENCRYPTION)};
static const sl_child_spec c_net_rbd[] = {COMMON, MANY("host", K_HOST), MAYBE("snapshot", K_RBDSNAP),
                                          MAYBE("config", K_RBDCONFIG), MAYBE("auth", K_AUTH),
                                          MAYBE("encryption", K_ENCRYPTION)};
static const sl_child_spec c_net_iscsi[] = {COMMON, ONE("host", K_HOST), MAYBE("auth", K_AUTH),
                                            MAYBE("encryption", K_ENCRYPTION),
                                            MAYBE("initiator", K_INITIATOR)};
static const sl_child_spec c_net_http[] = {COMMON, ONE("host", K_HOST),
                                           MAYBE("encryption", K_ENCRYPTION),
                                           MAYBE("cookies", K_COOKIES), MAYBE("readahead", K_READAHEAD),
                                           MAYBE("timeout", K_TIMEOUT), MAYBE("auth", K_AUTH)};
static const sl_child_spec c_net_https[] = {COMMON, ONE("host", K_HOST),
                                            MAYBE("encryption", K_ENCRYPTION), MAYBE("ssl", K_SSL),
                                            MAYBE("cookies", K_COOKIES),
                                            MAYBE("readahead", K_READAHEAD),
                                            MAYBE("timeout", K_TIMEOUT), MAYBE("auth", K_AUTH)};
static const sl_child_spec c_net_ftps[] = {COMMON, ONE("host", K_HOST),
                                           MAYBE("encryption", K_ENCRYPTION), MAYBE("ssl", K_SSL),
                                           MAYBE("readahead", K_READAHEAD),
                                           MAYBE("timeout", K_TIMEOUT), MAYBE("auth", K_AUTH)};
static const sl_child_spec c_net_ftp[] = {COMMON, ONE("host", K_HOST),
                                          MAYBE("encryption", K_ENCRYPTION),
                                          MAYBE("readahead", K_READAHEAD),
                                          MAYBE("timeout", K_TIMEOUT), MAYBE("auth", K_AUTH)};
/* ssh: optional(choice(identity, auth)) */
static const sl_child_spec c_net_ssh[] = {COMMON, ONE("host", K_HOST),
                                          MAYBE("encryption", K_ENCRYPTION),
                                          MAYBE("readahead", K_READAHEAD),
                                          MAYBE("timeout", K_TIMEOUT),
                                          MAYBE("knownHosts", K_KNOWNHOSTS),
                                          {"identity", K_SSHIDENT, FREE, 0, 1, 1, NULL, 0},
                                          {"auth", K_AUTH, FREE, 0, 1, 1, NULL, 0}};
static const sl_child_spec c_net_simple[] = {COMMON, ONE("host", K_HOST),
                                             MAYBE("encryption", K_ENCRYPTION),
                                             MAYBE("readahead", K_READAHEAD),
                                             MAYBE("timeout", K_TIMEOUT)};
static const sl_child_spec c_net_vxhs[] = {COMMON, ONE("host", K_HOST)};
static const sl_child_spec c_net_nfs[] = {COMMON, ONE("host", K_HOST), MAYBE("identity", K_NFSIDENT)};
/* the older content models (sl_kind_variants below) */
/* encryption in 9.0.0: optional(interleave(secret, optional(group(cipher, ivgen)))):
 * one <secret>, and <cipher> before <ivgen> (lane 0), <secret> anywhere among them */
static const sl_child_spec c_encryption_9_0[] = {
	MAYBE("secret", K_ENC_SECRET), {"cipher", K_CIPHER, 0, 0, 1, 0, WITH("secret", "ivgen"), 0},
	{"ivgen", K_IVGEN, 0, 0, 1, 0, WITH("secret", "cipher"), 0}};
/* nfs up to 10.7.0: diskSourceNetworkNFS is the <identity> element itself, not optional */
static const sl_child_spec c_net_nfs_10_7[] = {COMMON, ONE("host", K_HOST), ONE("identity", K_NFSIDENT)};
/* unknown protocol: accept the union quietly; only the protocol is reported */
static const sl_child_spec c_net_any[] = {
	MAYBE("slices", K_SKIP), MAYBE("dataStore", K_SKIP), MANY("host", K_SKIP),
	MAYBE("reconnect", K_SKIP), MAYBE("encryption", K_SKIP), MAYBE("cookies", K_SKIP),
	MAYBE("ssl", K_SKIP), MAYBE("readahead", K_SKIP), MAYBE("timeout", K_SKIP),
	MAYBE("auth", K_SKIP), MAYBE("snapshot", K_SKIP), MAYBE("config", K_SKIP),
	MAYBE("initiator", K_SKIP), MAYBE("knownHosts", K_SKIP), MAYBE("identity", K_SKIP)};
static const sl_child_spec c_auth[] = {ONE("secret", K_AUTH_SECRET)};
static const sl_child_spec c_initiator[] = {ONE("iqn", K_IQN)};
static const sl_child_spec c_cookies[] = {SOME("cookie", K_HTTPCOOKIE)};
static const sl_child_spec c_cpdisks[] = {SOME("disk", K_CPDISK)};
/* the embedded domain and a domain root: delegated to the generated tier */
#define DELEGATE(e) NOTEXT, .flags = SL_K_DELEGATE, .entry = (e)

const sl_kind_spec sl_kinds[K_COUNT] = {
	[K_SKIP] = {"", "", NOTEXT, .flags = SL_K_SKIP},
	[K_SNAPSHOT] = {"domainsnapshot", "domainsnapshot", KIDS(c_snapshot), NOTEXT},
	[K_CHECKPOINT] = {"domaincheckpoint", "domaincheckpoint", KIDS(c_checkpoint), NOTEXT},
	[K_TEXT] = {"description", "description", DATA(TEXT)},
	[K_SNAP_NAME] = {"name", "name", DATA(TEXT), .fact = SL_FACT_NAME},
	[K_SNAP_CTIME] = {"creationTime", "creationTime", DATA(TEXT), .fact = SL_FACT_CREATION_TIME},
	[K_STATE] = {"state", "state", DATA(TOKEN), .values = sl_values_state, .fact = SL_FACT_STATE},
	[K_ACTIVE] = {"active", "active", DATA(TOKEN), .values = sl_values_active, .fact = SL_FACT_ACTIVE},
	[K_CP_NAME] = {"name", "name", DATA(CHECKPOINT_NAME), .fact = SL_FACT_NAME},
	[K_CP_CTIME] = {"creationTime", "creationTime", DATA(UNSIGNED_LONG),
	                .fact = SL_FACT_CREATION_TIME},
	[K_SNAP_PARENT] = {"parent", "parent", KIDS(c_snap_parent), NOTEXT},
	[K_SNAP_PARENT_NAME] = {"name", "name", DATA(TEXT), .fact = SL_FACT_PARENT},
	[K_CP_PARENT] = {"parent", "parent", KIDS(c_cp_parent), NOTEXT},
	[K_CP_PARENT_NAME] = {"name", "name", DATA(CHECKPOINT_NAME), .fact = SL_FACT_PARENT},
	/* cookie: zeroOrMore customElement (any name, attributes, text, depth) */
	[K_COOKIE] = {"cookie", "cookie", NOTEXT, .flags = SL_K_ANY_CHILDREN},
	[K_MEMORY] = {"memory", "memory", NOTEXT, .resolve = resolve_memory},
	[K_MEMORY_NO] = {"memory", "memory snapshot='no'", ATTRS(a_memory_nofile), NOTEXT, .role = SL_ROLE_MEMORY},
	[K_MEMORY_INTERNAL] = {"memory", "memory snapshot='internal'", ATTRS(a_memory_nofile), NOTEXT, .role = SL_ROLE_MEMORY},
	[K_MEMORY_FILE] = {"memory", "memory", ATTRS(a_memory_file), NOTEXT, .role = SL_ROLE_MEMORY},
	[K_DISKS] = {"disks", "disks", KIDS(c_disks), NOTEXT, .role = SL_ROLE_DISKS},
	[K_REVERT_DISKS] = {"revertDisks", "revertDisks", KIDS(c_disks), NOTEXT, .role = SL_ROLE_REVERTDISKS},
	[K_SNAPDISK] = {"disk", "disk", NOTEXT, .resolve = resolve_snapdisk},
	[K_SNAPDISK_NO] = {"disk", "disk snapshot='no'", ATTRS(a_snapdisk_plain), NOTEXT, .role = SL_ROLE_SNAPDISK},
	[K_SNAPDISK_INTERNAL] = {"disk", "disk snapshot='internal'", ATTRS(a_snapdisk_plain), NOTEXT, .role = SL_ROLE_SNAPDISK},
	[K_SNAPDISK_MANUAL] = {"disk", "disk snapshot='manual'", ATTRS(a_snapdisk_plain), NOTEXT, .role = SL_ROLE_SNAPDISK},
	[K_SNAPDISK_FILE] = {"disk", "disk", ATTRS(a_snapdisk_file), KIDS(c_snapdisk_file), NOTEXT, .role = SL_ROLE_SNAPDISK},
	[K_SNAPDISK_BLOCK] = {"disk", "disk type='block'", ATTRS(a_snapdisk_typed),
	                      KIDS(c_snapdisk_block), NOTEXT, .role = SL_ROLE_SNAPDISK},
	[K_SNAPDISK_NET] = {"disk", "disk type='network'", ATTRS(a_snapdisk_typed),
	                    KIDS(c_snapdisk_net), NOTEXT, .role = SL_ROLE_SNAPDISK},
	[K_SNAPSRC_FILE] = {"source", "source", ATTRS(a_snapsrc_file), KIDS(c_snapsrc), NOTEXT,
	                    .role = SL_ROLE_SNAPSOURCE},
	[K_SNAPSRC_BLOCK] = {"source", "source", ATTRS(a_snapsrc_block), KIDS(c_snapsrc), NOTEXT,
	                     .role = SL_ROLE_SNAPSOURCE},
	[K_SNAPDRIVER] = {"driver", "driver", ATTRS(a_snapdriver), KIDS(c_snapdriver), NOTEXT,
	                  .role = SL_ROLE_SNAPDRIVER},
	[K_MDCACHE] = {"metadata_cache", "metadata_cache", KIDS(c_mdcache), NOTEXT},
	[K_MAXSIZE] = {"max_size", "max_size", ATTRS(a_maxsize), DATA(UNSIGNED_LONG),
	               .role = SL_ROLE_SNAPMDCACHE},
	[K_SDIP] = {"snapshotDeleteInProgress", "snapshotDeleteInProgress", NOTEXT},
	[K_SECLABEL] = {"seclabel", "seclabel", NOTEXT, .resolve = resolve_seclabel},
	[K_SECLABEL_NORELABEL] = {"seclabel", "seclabel relabel='no'", ATTRS(a_seclabel_norelabel), NOTEXT},
	[K_SECLABEL_SKIP] = {"seclabel", "seclabel labelskip='yes'", ATTRS(a_seclabel_skip), NOTEXT},
	[K_SECLABEL_LABEL] = {"seclabel", "seclabel", ATTRS(a_seclabel_label),
	                      KIDS(c_seclabel_label), NOTEXT},
	[K_LABEL] = {"label", "label", DATA(TEXT)},
	[K_SLICES] = {"slices", "slices", KIDS(c_slices), NOTEXT},
	[K_SLICE] = {"slice", "slice", ATTRS(a_slice), NOTEXT},
	[K_DATASTORE] = {"dataStore", "dataStore", NOTEXT, .resolve = resolve_datastore},
	[K_DS_FILE] = {"dataStore", "dataStore", ATTRS(a_ds_file), KIDS(c_ds_opt_file), NOTEXT},
	[K_DS_BLOCK] = {"dataStore", "dataStore type='block'", ATTRS(a_ds_typed), KIDS(c_ds_opt_block), NOTEXT},
	[K_DS_DIR] = {"dataStore", "dataStore type='dir'", ATTRS(a_ds_typed), KIDS(c_ds_opt_dir), NOTEXT},
	[K_DS_NET] = {"dataStore", "dataStore type='network'", ATTRS(a_ds_typed), KIDS(c_ds_net), NOTEXT},
	[K_DS_VOLUME] = {"dataStore", "dataStore type='volume'", ATTRS(a_ds_typed), KIDS(c_ds_opt_volume), NOTEXT},
	[K_DS_NVME] = {"dataStore", "dataStore type='nvme'", ATTRS(a_ds_typed), KIDS(c_ds_opt_nvme), NOTEXT},
	[K_DS_VHOSTUSER] = {"dataStore", "dataStore type='vhostuser'", ATTRS(a_ds_typed),
	                    KIDS(c_ds_vhostuser), NOTEXT},
	[K_DS_VHOSTVDPA] = {"dataStore", "dataStore type='vhostvdpa'", ATTRS(a_ds_typed),
	                    KIDS(c_ds_vhostvdpa), NOTEXT},
	[K_DS_CTL] = {"dataStore", "dataStore type='ctl'", ATTRS(a_ds_typed), KIDS(c_ds_ctl), NOTEXT},
	[K_FORMAT] = {"format", "format", ATTRS(a_format), KIDS(c_format), NOTEXT},
	[K_DSRC_FILE] = {"source", "source", ATTRS(a_dsrc_file), KIDS(c_dsrc_file), NOTEXT},
	[K_DSRC_BLOCK] = {"source", "source", ATTRS(a_dsrc_block), KIDS(c_dsrc_block), NOTEXT},
	[K_DSRC_DIR] = {"source", "source", ATTRS(a_dsrc_dir), KIDS(c_dsrc_dir), NOTEXT},
	[K_DSRC_VOLUME] = {"source", "source", ATTRS(a_dsrc_volume), KIDS(c_dsrc_file), NOTEXT},
	[K_DSRC_NVME] = {"source", "source", ATTRS(a_dsrc_nvme), KIDS(c_dsrc_nvme), NOTEXT},
	[K_PCIADDR] = {"address", "address", ATTRS(a_pciaddr), NOTEXT},
	[K_DSRC_VHOSTUSER] = {"source", "source", ATTRS(a_dsrc_vhostuser), KIDS(c_reconnect_only), NOTEXT},
	[K_DSRC_VHOSTVDPA] = {"source", "source", ATTRS(a_dev), NOTEXT},
	[K_DSRC_CTL] = {"source", "source", ATTRS(a_dev), NOTEXT},
	[K_RECONNECT] = {"reconnect", "reconnect", ATTRS(a_reconnect), NOTEXT, .flags = SL_K_REQ_GROUP},
	[K_ENCRYPTION] = {"encryption", "encryption", ATTRS(a_encryption), KIDS(c_encryption), NOTEXT},
	[K_ENC_SECRET] = {"secret", "secret", ATTRS(a_enc_secret), NOTEXT, .flags = SL_K_REQ_GROUP},
	[K_CIPHER] = {"cipher", "cipher", ATTRS(a_cipher), NOTEXT},
	[K_IVGEN] = {"ivgen", "ivgen", ATTRS(a_ivgen), NOTEXT},
	[K_RESERVATIONS] = {"reservations", "reservations", ATTRS(a_reservations),
	                    KIDS(c_reservations), NOTEXT},
	[K_UNIXSOCK] = {"source", "source", ATTRS(a_unixsock), KIDS(c_reconnect_only), NOTEXT},
	[K_NETSRC] = {"source", "source", NOTEXT, .resolve = resolve_netsrc},
	[K_NET_NBD] = {"source", "source protocol='nbd'", ATTRS(a_net_nbd), KIDS(c_net_nbd), NOTEXT},
	[K_NET_GLUSTER] = {"source", "source protocol='gluster'", ATTRS(a_net_named),
	                   KIDS(c_net_gluster), NOTEXT},
	[K_NET_RBD] = {"source", "source protocol='rbd'", ATTRS(a_net_rbd), KIDS(c_net_rbd), NOTEXT},
	[K_NET_ISCSI] = {"source", "source protocol='iscsi'", ATTRS(a_net_named), KIDS(c_net_iscsi), NOTEXT},
	[K_NET_HTTP] = {"source", "source protocol='http'", ATTRS(a_net_http), KIDS(c_net_http), NOTEXT},
	[K_NET_HTTPS] = {"source", "source protocol='https'", ATTRS(a_net_http), KIDS(c_net_https), NOTEXT},
	[K_NET_FTPS] = {"source", "source protocol='ftps'", ATTRS(a_net_named), KIDS(c_net_ftps), NOTEXT},
	[K_NET_FTP] = {"source", "source protocol='ftp'", ATTRS(a_net_named), KIDS(c_net_ftp), NOTEXT},
	[K_NET_SSH] = {"source", "source protocol='ssh'", ATTRS(a_net_named), KIDS(c_net_ssh), NOTEXT},
	[K_NET_SIMPLE] = {"source", "source", ATTRS(a_net_named), KIDS(c_net_simple), NOTEXT},
	[K_NET_VXHS] = {"source", "source protocol='vxhs'", ATTRS(a_net_vxhs), KIDS(c_net_vxhs), NOTEXT},
	[K_NET_NFS] = {"source", "source protocol='nfs'", ATTRS(a_net_named), KIDS(c_net_nfs), NOTEXT},
	[K_NET_ANY] = {"source", "source", ATTRS(a_net_any), KIDS(c_net_any), NOTEXT},
	[K_HOST] = {"host", "host", NOTEXT, .resolve = resolve_host},
	[K_HOST_INET] = {"host", "host", ATTRS(a_host_inet), NOTEXT},
	[K_HOST_UNIX] = {"host", "host transport='unix'", ATTRS(a_host_unix), NOTEXT},
	[K_RBDSNAP] = {"snapshot", "snapshot", ATTRS(a_rbdsnap), NOTEXT},
	[K_RBDCONFIG] = {"config", "config", ATTRS(a_file), NOTEXT},
	[K_AUTH] = {"auth", "auth", ATTRS(a_auth), KIDS(c_auth), NOTEXT},
	[K_AUTH_SECRET] = {"secret", "secret", ATTRS(a_auth_secret), NOTEXT, .flags = SL_K_REQ_GROUP},
	[K_INITIATOR] = {"initiator", "initiator", KIDS(c_initiator), NOTEXT},
	[K_IQN] = {"iqn", "iqn", ATTRS(a_iqn), NOTEXT},
	[K_COOKIES] = {"cookies", "cookies", KIDS(c_cookies), NOTEXT},
	[K_HTTPCOOKIE] = {"cookie", "cookie", ATTRS(a_httpcookie), DATA(COOKIE_VALUE)},
	[K_SSL] = {"ssl", "ssl", ATTRS(a_ssl), NOTEXT},
	[K_READAHEAD] = {"readahead", "readahead", ATTRS(a_readahead), NOTEXT},
	[K_TIMEOUT] = {"timeout", "timeout", ATTRS(a_timeout), NOTEXT},
	[K_KNOWNHOSTS] = {"knownHosts", "knownHosts", ATTRS(a_knownhosts), NOTEXT},
	[K_SSHIDENT] = {"identity", "identity", ATTRS(a_sshident), NOTEXT, .flags = SL_K_REQ_GROUP},
	[K_NFSIDENT] = {"identity", "identity", ATTRS(a_nfsident), NOTEXT},
	[K_CPDISKS] = {"disks", "disks", KIDS(c_cpdisks), NOTEXT, .role = SL_ROLE_DISKS},
	[K_CPDISK] = {"disk", "disk", NOTEXT, .resolve = resolve_cpdisk},
	[K_CPDISK_NO] = {"disk", "disk checkpoint='no'", ATTRS(a_cpdisk_no), NOTEXT, .role = SL_ROLE_CPDISK},
	[K_CPDISK_BITMAP] = {"disk", "disk", ATTRS(a_cpdisk_bitmap), NOTEXT, .role = SL_ROLE_CPDISK},
	[K_DOMAIN_SNAP] = {"domain", "domain", DELEGATE(DG_ENTRY_SNAPSHOT_DOMAIN), .role = SL_ROLE_DOMAIN},
	[K_DOMAIN_CP] = {"domain", "domain", DELEGATE(DG_ENTRY_CHECKPOINT_DOMAIN), .role = SL_ROLE_DOMAIN},
	[K_DOMAIN_ROOT] = {"domain", "domain", DELEGATE(DG_ENTRY_DOMAIN), .role = SL_ROLE_DOMAIN},
	[K_INACTIVE_DOMAIN] = {"inactiveDomain", "inactiveDomain", DELEGATE(DG_ENTRY_INACTIVE_DOMAIN),
	                       .role = SL_ROLE_INACTIVE},
	[K_ENCRYPTION_9_0] = {"encryption", "encryption", ATTRS(a_encryption), KIDS(c_encryption_9_0), NOTEXT},
	[K_NET_NFS_10_7] = {"source", "source protocol='nfs'", ATTRS(a_net_named), KIDS(c_net_nfs_10_7),
	                    NOTEXT},
};

const unsigned sl_nkinds = K_COUNT;

/* What libvirt changed between 9.0.0 and 12.8.0 otherwise than by adding a construct
 * (found by diffing ../shared/schemas/libvirt-*): older targets use the older kind.
 * The hint follows "libvirt X's schemas, used for the target, " and names the first
 * schema set with the newer model (tests/check_tables.c checks it).  How to add one:
 * see sl_kind_variant in grammar.h. */
const sl_kind_variant sl_kind_variants[] = {
	/* storagecommon.rng encryption: secret+ and interleave(cipher, ivgen) from 9.8.0 */
	{K_ENCRYPTION, SL_LV_9_0, K_ENCRYPTION_9_0,
	 "take one <secret>, and <cipher> before <ivgen> (9.8.0's take several, in any order); "
	 "change the document or raise --target-libvirt"},
	/* domaincommon.rng diskSourceNetworkNFS: <identity> optional from 11.3.0 */
	{K_NET_NFS, SL_LV_10_7, K_NET_NFS_10_7,
	 "require <identity> in an nfs <source> (11.3.0's do not); add one (its user and group "
	 "are optional) or raise --target-libvirt"},
};
const unsigned sl_nkind_variants = sizeof sl_kind_variants / sizeof sl_kind_variants[0];
