# SPDX-License-Identifier: LGPL-2.1-or-later
"""sljson.py - the file records of snaplint's --format=json reports written one after
another into one file (one report per run or chunk of files), for the test scripts."""
import json


def files(path):
    """Every file record of every report in `path`, in order."""
    text, dec, pos = open(path).read(), json.JSONDecoder(), 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        doc, pos = dec.raw_decode(text, pos)
        yield from doc["files"]
