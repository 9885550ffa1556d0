#!/usr/bin/env python3
"""Print the articles of newspaper pages: headline, authors, dateline, paragraphs, captions.

usage: python3 examples/python/print_articles.py [--encoding LABEL] [--strict] FILE...

Needs the shared library: `cargo build --release` in the checkout (or NEWSPAN_LIB=path).
"""

import argparse
import os
import sys

import newspan  # this script's folder is on sys.path


def show(text, width=70):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_page(path, doc, out):
    print("%s: %s, %d bytes, %s layout, %d articles" % (path, doc.encoding, doc.input_len, doc.layout,
                                                        len(doc.articles)), file=out)
    for a in doc.articles:
        print(file=out)
        print("[%d] %s" % (a.index + 1, a.headline), file=out)
        for s in a.kicker:
            print("    kicker:   %s" % s.text, file=out)
        for s in a.subtitle:
            print("    subtitle: %s" % s.text, file=out)
        for b in a.bylines:
            names = ", ".join(n.text for n in b.names)
            print("    byline:   %s (%s%s)" % (b.text, b.role, ": " + names if names else ""), file=out)
        if a.dateline is not None:
            d = a.dateline
            parts = ", ".join("%s %s" % (p.kind_name.replace("dateline_", ""), p.text) for p in d.parts)
            print("    dateline: %s (%s)" % (d.text, parts), file=out)
        for i, p in enumerate(a.paragraphs):
            print("    %s %s" % ("paragraphs:" if i == 0 else "           ", show(p.text)), file=out)
        for s in a.subheads:
            print("    subhead:  %s" % s.text, file=out)
        for s in a.captions:
            print("    caption:  %s" % show(s.text), file=out)
        for j in a.jumps:
            print("    jump:     %s (%s page %s)" % (j.text, j.direction, j.page_text or "?"), file=out)
    if doc.boilerplate:
        print(file=out)
        print("boilerplate: " + " | ".join(show(s.text, 30) for s in doc.boilerplate), file=out)
    if doc.unassigned:
        print("unassigned:  " + " | ".join(show(s.text, 30) for s in doc.unassigned), file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Print the articles of newspaper pages.")
    ap.add_argument("files", nargs="+", metavar="FILE")
    ap.add_argument("--encoding", help="decode as this WHATWG label (gbk, big5, utf-16le, ...); default: detect")
    ap.add_argument("--strict", action="store_true", help="fail on malformed bytes instead of replacing them")
    args = ap.parse_args(argv)
    try:
        newspan.load()
    except newspan.LibraryError as e:
        print(e, file=sys.stderr)
        return 2
    status = 0
    for n, path in enumerate(args.files):
        if n:
            print()
        try:
            with open(path, "rb") as f:
                data = f.read()
            doc = newspan.parse(data, encoding=args.encoding, strict=args.strict)
        except (OSError, newspan.NewspanError) as e:
            print("print_articles: %s: %s" % (path, e), file=sys.stderr)
            status = 1
            continue
        with doc:
            print_page(path, doc, sys.stdout)
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
