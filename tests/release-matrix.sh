#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# release-matrix.sh - the cross-version verdict matrix (issue 14 item 4): which libvirt
# test documents and fixtures change verdict between the releases in ../shared/schemas,
# and why.  Checked in as tests/release-matrix.golden.
#
# Usage: tests/release-matrix.sh path/to/snaplint
#
# The documents: every <domain> of ../shared/corpus/libvirt-11.3.0-test-documents.tgz
# wrapped in a stored snapshot (tests/dg-wrap.py, as tests/dg-exact.sh does), the
# corpus's snapshot and checkpoint documents unchanged, and every snapshot and checkpoint
# fixture except those fixtures/conformance-exceptions.txt and
# fixtures/conformance-target-exceptions.txt list (they differ from xmllint on purpose).
# For each release X, the verdict of each document twice:
#  - xmllint --relaxng ../shared/schemas/libvirt-X/{domainsnapshot,domaincheckpoint}.rng;
#  - snaplint --target-libvirt=X --format=json (the corpus with --mode=stored): invalid
#    when a finding is of category xml or schema (SL103, encoding advice, aside).
# A document whose verdict is not the same at every release gets one line:
#    PATH<TAB>9.0.0:invalid 9.8.0:valid ...<TAB>WHY
# PATH is the path inside the tarball or the fixture's; WHY is snaplint's first such
# finding at the releases that reject it (rule and message, without "; the target is X"),
# releases with the same reason grouped: "9.0.0, 9.8.0: SL214 <x> needs libvirt ...".
# Every SL214 finding is checked at the release it names: snaplint must not refuse the
# construct there (no SL201, SL205, SL207, SL208 or SL214 at that position).
# The test fails if xmllint's matrix and snaplint's verdicts disagree, or if either
# differs from the golden file (xmllint's is compared without WHY); REGENERATE=1 rewrites
# the golden file from snaplint when the two agree (review the diff).  Without ../shared
# it prints one SKIP line and passes; in CI (CI=true) it fails.
set -u
bin=$1
. tests/lib.sh
shared=${SL_SHARED:-../shared}
corpus=$shared/corpus/libvirt-11.3.0-test-documents.tgz
golden=tests/release-matrix.golden
releases=$(ls -d "$shared"/schemas/libvirt-*/ 2>/dev/null | sed 's|.*/libvirt-||; s|/$||' | sort -V)
[ -f "$corpus" ] && [ -n "$releases" ] ||
	no_schemas release-matrix "needs $corpus and $shared/schemas/libvirt-*/; run it where ../shared is present"
require release-matrix xmllint libxml2-utils
require release-matrix python3 python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s)

# The sets: name, root, the files.  c: corpus domains (wrapped), s/k: corpus snapshots
# and checkpoints, fs/fk: fixtures.
mkdir "$tmp/corpus" "$tmp/c" "$tmp/s" "$tmp/k"
tar xzf "$corpus" -C "$tmp/corpus"
find "$tmp/corpus" -name '*.xml' | LC_ALL=C sort >"$tmp/all"
python3 tests/dg-wrap.py "$tmp/c" $(cat "$tmp/all") 2>/dev/null &&
	python3 tests/dg-wrap.py --root=domainsnapshot "$tmp/s" $(cat "$tmp/all") 2>/dev/null &&
	python3 tests/dg-wrap.py --root=domaincheckpoint "$tmp/k" $(cat "$tmp/all") 2>/dev/null || exit 1
for set in c s k; do find "$tmp/$set" -name '*.xml' | LC_ALL=C sort >"$tmp/list.$set"; done
sed -n 's/^\([^# ][^ ]*\) .*/fixtures\/\1/p' fixtures/conformance-exceptions.txt >"$tmp/except"
sed -n 's/^[0-9.]* \([^ ]*\) .*/fixtures\/\1/p' fixtures/conformance-target-exceptions.txt >>"$tmp/except"
: >"$tmp/list.fs"; : >"$tmp/list.fk"
for xml in $(find fixtures -name '*.xml' | LC_ALL=C sort); do
	grep -qxF "$xml" "$tmp/except" && continue
	case $(sed -n 's/.*<\(domainsnapshot\|domaincheckpoint\)[ >\/].*/\1/p' "$xml" | head -1) in
	domainsnapshot) echo "$xml" >>"$tmp/list.fs" ;;
	domaincheckpoint) echo "$xml" >>"$tmp/list.fk" ;;
	esac
done

# run RELEASE SET RNG [OPTION]: xmllint's and snaplint's raw output for one set, two
# processes each at most (xmllint takes many files in one process).
run() {
	[ -s "$tmp/list.$2" ] || { : >"$tmp/x.$1.$2"; echo '{"files": []}' >"$tmp/j.$1.$2"; return; }
	xargs -n 1600 xmllint --noout --nonet --relaxng "$shared/schemas/libvirt-$1/$3" \
		<"$tmp/list.$2" >"$tmp/x.$1.$2" 2>&1
	xargs -n 1600 "$bin" -q --no-config --no-inline-config --format=json --target-libvirt="$1" ${4:-} \
		<"$tmp/list.$2" >"$tmp/j.$1.$2" 2>/dev/null
	return 0
}
for v in $releases; do
	run "$v" c domainsnapshot.rng --mode=stored &
	run "$v" s domainsnapshot.rng --mode=stored
	run "$v" k domaincheckpoint.rng --mode=stored
	run "$v" fs domainsnapshot.rng
	run "$v" fk domaincheckpoint.rng
	wait
done

# The matrices: $tmp/xmllint (no WHY) and $tmp/snaplint.
python3 - "$tmp" "$releases" <<'EOF' || exit 1
import os, re, sys
sys.path.insert(0, "tests")
from sljson import files
tmp, releases = sys.argv[1], sys.argv[2].split()
sets = ("c", "s", "k", "fs", "fk")

def shown(path, s):
    """The document's name in the matrix: its path inside the tarball, or the fixture's."""
    if s in ("fs", "fk"):
        return path
    d, n = os.path.basename(path).split("--", 1)
    return "libvirt-11.3.0-tests/%s/%s" % (d, n)

def xmllint(v, s):
    out = {}
    for line in open("%s/x.%s.%s" % (tmp, v, s), encoding="utf-8", errors="replace"):
        m = re.match(r"^(.*\.xml) (validates|fails to validate)$", line.rstrip("\n"))
        if m:
            out[m.group(1)] = "valid" if m.group(2) == "validates" else "invalid"
    return out

at = {}  # (release, path) -> positions of refusals (unknown, bad value, newer)
REFUSALS = ("SL201", "SL205", "SL207", "SL208", "SL214")
newer = []  # (release, path, line, col, release it names) of every SL214

def snaplint(v, s):
    out = {}
    for f in files("%s/j.%s.%s" % (tmp, v, s)):
        bad = [d for d in f["findings"] if d["category"] in ("xml", "schema") and d["rule"] != "SL103"]
        why = f.get("error") or (bad and "%s %s" % (bad[0]["rule"], re.sub(
            r"; the target is \S+$", "", bad[0]["message"])))
        out[f["path"]] = ("invalid", why) if why else ("valid", "")
        at[v, f["path"]] = {(d["line"], d["column"]) for d in bad if d["rule"] in REFUSALS}
        newer.extend((v, f["path"], d["line"], d["column"],
                      re.search(r"needs libvirt (\S+) or later", d["message"]).group(1))
                     for d in bad if d["rule"] == "SL214")
    return out

x = {v: {} for v in releases}
g = {v: {} for v in releases}
for v in releases:
    for s in sets:
        x[v].update(xmllint(v, s))
        g[v].update(snaplint(v, s))
docs = [(s, l.strip()) for s in sets for l in open("%s/list.%s" % (tmp, s)) if l.strip()]
xrows, grows, disagree = [], [], []
for s, path in docs:
    xv = [x[v].get(path, "invalid") for v in releases]  # not well-formed: no line
    gv = [g[v].get(path, ("no-verdict", ""))[0] for v in releases]
    for v, a, b in zip(releases, xv, gv):
        if a != b:
            disagree.append("release-matrix: DISAGREE %s at %s: xmllint %s, snaplint %s (%s)"
                            % (shown(path, s), v, a, b, g[v].get(path, ("", ""))[1]))
    name = shown(path, s)
    if len(set(xv)) > 1:
        xrows.append("%s\t%s" % (name, " ".join("%s:%s" % p for p in zip(releases, xv))))
    if len(set(gv)) > 1:
        groups = []
        for v in releases:
            why = g[v][path][1]
            if why and groups and groups[-1][1] == why:
                groups[-1][0].append(v)
            elif why:
                groups.append(([v], why))
        grows.append("%s\t%s\t%s" % (name, " ".join("%s:%s" % p for p in zip(releases, gv)),
                                     " | ".join("%s: %s" % (", ".join(vs), w) for vs, w in groups)))
head = ["# tests/release-matrix.sh: the documents whose verdict is not the same at every",
        "# release (%s)," % ", ".join(releases),
        "# one a line: PATH, the verdict per release, and snaplint's first finding at the",
        "# releases that reject it.  xmllint and snaplint agree on every one.",
        "# %d documents: %d libvirt test documents, %d fixtures.  REGENERATE=1 rewrites it."
        % (len(docs), sum(s in "csk" for s, _ in docs), sum(s in ("fs", "fk") for s, _ in docs))]
open(tmp + "/xmllint", "w").write("\n".join(head + xrows) + "\n")
open(tmp + "/snaplint", "w").write("\n".join(head + grows) + "\n")
# SL214's claim, everywhere it is made: the release it names does not refuse what is there
# (an order or a missing part reported at the same place is another finding).
for v, path, line, col, since in newer:
    if (line, col) in at.get((since, path), ()):
        disagree.append("release-matrix: WRONG SL214 %s:%d:%d at %s: libvirt %s refuses it too"
                        % (shown(path, "fs" if path.startswith("fixtures/") else "c"), line, col, v, since))
print("release-matrix: %d SL214 findings, each checked at the release it names" % len(newer))
for line in disagree[:40]:
    print(line)
if len(disagree) > 40:
    print("release-matrix: ... %d disagreements in all" % len(disagree))
open(tmp + "/problems", "w").write("%d\n" % len(disagree))
EOF
pass=0 fail=$(cat "$tmp/problems")
[ "$fail" -eq 0 ] && pass=1
cut -f1,2 "$tmp/snaplint" >"$tmp/snaplint.verdicts"
if ! cmp -s "$tmp/xmllint" "$tmp/snaplint.verdicts"; then
	fail=$((fail + 1))
	echo "release-matrix: FAIL: xmllint's matrix (-) and snaplint's (+) differ:"
	diff -u "$tmp/xmllint" "$tmp/snaplint.verdicts" | sed -n '3,42p'
else
	pass=$((pass + 1))
fi
if [ "${REGENERATE:-}" = 1 ] && [ "$fail" -eq 0 ]; then  # only when the two agree
	cp "$tmp/snaplint" "$golden"
	echo "release-matrix: $golden rewritten ($(grep -vc '^#' "$golden") documents change verdict)"
fi
for who in xmllint snaplint; do
	if [ $who = xmllint ]; then cut -f1,2 "$golden" >"$tmp/want"; else cp "$golden" "$tmp/want"; fi
	if cmp -s "$tmp/want" "$tmp/$who"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "release-matrix: FAIL: $who's matrix (+) differs from $golden (-) (REGENERATE=1 rewrites it):"
		diff -u "$tmp/want" "$tmp/$who" | sed -n '3,42p'
	fi
done
echo "release-matrix: $(echo $releases | wc -w) releases, $(grep -vc '^#' "$tmp/snaplint") documents change verdict, $(($(date +%s) - t0)) s"
echo "release-matrix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
