"""No memory growth over 10,000 parse/close cycles (and none over documents left to the
garbage collector)."""

import gc
import os
import resource
import sys
import time
import unittest

from helpers import SMALL_PAGE, read, sample_pages, newspan

CYCLES = 10000
MARGIN = 2 * 1024 * 1024  # bytes


def rss():
    """The resident set size in bytes: /proc/self/statm, else the peak from getrusage."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Memory(unittest.TestCase):
    def cycles(self, n, data, read_all):
        for _ in range(n):
            doc = newspan.parse(data)
            if read_all:
                doc.to_dict()
            else:
                doc.articles
            doc.close()

    def measure(self, data, read_all, n=CYCLES):
        self.cycles(n // 20, data, read_all)  # warm-up: allocator pools, caches
        gc.collect()
        before = rss()
        start = time.perf_counter()
        self.cycles(n, data, read_all)
        elapsed = time.perf_counter() - start
        gc.collect()
        growth = rss() - before
        sys.stderr.write("\n  %d cycles (%s, %d bytes): %.1f s, RSS %+d KiB " % (
            n, "to_dict" if read_all else "parse", len(data), elapsed, growth // 1024))
        self.assertLess(growth, MARGIN, "RSS grew by %d bytes over %d cycles" % (growth, n))

    def test_parse_close_cycles(self):
        # 10,000 parse/close cycles of a whole small page (title, byline, dateline, paragraph):
        # the C document, its span table, the Python objects.
        self.measure(SMALL_PAGE, read_all=False)

    def test_sample_page_cycles(self):
        # The smallest sample page (cargo test runs an unoptimised library: fewer cycles).
        page = min(sample_pages(), key=lambda p: len(read(p)))
        self.measure(read(page), read_all=False, n=CYCLES // 5)

    def test_parse_read_close_cycles_non_utf8(self):
        # Every span's text through the C text functions (a GBK page), then close.
        self.measure(SMALL_PAGE.decode("utf-8").encode("gbk"), read_all=True, n=CYCLES // 4)

    def test_documents_left_to_the_collector(self):
        # No close(): the last reference going away frees the C document.
        data = SMALL_PAGE
        for _ in range(250):
            newspan.parse(data).articles[0].title[0].text
        gc.collect()
        before = rss()
        for _ in range(CYCLES // 4):
            newspan.parse(data).articles[0].title[0].text
        gc.collect()
        self.assertLess(rss() - before, MARGIN)


if __name__ == "__main__":
    unittest.main()
