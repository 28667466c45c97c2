#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# outputs.sh - the report formats end to end: text excerpts (tabs, long lines, stdin),
# colour decisions (a real terminal via script(1), NO_COLOR, TERM=dumb, --color), SARIF
# (valid against the SARIF 2.1.0 schema plus GitHub's upload rules), GitHub annotations
# and their escaping, -o written atomically, several reports from one run.
# Usage: tests/outputs.sh path/to/snaplint
set -u
. tests/lib.sh
require outputs python3 python3
require outputs script bsdutils
root=$(pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
sarif_schema=$root/../shared/schemas/sarif-schema-2.1.0.json
[ -f "$sarif_schema" ] || sarif_schema=$root/tests/sarif-schema-2.1.0.json
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/  | /'; }
# same NAME GOT WANT
same() { if [ "$2" = "$3" ]; then ok; else ko "$1" "got:
$2
want:
$3"; fi; }

cd "$tmp" || exit 1
printf '<domainsnapshot>\n\t<nmae>s1</nmae>\n</domainsnapshot>\n' > tab.xml
long=$(printf '%0200d' 0 | tr 0 x)
printf '<domainsnapshot><description>%s</description><nmae/></domainsnapshot>\n' "$long" > long.xml
printf '<domainsnapshot><name>a</name><state>50%%,a:b</state></domainsnapshot>\n' > 'odd,na:me%.xml'
printf '<domainsnapshot><name>s1</name></domainsnapshot>\n' > good.xml

# --- text: excerpt and caret ---
same "excerpt keeps tabs under the caret" "$("$bin" -q tab.xml)" \
"tab.xml:2:2: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]
    2 | 	<nmae>s1</nmae>
      | 	^
  hint: did you mean <name>?"
same "a long line is shown as a window around the column" "$("$bin" -q long.xml | sed -n 2,3p)" \
"    1 | ...$(printf '%0036d' 0 | tr 0 x)</description><nmae/></domainsnapshot>
      |    $(printf '%050d' 0 | tr 0 ' ')^"
printf '<domainsnapshot><description>日本語 é ｘ</description><nmae/></domainsnapshot>\n' > wide.xml
same "the caret counts East Asian wide characters as two columns" "$(LC_ALL=C "$bin" -q wide.xml | sed -n 2,3p)" \
"    1 | <domainsnapshot><description>日本語 é ｘ</description><nmae/></domainsnapshot>
      | $(printf '%054d' 0 | tr 0 ' ')^"
same "stdin has no excerpt" "$("$bin" -q - < tab.xml)" \
"-:2:2: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]
  hint: did you mean <name>?"
same "gcc: the first line only" "$("$bin" -q --format=gcc tab.xml)" \
"tab.xml:2:2: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"

# --- colour ---
esc=$(printf '\033')
has_esc() { case $1 in *"$esc"*) return 0;; esac; return 1; }
out=$("$bin" -q tab.xml); if has_esc "$out"; then ko "no colour into a pipe"; else ok; fi
out=$("$bin" -q --color=always tab.xml); if has_esc "$out"; then ok; else ko "--color=always"; fi
tty() { env "$@" script -qec "'$bin' -q tab.xml" /dev/null; }
out=$(tty TERM=xterm); if has_esc "$out"; then ok; else ko "colour on a terminal" "$out"; fi
out=$(tty TERM=xterm NO_COLOR=1); if has_esc "$out"; then ko "NO_COLOR on a terminal"; else ok; fi
out=$(tty TERM=dumb); if has_esc "$out"; then ko "TERM=dumb on a terminal"; else ok; fi
out=$(env TERM=xterm script -qec "'$bin' -q --color=never tab.xml" /dev/null)
if has_esc "$out"; then ko "--color=never on a terminal"; else ok; fi
"$bin" -q --color=sometimes tab.xml >/dev/null 2>&1; same "--color takes auto, always, never" "$?" 2

# --- GitHub annotations ---
same "github: escaping in properties and message" "$("$bin" -q --format=github 'odd,na:me%.xml' tab.xml)" \
"::warning file=odd%2Cna%3Ame%25.xml,line=1,col=31,title=SL501 lint-ignored-field::<state> is read-only: libvirt ignores it when creating a snapshot%0Ahint: remove it, or use --redefine (snaplint --mode=redefine) to restore metadata
::error file=odd%2Cna%3Ame%25.xml,line=1,col=38,title=SL208 schema-invalid-text::element <state> has the invalid content '50%25,a:b'%0Ahint: expected 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed' or 'disk-snapshot'
::error file=tab.xml,line=2,col=2,title=SL201 schema-unknown-element::element <nmae> is not allowed in <domainsnapshot>%0Ahint: did you mean <name>?"
nl=$(printf 'a\nb\r.xml')
cp tab.xml "$nl"
same "github: newline and CR in a file name" "$("$bin" -q --format=github "$nl" | cut -c1-40)" \
	"::error file=a%0Ab%0D.xml,line=2,col=2,t"
same "github: an unreadable input" "$("$bin" -q --format=github missing.xml)" \
"::error file=missing.xml,title=SL107 xml-unreadable::cannot read input: No such file or directory"

# --- SARIF ---
check_sarif() { # NAME FILE RESULTS NOTES
	if msg=$(python3 "$root/tests/sarif-check.py" "$sarif_schema" "$2" "$3" "$4" 2>&1); then ok; else ko "$1" "$msg"; fi
}
"$bin" -q --format=sarif "$root/fixtures/schema" "$root/fixtures/libvirt" > all.sarif
n=$("$bin" -q --format=gcc "$root/fixtures/schema" "$root/fixtures/libvirt" | wc -l | tr -d ' ')
check_sarif "SARIF over the invalid fixtures (absolute paths)" all.sarif "$n" 0
(cd "$root" && "$bin" -q --format=sarif fixtures/schema > "$tmp/rel.sarif")
check_sarif "SARIF over the invalid fixtures (relative paths)" rel.sarif \
	"$(cd "$root" && "$bin" -q --format=gcc fixtures/schema | wc -l | tr -d ' ')" 0
if grep -q '"uri": "fixtures/schema/' rel.sarif && grep -q '"uriBaseId": "%SRCROOT%"' rel.sarif; then ok; else ko "relative inputs get relative URIs"; fi
"$bin" -q --format=sarif tab.xml > tab.sarif
same "SARIF: the result, exactly" "$(python3 -c 'import json,sys; r=json.load(sys.stdin)["runs"][0]; print(json.dumps(r["results"], sort_keys=True)); print(r["columnKind"], len(r["tool"]["driver"]["rules"]))' < tab.sarif)" \
"[{\"level\": \"error\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"tab.xml\", \"uriBaseId\": \"%SRCROOT%\"}, \"region\": {\"startColumn\": 2, \"startLine\": 2}}}], \"message\": {\"text\": \"element <nmae> is not allowed in <domainsnapshot>\\nhint: did you mean <name>?\"}, \"ruleId\": \"SL201\", \"ruleIndex\": 8}]
unicodeCodePoints $("$bin" --list-rules | tail -n +2 | wc -l | tr -d ' ')"
"$bin" -q --format=sarif good.xml > empty.sarif
check_sarif "SARIF with no results is complete" empty.sarif 0 0
"$bin" -q --format=sarif good.xml missing.xml 'odd,na:me%.xml' > notes.sarif
check_sarif "SARIF: an unreadable input is a notification" notes.sarif 2 1
if grep -q '"executionSuccessful": false' notes.sarif && grep -q '"uri": "odd%2Cna%3Ame%25.xml"' notes.sarif; then ok; else ko "SARIF: executionSuccessful and URI encoding"; fi

# --- -o and several reports ---
"$bin" -q --format=json good.xml tab.xml > want.json
"$bin" -q --format=json -o out.json good.xml tab.xml > stdout.txt
same "-o: the report goes to the file, nothing to stdout" "$(cat stdout.txt)" ""
if cmp -s want.json out.json; then ok; else ko "-o: the file holds the report"; fi
same "-o: no temporary file is left" "$(ls -a | grep -c '^\.out\.json\.')" 0
"$bin" -q -f json -o r.json -f sarif -o r.sarif -f gcc tab.xml > r.gcc; st=$?
same "several reports: status" "$st" 1
same "several reports: gcc on stdout" "$(cat r.gcc)" "tab.xml:2:2: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"
if grep -q '"rule": "SL201"' r.json && grep -q '"ruleId": "SL201"' r.sarif; then ok; else ko "several reports: json and sarif files"; fi
"$bin" -q -o plain.txt tab.xml
same "-o without --format writes text" "$(head -n 1 plain.txt)" "tab.xml:2:2: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"
"$bin" -q -f json -f sarif tab.xml > /dev/null 2>err.txt; st=$?
same "two reports for stdout are a usage error" "$st:$(head -n 1 err.txt)" \
	"2:snaplint: only one report can go to stdout; give -o FILE after each other --format"
"$bin" -q -o no/such/dir/r.txt tab.xml 2>err.txt; st=$?
same "-o into a missing directory: exit 3" "$st:$(cat err.txt)" "3:snaplint: -o no/such/dir/r.txt: No such file or directory"
printf 'old\n' > keep.txt; chmod 444 keep.txt
"$bin" -q -o keep.txt tab.xml 2>/dev/null
same "-o replaces the file by rename (read-only file, writable directory)" "$(head -c 7 keep.txt)" "tab.xml"
same "-o to a non-regular file writes in place" \
	"$("$bin" -q -f gcc -o /dev/stdout -f json -o j.json tab.xml | cut -c1-12):$(ls -l /dev/stdout | cut -c1)" "tab.xml:2:2::l"
"$bin" -q -o /dev/full tab.xml 2>err.txt; st=$?
same "-o: a write error is exit 3" "$st:$(cat err.txt)" "3:snaplint: -o /dev/full: No space left on device"

# --- -o never replaces an input (device and inode, symlinks followed) ---
temps() { find . -name '.*.??????' | wc -l | tr -d ' '; }
mkdir -p snaps
cp good.xml snaps/s1.xml; cp tab.xml snaps/s2.xml; cp good.xml in.xml
ln -sf snaps/s2.xml to-s2.txt
# refused NAME WANT-STDERR -- command...: exit 2, that message, no file changed or left
refused() {
	name=$1 want=$2; shift 3
	sums=$(cat in.xml snaps/*.xml | cksum)
	"$@" > /dev/null 2>err.txt; st=$?
	same "$name" "$st:$(cat err.txt):$(cat in.xml snaps/*.xml | cksum):$(temps)" "2:$want:$sums:0"
}
refused "-o FILE FILE is refused" \
	"snaplint: -o in.xml would replace the input in.xml; nothing was written" -- "$bin" -o in.xml in.xml
refused "-o inside a walked directory is refused" \
	"snaplint: -o snaps/s2.xml would replace a document read from snaps/; nothing was written" -- "$bin" -o snaps/s2.xml snaps/
refused "-o through a symlink to a walked document is refused" \
	"snaplint: -o to-s2.txt would replace a document read from snaps; nothing was written" -- "$bin" -f json -o r2.json -o to-s2.txt snaps
refused "-o onto a --group neighbour is refused" \
	"snaplint: -o snaps/s2.xml would replace a document read with --group beside snaps/s1.xml; nothing was written" -- "$bin" --group -o snaps/s2.xml snaps/s1.xml
refused "-o onto standard input's file is refused" \
	"snaplint: -o in.xml would replace standard input; nothing was written" -- sh -c "'$bin' -o in.xml - < in.xml"
printf '<domain type="kvm"><name>vm</name></domain>\n' > vm.xml
refused "-o onto --domain-xml is refused" \
	"snaplint: -o vm.xml would replace the input vm.xml; nothing was written" -- "$bin" --domain-xml=vm.xml -o vm.xml good.xml
same "a refused run writes no other report" "$(ls r2.json 2>&1)" "ls: cannot access 'r2.json': No such file or directory"
"$bin" -q -o snaps/report.txt snaps; st=$?
same "-o beside the walked documents, not one of them" "$st:$(head -n 1 snaps/report.txt)" \
	"1:snaps/s2.xml:2:2: error: element <nmae> is not allowed in <domainsnapshot> [SL201 schema-unknown-element]"

# --- -o: modes and symlinks ---
(umask 027 && "$bin" -q -o mode-new.txt good.xml)
same "-o creates the report 0666 less the umask" "$(ls -l mode-new.txt | cut -c1-10)" "-rw-r-----"
printf 'old\n' > mode-old.txt; chmod 604 mode-old.txt
"$bin" -q -o mode-old.txt good.xml
same "-o keeps the mode of the report it replaces" "$(ls -l mode-old.txt | cut -c1-10):$(wc -c < mode-old.txt)" "-rw----r--:0"
printf 'old\n' > target.txt; ln -sf target.txt link.txt; ln -sf missing-target.txt dangling.txt
"$bin" -q -o link.txt -f json -o dangling.txt tab.xml
same "-o through a symlink writes the target and keeps the link" \
	"$(ls -l link.txt | cut -c1):$(head -c 7 target.txt):$(ls -l dangling.txt | cut -c1):$(head -c 1 missing-target.txt)" "l:tab.xml:l:{"

# --- runs that stop early leave no temporary file ---
mkdir -p cfg/a cfg/b
cp good.xml cfg/a/s.xml; cp good.xml cfg/b/s.xml; printf 'bogus = 1\n' > cfg/b/.snaplintrc
"$bin" -o cfg.txt -f json -o cfg.json cfg > /dev/null 2>err.txt; st=$?
same "a configuration error met during the walk: exit 2, no report, no temporary file" \
	"$st:$(cat err.txt):$(ls cfg.txt cfg.json 2>/dev/null | wc -l | tr -d ' '):$(temps)" \
	"2:snaplint: $(pwd)/cfg/b/.snaplintrc:1: unknown key 'bogus':0:0"
"$bin" -q -o first.txt -o no/such/dir/second.txt good.xml 2>err.txt; st=$?
same "a report that cannot be opened: exit 3, the others removed" \
	"$st:$(cat err.txt):$(ls first.txt 2>/dev/null):$(temps)" \
	"3:snaplint: -o no/such/dir/second.txt: No such file or directory::0"
mkfifo slow.xml
# signalled SIG STATUS: snaplint blocked on a FIFO with a report open, then SIG
signalled() {
	env --default-signal=INT "$bin" -q -o sig.txt slow.xml & pid=$!
	i=0; while [ "$(temps)" = 0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	kill -s "$1" $pid; { wait $pid; } 2>/dev/null; st=$? # the shell would say "Terminated"
	same "$1 leaves no temporary file" "$st:$(temps):$(ls sig.txt 2>/dev/null)" "$2:0:"
}
signalled TERM 143
signalled INT 130
rm -f slow.xml

"$bin" -q --stdin-filename=vm/s1.xml --format=sarif - < tab.xml > stdin.sarif
if grep -q '"uri": "vm/s1.xml"' stdin.sarif; then ok; else ko "--stdin-filename names stdin in SARIF"; fi
same "--stdin-filename names stdin in annotations" "$("$bin" -q --stdin-filename=vm/s1.xml --format=github - < tab.xml | cut -c1-30)" "::error file=vm/s1.xml,line=2,"

# `-o -` is stdout, not a file named '-'
same "-o - writes to stdout" "$("$bin" -q -f gcc -o - tab.xml | cut -c1-13):$(ls ./- 2>/dev/null)" "tab.xml:2:2: :"
"$bin" -q -o - -f json tab.xml > /dev/null 2>err.txt; st=$?
same "-o - and a --format without -o: two reports on stdout are refused" "$st" "2"

# --target-libvirt is recorded: JSON's "target", SARIF's run property bag (still valid SARIF).
"$bin" -q --format=json --target-libvirt=10.5 good.xml > target.json
same "JSON records the target libvirt and the schemas it selects" "$(sed -n 3p target.json)" \
	'  "target": {"libvirt": "10.5", "schemas": "10.4.0"},'
"$bin" -q --format=sarif --target-libvirt=9.0 good.xml > target.sarif
check_sarif "SARIF with a target is valid" target.sarif 0 0
same "SARIF records the target in the run's properties" \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["runs"][0]["properties"], sort_keys=True))' < target.sarif)" \
	'{"libvirtSchemas": "9.0.0", "targetLibvirt": "9.0"}'

echo "outputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
