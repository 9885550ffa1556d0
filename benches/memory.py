#!/usr/bin/env python3
"""Peak memory (resident set) of the command and of the Python wrapper on large pages: the
figures of the README's Memory table.

usage: python3 benches/memory.py [--sizes 1,20,200] [--bin target/release/newspan]
                                 [--lib target/release/libnewspan.so] [--dir /tmp/newspan-memory]

Each input is the sample and fixture pages joined over and over to SIZE megabytes (one page, as
a whole archive dumped into one file would be). Every measurement runs in a fresh process and
reads that process's peak resident set from wait4(): `newspan --json` and `--stats` (one
thread), and Python's `to_dict()` of the whole page against `iter_articles()`, one article's
dict at a time, both serialised to /dev/null. Standard library only; build first with
`cargo build --release`.
"""

import argparse
import glob
import os
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

PY_WHOLE = """
import json, sys
sys.path.insert(0, %r)
import newspan
data = open(sys.argv[1], "rb").read()
with newspan.parse(data) as doc, open(os.devnull, "w") as out:
    json.dump(doc.to_dict(), out, ensure_ascii=False)
"""

PY_ITER = """
import json, sys
sys.path.insert(0, %r)
import newspan
data = open(sys.argv[1], "rb").read()
with newspan.parse(data) as doc, open(os.devnull, "w") as out:
    for article in doc.iter_articles():
        json.dump(article.to_dict(), out, ensure_ascii=False)
"""


def make_input(path, megabytes):
    """Write the input a copy of the pages at a time: building it in this process would
    raise the high-water mark that the measured children inherit from it at fork."""
    if os.path.exists(path) and os.path.getsize(path) >= megabytes * 1000 * 1000 - 100000:
        return
    pages = sorted(glob.glob(os.path.join(ROOT, "examples", "pages", "*.txt")) +
                   glob.glob(os.path.join(ROOT, "tests", "fixtures", "*.txt")))
    blob = b"\n\n".join(open(p, "rb").read() for p in pages) + b"\n\n"
    n = megabytes * 1000 * 1000
    with open(path, "wb") as f:
        left = n
        while left > 0:
            piece = blob[:left]
            if len(piece) < len(blob):
                piece = piece[:piece.rfind(b"\n") + 1]
                left = 0
            f.write(piece)
            left -= len(piece)


def peak(cmd, env=None):
    """(peak resident set in bytes, seconds) of one run of cmd."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("failed: %s" % " ".join(cmd))
    return usage.ru_maxrss * 1024, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,20,200")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newspan"))
    ap.add_argument("--lib", default=os.path.join(ROOT, "target", "release", "libnewspan.so"))
    ap.add_argument("--dir", default="/tmp/newspan-memory")
    ap.add_argument("--no-python", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    env = dict(os.environ, NEWSPAN_LIB=args.lib)
    examples = os.path.join(ROOT, "examples", "python")
    rows = []
    for mb in [int(s) for s in args.sizes.split(",")]:
        path = os.path.join(args.dir, "joined-%dMB.txt" % mb)
        make_input(path, mb)
        size = os.path.getsize(path)
        runs = [("newspan --json", [args.bin, "--json", "-j", "1", path]),
                ("newspan --stats", [args.bin, "--stats", "-j", "1", path])]
        if not args.no_python:
            runs += [("Python to_dict()", [sys.executable, "-c", "import os\n" + PY_WHOLE % examples, path]),
                     ("Python iter_articles()", [sys.executable, "-c", "import os\n" + PY_ITER % examples, path])]
        for name, cmd in runs:
            rss, secs = peak(cmd, env)
            rows.append((mb, name, rss, rss / size, secs))
            print("%4d MB  %-24s peak %8.1f MB  %5.2fx input  %6.1f s" % (mb, name, rss / 1e6, rss / size, secs),
                  flush=True)


if __name__ == "__main__":
    main()
