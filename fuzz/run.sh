#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# run.sh - runs the libFuzzer target: first every saved input once (fuzz/corpus, the
# minimised corpus, and fuzz/regressions, every input that ever failed), then a campaign
# of SECONDS seconds seeded from the saved corpus and from every fixture.
# Usage: fuzz/run.sh path/to/fuzz_core SECONDS [WORKERS]
# New interesting inputs go to $work/corpus; `make fuzz-merge` folds them into
# fuzz/corpus.  A crash leaves $work/crash-* and fails the run: copy it into
# fuzz/regressions/ with the fix.
set -eu
bin=$1 seconds=$2 workers=${3:-1}
work=$(dirname "$bin")/fuzz-work
mkdir -p "$work/corpus" "$work/seeds"

echo "fuzz: replaying fuzz/corpus and fuzz/regressions"
"$bin" -runs=0 -rss_limit_mb=2048 -timeout=20 fuzz/corpus fuzz/regressions 2>"$work/replay.log" || {
	tail -40 "$work/replay.log"
	exit 1
}
grep -m1 -o 'INITED.*\|DONE.*' "$work/replay.log" || true

[ "$seconds" -gt 0 ] || exit 0
# Seeds: every fixture, behind a two-byte header (options byte, no cuts) that selects
# each mode in turn, so the fuzzer starts from documents that reach every stage.
i=0
for f in fixtures/*/*.xml examples/*.xml; do
	i=$(((i + 1) % 4))
	{ printf "\\$(printf '%03o' "$i")\\000"; cat "$f"; } > "$work/seeds/$(basename "$f").$i"
done
echo "fuzz: $seconds s with $workers worker(s)"
if [ "$workers" -gt 1 ]; then
	par="-workers=$workers -jobs=$workers"
else
	par=
fi
# shellcheck disable=SC2086
"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len=65536 \
	-dict=fuzz/xml.dict -artifact_prefix="$work/" -print_final_stats=1 $par \
	"$work/corpus" fuzz/corpus "$work/seeds" 2>"$work/fuzz.log" || {
	tail -60 "$work/fuzz.log"
	echo "fuzz: FAILED; the input is in $work/crash-* (keep it in fuzz/regressions/)"
	exit 1
}
grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' "$work/fuzz.log" || tail -5 "$work/fuzz.log"
echo "fuzz: passed"
