#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-corpus.sh - the generated tier's verdict (build/dg_validate) must equal
# `xmllint --relaxng domain.rng` of the same libvirt version on every domain-rooted
# document of libvirt's test corpus (../shared/corpus/libvirt-11.3.0-test-documents.tgz,
# about 2,930, some invalid on purpose), at 12.8.0 and 9.0.0; and at 12.8.0 on the same
# domains wrapped in a stored snapshot (domainsnapshot.rng against the engine's snapshot
# entry).  Findings must not depend on how expat splits the input (chunks of 1 and 7
# bytes against whole files, on every invalid document and the first 150 valid ones).
# Without ../shared (or xmllint outside CI) it prints one SKIP line; in CI it fails.
# Usage: tests/dg-corpus.sh path/to/dg_validate
set -u
bin=$1
. tests/lib.sh
require dg-corpus xmllint libxml2-utils
require dg-corpus python3 python3
tgz=../shared/corpus/libvirt-11.3.0-test-documents.tgz
for f in "$tgz" ../shared/schemas/libvirt-12.8.0/domain.rng ../shared/schemas/libvirt-9.0.0/domain.rng; do
	[ -f "$f" ] || no_schemas dg-corpus "needs $f (the shared corpus and schemas)"
done
shared=$(cd ../shared && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar xzf "$tgz" -C "$tmp"
pass=0 fail=0
# domain-rooted documents: the first element is <domain>
python3 - "$tmp" > "$tmp/list" <<'PY'
import os, re, sys
top = sys.argv[1]
for d, _, fs in sorted(os.walk(top)):
    for f in sorted(fs):
        if f.endswith(".xml"):
            p = os.path.join(d, f)
            m = re.search(rb"<([A-Za-z][A-Za-z0-9_:.-]*)", re.sub(rb"<[?!][^>]*>", b"", open(p, "rb").read()))
            if m and m.group(1) == b"domain":
                print(p)
PY
n=$(wc -l < "$tmp/list")
[ "$n" -gt 2900 ] || { echo "FAIL: dg-corpus: only $n domain documents found"; exit 1; }

# verdicts VERSION RNG LIST: xmllint's and the engine's, as "FILE: valid|invalid" lines
compare() {
	ver=$1 rng=$2 list=$3 label=$4
	xargs xmllint --noout --nonet --relaxng "$rng" < "$list" 2>&1 |
		sed -n 's/ validates$/: valid/p; s/ fails to validate$/: invalid/p' | LC_ALL=C sort > "$tmp/ref"
	xargs "$bin" --version="$ver" < "$list" | sed 's/: invalid: .*/: invalid/' | LC_ALL=C sort > "$tmp/ours"
	total=$(wc -l < "$tmp/ref")
	valid=$(grep -c ': valid$' "$tmp/ref")
	if [ "$total" -ne "$(wc -l < "$list")" ] || [ "$(wc -l < "$tmp/ours")" -ne "$total" ]; then
		echo "FAIL: dg-corpus $label: $total xmllint verdicts, $(wc -l < "$tmp/ours") ours, $(wc -l < "$list") files"
		fail=$((fail + 1))
		return
	fi
	differ=$(LC_ALL=C comm -3 "$tmp/ref" "$tmp/ours" | grep -c .)
	echo "dg-corpus $label: $total documents ($valid valid for xmllint), $((total - differ / 2)) verdicts agree"
	if [ "$differ" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		LC_ALL=C diff "$tmp/ref" "$tmp/ours" | grep '^>' | head -20 | sed 's/^> /  engine says: /'
	fi
}
compare 12.8.0 "$shared/schemas/libvirt-12.8.0/domain.rng" "$tmp/list" "libvirt 12.8.0"
compare 9.0.0 "$shared/schemas/libvirt-9.0.0/domain.rng" "$tmp/list" "libvirt 9.0.0"

# the same domains inside a stored snapshot
mkdir "$tmp/wrapped"
python3 - "$tmp/list" "$tmp/wrapped" > "$tmp/wlist" <<'PY'
import os, re, sys
for i, p in enumerate(open(sys.argv[1]).read().split()):
    body = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", open(p, "rb").read())
    out = os.path.join(sys.argv[2], "%04d-%s" % (i, os.path.basename(p)))
    with open(out, "wb") as f:
        f.write(b"<domainsnapshot>\n<name>s1</name>\n<state>running</state>\n"
                b"<creationTime>1700000000</creationTime>\n" + body + b"\n</domainsnapshot>\n")
    print(out)
PY
compare 12.8.0 "$shared/schemas/libvirt-12.8.0/domainsnapshot.rng" "$tmp/wlist" "libvirt 12.8.0, wrapped in a snapshot"

# chunking: identical findings at 1 and 7 bytes per expat call
{ grep ': invalid$' "$tmp/ours" | sed 's/: invalid$//'; head -150 "$tmp/wlist"; } > "$tmp/clist"
xargs "$bin" --findings < "$tmp/clist" > "$tmp/whole"
for c in 1 7; do
	xargs "$bin" --findings --chunk=$c < "$tmp/clist" > "$tmp/chunk$c"
	if cmp -s "$tmp/whole" "$tmp/chunk$c" && [ -s "$tmp/whole" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: dg-corpus: findings differ at chunk size $c"
		diff "$tmp/whole" "$tmp/chunk$c" | head -10
	fi
done
echo "dg-corpus: chunk sizes 1 and 7 on $(wc -l < "$tmp/clist") documents, $(wc -l < "$tmp/whole") findings"
echo "dg-corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
