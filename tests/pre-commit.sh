#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# pre-commit.sh - the pre-commit hooks end to end on temporary git repositories.
# tools/snaplint-pre-commit as a plain git hook: a commit that stages no XML, one that
# deletes a snapshot and one whose file names have spaces go through; broken snapshots
# are refused with snaplint's report.  Then the hooks of .pre-commit-hooks.yaml with the
# pre-commit tool: `snaplint` (built from source by pre-commit in its cache) and
# `snaplint-system` (the binary on PATH).
# Usage: tests/pre-commit.sh path/to/snaplint
set -u
. tests/lib.sh
require pre-commit git "git"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.email ci@example.invalid
git config --global user.name CI
git config --global init.defaultBranch main

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; sed 's/^/  | /' "$tmp/out"; }

# stored metadata, as libvirt writes it (the directory checks apply to no create document)
rest="<state>shutoff</state><creationTime>2</creationTime><active>0</active><domain type='kvm'><name>vm</name></domain>"
s1="<domainsnapshot><name>s1</name><state>shutoff</state><creationTime>1</creationTime><active>1</active><domain type='kvm'><name>vm</name></domain></domainsnapshot>"
good="<domainsnapshot><name>s2</name><parent><name>s1</name></parent>$rest</domainsnapshot>"
bad="<domainsnapshot><name>s2</name><parent><name>s0</name></parent>$rest</domainsnapshot>"

# ---- tools/snaplint-pre-commit as .git/hooks/pre-commit ----

# commit_case NAME WANT(ok|refused) [GREP]: commits what is staged in the current
# repository through the hook; a refusal must show GREP (a fixed string) from snaplint.
commit_case() {
	if git commit -qm "$1" >"$tmp/out" 2>&1; then
		[ "$2" = ok ] && ok || ko "git hook: $1: committed, but it should be refused"
	elif [ "$2" = ok ]; then
		ko "git hook: $1: refused"
	elif grep -qF -- "$3" "$tmp/out"; then
		ok
	else
		ko "git hook: $1: the refusal does not show snaplint's finding"
	fi
}

repo="$tmp/repo-git"
mkdir -p "$repo/snapshots"
cd "$repo" || exit 1
git init -q
ln -s "$src/tools/snaplint-pre-commit" .git/hooks/pre-commit
export SNAPLINT="$bin"
printf '%s\n' "$s1" > snapshots/s1.xml
printf '%s\n' "$good" > snapshots/s2.xml
printf '<project><modelVersion>4.0.0</modelVersion></project>\n' > pom.xml
git add -A && git commit -qm base --no-verify
printf 'notes\n' > README
git add README
commit_case "a commit that stages no XML" ok
git rm -q snapshots/s2.xml
commit_case "a commit that deletes a snapshot" ok
printf '%s\n' "$good" | sed 's/s2/s 2/' > "snapshots/s 2.xml"
printf '<project><modelVersion>4.0.1</modelVersion></project>\n' > "pom copy.xml"
git add -A
commit_case "file names with spaces (and another root, skipped)" ok
printf '%s\n' "$bad" | sed 's/s2/s 3/' > "snapshots/s 3.xml"
git add -A
commit_case "a broken snapshot whose name has spaces" refused \
	"snapshots/s 3.xml:1:33: error: parent 's0' is not a snapshot of this directory [SL403 tree-missing-parent]"
git reset -q
printf '%s\n' "$bad" > snapshots/s2.xml
git add snapshots/s2.xml
commit_case "a broken snapshot" refused \
	"snapshots/s2.xml:1:32: error: parent 's0' is not a snapshot of this directory [SL403 tree-missing-parent]"
git reset -q
printf '<domainsnapshot><nmae>s1</nmae></domainsnapshot>\n' > snapshots/-x.xml
git add snapshots/-x.xml
commit_case "a file name that starts with a dash, broken" refused \
	"snapshots/-x.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"
git reset -q
rm snapshots/-x.xml "snapshots/s 3.xml" snapshots/s2.xml
git mv "snapshots/s 2.xml" snapshots/s2.xml
printf '%s\n' "$good" > snapshots/s2.xml
git add snapshots/s2.xml
commit_case "a renamed snapshot is checked (and fine)" ok
unset SNAPLINT
cd "$src" || exit 1

# ---- the pre-commit framework ----
if ! command -v pre-commit >/dev/null; then
	if [ "${CI:-}" = true ]; then
		echo "pre-commit: the pre-commit tool is missing, and CI must run this test" >&2
		exit 1
	fi
	echo "SKIP: the pre-commit framework hooks (no pre-commit; install Debian's pre-commit)"
	echo "pre-commit: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi
export PRE_COMMIT_HOME="$tmp/cache"

# The hook repository: this source tree as it is now (committed or not), as one commit.
mkdir "$tmp/hooks"
tar -cf - Makefile .pre-commit-hooks.yaml src rules tools | tar -xf - -C "$tmp/hooks"
(cd "$tmp/hooks" && git init -q && git add -A && git commit -qm hooks) || exit 1
rev=$(cd "$tmp/hooks" && git rev-parse HEAD)

# run_case HOOK-ID: a fresh repository whose commits go through the hook.
run_case() {
	id=$1
	repo="$tmp/repo-$id"
	mkdir -p "$repo/snapshots"
	cd "$repo" || exit 1
	git init -q
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n' \
		"$tmp/hooks" "$rev" "$id" > .pre-commit-config.yaml
	printf '%s\n' "$s1" > snapshots/s1.xml
	printf '<project><modelVersion>4.0.0</modelVersion></project>\n' > pom.xml
	git add -A && git commit -qm base --no-verify
	pre-commit install >/dev/null 2>&1 || { echo "pre-commit install failed"; exit 1; }

	# A snapshot whose parent is not in its directory: the commit is refused.
	printf '%s\n' "$bad" > snapshots/s2.xml
	git add snapshots/s2.xml
	if git commit -qm broken >"$tmp/out" 2>&1; then
		ko "$id: a broken snapshot was committed"
	elif grep -q "snapshots/s2.xml:1:32: error: parent 's0' is not a snapshot of this directory \[SL403 tree-missing-parent\]" "$tmp/out"; then
		ok
	else
		ko "$id: the refusal does not show snaplint's finding"
	fi

	# Fixed: the parent exists in the work tree; pom.xml (another root) is not an error.
	printf '%s\n' "$good" > snapshots/s2.xml
	printf '<project><modelVersion>4.0.1</modelVersion></project>\n' > pom.xml
	git add snapshots/s2.xml pom.xml
	if git commit -qm fixed >"$tmp/out" 2>&1; then ok; else ko "$id: a valid commit was refused"; fi
	cd "$src" || exit 1
}

run_case snaplint
PATH="$(dirname "$bin"):$PATH" run_case snaplint-system

echo "pre-commit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
