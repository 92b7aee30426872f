# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Finds and loads librewardkit_c, and declares the C ABI (rewardkit/rk.h) to ctypes.

Private: the public API is in rewardkit/__init__.py. Every function used is declared with
its argtypes and restype, so ctypes converts arguments instead of guessing (a guessed
size_t or pointer is truncated to a C int on 64-bit platforms).
"""

import ctypes
import ctypes.util
import glob
import os
import sys

# The ABI this package is written against: RK_ABI_VERSION in rk.h, the library's SOVERSION.
ABI_VERSION = 1

c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_double = ctypes.c_double
c_int = ctypes.c_int
c_bool = ctypes.c_bool
c_uint32 = ctypes.c_uint32
c_status = ctypes.c_int32  # rk_status
POINTER = ctypes.POINTER


class Sample(ctypes.Structure):
    """struct rk_sample. Assigning bytes to a c_char_p field points at the bytes object's
    own buffer (no copy) and keeps it alive as long as the field holds it."""

    _fields_ = [
        ("version", c_uint32),
        ("response", c_char_p),
        ("response_len", c_size_t),
        ("reference", c_char_p),
        ("reference_len", c_size_t),
        ("prompt", c_char_p),
        ("prompt_len", c_size_t),
        ("metadata", c_char_p),
        ("metadata_len", c_size_t),
    ]


SAMPLE_VERSION = 1  # RK_SAMPLE_VERSION
BATCH_JSON_LINES = 1  # RK_BATCH_JSON_LINES
BATCH_EXPLAIN = 2  # RK_BATCH_EXPLAIN
BATCH_SPEC_HASH = 4  # RK_BATCH_SPEC_HASH
BATCH_SCORES_ONLY = 16  # RK_BATCH_SCORES_ONLY
BATCH_NO_RESULTS = 32  # RK_BATCH_NO_RESULTS
METRIC_REWARD = 1  # RK_METRIC_REWARD
METRIC_METRIC = 2  # RK_METRIC_METRIC
NORMALIZATIONS = {0: "none", 1: "batch", 2: "group"}  # RK_NORMALIZE_*

# name: (restype, argtypes). Strings come back as c_void_p, read with ctypes.string_at and
# their length, so that embedded NULs survive and no NUL scan is needed.
_PROTOTYPES = {
    "rk_status_name": (c_char_p, [c_status]),
    "rk_version_number": (c_int, []),
    "rk_version_string": (c_char_p, []),
    "rk_abi_version": (c_int, []),
    "rk_error_code": (c_status, [c_void_p]),
    "rk_error_message": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_error_free": (None, [c_void_p]),
    "rk_evaluator_create": (c_status, [c_char_p, c_size_t, POINTER(c_void_p), POINTER(c_void_p)]),
    "rk_evaluator_free": (None, [c_void_p]),
    "rk_evaluator_name": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_evaluator_spec_hash": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_evaluator_component_count": (c_size_t, [c_void_p]),
    "rk_evaluator_component": (
        c_status,
        [c_void_p, c_size_t, POINTER(c_void_p), POINTER(c_size_t), POINTER(c_void_p),
         POINTER(c_size_t), POINTER(c_double), POINTER(c_bool)],
    ),
    "rk_evaluator_normalization": (c_int, [c_void_p]),
    "rk_context_create": (c_status, [POINTER(c_void_p), POINTER(c_void_p)]),
    "rk_context_free": (None, [c_void_p]),
    "rk_result_create": (c_status, [POINTER(c_void_p), POINTER(c_void_p)]),
    "rk_result_free": (None, [c_void_p]),
    "rk_buffer_create": (c_status, [POINTER(c_void_p), POINTER(c_void_p)]),
    "rk_buffer_free": (None, [c_void_p]),
    "rk_buffer_data": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_score": (c_status, [c_void_p, c_void_p, POINTER(Sample), c_void_p, POINTER(c_void_p)]),
    "rk_result_score": (c_double, [c_void_p]),
    "rk_result_id": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_result_error": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_result_metric_count": (c_size_t, [c_void_p]),
    "rk_result_metric_name": (c_void_p, [c_void_p, c_size_t, POINTER(c_size_t)]),
    "rk_result_metric_value": (c_double, [c_void_p, c_size_t]),
    "rk_result_metric_type": (c_int, [c_void_p, c_size_t]),
    "rk_result_answer_found": (c_bool, [c_void_p]),
    "rk_result_answer": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "rk_result_correct": (c_bool, [c_void_p]),
    "rk_score_batch_json": (
        c_status, [c_void_p, c_void_p, c_char_p, c_size_t, c_uint32, c_void_p, POINTER(c_void_p)]
    ),
    "rk_score_arrays": (
        c_status,
        [c_void_p, c_void_p, c_size_t,
         POINTER(c_char_p), POINTER(c_size_t),
         POINTER(c_char_p), POINTER(c_size_t),
         POINTER(c_char_p), POINTER(c_size_t),
         POINTER(c_double), POINTER(c_status), POINTER(c_void_p)],
    ),
    "rk_result_json": (c_status, [c_void_p, c_uint32, c_void_p, POINTER(c_void_p)]),
    "rk_context_batch_count": (c_size_t, [c_void_p]),
    "rk_context_batch_result": (c_void_p, [c_void_p, c_size_t]),
    "rk_context_batch_json": (c_status, [c_void_p, c_uint32, c_void_p, POINTER(c_void_p)]),
}


def _library_names():
    """The file names a built or installed library may have next to the package."""
    if sys.platform == "darwin":
        return [f"librewardkit_c.{ABI_VERSION}.dylib", "librewardkit_c.dylib"]
    if sys.platform == "win32":
        return ["rewardkit_c.dll"]
    # The soname first, then the development link, then any fully versioned file.
    return [f"librewardkit_c.so.{ABI_VERSION}", "librewardkit_c.so", "librewardkit_c.so.*"]


# The calls that do real work: ctypes releases the GIL around them, so that threads score in
# parallel. Every other function (accessors, create and free, writing results as JSON) takes
# well under a microsecond per sample, and is called through PyDLL, which keeps the GIL:
# releasing and retaking it would cost more than the call, and with several threads turn every
# accessor into a GIL handoff.
_RELEASE_GIL = frozenset({"rk_evaluator_create", "rk_score", "rk_score_batch_json",
                          "rk_score_arrays"})


def _declare(lib, path):
    holding = ctypes.PyDLL(path, handle=lib._handle) if isinstance(lib, ctypes.CDLL) else lib
    missing = []
    for name, (restype, argtypes) in _PROTOTYPES.items():
        try:
            fn = getattr(lib if name in _RELEASE_GIL else holding, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
        setattr(lib, name, fn)
    if "rk_abi_version" in missing:
        raise ImportError(f"rewardkit: {path} is not librewardkit_c (it has no rk_abi_version)")
    abi = lib.rk_abi_version()
    if abi != ABI_VERSION:
        raise ImportError(
            f"rewardkit: {path} has C ABI version {abi}; this Python package needs "
            f"version {ABI_VERSION}. Point RK_LIBRARY at a matching librewardkit_c.so.{ABI_VERSION}"
        )
    if missing:
        raise ImportError(f"rewardkit: {path} lacks {', '.join(missing)}")
    return lib


def _load():
    """Returns (lib, how it was found). RK_LIBRARY, when set, is the only place looked at:
    a wrong path there is a mistake to report, not a reason to load some other library."""
    env = os.environ.get("RK_LIBRARY")
    if env:
        try:
            lib = ctypes.CDLL(env)
        except OSError as e:
            raise ImportError(f"rewardkit: cannot load RK_LIBRARY={env!r}: {e}") from e
        return _declare(lib, env), env

    tried = ["RK_LIBRARY: not set"]
    here = os.path.dirname(os.path.abspath(__file__))
    seen = set()
    for pattern in _library_names():
        for path in sorted(glob.glob(os.path.join(here, pattern))):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                tried.append(f"{path}: {e}")
                continue
            return _declare(lib, path), path
    if not seen:
        tried.append(f"{os.path.join(here, _library_names()[0])}: no such file")

    name = ctypes.util.find_library("rewardkit_c")
    if name:
        try:
            lib = ctypes.CDLL(name)
        except OSError as e:
            tried.append(f'ctypes.util.find_library("rewardkit_c") = {name!r}: {e}')
        else:
            return _declare(lib, name), name
    else:
        tried.append('ctypes.util.find_library("rewardkit_c"): not found')

    raise ImportError(
        "rewardkit: cannot find the C library librewardkit_c. Tried:\n  - "
        + "\n  - ".join(tried)
        + "\nBuild it (cmake --build build --target rk) and set "
        "RK_LIBRARY=/path/to/librewardkit_c.so, or install it where the linker finds it."
    )


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", c_char_p), ("dli_fbase", c_void_p),
                ("dli_sname", c_char_p), ("dli_saddr", c_void_p)]


def _file_of(lib, found_as):
    """The file the library was loaded from: dladdr on one of its functions, as
    find_library gives only a soname. None when the platform cannot say."""
    if os.sep in found_as:
        return os.path.realpath(found_as)
    try:
        dladdr = ctypes.CDLL(None).dladdr
        dladdr.restype = c_int
        dladdr.argtypes = [c_void_p, POINTER(_DlInfo)]
        info = _DlInfo()
        address = ctypes.cast(lib.rk_abi_version, c_void_p).value
        if dladdr(address, ctypes.byref(info)) and info.dli_fname:
            return os.path.realpath(os.fsdecode(info.dli_fname))
    except (OSError, AttributeError, TypeError):
        pass
    return None


lib, _found_as = _load()
library_file = _file_of(lib, _found_as)
