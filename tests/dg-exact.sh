#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-exact.sh - the exactness harness of the domain grammar (issue 13): a validator's
# verdicts must equal `xmllint --relaxng` on libvirt's own domains and on a mutation corpus.
#
# Usage: tests/dg-exact.sh [--validator=prototype|dg|snaplint|accept-all] [--version=X.Y.Z]
#                          [--limit=N] [--keep=DIR]
#
# (a) every <domain> document of ../shared/corpus/libvirt-11.3.0-test-documents.tgz,
#     wrapped in a stored snapshot by tests/dg-wrap.py, and (b) the mutation corpus that
#     tests/dg-mutate.py writes from the domains xmllint accepts in (a), are checked with
#     xmllint against ../shared/schemas/libvirt-X.Y.Z/domainsnapshot.rng, and for
#     --validator=snaplint (and accept-all) (s, k) the corpus's own 28 snapshot and 13
#     checkpoint documents, unchanged, against domainsnapshot.rng and domaincheckpoint.rng;
#     all with the validator under test:
#       prototype  python3 ../shared/design/rng_prototype.py SCHEMAS domainsnapshot.rng FILE...
#       dg         build/dg_validate --version=X.Y.Z FILE...    ($DG_VALIDATE overrides)
#       snaplint   build/snaplint --mode=stored --format=json --target-libvirt=X.Y.Z FILE...:
#                  invalid when a finding is of category schema, or the document is not
#                  well-formed ($SNAPLINT overrides)
#       accept-all every document valid: the harness's own test, the run must fail
# It prints the agreement per set and mutation kind, every disagreement (file, both
# verdicts, the validator's reason, the change made), the time of each phase, and as
# its last line "N passed, N failed".  A disagreement listed in tests/dg-exact.known (with
# its reason) passes; any other fails the run (exit 1).  --limit=N checks at most N
# corpus domains and about N mutations (for a quick look); --keep=DIR keeps the files.
# A full run also fails unless the corpus gives 2,933 domains (and 28 snapshots and 13
# checkpoints where they are checked) and the mutation corpus at least 5,000 documents of
# at least 12 kinds, each kind with a document xmllint rejects.  `make conformance-releases`
# runs it with --validator=snaplint for every release in ../shared/schemas.
# Without ../shared (the corpus, the schemas, and for --validator=prototype the prototype)
# it prints one SKIP line and passes (in CI, CI=true, it fails).
# Two jobs by default ($DG_JOBS); nothing is written outside a temporary directory.
set -u
validator=prototype version=12.8.0 limit=0 keep=
for arg; do
	case $arg in
	--validator=prototype|--validator=dg|--validator=snaplint|--validator=accept-all)
		validator=${arg#*=} ;;
	--version=*) version=${arg#*=} ;;
	--limit=*) limit=${arg#*=} ;;
	--keep=*) keep=${arg#*=} ;;
	*) echo "usage: tests/dg-exact.sh [--validator=prototype|dg|snaplint|accept-all] [--version=X.Y.Z] [--limit=N] [--keep=DIR]" >&2
	   exit 2 ;;
	esac
done
. tests/lib.sh
shared=${SL_SHARED:-../shared}
corpus=$shared/corpus/libvirt-11.3.0-test-documents.tgz
schemas=$shared/schemas/libvirt-$version
needs="$corpus $schemas/domainsnapshot.rng"
[ "$validator" = prototype ] && needs="$needs $shared/design/rng_prototype.py" # only its own validator
for need in $needs; do
	[ -e "$need" ] || no_schemas dg-exact "needs $need (the shared corpus and schemas$([ "$validator" = prototype ] && echo ', the prototype')); run it where ../shared is present"
done
require dg-exact xmllint libxml2-utils
require dg-exact python3 python3
jobs=${DG_JOBS:-2}
known=$(pwd)/tests/dg-exact.known
case $validator in
accept-all) vbin=/dev/null ;;
dg) vbin=${DG_VALIDATE:-build/dg_validate} ;;
snaplint) vbin=${SNAPLINT:-build/snaplint} ;;
*) vbin=$shared/design/rng_prototype.py ;;
esac
[ -e "$vbin" ] || { echo "dg-exact: FAIL: $vbin is missing (make it first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s.%N)
elapsed() { awk -v a="$(date +%s.%N)" -v b="$2" -v w="$1" 'BEGIN { printf "dg-exact: %s: %.1f s\n", w, a - b }'; }

# par OUT CMD...: runs CMD on the files of $tmp/list in 2*$jobs chunks, $jobs at once;
# the outputs (stdout and stderr) are concatenated into OUT.
par() {
	out=$1; shift
	rm -f "$tmp"/chunk.*
	split -n r/$((jobs * 2)) "$tmp/list" "$tmp/chunk."
	ls "$tmp"/chunk.* | xargs -P "$jobs" -I{} sh -c 'xargs "$@" <"{}" >"{}.out" 2>&1; true' sh "$@"
	cat "$tmp"/chunk.*.out >"$out"
}

# xmllint_verdicts OUT [RNG]: "FILE<TAB>valid|invalid" from xmllint's per-file lines
# (RNG: domainsnapshot.rng unless given).
xmllint_verdicts() {
	par "$tmp/xmllint.raw" xmllint --noout --relaxng "$schemas/${2:-domainsnapshot.rng}"
	sed -n 's/ validates$/\tvalid/p; s/ fails to validate$/\tinvalid/p' "$tmp/xmllint.raw" >"$1"
}

# validator_verdicts OUT: "FILE<TAB>valid|invalid<TAB>reason" from the validator under test.
validator_verdicts() {
	case $validator in
	prototype) par "$tmp/got.raw" python3 "$vbin" "$schemas" domainsnapshot.rng ;;
	accept-all) sed 's/$/: valid/' "$tmp/list" >"$tmp/got.raw" ;;
	dg) par "$tmp/got.raw" "$vbin" --version="$version" ;;
	snaplint) par "$tmp/got.raw" "$vbin" -q --no-config --mode=stored --format=json --target-libvirt="$version"
		python3 - "$tmp/got.raw" >"$tmp/got.lines" <<'EOF' || exit 1
# snaplint's JSON reports (one object per chunk, concatenated) -> "FILE: valid|invalid: why"
import sys
sys.path.insert(0, "tests")
from sljson import files
for f in files(sys.argv[1]):
    bad = [d for d in f["findings"] if d["category"] == "schema" or d["rule"] == "SL101"]
    if f.get("error") or bad:
        why = f.get("error") or "%s %d:%d: %s" % (bad[0]["rule"], bad[0]["line"],
                                                  bad[0]["column"], bad[0]["message"])
        print("%s: invalid: %s" % (f["path"], why))
    else:
        print("%s: valid" % f["path"])
EOF
		mv "$tmp/got.lines" "$tmp/got.raw" ;;
	esac
	sed -n 's/^\(.*\.xml\): valid$/\1\tvalid\t/p; s/^\(.*\.xml\): invalid: \(.*\)$/\1\tinvalid\t\2/p' \
		"$tmp/got.raw" >"$1"
}

# 0. The snapshot frame of dg-wrap.py is valid at every version: only the domain can fail.
mkdir "$tmp/frame"
printf '<domain><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid></domain>\n' >"$tmp/frame/domain.xml"
python3 tests/dg-wrap.py "$tmp/frame" "$tmp/frame/domain.xml" 2>/dev/null
for rng in "$shared"/schemas/libvirt-*/domainsnapshot.rng; do
	xmllint --noout --relaxng "$rng" "$tmp/frame/frame--domain.xml" 2>/dev/null ||
		{ echo "dg-exact: FAIL: the wrapper's snapshot is invalid under $rng" >&2; exit 1; }
done

# 1. The corpus domains, wrapped.
mkdir "$tmp/corpus" "$tmp/a" "$tmp/b"
tar xzf "$corpus" -C "$tmp/corpus"
find "$tmp/corpus" -name '*.xml' | LC_ALL=C sort >"$tmp/all"
python3 tests/dg-wrap.py "$tmp/a" $(cat "$tmp/all") 2>/dev/null || exit 1
find "$tmp/a" -name '*.xml' | LC_ALL=C sort >"$tmp/list"
if [ "$limit" -gt 0 ]; then
	n=$(wc -l <"$tmp/list")
	awk -v k=$(( (n + limit - 1) / limit )) 'NR % k == 1 || k == 1' "$tmp/list" >"$tmp/l2"
	mv "$tmp/l2" "$tmp/list"
fi
cp "$tmp/list" "$tmp/list.a"
t=$(date +%s.%N); xmllint_verdicts "$tmp/ref.a"; elapsed "xmllint, $(wc -l <"$tmp/list") corpus domains" "$t"

# 1b. The corpus's snapshot and checkpoint documents, unchanged (snaplint checks them all;
# the domain-only validators do not).
: >"$tmp/list.s"; : >"$tmp/list.k"; : >"$tmp/ref.s"; : >"$tmp/ref.k"
case $validator in
snaplint|accept-all)
	for r in s:domainsnapshot k:domaincheckpoint; do
		mkdir "$tmp/${r%%:*}"
		python3 tests/dg-wrap.py --root="${r#*:}" "$tmp/${r%%:*}" $(cat "$tmp/all") 2>/dev/null || exit 1
		find "$tmp/${r%%:*}" -name '*.xml' | LC_ALL=C sort >"$tmp/list"
		cp "$tmp/list" "$tmp/list.${r%%:*}"
		xmllint_verdicts "$tmp/ref.${r%%:*}" "${r#*:}.rng"
	done ;;
*) echo "dg-exact: the corpus's snapshot and checkpoint documents: not for --validator=$validator (a domain-only validator)" ;;
esac

# 2. The mutation corpus, from the domains xmllint accepts.
sed -n 's/\tinvalid$//p' "$tmp/ref.a" | xargs -r -n1 basename >"$tmp/skip"
per_kind=400
[ "$limit" -gt 0 ] && per_kind=$(( (limit + 15) / 16 ))
t=$(date +%s.%N)
python3 tests/dg-mutate.py --per-kind=$per_kind --skip="$tmp/skip" "$schemas" "$tmp/b" \
	$(cat "$tmp/all") 2>"$tmp/mutate.err" || { cat "$tmp/mutate.err" >&2; exit 1; }
elapsed "dg-mutate.py, $(cut -f1 "$tmp/b/MANIFEST.tsv" | wc -l) mutations" "$t"
find "$tmp/b" -name '*.xml' | LC_ALL=C sort >"$tmp/list"
t=$(date +%s.%N); xmllint_verdicts "$tmp/ref.b"; elapsed "xmllint, mutations" "$t"

# 3. The validator under test on both sets.
cat "$tmp/list.a" "$tmp/list.s" "$tmp/list.k" "$tmp/list" >"$tmp/l2" && mv "$tmp/l2" "$tmp/list"
t=$(date +%s.%N); validator_verdicts "$tmp/got"; elapsed "$validator, $(wc -l <"$tmp/list") documents" "$t"
[ -n "$keep" ] && { mkdir -p "$keep" && cp -r "$tmp/a" "$tmp/b" "$tmp/ref.a" "$tmp/ref.b" "$tmp/ref.s" "$tmp/ref.k" "$tmp/got" "$tmp/got.raw" "$keep/"; }

# 4. Compare.
python3 - "$tmp" "$known" "$validator" "$version" "$limit" <<'EOF'
import os, sys
tmp, known_path, validator, version, limit = sys.argv[1:]

def verdicts(path):
    out = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        f, v, *why = line.rstrip("\n").split("\t")
        out[os.path.basename(f)] = (v, why[0] if why else "")
    return out

ref = {s: verdicts(tmp + "/ref." + s) for s in "absk"}
got = verdicts(tmp + "/got")
kind, change = {}, {}
for line in open(tmp + "/b/MANIFEST.tsv", encoding="utf-8"):
    f, k, src, path, what = line.rstrip("\n").split("\t")
    kind[f], change[f] = k, "%s: %s %s" % (src, path, what)
known, bad_known = {}, 0
for n, line in enumerate(open(known_path, encoding="utf-8"), 1):
    if not line.strip() or line.startswith("#"):
        continue
    fields = line.rstrip("\n").split("\t")
    if len(fields) != 4 or not fields[3].strip():
        print("dg-exact: %s:%d: want VALIDATOR<TAB>VERSION<TAB>FILE<TAB>REASON" % (known_path, n))
        bad_known += 1
        continue
    known[tuple(fields[:3])] = fields[3]
lists = {s: [os.path.basename(l.strip()) for l in open(tmp + "/list." + s)] for s in "ask"}
lists["b"] = sorted(kind)
passed = failed = known_hits = 0
rows, disagree = {}, []
label = {"a": "corpus", "s": "snapshots", "k": "checkpoints"}
for s in ("a", "s", "k", "b"):
    for f in lists[s]:
        r = ref[s].get(f, ("no verdict", ""))[0]
        g, why = got.get(f, ("no verdict", ""))
        k = label.get(s) or kind[f]
        row = rows.setdefault(k, [0, 0, 0, 0])
        row[0] += 1
        row[1] += r == "invalid"
        if r == g and r != "no verdict":
            row[2] += 1
            passed += 1
            continue
        reason = known.get((validator, version, f))
        if reason is not None:
            row[3] += 1
            known_hits += 1
            passed += 1
            disagree.append("known  %s: xmllint %s, %s %s (%s) [%s]" % (f, r, validator, g, why, reason))
        else:
            failed += 1
            disagree.append("FAIL   %s: xmllint %s, %s %s (%s)%s" % (
                f, r, validator, g, why, " <- " + change[f] if s == "b" else ""))
print("dg-exact: %s against xmllint, libvirt %s schemas" % (validator, version))
print("%-16s %6s %8s %7s %6s" % ("set/kind", "docs", "invalid", "agree", "known"))
for k in list(label.values()) + sorted(x for x in rows if x not in label.values()):
    if k in rows:
        d, i, a, kn = rows[k]
        print("%-16s %6d %8d %7d %6d" % (k, d, i, a, kn))
for line in disagree:
    print(line)
# the corpora themselves: a generator that quietly degrades fails the run
problems = []
kinds = [k for k in rows if k not in label.values()]
if limit == "0":
    want = {"corpus": 2933}
    if validator in ("snaplint", "accept-all"):
        want.update(snapshots=28, checkpoints=13)
    for k, n in want.items():
        if rows.get(k, [0])[0] != n:
            problems.append("%d corpus %s, not %d" % (rows.get(k, [0])[0], k if k != "corpus" else "domains", n))
    if sum(rows[k][0] for k in kinds) < 5000 or len(kinds) < 12:
        problems.append("%d mutations of %d kinds (want >= 5000 of >= 12)"
                        % (sum(rows[k][0] for k in kinds), len(kinds)))
    problems += ["no %s mutation is invalid for xmllint" % k for k in kinds if not rows[k][1]]
for p in problems:
    print("FAIL   corpus: " + p)
print("%d passed, %d failed" % (passed, failed + bad_known + len(problems)))
sys.exit(1 if failed or bad_known or problems else 0)
EOF
status=$?
elapsed "total" "$t0" >&2
exit $status
