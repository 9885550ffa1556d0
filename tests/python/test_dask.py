"""examples/python/dask_jsonl.py: the sample and fixture pages parsed on a Dask cluster give
byte for byte the lines of `newspan --jsonl` on the same files (a missing file included):
on a LocalCluster of worker processes, and on a separate scheduler and worker reached by
address, whose worker gets newspan.py and the library only through Client.upload_file."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from helpers import EXAMPLES, lib, sample_pages, tool

try:
    import dask  # noqa: F401
    import distributed  # noqa: F401
except ImportError:  # pip install -r examples/python/requirements-dask.txt (.ci/run does)
    dask = None

SCRIPT = os.path.join(EXAMPLES, "dask_jsonl.py")


class Dask(unittest.TestCase):
    def setUp(self):
        if dask is None:
            if os.environ.get("CI"):
                self.fail("dask is not installed: pip install -r examples/python/requirements-dask.txt")
            self.skipTest("dask is not installed (pip install -r examples/python/requirements-dask.txt)")
        self.exe = tool()
        if self.exe is None:
            self.skipTest("no newspan binary (set NEWSPAN_BIN)")
        self.tmp = tempfile.mkdtemp(prefix="newspan-dask-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.pages = sample_pages() + [os.path.join(self.tmp, "no-such-page.txt")]

    def expected(self):
        out = subprocess.run([self.exe, "--jsonl"] + self.pages, capture_output=True, timeout=120)
        self.assertEqual(out.returncode, 1, "the missing page fails the run")
        return out.stdout

    def run_example(self, extra, env):
        out_path = os.path.join(self.tmp, "out.jsonl")
        done = subprocess.run([sys.executable, SCRIPT, out_path] + self.pages + extra, env=env, cwd=self.tmp,
                              capture_output=True, timeout=300)
        self.assertEqual(done.returncode, 1, done.stderr.decode("utf-8", "replace"))
        with open(out_path, "rb") as f:
            return f.read()

    def check(self, got):
        expected = self.expected()
        if got != expected:
            for i, (a, b) in enumerate(zip(got.splitlines(), expected.splitlines())):
                self.assertEqual(a, b, "line %d (%s)" % (i + 1, self.pages[i]))
        self.assertEqual(got, expected)
        lines = got.decode("utf-8").splitlines()
        self.assertEqual(len(lines), len(self.pages))
        self.assertEqual([json.loads(l)["file"] for l in lines], self.pages)

    def test_local_cluster_matches_the_tool(self):
        env = dict(os.environ, PYTHONPATH=EXAMPLES)
        self.check(self.run_example(["--workers", "2", "--partitions", "5"], env))

    def test_scheduler_address_matches_the_tool(self):
        # A scheduler and a worker as a cluster runs them, on 127.0.0.1, in a folder and an
        # environment that know nothing of newspan.
        bare = {k: v for k, v in os.environ.items() if k not in ("NEWSPAN_LIB", "PYTHONPATH")}
        state = os.path.join(self.tmp, "scheduler.json")
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", state],
            cwd=self.tmp, env=bare, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        worker = None
        try:
            deadline = time.time() + 60
            while not os.path.exists(state) and time.time() < deadline:
                time.sleep(0.2)
            self.assertTrue(os.path.exists(state), "the scheduler did not start")
            time.sleep(0.5)
            with open(state) as f:
                address = json.load(f)["address"]
            worker = subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1",
                 "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                 "--local-directory", os.path.join(self.tmp, "worker")],
                cwd=self.tmp, env=bare, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            from dask.distributed import Client
            with Client(address, timeout=60) as client:
                client.wait_for_workers(1, timeout=60)
            env = dict(os.environ, PYTHONPATH=EXAMPLES, NEWSPAN_LIB=lib().path)
            self.check(self.run_example(["--scheduler", address], env))
        finally:
            for p in (worker, scheduler):
                if p is not None:
                    p.terminate()
                    try:
                        p.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        p.kill()


if __name__ == "__main__":
    unittest.main()
