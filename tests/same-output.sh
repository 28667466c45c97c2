#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# same-output.sh - are two builds byte-identical in what they report?  Runs both
# binaries over every fixture (with the options on its first line, and those of its
# NAME.options sidecar, CLI runs only: the library runs take the first line's) in every output
# format, over examples/ and the fuzz corpus, and both libraries over every fixture at
# chunk sizes 1, 2, 3, 5, 7, 64 and whole and over the fuzz corpus as the fuzzer feeds
# it (tests/same-output-feed.c); diffs everything.  Not part of make check: a refactoring
# tool (issue 12).
# Usage: sh tests/same-output.sh OLD_BUILD_DIR NEW_BUILD_DIR
#   each directory holds snaplint and libsnaplint.a (e.g. a copy of build/)
set -u
old=${1:?usage: same-output.sh OLD_BUILD_DIR NEW_BUILD_DIR}
new=${2:?usage: same-output.sh OLD_BUILD_DIR NEW_BUILD_DIR}
cd "$(dirname "$0")/.." || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in old new; do
	eval dir=\$$side
	${CC:-cc} -std=c11 -O1 -Isrc -o "$work/feed-$side" tests/same-output-feed.c \
		"$dir/libsnaplint.a" -lexpat || exit 2
done

# run SIDE: writes everything SIDE says to $work/SIDE.out
run() {
	bin=$(eval echo \$$1)/snaplint feed=$work/feed-$1 out=$work/$1.out
	: >"$out"
	for xml in $(find fixtures -name '*.xml' -not -path 'fixtures/tree/*' | LC_ALL=C sort) \
		$(find fixtures/tree -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort); do
		words=$(head -n 1 "$xml" 2>/dev/null | sed -n 's/.*; options: \(.*\) -->.*/\1/p')
		opts=$(echo "$words" | sed 's/[^ ][^ ]*/--&/g')
		[ -f "${xml%.xml}.options" ] && opts="$opts $(cat "${xml%.xml}.options")"
		for fmt in text gcc json sarif github; do
			echo "== $xml $fmt" >>"$out"
			# shellcheck disable=SC2086
			"$bin" -f $fmt --color=never $opts "$xml" >>"$out" 2>&1
			echo "exit $?" >>"$out"
		done
		echo "== $xml text verbose colour" >>"$out"
		# shellcheck disable=SC2086
		"$bin" --color=always $opts "$xml" >>"$out" 2>&1
		echo "exit $?" >>"$out"
		[ -f "$xml" ] || continue
		for chunk in 1 2 3 5 7 64 0; do
			echo "== $xml chunk $chunk" >>"$out"
			# shellcheck disable=SC2086
			"$feed" $chunk "$xml" $words >>"$out" 2>&1
		done
	done
	echo "== examples" >>"$out"
	"$bin" -f json examples >>"$out" 2>&1
	echo "exit $?" >>"$out"
	for f in fuzz/corpus/* fuzz/regressions/*; do
		[ -f "$f" ] || continue
		echo "== $f" >>"$out"
		"$feed" fuzz "$f" >>"$out" 2>&1
		"$bin" -q -f gcc "$f" >>"$out" 2>&1
		echo "exit $?" >>"$out"
	done
}
run old & run new; wait
n=$(grep -c '^== ' "$work/new.out")
if cmp -s "$work/old.out" "$work/new.out"; then
	echo "same-output: identical ($n runs, $(wc -c <"$work/new.out") bytes)"
	exit 0
fi
diff -u "$work/old.out" "$work/new.out" | head -60
echo "same-output: DIFFERENT ($n runs)"
exit 1
