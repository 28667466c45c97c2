#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# libvirt-diff.sh - the differential test: every document of tests/libvirt-diff/cases.tsv
# goes through libvirt (the test driver of `virsh -c test:///PATH/node.xml`) and through
# snaplint, and the two verdicts are compared case by case.  tests/libvirt-diff/REPORT.md
# classifies the disagreements (issue 11).  In CI (CI=true) a missing virsh fails the
# test; elsewhere it prints one SKIP: line.
#
# Usage: bash tests/libvirt-diff.sh path/to/snaplint
#
#   default       each case passes when its libvirt verdict is the one recorded in
#                 tests/libvirt-diff/expected.tsv (compared only under the libvirt version
#                 recorded there) and it disagrees exactly when, and in the direction,
#                 tests/libvirt-diff/known-disagreements.txt says: a NEW disagreement
#                 fails, and so does a known one that went away (remove it from the list)
#   REPORT=1      print the disagreements (and the qemu-only and untestable cases), exit 0
#   TABLE=FILE    also write the whole verdict table (TSV) to FILE
#   KEEP=DIR      keep the expanded documents, the node file, the domain dumps given to
#                 snaplint, libvirt's stored form of accepted snapshots (aligned/, where it
#                 was needed) and the table in DIR
#   ONLY=REGEX    run only the cases whose document name matches REGEX (grep -E), and
#                 skip the check that every known disagreement names a case that ran
#   REGENERATE=1  rewrite expected.tsv and known-disagreements.txt from this run (review
#                 the diff before committing it)
#
# The table's columns: doc mode libvirt_verdict libvirt_message snaplint_verdict
# snaplint_rules agree.  agree is yes, no (a disagreement: false-error when snaplint
# refuses what libvirt accepts, false-pass for the opposite), qemu-only (libvirt's test
# driver accepts and snaplint refuses only with rules that model the qemu driver, which
# the test driver does not apply, and none of them about a disk that libvirt's alignment,
# as the test driver stored the snapshot, leaves out) or untestable (the test driver does
# not implement the operation, e.g. snapshot-create --disk-only).
#
# Modes, as cases.tsv's mode column names them:
#   create    virsh snapshot-create|checkpoint-create DOMAIN DOC [FLAGS], the domain in
#             STATE; snaplint --mode=create --domain-xml=<virsh dumpxml DOMAIN in STATE>
#             --domain-state=STATE (and --disk-only when FLAGS has it)
#   redefine  the same with --redefine (snaplint --mode=redefine, same domain options)
#   stored    the snapshot inline in the node file (<test:domainsnapshot>) as libvirtd
#             loads its metadata directory; then, if it loaded, snapshot-dumpxml
#             --security-info of it redefined on a fresh connection (how snapshot metadata
#             moves between hosts).  snaplint --mode=stored.
# Each virsh invocation is a fresh connection to the node file, so no state leaks between
# documents.  Documents use two placeholders: @DOMAIN@ (the case's test domain, as written
# in node.xml) and @IMAGES@ (a temporary directory holding the domain's image files, which
# libvirt needs to exist as regular files to name external overlays).
set -u
bin=${1:?usage: tests/libvirt-diff.sh path/to/snaplint}
here=tests/libvirt-diff
name=libvirt-diff

if ! command -v virsh >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "$name: virsh is missing, and CI must run this test (install libvirt-clients libvirt-daemon)" >&2
		exit 1
	fi
	echo "SKIP: $name (no virsh; install libvirt-clients and libvirt-daemon)"
	exit 0
fi
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
# snaplint checks for the installed release (--target-libvirt), as a user of that release
# would run it; a release outside snaplint's range is checked for the newest it knows
target=()
installed=$(virsh --version 2>/dev/null)
if [ -n "$installed" ] && "$bin" --no-config --target-libvirt="$installed" --version >/dev/null 2>&1; then
	target=(--target-libvirt="$installed")
else
	echo "$name: note: libvirt ${installed:-?} is outside snaplint's releases; checking for the newest"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/libvirt-diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd)
export LC_ALL=C HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
unset LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI LIBVIRT_LOG_OUTPUTS LIBVIRT_DEBUG
mkdir -p "$HOME" "$tmp/images" "$tmp/docs" "$tmp/out" "$tmp/aligned"

# Rules that model the qemu driver only: libvirt's test driver cannot judge them.
# SL318 (disk mode alignment), SL324 (overlay names), SL325 (inactive checkpoint) and
# SL326 (uuid) are not here: the test driver applies those checks too (observed).
# SL328-SL335 are the qemu driver's create-time rules of issue 11's class 4 (checkpoint
# formats and bitmap names, UEFI NVRAM, shareable and LUN disks, metadata cache, offline
# network disks, redefined states), tested against their source citations instead.
qemu_only=" SL309 SL317 SL319 SL320 SL321 SL322 SL323 SL327 SL328 SL329 SL330 SL331 SL332 SL333 SL334 SL335 "
# Of those, the ones about one disk being snapshotted: such a finding about a disk that
# libvirt's alignment leaves out (snapshot='no') is wrong under the qemu driver too.
per_disk="SL322|SL323|SL327|SL331|SL332|SL333|SL334"

# --- the test domain -------------------------------------------------------------------
for f in vm-root.qcow2 vm-data.qcow2 vm-golden.img debian-12.iso virtio-win.iso desk.qcow2; do
	: >"$tmp/images/$f"
done
sed "s|@IMAGES@|$tmp/images|g" "$here/node.xml" >"$tmp/node.xml"
domains="vm desk"
# each domain as written in node.xml, indented for a <domainsnapshot>/<domaincheckpoint>
for dom in $domains; do
	awk -v dom="$dom" '/<domain / { buf = ""; keep = 0 } /<domain /, /<\/domain>/ {
		buf = buf $0 "\n"; if ($0 ~ "<name>" dom "</name>") keep = 1
		if ($0 ~ /<\/domain>/ && keep) printf "%s", buf }' "$tmp/node.xml" |
		grep -v '<!-- STORED ' | sed -e "s| xmlns:test='[^']*'||" -e 's/^  //' >"$tmp/domain-embedded-$dom.xml"
done
uri="test://$tmp/node.xml"
if ! virsh -q -c "$uri" domstate vm >"$tmp/probe" 2>&1; then
	echo "$name: libvirt's test driver does not load $here/node.xml:" >&2
	cat "$tmp/probe" >&2
	exit 1
fi
# prefix DOMAIN STATE: the virsh commands that put the (running) test domain in STATE
prefix() {
	case $2 in
	running) echo "" ;;
	paused) echo "suspend $1 ; " ;;
	shutoff) echo "destroy $1 ; " ;;
	esac
}
# the live definition snaplint gets with --domain-xml, per domain and state
for dom in $domains; do
	for st in running paused shutoff; do
		virsh -q -c "$uri" "$(prefix "$dom" $st) dumpxml $dom" 2>/dev/null |
			sed '/^Domain .*\(suspended\|destroyed\)$/d' >"$tmp/domain-$dom-$st.xml"
	done
done

# expand DOC DOMAIN: the document with its placeholders filled in, into $tmp/docs
expand() {
	awk -v dom="$tmp/domain-embedded-$2.xml" -v img="$tmp/images" '
		/@DOMAIN@/ { while ((getline l < dom) > 0) print l; close(dom); next }
		{ gsub(/@IMAGES@/, img); print }
	' "$here/docs/$1" >"$tmp/docs/$1"
}

# errors FILE: virsh's error lines, one line, the temporary directory named $TMP
# (libvirt's own log lines, e.g. "... warning : parsing older snapshot ...", are left out;
# a message that spans lines keeps its continuation lines)
errors() {
	grep -v -e '^[[:space:]]*$' -e '^[0-9-]* [0-9:.+]*: [0-9]*: [a-z]* : ' "$1" |
		sed -e 's/^error: //' -e "s|$tmp|\$TMP|g" | tr '\t' ' ' |
		awk '{ printf "%s%s", (NR > 1 ? " | " : ""), $0 }'
}

# failed FILE: true when virsh's stderr in FILE reports an error
failed() {
	grep -q '^error: ' "$1"
}

# libvirt_verdict DOC MODE DOMAIN STATE FLAGS: sets lv_verdict, lv_message and lv_cmd (the
# accepted snapshot-create command, for aligned)
libvirt_verdict() {
	local doc=$1 mode=$2 dom=$3 state=$4 flags=$5 kind cmd
	kind=snapshot
	grep -q '<domaincheckpoint' "$tmp/docs/$doc" && kind=checkpoint
	lv_message="" lv_cmd=""
	: >"$tmp/out/aligned"
	if [ "$mode" = stored ]; then
		libvirt_stored "$doc" "$dom" "$state"
		return
	fi
	cmd="$(prefix "$dom" "$state")$kind-create $dom '$tmp/docs/$doc'"
	[ "$mode" = redefine ] && cmd="$cmd --redefine"
	[ "$flags" = - ] || cmd="$cmd ${flags//,/ }"
	if ! virsh -q -c "$uri" "$cmd" >"$tmp/out/stdout" 2>"$tmp/out/stderr" || failed "$tmp/out/stderr"; then
		lv_message=$(errors "$tmp/out/stderr")
		lv_verdict=refused
		case $lv_message in "unsupported flags "*) lv_verdict=unsupported ;; esac
	else
		lv_verdict=accepted
		[ "$kind" = snapshot ] && lv_cmd=$cmd
	fi
}

# aligned CMD DOC DOMAIN: run CMD (which libvirt accepted) again, then dump the snapshot it made
# into $tmp/out/aligned: libvirt's alignment of every domain disk (the mode each one ended
# up with).  Only needed, and so only run, to judge qemu-only findings.
aligned() {
	local snap
	snap=$(sed -n 's|^ *<name>\(.*\)</name>.*|\1|p' "$tmp/docs/$2" | head -n 1)
	if [ -n "$snap" ]; then snap="snapshot-dumpxml $3 '$snap'"; else snap="snapshot-current $3"; fi
	virsh -q -c "$uri" "$1 ; $snap" >"$tmp/out/aligned" 2>/dev/null
}

# libvirt_stored DOC DOMAIN STATE: load the snapshot from the node file, then redefine
# its dump
libvirt_stored() {
	local doc=$1 dom=$2 state=$3 snap
	# the document inline, its root renamed into the test driver's namespace
	sed -e '/^<?xml/d' -e 's|<domainsnapshot\([ >]\)|<test:domainsnapshot\1|' \
		-e 's|</domainsnapshot>|</test:domainsnapshot>|' "$tmp/docs/$doc" >"$tmp/out/inline"
	awk -v f="$tmp/out/inline" -v m="<!-- STORED $dom -->" 'index($0, m) { while ((getline l < f) > 0) print l; close(f); next } { print }' \
		"$tmp/node.xml" >"$tmp/out/node-stored.xml"
	snap=$(sed -n 's|^ *<name>\(.*\)</name>.*|\1|p' "$tmp/docs/$doc" | head -n 1)
	if ! virsh -q -c "test://$tmp/out/node-stored.xml" "snapshot-dumpxml $dom '$snap' --security-info" \
		>"$tmp/out/dumped.xml" 2>"$tmp/out/stderr" || failed "$tmp/out/stderr"; then
		lv_verdict=refused
		lv_message="load: $(errors "$tmp/out/stderr")"
		return
	fi
	if ! virsh -q -c "$uri" "$(prefix "$dom" "$state")snapshot-create $dom '$tmp/out/dumped.xml' --redefine" \
		>"$tmp/out/stdout" 2>"$tmp/out/stderr" || failed "$tmp/out/stderr"; then
		lv_verdict=refused
		lv_message="redefine: $(errors "$tmp/out/stderr")"
	else
		lv_verdict=accepted
		cp "$tmp/out/dumped.xml" "$tmp/out/aligned"
	fi
}

# snaplint_verdict DOC MODE DOMAIN STATE FLAGS: sets sl_verdict, sl_rules (errors, then any
# warnings as warn:...) and sl_qemu (1 when every error is a qemu-only rule about a disk
# libvirt does snapshot, or about no disk)
snaplint_verdict() {
	local doc=$1 mode=$2 dom=$3 state=$4 flags=$5 opts errs warns r
	opts=(--format=json -q "${target[@]}" "--mode=$mode" "--domain-xml=$tmp/domain-$dom-$state.xml" "--domain-state=$state")
	case ",$flags," in *,--disk-only,*) opts+=(--disk-only) ;; esac
	"$bin" --no-config "${opts[@]}" "$tmp/docs/$doc" >"$tmp/out/json" 2>"$tmp/out/slerr"
	errs=$(grep -o '"rule": "SL[0-9]*", "name": "[^"]*", "category": "[^"]*", "severity": "error"' "$tmp/out/json" |
		cut -d'"' -f4 | LC_ALL=C sort -u | paste -sd, -)
	warns=$(grep -o '"rule": "SL[0-9]*", "name": "[^"]*", "category": "[^"]*", "severity": "warning"' "$tmp/out/json" |
		cut -d'"' -f4 | LC_ALL=C sort -u | paste -sd, -)
	sl_rules=${errs:--}
	[ -n "$warns" ] && sl_rules="$sl_rules;warn:$warns"
	sl_qemu=0
	if [ -n "$errs" ]; then
		sl_verdict=refused sl_qemu=1
		for r in ${errs//,/ }; do
			case $qemu_only in *" $r "*) ;; *) sl_qemu=0 ;; esac
		done
		# a qemu-only finding about a disk that libvirt's own alignment leaves out
		# (snapshot='no') cannot be the qemu driver's reason either
		[ "$sl_qemu" = 1 ] && left_out_disk && sl_qemu=0
	elif grep -q '"findings": \[' "$tmp/out/json"; then
		sl_verdict=accepted
	else
		sl_verdict="failed: $(head -c 200 "$tmp/out/slerr" | tr '\n\t' '  ')"
	fi
}

# left_out_disk: true when a per-disk qemu-only error names a disk 'X' that libvirt
# aligned to snapshot='no' (per $tmp/out/aligned, the accepted snapshot as libvirt stored it)
left_out_disk() {
	local d
	[ -s "$tmp/out/aligned" ] || [ -z "$lv_cmd" ] || aligned "$lv_cmd" "$doc" "$dom"
	[ -s "$tmp/out/aligned" ] || return 1
	for d in $(grep -o '"rule": "SL[0-9]*", [^{]*"severity": "error", "line": [0-9]*, "column": [0-9]*, "message": "[^"]*' "$tmp/out/json" |
		grep -E "^\"rule\": \"($per_disk)\"" |
		grep -o "disk '[^']*'" | cut -d"'" -f2 | LC_ALL=C sort -u); do
		grep -q "<disk name='$d' snapshot='no'" "$tmp/out/aligned" && return 0
	done
	return 1
}

# agreement: sets agree from lv_verdict, sl_verdict and sl_qemu
agreement() {
	case $lv_verdict/$sl_verdict in
	unsupported/*) agree=untestable ;;
	accepted/accepted|refused/refused) agree=yes ;;
	accepted/refused) if [ "$sl_qemu" = 1 ]; then agree=qemu-only; else agree=no; fi ;;
	*) agree=no ;;
	esac
}

# --- run every case --------------------------------------------------------------------
table=$tmp/table.tsv
printf 'doc\tmode\tlibvirt_verdict\tlibvirt_message\tsnaplint_verdict\tsnaplint_rules\tagree\n' >"$table"
while IFS=$'\t' read -r doc mode dom state flags class _; do
	case $doc in ''|'#'*|doc) continue ;; esac
	[ -z "${ONLY:-}" ] || printf '%s\n' "$doc" | grep -qE "$ONLY" || continue
	if [ ! -f "$here/docs/$doc" ]; then
		echo "$name: cases.tsv names a missing document docs/$doc" >&2
		exit 1
	fi
	expand "$doc" "$dom"
	libvirt_verdict "$doc" "$mode" "$dom" "$state" "$flags"
	snaplint_verdict "$doc" "$mode" "$dom" "$state" "$flags"
	agreement
	cp "$tmp/out/aligned" "$tmp/aligned/$doc"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$doc" "$mode" "$lv_verdict" "${lv_message:--}" \
		"$sl_verdict" "$sl_rules" "$agree" "$class" >>"$tmp/rows.tsv"
done <"$here/cases.tsv"
cut -f1-7 "$tmp/rows.tsv" >>"$table"
[ -n "${TABLE:-}" ] && cp "$table" "$TABLE"
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP" && cp -r "$tmp/docs" "$tmp/aligned" "$tmp/node.xml" "$tmp"/domain-*.xml "$table" "$KEEP/"
fi

# direction ROW-FIELDS...: false-error or false-pass for a disagreeing row
direction() {
	if [ "$1" = accepted ]; then echo false-error; else echo false-pass; fi
}

version=$(virsh --version 2>/dev/null)
if [ "${REGENERATE:-}" = 1 ] && [ -n "${ONLY:-}" ]; then
	echo "$name: REGENERATE=1 needs every case: unset ONLY" >&2
	exit 2
fi
if [ "${REGENERATE:-}" = 1 ]; then
	{
		echo "# libvirt's verdict per document, observed with libvirt $version (tests/libvirt-diff.sh, REGENERATE=1)"
		printf 'doc\tmode\tlibvirt_verdict\tlibvirt_message\n'
		cut -f1-4 "$tmp/rows.tsv"
	} >"$here/expected.tsv"
	# the class column keeps what the list said (the class of the cause, set by hand);
	# a new entry starts with the class cases.tsv gives the document
	grep -v '^#' "$here/known-disagreements.txt" >"$tmp/known-before" 2>/dev/null
	{
		echo "# Disagreements between snaplint and libvirt $version's test driver that are not fixed yet:"
		echo "# doc, direction (false-error: snaplint refuses what libvirt accepts; false-pass: the"
		echo "# opposite), the issue-11 class of the cause.  tests/libvirt-diff.sh fails on any"
		echo "# disagreement not listed here and on any listed one that went away.  REPORT.md explains each."
		awk -F'\t' 'NR == FNR { class[$1] = $3; next }
			$7 == "no" { printf "%s\t%s\t%s\n", $1, ($3 == "accepted" ? "false-error" : "false-pass"),
				($1 in class ? class[$1] : $8) }' "$tmp/known-before" "$tmp/rows.tsv"
	} >"$here/known-disagreements.txt"
	echo "$name: rewrote $here/expected.tsv and $here/known-disagreements.txt"
fi

if [ "${REPORT:-}" = 1 ]; then
	printf 'doc\tmode\tlibvirt_verdict\tlibvirt_message\tsnaplint_verdict\tsnaplint_rules\tagree\tdirection\n'
	while IFS=$'\t' read -r doc mode lv msg sv rules agree class; do
		[ "$agree" = yes ] && continue
		dir=-
		[ "$agree" = no ] && dir=$(direction "$lv")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$doc" "$mode" "$lv" "$msg" "$sv" "$rules" "$agree" "$dir"
	done <"$tmp/rows.tsv"
	awk -F'\t' '{ n[$7]++ } END { printf "%s: %d documents: %d agree, %d disagree, %d qemu-only, %d untestable\n", "'"$name"'", NR, n["yes"], n["no"], n["qemu-only"], n["untestable"] }' "$tmp/rows.tsv"
	exit 0
fi

# --- compare with the recorded verdicts and the known disagreements ---------------------
recorded=$(sed -n 's/^# libvirt.s verdict per document, observed with libvirt \([^ ]*\) .*/\1/p' "$here/expected.tsv")
if [ "$recorded" != "$version" ]; then
	echo "NOTE: $name: expected.tsv was recorded with libvirt $recorded, this is $version: libvirt's verdicts are not compared with it"
fi
pass=0 fail=0
while IFS=$'\t' read -r doc mode lv msg sv rules agree class; do
	problem=""
	if [ "$recorded" = "$version" ]; then
		want=$(awk -F'\t' -v d="$doc" '$1 == d { print $3 "\t" $4 }' "$here/expected.tsv")
		[ "$want" = "$lv"$'\t'"$msg" ] || problem="libvirt's verdict changed: expected.tsv has '${want//$'\t'/: }', libvirt now says '$lv: $msg'"
	fi
	known=$(awk -F'\t' -v d="$doc" '$1 == d { print $2 }' "$here/known-disagreements.txt")
	if [ -z "$problem" ]; then
		if [ "$agree" = no ]; then
			dir=$(direction "$lv")
			[ "$known" = "$dir" ] || problem="NEW disagreement ($dir): libvirt $lv ($msg), snaplint $sv ($rules)"
		elif [ -n "$known" ]; then
			problem="the known disagreement ($known) went away (agree: $agree): remove it from known-disagreements.txt"
		fi
	fi
	if [ -z "$problem" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $doc ($mode): $problem"
	fi
done <"$tmp/rows.tsv"
# a known disagreement must name a document that exists in cases.tsv
[ -n "${ONLY:-}" ] || for doc in $(grep -v '^#' "$here/known-disagreements.txt" | cut -f1); do
	if ! cut -f1 "$tmp/rows.tsv" | grep -qxF "$doc"; then
		fail=$((fail + 1))
		echo "FAIL: known-disagreements.txt lists $doc, which cases.tsv does not run"
	fi
done
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
