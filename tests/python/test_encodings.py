"""Non-UTF-8 input: spans are offsets into the bytes as given, text is those bytes decoded
(through newspan_document_span_text), and the structure is the UTF-8 page's."""

import unittest

from helpers import encoded_variants, example_pages, read, newspan

Kind = newspan.Kind


def shape(doc):
    """The structure of a page without offsets: kinds, texts, article of every span."""
    out = []
    for s in doc.spans:
        text = s.span_text if isinstance(s, newspan.Paragraph) else s.text
        out.append((s.kind, s.article, s.parent, s.attr, text.replace("\r\n", "\n")))
    return out


class GB18030(unittest.TestCase):
    # Characters outside GBK: CJK extension A and B (four-byte sequences in GB18030), and an
    # emoji, in a title, a byline name and a paragraph.
    PAGE = "䶮城新闻：𠀀年一遇的盛景😀\n\n本报记者 王䶮\n\n晨报䶮城4月1日讯 今天凌晨，𠀀外滩\n\n的钟声敲响。\n"

    def test_four_byte_sequences(self):
        data = self.PAGE.encode("gb18030")
        self.assertIn(b"\x95\x32\x82\x36", data)  # U+20000 as four bytes
        for encoding in ("gb18030", None):
            with newspan.parse(data, encoding=encoding) as doc:
                self.assertEqual(doc.encoding, "gb18030")
                self.assertFalse(doc.input_is_utf8)
                self.assertFalse(doc.had_decode_errors)
                (a,) = doc.articles
                self.assertEqual(a.headline, "䶮城新闻：𠀀年一遇的盛景😀")
                self.assertEqual([n.text for b in a.bylines for n in b.names], ["王䶮"])
                self.assertEqual(a.dateline.place.text, "䶮城")
                self.assertEqual(a.paragraphs[0].text, "今天凌晨，𠀀外滩的钟声敲响。")
                for s in doc.spans:
                    if not isinstance(s, newspan.Paragraph):
                        self.assertEqual(s.text, data[s.start:s.end].decode("gb18030"))
                with newspan.parse(self.PAGE.encode("utf-8")) as utf8:
                    self.assertEqual(shape(doc), shape(utf8))

    def test_strict_gb18030(self):
        data = self.PAGE.encode("gb18030")
        with newspan.parse(data, encoding="gb18030", strict=True) as doc:
            self.assertEqual(len(doc.articles), 1)
        with self.assertRaises(newspan.NewspanError) as cm:
            newspan.parse(data + b"\x95\x32\n", encoding="gb18030", strict=True)
        self.assertIs(cm.exception.status, newspan.Status.MALFORMED_INPUT)


class Variants(unittest.TestCase):
    def test_every_variant_matches_its_utf8_page(self):
        originals = {p.rsplit("/", 1)[-1][:-4]: p for p in example_pages()}
        checked = 0
        for path, codec in encoded_variants():
            if codec is None:
                continue
            stem = path.rsplit("/", 1)[-1].split(".")[0]
            with self.subTest(page=path):
                data = read(path)
                with newspan.parse(data) as doc, newspan.parse(read(originals[stem])) as utf8:
                    self.assertEqual(doc.input_len, len(data))
                    if codec.startswith("utf-16"):
                        self.assertEqual(doc.encoding, "UTF-16LE")
                    elif codec.startswith("utf-8"):
                        self.assertEqual(doc.encoding, "UTF-8")
                        self.assertTrue(doc.input_is_utf8)
                    else:
                        # GBK is decoded (and named) as its superset, GB18030.
                        self.assertEqual(doc.encoding, "gb18030")
                    if not codec.startswith("utf-8"):
                        self.assertFalse(doc.input_is_utf8)
                    for s in doc.spans:
                        if not isinstance(s, newspan.Paragraph):
                            self.assertEqual(s.text, data[s.start:s.end].decode(codec))
                    self.assertEqual(shape(doc), shape(utf8))
                    self.assertEqual([p.text for a in doc.articles for p in a.paragraphs],
                                     [p.text for a in utf8.articles for p in a.paragraphs])
                checked += 1
        self.assertGreaterEqual(checked, 6)

    def test_gbk_label_reads_gb18030(self):
        data = GB18030.PAGE.encode("gb18030")
        with newspan.parse(data, encoding="gbk") as doc:
            self.assertEqual(doc.encoding, "gb18030")
            self.assertEqual(doc.articles[0].headline, "䶮城新闻：𠀀年一遇的盛景😀")

    def test_forced_encoding_overrides_detection(self):
        text = read(example_pages()[0]).decode("utf-8")
        data = text.encode("utf-16-le")  # no BOM: forced, whatever detection would say
        with newspan.parse(data, encoding="utf-16le") as doc:
            self.assertEqual(doc.encoding, "UTF-16LE")
            with newspan.parse(text.encode("utf-8")) as utf8:
                self.assertEqual(shape(doc), shape(utf8))


if __name__ == "__main__":
    unittest.main()
