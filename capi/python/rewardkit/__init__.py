# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""rewardkit: scores LLM responses for reinforcement fine-tuning.

A Python binding of rewardkit's C ABI (librewardkit_c, rewardkit/rk.h) through ctypes, with no
third-party dependency.

    import rewardkit

    ev = rewardkit.Evaluator.from_file("examples/specs/gsm8k.json")
    r = ev.score("9 * 2 = 18\\n#### 18", "18")
    r.score, r.correct, r.answer              # 1.0, True, '18'

    ev.score_arrays(["#### 18", "#### 17"], ["18", "18"])      # [1.0, 0.0]
    ev.score_batch([{"id": "a", "response": "#### 18", "reference_answer": "18"}])
    # [{'id': 'a', 'aggregate_reward_score': 1, 'metrics_list': [...]}]

An Evaluator is immutable and safe to share between threads; it keeps each thread's native
scratch state (context, result, buffer) in a threading.local. The scoring calls release the GIL
while the library works, so threads score in parallel.

The library is found through RK_LIBRARY (a file path), then a librewardkit_c.so* next to this
package, then ctypes.util.find_library("rewardkit_c"). See docs/python.md.
"""

import ctypes
import dataclasses
import enum
import json
import os
import threading
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple, Union

from rewardkit import _native

__all__ = [
    "Component",
    "Evaluator",
    "Metric",
    "RewardkitError",
    "ScoreResult",
    "Status",
    "abi_version",
    "bundled_spec",
    "library_file",
    "spec_dirs",
    "status_name",
    "version",
    "version_number",
]

_lib = _native.lib

#: The path of the loaded librewardkit_c, or None when the platform cannot say.
library_file: Optional[str] = _native.library_file


class Status(enum.IntEnum):
    """rk_status: 0-16 mirror absl::StatusCode; rewardkit's own codes start at 100."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16
    INVALID_UTF8 = 100
    INVALID_SPEC = 101
    INVALID_JSON = 102
    SAMPLE_ERROR = 103


def status_name(code: int) -> str:
    """The status code's name ("OK", "INVALID_SPEC", ...), "UNKNOWN" for a code the library
    does not know."""
    return _lib.rk_status_name(int(code)).decode("ascii")


def version() -> str:
    """The loaded library's version, "0.1.0"."""
    return _lib.rk_version_string().decode("ascii")


def version_number() -> int:
    """The loaded library's version as MAJOR * 10000 + MINOR * 100 + PATCH."""
    return _lib.rk_version_number()


def abi_version() -> int:
    """The loaded library's C ABI version (its SOVERSION)."""
    return _lib.rk_abi_version()


__version__ = version()


class RewardkitError(Exception):
    """An error from rewardkit: `code` (an int, see Status), `code_name` ("INVALID_SPEC") and
    `message` (for a spec, every bad field as a JSON Pointer, one per line)."""

    def __init__(self, code: int, code_name: str, message: str):
        super().__init__(code, code_name, message)
        self.code = code
        self.code_name = code_name
        self.message = message

    def __str__(self) -> str:
        return f"{self.code_name}: {self.message}"


class Component(NamedTuple):
    """One of a spec's components: its name, type ("correctness", "format", ...), weight, and
    whether it counts toward the score (reward) or is only reported."""

    name: str
    type: str
    weight: float
    reward: bool


class Metric(NamedTuple):
    """One metric of a result; type is "Reward" (counts toward the score) or "Metric"."""

    name: str
    value: float
    type: str


@dataclasses.dataclass
class ScoreResult:
    """What Evaluator.score returns.

    score: the reward (the spec's aggregate of its components).
    id: the sample's id from metadata, parsed from JSON (None when it had none).
    error: "" when the sample was scored; else why it could not be (it then has the spec's
        error score and an "error" metric of 1).
    metrics: one per component, then what components report besides, "error", ...
    answer, answer_found, correct: what the spec's first correctness component saw.
    """

    score: float
    id: Any
    error: str
    metrics: List[Metric]
    answer: str
    answer_found: bool
    correct: bool

    @property
    def components(self) -> dict:
        """name -> value of the metrics that count toward the score (type "Reward")."""
        return {m.name: m.value for m in self.metrics if m.type == "Reward"}

    @property
    def metric_values(self) -> dict:
        """name -> value of every metric."""
        return {m.name: m.value for m in self.metrics}


_metric = Metric._make  # from a tuple, without Metric()'s argument parsing


def _result(obj: dict) -> ScoreResult:
    """A ScoreResult from a result object of rk_result_json or rk_context_batch_json written
    with RK_BATCH_EXPLAIN: its "details" hold "error" for a sample that could not be scored,
    else answer_found, correct and, when an answer was found, the answer. JSON writes 1.0 as 1,
    so numbers are made floats. Positional arguments, in ScoreResult's field order: keywords
    cost twice as much, and this runs once per sample."""
    details = obj["details"]
    return ScoreResult(
        float(obj["aggregate_reward_score"]),
        obj["id"],
        details.get("error", ""),
        [_metric((m["name"], float(m["value"]), m["type"])) for m in obj["metrics_list"]],
        details.get("answer", ""),
        details.get("answer_found", False),
        details.get("correct", False),
    )


# json.loads without its type checks and its whitespace scans before and after the value, which
# the library's output (no space around the value) does not need: about 1 µs of the 3.5 µs that
# json.loads takes on a single result.
_json_value = json.JSONDecoder().raw_decode


def _explained(write, source, s: "_Scratch"):
    """Writes `source` with `write` (rk_result_json or rk_context_batch_json) and
    RK_BATCH_EXPLAIN into the thread's buffer, and returns it parsed: everything a result holds
    in one native call, where reading it field by field costs three calls per metric and seven
    more per result."""
    status = write(source, _native.BATCH_EXPLAIN, s.buffer, s.perr)
    if status:
        _raise(status, s.err)
    data = _lib.rk_buffer_data(s.buffer, s.psize)
    return _json_value(ctypes.string_at(data, s.size.value).decode("utf-8"))[0]


def _text(ptr, size) -> str:
    return ctypes.string_at(ptr, size.value).decode("utf-8") if ptr else ""


def _raise(status: int, err: ctypes.c_void_p, context: str = ""):
    """Turns a failed call's status and rk_error into a RewardkitError, freeing the error."""
    if err.value:
        code = _lib.rk_error_code(err)
        size = ctypes.c_size_t()
        message = _text(_lib.rk_error_message(err, ctypes.byref(size)), size)
        _lib.rk_error_free(err)
        err.value = None
    else:
        code, message = status, "(the library gave no message)"
    if context:
        message = f"{context}: {message}"
    raise RewardkitError(_status(code), status_name(code), message)


def _utf8(value: str, what: str) -> bytes:
    """Encodes a str argument strictly: a lone surrogate is INVALID_UTF8, as invalid bytes are."""
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise RewardkitError(
            Status.INVALID_UTF8, "INVALID_UTF8",
            f"{what}: the str is not encodable as UTF-8 ({e.reason} {value[e.start:e.end]!r} "
            f"at index {e.start})",
        ) from None


def _arg(value, what: str) -> bytes:
    """A text argument as UTF-8 bytes: str is encoded, bytes-like passed as is, and a number
    (a reference such as 18) written as its decimal text."""
    if isinstance(value, str):
        return _utf8(value, what)
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return _number_text(value, what).encode("utf-8")


def _number_text(value, what: str) -> str:
    if hasattr(value, "item") and not isinstance(value, (int, float)):
        value = value.item()  # a numpy scalar
        if isinstance(value, str):
            return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"{what}: expected str, bytes or a number, got {type(value).__name__}")


def _batch_item(value, what: str) -> bytes:
    """Like _arg, but a str that cannot be encoded becomes bytes the library rejects as invalid
    UTF-8, so that one bad item gets its own INVALID_UTF8 status instead of failing the batch."""
    if type(value) is str:
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, str):
        return str.encode(value, "utf-8", "surrogatepass")
    return _arg(value, what)


def _batch_items(values, what: str) -> List[bytes]:
    return [x.encode("utf-8", "surrogatepass") if type(x) is str else _batch_item(x, what)
            for x in values]


def _json_default(value):
    """json.dumps' fallback for numpy scalars and arrays (what datasets and verl hand over)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode(
        "utf-8", "surrogatepass")


class _Scratch:
    """One thread's native context, result and buffer, plus a reusable rk_sample."""

    __slots__ = ("context", "result", "buffer", "sample", "err", "perr", "size", "psize")

    # Bound here so that __del__ still finds them while the interpreter shuts down.
    _context_free = _lib.rk_context_free
    _result_free = _lib.rk_result_free
    _buffer_free = _lib.rk_buffer_free

    def __init__(self):
        self.context = self.result = self.buffer = None
        self.err = ctypes.c_void_p()
        self.perr = ctypes.byref(self.err)
        self.size = ctypes.c_size_t()
        self.psize = ctypes.byref(self.size)
        self.sample = _native.Sample()
        # Set one by one, so that if a create fails, __del__ frees those made before it.
        self.context = self._create(_lib.rk_context_create)
        self.result = self._create(_lib.rk_result_create)
        self.buffer = self._create(_lib.rk_buffer_create)

    def _create(self, create) -> ctypes.c_void_p:
        out = ctypes.c_void_p()
        status = create(ctypes.byref(out), ctypes.byref(self.err))
        if status:
            _raise(status, self.err)
        return out

    def _free(self):
        if self.context is not None:
            self._context_free(self.context)
            self.context = None
        if self.result is not None:
            self._result_free(self.result)
            self.result = None
        if self.buffer is not None:
            self._buffer_free(self.buffer)
            self.buffer = None

    def __del__(self):
        self._free()


def _spec_bytes(spec) -> Tuple[bytes, str]:
    """The spec's JSON text and a label for error messages."""
    if isinstance(spec, dict):
        return _dumps(spec), "spec"
    if isinstance(spec, str):
        return _utf8(spec, "spec"), "spec"
    if isinstance(spec, (bytes, bytearray, memoryview)):
        return bytes(spec), "spec"
    if isinstance(spec, os.PathLike):
        path = os.fspath(spec)
        with open(path, "rb") as f:
            return f.read(), os.fsdecode(path)
    raise TypeError(
        "Evaluator(spec): expected JSON text (str or bytes), a dict, or a path (os.PathLike), "
        f"got {type(spec).__name__}"
    )


class Evaluator:
    """A reward function compiled from a JSON spec (docs/spec.md).

    Immutable and safe to use from any number of threads at once: compile it once and share it.
    Each thread gets its own native scratch state, created on its first call.

    spec: JSON text (str or bytes), a dict, or a path (os.PathLike; or use from_file).
    Raises RewardkitError (code_name "INVALID_SPEC", the message naming every bad field as a
    JSON Pointer) when the spec does not compile.
    """

    _handle = None  # the rk_evaluator*, as a c_void_p; None once closed
    _evaluator_free = _lib.rk_evaluator_free

    def __init__(self, spec: Union[str, bytes, dict, "os.PathLike[str]"]):
        text, label = _spec_bytes(spec)
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = _lib.rk_evaluator_create(text, len(text), ctypes.byref(handle), ctypes.byref(err))
        if status:
            context = label if label != "spec" else ""
            if (isinstance(spec, str) and not spec.lstrip().startswith("{")
                    and os.path.isfile(spec)):
                context = (f"{spec!r} is read as JSON text, not as a path; pass a pathlib.Path "
                           "or use Evaluator.from_file")
            _raise(status, err, context)
        self._handle = handle
        self._spec = text
        self._local = threading.local()
        size = ctypes.c_size_t()
        self._name = _text(_lib.rk_evaluator_name(handle, ctypes.byref(size)), size)
        self._spec_hash = _text(_lib.rk_evaluator_spec_hash(handle, ctypes.byref(size)), size)
        self._components = self._read_components()
        self._normalization = _native.NORMALIZATIONS.get(
            _lib.rk_evaluator_normalization(handle), "unknown")

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Evaluator":
        """Compiles the spec in the file at `path`."""
        with open(path, "rb") as f:
            text = f.read()
        try:
            return cls(text)
        except RewardkitError as e:
            raise RewardkitError(e.code, e.code_name, f"{os.fsdecode(path)}: {e.message}") from None

    def _read_components(self) -> List[Component]:
        out = []
        name, type_ = ctypes.c_void_p(), ctypes.c_void_p()
        name_len, type_len = ctypes.c_size_t(), ctypes.c_size_t()
        weight, reward = ctypes.c_double(), ctypes.c_bool()
        for i in range(_lib.rk_evaluator_component_count(self._handle)):
            status = _lib.rk_evaluator_component(
                self._handle, i, ctypes.byref(name), ctypes.byref(name_len), ctypes.byref(type_),
                ctypes.byref(type_len), ctypes.byref(weight), ctypes.byref(reward))
            if status:
                raise RewardkitError(_status(status), status_name(status),
                                     f"rk_evaluator_component({i})")
            out.append(Component(_text(name.value, name_len), _text(type_.value, type_len),
                                 weight.value, reward.value))
        return out

    # -- properties ----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The spec's "name"."""
        return self._name

    @property
    def spec_hash(self) -> str:
        """The spec's canonical hash, 16 hex digits."""
        return self._spec_hash

    @property
    def normalization(self) -> str:
        """The spec's "normalize" method: "none", "batch" or "group". With anything but "none",
        a score depends on the rest of its batch (score_batch, score_arrays)."""
        return self._normalization

    @property
    def components(self) -> List[Component]:
        """The spec's components in spec order, as (name, type, weight, reward)."""
        return list(self._components)

    def __repr__(self) -> str:
        state = "" if self._handle is not None else ", closed"
        return f"Evaluator(name={self._name!r}, spec_hash={self._spec_hash!r}{state})"

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Frees the native evaluator. Call it only when no other thread is scoring with it;
        later calls raise ValueError. Idempotent."""
        self.__del__()
        self._local = threading.local()  # this thread's scratch goes now, others' with `self`

    def __del__(self):
        handle, self._handle = self._handle, None
        if handle is not None:
            self._evaluator_free(handle)

    def __enter__(self) -> "Evaluator":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __reduce__(self):
        # Pickled as its spec, recompiled on load (for multiprocessing and Ray workers).
        return (Evaluator, (self._spec,))

    def _state(self):
        handle = self._handle
        if handle is None:
            raise ValueError("the Evaluator is closed")
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = _Scratch()
        return handle, scratch

    # -- scoring -------------------------------------------------------------------------------

    def score(self, response, reference, prompt=None, metadata=None) -> ScoreResult:
        """Scores one response against its reference.

        response, reference, prompt: str (encoded as UTF-8; a lone surrogate raises
            RewardkitError INVALID_UTF8) or bytes (passed as is: invalid UTF-8 raises
            RewardkitError INVALID_UTF8). A number is accepted as a reference (18 -> "18").
        metadata: a dict or JSON text; rewardkit reads its "id", "group_id" and
            "response_tokens". Bad metadata raises RewardkitError INVALID_JSON.

        A sample the spec cannot score (an empty reference, ...) is not an exception: its
        result has the spec's error score and `error` says why.
        """
        handle, s = self._state()
        sample = s.sample
        response = _arg(response, "response")
        reference = _arg(reference, "reference")
        sample.version = _native.SAMPLE_VERSION
        sample.response, sample.response_len = response, len(response)
        sample.reference, sample.reference_len = reference, len(reference)
        if prompt is None:
            sample.prompt, sample.prompt_len = None, 0
        else:
            prompt = _arg(prompt, "prompt")
            sample.prompt, sample.prompt_len = prompt, len(prompt)
        if metadata is None:
            sample.metadata, sample.metadata_len = None, 0
        else:
            if isinstance(metadata, dict):
                metadata = _utf8(json.dumps(metadata, ensure_ascii=False,
                                            default=_json_default), "metadata")
            else:
                metadata = _arg(metadata, "metadata")
            sample.metadata, sample.metadata_len = metadata, len(metadata)
        status = _lib.rk_score(handle, s.context, ctypes.byref(sample), s.result, s.perr)
        # Drop the references the sample holds, so large responses do not outlive the call.
        sample.response = sample.reference = sample.prompt = sample.metadata = None
        if status:
            _raise(status, s.err)
        return _result(_explained(_lib.rk_result_json, s.result, s))

    def score_batch_json(self, batch, *, explain: bool = False, json_lines: bool = False,
                         spec_hash: bool = False) -> str:
        """Scores a batch given as the service sends it and returns the service's response,
        a JSON array text with one result per sample, in order, with its id.

        batch: JSON text (str or bytes): an array of samples in any shape of docs/input.md,
            or {"trajectories": [...]}, or with json_lines=True, JSON Lines. A list of sample
            dicts is accepted too (see score_batch).
        explain: add each result's "details" (answer, correct, ...).
        spec_hash: add each result's "spec_hash".

        One native call. A malformed sample gets its result (the spec's error score and an
        "error" metric) in its place; RewardkitError INVALID_JSON only when `batch` is not a
        batch at all.
        """
        return self._score_batch(batch, explain, json_lines, spec_hash).decode("utf-8")

    def score_batch(self, samples, *, explain: bool = False, json_lines: bool = False,
                    spec_hash: bool = False) -> List[dict]:
        """Like score_batch_json, with the results parsed: a list of dicts
        {"id", "aggregate_reward_score", "metrics_list": [{"name", "value", "type"}], ...}.

        samples: a list of sample dicts (serialized to one JSON array), or JSON text.
        """
        return json.loads(self._score_batch(samples, explain, json_lines, spec_hash))

    def _score_batch(self, samples, explain, json_lines, spec_hash) -> bytes:
        if isinstance(samples, str):
            text = samples.encode("utf-8", "surrogatepass")
        elif isinstance(samples, (bytes, bytearray, memoryview)):
            text = bytes(samples)
        elif isinstance(samples, (list, tuple)):
            text = _dumps(samples)
        elif isinstance(samples, dict):
            text = _dumps(samples)  # {"trajectories": [...]}
        else:
            try:
                text = _dumps(list(samples))
            except TypeError:
                raise TypeError("score_batch: expected a list of samples or JSON text, got "
                                f"{type(samples).__name__}") from None
        # Nothing reads a batch's verdict texts back unless it is explained,
        # nor its results: only the response is returned.
        flags = ((_native.BATCH_EXPLAIN if explain else _native.BATCH_SCORES_ONLY)
                 | _native.BATCH_NO_RESULTS
                 | (_native.BATCH_JSON_LINES if json_lines else 0)
                 | (_native.BATCH_SPEC_HASH if spec_hash else 0))
        handle, s = self._state()
        status = _lib.rk_score_batch_json(handle, s.context, text, len(text), flags, s.buffer,
                                          ctypes.byref(s.err))
        if status:
            _raise(status, s.err)
        data = _lib.rk_buffer_data(s.buffer, ctypes.byref(s.size))
        return ctypes.string_at(data, s.size.value)

    def score_arrays(self, responses: Sequence, references: Sequence,
                     prompts: Optional[Sequence] = None, *, return_statuses: bool = False,
                     return_results: bool = False):
        """Scores responses against references, given as parallel sequences, in one native
        call, and returns the scores (a list of floats).

        With prompts, the spec's group normalization groups responses by prompt. The spec's
        "normalize" applies across the arrays. An item that cannot be scored (invalid UTF-8,
        an empty reference) has the spec's error score.

        return_results: return a ScoreResult per item (metrics, answer, error, ...) instead
            of its score, read back from the context in one more native call.
        return_statuses: return (scores or results, statuses), each status a Status: OK,
            INVALID_UTF8 or SAMPLE_ERROR.
        """
        n = len(responses)
        if len(references) != n:
            raise ValueError(f"score_arrays: {n} responses but {len(references)} references")
        if prompts is not None and len(prompts) != n:
            raise ValueError(f"score_arrays: {n} responses but {len(prompts)} prompts")
        handle, s = self._state()
        if n == 0:
            return ([], []) if return_statuses else []
        strings = ctypes.c_char_p * n
        sizes = ctypes.c_size_t * n
        resp = _batch_items(responses, "responses")
        refs = _batch_items(references, "references")
        args = [strings(*resp), sizes(*map(len, resp)), strings(*refs), sizes(*map(len, refs))]
        if prompts is None:
            args += [None, None]
        else:
            ps = _batch_items(prompts, "prompts")
            args += [strings(*ps), sizes(*map(len, ps))]
        scores = (ctypes.c_double * n)()
        statuses = (_native.c_status * n)() if return_statuses else None
        status = _lib.rk_score_arrays(handle, s.context, n, *args, scores, statuses,
                                      ctypes.byref(s.err))
        if status:
            _raise(status, s.err)
        if return_results:
            out = self._batch_results(s, n)
        else:
            out = scores[:]
        if return_statuses:
            return out, [_status(c) for c in statuses]
        return out

    @staticmethod
    def _batch_results(s: _Scratch, n: int) -> List[ScoreResult]:
        """The context's last batch, read back in one rk_context_batch_json call."""
        objs = _explained(_lib.rk_context_batch_json, s.context, s)
        if len(objs) != n:
            raise RewardkitError(Status.INTERNAL, "INTERNAL",
                                 f"rk_context_batch_json gave {len(objs)} results after a "
                                 f"batch of {n}")
        return [_result(obj) for obj in objs]


def _status(code: int):
    try:
        return Status(code)
    except ValueError:
        return code


# -- bundled specs -----------------------------------------------------------------------------


def spec_dirs() -> List[str]:
    """Where bundled specs (gsm8k.json, math.json, ...) are looked for, in order:
    $REWARDKIT_SPECS_DIR, the source tree's examples/specs, and <prefix>/share/rewardkit/specs
    beside the loaded library (<prefix>/lib/librewardkit_c.so)."""
    dirs = []
    env = os.environ.get("REWARDKIT_SPECS_DIR")
    if env:
        dirs.append(env)
    here = os.path.dirname(os.path.abspath(__file__))
    dirs.append(os.path.normpath(os.path.join(here, "..", "..", "..", "examples", "specs")))
    if library_file:
        dirs.append(os.path.normpath(os.path.join(os.path.dirname(library_file), "..", "share",
                                                  "rewardkit", "specs")))
    return dirs


def bundled_spec(name: str) -> str:
    """The path of the bundled spec `name` ("gsm8k" or "gsm8k.json"); FileNotFoundError
    naming every directory tried when there is none."""
    file = name if name.endswith(".json") else name + ".json"
    dirs = spec_dirs()
    for d in dirs:
        path = os.path.join(d, file)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        f"rewardkit: no bundled spec {file!r}; looked in " + ", ".join(dirs)
        + " (set REWARDKIT_SPECS_DIR to the directory holding it)")


def _spec_path(ref: str) -> str:
    """A spec reference as verl.py and trl.py take it: a bare name without ".json" ("gsm8k") is
    a bundled spec; anything else is a file path, relative to the working directory, and a bare
    "name.json" that is no file there is looked for among the bundled specs."""
    bare = os.sep not in ref and "/" not in ref
    if bare and not ref.endswith(".json"):
        return bundled_spec(ref)
    if os.path.isfile(ref):
        return ref
    if bare:
        return bundled_spec(ref)
    raise FileNotFoundError(f"rewardkit: no spec file {ref!r}")
