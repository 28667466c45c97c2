/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* gen-big.c - writes a large, valid <domainsnapshot> for the benchmark, to stdout.
 *
 * Usage: gen-big dense BYTES   element-dense: many external file <disk> entries
 *        gen-big text  BYTES   text-heavy: one <description> of about BYTES bytes
 *        gen-big domain BYTES  domain-dense: a stored snapshot whose embedded <domain>
 *                              holds many devices (disks, interfaces, controllers), all
 *                              checked by the generated domain tier
 *
 * Both documents validate against libvirt's domainsnapshot.rng and are meant to draw
 * no snaplint finding (disk names are distinct diskTargetDev values, vd0000001 ...).
 * The output is at least BYTES long; the closing tags add a few hundred bytes more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char head_dense[] =
	"<domainsnapshot>\n"
	"  <name>bench-dense</name>\n"
	"  <description>element-dense benchmark document</description>\n"
	"  <state>disk-snapshot</state>\n"
	"  <creationTime>1700000000</creationTime>\n"
	"  <memory snapshot='no'/>\n"
	"  <disks>\n";

/* a redefinition carries the domain it was taken from */
#define DOMAIN                                                                       \
	"  <domain type='kvm'>\n    <name>bench</name>\n    <devices>\n"                        \
	"      <disk type='file' device='disk'>\n"                                          \
	"        <source file='/var/lib/libvirt/images/bench.qcow2'/>\n"                    \
	"        <target dev='vda' bus='virtio'/>\n      </disk>\n    </devices>\n  </domain>\n"

static const char tail_dense[] = "  </disks>\n" DOMAIN "</domainsnapshot>\n";

static const char head_text[] =
	"<domainsnapshot>\n"
	"  <name>bench-text</name>\n"
	"  <state>shutoff</state>\n"
	"  <creationTime>1700000000</creationTime>\n"
	"  <memory snapshot='no'/>\n"
	"  <description>";

static const char tail_text[] =
	"</description>\n"
	"  <disks>\n"
	"    <disk name='vda' snapshot='external' type='file'>\n"
	"      <driver type='qcow2'/>\n"
	"      <source file='/var/lib/libvirt/images/bench-text.qcow2'/>\n"
	"    </disk>\n"
	"  </disks>\n" DOMAIN
	"</domainsnapshot>\n";

/* Writes disks until `want` bytes are out; every eighth disk is not snapshotted. */
static unsigned long long write_disks(unsigned long long want, unsigned long long done)
{
	unsigned long i = 0;
	while (done < want) {
		i++;
		int n;
		if (i % 8 == 0)
			n = printf("    <disk name='vd%07lu' snapshot='no'/>\n", i);
		else
			n = printf("    <disk name='vd%07lu' snapshot='external' type='file'>\n"
			           "      <driver type='qcow2'/>\n"
			           "      <source file='/var/lib/libvirt/images/guest-%07lu.snap'/>\n"
			           "    </disk>\n",
			           i, i);
		if (n < 0)
			return 0;
		done += (unsigned long long)n;
	}
	return done;
}

static const char head_domain[] =
	"<domainsnapshot>\n"
	"  <name>bench-domain</name>\n"
	"  <state>shutoff</state>\n"
	"  <creationTime>1700000000</creationTime>\n"
	"  <memory snapshot='no'/>\n"
	"  <domain type='kvm'>\n"
	"    <name>bench</name>\n"
	"    <uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>\n"
	"    <memory unit='KiB'>1048576</memory>\n"
	"    <vcpu placement='static'>2</vcpu>\n"
	"    <os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type><boot dev='hd'/></os>\n"
	"    <devices>\n"
	"      <emulator>/usr/bin/qemu-system-x86_64</emulator>\n";

static const char tail_domain[] = "    </devices>\n  </domain>\n</domainsnapshot>\n";

/* Writes devices as libvirt writes them until `want` bytes are out: a qcow2 disk with
 * its PCI address, a network interface with its MAC, a USB controller, in turn. */
static unsigned long long write_devices(unsigned long long want, unsigned long long done)
{
	unsigned long i = 0;
	while (done < want) {
		i++;
		int n;
		unsigned bus = 1 + (unsigned)(i / 32 % 254), slot = (unsigned)(i % 32);
		if (i % 3 == 1)
			n = printf("      <disk type='file' device='disk'>\n"
			           "        <driver name='qemu' type='qcow2' cache='none'/>\n"
			           "        <source file='/var/lib/libvirt/images/guest-%07lu.qcow2'/>\n"
			           "        <target dev='vd%07lu' bus='virtio'/>\n"
			           "        <address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x'"
			           " function='0x0'/>\n"
			           "      </disk>\n",
			           i, i, bus, slot);
		else if (i % 3 == 2)
			n = printf("      <interface type='network'>\n"
			           "        <mac address='52:54:00:%02lx:%02lx:%02lx'/>\n"
			           "        <source network='default'/>\n"
			           "        <model type='virtio'/>\n"
			           "        <address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x'"
			           " function='0x0'/>\n"
			           "      </interface>\n",
			           i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff, bus, slot);
		else
			n = printf("      <controller type='usb' index='%lu' model='qemu-xhci'>\n"
			           "        <address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x'"
			           " function='0x0'/>\n"
			           "      </controller>\n",
			           i, bus, slot);
		if (n < 0)
			return 0;
		done += (unsigned long long)n;
	}
	return done;
}

/* Writes description text lines (ASCII, an escaped ampersand, some UTF-8) to `want`. */
static unsigned long long write_text(unsigned long long want, unsigned long long done)
{
	static const char *const lines[] = {
		"Nightly snapshot taken before the kernel upgrade; rollback target for the\n",
		"web tier &amp; its database. Owner: ops team, ticket OPS-1234.\n",
		"Caf\xc3\xa9 point-of-sale image, na\xc3\xafve r\xc3\xa9sum\xc3\xa9 of changes since the last"
		" backup.\n",
		"    Indented note: disks vda and vdb were quiesced with the guest agent.\n",
	};
	size_t k = 0;
	while (done < want) {
		const char *s = lines[k++ % (sizeof lines / sizeof lines[0])];
		size_t len = strlen(s);
		if (fwrite(s, 1, len, stdout) != len)
			return 0;
		done += len;
	}
	return done;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "dense") && strcmp(argv[1], "text") &&
	                  strcmp(argv[1], "domain"))) {
		fputs("usage: gen-big dense|text|domain BYTES\n", stderr);
		return 2;
	}
	unsigned long long want = strtoull(argv[2], NULL, 10);
	static char obuf[1 << 20];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	const char *mode = argv[1];
	int dense = !strcmp(mode, "dense"), text = !strcmp(mode, "text");
	const char *head = dense ? head_dense : text ? head_text : head_domain;
	fputs(head, stdout);
	unsigned long long done = strlen(head);
	done = dense ? write_disks(want, done) : text ? write_text(want, done)
	                                              : write_devices(want, done);
	fputs(dense ? tail_dense : text ? tail_text : tail_domain, stdout);
	if (!done || fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-big");
		return 1;
	}
	return 0;
}
