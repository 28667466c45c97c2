#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-bench.sh - speed of the generated tier against bare expat, in one run: builds a
# domain-dense <domain> of about SIZE MB from the devices of libvirt's corpus domains
# (../shared/corpus; disks, interfaces, controllers, hostdevs, serials, channels, inputs,
# graphics, videos, rngs that xmllint accepts), checks that the engine finds it valid, and
# prints build/dg_validate --bench (best of 3: expat with empty handlers vs expat + engine).
# Also times 2,000 small wrapped corpus snapshots through one dg_validate process (files/s).
# A 200 kB instance of the same document is also checked once with xmllint --relaxng
# against libvirt 12.8.0's domain.rng (when both are there).  DG_KEEP=DIR keeps the files.
# Not part of make check (timings are not tests).  Usage: tests/dg-bench.sh DG_VALIDATE [SIZE]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") size=${2:-50}
export DG_BIN="$bin" # the device filter runs in the temporary directory
tgz=../shared/corpus/libvirt-11.3.0-test-documents.tgz
[ -f "$tgz" ] || { echo "SKIP: dg-bench needs $tgz"; exit 0; }
tmp=$(mktemp -d)
[ -n "${DG_KEEP:-}" ] && tmp=$DG_KEEP && mkdir -p "$tmp" && rm -rf "$tmp"/* || trap 'rm -rf "$tmp"' EXIT
tar xzf "$tgz" -C "$tmp"
python3 - "$tmp" "$size" <<'PY'
import os, re, sys, subprocess
top, size = sys.argv[1], float(sys.argv[2])
kinds = ("disk", "interface", "controller", "hostdev", "serial", "channel", "input",
         "graphics", "video", "rng")
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs
               if f.endswith(".xml") and "qemuxmlconfdata" in d)
devs = []
for p in files:
    t = open(p, encoding="utf-8", errors="replace").read()
    if not t.lstrip().startswith("<domain") or "<devices>" not in t:
        continue
    body = t.split("<devices>", 1)[1].split("</devices>", 1)[0]
    for k in kinds:
        devs += re.findall(r"\n    <%s\b.*?\n    </%s>|\n    <%s\b[^>]*/>" % (k, k, k), body, re.S)
# keep the devices that are valid alone in a plain domain
head = "<domain type='kvm'>\n  <name>big</name>\n  <memory>1048576</memory>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n  <devices>"
tail = "\n  </devices>\n</domain>\n"
os.makedirs(os.path.join(top, "one"))
for i, d in enumerate(devs):
    open(os.path.join(top, "one", "%05d.xml" % i), "w").write(head + d + tail)
out = subprocess.run(["xargs", os.environ.get("DG_BIN", "build/dg_validate")], cwd=top,
                     input="\n".join("one/%05d.xml" % i for i in range(len(devs))),
                     capture_output=True, text=True).stdout
ok = [devs[int(l.split("/")[1][:5])] for l in out.splitlines() if l.endswith(": valid")]
with open(os.path.join(top, "big.xml"), "w") as f:
    f.write(head)
    n, i = 0, 0
    while n < size * 1e6:
        f.write(ok[i % len(ok)])
        n += len(ok[i % len(ok)])
        i += 1
    f.write(tail)
print("dg-bench: %d devices, %d valid alone, big.xml %.1f MB" % (len(devs), len(ok), n / 1e6))
with open(os.path.join(top, "small.xml"), "w") as f:
    f.write(head)
    n = 0
    for d in ok:
        if n > 200e3:
            break
        f.write(d)
        n += len(d)
    f.write(tail)
PY
rng=../shared/schemas/libvirt-12.8.0/domain.rng
if command -v xmllint > /dev/null && [ -f "$rng" ]; then
	xmllint --noout --relaxng "$rng" "$tmp/small.xml" 2>&1 | sed "s|$tmp/||"
	"$bin" "$tmp/small.xml" | sed "s|$tmp/||"
fi
"$bin" "$tmp/big.xml" | cut -c1-200 | sed "s|$tmp/||"
"$bin" --bench "$tmp/big.xml" 3 | sed "s|$tmp/||"
find "$tmp/libvirt-11.3.0-tests/qemuxmlconfdata" -name '*.xml' | sort | head -2000 > "$tmp/small"
start=$(date +%s.%N)
xargs -n 5000 "$bin" < "$tmp/small" > /dev/null
end=$(date +%s.%N)
echo "dg-bench: $(wc -l < "$tmp/small") small domains in $(echo "$end - $start" | bc) s: $(echo "$(wc -l < "$tmp/small") / ($end - $start)" | bc) files/s (one process, reading and parsing included)"
