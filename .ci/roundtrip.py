#!/usr/bin/env python3
"""The labels' round trip on the dev corpus: every page at 0.98 or more, except the pages of
docs/ROUNDTRIP.md's table, each at its figure there (a regression guard, only ever raised).

Usage: roundtrip.py SCORE_OUTPUT   (the output of score.py -v with `newspan roundtrip`)
"""
import os
import re
import sys

FLOOR = 0.98
# Figures are printed with three decimals; a page "at its figure" may print 0.0005 lower.
SLACK = 0.0005

here = os.path.dirname(os.path.abspath(__file__))
table = open(os.path.join(here, "..", "docs", "ROUNDTRIP.md"), encoding="utf-8").read()
known = {m.group(1): float(m.group(2))
         for m in re.finditer(r"^\| ((?:en|zh)-\S+) \| ([0-9.]+) \|", table, re.M)}
if not known:
    sys.exit("docs/ROUNDTRIP.md: no table of pages found")

scores = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^(\S+)\.txt: score ([0-9.]+)", line)
    if m:
        scores[m.group(1)] = float(m.group(2))
if not scores:
    sys.exit(f"{sys.argv[1]}: no page scores (run score.py with -v)")

bad = []
for page, s in sorted(scores.items()):
    want = known.get(page, FLOOR)
    if s + SLACK < want:
        why = f"its figure in docs/ROUNDTRIP.md is {want:.3f}" if page in known else f"the floor is {FLOOR}"
        bad.append(f"{page}: round trip {s:.3f}, {why}")
for page in sorted(set(known) - set(scores)):
    bad.append(f"{page}: in docs/ROUNDTRIP.md but not scored")
below = sum(1 for s in scores.values() if s < FLOOR)
print(f"round trip: {len(scores)} pages, {len(scores) - below} at {FLOOR} or more, "
      f"{below} below (listed in docs/ROUNDTRIP.md: {len(known)})")
if bad:
    print("\n".join(bad))
    sys.exit(1)
