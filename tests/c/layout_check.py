"""The frozen C structs, asserted from Python (ctypes), as a Python wrapper declares them.

usage: python3 tests/c/layout_check.py path/to/libnewspan.so

Run by tests/ffi.rs. A Python wrapper should declare the structs and signatures exactly like
this (every argtypes/restype), keep the same asserts, and slice `bytes`, never `str`.
"""

import ctypes
import sys


class Span(ctypes.Structure):
    """newspan_span: 32 bytes, frozen."""

    _fields_ = [
        ("start", ctypes.c_uint64),
        ("end", ctypes.c_uint64),
        ("kind", ctypes.c_uint32),
        ("article", ctypes.c_uint32),
        ("parent", ctypes.c_uint32),
        ("attr", ctypes.c_uint32),
    ]


class Article(ctypes.Structure):
    """newspan_article: 24 bytes, frozen."""

    _fields_ = [
        ("start", ctypes.c_uint64),
        ("end", ctypes.c_uint64),
        ("first_span", ctypes.c_uint32),
        ("span_count", ctypes.c_uint32),
    ]


NEWSPAN_OK = 0
NEWSPAN_BUFFER_TOO_SMALL = 4
NEWSPAN_NONE = 0xFFFFFFFF
NEWSPAN_KIND_TITLE = 1
NEWSPAN_ABI_VERSION = 3


class Extent(ctypes.Structure):
    _fields_ = [("start", ctypes.c_uint64), ("end", ctypes.c_uint64)]


def check_layout():
    assert ctypes.sizeof(Span) == 32, ctypes.sizeof(Span)
    assert ctypes.alignment(Span) == 8
    for name, offset in [("start", 0), ("end", 8), ("kind", 16), ("article", 20), ("parent", 24), ("attr", 28)]:
        assert getattr(Span, name).offset == offset, (name, getattr(Span, name).offset)
    assert ctypes.sizeof(Article) == 24, ctypes.sizeof(Article)
    for name, offset in [("start", 0), ("end", 8), ("first_span", 16), ("span_count", 20)]:
        assert getattr(Article, name).offset == offset, (name, getattr(Article, name).offset)
    assert ctypes.sizeof(Extent) == 16 and ctypes.alignment(Extent) == 8
    assert (Extent.start.offset, Extent.end.offset) == (0, 8)


def declare(lib):
    doc_p = ctypes.c_void_p
    lib.newspan_abi_version.argtypes = []
    lib.newspan_abi_version.restype = ctypes.c_uint32
    lib.newspan_abi_is_compatible.argtypes = [ctypes.c_uint32]
    lib.newspan_abi_is_compatible.restype = ctypes.c_bool
    lib.newspan_document_article_extents.argtypes = [
        doc_p, ctypes.c_size_t, ctypes.POINTER(ctypes.POINTER(Extent)), ctypes.POINTER(ctypes.c_size_t)]
    lib.newspan_document_article_extents.restype = ctypes.c_uint32
    lib.newspan_parse.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.POINTER(doc_p)]
    lib.newspan_parse.restype = ctypes.c_uint32
    lib.newspan_document_free.argtypes = [doc_p]
    lib.newspan_document_free.restype = None
    lib.newspan_document_spans.argtypes = [doc_p, ctypes.POINTER(ctypes.POINTER(Span)), ctypes.POINTER(ctypes.c_size_t)]
    lib.newspan_document_spans.restype = ctypes.c_uint32
    lib.newspan_document_article.argtypes = [doc_p, ctypes.c_size_t, ctypes.POINTER(Article)]
    lib.newspan_document_article.restype = ctypes.c_uint32
    lib.newspan_document_span_text.argtypes = [
        doc_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t),
    ]
    lib.newspan_document_span_text.restype = ctypes.c_uint32


def main():
    check_layout()
    lib = ctypes.CDLL(sys.argv[1])
    declare(lib)
    assert lib.newspan_abi_is_compatible(NEWSPAN_ABI_VERSION)

    page = "今晨上海的动与静\n\n本报记者 王小明\n\n晨报上海4月1日讯 今天凌晨，外滩\n\n的钟声敲响。\n".encode("utf-8")
    doc = ctypes.c_void_p()
    assert lib.newspan_parse(page, len(page), None, ctypes.byref(doc)) == NEWSPAN_OK
    try:
        spans = ctypes.POINTER(Span)()
        count = ctypes.c_size_t()
        assert lib.newspan_document_spans(doc, ctypes.byref(spans), ctypes.byref(count)) == NEWSPAN_OK
        assert count.value > 0
        title = spans[0]
        assert title.kind == NEWSPAN_KIND_TITLE, title.kind
        assert title.article == 0 and title.parent == NEWSPAN_NONE
        assert page[title.start:title.end].decode("utf-8") == "今晨上海的动与静"

        article = Article()
        assert lib.newspan_document_article(doc, 0, ctypes.byref(article)) == NEWSPAN_OK
        assert (article.first_span, article.span_count) == (0, count.value)
        extents = ctypes.POINTER(Extent)()
        n = ctypes.c_size_t()
        assert lib.newspan_document_article_extents(doc, 0, ctypes.byref(extents), ctypes.byref(n)) == NEWSPAN_OK
        assert n.value == 1 and (extents[0].start, extents[0].end) == (article.start, article.end)

        needed = ctypes.c_size_t()
        assert lib.newspan_document_span_text(doc, page, len(page), 0, None, 0, ctypes.byref(needed)) == NEWSPAN_BUFFER_TOO_SMALL
        buf = ctypes.create_string_buffer(needed.value)
        assert lib.newspan_document_span_text(doc, page, len(page), 0, buf, needed.value, ctypes.byref(needed)) == NEWSPAN_OK
        assert buf.raw[: needed.value - 1] == page[title.start:title.end]
    finally:
        lib.newspan_document_free(doc)
    print("layout_check: ok")


if __name__ == "__main__":
    main()
