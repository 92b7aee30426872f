# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""What every test module needs before it imports rewardkit: the built library
(RK_LIBRARY, required: the tests fail loudly without it), the package on
sys.path, and the paths of the specs and data sets."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)  # capi/python
ROOT = os.path.dirname(os.path.dirname(PYTHON_DIR))
LIBRARY = os.environ.get("RK_LIBRARY", "")
if not os.path.isfile(LIBRARY):
    raise RuntimeError(
        f"RK_LIBRARY={LIBRARY!r} is not a file: set it to the built librewardkit_c.so "
        "(cmake --build build --target rk); these tests do not run without it")
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

SPECS_DIR = os.path.join(ROOT, "examples", "specs")
EXAMPLE_DATA = os.path.join(ROOT, "examples", "data")
SHARED_DATA = os.environ.get("RK_SHARED_DATA_DIR",
                             os.path.join(os.path.dirname(ROOT), "shared", "data"))


def shared_data(name):
    """The path of a file in ../shared/data; an error, not a skip, when it is missing."""
    path = os.path.join(SHARED_DATA, name)
    if not os.path.isfile(path):
        raise RuntimeError(f"{path} is missing: set RK_SHARED_DATA_DIR")
    return path
