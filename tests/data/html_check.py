#!/usr/bin/env python3
"""Parses an HTML document with html5lib (Debian: python3-html5lib), the WHATWG parsing algorithm
browsers use, and prints one JSON object: the parse errors html5lib reports, and how many of each
element the browser would build. A report whose certificate strings were not escaped shows up as
an element the report never wrote (an <img>, a second <script>) or as a parse error.

Exit status: 0 parsed (errors, if any, are listed), 2 html5lib is not installed.
"""
import json
import sys

try:
    import html5lib
except ImportError:
    print("html5lib is not installed (apt-get install python3-html5lib)", file=sys.stderr)
    sys.exit(2)

with open(sys.argv[1], "rb") as f:
    data = f.read()
parser = html5lib.HTMLParser(namespaceHTMLElements=False)
tree = parser.parse(data)
counts = {}
for element in tree.iter():
    if isinstance(element.tag, str):
        counts[element.tag] = counts.get(element.tag, 0) + 1
errors = []
for position, code, params in parser.errors:
    errors.append("line %d col %d: %s %s" % (position[0], position[1], code, params or ""))
print(json.dumps({"errors": errors, "elements": counts}))
