"""Shared set-up of the Python tests: the wrapper on sys.path, the sample pages, the tool.

Run from the checkout: `python3 -m unittest discover -s tests/python -v` (after
`cargo build --release`), or through `cargo test --test python`, which sets NEWSPAN_LIB to the
shared library of its build and NEWSPAN_BIN to its `newspan` binary.
"""

import os
import shutil
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir))
EXAMPLES = os.path.join(ROOT, "examples", "python")
if EXAMPLES not in sys.path:
    sys.path.insert(0, EXAMPLES)

import newspan  # noqa: E402

#: The tiny page of tests/c/layout_check.py and the C API README: every part, exact values.
SMALL_PAGE = "今晨上海的动与静\n\n本报记者 王小明\n\n晨报上海4月1日讯 今天凌晨，外滩\n\n的钟声敲响。\n".encode("utf-8")

#: A page with a byte that is malformed in UTF-8.
MALFORMED_PAGE = b"Headline here\n\nA paragraph with a bad \xff byte in it.\n"


def lib():
    return newspan.load()


def sample_pages():
    """Every sample page and fixture page (UTF-8), sorted."""
    pages = []
    for folder in (os.path.join(ROOT, "examples", "pages"), os.path.join(ROOT, "tests", "fixtures")):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                pages.append(os.path.join(folder, name))
    assert pages, "no sample pages"
    return pages


def example_pages():
    return [p for p in sample_pages() if os.sep + "examples" + os.sep in p]


def read(path):
    with open(path, "rb") as f:
        return f.read()


_variants = None


def encoded_variants():
    """The example pages in other encodings, as files in a temporary folder: GBK and GB18030
    (Chinese pages), UTF-16LE with a BOM, UTF-8 with a BOM and CRLF line ends, and a page with
    a malformed byte. Returns (path, python codec or None) pairs."""
    global _variants
    if _variants is not None:
        return _variants
    folder = tempfile.mkdtemp(prefix="newspan-py-")
    import atexit

    atexit.register(shutil.rmtree, folder, True)
    out = []

    def write(name, data, codec):
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        out.append((path, codec))

    for page in example_pages():
        text = read(page).decode("utf-8")
        stem = os.path.basename(page)[:-4]
        if stem.endswith("-zh") or stem.endswith("-zh-hant"):
            try:
                write(stem + ".gbk.txt", text.encode("gbk"), "gbk")
            except UnicodeEncodeError:
                pass
            write(stem + ".gb18030.txt", text.encode("gb18030"), "gb18030")
        write(stem + ".utf16le.txt", b"\xff\xfe" + text.encode("utf-16-le"), "utf-16")
    text = read(os.path.join(ROOT, "examples", "pages", "ocr-en.txt")).decode("utf-8")
    write("ocr-en.bom-crlf.txt", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig")
    write("malformed.txt", MALFORMED_PAGE, None)
    _variants = out
    return out


def tool():
    """The `newspan` binary: NEWSPAN_BIN, or the one beside the shared library, or None."""
    path = os.environ.get("NEWSPAN_BIN")
    if path:
        return path
    folder = os.path.dirname(lib().path)
    for name in ("newspan", "newspan.exe"):
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None
