# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Tests of rewardkit.trl, called the way TRL's GRPOTrainer calls a reward function:
reward_func(prompts=..., completions=..., completion_ids=..., **dataset_columns)."""

import json
import os
import sys
import unittest
from unittest import mock

import support  # noqa: F401  (RK_LIBRARY, sys.path)
import rewardkit  # noqa: E402
from rewardkit import trl  # noqa: E402

SPECS = support.SPECS_DIR


def chat(role, content):
    return [{"role": role, "content": content}]


class TrlTest(unittest.TestCase):
    def test_plain_completions(self):
        out = trl.gsm8k_reward(prompts=["2+2?", "3+3?", "4+4?"],
                               completions=["2 + 2 = 4\n#### 4", "#### 5", "no idea"],
                               completion_ids=[[1], [2], [3]],
                               answer=["4", "6", "8"])
        self.assertEqual(out, [1.0, 0.0, 0.0])
        self.assertTrue(all(isinstance(x, float) for x in out))

    def test_conversational_completions(self):
        prompts = [
            [{"role": "system", "content": "Answer after ####."},
             {"role": "user", "content": "9 * 2?"}],
            chat("user", [{"type": "text", "text": "half of one?"}]),
        ]
        completions = [
            chat("assistant", "9 * 2 = 18\n#### 18"),
            chat("assistant", [{"type": "text", "text": "It is "},
                               {"type": "image", "image": None},
                               {"type": "text", "text": r"\boxed{\frac{1}{2}}"}]),
        ]
        self.assertEqual(trl.gsm8k_reward(completions[:1], prompts=prompts[:1],
                                          ground_truth=["18"]), [1.0])
        self.assertEqual(trl.math_reward(completions, prompts=prompts,
                                         solution=["18", "0.5"]), [0.0, 1.0])

    def test_last_assistant_message_is_scored(self):
        completion = [{"role": "assistant", "content": "#### 1"},
                      {"role": "tool", "content": "#### 2"},
                      {"role": "assistant", "content": "#### 3"}]
        self.assertEqual(trl.completion_text(completion), "#### 3")
        self.assertEqual(trl.gsm8k_reward([completion], reference=["3"]), [1.0])
        self.assertEqual(trl.completion_text(chat("user", "#### 3")), "")
        prompt = chat("system", "be brief") + chat("user", "first") + chat("user", [
            {"type": "text", "text": "sec"}, {"type": "text", "text": "ond"}])
        self.assertEqual(trl.prompt_text(prompt), "second")

    def test_reference_columns(self):
        completions = ["#### 7", "#### 8"]
        for column in trl.REFERENCE_COLUMNS:
            with self.subTest(column=column):
                self.assertEqual(trl.gsm8k_reward(completions, **{column: ["7", "9"]}),
                                 [1.0, 0.0])
        # The first column of the list wins; an explicit column overrides the list.
        self.assertEqual(trl.gsm8k_reward(completions, ground_truth=["7", "8"],
                                          answer=["0", "0"]), [1.0, 1.0])
        reward = trl.make_reward_func("gsm8k", reference_column="target")
        self.assertEqual(reward(completions, target=[7, 9], answer=["7", "8"]), [1.0, 0.0])

    def test_missing_reference_column(self):
        with self.assertRaises(KeyError) as cm:
            trl.gsm8k_reward(["#### 7"], prompts=["p"], question=["q"])
        self.assertIn("ground_truth", str(cm.exception))
        self.assertIn("question", str(cm.exception))
        with self.assertRaisesRegex(ValueError, "2 completions but 1"):
            trl.gsm8k_reward(["#### 7", "#### 8"], answer=["7"])

    def test_names(self):
        self.assertEqual(trl.gsm8k_reward.__name__, "gsm8k_reward")
        self.assertEqual(trl.math_reward.__name__, "math_reward")
        self.assertEqual(trl.make_reward_func(os.path.join(SPECS, "math.json")).__name__,
                         "math_reward")
        self.assertEqual(trl.make_reward_func("gsm8k", name="my reward").__name__, "my_reward")
        self.assertEqual(trl.make_reward_func(rewardkit.Evaluator.from_file(
            os.path.join(SPECS, "gsm8k.json"))).__name__, "gsm8k_reward")
        self.assertEqual(trl.gsm8k_reward.evaluator.name, "gsm8k")

    def test_one_library_call_per_batch(self):
        reward = trl.make_reward_func("gsm8k")
        lib = rewardkit._lib
        real = lib.rk_score_arrays
        counts = []

        def counting(*args):
            counts.append(args[2])
            return real(*args)

        with mock.patch.object(lib, "rk_score_arrays", counting):
            out = reward(["#### %d" % i for i in range(64)], prompts=["p"] * 64,
                         answer=[str(i) for i in range(64)])
        self.assertEqual(out, [1.0] * 64)
        self.assertEqual(counts, [64])

    def test_prompts_group_the_normalization(self):
        with open(os.path.join(SPECS, "gsm8k.json"), encoding="utf-8") as f:
            spec = json.load(f)
        spec["normalize"] = {"method": "group", "scale": False}
        reward = trl.make_reward_func(spec, name="gsm8k_centered")
        completions = ["#### 1", "#### 0", "#### 1", "#### 1"]
        references = ["1"] * 4
        grouped = reward(completions, prompts=[chat("user", "A"), chat("user", "A"),
                                               chat("user", "B"), chat("user", "B")],
                         answer=references)
        self.assertEqual(grouped, [0.5, -0.5, 0.0, 0.0])
        one_group = reward(completions, prompts=["A"] * 4, answer=references)
        self.assertEqual(one_group, [0.25, -0.75, 0.25, 0.25])

    def test_bad_text_gets_the_error_score(self):
        self.assertEqual(trl.gsm8k_reward(["#### 7 \ud800", "#### 7"], answer=["7", "7"]),
                         [0.0, 1.0])
        self.assertEqual(trl.gsm8k_reward(["#### 7", "#### 7"], answer=[None, "7"]), [0.0, 1.0])


if __name__ == "__main__":
    unittest.main()
