#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# install.sh - `make install` into a DESTDIR with a PREFIX: the binary runs from there,
# the man page is in place, the git hook snaplint-pre-commit runs the snaplint installed
# beside it; `make uninstall` removes exactly what was installed.
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
t test -x "$tmp/root/opt/sl/bin/snaplint-pre-commit"
# the hook, with no snaplint on PATH, finds the one beside it and refuses a broken file
mkdir "$tmp/repo"
printf '<domainsnapshot><nmae>s1</nmae></domainsnapshot>\n' > "$tmp/repo/bad snap.xml"
out=$(cd "$tmp/repo" && git init -q && git add "bad snap.xml" &&
	PATH=/usr/bin:/bin "$tmp/root/opt/sl/bin/snaplint-pre-commit" -q --format=gcc 2>&1)
t test "$?" -eq 1 -a "$out" = "bad snap.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"
make -s uninstall DESTDIR="$tmp/root" PREFIX=/opt/sl >"$tmp/log" 2>&1 || { cat "$tmp/log"; ko "make uninstall"; }
left=$(find "$tmp/root" -type f | wc -l)
t test "$left" -eq 0

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
