"""to_dict() is the tool's JSON: `newspan --json` on every sample and fixture page and on the
encoded variants (GBK, GB18030, UTF-16LE, UTF-8 with a BOM and CRLF, malformed bytes)."""

import json
import subprocess
import unittest

from helpers import encoded_variants, read, sample_pages, tool, newspan


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return "%s: %r != %r" % (path, a, b)
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return "%s: keys %s != %s" % (path, sorted(a), sorted(b))
        for k in a:
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
    elif isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
    elif a != b:
        return "%s: %r != %r" % (path, a, b)
    return None


class ToolJson(unittest.TestCase):
    def test_to_dict_equals_the_tool(self):
        exe = tool()
        if exe is None:
            self.skipTest("no newspan binary (set NEWSPAN_BIN, or build it beside the library)")
        pages = sample_pages() + [path for path, _ in encoded_variants()]
        out = subprocess.run([exe, "--json"] + pages, capture_output=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr.decode("utf-8", "replace"))
        lines = out.stdout.decode("utf-8").splitlines()
        self.assertEqual(len(lines), len(pages))
        for path, line in zip(pages, lines):
            with self.subTest(page=path):
                expected = json.loads(line)
                with newspan.parse(read(path)) as doc:
                    got = doc.to_dict()
                    self.assertEqual(json.loads(doc.to_json()), got)
                self.assertEqual(expected["schema"], "newspan/1")
                self.assertIsNone(first_difference(got, expected), path)
                self.assertEqual(got, expected)

    def test_options_reach_the_tool_too(self):
        exe = tool()
        if exe is None:
            self.skipTest("no newspan binary")
        path = sample_pages()[0]
        for args, kwargs in ((["--layout", "wrapped"], {"layout": "wrapped"}),
                             (["--encoding", "gb18030"], {"encoding": "gb18030"})):
            out = subprocess.run([exe, "--json"] + args + [path], capture_output=True, timeout=60, check=True)
            with newspan.parse(read(path), **kwargs) as doc:
                self.assertEqual(doc.to_dict(), json.loads(out.stdout))

    def test_iter_articles_equals_articles(self):
        for path in sample_pages() + [path for path, _ in encoded_variants()]:
            with self.subTest(page=path), newspan.parse(read(path)) as doc:
                expected = [a.to_dict() for a in doc.articles]
                got = [a.to_dict() for a in doc.iter_articles()]
                self.assertEqual(got, expected)
                self.assertEqual([a.index for a in doc.iter_articles()], list(range(len(expected))))
                # Each article's spans are the same objects' values, children included.
                for a, b in zip(doc.iter_articles(), doc.articles):
                    self.assertEqual([(s.index, s.start, s.end, [c.index for c in s.children]) for s in a.spans],
                                     [(s.index, s.start, s.end, [c.index for c in s.children]) for s in b.spans])
        doc = newspan.parse(read(sample_pages()[0]))
        articles = doc.iter_articles()
        doc.close()
        with self.assertRaises(ValueError):
            next(articles)

    def test_extents_tile_each_article(self):
        seen_several = 0
        for path in sample_pages():
            with newspan.parse(read(path)) as doc:
                every = []
                for a in doc.articles:
                    self.assertTrue(a.extents, path)
                    self.assertEqual((a.extents[0][0], a.extents[-1][1]), (a.start, a.end))
                    seen_several += len(a.extents) > 1
                    leaves = [s for s in a.spans if s.kind.label not in
                              ("paragraph", "byline_name", "dateline_source", "dateline_place",
                               "dateline_date", "jump_page")]
                    for s in leaves:  # every leaf of the article lies in one of its extents
                        self.assertTrue(any(lo <= s.start and s.end <= hi for lo, hi in a.extents), (path, s))
                    every += [(lo, hi, a.index) for lo, hi in a.extents]
                every.sort()
                for (lo1, hi1, a1), (lo2, hi2, a2) in zip(every, every[1:]):
                    self.assertLessEqual(hi1, lo2, (path, a1, a2))  # extents never overlap
                others = [s for s in doc.spans if s.article is None]
                for s in others:  # nor hold page furniture or unassigned text
                    self.assertFalse(any(lo < s.end and s.start < hi and s.start < s.end
                                         for lo, hi, _ in every), (path, s))
        self.assertGreater(seen_several, 0, "no sample page has an article in several extents")

    def test_jump_page_is_a_string(self):
        seen = 0
        for path in sample_pages():
            with newspan.parse(read(path)) as doc:
                for a in doc.to_dict()["articles"]:
                    for j in a["jumps"]:
                        self.assertIsInstance(j["page"], str)
                        seen += 1
        self.assertGreater(seen, 0)


if __name__ == "__main__":
    unittest.main()
