#!/usr/bin/env python3
"""Cross-validated accuracy guards (issue 13): fail when the figures of the cross-validation
runs fall below the floors.

usage: cv.py CV_DIR LOKO_SCORE.json

CV_DIR holds, for each fold seed N of SEEDS, what `.ci/run` wrote: score-N.json (score.py
--json-out over the corpus `newspan cv --seed N` laid out: every page judged by a model
trained without it), seed-page-N.json (score.py over the seed page alone, judged by its
cross-validation model) and report-N.txt (what `newspan cv` printed: the confidence AUC over
held-out lines). LOKO_SCORE.json is score.py's figures over `newspan cv --by-kind` (every page
judged by a model trained without its whole kind; no seed).

The folds are dealt by a seed, and which pages a held-out page is judged with moves a
stratum of a few pages by 0.03 to 0.06 and the overall figure by up to 0.01 with no change
in the model (README, "How much a figure moves"): one seed's figure cannot tell a sound
change from a lucky deal. So the floors hold the MEAN over four fold seeds (repeated 5-fold
cross-validation), which moves about half as much.

The floors are the figures the learned model reached (training is deterministic, so they
are exact), rounded down to the hundredth, and a hundredth lower for the strata of fewer than
ten pages (zh-luzhong: one page; zh-xinmin: seven), whose means still move by 0.02: regression
guards. They sit BELOW the issue's targets (CV overall 0.75, every stratum 0.60, the seed page
0.85, LOKO mean 0.50), which are not met yet, and are printed beside them; raise the floors as
the model improves, never lower them.
"""
import json
import os
import re
import sys

SEEDS = (1, 2, 3, 4)

# Set 2026-12-07 with strict Title Case (two capitalised words at least), the same-shape
# subhead facts, the per-kind penalty at 4, the sentence-tail rule (states::line_mask) and the
# window that looks past OCR debris: means over fold seeds 1-4 of CV overall 0.7098 (seeds
# 0.706/0.713/0.718/0.703), zh-luzhong 0.562, zh-xinmin 0.740, zh-rmrb 0.7105, zh-jingbao
# 0.804, en-mustang 0.578; leave-one-kind-out 0.419. Every floor is at or above the one-seed
# floor it replaced (CV 0.70, zh-luzhong 0.50, zh-xinmin 0.72, zh-rmrb 0.71, zh-jingbao 0.76,
# en-mustang 0.57, the seed page 0.50, leave-one-kind-out 0.37).
CV_OVERALL = 0.70
CV_STRATA = {
    "zh-luzhong": 0.55,
    "zh-xinmin": 0.72,
    "zh-rmrb": 0.71,
    "zh-jingbao": 0.80,
    "en-mustang": 0.57,
}
SEED_PAGE = ("zh-luzhong-2020-06-15", 0.55)
LOKO_MEAN = 0.41
AUC = 0.75  # the requirement, met (fold seed 1)
TARGETS = {"overall": 0.75, "stratum": 0.60, "seed page": 0.85, "LOKO mean": 0.50}


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def main():
    cv_dir, loko_path = sys.argv[1], sys.argv[2]
    problems = []
    runs = {s: json.load(open(os.path.join(cv_dir, f"score-{s}.json"))) for s in SEEDS}
    seed_pages = {s: json.load(open(os.path.join(cv_dir, f"seed-page-{s}.json"))).get("overall") for s in SEEDS}

    def row(label, vals, floor, target):
        got = mean(vals) if all(v is not None for v in vals) else None
        each = " ".join("-" if v is None else f"{v:.3f}" for v in vals)
        shown = "-" if got is None else f"{got:.3f}"
        print(f"  {label:<22} seeds {each}  mean {shown}  (floor {floor:.2f}, target {target:.2f})")
        if got is None or got < floor:
            problems.append(f"{label}: mean {shown} < {floor:.2f}")

    row("CV overall", [runs[s].get("overall") for s in SEEDS], CV_OVERALL, TARGETS["overall"])
    for name, floor in CV_STRATA.items():
        row(f"CV {name}", [runs[s].get("strata", {}).get(name) for s in SEEDS], floor, TARGETS["stratum"])
    row(f"CV seed page", [seed_pages[s] for s in SEEDS], SEED_PAGE[1], TARGETS["seed page"])

    loko = json.load(open(loko_path))
    kinds = {"e-paper": ["zh-luzhong", "zh-xinmin"], "pdftotext": ["zh-rmrb"], "vertical": ["zh-jingbao"],
             "english-ocr": ["en-mustang"]}
    strata = loko.get("strata", {})
    per_kind = {}
    for kind, members in kinds.items():
        vals = [strata[m] for m in members if m in strata]
        per_kind[kind] = mean(vals)
    m = mean(list(per_kind.values()))
    print("  LOKO " + ", ".join(f"{k} {v:.3f}" for k, v in per_kind.items())
          + f"; mean {m:.3f} (floor {LOKO_MEAN:.2f}, target {TARGETS['LOKO mean']:.2f})")
    if m < LOKO_MEAN:
        problems.append(f"LOKO mean {m:.3f} < {LOKO_MEAN:.2f}")

    report = open(os.path.join(cv_dir, f"report-{SEEDS[0]}.txt")).read()
    found = re.search(r"confidence AUC ([0-9.]+)", report)
    auc = float(found.group(1)) if found else None
    print(f"  held-out confidence AUC {auc}  (floor {AUC:.2f})")
    if auc is None or auc < AUC:
        problems.append(f"held-out confidence AUC {auc} < {AUC:.2f}")

    for key in ("bad_spans", "overlaps", "failed_pages"):
        for label, fig in [(f"CV seed {s}", runs[s]) for s in SEEDS] + [("LOKO", loko)]:
            if fig.get(key, 1) != 0:
                problems.append(f"{label} {key} = {fig.get(key)}")

    if problems:
        print("cross-validated floors NOT met:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("cross-validated floors met")


if __name__ == "__main__":
    main()
