# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""rewardkit as a verl reward function.

Point verl at this file:

    custom_reward_function.path=/path/to/rewardkit/capi/python/rewardkit/verl.py
    custom_reward_function.name=compute_score

compute_score(data_source, solution_str, ground_truth, extra_info=None) picks a spec, scores the
response, and returns {"score": float, "acc": bool, "pred": str, <metric>: value, ...}: verl
takes "score" as the reward and logs the other keys as reward_extra_info. Every result of one spec
has the same keys, as verl's reward managers need. With REWARDKIT_VERL_RETURN=float (or
return_dict=False, e.g. through custom_reward_function.reward_kwargs) it returns the score alone.

The spec, first match wins:
  1. extra_info["rewardkit_spec"]: a spec file's path or a bundled spec's name ("gsm8k");
  2. the spec given to make_compute_score;
  3. $REWARDKIT_SPEC (a path or a bundled name);
  4. the data_source, as verl's default_compute_score reads it: "openai/gsm8k" (anything with
     "gsm8k") -> gsm8k; "lighteval/MATH", "DigitalLearningGmbH/MATH-lighteval",
     "HuggingFaceH4/MATH-500", anything with "math", and "aime*" -> math; else ValueError.
Each spec is compiled once per process and shared by all threads.

Batches: verl's BatchRewardManager calls compute_score(data_sources=..., solution_strs=...,
ground_truths=..., extra_infos=...); solution_str given as a list works the same way. The whole
batch crosses into the library in one rk_score_arrays call per spec (for dicts, one more call then
reads every sample's metrics and answer back, as one JSON array) and a list comes back, in order.

verl loads this file by path (importlib.util.spec_from_file_location), not as rewardkit.verl, so
it imports rewardkit absolutely, adding capi/python to sys.path when rewardkit is not installed.
"""

import os
import sys
import threading

try:
    import rewardkit
except ModuleNotFoundError as _e:
    if _e.name != "rewardkit":
        raise
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import rewardkit

__all__ = ["compute_score", "make_compute_score", "spec_for_data_source"]

_MATH_SOURCES = frozenset(
    {"lighteval/MATH", "DigitalLearningGmbH/MATH-lighteval", "HuggingFaceH4/MATH-500"})


def spec_for_data_source(data_source) -> str:
    """The name of the bundled spec for a verl data_source: "gsm8k" or "math". ValueError
    naming the data_source when rewardkit has no spec for it."""
    source = str(data_source)
    lower = source.lower()
    if source == "openai/gsm8k" or "gsm8k" in lower:
        return "gsm8k"
    if source in _MATH_SOURCES or "math" in lower or lower.startswith("aime"):
        return "math"
    raise ValueError(
        f"rewardkit.verl: no spec for data_source {source!r}; set REWARDKIT_SPEC to a spec "
        "file, give extra_info['rewardkit_spec'], or use make_compute_score(spec)")


class _Entry:
    """A compiled spec and the metric names every result of it reports, in order."""

    __slots__ = ("evaluator", "metric_names")

    def __init__(self, evaluator):
        self.evaluator = evaluator
        # One probe fixes the key set: a sample that cannot be scored reports only "error",
        # and verl's reward_extra_info needs the same keys for every sample.
        probe = evaluator.score("0", "0")
        if probe.error:
            names = [c.name for c in evaluator.components] + ["error"]
        else:
            names = [m.name for m in probe.metrics]
        self.metric_names = [n for n in names if n not in ("score", "acc", "pred")]


_lock = threading.Lock()
_by_ref = {}  # a spec reference as given (path, bundled name) -> _Entry
_by_path = {}  # the spec file's real path -> _Entry


def _entry(ref) -> _Entry:
    """The compiled spec for a reference: an _Entry, an Evaluator, a dict or JSON text, a
    path, or a bundled spec's name. Paths and names are compiled once per process."""
    if isinstance(ref, _Entry):
        return ref
    if isinstance(ref, rewardkit.Evaluator):
        return _Entry(ref)
    if isinstance(ref, (dict, bytes)) or (isinstance(ref, str) and ref.lstrip().startswith("{")):
        return _Entry(rewardkit.Evaluator(ref))
    key = os.fspath(ref)  # a relative path is resolved once, against the first call's directory
    entry = _by_ref.get(key)
    if entry is not None:
        return entry
    with _lock:
        entry = _by_ref.get(key)
        if entry is None:
            path = rewardkit._spec_path(key)
            real = os.path.realpath(path)
            entry = _by_path.get(real)
            if entry is None:
                entry = _by_path[real] = _Entry(rewardkit.Evaluator.from_file(path))
            _by_ref[key] = entry
    return entry


def _entry_for(fixed, data_source, extra_info) -> _Entry:
    if extra_info is not None and hasattr(extra_info, "get"):
        override = extra_info.get("rewardkit_spec")
        if override:
            return _entry(override)
    if fixed is not None:
        return fixed
    env = os.environ.get("REWARDKIT_SPEC")
    if env:
        return _entry(env)
    return _entry(spec_for_data_source(data_source))


def _wants_dict(return_dict) -> bool:
    if return_dict is not None:
        return bool(return_dict)
    mode = os.environ.get("REWARDKIT_VERL_RETURN", "dict").strip().lower()
    if mode in ("", "dict"):
        return True
    if mode == "float":
        return False
    raise ValueError(f"REWARDKIT_VERL_RETURN={mode!r}: expected 'dict' or 'float'")


def _reference(ground_truth):
    # verl's BatchRewardManager gives None for a missing ground_truth: score it as an empty
    # reference (the spec's error score and an "error" metric), not as a crash of the batch.
    return "" if ground_truth is None else ground_truth


def _prompt(extra_info):
    """The question verl's data preprocessing keeps in extra_info, for group normalization."""
    if extra_info is not None and hasattr(extra_info, "get"):
        for key in ("prompt", "question"):
            value = extra_info.get(key)
            if isinstance(value, str):
                return value
    return None


def _result_dict(entry, r) -> dict:
    out = {"score": float(r.score), "acc": bool(r.correct), "pred": r.answer}
    values = r.metric_values
    for name in entry.metric_names:
        out[name] = float(values.get(name, 0.0))
    return out


def _score_one(entry, solution_str, ground_truth, extra_info, as_dict):
    ev = entry.evaluator
    prompt = _prompt(extra_info)
    reference = _reference(ground_truth)
    try:
        r = ev.score(solution_str, reference, prompt)
    except rewardkit.RewardkitError as e:
        if e.code != rewardkit.Status.INVALID_UTF8:
            raise
        # A str with a lone surrogate: rk_score refuses it, where a batch gives the item the
        # spec's error score and an "error" metric. Score it as a batch of one, not a crash.
        (r,) = ev.score_arrays([solution_str], [reference],
                               None if prompt is None else [prompt], return_results=True)
    return _result_dict(entry, r) if as_dict else r.score


def _per_item(values, n, what):
    if values is None or isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__"):
        return [values] * n
    if len(values) != n:
        raise ValueError(f"rewardkit.verl: {n} solution_strs but {len(values)} {what}")
    return list(values)


def _score_many(fixed, data_sources, solution_strs, ground_truths, extra_infos, as_dict):
    solution_strs = list(solution_strs)
    n = len(solution_strs)
    data_sources = _per_item(data_sources, n, "data_sources")
    ground_truths = _per_item(ground_truths, n, "ground_truths")
    extra_infos = _per_item(extra_infos, n, "extra_infos")
    groups = {}  # _Entry -> indices; one library call per spec
    for i in range(n):
        groups.setdefault(_entry_for(fixed, data_sources[i], extra_infos[i]), []).append(i)
    out = [None] * n
    for entry, indices in groups.items():
        responses = [solution_strs[i] for i in indices]
        references = [_reference(ground_truths[i]) for i in indices]
        prompts = [_prompt(extra_infos[i]) for i in indices]
        results = entry.evaluator.score_arrays(
            responses, references, None if None in prompts else prompts, return_results=as_dict)
        for i, r in zip(indices, results):
            out[i] = _result_dict(entry, r) if as_dict else r
    return out


def _is_batch(solution_str) -> bool:
    return not isinstance(solution_str, (str, bytes)) and hasattr(solution_str, "__len__")


def _compute(fixed, return_dict, data_source, solution_str, ground_truth, extra_info,
             data_sources, solution_strs, ground_truths, extra_infos):
    as_dict = _wants_dict(return_dict)
    if solution_strs is not None:
        return _score_many(fixed, data_sources if data_sources is not None else data_source,
                           solution_strs,
                           ground_truths if ground_truths is not None else ground_truth,
                           extra_infos if extra_infos is not None else extra_info, as_dict)
    if _is_batch(solution_str):
        return _score_many(fixed, data_source, solution_str, ground_truth, extra_info, as_dict)
    if solution_str is None:
        raise TypeError("compute_score: solution_str (or solution_strs) is required")
    entry = _entry_for(fixed, data_source, extra_info)
    return _score_one(entry, solution_str, ground_truth, extra_info, as_dict)


def compute_score(data_source=None, solution_str=None, ground_truth=None, extra_info=None, *,
                  data_sources=None, solution_strs=None, ground_truths=None, extra_infos=None,
                  return_dict=None, rewardkit_spec=None, **kwargs):
    """verl's reward function: scores solution_str against ground_truth.

    Returns {"score", "acc", "pred", <each metric>} or, with return_dict=False or
    REWARDKIT_VERL_RETURN=float, the score. Given lists (solution_strs=..., or a list as
    solution_str), returns a list, scoring the batch in one library call per spec.
    rewardkit_spec (a path or bundled name) fixes the spec, e.g. from
    custom_reward_function.reward_kwargs. Other keyword arguments are ignored.
    """
    fixed = _entry(rewardkit_spec) if rewardkit_spec else None
    return _compute(fixed, return_dict, data_source, solution_str, ground_truth, extra_info,
                    data_sources, solution_strs, ground_truths, extra_infos)


def make_compute_score(spec=None, return_dict=True):
    """A compute_score bound to `spec` (a path, a bundled name, a dict, JSON text or an
    Evaluator; None to choose by data_source), returning dicts or, with return_dict=False,
    floats. The spec is compiled now, so a bad one fails here rather than mid-training."""
    fixed = _entry(spec) if spec is not None else None

    def compute_score(data_source=None, solution_str=None, ground_truth=None, extra_info=None,
                      *, data_sources=None, solution_strs=None, ground_truths=None,
                      extra_infos=None, return_dict=return_dict, **kwargs):
        return _compute(fixed, return_dict, data_source, solution_str, ground_truth, extra_info,
                        data_sources, solution_strs, ground_truths, extra_infos)

    compute_score.__doc__ = globals()["compute_score"].__doc__
    return compute_score
