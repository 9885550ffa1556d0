"""The C side of the wrapper: frozen struct layouts, declarations, versions, finding the library."""

import ctypes
import ctypes.util
import os
import re
import subprocess
import sys
import unittest

from helpers import EXAMPLES, ROOT, SMALL_PAGE, lib, newspan


class StructLayout(unittest.TestCase):
    def test_span_struct(self):
        self.assertEqual(ctypes.sizeof(newspan.CSpan), 32)
        self.assertEqual(ctypes.alignment(newspan.CSpan), 8)
        offsets = {name: getattr(newspan.CSpan, name).offset for name, _ in newspan.CSpan._fields_}
        self.assertEqual(offsets, {"start": 0, "end": 8, "kind": 16, "article": 20, "parent": 24, "attr": 28})

    def test_article_struct(self):
        self.assertEqual(ctypes.sizeof(newspan.CArticle), 24)
        offsets = {name: getattr(newspan.CArticle, name).offset for name, _ in newspan.CArticle._fields_}
        self.assertEqual(offsets, {"start": 0, "end": 8, "first_span": 16, "span_count": 20})

    def test_same_fields_as_layout_check(self):
        # tests/c/layout_check.py is the reference declaration (tests/ffi.rs runs it).
        sys.path.insert(0, os.path.join(ROOT, "tests", "c"))
        try:
            import layout_check
        finally:
            sys.path.pop(0)
        self.assertEqual(newspan.CSpan._fields_, layout_check.Span._fields_)
        self.assertEqual(newspan.CArticle._fields_, layout_check.Article._fields_)
        self.assertEqual(newspan.ABI_VERSION, layout_check.NEWSPAN_ABI_VERSION)

    def test_span_table_is_read_as_the_struct(self):
        # The wrapper copies the table in one piece and unpacks it; compare with the struct
        # read through newspan_document_span().
        with newspan.parse(SMALL_PAGE) as doc:
            dll = doc.library._dll
            ptr = doc._h.ptr
            self.assertEqual(dll.newspan_document_span_count(ptr), len(doc.spans))
            for span in doc.spans:
                c = newspan.CSpan()
                self.assertEqual(dll.newspan_document_span(ptr, span.index, ctypes.byref(c)), newspan.Status.OK)
                self.assertEqual((c.start, c.end, c.kind, c.attr), (span.start, span.end, span.kind, span.attr))
                self.assertEqual(c.article, newspan.NONE if span.article is None else span.article)
                self.assertEqual(c.parent, newspan.NONE if span.parent is None else span.parent)
            c = newspan.CSpan()
            self.assertEqual(dll.newspan_document_span(ptr, len(doc.spans), ctypes.byref(c)),
                             newspan.Status.OUT_OF_RANGE)


class Declarations(unittest.TestCase):
    def header_functions(self):
        with open(os.path.join(ROOT, "include", "newspan.h"), encoding="utf-8") as f:
            header = f.read()
        names = set(re.findall(r"^[a-z][\w ]*?\*?\s*(newspan_\w+)\(", header, re.M))
        self.assertGreaterEqual(len(names), 25, names)
        return names

    def test_every_header_function_is_declared(self):
        declared = {name for name, _, _ in newspan._FUNCTIONS}
        self.assertEqual(declared, self.header_functions())

    def test_every_declared_function_has_argtypes_and_restype(self):
        dll = lib()._dll
        for name, restype, argtypes in newspan._FUNCTIONS:
            fn = getattr(dll, name)
            self.assertEqual(fn.argtypes, argtypes, name)
            self.assertIs(fn.restype, restype, name)

    def test_the_wrapper_calls_only_declared_functions(self):
        with open(os.path.join(EXAMPLES, "newspan.py"), encoding="utf-8") as f:
            source = f.read()
        called = set(re.findall(r"\b(newspan_\w+)\b", source)) - {"newspan_span", "newspan_article",
                                                                   "newspan_document", "newspan_options",
                                                                   "newspan_status", "newspan_kind",
                                                                   "newspan_extent", "newspan_error_value",
                                                                   "newspan_issue", "newspan_link"}
        declared = {name for name, _, _ in newspan._FUNCTIONS}
        self.assertLessEqual(called, declared)

    def test_codes_and_names(self):
        dll = lib()._dll
        for kind in newspan.Kind:
            self.assertEqual(dll.newspan_kind_name(kind).decode(), kind.label)
        self.assertEqual(dll.newspan_kind_name(len(newspan.Kind)), b"unknown")
        leaves = {k for k in newspan.Kind if dll.newspan_kind_is_leaf(k)}
        self.assertIn(newspan.Kind.FRAGMENT, leaves)
        self.assertNotIn(newspan.Kind.PARAGRAPH, leaves)
        self.assertNotIn(newspan.Kind.BYLINE_NAME, leaves)
        for status in newspan.Status:
            self.assertTrue(lib().status_message(status))
        self.assertEqual(lib().status_message(9999), "unknown status")
        self.assertEqual([dll.newspan_role_name(i).decode() for i in range(6)],
                         ["reporter", "correspondent", "photographer", "intern", "agency", "other"])


class Versions(unittest.TestCase):
    def test_abi_and_version(self):
        self.assertEqual(newspan.abi_version(), newspan.ABI_VERSION)
        with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
            cargo = re.search(r'^version\s*=\s*"([^"]+)"', f.read(), re.M).group(1)
        self.assertEqual(newspan.version(), cargo)
        with open(os.path.join(ROOT, "include", "newspan.h"), encoding="utf-8") as f:
            header = f.read()
        self.assertIn("#define NEWSPAN_ABI_VERSION %d\n" % newspan.ABI_VERSION, header)

    def test_another_abi_version_refuses_to_load(self):
        # The library serves a range of ABI versions: a wrapper above it, or below its
        # minimum, is refused; every version inside it loads.
        saved = newspan.ABI_VERSION
        dll = lib()._dll
        low, high = dll.newspan_abi_min_compatible(), dll.newspan_abi_version()
        self.assertLessEqual(low, saved)
        self.assertLessEqual(saved, high)
        try:
            for outside in (high + 1, low - 1):
                newspan.ABI_VERSION = outside
                with self.assertRaises(newspan.LibraryError) as cm:
                    newspan.Library(lib().path)
                self.assertIn("ABI versions %d to %d" % (low, high), str(cm.exception))
            for inside in range(low, high + 1):
                newspan.ABI_VERSION = inside
                self.assertEqual(newspan.Library(lib().path).abi_version, high)
        finally:
            newspan.ABI_VERSION = saved

    def test_not_a_newspan_library(self):
        libc = ctypes.util.find_library("c")
        if not libc:
            self.skipTest("no libc to load")
        with self.assertRaises(newspan.LibraryError) as cm:
            newspan.Library(libc)
        self.assertIn("not a newspan library", str(cm.exception))


def run_python(code, env_changes):
    env = dict(os.environ)
    env.pop("NEWSPAN_LIB", None)
    env.pop("CARGO_TARGET_DIR", None)
    env.update(env_changes)
    env["PYTHONPATH"] = EXAMPLES
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


class Lookup(unittest.TestCase):
    def test_explicit_path(self):
        self.assertIs(newspan.load(lib().path), lib())
        with newspan.parse(SMALL_PAGE, lib=lib().path) as doc:
            self.assertIs(doc.library, lib())
        with newspan.parse(SMALL_PAGE, lib=lib()) as doc:
            self.assertIs(doc.library, lib())

    def test_missing_explicit_path(self):
        with self.assertRaises(newspan.LibraryError) as cm:
            newspan.parse(SMALL_PAGE, lib="/nonexistent/libnewspan.so")
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn("/nonexistent/libnewspan.so", str(cm.exception))

    def test_environment_variable_file_and_folder(self):
        code = "import newspan; print(newspan.load().path); print(newspan.parse(b'Title\\n\\nText.\\n').encoding)"
        for value in (lib().path, os.path.dirname(lib().path)):
            out = run_python(code, {"NEWSPAN_LIB": value})
            self.assertEqual(out.returncode, 0, out.stderr)
            path, encoding = out.stdout.split()
            self.assertEqual(os.path.realpath(path), os.path.realpath(lib().path))
            self.assertEqual(encoding, "UTF-8")

    def test_environment_variable_wrong(self):
        out = run_python("import newspan; newspan.parse(b'x')", {"NEWSPAN_LIB": "/nonexistent/libnewspan.so"})
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("LibraryError", out.stderr)
        self.assertIn("/nonexistent/libnewspan.so (NEWSPAN_LIB)", out.stderr)
        self.assertIn("cargo build --release", out.stderr)

    def test_cargo_target_dir(self):
        # A CARGO_TARGET_DIR whose debug folder holds the library (release is tried first).
        import tempfile

        with tempfile.TemporaryDirectory() as target:
            os.makedirs(os.path.join(target, "debug"))
            os.makedirs(os.path.join(target, "release"))
            copy = os.path.join(target, "debug", os.path.basename(lib().path))
            os.symlink(os.path.realpath(lib().path), copy)
            out = run_python("import newspan; print(newspan.load().path)", {"CARGO_TARGET_DIR": target})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), copy)

    def test_message_lists_what_was_tried(self):
        # A copy of the wrapper outside any checkout, with nothing configured.
        import shutil
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(EXAMPLES, "newspan.py"), tmp)
            env = dict(os.environ)
            for name in ("NEWSPAN_LIB", "CARGO_TARGET_DIR"):
                env.pop(name, None)
            env["PYTHONPATH"] = tmp
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env["LD_LIBRARY_PATH"] = ""
            code = "import newspan\ntry:\n    newspan.parse(b'x')\nexcept OSError as e:\n    print(e)\n"
            out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                 timeout=60, cwd=tmp)
        self.assertEqual(out.returncode, 0, out.stderr)
        if out.stdout.strip() == "":
            self.skipTest("a newspan library is installed on the system path")
        self.assertIn("cannot find the shared library", out.stdout)
        self.assertIn(os.path.join("target", "release"), out.stdout)
        self.assertIn(os.path.join("target", "debug"), out.stdout)
        self.assertIn("cargo build --release", out.stdout)
        self.assertIn("NEWSPAN_LIB", out.stdout)

    def test_import_does_not_need_the_library(self):
        out = run_python("import newspan; print(newspan.Kind.TITLE.label)", {"NEWSPAN_LIB": "/nonexistent"})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), "title")


if __name__ == "__main__":
    unittest.main()
