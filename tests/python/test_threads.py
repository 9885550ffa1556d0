"""Many threads parsing and reading at once give the single-threaded results."""

import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from helpers import encoded_variants, read, sample_pages, newspan

THREADS = 8
ROUNDS = 3


class Threads(unittest.TestCase):
    def test_many_threads_parse_at_once(self):
        inputs = [read(p) for p in sample_pages()] + [read(p) for p, _ in encoded_variants()]
        expected = []
        for data in inputs:
            with newspan.parse(data) as doc:
                expected.append(doc.to_dict())
        barrier = threading.Barrier(THREADS)

        def work(offset):
            barrier.wait()
            results = []
            for r in range(ROUNDS):
                for i in range(len(inputs)):
                    j = (i + offset + r) % len(inputs)  # every thread in another order
                    with newspan.parse(inputs[j]) as doc:
                        results.append((j, doc.to_dict()))
            return results

        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = list(pool.map(work, range(THREADS)))
        count = 0
        for results in outcomes:
            for j, got in results:
                self.assertEqual(got, expected[j])
                count += 1
        self.assertEqual(count, THREADS * ROUNDS * len(inputs))

    def test_many_threads_read_one_document(self):
        data = read(sample_pages()[0]).decode("utf-8").encode("gb18030")
        with newspan.parse(data) as doc:
            expected = doc.to_dict()
            barrier = threading.Barrier(THREADS)

            def work(_):
                barrier.wait()
                return [doc.to_dict() for _ in range(5)]

            with ThreadPoolExecutor(THREADS) as pool:
                for results in pool.map(work, range(THREADS)):
                    for got in results:
                        self.assertEqual(got, expected)

    def test_options_in_threads(self):
        data = read(sample_pages()[0]).decode("utf-8").encode("gbk")
        with newspan.parse(data, encoding="gbk", strict=True) as doc:
            expected = doc.to_dict()

        def work(_):
            with newspan.parse(data, encoding="gbk", strict=True) as d:
                return d.to_dict()

        with ThreadPoolExecutor(THREADS) as pool:
            for got in pool.map(work, range(4 * THREADS)):
                self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main()
