#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-startup.sh - what the generated domain-grammar tier costs a process that checks one
# small document (issue 13, bench line (e)): its tables are position-independent, so
# they are read-only data (nm type R) that the dynamic loader never writes into at start
# (a table of pointers lands in .data.rel.ro, type D, and is relocated page by page at
# every start); the generator refuses a string longer than the inline arrays that hold
# it; every node's DG_STARTS_* mask follows its rule; and the engine's cold start on
# examples/disk1.xml stays within a budget of computed transitions and bytes.
# Usage: tests/dg-startup.sh BUILD_DIR
set -u
build=${1:?usage: dg-startup.sh BUILD_DIR}
. tests/lib.sh
require dg-startup nm binutils
require dg-startup python3 python3
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: dg-startup: $1"; }

# 1. every table the generator writes without pointers is in read-only data
tables="dg_nodes dg_choice_ops dg_nss dg_syms dg_sym_hash dg_ncs dg_nc_members dg_values
dg_iparts dg_imembers dg_imember_syms dg_node_hash dg_since_rows"
syms=$(nm "$build/snaplint") || { echo "dg-startup: cannot read $build/snaplint"; exit 1; }
for t in $tables; do
	type=$(echo "$syms" | awk -v n="$t" '$3 == n { print $2 }')
	if [ "$type" = R ]; then ok; else ko "$t has nm type '$type', not R (read-only data)"; fi
done

# 2. the generator refuses what does not fit its inline arrays, and takes what does
out=$(python3 - <<'PY' 2>&1
import importlib.util, sys
sys.path.insert(0, "tools")
spec = importlib.util.spec_from_file_location("gen", "tools/gen-domain-grammar.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
print(gen.c_inline("x" * 31, gen.DG_LOCAL_MAX, "name"))
try:
    gen.c_inline("x" * 32, gen.DG_LOCAL_MAX, "name")
    print("accepted")
except gen.SchemaError as e:
    print(e)
PY
)
want='"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
name '"'"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"'"' is 32 bytes, its table holds 31: raise the limit in the generator and in the header together'
if [ "$out" = "$want" ]; then ok; else ko "the generator's length check said: $out"; fi
# and its limits are the header's
for m in DG_LOCAL_MAX DG_VALUE_MAX DG_NS_MAX; do
	c=$(sed -n "s/^#define $m \([0-9]*\).*/\1/p" src/dg/dg_tables.h)
	py=$(sed -n "s/^DG_LOCAL_MAX, DG_VALUE_MAX, DG_NS_MAX = \(.*\)/\1/p" tools/gen-domain-grammar.py)
	case "$m" in DG_LOCAL_MAX) i=1 ;; DG_VALUE_MAX) i=2 ;; *) i=3 ;; esac
	p=$(echo "$py" | cut -d, -f$i | tr -d ' ')
	if [ -n "$c" ] && [ "$c" = "$p" ]; then ok; else ko "$m is '$c' in dg_tables.h, '$p' in the generator"; fi
done
for m in DG_SINCE_NAME_MAX DG_SINCE_ITEM_MAX; do
	c=$(sed -n "s/^#define $m \([0-9]*\).*/\1/p" src/dg_since.h)
	py=$(sed -n "s/^DG_SINCE_NAME_MAX, DG_SINCE_ITEM_MAX = \(.*\)/\1/p" tools/gen-domain-grammar.py)
	case "$m" in DG_SINCE_NAME_MAX) i=1 ;; *) i=2 ;; esac
	p=$(echo "$py" | cut -d, -f$i | tr -d ' ')
	if [ -n "$c" ] && [ "$c" = "$p" ]; then ok; else ko "$m is '$c' in dg_since.h, '$p' in the generator"; fi
done

# 3. every node's DG_STARTS_* mask (src/dg/dg_tables.h) follows its rule from the rows
#    themselves, so that the engine may skip what a mask rules out
out=$(python3 - <<'PY' 2>&1
import re
src = open("src/dg/dg_common.c").read()
def table(name):
    body = src[src.index(name + "[] = {"):]
    return body[body.index("{") + 1:body.index("\n};")]
rows = [(op, int(nl), int(st, 16), int(a), b) for (op, nl, st, a, b) in
        re.findall(r"\{DG_(\w+), (\d), (0x[0-9a-f]+), (\d+), (\w+)\}", table("dg_nodes"))]
pool = [int(x) for x in re.findall(r"\d+", table("dg_choice_ops"))]
ncs = re.findall(r"\{DG_NC_(\w+), (\d+), (\d+), (\d+)\}", table("dg_ncs"))
members = [int(x) for x in re.findall(r"\d+", table("dg_nc_members"))]
def nc_mask(i):
    kind, sym, first, count = ncs[i]
    if kind == "NAME":
        return 1 << (int(sym) % 14)
    if kind == "CHOICE":
        m = 0
        for x in members[int(first):int(first) + int(count)]:
            m |= nc_mask(x)
        return m
    return 0x3FFF
bad = 0
for i, (op, nl, st, a, b) in enumerate(rows):
    b = 0 if b == "DG_NONE" else int(b)
    if op == "ELEMENT":
        want = nc_mask(a)
    elif op == "ATTRIBUTE":
        want = 0x8000
    elif op in ("VALUE", "DATA"):
        want = 0x4000
    elif op == "CHOICE":
        want = 0
        for x in pool[a:a + b]:
            want |= rows[x][2]
    elif op == "INTERLEAVE":
        want = rows[a][2] | rows[b][2]
    elif op == "GROUP":
        want = rows[a][2] | (rows[b][2] if rows[a][1] else rows[b][2] & 0x8000)
    elif op == "ONEORMORE":
        want = rows[a][2]
    else:
        want = 0
    if st != want:
        bad += 1
        if bad <= 3:
            print("node %d (%s): starts 0x%x, its rule gives 0x%x" % (i, op, st, want))
print("%d nodes, %d wrong" % (len(rows), bad))
PY
)
case "$out" in
*" nodes, 0 wrong") ok ;;
*) ko "DG_STARTS masks: $out" ;;
esac

# 4. a small document's cold start stays cheap: the transitions the engine computes for
#    examples/disk1.xml's <domain> (3,371 before the masks, 761 since the balanced
#    interleaves) and the memory it takes (181,504 bytes before, 70,912 since; the budgets
#    leave room for small changes, not for a regression)
line=$("$build/dg_validate" --bench examples/disk1.xml 1)
misses=$(echo "$line" | sed -n 's/.* misses \([0-9]*\) cold.*/\1/p')
bytes=$(echo "$line" | sed -n 's/.* memo [0-9]*, \([0-9]*\) bytes.*/\1/p')
if [ -n "$misses" ] && [ "$misses" -le 900 ]; then ok; else ko "examples/disk1.xml: $misses cold misses (at most 900): $line"; fi
if [ -n "$bytes" ] && [ "$bytes" -le 80000 ]; then ok; else ko "examples/disk1.xml: $bytes bytes (at most 80000): $line"; fi

echo "dg-startup: $pass passed, $fail failed"
[ "$fail" = 0 ]
