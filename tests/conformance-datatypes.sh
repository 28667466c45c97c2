#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# conformance-datatypes.sh - every value of tests/datatype-values.tsv must get from
# `xmllint --relaxng` the verdict the table records (the unit suite holds snaplint's
# scanners to the same table, so both agree with libxml2).  Wrapper schemas include the
# real libvirt schema files and put the value in an element's text.
# Schemas: libvirt 12.8.0's, from $SL_SCHEMA_DIR, else ../shared/schemas/libvirt-12.8.0
# (tests/lib.sh: find_schemas).  Outside CI, missing schemas or a missing xmllint skip the
# test with one SKIP line; in CI they fail it.
set -u
table=${1:-tests/datatype-values.tsv}
. tests/lib.sh
require "datatype conformance" xmllint libxml2-utils
find_schemas "datatype conformance"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The RELAX NG content standing for each datatype of src/datatype.h.
content() {
	case $1 in
	ABS_FILE_PATH) echo '<ref name="absFilePath"/>' ;;
	DISK_TARGET) echo '<ref name="diskTargetDev"/>' ;;
	DISK_NAME) echo '<choice><ref name="diskTargetDev"/><ref name="absFilePath"/></choice>' ;;
	UUID) echo '<ref name="UUID"/>' ;;
	UNSIGNED_LONG) echo '<ref name="unsignedLong"/>' ;;
	UNSIGNED_INT) echo '<ref name="unsignedInt"/>' ;;
	POSITIVE_INTEGER) echo '<ref name="positiveInteger"/>' ;;
	UINT8) echo '<ref name="uint8"/>' ;;
	UINT32) echo '<ref name="uint32"/>' ;;
	PCI_SLOT) echo '<ref name="pciSlot"/>' ;;
	PCI_FUNC) echo '<ref name="pciFunc"/>' ;;
	CHECKPOINT_NAME) # defined in domaincheckpoint.rng, which has its own start
		sed -n '/define name="checkpointName"/,/<\/define>/p' "$schemas/domaincheckpoint.rng" |
			sed -e '1d' -e '$d' -e '/<!--/d' ;;
	GENERIC_NAME) echo '<ref name="genericName"/>' ;;
	OBJECT_NAME) echo '<ref name="objectName"/>' ;;
	VOL_NAME) echo '<ref name="volName"/>' ;;
	DNS_NAME) echo '<ref name="dnsName"/>' ;;
	IP_ADDR) echo '<ref name="ipAddr"/>' ;;
	HOST_NAME) echo '<choice><ref name="dnsName"/><ref name="ipAddr"/></choice>' ;;
	DEVICE_NAME) echo '<ref name="deviceName"/>' ;;
	VMWARE_PATH) echo '<ref name="vmwarePath"/>' ;;
	FILE_PATH) echo '<choice><ref name="absFilePath"/><ref name="vmwarePath"/></choice>' ;;
	BLOCK_DEV) echo '<choice><ref name="absFilePath"/><ref name="deviceName"/></choice>' ;;
	UNIT) echo '<ref name="unit"/>' ;;
	# the two cookie patterns are inline in domaincommon.rng's
	# diskSourceNetworkProtocolHTTPCookies; they are extracted from there
	COOKIE_NAME) cookie_pattern 1 ;;
	COOKIE_VALUE) cookie_pattern 2 ;;
	*) return 1 ;;
	esac
}

cookie_pattern() {
	local p
	p=$(sed -n '/define name="diskSourceNetworkProtocolHTTPCookies"/,/<\/define>/p' "$schemas/domaincommon.rng" |
		grep -o '<param name="pattern">[^<]*</param>' | sed -n "${1}p")
	echo "<data type=\"string\">$p</data>"
}

# XML-escapes a tsv value (C-style escapes) into element text with character references.
xml_text() {
	printf '%b' "$1" | od -An -v -tu1 | tr -s ' \n' '\n\n' | grep -v '^$' |
		awk '{ c = $1 + 0
			if (c == 38) printf "&amp;"; else if (c == 60) printf "&lt;"; else if (c == 62) printf "&gt;"
			else if (c < 32) printf "&#%d;", c; else printf "%c", c }'
}

pass=0 fail=0
types=$(cut -f1 "$table" | grep -v '^#' | sort -u)
for t in $types; do
	body=$(content "$t") || { echo "unknown type $t in $table"; fail=$((fail + 1)); continue; }
	cat > "$tmp/$t.rng" <<RNG
<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="v">$body</element></start>
  <include href="$schemas/domaincommon.rng"/>
</grammar>
RNG
	line=0
	files=()
	while IFS= read -r rec; do
		line=$((line + 1))
		# split by hand: read would merge the tabs around an empty value
		rec=${rec%%$'\t'diverges:*} # a documented divergence of snaplint, not of the table
		type=${rec%%$'\t'*}
		want=${rec##*$'\t'}
		value=${rec#*$'\t'}
		value=${value%$'\t'*}
		[ "$type" = "$t" ] || continue
		f=$tmp/$t.$line.xml
		printf '<v>%s</v>' "$(xml_text "$value")" > "$f"
		printf '%s\n%s\n' "$want" "$value" > "$f.want"
		files+=("$f")
	done < "$table"
	# one xmllint run per type: "FILE validates" / "FILE fails to validate"
	xmllint --noout --nonet --relaxng "$tmp/$t.rng" "${files[@]}" 2>&1 |
		sed -n 's/^\(.*\.xml\) \(validates\|fails to validate\)$/\1 \2/p' > "$tmp/$t.out"
	for f in "${files[@]}"; do
		{ IFS= read -r want; IFS= read -r value; } < "$f.want"
		if grep -qx "$f validates" "$tmp/$t.out"; then got=valid
		elif grep -qx "$f fails to validate" "$tmp/$t.out"; then got=invalid
		else got=unknown; fi
		if [ "$got" = "$want" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			line=${f##*/$t.}; line=${line%.xml}
			echo "MISMATCH: $table:$line: $t [$value]: the table says $want, xmllint says $got"
		fi
	done
done
echo "datatype conformance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
