"""newspan for Python: the articles of a newspaper page, as byte spans into your bytes.

A single-file wrapper over newspan's C ABI (``include/newspan.h``), standard library only
(ctypes). Put this folder on ``sys.path`` and::

    import newspan

    data = open("examples/pages/epaper-zh.txt", "rb").read()
    with newspan.parse(data) as doc:
        for article in doc.articles:
            print(" ".join(s.text for s in article.title))
            for byline in article.bylines:
                print(byline.role, [n.text for n in byline.names])
            for p in article.paragraphs:
                print(p.text)          # fragments joined
        page = doc.to_dict()           # the same object as `newspan --json`
        for article in doc.iter_articles():   # a large page: one article's objects at a time
            print(article.extents)            # the (start, end) ranges holding only this article

The shared library (``libnewspan.so``, ``libnewspan.dylib`` or ``newspan.dll``) is found, in
this order: ``newspan.load(path)`` or ``parse(..., lib=path)``; the ``NEWSPAN_LIB``
environment variable (the file, or the folder holding it); the folder of this file;
``$CARGO_TARGET_DIR/release`` and ``/debug``; ``target/release`` and ``target/debug`` of the
checkout this file is in; the system's library path. Build it with ``cargo build --release``.

Errors from the library raise :class:`NewspanError` (``.status``, ``.message``); a library that
cannot be found or loaded raises :class:`LibraryError` (an ``OSError``); reading a closed
document raises ``ValueError``. Nothing here can crash the interpreter: the library checks
every argument, catches its own panics, and this module never hands it a freed document.

Threads: ``parse()`` releases the GIL while the library works, so threads parse in parallel.
A document may be read from several threads at once; closing it while another thread reads
makes that thread's later reads raise ``ValueError`` (the memory is released when the last
read in flight returns).
"""

import ctypes
import ctypes.util
import enum
import os
import struct
import sys
import threading

__all__ = [
    "ABI_VERSION",
    "Article",
    "Byline",
    "CArticle",
    "CExtent",
    "CSpan",
    "CLink",
    "Dateline",
    "Document",
    "Issue",
    "Jump",
    "Kind",
    "Library",
    "LibraryError",
    "Link",
    "NewspanError",
    "Paragraph",
    "Span",
    "Status",
    "abi_version",
    "load",
    "parse",
    "parse_issue",
    "version",
]

#: The ABI version this wrapper was written for (``NEWSPAN_ABI_VERSION`` in newspan.h). A
#: library serves it when ``newspan_abi_is_compatible(ABI_VERSION)`` says so (its range of
#: ABI versions, from ``newspan_abi_min_compatible()`` to ``newspan_abi_version()``, holds it).
ABI_VERSION = 3

#: ``NEWSPAN_NONE``: "no such index" (the article of a page-level span, the parent of a
#: top-level one). The Python objects use ``None`` instead.
NONE = 0xFFFFFFFF

#: ``NEWSPAN_ATTR_HYPHEN_REMOVED``: a fragment whose line-end hyphen only split a word.
ATTR_HYPHEN_REMOVED = 1


# ---------------------------------------------------------------------------------------------
# The C types (frozen layouts, checked at import as in tests/c/layout_check.py)


class CSpan(ctypes.Structure):
    """``newspan_span``: 32 bytes, frozen."""

    _fields_ = [
        ("start", ctypes.c_uint64),
        ("end", ctypes.c_uint64),
        ("kind", ctypes.c_uint32),
        ("article", ctypes.c_uint32),
        ("parent", ctypes.c_uint32),
        ("attr", ctypes.c_uint32),
    ]


class CArticle(ctypes.Structure):
    """``newspan_article``: 24 bytes, frozen."""

    _fields_ = [
        ("start", ctypes.c_uint64),
        ("end", ctypes.c_uint64),
        ("first_span", ctypes.c_uint32),
        ("span_count", ctypes.c_uint32),
    ]


class CExtent(ctypes.Structure):
    """``newspan_extent``: 16 bytes, frozen."""

    _fields_ = [("start", ctypes.c_uint64), ("end", ctypes.c_uint64)]


class CLink(ctypes.Structure):
    """``newspan_link``: 32 bytes, frozen (ABI 3)."""

    _fields_ = [
        ("from_page", ctypes.c_uint32),
        ("from_article", ctypes.c_uint32),
        ("to_page", ctypes.c_uint32),
        ("to_article", ctypes.c_uint32),
        ("jump_span", ctypes.c_uint32),
        ("from_line_span", ctypes.c_uint32),
        ("confidence", ctypes.c_float),
        ("joins_paragraph", ctypes.c_uint32),
    ]


# The span table is copied out in one piece and unpacked with this (native order, no padding).
_SPAN_ROW = struct.Struct("=QQIIII")


def _check_layout():
    problems = []
    if ctypes.sizeof(CSpan) != 32 or ctypes.alignment(CSpan) != 8:
        problems.append("newspan_span is %d bytes (align %d), not 32 (8)"
                        % (ctypes.sizeof(CSpan), ctypes.alignment(CSpan)))
    for name, offset in [("start", 0), ("end", 8), ("kind", 16), ("article", 20), ("parent", 24), ("attr", 28)]:
        if getattr(CSpan, name).offset != offset:
            problems.append("newspan_span.%s at %d, not %d" % (name, getattr(CSpan, name).offset, offset))
    if ctypes.sizeof(CArticle) != 24:
        problems.append("newspan_article is %d bytes, not 24" % ctypes.sizeof(CArticle))
    for name, offset in [("start", 0), ("end", 8), ("first_span", 16), ("span_count", 20)]:
        if getattr(CArticle, name).offset != offset:
            problems.append("newspan_article.%s at %d, not %d" % (name, getattr(CArticle, name).offset, offset))
    if ctypes.sizeof(CExtent) != 16 or CExtent.end.offset != 8:
        problems.append("newspan_extent is %d bytes, not 16" % ctypes.sizeof(CExtent))
    if ctypes.sizeof(CLink) != 32 or CLink.confidence.offset != 24 or CLink.joins_paragraph.offset != 28:
        problems.append("newspan_link is %d bytes, not 32" % ctypes.sizeof(CLink))
    if _SPAN_ROW.size != ctypes.sizeof(CSpan):
        problems.append("span row format is %d bytes" % _SPAN_ROW.size)
    if problems:
        raise ImportError("newspan: the C struct layouts differ on this platform: " + "; ".join(problems))


_check_layout()


class _CDocument(ctypes.Structure):
    """``newspan_document``: opaque."""


class _COptions(ctypes.Structure):
    """``newspan_options``: opaque."""


class _CIssue(ctypes.Structure):
    """``newspan_issue``: opaque."""


_DocPtr = ctypes.POINTER(_CDocument)
_IssuePtr = ctypes.POINTER(_CIssue)
_OptPtr = ctypes.POINTER(_COptions)
_SpanPtr = ctypes.POINTER(CSpan)
_ExtentPtr = ctypes.POINTER(CExtent)
_size_t = ctypes.c_size_t
_u32 = ctypes.c_uint32
_str = ctypes.c_char_p
_TEXT_ARGS = [_DocPtr, ctypes.c_char_p, _size_t, _size_t, ctypes.c_char_p, _size_t, ctypes.POINTER(_size_t)]

#: Every function of include/newspan.h: (name, restype, argtypes).
_FUNCTIONS = [
    ("newspan_version", _str, []),
    ("newspan_abi_version", _u32, []),
    ("newspan_parse", _u32, [ctypes.c_char_p, _size_t, _OptPtr, ctypes.POINTER(_DocPtr)]),
    ("newspan_document_free", None, [_DocPtr]),
    ("newspan_document_encoding", _str, [_DocPtr]),
    ("newspan_document_layout", _u32, [_DocPtr]),
    ("newspan_document_input_len", _size_t, [_DocPtr]),
    ("newspan_document_input_is_utf8", ctypes.c_bool, [_DocPtr]),
    ("newspan_document_had_decode_errors", ctypes.c_bool, [_DocPtr]),
    ("newspan_document_span_count", _size_t, [_DocPtr]),
    ("newspan_document_span", _u32, [_DocPtr, _size_t, ctypes.POINTER(CSpan)]),
    ("newspan_document_spans", _u32, [_DocPtr, ctypes.POINTER(_SpanPtr), ctypes.POINTER(_size_t)]),
    ("newspan_document_article_count", _size_t, [_DocPtr]),
    ("newspan_document_article", _u32, [_DocPtr, _size_t, ctypes.POINTER(CArticle)]),
    ("newspan_document_span_text", _u32, _TEXT_ARGS),
    ("newspan_document_paragraph_text", _u32, _TEXT_ARGS),
    ("newspan_document_decode_error_count", _size_t, [_DocPtr]),
    ("newspan_document_first_decode_error", ctypes.c_bool, [_DocPtr, ctypes.POINTER(_size_t)]),
    ("newspan_options_new", _u32, [ctypes.POINTER(_OptPtr)]),
    ("newspan_options_free", None, [_OptPtr]),
    ("newspan_options_set_encoding", _u32, [_OptPtr, ctypes.c_char_p]),
    ("newspan_options_set_strict", _u32, [_OptPtr, ctypes.c_bool]),
    ("newspan_options_set_layout", _u32, [_OptPtr, _u32]),
    ("newspan_options_set_max_input_len", _u32, [_OptPtr, _size_t]),
    ("newspan_options_set_max_spans", _u32, [_OptPtr, _size_t]),
    ("newspan_status_str", _str, [_u32]),
    ("newspan_kind_name", _str, [_u32]),
    ("newspan_kind_is_leaf", ctypes.c_bool, [_u32]),
    ("newspan_role_name", _str, [_u32]),
    ("newspan_direction_name", _str, [_u32]),
    ("newspan_layout_name", _str, [_u32]),
    # ABI version 2
    ("newspan_abi_min_compatible", _u32, []),
    ("newspan_abi_is_compatible", ctypes.c_bool, [_u32]),
    ("newspan_last_error_message", _u32, [ctypes.c_char_p, _size_t, ctypes.POINTER(_size_t)]),
    ("newspan_last_error_value", ctypes.c_bool, [_u32, ctypes.POINTER(ctypes.c_uint64)]),
    ("newspan_document_article_extents", _u32,
     [_DocPtr, _size_t, ctypes.POINTER(_ExtentPtr), ctypes.POINTER(_size_t)]),
    ("newspan_options_set_model", _u32, [_OptPtr, ctypes.c_char_p, _size_t]),
    ("newspan_options_set_confidence", _u32, [_OptPtr, ctypes.c_bool]),
    ("newspan_document_span_confidence", ctypes.c_bool, [_DocPtr, _size_t, ctypes.POINTER(ctypes.c_float)]),
    # ABI version 3
    ("newspan_issue_new", _u32, [_OptPtr, ctypes.POINTER(_IssuePtr)]),
    ("newspan_issue_add_page", _u32, [_IssuePtr, ctypes.c_char_p, _size_t]),
    ("newspan_issue_parse", _u32, [_IssuePtr]),
    ("newspan_issue_page_count", _size_t, [_IssuePtr]),
    ("newspan_issue_page", _u32, [_IssuePtr, _size_t, ctypes.POINTER(_DocPtr)]),
    ("newspan_issue_link_count", _size_t, [_IssuePtr]),
    ("newspan_issue_link", _u32, [_IssuePtr, _size_t, ctypes.POINTER(CLink)]),
    ("newspan_issue_free", None, [_IssuePtr]),
]

# newspan_error_value codes: the numbers of the last error.
_ERROR_OFFSET, _ERROR_INPUT_LEN, _ERROR_LIMIT = 0, 1, 2


# ---------------------------------------------------------------------------------------------
# Codes


class Status(enum.IntEnum):
    """``newspan_status``: the result of a fallible call (new codes are only appended)."""

    OK = 0
    NULL_ARGUMENT = 1
    INVALID_ARGUMENT = 2
    OUT_OF_RANGE = 3
    BUFFER_TOO_SMALL = 4
    UNKNOWN_ENCODING = 5
    UNSUPPORTED_ENCODING = 6
    MALFORMED_INPUT = 7
    INPUT_TOO_LARGE = 8
    TOO_MANY_SPANS = 9
    PANIC = 10
    BAD_MODEL = 11


class Kind(enum.IntEnum):
    """``newspan_kind``: what a span is. ``Kind.TITLE.label`` is its JSON name, "title"."""

    KICKER = 0
    TITLE = 1
    SUBTITLE = 2
    BYLINE = 3
    BYLINE_NAME = 4
    DATELINE = 5
    DATELINE_SOURCE = 6
    DATELINE_PLACE = 7
    DATELINE_DATE = 8
    PARAGRAPH = 9
    FRAGMENT = 10
    SUBHEAD = 11
    CAPTION = 12
    JUMP = 13
    JUMP_PAGE = 14
    BOILERPLATE = 15
    UNASSIGNED = 16

    @property
    def label(self):
        return self.name.lower()


_KINDS = tuple(Kind)
_ROLES = ("reporter", "correspondent", "photographer", "intern", "agency", "other")
_DIRECTIONS = ("to", "from")
_LAYOUTS = ("auto", "paragraphs", "wrapped", "vertical")


def _kind(code):
    return _KINDS[code] if code < len(_KINDS) else code


# ---------------------------------------------------------------------------------------------
# Errors


class NewspanError(Exception):
    """A call into newspan failed: ``status`` (a :class:`Status`, or an int from a newer
    library), ``message`` (the library's message: what went wrong, with the detail the status
    cannot carry, e.g. "malformed gb18030 byte sequence at byte 1234"), ``detail`` (what was
    asked), and the numbers of the failure when it has them: ``offset`` (the byte offset of a
    malformed sequence, strict mode), ``input_len`` and ``limit`` (a limit exceeded); ``None``
    otherwise."""

    def __init__(self, status, message, detail=None, offset=None, input_len=None, limit=None):
        try:
            status = Status(status)
        except ValueError:
            pass
        self.status = status
        self.message = message
        self.detail = detail
        self.offset = offset
        self.input_len = input_len
        self.limit = limit
        name = status.name if isinstance(status, Status) else "status %d" % status
        text = "%s (%s)" % (message, name)
        super().__init__("%s: %s" % (detail, text) if detail else text)


class LibraryError(OSError):
    """The shared library could not be found, loaded, or is of another ABI version."""


_CLOSED = "document is closed"


# ---------------------------------------------------------------------------------------------
# Finding and loading the library


def _library_names():
    if sys.platform == "win32":
        return ["newspan.dll"]
    if sys.platform == "darwin":
        return ["libnewspan.dylib"]
    return ["libnewspan.so"]


def _in_dir(folder):
    return [os.path.join(folder, name) for name in _library_names()]


def _candidates():
    """Where to look, in order, when no path is given: (path, why) pairs."""
    env = os.environ.get("NEWSPAN_LIB")
    if env:
        # An explicit setting is final: never fall back to some other build behind it.
        paths = _in_dir(env) if os.path.isdir(env) else [env]
        return [(p, "NEWSPAN_LIB") for p in paths], True
    here = os.path.dirname(os.path.abspath(__file__))
    # Shipped together: the library beside this file (a worker's job folder, a vendored copy).
    out = [(p, "beside newspan.py") for p in _in_dir(here)]
    target = os.environ.get("CARGO_TARGET_DIR")
    if target:
        for profile in ("release", "debug"):
            out += [(p, "CARGO_TARGET_DIR") for p in _in_dir(os.path.join(os.path.abspath(target), profile))]
    checkout = os.path.normpath(os.path.join(here, os.pardir, os.pardir, "target"))
    for profile in ("release", "debug"):
        out += [(p, "checkout") for p in _in_dir(os.path.join(checkout, profile))]
    return out, False


def _find():
    tried = []
    candidates, final = _candidates()
    for path, why in candidates:
        if os.path.isfile(path):
            return path
        tried.append("%s (%s)" % (path, why))
    if not final:
        system = ctypes.util.find_library("newspan")
        if system:
            return system
        tried.append("the system library path (ctypes.util.find_library('newspan'))")
    raise LibraryError(
        "newspan: cannot find the shared library %s. Tried:\n  %s\n"
        "Build it with `cargo build --release` in the newspan checkout, then set "
        "NEWSPAN_LIB=/path/to/%s or call newspan.load(path)."
        % (_library_names()[0], "\n  ".join(tried), _library_names()[0])
    )


class Library:
    """A loaded newspan shared library, checked and with every function declared.

    Use :func:`load` (cached) rather than building one per call."""

    def __init__(self, path):
        self.path = os.fspath(path)
        try:
            dll = ctypes.CDLL(self.path)
        except OSError as e:
            raise LibraryError("newspan: cannot load %s: %s" % (self.path, e)) from e
        for name, restype, argtypes in _FUNCTIONS:
            try:
                fn = getattr(dll, name)
            except AttributeError:
                raise LibraryError("newspan: %s has no function %s: not a newspan library, or too old"
                                   % (self.path, name)) from None
            fn.restype = restype
            fn.argtypes = argtypes
        abi = dll.newspan_abi_version()
        if not dll.newspan_abi_is_compatible(ABI_VERSION):
            raise LibraryError(
                "newspan: %s serves ABI versions %d to %d, this wrapper was written for %d: use the "
                "newspan.py of the same release" % (self.path, dll.newspan_abi_min_compatible(), abi, ABI_VERSION))
        self._dll = dll
        #: The library's package version ("0.1.0").
        self.version = dll.newspan_version().decode("ascii")
        #: The library's ABI version.
        self.abi_version = abi
        # The wrapper's names must be the library's (the codes are frozen; this is a tripwire).
        for codes, fn in [
            ([k.label for k in Kind], dll.newspan_kind_name),
            (_ROLES, dll.newspan_role_name),
            (_DIRECTIONS, dll.newspan_direction_name),
            (_LAYOUTS, dll.newspan_layout_name),
        ]:
            names = [fn(i).decode("utf-8") for i in range(len(codes))]
            if names != list(codes):
                raise LibraryError("newspan: %s names its codes %s, this wrapper %s" % (self.path, names, list(codes)))
        self._messages = {}

    def __repr__(self):
        return "<newspan.Library %s %s>" % (self.version, self.path)

    def status_message(self, status):
        """The library's description of a status code ("unknown encoding label", ...)."""
        message = self._messages.get(status)
        if message is None:
            message = self._dll.newspan_status_str(status).decode("utf-8", "replace")
            self._messages[status] = message
        return message

    def _error(self, status, detail=None):
        """The error of a call that just returned ``status`` on this thread: the library's
        last-error message and numbers (read before any other call can replace them)."""
        dll = self._dll
        needed = _size_t()
        message = None
        if dll.newspan_last_error_message(None, 0, ctypes.byref(needed)) == Status.BUFFER_TOO_SMALL:
            buf = ctypes.create_string_buffer(needed.value)
            if dll.newspan_last_error_message(buf, needed.value, ctypes.byref(needed)) == Status.OK:
                message = buf.value.decode("utf-8", "replace") or None
        numbers = []
        value = ctypes.c_uint64()
        for which in (_ERROR_OFFSET, _ERROR_INPUT_LEN, _ERROR_LIMIT):
            numbers.append(value.value if dll.newspan_last_error_value(which, ctypes.byref(value)) else None)
        return NewspanError(status, message or self.status_message(status), detail, *numbers)

    def parse(self, data, encoding=None, strict=False, *, layout=None, max_input_len=None, max_spans=None,
              model=None, confidence=True):
        """See :func:`parse`."""
        if isinstance(data, str):
            raise TypeError("newspan.parse takes the page as bytes (spans are byte offsets): "
                            "pass the file's bytes, or text.encode('utf-8')")
        if not isinstance(data, bytes):
            try:
                view = memoryview(data)
            except TypeError:
                raise TypeError("newspan.parse takes bytes (or a bytes-like object), not %s"
                                % type(data).__name__) from None
            data = view.tobytes()  # bytearray, memoryview, mmap: a private, immutable copy
        dll = self._dll
        options = self._options(encoding, strict, layout, max_input_len, max_spans, model, confidence)
        try:
            handle = _DocPtr()
            st = dll.newspan_parse(data, len(data), options, ctypes.byref(handle))
            if st:
                raise self._error(st, "parse")
        finally:
            if options:
                dll.newspan_options_free(options)
        return Document(_Handle(self, handle, data))

    def _options(self, encoding, strict, layout, max_input_len, max_spans, model, confidence):
        """A C options handle for these settings (the caller frees it), or None for the defaults."""
        dll = self._dll
        if model is not None and not isinstance(model, (bytes, bytearray, memoryview)):
            with open(os.fspath(model), "rb") as f:
                model = f.read()
        # The library computes no confidence by default; this wrapper asks for it unless told not to.
        if not (encoding is not None or strict or layout is not None or max_input_len is not None
                or max_spans is not None or model is not None or confidence):
            return None
        options = _OptPtr()
        st = dll.newspan_options_new(ctypes.byref(options))
        if st:
            raise self._error(st, "newspan_options_new")
        try:
            self._set_options(options, encoding, strict, layout, max_input_len, max_spans)
            if model is not None:
                model = bytes(model)
                st = dll.newspan_options_set_model(options, model, len(model))
                if st:
                    raise self._error(st, "model")
            if confidence:
                st = dll.newspan_options_set_confidence(options, True)
                if st:
                    raise self._error(st, "confidence")
        except BaseException:
            dll.newspan_options_free(options)
            raise
        return options

    def parse_issue(self, pages, encoding=None, strict=False, *, layout=None, max_input_len=None, max_spans=None,
                    model=None, confidence=True):
        """See :func:`parse_issue`."""
        datas = []
        for k, data in enumerate(pages):
            if isinstance(data, str):
                raise TypeError("newspan.parse_issue takes each page as bytes (spans are byte offsets), "
                                "page %d is a str" % (k + 1))
            try:
                datas.append(data if isinstance(data, bytes) else memoryview(data).tobytes())
            except TypeError:
                raise TypeError("newspan.parse_issue takes bytes (or bytes-like objects), page %d is %s"
                                % (k + 1, type(data).__name__)) from None
        dll = self._dll
        options = self._options(encoding, strict, layout, max_input_len, max_spans, model, confidence)
        issue = _IssuePtr()
        try:
            st = dll.newspan_issue_new(options, ctypes.byref(issue))
            if st:
                raise self._error(st, "newspan_issue_new")
        finally:
            if options:
                dll.newspan_options_free(options)
        owner = _IssueOwner(self, issue)
        for data in datas:
            st = dll.newspan_issue_add_page(issue, data, len(data))
            if st:
                raise self._error(st, "newspan_issue_add_page")
        st = dll.newspan_issue_parse(issue)
        if st:
            raise self._error(st, "parse_issue")
        docs = []
        for k, data in enumerate(datas):
            ptr = _DocPtr()
            st = dll.newspan_issue_page(issue, k, ctypes.byref(ptr))
            if st:
                raise self._error(st, "newspan_issue_page")
            handle = _Handle(self, ptr, data)
            # The issue owns the page's document: closing the page only lets go of the issue.
            handle._free = lambda _ptr, _owner=owner: None
            docs.append(Document(handle))
        link = CLink()
        rows = []
        for k in range(dll.newspan_issue_link_count(issue)):
            st = dll.newspan_issue_link(issue, k, ctypes.byref(link))
            if st:
                raise self._error(st, "newspan_issue_link")
            rows.append((link.from_page, link.from_article, link.to_page, link.to_article, link.jump_span,
                         link.from_line_span, link.confidence, bool(link.joins_paragraph)))
        return Issue(docs, rows)

    def _set_options(self, options, encoding, strict, layout, max_input_len, max_spans):
        dll = self._dll
        if encoding is not None:
            if isinstance(encoding, bytes):
                encoding = encoding.decode("ascii", "replace")
            if not isinstance(encoding, str):
                raise TypeError("encoding must be a str label such as 'gbk', not %r" % type(encoding).__name__)
            label = encoding.encode("utf-8")
            if b"\0" in label:
                raise NewspanError(Status.UNKNOWN_ENCODING, "unknown encoding label %r" % encoding,
                                   "encoding %r" % encoding)
            st = dll.newspan_options_set_encoding(options, label)
            if st:
                raise self._error(st, "encoding %r" % encoding)
        if strict:
            st = dll.newspan_options_set_strict(options, True)
            if st:
                raise self._error(st, "strict")
        if layout is not None:
            code = layout
            if isinstance(layout, str):
                code = _LAYOUTS.index(layout) if layout in _LAYOUTS else NONE
            if not isinstance(code, int) or isinstance(code, bool) or not 0 <= code <= NONE:
                code = NONE
            st = dll.newspan_options_set_layout(options, code)
            if st:
                raise self._error(st, "layout %r (one of %s)" % (layout, ", ".join(_LAYOUTS)))
        for value, fn, what in [
            (max_input_len, dll.newspan_options_set_max_input_len, "max_input_len"),
            (max_spans, dll.newspan_options_set_max_spans, "max_spans"),
        ]:
            if value is not None:
                if not isinstance(value, int) or value < 0:
                    raise ValueError("%s must be a non-negative int, not %r" % (what, value))
                st = fn(options, min(value, sys.maxsize))
                if st:
                    raise self._error(st, what)


_lock = threading.Lock()
_default = None
_loaded = {}


def _open(path):
    key = os.path.realpath(path) if os.path.sep in path or os.path.exists(path) else path
    with _lock:
        lib = _loaded.get(key)
        if lib is None:
            lib = Library(path)
            _loaded[key] = lib
        return lib


def load(path=None):
    """The library :func:`parse` uses. With ``path``, load that file and make it the default;
    without, find it (``NEWSPAN_LIB``, the cargo target directory, the system) once."""
    global _default
    if path is not None:
        lib = path if isinstance(path, Library) else _open(os.fspath(path))
        _default = lib
        return lib
    lib = _default
    if lib is None:
        lib = _open(_find())
        _default = lib
    return lib


def parse_issue(pages, encoding=None, strict=False, *, layout=None, max_input_len=None, max_spans=None, lib=None,
                model=None, confidence=True):
    """Parse the pages of one issue, in page order, into an :class:`Issue`: each page as
    :func:`parse` parses it, and the links between the stories that jump from page to page
    ("See X, page 7" / "From page 1", "下转第3版" / "上接第1版"). ``pages``: each page's bytes.
    The other arguments are those of :func:`parse`, for every page.

    Raises :class:`NewspanError` when a page fails (its message names the page: "page 2 of
    the issue: ...") and ``TypeError`` for a page given as ``str``.
    """
    if lib is None:
        library = load()
    elif isinstance(lib, Library):
        library = lib
    else:
        library = _open(os.fspath(lib))
    return library.parse_issue(pages, encoding, strict, layout=layout, max_input_len=max_input_len,
                               max_spans=max_spans, model=model, confidence=confidence)


def version():
    """The loaded library's version ("0.1.0")."""
    return load().version


def abi_version():
    """The loaded library's ABI version (equal to :data:`ABI_VERSION`, or it would not load)."""
    return load().abi_version


def parse(data, encoding=None, strict=False, *, layout=None, max_input_len=None, max_spans=None, lib=None,
          model=None, confidence=True):
    """Parse one page into a :class:`Document`.

    ``data``: the page's bytes, in any encoding newspan reads (detected unless ``encoding``,
    a WHATWG label such as ``"gbk"``, ``"big5"``, ``"utf-16le"``, forces one). ``strict``:
    raise on malformed bytes instead of replacing them with U+FFFD. ``layout``: ``"auto"``
    (default), ``"paragraphs"``, ``"wrapped"`` or ``"vertical"``. ``max_input_len`` /
    ``max_spans``: limits (defaults 1 GiB, 16 Mi spans). ``lib``: a :class:`Library` or a path
    to the shared library (default: :func:`load`). ``model``: a model file made by
    ``newspan train`` (its path, or its bytes) instead of the model built into the library.
    ``confidence``: give every span its :attr:`Span.confidence` (on by default; off is a little
    faster).

    Raises :class:`NewspanError` (an unknown or unsupported encoding label, malformed input in
    strict mode, a limit exceeded, a file that is not a usable model), ``TypeError`` for ``str``
    input, ``OSError`` for a model path that cannot be read.
    """
    if lib is None:
        library = load()
    elif isinstance(lib, Library):
        library = lib
    else:
        library = _open(os.fspath(lib))
    return library.parse(data, encoding, strict, layout=layout, max_input_len=max_input_len, max_spans=max_spans,
                         model=model, confidence=confidence)


# ---------------------------------------------------------------------------------------------
# The document handle: frees the C document once, never while a call is using it


class _Handle:
    __slots__ = ("lib", "ptr", "data", "utf8", "closed", "confidence", "_users", "_lock", "_free", "__weakref__")

    def __init__(self, lib, ptr, data):
        self.lib = lib
        self.ptr = ptr
        self.data = data
        self.closed = False
        self._users = 0
        self._lock = threading.Lock()
        self._free = lib._dll.newspan_document_free
        self.utf8 = bool(lib._dll.newspan_document_input_is_utf8(ptr))
        # Every span's confidence, read once (None when the parse computed none).
        self.confidence = None

    def acquire(self):
        with self._lock:
            if self.closed:
                raise ValueError(_CLOSED)
            self._users += 1
            return self.ptr

    def release(self):
        with self._lock:
            self._users -= 1
            if not (self.closed and self._users == 0 and self.ptr):
                return
            ptr, self.ptr = self.ptr, None
        self._free(ptr)

    def close(self):
        with self._lock:
            if self.closed:
                return
            self.closed = True
            if self._users or not self.ptr:
                return  # the last call in flight frees it
            ptr, self.ptr = self.ptr, None
        self._free(ptr)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __reduce__(self):
        raise TypeError("newspan documents and their spans hold a C handle and cannot be pickled: "
                        "send doc.to_dict() (or the offsets) instead")

    def check(self):
        if self.closed:
            raise ValueError(_CLOSED)

    def text(self, function, index, size_hint):
        """UTF-8 text from one of the two text functions: size query, then copy."""
        fn = getattr(self.lib._dll, function)
        data = self.data
        ptr = self.acquire()
        try:
            needed = _size_t()
            cap = size_hint
            while True:
                buf = ctypes.create_string_buffer(cap)
                st = fn(ptr, data, len(data), index, buf, cap, ctypes.byref(needed))
                if st == Status.OK:
                    return ctypes.string_at(buf, needed.value - 1).decode("utf-8", "replace")
                if st != Status.BUFFER_TOO_SMALL or needed.value <= cap:
                    raise self.lib._error(st, "%s of span %d" % (function, index))
                cap = needed.value
        finally:
            self.release()


# ---------------------------------------------------------------------------------------------
# Pythonic objects


class Span:
    """One piece of the page: ``start:end`` is a byte range into the input as given.

    ``kind`` is a :class:`Kind` (or an int, for a kind from a newer library); ``kind_name`` its
    JSON name; ``article`` and ``parent`` are indices (``None`` at the page / top level);
    ``attr`` the raw attribute; ``children`` the spans directly inside it. Offsets stay readable
    after the document is closed; ``text`` and ``bytes`` raise ``ValueError`` then."""

    __slots__ = ("_h", "index", "start", "end", "kind", "article", "parent", "attr", "children")

    def __init__(self, handle, index, start, end, kind, article, parent, attr):
        self._h = handle
        self.index = index
        self.start = start
        self.end = end
        self.kind = _kind(kind)
        self.article = None if article == NONE else article
        self.parent = None if parent == NONE else parent
        self.attr = attr
        self.children = []

    @property
    def kind_name(self):
        """The kind's name in the JSON ("title", "byline_name", ...), "unknown" for a newer kind."""
        return self.kind.label if isinstance(self.kind, Kind) else "unknown"

    @property
    def text(self):
        """The decoded text of exactly these bytes (``str``)."""
        h = self._h
        if h.closed:
            raise ValueError(_CLOSED)
        if h.utf8:
            return h.data[self.start:self.end].decode("utf-8", "replace")
        return h.text("newspan_document_span_text", self.index, 3 * (self.end - self.start) + 1)

    @property
    def bytes(self):
        """The input bytes of the span (``data[start:end]``)."""
        self._h.check()
        return self._h.data[self.start:self.end]

    @property
    def hyphen_removed(self):
        """A fragment whose line-end hyphen only split a word (the span keeps it; the paragraph's
        joined text drops it and joins with no space)."""
        return self.kind == Kind.FRAGMENT and self.attr == ATTR_HYPHEN_REMOVED

    @property
    def confidence(self):
        """How sure the parser is of this span, in [0, 1] (the posterior probability of its
        line's role under the model), rounded as the JSON rounds it; ``None`` when the parse
        computed none (``parse(..., confidence=False)``)."""
        table = self._h.confidence
        if table is None or self.index >= len(table):
            return None
        return round(min(max(table[self.index], 0.0), 1.0), 3)

    def to_dict(self):
        """``{"start", "end", "text"}`` (and ``"confidence"`` when computed), as in the JSON."""
        d = {"start": self.start, "end": self.end, "text": self.text}
        c = self.confidence
        if c is not None:
            d["confidence"] = c
        return d

    def __repr__(self):
        try:
            text = self.text
            if len(text) > 40:
                text = text[:37] + "..."
            text = " " + repr(text)
        except ValueError:
            text = " (closed)"
        return "<%s %s %d..%d%s>" % (type(self).__name__, self.kind_name, self.start, self.end, text)


class Byline(Span):
    """A byline line: ``role`` ("reporter", "correspondent", "photographer", "intern",
    "agency", "other") and ``names`` (one span per person)."""

    __slots__ = ()

    @property
    def role(self):
        return _ROLES[self.attr] if self.attr < len(_ROLES) else "other"

    @property
    def names(self):
        return [c for c in self.children if c.kind == Kind.BYLINE_NAME]

    def to_dict(self):
        d = Span.to_dict(self)
        d["role"] = self.role
        d["names"] = [n.to_dict() for n in self.names]
        return d


class Dateline(Span):
    """The dateline opening the first paragraph; ``parts`` are its children, ``source``,
    ``place`` and ``date`` the first of each (or ``None``)."""

    __slots__ = ()

    @property
    def parts(self):
        return list(self.children)

    def _part(self, kind):
        for c in self.children:
            if c.kind == kind:
                return c
        return None

    @property
    def source(self):
        return self._part(Kind.DATELINE_SOURCE)

    @property
    def place(self):
        return self._part(Kind.DATELINE_PLACE)

    @property
    def date(self):
        return self._part(Kind.DATELINE_DATE)

    def to_dict(self):
        d = Span.to_dict(self)
        for key, part in (("source", self.source), ("place", self.place), ("date", self.date)):
            d[key] = None if part is None else part.to_dict()
        return d


class Paragraph(Span):
    """A body paragraph: ``fragments`` (its pieces, in reading order, possibly across columns)
    and ``text``, the fragments joined (nothing between CJK characters, a space between Latin
    words, no space after a removed hyphen). ``start:end`` runs from the first fragment to the
    last; ``span_text`` is the text of that whole range."""

    __slots__ = ()

    @property
    def fragments(self):
        return [c for c in self.children if c.kind == Kind.FRAGMENT]

    @property
    def text(self):
        h = self._h
        if h.closed:
            raise ValueError(_CLOSED)
        return h.text("newspan_document_paragraph_text", self.index, 3 * (self.end - self.start) + 1)

    @property
    def span_text(self):
        return Span.text.fget(self)

    def to_dict(self):
        return {"fragments": [f.to_dict() for f in self.fragments], "text": self.text}


class Jump(Span):
    """A jump line: ``direction`` ("to": continued on another page, "from": continued from
    one) and ``page``, the span of the target page (or ``None``); ``page_text`` its text or ""."""

    __slots__ = ()

    @property
    def direction(self):
        return _DIRECTIONS[self.attr] if self.attr < len(_DIRECTIONS) else "unknown"

    @property
    def page(self):
        for c in self.children:
            if c.kind == Kind.JUMP_PAGE:
                return c
        return None

    @property
    def page_text(self):
        page = self.page
        if page is None:
            self._h.check()
            return ""
        return page.text

    def to_dict(self):
        d = Span.to_dict(self)
        d["direction"] = self.direction
        d["page"] = self.page_text
        return d


_CLASSES = {Kind.BYLINE: Byline, Kind.DATELINE: Dateline, Kind.PARAGRAPH: Paragraph, Kind.JUMP: Jump}


class Article:
    """One article: ``start:end`` from its first span to its last (a hull: on a page whose
    stories interleave it may hold other articles' text); ``extents`` the ``(start, end)``
    byte ranges that hold this article's text and nobody else's, in page order (one for an
    article set in one piece); ``spans`` all its spans, in page order; ``kicker``, ``title``, ``subtitle``, ``subheads``, ``captions`` (lists of
    :class:`Span`), ``bylines`` (:class:`Byline`), ``dateline`` (a :class:`Dateline` or
    ``None``), ``paragraphs`` (:class:`Paragraph`), ``jumps`` (:class:`Jump`)."""

    __slots__ = ("_h", "index", "start", "end", "extents", "spans", "kicker", "title", "subtitle",
                 "bylines", "dateline", "paragraphs", "subheads", "captions", "jumps")

    def __init__(self, handle, index, start, end, spans, extents=()):
        self._h = handle
        self.index = index
        self.start = start
        self.end = end
        self.extents = list(extents)
        self.spans = spans
        of = {k: [] for k in (Kind.KICKER, Kind.TITLE, Kind.SUBTITLE, Kind.BYLINE, Kind.DATELINE,
                              Kind.PARAGRAPH, Kind.SUBHEAD, Kind.CAPTION, Kind.JUMP)}
        for s in spans:
            bucket = of.get(s.kind)
            if bucket is not None:
                bucket.append(s)
        self.kicker = of[Kind.KICKER]
        self.title = of[Kind.TITLE]
        self.subtitle = of[Kind.SUBTITLE]
        self.bylines = of[Kind.BYLINE]
        self.dateline = of[Kind.DATELINE][0] if of[Kind.DATELINE] else None
        self.paragraphs = of[Kind.PARAGRAPH]
        self.subheads = of[Kind.SUBHEAD]
        self.captions = of[Kind.CAPTION]
        self.jumps = of[Kind.JUMP]

    @property
    def headline(self):
        """The title lines joined with spaces (a convenience; ``title`` has the spans)."""
        return " ".join(s.text for s in self.title)

    def to_dict(self):
        """The article's object in the ``newspan/1`` JSON."""
        self._h.check()
        spans = lambda xs: [s.to_dict() for s in xs]  # noqa: E731
        return {
            "span": {"start": self.start, "end": self.end},
            "extents": [{"start": start, "end": end} for start, end in self.extents],
            "kicker": spans(self.kicker),
            "title": spans(self.title),
            "subtitle": spans(self.subtitle),
            "bylines": spans(self.bylines),
            "dateline": None if self.dateline is None else self.dateline.to_dict(),
            "paragraphs": spans(self.paragraphs),
            "subheads": spans(self.subheads),
            "captions": spans(self.captions),
            "jumps": spans(self.jumps),
        }

    def __repr__(self):
        try:
            head = repr(self.headline[:40])
        except ValueError:
            head = "(closed)"
        return "<newspan.Article %d %d..%d %s>" % (self.index, self.start, self.end, head)


class Document:
    """A parsed page. Made by :func:`parse`; release it with :meth:`close` or a ``with``
    block (or let it be collected). Holds the input bytes, which its spans slice.

    ``articles``, ``boilerplate`` and ``unassigned`` (page-level spans), ``spans`` (the whole
    table, in the C order: each article's spans, then the page-level ones), ``encoding`` (the
    encoding the input was decoded from: "UTF-8", "gb18030" (also for GBK), "Big5",
    "UTF-16LE", ...), ``layout``
    ("paragraphs", "wrapped", "vertical"), ``input_is_utf8``, ``had_decode_errors``,
    ``decode_error_count``, ``first_decode_error``, ``data``.
    Every accessor raises ``ValueError`` once the document is closed."""

    def __init__(self, handle):
        dll = handle.lib._dll
        ptr = handle.ptr
        self._h = handle
        self._encoding = dll.newspan_document_encoding(ptr).decode("ascii", "replace")
        self._layout = dll.newspan_document_layout(ptr)
        self._decode_errors = bool(dll.newspan_document_had_decode_errors(ptr))
        self._decode_error_count = dll.newspan_document_decode_error_count(ptr)
        first = _size_t()
        has_first = dll.newspan_document_first_decode_error(ptr, ctypes.byref(first))
        self._first_decode_error = first.value if has_first else None
        self._input_len = dll.newspan_document_input_len(ptr)
        table = _SpanPtr()
        count = _size_t()
        st = dll.newspan_document_spans(ptr, ctypes.byref(table), ctypes.byref(count))
        if st:
            handle.close()
            raise handle.lib._error(st, "newspan_document_spans")
        # One copy of the whole table (count may be 0 with a pointer that must not be read).
        self._table = ctypes.string_at(table, count.value * ctypes.sizeof(CSpan)) if count.value else b""
        value = ctypes.c_float()
        if count.value and dll.newspan_document_span_confidence(ptr, 0, ctypes.byref(value)):
            confidence = [value.value]
            for i in range(1, count.value):
                dll.newspan_document_span_confidence(ptr, i, ctypes.byref(value))
                confidence.append(value.value)
            handle.confidence = confidence
        self._article_rows = []
        article = CArticle()
        extents = _ExtentPtr()
        for i in range(dll.newspan_document_article_count(ptr)):
            st = dll.newspan_document_article(ptr, i, ctypes.byref(article))
            if not st:
                st = dll.newspan_document_article_extents(ptr, i, ctypes.byref(extents), ctypes.byref(count))
            if st:
                handle.close()
                raise handle.lib._error(st, "newspan_document_article")
            ranges = tuple((extents[k].start, extents[k].end) for k in range(count.value))
            self._article_rows.append((article.start, article.end, article.first_span, article.span_count, ranges))
        self._built = None
        self._build_lock = threading.Lock()

    # -- life

    def close(self):
        """Release the C document. Idempotent; afterwards every accessor raises ValueError."""
        self._h.close()

    @property
    def closed(self):
        return self._h.closed

    def __enter__(self):
        self._h.check()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- the objects, built on first use

    def _objects(self):
        self._h.check()
        built = self._built
        if built is None:
            with self._build_lock:
                built = self._built
                if built is None:
                    built = self._build()
                    self._built = built
        return built

    def _build(self):
        h = self._h
        spans = []
        append = spans.append
        for i, (start, end, kind, article, parent, attr) in enumerate(_SPAN_ROW.iter_unpack(self._table)):
            span = _CLASSES.get(kind, Span)(h, i, start, end, kind, article, parent, attr)
            append(span)
            if parent != NONE and parent < i:
                spans[parent].children.append(span)
        articles = [Article(h, i, start, end, spans[first:first + count], extents)
                    for i, (start, end, first, count, extents) in enumerate(self._article_rows)]
        page = [s for s in spans if s.article is None]
        boilerplate = [s for s in page if s.kind == Kind.BOILERPLATE]
        unassigned = [s for s in page if s.kind == Kind.UNASSIGNED]
        return spans, articles, boilerplate, unassigned

    def iter_articles(self):
        """The articles one at a time, each built when it is reached from its own rows of the
        span table: for a large page, ``for a in doc.iter_articles(): out.write(a.to_dict())``
        holds one article's objects at a time, where ``articles`` and ``to_dict()`` build the
        whole page. The articles are equal to those of ``articles``."""
        h = self._h
        h.check()
        table = memoryview(self._table)
        size = _SPAN_ROW.size
        for i, (start, end, first, count, extents) in enumerate(self._article_rows):
            h.check()
            spans = []
            for k, (s_start, s_end, kind, article, parent, attr) in enumerate(
                    _SPAN_ROW.iter_unpack(table[first * size:(first + count) * size])):
                span = _CLASSES.get(kind, Span)(h, first + k, s_start, s_end, kind, article, parent, attr)
                spans.append(span)
                if parent != NONE and first <= parent < first + k:
                    spans[parent - first].children.append(span)
            yield Article(h, i, start, end, spans, extents)

    @property
    def spans(self):
        """Every span, in table order (including kinds this wrapper does not know)."""
        return list(self._objects()[0])

    @property
    def articles(self):
        return list(self._objects()[1])

    @property
    def boilerplate(self):
        """Page furniture: headers, footers, page numbers, promos, editor credits, ads."""
        return list(self._objects()[2])

    @property
    def unassigned(self):
        """Text the parser could not place (never silently dropped)."""
        return list(self._objects()[3])

    # -- page facts

    @property
    def encoding(self):
        self._h.check()
        return self._encoding

    @property
    def layout(self):
        self._h.check()
        return _LAYOUTS[self._layout] if self._layout < len(_LAYOUTS) else "unknown"

    @property
    def input_is_utf8(self):
        """The input was valid UTF-8: each span's text is its bytes."""
        self._h.check()
        return self._h.utf8

    @property
    def had_decode_errors(self):
        """Malformed bytes were replaced by U+FFFD (never in strict mode)."""
        self._h.check()
        return self._decode_errors

    @property
    def decode_error_count(self):
        """How many malformed byte sequences were replaced by U+FFFD (0 for a clean page)."""
        self._h.check()
        return self._decode_error_count

    @property
    def first_decode_error(self):
        """The byte offset where the first malformed sequence starts, or ``None``."""
        self._h.check()
        return self._first_decode_error

    @property
    def data(self):
        """The input bytes, as given."""
        self._h.check()
        return self._h.data

    @property
    def input_len(self):
        self._h.check()
        return self._input_len

    @property
    def library(self):
        return self._h.lib

    def to_dict(self):
        """The page's ``newspan/1`` object: equal to what ``newspan --json`` prints."""
        _, articles, boilerplate, unassigned = self._objects()
        return {
            "schema": "newspan/1",
            "encoding": self._encoding,
            "bytes": self._input_len,
            "articles": [a.to_dict() for a in articles],
            "boilerplate": [s.to_dict() for s in boilerplate],
            "unassigned": [s.to_dict() for s in unassigned],
            "decode_errors": {"count": self._decode_error_count, "first": self._first_decode_error},
        }

    def to_json(self, **kwargs):
        """``json.dumps(self.to_dict())``, non-ASCII kept as is unless ``ensure_ascii=True``."""
        import json

        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def __repr__(self):
        if self.closed:
            return "<newspan.Document (closed)>"
        return "<newspan.Document %s, %d bytes, %d articles>" % (
            self._encoding, self._input_len, len(self._article_rows))


# ---------------------------------------------------------------------------------------------
# A whole issue


class _IssueOwner:
    """The C issue: freed once, when the :class:`Issue` and every page document are gone."""

    __slots__ = ("_free", "ptr")

    def __init__(self, lib, ptr):
        self._free = lib._dll.newspan_issue_free
        self.ptr = ptr

    def __del__(self):
        ptr, self.ptr = self.ptr, None
        if ptr:
            try:
                self._free(ptr)
            except Exception:
                pass


class Link:
    """A story going on from one page to another: ``from_page``/``from_article`` (indexes into
    :attr:`Issue.pages` and that page's ``articles``) to ``to_page``/``to_article``;
    ``confidence`` (0.95: a from-line naming the source page and a head repeating the jump's
    keyword; 0.8: the from-line; 0.7: the keyword; 0.6: both, on another page than the one
    named); ``jump`` the jump line (a :class:`Jump` of the source page); ``from_line`` the
    continuation's from-line (a :class:`Jump`) or ``None``; ``joins_paragraph``: the jump cut a
    paragraph mid-sentence, which goes on in the continuation's first paragraph."""

    __slots__ = ("from_page", "from_article", "to_page", "to_article", "confidence", "jump", "from_line",
                 "joins_paragraph")

    def __init__(self, issue, row):
        fp, fa, tp, ta, jump, from_line, confidence, joins = row
        self.from_page, self.from_article, self.to_page, self.to_article = fp, fa, tp, ta
        self.confidence = confidence
        self.joins_paragraph = joins
        self.jump = issue.pages[fp].spans[jump]
        self.from_line = None if from_line == NONE else issue.pages[tp].spans[from_line]

    def to_dict(self):
        """The link as ``newspan --issue --json`` gives it (without the ``page`` keys of its spans)."""
        return {
            "from": {"page": self.from_page, "article": self.from_article},
            "to": {"page": self.to_page, "article": self.to_article},
            "confidence": round(self.confidence, 3),
            "jump": self.jump.to_dict(),
            "from_line": None if self.from_line is None else self.from_line.to_dict(),
            "joins_paragraph": self.joins_paragraph,
        }

    def __repr__(self):
        return "<newspan.Link page %d article %d -> page %d article %d (%.2f)>" % (
            self.from_page, self.from_article, self.to_page, self.to_article, self.confidence)


def _join(a, b):
    """Two pieces of one paragraph cut by a jump, joined as the library joins fragments: a
    hyphen that split a word goes, nothing between CJK text, one space between words."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[0].islower():
        return a[:-1] + b
    if ord(a[-1]) >= 0x2E80 or ord(b[0]) >= 0x2E80:
        return a + b
    return a + " " + b


class Issue:
    """The pages of an issue (:attr:`pages`, one :class:`Document` each, in the order given)
    and the :attr:`links` between them. Made by :func:`parse_issue`; :meth:`close` (or a
    ``with`` block) releases the pages."""

    def __init__(self, docs, rows):
        self.pages = docs
        self.links = [Link(self, row) for row in rows]

    def stories(self):
        """The stories that run over more than one page: for each, ``(parts, paragraphs)`` with
        ``parts`` its :class:`Article` objects in reading order and ``paragraphs`` the texts of
        all their paragraphs, the paragraph cut by a jump joined back into one."""
        targets = {(l.to_page, l.to_article) for l in self.links}
        seen = set()
        out = []
        for first in self.links:
            start = (first.from_page, first.from_article)
            if start in targets or start in seen:
                continue
            seen.add(start)
            chain, joins, at = [start], [], start
            while True:
                nxt = next((l for l in self.links if (l.from_page, l.from_article) == at), None)
                if nxt is None or (nxt.to_page, nxt.to_article) in chain:
                    break
                at = (nxt.to_page, nxt.to_article)
                chain.append(at)
                joins.append(nxt.joins_paragraph)
            parts = [self.pages[p].articles[a] for p, a in chain]
            paragraphs = []
            for i, part in enumerate(parts):
                for j, para in enumerate(part.paragraphs):
                    if j == 0 and i > 0 and joins[i - 1] and paragraphs:
                        paragraphs[-1] = _join(paragraphs[-1], para.text)
                    else:
                        paragraphs.append(para.text)
            out.append((parts, paragraphs))
        return out

    def to_dict(self):
        """``{"pages": [...], "continuations": [...], "schema": "newspan-issue/1"}``: the pages'
        ``newspan/1`` objects and the links."""
        return {"schema": "newspan-issue/1", "pages": [d.to_dict() for d in self.pages],
                "continuations": [l.to_dict() for l in self.links]}

    def close(self):
        """Release every page (idempotent)."""
        for d in self.pages:
            d.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "<newspan.Issue %d pages, %d links>" % (len(self.pages), len(self.links))
