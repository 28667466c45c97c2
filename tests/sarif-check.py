#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""sarif-check.py - checks a SARIF log: valid against the SARIF 2.1.0 JSON schema, and
the rules GitHub code scanning applies on upload.  Usage: sarif-check.py SCHEMA LOG
[EXPECTED-RESULTS [EXPECTED-NOTIFICATIONS]]; prints what is wrong, exits 1 if anything."""
import json
import sys

import jsonschema

schema_path, log_path = sys.argv[1], sys.argv[2]
want_results = int(sys.argv[3]) if len(sys.argv) > 3 else None
want_notes = int(sys.argv[4]) if len(sys.argv) > 4 else None
problems = []

with open(schema_path) as f:
    schema = json.load(f)
with open(log_path) as f:
    log = json.load(f)
validator = jsonschema.validators.validator_for(schema)(schema)  # draft-04 for SARIF 2.1.0
for error in sorted(validator.iter_errors(log), key=str)[:10]:
    problems.append("schema: %s at %s" % (error.message, list(error.absolute_path)))

runs = log.get("runs", [])
if len(runs) != 1:
    problems.append("expected one run, got %d" % len(runs))
run = runs[0] if runs else {}
driver = run.get("tool", {}).get("driver", {})
rules = driver.get("rules", [])
ids = [r.get("id") for r in rules]
if len(set(ids)) != len(ids):
    problems.append("duplicate rule ids")
for r in rules:
    for key in ("id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"):
        if key not in r:
            problems.append("rule %s lacks %s" % (r.get("id"), key))
    if not r.get("shortDescription", {}).get("text"):
        problems.append("rule %s has an empty short description" % r.get("id"))
if run.get("columnKind") not in ("unicodeCodePoints", "utf16CodeUnits"):
    problems.append("columnKind is not declared")
results = run.get("results")
if results is None:
    problems.append("no results array")
    results = []
for i, res in enumerate(results):
    where = "result %d" % i
    idx = res.get("ruleIndex")
    if idx is None or not (0 <= idx < len(rules)) or rules[idx]["id"] != res.get("ruleId"):
        problems.append("%s: ruleIndex %r does not point at %r" % (where, idx, res.get("ruleId")))
    if res.get("level") not in ("error", "warning", "note"):
        problems.append("%s: level %r" % (where, res.get("level")))
    if not res.get("message", {}).get("text"):
        problems.append("%s: no message text" % where)
    locs = res.get("locations") or []
    if not locs:
        problems.append("%s: no location" % where)
    for loc in locs:
        phys = loc.get("physicalLocation", {})
        uri = phys.get("artifactLocation", {}).get("uri", "")
        if not uri or uri.startswith("/") or " " in uri:
            problems.append("%s: uri %r is not a relative URI reference" % (where, uri))
        if phys.get("region", {}).get("startLine", 0) < 1:
            problems.append("%s: startLine < 1" % where)
inv = run.get("invocations") or [{}]
notes = inv[0].get("toolExecutionNotifications", [])
if "executionSuccessful" not in inv[0]:
    problems.append("invocation lacks executionSuccessful")
if want_results is not None and len(results) != want_results:
    problems.append("%d results, expected %d" % (len(results), want_results))
if want_notes is not None and len(notes) != want_notes:
    problems.append("%d notifications, expected %d" % (len(notes), want_notes))
for p in problems:
    print("sarif: " + p)
sys.exit(1 if problems else 0)
