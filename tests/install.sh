#!/bin/sh
# install.sh - `make install` into a DESTDIR with a PREFIX: the binary runs from there
# and the man page is in place; `make uninstall` removes exactly what was installed.
set -u
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; }
t() { if "$@"; then pass=$((pass + 1)); else ko "$*"; fi; }

make -s install DESTDIR="$tmp/root" PREFIX=/opt/sl >"$tmp/log" 2>&1 || { cat "$tmp/log"; ko "make install"; }
t test -x "$tmp/root/opt/sl/bin/snaplint"
t test -f "$tmp/root/opt/sl/share/man/man1/snaplint.1"
out=$(printf '<domainsnapshot><name>s1</name></domainsnapshot>\n' | "$tmp/root/opt/sl/bin/snaplint" -q -)
t test "$?" -eq 0 -a -z "$out"
make -s uninstall DESTDIR="$tmp/root" PREFIX=/opt/sl >"$tmp/log" 2>&1 || { cat "$tmp/log"; ko "make uninstall"; }
left=$(find "$tmp/root" -type f | wc -l)
t test "$left" -eq 0

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
