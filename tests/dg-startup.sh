#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dg-startup.sh - what the generated domain-grammar tier costs a process that checks one
# small document (issue 13, bench line (e)): its tables are position-independent, so
# they are read-only data (nm type R) that the dynamic loader never writes into at start
# (a table of pointers lands in .data.rel.ro, type D, and is relocated page by page at
# every start); the generator refuses a string longer than the inline arrays that hold
# it.
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

echo "dg-startup: $pass passed, $fail failed"
[ "$fail" = 0 ]
