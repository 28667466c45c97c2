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
	echo "$1: SKIPPED (no $2; install $3)"
	exit 0
}

# find_schemas TEST: sets $schemas to libvirt's schema directory: $SL_SCHEMA_DIR, else
# ../shared/schemas/libvirt-12.8.0, else the system's /usr/share/libvirt/schemas (an
# absolute path), or skips/fails like require().
find_schemas() {
	schemas=${SL_SCHEMA_DIR:-}
	[ -n "$schemas" ] || { [ -d ../shared/schemas/libvirt-12.8.0 ] && schemas=../shared/schemas/libvirt-12.8.0; }
	[ -n "$schemas" ] || { [ -d /usr/share/libvirt/schemas ] && schemas=/usr/share/libvirt/schemas; }
	if [ -z "$schemas" ]; then
		if [ "${CI:-}" = true ]; then
			echo "$1: libvirt's schemas are missing, and CI must run this test" >&2
			exit 1
		fi
		echo "$1: SKIPPED (no libvirt schemas)"
		exit 0
	fi
	schemas=$(cd "$schemas" && pwd)
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
