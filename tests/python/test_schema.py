"""Every `newspan --json` (and `--jsonl`) output of the sample and fixture pages, in UTF-8 and
re-encoded (GBK, GB18030, UTF-16, BOM and CRLF, malformed bytes), validates against the JSON
Schema in docs/newspan-1.schema.json, and so does Python's to_dict()."""

import json
import os
import subprocess
import unittest

from helpers import ROOT, encoded_variants, read, sample_pages, tool, newspan

try:
    import jsonschema
except ImportError:  # pip install -r tests/python/requirements.txt (.ci/run does)
    jsonschema = None

SCHEMA = os.path.join(ROOT, "docs", "newspan-1.schema.json")


def validator():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


class Schema(unittest.TestCase):
    def setUp(self):
        if jsonschema is None:
            if os.environ.get("CI"):
                self.fail("jsonschema is not installed: pip install -r tests/python/requirements.txt")
            self.skipTest("jsonschema is not installed (pip install -r tests/python/requirements.txt)")

    def check(self, v, obj, where):
        errors = sorted(v.iter_errors(obj), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            self.fail("%s: %s at %s (%d errors)" % (where, e.message, "/".join(map(str, e.absolute_path)),
                                                    len(errors)))

    def test_tool_output_validates(self):
        exe = tool()
        if exe is None:
            self.skipTest("no newspan binary (set NEWSPAN_BIN)")
        v = validator()
        pages = sample_pages() + [path for path, _ in encoded_variants()]
        for flag in ("--json", "--jsonl"):
            out = subprocess.run([exe, flag] + pages, capture_output=True, timeout=300)
            self.assertEqual(out.returncode, 0, out.stderr.decode("utf-8", "replace"))
            lines = out.stdout.decode("utf-8").splitlines()
            self.assertEqual(len(lines), len(pages))
            for path, line in zip(pages, lines):
                obj = json.loads(line)
                self.check(v, obj, "%s %s" % (flag, path))
                self.assertEqual("file" in obj, flag == "--jsonl")

    def test_to_dict_validates(self):
        v = validator()
        for path in sample_pages():
            with newspan.parse(read(path)) as doc:
                self.check(v, doc.to_dict(), path)

    def test_the_schema_refuses_what_newspan_1_is_not(self):
        v = validator()
        with newspan.parse(read(sample_pages()[0])) as doc:
            good = doc.to_dict()
        self.check(v, good, "the page itself")
        broken = [
            ("schema", "newspan/2"),
            ("bytes", -1),
            ("articles", [{"span": {"start": 0, "end": 1}}]),
        ]
        for key, value in broken:
            bad = dict(good, **{key: value})
            self.assertTrue(list(v.iter_errors(bad)), key)
        bad = json.loads(json.dumps(good))
        bad["articles"][0]["bylines"] = [{"start": 0, "end": 1, "text": "x", "role": "editor", "names": []}]
        self.assertTrue(list(v.iter_errors(bad)), "an unknown role")
        bad = json.loads(json.dumps(good))
        bad["unassigned"] = [{"start": 0, "end": 1}]
        self.assertTrue(list(v.iter_errors(bad)), "a span without text")


if __name__ == "__main__":
    unittest.main()
