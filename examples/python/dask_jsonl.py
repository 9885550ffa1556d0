#!/usr/bin/env python3
"""Parse pages on a Dask cluster and write JSON Lines: the same lines as `newspan --jsonl`.

usage: python3 examples/python/dask_jsonl.py OUT.jsonl [FILE ...] [--files-from LIST]
           [--scheduler ADDRESS] [--workers N] [--partitions N] [--encoding LABEL] [--strict]

Every page becomes one line of OUT.jsonl ('-': standard output), in input order: the page's
`newspan/1` object with a "file" key (the path as given), or {"error": ..., "file": ...} when
it cannot be read or parsed. Keys sorted, no spaces: byte for byte what `newspan --jsonl`
prints for the same files (tests/python/test_dask.py checks it).

Where it runs:

- without --scheduler: a `distributed.LocalCluster` on this machine, N worker processes
  (--workers, default: the CPUs), one thread each, listening on 127.0.0.1 only;
- with --scheduler tcp://HOST:8786: the cluster that scheduler runs (`dask scheduler` on one
  node, `dask worker tcp://HOST:8786` on each of the others, or a Kubernetes / YARN / SLURM
  deployment). newspan.py and the shared library are uploaded to every worker
  (`Client.upload_file`), so the workers need only Python and Dask; the library must be built
  for the workers' platform. The page paths must be readable from the workers (a shared file
  system); for object storage, read the bytes with dask's readers (`db.read_text`, `fsspec`) and
  map `newspan.parse` over the bytes instead.

The work is a `dask.bag` over the list of paths, split into --partitions pieces (default: four
per worker); `parse_file` below is all a worker runs. Install what it needs with
`pip install -r examples/python/requirements-dask.txt`.
"""

import argparse
import json
import os
import sys

import newspan  # this script's folder is on sys.path (and, uploaded, on the workers')


def json_line(obj):
    """One JSON line as `newspan --jsonl` writes it: keys sorted, no spaces, UTF-8 as is."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def parse_file(path, encoding=None, strict=False):
    """What a worker runs for one page: its `newspan --jsonl` line (without the line end)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        with newspan.parse(data, encoding=encoding, strict=strict) as doc:
            page = doc.to_dict()
    except newspan.NewspanError as e:
        return json_line({"error": e.message, "file": path})
    except OSError as e:
        if isinstance(e, newspan.LibraryError):
            raise
        # As the tool words it (Rust's io::Error): "No such file or directory (os error 2)".
        message = "%s (os error %d)" % (e.strerror, e.errno) if e.errno and e.strerror else str(e)
        return json_line({"error": message, "file": path})
    page["file"] = path
    return json_line(page)


def read_list(source):
    stream = sys.stdin if source == "-" else open(source, encoding="utf-8")
    try:
        return [line.rstrip("\r\n") for line in stream if line.strip()]
    finally:
        if stream is not sys.stdin:
            stream.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description="Parse pages on a Dask cluster into JSON Lines.")
    ap.add_argument("out", metavar="OUT.jsonl", help="output file ('-': standard output)")
    ap.add_argument("files", metavar="FILE", nargs="*", help="page files")
    ap.add_argument("--files-from", metavar="LIST", help="read the paths from LIST, one a line ('-': stdin)")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="a running cluster's scheduler (tcp://host:8786); default: a local cluster")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local worker processes")
    ap.add_argument("--partitions", type=int, help="pieces of the file list (default: 4 per worker)")
    ap.add_argument("--encoding", help="decode every page as this WHATWG label; default: detect")
    ap.add_argument("--strict", action="store_true", help="fail on malformed bytes instead of replacing them")
    args = ap.parse_args(argv)
    paths = list(args.files) + (read_list(args.files_from) if args.files_from else [])
    if not paths:
        ap.error("no page files (give FILE arguments or --files-from)")
    if args.workers < 1:
        ap.error("--workers must be at least 1")

    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    lib = newspan.load()  # fail here, with the message saying how to build the library
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
        # The workers get the wrapper and the library, side by side in their folder (where
        # newspan.py looks first).
        client.upload_file(lib.path)
        client.upload_file(newspan.__file__)
    else:
        # Local worker processes inherit the environment: point them at this library.
        os.environ["NEWSPAN_LIB"] = lib.path
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info()["workers"]))
        partitions = args.partitions or min(len(paths), 4 * workers)
        bag = db.from_sequence(paths, npartitions=partitions)
        lines = bag.map(parse_file, encoding=args.encoding, strict=args.strict)
        # One future per partition, written in order as each arrives: the client holds one
        # partition's lines at a time, whatever the size of the archive.
        futures = client.compute(lines.to_delayed())
        out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
        failed = 0
        try:
            for future in futures:
                for line in future.result():
                    out.write(line + "\n")
                    failed += line.startswith('{"error":')
                future.release()
        finally:
            if out is not sys.stdout:
                out.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print("dask_jsonl: %d pages on %d workers, %d failed" % (len(paths), workers, failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
