#!/bin/sh
# pre-commit.sh - the hooks of .pre-commit-hooks.yaml end to end with the pre-commit
# tool: a temporary git repository uses them, a commit with a broken snapshot is refused
# with snaplint's report, the fixed commit goes through.  Both hooks: `snaplint` (built
# from source by pre-commit in its cache) and `snaplint-system` (the binary on PATH).
# Usage: tests/pre-commit.sh path/to/snaplint
set -u
. tests/lib.sh
require pre-commit pre-commit "pre-commit"
require pre-commit git "git"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.email ci@example.invalid
git config --global user.name CI
git config --global init.defaultBranch main

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; sed 's/^/  | /' "$tmp/out"; }

# The hook repository: this source tree as it is now (committed or not), as one commit.
mkdir "$tmp/hooks"
tar -cf - Makefile .pre-commit-hooks.yaml src rules tools | tar -xf - -C "$tmp/hooks"
(cd "$tmp/hooks" && git init -q && git add -A && git commit -qm hooks) || exit 1
rev=$(cd "$tmp/hooks" && git rev-parse HEAD)

good='<domainsnapshot><name>s2</name><parent><name>s1</name></parent></domainsnapshot>'
bad='<domainsnapshot><name>s2</name><parent><name>s0</name></parent></domainsnapshot>'

# run_case HOOK-ID: a fresh repository whose commits go through the hook.
run_case() {
	id=$1
	repo="$tmp/repo-$id"
	mkdir -p "$repo/snapshots"
	cd "$repo" || exit 1
	git init -q
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n' \
		"$tmp/hooks" "$rev" "$id" > .pre-commit-config.yaml
	printf '<domainsnapshot><name>s1</name></domainsnapshot>\n' > snapshots/s1.xml
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
