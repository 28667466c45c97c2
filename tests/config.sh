#!/bin/sh
# config.sh - configuration files and rule selection: discovery (nearest .snaplintrc
# upward, stopping at the directory holding .git; the user's file), precedence
# (built-in < user < project < command line, in order), --config, --no-config,
# --print-config, --stdin-filename in the lookup, errors (exit 2), --enable, --disable,
# --severity, --fail-level, --exit-zero, --no-inline-config.
# Usage: tests/config.sh path/to/snaplint
set -u
. tests/lib.sh
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/xdg" HOME="$tmp/home"
unset NO_COLOR

cd "$tmp" || exit 1
# repo/.git marks the top; outside/.snaplintrc above it must never apply.
mkdir -p outside/repo/.git outside/repo/vm/deep "$HOME"
cat > outside/.snaplintrc <<'X'
disable = all
X
# The document: SL301 (error), SL501 (warning).
doc='<domainsnapshot><name>s1</name><state>shutoff</state><disks><disk name="vda" snapshot="no"/><disk name="vda" snapshot="no"/></disks></domainsnapshot>'
printf '%s\n' "$doc" > outside/repo/vm/deep/s.xml
cd outside/repo || exit 1
e301="vm/deep/s.xml:1:93: error: disk 'vda' is listed twice in <disks> [SL301 libvirt-duplicate-disk]"
w501="vm/deep/s.xml:1:32: warning: <state> is read-only: libvirt ignores it when creating a snapshot [SL501 lint-ignored-field]"
g() { "$bin" -q --format=gcc "$@"; }

check "no config: built-in defaults (the .snaplintrc above .git is not used)" 1 "$w501
$e301" -- g vm/deep/s.xml
mkdir -p "$XDG_CONFIG_HOME/snaplint"
printf 'disable = SL501\n' > "$XDG_CONFIG_HOME/snaplint/snaplintrc"
check "the user's configuration" 1 "$e301" -- g vm/deep/s.xml
printf '# project settings\nenable = lint   # back on\nseverity = SL301=warning, libvirt-duplicate-disk = note\n' > .snaplintrc
check "a project file: found upward, overrides the user's" 0 "$w501
${e301%%: error:*}: note: disk 'vda' is listed twice in <disks> [SL301 libvirt-duplicate-disk]" -- g vm/deep/s.xml
check "a nearer file wins, the farther one is not merged (the user's still applies)" 1 "$e301" -- sh -c "printf 'mode = create\n' > vm/.snaplintrc; '$bin' -q --format=gcc vm/deep/s.xml; st=\$?; rm vm/.snaplintrc; exit \$st"
check "the command line comes last, in order" 0 "$w501" -- g --disable libvirt --enable SL301 --disable SL301 vm/deep/s.xml
check "--severity on the command line" 0 "$w501
${e301%%: error:*}: warning: disk 'vda' is listed twice in <disks> [SL301 libvirt-duplicate-disk]" -- g --severity SL301=warning vm/deep/s.xml
check "--fail-level=warning makes a warning fail" 1 "$w501" -- g --disable SL301 --fail-level=warning vm/deep/s.xml
check "--exit-zero: findings never fail" 0 "$w501" -- g --disable SL301 --fail-level=note --exit-zero vm/deep/s.xml
check "--exit-zero does not hide an unreadable input" 3 "" -- sh -c "'$bin' -q --format=gcc --exit-zero nothere.xml >/dev/null"
check "--no-config: neither the user's nor the project's" 1 "$w501
$e301" -- g --no-config vm/deep/s.xml
printf 'disable = SL301, SL501\n' > "$tmp/explicit.rc"
check "--config FILE: only that file" 0 "" -- g --config "$tmp/explicit.rc" vm/deep/s.xml
check "--stdin-filename: the lookup starts in its directory" 0 "" \
	-- sh -c "printf 'disable = all\n' > vm/deep/.snaplintrc; '$bin' -q --format=gcc --stdin-filename=vm/deep/x.xml - < vm/deep/s.xml; st=\$?; rm vm/deep/.snaplintrc; exit \$st"
check "--print-config FILE" 0 "# effective configuration from $tmp/outside/repo/.snaplintrc
mode = auto
max-depth = 256
max-token = 10000000
inline-config = true
fail-level = error
exit-zero = false
color = auto
group = false
skip-other = false
severity = SL301=note" -- "$bin" --print-config vm/deep/s.xml
check "--print-config with the command line's settings" 0 "disable = SL201
severity = SL301=note" -- sh -c "'$bin' --print-config vm/deep/s.xml --disable SL201 --mode=stored | grep -e '^disable' -e '^severity'"

# Errors: exit 2, the file and line named.
printf 'mode = create\nmax-depht = 3\n' > "$tmp/bad.rc"
check "an unknown key" 2 "" -- g --config "$tmp/bad.rc" vm/deep/s.xml
check "... is named with file and line" 0 "snaplint: $tmp/bad.rc:2: unknown key 'max-depht'" -- cat "$tmp/last"
printf 'disable = SL999\n' > "$tmp/bad.rc"
check "an unknown rule in a file" 2 "" -- g --config "$tmp/bad.rc" vm/deep/s.xml
check "... is named" 0 "snaplint: $tmp/bad.rc:1: unknown rule (an id, a name, a category or all)" -- cat "$tmp/last"
printf 'just words\n' > "$tmp/bad.rc"
check "a line that is not key = value" 2 "" -- g --config "$tmp/bad.rc" vm/deep/s.xml
check "an unknown rule on the command line" 2 "" -- g --enable SL999 vm/deep/s.xml
check "... is named" 0 "snaplint: --enable SL999: unknown rule (an id, a name, a category or all)" -- cat "$tmp/last"
check "a bad --severity level" 2 "" -- g --severity SL301=fatal vm/deep/s.xml
check "a missing --config file" 2 "" -- g --config "$tmp/none.rc" vm/deep/s.xml
check "a broken .snaplintrc found for a file" 2 "" \
	-- sh -c "mkdir -p b; printf 'fail-level = loud\n' > b/.snaplintrc; cp vm/deep/s.xml b/; '$bin' -q b/s.xml"

# Inline suppressions and --no-inline-config.
printf '<domainsnapshot><name>s1</name><!-- snaplint-disable-next SL501 --><state>shutoff</state></domainsnapshot>\n' > vm/sup.xml
check "an inline suppression" 0 "" -- g vm/sup.xml
check "--no-inline-config ignores it" 0 "vm/sup.xml:1:68: warning: <state> is read-only: libvirt ignores it when creating a snapshot [SL501 lint-ignored-field]" -- g --no-inline-config vm/sup.xml
check "inline-config = false in a file" 0 "vm/sup.xml:1:68: warning: <state> is read-only: libvirt ignores it when creating a snapshot [SL501 lint-ignored-field]" \
	-- sh -c "printf 'inline-config = false\n' > '$tmp/i.rc'; '$bin' -q --format=gcc --config '$tmp/i.rc' vm/sup.xml"
check "SL505 can be disabled" 0 "" -- sh -c "printf '<domainsnapshot><name>s1</name><!-- snaplint-disable SL301 --></domainsnapshot>\n' | '$bin' -q --format=gcc --disable SL505 -"
check "... and is a warning by default" 0 "-:1:32: warning: snaplint-disable SL301 suppressed nothing [SL505 lint-unused-suppression]" \
	-- sh -c "printf '<domainsnapshot><name>s1</name><!-- snaplint-disable SL301 --></domainsnapshot>\n' | '$bin' -q --format=gcc -"

echo "config: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
