# SPDX-License-Identifier: LGPL-2.1-or-later
# lib.sh - shared by the test scripts: tool requirements and the schema lookup.
# Sourced, not run.

# require TEST TOOL PACKAGES: a test may skip for a missing tool only outside CI, and
# says so; in CI (CI=true) the missing tool fails it.
require() {
	command -v "$2" >/dev/null && return 0
	if [ "${CI:-}" = true ]; then
		echo "$1: $2 is missing, and CI must run this test" >&2
		exit 1
	fi
	echo "SKIP: $1 needs $2, which is not installed (install $3)"
	exit 0
}

# find_schemas TEST: sets $schemas to libvirt 12.8.0's schema directory, the release the
# grammar follows: $SL_SCHEMA_DIR, else ../shared/schemas/libvirt-12.8.0 when it is there,
# and prints which.  The files must be 12.8.0's (tests/schemas-libvirt-12.8.0.sha256):
# the installed /usr/share/libvirt/schemas are another release (9.0.0 on Debian 12) and
# would give other verdicts, so they are never used.  Without them the test prints one
# SKIP line saying how to run it and passes; in CI (CI=true) it fails instead.
find_schemas() {
	manifest=$(pwd)/tests/schemas-libvirt-12.8.0.sha256
	schemas=${SL_SCHEMA_DIR:-}
	[ -n "$schemas" ] || { [ -d ../shared/schemas/libvirt-12.8.0 ] && schemas=../shared/schemas/libvirt-12.8.0; }
	how="set SL_SCHEMA_DIR to libvirt 12.8.0's src/conf/schemas (or put it in ../shared/schemas/libvirt-12.8.0) and run make check"
	if [ -z "$schemas" ]; then
		no_schemas "$1" "needs libvirt 12.8.0's RELAX NG schemas, which are not here: $how"
	elif ! [ -d "$schemas" ] || ! (cd "$schemas" && grep -v '^#' "$manifest" |
		sha256sum -c --quiet --status - 2>/dev/null); then
		no_schemas "$1" "$schemas does not hold libvirt 12.8.0's schemas (see tests/schemas-libvirt-12.8.0.sha256): $how"
	fi
	schemas=$(cd "$schemas" && pwd)
	echo "$1: libvirt 12.8.0 schemas from $schemas"
}

# no_schemas TEST WHY: one visible SKIP line and a pass, or in CI a failure.
no_schemas() {
	if [ "${CI:-}" = true ]; then
		echo "$1: FAIL: $2 (CI must run this test)" >&2
		exit 1
	fi
	echo "SKIP: $1: $2"
	exit 0
}

# check NAME EXPECTED-STATUS EXPECTED-STDOUT -- command...: runs the command and compares
# its exit status and stdout; its stderr is kept in $tmp/stderr and then $tmp/last.
# Counts into $pass and $fail.
check() {
	name=$1 want_status=$2 want_out=$3
	shift 4
	out=$("$@" 2>"$tmp/stderr"); status=$?
	if [ "$status" = "$want_status" ] && [ "$out" = "$want_out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL: %s\n  status %s (want %s)\n  stdout: %s\n  want:   %s\n  stderr: %s\n' \
			"$name" "$status" "$want_status" "$out" "$want_out" "$(cat "$tmp/stderr")"
	fi
	cp "$tmp/stderr" "$tmp/last"
}

# For the tests held to libxml2 (dg-regex, dg-data): builds its reference program
# tests/xmlregex_ref.c into $build and sets $dirs to the libvirt schema directories
# under $root.  $1 names the test in its SKIP and FAIL lines; $2 says what is still
# checked without the schemas.  Without libxml2's headers the test is skipped (a
# failure under CI=true), and so is the schemas' part without the schemas.
libxml2_reference() {
	if ! pkg-config --exists libxml-2.0; then
		[ "${CI:-}" = true ] && { echo "$1: libxml2's headers are missing (libxml2-dev), and CI must run this test" >&2; exit 1; }
		echo "SKIP: $1 needs libxml2's headers (install libxml2-dev)"
		exit 0
	fi
	mkdir -p "$build"
	# shellcheck disable=SC2086
	$cc $(pkg-config --cflags libxml-2.0) -o "$build/xmlregex_ref" tests/xmlregex_ref.c \
		$(pkg-config --libs libxml-2.0) || exit 1
	dirs=$(ls -d "$root"/libvirt-*/ 2>/dev/null)
	if [ -z "$dirs" ]; then
		if [ "${CI:-}" = true ]; then
			echo "$1: FAIL: no libvirt schemas in $root (CI must run this test)" >&2
			exit 1
		fi
		echo "SKIP: $1: no libvirt schemas in $root: $2"
	fi
}
