"""The examples run as examples/python/README.md documents them, and print what the wrapper
says; the README's API snippet runs."""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import unittest

from helpers import EXAMPLES, ROOT, example_pages, read, sample_pages, newspan

README = os.path.join(EXAMPLES, "README.md")


def run(args, **kwargs):
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(args, cwd=kwargs.pop("cwd", ROOT), env=env, capture_output=True, timeout=300, **kwargs)


def readme():
    with open(README, encoding="utf-8") as f:
        return f.read()


def documented_commands():
    """The `python3 examples/python/...` lines of the README's shell blocks."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme(), re.S):
        for line in block.splitlines():
            if line.startswith("python3 examples/python/"):
                commands.append(shlex.split(line.split("#")[0]))
    return commands


class PrintArticles(unittest.TestCase):
    def test_documented_command(self):
        commands = [c for c in documented_commands() if c[1].endswith("print_articles.py")]
        self.assertTrue(commands)
        for command in commands:
            out = run([sys.executable] + command[1:])
            self.assertEqual(out.returncode, 0, out.stderr.decode())
            text = out.stdout.decode("utf-8")
            with newspan.parse(read(os.path.join(ROOT, command[2]))) as doc:
                self.assertIn("%d articles" % len(doc.articles), text)
                for a in doc.articles:
                    self.assertIn("[%d] %s" % (a.index + 1, a.headline), text)
                    for b in a.bylines:
                        for n in b.names:
                            self.assertIn(n.text, text)
                    if a.dateline:
                        self.assertIn(a.dateline.text, text)

    def test_every_sample_page_and_options(self):
        pages = example_pages()
        out = run([sys.executable, os.path.join(EXAMPLES, "print_articles.py")] + pages)
        self.assertEqual(out.returncode, 0, out.stderr.decode())
        for page in pages:
            self.assertIn(page, out.stdout.decode("utf-8"))
        gbk = tempfile.NamedTemporaryFile(suffix=".txt", delete=False)
        self.addCleanup(os.unlink, gbk.name)
        gbk.write(read(pages[0]).decode("utf-8").encode("gbk"))
        gbk.close()
        out = run([sys.executable, os.path.join(EXAMPLES, "print_articles.py"), "--encoding", "gbk", "--strict",
                   gbk.name])
        self.assertEqual(out.returncode, 0, out.stderr.decode())
        self.assertIn("gb18030", out.stdout.decode("utf-8"))

    def test_failures(self):
        script = os.path.join(EXAMPLES, "print_articles.py")
        out = run([sys.executable, script, "--encoding", "klingon", example_pages()[0]])
        self.assertEqual(out.returncode, 1)
        self.assertIn("UNKNOWN_ENCODING", out.stderr.decode())
        out = run([sys.executable, script, "/nonexistent/page.txt", example_pages()[0]])
        self.assertEqual(out.returncode, 1)
        self.assertIn("/nonexistent/page.txt", out.stderr.decode())
        self.assertIn(example_pages()[0], out.stdout.decode())
        env = dict(os.environ, NEWSPAN_LIB="/nonexistent/libnewspan.so")
        out = subprocess.run([sys.executable, script, example_pages()[0]], env=env, capture_output=True, timeout=60)
        self.assertEqual(out.returncode, 2)
        self.assertIn("cargo build --release", out.stderr.decode())


class Batch(unittest.TestCase):
    def check_output(self, folder, path, pattern="*.txt"):
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f]
        import fnmatch

        expected = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if fnmatch.fnmatch(f, pattern))
        self.assertEqual([os.path.join(folder, page["path"]) for page in lines], expected)
        for page in lines:
            with newspan.parse(read(os.path.join(folder, page.pop("path")))) as doc:
                self.assertEqual(page, doc.to_dict())
        return lines

    def test_documented_command(self):
        commands = [c for c in documented_commands() if c[1].endswith("batch.py")]
        self.assertTrue(commands)
        for command in commands:
            with tempfile.TemporaryDirectory() as tmp:
                out_path = os.path.join(tmp, os.path.basename(command[3]))
                args = [sys.executable, command[1], command[2], out_path] + command[4:]
                out = run(args)
                self.assertEqual(out.returncode, 0, out.stderr.decode())
                self.assertIn("0 failed", out.stderr.decode())
                self.check_output(os.path.join(ROOT, command[2]), out_path)

    def test_processes_threads_and_stdout(self):
        folder = os.path.join(ROOT, "tests", "fixtures")
        script = os.path.join(EXAMPLES, "batch.py")
        with tempfile.TemporaryDirectory() as tmp:
            for extra in (["-j", "2"], ["-j", "3", "--threads"], ["-j", "1"]):
                out_path = os.path.join(tmp, "out.jsonl")
                out = run([sys.executable, script, folder, out_path] + extra)
                self.assertEqual(out.returncode, 0, out.stderr.decode())
                lines = self.check_output(folder, out_path)
                self.assertEqual(len(lines), len([p for p in sample_pages() if "fixtures" in p]))
            out = run([sys.executable, script, folder, "-", "-j", "2"])
            self.assertEqual(out.returncode, 0, out.stderr.decode())
            self.assertEqual(len(out.stdout.decode("utf-8").splitlines()), len(lines))

    def test_failed_pages_are_error_lines(self):
        with tempfile.TemporaryDirectory() as tmp:
            pages = os.path.join(tmp, "pages")
            os.makedirs(os.path.join(pages, "sub"))
            with open(os.path.join(pages, "good.txt"), "wb") as f:
                f.write("新闻标题\n\n正文。\n".encode("gbk"))
            with open(os.path.join(pages, "sub", "bad.txt"), "wb") as f:
                f.write(b"Title\n\nA \xff byte.\n")
            out_path = os.path.join(tmp, "out.jsonl")
            out = run([sys.executable, os.path.join(EXAMPLES, "batch.py"), pages, out_path, "--encoding", "gbk",
                       "--strict", "-j", "2"])
            self.assertEqual(out.returncode, 1)
            self.assertIn("1 failed", out.stderr.decode())
            with open(out_path, encoding="utf-8") as f:
                good, bad = [json.loads(line) for line in f]
            self.assertEqual(good["path"], "good.txt")
            self.assertEqual(good["encoding"], "gb18030")  # GBK is decoded and named as its superset
            self.assertEqual(bad["path"], os.path.join("sub", "bad.txt"))
            self.assertEqual(bad["error"]["status"], int(newspan.Status.MALFORMED_INPUT))


class ReadmeSnippet(unittest.TestCase):
    def test_api_snippet_runs(self):
        blocks = re.findall(r"```python\n(.*?)```", readme(), re.S)
        snippet = blocks[0]
        self.assertIn("newspan.parse", snippet)
        out = run([sys.executable, "-c", "import sys; sys.path.insert(0, %r)\n%s" % (EXAMPLES, snippet)])
        self.assertEqual(out.returncode, 0, out.stderr.decode())
        self.assertIn("UTF-8", out.stdout.decode("utf-8"))

    def test_main_readme_section_snippet_runs(self):
        # The top-level README's Python section: run its snippet from the repository root.
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            text = f.read().split("\n## Python\n", 1)[1]
        snippet = re.findall(r"```python\n(.*?)```", text, re.S)[0]
        out = run([sys.executable, "-c", snippet])
        self.assertEqual(out.returncode, 0, out.stderr.decode())
        self.assertIn("临河", out.stdout.decode("utf-8"))
        for line in re.findall(r"```sh\n(.*?)```", text, re.S)[0].splitlines():
            if line.startswith("python3 examples/python/"):
                self.assertIn(line.split("#")[0].strip(), readme())


if __name__ == "__main__":
    unittest.main()
