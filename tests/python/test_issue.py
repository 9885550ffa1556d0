"""A whole issue from Python: the links between pages, the pages' documents, the stitched
stories, and a failing page named in the error."""

import gc
import json
import os
import subprocess
import unittest

from helpers import ROOT, newspan

ISSUE = os.path.join(ROOT, "examples", "issue")


def pages(lang, names=("p1.txt", "p2.txt", "p3.txt")):
    out = []
    for n in names:
        with open(os.path.join(ISSUE, lang, n), "rb") as f:
            out.append(f.read())
    return out


class Issue(unittest.TestCase):
    def test_chinese_links_and_stories(self):
        data = pages("zh")
        with newspan.parse_issue(data) as issue:
            self.assertEqual(len(issue.pages), 3)
            links = [(l.from_page, l.from_article, l.to_page, l.to_article) for l in issue.links]
            self.assertEqual(links, [(0, 0, 2, 0), (0, 1, 1, 0)])
            first = issue.links[0]
            self.assertEqual(first.jump.kind, newspan.Kind.JUMP)
            self.assertTrue(first.jump.text.startswith("（下转第"))
            self.assertEqual(first.from_line.text, "（上接第1版）")
            self.assertEqual(first.jump.bytes, data[0][first.jump.start:first.jump.end])
            self.assertAlmostEqual(first.confidence, 0.8, places=5)
            self.assertTrue(first.joins_paragraph)
            stories = issue.stories()
            self.assertEqual(len(stories), 2)
            parts, paragraphs = stories[0]
            self.assertEqual([a.index for a in parts], [0, 0])
            cut = [p for p in paragraphs if "雨污混流、路面积水" in p]
            self.assertEqual(len(cut), 1, paragraphs)
            self.assertTrue(cut[0].endswith("居民反映集中的问题。"))

    def test_the_same_links_as_the_rust_tool(self):
        """The wrapper's links are the ones `newspan --issue --json` prints."""
        binary = os.environ.get("NEWSPAN_BIN")
        if not binary:
            self.skipTest("NEWSPAN_BIN is set by cargo test --test python")
        files = [os.path.join(ISSUE, "en", n) for n in ("p1.txt", "p2.txt", "p3.txt")]
        out = subprocess.run([binary, "--issue", "--json"] + files, capture_output=True, check=True).stdout
        want = json.loads(out)["continuations"]
        with newspan.parse_issue(pages("en")) as issue:
            got = [l.to_dict() for l in issue.links]
            self.assertEqual(len(got), len(want))
            for g, w in zip(got, want):
                self.assertEqual((g["from"], g["to"], g["joins_paragraph"]), (w["from"], w["to"], w["joins_paragraph"]))
                self.assertEqual(g["confidence"], w["confidence"])
                for key in ("jump", "from_line"):
                    self.assertEqual((g[key]["start"], g[key]["end"], g[key]["text"]),
                                     (w[key]["start"], w[key]["end"], w[key]["text"]))
            parts, paragraphs = issue.stories()[0]
            self.assertTrue(any("out of my paycheck, and nobody" in p for p in paragraphs), paragraphs)

    def test_pages_outlive_the_issue_object(self):
        issue = newspan.parse_issue(pages("zh"))
        doc = issue.pages[2]
        del issue
        gc.collect()
        self.assertEqual(doc.articles[0].paragraphs[0].text, "路面积水和夜间照明不足等居民反映集中的问题。")
        doc.close()
        with self.assertRaises(ValueError):
            doc.articles

    def test_a_failing_page_is_named(self):
        with self.assertRaises(newspan.NewspanError) as cm:
            newspan.parse_issue([pages("zh")[0], b"bad \xff byte\n"], strict=True)
        self.assertEqual(cm.exception.status, newspan.Status.MALFORMED_INPUT)
        self.assertIn("page 2 of the issue", str(cm.exception))
        with self.assertRaises(TypeError):
            newspan.parse_issue(["a str page"])

    def test_empty_issue(self):
        with newspan.parse_issue([]) as issue:
            self.assertEqual((issue.pages, issue.links, issue.stories()), ([], [], []))


if __name__ == "__main__":
    unittest.main()
