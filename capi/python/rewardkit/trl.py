# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""rewardkit as TRL reward functions.

    from trl import GRPOTrainer
    from rewardkit.trl import gsm8k_reward, make_reward_func

    trainer = GRPOTrainer(model=..., train_dataset=dataset,
                          reward_funcs=[gsm8k_reward])      # or make_reward_func("my_spec.json")

GRPOTrainer calls each reward function as reward(prompts=..., completions=..., **columns), where
columns are the dataset's other columns, one value per completion, and logs its mean under
rewards/<__name__>. Completions and prompts may be plain strings or conversations (lists of
{"role", "content"} messages; content a string or a list of {"type": "text", "text"} parts).

The reference is the column named by reference_column, else the first of "ground_truth",
"answer", "solution", "reference_answer", "reference" present. The prompts go to the library too,
so a spec with group normalization groups the completions of one prompt. Each call scores the
whole batch in one library call (rk_score_arrays).
"""

import os
import re
import threading

import rewardkit

__all__ = ["make_reward_func", "gsm8k_reward", "math_reward", "completion_text", "prompt_text"]

REFERENCE_COLUMNS = ("ground_truth", "answer", "solution", "reference_answer", "reference")


def _content_text(content) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):  # one part
        content = [content]
    parts = []
    for part in content:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and part.get("type", "text") == "text":
            text = part.get("text")
            if isinstance(text, str):
                parts.append(text)
    return "".join(parts)


def _last_turn_text(messages, role) -> str:
    if isinstance(messages, dict):
        messages = [messages]
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == role:
            return _content_text(message.get("content"))
    return ""


def completion_text(completion) -> str:
    """A completion's text: the string itself, or the content of a conversation's last
    "assistant" message ("" when it has none)."""
    if isinstance(completion, (str, bytes)):
        return completion
    return _last_turn_text(completion, "assistant")


def prompt_text(prompt) -> str:
    """A prompt's text: the string itself, or the content of a conversation's last "user"
    message."""
    if isinstance(prompt, (str, bytes)):
        return prompt
    return _last_turn_text(prompt, "user")


def _references(kwargs, reference_column, n, name):
    columns = (reference_column,) if reference_column else REFERENCE_COLUMNS
    for column in columns:
        values = kwargs.get(column)
        if values is not None:
            break
    else:
        raise KeyError(
            f"{name}: no reference column; looked for {', '.join(map(repr, columns))} among the "
            f"dataset columns {sorted(k for k in kwargs if k != 'prompts')}")
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        values = [values] * n
    elif len(values) != n:
        raise ValueError(f"{name}: {n} completions but {len(values)} values of {column!r}")
    return ["" if v is None else v for v in values]


def _identifier(text: str) -> str:
    name = re.sub(r"\W+", "_", text).strip("_")
    return name if name and not name[0].isdigit() else "r_" + name


def make_reward_func(spec, reference_column=None, name=None):
    """A TRL reward function scoring completions with `spec`.

    spec: an Evaluator, a spec file's path (str or os.PathLike), a bundled spec's name
        ("gsm8k", "math"), a dict, or JSON text.
    reference_column: the dataset column holding the reference; by default the first of
        REFERENCE_COLUMNS present.
    name: the function's __name__, which TRL logs it under (default "<spec name>_reward").

    The function is reward(completions, **kwargs) -> list[float], safe to call from several
    threads; its .evaluator is the compiled spec.
    """
    evaluator = _evaluator(spec)
    func_name = _identifier(name or f"{evaluator.name}_reward")

    def reward(completions, **kwargs):
        n = len(completions)
        references = _references(kwargs, reference_column, n, func_name)
        responses = [completion_text(c) for c in completions]
        prompts = kwargs.get("prompts")
        if prompts is not None:
            if len(prompts) != n:
                raise ValueError(f"{func_name}: {n} completions but {len(prompts)} prompts")
            prompts = [prompt_text(p) for p in prompts]
        return evaluator.score_arrays(responses, references, prompts)

    reward.__name__ = reward.__qualname__ = func_name
    reward.__doc__ = f"rewardkit spec {evaluator.name!r} ({evaluator.spec_hash}) as a TRL reward."
    reward.evaluator = evaluator
    return reward


def _evaluator(spec):
    if isinstance(spec, rewardkit.Evaluator):
        return spec
    if isinstance(spec, (dict, bytes)):
        return rewardkit.Evaluator(spec)
    if isinstance(spec, str) and spec.lstrip().startswith("{"):
        return rewardkit.Evaluator(spec)
    return rewardkit.Evaluator.from_file(rewardkit._spec_path(os.fspath(spec)))


class _LazyReward:
    """A reward function for a bundled spec, compiled on its first call (importing this module
    must not fail when the bundled specs are not installed)."""

    def __init__(self, spec_name):
        self.__name__ = self.__qualname__ = f"{spec_name}_reward"
        self.__doc__ = (f"The bundled {spec_name!r} spec as a TRL reward function: "
                        "reward(completions, **kwargs) -> list[float].")
        self._spec_name = spec_name
        self._func = None
        self._lock = threading.Lock()

    def _get(self):
        if self._func is None:
            with self._lock:
                if self._func is None:
                    self._func = make_reward_func(self._spec_name, name=self.__name__)
        return self._func

    @property
    def evaluator(self):
        return self._get().evaluator

    def __call__(self, completions, **kwargs):
        return self._get()(completions, **kwargs)

    def __repr__(self):
        return f"<rewardkit reward function {self.__name__}>"

    def __reduce__(self):
        return (_LazyReward, (self._spec_name,))


gsm8k_reward = _LazyReward("gsm8k")
math_reward = _LazyReward("math")
