#!/usr/bin/env python3
"""Cross-validated accuracy guards (issue 13): fail when the figures of a cross-validation run
fall below the floors.

usage: cv.py CV_SCORE.json LOKO_SCORE.json CV_REPORT.txt SEED_SCORE.json

CV_SCORE.json and LOKO_SCORE.json are written by ../shared/eval/score.py --json-out over the
corpora that `newspan cv` (5 folds, seed 1) and `newspan cv --by-kind` lay out: every page is
judged by a model trained without it (without its whole kind, for LOKO). CV_REPORT.txt is what
`newspan cv` printed (it gives the confidence AUC over held-out lines). SEED_SCORE.json is
score.py's figures over the seed page alone, judged by its cross-validation model.

The floors are the figures the learned model reached when it landed (training is deterministic,
so they are exact), rounded down: regression guards. They sit BELOW the issue's targets (CV
overall 0.75, every stratum 0.60, the seed page 0.85, LOKO mean 0.50), which are not met yet;
raise them as the model improves, never lower them.
"""
import json
import re
import sys

# Raised with the structure cost in training (CV 0.711, en-mustang 0.588, LOKO mean 0.379; the
# mean over fold seeds 1-4 is 0.705) and before that with the re-set training pages (CV 0.695,
# jingbao 0.776, LOKO mean 0.365). The other
# strata's floors stay where they were rather than rising to today's figures: a stratum of a
# few pages moves by 0.03 to 0.06 between fold seeds and retrainings with no change in
# quality (README, "How much a figure moves"), and a floor at the top of that band blocks
# every sound change.
CV_OVERALL = 0.70
CV_STRATA = {
    "zh-luzhong": 0.50,
    "zh-xinmin": 0.72,
    "zh-rmrb": 0.71,
    "zh-jingbao": 0.76,
    "en-mustang": 0.57,
}
SEED_PAGE = ("zh-luzhong-2020-06-15", 0.50)
LOKO_MEAN = 0.37
AUC = 0.75  # the requirement, met

problems = []
cv = json.load(open(sys.argv[1]))
loko = json.load(open(sys.argv[2]))
report = open(sys.argv[3]).read()

overall = cv.get("overall", 0.0)
print(f"  CV overall   {overall:.3f}  (floor {CV_OVERALL:.2f})")
if overall < CV_OVERALL:
    problems.append(f"CV overall {overall:.3f} < {CV_OVERALL:.2f}")
for name, floor in CV_STRATA.items():
    got = cv.get("strata", {}).get(name)
    print(f"  CV {name:<12} {got if got is None else f'{got:.3f}'}  (floor {floor:.2f})")
    if got is None or got < floor:
        problems.append(f"CV stratum {name}: {got} < {floor:.2f}")
seed_score = json.load(open(sys.argv[4])).get("overall")
print(f"  CV seed page {seed_score}  (floor {SEED_PAGE[1]:.2f})")
if seed_score is None or seed_score < SEED_PAGE[1]:
    problems.append(f"CV seed page {SEED_PAGE[0]}: {seed_score} < {SEED_PAGE[1]:.2f}")

kinds = {"e-paper": ["zh-luzhong", "zh-xinmin"], "pdftotext": ["zh-rmrb"], "vertical": ["zh-jingbao"],
         "english-ocr": ["en-mustang"]}
strata = loko.get("strata", {})
per_kind = {}
for kind, members in kinds.items():
    vals = [strata[m] for m in members if m in strata]
    per_kind[kind] = sum(vals) / len(vals) if vals else 0.0
mean = sum(per_kind.values()) / len(per_kind)
print("  LOKO " + ", ".join(f"{k} {v:.3f}" for k, v in per_kind.items()) + f"; mean {mean:.3f} (floor {LOKO_MEAN:.2f})")
if mean < LOKO_MEAN:
    problems.append(f"LOKO mean {mean:.3f} < {LOKO_MEAN:.2f}")

m = re.search(r"confidence AUC ([0-9.]+)", report)
auc = float(m.group(1)) if m else None
print(f"  held-out confidence AUC {auc}  (floor {AUC:.2f})")
if auc is None or auc < AUC:
    problems.append(f"held-out confidence AUC {auc} < {AUC:.2f}")

for key in ("bad_spans", "overlaps", "failed_pages"):
    for label, fig in (("CV", cv), ("LOKO", loko)):
        if fig.get(key, 1) != 0:
            problems.append(f"{label} {key} = {fig.get(key)}")

if problems:
    print("cross-validated floors NOT met:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("cross-validated floors met")
