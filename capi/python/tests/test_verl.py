# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Tests of rewardkit/verl.py, loaded the way verl loads a custom reward function file."""

import importlib.util
import itertools
import json
import os
import subprocess
import sys
import unittest
from unittest import mock

import support
import rewardkit  # noqa: E402

PYTHON_DIR = support.PYTHON_DIR
GSM8K_SAMPLES = support.shared_data("gsm8k_model_samples.jsonl")
VERL_FILE = os.path.join(PYTHON_DIR, "rewardkit", "verl.py")
SPECS = support.SPECS_DIR


def load_like_verl(path=VERL_FILE, name="custom_module"):
    """verl.trainer.ppo.reward.get_custom_reward_fn's way of loading the file."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def gsm8k_rows(n=500):
    with open(GSM8K_SAMPLES, encoding="utf-8") as f:
        return [json.loads(line) for line in itertools.islice(f, n)]


class VerlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.verl = load_like_verl()
        cls.rows = gsm8k_rows()
        # The rows: problem, response, reference_answer, label (OpenAI's is_correct), model.
        assert {"problem", "response", "reference_answer", "label"} <= set(cls.rows[0])

    def setUp(self):
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("REWARDKIT_SPEC", None)
        os.environ.pop("REWARDKIT_VERL_RETURN", None)

    def extra(self, i, row):
        return {"split": "test", "index": i, "question": row["problem"]}

    def test_agrees_with_labels(self):
        labels = [row["label"] for row in self.rows]
        self.assertIn(True, labels)
        self.assertIn(False, labels)
        keys = None
        for i, row in enumerate(self.rows):
            out = self.verl.compute_score(data_source="openai/gsm8k",
                                          solution_str=row["response"],
                                          ground_truth=row["reference_answer"],
                                          extra_info=self.extra(i, row))
            self.assertIsInstance(out, dict)
            self.assertEqual(out["acc"], row["label"], i)
            self.assertEqual(out["score"], 1.0 if row["label"] else 0.0, i)
            self.assertIsInstance(out["score"], float)
            keys = keys or list(out)
            self.assertEqual(list(out), keys)
        self.assertEqual(keys, ["score", "acc", "pred", "correctness",
                                "correctness_answer_found", "error"])

    def test_positional_call_and_pred(self):
        out = self.verl.compute_score("openai/gsm8k", "3 + 4 = 7\n#### 7", "7")
        self.assertEqual(out["pred"], "7")
        self.assertEqual(out["correctness_answer_found"], 1.0)
        self.assertEqual(out["error"], 0.0)

    def test_float_returns(self):
        row = self.rows[0]
        args = ("openai/gsm8k", row["response"], row["reference_answer"])
        expected = 1.0 if row["label"] else 0.0
        self.assertEqual(self.verl.compute_score(*args, return_dict=False), expected)
        os.environ["REWARDKIT_VERL_RETURN"] = "float"
        out = self.verl.compute_score(*args)
        self.assertIsInstance(out, float)
        self.assertEqual(out, expected)
        os.environ["REWARDKIT_VERL_RETURN"] = "tensor"
        with self.assertRaisesRegex(ValueError, "REWARDKIT_VERL_RETURN"):
            self.verl.compute_score(*args)
        del os.environ["REWARDKIT_VERL_RETURN"]
        as_float = self.verl.make_compute_score(os.path.join(SPECS, "gsm8k.json"),
                                                return_dict=False)
        self.assertEqual(as_float(*args), expected)
        self.assertEqual(as_float("any/source", "#### 7", "7"), 1.0)  # the spec is fixed
        self.assertIsInstance(self.verl.make_compute_score("gsm8k")(*args), dict)

    def test_batch_form_agrees_with_single_calls(self):
        rows = self.rows
        singles = [self.verl.compute_score("openai/gsm8k", r["response"], r["reference_answer"],
                                           self.extra(i, r)) for i, r in enumerate(rows)]
        # BatchRewardManager's call: keyword lists, data_sources a numpy array there.
        batch = self.verl.compute_score(data_sources=["openai/gsm8k"] * len(rows),
                                        solution_strs=[r["response"] for r in rows],
                                        ground_truths=[r["reference_answer"] for r in rows],
                                        extra_infos=[self.extra(i, r) for i, r in enumerate(rows)])
        self.assertIsInstance(batch, list)
        self.assertEqual(batch, singles)
        floats = self.verl.compute_score(data_sources=["openai/gsm8k"] * len(rows),
                                         solution_strs=[r["response"] for r in rows],
                                         ground_truths=[r["reference_answer"] for r in rows],
                                         return_dict=False)
        self.assertEqual(floats, [s["score"] for s in singles])
        self.assertEqual(floats, [1.0 if r["label"] else 0.0 for r in rows])
        # A list as solution_str, one data_source for all.
        listed = self.verl.compute_score("openai/gsm8k", [r["response"] for r in rows[:10]],
                                         [r["reference_answer"] for r in rows[:10]],
                                         return_dict=False)
        self.assertEqual(listed, floats[:10])

    def test_batch_is_one_library_call_per_spec(self):
        lib = rewardkit._lib
        calls = []
        real_arrays, real_score = lib.rk_score_arrays, lib.rk_score

        def arrays(*args):
            calls.append(args[2])  # count
            return real_arrays(*args)

        def score(*args):
            calls.append("rk_score")
            return real_score(*args)

        sources = ["openai/gsm8k", "HuggingFaceH4/MATH-500", "openai/gsm8k"]
        responses = ["#### 7", r"\boxed{\frac{1}{2}}", "#### 8"]
        truths = ["7", "1/2", "9"]
        self.verl.compute_score(data_sources=sources, solution_strs=responses,
                                ground_truths=truths)  # compiles and probes both specs first
        with mock.patch.object(lib, "rk_score_arrays", arrays), \
                mock.patch.object(lib, "rk_score", score):
            floats = self.verl.compute_score(data_sources=sources, solution_strs=responses,
                                             ground_truths=truths, return_dict=False)
            dicts = self.verl.compute_score(data_sources=sources, solution_strs=responses,
                                            ground_truths=truths)
        self.assertEqual(floats, [1.0, 1.0, 0.0])
        self.assertEqual([d["score"] for d in dicts], floats)
        self.assertEqual([d["pred"] for d in dicts], ["7", r"\frac{1}{2}", "8"])
        self.assertEqual([d["acc"] for d in dicts], [True, True, False])
        self.assertEqual(calls, [2, 1, 2, 1])

    def test_dict_batch_reads_results_in_one_call_per_spec(self):
        lib = rewardkit._lib
        calls = []
        real_json = lib.rk_context_batch_json

        def batch_json(*args):
            calls.append("rk_context_batch_json")
            return real_json(*args)

        sources = ["openai/gsm8k", "HuggingFaceH4/MATH-500", "openai/gsm8k"]
        responses = ["#### 7", r"\boxed{\frac{1}{2}}", "#### 8"]
        truths = ["7", "1/2", "9"]
        expected = self.verl.compute_score(data_sources=sources, solution_strs=responses,
                                           ground_truths=truths)
        with mock.patch.object(lib, "rk_context_batch_json", batch_json), \
                mock.patch.object(lib, "rk_result_metric_value",
                                  side_effect=AssertionError("read field by field")):
            dicts = self.verl.compute_score(data_sources=sources, solution_strs=responses,
                                            ground_truths=truths)
        self.assertEqual(dicts, expected)
        self.assertEqual([d["pred"] for d in dicts], ["7", r"\frac{1}{2}", "8"])
        self.assertEqual(calls, ["rk_context_batch_json"] * 2)

    def test_bad_sample_in_batch_keeps_the_keys(self):
        out = self.verl.compute_score(data_sources=["openai/gsm8k"] * 3,
                                      solution_strs=["#### 7", "#### 7", "bad \ud800 #### 7"],
                                      ground_truths=["7", None, "7"])
        self.assertEqual([d["score"] for d in out], [1.0, 0.0, 0.0])
        self.assertEqual([d["error"] for d in out], [0.0, 1.0, 1.0])
        self.assertEqual(len({tuple(d) for d in out}), 1)
        single = self.verl.compute_score("openai/gsm8k", "bad \ud800 #### 7", "7")
        self.assertEqual(single, out[2])
        self.assertEqual(self.verl.compute_score("openai/gsm8k", "#### 7", None), out[1])

    def test_data_sources(self):
        spec_for = self.verl.spec_for_data_source
        self.assertEqual(spec_for("openai/gsm8k"), "gsm8k")
        for source in ("lighteval/MATH", "DigitalLearningGmbH/MATH-lighteval",
                       "HuggingFaceH4/MATH-500", "numina_synthetic_math", "aime24"):
            self.assertEqual(spec_for(source), "math", source)
        with self.assertRaisesRegex(ValueError, "'codecontests'"):
            self.verl.compute_score("codecontests", "print(1)", "1")
        out = self.verl.compute_score("lighteval/MATH", r"so $\boxed{\dfrac{3}{4}}$", "0.75")
        self.assertEqual(out["score"], 1.0)

    def test_spec_overrides(self):
        # gsm8k credits "#### 18"; math looks for \boxed{} and does not.
        args = ("openai/gsm8k", "#### 18", "18")
        self.assertEqual(self.verl.compute_score(*args)["score"], 1.0)
        os.environ["REWARDKIT_SPEC"] = os.path.join(SPECS, "math.json")
        self.assertEqual(self.verl.compute_score(*args)["score"], 0.0)
        self.assertEqual(self.verl.compute_score("unknown/source", r"\boxed{18}", "18")["score"],
                         1.0)
        del os.environ["REWARDKIT_SPEC"]
        self.assertEqual(self.verl.compute_score(*args, extra_info={"rewardkit_spec": "math"})
                         ["score"], 0.0)
        self.assertEqual(self.verl.compute_score(*args, rewardkit_spec="math")["score"], 0.0)
        fixed = self.verl.make_compute_score("math")
        self.assertEqual(fixed(*args, extra_info={"rewardkit_spec": "gsm8k"})["score"], 1.0)
        with self.assertRaises(FileNotFoundError):
            self.verl.compute_score(*args, extra_info={"rewardkit_spec": "no_such_spec"})

    def test_evaluators_are_cached(self):
        path = os.path.join(SPECS, "gsm8k.json")
        entry = self.verl._entry("gsm8k")
        self.assertIs(self.verl._entry(path), entry)
        self.assertIs(self.verl._entry_for(None, "openai/gsm8k", None), entry)
        with mock.patch.object(rewardkit.Evaluator, "from_file",
                               side_effect=AssertionError("compiled again")):
            self.verl.compute_score("openai/gsm8k", "#### 1", "1")

    def test_bad_spec_fails_at_make_time(self):
        with self.assertRaises(rewardkit.RewardkitError) as cm:
            self.verl.make_compute_score({"version": "rewardkit/v1", "name": "x",
                                          "components": [{"type": "nope"}]})
        self.assertEqual(cm.exception.code_name, "INVALID_SPEC")
        self.assertIn("/components/0/type", cm.exception.message)

    def test_standalone_without_rewardkit_on_the_path(self):
        # verl's process knows nothing of rewardkit: the file finds its own package.
        code = (
            "import importlib.util, json, sys\n"
            "spec = importlib.util.spec_from_file_location('custom_module', sys.argv[1])\n"
            "m = importlib.util.module_from_spec(spec)\n"
            "sys.modules['custom_module'] = m\n"
            "spec.loader.exec_module(m)\n"
            "print(json.dumps([m.compute_score('openai/gsm8k', '#### 5', '5'),\n"
            "                  m.rewardkit.__file__]))\n"
        )
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        proc = subprocess.run([sys.executable, "-c", code, VERL_FILE], env=env, cwd="/",
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out, package = json.loads(proc.stdout)
        self.assertEqual(out["score"], 1.0)
        self.assertEqual(os.path.dirname(os.path.dirname(package)), PYTHON_DIR)


if __name__ == "__main__":
    unittest.main()
