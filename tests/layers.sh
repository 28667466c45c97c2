#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# layers.sh - the one-way pipeline, checked (issue 12): no cycle among the modules of src/
# (a module is NAME.c with NAME.h), neither in the #include graph nor in the call graph
# (who references whose symbols, from the objects' nm); the shared headers event.h and
# sink.h include no stage; tree.c sees documents only through the public API
# (snaplint.h: sl_doc_fact and friends) and generic headers; no stage calls the driver.
# Usage: tests/layers.sh BUILD_DIR   (the objects of a finished build)
set -u
export LC_ALL=C # sort and join must agree on the order
build=${1:?usage: layers.sh BUILD_DIR}
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# includes: "module included-module" pairs (self-includes dropped)
for f in src/*.c src/*.h; do
	m=$(basename "$f" | sed 's/\.[ch]$//')
	sed -n 's/^#include "\([^"/]*\)\.h".*/\1/p' "$f" | while read -r h; do
		[ "$h" = "$m" ] || [ "$h" = sl_expat_features ] || echo "$m $h"
	done
done | sort -u >"$tmp/includes"
if tsort "$tmp/includes" >/dev/null 2>"$tmp/err"; then ok; else bad "include cycle: $(cat "$tmp/err")"; fi

# calls: "module defining-module" for every symbol a module's object uses
for o in "$build"/*.o; do
	m=$(basename "$o" .o)
	nm -g --defined-only "$o" | awk -v m="$m" 'NF == 3 { print $3, m }'
done | sort -u >"$tmp/defs"
for o in "$build"/*.o; do
	m=$(basename "$o" .o)
	nm -u "$o" | awk -v m="$m" '{ print $NF, m }'
done | sort -u >"$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' | sort -u >"$tmp/calls"
[ -s "$tmp/calls" ] || bad "no call edges found in $build (is it built?)"
if tsort "$tmp/calls" >/dev/null 2>"$tmp/err"; then ok; else bad "call cycle: $(cat "$tmp/err")"; fi

# the shared headers depend on nothing but each other and the public header
for h in event sink; do
	extra=$(awk -v h="$h" '$1 == h && $2 != "event" && $2 != "snaplint" && $2 != "rules" { print $2 }' "$tmp/includes")
	if [ -z "$extra" ]; then ok; else bad "$h.h includes a stage: $extra"; fi
done

# tree.c: the public API and generic headers only, in its includes and its calls
extra=$(awk '$1 == "tree" && $2 !~ /^(snaplint|sink|event|datatype|rules)$/ { print $2 }' "$tmp/includes")
if [ -z "$extra" ]; then ok; else bad "tree.c includes $extra"; fi
extra=$(awk '$1 == "tree" && $2 !~ /^(driver|diag|event|datatype|rules)$/ { print $2 }' "$tmp/calls")
if [ -z "$extra" ]; then ok; else bad "tree.c calls into $extra"; fi
used=$(join "$tmp/uses" "$tmp/defs" | awk '$2 == "tree" && $3 == "driver" { print $1 }' | sort -u | tr '\n' ' ')
case " $used" in
*" sl_doc_fact "*) ok ;;
*) bad "tree.c does not read facts through sl_doc_fact (uses: $used)" ;;
esac

# the stages never call the driver, the adapter or the findings path
for m in grammar facts semantic cparser suppress xmlglue event diag gtables; do
	back=$(awk -v m="$m" '$1 == m && ($2 == "driver" || $2 == "findings" || $2 == "tree") { print $2 }' "$tmp/calls")
	if [ -z "$back" ]; then ok; else bad "$m calls back into $back"; fi
done
# ... and within the core only the driver steps them (sl_facts_get is the facts' reader)
ar t "$build/libsnaplint.a" | sed 's/\.o$//' | sort >"$tmp/core"
join "$tmp/uses" "$tmp/defs" | awk '$1 != "sl_facts_get" { print $2, $3 }' | sort -u |
	join - "$tmp/core" >"$tmp/corecalls"
for s in grammar facts semantic suppress xmlglue; do
	callers=$(awk -v s="$s" '$2 == s && $1 != "driver" { print $1 }' "$tmp/corecalls" | tr '\n' ' ')
	if [ -z "$callers" ]; then ok; else bad "$s is called by $callers, not only by the driver"; fi
done
echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
