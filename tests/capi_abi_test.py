#!/usr/bin/env python3
# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""The shared library's ABI, read from the built file: what it exports, its
SONAME, and that the header and the library declare the same functions.

Run by ctest with RK_LIBRARY set to the built librewardkit_c.so."""

import os
import re
import subprocess
import unittest

HEADER = os.path.join("capi", "include", "rewardkit", "rk.h")
ALLOWED_INCLUDES = {"stdbool.h", "stddef.h", "stdint.h"}


def library():
    path = os.environ.get("RK_LIBRARY")
    if not path:
        raise RuntimeError("RK_LIBRARY is not set: run this test from ctest")
    return path


def dynamic_symbols(path):
    """(name, type) of every symbol the library defines in its dynamic table."""
    out = subprocess.run(["nm", "-D", "--defined-only", path], check=True,
                         capture_output=True, text=True).stdout
    symbols = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            symbols.append((parts[-1].split("@")[0], parts[-2]))
    return symbols


def header_functions():
    with open(HEADER, encoding="utf-8") as f:
        text = f.read()
    return set(re.findall(r"^RK_API\s[^;(]*?\b(rk_\w+)\s*\(", text, re.M))


def header_version(name):
    with open(HEADER, encoding="utf-8") as f:
        m = re.search(r"^#define %s (\d+)$" % name, f.read(), re.M)
    return int(m.group(1))


class ExportsTest(unittest.TestCase):
    def test_only_rk_symbols_are_exported(self):
        symbols = dynamic_symbols(library())
        self.assertGreater(len(symbols), 20)
        abi = header_version("RK_ABI_VERSION")
        # The version script's node (an absolute symbol) is the one other name.
        others = [s for s, kind in symbols if not s.startswith("rk_")
                  and not (s == "RK_%d" % abi and kind == "A")]
        self.assertEqual(others, [], "symbols other than rk_* are exported")

    def test_exports_are_exactly_the_header_functions(self):
        exported = {s for s, kind in symbols_of_kind(library(), "T")}
        declared = header_functions()
        self.assertGreater(len(declared), 20)
        self.assertEqual(sorted(declared - exported), [], "declared but not exported")
        self.assertEqual(sorted(exported - declared), [], "exported but not declared")

    def test_symbols_carry_the_abi_version(self):
        out = subprocess.run(["nm", "-D", "--defined-only", "--with-symbol-versions",
                              library()], check=True, capture_output=True, text=True).stdout
        abi = header_version("RK_ABI_VERSION")
        versioned = [l for l in out.splitlines() if " rk_" in l]
        self.assertTrue(versioned)
        for line in versioned:
            self.assertIn("@@RK_%d" % abi, line)


def symbols_of_kind(path, kind):
    return [(s, k) for s, k in dynamic_symbols(path) if k == kind]


class SonameTest(unittest.TestCase):
    def test_soname_is_the_abi_version(self):
        out = subprocess.run(["readelf", "-d", library()], check=True, capture_output=True,
                             text=True).stdout
        m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
        self.assertIsNotNone(m, out)
        self.assertEqual(m.group(1), "librewardkit_c.so.%d" % header_version("RK_ABI_VERSION"))

    def test_no_undefined_symbols_of_our_own(self):
        out = subprocess.run(["nm", "-D", "--undefined-only", library()], check=True,
                             capture_output=True, text=True).stdout
        ours = [l for l in out.splitlines() if "rewardkit" in l or " rk_" in l]
        self.assertEqual(ours, [])


class HeaderTest(unittest.TestCase):
    def test_header_includes_only_the_three_standard_headers(self):
        with open(HEADER, encoding="utf-8") as f:
            includes = set(re.findall(r"^\s*#\s*include\s*[<\"]([^>\"]+)[>\"]", f.read(), re.M))
        self.assertEqual(includes, ALLOWED_INCLUDES)

    def test_header_version_matches_the_cxx_header(self):
        with open(os.path.join("include", "rewardkit", "version.h"), encoding="utf-8") as f:
            cxx = f.read()
        for name in ("RK_VERSION_MAJOR", "RK_VERSION_MINOR", "RK_VERSION_PATCH"):
            m = re.search(r"^#define %s (\d+)$" % name, cxx, re.M)
            self.assertEqual(int(m.group(1)), header_version(name), name)

    def test_status_codes_are_never_renumbered(self):
        # The numbers are the ABI: this list only ever grows.
        frozen = {"RK_OK": 0, "RK_INVALID_ARGUMENT": 3, "RK_RESOURCE_EXHAUSTED": 8,
                  "RK_OUT_OF_RANGE": 11, "RK_INTERNAL": 13, "RK_UNAUTHENTICATED": 16,
                  "RK_INVALID_UTF8": 100, "RK_INVALID_SPEC": 101, "RK_INVALID_JSON": 102,
                  "RK_SAMPLE_ERROR": 103, "RK_METRIC_REWARD": 1, "RK_METRIC_METRIC": 2,
                  "RK_SAMPLE_VERSION": 1, "RK_BATCH_JSON_LINES": 1, "RK_BATCH_EXPLAIN": 2,
                  "RK_BATCH_SPEC_HASH": 4, "RK_BATCH_PADDED": 8, "RK_BATCH_SCORES_ONLY": 16,
                  "RK_BATCH_NO_RESULTS": 32, "RK_NORMALIZE_NONE": 0,
                  "RK_NORMALIZE_BATCH": 1, "RK_NORMALIZE_GROUP": 2}
        with open(HEADER, encoding="utf-8") as f:
            text = f.read()
        for name, value in frozen.items():
            m = re.search(r"\b%s\s*=\s*(\d+)|#define %s (\d+)u?\b" % (name, name), text)
            self.assertIsNotNone(m, name)
            self.assertEqual(int(m.group(1) or m.group(2)), value, name)


if __name__ == "__main__":
    unittest.main()
