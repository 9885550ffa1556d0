"""Error paths raise Python exceptions carrying the status and its message; a closed document
raises ValueError instead of crashing."""

import threading
import unittest

from helpers import MALFORMED_PAGE, SMALL_PAGE, example_pages, lib, read, newspan

Status = newspan.Status


class Errors(unittest.TestCase):
    def assertStatus(self, status, fn, *args, **kwargs):
        with self.assertRaises(newspan.NewspanError) as cm:
            fn(*args, **kwargs)
        e = cm.exception
        self.assertIs(e.status, status)
        # The library's message of this failure: its detail, or the status's description.
        self.assertTrue(e.message)
        self.assertIn(e.message, str(e))
        self.assertIn(status.name, str(e))
        return e

    def test_unknown_encoding_label(self):
        e = self.assertStatus(Status.UNKNOWN_ENCODING, newspan.parse, SMALL_PAGE, encoding="klingon")
        self.assertIn("klingon", str(e))
        self.assertIn("klingon", e.message)
        self.assertStatus(Status.UNKNOWN_ENCODING, newspan.parse, SMALL_PAGE, encoding="")
        self.assertStatus(Status.UNKNOWN_ENCODING, newspan.parse, SMALL_PAGE, encoding="utf-8\0junk")

    def test_unsupported_encoding(self):
        self.assertStatus(Status.UNSUPPORTED_ENCODING, newspan.parse, SMALL_PAGE, encoding="iso-2022-kr")

    def test_labels_are_whatwg_labels(self):
        for label in ("utf-8", " UTF8 ", "gbk", "GB2312", "gb18030", "big5", "shift_jis", "utf-16le", b"gbk"):
            with newspan.parse(SMALL_PAGE, encoding=label):
                pass
        with self.assertRaises(TypeError):
            newspan.parse(SMALL_PAGE, encoding=8)

    def test_malformed_input_in_strict_mode(self):
        e = self.assertStatus(Status.MALFORMED_INPUT, newspan.parse, MALFORMED_PAGE, encoding="utf-8", strict=True)
        self.assertIn("parse", str(e))
        self.assertEqual(e.offset, MALFORMED_PAGE.index(b"\xff"))
        self.assertIn("at byte %d" % e.offset, e.message)
        gbk = "新闻标题\n\n正文第一段。\n".encode("gbk") + b"\x81\n"  # a lead byte with no trail byte
        e = self.assertStatus(Status.MALFORMED_INPUT, newspan.parse, gbk, encoding="gbk", strict=True)
        self.assertEqual(e.offset, gbk.index(b"\x81"))
        self.assertIsNone(e.limit)
        with newspan.parse(gbk, encoding="gbk") as doc:
            self.assertTrue(doc.had_decode_errors)
        # Not strict: replaced, offsets kept.
        with newspan.parse(MALFORMED_PAGE, encoding="utf-8") as doc:
            self.assertTrue(doc.had_decode_errors)
            self.assertEqual(doc.decode_error_count, 1)
            self.assertEqual(doc.first_decode_error, MALFORMED_PAGE.index(b"\xff"))
            self.assertEqual(doc.to_dict()["decode_errors"], {"count": 1, "first": doc.first_decode_error})
            self.assertFalse(doc.input_is_utf8)
            texts = [s.text for s in doc.spans]
            self.assertTrue(any("\ufffd" in t for t in texts), texts)
        # Strict mode on a well-formed page is fine.
        with newspan.parse(SMALL_PAGE, strict=True) as doc:
            self.assertFalse(doc.had_decode_errors)
            self.assertEqual((doc.decode_error_count, doc.first_decode_error), (0, None))

    def test_a_damaged_page_is_detected_as_what_it_was(self):
        # One stray byte in a UTF-8 page: still UTF-8, the byte counted and located.
        with newspan.parse(MALFORMED_PAGE) as doc:
            self.assertEqual(doc.encoding, "UTF-8")
            self.assertEqual(doc.decode_error_count, 1)
            self.assertEqual(doc.first_decode_error, MALFORMED_PAGE.index(b"\xff"))

    def test_limits(self):
        e = self.assertStatus(Status.INPUT_TOO_LARGE, newspan.parse, SMALL_PAGE, max_input_len=10)
        self.assertEqual((e.input_len, e.limit, e.offset), (len(SMALL_PAGE), 10, None))
        self.assertIn("limit of 10 bytes", e.message)
        with newspan.parse(SMALL_PAGE, max_input_len=len(SMALL_PAGE)):
            pass
        e = self.assertStatus(Status.TOO_MANY_SPANS, newspan.parse, SMALL_PAGE, max_spans=2)
        self.assertEqual((e.input_len, e.limit), (None, 2))
        with self.assertRaises(ValueError):
            newspan.parse(SMALL_PAGE, max_spans=-1)

    def test_layout_option(self):
        for layout in ("auto", "paragraphs", "wrapped", "vertical", 0, 1, 2, 3):
            with newspan.parse(SMALL_PAGE, layout=layout) as doc:
                if layout not in ("auto", 0):
                    self.assertEqual(doc.layout, layout if isinstance(layout, str) else
                                     ("auto", "paragraphs", "wrapped", "vertical")[layout])
        for bad in ("sideways", 4, -1, 2 ** 40, 1.5):
            self.assertStatus(Status.INVALID_ARGUMENT, newspan.parse, SMALL_PAGE, layout=bad)

    def test_str_input(self):
        with self.assertRaises(TypeError) as cm:
            newspan.parse(SMALL_PAGE.decode("utf-8"))
        self.assertIn("bytes", str(cm.exception))
        with self.assertRaises(TypeError):
            newspan.parse(None)
        with self.assertRaises(TypeError):
            newspan.parse(12)

    def test_unknown_status(self):
        e = newspan.NewspanError(99, "unknown status")
        self.assertEqual(e.status, 99)
        self.assertIn("status 99", str(e))


class UseAfterClose(unittest.TestCase):
    def closed_doc(self, data=SMALL_PAGE, **kwargs):
        doc = newspan.parse(data, **kwargs)
        article = doc.articles[0]
        span = doc.spans[0]
        doc.close()
        return doc, article, span

    def test_document_accessors_raise(self):
        doc, _, _ = self.closed_doc()
        self.assertTrue(doc.closed)
        for name in ("articles", "spans", "boilerplate", "unassigned", "encoding", "layout", "input_is_utf8",
                     "had_decode_errors", "decode_error_count", "first_decode_error", "data", "input_len"):
            with self.assertRaises(ValueError, msg=name) as cm:
                getattr(doc, name)
            self.assertIn("closed", str(cm.exception))
        with self.assertRaises(ValueError):
            doc.to_dict()
        with self.assertRaises(ValueError):
            doc.to_json()
        with self.assertRaises(ValueError):
            with doc:
                pass
        self.assertIn("closed", repr(doc))

    def test_objects_from_a_closed_document_raise(self):
        for data, kwargs in ((SMALL_PAGE, {}), (SMALL_PAGE.decode("utf-8").encode("gbk"), {"encoding": "gbk"})):
            doc, article, span = self.closed_doc(data, **kwargs)
            # Offsets are plain values; text needs the document.
            self.assertEqual(span.start, 0)
            for get in (lambda: span.text, lambda: span.bytes, lambda: span.to_dict(), lambda: article.to_dict(),
                        lambda: article.headline, lambda: article.paragraphs[0].text,
                        lambda: article.paragraphs[0].span_text, lambda: article.bylines[0].names[0].text,
                        lambda: article.dateline.place.text):
                with self.assertRaises(ValueError):
                    get()
            self.assertIn("closed", repr(span))
            self.assertIn("closed", repr(article))

    def test_close_is_idempotent_and_with_closes(self):
        doc = newspan.parse(SMALL_PAGE)
        doc.close()
        doc.close()
        with newspan.parse(SMALL_PAGE) as doc:
            self.assertFalse(doc.closed)
        self.assertTrue(doc.closed)
        with self.assertRaises(ValueError):
            doc.articles

    def test_exception_in_with_block_still_closes(self):
        with self.assertRaises(KeyError):
            with newspan.parse(SMALL_PAGE) as doc:
                raise KeyError("x")
        self.assertTrue(doc.closed)

    def test_objects_outlive_a_dropped_document(self):
        # Without close(), spans keep the document alive: their text stays readable.
        data = SMALL_PAGE.decode("utf-8").encode("gbk")
        span = newspan.parse(data, encoding="gbk").articles[0].paragraphs[0]
        self.assertEqual(span.text, "今天凌晨，外滩的钟声敲响。")

    def test_close_while_other_threads_read(self):
        # Non-UTF-8 text comes from the C document: readers race a close and must see either
        # the text or ValueError, never a crash.
        data = read(example_pages()[0]).decode("utf-8").encode("utf-16-le")
        for _ in range(20):
            doc = newspan.parse(data, encoding="utf-16le")
            spans = doc.spans
            errors = []
            started = threading.Barrier(5)

            def reader():
                started.wait()
                try:
                    while True:
                        for s in spans:
                            s.text
                except ValueError:
                    pass
                except Exception as e:  # pragma: no cover
                    errors.append(e)

            threads = [threading.Thread(target=reader) for _ in range(4)]
            for t in threads:
                t.start()
            started.wait()
            doc.close()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            self.assertIsNone(doc._h.ptr)


if __name__ == "__main__":
    unittest.main()
