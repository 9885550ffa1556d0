#!/usr/bin/env python3
"""Cross-page link floors (issue 17): fail when the links `newspan --issue --json` finds in the
whole issues of ../shared/corpus/issues fall below the floors.

usage: issues.py ISSUES_SCORE.json   (written by ../shared/eval/score_issue.py --json-out)

Precision 0.90 and recall 0.70 over all the issues' links (micro): a wrong link costs a reader
more than a missing one, so precision's floor is the higher.
"""
import json
import sys

PRECISION = 0.90
RECALL = 0.70

s = json.load(open(sys.argv[1]))
print(f"  links: {s['correct']} right of {s['predicted']} made, {s['gold']} in the gold answers")
print(f"  precision {s['precision']:.3f} (floor {PRECISION:.2f})  recall {s['recall']:.3f} (floor {RECALL:.2f})")
problems = []
if s.get("errors"):
    problems.append(f"{s['errors']} issue(s) failed to run")
if s["precision"] < PRECISION:
    problems.append(f"precision {s['precision']:.3f} < {PRECISION:.2f}")
if s["recall"] < RECALL:
    problems.append(f"recall {s['recall']:.3f} < {RECALL:.2f}")
if problems:
    print("cross-page links below the floors: " + "; ".join(problems))
    sys.exit(1)
print("cross-page links: floors met")
