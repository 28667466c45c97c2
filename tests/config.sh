#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# config.sh - configuration files and rule selection: discovery (nearest .snaplintrc
# upward, stopping at the directory holding .git; the user's file), precedence
# (built-in < user < project < command line, in order), --config, --no-config,
# --print-config, --stdin-filename in the lookup, errors (exit 2), --enable, --disable,
# --severity, --fail-level, --exit-zero, --no-inline-config.
# Usage: tests/config.sh path/to/snaplint
set -u
. tests/lib.sh
top=$(pwd)
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
enable = all
disable =
severity = SL301=note
exclude =
target-libvirt = 12.8.0" -- "$bin" --print-config vm/deep/s.xml
check "--print-config with the command line's settings" 0 "disable = SL201
severity = SL301=note" -- sh -c "'$bin' --print-config vm/deep/s.xml --disable SL201 --mode=stored | grep -e '^disable' -e '^severity'"

# Errors: exit 2, the file and line named.
printf 'mode = create\nmax-depht = 3\n' > "$tmp/bad.rc"
check "an unknown key" 2 "" -- g --config "$tmp/bad.rc" vm/deep/s.xml
check "... is named with file and line" 0 "snaplint: $tmp/bad.rc:2: unknown key 'max-depht'" -- cat "$tmp/last"
printf 'disable = SL999\n' > "$tmp/bad.rc"
check "an unknown rule in a file" 2 "" -- g --config "$tmp/bad.rc" vm/deep/s.xml
check "... is named" 0 "snaplint: $tmp/bad.rc:1: unknown rule 'SL999' (an id, a name, a category or all)" -- cat "$tmp/last"
printf 'disable = SL501, SL212\nseverity = schema-domain-unknown-element=error\n' > "$tmp/retired.rc"
check "a retired rule (SL212) in a file: accepted, the others applied, one note" 1 \
	"snaplint: note: SL212 (schema-domain-unknown-element) is retired and the setting naming it is ignored: the embedded domain is checked exactly by its RELAX NG grammar: an unknown element there is an SL201 error
$e301" -- sh -c "'$bin' -q --format=gcc --config '$tmp/retired.rc' vm/deep/s.xml 2>&1"
printf 'just words\n' > "$tmp/bad.rc"
check "a line that is not key = value" 2 "" -- g --config "$tmp/bad.rc" vm/deep/s.xml
check "an unknown rule on the command line" 2 "" -- g --enable SL999 vm/deep/s.xml
check "... is named" 0 "snaplint: --enable SL999: unknown rule 'SL999' (an id, a name, a category or all)" -- cat "$tmp/last"
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

# Nothing silences an input that does not parse (SL101), hits a limit (SL106) or cannot
# be read (SL107): those settings are ignored for them, with one note on stderr.
printf '\001\002 not xml\n' > vm/rnd.xml
rnd="vm/rnd.xml:1:1: error: not well-formed (invalid token) [SL101 xml-not-well-formed]"
keep="SL101, SL106 and SL107 cannot be disabled or lowered (an input that cannot be read or parsed always fails the run)"
check "--disable=xml does not hide a document that does not parse" 1 "$rnd" -- g --disable=xml vm/rnd.xml
check "... and says so once" 0 "snaplint: note: --disable xml: $keep" -- cat "$tmp/last"
check "--disable=all, --enable=schema: still reported" 1 "$rnd" -- g --disable=all --enable=schema vm/rnd.xml
check "--disable=SL101" 1 "$rnd" -- g --disable=xml-not-well-formed vm/rnd.xml
check "--severity=SL101=note" 1 "$rnd" -- g --severity=SL101=note vm/rnd.xml
check "... noted" 0 "snaplint: note: --severity SL101=note: $keep" -- cat "$tmp/last"
check "--severity=xml=warning lowers the other xml rules only" 1 "$rnd" -- g --severity=xml=warning vm/rnd.xml
check "--exit-zero does not apply" 1 "$rnd" -- g --exit-zero vm/rnd.xml
check "... noted" 0 "snaplint: note: --exit-zero does not apply: an input is not well-formed" -- cat "$tmp/last"
printf 'disable = SL101\n' > "$tmp/silence.rc"
check "disable = SL101 in a file" 1 "$rnd" -- g --config "$tmp/silence.rc" vm/rnd.xml
check "... noted with the file and line" 0 "snaplint: note: $tmp/silence.rc:1: $keep" -- cat "$tmp/last"
check "--severity=SL106=note: a limit still fails (exit 3) as an error" 3 "vm/deep/s.xml:1:17: error: elements are nested deeper than 1 levels [SL106 xml-limit]" \
	-- g --max-depth=1 --severity=SL106=note vm/deep/s.xml
check "--severity=SL107=note: an unreadable input is still an error (exit 3)" 3 "nothere.xml: error: cannot read input: No such file or directory [SL107 xml-unreadable]" \
	-- g --severity=SL107=note nothere.xml
check "--print-config does not list the protected rules as disabled" 0 "disable = SL102" \
	-- sh -c "'$bin' --print-config vm/rnd.xml --disable=SL101,SL102 | grep '^disable'"

# Every finding goes through the rule settings, SL108 (special files) too.
mkdir -p sp && mkfifo sp/f.xml
check "SL108 is a note by default" 0 "sp/f.xml: note: not a regular file (a FIFO); skipped [SL108 xml-special-file]" -- g sp
check "--disable=SL108" 0 "" -- g --disable=SL108 --fail-level=note sp
check "--severity=SL108=error" 1 "sp/f.xml: error: not a regular file (a FIFO); skipped [SL108 xml-special-file]" -- g --severity=SL108=error sp
check "--severity=SL108=error in json" 0 '    {"path": "sp/f.xml", "kind": "unknown", "findings": [' \
	-- sh -c "'$bin' -q -f json --severity=xml-special-file=error sp | grep '\"path\"'"
check "... with the error counted" 0 '  "summary": {"files": 1, "skipped": 0, "errors": 1, "warnings": 0, "notes": 0}' \
	-- sh -c "'$bin' -q -f json --severity=xml-special-file=error sp | grep summary"
check "--disable=SL108 in github annotations" 0 "" -- "$bin" -q -f github --disable=SL108 sp
check "--severity=SL108=warning in the summary line" 0 "0 errors, 1 warning, 0 notes in 1 file" \
	-- sh -c "'$bin' -f github --severity=SL108=warning sp 2>&1 >/dev/null"
rm sp/f.xml

# exclude: patterns in a file are relative to its directory (like .gitignore), on the
# command line to the working directory; the same files whatever the operands say.
mkdir -p ex/.git ex/snapshots/old
printf 'exclude = old/*\nexclude = *.bak.xml\nexclude = nowhere/*\n' > ex/snapshots/.snaplintrc
printf '<domainsnapshot><nmae>s1</nmae></domainsnapshot>\n' > ex/snapshots/old/b.xml
cp ex/snapshots/old/b.xml ex/snapshots/s2.bak.xml
printf '<domainsnapshot><name>s1</name></domainsnapshot>\n' > ex/snapshots/s1.xml
unused="snaplint: note: $tmp/outside/repo/ex/snapshots/.snaplintrc:3: exclude pattern 'nowhere/*' matched nothing"
check "exclude = old/*: snaplint ." 0 "" -- sh -c "cd ex/snapshots && '$bin' -q ."
check "... says which pattern matched nothing" 0 "$unused" -- cat "$tmp/last"
check "... snaplint old" 0 "" -- sh -c "cd ex/snapshots && '$bin' -q old"
check "... snaplint * (named files too)" 0 "" -- sh -c "cd ex/snapshots && '$bin' -q *"
check "... snaplint snapshots" 0 "" -- sh -c "cd ex && '$bin' -q snapshots"
check "... snaplint ex/snapshots/ from above" 0 "" -- g ex/snapshots/
check "... an absolute path" 0 "" -- g "$PWD/ex/snapshots"
check "... through ./ and .." 0 "" -- g ./ex/snapshots/../snapshots
check "a pattern with / is anchored to its file's directory" 1 \
	"ex/snapshots/x/old/b.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]" \
	-- sh -c "mkdir -p ex/snapshots/x/old; cp ex/snapshots/old/b.xml ex/snapshots/x/old/; '$bin' -q --format=gcc --config ex/snapshots/.snaplintrc ex/snapshots/x ex/snapshots/old; st=\$?; rm -r ex/snapshots/x; exit \$st"
check "--exclude is relative to the working directory" 0 "" -- g --no-config --exclude='ex/snapshots/old/*' --exclude='*.bak.xml' ex/snapshots
check "--exclude=./PATH and an absolute --exclude" 0 "" \
	-- g --no-config --exclude='./ex/snapshots/old/*' --exclude="$PWD/ex/snapshots/*.bak.xml" ex/snapshots
check "... so from elsewhere it matches nothing" 1 \
	"./old/b.xml:1:17: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]" \
	-- sh -c "cd ex/snapshots && '$bin' -q --format=gcc --no-config --exclude='*.bak.xml' --exclude='ex/snapshots/old/*' ."
check "... and says so" 0 "snaplint: note: --exclude: exclude pattern 'ex/snapshots/old/*' matched nothing" -- cat "$tmp/last"
check "--print-config shows each pattern's directory" 0 "exclude = old/*   # $tmp/outside/repo/ex/snapshots/.snaplintrc:1, relative to $tmp/outside/repo/ex/snapshots" \
	-- sh -c "'$bin' --print-config ex/snapshots/s1.xml | grep '^exclude = old'"

# Did you mean, for misspelt rules in options and files.
printf 'disable = SL301, libvirt-duplicate-disks\n' > "$tmp/typo.rc"
check "a misspelt rule name in a file" 2 "" -- g --config "$tmp/typo.rc" vm/deep/s.xml
check "... did you mean" 0 "snaplint: $tmp/typo.rc:1: unknown rule 'libvirt-duplicate-disks' (an id, a name, a category or all); did you mean 'libvirt-duplicate-disk'?" -- cat "$tmp/last"
check "--enable with a letter O for a zero" 2 "" -- g --enable SL3O1 vm/deep/s.xml
check "... did you mean" 0 "snaplint: --enable SL3O1: unknown rule 'SL3O1' (an id, a name, a category or all); did you mean 'SL301'?" -- cat "$tmp/last"
check "--disable with a misspelt category" 2 "" -- g --disable=shema vm/deep/s.xml
check "... did you mean" 0 "snaplint: --disable shema: unknown rule 'shema' (an id, a name, a category or all); did you mean 'schema'?" -- cat "$tmp/last"
check "--severity with a misspelt name" 2 "" -- g --severity=lint-empty-nam=note vm/deep/s.xml
check "... did you mean" 0 "snaplint: --severity lint-empty-nam=note: unknown rule 'lint-empty-nam' (an id, a name, a category or all); did you mean 'lint-empty-name'?" -- cat "$tmp/last"
check "--explain with a misspelt name" 2 "" -- "$bin" --explain=schema-unknown-elemnt
check "... did you mean (rules only)" 0 "snaplint: unknown rule: schema-unknown-elemnt; did you mean 'schema-unknown-element'?
Try 'snaplint --help'." -- cat "$tmp/last"
check "no guess for a number that is no rule" 2 "snaplint: unknown rule: SL999
Try 'snaplint --help'." -- sh -c "'$bin' --explain=SL999 2>&1"

# --config and --no-config: the last one given wins.
check "--no-config --config FILE: the file" 0 "" -- g --no-config --config "$tmp/explicit.rc" vm/deep/s.xml
check "--config FILE --no-config: no file" 1 "$w501
$e301" -- g --config "$tmp/explicit.rc" --no-config vm/deep/s.xml

# --list-rules and --explain together: a usage error, whatever the order.
check "--list-rules --explain" 2 "" -- "$bin" --list-rules --explain SL101
check "... says so" 0 "snaplint: --list-rules and --explain cannot be combined
Try 'snaplint --help'." -- cat "$tmp/last"
check "--explain --list-rules" 2 "" -- "$bin" --explain SL101 --list-rules

# --print-config prints the same keys with and without a configuration file.
keys() { "$bin" "$@" | sed -n 's/^\([a-z-]*\) =.*/\1/p' | sort -u | tr '\n' ' '; }
check "--print-config: every key, with a file" 0 "color disable enable exclude exit-zero fail-level group inline-config max-depth max-token mode severity skip-other target-libvirt " -- keys --print-config vm/deep/s.xml
check "... and the same keys without one" 0 "color disable enable exclude exit-zero fail-level group inline-config max-depth max-token mode severity skip-other target-libvirt " -- keys --no-config --print-config vm/deep/s.xml
"$bin" --print-config vm/deep/s.xml --disable=SL501 --exclude='*.bak.xml' > "$tmp/printed.rc"
check "... which read back as a configuration file" 0 "$(g --disable=SL501 vm/deep/s.xml)" -- g --config "$tmp/printed.rc" vm/deep/s.xml

# settings.def defines every option and key once: --help lists exactly its options,
# --print-config exactly its keys, and every key read back gives the same settings.
defs() { sed -n "s/^SETTING([A-Z_]*, [^,]*, \"\([a-z-]*\)\", \"[^\"]*\", $1,.*/\1/p" "$top/src/settings.def" | sort | tr '\n' ' '; }
check "--help: the options of settings.def" 0 "$(defs '[^,]*')" \
	-- sh -c "'$bin' --help | sed -n 's/^  \(-., \|    \)--\([a-z-]*\).*/\2/p' | sort | tr '\n' ' '"
check "--print-config: the keys of settings.def" 0 "$(sed -n 's/^SETTING([^"]*"[^"]*", "[^"]*", "\([a-z-]*\)",.*/\1/p' "$top/src/settings.def" | sort | tr '\n' ' ')" \
	-- keys --no-config --print-config vm/deep/s.xml
"$bin" --no-config --print-config x.xml --mode=stored --max-depth=5 --max-token=2048 --no-inline-config \
	--fail-level=note --exit-zero --color=never --group --skip-other --disable=SL301,lint \
	--severity=SL201=warning --enable=SL502 --target-libvirt=10.5 | grep -v -e '^#' -e '^exclude' > "$tmp/every.rc"
check "... every key set, read back, prints the same" 0 "$(cat "$tmp/every.rc")" \
	-- sh -c "'$bin' --config '$tmp/every.rc' --print-config x.xml | grep -v -e '^#' -e '^exclude'"
check "... the built-in defaults" 0 "mode = auto
max-depth = 256
max-token = 10000000
inline-config = true
fail-level = error
exit-zero = false
color = auto
group = false
skip-other = false
enable = all
disable =
severity =
exclude =
target-libvirt = 12.8.0" -- sh -c "'$bin' --no-config --print-config x.xml | grep -v '^#'"

# --explain of a rule whose template is a bare %1 shows the real messages.
for id in $(sed -n 's/^RULE(\(SL[0-9]*\), [A-Z_0-9]*, [a-z-]*, [A-Z]*, [A-Z]*, "%1",.*/\1/p' "$top/rules/catalogue.def"); do
	check "--explain $id: no bare %1" 1 "" -- sh -c "'$bin' --explain $id | sed -n 4p | grep -e '%1' -e '^message: \$'"
done
check "--explain SL304: its message" 0 "message: \`a redefined snapshot document needs <state>\` (or \`stored snapshot\`)." \
	-- sh -c "'$bin' --explain SL304 | sed -n 4p"

# target-libvirt: a release from 9.0 to 12.8.x, mapped to the newest known schema set not
# newer than it; the key and the option; outside the range or malformed: exit 2.
printf 'target-libvirt = 10.5\n' > "$tmp/target.rc"
check "target-libvirt in a file: the release and the schemas it selects" 0 "target-libvirt = 10.5   # schemas of 10.4.0" \
	-- sh -c "'$bin' --config '$tmp/target.rc' --print-config x.xml | grep '^target-libvirt'"
check "... a known release prints without a comment; the command line wins" 0 "target-libvirt = 9.0.0" \
	-- sh -c "'$bin' --config '$tmp/target.rc' --target-libvirt=9.0.0 --print-config x.xml | grep '^target-libvirt'"
check "... 12.8.x keeps 12.8.0's schemas" 0 "target-libvirt = 12.8.3   # schemas of 12.8.0" \
	-- sh -c "'$bin' --no-config --target-libvirt=12.8.3 --print-config x.xml | grep '^target-libvirt'"
check "... --version says which schemas it follows" 0 "libvirt schemas: 10.4.0 (target libvirt 10.5; known: 9.0.0 9.8.0 10.4.0 10.7.0 11.3.0 12.8.0)" \
	-- sh -c "'$bin' --config '$tmp/target.rc' --version | sed -n 2p"
printf 'target-libvirt = 3.1\n' > "$tmp/badtarget.rc"
check "... a broken setting does not stop --version: a warning, the default target, exit 0" 0 \
	"snaplint: warning: $tmp/badtarget.rc:1: target-libvirt must be a libvirt release from 9.0.0 to 12.8.x (the schemas snaplint knows: 9.0.0, 9.8.0, 10.4.0, 10.7.0, 11.3.0, 12.8.0); the version shows the default target
libvirt schemas: 12.8.0 (target libvirt 12.8.0; known: 9.0.0 9.8.0 10.4.0 10.7.0 11.3.0 12.8.0)" \
	-- sh -c "'$bin' --config '$tmp/badtarget.rc' --version 2>&1 >/dev/null; s=\$?; '$bin' --config '$tmp/badtarget.rc' --version 2>/dev/null | sed -n 2p; exit \$s"
range="target-libvirt must be a libvirt release from 9.0.0 to 12.8.x (the schemas snaplint knows: 9.0.0, 9.8.0, 10.4.0, 10.7.0, 11.3.0, 12.8.0)"
for v in 8.10.0 12.9 13.0; do
	check "--target-libvirt=$v: outside the supported range, exit 2" 2 "" -- "$bin" --no-config --target-libvirt=$v x.xml
	check "... the message names the range" 0 "snaplint: --target-libvirt $v: $range" -- cat "$tmp/last"
done
for v in 10 10.4.0.1 10.x -9.0 "" 10.4. 99999.0; do
	check "--target-libvirt='$v': not a release number, exit 2" 2 "" -- "$bin" --no-config "--target-libvirt=$v" x.xml
	check "... says what it takes" 0 "snaplint: --target-libvirt $v: target-libvirt takes a libvirt release number such as 10.4 or 11.3.1" -- cat "$tmp/last"
done
printf 'target-libvirt = 8.0\n' > "$tmp/old.rc"
check "target-libvirt = 8.0 in a file: FILE:LINE and exit 2" 2 "" -- "$bin" --config "$tmp/old.rc" x.xml
check "... the message" 0 "snaplint: $tmp/old.rc:1: $range" -- cat "$tmp/last"

echo "config: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
