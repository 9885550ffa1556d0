"""Every accessor of the Pythonic objects: exact values on a small page, and the structure of
every sample and fixture page checked against the span table."""

import unittest

from helpers import SMALL_PAGE, read, sample_pages, newspan

Kind = newspan.Kind


class SmallPage(unittest.TestCase):
    def setUp(self):
        self.doc = newspan.parse(SMALL_PAGE)
        self.addCleanup(self.doc.close)

    def test_document(self):
        doc = self.doc
        self.assertEqual(doc.encoding, "UTF-8")
        self.assertTrue(doc.input_is_utf8)
        self.assertFalse(doc.had_decode_errors)
        self.assertEqual(doc.input_len, len(SMALL_PAGE))
        self.assertIs(doc.data, SMALL_PAGE)
        self.assertIn(doc.layout, ("paragraphs", "wrapped", "vertical", "auto"))
        self.assertEqual(len(doc.articles), 1)
        self.assertEqual(doc.boilerplate, [])
        self.assertEqual(doc.unassigned, [])
        self.assertFalse(doc.closed)
        self.assertIn("UTF-8", repr(doc))

    def test_article(self):
        (a,) = self.doc.articles
        self.assertEqual((a.index, a.start, a.end), (0, 0, SMALL_PAGE.rindex("。".encode()) + 3))
        self.assertEqual(a.kicker, [])
        self.assertEqual([s.text for s in a.title], ["今晨上海的动与静"])
        self.assertEqual(a.headline, "今晨上海的动与静")
        self.assertEqual(a.subtitle, [])
        self.assertEqual(a.subheads, [])
        self.assertEqual(a.captions, [])
        self.assertEqual(a.jumps, [])
        self.assertEqual(a.spans, self.doc.spans)
        self.assertIn("今晨上海", repr(a))

    def test_title_span(self):
        title = self.doc.articles[0].title[0]
        self.assertIsInstance(title, newspan.Span)
        self.assertEqual((title.index, title.start, title.end), (0, 0, len("今晨上海的动与静".encode())))
        self.assertIs(title.kind, Kind.TITLE)
        self.assertEqual(title.kind_name, "title")
        self.assertEqual(title.article, 0)
        self.assertIsNone(title.parent)
        self.assertEqual(title.attr, 0)
        self.assertEqual(title.children, [])
        self.assertEqual(title.text, "今晨上海的动与静")
        self.assertEqual(title.bytes, "今晨上海的动与静".encode())
        self.assertTrue(title)  # a span is always true, whatever its length
        self.assertFalse(title.hyphen_removed)
        # Without confidences (parse(..., confidence=False)) a span has none, and to_dict() no key.
        plain = newspan.parse(SMALL_PAGE, confidence=False)
        self.assertIsNone(plain.articles[0].title[0].confidence)
        self.assertNotIn("confidence", plain.articles[0].title[0].to_dict())
        d = title.to_dict()
        confidence = d.pop("confidence")
        self.assertEqual(d, {"start": 0, "end": 24, "text": "今晨上海的动与静"})
        self.assertEqual(confidence, title.confidence)
        self.assertTrue(0.0 <= confidence <= 1.0)
        self.assertIn("今晨上海的动与静", repr(title))

    def test_byline(self):
        (byline,) = self.doc.articles[0].bylines
        self.assertIsInstance(byline, newspan.Byline)
        self.assertEqual(byline.text, "本报记者 王小明")
        self.assertEqual(byline.role, "reporter")
        self.assertEqual([n.text for n in byline.names], ["王小明"])
        name = byline.names[0]
        self.assertIs(name.kind, Kind.BYLINE_NAME)
        self.assertEqual(name.parent, byline.index)
        self.assertEqual(byline.to_dict()["names"], [name.to_dict()])
        self.assertEqual(byline.to_dict()["role"], "reporter")

    def test_dateline(self):
        d = self.doc.articles[0].dateline
        self.assertIsInstance(d, newspan.Dateline)
        self.assertEqual(d.text, "晨报上海4月1日讯")
        self.assertEqual((d.source.text, d.place.text, d.date.text), ("晨报", "上海", "4月1日"))
        self.assertEqual([p.kind for p in d.parts], [Kind.DATELINE_SOURCE, Kind.DATELINE_PLACE, Kind.DATELINE_DATE])
        self.assertEqual(d.to_dict()["place"], d.place.to_dict())

    def test_paragraph(self):
        (p,) = self.doc.articles[0].paragraphs
        self.assertIsInstance(p, newspan.Paragraph)
        self.assertEqual([f.text for f in p.fragments], ["今天凌晨，外滩", "的钟声敲响。"])
        self.assertEqual(p.text, "今天凌晨，外滩的钟声敲响。")
        self.assertEqual(p.span_text, "今天凌晨，外滩\n\n的钟声敲响。")
        self.assertEqual((p.start, p.end), (p.fragments[0].start, p.fragments[-1].end))
        self.assertEqual(p.to_dict(), {"fragments": [f.to_dict() for f in p.fragments], "text": p.text})

    def test_lists_are_copies(self):
        self.doc.articles.clear()
        self.doc.spans.clear()
        self.assertEqual(len(self.doc.articles), 1)
        self.assertTrue(self.doc.spans)


class EmptyPage(unittest.TestCase):
    def test_empty_and_blank_pages(self):
        for data in (b"", b"\n\n  \n", bytearray(b""), memoryview(b"   ")):
            with newspan.parse(data) as doc:
                self.assertEqual(doc.articles, [])
                self.assertEqual(doc.spans, [])
                self.assertEqual(doc.to_dict()["articles"], [])
                self.assertEqual(doc.input_len, len(data))

    def test_bytes_like_input_is_copied(self):
        data = bytearray(SMALL_PAGE)
        with newspan.parse(data) as doc:
            data[:] = b"x" * len(data)
            self.assertEqual(doc.articles[0].title[0].text, "今晨上海的动与静")


class SamplePages(unittest.TestCase):
    """The structure the objects give equals the span table, on every sample page."""

    def check_page(self, path):
        data = read(path)
        with newspan.parse(data) as doc:
            spans = doc.spans
            self.assertEqual(doc.encoding, "UTF-8")
            self.assertTrue(doc.input_is_utf8)
            seen = set()
            for a_index, a in enumerate(doc.articles):
                self.assertEqual(a.index, a_index)
                self.assertTrue(a.spans)
                self.assertEqual(a.start, min(s.start for s in a.spans))
                self.assertEqual(a.end, max(s.end for s in a.spans))
                for s in a.spans:
                    self.assertEqual(s.article, a_index)
                    self.assertIs(spans[s.index], s)
                    seen.add(s.index)
                lists = {
                    Kind.KICKER: a.kicker, Kind.TITLE: a.title, Kind.SUBTITLE: a.subtitle,
                    Kind.BYLINE: a.bylines, Kind.PARAGRAPH: a.paragraphs, Kind.SUBHEAD: a.subheads,
                    Kind.CAPTION: a.captions, Kind.JUMP: a.jumps,
                }
                for kind, items in lists.items():
                    self.assertEqual(items, [s for s in a.spans if s.kind == kind], kind)
                    for s in items:
                        self.assertIsNone(s.parent)
                        self.assertTrue(s.text.strip(), s)
                datelines = [s for s in a.spans if s.kind == Kind.DATELINE]
                self.assertIs(a.dateline, datelines[0] if datelines else None)
                for b in a.bylines:
                    self.assertIn(b.role, ("reporter", "correspondent", "photographer", "intern", "agency", "other"))
                    for n in b.names:
                        self.assertEqual(n.parent, b.index)
                        self.assertTrue(b.start <= n.start <= n.end <= b.end)
                        self.assertIn(n.text, b.text)
                if a.dateline is not None:
                    d = a.dateline
                    self.assertEqual(d.parts, d.children)
                    for part in (d.source, d.place, d.date):
                        if part is not None:
                            self.assertEqual(part.parent, d.index)
                            self.assertTrue(d.start <= part.start <= part.end <= d.end)
                for p in a.paragraphs:
                    self.assertTrue(p.fragments)
                    self.assertEqual(p.fragments, p.children)
                    self.assertEqual((p.start, p.end), (p.fragments[0].start, p.fragments[-1].end))
                    # The joined text is the fragments' text less each removed line-end hyphen
                    # (which its fragment's span keeps).
                    joined = "".join(f.text.rstrip()[:-1] if f.hyphen_removed else f.text for f in p.fragments)
                    self.assertEqual("".join(p.text.split()), "".join(joined.split()))
                for j in a.jumps:
                    self.assertIn(j.direction, ("to", "from"))
                    if j.page is not None:
                        self.assertEqual(j.page.parent, j.index)
                        self.assertEqual(j.page_text, j.page.text)
                        self.assertIn(j.page.text, j.text)
                    else:
                        self.assertEqual(j.page_text, "")
            for s in doc.boilerplate + doc.unassigned:
                self.assertIsNone(s.article)
                self.assertIsNone(s.parent)
                seen.add(s.index)
            self.assertEqual(seen, set(range(len(spans))), "a span in neither an article nor the page")
            for s in spans:
                text = s.span_text if isinstance(s, newspan.Paragraph) else s.text
                self.assertEqual(text, data[s.start:s.end].decode("utf-8"))
                self.assertEqual(s.bytes, data[s.start:s.end])
                self.assertEqual(s.children, [c for c in spans if c.parent == s.index])
                self.assertIsInstance(s.kind, Kind)
            # Leaves tile the page: every non-blank character is in exactly one leaf.
            leaf = [False] * len(data)
            dll = doc.library._dll
            for s in spans:
                if dll.newspan_kind_is_leaf(s.kind):
                    for i in range(s.start, s.end):
                        self.assertFalse(leaf[i], "overlap at %d" % i)
                        leaf[i] = True
            for s in spans:
                if s.hyphen_removed:
                    # The line-end hyphen the joined text drops stays in the fragment's span.
                    self.assertIn(s.text.rstrip()[-1:], ("-", "\u00ad", "\u2010"))
            offset = 0
            for ch in data.decode("utf-8"):
                if not leaf[offset] and not ch.isspace():
                    self.fail("byte %d (%r) in no leaf span" % (offset, data[offset:offset + 20]))
                offset += len(ch.encode("utf-8"))
            return doc

    def test_every_sample_page(self):
        kinds = set()
        hyphens = 0
        directions = set()
        for path in sample_pages():
            with self.subTest(page=path):
                self.check_page(path)
                with newspan.parse(read(path)) as doc:
                    kinds |= {s.kind for s in doc.spans}
                    hyphens += sum(s.hyphen_removed for s in doc.spans)
                    directions |= {j.direction for a in doc.articles for j in a.jumps}
        # The sample pages exercise (nearly) every kind, removed hyphens and jumps both ways.
        self.assertGreaterEqual(kinds, set(Kind) - {Kind.KICKER, Kind.UNASSIGNED})
        self.assertGreater(hyphens, 0)
        self.assertEqual(directions, {"to", "from"})

    def test_hyphen_removed_fragments_join_without_space(self):
        found = 0
        for path in sample_pages():
            with newspan.parse(read(path)) as doc:
                for a in doc.articles:
                    for p in a.paragraphs:
                        for f, g in zip(p.fragments, p.fragments[1:]):
                            if f.hyphen_removed:
                                found += 1
                                # "sup-" + "ported": the span keeps the hyphen, the text drops it.
                                self.assertEqual(f.text.rstrip()[-1:], "-")
                                self.assertIn(f.text.rstrip()[:-1] + g.text.split(" ")[0], p.text)
        self.assertGreater(found, 0)


if __name__ == "__main__":
    unittest.main()
