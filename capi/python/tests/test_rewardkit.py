# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Tests of the rewardkit Python package over librewardkit_c.

    RK_LIBRARY=build/capi/librewardkit_c.so REWARDKIT_SPECS_DIR=examples/specs \\
        python3 -m unittest discover -s capi/python/tests -v
"""

import json
import os
import pathlib
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
from unittest import mock

import support
import rewardkit  # noqa: E402
from rewardkit import RewardkitError, Status  # noqa: E402

ROOT = support.ROOT
PYTHON_DIR = support.PYTHON_DIR
LIBRARY = support.LIBRARY
SPECS = support.SPECS_DIR
DATA = support.EXAMPLE_DATA
GSM8K = os.path.join(SPECS, "gsm8k.json")
MATH = os.path.join(SPECS, "math.json")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def nova_response(sample):
    """The text of a Nova-shape sample's last nova_assistant turn, as docs/input.md reads it."""
    turn = [m for m in sample["messages"] if m["role"] == "nova_assistant"][-1]
    return "".join(p["text"] for p in turn["content"] if p.get("type") == "text")


# The accessors that read an rk_result field by field: the package reads results as JSON instead.
RESULT_ACCESSORS = ("rk_result_score", "rk_result_id", "rk_result_error", "rk_result_metric_count",
                    "rk_result_metric_name", "rk_result_metric_value", "rk_result_metric_type",
                    "rk_result_answer_found", "rk_result_answer", "rk_result_correct",
                    "rk_context_batch_count", "rk_context_batch_result")


def count_calls(test, names):
    """Patches rewardkit's ctypes functions `names` to count their calls (a dict, name -> count)
    and every result accessor to fail, until the test ends."""
    lib = rewardkit._lib
    counts = dict.fromkeys(names, 0)

    def counting(name, real):
        def call(*args):
            counts[name] += 1
            return real(*args)
        return call

    for name in names:
        patcher = mock.patch.object(lib, name, counting(name, getattr(lib, name)))
        patcher.start()
        test.addCleanup(patcher.stop)
    for name in RESULT_ACCESSORS:
        patcher = mock.patch.object(lib, name, side_effect=AssertionError(f"{name} called"))
        patcher.start()
        test.addCleanup(patcher.stop)
    return counts


class LibraryTest(unittest.TestCase):
    def test_versions(self):
        self.assertEqual(rewardkit.abi_version(), 1)
        major, minor, patch = map(int, rewardkit.version().split("."))
        self.assertEqual(rewardkit.version_number(), major * 10000 + minor * 100 + patch)
        self.assertEqual(rewardkit.__version__, rewardkit.version())

    def test_library_file_is_the_one_loaded(self):
        self.assertEqual(rewardkit.library_file, os.path.realpath(LIBRARY))

    def test_status_names(self):
        self.assertEqual(rewardkit.status_name(0), "OK")
        self.assertEqual(rewardkit.status_name(Status.INVALID_SPEC), "INVALID_SPEC")
        self.assertEqual(rewardkit.status_name(103), "SAMPLE_ERROR")
        self.assertEqual(rewardkit.status_name(99), "UNKNOWN")
        for status in Status:
            self.assertEqual(rewardkit.status_name(status), status.name)

    def test_only_scoring_calls_release_the_gil(self):
        import ctypes
        from rewardkit import _native

        keeps_gil = ctypes._FUNCFLAG_PYTHONAPI
        for name in _native._PROTOTYPES:
            flags = getattr(rewardkit._lib, name)._flags_
            with self.subTest(name=name):
                self.assertEqual(bool(flags & keeps_gil), name not in _native._RELEASE_GIL)
        self.assertEqual(_native._RELEASE_GIL, {"rk_evaluator_create", "rk_score",
                                                "rk_score_batch_json", "rk_score_arrays"})

    def test_abi_mismatch_is_refused(self):
        from rewardkit import _native

        class Fn:
            def __init__(self, value):
                self.value = value

            def __call__(self):
                return self.value

        class FakeLib:
            def __getattr__(self, name):
                fn = Fn(2)
                setattr(self, name, fn)
                return fn

        with self.assertRaisesRegex(ImportError, r"fake\.so has C ABI version 2.*needs version 1"):
            _native._declare(FakeLib(), "fake.so")


class LoaderTest(unittest.TestCase):
    """Runs the import in a child process, with a copy of the package where no library is."""

    def run_import(self, package_parent, env_overrides):
        env = {k: v for k, v in os.environ.items() if k not in ("RK_LIBRARY", "PYTHONPATH")}
        env.update(env_overrides)
        env["PYTHONPATH"] = package_parent
        code = "import rewardkit; print(rewardkit.library_file)"
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, cwd=package_parent, timeout=60)

    def copy_package(self, tmp):
        shutil.copytree(os.path.join(PYTHON_DIR, "rewardkit"), os.path.join(tmp, "rewardkit"),
                        ignore=shutil.ignore_patterns("__pycache__", "librewardkit_c*"))

    def test_bad_rk_library_is_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.copy_package(tmp)
            missing = os.path.join(tmp, "nowhere", "librewardkit_c.so")
            proc = self.run_import(tmp, {"RK_LIBRARY": missing})
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("ImportError", proc.stderr)
        self.assertIn(f"RK_LIBRARY={missing!r}", proc.stderr)

    def test_nothing_found_lists_what_was_tried(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.copy_package(tmp)
            proc = self.run_import(tmp, {"LD_LIBRARY_PATH": ""})
        if proc.returncode == 0:
            self.fail("the library was found with RK_LIBRARY unset and none next to the "
                      f"package: is it installed system-wide? ({proc.stdout.strip()})")
        self.assertIn("cannot find the C library librewardkit_c", proc.stderr)
        self.assertIn("RK_LIBRARY: not set", proc.stderr)
        self.assertIn("librewardkit_c.so.1: no such file", proc.stderr)
        self.assertIn('find_library("rewardkit_c")', proc.stderr)

    def test_library_next_to_the_package(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.copy_package(tmp)
            os.symlink(os.path.realpath(LIBRARY),
                       os.path.join(tmp, "rewardkit", "librewardkit_c.so.1"))
            proc = self.run_import(tmp, {})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), os.path.realpath(LIBRARY))


class EvaluatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ev = rewardkit.Evaluator.from_file(GSM8K)

    def test_right_answer(self):
        r = self.ev.score("9 * 2 = 18\n#### 18", "18")
        self.assertEqual(r.score, 1.0)
        self.assertTrue(r.correct)
        self.assertTrue(r.answer_found)
        self.assertEqual(r.answer, "18")
        self.assertEqual(r.error, "")
        self.assertIsNone(r.id)

    def test_wrong_answer(self):
        r = self.ev.score("9 * 2 = 17\n#### 17", "18")
        self.assertEqual(r.score, 0.0)
        self.assertFalse(r.correct)
        self.assertTrue(r.answer_found)
        self.assertEqual(r.answer, "17")

    def test_no_answer(self):
        r = self.ev.score("I think it is eighteen-ish", "18")
        self.assertEqual(r.score, 0.0)
        self.assertFalse(r.answer_found)
        self.assertEqual(r.answer, "")

    def test_metrics(self):
        r = self.ev.score("#### 18", "18")
        self.assertEqual(r.metrics, [
            rewardkit.Metric("correctness", 1.0, "Reward"),
            rewardkit.Metric("correctness_answer_found", 1.0, "Metric"),
            rewardkit.Metric("error", 0.0, "Metric"),
        ])
        self.assertEqual(r.components, {"correctness": 1.0})
        self.assertEqual(r.metric_values["correctness_answer_found"], 1.0)

    def test_result_is_read_in_one_call(self):
        counts = count_calls(self, ["rk_score", "rk_result_json", "rk_buffer_data"])
        r = self.ev.score("#### 18", "18", metadata={"id": "x"})
        self.assertEqual((r.score, r.id, r.answer), (1.0, "x", "18"))
        self.assertEqual(counts, {"rk_score": 1, "rk_result_json": 1, "rk_buffer_data": 1})

    def test_number_reference(self):
        self.assertEqual(self.ev.score("#### 18", 18).score, 1.0)
        self.assertEqual(self.ev.score("#### 2.5", 2.5).score, 1.0)

    def test_bytes_arguments(self):
        r = self.ev.score(b"#### 18", b"18", prompt=b"9 * 2?")
        self.assertEqual(r.score, 1.0)

    def test_non_ascii_text(self):
        r = self.ev.score("Die Antwort: 9 × 2 = 18 €\n#### 18", "18", prompt="Wie viel? 🤔")
        self.assertEqual(r.score, 1.0)

    def test_metadata_id(self):
        self.assertEqual(self.ev.score("#### 18", "18", metadata={"id": "a-1"}).id, "a-1")
        self.assertEqual(self.ev.score("#### 18", "18", metadata='{"id": 17}').id, 17)
        self.assertEqual(self.ev.score("#### 18", "18", metadata=b'{"id": [1, "x"]}').id,
                         [1, "x"])

    def test_bad_metadata(self):
        with self.assertRaises(RewardkitError) as cm:
            self.ev.score("#### 18", "18", metadata="{not json")
        self.assertEqual(cm.exception.code_name, "INVALID_JSON")
        self.assertEqual(cm.exception.code, Status.INVALID_JSON)
        self.assertIn("metadata", cm.exception.message)
        with self.assertRaises(RewardkitError) as cm:
            self.ev.score("#### 18", "18", metadata={"response_tokens": -3})
        self.assertEqual(cm.exception.code_name, "INVALID_JSON")
        self.assertIn("response_tokens", cm.exception.message)

    def test_empty_reference_is_a_result(self):
        r = self.ev.score("#### 18", "")
        self.assertEqual(r.score, 0.0)
        self.assertIn("reference", r.error)
        self.assertEqual(r.metric_values, {"error": 1.0})

    def test_invalid_utf8_bytes(self):
        for kwargs, field in (({"response": b"#### 18 \xff"}, "response"),
                              ({"reference": b"\xc3\x28"}, "reference"),
                              ({"prompt": b"\xed\xa0\x80"}, "prompt")):
            args = {"response": "#### 18", "reference": "18", **kwargs}
            with self.subTest(field=field):
                with self.assertRaises(RewardkitError) as cm:
                    self.ev.score(**args)
                self.assertEqual(cm.exception.code_name, "INVALID_UTF8")
                self.assertEqual(cm.exception.code, 100)
                self.assertIn(field, cm.exception.message)

    def test_lone_surrogate_str(self):
        for field in ("response", "reference", "prompt"):
            args = {"response": "#### 18", "reference": "18", "prompt": "q"}
            args[field] = "bad \ud800 text"
            with self.subTest(field=field):
                with self.assertRaises(RewardkitError) as cm:
                    self.ev.score(**args)
                self.assertEqual(cm.exception.code_name, "INVALID_UTF8")
                self.assertIn(field, cm.exception.message)
                self.assertIn("index 4", cm.exception.message)
                self.assertIsInstance(cm.exception.__str__(), str)
        # The evaluator is still usable afterwards.
        self.assertEqual(self.ev.score("#### 18", "18").score, 1.0)

    def test_bad_argument_type(self):
        with self.assertRaisesRegex(TypeError, "reference"):
            self.ev.score("#### 18", ["18"])

    def test_error_is_picklable(self):
        e = RewardkitError(Status.INVALID_SPEC, "INVALID_SPEC", "/name: missing")
        e2 = pickle.loads(pickle.dumps(e))
        self.assertEqual((e2.code, e2.code_name, e2.message),
                         (101, "INVALID_SPEC", "/name: missing"))
        self.assertEqual(str(e2), "INVALID_SPEC: /name: missing")


class SpecTest(unittest.TestCase):
    def test_spec_forms_agree(self):
        with open(GSM8K, encoding="utf-8") as f:
            text = f.read()
        forms = [text, text.encode(), json.loads(text), pathlib.Path(GSM8K)]
        evaluators = [rewardkit.Evaluator(form) for form in forms]
        evaluators.append(rewardkit.Evaluator.from_file(GSM8K))
        hashes = {ev.spec_hash for ev in evaluators}
        self.assertEqual(len(hashes), 1)
        (spec_hash,) = hashes
        self.assertRegex(spec_hash, r"^[0-9a-f]{16}$")
        for ev in evaluators:
            self.assertEqual(ev.name, "gsm8k")
            self.assertEqual(ev.components,
                             [rewardkit.Component("correctness", "correctness", 1.0, True)])
            self.assertEqual(ev.score("#### 18", "18").score, 1.0)

    def test_invalid_spec_names_the_field(self):
        spec = {"version": "rewardkit/v1", "name": "bad",
                "components": [{"type": "correctness", "compare": {"type": "numeric"},
                                "extract": {"type": "marker", "markers": ["####"]},
                                "weight": "heavy"},
                               {"type": "no_such_type"}]}
        with self.assertRaises(RewardkitError) as cm:
            rewardkit.Evaluator(spec)
        e = cm.exception
        self.assertEqual(e.code_name, "INVALID_SPEC")
        self.assertEqual(e.code, Status.INVALID_SPEC)
        self.assertIn("/components/0/weight", e.message)
        self.assertIn("/components/1/type", e.message)
        self.assertTrue(str(e).startswith("INVALID_SPEC: "))

    def test_invalid_spec_from_file_names_the_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"version": "rewardkit/v1", "name": "x", "components": []}, f)
        try:
            with self.assertRaises(RewardkitError) as cm:
                rewardkit.Evaluator.from_file(f.name)
            self.assertEqual(cm.exception.code_name, "INVALID_SPEC")
            self.assertIn(f.name, cm.exception.message)
            self.assertIn("/components", cm.exception.message)
        finally:
            os.unlink(f.name)

    def test_path_given_as_str_gets_a_hint(self):
        with self.assertRaises(RewardkitError) as cm:
            rewardkit.Evaluator(GSM8K)
        self.assertIn("from_file", cm.exception.message)

    def test_normalization(self):
        with open(GSM8K, encoding="utf-8") as f:
            spec = json.load(f)
        self.assertEqual(rewardkit.Evaluator(spec).normalization, "none")
        spec["normalize"] = {"method": "group"}
        self.assertEqual(rewardkit.Evaluator(spec).normalization, "group")
        spec["normalize"] = {"method": "batch"}
        self.assertEqual(rewardkit.Evaluator(spec).normalization, "batch")

    def test_spec_type_error(self):
        with self.assertRaises(TypeError):
            rewardkit.Evaluator(42)

    def test_close_and_with(self):
        with rewardkit.Evaluator.from_file(GSM8K) as ev:
            self.assertEqual(ev.score("#### 1", "1").score, 1.0)
        with self.assertRaisesRegex(ValueError, "closed"):
            ev.score("#### 1", "1")
        with self.assertRaisesRegex(ValueError, "closed"):
            ev.score_arrays(["#### 1"], ["1"])
        with self.assertRaisesRegex(ValueError, "closed"):
            ev.score_batch([])
        ev.close()  # idempotent
        self.assertIn("closed", repr(ev))

    def test_pickle_recompiles(self):
        ev = rewardkit.Evaluator.from_file(MATH)
        ev2 = pickle.loads(pickle.dumps(ev))
        self.assertIsNot(ev, ev2)
        self.assertEqual(ev2.spec_hash, ev.spec_hash)
        self.assertEqual(ev2.score(r"so \boxed{\frac{1}{2}}", "0.5").score, 1.0)

    def test_bundled_spec(self):
        self.assertEqual(os.path.realpath(rewardkit.bundled_spec("gsm8k")),
                         os.path.realpath(GSM8K))
        self.assertEqual(rewardkit.bundled_spec("math.json"), rewardkit.bundled_spec("math"))
        with self.assertRaises(FileNotFoundError) as cm:
            rewardkit.bundled_spec("no_such_spec")
        self.assertIn("no_such_spec.json", str(cm.exception))
        self.assertIn(rewardkit.spec_dirs()[0], str(cm.exception))


class BatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gsm8k = rewardkit.Evaluator.from_file(GSM8K)
        cls.math = rewardkit.Evaluator.from_file(MATH)
        cls.bedrock = read_jsonl(os.path.join(DATA, "gsm8k_bedrock.jsonl"))
        cls.nova = read_jsonl(os.path.join(DATA, "math_nova.jsonl"))

    def test_bedrock_batch(self):
        results = self.gsm8k.score_batch(self.bedrock)
        self.assertEqual(len(results), len(self.bedrock))
        self.assertEqual([r["id"] for r in results], [s["id"] for s in self.bedrock])
        for sample, r in zip(self.bedrock, results):
            self.assertEqual(r["aggregate_reward_score"], 1.0 if sample["label"] else 0.0,
                             sample["id"])
            self.assertEqual([m["name"] for m in r["metrics_list"]],
                             ["correctness", "correctness_answer_found", "error"])

    def test_nova_batch_agrees_with_single_scores(self):
        results = self.math.score_batch(self.nova)
        self.assertEqual([r["id"] for r in results], [s["id"] for s in self.nova])
        for sample, r in zip(self.nova, results):
            single = self.math.score(nova_response(sample),
                                     sample["reference_answer"]["final_answer"])
            self.assertEqual(r["aggregate_reward_score"], single.score, sample["id"])
            self.assertEqual(single.correct, sample["label"], sample["id"])

    def test_batch_text_forms(self):
        path = os.path.join(DATA, "gsm8k_bedrock.jsonl")
        with open(path, "rb") as f:
            lines = f.read()
        expected = self.gsm8k.score_batch(self.bedrock)
        self.assertEqual(self.gsm8k.score_batch(lines, json_lines=True), expected)
        self.assertEqual(self.gsm8k.score_batch(lines.decode(), json_lines=True), expected)
        self.assertEqual(self.gsm8k.score_batch(json.dumps(self.bedrock)), expected)
        self.assertEqual(self.gsm8k.score_batch({"trajectories": self.bedrock}), expected)
        self.assertEqual(self.gsm8k.score_batch(tuple(self.bedrock)), expected)
        with open(os.path.join(DATA, "gsm8k_flat_array.json"), "rb") as f:
            flat = f.read()
        self.assertEqual(len(self.gsm8k.score_batch(flat)), len(json.loads(flat)))

    def test_batch_json_text(self):
        text = self.gsm8k.score_batch_json(json.dumps(self.bedrock[:5]))
        self.assertIsInstance(text, str)
        self.assertEqual(json.loads(text), self.gsm8k.score_batch(self.bedrock[:5]))

    def test_explain_and_spec_hash(self):
        (r,) = self.gsm8k.score_batch(self.bedrock[:1], explain=True, spec_hash=True)
        self.assertEqual(r["spec_hash"], self.gsm8k.spec_hash)
        self.assertEqual(r["details"]["correct"], self.bedrock[0]["label"])
        self.assertEqual(r["details"]["answer"], "26")
        (plain,) = self.gsm8k.score_batch(self.bedrock[:1])
        self.assertNotIn("details", plain)
        self.assertNotIn("spec_hash", plain)

    def test_malformed_sample_keeps_its_place(self):
        samples = [
            self.bedrock[0],
            {"id": "content-number", "messages": [{"role": "assistant", "content": 7}],
             "metadata": {"reference_answer": "7"}},
            {"id": "no-response", "reference_answer": "3"},
            {"id": "surrogate", "response": "#### 18 \ud800", "reference_answer": "18"},
            self.bedrock[2],
        ]
        results = self.gsm8k.score_batch(samples, explain=True)
        self.assertEqual([r["id"] for r in results], [s["id"] for s in samples])
        for r in results[1:4]:
            self.assertEqual(r["metrics_list"], [{"name": "error", "value": 1, "type": "Metric"}])
            self.assertEqual(r["aggregate_reward_score"], 0)
        self.assertIn("/messages/0/content", results[1]["details"]["error"])
        self.assertIn("invalid UTF-8", results[3]["details"]["error"])
        for r in (results[0], results[4]):
            self.assertEqual(r["metrics_list"][-1], {"name": "error", "value": 0, "type": "Metric"})

    def test_unparseable_line_keeps_its_place(self):
        text = "\n".join([json.dumps(self.bedrock[0]), '{"id": "cut", "response": "#### 1',
                          json.dumps(self.bedrock[1])])
        results = self.gsm8k.score_batch(text, json_lines=True)
        self.assertEqual([r["id"] for r in results], [self.bedrock[0]["id"], "cut",
                                                      self.bedrock[1]["id"]])
        self.assertEqual(results[1]["metrics_list"][0]["name"], "error")
        self.assertEqual(results[1]["metrics_list"][0]["value"], 1)

    def test_not_a_batch(self):
        with self.assertRaises(RewardkitError) as cm:
            self.gsm8k.score_batch('"just a string"')
        self.assertEqual(cm.exception.code_name, "INVALID_JSON")

    def test_empty_batch(self):
        self.assertEqual(self.gsm8k.score_batch([]), [])


class ArraysTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ev = rewardkit.Evaluator.from_file(GSM8K)
        samples = read_jsonl(os.path.join(DATA, "gsm8k_bedrock.jsonl"))
        cls.responses = [s["messages"][-1]["content"] for s in samples]
        cls.references = [s["metadata"]["reference_answer"] for s in samples]
        cls.prompts = [s["messages"][0]["content"] for s in samples]

    def test_agrees_with_score(self):
        scores = self.ev.score_arrays(self.responses, self.references)
        singles = [self.ev.score(r, ref).score for r, ref in zip(self.responses, self.references)]
        self.assertEqual(scores, singles)
        self.assertIn(1.0, scores)
        self.assertIn(0.0, scores)
        self.assertEqual(self.ev.score_arrays(self.responses, self.references, self.prompts),
                         singles)

    def test_statuses(self):
        scores, statuses = self.ev.score_arrays(
            ["#### 18", "#### 18", b"#### 18 \xff", "#### 18 \udc80", "#### 18", b"#### 5"],
            ["18", "", "18", "18", b"\xc3", 5],
            return_statuses=True)
        self.assertEqual(scores, [1.0, 0.0, 0.0, 0.0, 0.0, 1.0])
        self.assertEqual(statuses, [Status.OK, Status.SAMPLE_ERROR, Status.INVALID_UTF8,
                                    Status.INVALID_UTF8, Status.INVALID_UTF8, Status.OK])

    def test_one_native_call(self):
        lib = rewardkit._lib
        real = lib.rk_score_arrays
        calls = []

        def counting(*args):
            calls.append(args[2])  # count
            return real(*args)

        with mock.patch.object(lib, "rk_score_arrays", counting):
            scores = self.ev.score_arrays(self.responses, self.references, self.prompts)
        self.assertEqual(calls, [len(self.responses)])
        self.assertEqual(len(scores), len(self.responses))

    def test_results_agree_with_score(self):
        results = self.ev.score_arrays(self.responses, self.references, return_results=True)
        self.assertEqual(len(results), len(self.responses))
        for r, response, reference in zip(results, self.responses, self.references):
            self.assertIsInstance(r, rewardkit.ScoreResult)
            self.assertEqual(r, self.ev.score(response, reference))
        self.assertTrue(any(r.correct for r in results))
        self.assertTrue(any(r.answer_found and not r.correct for r in results))

    def test_results_are_read_in_one_call(self):
        counts = count_calls(self, ["rk_score_arrays", "rk_context_batch_json"])
        results = self.ev.score_arrays(self.responses, self.references, return_results=True)
        self.assertEqual(len(results), len(self.responses))
        self.assertEqual(counts, {"rk_score_arrays": 1, "rk_context_batch_json": 1})

    def test_results_of_failed_items(self):
        results, statuses = self.ev.score_arrays(
            ["#### 1", b"\xff", "#### 3 \ud800", "#### 4"], ["1", "2", "3", ""],
            return_results=True, return_statuses=True)
        self.assertEqual(statuses, [Status.OK, Status.INVALID_UTF8, Status.INVALID_UTF8,
                                    Status.SAMPLE_ERROR])
        self.assertEqual(results[0].metric_values["correctness"], 1.0)
        for r in results[1:]:
            self.assertEqual(r.metric_values, {"error": 1.0})
            self.assertEqual(r.score, 0.0)
        self.assertIn("response", results[1].error)
        self.assertIn("response", results[2].error)
        self.assertIn("reference", results[3].error)

    def test_length_mismatch(self):
        with self.assertRaisesRegex(ValueError, "2 responses but 1 references"):
            self.ev.score_arrays(["a", "b"], ["1"])
        with self.assertRaisesRegex(ValueError, "prompts"):
            self.ev.score_arrays(["a"], ["1"], ["p", "q"])

    def test_empty(self):
        self.assertEqual(self.ev.score_arrays([], []), [])
        self.assertEqual(self.ev.score_arrays([], [], return_statuses=True), ([], []))


class ThreadsTest(unittest.TestCase):
    def test_eight_threads_share_one_evaluator(self):
        ev = rewardkit.Evaluator.from_file(GSM8K)
        samples = read_jsonl(os.path.join(DATA, "gsm8k_bedrock.jsonl"))
        responses = [s["messages"][-1]["content"] for s in samples]
        references = [s["metadata"]["reference_answer"] for s in samples]

        def work():
            singles = [ev.score(r, ref, metadata={"id": i})
                       for i, (r, ref) in enumerate(zip(responses, references))]
            return ([(x.score, x.id, x.answer, x.correct, x.metrics) for x in singles],
                    ev.score_arrays(responses, references),
                    ev.score_arrays(responses, references, return_results=True),
                    ev.score_batch(samples))

        expected = work()
        self.assertEqual(sum(expected[1]), sum(1 for s in samples if s["label"]))
        barrier = threading.Barrier(8)
        results = [None] * 8
        errors = []

        def run(k):
            try:
                barrier.wait()
                results[k] = [work() for _ in range(5)]
            except BaseException as e:  # reported below, not lost in the thread
                errors.append(e)

        threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        for per_thread in results:
            for got in per_thread:
                self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main()
