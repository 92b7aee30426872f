# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""ScoreResult read through rk_result_json / rk_context_batch_json against the same result read
field by field with the rk_result_* accessors, on real model samples, to the last bit.

    RK_LIBRARY=build/capi/librewardkit_c.so RK_SHARED_DATA_DIR=../shared/data \\
        python3 -m unittest capi/python/tests/test_result_json.py -v
"""

import ctypes
import itertools
import json
import os
import struct
import sys
import unittest

import support

ROOT = support.ROOT
DATA_FILES = [support.shared_data(name)
              for name in ("gsm8k_model_samples.jsonl", "math_qwen25_samples.jsonl")]
SPECS = {
    "gsm8k": os.path.join(support.SPECS_DIR, "gsm8k.json"),
    "math": os.path.join(support.SPECS_DIR, "math.json"),
    "all_components": os.path.join(ROOT, "tests", "data", "all_components.json"),
}
ROWS_PER_FILE = 300

import rewardkit  # noqa: E402
from rewardkit import Metric, ScoreResult  # noqa: E402

_lib = rewardkit._lib

# Samples written to reach the corners: failures, escapes in the answer, non-ASCII text.
CRAFTED = [
    ("#### 18", "18"),
    ("#### 18", ""),                            # empty reference: an error result
    ("#### 18", "   "),
    (b"#### 18 \xff", "18"),                    # invalid UTF-8: an error result
    ("#### 18 \ud800", "18"),                   # lone surrogate: an error result
    (r"so \boxed{\frac{1}{2}}", "0.5"),         # backslashes in the answer
    ('the answer is "7"\t#### 7', "7"),         # quotes and a tab
    ("\\boxed{\"a\\\\b\"}\n#### 3", "3"),
    ("\x01\x1f #### 5", "5"),                   # control characters
    ("Die Antwort ist 18 € 🤔\n#### 18", "18"),
    ("\\boxed{18 €}", "18"),
    ("", "18"),
    ("the answer is " + "very " * 200 + "long", "42"),
    ("As an AI language model, mail me at a@example.com. \\boxed{5}", "5"),  # a safety gate
]


def read_rows():
    rows = []
    for path in DATA_FILES:
        with open(path, encoding="utf-8") as f:
            for line in itertools.islice(f, ROWS_PER_FILE):
                row = json.loads(line)
                rows.append((row["response"], row["reference_answer"]))
    return rows + CRAFTED


def text(getter, result) -> str:
    size = ctypes.c_size_t()
    ptr = getter(result, ctypes.byref(size))
    return ctypes.string_at(ptr, size.value).decode("utf-8") if size.value else ""


def read_by_accessors(result) -> ScoreResult:
    """The reference reading: every field through its own accessor, lengths honoured."""
    types = {1: "Reward", 2: "Metric"}
    metrics = []
    for i in range(_lib.rk_result_metric_count(result)):
        size = ctypes.c_size_t()
        ptr = _lib.rk_result_metric_name(result, i, ctypes.byref(size))
        metrics.append(Metric(ctypes.string_at(ptr, size.value).decode("utf-8"),
                              _lib.rk_result_metric_value(result, i),
                              types[_lib.rk_result_metric_type(result, i)]))
    id_text = text(_lib.rk_result_id, result)
    return ScoreResult(
        score=_lib.rk_result_score(result),
        id=json.loads(id_text),
        error=text(_lib.rk_result_error, result),
        metrics=metrics,
        answer=text(_lib.rk_result_answer, result),
        answer_found=_lib.rk_result_answer_found(result),
        correct=_lib.rk_result_correct(result),
    )


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


class ResultJsonTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rows = read_rows()
        cls.evaluators = {name: rewardkit.Evaluator.from_file(path)
                          for name, path in SPECS.items()}

    def assert_same(self, spec, got, want, where):
        """got (through JSON) equals want (through the accessors): as dataclasses, and every
        float to the bit, but for the known signed zeros."""
        self.assertEqual(got, want, where)
        self.assertIs(type(got.score), float, where)
        self.assertEqual(bits(got.score), bits(want.score), f"{where}: score")
        self.assertEqual(type(got.id), type(want.id), where)
        for field in ("error", "answer", "answer_found", "correct"):
            self.assertEqual(type(getattr(got, field)), type(getattr(want, field)), where)
        self.assertEqual(len(got.metrics), len(want.metrics), where)
        for g, w in zip(got.metrics, want.metrics):
            self.assertIsInstance(g, Metric)
            self.assertEqual((g.name, g.type), (w.name, w.type), where)
            self.assertIs(type(g.value), float, f"{where}: {g.name}")
            # Bit for bit: the library never reports -0.0 (which JSON cannot carry).
            self.assertEqual(bits(g.value), bits(w.value),
                             f"{where}: metric {g.name}: JSON {g.value!r}, accessor {w.value!r}")

    def test_score_arrays_results_equal_the_accessors(self):
        responses = [r for r, _ in self.rows]
        references = [ref for _, ref in self.rows]
        for spec, ev in self.evaluators.items():
            with self.subTest(spec=spec):
                results, statuses = ev.score_arrays(responses, references, return_results=True,
                                                    return_statuses=True)
                self.assertEqual(len(results), len(self.rows))
                self.assertIn(rewardkit.Status.INVALID_UTF8, statuses)
                self.assertIn(rewardkit.Status.SAMPLE_ERROR, statuses)
                # The context still holds the batch: read it again, field by field.
                _, scratch = ev._state()
                self.assertEqual(_lib.rk_context_batch_count(scratch.context), len(results))
                for i, got in enumerate(results):
                    want = read_by_accessors(_lib.rk_context_batch_result(scratch.context, i))
                    self.assert_same(spec, got, want, f"{spec} item {i}")

    def test_score_results_equal_the_accessors(self):
        for spec, ev in self.evaluators.items():
            _, scratch = ev._state()
            with self.subTest(spec=spec):
                for i, (response, reference) in enumerate(self.rows):
                    metadata = [None, {"id": i}, {"id": f"row-{i}"}, {"id": [i, None]}][i % 4]
                    try:
                        got = ev.score(response, reference, metadata=metadata)
                    except rewardkit.RewardkitError as e:
                        # rk_score refuses invalid UTF-8 outright (score_arrays gives a result).
                        self.assertEqual(e.code_name, "INVALID_UTF8", f"{spec} row {i}")
                        continue
                    want = read_by_accessors(scratch.result)
                    self.assert_same(spec, got, want, f"{spec} row {i}")
                    self.assertEqual(got.id, None if metadata is None else metadata["id"])

    def test_the_data_reaches_every_field(self):
        # Without these, the comparisons above would prove less than they seem to.
        results = [r for ev in self.evaluators.values()
                   for r in ev.score_arrays([r for r, _ in self.rows],
                                            [ref for _, ref in self.rows], return_results=True)]
        self.assertTrue(any(r.correct for r in results))
        self.assertTrue(any(r.answer_found and not r.correct for r in results))
        self.assertTrue(any(not r.answer_found and not r.error for r in results))
        self.assertTrue(any(r.error for r in results))
        self.assertTrue(any("\\" in r.answer for r in results))
        self.assertTrue(any(not m.value.is_integer() for r in results for m in r.metrics))
        self.assertTrue(any(not r.score.is_integer() for r in results))
        self.assertTrue(any(r.score < 0 for r in results))  # all_components' safety gate


class ResultJsonCallsTest(unittest.TestCase):
    def test_numbers_are_floats(self):
        ev = rewardkit.Evaluator.from_file(SPECS["gsm8k"])
        r = ev.score("#### 18", "18")  # JSON: "aggregate_reward_score":1
        self.assertIs(type(r.score), float)
        self.assertEqual([type(m.value) for m in r.metrics], [float] * 3)
        (r,) = ev.score_arrays(["#### 18"], ["18"], return_results=True)
        self.assertIs(type(r.score), float)
        self.assertEqual(repr(r.score), "1.0")

    def test_flags_are_checked(self):
        ev = rewardkit.Evaluator.from_file(SPECS["gsm8k"])
        ev.score("#### 18", "18")
        _, s = ev._state()
        err = ctypes.c_void_p()
        for write, source in ((_lib.rk_result_json, s.result),
                              (_lib.rk_context_batch_json, s.context)):
            status = write(source, rewardkit._native.BATCH_JSON_LINES, s.buffer,
                           ctypes.byref(err))
            self.assertEqual(status, rewardkit.Status.INVALID_ARGUMENT)
            with self.assertRaises(rewardkit.RewardkitError) as cm:
                rewardkit._raise(status, err)
            self.assertIn("RK_BATCH_EXPLAIN", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
