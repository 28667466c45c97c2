#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# run.sh - `make bench`: snaplint's performance as ratios against expat and the
# RELAX NG validators, all measured in this one run on the same files (SPEC.md §5).
#
# Usage: sh bench/run.sh SNAPLINT BENCHDIR
#   SNAPLINT  the binary under test (build/snaplint)
#   BENCHDIR  holds expat-baseline, gen-big and measure (build/bench); the inputs are
#             generated there and deleted at the end
# Environment: SL_SCHEMA_DIR (libvirt's .rng files), BENCH_MIB (element-dense size,
# default 100), BENCH_FILES (corpus size, default 2000), BENCH_RUNS (per-process runs,
# default 200), BENCH_REPEAT (runs per big-file timing, best taken; default 3).  Missing validators are reported as 'not installed'; the exit status
# is 0 unless the harness itself cannot run.
set -u

SL=${1:?usage: run.sh SNAPLINT BENCHDIR}
BIN=${2:?usage: run.sh SNAPLINT BENCHDIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MIB=${BENCH_MIB:-100}
NFILES=${BENCH_FILES:-2000}
NRUNS=${BENCH_RUNS:-200}
REPEAT=${BENCH_REPEAT:-3}
WORK=$BIN/work
CORPUS=$WORK/corpus
ONE=$ROOT/examples/disk1.xml

for t in "$SL" "$BIN/expat-baseline" "$BIN/gen-big" "$BIN/measure"; do
	[ -x "$t" ] || { echo "run.sh: $t is not built" >&2; exit 2; }
done

if [ -n "${SL_SCHEMA_DIR:-}" ]; then
	SCHEMAS=$SL_SCHEMA_DIR
elif [ -f "$ROOT/../shared/schemas/libvirt-12.8.0/domainsnapshot.rng" ]; then
	SCHEMAS=$(cd "$ROOT/../shared/schemas/libvirt-12.8.0" && pwd)
else
	SCHEMAS=/usr/share/libvirt/schemas
fi
SNAP_RNG=$SCHEMAS/domainsnapshot.rng
CKPT_RNG=$SCHEMAS/domaincheckpoint.rng

# shellcheck disable=SC2317 # called by the trap
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$WORK" && mkdir -p "$WORK" "$CORPUS"

# ---- helpers ----

# measure [-n N] CMD...: runs CMD and sets M_BEST, M_AVG (seconds), M_RSS (KiB), M_STATUS.
measure() {
	# shellcheck disable=SC2046 # the result line is split into fields on purpose
	set -- $("$BIN/measure" "$@" | tail -n 1)
	M_BEST=${5:-0} M_AVG=${7:-0} M_RSS=${9:-0} M_STATUS=${11:-125}
}

# calc EXPR: floating-point arithmetic, printed with the awk format in $FMT (default %.2f).
calc() { awk "BEGIN { printf \"${FMT:-%.2f}\", $1 }"; }

# verdict OK_EXPR: 'ok' or 'BELOW TARGET'.
verdict() { if awk "BEGIN { exit !($1) }"; then echo "ok"; else echo "BELOW TARGET"; fi; }

min() { awk "BEGIN { print ($1 < $2) ? $1 : $2 }"; }

size_of() { wc -c < "$1" | tr -d ' '; }

have() { command -v "$1" > /dev/null 2>&1; }

# absent TOOL: why a validator row is missing.
absent() {
	if have "$1"; then
		echo "  $1: skipped (no schema in $SCHEMAS)"
	else
		echo "  $1: not installed"
	fi
}

# check_clean FILE: warns when snaplint reports anything on a benchmark input.
check_clean() {
	out=$("$SL" -q --format=gcc "$1" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		echo "WARNING: snaplint reports findings (exit $rc) on $(basename "$1"):" \
		     "a benchmark on invalid input is meaningless"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/    /'
	fi
}

# row LABEL SECONDS BYTES BASE_SECONDS: one throughput row of tables (a) and (b).
row() {
	printf '  %-22s %9s %10s %9s\n' "$1" "$(FMT=%.3f calc "$2")" \
	       "$(calc "$3 / $2 / 1e6")" "$(calc "$4 / $2")"
}

# big_case TITLE KIND BYTES TARGET: sections (a) and (b).
big_case() {
	f=$WORK/$2.xml
	"$BIN/gen-big" "$2" "$3" > "$f" || { echo "run.sh: gen-big failed" >&2; exit 2; }
	bytes=$(size_of "$f")
	elems=$("$BIN/expat-baseline" "$f")
	echo
	echo "$1: $(calc "$bytes / 1048576") MiB, $elems elements," \
	     "best of $REPEAT wall (runs alternate, so drift hits both)"
	check_clean "$f"
	e_best=1e9 s_best=1e9 e_rss=0 s_rss=0
	i=0
	while [ $i -lt "$REPEAT" ]; do
		measure "$BIN/expat-baseline" "$f"
		e_best=$(min "$M_BEST" "$e_best") e_rss=$M_RSS
		measure "$SL" -q "$f"
		s_best=$(min "$M_BEST" "$s_best")
		s_rss=$(awk "BEGIN { print ($M_RSS > $s_rss) ? $M_RSS : $s_rss }")
		[ "$M_STATUS" = 0 ] || echo "WARNING: snaplint exited $M_STATUS on $(basename "$f")"
		i=$((i + 1))
	done
	printf '  %-22s %9s %10s %9s\n' program "wall s" "MB/s" "expat/x"
	row "expat, empty handlers" "$e_best" "$bytes" "$e_best"
	row "snaplint" "$s_best" "$bytes" "$e_best"
	echo "  snaplint throughput = $(FMT=%.0f calc "100 * $e_best / $s_best")% of expat" \
	     "(target >= $4%): $(verdict "100 * $e_best / $s_best >= $4")"
	echo "  peak RSS: expat $(calc "$e_rss / 1024") MiB, snaplint $(calc "$s_rss / 1024") MiB"
}

# ---- header ----

echo "snaplint benchmark: $("$SL" --version 2>/dev/null | head -n 1)," \
     "expat $(pkg-config --modversion expat 2>/dev/null || echo '?')," \
     "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores, $(uname -m)"
echo "schemas: $SCHEMAS$( [ -f "$SNAP_RNG" ] || echo ' (MISSING: validator rows skipped)')"
echo "MB = 10^6 bytes; times are wall clock, measured by $BIN/measure (fork..wait4)"

# ---- generator sanity: small outputs must validate with xmllint ----

echo
if have xmllint && [ -f "$SNAP_RNG" ]; then
	"$BIN/gen-big" dense 200000 > "$WORK/small-dense.xml"
	"$BIN/gen-big" text 200000 > "$WORK/small-text.xml"
	"$BIN/gen-big" domain 200000 > "$WORK/small-domain.xml"
	if xmllint --noout --relaxng "$SNAP_RNG" "$WORK/small-dense.xml" "$WORK/small-text.xml" \
	   "$WORK/small-domain.xml" > "$WORK/xmllint.out" 2>&1; then
		echo "generator check: xmllint validates 200 kB dense, text and domain outputs"
	else
		echo "WARNING: xmllint rejects the generator's output:"
		head -n 5 "$WORK/xmllint.out" | sed 's/^/    /'
	fi
else
	echo "generator check: xmllint not installed (or no schema), skipped"
fi

# ---- (a) element-dense, (b) text-heavy ----

big_case "(a) element-dense snapshot" dense $((MIB * 1048576)) 60
dense_rss=$s_rss
dense_disks=$(grep -c '<disk ' "$WORK/dense.xml")
rm -f "$WORK/dense.xml"
big_case "(b) text-heavy snapshot (one <description>)" text $((100 * 1048576)) 80
rm -f "$WORK/text.xml"
# the embedded domain, checked by the generated tier (issue 13: >= 70% of expat)
big_case "(b2) domain-dense stored snapshot (disks, interfaces, controllers)" domain \
	$((MIB * 1048576)) 70
rm -f "$WORK/domain.xml"

# ---- (c) peak RSS against document size ----

echo
echo "(c) snaplint peak RSS, element-dense (target: 8 MiB, plus a few bytes per disk for"
echo "    the disk-name uniqueness check: the verdict allows 24 bytes per disk)"
printf '  %-10s %12s %10s %12s %s\n' size disks "RSS MiB" "bytes/disk" verdict
# rss_row LABEL DISKS RSS-KiB: bytes per disk beyond the first (1 MiB) case's RSS
rss_row() {
	per="-"
	[ -n "${base_rss:-}" ] && [ "$2" -gt "$base_disks" ] &&
		per=$(FMT=%.1f calc "($3 - $base_rss) * 1024 / ($2 - $base_disks)")
	printf '  %-10s %12s %10s %12s %s\n' "$1" "$2" "$(calc "$3 / 1024")" "$per" \
	       "$(verdict "$3 <= 8192 + 24 * $2 / 1024")"
}
for m in 1 10; do
	f=$WORK/dense-$m.xml
	"$BIN/gen-big" dense $((m * 1048576)) > "$f"
	check_clean "$f"
	measure "$SL" -q "$f"
	disks=$(grep -c '<disk ' "$f")
	rss_row "$m MiB" "$disks" "$M_RSS"
	[ $m = 1 ] && base_rss=$M_RSS base_disks=$disks
	rm -f "$f"
done
rss_row "$MIB MiB" "$dense_disks" "$dense_rss"

# ---- (d) many small real documents, one process ----
# The validators get the file lists as words on purpose (generated names, no spaces).

# The corpus: copies of examples/*.xml (not examples/broken), one family of them per
# VM directory the way libvirt stores them (snapshot/vmNNNN/, checkpoint/vmNNNN/);
# each copy's names (snapshot, parent, domain) get the suffix -NNNN so that every
# family is consistent and every file name is distinct.
make_corpus() {
	per=$(find "$ROOT/examples" -maxdepth 1 -name '*.xml' | wc -l)
	fam=$(( (NFILES + per - 1) / per ))
	awk -v n="$fam" -v out="$CORPUS" 'BEGIN {
		for (k = 1; k <= n; k++)
			printf "%s/snapshot/vm%04d\n%s/checkpoint/vm%04d\n", out, k, out, k }' |
		xargs mkdir -p
	awk -v total="$NFILES" -v out="$CORPUS" '
	function suffix(s, k,   r) {
		r = ""
		while (match(s, /<name>[^<]*<\/name>/)) {
			r = r substr(s, 1, RSTART + RLENGTH - 8) "-" k "</name>"
			s = substr(s, RSTART + RLENGTH)
		}
		s = r s
		r = ""
		while (match(s, /bitmap=.[^"\047]*./)) { # bitmaps are named after their checkpoint
			r = r substr(s, 1, RSTART + RLENGTH - 2) "-" k substr(s, RSTART + RLENGTH - 1, 1)
			s = substr(s, RSTART + RLENGTH)
		}
		return r s
	}
	FNR == 1 {
		nf++; nl[nf] = 0; base[nf] = FILENAME
		sub(/.*\//, "", base[nf]); sub(/\.xml$/, "", base[nf])
	}
	{ text[nf, ++nl[nf]] = $0 }
	kind[nf] == "" && /<domaincheckpoint/ { kind[nf] = "checkpoint" }
	kind[nf] == "" && /<domainsnapshot/ { kind[nf] = "snapshot" }
	END {
		for (k = 1; made < total; k++)
			for (f = 1; f <= nf && made < total; f++) {
				tag = sprintf("%04d", k)
				path = sprintf("%s/%s/vm%s/%s-%s.xml", out, kind[f], tag, base[f], tag)
				for (i = 1; i <= nl[f]; i++)
					print suffix(text[f, i], tag) > path
				close(path)
				made++
			}
	}' "$ROOT"/examples/*.xml
	find "$CORPUS/snapshot" -name '*.xml' | sort > "$WORK/snapshots.list"
	find "$CORPUS/checkpoint" -name '*.xml' | sort > "$WORK/checkpoints.list"
}

# files_row LABEL NFILES: one row of table (d), from M_BEST.
files_row() {
	printf '  %-40s %8s %10s %9s\n' "$1" "$(FMT=%.3f calc "$M_BEST")" \
	       "$(FMT=%.0f calc "$2 / $M_BEST")" "$(calc "$M_BEST / $3")"
}

make_corpus
ns=$(wc -l < "$WORK/snapshots.list" | tr -d ' ')
nc=$(wc -l < "$WORK/checkpoints.list" | tr -d ' ')
nall=$((ns + nc))
echo
echo "(d) $nall small documents ($ns snapshots, $nc checkpoints; copies of examples/*.xml," \
     "$(find "$CORPUS" -name '*.xml' -exec cat {} + | wc -c | tr -d ' ') bytes)," \
     "one process per program, best of 3"
# advice (warnings) is fine on genuine documents, errors are not
found=$("$SL" -q --format=gcc "$CORPUS" 2>&1 | grep -c ': error: ')
[ "$found" = 0 ] || echo "WARNING: snaplint reports $found errors on the corpus"
printf '  %-40s %8s %10s %9s\n' "program (files)" "wall s" "files/s" "x snaplint"
measure -n 3 "$SL" -q "$CORPUS"
sl_all=$M_BEST
files_row "snaplint -q corpus/ (all)" "$nall" "$sl_all"
measure -n 3 "$SL" -q "$CORPUS/snapshot"
sl_snap=$M_BEST
files_row "snaplint -q corpus/snapshot/" "$ns" "$sl_snap"
echo "  (validators take one schema per process: their rows use the snapshots only and"
echo "   'x snaplint' compares with snaplint on those same files; the 'all' xmllint row"
echo "   adds a second process for the checkpoints and compares with snaplint on all)"
if have xmllint && [ -f "$SNAP_RNG" ]; then
	# shellcheck disable=SC2046
	measure -n 3 xmllint --noout --relaxng "$SNAP_RNG" $(cat "$WORK/snapshots.list")
	[ "$M_STATUS" = 0 ] || echo "  WARNING: xmllint exited $M_STATUS on the corpus"
	files_row "xmllint --relaxng (one process)" "$ns" "$sl_snap"
	xl_snap=$M_BEST
	if [ -f "$CKPT_RNG" ]; then
		# shellcheck disable=SC2046
		measure -n 3 xmllint --noout --relaxng "$CKPT_RNG" $(cat "$WORK/checkpoints.list")
		M_BEST=$(calc "$M_BEST + $xl_snap")
		printf '  %-40s %8s %10s %9s\n' "xmllint, all (+ checkpoint process)" \
		       "$(FMT=%.3f calc "$M_BEST")" "$(FMT=%.0f calc "$nall / $M_BEST")" \
		       "$(calc "$M_BEST / $sl_all")"
	fi
	echo "  snaplint vs xmllint on the snapshots: $(calc "$xl_snap / $sl_snap")x faster" \
	     "(target > 1x): $(verdict "$sl_snap < $xl_snap")"
else
	absent xmllint
fi
if have rnv && [ -f "$SNAP_RNG" ]; then
	rnc=$SCHEMAS/domainsnapshot.rnc
	if [ ! -f "$rnc" ] && have trang; then
		mkdir -p "$WORK/rnc" && trang -I rng -O rnc "$SNAP_RNG" "$WORK/rnc/domainsnapshot.rnc" \
			2> /dev/null && rnc=$WORK/rnc/domainsnapshot.rnc
	fi
	if [ -f "$rnc" ]; then
		# shellcheck disable=SC2046
		measure -n 3 rnv -q "$rnc" $(cat "$WORK/snapshots.list")
		files_row "rnv (one process)" "$ns" "$sl_snap"
	else
		echo "  rnv: installed, but no domainsnapshot.rnc (and trang not installed)"
	fi
else
	absent rnv
fi
if have jing && [ -f "$SNAP_RNG" ]; then
	# shellcheck disable=SC2046
	measure -n 3 jing "$SNAP_RNG" $(cat "$WORK/snapshots.list")
	files_row "jing (one process)" "$ns" "$sl_snap"
else
	absent jing
fi
if have virt-xml-validate; then
	head -n 50 "$WORK/snapshots.list" > "$WORK/vxv.list"
	nv=$(wc -l < "$WORK/vxv.list" | tr -d ' ')
	# shellcheck disable=SC2016 # expanded by the inner shell
	measure sh -c 'while read -r f; do virt-xml-validate "$f" domainsnapshot; done < "$1"' \
		sh "$WORK/vxv.list"
	M_BEST=$(calc "$M_BEST * $ns / $nv")
	files_row "virt-xml-validate loop ($nv files, scaled)" "$ns" "$sl_snap"
else
	echo "  virt-xml-validate: not installed"
fi
echo "  snaplint files/s: $(FMT=%.0f calc "$nall / $sl_all") (target >= 10000):" \
     "$(verdict "$nall / $sl_all >= 10000")"

# ---- (e) one small file per process ----

echo
echo "(e) one small file per process: $(basename "$ONE") ($(size_of "$ONE") bytes)," \
     "average of $NRUNS runs"
printf '  %-40s %8s %8s %9s\n' program "avg ms" "best ms" "x snaplint"
# one_row LABEL: a row of table (e) from M_AVG and M_BEST.
one_row() {
	printf '  %-40s %8s %8s %9s\n' "$1" "$(FMT=%.3f calc "$M_AVG * 1000")" \
	       "$(FMT=%.3f calc "$M_BEST * 1000")" "$(calc "$M_AVG / $sl_one")"
}
measure -n "$NRUNS" "$SL" -q "$ONE"
sl_one=$M_AVG sl_one_best=$M_BEST
[ "$M_STATUS" = 0 ] || echo "  WARNING: snaplint exited $M_STATUS on $(basename "$ONE")"
one_row "snaplint -q"
measure -n "$NRUNS" "$BIN/expat-baseline" "$ONE"
one_row "(floor) expat-baseline, same file"
measure -n "$NRUNS" true
one_row "(floor) true: fork + exec alone"
floor=$M_BEST
if have xmllint && [ -f "$SNAP_RNG" ]; then
	measure -n "$NRUNS" xmllint --noout --relaxng "$SNAP_RNG" "$ONE"
	one_row "xmllint --noout --relaxng"
else
	absent xmllint
fi
echo "  snaplint end to end: $(FMT=%.2f calc "$sl_one * 1000") ms average," \
     "$(FMT=%.2f calc "$sl_one_best * 1000") ms best, of which" \
     "$(FMT=%.2f calc "$floor * 1000") ms is bare fork+exec (target: a few ms):" \
     "$(verdict "$sl_one_best < 0.005")"
# ---- (f) a metadata tree: cross-document checks at scale ----
# 100 VM directories of 100 stored snapshots each (a parent chain, one current), the
# way libvirt keeps them; snaplint groups, links and checks them in one process.
TREE=$WORK/tree
awk -v out="$TREE" 'BEGIN {
	for (v = 1; v <= 100; v++) {
		dir = sprintf("%s/vm%03d", out, v)
		system("mkdir -p " dir)
		for (k = 1; k <= 100; k++) {
			f = sprintf("%s/s%d.xml", dir, k)
			printf "<domainsnapshot>\n  <name>s%d</name>\n  <state>shutoff</state>\n", k > f
			if (k > 1)
				printf "  <parent>\n    <name>s%d</name>\n  </parent>\n", k - 1 > f
			printf "  <creationTime>%d</creationTime>\n  <active>%d</active>\n", 1700000000 + k, k == 100 > f
			printf "  <memory snapshot=\"no\"/>\n  <disks>\n    <disk name=\"vda\" snapshot=\"internal\"/>\n  </disks>\n" > f
			printf "  <domain type=\"kvm\">\n    <name>vm%03d</name>\n    <uuid>6c6f2b8e-1f2e-4c1a-9d5e-0a1b2c3d4%03d</uuid>\n    <devices>\n      <disk type=\"file\" device=\"disk\">\n        <source file=\"/var/lib/libvirt/images/vm%03d.qcow2\"/>\n        <target dev=\"vda\" bus=\"virtio\"/>\n      </disk>\n    </devices>\n  </domain>\n</domainsnapshot>\n", v, v, v > f
			close(f)
		}
	}
}'
ntree=$(find "$TREE" -name '*.xml' | wc -l | tr -d ' ')
echo
echo "(f) a metadata tree: $ntree stored snapshots in 100 directories, one process, best of 3"
found=$("$SL" -q --format=gcc --fail-level=note "$TREE" 2>&1 | wc -l | tr -d ' ')
[ "$found" = 0 ] || echo "WARNING: snaplint reports $found findings on the tree"
measure -n 3 "$SL" -q "$TREE"
echo "  snaplint -q tree/: $(FMT=%.3f calc "$M_BEST") s, $(FMT=%.0f calc "$ntree / $M_BEST") files/s," \
     "peak RSS $(FMT=%.2f calc "$M_RSS / 1024") MiB"
echo
echo "bench: done; generated inputs removed"
exit 0
