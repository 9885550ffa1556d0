#!/usr/bin/env python3
"""Parse a directory of pages in parallel and write JSON Lines: one `newspan/1` object per page.

usage: python3 examples/python/batch.py DIR OUT.jsonl [-j N] [--threads] [--glob '*.txt']
                                        [--encoding LABEL] [--strict]

Every file under DIR (recursively) matching the glob becomes one line of OUT.jsonl ('-' for
standard output), in sorted path order: the page's object (the same as `newspan --json` prints)
with "path" added (relative to DIR), or {"path": ..., "error": {"status", "message"}} when the
page cannot be parsed. Progress and a summary go to standard error; the exit status is 1 when
any page failed.

Workers are processes (-j, default: every CPU), each loading the library once; --threads uses
threads instead (parsing releases the GIL, building the Python objects does not).

This is also the shape of a distributed run: dask_jsonl.py (beside this file) runs the same map
on a Dask cluster, tested; Spark and Ray sketches are in README.md.
"""

import argparse
import fnmatch
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import newspan  # this script's folder is on sys.path (and on the workers')


def parse_file(path, root=None, encoding=None, strict=False):
    """One page file to its JSON object, with "path"; a failure becomes an "error" object."""
    name = os.path.relpath(path, root) if root else path
    try:
        with open(path, "rb") as f:
            data = f.read()
        with newspan.parse(data, encoding=encoding, strict=strict) as doc:
            page = doc.to_dict()
    except newspan.NewspanError as e:
        return {"path": name, "error": {"status": int(e.status), "message": str(e)}}
    except OSError as e:
        if isinstance(e, newspan.LibraryError):
            raise
        return {"path": name, "error": {"status": None, "message": str(e)}}
    out = {"path": name}
    out.update(page)
    return out


def _line(job):
    """Worker side: (error message or None, the JSON line): only strings travel back."""
    path, root, encoding, strict = job
    page = parse_file(path, root, encoding, strict)
    error = page.get("error")
    return (error["message"] if error else None), json.dumps(page, ensure_ascii=False)


def find_pages(root, pattern):
    pages = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        pages += [os.path.join(folder, f) for f in files if fnmatch.fnmatch(f, pattern)]
    return sorted(pages)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Parse a directory of pages in parallel into JSON Lines.")
    ap.add_argument("dir", metavar="DIR")
    ap.add_argument("out", metavar="OUT.jsonl", help="output file ('-': standard output)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="workers (default: CPUs)")
    ap.add_argument("--threads", action="store_true", help="use threads instead of processes")
    ap.add_argument("--glob", default="*.txt", help="file names to parse (default: *.txt)")
    ap.add_argument("--encoding", help="decode every page as this WHATWG label; default: detect")
    ap.add_argument("--strict", action="store_true", help="fail on malformed bytes instead of replacing them")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("-j must be at least 1")
    try:
        lib = newspan.load()  # fail early, in the parent, with the message saying how to build it
    except newspan.LibraryError as e:
        print(e, file=sys.stderr)
        return 2
    if not os.path.isdir(args.dir):
        ap.error("%s is not a directory" % args.dir)
    pages = find_pages(args.dir, args.glob)
    jobs = [(p, args.dir, args.encoding, args.strict) for p in pages]

    if not args.threads:
        # Workers find the same library: through NEWSPAN_LIB (set here for them), or the
        # same search as this process.
        os.environ.setdefault("NEWSPAN_LIB", lib.path)
    pool = ThreadPoolExecutor(args.jobs) if args.threads else ProcessPoolExecutor(args.jobs)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
    start = time.perf_counter()
    failed = done = size = 0
    try:
        with pool:
            chunk = max(1, min(64, len(jobs) // (4 * args.jobs) or 1))
            results = pool.map(_line, jobs, chunksize=chunk) if not args.threads else pool.map(_line, jobs)
            for path, (error, line) in zip(pages, results):
                out.write(line + "\n")
                done += 1
                size += os.path.getsize(path)
                if error:
                    failed += 1
                    print("batch: %s: %s" % (path, error), file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    elapsed = time.perf_counter() - start
    print("batch: %d pages (%.1f MB) in %.2f s with %d %s: %.0f pages/s, %d failed"
          % (done, size / 1e6, elapsed, args.jobs, "threads" if args.threads else "processes",
             done / elapsed if elapsed > 0 else 0, failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
